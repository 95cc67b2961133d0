//! `refine agenda INPUT... [--since DATE] [--minutes N]`: the next refinement session as a
//! timed agenda (kick-off, triage of new items, deep dive on the top items that are not ready,
//! wrap-up), each item with why it is there and what to decide, and the items left for next
//! time. `--format md` gives Markdown to paste into a wiki.

use std::process::ExitCode;

use refine_engine::run::session_agenda;
use refine_reports::tables::agenda_tables;

use crate::args::{AgendaArgs, GlobalArgs};
use crate::document::{CommandResult, write_result};
use crate::settings::{load_dated_workspace, parse_date};

/// Runs `refine agenda`.
pub fn run(global: &GlobalArgs, args: AgendaArgs) -> anyhow::Result<ExitCode> {
    let (options, workspace, as_of) = load_dated_workspace(global, &args.inputs, &args.as_of)?;
    let since = args.since.as_deref().map(|since| parse_date("--since", since)).transpose()?;
    let agenda = session_agenda(&workspace, &options.config, as_of, since, args.minutes)?;

    write_result(
        &args.output,
        &CommandResult {
            command: "agenda",
            as_of: Some(as_of),
            inputs: &args.inputs,
            tables: &agenda_tables(&agenda),
            warnings: &agenda.warnings,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
