//! `refine.toml`: status categories, custom-field names and column mappings that override the
//! built-in detection. Every field has a default, so an empty file (or none) is a valid config.
//!
//! [`DEFAULT_TOML`] is the commented file `refine config init` writes; a test checks that it
//! parses to [`Config::default`], so the two cannot drift apart.

mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::load::settings::{ColumnMapping, JiraConfig, SourceSettings};
use crate::model::Table;
use crate::model::status::StatusRules;

pub use self::report::{KEY_PLACEHOLDER, ReportSettings, ReportSettingsError};

/// The commented default `refine.toml`.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// Everything `refine.toml` can set.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Status name → category, for statuses the export does not categorise (case-insensitive).
    pub status: StatusRules,
    /// How to find Jira's custom fields.
    pub jira: JiraConfig,
    /// Column mappings for CSV files no built-in format recognises, by a name you choose.
    pub mappings: BTreeMap<String, ColumnMapping>,
    /// Velocity figures.
    pub velocity: crate::velocity::VelocitySettings,
    /// Flow figures (throughput, cycle time).
    pub flow: crate::flow::FlowSettings,
    /// Planning-poker and estimate-vs-actual figures.
    pub estimates: crate::estimates::EstimatesSettings,
    /// Monte Carlo forecasts.
    pub forecast: crate::forecast::ForecastSettings,
    /// Demand from feedback: text matching of unlinked feedback.
    pub demand: crate::demand::DemandSettings,
    /// Prioritization models and the composite's weights.
    pub score: crate::score::ScoreSettings,
    /// The ranked backlog's tie-breakers.
    pub rank: crate::rank::RankSettings,
    /// The refinement session's timing.
    pub agenda: crate::agenda::AgendaSettings,
    /// Backlog health: the DEEP scorecard, Definition of Ready, type mix.
    pub health: crate::health::HealthSettings,
    /// Duplicate candidates (health review).
    pub duplicates: crate::health::duplicates::DuplicateSettings,
    /// What the report adds: links from item keys to the tracker.
    pub report: ReportSettings,
}

/// A `refine.toml` that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("{path}: cannot read it: {cause}")]
    Io {
        /// The config file.
        path: PathBuf,
        /// Why (shown in the message, so not a `source` the chain would print again).
        cause: std::io::Error,
    },
    /// Not valid TOML, or a key refine does not know.
    #[error("{path}: {message}")]
    Invalid {
        /// The config file.
        path: PathBuf,
        /// What toml said, with line and column.
        message: String,
    },
    /// A mapping names a table or column that does not exist.
    #[error("{path}: [mappings.{mapping}]: {message}")]
    BadMapping {
        /// The config file.
        path: PathBuf,
        /// The mapping's name.
        mapping: String,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// What the loaders need of this config: the status rules, the Jira field names and the
    /// column mappings.
    pub fn source_settings(&self) -> SourceSettings {
        SourceSettings {
            status: self.status.clone(),
            jira: self.jira.clone(),
            mappings: self.mappings.clone(),
        }
    }

    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|cause| ConfigError::Io { path: path.to_owned(), cause })?;
        Config::parse(&text, path)
    }

    /// Parses and validates config text; `path` is only for messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text)
            .map_err(|error| ConfigError::Invalid { path: path.to_owned(), message: error.to_string() })?;
        config.validate(path)?;
        Ok(config)
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid { path: path.to_owned(), message };
        // Every section is checked here, before any input is read, so that a bad value names
        // the file and its section, not the analysis that happens to run first.
        self.velocity.validate().map_err(|error| invalid(format!("[velocity]: {error}")))?;
        self.flow.validate().map_err(|error| invalid(format!("[flow]: {error}")))?;
        self.estimates.validate().map_err(|error| invalid(format!("[estimates]: {error}")))?;
        self.forecast.validate().map_err(|error| invalid(format!("[forecast]: {error}")))?;
        self.demand.validate().map_err(|error| invalid(format!("[demand]: {error}")))?;
        self.score.validate().map_err(|error| invalid(format!("[score]: {error}")))?;
        self.agenda.validate().map_err(|error| invalid(format!("[agenda]: {error}")))?;
        self.health.validate().map_err(|error| invalid(error.to_string()))?;
        self.duplicates.validate().map_err(|error| invalid(format!("[duplicates]: {error}")))?;
        self.report.validate().map_err(|error| invalid(format!("[report]: {error}")))?;
        for (name, mapping) in &self.mappings {
            let bad = |message: String| ConfigError::BadMapping {
                path: path.to_owned(),
                mapping: name.clone(),
                message,
            };
            let table = mapping.table().ok_or_else(|| {
                bad(format!(
                    "unknown table `{}`; use one of: {}",
                    mapping.table,
                    Table::ALL.map(Table::name).join(", ")
                ))
            })?;
            for column in mapping.columns.keys() {
                if table.column(column).is_none() {
                    let known: Vec<_> = table.columns().iter().map(|spec| spec.name).collect();
                    return Err(bad(format!(
                        "table {table} has no column `{column}`; its columns: {}",
                        known.join(", ")
                    )));
                }
            }
            // An item's key may come from its row (see `ColumnMapping`); other tables' keys name
            // items of another file, so they must be mapped.
            let may_be_left_out = |name: &str| table == Table::Items && name == crate::model::items::KEY;
            if let Some(missing) = table.columns().iter().find(|spec| {
                spec.required && !mapping.columns.contains_key(spec.name) && !may_be_left_out(spec.name)
            }) {
                return Err(bad(format!("map the required column `{}` of table {table}", missing.name)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StatusCategory;

    #[test]
    fn the_commented_default_file_is_the_default_config() {
        let parsed = Config::parse(DEFAULT_TOML, Path::new("refine.toml")).unwrap();
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn an_empty_file_is_the_default_config() {
        assert_eq!(Config::parse("", Path::new("refine.toml")).unwrap(), Config::default());
    }

    #[test]
    fn configured_status_wins_over_tracker_category_and_common_names() {
        let config = Config::parse(
            "[status]\n\"Waiting for QA\" = \"in_progress\"\n\"Open\" = \"done\"\n",
            Path::new("refine.toml"),
        )
        .unwrap();
        assert_eq!(config.status.category("waiting for qa", None), Some(StatusCategory::InProgress));
        assert_eq!(config.status.category("Open", Some("new")), Some(StatusCategory::Done));
        assert_eq!(
            config.status.category("Reopened", Some("indeterminate")),
            Some(StatusCategory::InProgress)
        );
        assert_eq!(config.status.category("Reopened", None), Some(StatusCategory::Todo));
        assert_eq!(config.status.category("Parked", None), None);
    }

    #[test]
    fn unknown_keys_bad_categories_and_bad_mappings_are_errors() {
        let path = Path::new("refine.toml");
        assert!(matches!(Config::parse("[stauts]\n", path), Err(ConfigError::Invalid { .. })));
        assert!(matches!(
            Config::parse("[status]\nOpen = \"later\"\n", path),
            Err(ConfigError::Invalid { .. })
        ));
        let no_table = "[mappings.x]\ntable = \"tickets\"\ncolumns = { key = \"Id\" }\n";
        assert!(matches!(Config::parse(no_table, path), Err(ConfigError::BadMapping { .. })));
        let no_column = "[mappings.x]\ntable = \"items\"\ncolumns = { key = \"Id\", size = \"Size\" }\n";
        assert!(matches!(Config::parse(no_column, path), Err(ConfigError::BadMapping { .. })));
        let negative_weight = "[score.composite.weights]\nvalue = -1.0\n";
        assert!(matches!(Config::parse(negative_weight, path), Err(ConfigError::Invalid { .. })));
        for (bad_value, section) in [
            ("[velocity]\nwindow = 0\n", "[velocity]: velocity setting window = 0"),
            ("[velocity]\ndate_only_start_hour = 24\n", "[velocity]: velocity setting date_only_start_hour"),
            ("[flow]\npercentiles = [50, 150]\n", "[flow]: percentiles: 150 is outside 0-100"),
            ("[estimates]\ndeck = [3, 1]\n", "[estimates]: "),
            ("[forecast]\ntrials = 0\n", "[forecast]: forecast setting trials = 0"),
            ("[demand]\nthreshold = 2\n", "[demand]: demand.threshold = 2"),
            (
                "[report]\nitem_url = \"ftp://x/{key}\"\n",
                "[report]: item_url = \"ftp://x/{key}\" is not a web",
            ),
            (
                "[report]\nitem_url = \"https://x/browse\"\n",
                "[report]: item_url = \"https://x/browse\" has no {key}",
            ),
        ] {
            let error = Config::parse(bad_value, path).unwrap_err();
            let message = error.to_string();
            assert!(matches!(error, ConfigError::Invalid { .. }), "{message}");
            assert!(message.starts_with(&format!("refine.toml: {section}")), "{bad_value}: {message}");
        }
        let short_sections = "[agenda]\nminutes = 90\n";
        assert!(matches!(Config::parse(short_sections, path), Err(ConfigError::Invalid { .. })));
        let empty_section = "[agenda]\nminutes = 55\nkickoff = 0\n";
        assert!(matches!(Config::parse(empty_section, path), Err(ConfigError::Invalid { .. })));
        let bad_threshold = "[duplicates]\nmin_similarity = 2.0\n";
        assert!(matches!(Config::parse(bad_threshold, path), Err(ConfigError::Invalid { .. })));
        let votes_without_key =
            "[mappings.x]\ntable = \"votes\"\ncolumns = { estimator = \"Who\", value = \"Card\" }\n";
        assert!(matches!(Config::parse(votes_without_key, path), Err(ConfigError::BadMapping { .. })));
    }

    #[test]
    fn a_mapping_of_items_without_a_key_column_is_valid_and_keys_items_by_row() {
        // Research data without a key could not be mapped: `key` was required.
        let path = Path::new("refine.toml");
        let no_key = "[mappings.x]\ntable = \"items\"\ncolumns = { estimate = \"Story.Points\" }\n";
        let config = Config::parse(no_key, path).unwrap();
        assert!(config.mappings["x"].keys_from_rows());
        let with_key = "[mappings.x]\ntable = \"items\"\ncolumns = { key = \"Id\" }\n";
        assert!(!Config::parse(with_key, path).unwrap().mappings["x"].keys_from_rows());
        assert_eq!(ColumnMapping::row_key("sp-hours", 2), "sp-hours-row-2");
    }
}
