//! Every value of one iteration, computed by the core at the iteration's
//! start, and the update that ends the iteration.
//!
//! The walkthrough reveals these values one term at a time; it never
//! computes a z, a or derivative itself.

use crate::core::train::{apply_update, averaged_gradient, batch_loss, mean_loss};
use crate::core::{
    backward_into, forward_into, BackwardTrace, ForwardTrace, Gradient, Network, Workspace,
};

use super::notation::{self, Expr};

/// The forward and backward pass of one sample.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleTrace {
    /// The sample's index in the network's samples.
    pub sample: usize,
    pub forward: ForwardTrace,
    pub backward: BackwardTrace,
    /// The sample's loss.
    pub loss: f64,
}

impl SampleTrace {
    /// Runs the core's forward and backward passes on sample `sample`.
    pub fn compute(network: &Network, sample: usize) -> SampleTrace {
        let mut trace = SampleTrace {
            sample,
            forward: ForwardTrace::for_network(network),
            backward: BackwardTrace::for_network(network),
            loss: 0.0,
        };
        trace.refill(network, sample);
        trace
    }

    /// Overwrites the trace with that of sample `sample`, reusing its
    /// buffers.
    fn refill(&mut self, network: &Network, sample: usize) {
        let data = &network.samples[sample];
        self.sample = sample;
        forward_into(network, &data.x, &mut self.forward);
        self.loss = network.loss.value(self.forward.output(), &data.y);
        backward_into(network, &self.forward, &data.y, &mut self.backward);
    }

    /// Names the first value that is not finite, if any.
    fn first_non_finite(&self) -> Option<String> {
        let sample = self.sample + 1;
        let unit_values = [
            ("z", &self.forward.z),
            ("a", &self.forward.a),
            ("dL/da", &self.backward.dl_da),
            ("da/dz", &self.backward.da_dz),
            ("delta", &self.backward.delta),
        ];
        for (name, layers) in unit_values {
            for (l, units) in layers.iter().enumerate() {
                if let Some(k) = units.iter().position(|v| !v.is_finite()) {
                    return Some(format!(
                        "{name} of unit {} of layer {l} for sample {sample}",
                        k + 1
                    ));
                }
            }
        }
        if !self.loss.is_finite() {
            return Some(format!("the loss of sample {sample}"));
        }
        None
    }
}

/// The values of one iteration at fixed parameters. Only the sample losses
/// and the averaged gradient are kept. A sample's full trace is recomputed by
/// [`SampleTrace::compute`] when it is shown, so that a document with
/// thousands of samples does not keep thousands of traces.
#[derive(Clone, Debug, PartialEq)]
pub struct IterationTrace {
    /// The samples of the iteration, by their index in the network's samples.
    pub order: Vec<usize>,
    /// The loss of each sample, in the order of `order`.
    pub sample_losses: Vec<f64>,
    /// The mean loss over the samples.
    pub mean_loss: f64,
    /// dL/dw and dL/db averaged over the samples.
    pub gradient: Gradient,
    /// The first value of the iteration that is not finite, if any.
    non_finite: Option<String>,
}

impl IterationTrace {
    /// Runs the core's forward and backward passes on every sample of
    /// `order` and the core's averaging of their gradients.
    pub fn compute(network: &Network, order: &[usize]) -> IterationTrace {
        let mut sample_losses = Vec::with_capacity(order.len());
        let mut non_finite = None;
        let mut trace = SampleTrace::compute(network, order[0]);
        for &index in order {
            trace.refill(network, index);
            if non_finite.is_none() {
                non_finite = trace.first_non_finite();
            }
            sample_losses.push(trace.loss);
        }

        let mut workspace = Workspace::for_network(network);
        let mean_loss = averaged_gradient(network, order, &mut workspace);
        IterationTrace {
            order: order.to_vec(),
            sample_losses,
            mean_loss,
            gradient: workspace.gradient,
            non_finite,
        }
    }

    /// Recomputes the trace of sample slot `slot` of the iteration.
    pub fn sample(&self, network: &Network, slot: usize) -> SampleTrace {
        SampleTrace::compute(network, self.order[slot])
    }

    /// Names the first value that is not finite, if any: the walkthrough
    /// never shows NaN or infinity.
    pub fn first_non_finite(&self) -> Option<String> {
        if let Some(quantity) = &self.non_finite {
            return Some(quantity.clone());
        }
        if !self.mean_loss.is_finite() {
            return Some("the mean loss".to_string());
        }
        let index = self
            .gradient
            .to_vector()
            .iter()
            .position(|v| !v.is_finite())?;
        let shapes = self
            .gradient
            .layers
            .iter()
            .map(|layer| (layer.dl_dw.rows(), layer.dl_dw.cols()));
        let symbol = parameter_exprs(shapes).nth(index)?;
        Some(format!("dL/d{}", symbol.text))
    }
}

/// Lists every weight and bias in the order of `Gradient::to_vector`:
/// layer by layer from layer 1, each layer's weights row by row
/// (w_{1,1}, w_{1,2}, ..., w_{2,1}, ...), then its biases.
pub fn parameters(network: &Network) -> Vec<f64> {
    let mut values = Vec::with_capacity(network.parameter_count());
    for layer in &network.layers {
        values.extend_from_slice(layer.weights.as_slice());
        values.extend_from_slice(&layer.biases);
    }
    values
}

/// Writes `values`, in the order of [`parameters`], into the network.
pub fn load_parameters(network: &mut Network, values: &[f64]) {
    let mut rest = values;
    for layer in &mut network.layers {
        let (weights, tail) = rest.split_at(layer.weights.as_slice().len());
        layer.weights.as_mut_slice().copy_from_slice(weights);
        let (biases, tail) = tail.split_at(layer.biases.len());
        layer.biases.copy_from_slice(biases);
        rest = tail;
    }
}

/// Lists the plain-text symbols of the parameters, in the order of
/// [`parameters`].
pub fn parameter_symbols(network: &Network) -> Vec<String> {
    parameter_exprs(layer_shapes(network))
        .map(|symbol| symbol.text)
        .collect()
}

/// Lists the `(fan_in, units)` shape of each layer l = 1..=L.
pub fn layer_shapes(network: &Network) -> impl Iterator<Item = (usize, usize)> + '_ {
    network
        .layers
        .iter()
        .map(|layer| (layer.fan_in(), layer.units()))
}

/// Lists the symbols of the parameters of layers with the given
/// `(fan_in, units)` shapes, in the order of [`parameters`]. The iterator
/// builds each symbol when it is reached, so taking the first few of a
/// large network is cheap.
pub fn parameter_exprs(
    shapes: impl IntoIterator<Item = (usize, usize)>,
) -> impl Iterator<Item = Expr> {
    shapes
        .into_iter()
        .enumerate()
        .flat_map(|(index, (fan_in, units))| {
            let l = index + 1;
            let weights =
                (0..fan_in).flat_map(move |j| (0..units).map(move |k| notation::w(l, j, k)));
            let biases = (0..units).map(move |k| notation::b(l, k));
            weights.chain(biases)
        })
}

/// The result of the update that ends an iteration.
#[derive(Clone, Debug, PartialEq)]
pub enum UpdateOutcome {
    /// Every parameter moved. `loss_after` is the mean loss over the
    /// iteration's samples at the new parameters, and `next` is the trace of
    /// the next iteration (over its own batch) at the new parameters.
    Applied {
        parameters: Vec<f64>,
        loss_after: f64,
        next: Box<IterationTrace>,
    },
    /// The update was not applied because it would make a parameter or a
    /// value of the next iteration non-finite. `reason` names the value and
    /// how to recover.
    Diverged { reason: String },
}

/// The update of one iteration: theta <- theta - alpha * dL/dtheta.
#[derive(Clone, Debug, PartialEq)]
pub struct Update {
    pub learning_rate: f64,
    /// The parameters before the update, in the order of [`parameters`].
    pub before: Vec<f64>,
    pub outcome: UpdateOutcome,
}

impl Update {
    /// Applies the core's update to a copy of `network` (whose parameters
    /// are those of the iteration's start) with the gradient of `trace`, and
    /// checks that the next iteration, over the samples `next_order`, stays
    /// finite.
    pub fn compute(
        network: &Network,
        trace: &IterationTrace,
        next_order: &[usize],
        learning_rate: f64,
    ) -> Update {
        let before = parameters(network);
        let fix = format!(
            "Lower the learning rate (it is {}) and take the step again, or reset.",
            super::format::text(learning_rate)
        );

        let mut updated = network.clone();
        updated.learning_rate = learning_rate;
        apply_update(&mut updated, &trace.gradient);
        let after = parameters(&updated);

        let outcome = if let Some(index) = after.iter().position(|v| !v.is_finite()) {
            let symbol = &parameter_symbols(network)[index];
            UpdateOutcome::Diverged {
                reason: format!(
                    "Training diverged: the update would make {symbol} non-finite. {fix}"
                ),
            }
        } else {
            let next = IterationTrace::compute(&updated, next_order);
            // Full-batch, the next iteration has the same samples, so its mean
            // loss is the loss after the update; a mini-batch needs its own.
            let loss_after = if next.order == trace.order {
                next.mean_loss
            } else {
                batch_loss(
                    &updated,
                    &trace.order,
                    &mut ForwardTrace::for_network(&updated),
                )
            };
            let non_finite = next.first_non_finite().or_else(|| {
                (!loss_after.is_finite())
                    .then(|| "the mean loss of this iteration's batch".to_string())
            });
            match non_finite {
                Some(quantity) => UpdateOutcome::Diverged {
                    reason: format!(
                        "Training diverged: after the update, {quantity} would be non-finite. {fix}"
                    ),
                },
                None => UpdateOutcome::Applied {
                    parameters: after,
                    loss_after,
                    next: Box::new(next),
                },
            }
        };

        Update {
            learning_rate,
            before,
            outcome,
        }
    }
}

/// Computes the mean loss over all samples at the network's parameters with
/// the core's `mean_loss`.
pub fn loss_at(network: &Network) -> f64 {
    mean_loss(network, &mut ForwardTrace::for_network(network))
}
