//! Everything a drawing of the current iteration needs, with `None` (null in
//! JavaScript) for each value the iteration has not computed yet.

use serde::Serialize;

use crate::core::{Gradient, Network};

use super::describe::Phase;
use super::sequence::Term;
use super::trace::{parameter_symbols, SampleTrace};
use super::{Position, Walkthrough};

/// The phase of the last term taken, or `Start` before the iteration's
/// first term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotPhase {
    Start,
    Forward,
    Loss,
    Backward,
    Average,
    Update,
}

impl From<Phase> for SnapshotPhase {
    fn from(phase: Phase) -> SnapshotPhase {
        match phase {
            Phase::Forward => SnapshotPhase::Forward,
            Phase::Loss => SnapshotPhase::Loss,
            Phase::Backward => SnapshotPhase::Backward,
            Phase::Average => SnapshotPhase::Average,
            Phase::Update => SnapshotPhase::Update,
        }
    }
}

/// The weights and biases of one layer, or their partial derivatives, in the
/// shapes of the network document: `weights[j][k]` belongs to w_{j+1,k+1}.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerValues {
    pub weights: Vec<Vec<f64>>,
    pub biases: Vec<f64>,
}

/// The values of every layer l = 1..=L, indexed by l - 1.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayersValues {
    pub layers: Vec<LayerValues>,
}

impl LayersValues {
    pub fn of_network(network: &Network) -> LayersValues {
        let layers = network
            .layers
            .iter()
            .map(|layer| LayerValues {
                weights: layer.weights.to_rows(),
                biases: layer.biases.clone(),
            })
            .collect();
        LayersValues { layers }
    }

    pub fn of_gradient(gradient: &Gradient) -> LayersValues {
        let layers = gradient
            .layers
            .iter()
            .map(|layer| LayerValues {
                weights: layer.dl_dw.to_rows(),
                biases: layer.dl_db.clone(),
            })
            .collect();
        LayersValues { layers }
    }
}

/// The state of the current iteration for drawing.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// The 0-based iteration the values belong to.
    pub iteration: usize,
    /// The position of the walkthrough; `term` terms of `term_count` are taken.
    pub position: Position,
    pub term_count: usize,
    /// The 0-based index, into the network's samples, of the sample whose
    /// values `z` to `dl_db` contain: the sample of the last term taken, the
    /// batch's last sample after the backward passes, and its first sample
    /// before the iteration's first term.
    pub sample: usize,
    /// The number of samples in the network, not only in the batch.
    pub sample_count: usize,
    /// The 0-based indices of the samples the iteration trains on, in the
    /// order its terms take them: every sample in index order, or the
    /// iteration's mini-batch.
    pub batch: Vec<usize>,
    pub phase: SnapshotPhase,
    /// The units of layers 0..=L.
    pub layer_sizes: Vec<usize>,
    /// The activation of layers 1..=L.
    pub activations: Vec<&'static str>,
    /// The name of the loss function.
    pub loss: &'static str,
    pub learning_rate: f64,
    pub train_biases: bool,
    /// The inputs and targets of `sample`.
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    /// The current parameters: the updated ones once the update is taken.
    pub parameters: LayersValues,
    /// `[l][k]` for l = 0..=L. Layer 0 has no z, dL/da, da/dz or delta, so
    /// those rows are empty, and `a[0]` is the input x.
    pub z: Vec<Vec<Option<f64>>>,
    pub a: Vec<Vec<Option<f64>>>,
    pub dl_da: Vec<Vec<Option<f64>>>,
    pub da_dz: Vec<Vec<Option<f64>>>,
    pub delta: Vec<Vec<Option<f64>>>,
    /// This sample's dL/dw, `[l - 1][j][k]`.
    pub dl_dw: Vec<Vec<Vec<Option<f64>>>>,
    /// This sample's dL/db, `[l - 1][k]`.
    pub dl_db: Vec<Vec<Option<f64>>>,
    /// The loss of `sample`.
    pub sample_loss: Option<f64>,
    /// The loss of every sample of the network, by sample index; `None`
    /// until the iteration computes it, and for samples outside the batch.
    pub sample_losses: Vec<Option<f64>>,
    /// The mean loss over the batch's samples, once all their losses are
    /// known.
    pub mean_loss: Option<f64>,
    /// dL/dw and dL/db averaged over the batch's samples, once every
    /// backward pass is complete.
    pub gradient: Option<LayersValues>,
    /// The same gradient as one vector, in the order of `parameter_symbols`.
    pub gradient_vector: Option<Vec<f64>>,
    /// The symbols of the parameters: layer by layer, each layer's weights
    /// row by row (w_{1,1}, w_{1,2}, ..., w_{2,1}, ...), then its biases.
    pub parameter_symbols: Vec<String>,
    /// The mean loss before each applied update, oldest first.
    pub loss_history: Vec<f64>,
    /// The reason training stopped, and how to go on, when the last update
    /// diverged.
    pub diverged: Option<String>,
}

/// Rows of `None` shaped like `rows`.
fn unknown(rows: &[Vec<f64>]) -> Vec<Vec<Option<f64>>> {
    rows.iter().map(|row| vec![None; row.len()]).collect()
}

pub(super) fn build(walkthrough: &Walkthrough) -> Snapshot {
    let network = &walkthrough.network;
    let trace = &walkthrough.trace;
    let sequence = &walkthrough.sequence;
    let done = walkthrough.position.term;
    let last_taken = done.checked_sub(1).map(|index| sequence.get(index));

    // Only the terms of the shown sample fill its values. The shown sample
    // is the one of the last term taken, or the last sample after every
    // backward pass.
    let slot = done
        .checked_sub(1)
        .map_or(0, |index| sequence.slot_of(index));
    let sample_trace: SampleTrace = trace.sample(&walkthrough.network_at_iteration_start(), slot);
    let forward = &sample_trace.forward;
    let backward = &sample_trace.backward;
    let sample = &network.samples[sample_trace.sample];

    let mut z = unknown(&forward.z);
    let mut a = unknown(&forward.a);
    a[0] = forward.a[0].iter().copied().map(Some).collect();
    let mut dl_da = unknown(&backward.dl_da);
    let mut da_dz = unknown(&backward.da_dz);
    let mut delta = unknown(&backward.delta);
    let mut dl_dw: Vec<Vec<Vec<Option<f64>>>> = backward
        .gradient
        .layers
        .iter()
        .map(|layer| unknown(&layer.dl_dw.to_rows()))
        .collect();
    let mut dl_db: Vec<Vec<Option<f64>>> = backward
        .gradient
        .layers
        .iter()
        .map(|layer| vec![None; layer.dl_db.len()])
        .collect();
    let mut sample_losses = vec![None; network.samples.len()];
    let mut batch_losses_known = 0;
    for (other, &loss) in trace.sample_losses.iter().enumerate() {
        let loss_term = sequence.slot_range(other).start + sequence.forward_terms();
        if loss_term < done {
            sample_losses[trace.order[other]] = Some(loss);
            batch_losses_known += 1;
        }
    }

    let slot_terms = sequence.slot_range(slot);
    for index in slot_terms.start..slot_terms.end.min(done) {
        match sequence.get(index) {
            Term::Z { layer, unit, .. } => z[layer][unit] = Some(forward.z[layer][unit]),
            Term::A { layer, unit, .. } => a[layer][unit] = Some(forward.a[layer][unit]),
            Term::DlDa { layer, unit, .. } => {
                dl_da[layer][unit] = Some(backward.dl_da[layer][unit])
            }
            Term::DaDz { layer, unit, .. } => {
                da_dz[layer][unit] = Some(backward.da_dz[layer][unit])
            }
            Term::Delta { layer, unit, .. } => {
                delta[layer][unit] = Some(backward.delta[layer][unit])
            }
            Term::DlDw {
                layer, from, unit, ..
            } => {
                dl_dw[layer - 1][from][unit] =
                    Some(backward.gradient.layers[layer - 1].dl_dw.get(from, unit));
            }
            Term::DlDb { layer, unit, .. } => {
                dl_db[layer - 1][unit] = Some(backward.gradient.layers[layer - 1].dl_db[unit]);
            }
            Term::Loss { .. } | Term::Average | Term::Update => {}
        }
    }

    let all_losses_known = batch_losses_known == trace.order.len();
    let gradient_known = walkthrough.gradient_known();
    let phase = match last_taken {
        None => SnapshotPhase::Start,
        Some(Term::Z { .. } | Term::A { .. }) => SnapshotPhase::Forward,
        Some(Term::Loss { .. }) => SnapshotPhase::Loss,
        Some(Term::Average) => SnapshotPhase::Average,
        Some(Term::Update) => SnapshotPhase::Update,
        Some(_) => SnapshotPhase::Backward,
    };

    Snapshot {
        iteration: walkthrough.position.iteration,
        position: walkthrough.position,
        term_count: sequence.len(),
        sample: sample_trace.sample,
        sample_count: network.samples.len(),
        batch: trace.order.clone(),
        phase,
        layer_sizes: network.layer_sizes(),
        activations: network.layers.iter().map(|l| l.activation.name()).collect(),
        loss: network.loss.name(),
        learning_rate: network.learning_rate,
        train_biases: network.train_biases,
        x: sample.x.clone(),
        y: sample.y.clone(),
        parameters: LayersValues::of_network(network),
        z,
        a,
        dl_da,
        da_dz,
        delta,
        dl_dw,
        dl_db,
        sample_loss: sample_losses[sample_trace.sample],
        mean_loss: if all_losses_known {
            Some(trace.mean_loss)
        } else {
            None
        },
        sample_losses,
        gradient: gradient_known.then(|| LayersValues::of_gradient(&trace.gradient)),
        gradient_vector: gradient_known.then(|| trace.gradient.to_vector()),
        parameter_symbols: parameter_symbols(network),
        loss_history: walkthrough.loss_history.clone(),
        diverged: walkthrough.diverged().map(str::to_string),
    }
}
