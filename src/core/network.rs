//! The validated network: layers with their parameters, the loss, the
//! training settings and the samples.

use serde::{Deserialize, Serialize};

use super::activation::Activation;
use super::loss::Loss;
use super::matrix::Matrix;

/// One layer l >= 1: its activation, weights[j][k] = w_{j+1,k+1}^(l) and
/// biases[k] = b_{k+1}^(l).
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub activation: Activation,
    pub weights: Matrix,
    pub biases: Vec<f64>,
}

impl Layer {
    /// Returns the number of units of the previous layer.
    pub fn fan_in(&self) -> usize {
        self.weights.rows()
    }

    /// Returns the number of units of this layer.
    pub fn units(&self) -> usize {
        self.biases.len()
    }
}

/// One training example: the inputs x and the targets y.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
}

/// The scheme that draws the weights and biases a document leaves out, and
/// every parameter on [`Network::reseed`]. Its variants are named as in the
/// network document (`uniform`, `xavier`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Initialiser {
    /// Weights and biases uniform on [-1, 1); the default.
    #[default]
    Uniform,
    /// Xavier/Glorot uniform: weights on [-r, r) with
    /// r = sqrt(6 / (fan_in + fan_out)), biases 0.
    Xavier,
}

impl Initialiser {
    pub const ALL: [Initialiser; 2] = [Initialiser::Uniform, Initialiser::Xavier];

    /// Returns the name used in the network document.
    pub fn name(self) -> &'static str {
        match self {
            Initialiser::Uniform => "uniform",
            Initialiser::Xavier => "xavier",
        }
    }
}

/// A network with everything needed to train it. Every field has been
/// validated: shapes agree, numbers are finite, the learning rate is positive.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub inputs: usize,
    pub layers: Vec<Layer>,
    pub loss: Loss,
    pub learning_rate: f64,
    pub train_biases: bool,
    pub samples: Vec<Sample>,
    /// Mini-batch size; `None` trains full-batch.
    pub batch_size: Option<usize>,
    /// The seed of the initial parameters and of the mini-batch order.
    pub seed: Option<u64>,
    pub initialiser: Initialiser,
}

impl Network {
    /// Returns the unit counts of layers 0..=L, inputs first.
    pub fn layer_sizes(&self) -> Vec<usize> {
        std::iter::once(self.inputs)
            .chain(self.layers.iter().map(Layer::units))
            .collect()
    }

    /// Returns the number of units in the output layer L.
    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, Layer::units)
    }

    /// Returns the number of weights and biases.
    pub fn parameter_count(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.fan_in() * l.units() + l.units())
            .sum()
    }
}
