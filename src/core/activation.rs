//! Activation functions f(z), each with its derivative da/dz beside it.

use serde::{Deserialize, Serialize};

/// The slope of `leaky_relu` for z <= 0.
pub const LEAKY_SLOPE: f64 = 0.01;

/// An activation function of one layer, named as in the network document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
    Linear,
}

impl Activation {
    pub const ALL: [Activation; 5] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Linear,
    ];

    /// Returns the name used in the network document.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Linear => "linear",
        }
    }

    /// Computes a = f(z).
    pub fn value(self, z: f64) -> f64 {
        match self {
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => z.tanh(),
            Activation::Relu => z.max(0.0),
            Activation::LeakyRelu => {
                if z > 0.0 {
                    z
                } else {
                    LEAKY_SLOPE * z
                }
            }
            Activation::Linear => z,
        }
    }

    /// Computes da/dz = f'(z), given z and a = f(z).
    ///
    /// Sigmoid and tanh use the activation itself (a(1 - a) and 1 - a^2),
    /// which stays finite for any finite z. ReLU's derivative is 0 for z <= 0.
    pub fn da_dz(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if z > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
            Activation::Linear => 1.0,
        }
    }
}

/// The logistic function 1 / (1 + e^-z), evaluated without overflow:
/// e^-|z| never exceeds 1, so neither branch can produce infinity or NaN.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}
