#![cfg(not(target_arch = "wasm32"))]
//! Mini-batches in the walkthrough: each iteration trains on the core's
//! schedule, with the same numbers as the core's `train_step`, a sequence
//! laid out for its batch, and exact undo across epochs.

use backprop_lab::core::train::{averaged_gradient, batch_loss, batch_samples, train_step};
use backprop_lab::core::{backward, forward, ForwardTrace, Network, StepOutcome, Workspace};
use backprop_lab::walkthrough::trace::parameters;
use backprop_lab::walkthrough::{
    Granularity, Phase, Position, Quantity, Snapshot, Step, Walkthrough, WalkthroughError,
};

/// Builds a 2-3-1 network with 5 samples, seed 21 and the given batch size:
/// batches of 2 give epochs of 3 iterations whose last batch has 1 sample.
fn five_samples(batch_size: usize) -> Network {
    let text = format!(
        r#"{{
          "inputs": 2,
          "layers": [ {{ "activation": "tanh", "units": 3 }}, {{ "activation": "sigmoid", "units": 1 }} ],
          "loss": "squared_error",
          "learning_rate": 0.7,
          "seed": 21,
          "batch_size": {batch_size},
          "samples": [
            {{ "x": [0.1, 0.9], "y": [1.0] }}, {{ "x": [0.8, -0.4], "y": [0.0] }},
            {{ "x": [-0.5, 0.3], "y": [1.0] }}, {{ "x": [0.6, 0.6], "y": [0.0] }},
            {{ "x": [-0.9, -0.2], "y": [0.5] }}
          ]
        }}"#
    );
    Network::from_json(&text).unwrap()
}

fn batch_of(network: &Network, iteration: usize) -> Vec<usize> {
    let mut batch = Vec::new();
    batch_samples(network, iteration, &mut batch);
    batch
}

/// Everything a caller can observe of a walkthrough.
#[derive(Debug, PartialEq)]
struct Observed {
    position: Position,
    term_count: usize,
    unit_steps: usize,
    snapshot: Snapshot,
    step: Option<Step>,
    parameters: Vec<f64>,
    loss_history: Vec<f64>,
}

fn observe(walkthrough: &Walkthrough) -> Observed {
    Observed {
        position: walkthrough.position(),
        term_count: walkthrough.term_count(),
        unit_steps: walkthrough.step_count(Granularity::Unit),
        snapshot: walkthrough.snapshot(),
        step: walkthrough.current_step(),
        parameters: parameters(walkthrough.network()),
        loss_history: walkthrough.loss_history().to_vec(),
    }
}

#[test]
fn iterations_match_core_train_step() {
    let network = five_samples(2);
    let mut core_network = network.clone();
    let mut workspace = Workspace::for_network(&core_network);
    let mut core_losses = Vec::new();
    let mut walkthrough = Walkthrough::new(network);

    // 10 iterations cross three epoch boundaries.
    for iteration in 0..10 {
        walkthrough.run_iteration().unwrap();
        assert_eq!(
            walkthrough.batch(),
            batch_of(&core_network, iteration),
            "batch of iteration {iteration}"
        );
        match train_step(&mut core_network, &mut workspace) {
            StepOutcome::Updated { loss } => core_losses.push(loss),
            other => panic!("iteration {iteration}: {other:?}"),
        }
        assert_eq!(
            parameters(walkthrough.network()),
            parameters(&core_network),
            "parameters after iteration {iteration}"
        );
        assert_eq!(
            walkthrough.loss_history(),
            core_losses,
            "loss history after iteration {iteration}"
        );
    }
}

#[test]
fn train_step_returns_batch_loss() {
    let network = five_samples(2);
    let mut core_network = network.clone();
    let mut workspace = Workspace::for_network(&core_network);
    let mut walkthrough = Walkthrough::new(network);

    for iteration in 0..7 {
        let loss = walkthrough.train_step().unwrap();
        let StepOutcome::Updated { loss: expected } = train_step(&mut core_network, &mut workspace)
        else {
            panic!("core diverged in iteration {iteration}");
        };
        assert_eq!(loss.to_bits(), expected.to_bits(), "iteration {iteration}");
    }
    assert_eq!(parameters(walkthrough.network()), parameters(&core_network));
}

#[test]
fn terms_match_core_on_batch() {
    let mut walkthrough = Walkthrough::new(five_samples(2));
    let mut core_network = walkthrough.network().clone();
    let mut workspace = Workspace::for_network(&core_network);

    for iteration in 0..6 {
        let batch = batch_of(&core_network, iteration);
        let mut reference = Workspace::for_network(&core_network);
        averaged_gradient(&core_network, &batch, &mut reference);
        let gradient_length = reference
            .gradient
            .to_vector()
            .iter()
            .map(|g| g * g)
            .sum::<f64>()
            .sqrt();
        let mut samples_taken = Vec::new();

        loop {
            let step = walkthrough.next_step().unwrap();
            assert_eq!(step.iteration, iteration);
            let expected = match step.quantity {
                Quantity::Gradient => gradient_length,
                Quantity::Update => {
                    let before = core_network.clone();
                    assert!(matches!(
                        train_step(&mut core_network, &mut workspace),
                        StepOutcome::Updated { .. }
                    ));
                    assert_eq!(parameters(walkthrough.network()), parameters(&core_network));
                    // The loss after the update is over the same batch.
                    assert_ne!(parameters(&before), parameters(&core_network));
                    batch_loss(
                        &core_network,
                        &batch,
                        &mut ForwardTrace::for_network(&core_network),
                    )
                }
                _ => {
                    let sample = step.sample.unwrap();
                    if samples_taken.last() != Some(&sample) {
                        samples_taken.push(sample);
                    }
                    let data = &core_network.samples[sample];
                    let forward = forward(&core_network, &data.x);
                    let backward = backward(&core_network, &forward, &data.y);
                    let (l, k) = (step.layer.unwrap_or(0), step.unit.unwrap_or(0));
                    match step.quantity {
                        Quantity::Z => forward.z[l][k],
                        Quantity::A => forward.a[l][k],
                        Quantity::Loss => core_network.loss.value(forward.output(), &data.y),
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
            if step.quantity == Quantity::Update {
                break;
            }
        }
        assert_eq!(
            samples_taken, batch,
            "samples of iteration {iteration} in batch order"
        );
    }
}

#[test]
fn short_batch_fewer_terms() {
    // Per sample the 2-3-1 network has 8 forward terms, the loss and
    // 7 + 3 * 6 = 25 backward terms: 34. Units: 4 + 1 + 4 = 9; layers:
    // 2 + 1 + 2 = 5. A batch of 2 adds the averaging and the update, a batch
    // of 1 only the update.
    let full = [70, 20, 12, 1];
    let short = [35, 10, 6, 1];
    let mut walkthrough = Walkthrough::new(five_samples(2));
    walkthrough.set_granularity(Granularity::Unit);

    for iteration in 0..7 {
        let expected = if iteration % 3 == 2 { short } else { full };
        assert_eq!(
            walkthrough.term_count_of(iteration),
            expected[0],
            "term_count_of({iteration})"
        );

        let mut steps = vec![walkthrough.next_step().unwrap()];
        assert_eq!(walkthrough.position().iteration, iteration);
        // The counts describe the iteration the walkthrough is in, from its
        // first step to its update.
        assert_eq!(
            walkthrough.term_count(),
            expected[0],
            "terms of iteration {iteration}"
        );
        for (granularity, count) in Granularity::ALL.into_iter().zip(expected) {
            assert_eq!(
                walkthrough.step_count(granularity),
                count,
                "iteration {iteration} at {}",
                granularity.name()
            );
        }
        assert_eq!(walkthrough.snapshot().term_count, expected[0]);

        while walkthrough.position().term < walkthrough.term_count() {
            steps.push(walkthrough.next_step().unwrap());
        }
        assert_eq!(
            walkthrough.term_count(),
            expected[0],
            "terms at the end of iteration {iteration}"
        );
        assert_eq!(
            steps.len(),
            expected[1],
            "unit steps of iteration {iteration}"
        );
        let averages = steps
            .iter()
            .filter(|step| step.phase == Phase::Average)
            .count();
        assert_eq!(
            averages,
            usize::from(expected == full),
            "averaging steps of iteration {iteration}"
        );
    }
    assert_eq!(walkthrough.term_count_of(8), 35);
    assert_eq!(walkthrough.term_count_of(9), 70);
}

#[test]
fn undo_across_epoch_boundary_exact() {
    let mut walkthrough = Walkthrough::new(five_samples(2));
    let mut history = vec![observe(&walkthrough)];

    // Iterations 0-2 form epoch 0 and 3-5 epoch 1; step through the short
    // batch at the end of epoch 0 and into epoch 1 at mixed granularities.
    for round in 0..40 {
        walkthrough.set_granularity(Granularity::ALL[round % 3]);
        walkthrough.next_step().unwrap();
        history.push(observe(&walkthrough));
        if round % 5 == 4 {
            walkthrough.run_iteration().unwrap();
            history.push(observe(&walkthrough));
        }
    }
    assert!(
        walkthrough.position().iteration >= 4,
        "reached {:?}",
        walkthrough.position()
    );

    history.pop();
    while let Some(expected) = history.pop() {
        walkthrough.previous_step().unwrap();
        assert_eq!(observe(&walkthrough), expected);
    }
    assert_eq!(walkthrough.previous_step(), Err(WalkthroughError::AtStart));
}

#[test]
fn undo_update_ending_epoch() {
    let mut walkthrough = Walkthrough::new(five_samples(2));
    walkthrough
        .go_to(Position {
            iteration: 2,
            term: 34,
        })
        .unwrap();
    let before_update = observe(&walkthrough);
    assert_eq!(before_update.term_count, 35);

    walkthrough.next_step().unwrap();
    let after_update = observe(&walkthrough);
    assert_eq!(
        after_update.position,
        Position {
            iteration: 2,
            term: 35
        }
    );
    assert_eq!(after_update.loss_history.len(), 3);

    walkthrough.next_step().unwrap();
    assert_eq!(
        walkthrough.position(),
        Position {
            iteration: 3,
            term: 1
        }
    );
    assert_eq!(walkthrough.term_count(), 70);
    assert_eq!(walkthrough.batch(), batch_of(walkthrough.network(), 3));

    walkthrough.previous_step().unwrap();
    assert_eq!(observe(&walkthrough), after_update);
    walkthrough.previous_step().unwrap();
    assert_eq!(observe(&walkthrough), before_update);
}

#[test]
fn go_to_across_epochs_same_as_stepping() {
    let mut stepped = Walkthrough::new(five_samples(2));
    while stepped.position()
        < (Position {
            iteration: 7,
            term: 12,
        })
    {
        stepped.next_step().unwrap();
    }

    let mut jumped = Walkthrough::new(five_samples(2));
    jumped.go_to(stepped.position()).unwrap();
    assert_eq!(observe(&jumped).snapshot, observe(&stepped).snapshot);

    // Back into the short batch of epoch 0, then forward again.
    jumped
        .go_to(Position {
            iteration: 2,
            term: 20,
        })
        .unwrap();
    let mut fresh = Walkthrough::new(five_samples(2));
    fresh
        .go_to(Position {
            iteration: 2,
            term: 20,
        })
        .unwrap();
    assert_eq!(observe(&jumped).snapshot, observe(&fresh).snapshot);
    assert_eq!(jumped.term_count(), 35);

    // Term 0 of iteration 3 is the end of the short iteration 2.
    jumped
        .go_to(Position {
            iteration: 3,
            term: 0,
        })
        .unwrap();
    assert_eq!(
        jumped.position(),
        Position {
            iteration: 2,
            term: 35
        }
    );
}

#[test]
fn go_to_rejects_term_past_short_batch() {
    let mut walkthrough = Walkthrough::new(five_samples(2));
    let error = walkthrough
        .go_to(Position {
            iteration: 2,
            term: 36,
        })
        .unwrap_err();
    assert_eq!(
        error,
        WalkthroughError::InvalidPosition {
            iteration: 2,
            term: 36,
            term_count: 35
        }
    );
    assert!(error.to_string().contains("from 0 to 35"), "{error}");
    assert_eq!(
        walkthrough.position(),
        Position {
            iteration: 0,
            term: 0
        }
    );

    walkthrough
        .go_to(Position {
            iteration: 1,
            term: 70,
        })
        .unwrap();
    assert_eq!(
        walkthrough.position(),
        Position {
            iteration: 1,
            term: 70
        }
    );
}

#[test]
fn snapshot_reports_batch() {
    let mut walkthrough = Walkthrough::new(five_samples(2));
    walkthrough
        .go_to(Position {
            iteration: 1,
            term: 0,
        })
        .unwrap();
    walkthrough.next_step().unwrap();
    let batch = batch_of(walkthrough.network(), 1);
    assert_eq!(batch.len(), 2);

    let snapshot = walkthrough.snapshot();
    assert_eq!(snapshot.batch, batch);
    assert_eq!(snapshot.sample, batch[0]);
    assert_eq!(snapshot.sample_count, 5);
    assert_eq!(snapshot.sample_losses.len(), 5);
    assert!(snapshot.sample_losses.iter().all(Option::is_none));
    let step = walkthrough.current_step().unwrap();
    assert_eq!(step.sample, Some(batch[0]));

    // After both losses of the batch, only those two are known, and so is
    // the batch's mean loss.
    while walkthrough.snapshot().phase
        != backprop_lab::walkthrough::snapshot::SnapshotPhase::Average
    {
        walkthrough.next_step().unwrap();
    }
    let snapshot = walkthrough.snapshot();
    for sample in 0..5 {
        assert_eq!(
            snapshot.sample_losses[sample].is_some(),
            batch.contains(&sample),
            "loss of sample {sample}"
        );
    }
    let mut reference = Workspace::for_network(walkthrough.network());
    let expected = averaged_gradient(walkthrough.network(), &batch, &mut reference);
    assert_eq!(snapshot.mean_loss, Some(expected));
    assert_eq!(
        snapshot.gradient_vector,
        Some(reference.gradient.to_vector())
    );

    let json = serde_json::to_value(&snapshot).unwrap();
    assert_eq!(json["batch"], serde_json::json!(batch));
}

#[test]
fn average_names_batch_samples() {
    let mut walkthrough = Walkthrough::new(five_samples(2));
    let batch = walkthrough.batch().to_vec();
    let average = loop {
        let step = walkthrough.next_step().unwrap();
        if step.quantity == Quantity::Gradient {
            break step;
        }
    };
    let names = format!("samples {} and {}", batch[0] + 1, batch[1] + 1);
    assert!(
        average
            .explanation
            .contains("mini-batch of 2 of the 5 samples"),
        "{}",
        average.explanation
    );
    assert!(
        average.explanation.contains(&names),
        "{names} in {}",
        average.explanation
    );

    let update = walkthrough.next_step().unwrap();
    assert_eq!(update.quantity, Quantity::Update);
    assert!(
        update
            .explanation
            .contains(&format!("mean loss of this iteration's {names}")),
        "{}",
        update.explanation
    );
}

#[test]
fn one_sample_batch_names_sample() {
    // With batches of 1 no iteration averages, and every term names its
    // sample because the network has several.
    let mut walkthrough = Walkthrough::new(five_samples(1));
    assert_eq!(walkthrough.term_count(), 35);
    let step = walkthrough.next_step().unwrap();
    let sample = walkthrough.batch()[0];
    assert!(
        step.explanation
            .contains(&format!("for sample {}", sample + 1)),
        "{}",
        step.explanation
    );
}

#[test]
fn whole_set_batch_keeps_full_text() {
    // A batch size equal to the sample count trains on every sample, in the
    // epoch's shuffled order.
    let mut walkthrough = Walkthrough::new(five_samples(5));
    let mut sorted = walkthrough.batch().to_vec();
    sorted.sort_unstable();
    assert_eq!(sorted, [0, 1, 2, 3, 4]);
    let step = loop {
        let step = walkthrough.next_step().unwrap();
        if step.quantity == Quantity::Gradient {
            break step;
        }
    };
    assert!(
        step.explanation.contains("whole set of samples"),
        "{}",
        step.explanation
    );
}

#[test]
fn full_batch_unchanged() {
    let mut network = five_samples(2);
    network.batch_size = None;
    let mut walkthrough = Walkthrough::new(network);
    for _ in 0..4 {
        assert_eq!(walkthrough.batch(), [0, 1, 2, 3, 4]);
        assert_eq!(walkthrough.term_count(), 5 * 34 + 2);
        walkthrough.run_iteration().unwrap();
    }
}

#[test]
fn large_batch_list_abbreviated() {
    let samples: Vec<String> = (0..12)
        .map(|i| {
            format!(
                r#"{{ "x": [{}], "y": [{}] }}"#,
                i as f64 / 12.0,
                (i % 2) as f64
            )
        })
        .collect();
    let text = format!(
        r#"{{ "inputs": 1, "layers": [ {{ "activation": "sigmoid", "units": 1 }} ], "loss": "squared_error",
              "learning_rate": 0.5, "seed": 4, "batch_size": 10, "samples": [{}] }}"#,
        samples.join(", ")
    );
    let mut walkthrough = Walkthrough::new(Network::from_json(&text).unwrap());
    let batch = walkthrough.batch().to_vec();
    assert_eq!(batch.len(), 10);
    let average = loop {
        let step = walkthrough.next_step().unwrap();
        if step.quantity == Quantity::Gradient {
            break step;
        }
    };

    let names = format!(
        "samples {}, {}, {}, …, {}",
        batch[0] + 1,
        batch[1] + 1,
        batch[2] + 1,
        batch[9] + 1
    );
    assert!(
        average
            .explanation
            .contains("mini-batch of 10 of the 12 samples"),
        "{}",
        average.explanation
    );
    assert!(
        average.explanation.contains(&names),
        "{names} in {}",
        average.explanation
    );
}
