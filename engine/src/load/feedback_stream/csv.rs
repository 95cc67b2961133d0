//! A feedback CSV in batches: chunks of whole records ([`CsvChunks`]), each read as a text
//! table at its rows in the file and loaded by the file's layout.

use std::path::{Path, PathBuf};

use super::{CsvLoader, FeedbackBatch, feedback_frame};
use crate::load::LoadOptions;
use crate::load::csv_chunks::CsvChunks;
use crate::load::error::{LoadError, Problem};
use crate::load::text_table::{CsvRecords, ReadPlan, TextTable};

/// The batches of a feedback CSV, in file order. As when the file is read whole, a file with a
/// header and no record gives [`LoadError::NoRows`], and a file whose every row is bad
/// [`LoadError::AllRowsRejected`] (at its end).
pub struct CsvBatches {
    path: PathBuf,
    header: Vec<String>,
    plan: ReadPlan,
    load: CsvLoader,
    options: LoadOptions,
    chunks: CsvChunks,
    /// The spreadsheet row of the next chunk's first record.
    next_row: u64,
    /// Rows kept so far, and the first problem found.
    kept_rows: usize,
    first_problem: Option<Problem>,
    /// Whether the end was reached (after the last batch, or an error).
    done: bool,
}

impl CsvBatches {
    /// Opens the CSV at `path` for batches of at least `chunk_bytes` bytes of records.
    pub(super) fn open(
        path: &Path,
        header: Vec<String>,
        plan: ReadPlan,
        load: CsvLoader,
        options: LoadOptions,
        chunk_bytes: usize,
    ) -> Result<CsvBatches, LoadError> {
        let chunks = CsvChunks::open(path, chunk_bytes).map_err(|cause| io_error(path, cause))?;
        Ok(CsvBatches {
            path: path.to_owned(),
            header,
            plan,
            load,
            options,
            chunks,
            next_row: 2,
            kept_rows: 0,
            first_problem: None,
            done: false,
        })
    }

    fn next_batch(&mut self) -> Result<Option<FeedbackBatch>, LoadError> {
        let Some(bytes) = self.chunks.next_chunk().map_err(|cause| io_error(&self.path, cause))? else {
            if self.next_row == 2 {
                return Err(LoadError::NoRows { path: self.path.clone() });
            }
            if self.kept_rows == 0
                && let Some(first) = self.first_problem.take()
            {
                let rows = (self.next_row - 2) as usize;
                return Err(LoadError::AllRowsRejected { path: self.path.clone(), rows, first });
            }
            return Ok(None);
        };
        let records = CsvRecords::Chunk { bytes: &bytes, first_row: self.next_row };
        let text = TextTable::read_records(
            &self.path,
            self.header.clone(),
            records,
            self.options.strict,
            &self.plan,
        )?;
        self.next_row += text.records() as u64;
        let mut loaded = (self.load)(&text, &self.options)?;
        loaded.records = text.records();
        loaded.note_unmapped(&text.headers);
        let frame = feedback_frame(&mut loaded);
        self.kept_rows += frame.height();
        if self.first_problem.is_none() {
            self.first_problem = loaded.problems.first().cloned();
        }
        Ok(Some(FeedbackBatch { frame, loaded }))
    }
}

fn io_error(path: &Path, cause: std::io::Error) -> LoadError {
    LoadError::Io { path: path.to_owned(), cause }
}

impl Iterator for CsvBatches {
    type Item = Result<FeedbackBatch, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let batch = self.next_batch().transpose();
        self.done = !matches!(batch, Some(Ok(_)));
        batch
    }
}
