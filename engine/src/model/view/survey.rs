//! The survey table decoded once: one answer per row.

use polars::prelude::DataFrame;

use super::FrameError;
use super::decode::Columns;
use crate::model::{Table, survey};

/// The outcome-driven-innovation survey, one answer per row, every canonical column decoded
/// (row `i` of each the frame's row `i`, texts borrowed from the frame).
#[derive(Debug, Clone, Default)]
pub struct Survey<'a> {
    /// The outcome id or item key answered about.
    pub outcome: Vec<Option<&'a str>>,
    /// Who answered.
    pub respondent: Vec<Option<&'a str>>,
    /// Importance as given (1–5 when valid).
    pub importance: Vec<Option<i64>>,
    /// Satisfaction as given (1–5 when valid).
    pub satisfaction: Vec<Option<i64>>,
}

impl<'a> Survey<'a> {
    /// Decodes the canonical survey frame (see [`crate::model::conform`]).
    pub fn decode(frame: &'a DataFrame) -> Result<Survey<'a>, FrameError> {
        let columns = Columns { frame, table: Table::Survey };
        Ok(Survey {
            outcome: columns.texts(survey::OUTCOME)?,
            respondent: columns.texts(survey::RESPONDENT)?,
            importance: columns.integers(survey::IMPORTANCE)?,
            satisfaction: columns.integers(survey::SATISFACTION)?,
        })
    }

    /// Number of answers.
    pub fn len(&self) -> usize {
        self.outcome.len()
    }

    /// Whether the survey has no answer.
    pub fn is_empty(&self) -> bool {
        self.outcome.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_frame::{TestRow, frame};

    #[test]
    fn every_column_is_decoded_row_by_row() {
        let answer = |outcome, respondent| {
            TestRow::new().text(survey::OUTCOME, outcome).text(survey::RESPONDENT, respondent)
        };
        let frame = frame(
            Table::Survey,
            &[
                answer("A-1", "R1").integer(survey::IMPORTANCE, 5).integer(survey::SATISFACTION, 2),
                answer("fast-checkout", "R2").integer(survey::IMPORTANCE, 3),
            ],
        );
        let survey = Survey::decode(&frame).unwrap();
        assert_eq!(survey.len(), 2);
        assert_eq!(survey.outcome, [Some("A-1"), Some("fast-checkout")]);
        assert_eq!(survey.respondent, [Some("R1"), Some("R2")]);
        assert_eq!(survey.importance, [Some(5), Some(3)]);
        assert_eq!(survey.satisfaction, [Some(2), None]);
        assert!(Survey::decode(&Table::Survey.empty_frame()).unwrap().is_empty());
    }

    #[test]
    fn a_frame_without_outcomes_is_an_error() {
        let frame = polars::prelude::df!(survey::RESPONDENT => ["R1"]).unwrap();
        let error = Survey::decode(&frame).unwrap_err();
        assert_eq!(error, FrameError::MissingColumn { table: Table::Survey, column: survey::OUTCOME });
    }
}
