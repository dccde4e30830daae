//! The `Session` class exported to JavaScript.

use wasm_bindgen::prelude::*;

/// A network, its training state and the step-by-step walkthrough.
#[wasm_bindgen]
pub struct Session {}
