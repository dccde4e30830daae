use backprop_lab::view::text::{
    loss_summary, parse_learning_rate, position_text, speed_text, Place,
};

#[test]
fn learning_rate_accepts_positive_numbers() {
    assert_eq!(parse_learning_rate("0.5"), Ok(0.5));
    assert_eq!(parse_learning_rate(" 2 "), Ok(2.0));
    assert_eq!(parse_learning_rate("0,25"), Ok(0.25));
    assert_eq!(parse_learning_rate("1e-3"), Ok(0.001));
}

#[test]
fn learning_rate_rejects_invalid_text() {
    let message = parse_learning_rate("fast").unwrap_err();
    assert!(message.contains("“fast” is not a number"), "{message}");
    assert!(message.contains("such as 0.5"), "{message}");

    let message = parse_learning_rate("").unwrap_err();
    assert!(message.contains("empty"), "{message}");

    let message = parse_learning_rate("inf").unwrap_err();
    assert!(message.contains("not finite"), "{message}");

    let message = parse_learning_rate("NaN").unwrap_err();
    assert!(message.contains("“NaN”"), "{message}");
}

#[test]
fn learning_rate_rejects_zero_and_negatives() {
    let message = parse_learning_rate("0").unwrap_err();
    assert!(message.contains("greater than 0, but it is 0"), "{message}");
    let message = parse_learning_rate("\u{2212}1.5").unwrap_err();
    assert!(message.contains("but it is \u{2212}1.5"), "{message}");
}

#[test]
fn position_names_term_and_phase() {
    let start = Place {
        iteration: 0,
        term: 0,
        term_count: 35,
        phase: "start",
        sample: None,
        sample_count: 1,
    };
    assert_eq!(
        position_text(&start),
        "Iteration 1 · not started · 35 terms per iteration"
    );
    let backward = Place {
        iteration: 2,
        term: 20,
        term_count: 35,
        phase: "backward",
        sample: Some(0),
        sample_count: 1,
    };
    assert_eq!(
        position_text(&backward),
        "Iteration 3 · term 20 of 35 · backward pass"
    );
}

#[test]
fn position_names_sample_of_several() {
    let forward = Place {
        iteration: 0,
        term: 9,
        term_count: 138,
        phase: "forward",
        sample: Some(1),
        sample_count: 4,
    };
    assert_eq!(
        position_text(&forward),
        "Iteration 1 · term 9 of 138 · forward pass · sample 2 of 4"
    );
    let update = Place {
        iteration: 0,
        term: 138,
        term_count: 138,
        phase: "update",
        sample: None,
        sample_count: 4,
    };
    assert_eq!(
        position_text(&update),
        "Iteration 1 · term 138 of 138 · update"
    );
}

#[test]
fn loss_summary_counts_and_direction() {
    assert_eq!(
        loss_summary(&[]),
        "No iterations yet. Run one to plot its loss."
    );
    assert_eq!(loss_summary(&[0.5]), "1 iteration: loss 0.5 (marked).");
    assert_eq!(
        loss_summary(&[0.5, 0.2]),
        "2 iterations: the loss fell from 0.5 to 0.2 (the last point is marked)."
    );
    assert!(loss_summary(&[0.2, 0.5]).contains("rose"));
}

#[test]
fn speed_text_uses_singular_for_one() {
    assert_eq!(speed_text(1.0), "1 iteration per second");
    assert_eq!(speed_text(5.0), "5 iterations per second");
}

#[test]
fn speed_label_names_unit() {
    assert_eq!(backprop_lab::view::text::speed_label(5.0), "5 iterations/s");
    assert_eq!(backprop_lab::view::text::speed_label(1.0), "1 iteration/s");
}
