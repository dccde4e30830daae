//! The backward pass: dL/da, da/dz, delta = dL/dz, dL/dw and dL/db of every
//! unit and parameter for one sample, by the chain rule.

use super::forward::ForwardTrace;
use super::gradient::Gradient;
use super::network::Network;

/// The partial derivatives of one sample's loss, indexed like `ForwardTrace`
/// (layer l = 0..=L, unit k) for unit quantities; layer 0 stays empty.
/// `gradient` contains dL/dw and dL/db, indexed by layer l - 1.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackwardTrace {
    pub dl_da: Vec<Vec<f64>>,
    pub da_dz: Vec<Vec<f64>>,
    pub delta: Vec<Vec<f64>>,
    pub gradient: Gradient,
}

impl BackwardTrace {
    /// Creates a trace with room for `network`, so that later passes do not allocate.
    pub fn for_network(network: &Network) -> BackwardTrace {
        let units = || -> Vec<Vec<f64>> {
            let mut sizes = network.layer_sizes();
            sizes[0] = 0;
            sizes.iter().map(|&n| vec![0.0; n]).collect()
        };
        BackwardTrace {
            dl_da: units(),
            da_dz: units(),
            delta: units(),
            gradient: Gradient::zeros(network),
        }
    }
}

/// Runs the backward pass for targets `y` from a forward trace of the same
/// parameters and returns the trace.
pub fn backward(network: &Network, forward: &ForwardTrace, y: &[f64]) -> BackwardTrace {
    let mut trace = BackwardTrace::for_network(network);
    backward_into(network, forward, y, &mut trace);
    trace
}

/// Runs the backward pass into a trace made by `BackwardTrace::for_network`.
/// Every value is overwritten, so nothing accumulates from an earlier pass.
pub fn backward_into(
    network: &Network,
    forward: &ForwardTrace,
    y: &[f64],
    trace: &mut BackwardTrace,
) {
    let last = network.layers.len();

    // Output layer: dL/da_k comes from the loss.
    let outputs = forward.output();
    for (k, dl_da) in trace.dl_da[last].iter_mut().enumerate() {
        *dl_da = network.loss.dl_da(outputs[k], y[k], outputs.len());
    }

    for l in (1..=last).rev() {
        let layer = &network.layers[l - 1];

        // delta_k = dL/da_k * da_k/dz_k
        for k in 0..layer.units() {
            let da_dz = layer.activation.da_dz(forward.z[l][k], forward.a[l][k]);
            trace.da_dz[l][k] = da_dz;
            trace.delta[l][k] = trace.dl_da[l][k] * da_dz;
        }

        // dL/dw_{j,k} = delta_k * a_j^(l-1) and dL/db_k = delta_k
        let gradient = &mut trace.gradient.layers[l - 1];
        for j in 0..layer.fan_in() {
            for k in 0..layer.units() {
                gradient
                    .dl_dw
                    .set(j, k, trace.delta[l][k] * forward.a[l - 1][j]);
            }
        }
        gradient.dl_db.copy_from_slice(&trace.delta[l]);

        // A hidden unit j feeds every unit k of layer l, so its dL/da sums
        // over all of those paths: dL/da_j = sum_k w_{j,k} delta_k.
        if l > 1 {
            for j in 0..layer.fan_in() {
                let row = layer.weights.row(j);
                trace.dl_da[l - 1][j] = row.iter().zip(&trace.delta[l]).map(|(w, d)| w * d).sum();
            }
        }
    }
}
