use backprop_lab::view::format::{
    format_number, format_optional, format_signed, parse_shown_number, NOT_COMPUTED, NOT_FINITE,
};

#[test]
fn format_number_keeps_four_significant_digits() {
    assert_eq!(format_number(0.593269992), "0.5933");
    assert_eq!(format_number(0.01), "0.01");
    assert_eq!(format_number(0.35), "0.35");
    assert_eq!(format_number(1234.567), "1235");
    assert_eq!(format_number(12.0), "12");
}

#[test]
fn format_number_uses_unicode_minus() {
    assert_eq!(format_number(-0.082167041), "\u{2212}0.08217");
}

#[test]
fn format_number_switches_to_scientific() {
    assert_eq!(format_number(0.0000123456), "1.235×10⁻⁵");
    assert_eq!(format_number(-123456.0), "\u{2212}1.235×10⁵");
    assert_eq!(format_number(9.99996e-5), "1×10⁻⁴");
}

#[test]
fn format_number_never_shows_nan() {
    assert_eq!(format_number(f64::NAN), NOT_FINITE);
    assert_eq!(format_number(f64::INFINITY), NOT_FINITE);
    assert_eq!(format_number(f64::NEG_INFINITY), NOT_FINITE);
}

#[test]
fn format_signed_marks_positive_values() {
    assert_eq!(format_signed(0.0122), "+0.0122");
    assert_eq!(format_signed(-0.0122), "\u{2212}0.0122");
    assert_eq!(format_signed(0.0), "0", "zero has no sign");
    assert_eq!(format_signed(f64::NAN), NOT_FINITE);
}

#[test]
fn format_optional_marks_unknown_values() {
    assert_eq!(format_optional(None), NOT_COMPUTED);
    assert_eq!(format_optional(Some(0.5)), "0.5");
}

#[test]
fn parse_shown_number_inverts_formatting() {
    for value in [0.593269992, -0.082167041, 1.0e-7, -3.25e6, 42.0, 0.0] {
        let shown = format_number(value);
        let parsed = parse_shown_number(&shown).unwrap_or_else(|| panic!("{shown} does not parse"));
        let tolerance = value.abs() * 5e-4;
        assert!(
            (parsed - value).abs() <= tolerance,
            "{shown} parsed as {parsed}, expected {value}"
        );
    }
}
