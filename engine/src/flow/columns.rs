//! The columns of the items and history tables the flow reads, each read by row without
//! copying: polars arrays share their buffers, so a clone of a column copies no text.

use std::ops::Range;

use polars::prelude::*;
use rayon::prelude::*;

use crate::model::row_tasks::row_tasks;
use crate::model::text::column::TextColumn;
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

/// How many rows of `frame` hold each pair of values of two text columns (rows where either is
/// missing are left out). Counted in parallel tasks, each run of equal pairs looked up once: the
/// few distinct pairs of many rows (an items table's statuses and categories) in a fraction of
/// what a group-by costs.
pub(super) fn pair_counts(
    frame: &DataFrame,
    first: &str,
    second: &str,
) -> PolarsResult<Vec<((String, String), u64)>> {
    let (first, second) = (TextColumn::of(frame, first)?, TextColumn::of(frame, second)?);
    let count_task = |rows: Range<usize>| {
        let mut counts: PlHashMap<(&str, &str), u64> = PlHashMap::default();
        let mut run: Option<((&str, &str), u64)> = None;
        for pair in first.cells(rows.clone()).zip(second.cells(rows)) {
            let (Some(a), Some(b)) = pair else { continue };
            match &mut run {
                Some((same, count)) if *same == (a, b) => *count += 1,
                _ => {
                    if let Some((pair, count)) = run.replace(((a, b), 1)) {
                        *counts.entry(pair).or_default() += count;
                    }
                }
            }
        }
        if let Some((pair, count)) = run {
            *counts.entry(pair).or_default() += count;
        }
        counts
    };
    let counts = row_tasks(first.len()).map(count_task).reduce(PlHashMap::default, |mut all, part| {
        for (pair, count) in part {
            *all.entry(pair).or_default() += count;
        }
        all
    });
    Ok(counts.into_iter().map(|((a, b), count)| ((a.to_owned(), b.to_owned()), count)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_counts_count_runs_and_scattered_pairs_across_tasks_and_leave_out_missing_values() {
        // 150,000 rows (three tasks): a run of 70,000 ("Open", "todo"), then pairs that
        // alternate every row, with a missing value every 1,000th row.
        let mut first = vec![Some("Open"); 70_000];
        let mut second = vec![Some("todo"); 70_000];
        for row in 0..80_000 {
            let missing = row % 1_000 == 0;
            first.push(Some(if row % 2 == 0 { "Done" } else { "Open" }));
            second.push(if missing {
                None
            } else if row % 2 == 0 {
                Some("done")
            } else {
                Some("todo")
            });
        }
        let frame = df!("status" => first, "category" => second).unwrap();
        let mut counts = pair_counts(&frame, "status", "category").unwrap();
        counts.sort();
        // Alternating rows: 40,000 of each, less the 80 missing (all on even rows, "Done").
        assert_eq!(
            counts,
            [
                (("Done".to_owned(), "done".to_owned()), 39_920),
                (("Open".to_owned(), "todo".to_owned()), 110_000),
            ]
        );
    }
}
