//! The JavaScript bindings and the page (wasm32 only).

mod app;
mod session;

pub use app::App;
pub use session::Session;
