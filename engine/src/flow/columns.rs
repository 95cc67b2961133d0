//! The columns of the items and history tables the flow reads, each read by row without
//! copying: polars arrays share their buffers, so a clone of a column copies no text.

use std::ops::Range;

use polars::prelude::*;

use crate::model::{history, items};

/// A timestamp column as UTC milliseconds in one piece, read by row.
pub(super) struct MillisColumn {
    /// `None` for a table without rows.
    array: Option<<Int64Type as PolarsDataType>::Array>,
}

impl MillisColumn {
    pub(super) fn of(frame: &DataFrame, column: &str) -> PolarsResult<Self> {
        let cast = frame.column(column)?.cast(&DataType::Int64)?;
        let whole = cast.i64()?.rechunk();
        Ok(MillisColumn { array: whole.downcast_iter().next().cloned() })
    }

    pub(super) fn get(&self, row: IdxSize) -> Option<i64> {
        let array = self.array.as_ref()?;
        let row = row as usize;
        let value = *array.values().get(row)?;
        array.validity().is_none_or(|validity| validity.get_bit(row)).then_some(value)
    }
}

/// A text column read by row: a clone of the table's column (polars arrays share their
/// buffers, so the clone copies no text), its chunks found by binary search rather than polars'
/// scan from the first chunk (a CSV read gives one chunk per parsing task).
pub(super) struct TextColumn {
    column: StringChunked,
    /// The first row of each chunk.
    starts: Vec<usize>,
}

impl TextColumn {
    pub(super) fn of(frame: &DataFrame, column: &str) -> PolarsResult<Self> {
        let column = frame.column(column)?.str()?.clone();
        let starts = column
            .downcast_iter()
            .scan(0, |start, chunk| {
                let this = *start;
                *start += chunk.len();
                Some(this)
            })
            .collect();
        Ok(TextColumn { column, starts })
    }

    pub(super) fn get(&self, row: IdxSize) -> Option<&str> {
        let row = row as usize;
        let chunk = self.starts.partition_point(|start| *start <= row).checked_sub(1)?;
        let local = row - self.starts.get(chunk)?;
        self.column.downcast_get(chunk).filter(|array| local < array.len()).and_then(|array| array.get(local))
    }

    pub(super) fn len(&self) -> usize {
        self.column.len()
    }

    /// The cells of rows `rows`, in order, borrowed from the chunks (so that parallel tasks can
    /// each read a part of a column without copying it).
    pub(super) fn cells(&self, rows: Range<usize>) -> impl Iterator<Item = Option<&str>> + '_ {
        self.column.downcast_iter().zip(&self.starts).flat_map(move |(array, start)| {
            let end = start + array.len();
            (rows.start.max(*start)..rows.end.min(end)).map(move |row| array.get(row - start))
        })
    }
}

/// The items table's columns the flow reads.
pub(super) struct ItemColumns {
    pub(super) keys: TextColumn,
    pub(super) titles: TextColumn,
    pub(super) statuses: TextColumn,
    pub(super) categories: TextColumn,
    pub(super) created: MillisColumn,
    pub(super) resolved: MillisColumn,
}

impl ItemColumns {
    pub(super) fn of(frame: &DataFrame) -> PolarsResult<Self> {
        Ok(ItemColumns {
            keys: TextColumn::of(frame, items::KEY)?,
            titles: TextColumn::of(frame, items::TITLE)?,
            statuses: TextColumn::of(frame, items::STATUS)?,
            categories: TextColumn::of(frame, items::STATUS_CATEGORY)?,
            created: MillisColumn::of(frame, items::CREATED)?,
            resolved: MillisColumn::of(frame, items::RESOLVED)?,
        })
    }
}

/// The history table's columns the flow reads.
pub(super) struct HistoryColumns {
    pub(super) keys: TextColumn,
    pub(super) at: MillisColumn,
    pub(super) fields: TextColumn,
    pub(super) from: TextColumn,
    pub(super) to: TextColumn,
}

impl HistoryColumns {
    pub(super) fn of(frame: &DataFrame) -> PolarsResult<Self> {
        Ok(HistoryColumns {
            keys: TextColumn::of(frame, history::KEY)?,
            at: MillisColumn::of(frame, history::AT)?,
            fields: TextColumn::of(frame, history::FIELD)?,
            from: TextColumn::of(frame, history::FROM)?,
            to: TextColumn::of(frame, history::TO)?,
        })
    }

    /// The time of a row known to have one.
    pub(super) fn at(&self, row: IdxSize) -> i64 {
        self.at.get(row).unwrap_or_default()
    }
}
