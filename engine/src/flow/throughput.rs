//! Throughput: finished items per ISO week (Monday 00:00 UTC to Sunday), every week from the
//! first week with a finished item to the week of `as_of`, empty weeks as 0. At most a century
//! of weeks ([`MAX_SERIES_WEEKS`], the latest), with a warning when the series is cut: the
//! loaders keep dates within 50 years of their table's median, but an `as_of` or a Parquet file
//! can still bring year 9999.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars::prelude::PlHashMap;
use rayon::prelude::*;
use serde::Serialize;

use super::item_flow::Flows;
use crate::model::dates::DAY_MS;
use crate::model::dates::{MAX_SERIES_WEEKS, iso_week_label, monday_of, mondays, mondays_cut};

/// Finished items in one ISO week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThroughputWeek {
    /// The ISO week, `2026-W03` (the ISO year, which differs from the calendar year around
    /// New Year).
    pub week: String,
    /// Its Monday (`2026-01-12`).
    pub week_start: NaiveDate,
    /// Items that entered done that week.
    pub items: usize,
    /// Of those, the items that were in progress before (the ones with a cycle time).
    pub worked_items: usize,
}

/// 1969-12-29, the Monday before the epoch, in UTC milliseconds.
const MONDAY_MS: i64 = -3 * DAY_MS;

/// Weeks since the Monday before the epoch of an instant chrono can date (`None` otherwise, as
/// [`monday_of`] gives).
fn week_number(millis: i64) -> Option<i64> {
    chrono::DateTime::from_timestamp_millis(millis)?;
    Some((millis - MONDAY_MS).div_euclid(7 * DAY_MS))
}

/// Throughput per week, oldest first; empty when nothing is finished by `as_of`. A cut series
/// is said in `warnings`.
pub(crate) fn weekly(flows: &Flows, as_of: i64, warnings: &mut Vec<String>) -> Vec<ThroughputWeek> {
    // Counted per week number first (a division per item, in parallel), dated once per week.
    let per_week = flows
        .par_iter()
        .fold(PlHashMap::default, |mut per_week: PlHashMap<i64, (usize, usize)>, flow| {
            let done = flow.finished_at().filter(|done| *done <= as_of);
            if let Some(week) = done.and_then(week_number) {
                let entry = per_week.entry(week).or_default();
                entry.0 += 1;
                entry.1 += usize::from(flow.cycle_time_days().is_some());
            }
            per_week
        })
        .reduce(PlHashMap::default, |mut all, part| {
            for (week, (items, worked)) in part {
                let entry = all.entry(week).or_default();
                entry.0 += items;
                entry.1 += worked;
            }
            all
        });
    let counts: BTreeMap<NaiveDate, (usize, usize)> = per_week
        .into_iter()
        .filter_map(|(week, counts)| Some((monday_of(week.checked_mul(7 * DAY_MS)? + MONDAY_MS)?, counts)))
        .collect();
    let (Some(first), Some(last)) = (counts.keys().next().copied(), monday_of(as_of)) else {
        return Vec::new();
    };
    if let Some(start) = mondays_cut(first, last) {
        let left_out: usize = counts.range(..start).map(|(_, (items, _))| items).sum();
        warnings.push(format!(
            "throughput lists the last {MAX_SERIES_WEEKS} weeks (from {start}); the weeks from {first} \
             to {start} are left out, with {left_out} finished items: check the dates far from the others"
        ));
    }
    mondays(first, last)
        .map(|monday| {
            let (items, worked_items) = counts.get(&monday).copied().unwrap_or_default();
            ThroughputWeek { week: iso_week_label(monday), week_start: monday, items, worked_items }
        })
        .collect()
}
