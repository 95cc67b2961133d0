//! Aging work in progress: the items in progress at `as_of` and how long since they started
//! (the first entry into in progress, as for cycle time).

use serde::Serialize;

use super::item_flow::Flows;
use super::item_list::ItemList;
use crate::model::StatusCategory;
use crate::model::dates::{Timestamp, days};

/// An item in progress at `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AgingItem<'a> {
    /// Item key.
    pub key: &'a str,
    /// Item title.
    pub title: Option<&'a str>,
    /// Its status at `as_of`.
    pub status: Option<&'a str>,
    /// When it was first in progress; `None` when the history does not say.
    pub started: Option<Timestamp>,
    /// `as_of` − started, in days.
    pub age_days: Option<f64>,
}

/// The items in progress at `as_of`, oldest first (unknown age last), ties by key, read as
/// [`AgingItem`]s.
#[derive(Debug, Clone)]
pub struct AgingItems {
    list: ItemList,
    as_of: i64,
}

impl AgingItems {
    /// How many items are in progress.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether no item is in progress.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items in progress, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = AgingItem<'_>> + '_ {
        self.list.rows().map(|(flow, text)| AgingItem {
            key: text.key,
            title: text.title,
            status: text.status,
            started: flow.started.and_then(Timestamp::new),
            age_days: flow.started.map(|started| days(self.as_of - started)),
        })
    }

    /// How many items in progress have no start in their history.
    pub(crate) fn unknown_ages(&self) -> usize {
        self.list.flows().filter(|flow| flow.started.is_none()).count()
    }
}

impl PartialEq for AgingItems {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Serialize for AgingItems {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The items in progress at `as_of`.
pub(crate) fn aging(flows: &Flows, as_of: i64) -> AgingItems {
    // Oldest first = earliest start first.
    let in_progress = flows
        .ids_by_time_then_key(|flow| flow.category == Some(StatusCategory::InProgress), |flow| flow.started);
    AgingItems { list: ItemList::new(flows, in_progress), as_of }
}
