//! Numbers in explanations and formulas.
//!
//! Both use at most [`SIGNIFICANT_DIGITS`] significant digits and the Unicode
//! minus sign (U+2212), like the numbers in the drawing. Magnitudes below
//! 1e-4 or from 1e5 up are written in scientific notation. The walkthrough
//! only formats finite numbers, because it rejects any update that would
//! make a value non-finite, but a non-finite value still formats as "∞",
//! "−∞" or "NaN" rather than failing.

/// Significant digits of every number in an explanation or a formula.
pub const SIGNIFICANT_DIGITS: usize = 4;

const MINUS: &str = "\u{2212}";

/// The parts of a formatted magnitude: the mantissa and, in scientific
/// notation, the power of ten.
struct Parts {
    negative: bool,
    mantissa: String,
    exponent: Option<i32>,
}

fn parts(value: f64) -> Parts {
    let negative = value < 0.0;
    let magnitude = value.abs();
    if magnitude == 0.0 {
        return Parts {
            negative: false,
            mantissa: "0".into(),
            exponent: None,
        };
    }
    if !magnitude.is_finite() {
        let mantissa = if value.is_nan() { "NaN" } else { "∞" };
        return Parts {
            negative,
            mantissa: mantissa.into(),
            exponent: None,
        };
    }

    if (1e-4..1e5).contains(&magnitude) {
        // Enough decimals for four significant digits, then the trailing
        // zeros removed: 0.5933, 12.5, 40.
        let leading = magnitude.log10().floor() as i32;
        let decimals = (SIGNIFICANT_DIGITS as i32 - 1 - leading).max(0) as usize;
        let fixed = format!("{magnitude:.decimals$}");
        return Parts {
            negative,
            mantissa: trim_zeros(&fixed),
            exponent: None,
        };
    }

    let scientific = format!("{:.*e}", SIGNIFICANT_DIGITS - 1, magnitude);
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    Parts {
        negative,
        mantissa: trim_zeros(mantissa),
        exponent: Some(exponent.parse().unwrap_or(0)),
    }
}

fn trim_zeros(fixed: &str) -> String {
    if fixed.contains('.') {
        fixed
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        fixed.to_string()
    }
}

/// Formats `value` as plain text: 0.5933, −0.08217, 1.234×10⁻⁵.
pub fn text(value: f64) -> String {
    let parts = parts(value);
    let sign = if parts.negative { MINUS } else { "" };
    match parts.exponent {
        None => format!("{sign}{}", parts.mantissa),
        Some(exponent) => format!("{sign}{}×10{}", parts.mantissa, superscript(exponent)),
    }
}

/// Formats `value` as plain text in parentheses when it is negative, so that
/// it can stand as a factor or a term: 0.5 · (−0.25).
pub fn text_operand(value: f64) -> String {
    if value < 0.0 {
        format!("({})", text(value))
    } else {
        text(value)
    }
}

fn superscript(exponent: i32) -> String {
    exponent
        .to_string()
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            _ => '⁹',
        })
        .collect()
}

/// Formats `value` as MathML: `<mn>0.5933</mn>`, a minus sign as `<mo>`, and
/// a power of ten as `<msup>`.
pub fn mathml(value: f64) -> String {
    let parts = parts(value);
    let mut body = format!("<mn>{}</mn>", parts.mantissa);
    if let Some(exponent) = parts.exponent {
        let power = if exponent < 0 {
            format!("<mrow><mo>{MINUS}</mo><mn>{}</mn></mrow>", -exponent)
        } else {
            format!("<mn>{exponent}</mn>")
        };
        body = format!("{body}<mo>×</mo><msup><mn>10</mn>{power}</msup>");
    }
    if parts.negative {
        format!("<mrow><mo>{MINUS}</mo>{body}</mrow>")
    } else if parts.exponent.is_some() {
        format!("<mrow>{body}</mrow>")
    } else {
        body
    }
}

/// Formats `value` as MathML in parentheses when it is negative.
pub fn mathml_operand(value: f64) -> String {
    if value < 0.0 {
        format!("<mrow><mo>(</mo>{}<mo>)</mo></mrow>", mathml(value))
    } else {
        mathml(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_four_significant_digits() {
        assert_eq!(text(0.593269992), "0.5933");
        assert_eq!(text(-0.0821678), "\u{2212}0.08217");
        assert_eq!(text(12.5), "12.5");
        assert_eq!(text(40.0), "40");
        assert_eq!(text(0.0), "0");
        assert_eq!(text(-0.0), "0");
    }

    #[test]
    fn text_scientific_outside_range() {
        assert_eq!(text(0.000012346), "1.235×10⁻⁵");
        assert_eq!(text(123456.0), "1.235×10⁵");
        assert_eq!(text(-2e-7), "\u{2212}2×10⁻⁷");
    }

    #[test]
    fn operand_parenthesised_when_negative() {
        assert_eq!(text_operand(-0.5), "(\u{2212}0.5)");
        assert_eq!(text_operand(0.5), "0.5");
        assert_eq!(
            mathml_operand(-0.5),
            "<mrow><mo>(</mo><mrow><mo>\u{2212}</mo><mn>0.5</mn></mrow><mo>)</mo></mrow>"
        );
    }

    #[test]
    fn mathml_power_of_ten() {
        assert_eq!(
            mathml(1.5e-6),
            "<mrow><mn>1.5</mn><mo>×</mo><msup><mn>10</mn><mrow><mo>\u{2212}</mo><mn>6</mn></mrow></msup></mrow>"
        );
    }

    #[test]
    fn non_finite_named() {
        assert_eq!(text(f64::INFINITY), "∞");
        assert_eq!(text(f64::NEG_INFINITY), "\u{2212}∞");
        assert_eq!(text(f64::NAN), "NaN");
    }
}
