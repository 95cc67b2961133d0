//! Jira's CSV export, "Export > Export Excel CSV (all fields)" of the issue navigator (Jira
//! Server, Data Center and Cloud). Recognised by its `Issue key` and `Summary` headers.
//!
//! A multi-value field is repeated under the same header, one value per column, as many columns
//! as the issue with the most values needs: `Sprint` → `sprints` (oldest first), `Labels` →
//! `labels`, `Fix Version/s` → `fix_versions`, `Component/s` → `components`. `Watchers` cells
//! name watchers (or hold placeholders), so `watchers` is the number of non-empty cells, unless
//! the only cell is a number, which is then the count.
//!
//! One column each: `Issue key` → key, `Summary` → title, `Issue Type` → type, `Status` with
//! `Status Category` → status and status_category, `Priority`, `Resolution`, `Project key` →
//! project, `Assignee`, `Created` / `Updated` / `Resolved` (Jira's `04/Jan/10 11:10 AM` or ISO,
//! UTC), `Votes`, `Time Spent` (seconds) → time_spent_hours, `Description` → description, its
//! length and acceptance criteria. Custom fields are written `Custom field (<name>)`: story
//! points is the first of refine.toml's `jira.story_points_fields` present; `Business Value`,
//! `Time Criticality`, `Risk Reduction` (or `RR|OE`), `Job Size`, `Reach`, `Impact` and
//! `Confidence` fill the WSJF and RICE inputs; `Rank` (LexoRank) gives rank as the position in
//! rank order, else rank is the row order.
//!
//! `Parent` holds the parent's `Issue id` in Jira Cloud exports (its key in some others): it is
//! resolved to a key through the file's `Issue id` column (kept as written when no row has that
//! id) and also gives a `parent` link. `Inward issue link (<type>)` / `Outward issue link
//! (<type>)` cells become links; the type's kind and direction follow
//! [`jira_common::link_rule`](super::jira_common::link_rule), and a link listed on both of its
//! issues' rows is kept once.

use polars::prelude::{Int64Chunked, IntoColumn, PlHashMap};

use super::error::LoadError;
use super::frame_builder::FrameBuilder;
use super::jira_common::{self, LinkSet, LinkSide};
use super::text_table::TextTable;
use super::text_table::has_header;
use super::{LoadOptions, Loaded, SourceColumn};
use crate::model::{Table, items};

const KEY: &str = "Issue key";
const ISSUE_ID: &str = "Issue id";
const WATCHERS: &str = "Watchers";
const TIME_SPENT: &str = "Time Spent";
const INWARD_LINK: &str = "Inward issue link (";
const OUTWARD_LINK: &str = "Outward issue link (";

/// Single columns and the canonical column each fills.
const SINGLE_COLUMNS: &[(&str, &str)] = &[
    (items::KEY, KEY),
    (items::TITLE, "Summary"),
    (items::TYPE, "Issue Type"),
    (items::STATUS, "Status"),
    (items::STATUS_CATEGORY, "Status Category"),
    (items::PRIORITY, "Priority"),
    (items::RESOLUTION, "Resolution"),
    (items::PROJECT, "Project key"),
    (items::ASSIGNEE, "Assignee"),
    (items::CREATED, "Created"),
    (items::UPDATED, "Updated"),
    (items::RESOLVED, "Resolved"),
    (items::VOTES, "Votes"),
    (items::DESCRIPTION, "Description"),
];

/// Repeated columns that form lists.
const LIST_COLUMNS: &[(&str, &str)] =
    &[(items::LABELS, "Labels"), (items::COMPONENTS, "Component/s"), (items::FIX_VERSIONS, "Fix Version/s")];

/// Whether the header is a Jira CSV export's.
pub fn matches(headers: &[String]) -> bool {
    has_header(headers, KEY) && has_header(headers, "Summary")
}

/// Loads a Jira CSV export: the items and, when the file has any, the links.
pub fn load(text: &TextTable, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let mut columns: Vec<(&'static str, Vec<usize>)> = Vec::new();
    for &(target, header) in SINGLE_COLUMNS {
        columns.push((target, text.position(header).into_iter().collect()));
    }
    for &(target, header) in LIST_COLUMNS {
        columns.push((target, text.positions(header)));
    }
    let jira = &options.source.jira;
    let sprint_positions =
        jira.sprint_fields.iter().map(|name| repeated_field(text, name)).find(|p| !p.is_empty());
    columns.push((items::SPRINTS, sprint_positions.unwrap_or_default()));
    let story_points = jira.story_points_fields.iter().find_map(|name| custom_field(text, name));
    columns.push((items::ESTIMATE, story_points.into_iter().collect()));
    for &(target, names) in jira_common::SCORE_FIELDS {
        columns.push((target, names.iter().find_map(|name| custom_field(text, name)).into_iter().collect()));
    }

    // Columns computed from several cells or from the whole file, independent of each other.
    let (parents, (watchers, ranks)) = rayon::join(
        || parent_keys(text),
        || {
            rayon::join(
                || watcher_counts(text),
                || {
                    custom_field(text, jira_common::RANK_FIELD)
                        .map(|position| (lexorank_column(text, position), position))
                },
            )
        },
    );
    let mut derived = Vec::new();
    let mut derive = |target: &'static str, header: &str, values: Vec<Option<String>>| {
        columns.push((target, vec![text.headers.len() + derived.len()]));
        derived.push((header.to_owned(), values));
    };
    if let Some((header, keys)) = &parents {
        derive(items::PARENT, header, keys.clone());
    }
    let table = jira_common::with_derived_columns(text, derived)?;

    // Items and links are independent: build them side by side.
    let (items, (link_set, link_headers)) = rayon::join(
        || {
            // The computed columns first: map_columns leaves a column already filled alone.
            let mut builder = FrameBuilder::new(Table::Items, &table);
            if let Some((counts, positions)) = watchers {
                builder.put(items::WATCHERS, counts.into_column(), positions);
            }
            if let Some((ranks, position)) = ranks {
                builder.put(items::RANK, ranks.into_column(), vec![position]);
            }
            if let Some(position) = text.position(TIME_SPENT) {
                builder.map_scaled(items::TIME_SPENT_HOURS, position, 3600.0);
            }
            builder.map_columns(&columns, None, &options.source.status);
            builder.finish(options.strict)
        },
        || links(text, parents.as_ref().map(|(_, keys)| keys.as_slice())),
    );
    let mut loaded = Loaded::default();
    loaded.add(Table::Items, items?);
    if !link_set.is_empty() {
        loaded.insert(Table::Links, link_set.into_frame().map_err(LoadError::frame(&text.path))?);
        for header in link_headers {
            let column = SourceColumn { source: header, target: Some(jira_common::LINK_TARGETS.to_owned()) };
            if !loaded.columns.contains(&column) {
                loaded.columns.push(column);
            }
        }
    }
    Ok(loaded)
}

/// Each row's position in the order of the LexoRank column at `position` (1 = top).
fn lexorank_column(text: &TextTable, position: usize) -> Int64Chunked {
    let ranks: Vec<Option<&str>> = text.column(position).iter().collect();
    jira_common::lexorank_positions(&ranks).into_iter().map(Some).collect()
}

/// Positions of a field's repeated columns, written as `<name>` (`Sprint`) or
/// `Custom field (<name>)`.
fn repeated_field(text: &TextTable, name: &str) -> Vec<usize> {
    let positions = text.positions(name);
    if positions.is_empty() { text.positions(&format!("Custom field ({name})")) } else { positions }
}

/// Position of the custom field `name`, written `Custom field (<name>)` (or just `<name>`).
fn custom_field(text: &TextTable, name: &str) -> Option<usize> {
    text.position(&format!("Custom field ({name})")).or_else(|| text.position(name))
}

/// The watcher count of each row (non-empty `Watchers` cells, or the number a lone cell holds)
/// and the positions of the `Watchers` columns.
fn watcher_counts(text: &TextTable) -> Option<(Int64Chunked, Vec<usize>)> {
    let positions = text.positions(WATCHERS);
    if positions.is_empty() {
        return None;
    }
    let mut counts = vec![0i64; text.height()];
    let mut lone_numbers: Vec<Option<i64>> = vec![None; text.height()];
    for &position in &positions {
        for (row, cell) in text.column(position).iter().enumerate() {
            let Some(cell) = cell.map(str::trim).filter(|cell| !cell.is_empty()) else { continue };
            counts[row] += 1;
            lone_numbers[row] = super::frame_builder::parse_integer(cell);
        }
    }
    let counts = counts
        .into_iter()
        .zip(lone_numbers)
        .map(|(count, number)| Some(if count == 1 { number.unwrap_or(1) } else { count }))
        .collect();
    Some((counts, positions))
}

/// The `Parent` header and each row's parent key: an `Issue id` of the file resolved to that
/// row's key, anything else as written.
fn parent_keys(text: &TextTable) -> Option<(String, Vec<Option<String>>)> {
    let position = text.position_of_any(&["Parent", "Parent id"])?;
    let mut ids_to_keys: PlHashMap<&str, &str> = PlHashMap::default();
    if let (Some(ids), Some(keys)) = (text.position(ISSUE_ID), text.position(KEY)) {
        ids_to_keys.reserve(text.height());
        let pairs = text.column(ids).iter().zip(text.column(keys).iter());
        ids_to_keys.extend(pairs.filter_map(|(id, key)| Some((id?.trim(), key?.trim()))));
    }
    let keys = text
        .column(position)
        .iter()
        .map(|parent| {
            let parent = parent?.trim();
            let key = ids_to_keys.get(parent).copied().unwrap_or(parent);
            (!key.is_empty()).then(|| key.to_owned())
        })
        .collect();
    Some((text.headers[position].clone(), keys))
}

/// The links of the issue-link columns and of the parents, and the link headers used.
fn links(text: &TextTable, parents: Option<&[Option<String>]>) -> (LinkSet, Vec<String>) {
    let mut headers = Vec::new();
    let Some(keys) = text.position(KEY).map(|position| text.column(position)) else {
        return (LinkSet::default(), headers);
    };
    let link_cells: usize = (0..text.headers.len())
        .filter(|&position| link_column(&text.headers[position]).is_some())
        .map(|position| text.height() - text.column(position).null_count())
        .sum();
    let parent_cells = parents.map_or(0, |parents| parents.iter().flatten().count());
    let mut link_set = LinkSet::with_capacity(link_cells + parent_cells);
    for (position, header) in text.headers.iter().enumerate() {
        let Some((side, type_name)) = link_column(header) else { continue };
        let rule = jira_common::link_rule(type_name, None, None);
        let mut used = false;
        for (key, other) in keys.iter().zip(text.column(position).iter()) {
            if let (Some(key), Some(other)) = (key, other) {
                link_set.add_issue_link(key, other, side, rule);
                used = true;
            }
        }
        if used {
            headers.push(header.clone());
        }
    }
    for (key, parent) in keys.iter().zip(parents.unwrap_or_default()) {
        if let (Some(key), Some(parent)) = (key, parent) {
            link_set.add_parent(parent, key);
        }
    }
    (link_set, headers)
}

/// `Outward issue link (Blocks)` → (outward, `Blocks`).
fn link_column(header: &str) -> Option<(LinkSide, &str)> {
    let (side, rest) = if let Some(rest) = header.strip_prefix(OUTWARD_LINK) {
        (LinkSide::Outward, rest)
    } else {
        (LinkSide::Inward, header.strip_prefix(INWARD_LINK)?)
    };
    Some((side, rest.strip_suffix(')')?.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Format;
    use crate::load::test_support::{list, load_content, texts};
    use crate::model::links;
    use polars::prelude::*;

    /// Two stories in a sprint each, an epic, links both ways, a parent given by Issue id and
    /// placeholder watchers; the link to DEMO-9 points outside the file.
    const EXPORT: &str = "\
Summary,Issue key,Issue id,Issue Type,Status,Priority,Created,Resolved,Labels,Labels,Sprint,Sprint,\
Watchers,Watchers,Time Spent,Custom field (Story Points),Custom field (Rank),\
Inward issue link (Blocks),Outward issue link (Blocks),Outward issue link (Dependency),\
Outward issue link (Relates),Inward issue link (Relates),Parent,Status Category,Description
Login,DEMO-1,1001,Story,In Progress,Major,04/Jan/10 11:10 AM,,auth,ui,Sprint 1,Sprint 2,watcher-1,watcher-2,5400,3.0,0|i0002:,,DEMO-2,DEMO-9,DEMO-2,,1003,In Progress,\"As a user\nAcceptance criteria: I can log in\"
Logout,DEMO-2,1002,Story,Closed,Minor,2024-01-02T10:00:00Z,05/Jan/10 1:05 PM,,,Sprint 2,,,,,5,0|i0001:,DEMO-1,,,,DEMO-1,,Complete,
Accounts,DEMO-3,1003,Epic,Open,Major,03/Jan/10 9:00 AM,,,,,,watcher-1,,,,,,,,,,,New,
";

    fn load(content: &str) -> crate::load::LoadedFile {
        load_content("export.csv", content, &LoadOptions::default())
    }

    #[test]
    fn repeated_columns_become_lists_and_values_are_typed() {
        let file = load(EXPORT);
        assert_eq!(file.format, Format::JiraCsv);
        assert_eq!(file.loaded.problem_count, 0, "{:?}", file.loaded.problems);
        let items = &file.loaded.tables[&Table::Items];
        assert_eq!(items.height(), 3);
        assert_eq!(list(items, items::LABELS, 0), ["auth", "ui"]);
        assert_eq!(list(items, items::SPRINTS, 0), ["Sprint 1", "Sprint 2"]);
        assert_eq!(list(items, items::SPRINTS, 2), Vec::<String>::new());
        let watchers = items.column(items::WATCHERS).unwrap().i64().unwrap();
        assert_eq!(watchers.iter().collect::<Vec<_>>(), [Some(2), Some(0), Some(1)]);
        let estimate = items.column(items::ESTIMATE).unwrap().f64().unwrap();
        assert_eq!(estimate.iter().collect::<Vec<_>>(), [Some(3.0), Some(5.0), None]);
        let hours = items.column(items::TIME_SPENT_HOURS).unwrap().f64().unwrap();
        assert_eq!(hours.get(0), Some(1.5));
        assert_eq!(
            texts(items, items::STATUS_CATEGORY),
            [Some("in_progress".into()), Some("done".into()), Some("todo".into())]
        );
        // Every row has its Status Category: no guess. The CSV has no address of the issue.
        let guessed = items.column(items::STATUS_CATEGORY_GUESSED).unwrap().bool().unwrap();
        assert_eq!(guessed.iter().collect::<Vec<_>>(), [Some(false), Some(false), Some(false)]);
        assert_eq!(items.column(items::URL).unwrap().null_count(), 3);
        // 04/Jan/10 11:10 AM UTC = 1262603400 s.
        let created = items.column(items::CREATED).unwrap().cast(&DataType::Int64).unwrap();
        assert_eq!(created.i64().unwrap().get(0), Some(1_262_603_400_000));
        assert_eq!(items.column(items::HAS_ACCEPTANCE_CRITERIA).unwrap().bool().unwrap().get(0), Some(true));
        // LexoRank: DEMO-2 (i0001) before DEMO-1 (i0002); DEMO-3 has no rank and comes last.
        let rank = items.column(items::RANK).unwrap().i64().unwrap();
        assert_eq!(rank.iter().collect::<Vec<_>>(), [Some(2), Some(1), Some(3)]);
        // Parent 1003 is the Issue id of DEMO-3.
        assert_eq!(texts(items, items::PARENT), [Some("DEMO-3".into()), None, None]);
    }

    #[test]
    fn links_from_both_rows_are_kept_once_with_canonical_direction() {
        let file = load(EXPORT);
        let links = &file.loaded.tables[&Table::Links];
        let rows: Vec<(String, String, String)> = (0..links.height())
            .map(|row| {
                let get = |name: &str| texts(links, name)[row].clone().unwrap();
                (get(links::FROM), get(links::TO), get(links::KIND))
            })
            .collect();
        let expected = [
            // DEMO-2's row says "is blocked by DEMO-1"; DEMO-1's says "blocks DEMO-2".
            ("DEMO-1", "DEMO-2", "blocks"),
            // DEMO-1 depends on DEMO-9: DEMO-9 blocks DEMO-1.
            ("DEMO-9", "DEMO-1", "blocks"),
            ("DEMO-1", "DEMO-2", "relates"),
            ("DEMO-3", "DEMO-1", "parent"),
        ];
        let expected: Vec<(String, String, String)> =
            expected.iter().map(|(a, b, c)| ((*a).into(), (*b).into(), (*c).into())).collect();
        assert_eq!(rows, expected);
        assert!(file.loaded.columns.iter().any(|column| column.source == "Inward issue link (Blocks)"));
    }

    #[test]
    fn a_bad_date_is_a_problem_naming_row_and_column() {
        let file = load("Issue key,Summary,Created\nA-1,One,yesterday\nA-2,Two,04/Jan/10 11:10 AM\n");
        assert_eq!(file.loaded.tables[&Table::Items].height(), 1);
        let problem = &file.loaded.problems[0];
        assert_eq!(problem.location, crate::load::Location::Row(2));
        assert_eq!(problem.column.as_deref(), Some("Created"));
    }

    #[test]
    fn a_numeric_watchers_cell_is_the_count() {
        let file = load("Issue key,Summary,Watchers\nA-1,One,4\nA-2,Two,\n");
        let watchers =
            file.loaded.tables[&Table::Items].column(items::WATCHERS).unwrap().i64().unwrap().clone();
        assert_eq!(watchers.iter().collect::<Vec<_>>(), [Some(4), Some(0)]);
    }

    #[test]
    fn a_bad_time_spent_is_reported_under_its_own_column() {
        let file = load("Issue key,Summary,Time Spent\nA-1,One,2h\nA-2,Two,7200\n");
        assert_eq!(file.loaded.problems[0].column.as_deref(), Some("Time Spent"));
        assert_eq!(file.loaded.problems[0].found, "2h");
        let hours =
            file.loaded.tables[&Table::Items].column(items::TIME_SPENT_HOURS).unwrap().f64().unwrap().clone();
        assert_eq!(hours.iter().collect::<Vec<_>>(), [Some(2.0)]);
    }

    #[test]
    fn time_spent_is_divided_as_the_json_loader_divides() {
        // 353 s × (1/3600) and 353 s / 3600 differ in the last bit: both loaders divide.
        let file = load("Issue key,Summary,Time Spent\nA-1,One,353\n");
        let hours =
            file.loaded.tables[&Table::Items].column(items::TIME_SPENT_HOURS).unwrap().f64().unwrap().clone();
        let from_json: f64 = crate::load::jira_common::seconds_to_hours("353").parse().unwrap();
        assert_eq!(hours.get(0).map(f64::to_bits), Some(from_json.to_bits()));
        assert_ne!((353.0 * (1.0 / 3600.0_f64)).to_bits(), from_json.to_bits());
    }
}
