//! A network shared by the allocation tests and the training benchmark.

use backprop_lab::core::{
    Activation, Document, Initialiser, LayerDocument, Loss, Network, SampleDocument,
};

/// Builds a 2-8-8-1 tanh network with mse loss on `samples` samples of
/// y = sin(6t) at x = (t, 1 - t), t = i / samples, with Xavier weights from
/// seed 3 and an optional mini-batch size.
pub fn two_eight_eight_one(samples: usize, batch_size: Option<usize>) -> Network {
    let tanh_layer = |units| LayerDocument {
        activation: Activation::Tanh,
        units: Some(units),
        weights: None,
        biases: None,
    };
    let samples = (0..samples)
        .map(|i| {
            let t = i as f64 / samples as f64;
            SampleDocument {
                x: vec![t, 1.0 - t],
                y: vec![(6.0 * t).sin()],
            }
        })
        .collect();

    let document = Document {
        version: None,
        inputs: 2,
        layers: vec![tanh_layer(8), tanh_layer(8), tanh_layer(1)],
        loss: Loss::Mse,
        learning_rate: 0.05,
        train_biases: None,
        batch_size,
        seed: Some(3),
        initialiser: Some(Initialiser::Xavier),
        samples,
    };
    match Network::from_document(&document) {
        Ok(network) => network,
        Err(error) => panic!("2-8-8-1 network: {error}"),
    }
}
