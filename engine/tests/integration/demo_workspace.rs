//! The bundled demo workspace (datasets/demo) loads as a whole: every file detected, every
//! table filled, no problem. The counts are those datasets/README.md states. Loaded with only
//! the columns the analyses read, every analysis gives the same.

use std::path::PathBuf;

use polars::prelude::*;
use refine_engine::config::Config;
use refine_engine::load::{Format, LoadOptions, Workspace, load_inputs};
use refine_engine::model::{Table, feedback, items};
use refine_engine::run::{PrioritizeOptions, Unobserved, analyse, columns_read};

#[test]
fn the_demo_folder_loads_into_every_table() {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo");
    let workspace = load_inputs(&[demo], &LoadOptions::default()).unwrap();

    let formats: Vec<Format> = workspace.files.iter().map(|file| file.format).collect();
    assert_eq!(
        formats,
        [
            Format::JiraCsv,
            Format::FeedbackCsv,
            Format::CanonicalCsv,
            Format::SprintReportCsv,
            Format::OdiSurveyCsv,
            Format::PokerVotesCsv
        ]
    );
    assert!(workspace.files.iter().all(|file| file.loaded.problem_count == 0));

    let height = |table| workspace.table(table).height();
    assert_eq!(height(Table::Items), 400);
    assert_eq!(height(Table::History), 855);
    assert_eq!(height(Table::Sprints), 12);
    assert_eq!(height(Table::Votes), 632);
    assert_eq!(height(Table::Feedback), 2000);
    assert_eq!(height(Table::Links), 308);
    assert!(height(Table::Survey) > 1400);

    let backlog = workspace.table(Table::Items);
    let estimated = backlog.column(items::ESTIMATE).unwrap().f64().unwrap().iter().flatten().count();
    assert_eq!(400 - estimated, 145, "datasets/README.md: 145 unestimated items");
    let ranks = backlog.column(items::RANK).unwrap().i64().unwrap();
    assert_eq!((ranks.min(), ranks.max()), (Some(1), Some(400)));
}

#[test]
fn loading_only_the_columns_the_analyses_read_gives_the_same_analyses() {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo");
    let whole = load_inputs(std::slice::from_ref(&demo), &LoadOptions::default()).unwrap();
    let options = LoadOptions { columns_read: columns_read(), ..LoadOptions::default() };
    let projected = load_inputs(&[demo], &options).unwrap();

    // The same rows load; the feedback's segment and source are left unread.
    let (whole_feedback, projected_feedback) =
        (whole.table(Table::Feedback), projected.table(Table::Feedback));
    assert_eq!(projected_feedback.height(), 2000);
    for column in [feedback::SEGMENT, feedback::SOURCE] {
        assert!(whole_feedback.column(column).unwrap().null_count() < 2000, "{column}");
        assert_eq!(projected_feedback.column(column).unwrap().null_count(), 2000, "{column}");
    }
    for column in refine_engine::demand::FEEDBACK_COLUMNS {
        assert!(
            whole_feedback.column(column).unwrap().equals_missing(projected_feedback.column(column).unwrap())
        );
    }
    assert!(whole.table(Table::Items).equals_missing(&projected.table(Table::Items)));

    let config = Config::default();
    let analysed = |workspace: &Workspace| {
        let analyses = analyse(
            workspace,
            &config,
            workspace.latest_timestamp(),
            &PrioritizeOptions::default(),
            &Unobserved,
        )
        .unwrap();
        assert!(analyses.skipped.is_empty(), "{:?}", analyses.skipped);
        format!("{analyses:?}")
    };
    // Not assert_eq!: a difference would print every analysis twice.
    assert!(analysed(&whole) == analysed(&projected), "the analyses differ");
}
