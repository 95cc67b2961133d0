//! The sprint-report, poker-vote, feedback, survey and effort-estimate loaders on the committed
//! fixtures (datasets/fixtures) and on the real public datasets (datasets/README.md).
//!
//! Every expected figure of the real data was computed independently with Python's `csv`
//! module over the same file (the script is quoted beside each block), not with refine.

use std::path::{Path, PathBuf};

use polars::prelude::*;
use refine_engine::load::{Format, LoadOptions, LoadedFile, Location, load_file};
use refine_engine::model::{Table, feedback, items, sprints, survey, votes};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/fixtures").join(name)
}

fn load(path: &Path) -> LoadedFile {
    load_file(path, &LoadOptions::default()).unwrap_or_else(|error| panic!("{error}"))
}

fn texts<'a>(frame: &'a DataFrame, column: &str) -> Vec<Option<&'a str>> {
    frame.column(column).unwrap().str().unwrap().iter().collect()
}

fn number(frame: &DataFrame, column: &str, row: usize) -> Option<f64> {
    frame.column(column).unwrap().cast(&DataType::Float64).unwrap().f64().unwrap().get(row)
}

fn integer(frame: &DataFrame, column: &str, row: usize) -> Option<i64> {
    frame.column(column).unwrap().cast(&DataType::Int64).unwrap().i64().unwrap().get(row)
}

fn sum(frame: &DataFrame, column: &str) -> f64 {
    frame.column(column).unwrap().cast(&DataType::Float64).unwrap().f64().unwrap().sum().unwrap_or_default()
}

/// The index of the first row whose text columns hold all of `values`.
fn row_where(frame: &DataFrame, values: &[(&str, &str)]) -> usize {
    let columns: Vec<Vec<Option<&str>>> = values.iter().map(|(column, _)| texts(frame, column)).collect();
    (0..frame.height())
        .find(|&row| values.iter().zip(&columns).all(|((_, value), column)| column[row] == Some(*value)))
        .unwrap_or_else(|| panic!("no row with {values:?}"))
}

fn count_of(frame: &DataFrame, column: &str, value: &str) -> usize {
    texts(frame, column).into_iter().filter(|text| *text == Some(value)).count()
}

// ---- fixtures ---------------------------------------------------------------------------

#[test]
fn fixture_poker_votes() {
    let file = load(&fixture("poker-votes.csv"));
    assert_eq!(file.format, Format::PokerVotesCsv);
    let frame = &file.loaded.tables[&Table::Votes];
    assert_eq!(file.loaded.records, 11);
    assert_eq!(frame.height(), 10);
    assert_eq!(texts(frame, votes::VALUE)[6..], [Some("?"), Some("☕"), Some("0.5"), Some("2")]);
    assert_eq!(integer(frame, votes::ROUND, 3), Some(2));
    let problem = &file.loaded.problems[0];
    assert_eq!(
        (problem.location, problem.column.as_deref(), problem.found.as_str()),
        (Location::Row(11), Some("value"), "huge")
    );
}

#[test]
fn fixture_feedback_csv() {
    let file = load(&fixture("feedback.csv"));
    assert_eq!(file.format, Format::FeedbackCsv);
    let frame = &file.loaded.tables[&Table::Feedback];
    assert_eq!(texts(frame, feedback::ID), [Some("F-1"), Some("F-2"), Some("F-3"), Some("F-5")]);
    assert_eq!(texts(frame, feedback::TEXT)[1], Some("Dark mode, please"));
    // 120000 + 1200 + 98000 + 120000: F-4 is skipped for its date.
    assert_eq!(sum(frame, feedback::WEIGHT), 339_200.0);
    assert_eq!(file.loaded.problems.len(), 1);
    let problem = &file.loaded.problems[0];
    assert_eq!((problem.location, problem.column.as_deref()), (Location::Row(5), Some("created")));
    assert_eq!(problem.found, "sometime in March");
}

#[test]
fn fixture_feedback_json() {
    let file = load(&fixture("feedback.json"));
    assert_eq!(file.format, Format::FeedbackJson);
    let frame = &file.loaded.tables[&Table::Feedback];
    assert_eq!(texts(frame, feedback::ID), [Some("FB-101"), Some("FB-102"), Some("FB-104")]);
    assert_eq!(texts(frame, feedback::KEY), [Some("SHOP-12"), None, Some("SHOP-12")]);
    assert_eq!(texts(frame, feedback::SEGMENT)[2], Some("Growth"));
    assert_eq!(texts(frame, feedback::SOURCE)[1], Some("community"));
    assert_eq!(integer(frame, feedback::VOTES, 1), Some(9));
    let problem = &file.loaded.problems[0];
    assert_eq!((problem.location, problem.column.as_deref()), (Location::Record(3), Some("arr")));
    assert!(file.loaded.columns.iter().any(|column| column.source == "csm" && column.target.is_none()));
}

#[test]
fn fixture_odi_survey_wide() {
    let file = load(&fixture("odi-survey-wide.csv"));
    assert_eq!(file.format, Format::OdiSurveyCsv);
    let frame = &file.loaded.tables[&Table::Survey];
    // 4 respondents × 3 outcomes, less r02's unanswered faster-search.
    assert_eq!(frame.height(), 11);
    let row = row_where(frame, &[(survey::RESPONDENT, "r03"), (survey::OUTCOME, "SHOP-13")]);
    assert_eq!(
        (integer(frame, survey::IMPORTANCE, row), integer(frame, survey::SATISFACTION, row)),
        (None, Some(2))
    );
    assert_eq!(file.loaded.skipped_records, 0);
    let problem = &file.loaded.problems[0];
    assert_eq!((problem.location, problem.column.as_deref()), (Location::Row(4), Some("imp_SHOP-13")));
    assert_eq!(problem.found, "7");
}

#[test]
fn fixture_odi_survey_long() {
    let file = load(&fixture("odi-survey-long.csv"));
    assert_eq!(file.format, Format::OdiSurveyCsv);
    let frame = &file.loaded.tables[&Table::Survey];
    assert_eq!(frame.height(), 5);
    assert!(file.loaded.problems.is_empty());
    assert_eq!(integer(frame, survey::IMPORTANCE, 3), Some(5));
    assert_eq!(integer(frame, survey::SATISFACTION, 3), None);
}

// ---- real data: sprint reports ------------------------------------------------------------

/// Rows, distinct boards and point sums of a sprint report, as Python gives them:
/// `rows = list(csv.DictReader(open(f))); len(rows); len({r['board'] for r in rows});
/// sum(float(r['committed_points']) ...); sum(float(r['completed_points']) ...)`.
fn check_sprint_report(
    name: &str,
    rows: usize,
    boards: usize,
    committed: f64,
    completed: f64,
) -> Option<DataFrame> {
    let path = crate::support::shared_data(&format!("sprints/{name}-sprints.csv"))?;
    let file = load(&path);
    assert_eq!(file.format, Format::SprintReportCsv, "{name}");
    assert!(file.loaded.problems.is_empty(), "{name}: {:?}", file.loaded.problems);
    let frame = file.loaded.tables[&Table::Sprints].clone();
    assert_eq!(frame.height(), rows, "{name}");
    assert_eq!(frame.column(sprints::TEAM).unwrap().n_unique().unwrap(), boards, "{name}");
    assert_eq!(sum(&frame, sprints::COMMITTED_POINTS), committed, "{name}");
    assert_eq!(sum(&frame, sprints::COMPLETED_POINTS), completed, "{name}");
    Some(frame)
}

#[test]
fn real_apache_sprint_report() {
    let Some(frame) = check_sprint_report("apache", 348, 17, 5955.0, 3799.0) else { return };
    // Spreadsheet row 176: board 41, sprint 33 "Slider October #1", 14 days, 32/1/5/30 points,
    // 32 committed and 15 completed issues, 6 people.
    let row = row_where(&frame, &[(sprints::TEAM, "41"), (sprints::SPRINT_ID, "33")]);
    assert_eq!(texts(&frame, sprints::SPRINT)[row], Some("Slider October #1"));
    assert_eq!(number(&frame, sprints::PLANNED_DAYS, row), Some(14.0));
    assert_eq!(number(&frame, sprints::COMMITTED_POINTS, row), Some(32.0));
    assert_eq!(number(&frame, sprints::ADDED_POINTS, row), Some(1.0));
    assert_eq!(number(&frame, sprints::REMOVED_POINTS, row), Some(5.0));
    assert_eq!(number(&frame, sprints::COMPLETED_POINTS, row), Some(30.0));
    assert_eq!(integer(&frame, sprints::COMMITTED_ITEMS, row), Some(32));
    assert_eq!(integer(&frame, sprints::COMPLETED_ITEMS, row), Some(15));
    assert_eq!(integer(&frame, sprints::TEAM_SIZE, row), Some(6));
    assert_eq!(frame.column(sprints::START).unwrap().null_count(), 348, "the research data has no dates");
}

#[test]
fn real_jboss_sprint_report() {
    let Some(frame) = check_sprint_report("jboss", 372, 34, 5203.0, 3141.0) else { return };
    // A quoted name with a comma: board 980, sprint 2270, 2/16/2 → 18 points, 5 issues done.
    let row = row_where(&frame, &[(sprints::TEAM, "980"), (sprints::SPRINT_ID, "2270")]);
    assert_eq!(texts(&frame, sprints::SPRINT)[row], Some("Sprint_July7-11,2014"));
    assert_eq!(number(&frame, sprints::ADDED_POINTS, row), Some(16.0));
    assert_eq!(number(&frame, sprints::COMPLETED_POINTS, row), Some(18.0));
    assert_eq!(integer(&frame, sprints::COMPLETED_ITEMS, row), Some(5));
    assert_eq!(integer(&frame, sprints::TEAM_SIZE, row), Some(2));
}

#[test]
fn real_spring_sprint_report() {
    let Some(frame) = check_sprint_report("spring", 476, 13, 26541.0, 43048.0) else { return };
    // Sprint 93 "Gosling RC1" on two boards with different figures: board 46 (last row) has
    // 28 committed points and 7 issues, board 23 has 8 and 2; both completed 24 points.
    let on_46 = row_where(&frame, &[(sprints::TEAM, "46"), (sprints::SPRINT_ID, "93")]);
    let on_23 = row_where(&frame, &[(sprints::TEAM, "23"), (sprints::SPRINT_ID, "93")]);
    assert_eq!(on_46, 475);
    assert_eq!(number(&frame, sprints::COMMITTED_POINTS, on_46), Some(28.0));
    assert_eq!(integer(&frame, sprints::COMMITTED_ITEMS, on_46), Some(7));
    assert_eq!(number(&frame, sprints::COMMITTED_POINTS, on_23), Some(8.0));
    assert_eq!(integer(&frame, sprints::COMMITTED_ITEMS, on_23), Some(2));
    assert_eq!(number(&frame, sprints::COMPLETED_POINTS, on_23), Some(24.0));
}

// ---- real data: app reviews -----------------------------------------------------------------

#[test]
fn real_uber_play_reviews() {
    let Some(path) = crate::support::shared_data("feedback/uber-play-reviews.csv") else { return };
    let file = load(&path);
    assert_eq!(file.format, Format::AppReviewsCsv);
    assert!(file.loaded.problems.is_empty(), "{:?}", file.loaded.problems);
    let frame = &file.loaded.tables[&Table::Feedback];
    assert_eq!(frame.height(), 12_000);
    // collections.Counter(r['score'] for r in rows)
    let ratings = frame.column(feedback::RATING).unwrap().f64().unwrap();
    let per_score: Vec<usize> = (1..=5)
        .map(|score| ratings.iter().filter(|rating| *rating == Some(f64::from(score))).count())
        .collect();
    assert_eq!(per_score, [2618, 317, 333, 806, 7926]);
    // sum(int(r['thumbsUpCount']) for r in rows)
    assert_eq!(sum(frame, feedback::VOTES), 6204.0);
    assert_eq!(count_of(frame, feedback::SOURCE, "google-play"), 12_000);
    // The most-liked review: record 7687, User_7686, score 1, 239 thumbs up, at
    // 2024-12-02 20:43:56 (= 1733172236 s, Python's datetime(..., tzinfo=utc).timestamp()).
    let row = row_where(frame, &[(feedback::CUSTOMER, "User_7686")]);
    assert_eq!(texts(frame, feedback::ID)[row], Some("7687"));
    assert_eq!(integer(frame, feedback::VOTES, row), Some(239));
    assert_eq!(number(frame, feedback::RATING, row), Some(1.0));
    assert_eq!(integer(frame, feedback::CREATED, row), Some(1_733_172_236_000));
    assert!(
        texts(frame, feedback::TEXT)[row].is_some_and(|text| text.starts_with("Worst app and membership"))
    );
}

// ---- real data: TAWOS effort estimates ----------------------------------------------------

#[test]
fn real_tawos_story_points_vs_effort() {
    let Some(path) = crate::support::shared_data("estimates/tawos-sp-vs-effort.csv") else { return };
    let file = load(&path);
    assert_eq!(file.format, Format::EffortEstimatesCsv);
    assert!(file.loaded.problems.is_empty(), "{:?}", file.loaded.problems);
    let frame = &file.loaded.tables[&Table::Items];
    assert_eq!(frame.height(), 47_205);
    // collections.Counter(r['Project'] for r in rows)
    assert_eq!(frame.column(items::PROJECT).unwrap().n_unique().unwrap(), 29);
    for (project, count) in [("DM", 16_370), ("MESOS", 2_634), ("DURACLOUD", 570), ("CXX", 156)] {
        assert_eq!(count_of(frame, items::PROJECT, project), count, "{project}");
    }
    // Rows whose Timespent is not NULL: 636; Resolution_Date NULL: 19.
    assert_eq!(frame.height() - frame.column(items::TIME_SPENT_HOURS).unwrap().null_count(), 636);
    assert_eq!(frame.column(items::RESOLVED).unwrap().null_count(), 19);
    // Statuses Closed, Done, Resolved, Complete, Won't Fix and Invalid are done: 47,201 of them
    // (the rest: In Progress 2, Automation 1, Accepted 1).
    assert_eq!(count_of(frame, items::STATUS_CATEGORY, "done"), 47_201);
    assert_eq!(count_of(frame, items::STATUS_CATEGORY, "in_progress"), 2);
    // APIKIT-2092: 5 points, Timespent 1920 min = 32 h, In_Progress_Minutes 7160 = 119.33 h,
    // created 2017-08-31 14:27:56 (= 1504189676 s).
    let row = row_where(frame, &[(items::KEY, "APIKIT-2092")]);
    assert_eq!(texts(frame, items::TYPE)[row], Some("Bug"));
    assert_eq!(texts(frame, items::RESOLUTION)[row], Some("Completed"));
    assert_eq!(number(frame, items::ESTIMATE, row), Some(5.0));
    assert_eq!(number(frame, items::TIME_SPENT_HOURS, row), Some(32.0));
    let in_progress = number(frame, items::IN_PROGRESS_HOURS, row).unwrap();
    assert!((in_progress - 7160.0 / 60.0).abs() < 1e-9, "{in_progress}");
    assert_eq!(integer(frame, items::CREATED, row), Some(1_504_189_676_000));
}
