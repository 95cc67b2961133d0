//! Apache Parquet: the main table with typed columns (whole numbers, real numbers, booleans,
//! text, lists of text), for BI tools and pandas/polars.

use polars::prelude::*;

use super::RenderError;
use crate::records::{Cell, Records};

/// The Parquet bytes of `records`.
pub fn render_parquet(records: &Records) -> Result<Vec<u8>, RenderError> {
    let columns: Vec<Column> = (0..records.columns.len())
        .map(|index| column_of(&records.columns[index], records.rows.iter().map(|row| &row[index])))
        .collect();
    let mut frame = DataFrame::new(records.rows.len(), columns)
        .map_err(|error| RenderError::Parquet(error.to_string()))?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .finish(&mut frame)
        .map_err(|error| RenderError::Parquet(error.to_string()))?;
    Ok(bytes)
}

/// One typed column: the narrowest type every non-null cell fits.
fn column_of<'a>(name: &str, cells: impl Iterator<Item = &'a Cell> + Clone) -> Column {
    let all = |test: fn(&Cell) -> bool| cells.clone().all(|cell| matches!(cell, Cell::Null) || test(cell));
    let name = PlSmallStr::from(name);
    if all(|cell| matches!(cell, Cell::Integer(_))) {
        let values: Int64Chunked =
            cells.map(|cell| if let Cell::Integer(value) = cell { Some(*value) } else { None }).collect();
        values.with_name(name).into_column()
    } else if all(Cell::is_numeric) {
        let values: Float64Chunked = cells
            .map(|cell| match cell {
                Cell::Integer(value) => Some(*value as f64),
                Cell::Number(value) => Some(*value),
                _ => None,
            })
            .collect();
        values.with_name(name).into_column()
    } else if all(|cell| matches!(cell, Cell::Boolean(_))) {
        let values: BooleanChunked =
            cells.map(|cell| if let Cell::Boolean(value) = cell { Some(*value) } else { None }).collect();
        values.with_name(name).into_column()
    } else if all(|cell| matches!(cell, Cell::List(_))) {
        let mut builder = ListStringChunkedBuilder::new(name, 0, 0);
        for cell in cells {
            match cell {
                Cell::List(values) => builder.append_values_iter(
                    values.iter().map(|value| value.to_text()).collect::<Vec<_>>().iter().map(String::as_str),
                ),
                _ => builder.append_null(),
            }
        }
        builder.finish().into_column()
    } else {
        let values: StringChunked =
            cells.map(|cell| (!matches!(cell, Cell::Null)).then(|| cell.to_text())).collect();
        values.with_name(name).into_column()
    }
}
