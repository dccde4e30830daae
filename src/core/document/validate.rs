//! [`Document`] to [`Network`]: sizes, shapes, ranges and the rules between
//! fields, each error with the path of the field.

use super::{
    Document, DocumentError, LayerDocument, DOCUMENT_VERSION, MAX_LAYERS, MAX_SAMPLES, MAX_SEED,
    MAX_UNITS,
};
use crate::core::activation::Activation;
use crate::core::init::draw_parameters;
use crate::core::loss::Loss;
use crate::core::matrix::Matrix;
use crate::core::network::{Layer, Network, Sample};

pub(super) fn build_network(document: &Document) -> Result<Network, DocumentError> {
    check_version(document.version)?;
    check_count(document.inputs, "inputs", "input", MAX_UNITS)?;
    check_count(document.layers.len(), "layers", "layer", MAX_LAYERS)?;
    check_seed(document.seed)?;
    check_learning_rate(document.learning_rate)?;

    let sizes = layer_sizes(document)?;
    let initialiser = document.initialiser.unwrap_or_default();
    let drawn = document
        .seed
        .map(|seed| draw_parameters(&sizes, initialiser, seed));

    let mut layers = Vec::with_capacity(document.layers.len());
    for (i, layer) in document.layers.iter().enumerate() {
        let path = format!("layers[{i}]");
        let (fan_in, units) = (sizes[i], sizes[i + 1]);

        let weights = match (&layer.weights, &drawn) {
            (Some(rows), _) => weights_matrix(rows, fan_in, units, &format!("{path}.weights"))?,
            (None, Some(drawn)) => drawn[i].weights.clone(),
            (None, None) => return Err(missing_parameters(&path, "weights", fan_in, units)),
        };
        let biases = match (&layer.biases, &drawn) {
            (Some(biases), _) => {
                check_vector(
                    biases,
                    units,
                    &format!("{path}.biases"),
                    "one per unit of this layer",
                )?;
                biases.clone()
            }
            (None, Some(drawn)) => drawn[i].biases.clone(),
            (None, None) => return Err(missing_parameters(&path, "biases", 1, units)),
        };

        layers.push(Layer {
            activation: layer.activation,
            weights,
            biases,
        });
    }

    let outputs = sizes[sizes.len() - 1];
    check_loss(document, &layers)?;
    let samples = samples(document, outputs)?;
    check_batch_size(document.batch_size, samples.len())?;

    Ok(Network {
        inputs: document.inputs,
        layers,
        loss: document.loss,
        learning_rate: document.learning_rate,
        train_biases: document.train_biases.unwrap_or(true),
        samples,
        batch_size: document.batch_size,
        seed: document.seed,
        initialiser,
    })
}

fn check_version(version: Option<u32>) -> Result<(), DocumentError> {
    match version {
        None | Some(DOCUMENT_VERSION) => Ok(()),
        Some(other) => Err(DocumentError::new(
            "version",
            format!("unsupported version {other}; this build reads version {DOCUMENT_VERSION} only. Set it to {DOCUMENT_VERSION} or remove it"),
        )),
    }
}

/// Checks that a count is between 1 and `max`.
fn check_count(count: usize, path: &str, item: &str, max: usize) -> Result<(), DocumentError> {
    if count == 0 {
        return Err(DocumentError::new(
            path,
            format!("expected at least 1 {item}, found 0"),
        ));
    }
    if count > max {
        return Err(DocumentError::new(
            path,
            format!("expected at most {max} {item}s, found {count}"),
        ));
    }
    Ok(())
}

fn check_seed(seed: Option<u64>) -> Result<(), DocumentError> {
    match seed {
        Some(seed) if seed > MAX_SEED => Err(DocumentError::new(
            "seed",
            format!(
                "expected a whole number from 0 to {MAX_SEED} (2^53 - 1, so that JavaScript reads it exactly), found {seed}"
            ),
        )),
        _ => Ok(()),
    }
}

fn check_learning_rate(learning_rate: f64) -> Result<(), DocumentError> {
    if learning_rate.is_finite() && learning_rate > 0.0 {
        return Ok(());
    }
    Err(DocumentError::new(
        "learning_rate",
        format!("expected a positive finite number such as 0.5, found {learning_rate}"),
    ))
}

/// Reads the unit counts of layers 0..=L from each layer's `units`, `biases`
/// or `weights`, whichever comes first, and checks each is between 1 and
/// `MAX_UNITS`.
fn layer_sizes(document: &Document) -> Result<Vec<usize>, DocumentError> {
    let mut sizes = Vec::with_capacity(document.layers.len() + 1);
    sizes.push(document.inputs);

    for (i, layer) in document.layers.iter().enumerate() {
        let path = format!("layers[{i}]");
        let (units, source) = layer_units(layer, &path)?;
        check_count(units, &source, "unit", MAX_UNITS)?;
        sizes.push(units);
    }
    Ok(sizes)
}

/// Returns a layer's unit count and the path of the field it was read from.
fn layer_units(layer: &LayerDocument, path: &str) -> Result<(usize, String), DocumentError> {
    if let Some(units) = layer.units {
        return Ok((units, format!("{path}.units")));
    }
    if let Some(biases) = &layer.biases {
        return Ok((biases.len(), format!("{path}.biases")));
    }
    if let Some(rows) = &layer.weights {
        // An empty weights array has no row to count, so it reports the
        // missing rows instead of a unit count.
        if let Some(first) = rows.first() {
            return Ok((first.len(), format!("{path}.weights[0]")));
        }
        return Err(DocumentError::new(
            format!("{path}.weights"),
            "expected one row per unit of the previous layer, found none",
        ));
    }
    Err(DocumentError::new(
        path,
        "missing weights and biases; give both, or give `units` here and a top-level `seed` to draw them",
    ))
}

fn missing_parameters(path: &str, field: &str, rows: usize, units: usize) -> DocumentError {
    let shape = if field == "weights" {
        format!(
            "{rows} {} of {units} {}",
            noun(rows, "row"),
            noun(units, "number")
        )
    } else {
        format!("{units} {}", noun(units, "number"))
    };
    DocumentError::new(
        format!("{path}.{field}"),
        format!("missing field; give {shape}, or a top-level `seed` to draw them"),
    )
}

fn weights_matrix(
    rows: &[Vec<f64>],
    fan_in: usize,
    units: usize,
    path: &str,
) -> Result<Matrix, DocumentError> {
    if rows.len() != fan_in {
        return Err(DocumentError::new(
            path,
            format!(
                "expected {fan_in} rows, one per unit of the previous layer, found {}",
                rows.len()
            ),
        ));
    }
    for (j, row) in rows.iter().enumerate() {
        check_vector(
            row,
            units,
            &format!("{path}[{j}]"),
            "one weight to each unit of this layer",
        )?;
    }
    Ok(Matrix::from_rows(rows))
}

/// Checks the length of a vector and that each number is finite.
fn check_vector(
    values: &[f64],
    expected: usize,
    path: &str,
    meaning: &str,
) -> Result<(), DocumentError> {
    if values.len() != expected {
        return Err(DocumentError::new(
            path,
            format!(
                "expected {expected} {}, {meaning}, found {}",
                noun(expected, "number"),
                values.len()
            ),
        ));
    }
    check_finite(values, path)
}

/// Returns `singular`, with an "s" unless `count` is 1.
fn noun(count: usize, singular: &str) -> String {
    if count == 1 {
        singular.to_string()
    } else {
        format!("{singular}s")
    }
}

fn check_finite(values: &[f64], path: &str) -> Result<(), DocumentError> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(i) => Err(DocumentError::new(
            format!("{path}[{i}]"),
            format!("expected a finite number, found {}", values[i]),
        )),
        None => Ok(()),
    }
}

/// Binary cross-entropy reads the outputs as probabilities, so it needs a
/// sigmoid output layer.
fn check_loss(document: &Document, layers: &[Layer]) -> Result<(), DocumentError> {
    let last = layers.len() - 1;
    let output = layers[last].activation;
    if document.loss == Loss::BinaryCrossEntropy && output != Activation::Sigmoid {
        return Err(DocumentError::new(
            format!("layers[{last}].activation"),
            format!(
                "binary_cross_entropy needs a sigmoid output layer, found {}; set this activation to sigmoid or choose another loss",
                output.name()
            ),
        ));
    }
    Ok(())
}

fn samples(document: &Document, outputs: usize) -> Result<Vec<Sample>, DocumentError> {
    if document.samples.is_empty() {
        return Err(DocumentError::new(
            "samples",
            "expected at least 1 sample such as {\"x\": [0.05, 0.1], \"y\": [0.01]}, found none",
        ));
    }
    if document.samples.len() > MAX_SAMPLES {
        return Err(DocumentError::new(
            "samples",
            format!(
                "expected at most {MAX_SAMPLES} samples, found {}",
                document.samples.len()
            ),
        ));
    }

    let mut samples = Vec::with_capacity(document.samples.len());
    for (i, sample) in document.samples.iter().enumerate() {
        let path = format!("samples[{i}]");
        check_vector(
            &sample.x,
            document.inputs,
            &format!("{path}.x"),
            "one per input",
        )?;
        check_vector(
            &sample.y,
            outputs,
            &format!("{path}.y"),
            "one per output unit",
        )?;

        if document.loss == Loss::BinaryCrossEntropy {
            if let Some(k) = sample.y.iter().position(|y| !(0.0..=1.0).contains(y)) {
                return Err(DocumentError::new(
                    format!("{path}.y[{k}]"),
                    format!(
                        "binary_cross_entropy needs targets between 0 and 1, found {}; rescale the targets or choose another loss",
                        sample.y[k]
                    ),
                ));
            }
        }

        samples.push(Sample {
            x: sample.x.clone(),
            y: sample.y.clone(),
        });
    }
    Ok(samples)
}

fn check_batch_size(batch_size: Option<usize>, samples: usize) -> Result<(), DocumentError> {
    match batch_size {
        Some(size) if size == 0 || size > samples => Err(DocumentError::new(
            "batch_size",
            format!(
                "expected a whole number from 1 to the number of samples ({samples}), found {size}; remove it to train full-batch"
            ),
        )),
        _ => Ok(()),
    }
}
