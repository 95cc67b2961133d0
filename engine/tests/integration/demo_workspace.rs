//! The bundled demo workspace (datasets/demo) loads as a whole: every file detected, every
//! table filled, no problem. The counts are those datasets/README.md states.

use std::path::PathBuf;

use polars::prelude::*;
use refine_engine::load::{Format, LoadOptions, load_inputs};
use refine_engine::model::{Table, items};

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
