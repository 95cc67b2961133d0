//! Every analysis over one workspace at once, as `refine report` runs them: independent ones
//! in parallel, each later one fed by the results it needs.
//!
//! ```text
//! prioritize ─┬─ forecast ─────────┐
//! velocity ───┼─ health review ────┼─ agenda
//! flow ───────┴─ estimates ────────┘
//! ```
//!
//! Prioritization, velocity and flow (with the cumulative flow) read only the canonical tables
//! and run side by side (rayon `join`); then estimates take the cycle times of the flow, the
//! forecast the ranking with the velocity (per sprint when the inputs have sprints) or the
//! weekly throughput, and the health review the ranking with the velocity; the agenda needs
//! the estimates' poker flags and the review's findings.
//!
//! The ranking is the report's spine: when it cannot be made the run fails. Every other
//! analysis is optional: one that has nothing to work on (no sprints, no history, no dates) or
//! fails is left out with a reason that says which stage and why
//! ([`Skipped`](crate::run::Skipped)), and the rest of the report stands.
//! Results do not depend on the thread count: each analysis is deterministic on its own.

use std::collections::BTreeMap;

use super::RunError;
use super::past::past_of_results;
use super::prioritize::{Prioritization, PrioritizeError, PrioritizeOptions, prioritize};
use super::skipped::{MissingInput, Skipped};
use super::stage::{Stage, StageObserver, observe};
use crate::agenda::{Agenda, SessionInputs, plan_session};
use crate::config::Config;
use crate::estimates::{EstimatesReport, cycle_times, estimates, estimates_by_key};
use crate::flow::{CumulativeFlow, FlowReport, cumulative_flow, flow};
use crate::forecast::ForecastReport;
use crate::forecast::plan::{PastPeriods, forecast_ranked};
use crate::health::{HealthReview, ReviewInputs, ReviewedBacklog, review};
use crate::load::Workspace;
use crate::model::Table;
use crate::model::view::{FrameError, History, Items, Links, Sprints, Votes};
use crate::rank::RankedItem;
use crate::velocity::{VelocityReport, velocity, workspace_velocity};

/// The forecast of the ranked backlog and what it drew from.
#[derive(Debug, Clone)]
pub struct BacklogForecast {
    /// The past periods.
    pub past: PastPeriods,
    /// Each item's cut line and when all of it is done.
    pub report: ForecastReport,
}

/// Every analysis of the workspace.
#[derive(Debug, Clone)]
pub struct Analyses {
    /// The as-of instant (UTC ms) every time-relative figure uses; `None` when the inputs have
    /// no dates (then velocity, flow and the forecast are left out).
    pub as_of: Option<i64>,
    /// The ranked backlog with its demand and opportunities.
    pub prioritization: Prioritization,
    /// Sprint velocity, when the inputs have sprints or a history to derive them from.
    pub velocity: Option<VelocityReport>,
    /// Flow metrics, when the inputs have a status history.
    pub flow: Option<FlowReport>,
    /// Items per status category per day over the health window, with the flow.
    pub cumulative_flow: Option<CumulativeFlow>,
    /// Estimation figures.
    pub estimates: Option<EstimatesReport>,
    /// The forecast of the ranked backlog.
    pub forecast: Option<BacklogForecast>,
    /// The health review (needs dates).
    pub health: Option<HealthReview>,
    /// The next refinement session (needs the health review).
    pub agenda: Option<Agenda>,
    /// Analyses left out, and why, in the order the run decided it.
    pub skipped: Vec<Skipped>,
}

/// The canonical columns the analyses read of the tables they do not read whole: only
/// prioritization reads the feedback ([`super::prioritize::columns_read`]). Loaded with these
/// ([`crate::load::LoadOptions::columns_read`]), every analysis gives what it gives on a
/// workspace read whole.
pub fn columns_read() -> BTreeMap<Table, &'static [&'static str]> {
    super::prioritize::columns_read()
}

/// Runs every analysis over `workspace` as of `as_of`.
pub fn analyse(
    workspace: &Workspace,
    config: &Config,
    as_of: Option<i64>,
    observer: &dyn StageObserver,
) -> Result<Analyses, PrioritizeError> {
    let items = workspace.table(Table::Items);
    let links = workspace.table(Table::Links);
    let history = workspace.table(Table::History);
    let votes = workspace.table(Table::Votes);
    let sprints = workspace.table(Table::Sprints);
    // Decoded once for the health review and the agenda; a frame that cannot be decoded leaves
    // them out with the reason.
    let views = Items::decode(&items).and_then(|items| Ok((items, Links::decode(&links)?)));
    let has_sprints = sprints.height() > 0;
    let has_history = history.height() > 0;
    // The views velocity, flow, cumulative flow, estimates and forecast borrow, decoded once.
    let (items_view, history_view, votes_view) =
        (Items::decode(&items), History::decode(&history), Votes::decode(&votes));
    let sprints_view = Sprints::decode(&sprints);

    let ((prioritization, velocity_result), flow_result) = rayon::join(
        || {
            rayon::join(
                || {
                    observe(observer, Stage::Prioritize, || {
                        prioritize(workspace, config, &PrioritizeOptions::default())
                    })
                },
                || {
                    (has_sprints || has_history).then(|| {
                        observe(observer, Stage::Velocity, || {
                            let sprints = decoded(&sprints_view)?;
                            let (items, history) = (decoded(&items_view)?, decoded(&history_view)?);
                            velocity(sprints, items, history, &config.status, &config.velocity)
                                .map_err(|error| error.to_string())
                        })
                    })
                },
            )
        },
        || {
            let as_of = as_of.filter(|_| has_history)?;
            Some(observe(observer, Stage::Flow, || {
                let (items, history) = (decoded(&items_view)?, decoded(&history_view)?);
                let report = flow(items, history, &config.status, as_of, &config.flow)
                    .map_err(|error| error.to_string())?;
                let days = config.health.window_days as usize;
                Ok((report, cumulative_flow(items, history, &config.status, as_of, days)))
            }))
        },
    );
    let prioritization = prioritization?;
    let mut skipped = Vec::new();
    let velocity = keep(Stage::Velocity, velocity_result, MissingInput::SprintsAndHistory, &mut skipped);
    let (flow, cumulative_flow) =
        keep(Stage::Flow, flow_result, MissingInput::DatedHistory, &mut skipped).unzip();

    let ranking = &prioritization.ranking.items;
    let ((estimates_result, forecast_result), health_result) = rayon::join(
        || {
            rayon::join(
                || {
                    observe(observer, Stage::Estimates, || {
                        let days = flow.as_ref().and_then(cycle_times);
                        let (items, history) = (decoded(&items_view)?, decoded(&history_view)?);
                        estimates(items, history, decoded(&votes_view)?, days.as_ref(), &config.estimates)
                            .map_err(|error| error.to_string())
                    })
                },
                || {
                    let past = past_of_results(as_of?, has_sprints, velocity.as_ref(), flow.as_ref())?;
                    Some(observe(observer, Stage::Forecast, || {
                        let estimates = estimates_by_key(decoded(&items_view)?);
                        forecast_ranked(ranking, &estimates, &past, &config.forecast)
                            .map(|report| BacklogForecast { past: past.clone(), report })
                            .map_err(|error| error.to_string())
                    }))
                },
            )
        },
        || {
            let as_of = as_of?;
            Some(observe(observer, Stage::Health, || {
                let (items, links) = views.as_ref().map_err(|error| error.to_string())?;
                let current = ReviewedBacklog {
                    items,
                    links,
                    ranking,
                    average_velocity: velocity.as_ref().and_then(VelocityReport::average_velocity),
                    as_of,
                };
                let inputs = ReviewInputs {
                    current,
                    previous: None,
                    health: &config.health,
                    duplicates: &config.duplicates,
                };
                review(&inputs).map_err(|error| error.to_string())
            }))
        },
    );
    let estimates = unless_failed(Stage::Estimates, estimates_result, &mut skipped);
    let forecast = keep(Stage::Forecast, forecast_result, MissingInput::PastPeriods, &mut skipped);
    let health = keep(Stage::Health, health_result, MissingInput::Dates, &mut skipped);
    let agenda = match (&health, as_of, &views) {
        (Some(review), Some(as_of), Ok((items, _))) => Some(observe(observer, Stage::Agenda, || {
            let session = SessionInputs {
                items,
                ranking,
                estimates: estimates.as_ref(),
                review,
                as_of,
                since: None,
                minutes: None,
            };
            plan_session(&session, &config.agenda)
        })),
        _ => {
            skipped.push(Skipped::missing(Stage::Agenda, MissingInput::HealthReview));
            None
        }
    };

    Ok(Analyses {
        as_of,
        prioritization,
        velocity,
        flow,
        cumulative_flow,
        estimates,
        forecast,
        health,
        agenda,
        skipped,
    })
}

/// `refine health`: the ranking and the velocity that size the near top, then the review
/// (against `previous` when given, ranked and sized the same way as of its own latest date).
pub fn health_review(
    workspace: &Workspace,
    config: &Config,
    as_of: i64,
    previous: Option<&Workspace>,
) -> Result<(Prioritization, HealthReview), RunError> {
    let (items, links) = (workspace.table(Table::Items), workspace.table(Table::Links));
    let (items, links) = (Items::decode(&items)?, Links::decode(&links)?);
    review_of(workspace, &items, &links, config, as_of, previous)
}

/// [`health_review`] of the workspace's items and links already decoded.
fn review_of(
    workspace: &Workspace,
    items: &Items<'_>,
    links: &Links<'_>,
    config: &Config,
    as_of: i64,
    previous: Option<&Workspace>,
) -> Result<(Prioritization, HealthReview), RunError> {
    let ((prioritization, velocity), previous_sizing) = rayon::join(
        || {
            rayon::join(
                || prioritize(workspace, config, &PrioritizeOptions::default()),
                || workspace_velocity(workspace, &config.status, &config.velocity),
            )
        },
        || previous.map(|previous| rank_and_size(previous, config)).transpose(),
    );
    let (prioritization, velocity, previous_sizing) = (prioritization?, velocity?, previous_sizing?);
    let previous_frames =
        previous.map(|previous| (previous.table(Table::Items), previous.table(Table::Links)));
    let previous_views = match &previous_frames {
        Some((items, links)) => Some((Items::decode(items)?, Links::decode(links)?)),
        None => None,
    };
    let previous = previous_views.as_ref().zip(previous_sizing.as_ref()).map(
        |((items, links), (ranking, average_velocity, as_of))| ReviewedBacklog {
            items,
            links,
            ranking,
            average_velocity: *average_velocity,
            as_of: *as_of,
        },
    );
    let current = ReviewedBacklog {
        items,
        links,
        ranking: &prioritization.ranking.items,
        average_velocity: velocity.as_ref().and_then(VelocityReport::average_velocity),
        as_of,
    };
    let inputs = ReviewInputs { current, previous, health: &config.health, duplicates: &config.duplicates };
    let review = review(&inputs)?;
    Ok((prioritization, review))
}

/// The previous snapshot's ranking, average velocity and as-of instant (its latest date).
fn rank_and_size(
    previous: &Workspace,
    config: &Config,
) -> Result<(Vec<RankedItem>, Option<f64>, i64), RunError> {
    let as_of = previous.latest_timestamp().ok_or(RunError::PreviousUndated)?;
    let ranking = prioritize(previous, config, &PrioritizeOptions::default())
        .map_err(RunError::PreviousRanking)?
        .ranking
        .items;
    let average = workspace_velocity(previous, &config.status, &config.velocity)
        .map_err(RunError::PreviousVelocity)?
        .and_then(|report| report.average_velocity());
    Ok((ranking, average, as_of))
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
    let (items_frame, links_frame) = (workspace.table(Table::Items), workspace.table(Table::Links));
    let (items, links) = (Items::decode(&items_frame)?, Links::decode(&links_frame)?);
    let (reviewed, poker) = rayon::join(
        || review_of(workspace, &items, &links, config, as_of, None),
        || {
            let (history, votes) = (workspace.table(Table::History), workspace.table(Table::Votes));
            let (history, votes) = (History::decode(&history)?, Votes::decode(&votes)?);
            estimates(&items, &history, &votes, None, &config.estimates)
        },
    );
    let ((prioritization, review), poker) = (reviewed?, poker?);
    let session = SessionInputs {
        items: &items,
        ranking: &prioritization.ranking.items,
        estimates: Some(&poker),
        review: &review,
        as_of,
        since,
        minutes,
    };
    Ok(plan_session(&session, &config.agenda))
}

/// A decoded view, or what stopped its decoding (a stage's failure).
fn decoded<T>(view: &Result<T, FrameError>) -> Result<&T, String> {
    view.as_ref().map_err(ToString::to_string)
}

/// The result of an optional stage, or `None` with the reason in `skipped`: `missing` when the
/// stage had nothing to work on (it did not run), the error when it failed.
fn keep<T>(
    stage: Stage,
    result: Option<Result<T, String>>,
    missing: MissingInput,
    skipped: &mut Vec<Skipped>,
) -> Option<T> {
    match result {
        Some(result) => unless_failed(stage, result, skipped),
        None => {
            skipped.push(Skipped::missing(stage, missing));
            None
        }
    }
}

/// The result of a stage that always runs, or `None` with its error in `skipped`.
fn unless_failed<T>(stage: Stage, result: Result<T, String>, skipped: &mut Vec<Skipped>) -> Option<T> {
    result.map_err(|error| skipped.push(Skipped::failed(stage, error))).ok()
}
