//! `refine velocity INPUT...`: delivery per sprint and team (committed, added, removed,
//! completed, say/do, rolling velocity, predictability) and flow (throughput per ISO week,
//! cycle and lead time percentiles, aging work in progress).

use std::process::ExitCode;

use refine_engine::flow::flow;
use refine_engine::model::Table;
use refine_engine::velocity::velocity;
use refine_reports::tables::{delivery_tables, delivery_warnings};

use crate::args::{GlobalArgs, VelocityArgs};
use crate::document::{CommandResult, write_result};
use crate::settings::load_dated_workspace;

/// Runs `refine velocity`.
pub fn run(global: &GlobalArgs, args: VelocityArgs) -> anyhow::Result<ExitCode> {
    let (options, workspace, as_of) = load_dated_workspace(global, &args.inputs, &args.as_of)?;
    let (sprints, items, history) =
        (workspace.table(Table::Sprints), workspace.table(Table::Items), workspace.table(Table::History));
    let config = &options.config;
    let (delivery, flow) = rayon::join(
        || velocity(&sprints, &items, &history, config, &config.velocity),
        || flow(&items, &history, config, as_of, &config.flow),
    );
    let (delivery, flow) = (delivery?, flow?);

    let warnings = delivery_warnings(Some(&delivery), Some(&flow));
    write_result(
        &args.output,
        &CommandResult {
            command: "velocity",
            as_of: Some(as_of),
            inputs: &args.inputs,
            tables: &delivery_tables(Some(&delivery), Some(&flow)),
            warnings: &warnings,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
