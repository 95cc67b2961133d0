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

use serde::{Deserialize, Serialize};

pub use self::backlog::{BacklogItem, ItemsByKey};
pub use self::deep::{
    DeepWeights, DetailedPart, EstimatedPart, Finding, NearTop, NearTopBasis, OverallScore, PartScore,
    PrioritizedPart,
};
pub use self::deep_emergent::{AgeBucket, EmergentPart, FlowWeek, StaleItem};
pub use self::mix::{TypeCount, TypeGroup, TypeGroupCount, TypeMix, TypeMixSettings};
pub use self::ready::{ReadyCheck, ReadyReport, ReadyRule, ReadySettings, RuleSummary};
pub use self::review::{HealthReview, ReviewError, ReviewInputs, ReviewedBacklog, review};
use crate::model::view::{Items, Links};
use crate::model::{LinkKind, StatusCategory};
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
    items: &Items<'_>,
    links: &Links<'_>,
    ranking: &[RankedItem],
    average_velocity: Option<f64>,
    as_of: i64,
    settings: &HealthSettings,
) -> Result<HealthReport, HealthError> {
    scorecard(&ItemsByKey::new(items), links, ranking, average_velocity, as_of, settings)
}

/// [`health`] of a backlog already read by key (the review reads it once for every part).
pub(crate) fn scorecard(
    items: &ItemsByKey<'_>,
    links: &Links<'_>,
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
    let backlog = Backlog::read(items, ranking, settings, &mut warnings);
    let blockers = open_blockers(links, &backlog);
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

/// One item as the health analysis sees it: the item with what the scorecard derives.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ItemFacts<'a> {
    pub item: BacklogItem<'a>,
    /// Not done (see the module documentation, "What is open").
    pub open: bool,
    /// The rank in the ranking given to [`health`].
    pub rank: Option<usize>,
    /// Of a container type: not planned into sprints.
    pub container: bool,
}

impl<'a> std::ops::Deref for ItemFacts<'a> {
    type Target = BacklogItem<'a>;

    fn deref(&self) -> &BacklogItem<'a> {
        &self.item
    }
}

impl ItemFacts<'_> {
    /// A finding about this item.
    pub(crate) fn finding(&self, reasons: Vec<String>) -> Finding {
        Finding { rank: self.rank, key: self.key.to_owned(), title: self.title.map(str::to_owned), reasons }
    }

    /// The description's length, 0 when unknown.
    pub(crate) fn description_len(&self) -> i64 {
        self.item.description_len.unwrap_or(0)
    }

    /// Whether the description states acceptance criteria (unknown: no).
    pub(crate) fn has_acceptance_criteria(&self) -> bool {
        self.item.has_acceptance_criteria.unwrap_or(false)
    }
}

/// The backlog in key order, and the ranking resolved to it.
pub(crate) struct Backlog<'a> {
    pub items: Vec<ItemFacts<'a>>,
    pub by_key: HashMap<&'a str, usize>,
    /// Indices into `items` in ranking order (open items found in the backlog only).
    pub ranked: Vec<usize>,
    /// The length of the ranking given, for "the bottom of the ranking".
    pub ranking_len: usize,
}

impl<'a> Backlog<'a> {
    fn read(
        backlog: &ItemsByKey<'a>,
        ranking: &[RankedItem],
        settings: &HealthSettings,
        warnings: &mut Vec<String>,
    ) -> Backlog<'a> {
        let mut items: Vec<ItemFacts<'a>> = backlog
            .items
            .iter()
            .map(|&item| {
                let category = item.status_category.and_then(crate::model::status::parse_category);
                ItemFacts {
                    item,
                    open: is_open(category, item.status, item.resolved),
                    rank: None,
                    container: settings.is_container(item.item_type),
                }
            })
            .collect();
        items.sort_by(|a, b| a.key.cmp(b.key));
        if backlog.repeated_rows > 0 {
            warnings.push(format!(
                "{} rows repeat a key already in the backlog: the first is used",
                backlog.repeated_rows
            ));
        }
        let by_key: HashMap<&'a str, usize> =
            items.iter().enumerate().map(|(index, item)| (item.key, index)).collect();
        let mut ranked = Vec::with_capacity(ranking.len());
        let (mut missing, mut done) = (0usize, 0usize);
        let mut in_order: Vec<&RankedItem> = ranking.iter().collect();
        in_order.sort_by_key(|item| item.rank);
        for ranked_item in in_order {
            match by_key.get(ranked_item.key.as_str()) {
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
        Backlog { items, by_key, ranked, ranking_len: ranking.len() }
    }

    /// The open items, in key order.
    pub(crate) fn open(&self) -> impl Iterator<Item = &ItemFacts<'a>> {
        self.items.iter().filter(|item| item.open)
    }

    /// The ranked items that are planned into sprints (not containers), in rank order.
    pub(crate) fn ranked_work(&self) -> impl Iterator<Item = &ItemFacts<'a>> {
        self.ranked.iter().map(|&index| &self.items[index]).filter(|item| !item.container)
    }

    /// Whether the item with this key is done (`None` when it is not in the backlog).
    pub(crate) fn is_done(&self, key: &str) -> Option<bool> {
        self.by_key.get(key).map(|&index| !self.items[index].open)
    }
}

/// See the module documentation, "What is open".
fn is_open(category: Option<StatusCategory>, status: Option<&str>, resolved: Option<i64>) -> bool {
    match category.or_else(|| status.and_then(StatusCategory::from_common_status)) {
        Some(category) => category != StatusCategory::Done,
        None => resolved.is_none(),
    }
}

/// Blocked key → the keys blocking it that are not done (unknown keys count as not done: the
/// backlog cannot show they are finished), each list sorted without repeats.
fn open_blockers(links: &Links<'_>, backlog: &Backlog<'_>) -> BTreeMap<String, Vec<String>> {
    let mut blockers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for link in links.of_kind(LinkKind::Blocks) {
        if backlog.is_done(link.from) != Some(true) {
            blockers.entry(link.to.to_owned()).or_default().push(link.from.to_owned());
        }
    }
    for keys in blockers.values_mut() {
        keys.sort_by(|a, b| crate::model::keys::natural_key_cmp(a, b));
        keys.dedup();
    }
    blockers
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
    //! Shorthands for the health and agenda tests' rows, written with [`crate::model::test_frame`].
    #![allow(clippy::unwrap_used)]

    use polars::prelude::DataFrame;

    pub(crate) use crate::model::test_frame::TestRow;
    use crate::model::test_frame::frame;
    use crate::model::view::{Items, Links};
    use crate::model::{Table, items, links as link};
    pub(crate) use crate::rank::ranking_of as ranking;

    pub(crate) use crate::model::test_values::close;

    /// Milliseconds of an ISO date (`2026-01-05`).
    pub fn day(text: &str) -> i64 {
        let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        crate::model::dates::date_millis(date)
    }

    /// An open item of no type with nothing else set.
    pub fn untyped(key: &str) -> TestRow {
        TestRow::new().text(items::KEY, key).text(items::STATUS_CATEGORY, "todo")
    }

    /// An open story with nothing else set.
    pub fn open(key: &str) -> TestRow {
        untyped(key).text(items::TYPE, "Story")
    }

    /// A story done on `resolved` (an ISO date).
    pub fn done(key: &str, resolved: &str) -> TestRow {
        open(key).text(items::STATUS_CATEGORY, "done").time(items::RESOLVED, resolved)
    }

    /// What the health tests set on an item row.
    pub trait ItemRow {
        /// Described (`length` characters) with acceptance criteria or not.
        fn described(self, length: i64, acceptance: bool) -> TestRow;
        /// Estimated at `points`.
        fn estimate(self, points: f64) -> TestRow;
    }

    impl ItemRow for TestRow {
        fn described(self, length: i64, acceptance: bool) -> TestRow {
            self.integer(items::DESCRIPTION_LEN, length).boolean(items::HAS_ACCEPTANCE_CRITERIA, acceptance)
        }

        fn estimate(self, points: f64) -> TestRow {
            self.number(items::ESTIMATE, points)
        }
    }

    /// [`super::health`] of two canonical frames.
    pub fn health_of(
        items: &DataFrame,
        links: &DataFrame,
        ranking: &[crate::rank::RankedItem],
        average_velocity: Option<f64>,
        as_of: i64,
        settings: &super::HealthSettings,
    ) -> Result<super::HealthReport, super::HealthError> {
        let (items, links) = (Items::decode(items).unwrap(), Links::decode(links).unwrap());
        super::health(&items, &links, ranking, average_velocity, as_of, settings)
    }

    /// A canonical items frame.
    pub fn items(rows: &[TestRow]) -> DataFrame {
        frame(Table::Items, rows)
    }

    /// A canonical links frame from `(from, to, kind)` rows.
    pub fn links(rows: &[(&str, &str, &str)]) -> DataFrame {
        let rows: Vec<TestRow> = rows
            .iter()
            .map(|&(from, to, kind)| {
                TestRow::new().text(link::FROM, from).text(link::TO, to).text(link::KIND, kind)
            })
            .collect();
        frame(Table::Links, &rows)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::test_frames::{ItemRow, TestRow, day, done, health_of, items, links, open, ranking};
    use super::*;
    use crate::model::items;
    use crate::model::view::FrameError;

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
        let rows = [open("A"), open("A"), done("B", "2026-01-01")];
        let report = health_of(
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
        let result = health_of(&items(&[]), &links(&[]), &[], None, 0, &bad);
        assert!(matches!(result, Err(HealthError::InvalidSettings { .. })));
    }

    #[test]
    fn a_frame_without_canonical_columns_is_an_error_not_a_panic() {
        // The analysis takes the decoded view: decoding is where a bad frame is caught.
        let frame = polars::df!("key" => ["A"]).unwrap();
        let result = Items::decode(&frame);
        assert!(matches!(result, Err(FrameError::MissingColumn { table: crate::model::Table::Items, .. })));
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
            let frame_rows: Vec<TestRow> = rows
                .iter()
                .zip(&keys)
                .map(|(&(open_item, estimate, length, criteria, priority, age), key)| {
                    let mut row = open(key)
                        .text(items::STATUS_CATEGORY, if open_item { "todo" } else { "done" })
                        .described(length, criteria)
                        .text(items::PRIORITY, PRIORITIES[priority])
                        .time(items::CREATED, CREATED[(age % 4) as usize]);
                    if let Some(estimate) = estimate {
                        row = row.estimate(estimate);
                    }
                    if age % 3 != 0 {
                        row = row.integer(items::RANK, i64::from(age));
                    }
                    if !open_item {
                        row = row.time(items::RESOLVED, "2026-03-20");
                    }
                    row
                })
                .collect();
            let open_keys: Vec<&str> = rows
                .iter()
                .zip(&keys)
                .filter(|((open_item, ..), _)| *open_item)
                .map(|(_, key)| key.as_str())
                .collect();
            let report = health_of(
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
