#![cfg(not(target_arch = "wasm32"))]
//! The JSON shape of steps and snapshots: the field names and value kinds
//! that the JavaScript API document lists, so that a renamed Rust field
//! cannot silently break the page.

use backprop_lab::core::presets::preset;
use backprop_lab::walkthrough::{Granularity, Walkthrough};
use serde_json::Value;

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    names.sort();
    names
}

#[test]
fn step_fields_as_documented() {
    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    let step = serde_json::to_value(walkthrough.next_step().unwrap()).unwrap();
    assert_eq!(
        keys(&step),
        sorted(&[
            "granularity",
            "phase",
            "iteration",
            "sample",
            "layer",
            "unit",
            "from",
            "quantity",
            "symbol",
            "value",
            "factors",
            "explanation",
            "mathml",
            "highlight",
            "dependsOn",
            "terms",
            "omittedTerms",
        ])
    );
    assert_eq!(step["granularity"], "term");
    assert_eq!(step["phase"], "forward");
    assert_eq!(step["quantity"], "z");
    assert_eq!(step["from"], Value::Null);
    assert_eq!(
        keys(&step["highlight"]),
        sorted(&["units", "edges", "biases"])
    );
    assert_eq!(step["highlight"]["units"], serde_json::json!([[1, 0]]));
    assert_eq!(
        step["dependsOn"]["edges"],
        serde_json::json!([[1, 0, 0], [1, 1, 0]])
    );
}

#[test]
fn quantity_names_as_documented() {
    let mut walkthrough = Walkthrough::new(preset("xor").unwrap());
    let mut names = Vec::new();
    for _ in 0..walkthrough.term_count() {
        let step = serde_json::to_value(walkthrough.next_step().unwrap()).unwrap();
        let name = step["quantity"].as_str().unwrap().to_string();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.sort();
    assert_eq!(
        names,
        sorted(&[
            "z", "a", "loss", "dl_da", "da_dz", "delta", "dl_dw", "dl_db", "gradient", "update"
        ])
    );
}

#[test]
fn factor_fields_as_documented() {
    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    walkthrough.set_granularity(Granularity::Layer);
    for _ in 0..4 {
        walkthrough.next_step().unwrap();
    }
    let step = serde_json::to_value(walkthrough.current_step().unwrap()).unwrap();
    assert_eq!(step["granularity"], "layer");
    let factor = &step["factors"][0];
    assert_eq!(keys(factor), sorted(&["symbol", "value"]));
    assert!(step["terms"].as_array().unwrap().len() > 1);
}

#[test]
fn snapshot_fields_as_documented() {
    let walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    let snapshot = serde_json::to_value(walkthrough.snapshot()).unwrap();
    assert_eq!(
        keys(&snapshot),
        sorted(&[
            "iteration",
            "position",
            "termCount",
            "sample",
            "sampleCount",
            "batch",
            "phase",
            "layerSizes",
            "activations",
            "loss",
            "learningRate",
            "trainBiases",
            "x",
            "y",
            "parameters",
            "z",
            "a",
            "dlDa",
            "daDz",
            "delta",
            "dlDw",
            "dlDb",
            "sampleLoss",
            "sampleLosses",
            "meanLoss",
            "gradient",
            "gradientVector",
            "parameterSymbols",
            "lossHistory",
            "diverged",
        ])
    );
    assert_eq!(snapshot["phase"], "start");
    assert_eq!(
        snapshot["position"],
        serde_json::json!({ "iteration": 0, "term": 0 })
    );
    assert_eq!(
        snapshot["activations"],
        serde_json::json!(["sigmoid", "sigmoid"])
    );
    assert_eq!(snapshot["loss"], "squared_error");
    assert_eq!(keys(&snapshot["parameters"]), sorted(&["layers"]));
    assert_eq!(
        keys(&snapshot["parameters"]["layers"][0]),
        sorted(&["weights", "biases"])
    );
    assert_eq!(snapshot["z"][0], serde_json::json!([]));
    assert_eq!(snapshot["batch"], serde_json::json!([0]));
}
