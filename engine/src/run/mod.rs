//! The orchestrator: the only place that wires analyses together. Each command of the CLI is
//! parse → one function here → render → write.
//!
//! A run loads nothing and renders nothing: it is given the loaded [`crate::load::Workspace`]
//! and the assembled, validated [`crate::config::Config`], runs the analyses (independent ones
//! side by side) and returns their results.
//!
//! | command | function |
//! |---|---|
//! | `refine report` | [`analyse`] |
//! | `refine rank` | [`prioritize`] |
//! | `refine health` | [`health_review`] |
//! | `refine agenda` | [`session_agenda`] |
//! | `refine velocity` | [`delivery`] |
//! | `refine estimates` | [`estimation`] |
//! | `refine forecast` | [`forecast`] |

mod delivery;
mod error;
mod estimation;
mod feedback;
mod forecast;
mod item_urls;
mod past;
mod prioritize;
mod quality;
mod report;
mod review;
mod skipped;
mod stage;
mod views;

pub use self::delivery::{Delivery, delivery};
pub use self::error::RunError;
pub use self::estimation::estimation;
pub use self::feedback::files_read;
pub use self::forecast::{Amount, ForecastRequest, ForecastRun, forecast};
pub use self::prioritize::{
    Prioritization, PrioritizeError, PrioritizeInputs, PrioritizeOptions, prioritize, prioritize_views,
};
pub use self::quality::{DataQuality, EXAMPLE_LIMIT, QualityCheck, QualityFinding};
pub use self::report::{Analyses, BacklogForecast, analyse, columns_read};
pub use self::review::{health_review, session_agenda};
pub use self::skipped::{MissingInput, SkipReason, Skipped};
pub use self::stage::{Stage, StageObserver, Unobserved};
