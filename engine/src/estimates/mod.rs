//! Estimation quality (`refine estimates`; design.md, "Estimation"): planning-poker statistics
//! per item, each estimator's bias against the final estimates, and estimates against the time
//! the items really took.
//!
//! Formulas:
//! - **Poker** ([`poker`]), over each item's *last* round (the highest `round`; a missing round
//!   counts as round 1): n, min, max, mean, median, sample std, CV of the numeric votes
//!   ([`crate::model::stats`]); each numeric vote snapped to the nearest deck card (Fibonacci 0 ½ 1 2
//!   3 5 8 13 20 40 100 by default; ties to the higher card; a snapped vote is counted and
//!   warned about); **spread** = index of the max card − index of the min card, in deck steps;
//!   **consensus** = every numeric vote equal (at least one); **suggested** = the deck card
//!   nearest the median, ties upward (a median of 4 between 3 and 5 suggests 5: under-estimates
//!   cost more than over-estimates); **discuss** = spread ≥ `discuss_spread` (default 2: a 3
//!   beside a 13 is 3 steps); **spike** = share of `?` among all the round's votes ≥
//!   `spike_share` (default 0.5: the team cannot size it, so research first); ☕ is counted
//!   apart and is not an unknown; **confidence** = 1 / (1 + spread), 1 at consensus, ½ at one
//!   step, ⅓ at two (a 0–1 input for RICE).
//! - **Bias** ([`bias`]): per estimator the median of log2(vote / final estimate) over the
//!   last-round numeric votes on items with a final `estimate`; 0 is unbiased, +1 votes twice
//!   the final estimate, −1 half. Votes or estimates of 0 have no ratio and are left out.
//! - **Estimate vs actual** ([`actuals`]): the actual is the caller's cycle time in days per key
//!   when given, else one hours column for the whole table (`actual` setting: `time_spent_hours`,
//!   `in_progress_hours`, or `auto` = time spent when any item has it, else in progress — never
//!   mixed). Actuals ≤ 0 mean "not measured" and are left out. Per estimate value (bucket): n,
//!   median, p15, p85 (nearest rank), CV. Spearman (average ranks for ties) and Pearson between
//!   estimate and actual over all items and, when there are several projects, per project.
//!   **Outliers**: in a bucket of at least `outlier_min_bucket` items, actual > p85 ×
//!   `outlier_high_factor` (default 2) or actual < p15 / `outlier_low_divisor` (default 2).
//!   **Re-estimated**: items whose history has `estimate` changes from one number to another
//!   (setting a first estimate or clearing one is not a re-estimate).
//!
//! Empty tables give empty lists; one element has a median and percentiles but no std, CV or
//! correlation (`None`); zero variance gives std 0 and no correlation; NaN and infinite numbers
//! are left out (the output never holds NaN). Cards that are neither numbers, `?` nor ☕ are
//! counted per item and named in a warning. Output order: items, buckets, outliers and
//! re-estimates by key or estimate then key; estimators by name; correlations "all" first, then
//! projects by name.

pub mod actuals;

pub use actuals::{cycle_times, estimates_by_key};
pub mod bias;
pub mod poker;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::view::{FrameError, History, Items, Votes};

pub use actuals::{BucketStats, Correlation, EstimateChange, Outlier, ReEstimated};
pub use bias::EstimatorBias;
pub use poker::{Card, PokerStats};

/// Where the actual effort of an item comes from when the caller gives no cycle times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActualSource {
    /// `time_spent_hours` when any item has a positive one, else `in_progress_hours`.
    #[default]
    Auto,
    /// Logged time (`time_spent_hours`).
    TimeSpentHours,
    /// Time in an in-progress state (`in_progress_hours`).
    InProgressHours,
}

/// Settings of the estimates analysis (`[estimates]` in refine.toml).
///
/// ```toml
/// [estimates]
/// deck = [0, 0.5, 1, 2, 3, 5, 8, 13, 20, 40, 100]
/// discuss_spread = 2
/// spike_share = 0.5
/// actual = "auto"            # or "time_spent_hours", "in_progress_hours"
/// outlier_high_factor = 2.0
/// outlier_low_divisor = 2.0
/// outlier_min_bucket = 5
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EstimatesSettings {
    /// The poker deck, ascending.
    pub deck: Vec<f64>,
    /// A spread of at least this many deck steps flags `discuss`.
    pub discuss_spread: usize,
    /// A share of `?` votes of at least this (0–1) flags `spike`.
    pub spike_share: f64,
    /// The actual measure when the caller gives no cycle times.
    pub actual: ActualSource,
    /// An actual above the bucket's p85 times this is an outlier.
    pub outlier_high_factor: f64,
    /// An actual below the bucket's p15 divided by this is an outlier.
    pub outlier_low_divisor: f64,
    /// Buckets with fewer items are not searched for outliers.
    pub outlier_min_bucket: usize,
}

impl Default for EstimatesSettings {
    fn default() -> Self {
        EstimatesSettings {
            deck: vec![0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 40.0, 100.0],
            discuss_spread: 2,
            spike_share: 0.5,
            actual: ActualSource::Auto,
            outlier_high_factor: 2.0,
            outlier_low_divisor: 2.0,
            outlier_min_bucket: 5,
        }
    }
}

impl EstimatesSettings {
    /// Checks the settings: a non-empty, finite, strictly ascending deck; a spike share in 0–1;
    /// positive outlier factors.
    pub fn validate(&self) -> Result<(), EstimatesError> {
        let ascending = self.deck.windows(2).all(|pair| pair[0] < pair[1]);
        if self.deck.is_empty() || !ascending || self.deck.iter().any(|card| !card.is_finite()) {
            return Err(EstimatesError::BadDeck(self.deck.clone()));
        }
        if !(0.0..=1.0).contains(&self.spike_share) {
            return Err(EstimatesError::BadSetting("spike_share must be within 0-1"));
        }
        let positive = |value: f64| value.is_finite() && value > 0.0;
        if !positive(self.outlier_high_factor) || !positive(self.outlier_low_divisor) {
            return Err(EstimatesError::BadSetting(
                "outlier_high_factor and outlier_low_divisor must be > 0",
            ));
        }
        Ok(())
    }
}

/// What can stop the estimates analysis.
#[derive(Debug, thiserror::Error)]
pub enum EstimatesError {
    /// A canonical frame lacks a column or has the wrong type (a caller bug: load frames through
    /// `load`, which conforms them).
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// The deck is empty, not strictly ascending or holds a non-finite card.
    #[error("the poker deck {0:?} must be non-empty, finite and strictly ascending")]
    BadDeck(Vec<f64>),
    /// Another setting out of range.
    #[error("estimates settings: {0}")]
    BadSetting(&'static str),
}

/// Each voted item's confidence from the spread of its last poker round (1 / (1 + spread in
/// deck steps)), for RICE and the composite where the item has no confidence of its own.
pub fn confidence_from_votes(votes: &Votes<'_>, settings: &EstimatesSettings) -> BTreeMap<String, f64> {
    let rounds = poker::last_rounds(votes);
    let mut warnings = Vec::new();
    poker::poker_stats(&rounds, settings, &mut warnings)
        .into_iter()
        .filter_map(|stats| Some((stats.key, stats.confidence?)))
        .collect()
}

/// The estimates report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimatesReport {
    /// Poker statistics per item (last round), by key.
    pub items: Vec<PokerStats>,
    /// Bias per estimator, by name.
    pub estimators: Vec<EstimatorBias>,
    /// What the actuals are: `cycle_time_days`, `time_spent_hours` or `in_progress_hours`.
    pub actual_source: String,
    /// Actuals per estimate value, ascending.
    pub buckets: Vec<BucketStats>,
    /// Estimate–actual correlations: `all`, then per project.
    pub correlations: Vec<Correlation>,
    /// Items far outside their bucket, by estimate then key.
    pub outliers: Vec<Outlier>,
    /// Items whose estimate changed, by key.
    pub re_estimated: Vec<ReEstimated>,
    /// How percentiles are computed.
    pub percentile_method: &'static str,
    /// What the user should know.
    pub warnings: Vec<String>,
}

/// Runs the estimates analysis over the canonical items, history and votes tables.
/// `cycle_time_days` (key → days, from [`crate::flow`]) is the actual when given; otherwise the
/// settings' hours column is.
pub fn estimates(
    backlog: &Items<'_>,
    history: &History<'_>,
    votes: &Votes<'_>,
    cycle_time_days: Option<&BTreeMap<String, f64>>,
    settings: &EstimatesSettings,
) -> Result<EstimatesReport, EstimatesError> {
    settings.validate()?;
    let mut warnings = Vec::new();
    let rounds = poker::last_rounds(votes);
    let items = poker::poker_stats(&rounds, settings, &mut warnings);
    let final_estimates = actuals::estimates_by_key(backlog);
    let estimators = bias::estimator_bias(&rounds, &final_estimates, &mut warnings);
    let actual = actuals::actuals(backlog, cycle_time_days, settings, &mut warnings);
    let groups = actuals::by_estimate(&actual.rows);
    let buckets = actuals::buckets(&groups);
    let correlations = actuals::correlations(&actual.rows);
    let outliers = actuals::outliers(&groups, &buckets, settings);
    let re_estimated = actuals::re_estimated(history);
    Ok(EstimatesReport {
        items,
        estimators,
        actual_source: actual.source.to_owned(),
        buckets,
        correlations,
        outliers,
        re_estimated,
        percentile_method: "nearest rank",
        warnings,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::test_frame::{TestRow, frame};
    use crate::model::test_values::history_frame;
    use crate::model::{Table, items, votes};

    fn votes(rows: &[(&str, i64, &str, &str)]) -> polars::prelude::DataFrame {
        let rows: Vec<TestRow> = rows
            .iter()
            .map(|(key, round, estimator, value)| {
                TestRow::new()
                    .text(votes::KEY, key)
                    .integer(votes::ROUND, *round)
                    .text(votes::ESTIMATOR, estimator)
                    .text(votes::VALUE, value)
            })
            .collect();
        frame(Table::Votes, &rows)
    }

    fn run(
        backlog: &polars::prelude::DataFrame,
        changes: &polars::prelude::DataFrame,
        poker: &polars::prelude::DataFrame,
        cycle: Option<&BTreeMap<String, f64>>,
    ) -> EstimatesReport {
        let (backlog, changes, poker) = (
            Items::decode(backlog).unwrap(),
            History::decode(changes).unwrap(),
            Votes::decode(poker).unwrap(),
        );
        estimates(&backlog, &changes, &poker, cycle, &EstimatesSettings::default()).unwrap()
    }

    #[test]
    fn the_whole_report_over_small_tables() {
        let backlog = frame(
            Table::Items,
            &[
                TestRow::new().text(items::KEY, "A").number(items::ESTIMATE, 5.0),
                TestRow::new().text(items::KEY, "B").number(items::ESTIMATE, 3.0),
                TestRow::new().text(items::KEY, "C"),
            ],
        );
        let changes = history_frame(&[
            ("A", "2024-01-02T09:00:00Z", "estimate", "", "3"),
            ("A", "2024-01-05T09:00:00Z", "estimate", "3", "5"),
            ("B", "2024-01-02T09:00:00Z", "status", "To Do", "In Progress"),
        ]);
        let poker = votes(&[
            ("A", 1, "ann", "3"),
            ("A", 1, "bob", "13"),
            ("A", 2, "ann", "5"),
            ("A", 2, "bob", "8"),
            ("B", 1, "ann", "?"),
            ("B", 1, "bob", "3"),
        ]);
        let cycle: BTreeMap<String, f64> = [("A".to_owned(), 4.0), ("B".to_owned(), 2.0)].into();
        let report = run(&backlog, &changes, &poker, Some(&cycle));
        // A's last round is 5 and 8: one step, no discussion; B is half ?: a spike.
        assert_eq!(report.items.len(), 2);
        assert_eq!(
            (report.items[0].round, report.items[0].spread, report.items[0].discuss),
            (2, Some(1), false)
        );
        assert!(report.items[1].spike);
        // ann: A 5/5 → 0; bob: A 8/5 → log2 1.6, B 3/3 → 0: median log2(1.6) / 2.
        assert_eq!(report.estimators[0].median_log2_ratio, Some(0.0));
        assert!((report.estimators[1].median_log2_ratio.unwrap() - 1.6f64.log2() / 2.0).abs() < 1e-12);
        assert_eq!(report.actual_source, "cycle_time_days");
        assert_eq!(
            report.buckets.iter().map(|b| (b.estimate, b.median)).collect::<Vec<_>>(),
            [(3.0, Some(2.0)), (5.0, Some(4.0))]
        );
        // A: "" → 3 sets the first estimate (no re-estimate), 3 → 5 is one.
        assert_eq!(report.re_estimated.len(), 1);
        assert_eq!(report.re_estimated[0].count, 1);
        assert_eq!(
            report.re_estimated[0].changes[0],
            EstimateChange { at: "2024-01-05T09:00:00Z".to_owned(), from: 3.0, to: 5.0 }
        );
        assert!(serde_json::to_string(&report).unwrap().contains("\"suggested\":8.0"), "median 6.5 → 8");
    }

    #[test]
    fn empty_tables_give_an_empty_report() {
        let report = run(&frame(Table::Items, &[]), &history_frame(&[]), &votes(&[]), None);
        assert!(report.items.is_empty() && report.estimators.is_empty() && report.buckets.is_empty());
        assert_eq!(report.actual_source, "in_progress_hours");
        assert_eq!((report.correlations[0].n, report.correlations[0].spearman), (0, None));
    }

    #[test]
    fn settings_are_checked_and_read_from_toml() {
        let settings: EstimatesSettings =
            toml::from_str("deck = [1, 2, 4, 8]\nactual = \"in_progress_hours\"").unwrap();
        assert_eq!(settings.deck, [1.0, 2.0, 4.0, 8.0]);
        assert_eq!(settings.actual, ActualSource::InProgressHours);
        assert_eq!(settings.discuss_spread, 2);
        assert!(toml::from_str::<EstimatesSettings>("decks = [1]").is_err());
        let bad = EstimatesSettings { deck: vec![3.0, 1.0], ..EstimatesSettings::default() };
        assert!(matches!(bad.validate(), Err(EstimatesError::BadDeck(_))));
        let bad = EstimatesSettings { spike_share: 1.5, ..EstimatesSettings::default() };
        assert!(bad.validate().is_err());
    }
}
