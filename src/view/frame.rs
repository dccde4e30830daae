//! The state of the network that one drawing shows.

use crate::core::{BackwardTrace, ForwardTrace, Network};
use crate::walkthrough::{Elements, Granularity, Snapshot, Step};

/// Elements of the drawing, in the walkthrough's indexing: a unit is (l, k)
/// with l = 0..=L, an edge is (l, j, k) for w_{j+1,k+1}^(l) and a bias is
/// (l, k) for b_{k+1}^(l), with l >= 1 for edges and biases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub units: Vec<(usize, usize)>,
    pub edges: Vec<(usize, usize, usize)>,
    pub biases: Vec<(usize, usize)>,
}

impl Marks {
    /// Converts a walkthrough step's elements into marks.
    pub fn from_elements(elements: &Elements) -> Marks {
        Marks {
            units: elements.units.iter().map(|&[l, k]| (l, k)).collect(),
            edges: elements.edges.iter().map(|&[l, j, k]| (l, j, k)).collect(),
            biases: elements.biases.iter().map(|&[l, k]| (l, k)).collect(),
        }
    }

    /// Adds the elements of `other` that are not marked yet.
    pub fn extend(&mut self, other: &Marks) {
        for unit in &other.units {
            if !self.units.contains(unit) {
                self.units.push(*unit);
            }
        }
        for edge in &other.edges {
            if !self.edges.contains(edge) {
                self.edges.push(*edge);
            }
        }
        for bias in &other.biases {
            if !self.biases.contains(bias) {
                self.biases.push(*bias);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty() && self.edges.is_empty() && self.biases.is_empty()
    }
}

/// Returns the terms whose elements a step marks: the step itself, every
/// term of a unit or layer step, and only the last term (the update) of a
/// whole iteration, which would otherwise mark everything.
fn marked_terms(step: &Step) -> &[Step] {
    if step.terms.is_empty() || step.granularity == Granularity::Iteration {
        std::slice::from_ref(step)
    } else {
        &step.terms
    }
}

/// Collects the elements a step computes.
fn step_highlight(step: &Step) -> Marks {
    let mut marks = Marks::default();
    for term in marked_terms(step) {
        marks.extend(&Marks::from_elements(&term.highlight));
    }
    marks
}

/// Collects the elements a step depends on, without those it computes.
fn step_dependencies(step: &Step) -> Marks {
    let highlight = step_highlight(step);
    let mut marks = Marks::default();
    for term in marked_terms(step) {
        marks.extend(&Marks::from_elements(&term.depends_on));
    }
    marks.units.retain(|u| !highlight.units.contains(u));
    marks.edges.retain(|e| !highlight.edges.contains(e));
    marks.biases.retain(|b| !highlight.biases.contains(b));
    marks
}

/// Everything the network drawing shows. Unit quantities are indexed [l][k]
/// with l = 0..=L. Parameters and their partial derivatives are indexed
/// [l - 1][j][k] and [l - 1][k], as in the network document. `None` marks a value the
/// current iteration has not computed yet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    pub layer_sizes: Vec<usize>,
    /// The activation function's name of layers 1..=L.
    pub activations: Vec<String>,
    pub weights: Vec<Vec<Vec<f64>>>,
    pub biases: Vec<Vec<f64>>,
    pub z: Vec<Vec<Option<f64>>>,
    pub a: Vec<Vec<Option<f64>>>,
    pub delta: Vec<Vec<Option<f64>>>,
    pub dl_dw: Vec<Vec<Vec<Option<f64>>>>,
    pub dl_db: Vec<Vec<Option<f64>>>,
    /// The targets y of the current sample.
    pub targets: Vec<f64>,
    /// The element of the current step.
    pub highlight: Marks,
    /// The elements the current step is computed from.
    pub depends_on: Marks,
}

impl Frame {
    /// Builds the frame of `network` before the forward pass, with the
    /// parameters and the inputs `x` known and everything else not computed.
    pub fn before_forward(network: &Network, x: &[f64], y: &[f64]) -> Frame {
        let sizes = network.layer_sizes();
        let unknown_units =
            || -> Vec<Vec<Option<f64>>> { sizes.iter().map(|&n| vec![None; n]).collect() };
        let mut a = unknown_units();
        a[0] = x.iter().copied().map(Some).collect();
        Frame {
            layer_sizes: sizes.clone(),
            activations: network
                .layers
                .iter()
                .map(|l| l.activation.name().to_string())
                .collect(),
            weights: network.layers.iter().map(|l| l.weights.to_rows()).collect(),
            biases: network.layers.iter().map(|l| l.biases.clone()).collect(),
            z: unknown_units(),
            a,
            delta: unknown_units(),
            dl_dw: network
                .layers
                .iter()
                .map(|l| vec![vec![None; l.units()]; l.fan_in()])
                .collect(),
            dl_db: network
                .layers
                .iter()
                .map(|l| vec![None; l.units()])
                .collect(),
            targets: y.to_vec(),
            highlight: Marks::default(),
            depends_on: Marks::default(),
        }
    }

    /// Builds the frame of a walkthrough from its snapshot, with the current
    /// step's element highlighted and its dependencies marked. Edges and biases
    /// show this sample's dL/dw and dL/db during the backward pass, and the
    /// gradient averaged over the samples once it is known.
    pub fn from_walkthrough(snapshot: &Snapshot, step: Option<&Step>) -> Frame {
        let sizes = &snapshot.layer_sizes;
        // The snapshot leaves layer 0's rows of z and delta empty, but the
        // frame keeps every row as long as its layer.
        let padded = |rows: &[Vec<Option<f64>>]| -> Vec<Vec<Option<f64>>> {
            sizes
                .iter()
                .enumerate()
                .map(|(l, &n)| {
                    let row = rows.get(l).map_or(&[][..], Vec::as_slice);
                    (0..n).map(|k| row.get(k).copied().flatten()).collect()
                })
                .collect()
        };
        let (dl_dw, dl_db) = match &snapshot.gradient {
            Some(gradient) => (
                gradient
                    .layers
                    .iter()
                    .map(|l| {
                        l.weights
                            .iter()
                            .map(|row| row.iter().copied().map(Some).collect())
                            .collect()
                    })
                    .collect(),
                gradient
                    .layers
                    .iter()
                    .map(|l| l.biases.iter().copied().map(Some).collect())
                    .collect(),
            ),
            None => (snapshot.dl_dw.clone(), snapshot.dl_db.clone()),
        };
        Frame {
            layer_sizes: sizes.clone(),
            activations: snapshot
                .activations
                .iter()
                .map(|name| name.to_string())
                .collect(),
            weights: snapshot
                .parameters
                .layers
                .iter()
                .map(|l| l.weights.clone())
                .collect(),
            biases: snapshot
                .parameters
                .layers
                .iter()
                .map(|l| l.biases.clone())
                .collect(),
            z: padded(&snapshot.z),
            a: padded(&snapshot.a),
            delta: padded(&snapshot.delta),
            dl_dw,
            dl_db,
            targets: snapshot.y.clone(),
            highlight: step.map(step_highlight).unwrap_or_default(),
            depends_on: step.map(step_dependencies).unwrap_or_default(),
        }
    }

    /// Builds a frame with the forward and the backward pass of one sample
    /// complete.
    pub fn from_traces(
        network: &Network,
        forward: &ForwardTrace,
        backward: &BackwardTrace,
        y: &[f64],
    ) -> Frame {
        let mut frame = Frame::before_forward(network, &forward.a[0], y);
        let known = |rows: &[Vec<f64>]| -> Vec<Vec<Option<f64>>> {
            rows.iter()
                .map(|row| row.iter().copied().map(Some).collect())
                .collect()
        };
        frame.z = known(&forward.z);
        frame.z[0] = vec![None; frame.layer_sizes[0]];
        frame.a = known(&forward.a);
        frame.delta = known(&backward.delta);
        frame.delta[0] = vec![None; frame.layer_sizes[0]];
        frame.dl_dw = backward
            .gradient
            .layers
            .iter()
            .map(|g| known(&g.dl_dw.to_rows()))
            .collect();
        frame.dl_db = backward
            .gradient
            .layers
            .iter()
            .map(|g| g.dl_db.iter().copied().map(Some).collect())
            .collect();
        frame
    }

    /// Returns the number of layers with weights, L.
    pub fn depth(&self) -> usize {
        self.layer_sizes.len().saturating_sub(1)
    }

    /// Iterates over every partial derivative dL/dw and dL/db computed so far.
    pub fn known_gradients(&self) -> impl Iterator<Item = f64> + '_ {
        let weights = self.dl_dw.iter().flatten().flatten().filter_map(|v| *v);
        let biases = self.dl_db.iter().flatten().filter_map(|v| *v);
        weights.chain(biases)
    }

    /// Iterates over every weight and bias.
    pub fn parameters(&self) -> impl Iterator<Item = f64> + '_ {
        let weights = self.weights.iter().flatten().flatten().copied();
        weights.chain(self.biases.iter().flatten().copied())
    }
}
