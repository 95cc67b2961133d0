//! Backlog health (`refine health`, the quarterly review; design.md, "Health"): the DEEP
//! scorecard — Detailed appropriately, Estimated, Emergent, Prioritized — each 0–100 with the
//! items behind it, an overall score with its breakdown, the Definition-of-Ready checks per item
//! and the type mix of the open backlog.
//!
//! **What is open.** An item is open unless its `status_category` is `done`. An item without a
//! category takes the category of its status name when it is a common one
//! ([`StatusCategory::from_common_status`]), else it is done when it has a `resolved` date and
//! open otherwise. `refine.toml`'s `[status]` reaches this analysis through the loaders, which
//! fill `status_category`.
//!
//! **The near top** (what the next sprints will hold; `deep::near_top`): the ranked open items
//! from rank 1 down while the estimate of the items above them is below `near_top_sprints` ×
//! the average velocity, so the item that fills the capacity is still in. An unestimated item
//! counts as the median estimate of the ranked items. Without a velocity (or without any
//! estimate) the near top is the top `near_top_items_without_velocity` items, with a warning.
//! Container types (`container_types`, default Epic and Initiative) are not planned into
//! sprints: they are left out of the near top, the Detailed and Estimated parts and the
//! Definition-of-Ready checks, and counted everywhere else.
//!
//! **The four parts** are documented with their formulas in [`deep`] and [`deep_emergent`];
//! the **overall score** is their weighted mean (`[health.weights]`, 0.25 each by default),
//! renormalised over the parts that have a score: a part has none when it has nothing to judge
//! (no near-top item, no open item).
//!
//! Edge cases: an empty backlog gives every score `None` and a warning; one item is judged like
//! any other; estimates that are NaN or infinite are treated as missing, so NaN never reaches a
//! score; `as_of` is an input, never the clock. Outputs are in rank order (unranked items after,
//! by key) and every list is sorted with an explicit tie-breaker on the key.

pub(crate) mod backlog;
pub mod deep;
pub mod deep_emergent;
pub mod dependencies;
pub mod duplicates;
pub mod mix;
pub mod ready;
pub mod review;
pub mod snapshot;

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;
use serde::{Deserialize, Serialize};

pub use self::deep::{
    DeepWeights, DetailedPart, EstimatedPart, Finding, NearTop, NearTopBasis, OverallScore, PartScore,
    PrioritizedPart,
};
pub use self::deep_emergent::{AgeBucket, EmergentPart, FlowWeek, StaleItem};
pub use self::mix::{TypeCount, TypeGroup, TypeGroupCount, TypeMix, TypeMixSettings};
pub use self::ready::{ReadyCheck, ReadyReport, ReadyRule, ReadySettings, RuleSummary};
use crate::model::{LinkKind, StatusCategory, Table, items, links};
use crate::rank::RankedItem;

/// Settings of the health analysis (`[health]` in refine.toml).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthSettings {
    /// The near top holds this many sprints of average velocity.
    pub near_top_sprints: f64,
    /// Without a velocity (or any estimate), the near top is this many top-ranked items.
    pub near_top_items_without_velocity: usize,
    /// Item types that hold work rather than being planned into a sprint (matched ignoring case).
    pub container_types: Vec<String>,
    /// An estimate of this many points or more is oversized (so is one above half the average
    /// velocity).
    pub split_threshold_points: f64,
    /// An open item not updated for more than this many days is stale.
    pub stale_days: u32,
    /// Inflow and outflow are counted over this many days up to `as_of` (91: a quarter).
    pub window_days: u32,
    /// Emergent is reduced when the inflow exceeds this many times the outflow.
    pub inflow_tolerance: f64,
    /// Upper bounds of the open items' age buckets, in days, ascending.
    pub age_buckets_days: Vec<u32>,
    /// Stale items in this bottom share of the ranking are candidates to remove.
    pub removal_bottom_share: f64,
    /// The top priority levels (matched ignoring case): too many items at them is inflation.
    pub high_priorities: Vec<String>,
    /// Inflation starts when more than this share of the prioritised open items is at a high
    /// priority.
    pub max_high_priority_share: f64,
    /// The weights of the four parts in the overall score.
    pub weights: DeepWeights,
    /// The Definition-of-Ready rules.
    pub ready: ReadySettings,
    /// Which item types are bugs, features, debt and spikes.
    pub type_mix: TypeMixSettings,
}

impl Default for HealthSettings {
    fn default() -> Self {
        HealthSettings {
            near_top_sprints: 2.0,
            near_top_items_without_velocity: 20,
            container_types: vec!["Epic".into(), "Initiative".into()],
            split_threshold_points: 13.0,
            stale_days: 90,
            window_days: 91,
            inflow_tolerance: 1.5,
            age_buckets_days: vec![30, 90, 180, 365],
            removal_bottom_share: 0.5,
            high_priorities: ["Blocker", "Critical", "Highest", "High"].map(String::from).to_vec(),
            max_high_priority_share: 0.3,
            weights: DeepWeights::default(),
            ready: ReadySettings::default(),
            type_mix: TypeMixSettings::default(),
        }
    }
}

impl HealthSettings {
    /// Checks the values serde cannot: ranges, order, duplicates.
    pub fn validate(&self) -> Result<(), HealthError> {
        let invalid = |setting: &str, message: String| {
            Err(HealthError::InvalidSettings { setting: format!("health.{setting}"), message })
        };
        if !(self.near_top_sprints.is_finite() && self.near_top_sprints > 0.0) {
            return invalid(
                "near_top_sprints",
                format!("expected a number > 0, found {}", self.near_top_sprints),
            );
        }
        if self.near_top_items_without_velocity == 0 {
            return invalid("near_top_items_without_velocity", "expected 1 or more, found 0".into());
        }
        if !(self.split_threshold_points.is_finite() && self.split_threshold_points > 0.0) {
            let found = self.split_threshold_points;
            return invalid("split_threshold_points", format!("expected points > 0, found {found}"));
        }
        if self.window_days == 0 {
            return invalid("window_days", "expected 1 or more days, found 0".into());
        }
        if !(self.inflow_tolerance.is_finite() && self.inflow_tolerance >= 1.0) {
            return invalid(
                "inflow_tolerance",
                format!("expected a factor ≥ 1, found {}", self.inflow_tolerance),
            );
        }
        if self.age_buckets_days.windows(2).any(|pair| pair[0] >= pair[1]) {
            return invalid("age_buckets_days", "bounds must ascend strictly, smallest first".into());
        }
        for (setting, share) in [
            ("removal_bottom_share", self.removal_bottom_share),
            ("max_high_priority_share", self.max_high_priority_share),
        ] {
            if !(0.0..=1.0).contains(&share) {
                return invalid(setting, format!("expected a share 0–1, found {share}"));
            }
        }
        self.weights.validate()?;
        self.ready.validate()?;
        self.type_mix.validate()
    }

    fn is_container(&self, item_type: Option<&str>) -> bool {
        item_type.is_some_and(|item_type| {
            self.container_types.iter().any(|name| name.trim().eq_ignore_ascii_case(item_type.trim()))
        })
    }
}

/// What can stop the health analysis.
#[derive(Debug, thiserror::Error)]
pub enum HealthError {
    /// A canonical frame lacks a column or has the wrong type (a caller bug: load frames through
    /// `load`, which conforms them).
    #[error("the {table} table cannot be read: column {column}: {source}")]
    Frame {
        /// The canonical table.
        table: &'static str,
        /// The column.
        column: &'static str,
        /// What polars said.
        source: PolarsError,
    },
    /// A setting the analysis cannot work with.
    #[error("refine.toml, [{setting}]: {message}")]
    InvalidSettings {
        /// The setting, dotted (`health.ready.rules`).
        setting: String,
        /// What was expected and found.
        message: String,
    },
}

/// The health report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthReport {
    /// The as-of instant, ISO 8601.
    pub as_of: Option<String>,
    /// Open items in the backlog.
    pub open_items: usize,
    /// The items the next sprints will hold.
    pub near_top: NearTop,
    /// D: near-top items have a description and acceptance criteria.
    pub detailed: DetailedPart,
    /// E: near-top items are estimated and small enough.
    pub estimated: EstimatedPart,
    /// E: the backlog changes: inflow and outflow, age, stale items.
    pub emergent: EmergentPart,
    /// P: the backlog is ordered and priorities mean something.
    pub prioritized: PrioritizedPart,
    /// The weighted mean of the four parts, with its breakdown.
    pub overall: OverallScore,
    /// Definition-of-Ready checks per ranked item.
    pub ready: ReadyReport,
    /// Open items by type and group.
    pub type_mix: TypeMix,
    /// What the user should know: no velocity, no estimates, keys missing from the backlog...
    pub warnings: Vec<String>,
}

/// Runs the health analysis.
///
/// `ranking` is the ranked open backlog (rank 1 first, as [`crate::rank::rank`] gives it);
/// `average_velocity` is in points per sprint; `as_of` in UTC milliseconds.
pub fn health(
    items_frame: &DataFrame,
    links_frame: &DataFrame,
    ranking: &[RankedItem],
    average_velocity: Option<f64>,
    as_of: i64,
    settings: &HealthSettings,
) -> Result<HealthReport, HealthError> {
    settings.validate()?;
    let mut warnings = Vec::new();
    let velocity = match average_velocity {
        Some(velocity) if velocity.is_finite() && velocity > 0.0 => Some(velocity),
        Some(velocity) => {
            warnings.push(format!("average velocity {velocity} is not a positive number: it is ignored"));
            None
        }
        None => None,
    };
    let backlog = Backlog::read(items_frame, ranking, settings, &mut warnings)?;
    let blockers = read_blockers(links_frame, &backlog)?;
    if backlog.items.is_empty() {
        warnings.push("the backlog has no items: there is nothing to score".into());
    }

    let near_top = deep::near_top(&backlog, velocity, settings, &mut warnings);
    let oversize = deep::Oversize::new(settings.split_threshold_points, velocity);
    let detailed = deep::detailed(&backlog, &near_top, settings.ready.min_description_len);
    let estimated = deep::estimated(&backlog, &near_top, &oversize);
    let emergent = deep_emergent::emergent(&backlog, as_of, settings);
    let prioritized = deep::prioritized(&backlog, settings);
    let overall = deep::overall(
        &settings.weights,
        [
            ("detailed", detailed.score),
            ("estimated", estimated.score),
            ("emergent", emergent.score),
            ("prioritized", prioritized.score),
        ],
    );
    let ready = ready::check(&backlog, &near_top, &blockers, &oversize, &settings.ready);
    let type_mix = mix::type_mix(&backlog, &settings.type_mix);

    Ok(HealthReport {
        as_of: crate::model::dates::iso(as_of),
        open_items: backlog.open().count(),
        near_top,
        detailed,
        estimated,
        emergent,
        prioritized,
        overall,
        ready,
        type_mix,
        warnings,
    })
}

/// One item as the health analysis sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ItemFacts {
    pub key: String,
    pub title: Option<String>,
    pub item_type: Option<String>,
    pub priority: Option<String>,
    pub open: bool,
    /// The items table's own `rank` (explicit backlog order).
    pub source_rank: Option<i64>,
    /// The rank in the ranking given to [`health`].
    pub rank: Option<usize>,
    pub created: Option<i64>,
    pub updated: Option<i64>,
    pub resolved: Option<i64>,
    /// Finite estimates only.
    pub estimate: Option<f64>,
    pub description_len: i64,
    pub has_acceptance_criteria: bool,
    pub container: bool,
}

impl ItemFacts {
    /// A finding about this item.
    pub(crate) fn finding(&self, reasons: Vec<String>) -> Finding {
        Finding { rank: self.rank, key: self.key.clone(), title: self.title.clone(), reasons }
    }
}

/// The backlog: one entry per key, and the ranking resolved to it.
pub(crate) struct Backlog {
    pub items: Vec<ItemFacts>,
    pub by_key: HashMap<String, usize>,
    /// Indices into `items` in ranking order (open items found in the backlog only).
    pub ranked: Vec<usize>,
    /// The length of the ranking given, for "the bottom of the ranking".
    pub ranking_len: usize,
}

impl Backlog {
    fn read(
        frame: &DataFrame,
        ranking: &[RankedItem],
        settings: &HealthSettings,
        warnings: &mut Vec<String>,
    ) -> Result<Backlog, HealthError> {
        let mut items = read_items(frame, settings)?;
        // A stable sort by key: a repeated key keeps its first row.
        items.sort_by(|a, b| a.key.cmp(&b.key));
        let before = items.len();
        items.dedup_by(|later, first| later.key == first.key);
        if items.len() < before {
            warnings.push(format!(
                "{} rows repeat a key already in the backlog: the first is used",
                before - items.len()
            ));
        }
        let by_key: HashMap<String, usize> =
            items.iter().enumerate().map(|(index, item)| (item.key.clone(), index)).collect();
        let mut ranked = Vec::with_capacity(ranking.len());
        let (mut missing, mut done) = (0usize, 0usize);
        let mut in_order: Vec<&RankedItem> = ranking.iter().collect();
        in_order.sort_by_key(|item| item.rank);
        for ranked_item in in_order {
            match by_key.get(&ranked_item.key) {
                Some(&index) if items[index].open => {
                    if items[index].rank.is_none() {
                        items[index].rank = Some(ranked_item.rank);
                        ranked.push(index);
                    }
                }
                Some(_) => done += 1,
                None => missing += 1,
            }
        }
        if missing > 0 {
            warnings.push(format!("{missing} ranked keys are not in the backlog: they are left out"));
        }
        if done > 0 {
            warnings.push(format!("{done} ranked items are done: only open items are judged"));
        }
        Ok(Backlog { items, by_key, ranked, ranking_len: ranking.len() })
    }

    /// The open items, in key order.
    pub(crate) fn open(&self) -> impl Iterator<Item = &ItemFacts> {
        self.items.iter().filter(|item| item.open)
    }

    /// The ranked items that are planned into sprints (not containers), in rank order.
    pub(crate) fn ranked_work(&self) -> impl Iterator<Item = &ItemFacts> {
        self.ranked.iter().map(|&index| &self.items[index]).filter(|item| !item.container)
    }

    /// Whether the item with this key is done (`None` when it is not in the backlog).
    pub(crate) fn is_done(&self, key: &str) -> Option<bool> {
        self.by_key.get(key).map(|&index| !self.items[index].open)
    }
}

fn read_items(frame: &DataFrame, settings: &HealthSettings) -> Result<Vec<ItemFacts>, HealthError> {
    let texts = |column| -> Result<Vec<Option<String>>, HealthError> {
        let values = frame.column(column).and_then(Column::str).map_err(items_error(column))?;
        Ok(values.iter().map(|value| value.map(str::to_owned)).collect())
    };
    let times = |column| -> Result<Vec<Option<i64>>, HealthError> {
        let values = frame.column(column).and_then(Column::datetime).map_err(items_error(column))?;
        Ok(values.physical().iter().collect())
    };
    let integers = |column| -> Result<Vec<Option<i64>>, HealthError> {
        let values = frame.column(column).and_then(Column::i64).map_err(items_error(column))?;
        Ok(values.iter().collect())
    };
    let keys = texts(items::KEY)?;
    let titles = texts(items::TITLE)?;
    let types = texts(items::TYPE)?;
    let statuses = texts(items::STATUS)?;
    let categories = texts(items::STATUS_CATEGORY)?;
    let priorities = texts(items::PRIORITY)?;
    let source_ranks = integers(items::RANK)?;
    let created = times(items::CREATED)?;
    let updated = times(items::UPDATED)?;
    let resolved = times(items::RESOLVED)?;
    let description_lens = integers(items::DESCRIPTION_LEN)?;
    let estimates: Vec<Option<f64>> = frame
        .column(items::ESTIMATE)
        .and_then(Column::f64)
        .map_err(items_error(items::ESTIMATE))?
        .iter()
        .collect();
    let acceptance: Vec<Option<bool>> = frame
        .column(items::HAS_ACCEPTANCE_CRITERIA)
        .and_then(Column::bool)
        .map_err(items_error(items::HAS_ACCEPTANCE_CRITERIA))?
        .iter()
        .collect();

    let mut facts = Vec::with_capacity(frame.height());
    for (row, key) in keys.into_iter().enumerate() {
        let Some(key) = key else { continue };
        let category = categories[row].as_deref().and_then(crate::model::status::parse_category);
        let open = is_open(category, statuses[row].as_deref(), resolved[row]);
        let item_type = types[row].clone();
        facts.push(ItemFacts {
            key,
            title: titles[row].clone(),
            container: settings.is_container(item_type.as_deref()),
            item_type,
            priority: priorities[row].clone(),
            open,
            source_rank: source_ranks[row],
            rank: None,
            created: created[row],
            updated: updated[row],
            resolved: resolved[row],
            estimate: estimates[row].filter(|estimate| estimate.is_finite()),
            description_len: description_lens[row].unwrap_or(0),
            has_acceptance_criteria: acceptance[row].unwrap_or(false),
        });
    }
    Ok(facts)
}

/// See the module documentation, "What is open".
fn is_open(category: Option<StatusCategory>, status: Option<&str>, resolved: Option<i64>) -> bool {
    match category.or_else(|| status.and_then(StatusCategory::from_common_status)) {
        Some(category) => category != StatusCategory::Done,
        None => resolved.is_none(),
    }
}

fn items_error(column: &'static str) -> impl Fn(PolarsError) -> HealthError {
    move |source| HealthError::Frame { table: Table::Items.name(), column, source }
}

/// Blocked key → the keys blocking it that are not done (unknown keys count as not done: the
/// backlog cannot show they are finished), each list sorted without repeats.
fn read_blockers(frame: &DataFrame, backlog: &Backlog) -> Result<BTreeMap<String, Vec<String>>, HealthError> {
    let column = |name| {
        frame.column(name).and_then(Column::str).map_err(|source| HealthError::Frame {
            table: Table::Links.name(),
            column: name,
            source,
        })
    };
    let (from, to, kind) = (column(links::FROM)?, column(links::TO)?, column(links::KIND)?);
    let mut blockers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for ((from, to), kind) in from.iter().zip(to.iter()).zip(kind.iter()) {
        let (Some(from), Some(to), Some(kind)) = (from, to, kind) else { continue };
        if kind.trim().eq_ignore_ascii_case(LinkKind::Blocks.name()) && backlog.is_done(from) != Some(true) {
            blockers.entry(to.to_owned()).or_default().push(from.to_owned());
        }
    }
    for keys in blockers.values_mut() {
        keys.sort_by(|a, b| crate::model::keys::natural_key_cmp(a, b));
        keys.dedup();
    }
    Ok(blockers)
}

/// `part / whole`, `None` when the whole is 0.
pub(crate) fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Days from `from` to `to` (UTC ms).
pub(crate) fn days_between(from: i64, to: i64) -> f64 {
    crate::model::dates::days(to - from)
}

#[cfg(test)]
pub(crate) mod test_frames {
    //! Small canonical frames and rankings written inline for the health tests.
    #![allow(clippy::unwrap_used)]

    use polars::prelude::*;

    pub(crate) use super::backlog::test_frames::{links, ranking};
    use crate::model::{Table, conform};

    /// Milliseconds of an ISO date (`2026-01-05`).
    pub fn day(text: &str) -> i64 {
        let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        crate::model::dates::date_millis(date)
    }

    /// One row of [`items`]; `Item::open("A-1")` is an open story with nothing else set.
    #[derive(Default, Clone)]
    pub struct Item<'a> {
        pub key: &'a str,
        pub item_type: Option<&'a str>,
        pub status_category: Option<&'a str>,
        pub priority: Option<&'a str>,
        pub source_rank: Option<i64>,
        pub created: Option<&'a str>,
        pub updated: Option<&'a str>,
        pub resolved: Option<&'a str>,
        pub estimate: Option<f64>,
        pub description_len: Option<i64>,
        pub has_acceptance_criteria: Option<bool>,
    }

    impl<'a> Item<'a> {
        pub fn open(key: &'a str) -> Item<'a> {
            Item { key, item_type: Some("Story"), status_category: Some("todo"), ..Item::default() }
        }

        pub fn done(key: &'a str, resolved: &'a str) -> Item<'a> {
            Item { status_category: Some("done"), resolved: Some(resolved), ..Item::open(key) }
        }

        /// Described (`length` characters) with acceptance criteria or not.
        pub fn described(self, length: i64, acceptance: bool) -> Item<'a> {
            Item { description_len: Some(length), has_acceptance_criteria: Some(acceptance), ..self }
        }

        pub fn estimate(self, points: f64) -> Item<'a> {
            Item { estimate: Some(points), ..self }
        }
    }

    fn timestamps(name: &str, values: Vec<Option<&str>>) -> Column {
        let millis: Vec<Option<i64>> = values.into_iter().map(|value| value.map(day)).collect();
        Column::new(name.into(), millis).cast(&DataType::Datetime(TimeUnit::Milliseconds, None)).unwrap()
    }

    /// A canonical items frame.
    pub fn items(rows: &[Item<'_>]) -> DataFrame {
        let texts = |pick: for<'r> fn(&'r Item<'_>) -> Option<&'r str>| -> Vec<Option<String>> {
            rows.iter().map(|row| pick(row).map(str::to_owned)).collect()
        };
        let frame = DataFrame::new(
            rows.len(),
            vec![
                Column::new("key".into(), texts(|row| Some(row.key))),
                Column::new("type".into(), texts(|row| row.item_type)),
                Column::new("status_category".into(), texts(|row| row.status_category)),
                Column::new("priority".into(), texts(|row| row.priority)),
                Column::new("rank".into(), rows.iter().map(|row| row.source_rank).collect::<Vec<_>>()),
                timestamps("created", rows.iter().map(|row| row.created).collect()),
                timestamps("updated", rows.iter().map(|row| row.updated).collect()),
                timestamps("resolved", rows.iter().map(|row| row.resolved).collect()),
                Column::new("estimate".into(), rows.iter().map(|row| row.estimate).collect::<Vec<_>>()),
                Column::new(
                    "description_len".into(),
                    rows.iter().map(|row| row.description_len).collect::<Vec<_>>(),
                ),
                Column::new(
                    "has_acceptance_criteria".into(),
                    rows.iter().map(|row| row.has_acceptance_criteria).collect::<Vec<_>>(),
                ),
            ],
        )
        .unwrap();
        conform(Table::Items, frame).unwrap()
    }

    pub(crate) use crate::flow::test_frames::close;
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::test_frames::{Item, day, items, links, ranking};
    use super::*;

    #[test]
    fn an_item_without_a_category_is_open_by_status_name_or_missing_resolution() {
        assert!(is_open(None, Some("Selected for Development"), Some(1)));
        assert!(!is_open(None, Some("Closed"), None));
        assert!(!is_open(None, Some("Parked"), Some(1)));
        assert!(is_open(None, Some("Parked"), None));
        assert!(!is_open(Some(StatusCategory::Done), Some("Open"), None));
    }

    #[test]
    fn repeated_keys_missing_and_done_ranked_items_are_warned_about() {
        let rows = [Item::open("A"), Item::open("A"), Item::done("B", "2026-01-01")];
        let report = health(
            &items(&rows),
            &links(&[]),
            &ranking(&["A", "B", "GONE-1"]),
            None,
            day("2026-04-01"),
            &HealthSettings::default(),
        )
        .unwrap();
        assert_eq!(report.open_items, 1);
        assert_eq!(report.near_top.keys, ["A"]);
        assert_eq!(
            report.warnings,
            [
                "1 rows repeat a key already in the backlog: the first is used",
                "1 ranked keys are not in the backlog: they are left out",
                "1 ranked items are done: only open items are judged",
                "no average velocity: the near top is the top 20 ranked items",
            ]
        );
    }

    #[test]
    fn settings_out_of_range_are_errors_naming_the_setting() {
        let setting_of = |settings: HealthSettings| match settings.validate() {
            Err(HealthError::InvalidSettings { setting, .. }) => setting,
            other => panic!("expected invalid settings, got {other:?}"),
        };
        let default = HealthSettings::default;
        assert!(default().validate().is_ok());
        assert_eq!(
            setting_of(HealthSettings { near_top_sprints: 0.0, ..default() }),
            "health.near_top_sprints"
        );
        assert_eq!(setting_of(HealthSettings { window_days: 0, ..default() }), "health.window_days");
        assert_eq!(
            setting_of(HealthSettings { inflow_tolerance: 0.5, ..default() }),
            "health.inflow_tolerance"
        );
        assert_eq!(
            setting_of(HealthSettings { age_buckets_days: vec![90, 30], ..default() }),
            "health.age_buckets_days"
        );
        assert_eq!(
            setting_of(HealthSettings { max_high_priority_share: 1.5, ..default() }),
            "health.max_high_priority_share"
        );
        let zero = DeepWeights { detailed: 0.0, estimated: 0.0, emergent: 0.0, prioritized: 0.0 };
        assert_eq!(setting_of(HealthSettings { weights: zero, ..default() }), "health.weights");
        let negative = DeepWeights { emergent: -1.0, ..DeepWeights::default() };
        assert_eq!(setting_of(HealthSettings { weights: negative, ..default() }), "health.weights.emergent");
        // health() checks them too.
        let bad = HealthSettings { split_threshold_points: f64::NAN, ..default() };
        let result = health(&items(&[]), &links(&[]), &[], None, 0, &bad);
        assert!(matches!(result, Err(HealthError::InvalidSettings { .. })));
    }

    #[test]
    fn a_frame_without_canonical_columns_is_an_error_not_a_panic() {
        let frame = df!("key" => ["A"]).unwrap();
        let result = health(&frame, &links(&[]), &[], None, 0, &HealthSettings::default());
        assert!(matches!(result, Err(HealthError::Frame { table: "items", .. })));
    }

    proptest! {
        /// Whatever the backlog, every score is within 0–100 and the overall score lies between
        /// the lowest and highest part.
        #[test]
        fn scores_stay_within_range(
            rows in prop::collection::vec(
                (any::<bool>(), prop::option::of(0.0f64..50.0), 0i64..200, any::<bool>(), 0usize..5, 0u32..400),
                0..40,
            ),
            velocity in prop::option::of(1.0f64..60.0),
        ) {
            const PRIORITIES: [&str; 5] = ["Highest", "High", "Medium", "Low", "Lowest"];
            const CREATED: [&str; 4] = ["2025-01-01", "2025-09-01", "2026-02-01", "2026-03-30"];
            let keys: Vec<String> = (0..rows.len()).map(|at| format!("K-{at}")).collect();
            let frame_rows: Vec<Item<'_>> = rows
                .iter()
                .zip(&keys)
                .map(|(&(open, estimate, length, criteria, priority, age), key)| Item {
                    status_category: Some(if open { "todo" } else { "done" }),
                    estimate,
                    description_len: Some(length),
                    has_acceptance_criteria: Some(criteria),
                    priority: Some(PRIORITIES[priority]),
                    source_rank: (age % 3 != 0).then_some(i64::from(age)),
                    created: Some(CREATED[(age % 4) as usize]),
                    resolved: (!open).then_some("2026-03-20"),
                    ..Item::open(key)
                })
                .collect();
            let open_keys: Vec<&str> = frame_rows
                .iter()
                .filter(|item| item.status_category == Some("todo"))
                .map(|item| item.key)
                .collect();
            let report = health(
                &items(&frame_rows),
                &links(&[]),
                &ranking(&open_keys),
                velocity,
                day("2026-04-01"),
                &HealthSettings::default(),
            )
            .unwrap();
            let scores: Vec<f64> = report.overall.parts.iter().filter_map(|part| part.score).collect();
            for score in &scores {
                prop_assert!((0.0..=100.0).contains(score), "{score}");
            }
            if let Some(overall) = report.overall.score {
                let low = scores.iter().copied().fold(f64::INFINITY, f64::min);
                let high = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(overall >= low - 1e-9 && overall <= high + 1e-9);
            } else {
                prop_assert!(scores.is_empty());
            }
            prop_assert_eq!(report.ready.checked_items, open_keys.len());
        }
    }
}
