//! Cumulative flow: for each of the last `days` UTC days up to `as_of`, how many items were in
//! each status category (to do, in progress, done) at the end of that day — the stacked-area
//! chart of a Kanban board, whose band widths show work in progress and whose top edge shows
//! arrivals.
//!
//! Built from events, not by walking each item: every status change in the history is −1 on the
//! category of its `from` status and +1 on the category of its `to` status on its day; every
//! item is +1 on its first category on its `created` day (the category of its first status
//! change's `from`; without status history the item's own category, except that a done item with
//! a `resolved` date enters to do and moves to done at `resolved`). The events are added per day
//! and summed cumulatively; events before the window form the first day's count, events after
//! `as_of` are ignored. Statuses map to categories with the flow's classifier (refine.toml, then
//! what the items teach, then common names, see [`crate::flow`]).
//!
//! Edge cases: `days` = 0 or no items give no days; more than a century of days
//! ([`MAX_SERIES_DAYS`]) gives the last century and a warning; an item without `created` enters at its
//! first status change (whose `from` is then not subtracted); a status no rule maps adds nor
//! removes nothing (the item leaves the counts while it is there, and a warning names it);
//! history that does not chain (a `from` that is not the previous `to`) could drive a count
//! below 0: it is shown as 0 and a warning says so.

use polars::prelude::PlHashMap;
use serde::Serialize;

use super::{RecordingClassifier, StatusClassifier};
use crate::model::StatusCategory;
use crate::model::dates::DAY_MS;
use crate::model::dates::{MAX_SERIES_DAYS, iso_day};
use crate::model::status::{StatusRules, parse_category};
use crate::model::view::{History, ItemChanges, Items};

/// The counts of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CumulativeFlowDay {
    /// The UTC day, `YYYY-MM-DD`.
    pub date: String,
    /// Items in a to-do status at the end of the day.
    pub todo: usize,
    /// Items in an in-progress status.
    pub in_progress: usize,
    /// Items in a done status.
    pub done: usize,
}

/// Daily counts per status category, oldest day first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CumulativeFlow {
    /// One entry per day of the window, the last one the day of `as_of` (counted at `as_of`).
    pub days: Vec<CumulativeFlowDay>,
    /// Unmapped statuses, unreadable tables, history that does not chain.
    pub warnings: Vec<String>,
}

/// One change of a category count: the day index in the window (events before the window are
/// on day 0), the category, +1 or −1.
type Event = (usize, StatusCategory, i64);

/// Daily counts per status category over the `days` UTC days that end with `as_of`'s day.
pub fn cumulative_flow(
    items: &Items<'_>,
    history: &History<'_>,
    status_rules: &StatusRules,
    as_of: i64,
    days: usize,
) -> CumulativeFlow {
    let mut warnings = Vec::new();
    let longest = usize::try_from(MAX_SERIES_DAYS).unwrap_or(usize::MAX);
    if days > longest {
        warnings.push(format!(
            "the cumulative flow shows the last {longest} days, not the {days} asked for: a longer \
             series would not be read, and could not be held in memory"
        ));
    }
    let window = Window::ending_at(as_of, days.min(longest));
    let events = events(items, history, status_rules, &window, &mut warnings);
    let days = window.accumulate(&events, &mut warnings);
    CumulativeFlow { days, warnings }
}

/// The days of the chart.
struct Window {
    /// Midnight UTC of the first day.
    start: i64,
    days: usize,
    as_of: i64,
}

impl Window {
    fn ending_at(as_of: i64, days: usize) -> Window {
        let last_midnight = as_of - as_of.rem_euclid(DAY_MS);
        let back = i64::try_from(days.saturating_sub(1)).unwrap_or(i64::MAX).saturating_mul(DAY_MS);
        Window { start: last_midnight.saturating_sub(back), days, as_of }
    }

    /// The day index of an instant; `None` after `as_of`.
    fn day_of(&self, at: i64) -> Option<usize> {
        if at > self.as_of {
            return None;
        }
        let index = at.saturating_sub(self.start).div_euclid(DAY_MS).max(0);
        Some(usize::try_from(index).unwrap_or(0).min(self.days.saturating_sub(1)))
    }

    /// Adds the events per day, then sums them cumulatively.
    fn accumulate(&self, events: &[Event], warnings: &mut Vec<String>) -> Vec<CumulativeFlowDay> {
        if self.days == 0 {
            return Vec::new();
        }
        let mut deltas = vec![[0i64; 3]; self.days];
        for (day, category, delta) in events {
            if let Some(day) = deltas.get_mut(*day) {
                day[slot(*category)] += delta;
            }
        }
        let mut running = [0i64; 3];
        let mut negative = false;
        let counted = deltas
            .iter()
            .enumerate()
            .map(|(index, delta)| {
                for (total, change) in running.iter_mut().zip(delta) {
                    *total += change;
                }
                negative |= running.iter().any(|count| *count < 0);
                let count = |category| usize::try_from(running[slot(category)]).unwrap_or(0);
                CumulativeFlowDay {
                    date: iso_day(self.start + index as i64 * DAY_MS),
                    todo: count(StatusCategory::Todo),
                    in_progress: count(StatusCategory::InProgress),
                    done: count(StatusCategory::Done),
                }
            })
            .collect();
        if negative {
            warnings.push(
                "the status history does not chain (a change leaves a status the item was not in): some daily counts fell below 0 and are shown as 0".to_owned(),
            );
        }
        counted
    }
}

fn slot(category: StatusCategory) -> usize {
    match category {
        StatusCategory::Todo => 0,
        StatusCategory::InProgress => 1,
        StatusCategory::Done => 2,
    }
}

/// Every event: the status changes up to `as_of`, and each item's entry at `created`.
fn events(
    items: &Items<'_>,
    history: &History<'_>,
    status_rules: &StatusRules,
    window: &Window,
    warnings: &mut Vec<String>,
) -> Vec<Event> {
    let mut classifier = RecordingClassifier::new(StatusClassifier::new(items, status_rules));
    // All changes, also those after `as_of`: an item's first category comes from its first
    // change even when that change is later; `day_of` leaves the later events out.
    let changes = history.changes_of("status", None);
    let mut events = Vec::with_capacity(2 * history.len() + items.len());
    for change in changes.iter().flat_map(|item| &item.changes) {
        let Some(day) = window.day_of(change.at) else { continue };
        if let Some(category) = change.from.and_then(|status| classifier.category(status)) {
            events.push((day, category, -1));
        }
        if let Some(category) = change.to.and_then(|status| classifier.category(status)) {
            events.push((day, category, 1));
        }
    }
    entries(items, &changes, &mut classifier, window, &mut events);
    warnings.extend(classifier.unmapped_warning());
    events
}

/// Each item's entry into its first category at `created` (see the module doc).
fn entries(
    items: &Items<'_>,
    changes: &[ItemChanges<'_>],
    classifier: &mut RecordingClassifier<'_>,
    window: &Window,
    events: &mut Vec<Event>,
) {
    // The `from` of each key's first status change.
    let first_from: PlHashMap<&str, Option<&str>> =
        changes.iter().filter_map(|item| Some((item.key, item.changes.first()?.from))).collect();
    for row in 0..items.len() {
        let created = items.created[row];
        let Some(created_day) = created.and_then(|at| window.day_of(at)) else { continue };
        if let Some(from) = items.key[row].and_then(|key| first_from.get(key)) {
            if let Some(category) = from.and_then(|status| classifier.category(status)) {
                events.push((created_day, category, 1));
            }
            continue;
        }
        let category = items.status_category[row]
            .and_then(parse_category)
            .or_else(|| items.status[row].and_then(|status| classifier.category(status)));
        match (category, items.resolved[row]) {
            (Some(StatusCategory::Done), Some(resolved)) if resolved >= created.unwrap_or(resolved) => {
                events.push((created_day, StatusCategory::Todo, 1));
                if let Some(resolved_day) = window.day_of(resolved) {
                    events.push((resolved_day, StatusCategory::Todo, -1));
                    events.push((resolved_day, StatusCategory::Done, 1));
                }
            }
            (Some(category), _) => events.push((created_day, category, 1)),
            (None, _) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use polars::prelude::DataFrame;

    use super::*;
    use crate::model::test_frame::{TestRow, frame};
    use crate::model::test_values::{history_frame as history, ms};
    use crate::model::{Table, items};

    fn items_frame(rows: &[TestRow]) -> DataFrame {
        frame(Table::Items, rows)
    }

    fn run(items_frame: &DataFrame, history_frame: &DataFrame, as_of: i64, days: usize) -> CumulativeFlow {
        let (items, history) = (Items::decode(items_frame).unwrap(), History::decode(history_frame).unwrap());
        cumulative_flow(&items, &history, &StatusRules::default(), as_of, days)
    }

    fn counts(flow: &CumulativeFlow) -> Vec<(&str, usize, usize, usize)> {
        flow.days.iter().map(|day| (day.date.as_str(), day.todo, day.in_progress, day.done)).collect()
    }

    fn item(key: &str, category: &str, created: &str) -> TestRow {
        TestRow::new()
            .text(items::KEY, key)
            .text(items::STATUS_CATEGORY, category)
            .time(items::CREATED, created)
    }

    #[test]
    fn daily_counts_from_history_and_creation() {
        let items_frame = items_frame(&[
            // A: created 01-01 (before the window), started 01-03, done 01-04 at 18:00.
            item("A", "done", "2024-01-01T10:00:00Z"),
            // B: created 01-03, no history, still to do.
            item("B", "todo", "2024-01-03T08:00:00Z"),
            // C: created 01-02, no history, done with resolved 01-05.
            item("C", "done", "2024-01-02T08:00:00Z").time(items::RESOLVED, "2024-01-05T12:00:00Z"),
            // D: created 01-02; started 01-04; its move to done on 01-07 is after as_of.
            item("D", "done", "2024-01-02T09:00:00Z"),
            // E: created after as_of: never counted.
            item("E", "todo", "2024-01-09T00:00:00Z"),
        ]);
        let history_frame = history(&[
            ("A", "2024-01-03T09:00:00Z", "status", "To Do", "In Progress"),
            ("A", "2024-01-04T18:00:00Z", "status", "In Progress", "Done"),
            ("D", "2024-01-04T09:00:00Z", "status", "Open", "In Progress"),
            ("D", "2024-01-07T09:00:00Z", "status", "In Progress", "Closed"),
            ("D", "2024-01-04T10:00:00Z", "priority", "Low", "High"),
        ]);
        let flow = run(&items_frame, &history_frame, ms("2024-01-06T12:00:00Z"), 5);
        // Window 01-02 … 01-06. Day 01-02: A (from 01-01), C, D to do = 3.
        // 01-03: B arrives, A starts → todo 3, in progress 1. 01-04: A done, D starts → 2, 1, 1.
        // 01-05: C resolved → 1, 1, 2. 01-06: nothing (D's close on 01-07 is after as_of).
        assert_eq!(
            counts(&flow),
            [
                ("2024-01-02", 3, 0, 0),
                ("2024-01-03", 3, 1, 0),
                ("2024-01-04", 2, 1, 1),
                ("2024-01-05", 1, 1, 2),
                ("2024-01-06", 1, 1, 2),
            ]
        );
        assert!(flow.warnings.is_empty(), "{:?}", flow.warnings);
    }

    #[test]
    fn empty_tables_and_zero_days() {
        let flow = run(&items_frame(&[]), &history(&[]), ms("2024-01-06"), 3);
        assert_eq!(
            counts(&flow),
            [("2024-01-04", 0, 0, 0), ("2024-01-05", 0, 0, 0), ("2024-01-06", 0, 0, 0)]
        );
        let items_frame = items_frame(&[item("A", "todo", "2024-01-01T00:00:00Z")]);
        let flow = run(&items_frame, &history(&[]), ms("2024-01-06"), 0);
        assert!(flow.days.is_empty());
    }

    #[test]
    fn a_window_of_four_billion_days_is_a_century_and_a_warning() {
        let items_frame = items_frame(&[item("A", "todo", "2024-01-01T00:00:00Z")]);
        let flow = run(&items_frame, &history(&[]), ms("2024-01-06"), 4e9 as usize);
        assert_eq!(flow.days.len(), 36_525);
        assert_eq!(flow.days.last().map(|day| (day.date.as_str(), day.todo)), Some(("2024-01-06", 1)));
        assert!(
            flow.warnings[0].starts_with("the cumulative flow shows the last 36525 days, not the 4000000000")
        );
    }

    #[test]
    fn unmapped_statuses_and_broken_chains_warn() {
        let items_frame = items_frame(&[item("A", "in_progress", "2024-01-01T00:00:00Z")]);
        let history_frame = history(&[
            // Parked is no known status: A leaves the counts on 01-02 and is back on 01-03.
            ("A", "2024-01-02T00:00:00Z", "status", "To Do", "Parked"),
            ("A", "2024-01-03T00:00:00Z", "status", "Parked", "In Progress"),
            // A change out of Done, where A never was: done would be −1.
            ("A", "2024-01-04T00:00:00Z", "status", "Done", "In Progress"),
        ]);
        let flow = run(&items_frame, &history_frame, ms("2024-01-04"), 4);
        assert_eq!(
            counts(&flow),
            [
                ("2024-01-01", 1, 0, 0),
                ("2024-01-02", 0, 0, 0),
                ("2024-01-03", 0, 1, 0),
                ("2024-01-04", 0, 2, 0)
            ]
        );
        assert!(flow.warnings.iter().any(|warning| warning.contains("Parked")), "{:?}", flow.warnings);
        assert!(flow.warnings.iter().any(|warning| warning.contains("below 0")), "{:?}", flow.warnings);
    }
}
