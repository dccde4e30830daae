//! dL/dw and dL/db of every parameter, shaped like the network's layers.

use super::matrix::Matrix;
use super::network::Network;

/// The partial derivatives of one layer's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerGradient {
    /// dl_dw.get(j, k) = dL/dw_{j+1,k+1}^(l)
    pub dl_dw: Matrix,
    /// dl_db[k] = dL/db_{k+1}^(l)
    pub dl_db: Vec<f64>,
}

/// The gradient of the loss, indexed by layer l - 1 like `Network::layers`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gradient {
    pub layers: Vec<LayerGradient>,
}

impl Gradient {
    pub fn zeros(network: &Network) -> Gradient {
        let layers = network
            .layers
            .iter()
            .map(|layer| LayerGradient {
                dl_dw: Matrix::zeros(layer.fan_in(), layer.units()),
                dl_db: vec![0.0; layer.units()],
            })
            .collect();
        Gradient { layers }
    }

    pub fn fill(&mut self, value: f64) {
        for layer in &mut self.layers {
            layer.dl_dw.fill(value);
            layer.dl_db.fill(value);
        }
    }

    /// Adds `scale * other` to this gradient (same shape).
    pub fn add_scaled(&mut self, other: &Gradient, scale: f64) {
        for (mine, theirs) in self.layers.iter_mut().zip(&other.layers) {
            for (m, t) in mine
                .dl_dw
                .as_mut_slice()
                .iter_mut()
                .zip(theirs.dl_dw.as_slice())
            {
                *m += scale * t;
            }
            for (m, t) in mine.dl_db.iter_mut().zip(&theirs.dl_db) {
                *m += scale * t;
            }
        }
    }

    /// Collects every component into one vector, layer by layer from layer
    /// 1: each layer's weights row by row (w_{1,1}, w_{1,2}, ..., w_{2,1},
    /// ...), then its biases b_1, b_2, ...
    pub fn to_vector(&self) -> Vec<f64> {
        let mut vector = Vec::new();
        for layer in &self.layers {
            vector.extend_from_slice(layer.dl_dw.as_slice());
            vector.extend_from_slice(&layer.dl_db);
        }
        vector
    }
}
