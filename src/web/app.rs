//! The page: draws a walkthrough into the page's elements and handles its
//! controls. www/index.js creates one `App` and forwards the page's events
//! to it; every number and every drawing comes from here.

mod chart;
mod page;
mod render;

use wasm_bindgen::prelude::*;

use crate::core::presets::{preset, PRESET_NAMES};
use crate::core::Network;
use crate::view::layout::Layout;
use crate::view::text::parse_learning_rate;
use crate::view::{Colouring, DivergingScale};
use crate::walkthrough::{Walkthrough, WalkthroughError};

use page::{set_attribute, set_text, Page};

/// The value of the `preset` list's option for a network loaded with
/// `loadJson`.
const CUSTOM: &str = "custom";

/// The default play speed, in iterations per second.
const DEFAULT_SPEED: f64 = 5.0;
/// The maximum number of formulas the formula panel stacks for one step.
/// A step that covers more terms shows its last term's formula.
const MAX_STACKED_FORMULAS: usize = 12;
/// The rows of a stacked formula that the formula panel shows without
/// scrolling, at its maximum height and the smaller font of long formulas.
const VISIBLE_FORMULA_ROWS: usize = 6;
/// The length of MathML markup above which the formula panel uses a smaller
/// font, so that more of a long formula fits.
const LONG_FORMULA: usize = 4000;
/// The container width above which the drawing is scaled up, and the
/// largest scale, in CSS pixels and as a factor.
const ZOOM_FROM_WIDTH: f64 = 1000.0;
const MAX_ZOOM: f64 = 1.4;
/// The first seed "New random weights" uses; the presets that draw their
/// weights use seed 1.
const FIRST_RESEED: u64 = 2;

/// The notices in the formula panel and the explanation while playing.
const PLAYING_FORMULA: &str = r#"<p class="formula-hint">Playing: the formula of the current step returns when you pause.</p>"#;
const PLAYING_EXPLANATION: &str =
    "Playing whole iterations. Pause to see the formula and explanation of the current step.";

const START_FORMULA: &str = r#"<p class="formula-hint">Press <strong>Next step</strong> (or the → key) to compute the first term of the forward pass.</p>"#;

/// The tutorial page mounted on the page's landmark elements.
#[wasm_bindgen]
pub struct App {
    page: Page,
    walkthrough: Walkthrough,
    preset: String,
    next_seed: u64,
    colouring: Colouring,
    log_scale: bool,
    playing: bool,
    iterations_per_second: f64,
    /// The layout of the last drawing, kept while the layer sizes and the
    /// container width stay the same.
    layout: Option<(Vec<usize>, f64, Layout)>,
    /// The top-level elements of the drawing as last written, in the order
    /// of the SVG's children; a redraw replaces only those that changed.
    drawn: Vec<String>,
    /// The scale and colouring the legend was last drawn for. The legend
    /// depends on nothing else, so a step that keeps both skips it.
    legend_key: Option<(DivergingScale, Colouring)>,
    formula_drawn: String,
    explanation_drawn: String,
    table_drawn: String,
    /// The widths and heights read from the page, in CSS pixels. Reading
    /// them forces a layout, so they are read only on start and on resize.
    network_width: f64,
    chart_size: (i32, i32),
    /// The chart's colours from the style sheet, read with the sizes.
    chart_colours: chart::ChartColours,
    /// The input the chart was last drawn from (history, scale and size), so
    /// that steps within an iteration do not redraw it.
    chart_key: Option<(Vec<u64>, bool, (i32, i32))>,
    /// The learning rate at which the last update diverged, while the
    /// walkthrough is at that update. Play stays off at this rate.
    diverged_rate: Option<f64>,
}

#[wasm_bindgen]
impl App {
    /// Mounts the app on the current document and loads the lesson chosen
    /// in the `preset` list (the 2-3-1 network by default).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<App, JsError> {
        #[cfg(feature = "console_error_panic_hook")]
        console_error_panic_hook::set_once();

        let window =
            web_sys::window().ok_or_else(|| JsError::new("Backprop Lab needs a browser window"))?;
        let document = window
            .document()
            .ok_or_else(|| JsError::new("the window has no document"))?;
        let page = Page::find(document)?;

        let chosen = page.preset.value();
        let name = if PRESET_NAMES.contains(&chosen.as_str()) {
            chosen
        } else {
            PRESET_NAMES[0].to_string()
        };
        let network = preset(&name).map_err(|e| JsError::new(&e.to_string()))?;
        let mut app = App {
            page,
            walkthrough: Walkthrough::new(network),
            preset: name,
            next_seed: FIRST_RESEED,
            colouring: Colouring::Gradients,
            log_scale: false,
            playing: false,
            iterations_per_second: DEFAULT_SPEED,
            layout: None,
            drawn: Vec::new(),
            legend_key: None,
            formula_drawn: String::new(),
            explanation_drawn: String::new(),
            table_drawn: String::new(),
            network_width: 0.0,
            chart_size: (0, 0),
            chart_colours: chart::ChartColours::default(),
            chart_key: None,
            diverged_rate: None,
        };
        app.measure();
        app.sync_inputs();
        app.render();
        Ok(app)
    }

    /// Takes one step at the current granularity.
    #[wasm_bindgen(js_name = nextStep)]
    pub fn next_step(&mut self) {
        match self.walkthrough.next_step() {
            Ok(_) => self.clear_status(),
            Err(error) => self.show_error(&error),
        }
        self.render();
    }

    /// Undoes the last step.
    #[wasm_bindgen(js_name = previousStep)]
    pub fn previous_step(&mut self) {
        match self.walkthrough.previous_step() {
            Ok(_) => self.clear_status(),
            Err(WalkthroughError::AtStart) => {
                self.show_status("Already at the start: there is no step to undo.", false)
            }
            Err(error) => self.show_error(&error),
        }
        self.render();
    }

    /// Runs to the end of the current iteration, through its update.
    #[wasm_bindgen(js_name = runIteration)]
    pub fn run_iteration(&mut self) {
        match self.walkthrough.run_iteration() {
            Ok(_) => self.clear_status(),
            Err(error) => self.show_error(&error),
        }
        self.render();
    }

    /// Starts or stops playing and returns whether it now plays. The page
    /// calls `playTick` every `playDelayMs` milliseconds while it plays.
    #[wasm_bindgen(js_name = togglePlay)]
    pub fn toggle_play(&mut self) -> bool {
        if self.playing {
            self.pause();
        } else if self.diverged_rate == Some(self.walkthrough.network().learning_rate) {
            let reason = self
                .walkthrough
                .diverged()
                .unwrap_or("The last update diverged.");
            let message = format!("{reason} Play stays off until the learning rate changes.");
            self.show_status(&message, true);
        } else {
            self.playing = true;
            self.clear_status();
            self.update_play_button();
            self.draw_playing();
        }
        self.playing
    }

    /// Stops playing and shows the last step in full.
    pub fn pause(&mut self) {
        if self.playing {
            self.playing = false;
            self.render();
        }
    }

    #[wasm_bindgen(js_name = isPlaying)]
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// Runs one iteration while playing. The live region keeps the notice
    /// written when play started, so that a screen reader is not flooded.
    /// Pausing shows and announces the last step.
    #[wasm_bindgen(js_name = playTick)]
    pub fn play_tick(&mut self) {
        if !self.playing {
            return;
        }
        if let Err(error) = self.walkthrough.run_iteration() {
            self.playing = false;
            self.show_error(&error);
            self.render();
            return;
        }
        self.render();
    }

    /// Returns the pause between two iterations while playing, in
    /// milliseconds.
    #[wasm_bindgen(js_name = playDelayMs)]
    pub fn play_delay_ms(&self) -> f64 {
        1000.0 / self.iterations_per_second
    }

    /// Sets the play speed in iterations per second (clamped to 1..=60).
    #[wasm_bindgen(js_name = setSpeed)]
    pub fn set_speed(&mut self, iterations_per_second: f64) {
        let speed = if iterations_per_second.is_finite() {
            iterations_per_second.clamp(1.0, 60.0)
        } else {
            DEFAULT_SPEED
        };
        self.iterations_per_second = speed;
        self.update_speed();
    }

    /// Sets the granularity by name: "term", "unit", "layer" or "iteration".
    #[wasm_bindgen(js_name = setGranularity)]
    pub fn set_granularity(&mut self, name: &str) {
        match self.walkthrough.set_granularity_name(name) {
            Ok(()) => self.clear_status(),
            Err(error) => self.show_error(&error),
        }
        self.render();
    }

    /// Checks and sets the learning rate typed into the page. An invalid
    /// value leaves the rate unchanged and explains the fix next to the
    /// field. Returns whether the value was accepted.
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, text: &str) -> bool {
        let result = parse_learning_rate(text).and_then(|alpha| {
            self.walkthrough
                .set_learning_rate(alpha)
                .map(|()| alpha)
                .map_err(|e| e.to_string())
        });
        match result {
            Ok(alpha) => {
                set_attribute(&self.page.learning_rate, "aria-invalid", "false");
                set_text(&self.page.learning_rate_message, "");
                let message = format!(
                    "Learning rate α set to {}. It applies from the next update.",
                    crate::view::format::format_number(alpha)
                );
                self.show_status(&message, false);
                true
            }
            Err(message) => {
                // The status may still confirm an earlier value, which would
                // read as if this one had been accepted too. An error there,
                // such as a divergence, stays.
                if !self.page.status.class_list().contains("error") {
                    self.clear_status();
                }
                let in_use =
                    crate::view::format::format_number(self.walkthrough.network().learning_rate);
                set_attribute(&self.page.learning_rate, "aria-invalid", "true");
                set_text(
                    &self.page.learning_rate_message,
                    &format!("{message} α stays {in_use}."),
                );
                false
            }
        }
    }

    /// Restores the initial weights of this lesson and clears the history.
    pub fn reset(&mut self) {
        self.walkthrough.reset();
        self.show_status(
            "Reset to the initial weights. The loss history is cleared.",
            false,
        );
        self.render();
    }

    /// Draws new initial weights from the next seed and starts over.
    pub fn reseed(&mut self) {
        let seed = self.next_seed;
        self.next_seed += 1;
        self.walkthrough.reseed(seed);
        let message = format!("New initial weights drawn from seed {seed}. Reset returns to them.");
        self.show_status(&message, false);
        self.render();
    }

    /// Loads a lesson by its preset name and starts it from the beginning,
    /// at the current granularity.
    #[wasm_bindgen(js_name = setPreset)]
    pub fn set_preset(&mut self, name: &str) {
        let network = match preset(name) {
            Ok(network) => network,
            Err(error) => {
                self.show_status(&error.to_string(), true);
                return;
            }
        };
        self.start_lesson(name, network);
    }

    /// Loads a network document (JSON, version 1) in place of the lesson and
    /// starts it from the beginning. An invalid document throws an error
    /// that names the field, and the current lesson stays.
    #[wasm_bindgen(js_name = loadJson)]
    pub fn load_json(&mut self, text: &str) -> Result<(), JsError> {
        let network =
            Network::from_json(text).map_err(|e| JsError::new(&format!("loadJson: {e}")))?;
        self.start_lesson(CUSTOM, network);
        Ok(())
    }

    /// Colours edges and biases by the weights and biases themselves
    /// instead of by their partial derivatives.
    #[wasm_bindgen(js_name = setColourParameters)]
    pub fn set_colour_parameters(&mut self, parameters: bool) {
        self.colouring = if parameters {
            Colouring::Parameters
        } else {
            Colouring::Gradients
        };
        self.render();
    }

    /// Switches the loss axis between linear and logarithmic.
    #[wasm_bindgen(js_name = setLogScale)]
    pub fn set_log_scale(&mut self, log_scale: bool) {
        self.log_scale = log_scale;
        self.render();
    }

    /// Lays the drawing out again for the container's new width, and reads
    /// the chart's colours again (the page calls this when the colour
    /// scheme changes too).
    pub fn resize(&mut self) {
        self.measure();
        self.render();
    }

    /// Draws everything again, for example when the values table opens.
    pub fn redraw(&mut self) {
        self.render();
    }

    /// Returns the name of the lesson shown.
    #[wasm_bindgen(js_name = presetName)]
    pub fn preset_name(&self) -> String {
        self.preset.clone()
    }
}

impl App {
    /// Replaces the lesson, keeping the granularity.
    fn start_lesson(&mut self, name: &str, network: Network) {
        let granularity = self.walkthrough.granularity();
        self.walkthrough = Walkthrough::new(network);
        self.walkthrough.set_granularity(granularity);
        self.preset = name.to_string();
        self.next_seed = FIRST_RESEED;
        self.layout = None;
        self.sync_inputs();
        self.clear_status();
        self.render();
    }

    fn measure(&mut self) {
        self.network_width = f64::from(self.page.network_frame.client_width()).max(240.0);
        self.chart_size = (
            self.page.chart.client_width(),
            self.page.chart.client_height(),
        );
        if let Some(window) = web_sys::window() {
            self.chart_colours = chart::ChartColours::of(&window, &self.page.chart);
        }
        // Sizes or colours may have changed, so the chart is drawn again.
        self.chart_key = None;
    }

    /// Sets the inputs that mirror the walkthrough's settings.
    fn sync_inputs(&mut self) {
        let alpha = self.walkthrough.network().learning_rate;
        // Rust writes 1e150 with all its 151 digits; the field shows 1e150,
        // which parse_learning_rate reads back.
        let text = if (1e-4..1e6).contains(&alpha) {
            alpha.to_string()
        } else {
            format!("{alpha:e}")
        };
        self.page.learning_rate.set_value(&text);
        set_attribute(&self.page.learning_rate, "aria-invalid", "false");
        set_text(&self.page.learning_rate_message, "");
        if let Ok(Some(option)) = self.page.preset.query_selector("option[value=custom]") {
            let _ = if self.preset == CUSTOM {
                option.remove_attribute("hidden")
            } else {
                option.set_attribute("hidden", "")
            };
        }
        self.page.preset.set_value(&self.preset);
        self.page
            .granularity
            .set_value(self.walkthrough.granularity().name());
        self.update_speed();
    }
}
