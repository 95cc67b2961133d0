//! Why an analysis of a run was left out, as a type: which stage, and whether it had nothing to
//! work on (and which input it missed) or failed (and the error's message). A renderer picks a
//! stage's reason by its [`Stage`] and prints it with `Display`:
//! `velocity: left out: the inputs have no sprints and no status history`.

use std::fmt;

use super::stage::Stage;

/// An analysis left out of a run, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The analysis.
    pub stage: Stage,
    /// Why it was left out.
    pub reason: SkipReason,
}

/// Why an analysis was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// It had nothing to work on: the inputs lack what it needs.
    Missing(MissingInput),
    /// It ran and failed; the error's message.
    Failed(String),
}

/// What an analysis needs and the inputs (or the analyses before it) did not give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingInput {
    /// No sprints and no status history to derive them from (velocity).
    SprintsAndHistory,
    /// No status history with dates (flow).
    DatedHistory,
    /// No sprint or weekly history to draw from (forecast).
    PastPeriods,
    /// No dates at all (health review).
    Dates,
    /// No health review (agenda).
    HealthReview,
}

impl Skipped {
    /// `stage` had nothing to work on: `missing` is what it lacked.
    pub fn missing(stage: Stage, missing: MissingInput) -> Self {
        Skipped { stage, reason: SkipReason::Missing(missing) }
    }

    /// `stage` failed with `message`.
    pub fn failed(stage: Stage, message: impl Into<String>) -> Self {
        Skipped { stage, reason: SkipReason::Failed(message.into()) }
    }
}

impl fmt::Display for Skipped {
    /// `forecast: left out: there is no sprint or weekly history to draw from`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: left out: {}", self.stage.name(), self.reason)
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Missing(missing) => missing.fmt(formatter),
            SkipReason::Failed(message) => formatter.write_str(message),
        }
    }
}

impl fmt::Display for MissingInput {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            MissingInput::SprintsAndHistory => "the inputs have no sprints and no status history",
            MissingInput::DatedHistory => "the inputs have no status history with dates",
            MissingInput::PastPeriods => "there is no sprint or weekly history to draw from",
            MissingInput::Dates => "the inputs have no dates",
            MissingInput::HealthReview => "there is no health review",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skipped_stage_reads_stage_then_why() {
        let missing = Skipped::missing(Stage::Agenda, MissingInput::HealthReview);
        assert_eq!(missing.to_string(), "agenda: left out: there is no health review");
        let failed = Skipped::failed(Stage::Estimates, "no votes column");
        assert_eq!(failed.to_string(), "estimates: left out: no votes column");
        assert_eq!(failed.reason, SkipReason::Failed("no votes column".to_owned()));
    }
}
