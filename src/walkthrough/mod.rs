//! The tutorial's steps as a state machine over the core.
//!
//! A [`Walkthrough`] owns a [`Network`] and moves through gradient descent
//! one step at a time. The finest step is one term: one z, a, dL/da, da/dz,
//! delta, dL/dw or dL/db, the loss, the averaging or the update.
//! [`sequence::Sequence`] gives their order. Coarser granularities
//! group the terms of a unit, of a layer or of a whole iteration.
//!
//! Every value comes from the core: at the start of each iteration the
//! walkthrough runs the core's forward and backward passes and averaging at
//! the current parameters ([`trace::IterationTrace`]) and then reveals the
//! results term by term. An iteration trains on the samples of the core's
//! [`batch_samples`] schedule: all of them, or the iteration's mini-batch
//! when the document has a batch size. So the terms of an iteration,
//! and their number, are a deterministic function of the iteration index and
//! the parameters at its start. Undo only needs the position before each
//! step, the learning rate of each update and checkpoints of the
//! parameters. It recomputes the rest, which restores the exact state.

pub mod describe;
pub mod format;
pub mod notation;
pub mod sequence;
pub mod snapshot;
pub mod trace;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use crate::core::train::{batch_len, batch_samples};
use crate::core::Network;

pub use describe::{Elements, Factor, Phase, Quantity, Step};
pub use sequence::{Granularity, Sequence, Term};
pub use snapshot::Snapshot;
use trace::{IterationTrace, Update, UpdateOutcome};

/// The maximum number of iterations that [`Walkthrough::go_to`] runs in one call, so that a
/// mistyped link cannot freeze the page. NOTE: the limit is a guess at what
/// a learner's link needs, not a measured bound.
pub const MAX_GO_TO_ITERATIONS: usize = 10_000;

/// The number of parameters per iteration between checkpoints. A network
/// with fewer parameters keeps the parameters of every iteration's start. A
/// network with n times as many keeps every n-th, so that undo stores about
/// 8 KiB per iteration.
const PARAMETERS_PER_CHECKPOINT_INTERVAL: usize = 1_024;

/// The maximum interval between checkpoints, which bounds the iterations an
/// undo replays.
const MAX_CHECKPOINT_INTERVAL: usize = 32;

/// The maximum number of terms a step's description lists. A step over a
/// whole iteration of a large document covers millions of terms, so only
/// the last ones are described and the step reports how many it left out.
/// NOTE: the limit is an estimate of what a page can render, not measured.
pub const MAX_DESCRIBED_TERMS: usize = 1_000;

/// A place in the walkthrough: the iteration (0-based) and how many of its
/// terms have been taken (0 to [`Walkthrough::term_count_of`] the
/// iteration). After an
/// iteration's update the position is `{ iteration, term: term_count }`; the
/// next step moves into the next iteration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub iteration: usize,
    pub term: usize,
}

/// The reason a walkthrough call was rejected. The state is unchanged after
/// every error.
#[derive(Clone, Debug, PartialEq)]
pub enum WalkthroughError {
    /// `previous_step` at the start of the session.
    AtStart,
    /// The last update diverged and the learning rate has not changed since.
    Diverged {
        reason: String,
    },
    /// The parameters the session started from already give a non-finite
    /// value, so no step can be shown.
    NotFiniteAtStart {
        quantity: String,
    },
    UnknownGranularity {
        name: String,
    },
    InvalidLearningRate {
        value: f64,
    },
    InvalidPosition {
        iteration: usize,
        term: usize,
        term_count: usize,
    },
    /// `go_to` would run more than [`MAX_GO_TO_ITERATIONS`] iterations.
    TooFarAhead {
        iteration: usize,
        current: usize,
    },
}

impl fmt::Display for WalkthroughError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WalkthroughError::AtStart => {
                write!(f, "already at the start of the session, so there is no step to undo")
            }
            WalkthroughError::Diverged { reason } => write!(f, "{reason}"),
            WalkthroughError::NotFiniteAtStart { quantity } => write!(
                f,
                "at the initial parameters {quantity} is not finite; \
                 load a network with smaller weights or inputs, or reseed it"
            ),
            WalkthroughError::UnknownGranularity { name } => write!(
                f,
                "unknown granularity {name:?}; expected one of \"term\", \"unit\", \"layer\", \"iteration\""
            ),
            WalkthroughError::InvalidLearningRate { value } => write!(
                f,
                "invalid learning rate {value}; expected a positive finite number such as 0.5"
            ),
            WalkthroughError::InvalidPosition { iteration, term, term_count } => write!(
                f,
                "invalid term {term} of iteration {iteration}; \
                 expected a term from 0 to {term_count}, the number of terms in that iteration"
            ),
            WalkthroughError::TooFarAhead { iteration, current } => write!(
                f,
                "iteration {iteration} is more than {MAX_GO_TO_ITERATIONS} iterations ahead of \
                 the current iteration {current}; go there in several calls"
            ),
        }
    }
}

impl std::error::Error for WalkthroughError {}

/// The position before a step, and what is needed to restore it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Mark {
    before: Position,
    /// The learning rate of the update already taken at `before`, when
    /// `before` is the end of an iteration.
    update_rate: Option<f64>,
    /// The granularity the step was taken at.
    granularity: Granularity,
}

/// The step-by-step state of gradient descent on one network.
#[derive(Clone, Debug)]
pub struct Walkthrough {
    /// The network with the current parameters and settings.
    network: Network,
    /// The parameters the session started from, restored by `reset`.
    initial: Vec<f64>,
    /// The terms of the current iteration, laid out for its batch.
    sequence: Sequence,
    granularity: Granularity,
    /// The parameters at the start of the current iteration.
    start: Vec<f64>,
    /// `checkpoints[c]` contains the parameters at the start of iteration
    /// `c * checkpoint_interval`, for every such iteration up to the current
    /// one. Undo recomputes the parameters between checkpoints by replaying
    /// the updates with their learning rates, which gives the same bits.
    /// NOTE: the checkpoints still grow with the number of iterations, about
    /// 8 KiB per iteration for a large network; `reset` frees them.
    checkpoints: Vec<Vec<f64>>,
    checkpoint_interval: usize,
    /// The learning rate of each completed iteration's update.
    rates: Vec<f64>,
    /// The mean loss before each applied update.
    loss_history: Vec<f64>,
    position: Position,
    /// The values of the current iteration, at `start`, over its batch
    /// (`trace.order`).
    trace: IterationTrace,
    /// The update of the current iteration once its last term is taken.
    update: Option<Update>,
    marks: Vec<Mark>,
    /// Set when the initial parameters already give a non-finite value.
    fault: Option<String>,
}

impl Walkthrough {
    /// Starts a walkthrough at the network's current parameters, at term
    /// granularity. The network must have at least one sample, as every
    /// valid network document has. Iteration 0 takes the first batch of the
    /// network's mini-batch schedule, like a new core `Workspace`.
    pub fn new(network: Network) -> Walkthrough {
        let batch = batch_of(&network, 0);
        let sequence = Sequence::new(&network, batch.len());
        let initial = trace::parameters(&network);
        let trace = IterationTrace::compute(&network, &batch);
        let fault = trace.first_non_finite();
        let checkpoint_interval =
            (initial.len() / PARAMETERS_PER_CHECKPOINT_INTERVAL).clamp(1, MAX_CHECKPOINT_INTERVAL);
        Walkthrough {
            network,
            start: initial.clone(),
            checkpoints: vec![initial.clone()],
            checkpoint_interval,
            rates: Vec::new(),
            initial,
            sequence,
            granularity: Granularity::Term,
            loss_history: Vec::new(),
            position: Position {
                iteration: 0,
                term: 0,
            },
            trace,
            update: None,
            marks: Vec::new(),
            fault,
        }
    }

    /// Returns the network with the parameters the session started from (or
    /// was last reseeded to) and the current settings, which together with
    /// [`Walkthrough::position`] identifies a step, for example in a link.
    pub fn initial_network(&self) -> Network {
        let mut network = self.network.clone();
        trace::load_parameters(&mut network, &self.initial);
        network
    }

    /// Returns the network with the current parameters: those of the current
    /// iteration's start, or the updated ones once its update is taken.
    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// Sets how many terms the next steps cover. The position does not
    /// change, so the next step continues from the same term.
    pub fn set_granularity(&mut self, granularity: Granularity) {
        self.granularity = granularity;
    }

    /// Parses and sets the granularity by its name ("term", "unit", "layer"
    /// or "iteration").
    pub fn set_granularity_name(&mut self, name: &str) -> Result<(), WalkthroughError> {
        let granularity =
            Granularity::from_name(name).ok_or_else(|| WalkthroughError::UnknownGranularity {
                name: name.to_string(),
            })?;
        self.set_granularity(granularity);
        Ok(())
    }

    /// Sets the learning rate of every later update. An update already
    /// taken keeps the rate it was taken with.
    pub fn set_learning_rate(&mut self, learning_rate: f64) -> Result<(), WalkthroughError> {
        if !(learning_rate.is_finite() && learning_rate > 0.0) {
            return Err(WalkthroughError::InvalidLearningRate {
                value: learning_rate,
            });
        }
        self.network.learning_rate = learning_rate;
        Ok(())
    }

    /// Restores the initial parameters and clears the loss history and every
    /// step. The granularity and the learning rate stay as they are.
    pub fn reset(&mut self) {
        trace::load_parameters(&mut self.network, &self.initial);
        let granularity = self.granularity;
        *self = Walkthrough::new(self.network.clone());
        self.granularity = granularity;
    }

    /// Draws new initial parameters from `seed` with the network's
    /// initialiser, then resets.
    pub fn reseed(&mut self, seed: u64) {
        self.network.reseed(seed);
        let granularity = self.granularity;
        *self = Walkthrough::new(self.network.clone());
        self.granularity = granularity;
    }

    /// Returns the number of terms in the current iteration. With
    /// mini-batches it is smaller in an iteration whose batch is short.
    pub fn term_count(&self) -> usize {
        self.sequence.len()
    }

    /// Returns the number of terms in iteration `iteration` (0-based), which
    /// depends only on how many samples its batch has.
    pub fn term_count_of(&self, iteration: usize) -> usize {
        Sequence::new(&self.network, batch_len(&self.network, iteration)).len()
    }

    /// Returns the terms of the current iteration, in order.
    pub fn sequence(&self) -> &Sequence {
        &self.sequence
    }

    /// Counts the steps the current iteration takes at `granularity`.
    pub fn step_count(&self, granularity: Granularity) -> usize {
        self.sequence.step_count(granularity)
    }

    /// Returns the indices of the samples the current iteration trains on,
    /// in the order its terms take them: every sample in index order, or
    /// the iteration's mini-batch.
    pub fn batch(&self) -> &[usize] {
        &self.trace.order
    }

    pub fn position(&self) -> Position {
        self.position
    }

    /// Returns the mean loss before each applied update, oldest first.
    pub fn loss_history(&self) -> &[f64] {
        &self.loss_history
    }

    /// Returns whether a step can be undone, which is whether the
    /// walkthrough has moved since the session's start.
    pub fn can_step_back(&self) -> bool {
        !self.marks.is_empty()
    }

    /// Returns why training stopped, when the update just taken diverged.
    pub fn diverged(&self) -> Option<&str> {
        match &self.update {
            Some(Update {
                outcome: UpdateOutcome::Diverged { reason },
                ..
            }) => Some(reason),
            _ => None,
        }
    }

    /// Moves one step forward at the current granularity and describes it.
    pub fn next_step(&mut self) -> Result<Step, WalkthroughError> {
        self.advance(self.granularity, None)?;
        Ok(self.describe_current())
    }

    /// Undoes the last step exactly and describes the step before it, or
    /// returns `None` when the walkthrough is back at the session's start.
    pub fn previous_step(&mut self) -> Result<Option<Step>, WalkthroughError> {
        let mark = self.marks.pop().ok_or(WalkthroughError::AtStart)?;
        self.restore(mark);
        Ok(self.current_step())
    }

    /// Moves to the end of the current iteration, through its update, as one
    /// step. At the end of an iteration it runs the whole next one.
    pub fn run_iteration(&mut self) -> Result<Step, WalkthroughError> {
        self.advance(Granularity::Iteration, None)?;
        Ok(self.describe_current())
    }

    /// Runs the rest of the current iteration (or the whole next one) like
    /// [`Walkthrough::run_iteration`] and returns the mean loss before its
    /// update. A diverging update is undone and returned as an error, which
    /// leaves the walkthrough and the parameters as they were.
    pub fn train_step(&mut self) -> Result<f64, WalkthroughError> {
        self.advance(Granularity::Iteration, None)?;
        if let Some(reason) = self.diverged().map(str::to_string) {
            if let Some(mark) = self.marks.pop() {
                self.restore(mark);
            }
            return Err(WalkthroughError::Diverged { reason });
        }
        Ok(self.trace.mean_loss)
    }

    /// Describes the step just taken, or returns `None` at the session's start.
    pub fn current_step(&self) -> Option<Step> {
        if self.marks.is_empty() {
            None
        } else {
            Some(self.describe_current())
        }
    }

    /// Collects every value the current iteration has computed so far.
    pub fn snapshot(&self) -> Snapshot {
        snapshot::build(self)
    }

    /// Returns the averaged gradient of the current iteration in the order of
    /// `Gradient::to_vector` (layer by layer, weights row by row, then
    /// biases), once the backward pass of every sample is complete.
    pub fn gradient_vector(&self) -> Option<Vec<f64>> {
        if self.gradient_known() {
            Some(self.trace.gradient.to_vector())
        } else {
            None
        }
    }

    /// Returns the plain-text symbols of the parameters, in the order of
    /// [`Walkthrough::gradient_vector`].
    pub fn parameter_symbols(&self) -> Vec<String> {
        trace::parameter_symbols(&self.network)
    }

    /// Moves to `target` as if the learner had stepped there: back by undoing
    /// steps, forward by whole iterations and then by steps of the current
    /// granularity, the last one cut short at `target.term`. Term 0 of an
    /// iteration after the first is the same place as the end of the
    /// iteration before it.
    pub fn go_to(&mut self, target: Position) -> Result<(), WalkthroughError> {
        let term_count = self.term_count_of(target.iteration);
        if target.term > term_count {
            return Err(WalkthroughError::InvalidPosition {
                iteration: target.iteration,
                term: target.term,
                term_count,
            });
        }
        if target.iteration > self.position.iteration + MAX_GO_TO_ITERATIONS {
            return Err(WalkthroughError::TooFarAhead {
                iteration: target.iteration,
                current: self.position.iteration,
            });
        }
        if let Some(quantity) = &self.fault {
            if target
                != (Position {
                    iteration: 0,
                    term: 0,
                })
            {
                return Err(WalkthroughError::NotFiniteAtStart {
                    quantity: quantity.clone(),
                });
            }
        }
        let target = if target.term == 0 && target.iteration > 0 {
            Position {
                iteration: target.iteration - 1,
                term: self.term_count_of(target.iteration - 1),
            }
        } else {
            target
        };

        let saved = self.clone();
        let result = self.go_to_normalised(target);
        if result.is_err() {
            *self = saved;
        }
        result
    }

    fn go_to_normalised(&mut self, target: Position) -> Result<(), WalkthroughError> {
        while self.position > target {
            match self.marks.pop() {
                Some(mark) => self.restore(mark),
                None => break,
            }
        }

        // Whole iterations up to the end of the one before the target's.
        while self.position.iteration < target.iteration
            && !(self.position.iteration + 1 == target.iteration
                && self.position.term == self.sequence.len())
        {
            self.advance(Granularity::Iteration, None)?;
        }

        // Steps of the current granularity within the target iteration.
        while self.position < target {
            let limit = target.term;
            self.advance(self.granularity, Some(limit))?;
        }
        Ok(())
    }

    /// Takes one step of `granularity`, ending no later than term `limit`,
    /// and records how to undo it.
    fn advance(
        &mut self,
        granularity: Granularity,
        limit: Option<usize>,
    ) -> Result<(), WalkthroughError> {
        if let Some(quantity) = &self.fault {
            return Err(WalkthroughError::NotFiniteAtStart {
                quantity: quantity.clone(),
            });
        }
        let term_count = self.sequence.len();
        let mark = Mark {
            before: self.position,
            update_rate: self.update.as_ref().map(|u| u.learning_rate),
            granularity,
        };

        if self.position.term == term_count {
            let update = self
                .update
                .take()
                .expect("an update exists at the end of an iteration");
            match update.outcome {
                UpdateOutcome::Diverged { reason } => {
                    // Retry the update only if the learning rate has changed;
                    // the same rate would diverge the same way.
                    if self.network.learning_rate == update.learning_rate {
                        self.update = Some(Update {
                            outcome: UpdateOutcome::Diverged {
                                reason: reason.clone(),
                            },
                            ..update
                        });
                        return Err(WalkthroughError::Diverged { reason });
                    }
                    self.take_update();
                    self.marks.push(mark);
                    return Ok(());
                }
                UpdateOutcome::Applied {
                    parameters, next, ..
                } => {
                    self.rates.push(update.learning_rate);
                    self.start = parameters;
                    self.trace = *next;
                    self.sequence = Sequence::new(&self.network, self.trace.order.len());
                    self.position = Position {
                        iteration: self.position.iteration + 1,
                        term: 0,
                    };
                    if self
                        .position
                        .iteration
                        .is_multiple_of(self.checkpoint_interval)
                    {
                        self.checkpoints.push(self.start.clone());
                    }
                }
            }
        }

        let start = self.position.term;
        let mut end = self.sequence.step_end(start, granularity);
        if let Some(limit) = limit {
            end = end.min(limit.max(start + 1));
        }
        if self.sequence.get(end - 1) == Term::Update {
            self.take_update();
        }
        self.position.term = end;
        self.marks.push(mark);
        Ok(())
    }

    /// Computes the update of the current iteration with the current
    /// learning rate and applies it unless it diverges.
    fn take_update(&mut self) {
        trace::load_parameters(&mut self.network, &self.start);
        let next_batch = batch_of(&self.network, self.position.iteration + 1);
        let update = Update::compute(
            &self.network,
            &self.trace,
            &next_batch,
            self.network.learning_rate,
        );
        self.settle_update(update);
    }

    fn settle_update(&mut self, update: Update) {
        self.loss_history.truncate(self.position.iteration);
        if let UpdateOutcome::Applied { parameters, .. } = &update.outcome {
            trace::load_parameters(&mut self.network, parameters);
            self.loss_history.push(self.trace.mean_loss);
        }
        self.update = Some(update);
    }

    /// Recomputes the parameters at the start of iteration `iteration` and
    /// that iteration's trace from the last checkpoint before it, replaying
    /// each update with the learning rate it was taken with. Leaves the
    /// network at the returned parameters.
    fn replay(&mut self, iteration: usize) -> (Vec<f64>, IterationTrace) {
        let first = iteration / self.checkpoint_interval * self.checkpoint_interval;
        let mut parameters = self.checkpoints[iteration / self.checkpoint_interval].clone();
        trace::load_parameters(&mut self.network, &parameters);
        let mut trace = IterationTrace::compute(&self.network, &batch_of(&self.network, first));
        for replayed in first..iteration {
            let next_batch = batch_of(&self.network, replayed + 1);
            let update = Update::compute(&self.network, &trace, &next_batch, self.rates[replayed]);
            // The update was applied before with the same inputs, so it
            // applies again. A diverged replay would be a bug, and keeping
            // the parameters is the least harmful way to go on.
            if let UpdateOutcome::Applied {
                parameters: after,
                next,
                ..
            } = update.outcome
            {
                parameters = after;
                // The update already traced the next iteration at the new
                // parameters.
                trace = *next;
                trace::load_parameters(&mut self.network, &parameters);
            }
        }
        (parameters, trace)
    }

    /// Restores the state before the step that `mark` recorded.
    fn restore(&mut self, mark: Mark) {
        let target = mark.before;
        if target.iteration != self.position.iteration {
            self.rates.truncate(target.iteration);
            self.checkpoints
                .truncate(target.iteration / self.checkpoint_interval + 1);
            let (start, trace) = self.replay(target.iteration);
            self.start = start;
            self.trace = trace;
            self.sequence = Sequence::new(&self.network, self.trace.order.len());
        }

        trace::load_parameters(&mut self.network, &self.start);
        self.loss_history.truncate(target.iteration);
        self.update = None;
        self.position = target;

        if let Some(rate) = mark.update_rate {
            let next_batch = batch_of(&self.network, target.iteration + 1);
            let update = Update::compute(&self.network, &self.trace, &next_batch, rate);
            self.settle_update(update);
        }
    }

    /// Returns the range of terms the last step covered, and its granularity.
    fn last_step_span(&self) -> Option<(std::ops::Range<usize>, Granularity)> {
        let mark = self.marks.last()?;
        let span = if mark.before.iteration != self.position.iteration {
            0..self.position.term
        } else if mark.before.term == self.position.term {
            // A retried update: the step was the update again.
            self.position.term - 1..self.position.term
        } else {
            mark.before.term..self.position.term
        };
        Some((span, mark.granularity))
    }

    fn describe_current(&self) -> Step {
        let (span, granularity) = self.last_step_span().expect("a step has been taken");
        let network = self.network_at_iteration_start();
        let mut context = describe::Context {
            network: &network,
            trace: &self.trace,
            update: self.update.as_ref(),
            iteration: self.position.iteration,
            granularity,
            samples: HashMap::new(),
        };
        let described = span.start.max(span.end.saturating_sub(MAX_DESCRIBED_TERMS))..span.end;
        let omitted = described.start - span.start;
        let terms: Vec<Term> = described.map(|index| self.sequence.get(index)).collect();
        describe::describe_step(&mut context, &terms, omitted)
    }

    /// Returns the network with the parameters of the current iteration's start,
    /// which every term of the iteration was computed from.
    fn network_at_iteration_start(&self) -> Cow<'_, Network> {
        let start = &self.start;
        if trace::parameters(&self.network) == *start {
            Cow::Borrowed(&self.network)
        } else {
            let mut network = self.network.clone();
            trace::load_parameters(&mut network, start);
            Cow::Owned(network)
        }
    }

    fn gradient_known(&self) -> bool {
        self.position.term >= self.sequence.samples_end()
    }
}

/// Lists the samples of iteration `iteration` by the core's schedule.
fn batch_of(network: &Network, iteration: usize) -> Vec<usize> {
    let mut batch = Vec::with_capacity(network.samples.len());
    batch_samples(network, iteration, &mut batch);
    batch
}
