#![cfg(not(target_arch = "wasm32"))]
//! Literal values computed independently of this crate.
//!
//! Method: every expected number below was computed with CPython 3.11 and
//! its `math` module, written out from the formulas in plain Python (no
//! import of this crate, no numpy), and printed with `repr`. For Mazur's
//! example the script runs the forward pass, the deltas
//! delta_k = (a_k - y_k) a_k (1 - a_k) at the output and
//! delta_j = sum_k w_{j,k} delta_k * a_j (1 - a_j) in the hidden layer, and
//! the simultaneous update w <- w - 0.5 dL/dw, with the biases left fixed.

use backprop_lab::core::activation::sigmoid;
use backprop_lab::core::{
    backward, forward, mean_loss, preset, train_step, Activation, Loss, StepOutcome, Workspace,
};

/// Asserts that `actual` and `expected` have the same length and agree
/// within `tolerance` (absolute) element by element, naming the first
/// element that does not. NaN never agrees.
fn assert_close(label: &str, actual: &[f64], expected: &[f64], tolerance: f64) {
    assert_eq!(
        actual.len(),
        expected.len(),
        "{label}: {} values, expected {}",
        actual.len(),
        expected.len()
    );
    let mismatch = actual
        .iter()
        .zip(expected)
        .position(|(a, e)| (a - e).is_nan() || (a - e).abs() > tolerance);
    if let Some(i) = mismatch {
        panic!(
            "{label}[{i}]: found {}, expected {} (difference {:e}, tolerance {tolerance:e})",
            actual[i],
            expected[i],
            (actual[i] - expected[i]).abs()
        );
    }
}

// Matt Mazur's worked example on the mazur-2-2-2 preset.

#[test]
fn mazur_forward() {
    let network = preset("mazur-2-2-2").unwrap();
    let trace = forward(&network, &network.samples[0].x);

    assert_close(
        "a^(1)",
        &trace.a[1],
        &[0.5932699921071872, 0.596884378259767],
        1e-15,
    );
    assert_close(
        "a^(2)",
        &trace.a[2],
        &[0.7513650695523157, 0.7729284653214625],
        1e-15,
    );
}

#[test]
fn mazur_loss_before_update() {
    let network = preset("mazur-2-2-2").unwrap();
    let loss = mean_loss(&network, &mut Workspace::for_network(&network).forward);

    // The article prints 0.298371109.
    assert_close("loss", &[loss], &[0.2983711087600027], 1e-15);
}

#[test]
fn mazur_deltas_and_gradient() {
    let network = preset("mazur-2-2-2").unwrap();
    let sample = &network.samples[0];
    let trace = backward(&network, &forward(&network, &sample.x), &sample.y);

    assert_close(
        "delta^(2)",
        &trace.delta[2],
        &[0.13849856162855695, -0.038098236516556236],
        1e-15,
    );
    assert_close(
        "delta^(1)",
        &trace.delta[1],
        &[0.00877135468948693, 0.009954254705217196],
        1e-15,
    );

    let output = &trace.gradient.layers[1].dl_dw;
    assert_close(
        "dL/dw^(2) row 1",
        output.row(0),
        &[0.08216704056423077, -0.02260254047747507],
        1e-15,
    );
    assert_close(
        "dL/dw^(2) row 2",
        output.row(1),
        &[0.08266762784753325, -0.022740242215978222],
        1e-15,
    );
    let hidden = &trace.gradient.layers[0].dl_dw;
    assert_close(
        "dL/dw^(1) row 1",
        hidden.row(0),
        &[0.0004385677344743465, 0.0004977127352608599],
        1e-15,
    );
    assert_close(
        "dL/dw^(1) row 2",
        hidden.row(1),
        &[0.000877135468948693, 0.0009954254705217198],
        1e-15,
    );
}

#[test]
fn mazur_one_update() {
    let mut network = preset("mazur-2-2-2").unwrap();
    let mut workspace = Workspace::for_network(&network);
    let outcome = train_step(&mut network, &mut workspace);
    assert!(
        matches!(outcome, StepOutcome::Updated { .. }),
        "{outcome:?}"
    );

    // Mazur's w5, w6, w7, w8 are w_{1,1}, w_{2,1}, w_{1,2}, w_{2,2} of the
    // output layer: the article prints 0.35891648, 0.408666186, 0.511301270
    // and 0.561370121.
    let output = &network.layers[1].weights;
    let mazur_w5_to_w8 = [
        output.get(0, 0),
        output.get(1, 0),
        output.get(0, 1),
        output.get(1, 1),
    ];
    assert_close(
        "w5..w8",
        &mazur_w5_to_w8,
        &[
            0.35891647971788465,
            0.4086661860762334,
            0.5113012702387375,
            0.5613701211079891,
        ],
        1e-15,
    );
    assert_close(
        "w5..w8 as printed",
        &mazur_w5_to_w8,
        &[0.35891648, 0.408666186, 0.511301270, 0.561370121],
        5e-9,
    );

    // w1..w4: the article prints 0.149780716, 0.19956143, 0.24975114 and
    // 0.29950229.
    let hidden = &network.layers[0].weights;
    let mazur_w1_to_w4 = [
        hidden.get(0, 0),
        hidden.get(1, 0),
        hidden.get(0, 1),
        hidden.get(1, 1),
    ];
    assert_close(
        "w1..w4",
        &mazur_w1_to_w4,
        &[
            0.1497807161327628,
            0.19956143226552567,
            0.24975114363236958,
            0.29950228726473915,
        ],
        1e-15,
    );
    assert_close(
        "w1..w4 as printed",
        &mazur_w1_to_w4,
        &[0.149780716, 0.19956143, 0.24975114, 0.29950229],
        5e-9,
    );

    assert_eq!(
        network.layers[0].biases,
        [0.35, 0.35],
        "biases are not trained"
    );
    assert_eq!(
        network.layers[1].biases,
        [0.60, 0.60],
        "biases are not trained"
    );
}

/// The article prints 0.291027924 for the loss after one update. That
/// figure came from an older version of its script, which updated the output
/// weights before computing the hidden deltas, so the hidden layer saw the
/// new output weights. Gradient descent computes every derivative at the
/// same point, and the Python oracle gives 0.29102777369359933 for that
/// (and 0.29102792390544197 when it reproduces the older order).
#[test]
fn mazur_loss_after_update() {
    let mut network = preset("mazur-2-2-2").unwrap();
    let mut workspace = Workspace::for_network(&network);
    train_step(&mut network, &mut workspace);
    let loss = mean_loss(&network, &mut workspace.forward);

    assert_close("loss after", &[loss], &[0.29102777369359933], 1e-15);
    assert_close("loss after, rounded", &[loss], &[0.2910277737], 1e-10);
    assert!(
        (loss - 0.291027924).abs() > 1e-7,
        "matches the article's older figure: {loss}"
    );
}

// Activations at chosen points.

#[test]
fn sigmoid_values_and_derivatives() {
    for (z, a, da_dz) in [
        (0.0, 0.5, 0.25),
        (2.0, 0.8807970779778823, 0.10499358540350662),
        (-3.0, 0.04742587317756678, 0.04517665973091214),
    ] {
        let value = Activation::Sigmoid.value(z);
        assert_close(&format!("sigmoid({z})"), &[value], &[a], 1e-16);
        assert_close(
            &format!("sigmoid'({z})"),
            &[Activation::Sigmoid.da_dz(z, value)],
            &[da_dz],
            1e-16,
        );
    }
}

#[test]
fn sigmoid_finite_at_1000() {
    for z in [1000.0, -1000.0] {
        let a = sigmoid(z);
        let da_dz = Activation::Sigmoid.da_dz(z, a);

        assert!((0.0..=1.0).contains(&a), "sigmoid({z}) = {a}");
        assert!((0.0..=0.25).contains(&da_dz), "sigmoid'({z}) = {da_dz}");
    }
    assert_eq!(sigmoid(1000.0), 1.0);
    assert_eq!(sigmoid(-1000.0), 0.0);
}

#[test]
fn tanh_value_and_derivative() {
    let a = Activation::Tanh.value(0.5);
    assert_close("tanh(0.5)", &[a], &[0.46211715726000974], 1e-16);
    assert_close(
        "tanh'(0.5)",
        &[Activation::Tanh.da_dz(0.5, a)],
        &[0.7864477329659274],
        1e-16,
    );

    let far = Activation::Tanh.value(-1000.0);
    assert_eq!(far, -1.0);
    assert_eq!(Activation::Tanh.da_dz(-1000.0, far), 0.0);
}

#[test]
fn relu_values_and_derivatives() {
    // (z, a, da/dz); the derivative is 0 at z = 0.
    for (z, a, da_dz) in [(-0.5, 0.0, 0.0), (0.0, 0.0, 0.0), (1.5, 1.5, 1.0)] {
        let value = Activation::Relu.value(z);
        assert_eq!(value, a, "relu({z})");
        assert_eq!(Activation::Relu.da_dz(z, value), da_dz, "relu'({z})");
    }
}

#[test]
fn leaky_relu_values_and_derivatives() {
    // (z, a, da/dz); the slope is 0.01 for z <= 0.
    for (z, a, da_dz) in [(-2.0, -0.02, 0.01), (0.0, 0.0, 0.01), (3.0, 3.0, 1.0)] {
        let value = Activation::LeakyRelu.value(z);
        assert_close(&format!("leaky_relu({z})"), &[value], &[a], 1e-17);
        assert_eq!(
            Activation::LeakyRelu.da_dz(z, value),
            da_dz,
            "leaky_relu'({z})"
        );
    }
}

#[test]
fn linear_value_and_derivative() {
    assert_eq!(Activation::Linear.value(-1.25), -1.25);
    assert_eq!(Activation::Linear.da_dz(-1.25, -1.25), 1.0);
}

// Losses at a = (0.8, 0.3), y = (1, 0).

const A: [f64; 2] = [0.8, 0.3];
const Y: [f64; 2] = [1.0, 0.0];

fn dl_da(loss: Loss) -> Vec<f64> {
    A.iter()
        .zip(&Y)
        .map(|(&a, &y)| loss.dl_da(a, y, A.len()))
        .collect()
}

#[test]
fn squared_error_value_and_derivative() {
    assert_close(
        "squared_error",
        &[Loss::SquaredError.value(&A, &Y)],
        &[0.12999999999999998],
        1e-15,
    );
    assert_close(
        "squared_error dL/da",
        &dl_da(Loss::SquaredError),
        &[-0.4, 0.6],
        1e-15,
    );
}

#[test]
fn half_squared_error_value_and_derivative() {
    assert_close(
        "half_squared_error",
        &[Loss::HalfSquaredError.value(&A, &Y)],
        &[0.06499999999999999],
        1e-15,
    );
    assert_close(
        "half_squared_error dL/da",
        &dl_da(Loss::HalfSquaredError),
        &[-0.2, 0.3],
        1e-15,
    );
}

#[test]
fn mse_value_and_derivative() {
    assert_close(
        "mse",
        &[Loss::Mse.value(&A, &Y)],
        &[0.06499999999999999],
        1e-15,
    );
    assert_close("mse dL/da", &dl_da(Loss::Mse), &[-0.2, 0.3], 1e-15);
}

#[test]
fn cross_entropy_value_and_derivative() {
    assert_close(
        "binary_cross_entropy",
        &[Loss::BinaryCrossEntropy.value(&A, &Y)],
        &[0.2899092476264711],
        1e-15,
    );
    assert_close(
        "binary_cross_entropy dL/da",
        &dl_da(Loss::BinaryCrossEntropy),
        &[-0.625, 0.7142857142857143],
        1e-15,
    );
}

#[test]
fn cross_entropy_finite_at_0_and_1() {
    // a is clamped to [1e-12, 1 - 1e-12]: -ln(1e-12) = 27.631021115928547 and
    // -ln(1 - (1 - 1e-12)) = 27.63104323789336 in f64.
    let wrong_at_0 = Loss::BinaryCrossEntropy.value(&[0.0], &[1.0]);
    let wrong_at_1 = Loss::BinaryCrossEntropy.value(&[1.0], &[0.0]);
    assert_close(
        "loss at a = 0, y = 1",
        &[wrong_at_0],
        &[27.631021115928547],
        1e-12,
    );
    assert_close(
        "loss at a = 1, y = 0",
        &[wrong_at_1],
        &[27.63104323789336],
        1e-9,
    );

    let right_at_0 = Loss::BinaryCrossEntropy.value(&[0.0], &[0.0]);
    let right_at_1 = Loss::BinaryCrossEntropy.value(&[1.0], &[1.0]);
    assert!(
        (0.0..1e-11).contains(&right_at_0),
        "loss at a = 0, y = 0: {right_at_0}"
    );
    assert!(
        (0.0..1e-11).contains(&right_at_1),
        "loss at a = 1, y = 1: {right_at_1}"
    );

    for (a, y) in [(0.0, 1.0), (1.0, 0.0), (0.0, 0.0), (1.0, 1.0)] {
        let derivative = Loss::BinaryCrossEntropy.dl_da(a, y, 1);
        assert!(
            derivative.is_finite(),
            "dL/da at a = {a}, y = {y}: {derivative}"
        );
    }
}

#[test]
fn assert_close_names_first_mismatch() {
    let result =
        std::panic::catch_unwind(|| assert_close("v", &[1.0, 2.0, 3.0], &[1.0, 2.5, 3.5], 0.1));
    let message = result.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.starts_with("v[1]: found 2, expected 2.5"),
        "{message}"
    );
}
