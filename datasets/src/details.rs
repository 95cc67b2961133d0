//! The finishing touches once the backlog's story is known: descriptions whose care follows the
//! item's place (work in sprints is well described, the bottom of the backlog often is not),
//! assignees, watchers, Jira votes, WSJF scores, logged time, fix versions, and the Updated
//! date — left alone on a share of the backlog so stale items stay stale.

use chrono::Datelike;

use crate::backlog::{Change, CostOfDelay, Item, Status};
use crate::calendar::{Moment, add_work_days, anchor_end};
use crate::kind::Kind;
use crate::random::{Random, chance, exponential, index, uniform, weighted};
use crate::team::{DEVELOPERS, PRODUCT_OWNER};
use crate::text::{Quality, push_description};

/// Everything [`crate::simulation`] and [`crate::links`] do not decide.
pub fn finish_items(random: &mut Random, items: &mut [Item]) {
    let top_third = desirability_cut(items, 3);
    for item in items.iter_mut() {
        describe(random, item, top_third);
        assign(random, item);
        watch(random, item);
        score(random, item);
        log_time(random, item);
        version(random, item);
        let mut estimate_changes = estimate_changes(item);
        item.changes.append(&mut estimate_changes);
        item.changes.sort_by_key(Change::at);
        touch(random, item);
    }
}

/// The desirability above which an item is in the top `1/parts` of the open backlog.
fn desirability_cut(items: &[Item], parts: usize) -> f64 {
    let mut open: Vec<f64> =
        items.iter().filter(|item| item.is_open()).map(|item| item.desirability).collect();
    open.sort_by(|a, b| b.total_cmp(a));
    open.get(open.len() / parts).copied().unwrap_or(f64::INFINITY)
}

fn describe(random: &mut Random, item: &mut Item, top_third: f64) {
    use Quality::*;
    let worked_on = !item.sprints.is_empty() || item.status != Status::ToDo;
    let quality = if item.kind == Kind::Epic {
        weighted(random, &[(Rich, 5), (Brief, 4), (OneLine, 1)])
    } else if worked_on {
        weighted(random, &[(Rich, 55), (Brief, 30), (OneLine, 10), (Empty, 5)])
    } else if item.desirability >= top_third {
        weighted(random, &[(Rich, 35), (Brief, 30), (OneLine, 15), (Empty, 20)])
    } else {
        weighted(random, &[(Rich, 15), (Brief, 25), (OneLine, 25), (Empty, 35)])
    };
    let mut description = String::new();
    push_description(&mut description, random, quality, item.kind, item.theme(), &item.voice);
    item.description = description;
}

/// Some open items are pre-assigned; nobody is assigned to most of the backlog.
fn assign(random: &mut Random, item: &mut Item) {
    if item.assignee.is_none()
        && item.kind != Kind::Epic
        && item.status != Status::Done
        && chance(random, 0.15)
    {
        item.assignee = Some(DEVELOPERS[index(random, DEVELOPERS.len())].name);
    }
    if item.kind == Kind::Epic {
        item.assignee = Some(PRODUCT_OWNER);
    }
}

fn watch(random: &mut Random, item: &mut Item) {
    let mut watchers = vec![item.reporter];
    watchers.extend(item.assignee);
    if chance(random, 0.5) {
        watchers.push(PRODUCT_OWNER);
    }
    if chance(random, 0.3) {
        watchers.push(DEVELOPERS[index(random, DEVELOPERS.len())].name);
    }
    let mut seen = Vec::with_capacity(watchers.len());
    for watcher in watchers {
        if !seen.contains(&watcher) {
            seen.push(watcher);
        }
    }
    item.watchers = seen;
}

/// Jira votes on customer-facing items, and WSJF scores the team filled in on part of the
/// backlog.
fn score(random: &mut Random, item: &mut Item) {
    if matches!(item.kind, Kind::Story | Kind::Bug) && chance(random, 0.3) {
        item.votes = 1 + exponential(random, 3.0) as u32;
    }
    let share = match item.kind {
        Kind::Epic => 0.8,
        Kind::Story if item.is_open() => 0.55,
        _ => 0.12,
    };
    if chance(random, share) {
        let mut card = || weighted(random, &[(1, 3), (2, 4), (3, 5), (5, 5), (8, 4), (13, 2), (20, 1)]);
        item.cost_of_delay =
            Some(CostOfDelay { business_value: card(), time_criticality: card(), risk_reduction: card() });
    }
}

/// Part of the team logs time on finished work, in half hours.
fn log_time(random: &mut Random, item: &mut Item) {
    if item.resolution == Some("Done") && item.kind != Kind::Epic && chance(random, 0.4) {
        let hours = f64::from(item.estimate().unwrap_or(2)) * uniform(random, 3.0, 7.0);
        item.time_spent_seconds = Some(((hours * 2.0).round().max(1.0) as u32) * 1800);
    }
}

/// Done work ships in the monthly release after it is resolved; some ready work is planned
/// for the December release.
fn version(random: &mut Random, item: &mut Item) {
    if let (Some("Done"), Some(resolved)) = (item.resolution, item.resolved) {
        let (year, month) = if resolved.month() == 12 {
            (resolved.year() + 1, 1)
        } else {
            (resolved.year(), resolved.month() + 1)
        };
        item.fix_version = Some(format!("{year}.{month:02}"));
    } else if item.is_open() && item.kind != Kind::Epic && item.status != Status::ToDo && chance(random, 0.5)
    {
        item.fix_version = Some("2026.12".to_owned());
    }
}

fn estimate_changes(item: &Item) -> Vec<Change> {
    let mut previous = None;
    item.estimates
        .iter()
        .map(|&(at, points)| {
            let change = Change::Estimate { at, from: previous, to: points };
            previous = Some(points);
            change
        })
        .collect()
}

/// Updated is the last recorded change; almost half of the open items were edited later (a comment, a
/// new label), the rest keep their last change, so the old ones are visibly stale.
fn touch(random: &mut Random, item: &mut Item) {
    let last: Moment = item.changes.iter().map(Change::at).max().unwrap_or(item.created).max(item.created);
    item.updated = last;
    if item.is_open() && chance(random, 0.45) {
        let span = crate::calendar::work_days_between(last, anchor_end());
        if span > 0.1 {
            item.updated = add_work_days(last, uniform(random, 0.05, span)).min(anchor_end());
        }
    }
}
