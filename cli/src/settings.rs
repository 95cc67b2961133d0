//! Turns the global arguments into the validated settings the engine takes, once.

use std::path::{Path, PathBuf};

use anyhow::Context;
use refine_engine::config::Config;
use refine_engine::load::{LoadOptions, Workspace};
use refine_engine::model::dates;
use refine_engine::run;

use crate::args::{AsOfArgs, GlobalArgs};
use crate::inputs::{display_name, read_inputs};

/// The config file looked for in the working folder when `--config` is not given.
pub const DEFAULT_CONFIG_FILE: &str = "refine.toml";

/// A run's settings: `refine.toml` and the load options made from it.
#[derive(Debug, Clone)]
pub struct RunSettings {
    /// The config, from `--config` or ./refine.toml, or the defaults.
    pub config: Config,
    /// How inputs are loaded.
    pub load: LoadOptions,
}

/// The settings from `--config` (or ./refine.toml) and `--strict`. Columns no analysis reads
/// are left unread ([`analyses::columns_read`]); `refine inspect`, which shows what a file
/// holds, reads every column.
pub fn load_options(global: &GlobalArgs) -> anyhow::Result<RunSettings> {
    let config = match &global.config {
        Some(path) => {
            Config::load(path).with_context(|| format!("reading the settings in {}", path.display()))?
        }
        None if Path::new(DEFAULT_CONFIG_FILE).is_file() => Config::load(Path::new(DEFAULT_CONFIG_FILE))
            .with_context(|| format!("reading the settings in ./{DEFAULT_CONFIG_FILE}"))?,
        None => Config::default(),
    };
    let load = LoadOptions {
        source: config.source_settings(),
        strict: global.strict,
        columns_read: run::columns_read(),
        feedback_in_batches: false,
    };
    Ok(RunSettings { config, load })
}

/// A command's start: the load options, then the inputs loaded with them, then the as-of
/// instant (`None` when the inputs have no dates and no `--as-of` is given).
pub fn load_workspace(
    global: &GlobalArgs,
    inputs: &[PathBuf],
    as_of_args: &AsOfArgs,
) -> anyhow::Result<(RunSettings, Workspace, Option<i64>)> {
    let options = load_options(global)?;
    let workspace = read_inputs(inputs)?.load(&options.load)?;
    let as_of = as_of(as_of_args, &workspace)?;
    Ok((options, workspace, as_of))
}

/// [`load_workspace`] for a command that needs an as-of instant: without one it fails, asking
/// for `--as-of`.
pub fn load_dated_workspace(
    global: &GlobalArgs,
    inputs: &[PathBuf],
    as_of_args: &AsOfArgs,
) -> anyhow::Result<(RunSettings, Workspace, i64)> {
    let (options, workspace, as_of) = load_workspace(global, inputs, as_of_args)?;
    let as_of = as_of.context("the inputs have no dates; give --as-of DATE")?;
    Ok((options, workspace, as_of))
}

/// The as-of instant (UTC milliseconds): `--as-of`, else the latest timestamp in the inputs.
/// An `--as-of` more than [`dates::PLAUSIBLE_YEARS`] years before the earliest or after the
/// latest date of the inputs is refused: every weekly and daily series runs from the data to
/// the as-of date, and `--as-of 9999-01-01` would make it hundreds of thousands of empty weeks.
pub fn as_of(args: &AsOfArgs, workspace: &Workspace) -> anyhow::Result<Option<i64>> {
    Ok(given_as_of(args, workspace)?.or_else(|| workspace.latest_timestamp()))
}

/// `--as-of` when given (checked as [`as_of`] checks it against the dates loaded so far), else
/// `None`: for the commands that read feedback in batches, whose dates are known after the run.
pub fn given_as_of(args: &AsOfArgs, workspace: &Workspace) -> anyhow::Result<Option<i64>> {
    let Some(text) = &args.as_of else { return Ok(None) };
    let as_of = parse_date("--as-of", text)?;
    check_near_the_data(text, as_of, workspace)?;
    Ok(Some(as_of))
}

/// Refuses an as-of date far from every date of the inputs (see [`as_of`]).
fn check_near_the_data(text: &str, as_of: i64, workspace: &Workspace) -> anyhow::Result<()> {
    let ranges = workspace.files.iter().filter_map(|file| file.date_range());
    let Some((earliest, latest)) = ranges.reduce(|(a, b), (low, high)| (a.min(low), b.max(high))) else {
        return Ok(());
    };
    let (low, _) = dates::plausible_window(earliest);
    let (_, high) = dates::plausible_window(latest);
    if (low..=high).contains(&as_of) {
        return Ok(());
    }
    let (side, date) =
        if as_of < low { ("before the earliest", earliest) } else { ("after the latest", latest) };
    anyhow::bail!(
        "--as-of {text:?} is more than {} years {side} date in the inputs ({}); give a date from {} to {}, \
         or leave --as-of out to count up to the latest date in the inputs",
        dates::PLAUSIBLE_YEARS,
        dates::iso_day(date),
        dates::iso_day(low),
        dates::iso_day(high)
    )
}

/// A date option (`--as-of`, `--since`, `--by`) as UTC milliseconds, or an error naming the
/// option and the forms refine reads.
pub fn parse_date(option: &str, text: &str) -> anyhow::Result<i64> {
    dates::parse_timestamp(text)
        .with_context(|| format!("{option} {text:?} is not a date; write it as {}", dates::ACCEPTED_FORMS))
}

/// The inputs as the user gave them (`-` as `<stdin>`), for the `inputs` field of JSON
/// documents.
pub fn input_names(inputs: &[PathBuf]) -> Vec<String> {
    inputs.iter().map(|path| display_name(path)).collect()
}
