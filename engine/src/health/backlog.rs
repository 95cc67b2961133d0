//! The backlog as the dependency findings, the snapshot comparison and the agenda read it: one
//! plain record per item key, and the links as key pairs.
//!
//! These analyses take frames from callers that may build them by hand, so reading never
//! fails: a missing optional column reads as nulls, a column of another type is cast to its
//! canonical type, and one that cannot be cast reads as nulls with a warning. A key given on
//! several rows keeps its first row (a warning names the keys); a row without a key is skipped
//! and counted in a warning.

use std::collections::{BTreeSet, HashMap};

use polars::prelude::*;

use crate::model::keys::natural_key_cmp;
use crate::model::{StatusCategory, Table, items, links};
use crate::rank::examples;

/// One item of the backlog.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct BacklogItem {
    pub key: String,
    pub title: Option<String>,
    pub item_type: Option<String>,
    pub status: Option<String>,
    pub status_category: Option<String>,
    pub priority: Option<String>,
    pub created: Option<i64>,
    /// A finite estimate (NaN and infinities read as none).
    pub estimate: Option<f64>,
    /// The tracker's own backlog position (`rank` column), 1 = top.
    pub source_rank: Option<i64>,
    pub has_acceptance_criteria: Option<bool>,
}

impl BacklogItem {
    /// Whether the item is finished, whatever the resolution.
    pub fn is_done(&self) -> bool {
        self.status_category.as_deref() == Some(StatusCategory::Done.name())
    }

    /// Whether work on the item has started and not finished.
    pub fn is_in_progress(&self) -> bool {
        self.status_category.as_deref() == Some(StatusCategory::InProgress.name())
    }

    /// The status to show: the tracker's name, else the category, else "unknown status".
    pub fn status_label(&self) -> &str {
        self.status.as_deref().or(self.status_category.as_deref()).unwrap_or("unknown status")
    }
}

/// The items, one per key, in frame order, with a key index.
#[derive(Debug, Clone, Default)]
pub(crate) struct ItemsByKey {
    pub items: Vec<BacklogItem>,
    index: HashMap<String, usize>,
}

impl ItemsByKey {
    /// The item with this key.
    pub fn get(&self, key: &str) -> Option<&BacklogItem> {
        self.index.get(key).map(|&row| &self.items[row])
    }
}

/// Reads the items frame as the module doc describes.
pub(crate) fn read_backlog(frame: &DataFrame, warnings: &mut Vec<String>) -> ItemsByKey {
    let mut read = Reader { frame, table: Table::Items, warnings };
    let keys = read.texts(items::KEY);
    let titles = read.texts(items::TITLE);
    let types = read.texts(items::TYPE);
    let statuses = read.texts(items::STATUS);
    let categories = read.texts(items::STATUS_CATEGORY);
    let priorities = read.texts(items::PRIORITY);
    let created = read.timestamps(items::CREATED);
    let estimates = read.numbers(items::ESTIMATE);
    let ranks = read.integers(items::RANK);
    let criteria = read.flags(items::HAS_ACCEPTANCE_CRITERIA);

    let mut backlog = ItemsByKey::default();
    let mut without_key = 0;
    let mut repeated = BTreeSet::new();
    for (row, key) in keys.into_iter().enumerate() {
        let Some(key) = key else {
            without_key += 1;
            continue;
        };
        if backlog.index.contains_key(&key) {
            repeated.insert(key);
            continue;
        }
        let take = |column: &[Option<String>]| column.get(row).cloned().flatten();
        backlog.index.insert(key.clone(), backlog.items.len());
        backlog.items.push(BacklogItem {
            key,
            title: take(&titles),
            item_type: take(&types),
            status: take(&statuses),
            status_category: take(&categories),
            priority: take(&priorities),
            created: created.get(row).copied().flatten(),
            estimate: estimates.get(row).copied().flatten().filter(|value| value.is_finite()),
            source_rank: ranks.get(row).copied().flatten(),
            has_acceptance_criteria: criteria.get(row).copied().flatten(),
        });
    }
    if without_key > 0 {
        read.warnings.push(format!("{without_key} items without a key are left out"));
    }
    if !repeated.is_empty() {
        let mut keys: Vec<String> = repeated.into_iter().collect();
        keys.sort_by(|a, b| natural_key_cmp(a, b));
        read.warnings.push(format!(
            "{} keys appear on more than one item row, the first row of each is used: {}",
            keys.len(),
            examples(&keys)
        ));
    }
    backlog
}

/// One link between two items.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Link {
    pub from: String,
    pub to: String,
    /// The canonical kind (`blocks`, `duplicates`, `relates`, `parent`), lower case, trimmed.
    pub kind: String,
}

/// The links with both ends and a kind, sorted and without repeats.
pub(crate) fn read_links(frame: &DataFrame, warnings: &mut Vec<String>) -> Vec<Link> {
    let mut read = Reader { frame, table: Table::Links, warnings };
    let from = read.texts(links::FROM);
    let to = read.texts(links::TO);
    let kind = read.texts(links::KIND);
    let mut result: Vec<Link> = from
        .into_iter()
        .zip(to)
        .zip(kind)
        .filter_map(|((from, to), kind)| {
            Some(Link { from: from?, to: to?, kind: kind?.trim().to_ascii_lowercase() })
        })
        .collect();
    result.sort_unstable();
    result.dedup();
    result
}

/// Reads columns of one frame leniently, collecting warnings.
struct Reader<'a> {
    frame: &'a DataFrame,
    table: Table,
    warnings: &'a mut Vec<String>,
}

impl Reader<'_> {
    /// The column cast to `dtype`, or `None` (with a warning when present but unreadable).
    fn column(&mut self, name: &str, dtype: &DataType) -> Option<Column> {
        let column = self.frame.column(name).ok()?;
        if column.dtype() == dtype {
            return Some(column.clone());
        }
        match column.cast(dtype) {
            Ok(cast) => Some(cast),
            Err(cause) => {
                self.warnings.push(format!(
                    "the {} table's `{name}` column ({}) cannot be read as {dtype}, so it is ignored: {cause}",
                    self.table,
                    column.dtype()
                ));
                None
            }
        }
    }

    fn texts(&mut self, name: &str) -> Vec<Option<String>> {
        self.column(name, &DataType::String)
            .and_then(|column| {
                column.str().ok().map(|values| values.iter().map(|value| value.map(str::to_owned)).collect())
            })
            .unwrap_or_default()
    }

    fn numbers(&mut self, name: &str) -> Vec<Option<f64>> {
        self.column(name, &DataType::Float64)
            .and_then(|column| column.f64().ok().map(|values| values.iter().collect()))
            .unwrap_or_default()
    }

    fn integers(&mut self, name: &str) -> Vec<Option<i64>> {
        self.column(name, &DataType::Int64)
            .and_then(|column| column.i64().ok().map(|values| values.iter().collect()))
            .unwrap_or_default()
    }

    fn flags(&mut self, name: &str) -> Vec<Option<bool>> {
        self.column(name, &DataType::Boolean)
            .and_then(|column| column.bool().ok().map(|values| values.iter().collect()))
            .unwrap_or_default()
    }

    /// UTC milliseconds: the column is brought to `Datetime(ms)` first, so another time unit
    /// still reads as milliseconds.
    fn timestamps(&mut self, name: &str) -> Vec<Option<i64>> {
        self.column(name, &DataType::Datetime(TimeUnit::Milliseconds, None))
            .and_then(|column| column.datetime().ok().map(|values| values.physical().iter().collect()))
            .unwrap_or_default()
    }
}

/// Canonical frames and ranked items written inline for the health and agenda tests.
#[cfg(test)]
pub(crate) mod test_frames {
    #![allow(clippy::unwrap_used)]

    use polars::prelude::*;

    pub(crate) use crate::rank::ranking_of as ranking;

    use crate::model::{Table, conform};

    /// One row of [`items`]; `category` is the status category (`todo`, `in_progress`, `done`).
    #[derive(Debug, Clone, Default)]
    pub struct Row<'a> {
        pub key: &'a str,
        pub title: Option<&'a str>,
        pub item_type: Option<&'a str>,
        pub status: Option<&'a str>,
        pub category: Option<&'a str>,
        pub priority: Option<&'a str>,
        pub created: Option<i64>,
        pub estimate: Option<f64>,
        pub rank: Option<i64>,
        pub criteria: Option<bool>,
    }

    /// A canonical items frame.
    pub fn items(rows: &[Row<'_>]) -> DataFrame {
        let texts =
            |pick: fn(&Row<'_>) -> Option<String>| -> Vec<Option<String>> { rows.iter().map(pick).collect() };
        let created: Vec<Option<i64>> = rows.iter().map(|row| row.created).collect();
        let frame = DataFrame::new(
            rows.len(),
            vec![
                Column::new("key".into(), texts(|row| Some(row.key.to_owned()))),
                Column::new("title".into(), texts(|row| row.title.map(str::to_owned))),
                Column::new("type".into(), texts(|row| row.item_type.map(str::to_owned))),
                Column::new("status".into(), texts(|row| row.status.map(str::to_owned))),
                Column::new("status_category".into(), texts(|row| row.category.map(str::to_owned))),
                Column::new("priority".into(), texts(|row| row.priority.map(str::to_owned))),
                Column::new("created".into(), created)
                    .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
                    .unwrap(),
                Column::new("estimate".into(), rows.iter().map(|row| row.estimate).collect::<Vec<_>>()),
                Column::new("rank".into(), rows.iter().map(|row| row.rank).collect::<Vec<_>>()),
                Column::new(
                    "has_acceptance_criteria".into(),
                    rows.iter().map(|row| row.criteria).collect::<Vec<_>>(),
                ),
            ],
        )
        .unwrap();
        conform(Table::Items, frame).unwrap()
    }

    /// A canonical links frame from `(from, to, kind)` rows.
    pub fn links(rows: &[(&str, &str, &str)]) -> DataFrame {
        let frame = df!(
            "from" => rows.iter().map(|row| row.0).collect::<Vec<_>>(),
            "to" => rows.iter().map(|row| row.1).collect::<Vec<_>>(),
            "kind" => rows.iter().map(|row| row.2).collect::<Vec<_>>(),
        )
        .unwrap();
        conform(Table::Links, frame).unwrap()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn missing_columns_read_as_nulls_and_repeated_keys_keep_their_first_row() {
        let frame = df!(
            "key" => [Some("A-1"), None, Some("A-2"), Some("A-1")],
            "title" => ["first", "no key", "second", "again"],
            "estimate" => [Some(3i64), Some(1), None, Some(8)],
        )
        .unwrap();
        let mut warnings = Vec::new();
        let backlog = read_backlog(&frame, &mut warnings);
        assert_eq!(backlog.items.len(), 2);
        let first = backlog.get("A-1").unwrap();
        assert_eq!((first.title.as_deref(), first.estimate), (Some("first"), Some(3.0)));
        assert_eq!(first.status_category, None);
        assert!(!first.is_done());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn links_are_trimmed_lower_cased_and_deduplicated() {
        let frame = df!(
            "from" => [Some("A"), Some("A"), None],
            "to" => ["B", "B", "C"],
            "kind" => [" Blocks", "blocks", "relates"],
        )
        .unwrap();
        let links = read_links(&frame, &mut Vec::new());
        assert_eq!(links, [Link { from: "A".into(), to: "B".into(), kind: "blocks".into() }]);
    }
}
