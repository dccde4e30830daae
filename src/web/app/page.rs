//! The page's elements, found once by their ids.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};

/// Handles to every element the app reads or writes.
pub struct Page {
    pub network: Element,
    pub network_frame: Element,
    pub legend: Element,
    pub formula: Element,
    pub explanation: Element,
    pub position: Element,
    pub status: Element,
    pub previous: Element,
    pub play_pause: Element,
    pub granularity: HtmlSelectElement,
    pub preset: HtmlSelectElement,
    pub learning_rate: HtmlInputElement,
    pub learning_rate_message: Element,
    pub speed: HtmlInputElement,
    pub speed_value: Element,
    pub chart: HtmlCanvasElement,
    pub loss_summary: Element,
    pub values_details: Element,
    pub values_table: Element,
}

fn find(document: &Document, id: &str) -> Result<Element, JsError> {
    document
        .get_element_by_id(id)
        .ok_or_else(|| JsError::new(&format!("the element with id \"{id}\" was not found in the page; mount the app on the index.html that comes with Backprop Lab")))
}

fn find_as<T: JsCast>(document: &Document, id: &str, kind: &str) -> Result<T, JsError> {
    find(document, id)?
        .dyn_into::<T>()
        .map_err(|_| JsError::new(&format!("the element with id \"{id}\" is not a {kind}")))
}

impl Page {
    pub fn find(document: Document) -> Result<Page, JsError> {
        let network = find(&document, "network")?;
        let network_frame = network
            .parent_element()
            .ok_or_else(|| JsError::new("the element with id \"network\" has no parent element"))?;
        Ok(Page {
            network,
            network_frame,
            legend: find(&document, "legend")?,
            formula: find(&document, "formula")?,
            explanation: find(&document, "explanation")?,
            position: find(&document, "step-position")?,
            status: find(&document, "status")?,
            previous: find(&document, "previous-step")?,
            play_pause: find(&document, "play-pause")?,
            granularity: find_as(&document, "granularity", "<select>")?,
            preset: find_as(&document, "preset", "<select>")?,
            learning_rate: find_as(&document, "learning-rate", "<input>")?,
            learning_rate_message: find(&document, "learning-rate-message")?,
            speed: find_as(&document, "speed", "<input>")?,
            speed_value: find(&document, "speed-value")?,
            chart: find_as(&document, "loss-chart", "<canvas>")?,
            loss_summary: find(&document, "loss-summary")?,
            values_details: find(&document, "values-details")?,
            values_table: find(&document, "values-table")?,
        })
    }
}

/// Sets an attribute and ignores the result, because the DOM rejects only
/// invalid attribute names and every name passed here is a valid literal.
pub fn set_attribute(element: &Element, name: &str, value: &str) {
    let _ = element.set_attribute(name, value);
}

pub fn set_text(element: &Element, text: &str) {
    element.set_text_content(Some(text));
}
