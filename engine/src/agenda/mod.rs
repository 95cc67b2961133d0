//! The refinement session agenda (`refine agenda`; design.md, "Session prep"): a timed plan
//! for a refinement meeting, each item with why it is there and what to decide.
//!
//! **Sections.** Kick-off, triage, deep dive, wrap-up: by default 5 + 20 + 25 + 10 = 60 minutes
//! (`[agenda]` in refine.toml). A session of another length (`--minutes`) scales every section
//! in proportion, with largest-remainder rounding so the sections always add up to the session
//! exactly (see `timing::scale_sections`: 30 minutes → 2, 10, 13, 5; 90 → 7, 30, 38, 15).
//!
//! **Items.** Triage takes the open items new since `since` (default: `new_days` = 14 days
//! before `as_of`), oldest first so that nothing new waits two sessions in a row, then by key.
//! The deep dive takes the other candidates that are not ready (at least one reason), best rank
//! first (unranked last), then by key. Each item gets the minutes of its complexity
//! (`story_minutes`, default 1 → 5, 2 → 7, 3 → 10 minutes) and is placed first fit: an item that
//! does not fit the rest of its section goes to "next time" and a later, shorter item may still
//! take the time, so no section (and so never the session) runs over. Next time lists every
//! triage item left over and as many deep-dive items as the next session's deep dive could at
//! most take (its minutes / the shortest story minutes); the rest are counted.
//!
//! **Complexity** (1–3) of an item: the highest level among its reasons — too big for a sprint
//! 3; estimators disagree 2; no acceptance criteria 2; blocked, unestimated, duplicate
//! candidate and new 1 — plus one when it has three or more reasons besides "new", and at least
//! 2 when its estimate is 8 points or more; at most 3. An item with no reason is 1.
//!
//! **What to decide** per reason: new → keep (type, priority) or close; no acceptance criteria →
//! write them; unestimated → estimate; estimators disagree → discuss the spread, re-vote; too
//! big → split; duplicate candidate → merge or close as duplicate; blocked → resolve or re-order
//! the blocker.
//!
//! Edge cases: no candidates gives the four sections with no items and a warning; a session of
//! 0 minutes gives empty sections; a section scaled to 0 minutes is warned about. Times are
//! whole minutes from the session start. Nothing reads the clock: `as_of` is an input.

mod candidates;
mod prepare;
mod timing;

use serde::{Deserialize, Serialize};

pub use self::candidates::{CandidateList, CandidateSources, candidates_from};
pub use self::prepare::{SessionInputs, plan_session};
use crate::model::dates::{DAY_MS, millis_date};
use crate::model::keys::natural_key_cmp;
use crate::model::ordering::present_first;

/// An estimate of at least this many points makes an item complexity 2 or more.
pub const LARGE_ESTIMATE: f64 = 8.0;

/// Session settings (`[agenda]` in refine.toml).
///
/// ```toml
/// [agenda]
/// minutes = 60
/// kickoff = 5
/// triage = 20
/// deep_dive = 25
/// wrap_up = 10
/// story_minutes = [5, 7, 10]
/// new_days = 14
/// duplicate_min_similarity = 0.5
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AgendaSettings {
    /// The session length in minutes; the four sections add up to it.
    pub minutes: u32,
    /// Kick-off minutes.
    pub kickoff: u32,
    /// Triage minutes (new items).
    pub triage: u32,
    /// Deep-dive minutes (top-ranked items not ready).
    pub deep_dive: u32,
    /// Wrap-up minutes.
    pub wrap_up: u32,
    /// Minutes an item of complexity 1, 2 and 3 takes.
    pub story_minutes: [u32; 3],
    /// Without `--since`, items created in this many days before the as-of date are new.
    pub new_days: u32,
    /// A duplicate candidate at least this similar (0–1) is a reason to discuss an item. The
    /// health review lists weaker candidates too; a session has no time for them.
    pub duplicate_min_similarity: f64,
}

impl Default for AgendaSettings {
    fn default() -> Self {
        AgendaSettings {
            minutes: 60,
            kickoff: 5,
            triage: 20,
            deep_dive: 25,
            wrap_up: 10,
            story_minutes: [5, 7, 10],
            new_days: 14,
            duplicate_min_similarity: 0.5,
        }
    }
}

/// Settings that cannot make an agenda.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AgendaError {
    /// A section of no minutes.
    #[error("`{0}` must be more than 0 minutes")]
    EmptySection(&'static str),
    /// The sections do not add up to the session.
    #[error(
        "the sections add up to {sections} minutes (kickoff + triage + deep_dive + wrap_up) but `minutes` is {minutes}: make them equal"
    )]
    SectionsDoNotAddUp {
        /// Σ sections.
        sections: u32,
        /// The session.
        minutes: u32,
    },
    /// Story minutes of 0, or falling with complexity.
    #[error("`story_minutes` must be more than 0 and must not fall with complexity, found {0:?}")]
    BadStoryMinutes([u32; 3]),
    /// A similarity outside 0–1 (or not a number).
    #[error("`duplicate_min_similarity` must be between 0 and 1, found {0}")]
    BadSimilarity(f64),
}

impl AgendaSettings {
    /// Checks every section is more than 0 minutes, the sections add up to `minutes`, and the
    /// story minutes are positive and do not fall with complexity.
    pub fn validate(&self) -> Result<(), AgendaError> {
        for (name, minutes) in self.named_sections() {
            if minutes == 0 {
                return Err(AgendaError::EmptySection(name));
            }
        }
        let sections = self.named_sections().iter().map(|&(_, minutes)| u64::from(minutes)).sum::<u64>();
        if sections != u64::from(self.minutes) {
            return Err(AgendaError::SectionsDoNotAddUp {
                sections: u32::try_from(sections).unwrap_or(u32::MAX),
                minutes: self.minutes,
            });
        }
        let [simple, medium, complex] = self.story_minutes;
        if simple == 0 || medium < simple || complex < medium {
            return Err(AgendaError::BadStoryMinutes(self.story_minutes));
        }
        if !(0.0..=1.0).contains(&self.duplicate_min_similarity) {
            return Err(AgendaError::BadSimilarity(self.duplicate_min_similarity));
        }
        Ok(())
    }

    fn named_sections(&self) -> [(&'static str, u32); 4] {
        [
            ("kickoff", self.kickoff),
            ("triage", self.triage),
            ("deep_dive", self.deep_dive),
            ("wrap_up", self.wrap_up),
        ]
    }

    /// Minutes for an item of `complexity` (1–3; outside that range, the nearest).
    pub fn minutes_for(&self, complexity: u8) -> u32 {
        let index = usize::from(complexity.clamp(1, 3)) - 1;
        self.story_minutes.get(index).copied().unwrap_or(0)
    }
}

/// The start of the triage window: `since` when given, else `new_days` before `as_of`.
pub fn triage_since(as_of: i64, since: Option<i64>, settings: &AgendaSettings) -> i64 {
    since.unwrap_or_else(|| as_of.saturating_sub(i64::from(settings.new_days).saturating_mul(DAY_MS)))
}

/// Why an item is on the agenda.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// New since the last session: triage.
    New,
    /// The description states no acceptance criteria.
    NoAcceptanceCriteria,
    /// No estimate.
    Unestimated,
    /// The last poker round spread over too many cards.
    EstimatorsDisagree,
    /// Estimated above the split threshold.
    TooBigForSprint,
    /// Near-identical to another item, not linked.
    DuplicateCandidate {
        /// The other item.
        of: String,
    },
    /// Waiting on open blockers.
    Blocked {
        /// The blockers.
        by: Vec<String>,
    },
}

impl Reason {
    /// The complexity this reason alone gives (see the module doc).
    fn level(&self) -> u8 {
        match self {
            Reason::TooBigForSprint => 3,
            Reason::EstimatorsDisagree | Reason::NoAcceptanceCriteria => 2,
            Reason::New
            | Reason::Unestimated
            | Reason::DuplicateCandidate { .. }
            | Reason::Blocked { .. } => 1,
        }
    }

    /// What the session decides about it.
    pub fn decide(&self) -> String {
        match self {
            Reason::New => "triage: keep it (type, priority) or close it".to_owned(),
            Reason::NoAcceptanceCriteria => "write acceptance criteria".to_owned(),
            Reason::Unestimated => "estimate it".to_owned(),
            Reason::EstimatorsDisagree => "discuss the spread, re-vote".to_owned(),
            Reason::TooBigForSprint => "split it into sprint-sized stories".to_owned(),
            Reason::DuplicateCandidate { of } => format!("merge with {of} or close as its duplicate"),
            Reason::Blocked { by } => format!("resolve or re-order the blocker ({})", by.join(", ")),
        }
    }

    /// Why it is on the agenda, in a few words.
    fn why(&self, candidate: &Candidate) -> String {
        match self {
            Reason::New => match candidate.created.and_then(millis_date) {
                Some(date) => format!("new (created {date})"),
                None => "new".to_owned(),
            },
            Reason::NoAcceptanceCriteria => "no acceptance criteria".to_owned(),
            Reason::Unestimated => "unestimated".to_owned(),
            Reason::EstimatorsDisagree => "estimators disagree".to_owned(),
            Reason::TooBigForSprint => match candidate.estimate {
                Some(points) => format!("too big for a sprint ({points} points)"),
                None => "too big for a sprint".to_owned(),
            },
            Reason::DuplicateCandidate { of } => format!("possible duplicate of {of}"),
            Reason::Blocked { by } => format!("blocked by {}", by.join(", ")),
        }
    }
}

/// An item that may need the session's time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The key.
    pub key: String,
    /// Title.
    pub title: Option<String>,
    /// Created (UTC ms).
    pub created: Option<i64>,
    /// Rank in the ranked backlog, 1 = top.
    pub rank: Option<usize>,
    /// Estimate in points.
    pub estimate: Option<f64>,
    /// Why it needs refinement.
    pub reasons: Vec<Reason>,
}

impl Candidate {
    /// The item's complexity, 1–3, as the module doc defines it.
    pub fn complexity(&self) -> u8 {
        let highest = self.reasons.iter().map(Reason::level).max().unwrap_or(1);
        let substantive = self.reasons.iter().filter(|reason| **reason != Reason::New).count();
        let mut complexity = if substantive >= 3 { highest + 1 } else { highest };
        if self.estimate.is_some_and(|points| points >= LARGE_ESTIMATE) {
            complexity = complexity.max(2);
        }
        complexity.clamp(1, 3)
    }

    fn is_new(&self, since: i64) -> bool {
        self.reasons.contains(&Reason::New) || self.created.is_some_and(|created| created >= since)
    }
}

/// The parts of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Goal and agenda.
    Kickoff,
    /// New items.
    Triage,
    /// Top-ranked items not ready.
    DeepDive,
    /// Decisions, owners, next session.
    WrapUp,
}

impl SectionKind {
    const ALL: [SectionKind; 4] =
        [SectionKind::Kickoff, SectionKind::Triage, SectionKind::DeepDive, SectionKind::WrapUp];

    /// The heading.
    pub fn title(self) -> &'static str {
        match self {
            SectionKind::Kickoff => "Kick-off",
            SectionKind::Triage => "Triage",
            SectionKind::DeepDive => "Deep dive",
            SectionKind::WrapUp => "Wrap-up",
        }
    }

    fn purpose(self) -> &'static str {
        match self {
            SectionKind::Kickoff => "the session's goal and this agenda",
            SectionKind::Triage => "new items: keep and prioritise, or close",
            SectionKind::DeepDive => "top-ranked items that are not ready: make them ready",
            SectionKind::WrapUp => "recap the decisions, owners for the follow-ups, the next session",
        }
    }
}

/// An item with its time and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaItem {
    /// The key.
    pub key: String,
    /// Title.
    pub title: Option<String>,
    /// Rank, 1 = top.
    pub rank: Option<usize>,
    /// Estimate in points.
    pub estimate: Option<f64>,
    /// 1–3.
    pub complexity: u8,
    /// Minutes it gets.
    pub minutes: u32,
    /// Why it is here, structured.
    pub reasons: Vec<Reason>,
    /// Why it is here, one line.
    pub why: String,
    /// What the session decides, one per reason.
    pub decide: Vec<String>,
}

/// An item placed in the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScheduledItem {
    /// Start, minutes from the session start.
    pub start: u32,
    /// End, minutes from the session start.
    pub end: u32,
    /// The item.
    #[serde(flatten)]
    pub item: AgendaItem,
}

/// An item for a later session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextTimeItem {
    /// The section it would have been in.
    pub section: SectionKind,
    /// The item.
    #[serde(flatten)]
    pub item: AgendaItem,
}

/// One part of the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Which part.
    pub kind: SectionKind,
    /// Its heading.
    pub title: String,
    /// What it is for.
    pub purpose: String,
    /// Start, minutes from the session start.
    pub start: u32,
    /// End, minutes from the session start.
    pub end: u32,
    /// `end − start`.
    pub minutes: u32,
    /// Its items (triage and deep dive), in time order.
    pub items: Vec<ScheduledItem>,
    /// Minutes its items leave free.
    pub spare_minutes: u32,
}

/// A timed session plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agenda {
    /// The as-of instant (UTC ms).
    pub as_of: i64,
    /// Items created at or after this instant (UTC ms) are triaged.
    pub since: i64,
    /// The session length; the sections add up to it.
    pub session_minutes: u32,
    /// Kick-off, triage, deep dive, wrap-up.
    pub sections: Vec<Section>,
    /// Items that did not fit, for next time, in the order they would have come.
    pub next_time: Vec<NextTimeItem>,
    /// Not-ready items beyond next time's list.
    pub not_listed: usize,
    /// What the user should know.
    pub warnings: Vec<String>,
}

/// Plans a session of `session_minutes` (default: the settings' `minutes`) over `candidates`,
/// as the module doc describes. `since` (UTC ms) starts the triage window; `None` is
/// [`triage_since`]'s default.
pub fn agenda(
    candidates: &[Candidate],
    as_of: i64,
    since: Option<i64>,
    settings: &AgendaSettings,
    session_minutes: Option<u32>,
) -> Agenda {
    let session = session_minutes.unwrap_or(settings.minutes);
    let since = triage_since(as_of, since, settings);
    let mut warnings = Vec::new();
    if since > as_of {
        warnings.push("the triage window starts after the as-of date, so no item is new".to_owned());
    }
    let base = settings.named_sections().map(|(_, minutes)| minutes);
    let lengths = timing::scale_sections(&base, session);
    for (kind, &minutes) in SectionKind::ALL.iter().zip(&lengths) {
        if minutes == 0 && session > 0 {
            warnings.push(format!(
                "a {session}-minute session leaves no time for the {}",
                kind.title().to_lowercase()
            ));
        }
    }
    if session == 0 {
        warnings.push("a session of 0 minutes has no time for any item".to_owned());
    }

    let (triage, deep_dive) = split_candidates(candidates, since);
    let mut next_time = Vec::new();
    let mut sections = Vec::with_capacity(SectionKind::ALL.len());
    let mut start = 0;
    for (kind, &minutes) in SectionKind::ALL.iter().zip(&lengths) {
        let kind = *kind;
        let queue: &[&Candidate] = match kind {
            SectionKind::Triage => &triage,
            SectionKind::DeepDive => &deep_dive,
            SectionKind::Kickoff | SectionKind::WrapUp => &[],
        };
        sections.push(plan_section(kind, start, minutes, queue, settings, &mut next_time));
        start += minutes;
    }

    let deep_dive_room = (lengths.get(2).copied().unwrap_or(0) / settings.minutes_for(1).max(1)) as usize;
    let mut deep_dive_listed = 0;
    let mut not_listed = 0;
    next_time.retain(|item| {
        if item.section != SectionKind::DeepDive {
            return true;
        }
        deep_dive_listed += 1;
        let keep = deep_dive_listed <= deep_dive_room;
        not_listed += usize::from(!keep);
        keep
    });
    if candidates.is_empty() {
        warnings.push("no item needs refinement: nothing new, nothing not ready".to_owned());
    }
    if !next_time.is_empty() || not_listed > 0 {
        warnings.push(format!(
            "{} items did not fit and are listed for next time{}",
            next_time.len(),
            if not_listed > 0 {
                format!("; {not_listed} more not-ready items wait beyond that")
            } else {
                String::new()
            }
        ));
    }
    Agenda { as_of, since, session_minutes: session, sections, next_time, not_listed, warnings }
}

/// Triage (new, oldest first) and deep-dive (not ready, best rank first) queues.
fn split_candidates(candidates: &[Candidate], since: i64) -> (Vec<&Candidate>, Vec<&Candidate>) {
    let (mut triage, rest): (Vec<&Candidate>, Vec<&Candidate>) =
        candidates.iter().partition(|candidate| candidate.is_new(since));
    let mut deep_dive: Vec<&Candidate> =
        rest.into_iter().filter(|candidate| !candidate.reasons.is_empty()).collect();
    triage.sort_by(|a, b| {
        present_first(a.created, b.created, |x, y| x.cmp(&y)).then_with(|| natural_key_cmp(&a.key, &b.key))
    });
    deep_dive.sort_by(|a, b| {
        present_first(a.rank, b.rank, |x, y| x.cmp(&y)).then_with(|| natural_key_cmp(&a.key, &b.key))
    });
    (triage, deep_dive)
}

fn plan_section(
    kind: SectionKind,
    start: u32,
    minutes: u32,
    queue: &[&Candidate],
    settings: &AgendaSettings,
    next_time: &mut Vec<NextTimeItem>,
) -> Section {
    let items: Vec<AgendaItem> =
        queue.iter().map(|candidate| agenda_item(candidate, kind, settings)).collect();
    let needed: Vec<u32> = items.iter().map(|item| item.minutes).collect();
    let mut scheduled = Vec::new();
    for (item, offset) in items.into_iter().zip(timing::first_fit(&needed, minutes)) {
        match offset {
            Some(offset) => scheduled.push(ScheduledItem {
                start: start + offset,
                end: start + offset + item.minutes,
                item,
            }),
            None => next_time.push(NextTimeItem { section: kind, item }),
        }
    }
    scheduled.sort_by_key(|scheduled| scheduled.start);
    let used: u32 = scheduled.iter().map(|scheduled| scheduled.item.minutes).sum();
    Section {
        kind,
        title: kind.title().to_owned(),
        purpose: kind.purpose().to_owned(),
        start,
        end: start + minutes,
        minutes,
        items: scheduled,
        spare_minutes: minutes - used,
    }
}

fn agenda_item(candidate: &Candidate, section: SectionKind, settings: &AgendaSettings) -> AgendaItem {
    let mut reasons = candidate.reasons.clone();
    if section == SectionKind::Triage && !reasons.contains(&Reason::New) {
        reasons.insert(0, Reason::New);
    }
    reasons.sort();
    reasons.dedup();
    let with_reasons = Candidate { reasons, ..candidate.clone() };
    let complexity = with_reasons.complexity();
    AgendaItem {
        key: candidate.key.clone(),
        title: candidate.title.clone(),
        rank: candidate.rank,
        estimate: candidate.estimate,
        complexity,
        minutes: settings.minutes_for(complexity),
        why: with_reasons
            .reasons
            .iter()
            .map(|reason| reason.why(&with_reasons))
            .collect::<Vec<_>>()
            .join("; "),
        decide: with_reasons.reasons.iter().map(Reason::decide).collect(),
        reasons: with_reasons.reasons,
    }
}

#[cfg(test)]
mod tests;
