//! The JSON document every command writes: one object with the schema name and version, the
//! as-of date, the inputs, the command's tables (arrays of records) and warnings.
//!
//! `{"schema": "refine.<command>/1", "as_of": ..., "inputs": [...], "<table>": [...], "warnings": [...]}`

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

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
        let document = EnvelopeDocument { envelope: self, tables: tables.into_iter().collect() };
        // Plain records always serialise; a failure would leave the document empty.
        let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
        bytes.push(b'\n');
        crate::control_characters::escape_json_control_characters(bytes)
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
