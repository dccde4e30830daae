#![cfg(target_arch = "wasm32")]
//! The page's `App` in a browser: each test builds the landmark elements the
//! app mounts on, drives the app as the page's script does and reads what it
//! drew from the DOM.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlCanvasElement};

use backprop_lab::web::App;

wasm_bindgen_test_configure!(run_in_browser);

/// The parts of index.html the app reads and writes.
const PAGE: &str = r#"
<select id="preset">
  <option value="2-3-1" selected>2-3-1</option><option value="single-neuron">single</option>
  <option value="xor">xor</option><option value="mazur-2-2-2">mazur</option>
  <option value="custom" disabled hidden>custom</option>
</select>
<button id="previous-step"></button><button id="next-step"></button>
<select id="granularity"><option value="term" selected>term</option><option value="unit">unit</option>
  <option value="layer">layer</option><option value="iteration">iteration</option></select>
<button id="play-pause"><span class="play-icon"></span><span class="play-text"></span></button>
<input id="speed" type="range" min="1" max="60" value="5"><output id="speed-value"></output>
<input id="learning-rate" type="text"><p id="learning-rate-message"></p>
<p id="status"></p>
<div style="width: 900px"><svg id="network" xmlns="http://www.w3.org/2000/svg"></svg></div>
<svg id="legend" xmlns="http://www.w3.org/2000/svg"></svg>
<p id="step-position"></p><div id="formula"></div><p id="explanation"></p>
<canvas id="loss-chart" style="width: 300px; height: 200px"></canvas><p id="loss-summary"></p>
<details id="values-details"><summary>values</summary><div id="values-table"></div></details>
"#;

fn document() -> Document {
    web_sys::window()
        .expect("window")
        .document()
        .expect("document")
}

/// Puts the landmarks into the test page, replacing those of an earlier
/// test, and mounts an app. The runner's own elements in the body stay.
fn mount() -> App {
    let document = document();
    if let Some(old) = document.get_element_by_id("app-under-test") {
        old.remove();
    }
    let container = document.create_element("div").expect("a div");
    container.set_id("app-under-test");
    container.set_inner_html(PAGE);
    document
        .body()
        .expect("body")
        .append_child(&container)
        .expect("appended");
    App::new().unwrap_or_else(|_| panic!("App::new failed on the test page"))
}

fn element(id: &str) -> Element {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id}"))
}

/// Counts the elements that match `selector`, as the browser does.
fn count(selector: &str) -> u32 {
    let count_matches = js_sys::Function::new_with_args(
        "selector",
        "return document.querySelectorAll(selector).length;",
    );
    let result = count_matches
        .call1(&wasm_bindgen::JsValue::NULL, &selector.into())
        .expect("a valid selector");
    result.as_f64().expect("a number") as u32
}

fn text(id: &str) -> String {
    element(id).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
fn app_draws_lesson_on_start() {
    let _app = mount();
    assert_eq!(count("#network [data-kind=unit]"), 6);
    assert_eq!(count("#network [data-kind=edge]"), 9);
    assert_eq!(count("#network [data-kind=bias]"), 4);
    assert_eq!(count("#network .coloured"), 0);
    assert!(element("network").get_attribute("viewBox").is_some());
    assert!(count("#legend [data-tick]") == 5);
    assert!(text("step-position").contains("not started"));
    assert!(text("explanation").contains("13 parameters"));
}

#[wasm_bindgen_test]
fn next_step_writes_formula_and_highlight() {
    let mut app = mount();
    app.next_step();
    assert!(element("formula").inner_html().starts_with("<math"));
    let explanation = element("explanation");
    assert!(
        explanation
            .inner_html()
            .contains("z<sub>1</sub><sup>(1)</sup>"),
        "explanation: {}",
        explanation.inner_html()
    );
    let plain = explanation.get_attribute("data-text").unwrap_or_default();
    assert!(plain.contains("z_1^(1)"), "data-text: {plain}");
    assert_eq!(count("#network .unit.current"), 1);
    assert!(count("#network .dependency") > 0);
    assert!(text("step-position").contains("term 1 of 35"));

    app.previous_step();
    assert_eq!(count("#network .current"), 0);
    assert!(text("step-position").contains("not started"));
}

#[wasm_bindgen_test]
fn iteration_colours_every_derivative_and_plots_loss() {
    let mut app = mount();
    app.run_iteration();
    assert_eq!(count("#network .edge.coloured"), 9);
    assert_eq!(count("#network .bias.coloured"), 4);
    let chart: HtmlCanvasElement = element("loss-chart").dyn_into().expect("canvas");
    let points = chart.get_attribute("data-points").expect("data-points");
    let points: Vec<f64> = serde_json::from_str(&points).expect("a JSON array");
    assert_eq!(points.len(), 1);
    assert!(
        chart.width() >= 300,
        "the canvas is sized to its box: {}",
        chart.width()
    );
    assert!(text("loss-summary").starts_with("1 iteration"));
}

#[wasm_bindgen_test]
fn learning_rate_rejects_text() {
    let mut app = mount();
    assert!(!app.set_learning_rate("fast"));
    assert_eq!(
        element("learning-rate")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(text("learning-rate-message").contains("“fast” is not a number"));
    assert!(app.set_learning_rate("0.1"));
    assert_eq!(text("learning-rate-message"), "");
}

#[wasm_bindgen_test]
fn play_runs_iterations_until_paused() {
    let mut app = mount();
    assert!(app.toggle_play());
    assert_eq!(
        element("play-pause")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    app.play_tick();
    app.play_tick();
    app.pause();
    assert!(!app.is_playing());
    assert!(text("loss-summary").starts_with("2 iterations"));
    app.play_tick();
    assert!(
        text("loss-summary").starts_with("2 iterations"),
        "a tick while paused does nothing"
    );
}

#[wasm_bindgen_test]
fn presets_and_colour_toggle() {
    let mut app = mount();
    app.set_preset("single-neuron");
    assert_eq!(count("#network [data-kind=edge]"), 2);
    assert_eq!(app.preset_name(), "single-neuron");
    app.set_colour_parameters(true);
    assert_eq!(count("#network .edge.coloured"), 2);
    app.set_preset("no-such-lesson");
    assert!(text("status").contains("no-such-lesson"));
    assert_eq!(app.preset_name(), "single-neuron");
}

#[wasm_bindgen_test]
fn values_table_follows_steps_while_open() {
    let mut app = mount();
    app.next_step();
    assert_eq!(
        count("#values-table tr"),
        0,
        "a closed table is not written"
    );

    element("values-details")
        .set_attribute("open", "")
        .expect("open");
    app.redraw();
    assert_eq!(count("#values-table tbody tr"), 6 + 13);
    assert!(text("values-table").contains("unit 1 of layer 1"));
    app.run_iteration();
    assert!(
        !text("values-table").contains('?'),
        "every value is known after the iteration"
    );
}

#[wasm_bindgen_test]
fn play_hides_formula_of_earlier_step() {
    let mut app = mount();
    app.run_iteration();
    let first_formula = text("formula");
    assert!(app.toggle_play());
    assert!(
        text("formula").starts_with("Playing"),
        "play start replaces the formula: {}",
        text("formula")
    );
    let notice = text("explanation");
    assert!(notice.starts_with("Playing"), "explanation: {notice}");
    app.play_tick();
    app.play_tick();
    assert!(text("step-position").starts_with("Iteration 3"));
    assert!(text("formula").starts_with("Playing"));
    assert_eq!(text("explanation"), notice);

    app.pause();
    let formula = text("formula");
    assert!(
        !formula.starts_with("Playing"),
        "pause restores the formula"
    );
    assert_ne!(formula, first_formula, "the formula is of the last step");
    assert!(
        text("explanation").contains("Gradient descent"),
        "pause restores the update's explanation: {}",
        text("explanation")
    );
}

#[wasm_bindgen_test]
fn play_mid_iteration_hides_term_formula() {
    let mut app = mount();
    for _ in 0..3 {
        app.next_step();
    }
    assert!(app.toggle_play());
    app.play_tick();
    assert!(text("step-position").contains("update"));
    assert!(text("formula").starts_with("Playing"));
}

#[wasm_bindgen_test]
fn learning_rate_error_replaces_confirmation() {
    let mut app = mount();
    assert!(app.set_learning_rate("2"));
    assert!(text("status").contains("set to 2"));
    assert!(!app.set_learning_rate("-1"));
    assert_eq!(text("status"), "", "the confirmation of 2 is cleared");
    assert!(
        text("learning-rate-message").ends_with("α stays 2."),
        "message: {}",
        text("learning-rate-message")
    );
}

#[wasm_bindgen_test]
fn learning_rate_subnormal_is_finite_text() {
    let mut app = mount();
    assert!(app.set_learning_rate("1e-320"));
    let status = text("status");
    assert!(status.contains("1×10⁻³²⁰"), "status: {status}");
    for id in ["status", "learning-rate-message", "explanation", "formula"] {
        let shown = text(id);
        assert!(
            !shown.contains("inf") && !shown.contains("NaN"),
            "#{id}: {shown}"
        );
    }
}

#[wasm_bindgen_test]
fn huge_learning_rate_field_stays_short() {
    let mut app = mount();
    let document = r#"{"version": 1, "inputs": 1,
        "layers": [{"activation": "linear", "weights": [[2.0]], "biases": [0.0]}],
        "loss": "squared_error", "learning_rate": 1e150,
        "samples": [{"x": [10.0], "y": [0.0]}]}"#;
    app.load_json(document).expect("a valid document");
    let field: web_sys::HtmlInputElement = element("learning-rate").dyn_into().expect("an input");
    assert_eq!(field.value(), "1e150");
    for _ in 0..5 {
        app.run_iteration();
    }
    let status = text("status");
    assert!(status.contains("diverged"), "status: {status}");
    assert_eq!(status.matches("diverged").count(), 1, "said once: {status}");
}
