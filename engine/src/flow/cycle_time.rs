//! The finished items with their cycle and lead times, and the summaries of those durations.
//! The rules are in the module doc of [`crate::flow`]; the items' flows come from
//! [`super::item_flow`].

use rayon::prelude::*;
use serde::Serialize;

use super::item_flow::{Flows, ItemFlow};
use crate::load::dates::Timestamp;
use crate::stats;

/// How an item came to be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishPath {
    /// In progress, then done: it has a cycle time.
    Worked,
    /// Done without ever being in progress.
    WithoutProgress,
    /// Done, with no status history.
    WithoutHistory,
}

/// A finished item with its cycle and lead time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinishedItem {
    /// Item key.
    pub key: String,
    /// Item title.
    pub title: Option<String>,
    /// When it was first in progress.
    pub started: Option<Timestamp>,
    /// When it was finished; `None` when done with neither history nor `resolved`.
    pub done: Option<Timestamp>,
    /// How it came to be done.
    pub path: FinishPath,
    /// Started → done in days.
    pub cycle_time_days: Option<f64>,
    /// Created → done in days.
    pub lead_time_days: Option<f64>,
}

/// The finished items, by done time (unknown last) then key.
pub(crate) fn finished_items(flows: &Flows<'_>) -> Vec<FinishedItem> {
    let done = flows.sorted_by_time_then_key(ItemFlow::is_done, |flow| flow.done_at);
    done.into_par_iter()
        .map(|(key, flow)| {
            let path = if flow.done_without_history() {
                FinishPath::WithoutHistory
            } else if flow.done_without_progress() {
                FinishPath::WithoutProgress
            } else {
                FinishPath::Worked
            };
            FinishedItem {
                key: key.to_owned(),
                title: flows.title(flow).map(str::to_owned),
                started: flow.started.and_then(Timestamp::new),
                done: flow.done_at.and_then(Timestamp::new),
                path,
                cycle_time_days: flow.cycle_time_days(),
                lead_time_days: flow.lead_time_days(),
            }
        })
        .collect()
}

/// One percentile of a duration sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PercentileValue {
    /// The percentile, 0–100.
    pub percent: f64,
    /// Its value in days (nearest rank); `None` for an empty sample.
    pub days: Option<f64>,
}

/// Count, mean, median and percentiles of durations in days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DurationSummary {
    /// How many durations.
    pub count: usize,
    /// Their mean.
    pub mean_days: Option<f64>,
    /// Their median (the mean of the two middle values when the count is even).
    pub median_days: Option<f64>,
    /// The requested percentiles by nearest rank.
    pub percentiles: Vec<PercentileValue>,
}

impl DurationSummary {
    /// The summary of `durations` (days) with the given percentiles.
    pub fn of(durations: &[f64], percents: &[f64]) -> DurationSummary {
        let mut sorted: Vec<f64> = durations.iter().copied().filter(|value| value.is_finite()).collect();
        // Equal under total_cmp means the same bits: an unstable sort gives the one result.
        sorted.par_sort_unstable_by(f64::total_cmp);
        DurationSummary {
            count: sorted.len(),
            mean_days: stats::mean(&sorted),
            median_days: stats::median(&sorted),
            percentiles: percents
                .iter()
                .map(|percent| PercentileValue {
                    percent: *percent,
                    days: stats::nearest_rank_of_sorted(&sorted, *percent),
                })
                .collect(),
        }
    }

    /// The value of one percentile, if it was requested and the sample is not empty.
    pub fn percentile(&self, percent: f64) -> Option<f64> {
        self.percentiles.iter().find(|value| value.percent == percent).and_then(|value| value.days)
    }
}
