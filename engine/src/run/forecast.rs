//! `refine forecast`: the past periods the forecast draws from, then when an amount or the
//! ranked backlog is done, and optionally how much is done by a date.

use super::RunError;
use super::past::{past_periods, sprint_or_week};
use super::prioritize::{PrioritizeInputs, PrioritizeOptions, prioritize_views};
use super::views::Frames;
use crate::config::Config;
use crate::estimates::estimates_by_key;
use crate::forecast::plan::{PastPeriods, Period, forecast_ranked};
use crate::forecast::{
    AmountReport, ForecastReport, ForecastSettings, amount_by, forecast_amount, probability_by,
};
use crate::load::Workspace;

/// What to forecast.
#[derive(Debug, Clone, Default)]
pub struct ForecastRequest {
    /// Draw from past sprints or weeks; by default sprints when the inputs have sprints.
    pub per: Option<Period>,
    /// An amount of points or items instead of the ranked backlog.
    pub amount: Option<Amount>,
    /// Also: how much is done by this instant (UTC ms), and the chance of finishing `amount` by it.
    pub by: Option<i64>,
    /// The simulation's settings (refine.toml's `[forecast]`, with the command line's seed and
    /// trials).
    pub settings: ForecastSettings,
}

/// An amount to forecast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    /// Story points (past sprints' completed points).
    Points(f64),
    /// Items (past sprints' completed items, or items finished per week).
    Items(usize),
}

impl Amount {
    /// The amount as a number.
    pub fn value(self) -> f64 {
        match self {
            Amount::Points(points) => points,
            Amount::Items(items) => items as f64,
        }
    }
}

/// The forecast and what it drew from.
#[derive(Debug, Clone)]
pub struct ForecastRun {
    /// The past periods.
    pub past: PastPeriods,
    /// When the amount, or each ranked item and the whole backlog, is done.
    pub forecast: ForecastReport,
    /// Whether `forecast` is of the ranked backlog (else of an amount).
    pub of_backlog: bool,
    /// How much is done by the requested date.
    pub by_date: Option<AmountReport>,
    /// The chance of finishing the amount by the requested date.
    pub probability: Option<f64>,
}

/// Runs `refine forecast` over `workspace` as of `as_of`.
pub fn forecast(
    workspace: &Workspace,
    config: &Config,
    as_of: i64,
    request: &ForecastRequest,
) -> Result<ForecastRun, RunError> {
    let frames = Frames::of(workspace);
    let views = frames.decode()?;
    let per = request.per.unwrap_or_else(|| sprint_or_week(&views));
    let count_items = matches!(request.amount, Some(Amount::Items(_)));
    let past = past_periods(&views, config, as_of, per, count_items)?;
    let history = past.history();
    let settings = &request.settings;
    let forecast = match request.amount {
        Some(amount) => forecast_amount(&history, amount.value(), settings)?,
        None => {
            let inputs = PrioritizeInputs::of(&views);
            let prioritization = prioritize_views(&inputs, config, &PrioritizeOptions::default())?;
            let estimates = estimates_by_key(&views.items);
            forecast_ranked(&prioritization.ranking.items, &estimates, &past, settings)?
        }
    };
    let by_date = request.by.map(|date| amount_by(&history, date, settings)).transpose()?;
    let probability = match (request.by, request.amount) {
        (Some(date), Some(amount)) => {
            Some(probability_by(&history, amount.value(), date, settings)?.probability)
        }
        _ => None,
    };
    Ok(ForecastRun { past, forecast, of_backlog: request.amount.is_none(), by_date, probability })
}
