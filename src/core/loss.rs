//! Loss functions of one sample over the output units k, each with dL/da_k.

use serde::{Deserialize, Serialize};

/// Activations are clamped to [EPSILON, 1 - EPSILON] inside cross-entropy, so
/// that a = 0 or a = 1 gives a large finite loss instead of infinity.
pub const CROSS_ENTROPY_EPSILON: f64 = 1e-12;

/// A per-sample loss, named as in the network document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// sum_k (a_k - y_k)^2
    SquaredError,
    /// 1/2 sum_k (a_k - y_k)^2
    HalfSquaredError,
    /// mean_k (a_k - y_k)^2
    Mse,
    /// -mean_k [y_k ln a_k + (1 - y_k) ln(1 - a_k)]
    BinaryCrossEntropy,
}

impl Loss {
    pub const ALL: [Loss; 4] = [
        Loss::SquaredError,
        Loss::HalfSquaredError,
        Loss::Mse,
        Loss::BinaryCrossEntropy,
    ];

    /// Returns the name used in the network document.
    pub fn name(self) -> &'static str {
        match self {
            Loss::SquaredError => "squared_error",
            Loss::HalfSquaredError => "half_squared_error",
            Loss::Mse => "mse",
            Loss::BinaryCrossEntropy => "binary_cross_entropy",
        }
    }

    /// Computes the loss of one sample from the output activations `a` and
    /// the targets `y` (same length).
    pub fn value(self, a: &[f64], y: &[f64]) -> f64 {
        debug_assert_eq!(a.len(), y.len());
        let n = a.len() as f64;
        let sum: f64 = a
            .iter()
            .zip(y)
            .map(|(&a, &y)| match self {
                Loss::SquaredError | Loss::HalfSquaredError | Loss::Mse => (a - y) * (a - y),
                Loss::BinaryCrossEntropy => {
                    let a = clamp_probability(a);
                    -(y * a.ln() + (1.0 - y) * (1.0 - a).ln())
                }
            })
            .sum();
        match self {
            Loss::SquaredError => sum,
            Loss::HalfSquaredError => 0.5 * sum,
            Loss::Mse | Loss::BinaryCrossEntropy => sum / n,
        }
    }

    /// Computes dL/da_k for one output unit, given its activation `a`, its
    /// target `y` and the number of output units `n`.
    pub fn dl_da(self, a: f64, y: f64, n: usize) -> f64 {
        let n = n as f64;
        match self {
            Loss::SquaredError => 2.0 * (a - y),
            Loss::HalfSquaredError => a - y,
            Loss::Mse => 2.0 * (a - y) / n,
            Loss::BinaryCrossEntropy => {
                let a = clamp_probability(a);
                (a - y) / (a * (1.0 - a)) / n
            }
        }
    }
}

fn clamp_probability(a: f64) -> f64 {
    a.clamp(CROSS_ENTROPY_EPSILON, 1.0 - CROSS_ENTROPY_EPSILON)
}
