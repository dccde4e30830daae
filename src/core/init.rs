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

    // Expected values come from a separate Python 3.11 implementation of
    // SplitMix64 and of the same draw order (integers printed exactly, the
    // floats with repr), so a platform difference in the generator or in the
    // u64 -> f64 conversion fails here.
    #[test]
    fn splitmix64_first_outputs_seed_0() {
        let mut rng = SeededRng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn splitmix64_first_outputs_seed_42() {
        let mut rng = SeededRng::new(42);
        assert_eq!(rng.next_u64(), 13_679_457_532_755_275_413);
        assert_eq!(rng.next_u64(), 2_949_826_092_126_892_291);
        assert_eq!(rng.next_u64(), 5_139_283_748_462_763_858);
    }

    // The Python for the draws below, with R the SplitMix64 port:
    //   lo + (hi - lo) * ((r.next_u64() >> 11) / 2.0**53), weights row by
    //   row, then the biases (uniform only), layer after layer.
    #[test]
    fn uniform_draw_seed_7_literal() {
        let layers = draw_parameters(&[2, 3, 1], Initialiser::Uniform, 7);

        assert_eq!(
            layers[0].weights.row(0),
            [
                -0.22034050321745702,
                -0.9664234109436878,
                0.8015213612137668
            ]
        );
        assert_eq!(
            layers[0].weights.row(1),
            [
                0.16586058605615617,
                -0.09511620997706327,
                -0.5011369554345133
            ]
        );
        assert_eq!(
            layers[0].biases,
            [
                -0.0640939915542531,
                -0.3438465216949942,
                -0.7314834023831027
            ]
        );
        assert_eq!(
            layers[1].weights.as_slice(),
            [
                -0.17371720516444134,
                -0.7928801053099763,
                0.9197481531461831
            ]
        );
        assert_eq!(layers[1].biases, [0.8360391702922647]);
    }

    #[test]
    fn xavier_draw_seed_7_literal() {
        let layers = draw_parameters(&[2, 3, 1], Initialiser::Xavier, 7);

        assert_eq!(
            layers[0].weights.row(0),
            [-0.2413709278884817, -1.0586638045498855, 0.8780226597180527]
        );
        assert_eq!(
            layers[0].weights.row(1),
            [
                0.18169116876796698,
                -0.10419458757767097,
                -0.5489680297818881
            ]
        );
        assert_eq!(layers[0].biases, [0.0, 0.0, 0.0]);
        assert_eq!(
            layers[1].weights.as_slice(),
            [
                -0.07849878744308736,
                -0.4211242639917808,
                -0.8958805455767751
            ]
        );
        assert_eq!(layers[1].biases, [0.0]);
    }

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
