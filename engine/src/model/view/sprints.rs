//! The sprints table decoded once: one vector per canonical column, row `i` of each the frame's
//! row `i`, texts borrowed from the frame, numbers finite or none.

use polars::prelude::DataFrame;

use super::FrameError;
use super::decode::Columns;
use crate::model::{Table, sprints};

/// The sprints with their scope and outcome, every canonical column of the sprints frame
/// decoded.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)] // each field is the canonical column of the same name (crate::model::sprints)
pub struct Sprints<'a> {
    pub team: Vec<Option<&'a str>>,
    pub sprint_id: Vec<Option<&'a str>>,
    pub sprint: Vec<Option<&'a str>>,
    pub state: Vec<Option<&'a str>>,
    pub start: Vec<Option<i64>>,
    pub end: Vec<Option<i64>>,
    pub completed_at: Vec<Option<i64>>,
    pub planned_days: Vec<Option<f64>>,
    pub committed_points: Vec<Option<f64>>,
    pub added_points: Vec<Option<f64>>,
    pub removed_points: Vec<Option<f64>>,
    pub completed_points: Vec<Option<f64>>,
    pub committed_items: Vec<Option<i64>>,
    pub added_items: Vec<Option<i64>>,
    pub removed_items: Vec<Option<i64>>,
    pub completed_items: Vec<Option<i64>>,
    pub team_size: Vec<Option<i64>>,
}

impl<'a> Sprints<'a> {
    /// Decodes the canonical sprints frame. Numbers are finite or none.
    pub fn decode(frame: &'a DataFrame) -> Result<Sprints<'a>, FrameError> {
        let columns = Columns { frame, table: Table::Sprints };
        Ok(Sprints {
            team: columns.texts(sprints::TEAM)?,
            sprint_id: columns.texts(sprints::SPRINT_ID)?,
            sprint: columns.texts(sprints::SPRINT)?,
            state: columns.texts(sprints::STATE)?,
            start: columns.timestamps(sprints::START)?,
            end: columns.timestamps(sprints::END)?,
            completed_at: columns.timestamps(sprints::COMPLETED_AT)?,
            planned_days: columns.numbers(sprints::PLANNED_DAYS)?,
            committed_points: columns.numbers(sprints::COMMITTED_POINTS)?,
            added_points: columns.numbers(sprints::ADDED_POINTS)?,
            removed_points: columns.numbers(sprints::REMOVED_POINTS)?,
            completed_points: columns.numbers(sprints::COMPLETED_POINTS)?,
            committed_items: columns.integers(sprints::COMMITTED_ITEMS)?,
            added_items: columns.integers(sprints::ADDED_ITEMS)?,
            removed_items: columns.integers(sprints::REMOVED_ITEMS)?,
            completed_items: columns.integers(sprints::COMPLETED_ITEMS)?,
            team_size: columns.integers(sprints::TEAM_SIZE)?,
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.sprint.len()
    }

    /// Whether the table has no row.
    pub fn is_empty(&self) -> bool {
        self.sprint.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_frame::{TestRow, frame};

    #[test]
    fn every_column_is_decoded_by_row_and_non_finite_points_are_none() {
        let rows = [
            TestRow::new()
                .text(sprints::SPRINT, "Sprint 1")
                .time(sprints::START, "2024-01-01")
                .number(sprints::COMMITTED_POINTS, 13.0)
                .integer(sprints::COMPLETED_ITEMS, 4),
            TestRow::new().text(sprints::SPRINT, "Sprint 2").number(sprints::COMMITTED_POINTS, f64::NAN),
        ];
        let sprints_frame = frame(Table::Sprints, &rows);
        let view = Sprints::decode(&sprints_frame).unwrap();
        assert_eq!(view.len(), 2);
        assert_eq!(view.sprint, [Some("Sprint 1"), Some("Sprint 2")]);
        assert_eq!(view.start, [Some(1_704_067_200_000), None]);
        assert_eq!(view.committed_points, [Some(13.0), None]);
        assert_eq!(view.completed_items, [Some(4), None]);
        assert_eq!(view.team, [None, None]);
    }
}
