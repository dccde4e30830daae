//! The central finite-difference check of every partial derivative.
//!
//! For each weight and bias theta, the numeric derivative of the mean loss
//! over the samples is (L(theta + h) - L(theta - h)) / 2h, whose error is
//! O(h^2) from truncation plus about machine epsilon * |L| / h from rounding.
//! It is compared with the analytic gradient of the backward pass.

use super::forward::ForwardTrace;
use super::network::Network;
use super::train::{gradient, mean_loss};

/// The default step h. It balances the O(h^2) truncation error against the
/// rounding error of about 2.2e-16 * |L| / h for parameters and losses of
/// order 1, leaving both near 1e-10.
pub const DEFAULT_STEP: f64 = 1e-5;

/// One parameter, indexed like the network: `layer` is the index into
/// `Network::layers` (layer l = layer + 1), and units are 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parameter {
    /// w_{from+1,to+1}^(layer+1)
    Weight {
        layer: usize,
        from: usize,
        to: usize,
    },
    /// b_{unit+1}^(layer+1)
    Bias { layer: usize, unit: usize },
}

/// The analytic and numeric derivative of the mean loss for one parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParameterCheck {
    pub parameter: Parameter,
    pub analytic: f64,
    pub numeric: f64,
    /// |analytic - numeric|
    pub abs_error: f64,
    /// |analytic - numeric| / max(|analytic|, |numeric|), and 0 when both
    /// are 0.
    pub rel_error: f64,
}

impl ParameterCheck {
    /// Returns whether the two derivatives agree within
    /// `rel_tolerance * max(|analytic|, |numeric|) + abs_tolerance`. The
    /// absolute term covers derivatives near 0, where the finite difference
    /// has rounding error of its own but no relative accuracy.
    pub fn agrees(&self, rel_tolerance: f64, abs_tolerance: f64) -> bool {
        let scale = self.analytic.abs().max(self.numeric.abs());
        self.abs_error <= rel_tolerance * scale + abs_tolerance
    }
}

/// The check of every parameter, in the order of
/// [`Gradient::to_vector`](super::gradient::Gradient::to_vector).
#[derive(Clone, Debug, PartialEq)]
pub struct GradientCheck {
    pub step: f64,
    pub parameters: Vec<ParameterCheck>,
}

impl GradientCheck {
    /// Returns the largest relative error over all parameters.
    pub fn max_rel_error(&self) -> f64 {
        self.parameters
            .iter()
            .map(|check| check.rel_error)
            .fold(0.0, f64::max)
    }

    /// Returns the first parameter whose derivatives disagree, as in
    /// [`ParameterCheck::agrees`].
    pub fn first_disagreement(
        &self,
        rel_tolerance: f64,
        abs_tolerance: f64,
    ) -> Option<&ParameterCheck> {
        self.parameters
            .iter()
            .find(|check| !check.agrees(rel_tolerance, abs_tolerance))
    }
}

/// Compares the analytic gradient of the mean loss over the samples with
/// central finite differences of step `step`, for every weight and bias,
/// including biases that `train_biases: false` keeps fixed.
pub fn check_gradient(network: &Network, step: f64) -> GradientCheck {
    let analytic = gradient(network);
    let mut shifted = network.clone();
    let mut forward = ForwardTrace::for_network(network);
    let mut parameters = Vec::with_capacity(network.parameter_count());

    for (layer, layer_gradient) in analytic.layers.iter().enumerate() {
        let (fan_in, units) = (layer_gradient.dl_dw.rows(), layer_gradient.dl_dw.cols());

        for from in 0..fan_in {
            for to in 0..units {
                let parameter = Parameter::Weight { layer, from, to };
                let numeric = central_difference(&mut shifted, &mut forward, parameter, step);
                parameters.push(compare(
                    parameter,
                    layer_gradient.dl_dw.get(from, to),
                    numeric,
                ));
            }
        }

        for unit in 0..units {
            let parameter = Parameter::Bias { layer, unit };
            let numeric = central_difference(&mut shifted, &mut forward, parameter, step);
            parameters.push(compare(parameter, layer_gradient.dl_db[unit], numeric));
        }
    }

    GradientCheck { step, parameters }
}

/// (L(theta + h) - L(theta - h)) / 2h, leaving theta as it was.
fn central_difference(
    network: &mut Network,
    forward: &mut ForwardTrace,
    parameter: Parameter,
    step: f64,
) -> f64 {
    let original = parameter_value(network, parameter);

    set_parameter(network, parameter, original + step);
    let loss_plus = mean_loss(network, forward);
    set_parameter(network, parameter, original - step);
    let loss_minus = mean_loss(network, forward);
    set_parameter(network, parameter, original);

    (loss_plus - loss_minus) / (2.0 * step)
}

fn parameter_value(network: &Network, parameter: Parameter) -> f64 {
    match parameter {
        Parameter::Weight { layer, from, to } => network.layers[layer].weights.get(from, to),
        Parameter::Bias { layer, unit } => network.layers[layer].biases[unit],
    }
}

fn set_parameter(network: &mut Network, parameter: Parameter, value: f64) {
    match parameter {
        Parameter::Weight { layer, from, to } => network.layers[layer].weights.set(from, to, value),
        Parameter::Bias { layer, unit } => network.layers[layer].biases[unit] = value,
    }
}

fn compare(parameter: Parameter, analytic: f64, numeric: f64) -> ParameterCheck {
    let abs_error = (analytic - numeric).abs();
    let scale = analytic.abs().max(numeric.abs());
    let rel_error = if scale == 0.0 { 0.0 } else { abs_error / scale };
    ParameterCheck {
        parameter,
        analytic,
        numeric,
        abs_error,
        rel_error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::presets::preset;

    #[test]
    fn order_matches_gradient_vector() {
        let network = preset("2-3-1").unwrap();
        let check = check_gradient(&network, DEFAULT_STEP);
        let analytic: Vec<f64> = check.parameters.iter().map(|c| c.analytic).collect();

        assert_eq!(analytic, gradient(&network).to_vector());
        assert_eq!(check.parameters.len(), 13);
    }

    #[test]
    fn mazur_gradient_agrees() {
        let network = preset("mazur-2-2-2").unwrap();
        let check = check_gradient(&network, DEFAULT_STEP);

        assert!(
            check.max_rel_error() < 1e-7,
            "max relative error {}",
            check.max_rel_error()
        );
    }

    #[test]
    fn wrong_derivative_disagrees() {
        let network = preset("single-neuron").unwrap();
        let mut check = check_gradient(&network, DEFAULT_STEP);
        let second = check.parameters[1];
        check.parameters[1] = compare(second.parameter, second.analytic * 1.01, second.numeric);

        let failure = check.first_disagreement(1e-6, 1e-9);
        assert_eq!(
            failure.map(|c| c.parameter),
            Some(Parameter::Weight {
                layer: 0,
                from: 1,
                to: 0
            })
        );
    }
}
