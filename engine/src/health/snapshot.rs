//! What changed since the last review (`refine health --previous SNAPSHOT`, issue 5 item 5):
//! items added, closed, reopened, re-estimated and re-prioritised, and each score's change.
//!
//! A snapshot is the items of a previous backlog export (any items format refine loads): that
//! is what a PM keeps from the last review. The caller loads and decodes it; this module
//! compares the two items views by key:
//! - **added**: a key in the current backlog and not in the previous one (whatever its status).
//! - **closed**: open before (not done), and done now or gone from the export.
//! - **reopened**: done before, open now.
//! - **re-estimated**: the estimate differs (a first estimate and a cleared one count, with the
//!   missing side `None`; `change` = current − previous when both exist).
//! - **re-prioritised**: the priority name changed (compared trimmed, ignoring case), or the
//!   item moved by more than `min_rank_move` places. Places are counted among the items ranked
//!   in both snapshots, so items added, closed or filtered out above an item do not move it;
//!   `rank_move` = previous place − current place (positive: moved up). The ranks compared are
//!   the two rankings when both are given, else the tracker's `rank` column of both sides (an
//!   export's own backlog order), so the two sides always use the same kind of order.
//!
//! Each list is in natural key order. Empty backlogs give empty lists; an item without an estimate
//! or rank on either side simply has no change of that kind. [`score_changes`] pairs the scores
//! of two health reports by name for [`SnapshotDiff::scores`], which the caller fills.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::backlog::{BacklogItem, ItemsByKey};
use crate::model::keys::natural_key_cmp;
use crate::model::view::Items;
use crate::rank::RankedItem;

/// Moves of more than this many places count as re-prioritised by default.
pub const DEFAULT_MIN_RANK_MOVE: usize = 10;

/// The change between a previous snapshot and now.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SnapshotDiff {
    /// Counts.
    pub summary: SnapshotSummary,
    /// Items new since the snapshot.
    pub added: Vec<SnapshotItem>,
    /// Items open then, done or gone now.
    pub closed: Vec<ClosedItem>,
    /// Items done then, open now.
    pub reopened: Vec<SnapshotItem>,
    /// Items whose estimate changed.
    pub re_estimated: Vec<EstimateDiff>,
    /// Items whose priority changed or that moved far in the ranking.
    pub re_prioritised: Vec<PriorityDiff>,
    /// Each health score then and now; filled by the caller with [`score_changes`].
    pub scores: Vec<ScoreChange>,
    /// What the user should know.
    pub warnings: Vec<String>,
}

/// How much changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SnapshotSummary {
    /// Items in the previous snapshot.
    pub previous_items: usize,
    /// Items now.
    pub current_items: usize,
    /// Open (not done) items then.
    pub previous_open: usize,
    /// Open items now.
    pub current_open: usize,
    /// Story points of the open items then.
    pub previous_open_points: f64,
    /// Story points of the open items now.
    pub current_open_points: f64,
    /// Items added.
    pub added: usize,
    /// Items closed.
    pub closed: usize,
    /// Items reopened.
    pub reopened: usize,
    /// Items re-estimated.
    pub re_estimated: usize,
    /// Items re-prioritised.
    pub re_prioritised: usize,
}

/// An item as it is now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotItem {
    /// The key.
    pub key: String,
    /// Title now.
    pub title: Option<String>,
    /// Status now.
    pub status: Option<String>,
}

/// An item closed since the snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosedItem {
    /// The key.
    pub key: String,
    /// Title (now, or in the snapshot when gone).
    pub title: Option<String>,
    /// Status now; `None` when gone.
    pub status: Option<String>,
    /// Whether the item is missing from the current export (deleted or moved elsewhere).
    pub gone: bool,
}

/// An estimate then and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimateDiff {
    /// The key.
    pub key: String,
    /// Title now.
    pub title: Option<String>,
    /// Estimate then (points).
    pub previous: Option<f64>,
    /// Estimate now (points).
    pub current: Option<f64>,
    /// `current − previous` when both exist.
    pub change: Option<f64>,
}

/// A priority or rank change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityDiff {
    /// The key.
    pub key: String,
    /// Title now.
    pub title: Option<String>,
    /// Priority then.
    pub previous_priority: Option<String>,
    /// Priority now.
    pub current_priority: Option<String>,
    /// Rank then.
    pub previous_rank: Option<usize>,
    /// Rank now.
    pub current_rank: Option<usize>,
    /// Places moved among the items ranked in both (positive: up).
    pub rank_move: Option<i64>,
    /// One line on what changed.
    pub why: String,
}

/// One health score then and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreChange {
    /// The score's name (`overall`, `detailed`, ...).
    pub name: String,
    /// Then.
    pub previous: Option<f64>,
    /// Now.
    pub current: Option<f64>,
    /// `current − previous` when both exist.
    pub change: Option<f64>,
}

/// Pairs two reports' scores by name: the current names in their order, then names only the
/// previous report has. A non-finite score counts as missing.
pub fn score_changes(previous: &[(String, f64)], current: &[(String, f64)]) -> Vec<ScoreChange> {
    let finite = |value: f64| Some(value).filter(|value| value.is_finite());
    let then: HashMap<&str, f64> = previous.iter().map(|(name, value)| (name.as_str(), *value)).collect();
    let now: HashMap<&str, f64> = current.iter().map(|(name, value)| (name.as_str(), *value)).collect();
    let mut names: Vec<&str> = Vec::new();
    for (name, _) in current.iter().chain(previous) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let previous = then.get(name).copied().and_then(finite);
            let current = now.get(name).copied().and_then(finite);
            let change = previous.zip(current).map(|(before, after)| after - before);
            ScoreChange { name: name.to_owned(), previous, current, change }
        })
        .collect()
}

/// Compares the previous snapshot's items with the current ones as the module doc describes.
pub fn compare(
    previous: &Items<'_>,
    current: &Items<'_>,
    previous_ranking: Option<&[RankedItem]>,
    current_ranking: &[RankedItem],
    min_rank_move: usize,
) -> SnapshotDiff {
    let (then, now) = (ItemsByKey::new(previous), ItemsByKey::new(current));
    compare_backlogs(&then, &now, previous_ranking, current_ranking, min_rank_move)
}

/// [`compare`] of the two backlogs already read by key.
pub(crate) fn compare_backlogs(
    then: &ItemsByKey<'_>,
    now: &ItemsByKey<'_>,
    previous_ranking: Option<&[RankedItem]>,
    current_ranking: &[RankedItem],
    min_rank_move: usize,
) -> SnapshotDiff {
    let mut warnings = now.warnings();
    warnings.extend(then.warnings().into_iter().map(|warning| format!("previous snapshot: {warning}")));
    if !then.items.is_empty()
        && !now.items.is_empty()
        && !then.items.iter().any(|item| now.get(item.key).is_some())
    {
        warnings.push(
            "the previous snapshot shares no key with the current backlog: is it an export of the same project?"
                .to_owned(),
        );
    }

    let mut diff = SnapshotDiff { warnings, ..SnapshotDiff::default() };
    for item in &now.items {
        match then.get(item.key) {
            None => diff.added.push(snapshot_item(item)),
            Some(before) if before.is_done() && !item.is_done() => diff.reopened.push(snapshot_item(item)),
            Some(_) => {}
        }
    }
    for before in then.items.iter().filter(|item| !item.is_done()) {
        match now.get(before.key) {
            None => diff.closed.push(ClosedItem {
                key: before.key.to_owned(),
                title: before.title.map(str::to_owned),
                status: None,
                gone: true,
            }),
            Some(after) if after.is_done() => diff.closed.push(ClosedItem {
                key: after.key.to_owned(),
                title: after.title.map(str::to_owned),
                status: Some(after.status_label().to_owned()),
                gone: false,
            }),
            Some(_) => {}
        }
    }
    diff.re_estimated = estimate_changes(then, now);
    let ranks = match previous_ranking {
        Some(previous_ranking) => RankPair::from_rankings(previous_ranking, current_ranking),
        None => RankPair::from_backlog_order(then, now),
    };
    diff.re_prioritised = priority_changes(then, now, &ranks, min_rank_move);

    diff.added.sort_by(|a, b| natural_key_cmp(&a.key, &b.key));
    diff.reopened.sort_by(|a, b| natural_key_cmp(&a.key, &b.key));
    diff.closed.sort_by(|a, b| natural_key_cmp(&a.key, &b.key));
    diff.summary = summary(then, now, &diff);
    diff
}

fn snapshot_item(item: &BacklogItem<'_>) -> SnapshotItem {
    SnapshotItem {
        key: item.key.to_owned(),
        title: item.title.map(str::to_owned),
        status: item.status.map(str::to_owned),
    }
}

fn summary(then: &ItemsByKey<'_>, now: &ItemsByKey<'_>, diff: &SnapshotDiff) -> SnapshotSummary {
    let open = |backlog: &ItemsByKey<'_>| backlog.items.iter().filter(|item| !item.is_done()).count();
    let points = |backlog: &ItemsByKey<'_>| {
        backlog.items.iter().filter(|item| !item.is_done()).filter_map(|item| item.estimate).sum()
    };
    SnapshotSummary {
        previous_items: then.items.len(),
        current_items: now.items.len(),
        previous_open: open(then),
        current_open: open(now),
        previous_open_points: points(then),
        current_open_points: points(now),
        added: diff.added.len(),
        closed: diff.closed.len(),
        reopened: diff.reopened.len(),
        re_estimated: diff.re_estimated.len(),
        re_prioritised: diff.re_prioritised.len(),
    }
}

/// Items in both snapshots, in natural key order, with their two versions.
fn in_both<'b, 'a>(
    then: &'b ItemsByKey<'a>,
    now: &'b ItemsByKey<'a>,
) -> Vec<(&'b BacklogItem<'a>, &'b BacklogItem<'a>)> {
    let mut pairs: Vec<_> =
        now.items.iter().filter_map(|after| Some((then.get(after.key)?, after))).collect();
    pairs.sort_by(|a, b| natural_key_cmp(a.1.key, b.1.key));
    pairs
}

fn estimate_changes(then: &ItemsByKey<'_>, now: &ItemsByKey<'_>) -> Vec<EstimateDiff> {
    in_both(then, now)
        .into_iter()
        .filter(|(before, after)| before.estimate != after.estimate)
        .map(|(before, after)| EstimateDiff {
            key: after.key.to_owned(),
            title: after.title.map(str::to_owned),
            previous: before.estimate,
            current: after.estimate,
            change: before.estimate.zip(after.estimate).map(|(old, new)| new - old),
        })
        .collect()
}

/// The ranks then and now, and each commonly ranked key's place among the common keys.
struct RankPair {
    previous: HashMap<String, usize>,
    current: HashMap<String, usize>,
    /// Key → (place then, place now), 0-based, among keys ranked on both sides.
    places: HashMap<String, (usize, usize)>,
}

impl RankPair {
    fn from_rankings(previous: &[RankedItem], current: &[RankedItem]) -> Self {
        let ranks =
            |ranking: &[RankedItem]| ranking.iter().map(|item| (item.key.clone(), item.rank)).collect();
        RankPair::new(ranks(previous), ranks(current))
    }

    /// The tracker's `rank` column of the open items, renumbered 1.. in that order (ties by
    /// key).
    fn from_backlog_order(then: &ItemsByKey<'_>, now: &ItemsByKey<'_>) -> Self {
        let ranks = |backlog: &ItemsByKey<'_>| -> HashMap<String, usize> {
            let mut ranked: Vec<(i64, &str)> = backlog
                .items
                .iter()
                .filter(|item| !item.is_done())
                .filter_map(|item| Some((item.source_rank?, item.key)))
                .collect();
            ranked.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| natural_key_cmp(a.1, b.1)));
            ranked.into_iter().enumerate().map(|(place, (_, key))| (key.to_owned(), place + 1)).collect()
        };
        RankPair::new(ranks(then), ranks(now))
    }

    fn new(previous: HashMap<String, usize>, current: HashMap<String, usize>) -> Self {
        let places_by =
            |ranks: &HashMap<String, usize>, other: &HashMap<String, usize>| -> BTreeMap<String, usize> {
                let mut common: Vec<(&usize, &String)> = ranks
                    .iter()
                    .filter(|(key, _)| other.contains_key(*key))
                    .map(|(key, rank)| (rank, key))
                    .collect();
                common.sort_by(|a, b| a.0.cmp(b.0).then_with(|| natural_key_cmp(a.1, b.1)));
                common.into_iter().enumerate().map(|(place, (_, key))| (key.clone(), place)).collect()
            };
        let then = places_by(&previous, &current);
        let now = places_by(&current, &previous);
        let places = then
            .into_iter()
            .filter_map(|(key, before)| Some((key.clone(), (before, *now.get(&key)?))))
            .collect();
        RankPair { previous, current, places }
    }
}

fn priority_changes(
    then: &ItemsByKey<'_>,
    now: &ItemsByKey<'_>,
    ranks: &RankPair,
    min_rank_move: usize,
) -> Vec<PriorityDiff> {
    let same = |a: Option<&str>, b: Option<&str>| match (a, b) {
        (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
        (a, b) => a == b,
    };
    in_both(then, now)
        .into_iter()
        .filter_map(|(before, after)| {
            // Places are below the item count, far from i64's range.
            let rank_move = ranks.places.get(after.key).map(|&(was, is)| was as i64 - is as i64);
            let moved = rank_move.filter(|places| places.unsigned_abs() > min_rank_move as u64);
            let priority_changed = !same(before.priority, after.priority);
            if !priority_changed && moved.is_none() {
                return None;
            }
            let mut why = Vec::new();
            if priority_changed {
                let (then, now) = (before.priority.unwrap_or("none"), after.priority.unwrap_or("none"));
                why.push(format!("priority {then} → {now}"));
            }
            if let Some(places) = moved {
                let direction = if places > 0 { "up" } else { "down" };
                why.push(format!("moved {direction} {} places", places.unsigned_abs()));
            }
            Some(PriorityDiff {
                key: after.key.to_owned(),
                title: after.title.map(str::to_owned),
                previous_priority: before.priority.map(str::to_owned),
                current_priority: after.priority.map(str::to_owned),
                previous_rank: ranks.previous.get(after.key).copied(),
                current_rank: ranks.current.get(after.key).copied(),
                rank_move,
                why: why.join("; "),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
