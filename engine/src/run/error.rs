//! What can stop a command's run.

use super::prioritize::PrioritizeError;
use crate::estimates::EstimatesError;
use crate::flow::FlowError;
use crate::forecast::ForecastError;
use crate::health::ReviewError;
use crate::model::view::FrameError;
use crate::velocity::VelocityError;

/// A run that could not give its result.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The ranking could not be made.
    #[error(transparent)]
    Prioritize(#[from] PrioritizeError),
    /// The velocity could not be computed.
    #[error(transparent)]
    Velocity(#[from] VelocityError),
    /// The flow could not be computed.
    #[error(transparent)]
    Flow(#[from] FlowError),
    /// The cycle times the estimates compare with could not be computed.
    #[error("cycle times from the history")]
    CycleTimes(#[source] FlowError),
    /// The health review failed.
    #[error(transparent)]
    Review(#[from] ReviewError),
    /// The previous snapshot could not be ranked.
    #[error("the previous snapshot: {0}")]
    PreviousRanking(#[source] PrioritizeError),
    /// The previous snapshot's velocity could not be computed.
    #[error("the previous snapshot: {0}")]
    PreviousVelocity(#[source] VelocityError),
    /// The previous snapshot has no dates to review it as of.
    #[error("the previous snapshot has no dates")]
    PreviousUndated,
    /// The poker statistics could not be computed.
    #[error(transparent)]
    Estimates(#[from] EstimatesError),
    /// The forecast could not be made.
    #[error(transparent)]
    Forecast(#[from] ForecastError),
    /// A canonical frame is not canonical (a missing or mistyped column).
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// A forecast per sprint, and no finished sprint has a completed amount.
    #[error("no finished sprint has a completed amount; give a sprint report, or forecast per week")]
    NoFinishedSprint,
}
