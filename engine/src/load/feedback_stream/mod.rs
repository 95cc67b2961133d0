//! Feedback read batch by batch, so that demand folds each batch and drops it and the feedback
//! is never whole in memory (issue 20). Feedback is what grows: support tickets, app reviews and
//! votes reach hundreds of millions of rows, far more than the backlog.
//!
//! With [`LoadOptions::feedback_in_batches`](super::LoadOptions::feedback_in_batches),
//! detection does not read a feedback CSV (the feedback layouts, app-store reviews, canonical
//! feedback) or a canonical feedback Parquet file; it keeps a [`FeedbackStream`] in the file's
//! [`Loaded::stream`](super::Loaded::stream) instead. Its [`FeedbackStream::batches`] read the
//! file then: a CSV in chunks of whole records (cut at record ends), each read, checked and
//! mapped by the same code as a whole file, so a batch's rows, values and problems (with their
//! rows in the file) are those the whole file gives for the same records; a Parquet file a
//! slice of row groups at a time. Each batch comes with what reading it found ([`Loaded`]
//! without tables), to add up into the file's account ([`Loaded::absorb`]).

mod csv;
mod parquet;

use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;

pub use self::csv::CsvBatches;
pub use self::parquet::ParquetBatches;
use super::error::LoadError;
use super::text_table::ReadPlan;
use super::{Format, LoadOptions, Loaded};
use crate::model::Table;

/// Bytes of a CSV read into one batch: about a hundred thousand feedback rows.
pub const CSV_BATCH_BYTES: usize = 16 << 20;

/// Rows of a Parquet file read into one batch.
pub const PARQUET_BATCH_ROWS: usize = 1 << 17;

/// Reads a CSV's text table into loaded canonical frames (a format's loader).
pub type CsvLoader = fn(&super::TextTable, &LoadOptions) -> Result<Loaded, LoadError>;

/// A feedback file to read in batches.
#[derive(Debug, Clone)]
pub struct FeedbackStream {
    path: PathBuf,
    format: Format,
    kind: StreamKind,
}

#[derive(Debug, Clone)]
enum StreamKind {
    /// A CSV.
    Csv(Box<CsvSource>),
    /// A canonical Parquet file.
    Parquet,
}

/// A CSV's header, what the read asks, the loader of its layout and the load options.
#[derive(Debug, Clone)]
struct CsvSource {
    header: Vec<String>,
    plan: ReadPlan,
    load: CsvLoader,
    options: LoadOptions,
}

/// One batch of feedback: canonical rows, and what reading them found.
#[derive(Debug)]
pub struct FeedbackBatch {
    /// Canonical feedback rows.
    pub frame: DataFrame,
    /// Records read, problems and skipped rows of this batch, and the column mapping (no tables).
    pub loaded: Loaded,
}

impl FeedbackStream {
    /// The CSV at `path`, whose header is `header`, read as `plan` says and loaded by `load`.
    pub(super) fn csv(
        path: &Path,
        format: Format,
        header: Vec<String>,
        plan: ReadPlan,
        load: CsvLoader,
        options: &LoadOptions,
    ) -> FeedbackStream {
        let kind = StreamKind::Csv(Box::new(CsvSource { header, plan, load, options: options.clone() }));
        FeedbackStream { path: path.to_owned(), format, kind }
    }

    /// The canonical Parquet feedback file at `path`.
    pub(super) fn parquet(path: &Path) -> FeedbackStream {
        FeedbackStream { path: path.to_owned(), format: Format::CanonicalParquet, kind: StreamKind::Parquet }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The file's feedback in batches of about [`CSV_BATCH_BYTES`] or [`PARQUET_BATCH_ROWS`].
    pub fn batches(&self) -> Result<FeedbackBatches, LoadError> {
        self.batches_of(CSV_BATCH_BYTES, PARQUET_BATCH_ROWS)
    }

    /// The file's feedback in batches of at least `csv_bytes` bytes of a CSV (the last one
    /// apart), or `parquet_rows` rows of a Parquet file.
    pub fn batches_of(&self, csv_bytes: usize, parquet_rows: usize) -> Result<FeedbackBatches, LoadError> {
        Ok(match &self.kind {
            StreamKind::Csv(source) => {
                let CsvSource { header, plan, load, options } = source.as_ref();
                let batches = CsvBatches::open(
                    &self.path,
                    header.clone(),
                    plan.clone(),
                    *load,
                    options.clone(),
                    csv_bytes,
                )?;
                FeedbackBatches::Csv(Box::new(batches))
            }
            StreamKind::Parquet => FeedbackBatches::Parquet(ParquetBatches::open(&self.path, parquet_rows)?),
        })
    }
}

/// The batches of one [`FeedbackStream`], in file order.
pub enum FeedbackBatches {
    /// Of a CSV.
    Csv(Box<CsvBatches>),
    /// Of a Parquet file.
    Parquet(ParquetBatches),
}

impl Iterator for FeedbackBatches {
    type Item = Result<FeedbackBatch, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            FeedbackBatches::Csv(batches) => batches.next(),
            FeedbackBatches::Parquet(batches) => Some(batches.next()?.map(|frame| {
                let loaded = Loaded { records: frame.height(), ..Loaded::default() };
                FeedbackBatch { frame, loaded }
            })),
        }
    }
}

/// The canonical feedback frame of what a loader made of a batch (empty when it made none).
fn feedback_frame(loaded: &mut Loaded) -> DataFrame {
    loaded.tables.remove(&Table::Feedback).unwrap_or_else(|| Table::Feedback.empty_frame())
}
