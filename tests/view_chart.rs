use backprop_lab::view::chart::chart_model;

#[test]
fn chart_numbers_iterations_from_one() {
    let model = chart_model(&[0.3, 0.2, 0.1], false);
    assert_eq!(model.points, vec![(1.0, 0.3), (2.0, 0.2), (3.0, 0.1)]);
    assert_eq!(model.current, Some((3.0, 0.1)));
    assert_eq!(
        model.x_range,
        (1.0, 10.0),
        "the x axis spans at least 10 iterations"
    );
}

#[test]
fn linear_chart_starts_at_zero() {
    let model = chart_model(&[0.3, 0.2], false);
    assert_eq!(model.y_range.0, 0.0);
    assert!(model.y_range.1 > 0.3);
}

#[test]
fn log_chart_leaves_out_zero_loss() {
    let model = chart_model(&[0.3, 0.0, 0.1], true);
    assert_eq!(model.points, vec![(1.0, 0.3), (3.0, 0.1)]);
    assert!(model.y_range.0 > 0.0, "a log axis starts above 0");
    assert!(model.y_range.0 < 0.1);
    assert!(model.y_range.1 > 0.3);
}

#[test]
fn log_chart_spans_a_decade() {
    let model = chart_model(&[0.2, 0.2], true);
    let (low, high) = model.y_range;
    assert!(high / low >= 10.0 - 1e-9, "{low}..{high}");
}

#[test]
fn empty_chart_has_axes() {
    let model = chart_model(&[], false);
    assert!(model.points.is_empty());
    assert_eq!(model.current, None);
    assert_eq!(model.y_range, (0.0, 1.0));
}

#[test]
fn diverged_log_chart_has_several_labels() {
    let model = chart_model(&[0.17, 3.0e150, 1.7e308], true);
    let (low, high) = model.y_range;
    assert!(high.is_finite(), "the axis ends at {high}");
    assert!(model.y_ticks.len() >= 3, "{:?}", model.y_ticks);
    assert!(model.y_ticks.len() <= 6, "{:?}", model.y_ticks);
    for tick in &model.y_ticks {
        assert!(
            *tick >= low && *tick <= high,
            "{tick} outside {low}..{high}"
        );
    }
}

#[test]
fn one_decade_log_chart_has_three_labels() {
    let model = chart_model(&[0.2, 0.2], true);
    assert!(model.y_ticks.len() >= 3, "{:?}", model.y_ticks);
}

#[test]
fn linear_chart_leaves_ticks_to_library() {
    assert!(chart_model(&[0.3, 0.2], false).y_ticks.is_empty());
}
