//! The whole health review, as `refine health` and `refine report` show it: the DEEP
//! scorecard, Definition of Ready and type mix ([`super::health`]) beside the dependency
//! findings and the duplicate candidates, and with a previous snapshot, what changed since.
//! The parts are independent and run side by side.
//!
//! A previous snapshot is an earlier export of the same backlog (any format refine reads). It
//! is reviewed the same way, as of its own latest date, with its own ranking and velocity, so
//! each score's change compares like with like; the items are compared by key
//! ([`super::snapshot::compare`], rank moves of at least [`DEFAULT_MIN_RANK_MOVE`]).
//!
//! The average velocity that sizes the near top is the sum of the teams' rolling means (the
//! velocity report's average velocity); without sprints the near top is the top items. The caller ranks both backlogs and measures their velocity: the review only
//! judges.

use serde::Serialize;

use super::backlog::ItemsByKey;
use super::dependencies::{DependencyReport, findings_in_backlog};
use super::duplicates::{DuplicateError, DuplicateReport, DuplicateSettings, duplicate_candidates};
use super::snapshot::{DEFAULT_MIN_RANK_MOVE, SnapshotDiff, compare_backlogs, score_changes};
use super::{HealthError, HealthReport, HealthSettings, scorecard};
use crate::model::view::{Items, Links};
use crate::rank::RankedItem;

/// The health review.
#[derive(Debug, Clone, Serialize)]
pub struct HealthReview {
    /// DEEP parts, the overall score, Definition of Ready, type mix.
    pub scorecard: HealthReport,
    /// Blocked items, blockers ranked below what they block, cycles, links to done items.
    pub dependencies: DependencyReport,
    /// Near-identical items not linked to each other.
    pub duplicates: DuplicateReport,
    /// What changed since the previous snapshot, when one was given.
    pub changes: Option<SnapshotDiff>,
}

/// What can stop the review.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The health analysis failed.
    #[error(transparent)]
    Health(#[from] HealthError),
    /// The duplicate finder failed.
    #[error(transparent)]
    Duplicates(#[from] DuplicateError),
}

/// A backlog with what sizes its near top: the items and links, the ranking (rank 1 first) and
/// the average velocity (points per sprint), reviewed as of `as_of` (UTC ms).
#[derive(Debug, Clone, Copy)]
pub struct ReviewedBacklog<'a> {
    /// The items.
    pub items: &'a Items<'a>,
    /// The links between them.
    pub links: &'a Links<'a>,
    /// The ranked open backlog.
    pub ranking: &'a [RankedItem],
    /// The average velocity, points per sprint (the velocity report's average velocity).
    pub average_velocity: Option<f64>,
    /// The as-of instant.
    pub as_of: i64,
}

/// What the review is made from.
#[derive(Debug, Clone, Copy)]
pub struct ReviewInputs<'a> {
    /// The backlog now.
    pub current: ReviewedBacklog<'a>,
    /// The previous snapshot, ranked and sized by the caller, as of its own latest date.
    pub previous: Option<ReviewedBacklog<'a>>,
    /// `[health]`.
    pub health: &'a HealthSettings,
    /// `[duplicates]`.
    pub duplicates: &'a DuplicateSettings,
}

/// Reviews the current backlog, and compares it with the previous snapshot when one is given.
pub fn review(inputs: &ReviewInputs<'_>) -> Result<HealthReview, ReviewError> {
    let current = &inputs.current;
    // Read by key once: the scorecard, the dependency findings and the comparison share it.
    let now = ItemsByKey::new(current.items);
    let scorecard_of = |backlog: &ItemsByKey<'_>, reviewed: &ReviewedBacklog<'_>| {
        let ReviewedBacklog { links, ranking, average_velocity, as_of, .. } = *reviewed;
        scorecard(backlog, links, ranking, average_velocity, as_of, inputs.health)
    };
    let (((scorecard, dependencies), duplicates), previous) = rayon::join(
        || {
            rayon::join(
                || {
                    rayon::join(
                        || scorecard_of(&now, current),
                        || findings_in_backlog(&now, current.links, current.ranking),
                    )
                },
                || duplicate_candidates(current.items, current.links, inputs.duplicates),
            )
        },
        || {
            inputs.previous.as_ref().map(|previous| {
                let then = ItemsByKey::new(previous.items);
                let previous_scorecard = scorecard_of(&then, previous);
                (then, previous_scorecard)
            })
        },
    );
    let (scorecard, duplicates) = (scorecard?, duplicates?);
    let changes = match (previous, &inputs.previous) {
        (Some((then, previous_scorecard)), Some(previous)) => {
            let previous_scorecard = previous_scorecard?;
            let mut diff =
                compare_backlogs(&then, &now, Some(previous.ranking), current.ranking, DEFAULT_MIN_RANK_MOVE);
            diff.scores = score_changes(&scores(&previous_scorecard), &scores(&scorecard));
            Some(diff)
        }
        _ => None,
    };
    Ok(HealthReview { scorecard, dependencies, duplicates, changes })
}

/// The scorecard's scores by name: overall first, then the four parts.
fn scores(scorecard: &HealthReport) -> Vec<(String, f64)> {
    let overall = scorecard.overall.score.map(|score| ("overall".to_owned(), score));
    let parts = scorecard.overall.parts.iter().filter_map(|part| Some((part.part.to_owned(), part.score?)));
    overall.into_iter().chain(parts).collect()
}
