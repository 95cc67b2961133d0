//! Turns the global arguments into the validated settings the engine takes, once.

use std::path::Path;

use anyhow::Context;
use refine_engine::config::Config;
use refine_engine::load::LoadOptions;

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
pub fn as_of(
    args: &crate::args::AsOfArgs,
    workspace: &refine_engine::load::Workspace,
) -> anyhow::Result<Option<i64>> {
    match &args.as_of {
        Some(text) => match refine_engine::load::dates::parse_timestamp(text) {
            Some(instant) => Ok(Some(instant)),
            None => anyhow::bail!(
                "--as-of {text:?} is not a date; write it as {}",
                refine_engine::load::dates::ACCEPTED_FORMS
            ),
        },
        None => Ok(workspace.latest_timestamp()),
    }
}
