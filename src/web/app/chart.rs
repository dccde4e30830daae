//! The loss chart, drawn by plotters on the `loss-chart` canvas.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::{HtmlCanvasElement, Window};

use crate::view::chart::ChartModel;
use crate::view::format::format_number;

/// The chart's colours, read from the page's style sheet so that the chart
/// follows the light or dark colour scheme.
pub struct ChartColours {
    pub background: RGBColor,
    pub text: RGBColor,
    pub grid: RGBColor,
    pub line: RGBColor,
    pub current: RGBColor,
}

impl Default for ChartColours {
    /// Returns the light scheme's colours.
    fn default() -> ChartColours {
        ChartColours {
            background: RGBColor(0xf5, 0xf6, 0xf8),
            text: RGBColor(0x1b, 0x1f, 0x24),
            grid: RGBColor(0xc9, 0xce, 0xd6),
            line: RGBColor(0x00, 0x5e, 0xa2),
            current: RGBColor(0x00, 0x9e, 0x73),
        }
    }
}

impl ChartColours {
    /// Reads the custom properties --panel, --text, --border, --accent and
    /// --current of the canvas's style.
    pub fn of(window: &Window, canvas: &HtmlCanvasElement) -> ChartColours {
        let style = window.get_computed_style(canvas).ok().flatten();
        let defaults = ChartColours::default();
        let read = |name: &str, fallback: RGBColor| -> RGBColor {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .and_then(|value| parse_hex(value.trim()))
                .unwrap_or(fallback)
        };
        ChartColours {
            background: read("--panel", defaults.background),
            text: read("--text", defaults.text),
            grid: read("--border", defaults.grid),
            line: read("--accent", defaults.line),
            current: read("--current", defaults.current),
        }
    }
}

/// Parses "#rrggbb" (a longer "#rrggbbaa" keeps its first six digits).
fn parse_hex(text: &str) -> Option<RGBColor> {
    let digits = text.strip_prefix('#')?;
    if digits.len() < 6 || !digits.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok();
    Some(RGBColor(channel(0)?, channel(2)?, channel(4)?))
}

/// Sizes the canvas to its CSS box (`css_size`, in CSS pixels) at the
/// screen's pixel ratio and draws the chart into it.
pub fn draw(
    canvas: &HtmlCanvasElement,
    css_size: (i32, i32),
    model: &ChartModel,
    colours: &ChartColours,
    pixel_ratio: f64,
) -> Result<(), String> {
    let width = (f64::from(css_size.0) * pixel_ratio).round().max(1.0) as u32;
    let height = (f64::from(css_size.1) * pixel_ratio).round().max(1.0) as u32;
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }

    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("the loss chart's canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&colours.background).map_err(|e| e.to_string())?;

    let x_range = model.x_range.0..model.x_range.1;
    let y_range = model.y_range.0..model.y_range.1;
    if model.log_scale {
        let chart = ChartBuilder::on(&root)
            .margin((10.0 * pixel_ratio) as u32)
            // Room for the last x label, which is centred on the axis's end.
            .margin_right((22.0 * pixel_ratio) as u32)
            .x_label_area_size((34.0 * pixel_ratio) as u32)
            .y_label_area_size((62.0 * pixel_ratio) as u32)
            .build_cartesian_2d(
                x_range,
                y_range.log_scale().with_key_points(model.y_ticks.clone()),
            )
            .map_err(|e| e.to_string())?;
        draw_into(chart, model, colours, pixel_ratio)?;
    } else {
        let chart = ChartBuilder::on(&root)
            .margin((10.0 * pixel_ratio) as u32)
            // Room for the last x label, which is centred on the axis's end.
            .margin_right((22.0 * pixel_ratio) as u32)
            .x_label_area_size((34.0 * pixel_ratio) as u32)
            .y_label_area_size((62.0 * pixel_ratio) as u32)
            .build_cartesian_2d(x_range, y_range)
            .map_err(|e| e.to_string())?;
        draw_into(chart, model, colours, pixel_ratio)?;
    }
    root.present().map_err(|e| e.to_string())
}

fn draw_into<'a, Y>(
    mut chart: ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, Y>>,
    model: &ChartModel,
    colours: &ChartColours,
    pixel_ratio: f64,
) -> Result<(), String>
where
    Y: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    let font_size = 12.0 * pixel_ratio;
    let label_style = ("sans-serif", font_size).into_font().color(&colours.text);
    chart
        .configure_mesh()
        .x_desc("iteration")
        .y_desc("loss")
        .label_style(label_style.clone())
        .axis_desc_style(label_style)
        .axis_style(
            colours
                .text
                .stroke_width(pixel_ratio.round().max(1.0) as u32),
        )
        .bold_line_style(colours.grid.mix(0.6))
        .light_line_style(colours.grid.mix(0.25))
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format_number(*y))
        .draw()
        .map_err(|e| e.to_string())?;

    let line_width = (2.0 * pixel_ratio).round() as u32;
    chart
        .draw_series(LineSeries::new(
            model.points.iter().copied(),
            colours.line.stroke_width(line_width),
        ))
        .map_err(|e| e.to_string())?;
    if model.points.len() <= 200 {
        let radius = (2.5 * pixel_ratio).round() as u32;
        chart
            .draw_series(
                model
                    .points
                    .iter()
                    .map(|&p| Circle::new(p, radius, colours.line.filled())),
            )
            .map_err(|e| e.to_string())?;
    }
    if let Some(point) = model.current {
        let radius = (6.0 * pixel_ratio).round() as u32;
        chart
            .draw_series([
                Circle::new(point, radius, colours.current.filled()),
                Circle::new(
                    point,
                    radius,
                    colours
                        .text
                        .stroke_width((1.5 * pixel_ratio).round() as u32),
                ),
            ])
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
