//! Bit-for-bit literals of the core, checked both natively and in wasm
//! so that a platform difference fails: the seeded generator, the seeded
//! initialisation, Mazur's example and a document round trip.
//!
//! Run natively with `cargo test --test core_wasm` and in a browser with
//! `wasm-pack test --headless --chrome -- --test core_wasm`.

use backprop_lab::core::rng::SeededRng;
use backprop_lab::core::{
    draw_parameters, mean_loss, preset, train_step, ForwardTrace, Initialiser, Workspace,
};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test_configure!(run_in_browser);

// Expected values come from a separate Python 3.11 implementation of
// SplitMix64 and of the same draw order (integers printed exactly, the
// floats with repr), so a platform difference in the generator or in the
// u64 -> f64 conversion fails here.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn splitmix64_first_outputs_seed_0() {
    let mut rng = SeededRng::new(0);
    assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
    assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn splitmix64_first_outputs_seed_42() {
    let mut rng = SeededRng::new(42);
    assert_eq!(rng.next_u64(), 13_679_457_532_755_275_413);
    assert_eq!(rng.next_u64(), 2_949_826_092_126_892_291);
    assert_eq!(rng.next_u64(), 5_139_283_748_462_763_858);
}

// The Python for the draws below, with R the SplitMix64 port:
//   lo + (hi - lo) * ((r.next_u64() >> 11) / 2.0**53), weights row by
//   row, then the biases (uniform only), layer after layer.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn uniform_draw_seed_7_literal() {
    let layers = draw_parameters(&[2, 3, 1], Initialiser::Uniform, 7);

    assert_eq!(
        layers[0].weights.row(0),
        [
            -0.22034050321745702,
            -0.9664234109436878,
            0.8015213612137668
        ]
    );
    assert_eq!(
        layers[0].weights.row(1),
        [
            0.16586058605615617,
            -0.09511620997706327,
            -0.5011369554345133
        ]
    );
    assert_eq!(
        layers[0].biases,
        [
            -0.0640939915542531,
            -0.3438465216949942,
            -0.7314834023831027
        ]
    );
    assert_eq!(
        layers[1].weights.as_slice(),
        [
            -0.17371720516444134,
            -0.7928801053099763,
            0.9197481531461831
        ]
    );
    assert_eq!(layers[1].biases, [0.8360391702922647]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn xavier_draw_seed_7_literal() {
    let layers = draw_parameters(&[2, 3, 1], Initialiser::Xavier, 7);

    assert_eq!(
        layers[0].weights.row(0),
        [-0.2413709278884817, -1.0586638045498855, 0.8780226597180527]
    );
    assert_eq!(
        layers[0].weights.row(1),
        [
            0.18169116876796698,
            -0.10419458757767097,
            -0.5489680297818881
        ]
    );
    assert_eq!(layers[0].biases, [0.0, 0.0, 0.0]);
    assert_eq!(
        layers[1].weights.as_slice(),
        [
            -0.07849878744308736,
            -0.4211242639917808,
            -0.8958805455767751
        ]
    );
    assert_eq!(layers[1].biases, [0.0]);
}

// The Python oracle's values of tests/core_oracle.rs, compared here bit for
// bit instead of within 1e-15.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn mazur_one_update_bit_for_bit() {
    let mut network = preset("mazur-2-2-2").unwrap();
    let mut forward = ForwardTrace::for_network(&network);
    assert_eq!(mean_loss(&network, &mut forward), 0.2983711087600027);

    let mut workspace = Workspace::for_network(&network);
    train_step(&mut network, &mut workspace);

    let output = &network.layers[1].weights;
    assert_eq!(output.row(0), [0.35891647971788465, 0.5113012702387375]);
    assert_eq!(output.row(1), [0.4086661860762334, 0.5613701211079891]);
    let hidden = &network.layers[0].weights;
    assert_eq!(hidden.row(0), [0.1497807161327628, 0.24975114363236958]);
    assert_eq!(hidden.row(1), [0.19956143226552567, 0.29950228726473915]);
    assert_eq!(mean_loss(&network, &mut forward), 0.29102777369359933);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn preset_document_round_trips() {
    let network = preset("2-3-1").unwrap();
    let again = backprop_lab::core::Network::from_json(&network.to_json()).unwrap();
    assert_eq!(again, network);
}
