//! `refine forecast INPUT...`: Monte Carlo forecasts from the team's own history. By default the
//! ranked open backlog: the sprint (or week) in which each item is done at 50% and 85%
//! confidence — the cut line — and when all of it is done. `--points P` / `--items N` forecast an
//! amount instead; `--by DATE` adds how much is done by then and the probability of finishing.
//!
//! History is the completed points of past sprints (`--per sprint`, the default when the inputs
//! have sprints) or the items finished per ISO week (`--per week`). Unestimated items are sized
//! at the median estimate of the ranked items, with a warning.

use std::process::ExitCode;

use refine_engine::forecast::plan::Period;
use refine_engine::run::{Amount, ForecastRequest, RunError, forecast};
use refine_reports::tables::{backlog_forecast_tables, table_of};
use serde::Serialize;

use crate::args::{ForecastArgs, ForecastPeriod, GlobalArgs};
use crate::document::{CommandResult, write_result};
use crate::settings::{load_dated_workspace, parse_date};

/// Runs `refine forecast`.
pub fn run(global: &GlobalArgs, args: ForecastArgs) -> anyhow::Result<ExitCode> {
    let (options, workspace, as_of) = load_dated_workspace(global, &args.inputs, &args.as_of)?;
    let mut settings = options.config.forecast.clone();
    if let Some(seed) = args.seed {
        settings.seed = seed;
    }
    if let Some(trials) = args.trials {
        settings.trials = trials;
    }
    let by = args.by.as_deref().map(|by| parse_date("--by", by)).transpose()?;
    let request = ForecastRequest {
        per: args.per.map(|per| match per {
            ForecastPeriod::Sprint => Period::Sprint,
            ForecastPeriod::Week => Period::Week,
        }),
        amount: args.points.map(Amount::Points).or(args.items.map(Amount::Items)),
        by,
        settings,
    };
    let run = match forecast(&workspace, &options.config, as_of, &request) {
        Err(RunError::NoFinishedSprint) => anyhow::bail!(
            "no finished sprint has a completed amount; give a sprint report, or use --per week"
        ),
        result => result?,
    };

    let mut warnings = vec![run.past.summary()];
    warnings.extend(run.forecast.warnings.iter().cloned());
    let mut tables = if run.of_backlog {
        backlog_forecast_tables(&run.forecast)
    } else {
        vec![table_of("forecast", &run.forecast.percentiles)]
    };
    if let Some(report) = &run.by_date {
        warnings.extend(report.warnings.iter().cloned());
        tables.push(table_of("amount_by_date", &report.percentiles));
    }
    if let (Some(by), Some(amount), Some(probability)) = (&args.by, request.amount, run.probability) {
        let amount = amount.value();
        tables.push(table_of("probability", [ProbabilityRow { by: by.clone(), amount, probability }]));
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
