//! Demand over all of a run's feedback: the rows loaded whole, then each feedback file left to
//! be read in batches ([`FeedbackStream`]), every batch folded into the demand partial and
//! dropped while the next one is read. Memory holds the backlog, the partial and two batches,
//! whatever the number of feedback rows.
//!
//! What reading each file found (records, problems, skipped rows, the dates of its rows) is
//! kept as the file's account, as loading it whole would have given it: the run's warnings,
//! data-quality checks and default as-of date read the files with their accounts
//! ([`files_read`]).

use polars::prelude::DataFrame;

use crate::demand::{DemandError, DemandIndex, DemandPartial, DemandReport, DemandSettings};
use crate::load::{FeedbackBatch, FeedbackStream, LoadError, Loaded, LoadedFile};
use crate::model::Table;
use crate::model::view::Items;

/// Demand, and the accounts of the feedback files read in batches.
pub(super) struct FeedbackDemand {
    pub report: DemandReport,
    pub streamed_files: Vec<LoadedFile>,
}

/// Why demand over the feedback could not be computed.
#[derive(Debug, thiserror::Error)]
pub(super) enum FeedbackError {
    /// Demand's settings or a feedback frame.
    #[error(transparent)]
    Demand(#[from] DemandError),
    /// A feedback file read in batches could not be read (with `--strict`, a bad row).
    #[error(transparent)]
    Read(#[from] Box<LoadError>),
}

impl From<LoadError> for FeedbackError {
    fn from(error: LoadError) -> Self {
        FeedbackError::Read(Box::new(error))
    }
}

/// Demand over `frame` (the feedback loaded whole) and the feedback of `streams`, in that order.
pub(super) fn feedback_demand(
    items: &Items<'_>,
    frame: &DataFrame,
    streams: &[FeedbackStream],
    settings: &DemandSettings,
) -> Result<FeedbackDemand, FeedbackError> {
    let index = DemandIndex::new(items, settings)?;
    let mut partial = index.fold_frame(frame)?;
    let streamed_files =
        (streams.iter()).map(|stream| fold_stream(&mut partial, stream)).collect::<Result<Vec<_>, _>>()?;
    Ok(FeedbackDemand { report: partial.finish(), streamed_files })
}

/// Folds every batch of `stream` into `partial`, reading the next batch while one is folded;
/// returns the file with its account.
fn fold_stream(
    partial: &mut DemandPartial<'_>,
    stream: &FeedbackStream,
) -> Result<LoadedFile, FeedbackError> {
    let mut account = Loaded::default();
    let mut batches = stream.batches()?;
    let mut next = batches.next();
    while let Some(batch) = next {
        let FeedbackBatch { frame, loaded } = batch?;
        let (folded, following) = rayon::join(|| partial.fold(&frame), || batches.next());
        folded?;
        account.absorb(loaded, Table::Feedback, &frame);
        next = following;
    }
    Ok(LoadedFile { path: stream.path().to_owned(), format: stream.format(), loaded: account })
}

/// `files` in input order, each file read in batches with its account from `streamed` in place
/// of its empty one (matched by the file its stream reads, which may be a copy of the input
/// the user named).
pub fn files_read(files: &[LoadedFile], streamed: &[LoadedFile]) -> Vec<LoadedFile> {
    let account = |file: &LoadedFile| {
        let stream = file.loaded.stream.as_ref()?;
        streamed.iter().find(|read| read.path == stream.path())
    };
    (files.iter())
        .map(|file| match account(file) {
            Some(read) => {
                LoadedFile { path: file.path.clone(), format: file.format, loaded: read.loaded.clone() }
            }
            None => file.clone(),
        })
        .collect()
}
