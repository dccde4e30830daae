//! SVG markup of the network and of the colour legend.
//!
//! Every drawn element carries data attributes with its indices and the full
//! precision values (`data-weight`, `data-gradient`, ...), so that tests and
//! tools can read what is shown without parsing the text. Colours are set as
//! the custom properties `--c` (light scheme) and `--c-dark` (dark scheme);
//! the style sheet picks one for the reader's colour scheme.

use std::fmt::Write;

use super::colour::{DivergingScale, Sign, DARK, LIGHT};
use super::format::{format_number, format_optional, format_signed, NOT_COMPUTED, NOT_FINITE};
use super::frame::{Frame, Marks};
use super::layout::{
    label_fonts, unit_fonts, BiasGeometry, EdgeGeometry, Layout, Orientation, Rect, END_PADDING,
    FIRST_BASELINE, HEADING_HEIGHT, LABEL_INDENT, LINE_HEIGHT, NARROW_FIRST_BASELINE,
    NARROW_LINE_HEIGHT, NARROW_UNIT_INDENT, SWATCH_LINE_INDENT, UNIT_INDENT,
};
use super::measure::Fonts;
use crate::walkthrough::notation;

/// The quantity that colours the edges and biases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Colouring {
    /// dL/dw and dL/db, once the backward pass has computed them.
    #[default]
    Gradients,
    /// The weights and biases themselves.
    Parameters,
}

impl Colouring {
    /// Returns the legend's title.
    pub fn title(self) -> &'static str {
        match self {
            Colouring::Gradients => "Colour: partial derivatives ∂L/∂w and ∂L/∂b",
            Colouring::Parameters => "Colour: weights w and biases b",
        }
    }
}

const EDGE_WIDTH: f64 = 1.5;
const EDGE_EXTRA_WIDTH: f64 = 4.5;

/// Builds the colour scale for `frame` drawn with `colouring`.
pub fn scale_for(frame: &Frame, colouring: Colouring) -> DivergingScale {
    match colouring {
        Colouring::Gradients => DivergingScale::covering(frame.known_gradients()),
        Colouring::Parameters => DivergingScale::covering(frame.parameters()),
    }
}

/// Writes the markup inside `<svg viewBox="0 0 {layout.width} {layout.height}">`.
pub fn network_markup(frame: &Frame, layout: &Layout, colouring: Colouring) -> String {
    network_fragments(frame, layout, colouring).concat()
}

/// Writes the same markup split into its top-level elements, in drawing order:
/// headings, edge lines, units, biases, edge labels. The list's length and
/// order depend only on the layout, so a page can compare two lists
/// element by element and replace only the elements that changed.
pub fn network_fragments(frame: &Frame, layout: &Layout, colouring: Colouring) -> Vec<String> {
    let scale = scale_for(frame, colouring);
    let mut parts = Vec::with_capacity(64);
    if layout.orientation == Orientation::Horizontal {
        write_headings(&mut parts, frame, layout);
    }
    write_edge_lines(&mut parts, frame, layout, colouring, &scale);
    // Biases after units, because a bias inside its unit's box must not be
    // covered by the box.
    write_units(&mut parts, frame, layout);
    write_biases(&mut parts, frame, layout, colouring, &scale);
    write_edge_labels(&mut parts, frame, layout, colouring, &scale);
    parts
}

/// Writes a symbol in the notation: `base` with a subscript and a superscript.
pub fn symbol_markup(base: &str, subscript: &str, superscript: &str) -> String {
    let mut out = String::from(base);
    if !subscript.is_empty() {
        let _ = write!(
            out,
            r#"<tspan class="sub" baseline-shift="sub">{subscript}</tspan>"#
        );
    }
    if !superscript.is_empty() {
        let _ = write!(
            out,
            r#"<tspan class="sup" baseline-shift="super">{superscript}</tspan>"#
        );
    }
    out
}

fn layer_index(l: usize) -> String {
    format!("({l})")
}

fn mark_classes(marks_current: bool, marks_dependency: bool) -> &'static str {
    match (marks_current, marks_dependency) {
        (true, _) => " current",
        (false, true) => " dependency",
        _ => "",
    }
}

fn unit_marks(frame: &Frame, l: usize, k: usize) -> &'static str {
    mark_classes(
        frame.highlight.units.contains(&(l, k)),
        frame.depends_on.units.contains(&(l, k)),
    )
}

fn edge_marks(frame: &Frame, l: usize, j: usize, k: usize) -> &'static str {
    mark_classes(
        frame.highlight.edges.contains(&(l, j, k)),
        frame.depends_on.edges.contains(&(l, j, k)),
    )
}

fn bias_marks(frame: &Frame, l: usize, k: usize) -> &'static str {
    mark_classes(
        frame.highlight.biases.contains(&(l, k)),
        frame.depends_on.biases.contains(&(l, k)),
    )
}

/// Returns the value that colours an edge or bias, if it is known.
fn colour_value(colouring: Colouring, parameter: f64, gradient: Option<f64>) -> Option<f64> {
    match colouring {
        Colouring::Gradients => gradient,
        Colouring::Parameters => Some(parameter),
    }
}

/// Class and style attributes of a coloured stroke or fill.
fn colour_attributes(value: Option<f64>, scale: &DivergingScale) -> (String, String) {
    match value {
        Some(v) if v.is_finite() => {
            let class = format!(" coloured {}", Sign::of(v).class());
            let style = format!(
                r#" style="--c:{};--c-dark:{}""#,
                scale.colour(v, &LIGHT),
                scale.colour(v, &DARK)
            );
            (class, style)
        }
        _ => (String::new(), String::new()),
    }
}

fn stroke_width(value: Option<f64>, scale: &DivergingScale) -> f64 {
    value.map_or(EDGE_WIDTH, |v| {
        EDGE_WIDTH + EDGE_EXTRA_WIDTH * scale.strength(v)
    })
}

fn data_number(name: &str, value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => format!(r#" data-{name}="{v}""#),
        _ => String::new(),
    }
}

fn write_headings(parts: &mut Vec<String>, frame: &Frame, layout: &Layout) {
    let depth = frame.depth();
    let last = layout.units.len() - 1;
    for (l, column) in layout.units.iter().enumerate() {
        let Some(first) = column.first() else {
            continue;
        };
        let out = &mut String::with_capacity(128);
        // The outer headings align with their column's outer edge, so that
        // they stay inside the view box.
        let (x, anchor) = match l {
            0 => (first.x, "start"),
            _ if l == last => (first.right(), "end"),
            _ => (first.centre().x, "middle"),
        };
        let text = if l == 0 {
            "inputs, layer 0".to_string()
        } else {
            let role = if l == depth { "output layer" } else { "layer" };
            let activation = frame.activations.get(l - 1).map_or("", String::as_str);
            format!("{role} {l}: {activation}")
        };
        let _ = write!(
            out,
            r#"<text class="heading" x="{x:.1}" y="{:.1}" text-anchor="{anchor}">{text}</text>"#,
            HEADING_HEIGHT + 2.0
        );
        parts.push(std::mem::take(out));
    }
}

/// One edge of the drawing with the values it shows: its layer l, the
/// 0-based units j (in layer l − 1) and k, its geometry, its weight and its
/// partial derivative, if computed.
struct DrawnEdge<'a> {
    l: usize,
    j: usize,
    k: usize,
    geometry: &'a EdgeGeometry,
    weight: f64,
    gradient: Option<f64>,
}

/// Lists the edges in drawing order: by layer, then by source unit, then by
/// target unit.
fn drawn_edges<'a>(frame: &'a Frame, layout: &'a Layout) -> impl Iterator<Item = DrawnEdge<'a>> {
    layout
        .edges
        .iter()
        .enumerate()
        .flat_map(move |(index, layer)| {
            layer.iter().enumerate().flat_map(move |(j, row)| {
                row.iter().enumerate().map(move |(k, geometry)| DrawnEdge {
                    l: index + 1,
                    j,
                    k,
                    geometry,
                    weight: frame.weights[index][j][k],
                    gradient: frame.dl_dw[index][j][k],
                })
            })
        })
}

fn write_edge_lines(
    parts: &mut Vec<String>,
    frame: &Frame,
    layout: &Layout,
    colouring: Colouring,
    scale: &DivergingScale,
) {
    for edge in drawn_edges(frame, layout) {
        let DrawnEdge { l, j, k, .. } = edge;
        let out = &mut String::with_capacity(512);
        let value = colour_value(colouring, edge.weight, edge.gradient);
        let (colour_class, style) = colour_attributes(value, scale);
        let marks = edge_marks(frame, l, j, k);
        let (start, end) = (edge.geometry.start, edge.geometry.end);
        let (x1, y1, x2, y2) = (start.x, start.y, end.x, end.y);
        let _ = write!(
            out,
            r#"<g class="edge{colour_class}{marks}" data-kind="edge" data-layer="{l}" data-from="{j}" data-to="{k}"{}{}>"#,
            data_number("weight", Some(edge.weight)),
            data_number("gradient", edge.gradient),
        );
        if !marks.is_empty() {
            let _ = write!(
                out,
                r#"<line class="halo" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}"/>"#
            );
        }
        let _ = write!(
            out,
            r#"<line class="stroke" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke-width="{:.2}"{style}/></g>"#,
            stroke_width(value, scale)
        );
        parts.push(std::mem::take(out));
    }
}

fn write_edge_labels(
    parts: &mut Vec<String>,
    frame: &Frame,
    layout: &Layout,
    colouring: Colouring,
    scale: &DivergingScale,
) {
    let fonts = label_fonts(layout.orientation);
    for edge in drawn_edges(frame, layout) {
        let DrawnEdge {
            l,
            j,
            k,
            weight,
            gradient,
            ..
        } = edge;
        let out = &mut String::with_capacity(1024);
        let (colour_class, style) =
            colour_attributes(colour_value(colouring, weight, gradient), scale);
        let subscript = format!("{},{}", j + 1, k + 1);
        let layer = layer_index(l);
        let name = symbol_markup("w", &subscript, &layer);
        let _ = write!(
            out,
            r#"<g class="label edge-label{colour_class}{}" data-kind="edge-label" data-layer="{l}" data-from="{j}" data-to="{k}">"#,
            edge_marks(frame, l, j, k)
        );
        write_title(out, &notation::w(l, j, k).text, weight, gradient, "w");
        let symbol = (name.as_str(), ("w", subscript.as_str(), layer.as_str()));
        write_label_box(
            out,
            &edge.geometry.label,
            &style,
            symbol,
            fonts,
            weight,
            gradient,
        );
        out.push_str("</g>");
        parts.push(std::mem::take(out));
    }
}

/// Writes a tooltip with the values at full precision.
fn write_title(out: &mut String, plain: &str, value: f64, gradient: Option<f64>, base: &str) {
    let gradient_text = gradient.map_or_else(|| "not computed yet".to_string(), full_precision);
    let _ = write!(
        out,
        "<title>{plain} = {}; dL/d{base} = {gradient_text}</title>",
        full_precision(value)
    );
}

fn full_precision(value: f64) -> String {
    if value.is_finite() {
        value.to_string()
    } else {
        NOT_FINITE.to_string()
    }
}

/// Returns the attributes that compress a line of text to `available`
/// pixels when its estimated width `needed` is larger, and none otherwise.
fn fit_attributes(needed: f64, available: f64) -> String {
    if needed > available {
        format!(r#" textLength="{available:.1}" lengthAdjust="spacingAndGlyphs""#)
    } else {
        String::new()
    }
}

/// A symbol as markup, with its base, subscript and superscript as plain
/// text for measuring.
type Symbol<'a> = (&'a str, (&'a str, &'a str, &'a str));

/// Writes a two-line label: the parameter's symbol and value, then its
/// partial derivative with an explicit sign. A line wider than the box is
/// compressed to fit.
fn write_label_box(
    out: &mut String,
    rect: &Rect,
    style: &str,
    (name, (base, subscript, superscript)): Symbol,
    fonts: Fonts,
    value: f64,
    gradient: Option<f64>,
) {
    let _ = write!(
        out,
        r#"<rect class="box" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="5"{style}/>"#,
        rect.x, rect.y, rect.width, rect.height
    );
    let x = rect.x + LABEL_INDENT;
    let available = rect.width - LABEL_INDENT - END_PADDING;
    let value_text = format_number(value);
    let gradient_text = gradient.map_or_else(|| NOT_COMPUTED.to_string(), format_signed);
    let first = fonts.line_width(base, subscript, superscript, &format!(" = {value_text}"));
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{:.1}"{}><tspan class="name">{name}</tspan> = <tspan class="value">{value_text}</tspan></text>"#,
        rect.y + 14.0,
        fit_attributes(first, available)
    );
    let derivative = format!("∂L/∂{base}");
    let second = fonts.line_width(&derivative, "", "", &format!(" = {gradient_text}"));
    let _ = write!(
        out,
        r#"<text class="derivative" x="{x:.1}" y="{:.1}"{}>{derivative} = <tspan class="value">{gradient_text}</tspan></text>"#,
        rect.y + 29.0,
        fit_attributes(second, available)
    );
}

fn write_biases(
    parts: &mut Vec<String>,
    frame: &Frame,
    layout: &Layout,
    colouring: Colouring,
    scale: &DivergingScale,
) {
    for (index, layer) in layout.biases.iter().enumerate() {
        let l = index + 1;
        for (k, bias) in layer.iter().enumerate() {
            let out = &mut String::with_capacity(1024);
            let value = frame.biases[index][k];
            let gradient = frame.dl_db[index][k];
            let coloured_by = colour_value(colouring, value, gradient);
            let (colour_class, style) = colour_attributes(coloured_by, scale);
            let index = (k + 1).to_string();
            let layer = layer_index(l);
            let name = symbol_markup("b", &index, &layer);
            let _ = write!(
                out,
                r#"<g class="bias{colour_class}{}" data-kind="bias" data-layer="{l}" data-unit="{k}"{}{}>"#,
                bias_marks(frame, l, k),
                data_number("bias", Some(value)),
                data_number("gradient", gradient),
            );
            write_title(out, &notation::b(l, k).text, value, gradient, "b");
            match bias {
                BiasGeometry::Label {
                    label,
                    stub_start,
                    stub_end,
                } => {
                    let _ = write!(
                        out,
                        r#"<line class="stroke" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke-width="{:.2}"{style}/>"#,
                        stub_start.x,
                        stub_start.y,
                        stub_end.x,
                        stub_end.y,
                        stroke_width(coloured_by, scale)
                    );
                    let symbol = (name.as_str(), ("b", index.as_str(), layer.as_str()));
                    let fonts = label_fonts(layout.orientation);
                    write_label_box(out, label, &style, symbol, fonts, value, gradient);
                }
                BiasGeometry::Inside { swatch } => {
                    let sign = match coloured_by.map(Sign::of) {
                        Some(Sign::Positive) => "+",
                        Some(Sign::Negative) => "−",
                        Some(Sign::Zero) => "0",
                        None => "",
                    };
                    let _ = write!(
                        out,
                        r#"<rect class="swatch" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="3"{style}/><text class="sign" x="{:.1}" y="{:.1}" text-anchor="middle">{sign}</text>"#,
                        swatch.x,
                        swatch.y,
                        swatch.width,
                        swatch.height,
                        swatch.centre().x,
                        swatch.y + swatch.height - 3.0,
                    );
                }
            }
            out.push_str("</g>");
            parts.push(std::mem::take(out));
        }
    }
}

fn write_units(parts: &mut Vec<String>, frame: &Frame, layout: &Layout) {
    let depth = frame.depth();
    for (l, column) in layout.units.iter().enumerate() {
        for (k, rect) in column.iter().enumerate() {
            let out = &mut String::with_capacity(1024);
            let z = frame.z[l][k];
            let a = frame.a[l][k];
            let delta = frame.delta[l][k];
            let _ = write!(
                out,
                r#"<g class="unit{}" data-kind="unit" data-layer="{l}" data-unit="{k}"{}{}{}>"#,
                unit_marks(frame, l, k),
                data_number("z", z),
                data_number("a", a),
                data_number("delta", delta),
            );
            let index = (k + 1).to_string();
            let _ = write!(
                out,
                r#"<rect class="box" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="9"/>"#,
                rect.x, rect.y, rect.width, rect.height
            );
            let layer = layer_index(l);
            let mut lines: Vec<UnitLine> = Vec::new();
            if l == 0 {
                lines.push(UnitLine::input(&index));
                lines.push(UnitLine::value("a", &index, &layer, format_optional(a)));
            } else {
                lines.push(UnitLine::value("z", &index, &layer, format_optional(z)));
                lines.push(UnitLine::value("a", &index, &layer, format_optional(a)));
                lines.push(UnitLine::value("δ", &index, &layer, format_optional(delta)));
                if layout.orientation == Orientation::Vertical {
                    // Rows have no room for bias labels, so the bias and its
                    // partial derivative go inside the unit's box, the
                    // derivative after its swatch.
                    let bias = frame.biases[l - 1][k];
                    lines.push(UnitLine::value("b", &index, &layer, format_number(bias)));
                    let gradient = frame.dl_db[l - 1][k];
                    let text = gradient.map_or_else(|| NOT_COMPUTED.to_string(), format_signed);
                    lines.push(UnitLine::derivative("b", text));
                }
            }
            let fonts = unit_fonts(layout.orientation);
            let narrow = layout.orientation == Orientation::Vertical;
            let (first_baseline, line_height) = if narrow {
                (NARROW_FIRST_BASELINE, NARROW_LINE_HEIGHT)
            } else {
                (FIRST_BASELINE, LINE_HEIGHT)
            };
            for (row, line) in lines.iter().enumerate() {
                let indent = match (narrow, row) {
                    (true, 4) => SWATCH_LINE_INDENT,
                    (true, _) => NARROW_UNIT_INDENT,
                    (false, _) => UNIT_INDENT,
                };
                let available = rect.width - indent - END_PADDING;
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{:.1}"{}>{}</text>"#,
                    rect.x + indent,
                    rect.y + first_baseline + row as f64 * line_height,
                    fit_attributes(line.width(fonts), available),
                    line.markup
                );
            }
            if l == depth {
                if let Some(y) = frame.targets.get(k) {
                    let _ = write!(
                        out,
                        r#"<text class="target" x="{:.1}" y="{:.1}" text-anchor="middle">target {} = {}</text>"#,
                        rect.centre().x,
                        rect.bottom() + 14.0,
                        symbol_markup("y", &index, ""),
                        format_number(*y)
                    );
                }
            }
            out.push_str("</g>");
            parts.push(std::mem::take(out));
        }
    }
}

/// One line of text in a unit's box: its markup and the plain pieces that
/// estimate its width.
struct UnitLine {
    markup: String,
    base: String,
    subscript: String,
    superscript: String,
    rest: String,
}

impl UnitLine {
    fn input(index: &str) -> UnitLine {
        UnitLine {
            markup: format!("input {}", symbol_markup("x", index, "")),
            base: "input x".to_string(),
            subscript: index.to_string(),
            superscript: String::new(),
            rest: String::new(),
        }
    }

    fn value(base: &str, index: &str, layer: &str, value: String) -> UnitLine {
        UnitLine {
            markup: format!(
                r#"<tspan class="name">{}</tspan> = <tspan class="value">{value}</tspan>"#,
                symbol_markup(base, index, layer)
            ),
            base: base.to_string(),
            subscript: index.to_string(),
            superscript: layer.to_string(),
            rest: format!(" = {value}"),
        }
    }

    /// Builds the line of the partial derivative of the unit's `base`
    /// parameter: ∂L/∂b = +0.01.
    fn derivative(base: &str, value: String) -> UnitLine {
        UnitLine {
            markup: format!(
                r#"<tspan class="derivative">∂L/∂{base}</tspan> = <tspan class="value">{value}</tspan>"#
            ),
            base: format!("∂L/∂{base}"),
            subscript: String::new(),
            superscript: String::new(),
            rest: format!(" = {value}"),
        }
    }

    fn width(&self, fonts: Fonts) -> f64 {
        fonts.line_width(&self.base, &self.subscript, &self.superscript, &self.rest)
    }
}

/// Width and height of the legend's view box.
pub const LEGEND_WIDTH: f64 = 300.0;
pub const LEGEND_HEIGHT: f64 = 92.0;

/// Writes the markup inside `<svg viewBox="0 0 LEGEND_WIDTH LEGEND_HEIGHT">`: the
/// colour bar with its numbers, the dash pattern of negative values and the
/// marks of the current step and its dependencies.
pub fn legend_markup(scale: &DivergingScale, colouring: Colouring) -> String {
    const STEPS: usize = 24;
    const BAR_X: f64 = 26.0;
    const BAR_WIDTH: f64 = 248.0;
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r#"<text class="legend-title" x="4" y="13">{}</text>"#,
        colouring.title()
    );
    let step_width = BAR_WIDTH / STEPS as f64;
    for i in 0..STEPS {
        let value = scale.range() * (2.0 * (i as f64 + 0.5) / STEPS as f64 - 1.0);
        let _ = write!(
            out,
            r#"<rect class="ramp" x="{:.2}" y="20" width="{:.2}" height="12" style="--c:{};--c-dark:{}"/>"#,
            BAR_X + i as f64 * step_width,
            step_width + 0.4,
            scale.colour(value, &LIGHT),
            scale.colour(value, &DARK)
        );
    }
    for tick in scale.ticks() {
        let x = BAR_X + (scale.position(tick) + 1.0) / 2.0 * BAR_WIDTH;
        let _ = write!(
            out,
            r#"<line class="tick" x1="{x:.1}" y1="32" x2="{x:.1}" y2="37"/><text class="tick-label" x="{x:.1}" y="49" text-anchor="middle" data-tick="{tick}">{}</text>"#,
            format_signed(tick)
        );
    }
    let _ = write!(
        out,
        concat!(
            r#"<line class="sample negative coloured" x1="{x0}" y1="66" x2="{x1}" y2="66"/><text x="{t0}" y="70">negative (dashed)</text>"#,
            r#"<line class="sample positive coloured" x1="{x2}" y1="66" x2="{x3}" y2="66"/><text x="{t1}" y="70">positive (solid)</text>"#,
            r#"<rect class="sample-current" x="{x0}" y="78" width="26" height="10" rx="3"/><text x="{t0}" y="87">current step</text>"#,
            r#"<rect class="sample-dependency" x="{x2}" y="78" width="26" height="10" rx="3"/><text x="{t1}" y="87">depends on</text>"#,
        ),
        x0 = 4.0,
        x1 = 30.0,
        t0 = 36.0,
        x2 = 156.0,
        x3 = 182.0,
        t1 = 188.0,
    );
    out
}

/// Describes marked elements in plain text: "unit 1 of layer 1, w_{3,1}^(2)".
pub fn describe_marks(marks: &Marks) -> String {
    let mut parts = Vec::new();
    for &(l, k) in &marks.units {
        parts.push(format!("unit {} of layer {l}", k + 1));
    }
    for &(l, j, k) in &marks.edges {
        parts.push(notation::w(l, j, k).text);
    }
    for &(l, k) in &marks.biases {
        parts.push(notation::b(l, k).text);
    }
    parts.join(", ")
}
