#![cfg(not(target_arch = "wasm32"))]
//! The backward pass: several paths through one unit, fresh values on every
//! pass, and the average over samples.

use backprop_lab::core::train::gradient;
use backprop_lab::core::{backward, backward_into, forward, BackwardTrace, Network};

/// Builds a network of one input, one linear hidden unit and three linear
/// output units, so that every number can be followed by hand.
fn fan_out_network(samples: &str) -> Network {
    let text = format!(
        r#"{{
          "inputs": 1,
          "layers": [
            {{ "activation": "linear", "weights": [[0.5]], "biases": [0.0] }},
            {{ "activation": "linear", "weights": [[0.1, 0.2, 0.3]], "biases": [0.0, 0.0, 0.0] }}
          ],
          "loss": "half_squared_error",
          "learning_rate": 0.1,
          "samples": {samples}
        }}"#
    );
    Network::from_json(&text).unwrap()
}

#[test]
fn reused_unit_sums_all_paths() {
    let network = fan_out_network(r#"[ { "x": [2.0], "y": [0.0, 0.0, 0.0] } ]"#);
    let sample = &network.samples[0];
    let trace = backward(&network, &forward(&network, &sample.x), &sample.y);

    // By hand: a^(1) = 0.5 * 2 = 1, a^(2) = (0.1, 0.2, 0.3), and with
    // L = 1/2 sum_k (a_k - 0)^2 every output delta_k = a_k. The hidden unit
    // feeds all three outputs, so
    // dL/da^(1) = 0.1 * 0.1 + 0.2 * 0.2 + 0.3 * 0.3 = 0.14, where any one
    // path alone would give 0.01, 0.04 or 0.09.
    assert!(
        (trace.delta[2][0] - 0.1).abs() < 1e-15,
        "{:?}",
        trace.delta[2]
    );
    assert!(
        (trace.delta[2][2] - 0.3).abs() < 1e-15,
        "{:?}",
        trace.delta[2]
    );
    assert!(
        (trace.dl_da[1][0] - 0.14).abs() < 1e-15,
        "dL/da^(1) = {}",
        trace.dl_da[1][0]
    );
    assert!(
        (trace.delta[1][0] - 0.14).abs() < 1e-15,
        "delta^(1) = {}",
        trace.delta[1][0]
    );

    // dL/dw_{1,1}^(1) = delta^(1) * x = 0.14 * 2 = 0.28, dL/db^(1) = 0.14.
    let hidden = &trace.gradient.layers[0];
    assert!(
        (hidden.dl_dw.get(0, 0) - 0.28).abs() < 1e-15,
        "dL/dw^(1) = {}",
        hidden.dl_dw.get(0, 0)
    );
    assert!(
        (hidden.dl_db[0] - 0.14).abs() < 1e-15,
        "dL/db^(1) = {}",
        hidden.dl_db[0]
    );

    // dL/dw_{1,k}^(2) = delta_k * a^(1) = (0.1, 0.2, 0.3).
    let output = &trace.gradient.layers[1];
    for (k, expected) in [0.1, 0.2, 0.3].into_iter().enumerate() {
        assert!(
            (output.dl_dw.get(0, k) - expected).abs() < 1e-15,
            "dL/dw_(1,{})^(2)",
            k + 1
        );
    }
}

#[test]
fn second_pass_does_not_accumulate() {
    let network = fan_out_network(
        r#"[ { "x": [2.0], "y": [0.0, 0.0, 0.0] }, { "x": [-1.0], "y": [1.0, 0.5, 0.0] } ]"#,
    );
    let (first, second) = (&network.samples[0], &network.samples[1]);
    let mut trace = BackwardTrace::for_network(&network);

    backward_into(&network, &forward(&network, &first.x), &first.y, &mut trace);
    let once = trace.clone();
    backward_into(&network, &forward(&network, &first.x), &first.y, &mut trace);
    assert_eq!(trace, once, "the same sample twice");

    backward_into(
        &network,
        &forward(&network, &second.x),
        &second.y,
        &mut trace,
    );
    let fresh = backward(&network, &forward(&network, &second.x), &second.y);
    assert_eq!(trace, fresh, "a second sample after the first");
}

#[test]
fn gradient_is_mean_over_samples() {
    let network = fan_out_network(
        r#"[ { "x": [2.0], "y": [0.0, 0.0, 0.0] }, { "x": [-1.0], "y": [1.0, 0.5, 0.0] } ]"#,
    );

    // By hand for the second sample: a^(1) = -0.5, a^(2) = (-0.05, -0.1, -0.15),
    // delta^(2) = a^(2) - y = (-1.05, -0.6, -0.15),
    // delta^(1) = 0.1 * -1.05 + 0.2 * -0.6 + 0.3 * -0.15 = -0.27 and
    // dL/dw^(1) = -0.27 * -1 = 0.27. The first sample gives 0.28, so the
    // mean is 0.275.
    let mean = gradient(&network);
    let dl_dw = mean.layers[0].dl_dw.get(0, 0);
    assert!((dl_dw - 0.275).abs() < 1e-15, "mean dL/dw^(1) = {dl_dw}");
    let dl_db = mean.layers[0].dl_db[0];
    assert!(
        (dl_db - (0.14 - 0.27) / 2.0).abs() < 1e-15,
        "mean dL/db^(1) = {dl_db}"
    );
}
