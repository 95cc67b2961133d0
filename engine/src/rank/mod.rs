//! The ranked backlog (`refine rank`): items in a total order by their score, blockers moved
//! ahead of what they block, with the change against a previous ranking.
//!
//! From the design ("Prioritization"): *score descending, ties by priority, then created, then
//! key (total order: the same input gives byte-identical output). Dependency-aware: a blocker is
//! moved ahead of what it blocks; cycles are reported. `--previous` gives the rank change per
//! item. Every item carries a one-line explanation of its score.* The scores come from the
//! scoring models as [`ScoreInput`]s; this module only orders.
//!
//! 1. Items: the items view ([`Items`]), one row per key. A key given twice keeps one row (the
//!    first by key then field values, so not by row order) and is warned about; a row without a
//!    key is skipped and counted.
//! 2. Filter ([`RankFilter`]): types, statuses, labels; done items out by default.
//! 3. Plain order: score descending (`f64::total_cmp`; an item without a score input, with
//!    `None` or with a NaN or infinite score is "not scored" and ranks after every scored item),
//!    then priority by [`RankSettings::priority_order`] (unknown or missing last), then created
//!    ascending (missing last), then the key in natural order (`PROJ-9` before `PROJ-10`).
//! 4. Dependencies: every `blocks` link (`from` blocks `to`) between two ranked items moves the
//!    blocker ahead of the blocked item, transitively, as a stable topological sort (see
//!    `dependencies.rs`). A link with a done item at either end is ignored. A blocker outside
//!    the ranked set (filtered out, or not in the backlog) is listed in `blocked_by` but moves
//!    nothing. Cycles are reported, and their items keep the plain order among themselves.
//! 5. `top`: the first N ranks of the final order.
//! 6. Previous ranking: rank change per item and the keys gone.
//!
//! Edge cases: empty input gives an empty ranking (and a warning when the filter left nothing
//! out of a non-empty backlog); one item ranks 1; equal scores (zero variance) fall through to
//! priority, created and key; NaN never reaches the output (scores are `Option<f64>`). The
//! same input in any row order, on any number of threads, gives the same ranking: every
//! comparison ends at the unique key.

pub(crate) mod dependencies;
mod filter;
mod order;
mod previous;
mod rows;

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::PlHashMap;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use self::dependencies::{DependencyOrder, dependency_order};
pub use self::filter::RankFilter;
use self::order::{PriorityOrder, SortKey};
pub use self::previous::RankChange;
use self::rows::ItemRow;
use crate::model::StatusCategory;
use crate::model::drivers::ScoreDriver;
use crate::model::keys::natural_key_cmp;
use crate::model::ordering::present_first;
use crate::model::view::{Items, Links};
pub(crate) use crate::model::wording::examples;

/// The score one model gave one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreInput {
    /// The item key.
    pub key: String,
    /// The score, higher is better; `None` when the model could not score the item.
    pub score: Option<f64>,
    /// One line on how the score came about, or why there is none.
    pub explanation: String,
    /// The parts of the score that weighed most (not part of a scores file).
    #[serde(skip)]
    pub drivers: Vec<ScoreDriver>,
}

/// Ranking settings from `refine.toml`'s `[rank]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RankSettings {
    /// Priority names, most urgent first, matched ignoring case; a priority not listed ranks
    /// after every listed one.
    pub priority_order: Vec<String>,
}

/// The default priority order: Jira's names (old and new schemes) from most to least urgent.
pub const DEFAULT_PRIORITY_ORDER: [&str; 10] =
    ["Blocker", "Highest", "Critical", "High", "Major", "Medium", "Minor", "Low", "Lowest", "Trivial"];

impl Default for RankSettings {
    fn default() -> Self {
        RankSettings {
            priority_order: DEFAULT_PRIORITY_ORDER.iter().map(|name| (*name).to_owned()).collect(),
        }
    }
}

/// What the ranking reads.
#[derive(Debug, Clone, Copy)]
pub struct RankInputs<'a> {
    /// The items: the whole backlog, done items included (the filter leaves them out; a link
    /// to one is then known to be no blocker).
    pub items: &'a Items<'a>,
    /// The links (only `blocks` links are used).
    pub links: &'a Links<'a>,
    /// The scores, any order; a key without one is not scored.
    pub scores: &'a [ScoreInput],
    /// A previous ranking, key → rank (1 = top), for the rank change.
    pub previous: Option<&'a BTreeMap<String, usize>>,
}

/// The ranked backlog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    /// The ranked items, rank 1 first.
    pub items: Vec<RankedItem>,
    /// Blocker cycles among the ranked items, each starting at its first key in natural order
    /// and following the `blocks` links (`[A, B]` means A blocks B blocks A).
    pub cycles: Vec<Vec<String>>,
    /// Keys of the previous ranking missing from this one, by previous rank.
    pub gone: Vec<String>,
    /// What the user should know: duplicate keys, unknown priorities, links to unknown items...
    pub warnings: Vec<String>,
}

/// One ranked item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedItem {
    /// 1 = top.
    pub rank: usize,
    /// The item key.
    pub key: String,
    /// Title.
    pub title: Option<String>,
    /// Issue type.
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    /// Workflow status.
    pub status: Option<String>,
    /// Priority (the first tie-breaker after the score).
    pub priority: Option<String>,
    /// The score; `None` when not scored.
    pub score: Option<f64>,
    /// Why there is no score.
    pub not_scored_reason: Option<String>,
    /// One line on the score.
    pub explanation: String,
    /// The parts of the score that weighed most, largest first (the report shows them; the
    /// ranking's tables leave them out, the explanation has the figures).
    #[serde(skip)]
    pub drivers: Vec<ScoreDriver>,
    /// The best-ranked item this one blocks (directly or through others) that it was moved
    /// ahead of; `None` when it kept its place by score.
    pub moved_ahead_of: Option<String>,
    /// Items blocking this one that are not done, in natural key order (also those outside the
    /// ranking, which do not move).
    pub blocked_by: Vec<String>,
    /// Items this one blocks that are not done, in natural key order.
    pub blocks: Vec<String>,
    /// Rank in the previous ranking.
    pub previous_rank: Option<usize>,
    /// Up, down, unchanged or new; `None` without a previous ranking.
    pub rank_change: Option<RankChange>,
    /// `previous_rank − rank`: positive when the item moved up.
    pub rank_delta: Option<i64>,
}

/// Ranks the items of `inputs` as the module doc describes.
pub fn rank(inputs: &RankInputs<'_>, settings: &RankSettings, filter: &RankFilter) -> Ranking {
    RankPreparation::new(inputs.items, inputs.links, settings, filter).rank(inputs.scores, inputs.previous)
}

/// What the ranking reads of the items and links before any score is known: the items (one
/// row per key), their priorities' positions and the `blocks` links. [`rank`] is `new` then
/// `rank`; a caller that computes the scores can read this meanwhile ([`crate::run`]
/// does, so that the reading fills the cores that scoring leaves idle).
pub(crate) struct RankPreparation<'a> {
    rows: Vec<ItemRow<'a>>,
    /// Key → row.
    index: PlHashMap<&'a str, usize>,
    priorities: Vec<Option<usize>>,
    blocks: Vec<(&'a str, &'a str)>,
    filter: &'a RankFilter,
    /// About the rows (without a key, repeated keys): the first warnings.
    row_warnings: Vec<String>,
    /// About the priorities: they follow those about the scores.
    priority_warnings: Vec<String>,
}

impl<'a> RankPreparation<'a> {
    /// Takes what the ranking needs of the items and links.
    pub fn new(
        items: &'a Items<'a>,
        links: &Links<'a>,
        settings: &RankSettings,
        filter: &'a RankFilter,
    ) -> RankPreparation<'a> {
        let mut row_warnings = Vec::new();
        let (rows, without_key) = rows::item_rows(items);
        if without_key > 0 {
            row_warnings.push(format!("{without_key} items without a key are left out"));
        }
        let rows = unique_items(rows, &mut row_warnings);
        let index = rows.iter().enumerate().map(|(row, item)| (item.key, row)).collect();
        let mut priority_warnings = Vec::new();
        let priorities = priority_positions(&rows, settings, &mut priority_warnings);
        let blocks = rows::block_pairs(links);
        RankPreparation { rows, index, priorities, blocks, filter, row_warnings, priority_warnings }
    }

    /// The ranking by `scores`, with the change against `previous` when given.
    pub fn rank(self, scores: &[ScoreInput], previous: Option<&BTreeMap<String, usize>>) -> Ranking {
        let RankPreparation { rows, index, priorities, blocks, filter, row_warnings, priority_warnings } =
            self;
        let mut warnings = row_warnings;
        let scores = resolve_scores(&rows, &index, scores, &mut warnings);
        warnings.extend(priority_warnings);

        let plain = plain_order(&rows, &scores, &priorities, filter);
        if plain.is_empty() && !rows.is_empty() && filter.narrows() {
            warnings.push("no item matches the filters".to_owned());
        }
        let mut position = vec![None; rows.len()];
        for (place, &row) in plain.iter().enumerate() {
            position[row] = Some(place);
        }
        let links = BlockLinks::new(&rows, &index, &position, &blocks, &mut warnings);

        let keys: Vec<&str> = plain.iter().map(|&row| rows[row].key).collect();
        let dependencies = dependencies::dependency_order(&keys, &links.edges);
        warnings.extend(dependencies.tangles.iter().map(|tangle| tangle_warning(tangle, &keys)));

        let placed = Placed { rows: &rows, scores: &scores, links: &links, plain: &plain, keys: &keys };
        let mut ranked: Vec<RankedItem> = dependencies
            .order
            .par_iter()
            .take(filter.top.unwrap_or(usize::MAX))
            .enumerate()
            .map(|(place, &plain_place)| placed.item(place + 1, plain_place, &dependencies))
            .collect();
        let gone = previous.map(|previous| compare_with_previous(&mut ranked, previous)).unwrap_or_default();
        let cycles = dependencies
            .cycles
            .iter()
            .map(|cycle| cycle.iter().map(|&place| keys[place].to_owned()).collect())
            .collect();
        Ranking { items: ranked, cycles, gone, warnings }
    }
}

/// Everything an output row is made from.
struct Placed<'a> {
    rows: &'a [ItemRow<'a>],
    scores: &'a [ItemScore<'a>],
    links: &'a BlockLinks,
    /// Rows in the plain order.
    plain: &'a [usize],
    /// Keys in the plain order.
    keys: &'a [&'a str],
}

impl Placed<'_> {
    /// The output row of the item at `plain_place` in the plain order, ranked `rank`.
    fn item(
        &self,
        rank: usize,
        plain_place: usize,
        dependencies: &dependencies::DependencyOrder,
    ) -> RankedItem {
        let row = self.plain[plain_place];
        let (item, score) = (&self.rows[row], &self.scores[row]);
        RankedItem {
            rank,
            key: item.key.to_owned(),
            title: item.title.map(str::to_owned),
            item_type: item.item_type.map(str::to_owned),
            status: item.status.map(str::to_owned),
            priority: item.priority.map(str::to_owned),
            score: score.score,
            not_scored_reason: score.not_scored_reason.clone(),
            explanation: score.explanation.to_owned(),
            drivers: score.drivers.to_vec(),
            moved_ahead_of: dependencies.moved_ahead_of[plain_place].map(|place| self.keys[place].to_owned()),
            blocked_by: self.links.blocked_by[row].clone(),
            blocks: self.links.blocks[row].clone(),
            previous_rank: None,
            rank_change: None,
            rank_delta: None,
        }
    }
}

/// Fills each item's change against `previous` and returns the keys gone.
fn compare_with_previous(ranked: &mut [RankedItem], previous: &BTreeMap<String, usize>) -> Vec<String> {
    for item in ranked.iter_mut() {
        let change = previous::change(&item.key, item.rank, previous);
        item.previous_rank = change.previous_rank;
        item.rank_change = Some(change.rank_change);
        item.rank_delta = change.rank_delta;
    }
    let current: Vec<&str> = ranked.iter().map(|item| item.key.as_str()).collect();
    previous::gone(&current, previous)
}

fn tangle_warning(tangle: &[usize], keys: &[&str]) -> String {
    let names: Vec<&str> = tangle.iter().map(|&place| keys[place]).collect();
    format!(
        "{} items block one another in more than one cycle ({}); cycles lists the shortest through {}",
        names.len(),
        examples(&names),
        names.first().unwrap_or(&"")
    )
}

/// One row per key: the first of each key's rows in [`ItemRow`]'s order.
fn unique_items<'a>(mut rows: Vec<ItemRow<'a>>, warnings: &mut Vec<String>) -> Vec<ItemRow<'a>> {
    rows.par_sort_unstable();
    let mut duplicated: Vec<&str> = Vec::new();
    rows.dedup_by(|later, kept| {
        let same = later.key == kept.key;
        if same && duplicated.last() != Some(&kept.key) {
            duplicated.push(kept.key);
        }
        same
    });
    if !duplicated.is_empty() {
        duplicated.sort_by(|a, b| natural_key_cmp(a, b));
        warnings.push(format!(
            "{} keys appear on more than one item row, one row each is ranked: {}",
            duplicated.len(),
            examples(&duplicated)
        ));
    }
    rows
}

/// An item's score as the ranking uses it.
#[derive(Debug, Clone, Default)]
struct ItemScore<'a> {
    score: Option<f64>,
    explanation: &'a str,
    drivers: &'a [ScoreDriver],
    not_scored_reason: Option<String>,
}

/// The score of every row: from its input (the highest, should a key have several), or "not
/// scored" with the reason.
fn resolve_scores<'a>(
    rows: &[ItemRow],
    index: &PlHashMap<&str, usize>,
    inputs: &'a [ScoreInput],
    warnings: &mut Vec<String>,
) -> Vec<ItemScore<'a>> {
    let mut chosen: Vec<Option<&'a ScoreInput>> = vec![None; rows.len()];
    let mut unknown = BTreeSet::new();
    let mut repeated = BTreeSet::new();
    for input in inputs {
        let Some(&row) = index.get(input.key.as_str()) else {
            unknown.insert(input.key.as_str());
            continue;
        };
        chosen[row] = match chosen[row] {
            None => Some(input),
            Some(earlier) => {
                repeated.insert(input.key.as_str());
                Some(if preferred(input, earlier) { input } else { earlier })
            }
        };
    }
    if !repeated.is_empty() {
        let keys = naturally_sorted(repeated);
        warnings.push(format!(
            "{} items have more than one score, the highest is used: {}",
            keys.len(),
            examples(&keys)
        ));
    }
    if !unknown.is_empty() {
        let keys = naturally_sorted(unknown);
        warnings.push(format!("{} scores are for keys not in the backlog: {}", keys.len(), examples(&keys)));
    }
    chosen.into_iter().map(item_score).collect()
}

fn item_score(input: Option<&ScoreInput>) -> ItemScore<'_> {
    let Some(input) = input else {
        return ItemScore {
            not_scored_reason: Some("no score was computed for this item".to_owned()),
            ..ItemScore::default()
        };
    };
    let reason = match input.score {
        // Adding 0.0 turns -0.0 into 0.0, so equal scores print alike.
        Some(score) if score.is_finite() => {
            return ItemScore {
                score: Some(score + 0.0),
                explanation: &input.explanation,
                drivers: &input.drivers,
                not_scored_reason: None,
            };
        }
        Some(_) => "the score is not a finite number".to_owned(),
        None if input.explanation.trim().is_empty() => "the model gave no score".to_owned(),
        None => input.explanation.clone(),
    };
    ItemScore { score: None, explanation: &input.explanation, drivers: &[], not_scored_reason: Some(reason) }
}

fn finite(score: Option<f64>) -> Option<f64> {
    score.filter(|score| score.is_finite())
}

/// Whether `a` is kept over `b` for the same key: the higher finite score, then the
/// explanation first in byte order, so the choice does not depend on the input order.
fn preferred(a: &ScoreInput, b: &ScoreInput) -> bool {
    present_first(finite(a.score), finite(b.score), |x, y| y.total_cmp(&x))
        .then_with(|| a.explanation.cmp(&b.explanation))
        .is_lt()
}

/// Each row's position in the priority order, warning about priority names it does not list.
fn priority_positions(
    rows: &[ItemRow],
    settings: &RankSettings,
    warnings: &mut Vec<String>,
) -> Vec<Option<usize>> {
    let order = PriorityOrder::new(&settings.priority_order);
    let mut unknown = BTreeSet::new();
    // Few distinct priorities, many items: each name is looked up once.
    let mut known: PlHashMap<&str, Option<usize>> = PlHashMap::default();
    let positions = rows
        .iter()
        .map(|item| {
            let name = item.priority?;
            *known.entry(name).or_insert_with(|| {
                let position = order.position(name);
                if position.is_none() {
                    unknown.insert(name);
                }
                position
            })
        })
        .collect();
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.into_iter().collect();
        warnings.push(format!(
            "priorities not in the configured priority order rank after the listed ones: {} (set [rank] priority_order in refine.toml)",
            examples(&names)
        ));
    }
    positions
}

/// The rows the filter keeps, in the plain order.
fn plain_order(
    rows: &[ItemRow],
    scores: &[ItemScore<'_>],
    priorities: &[Option<usize>],
    filter: &RankFilter,
) -> Vec<usize> {
    let mut kept: Vec<usize> = (0..rows.len())
        .filter(|&row| {
            let item = &rows[row];
            filter.keeps(filter::FilterFields {
                item_type: item.item_type,
                status: item.status,
                status_category: item.status_category,
                labels: item.labels,
            })
        })
        .collect();
    let sort_key = |row: usize| SortKey {
        score: scores[row].score,
        priority: priorities[row],
        created: rows[row].created,
        key: rows[row].key,
    };
    kept.par_sort_unstable_by(|&a, &b| sort_key(a).compare(&sort_key(b)));
    kept
}

/// The `blocks` links as the ranking uses them.
struct BlockLinks {
    /// `(blocker, blocked)` plain positions, both ranked.
    edges: Vec<(usize, usize)>,
    /// Per row (filled for ranked rows): the keys blocking it, natural order.
    blocked_by: Vec<Vec<String>>,
    /// Per row (filled for ranked rows): the keys it blocks, natural order.
    blocks: Vec<Vec<String>>,
}

impl BlockLinks {
    fn new(
        rows: &[ItemRow],
        index: &PlHashMap<&str, usize>,
        position: &[Option<usize>],
        links: &[(&str, &str)],
        warnings: &mut Vec<String>,
    ) -> Self {
        let done = |row: usize| rows[row].status_category == Some(StatusCategory::Done.name());
        let mut result = BlockLinks {
            edges: Vec::new(),
            blocked_by: vec![Vec::new(); rows.len()],
            blocks: vec![Vec::new(); rows.len()],
        };
        let mut unknown = BTreeSet::new();
        for &(from, to) in links {
            let (blocker, blocked) = (index.get(from).copied(), index.get(to).copied());
            if blocker.is_some_and(done) || blocked.is_some_and(done) {
                continue;
            }
            for (key, row) in [(from, blocker), (to, blocked)] {
                if row.is_none() {
                    unknown.insert(key);
                }
            }
            let ranked = |row: Option<usize>| row.and_then(|row| position[row].map(|place| (row, place)));
            if let Some((row, _)) = ranked(blocked) {
                result.blocked_by[row].push(from.to_owned());
            }
            if let Some((row, _)) = ranked(blocker) {
                result.blocks[row].push(to.to_owned());
            }
            if let (Some((_, a)), Some((_, b))) = (ranked(blocker), ranked(blocked)) {
                result.edges.push((a, b));
            }
        }
        for keys in result.blocked_by.iter_mut().chain(result.blocks.iter_mut()) {
            keys.sort_by(|a, b| natural_key_cmp(a, b));
        }
        if !unknown.is_empty() {
            let keys = naturally_sorted(unknown);
            warnings.push(format!(
                "{} keys in blocks links are not in the backlog (listed in blocked_by, never moved): {}",
                keys.len(),
                examples(&keys)
            ));
        }
        result
    }
}

fn naturally_sorted<'a>(keys: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut keys: Vec<&str> = keys.into_iter().collect();
    keys.sort_by(|a, b| natural_key_cmp(a, b));
    keys
}

/// A ranking of `keys`, rank 1 first, with nothing else filled in: for the tests of what reads
/// a ranking.
#[cfg(test)]
pub(crate) fn ranking_of(keys: &[&str]) -> Vec<RankedItem> {
    keys.iter()
        .enumerate()
        .map(|(place, key)| RankedItem {
            rank: place + 1,
            key: (*key).to_owned(),
            title: None,
            item_type: None,
            status: None,
            priority: None,
            score: None,
            not_scored_reason: None,
            explanation: String::new(),
            drivers: Vec::new(),
            moved_ahead_of: None,
            blocked_by: Vec::new(),
            blocks: Vec::new(),
            previous_rank: None,
            rank_change: None,
            rank_delta: None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
