//! The forward terms: z and a of each unit, and the loss of a sample.

use crate::core::loss::CROSS_ENTROPY_EPSILON;
use crate::core::{Activation, Loss};

use super::super::format;
use super::super::notation::{self, Expr};
use super::{
    abbreviated_sum, result, substitution_row, Context, Described, Elements, Phase, Quantity,
};

pub(super) fn z(context: &Context, slot: usize, layer: usize, unit: usize) -> Described {
    let forward = &context.sample(slot).forward;
    let weights = &context.network.layers[layer - 1].weights;
    let bias = context.network.layers[layer - 1].biases[unit];
    let fan_in = weights.rows();
    let value = forward.z[layer][unit];
    let symbol = notation::z(layer, unit);

    // The sum runs over the fan_in products w·a and then the bias.
    let symbolic = abbreviated_sum(fan_in + 1, |j| {
        if j < fan_in {
            notation::product(&[notation::w(layer, j, unit), notation::a(layer - 1, j)])
        } else {
            notation::b(layer, unit)
        }
    });
    let substituted = abbreviated_sum(fan_in + 1, |j| {
        if j < fan_in {
            notation::product(&[
                Expr::number(weights.get(j, unit)),
                Expr::number(forward.a[layer - 1][j]),
            ])
        } else {
            Expr::number(bias)
        }
    });

    let inputs_note = if layer == 1 {
        " Layer 0 is the input layer, so a_j^(0) is the input x_j of the sample."
    } else {
        ""
    };
    let explanation = format!(
        "{} is the weighted input of unit {} of layer {layer}{}: each activation of layer {} times the weight \
         that carries it, plus the bias {}. {} = {} = {}.{inputs_note}",
        symbol.text,
        unit + 1,
        context.for_sample(slot),
        layer - 1,
        notation::b(layer, unit).text,
        symbol.text,
        substituted.text,
        format::text(value),
    );

    Described {
        explanation,
        rows: vec![substitution_row(&symbol, symbolic, substituted, value)],
        depends_on: Elements {
            units: (0..fan_in).map(|j| [layer - 1, j]).collect(),
            edges: (0..fan_in).map(|j| [layer, j, unit]).collect(),
            biases: vec![[layer, unit]],
        },
        ..Described::of_unit(
            Phase::Forward,
            Quantity::Z,
            slot,
            layer,
            unit,
            symbol,
            value,
        )
    }
}

pub(super) fn a(context: &Context, slot: usize, layer: usize, unit: usize) -> Described {
    let forward = &context.sample(slot).forward;
    let z_value = forward.z[layer][unit];
    let value = forward.a[layer][unit];
    let symbol = notation::a(layer, unit);
    let z_symbol = notation::z(layer, unit);
    // A function argument or a whole side needs no parentheses around a
    // negative z; a factor does.
    let z_plain = result(z_value);
    let z_number = Expr::number(z_value);

    let (formula, substituted, why) = match context.activation(layer) {
        Activation::Sigmoid => (
            notation::apply("σ", &z_symbol),
            notation::apply("σ", &z_plain),
            "The sigmoid σ(z) = 1 / (1 + e^(−z)) squashes any z into the range (0, 1)".to_string(),
        ),
        Activation::Tanh => (
            notation::apply("tanh", &z_symbol),
            notation::apply("tanh", &z_plain),
            "tanh squashes any z into the range (−1, 1)".to_string(),
        ),
        Activation::Relu => (
            notation::apply(
                "max",
                &notation::join(&[Expr::number(0.0), z_symbol.clone()], ","),
            ),
            notation::apply("max", &notation::join(&[Expr::number(0.0), z_plain], ",")),
            if z_value > 0.0 {
                "ReLU passes a positive z through unchanged".to_string()
            } else {
                "ReLU turns a z that is not positive into 0".to_string()
            },
        ),
        Activation::LeakyRelu => {
            if z_value > 0.0 {
                (
                    z_symbol.clone(),
                    z_plain,
                    "Leaky ReLU passes a positive z through unchanged".to_string(),
                )
            } else {
                let slope = Expr::number(crate::core::activation::LEAKY_SLOPE);
                (
                    notation::product(&[slope.clone(), z_symbol.clone()]),
                    notation::product(&[slope, z_number]),
                    format!(
                        "Leaky ReLU multiplies a z that is not positive by {}",
                        format::text(crate::core::activation::LEAKY_SLOPE)
                    ),
                )
            }
        }
        Activation::Linear => (
            z_symbol.clone(),
            z_plain,
            "A linear activation passes z through unchanged".to_string(),
        ),
    };

    let explanation = format!(
        "{} is the activation of unit {} of layer {layer}{}. {why}: {} = {} = {}.",
        symbol.text,
        unit + 1,
        context.for_sample(slot),
        symbol.text,
        substituted.text,
        format::text(value),
    );

    Described {
        explanation,
        rows: vec![substitution_row(&symbol, formula, substituted, value)],
        ..Described::of_unit(
            Phase::Forward,
            Quantity::A,
            slot,
            layer,
            unit,
            symbol,
            value,
        )
    }
}

/// Writes `(inner)^2`.
fn squared(inner: &Expr) -> Expr {
    let parenthesised = inner.parenthesised();
    Expr {
        text: format!("{}²", parenthesised.text),
        mathml: format!("<msup>{}<mn>2</mn></msup>", parenthesised.mathml),
    }
}

/// Writes `a − y`.
fn difference(a: Expr, y: Expr) -> Expr {
    notation::join(&[a, y], "−")
}

/// Writes the natural logarithm of `argument`.
fn ln(argument: &Expr) -> Expr {
    Expr {
        text: format!("ln {}", argument.text),
        mathml: format!(
            "<mrow><mi>ln</mi><mo>&#x2061;</mo>{}</mrow>",
            argument.mathml
        ),
    }
}

/// Writes one output's cross-entropy term y ln a + (1 − y) ln(1 − a).
fn cross_entropy_term(a: Expr, y: Expr) -> Expr {
    let one = Expr::number(1.0);
    let first = notation::product(&[y.clone(), ln(&a)]);
    let second = notation::product(&[
        difference(one.clone(), y).parenthesised(),
        ln(&difference(one, a).parenthesised()),
    ]);
    notation::sum(&[first, second]).parenthesised()
}

/// Returns the scale in front of the sum of a loss: 1/2, 1/n or none.
fn loss_scale(loss: Loss, outputs: usize) -> Option<Expr> {
    match loss {
        Loss::SquaredError => None,
        Loss::HalfSquaredError => Some(notation::fraction(&Expr::number(1.0), &Expr::number(2.0))),
        Loss::Mse | Loss::BinaryCrossEntropy => Some(notation::fraction(
            &Expr::number(1.0),
            &Expr::number(outputs as f64),
        )),
    }
}

pub(super) fn loss(context: &Context, slot: usize) -> Described {
    let trace = context.sample(slot);
    let sample = &context.network.samples[trace.sample];
    let outputs = trace.forward.output();
    let depth = context.network.layers.len();
    let count = outputs.len();
    let value = trace.loss;
    let loss_function = context.loss();

    let per_output = |a: Expr, y: Expr| match loss_function {
        Loss::BinaryCrossEntropy => cross_entropy_term(a, y),
        _ => squared(&difference(a, y)),
    };
    let symbolic = abbreviated_sum(count, |k| per_output(notation::a(depth, k), notation::y(k)));
    let substituted = abbreviated_sum(count, |k| {
        per_output(Expr::number(outputs[k]), Expr::number(sample.y[k]))
    });

    let scale = |sum: Expr| {
        let sum = if count > 1 || loss_function == Loss::BinaryCrossEntropy {
            sum.parenthesised()
        } else {
            sum
        };
        let scaled = match loss_scale(loss_function, count) {
            Some(factor) => notation::product(&[factor, sum]),
            None => sum,
        };
        if loss_function == Loss::BinaryCrossEntropy {
            Expr {
                text: format!("−{}", scaled.text),
                mathml: format!("<mrow><mo>−</mo>{}</mrow>", scaled.mathml),
            }
        } else {
            scaled
        }
    };

    let definition = match loss_function {
        Loss::SquaredError => "The squared error adds up the squared difference between each output and its target".to_string(),
        Loss::HalfSquaredError => {
            "The half squared error is half the sum of the squared differences between each output and its target, \
             so that its derivative has no factor 2"
                .to_string()
        }
        Loss::Mse => format!(
            "The mean squared error is the mean of the squared differences between each output and its target \
             over the {count} output{}",
            if count == 1 { "" } else { "s" }
        ),
        Loss::BinaryCrossEntropy => format!(
            "The binary cross-entropy averages −[y ln a + (1 − y) ln(1 − a)] over the {count} output{}, \
             which is large when an output is confident and wrong",
            if count == 1 { "" } else { "s" }
        ),
    };
    let clamped = loss_function == Loss::BinaryCrossEntropy
        && outputs
            .iter()
            .any(|&a| !(CROSS_ENTROPY_EPSILON..=1.0 - CROSS_ENTROPY_EPSILON).contains(&a));
    let clamp_note = if clamped {
        format!(
            " An output this close to 0 or 1 is clamped to [{}, 1 − {}] so that the logarithms stay finite.",
            format::text(CROSS_ENTROPY_EPSILON),
            format::text(CROSS_ENTROPY_EPSILON)
        )
    } else {
        String::new()
    };
    let symbolic = scale(symbolic);
    let substituted = scale(substituted);
    let symbol = notation::loss();
    let explanation = format!(
        "The loss{} measures how far the output is from the target. {definition}: L = {} = {}.{clamp_note}",
        context.for_sample(slot),
        substituted.text,
        format::text(value),
    );

    let outputs_elements = Elements {
        units: (0..count).map(|k| [depth, k]).collect(),
        ..Elements::default()
    };
    Described {
        phase: Phase::Loss,
        slot: Some(slot),
        layer: None,
        unit: None,
        from: None,
        quantity: Quantity::Loss,
        rows: vec![substitution_row(&symbol, symbolic, substituted, value)],
        symbol,
        value,
        factors: Vec::new(),
        explanation,
        highlight: outputs_elements.clone(),
        depends_on: outputs_elements,
    }
}
