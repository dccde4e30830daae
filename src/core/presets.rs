//! The built-in lessons, each written as a network document so that it goes
//! through the same parsing and validation as an imported one.

use super::document::DocumentError;
use super::network::Network;

/// The preset names, in the order a picker lists them; the first is the
/// default lesson.
pub const PRESET_NAMES: [&str; 4] = ["2-3-1", "single-neuron", "xor", "mazur-2-2-2"];

/// The default lesson: a 2-3-1 sigmoid network with squared-error loss on
/// one sample. The parameters are drawn from seed 1 (uniform on [-1, 1)), and
/// with learning rate 0.5 the loss falls from about 0.17 to about 0.014 over
/// 20 iterations.
const TWO_THREE_ONE: &str = r#"{
  "version": 1,
  "inputs": 2,
  "layers": [
    { "activation": "sigmoid", "units": 3 },
    { "activation": "sigmoid", "units": 1 }
  ],
  "loss": "squared_error",
  "learning_rate": 0.5,
  "seed": 1,
  "initialiser": "uniform",
  "samples": [ { "x": [0.5, 1.0], "y": [1.0] } ]
}"#;

/// One sigmoid neuron with two weights and a bias, chosen so that
/// z = 0.6 * 1.0 + (-0.4) * 0.5 + 0.1 = 0.5 can be followed by hand.
const SINGLE_NEURON: &str = r#"{
  "version": 1,
  "inputs": 2,
  "layers": [
    { "activation": "sigmoid", "weights": [[0.6], [-0.4]], "biases": [0.1] }
  ],
  "loss": "squared_error",
  "learning_rate": 0.5,
  "samples": [ { "x": [1.0, 0.5], "y": [1.0] } ]
}"#;

/// XOR, which no single layer can learn: a 2-3-1 sigmoid network on the four
/// input pairs. From seed 1 with learning rate 1 the loss falls below 0.01
/// after about 1,300 full-batch iterations.
const XOR: &str = r#"{
  "version": 1,
  "inputs": 2,
  "layers": [
    { "activation": "sigmoid", "units": 3 },
    { "activation": "sigmoid", "units": 1 }
  ],
  "loss": "squared_error",
  "learning_rate": 1.0,
  "seed": 1,
  "initialiser": "uniform",
  "samples": [
    { "x": [0.0, 0.0], "y": [0.0] },
    { "x": [0.0, 1.0], "y": [1.0] },
    { "x": [1.0, 0.0], "y": [1.0] },
    { "x": [1.0, 1.0], "y": [0.0] }
  ]
}"#;

/// Matt Mazur's step-by-step backpropagation example. His w1..w8 map to
/// weights[j][k] = w_{j+1,k+1}, from unit j to unit k, so w1 = 0.15 (input 1
/// to hidden 1) and w2 = 0.20 (input 2 to hidden 1) form the first column.
/// Mazur gives each layer one bias, so both units of a layer have the same
/// bias here, and the biases stay fixed while the weights train.
const MAZUR_2_2_2: &str = r#"{
  "version": 1,
  "inputs": 2,
  "layers": [
    { "activation": "sigmoid", "weights": [[0.15, 0.25], [0.20, 0.30]], "biases": [0.35, 0.35] },
    { "activation": "sigmoid", "weights": [[0.40, 0.50], [0.45, 0.55]], "biases": [0.60, 0.60] }
  ],
  "loss": "half_squared_error",
  "learning_rate": 0.5,
  "train_biases": false,
  "samples": [ { "x": [0.05, 0.10], "y": [0.01, 0.99] } ]
}"#;

/// Builds the named preset; an unknown name is an error that lists the names.
pub fn preset(name: &str) -> Result<Network, DocumentError> {
    Network::from_json(preset_json(name)?)
}

/// Returns the document text of the named preset, as written in this file.
pub fn preset_json(name: &str) -> Result<&'static str, DocumentError> {
    match name {
        "2-3-1" => Ok(TWO_THREE_ONE),
        "single-neuron" => Ok(SINGLE_NEURON),
        "xor" => Ok(XOR),
        "mazur-2-2-2" => Ok(MAZUR_2_2_2),
        other => Err(DocumentError::new(
            "preset",
            format!(
                "unknown preset `{other}`; expected one of {}",
                PRESET_NAMES.join(", ")
            ),
        )),
    }
}
