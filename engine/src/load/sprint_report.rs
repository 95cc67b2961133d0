//! Sprint reports as CSV: one row per sprint with what was committed at its start, what was
//! added and removed while it ran and what was completed, in story points and in items.
//!
//! Jira's sprint report and velocity chart show these figures per board; people copy them into a
//! spreadsheet, and research datasets publish them that way (Choetkiertikul et al., "Predicting
//! Delivery Capability in Iterative Software Development", TSE 2017: one file per tracker with
//! `board, sprint_id, sprint, planned_days, committed_points, added_points, removed_points,
//! completed_points, committed_issues, completed_issues, team_size`). refine's demo workspace
//! writes the same layout with `start` and `end` dates.
//!
//! Headers are matched ignoring case; each canonical column takes the first alias the file has:
//! `board|team` → team, `sprint|name|sprint_name` → sprint (the `sprint_id` when the file has
//! no name), `start|start_date`, `end|end_date`, `completed_at|complete_date`, and
//! `*_issues|*_items` → the item counts. The file is recognised by a sprint column (`sprint`,
//! `sprint_name` or `sprint_id`) beside `committed_points` or `completed_points`.

use super::error::LoadError;
use super::frame_builder::FrameBuilder;
use super::text_table::TextTable;
use super::text_table::has_header;
use super::{LoadOptions, Loaded};
use crate::model::{Table, sprints};

/// Headers that name the sprint; one of them and a points column make a sprint report.
const SPRINT_NAMES: [&str; 3] = ["sprint", "name", "sprint_name"];
const SPRINT_ID: &str = "sprint_id";

/// Canonical column ← the headers that fill it, in order of preference (the sprint name apart).
const COLUMNS: &[(&str, &[&str])] = &[
    (sprints::TEAM, &["board", "team"]),
    (sprints::SPRINT_ID, &[SPRINT_ID]),
    (sprints::STATE, &["state"]),
    (sprints::START, &["start", "start_date"]),
    (sprints::END, &["end", "end_date"]),
    (sprints::COMPLETED_AT, &["completed_at", "complete_date"]),
    (sprints::PLANNED_DAYS, &["planned_days"]),
    (sprints::COMMITTED_POINTS, &["committed_points"]),
    (sprints::ADDED_POINTS, &["added_points"]),
    (sprints::REMOVED_POINTS, &["removed_points"]),
    (sprints::COMPLETED_POINTS, &["completed_points"]),
    (sprints::COMMITTED_ITEMS, &["committed_issues", "committed_items"]),
    (sprints::ADDED_ITEMS, &["added_issues", "added_items"]),
    (sprints::REMOVED_ITEMS, &["removed_issues", "removed_items"]),
    (sprints::COMPLETED_ITEMS, &["completed_issues", "completed_items"]),
    (sprints::TEAM_SIZE, &["team_size"]),
];

/// A sprint column (`sprint`, `name`, `sprint_name` or `sprint_id`) and committed or completed
/// points.
pub fn matches(headers: &[String]) -> bool {
    let has_sprint = SPRINT_NAMES.iter().chain([&SPRINT_ID]).any(|name| has_header(headers, name));
    let has_points = ["committed_points", "completed_points"].iter().any(|name| has_header(headers, name));
    has_sprint && has_points
}

/// Loads a sprint report into the sprints table.
pub fn load(text: &TextTable, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let mut builder = FrameBuilder::new(Table::Sprints, text);
    for (target, headers) in COLUMNS {
        builder.map_any(target, headers);
    }
    // A report without sprint names still identifies each sprint by its id.
    let name = text.position_of_any(&SPRINT_NAMES).or_else(|| text.position(SPRINT_ID));
    if let Some(position) = name {
        builder.map(sprints::SPRINT, position);
    }
    let mut loaded = Loaded::default();
    loaded.add(Table::Sprints, builder.finish(options.strict)?);
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::headers;
    use crate::load::test_support::load_content;
    use crate::load::{Format, LoadedFile, Location};
    use polars::prelude::DataType;

    fn load_csv(content: &str) -> LoadedFile {
        load_content("export.csv", content, &LoadOptions::default())
    }

    #[test]
    fn recognises_research_demo_and_renamed_headers() {
        assert!(matches(&headers(&["board", "sprint_id", "sprint", "committed_points"])));
        assert!(matches(&headers(&["Team", "Name", "Completed_Points"])));
        assert!(matches(&headers(&["sprint_id", "completed_points"])));
        assert!(!matches(&headers(&["sprint", "velocity"])));
        assert!(!matches(&headers(&["key", "committed_points"])));
    }

    #[test]
    fn maps_the_research_layout_and_the_demo_dates() {
        let file = load_csv(
            "board,sprint_id,sprint,start,end,planned_days,committed_points,added_points,removed_points,completed_points,committed_issues,completed_issues,team_size\n\
             21,341,Beta6,2024-01-08,2024-01-19,14,16,2,0,16,8,1,5\n\
             5,12,Babbage,,,10,4.5,60,32,36,1,0,2\n",
        );
        assert_eq!(file.format, Format::SprintReportCsv);
        let frame = &file.loaded.tables[&Table::Sprints];
        assert_eq!(frame.height(), 2);
        let text = |column: &str, row: usize| frame.column(column).unwrap().str().unwrap().get(row);
        assert_eq!(text(sprints::TEAM, 0), Some("21"));
        assert_eq!(text(sprints::SPRINT_ID, 1), Some("12"));
        assert_eq!(text(sprints::SPRINT, 1), Some("Babbage"));
        assert_eq!(frame.column(sprints::COMMITTED_POINTS).unwrap().f64().unwrap().get(1), Some(4.5));
        assert_eq!(frame.column(sprints::COMMITTED_ITEMS).unwrap().i64().unwrap().get(0), Some(8));
        assert_eq!(frame.column(sprints::COMPLETED_ITEMS).unwrap().i64().unwrap().get(0), Some(1));
        assert_eq!(frame.column(sprints::TEAM_SIZE).unwrap().i64().unwrap().get(0), Some(5));
        assert_eq!(frame.column(sprints::ADDED_ITEMS).unwrap().null_count(), 2);
        // 2024-01-08T00:00:00Z in milliseconds (`date -ud 2024-01-08 +%s` = 1704672000).
        let start = frame.column(sprints::START).unwrap().cast(&DataType::Int64).unwrap();
        assert_eq!(start.i64().unwrap().get(0), Some(1_704_672_000_000));
        assert_eq!(start.i64().unwrap().get(1), None);
    }

    #[test]
    fn a_report_without_names_uses_the_sprint_id() {
        let file = load_csv("team,sprint_id,completed_points,completed_items\nA,7,5,2\n");
        let frame = &file.loaded.tables[&Table::Sprints];
        assert_eq!(frame.column(sprints::SPRINT).unwrap().str().unwrap().get(0), Some("7"));
        assert_eq!(frame.column(sprints::COMPLETED_ITEMS).unwrap().i64().unwrap().get(0), Some(2));
    }

    #[test]
    fn an_unparseable_date_or_count_skips_the_sprint_and_names_row_and_column() {
        let file = load_csv(
            "sprint,start_date,committed_points,committed_items\n\
             S1,2024-01-08,5,2\n\
             S2,next monday,5,2\n\
             S3,2024-01-22,5,two\n",
        );
        let loaded = &file.loaded;
        assert_eq!(loaded.tables[&Table::Sprints].height(), 1);
        assert_eq!(loaded.skipped_records, 2);
        assert_eq!(loaded.problems[0].location, Location::Row(3));
        assert_eq!(loaded.problems[0].column.as_deref(), Some("start_date"));
        assert_eq!(loaded.problems[0].found, "next monday");
        assert_eq!(loaded.problems[1].location, Location::Row(4));
        assert_eq!(loaded.problems[1].column.as_deref(), Some("committed_items"));
    }
}
