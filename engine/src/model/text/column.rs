//! A text column of a table read by row without copying it.

use polars::prelude::*;

use crate::model::row_tasks::chunk_rows;

/// A text column read by row: a clone of the table's column (polars arrays share their
/// buffers, so the clone copies no text), its chunks found by binary search rather than polars'
/// scan from the first chunk (a CSV read gives one chunk per parsing task).
#[derive(Debug, Clone)]
pub(crate) struct TextColumn {
    column: StringChunked,
    /// The first row of each chunk.
    starts: Vec<usize>,
}

impl TextColumn {
    /// `column`, read by row.
    pub(crate) fn new(column: &StringChunked) -> Self {
        let starts = chunk_rows(column).map(|(rows, _)| rows.start).collect();
        TextColumn { column: column.clone(), starts }
    }

    /// The cell of `row`; none when it is empty or past the end.
    pub(crate) fn get(&self, row: IdxSize) -> Option<&str> {
        let row = row as usize;
        let chunk = self.starts.partition_point(|start| *start <= row).checked_sub(1)?;
        let local = row - self.starts.get(chunk)?;
        self.column.downcast_get(chunk).filter(|array| local < array.len()).and_then(|array| array.get(local))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_is_found_in_its_chunk() {
        let mut ids = StringChunked::new("id".into(), [Some("a"), None]);
        ids.append(&StringChunked::new("id".into(), [Some("c")])).unwrap();
        ids.append(&StringChunked::new("id".into(), [Some("d"), Some("e")])).unwrap();
        assert_eq!(ids.chunks().len(), 3);
        let rows = TextColumn::new(&ids);
        let found: Vec<Option<&str>> = (0..5).map(|row| rows.get(row)).collect();
        assert_eq!(found, [Some("a"), None, Some("c"), Some("d"), Some("e")]);
        assert_eq!(rows.get(5), None);
    }
}
