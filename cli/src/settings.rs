//! Turns the global arguments into the validated settings the engine takes, once.

use std::path::{Path, PathBuf};

use anyhow::Context;
use refine_engine::config::Config;
use refine_engine::load::{LoadOptions, Workspace, dates};

use crate::args::GlobalArgs;

/// The config file looked for in the working folder when `--config` is not given.
pub const DEFAULT_CONFIG_FILE: &str = "refine.toml";

/// Load options from `--config` (or ./refine.toml) and `--strict`.
pub fn load_options(global: &GlobalArgs) -> anyhow::Result<LoadOptions> {
    let config = match &global.config {
        Some(path) => {
            Config::load(path).with_context(|| format!("reading the settings in {}", path.display()))?
        }
        None if Path::new(DEFAULT_CONFIG_FILE).is_file() => Config::load(Path::new(DEFAULT_CONFIG_FILE))
            .with_context(|| format!("reading the settings in ./{DEFAULT_CONFIG_FILE}"))?,
        None => Config::default(),
    };
    Ok(LoadOptions { config, strict: global.strict })
}

/// The as-of instant (UTC milliseconds): `--as-of`, else the latest timestamp in the inputs.
pub fn as_of(args: &crate::args::AsOfArgs, workspace: &Workspace) -> anyhow::Result<Option<i64>> {
    match &args.as_of {
        Some(text) => parse_date("--as-of", text).map(Some),
        None => Ok(workspace.latest_timestamp()),
    }
}

/// A date option (`--as-of`, `--since`, `--by`) as UTC milliseconds, or an error naming the
/// option and the forms refine reads.
pub fn parse_date(option: &str, text: &str) -> anyhow::Result<i64> {
    dates::parse_timestamp(text)
        .with_context(|| format!("{option} {text:?} is not a date; write it as {}", dates::ACCEPTED_FORMS))
}

/// The inputs as the user gave them, for the `inputs` field of JSON documents.
pub fn input_names(inputs: &[PathBuf]) -> Vec<String> {
    inputs.iter().map(|path| path.display().to_string()).collect()
}
