//! The item keys the feedback rows name, decoded once. Demand reads the feedback whole; this
//! view is for checks that only need to know which item each row names.

use polars::prelude::DataFrame;

use super::FrameError;
use super::decode::Columns;
use crate::model::{Table, feedback};

/// The `key` of every feedback row, in frame order (`None` for a row that names no item).
#[derive(Debug, Clone, Default)]
pub struct FeedbackKeys<'a> {
    /// One per row, trimmed; an empty key is none.
    pub keys: Vec<Option<&'a str>>,
}

impl<'a> FeedbackKeys<'a> {
    /// Decodes the `key` column of the canonical feedback frame.
    pub fn decode(frame: &'a DataFrame) -> Result<FeedbackKeys<'a>, FrameError> {
        let columns = Columns { frame, table: Table::Feedback };
        let keys = columns.texts(feedback::KEY)?;
        let keys = keys.into_iter().map(|key| key.map(str::trim).filter(|key| !key.is_empty())).collect();
        Ok(FeedbackKeys { keys })
    }
}
