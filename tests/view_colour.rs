use backprop_lab::view::colour::{nice_ceiling, DivergingScale, Rgb, Sign, DARK, LIGHT};

#[test]
fn nice_ceiling_rounds_up_to_round_numbers() {
    assert_eq!(nice_ceiling(0.04731), 0.05);
    assert_eq!(nice_ceiling(0.3), 0.5);
    assert_eq!(nice_ceiling(1.0), 1.0);
    assert_eq!(nice_ceiling(1.7), 2.0);
    assert_eq!(nice_ceiling(2.2), 2.5);
    assert_eq!(nice_ceiling(7.0), 10.0);
    assert!((nice_ceiling(0.000123) - 0.0002).abs() < 1e-15);
}

#[test]
fn scale_covers_largest_magnitude() {
    let scale = DivergingScale::covering([0.01, -0.0822, 0.03]);
    assert_eq!(scale.range(), 0.1);
    assert_eq!(scale.ticks(), [-0.1, -0.05, 0.0, 0.05, 0.1]);
}

#[test]
fn scale_ignores_non_finite_values() {
    let scale = DivergingScale::covering([f64::NAN, 0.2, f64::INFINITY]);
    assert_eq!(scale.range(), 0.2);
    assert_eq!(scale.position(f64::NAN), 0.0);
}

#[test]
fn scale_of_zeros_has_unit_range() {
    assert_eq!(DivergingScale::covering([0.0, 0.0]).range(), 1.0);
    assert_eq!(DivergingScale::covering(std::iter::empty()).range(), 1.0);
}

#[test]
fn scale_is_symmetric_around_zero() {
    let scale = DivergingScale::with_range(2.0);
    assert_eq!(scale.colour(0.0, &LIGHT), LIGHT.neutral);
    assert_eq!(scale.colour(2.0, &LIGHT), LIGHT.positive);
    assert_eq!(scale.colour(-2.0, &LIGHT), LIGHT.negative);
    assert_eq!(scale.colour(-5.0, &DARK), DARK.negative);
    assert_eq!(scale.position(1.0), -scale.position(-1.0));
}

#[test]
fn colour_moves_away_from_neutral_with_magnitude() {
    let scale = DivergingScale::with_range(1.0);
    let distance = |c: Rgb| {
        let n = LIGHT.neutral;
        (i32::from(c.0) - i32::from(n.0)).abs()
            + (i32::from(c.1) - i32::from(n.1)).abs()
            + (i32::from(c.2) - i32::from(n.2)).abs()
    };
    let small = distance(scale.colour(0.2, &LIGHT));
    let large = distance(scale.colour(0.8, &LIGHT));
    assert!(small < large, "0.2 is {small} from neutral, 0.8 is {large}");
}

#[test]
fn rgb_displays_as_hex() {
    assert_eq!(Rgb(0, 114, 178).to_string(), "#0072b2");
}

#[test]
fn sign_classes() {
    assert_eq!(Sign::of(-0.1), Sign::Negative);
    assert_eq!(Sign::of(0.0), Sign::Zero);
    assert_eq!(Sign::of(3.0).class(), "positive");
}

#[test]
fn small_values_stay_visible() {
    let scale = DivergingScale::with_range(0.25);
    assert!((scale.strength(-0.0125) - 0.05f64.sqrt()).abs() < 1e-12);
    assert_eq!(scale.strength(0.25), 1.0);
    assert_eq!(scale.strength(0.0), 0.0);
    assert_ne!(scale.colour(-0.0125, &LIGHT), LIGHT.neutral);
}
