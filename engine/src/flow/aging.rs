//! Aging work in progress: the items in progress at `as_of` and how long since they started
//! (the first entry into in progress, as for cycle time).

use rayon::prelude::*;
use serde::Serialize;

use super::item_flow::Flows;
use crate::load::dates::{Timestamp, days};
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
    /// When it was first in progress; `None` when the history does not say.
    pub started: Option<Timestamp>,
    /// `as_of` − started, in days.
    pub age_days: Option<f64>,
}

/// The items in progress at `as_of`, oldest first (unknown age last), ties by key.
pub(crate) fn aging(flows: &Flows<'_>, as_of: i64) -> Vec<AgingItem> {
    let in_progress = flows.sorted_by_time_then_key(
        |flow| flow.category == Some(StatusCategory::InProgress),
        |flow| flow.started,
    );
    // Oldest first = earliest start first.
    in_progress
        .into_par_iter()
        .map(|(key, flow)| AgingItem {
            key: key.to_owned(),
            title: flows.title(flow).map(str::to_owned),
            status: flows.status(flow).map(str::to_owned),
            started: flow.started.and_then(Timestamp::new),
            age_days: flow.started.map(|started| days(as_of - started)),
        })
        .collect()
}
