//! The stages of a run, for the CLI's progress bar and timings.

/// One analysis of the run, for progress and timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Demand, scores and the ranked backlog.
    Prioritize,
    /// Sprint velocity and say/do.
    Velocity,
    /// Throughput, cycle and lead time, aging work.
    Flow,
    /// Poker statistics, bias, estimate against actual.
    Estimates,
    /// Monte Carlo forecast of the ranked backlog.
    Forecast,
    /// DEEP scorecard, Definition of Ready, dependencies, type mix.
    Health,
    /// The refinement session's agenda.
    Agenda,
}

impl Stage {
    /// Every stage, in the order they are declared (the CLI's progress bar counts them).
    pub const ALL: [Stage; 7] = [
        Stage::Prioritize,
        Stage::Velocity,
        Stage::Flow,
        Stage::Estimates,
        Stage::Forecast,
        Stage::Health,
        Stage::Agenda,
    ];

    /// The stage's name in progress lines and timings.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Prioritize => "prioritize",
            Stage::Velocity => "velocity",
            Stage::Flow => "flow",
            Stage::Estimates => "estimates",
            Stage::Forecast => "forecast",
            Stage::Health => "health",
            Stage::Agenda => "agenda",
        }
    }
}

/// Told when each stage starts and ends (from any thread): the CLI's progress bar and timings.
/// The engine never reads the clock; an observer may.
pub trait StageObserver: Sync {
    /// `stage` starts.
    fn started(&self, _stage: Stage) {}
    /// `stage` is done.
    fn finished(&self, _stage: Stage) {}
}

/// An observer that ignores everything.
pub struct Unobserved;

impl StageObserver for Unobserved {}

/// Runs `work` between the observer's `started` and `finished` for `stage`.
pub(super) fn observe<T>(observer: &dyn StageObserver, stage: Stage, work: impl FnOnce() -> T) -> T {
    observer.started(stage);
    let result = work();
    observer.finished(stage);
    result
}
