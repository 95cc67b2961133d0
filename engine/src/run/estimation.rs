//! `refine estimates`: poker statistics, estimator bias and estimate against actual, with the
//! cycle times of the flow when the inputs have a dated history.

use super::RunError;
use super::views::Frames;
use crate::config::Config;
use crate::estimates::{EstimatesReport, cycle_times, estimates};
use crate::flow::flow;
use crate::load::Workspace;

/// Runs `refine estimates` over `workspace` (cycle times need `as_of` and a history).
pub fn estimation(
    workspace: &Workspace,
    config: &Config,
    as_of: Option<i64>,
) -> Result<EstimatesReport, RunError> {
    let frames = Frames::of(workspace);
    let views = frames.decode()?;
    let (items, history, votes) = (&views.items, &views.history, &views.votes);
    let has_history = !history.is_empty();
    let cycle_times = match as_of {
        Some(as_of) if has_history => cycle_times(
            &flow(items, history, &config.status, as_of, &config.flow).map_err(RunError::CycleTimes)?,
        ),
        _ => None,
    };
    Ok(estimates(items, history, votes, cycle_times.as_ref(), &config.estimates)?)
}
