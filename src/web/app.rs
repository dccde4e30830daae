//! The page: draws a session into the page's elements and handles controls.

use wasm_bindgen::prelude::*;

/// The tutorial page mounted on the page's landmark elements.
#[wasm_bindgen]
pub struct App {}
