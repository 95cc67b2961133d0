//! The GitHub loader on real data: `github/hf-datasets-issues.json`, 2,175 issues of
//! huggingface/datasets as the REST list endpoint returns them (see the shared datasets'
//! README).
//!
//! Every expected figure was found independently with python3 over the same file, e.g.
//! `d = json.load(open("hf-datasets-issues.json"))`, then `Counter(x["state"] for x in d)`,
//! `Counter(l["name"] for x in d for l in x["labels"])`, `[x["reactions"]["+1"] for x in d]`,
//! and for single issues `by = {x["number"]: x for x in d}; by[5281]["title"]`, its position
//! `d.index(by[5281]) + 1`, and so on.

use std::collections::BTreeMap;

use polars::prelude::*;
use refine_engine::load::{Format, LoadOptions, load_file};
use refine_engine::model::{Table, items};

fn items_frame() -> Option<DataFrame> {
    let path = crate::support::shared_data("github/hf-datasets-issues.json")?;
    let file = load_file(&path, &LoadOptions::default()).unwrap();
    assert_eq!(file.format, Format::GitHubJson);
    assert_eq!(file.loaded.records, 2175);
    // The file holds no pull requests and no bad values; three bodies hold terminal output
    // with control characters (an escape sequence, backspaces, binary bytes), replaced.
    crate::support::assert_only_control_characters(
        &file,
        &[("record 615", "body"), ("record 1457", "body"), ("record 1853", "body")],
    );
    Some(file.loaded.tables[&Table::Items].clone())
}

fn texts(frame: &DataFrame, column: &str) -> Vec<Option<String>> {
    frame.column(column).unwrap().str().unwrap().iter().map(|value| value.map(str::to_owned)).collect()
}

fn counts(values: impl IntoIterator<Item = Option<String>>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for value in values {
        *counts.entry(value.unwrap_or_else(|| "<none>".to_owned())).or_insert(0) += 1;
    }
    counts
}

fn lists(frame: &DataFrame, column: &str) -> Vec<Vec<String>> {
    let column = frame.column(column).unwrap().list().unwrap();
    (0..frame.height())
        .map(|row| {
            let values = column.get_as_series(row).unwrap();
            values.str().unwrap().iter().flatten().map(str::to_owned).collect()
        })
        .collect()
}

fn integers(frame: &DataFrame, column: &str) -> Vec<Option<i64>> {
    frame.column(column).unwrap().i64().unwrap().iter().collect()
}

fn instant(frame: &DataFrame, column: &str, row: usize) -> Option<String> {
    let millis = frame.column(column).unwrap().cast(&DataType::Int64).unwrap().i64().unwrap().get(row)?;
    Some(chrono::DateTime::from_timestamp_millis(millis)?.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

fn row_of(frame: &DataFrame, key: &str) -> usize {
    texts(frame, items::KEY).iter().position(|value| value.as_deref() == Some(key)).unwrap()
}

fn text(frame: &DataFrame, column: &str, row: usize) -> Option<String> {
    texts(frame, column)[row].clone()
}

#[test]
fn states_resolutions_and_categories() {
    let Some(frame) = items_frame() else { return };
    assert_eq!(frame.height(), 2175);
    let status = counts(texts(&frame, items::STATUS));
    assert_eq!((status["closed"], status["open"]), (1518, 657));
    let category = counts(texts(&frame, items::STATUS_CATEGORY));
    assert_eq!((category["done"], category["todo"], category.len()), (1518, 657, 2));
    // state_reason: completed 1,485 and not_planned 33 on closed issues; the 10 `reopened` and
    // 647 null on open issues are no resolution.
    let resolution = counts(texts(&frame, items::RESOLUTION));
    assert_eq!((resolution["completed"], resolution["not_planned"], resolution["<none>"]), (1485, 33, 657));
    // open and closed are GitHub's categories: nothing is guessed.
    let guessed = frame.column(items::STATUS_CATEGORY_GUESSED).unwrap().bool().unwrap();
    assert_eq!((guessed.sum(), guessed.null_count()), (Some(0), 0));
    let projects = counts(texts(&frame, items::PROJECT));
    assert_eq!(projects.into_iter().collect::<Vec<_>>(), [("huggingface/datasets".to_owned(), 2175)]);
}

#[test]
fn every_issue_links_to_its_page() {
    let Some(frame) = items_frame() else { return };
    // python3: all 2,175 `html_url`s are https://github.com/huggingface/datasets/issues/<number>.
    for (key, url) in texts(&frame, items::KEY).iter().zip(texts(&frame, items::URL)) {
        let number = key.as_deref().unwrap().trim_start_matches('#');
        assert_eq!(url, Some(format!("https://github.com/huggingface/datasets/issues/{number}")));
    }
    let first = row_of(&frame, "#7425");
    assert_eq!(
        text(&frame, items::URL, first).as_deref(),
        Some("https://github.com/huggingface/datasets/issues/7425")
    );
}

#[test]
fn labels_types_milestones_and_assignees() {
    let Some(frame) = items_frame() else { return };
    let labels = counts(lists(&frame, items::LABELS).into_iter().flatten().map(Some));
    assert_eq!(labels.len(), 30);
    assert_eq!(labels["bug"], 591);
    assert_eq!(labels["enhancement"], 379);
    assert_eq!(labels["dataset-viewer"], 90);
    assert_eq!(labels["dataset request"], 88);
    assert_eq!(labels["good first issue"], 44);
    // python3: a label whose words (split at non-alphanumerics) include "bug" → Bug, else
    // "enhancement" or "feature" → Feature, else Issue.
    let types = counts(texts(&frame, items::TYPE));
    assert_eq!((types["Bug"], types["Feature"], types["Issue"]), (616, 377, 1182));
    let milestones: Vec<Vec<String>> =
        lists(&frame, items::FIX_VERSIONS).into_iter().filter(|list| !list.is_empty()).collect();
    assert_eq!(milestones, vec![vec!["3.0".to_owned()]; 4]);
    assert_eq!(texts(&frame, items::ASSIGNEE).iter().flatten().count(), 608);
    // `body` is null for 10 issues: no description, so no length.
    assert_eq!(integers(&frame, items::DESCRIPTION_LEN).iter().filter(|length| length.is_none()).count(), 10);
}

#[test]
fn thumbs_up_are_votes() {
    let Some(frame) = items_frame() else { return };
    let votes: Vec<i64> = integers(&frame, items::VOTES).into_iter().map(Option::unwrap).collect();
    assert_eq!(votes.iter().filter(|&&count| count > 0).count(), 274);
    assert_eq!(votes.iter().sum::<i64>(), 724);
    let most = votes.iter().copied().max().unwrap();
    assert_eq!(most, 38);
    let top: Vec<Option<String>> = (0..frame.height())
        .filter(|&row| votes[row] == most)
        .map(|row| text(&frame, items::KEY, row))
        .collect();
    assert_eq!(top, [Some("#5281".to_owned())]);
}

#[test]
fn specific_issues() {
    let Some(frame) = items_frame() else { return };
    let rank = |row: usize| integers(&frame, items::RANK)[row];

    // The most wanted issue: open again after being closed (state_reason "reopened").
    let wanted = row_of(&frame, "#5281");
    assert_eq!(rank(wanted), Some(1117));
    assert_eq!(text(&frame, items::TITLE, wanted).as_deref(), Some("Support cloud storage in load_dataset"));
    assert_eq!(lists(&frame, items::LABELS)[wanted], ["enhancement", "good second issue"]);
    assert_eq!(text(&frame, items::TYPE, wanted).as_deref(), Some("Feature"));
    assert_eq!(integers(&frame, items::VOTES)[wanted], Some(38));
    assert_eq!(instant(&frame, items::CREATED, wanted).as_deref(), Some("2022-11-22T14:00:10Z"));
    assert_eq!(instant(&frame, items::UPDATED, wanted).as_deref(), Some("2024-11-15T15:03:41Z"));
    assert_eq!(instant(&frame, items::RESOLVED, wanted), None);
    assert_eq!(text(&frame, items::STATUS, wanted).as_deref(), Some("open"));
    assert_eq!(text(&frame, items::RESOLUTION, wanted), None);
    assert_eq!(integers(&frame, items::DESCRIPTION_LEN)[wanted], Some(652));

    let bug = row_of(&frame, "#6869");
    assert_eq!(rank(bug), Some(275));
    assert_eq!(
        text(&frame, items::TITLE, bug).as_deref(),
        Some("Download is broken for dict of dicts: FileNotFoundError")
    );
    assert_eq!(lists(&frame, items::LABELS)[bug], ["bug"]);
    assert_eq!(text(&frame, items::TYPE, bug).as_deref(), Some("Bug"));
    assert_eq!(integers(&frame, items::VOTES)[bug], Some(1));
    assert_eq!(instant(&frame, items::CREATED, bug).as_deref(), Some("2024-05-06T05:13:36Z"));
    assert_eq!(instant(&frame, items::RESOLVED, bug).as_deref(), Some("2024-05-06T09:25:53Z"));
    assert_eq!(text(&frame, items::RESOLUTION, bug).as_deref(), Some("completed"));
    assert_eq!(text(&frame, items::ASSIGNEE, bug).as_deref(), Some("u_8ed844d71c"));
    assert_eq!(integers(&frame, items::DESCRIPTION_LEN)[bug], Some(2000));

    let declined = row_of(&frame, "#7364");
    assert_eq!(rank(declined), Some(33));
    assert_eq!(
        text(&frame, items::TITLE, declined).as_deref(),
        Some("API endpoints for gated dataset access requests")
    );
    assert_eq!(text(&frame, items::RESOLUTION, declined).as_deref(), Some("not_planned"));
    assert_eq!(text(&frame, items::STATUS_CATEGORY, declined).as_deref(), Some("done"));
    assert_eq!(instant(&frame, items::CREATED, declined).as_deref(), Some("2025-01-09T06:21:20Z"));
    assert_eq!(instant(&frame, items::RESOLVED, declined).as_deref(), Some("2025-01-09T11:17:20Z"));

    let milestone = row_of(&frame, "#6252");
    assert_eq!(lists(&frame, items::FIX_VERSIONS)[milestone], ["3.0"]);
    assert_eq!(instant(&frame, items::RESOLVED, milestone).as_deref(), Some("2024-03-19T15:29:43Z"));

    // Newest first, as the list endpoint returns them.
    assert_eq!(text(&frame, items::KEY, 0).as_deref(), Some("#7425"));
    assert_eq!(text(&frame, items::KEY, 2174).as_deref(), Some("#2741"));
    assert_eq!(rank(2174), Some(2175));
}
