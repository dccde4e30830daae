use backprop_lab::core::presets::{preset, PRESET_NAMES};
use backprop_lab::core::{backward, forward, Network};
use backprop_lab::view::svg::{
    describe_marks, legend_markup, network_markup, scale_for, Colouring,
};
use backprop_lab::view::{layout, Frame, Marks};

fn lesson(name: &str) -> Network {
    preset(name).unwrap_or_else(|e| panic!("preset {name}: {e}"))
}

fn computed_frame(network: &Network) -> Frame {
    let sample = &network.samples[0];
    let forward_trace = forward(network, &sample.x);
    let backward_trace = backward(network, &forward_trace, &sample.y);
    Frame::from_traces(network, &forward_trace, &backward_trace, &sample.y)
}

/// Builds the frame of the lesson's first sample before the forward pass.
fn initial_frame(network: &Network) -> Frame {
    let sample = &network.samples[0];
    Frame::before_forward(network, &sample.x, &sample.y)
}

/// Draws `frame` in a container `width` CSS pixels wide.
fn draw(frame: &Frame, width: f64, colouring: Colouring) -> String {
    network_markup(frame, &layout(&frame.layer_sizes, width), colouring)
}

fn count(markup: &str, needle: &str) -> usize {
    markup.matches(needle).count()
}

#[test]
fn markup_draws_every_unit_edge_and_bias() {
    let network = lesson("2-3-1");
    let frame = computed_frame(&network);
    let markup = draw(&frame, 1000.0, Colouring::Gradients);
    assert_eq!(count(&markup, r#"data-kind="unit""#), 6);
    assert_eq!(count(&markup, r#"data-kind="edge""#), 9);
    assert_eq!(count(&markup, r#"data-kind="edge-label""#), 9);
    assert_eq!(count(&markup, r#"data-kind="bias""#), 4);
}

#[test]
fn markup_colours_all_thirteen_derivatives() {
    let network = lesson("2-3-1");
    let frame = computed_frame(&network);
    for width in [340.0, 1000.0] {
        let markup = draw(&frame, width, Colouring::Gradients);
        assert_eq!(
            count(&markup, r#"<g class="edge coloured"#),
            9,
            "edges at {width}"
        );
        assert_eq!(
            count(&markup, r#"<g class="bias coloured"#),
            4,
            "biases at {width}"
        );
        assert_eq!(
            count(&markup, "data-gradient="),
            13,
            "gradient values at {width}"
        );
    }
}

#[test]
fn markup_leaves_unknown_derivatives_grey() {
    let network = lesson("2-3-1");
    let frame = initial_frame(&network);
    let markup = draw(&frame, 1000.0, Colouring::Gradients);
    assert_eq!(count(&markup, " coloured"), 0);
    assert_eq!(count(&markup, "data-gradient="), 0);
    assert_eq!(
        count(&markup, "∂L/∂w = <tspan class=\"value\">?</tspan>"),
        9
    );
}

#[test]
fn parameter_colouring_colours_before_backward_pass() {
    let network = lesson("2-3-1");
    let frame = initial_frame(&network);
    let markup = draw(&frame, 1000.0, Colouring::Parameters);
    assert_eq!(count(&markup, r#"<g class="edge coloured"#), 9);
    assert_eq!(count(&markup, r#"<g class="bias coloured"#), 4);
}

#[test]
fn sign_shown_without_colour() {
    let network = lesson("2-3-1");
    let frame = computed_frame(&network);
    let markup = draw(&frame, 1000.0, Colouring::Gradients);
    let negative = frame.known_gradients().filter(|g| *g < 0.0).count();
    let positive = frame.known_gradients().filter(|g| *g > 0.0).count();
    assert_eq!(negative + positive, 13, "the lesson has no zero derivative");
    // Edges and biases carry their sign as a class that sets the dash
    // pattern; the labels write it out.
    assert_eq!(
        count(&markup, " coloured negative\" data-kind=\"edge\"")
            + count(&markup, " coloured negative\" data-kind=\"bias\""),
        negative
    );
    assert_eq!(count(&markup, "<tspan class=\"value\">+"), positive);
}

#[test]
fn markup_marks_current_and_dependencies() {
    let network = lesson("2-3-1");
    let mut frame = computed_frame(&network);
    frame.highlight = Marks {
        edges: vec![(2, 1, 0)],
        ..Marks::default()
    };
    frame.depends_on = Marks {
        units: vec![(1, 1), (2, 0)],
        ..Marks::default()
    };
    let markup = draw(&frame, 1000.0, Colouring::Gradients);
    assert!(
        markup.contains(r#"current" data-kind="edge" data-layer="2" data-from="1" data-to="0""#)
    );
    assert!(markup
        .contains(r#"<g class="unit dependency" data-kind="unit" data-layer="1" data-unit="1""#));
    assert!(markup
        .contains(r#"<g class="unit dependency" data-kind="unit" data-layer="2" data-unit="0""#));
    assert_eq!(count(&markup, " current\""), 2, "the edge and its label");
}

#[test]
fn markup_shows_values_in_notation() {
    let network = lesson("mazur-2-2-2");
    let frame = computed_frame(&network);
    let markup = draw(&frame, 1000.0, Colouring::Gradients);
    // Mazur's hidden unit 1: z = 0.3775, a = 0.593269992.
    assert!(markup.contains("data-z=\"0.3775"));
    assert!(markup.contains("<tspan class=\"value\">0.5933</tspan>"));
    assert!(markup.contains(r#"w<tspan class="sub" baseline-shift="sub">1,1</tspan><tspan class="sup" baseline-shift="super">(2)</tspan>"#));
    assert!(markup.contains("<title>w_{1,1}^(2) = 0.4;"));
    assert!(markup.contains("target y<tspan class=\"sub\" baseline-shift=\"sub\">2</tspan> = 0.99"));
    assert!(markup.contains("output layer 2: sigmoid"));
}

#[test]
fn markup_never_shows_nan() {
    let network = lesson("2-3-1");
    let mut frame = computed_frame(&network);
    frame.z[1][0] = Some(f64::NAN);
    frame.dl_dw[0][0][0] = Some(f64::INFINITY);
    frame.weights[1][0][0] = f64::NAN;
    let markup = draw(&frame, 1000.0, Colouring::Gradients);
    assert!(!markup.contains("NaN"));
    assert!(!markup.contains("inf"));
}

#[test]
fn every_preset_renders_at_every_width() {
    for name in PRESET_NAMES {
        let network = lesson(name);
        let frame = computed_frame(&network);
        for width in [340.0, 760.0, 1200.0] {
            let markup = draw(&frame, width, Colouring::Gradients);
            let parameters = network.parameter_count();
            assert_eq!(
                count(&markup, "data-gradient="),
                parameters,
                "{name} at {width}"
            );
        }
    }
}

#[test]
fn legend_gives_numbers_of_scale() {
    let network = lesson("mazur-2-2-2");
    let frame = computed_frame(&network);
    let scale = scale_for(&frame, Colouring::Gradients);
    let legend = legend_markup(&scale, Colouring::Gradients);
    let range = scale.range();
    assert!(
        range
            >= frame
                .known_gradients()
                .fold(0.0, |m: f64, g| m.max(g.abs()))
    );
    assert!(legend.contains(&format!("data-tick=\"{range}\"")));
    assert!(legend.contains(&format!("data-tick=\"{}\"", -range)));
    assert!(legend.contains("∂L/∂w"));
    assert!(legend.contains("negative (dashed)"));
}

#[test]
fn symbols_match_walkthrough_notation() {
    let network = lesson("2-3-1");
    let frame = initial_frame(&network);
    let markup = draw(&frame, 1000.0, Colouring::Gradients);
    assert!(markup.contains("<title>w_{1,2}^(1) = "));
    assert!(markup.contains("<title>b_3^(1) = "));
    let marks = Marks {
        units: vec![(1, 0)],
        edges: vec![(2, 2, 0)],
        biases: vec![(2, 0)],
    };
    assert_eq!(
        describe_marks(&marks),
        "unit 1 of layer 1, w_{3,1}^(2), b_1^(2)"
    );
}

#[test]
fn fragments_are_single_elements() {
    let network = lesson("2-3-1");
    let frame = computed_frame(&network);
    for width in [340.0, 1000.0] {
        let layout = layout(&frame.layer_sizes, width);
        let fragments =
            backprop_lab::view::svg::network_fragments(&frame, &layout, Colouring::Gradients);
        let headings = if width > 500.0 { 3 } else { 0 };
        assert_eq!(fragments.len(), headings + 9 + 6 + 4 + 9, "at {width}");
        for fragment in &fragments {
            let is_group = fragment.starts_with("<g ")
                && fragment.ends_with("</g>")
                && fragment.matches("<g ").count() == 1;
            let is_heading =
                fragment.starts_with("<text class=\"heading\"") && fragment.ends_with("</text>");
            assert!(is_group || is_heading, "not one element: {fragment}");
        }
    }
}

/// Returns every `textLength` in `markup` with the width of the box of the
/// same group, as (textLength, box width).
fn compressed_lines(markup: &str) -> Vec<(f64, f64)> {
    let mut found = Vec::new();
    for group in markup.split("<g ").skip(1) {
        let box_width = group
            .split(r#"class="box""#)
            .nth(1)
            .and_then(|rest| rest.split(r#"width=""#).nth(1))
            .and_then(|rest| rest.split('"').next())
            .and_then(|w| w.parse::<f64>().ok());
        for part in group.split(r#"textLength=""#).skip(1) {
            let length: f64 = part.split('"').next().unwrap().parse().unwrap();
            found.push((
                length,
                box_width.expect("a compressed line in a group without a box"),
            ));
        }
    }
    found
}

#[test]
fn huge_values_compressed_inside_boxes() {
    let network = lesson("2-3-1");
    let mut frame = computed_frame(&network);
    for value in frame
        .z
        .iter_mut()
        .flatten()
        .chain(frame.delta.iter_mut().flatten())
    {
        *value = Some(-1.234e-300);
    }
    for weight in frame.weights.iter_mut().flatten().flatten() {
        *weight = -9.876e305;
    }
    for width in [334.0, 868.0] {
        let markup = draw(&frame, width, Colouring::Gradients);
        let lines = compressed_lines(&markup);
        assert!(
            !lines.is_empty(),
            "at {width}: three-digit exponents are compressed"
        );
        for (length, box_width) in lines {
            assert!(
                length < box_width,
                "at {width}: line of {length} in a box of {box_width}"
            );
        }
    }
}

#[test]
fn typical_values_not_compressed_on_desktop() {
    for name in PRESET_NAMES {
        let frame = computed_frame(&lesson(name));
        let markup = draw(&frame, 868.0, Colouring::Gradients);
        assert!(!markup.contains("textLength"), "{name}");
    }
}

#[test]
fn narrow_units_show_bias_derivative() {
    let network = lesson("2-3-1");
    let frame = computed_frame(&network);
    let markup = draw(&frame, 334.0, Colouring::Gradients);
    assert_eq!(
        count(&markup, "∂L/∂b</tspan> = "),
        4,
        "one dL/db line per bias"
    );
    let shown = backprop_lab::view::format::format_signed(frame.dl_db[0][2].unwrap());
    assert!(markup.contains(&format!(
        "∂L/∂b</tspan> = <tspan class=\"value\">{shown}</tspan>"
    )));
}
