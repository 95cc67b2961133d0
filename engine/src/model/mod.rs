//! The canonical tables: every loader produces them, every analysis reads them.
//!
//! Column names and types are defined here and nowhere else. A loader fills the columns its
//! source has and [`conform`] adds the missing optional ones as nulls, casts to the canonical
//! type and puts the columns in canonical order, so frames from different sources concatenate.
//!
//! Conventions: timestamps are UTC, `Datetime(ms)` without a time zone; estimates are story
//! points (`f64`); lists are `List(String)`.
//!
//! This is the engine's ground floor: it imports nothing of refine above it. The frames are
//! decoded once per run into the typed views of [`view`], which every analysis borrows.

pub mod dates;
pub mod drivers;
pub(crate) mod item_scores;
pub(crate) mod key_positions;
pub mod keys;
pub mod numbers;
pub mod ordering;
pub(crate) mod row_tasks;
pub mod stats;
pub mod status;
pub mod test_frame;
#[cfg(test)]
pub(crate) mod test_values;
pub mod text;
pub mod urls;
pub mod view;
pub mod wording;

use polars::prelude::*;
use serde::Serialize;

/// The type of a canonical column, one step above polars' dtypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// UTF-8 text.
    Text,
    /// A whole number.
    Integer,
    /// A real number.
    Number,
    /// true / false.
    Boolean,
    /// A UTC instant (milliseconds).
    Timestamp,
    /// A list of texts (labels, sprints, components).
    TextList,
}

impl ColumnType {
    /// The polars dtype a column of this type has in a canonical frame.
    pub fn dtype(self) -> DataType {
        match self {
            ColumnType::Text => DataType::String,
            ColumnType::Integer => DataType::Int64,
            ColumnType::Number => DataType::Float64,
            ColumnType::Boolean => DataType::Boolean,
            ColumnType::Timestamp => DataType::Datetime(TimeUnit::Milliseconds, None),
            ColumnType::TextList => DataType::List(Box::new(DataType::String)),
        }
    }
}

/// One column of a canonical table.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ColumnSpec {
    /// The canonical name, snake_case, as it appears in every output.
    pub name: &'static str,
    /// Its type.
    #[serde(rename = "type")]
    pub column_type: ColumnType,
    /// Whether every row must have a value (a row without one is a problem).
    pub required: bool,
    /// What the column holds, for `refine inspect` and the README.
    pub description: &'static str,
}

const fn required(name: &'static str, column_type: ColumnType, description: &'static str) -> ColumnSpec {
    ColumnSpec { name, column_type, required: true, description }
}

const fn optional(name: &'static str, column_type: ColumnType, description: &'static str) -> ColumnSpec {
    ColumnSpec { name, column_type, required: false, description }
}

use ColumnType::{Boolean, Integer, Number, Text, TextList, Timestamp};

/// Column names of the items table (the backlog).
pub mod items {
    #![allow(missing_docs)]
    pub const KEY: &str = "key";
    pub const TITLE: &str = "title";
    pub const URL: &str = "url";
    pub const TYPE: &str = "type";
    pub const STATUS: &str = "status";
    pub const STATUS_CATEGORY: &str = "status_category";
    pub const STATUS_CATEGORY_GUESSED: &str = "status_category_guessed";
    pub const PRIORITY: &str = "priority";
    pub const RESOLUTION: &str = "resolution";
    pub const PROJECT: &str = "project";
    pub const RANK: &str = "rank";
    pub const CREATED: &str = "created";
    pub const UPDATED: &str = "updated";
    pub const RESOLVED: &str = "resolved";
    pub const ESTIMATE: &str = "estimate";
    pub const LABELS: &str = "labels";
    pub const COMPONENTS: &str = "components";
    pub const FIX_VERSIONS: &str = "fix_versions";
    pub const PARENT: &str = "parent";
    pub const ASSIGNEE: &str = "assignee";
    pub const SPRINTS: &str = "sprints";
    pub const DESCRIPTION: &str = "description";
    pub const DESCRIPTION_LEN: &str = "description_len";
    pub const HAS_ACCEPTANCE_CRITERIA: &str = "has_acceptance_criteria";
    pub const VOTES: &str = "votes";
    pub const WATCHERS: &str = "watchers";
    pub const TIME_SPENT_HOURS: &str = "time_spent_hours";
    pub const IN_PROGRESS_HOURS: &str = "in_progress_hours";
    pub const REACH: &str = "reach";
    pub const IMPACT: &str = "impact";
    pub const CONFIDENCE: &str = "confidence";
    pub const BUSINESS_VALUE: &str = "business_value";
    pub const TIME_CRITICALITY: &str = "time_criticality";
    pub const RISK_REDUCTION: &str = "risk_reduction";
    pub const JOB_SIZE: &str = "job_size";
}

/// Column names of the links table.
pub mod links {
    #![allow(missing_docs)]
    pub const FROM: &str = "from";
    pub const TO: &str = "to";
    pub const KIND: &str = "kind";
}

/// Column names of the history table (one row per field change).
pub mod history {
    #![allow(missing_docs)]
    pub const KEY: &str = "key";
    pub const AT: &str = "at";
    pub const FIELD: &str = "field";
    pub const FROM: &str = "from";
    pub const TO: &str = "to";
}

/// Column names of the sprints table.
pub mod sprints {
    #![allow(missing_docs)]
    pub const TEAM: &str = "team";
    pub const SPRINT_ID: &str = "sprint_id";
    pub const SPRINT: &str = "sprint";
    pub const STATE: &str = "state";
    pub const START: &str = "start";
    pub const END: &str = "end";
    pub const COMPLETED_AT: &str = "completed_at";
    pub const PLANNED_DAYS: &str = "planned_days";
    pub const COMMITTED_POINTS: &str = "committed_points";
    pub const ADDED_POINTS: &str = "added_points";
    pub const REMOVED_POINTS: &str = "removed_points";
    pub const COMPLETED_POINTS: &str = "completed_points";
    pub const COMMITTED_ITEMS: &str = "committed_items";
    pub const ADDED_ITEMS: &str = "added_items";
    pub const REMOVED_ITEMS: &str = "removed_items";
    pub const COMPLETED_ITEMS: &str = "completed_items";
    pub const TEAM_SIZE: &str = "team_size";
}

/// Column names of the votes table (planning poker).
pub mod votes {
    #![allow(missing_docs)]
    pub const KEY: &str = "key";
    pub const ROUND: &str = "round";
    pub const ESTIMATOR: &str = "estimator";
    pub const VALUE: &str = "value";
    pub const AT: &str = "at";
}

/// Column names of the feedback table.
pub mod feedback {
    #![allow(missing_docs)]
    pub const ID: &str = "id";
    pub const KEY: &str = "key";
    pub const TEXT: &str = "text";
    pub const CUSTOMER: &str = "customer";
    pub const SEGMENT: &str = "segment";
    pub const WEIGHT: &str = "weight";
    pub const CREATED: &str = "created";
    pub const VOTES: &str = "votes";
    pub const RATING: &str = "rating";
    pub const SOURCE: &str = "source";
}

/// Column names of the survey table (ODI).
pub mod survey {
    #![allow(missing_docs)]
    pub const OUTCOME: &str = "outcome";
    pub const RESPONDENT: &str = "respondent";
    pub const IMPORTANCE: &str = "importance";
    pub const SATISFACTION: &str = "satisfaction";
}

const ITEMS: &[ColumnSpec] = &[
    required(items::KEY, Text, "issue key, e.g. PROJ-12 or #42"),
    optional(items::TITLE, Text, "summary / title"),
    optional(items::URL, Text, "the item's page in the tracker, when the export carries it"),
    optional(items::TYPE, Text, "issue type: Story, Bug, Task, Spike, Epic, ..."),
    optional(items::STATUS, Text, "workflow status as the tracker names it"),
    optional(items::STATUS_CATEGORY, Text, "todo | in_progress | done"),
    optional(
        items::STATUS_CATEGORY_GUESSED,
        Boolean,
        "the category was guessed from the status name or dates: neither refine.toml's [status] nor the export gave it",
    ),
    optional(items::PRIORITY, Text, "priority name as the tracker names it"),
    optional(items::RESOLUTION, Text, "resolution: Fixed, Duplicate, Won't Fix, not_planned, ..."),
    optional(items::PROJECT, Text, "project, team or repository"),
    optional(items::RANK, Integer, "position in the source backlog, 1 = top"),
    optional(items::CREATED, Timestamp, "created (UTC)"),
    optional(items::UPDATED, Timestamp, "last updated (UTC)"),
    optional(items::RESOLVED, Timestamp, "resolved / closed (UTC)"),
    optional(items::ESTIMATE, Number, "estimate in story points"),
    optional(items::LABELS, TextList, "labels / tags"),
    optional(items::COMPONENTS, TextList, "components / areas"),
    optional(items::FIX_VERSIONS, TextList, "fix versions / releases / milestone"),
    optional(items::PARENT, Text, "key of the parent item (epic or story)"),
    optional(items::ASSIGNEE, Text, "assignee"),
    optional(items::SPRINTS, TextList, "sprints the item was in, oldest first"),
    optional(items::DESCRIPTION, Text, "description text"),
    optional(items::DESCRIPTION_LEN, Integer, "length of the description in characters"),
    optional(items::HAS_ACCEPTANCE_CRITERIA, Boolean, "the description states acceptance criteria"),
    optional(items::VOTES, Integer, "votes / 👍 reactions"),
    optional(items::WATCHERS, Integer, "watchers"),
    optional(items::TIME_SPENT_HOURS, Number, "time logged on the item, in hours"),
    optional(items::IN_PROGRESS_HOURS, Number, "time the tracker measured in progress, in hours"),
    optional(items::REACH, Number, "RICE reach (people or events per period)"),
    optional(items::IMPACT, Number, "RICE / ICE impact"),
    optional(items::CONFIDENCE, Number, "RICE / ICE confidence, 0-1"),
    optional(items::BUSINESS_VALUE, Number, "WSJF user-business value"),
    optional(items::TIME_CRITICALITY, Number, "WSJF time criticality"),
    optional(items::RISK_REDUCTION, Number, "WSJF risk reduction / opportunity enablement"),
    optional(items::JOB_SIZE, Number, "WSJF job size (defaults to the estimate)"),
];

const LINKS: &[ColumnSpec] = &[
    required(links::FROM, Text, "key of the item the link starts at"),
    required(links::TO, Text, "key of the item the link points to"),
    required(links::KIND, Text, "blocks | duplicates | relates | parent (from is the parent)"),
];

const HISTORY: &[ColumnSpec] = &[
    required(history::KEY, Text, "item key"),
    required(history::AT, Timestamp, "when the change happened (UTC)"),
    required(history::FIELD, Text, "status | sprint | estimate | rank | priority | ..."),
    optional(history::FROM, Text, "value before"),
    optional(history::TO, Text, "value after"),
];

const SPRINTS: &[ColumnSpec] = &[
    optional(sprints::TEAM, Text, "team or board"),
    optional(sprints::SPRINT_ID, Text, "sprint id in the tracker"),
    required(sprints::SPRINT, Text, "sprint name"),
    optional(sprints::STATE, Text, "future | active | closed"),
    optional(sprints::START, Timestamp, "start (UTC)"),
    optional(sprints::END, Timestamp, "planned end (UTC)"),
    optional(sprints::COMPLETED_AT, Timestamp, "when the sprint was closed (UTC)"),
    optional(sprints::PLANNED_DAYS, Number, "planned length in days"),
    optional(sprints::COMMITTED_POINTS, Number, "points in the sprint at its start"),
    optional(sprints::ADDED_POINTS, Number, "points added after the start"),
    optional(sprints::REMOVED_POINTS, Number, "points removed after the start"),
    optional(sprints::COMPLETED_POINTS, Number, "points completed"),
    optional(sprints::COMMITTED_ITEMS, Integer, "items in the sprint at its start"),
    optional(sprints::ADDED_ITEMS, Integer, "items added after the start"),
    optional(sprints::REMOVED_ITEMS, Integer, "items removed after the start"),
    optional(sprints::COMPLETED_ITEMS, Integer, "items completed"),
    optional(sprints::TEAM_SIZE, Integer, "people working in the sprint"),
];

const VOTES: &[ColumnSpec] = &[
    required(votes::KEY, Text, "item key"),
    optional(votes::ROUND, Integer, "voting round, 1 = first"),
    required(votes::ESTIMATOR, Text, "who voted"),
    required(votes::VALUE, Text, "the card: a number, ? or ☕"),
    optional(votes::AT, Timestamp, "when the vote was cast (UTC)"),
];

const FEEDBACK: &[ColumnSpec] = &[
    optional(feedback::ID, Text, "feedback id"),
    optional(feedback::KEY, Text, "linked item key"),
    required(feedback::TEXT, Text, "what the customer said"),
    optional(feedback::CUSTOMER, Text, "customer or account"),
    optional(feedback::SEGMENT, Text, "customer segment"),
    optional(feedback::WEIGHT, Number, "customer weight, e.g. ARR"),
    optional(feedback::CREATED, Timestamp, "when it was given (UTC)"),
    optional(feedback::VOTES, Integer, "votes / helpful count"),
    optional(feedback::RATING, Number, "rating, e.g. 1-5 stars"),
    optional(feedback::SOURCE, Text, "channel: app store, support, sales, ..."),
];

const SURVEY: &[ColumnSpec] = &[
    required(survey::OUTCOME, Text, "outcome id or item key"),
    required(survey::RESPONDENT, Text, "respondent id"),
    optional(survey::IMPORTANCE, Integer, "importance 1-5"),
    optional(survey::SATISFACTION, Integer, "satisfaction 1-5"),
];

/// The canonical tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// The backlog: one row per item.
    Items,
    /// Links between items.
    Links,
    /// Field changes over time.
    History,
    /// Sprints with their scope and outcome.
    Sprints,
    /// Planning-poker votes.
    Votes,
    /// Customer feedback.
    Feedback,
    /// Outcome-driven-innovation survey answers.
    Survey,
}

impl Table {
    /// Every table, in canonical order.
    pub const ALL: [Table; 7] = [
        Table::Items,
        Table::Links,
        Table::History,
        Table::Sprints,
        Table::Votes,
        Table::Feedback,
        Table::Survey,
    ];

    /// The table's snake_case name, as used in file names and JSON keys.
    pub fn name(self) -> &'static str {
        match self {
            Table::Items => "items",
            Table::Links => "links",
            Table::History => "history",
            Table::Sprints => "sprints",
            Table::Votes => "votes",
            Table::Feedback => "feedback",
            Table::Survey => "survey",
        }
    }

    /// The table with this name.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|table| table.name() == name)
    }

    /// The table's columns, in canonical order.
    pub fn columns(self) -> &'static [ColumnSpec] {
        match self {
            Table::Items => ITEMS,
            Table::Links => LINKS,
            Table::History => HISTORY,
            Table::Sprints => SPRINTS,
            Table::Votes => VOTES,
            Table::Feedback => FEEDBACK,
            Table::Survey => SURVEY,
        }
    }

    /// The column with this name, if the table has it.
    pub fn column(self, name: &str) -> Option<&'static ColumnSpec> {
        self.columns().iter().find(|column| column.name == name)
    }

    /// The polars schema of a canonical frame of this table.
    pub fn schema(self) -> Schema {
        self.columns()
            .iter()
            .map(|column| Field::new(column.name.into(), column.column_type.dtype()))
            .collect()
    }

    /// An empty frame with every column of the table.
    pub fn empty_frame(self) -> DataFrame {
        DataFrame::empty_with_schema(&self.schema())
    }
}

impl std::fmt::Display for ColumnType {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(match self {
            ColumnType::Text => "text",
            ColumnType::Integer => "a whole number",
            ColumnType::Number => "a number",
            ColumnType::Boolean => "true/false",
            ColumnType::Timestamp => "a timestamp",
            ColumnType::TextList => "a list of texts",
        })
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Brings a frame to the canonical shape of `table`: every canonical column present (missing
/// optional ones as nulls), cast to its canonical type, in canonical order; columns the table
/// does not know are dropped.
///
/// Fails when a required column is missing or a column cannot be cast (a loader bug, not bad
/// input: loaders convert and validate values before they conform).
pub fn conform(table: Table, frame: DataFrame) -> PolarsResult<DataFrame> {
    let height = frame.height();
    let columns = table
        .columns()
        .iter()
        .map(|column| {
            let dtype = column.column_type.dtype();
            match frame.column(column.name) {
                Ok(existing) if existing.dtype() == &dtype => Ok(existing.clone()),
                Ok(existing) => existing.cast(&dtype),
                Err(_) if column.required => Err(polars_err!(
                    ColumnNotFound: "canonical {table} frame lacks required column `{}`",
                    column.name
                )),
                Err(_) => Ok(Column::full_null(column.name.into(), height, &dtype)),
            }
        })
        .collect::<PolarsResult<Vec<_>>>()?;
    DataFrame::new(height, columns)
}

/// The coarse workflow state every analysis works with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusCategory {
    /// Not started: backlog, to do, open, new.
    Todo,
    /// Started, not finished: in progress, in review, testing.
    InProgress,
    /// Finished, whatever the resolution: done, closed, resolved, cancelled.
    Done,
}

impl StatusCategory {
    /// The snake_case name stored in `status_category`.
    pub fn name(self) -> &'static str {
        match self {
            StatusCategory::Todo => "todo",
            StatusCategory::InProgress => "in_progress",
            StatusCategory::Done => "done",
        }
    }

    /// Jira's statusCategory, by key (`new`, `indeterminate`, `done`) or by name (`To Do`,
    /// `In Progress`, `Done`, and older instances' `New` and `Complete`).
    pub fn from_jira_category(key_or_name: &str) -> Option<StatusCategory> {
        match key_or_name.trim().to_ascii_lowercase().as_str() {
            "new" | "to do" | "todo" | "undefined" => Some(StatusCategory::Todo),
            "indeterminate" | "in progress" => Some(StatusCategory::InProgress),
            "done" | "complete" => Some(StatusCategory::Done),
            _ => None,
        }
    }

    /// The category of a common status name (case-insensitive), for exports that do not carry
    /// one; `refine.toml`'s `[status]` table overrides and extends this.
    pub fn from_common_status(status: &str) -> Option<StatusCategory> {
        let status = status.trim().to_ascii_lowercase();
        let category = match status.as_str() {
            "backlog"
            | "to do"
            | "todo"
            | "open"
            | "new"
            | "reopened"
            | "triage"
            | "ready"
            | "selected for development"
            | "ready for development"
            | "proposed"
            | "approved"
            | "icebox"
            | "unstarted"
            | "planned" => StatusCategory::Todo,
            "in progress" | "in development" | "in review" | "code review" | "review" | "in testing"
            | "testing" | "in test" | "qa" | "in qa" | "doing" | "started" | "active" | "committed"
            | "blocked" | "ready for test" | "ready for review" | "ready for qa" | "verification" => {
                StatusCategory::InProgress
            }
            "done" | "closed" | "resolved" | "complete" | "completed" | "released" | "shipped"
            | "canceled" | "cancelled" | "won't fix" | "wont fix" | "duplicate" | "removed" | "rejected"
            | "invalid" | "declined" | "archived" => StatusCategory::Done,
            _ => return None,
        };
        Some(category)
    }
}

impl std::fmt::Display for StatusCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The canonical kinds of links between items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// `from` blocks `to` (`to` depends on `from`).
    Blocks,
    /// `from` duplicates `to`.
    Duplicates,
    /// Related, no order implied.
    Relates,
    /// `from` is the parent of `to`.
    Parent,
}

impl LinkKind {
    /// The snake_case name stored in `kind`.
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Blocks => "blocks",
            LinkKind::Duplicates => "duplicates",
            LinkKind::Relates => "relates",
            LinkKind::Parent => "parent",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_unique_column_names_and_a_required_column() {
        for table in Table::ALL {
            let names: std::collections::BTreeSet<_> =
                table.columns().iter().map(|column| column.name).collect();
            assert_eq!(names.len(), table.columns().len(), "{table}");
            assert!(table.columns().iter().any(|column| column.required), "{table}");
            assert_eq!(Table::from_name(table.name()), Some(table));
        }
    }

    #[test]
    fn conform_adds_missing_columns_casts_and_orders() {
        let frame = df!(
            "estimate" => [Some(3i64), None],
            "key" => ["A-1", "A-2"],
            "unknown" => [1, 2],
        )
        .unwrap();
        let conformed = conform(Table::Items, frame).unwrap();
        let names: Vec<&str> = conformed.get_column_names().into_iter().map(|name| name.as_str()).collect();
        let expected: Vec<_> = ITEMS.iter().map(|column| column.name).collect();
        assert_eq!(names, expected);
        assert_eq!(conformed.column("estimate").unwrap().dtype(), &DataType::Float64);
        assert_eq!(conformed.column("estimate").unwrap().f64().unwrap().get(0), Some(3.0));
        assert_eq!(conformed.column("labels").unwrap().null_count(), 2);
    }

    #[test]
    fn conform_rejects_a_frame_without_its_required_column() {
        let frame = df!("title" => ["no key"]).unwrap();
        assert!(conform(Table::Items, frame).is_err());
    }

    #[test]
    fn status_categories_from_jira_and_common_names() {
        assert_eq!(StatusCategory::from_jira_category("indeterminate"), Some(StatusCategory::InProgress));
        assert_eq!(StatusCategory::from_jira_category("Complete"), Some(StatusCategory::Done));
        assert_eq!(StatusCategory::from_jira_category("New"), Some(StatusCategory::Todo));
        assert_eq!(StatusCategory::from_common_status("Code Review"), Some(StatusCategory::InProgress));
        assert_eq!(StatusCategory::from_common_status(" Won't Fix "), Some(StatusCategory::Done));
        assert_eq!(StatusCategory::from_common_status("Waiting for Godot"), None);
    }
}
