//! `refine velocity`: sprint velocity and say/do beside the flow (throughput, cycle and lead
//! time, aging work), side by side.

use super::RunError;
use super::views::Frames;
use crate::config::Config;
use crate::flow::{FlowReport, flow};
use crate::load::Workspace;
use crate::velocity::{VelocityReport, velocity};

/// Velocity and flow of one workspace.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Sprint velocity and say/do.
    pub velocity: VelocityReport,
    /// Flow metrics; none without an as-of instant (they are counted up to a date).
    pub flow: Option<FlowReport>,
    /// Whether the flow was left out for want of a date although the inputs have items or a
    /// history to count.
    pub flow_needs_a_date: bool,
}

/// Runs `refine velocity` over `workspace`, with the flow when `as_of` is given.
pub fn delivery(workspace: &Workspace, config: &Config, as_of: Option<i64>) -> Result<Delivery, RunError> {
    let frames = Frames::of(workspace);
    let views = frames.decode()?;
    let (items, history) = (&views.items, &views.history);
    let flow_needs_a_date = as_of.is_none() && !(items.is_empty() && history.is_empty());
    let (velocity, flow) = rayon::join(
        || velocity(&views.sprints, items, history, &config.status, &config.velocity),
        || as_of.map(|as_of| flow(items, history, &config.status, as_of, &config.flow)).transpose(),
    );
    Ok(Delivery { velocity: velocity?, flow: flow?, flow_needs_a_date })
}
