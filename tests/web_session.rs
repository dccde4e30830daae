#![cfg(target_arch = "wasm32")]
//! The `Session` class in a browser, called the way JavaScript calls it:
//! every method is looked up on the JavaScript object and invoked through
//! the generated bindings, so the tests receive what a page receives (plain objects,
//! `null`, thrown `Error`s).
//!
//! The literal numbers are what the native build of the core computes for
//! the "2-3-1" preset (printed with `{:?}` from `cargo test` on x86_64), so
//! the wasm build must reproduce them bit for bit. Each test also compares
//! with the core called directly inside wasm.

use js_sys::{Array, Function, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use backprop_lab::core::presets::preset;
use backprop_lab::core::train::{batch_samples, gradient, train_step};
use backprop_lab::core::{Network, StepOutcome, Workspace};
use backprop_lab::web::Session;

wasm_bindgen_test_configure!(run_in_browser);

/// The parameters of the "2-3-1" preset in `Gradient::to_vector` order.
const PARAMETERS_2_3_1: [f64; 13] = [
    0.1331231503445618,
    0.49156351452540226,
    0.9420055071735924,
    -0.11128156588845584,
    -0.1114705983472839,
    0.525788783823522,
    0.754697373528346,
    0.04613435970196278,
    -0.4289826312060667,
    0.5879932113246111,
    -0.19171566189954858,
    0.21084073795065827,
    -0.09012418505942077,
];

const LOSS_2_3_1: f64 = 0.17408149998965064;
const LOSS_AFTER_ONE_UPDATE_2_3_1: f64 = 0.1325026182126216;

/// The averaged gradient of the "2-3-1" preset, in `Gradient::to_vector`
/// order: w^(1) row by row, b^(1), w^(2), b^(2).
const GRADIENT_2_3_1: [f64; 13] = [
    -0.013180908289700921,
    0.004822990586429631,
    -0.0049385478872003,
    -0.026361816579401842,
    0.009645981172859261,
    -0.0098770957744006,
    -0.026361816579401842,
    0.009645981172859261,
    -0.0098770957744006,
    -0.13602250299891,
    -0.110577629664283,
    -0.12950159798716107,
    -0.20289868985661558,
];

/// The first ten steps of the "2-3-1" lesson at term granularity.
const FIRST_TEN_STEPS: [(&str, f64); 10] = [
    ("z_1^(1)", 0.709977382812171),
    ("a_1^(1)", 0.6703961622178752),
    ("z_2^(1)", 0.18044551861738),
    ("a_2^(1)", 0.5449893724913946),
    ("z_3^(1)", 0.5678089062042515),
    ("a_3^(1)", 0.6382574381267678),
    ("z_1^(2)", 0.3341518782044996),
    ("a_1^(2)", 0.5827692485091126),
    ("L", 0.17408149998965064),
    ("dL/da_1^(2)", -0.8344615029817748),
];

/// Creates a preset session as a JavaScript object of the generated
/// `Session` class.
fn js_preset(name: &str) -> JsValue {
    let class = session_class();
    call(&class, "preset", &[name.into()]).expect("the preset exists")
}

/// The generated `Session` class, found as the constructor of an instance.
fn session_class() -> JsValue {
    let instance: JsValue = Session::preset("2-3-1".into())
        .map_err(JsValue::from)
        .unwrap()
        .into();
    Reflect::get(&instance, &"constructor".into()).unwrap()
}

/// Calls `target[method](...arguments)` and returns the result, or the
/// thrown value.
fn call(target: &JsValue, method: &str, arguments: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: Function = Reflect::get(target, &method.into())?
        .dyn_into()
        .unwrap_or_else(|_| panic!("{method} is not a function"));
    let list: Array = arguments.iter().collect();
    function.apply(target, &list)
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn index(value: &JsValue, i: u32) -> JsValue {
    Reflect::get_u32(value, i).unwrap()
}

fn number(value: &JsValue) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value:?}"))
}

fn numbers(value: &JsValue) -> Vec<f64> {
    Array::from(value).iter().map(|v| number(&v)).collect()
}

fn text(value: &JsValue) -> String {
    value
        .as_string()
        .unwrap_or_else(|| panic!("not a string: {value:?}"))
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

/// The message of a thrown value, which must be an `Error` (not a
/// `WebAssembly.RuntimeError`, which is what a panic becomes).
fn error_message(thrown: JsValue) -> String {
    let error: js_sys::Error = thrown.dyn_into().expect("the thrown value is an Error");
    let name = text(&error.name().into());
    assert_eq!(name, "Error", "a panic would throw a RuntimeError instead");
    text(&error.message().into())
}

/// Returns whether `value` is a plain object (prototype `Object.prototype`) or an
/// array, recursively; a `Map` or class instance fails.
fn is_plain(value: &JsValue) -> bool {
    if Array::is_array(value) {
        return Array::from(value).iter().all(|v| is_plain(&v));
    }
    if !value.is_object() {
        return true;
    }
    let prototype = Object::get_prototype_of(value);
    let object_prototype = Object::get_prototype_of(&Object::new());
    if !Object::is(&prototype, &object_prototype) {
        return false;
    }
    Object::values(value.unchecked_ref())
        .iter()
        .all(|v| is_plain(&v))
}

/// Returns whether every number inside `value` is finite (JSON.stringify would hide
/// a NaN as null).
fn all_numbers_finite(value: &JsValue) -> bool {
    if let Some(x) = value.as_f64() {
        return x.is_finite();
    }
    if Array::is_array(value) {
        return Array::from(value).iter().all(|v| all_numbers_finite(&v));
    }
    if value.is_object() {
        return Object::values(value.unchecked_ref())
            .iter()
            .all(|v| all_numbers_finite(&v));
    }
    true
}

fn core_2_3_1() -> Network {
    preset("2-3-1").unwrap()
}

fn parameters(network: &Network) -> Vec<f64> {
    backprop_lab::walkthrough::trace::parameters(network)
}

#[wasm_bindgen_test]
fn preset_names_default_first() {
    let names = call(&session_class(), "presetNames", &[]).unwrap();
    let names: Vec<String> = Array::from(&names).iter().map(|v| text(&v)).collect();
    assert_eq!(names, ["2-3-1", "single-neuron", "xor", "mazur-2-2-2"]);
}

#[wasm_bindgen_test]
fn wasm_core_matches_native_core() {
    let network = core_2_3_1();
    assert_eq!(parameters(&network), PARAMETERS_2_3_1);
    assert_eq!(gradient(&network).to_vector(), GRADIENT_2_3_1);
}

#[wasm_bindgen_test]
fn loss_matches_native() {
    let session = js_preset("2-3-1");
    assert_eq!(number(&call(&session, "loss", &[]).unwrap()), LOSS_2_3_1);
}

#[wasm_bindgen_test]
fn gradient_in_document_shapes() {
    let session = js_preset("2-3-1");
    let result = call(&session, "gradient", &[]).unwrap();
    assert!(is_plain(&result));

    let layers = get(&result, "layers");
    assert_eq!(Array::from(&layers).length(), 2);
    let hidden = index(&layers, 0);
    let output = index(&layers, 1);

    // w^(1) is 2 x 3, b^(1) has 3 entries, w^(2) is 3 x 1, b^(2) has 1.
    let mut flat = Vec::new();
    for j in 0..2 {
        let row = numbers(&index(&get(&hidden, "weights"), j));
        assert_eq!(row.len(), 3);
        flat.extend(row);
    }
    flat.extend(numbers(&get(&hidden, "biases")));
    for j in 0..3 {
        let row = numbers(&index(&get(&output, "weights"), j));
        assert_eq!(row.len(), 1);
        flat.extend(row);
    }
    flat.extend(numbers(&get(&output, "biases")));
    assert_eq!(flat, GRADIENT_2_3_1);
}

#[wasm_bindgen_test]
fn first_ten_steps_match_native() {
    let session = js_preset("2-3-1");
    assert!(call(&session, "currentStep", &[]).unwrap().is_null());

    for (expected_symbol, expected_value) in FIRST_TEN_STEPS {
        let step = call(&session, "nextStep", &[]).unwrap();
        assert!(is_plain(&step));
        assert_eq!(text(&get(&step, "symbol")), expected_symbol);
        assert_eq!(number(&get(&step, "value")), expected_value);
        assert_eq!(text(&get(&step, "granularity")), "term");
        assert!(text(&get(&step, "mathml")).starts_with("<math"));
        assert!(!text(&get(&step, "explanation")).is_empty());
    }

    let current = call(&session, "currentStep", &[]).unwrap();
    assert_eq!(text(&get(&current, "quantity")), "dl_da");
    assert_eq!(text(&get(&current, "phase")), "backward");
    assert_eq!(number(&get(&current, "layer")), 2.0);
    assert_eq!(number(&get(&current, "unit")), 0.0);
    assert!(get(&current, "from").is_null());
    assert_eq!(number(&get(&current, "sample")), 0.0);
}

#[wasm_bindgen_test]
fn weight_step_factors_multiply_to_value() {
    let session = js_preset("2-3-1");
    // Terms 1-12 are the forward pass, the loss, dL/da, da/dz and delta of
    // the output unit; term 13 is dL/dw_{1,1}^(2).
    call(&session, "goTo", &[0.into(), 13.into()]).unwrap();
    let step = call(&session, "currentStep", &[]).unwrap();
    assert_eq!(text(&get(&step, "symbol")), "dL/dw_{1,1}^(2)");
    assert_eq!(number(&get(&step, "value")), GRADIENT_2_3_1[9]);

    let factors = get(&step, "factors");
    let symbols: Vec<String> = Array::from(&factors)
        .iter()
        .map(|f| text(&get(&f, "symbol")))
        .collect();
    assert_eq!(
        symbols,
        ["dL/da_1^(2)", "da_1^(2)/dz_1^(2)", "dz_1^(2)/dw_{1,1}^(2)"]
    );
    let product: f64 = Array::from(&factors)
        .iter()
        .map(|f| number(&get(&f, "value")))
        .product();
    assert_eq!(product, GRADIENT_2_3_1[9]);

    let highlight = get(&step, "highlight");
    assert_eq!(stringify(&get(&highlight, "edges")), "[[2,0,0]]");
}

#[wasm_bindgen_test]
fn snapshot_plain_with_nulls() {
    let session = js_preset("2-3-1");
    let start = call(&session, "snapshot", &[]).unwrap();
    assert!(is_plain(&start));
    assert!(!start.is_instance_of::<js_sys::Map>());
    assert_eq!(text(&get(&start, "phase")), "start");
    assert!(index(&index(&get(&start, "z"), 1), 0).is_null());
    assert!(get(&start, "gradient").is_null());
    assert_eq!(numbers(&index(&get(&start, "a"), 0)), [0.5, 1.0]);

    call(&session, "nextStep", &[]).unwrap();
    let after_one = call(&session, "snapshot", &[]).unwrap();
    assert_eq!(
        number(&index(&index(&get(&after_one, "z"), 1), 0)),
        FIRST_TEN_STEPS[0].1
    );
    assert!(index(&index(&get(&after_one, "a"), 1), 0).is_null());

    call(&session, "runIteration", &[]).unwrap();
    let done = call(&session, "snapshot", &[]).unwrap();
    assert_eq!(numbers(&get(&done, "gradientVector")), GRADIENT_2_3_1);
    assert_eq!(numbers(&get(&done, "lossHistory")), [LOSS_2_3_1]);
    assert!(get(&done, "diverged").is_null());
}

#[wasm_bindgen_test]
fn previous_step_restores_snapshot() {
    let session = js_preset("2-3-1");
    let start = stringify(&call(&session, "snapshot", &[]).unwrap());
    for _ in 0..40 {
        call(&session, "nextStep", &[]).unwrap();
    }
    assert_eq!(
        number(&get(&call(&session, "position", &[]).unwrap(), "iteration")),
        1.0
    );
    for _ in 0..40 {
        call(&session, "previousStep", &[]).unwrap();
    }
    assert_eq!(stringify(&call(&session, "snapshot", &[]).unwrap()), start);
    assert_eq!(call(&session, "canStepBack", &[]).unwrap(), JsValue::FALSE);
}

#[wasm_bindgen_test]
fn previous_step_at_start_throws() {
    let session = js_preset("2-3-1");
    let message = error_message(call(&session, "previousStep", &[]).unwrap_err());
    assert!(message.starts_with("previousStep()"), "{message}");
    assert!(message.contains("start of the session"), "{message}");

    // The session still works after the error.
    call(&session, "nextStep", &[]).unwrap();
}

#[wasm_bindgen_test]
fn unknown_granularity_throws() {
    let session = js_preset("2-3-1");
    let message = error_message(call(&session, "setGranularity", &["sample".into()]).unwrap_err());
    assert!(message.contains("setGranularity(granularity)"), "{message}");
    assert!(message.contains("\"sample\""), "{message}");
    assert!(
        message.contains("\"term\", \"unit\", \"layer\", \"iteration\""),
        "{message}"
    );
    assert_eq!(text(&call(&session, "granularity", &[]).unwrap()), "term");

    let message = error_message(call(&session, "setGranularity", &[JsValue::from(3)]).unwrap_err());
    assert!(!message.is_empty());
}

#[wasm_bindgen_test]
fn granularity_unit_groups_terms() {
    let session = js_preset("2-3-1");
    call(&session, "setGranularity", &["unit".into()]).unwrap();
    assert_eq!(text(&call(&session, "granularity", &[]).unwrap()), "unit");
    assert_eq!(number(&call(&session, "stepCount", &[]).unwrap()), 10.0);
    assert_eq!(
        number(&call(&session, "stepCount", &["term".into()]).unwrap()),
        35.0
    );
    assert_eq!(number(&call(&session, "termCount", &[]).unwrap()), 35.0);

    let step = call(&session, "nextStep", &[]).unwrap();
    let terms = get(&step, "terms");
    assert_eq!(Array::from(&terms).length(), 2);
    assert_eq!(text(&get(&index(&terms, 0), "symbol")), "z_1^(1)");
    assert_eq!(text(&get(&step, "symbol")), "a_1^(1)");
}

#[wasm_bindgen_test]
fn bad_json_throws() {
    let class = session_class();
    let message = error_message(call(&class, "fromJson", &["{ not json".into()]).unwrap_err());
    assert!(
        message.starts_with("fromJson(text): invalid network document"),
        "{message}"
    );

    let network = core_2_3_1();
    let session = call(&class, "fromJson", &[network.to_json().into()]).unwrap();
    assert_eq!(number(&call(&session, "loss", &[]).unwrap()), LOSS_2_3_1);
}

#[wasm_bindgen_test]
fn invalid_field_named() {
    let class = session_class();
    let document = r#"{ "version": 1, "inputs": 2, "layers": [], "loss": "squared_error",
        "learning_rate": 0.5, "samples": [ { "x": [0, 0], "y": [0] } ] }"#;
    let message = error_message(call(&class, "fromJson", &[document.into()]).unwrap_err());
    assert!(message.contains("layers"), "{message}");
}

#[wasm_bindgen_test]
fn unknown_preset_throws() {
    let message = error_message(call(&session_class(), "preset", &["2-2-1".into()]).unwrap_err());
    assert!(message.starts_with("preset(name)"), "{message}");
    assert!(message.contains("2-2-1"), "{message}");
    assert!(message.contains("single-neuron"), "{message}");
}

#[wasm_bindgen_test]
fn invalid_learning_rate_throws() {
    let session = js_preset("2-3-1");
    for bad in [f64::NAN, -0.5, 0.0, f64::INFINITY] {
        let message = error_message(call(&session, "setLearningRate", &[bad.into()]).unwrap_err());
        assert!(message.starts_with("setLearningRate(alpha)"), "{message}");
        assert!(message.contains(&bad.to_string()), "{message}");
        assert!(message.contains("positive finite number"), "{message}");
    }
    assert_eq!(
        number(&get(
            &call(&session, "snapshot", &[]).unwrap(),
            "learningRate"
        )),
        0.5
    );

    call(&session, "setLearningRate", &[0.25.into()]).unwrap();
    assert_eq!(
        number(&get(
            &call(&session, "snapshot", &[]).unwrap(),
            "learningRate"
        )),
        0.25
    );
}

#[wasm_bindgen_test]
fn train_step_matches_core() {
    let session = js_preset("2-3-1");
    let loss_before = number(&call(&session, "trainStep", &[]).unwrap());
    assert_eq!(loss_before, LOSS_2_3_1);
    assert_eq!(
        number(&call(&session, "loss", &[]).unwrap()),
        LOSS_AFTER_ONE_UPDATE_2_3_1
    );

    let mut network = core_2_3_1();
    let mut workspace = Workspace::for_network(&network);
    let outcome = train_step(&mut network, &mut workspace);
    assert_eq!(outcome, StepOutcome::Updated { loss: LOSS_2_3_1 });
    let exported = Network::from_json(&text(&call(&session, "toJson", &[]).unwrap())).unwrap();
    assert_eq!(parameters(&exported), parameters(&network));
}

#[wasm_bindgen_test]
fn reset_and_reseed() {
    let session = js_preset("2-3-1");
    call(&session, "trainStep", &[]).unwrap();
    call(&session, "reset", &[]).unwrap();
    assert_eq!(number(&call(&session, "loss", &[]).unwrap()), LOSS_2_3_1);
    assert!(call(&session, "currentStep", &[]).unwrap().is_null());

    call(&session, "reseed", &[7.into()]).unwrap();
    let mut network = core_2_3_1();
    network.reseed(7);
    let exported = Network::from_json(&text(&call(&session, "toJson", &[]).unwrap())).unwrap();
    assert_eq!(parameters(&exported), parameters(&network));

    for bad in [f64::NAN, -1.0, 1.5] {
        let message = error_message(call(&session, "reseed", &[bad.into()]).unwrap_err());
        assert!(message.starts_with("reseed(seed)"), "{message}");
        assert!(message.contains("whole number"), "{message}");
    }
}

#[wasm_bindgen_test]
fn go_to_rejects_bad_position() {
    let session = js_preset("2-3-1");
    let message = error_message(call(&session, "goTo", &[0.into(), 36.into()]).unwrap_err());
    assert!(message.starts_with("goTo(iteration, term)"), "{message}");
    assert!(message.contains("from 0 to 35"), "{message}");

    let message = error_message(call(&session, "goTo", &[f64::NAN.into(), 0.into()]).unwrap_err());
    assert!(message.contains("iteration"), "{message}");

    let step = call(&session, "goTo", &[2.into(), 9.into()]).unwrap();
    assert_eq!(text(&get(&step, "symbol")), "L");
    let position = call(&session, "position", &[]).unwrap();
    assert_eq!(stringify(&position), r#"{"iteration":2,"term":9}"#);
}

#[wasm_bindgen_test]
fn diverging_update_reported() {
    // One linear unit: L = (w x)^2 = 1e200 and dL/dw = 2e100 are finite,
    // but w - alpha * dL/dw = 1e100 - 2e350 overflows.
    let document = r#"{ "version": 1, "inputs": 1,
        "layers": [ { "activation": "linear", "weights": [[1e100]], "biases": [0] } ],
        "loss": "squared_error", "learning_rate": 1e250,
        "samples": [ { "x": [1], "y": [0] } ] }"#;
    let session = call(&session_class(), "fromJson", &[document.into()]).unwrap();
    let before = text(&call(&session, "toJson", &[]).unwrap());

    let message = error_message(call(&session, "trainStep", &[]).unwrap_err());
    assert!(message.starts_with("trainStep()"), "{message}");
    assert!(message.contains("diverged"), "{message}");
    assert!(message.contains("Lower the learning rate"), "{message}");
    assert_eq!(text(&call(&session, "toJson", &[]).unwrap()), before);

    let step = call(&session, "runIteration", &[]).unwrap();
    assert!(number(&get(&step, "value")).is_finite());
    let snapshot = call(&session, "snapshot", &[]).unwrap();
    assert!(text(&get(&snapshot, "diverged")).contains("Lower the learning rate"));
    assert!(all_numbers_finite(&snapshot));

    let message = error_message(call(&session, "nextStep", &[]).unwrap_err());
    assert!(message.starts_with("nextStep()"), "{message}");
}

#[wasm_bindgen_test]
fn link_restores_step() {
    let session = js_preset("2-3-1");
    call(&session, "setGranularity", &["unit".into()]).unwrap();
    for _ in 0..23 {
        call(&session, "nextStep", &[]).unwrap();
    }
    let position = call(&session, "position", &[]).unwrap();
    let initial = call(&session, "initialJson", &[]).unwrap();
    let expected = stringify(&call(&session, "snapshot", &[]).unwrap());

    // A link carries the initial document and the position.
    let restored = call(&session_class(), "fromJson", &[initial]).unwrap();
    let step = call(
        &restored,
        "goTo",
        &[get(&position, "iteration"), get(&position, "term")],
    )
    .unwrap();
    assert_eq!(
        stringify(&call(&restored, "snapshot", &[]).unwrap()),
        expected
    );
    assert_eq!(
        text(&get(&step, "symbol")),
        text(&get(&call(&session, "currentStep", &[]).unwrap(), "symbol"))
    );
}

/// A 2-3-1 document with 5 samples in mini-batches of 2: each epoch has
/// batches of 2, 2 and 1 samples in an order drawn from the seed.
const MINI_BATCH_DOCUMENT: &str = r#"{ "inputs": 2,
    "layers": [ { "activation": "tanh", "units": 3 }, { "activation": "sigmoid", "units": 1 } ],
    "loss": "squared_error", "learning_rate": 0.7, "seed": 21, "batch_size": 2,
    "samples": [ { "x": [0.1, 0.9], "y": [1] }, { "x": [0.8, -0.4], "y": [0] },
                 { "x": [-0.5, 0.3], "y": [1] }, { "x": [0.6, 0.6], "y": [0] },
                 { "x": [-0.9, -0.2], "y": [0.5] } ] }"#;

#[wasm_bindgen_test]
fn mini_batches_match_core() {
    let session = call(&session_class(), "fromJson", &[MINI_BATCH_DOCUMENT.into()]).unwrap();
    let mut network = Network::from_json(MINI_BATCH_DOCUMENT).unwrap();
    let mut workspace = Workspace::for_network(&network);

    for iteration in 0..7 {
        let loss = number(&call(&session, "trainStep", &[]).unwrap());
        let mut batch = Vec::new();
        batch_samples(&network, iteration, &mut batch);
        let expected_batch: Vec<f64> = batch.iter().map(|&i| i as f64).collect();
        let snapshot = call(&session, "snapshot", &[]).unwrap();
        assert_eq!(
            numbers(&get(&snapshot, "batch")),
            expected_batch,
            "batch of iteration {iteration}"
        );
        assert_eq!(number(&get(&snapshot, "sampleCount")), 5.0);
        let term_count = if batch.len() == 2 { 70.0 } else { 35.0 };
        assert_eq!(
            number(&call(&session, "termCount", &[]).unwrap()),
            term_count,
            "iteration {iteration}"
        );

        match train_step(&mut network, &mut workspace) {
            StepOutcome::Updated { loss: expected } => {
                assert_eq!(loss, expected, "iteration {iteration}")
            }
            other => panic!("iteration {iteration}: {other:?}"),
        }
    }
    let exported = Network::from_json(&text(&call(&session, "toJson", &[]).unwrap())).unwrap();
    assert_eq!(parameters(&exported), parameters(&network));
}

#[wasm_bindgen_test]
fn mini_batch_undo_and_link() {
    let session = call(&session_class(), "fromJson", &[MINI_BATCH_DOCUMENT.into()]).unwrap();
    call(&session, "setGranularity", &["layer".into()]).unwrap();
    // The end of iteration 2 is the end of the first epoch.
    call(&session, "goTo", &[2.into(), 35.into()]).unwrap();
    let epoch_end = stringify(&call(&session, "snapshot", &[]).unwrap());
    for _ in 0..8 {
        call(&session, "nextStep", &[]).unwrap();
    }
    let position = call(&session, "position", &[]).unwrap();
    assert_eq!(number(&get(&position, "iteration")), 3.0);
    let expected = stringify(&call(&session, "snapshot", &[]).unwrap());

    let restored = call(
        &session_class(),
        "fromJson",
        &[call(&session, "initialJson", &[]).unwrap()],
    )
    .unwrap();
    call(
        &restored,
        "goTo",
        &[get(&position, "iteration"), get(&position, "term")],
    )
    .unwrap();
    assert_eq!(
        stringify(&call(&restored, "snapshot", &[]).unwrap()),
        expected
    );

    for _ in 0..8 {
        call(&session, "previousStep", &[]).unwrap();
    }
    assert_eq!(
        stringify(&call(&session, "snapshot", &[]).unwrap()),
        epoch_end
    );
}

#[wasm_bindgen_test]
fn wrong_argument_types_throw() {
    let class = session_class();
    let session = js_preset("2-3-1");
    let object: JsValue = Object::new().into();
    let array: JsValue = Array::of1(&"2-3-1".into()).into();
    let cases: Vec<(&JsValue, &str, Vec<JsValue>, &str)> = vec![
        (
            &class,
            "preset",
            vec![],
            "preset(name): expected a string, found nothing (undefined)",
        ),
        (
            &class,
            "preset",
            vec![42.into()],
            "preset(name): expected a string, found the number 42",
        ),
        (
            &class,
            "preset",
            vec![array.clone()],
            "preset(name): expected a string, found an array",
        ),
        (
            &class,
            "fromJson",
            vec![object.clone()],
            "fromJson(text): expected a string, found an object",
        ),
        (
            &session,
            "setGranularity",
            vec![5.into()],
            "setGranularity(granularity): expected a string",
        ),
        (
            &session,
            "setGranularity",
            vec![JsValue::NULL],
            "setGranularity(granularity): expected a string, found null",
        ),
        (
            &session,
            "stepCount",
            vec![true.into()],
            "stepCount(granularity): expected a string, found the boolean true",
        ),
        (
            &session,
            "setLearningRate",
            vec!["0.5".into()],
            "setLearningRate(alpha): expected a number, found the string \"0.5\"",
        ),
        (
            &session,
            "reseed",
            vec![JsValue::NULL],
            "reseed(seed): expected a number, found null",
        ),
        (
            &session,
            "goTo",
            vec!["1".into(), 2.into()],
            "goTo(iteration, term): iteration: expected a number",
        ),
    ];
    for (target, method, arguments, expected) in cases {
        let message = error_message(call(target, method, &arguments).unwrap_err());
        assert!(message.starts_with(expected), "{method}: {message}");
    }

    // Nothing panicked, so the session still works.
    let step = call(&session, "nextStep", &[]).unwrap();
    assert_eq!(text(&get(&step, "symbol")), "z_1^(1)");
    assert_eq!(number(&call(&session, "stepCount", &[]).unwrap()), 35.0);
}
