//! Backprop Lab: an interactive, step-by-step tutorial of backpropagation.
//!
//! The crate is layered, and each layer depends only on the ones above it:
//! - [`core`]: the maths (pure Rust);
//! - [`walkthrough`]: the tutorial's steps as a state machine over the core;
//! - [`view`]: layout, colour scale and highlighting of the drawing (pure);
//! - `web` (wasm32 only): the `Session` class for JavaScript and the page.

pub mod core;
pub mod view;
pub mod walkthrough;

#[cfg(target_arch = "wasm32")]
pub mod web;
