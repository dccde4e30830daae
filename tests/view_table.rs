use backprop_lab::core::presets::preset;
use backprop_lab::core::{backward, forward};
use backprop_lab::view::table::values_table_markup;
use backprop_lab::view::Frame;

#[test]
fn table_lists_every_unit_and_parameter() {
    let network = preset("2-3-1").expect("preset");
    let sample = &network.samples[0];
    let frame = Frame::before_forward(&network, &sample.x, &sample.y);
    let table = values_table_markup(&frame);
    assert_eq!(table.matches("<tr><th scope=\"row\">").count(), 6 + 13);
    assert_eq!(table.matches("<tr><th scope=\"row\">w<sub>").count(), 9);
    assert_eq!(table.matches("<tr><th scope=\"row\">b<sub>").count(), 4);
    assert!(table.contains("<caption>Units</caption>"));
    assert!(table.contains("<caption>Parameters</caption>"));
}

#[test]
fn table_shows_computed_values() {
    let network = preset("mazur-2-2-2").expect("preset");
    let sample = &network.samples[0];
    let forward_trace = forward(&network, &sample.x);
    let backward_trace = backward(&network, &forward_trace, &sample.y);
    let frame = Frame::from_traces(&network, &forward_trace, &backward_trace, &sample.y);
    let table = values_table_markup(&frame);
    // Mazur's hidden unit 1 and dL/dw_{1,1}^(2) (his w5).
    assert!(
        table.contains("<th scope=\"row\">unit 1 of layer 1</th><td>0.3775</td><td>0.5933</td>")
    );
    assert!(table.contains(
        "<th scope=\"row\">w<sub>1,1</sub><sup>(2)</sup></th><td>0.4</td><td>0.08217</td>"
    ));
    assert!(!table.contains('?'));
}

#[test]
fn table_marks_unknown_values() {
    let network = preset("single-neuron").expect("preset");
    let sample = &network.samples[0];
    let frame = Frame::before_forward(&network, &sample.x, &sample.y);
    let table = values_table_markup(&frame);
    assert!(
        table.contains("<th scope=\"row\">unit 1 of layer 1</th><td>?</td><td>?</td><td>?</td>")
    );
    assert!(
        table.contains("<th scope=\"row\">b<sub>1</sub><sup>(1)</sup></th><td>0.1</td><td>?</td>")
    );
}
