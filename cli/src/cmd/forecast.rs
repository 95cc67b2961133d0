//! `refine forecast INPUT...`: Monte Carlo forecasts from the team's own history. By default the
//! ranked open backlog: the sprint (or week) in which each item is done at 50% and 85%
//! confidence — the cut line — and when all of it is done. `--points P` / `--items N` forecast an
//! amount instead; `--by DATE` adds how much is done by then and the probability of finishing.
//!
//! History is the completed points of past sprints (`--per sprint`, the default when the inputs
//! have sprints) or the items finished per ISO week (`--per week`). Unestimated items are sized
//! at the median estimate of the ranked items, with a warning.

use std::process::ExitCode;

use anyhow::Context;
use refine_engine::estimates::estimates_by_key;
use refine_engine::flow::flow;
use refine_engine::forecast::plan::{PastPeriods, forecast_ranked, sprint_history, week_history};
use refine_engine::forecast::{amount_by, forecast_amount, probability_by};
use refine_engine::load::Workspace;
use refine_engine::model::Table;
use refine_engine::model::view::{History, Items, Sprints};
use refine_engine::run::{PrioritizeOptions, prioritize};
use refine_engine::velocity::velocity;
use refine_reports::records::Records;
use refine_reports::tables::backlog_forecast_tables;
use serde::Serialize;

use crate::args::{ForecastArgs, ForecastPeriod, GlobalArgs};
use crate::document::{CommandResult, write_result};
use crate::settings::{load_dated_workspace, parse_date};

/// Runs `refine forecast`.
pub fn run(global: &GlobalArgs, args: ForecastArgs) -> anyhow::Result<ExitCode> {
    let (options, workspace, as_of) = load_dated_workspace(global, &args.inputs, &args.as_of)?;
    let config = &options.config;
    let mut settings = config.forecast.clone();
    if let Some(seed) = args.seed {
        settings.seed = seed;
    }
    if let Some(trials) = args.trials {
        settings.trials = trials;
    }
    let per = args.per.unwrap_or(if workspace.table(Table::Sprints).height() > 0 {
        ForecastPeriod::Sprint
    } else {
        ForecastPeriod::Week
    });
    let past = past_periods(&workspace, &options.config, as_of, per, args.items.is_some())?;
    let history = past.history();
    let mut warnings = vec![past.summary()];
    let mut tables = Vec::new();

    let amount = args.points.or(args.items.map(|items| items as f64));
    match amount {
        Some(amount) => {
            let report = forecast_amount(&history, amount, &settings)?;
            warnings.extend(report.warnings.iter().cloned());
            tables.push(("forecast", Records::from_serialize(&report.percentiles)));
        }
        None => {
            let prioritization = prioritize(&workspace, config, &PrioritizeOptions::default())?;
            let estimates = estimates_by_key(&Items::decode(&workspace.table(Table::Items))?);
            let report = forecast_ranked(&prioritization.ranking.items, &estimates, &past, &settings)?;
            warnings.extend(report.warnings.iter().cloned());
            tables.extend(backlog_forecast_tables(&report));
        }
    }
    if let Some(by) = &args.by {
        let date = parse_date("--by", by)?;
        let report = amount_by(&history, date, &settings)?;
        warnings.extend(report.warnings.iter().cloned());
        tables.push(("amount_by_date", Records::from_serialize(&report.percentiles)));
        if let Some(amount) = amount {
            let probability = probability_by(&history, amount, date, &settings)?;
            tables.push((
                "probability",
                Records::from_serialize(&[ProbabilityRow {
                    by: by.clone(),
                    amount,
                    probability: probability.probability,
                }]),
            ));
        }
    }

    write_result(
        &args.output,
        &CommandResult {
            command: "forecast",
            as_of: Some(as_of),
            inputs: &args.inputs,
            tables: &tables,
            warnings: &warnings,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The chance of finishing an amount by a date.
#[derive(Serialize)]
struct ProbabilityRow {
    by: String,
    amount: f64,
    probability: f64,
}

/// The past sprints (completed points, or items with `count_items`) or ISO weeks (items
/// finished) the forecast draws from.
fn past_periods(
    workspace: &Workspace,
    config: &refine_engine::config::Config,
    as_of: i64,
    per: ForecastPeriod,
    count_items: bool,
) -> anyhow::Result<PastPeriods> {
    let (items, history) = (workspace.table(Table::Items), workspace.table(Table::History));
    let (items, history) = (Items::decode(&items)?, History::decode(&history)?);
    match per {
        ForecastPeriod::Sprint => {
            let report = velocity(
                &Sprints::decode(&workspace.table(Table::Sprints))?,
                &items,
                &history,
                &config.status,
                &config.velocity,
            )?;
            sprint_history(&report, as_of, count_items)
                .context("no finished sprint has a completed amount; give a sprint report, or use --per week")
        }
        ForecastPeriod::Week => {
            Ok(week_history(&flow(&items, &history, &config.status, as_of, &config.flow)?, as_of))
        }
    }
}
