//! What a forecast of the team's own backlog draws from and runs over: the past periods
//! (completed points or items of finished sprints, or items finished per ISO week) and the
//! ranked open items as sizes. `refine forecast` and `refine report` share these, so both
//! forecast the same thing from the same figures.
//!
//! - **Sprints**: the finished sprints of the velocity analysis (state neither `future` nor
//!   `active`), in its order; a period lasts the median gap between their starts (14 days
//!   when fewer than two starts are known); the first forecast period starts one period after
//!   the last sprint's start, and never before `as_of`.
//! - **Weeks**: the throughput per ISO week of the flow analysis, empty weeks included; the
//!   first forecast period starts the Monday after the last week.
//! - **Sizes**: per sprint, each ranked item's estimate; unestimated items are sized at the
//!   median estimate of the ranked items (1 when none is estimated) and counted. Per week,
//!   every item is 1.

use std::collections::BTreeMap;

use super::{
    BacklogItem, ForecastError, ForecastReport, ForecastSettings, History, coverage, forecast_backlog,
};
use crate::flow::FlowReport;
use crate::model::dates::{self, DAY_MS};
use crate::model::stats;
use crate::rank::RankedItem;
use crate::velocity::VelocityReport;

/// The period length assumed when the sprints give no gap between starts.
const DEFAULT_SPRINT_DAYS: f64 = 14.0;

/// What a period of the history is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// A sprint: completed points (or items).
    Sprint,
    /// An ISO week: items finished.
    Week,
}

impl Period {
    /// The period's name in messages (`sprint`, `week`).
    pub fn name(self) -> &'static str {
        match self {
            Period::Sprint => "sprint",
            Period::Week => "week",
        }
    }
}

/// The past periods a forecast draws from, and where forecast periods start.
#[derive(Debug, Clone, PartialEq)]
pub struct PastPeriods {
    /// Sprint or week.
    pub period: Period,
    /// Amount completed in each past period.
    pub samples: Vec<f64>,
    /// Length of a period in days.
    pub period_days: f64,
    /// Start of the first forecast period, UTC milliseconds.
    pub next_start: i64,
}

impl PastPeriods {
    /// The history as the simulation takes it.
    pub fn history(&self) -> History<'_> {
        History { samples: &self.samples, period_days: self.period_days, next_start: self.next_start }
    }

    /// What the forecast draws from: `12 sprints, 31.5 per sprint on average`.
    pub fn description(&self) -> String {
        let unit = self.period.name();
        let mean = stats::mean(&self.samples).map_or("no amount".to_owned(), |mean| format!("{mean:.1}"));
        format!("{} {unit}s, {mean} per {unit} on average", self.samples.len())
    }

    /// The description as one line of a command's warnings:
    /// `history: 12 sprints, 31.5 per sprint on average`.
    pub fn summary(&self) -> String {
        format!("history: {}", self.description())
    }
}

/// The finished sprints' completed points (or items, with `count_items`); `None` when no
/// finished sprint has a completed amount.
pub fn sprint_history(report: &VelocityReport, as_of: i64, count_items: bool) -> Option<PastPeriods> {
    let finished: Vec<_> = report
        .sprints
        .iter()
        .filter(|sprint| !matches!(sprint.state.as_deref(), Some("future" | "active")))
        .collect();
    let samples: Vec<f64> = finished
        .iter()
        .filter_map(|sprint| {
            if count_items {
                sprint.completed_items.map(|items| items as f64)
            } else {
                sprint.completed_points
            }
        })
        .collect();
    if samples.is_empty() {
        return None;
    }
    let starts: Vec<i64> = finished
        .iter()
        .filter_map(|sprint| sprint.start.as_deref().and_then(dates::parse_timestamp))
        .collect();
    let gaps: Vec<f64> =
        starts.windows(2).map(|pair| dates::days(pair[1] - pair[0])).filter(|days| *days > 0.0).collect();
    let period_days = stats::median(&gaps).unwrap_or(DEFAULT_SPRINT_DAYS);
    let next_start =
        starts.last().map_or(as_of, |last| last + (period_days * DAY_MS as f64) as i64).max(as_of);
    Some(PastPeriods { period: Period::Sprint, samples, period_days, next_start })
}

/// Items finished per ISO week.
pub fn week_history(report: &FlowReport, as_of: i64) -> PastPeriods {
    let samples: Vec<f64> = report.throughput.iter().map(|week| week.items as f64).collect();
    let next_start =
        report.throughput.last().map_or(as_of, |week| dates::date_millis(week.week_start) + 7 * DAY_MS);
    PastPeriods { period: Period::Week, samples, period_days: 7.0, next_start }
}

/// The ranked items as forecast sizes, and how many were unestimated (sized at the median).
pub fn backlog_items(
    ranked: &[RankedItem],
    estimates: &BTreeMap<String, f64>,
    period: Period,
) -> (Vec<BacklogItem>, usize) {
    if period == Period::Week {
        return (ranked.iter().map(|item| BacklogItem { key: item.key.clone(), size: 1.0 }).collect(), 0);
    }
    let known: Vec<f64> = ranked.iter().filter_map(|item| estimates.get(&item.key).copied()).collect();
    let median = stats::median(&known).unwrap_or(1.0);
    let items = ranked
        .iter()
        .map(|item| BacklogItem {
            key: item.key.clone(),
            size: estimates.get(&item.key).copied().unwrap_or(median),
        })
        .collect();
    (items, ranked.len() - known.len())
}

/// The forecast of the ranked backlog: each item's cut line and when all of it is done, with
/// warnings on unestimated items and the backlog's coverage in periods.
pub fn forecast_ranked(
    ranked: &[RankedItem],
    estimates: &BTreeMap<String, f64>,
    past: &PastPeriods,
    settings: &ForecastSettings,
) -> Result<ForecastReport, ForecastError> {
    let (items, unestimated) = backlog_items(ranked, estimates, past.period);
    let mut report = forecast_backlog(&past.history(), &items, settings)?;
    if unestimated > 0 {
        report.warnings.insert(
            0,
            format!("{unestimated} unestimated items sized at the median estimate of the ranked items"),
        );
    }
    let ready: f64 = items.iter().map(|item| item.size).sum();
    if let Some(periods) = coverage(ready, &past.samples) {
        report.warnings.push(format!(
            "coverage: the ranked backlog is {periods:.1} {}s of work at the average pace",
            past.period.name()
        ));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rank::ranking_of as ranked;

    #[test]
    fn unestimated_items_are_sized_at_the_median_of_the_estimated_ones() {
        // Estimates 2, 3, 8 → median 3; B is unestimated.
        let estimates: BTreeMap<String, f64> =
            [("A", 2.0), ("C", 3.0), ("D", 8.0)].map(|(key, value)| (key.to_owned(), value)).into();
        let (items, unestimated) = backlog_items(&ranked(&["A", "B", "C", "D"]), &estimates, Period::Sprint);
        let sizes: Vec<f64> = items.iter().map(|item| item.size).collect();
        assert_eq!(sizes, [2.0, 3.0, 3.0, 8.0]);
        assert_eq!(unestimated, 1);
    }

    #[test]
    fn a_weekly_forecast_counts_every_item_as_one() {
        let (items, unestimated) = backlog_items(&ranked(&["A", "B"]), &BTreeMap::new(), Period::Week);
        assert_eq!(items.iter().map(|item| item.size).sum::<f64>(), 2.0);
        assert_eq!(unestimated, 0);
    }

    #[test]
    fn a_constant_pace_gives_the_exact_cut_line_and_the_coverage() {
        // 10 points per sprint, items of 5: two items a sprint (with no margin).
        let past =
            PastPeriods { period: Period::Sprint, samples: vec![10.0; 6], period_days: 14.0, next_start: 0 };
        let estimates: BTreeMap<String, f64> =
            ["A", "B", "C"].map(|key| (key.to_owned(), 5.0)).into_iter().collect();
        let settings = ForecastSettings { margin: 0.0, trials: 100, ..ForecastSettings::default() };
        let report = forecast_ranked(&ranked(&["A", "B", "C"]), &estimates, &past, &settings).unwrap();
        let cut: Vec<Option<usize>> = report.items.iter().map(|item| item.period_85).collect();
        assert_eq!(cut, [Some(1), Some(1), Some(2)]);
        assert!(
            report.warnings.iter().any(|warning| warning.contains("1.5 sprints of work")),
            "{:?}",
            report.warnings
        );
        assert_eq!(past.summary(), "history: 6 sprints, 10.0 per sprint on average");
        assert_eq!(past.description(), "6 sprints, 10.0 per sprint on average");
    }
}
