#![cfg(not(target_arch = "wasm32"))]
//! The network document: reading, writing back, and every kind of rejected
//! document, each error checked for the field path it names.

use backprop_lab::core::document::{MAX_LAYERS, MAX_SEED, MAX_UNITS};
use backprop_lab::core::{
    draw_parameters, Activation, Document, DocumentError, Initialiser, LayerDocument, Loss,
    Network, SampleDocument,
};
use serde_json::{json, Value};

/// Builds a valid 2-2-1 document, which each rejection test breaks in one field.
fn valid() -> Value {
    json!({
        "inputs": 2,
        "layers": [
            { "activation": "sigmoid", "weights": [[0.1, 0.2], [0.3, 0.4]], "biases": [0.5, 0.6] },
            { "activation": "sigmoid", "weights": [[0.7], [0.8]], "biases": [0.9] }
        ],
        "loss": "squared_error",
        "learning_rate": 0.5,
        "samples": [ { "x": [1.0, 0.0], "y": [1.0] }, { "x": [0.0, 1.0], "y": [0.0] } ]
    })
}

fn reject(document: &Value) -> DocumentError {
    reject_text(&document.to_string())
}

fn reject_text(text: &str) -> DocumentError {
    match Network::from_json(text) {
        Ok(network) => panic!("accepted {text}: {network:?}"),
        Err(error) => error,
    }
}

/// Checks the path, that the displayed error starts with it, and that the
/// message contains each expected fragment.
fn assert_error(error: &DocumentError, path: &str, fragments: &[&str]) {
    assert_eq!(error.path, path, "wrong path in: {error}");
    assert!(
        error.to_string().starts_with(&format!("{path}: ")),
        "path missing from the message: {error}"
    );
    for fragment in fragments {
        assert!(
            error.message.contains(fragment),
            "`{fragment}` missing from: {error}"
        );
    }
}

// Reading and writing.

#[test]
fn valid_document_reads() {
    let network = Network::from_json(&valid().to_string()).unwrap();

    assert_eq!(network.layer_sizes(), [2, 2, 1]);
    assert_eq!(network.layers[0].weights.get(1, 0), 0.3);
    assert_eq!(network.layers[1].biases, [0.9]);
    assert!(network.train_biases);
    assert_eq!(network.batch_size, None);
    assert_eq!(network.seed, None);
    assert_eq!(network.initialiser, Initialiser::Uniform);
}

#[test]
fn to_json_round_trips() {
    let mut document = valid();
    document["seed"] = json!(12);
    document["batch_size"] = json!(1);
    document["train_biases"] = json!(false);
    document["initialiser"] = json!("xavier");
    let network = Network::from_json(&document.to_string()).unwrap();

    let text = network.to_json();
    assert_eq!(Network::from_json(&text).unwrap(), network);
}

#[test]
fn to_json_round_trips_awkward_floats() {
    let mut document = valid();
    document["layers"][0]["weights"] = json!([[0.1 + 0.2, 1e-300], [-2.5e300, 1.0 / 3.0]]);
    let network = Network::from_json(&document.to_string()).unwrap();

    let again = Network::from_json(&network.to_json()).unwrap();
    assert_eq!(again.layers[0].weights, network.layers[0].weights);
}

#[test]
fn to_json_layout() {
    let network = Network::from_json(&valid().to_string()).unwrap();
    let text = network.to_json();

    assert!(
        text.starts_with("{\n  \"version\": 1,\n  \"inputs\": 2,"),
        "{text}"
    );
    assert!(
        text.contains("\"weights\": [\n        [0.1, 0.2],\n        [0.3, 0.4]\n      ],"),
        "{text}"
    );
    assert!(text.contains("\"biases\": [0.5, 0.6]"), "{text}");
    assert!(text.contains("\"train_biases\": true"), "{text}");
    assert!(!text.contains("\"seed\""), "{text}");
    assert!(!text.contains("\"initialiser\""), "{text}");
    assert!(!text.contains("\"units\""), "{text}");
}

#[test]
fn to_json_is_valid_json() {
    let network = Network::from_json(&valid().to_string()).unwrap();
    let parsed: Value = serde_json::from_str(&network.to_json()).unwrap();

    assert_eq!(parsed["layers"][1]["weights"], json!([[0.7], [0.8]]));
    assert_eq!(parsed["samples"][1]["y"], json!([0.0]));
}

#[test]
fn version_1_accepted() {
    let mut document = valid();
    document["version"] = json!(1);
    assert!(Network::from_json(&document.to_string()).is_ok());
}

#[test]
fn seed_draws_missing_parameters() {
    let document = json!({
        "inputs": 2,
        "layers": [ { "activation": "tanh", "units": 3 }, { "activation": "linear", "units": 1 } ],
        "loss": "mse",
        "learning_rate": 0.1,
        "seed": 5,
        "initialiser": "xavier",
        "samples": [ { "x": [1.0, 2.0], "y": [3.0] } ]
    });
    let network = Network::from_json(&document.to_string()).unwrap();

    let drawn = draw_parameters(&[2, 3, 1], Initialiser::Xavier, 5);
    assert_eq!(network.layers[0].weights, drawn[0].weights);
    assert_eq!(network.layers[1].weights, drawn[1].weights);
    assert_eq!(network.layers[0].biases, [0.0; 3]);
    assert_eq!(network.seed, Some(5));
}

#[test]
fn explicit_parameters_override_seed() {
    let mut document = valid();
    document["seed"] = json!(5);
    document["layers"][1] = json!({ "activation": "sigmoid", "units": 1 });
    let network = Network::from_json(&document.to_string()).unwrap();

    assert_eq!(network.layers[0].weights.row(0), [0.1, 0.2]);
    let drawn = draw_parameters(&[2, 2, 1], Initialiser::Uniform, 5);
    assert_eq!(network.layers[1].weights, drawn[1].weights);
    assert_eq!(network.layers[1].biases, drawn[1].biases);
}

#[test]
fn reseed_redraws_parameters() {
    let mut network = Network::from_json(&valid().to_string()).unwrap();
    network.reseed(8);

    let drawn = draw_parameters(&[2, 2, 1], Initialiser::Uniform, 8);
    assert_eq!(network.layers[0].weights, drawn[0].weights);
    assert_eq!(network.layers[1].biases, drawn[1].biases);
    assert_eq!(network.seed, Some(8));
}

#[test]
fn from_document_checks_rust_values() {
    let document = Document {
        version: None,
        inputs: 1,
        layers: vec![LayerDocument {
            activation: Activation::Linear,
            units: None,
            weights: Some(vec![vec![f64::NAN]]),
            biases: Some(vec![0.0]),
        }],
        loss: Loss::Mse,
        learning_rate: 0.1,
        train_biases: None,
        batch_size: None,
        seed: None,
        initialiser: None,
        samples: vec![SampleDocument {
            x: vec![1.0],
            y: vec![1.0],
        }],
    };

    let error = Network::from_document(&document).unwrap_err();
    assert_error(&error, "layers[0].weights[0][0]", &["finite", "NaN"]);
}

#[test]
fn serde_document_rejects_unknown_fields() {
    let mut document = valid();
    document["colour"] = json!("red");

    assert!(serde_json::from_value::<Document>(document).is_err());
}

// Syntax.

#[test]
fn syntax_error_line_and_column() {
    let error = reject_text("{\n  \"inputs\": 2,\n  \"layers\": [,]\n}");

    assert_error(&error, "layers[0]", &["invalid JSON", "line 3, column 14"]);
}

#[test]
fn syntax_error_at_top_level() {
    let error = reject_text("{\"inputs\": 2");
    assert_eq!(error.path, "");
    assert!(error.message.contains("line 1, column 12"), "{error}");
}

#[test]
fn empty_text_rejected() {
    let error = reject_text("");
    assert!(error.message.contains("invalid JSON"), "{error}");
}

#[test]
fn trailing_text_rejected() {
    let error = reject_text(&format!("{} {{}}", valid()));
    assert!(error.message.contains("trailing characters"), "{error}");
}

#[test]
fn overflowing_number_names_path() {
    let text = valid().to_string().replace("0.3", "1e999");
    let error = reject_text(&text);

    assert_error(
        &error,
        "layers[0].weights[1][0]",
        &["number out of range", "finite number"],
    );
}

#[test]
fn overflowing_learning_rate_names_path() {
    let text = valid()
        .to_string()
        .replace("\"learning_rate\":0.5", "\"learning_rate\":-1e400");
    let error = reject_text(&text);

    assert_error(&error, "learning_rate", &["number out of range"]);
}

#[test]
fn document_not_object() {
    let error = reject(&json!([1, 2]));
    assert_eq!(error.path, "");
    assert!(error.message.contains("JSON object"), "{error}");
}

// Field names and types.

#[test]
fn unknown_top_level_field() {
    let mut document = valid();
    document["learningrate"] = json!(0.5);

    let error = reject(&document);
    assert_error(
        &error,
        "learningrate",
        &[
            "unknown field `learningrate`",
            "learning_rate",
            "samples",
            "seed",
        ],
    );
}

#[test]
fn unknown_layer_field() {
    let mut document = valid();
    document["layers"][1]["bias"] = json!([0.0]);

    let error = reject(&document);
    assert_error(
        &error,
        "layers[1].bias",
        &["unknown field `bias`", "activation, units, weights, biases"],
    );
}

#[test]
fn unknown_sample_field() {
    let mut document = valid();
    document["samples"][0]["label"] = json!(1);

    let error = reject(&document);
    assert_error(
        &error,
        "samples[0].label",
        &["unknown field `label`", "x, y"],
    );
}

#[test]
fn missing_required_fields() {
    for field in ["inputs", "layers", "loss", "learning_rate", "samples"] {
        let mut document = valid();
        document.as_object_mut().unwrap().remove(field);

        let error = reject(&document);
        assert_error(&error, field, &["missing"]);
    }
}

#[test]
fn missing_activation() {
    let mut document = valid();
    document["layers"][0]
        .as_object_mut()
        .unwrap()
        .remove("activation");

    let error = reject(&document);
    assert_error(&error, "layers[0].activation", &["missing"]);
}

#[test]
fn number_of_wrong_type() {
    let mut document = valid();
    document["layers"][0]["biases"][1] = json!("0.6");

    let error = reject(&document);
    assert_error(
        &error,
        "layers[0].biases[1]",
        &["expected a number", "a string"],
    );
}

#[test]
fn fractional_inputs_count() {
    let mut document = valid();
    document["inputs"] = json!(2.5);

    let error = reject(&document);
    assert_error(&error, "inputs", &["whole number", "2.5"]);
}

#[test]
fn train_biases_not_boolean() {
    let mut document = valid();
    document["train_biases"] = json!("no");

    let error = reject(&document);
    assert_error(&error, "train_biases", &["true or false"]);
}

#[test]
fn unknown_activation_lists_names() {
    let mut document = valid();
    document["layers"][1]["activation"] = json!("softmax");

    let error = reject(&document);
    assert_error(
        &error,
        "layers[1].activation",
        &["`softmax`", "sigmoid, tanh, relu, leaky_relu, linear"],
    );
}

#[test]
fn unknown_loss_lists_names() {
    let mut document = valid();
    document["loss"] = json!("cross_entropy");

    let error = reject(&document);
    assert_error(
        &error,
        "loss",
        &[
            "`cross_entropy`",
            "squared_error, half_squared_error, mse, binary_cross_entropy",
        ],
    );
}

#[test]
fn unknown_initialiser_lists_names() {
    let mut document = valid();
    document["initialiser"] = json!("he");

    let error = reject(&document);
    assert_error(&error, "initialiser", &["`he`", "uniform, xavier"]);
}

#[test]
fn unsupported_version() {
    let mut document = valid();
    document["version"] = json!(2);

    let error = reject(&document);
    assert_error(&error, "version", &["unsupported version 2", "1"]);
}

// Sizes and shapes.

#[test]
fn zero_inputs() {
    let mut document = valid();
    document["inputs"] = json!(0);

    let error = reject(&document);
    assert_error(&error, "inputs", &["at least 1"]);
}

#[test]
fn too_many_inputs() {
    let mut document = valid();
    document["inputs"] = json!(MAX_UNITS + 1);

    let error = reject(&document);
    assert_error(&error, "inputs", &["at most 64"]);
}

#[test]
fn no_layers() {
    let mut document = valid();
    document["layers"] = json!([]);

    let error = reject(&document);
    assert_error(&error, "layers", &["at least 1 layer"]);
}

#[test]
fn too_many_layers() {
    let mut document = valid();
    document["seed"] = json!(1);
    document["layers"] = json!(vec![
        json!({ "activation": "tanh", "units": 1 });
        MAX_LAYERS + 1
    ]);
    document["inputs"] = json!(1);
    document["samples"] = json!([{ "x": [1.0], "y": [1.0] }]);

    let error = reject(&document);
    assert_error(&error, "layers", &["at most 8 layers", "found 9"]);
}

#[test]
fn max_layers_accepted() {
    let mut document = valid();
    document["seed"] = json!(1);
    document["layers"] = json!(vec![
        json!({ "activation": "tanh", "units": 1 });
        MAX_LAYERS
    ]);
    document["inputs"] = json!(1);
    document["samples"] = json!([{ "x": [1.0], "y": [1.0] }]);

    assert!(Network::from_json(&document.to_string()).is_ok());
}

#[test]
fn too_many_units() {
    let mut document = valid();
    document["seed"] = json!(1);
    document["layers"][0] = json!({ "activation": "relu", "units": 65 });

    let error = reject(&document);
    assert_error(&error, "layers[0].units", &["at most 64 units", "found 65"]);
}

#[test]
fn zero_unit_layer_from_biases() {
    let mut document = valid();
    document["layers"][1]["biases"] = json!([]);

    let error = reject(&document);
    assert_error(&error, "layers[1].biases", &["at least 1 unit"]);
}

#[test]
fn zero_unit_layer_from_weights() {
    let mut document = valid();
    document["layers"][1] = json!({ "activation": "sigmoid", "weights": [[], []] });

    let error = reject(&document);
    assert_error(&error, "layers[1].weights[0]", &["at least 1 unit"]);
}

#[test]
fn zero_unit_layer_from_units() {
    let mut document = valid();
    document["seed"] = json!(3);
    document["layers"][0] = json!({ "activation": "sigmoid", "units": 0 });

    let error = reject(&document);
    assert_error(&error, "layers[0].units", &["at least 1 unit"]);
}

#[test]
fn weights_wrong_row_count() {
    let mut document = valid();
    document["layers"][1]["weights"] = json!([[0.7], [0.8], [0.9]]);

    let error = reject(&document);
    assert_error(
        &error,
        "layers[1].weights",
        &["expected 2 rows", "previous layer", "found 3"],
    );
}

#[test]
fn weights_empty() {
    let mut document = valid();
    document["layers"][1] = json!({ "activation": "sigmoid", "weights": [] });

    let error = reject(&document);
    assert_error(
        &error,
        "layers[1].weights",
        &["one row per unit", "found none"],
    );
}

#[test]
fn weights_ragged_row() {
    let mut document = valid();
    document["layers"][0]["weights"] = json!([[0.1, 0.2], [0.3]]);

    let error = reject(&document);
    assert_error(
        &error,
        "layers[0].weights[1]",
        &["expected 2 numbers", "found 1"],
    );
}

#[test]
fn weights_disagree_with_biases() {
    let mut document = valid();
    document["layers"][0]["biases"] = json!([0.5, 0.6, 0.7]);

    let error = reject(&document);
    assert_error(
        &error,
        "layers[0].weights[0]",
        &["expected 3 numbers", "found 2"],
    );
}

#[test]
fn units_disagree_with_biases() {
    let mut document = valid();
    document["layers"][0]["units"] = json!(3);

    let error = reject(&document);
    assert_error(
        &error,
        "layers[0].weights[0]",
        &["expected 3 numbers", "found 2"],
    );
}

#[test]
fn weights_missing_without_seed() {
    let mut document = valid();
    document["layers"][0]
        .as_object_mut()
        .unwrap()
        .remove("weights");

    let error = reject(&document);
    assert_error(
        &error,
        "layers[0].weights",
        &["missing", "2 rows of 2 numbers", "seed"],
    );
}

#[test]
fn biases_missing_without_seed() {
    let mut document = valid();
    document["layers"][1]
        .as_object_mut()
        .unwrap()
        .remove("biases");

    let error = reject(&document);
    assert_error(
        &error,
        "layers[1].biases",
        &["missing", "give 1 number,", "seed"],
    );
}

#[test]
fn layer_without_size() {
    let mut document = valid();
    document["seed"] = json!(3);
    document["layers"][1] = json!({ "activation": "sigmoid" });

    let error = reject(&document);
    assert_error(
        &error,
        "layers[1]",
        &["missing weights and biases", "units"],
    );
}

// Numbers and ranges.

#[test]
fn learning_rate_not_positive() {
    for learning_rate in [0.0, -0.5] {
        let mut document = valid();
        document["learning_rate"] = json!(learning_rate);

        let error = reject(&document);
        assert_error(&error, "learning_rate", &["positive finite number"]);
    }
}

#[test]
fn learning_rate_not_number() {
    let mut document = valid();
    document["learning_rate"] = json!(null);

    let error = reject(&document);
    assert_error(&error, "learning_rate", &["expected a number", "null"]);
}

#[test]
fn non_finite_bias_from_rust() {
    let mut document: Document = serde_json::from_value(valid()).unwrap();
    document.layers[1].biases = Some(vec![f64::INFINITY]);

    let error = Network::from_document(&document).unwrap_err();
    assert_error(&error, "layers[1].biases[0]", &["finite", "inf"]);
}

#[test]
fn non_finite_learning_rate_from_rust() {
    let mut document: Document = serde_json::from_value(valid()).unwrap();
    document.learning_rate = f64::NAN;

    let error = Network::from_document(&document).unwrap_err();
    assert_error(&error, "learning_rate", &["positive finite number"]);
}

#[test]
fn seed_above_javascript_safe_integer() {
    let mut document = valid();
    document["seed"] = json!(MAX_SEED + 1);

    let error = reject(&document);
    assert_error(&error, "seed", &["9007199254740991"]);
}

#[test]
fn seed_negative() {
    let mut document = valid();
    document["seed"] = json!(-1);

    let error = reject(&document);
    assert_error(&error, "seed", &["whole number", "-1"]);
}

// Samples.

#[test]
fn no_samples() {
    let mut document = valid();
    document["samples"] = json!([]);

    let error = reject(&document);
    assert_error(&error, "samples", &["at least 1 sample"]);
}

#[test]
fn sample_x_wrong_length() {
    let mut document = valid();
    document["samples"][1]["x"] = json!([0.0, 1.0, 2.0]);

    let error = reject(&document);
    assert_error(
        &error,
        "samples[1].x",
        &["expected 2 numbers", "one per input", "found 3"],
    );
}

#[test]
fn sample_y_wrong_length() {
    let mut document = valid();
    document["samples"][0]["y"] = json!([]);

    let error = reject(&document);
    assert_error(
        &error,
        "samples[0].y",
        &["expected 1 number,", "one per output unit", "found 0"],
    );
}

#[test]
fn sample_missing_y() {
    let mut document = valid();
    document["samples"][0].as_object_mut().unwrap().remove("y");

    let error = reject(&document);
    assert_error(&error, "samples[0].y", &["missing"]);
}

#[test]
fn batch_size_out_of_range() {
    for batch_size in [0, 3] {
        let mut document = valid();
        document["batch_size"] = json!(batch_size);

        let error = reject(&document);
        assert_error(
            &error,
            "batch_size",
            &["from 1 to the number of samples (2)"],
        );
    }
}

// Binary cross-entropy.

#[test]
fn cross_entropy_needs_sigmoid_output() {
    let mut document = valid();
    document["loss"] = json!("binary_cross_entropy");
    document["layers"][1]["activation"] = json!("tanh");

    let error = reject(&document);
    assert_error(
        &error,
        "layers[1].activation",
        &["binary_cross_entropy", "sigmoid", "found tanh"],
    );
}

#[test]
fn cross_entropy_target_above_1() {
    let mut document = valid();
    document["loss"] = json!("binary_cross_entropy");
    document["samples"][1]["y"] = json!([1.5]);

    let error = reject(&document);
    assert_error(&error, "samples[1].y[0]", &["between 0 and 1", "1.5"]);
}

#[test]
fn cross_entropy_target_below_0() {
    let mut document = valid();
    document["loss"] = json!("binary_cross_entropy");
    document["samples"][0]["y"] = json!([-0.1]);

    let error = reject(&document);
    assert_error(&error, "samples[0].y[0]", &["between 0 and 1"]);
}

#[test]
fn cross_entropy_valid_targets_accepted() {
    let mut document = valid();
    document["loss"] = json!("binary_cross_entropy");

    assert!(Network::from_json(&document.to_string()).is_ok());
}

#[test]
fn duplicate_field_rejected() {
    let text = valid().to_string().replace(
        "\"learning_rate\":0.5",
        "\"learning_rate\":0.5,\"learning_rate\":50",
    );
    let error = reject_text(&text);

    assert_eq!(error.path, "");
    assert!(
        error.message.contains("duplicate field `learning_rate`"),
        "{error}"
    );
    assert!(error.message.contains("line 1, column"), "{error}");
}

#[test]
fn duplicate_layer_field_names_layer() {
    let mut document = valid();
    document["layers"][1] =
        json!({ "activation": "sigmoid", "weights": [[0.7], [0.8]], "biases": [0.9] });
    let text = document
        .to_string()
        .replace("\"biases\":[0.9]", "\"biases\":[0.9],\"biases\":[0.1]");
    let error = reject_text(&text);

    assert_error(
        &error,
        "layers[1]",
        &["duplicate field `biases`", "remove one"],
    );
}
