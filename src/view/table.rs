//! The drawing's values as HTML tables, for screen readers and for learners
//! who want to copy the numbers.

use std::fmt::Write;

use super::format::{format_number, format_optional};
use super::frame::Frame;

/// Writes a symbol as HTML: `base` with a subscript and a superscript.
fn symbol_html(base: &str, subscript: &str, superscript: &str) -> String {
    format!("{base}<sub>{subscript}</sub><sup>{superscript}</sup>")
}

/// Writes two tables: every unit's z, a and delta, and every parameter with
/// its value and partial derivative. Values not computed yet show as "?".
pub fn values_table_markup(frame: &Frame) -> String {
    let mut out = String::with_capacity(8 * 1024);
    out.push_str(concat!(
        r#"<table class="values"><caption>Units</caption>"#,
        r#"<thead><tr><th scope="col">unit</th><th scope="col">z</th><th scope="col">a</th><th scope="col">δ = ∂L/∂z</th></tr></thead><tbody>"#,
    ));
    for (l, size) in frame.layer_sizes.iter().enumerate() {
        for k in 0..*size {
            let index = (k + 1).to_string();
            let name = if l == 0 {
                format!("input {}", symbol_html("x", &index, ""))
            } else {
                format!("unit {} of layer {l}", k + 1)
            };
            let z = if l == 0 {
                "—".to_string()
            } else {
                format_optional(frame.z[l][k])
            };
            let delta = if l == 0 {
                "—".to_string()
            } else {
                format_optional(frame.delta[l][k])
            };
            let _ = write!(
                out,
                r#"<tr><th scope="row">{name}</th><td>{z}</td><td>{}</td><td>{delta}</td></tr>"#,
                format_optional(frame.a[l][k])
            );
        }
    }
    out.push_str("</tbody></table>");

    out.push_str(concat!(
        r#"<table class="values"><caption>Parameters</caption>"#,
        r#"<thead><tr><th scope="col">parameter θ</th><th scope="col">value</th><th scope="col">∂L/∂θ</th></tr></thead><tbody>"#,
    ));
    for (index, weights) in frame.weights.iter().enumerate() {
        let layer = format!("({})", index + 1);
        for (j, row) in weights.iter().enumerate() {
            for (k, weight) in row.iter().enumerate() {
                let name = symbol_html("w", &format!("{},{}", j + 1, k + 1), &layer);
                write_parameter_row(&mut out, &name, *weight, frame.dl_dw[index][j][k]);
            }
        }
        for (k, bias) in frame.biases[index].iter().enumerate() {
            let name = symbol_html("b", &(k + 1).to_string(), &layer);
            write_parameter_row(&mut out, &name, *bias, frame.dl_db[index][k]);
        }
    }
    out.push_str("</tbody></table>");
    out
}

fn write_parameter_row(out: &mut String, name: &str, value: f64, gradient: Option<f64>) {
    let _ = write!(
        out,
        r#"<tr><th scope="row">{name}</th><td>{}</td><td>{}</td></tr>"#,
        format_number(value),
        format_optional(gradient)
    );
}
