//! The written form of a document: indented like `serde_json::to_string_pretty`,
//! except that an array of numbers (a row of weights, the biases, x or y)
//! stays on one line, so a matrix reads as rows.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};

use super::Document;

const INDENT: &[u8] = b"  ";

pub(super) fn to_pretty_json(document: &Document) -> String {
    let mut buffer = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut buffer, RowFormatter::default());

    // serde_json 1's documentation says serialization fails only when a
    // Serialize impl fails or a map key is not a string, besides writer
    // errors. Document's derived impls do not fail, it has no maps, and a
    // Vec writer does not fail, so the empty-string fallbacks are not
    // expected to run. The debug assertions, which run in the tests, check it.
    let written = document.serialize(&mut serializer);
    debug_assert!(written.is_ok(), "writing a document failed: {written:?}");
    if written.is_err() {
        return String::new();
    }
    let text = String::from_utf8(buffer);
    debug_assert!(text.is_ok(), "a written document is not UTF-8");
    text.unwrap_or_default()
}

/// A serde_json formatter that decides how to separate an array element
/// only once the element starts: a scalar follows on the same line, an
/// array or object on a new indented line.
#[derive(Default)]
struct RowFormatter {
    depth: usize,
    /// Set between `begin_array_value` and the start of the element.
    pending: Option<Pending>,
    /// One entry per open array: whether it has an array or object element,
    /// in which case its closing bracket goes on its own line.
    arrays: Vec<bool>,
}

#[derive(Clone, Copy)]
struct Pending {
    first: bool,
}

impl RowFormatter {
    fn indent<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            writer.write_all(INDENT)?;
        }
        Ok(())
    }

    /// Writes the separator of a pending array element.
    fn start_element<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        container: bool,
    ) -> io::Result<()> {
        let Some(pending) = self.pending.take() else {
            return Ok(());
        };

        if container {
            if let Some(has_container) = self.arrays.last_mut() {
                *has_container = true;
            }
            writer.write_all(if pending.first { b"\n" } else { b",\n" })?;
            self.indent(writer)
        } else if pending.first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }
}

// Each scalar writer first places the pending separator, then writes the
// value as the compact formatter does.
macro_rules! scalar_writers {
    ($($method:ident($type:ty)),* $(,)?) => {
        $(
            fn $method<W: ?Sized + Write>(&mut self, writer: &mut W, value: $type) -> io::Result<()> {
                self.start_element(writer, false)?;
                CompactFormatter.$method(writer, value)
            }
        )*
    };
}

impl Formatter for RowFormatter {
    scalar_writers!(
        write_bool(bool),
        write_i8(i8),
        write_i16(i16),
        write_i32(i32),
        write_i64(i64),
        write_i128(i128),
        write_u8(u8),
        write_u16(u16),
        write_u32(u32),
        write_u64(u64),
        write_u128(u128),
        write_f32(f32),
        write_f64(f64),
        write_number_str(&str),
    );

    fn write_null<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.start_element(writer, false)?;
        CompactFormatter.write_null(writer)
    }

    fn begin_string<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.start_element(writer, false)?;
        CompactFormatter.begin_string(writer)
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.start_element(writer, true)?;
        self.depth += 1;
        self.arrays.push(false);
        writer.write_all(b"[")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        _writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pending = Some(Pending { first });
        Ok(())
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.arrays.pop().unwrap_or(false) {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(b"]")
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.start_element(writer, true)?;
        self.depth += 1;
        writer.write_all(b"{")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        // serde_json calls end_object without a key for an empty object, and
        // a document has no empty objects, so the closing brace always
        // follows at least one field.
        self.depth -= 1;
        writer.write_all(b"\n")?;
        self.indent(writer)?;
        writer.write_all(b"}")
    }
}
