use backprop_lab::view::layout::{
    label_fonts, layout, unit_fonts, BiasGeometry, Layout, Orientation, Rect, END_PADDING,
    LABEL_INDENT, LABEL_PADDING, NARROW_UNIT_GAP, NARROW_UNIT_INDENT, SWATCH_LINE_INDENT,
    UNIT_INDENT,
};
use backprop_lab::view::measure::{compression, text_width, WIDEST_NUMBERS};

/// The layer sizes of the built-in lessons: single neuron, 2-3-1, XOR,
/// Mazur's 2-2-2.
const LESSONS: [&[usize]; 4] = [&[2, 1], &[2, 3, 1], &[2, 2, 1], &[2, 2, 2]];

/// Widths of a phone, a tablet, a laptop and a wide desktop container.
const WIDTHS: [f64; 5] = [340.0, 500.0, 760.0, 1000.0, 1600.0];

fn labels(layout: &Layout) -> Vec<Rect> {
    let mut labels: Vec<Rect> = layout
        .edges
        .iter()
        .flatten()
        .flatten()
        .map(|e| e.label)
        .collect();
    for bias in layout.biases.iter().flatten() {
        if let BiasGeometry::Label { label, .. } = bias {
            labels.push(*label);
        }
    }
    labels
}

#[test]
fn layout_has_every_unit_edge_and_bias() {
    let layout = layout(&[2, 3, 1], 1000.0);
    assert_eq!(
        layout.units.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![2, 3, 1]
    );
    assert_eq!(layout.edges.len(), 2);
    assert_eq!(layout.edges[0].len(), 2);
    assert_eq!(layout.edges[0][0].len(), 3);
    assert_eq!(layout.edges[1].len(), 3);
    assert_eq!(layout.edges[1][0].len(), 1);
    assert_eq!(
        layout.biases.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![3, 1]
    );
}

#[test]
fn layout_orientation_follows_width() {
    assert_eq!(
        layout(&[2, 3, 1], 1000.0).orientation,
        Orientation::Horizontal
    );
    assert_eq!(layout(&[2, 3, 1], 340.0).orientation, Orientation::Vertical);
    assert!(matches!(
        layout(&[2, 3, 1], 340.0).biases[0][0],
        BiasGeometry::Inside { .. }
    ));
    assert!(matches!(
        layout(&[2, 3, 1], 1000.0).biases[1][0],
        BiasGeometry::Label { .. }
    ));
}

#[test]
fn layout_fits_container_width() {
    for sizes in LESSONS {
        for width in WIDTHS {
            let layout = layout(sizes, width);
            assert_eq!(layout.width, width, "{sizes:?} at {width}");
            for unit in layout.units.iter().flatten() {
                assert!(
                    unit.is_inside(layout.width, layout.height),
                    "{sizes:?} at {width}: unit {unit:?} outside"
                );
            }
            for label in labels(&layout) {
                assert!(
                    label.is_inside(layout.width, layout.height),
                    "{sizes:?} at {width}: label {label:?} outside"
                );
            }
        }
    }
}

#[test]
fn labels_overlap_nothing() {
    for sizes in LESSONS {
        for width in WIDTHS {
            let layout = layout(sizes, width);
            let labels = labels(&layout);
            for (i, a) in labels.iter().enumerate() {
                for b in &labels[i + 1..] {
                    assert_eq!(
                        a.overlap_area(b, LABEL_PADDING),
                        0.0,
                        "{sizes:?} at {width}: {a:?} overlaps {b:?}"
                    );
                }
                for unit in layout.units.iter().flatten() {
                    assert_eq!(
                        a.overlap_area(unit, LABEL_PADDING),
                        0.0,
                        "{sizes:?} at {width}: {a:?} overlaps unit {unit:?}"
                    );
                }
                // The line "target y = ..." under each output unit.
                for unit in layout.units.last().into_iter().flatten() {
                    let target = Rect {
                        x: unit.x,
                        y: unit.bottom(),
                        width: unit.width,
                        height: 16.0,
                    };
                    assert_eq!(
                        a.overlap_area(&target, LABEL_PADDING),
                        0.0,
                        "{sizes:?} at {width}: {a:?} overlaps a target line"
                    );
                }
            }
        }
    }
}

#[test]
fn units_overlap_nothing() {
    for sizes in LESSONS {
        for width in WIDTHS {
            let layout = layout(sizes, width);
            let units: Vec<Rect> = layout.units.iter().flatten().copied().collect();
            for (i, a) in units.iter().enumerate() {
                for b in &units[i + 1..] {
                    assert_eq!(
                        a.overlap_area(b, 2.0),
                        0.0,
                        "{sizes:?} at {width}: {a:?} overlaps {b:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn edges_join_facing_sides() {
    let layout = layout(&[2, 3, 1], 1000.0);
    for (index, layer) in layout.edges.iter().enumerate() {
        for (j, row) in layer.iter().enumerate() {
            for (k, edge) in row.iter().enumerate() {
                let source = layout.units[index][j];
                let target = layout.units[index + 1][k];
                assert_eq!(edge.start.x, source.right());
                assert_eq!(edge.end.x, target.x);
                assert!(
                    edge.start.y > source.y,
                    "edge {index},{j},{k} starts above its unit"
                );
                assert!(
                    edge.start.y < source.bottom(),
                    "edge {index},{j},{k} starts below its unit"
                );
                assert!(
                    edge.end.y > target.y,
                    "edge {index},{j},{k} ends above its unit"
                );
                assert!(
                    edge.end.y < target.bottom(),
                    "edge {index},{j},{k} ends below its unit"
                );
            }
        }
    }
}

#[test]
fn layers_run_in_reading_order() {
    let wide = layout(&[2, 3, 1], 1000.0);
    assert!(wide.units[0][0].x < wide.units[1][0].x);
    assert!(wide.units[1][0].x < wide.units[2][0].x);
    let narrow = layout(&[2, 3, 1], 340.0);
    assert!(narrow.units[0][0].y < narrow.units[1][0].y);
    assert!(narrow.units[1][0].y < narrow.units[2][0].y);
}

#[test]
fn large_network_still_lays_out() {
    let started = std::time::Instant::now();
    let layout = layout(&[6, 12, 8, 3], 1000.0);
    assert_eq!(layout.edges[1].len(), 12);
    assert_eq!(layout.edges[1][11].len(), 8);
    assert!(
        started.elapsed().as_secs_f64() < 2.0,
        "layout took {:?}",
        started.elapsed()
    );
}

/// Widths of the drawing's container on a 360 px phone, a 1280 px desktop
/// (both measured in Chromium) and a projector, besides `WIDTHS`.
const PAGE_WIDTHS: [f64; 3] = [334.0, 868.0, 1400.0];

/// Adds the indent and the end padding to the width of a line of text.
fn needed(indent: f64, line: f64) -> f64 {
    indent + line + END_PADDING
}

#[test]
fn text_width_matches_measured_font() {
    // DejaVu Sans at 12 px, as measured in Chromium: digits 7.68 px, the
    // Unicode minus 10.08 px, the point 3.84 px.
    let width = text_width("−0.0004121", 12.0);
    assert!(
        (width - (10.08 + 8.0 * 7.68 + 3.84)).abs() < 0.01,
        "{width}"
    );
}

#[test]
fn unit_boxes_fit_widest_numbers() {
    for sizes in LESSONS {
        for width in WIDTHS.iter().chain(&PAGE_WIDTHS).copied() {
            let layout = layout(sizes, width);
            let fonts = unit_fonts(layout.orientation);
            for (l, column) in layout.units.iter().enumerate().skip(1) {
                for (k, unit) in column.iter().enumerate() {
                    let index = (k + 1).to_string();
                    let layer = format!("({l})");
                    for number in WIDEST_NUMBERS {
                        let rest = format!(" = {number}");
                        let symbol = ["z", "a", "δ", "b"]
                            .iter()
                            .map(|base| fonts.line_width(base, &index, &layer, &rest))
                            .fold(0.0, f64::max);
                        let derivative = fonts.line_width("∂L/∂b", "", "", &rest);
                        let (symbol, derivative) = match layout.orientation {
                            Orientation::Horizontal => (needed(UNIT_INDENT, symbol), 0.0),
                            Orientation::Vertical => (
                                needed(NARROW_UNIT_INDENT, symbol),
                                needed(SWATCH_LINE_INDENT, derivative),
                            ),
                        };
                        let what = format!("{sizes:?} at {width}: unit {l},{k} with {number}");
                        if layout.orientation == Orientation::Horizontal {
                            assert!(unit.width >= symbol, "{what}: {} < {symbol}", unit.width);
                            continue;
                        }
                        // A row of units shares the width: a box narrower
                        // than its text takes all the room its row leaves,
                        // and svg.rs compresses the line, but not past 70 %.
                        let widest = layout.units.iter().map(Vec::len).max().unwrap_or(1);
                        let share = (width - 8.0) / widest as f64 - NARROW_UNIT_GAP;
                        for line in [symbol, derivative] {
                            if unit.width < line {
                                assert!(
                                    unit.width >= share - 0.5,
                                    "{what}: {} < {share}",
                                    unit.width
                                );
                                let factor = compression(line, unit.width);
                                assert!(factor >= 0.7, "{what}: compressed to {factor}");
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn labels_fit_widest_numbers() {
    for sizes in LESSONS {
        for width in WIDTHS.iter().chain(&PAGE_WIDTHS).copied() {
            let layout = layout(sizes, width);
            let fonts = label_fonts(layout.orientation);
            let depth = sizes.len() - 1;
            let pair = format!("{0},{0}", sizes.iter().max().unwrap());
            for number in WIDEST_NUMBERS {
                let rest = format!(" = {number}");
                let name = fonts.line_width("w", &pair, &format!("({depth})"), &rest);
                let derivative = fonts.line_width("∂L/∂w", "", "", &rest);
                let line = needed(LABEL_INDENT, name.max(derivative));
                for label in labels(&layout) {
                    assert!(
                        label.width >= line,
                        "{sizes:?} at {width} with {number}: label {} < {line}",
                        label.width
                    );
                }
            }
        }
    }
}

#[test]
fn reported_values_fit_desktop_units() {
    // Texts that ran past their boxes at 1280 px before boxes were sized to
    // their widest text.
    let layout = layout(&[2, 3, 1], 868.0);
    let fonts = unit_fonts(layout.orientation);
    let unit = layout.units[1][0];
    let delta = fonts.line_width("δ", "1", "(1)", " = −0.0004121");
    assert!(
        unit.width >= needed(UNIT_INDENT, delta),
        "{} < {delta}",
        unit.width
    );
}
