//! The past a forecast draws from: finished sprints' completed amounts, or items finished per
//! ISO week. One place for `refine forecast` and `refine report`.

use super::RunError;
use super::views::Views;
use crate::config::Config;
use crate::flow::{FlowReport, flow};
use crate::forecast::plan::{PastPeriods, Period, sprint_history, week_history};
use crate::velocity::{VelocityReport, velocity};

/// Sprints when the inputs have a sprint table, else weeks.
pub(super) fn sprint_or_week(views: &Views<'_>) -> Period {
    if views.sprints.is_empty() { Period::Week } else { Period::Sprint }
}

/// The past periods of `per` as of `as_of`, computing the velocity or the flow they come from.
pub(super) fn past_periods(
    views: &Views<'_>,
    config: &Config,
    as_of: i64,
    per: Period,
    count_items: bool,
) -> Result<PastPeriods, RunError> {
    let (items, history) = (&views.items, &views.history);
    match per {
        Period::Sprint => {
            let report = velocity(&views.sprints, items, history, &config.status, &config.velocity)?;
            sprint_history(&report, as_of, count_items).ok_or(RunError::NoFinishedSprint)
        }
        Period::Week => {
            let report = flow(items, history, &config.status, as_of, &config.flow)?;
            Ok(week_history(&report, as_of))
        }
    }
}

/// The past periods of an analysis run that has computed the velocity and the flow already:
/// sprints when the inputs have sprints, else weeks; none when neither can be drawn.
pub(super) fn past_of_results(
    as_of: i64,
    has_sprints: bool,
    velocity: Option<&VelocityReport>,
    flow: Option<&FlowReport>,
) -> Option<PastPeriods> {
    match (velocity, flow) {
        (Some(velocity), _) if has_sprints => sprint_history(velocity, as_of, false),
        (_, Some(flow)) => Some(week_history(flow, as_of)),
        _ => None,
    }
}
