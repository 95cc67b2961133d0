//! Jira's REST JSON: the response of `/rest/api/2/search` (or `/3/search`) with
//! `expand=changelog` (and, ideally, `names`), a JSON array of issues, or JSON Lines with one
//! issue a line. Recognised by records that are objects with a `key` and a `fields` object (or
//! null), in at least half of a sample of the records ([`JsonDocument::most_records`]), so that
//! one odd record does not make the file an unknown format. A record whose `fields` is null or not
//! an object has no title, status or dates to read: it is reported as a problem of that record and
//! field, and skipped with its changelog.
//!
//! Each issue is flattened into text cells named by their JSON path (`fields.status.name`), so
//! values are parsed and checked as the CSV's are and a problem names the record and the field.
//! items: `key`; `fields.summary` → title, `issuetype.name` → type, `status.name` and
//! `status.statusCategory.key` → status and status_category, `priority.name`,
//! `resolution.name`, `project.key`, `assignee.displayName` (or `.name`), `created`, `updated`,
//! `resolutiondate` (Jira's `2010-01-04T11:10:07.232+0000`, converted to UTC), `labels`,
//! `components[].name`, `fixVersions[].name`, `votes.votes`, `watches.watchCount`, `timespent`
//! (seconds) → time_spent_hours, `parent.key`, `description` (text, or the text of an Atlassian
//! Document Format tree in API v3), sprint names in the field's order → sprints, the REST address
//! `self` (`https://host/rest/api/2/issue/ID`) → url, the issue's page `https://host/browse/KEY`.
//!
//! Custom fields. Story points, sprint, rank and the WSJF / RICE inputs are found by name in
//! the response's `names` map (refine.toml's `jira.story_points_fields` and
//! `jira.sprint_fields`, which may also give `customfield_NNNNN` ids). Without a names map the
//! sprint field is the custom field whose values are sprints (GreenHopper strings
//! `com.atlassian.greenhopper.service.sprint.Sprint@…[…,name=…,startDate=…]` or sprint objects
//! `{id, name, state, boardId, startDate, endDate, completeDate}`), and the story-points field is
//! the numeric custom field whose values agree most with the last story-points change of each
//! issue's changelog. The rank, without a names map, is the order of the issues in the file.
//!
//! links: `fields.issuelinks` (`outwardIssue` / `inwardIssue` with `type.name`, `.outward` and
//! `.inward`, mapped by [`jira_common::link_rule`](super::jira_common::link_rule)), `parent` and
//! `subtasks`, each link kept once. history: `changelog.histories[].items[]` of the fields
//! status, sprint, story points (→ `estimate`), rank, priority and resolution, one row (key,
//! history `created`, field, `fromString`, `toString`) per item. sprints: one row per distinct
//! sprint id in the sprint field (board = `rapidViewId` / `boardId`, state lowercased, `<null>`
//! read as missing).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::error::{LoadError, Location, Problem};
use super::frame_builder::{BuiltFrame, FrameBuilder};
use super::jira_common::{self, LinkSet, LinkSide, Sprint};
use super::json::{self, JsonDocument};
use super::settings::JiraConfig;
use super::text_table::TextTable;
use super::{LoadOptions, Loaded, SourceColumn};
use crate::model::numbers::parse_number;
use crate::model::{Table, history, items, sprints};

/// Whether the document holds Jira issues.
pub fn matches(document: &JsonDocument) -> bool {
    // A `fields` that is null still marks the shape; the loader reports it.
    document.most_records(|issue| {
        issue.get("key").is_some_and(Value::is_string)
            && issue.get("fields").is_some_and(|fields| fields.is_object() || fields.is_null())
    })
}

/// What a problem says `fields` should be.
const EXPECTED_FIELDS: &str = "an object with the issue's fields (summary, status, created, ...)";

/// Whether the record has a `fields` object: the records that are read (the others are problems).
fn has_fields(issue: &Value) -> bool {
    issue.get("fields").is_some_and(Value::is_object)
}

/// Loads Jira issues: items, and links, history and sprints when the issues have them.
pub fn load(path: &Path, document: &JsonDocument, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let fields = CustomFields::find(document, &options.source.jira);
    let mut loaded = Loaded::default();
    loaded.add(Table::Items, build_items(path, document, &fields, options)?);

    let link_set = links(document);
    if !link_set.is_empty() {
        loaded.insert(Table::Links, link_set.into_frame().map_err(LoadError::frame(path))?);
        for source in ["fields.issuelinks", "fields.parent", "fields.subtasks"] {
            loaded.columns.push(SourceColumn {
                source: source.to_owned(),
                target: Some(jira_common::LINK_TARGETS.to_owned()),
            });
        }
    }
    let changes = history_rows(document, &options.source.jira);
    if !changes.rows.is_empty() {
        let text = TextTable::from_located_rows(path, history_headers(), &changes.rows, changes.locations);
        let mut builder = FrameBuilder::new(Table::History, &text);
        for (position, column) in
            [history::KEY, history::AT, history::FIELD, history::FROM, history::TO].into_iter().enumerate()
        {
            builder.map(column, position);
        }
        loaded.add(Table::History, builder.finish(options.strict)?);
    }
    if let Some(field) = &fields.sprint {
        let found = sprint_rows(document, field);
        if !found.rows.is_empty() {
            let text =
                TextTable::from_located_rows(path, sprint_headers(field), &found.rows, found.locations);
            let mut builder = FrameBuilder::new(Table::Sprints, &text);
            for (position, column) in SPRINT_COLUMNS.iter().enumerate() {
                builder.map(column, position);
            }
            loaded.add(Table::Sprints, builder.finish(options.strict)?);
        }
    }
    Ok(loaded)
}

/// The ids of the custom fields refine reads.
#[derive(Debug, Default, PartialEq)]
struct CustomFields {
    story_points: Option<String>,
    sprint: Option<String>,
    rank: Option<String>,
    scores: Vec<(&'static str, String)>,
}

impl CustomFields {
    fn find(document: &JsonDocument, config: &JiraConfig) -> CustomFields {
        let names = document.envelope.get("names").and_then(Value::as_object);
        let owned = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect::<Vec<_>>();
        CustomFields {
            story_points: jira_common::custom_field_id(&config.story_points_fields, names)
                .or_else(|| infer_story_points(document, &config.story_points_fields)),
            sprint: jira_common::custom_field_id(&config.sprint_fields, names)
                .or_else(|| infer_sprint(document)),
            rank: jira_common::custom_field_id(&owned(&[jira_common::RANK_FIELD]), names),
            scores: jira_common::SCORE_FIELDS
                .iter()
                .filter_map(|(target, field_names)| {
                    Some((*target, jira_common::custom_field_id(&owned(field_names), names)?))
                })
                .collect(),
        }
    }
}

/// The issue objects' `fields` objects, with the record index.
fn issue_fields(document: &JsonDocument) -> impl Iterator<Item = (usize, &Map<String, Value>)> {
    document
        .records
        .iter()
        .enumerate()
        .filter_map(|(index, record)| Some((index, record.get("fields")?.as_object()?)))
}

/// The custom field most issues fill with sprint values.
fn infer_sprint(document: &JsonDocument) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, fields) in issue_fields(document) {
        for (id, value) in fields.iter().filter(|(id, _)| id.starts_with("customfield_")) {
            let values = value.as_array().map(Vec::as_slice).unwrap_or_default();
            if !values.is_empty() && values.iter().all(Sprint::is_sprint_value) {
                *counts.entry(id).or_default() += 1;
            }
        }
    }
    best(counts.into_iter().map(|(id, count)| (id, count as i64)))
}

/// The numeric custom field that agrees most with the changelog's last story-points value of
/// each issue (one point for each issue where they agree, one off where they differ).
fn infer_story_points(document: &JsonDocument, changelog_names: &[String]) -> Option<String> {
    let mut scores: BTreeMap<&str, i64> = BTreeMap::new();
    for (index, fields) in issue_fields(document) {
        let Some(last) =
            last_change(&document.records[index], changelog_names).and_then(|text| parse_number(&text))
        else {
            continue;
        };
        for (id, value) in fields.iter().filter(|(id, _)| id.starts_with("customfield_")) {
            if let Some(number) = value.as_f64() {
                *scores.entry(id).or_default() += if number == last { 1 } else { -1 };
            }
        }
    }
    best(scores.into_iter())
}

/// The id with the highest positive score (the first such id in id order on a tie).
fn best<'a>(scores: impl Iterator<Item = (&'a str, i64)>) -> Option<String> {
    let mut best: Option<(&str, i64)> = None;
    for (id, score) in scores {
        if score > 0 && best.is_none_or(|(_, top)| score > top) {
            best = Some((id, score));
        }
    }
    best.map(|(id, _)| id.to_owned())
}

/// The `toString` of the issue's last changelog item on a field named like one of `names`.
fn last_change(issue: &Value, names: &[String]) -> Option<String> {
    changelog_items(issue)
        .filter(|(_, item)| {
            item.get("field")
                .and_then(Value::as_str)
                .is_some_and(|field| names.iter().any(|name| name.eq_ignore_ascii_case(field)))
        })
        .last()
        .and_then(|(_, item)| json::cell(item.get("toString")))
}

/// Every changelog item of an issue with its history entry, in changelog order.
fn changelog_items(issue: &Value) -> impl Iterator<Item = (&Value, &Value)> {
    let histories = issue.pointer("/changelog/histories").and_then(Value::as_array);
    histories.into_iter().flatten().flat_map(|entry| {
        let items = entry.get("items").and_then(Value::as_array);
        items.into_iter().flatten().map(move |item| (entry, item))
    })
}

/// How one issue field becomes a text cell.
enum Cell {
    /// The value as text.
    Text,
    /// A user: `displayName`, else `name`.
    Person,
    /// An array of strings (labels).
    Strings,
    /// An array of objects: their `name`s (components, versions).
    Names,
    /// Seconds → hours.
    Hours,
    /// Plain text, or the text of an Atlassian Document Format tree.
    Description,
    /// Sprint values: their names.
    Sprints,
    /// The issue's REST address (`self`): its browse page, `https://host/browse/KEY`.
    BrowseUrl,
}

/// One column of the flattened issues.
struct ItemColumn {
    target: &'static str,
    pointer: String,
    cell: Cell,
}

impl ItemColumn {
    fn new(target: &'static str, pointer: &str, cell: Cell) -> Self {
        ItemColumn { target, pointer: pointer.to_owned(), cell }
    }

    fn field(target: &'static str, id: &str, cell: Cell) -> Self {
        ItemColumn { target, pointer: format!("/fields/{id}"), cell }
    }

    /// `fields.status.name` for `/fields/status/name`.
    fn header(&self) -> String {
        self.pointer.trim_start_matches('/').replace('/', ".")
    }

    fn extract(&self, issue: &Value) -> Option<String> {
        let value = issue.pointer(&self.pointer);
        let array = || value.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        match self.cell {
            Cell::Text => json::cell(value),
            Cell::Person => match value? {
                Value::Object(user) => {
                    json::cell(user.get("displayName")).or_else(|| json::cell(user.get("name")))
                }
                other => json::cell(Some(other)),
            },
            Cell::Strings => json::list_cell(array().iter().filter_map(Value::as_str)),
            Cell::Names => json::list_cell(array().iter().filter_map(|item| item.get("name")?.as_str())),
            Cell::Hours => json::cell(value).map(|seconds| jira_common::seconds_to_hours(&seconds)),
            Cell::Description => match value? {
                document @ Value::Object(_) => {
                    let mut text = String::new();
                    document_text(document, &mut text);
                    (!text.trim().is_empty()).then_some(text)
                }
                other => json::cell(Some(other)),
            },
            Cell::Sprints => {
                let names: Vec<String> =
                    array().iter().filter_map(|value| Sprint::from_value(value)?.name).collect();
                json::list_cell(names.iter().map(String::as_str))
            }
            Cell::BrowseUrl => browse_url(value?.as_str()?, issue.get("key")?.as_str()?),
        }
    }
}

/// The page of issue `key` from its REST address: `https://host/ctx/rest/api/2/issue/10001` →
/// `https://host/ctx/browse/KEY`; `None` when `self` is no such address.
fn browse_url(rest_address: &str, key: &str) -> Option<String> {
    let (base, _) = rest_address.split_once("/rest/api/")?;
    let key = key.trim();
    (!base.is_empty() && !key.is_empty()).then(|| format!("{base}/browse/{key}"))
}

/// The text of an Atlassian Document Format node (API v3 descriptions), one line per block.
fn document_text(node: &Value, text: &mut String) {
    if let Some(content) = node.get("text").and_then(Value::as_str) {
        text.push_str(content);
    }
    if let Some(children) = node.get("content").and_then(Value::as_array) {
        for child in children {
            document_text(child, text);
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
}

fn item_columns(fields: &CustomFields) -> Vec<ItemColumn> {
    let mut columns = vec![
        ItemColumn::new(items::KEY, "/key", Cell::Text),
        ItemColumn::new(items::TITLE, "/fields/summary", Cell::Text),
        ItemColumn::new(items::URL, "/self", Cell::BrowseUrl),
        ItemColumn::new(items::TYPE, "/fields/issuetype/name", Cell::Text),
        ItemColumn::new(items::STATUS, "/fields/status/name", Cell::Text),
        ItemColumn::new(items::STATUS_CATEGORY, "/fields/status/statusCategory/key", Cell::Text),
        ItemColumn::new(items::PRIORITY, "/fields/priority/name", Cell::Text),
        ItemColumn::new(items::RESOLUTION, "/fields/resolution/name", Cell::Text),
        ItemColumn::new(items::PROJECT, "/fields/project/key", Cell::Text),
        ItemColumn::new(items::ASSIGNEE, "/fields/assignee", Cell::Person),
        ItemColumn::new(items::CREATED, "/fields/created", Cell::Text),
        ItemColumn::new(items::UPDATED, "/fields/updated", Cell::Text),
        ItemColumn::new(items::RESOLVED, "/fields/resolutiondate", Cell::Text),
        ItemColumn::new(items::LABELS, "/fields/labels", Cell::Strings),
        ItemColumn::new(items::COMPONENTS, "/fields/components", Cell::Names),
        ItemColumn::new(items::FIX_VERSIONS, "/fields/fixVersions", Cell::Names),
        ItemColumn::new(items::VOTES, "/fields/votes/votes", Cell::Text),
        ItemColumn::new(items::WATCHERS, "/fields/watches/watchCount", Cell::Text),
        ItemColumn::new(items::TIME_SPENT_HOURS, "/fields/timespent", Cell::Hours),
        ItemColumn::new(items::PARENT, "/fields/parent/key", Cell::Text),
        ItemColumn::new(items::DESCRIPTION, "/fields/description", Cell::Description),
    ];
    if let Some(id) = &fields.sprint {
        columns.push(ItemColumn::field(items::SPRINTS, id, Cell::Sprints));
    }
    if let Some(id) = &fields.story_points {
        columns.push(ItemColumn::field(items::ESTIMATE, id, Cell::Text));
    }
    if let Some(id) = &fields.rank {
        columns.push(ItemColumn::field(items::RANK, id, Cell::Text));
    }
    for (target, id) in &fields.scores {
        columns.push(ItemColumn::field(target, id, Cell::Text));
    }
    columns
}

fn build_items(
    path: &Path,
    document: &JsonDocument,
    fields: &CustomFields,
    options: &LoadOptions,
) -> Result<BuiltFrame, LoadError> {
    // Columns no issue fills are left out, so that `refine inspect` lists only what the file has.
    let columns: Vec<ItemColumn> = item_columns(fields)
        .into_iter()
        .filter(|column| {
            column.target == items::KEY
                || document.records.iter().any(|issue| column.extract(issue).is_some())
        })
        .collect();
    let mut rows: Vec<Vec<Option<String>>> = document
        .records
        .iter()
        .map(|issue| columns.iter().map(|column| column.extract(issue)).collect())
        .collect();
    if let Some(rank) = columns.iter().position(|column| column.target == items::RANK) {
        let ranks: Vec<Option<&str>> = rows.iter().map(|row| row[rank].as_deref()).collect();
        let positions = jira_common::lexorank_positions(&ranks);
        for (row, position) in rows.iter_mut().zip(positions) {
            row[rank] = Some(position.to_string());
        }
    }
    let headers = columns.iter().map(ItemColumn::header).collect();
    let text = TextTable::from_located_rows(path, headers, &rows, document.locations.clone());
    let mapping: Vec<(&'static str, Vec<usize>)> =
        columns.iter().enumerate().map(|(position, column)| (column.target, vec![position])).collect();
    let mut builder = FrameBuilder::new(Table::Items, &text);
    builder.map_columns(&mapping, Some(json::LIST_SEPARATOR), &options.source.status);
    // An object without `fields` that is no Jira issue at all lacks its `key` too: that one is
    // reported as a missing key.
    for (index, issue) in document.records.iter().enumerate() {
        if !has_fields(issue) && issue.get("key").is_some() {
            let found = json::found_text(issue.get("fields"));
            let problem = Problem::new(text.location(index), Some("fields"), EXPECTED_FIELDS, &found);
            builder.report(index, problem, false);
        }
    }
    builder.finish(options.strict)
}

fn links(document: &JsonDocument) -> LinkSet {
    let mut link_set = LinkSet::default();
    for (index, fields) in issue_fields(document) {
        let Some(key) = document.records[index].get("key").and_then(Value::as_str) else { continue };
        let text =
            |value: &Value, pointer: &str| value.pointer(pointer).and_then(Value::as_str).map(str::to_owned);
        for link in fields.get("issuelinks").and_then(Value::as_array).into_iter().flatten() {
            let name = text(link, "/type/name").unwrap_or_default();
            let rule = jira_common::link_rule(
                &name,
                text(link, "/type/outward").as_deref(),
                text(link, "/type/inward").as_deref(),
            );
            if let Some(other) = text(link, "/outwardIssue/key") {
                link_set.add_issue_link(key, &other, LinkSide::Outward, rule);
            } else if let Some(other) = text(link, "/inwardIssue/key") {
                link_set.add_issue_link(key, &other, LinkSide::Inward, rule);
            }
        }
        if let Some(parent) = fields.get("parent").and_then(|parent| text(parent, "/key")) {
            link_set.add_parent(&parent, key);
        }
        for subtask in fields.get("subtasks").and_then(Value::as_array).into_iter().flatten() {
            if let Some(child) = text(subtask, "/key") {
                link_set.add_parent(key, &child);
            }
        }
    }
    link_set
}

/// Text rows and the record each came from.
#[derive(Default)]
struct LocatedRows {
    rows: Vec<Vec<Option<String>>>,
    locations: Vec<Location>,
}

impl LocatedRows {
    fn push(&mut self, row: Vec<Option<String>>, location: Location) {
        self.rows.push(row);
        self.locations.push(location);
    }
}

/// The canonical history field of a changelog field, for the fields refine follows.
fn history_field(field: &str, config: &JiraConfig) -> Option<&'static str> {
    let named = |names: &[String]| names.iter().any(|name| name.eq_ignore_ascii_case(field));
    let field_lower = field.to_ascii_lowercase();
    match field_lower.as_str() {
        "status" => Some("status"),
        "priority" => Some("priority"),
        "resolution" => Some("resolution"),
        "rank" => Some("rank"),
        _ if named(&config.sprint_fields) => Some("sprint"),
        _ if named(&config.story_points_fields) => Some("estimate"),
        _ => None,
    }
}

fn history_headers() -> Vec<String> {
    ["key", "changelog.histories.created", "changelog.histories.items.field"]
        .into_iter()
        .chain(["changelog.histories.items.fromString", "changelog.histories.items.toString"])
        .map(str::to_owned)
        .collect()
}

fn history_rows(document: &JsonDocument, config: &JiraConfig) -> LocatedRows {
    let mut found = LocatedRows::default();
    // A record without fields is skipped (and reported) as an item, so its changes are left out.
    for (issue, &location) in
        document.records.iter().zip(&document.locations).filter(|(issue, _)| has_fields(issue))
    {
        let key = json::cell(issue.get("key"));
        for (entry, item) in changelog_items(issue) {
            let Some(field) =
                item.get("field").and_then(Value::as_str).and_then(|field| history_field(field, config))
            else {
                continue;
            };
            let row = vec![
                key.clone(),
                json::cell(entry.get("created")),
                Some(field.to_owned()),
                json::cell(item.get("fromString")),
                json::cell(item.get("toString")),
            ];
            found.push(row, location);
        }
    }
    found
}

const SPRINT_COLUMNS: [&str; 7] = [
    sprints::TEAM,
    sprints::SPRINT_ID,
    sprints::SPRINT,
    sprints::STATE,
    sprints::START,
    sprints::END,
    sprints::COMPLETED_AT,
];

/// Headers of the sprint columns, named after the GreenHopper keys (sprint objects say
/// `boardId` for `rapidViewId`).
fn sprint_headers(field: &str) -> Vec<String> {
    ["rapidViewId", "id", "name", "state", "startDate", "endDate", "completeDate"]
        .iter()
        .map(|key| format!("fields.{field}.{key}"))
        .collect()
}

/// One row per distinct sprint (by id, or by name when it has none), where first seen.
fn sprint_rows(document: &JsonDocument, field: &str) -> LocatedRows {
    let mut seen = HashSet::new();
    let mut found = LocatedRows::default();
    for (index, fields) in issue_fields(document) {
        for value in fields.get(field).and_then(Value::as_array).into_iter().flatten() {
            let Some(sprint) = Sprint::from_value(value) else { continue };
            let identity = sprint.id.clone().or_else(|| sprint.name.clone());
            if !seen.insert(identity) {
                continue;
            }
            let Sprint { board, id, name, state, start, end, completed } = sprint;
            found.push(vec![board, id, name, state, start, end, completed], document.locations[index]);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Format;
    use crate::load::test_support::{list, load_content, texts};
    use crate::model::links;
    use polars::prelude::*;

    /// DEMO-1 (Jira Server 7: GreenHopper sprint strings, story points in customfield_10002 and
    /// a changelog) and DEMO-2 (Jira Cloud: sprint objects), with no `names` map, so both custom
    /// fields must be inferred.
    const SEARCH: &str = r#"{"startAt":0,"maxResults":50,"total":2,"issues":[
{"self":"https://jira.example.com/ctx/rest/api/2/issue/10001","key":"DEMO-1","fields":{"summary":"Login","issuetype":{"name":"Story"},
 "status":{"name":"In Review","statusCategory":{"key":"indeterminate","name":"In Progress"}},
 "priority":{"name":"Major"},"created":"2010-01-04T11:10:07.232+0000","updated":"2010-01-06T08:00:00.000-0500",
 "labels":["auth","ui"],"components":[{"name":"Web"}],"fixVersions":[],"votes":{"votes":2},
 "watches":{"watchCount":3},"timespent":5400,"customfield_10002":5.0,"customfield_10009":3.0,
 "customfield_10005":[
  "com.atlassian.greenhopper.service.sprint.Sprint@1f[rapidViewId=7,state=CLOSED,name=Sprint 1,startDate=2010-01-04T09:00:00.000Z,endDate=2010-01-18T09:00:00.000Z,completeDate=2010-01-18T10:00:00.000Z,id=11]",
  "com.atlassian.greenhopper.service.sprint.Sprint@2e[rapidViewId=7,state=ACTIVE,name=Sprint 2,startDate=2010-01-18T09:00:00.000Z,endDate=2010-02-01T09:00:00.000Z,completeDate=<null>,id=12]"],
 "issuelinks":[{"type":{"name":"Blocks","inward":"is blocked by","outward":"blocks"},"outwardIssue":{"key":"DEMO-2"}},
  {"type":{"name":"Dependency","inward":"required by","outward":"depends on"},"outwardIssue":{"key":"DEMO-7"}}],
 "subtasks":[{"key":"DEMO-3"}]},
 "changelog":{"histories":[
  {"created":"2010-01-05T10:00:00.000+0000","items":[{"field":"status","fromString":"Open","toString":"In Progress"},
   {"field":"Story Points","fromString":"3","toString":"8"},{"field":"assignee","fromString":"a","toString":"b"}]},
  {"created":"2010-01-06T13:00:00.000+0000","items":[{"field":"Story Points","fromString":"8","toString":"5"},
   {"field":"Sprint","fromString":"Sprint 1","toString":"Sprint 1, Sprint 2"},{"field":"status","fromString":"In Progress","toString":"In Review"}]}]}},
{"key":"DEMO-2","fields":{"summary":"Logout","issuetype":{"name":"Bug"},
 "status":{"name":"Done","statusCategory":{"key":"done","name":"Done"}},"created":"2024-01-02T10:00:00.000Z",
 "customfield_10005":[{"id":12,"name":"Sprint 2","state":"active","boardId":7,"startDate":"2010-01-18T09:00:00.000Z"},
  {"id":21,"name":"Cloud 1","state":"future","boardId":9}],
 "issuelinks":[{"type":{"name":"Blocks","inward":"is blocked by","outward":"blocks"},"inwardIssue":{"key":"DEMO-1"}}]}}
]}"#;

    fn load(content: &str) -> crate::load::LoadedFile {
        load_content("search.json", content, &LoadOptions::default())
    }

    fn millis(frame: &DataFrame, name: &str) -> Vec<Option<i64>> {
        frame.column(name).unwrap().cast(&DataType::Int64).unwrap().i64().unwrap().iter().collect()
    }

    #[test]
    fn issues_become_items_with_inferred_custom_fields() {
        let file = load(SEARCH);
        assert_eq!(file.format, Format::JiraJson);
        assert_eq!(file.loaded.problem_count, 0, "{:?}", file.loaded.problems);
        let items = &file.loaded.tables[&Table::Items];
        assert_eq!(texts(items, items::KEY), [Some("DEMO-1".into()), Some("DEMO-2".into())]);
        // The last Story Points change says 5: customfield_10002 (5.0), not customfield_10009.
        let estimate = items.column(items::ESTIMATE).unwrap().f64().unwrap();
        assert_eq!(estimate.iter().collect::<Vec<_>>(), [Some(5.0), None]);
        assert_eq!(list(items, items::SPRINTS, 0), ["Sprint 1", "Sprint 2"]);
        assert_eq!(list(items, items::SPRINTS, 1), ["Sprint 2", "Cloud 1"]);
        assert_eq!(list(items, items::LABELS, 0), ["auth", "ui"]);
        assert_eq!(list(items, items::COMPONENTS, 0), ["Web"]);
        assert_eq!(texts(items, items::STATUS_CATEGORY), [Some("in_progress".into()), Some("done".into())]);
        // Both statuses come with Jira's statusCategory: nothing is guessed.
        let guessed = items.column(items::STATUS_CATEGORY_GUESSED).unwrap().bool().unwrap();
        assert_eq!(guessed.iter().collect::<Vec<_>>(), [Some(false), Some(false)]);
        // The browse page from `self`, under the same context path; DEMO-2 has no `self`.
        assert_eq!(
            texts(items, items::URL),
            [Some("https://jira.example.com/ctx/browse/DEMO-1".into()), None]
        );
        assert_eq!(items.column(items::TIME_SPENT_HOURS).unwrap().f64().unwrap().get(0), Some(1.5));
        assert_eq!(items.column(items::WATCHERS).unwrap().i64().unwrap().get(0), Some(3));
        // 2010-01-04T11:10:07.232+0000 and 2010-01-06T08:00-0500 = 13:00 UTC.
        assert_eq!(millis(items, items::CREATED)[0], Some(1_262_603_407_232));
        assert_eq!(millis(items, items::UPDATED)[0], Some(1_262_782_800_000));
    }

    #[test]
    fn the_browse_page_is_made_only_from_a_rest_address() {
        let browse = |rest: &str, key: &str| browse_url(rest, key);
        assert_eq!(
            browse("https://jira.duraspace.org/rest/api/2/issue/16833", "CLOUDSYNC-10").as_deref(),
            Some("https://jira.duraspace.org/browse/CLOUDSYNC-10")
        );
        assert_eq!(
            browse("https://x.atlassian.net/rest/api/3/issue/1", "A-1").as_deref(),
            Some("https://x.atlassian.net/browse/A-1")
        );
        assert_eq!(browse("https://jira.example.com/issue/1", "A-1"), None);
        assert_eq!(browse("/rest/api/2/issue/1", "A-1"), None);
        assert_eq!(browse("https://jira.example.com/rest/api/2/issue/1", " "), None);
    }

    #[test]
    fn links_from_issuelinks_and_subtasks() {
        let file = load(SEARCH);
        let links = &file.loaded.tables[&Table::Links];
        assert_eq!(
            texts(links, links::FROM),
            [Some("DEMO-1".into()), Some("DEMO-7".into()), Some("DEMO-1".into())]
        );
        assert_eq!(
            texts(links, links::TO),
            [Some("DEMO-2".into()), Some("DEMO-1".into()), Some("DEMO-3".into())]
        );
        assert_eq!(
            texts(links, links::KIND),
            [Some("blocks".into()), Some("blocks".into()), Some("parent".into())]
        );
    }

    #[test]
    fn the_changelog_gives_history_of_followed_fields_only() {
        let file = load(SEARCH);
        let history = &file.loaded.tables[&Table::History];
        assert_eq!(
            texts(history, history::FIELD),
            ["status", "estimate", "estimate", "sprint", "status"].map(|field| Some(field.to_owned()))
        );
        assert_eq!(texts(history, history::TO)[3].as_deref(), Some("Sprint 1, Sprint 2"));
        assert_eq!(millis(history, history::AT)[0], Some(1_262_685_600_000));
    }

    #[test]
    fn sprints_from_both_forms_once_per_id() {
        let file = load(SEARCH);
        let sprints = &file.loaded.tables[&Table::Sprints];
        assert_eq!(texts(sprints, sprints::SPRINT_ID), ["11", "12", "21"].map(|id| Some(id.to_owned())));
        assert_eq!(
            texts(sprints, sprints::STATE),
            ["closed", "active", "future"].map(|s| Some(s.to_owned()))
        );
        assert_eq!(texts(sprints, sprints::TEAM), ["7", "7", "9"].map(|s| Some(s.to_owned())));
        // 2010-01-18T10:00Z; the active sprint's `<null>` completion is missing.
        assert_eq!(millis(sprints, sprints::COMPLETED_AT), [Some(1_263_808_800_000), None, None]);
    }

    #[test]
    fn a_names_map_finds_the_fields_and_rank_orders_by_lexorank() {
        let content = r#"{"names":{"customfield_1":"Story point estimate","customfield_2":"Rank","customfield_3":"Sprint"},
            "issues":[{"key":"A-1","fields":{"customfield_1":2,"customfield_2":"0|i0002:","customfield_3":null}},
                      {"key":"A-2","fields":{"customfield_1":8,"customfield_2":"0|i0001:"}}]}"#;
        let file = load(content);
        let items = &file.loaded.tables[&Table::Items];
        let estimate = items.column(items::ESTIMATE).unwrap().f64().unwrap();
        assert_eq!(estimate.iter().collect::<Vec<_>>(), [Some(2.0), Some(8.0)]);
        let rank = items.column(items::RANK).unwrap().i64().unwrap();
        assert_eq!(rank.iter().collect::<Vec<_>>(), [Some(2), Some(1)]);
    }

    #[test]
    fn json_lines_with_a_bad_date_names_the_line_and_field() {
        let content = "{\"key\":\"A-1\",\"fields\":{\"created\":\"yesterday\"}}\n{\"key\":\"A-2\",\"fields\":{\"description\":{\"type\":\"doc\",\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}]}}}\n";
        let file = load(content);
        assert_eq!(file.loaded.tables[&Table::Items].height(), 1);
        let problem = &file.loaded.problems[0];
        assert_eq!(problem.location, Location::Line(1));
        assert_eq!(problem.column.as_deref(), Some("fields.created"));
        let description = texts(&file.loaded.tables[&Table::Items], items::DESCRIPTION);
        assert_eq!(description, [Some("Hello".to_owned())]);
    }

    /// Three issues; the first and third have `fields` as given.
    fn issues_with_fields(first: &str, third: &str) -> String {
        format!(
            r#"{{"issues":[
{{"key":"A-1","fields":{first},"changelog":{{"histories":[{{"created":"2024-01-03T10:00:00.000+0000",
  "items":[{{"field":"status","fromString":"Open","toString":"Done"}}]}}]}}}},
{{"key":"A-2","fields":{{"summary":"Login","created":"2024-01-02T10:00:00.000+0000"}}}},
{{"key":"A-3","fields":{third}}}
]}}"#
        )
    }

    #[test]
    fn jira_fields_null_is_reported_per_record_and_skipped_not_a_silent_empty_title() {
        // `"fields": null` on the first record made the file an unknown format; elsewhere it
        // loaded the issue with no title, status or dates and said nothing.
        let file = load(&issues_with_fields("null", "null"));
        assert_eq!(file.format, Format::JiraJson);
        let loaded = &file.loaded;
        assert_eq!(texts(&loaded.tables[&Table::Items], items::KEY), [Some("A-2".to_owned())]);
        assert_eq!((loaded.records, loaded.skipped_records, loaded.problem_count), (3, 2, 2));
        let expected =
            |record| Problem::new(Location::Record(record), Some("fields"), EXPECTED_FIELDS, "null");
        assert_eq!(loaded.problems, [expected(1), expected(3)]);
        // The skipped issue's changelog is left out with it.
        assert!(!loaded.tables.contains_key(&Table::History));

        let text_fields = load(&issues_with_fields(r#"{"summary":"Logout"}"#, r#""broken""#));
        assert_eq!(
            text_fields.loaded.problems,
            [Problem::new(Location::Record(3), Some("fields"), EXPECTED_FIELDS, "broken")]
        );
        assert_eq!(text_fields.loaded.tables[&Table::History].height(), 1);
    }

    #[test]
    fn jira_issues_whose_fields_are_all_null_are_rejected_naming_the_field() {
        let content = r#"[{"key":"A-1","fields":null},{"key":"A-2","fields":null}]"#;
        let error =
            crate::load::test_support::try_load_content("search.json", content, &LoadOptions::default())
                .unwrap_err();
        match error {
            LoadError::AllRowsRejected { rows: 2, first, .. } => {
                assert_eq!(first, Problem::new(Location::Record(1), Some("fields"), EXPECTED_FIELDS, "null"));
            }
            other => panic!("expected every record rejected, got {other}"),
        }
    }
}
