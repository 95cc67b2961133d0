//! `refine config init`: writes the commented default refine.toml.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use refine_engine::config::DEFAULT_TOML;

use crate::args::ConfigInitArgs;
use crate::output::{print_error_line, write_output};

/// Runs `refine config init`.
pub fn init(args: ConfigInitArgs) -> anyhow::Result<ExitCode> {
    let to_stdout = args.output == Path::new("-");
    if !to_stdout && args.output.exists() && !args.force {
        bail!("{} exists already; use --force to replace it", args.output.display());
    }
    write_output(Some(&args.output), DEFAULT_TOML.as_bytes())?;
    if !to_stdout {
        print_error_line(&format!("wrote {}", args.output.display()));
    }
    Ok(ExitCode::SUCCESS)
}
