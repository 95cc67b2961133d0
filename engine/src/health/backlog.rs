//! The backlog as every part of the health review and the agenda read it: one plain record per
//! item key, built once from the items view, and the links as distinct key pairs.
//!
//! A key given on several rows keeps its first row; a row without a key is skipped. Both are
//! counted, and each reader words its own warning from the counts ([`ItemsByKey::warnings`] is
//! the wording of the dependency findings, the snapshot comparison and the agenda).

use std::collections::{BTreeSet, HashMap};

use crate::model::StatusCategory;
use crate::model::keys::natural_key_cmp;
use crate::model::view::{Items, Links};
use crate::model::wording::examples;

/// One item of the backlog, its texts borrowed from the items view; each field is the canonical
/// column of the same name ([`crate::model::items`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BacklogItem<'a> {
    /// The key.
    pub key: &'a str,
    /// The title.
    pub title: Option<&'a str>,
    /// The item type (Story, Bug, Epic, ...).
    pub item_type: Option<&'a str>,
    /// The tracker's status name.
    pub status: Option<&'a str>,
    /// `todo`, `in_progress` or `done`.
    pub status_category: Option<&'a str>,
    /// The priority name.
    pub priority: Option<&'a str>,
    /// Created (UTC ms).
    pub created: Option<i64>,
    /// Last updated (UTC ms).
    pub updated: Option<i64>,
    /// Resolved (UTC ms).
    pub resolved: Option<i64>,
    /// A finite estimate (the view reads NaN and infinities as none).
    pub estimate: Option<f64>,
    /// The tracker's own backlog position (`rank` column), 1 = top.
    pub source_rank: Option<i64>,
    /// The description's length in characters.
    pub description_len: Option<i64>,
    /// Whether the description states acceptance criteria.
    pub has_acceptance_criteria: Option<bool>,
}

impl BacklogItem<'_> {
    /// Whether the item's category says it is finished, whatever the resolution.
    pub fn is_done(&self) -> bool {
        self.status_category == Some(StatusCategory::Done.name())
    }

    /// Whether work on the item has started and not finished.
    pub fn is_in_progress(&self) -> bool {
        self.status_category == Some(StatusCategory::InProgress.name())
    }

    /// The status to show: the tracker's name, else the category, else "unknown status".
    pub fn status_label(&self) -> &str {
        self.status.or(self.status_category).unwrap_or("unknown status")
    }
}

/// The items, one per key (its first row), in frame order, with a key index.
#[derive(Debug, Clone, Default)]
pub struct ItemsByKey<'a> {
    /// The items.
    pub items: Vec<BacklogItem<'a>>,
    index: HashMap<&'a str, usize>,
    /// Rows without a key, left out.
    pub keyless_rows: usize,
    /// Rows whose key an earlier row already had, left out.
    pub repeated_rows: usize,
    /// The keys given on more than one row, in natural key order.
    pub repeated_keys: Vec<&'a str>,
}

impl<'a> ItemsByKey<'a> {
    /// The items of the view, the first row of each key.
    pub fn new(view: &Items<'a>) -> ItemsByKey<'a> {
        let mut backlog = ItemsByKey { keyless_rows: view.keyless(), ..ItemsByKey::default() };
        let mut repeated = BTreeSet::new();
        for (row, key) in view.keyed() {
            if backlog.index.contains_key(key) {
                backlog.repeated_rows += 1;
                repeated.insert(key);
                continue;
            }
            backlog.index.insert(key, backlog.items.len());
            backlog.items.push(BacklogItem {
                key,
                title: view.title[row],
                item_type: view.item_type[row],
                status: view.status[row],
                status_category: view.status_category[row],
                priority: view.priority[row],
                created: view.created[row],
                updated: view.updated[row],
                resolved: view.resolved[row],
                estimate: view.estimate[row],
                source_rank: view.rank[row],
                description_len: view.description_len[row],
                has_acceptance_criteria: view.has_acceptance_criteria[row],
            });
        }
        backlog.repeated_keys = repeated.into_iter().collect();
        backlog.repeated_keys.sort_by(|a, b| natural_key_cmp(a, b));
        backlog
    }

    /// The item with this key.
    pub fn get(&self, key: &str) -> Option<&BacklogItem<'a>> {
        self.index.get(key).map(|&row| &self.items[row])
    }

    /// What was left out: rows without a key, and keys on several rows.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.keyless_rows > 0 {
            warnings.push(format!("{} items without a key are left out", self.keyless_rows));
        }
        if !self.repeated_keys.is_empty() {
            warnings.push(format!(
                "{} keys appear on more than one item row, the first row of each is used: {}",
                self.repeated_keys.len(),
                examples(&self.repeated_keys)
            ));
        }
        warnings
    }
}

/// One link between two items, its kind normalised.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Link<'a> {
    pub from: &'a str,
    pub to: &'a str,
    /// The canonical kind (`blocks`, `duplicates`, `relates`, `parent`), lower case, trimmed.
    pub kind: String,
}

/// The links with their kinds trimmed and lower-cased, sorted and without repeats.
pub(crate) fn distinct_links<'a>(links: &Links<'a>) -> Vec<Link<'a>> {
    let mut result: Vec<Link<'a>> = links
        .links
        .iter()
        .map(|link| Link { from: link.from, to: link.to, kind: link.kind.trim().to_ascii_lowercase() })
        .collect();
    result.sort_unstable();
    result.dedup();
    result
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::test_frame::{TestRow, frame};
    use crate::model::{Table, items, links};

    #[test]
    fn rows_without_a_key_are_counted_and_repeated_keys_keep_their_first_row() {
        let row = |key: Option<&str>, title: &str| {
            TestRow::new().text_or_null(items::KEY, key).text(items::TITLE, title)
        };
        let frame = frame(
            Table::Items,
            &[
                row(Some("A-1"), "first").number(items::ESTIMATE, 3.0),
                row(None, "no key").number(items::ESTIMATE, 1.0),
                row(Some("A-2"), "second"),
                row(Some("A-1"), "again").number(items::ESTIMATE, 8.0),
            ],
        );
        let view = Items::decode(&frame).unwrap();
        let backlog = ItemsByKey::new(&view);
        let warnings = backlog.warnings();
        assert_eq!(backlog.items.len(), 2);
        let first = backlog.get("A-1").unwrap();
        assert_eq!((first.title, first.estimate), (Some("first"), Some(3.0)));
        assert_eq!(first.status_category, None);
        assert!(!first.is_done());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn links_are_trimmed_lower_cased_and_deduplicated() {
        let link = |from: Option<&str>, to: &str, kind: &str| {
            TestRow::new().text_or_null(links::FROM, from).text(links::TO, to).text(links::KIND, kind)
        };
        let frame = frame(
            Table::Links,
            &[link(Some("A"), "B", " Blocks"), link(Some("A"), "B", "blocks"), link(None, "C", "relates")],
        );
        let links = distinct_links(&Links::decode(&frame).unwrap());
        assert_eq!(links, [Link { from: "A", to: "B", kind: "blocks".into() }]);
    }
}
