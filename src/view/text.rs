//! The page's short texts: where the learner is, the loss summary and the
//! check of the learning rate typed into the page.

use super::format::format_number;

/// Parses the learning rate a learner typed, before it reaches the
/// walkthrough. An error message names the value and the fix.
pub fn parse_learning_rate(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(
            "The learning rate α is empty. Enter a positive number such as 0.5.".to_string(),
        );
    }
    // A decimal comma is a common way to write 0,5; accept it.
    let normalised = trimmed.replace(',', ".").replace('\u{2212}', "-");
    let value: f64 = match normalised.parse() {
        Ok(value) => value,
        Err(_) => {
            return Err(format!(
            "The learning rate α “{trimmed}” is not a number. Enter a positive number such as 0.5."
        ))
        }
    };
    if !value.is_finite() {
        return Err(format!(
            "The learning rate α “{trimmed}” is not finite. Enter a positive number such as 0.5."
        ));
    }
    if value <= 0.0 {
        return Err(format!(
            "The learning rate α must be greater than 0, but it is {}. Enter a positive number such as 0.5.",
            format_number(value)
        ));
    }
    Ok(value)
}

/// Returns the name of a phase as the page writes it.
pub fn phase_name(phase: &str) -> &'static str {
    match phase {
        "forward" => "forward pass",
        "loss" => "loss",
        "backward" => "backward pass",
        "average" => "averaging the gradient",
        "update" => "update",
        _ => "start",
    }
}

/// The learner's position in the walkthrough.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place<'a> {
    /// The 0-based iteration.
    pub iteration: usize,
    /// The terms of the iteration taken so far.
    pub term: usize,
    pub term_count: usize,
    /// The phase of the last step, as the JavaScript API names it.
    pub phase: &'a str,
    /// The 0-based sample of the last step, if it belongs to one.
    pub sample: Option<usize>,
    pub sample_count: usize,
}

/// Describes where the learner is: "Iteration 1 · term 5 of 43 · forward
/// pass", with "sample 2 of 4" when the lesson has several samples.
pub fn position_text(place: &Place) -> String {
    let Place {
        iteration,
        term,
        term_count,
        phase,
        sample,
        sample_count,
    } = *place;
    if term == 0 && iteration == 0 {
        return format!("Iteration 1 · not started · {term_count} terms per iteration");
    }
    let mut text = format!(
        "Iteration {} · term {term} of {term_count} · {}",
        iteration + 1,
        phase_name(phase)
    );
    if let (Some(sample), true) = (sample, sample_count > 1) {
        text.push_str(&format!(" · sample {} of {sample_count}", sample + 1));
    }
    text
}

/// Describes the loss chart in one sentence for screen readers and tests:
/// how many iterations, and the first and last loss.
pub fn loss_summary(history: &[f64]) -> String {
    match history {
        [] => "No iterations yet. Run one to plot its loss.".to_string(),
        [only] => format!("1 iteration: loss {} (marked).", format_number(*only)),
        [first, .., last] => {
            let direction = if last < first {
                "fell"
            } else if last > first {
                "rose"
            } else {
                "stayed"
            };
            format!(
                "{} iterations: the loss {direction} from {} to {} (the last point is marked).",
                history.len(),
                format_number(*first),
                format_number(*last)
            )
        }
    }
}

/// Writes the text of the speed control: "5 iterations per second".
pub fn speed_text(iterations_per_second: f64) -> String {
    let n = format_number(iterations_per_second);
    if iterations_per_second == 1.0 {
        format!("{n} iteration per second")
    } else {
        format!("{n} iterations per second")
    }
}

/// Writes the short label beside the speed control: "5 iterations/s".
pub fn speed_label(iterations_per_second: f64) -> String {
    let n = format_number(iterations_per_second);
    if iterations_per_second == 1.0 {
        format!("{n} iteration/s")
    } else {
        format!("{n} iterations/s")
    }
}
