//! The agenda from the engine's own results: the reasons come from the ranking, the poker
//! rounds (`discuss` flags) and the health review (blocked items, the effective split
//! threshold, the duplicate candidates); `refine agenda` and `refine report` plan the same session.

use std::collections::BTreeSet;

use super::{Agenda, AgendaSettings, CandidateSources, agenda, candidates_from, triage_since};
use crate::estimates::EstimatesReport;
use crate::health::HealthReview;
use crate::model::view::Items;
use crate::rank::RankedItem;

/// What the session is planned from.
#[derive(Debug, Clone, Copy)]
pub struct SessionInputs<'a> {
    /// The items.
    pub items: &'a Items<'a>,
    /// The ranked backlog, rank 1 first.
    pub ranking: &'a [RankedItem],
    /// Poker statistics, when there were votes.
    pub estimates: Option<&'a EstimatesReport>,
    /// The health review.
    pub review: &'a HealthReview,
    /// The as-of instant, UTC ms.
    pub as_of: i64,
    /// Items created at or after this instant are new (default: `new_days` before `as_of`).
    pub since: Option<i64>,
    /// The session's length (default: the settings' `minutes`).
    pub minutes: Option<u32>,
}

/// Plans the session.
pub fn plan_session(inputs: &SessionInputs<'_>, settings: &AgendaSettings) -> Agenda {
    let discuss: BTreeSet<String> = inputs
        .estimates
        .map(|report| report.items.iter().filter(|item| item.discuss).map(|item| item.key.clone()).collect())
        .unwrap_or_default();
    let blocked = inputs.review.dependencies.blocked_by();
    let duplicates: Vec<(String, String)> = inputs
        .review
        .duplicates
        .candidates
        .iter()
        .filter(|pair| pair.similarity >= settings.duplicate_min_similarity)
        .map(|pair| (pair.key_a.clone(), pair.key_b.clone()))
        .collect();
    let sources = CandidateSources {
        items: inputs.items,
        ranking: inputs.ranking,
        discuss: &discuss,
        duplicates: &duplicates,
        blocked: &blocked,
        split_threshold: inputs.review.scorecard.estimated.effective_threshold_points,
        new_since: triage_since(inputs.as_of, inputs.since, settings),
    };
    let list = candidates_from(&sources);
    let mut planned = agenda(&list.candidates, inputs.as_of, inputs.since, settings, inputs.minutes);
    planned.warnings.extend(list.warnings);
    planned
}
