//! Estimates against actuals: buckets, correlations, outliers and re-estimated items.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{ActualSource, EstimatesSettings};
use crate::model::dates::iso;
use crate::model::numbers::parse_number;
use crate::model::stats;
use crate::model::view::{History, Items};

/// The actuals of one estimate value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BucketStats {
    /// The estimate value (points).
    pub estimate: f64,
    /// Items with this estimate and an actual.
    pub n: usize,
    /// Median actual.
    pub median: Option<f64>,
    /// 15th percentile (nearest rank).
    pub p15: Option<f64>,
    /// 85th percentile (nearest rank).
    pub p85: Option<f64>,
    /// Coefficient of variation of the actuals.
    pub cv: Option<f64>,
}

/// The estimate–actual correlation over a scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correlation {
    /// `all`, or `project:<name>`.
    pub scope: String,
    /// Items with an estimate and an actual.
    pub n: usize,
    /// Spearman rank correlation (ties share their average rank).
    pub spearman: Option<f64>,
    /// Pearson correlation.
    pub pearson: Option<f64>,
}

/// An item far outside its estimate bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outlier {
    /// The item key.
    pub key: String,
    /// Its estimate.
    pub estimate: f64,
    /// Its actual.
    pub actual: f64,
    /// The bucket's median actual.
    pub bucket_median: Option<f64>,
    /// The bound it crosses: p85 × high factor, or p15 / low divisor.
    pub bound: f64,
    /// `above` or `below`.
    pub direction: &'static str,
}

/// One estimate change from the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimateChange {
    /// When (ISO 8601, UTC).
    pub at: String,
    /// The estimate before.
    pub from: f64,
    /// The estimate after.
    pub to: f64,
}

/// An item whose estimate changed from one number to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReEstimated {
    /// The item key.
    pub key: String,
    /// How many re-estimates.
    pub count: usize,
    /// The changes in time order.
    pub changes: Vec<EstimateChange>,
}

/// One item with an estimate and an actual.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActualRow<'a> {
    pub key: &'a str,
    pub project: Option<&'a str>,
    pub estimate: f64,
    pub actual: f64,
}

/// The actuals and where they come from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Actuals<'a> {
    pub source: &'static str,
    pub rows: Vec<ActualRow<'a>>,
}

/// Each finished item's cycle time in days, by key, from the flow analysis: the actual of the
/// estimates analysis when the inputs have a status history. `None` when no item has one.
pub fn cycle_times(flow: &crate::flow::FlowReport) -> Option<BTreeMap<String, f64>> {
    let days: BTreeMap<String, f64> =
        flow.finished.iter().filter_map(|item| Some((item.key.to_owned(), item.cycle_time_days?))).collect();
    (!days.is_empty()).then_some(days)
}

/// The finite estimate of each key (the first row of a key that has one).
pub fn estimates_by_key(items: &Items<'_>) -> BTreeMap<String, f64> {
    let mut map = BTreeMap::new();
    for (row, key) in items.keyed() {
        if let Some(estimate) = items.estimate[row] {
            map.entry(key.to_owned()).or_insert(estimate);
        }
    }
    map
}

/// The items with a finite estimate and a positive actual, by key (then table order).
pub(crate) fn actuals<'a>(
    items: &Items<'a>,
    cycle_time_days: Option<&BTreeMap<String, f64>>,
    settings: &EstimatesSettings,
    warnings: &mut Vec<String>,
) -> Actuals<'a> {
    let (spent, progress) = (&items.time_spent_hours, &items.in_progress_hours);
    let positive = |value: &Option<f64>| value.filter(|v| v.is_finite() && *v > 0.0);
    let (source, hours) = match (cycle_time_days, settings.actual) {
        (Some(_), _) => ("cycle_time_days", None),
        (None, ActualSource::TimeSpentHours) => ("time_spent_hours", Some(&spent)),
        (None, ActualSource::InProgressHours) => ("in_progress_hours", Some(&progress)),
        (None, ActualSource::Auto) if spent.iter().any(|v| positive(v).is_some()) => {
            ("time_spent_hours", Some(&spent))
        }
        (None, ActualSource::Auto) => ("in_progress_hours", Some(&progress)),
    };
    let mut rows = Vec::new();
    let mut estimated_without_actual = 0usize;
    for (index, key) in items.keyed() {
        let Some(estimate) = items.estimate[index] else { continue };
        let actual = match (cycle_time_days, hours) {
            (Some(map), _) => positive(&map.get(key).copied()),
            (None, Some(column)) => positive(&column[index]),
            (None, None) => None,
        };
        match actual {
            Some(actual) => rows.push(ActualRow { key, project: items.project[index], estimate, actual }),
            None => estimated_without_actual += 1,
        }
    }
    if estimated_without_actual > 0 {
        warnings.push(format!(
            "{estimated_without_actual} estimated items have no positive {source} and are left out of estimate vs actual"
        ));
    }
    rows.sort_by(|a, b| a.key.cmp(b.key));
    Actuals { source, rows }
}

/// The rows of one estimate value, by key.
pub(crate) type EstimateGroup<'a, 'r> = (f64, Vec<&'r ActualRow<'a>>);

/// The rows grouped by estimate value, ascending: the buckets' and the outliers' grouping.
pub(crate) fn by_estimate<'a, 'r>(rows: &'r [ActualRow<'a>]) -> Vec<EstimateGroup<'a, 'r>> {
    let mut sorted: Vec<&ActualRow<'a>> = rows.iter().collect();
    sorted.sort_by(|a, b| a.estimate.total_cmp(&b.estimate).then_with(|| a.key.cmp(b.key)));
    let mut groups: Vec<EstimateGroup<'a, 'r>> = Vec::new();
    for row in sorted {
        match groups.last_mut() {
            Some((estimate, group)) if *estimate == row.estimate => group.push(row),
            _ => groups.push((row.estimate, vec![row])),
        }
    }
    groups
}

/// Actuals per estimate value, ascending (one bucket per group of [`by_estimate`]).
pub(crate) fn buckets(groups: &[EstimateGroup<'_, '_>]) -> Vec<BucketStats> {
    groups
        .iter()
        .map(|(estimate, group)| {
            let mut actuals: Vec<f64> = group.iter().map(|row| row.actual).collect();
            actuals.sort_by(f64::total_cmp);
            BucketStats {
                estimate: *estimate,
                n: actuals.len(),
                median: stats::median(&actuals),
                p15: stats::nearest_rank_of_sorted(&actuals, 15.0),
                p85: stats::nearest_rank_of_sorted(&actuals, 85.0),
                cv: stats::coefficient_of_variation(&actuals),
            }
        })
        .collect()
}

/// The correlation of one scope.
fn correlation(scope: String, rows: &[&ActualRow<'_>]) -> Correlation {
    let estimates: Vec<f64> = rows.iter().map(|row| row.estimate).collect();
    let actuals: Vec<f64> = rows.iter().map(|row| row.actual).collect();
    Correlation {
        scope,
        n: rows.len(),
        spearman: stats::spearman(&estimates, &actuals),
        pearson: stats::pearson(&estimates, &actuals),
    }
}

/// `all`, then `project:<name>` per project by name when there are at least two projects.
pub(crate) fn correlations(rows: &[ActualRow<'_>]) -> Vec<Correlation> {
    let all: Vec<&ActualRow<'_>> = rows.iter().collect();
    let mut result = vec![correlation("all".to_owned(), &all)];
    let mut projects: BTreeMap<&str, Vec<&ActualRow<'_>>> = BTreeMap::new();
    for row in rows {
        if let Some(project) = row.project {
            projects.entry(project).or_default().push(row);
        }
    }
    if projects.len() >= 2 {
        result.extend(
            projects.into_iter().map(|(project, rows)| correlation(format!("project:{project}"), &rows)),
        );
    }
    result
}

/// Items above p85 × high factor or below p15 / low divisor of their bucket (buckets of at
/// least `outlier_min_bucket` items), by estimate then key; `buckets` are the [`buckets`] of
/// `groups`.
pub(crate) fn outliers(
    groups: &[EstimateGroup<'_, '_>],
    buckets: &[BucketStats],
    settings: &EstimatesSettings,
) -> Vec<Outlier> {
    let mut result = Vec::new();
    for ((estimate, group), bucket) in groups.iter().zip(buckets) {
        let (Some(p15), Some(p85)) = (bucket.p15, bucket.p85) else { continue };
        if group.len() < settings.outlier_min_bucket {
            continue;
        }
        let high = p85 * settings.outlier_high_factor;
        let low = p15 / settings.outlier_low_divisor;
        for row in group {
            let (bound, direction) = if row.actual > high {
                (high, "above")
            } else if row.actual < low {
                (low, "below")
            } else {
                continue;
            };
            result.push(Outlier {
                key: row.key.to_owned(),
                estimate: *estimate,
                actual: row.actual,
                bucket_median: bucket.median,
                bound,
                direction,
            });
        }
    }
    result
}

/// Items whose `estimate` history changes from one number to another, by key.
pub(crate) fn re_estimated(history: &History<'_>) -> Vec<ReEstimated> {
    let mut result = Vec::new();
    for item in history.changes_of("estimate", None) {
        let changes: Vec<EstimateChange> = item
            .changes
            .iter()
            .filter_map(|change| {
                match (change.from.and_then(parse_number), change.to.and_then(parse_number)) {
                    (Some(from), Some(to)) if from != to => Some(EstimateChange {
                        at: iso(change.at).unwrap_or_else(|| change.at.to_string()),
                        from,
                        to,
                    }),
                    _ => None,
                }
            })
            .collect();
        if !changes.is_empty() {
            result.push(ReEstimated { key: item.key.to_owned(), count: changes.len(), changes });
        }
    }
    result
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::test_values::close;

    fn row(key: &'static str, project: &'static str, estimate: f64, actual: f64) -> ActualRow<'static> {
        ActualRow { key, project: Some(project), estimate, actual }
    }

    /// Estimate 1: actuals 2, 4, 6 (project P); estimate 3: 5, 9 (P) and 13 (Q); estimate 5: 20 (Q).
    fn table() -> Vec<ActualRow<'static>> {
        vec![
            row("A", "P", 1.0, 2.0),
            row("B", "P", 1.0, 4.0),
            row("C", "P", 1.0, 6.0),
            row("D", "P", 3.0, 5.0),
            row("E", "P", 3.0, 9.0),
            row("F", "Q", 3.0, 13.0),
            row("G", "Q", 5.0, 20.0),
        ]
    }

    #[test]
    fn buckets_hand_computed() {
        let buckets = buckets(&by_estimate(&table()));
        assert_eq!(
            buckets.iter().map(|b| (b.estimate, b.n)).collect::<Vec<_>>(),
            [(1.0, 3), (3.0, 3), (5.0, 1)]
        );
        // Estimate 1: 2, 4, 6: median 4; p15 rank ⌈0.45⌉ = 1 → 2; p85 rank ⌈2.55⌉ = 3 → 6;
        // std = √((4 + 0 + 4) / 2) = 2, CV = 2 / 4 = 0.5.
        close(buckets[0].median, 4.0);
        close(buckets[0].p15, 2.0);
        close(buckets[0].p85, 6.0);
        close(buckets[0].cv, 0.5);
        // Estimate 3: 5, 9, 13: median 9, std 4, CV 4 / 9.
        close(buckets[1].median, 9.0);
        close(buckets[1].cv, 4.0 / 9.0);
        // One item: its own median and percentiles, no CV.
        close(buckets[2].p85, 20.0);
        assert_eq!(buckets[2].cv, None);
    }

    #[test]
    fn correlations_hand_computed() {
        let correlations = correlations(&table());
        let scopes: Vec<&str> = correlations.iter().map(|c| c.scope.as_str()).collect();
        assert_eq!(scopes, ["all", "project:P", "project:Q"]);
        // All: estimates 1 1 1 3 3 3 5 → ranks 2 2 2 5 5 5 7; actuals 2 4 6 5 9 13 20 → ranks
        // 1 2 4 3 5 6 7. Rank means 4 and 4; dx = −2 −2 −2 1 1 1 3; dy = −3 −2 0 −1 1 2 3;
        // Σdxdy = 6 + 4 + 0 − 1 + 1 + 2 + 9 = 21; Σdx² = 12 + 3 + 9 = 24; Σdy² = 9+4+0+1+1+4+9 = 28;
        // ρ = 21 / √672 = 0.810093…
        assert_eq!(correlations[0].n, 7);
        close(correlations[0].spearman, 21.0 / 672f64.sqrt());
        // Pearson: x̄ = 17/7, ȳ = 59/7; Σxy = 2+4+6+15+27+39+100 = 193; Σx² = 3+27+25 = 55;
        // Σy² = 4+16+36+25+81+169+400 = 731; Sxy = 193 − 17·59/7 = (1351 − 1003)/7 = 348/7;
        // Sxx = 55 − 289/7 = 96/7; Syy = 731 − 3481/7 = 1636/7; r = 348 / √(96 · 1636) = 0.878116….
        close(correlations[0].pearson, 348.0 / (96.0f64 * 1636.0).sqrt());
        // Q: (3, 13), (5, 20): two points on a rising line, ±1 exactly.
        close(correlations[2].spearman, 1.0);
        close(correlations[2].pearson, 1.0);
        // One project: no per-project scopes.
        let one: Vec<ActualRow> = table().into_iter().filter(|r| r.project == Some("P")).collect();
        assert_eq!(super::correlations(&one).len(), 1);
        let empty = super::correlations(&[]);
        assert_eq!((empty[0].n, empty[0].spearman, empty[0].pearson), (0, None, None));
    }

    #[test]
    fn outliers_by_the_p85_and_p15_rule() {
        // Estimate 2, six items: 1, 10, 10, 10, 12, 40 → p15 rank ⌈0.9⌉ = 1 → 1, p85 rank ⌈5.1⌉ = 6
        // → 40: bounds 80 and 0.5: nothing. Replace 1 by 0.2 and add 100 (n 7): p15 rank ⌈1.05⌉ = 2
        // → 10 → low bound 5: 0.2 is below; p85 rank ⌈5.95⌉ = 6 → 40 → high 80: 100 is above.
        let rows: Vec<ActualRow> =
            [("a", 0.2), ("b", 10.0), ("c", 10.0), ("d", 10.0), ("e", 12.0), ("f", 40.0), ("g", 100.0)]
                .iter()
                .map(|(key, actual)| row(key, "P", 2.0, *actual))
                .collect();
        let settings = EstimatesSettings::default();
        let groups = by_estimate(&rows);
        let found = outliers(&groups, &buckets(&groups), &settings);
        let summary: Vec<(&str, &str, f64)> =
            found.iter().map(|o| (o.key.as_str(), o.direction, o.bound)).collect();
        assert_eq!(summary, [("a", "below", 5.0), ("g", "above", 80.0)]);
        close(found[0].bucket_median, 10.0);
        // A bucket smaller than outlier_min_bucket is not searched.
        let small = by_estimate(&rows[..4]);
        assert!(outliers(&small, &buckets(&small), &settings).is_empty());
    }
}
