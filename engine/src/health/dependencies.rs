//! Dependency findings for the health review (design.md, "Health": *dependency problems
//! (blocked, blocker ranked below the blocked, cycles, links to done items)*).
//!
//! "Open" means not done (to do, in progress, or no category). A `blocks` link `from → to`
//! says `to` cannot finish before `from`. Findings, each naming its items with a one-line `why`:
//! - **blocked**: an open item with at least one open blocker in the backlog (one finding per
//!   item, its blockers in natural key order).
//! - **blocker ranked below**: an open blocker ranked after the open item it blocks in the given
//!   ranking, or missing from a non-empty ranking (filtered out or cut by `--top`). refine's own
//!   ranking moves blockers ahead, so with it this shows only filtered-out blockers; with an
//!   explicit ranking it shows every inversion.
//! - **blocker below in backlog**: the same check against the tracker's own backlog order (the
//!   items' `rank` column), which is what the team sees and has to fix.
//! - **cycle**: open items that block one another, found by the ranking's own cycle search
//!   ([`crate::rank`]'s dependency order: Tarjan's components, each reported as its shortest
//!   cycle from its first key in natural order). Links inside a cycle are not also reported as
//!   ranked below.
//! - **link to done**: an open item linked to a done one: blocked by or blocking a done item,
//!   related to, duplicating or duplicated by a done item, or an open child of a done parent.
//!   The link is stale, or the open item should close too. (An open parent with done children
//!   is normal and not reported.)
//! - **unknown item**: a link whose end is not in the backlog (another project, or deleted).
//!
//! An empty backlog gives an empty report; a link from an item to itself is a one-item cycle when it
//! is `blocks`, and ignored otherwise. Findings are sorted by kind (in the order above), then
//! the rank of their item (ranked first), then the key in natural order, then the related keys and the `why`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::backlog::{BacklogItem, ItemsByKey, Link, distinct_links};
use crate::model::LinkKind;
use crate::model::keys::natural_key_cmp;
use crate::model::ordering::present_first;
use crate::model::view::{Items, Links};
use crate::model::wording::examples;
use crate::rank::{RankedItem, dependency_order};

/// What kind of dependency problem a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DependencyFindingKind {
    /// An open item waits on an open blocker.
    Blocked,
    /// A blocker ranks after what it blocks, or is not in the ranking.
    BlockerRankedBelow,
    /// A blocker sits below what it blocks in the tracker's backlog order.
    BlockerBelowInBacklog,
    /// Items block one another.
    Cycle,
    /// An open item is linked to a done one.
    LinkToDone,
    /// A link names an item that is not in the backlog.
    UnknownItem,
}

/// One dependency problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DependencyFinding {
    /// What kind of problem.
    pub kind: DependencyFindingKind,
    /// The item to act on: the blocked item, the blocker to move up, the first item of a cycle,
    /// the open item of a stale link, the known end of a link to an unknown item.
    pub key: String,
    /// Its title.
    pub title: Option<String>,
    /// Its rank in the given ranking.
    pub rank: Option<usize>,
    /// The other items: blockers, the blocked item, the rest of the cycle in link order, the
    /// done item, the unknown key.
    pub related: Vec<String>,
    /// One line on the problem and what to do.
    pub why: String,
}

/// How many findings of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DependencyCounts {
    /// Open items with an open blocker.
    pub blocked: usize,
    /// Blockers ranked after what they block (or not ranked).
    pub blocker_ranked_below: usize,
    /// Blockers below what they block in the tracker's order.
    pub blocker_below_in_backlog: usize,
    /// Cycles.
    pub cycles: usize,
    /// Open items linked to done ones.
    pub links_to_done: usize,
    /// Links to items not in the backlog.
    pub unknown_items: usize,
}

/// The dependency findings of a backlog.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DependencyReport {
    /// Every finding, sorted as the module doc says.
    pub findings: Vec<DependencyFinding>,
    /// How many of each kind.
    pub counts: DependencyCounts,
    /// What the user should know (rows without a key, repeated keys, tangled cycles).
    pub warnings: Vec<String>,
}

impl DependencyReport {
    /// Each blocked item's open blockers, for the agenda's "blocked" reason.
    pub fn blocked_by(&self) -> BTreeMap<String, Vec<String>> {
        self.findings
            .iter()
            .filter(|finding| finding.kind == DependencyFindingKind::Blocked)
            .map(|finding| (finding.key.clone(), finding.related.clone()))
            .collect()
    }
}

/// Finds the dependency problems of `items` and `links` as the module doc describes; `ranking`
/// is rank 1 first, possibly filtered or empty.
pub fn dependency_findings(items: &Items<'_>, links: &Links<'_>, ranking: &[RankedItem]) -> DependencyReport {
    findings_in_backlog(&ItemsByKey::new(items), links, ranking)
}

/// [`dependency_findings`] of a backlog already read by key.
pub(crate) fn findings_in_backlog(
    backlog: &ItemsByKey<'_>,
    links: &Links<'_>,
    ranking: &[RankedItem],
) -> DependencyReport {
    let mut warnings = backlog.warnings();
    let links = distinct_links(links);
    let ranks: HashMap<&str, usize> = ranking.iter().map(|item| (item.key.as_str(), item.rank)).collect();
    let context = Context { backlog, ranks: &ranks };

    let blocks: Vec<(&BacklogItem<'_>, &BacklogItem<'_>)> = links
        .iter()
        .filter(|link| link.kind == LinkKind::Blocks.name())
        .filter_map(|link| Some((backlog.get(link.from)?, backlog.get(link.to)?)))
        .filter(|(blocker, blocked)| !blocker.is_done() && !blocked.is_done())
        .collect();
    let cycles = open_cycles(backlog, &blocks, &mut warnings);

    let mut findings = context.blocked(&blocks);
    findings.extend(context.ranked_below(&blocks, &cycles.group, !ranking.is_empty()));
    findings.extend(context.below_in_backlog(&blocks, &cycles.group));
    findings.extend(cycles.cycles.iter().map(|cycle| context.cycle(cycle)));
    findings.extend(links.iter().filter_map(|link| context.stale_or_unknown(link)));
    findings.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| present_first(a.rank, b.rank, |x, y| x.cmp(&y)))
            .then_with(|| natural_key_cmp(&a.key, &b.key))
            .then_with(|| a.related.cmp(&b.related))
            .then_with(|| a.why.cmp(&b.why))
    });
    let counts = count(&findings);
    DependencyReport { findings, counts, warnings }
}

fn count(findings: &[DependencyFinding]) -> DependencyCounts {
    let mut counts = DependencyCounts::default();
    for finding in findings {
        let counter = match finding.kind {
            DependencyFindingKind::Blocked => &mut counts.blocked,
            DependencyFindingKind::BlockerRankedBelow => &mut counts.blocker_ranked_below,
            DependencyFindingKind::BlockerBelowInBacklog => &mut counts.blocker_below_in_backlog,
            DependencyFindingKind::Cycle => &mut counts.cycles,
            DependencyFindingKind::LinkToDone => &mut counts.links_to_done,
            DependencyFindingKind::UnknownItem => &mut counts.unknown_items,
        };
        *counter += 1;
    }
    counts
}

/// The cycles among open items, and which cycle (or tangle) each of their items belongs to.
struct Cycles {
    cycles: Vec<Vec<String>>,
    group: HashMap<String, usize>,
}

fn open_cycles(
    backlog: &ItemsByKey<'_>,
    blocks: &[(&BacklogItem<'_>, &BacklogItem<'_>)],
    warnings: &mut Vec<String>,
) -> Cycles {
    let open: Vec<&str> = backlog.items.iter().filter(|item| !item.is_done()).map(|item| item.key).collect();
    let position: HashMap<&str, usize> = open.iter().enumerate().map(|(place, &key)| (key, place)).collect();
    let edges: Vec<(usize, usize)> = blocks
        .iter()
        .filter_map(|(blocker, blocked)| Some((*position.get(blocker.key)?, *position.get(blocked.key)?)))
        .collect();
    let order = dependency_order(&open, &edges);
    let names =
        |places: &[usize]| -> Vec<String> { places.iter().map(|&place| open[place].to_owned()).collect() };
    let mut group = HashMap::new();
    // A tangle is a whole component; a cycle outside any tangle is its whole component.
    for (id, members) in order.tangles.iter().chain(order.cycles.iter()).enumerate() {
        for &place in members {
            group.entry(open[place].to_owned()).or_insert(id);
        }
    }
    for tangle in &order.tangles {
        let keys = names(tangle);
        warnings.push(format!(
            "{} open items block one another in more than one cycle ({}); the shortest cycle through {} is listed",
            keys.len(),
            examples(&keys),
            keys.first().map_or("", String::as_str)
        ));
    }
    Cycles { cycles: order.cycles.iter().map(|cycle| names(cycle)).collect(), group }
}

/// What every finding is built from.
struct Context<'a> {
    backlog: &'a ItemsByKey<'a>,
    ranks: &'a HashMap<&'a str, usize>,
}

impl Context<'_> {
    fn finding(
        &self,
        kind: DependencyFindingKind,
        key: &str,
        related: Vec<String>,
        why: String,
    ) -> DependencyFinding {
        DependencyFinding {
            kind,
            key: key.to_owned(),
            title: self.backlog.get(key).and_then(|item| item.title.map(str::to_owned)),
            rank: self.ranks.get(key).copied(),
            related,
            why,
        }
    }

    fn blocked(&self, blocks: &[(&BacklogItem<'_>, &BacklogItem<'_>)]) -> Vec<DependencyFinding> {
        let mut blockers: BTreeMap<&str, Vec<&BacklogItem<'_>>> = BTreeMap::new();
        for (blocker, blocked) in blocks {
            if blocker.key != blocked.key {
                blockers.entry(blocked.key).or_default().push(blocker);
            }
        }
        blockers
            .into_iter()
            .map(|(key, mut by)| {
                by.sort_by(|a, b| natural_key_cmp(a.key, b.key));
                let named: Vec<String> =
                    by.iter().map(|item| format!("{} ({})", item.key, item.status_label())).collect();
                let why = format!("blocked by {}, not done yet", named.join(", "));
                self.finding(
                    DependencyFindingKind::Blocked,
                    key,
                    by.iter().map(|item| item.key.to_owned()).collect(),
                    why,
                )
            })
            .collect()
    }

    fn ranked_below(
        &self,
        blocks: &[(&BacklogItem<'_>, &BacklogItem<'_>)],
        cycle_group: &HashMap<String, usize>,
        ranked: bool,
    ) -> Vec<DependencyFinding> {
        if !ranked {
            return Vec::new();
        }
        blocks
            .iter()
            .filter(|(blocker, blocked)| !same_group(cycle_group, blocker.key, blocked.key))
            .filter_map(|(blocker, blocked)| {
                let below = *self.ranks.get(blocked.key)?;
                let why = match self.ranks.get(blocker.key) {
                    Some(&rank) if rank > below => format!(
                        "ranks {rank} but blocks {} (rank {below}): move it up or drop the link",
                        blocked.key
                    ),
                    Some(_) => return None,
                    None => format!(
                        "blocks {} (rank {below}) but is not in the ranking (filtered out or below the cut)",
                        blocked.key
                    ),
                };
                Some(self.finding(
                    DependencyFindingKind::BlockerRankedBelow,
                    blocker.key,
                    vec![blocked.key.to_owned()],
                    why,
                ))
            })
            .collect()
    }

    fn below_in_backlog(
        &self,
        blocks: &[(&BacklogItem<'_>, &BacklogItem<'_>)],
        cycle_group: &HashMap<String, usize>,
    ) -> Vec<DependencyFinding> {
        blocks
            .iter()
            .filter(|(blocker, blocked)| !same_group(cycle_group, blocker.key, blocked.key))
            .filter_map(|(blocker, blocked)| {
                let (at, above) = (blocker.source_rank?, blocked.source_rank?);
                (at > above).then(|| {
                    let why = format!(
                        "is at {at} in the backlog but blocks {} at {above}: move it above",
                        blocked.key
                    );
                    self.finding(
                        DependencyFindingKind::BlockerBelowInBacklog,
                        blocker.key,
                        vec![blocked.key.to_owned()],
                        why,
                    )
                })
            })
            .collect()
    }

    fn cycle(&self, cycle: &[String]) -> DependencyFinding {
        let first = cycle.first().map_or("", String::as_str);
        let why = if cycle.len() == 1 {
            format!("{first} blocks itself: drop the link")
        } else {
            format!(
                "{} → {first} block one another: none can finish until a link is dropped",
                cycle.join(" → ")
            )
        };
        self.finding(DependencyFindingKind::Cycle, first, cycle.iter().skip(1).cloned().collect(), why)
    }

    /// A link to a done item or to an unknown one.
    fn stale_or_unknown(&self, link: &Link<'_>) -> Option<DependencyFinding> {
        if link.from == link.to {
            return None;
        }
        match (self.backlog.get(link.from), self.backlog.get(link.to)) {
            (Some(from), Some(to)) => self.link_to_done(link, from, to),
            (Some(_), None) => Some(self.unknown(link.from, link.to, link, true)),
            (None, Some(_)) => Some(self.unknown(link.to, link.from, link, false)),
            (None, None) => Some(self.unknown(link.from, link.to, link, true)),
        }
    }

    fn unknown(&self, known: &str, unknown: &str, link: &Link<'_>, outward: bool) -> DependencyFinding {
        let phrase = if outward { relation(&link.kind).0 } else { relation(&link.kind).1 };
        let why = format!("{phrase} {unknown}, which is not in the backlog: check the key or the export");
        self.finding(DependencyFindingKind::UnknownItem, known, vec![unknown.to_owned()], why)
    }

    fn link_to_done(
        &self,
        link: &Link<'_>,
        from: &BacklogItem<'_>,
        to: &BacklogItem<'_>,
    ) -> Option<DependencyFinding> {
        let (open, done, outward) = match (from.is_done(), to.is_done()) {
            (false, true) => (from, to, true),
            (true, false) => (to, from, false),
            _ => return None,
        };
        let kind = link.kind.as_str();
        // A done child of an open parent is progress, not a stale link.
        if kind == LinkKind::Parent.name() && outward {
            return None;
        }
        let phrase = if outward { relation(kind).0 } else { relation(kind).1 };
        let advice = if kind == LinkKind::Duplicates.name() && outward {
            "close it as a duplicate too"
        } else if kind == LinkKind::Parent.name() {
            "move it to an open parent or reopen the parent"
        } else {
            "drop the stale link or reopen the done item"
        };
        let why = format!("{phrase} {}, which is done: {advice}", done.key);
        Some(self.finding(DependencyFindingKind::LinkToDone, open.key, vec![done.key.to_owned()], why))
    }
}

fn same_group(group: &HashMap<String, usize>, a: &str, b: &str) -> bool {
    matches!((group.get(a), group.get(b)), (Some(x), Some(y)) if x == y)
}

/// How a link reads from its `from` end and from its `to` end.
fn relation(kind: &str) -> (String, String) {
    let (outward, inward) = match kind {
        "blocks" => ("blocks", "blocked by"),
        "duplicates" => ("duplicates", "duplicated by"),
        "relates" => ("relates to", "relates to"),
        "parent" => ("parent of", "its parent is"),
        other => return (format!("linked ({other}) to"), format!("linked ({other}) from")),
    };
    (outward.to_owned(), inward.to_owned())
}

#[cfg(test)]
mod tests;
