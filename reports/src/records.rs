//! A result table as every renderer sees it: named columns and rows of typed cells, built from
//! any list of `serde::Serialize` records (the engine's result structs).
//!
//! Column order is the records' field order. Nested values are flattened for flat formats:
//! a list of texts becomes one cell (`a; b`), a nested object its JSON text.

use serde::Serialize;
use serde_json::Value;

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
}

impl Cell {
    fn from_json(value: &Value) -> Cell {
        match value {
            Value::Null => Cell::Null,
            Value::Bool(flag) => Cell::Boolean(*flag),
            Value::Number(number) => match number.as_i64() {
                Some(integer) => Cell::Integer(integer),
                None => number.as_f64().filter(|number| number.is_finite()).map_or(Cell::Null, Cell::Number),
            },
            Value::String(text) => Cell::Text(text.clone()),
            Value::Array(values) => Cell::List(values.iter().map(Cell::from_json).collect()),
            Value::Object(_) => Cell::Text(value.to_string()),
        }
    }

    /// The cell as text for flat formats: numbers as Rust prints them (shortest round-trip
    /// form, `.` decimals), lists joined with `; `, null as empty.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Integer(integer) => integer.to_string(),
            Cell::Number(number) => number.to_string(),
            Cell::Boolean(flag) => flag.to_string(),
            Cell::List(values) => values.iter().map(Cell::to_text).collect::<Vec<_>>().join("; "),
        }
    }

    /// Whether the cell is a number (right-aligned in tables).
    pub fn is_numeric(&self) -> bool {
        matches!(self, Cell::Integer(_) | Cell::Number(_))
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

impl Records {
    /// Builds the table from serialisable records. Records that are not objects (which the
    /// engine's structs always are) become a single `value` column.
    pub fn from_serialize<T: Serialize>(records: &[T]) -> Records {
        let values: Vec<Value> =
            records.iter().map(|record| serde_json::to_value(record).unwrap_or(Value::Null)).collect();
        let mut columns: Vec<String> = Vec::new();
        for value in &values {
            match value {
                Value::Object(object) => {
                    for key in object.keys() {
                        if !columns.contains(key) {
                            columns.push(key.clone());
                        }
                    }
                }
                _ if !columns.iter().any(|column| column == "value") => columns.push("value".to_owned()),
                _ => {}
            }
        }
        let rows = values
            .iter()
            .map(|value| {
                columns
                    .iter()
                    .map(|column| match value {
                        Value::Object(object) => object.get(column).map_or(Cell::Null, Cell::from_json),
                        other if column == "value" => Cell::from_json(other),
                        _ => Cell::Null,
                    })
                    .collect()
            })
            .collect();
        Records { columns, rows }
    }

    /// For each column, whether any of its cells is a number (such columns are right-aligned).
    pub fn numeric_columns(&self) -> Vec<bool> {
        (0..self.columns.len()).map(|column| self.rows.iter().any(|row| row[column].is_numeric())).collect()
    }

    /// The records as JSON values again, one object per row, for JSON and JSON Lines.
    pub fn to_json_rows(&self) -> Vec<Value> {
        self.rows
            .iter()
            .map(|row| {
                let object = self
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(column, cell)| (column.clone(), cell_to_json(cell)))
                    .collect();
                Value::Object(object)
            })
            .collect()
    }
}

fn cell_to_json(cell: &Cell) -> Value {
    match cell {
        Cell::Null => Value::Null,
        Cell::Text(text) => Value::String(text.clone()),
        Cell::Integer(integer) => Value::from(*integer),
        Cell::Number(number) => serde_json::Number::from_f64(*number).map_or(Value::Null, Value::Number),
        Cell::Boolean(flag) => Value::Bool(*flag),
        Cell::List(values) => Value::Array(values.iter().map(cell_to_json).collect()),
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
        assert_eq!(records.to_json_rows()[0]["labels"], serde_json::json!(["ui", "api"]));
    }
}
