//! The order of the terms of one gradient-descent iteration, and how the
//! granularities group them into steps.

use serde::Serialize;

use crate::core::Network;

/// How many terms one step covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// One term: one z, a, dL/da, da/dz, delta, dL/dw or dL/db, the loss, the
    /// averaging or the update.
    Term,
    /// Every term of one unit in one pass (z and a, or dL/da to dL/db).
    Unit,
    /// Every term of one layer in one pass.
    Layer,
    /// A whole iteration, through the update.
    Iteration,
}

impl Granularity {
    pub const ALL: [Granularity; 4] = [
        Granularity::Term,
        Granularity::Unit,
        Granularity::Layer,
        Granularity::Iteration,
    ];

    /// Returns the name used by the JavaScript API.
    pub fn name(self) -> &'static str {
        match self {
            Granularity::Term => "term",
            Granularity::Unit => "unit",
            Granularity::Layer => "layer",
            Granularity::Iteration => "iteration",
        }
    }

    /// Parses a name of [`Granularity::name`]; `None` for any other text.
    pub fn from_name(name: &str) -> Option<Granularity> {
        Granularity::ALL.into_iter().find(|g| g.name() == name)
    }
}

/// One term of an iteration. `slot` is the position of the sample in the
/// iteration's sample order; layers are numbered l = 1..=L and units are
/// 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term {
    Z {
        slot: usize,
        layer: usize,
        unit: usize,
    },
    A {
        slot: usize,
        layer: usize,
        unit: usize,
    },
    Loss {
        slot: usize,
    },
    DlDa {
        slot: usize,
        layer: usize,
        unit: usize,
    },
    DaDz {
        slot: usize,
        layer: usize,
        unit: usize,
    },
    Delta {
        slot: usize,
        layer: usize,
        unit: usize,
    },
    DlDw {
        slot: usize,
        layer: usize,
        from: usize,
        unit: usize,
    },
    DlDb {
        slot: usize,
        layer: usize,
        unit: usize,
    },
    /// The mean of the samples' gradients; only with more than one sample.
    Average,
    /// The simultaneous update of every parameter.
    Update,
}

/// The group a term belongs to at a granularity: consecutive terms with the
/// same key form one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GroupKey {
    Term(usize),
    ForwardUnit(usize, usize, usize),
    BackwardUnit(usize, usize, usize),
    ForwardLayer(usize, usize),
    BackwardLayer(usize, usize),
    Loss(usize),
    Average,
    Update,
    Iteration,
}

impl Term {
    /// Returns the sample slot of the term, `None` for the averaging and the
    /// update.
    pub fn slot(self) -> Option<usize> {
        match self {
            Term::Z { slot, .. }
            | Term::A { slot, .. }
            | Term::Loss { slot }
            | Term::DlDa { slot, .. }
            | Term::DaDz { slot, .. }
            | Term::Delta { slot, .. }
            | Term::DlDw { slot, .. }
            | Term::DlDb { slot, .. } => Some(slot),
            Term::Average | Term::Update => None,
        }
    }

    fn group(self, index: usize, granularity: Granularity) -> GroupKey {
        match (granularity, self) {
            (Granularity::Term, _) => GroupKey::Term(index),
            (Granularity::Iteration, _) => GroupKey::Iteration,
            (_, Term::Loss { slot }) => GroupKey::Loss(slot),
            (_, Term::Average) => GroupKey::Average,
            (_, Term::Update) => GroupKey::Update,
            (Granularity::Unit, Term::Z { slot, layer, unit } | Term::A { slot, layer, unit }) => {
                GroupKey::ForwardUnit(slot, layer, unit)
            }
            (Granularity::Layer, Term::Z { slot, layer, .. } | Term::A { slot, layer, .. }) => {
                GroupKey::ForwardLayer(slot, layer)
            }
            (
                Granularity::Unit,
                Term::DlDa { slot, layer, unit }
                | Term::DaDz { slot, layer, unit }
                | Term::Delta { slot, layer, unit }
                | Term::DlDw {
                    slot, layer, unit, ..
                }
                | Term::DlDb { slot, layer, unit },
            ) => GroupKey::BackwardUnit(slot, layer, unit),
            (
                Granularity::Layer,
                Term::DlDa { slot, layer, .. }
                | Term::DaDz { slot, layer, .. }
                | Term::Delta { slot, layer, .. }
                | Term::DlDw { slot, layer, .. }
                | Term::DlDb { slot, layer, .. },
            ) => GroupKey::BackwardLayer(slot, layer),
        }
    }
}

/// Lists the terms of one iteration over `samples` samples, in the order the
/// walkthrough takes them. Each sample first has z then a of every unit from
/// layer 1 to L, then the sample's loss. Then, from layer L down to 1, each
/// unit has dL/da, da/dz, delta, dL/dw for each incoming weight and dL/db.
/// After the last sample come the averaging (only with more than one sample)
/// and the update.
pub fn iteration_terms(network: &Network, samples: usize) -> Vec<Term> {
    let sizes = network.layer_sizes();
    let depth = network.layers.len();
    let mut terms = Vec::new();

    for slot in 0..samples {
        for (layer, &units) in sizes.iter().enumerate().skip(1) {
            for unit in 0..units {
                terms.push(Term::Z { slot, layer, unit });
                terms.push(Term::A { slot, layer, unit });
            }
        }

        terms.push(Term::Loss { slot });

        for layer in (1..=depth).rev() {
            for unit in 0..sizes[layer] {
                terms.push(Term::DlDa { slot, layer, unit });
                terms.push(Term::DaDz { slot, layer, unit });
                terms.push(Term::Delta { slot, layer, unit });
                for from in 0..sizes[layer - 1] {
                    terms.push(Term::DlDw {
                        slot,
                        layer,
                        from,
                        unit,
                    });
                }
                terms.push(Term::DlDb { slot, layer, unit });
            }
        }
    }

    if samples > 1 {
        terms.push(Term::Average);
    }
    terms.push(Term::Update);
    terms
}

/// Returns the end (exclusive) of the step that starts at term `start`.
/// The step takes every following term in the same group at `granularity`.
pub fn step_end(terms: &[Term], start: usize, granularity: Granularity) -> usize {
    let key = terms[start].group(start, granularity);
    let mut end = start + 1;
    while end < terms.len() && terms[end].group(end, granularity) == key {
        end += 1;
    }
    end
}

/// Counts the steps an iteration takes at `granularity`.
pub fn step_count(terms: &[Term], granularity: Granularity) -> usize {
    let mut count = 0;
    let mut start = 0;
    while start < terms.len() {
        start = step_end(terms, start, granularity);
        count += 1;
    }
    count
}
