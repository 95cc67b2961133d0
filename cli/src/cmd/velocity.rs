//! `refine velocity INPUT...`: delivery per sprint and team (committed, added, removed,
//! completed, say/do, rolling velocity, predictability) and flow (throughput per ISO week,
//! cycle and lead time percentiles, aging work in progress).
//!
//! The sprint figures need no date: a sprint report without dates (common in research data) is
//! read in file order (or by sprint id). Only the flow figures are counted up to an as-of date;
//! when the inputs have no dates and no `--as-of` is given they are left out, and a warning
//! names them and asks for `--as-of` when there are items they would describe.

use std::process::ExitCode;

use refine_engine::flow::flow;
use refine_engine::model::Table;
use refine_engine::model::view::{History, Items, Sprints};
use refine_engine::velocity::velocity;
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
    let (sprints, items, history) =
        (workspace.table(Table::Sprints), workspace.table(Table::Items), workspace.table(Table::History));
    let (sprints, items, history) =
        (Sprints::decode(&sprints)?, Items::decode(&items)?, History::decode(&history)?);
    let config = &options.config;
    let (delivery, flow) = rayon::join(
        || velocity(&sprints, &items, &history, &config.status, &config.velocity),
        || as_of.map(|as_of| flow(&items, &history, &config.status, as_of, &config.flow)).transpose(),
    );
    let (delivery, flow) = (delivery?, flow?);

    let mut warnings = delivery_warnings(Some(&delivery), flow.as_ref());
    if as_of.is_none() && (!items.is_empty() || !history.is_empty()) {
        warnings.push(FLOW_NEEDS_A_DATE.to_owned());
    }
    write_result(
        &args.output,
        &CommandResult {
            command: "velocity",
            as_of,
            inputs: &args.inputs,
            tables: &delivery_tables(Some(&delivery), flow.as_ref()),
            warnings: &warnings,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
