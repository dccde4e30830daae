//! The view model of the drawing: layout, colour scale, highlighting and
//! number formatting. Pure Rust, so all of it runs under plain `cargo test`.

pub mod chart;
pub mod colour;
pub mod format;
pub mod frame;
pub mod layout;
pub mod measure;
pub mod notation;
pub mod svg;
pub mod table;
pub mod text;

pub use colour::{DivergingScale, Palette, Rgb, Sign};
pub use frame::{Frame, Marks};
pub use layout::{layout, Layout, Orientation};
pub use svg::{legend_markup, network_markup, Colouring};
