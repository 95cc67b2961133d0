//! Which items the ranking holds: `--type`, `--status`, `--label`, done items, and `--top N`.
//!
//! Names match ignoring case and surrounding spaces. Each list, when not empty, keeps the items
//! that match one of its entries; the lists combine with "and". Done items (status category
//! `done`) are left out unless `include_done` is set or the status filter names them (by status
//! or by the category `done`): asking for `--status Closed` means wanting the closed items.

use serde::Deserialize;

use crate::model::StatusCategory;

/// Which items to rank, and how many to return.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RankFilter {
    /// Item types to keep (`Story`, `Bug`, ...); empty keeps every type.
    pub types: Vec<String>,
    /// Status names (`In Review`) or categories (`todo`, `to do`, `in_progress`, `in progress`,
    /// `done`) to keep; empty keeps every status.
    pub statuses: Vec<String>,
    /// Labels: an item with at least one of them is kept; empty keeps every item.
    pub labels: Vec<String>,
    /// Return only the first N ranks (after the dependency reordering); `None` returns all.
    pub top: Option<usize>,
    /// Rank done items too (by default they are left out).
    pub include_done: bool,
}

/// What the filter looks at in one item.
#[derive(Debug, Clone, Copy)]
pub(super) struct FilterFields<'a> {
    pub item_type: Option<&'a str>,
    pub status: Option<&'a str>,
    pub status_category: Option<&'a str>,
    pub labels: &'a [&'a str],
}

impl RankFilter {
    /// Whether a done item with this status passes the done rule: `include_done`, or the
    /// status filter names it (by status or by the category `done`).
    pub fn keeps_done(&self, status: Option<&str>) -> bool {
        let item = FilterFields {
            item_type: None,
            status,
            status_category: Some(StatusCategory::Done.name()),
            labels: &[],
        };
        self.include_done || self.statuses.iter().any(|wanted| status_matches(wanted, item))
    }

    /// Whether the item is ranked.
    pub(super) fn keeps(&self, item: FilterFields<'_>) -> bool {
        let status_named = self.statuses.iter().any(|wanted| status_matches(wanted, item));
        let done = item.status_category == Some(StatusCategory::Done.name());
        (self.statuses.is_empty() || status_named)
            && (!done || self.include_done || status_named)
            && (self.types.is_empty()
                || item.item_type.is_some_and(|found| self.types.iter().any(|t| same(t, found))))
            && (self.labels.is_empty()
                || item.labels.iter().any(|label| self.labels.iter().any(|wanted| same(wanted, label))))
    }

    /// Whether the filter narrows anything besides leaving done items out.
    pub(super) fn narrows(&self) -> bool {
        !(self.types.is_empty() && self.statuses.is_empty() && self.labels.is_empty())
    }
}

fn status_matches(wanted: &str, item: FilterFields<'_>) -> bool {
    item.status.is_some_and(|status| same(wanted, status))
        || category(wanted).is_some_and(|category| item.status_category == Some(category.name()))
}

/// The category a filter entry names. Only the category words themselves count: `New` or
/// `Closed` are status names in many trackers and match as such.
fn category(name: &str) -> Option<StatusCategory> {
    match name.trim().to_lowercase().as_str() {
        "todo" | "to do" => Some(StatusCategory::Todo),
        "in_progress" | "in progress" => Some(StatusCategory::InProgress),
        "done" => Some(StatusCategory::Done),
        _ => None,
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(
        item_type: &'a str,
        status: &'a str,
        category: &'a str,
        labels: &'a [&'a str],
    ) -> FilterFields<'a> {
        FilterFields {
            item_type: Some(item_type),
            status: Some(status),
            status_category: Some(category),
            labels,
        }
    }

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn the_default_keeps_everything_but_done_items() {
        let filter = RankFilter::default();
        assert!(filter.keeps(item("Story", "Backlog", "todo", &[])));
        assert!(filter.keeps(item("Bug", "In Review", "in_progress", &[])));
        assert!(!filter.keeps(item("Bug", "Closed", "done", &[])));
        let unknown = FilterFields { item_type: None, status: None, status_category: None, labels: &[] };
        assert!(filter.keeps(unknown));
        assert!(RankFilter { include_done: true, ..RankFilter::default() }.keeps(item(
            "Bug",
            "Closed",
            "done",
            &[]
        )));
    }

    #[test]
    fn types_statuses_and_labels_combine_with_and() {
        let labels = ["ui", "Perf"];
        let filter = RankFilter {
            types: names(&["bug", "Story "]),
            statuses: names(&["in progress", "backlog"]),
            labels: names(&["perf"]),
            ..RankFilter::default()
        };
        assert!(filter.keeps(item("Bug", "In Review", "in_progress", &labels)));
        assert!(filter.keeps(item("Story", "Backlog", "todo", &labels)));
        assert!(!filter.keeps(item("Task", "Backlog", "todo", &labels)), "type");
        assert!(!filter.keeps(item("Bug", "Ready", "todo", &labels)), "status");
        assert!(!filter.keeps(item("Bug", "Backlog", "todo", &["ui"])), "label");
        let untyped = FilterFields { item_type: None, ..item("Bug", "Backlog", "todo", &labels) };
        assert!(!filter.keeps(untyped), "no type while types are asked for");
    }

    #[test]
    fn a_status_filter_that_names_done_items_keeps_them() {
        let by_name = RankFilter { statuses: names(&["closed"]), ..RankFilter::default() };
        assert!(by_name.keeps(item("Bug", "Closed", "done", &[])));
        assert!(!by_name.keeps(item("Bug", "Resolved", "done", &[])));
        let by_category = RankFilter { statuses: names(&["Done"]), ..RankFilter::default() };
        assert!(by_category.keeps(item("Bug", "Resolved", "done", &[])));
        assert!(!by_category.keeps(item("Bug", "Backlog", "todo", &[])));
        // `New` is a status name, not the category todo.
        let new = RankFilter { statuses: names(&["New"]), ..RankFilter::default() };
        assert!(!new.keeps(item("Bug", "Backlog", "todo", &[])));
    }
}
