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
//! The average velocity that sizes the near top is the sum of the teams' rolling means
//! ([`VelocityReport::average_velocity`]); without sprints the near top is the top items.

use serde::Serialize;

use super::backlog::read_backlog;
use super::dependencies::{DependencyReport, findings_in_backlog};
use super::duplicates::{DuplicateError, DuplicateReport, duplicate_candidates};
use super::snapshot::{DEFAULT_MIN_RANK_MOVE, SnapshotDiff, compare_with_backlog, score_changes};
use super::{HealthError, HealthReport, health};
use crate::config::Config;
use crate::load::Workspace;
use crate::model::Table;
use crate::rank::RankedItem;
use crate::run::{PrioritizeError, PrioritizeOptions, prioritize};
use crate::velocity::{VelocityError, VelocityReport, workspace_velocity};

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
    /// The previous snapshot could not be ranked.
    #[error("the previous snapshot: {0}")]
    PreviousRanking(#[from] PrioritizeError),
    /// The previous snapshot's velocity could not be computed.
    #[error("the previous snapshot: {0}")]
    PreviousVelocity(#[from] VelocityError),
    /// The previous snapshot has no dates to review it as of.
    #[error("the previous snapshot has no dates")]
    PreviousUndated,
}

/// Reviews `workspace` as of `as_of` with its ranking and velocity, against `previous` when given.
pub fn review(
    workspace: &Workspace,
    config: &Config,
    as_of: i64,
    ranking: &[RankedItem],
    velocity: Option<&VelocityReport>,
    previous: Option<&Workspace>,
) -> Result<HealthReview, ReviewError> {
    let items = workspace.table(Table::Items);
    let links = workspace.table(Table::Links);
    let (((scorecard, ((backlog, read_warnings), dependencies)), duplicates), previous_review) = rayon::join(
        || {
            rayon::join(
                || {
                    rayon::join(
                        || {
                            let average = velocity.and_then(VelocityReport::average_velocity);
                            health(&items, &links, ranking, average, as_of, &config.health)
                        },
                        || {
                            // Read once for the dependency findings and the comparison with
                            // the previous snapshot, each reporting the reading warnings.
                            let mut warnings = Vec::new();
                            let backlog = read_backlog(&items, &mut warnings);
                            let dependencies =
                                findings_in_backlog(&backlog, &links, ranking, warnings.clone());
                            ((backlog, warnings), dependencies)
                        },
                    )
                },
                || duplicate_candidates(&items, &links, &config.duplicates),
            )
        },
        || previous.map(|previous| review_previous(previous, config)).transpose(),
    );
    let (scorecard, duplicates) = (scorecard?, duplicates?);
    let changes = previous.zip(previous_review?).map(|(previous, (previous_ranking, previous_scorecard))| {
        let mut diff = compare_with_backlog(
            &previous.table(Table::Items),
            &backlog,
            read_warnings,
            Some(&previous_ranking),
            ranking,
            DEFAULT_MIN_RANK_MOVE,
        );
        diff.scores = score_changes(&scores(&previous_scorecard), &scores(&scorecard));
        diff
    });
    Ok(HealthReview { scorecard, dependencies, duplicates, changes })
}

/// The previous snapshot ranked and reviewed as of its own latest date.
fn review_previous(
    previous: &Workspace,
    config: &Config,
) -> Result<(Vec<RankedItem>, HealthReport), ReviewError> {
    let as_of = previous.latest_timestamp().ok_or(ReviewError::PreviousUndated)?;
    let ranking = prioritize(previous, config, &PrioritizeOptions::default())?.ranking.items;
    let average = workspace_velocity(previous, &config.status, &config.velocity)?
        .and_then(|report| report.average_velocity());
    let (items, links) = (previous.table(Table::Items), previous.table(Table::Links));
    let scorecard = health(&items, &links, &ranking, average, as_of, &config.health)?;
    Ok((ranking, scorecard))
}

/// The scorecard's scores by name: overall first, then the four parts.
fn scores(scorecard: &HealthReport) -> Vec<(String, f64)> {
    let overall = scorecard.overall.score.map(|score| ("overall".to_owned(), score));
    let parts = scorecard.overall.parts.iter().filter_map(|part| Some((part.part.to_owned(), part.score?)));
    overall.into_iter().chain(parts).collect()
}
