#![cfg(not(target_arch = "wasm32"))]
//! Exact undo across iterations, snapshots with nulls, divergence and
//! frozen biases.

mod walkthrough_support;

use backprop_lab::core::presets::preset;
use backprop_lab::walkthrough::trace::parameters;
use backprop_lab::walkthrough::{
    Granularity, Position, Quantity, Snapshot, Step, Walkthrough, WalkthroughError,
};
use proptest::prelude::*;
use walkthrough_support::{one_layer, random_network};

/// Everything a caller can observe of a walkthrough.
#[derive(Debug, PartialEq)]
struct Observed {
    position: Position,
    snapshot: Snapshot,
    step: Option<Step>,
    parameters: Vec<f64>,
    loss_history: Vec<f64>,
    can_step_back: bool,
}

fn observe(walkthrough: &Walkthrough) -> Observed {
    Observed {
        position: walkthrough.position(),
        snapshot: walkthrough.snapshot(),
        step: walkthrough.current_step(),
        parameters: parameters(walkthrough.network()),
        loss_history: walkthrough.loss_history().to_vec(),
        can_step_back: walkthrough.can_step_back(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn forward_then_back_restores(
        seed in any::<u64>(),
        granularities in proptest::collection::vec(0..4usize, 1..120),
    ) {
        let mut walkthrough = Walkthrough::new(random_network(seed));
        let mut history = vec![observe(&walkthrough)];

        for &choice in &granularities {
            walkthrough.set_granularity(Granularity::ALL[choice]);
            if walkthrough.next_step().is_err() {
                // A rejected step changes nothing.
                prop_assert_eq!(&observe(&walkthrough), history.last().unwrap());
                break;
            }
            history.push(observe(&walkthrough));
        }

        // Every undo lands exactly on the state before the step it undoes.
        history.pop();
        while let Some(expected) = history.pop() {
            walkthrough.previous_step().unwrap();
            prop_assert_eq!(observe(&walkthrough), expected);
        }
        prop_assert_eq!(walkthrough.previous_step(), Err(WalkthroughError::AtStart));
    }

    #[test]
    fn redo_after_undo_identical(seed in any::<u64>(), steps in 1..120usize, back in 1..120usize) {
        let mut walkthrough = Walkthrough::new(random_network(seed));
        let mut steps_taken = 0;
        while steps_taken < steps && walkthrough.next_step().is_ok() {
            steps_taken += 1;
        }
        let reached = observe(&walkthrough);

        let back = back.min(steps_taken);
        for _ in 0..back {
            walkthrough.previous_step().unwrap();
        }
        for _ in 0..back {
            walkthrough.next_step().unwrap();
        }
        prop_assert_eq!(observe(&walkthrough), reached);
    }

    #[test]
    fn snapshot_counts_known_values(seed in any::<u64>()) {
        let mut walkthrough = Walkthrough::new(random_network(seed));
        let mut known_in_sample = 0;
        let mut last_sample = None;
        for _ in 0..walkthrough.term_count() {
            let Ok(step) = walkthrough.next_step() else { break };
            if step.sample.is_some() && step.sample != last_sample {
                known_in_sample = 0;
                last_sample = step.sample;
            }
            if step.sample.is_some() {
                known_in_sample += 1;
            }
            let snapshot = walkthrough.snapshot();
            prop_assert_eq!(count_known(&snapshot), known_in_sample, "after {}", step.symbol);
        }
    }
}

/// Counts the values of the snapshot's sample that are known, counting the
/// sample's loss and leaving out the inputs a[0].
fn count_known(snapshot: &Snapshot) -> usize {
    let units =
        |rows: &Vec<Vec<Option<f64>>>| rows.iter().flatten().filter(|v| v.is_some()).count();
    let inputs = snapshot.a[0].len();
    units(&snapshot.z) + units(&snapshot.a) - inputs
        + units(&snapshot.dl_da)
        + units(&snapshot.da_dz)
        + units(&snapshot.delta)
        + snapshot.dl_dw.iter().map(units).sum::<usize>()
        + units(&snapshot.dl_db)
        + usize::from(snapshot.sample_loss.is_some())
}

#[test]
fn snapshot_start_all_null() {
    let walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    let snapshot = walkthrough.snapshot();
    assert_eq!(count_known(&snapshot), 0);
    assert_eq!(snapshot.a[0], [Some(0.5), Some(1.0)]);
    assert_eq!(snapshot.gradient, None);
    assert_eq!(snapshot.mean_loss, None);
    assert_eq!(snapshot.diverged, None);
    assert_eq!(snapshot.layer_sizes, [2, 3, 1]);
    assert!(walkthrough.current_step().is_none());
}

#[test]
fn snapshot_values_equal_steps() {
    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    let z = walkthrough.next_step().unwrap();
    let a = walkthrough.next_step().unwrap();
    let snapshot = walkthrough.snapshot();
    assert_eq!(snapshot.z[1][0], Some(z.value));
    assert_eq!(snapshot.a[1][0], Some(a.value));
    assert_eq!(snapshot.z[1][1], None);
}

#[test]
fn snapshot_json_uses_null() {
    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    walkthrough.next_step().unwrap();
    let json = serde_json::to_value(walkthrough.snapshot()).unwrap();
    assert!(json["z"][1][0].is_number());
    assert!(json["z"][1][1].is_null());
    assert!(json["dlDw"][0][0][0].is_null());
    assert!(json["gradient"].is_null());
    assert!(json["lossHistory"].as_array().unwrap().is_empty());
}

#[test]
fn xor_snapshot_new_sample_resets() {
    let mut walkthrough = Walkthrough::new(preset("xor").unwrap());
    for _ in 0..35 {
        walkthrough.next_step().unwrap();
    }
    let snapshot = walkthrough.snapshot();
    assert_eq!(snapshot.sample, 1);
    assert_eq!(snapshot.x, [0.0, 1.0]);
    assert_eq!(count_known(&snapshot), 1);
    assert!(snapshot.sample_losses[0].is_some());
    assert!(snapshot.sample_losses[1].is_none());
}

#[test]
fn undo_across_iteration_boundary() {
    let mut walkthrough = Walkthrough::new(preset("single-neuron").unwrap());
    for _ in 0..10 {
        walkthrough.next_step().unwrap();
    }
    let at_update = observe(&walkthrough);
    assert_eq!(at_update.step.as_ref().unwrap().quantity, Quantity::Update);
    assert_eq!(at_update.loss_history.len(), 1);

    walkthrough.next_step().unwrap();
    assert_eq!(
        walkthrough.position(),
        Position {
            iteration: 1,
            term: 1
        }
    );
    walkthrough.previous_step().unwrap();
    assert_eq!(observe(&walkthrough), at_update);

    walkthrough.previous_step().unwrap();
    assert_eq!(walkthrough.loss_history(), [] as [f64; 0]);
    assert_eq!(
        parameters(walkthrough.network()),
        parameters(&preset("single-neuron").unwrap())
    );
}

#[test]
fn previous_step_at_start_rejected() {
    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    let error = walkthrough.previous_step().unwrap_err();
    assert_eq!(error, WalkthroughError::AtStart);
    assert!(error.to_string().contains("no step to undo"), "{error}");
}

#[test]
fn reset_restores_start() {
    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    let start = observe(&walkthrough);
    walkthrough.set_granularity(Granularity::Unit);
    for _ in 0..25 {
        walkthrough.next_step().unwrap();
    }
    walkthrough.reset();
    assert_eq!(observe(&walkthrough), start);
    assert_eq!(walkthrough.granularity(), Granularity::Unit);
}

/// Builds one linear unit whose loss (w x)^2 = 1e200 is finite but whose update
/// w - alpha * dL/dw = 1e100 - 1e250 * 2e100 overflows.
fn diverging() -> Walkthrough {
    let mut network = one_layer(
        backprop_lab::core::Activation::Linear,
        backprop_lab::core::Loss::SquaredError,
        &[vec![1e100]],
        &[0.0],
        &[1.0],
        &[0.0],
    );
    network.learning_rate = 1e250;
    Walkthrough::new(network)
}

#[test]
fn diverged_update_reported() {
    let mut walkthrough = diverging();
    let start = parameters(walkthrough.network());
    let step = walkthrough.run_iteration().unwrap();

    assert_eq!(step.quantity, Quantity::Update);
    assert!(step.value.is_finite());
    let reason = walkthrough.diverged().unwrap().to_string();
    assert!(reason.contains("w_{1,1}^(1) non-finite"), "{reason}");
    assert!(reason.contains("Lower the learning rate"), "{reason}");
    assert!(step.explanation.contains(&reason));

    let snapshot = walkthrough.snapshot();
    assert_eq!(snapshot.diverged.as_deref(), Some(reason.as_str()));
    assert_eq!(parameters(walkthrough.network()), start);
    assert!(walkthrough.loss_history().is_empty());
    let json = serde_json::to_string(&snapshot).unwrap();
    assert!(!json.contains("NaN"), "{json}");
    assert!(!json.contains("inf"), "{json}");
}

#[test]
fn diverged_next_step_rejected_until_rate_changes() {
    let mut walkthrough = diverging();
    walkthrough.run_iteration().unwrap();
    let diverged = observe(&walkthrough);

    let error = walkthrough.next_step().unwrap_err();
    assert!(matches!(error, WalkthroughError::Diverged { .. }));
    assert_eq!(observe(&walkthrough), diverged);

    // With a small enough rate the next step takes the update again.
    walkthrough.set_learning_rate(0.1).unwrap();
    let step = walkthrough.next_step().unwrap();
    assert_eq!(step.quantity, Quantity::Update);
    assert_eq!(walkthrough.diverged(), None);
    assert_eq!(walkthrough.loss_history().len(), 1);
    assert_ne!(parameters(walkthrough.network()), diverged.parameters);

    // Undo brings back the diverged update exactly, with its rate.
    walkthrough.previous_step().unwrap();
    let mut expected = diverged;
    expected.snapshot.learning_rate = 0.1;
    assert_eq!(observe(&walkthrough), expected);
}

#[test]
fn train_step_divergence_leaves_state() {
    let mut walkthrough = diverging();
    let before = observe(&walkthrough);
    let error = walkthrough.train_step().unwrap_err();
    assert!(error.to_string().contains("Training diverged"), "{error}");
    assert_eq!(observe(&walkthrough), before);
}

#[test]
fn non_finite_start_rejected() {
    // (1e200)^2 overflows already at the initial parameters.
    let network = one_layer(
        backprop_lab::core::Activation::Linear,
        backprop_lab::core::Loss::SquaredError,
        &[vec![1e200]],
        &[0.0],
        &[1.0],
        &[0.0],
    );
    let mut walkthrough = Walkthrough::new(network);
    let error = walkthrough.next_step().unwrap_err();
    assert!(
        matches!(error, WalkthroughError::NotFiniteAtStart { .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("the loss of sample 1"),
        "{error}"
    );
    assert_eq!(
        walkthrough.position(),
        Position {
            iteration: 0,
            term: 0
        }
    );
}

#[test]
fn frozen_biases_keep_values() {
    let mut network = preset("2-3-1").unwrap();
    network.train_biases = false;
    let biases: Vec<Vec<f64>> = network.layers.iter().map(|l| l.biases.clone()).collect();
    let weights = network.layers[0].weights.clone();

    let mut walkthrough = Walkthrough::new(network);
    let step = walkthrough.run_iteration().unwrap();
    assert!(
        step.explanation.contains("biases are not trained"),
        "{}",
        step.explanation
    );
    let after: Vec<Vec<f64>> = walkthrough
        .network()
        .layers
        .iter()
        .map(|l| l.biases.clone())
        .collect();
    assert_eq!(after, biases);
    assert_ne!(walkthrough.network().layers[0].weights, weights);
}

#[test]
fn learning_rate_rejects_invalid() {
    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    for bad in [f64::NAN, 0.0, -1.0, f64::INFINITY] {
        let error = walkthrough.set_learning_rate(bad).unwrap_err();
        assert!(
            error.to_string().contains("positive finite number"),
            "{error}"
        );
    }
    assert_eq!(walkthrough.network().learning_rate, 0.5);
}

#[test]
fn update_simultaneous() {
    // Every parameter moves by -alpha times its partial derivative at the
    // iteration's start, not at partly updated parameters.
    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    let before = parameters(walkthrough.network());
    for _ in 0..34 {
        walkthrough.next_step().unwrap();
    }
    let gradient = walkthrough.gradient_vector().unwrap();
    walkthrough.next_step().unwrap();
    let after = parameters(walkthrough.network());
    for i in 0..before.len() {
        assert_eq!(after[i], before[i] - 0.5 * gradient[i], "parameter {i}");
    }
}

#[test]
fn undo_between_checkpoints_exact() {
    // 2-64-64-1 has 4,417 parameters, so the walkthrough keeps only every
    // fourth iteration's parameters and replays the updates in between.
    let mut network = preset("2-3-1").unwrap();
    let mut rng = backprop_lab::core::rng::SeededRng::new(11);
    network.layers.clear();
    let mut fan_in = 2;
    for units in [64, 64, 1] {
        let rows: Vec<Vec<f64>> = (0..fan_in)
            .map(|_| (0..units).map(|_| rng.uniform(-0.3, 0.3)).collect())
            .collect();
        network.layers.push(backprop_lab::core::Layer {
            activation: backprop_lab::core::Activation::Tanh,
            weights: backprop_lab::core::Matrix::from_rows(&rows),
            biases: vec![0.1; units],
        });
        fan_in = units;
    }
    network.learning_rate = 0.05;

    let mut walkthrough = Walkthrough::new(network);
    let mut history = vec![observe(&walkthrough)];
    for iteration in 0..9 {
        // Change the rate so that the replay must use each update's own.
        walkthrough
            .set_learning_rate(0.05 + 0.01 * iteration as f64)
            .unwrap();
        walkthrough.run_iteration().unwrap();
        history.push(observe(&walkthrough));
    }
    for _ in 0..3 {
        walkthrough.next_step().unwrap();
        history.push(observe(&walkthrough));
    }

    history.pop();
    while let Some(expected) = history.pop() {
        walkthrough.previous_step().unwrap();
        let mut observed = observe(&walkthrough);
        // The learning rate is a setting that undo leaves alone.
        observed.snapshot.learning_rate = expected.snapshot.learning_rate;
        assert_eq!(observed, expected);
    }
}
