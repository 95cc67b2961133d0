//! Each check on hand-built frames, with the expected counts and examples worked out by hand.

use std::path::PathBuf;

use polars::prelude::DataFrame;

use super::*;
use crate::demand::{DemandSettings, compute_demand};
use crate::flow::{FlowSettings, flow};
use crate::load::{Format, Loaded, Location, Problem};
use crate::model::status::StatusRules;
use crate::model::test_frame::{TestRow, frame};
use crate::model::test_values::ms;
use crate::model::view::History;
use crate::model::{Table, feedback, history, items, links};

/// The frames one test checks, with what the other inputs are.
struct Case {
    items: DataFrame,
    links: DataFrame,
    feedback: DataFrame,
    files: Vec<LoadedFile>,
    ranked: Vec<&'static str>,
}

impl Case {
    fn of(items: &[TestRow]) -> Case {
        Case {
            items: frame(Table::Items, items),
            links: Table::Links.empty_frame(),
            feedback: Table::Feedback.empty_frame(),
            files: Vec::new(),
            ranked: Vec::new(),
        }
    }

    fn run(&self, flow: Option<&FlowReport>) -> DataQuality {
        let items = Items::decode(&self.items).unwrap();
        let links = Links::decode(&self.links).unwrap();
        // The unknown keys are demand's, as in a run.
        let demand = (self.feedback.height() > 0)
            .then(|| compute_demand(&items, &self.feedback, &DemandSettings::default()).unwrap());
        data_quality(&QualityInputs {
            files: &self.files,
            items: &items,
            links: &links,
            unknown_feedback_keys: demand.as_ref().map(|demand| &demand.unknown_keys),
            flow,
            ranked_keys: &self.ranked,
        })
    }
}

fn item(key: &str) -> TestRow {
    TestRow::new().text(items::KEY, key)
}

fn with_status(key: &str, status: &str, category: &str, guessed: bool) -> TestRow {
    item(key)
        .text(items::STATUS, status)
        .text(items::STATUS_CATEGORY, category)
        .boolean(items::STATUS_CATEGORY_GUESSED, guessed)
        .number(items::ESTIMATE, 1.0)
}

fn finding(quality: &DataQuality, check: QualityCheck) -> (usize, Vec<&str>) {
    let finding = quality.finding(check).unwrap_or_else(|| panic!("{check:?} missing"));
    assert_eq!((finding.title, finding.advice), (check.title(), check.advice()));
    (finding.count, finding.examples.iter().map(String::as_str).collect())
}

fn loaded_file(name: &str, loaded: Loaded) -> LoadedFile {
    LoadedFile { path: PathBuf::from("exports").join(name), format: Format::JiraCsv, loaded }
}

#[test]
fn rows_rejected_at_load_are_counted_per_file_with_their_problems_and_pull_requests_are_not() {
    let problem = |row, column, found| Problem::new(Location::Row(row), Some(column), "a number", found);
    let mut case = Case::of(&[item("A-1")]);
    case.files = vec![
        loaded_file("clean.csv", Loaded { records: 4, ..Loaded::default() }),
        loaded_file(
            "backlog.csv",
            Loaded {
                records: 10,
                skipped_records: 2,
                problems: vec![problem(3, "Story Points", "big"), problem(7, "Votes", "many")],
                problem_count: 2,
                ..Loaded::default()
            },
        ),
        // A GitHub list: one pull request left out on purpose, one record rejected.
        loaded_file(
            "issues.json",
            Loaded {
                records: 3,
                skipped_records: 2,
                left_out_records: 1,
                problems: vec![Problem::new(Location::Record(2), Some("number"), "an issue number", "x")],
                problem_count: 1,
                ..Loaded::default()
            },
        ),
        loaded_file(
            "prs-only.json",
            Loaded { records: 2, skipped_records: 2, left_out_records: 2, ..Loaded::default() },
        ),
    ];
    let quality = case.run(None);
    let (count, examples) = finding(&quality, QualityCheck::SkippedRows);
    // 2 rows of backlog.csv + 1 record of issues.json; the 3 pull requests are not problems.
    assert_eq!(count, 3);
    assert_eq!(
        examples,
        [
            "backlog.csv, row 3, column `Story Points`: expected a number, found \"big\"",
            "backlog.csv, row 7, column `Votes`: expected a number, found \"many\"",
            "issues.json, record 2, column `number`: expected an issue number, found \"x\"",
        ]
    );
}

#[test]
fn guessed_and_uncategorised_statuses_are_listed_with_their_items_most_items_first() {
    let case = Case::of(&[
        with_status("A", "Open", "todo", true),
        with_status("B", "In Design", "in_progress", true),
        with_status("C", "In Design", "in_progress", true),
        // Given by the export or by [status]: no guess.
        with_status("D", "Done", "done", false),
        item("E").text(items::STATUS, "Parked").number(items::ESTIMATE, 1.0),
        item("F").text(items::STATUS, "Waiting").number(items::ESTIMATE, 1.0),
        item("G").text(items::STATUS, "Waiting").number(items::ESTIMATE, 1.0),
        item("H").number(items::ESTIMATE, 1.0),
    ]);
    let quality = case.run(None);
    let (count, examples) = finding(&quality, QualityCheck::GuessedStatusCategories);
    assert_eq!((count, examples), (2, vec!["In Design → in progress (2 items)", "Open → to do (1 item)"]));
    let (count, examples) = finding(&quality, QualityCheck::UncategorisedStatuses);
    assert_eq!((count, examples), (2, vec!["Waiting (2 items)", "Parked (1 item)"]));
}

#[test]
fn items_done_without_progress_or_without_history_come_from_the_flow() {
    let case = Case::of(&[
        with_status("A", "Done", "done", false).time(items::CREATED, "2024-01-01"),
        with_status("B", "Done", "done", false).time(items::CREATED, "2024-01-01"),
        with_status("C", "Done", "done", false)
            .time(items::CREATED, "2024-01-01")
            .time(items::RESOLVED, "2024-01-05"),
        with_status("D", "In Progress", "in_progress", false).time(items::CREATED, "2024-01-01"),
    ]);
    let change = |key: &str, at: &str, from: &str, to: &str| {
        TestRow::new()
            .text(history::KEY, key)
            .time(history::AT, at)
            .text(history::FIELD, "status")
            .text(history::FROM, from)
            .text(history::TO, to)
    };
    let history_frame = frame(
        Table::History,
        &[
            // A: worked. B: straight from To Do to Done. C: no history. D: still in progress.
            change("A", "2024-01-02", "To Do", "In Progress"),
            change("A", "2024-01-04", "In Progress", "Done"),
            change("B", "2024-01-03", "To Do", "Done"),
            change("D", "2024-01-03", "To Do", "In Progress"),
        ],
    );
    let items = Items::decode(&case.items).unwrap();
    let history = History::decode(&history_frame).unwrap();
    let report =
        flow(&items, &history, &StatusRules::default(), ms("2024-01-10T00:00:00Z"), &FlowSettings::default())
            .unwrap();
    let quality = case.run(Some(&report));
    assert_eq!(finding(&quality, QualityCheck::DoneWithoutProgress), (1, vec!["B"]));
    assert_eq!(finding(&quality, QualityCheck::DoneWithoutHistory), (1, vec!["C"]));
    // Without a flow the two checks have nothing to read: left out, not "none".
    let without_flow = case.run(None);
    assert!(without_flow.finding(QualityCheck::DoneWithoutProgress).is_none());
    assert!(without_flow.finding(QualityCheck::DoneWithoutHistory).is_none());
}

#[test]
fn open_items_without_an_estimate_are_listed_ranked_first_in_rank_order() {
    let mut case = Case::of(&[
        item("A").text(items::STATUS_CATEGORY, "todo"),
        item("B").text(items::STATUS_CATEGORY, "todo").number(items::ESTIMATE, 3.0),
        item("C").text(items::STATUS_CATEGORY, "done"),
        item("D").text(items::STATUS_CATEGORY, "in_progress"),
        // No category: not known to be done, so open.
        item("E"),
        item("F").text(items::STATUS_CATEGORY, "todo").number(items::ESTIMATE, 0.0),
    ]);
    case.ranked = vec!["D", "B", "A", "F"];
    // D (rank 1), A (rank 3), then E, which is not ranked. F is estimated at 0: it has one.
    assert_eq!(finding(&case.run(None), QualityCheck::OpenWithoutEstimate), (3, vec!["D", "A", "E"]));
}

#[test]
fn feedback_rows_naming_no_item_are_counted_by_key() {
    let mut case = Case::of(&[item("A-1").number(items::ESTIMATE, 1.0)]);
    let row =
        |key: Option<&str>| TestRow::new().text(feedback::TEXT, "please").text_or_null(feedback::KEY, key);
    case.feedback = frame(
        Table::Feedback,
        &[
            row(Some("A-1")),
            row(Some("X-9")),
            row(Some(" Y-1 ")),
            row(Some("X-9")),
            row(None),
            row(Some(" ")),
        ],
    );
    // X-9 twice and Y-1 once (trimmed); a row with no key is for text matching, not unknown.
    let quality = case.run(None);
    let (count, examples) = finding(&quality, QualityCheck::UnknownFeedbackKeys);
    assert_eq!((count, examples), (3, vec!["X-9 (2 rows)", "Y-1 (1 row)"]));
    // No feedback at all: nothing to check.
    let no_feedback = Case::of(&[item("A-1")]);
    assert!(no_feedback.run(None).finding(QualityCheck::UnknownFeedbackKeys).is_none());
}

#[test]
fn links_with_an_end_outside_the_items_are_listed_in_link_order() {
    let mut case = Case::of(&[item("A-1"), item("A-2")]);
    let link = |from: &str, to: &str, kind: &str| {
        TestRow::new().text(links::FROM, from).text(links::TO, to).text(links::KIND, kind)
    };
    case.links = frame(
        Table::Links,
        &[link("A-1", "A-2", "blocks"), link("A-1", "Z-9", "blocks"), link("EPIC-1", "A-2", "parent")],
    );
    let quality = case.run(None);
    let (count, examples) = finding(&quality, QualityCheck::LinksToUnknownItems);
    assert_eq!((count, examples), (2, vec!["A-1 → Z-9 (blocks)", "EPIC-1 → A-2 (parent)"]));
    assert!(Case::of(&[item("A-1")]).run(None).finding(QualityCheck::LinksToUnknownItems).is_none());
}

#[test]
fn clean_inputs_keep_every_check_that_ran_with_a_count_of_zero_in_a_fixed_order() {
    let mut case =
        Case::of(&[with_status("A-1", "Done", "done", false), with_status("A-2", "To Do", "todo", false)]);
    case.links = frame(
        Table::Links,
        &[TestRow::new().text(links::FROM, "A-1").text(links::TO, "A-2").text(links::KIND, "blocks")],
    );
    case.feedback =
        frame(Table::Feedback, &[TestRow::new().text(feedback::TEXT, "hi").text(feedback::KEY, "A-2")]);
    let quality = case.run(None);
    let ids: Vec<&str> = quality.findings.iter().map(|finding| finding.id.id()).collect();
    assert_eq!(
        ids,
        [
            "skipped_rows",
            "guessed_status_categories",
            "uncategorised_statuses",
            "open_without_estimate",
            "unknown_feedback_keys",
            "links_to_unknown_items",
        ]
    );
    assert!(quality.findings.iter().all(|finding| finding.count == 0 && finding.examples.is_empty()));
    // The id serializes as itself.
    let json = serde_json::to_value(&quality.findings[0]).unwrap();
    assert_eq!(json["id"], "skipped_rows");
}

#[test]
fn at_most_five_examples_are_given_whatever_the_count() {
    let rows: Vec<TestRow> = (1..=7).map(|number| item(&format!("A-{number}"))).collect();
    let quality = Case::of(&rows).run(None);
    let (count, examples) = finding(&quality, QualityCheck::OpenWithoutEstimate);
    assert_eq!((count, examples), (7, vec!["A-1", "A-2", "A-3", "A-4", "A-5"]));
}
