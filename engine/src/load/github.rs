//! GitHub issues as JSON, in the two shapes people save them in:
//! - the REST API's issue objects, as `GET /repos/{owner}/{repo}/issues` returns them (a JSON
//!   array, or JSON Lines): `number`, `title`, `body`, `state` (`open` / `closed`),
//!   `state_reason`, `labels[].name`, `milestone.title`, `assignee.login`, `created_at`,
//!   `updated_at`, `closed_at`, `reactions["+1"]`, `repository_url`;
//! - the GitHub CLI's `gh issue list --json number,title,body,state,stateReason,labels,milestone,
//!   assignees,createdAt,updatedAt,closedAt,reactionGroups,url`: the same fields in camelCase,
//!   `state` in capitals, the first of `assignees` and 👍 as the `THUMBS_UP` entry of
//!   `reactionGroups` (`users.totalCount`).
//!
//! The shape is recognised from a sample of the records ([`JsonDocument::most_records`]: at least
//! half of the first, the last and some spread between must have a `number`, a `title` and one of
//! GitHub's issue fields; camelCase dates mean the CLI), so one odd record does not make the file
//! an unknown format: it is reported and skipped. The list endpoint returns pull requests too,
//! marked by a `pull_request` key (`gh pr list` output by `headRefName` or `mergedAt`): they are
//! skipped and counted as skipped records, not as problems.
//!
//! `number` is an integer in GitHub's JSON. A string of digits (`"42"`, `"#42"`, as tools that
//! re-save the JSON with every value as text write it) can only mean that issue, so it is read as
//! that number. Any other `number` (missing, null, fractional, negative, other text) is a problem
//! of that record, naming the field and what it held, and the record is skipped.
//!
//! Mapping: key `#<number>`; status = state in lower case, its category from refine.toml's
//! `[status]`, else GitHub's own (`open` → todo, `closed` → done); resolution = the state
//! reason in lower case (`completed`, `not_planned`, `duplicate`) for closed issues only, since
//! `reopened` on an open issue is not a resolution; labels; fix versions = the milestone title;
//! assignee login; created, updated, resolved = `closed_at`; votes = 👍 count; project =
//! `owner/repo` from `repository_url` (or the issue's web `url`); url = the issue's web page
//! (`html_url`, the CLI's `url`); rank = order in the file.
//!
//! Type: GitHub's issue type (`type.name`) when the record has one; otherwise from the labels:
//! a label with the word `bug` in it (`bug`, `type: bug`, `kind/bug`, `dataset bug`) makes a
//! `Bug`, else one with `enhancement` or `feature` (`feature request`, `type/feature`) a
//! `Feature`, else the item is an `Issue`.

use std::path::Path;

use serde_json::{Map, Value};

use super::error::{LoadError, Problem};
use super::frame_builder::FrameBuilder;
use super::json::{self, JsonDocument, LIST_SEPARATOR};
use super::text_table::TextTable;
use super::{LoadOptions, Loaded};
use crate::model::{Table, items};

/// The field names of one shape, where the two differ.
struct Shape {
    state_reason: &'static str,
    assignee: &'static str,
    created: &'static str,
    updated: &'static str,
    closed: &'static str,
    reactions: &'static str,
    repository: &'static str,
    web_url: &'static str,
}

const REST: Shape = Shape {
    state_reason: "state_reason",
    assignee: "assignee",
    created: "created_at",
    updated: "updated_at",
    closed: "closed_at",
    reactions: "reactions",
    repository: "repository_url",
    web_url: "html_url",
};

const GH_CLI: Shape = Shape {
    state_reason: "stateReason",
    assignee: "assignees",
    created: "createdAt",
    updated: "updatedAt",
    closed: "closedAt",
    reactions: "reactionGroups",
    repository: "url",
    web_url: "url",
};

/// Fields only the CLI's camelCase shape has.
const GH_CLI_FIELDS: [&str; 5] = ["createdAt", "updatedAt", "closedAt", "stateReason", "reactionGroups"];

/// Fields beside `number` and `title` that every GitHub issue listing has one of.
const ISSUE_FIELDS: [&str; 9] =
    ["state", "labels", "created_at", "createdAt", "html_url", "url", "milestone", "body", "closed_at"];

/// Columns of the flattened records, in this order.
const KEY: usize = 0;
const TITLE: usize = 1;
const BODY: usize = 2;
const STATE: usize = 3;
const STATE_REASON: usize = 4;
const LABELS: usize = 5;
const MILESTONE: usize = 6;
const ASSIGNEE: usize = 7;
const CREATED: usize = 8;
const UPDATED: usize = 9;
const CLOSED: usize = 10;
const VOTES: usize = 11;
const TYPE: usize = 12;
const PROJECT: usize = 13;
const URL: usize = 14;
const STATE_CATEGORY: usize = 15;

/// What a problem says a GitHub `number` should be.
const EXPECTED_NUMBER: &str = "an issue number (a whole number such as 42)";

/// Whether the records are GitHub issues (see the module documentation).
pub fn matches(document: &JsonDocument) -> bool {
    document.most_records(looks_like_issue)
}

/// Whether one record has the shape of a GitHub issue. Its `number` may be any number or text
/// here: detection looks at the shape, and the loader reports a `number` it cannot read.
fn looks_like_issue(record: &Value) -> bool {
    record.as_object().is_some_and(|record| {
        record.get("number").is_some_and(|number| number.is_number() || number.is_string())
            && record.get("title").is_some_and(Value::is_string)
            && !record.contains_key("key")
            && ISSUE_FIELDS.iter().any(|field| record.contains_key(*field))
    })
}

/// Loads GitHub issues into the items table.
pub fn load(path: &Path, document: &JsonDocument, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let first_issue =
        document.records.iter().find(|record| looks_like_issue(record)).and_then(Value::as_object);
    let shape = match first_issue {
        Some(record) if GH_CLI_FIELDS.iter().any(|field| record.contains_key(*field)) => &GH_CLI,
        _ => &REST,
    };
    let (issues, locations): (Vec<&Value>, Vec<_>) = document
        .records
        .iter()
        .zip(&document.locations)
        .filter(|(record, _)| !is_pull_request(record))
        .unzip();
    let pull_requests = document.records.len() - issues.len();
    let rows: Vec<Vec<Option<String>>> = issues.iter().map(|issue| flatten(issue, shape)).collect();
    let text = TextTable::from_located_rows(path, headers(shape), &rows, locations);

    let has = |field: &str| issues.iter().any(|issue| issue.get(field).is_some());
    let mut builder = FrameBuilder::new(Table::Items, &text);
    builder.map(items::KEY, KEY);
    let simple = [
        ("title", items::TITLE, TITLE),
        (shape.state_reason, items::RESOLUTION, STATE_REASON),
        (shape.assignee, items::ASSIGNEE, ASSIGNEE),
        (shape.created, items::CREATED, CREATED),
        (shape.updated, items::UPDATED, UPDATED),
        (shape.closed, items::RESOLVED, CLOSED),
        (shape.reactions, items::VOTES, VOTES),
    ];
    for (field, target, position) in simple {
        if has(field) {
            builder.map(target, position);
        }
    }
    if has("body") {
        builder.description(BODY, None);
    }
    if has("state") {
        builder.status(STATE, Some(STATE_CATEGORY), &options.source.status);
    }
    if has("labels") {
        builder.list(items::LABELS, vec![LABELS], Some(LIST_SEPARATOR));
    }
    if has("labels") || has("type") {
        builder.map(items::TYPE, TYPE);
    }
    if has("milestone") {
        builder.list(items::FIX_VERSIONS, vec![MILESTONE], None);
    }
    if has(shape.repository) || has("html_url") {
        builder.map(items::PROJECT, PROJECT);
    }
    if has(shape.web_url) {
        builder.map(items::URL, URL);
    }
    builder.source_order_rank();
    for (index, issue) in issues.iter().enumerate() {
        let number = issue.get("number");
        if key(number).is_none() {
            let found = json::found_text(number);
            let problem = Problem::new(text.location(index), Some("number"), EXPECTED_NUMBER, &found);
            builder.report(index, problem, false);
        }
    }

    let mut loaded = Loaded::default();
    loaded.add(Table::Items, builder.finish(options.strict)?);
    // Pull requests are not backlog items: skipped on purpose, so not problems.
    loaded.skipped_records += pull_requests;
    loaded.left_out_records += pull_requests;
    if let Some(first) = first_issue.or_else(|| issues.iter().find_map(|issue| issue.as_object())) {
        loaded.note_unmapped(&first.keys().cloned().collect::<Vec<_>>());
    }
    Ok(loaded)
}

/// The flattened columns' headers: the fields they come from, so problems name them.
fn headers(shape: &Shape) -> Vec<String> {
    [
        "number",
        "title",
        "body",
        "state",
        shape.state_reason,
        "labels",
        "milestone",
        shape.assignee,
        shape.created,
        shape.updated,
        shape.closed,
        shape.reactions,
        "labels",
        shape.repository,
        shape.web_url,
        "state",
    ]
    .iter()
    .map(|header| (*header).to_owned())
    .collect()
}

/// A pull request in an issue listing (REST) or a `gh pr list` record.
fn is_pull_request(record: &Value) -> bool {
    record.get("pull_request").is_some_and(|marker| !marker.is_null())
        || record.get("headRefName").is_some()
        || record.get("mergedAt").is_some()
}

/// One issue as text cells, in the column order above.
fn flatten(issue: &Value, shape: &Shape) -> Vec<Option<String>> {
    let empty = Map::new();
    let record = issue.as_object().unwrap_or(&empty);
    let field = |name: &str| json::cell(record.get(name));
    let state = field("state").map(|state| state.to_lowercase());
    let resolution = field(shape.state_reason)
        .filter(|_| state.as_deref() == Some("closed"))
        .map(|reason| reason.to_lowercase());
    let labels = label_names(record.get("labels"));
    let mut row = vec![None; STATE_CATEGORY + 1];
    row[KEY] = key(record.get("number"));
    row[TITLE] = field("title");
    row[BODY] = field("body");
    // GitHub's two states are its categories, written as Jira's category keys for StatusRules.
    row[STATE_CATEGORY] = match state.as_deref() {
        Some("open") => Some("new".to_owned()),
        Some("closed") => Some("done".to_owned()),
        _ => None,
    };
    row[STATE] = state;
    row[STATE_REASON] = resolution;
    row[LABELS] = json::list_cell(labels.iter().copied());
    row[MILESTONE] = record.get("milestone").and_then(|milestone| json::cell(milestone.get("title")));
    row[ASSIGNEE] = assignee(record);
    row[CREATED] = field(shape.created);
    row[UPDATED] = field(shape.updated);
    row[CLOSED] = field(shape.closed);
    row[VOTES] = thumbs_up(record.get(shape.reactions));
    row[TYPE] = issue_type(record, &labels);
    row[PROJECT] = ["repository_url", "html_url", "url"]
        .iter()
        .find_map(|name| record.get(*name).and_then(Value::as_str).and_then(repository_of));
    row[URL] = field(shape.web_url);
    row
}

/// `#<number>`; `None` (reported by [`load`]) when `number` is not a whole number or its digits.
fn key(number: Option<&Value>) -> Option<String> {
    let number = match number? {
        Value::Number(number) => number.as_u64()?,
        Value::String(text) => text.trim().trim_start_matches('#').parse().ok()?,
        _ => return None,
    };
    Some(format!("#{number}"))
}

/// Label names: REST and the CLI give objects with a `name`; plain strings are taken too.
fn label_names(labels: Option<&Value>) -> Vec<&str> {
    let Some(Value::Array(labels)) = labels else { return Vec::new() };
    labels
        .iter()
        .filter_map(|label| match label {
            Value::String(name) => Some(name.as_str()),
            other => other.get("name").and_then(Value::as_str),
        })
        .collect()
}

/// The assignee's login: REST's `assignee`, else the first of `assignees` (the CLI's only form).
fn assignee(record: &Map<String, Value>) -> Option<String> {
    let login = |user: &Value| json::cell(user.get("login"));
    record
        .get("assignee")
        .and_then(login)
        .or_else(|| record.get("assignees")?.as_array()?.first().and_then(login))
}

/// The 👍 count: REST's `reactions["+1"]`, or the CLI's `THUMBS_UP` reaction group (absent when
/// nobody reacted, so 0 when the list is there).
fn thumbs_up(reactions: Option<&Value>) -> Option<String> {
    match reactions? {
        Value::Array(groups) => Some(
            groups
                .iter()
                .find(|group| group.get("content").and_then(Value::as_str) == Some("THUMBS_UP"))
                .and_then(|group| json::cell(group.get("users").and_then(|users| users.get("totalCount"))))
                .unwrap_or_else(|| "0".to_owned()),
        ),
        other => json::cell(other.get("+1")),
    }
}

/// The item type: GitHub's issue type, else from the labels (see the module documentation).
fn issue_type(record: &Map<String, Value>, labels: &[&str]) -> Option<String> {
    if let Some(name) = record.get("type").and_then(|kind| kind.get("name")).and_then(Value::as_str) {
        return Some(name.to_owned());
    }
    let has_word = |words: &[&str]| {
        labels.iter().any(|label| {
            label.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|word| words.contains(&word))
        })
    };
    let kind = if has_word(&["bug"]) {
        "Bug"
    } else if has_word(&["enhancement", "feature"]) {
        "Feature"
    } else {
        "Issue"
    };
    Some(kind.to_owned())
}

/// `owner/repo` from an API URL (`https://api.github.com/repos/owner/repo[/...]`) or a web URL
/// (`https://github.com/owner/repo[/...]`).
fn repository_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://api.github.com/repos/")
        .or_else(|| url.strip_prefix("https://github.com/"))?;
    let mut parts = rest.split('/').filter(|part| !part.is_empty());
    let (owner, repository) = (parts.next()?, parts.next()?);
    Some(format!("{owner}/{repository}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::{
        boolean, instant, integer, list, load_content, text, texts, try_load_content,
    };
    use crate::load::{Format, Location, load_file};

    fn load_text(content: &str) -> crate::load::LoadedFile {
        load_content("issues.json", content, &LoadOptions::default())
    }

    const REST_ISSUES: &str = r#"[
      {"url": "https://api.github.com/repos/acme/app/issues/12",
       "repository_url": "https://api.github.com/repos/acme/app",
       "html_url": "https://github.com/acme/app/issues/12",
       "number": 12, "title": "Crash on save", "body": "Steps:\n- [ ] open\n- [ ] save",
       "state": "closed", "state_reason": "not_planned",
       "labels": [{"id": 1, "name": "type: bug"}, {"id": 2, "name": "ui"}],
       "milestone": {"title": "v2.0"}, "assignee": {"login": "ann"}, "assignees": [{"login": "ann"}],
       "created_at": "2024-01-02T10:00:00Z", "updated_at": "2024-01-05T09:00:00Z",
       "closed_at": "2024-01-05T09:00:00Z",
       "reactions": {"+1": 3, "-1": 0, "total_count": 4}, "comments": 2},
      {"url": "https://api.github.com/repos/acme/app/issues/13",
       "repository_url": "https://api.github.com/repos/acme/app",
       "number": 13, "title": "Fix crash", "state": "open", "labels": [],
       "pull_request": {"url": "https://api.github.com/repos/acme/app/pulls/13"},
       "created_at": "2024-01-03T10:00:00Z", "reactions": {"+1": 0}},
      {"url": "https://api.github.com/repos/acme/app/issues/11",
       "repository_url": "https://api.github.com/repos/acme/app",
       "number": 11, "title": "Dark mode", "body": null, "state": "open", "state_reason": "reopened",
       "labels": [{"name": "Feature Request"}], "milestone": null, "assignee": null,
       "created_at": "2024-01-01T08:00:00Z", "updated_at": "2024-01-01T08:00:00Z", "closed_at": null,
       "reactions": {"+1": 0}}
    ]"#;

    #[test]
    fn rest_issues_map_to_items_and_pull_requests_are_skipped() {
        let file = load_text(REST_ISSUES);
        assert_eq!(file.format, Format::GitHubJson);
        let loaded = &file.loaded;
        assert_eq!(loaded.records, 3);
        assert_eq!(loaded.skipped_records, 1);
        assert_eq!((loaded.left_out_records, loaded.rejected_records()), (1, 0));
        assert_eq!(loaded.problem_count, 0);
        let frame = &loaded.tables[&Table::Items];
        assert_eq!(frame.height(), 2);
        assert_eq!(text(frame, items::URL, 0).as_deref(), Some("https://github.com/acme/app/issues/12"));
        assert_eq!(text(frame, items::URL, 1), None);
        assert_eq!(text(frame, items::KEY, 0).as_deref(), Some("#12"));
        assert_eq!(text(frame, items::KEY, 1).as_deref(), Some("#11"));
        assert_eq!(text(frame, items::STATUS, 0).as_deref(), Some("closed"));
        assert_eq!(text(frame, items::STATUS_CATEGORY, 0).as_deref(), Some("done"));
        assert_eq!(text(frame, items::STATUS_CATEGORY, 1).as_deref(), Some("todo"));
        // Open and closed are GitHub's own categories, not a guess from the name.
        assert_eq!(boolean(frame, items::STATUS_CATEGORY_GUESSED, 0), Some(false));
        assert_eq!(text(frame, items::RESOLUTION, 0).as_deref(), Some("not_planned"));
        assert_eq!(text(frame, items::RESOLUTION, 1), None);
        assert_eq!(text(frame, items::TYPE, 0).as_deref(), Some("Bug"));
        assert_eq!(text(frame, items::TYPE, 1).as_deref(), Some("Feature"));
        assert_eq!(list(frame, items::LABELS, 0), ["type: bug", "ui"]);
        assert_eq!(list(frame, items::FIX_VERSIONS, 0), ["v2.0"]);
        assert!(list(frame, items::FIX_VERSIONS, 1).is_empty());
        assert_eq!(text(frame, items::ASSIGNEE, 0).as_deref(), Some("ann"));
        assert_eq!(text(frame, items::PROJECT, 0).as_deref(), Some("acme/app"));
        assert_eq!(integer(frame, items::VOTES, 0), Some(3));
        assert_eq!(integer(frame, items::RANK, 1), Some(2));
        assert_eq!(instant(frame, items::RESOLVED, 0).as_deref(), Some("2024-01-05T09:00:00Z"));
        assert_eq!(instant(frame, items::RESOLVED, 1), None);
        assert_eq!(boolean(frame, items::HAS_ACCEPTANCE_CRITERIA, 0), Some(true));
        assert_eq!(boolean(frame, items::HAS_ACCEPTANCE_CRITERIA, 1), Some(false));
        assert_eq!(integer(frame, items::DESCRIPTION_LEN, 0), Some(28));
        let unmapped: Vec<_> = loaded
            .columns
            .iter()
            .filter(|column| column.target.is_none())
            .map(|c| c.source.as_str())
            .collect();
        assert!(unmapped.contains(&"comments"), "{unmapped:?}");
        assert!(!unmapped.contains(&"title"), "{unmapped:?}");
    }

    #[test]
    fn gh_cli_issue_list_shape() {
        let file = load_text(
            r#"[{"number": 7, "title": "Export to CSV", "body": "", "state": "CLOSED",
                 "stateReason": "COMPLETED", "labels": [{"id": "LA_1", "name": "enhancement", "color": "a2eeef"}],
                 "milestone": {"number": 1, "title": "Q3", "description": "", "dueOn": null},
                 "assignees": [{"id": "U_1", "login": "bob", "name": "Bob"}],
                 "createdAt": "2024-03-01T12:00:00Z", "updatedAt": "2024-03-04T12:00:00Z",
                 "closedAt": "2024-03-04T12:00:00Z",
                 "reactionGroups": [{"content": "HEART", "users": {"totalCount": 1}},
                                    {"content": "THUMBS_UP", "users": {"totalCount": 5}}],
                 "url": "https://github.com/acme/app/issues/7"},
                {"number": 8, "title": "Typo", "body": "x", "state": "OPEN", "stateReason": "",
                 "labels": [], "milestone": null, "assignees": [], "createdAt": "2024-03-02T12:00:00Z",
                 "updatedAt": "2024-03-02T12:00:00Z", "closedAt": null, "reactionGroups": [],
                 "url": "https://github.com/acme/app/issues/8"}]"#,
        );
        let frame = &file.loaded.tables[&Table::Items];
        assert_eq!(frame.height(), 2);
        assert_eq!(text(frame, items::STATUS, 0).as_deref(), Some("closed"));
        assert_eq!(text(frame, items::STATUS_CATEGORY, 0).as_deref(), Some("done"));
        assert_eq!(text(frame, items::RESOLUTION, 0).as_deref(), Some("completed"));
        assert_eq!(text(frame, items::STATUS, 1).as_deref(), Some("open"));
        assert_eq!(text(frame, items::ASSIGNEE, 0).as_deref(), Some("bob"));
        assert_eq!(text(frame, items::ASSIGNEE, 1), None);
        assert_eq!(integer(frame, items::VOTES, 0), Some(5));
        assert_eq!(integer(frame, items::VOTES, 1), Some(0));
        assert_eq!(text(frame, items::TYPE, 0).as_deref(), Some("Feature"));
        assert_eq!(text(frame, items::TYPE, 1).as_deref(), Some("Issue"));
        assert_eq!(list(frame, items::FIX_VERSIONS, 0), ["Q3"]);
        assert_eq!(text(frame, items::PROJECT, 1).as_deref(), Some("acme/app"));
        assert_eq!(instant(frame, items::CREATED, 0).as_deref(), Some("2024-03-01T12:00:00Z"));
    }

    #[test]
    fn a_bad_date_names_the_record_and_field() {
        let file = load_text(
            r#"[{"number": 1, "title": "a", "state": "open", "created_at": "2024-01-01T00:00:00Z"},
                {"number": 2, "title": "b", "state": "open", "created_at": "last week"},
                {"number": "x", "title": "c", "state": "open", "created_at": "2024-01-01T00:00:00Z"}]"#,
        );
        let loaded = &file.loaded;
        assert_eq!(loaded.tables[&Table::Items].height(), 1);
        assert_eq!(loaded.skipped_records, 2);
        assert_eq!(loaded.problems[0].location, Location::Record(2));
        assert_eq!(loaded.problems[0].column.as_deref(), Some("created_at"));
        assert_eq!(loaded.problems[1].location, Location::Record(3));
        assert_eq!(loaded.problems[1].column.as_deref(), Some("number"));
    }

    #[test]
    fn configured_status_categories_override_open_and_closed() {
        let status = toml::from_str("open = \"in_progress\"\n").unwrap();
        let source = crate::load::settings::SourceSettings { status, ..Default::default() };
        let options = LoadOptions { source, ..LoadOptions::default() };
        let file = load_content("issues.json", r#"[{"number": 1, "title": "a", "state": "open"}]"#, &options);
        let frame = &file.loaded.tables[&Table::Items];
        assert_eq!(text(frame, items::STATUS_CATEGORY, 0).as_deref(), Some("in_progress"));
    }

    #[test]
    fn gh_issue_list_fixture_is_detected_by_content() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/fixtures/gh-issue-list.json");
        let file = load_file(&path, &LoadOptions::default()).unwrap();
        assert_eq!(file.format, Format::GitHubJson);
        assert_eq!((file.loaded.records, file.loaded.skipped_records, file.loaded.problem_count), (3, 0, 0));
        let frame = &file.loaded.tables[&Table::Items];
        assert_eq!(text(frame, items::KEY, 0).as_deref(), Some("#214"));
        assert_eq!(text(frame, items::TITLE, 0).as_deref(), Some("CSV export ignores the delimiter setting"));
        assert_eq!(text(frame, items::TYPE, 0).as_deref(), Some("Bug"));
        assert_eq!(text(frame, items::STATUS_CATEGORY, 0).as_deref(), Some("todo"));
        assert_eq!(text(frame, items::ASSIGNEE, 0).as_deref(), Some("octo-ann"));
        assert_eq!(list(frame, items::FIX_VERSIONS, 0), ["v1.4"]);
        assert_eq!(integer(frame, items::VOTES, 0), Some(6));
        assert_eq!(boolean(frame, items::HAS_ACCEPTANCE_CRITERIA, 0), Some(true));
        assert_eq!(text(frame, items::PROJECT, 0).as_deref(), Some("acme/ledger"));
        assert_eq!(text(frame, items::RESOLUTION, 1).as_deref(), Some("completed"));
        assert_eq!(text(frame, items::TYPE, 1).as_deref(), Some("Feature"));
        assert_eq!(text(frame, items::RESOLUTION, 2).as_deref(), Some("not_planned"));
        assert_eq!(text(frame, items::TYPE, 2).as_deref(), Some("Issue"));
        assert_eq!(integer(frame, items::VOTES, 2), Some(0));
        assert_eq!(instant(frame, items::RESOLVED, 2).as_deref(), Some("2024-05-20T10:30:00Z"));
        assert_eq!(integer(frame, items::DESCRIPTION_LEN, 2), None);
    }

    /// Three issues around one whose `number` is given as `number_json`.
    fn issues_with_number(number_json: &str) -> String {
        let issue = |number: &str, title: &str| {
            let created = r#""created_at": "2024-01-02T10:00:00Z""#;
            format!(r#"{{"number": {number}, "title": "{title}", "state": "open", {created}}}"#)
        };
        format!("[{}, {}, {}]", issue(number_json, "odd"), issue("43", "b"), issue("44", "c"))
    }

    #[test]
    fn a_github_issue_with_a_string_number_does_not_make_the_file_an_unknown_format() {
        // The first record decided the format: "42" made the whole file unknown. Digits in a
        // string can only mean that issue: read as #42, no problem.
        let file = load_text(&issues_with_number(r#""42""#));
        assert_eq!(file.format, Format::GitHubJson);
        let frame = &file.loaded.tables[&Table::Items];
        assert_eq!(file.loaded.problem_count, 0);
        assert_eq!(texts(frame, items::KEY), [Some("#42".into()), Some("#43".into()), Some("#44".into())]);
        let hashed = load_text(&issues_with_number(r##""#42""##));
        assert_eq!(text(&hashed.loaded.tables[&Table::Items], items::KEY, 0).as_deref(), Some("#42"));
    }

    #[test]
    fn a_github_issue_with_an_unreadable_number_is_reported_and_skipped_not_the_file() {
        for (number_json, found) in [(r#""x42""#, "x42"), ("4.5", "4.5"), ("-3", "-3"), ("null", "null")] {
            let file = load_text(&issues_with_number(number_json));
            assert_eq!(file.format, Format::GitHubJson, "{number_json}");
            let loaded = &file.loaded;
            assert_eq!((loaded.records, loaded.skipped_records, loaded.problem_count), (3, 1, 1));
            assert_eq!(
                loaded.problems,
                [Problem::new(Location::Record(1), Some("number"), EXPECTED_NUMBER, found)],
                "{number_json}"
            );
            assert_eq!(
                texts(&loaded.tables[&Table::Items], items::KEY),
                [Some("#43".into()), Some("#44".into())]
            );
        }
        let strict = LoadOptions { strict: true, ..LoadOptions::default() };
        let error = try_load_content("issues.json", issues_with_number(r#""x42""#), &strict).unwrap_err();
        assert!(matches!(error, LoadError::BadValue { .. }), "{error}");
    }

    #[test]
    fn shape_detection_and_helpers() {
        let document = |text: &str| JsonDocument::parse(Path::new("t.json"), text.as_bytes()).unwrap();
        assert!(matches(&document(r#"[{"number": 1, "title": "a", "state": "open"}]"#)));
        assert!(!matches(&document(r#"[{"key": "A-1", "number": 1, "title": "a", "state": "open"}]"#)));
        // A `number` held as text still has the shape; the loader reads or reports it.
        assert!(matches(&document(r#"[{"number": "1", "title": "a", "state": "open"}]"#)));
        assert!(!matches(&document(r#"[{"number": [1], "title": "a", "state": "open"}]"#)));
        assert!(!matches(&document(r#"[{"number": 1, "title": "a"}]"#)));
        assert_eq!(repository_of("https://github.com/acme/app/issues/7").as_deref(), Some("acme/app"));
        assert_eq!(repository_of("https://api.github.com/repos/acme/app").as_deref(), Some("acme/app"));
        assert_eq!(repository_of("https://gitlab.com/acme/app"), None);
        let record = Map::new();
        assert_eq!(issue_type(&record, &["kind/bug", "enhancement"]).as_deref(), Some("Bug"));
        assert_eq!(issue_type(&record, &["debugging"]).as_deref(), Some("Issue"));
        let typed = serde_json::json!({"type": {"name": "Task"}});
        assert_eq!(issue_type(typed.as_object().unwrap(), &["bug"]).as_deref(), Some("Task"));
        assert!(is_pull_request(&serde_json::json!({"number": 3, "headRefName": "fix"})));
        assert!(!is_pull_request(&serde_json::json!({"number": 3, "pull_request": null})));
    }
}
