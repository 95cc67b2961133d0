//! Apache Parquet: the main table with typed columns (whole numbers, real numbers, booleans,
//! text, lists of text), for BI tools and pandas/polars.
//!
//! Written batch by batch: one pass over the rows finds each column's type, a second builds
//! one row group at a time and writes it, so only one row group's values are held.

use std::io::Write;

use polars::prelude::*;

use super::RenderError;
use crate::records::{Cell, TableRows};

/// Rows per row group: polars' own default, so a table written in batches is the file polars
/// writes from the whole frame.
pub const PARQUET_ROW_GROUP_ROWS: usize = 512 * 512;

/// Writes `table` as Parquet into `out`, `rows_per_group` rows at a time (each batch one row
/// group); returns how many rows it wrote.
pub fn write_parquet(
    table: &dyn TableRows,
    out: &mut dyn Write,
    rows_per_group: usize,
) -> Result<usize, RenderError> {
    let rows_per_group = rows_per_group.max(1);
    let types = column_types(table)?;
    let mut writer = None;
    let mut out = Some(out);
    let mut batch = Batch::new(&types);
    let mut rows = 0;
    let mut write_batch = |batch: &mut Batch, rows: usize| -> Result<(), RenderError> {
        let frame = batch.take(table.columns(), rows)?;
        if writer.is_none()
            && let Some(out) = out.take()
        {
            writer = Some(ParquetWriter::new(out).batched(frame.schema()).map_err(parquet_error)?);
        }
        match &mut writer {
            Some(writer) => writer.write_batch(&frame).map_err(parquet_error),
            None => Ok(()),
        }
    };
    let mut failure = None;
    table
        .try_for_each_row(&mut |cells| {
            batch.push(cells);
            rows += 1;
            if rows % rows_per_group == 0 {
                write_batch(&mut batch, rows_per_group).map_err(|error| {
                    failure = Some(error);
                    std::io::Error::other("the Parquet writer failed")
                })?;
            }
            Ok(())
        })
        .map_err(|error| failure.take().unwrap_or_else(|| parquet_error(error)))?;
    // The last, partial row group; an empty table is one empty group, so it keeps its columns.
    let left = rows % rows_per_group;
    if left > 0 || rows == 0 {
        write_batch(&mut batch, left)?;
    }
    if let Some(writer) = &writer {
        writer.finish().map_err(parquet_error)?;
    }
    Ok(rows)
}

fn parquet_error(error: impl ToString) -> RenderError {
    RenderError::Parquet(error.to_string())
}

/// A column's Parquet type: the narrowest every non-null cell fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnType {
    Integer,
    Number,
    Boolean,
    TextList,
    Text,
}

/// What the non-null cells of one column seen so far all are.
#[derive(Debug, Clone, Copy)]
struct Seen {
    integers: bool,
    numbers: bool,
    booleans: bool,
    lists: bool,
}

impl Seen {
    fn add(&mut self, cell: &Cell) {
        if matches!(cell, Cell::Null) {
            return;
        }
        self.integers &= matches!(cell, Cell::Integer(_));
        self.numbers &= cell.is_numeric();
        self.booleans &= matches!(cell, Cell::Boolean(_));
        self.lists &= matches!(cell, Cell::List(_));
    }

    fn column_type(self) -> ColumnType {
        if self.integers {
            ColumnType::Integer
        } else if self.numbers {
            ColumnType::Number
        } else if self.booleans {
            ColumnType::Boolean
        } else if self.lists {
            ColumnType::TextList
        } else {
            ColumnType::Text
        }
    }
}

/// Each column's type, from one pass over the rows.
fn column_types(table: &dyn TableRows) -> Result<Vec<ColumnType>, RenderError> {
    let everything = Seen { integers: true, numbers: true, booleans: true, lists: true };
    let mut seen = vec![everything; table.columns().len()];
    table
        .try_for_each_row(&mut |cells| {
            seen.iter_mut().zip(cells).for_each(|(seen, cell)| seen.add(cell));
            Ok(())
        })
        .map_err(parquet_error)?;
    Ok(seen.into_iter().map(Seen::column_type).collect())
}

/// The typed values of one row group, column by column.
struct Batch {
    columns: Vec<Values>,
}

/// One column's values in a row group.
enum Values {
    Integer(Vec<Option<i64>>),
    Number(Vec<Option<f64>>),
    Boolean(Vec<Option<bool>>),
    TextList(Vec<Option<Vec<String>>>),
    Text(Vec<Option<String>>),
}

impl Batch {
    fn new(types: &[ColumnType]) -> Self {
        let columns = types
            .iter()
            .map(|column_type| match column_type {
                ColumnType::Integer => Values::Integer(Vec::new()),
                ColumnType::Number => Values::Number(Vec::new()),
                ColumnType::Boolean => Values::Boolean(Vec::new()),
                ColumnType::TextList => Values::TextList(Vec::new()),
                ColumnType::Text => Values::Text(Vec::new()),
            })
            .collect();
        Batch { columns }
    }

    fn push(&mut self, cells: &[Cell]) {
        for (values, cell) in self.columns.iter_mut().zip(cells) {
            match values {
                Values::Integer(values) => {
                    values.push(if let Cell::Integer(value) = cell { Some(*value) } else { None })
                }
                Values::Number(values) => values.push(match cell {
                    Cell::Integer(value) => Some(*value as f64),
                    Cell::Number(value) => Some(*value),
                    _ => None,
                }),
                Values::Boolean(values) => {
                    values.push(if let Cell::Boolean(value) = cell { Some(*value) } else { None })
                }
                Values::TextList(values) => values.push(match cell {
                    Cell::List(items) => Some(items.iter().map(Cell::to_text).collect()),
                    _ => None,
                }),
                Values::Text(values) => values.push((!matches!(cell, Cell::Null)).then(|| cell.to_text())),
            }
        }
    }

    /// The batch as a frame of `rows` rows under `names`, leaving the batch empty.
    fn take(&mut self, names: &[String], rows: usize) -> Result<DataFrame, RenderError> {
        let columns = self.columns.iter_mut().zip(names).map(|(values, name)| values.take(name)).collect();
        DataFrame::new(rows, columns).map_err(parquet_error)
    }
}

impl Values {
    /// The values as a named column, leaving this column empty.
    fn take(&mut self, name: &str) -> Column {
        let name = PlSmallStr::from(name);
        match self {
            Values::Integer(values) => {
                let values: Int64Chunked = std::mem::take(values).into_iter().collect();
                values.with_name(name).into_column()
            }
            Values::Number(values) => {
                let values: Float64Chunked = std::mem::take(values).into_iter().collect();
                values.with_name(name).into_column()
            }
            Values::Boolean(values) => {
                let values: BooleanChunked = std::mem::take(values).into_iter().collect();
                values.with_name(name).into_column()
            }
            Values::TextList(values) => {
                let mut builder = ListStringChunkedBuilder::new(name, 0, 0);
                for value in std::mem::take(values) {
                    match value {
                        Some(items) => builder.append_values_iter(items.iter().map(String::as_str)),
                        None => builder.append_null(),
                    }
                }
                builder.finish().into_column()
            }
            Values::Text(values) => {
                let values: StringChunked = std::mem::take(values).into_iter().collect();
                values.with_name(name).into_column()
            }
        }
    }
}
