//! Per-team figures over the ordered sprints: the rolling mean / median / std of completed
//! points over the last `window` sprints (Jira's and OpenProject's velocity charts use 7), the
//! least-squares trend of completed points over the sprint index, and predictability as the
//! coefficient of variation of completed points.
//!
//! Only *counted* sprints enter these figures: those with completed points that are not
//! `future` or `active` (a running sprint's completed points are not final). A sprint's rolling
//! figures cover the last `window` counted sprints up to and including it; a sprint that is not
//! counted has none. The team's mean, median, std and CV are over its last `window` counted
//! sprints (the planning figure); the trend slope is over all its counted sprints, by their
//! position 0, 1, 2, … among them. Fewer counted sprints than `min_sprints` gives a warning.

use serde::Serialize;

use super::{SprintOrder, SprintVelocity};
use crate::model::stats;

/// A team's (or board's) velocity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamVelocity {
    /// Team or board; `None` for sprints without one.
    pub team: Option<String>,
    /// How its sprints were ordered.
    pub sprint_order: SprintOrder,
    /// Its sprints.
    pub sprints: usize,
    /// Its sprints that enter the figures (completed points known, not future or active).
    pub counted_sprints: usize,
    /// How many of the last counted sprints the mean, median, std and CV cover.
    pub window: usize,
    /// Mean completed points over the window.
    pub mean: Option<f64>,
    /// Median completed points over the window.
    pub median: Option<f64>,
    /// Sample standard deviation of completed points over the window.
    pub std: Option<f64>,
    /// Predictability: std / mean of completed points over the window (lower is steadier).
    pub predictability_cv: Option<f64>,
    /// Least-squares slope of completed points per sprint over all counted sprints.
    pub trend_slope: Option<f64>,
    /// Mean say/do over the window.
    pub mean_say_do: Option<f64>,
    /// What the user should know about this team's figures.
    pub warnings: Vec<String>,
}

/// Whether a sprint enters the statistics.
fn is_counted(sprint: &SprintVelocity) -> bool {
    let running = sprint
        .state
        .as_deref()
        .is_some_and(|state| state.eq_ignore_ascii_case("future") || state.eq_ignore_ascii_case("active"));
    sprint.completed_points.is_some_and(f64::is_finite) && !running
}

/// Fills each sprint's rolling figures (the sprints of one team, in order) over the last
/// `window` (at least 1) counted sprints and returns the team's figures.
pub(crate) fn roll(
    team: Option<String>,
    sprint_order: SprintOrder,
    sprints: &mut [SprintVelocity],
    window: usize,
    min_sprints: usize,
) -> TeamVelocity {
    let mut completed: Vec<f64> = Vec::new();
    let mut say_do: Vec<Option<f64>> = Vec::new();
    for sprint in sprints.iter_mut() {
        if !is_counted(sprint) {
            continue;
        }
        completed.push(sprint.completed_points.unwrap_or_default());
        say_do.push(sprint.say_do);
        let recent = last(&completed, window);
        sprint.rolling_mean = stats::mean(recent);
        sprint.rolling_median = stats::median(recent);
        sprint.rolling_std = stats::std_dev(recent);
    }
    let recent = last(&completed, window);
    let recent_say_do: Vec<f64> = last(&say_do, window).iter().flatten().copied().collect();
    let mut warnings = Vec::new();
    if completed.len() < min_sprints {
        warnings.push(format!(
            "only {} sprints with completed points (fewer than {min_sprints}): velocity figures are unreliable",
            completed.len()
        ));
    }
    TeamVelocity {
        team,
        sprint_order,
        sprints: sprints.len(),
        counted_sprints: completed.len(),
        window: recent.len(),
        mean: stats::mean(recent),
        median: stats::median(recent),
        std: stats::std_dev(recent),
        predictability_cv: stats::coefficient_of_variation(recent),
        trend_slope: stats::slope_over_index(&completed),
        mean_say_do: stats::mean(&recent_say_do),
        warnings,
    }
}

/// The last `count` values.
fn last<T>(values: &[T], count: usize) -> &[T] {
    &values[values.len().saturating_sub(count)..]
}
