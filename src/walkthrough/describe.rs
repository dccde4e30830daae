//! The description of each step: what it computes, its value, its chain-rule
//! factors, an explanation in plain English and the formula as MathML with
//! the numbers substituted.

use std::collections::HashMap;

use serde::Serialize;

use crate::core::{Activation, Loss, Network};

use super::format;
use super::notation::{self, Expr};
use super::sequence::{Granularity, Term};
use super::trace::{IterationTrace, SampleTrace, Update, UpdateOutcome};

mod backward;
mod forward;
mod training;

/// The part of gradient descent a step belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Forward,
    Loss,
    Backward,
    Average,
    Update,
}

/// The quantity a step computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    Z,
    A,
    Loss,
    DlDa,
    DaDz,
    Delta,
    DlDw,
    DlDb,
    /// The gradient averaged over the samples; the value is its length.
    Gradient,
    /// The update of every parameter; the value is the mean loss after it.
    Update,
}

/// One chain-rule factor of a step's value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Factor {
    /// Plain text in the notation, 1-based: "da_1^(2)/dz_1^(2)".
    pub symbol: String,
    pub value: f64,
}

/// Elements of the drawing, 0-based except the layer number l:
/// a unit is `[l, k]`, a weight w_{j,k}^(l) is the edge `[l, j, k]` and a
/// bias b_k^(l) is `[l, k]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Elements {
    pub units: Vec<[usize; 2]>,
    pub edges: Vec<[usize; 3]>,
    pub biases: Vec<[usize; 2]>,
}

impl Elements {
    /// Creates the elements of a step about unit `unit` of layer `layer` alone.
    pub fn unit(layer: usize, unit: usize) -> Elements {
        Elements {
            units: vec![[layer, unit]],
            ..Elements::default()
        }
    }
}

/// A step of the walkthrough. At a granularity coarser than `term` the
/// top-level fields describe the last term the step covers, and `terms` lists
/// every term. At `term`, `terms` is empty.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub granularity: Granularity,
    pub phase: Phase,
    /// The 0-based iteration the step belongs to, which is the number of
    /// iterations completed before it.
    pub iteration: usize,
    /// The 0-based sample; `None` for the averaging and the update.
    pub sample: Option<usize>,
    /// The layer number l; `None` for the loss, the averaging and the update.
    pub layer: Option<usize>,
    /// The 0-based unit k; `None` when the step is not about one unit.
    pub unit: Option<usize>,
    /// The 0-based j of a weight w_{j,k}; otherwise `None`.
    pub from: Option<usize>,
    pub quantity: Quantity,
    /// The quantity's symbol as plain text, 1-based: "dL/dw_{1,1}^(2)".
    pub symbol: String,
    pub value: f64,
    /// The chain-rule factors, whose product is `value`. The list is empty
    /// for z, a, the loss, dL/da, da/dz, the averaging and the update, because
    /// their values are not products of derivatives.
    pub factors: Vec<Factor>,
    pub explanation: String,
    /// A `<math>` element with the numbers substituted.
    pub mathml: String,
    /// The elements the step computes.
    pub highlight: Elements,
    /// The elements the step's value is computed from.
    pub depends_on: Elements,
    pub terms: Vec<Step>,
    /// The number of covered terms left out of `terms` (the first ones),
    /// because a step over a large document covers too many to describe.
    pub omitted_terms: usize,
}

/// The inputs of a description: the network at the iteration's start, the
/// iteration's values and, once taken, its update.
pub struct Context<'a> {
    pub network: &'a Network,
    pub trace: &'a IterationTrace,
    pub update: Option<&'a Update>,
    pub iteration: usize,
    pub granularity: Granularity,
    /// The traces of the sample slots of the described terms, and of the
    /// slots the averaging shows, filled by [`describe_step`]. A step over a
    /// whole iteration reuses each trace for the averaging.
    pub samples: HashMap<usize, SampleTrace>,
}

impl Context<'_> {
    /// Returns the trace of sample slot `slot`, which [`describe_step`] put
    /// into `samples` before describing.
    fn sample(&self, slot: usize) -> &SampleTrace {
        &self.samples[&slot]
    }

    fn activation(&self, layer: usize) -> Activation {
        self.network.layers[layer - 1].activation
    }

    fn loss(&self) -> Loss {
        self.network.loss
    }

    /// " for sample 2" when the network has several samples, else "".
    fn for_sample(&self, slot: usize) -> String {
        if self.network.samples.len() > 1 {
            format!(" for sample {}", self.trace.order[slot] + 1)
        } else {
            String::new()
        }
    }
}

/// The description of one term before the fields every term shares.
struct Described {
    phase: Phase,
    slot: Option<usize>,
    layer: Option<usize>,
    unit: Option<usize>,
    from: Option<usize>,
    quantity: Quantity,
    symbol: Expr,
    value: f64,
    factors: Vec<(Expr, f64)>,
    explanation: String,
    /// Rows of the formula; each row is a chain of equal expressions.
    rows: Vec<Expr>,
    highlight: Elements,
    depends_on: Elements,
}

impl Described {
    /// Starts the description of a term about unit `unit` of layer `layer`
    /// for sample slot `slot`, which highlights and depends on that unit
    /// alone. The caller sets the explanation, the rows and every field
    /// that differs.
    fn of_unit(
        phase: Phase,
        quantity: Quantity,
        slot: usize,
        layer: usize,
        unit: usize,
        symbol: Expr,
        value: f64,
    ) -> Described {
        Described {
            phase,
            slot: Some(slot),
            layer: Some(layer),
            unit: Some(unit),
            from: None,
            quantity,
            symbol,
            value,
            factors: Vec::new(),
            explanation: String::new(),
            rows: Vec::new(),
            highlight: Elements::unit(layer, unit),
            depends_on: Elements::unit(layer, unit),
        }
    }
}

/// Describes a step that covers `terms` (at least one) after `omitted`
/// earlier terms that are not described.
pub fn describe_step(context: &mut Context, terms: &[Term], omitted: usize) -> Step {
    for &term in terms {
        let slots = match term {
            // The averaging reads the gradients of the samples its sums list.
            Term::Average => shown_indices(context.trace.order.len()).0,
            _ => term.slot().into_iter().collect(),
        };
        for slot in slots {
            if !context.samples.contains_key(&slot) {
                let trace = context.trace.sample(context.network, slot);
                context.samples.insert(slot, trace);
            }
        }
    }

    let (described, rows): (Vec<Step>, Vec<String>) = terms
        .iter()
        .map(|&term| describe_term_with_rows(context, term))
        .unzip();
    let mut step = described
        .last()
        .cloned()
        .expect("a step covers at least one term");
    step.granularity = context.granularity;
    step.omitted_terms = omitted;
    if context.granularity != Granularity::Term {
        // The last entry of `terms` stays a term-granularity description
        // with its own formula. Only the step itself gets the stacked
        // formulas of every term it covers.
        step.mathml = math(&rows.concat());
        step.terms = described;
    }
    step
}

/// Describes one term at term granularity.
pub fn describe_term(context: &Context, term: Term) -> Step {
    describe_term_with_rows(context, term).0
}

/// Describes one term at term granularity and returns the table rows of its
/// formula, the `<mtr>` elements inside its `mathml`, for a step to stack.
fn describe_term_with_rows(context: &Context, term: Term) -> (Step, String) {
    let described = match term {
        Term::Z { slot, layer, unit } => forward::z(context, slot, layer, unit),
        Term::A { slot, layer, unit } => forward::a(context, slot, layer, unit),
        Term::Loss { slot } => forward::loss(context, slot),
        Term::DlDa { slot, layer, unit } => backward::dl_da(context, slot, layer, unit),
        Term::DaDz { slot, layer, unit } => backward::da_dz(context, slot, layer, unit),
        Term::Delta { slot, layer, unit } => backward::delta(context, slot, layer, unit),
        Term::DlDw {
            slot,
            layer,
            from,
            unit,
        } => backward::dl_dw(context, slot, layer, from, unit),
        Term::DlDb { slot, layer, unit } => backward::dl_db(context, slot, layer, unit),
        Term::Average => training::average(context),
        Term::Update => training::update(context),
    };
    let rows: String = described
        .rows
        .iter()
        .map(|row| table_row(&row.mathml))
        .collect();
    let step = Step {
        granularity: Granularity::Term,
        phase: described.phase,
        iteration: context.iteration,
        sample: described.slot.map(|slot| context.trace.order[slot]),
        layer: described.layer,
        unit: described.unit,
        from: described.from,
        quantity: described.quantity,
        symbol: described.symbol.text,
        value: described.value,
        factors: described
            .factors
            .into_iter()
            .map(|(symbol, value)| Factor {
                symbol: symbol.text,
                value,
            })
            .collect(),
        explanation: described.explanation,
        mathml: math(&rows),
        highlight: described.highlight,
        depends_on: described.depends_on,
        terms: Vec::new(),
        omitted_terms: 0,
    };
    (step, rows)
}

/// Wraps formula rows in a `<math>` element as a left-aligned table.
fn math(rows: &str) -> String {
    format!("<math display=\"block\"><mtable columnalign=\"left\">{rows}</mtable></math>")
}

fn table_row(mathml: &str) -> String {
    format!("<mtr><mtd>{mathml}</mtd></mtr>")
}

/// Returns the indices of `count` items that a sum shows: all of them, or
/// the first three and the last, and whether some are left out.
fn shown_indices(count: usize) -> (Vec<usize>, bool) {
    if count <= MAX_TERMS_SHOWN {
        ((0..count).collect(), false)
    } else {
        (vec![0, 1, 2, count - 1], true)
    }
}

/// Writes the sum of the items that [`shown_indices`] picked, with an
/// ellipsis before the last when some are left out.
fn shown_sum(mut terms: Vec<Expr>, abbreviated: bool) -> Expr {
    if abbreviated {
        if let Some(last) = terms.pop() {
            terms.push(Expr::literal("…", "<mo>⋯</mo>"));
            terms.push(last);
        }
    }
    notation::sum(&terms)
}

/// The maximum number of terms a sum shows in full. A longer sum shows the
/// first three, an ellipsis and the last, because a 64-term sum is
/// unreadable on screen.
const MAX_TERMS_SHOWN: usize = 8;

/// Writes the sum of `term(0)` to `term(count - 1)`, abbreviated past
/// [`MAX_TERMS_SHOWN`] terms. Only the terms shown are built, because a wide
/// layer has thousands.
fn abbreviated_sum(count: usize, term: impl Fn(usize) -> Expr) -> Expr {
    let (shown, abbreviated) = shown_indices(count);
    shown_sum(shown.into_iter().map(term).collect(), abbreviated)
}

/// Writes the row `symbol = formula = substituted = value`.
fn substitution_row(symbol: &Expr, formula: Expr, substituted: Expr, value: f64) -> Expr {
    notation::equation(&[symbol.clone(), formula, substituted, result(value)])
}

/// Formats the value as the last side of an equation.
fn result(value: f64) -> Expr {
    Expr::literal(&format::text(value), &format::mathml(value))
}
