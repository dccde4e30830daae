//! The terms after the last sample: the averaging of the gradients and the
//! update of every parameter.

use super::super::format;
use super::super::notation::{self, Expr};
use super::super::trace::{layer_shapes, parameter_exprs, parameters};
use super::{result, Context, Described, Elements, Phase, Quantity, UpdateOutcome};

/// Lists every weight and bias of the network as drawing elements.
fn all_parameters(context: &Context, include_biases: bool) -> Elements {
    let mut elements = Elements::default();
    for (index, layer) in context.network.layers.iter().enumerate() {
        let l = index + 1;
        for j in 0..layer.fan_in() {
            for k in 0..layer.units() {
                elements.edges.push([l, j, k]);
            }
        }
        if include_biases {
            for k in 0..layer.units() {
                elements.biases.push([l, k]);
            }
        }
    }
    elements
}

/// The maximum number of parameters whose formula the averaging and the
/// update show, one row each; a wide network has thousands.
const MAX_PARAMETER_ROWS: usize = 64;

/// Lists the symbols of the parameters that get a formula row: the first
/// [`MAX_PARAMETER_ROWS`] in the order of `trace::parameters`.
fn shown_parameter_exprs(context: &Context) -> Vec<Expr> {
    parameter_exprs(layer_shapes(context.network))
        .take(MAX_PARAMETER_ROWS)
        .collect()
}

/// Writes the row that replaces the rows of `count` parameters left out.
fn more_parameters(count: usize) -> Expr {
    Expr::literal(
        &format!("… and {count} more parameters"),
        &format!("<mrow><mo>⋯</mo><mtext>&#xA0;and {count} more parameters</mtext></mrow>"),
    )
}

/// Returns whether parameter `index`, in the order of `trace::parameters`,
/// is a bias.
fn is_bias(context: &Context, index: usize) -> bool {
    let mut start = 0;
    for layer in &context.network.layers {
        let weights = layer.fan_in() * layer.units();
        let end = start + weights + layer.units();
        if index < end {
            return index >= start + weights;
        }
        start = end;
    }
    false
}

/// Returns whether the iteration trains on a mini-batch rather than on
/// every sample.
fn is_mini_batch(context: &Context) -> bool {
    context.network.batch_size.is_some()
        && context.trace.order.len() < context.network.samples.len()
}

/// Names the samples of a batch, 1-based, in their order: "samples 4, 1 and
/// 5", or "samples 4, 1, 5, …, 2" when the sum shows only some of them.
fn sample_list(order: &[usize]) -> String {
    let (shown, abbreviated) = super::shown_indices(order.len());
    let mut names: Vec<String> = shown
        .iter()
        .map(|&slot| (order[slot] + 1).to_string())
        .collect();
    let last = names.pop().unwrap_or_default();
    match (names.is_empty(), abbreviated) {
        (true, _) => format!("sample {last}"),
        (false, true) => format!("samples {}, …, {last}", names.join(", ")),
        (false, false) => format!("samples {} and {last}", names.join(", ")),
    }
}

pub(super) fn average(context: &Context) -> Described {
    let trace = context.trace;
    let count = trace.order.len();
    let averaged = trace.gradient.to_vector();
    let value = averaged.iter().map(|g| g * g).sum::<f64>().sqrt();
    let theta = notation::theta();
    let symbol = Expr {
        text: "||dL/dtheta||".to_string(),
        mathml: format!(
            "<mrow><mo>‖</mo>{}<mo>‖</mo></mrow>",
            notation::derivative(&notation::loss(), &theta).mathml
        ),
    };
    let n = Expr::number(count as f64);

    let (shown, abbreviated) = super::shown_indices(count);
    let per_sample: Vec<Vec<f64>> = shown
        .iter()
        .map(|&slot| context.sample(slot).backward.gradient.to_vector())
        .collect();
    let mean_of =
        |values: Vec<Expr>| notation::fraction(&super::shown_sum(values, abbreviated), &n);

    let mut rows = vec![notation::equation(&[
        notation::loss(),
        mean_of(
            shown
                .iter()
                .map(|&slot| Expr::number(trace.sample_losses[slot]))
                .collect(),
        ),
        result(trace.mean_loss),
    ])];
    let parameter_count = context.network.parameter_count();
    for (index, parameter) in shown_parameter_exprs(context).iter().enumerate() {
        let derivative = notation::derivative(&notation::loss(), parameter);
        let values = per_sample.iter().map(|g| Expr::number(g[index])).collect();
        rows.push(notation::equation(&[
            derivative,
            mean_of(values),
            result(averaged[index]),
        ]));
    }
    if parameter_count > MAX_PARAMETER_ROWS {
        rows.push(more_parameters(parameter_count - MAX_PARAMETER_ROWS));
    }
    rows.push(notation::equation(&[symbol.clone(), result(value)]));

    let explanation = if is_mini_batch(context) {
        format!(
            "This iteration trains on a mini-batch of {count} of the {} samples, {}, taken in the order of the \
             seeded shuffle of this epoch. Its loss is the mean of their {count} sample losses, L = {}. The \
             derivative of a mean is the mean of the derivatives, so each partial derivative is the mean of that \
             parameter's partial derivatives over the batch's samples: dL/dtheta = (1/{count}) Σ_s dL_s/dtheta. \
             The length of the averaged gradient, {} = {}, measures how steep the batch's loss is at these \
             parameters.",
            context.network.samples.len(),
            sample_list(&trace.order),
            format::text(trace.mean_loss),
            symbol.text,
            format::text(value),
        )
    } else {
        format!(
            "The loss of the whole set of samples is the mean of the {count} sample losses, L = {}. The derivative \
             of a mean is the mean of the derivatives, so each partial derivative is the mean of that parameter's \
             partial derivatives over the samples: dL/dtheta = (1/{count}) Σ_s dL_s/dtheta. The length of the \
             averaged gradient, {} = {}, measures how steep the loss is at these parameters.",
            format::text(trace.mean_loss),
            symbol.text,
            format::text(value),
        )
    };

    let everything = all_parameters(context, true);
    Described {
        phase: Phase::Average,
        slot: None,
        layer: None,
        unit: None,
        from: None,
        quantity: Quantity::Gradient,
        rows,
        symbol,
        value,
        factors: Vec::new(),
        explanation,
        highlight: everything.clone(),
        depends_on: everything,
    }
}

pub(super) fn update(context: &Context) -> Described {
    let trace = context.trace;
    let update = context
        .update
        .expect("the update term is described after it is taken");
    let network = context.network;
    let alpha = update.learning_rate;
    let gradient = trace.gradient.to_vector();
    let before = parameters(network);
    let count = before.len();

    let mut rows = Vec::new();
    for (index, parameter) in shown_parameter_exprs(context).iter().enumerate() {
        if is_bias(context, index) && !network.train_biases {
            rows.push(notation::equation(&[
                parameter.clone(),
                result(before[index]),
            ]));
            continue;
        }
        let derivative = notation::derivative(&notation::loss(), parameter);
        let symbolic = notation::join(
            &[
                parameter.clone(),
                notation::product(&[notation::alpha(), derivative]),
            ],
            "−",
        );
        let substituted = notation::join(
            &[
                Expr::number(before[index]),
                notation::product(&[Expr::number(alpha), Expr::number(gradient[index])]),
            ],
            "−",
        );
        let mut sides = vec![symbolic, substituted];
        if let UpdateOutcome::Applied {
            parameters: after, ..
        } = &update.outcome
        {
            sides.push(result(after[index]));
        }
        let assignment = notation::join(&[parameter.clone(), notation::equation(&sides)], "←");
        rows.push(assignment);
    }
    if count > MAX_PARAMETER_ROWS {
        rows.push(more_parameters(count - MAX_PARAMETER_ROWS));
    }

    let frozen_note = if network.train_biases {
        String::new()
    } else {
        " The biases are not trained in this network, so they keep their values.".to_string()
    };
    let trained = if network.train_biases {
        format!("All {count} parameters move")
    } else {
        let weights: usize = network.layers.iter().map(|l| l.fan_in() * l.units()).sum();
        format!("All {weights} weights move")
    };
    let rule = format!(
        "Gradient descent moves every parameter against its partial derivative: theta ← theta − alpha·dL/dtheta, with \
         the learning rate alpha = {}. {trained} at once, by partial derivatives that were all computed at the same \
         parameters before any of them changed.{frozen_note}",
        format::text(alpha),
    );

    let (value, explanation) = match &update.outcome {
        UpdateOutcome::Applied { loss_after, .. } => {
            rows.push(notation::equation(&[notation::loss(), result(*loss_after)]));
            let before = format::text(trace.mean_loss);
            let after = format::text(*loss_after);
            let change = if before == after {
                format!("stays at {after} to four significant digits")
            } else if *loss_after < trace.mean_loss {
                format!("falls from {before} to {after}")
            } else {
                format!("rises from {before} to {after}, a sign that the learning rate may be too large")
            };
            let loss_of = if is_mini_batch(context) {
                format!(
                    "The mean loss of this iteration's {}",
                    sample_list(&trace.order)
                )
            } else {
                "The mean loss".to_string()
            };
            let explanation = format!("{rule} {loss_of} {change}.");
            (*loss_after, explanation)
        }
        UpdateOutcome::Diverged { reason } => (trace.mean_loss, format!("{rule} {reason}")),
    };

    Described {
        phase: Phase::Update,
        slot: None,
        layer: None,
        unit: None,
        from: None,
        quantity: Quantity::Update,
        rows,
        symbol: notation::loss(),
        value,
        factors: Vec::new(),
        explanation,
        highlight: all_parameters(context, network.train_biases),
        depends_on: all_parameters(context, true),
    }
}
