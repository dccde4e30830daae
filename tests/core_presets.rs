#![cfg(not(target_arch = "wasm32"))]
//! The built-in lessons: each parses, and each teaches what it is for.

use backprop_lab::core::presets::{preset, preset_json, PRESET_NAMES};
use backprop_lab::core::{forward, train_step, Activation, Loss, Network, StepOutcome, Workspace};

fn train(network: &mut Network, iterations: usize) -> Vec<f64> {
    let mut workspace = Workspace::for_network(network);
    let mut losses = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        match train_step(network, &mut workspace) {
            StepOutcome::Updated { loss } => losses.push(loss),
            StepOutcome::Diverged { loss } => panic!("preset diverged at loss {loss}"),
        }
    }
    losses
}

#[test]
fn every_preset_builds() {
    for name in PRESET_NAMES {
        let network = preset(name);
        assert!(network.is_ok(), "preset {name}: {:?}", network.err());
    }
}

#[test]
fn every_preset_round_trips() {
    for name in PRESET_NAMES {
        let network = preset(name).unwrap();
        let again = Network::from_json(&network.to_json()).unwrap();
        assert_eq!(again, network, "preset {name}");
    }
}

#[test]
fn unknown_preset_lists_names() {
    let error = preset("2-2-1").unwrap_err();

    assert_eq!(error.path, "preset");
    assert!(error.message.contains("`2-2-1`"), "{error}");
    for name in PRESET_NAMES {
        assert!(error.message.contains(name), "{error} does not list {name}");
    }
}

#[test]
fn preset_json_is_the_source_text() {
    let text = preset_json("xor").unwrap();
    assert_eq!(Network::from_json(text).unwrap(), preset("xor").unwrap());
}

#[test]
fn default_lesson_shape() {
    let network = preset(PRESET_NAMES[0]).unwrap();

    assert_eq!(network.layer_sizes(), [2, 3, 1]);
    assert_eq!(network.parameter_count(), 13);
    assert_eq!(network.loss, Loss::SquaredError);
    assert_eq!(network.samples.len(), 1);
    assert!(network
        .layers
        .iter()
        .all(|layer| layer.activation == Activation::Sigmoid));
}

#[test]
fn default_lesson_loss_falls_in_20_iterations() {
    let mut network = preset("2-3-1").unwrap();
    let losses = train(&mut network, 20);

    assert!(
        losses.windows(2).all(|pair| pair[1] < pair[0]),
        "{losses:?}"
    );
    assert!(losses[19] < losses[0] / 5.0, "{losses:?}");
}

#[test]
fn single_neuron_by_hand() {
    let network = preset("single-neuron").unwrap();
    assert_eq!(network.layer_sizes(), [2, 1]);
    assert_eq!(network.parameter_count(), 3);

    // z = 0.6 * 1.0 - 0.4 * 0.5 + 0.1 = 0.5 and a = 1 / (1 + e^-0.5).
    let trace = forward(&network, &network.samples[0].x);
    assert!((trace.z[1][0] - 0.5).abs() < 1e-15, "z = {}", trace.z[1][0]);
    assert!(
        (trace.a[1][0] - 0.622_459_331_201_854_6).abs() < 1e-15,
        "a = {}",
        trace.a[1][0]
    );
}

#[test]
fn xor_learns_in_3000_iterations() {
    let mut network = preset("xor").unwrap();
    assert_eq!(network.samples.len(), 4);

    let losses = train(&mut network, 3000);
    assert!(
        losses[2999] < 0.01,
        "loss after 3000 iterations: {}",
        losses[2999]
    );

    for sample in &network.samples {
        let output = forward(&network, &sample.x).output()[0];
        assert!(
            (output - sample.y[0]).abs() < 0.1,
            "x = {:?}: output {output}, target {}",
            sample.x,
            sample.y[0]
        );
    }
}

#[test]
fn mazur_weights_mapping() {
    let network = preset("mazur-2-2-2").unwrap();

    // weights[j][k] = w_{j+1,k+1}: Mazur's w1 (input 1 to hidden 1) and w2
    // (input 2 to hidden 1) form column 0 of the hidden layer.
    let hidden = &network.layers[0].weights;
    assert_eq!(hidden.get(0, 0), 0.15);
    assert_eq!(hidden.get(1, 0), 0.20);
    assert_eq!(hidden.get(0, 1), 0.25);
    assert_eq!(hidden.get(1, 1), 0.30);

    let output = &network.layers[1].weights;
    assert_eq!(output.get(0, 0), 0.40);
    assert_eq!(output.get(1, 0), 0.45);
    assert_eq!(output.get(0, 1), 0.50);
    assert_eq!(output.get(1, 1), 0.55);

    assert_eq!(network.layers[0].biases, [0.35, 0.35]);
    assert_eq!(network.layers[1].biases, [0.60, 0.60]);
    assert!(!network.train_biases);
    assert_eq!(network.loss, Loss::HalfSquaredError);
    assert_eq!(network.learning_rate, 0.5);
}
