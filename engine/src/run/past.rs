//! The past a forecast draws from: finished sprints' completed amounts, or items finished per
//! ISO week. One place for `refine forecast` and `refine report`.

use super::RunError;
use crate::config::Config;
use crate::flow::{FlowReport, flow};
use crate::forecast::plan::{PastPeriods, Period, sprint_history, week_history};
use crate::load::Workspace;
use crate::model::Table;
use crate::model::view::{History, Items, Sprints};
use crate::velocity::{VelocityReport, velocity};

/// Sprints when the inputs have a sprint table, else weeks.
pub(super) fn sprint_or_week(workspace: &Workspace) -> Period {
    if workspace.table(Table::Sprints).height() > 0 { Period::Sprint } else { Period::Week }
}

/// The past periods of `per` as of `as_of`, computing the velocity or the flow they come from.
pub(super) fn past_periods(
    workspace: &Workspace,
    config: &Config,
    as_of: i64,
    per: Period,
    count_items: bool,
) -> Result<PastPeriods, RunError> {
    let (items, history) = (workspace.table(Table::Items), workspace.table(Table::History));
    let (items, history) = (Items::decode(&items)?, History::decode(&history)?);
    match per {
        Period::Sprint => {
            let sprints = workspace.table(Table::Sprints);
            let sprints = Sprints::decode(&sprints)?;
            let report = velocity(&sprints, &items, &history, &config.status, &config.velocity)?;
            sprint_history(&report, as_of, count_items).ok_or(RunError::NoFinishedSprint)
        }
        Period::Week => {
            let report = flow(&items, &history, &config.status, as_of, &config.flow)?;
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
