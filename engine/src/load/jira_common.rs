//! What Jira's CSV export and its REST JSON have in common: issue-link types mapped to the
//! canonical link kinds, GreenHopper / Jira Software sprint values, custom fields found by name,
//! LexoRank order, and the items frame built from a table of text cells.
//!
//! Issue links. Jira stores a link as `A <outward description> B` (`A blocks B`,
//! `A duplicates B`); the CSV export writes B under `Outward issue link (<type>)` on A's row and A
//! under `Inward issue link (<type>)` on B's row, the JSON gives B as `outwardIssue` on A and A
//! as `inwardIssue` on B. [`link_rule`] maps a link type to a canonical kind and says on which
//! side the canonical `from` is:
//! - a type whose name or descriptions mention "duplicat" is `duplicates`, from the duplicate
//!   (the outward side, unless the outward description is "is duplicated by");
//! - a type mentioning "block", "depend" or "require" is `blocks`, from the blocker: the outward
//!   side for `Blocks` ("blocks" / "is blocked by"), the inward side when the outward
//!   description says the outward issue waits ("is blocked by", "depends on", "requires"). With
//!   no descriptions (the CSV only has the type name) a type named like "Dependency" or
//!   "Requires" is read the way Jira's own dependency types are written, outward = "depends on":
//!   Duraspace's `Dependency` ("depends on" / "required by") makes `Outward issue link
//!   (Dependency) = B` on A's row "B blocks A";
//! - every other type (`Relates`, `Related`, `Addresses`, `Cloners`, `Causes`, ...) is
//!   `relates`, stored with the two keys in sorted order since it has no direction.
//!
//! Every link shows on both issues, so [`LinkSet`] keeps each (from, to, kind) once.

use std::collections::BTreeMap;

use polars::prelude::*;
use serde_json::{Map, Value};

use super::error::LoadError;
use super::text_table::TextTable;
use crate::model::{self, LinkKind, Table, items, links};

/// The WSJF and RICE inputs Jira instances keep in custom fields, by the names they use.
pub const SCORE_FIELDS: &[(&str, &[&str])] = &[
    (items::BUSINESS_VALUE, &["Business Value"]),
    (items::TIME_CRITICALITY, &["Time Criticality"]),
    (items::RISK_REDUCTION, &["Risk Reduction", "RR|OE", "Risk Reduction | Opportunity Enablement"]),
    (items::JOB_SIZE, &["Job Size"]),
    (items::REACH, &["Reach"]),
    (items::IMPACT, &["Impact"]),
    (items::CONFIDENCE, &["Confidence"]),
];

/// What an issue-link source column fills, for `refine inspect`: the other issue's key becomes
/// `from` or `to` depending on the link type.
pub const LINK_TARGETS: &str = "links.from, links.to";

/// The name of Jira Software's rank field (LexoRank strings).
pub const RANK_FIELD: &str = "Rank";

/// Which side of a Jira issue link an issue is on, as seen from the issue that lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkSide {
    /// The listed issue is the link's outward issue: "this <outward description> listed".
    Outward,
    /// The listed issue is the link's inward issue: "this <inward description> listed".
    Inward,
}

/// How a Jira link type maps to a canonical link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkRule {
    /// The canonical kind.
    pub kind: LinkKind,
    /// Whether, in "A <outward description> B", the canonical `from` is A (else B).
    pub outward_is_from: bool,
}

/// The canonical kind and direction of a Jira link type; see the module documentation.
pub fn link_rule(type_name: &str, outward: Option<&str>, inward: Option<&str>) -> LinkRule {
    let outward = outward.map(str::to_lowercase);
    let words = [Some(type_name.to_lowercase()), outward.clone(), inward.map(str::to_lowercase)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let name = type_name.to_lowercase();
    if words.contains("duplicat") {
        let reversed = outward.as_deref().is_some_and(|text| text.contains("duplicated by"));
        LinkRule { kind: LinkKind::Duplicates, outward_is_from: !reversed }
    } else if ["block", "depend", "require"].iter().any(|word| words.contains(word)) {
        let outward_waits = match outward.as_deref() {
            Some(text) => ["is blocked by", "depend", "requires"].iter().any(|phrase| text.contains(phrase)),
            None => name.contains("depend") || name.contains("require"),
        };
        LinkRule { kind: LinkKind::Blocks, outward_is_from: !outward_waits }
    } else {
        LinkRule { kind: LinkKind::Relates, outward_is_from: true }
    }
}

/// Links collected from every issue, each kept once, in the order first seen.
#[derive(Debug, Default)]
pub struct LinkSet {
    // Keys fit PlSmallStr's inline form, so adding a link does not allocate.
    links: PlIndexSet<(PlSmallStr, PlSmallStr, LinkKind)>,
}

impl LinkSet {
    /// An empty set with room for `links` links (a large export adds hundreds of thousands,
    /// and growing the table step by step costs more than the inserts).
    pub fn with_capacity(links: usize) -> Self {
        LinkSet { links: PlIndexSet::with_capacity_and_hasher(links, Default::default()) }
    }

    /// Adds the link that issue `this` lists to `other` on `side`.
    pub fn add_issue_link(&mut self, this: &str, other: &str, side: LinkSide, rule: LinkRule) {
        let this_is_from = (side == LinkSide::Outward) == rule.outward_is_from;
        let (from, to) = if this_is_from { (this, other) } else { (other, this) };
        self.add(from, to, rule.kind);
    }

    /// Adds `parent` → `child`.
    pub fn add_parent(&mut self, parent: &str, child: &str) {
        self.add(parent, child, LinkKind::Parent);
    }

    fn add(&mut self, from: &str, to: &str, kind: LinkKind) {
        let (from, to) = (from.trim(), to.trim());
        if from.is_empty() || to.is_empty() || from == to {
            return;
        }
        let (from, to) = if kind == LinkKind::Relates && to < from { (to, from) } else { (from, to) };
        self.links.insert((from.into(), to.into(), kind));
    }

    /// Whether no link was added.
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    /// The canonical links frame.
    pub fn into_frame(self) -> PolarsResult<DataFrame> {
        let from: Vec<&str> = self.links.iter().map(|(from, _, _)| from.as_str()).collect();
        let to: Vec<&str> = self.links.iter().map(|(_, to, _)| to.as_str()).collect();
        let kind: Vec<&str> = self.links.iter().map(|(_, _, kind)| kind.name()).collect();
        let frame = DataFrame::new(
            from.len(),
            vec![
                Column::new(links::FROM.into(), from),
                Column::new(links::TO.into(), to),
                Column::new(links::KIND.into(), kind),
            ],
        )?;
        model::conform(Table::Links, frame)
    }
}

/// One sprint as Jira writes it in an issue's sprint field. Values are text as found; dates
/// are parsed when the sprints frame is built, so that bad ones become problems.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sprint {
    /// The board (`rapidViewId` in GreenHopper strings, `boardId` in objects).
    pub board: Option<String>,
    /// Jira's sprint id.
    pub id: Option<String>,
    /// The sprint's name.
    pub name: Option<String>,
    /// `future`, `active` or `closed`, lowercased.
    pub state: Option<String>,
    /// Start.
    pub start: Option<String>,
    /// Planned end.
    pub end: Option<String>,
    /// When it was closed.
    pub completed: Option<String>,
}

/// How GreenHopper strings begin: `com.atlassian.greenhopper.service.sprint.Sprint@1a2b[...]`.
const GREENHOPPER_PREFIX: &str = "com.atlassian.greenhopper.service.sprint.Sprint";

impl Sprint {
    /// A sprint from one value of a sprint field: a GreenHopper string (Jira Server 6-8), a
    /// sprint object (Jira Cloud and Server 8+), or a bare name.
    pub fn from_value(value: &Value) -> Option<Sprint> {
        match value {
            Value::String(text) if text.starts_with(GREENHOPPER_PREFIX) => Sprint::from_greenhopper(text),
            Value::String(text) => {
                let name = present(text)?;
                Some(Sprint { name: Some(name), ..Sprint::default() })
            }
            Value::Object(object) => Some(Sprint::from_object(object)),
            _ => None,
        }
    }

    /// Parses `...Sprint@4a655f6a[rapidViewId=13,state=CLOSED,name=Sprint 3,startDate=...,id=8]`.
    /// A name may hold commas, so a field starts only at `,<letters>=`.
    pub fn from_greenhopper(text: &str) -> Option<Sprint> {
        let open = text.find('[')?;
        let close = text.rfind(']').filter(|&close| close > open)?;
        let fields = greenhopper_fields(&text[open + 1..close]);
        Some(Sprint::from_fields(|name| fields.get(name).and_then(|value| present(value))))
    }

    fn from_object(object: &Map<String, Value>) -> Sprint {
        Sprint::from_fields(|name| super::json::cell(object.get(name)).and_then(|value| present(&value)))
    }

    /// A sprint from its fields by Jira's names, however the value holds them.
    fn from_fields(get: impl Fn(&str) -> Option<String>) -> Sprint {
        Sprint {
            board: get("boardId").or_else(|| get("rapidViewId")),
            id: get("id"),
            name: get("name"),
            state: get("state").map(|state| state.to_lowercase()),
            start: get("startDate"),
            end: get("endDate"),
            completed: get("completeDate"),
        }
    }

    /// Whether a JSON value is a sprint-field value in one of Jira's two sprint forms (a bare
    /// name is not: any text field would pass).
    pub fn is_sprint_value(value: &Value) -> bool {
        match value {
            Value::String(text) => text.starts_with(GREENHOPPER_PREFIX),
            Value::Object(object) => ["id", "name", "state"].iter().all(|key| object.contains_key(*key)),
            _ => false,
        }
    }
}

/// Text that is a value: not empty and not GreenHopper's `<null>`.
fn present(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && text != "<null>").then(|| text.to_owned())
}

fn greenhopper_fields(body: &str) -> BTreeMap<&str, &str> {
    let mut starts: Vec<usize> = vec![0];
    for (index, _) in body.match_indices(',') {
        let rest = &body[index + 1..];
        let name_length = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        if name_length > 0 && rest[name_length..].starts_with('=') {
            starts.push(index + 1);
        }
    }
    starts.push(body.len() + 1);
    starts
        .windows(2)
        .filter_map(|window| {
            let part = body.get(window[0]..window[1] - 1)?;
            let (name, value) = part.split_once('=')?;
            Some((name.trim(), value))
        })
        .collect()
}

/// The 1-based position of each value in LexoRank order, ties by row; rows without a rank
/// come after the ranked ones, in row order.
pub fn lexorank_positions(ranks: &[Option<&str>]) -> Vec<i64> {
    let mut order: Vec<usize> = (0..ranks.len()).collect();
    order.sort_by(|&a, &b| match (ranks[a], ranks[b]) {
        (Some(x), Some(y)) => lexorank_order(x, y).then(a.cmp(&b)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(&b),
    });
    let mut positions = vec![0; ranks.len()];
    for (position, index) in order.into_iter().enumerate() {
        positions[index] = position as i64 + 1;
    }
    positions
}

/// LexoRank strings (`0|i0001:`, `0|i00018:`) compare as text in which the `:` that ends the
/// base-36 value sorts before every digit, so that a longer value (`i00018`, between `i0001` and
/// `i0002`) follows its prefix.
fn lexorank_order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |text: &str| text.bytes().map(|byte| if byte == b':' { 0 } else { byte }).collect::<Vec<_>>();
    key(a).cmp(&key(b))
}

/// Seconds (Jira's time tracking unit) as hours text; text that is not a number is kept as it
/// is, so that the frame builder reports it.
pub fn seconds_to_hours(text: &str) -> String {
    match crate::model::numbers::parse_number(text) {
        Some(seconds) => (seconds / 3600.0).to_string(),
        None => text.to_owned(),
    }
}

/// The id of a JSON custom field named like one of `wanted`: a `customfield_NNNNN` id as given,
/// else the id the `names` map of a `/search` response (`expand=names`) gives that name.
pub fn custom_field_id(wanted: &[String], names: Option<&Map<String, Value>>) -> Option<String> {
    wanted.iter().find_map(|want| {
        if want.starts_with("customfield_") {
            return Some(want.clone());
        }
        names?
            .iter()
            .find(|(_, name)| name.as_str().is_some_and(|name| name.eq_ignore_ascii_case(want)))
            .map(|(id, _)| id.clone())
    })
}

/// A copy of `text` with extra text columns (computed by the loader) under the given headers.
/// Naming them after the source column they come from makes problems and `refine inspect`
/// name that column.
pub fn with_derived_columns(
    text: &TextTable,
    derived: Vec<(String, Vec<Option<String>>)>,
) -> Result<TextTable, LoadError> {
    let mut table = text.clone();
    for (header, values) in derived {
        let column = Column::new(table.headers.len().to_string().into(), values);
        table.frame.with_column(column).map_err(LoadError::frame(&text.path))?;
        table.headers.push(header);
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_types_map_to_kinds_and_directions() {
        let blocks = link_rule("Blocks", Some("blocks"), Some("is blocked by"));
        assert_eq!(blocks, LinkRule { kind: LinkKind::Blocks, outward_is_from: true });
        assert_eq!(link_rule("Blocks", None, None), blocks);
        let dependency = LinkRule { kind: LinkKind::Blocks, outward_is_from: false };
        assert_eq!(link_rule("Dependency", Some("depends on"), Some("required by")), dependency);
        assert_eq!(link_rule("Dependency", None, None), dependency);
        let duplicate = LinkRule { kind: LinkKind::Duplicates, outward_is_from: true };
        assert_eq!(link_rule("Duplicate", Some("duplicates"), Some("is duplicated by")), duplicate);
        assert_eq!(link_rule("Duplicate", None, None), duplicate);
        assert_eq!(link_rule("Addresses", Some("addresses"), Some("addressed by")).kind, LinkKind::Relates);
        assert_eq!(link_rule("Cloners", Some("clones"), Some("is cloned by")).kind, LinkKind::Relates);
    }

    #[test]
    fn a_link_listed_on_both_issues_is_kept_once() {
        let mut links = LinkSet::default();
        let dependency = link_rule("Dependency", None, None);
        // A depends on B, seen from A (outward) and from B (inward): B blocks A.
        links.add_issue_link("A-1", "B-2", LinkSide::Outward, dependency);
        links.add_issue_link("B-2", "A-1", LinkSide::Inward, dependency);
        let relates = link_rule("Relates", None, None);
        links.add_issue_link("C-3", "A-1", LinkSide::Outward, relates);
        links.add_issue_link("A-1", "C-3", LinkSide::Outward, relates);
        links.add_parent("E-1", "A-1");
        links.add_parent("E-1", "A-1");
        let frame = links.into_frame().unwrap();
        let text = |name: &str| {
            frame
                .column(name)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .map(|v| v.unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(text(links::FROM), ["B-2", "A-1", "E-1"]);
        assert_eq!(text(links::TO), ["A-1", "C-3", "A-1"]);
        assert_eq!(text(links::KIND), ["blocks", "relates", "parent"]);
    }

    #[test]
    fn greenhopper_strings_with_nulls_and_commas_in_names() {
        let text = "com.atlassian.greenhopper.service.sprint.Sprint@41b017c6[rapidViewId=<null>,state=ACTIVE,\
                    name=Rel 5.0, 4.5 (a=b),startDate=2013-06-12T13:43:27.425Z,endDate=<null>,completeDate=<null>,id=3]";
        let sprint = Sprint::from_value(&Value::from(text)).unwrap();
        assert_eq!(sprint.board, None);
        assert_eq!(sprint.id.as_deref(), Some("3"));
        assert_eq!(sprint.name.as_deref(), Some("Rel 5.0, 4.5 (a=b)"));
        assert_eq!(sprint.state.as_deref(), Some("active"));
        assert_eq!(sprint.start.as_deref(), Some("2013-06-12T13:43:27.425Z"));
        assert_eq!(sprint.end, None);
        assert!(Sprint::is_sprint_value(&Value::from(text)));
        assert!(!Sprint::is_sprint_value(&Value::from("Sprint 3")));
    }

    #[test]
    fn sprint_objects() {
        let value = serde_json::json!({"id": 37, "name": "Team Sprint 2", "state": "CLOSED", "boardId": 5,
            "startDate": "2024-01-08T09:00:00.000Z", "endDate": "2024-01-22T09:00:00.000Z",
            "completeDate": "2024-01-22T10:15:00.000Z"});
        let sprint = Sprint::from_value(&value).unwrap();
        assert_eq!(sprint.board.as_deref(), Some("5"));
        assert_eq!(sprint.id.as_deref(), Some("37"));
        assert_eq!(sprint.state.as_deref(), Some("closed"));
        assert_eq!(sprint.completed.as_deref(), Some("2024-01-22T10:15:00.000Z"));
        assert!(Sprint::is_sprint_value(&value));
    }

    #[test]
    fn lexorank_order_puts_unranked_rows_last() {
        let ranks = [Some("0|i0002:"), None, Some("0|i0001:"), Some("0|i00018:")];
        assert_eq!(lexorank_positions(&ranks), [3, 4, 1, 2]);
    }

    #[test]
    fn seconds_become_hours_and_bad_text_is_kept_for_the_problem_report() {
        assert_eq!(seconds_to_hours("5400"), "1.5");
        assert_eq!(seconds_to_hours("2h"), "2h");
    }

    #[test]
    fn custom_fields_by_id_or_by_name() {
        let names =
            serde_json::json!({"customfield_10016": "Story point estimate", "customfield_10020": "Sprint"});
        let names = names.as_object();
        let wanted = |list: &[&str]| list.iter().map(|name| (*name).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            custom_field_id(&wanted(&["Story Points", "story point estimate"]), names).as_deref(),
            Some("customfield_10016")
        );
        assert_eq!(custom_field_id(&wanted(&["customfield_1"]), None).as_deref(), Some("customfield_1"));
        assert_eq!(custom_field_id(&wanted(&["Story Points"]), None), None);
    }
}
