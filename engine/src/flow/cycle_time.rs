//! The finished items with their cycle and lead times, and the summaries of those durations.
//! The rules are in the module doc of [`crate::flow`]; the items' flows come from
//! [`super::item_flow`].

use serde::Serialize;

use super::item_flow::{Flows, ItemFlow};
use super::item_list::ItemList;
use crate::model::dates::Timestamp;
use crate::model::stats;

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
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FinishedItem<'a> {
    /// Item key.
    pub key: &'a str,
    /// Item title.
    pub title: Option<&'a str>,
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

/// The finished items, in the items table's order (keys only the history names last), read
/// as [`FinishedItem`]s.
#[derive(Debug, Clone)]
pub struct FinishedItems {
    list: ItemList,
}

impl FinishedItems {
    /// How many items are finished.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether no item is finished.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The finished items, in list order.
    pub fn iter(&self) -> impl Iterator<Item = FinishedItem<'_>> + '_ {
        self.list.rows().map(|(flow, text)| FinishedItem {
            key: text.key,
            title: text.title,
            started: flow.started.and_then(Timestamp::new),
            done: flow.done_at.and_then(Timestamp::new),
            path: finish_path(flow),
            cycle_time_days: flow.cycle_time_days(),
            lead_time_days: flow.lead_time_days(),
        })
    }

    /// The items' flows, in list order.
    pub(crate) fn flows(&self) -> impl Iterator<Item = &ItemFlow> + '_ {
        self.list.flows()
    }
}

impl PartialEq for FinishedItems {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Serialize for FinishedItems {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// How a finished item came to be done.
pub(crate) fn finish_path(flow: &ItemFlow) -> FinishPath {
    if flow.done_without_history() {
        FinishPath::WithoutHistory
    } else if flow.done_without_progress() {
        FinishPath::WithoutProgress
    } else {
        FinishPath::Worked
    }
}

/// What the summaries of the finished items need, gathered in one pass over them.
pub(crate) struct FinishedDurations {
    /// The cycle times in days.
    pub cycle_times: Vec<f64>,
    /// The lead times in days that are not negative.
    pub lead_times: Vec<f64>,
    /// How many lead times are negative (done before created: a data error).
    pub negative_leads: usize,
    /// How many items are done without ever being in progress.
    pub without_progress: usize,
    /// How many items are done without status history.
    pub without_history: usize,
}

impl FinishedDurations {
    pub(crate) fn of<'f>(finished: impl Iterator<Item = &'f ItemFlow>) -> Self {
        let mut durations = FinishedDurations {
            cycle_times: Vec::new(),
            lead_times: Vec::new(),
            negative_leads: 0,
            without_progress: 0,
            without_history: 0,
        };
        for flow in finished {
            durations.cycle_times.extend(flow.cycle_time_days());
            match flow.lead_time_days() {
                Some(days) if days < 0.0 => durations.negative_leads += 1,
                Some(days) => durations.lead_times.push(days),
                None => {}
            }
            match finish_path(flow) {
                FinishPath::Worked => {}
                FinishPath::WithoutProgress => durations.without_progress += 1,
                FinishPath::WithoutHistory => durations.without_history += 1,
            }
        }
        durations
    }
}

/// The finished items, in the order of the flows' ids (the items table's order).
pub(crate) fn finished_items(flows: &Flows) -> FinishedItems {
    FinishedItems { list: ItemList::new(flows, flows.ids_where(ItemFlow::is_done)) }
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
    /// The summary of `durations` (days) with the given percentiles. The percentiles and the
    /// median are selected, not sorted for (a sort of the million cycle times of a large
    /// history took most of the summary's time); the mean is taken in the given order.
    pub fn of(durations: &[f64], percents: &[f64]) -> DurationSummary {
        let mut sample: Vec<f64> = durations.iter().copied().filter(|value| value.is_finite()).collect();
        let count = sample.len();
        // Each percentile's rank; none outside 0–100 or for an empty sample.
        let percentile_ranks: Vec<Option<usize>> = percents
            .iter()
            .map(|percent| {
                ((0.0..=100.0).contains(percent) && count > 0).then(|| stats::nearest_rank(count, *percent))
            })
            .collect();
        let median_ranks = stats::median_ranks(count);
        let ranks: Vec<usize> = percentile_ranks.iter().flatten().chain(&median_ranks).copied().collect();
        let mean_days = stats::mean(&sample);
        let at = stats::values_at_ranks(&mut sample, &ranks);
        let middle: Vec<f64> = median_ranks.iter().filter_map(|rank| at.get(rank).copied()).collect();
        DurationSummary {
            count,
            mean_days,
            median_days: (!middle.is_empty()).then(|| middle.iter().sum::<f64>() / middle.len() as f64),
            percentiles: percents
                .iter()
                .zip(&percentile_ranks)
                .map(|(percent, rank)| PercentileValue {
                    percent: *percent,
                    days: rank.and_then(|rank| at.get(&rank).copied()),
                })
                .collect(),
        }
    }

    /// The value of one percentile, if it was requested and the sample is not empty.
    pub fn percentile(&self, percent: f64) -> Option<f64> {
        self.percentiles.iter().find(|value| value.percent == percent).and_then(|value| value.days)
    }
}
