//! Networks and helpers shared by the walkthrough tests.

#![allow(dead_code)]

use backprop_lab::core::rng::SeededRng;
use backprop_lab::core::{Activation, Initialiser, Layer, Loss, Matrix, Network, Sample};

/// Builds a small random network from `seed`: 1-3 layers of 1-4 units, 1-3
/// inputs, any activation and loss, 1-3 samples, and a learning rate from
/// 0.05 to 2. A binary cross-entropy network gets a sigmoid output and
/// targets in [0, 1], as the document requires.
pub fn random_network(seed: u64) -> Network {
    let mut rng = SeededRng::new(seed);
    let inputs = 1 + rng.below(3);
    let depth = 1 + rng.below(3);
    let loss = Loss::ALL[rng.below(Loss::ALL.len())];

    let mut layers = Vec::new();
    let mut fan_in = inputs;
    for l in 1..=depth {
        let units = 1 + rng.below(4);
        let activation = if l == depth && loss == Loss::BinaryCrossEntropy {
            Activation::Sigmoid
        } else {
            Activation::ALL[rng.below(Activation::ALL.len())]
        };
        let rows: Vec<Vec<f64>> = (0..fan_in)
            .map(|_| (0..units).map(|_| rng.uniform(-2.0, 2.0)).collect())
            .collect();
        let biases = (0..units).map(|_| rng.uniform(-1.0, 1.0)).collect();
        layers.push(Layer {
            activation,
            weights: Matrix::from_rows(&rows),
            biases,
        });
        fan_in = units;
    }

    let outputs = fan_in;
    let samples = (0..1 + rng.below(3))
        .map(|_| Sample {
            x: (0..inputs).map(|_| rng.uniform(-2.0, 2.0)).collect(),
            y: (0..outputs)
                .map(|_| {
                    if loss == Loss::BinaryCrossEntropy {
                        rng.uniform(0.0, 1.0)
                    } else {
                        rng.uniform(-1.0, 1.0)
                    }
                })
                .collect(),
        })
        .collect();

    Network {
        inputs,
        layers,
        loss,
        learning_rate: rng.uniform(0.05, 2.0),
        train_biases: rng.below(2) == 0,
        samples,
        batch_size: None,
        seed: None,
        initialiser: Initialiser::Uniform,
    }
}

/// Builds a network of one layer of `activation` units with one sample,
/// the given weights (row by row) and biases.
pub fn one_layer(
    activation: Activation,
    loss: Loss,
    weights: &[Vec<f64>],
    biases: &[f64],
    x: &[f64],
    y: &[f64],
) -> Network {
    Network {
        inputs: x.len(),
        layers: vec![Layer {
            activation,
            weights: Matrix::from_rows(weights),
            biases: biases.to_vec(),
        }],
        loss,
        learning_rate: 0.5,
        train_biases: true,
        samples: vec![Sample {
            x: x.to_vec(),
            y: y.to_vec(),
        }],
        batch_size: None,
        seed: None,
        initialiser: Initialiser::Uniform,
    }
}

/// Returns whether every `<tag>` in `mathml` is closed in order; self-closing tags
/// are not used by the walkthrough.
pub fn tags_balanced(mathml: &str) -> bool {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = mathml;
    while let Some(start) = rest.find('<') {
        let Some(length) = rest[start..].find('>') else {
            return false;
        };
        let tag = &rest[start + 1..start + length];
        rest = &rest[start + length + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if open.pop() != Some(name) {
                return false;
            }
        } else {
            let name = tag.split_whitespace().next().unwrap_or("");
            open.push(name);
        }
    }
    open.is_empty()
}
