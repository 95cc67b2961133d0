//! `refine health INPUT... [--previous SNAPSHOT]`: the quarterly backlog review. The DEEP
//! scorecard with the items behind each part, Definition-of-Ready checks, the type mix, stale
//! and oversized items, dependency problems and duplicate candidates; with an earlier export,
//! what changed since (items added, closed, re-estimated, re-prioritised; each score's change).

use std::process::ExitCode;

use anyhow::Context;
use refine_engine::run::health_review;
use refine_reports::tables::{health_tables, health_warnings};

use crate::args::{GlobalArgs, HealthArgs};
use crate::document::{CommandResult, write_result};
use crate::inputs::read_inputs;
use crate::output::refuse_overwriting_inputs;
use crate::settings::load_dated_workspace;

/// Runs `refine health`.
pub fn run(global: &GlobalArgs, args: HealthArgs) -> anyhow::Result<ExitCode> {
    let (options, workspace, as_of) = load_dated_workspace(global, &args.inputs, &args.as_of)?;
    let previous = if args.previous.is_empty() {
        None
    } else {
        Some(read_inputs(&args.previous)?.load(&options.load).context("reading the previous snapshot")?)
    };
    let (_, review) = health_review(&workspace, &options.config, as_of, previous.as_ref())?;

    // The previous snapshot is an export too: never written over.
    refuse_overwriting_inputs(args.output.output.as_deref(), &args.previous)?;
    let warnings = health_warnings(&review);
    write_result(
        &args.output,
        &CommandResult {
            command: "health",
            as_of: Some(as_of),
            inputs: &args.inputs,
            tables: &health_tables(&review),
            warnings: &warnings,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
