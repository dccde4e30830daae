//! The network document, version 1: parse, validate and write back.

use serde::{Deserialize, Serialize};

use super::network::Network;

/// An invalid network document: the field path (for example
/// `layers[1].weights[2]`) and what is expected there.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for DocumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DocumentError {}

/// The document as JSON holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {}

impl Network {
    /// Parses and validates a network document.
    pub fn from_json(text: &str) -> Result<Network, DocumentError> {
        todo!("{text}")
    }

    /// Writes the document with the current parameters, pretty-printed.
    pub fn to_json(&self) -> String {
        todo!()
    }
}
