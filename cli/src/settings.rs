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
