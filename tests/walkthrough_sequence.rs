#![cfg(not(target_arch = "wasm32"))]
//! The number and order of the walkthrough's steps at every granularity,
//! and that changing the granularity keeps the place.

mod walkthrough_support;

use backprop_lab::core::presets::preset;
use backprop_lab::walkthrough::{
    Granularity, Phase, Position, Quantity, Sequence, Step, Term, Walkthrough, MAX_DESCRIBED_TERMS,
};
use proptest::prelude::*;
use walkthrough_support::random_network;

/// Takes every step of the first iteration at `granularity`.
fn first_iteration(name: &str, granularity: Granularity) -> Vec<Step> {
    let mut walkthrough = Walkthrough::new(preset(name).unwrap());
    walkthrough.set_granularity(granularity);
    let term_count = walkthrough.term_count();
    let mut steps = Vec::new();
    while walkthrough.position().term < term_count {
        steps.push(walkthrough.next_step().unwrap());
    }
    steps
}

/// Lists the symbols of every term the steps cover, in order.
fn covered_symbols(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .flat_map(|step| {
            if step.terms.is_empty() {
                vec![step.symbol.clone()]
            } else {
                step.terms.iter().map(|t| t.symbol.clone()).collect()
            }
        })
        .collect()
}

// Counts by hand. Per sample: 2 forward terms per unit, the loss, and per
// unit of layer l: dL/da, da/dz, delta, one dL/dw per unit of layer l-1 and
// dL/db. Then the averaging (only with several samples) and the update.
//   single-neuron (2 inputs, 1 unit): 2 + 1 + (3 + 2 + 1) + 1 = 10 terms;
//     units: 1 forward + loss + 1 backward + update = 4; layers: the same.
//   2-3-1: 8 + 1 + (7 + 3 * 6) + 1 = 35 terms; units: 4 + 1 + 4 + 1 = 10;
//     layers: 2 + 1 + 2 + 1 = 6.
//   xor (2-3-1, 4 samples): 4 * 34 + 2 = 138 terms; units: 4 * 9 + 2 = 38;
//     layers: 4 * 5 + 2 = 22.
const COUNTS: [(&str, [usize; 4]); 4] = [
    ("single-neuron", [10, 4, 4, 1]),
    ("2-3-1", [35, 10, 6, 1]),
    ("xor", [138, 38, 22, 1]),
    // Mazur's 2-2-2: 8 + 1 + 2 * (3 + 2 + 1) * 2 + 1 = 34 terms;
    // units: 4 + 1 + 4 + 1 = 10; layers: 6.
    ("mazur-2-2-2", [34, 10, 6, 1]),
];

#[test]
fn step_counts_every_granularity() {
    for (name, counts) in COUNTS {
        for (granularity, expected) in Granularity::ALL.into_iter().zip(counts) {
            let steps = first_iteration(name, granularity);
            assert_eq!(steps.len(), expected, "{name} at {}", granularity.name());

            let walkthrough = Walkthrough::new(preset(name).unwrap());
            assert_eq!(
                walkthrough.step_count(granularity),
                expected,
                "{name} at {}",
                granularity.name()
            );
        }
    }
}

#[test]
fn coarse_steps_cover_same_terms() {
    for (name, _) in COUNTS {
        let terms = covered_symbols(&first_iteration(name, Granularity::Term));
        for granularity in [
            Granularity::Unit,
            Granularity::Layer,
            Granularity::Iteration,
        ] {
            assert_eq!(
                covered_symbols(&first_iteration(name, granularity)),
                terms,
                "{name} at {}",
                granularity.name()
            );
        }
    }
}

#[test]
fn order_2_3_1_term() {
    let symbols = covered_symbols(&first_iteration("2-3-1", Granularity::Term));
    let expected = [
        "z_1^(1)",
        "a_1^(1)",
        "z_2^(1)",
        "a_2^(1)",
        "z_3^(1)",
        "a_3^(1)",
        "z_1^(2)",
        "a_1^(2)",
        "L",
        "dL/da_1^(2)",
        "da_1^(2)/dz_1^(2)",
        "delta_1^(2)",
        "dL/dw_{1,1}^(2)",
        "dL/dw_{2,1}^(2)",
        "dL/dw_{3,1}^(2)",
        "dL/db_1^(2)",
        "dL/da_1^(1)",
        "da_1^(1)/dz_1^(1)",
        "delta_1^(1)",
        "dL/dw_{1,1}^(1)",
        "dL/dw_{2,1}^(1)",
        "dL/db_1^(1)",
        "dL/da_2^(1)",
        "da_2^(1)/dz_2^(1)",
        "delta_2^(1)",
        "dL/dw_{1,2}^(1)",
        "dL/dw_{2,2}^(1)",
        "dL/db_2^(1)",
        "dL/da_3^(1)",
        "da_3^(1)/dz_3^(1)",
        "delta_3^(1)",
        "dL/dw_{1,3}^(1)",
        "dL/dw_{2,3}^(1)",
        "dL/db_3^(1)",
        "L",
    ];
    assert_eq!(symbols, expected);
}

#[test]
fn order_single_neuron_term() {
    let steps = first_iteration("single-neuron", Granularity::Term);
    let quantities: Vec<Quantity> = steps.iter().map(|s| s.quantity).collect();
    assert_eq!(
        quantities,
        [
            Quantity::Z,
            Quantity::A,
            Quantity::Loss,
            Quantity::DlDa,
            Quantity::DaDz,
            Quantity::Delta,
            Quantity::DlDw,
            Quantity::DlDw,
            Quantity::DlDb,
            Quantity::Update,
        ]
    );
}

#[test]
fn order_xor_samples_then_average() {
    let steps = first_iteration("xor", Granularity::Term);

    // Each sample's 34 terms in turn, then the averaging and the update.
    for (index, step) in steps[..136].iter().enumerate() {
        assert_eq!(step.sample, Some(index / 34), "term {index}");
    }
    assert_eq!(steps[8].quantity, Quantity::Loss);
    assert_eq!(steps[34].symbol, "z_1^(1)");
    assert_eq!(steps[136].phase, Phase::Average);
    assert_eq!(steps[136].sample, None);
    assert_eq!(steps[137].phase, Phase::Update);
}

#[test]
fn unit_steps_2_3_1() {
    let steps = first_iteration("2-3-1", Granularity::Unit);
    let shapes: Vec<(Phase, Option<usize>, Option<usize>, usize)> = steps
        .iter()
        .map(|s| (s.phase, s.layer, s.unit, s.terms.len()))
        .collect();
    assert_eq!(
        shapes,
        [
            (Phase::Forward, Some(1), Some(0), 2),
            (Phase::Forward, Some(1), Some(1), 2),
            (Phase::Forward, Some(1), Some(2), 2),
            (Phase::Forward, Some(2), Some(0), 2),
            (Phase::Loss, None, None, 1),
            (Phase::Backward, Some(2), Some(0), 7),
            (Phase::Backward, Some(1), Some(0), 6),
            (Phase::Backward, Some(1), Some(1), 6),
            (Phase::Backward, Some(1), Some(2), 6),
            (Phase::Update, None, None, 1),
        ]
    );
}

#[test]
fn term_steps_have_no_terms() {
    for step in first_iteration("2-3-1", Granularity::Term) {
        assert!(step.terms.is_empty(), "{}", step.symbol);
        assert_eq!(step.granularity, Granularity::Term);
    }
}

#[test]
fn covered_terms_are_term_steps() {
    for step in first_iteration("2-3-1", Granularity::Unit) {
        for term in &step.terms {
            assert_eq!(term.granularity, Granularity::Term, "{}", term.symbol);
            assert_eq!(term.omitted_terms, 0, "{}", term.symbol);
            assert!(term.terms.is_empty(), "{}", term.symbol);
        }
    }
}

#[test]
fn next_iteration_follows_update() {
    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    walkthrough.set_granularity(Granularity::Iteration);
    let first = walkthrough.next_step().unwrap();
    assert_eq!(first.iteration, 0);
    assert_eq!(
        walkthrough.position(),
        Position {
            iteration: 0,
            term: 35
        }
    );

    walkthrough.set_granularity(Granularity::Term);
    let step = walkthrough.next_step().unwrap();
    assert_eq!(step.iteration, 1);
    assert_eq!(step.symbol, "z_1^(1)");
    assert_eq!(
        walkthrough.position(),
        Position {
            iteration: 1,
            term: 1
        }
    );
    assert_eq!(walkthrough.loss_history().len(), 1);
}

#[test]
fn granularity_change_keeps_place() {
    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    for _ in 0..3 {
        walkthrough.next_step().unwrap();
    }
    assert_eq!(walkthrough.position().term, 3);

    // Mid-unit: the unit step finishes unit 2 of layer 1.
    walkthrough.set_granularity(Granularity::Unit);
    let step = walkthrough.next_step().unwrap();
    let symbols: Vec<&str> = step.terms.iter().map(|t| t.symbol.as_str()).collect();
    assert_eq!(symbols, ["a_2^(1)"]);

    // Mid-layer: the layer step finishes layer 1.
    walkthrough.set_granularity(Granularity::Layer);
    let step = walkthrough.next_step().unwrap();
    let symbols: Vec<&str> = step.terms.iter().map(|t| t.symbol.as_str()).collect();
    assert_eq!(symbols, ["z_3^(1)", "a_3^(1)"]);

    // Back to terms: the next term is z_1^(2).
    walkthrough.set_granularity(Granularity::Term);
    assert_eq!(walkthrough.next_step().unwrap().symbol, "z_1^(2)");

    // The iteration step finishes the iteration, through the update.
    walkthrough.set_granularity(Granularity::Iteration);
    let step = walkthrough.next_step().unwrap();
    assert_eq!(step.terms.len(), 35 - 7);
    assert_eq!(step.quantity, Quantity::Update);
}

#[test]
fn granularity_names_round_trip() {
    for granularity in Granularity::ALL {
        assert_eq!(
            Granularity::from_name(granularity.name()),
            Some(granularity)
        );
    }
    assert_eq!(Granularity::from_name("Term"), None);
    assert_eq!(Granularity::from_name("sample"), None);

    let mut walkthrough = Walkthrough::new(preset("2-3-1").unwrap());
    let error = walkthrough.set_granularity_name("sample").unwrap_err();
    assert!(error.to_string().contains("\"sample\""), "{error}");
    assert_eq!(walkthrough.granularity(), Granularity::Term);
}

#[test]
fn go_to_lands_on_position() {
    let mut walkthrough = Walkthrough::new(preset("xor").unwrap());
    walkthrough.set_granularity(Granularity::Layer);

    walkthrough
        .go_to(Position {
            iteration: 2,
            term: 40,
        })
        .unwrap();
    assert_eq!(
        walkthrough.position(),
        Position {
            iteration: 2,
            term: 40
        }
    );
    assert_eq!(walkthrough.loss_history().len(), 2);

    // Term 0 of an iteration is the end of the one before.
    walkthrough
        .go_to(Position {
            iteration: 1,
            term: 0,
        })
        .unwrap();
    assert_eq!(
        walkthrough.position(),
        Position {
            iteration: 0,
            term: 138
        }
    );

    walkthrough
        .go_to(Position {
            iteration: 0,
            term: 0,
        })
        .unwrap();
    assert_eq!(
        walkthrough.position(),
        Position {
            iteration: 0,
            term: 0
        }
    );
    assert!(!walkthrough.can_step_back());

    let error = walkthrough
        .go_to(Position {
            iteration: 0,
            term: 139,
        })
        .unwrap_err();
    assert!(error.to_string().contains("from 0 to 138"), "{error}");
}

#[test]
fn go_to_same_state_as_stepping() {
    let mut stepped = Walkthrough::new(preset("2-3-1").unwrap());
    for _ in 0..80 {
        stepped.next_step().unwrap();
    }

    let mut jumped = Walkthrough::new(preset("2-3-1").unwrap());
    jumped.go_to(stepped.position()).unwrap();
    assert_eq!(jumped.snapshot(), stepped.snapshot());
    assert_eq!(
        jumped.current_step().unwrap().symbol,
        stepped.current_step().unwrap().symbol
    );
}

/// Lists the terms of one iteration with plain nested loops, the order the
/// API document gives.
fn listed_terms(network: &backprop_lab::core::Network) -> Vec<Term> {
    let sizes = network.layer_sizes();
    let depth = sizes.len() - 1;
    let samples = network.samples.len();
    let mut terms = Vec::new();
    for slot in 0..samples {
        for (layer, &units) in sizes.iter().enumerate().skip(1) {
            for unit in 0..units {
                terms.push(Term::Z { slot, layer, unit });
                terms.push(Term::A { slot, layer, unit });
            }
        }
        terms.push(Term::Loss { slot });
        for layer in (1..=depth).rev() {
            for unit in 0..sizes[layer] {
                terms.push(Term::DlDa { slot, layer, unit });
                terms.push(Term::DaDz { slot, layer, unit });
                terms.push(Term::Delta { slot, layer, unit });
                for from in 0..sizes[layer - 1] {
                    terms.push(Term::DlDw {
                        slot,
                        layer,
                        from,
                        unit,
                    });
                }
                terms.push(Term::DlDb { slot, layer, unit });
            }
        }
    }
    if samples > 1 {
        terms.push(Term::Average);
    }
    terms.push(Term::Update);
    terms
}

proptest! {
    #[test]
    fn sequence_matches_nested_loops(seed in any::<u64>()) {
        let network = random_network(seed);
        let sequence = Sequence::new(&network, network.samples.len());
        let expected = listed_terms(&network);

        prop_assert_eq!(sequence.len(), expected.len());
        for (index, &term) in expected.iter().enumerate() {
            prop_assert_eq!(sequence.get(index), term, "term {}", index);
        }

        for granularity in Granularity::ALL {
            let mut steps = 0;
            let mut start = 0;
            while start < sequence.len() {
                start = sequence.step_end(start, granularity);
                steps += 1;
            }
            prop_assert_eq!(sequence.step_count(granularity), steps, "{}", granularity.name());
        }
    }
}

#[test]
fn large_document_bounded_description() {
    // 2 inputs, 3 layers of 64 sigmoid units, 1 output and 2,000 samples.
    // Per sample: 2 * 193 forward terms, the loss, and backward
    // 64 * (2 + 4) + 2 * 64 * (64 + 4) + (64 + 4) = 9,156 terms, so 9,543.
    // With the averaging and the update: 2,000 * 9,543 + 2 = 19,086,002
    // terms, far more than a description can list.
    let mut network = preset("2-3-1").unwrap();
    let mut rng = backprop_lab::core::rng::SeededRng::new(3);
    let mut fan_in = 2;
    network.layers.clear();
    for units in [64, 64, 64, 1] {
        let rows: Vec<Vec<f64>> = (0..fan_in)
            .map(|_| (0..units).map(|_| rng.uniform(-0.2, 0.2)).collect())
            .collect();
        network.layers.push(backprop_lab::core::Layer {
            activation: backprop_lab::core::Activation::Sigmoid,
            weights: backprop_lab::core::Matrix::from_rows(&rows),
            biases: vec![0.0; units],
        });
        fan_in = units;
    }
    let sample = network.samples[0].clone();
    network.samples = vec![sample; 2_000];

    let mut walkthrough = Walkthrough::new(network);
    let term_count = walkthrough.term_count();
    assert_eq!(term_count, 19_086_002);

    let step = walkthrough.run_iteration().unwrap();
    assert_eq!(step.terms.len(), MAX_DESCRIBED_TERMS);
    assert_eq!(step.omitted_terms, term_count - MAX_DESCRIBED_TERMS);
    assert_eq!(step.quantity, Quantity::Update);
    assert!(step.mathml.contains("more parameters"));

    let snapshot = walkthrough.snapshot();
    assert_eq!(snapshot.sample, 1_999);
    assert!(snapshot.gradient_vector.is_some());
}

#[test]
fn coarse_step_terms_keep_own_formula() {
    let mut coarse = Walkthrough::new(preset("2-3-1").unwrap());
    coarse.set_granularity_name("iteration").unwrap();
    let step = coarse.next_step().unwrap();

    let mut fine = Walkthrough::new(preset("2-3-1").unwrap());
    let mut fine_steps = Vec::new();
    for _ in 0..step.terms.len() {
        fine_steps.push(fine.next_step().unwrap());
    }

    for (term, fine_step) in step.terms.iter().zip(&fine_steps) {
        assert_eq!(term.mathml, fine_step.mathml, "formula of {}", term.symbol);
    }
    assert!(step.mathml.len() > step.terms.last().unwrap().mathml.len());
}
