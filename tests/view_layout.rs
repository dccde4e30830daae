use backprop_lab::view::layout::{layout, BiasGeometry, Layout, Orientation, Rect, LABEL_PADDING};

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
