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
use crate::health::review::{HealthReview, review};
use crate::load::Workspace;
use crate::model::Table;
use crate::model::view::{FrameError, History, Items, Sprints, Votes};
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
    let history = workspace.table(Table::History);
    let votes = workspace.table(Table::Votes);
    let sprints = workspace.table(Table::Sprints);
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
                review(workspace, config, as_of, ranking, velocity.as_ref(), None)
                    .map_err(|error| error.to_string())
            }))
        },
    );
    let estimates = unless_failed(Stage::Estimates, estimates_result, &mut skipped);
    let forecast = keep(Stage::Forecast, forecast_result, MissingInput::PastPeriods, &mut skipped);
    let health = keep(Stage::Health, health_result, MissingInput::Dates, &mut skipped);
    let agenda = match (&health, as_of) {
        (Some(review), Some(as_of)) => Some(observe(observer, Stage::Agenda, || {
            let session = SessionInputs {
                items: &items,
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
/// (against `previous` when given).
pub fn health_review(
    workspace: &Workspace,
    config: &Config,
    as_of: i64,
    previous: Option<&Workspace>,
) -> Result<(Prioritization, HealthReview), RunError> {
    let (prioritization, velocity) = rayon::join(
        || prioritize(workspace, config, &PrioritizeOptions::default()),
        || workspace_velocity(workspace, &config.status, &config.velocity),
    );
    let (prioritization, velocity) = (prioritization?, velocity?);
    let review =
        review(workspace, config, as_of, &prioritization.ranking.items, velocity.as_ref(), previous)?;
    Ok((prioritization, review))
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
    let items = workspace.table(Table::Items);
    let (reviewed, poker) = rayon::join(
        || health_review(workspace, config, as_of, None),
        || {
            let (history, votes) = (workspace.table(Table::History), workspace.table(Table::Votes));
            let (backlog, history, votes) =
                (Items::decode(&items)?, History::decode(&history)?, Votes::decode(&votes)?);
            estimates(&backlog, &history, &votes, None, &config.estimates)
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
