//! One gradient-descent iteration (`train_step`): the 2-3-1 lesson on one
//! sample, and a 2-8-8-1 tanh network on 500 samples, full-batch.
//!
//! Run with `cargo bench --bench train`; the figures are in
//! docs/benchmarks.md.

// The network builder that the allocation tests use too.
#[path = "../tests/core_support/mod.rs"]
mod core_support;

use backprop_lab::core::{preset, train_step, Network, Workspace};
use core_support::two_eight_eight_one;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

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
        two_eight_eight_one(500, None),
    );
}

criterion_group!(benches, train_benches);
criterion_main!(benches);
