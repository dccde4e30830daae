//! Estimated widths of the drawing's text, so that boxes can be sized to
//! their longest possible text before the browser lays anything out.
//!
//! The advances are those of DejaVu Sans, which `system-ui` resolves to on
//! Debian 12, as measured with a canvas in Chromium 156 at 100 px. A
//! character not in the table counts as 0.84 em, as wide as the widest
//! listed one except the dash.
//!
//! NOTE: only DejaVu Sans was measured. A narrower system font leaves room
//! in the boxes; a wider one could run past them by a few pixels.

/// Font sizes of the drawing in CSS pixels. They must match www/style.css:
/// `#network text`, `#network .label text`, `#network .sub, .sup` and their
/// `#network.vertical` variants.
pub const UNIT_TEXT_SIZE: f64 = 12.0;
pub const LABEL_TEXT_SIZE: f64 = 11.0;
pub const INDEX_TEXT_SIZE: f64 = 9.0;
pub const NARROW_TEXT_SIZE: f64 = 10.0;
pub const NARROW_INDEX_TEXT_SIZE: f64 = 8.0;

/// The widest texts the number formatter writes with a two-digit exponent:
/// four significant digits in scientific notation, and the longest
/// fixed-point form. Lines with three-digit exponents (beyond 10⁹⁹) are
/// compressed to fit instead.
pub const WIDEST_NUMBERS: [&str; 2] = ["−1.234×10⁻¹⁵", "−0.0001234"];

/// Returns the advance of `c` in em.
pub fn advance_em(c: char) -> f64 {
    match c {
        '0'..='9' | 'b' | 'd' | 'g' | 'h' | 'n' | 'p' | 'q' | 'u' => 0.64,
        '.' | ',' | ' ' => 0.32,
        '−' | '+' | '=' | '×' => 0.84,
        '⁻' => 0.53,
        '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' => 0.4,
        '(' | ')' => 0.39,
        '/' | 'f' => 0.35,
        'w' => 0.82,
        'm' => 0.97,
        'a' | 'o' | 'δ' | 'e' => 0.62,
        'x' | 'y' | 'v' | 'k' => 0.59,
        'z' | '∂' | 's' => 0.52,
        'c' => 0.55,
        'L' => 0.56,
        '?' => 0.53,
        'r' => 0.41,
        't' => 0.39,
        'i' | 'j' | 'l' => 0.28,
        '—' => 1.0,
        _ => 0.84,
    }
}

/// Estimates the width of `text` at `size` CSS pixels.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(advance_em).sum::<f64>() * size
}

/// The font sizes of one line of the drawing: its text and the smaller
/// subscripts and superscripts of its symbol.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fonts {
    pub text: f64,
    pub index: f64,
}

impl Fonts {
    /// Estimates the width of `base_subscript^superscript rest`, as
    /// `svg::symbol_markup` writes the symbol followed by `rest`.
    pub fn line_width(&self, base: &str, subscript: &str, superscript: &str, rest: &str) -> f64 {
        text_width(base, self.text)
            + text_width(subscript, self.index)
            + text_width(superscript, self.index)
            + text_width(rest, self.text)
    }
}

/// Returns the width of `" = {number}"` for the widest of
/// [`WIDEST_NUMBERS`], in em. A sign of either kind has the same advance.
pub fn widest_value_em() -> f64 {
    WIDEST_NUMBERS
        .iter()
        .map(|number| text_width(&format!(" = {number}"), 1.0))
        .fold(0.0, f64::max)
}

/// Returns the factor by which a line `needed` pixels wide must be
/// compressed to fit `available` pixels: 1 when it fits.
pub fn compression(needed: f64, available: f64) -> f64 {
    if needed <= available || needed <= 0.0 {
        1.0
    } else {
        (available / needed).max(0.0)
    }
}
