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

/// The terms of one iteration, computed from their index instead of stored,
/// so that a document with many samples and wide layers needs no memory for
/// them.
///
/// Each sample first has z then a of every unit from layer 1 to L, then the
/// sample's loss. Then, from layer L down to 1, each unit has dL/da, da/dz,
/// delta, dL/dw for each incoming weight and dL/db. After the last sample
/// come the averaging (only with more than one sample) and the update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sequence {
    /// The units of layers 0..=L.
    sizes: Vec<usize>,
    samples: usize,
    /// The forward terms of one sample: two per unit of layers 1..=L.
    forward_terms: usize,
    /// All terms of one sample.
    per_sample: usize,
}

impl Sequence {
    /// Lays out the iteration of `network` over `samples` samples.
    pub fn new(network: &Network, samples: usize) -> Sequence {
        let sizes = network.layer_sizes();
        let units: usize = sizes[1..].iter().sum();
        let backward_terms: usize = sizes.windows(2).map(|pair| pair[1] * (pair[0] + 4)).sum();
        let forward_terms = 2 * units;
        Sequence {
            sizes,
            samples,
            forward_terms,
            per_sample: forward_terms + 1 + backward_terms,
        }
    }

    /// Returns the number of terms in one iteration.
    pub fn len(&self) -> usize {
        self.samples_end() + usize::from(self.samples > 1) + 1
    }

    /// Returns whether the iteration has no terms, which never happens: the
    /// update is always there.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Returns the index of the first term after every sample's terms.
    pub fn samples_end(&self) -> usize {
        self.samples * self.per_sample
    }

    /// Returns the indices of the terms of sample slot `slot`.
    pub fn slot_range(&self, slot: usize) -> std::ops::Range<usize> {
        slot * self.per_sample..(slot + 1) * self.per_sample
    }

    /// Returns the number of forward terms of one sample, which is also the
    /// offset of the sample's loss within its terms.
    pub fn forward_terms(&self) -> usize {
        self.forward_terms
    }

    /// Returns the sample slot of the term at `index`, or of the last sample
    /// for the averaging and the update.
    pub fn slot_of(&self, index: usize) -> usize {
        (index / self.per_sample).min(self.samples.saturating_sub(1))
    }

    /// Returns the term at `index` (less than [`Sequence::len`]).
    pub fn get(&self, index: usize) -> Term {
        if index >= self.samples_end() {
            return if self.samples > 1 && index == self.samples_end() {
                Term::Average
            } else {
                Term::Update
            };
        }
        let slot = index / self.per_sample;
        let mut rest = index % self.per_sample;

        if rest < self.forward_terms {
            for (layer, &units) in self.sizes.iter().enumerate().skip(1) {
                if rest < 2 * units {
                    let unit = rest / 2;
                    return if rest.is_multiple_of(2) {
                        Term::Z { slot, layer, unit }
                    } else {
                        Term::A { slot, layer, unit }
                    };
                }
                rest -= 2 * units;
            }
        }
        rest -= self.forward_terms;
        if rest == 0 {
            return Term::Loss { slot };
        }
        rest -= 1;

        for layer in (1..self.sizes.len()).rev() {
            let fan_in = self.sizes[layer - 1];
            let per_unit = fan_in + 4;
            let block = self.sizes[layer] * per_unit;
            if rest < block {
                let unit = rest / per_unit;
                return match rest % per_unit {
                    0 => Term::DlDa { slot, layer, unit },
                    1 => Term::DaDz { slot, layer, unit },
                    2 => Term::Delta { slot, layer, unit },
                    offset if offset < 3 + fan_in => Term::DlDw {
                        slot,
                        layer,
                        from: offset - 3,
                        unit,
                    },
                    _ => Term::DlDb { slot, layer, unit },
                };
            }
            rest -= block;
        }
        Term::Update
    }

    /// Returns the end (exclusive) of the step that starts at term `start`.
    /// The step takes every following term in the same group at
    /// `granularity`.
    pub fn step_end(&self, start: usize, granularity: Granularity) -> usize {
        match granularity {
            Granularity::Term => start + 1,
            Granularity::Iteration => self.len(),
            Granularity::Unit | Granularity::Layer => {
                let key = self.get(start).group(start, granularity);
                let mut end = start + 1;
                while end < self.len() && self.get(end).group(end, granularity) == key {
                    end += 1;
                }
                end
            }
        }
    }

    /// Counts the steps an iteration takes at `granularity`.
    pub fn step_count(&self, granularity: Granularity) -> usize {
        let depth = self.sizes.len() - 1;
        let units: usize = self.sizes[1..].iter().sum();
        let after_samples = usize::from(self.samples > 1) + 1;
        match granularity {
            Granularity::Term => self.len(),
            // Forward units, the loss, backward units.
            Granularity::Unit => self.samples * (2 * units + 1) + after_samples,
            // Forward layers, the loss, backward layers.
            Granularity::Layer => self.samples * (2 * depth + 1) + after_samples,
            Granularity::Iteration => 1,
        }
    }
}
