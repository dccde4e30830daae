use backprop_lab::core::presets::preset;
use backprop_lab::view::Frame;
use backprop_lab::walkthrough::{Granularity, Walkthrough};

fn lesson(name: &str) -> Walkthrough {
    Walkthrough::new(preset(name).expect("preset builds"))
}

#[test]
fn frame_at_start_knows_only_inputs() {
    let walkthrough = lesson("2-3-1");
    let frame = Frame::from_walkthrough(&walkthrough.snapshot(), None);
    assert_eq!(frame.layer_sizes, vec![2, 3, 1]);
    assert!(frame.a[0].iter().all(Option::is_some));
    assert!(frame.a[1].iter().all(Option::is_none));
    assert_eq!(frame.z[0].len(), 2, "layer 0's row is padded to its units");
    assert_eq!(frame.known_gradients().count(), 0);
    assert!(frame.highlight.is_empty());
}

#[test]
fn frame_follows_term_steps() {
    let mut walkthrough = lesson("2-3-1");
    let terms = walkthrough.term_count();
    let mut known_before = 0;
    for index in 0..terms {
        let step = walkthrough.next_step().expect("step");
        let frame = Frame::from_walkthrough(&walkthrough.snapshot(), Some(&step));
        assert!(
            !frame.highlight.is_empty(),
            "term {index} ({}) highlights nothing",
            step.symbol
        );
        let known = frame.known_gradients().count();
        assert!(
            known >= known_before || step.quantity == backprop_lab::walkthrough::Quantity::Update
        );
        known_before = known;
        if step.symbol == "dL/db_3^(1)" {
            // The last term of the backward pass: 9 weights and 4 biases.
            assert!(walkthrough.snapshot().gradient.is_some());
            assert_eq!(known, 13);
        }
    }
    let frame =
        Frame::from_walkthrough(&walkthrough.snapshot(), walkthrough.current_step().as_ref());
    assert_eq!(frame.known_gradients().count(), 13);
}

#[test]
fn frame_highlights_every_term_of_unit_step() {
    let mut walkthrough = lesson("2-3-1");
    walkthrough.set_granularity(Granularity::Unit);
    let step = walkthrough.next_step().expect("first unit");
    let frame = Frame::from_walkthrough(&walkthrough.snapshot(), Some(&step));
    assert_eq!(frame.highlight.units, vec![(1, 0)]);
    // z_1^(1) depends on both inputs, both weights into the unit and its bias.
    assert!(frame.depends_on.units.contains(&(0, 0)));
    assert!(frame.depends_on.units.contains(&(0, 1)));
    assert!(frame.depends_on.edges.contains(&(1, 0, 0)));
    assert!(frame.depends_on.biases.contains(&(1, 0)));
    assert!(
        !frame.depends_on.units.contains(&(1, 0)),
        "the unit itself is highlighted, not a dependency"
    );
}

#[test]
fn frame_shows_averaged_gradient_with_several_samples() {
    let mut walkthrough = lesson("xor");
    walkthrough.set_granularity(Granularity::Iteration);
    walkthrough.next_step().expect("one iteration");
    let snapshot = walkthrough.snapshot();
    let frame = Frame::from_walkthrough(&snapshot, walkthrough.current_step().as_ref());
    let averaged = snapshot
        .gradient
        .expect("gradient known after the iteration");
    assert_eq!(frame.dl_dw[1][0][0], Some(averaged.layers[1].weights[0][0]));
    assert_eq!(frame.dl_db[0][2], Some(averaged.layers[0].biases[2]));
}

#[test]
fn iteration_step_marks_only_update() {
    let mut walkthrough = lesson("2-3-1");
    walkthrough.set_granularity(Granularity::Iteration);
    let step = walkthrough.next_step().expect("one iteration");
    let frame = Frame::from_walkthrough(&walkthrough.snapshot(), Some(&step));
    assert!(
        frame.highlight.units.is_empty(),
        "the update changes parameters, not units"
    );
    assert_eq!(frame.highlight.edges.len(), 9);
    assert_eq!(frame.highlight.biases.len(), 4);
}
