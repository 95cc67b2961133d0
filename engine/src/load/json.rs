//! JSON inputs as a list of records: a JSON array, an object wrapping the array (Jira's `/search`
//! response wraps it in `issues`, refine's own outputs under the table's name), a single object,
//! or JSON Lines. Each record keeps where it was, so problems name a record or line.

use std::path::Path;

use serde_json::{Map, Value};

use super::error::{LoadError, Location};

/// The records of a JSON file and where each one is.
#[derive(Debug, Clone)]
pub struct JsonDocument {
    /// The records, in file order.
    pub records: Vec<Value>,
    /// Where each record is (`Record(n)` in an array, `Line(n)` in JSON Lines).
    pub locations: Vec<Location>,
    /// The object around the records, without them (Jira's `names` map lives here).
    pub envelope: Map<String, Value>,
    /// The key of the envelope that held the records (`issues`, `items`, ...), if any.
    pub records_key: Option<String>,
}

/// How many records detection looks at in a long file (see [`JsonDocument::sample`]).
pub const SAMPLE_SIZE: usize = 15;

/// Keys under which an envelope object keeps its records.
const RECORD_KEYS: [&str; 10] =
    ["issues", "items", "links", "history", "sprints", "votes", "feedback", "survey", "values", "data"];

impl JsonDocument {
    /// Parses `bytes` (the whole file) into records.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<JsonDocument, LoadError> {
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = &*escape_raw_control_bytes(text);
        match serde_json::from_slice::<Value>(text) {
            Ok(value) => Ok(JsonDocument::from_value(value)),
            Err(error) if error.is_syntax() && error.line() > 1 && looks_like_json_lines(text) => {
                JsonDocument::parse_lines(path, text)
            }
            Err(error) => Err(malformed(path, &error, 0)),
        }
    }

    fn from_value(value: Value) -> JsonDocument {
        match value {
            Value::Array(records) => JsonDocument::numbered(records, Map::new(), None),
            Value::Object(mut object) => {
                let key = RECORD_KEYS.iter().find(|key| object.get(**key).is_some_and(Value::is_array));
                match key {
                    Some(key) => {
                        let records = match object.remove(*key) {
                            Some(Value::Array(records)) => records,
                            _ => Vec::new(),
                        };
                        JsonDocument::numbered(records, object, Some((*key).to_owned()))
                    }
                    None => JsonDocument::numbered(vec![Value::Object(object)], Map::new(), None),
                }
            }
            other => JsonDocument::numbered(vec![other], Map::new(), None),
        }
    }

    fn numbered(
        records: Vec<Value>,
        envelope: Map<String, Value>,
        records_key: Option<String>,
    ) -> JsonDocument {
        let locations = (1..=records.len() as u64).map(Location::Record).collect();
        JsonDocument { records, locations, envelope, records_key }
    }

    fn parse_lines(path: &Path, text: &[u8]) -> Result<JsonDocument, LoadError> {
        let mut records = Vec::new();
        let mut locations = Vec::new();
        for (index, line) in text.split(|&byte| byte == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let record = serde_json::from_slice(line).map_err(|error| malformed(path, &error, index))?;
            records.push(record);
            locations.push(Location::Line(index as u64 + 1));
        }
        Ok(JsonDocument { records, locations, envelope: Map::new(), records_key: None })
    }

    /// The first record that is an object, for detection.
    pub fn first_object(&self) -> Option<&Map<String, Value>> {
        self.records.iter().find_map(Value::as_object)
    }

    /// The records detection looks at: every record of a short file; of a longer one, the first,
    /// the last and [`SAMPLE_SIZE`] in all spread evenly between, so that one odd record (wherever
    /// it is) neither decides the format nor hides it.
    pub fn sample(&self) -> impl Iterator<Item = &Value> {
        let count = self.records.len();
        let picks = count.min(SAMPLE_SIZE);
        // `index * (count - 1) / (picks - 1)` runs from 0 to `count - 1` and never repeats an
        // index, since `count - 1 >= picks - 1`.
        (0..picks).map(move |index| {
            let position = if picks > 1 { index * (count - 1) / (picks - 1) } else { 0 };
            &self.records[position]
        })
    }

    /// Whether at least half of the [sampled](JsonDocument::sample) records (and at least one)
    /// pass `looks_like`: the rule every JSON format's detection uses, so that a format is chosen
    /// by most of its records and the odd ones are reported by its loader, record by record.
    pub fn most_records(&self, looks_like: impl Fn(&Value) -> bool) -> bool {
        let (mut matching, mut total) = (0, 0);
        for record in self.sample() {
            total += 1;
            if looks_like(record) {
                matching += 1;
            }
        }
        matching > 0 && matching * 2 >= total
    }

    /// A short description of the shape, for "unknown format" messages.
    pub fn shape(&self) -> String {
        let keys =
            |object: &Map<String, Value>| object.keys().take(12).cloned().collect::<Vec<_>>().join(", ");
        match self.first_object() {
            Some(object) => format!("JSON records with fields {}", keys(object)),
            None if self.records.is_empty() => "JSON without records".to_owned(),
            None => "JSON values that are not objects".to_owned(),
        }
    }
}

/// JSON `bytes` with every raw control byte inside a string written as its `\u00XX` escape,
/// and any outside a string as a space. JSON allows neither, so without this one stray byte in
/// one title refuses the whole file; with it, the title holds the character, which the text
/// table then replaces and reports with its record and field like a CSV cell's.
pub(super) fn escape_raw_control_bytes(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let is_stray = |byte: u8| byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r');
    if !bytes.iter().any(|&byte| is_stray(byte)) {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut escaped = Vec::with_capacity(bytes.len() + 16);
    let (mut in_string, mut after_backslash) = (false, false);
    for &byte in bytes {
        match byte {
            _ if in_string && byte < 0x20 => {
                escaped.extend_from_slice(format!("\\u{byte:04x}").as_bytes());
                after_backslash = false;
                continue;
            }
            _ if is_stray(byte) => {
                escaped.push(b' ');
                continue;
            }
            b'"' if !after_backslash => in_string = !in_string,
            _ => {}
        }
        after_backslash = in_string && byte == b'\\' && !after_backslash;
        escaped.push(byte);
    }
    std::borrow::Cow::Owned(escaped)
}

/// JSON Lines: the first non-blank line is a whole JSON value on its own.
fn looks_like_json_lines(text: &[u8]) -> bool {
    text.split(|&byte| byte == b'\n')
        .find(|line| !line.iter().all(u8::is_ascii_whitespace))
        .is_some_and(|line| serde_json::from_slice::<Value>(line).is_ok())
}

fn malformed(path: &Path, error: &serde_json::Error, line_offset: usize) -> LoadError {
    LoadError::MalformedJson {
        path: path.to_owned(),
        line: error.line() + line_offset,
        column: error.column(),
        message: error.to_string().split(" at line").next().unwrap_or_default().to_owned(),
    }
}

/// The text of a JSON value for a text cell: strings as they are, numbers and booleans written
/// out, null and empty strings as no value, arrays and objects as compact JSON.
pub fn cell(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(text) if text.is_empty() => None,
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        other => Some(other.to_string()),
    }
}

/// A JSON value as a problem's `found`: text as it is, other values as JSON (`null`, `4.5`),
/// and empty when the field is absent.
pub fn found_text(value: Option<&Value>) -> String {
    match value {
        None => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// The separator used when a list is flattened into one text cell (a control character that
/// never appears in tracker text).
pub const LIST_SEPARATOR: char = '\u{1f}';

/// A list of texts as one text cell, joined with [`LIST_SEPARATOR`]; `None` when empty.
pub fn list_cell<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let joined = values
        .into_iter()
        .filter(|value| !value.trim().is_empty())
        .collect::<Vec<_>>()
        .join(&LIST_SEPARATOR.to_string());
    (!joined.is_empty()).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<JsonDocument, LoadError> {
        JsonDocument::parse(Path::new("t.json"), text.as_bytes())
    }

    #[test]
    fn arrays_envelopes_single_objects_and_lines() {
        let array = parse(r#"[{"a":1},{"a":2}]"#).unwrap();
        assert_eq!(array.records.len(), 2);
        assert_eq!(array.locations[1], Location::Record(2));

        let search = parse(r#"{"startAt":0,"total":1,"issues":[{"key":"A-1"}]}"#).unwrap();
        assert_eq!(search.records_key.as_deref(), Some("issues"));
        assert_eq!(search.envelope.get("total"), Some(&Value::from(1)));

        let single = parse(r#"{"key":"A-1","fields":{}}"#).unwrap();
        assert_eq!(single.records.len(), 1);

        let lines = parse("{\"a\":1}\n\n{\"a\":2}\n").unwrap();
        assert_eq!(lines.locations, vec![Location::Line(1), Location::Line(3)]);
    }

    #[test]
    fn raw_control_bytes_in_json_strings_become_escapes() {
        let json = b"[{\"title\": \"Sprint \x1a5 \\\" \x00\"}\x1a]";
        let escaped = escape_raw_control_bytes(json);
        let value: serde_json::Value = serde_json::from_slice(&escaped).unwrap();
        assert_eq!(value[0]["title"], "Sprint \u{1a}5 \" \u{0}");
        // Nothing to do: the bytes are borrowed as they are.
        assert!(matches!(escape_raw_control_bytes(b"{\"a\":\n1}"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn truncated_json_names_line_and_column() {
        let error = parse("[{\"a\":1},\n{\"a\":").unwrap_err();
        assert!(matches!(error, LoadError::MalformedJson { line: 2, .. }), "{error}");
        let error = parse("{\"a\":1}\n{\"a\":\n").unwrap_err();
        assert!(matches!(error, LoadError::MalformedJson { line: 2, .. }), "{error}");
    }

    #[test]
    fn the_sample_holds_first_last_and_spread_records_without_repeats() {
        let numbers = |count: usize| {
            let text = format!("[{}]", (0..count).map(|n| n.to_string()).collect::<Vec<_>>().join(","));
            let document = parse(&text).unwrap();
            document.sample().map(|value| value.as_u64().unwrap()).collect::<Vec<_>>()
        };
        assert_eq!(numbers(1), [0]);
        assert_eq!(numbers(3), [0, 1, 2]);
        assert_eq!(numbers(15), (0..15).collect::<Vec<_>>());
        // 100 records: 0, 99 and 13 between, 99 * i / 14 rounded down.
        assert_eq!(numbers(100), [0, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91, 99]);
    }

    #[test]
    fn most_records_means_at_least_half_of_the_sample() {
        let document = parse(r#"[{"a":1},{"b":1},{"a":2},{"b":2}]"#).unwrap();
        let has_a = |record: &Value| record.get("a").is_some();
        assert!(document.most_records(has_a));
        let one_in_three = parse(r#"[{"a":1},{"b":1},{"b":2}]"#).unwrap();
        assert!(!one_in_three.most_records(has_a));
        assert!(!parse("[]").unwrap().most_records(|_| true));
    }

    #[test]
    fn cells_and_list_cells() {
        assert_eq!(cell(Some(&Value::from(3.5))), Some("3.5".to_owned()));
        assert_eq!(cell(Some(&Value::from(""))), None);
        assert_eq!(cell(None), None);
        assert_eq!(list_cell(["a", " ", "b"]), Some(format!("a{LIST_SEPARATOR}b")));
        assert_eq!(list_cell([]), None);
    }
}
