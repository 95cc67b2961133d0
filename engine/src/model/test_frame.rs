//! Canonical frames written row by row, for tests and benches: the one builder of a test frame
//! for every table, so that no test writes its own.
//!
//! ```
//! use refine_engine::model::Table;
//! use refine_engine::model::test_frame::{TestRow, frame};
//!
//! let items = frame(Table::Items, &[
//!     TestRow::new().text("key", "A-1").time("created", "2024-01-02").number("estimate", 3.0),
//!     TestRow::new().text("key", "A-2").list("labels", &["ui", "billing"]),
//! ]);
//! assert_eq!(items.height(), 2);
//! assert_eq!(items.width(), Table::Items.columns().len());
//! ```
//!
//! A cell of a column the table does not have, or of a value its type cannot hold, panics: a
//! test that writes one is wrong.

#![allow(clippy::unwrap_used)]

use polars::prelude::*;

use crate::model::dates::parse_timestamp;
use crate::model::{ColumnType, Table, conform};

/// One cell of a [`TestRow`].
#[derive(Debug, Clone, PartialEq)]
enum TestCell {
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
    Time(i64),
    List(Vec<String>),
}

/// One row: canonical column name → cell; columns not named are null.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TestRow {
    cells: Vec<(&'static str, TestCell)>,
}

impl TestRow {
    /// A row with every column null.
    pub fn new() -> TestRow {
        TestRow::default()
    }

    fn with(mut self, column: &'static str, cell: TestCell) -> TestRow {
        self.cells.retain(|(name, _)| *name != column);
        self.cells.push((column, cell));
        self
    }

    /// A text cell.
    pub fn text(self, column: &'static str, value: &str) -> TestRow {
        self.with(column, TestCell::Text(value.to_owned()))
    }

    /// A text cell when `value` is some (a null otherwise).
    pub fn text_or_null(self, column: &'static str, value: Option<&str>) -> TestRow {
        match value {
            Some(value) => self.text(column, value),
            None => self,
        }
    }

    /// A whole number.
    pub fn integer(self, column: &'static str, value: i64) -> TestRow {
        self.with(column, TestCell::Integer(value))
    }

    /// A real number (NaN and infinities are kept, for tests of how they are read).
    pub fn number(self, column: &'static str, value: f64) -> TestRow {
        self.with(column, TestCell::Number(value))
    }

    /// true / false.
    pub fn boolean(self, column: &'static str, value: bool) -> TestRow {
        self.with(column, TestCell::Boolean(value))
    }

    /// A timestamp, written as refine reads dates (`2024-01-02`, `2024-01-02T09:00:00Z`, ...).
    pub fn time(self, column: &'static str, value: &str) -> TestRow {
        let millis = parse_timestamp(value).unwrap_or_else(|| panic!("{value:?} is not a date refine reads"));
        self.with(column, TestCell::Time(millis))
    }

    /// A timestamp in UTC milliseconds.
    pub fn millis(self, column: &'static str, value: i64) -> TestRow {
        self.with(column, TestCell::Time(value))
    }

    /// A list of texts.
    pub fn list(self, column: &'static str, values: &[&str]) -> TestRow {
        self.with(column, TestCell::List(values.iter().map(|value| (*value).to_owned()).collect()))
    }

    fn cell(&self, column: &str) -> Option<&TestCell> {
        self.cells.iter().find(|(name, _)| *name == column).map(|(_, cell)| cell)
    }
}

/// The canonical frame of `table` with `rows`, every column in canonical order and type.
pub fn frame(table: Table, rows: &[TestRow]) -> DataFrame {
    for row in rows {
        for (name, _) in &row.cells {
            assert!(table.column(name).is_some(), "the {table} table has no `{name}` column");
        }
    }
    let columns: Vec<Column> = table
        .columns()
        .iter()
        .map(|spec| column(spec.name, spec.column_type, rows.iter().map(|row| row.cell(spec.name))))
        .collect();
    conform(table, DataFrame::new(rows.len(), columns).unwrap()).unwrap()
}

fn column<'r>(
    name: &str,
    column_type: ColumnType,
    cells: impl Iterator<Item = Option<&'r TestCell>>,
) -> Column {
    let mismatch = |cell: &TestCell| -> ! { panic!("`{name}` is {column_type:?}; the test wrote {cell:?}") };
    let name = PlSmallStr::from(name);
    match column_type {
        ColumnType::Text => {
            let values: Vec<Option<&str>> = cells
                .map(|cell| {
                    cell.map(|cell| match cell {
                        TestCell::Text(text) => text.as_str(),
                        other => mismatch(other),
                    })
                })
                .collect();
            Column::new(name, values)
        }
        ColumnType::Integer => {
            let values: Vec<Option<i64>> = cells
                .map(|cell| {
                    cell.map(|cell| match cell {
                        TestCell::Integer(value) => *value,
                        other => mismatch(other),
                    })
                })
                .collect();
            Column::new(name, values)
        }
        ColumnType::Number => {
            let values: Vec<Option<f64>> = cells
                .map(|cell| {
                    cell.map(|cell| match cell {
                        TestCell::Number(value) => *value,
                        TestCell::Integer(value) => *value as f64,
                        other => mismatch(other),
                    })
                })
                .collect();
            Column::new(name, values)
        }
        ColumnType::Boolean => {
            let values: Vec<Option<bool>> = cells
                .map(|cell| {
                    cell.map(|cell| match cell {
                        TestCell::Boolean(value) => *value,
                        other => mismatch(other),
                    })
                })
                .collect();
            Column::new(name, values)
        }
        ColumnType::Timestamp => {
            let values: Vec<Option<i64>> = cells
                .map(|cell| {
                    cell.map(|cell| match cell {
                        TestCell::Time(value) => *value,
                        other => mismatch(other),
                    })
                })
                .collect();
            Column::new(name, values).cast(&column_type.dtype()).unwrap()
        }
        ColumnType::TextList => {
            let values: Vec<Option<Series>> = cells
                .map(|cell| {
                    cell.map(|cell| match cell {
                        TestCell::List(values) => Series::new(PlSmallStr::EMPTY, values),
                        other => mismatch(other),
                    })
                })
                .collect();
            let mut list: ListChunked = values.into_iter().collect();
            list.rename(name);
            list.into_series().cast(&column_type.dtype()).unwrap().into_column()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::items;
    use crate::model::view::Items;

    #[test]
    fn every_cell_lands_in_its_column_and_the_rest_are_null() {
        let rows = [
            TestRow::new()
                .text(items::KEY, "A-1")
                .time(items::CREATED, "2024-01-02")
                .number(items::ESTIMATE, 3.0)
                .integer(items::VOTES, 4)
                .boolean(items::HAS_ACCEPTANCE_CRITERIA, true)
                .list(items::LABELS, &["ui", "billing"]),
            TestRow::new().text(items::KEY, "A-2"),
        ];
        let frame = frame(Table::Items, &rows);
        let view = Items::decode(&frame).unwrap();
        assert_eq!(view.key, [Some("A-1"), Some("A-2")]);
        assert_eq!(view.created, [Some(1_704_153_600_000), None]);
        assert_eq!(view.estimate, [Some(3.0), None]);
        assert_eq!(view.votes, [Some(4), None]);
        assert_eq!(view.has_acceptance_criteria, [Some(true), None]);
        assert_eq!(view.labels, [vec!["ui", "billing"], vec![]]);
        assert_eq!(view.title, [None, None]);
    }

    #[test]
    #[should_panic(expected = "has no `nope` column")]
    fn a_column_the_table_lacks_is_refused() {
        frame(Table::Items, &[TestRow::new().text("nope", "x")]);
    }
}
