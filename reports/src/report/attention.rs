//! What needs a decision, first on the page: plain findings built from the analyses, each
//! naming its items and pointing to the part of the report that shows the evidence. Each kind
//! of finding is one function; a finding with no items is left out, so an empty list means
//! nothing needs a decision.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::PlHashMap;

use refine_engine::rank::RankedItem;
use refine_engine::run::Analyses;

use super::anchors::{item_anchor, table_anchor};

/// Items named per finding; the rest are counted ("and 4 more").
pub const MENTIONS_SHOWN: usize = 5;

/// One thing that needs a decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Attention {
    /// Its element id (`attention-not-ready`).
    pub id: &'static str,
    /// The finding, as a sentence without the items: "3 of the top 10 items are not ready".
    pub headline: String,
    /// The items it is about, the most important first (all of them; renderers show
    /// [`MENTIONS_SHOWN`]).
    pub mentions: Vec<Mention>,
    /// Where the evidence is: an element id of index.html.
    pub evidence: String,
    /// What the evidence is, as a link text: "readiness checks".
    pub evidence_label: &'static str,
}

/// One item a finding names.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The item key.
    pub key: String,
    /// What about it, short: "no acceptance criteria, not estimated".
    pub note: String,
    /// The element id to link to: its line in the ranked backlog, or the evidence.
    pub anchor: String,
}

/// Every finding that has items, in the order a PM acts on them. Items among the first
/// `lines_shown` of the ranking link to their line in the ranked backlog, the others to the
/// evidence.
pub fn attention(analyses: &Analyses, lines_shown: usize) -> Vec<Attention> {
    let ranked = &analyses.prioritization.ranking.items;
    let ranks = Ranks { of: ranked.iter().map(|item| (item.key.as_str(), item.rank)).collect(), lines_shown };
    let findings = [
        not_ready_near_the_top(analyses, &ranks),
        blocked_above_blockers(ranked, &ranks),
        estimates_to_discuss(analyses, &ranks),
        aging_work_in_progress(analyses, &ranks),
        likely_duplicates(analyses, &ranks),
        stale_with_demand(analyses, &ranks),
        moved_most(ranked, &ranks),
    ];
    findings.into_iter().flatten().filter(|finding| !finding.mentions.is_empty()).collect()
}

/// Each ranked item's rank, and how many lines of the ranked backlog the page shows.
struct Ranks<'a> {
    /// Looked up only, never iterated, so the hash order cannot reach the output.
    of: PlHashMap<&'a str, usize>,
    lines_shown: usize,
}

impl Ranks<'_> {
    fn get(&self, key: &str) -> Option<usize> {
        self.of.get(key).copied()
    }

    fn contains_key(&self, key: &str) -> bool {
        self.of.contains_key(key)
    }
}

/// A mention linking to the item's line in the ranked backlog when the page shows it, else to
/// `evidence`.
fn mention(key: &str, note: String, ranks: &Ranks<'_>, evidence: &str) -> Mention {
    let shown = ranks.get(key).is_some_and(|rank| rank <= ranks.lines_shown);
    let anchor = if shown { item_anchor(key) } else { evidence.to_owned() };
    Mention { key: key.to_owned(), note, anchor }
}

/// `1st`, `2nd`, `3rd`, `11th`, `22nd`.
pub fn ordinal(number: usize) -> String {
    let suffix = match (number % 10, number % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{number}{suffix}")
}

/// `1 item` / `3 items`.
fn count(number: usize, singular: &str, plural: &str) -> String {
    format!("{number} {}", if number == 1 { singular } else { plural })
}

/// Items near the top of the ranking that fail the Definition of Ready, and why.
fn not_ready_near_the_top(analyses: &Analyses, ranks: &Ranks<'_>) -> Option<Attention> {
    let ready = &analyses.health.as_ref()?.scorecard.ready;
    let evidence = table_anchor("health", "ready");
    let mut failing: Vec<_> = ready.items.iter().filter(|item| item.near_top && !item.ready).collect();
    failing.sort_by_key(|item| item.rank.unwrap_or(usize::MAX));
    let mentions =
        failing.iter().map(|item| mention(&item.key, item.reasons.join("; "), ranks, &evidence)).collect();
    Some(Attention {
        id: "attention-not-ready",
        headline: format!(
            "{} of the top {} are not ready for a sprint",
            failing.len(),
            count(ready.near_top_items, "item", "items")
        ),
        mentions,
        evidence,
        evidence_label: "readiness checks",
    })
}

/// Ranked items waiting on a blocker that is ranked below them or not ranked at all (in
/// progress, or outside the ranking), top first.
fn blocked_above_blockers(ranked: &[RankedItem], ranks: &Ranks<'_>) -> Option<Attention> {
    let evidence = table_anchor("health", "dependencies");
    let mentions: Vec<Mention> = ranked
        .iter()
        .filter_map(|item| {
            let late: Vec<String> = item
                .blocked_by
                .iter()
                .filter_map(|blocker| match ranks.get(blocker) {
                    Some(rank) if rank < item.rank => None,
                    Some(rank) => Some(format!("{blocker}, ranked {}", ordinal(rank))),
                    None => Some(format!("{blocker}, which is not in the ranking")),
                })
                .collect();
            (!late.is_empty())
                .then(|| mention(&item.key, format!("waits on {}", late.join(", ")), ranks, &evidence))
        })
        .collect();
    Some(Attention {
        id: "attention-blocked",
        headline: format!(
            "{} ranked above what blocks {}",
            count(mentions.len(), "item is", "items are"),
            if mentions.len() == 1 { "it" } else { "them" }
        ),
        mentions,
        evidence,
        evidence_label: "dependencies",
    })
}

/// Open items whose last poker round spread over two or more deck steps, best-ranked first.
fn estimates_to_discuss(analyses: &Analyses, ranks: &Ranks<'_>) -> Option<Attention> {
    let estimates = analyses.estimates.as_ref()?;
    let evidence = table_anchor("estimation", "poker");
    let mut discuss: Vec<_> =
        estimates.items.iter().filter(|item| item.discuss && ranks.contains_key(item.key.as_str())).collect();
    discuss.sort_by_key(|item| ranks.get(&item.key));
    let mentions = discuss
        .iter()
        .map(|item| {
            let note = match (item.min, item.max) {
                (Some(min), Some(max)) => format!("votes from {} to {}", number(min), number(max)),
                _ => "votes far apart".to_owned(),
            };
            mention(&item.key, note, ranks, &evidence)
        })
        .collect();
    Some(Attention {
        id: "attention-estimates",
        headline: format!(
            "The team disagrees on the estimate of {}",
            count(discuss.len(), "ranked item", "ranked items")
        ),
        mentions,
        evidence,
        evidence_label: "planning-poker rounds",
    })
}

/// Work in progress older than the 85th percentile of the cycle times: it is already later
/// than most finished work was.
fn aging_work_in_progress(analyses: &Analyses, ranks: &Ranks<'_>) -> Option<Attention> {
    let flow = analyses.flow.as_ref()?;
    let limit = flow.cycle_time.percentile(85.0)?;
    let evidence = table_anchor("delivery", "aging_work_in_progress");
    let mut old: Vec<_> =
        flow.aging.iter().filter(|item| item.age_days.is_some_and(|age| age > limit)).collect();
    // Every age kept is known (the filter above), so unwrap_or_default never applies.
    let age = |item: &refine_engine::flow::AgingItem<'_>| item.age_days.unwrap_or_default();
    old.sort_by(|a, b| age(b).total_cmp(&age(a)).then_with(|| a.key.cmp(b.key)));
    let mentions = old
        .iter()
        .map(|item| {
            let age = age(item);
            let note = match item.status {
                Some(status) => format!("{age:.0} days, now in {status}"),
                None => format!("{age:.0} days"),
            };
            mention(item.key, note, ranks, &evidence)
        })
        .collect();
    Some(Attention {
        id: "attention-aging",
        headline: format!(
            "{} in progress for longer than 85% of finished items took ({limit:.1} days)",
            count(old.len(), "item has been", "items have been")
        ),
        mentions,
        evidence,
        evidence_label: "aging work in progress",
    })
}

/// Similarity from which a duplicate candidate needs a decision: the finder lists pairs from
/// its (lower) threshold for review; at 0.8 the titles say nearly the same thing.
pub const NEAR_DUPLICATE: f64 = 0.8;

/// Pairs of open items the duplicate finder matched at [`NEAR_DUPLICATE`] or more and nobody
/// has linked yet, most similar first (the finder's order), named by their second item.
fn likely_duplicates(analyses: &Analyses, ranks: &Ranks<'_>) -> Option<Attention> {
    let duplicates = &analyses.health.as_ref()?.duplicates;
    let evidence = table_anchor("health", "duplicates");
    let mentions: Vec<Mention> = duplicates
        .candidates
        .iter()
        .filter(|pair| !pair.already_linked && pair.similarity >= NEAR_DUPLICATE)
        .map(|pair| {
            let note = format!("{:.0}% like {}", pair.similarity * 100.0, pair.key_a);
            mention(&pair.key_b, note, ranks, &evidence)
        })
        .collect();
    Some(Attention {
        id: "attention-duplicates",
        headline: format!(
            "{} nearly the same as another open item",
            count(mentions.len(), "item reads", "items read")
        ),
        mentions,
        evidence,
        evidence_label: "duplicate candidates",
    })
}

/// Stale items that customers still ask for: idle is not the same as unimportant.
fn stale_with_demand(analyses: &Analyses, ranks: &Ranks<'_>) -> Option<Attention> {
    let stale = &analyses.health.as_ref()?.scorecard.emergent.stale;
    let demand = analyses.prioritization.demand.as_ref()?;
    // Only the stale items' demand is kept: demand lists every item of the backlog.
    let stale_keys: BTreeSet<&str> = stale.iter().map(|item| item.key.as_str()).collect();
    let customers: BTreeMap<&str, u64> = demand
        .items
        .iter()
        .filter(|item| item.customers > 0 && stale_keys.contains(item.key.as_str()))
        .map(|item| (item.key.as_str(), item.customers))
        .collect();
    let evidence = table_anchor("health", "stale");
    let mut wanted: Vec<_> =
        stale.iter().filter_map(|item| Some((item, *customers.get(item.key.as_str())?))).collect();
    wanted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.key.cmp(&b.0.key)));
    let mentions = wanted
        .iter()
        .map(|(item, customers)| {
            let note = format!(
                "idle {:.0} days, {} asked for it",
                item.idle_days,
                count(*customers as usize, "customer", "customers")
            );
            mention(&item.key, note, ranks, &evidence)
        })
        .collect();
    Some(Attention {
        id: "attention-stale-demand",
        headline: format!(
            "{} but customers still ask for {}",
            count(wanted.len(), "item is stale", "items are stale"),
            if wanted.len() == 1 { "it" } else { "them" }
        ),
        mentions,
        evidence,
        evidence_label: "stale items",
    })
}

/// The largest moves against the previous ranking (with `--previous`), largest first.
fn moved_most(ranked: &[RankedItem], ranks: &Ranks<'_>) -> Option<Attention> {
    let mut moved: Vec<&RankedItem> =
        ranked.iter().filter(|item| item.rank_delta.is_some_and(|delta| delta != 0)).collect();
    moved.sort_by(|a, b| {
        let size = |item: &RankedItem| item.rank_delta.unwrap_or_default().unsigned_abs();
        size(b).cmp(&size(a)).then(a.rank.cmp(&b.rank))
    });
    moved.truncate(MENTIONS_SHOWN);
    let evidence = table_anchor("backlog", "ranking");
    let mentions = moved
        .iter()
        .map(|item| {
            let delta = item.rank_delta.unwrap_or_default();
            let direction = if delta > 0 { "up" } else { "down" };
            let note = format!("{direction} {} to {}", delta.unsigned_abs(), ordinal(item.rank));
            mention(&item.key, note, ranks, &evidence)
        })
        .collect();
    Some(Attention {
        id: "attention-moved",
        headline: "Moved most since the previous ranking".to_owned(),
        mentions,
        evidence,
        evidence_label: "ranked backlog",
    })
}

/// A vote as written on the card: `3`, `0.5`.
fn number(value: f64) -> String {
    format!("{value}")
}

#[cfg(test)]
mod tests;
