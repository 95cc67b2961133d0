//! `refine estimates`: poker statistics, estimator bias and estimate against actual, with the
//! cycle times of the flow when the inputs have a dated history.

use super::RunError;
use crate::config::Config;
use crate::estimates::{EstimatesReport, cycle_times, estimates};
use crate::flow::flow;
use crate::load::Workspace;
use crate::model::Table;
use crate::model::view::{History, Items, Votes};

/// Runs `refine estimates` over `workspace` (cycle times need `as_of` and a history).
pub fn estimation(
    workspace: &Workspace,
    config: &Config,
    as_of: Option<i64>,
) -> Result<EstimatesReport, RunError> {
    let (items, history, votes) =
        (workspace.table(Table::Items), workspace.table(Table::History), workspace.table(Table::Votes));
    let has_history = history.height() > 0;
    let (items, history, votes) =
        (Items::decode(&items)?, History::decode(&history)?, Votes::decode(&votes)?);
    let cycle_times = match as_of {
        Some(as_of) if has_history => cycle_times(
            &flow(&items, &history, &config.status, as_of, &config.flow).map_err(RunError::CycleTimes)?,
        ),
        _ => None,
    };
    Ok(estimates(&items, &history, &votes, cycle_times.as_ref(), &config.estimates)?)
}
