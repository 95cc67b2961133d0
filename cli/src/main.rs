//! `refine`: backlog analytics and prioritization from tracker exports.
//!
//! This file only parses the command line, runs the command and turns its outcome into an exit
//! code: 0 success, 1 failure, 2 usage error (clap's own). A closed pipe
//! (`refine inspect ... | head`) ends quietly.

mod args;
mod cmd;
mod document;
mod folder;
mod output;
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
    match cmd::run(cli) {
        Ok(code) => code,
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
