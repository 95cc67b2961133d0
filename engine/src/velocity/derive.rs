//! Sprint figures derived from the items and their history, for trackers without a sprint
//! report.
//!
//! An item's sprints over time come from its `sprint` history (each change's `to` is the set of
//! sprints after it; before its first change, that change's `from`; Jira writes the whole list,
//! `Sprint 1, Sprint 2`, other trackers one name) and, without sprint history, from its
//! `sprints` list, held from `created` on. Names are matched against the known sprints, so a
//! sprint name with a comma in it is still found inside a Jira list. Estimates over time come
//! from the `estimate` history the same way (the item's `estimate` without history); an
//! unestimated item counts 0 points and 1 item. Done = the final entry into a done status, as
//! in [`crate::flow`] (else `resolved`).
//!
//! For a sprint with a start:
//! - **committed** = in the sprint at its start;
//! - **added** = not committed, and moved into it after the start and by its end;
//! - **completed** = done within [start, end] while in the sprint;
//! - **removed** = committed or added, not completed, and no longer in the sprint at its end.
//!
//! The end is `completed_at` (when the sprint was closed), else the planned `end`, else open.
//! A start or end exactly at midnight UTC is a date without a time: the sprint starts at
//! `date_only_start_hour` (default 12:00 UTC) of its first day, so the morning's planning is
//! committed and an afternoon's addition is added, and it ends at the end of its last day. Points are the estimate when the item was counted (at the start for committed,
//! when it was added, at the end for removed, when it was done for completed).
//!
//! Without a start only **completed** can be known: items done while in the sprint, each
//! counted in the latest (in sprint order) of the sprints it was in when done, as Jira's list
//! keeps closed sprints.

use std::collections::{BTreeMap, BTreeSet};

use super::{Memberships, SprintRow, SprintVelocity, VelocitySettings};
use crate::flow::finish_times;
use crate::model::dates::DAY_MS;
use crate::model::numbers::parse_number;
use crate::model::status::StatusRules;
use crate::model::view::{History, Items};

/// Derived sprints and the sprints each item was in.
pub(crate) struct Derived {
    pub sprints: Vec<SprintVelocity>,
    pub memberships: Memberships,
}

/// A value that changes over time: the value before the first change, then each change.
#[derive(Debug, Clone, Default)]
struct Timeline<T> {
    initial: T,
    changes: Vec<(i64, T)>,
}

impl<T: Clone> Timeline<T> {
    fn at(&self, instant: i64) -> &T {
        let after = self.changes.partition_point(|(at, _)| *at <= instant);
        match after.checked_sub(1).and_then(|index| self.changes.get(index)) {
            Some((_, value)) => value,
            None => &self.initial,
        }
    }
}

/// What is known about one item over time.
#[derive(Default)]
struct ItemTimelines {
    sprints: Timeline<BTreeSet<usize>>,
    estimate: Timeline<Option<f64>>,
    done_at: Option<i64>,
}

/// Derives each sprint row's figures; `memberships` are the items' `sprints` lists, which the
/// sprints their history moved them through are added to.
pub(crate) fn derive(
    rows: &[SprintRow],
    mut memberships: Memberships,
    items: &Items<'_>,
    history: &History<'_>,
    status_rules: &StatusRules,
    settings: &VelocitySettings,
    warnings: &mut Vec<String>,
) -> Derived {
    let start_offset = (settings.date_only_start_hour * 3_600_000.0).round() as i64;
    let names: Vec<&str> = rows.iter().map(|row| row.sprint.as_str()).collect();
    let mut facts = item_facts(items, history, &names);
    for (key, done_at) in finish_times(items, history, status_rules, i64::MAX, warnings) {
        facts.entry(key).or_default().done_at = done_at;
    }
    // An item adds to a sprint's figures only while in it, so each sprint looks only at the
    // items that were ever in it (in key order, so the sums add up in the same order).
    let mut by_sprint: Vec<Vec<&ItemTimelines>> = vec![Vec::new(); rows.len()];
    for (key, item) in &facts {
        let ever: BTreeSet<usize> = std::iter::once(&item.sprints.initial)
            .chain(item.sprints.changes.iter().map(|(_, set)| set))
            .flatten()
            .copied()
            .collect();
        let entry = memberships.entry((*key).to_owned()).or_default();
        for index in ever {
            if let Some(items) = by_sprint.get_mut(index) {
                items.push(item);
            }
            if let Some(name) = names.get(index).filter(|name| !entry.1.iter().any(|known| known == *name)) {
                entry.1.push((*name).to_owned());
            }
        }
    }
    let sprints = rows
        .iter()
        .zip(&by_sprint)
        .enumerate()
        .map(|(index, (row, items))| {
            let figures = match row.start {
                Some(start) => with_start(index, start, start_offset, row, items),
                None => without_start(index, items),
            };
            figures.with_identity(row.identity())
        })
        .collect();
    Derived { sprints, memberships }
}

/// Exactly midnight UTC: a date without a time.
fn is_date_only(instant: i64) -> bool {
    instant.rem_euclid(DAY_MS) == 0
}

/// The end of the day when `instant` is a date without a time.
fn whole_day(instant: i64) -> i64 {
    if is_date_only(instant) { instant + DAY_MS - 1 } else { instant }
}

/// The figures of sprint `index`, which has a start, from the items ever in it.
fn with_start(
    index: usize,
    start: i64,
    start_offset: i64,
    row: &SprintRow,
    items: &[&ItemTimelines],
) -> SprintVelocity {
    let commit_point = if is_date_only(start) { start + start_offset } else { start };
    let end = row.completed_at.or(row.end).map_or(i64::MAX, whole_day);
    let mut totals = Totals::default();
    for item in items {
        let member = |instant: i64| item.sprints.at(instant).contains(&index);
        let committed = member(commit_point);
        let entered = item.sprints.changes.iter().enumerate().find(|(position, (at, set))| {
            let before = position
                .checked_sub(1)
                .and_then(|p| item.sprints.changes.get(p))
                .map_or(&item.sprints.initial, |(_, set)| set);
            *at > commit_point && *at <= end && set.contains(&index) && !before.contains(&index)
        });
        let added = !committed && entered.is_some();
        let completed = item.done_at.filter(|done| *done >= start && *done <= end && member(*done));
        let points = |instant: i64| item.estimate.at(instant).unwrap_or(0.0);
        if committed {
            totals.committed.add(points(commit_point));
        }
        if let Some((_, (at, _))) = entered.filter(|_| added) {
            totals.added.add(points(*at));
        }
        if let Some(done) = completed {
            totals.completed.add(points(done));
        } else if (committed || added) && !member(end) {
            totals.removed.add(points(end));
        }
    }
    totals.into_velocity()
}

/// The completed figures of sprint `index`, which has no start, from the items ever in it.
fn without_start(index: usize, items: &[&ItemTimelines]) -> SprintVelocity {
    let mut completed = Tally::default();
    for item in items {
        let Some(done) = item.done_at else { continue };
        if item.sprints.at(done).last() == Some(&index) {
            completed.add(item.estimate.at(done).unwrap_or(0.0));
        }
    }
    SprintVelocity {
        completed_points: Some(completed.points),
        completed_items: Some(completed.items),
        ..SprintVelocity::default()
    }
}

/// Points and items of one kind.
#[derive(Default)]
struct Tally {
    points: f64,
    items: i64,
}

impl Tally {
    fn add(&mut self, points: f64) {
        self.points += points;
        self.items += 1;
    }
}

#[derive(Default)]
struct Totals {
    committed: Tally,
    added: Tally,
    removed: Tally,
    completed: Tally,
}

impl Totals {
    fn into_velocity(self) -> SprintVelocity {
        SprintVelocity {
            committed_points: Some(self.committed.points),
            added_points: Some(self.added.points),
            removed_points: Some(self.removed.points),
            completed_points: Some(self.completed.points),
            committed_items: Some(self.committed.items),
            added_items: Some(self.added.items),
            removed_items: Some(self.removed.items),
            completed_items: Some(self.completed.items),
            ..SprintVelocity::default()
        }
    }
}

/// The indexes of the known sprints a history value names: the whole value, or a part of a
/// comma-separated list (a known name with a comma in it is found inside the list too).
fn sprints_named(value: Option<&str>, names: &[&str]) -> BTreeSet<usize> {
    let Some(value) = value.map(str::trim).filter(|value| !value.is_empty()) else { return BTreeSet::new() };
    let parts: BTreeSet<&str> = value.split(',').map(str::trim).collect();
    names
        .iter()
        .enumerate()
        .filter(|(_, name)| {
            *name == &value || parts.contains(*name) || (name.contains(',') && value.contains(*name))
        })
        .map(|(index, _)| index)
        .collect()
}

/// Each item's sprint and estimate timelines (from history, else from the items table).
fn item_facts<'a>(
    items: &Items<'a>,
    history: &History<'a>,
    names: &[&str],
) -> BTreeMap<&'a str, ItemTimelines> {
    let mut facts: BTreeMap<&'a str, ItemTimelines> = BTreeMap::new();
    for (row, key) in items.keyed() {
        if facts.contains_key(key) {
            continue;
        }
        let mut listed = BTreeSet::new();
        for name in &items.sprints[row] {
            listed.extend(sprints_named(Some(name), names));
        }
        // Without sprint history an item is in its listed sprints from its creation on.
        let sprints = match items.created[row] {
            Some(created) => Timeline { initial: BTreeSet::new(), changes: vec![(created, listed)] },
            None => Timeline { initial: listed, changes: Vec::new() },
        };
        let estimate = Timeline { initial: items.estimate[row], changes: Vec::new() };
        facts.insert(key, ItemTimelines { sprints, estimate, done_at: None });
    }
    for item in history.changes_of("sprint", None) {
        let timeline = Timeline {
            initial: item.changes.first().map(|change| sprints_named(change.from, names)).unwrap_or_default(),
            changes: item.changes.iter().map(|change| (change.at, sprints_named(change.to, names))).collect(),
        };
        facts.entry(item.key).or_default().sprints = timeline;
    }
    for item in history.changes_of("estimate", None) {
        let timeline = Timeline {
            initial: item.changes.first().and_then(|change| change.from.and_then(parse_number)),
            changes: item
                .changes
                .iter()
                .map(|change| (change.at, change.to.and_then(parse_number)))
                .collect(),
        };
        facts.entry(item.key).or_default().estimate = timeline;
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprint_names_are_found_in_jira_lists_even_with_commas() {
        let names = ["Rel 5.0, 4.5", "Sprint 1", "Sprint 10"];
        let found = |value| sprints_named(Some(value), &names).into_iter().collect::<Vec<_>>();
        assert_eq!(found("Sprint 1, Rel 5.0, 4.5"), [0, 1]);
        assert_eq!(found("Sprint 10"), [2]);
        assert!(found("Other").is_empty());
    }
}
