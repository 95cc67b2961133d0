//! Aging work in progress: the items in progress at `as_of` and how long since they started
//! (the first entry into in progress, as for cycle time).

use std::collections::BTreeMap;

use serde::Serialize;

use super::ItemFlow;
use super::cycle_time::days;
use crate::model::StatusCategory;

/// An item in progress at `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgingItem {
    /// Item key.
    pub key: String,
    /// Item title.
    pub title: Option<String>,
    /// Its status at `as_of`.
    pub status: Option<String>,
    /// When it was first in progress (ISO 8601); `None` when the history does not say.
    pub started: Option<String>,
    /// `as_of` − started, in days.
    pub age_days: Option<f64>,
}

/// The items in progress at `as_of`, oldest first (unknown age last), ties by key.
pub(crate) fn aging(flows: &BTreeMap<String, ItemFlow>, as_of: i64) -> Vec<AgingItem> {
    let mut in_progress: Vec<&ItemFlow> =
        flows.values().filter(|flow| flow.category == Some(StatusCategory::InProgress)).collect();
    // Oldest first = earliest start first; BTreeMap order already breaks ties by key.
    in_progress.sort_by_key(|flow| (flow.started.is_none(), flow.started));
    in_progress
        .into_iter()
        .map(|flow| AgingItem {
            key: flow.key.clone(),
            title: flow.title.clone(),
            status: flow.status.clone(),
            started: flow.started.and_then(crate::load::dates::iso),
            age_days: flow.started.map(|started| days(as_of - started)),
        })
        .collect()
}
