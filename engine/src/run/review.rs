//! `refine health` and `refine agenda`: the ranking and the velocity that size the near top,
//! then the health review (against a previous snapshot, ranked and sized the same way as of its
//! own latest date), then the session.

use super::RunError;
use super::prioritize::{Prioritization, PrioritizeInputs, PrioritizeOptions, prioritize_views};
use super::views::{Frames, Views};
use crate::agenda::{Agenda, SessionInputs, plan_session};
use crate::config::Config;
use crate::estimates::estimates;
use crate::health::{HealthReview, ReviewError, ReviewInputs, ReviewedBacklog, review};
use crate::load::Workspace;
use crate::rank::RankedItem;
use crate::velocity::{VelocityError, VelocityReport, velocity};

/// `refine health`: the ranking and the velocity that size the near top, then the review
/// (against `previous` when given).
pub fn health_review(
    workspace: &Workspace,
    config: &Config,
    as_of: i64,
    previous: Option<&Workspace>,
) -> Result<(Prioritization, HealthReview), RunError> {
    let frames = Frames::of(workspace);
    let views = frames.decode()?;
    review_of(&views, config, as_of, previous)
}

/// `refine agenda`: the health review and the poker flags, then the session of `minutes`
/// (default from refine.toml) with the items new since `since` (default: `new_days`) in triage.
pub fn session_agenda(
    workspace: &Workspace,
    config: &Config,
    as_of: i64,
    since: Option<i64>,
    minutes: Option<u32>,
) -> Result<Agenda, RunError> {
    let frames = Frames::of(workspace);
    let views = frames.decode()?;
    let (reviewed, poker) = rayon::join(
        || review_of(&views, config, as_of, None),
        || estimates(&views.items, &views.history, &views.votes, None, &config.estimates),
    );
    let ((prioritization, review), poker) = (reviewed?, poker?);
    let session = SessionInputs {
        items: &views.items,
        ranking: &prioritization.ranking.items,
        estimates: Some(&poker),
        review: &review,
        as_of,
        since,
        minutes,
    };
    Ok(plan_session(&session, &config.agenda))
}

/// The review of the current backlog alone, given its ranking and velocity (`refine report`).
pub(super) fn current_review(
    views: &Views<'_>,
    config: &Config,
    as_of: i64,
    ranking: &[RankedItem],
    velocity: Option<&VelocityReport>,
) -> Result<HealthReview, ReviewError> {
    let current = reviewed(views, ranking, velocity.and_then(VelocityReport::average_velocity), as_of);
    review(&ReviewInputs { current, previous: None, health: &config.health, duplicates: &config.duplicates })
}

/// The ranking, the velocity and the review, with the previous snapshot when given.
fn review_of(
    views: &Views<'_>,
    config: &Config,
    as_of: i64,
    previous: Option<&Workspace>,
) -> Result<(Prioritization, HealthReview), RunError> {
    let previous_frames = previous.map(Frames::of);
    let ((prioritization, velocity), previous_sized) = rayon::join(
        || rank_and_size(views, config),
        || previous_frames.as_ref().map(|frames| size_previous(frames, previous, config)).transpose(),
    );
    let (prioritization, velocity) = (prioritization?, velocity?);
    let previous_sized = previous_sized?;
    let previous = previous_sized
        .as_ref()
        .map(|(views, ranking, average, as_of)| reviewed(views, ranking, *average, *as_of));
    let current = reviewed(views, &prioritization.ranking.items, velocity, as_of);
    let inputs = ReviewInputs { current, previous, health: &config.health, duplicates: &config.duplicates };
    let review = review(&inputs)?;
    Ok((prioritization, review))
}

/// The ranking and the average velocity of a workspace's views.
fn rank_and_size(
    views: &Views<'_>,
    config: &Config,
) -> (Result<Prioritization, super::PrioritizeError>, Result<Option<f64>, VelocityError>) {
    rayon::join(
        || prioritize_views(&PrioritizeInputs::of(views), config, &PrioritizeOptions::default()),
        || Ok(sprint_velocity(views, config)?.and_then(|report| report.average_velocity())),
    )
}

/// The previous snapshot decoded, ranked and sized as of its latest date.
fn size_previous<'a>(
    frames: &'a Frames,
    previous: Option<&Workspace>,
    config: &Config,
) -> Result<(Views<'a>, Vec<RankedItem>, Option<f64>, i64), RunError> {
    let as_of = previous.and_then(Workspace::latest_timestamp).ok_or(RunError::PreviousUndated)?;
    let views = frames.decode()?;
    let (ranking, average) = rank_and_size(&views, config);
    let ranking = ranking.map_err(RunError::PreviousRanking)?.ranking.items;
    let average = average.map_err(RunError::PreviousVelocity)?;
    Ok((views, ranking, average, as_of))
}

/// The velocity of the sprints, or derived from the items and history; `None` when there are
/// neither sprints nor a history (nothing to derive sprints from).
fn sprint_velocity(views: &Views<'_>, config: &Config) -> Result<Option<VelocityReport>, VelocityError> {
    if views.sprints.is_empty() && views.history.is_empty() {
        return Ok(None);
    }
    velocity(&views.sprints, &views.items, &views.history, &config.status, &config.velocity).map(Some)
}

/// One backlog as the review takes it.
fn reviewed<'a>(
    views: &'a Views<'a>,
    ranking: &'a [RankedItem],
    average_velocity: Option<f64>,
    as_of: i64,
) -> ReviewedBacklog<'a> {
    ReviewedBacklog { items: &views.items, links: &views.links, ranking, average_velocity, as_of }
}
