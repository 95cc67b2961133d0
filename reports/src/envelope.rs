//! The JSON document every command writes: one object with the schema name and version, the
//! as-of date, the inputs, the command's tables (arrays of records) and warnings.
//!
//! `{"schema": "refine.<command>/1", "as_of": ..., "inputs": [...], "<table>": [...], "warnings": [...]}`

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::control_characters::JsonControlEscaper;

/// The parts of a command's JSON document.
#[derive(Debug, Clone)]
pub struct Envelope<'a> {
    /// The command, e.g. `inspect`; the schema is `refine.<command>/1`.
    pub command: &'a str,
    /// The as-of date the figures are relative to.
    pub as_of: Option<&'a str>,
    /// The input paths as given.
    pub inputs: &'a [String],
    /// Warnings for the reader.
    pub warnings: &'a [String],
}

impl Envelope<'_> {
    /// The document with `tables` (name → the table, serialised as a JSON array of records)
    /// between inputs and warnings, pretty-printed, ending with a newline. Table names are
    /// distinct and none is `schema`, `as_of`, `inputs` or `warnings`.
    pub fn render<'t, T: Serialize>(&self, tables: impl IntoIterator<Item = (&'t str, T)>) -> Vec<u8> {
        let mut bytes = Vec::new();
        // Plain records always serialise into a Vec; a failure would leave the document short.
        let _ = self.write(tables, &mut bytes);
        bytes
    }

    /// Writes the document [`Envelope::render`] gives into `out` as it is serialised: each
    /// table's rows are written as they are read, none is held whole.
    pub fn write<'t, T: Serialize>(
        &self,
        tables: impl IntoIterator<Item = (&'t str, T)>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let document = EnvelopeDocument { envelope: self, tables: tables.into_iter().collect() };
        let mut out = JsonControlEscaper::new(out);
        serde_json::to_writer_pretty(&mut out, &document)?;
        out.write_all(b"\n")?;
        out.finish()
    }
}

/// The envelope with its tables, written straight as one JSON object.
struct EnvelopeDocument<'e, 't, T> {
    envelope: &'e Envelope<'e>,
    tables: Vec<(&'t str, T)>,
}

impl<T: Serialize> Serialize for EnvelopeDocument<'_, '_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let envelope = self.envelope;
        let mut document = serializer.serialize_map(Some(self.tables.len() + 4))?;
        document.serialize_entry("schema", &format!("refine.{}/1", envelope.command))?;
        document.serialize_entry("as_of", &envelope.as_of)?;
        document.serialize_entry("inputs", envelope.inputs)?;
        for (name, records) in &self.tables {
            document.serialize_entry(name, records)?;
        }
        document.serialize_entry("warnings", envelope.warnings)?;
        document.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_has_schema_as_of_inputs_tables_and_warnings_in_that_order() {
        let inputs = vec!["a.csv".to_owned()];
        let records = serde_json::json!([{"key": "A-1"}]);
        let envelope =
            Envelope { command: "rank", as_of: Some("2026-01-02"), inputs: &inputs, warnings: &[] };
        let text = String::from_utf8(envelope.render([("ranking", records)])).unwrap();
        insta::assert_snapshot!(text, @r#"
        {
          "schema": "refine.rank/1",
          "as_of": "2026-01-02",
          "inputs": [
            "a.csv"
          ],
          "ranking": [
            {
              "key": "A-1"
            }
          ],
          "warnings": []
        }
        "#);
    }
}
