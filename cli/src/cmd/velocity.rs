//! `refine velocity INPUT...`: delivery per sprint and team (committed, added, removed,
//! completed, say/do, rolling velocity, predictability) and flow (throughput per ISO week,
//! cycle and lead time percentiles, aging work in progress).
//!
//! The sprint figures need no date: a sprint report without dates (common in research data) is
//! read in file order (or by sprint id). Only the flow figures are counted up to an as-of date;
//! when the inputs have no dates and no `--as-of` is given they are left out, and a warning
//! names them and asks for `--as-of` when there are items they would describe.

use std::process::ExitCode;

use refine_engine::run::delivery;
use refine_reports::tables::{delivery_tables, delivery_warnings};

use crate::args::{GlobalArgs, VelocityArgs};
use crate::document::{CommandResult, write_result};
use crate::settings::load_workspace;

/// The warning when the flow figures are left out for want of a date.
const FLOW_NEEDS_A_DATE: &str = "throughput, cycle and lead time and aging work in progress are left \
out: they are counted up to a date and the inputs have none; give --as-of DATE for them";

/// Runs `refine velocity`.
pub fn run(global: &GlobalArgs, args: VelocityArgs) -> anyhow::Result<ExitCode> {
    let (options, workspace, as_of) = load_workspace(global, &args.inputs, &args.as_of)?;
    let delivery = delivery(&workspace, &options.config, as_of)?;

    let mut warnings = delivery_warnings(Some(&delivery.velocity), delivery.flow.as_ref());
    if delivery.flow_needs_a_date {
        warnings.push(FLOW_NEEDS_A_DATE.to_owned());
    }
    write_result(
        &args.output,
        &CommandResult {
            command: "velocity",
            as_of,
            inputs: &args.inputs,
            tables: &delivery_tables(Some(&delivery.velocity), delivery.flow.as_ref()),
            warnings: &warnings,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
