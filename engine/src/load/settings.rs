//! What the loaders read of `refine.toml`: the status rules, the Jira field names and the
//! column mappings. `Config` holds these under `[status]`, `[jira]` and `[mappings]`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::status::StatusRules;
use crate::model::{Table, items};

/// The settings a loader reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceSettings {
    /// Status name → category rules.
    pub status: StatusRules,
    /// Jira's custom-field names.
    pub jira: JiraConfig,
    /// CSV layouts of your own, by name.
    pub mappings: BTreeMap<String, ColumnMapping>,
}

/// Names (or `customfield_NNNNN` ids) of Jira's custom fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JiraConfig {
    /// Story-point fields, first match wins. CSV headers appear as `Custom field (<name>)`.
    pub story_points_fields: Vec<String>,
    /// Sprint fields.
    pub sprint_fields: Vec<String>,
}

impl Default for JiraConfig {
    fn default() -> Self {
        JiraConfig {
            story_points_fields: vec!["Story Points".into(), "Story point estimate".into()],
            sprint_fields: vec!["Sprint".into()],
        }
    }
}

/// A CSV layout of your own: which source column fills which canonical column. A mapping of the
/// items table may leave out `key` when the file has none (research datasets often do): each row's
/// key is then the file's name and the row ([`ColumnMapping::row_key`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    /// The canonical table the file fills: items, links, history, sprints, votes, feedback or
    /// survey.
    pub table: String,
    /// Canonical column name → the file's header. A file matches the mapping when it has every
    /// header named here.
    pub columns: BTreeMap<String, String>,
    /// Separator inside list cells (labels, sprints, components).
    #[serde(default = "default_list_separator")]
    pub list_separator: String,
}

fn default_list_separator() -> String {
    ";".into()
}

impl ColumnMapping {
    /// What `refine inspect` lists as the source of `items.key` when the mapping names no key
    /// column.
    pub const ROW_KEY_SOURCE: &'static str = "(file name and row)";

    /// The table this mapping fills, if its name is valid.
    pub fn table(&self) -> Option<Table> {
        Table::from_name(&self.table)
    }

    /// Whether the items' keys come from their rows: a mapping of the items table without `key`.
    pub fn keys_from_rows(&self) -> bool {
        self.table() == Some(Table::Items) && !self.columns.contains_key(items::KEY)
    }

    /// The key of the item on spreadsheet row `row` (header = 1) of the file named `file_stem`:
    /// `sp-hours-row-2`. Readable, the same row as problems name, and unique across files with
    /// different names, so two keyless files loaded together do not share keys.
    pub fn row_key(file_stem: &str, row: u64) -> String {
        format!("{file_stem}-row-{row}")
    }
}
