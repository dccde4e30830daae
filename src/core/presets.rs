//! The built-in lessons.

use super::document::DocumentError;
use super::network::Network;

/// The preset names, in the order a picker lists them; the first is the
/// default lesson.
pub const PRESET_NAMES: [&str; 4] = ["2-3-1", "single-neuron", "xor", "mazur-2-2-2"];

/// Builds the named preset; an unknown name is an error that lists the names.
pub fn preset(name: &str) -> Result<Network, DocumentError> {
    todo!("{name}")
}
