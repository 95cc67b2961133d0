//! Every analysis over one workspace at once, as `refine report` runs them: independent ones
//! in parallel, each later one fed by the results it needs.
//!
//! ```text
//! prioritize ─┬─ forecast ─────────┐
//! velocity ───┼─ health review ────┼─ agenda
//! flow ───────┴─ estimates ────────┘
//! ```
//!
//! The frames are decoded once into views ([`super::views`]). Prioritization, velocity and flow
//! (with the cumulative flow) read only those
//! and run side by side (rayon `join`); then estimates take the cycle times of the flow, the
//! forecast the ranking with the velocity (per sprint when the inputs have sprints) or the
//! weekly throughput, and the health review the ranking with the velocity; the agenda needs
//! the estimates' poker flags and the review's findings. Last, the ranked items' tracker
//! addresses ([`super::item_urls`]) and the data-quality findings ([`super::quality`], from the
//! loaded files, the views and the flow) are gathered; they are cheap and not a stage of their own.
//!
//! The ranking is the report's spine: when it cannot be made the run fails. Every other
//! analysis is optional: one that has nothing to work on (no sprints, no history, no dates) or
//! fails is left out with a reason that says which stage and why
//! ([`Skipped`](crate::run::Skipped)), and the rest of the report stands.
//! Results do not depend on the thread count: each analysis is deterministic on its own.

use std::collections::BTreeMap;

use super::RunError;
use super::feedback::files_read;
use super::item_urls::item_urls;
use super::past::past_of_results;
use super::prioritize::{Prioritization, PrioritizeInputs, PrioritizeOptions, prioritize_views};
use super::quality::{DataQuality, QualityInputs, data_quality};
use super::review::current_review;
use super::skipped::{MissingInput, Skipped};
use super::stage::{Stage, StageObserver, observe};
use super::views::Frames;
use crate::agenda::{Agenda, SessionInputs, plan_session};
use crate::config::Config;
use crate::estimates::{EstimatesReport, cycle_times, estimates, estimates_by_key};
use crate::flow::{CumulativeFlow, FlowReport, cumulative_flow, flow};
use crate::forecast::ForecastReport;
use crate::forecast::plan::{PastPeriods, forecast_ranked};
use crate::health::HealthReview;
use crate::load::{Workspace, latest_timestamp};
use crate::model::Table;
use crate::velocity::{VelocityReport, velocity};

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
    /// The tracker address of each ranked item, by key: the export's address (Jira `self`,
    /// GitHub `html_url`, ...) first, else `[report] item_url` with the key; items with neither
    /// are not in the map.
    pub item_urls: BTreeMap<String, String>,
    /// What in the inputs makes the figures less complete than they look.
    pub data_quality: DataQuality,
}

/// The canonical columns the analyses read of the tables they do not read whole: only
/// prioritization reads the feedback, through demand. Loaded with these
/// ([`crate::load::LoadOptions::columns_read`]), every analysis gives what it gives on a
/// workspace read whole.
pub fn columns_read() -> BTreeMap<Table, &'static [&'static str]> {
    super::prioritize::columns_read()
}

/// Runs every analysis over `workspace` as of `as_of`, prioritizing with `prioritize` (the
/// model, a previous ranking to compare with). `as_of` is the instant the user gave; `None`
/// takes the latest timestamp in the inputs, the feedback read in batches included (then the
/// flow waits for prioritization, which reads that feedback), or none when they have no dates.
/// The canonical frames are decoded once, and every analysis borrows the views.
pub fn analyse(
    workspace: &Workspace,
    config: &Config,
    as_of: Option<i64>,
    prioritize: &PrioritizeOptions,
    observer: &dyn StageObserver,
) -> Result<Analyses, RunError> {
    let frames = Frames::of(workspace);
    let views = frames.decode()?;
    let (items, history) = (&views.items, &views.history);
    let has_sprints = !views.sprints.is_empty();
    let has_history = !history.is_empty();
    // `Some(as_of)` when the as-of instant is known before the feedback read in batches is (it
    // is given, or no feedback is read in batches); the instant itself is `None` when the inputs
    // have no dates. The flow starts beside prioritization only when it is known.
    let as_of_before_feedback = match as_of {
        Some(given) => Some(Some(given)),
        None if views.feedback_streams.is_empty() => Some(workspace.latest_timestamp()),
        None => None,
    };
    let flow_as_of = |as_of: Option<i64>| {
        let as_of = as_of.filter(|_| has_history)?;
        Some(observe(observer, Stage::Flow, || {
            let report = flow(items, history, &config.status, as_of, &config.flow)
                .map_err(|error| error.to_string())?;
            let days = config.health.window_days as usize;
            Ok((report, cumulative_flow(items, history, &config.status, as_of, days)))
        }))
    };

    let ((prioritization, velocity_result), early_flow) = rayon::join(
        || {
            rayon::join(
                || {
                    observe(observer, Stage::Prioritize, || {
                        prioritize_views(&PrioritizeInputs::of(&views), config, prioritize)
                    })
                },
                || {
                    (has_sprints || has_history).then(|| {
                        observe(observer, Stage::Velocity, || {
                            velocity(&views.sprints, items, history, &config.status, &config.velocity)
                                .map_err(|error| error.to_string())
                        })
                    })
                },
            )
        },
        || as_of_before_feedback.map(flow_as_of),
    );
    let prioritization = prioritization?;
    let files = files_read(&workspace.files, &prioritization.streamed_files);
    let as_of = as_of_before_feedback.unwrap_or_else(|| latest_timestamp(&files));
    let flow_result = early_flow.unwrap_or_else(|| flow_as_of(as_of));
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
                        estimates(items, history, &views.votes, days.as_ref(), &config.estimates)
                            .map_err(|error| error.to_string())
                    })
                },
                || {
                    let past = past_of_results(as_of?, has_sprints, velocity.as_ref(), flow.as_ref())?;
                    Some(observe(observer, Stage::Forecast, || {
                        forecast_ranked(ranking, &estimates_by_key(items), &past, &config.forecast)
                            .map(|report| BacklogForecast { past: past.clone(), report })
                            .map_err(|error| error.to_string())
                    }))
                },
            )
        },
        || {
            let as_of = as_of?;
            Some(observe(observer, Stage::Health, || {
                current_review(&views, config, as_of, ranking, velocity.as_ref())
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

    let ranked_keys: Vec<&str> = ranking.iter().map(|item| item.key.as_str()).collect();
    let item_urls = item_urls(items, ranked_keys.iter().copied(), &config.report);
    let data_quality = data_quality(&QualityInputs {
        files: &files,
        items,
        links: &views.links,
        unknown_feedback_keys: prioritization.demand.as_ref().map(|demand| &demand.unknown_keys),
        flow: flow.as_ref(),
        ranked_keys: &ranked_keys,
    });

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
        item_urls,
        data_quality,
    })
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
