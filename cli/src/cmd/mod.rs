//! One module per subcommand, each with `run(args) -> anyhow::Result<ExitCode>`.

mod agenda;
mod config;
mod estimates;
mod forecast;
mod health;
mod inspect;
mod rank;
mod report;
mod velocity;

use std::process::ExitCode;

use crate::args::{Cli, Command, ConfigCommand};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Inspect(args) => inspect::run(&cli.global, args),
        Command::Estimates(args) => estimates::run(&cli.global, args),
        Command::Forecast(args) => forecast::run(&cli.global, args),
        Command::Rank(args) => rank::run(&cli.global, args),
        Command::Health(args) => health::run(&cli.global, args),
        Command::Agenda(args) => agenda::run(&cli.global, args),
        Command::Velocity(args) => velocity::run(&cli.global, args),
        Command::Report(args) => report::run(&cli.global, args),
        Command::Config(ConfigCommand::Init(args)) => config::init(args),
    }
}
