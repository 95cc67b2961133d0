//! The JSON document every command writes: one object with the schema name and version, the
//! as-of date, the inputs, the command's tables (arrays of records) and warnings.
//!
//! `{"schema": "refine.<command>/1", "as_of": ..., "inputs": [...], "<table>": [...], "warnings": [...]}`

use serde::Serialize;
use serde_json::{Map, Value};

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
    /// The document with `tables` (name → the table as a JSON array of records) between inputs
    /// and warnings, pretty-printed, ending with a newline.
    pub fn render<'t>(&self, tables: impl IntoIterator<Item = (&'t str, Value)>) -> Vec<u8> {
        let mut document = Map::new();
        document.insert("schema".into(), Value::String(format!("refine.{}/1", self.command)));
        document
            .insert("as_of".into(), self.as_of.map_or(Value::Null, |date| Value::String(date.to_owned())));
        document.insert("inputs".into(), Value::from(self.inputs.to_vec()));
        for (name, records) in tables {
            document.insert(name.to_owned(), records);
        }
        document.insert("warnings".into(), Value::from(self.warnings.to_vec()));
        let mut bytes = serde_json::to_vec_pretty(&Value::Object(document)).unwrap_or_default();
        bytes.push(b'\n');
        crate::control_characters::escape_json_control_characters(bytes)
    }
}

/// Serialisable records as a JSON value for [`Envelope::render`] (null when they cannot be
/// serialised, which plain records never are).
pub fn records_value<T: Serialize + ?Sized>(records: &T) -> Value {
    serde_json::to_value(records).unwrap_or(Value::Null)
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
