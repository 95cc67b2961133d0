//! The votes table decoded once: one vector per canonical column, row `i` of each the frame's
//! row `i`, texts borrowed from the frame.

use polars::prelude::DataFrame;

use super::FrameError;
use super::decode::Columns;
use crate::model::{Table, votes};

/// The planning-poker votes, every canonical column of the votes frame decoded.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)] // each field is the canonical column of the same name (crate::model::votes)
pub struct Votes<'a> {
    pub key: Vec<Option<&'a str>>,
    pub round: Vec<Option<i64>>,
    pub estimator: Vec<Option<&'a str>>,
    pub value: Vec<Option<&'a str>>,
    /// UTC milliseconds.
    pub at: Vec<Option<i64>>,
}

impl<'a> Votes<'a> {
    /// Decodes the canonical votes frame.
    pub fn decode(frame: &'a DataFrame) -> Result<Votes<'a>, FrameError> {
        let columns = Columns { frame, table: Table::Votes };
        Ok(Votes {
            key: columns.texts(votes::KEY)?,
            round: columns.integers(votes::ROUND)?,
            estimator: columns.texts(votes::ESTIMATOR)?,
            value: columns.texts(votes::VALUE)?,
            at: columns.timestamps(votes::AT)?,
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.key.len()
    }

    /// Whether the table has no row.
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_frame::{TestRow, frame};

    #[test]
    fn every_column_is_decoded_by_row() {
        let rows = [
            TestRow::new()
                .text(votes::KEY, "A-1")
                .integer(votes::ROUND, 2)
                .text(votes::ESTIMATOR, "ann")
                .text(votes::VALUE, "?"),
            TestRow::new().text(votes::KEY, "A-2").time(votes::AT, "2024-01-02"),
        ];
        let votes_frame = frame(Table::Votes, &rows);
        let view = Votes::decode(&votes_frame).unwrap();
        assert_eq!(view.len(), 2);
        assert_eq!(view.key, [Some("A-1"), Some("A-2")]);
        assert_eq!(view.round, [Some(2), None]);
        assert_eq!(view.estimator, [Some("ann"), None]);
        assert_eq!(view.value, [Some("?"), None]);
        assert_eq!(view.at, [None, Some(1_704_153_600_000)]);
    }
}
