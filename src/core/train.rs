//! Gradient descent: the loss over the samples, the averaged gradient and the
//! simultaneous update theta <- theta - alpha * dL/dtheta.

use std::ops::Range;

use super::backward::{backward_into, BackwardTrace};
use super::forward::{forward_into, ForwardTrace};
use super::gradient::Gradient;
use super::network::{Network, Sample};
use super::rng::SeededRng;

/// Buffers reused by every iteration, so that training does not allocate
/// after the first iteration.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub forward: ForwardTrace,
    pub backward: BackwardTrace,
    pub gradient: Gradient,
    /// The number of updates applied with this workspace, which is the
    /// iteration whose mini-batch [`train_step`] uses next.
    iteration: usize,
    /// The sample order of one epoch, see [`epoch_order`].
    order: Vec<usize>,
    /// The seed and epoch of the mini-batch order in `order`, or `None`
    /// before the first mini-batch step and after a full-batch step.
    order_key: Option<(u64, usize)>,
}

impl Workspace {
    pub fn for_network(network: &Network) -> Workspace {
        Workspace {
            forward: ForwardTrace::for_network(network),
            backward: BackwardTrace::for_network(network),
            gradient: Gradient::zeros(network),
            iteration: 0,
            order: Vec::with_capacity(network.samples.len()),
            order_key: None,
        }
    }

    /// Returns the number of updates applied with this workspace: a
    /// diverged iteration does not count, so the next [`train_step`] retries
    /// the same mini-batch.
    pub fn iteration(&self) -> usize {
        self.iteration
    }
}

/// Returns the epoch of `iteration` and the range of the epoch's sample
/// order ([`epoch_order`]) that its mini-batch takes. Without a batch size
/// every iteration is its own epoch and takes every sample.
fn batch_range(network: &Network, iteration: usize) -> (usize, Range<usize>) {
    let count = network.samples.len();
    match network.batch_size {
        None => (iteration, 0..count),
        Some(size) => {
            let batches_per_epoch = count.div_ceil(size);
            let epoch = iteration / batches_per_epoch;
            let start = iteration % batches_per_epoch * size;
            (epoch, start..(start + size).min(count))
        }
    }
}

/// Writes the sample order of mini-batch epoch `epoch` into `out`: a
/// Fisher-Yates shuffle ([`SeededRng::shuffle`]) of 0..n. The shuffle's
/// generator is SplitMix64 seeded with output number `epoch` (0-based) of
/// SplitMix64 seeded with the network's seed, or with 0 when the network
/// has none. So every epoch has its own order, and any epoch's order is
/// computed without the epochs before it.
pub fn epoch_order(network: &Network, epoch: usize, out: &mut Vec<usize>) {
    let mut seeds = SeededRng::new(network.seed.unwrap_or(0));
    seeds.skip(epoch as u64);
    let mut rng = SeededRng::new(seeds.next_u64());
    out.clear();
    out.extend(0..network.samples.len());
    rng.shuffle(out);
}

/// Writes the indices of the samples that iteration `iteration` (0-based,
/// counting applied updates) trains on into `out`, in the order their
/// gradients are summed.
///
/// Without a batch size that is every sample in index order. With batch
/// size b, the iterations of epoch e take the e-th [`epoch_order`] in
/// consecutive slices of b, so an epoch has ceil(n / b) iterations and its
/// last batch is shorter when b does not divide n. `train_step` follows the
/// same schedule. `out` does not reallocate when its capacity is at least
/// the number of samples.
pub fn batch_samples(network: &Network, iteration: usize, out: &mut Vec<usize>) {
    let (epoch, range) = batch_range(network, iteration);
    fill_order(network, epoch, out);
    out.truncate(range.end);
    out.drain(..range.start);
}

/// Writes the order that the batches of `epoch` are sliced from: every
/// sample in index order without a batch size, else [`epoch_order`].
fn fill_order(network: &Network, epoch: usize, out: &mut Vec<usize>) {
    if network.batch_size.is_some() {
        epoch_order(network, epoch, out);
    } else {
        out.clear();
        out.extend(0..network.samples.len());
    }
}

/// Returns the number of samples that iteration `iteration` trains on, as
/// [`batch_samples`] lists them.
pub fn batch_len(network: &Network, iteration: usize) -> usize {
    batch_range(network, iteration).1.len()
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

/// Computes the mean loss over all samples at the current parameters. It
/// sums and scales as [`averaged_gradient`] does, so over every sample in
/// index order both return the same bits.
pub fn mean_loss(network: &Network, forward: &mut ForwardTrace) -> f64 {
    mean_loss_of(network, network.samples.iter(), forward)
}

/// Computes the mean loss over the samples `indices` at the current
/// parameters, summed in the order of `indices` and scaled as
/// [`averaged_gradient`] does.
pub fn batch_loss(network: &Network, indices: &[usize], forward: &mut ForwardTrace) -> f64 {
    let samples = indices.iter().map(|&i| &network.samples[i]);
    mean_loss_of(network, samples, forward)
}

/// Sums the loss of `samples` in the order given and multiplies the sum by
/// 1 / count, as [`averaged_gradient`] does, because dividing by the count
/// instead differs in the last bit for some sums.
fn mean_loss_of<'a>(
    network: &Network,
    samples: impl ExactSizeIterator<Item = &'a Sample>,
    forward: &mut ForwardTrace,
) -> f64 {
    let scale = 1.0 / samples.len() as f64;
    let mut total = 0.0;
    for sample in samples {
        forward_into(network, &sample.x, forward);
        total += network.loss.value(forward.output(), &sample.y);
    }
    total * scale
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
        backward_into(
            network,
            &workspace.forward,
            &sample.y,
            &mut workspace.backward,
        );
        workspace
            .gradient
            .add_scaled(&workspace.backward.gradient, scale);
    }
    loss * scale
}

/// Computes the gradient averaged over all samples at the current parameters.
pub fn gradient(network: &Network) -> Gradient {
    let mut workspace = Workspace::for_network(network);
    let all: Vec<usize> = (0..network.samples.len()).collect();
    averaged_gradient(network, &all, &mut workspace);
    workspace.gradient
}

/// Runs one gradient-descent iteration: full-batch, or the mini-batch of
/// [`batch_samples`] for the workspace's iteration when the network has a
/// batch size. Every parameter moves by -alpha * dL/dtheta computed at the
/// same point, before any of them changes. Only an applied update advances
/// the workspace's iteration.
pub fn train_step(network: &mut Network, workspace: &mut Workspace) -> StepOutcome {
    let (epoch, range) = batch_range(network, workspace.iteration);
    // A mini-batch epoch is shuffled once and reused by all of its batches.
    let key = network
        .batch_size
        .map(|_| (network.seed.unwrap_or(0), epoch));
    if key.is_none() || workspace.order_key != key {
        fill_order(network, epoch, &mut workspace.order);
        workspace.order_key = key;
    }

    let order = std::mem::take(&mut workspace.order);
    let loss = averaged_gradient(network, &order[range], workspace);
    workspace.order = order;

    if !loss.is_finite() || !update_is_finite(network, &workspace.gradient) {
        return StepOutcome::Diverged { loss };
    }
    apply_update(network, &workspace.gradient);
    workspace.iteration += 1;
    StepOutcome::Updated { loss }
}

/// Checks that every parameter the update changes stays finite; frozen
/// biases are not checked, because they keep their finite values.
fn update_is_finite(network: &Network, gradient: &Gradient) -> bool {
    let alpha = network.learning_rate;
    network
        .layers
        .iter()
        .zip(&gradient.layers)
        .all(|(layer, g)| {
            let weights_ok = layer
                .weights
                .as_slice()
                .iter()
                .zip(g.dl_dw.as_slice())
                .all(|(w, d)| (w - alpha * d).is_finite());
            let biases_ok = !network.train_biases
                || layer
                    .biases
                    .iter()
                    .zip(&g.dl_db)
                    .all(|(b, d)| (b - alpha * d).is_finite());
            weights_ok && biases_ok
        })
}

/// theta <- theta - alpha * dL/dtheta for every weight, and for every bias
/// unless the network freezes them.
pub fn apply_update(network: &mut Network, gradient: &Gradient) {
    let alpha = network.learning_rate;
    let train_biases = network.train_biases;
    for (layer, g) in network.layers.iter_mut().zip(&gradient.layers) {
        for (w, d) in layer
            .weights
            .as_mut_slice()
            .iter_mut()
            .zip(g.dl_dw.as_slice())
        {
            *w -= alpha * d;
        }
        if train_biases {
            for (b, d) in layer.biases.iter_mut().zip(&g.dl_db) {
                *b -= alpha * d;
            }
        }
    }
}
