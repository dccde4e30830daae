#![cfg(not(target_arch = "wasm32"))]
//! Gradient descent: the simultaneous full-batch update, frozen biases,
//! seeded mini-batches and divergence.

use backprop_lab::core::rng::SeededRng;
use backprop_lab::core::train::{
    apply_update, averaged_gradient, batch_len, batch_loss, batch_samples, epoch_order, gradient,
    mean_loss,
};
use backprop_lab::core::{preset, train_step, Network, StepOutcome, Workspace};

fn two_three_one(extra: &str) -> Network {
    let text = format!(
        r#"{{
          "inputs": 2,
          "layers": [ {{ "activation": "tanh", "units": 3 }}, {{ "activation": "sigmoid", "units": 1 }} ],
          "loss": "squared_error",
          "learning_rate": 0.7,
          "seed": 21,
          {extra}
          "samples": [
            {{ "x": [0.1, 0.9], "y": [1.0] }}, {{ "x": [0.8, -0.4], "y": [0.0] }},
            {{ "x": [-0.5, 0.3], "y": [1.0] }}, {{ "x": [0.6, 0.6], "y": [0.0] }},
            {{ "x": [-0.9, -0.2], "y": [0.5] }}
          ]
        }}"#
    );
    Network::from_json(&text).unwrap()
}

fn parameters(network: &Network) -> Vec<f64> {
    network
        .layers
        .iter()
        .flat_map(|layer| {
            layer
                .weights
                .as_slice()
                .iter()
                .chain(&layer.biases)
                .copied()
        })
        .collect()
}

#[test]
fn full_batch_update_is_simultaneous() {
    let mut network = two_three_one("");
    let before = parameters(&network);
    let dl_dtheta = gradient(&network).to_vector();

    let mut workspace = Workspace::for_network(&network);
    let outcome = train_step(&mut network, &mut workspace);
    assert!(
        matches!(outcome, StepOutcome::Updated { .. }),
        "{outcome:?}"
    );

    // Every parameter moves by -alpha * dL/dtheta with the gradient taken at
    // the parameters before the step, the output layer's included.
    let after = parameters(&network);
    for (i, ((old, new), g)) in before.iter().zip(&after).zip(&dl_dtheta).enumerate() {
        let expected = old - 0.7 * g;
        assert!(
            (new - expected).abs() < 1e-15,
            "parameter {i}: {new}, expected {expected}"
        );
    }
}

#[test]
fn step_reports_loss_before_update() {
    let mut network = two_three_one("");
    let mut workspace = Workspace::for_network(&network);
    let expected = averaged_gradient(&network, &[0, 1, 2, 3, 4], &mut workspace);

    match train_step(&mut network, &mut workspace) {
        StepOutcome::Updated { loss } => assert_eq!(loss, expected),
        other => panic!("{other:?}"),
    }
}

#[test]
fn frozen_biases_stay() {
    let mut network = two_three_one(r#""train_biases": false,"#);
    let biases: Vec<Vec<f64>> = network
        .layers
        .iter()
        .map(|layer| layer.biases.clone())
        .collect();
    let weights = network.layers[0].weights.clone();
    let mut workspace = Workspace::for_network(&network);

    for _ in 0..5 {
        train_step(&mut network, &mut workspace);
    }

    for (l, layer) in network.layers.iter().enumerate() {
        assert_eq!(layer.biases, biases[l], "biases of layer {}", l + 1);
    }
    assert_ne!(network.layers[0].weights, weights, "weights still train");
}

#[test]
fn biases_train_by_default() {
    let mut network = two_three_one("");
    let biases = network.layers[1].biases.clone();
    let mut workspace = Workspace::for_network(&network);
    train_step(&mut network, &mut workspace);

    assert_ne!(network.layers[1].biases, biases);
}

/// Builds the sample order of mini-batch epoch `epoch` as the schedule
/// documents it: a Fisher-Yates shuffle of 0..n by SplitMix64 seeded with
/// output number `epoch` of SplitMix64 seeded with `seed`.
fn documented_epoch_order(seed: u64, epoch: usize, count: usize) -> Vec<usize> {
    let mut seeds = SeededRng::new(seed);
    let mut epoch_seed = seeds.next_u64();
    for _ in 0..epoch {
        epoch_seed = seeds.next_u64();
    }
    let mut order: Vec<usize> = (0..count).collect();
    SeededRng::new(epoch_seed).shuffle(&mut order);
    order
}

#[test]
fn mini_batches_follow_seed() {
    let mut network = two_three_one(r#""batch_size": 2,"#);
    let mut expected = network.clone();
    let mut workspace = Workspace::for_network(&network);

    // Batches of 2 from 5 samples take 2, 2, then the 1 sample left, and
    // each epoch has its own order.
    let mut batches = Vec::new();
    for epoch in 0..3 {
        let order = documented_epoch_order(21, epoch, 5);
        batches.extend([
            order[0..2].to_vec(),
            order[2..4].to_vec(),
            order[4..5].to_vec(),
        ]);
    }

    let mut reference = Workspace::for_network(&expected);
    for (step, batch) in batches.iter().enumerate() {
        let mut listed = Vec::new();
        batch_samples(&network, step, &mut listed);
        assert_eq!(&listed, batch, "batch_samples of iteration {step}");
        assert_eq!(
            batch_len(&network, step),
            batch.len(),
            "batch_len of iteration {step}"
        );

        let expected_loss = averaged_gradient(&expected, batch, &mut reference);
        apply_update(&mut expected, &reference.gradient);

        match train_step(&mut network, &mut workspace) {
            StepOutcome::Updated { loss } => {
                assert_eq!(loss, expected_loss, "loss of batch {step} {batch:?}")
            }
            other => panic!("batch {step}: {other:?}"),
        }
        assert_eq!(
            parameters(&network),
            parameters(&expected),
            "parameters after batch {step} {batch:?}"
        );
        assert_eq!(workspace.iteration(), step + 1);
    }
}

#[test]
fn epoch_order_depends_on_seed() {
    let first = two_three_one(r#""batch_size": 2,"#);
    let mut second = first.clone();
    second.seed = Some(22);
    let (mut first_order, mut second_order) = (Vec::new(), Vec::new());

    epoch_order(&first, 0, &mut first_order);
    epoch_order(&second, 0, &mut second_order);

    assert_eq!(first_order, documented_epoch_order(21, 0, 5));
    assert_eq!(second_order, documented_epoch_order(22, 0, 5));
    assert_ne!(
        first_order, second_order,
        "seeds 21 and 22 give the same order"
    );
    assert_ne!(first_order, [0, 1, 2, 3, 4], "the order is not shuffled");
}

#[test]
fn epochs_reshuffle() {
    let network = two_three_one(r#""batch_size": 2,"#);
    let orders: Vec<Vec<usize>> = (0..4)
        .map(|epoch| {
            let mut order = Vec::new();
            epoch_order(&network, epoch, &mut order);
            order
        })
        .collect();

    for (epoch, order) in orders.iter().enumerate() {
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, 1, 2, 3, 4], "epoch {epoch} is a permutation");
    }
    assert!(
        orders.windows(2).any(|pair| pair[0] != pair[1]),
        "every epoch has the same order: {orders:?}"
    );
}

#[test]
fn epoch_batches_partition_samples() {
    for batch_size in 1..=5 {
        let network = two_three_one(&format!(r#""batch_size": {batch_size},"#));
        let per_epoch = 5usize.div_ceil(batch_size);
        for epoch in 0..3 {
            let mut seen = Vec::new();
            for iteration in epoch * per_epoch..(epoch + 1) * per_epoch {
                let mut batch = Vec::new();
                batch_samples(&network, iteration, &mut batch);
                assert!(
                    !batch.is_empty(),
                    "batch size {batch_size}, iteration {iteration}: empty batch"
                );
                assert!(
                    batch.len() <= batch_size,
                    "batch size {batch_size}, iteration {iteration}: {batch:?}"
                );
                seen.extend(batch);
            }
            seen.sort_unstable();
            assert_eq!(
                seen,
                [0, 1, 2, 3, 4],
                "batch size {batch_size}, epoch {epoch}"
            );
        }
    }
}

#[test]
fn full_batch_takes_every_sample() {
    let network = two_three_one("");
    for iteration in [0, 1, 7, 1_000_000] {
        let mut batch = vec![9; 3];
        batch_samples(&network, iteration, &mut batch);
        assert_eq!(batch, [0, 1, 2, 3, 4], "iteration {iteration}");
        assert_eq!(batch_len(&network, iteration), 5);
    }
}

#[test]
fn rng_skip_matches_drawing() {
    let mut drawn = SeededRng::new(99);
    for _ in 0..37 {
        drawn.next_u64();
    }
    let mut skipped = SeededRng::new(99);
    skipped.skip(37);
    assert_eq!(skipped.next_u64(), drawn.next_u64());
}

#[test]
fn mean_loss_same_bits_as_training() {
    // Dividing the sum by n and multiplying it by 1/n differ in the last
    // bit for some sums; both functions must take the same one.
    let mut network = two_three_one("");
    let mut workspace = Workspace::for_network(&network);
    let all = [0, 1, 2, 3, 4];
    for iteration in 0..40 {
        let expected = averaged_gradient(&network, &all, &mut workspace);
        let loss = mean_loss(&network, &mut workspace.forward);
        assert_eq!(
            loss.to_bits(),
            expected.to_bits(),
            "iteration {iteration}: {loss} and {expected}"
        );
        assert_eq!(
            batch_loss(&network, &all, &mut workspace.forward).to_bits(),
            expected.to_bits()
        );
        train_step(&mut network, &mut workspace);
    }
}

#[test]
fn diverged_step_keeps_iteration() {
    // dL/dw = 12 (see overflowing_update_diverges), so alpha = 1e308 overflows.
    let mut network = linear_network(1e308);
    network.batch_size = Some(1);
    let mut workspace = Workspace::for_network(&network);

    let outcome = train_step(&mut network, &mut workspace);
    assert!(
        matches!(outcome, StepOutcome::Diverged { .. }),
        "{outcome:?}"
    );
    assert_eq!(
        workspace.iteration(),
        0,
        "a diverged step is retried on the same batch"
    );

    network.learning_rate = 0.01;
    let outcome = train_step(&mut network, &mut workspace);
    assert!(
        matches!(outcome, StepOutcome::Updated { .. }),
        "{outcome:?}"
    );
    assert_eq!(workspace.iteration(), 1);
}

#[test]
fn same_seed_same_training() {
    let mut first = two_three_one(r#""batch_size": 2,"#);
    let mut second = first.clone();
    let (mut first_workspace, mut second_workspace) = (
        Workspace::for_network(&first),
        Workspace::for_network(&second),
    );

    for _ in 0..7 {
        train_step(&mut first, &mut first_workspace);
        train_step(&mut second, &mut second_workspace);
    }
    assert_eq!(first, second);
}

#[test]
fn other_seed_other_batches() {
    let mut first = two_three_one(r#""batch_size": 2,"#);
    let mut second = first.clone();
    second.seed = Some(22);
    let (mut first_workspace, mut second_workspace) = (
        Workspace::for_network(&first),
        Workspace::for_network(&second),
    );

    for _ in 0..3 {
        train_step(&mut first, &mut first_workspace);
        train_step(&mut second, &mut second_workspace);
    }
    assert_ne!(parameters(&first), parameters(&second));
}

fn linear_network(learning_rate: f64) -> Network {
    let text = format!(
        r#"{{
          "inputs": 1,
          "layers": [ {{ "activation": "linear", "weights": [[1.0]], "biases": [0.0] }} ],
          "loss": "squared_error",
          "learning_rate": {learning_rate},
          "samples": [ {{ "x": [2.0], "y": [-1.0] }} ]
        }}"#
    );
    Network::from_json(&text).unwrap()
}

#[test]
fn overflowing_update_diverges() {
    // dL/dw = 2 (a - y) x = 12, so w - 1e308 * 12 overflows.
    let mut network = linear_network(1e308);
    let before = network.clone();
    let mut workspace = Workspace::for_network(&network);

    let outcome = train_step(&mut network, &mut workspace);

    assert_eq!(outcome, StepOutcome::Diverged { loss: 9.0 });
    assert_eq!(network, before, "parameters unchanged");
}

#[test]
fn overshooting_learning_rate_diverges() {
    // With alpha = 10 each step multiplies the error a - y by about
    // 1 - 2 * alpha * (x^2 + 1) = -99, until the loss overflows.
    let mut network = linear_network(10.0);
    let mut workspace = Workspace::for_network(&network);
    let mut losses = Vec::new();

    for _ in 0..1000 {
        let before = network.clone();
        match train_step(&mut network, &mut workspace) {
            StepOutcome::Updated { loss } => losses.push(loss),
            StepOutcome::Diverged { .. } => {
                assert_eq!(network, before, "parameters unchanged by the diverged step");
                assert!(
                    losses.windows(2).all(|pair| pair[1] > pair[0]),
                    "{losses:?}"
                );
                assert!(parameters(&network).iter().all(|p| p.is_finite()));
                return;
            }
        }
    }
    panic!("no divergence in 1000 steps: {losses:?}");
}

#[test]
fn overflowing_loss_diverges() {
    let text = r#"{
      "inputs": 1,
      "layers": [ { "activation": "linear", "weights": [[1e200]], "biases": [0.0] } ],
      "loss": "squared_error",
      "learning_rate": 0.1,
      "samples": [ { "x": [1e200], "y": [0.0] } ]
    }"#;
    let mut network = Network::from_json(text).unwrap();
    let before = network.clone();

    let outcome = train_step(&mut network, &mut Workspace::for_network(&before));

    match outcome {
        StepOutcome::Diverged { loss } => assert!(!loss.is_finite(), "loss {loss}"),
        other => panic!("expected Diverged, found {other:?}"),
    }
    assert_eq!(network, before, "parameters unchanged");
}

#[test]
fn default_lesson_loss_falls() {
    let mut network = preset("2-3-1").unwrap();
    let mut workspace = Workspace::for_network(&network);
    let mut losses = Vec::new();

    for _ in 0..20 {
        if let StepOutcome::Updated { loss } = train_step(&mut network, &mut workspace) {
            losses.push(loss);
        }
    }
    assert_eq!(losses.len(), 20);
    assert!(losses[19] < losses[0], "{losses:?}");
}
