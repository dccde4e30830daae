//! One gradient-descent iteration (`train_step`): the 2-3-1 lesson on one
//! sample, and a 2-8-8-1 tanh network on 500 samples, full-batch.
//!
//! Run with `cargo bench --bench train`; the figures are in
//! docs/benchmarks.md.

use backprop_lab::core::{preset, train_step, Network, Workspace};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

/// Builds the 2-8-8-1 tanh network on 500 samples of y = sin(6t) at
/// x = (t, 1 - t), with Xavier weights from a fixed seed.
fn two_eight_eight_one() -> Network {
    let samples: Vec<String> = (0..500)
        .map(|i| {
            let t = f64::from(i) / 500.0;
            format!(
                r#"{{ "x": [{}, {}], "y": [{}] }}"#,
                t,
                1.0 - t,
                (6.0 * t).sin()
            )
        })
        .collect();
    let text = format!(
        r#"{{
          "inputs": 2,
          "layers": [
            {{ "activation": "tanh", "units": 8 }},
            {{ "activation": "tanh", "units": 8 }},
            {{ "activation": "tanh", "units": 1 }}
          ],
          "loss": "mse",
          "learning_rate": 0.05,
          "seed": 3,
          "initialiser": "xavier",
          "samples": [{}]
        }}"#,
        samples.join(", ")
    );
    match Network::from_json(&text) {
        Ok(network) => network,
        Err(error) => panic!("benchmark network: {error}"),
    }
}

fn bench_network(c: &mut Criterion, name: &str, mut network: Network) {
    let mut workspace = Workspace::for_network(&network);
    c.bench_function(name, |b| {
        b.iter(|| black_box(train_step(&mut network, &mut workspace)))
    });
}

fn train_benches(c: &mut Criterion) {
    let lesson = match preset("2-3-1") {
        Ok(network) => network,
        Err(error) => panic!("preset 2-3-1: {error}"),
    };
    bench_network(c, "train_step 2-3-1, 1 sample", lesson);
    bench_network(
        c,
        "train_step 2-8-8-1 tanh, 500 samples",
        two_eight_eight_one(),
    );
}

criterion_group!(benches, train_benches);
criterion_main!(benches);
