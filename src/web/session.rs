//! The `Session` class exported to JavaScript: a network, its training and
//! the step-by-step walkthrough, as the JavaScript API document describes.
//!
//! Every method returns plain objects and arrays (no `Map`) and throws an
//! `Error` whose message names the method, the argument and the fix. The
//! browser tests in tests/web_session.rs call each method with bad
//! arguments to check that none of them panics.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::core::presets::{preset, PRESET_NAMES};
use crate::core::train;
use crate::core::Network;
use crate::walkthrough::snapshot::LayersValues;
use crate::walkthrough::trace::loss_at;
use crate::walkthrough::{Granularity, Position, Walkthrough, WalkthroughError};

/// The largest whole number that a JavaScript number represents exactly,
/// 2^53 - 1.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A drawing element: a unit `[l, k]`, an edge (weight w_{j,k}^(l)) `[l, j, k]`, a bias `[l, k]`. Indices are 0-based except the layer number l. */
export interface Elements {
  units: [number, number][];
  edges: [number, number, number][];
  biases: [number, number][];
}

/** One chain-rule factor of a step's value. */
export interface Factor {
  /** Plain text, 1-based: "da_1^(2)/dz_1^(2)". */
  symbol: string;
  value: number;
}

/** A step of the walkthrough. At a granularity coarser than "term" the top-level fields describe the last term and `terms` lists every term. */
export interface Step {
  granularity: "term" | "unit" | "layer" | "iteration";
  phase: "forward" | "loss" | "backward" | "average" | "update";
  /** The 0-based iteration the step belongs to. */
  iteration: number;
  /** The 0-based sample; null for the averaging and the update. */
  sample: number | null;
  /** The layer number l; null for the loss, the averaging and the update. */
  layer: number | null;
  /** The 0-based unit k; null when the step is not about one unit. */
  unit: number | null;
  /** The 0-based j of a weight w_{j,k}; otherwise null. */
  from: number | null;
  quantity: "z" | "a" | "loss" | "dl_da" | "da_dz" | "delta" | "dl_dw" | "dl_db" | "gradient" | "update";
  /** Plain text, 1-based: "dL/dw_{1,1}^(2)". */
  symbol: string;
  /** For "gradient", the length of the averaged gradient; for "update", the mean loss after the update. */
  value: number;
  /** The chain-rule factors, whose product is `value`; empty when the value is not such a product. */
  factors: Factor[];
  explanation: string;
  /** A <math> element with the numbers substituted. */
  mathml: string;
  highlight: Elements;
  dependsOn: Elements;
  /** At a granularity coarser than "term", every term the step covers; [] at "term". */
  terms: Step[];
  /** The number of covered terms left out of `terms` (the first ones) because the step covers more than 1,000. */
  omittedTerms: number;
}

/** Weights and biases, or their partial derivatives, in the network document's shapes. */
export interface Parameters {
  layers: { weights: number[][]; biases: number[] }[];
}

/** A place in the walkthrough: `term` terms of iteration `iteration` are taken. */
export interface Position {
  iteration: number;
  term: number;
}

/** Every value the current iteration has computed, with null where it has not. */
export interface Snapshot {
  iteration: number;
  position: Position;
  /** The number of terms in the current iteration; smaller in an iteration whose mini-batch is short. */
  termCount: number;
  /** The 0-based index into the document's samples of the sample whose values z..dlDb hold. */
  sample: number;
  /** The number of samples in the document. */
  sampleCount: number;
  /** The 0-based indices of the samples the iteration trains on, in the order it takes them: every sample, or the iteration's mini-batch. */
  batch: number[];
  phase: "start" | "forward" | "loss" | "backward" | "average" | "update";
  layerSizes: number[];
  activations: string[];
  loss: string;
  learningRate: number;
  trainBiases: boolean;
  x: number[];
  y: number[];
  parameters: Parameters;
  z: (number | null)[][];
  a: (number | null)[][];
  dlDa: (number | null)[][];
  daDz: (number | null)[][];
  delta: (number | null)[][];
  dlDw: (number | null)[][][];
  dlDb: (number | null)[][];
  sampleLoss: number | null;
  sampleLosses: (number | null)[];
  meanLoss: number | null;
  gradient: Parameters | null;
  gradientVector: number[] | null;
  parameterSymbols: string[];
  lossHistory: number[];
  diverged: string | null;
}
"#;

/// A network, its training state and the step-by-step walkthrough of
/// gradient descent on it.
#[wasm_bindgen]
pub struct Session {
    walkthrough: Walkthrough,
}

/// Converts `value` to plain JavaScript objects and arrays, with null for
/// `None`.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| {
            JsError::new(&format!(
                "internal error: converting the result to JavaScript failed: {error}"
            ))
        })
}

/// Builds the `Error` of a rejected call: "method(argument): message".
fn rejected(call: &str, error: &WalkthroughError) -> JsError {
    JsError::new(&format!("{call}: {error}"))
}

/// Describes a JavaScript value for an error message: its type, and the
/// value itself where it is short.
fn describe(value: &JsValue) -> String {
    if value.is_undefined() {
        return "nothing (undefined)".to_string();
    }
    if value.is_null() {
        return "null".to_string();
    }
    if let Some(number) = value.as_f64() {
        return format!("the number {number}");
    }
    if let Some(flag) = value.as_bool() {
        return format!("the boolean {flag}");
    }
    if let Some(text) = value.as_string() {
        return format!("the string {text:?}");
    }
    match value.js_typeof().as_string().as_deref() {
        Some("object") if js_sys::Array::is_array(value) => "an array".to_string(),
        Some("object") => "an object".to_string(),
        Some(kind) => format!("a value of type {kind}"),
        None => "a value of unknown type".to_string(),
    }
}

/// Returns `value` as a string, or an error naming the call and what was
/// passed instead. JavaScript passes any value to a parameter, so every
/// string parameter is checked here instead of in the generated glue.
fn string_argument(call: &str, value: &JsValue) -> Result<String, JsError> {
    value.as_string().ok_or_else(|| {
        JsError::new(&format!(
            "{call}: expected a string, found {}",
            describe(value)
        ))
    })
}

/// Returns `value` as a number, or an error naming the call and what was
/// passed instead; a numeric string such as "0.5" is not converted.
fn number_argument(call: &str, value: &JsValue) -> Result<f64, JsError> {
    value.as_f64().ok_or_else(|| {
        JsError::new(&format!(
            "{call}: expected a number, found {}",
            describe(value)
        ))
    })
}

/// Checks that `value` is a whole number from 0 to 2^53 - 1.
fn whole_number(call: &str, value: &JsValue) -> Result<f64, JsError> {
    let value = number_argument(call, value)?;
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= MAX_SAFE_INTEGER {
        Ok(value)
    } else {
        Err(JsError::new(&format!(
            "{call}: invalid value {value}; expected a whole number from 0 to {MAX_SAFE_INTEGER}"
        )))
    }
}

impl Session {
    fn new(network: Network) -> Session {
        Session {
            walkthrough: Walkthrough::new(network),
        }
    }
}

#[wasm_bindgen]
impl Session {
    /// Creates a session from a network document (JSON text). Throws when
    /// the document is invalid; the message names the field, for example
    /// `layers[1].weights[2]: ...`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<Session, JsError> {
        let text = string_argument("fromJson(text)", &text)?;
        Network::from_json(&text)
            .map(Session::new)
            .map_err(|error| {
                JsError::new(&format!(
                    "fromJson(text): invalid network document: {error}"
                ))
            })
    }

    /// Creates a session from a built-in lesson: "2-3-1" (the default),
    /// "single-neuron", "xor" or "mazur-2-2-2". Throws for any other name.
    pub fn preset(
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> Result<Session, JsError> {
        let name = string_argument("preset(name)", &name)?;
        preset(&name)
            .map(Session::new)
            .map_err(|error| JsError::new(&format!("preset(name): {error}")))
    }

    /// Returns the names of the built-in lessons, the default first.
    #[wasm_bindgen(js_name = presetNames)]
    pub fn preset_names() -> Vec<String> {
        PRESET_NAMES.iter().map(|name| name.to_string()).collect()
    }

    /// Returns the network document (JSON text) with the current parameters.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.walkthrough.network().to_json()
    }

    /// Returns the network document (JSON text) with the parameters the
    /// session started from, or was last reseeded to. With `position()` it
    /// restores a step: `Session.fromJson(initial).goTo(iteration, term)`.
    #[wasm_bindgen(js_name = initialJson)]
    pub fn initial_json(&self) -> String {
        self.walkthrough.initial_network().to_json()
    }

    /// Computes the mean loss over the document's samples at the current
    /// parameters.
    pub fn loss(&self) -> f64 {
        loss_at(self.walkthrough.network())
    }

    /// Computes dL/dw and dL/db at the current parameters, averaged over the
    /// samples, in the document's shapes: `layers[l - 1].weights[j][k]` is
    /// dL/dw_{j+1,k+1}^(l).
    #[wasm_bindgen(unchecked_return_type = "Parameters")]
    pub fn gradient(&self) -> Result<JsValue, JsError> {
        to_js(&LayersValues::of_gradient(&train::gradient(
            self.walkthrough.network(),
        )))
    }

    /// Runs the rest of the current iteration, or a whole iteration at an
    /// iteration's end, and returns the mean loss before its update over
    /// the iteration's samples (its mini-batch, when the document has a
    /// batch size). Throws
    /// when the update diverges (a non-finite parameter or value), leaving
    /// the parameters and the walkthrough unchanged.
    #[wasm_bindgen(js_name = trainStep)]
    pub fn train_step(&mut self) -> Result<f64, JsError> {
        self.walkthrough
            .train_step()
            .map_err(|error| rejected("trainStep()", &error))
    }

    /// Sets the learning rate alpha of every later update. Throws unless
    /// `alpha` is a positive finite number.
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] alpha: JsValue,
    ) -> Result<(), JsError> {
        let alpha = number_argument("setLearningRate(alpha)", &alpha)?;
        self.walkthrough
            .set_learning_rate(alpha)
            .map_err(|error| rejected("setLearningRate(alpha)", &error))
    }

    /// Restores the initial parameters and clears the loss history and the
    /// walkthrough. The granularity and the learning rate stay.
    pub fn reset(&mut self) {
        self.walkthrough.reset();
    }

    /// Draws new initial parameters from `seed` (a whole number from 0 to
    /// 2^53 - 1) with the document's initialiser, then resets.
    pub fn reseed(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] seed: JsValue,
    ) -> Result<(), JsError> {
        let seed = whole_number("reseed(seed)", &seed)?;
        self.walkthrough.reseed(seed as u64);
        Ok(())
    }

    /// Sets how much one step covers: "term", "unit", "layer" or
    /// "iteration". The place in the iteration does not change.
    #[wasm_bindgen(js_name = setGranularity)]
    pub fn set_granularity(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] granularity: JsValue,
    ) -> Result<(), JsError> {
        let granularity = string_argument("setGranularity(granularity)", &granularity)?;
        self.walkthrough
            .set_granularity_name(&granularity)
            .map_err(|error| rejected("setGranularity(granularity)", &error))
    }

    /// Returns the current granularity.
    pub fn granularity(&self) -> String {
        self.walkthrough.granularity().name().to_string()
    }

    /// Moves one step forward and returns it. After a diverged update it
    /// throws, unless the learning rate has changed since; then it takes the
    /// update again with the new rate.
    #[wasm_bindgen(js_name = nextStep, unchecked_return_type = "Step")]
    pub fn next_step(&mut self) -> Result<JsValue, JsError> {
        let step = self
            .walkthrough
            .next_step()
            .map_err(|error| rejected("nextStep()", &error))?;
        to_js(&step)
    }

    /// Undoes the last step exactly, across iterations, and returns the step
    /// before it, or null at the session's start. Throws at the start.
    #[wasm_bindgen(js_name = previousStep, unchecked_return_type = "Step | null")]
    pub fn previous_step(&mut self) -> Result<JsValue, JsError> {
        let step = self
            .walkthrough
            .previous_step()
            .map_err(|error| rejected("previousStep()", &error))?;
        to_js(&step)
    }

    /// Moves to the end of the current iteration, through its update, as one
    /// step (at an iteration's end, through the whole next one) and returns
    /// it. A diverged update does not throw; `snapshot().diverged` gives the
    /// reason.
    #[wasm_bindgen(js_name = runIteration, unchecked_return_type = "Step")]
    pub fn run_iteration(&mut self) -> Result<JsValue, JsError> {
        let step = self
            .walkthrough
            .run_iteration()
            .map_err(|error| rejected("runIteration()", &error))?;
        to_js(&step)
    }

    /// Returns the step just taken, or null before the first step.
    #[wasm_bindgen(js_name = currentStep, unchecked_return_type = "Step | null")]
    pub fn current_step(&self) -> Result<JsValue, JsError> {
        to_js(&self.walkthrough.current_step())
    }

    /// Returns every value the current iteration has computed so far, with
    /// null for the rest, and the parameters and loss history.
    #[wasm_bindgen(unchecked_return_type = "Snapshot")]
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        to_js(&self.walkthrough.snapshot())
    }

    /// Returns the place in the walkthrough: `{ iteration, term }`, where
    /// `term` terms of the iteration have been taken. Together with the
    /// document of the session's start it identifies a step for a link.
    #[wasm_bindgen(unchecked_return_type = "Position")]
    pub fn position(&self) -> Result<JsValue, JsError> {
        to_js(&self.walkthrough.position())
    }

    /// Returns the number of terms in the current iteration. With
    /// mini-batches an iteration whose batch is short has fewer.
    #[wasm_bindgen(js_name = termCount)]
    pub fn term_count(&self) -> usize {
        self.walkthrough.term_count()
    }

    /// Returns the number of steps the current iteration takes at
    /// `granularity`, or at the current granularity when it is omitted.
    #[wasm_bindgen(js_name = stepCount)]
    pub fn step_count(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] granularity: Option<JsValue>,
    ) -> Result<usize, JsError> {
        let name = match granularity {
            Some(value) if !value.is_null() => {
                Some(string_argument("stepCount(granularity)", &value)?)
            }
            _ => None,
        };
        let granularity = match name {
            None => self.walkthrough.granularity(),
            Some(name) => Granularity::from_name(&name).ok_or_else(|| {
                rejected(
                    "stepCount(granularity)",
                    &WalkthroughError::UnknownGranularity { name: name.clone() },
                )
            })?,
        };
        Ok(self.walkthrough.step_count(granularity))
    }

    /// Returns whether `previousStep()` has a step to undo.
    #[wasm_bindgen(js_name = canStepBack)]
    pub fn can_step_back(&self) -> bool {
        self.walkthrough.can_step_back()
    }

    /// Moves to `term` terms into iteration `iteration`, as `position()`
    /// reports it, and returns the step that ends there (null at the start).
    /// Backwards it undoes steps; forwards it runs whole iterations and then
    /// steps of the current granularity, the last one cut short at `term`.
    /// At most 10,000 iterations ahead per call.
    #[wasm_bindgen(js_name = goTo, unchecked_return_type = "Step | null")]
    pub fn go_to(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] iteration: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] term: JsValue,
    ) -> Result<JsValue, JsError> {
        let iteration = whole_number("goTo(iteration, term): iteration", &iteration)?;
        let term = whole_number("goTo(iteration, term): term", &term)?;
        let target = Position {
            iteration: iteration as usize,
            term: term as usize,
        };
        self.walkthrough
            .go_to(target)
            .map_err(|error| rejected("goTo(iteration, term)", &error))?;
        to_js(&self.walkthrough.current_step())
    }
}
