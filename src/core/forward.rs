//! The forward pass: z and a of every unit for one sample.

use super::network::Network;

/// z and a of every unit of one forward pass, indexed by layer l = 0..=L and
/// unit k (0-based). Layer 0 contains the inputs: a[0] = x and z[0] is empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ForwardTrace {
    pub z: Vec<Vec<f64>>,
    pub a: Vec<Vec<f64>>,
}

impl ForwardTrace {
    /// Creates a trace with room for `network`, so that later passes do not allocate.
    pub fn for_network(network: &Network) -> ForwardTrace {
        let sizes = network.layer_sizes();
        let mut z: Vec<Vec<f64>> = sizes.iter().map(|&n| vec![0.0; n]).collect();
        z[0].clear();
        let a = sizes.iter().map(|&n| vec![0.0; n]).collect();
        ForwardTrace { z, a }
    }

    /// Returns the activations of the output layer L.
    pub fn output(&self) -> &[f64] {
        self.a.last().map_or(&[], Vec::as_slice)
    }
}

/// Runs the forward pass on inputs `x` and returns the trace.
pub fn forward(network: &Network, x: &[f64]) -> ForwardTrace {
    let mut trace = ForwardTrace::for_network(network);
    forward_into(network, x, &mut trace);
    trace
}

/// Runs the forward pass into a trace made by `ForwardTrace::for_network`.
pub fn forward_into(network: &Network, x: &[f64], trace: &mut ForwardTrace) {
    trace.a[0].copy_from_slice(x);

    for (index, layer) in network.layers.iter().enumerate() {
        let l = index + 1;
        let (previous, current) = trace.a.split_at_mut(l);
        let a_previous = &previous[l - 1];
        let z = &mut trace.z[l];
        let a = &mut current[0];

        // z_k = sum_j w_{j,k} a_j + b_k
        z.copy_from_slice(&layer.biases);
        for (j, &a_j) in a_previous.iter().enumerate() {
            for (z_k, &w_jk) in z.iter_mut().zip(layer.weights.row(j)) {
                *z_k += w_jk * a_j;
            }
        }

        // a_k = f(z_k)
        for (a_k, &z_k) in a.iter_mut().zip(z.iter()) {
            *a_k = layer.activation.value(z_k);
        }
    }
}
