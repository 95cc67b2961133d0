//! The command line, as clap derive types. Doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Backlog analytics and prioritization: turns what Jira, GitHub, Linear and Azure DevOps export
/// into a ranked backlog, delivery and estimation figures, and forecasts.
#[derive(Debug, Parser)]
#[command(name = "refine", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Settings file (default: ./refine.toml when it exists).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Fail on the first bad row instead of skipping it and counting it.
    #[arg(long, global = true)]
    pub strict: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what refine makes of each input: detected format, rows per table, how each column
    /// maps to refine's tables, date range and problems with row numbers.
    Inspect(InspectArgs),
    /// The ranked backlog: every open item scored (composite, opportunity, RICE, WSJF or ICE),
    /// ordered with blockers ahead of what they block, each with a one-line explanation.
    Rank(RankArgs),
    /// Delivery per sprint and team (committed, added, removed, completed, say/do, rolling
    /// velocity, predictability) and flow (throughput per week, cycle and lead time, aging work).
    Velocity(VelocityArgs),
    /// How well the team estimates: planning-poker spread and flags, estimator bias, estimate
    /// against actual per bucket, correlations, outliers, re-estimated items.
    Estimates(EstimatesArgs),
    /// Monte Carlo forecasts from the team's own sprints or weeks: when the ranked backlog (or
    /// an amount) is done at 50/70/85/95%, each item's sprint at 50% and 85% (the cut line), and
    /// how much is done by a date.
    Forecast(ForecastArgs),
    /// The backlog health review: DEEP scorecard (Detailed, Estimated, Emergent, Prioritized),
    /// Definition of Ready, type mix, stale and oversized items, dependency problems, duplicate
    /// candidates; with --previous, what changed since then.
    Health(HealthArgs),
    /// A timed agenda for the next refinement session: triage of new items, a deep dive on the
    /// top items that are not ready, each with why it is there and what to decide.
    Agenda(AgendaArgs),
    /// Everything at once into a folder: index.html (one self-contained page), report.md, a
    /// CSV and JSON file per table, the charts. With no INPUT it runs on the bundled demo.
    Report(ReportArgs),
    /// Manage refine.toml.
    #[command(subcommand)]
    Config(ConfigCommand),
}

/// `refine health`.
#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Input files or folders: the backlog, and optionally its history, sprints and links.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// An earlier export of the same backlog from the tracker (file or folder, any format refine
    /// loads; not a file refine wrote): what changed since, and each score's change.
    #[arg(long, value_name = "SNAPSHOT")]
    pub previous: Vec<PathBuf>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `refine agenda`.
#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// Input files or folders: the backlog, and optionally planning-poker votes, links, sprints.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Triage the items created on or after this date (default: the last 14 days).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Length of the session in minutes (default 60); the sections scale with it.
    #[arg(long, value_name = "N")]
    pub minutes: Option<u32>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `refine report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Input files or folders (default: the bundled demo workspace, datasets/demo).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The report folder. It is written aside and renamed into place, so it is complete or
    /// absent; a previous refine report there is replaced.
    #[arg(short, long, value_name = "DIR", default_value = "refine-report")]
    pub output: PathBuf,
    /// Which files to write (repeat or comma-separate; default: all).
    #[arg(long, value_enum, value_name = "FORMAT", value_delimiter = ',')]
    pub format: Vec<ReportFormat>,
    /// Leave the charts out (faster on large backlogs).
    #[arg(long)]
    pub no_charts: bool,
    /// Write each chart as PNG too.
    #[arg(long, conflicts_with = "no_charts")]
    pub png: bool,
    /// Rows of each table shown in index.html and report.md; a longer table shows its first N
    /// with a note (the CSV/JSON files have every row).
    #[arg(long, value_name = "N", default_value_t = refine_reports::report::DEFAULT_MAX_ROWS)]
    pub max_rows: usize,
    /// Print the time each stage took, and the peak memory when it ended, to stderr.
    #[arg(long)]
    pub timings: bool,
    /// A previous ranking (refine rank's JSON or CSV, or the tables/rank-ranking.csv of an
    /// earlier report): each item's move since, and the largest moves first on the page.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

/// Files `refine report` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// index.html.
    Html,
    /// report.md.
    Md,
    /// tables/*.csv.
    Csv,
    /// tables/*.json.
    Json,
}

/// `refine forecast`.
#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// Input files or folders: sprint reports or the backlog with its history.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Draw from past sprints (completed points) or weeks (items finished); default: sprints
    /// when the inputs have sprints.
    #[arg(long, value_enum)]
    pub per: Option<ForecastPeriod>,
    /// Forecast this many points instead of the ranked backlog.
    #[arg(long, value_name = "P", conflicts_with = "items")]
    pub points: Option<f64>,
    /// Forecast this many items instead of the ranked backlog.
    #[arg(long, value_name = "N")]
    pub items: Option<usize>,
    /// Also: how much is done by this date, and the chance of finishing --points/--items by it.
    #[arg(long, value_name = "DATE")]
    pub by: Option<String>,
    /// Seed of the random draws (default from refine.toml): the same seed, the same forecast.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Number of trials (default 10,000).
    #[arg(long)]
    pub trials: Option<usize>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The periods a forecast draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ForecastPeriod {
    /// Past sprints.
    Sprint,
    /// Past ISO weeks.
    Week,
}

/// `refine estimates`.
#[derive(Debug, Args)]
pub struct EstimatesArgs {
    /// Input files or folders: the backlog, its history, planning-poker votes.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `refine rank`.
#[derive(Debug, Args)]
pub struct RankArgs {
    /// Input files or folders: the backlog, and optionally feedback, a survey, links.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Scoring model: composite (default, weights in refine.toml), opportunity, rice, wsjf, ice.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<String>,
    /// Keep only these item types (repeat or comma-separate).
    #[arg(long = "type", value_name = "TYPE", value_delimiter = ',')]
    pub types: Vec<String>,
    /// Keep only these statuses or categories (todo, in_progress, done).
    #[arg(long = "status", value_name = "STATUS", value_delimiter = ',')]
    pub statuses: Vec<String>,
    /// Keep only items with one of these labels.
    #[arg(long = "label", value_name = "LABEL", value_delimiter = ',')]
    pub labels: Vec<String>,
    /// Only the first N ranks.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Rank done items too.
    #[arg(long)]
    pub include_done: bool,
    /// Count only feedback given on or after this date (ISO 8601).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// A previous ranking (refine rank's JSON or CSV) to report each item's rank change.
    #[arg(long, value_name = "RANKING")]
    pub previous: Option<PathBuf>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `refine velocity`.
#[derive(Debug, Args)]
pub struct VelocityArgs {
    /// Input files or folders: a sprint report, or items with their history.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `refine inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Input files or folders (a folder means every file in it).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = InspectFormat::Table)]
    pub format: InspectFormat,
    /// Write to this file instead of stdout (`-` is stdout).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// Formats of `refine inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InspectFormat {
    /// One block per file, for people.
    Table,
    /// One JSON document (`refine.inspect/1`), for tools.
    Json,
}

/// Where and how a command writes its result; every analysis command takes these.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format (default: from the -o file's extension, else table).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write to this file instead of stdout (`-` is stdout). The file is written aside and
    /// renamed into place, so it is never half-written.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// Values of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Aligned columns, for a terminal.
    Table,
    /// CSV with a header row (text a spreadsheet would run as a formula is neutralised).
    Csv,
    /// One JSON document with a schema name.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Markdown tables, for a wiki.
    Md,
    /// Apache Parquet (needs -o FILE).
    Parquet,
    /// Jira's CSV import: Issue key, Rank, Score (refine rank only).
    JiraCsv,
}

/// The time options of every analysis command.
#[derive(Debug, Args)]
pub struct AsOfArgs {
    /// The date figures are relative to (ISO 8601, e.g. 2026-11-13). Default: the latest
    /// timestamp in the inputs, so the same inputs always give the same output.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// `refine config ...`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write a commented refine.toml with every default.
    Init(ConfigInitArgs),
}

/// `refine config init`.
#[derive(Debug, Args)]
pub struct ConfigInitArgs {
    /// Where to write it (`-` is stdout).
    #[arg(short, long, value_name = "PATH", default_value = "refine.toml")]
    pub output: PathBuf,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
