//! `refine estimates INPUT...`: how well the team estimates. Planning-poker statistics per item
//! (spread in deck steps, `?` share, suggested card, `discuss` and `spike` flags), each
//! estimator's bias, estimate against actual per estimate bucket with Spearman and Pearson
//! correlations, items far outside their bucket, and re-estimated items.
//!
//! The actual is the cycle time from the status history when the inputs have one, else the time
//! logged or measured in progress.

use std::process::ExitCode;

use anyhow::Context;
use refine_engine::estimates::{cycle_times, estimates};
use refine_engine::flow::flow;
use refine_engine::model::Table;
use refine_engine::model::view::{History, Items, Votes};
use refine_reports::tables::{estimates_tables, estimates_warnings};

use crate::args::{EstimatesArgs, GlobalArgs};
use crate::document::{CommandResult, write_result};
use crate::settings::load_workspace;

/// Runs `refine estimates`.
pub fn run(global: &GlobalArgs, args: EstimatesArgs) -> anyhow::Result<ExitCode> {
    let (options, workspace, as_of) = load_workspace(global, &args.inputs, &args.as_of)?;
    let config = &options.config;
    let (items, history, votes) =
        (workspace.table(Table::Items), workspace.table(Table::History), workspace.table(Table::Votes));
    let (items, history, votes) =
        (Items::decode(&items)?, History::decode(&history)?, Votes::decode(&votes)?);
    let cycle_times = match as_of {
        Some(as_of) if !history.is_empty() => cycle_times(
            &flow(&items, &history, &config.status, as_of, &config.flow)
                .context("cycle times from the history")?,
        ),
        _ => None,
    };
    let report = estimates(&items, &history, &votes, cycle_times.as_ref(), &config.estimates)?;
    let warnings = estimates_warnings(&report);

    write_result(
        &args.output,
        &CommandResult {
            command: "estimates",
            as_of,
            inputs: &args.inputs,
            tables: &estimates_tables(&report),
            warnings: &warnings,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
