//! The drawing of the walkthrough into the page: the network, the values table,
//! the formula and explanation, the loss chart and the controls' state.

use super::chart;
use super::page::{set_attribute, set_text};
use super::{
    App, LONG_FORMULA, MAX_STACKED_FORMULAS, MAX_ZOOM, PLAYING_EXPLANATION, PLAYING_FORMULA,
    START_FORMULA, VISIBLE_FORMULA_ROWS, ZOOM_FROM_WIDTH,
};
use crate::view::chart::chart_model;
use crate::view::layout::layout;
use crate::view::notation::explanation_html;
use crate::view::svg::{legend_markup, network_fragments, scale_for, LEGEND_HEIGHT, LEGEND_WIDTH};
use crate::view::table::values_table_markup;
use crate::view::text::{loss_summary, position_text, speed_label, speed_text, Place};
use crate::view::Frame;
use crate::walkthrough::{Step, Walkthrough, WalkthroughError};

impl App {
    /// Redraws everything from the walkthrough. While playing, the formula
    /// panel and the explanation show the playing notice instead of a step.
    pub(super) fn render(&mut self) {
        let snapshot = self.walkthrough.snapshot();
        let step = self.walkthrough.current_step();
        let frame = Frame::from_walkthrough(&snapshot, step.as_ref());

        self.draw_network(&frame);
        self.draw_values_table(&frame);
        // While playing, the formula and the explanation wait for the pause,
        // because the formula of a whole iteration is tens of kilobytes of
        // MathML and laying it out on every tick would cost more than the
        // rest. A fixed notice replaces them, so that nothing shown
        // contradicts the position line, and the live region speaks once.
        if self.playing {
            self.draw_playing();
        } else {
            self.draw_step(step.as_ref());
        }
        let place = Place {
            iteration: snapshot.position.iteration,
            term: snapshot.position.term,
            term_count: snapshot.term_count,
            phase: phase_of(step.as_ref()),
            sample: step.as_ref().and_then(|s| s.sample),
            sample_count: snapshot.sample_count,
        };
        let position = position_text(&place);
        set_text(&self.page.position, &position);
        self.draw_chart(&snapshot.loss_history);

        match &snapshot.diverged {
            Some(reason) => {
                self.show_status(&diverged_message(reason), true);
                self.diverged_rate.get_or_insert(snapshot.learning_rate);
            }
            None => self.diverged_rate = None,
        }
        let at_start = !self.walkthrough.can_step_back();
        set_attribute(
            &self.page.previous,
            "aria-disabled",
            if at_start { "true" } else { "false" },
        );
        self.update_play_button();
    }

    fn draw_network(&mut self, frame: &Frame) {
        // A container wider than the drawing needs gets a larger drawing:
        // laid out for a narrower width, the SVG scales up to fill it, so
        // that the text stays readable on a wide screen or a projector.
        let zoom = (self.network_width / ZOOM_FROM_WIDTH).clamp(1.0, MAX_ZOOM);
        let width = (self.network_width / zoom).round();
        let cached = matches!(&self.layout, Some((sizes, w, _)) if *sizes == frame.layer_sizes && *w == width);
        if !cached {
            let new_layout = layout(&frame.layer_sizes, width);
            let view_box = format!("0 0 {:.0} {:.0}", new_layout.width, new_layout.height);
            set_attribute(&self.page.network, "viewBox", &view_box);
            let orientation = match new_layout.orientation {
                crate::view::Orientation::Horizontal => "horizontal",
                crate::view::Orientation::Vertical => "vertical",
            };
            set_attribute(&self.page.network, "class", orientation);
            self.layout = Some((frame.layer_sizes.clone(), width, new_layout));
            self.drawn.clear();
        }
        let Some((_, _, layout)) = &self.layout else {
            return;
        };

        let fragments = network_fragments(frame, layout, self.colouring);
        let children = self.page.network.children();
        if fragments.len() != self.drawn.len() || children.length() as usize != fragments.len() {
            self.page.network.set_inner_html(&fragments.concat());
        } else {
            for (index, (new, old)) in fragments.iter().zip(&self.drawn).enumerate() {
                if new != old {
                    if let Some(child) = children.item(index as u32) {
                        child.set_outer_html(new);
                    }
                }
            }
        }
        self.drawn = fragments;

        let scale = scale_for(frame, self.colouring);
        let legend_key = (scale, self.colouring);
        if self.legend_key != Some(legend_key) {
            let legend = legend_markup(&scale, self.colouring);
            set_attribute(
                &self.page.legend,
                "viewBox",
                &format!("0 0 {LEGEND_WIDTH} {LEGEND_HEIGHT}"),
            );
            self.page.legend.set_inner_html(&legend);
            let legend_name = format!(
                "Colour legend: {}, from {} (blue, dashed) to {} (orange, solid).",
                self.colouring.title(),
                crate::view::format::format_number(-scale.range()),
                crate::view::format::format_number(scale.range())
            );
            set_attribute(&self.page.legend, "aria-label", &legend_name);
            self.legend_key = Some(legend_key);
        }
    }

    /// Writes the values table while its `<details>` is open. A closed one
    /// hides the table from everyone, so it is not kept up to date.
    fn draw_values_table(&mut self, frame: &Frame) {
        if !self.page.values_details.has_attribute("open") {
            return;
        }
        let table = values_table_markup(frame);
        if table != self.table_drawn {
            self.page.values_table.set_inner_html(&table);
            self.table_drawn = table;
        }
    }

    /// Writes the playing notice into the formula panel and the explanation.
    /// Both are written only when they change, so the live region announces
    /// the start of play once and stays quiet on every tick.
    pub(super) fn draw_playing(&mut self) {
        self.write_formula(PLAYING_FORMULA.to_string());
        self.write_explanation(PLAYING_EXPLANATION);
    }

    fn draw_step(&mut self, step: Option<&Step>) {
        let (formula, explanation) = step_texts(step, &self.walkthrough);
        self.write_formula(formula);
        self.write_explanation(&explanation);
    }

    fn write_formula(&mut self, formula: String) {
        // A formula can be kilobytes of MathML (the update lists
        // every parameter), so it is replaced only when it changes.
        if formula != self.formula_drawn {
            self.page.formula.set_inner_html(&formula);
            // A new formula starts at its first row, whatever the previous
            // one was scrolled to. Setting the offsets forces a layout, so
            // it happens only after the learner scrolled: www/index.js sets
            // `data-scrolled` then.
            if self.page.formula.has_attribute("data-scrolled") {
                self.page.formula.set_scroll_top(0);
                self.page.formula.set_scroll_left(0);
                let _ = self.page.formula.remove_attribute("data-scrolled");
            }
            let long = formula.len() > LONG_FORMULA;
            set_attribute(
                &self.page.formula,
                "class",
                if long { "formula long" } else { "formula" },
            );
            self.formula_drawn = formula;
        }
    }

    /// Writes the explanation with its notation typeset, and keeps the
    /// plain text, as the JavaScript API returns it, in `data-text`.
    fn write_explanation(&mut self, explanation: &str) {
        if explanation != self.explanation_drawn {
            self.page
                .explanation
                .set_inner_html(&explanation_html(explanation));
            set_attribute(&self.page.explanation, "data-text", explanation);
            self.explanation_drawn = explanation.to_string();
        }
    }
    fn draw_chart(&mut self, history: &[f64]) {
        let canvas = &self.page.chart;
        let key = (
            history.iter().map(|v| v.to_bits()).collect::<Vec<u64>>(),
            self.log_scale,
            self.chart_size,
        );
        if self.chart_key.as_ref() == Some(&key) {
            return;
        }

        let model = chart_model(history, self.log_scale);
        let pixel_ratio = web_sys::window()
            .map_or(1.0, |w| w.device_pixel_ratio())
            .max(1.0);
        if let Err(error) = chart::draw(
            canvas,
            self.chart_size,
            &model,
            &self.chart_colours,
            pixel_ratio,
        ) {
            self.show_status(&format!("The loss chart failed to draw: {error}"), true);
            return;
        }
        self.chart_key = Some(key);

        // The points as data, for tests and tools, and as a sentence for
        // screen readers.
        let points = serde_json::to_string(history).unwrap_or_else(|_| "[]".to_string());
        set_attribute(canvas, "data-points", &points);
        set_attribute(
            canvas,
            "data-scale",
            if self.log_scale { "log" } else { "linear" },
        );
        set_text(&self.page.loss_summary, &loss_summary(history));
    }

    pub(super) fn update_play_button(&self) {
        let button = &self.page.play_pause;
        set_attribute(
            button,
            "aria-pressed",
            if self.playing { "true" } else { "false" },
        );
        let (icon, text) = if self.playing {
            ("❚❚", "Pause")
        } else {
            ("▶", "Play")
        };
        if let Ok(Some(element)) = button.query_selector(".play-icon") {
            set_text(&element, icon);
        }
        if let Ok(Some(element)) = button.query_selector(".play-text") {
            set_text(&element, text);
        }
    }

    pub(super) fn update_speed(&self) {
        let text = speed_text(self.iterations_per_second);
        self.page
            .speed
            .set_value(&self.iterations_per_second.to_string());
        set_attribute(&self.page.speed, "aria-valuetext", &text);
        set_text(
            &self.page.speed_value,
            &speed_label(self.iterations_per_second),
        );
    }

    pub(super) fn show_status(&self, message: &str, is_error: bool) {
        set_text(&self.page.status, message);
        let classes = self.page.status.class_list();
        let _ = if is_error {
            classes.add_1("error")
        } else {
            classes.remove_1("error")
        };
    }

    pub(super) fn clear_status(&self) {
        self.show_status("", false);
    }

    pub(super) fn show_error(&self, error: &WalkthroughError) {
        let message = match error {
            WalkthroughError::Diverged { reason } => diverged_message(reason),
            other => other.to_string(),
        };
        self.show_status(&message, true);
    }
}

/// Writes the status line of a divergence. The walkthrough's reason may
/// already begin by saying that training diverged.
fn diverged_message(reason: &str) -> String {
    if reason.starts_with("Training diverged") {
        reason.to_string()
    } else {
        format!("Training diverged. {reason}")
    }
}

fn phase_of(step: Option<&Step>) -> &'static str {
    match step.map(|s| s.phase) {
        None => "start",
        Some(crate::walkthrough::Phase::Forward) => "forward",
        Some(crate::walkthrough::Phase::Loss) => "loss",
        Some(crate::walkthrough::Phase::Backward) => "backward",
        Some(crate::walkthrough::Phase::Average) => "average",
        Some(crate::walkthrough::Phase::Update) => "update",
    }
}

fn start_explanation(walkthrough: &Walkthrough) -> String {
    let network = walkthrough.network();
    let sizes: Vec<String> = network.layer_sizes().iter().map(usize::to_string).collect();
    let samples = network.samples.len();
    let sample_text = if samples == 1 {
        "one training sample".to_string()
    } else {
        format!("{samples} training samples")
    };
    format!(
        "A {} network with {} parameters and {sample_text}. One iteration takes {} terms: the forward pass, the loss, the backward pass and the update.",
        sizes.join("-"),
        network.parameter_count(),
        walkthrough.term_count()
    )
}

/// Builds the formula panel's markup and the explanation of `step`.
fn step_texts(step: Option<&Step>, walkthrough: &Walkthrough) -> (String, String) {
    let (formula, explanation) = formula_and_explanation(step, walkthrough);
    (with_row_count(formula), explanation)
}

/// Appends the count of rows to a formula of more rows than the panel
/// shows at once, so that the panel states that the box scrolls.
fn with_row_count(formula: String) -> String {
    let rows = formula.matches("<mtr").count();
    if rows > VISIBLE_FORMULA_ROWS {
        format!(r#"{formula}<p class="formula-more">{rows} rows: scroll the box for the rest.</p>"#)
    } else {
        formula
    }
}

fn formula_and_explanation(step: Option<&Step>, walkthrough: &Walkthrough) -> (String, String) {
    match step {
        Some(step) if step.terms.len() > MAX_STACKED_FORMULAS => {
            // A whole iteration stacks dozens of formulas, so only the last
            // one (the update) is shown.
            let last = step
                .terms
                .last()
                .map_or(step.mathml.as_str(), |term| term.mathml.as_str());
            let note = format!(
                r#"<p class="formula-hint">This step covered {} terms; the last is shown. Choose a smaller step size to see the formula of each.</p>"#,
                step.terms.len()
            );
            (format!("{last}{note}"), step.explanation.clone())
        }
        Some(step) => (step.mathml.clone(), step.explanation.clone()),
        None => (START_FORMULA.to_string(), start_explanation(walkthrough)),
    }
}
