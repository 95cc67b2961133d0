//! Decoding one canonical column into a vector of plain values, borrowed from the frame where
//! they are text. Every view is built from these, so a column is read the same way everywhere.

use polars::prelude::*;
use polars_arrow::array::{Array, Utf8ViewArray};

use super::FrameError;
use crate::model::{ColumnType, Table};

/// The decoders of one table's frame.
#[derive(Clone, Copy)]
pub(super) struct Columns<'a> {
    pub frame: &'a DataFrame,
    pub table: Table,
}

impl<'a> Columns<'a> {
    /// The column `name`, checked to have the canonical type `expected`.
    fn column(&self, name: &'static str, expected: ColumnType) -> Result<&'a Column, FrameError> {
        let column = self
            .frame
            .column(name)
            .map_err(|_| FrameError::MissingColumn { table: self.table, column: name })?;
        if column.dtype() == &expected.dtype() {
            Ok(column)
        } else {
            Err(FrameError::WrongType {
                table: self.table,
                column: name,
                found: column.dtype().to_string(),
                expected,
            })
        }
    }

    /// A text column, each cell borrowed from the frame.
    pub fn texts(&self, name: &'static str) -> Result<Vec<Option<&'a str>>, FrameError> {
        let column = self.column(name, ColumnType::Text)?;
        Ok(column.str().map(|values| values.iter().collect()).unwrap_or_default())
    }

    /// A whole-number column.
    pub fn integers(&self, name: &'static str) -> Result<Vec<Option<i64>>, FrameError> {
        let column = self.column(name, ColumnType::Integer)?;
        Ok(column.i64().map(|values| values.iter().collect()).unwrap_or_default())
    }

    /// A real-number column, every value finite or none (−0 read as 0: they would sort apart
    /// and print as "-0").
    pub fn numbers(&self, name: &'static str) -> Result<Vec<Option<f64>>, FrameError> {
        let column = self.column(name, ColumnType::Number)?;
        Ok(column
            .f64()
            .map(|values| values.iter().map(|value| value.and_then(finite)).collect())
            .unwrap_or_default())
    }

    /// A true/false column.
    pub fn booleans(&self, name: &'static str) -> Result<Vec<Option<bool>>, FrameError> {
        let column = self.column(name, ColumnType::Boolean)?;
        Ok(column.bool().map(|values| values.iter().collect()).unwrap_or_default())
    }

    /// A timestamp column, as UTC milliseconds.
    pub fn timestamps(&self, name: &'static str) -> Result<Vec<Option<i64>>, FrameError> {
        let column = self.column(name, ColumnType::Timestamp)?;
        Ok(column.datetime().map(|values| values.physical().iter().collect()).unwrap_or_default())
    }

    /// A list-of-texts column, each text borrowed from the frame; a null list is empty.
    pub fn text_lists(&self, name: &'static str) -> Result<Vec<Vec<&'a str>>, FrameError> {
        let column = self.column(name, ColumnType::TextList)?;
        let Ok(lists) = column.list() else { return Ok(Vec::new()) };
        let mut decoded = Vec::with_capacity(lists.len());
        for array in lists.downcast_iter() {
            let texts = array.values().as_any().downcast_ref::<Utf8ViewArray>();
            for row in 0..array.len() {
                let (start, end) = array.offsets().start_end(row);
                let list = match texts {
                    Some(texts) if array.is_valid(row) => (start..end)
                        .filter(|&index| texts.is_valid(index))
                        .map(|index| texts.value(index))
                        .collect(),
                    _ => Vec::new(),
                };
                decoded.push(list);
            }
        }
        Ok(decoded)
    }
}

/// `value` when finite, with −0 read as 0.
pub fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value + 0.0)
}
