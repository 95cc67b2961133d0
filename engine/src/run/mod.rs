//! The orchestrator: the only place that wires analyses together. Each command of the CLI is
//! parse → one function here → render → write.
//!
//! A run loads nothing and renders nothing: it is given the loaded [`crate::load::Workspace`]
//! and the assembled, validated [`crate::config::Config`], decodes the canonical frames once,
//! runs the analyses (independent ones side by side) and returns their results.

mod prioritize;
mod report;
mod skipped;

pub use self::prioritize::{
    Prioritization, PrioritizeError, PrioritizeInputs, PrioritizeOptions, prioritize, prioritize_views,
};
pub use self::report::*;
pub use self::skipped::{MissingInput, SkipReason, Skipped};
