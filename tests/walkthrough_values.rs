#![cfg(not(target_arch = "wasm32"))]
//! Every value the walkthrough shows equals what the core's own forward,
//! backward and training functions compute for the same parameters, and
//! each description explains the right derivative.

mod walkthrough_support;

use backprop_lab::core::presets::preset;
use backprop_lab::core::train::{gradient, mean_loss, train_step};
use backprop_lab::core::{
    backward, forward, Activation, ForwardTrace, Loss, Network, StepOutcome, Workspace,
};
use backprop_lab::walkthrough::format;
use backprop_lab::walkthrough::trace::parameters;
use backprop_lab::walkthrough::{Quantity, Step, Walkthrough};
use proptest::prelude::*;
use walkthrough_support::{one_layer, random_network, tags_balanced};

/// Checks every step of `iterations` iterations at term granularity against
/// the core, called directly on a copy of the parameters of each iteration's
/// start.
fn check_against_core(network: Network, iterations: usize) {
    let mut walkthrough = Walkthrough::new(network);
    let mut core_network = walkthrough.network().clone();

    for iteration in 0..iterations {
        assert_eq!(parameters(walkthrough.network()), parameters(&core_network));
        let traces: Vec<_> = core_network
            .samples
            .iter()
            .map(|sample| {
                let forward = forward(&core_network, &sample.x);
                let backward = backward(&core_network, &forward, &sample.y);
                (forward, backward)
            })
            .collect();
        let averaged = gradient(&core_network);

        for _ in 0..walkthrough.term_count() {
            let step = match walkthrough.next_step() {
                Ok(step) => step,
                // A diverged update is checked elsewhere; stop here.
                Err(_) => return,
            };
            assert_eq!(step.iteration, iteration);
            let expected = match step.quantity {
                Quantity::Update => {
                    let mut workspace = Workspace::for_network(&core_network);
                    match train_step(&mut core_network, &mut workspace) {
                        StepOutcome::Updated { .. } if walkthrough.diverged().is_none() => {}
                        // The walkthrough also rejects an update whose next
                        // iteration would not be finite; the core's check
                        // can let that one through.
                        _ => return,
                    }
                    assert_eq!(parameters(walkthrough.network()), parameters(&core_network));
                    // The mean loss after the update over every sample, which
                    // `mean_loss` computes with the same bits as training.
                    mean_loss(&core_network, &mut ForwardTrace::for_network(&core_network))
                }
                Quantity::Gradient => averaged
                    .to_vector()
                    .iter()
                    .map(|g| g * g)
                    .sum::<f64>()
                    .sqrt(),
                _ => {
                    let (forward, backward) = &traces[step.sample.unwrap()];
                    let sample = &core_network.samples[step.sample.unwrap()];
                    let (l, k) = (step.layer.unwrap_or(0), step.unit.unwrap_or(0));
                    match step.quantity {
                        Quantity::Z => forward.z[l][k],
                        Quantity::A => forward.a[l][k],
                        Quantity::Loss => core_network.loss.value(forward.output(), &sample.y),
                        Quantity::DlDa => backward.dl_da[l][k],
                        Quantity::DaDz => backward.da_dz[l][k],
                        Quantity::Delta => backward.delta[l][k],
                        Quantity::DlDw => backward.gradient.layers[l - 1]
                            .dl_dw
                            .get(step.from.unwrap(), k),
                        Quantity::DlDb => backward.gradient.layers[l - 1].dl_db[k],
                        Quantity::Gradient | Quantity::Update => unreachable!(),
                    }
                }
            };
            assert_eq!(
                step.value, expected,
                "{} in iteration {iteration}",
                step.symbol
            );
        }
    }
}

#[test]
fn presets_match_core() {
    for name in ["single-neuron", "2-3-1", "xor", "mazur-2-2-2"] {
        check_against_core(preset(name).unwrap(), 3);
    }
}

proptest! {
    #[test]
    fn random_networks_match_core(seed in any::<u64>()) {
        check_against_core(random_network(seed), 2);
    }

    #[test]
    fn factors_multiply_to_value(seed in any::<u64>()) {
        let mut walkthrough = Walkthrough::new(random_network(seed));
        for _ in 0..walkthrough.term_count() {
            let Ok(step) = walkthrough.next_step() else { break };
            if matches!(step.quantity, Quantity::Delta | Quantity::DlDw | Quantity::DlDb) {
                prop_assert!(!step.factors.is_empty(), "{}", step.symbol);
            }
            if !step.factors.is_empty() {
                // The core computes delta = dL/da * da/dz and then
                // dL/dw = delta * a (or dL/db = delta), the same products in
                // the same order, so the product is exact.
                let product = step.factors.iter().fold(1.0, |acc, f| acc * f.value);
                prop_assert_eq!(product, step.value, "{}", step.symbol);
            }
        }
    }

    #[test]
    fn mathml_well_formed(seed in any::<u64>()) {
        let mut walkthrough = Walkthrough::new(random_network(seed));
        for _ in 0..walkthrough.term_count() {
            let Ok(step) = walkthrough.next_step() else { break };
            prop_assert!(step.mathml.starts_with("<math display=\"block\">"), "{}", step.mathml);
            prop_assert!(tags_balanced(&step.mathml), "{}", step.mathml);
            prop_assert!(!step.mathml.contains("NaN"), "{}", step.mathml);
            prop_assert!(!step.explanation.contains("NaN"), "{}", step.explanation);
        }
    }
}

#[test]
fn gradient_vector_13_components() {
    let network = preset("2-3-1").unwrap();
    let expected = gradient(&network).to_vector();
    let mut walkthrough = Walkthrough::new(network);
    assert_eq!(
        walkthrough.parameter_symbols(),
        [
            "w_{1,1}^(1)",
            "w_{1,2}^(1)",
            "w_{1,3}^(1)",
            "w_{2,1}^(1)",
            "w_{2,2}^(1)",
            "w_{2,3}^(1)",
            "b_1^(1)",
            "b_2^(1)",
            "b_3^(1)",
            "w_{1,1}^(2)",
            "w_{2,1}^(2)",
            "w_{3,1}^(2)",
            "b_1^(2)",
        ]
    );

    // Unknown until the last backward term (dL/db_3^(1), term 34) is taken.
    for _ in 0..33 {
        walkthrough.next_step().unwrap();
        assert_eq!(walkthrough.gradient_vector(), None);
    }
    walkthrough.next_step().unwrap();
    let vector = walkthrough.gradient_vector().unwrap();
    assert_eq!(vector.len(), 13);
    assert_eq!(vector, expected);
    assert_eq!(walkthrough.snapshot().gradient_vector, Some(expected));
}

#[test]
fn loss_history_matches_core_training() {
    let network = preset("xor").unwrap();
    let mut core_network = network.clone();
    let mut workspace = Workspace::for_network(&core_network);
    let mut walkthrough = Walkthrough::new(network);

    let mut expected = Vec::new();
    for _ in 0..25 {
        match train_step(&mut core_network, &mut workspace) {
            StepOutcome::Updated { loss } => expected.push(loss),
            StepOutcome::Diverged { .. } => panic!("xor diverged"),
        }
        let loss = walkthrough.train_step().unwrap();
        assert_eq!(loss, *expected.last().unwrap());
    }
    assert_eq!(walkthrough.loss_history(), expected);
    assert_eq!(parameters(walkthrough.network()), parameters(&core_network));
}

#[test]
fn mazur_update_frozen_biases() {
    let mut walkthrough = Walkthrough::new(preset("mazur-2-2-2").unwrap());
    let step = walkthrough.run_iteration().unwrap();
    assert!(
        step.explanation.contains("biases are not trained"),
        "{}",
        step.explanation
    );
    assert!(step.highlight.biases.is_empty());
    assert_eq!(step.highlight.edges.len(), 8);

    // Updated weights published in Mazur's example; the biases stay.
    let network = walkthrough.network();
    let hidden = &network.layers[0];
    let output = &network.layers[1];
    let close = |a: f64, b: f64| (a - b).abs() < 1e-8;
    assert!(close(hidden.weights.get(0, 0), 0.149780716));
    assert!(close(hidden.weights.get(1, 0), 0.19956143));
    assert!(close(output.weights.get(0, 0), 0.35891648));
    assert!(close(output.weights.get(1, 1), 0.561370121));
    assert_eq!(hidden.biases, [0.35, 0.35]);
    assert_eq!(output.biases, [0.60, 0.60]);
    assert!((walkthrough.loss_history()[0] - 0.298371109).abs() < 1e-9);
}

/// Returns the da/dz step of a one-unit network with `activation` at weighted
/// input z = `z` (weight 1, input `z`, bias 0).
fn da_dz_step(activation: Activation, z: f64) -> Step {
    let network = one_layer(
        activation,
        Loss::SquaredError,
        &[vec![1.0]],
        &[0.0],
        &[z],
        &[0.0],
    );
    let mut walkthrough = Walkthrough::new(network);
    for _ in 0..4 {
        walkthrough.next_step().unwrap();
    }
    let step = walkthrough.next_step().unwrap();
    assert_eq!(step.quantity, Quantity::DaDz);
    step
}

#[test]
fn explanation_sigmoid_derivative() {
    let step = da_dz_step(Activation::Sigmoid, 0.5);
    assert!(
        step.explanation.contains("a(1 − a)"),
        "{}",
        step.explanation
    );
    let a = 1.0 / (1.0 + (-0.5f64).exp());
    let substituted = format!("{} · (1 − {})", format::text(a), format::text(a));
    assert!(
        step.explanation.contains(&substituted),
        "{}",
        step.explanation
    );
}

#[test]
fn explanation_tanh_derivative() {
    let step = da_dz_step(Activation::Tanh, 0.5);
    assert!(step.explanation.contains("1 − a²"), "{}", step.explanation);
    assert!(
        step.explanation
            .contains(&format!("1 − {}²", format::text(0.5f64.tanh()))),
        "{}",
        step.explanation
    );
}

#[test]
fn explanation_relu_derivative() {
    let positive = da_dz_step(Activation::Relu, 0.5);
    assert_eq!(positive.value, 1.0);
    assert!(
        positive.explanation.contains("slope is 1"),
        "{}",
        positive.explanation
    );

    let negative = da_dz_step(Activation::Relu, -0.5);
    assert_eq!(negative.value, 0.0);
    assert!(
        negative.explanation.contains("slope is 0"),
        "{}",
        negative.explanation
    );
    assert!(
        negative.explanation.contains("no gradient flows"),
        "{}",
        negative.explanation
    );
}

#[test]
fn explanation_leaky_relu_derivative() {
    let positive = da_dz_step(Activation::LeakyRelu, 0.5);
    assert_eq!(positive.value, 1.0);
    assert!(
        positive.explanation.contains("slope is 1"),
        "{}",
        positive.explanation
    );

    let negative = da_dz_step(Activation::LeakyRelu, -0.5);
    assert_eq!(negative.value, 0.01);
    assert!(
        negative.explanation.contains("slope is 0.01"),
        "{}",
        negative.explanation
    );
}

#[test]
fn explanation_linear_derivative() {
    let step = da_dz_step(Activation::Linear, -0.5);
    assert_eq!(step.value, 1.0);
    assert!(
        step.explanation.contains("slope is 1 everywhere"),
        "{}",
        step.explanation
    );
}

/// Returns the dL/da step of output 1 of a one-layer sigmoid network with two
/// outputs a = (0.75, 0.5) (weights 0, biases ln 3 and 0) and targets y.
fn output_dl_da_step(loss: Loss, y: [f64; 2]) -> Step {
    let biases = [3f64.ln(), 0.0];
    let network = one_layer(
        Activation::Sigmoid,
        loss,
        &[vec![0.0, 0.0]],
        &biases,
        &[1.0],
        &y,
    );
    let mut walkthrough = Walkthrough::new(network);
    for _ in 0..5 {
        walkthrough.next_step().unwrap();
    }
    let step = walkthrough.next_step().unwrap();
    assert_eq!(step.symbol, "dL/da_1^(1)");
    step
}

#[test]
fn explanation_squared_error_derivative() {
    let step = output_dl_da_step(Loss::SquaredError, [1.0, 0.0]);
    assert!(
        step.explanation.contains("is 2(a − y)"),
        "{}",
        step.explanation
    );
    assert!(
        step.explanation.contains("2 · (0.75 − 1) = −0.5"),
        "{}",
        step.explanation
    );
}

#[test]
fn explanation_half_squared_error_derivative() {
    let step = output_dl_da_step(Loss::HalfSquaredError, [1.0, 0.0]);
    assert!(step.explanation.contains("½"), "{}", step.explanation);
    assert!(
        step.explanation.contains("(0.75 − 1) = −0.25"),
        "{}",
        step.explanation
    );
}

#[test]
fn explanation_mse_derivative() {
    let step = output_dl_da_step(Loss::Mse, [1.0, 0.0]);
    assert!(
        step.explanation.contains("divided by the 2 outputs"),
        "{}",
        step.explanation
    );
    assert!(
        step.explanation.contains("(2 · (0.75 − 1)) / 2 = −0.25"),
        "{}",
        step.explanation
    );
}

#[test]
fn explanation_cross_entropy_derivative() {
    let step = output_dl_da_step(Loss::BinaryCrossEntropy, [1.0, 0.0]);
    assert!(
        step.explanation.contains("(a − y) / (a(1 − a))"),
        "{}",
        step.explanation
    );
    // (0.75 - 1) / (2 * 0.75 * 0.25) = -2/3
    assert!(
        step.explanation
            .contains("(0.75 − 1) / (2 · 0.75 · (1 − 0.75)) = −0.6667"),
        "{}",
        step.explanation
    );
}

#[test]
fn explanation_hidden_sums_paths() {
    let mut walkthrough = Walkthrough::new(preset("mazur-2-2-2").unwrap());
    // Forward 8, loss 1, output layer 2 * 6 = 12: term 22 is dL/da_1^(1).
    let step = (0..22)
        .map(|_| walkthrough.next_step().unwrap())
        .last()
        .unwrap();
    assert_eq!(step.symbol, "dL/da_1^(1)");
    assert!(
        step.explanation.contains("feeds every unit of layer 2"),
        "{}",
        step.explanation
    );
    assert!(
        step.explanation.contains("each of those 2 paths"),
        "{}",
        step.explanation
    );
    assert_eq!(step.depends_on.edges, [[2, 0, 0], [2, 0, 1]]);
}

#[test]
fn weight_step_mathml_substitutes_numbers() {
    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    let step = (0..13)
        .map(|_| walkthrough.next_step().unwrap())
        .last()
        .unwrap();
    assert_eq!(step.symbol, "dL/dw_{1,1}^(2)");
    for factor in &step.factors {
        assert!(
            step.mathml.contains(&format::mathml_operand(factor.value)),
            "{}",
            step.mathml
        );
    }
    assert!(
        step.mathml.contains(&format::mathml(step.value)),
        "{}",
        step.mathml
    );
    assert!(
        step.mathml.contains("<mo>∂</mo><msubsup><mi>w</mi>"),
        "{}",
        step.mathml
    );
    assert!(
        step.explanation.contains("is a_1^(1) = 0.6704"),
        "{}",
        step.explanation
    );
}

#[test]
fn update_explanation_loss_direction() {
    // A relu unit with z = -1 has da/dz = 0, so nothing moves and the loss
    // stays; the 2-3-1 lesson's first update lowers it.
    let dead = r#"{ "inputs": 1,
        "layers": [ { "activation": "relu", "weights": [[1.0]], "biases": [-2.0] } ],
        "loss": "squared_error", "learning_rate": 0.5,
        "samples": [ { "x": [1.0], "y": [1.0] } ] }"#;
    let mut walkthrough = Walkthrough::new(Network::from_json(dead).unwrap());
    walkthrough.set_granularity_name("iteration").unwrap();
    let step = walkthrough.next_step().unwrap();
    assert!(
        step.explanation
            .contains("stays at 1 to four significant digits"),
        "{}",
        step.explanation
    );

    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    walkthrough.set_granularity_name("iteration").unwrap();
    let step = walkthrough.next_step().unwrap();
    assert!(
        step.explanation.contains("falls from 0.1741 to 0.1325"),
        "{}",
        step.explanation
    );
}
