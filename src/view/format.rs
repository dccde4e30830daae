//! Number formatting for the drawing, the legend and the messages.
//!
//! Numbers on screen use the Unicode minus sign (U+2212) and at most
//! [`SIGNIFICANT_DIGITS`] significant digits. Values too small or too large
//! for that are written in scientific notation (1.234×10⁻⁵). A value that is
//! not finite is never written as "NaN": it shows as [`NOT_FINITE`].

use crate::walkthrough;

/// Significant digits of every number on screen, the same as in formulas.
pub const SIGNIFICANT_DIGITS: usize = walkthrough::format::SIGNIFICANT_DIGITS;

/// The text shown for a value that has not been computed yet.
pub const NOT_COMPUTED: &str = "?";

/// The text shown in place of a non-finite value.
pub const NOT_FINITE: &str = "—";

const MINUS: char = '\u{2212}';

/// Formats `value` with up to four significant digits, trailing zeros
/// removed: 0.5933, 0.01, −0.08217, 1.234×10⁻⁵.
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return NOT_FINITE.to_string();
    }
    // The same text as the formula and explanation show for this value.
    walkthrough::format::text(value)
}

/// Formats `value` like [`format_number`] with an explicit sign, so that the
/// sign of a partial derivative is readable without its colour: +0.01222.
/// Zero has no sign and stays "0".
pub fn format_signed(value: f64) -> String {
    let text = format_number(value);
    if value.is_finite() && value > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// Formats an optional value, showing [`NOT_COMPUTED`] for `None`.
pub fn format_optional(value: Option<f64>) -> String {
    value.map_or_else(|| NOT_COMPUTED.to_string(), format_number)
}

/// Parses a number as the page shows it, accepting the Unicode minus sign.
/// The end-to-end tests and the screen-reader texts rely on this being the
/// inverse of [`format_number`] up to rounding.
pub fn parse_shown_number(text: &str) -> Option<f64> {
    let text = text.trim().replace(MINUS, "-");
    if let Some((mantissa, exponent)) = text.split_once("×10") {
        let exponent: String = exponent
            .chars()
            .map(from_superscript)
            .collect::<Option<String>>()?;
        let mantissa: f64 = mantissa.parse().ok()?;
        let exponent: i32 = exponent.parse().ok()?;
        return Some(mantissa * 10f64.powi(exponent));
    }
    text.parse().ok()
}

fn from_superscript(c: char) -> Option<char> {
    let plain = match c {
        '⁻' => '-',
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        _ => return None,
    };
    Some(plain)
}
