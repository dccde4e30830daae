//! The diverging colour scale of partial derivatives (and, on request, of the
//! parameters themselves).
//!
//! The scale is symmetric around 0: negative values run from a neutral grey
//! to blue, positive values from the same grey to orange, and the colour's
//! strength is sqrt(|value| / range). The square root keeps a derivative
//! of a twentieth of the range visibly tinted, and the legend's colour bar
//! goes through the same mapping, so it still reads correctly. Blue and orange come from the Okabe-Ito
//! palette, whose colours stay distinct under the common forms of colour
//! blindness. The range is the largest |value| shown, rounded up to a round
//! number, so the legend's end points read as 0.05 or 2 rather than 0.04731.

use std::fmt;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl Rgb {
    /// Mixes the colour a fraction `t` (0..=1) of the way from `self` to `other`.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let channel =
            |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(
            channel(self.0, other.0),
            channel(self.1, other.1),
            channel(self.2, other.2),
        )
    }
}

/// The three anchor colours of the scale for one colour scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub negative: Rgb,
    pub neutral: Rgb,
    pub positive: Rgb,
}

/// Anchors for a light background: Okabe-Ito blue and vermillion.
pub const LIGHT: Palette = Palette {
    negative: Rgb(0x00, 0x72, 0xb2),
    neutral: Rgb(0xc4, 0xc4, 0xc4),
    positive: Rgb(0xd5, 0x5e, 0x00),
};

/// Anchors for a dark background: Okabe-Ito sky blue and orange, which keep
/// their contrast on a near-black page.
pub const DARK: Palette = Palette {
    negative: Rgb(0x56, 0xb4, 0xe9),
    neutral: Rgb(0x5a, 0x62, 0x6c),
    positive: Rgb(0xe6, 0x9f, 0x00),
};

/// The sign of a value, drawn without colour too: a dash pattern on edges
/// and a + or − in the labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    Negative,
    Zero,
    Positive,
}

impl Sign {
    pub fn of(value: f64) -> Sign {
        if value > 0.0 {
            Sign::Positive
        } else if value < 0.0 {
            Sign::Negative
        } else {
            Sign::Zero
        }
    }

    /// Returns the class name that the SVG and the style sheet use.
    pub fn class(self) -> &'static str {
        match self {
            Sign::Negative => "negative",
            Sign::Zero => "zero",
            Sign::Positive => "positive",
        }
    }
}

/// A symmetric scale from −range to +range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DivergingScale {
    range: f64,
}

impl DivergingScale {
    /// Builds the scale whose range is `range` rounded up to a round number.
    /// A range that is zero, negative or not finite becomes 1.
    pub fn with_range(range: f64) -> DivergingScale {
        let range = if range.is_finite() && range > 0.0 {
            nice_ceiling(range)
        } else {
            1.0
        };
        DivergingScale { range }
    }

    /// Builds the scale that covers every finite value of `values`.
    pub fn covering(values: impl IntoIterator<Item = f64>) -> DivergingScale {
        let largest = values
            .into_iter()
            .filter(|v| v.is_finite())
            .fold(0.0, |m: f64, v| m.max(v.abs()));
        DivergingScale::with_range(largest)
    }

    pub fn range(&self) -> f64 {
        self.range
    }

    /// Maps `value` to its position on the scale, from −1 to 1. Values
    /// outside the range are clamped and non-finite values map to 0.
    pub fn position(&self, value: f64) -> f64 {
        if value.is_finite() {
            (value / self.range).clamp(-1.0, 1.0)
        } else {
            0.0
        }
    }

    /// Picks the colour of `value` in `palette`.
    pub fn colour(&self, value: f64, palette: &Palette) -> Rgb {
        let position = self.position(value);
        let strength = self.strength(value);
        if position < 0.0 {
            palette.neutral.mix(palette.negative, strength)
        } else {
            palette.neutral.mix(palette.positive, strength)
        }
    }

    /// Computes how strongly `value` is drawn, from 0 to 1: the square root
    /// of its distance from 0 on the scale.
    pub fn strength(&self, value: f64) -> f64 {
        self.position(value).abs().sqrt()
    }

    /// Returns the legend's tick values: −range, −range/2, 0, range/2, range.
    pub fn ticks(&self) -> [f64; 5] {
        let r = self.range;
        [-r, -r / 2.0, 0.0, r / 2.0, r]
    }
}

/// Rounds `value` (> 0) up to the smallest number of the form
/// {1, 2, 2.5, 5} × 10^n.
pub fn nice_ceiling(value: f64) -> f64 {
    let power = 10f64.powf(value.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let candidate = step * power;
        // The tolerance keeps 0.3 from rounding up to 0.5 when log10 and
        // powf lose a bit.
        if candidate >= value * (1.0 - 1e-12) {
            return candidate;
        }
    }
    10.0 * power
}
