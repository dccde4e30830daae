//! The backward terms of each unit: dL/da, da/dz, delta, dL/dw and dL/db.

use crate::core::activation::LEAKY_SLOPE;
use crate::core::loss::CROSS_ENTROPY_EPSILON;
use crate::core::{Activation, Loss};

use super::super::format;
use super::super::notation::{self, Expr};
use super::{
    abbreviated_sum, result, substitution_row, Context, Described, Elements, Phase, Quantity,
};

/// dL/da_k^(l) of the output layer, from the loss, or of a hidden layer, as
/// the sum over the units it feeds.
pub(super) fn dl_da(context: &Context, slot: usize, layer: usize, unit: usize) -> Described {
    let depth = context.network.layers.len();
    if layer == depth {
        output_dl_da(context, slot, unit)
    } else {
        hidden_dl_da(context, slot, layer, unit)
    }
}

fn output_dl_da(context: &Context, slot: usize, unit: usize) -> Described {
    let trace = context.sample(slot);
    let depth = context.network.layers.len();
    let a_value = trace.forward.a[depth][unit];
    let y_value = context.network.samples[trace.sample].y[unit];
    let outputs = trace.forward.output().len();
    let value = trace.backward.dl_da[depth][unit];
    let symbol = notation::derivative(&notation::loss(), &notation::a(depth, unit));

    let a_symbol = notation::a(depth, unit);
    let y_symbol = notation::y(unit);
    let diff = |a: Expr, y: Expr| notation::join(&[a, y], "−").parenthesised();
    let n = Expr::number(outputs as f64);
    let two = Expr::number(2.0);

    let (formula, substituted, why) = match context.loss() {
        Loss::SquaredError => (
            notation::product(&[two.clone(), diff(a_symbol.clone(), y_symbol.clone())]),
            notation::product(&[two, diff(Expr::number(a_value), Expr::number(y_value))]),
            format!(
                "The squared error contains ({} − {})² for this output, and the derivative of (a − y)² with \
                 respect to a is 2(a − y)",
                a_symbol.text, y_symbol.text
            ),
        ),
        Loss::HalfSquaredError => (
            diff(a_symbol.clone(), y_symbol.clone()),
            diff(Expr::number(a_value), Expr::number(y_value)),
            format!(
                "The half squared error contains ½({} − {})² for this output; the ½ cancels the 2 that the square \
                 brings down",
                a_symbol.text, y_symbol.text
            ),
        ),
        Loss::Mse => (
            notation::fraction(&notation::product(&[two.clone(), diff(a_symbol.clone(), y_symbol.clone())]), &n),
            notation::fraction(&notation::product(&[two, diff(Expr::number(a_value), Expr::number(y_value))]), &n),
            format!(
                "The mean squared error contains ({} − {})² / {outputs} for this output: the derivative of the \
                 square is twice the difference, divided by the {outputs} output{} of the mean",
                a_symbol.text,
                y_symbol.text,
                if outputs == 1 { "" } else { "s" }
            ),
        ),
        Loss::BinaryCrossEntropy => {
            let one = Expr::number(1.0);
            let denominator = |a: Expr| {
                notation::product(&[n.clone(), a.clone(), notation::join(&[one.clone(), a], "−").parenthesised()])
            };
            let clamped = !(CROSS_ENTROPY_EPSILON..=1.0 - CROSS_ENTROPY_EPSILON).contains(&a_value);
            let clamp_note = if clamped {
                format!(
                    "; here a is clamped to [{}, 1 − {}], as in the loss, so that the value stays finite",
                    format::text(CROSS_ENTROPY_EPSILON),
                    format::text(CROSS_ENTROPY_EPSILON)
                )
            } else {
                String::new()
            };
            (
                notation::fraction(&diff(a_symbol.clone(), y_symbol.clone()), &denominator(a_symbol.clone())),
                notation::fraction(&diff(Expr::number(a_value), Expr::number(y_value)), &denominator(Expr::number(a_value))),
                format!(
                    "The cross-entropy contains −[y ln a + (1 − y) ln(1 − a)] / {outputs} for this output; its \
                     derivative −y/a + (1 − y)/(1 − a) simplifies to (a − y) / (a(1 − a)), divided by the {outputs} \
                     output{} of the mean{clamp_note}",
                    if outputs == 1 { "" } else { "s" }
                ),
            )
        }
    };

    let explanation = format!(
        "{} is how the loss changes with the output {}{}. {why}: {} = {} = {}.",
        symbol.text,
        a_symbol.text,
        context.for_sample(slot),
        symbol.text,
        substituted.text,
        format::text(value),
    );

    Described {
        explanation,
        rows: vec![substitution_row(&symbol, formula, substituted, value)],
        ..Described::of_unit(
            Phase::Backward,
            Quantity::DlDa,
            slot,
            depth,
            unit,
            symbol,
            value,
        )
    }
}

fn hidden_dl_da(context: &Context, slot: usize, layer: usize, unit: usize) -> Described {
    let trace = context.sample(slot);
    let next = layer + 1;
    let weights = &context.network.layers[next - 1].weights;
    let fed = weights.cols();
    let value = trace.backward.dl_da[layer][unit];
    let symbol = notation::derivative(&notation::loss(), &notation::a(layer, unit));

    let symbolic = abbreviated_sum(fed, |k| {
        notation::product(&[notation::w(next, unit, k), notation::delta(next, k)])
    });
    let substituted = abbreviated_sum(fed, |k| {
        notation::product(&[
            Expr::number(weights.get(unit, k)),
            Expr::number(trace.backward.delta[next][k]),
        ])
    });

    let a_text = notation::a(layer, unit).text;
    let paths = if fed == 1 {
        format!(
            "Unit {} of layer {layer} feeds the one unit of layer {next}, so a change in {a_text} reaches the loss \
             along one path: z_1^({next}) changes by w_{{{},1}}^({next}) per unit of {a_text}, and the loss changes \
             by delta_1^({next}) per unit of z_1^({next}), computed in the previous layer's steps. With more units \
             in layer {next} the chain rule would add one such product per unit",
            unit + 1,
            unit + 1,
        )
    } else {
        format!(
            "Unit {} of layer {layer} feeds every unit of layer {next}, so a change in {a_text} reaches the loss \
             along each of those {fed} paths, and the chain rule adds them up. Along the path through unit k, \
             z_k^({next}) changes by w_{{{},k}}^({next}) per unit of {a_text}, and the loss changes by \
             delta_k^({next}) per unit of z_k^({next}), computed in the previous layer's steps",
            unit + 1,
            unit + 1,
        )
    };
    let explanation = format!(
        "{} is how the loss changes with {a_text}{}. {paths}: {} = {} = {}.",
        symbol.text,
        context.for_sample(slot),
        symbol.text,
        substituted.text,
        format::text(value),
    );

    Described {
        explanation,
        rows: vec![substitution_row(&symbol, symbolic, substituted, value)],
        depends_on: Elements {
            units: (0..fed).map(|k| [next, k]).collect(),
            edges: (0..fed).map(|k| [next, unit, k]).collect(),
            biases: Vec::new(),
        },
        ..Described::of_unit(
            Phase::Backward,
            Quantity::DlDa,
            slot,
            layer,
            unit,
            symbol,
            value,
        )
    }
}

pub(super) fn da_dz(context: &Context, slot: usize, layer: usize, unit: usize) -> Described {
    let trace = context.sample(slot);
    let z_value = trace.forward.z[layer][unit];
    let a_value = trace.forward.a[layer][unit];
    let value = trace.backward.da_dz[layer][unit];
    let a_symbol = notation::a(layer, unit);
    let z_symbol = notation::z(layer, unit);
    let symbol = notation::derivative(&a_symbol, &z_symbol);
    let one = Expr::number(1.0);
    let z_text = format::text(z_value);

    let (formula, substituted, why): (Option<Expr>, Option<Expr>, String) = match context.activation(layer) {
        Activation::Sigmoid => (
            Some(notation::product(&[a_symbol.clone(), notation::join(&[one.clone(), a_symbol.clone()], "−").parenthesised()])),
            Some(notation::product(&[
                Expr::number(a_value),
                notation::join(&[one, Expr::number(a_value)], "−").parenthesised(),
            ])),
            "The derivative of the sigmoid can be written with its own output: σ'(z) = σ(z)(1 − σ(z)) = a(1 − a). \
             It is largest, 0.25, at a = 0.5 and shrinks towards 0 as a approaches 0 or 1"
                .to_string(),
        ),
        Activation::Tanh => {
            let square = |a: Expr| Expr {
                text: format!("{}²", a.text),
                mathml: format!("<msup>{}<mn>2</mn></msup>", a.mathml),
            };
            (
                Some(notation::join(&[one.clone(), square(a_symbol.clone())], "−")),
                Some(notation::join(&[one, square(Expr::number(a_value))], "−")),
                "The derivative of tanh can be written with its own output: tanh'(z) = 1 − tanh(z)² = 1 − a²".to_string(),
            )
        }
        Activation::Relu => (
            None,
            None,
            if z_value > 0.0 {
                format!("ReLU is a = z for z > 0, so its slope is 1 here, where z = {z_text}")
            } else {
                format!(
                    "ReLU is the constant 0 for z ≤ 0, so its slope is 0 here, where z = {z_text}; no gradient flows \
                     back through this unit"
                )
            },
        ),
        Activation::LeakyRelu => (
            None,
            None,
            if z_value > 0.0 {
                format!("Leaky ReLU is a = z for z > 0, so its slope is 1 here, where z = {z_text}")
            } else {
                format!(
                    "Leaky ReLU is a = {}·z for z ≤ 0, so its slope is {} here, where z = {z_text}; a little gradient \
                     still flows back",
                    format::text(LEAKY_SLOPE),
                    format::text(LEAKY_SLOPE)
                )
            },
        ),
        Activation::Linear => (None, None, "A linear activation is a = z, so its slope is 1 everywhere".to_string()),
    };

    let mut sides = vec![symbol.clone()];
    sides.extend(formula);
    let substitution_text = substituted
        .as_ref()
        .map(|s| format!(" = {}", s.text))
        .unwrap_or_default();
    sides.extend(substituted);
    sides.push(result(value));
    let explanation = format!(
        "{} is how the activation of unit {} of layer {layer} changes with its z{}. {why}: {}{substitution_text} = {}.",
        symbol.text,
        unit + 1,
        context.for_sample(slot),
        symbol.text,
        format::text(value),
    );

    Described {
        explanation,
        rows: vec![notation::equation(&sides)],
        ..Described::of_unit(
            Phase::Backward,
            Quantity::DaDz,
            slot,
            layer,
            unit,
            symbol,
            value,
        )
    }
}

/// Returns the first two chain-rule factors of every derivative through z_k^(l):
/// dL/da_k^(l) and da_k^(l)/dz_k^(l), with their values.
fn unit_factors(context: &Context, slot: usize, layer: usize, unit: usize) -> [(Expr, f64); 2] {
    let backward = &context.sample(slot).backward;
    let a_symbol = notation::a(layer, unit);
    [
        (
            notation::derivative(&notation::loss(), &a_symbol),
            backward.dl_da[layer][unit],
        ),
        (
            notation::derivative(&a_symbol, &notation::z(layer, unit)),
            backward.da_dz[layer][unit],
        ),
    ]
}

/// Writes the chain-rule row
/// `symbol = factor · factor ... = value · value ... = value`.
fn chain_row(symbol: &Expr, factors: &[(Expr, f64)], value: f64) -> Expr {
    let symbols: Vec<Expr> = factors.iter().map(|(s, _)| s.clone()).collect();
    let values: Vec<Expr> = factors.iter().map(|(_, v)| Expr::number(*v)).collect();
    substitution_row(
        symbol,
        notation::product(&symbols),
        notation::product(&values),
        value,
    )
}

/// Writes the substituted product of a chain-rule row as text: "a · b · c = v".
fn chain_text(factors: &[(Expr, f64)], value: f64) -> String {
    let values: Vec<String> = factors
        .iter()
        .map(|(_, v)| format::text_operand(*v))
        .collect();
    format!("{} = {}", values.join(" · "), format::text(value))
}

pub(super) fn delta(context: &Context, slot: usize, layer: usize, unit: usize) -> Described {
    let value = context.sample(slot).backward.delta[layer][unit];
    let symbol = notation::delta(layer, unit);
    let dl_dz = notation::derivative(&notation::loss(), &notation::z(layer, unit));
    let factors = unit_factors(context, slot, layer, unit).to_vec();

    let explanation = format!(
        "{} = {} is how the loss changes with z of unit {} of layer {layer}{}. This z affects the loss only through \
         the activation {}, so the chain rule multiplies {} by {}: {}.",
        symbol.text,
        dl_dz.text,
        unit + 1,
        context.for_sample(slot),
        notation::a(layer, unit).text,
        factors[0].0.text,
        factors[1].0.text,
        chain_text(&factors, value),
    );
    let row = chain_row(&symbol, &factors, value);
    let row = notation::equation(&[symbol.clone(), dl_dz, row_tail(&row, &symbol)]);

    Described {
        factors,
        explanation,
        rows: vec![row],
        ..Described::of_unit(
            Phase::Backward,
            Quantity::Delta,
            slot,
            layer,
            unit,
            symbol,
            value,
        )
    }
}

/// Returns the row without its leading `symbol =`, so that another side can
/// be inserted.
fn row_tail(row: &Expr, symbol: &Expr) -> Expr {
    let text = row
        .text
        .strip_prefix(&format!("{} = ", symbol.text))
        .unwrap_or(&row.text)
        .to_string();
    let mathml = row
        .mathml
        .strip_prefix(&format!("<mrow>{}<mo>=</mo>", symbol.mathml))
        .and_then(|rest| rest.strip_suffix("</mrow>"))
        .map(|rest| format!("<mrow>{rest}</mrow>"))
        .unwrap_or_else(|| row.mathml.clone());
    Expr { text, mathml }
}

pub(super) fn dl_dw(
    context: &Context,
    slot: usize,
    layer: usize,
    from: usize,
    unit: usize,
) -> Described {
    let trace = context.sample(slot);
    let value = trace.backward.gradient.layers[layer - 1]
        .dl_dw
        .get(from, unit);
    let w_symbol = notation::w(layer, from, unit);
    let z_symbol = notation::z(layer, unit);
    let symbol = notation::derivative(&notation::loss(), &w_symbol);
    let a_previous = notation::a(layer - 1, from);
    let a_value = trace.forward.a[layer - 1][from];

    let mut factors = unit_factors(context, slot, layer, unit).to_vec();
    factors.push((notation::derivative(&z_symbol, &w_symbol), a_value));

    let input_note = if layer == 1 {
        format!(", the input {}", notation::x(from).text)
    } else {
        String::new()
    };
    let explanation = format!(
        "{} is how the loss changes with the weight {}{}. The weight changes the loss only through {}, so the chain \
         rule multiplies three factors. The first two make delta_{}^({layer}) = {}, from the previous steps. The \
         third, {}, is {} = {}{input_note}, because {} adds {} · {}: the weight's effect on z is the activation it \
         multiplies. {} = {}.",
        symbol.text,
        w_symbol.text,
        context.for_sample(slot),
        z_symbol.text,
        unit + 1,
        format::text(trace.backward.delta[layer][unit]),
        factors[2].0.text,
        a_previous.text,
        format::text(a_value),
        z_symbol.text,
        w_symbol.text,
        a_previous.text,
        symbol.text,
        chain_text(&factors, value),
    );

    Described {
        from: Some(from),
        rows: vec![chain_row(&symbol, &factors, value)],
        factors,
        explanation,
        highlight: Elements {
            edges: vec![[layer, from, unit]],
            ..Elements::default()
        },
        depends_on: Elements {
            units: vec![[layer, unit], [layer - 1, from]],
            ..Elements::default()
        },
        ..Described::of_unit(
            Phase::Backward,
            Quantity::DlDw,
            slot,
            layer,
            unit,
            symbol,
            value,
        )
    }
}

pub(super) fn dl_db(context: &Context, slot: usize, layer: usize, unit: usize) -> Described {
    let trace = context.sample(slot);
    let value = trace.backward.gradient.layers[layer - 1].dl_db[unit];
    let b_symbol = notation::b(layer, unit);
    let z_symbol = notation::z(layer, unit);
    let symbol = notation::derivative(&notation::loss(), &b_symbol);

    let mut factors = unit_factors(context, slot, layer, unit).to_vec();
    factors.push((notation::derivative(&z_symbol, &b_symbol), 1.0));

    let frozen_note = if context.network.train_biases {
        ""
    } else {
        " The biases of this network are not trained, so the update will leave this bias as it is."
    };
    let explanation = format!(
        "{} is how the loss changes with the bias {}{}. The bias is added straight into {}, so {} = 1 and \
         {} equals delta_{}^({layer}): {}.{frozen_note}",
        symbol.text,
        b_symbol.text,
        context.for_sample(slot),
        z_symbol.text,
        factors[2].0.text,
        symbol.text,
        unit + 1,
        chain_text(&factors, value),
    );

    Described {
        rows: vec![chain_row(&symbol, &factors, value)],
        factors,
        explanation,
        highlight: Elements {
            biases: vec![[layer, unit]],
            ..Elements::default()
        },
        ..Described::of_unit(
            Phase::Backward,
            Quantity::DlDb,
            slot,
            layer,
            unit,
            symbol,
            value,
        )
    }
}
