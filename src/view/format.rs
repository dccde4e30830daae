//! Number formatting for the drawing, the legend and the messages.
//!
//! Numbers on screen use the Unicode minus sign (U+2212) and at most
//! [`SIGNIFICANT_DIGITS`] significant digits. Values too small or too large
//! for that are written in scientific notation (1.234×10⁻⁵). A value that is
//! not finite is never written as "NaN": it shows as [`NOT_FINITE`].

/// Significant digits of every number on screen.
pub const SIGNIFICANT_DIGITS: i32 = 4;

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
    if value == 0.0 {
        return "0".to_string();
    }
    let magnitude = value.abs();
    let body = if (1e-4..1e5).contains(&magnitude) {
        fixed(magnitude)
    } else {
        scientific(magnitude)
    };
    if value < 0.0 {
        format!("{MINUS}{body}")
    } else {
        body
    }
}

/// Formats `value` like [`format_number`] with an explicit sign, so that the
/// sign of a partial derivative is readable without its colour: +0.01222.
pub fn format_signed(value: f64) -> String {
    let text = format_number(value);
    if value.is_finite() && value >= 0.0 {
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

fn fixed(magnitude: f64) -> String {
    let exponent = magnitude.log10().floor() as i32;
    let decimals = (SIGNIFICANT_DIGITS - 1 - exponent).max(0) as usize;
    trim_zeros(format!("{magnitude:.decimals$}"))
}

fn scientific(magnitude: f64) -> String {
    let mut exponent = magnitude.log10().floor() as i32;
    let mut mantissa = magnitude / 10f64.powi(exponent);
    // Rounding to four digits can carry into the next power: 9.99996 -> 10.
    let digits = (SIGNIFICANT_DIGITS - 1) as usize;
    if format!("{mantissa:.digits$}").starts_with("10") {
        exponent += 1;
        mantissa /= 10.0;
    }
    let mantissa = trim_zeros(format!("{mantissa:.digits$}"));
    let exponent: String = exponent.to_string().chars().map(to_superscript).collect();
    format!("{mantissa}×10{exponent}")
}

fn trim_zeros(text: String) -> String {
    if !text.contains('.') {
        return text;
    }
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn to_superscript(c: char) -> char {
    match c {
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
        '9' => '⁹',
        other => other,
    }
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
