//! Going through a table's rows in parallel: the row ranges of the tasks, and each task's part
//! of a column read in place (polars arrays share their buffers, so nothing is copied).
//!
//! Results that depend on row order stay the same for any thread count: tasks cover
//! consecutive ranges, and what they return is put together in range order.

use std::ops::Range;

use polars::prelude::*;
use rayon::prelude::*;

/// Rows one parallel task reads.
pub(crate) const ROWS_PER_TASK: usize = 1 << 16;

/// The row ranges of the parallel tasks over a table of `rows` rows, in order.
pub(crate) fn row_tasks(rows: usize) -> impl IndexedParallelIterator<Item = Range<usize>> {
    row_tasks_of(rows, ROWS_PER_TASK)
}

/// The row ranges of tasks of `rows_per_task` rows over a table of `rows` rows, in order.
pub(crate) fn row_tasks_of(
    rows: usize,
    rows_per_task: usize,
) -> impl IndexedParallelIterator<Item = Range<usize>> {
    (0..rows.div_ceil(rows_per_task)).into_par_iter().map(move |task| {
        let start = task * rows_per_task;
        start..rows.min(start + rows_per_task)
    })
}

/// The chunks of `column` with the rows they cover, in order (a CSV read gives one chunk per
/// parsing task).
pub(crate) fn chunk_rows<T: PolarsDataType>(
    column: &ChunkedArray<T>,
) -> impl Iterator<Item = (Range<usize>, &T::Array)> + '_ {
    let mut chunk_start = 0;
    column.downcast_iter().zip(column.chunk_lengths()).map(move |(array, length)| {
        let start = chunk_start;
        chunk_start += length;
        (start..chunk_start, array)
    })
}

/// The cells of rows `rows` of `column`, in order, borrowed from its chunks.
pub(crate) fn cells<T: PolarsDataType>(
    column: &ChunkedArray<T>,
    rows: Range<usize>,
) -> impl Iterator<Item = Option<T::Physical<'_>>> + '_ {
    chunk_rows(column).flat_map(move |(chunk, array)| {
        (rows.start.max(chunk.start)..rows.end.min(chunk.end)).map(move |row| array.get(row - chunk.start))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_cover_every_row_once_in_order() {
        let rows = 3 * ROWS_PER_TASK + 5;
        let tasks: Vec<Range<usize>> = row_tasks(rows).collect();
        assert_eq!(tasks.len(), 4);
        assert_eq!(tasks[0], 0..ROWS_PER_TASK);
        assert_eq!(tasks[3], 3 * ROWS_PER_TASK..rows);
        assert!(tasks.windows(2).all(|pair| pair[0].end == pair[1].start));
        assert_eq!(row_tasks(0).count(), 0);
    }

    #[test]
    fn cells_read_a_range_across_chunk_boundaries() {
        let mut column = Int64Chunked::from_slice("a".into(), &[0, 1, 2]);
        column.append(&Int64Chunked::from_slice_options("a".into(), &[Some(3), None])).unwrap();
        column.append(&Int64Chunked::from_slice("a".into(), &[5, 6])).unwrap();
        assert_eq!(column.chunks().len(), 3);
        let read = |rows: Range<usize>| cells(&column, rows).collect::<Vec<_>>();
        assert_eq!(read(2..6), vec![Some(2), Some(3), None, Some(5)]);
        assert_eq!(read(0..7).len(), 7);
        assert_eq!(read(4..4), vec![]);
        assert_eq!(read(6..7), vec![Some(6)]);
        let chunks: Vec<Range<usize>> = chunk_rows(&column).map(|(rows, _)| rows).collect();
        assert_eq!(chunks, [0..3, 3..5, 5..7]);
    }
}
