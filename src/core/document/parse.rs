//! JSON text to [`Document`]: syntax, field names and value types, each error
//! with the path of the field. Shapes and ranges are checked later, in
//! `validate`, so that a `Document` built in Rust gets the same checks.

use serde_json::{Map, Value};

use super::strict::{StrictValue, DUPLICATE_KEY};
use super::{Document, DocumentError, LayerDocument, SampleDocument};
use crate::core::activation::Activation;
use crate::core::loss::Loss;
use crate::core::network::Initialiser;

const DOCUMENT_FIELDS: [&str; 10] = [
    "version",
    "inputs",
    "layers",
    "loss",
    "learning_rate",
    "train_biases",
    "batch_size",
    "seed",
    "initialiser",
    "samples",
];
const LAYER_FIELDS: [&str; 4] = ["activation", "units", "weights", "biases"];
const SAMPLE_FIELDS: [&str; 2] = ["x", "y"];

/// Parses the text and converts it into a document.
pub(super) fn parse_document(text: &str) -> Result<Document, DocumentError> {
    let value = parse_value(text)?;
    document_from_value(&value)
}

/// Parses JSON, naming the field of a syntax error as well as its line and
/// column. A number too large for f64 (such as 1e999) is a syntax error in
/// serde_json, so this is also where it is caught.
/// A key repeated in one object is rejected too.
fn parse_value(text: &str) -> Result<Value, DocumentError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = match serde_path_to_error::deserialize::<_, StrictValue>(&mut deserializer) {
        Ok(StrictValue(value)) => value,
        Err(error) => return Err(syntax_error(&error.path().to_string(), error.inner())),
    };

    // Text after the document, such as a second object, is also invalid.
    if let Err(error) = deserializer.end() {
        return Err(syntax_error("", &error));
    }
    Ok(value)
}

fn syntax_error(path: &str, error: &serde_json::Error) -> DocumentError {
    // serde_path_to_error writes "." for the whole document and "?" for a
    // map key not read yet, as at the end of the text inside an object.
    let path = path.trim_end_matches('?').trim_end_matches('.');

    // serde_json's message ends with " at line L column C", which is given
    // separately below.
    let full = error.to_string();
    let reason = full.split(" at line ").next().unwrap_or(&full);

    let message = if reason.starts_with(DUPLICATE_KEY) {
        format!(
            "{reason} at line {}, column {}: each field may appear once; remove one of them",
            error.line(),
            error.column()
        )
    } else if reason == "number out of range" {
        format!(
            "number out of range at line {}, column {}: expected a finite number between -1.7e308 and 1.7e308; write a smaller number",
            error.line(),
            error.column()
        )
    } else {
        format!(
            "invalid JSON at line {}, column {}: {reason}; fix the syntax there",
            error.line(),
            error.column()
        )
    };
    DocumentError::new(path, message)
}

fn document_from_value(value: &Value) -> Result<Document, DocumentError> {
    let map = object(value, "", "the network document", &DOCUMENT_FIELDS)?;

    let layers = array(required(map, "", "layers", "an array of layers")?, "layers")?
        .iter()
        .enumerate()
        .map(|(i, layer)| layer_from_value(layer, &format!("layers[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;

    let samples = array(
        required(map, "", "samples", "an array of samples")?,
        "samples",
    )?
    .iter()
    .enumerate()
    .map(|(i, sample)| sample_from_value(sample, &format!("samples[{i}]")))
    .collect::<Result<Vec<_>, _>>()?;

    Ok(Document {
        version: optional(map, "version", |v, path| {
            whole_number(v, path).map(saturate_u32)
        })?,
        inputs: whole_number(
            required(map, "", "inputs", "the number of inputs")?,
            "inputs",
        )
        .map(saturate_usize)?,
        layers,
        loss: loss(required(map, "", "loss", "the loss name")?, "loss")?,
        learning_rate: number(
            required(map, "", "learning_rate", "a positive number")?,
            "learning_rate",
        )?,
        train_biases: optional(map, "train_biases", boolean)?,
        batch_size: optional(map, "batch_size", |v, path| {
            whole_number(v, path).map(saturate_usize)
        })?,
        seed: optional(map, "seed", whole_number)?,
        initialiser: optional(map, "initialiser", initialiser)?,
        samples,
    })
}

fn layer_from_value(value: &Value, path: &str) -> Result<LayerDocument, DocumentError> {
    let map = object(value, path, "a layer", &LAYER_FIELDS)?;
    let activation_path = format!("{path}.activation");

    Ok(LayerDocument {
        activation: activation(
            required(map, path, "activation", "the activation name")?,
            &activation_path,
        )?,
        units: optional_at(map, path, "units", |v, p| {
            whole_number(v, p).map(saturate_usize)
        })?,
        weights: optional_at(map, path, "weights", matrix)?,
        biases: optional_at(map, path, "biases", numbers)?,
    })
}

fn sample_from_value(value: &Value, path: &str) -> Result<SampleDocument, DocumentError> {
    let map = object(value, path, "a sample", &SAMPLE_FIELDS)?;

    Ok(SampleDocument {
        x: numbers(
            required(map, path, "x", "the inputs")?,
            &format!("{path}.x"),
        )?,
        y: numbers(
            required(map, path, "y", "the targets")?,
            &format!("{path}.y"),
        )?,
    })
}

/// Checks that `value` is an object with only `allowed` fields.
fn object<'a>(
    value: &'a Value,
    path: &str,
    expected: &str,
    allowed: &[&str],
) -> Result<&'a Map<String, Value>, DocumentError> {
    let Some(map) = value.as_object() else {
        return Err(DocumentError::new(
            path,
            format!(
                "expected {expected} as a JSON object, found {}",
                kind(value)
            ),
        ));
    };

    if let Some(unknown) = map.keys().find(|key| !allowed.contains(&key.as_str())) {
        return Err(DocumentError::new(
            join(path, unknown),
            format!(
                "unknown field `{unknown}`; the allowed fields here are {}. Remove it or correct its spelling",
                allowed.join(", ")
            ),
        ));
    }
    Ok(map)
}

fn required<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    key: &str,
    expected: &str,
) -> Result<&'a Value, DocumentError> {
    map.get(key).ok_or_else(|| {
        DocumentError::new(
            join(path, key),
            format!("missing field; expected {expected}"),
        )
    })
}

/// Converts a top-level field that may be absent.
fn optional<T>(
    map: &Map<String, Value>,
    key: &str,
    convert: impl Fn(&Value, &str) -> Result<T, DocumentError>,
) -> Result<Option<T>, DocumentError> {
    optional_at(map, "", key, convert)
}

fn optional_at<T>(
    map: &Map<String, Value>,
    path: &str,
    key: &str,
    convert: impl Fn(&Value, &str) -> Result<T, DocumentError>,
) -> Result<Option<T>, DocumentError> {
    map.get(key)
        .map(|value| convert(value, &join(path, key)))
        .transpose()
}

fn array<'a>(value: &'a Value, path: &str) -> Result<&'a Vec<Value>, DocumentError> {
    value.as_array().ok_or_else(|| {
        DocumentError::new(path, format!("expected an array, found {}", kind(value)))
    })
}

fn number(value: &Value, path: &str) -> Result<f64, DocumentError> {
    match value.as_f64() {
        Some(n) if n.is_finite() => Ok(n),
        Some(n) => Err(DocumentError::new(
            path,
            format!("expected a finite number, found {n}"),
        )),
        None => Err(DocumentError::new(
            path,
            format!("expected a number, found {}", kind(value)),
        )),
    }
}

fn numbers(value: &Value, path: &str) -> Result<Vec<f64>, DocumentError> {
    array(value, path)?
        .iter()
        .enumerate()
        .map(|(i, item)| number(item, &format!("{path}[{i}]")))
        .collect()
}

fn matrix(value: &Value, path: &str) -> Result<Vec<Vec<f64>>, DocumentError> {
    array(value, path)?
        .iter()
        .enumerate()
        .map(|(j, row)| numbers(row, &format!("{path}[{j}]")))
        .collect()
}

fn whole_number(value: &Value, path: &str) -> Result<u64, DocumentError> {
    if let Some(n) = value.as_u64() {
        return Ok(n);
    }
    let found = match value {
        Value::Number(n) => format!("{n}"),
        other => kind(other).to_string(),
    };
    Err(DocumentError::new(
        path,
        format!("expected a whole number of at least 0, found {found}"),
    ))
}

fn boolean(value: &Value, path: &str) -> Result<bool, DocumentError> {
    value.as_bool().ok_or_else(|| {
        DocumentError::new(
            path,
            format!("expected true or false, found {}", kind(value)),
        )
    })
}

fn activation(value: &Value, path: &str) -> Result<Activation, DocumentError> {
    one_of(value, path, "activation", Activation::ALL, Activation::name)
}

fn loss(value: &Value, path: &str) -> Result<Loss, DocumentError> {
    one_of(value, path, "loss", Loss::ALL, Loss::name)
}

fn initialiser(value: &Value, path: &str) -> Result<Initialiser, DocumentError> {
    one_of(
        value,
        path,
        "initialiser",
        Initialiser::ALL,
        Initialiser::name,
    )
}

/// Reads a string that names one of `all`, as `name_of` writes it. `field`
/// is the field's name for the error message, such as "loss".
fn one_of<T: Copy, const N: usize>(
    value: &Value,
    path: &str,
    field: &str,
    all: [T; N],
    name_of: fn(T) -> &'static str,
) -> Result<T, DocumentError> {
    let names = all.map(name_of);
    let name = name(value, path, &names)?;
    all.into_iter()
        .find(|&item| name_of(item) == name)
        .ok_or_else(|| unknown_name(path, field, name, &names))
}

fn name<'a>(value: &'a Value, path: &str, names: &[&str]) -> Result<&'a str, DocumentError> {
    value.as_str().ok_or_else(|| {
        DocumentError::new(
            path,
            format!(
                "expected one of {} as a string, found {}",
                names.join(", "),
                kind(value)
            ),
        )
    })
}

fn unknown_name(path: &str, expected: &str, name: &str, names: &[&str]) -> DocumentError {
    DocumentError::new(
        path,
        format!(
            "unknown {expected} `{name}`; expected one of {}",
            names.join(", ")
        ),
    )
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Names the JSON type of `value` for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// Counts too large for the target's usize (or for u32) become the maximum,
// which validation then rejects as too large.
fn saturate_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn saturate_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
