//! `refine`: backlog analytics and prioritization from tracker exports.
//!
//! This file only parses the command line, runs the command and turns its outcome into an exit
//! code: 0 success, 1 failure, 2 usage error (clap's own), 128 + the signal number when a
//! signal stops it (130 on Ctrl-C, 143 on SIGTERM; see [`cleanup`]). A closed pipe on stdout or
//! stderr (`refine inspect ... | head`) ends quietly.

mod args;
mod cleanup;
mod cmd;
mod document;
mod folder;
mod inputs;
mod output;
mod previous;
mod progress;
mod settings;

use std::process::ExitCode;

use clap::Parser;

/// polars allocates and frees large buffers at a high rate; glibc's allocator hands them back
/// to the kernel and faults them in again, which costs more than the parsing (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    cleanup::watch_signals();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            output::print_error_line(&format!("error: {error}"));
            for cause in error.chain().skip(1) {
                output::print_error_line(&format!("  caused by: {cause}"));
            }
            ExitCode::FAILURE
        }
    }
}
