//! The positions of every unit, edge and bias of the drawing.
//!
//! Coordinates are CSS pixels of the SVG's view box, so text keeps its size
//! on every screen. A wide container gets layers as columns from left to
//! right, each bias as a label above its unit. A narrow one (a phone) gets
//! layers as rows from top to bottom, each bias inside its unit's box,
//! because units side by side leave no room for a separate label.

use super::measure::{
    widest_value_em, Fonts, INDEX_TEXT_SIZE, LABEL_TEXT_SIZE, NARROW_INDEX_TEXT_SIZE,
    NARROW_TEXT_SIZE, UNIT_TEXT_SIZE,
};

/// A point in view-box pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub fn lerp(self, other: Point, t: f64) -> Point {
        Point {
            x: self.x + (other.x - self.x) * t,
            y: self.y + (other.y - self.y) * t,
        }
    }
}

/// An axis-aligned rectangle whose top-left corner is (x, y).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn centred(centre: Point, width: f64, height: f64) -> Rect {
        Rect {
            x: centre.x - width / 2.0,
            y: centre.y - height / 2.0,
            width,
            height,
        }
    }

    pub fn centre(&self) -> Point {
        Point {
            x: self.x + self.width / 2.0,
            y: self.y + self.height / 2.0,
        }
    }

    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// Computes the area that this rectangle, grown by `padding` on every
    /// side, shares with `other`. The area is 0 when they are apart.
    pub fn overlap_area(&self, other: &Rect, padding: f64) -> f64 {
        let width = (self.right() + padding).min(other.right()) - (self.x - padding).max(other.x);
        let height =
            (self.bottom() + padding).min(other.bottom()) - (self.y - padding).max(other.y);
        if width > 0.0 && height > 0.0 {
            width * height
        } else {
            0.0
        }
    }

    /// Checks whether the rectangle lies inside a view box of `width` x `height`.
    pub fn is_inside(&self, width: f64, height: f64) -> bool {
        self.x >= 0.0 && self.y >= 0.0 && self.right() <= width && self.bottom() <= height
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orientation {
    /// Layers as columns, inputs on the left.
    Horizontal,
    /// Layers as rows, inputs at the top.
    Vertical,
}

/// One weight's line and the label that names it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeGeometry {
    pub start: Point,
    pub end: Point,
    pub label: Rect,
}

/// One bias: a label of its own joined to its unit by a short line, or a
/// swatch inside the unit's box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BiasGeometry {
    Label {
        label: Rect,
        stub_start: Point,
        stub_end: Point,
    },
    Inside {
        swatch: Rect,
    },
}

/// The positions of everything in the drawing, indexed like `Frame`:
/// units [l][k], edges [l - 1][j][k], biases [l - 1][k].
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub orientation: Orientation,
    /// The width of every weight's and bias's label box.
    pub label_width: f64,
    pub units: Vec<Vec<Rect>>,
    pub edges: Vec<Vec<Vec<EdgeGeometry>>>,
    pub biases: Vec<Vec<BiasGeometry>>,
}

/// Size of a weight's or a bias's label: two lines, the parameter and its
/// partial derivative. Labels are at least `MIN_LABEL_WIDTH` wide and grow
/// to fit their widest possible text (see [`label_text_width`]).
pub const MIN_LABEL_WIDTH: f64 = 128.0;
pub const LABEL_HEIGHT: f64 = 34.0;

/// Indents of the text inside a box, in view-box pixels from its left edge.
pub const UNIT_INDENT: f64 = 8.0;
pub const NARROW_UNIT_INDENT: f64 = 5.0;
/// The indent of the narrow layout's ∂L/∂b line, which starts with the
/// bias's swatch.
pub const SWATCH_LINE_INDENT: f64 = 19.0;
pub const LABEL_INDENT: f64 = 6.0;
/// Room kept free between the end of a box's text and its right edge.
pub const END_PADDING: f64 = 4.0;
/// Space between a label and anything else.
pub const LABEL_PADDING: f64 = 3.0;

const MARGIN: f64 = 10.0;
/// Room above the columns of the wide layout for the layer headings.
pub const HEADING_HEIGHT: f64 = 22.0;

const WIDE_UNIT_WIDTH: f64 = 124.0;
const WIDE_UNIT_HEIGHT: f64 = 60.0;
/// Vertical distance between the centres of two units of one column, which
/// leaves room for the bias label above each unit and the target line below.
const MIN_UNIT_PITCH: f64 = 136.0;
const MAX_UNIT_PITCH: f64 = 330.0;
const WIDE_BIAS_STUB: f64 = 12.0;
/// Room under an output unit for its target y.
const TARGET_LINE: f64 = 18.0;
const MIN_COLUMN_GAP: f64 = 300.0;
const MAX_COLUMN_GAP: f64 = 430.0;

const NARROW_UNIT_HEIGHT: f64 = 76.0;
/// Space between two units of a row in the narrow layout, and between the
/// outer units and the sides of the view box.
pub const NARROW_UNIT_GAP: f64 = 6.0;
const NARROW_MARGIN: f64 = 4.0;
const NARROW_MIN_ROW_GAP: f64 = 170.0;
const NARROW_MAX_ROW_GAP: f64 = 420.0;
const BIAS_SWATCH: f64 = 12.0;
/// Baselines of the text lines inside a unit's box, from its top edge.
pub const FIRST_BASELINE: f64 = 15.0;
pub const LINE_HEIGHT: f64 = 15.0;
pub const NARROW_FIRST_BASELINE: f64 = 13.0;
pub const NARROW_LINE_HEIGHT: f64 = 14.0;

/// Fractions along an edge tried for its label, best first: the middle,
/// then alternately closer to either end.
const LABEL_POSITIONS: [f64; 17] = [
    0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85, 0.1, 0.9,
];

/// Returns the font sizes of the text in units' boxes.
pub fn unit_fonts(orientation: Orientation) -> Fonts {
    match orientation {
        Orientation::Horizontal => Fonts {
            text: UNIT_TEXT_SIZE,
            index: INDEX_TEXT_SIZE,
        },
        Orientation::Vertical => Fonts {
            text: NARROW_TEXT_SIZE,
            index: NARROW_INDEX_TEXT_SIZE,
        },
    }
}

/// Returns the font sizes of the text in weights' and biases' labels.
pub fn label_fonts(orientation: Orientation) -> Fonts {
    match orientation {
        Orientation::Horizontal => Fonts {
            text: LABEL_TEXT_SIZE,
            index: INDEX_TEXT_SIZE,
        },
        Orientation::Vertical => Fonts {
            text: NARROW_TEXT_SIZE,
            index: NARROW_INDEX_TEXT_SIZE,
        },
    }
}

/// Builds the widest subscripts and superscript of a network with
/// `layer_sizes`: a unit's index, a weight's pair of indices and a layer's
/// number in brackets. Every digit has the same advance, so the largest
/// index is the widest.
fn widest_indices(layer_sizes: &[usize]) -> (String, String, String) {
    let unit = layer_sizes.iter().copied().max().unwrap_or(1).to_string();
    let layer = format!("({})", layer_sizes.len().saturating_sub(1));
    (unit.clone(), format!("{unit},{unit}"), layer)
}

/// Estimates the widest line a unit's box can show, from the start of its
/// indent to the end of its text: "δ₃⁽¹⁾ = −1.234×10⁻¹⁵" and, in rows, the
/// bias and its partial derivative after the swatch.
pub fn unit_text_width(layer_sizes: &[usize], orientation: Orientation) -> f64 {
    let fonts = unit_fonts(orientation);
    let (unit, _, layer) = widest_indices(layer_sizes);
    let value = widest_value_em() * fonts.text;
    let symbol = ["z", "a", "δ", "b"]
        .iter()
        .map(|base| fonts.line_width(base, &unit, &layer, ""))
        .fold(0.0, f64::max);
    let input = fonts.line_width("input x", &unit, "", "");
    match orientation {
        Orientation::Horizontal => UNIT_INDENT + (symbol + value).max(input),
        Orientation::Vertical => {
            let derivative = fonts.line_width("∂L/∂b", "", "", "") + value;
            (NARROW_UNIT_INDENT + (symbol + value).max(input)).max(SWATCH_LINE_INDENT + derivative)
        }
    }
}

/// Estimates the widest line a weight's or bias's label can show, from the
/// start of its indent to the end of its text: "w₃,₃⁽²⁾ = −1.234×10⁻¹⁵".
pub fn label_text_width(layer_sizes: &[usize], orientation: Orientation) -> f64 {
    let fonts = label_fonts(orientation);
    let (_, pair, layer) = widest_indices(layer_sizes);
    let value = widest_value_em() * fonts.text;
    let name = fonts.line_width("w", &pair, &layer, "");
    let derivative = fonts.line_width("∂L/∂w", "", "", "");
    LABEL_INDENT + name.max(derivative) + value
}

fn wide_unit_width(layer_sizes: &[usize]) -> f64 {
    (unit_text_width(layer_sizes, Orientation::Horizontal) + END_PADDING)
        .max(WIDE_UNIT_WIDTH)
        .ceil()
}

fn label_width(layer_sizes: &[usize], orientation: Orientation) -> f64 {
    (label_text_width(layer_sizes, orientation) + END_PADDING)
        .max(MIN_LABEL_WIDTH)
        .ceil()
}

/// Checks whether a container of `width` pixels is too narrow for columns,
/// so that the network is drawn in rows.
pub fn is_narrow(layer_sizes: &[usize], width: f64) -> bool {
    let layers = layer_sizes.len().saturating_sub(1).max(1) as f64;
    width < 2.0 * MARGIN + wide_unit_width(layer_sizes) + layers * MIN_COLUMN_GAP
}

/// Lays out a network with `layer_sizes` (units of layers 0..=L, L >= 1)
/// in a container `width` pixels wide.
pub fn layout(layer_sizes: &[usize], width: f64) -> Layout {
    if is_narrow(layer_sizes, width) {
        narrow_layout(layer_sizes, width.max(240.0))
    } else {
        wide_layout(layer_sizes, width)
    }
}

fn wide_layout(sizes: &[usize], width: f64) -> Layout {
    // Units of a column move apart until every weight's label finds a free
    // place.
    let mut pitch = MIN_UNIT_PITCH;
    loop {
        let mut layout = wide_columns(sizes, width, pitch);
        if place_edges(&mut layout) || pitch >= MAX_UNIT_PITCH {
            return layout;
        }
        pitch += 20.0;
    }
}

fn wide_columns(sizes: &[usize], width: f64, pitch: f64) -> Layout {
    let depth = sizes.len() - 1;
    let unit_width = wide_unit_width(sizes);
    let label_width = label_width(sizes, Orientation::Horizontal);
    let widest = sizes.iter().copied().max().unwrap_or(1) as f64;
    let gap =
        ((width - 2.0 * MARGIN - unit_width) / depth as f64).clamp(MIN_COLUMN_GAP, MAX_COLUMN_GAP);
    let drawing_width = unit_width + gap * depth as f64;
    let left = (width - drawing_width) / 2.0 + unit_width / 2.0;

    let above = WIDE_UNIT_HEIGHT / 2.0 + WIDE_BIAS_STUB + LABEL_HEIGHT;
    let below = WIDE_UNIT_HEIGHT / 2.0 + TARGET_LINE;
    let middle = MARGIN + HEADING_HEIGHT + above + (widest - 1.0) / 2.0 * pitch;
    let height = middle + (widest - 1.0) / 2.0 * pitch + below + MARGIN;

    let units: Vec<Vec<Rect>> = sizes
        .iter()
        .enumerate()
        .map(|(l, &n)| {
            (0..n)
                .map(|k| {
                    let centre = Point {
                        x: left + l as f64 * gap,
                        y: middle + (k as f64 - (n as f64 - 1.0) / 2.0) * pitch,
                    };
                    Rect::centred(centre, unit_width, WIDE_UNIT_HEIGHT)
                })
                .collect()
        })
        .collect();

    let biases: Vec<Vec<BiasGeometry>> = units[1..]
        .iter()
        .map(|column| {
            column
                .iter()
                .map(|unit| {
                    let stub_end = Point {
                        x: unit.centre().x,
                        y: unit.y,
                    };
                    let stub_start = Point {
                        x: stub_end.x,
                        y: unit.y - WIDE_BIAS_STUB,
                    };
                    let label_centre = Point {
                        x: stub_start.x,
                        y: stub_start.y - LABEL_HEIGHT / 2.0,
                    };
                    BiasGeometry::Label {
                        label: Rect::centred(label_centre, label_width, LABEL_HEIGHT),
                        stub_start,
                        stub_end,
                    }
                })
                .collect()
        })
        .collect();

    Layout {
        width,
        height,
        orientation: Orientation::Horizontal,
        label_width,
        units,
        edges: Vec::new(),
        biases,
    }
}

fn narrow_layout(sizes: &[usize], width: f64) -> Layout {
    let widest = sizes.iter().copied().max().unwrap_or(1) as f64;
    let cell = (width - 2.0 * NARROW_MARGIN) / widest;
    // As wide as the widest text needs, unless the row leaves less room;
    // then svg.rs compresses the lines that do not fit.
    let needed = (unit_text_width(sizes, Orientation::Vertical) + END_PADDING).ceil();
    let unit_width = (cell - NARROW_UNIT_GAP).min(needed);

    // Rows move apart until every weight's label finds a free place.
    let mut gap = NARROW_MIN_ROW_GAP;
    loop {
        let mut layout = narrow_rows(sizes, width, cell, unit_width, gap);
        if place_edges(&mut layout) || gap >= NARROW_MAX_ROW_GAP {
            return layout;
        }
        gap += 30.0;
    }
}

fn narrow_rows(sizes: &[usize], width: f64, cell: f64, unit_width: f64, gap: f64) -> Layout {
    let top = MARGIN + NARROW_UNIT_HEIGHT / 2.0;
    let units: Vec<Vec<Rect>> = sizes
        .iter()
        .enumerate()
        .map(|(l, &n)| {
            (0..n)
                .map(|k| {
                    let centre = Point {
                        x: width / 2.0 + (k as f64 - (n as f64 - 1.0) / 2.0) * cell,
                        y: top + l as f64 * gap,
                    };
                    Rect::centred(centre, unit_width, NARROW_UNIT_HEIGHT)
                })
                .collect()
        })
        .collect();
    let biases = units[1..]
        .iter()
        .map(|row| {
            row.iter()
                .map(|unit| BiasGeometry::Inside {
                    // On the last line, the bias's partial derivative.
                    swatch: Rect {
                        x: unit.x + 4.0,
                        y: unit.y + NARROW_FIRST_BASELINE + 4.0 * NARROW_LINE_HEIGHT - BIAS_SWATCH
                            + 2.0,
                        width: BIAS_SWATCH,
                        height: BIAS_SWATCH,
                    },
                })
                .collect()
        })
        .collect();
    let last = units
        .last()
        .and_then(|row| row.first())
        .map_or(0.0, Rect::bottom);
    let height = last + TARGET_LINE + MARGIN;
    Layout {
        width,
        height,
        orientation: Orientation::Vertical,
        label_width: label_width(sizes, Orientation::Vertical),
        units,
        edges: Vec::new(),
        biases,
    }
}

/// Draws every edge between the facing sides of its two units and gives it
/// a label that overlaps no unit, bias or other label where possible.
/// Returns whether every label found a free place.
fn place_edges(layout: &mut Layout) -> bool {
    let mut obstacles: Vec<Rect> = layout.units.iter().flatten().copied().collect();
    for unit in layout.units.last().into_iter().flatten() {
        obstacles.push(Rect {
            x: unit.x,
            y: unit.bottom(),
            width: unit.width,
            height: TARGET_LINE,
        });
    }
    for bias in layout.biases.iter().flatten() {
        if let BiasGeometry::Label { label, .. } = bias {
            obstacles.push(*label);
        }
    }

    let mut all_free = true;
    let mut edges = Vec::with_capacity(layout.units.len() - 1);
    for l in 1..layout.units.len() {
        let sources = &layout.units[l - 1];
        let targets = &layout.units[l];
        let mut lines = Vec::with_capacity(sources.len() * targets.len());
        for (j, source) in sources.iter().enumerate() {
            for (k, target) in targets.iter().enumerate() {
                let start = attach(source, layout.orientation, true, k, targets.len());
                let end = attach(target, layout.orientation, false, j, sources.len());
                lines.push((start, end));
            }
        }

        let size = (layout.label_width, LABEL_HEIGHT);
        let (labels, free) = place_labels(&lines, &obstacles, size, layout.width, layout.height);
        all_free &= free;
        obstacles.extend_from_slice(&labels);
        let layer = lines
            .chunks(targets.len())
            .zip(labels.chunks(targets.len()))
            .map(|(row, row_labels)| {
                row.iter()
                    .zip(row_labels)
                    .map(|(&(start, end), &label)| EdgeGeometry { start, end, label })
                    .collect()
            })
            .collect();
        edges.push(layer);
    }
    layout.edges = edges;
    all_free
}

/// The maximum number of label arrangements the search of one layer tries
/// before it settles for labels that overlap.
const SEARCH_LIMIT: usize = 50_000;

/// Finds, for every line, a label on it that overlaps no obstacle, no other
/// label and stays inside the view box, by depth-first search over the
/// positions in `LABEL_POSITIONS`. When the search finds none within
/// `SEARCH_LIMIT` steps, each label takes its least crowded position in turn
/// and the second value is false.
fn place_labels(
    lines: &[(Point, Point)],
    obstacles: &[Rect],
    (label_width, label_height): (f64, f64),
    width: f64,
    height: f64,
) -> (Vec<Rect>, bool) {
    let candidates: Vec<Vec<Rect>> = lines
        .iter()
        .map(|&(start, end)| {
            LABEL_POSITIONS
                .iter()
                .map(|&t| Rect::centred(start.lerp(end, t), label_width, label_height))
                .filter(|label| label.is_inside(width, height))
                .filter(|label| {
                    obstacles
                        .iter()
                        .all(|o| label.overlap_area(o, LABEL_PADDING) == 0.0)
                })
                .collect()
        })
        .collect();

    let mut chosen = Vec::with_capacity(lines.len());
    let mut budget = SEARCH_LIMIT;
    if search(&candidates, &mut chosen, &mut budget) {
        return (chosen, true);
    }

    let mut placed: Vec<Rect> = Vec::with_capacity(lines.len());
    for &(start, end) in lines {
        let crowding = |label: &Rect| -> f64 {
            let outside = if label.is_inside(width, height) {
                0.0
            } else {
                label_width * label_height
            };
            obstacles
                .iter()
                .chain(&placed)
                .map(|o| label.overlap_area(o, LABEL_PADDING))
                .sum::<f64>()
                + outside
        };
        let best = LABEL_POSITIONS
            .iter()
            .map(|&t| Rect::centred(start.lerp(end, t), label_width, label_height))
            .min_by(|a, b| crowding(a).total_cmp(&crowding(b)))
            .unwrap_or_else(|| Rect::centred(start.lerp(end, 0.5), label_width, label_height));
        placed.push(best);
    }
    (placed, false)
}

fn search(candidates: &[Vec<Rect>], chosen: &mut Vec<Rect>, budget: &mut usize) -> bool {
    let Some(options) = candidates.get(chosen.len()) else {
        return true;
    };
    for label in options {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if chosen
            .iter()
            .all(|other| label.overlap_area(other, LABEL_PADDING) == 0.0)
        {
            chosen.push(*label);
            if search(candidates, chosen, budget) {
                return true;
            }
            chosen.pop();
        }
    }
    false
}

/// Computes the point on `unit`'s outgoing (or incoming) side where edge
/// number `index` of `count` attaches, spread so that the edges stay apart.
fn attach(
    unit: &Rect,
    orientation: Orientation,
    outgoing: bool,
    index: usize,
    count: usize,
) -> Point {
    let offset = index as f64 - (count as f64 - 1.0) / 2.0;
    match orientation {
        Orientation::Horizontal => {
            let spacing = ((unit.height - 12.0) / count as f64).min(9.0);
            let x = if outgoing { unit.right() } else { unit.x };
            Point {
                x,
                y: unit.centre().y + offset * spacing,
            }
        }
        Orientation::Vertical => {
            let spacing = ((unit.width - 16.0) / count as f64).min(12.0);
            let y = if outgoing { unit.bottom() } else { unit.y };
            Point {
                x: unit.centre().x + offset * spacing,
                y,
            }
        }
    }
}
