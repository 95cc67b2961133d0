//! Each item's way through the workflow (started, done, category at `as_of`) from its status
//! history, and the cycle- and lead-time figures built on it. The rules are in the module doc of
//! [`crate::flow`].

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use super::{
    Change, DAY_MS, FlowError, StatusClassifier, for_each_key, history_of_field, millis, parse_category,
};
use crate::config::Config;
use crate::model::{StatusCategory, Table, items};
use crate::stats;

/// One item's flow as of the analysis date.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ItemFlow {
    pub key: String,
    pub title: Option<String>,
    /// The status at `as_of`: the last status change's target, else the item's status.
    pub status: Option<String>,
    pub created: Option<i64>,
    /// The category at `as_of`; `None` when no rule maps the status.
    pub category: Option<StatusCategory>,
    /// The first entry into an in-progress status.
    pub started: Option<i64>,
    /// The final entry into done, when the item is done at `as_of`.
    pub done_at: Option<i64>,
    /// Whether any status change of the item is known.
    pub has_status_history: bool,
}

impl ItemFlow {
    fn is_done(&self) -> bool {
        self.category == Some(StatusCategory::Done)
    }

    /// Done with a status history that never entered in progress.
    pub fn done_without_progress(&self) -> bool {
        self.is_done() && self.has_status_history && self.cycle_time_days().is_none()
    }

    /// Done with no status change known.
    pub fn done_without_history(&self) -> bool {
        self.is_done() && !self.has_status_history
    }

    /// Done − started, in days.
    pub fn cycle_time_days(&self) -> Option<f64> {
        match (self.is_done() && self.has_status_history, self.started, self.done_at) {
            (true, Some(started), Some(done)) if started <= done => Some(days(done - started)),
            _ => None,
        }
    }

    /// Done − created, in days (negative when the data has them the wrong way round).
    pub fn lead_time_days(&self) -> Option<f64> {
        match (self.is_done(), self.created, self.done_at) {
            (true, Some(created), Some(done)) => Some(days(done - created)),
            _ => None,
        }
    }

    /// When the item was finished, if it is done.
    pub fn finished_at(&self) -> Option<i64> {
        if self.is_done() { self.done_at } else { None }
    }
}

/// Milliseconds as days.
pub(crate) fn days(millis: i64) -> f64 {
    millis as f64 / DAY_MS as f64
}

/// What an item's row in the items table says.
#[derive(Default)]
struct ItemRow {
    title: Option<String>,
    status: Option<String>,
    status_category: Option<String>,
    created: Option<i64>,
    resolved: Option<i64>,
}

fn frame_error(table: Table) -> impl Fn(PolarsError) -> FlowError {
    move |source| FlowError::Frame { table: table.name(), source }
}

/// Every item's flow as of `as_of`, by key: the items of the items table (those created by
/// `as_of`) and any other key the status history names. Warnings about unmapped statuses go to
/// `warnings`.
pub(crate) fn item_flows(
    items_frame: &DataFrame,
    history_frame: &DataFrame,
    config: &Config,
    as_of: i64,
    warnings: &mut Vec<String>,
) -> Result<BTreeMap<String, ItemFlow>, FlowError> {
    let mut classifier = StatusClassifier::new(items_frame, config).map_err(frame_error(Table::Items))?;
    let rows = item_rows(items_frame).map_err(frame_error(Table::Items))?;
    let changes =
        history_of_field(history_frame, "status", Some(as_of)).map_err(frame_error(Table::History))?;
    let mut flows = BTreeMap::new();
    for_each_key(&changes, |key, changes| {
        let row = rows.get(key);
        let flow = walk(key, row, changes, &mut classifier);
        flows.insert(key.to_owned(), flow);
    })
    .map_err(frame_error(Table::History))?;
    for (key, row) in &rows {
        if flows.contains_key(key) || row.created.is_some_and(|created| created > as_of) {
            continue;
        }
        flows.insert(key.clone(), without_history(key, row, as_of, &mut classifier));
    }
    warnings.extend(classifier.unmapped_warning());
    Ok(flows)
}

fn item_rows(frame: &DataFrame) -> PolarsResult<BTreeMap<String, ItemRow>> {
    let keys = frame.column(items::KEY)?.str()?;
    let titles = frame.column(items::TITLE)?.str()?;
    let statuses = frame.column(items::STATUS)?.str()?;
    let categories = frame.column(items::STATUS_CATEGORY)?.str()?;
    let created = millis(frame, items::CREATED)?;
    let resolved = millis(frame, items::RESOLVED)?;
    let mut rows = BTreeMap::new();
    for (index, key) in keys.iter().enumerate() {
        let Some(key) = key else { continue };
        let owned = |value: Option<&str>| value.map(str::to_owned);
        // The first row of a key wins, as the loaders keep the first of duplicated keys.
        rows.entry(key.to_owned()).or_insert_with(|| ItemRow {
            title: owned(titles.get(index)),
            status: owned(statuses.get(index)),
            status_category: owned(categories.get(index)),
            created: created.get(index).copied().flatten(),
            resolved: resolved.get(index).copied().flatten(),
        });
    }
    Ok(rows)
}

/// The flow of an item from its status changes (at least one, in time order).
fn walk(
    key: &str,
    row: Option<&ItemRow>,
    changes: &[Change<'_>],
    classifier: &mut StatusClassifier<'_>,
) -> ItemFlow {
    let created = row.and_then(|row| row.created);
    let mut flow = ItemFlow {
        key: key.to_owned(),
        title: row.and_then(|row| row.title.clone()),
        created,
        has_status_history: !changes.is_empty(),
        ..ItemFlow::default()
    };
    let initial = changes.first().and_then(|(_, from, _)| *from).and_then(|from| classifier.category(from));
    if initial == Some(StatusCategory::InProgress) {
        // Created straight into an in-progress status: it started when it was created.
        flow.started = created;
    }
    let mut category = initial;
    let mut done_entry = None;
    for (at, _, to) in changes {
        let Some(target) = to.and_then(|to| classifier.category(to)) else { continue };
        if target == StatusCategory::InProgress && flow.started.is_none() {
            flow.started = Some(*at);
        }
        if target == StatusCategory::Done && category != Some(StatusCategory::Done) {
            done_entry = Some(*at);
        }
        category = Some(target);
    }
    flow.status = changes.last().and_then(|(_, _, to)| to.map(str::to_owned));
    flow.category = category;
    if category == Some(StatusCategory::Done) {
        // Done since before the history starts: only `resolved` can say when.
        flow.done_at = done_entry.or_else(|| row.and_then(|row| row.resolved));
    }
    flow
}

/// The flow of an item without status history: its current status, if it held at `as_of`.
fn without_history(key: &str, row: &ItemRow, as_of: i64, classifier: &mut StatusClassifier<'_>) -> ItemFlow {
    let category = row
        .status_category
        .as_deref()
        .and_then(parse_category)
        .or_else(|| row.status.as_deref().and_then(|status| classifier.category(status)));
    // Resolved after `as_of`: the item was not done then, and what it was is unknown.
    let resolved_later = row.resolved.is_some_and(|resolved| resolved > as_of);
    let category = if category == Some(StatusCategory::Done) && resolved_later { None } else { category };
    ItemFlow {
        key: key.to_owned(),
        title: row.title.clone(),
        status: row.status.clone(),
        created: row.created,
        category,
        started: None,
        done_at: if category == Some(StatusCategory::Done) { row.resolved } else { None },
        has_status_history: false,
    }
}

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
    /// When it was first in progress (ISO 8601).
    pub started: Option<String>,
    /// When it was finished (ISO 8601); `None` when done with neither history nor `resolved`.
    pub done: Option<String>,
    /// How it came to be done.
    pub path: FinishPath,
    /// Started → done in days.
    pub cycle_time_days: Option<f64>,
    /// Created → done in days.
    pub lead_time_days: Option<f64>,
}

/// The finished items, by done time (unknown last) then key.
pub(crate) fn finished_items(flows: &BTreeMap<String, ItemFlow>) -> Vec<FinishedItem> {
    let mut done: Vec<&ItemFlow> = flows.values().filter(|flow| flow.is_done()).collect();
    done.sort_by(|a, b| {
        (a.done_at.is_none(), a.done_at, &a.key).cmp(&(b.done_at.is_none(), b.done_at, &b.key))
    });
    done.into_iter()
        .map(|flow| {
            let path = if flow.done_without_history() {
                FinishPath::WithoutHistory
            } else if flow.done_without_progress() {
                FinishPath::WithoutProgress
            } else {
                FinishPath::Worked
            };
            FinishedItem {
                key: flow.key.clone(),
                title: flow.title.clone(),
                started: flow.started.and_then(crate::load::dates::iso),
                done: flow.done_at.and_then(crate::load::dates::iso),
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
        sorted.sort_by(f64::total_cmp);
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
