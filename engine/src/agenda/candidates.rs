//! Candidates for the agenda from the engine's own figures: the items, the ranking, the
//! poker `discuss` flags, the duplicate candidates and the dependency findings.
//!
//! An item is considered when it is waiting for work: its status category is to do or unknown
//! (done and in-progress items are past refinement) and it is not an epic (epics are split
//! into stories, not refined as one). It becomes a candidate when it has a reason:
//! - new: created at or after `new_since`;
//! - no acceptance criteria: `has_acceptance_criteria` is not true (false or unknown);
//! - unestimated: no estimate;
//! - estimators disagree: its key is among the poker `discuss` flags;
//! - too big for a sprint: estimate of `split_threshold` points or more (the health review's
//!   oversize rule);
//! - duplicate candidate: one reason per other item of a duplicate pair it is in;
//! - blocked: it has open blockers.
//!
//! Reasons come in [`Reason`]'s order (duplicates by the other key); candidates in natural key
//! order.

use std::collections::{BTreeMap, BTreeSet};

use super::{Candidate, Reason};
use crate::health::ItemsByKey;
use crate::model::keys::natural_key_cmp;
use crate::model::view::Items;
use crate::rank::RankedItem;

/// The figures candidates are made from.
#[derive(Debug, Clone, Copy)]
pub struct CandidateSources<'a> {
    /// The items.
    pub items: &'a Items<'a>,
    /// The ranked backlog, rank 1 first.
    pub ranking: &'a [RankedItem],
    /// Keys whose last poker round is flagged `discuss` ([`crate::estimates::PokerStats`]).
    pub discuss: &'a BTreeSet<String>,
    /// Duplicate candidates as key pairs (either order).
    pub duplicates: &'a [(String, String)],
    /// Blocked item → its open blockers (`DependencyReport::blocked_by`).
    pub blocked: &'a BTreeMap<String, Vec<String>>,
    /// An estimate of this many points or more is too big for a sprint.
    pub split_threshold: f64,
    /// Items created at or after this instant (UTC ms) are new ([`super::triage_since`]).
    pub new_since: i64,
}

/// The candidates and what the user should know about reading them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CandidateList {
    /// Items with at least one reason, by key.
    pub candidates: Vec<Candidate>,
    /// Warnings from reading the items (rows without a key, repeated keys).
    pub warnings: Vec<String>,
}

/// Builds the candidates as the module doc describes.
pub fn candidates_from(sources: &CandidateSources<'_>) -> CandidateList {
    let backlog = ItemsByKey::new(sources.items);
    let warnings = backlog.warnings();
    let ranks: BTreeMap<&str, usize> =
        sources.ranking.iter().map(|item| (item.key.as_str(), item.rank)).collect();
    let mut duplicates: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in sources.duplicates.iter().filter(|(a, b)| a != b) {
        duplicates.entry(a.as_str()).or_default().push(b.as_str());
        duplicates.entry(b.as_str()).or_default().push(a.as_str());
    }

    let mut candidates: Vec<Candidate> = backlog
        .items
        .iter()
        .filter(|item| !item.is_done() && !item.is_in_progress())
        .filter(|item| !item.item_type.is_some_and(|kind| kind.trim().eq_ignore_ascii_case("epic")))
        .filter_map(|item| {
            let mut reasons = Vec::new();
            if item.created.is_some_and(|created| created >= sources.new_since) {
                reasons.push(Reason::New);
            }
            if item.has_acceptance_criteria != Some(true) {
                reasons.push(Reason::NoAcceptanceCriteria);
            }
            if item.estimate.is_none() {
                reasons.push(Reason::Unestimated);
            }
            if sources.discuss.contains(item.key) {
                reasons.push(Reason::EstimatorsDisagree);
            }
            if item.estimate.is_some_and(|points| points >= sources.split_threshold) {
                reasons.push(Reason::TooBigForSprint);
            }
            if let Some(others) = duplicates.get(item.key) {
                let mut others = others.clone();
                others.sort_by(|a, b| natural_key_cmp(a, b));
                others.dedup();
                reasons.extend(others.into_iter().map(|of| Reason::DuplicateCandidate { of: of.to_owned() }));
            }
            if let Some(by) = sources.blocked.get(item.key).filter(|by| !by.is_empty()) {
                reasons.push(Reason::Blocked { by: by.clone() });
            }
            (!reasons.is_empty()).then(|| Candidate {
                key: item.key.to_owned(),
                title: item.title.map(str::to_owned),
                created: item.created,
                rank: ranks.get(item.key).copied(),
                estimate: item.estimate,
                reasons,
            })
        })
        .collect();
    candidates.sort_by(|a, b| natural_key_cmp(&a.key, &b.key));
    CandidateList { candidates, warnings }
}
