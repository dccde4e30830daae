//! Seeded initialisation of the weights and biases.
//!
//! The draws come from [`SeededRng`] in a fixed order: layer 1 to L, each
//! layer's weights row by row (w_{1,1}, w_{1,2}, ..., w_{2,1}, ...), then its
//! biases when the initialiser draws them. Only u64 arithmetic and one
//! multiply-add per value are involved, so a seed gives bit-identical
//! parameters natively and in wasm.
//!
//! - `uniform`: every weight and every bias is drawn from [-1, 1).
//! - `xavier` (Glorot and Bengio, 2010, uniform variant): the weights of a
//!   layer with fan_in inputs and fan_out units are drawn from [-r, r) with
//!   r = sqrt(6 / (fan_in + fan_out)); biases start at 0, the usual choice
//!   with this scheme, because the random weights already break the symmetry.

use super::matrix::Matrix;
use super::network::{Initialiser, Network};
use super::rng::SeededRng;

/// The initial weights and biases of one layer.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerParameters {
    pub weights: Matrix,
    pub biases: Vec<f64>,
}

/// Draws the parameters of every layer from `seed`. `sizes` contains the
/// unit counts of layers 0..=L, inputs first, like [`Network::layer_sizes`].
pub fn draw_parameters(
    sizes: &[usize],
    initialiser: Initialiser,
    seed: u64,
) -> Vec<LayerParameters> {
    let mut rng = SeededRng::new(seed);
    let mut layers = Vec::with_capacity(sizes.len().saturating_sub(1));

    for pair in sizes.windows(2) {
        let (fan_in, fan_out) = (pair[0], pair[1]);
        let limit = match initialiser {
            Initialiser::Uniform => 1.0,
            Initialiser::Xavier => (6.0 / (fan_in + fan_out) as f64).sqrt(),
        };

        let mut weights = Matrix::zeros(fan_in, fan_out);
        for w in weights.as_mut_slice() {
            *w = rng.uniform(-limit, limit);
        }

        let biases = match initialiser {
            Initialiser::Uniform => (0..fan_out).map(|_| rng.uniform(-1.0, 1.0)).collect(),
            Initialiser::Xavier => vec![0.0; fan_out],
        };

        layers.push(LayerParameters { weights, biases });
    }
    layers
}

impl Network {
    /// Replaces every weight and bias with values drawn from `seed` by the
    /// network's initialiser, and records the seed. The mini-batch order of
    /// a `Workspace` made after this call follows the new seed too.
    pub fn reseed(&mut self, seed: u64) {
        let drawn = draw_parameters(&self.layer_sizes(), self.initialiser, seed);
        for (layer, parameters) in self.layers.iter_mut().zip(drawn) {
            layer.weights = parameters.weights;
            layer.biases = parameters.biases;
        }
        self.seed = Some(seed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xavier_draw_within_glorot_limit() {
        let layers = draw_parameters(&[8, 8, 1], Initialiser::Xavier, 3);

        let limit_hidden = (6.0_f64 / 16.0).sqrt();
        assert!(layers[0]
            .weights
            .as_slice()
            .iter()
            .all(|w| w.abs() <= limit_hidden));
        let limit_output = (6.0_f64 / 9.0).sqrt();
        assert!(layers[1]
            .weights
            .as_slice()
            .iter()
            .all(|w| w.abs() <= limit_output));
    }

    #[test]
    fn same_seed_same_parameters() {
        let first = draw_parameters(&[3, 5, 2], Initialiser::Uniform, 99);
        let second = draw_parameters(&[3, 5, 2], Initialiser::Uniform, 99);
        assert_eq!(first, second);

        let other = draw_parameters(&[3, 5, 2], Initialiser::Uniform, 100);
        assert_ne!(first, other);
    }
}
