//! A result table as every renderer sees it: named columns and rows of typed cells, built from
//! any list of `serde::Serialize` records (the engine's result structs) by a serializer that
//! writes cells directly (`cells`).
//!
//! Column order is the records' field order. Nested values stay nested for JSON (a list an
//! array, a nested record an object) and are flattened for flat formats: a list of texts
//! becomes one cell (`a; b`), a nested object its JSON text.

mod cells;
mod rows;

pub use self::rows::{RecordRows, TableJson, TableRows};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use self::cells::to_cell;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value.
    Null,
    /// Text.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A real number (always finite: the engine never produces NaN).
    Number(f64),
    /// true / false.
    Boolean(bool),
    /// A list (kept as a list for JSON and Parquet, joined for flat formats).
    List(Vec<Cell>),
    /// A nested record, its fields in order (kept as an object for JSON, its compact JSON text
    /// for flat formats).
    Object(Vec<(String, Cell)>),
}

impl Cell {
    /// The cell as text for flat formats: numbers as Rust prints them (shortest round-trip
    /// form, `.` decimals), lists joined with `; `, a nested record as compact JSON, null as
    /// empty.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Integer(integer) => integer.to_string(),
            Cell::Number(number) => number.to_string(),
            Cell::Boolean(flag) => flag.to_string(),
            Cell::List(values) => values.iter().map(Cell::to_text).collect::<Vec<_>>().join("; "),
            // Writing cells into a String cannot fail: every key is text.
            Cell::Object(_) => serde_json::to_string(self).unwrap_or_default(),
        }
    }

    /// Whether the cell is a number (right-aligned in tables).
    pub fn is_numeric(&self) -> bool {
        matches!(self, Cell::Integer(_) | Cell::Number(_))
    }
}

/// A cell as JSON: null, text, number, boolean, array or object.
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => serializer.serialize_unit(),
            Cell::Text(text) => serializer.serialize_str(text),
            Cell::Integer(integer) => serializer.serialize_i64(*integer),
            Cell::Number(number) => serializer.serialize_f64(*number),
            Cell::Boolean(flag) => serializer.serialize_bool(*flag),
            Cell::List(values) => serializer.collect_seq(values),
            Cell::Object(fields) => serializer.collect_map(fields.iter().map(|(name, cell)| (name, cell))),
        }
    }
}

/// A table of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Records {
    /// Column names, in field order.
    pub columns: Vec<String>,
    /// Rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

/// The column of a record that is not an object.
const VALUE_COLUMN: &str = "value";

impl Records {
    /// Builds the table from serialisable records: a record's fields are its cells, a column
    /// is every field name any record has, in the order they first appear. A record that is
    /// not an object (which the engine's structs always are), or cannot be serialised, becomes
    /// a single `value` column.
    pub fn from_serialize<T: Serialize>(records: &[T]) -> Records {
        let records: Vec<Vec<(String, Cell)>> = records.iter().map(record_fields).collect();
        let mut columns: Vec<String> = Vec::new();
        for fields in &records {
            add_columns(&mut columns, fields);
        }
        let rows = records.into_iter().map(|fields| align(&columns, fields)).collect();
        Records { columns, rows }
    }

    /// For each column, whether any of its cells is a number (such columns are right-aligned).
    pub fn numeric_columns(&self) -> Vec<bool> {
        (0..self.columns.len()).map(|column| self.rows.iter().any(|row| row[column].is_numeric())).collect()
    }

    /// Each row as a JSON object of column → cell, for JSON Lines.
    pub fn json_rows(&self) -> impl Iterator<Item = JsonRow<'_>> {
        self.rows.iter().map(|row| JsonRow { columns: &self.columns, cells: row })
    }
}

/// The table as JSON: an array of one object per row, its columns in order.
impl Serialize for Records {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TableJson(self).serialize(serializer)
    }
}

/// One row of a table, serialised as a JSON object of column → cell.
#[derive(Debug, Clone, Copy)]
pub struct JsonRow<'a> {
    columns: &'a [String],
    cells: &'a [Cell],
}

impl<'a> JsonRow<'a> {
    /// The row `cells` under `columns`.
    pub(crate) fn new(columns: &'a [String], cells: &'a [Cell]) -> Self {
        JsonRow { columns, cells }
    }
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_map(Some(self.columns.len()))?;
        for (column, cell) in self.columns.iter().zip(self.cells) {
            object.serialize_entry(column, cell)?;
        }
        object.end()
    }
}

/// A record's fields as named cells, in the record's order: a record that is not an object, or
/// cannot be serialised, is one `value` field.
pub(crate) fn record_fields<T: Serialize + ?Sized>(record: &T) -> Vec<(String, Cell)> {
    match to_cell(record) {
        Ok(Cell::Object(fields)) => fields,
        other => vec![(VALUE_COLUMN.to_owned(), other.unwrap_or(Cell::Null))],
    }
}

/// Adds to `columns` the names of `fields` it does not have yet, in their order.
pub(crate) fn add_columns(columns: &mut Vec<String>, fields: &[(String, Cell)]) {
    for (at, (name, _)) in fields.iter().enumerate() {
        if column_index(columns, name, at).is_none() {
            columns.push(name.clone());
        }
    }
}

/// `fields` as one cell per column, in the columns' order; a column the record lacks is null.
pub(crate) fn align(columns: &[String], fields: Vec<(String, Cell)>) -> Vec<Cell> {
    let mut row = vec![Cell::Null; columns.len()];
    for (at, (name, cell)) in fields.into_iter().enumerate() {
        if let Some(column) = column_index(columns, &name, at) {
            row[column] = cell;
        }
    }
    row
}

/// Where `name` is among `columns`: at `expected` when the record has the columns' layout (the
/// usual case, checked first), else wherever it is.
fn column_index(columns: &[String], name: &str, expected: usize) -> Option<usize> {
    if columns.get(expected).is_some_and(|column| column == name) {
        Some(expected)
    } else {
        columns.iter().position(|column| column == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        key: &'static str,
        score: Option<f64>,
        rank: u32,
        labels: Vec<&'static str>,
    }

    #[test]
    fn fields_become_typed_columns_in_field_order() {
        let records = Records::from_serialize(&[
            Row { key: "A-1", score: Some(2.5), rank: 1, labels: vec!["ui", "api"] },
            Row { key: "A-2", score: None, rank: 2, labels: vec![] },
        ]);
        assert_eq!(records.columns, ["key", "score", "rank", "labels"]);
        assert_eq!(records.rows[0][1], Cell::Number(2.5));
        assert_eq!(records.rows[1][1], Cell::Null);
        assert_eq!(records.rows[0][2], Cell::Integer(1));
        assert_eq!(records.rows[0][3].to_text(), "ui; api");
        let json: serde_json::Value = serde_json::to_value(&records).unwrap();
        assert_eq!(json[0]["labels"], serde_json::json!(["ui", "api"]));
    }

    #[test]
    fn columns_are_every_field_in_the_order_they_first_appear() {
        #[derive(Serialize)]
        struct Sparse {
            key: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            note: Option<&'static str>,
            rank: u32,
        }
        let records = Records::from_serialize(&[
            Sparse { key: "A-1", note: None, rank: 1 },
            Sparse { key: "A-2", note: Some("late"), rank: 2 },
        ]);
        assert_eq!(records.columns, ["key", "rank", "note"]);
        assert_eq!(records.rows[0], [Cell::Text("A-1".into()), Cell::Integer(1), Cell::Null]);
        assert_eq!(records.rows[1], [Cell::Text("A-2".into()), Cell::Integer(2), Cell::Text("late".into())]);
    }

    #[test]
    fn records_that_are_not_objects_are_one_value_column() {
        let records = Records::from_serialize(&[3_u32, 4]);
        assert_eq!(records.columns, ["value"]);
        assert_eq!(records.rows, [[Cell::Integer(3)], [Cell::Integer(4)]]);
    }
}
