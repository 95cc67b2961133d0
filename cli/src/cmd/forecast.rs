//! `refine forecast INPUT...`: Monte Carlo forecasts from the team's own history. By default the
//! ranked open backlog: the sprint (or week) in which each item is done at 50% and 85%
//! confidence — the cut line — and when all of it is done. `--points P` / `--items N` forecast an
//! amount instead; `--by DATE` adds how much is done by then and the probability of finishing.
//!
//! History is the completed points of past sprints (`--per sprint`, the default when the inputs
//! have sprints) or the items finished per ISO week (`--per week`). Unestimated items are sized
//! at the median estimate of the ranked items, with a warning.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context, bail};
use refine_engine::estimates::estimates_by_key;
use refine_engine::flow::flow;
use refine_engine::forecast::{
    BacklogItem, History, amount_by, coverage, forecast_amount, forecast_backlog, probability_by,
};
use refine_engine::load::dates::iso;
use refine_engine::load::{Workspace, dates, load_inputs};
use refine_engine::model::Table;
use refine_engine::prioritize::{PrioritizeOptions, prioritize};
use refine_engine::rank::RankedItem;
use refine_engine::stats;
use refine_engine::velocity::velocity;
use refine_reports::format::Document;
use refine_reports::records::Records;
use serde::Serialize;

use crate::args::{ForecastArgs, ForecastPeriod, GlobalArgs};
use crate::document::write_document;
use crate::settings::{as_of, input_names, load_options, parse_date};

const DAY_MS: i64 = 86_400_000;

/// The past the simulation draws from.
struct PastPeriods {
    samples: Vec<f64>,
    period_days: f64,
    next_start: i64,
    unit: &'static str,
}

/// Runs `refine forecast`.
pub fn run(global: &GlobalArgs, args: ForecastArgs) -> anyhow::Result<ExitCode> {
    let options = load_options(global)?;
    let config = &options.config;
    let workspace = load_inputs(&args.inputs, &options)?;
    let as_of = as_of(&args.as_of, &workspace)?.context("the inputs have no dates; give --as-of DATE")?;
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
    let history =
        History { samples: &past.samples, period_days: past.period_days, next_start: past.next_start };
    let mut warnings = vec![format!(
        "history: {} {}s, {} per {} on average",
        past.samples.len(),
        past.unit,
        stats::mean(&past.samples).map_or("no amount".to_owned(), |mean| format!("{mean:.1}")),
        past.unit
    )];
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
            let estimates = estimates_by_key(&workspace.table(Table::Items))?;
            let (items, unestimated) = backlog_items(&prioritization.ranking.items, &estimates, per);
            if unestimated > 0 {
                warnings.push(format!(
                    "{unestimated} unestimated items sized at the median estimate of the ranked items"
                ));
            }
            let report = forecast_backlog(&history, &items, &settings)?;
            warnings.extend(report.warnings.iter().cloned());
            let ready: f64 = items.iter().map(|item| item.size).sum();
            if let Some(sprints) = coverage(ready, &past.samples) {
                warnings.push(format!(
                    "coverage: the ranked backlog is {sprints:.1} {}s of work at the average pace",
                    past.unit
                ));
            }
            tables.push(("forecast", Records::from_serialize(&report.percentiles)));
            tables.push(("items", Records::from_serialize(&report.items)));
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

    let inputs = input_names(&args.inputs);
    let as_of_text = iso(as_of);
    let document = Document {
        command: "forecast",
        as_of: as_of_text.as_deref(),
        inputs: &inputs,
        tables,
        warnings: &warnings,
    };
    write_document(&args.output, &document)?;
    Ok(ExitCode::SUCCESS)
}

/// The chance of finishing an amount by a date.
#[derive(Serialize)]
struct ProbabilityRow {
    by: String,
    amount: f64,
    probability: f64,
}

/// Completed points (or items) of the finished sprints, or items finished per ISO week.
fn past_periods(
    workspace: &Workspace,
    config: &refine_engine::config::Config,
    as_of: i64,
    per: ForecastPeriod,
    count_items: bool,
) -> anyhow::Result<PastPeriods> {
    let (items, history) = (workspace.table(Table::Items), workspace.table(Table::History));
    match per {
        ForecastPeriod::Sprint => {
            let report =
                velocity(&workspace.table(Table::Sprints), &items, &history, config, &config.velocity)?;
            let finished: Vec<_> = report
                .sprints
                .iter()
                .filter(|sprint| !matches!(sprint.state.as_deref(), Some("future" | "active")))
                .collect();
            let samples: Vec<f64> = finished
                .iter()
                .filter_map(|sprint| {
                    if count_items {
                        sprint.completed_items.map(|items| items as f64)
                    } else {
                        sprint.completed_points
                    }
                })
                .collect();
            let starts: Vec<i64> = finished
                .iter()
                .filter_map(|sprint| sprint.start.as_deref().and_then(dates::parse_timestamp))
                .collect();
            let gaps: Vec<f64> = starts
                .windows(2)
                .map(|pair| (pair[1] - pair[0]) as f64 / DAY_MS as f64)
                .filter(|days| *days > 0.0)
                .collect();
            let period_days = stats::median(&gaps).unwrap_or(14.0);
            let next_start =
                starts.last().map_or(as_of, |last| last + (period_days * DAY_MS as f64) as i64).max(as_of);
            if samples.is_empty() {
                bail!("no finished sprint has a completed amount; give a sprint report, or use --per week");
            }
            Ok(PastPeriods { samples, period_days, next_start, unit: "sprint" })
        }
        ForecastPeriod::Week => {
            let report = flow(&items, &history, config, as_of, &config.flow)?;
            let samples: Vec<f64> = report.throughput.iter().map(|week| week.items as f64).collect();
            let next_start = report
                .throughput
                .last()
                .map_or(as_of, |week| dates::date_millis(week.week_start) + 7 * DAY_MS);
            Ok(PastPeriods { samples, period_days: 7.0, next_start, unit: "week" })
        }
    }
}

/// The ranked items as forecast sizes: estimates per sprint (unestimated ones at the median
/// estimate), one each per week; and how many were unestimated.
fn backlog_items(
    ranked: &[RankedItem],
    estimates: &BTreeMap<String, f64>,
    per: ForecastPeriod,
) -> (Vec<BacklogItem>, usize) {
    if per == ForecastPeriod::Week {
        return (ranked.iter().map(|item| BacklogItem { key: item.key.clone(), size: 1.0 }).collect(), 0);
    }
    let known: Vec<f64> = ranked.iter().filter_map(|item| estimates.get(&item.key).copied()).collect();
    let median = stats::median(&known).unwrap_or(1.0);
    let items = ranked
        .iter()
        .map(|item| BacklogItem {
            key: item.key.clone(),
            size: estimates.get(&item.key).copied().unwrap_or(median),
        })
        .collect();
    (items, ranked.len() - known.len())
}
