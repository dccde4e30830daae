#![cfg(not(target_arch = "wasm32"))]
//! The backward pass against central finite differences on random networks.
//!
//! Tolerance: the analytic derivative g and the numeric one n agree when
//! |g - n| <= 1e-6 * max(|g|, |n|) + 1e-9 * (1 + |L|), with L the mean loss.
//! The first term is the 1e-6 relative requirement. The second covers
//! derivatives near 0, where no relative accuracy is possible: the rounding
//! error of (L(theta + h) - L(theta - h)) / 2h is about 2.2e-16 * |L| / h,
//! which is 2.2e-11 * |L| for h = 1e-5, so 1e-9 * (1 + |L|) leaves a margin of
//! about 45 and still rejects any derivative that is wrong by more than that.
//!
//! Binary cross-entropy adds one more allowance. The loss is computed from
//! a, and when a sigmoid output is close to 1, 1 - a keeps the absolute
//! error of a, about 1.1e-16. So ln(1 - a) carries an error of about
//! 1.1e-16 / (1 - a), and likewise ln(a) for a close to 0. The finite
//! difference divides that by 2h, so the tolerance grows by
//! 10 * eps / (2h * min(a, 1 - a)) over the outputs.

use backprop_lab::core::gradcheck::DEFAULT_STEP;
use backprop_lab::core::{
    check_gradient, draw_parameters, forward, mean_loss, Activation, ForwardTrace, Initialiser,
    Layer, Loss, Matrix, Network, Sample,
};
use proptest::collection::vec;
use proptest::prelude::*;

const REL_TOLERANCE: f64 = 1e-6;
const ABS_TOLERANCE_PER_LOSS: f64 = 1e-9;

/// The number of random networks; each case takes about a millisecond in a
/// debug build.
const CASES: u32 = 1_000;

/// relu and leaky_relu have a kink at z = 0, where the finite difference
/// straddles two slopes. Cases with any |z| below this margin are rejected;
/// a step of h = 1e-5 moves z by far less than that for these parameter
/// sizes.
const KINK_MARGIN: f64 = 1e-3;

struct Shape {
    sizes: Vec<usize>,
    activations: Vec<Activation>,
    loss: Loss,
}

fn build_network(shape: &Shape, parameters: &[f64], samples: Vec<(Vec<f64>, Vec<f64>)>) -> Network {
    let mut remaining = parameters;
    let mut layers = Vec::new();

    for (l, pair) in shape.sizes.windows(2).enumerate() {
        let (fan_in, units) = (pair[0], pair[1]);
        let (weights, rest) = remaining.split_at(fan_in * units);
        let (biases, rest) = rest.split_at(units);
        remaining = rest;

        let rows: Vec<Vec<f64>> = weights.chunks(units).map(<[f64]>::to_vec).collect();
        layers.push(Layer {
            activation: shape.activations[l],
            weights: Matrix::from_rows(&rows),
            biases: biases.to_vec(),
        });
    }

    Network {
        inputs: shape.sizes[0],
        layers,
        loss: shape.loss,
        learning_rate: 0.1,
        train_biases: true,
        samples: samples.into_iter().map(|(x, y)| Sample { x, y }).collect(),
        batch_size: None,
        seed: None,
        initialiser: Initialiser::Uniform,
    }
}

/// Generates random networks of depth 1-4 and widths 1-6 (inputs included)
/// with any activation per layer and any loss. Binary cross-entropy gets a
/// sigmoid output layer and targets in [0, 1], the other losses targets in
/// [-1, 1]. Each has 1-5 samples with inputs in [-2, 2], and parameters in
/// [-1.5, 1.5].
fn networks() -> impl Strategy<Value = Network> {
    let layers = vec((1usize..=6, 0..Activation::ALL.len()), 1..=4);
    (1usize..=6, layers, 0..Loss::ALL.len(), 1usize..=5).prop_flat_map(
        |(inputs, layers, loss, sample_count)| {
            let loss = Loss::ALL[loss];
            let mut sizes = vec![inputs];
            sizes.extend(layers.iter().map(|&(units, _)| units));
            let mut activations: Vec<Activation> =
                layers.iter().map(|&(_, a)| Activation::ALL[a]).collect();
            if loss == Loss::BinaryCrossEntropy {
                *activations.last_mut().unwrap() = Activation::Sigmoid;
            }

            let parameter_count: usize = sizes
                .windows(2)
                .map(|pair| pair[0] * pair[1] + pair[1])
                .sum();
            let outputs = *sizes.last().unwrap();
            let targets = if loss == Loss::BinaryCrossEntropy {
                0.0..=1.0
            } else {
                -1.0..=1.0
            };
            let shape = Shape {
                sizes,
                activations,
                loss,
            };

            let parameters = vec(-1.5..=1.5f64, parameter_count);
            let samples = vec(
                (vec(-2.0..=2.0f64, inputs), vec(targets, outputs)),
                sample_count,
            );
            (parameters, samples)
                .prop_map(move |(parameters, samples)| build_network(&shape, &parameters, samples))
        },
    )
}

fn near_kink(network: &Network) -> bool {
    network.samples.iter().any(|sample| {
        let trace = forward(network, &sample.x);
        network.layers.iter().enumerate().any(|(index, layer)| {
            let kinked = matches!(layer.activation, Activation::Relu | Activation::LeakyRelu);
            kinked && trace.z[index + 1].iter().any(|z| z.abs() < KINK_MARGIN)
        })
    })
}

/// Computes the extra absolute tolerance of binary cross-entropy for outputs close
/// to 0 or 1, explained at the top of this file.
fn cross_entropy_allowance(network: &Network) -> f64 {
    if network.loss != Loss::BinaryCrossEntropy {
        return 0.0;
    }
    let closest = network
        .samples
        .iter()
        .flat_map(|sample| forward(network, &sample.x).output().to_vec())
        .map(|a| a.min(1.0 - a))
        .fold(f64::INFINITY, f64::min);
    10.0 * f64::EPSILON / (2.0 * DEFAULT_STEP * closest)
}

/// Checks every parameter and names the first one that disagrees.
fn assert_gradient_agrees(network: &Network) -> Result<(), String> {
    let loss = mean_loss(network, &mut ForwardTrace::for_network(network));
    let abs_tolerance =
        ABS_TOLERANCE_PER_LOSS * (1.0 + loss.abs()) + cross_entropy_allowance(network);
    let check = check_gradient(network, DEFAULT_STEP);

    match check.first_disagreement(REL_TOLERANCE, abs_tolerance) {
        None => Ok(()),
        Some(failure) => Err(format!(
            "{:?}: analytic {} vs numeric {} (relative error {:e}, loss {loss}) in {network:?}",
            failure.parameter, failure.analytic, failure.numeric, failure.rel_error
        )),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, max_global_rejects: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn random_network_gradient_agrees(network in networks()) {
        prop_assume!(!near_kink(&network));
        if let Err(message) = assert_gradient_agrees(&network) {
            prop_assert!(false, "{}", message);
        }
    }
}

/// Every activation with every loss, so that coverage does not depend on the
/// random draws above.
#[test]
fn every_activation_and_loss_agrees() {
    for loss in Loss::ALL {
        for activation in Activation::ALL {
            let output = if loss == Loss::BinaryCrossEntropy {
                Activation::Sigmoid
            } else {
                activation
            };
            let shape = Shape {
                sizes: vec![3, 4, 2],
                activations: vec![activation, output],
                loss,
            };

            let drawn = draw_parameters(&shape.sizes, Initialiser::Uniform, 11);
            let parameters: Vec<f64> = drawn
                .iter()
                .flat_map(|layer| {
                    layer
                        .weights
                        .as_slice()
                        .iter()
                        .chain(&layer.biases)
                        .copied()
                })
                .collect();
            let samples = vec![
                (vec![0.3, -0.7, 1.1], vec![0.2, 0.9]),
                (vec![-1.2, 0.4, 0.5], vec![0.8, 0.1]),
            ];
            let network = build_network(&shape, &parameters, samples);

            assert!(
                !near_kink(&network),
                "{activation:?} with {loss:?} has a z within {KINK_MARGIN} of 0"
            );
            if let Err(message) = assert_gradient_agrees(&network) {
                panic!("{activation:?} with {loss:?}: {message}");
            }
        }
    }
}

/// The check itself can fail: a backward pass that dropped the factor 2 of
/// squared_error would be caught.
#[test]
fn halved_gradient_disagrees() {
    let shape = Shape {
        sizes: vec![2, 3, 1],
        activations: vec![Activation::Tanh, Activation::Linear],
        loss: Loss::SquaredError,
    };
    let parameters: Vec<f64> = (0..13).map(|i| 0.1 * i as f64 - 0.6).collect();
    let network = build_network(&shape, &parameters, vec![(vec![0.5, -0.25], vec![0.75])]);

    let mut check = check_gradient(&network, DEFAULT_STEP);
    for parameter in &mut check.parameters {
        parameter.analytic *= 0.5;
        parameter.abs_error = (parameter.analytic - parameter.numeric).abs();
    }
    assert!(check.first_disagreement(REL_TOLERANCE, 1e-9).is_some());
}
