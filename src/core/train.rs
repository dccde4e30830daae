//! Gradient descent: the loss over the samples, the averaged gradient and the
//! simultaneous update theta <- theta - alpha * dL/dtheta.

use super::backward::{backward_into, BackwardTrace};
use super::forward::{forward_into, ForwardTrace};
use super::gradient::Gradient;
use super::network::Network;
use super::rng::SeededRng;

/// Buffers reused by every iteration, so that training does not allocate
/// after the first iteration.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub forward: ForwardTrace,
    pub backward: BackwardTrace,
    pub gradient: Gradient,
    order: Vec<usize>,
    rng: SeededRng,
    /// The next position in `order` of the current mini-batch epoch.
    cursor: usize,
}

impl Workspace {
    pub fn for_network(network: &Network) -> Workspace {
        let mut workspace = Workspace {
            forward: ForwardTrace::for_network(network),
            backward: BackwardTrace::for_network(network),
            gradient: Gradient::zeros(network),
            order: (0..network.samples.len()).collect(),
            rng: SeededRng::new(network.seed.unwrap_or(0)),
            cursor: 0,
        };
        if network.batch_size.is_some() {
            workspace.rng.shuffle(&mut workspace.order);
        }
        workspace
    }
}

/// The result of one training iteration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StepOutcome {
    /// The update was applied; `loss` is the mean loss before it, over the
    /// samples the iteration used.
    Updated { loss: f64 },
    /// The loss or an updated parameter was not finite. The parameters are
    /// left as they were before the iteration.
    Diverged { loss: f64 },
}

/// The mean loss over all samples at the current parameters.
pub fn mean_loss(network: &Network, forward: &mut ForwardTrace) -> f64 {
    let mut total = 0.0;
    for sample in &network.samples {
        forward_into(network, &sample.x, forward);
        total += network.loss.value(forward.output(), &sample.y);
    }
    total / network.samples.len() as f64
}

/// Computes the loss and the gradient averaged over the samples `indices`,
/// leaving the gradient in `workspace.gradient`; returns the mean loss.
pub fn averaged_gradient(network: &Network, indices: &[usize], workspace: &mut Workspace) -> f64 {
    workspace.gradient.fill(0.0);
    let scale = 1.0 / indices.len() as f64;
    let mut loss = 0.0;
    for &i in indices {
        let sample = &network.samples[i];
        forward_into(network, &sample.x, &mut workspace.forward);
        loss += network.loss.value(workspace.forward.output(), &sample.y);
        backward_into(network, &workspace.forward, &sample.y, &mut workspace.backward);
        workspace.gradient.add_scaled(&workspace.backward.gradient, scale);
    }
    loss * scale
}

/// The full gradient over all samples, averaged, at the current parameters.
pub fn gradient(network: &Network) -> Gradient {
    let mut workspace = Workspace::for_network(network);
    let all: Vec<usize> = (0..network.samples.len()).collect();
    averaged_gradient(network, &all, &mut workspace);
    workspace.gradient
}

/// Runs one gradient-descent iteration: full-batch, or the next mini-batch
/// when the network has a batch size. Every parameter moves by
/// -alpha * dL/dtheta computed at the same point, before any of them changes.
pub fn train_step(network: &mut Network, workspace: &mut Workspace) -> StepOutcome {
    let range = match network.batch_size {
        None => 0..workspace.order.len(),
        Some(size) => next_batch(workspace, size),
    };
    let order = std::mem::take(&mut workspace.order);
    let loss = averaged_gradient(network, &order[range], workspace);
    workspace.order = order;

    if !loss.is_finite() || !update_is_finite(network, &workspace.gradient) {
        return StepOutcome::Diverged { loss };
    }
    apply_update(network, &workspace.gradient);
    StepOutcome::Updated { loss }
}

/// The range of `workspace.order` of the next mini-batch; a new epoch starts
/// with a new shuffle once every sample has been used.
fn next_batch(workspace: &mut Workspace, size: usize) -> std::ops::Range<usize> {
    if workspace.cursor >= workspace.order.len() {
        workspace.rng.shuffle(&mut workspace.order);
        workspace.cursor = 0;
    }
    let start = workspace.cursor;
    let end = (start + size).min(workspace.order.len());
    workspace.cursor = end;
    start..end
}

/// Checks that every parameter the update changes stays finite; frozen
/// biases are not checked, because they keep their finite values.
fn update_is_finite(network: &Network, gradient: &Gradient) -> bool {
    let alpha = network.learning_rate;
    network.layers.iter().zip(&gradient.layers).all(|(layer, g)| {
        let weights_ok = layer
            .weights
            .as_slice()
            .iter()
            .zip(g.dl_dw.as_slice())
            .all(|(w, d)| (w - alpha * d).is_finite());
        let biases_ok = !network.train_biases
            || layer.biases.iter().zip(&g.dl_db).all(|(b, d)| (b - alpha * d).is_finite());
        weights_ok && biases_ok
    })
}

/// theta <- theta - alpha * dL/dtheta for every weight, and for every bias
/// unless the network freezes them.
pub fn apply_update(network: &mut Network, gradient: &Gradient) {
    let alpha = network.learning_rate;
    let train_biases = network.train_biases;
    for (layer, g) in network.layers.iter_mut().zip(&gradient.layers) {
        for (w, d) in layer.weights.as_mut_slice().iter_mut().zip(g.dl_dw.as_slice()) {
            *w -= alpha * d;
        }
        if train_biases {
            for (b, d) in layer.biases.iter_mut().zip(&g.dl_db) {
                *b -= alpha * d;
            }
        }
    }
}
