//! Canonical Parquet feedback in batches of rows: a file, or a folder of them read as one input
//! (its files in name order, as [`crate::load::expand_inputs`] lists them).
//!
//! Each file's footer is read once; a batch reads only the row groups its rows are in, and is
//! conformed to the canonical feedback table like a whole file
//! ([`crate::load::canonical`]). The batches, end to end, are the rows the whole file (or
//! folder) loads to, in order.

use std::fs::File;
use std::path::{Path, PathBuf};

use polars::io::parquet::metadata::FileMetadataRef;
use polars::prelude::*;

use crate::load::canonical::table_of_columns;
use crate::load::error::LoadError;
use crate::model::{self, Table};

/// The canonical feedback batches of Parquet files, in order: an iterator of frames of at most
/// `batch_rows` rows each (a file's last batch may be shorter; batches do not span files).
pub struct ParquetBatches {
    /// The files still to start, last first.
    files: Vec<PathBuf>,
    batch_rows: usize,
    /// The file being read, with its footer, its rows and the next batch's first row.
    current: Option<OpenFile>,
}

struct OpenFile {
    path: PathBuf,
    metadata: FileMetadataRef,
    rows: usize,
    next_row: usize,
}

impl ParquetBatches {
    /// The batches of `input`: a canonical Parquet feedback file, or a folder of them.
    /// `batch_rows` is at least 1.
    pub fn open(input: &Path, batch_rows: usize) -> Result<ParquetBatches, LoadError> {
        let mut files = crate::load::expand_inputs(&[input.to_owned()])?;
        files.reverse();
        Ok(ParquetBatches { files, batch_rows: batch_rows.max(1), current: None })
    }

    /// The next batch, or `None` after the last.
    fn next_batch(&mut self) -> Result<Option<DataFrame>, LoadError> {
        loop {
            if let Some(open) = &mut self.current
                && open.next_row < open.rows
            {
                let rows = self.batch_rows.min(open.rows - open.next_row);
                let mut reader = ParquetReader::new(open_file(&open.path)?);
                reader.set_metadata(open.metadata.clone());
                let frame = reader
                    .with_slice(Some((open.next_row, rows)))
                    .finish()
                    .map_err(LoadError::frame(&open.path))?;
                open.next_row += rows;
                return model::conform(Table::Feedback, frame)
                    .map(Some)
                    .map_err(LoadError::frame(&open.path));
            }
            let Some(path) = self.files.pop() else { return Ok(None) };
            self.current = Some(OpenFile::of(path)?);
        }
    }
}

impl OpenFile {
    /// Reads the footer of `path` and checks that its columns are canonical feedback's.
    fn of(path: PathBuf) -> Result<OpenFile, LoadError> {
        let mut reader = ParquetReader::new(open_file(&path)?);
        let schema = reader.schema().map_err(LoadError::frame(&path))?;
        let names: Vec<String> = schema.iter_names().map(|name| name.to_string()).collect();
        if table_of_columns(names.iter().map(String::as_str)) != Some(Table::Feedback) {
            return Err(LoadError::UnknownFormat {
                path,
                found: format!("Parquet with columns {}", crate::model::wording::list_for_message(&names)),
                known: "Parquet files of refine's canonical feedback table".to_owned(),
            });
        }
        let metadata = reader.get_metadata().map_err(LoadError::frame(&path))?.clone();
        let rows = reader.num_rows().map_err(LoadError::frame(&path))?;
        Ok(OpenFile { path, metadata, rows, next_row: 0 })
    }
}

fn open_file(path: &Path) -> Result<File, LoadError> {
    File::open(path).map_err(|cause| LoadError::Io { path: path.to_owned(), cause })
}

impl Iterator for ParquetBatches {
    type Item = Result<DataFrame, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_batch().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_inputs};
    use crate::model::feedback;

    /// A canonical feedback frame of `rows` rows: ids `{first}`…, every third row linked.
    fn feedback_rows(first: usize, rows: usize) -> DataFrame {
        let ids: Vec<String> = (first..first + rows).map(|row| format!("F{row:03}")).collect();
        let keys: Vec<Option<&str>> =
            (first..first + rows).map(|row| (row % 3 == 0).then_some("A-1")).collect();
        let texts: Vec<String> = (first..first + rows).map(|row| format!("request {row}")).collect();
        let votes: Vec<i64> = (first..first + rows).map(|row| row as i64).collect();
        df!(feedback::ID => ids, feedback::KEY => keys, feedback::TEXT => texts, feedback::VOTES => votes)
            .unwrap()
    }

    fn write(path: &Path, mut frame: DataFrame) {
        ParquetWriter::new(File::create(path).unwrap())
            .with_row_group_size(Some(4))
            .finish(&mut frame)
            .unwrap();
    }

    #[test]
    fn a_folder_of_parquet_files_in_batches_is_the_feedback_it_loads_to() {
        let folder = tempfile::tempdir().unwrap();
        write(&folder.path().join("a.parquet"), feedback_rows(0, 10));
        write(&folder.path().join("b.parquet"), feedback_rows(10, 5));
        let whole = load_inputs(&[folder.path().to_owned()], &LoadOptions::default()).unwrap();
        let whole = whole.table(Table::Feedback);
        for batch_rows in [1, 3, 7, 100] {
            let batches: Vec<DataFrame> =
                ParquetBatches::open(folder.path(), batch_rows).unwrap().collect::<Result<_, _>>().unwrap();
            // Ten rows then five, cut in batches that do not span the two files.
            let expected: Vec<usize> = [10usize, 5]
                .iter()
                .flat_map(|&rows| {
                    (0..rows.div_ceil(batch_rows)).map(move |batch| batch_rows.min(rows - batch * batch_rows))
                })
                .collect();
            let heights: Vec<usize> = batches.iter().map(DataFrame::height).collect();
            assert_eq!(heights, expected, "{batch_rows} rows a batch");
            let mut joined = batches[0].clone();
            for batch in &batches[1..] {
                joined.vstack_mut(batch).unwrap();
            }
            assert!(joined.equals_missing(&whole), "{batch_rows} rows a batch");
        }
    }

    #[test]
    fn a_parquet_file_of_another_table_is_refused() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("items.parquet");
        write(&path, df!(crate::model::items::KEY => ["A-1"], crate::model::items::TITLE => ["x"]).unwrap());
        let refused = ParquetBatches::open(&path, 10).unwrap().next().unwrap();
        assert!(matches!(refused, Err(LoadError::UnknownFormat { .. })), "{refused:?}");
    }
}
