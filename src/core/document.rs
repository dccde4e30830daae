//! The network document, version 1: parse, validate and write back.
//!
//! A document is a JSON object with these fields:
//!
//! - `version` (optional): 1. Other values are rejected, so that a later
//!   format cannot be misread as this one. [`Network::to_json`] always
//!   writes `"version": 1`.
//! - `inputs`: the number of input units, 1 to [`MAX_UNITS`].
//! - `layers`: 1 to [`MAX_LAYERS`] layers with weights, each an object with
//!   `activation` (sigmoid, tanh, relu, leaky_relu, linear), `weights`
//!   (one row per unit of the previous layer, one column per unit of this
//!   layer, so `weights[j][k]` = w_{j+1,k+1}), `biases` (one per unit), and
//!   an optional `units`, the unit count. `units` is needed only when both
//!   `weights` and `biases` are left out; when given with them it must agree.
//! - `loss`: squared_error, half_squared_error, mse or binary_cross_entropy.
//! - `learning_rate`: a positive finite number.
//! - `train_biases` (optional, default true): false freezes the biases.
//! - `batch_size` (optional): mini-batch size, from 1 to the sample count.
//!   Without it every iteration is full-batch.
//! - `seed` (optional): a whole number from 0 to 2^53 - 1, the largest that
//!   JavaScript numbers hold exactly, so a document survives `JSON.parse` and
//!   `JSON.stringify` in a browser unchanged. It draws the weights and biases
//!   that the document leaves out and orders the mini-batches.
//! - `initialiser` (optional, default uniform): `uniform` or `xavier`; see
//!   [`super::init`].
//! - `samples`: 1 to [`MAX_SAMPLES`] objects `{"x": [...], "y": [...]}`
//!   with one x per input and one y per output unit.
//!
//! Unknown fields and fields repeated in one object are rejected. Every error
//! is a [`DocumentError`] that names the field path, such as
//! `layers[1].weights[2]` or `samples[0].y`, and states what is expected.

mod parse;
mod strict;
mod text;
mod validate;

use serde::{Deserialize, Serialize};

use super::activation::Activation;
use super::loss::Loss;
use super::network::{Initialiser, Network};

/// The only document version this build reads and writes.
pub const DOCUMENT_VERSION: u32 = 1;

/// The maximum number of layers with weights (layers 1..=L).
pub const MAX_LAYERS: usize = 8;

/// The maximum number of units in one layer, the input layer included.
pub const MAX_UNITS: usize = 64;

/// The maximum number of samples. It bounds the time of one full-batch
/// iteration, which `benches/train.rs` measured natively at about 0.6 ms
/// per 1,000 samples for a 2-8-8-1 network (machine in docs/benchmarks.md).
/// Wasm was not measured and is usually slower.
pub const MAX_SAMPLES: usize = 10_000;

/// The largest accepted seed, 2^53 - 1 (JavaScript's `Number.MAX_SAFE_INTEGER`).
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// An invalid network document: the field path (for example
/// `layers[1].weights[2]`, empty for the whole document) and a message that
/// states what is expected there.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentError {
    pub path: String,
    pub message: String,
}

impl DocumentError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> DocumentError {
        DocumentError {
            path: path.into(),
            message: message.into(),
        }
    }
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

/// The document as JSON contains it, before validation. Build a [`Network`]
/// from it with [`Network::from_document`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    pub inputs: usize,
    pub layers: Vec<LayerDocument>,
    pub loss: Loss,
    pub learning_rate: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub train_biases: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initialiser: Option<Initialiser>,
    pub samples: Vec<SampleDocument>,
}

/// One layer of a document; weights and biases may be left out when the
/// document has a seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerDocument {
    pub activation: Activation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<Vec<f64>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biases: Option<Vec<f64>>,
}

/// One sample of a document: inputs `x` and targets `y`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleDocument {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
}

impl Document {
    /// Parses JSON text into a document, checking field names and types but
    /// not shapes or ranges, which [`Network::from_document`] checks.
    pub fn from_json(text: &str) -> Result<Document, DocumentError> {
        parse::parse_document(text)
    }

    /// Writes the document as indented JSON with every row of numbers on
    /// one line.
    pub fn to_json(&self) -> String {
        text::to_pretty_json(self)
    }
}

impl Network {
    /// Parses and validates a network document.
    pub fn from_json(text: &str) -> Result<Network, DocumentError> {
        let document = Document::from_json(text)?;
        Network::from_document(&document)
    }

    /// Validates a document and builds the network, drawing from the seed
    /// any weights and biases that the document leaves out.
    pub fn from_document(document: &Document) -> Result<Network, DocumentError> {
        validate::build_network(document)
    }

    /// Returns the document of this network with its current parameters,
    /// written in full so that reading it back does not depend on the seed.
    pub fn to_document(&self) -> Document {
        let layers = self
            .layers
            .iter()
            .map(|layer| LayerDocument {
                activation: layer.activation,
                units: None,
                weights: Some(layer.weights.to_rows()),
                biases: Some(layer.biases.clone()),
            })
            .collect();

        let samples = self
            .samples
            .iter()
            .map(|sample| SampleDocument {
                x: sample.x.clone(),
                y: sample.y.clone(),
            })
            .collect();

        // The initialiser matters only for a seed (reseeding draws with it),
        // so the default is written only alongside one.
        let initialiser = if self.seed.is_some() || self.initialiser != Initialiser::default() {
            Some(self.initialiser)
        } else {
            None
        };

        Document {
            version: Some(DOCUMENT_VERSION),
            inputs: self.inputs,
            layers,
            loss: self.loss,
            learning_rate: self.learning_rate,
            train_biases: Some(self.train_biases),
            batch_size: self.batch_size,
            seed: self.seed,
            initialiser,
            samples,
        }
    }

    /// Writes the document with the current parameters as indented JSON.
    /// `Network::from_json(&network.to_json())` gives back an equal network
    /// as long as every parameter is finite, which validation and
    /// `train_step` maintain.
    pub fn to_json(&self) -> String {
        self.to_document().to_json()
    }
}
