//! The backlog model — items with everything a Jira export carries — and the creation of the
//! demo's 400 items: which phrases become which items, when each was created, its priority,
//! components, labels, epic and planned estimates.
//!
//! What happens to the items afterwards (sprints, status changes, links, descriptions) is done
//! by [`crate::simulation`], [`crate::links`] and [`crate::details`].

use chrono::{Datelike, Days, Weekday};

use crate::calendar::{Moment, PROJECT_START, add_work_days, anchor_end, at};
use crate::kind::Kind;
use crate::random::{Random, chance, exponential, index, pick, uniform, weighted};
use crate::team::REPORTERS;
use crate::text::{Voice, push_title};
use crate::vocabulary::{COMMON_LABELS, DUPLICATE_PAIRS, ESCAPED_TITLES, THEMES, Theme};

/// Jira project key of the demo.
pub const PROJECT_KEY: &str = "SHOP";
/// Jira project name of the demo.
pub const PROJECT_NAME: &str = "Online Shop";
/// The story-point deck the team estimates with.
pub const DECK: [u32; 8] = [1, 2, 3, 5, 8, 13, 20, 40];
/// Items above this many points are too big for a sprint and are never planned.
pub const SPRINT_LIMIT: u32 = 13;

/// Workflow status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// In the backlog.
    ToDo,
    /// Refined and ready to be planned.
    Selected,
    /// Being built.
    InProgress,
    /// In code review or QA.
    InReview,
    /// Finished (resolution Done, Won't Do, Duplicate, ...).
    Done,
}

impl Status {
    /// Jira's status name.
    pub fn name(self) -> &'static str {
        match self {
            Status::ToDo => "To Do",
            Status::Selected => "Selected for Development",
            Status::InProgress => "In Progress",
            Status::InReview => "In Review",
            Status::Done => "Done",
        }
    }

    /// Jira's status category name.
    pub fn category(self) -> &'static str {
        match self {
            Status::ToDo | Status::Selected => "To Do",
            Status::InProgress | Status::InReview => "In Progress",
            Status::Done => "Done",
        }
    }

    /// Whether work has started and not finished.
    pub fn is_started(self) -> bool {
        matches!(self, Status::InProgress | Status::InReview)
    }
}

/// Jira priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// Drop everything.
    Highest,
    /// Soon.
    High,
    /// The default.
    Medium,
    /// When there is time.
    Low,
    /// Probably never.
    Lowest,
}

impl Priority {
    /// Jira's priority name.
    pub fn name(self) -> &'static str {
        match self {
            Priority::Highest => "Highest",
            Priority::High => "High",
            Priority::Medium => "Medium",
            Priority::Low => "Low",
            Priority::Lowest => "Lowest",
        }
    }

    /// How much the team wants an item of this priority (feeds the backlog order).
    fn pull(self) -> f64 {
        match self {
            Priority::Highest => 2.0,
            Priority::High => 1.0,
            Priority::Medium => 0.0,
            Priority::Low => -0.8,
            Priority::Lowest => -1.6,
        }
    }
}

/// One change of a tracked field, as the history file records it.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A workflow transition.
    Status {
        /// When.
        at: Moment,
        /// Status before.
        from: Status,
        /// Status after.
        to: Status,
    },
    /// Moved into, out of, or between sprints (indices into the sprint list).
    Sprint {
        /// When.
        at: Moment,
        /// Sprint before (none: the backlog).
        from: Option<usize>,
        /// Sprint after (none: the backlog).
        to: Option<usize>,
    },
    /// Story points set or changed.
    Estimate {
        /// When.
        at: Moment,
        /// Points before (none: unestimated).
        from: Option<u32>,
        /// Points after.
        to: u32,
    },
}

impl Change {
    /// When the change happened.
    pub fn at(&self) -> Moment {
        match self {
            Change::Status { at, .. } | Change::Sprint { at, .. } | Change::Estimate { at, .. } => *at,
        }
    }
}

/// WSJF inputs as the team scored them (Fibonacci-like 1–20).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostOfDelay {
    /// Business value.
    pub business_value: u32,
    /// Time criticality.
    pub time_criticality: u32,
    /// Risk reduction / opportunity enablement.
    pub risk_reduction: u32,
}

/// One backlog item.
#[derive(Debug, Clone)]
pub struct Item {
    /// Issue number (the key is `SHOP-<number>`).
    pub number: u32,
    /// Jira's numeric issue id.
    pub id: u64,
    /// Issue type.
    pub kind: Kind,
    /// Index into [`THEMES`].
    pub theme: usize,
    /// Summary.
    pub title: String,
    /// What the item is about in a customer's words.
    pub voice: Voice,
    /// Description (may be empty).
    pub description: String,
    /// Priority.
    pub priority: Priority,
    /// Created.
    pub created: Moment,
    /// Last updated.
    pub updated: Moment,
    /// Reporter.
    pub reporter: &'static str,
    /// Assignee.
    pub assignee: Option<&'static str>,
    /// Components.
    pub components: Vec<&'static str>,
    /// Labels.
    pub labels: Vec<&'static str>,
    /// Watchers.
    pub watchers: Vec<&'static str>,
    /// Jira votes.
    pub votes: u32,
    /// Logged time in seconds.
    pub time_spent_seconds: Option<u32>,
    /// Index of the parent epic.
    pub epic: Option<usize>,
    /// Story-point estimates over time (the last one is current), oldest first.
    pub estimates: Vec<(Moment, u32)>,
    /// Status, sprint and estimate changes, in time order once the backlog is finished.
    pub changes: Vec<Change>,
    /// Current status.
    pub status: Status,
    /// Resolution of a done item.
    pub resolution: Option<&'static str>,
    /// When it was resolved.
    pub resolved: Option<Moment>,
    /// Sprints (indices) the item was in at their end or is in now, oldest first.
    pub sprints: Vec<usize>,
    /// Fix version.
    pub fix_version: Option<String>,
    /// Items this one blocks (indices).
    pub blocks: Vec<usize>,
    /// The item this one duplicates (index).
    pub duplicates: Option<usize>,
    /// Items this one relates to (indices).
    pub relates: Vec<usize>,
    /// WSJF inputs.
    pub cost_of_delay: Option<CostOfDelay>,
    /// How much the team wants it; the backlog order follows it.
    pub desirability: f64,
    /// A planted duplicate (either side): kept out of sprints so the pair stays visible.
    pub reserved: bool,
}

impl Item {
    /// The issue key, e.g. `SHOP-42`.
    pub fn key(&self) -> String {
        format!("{PROJECT_KEY}-{}", self.number)
    }

    /// Current story points.
    pub fn estimate(&self) -> Option<u32> {
        self.estimates.last().map(|&(_, points)| points)
    }

    /// When the current estimate was given.
    pub fn estimated_at(&self) -> Option<Moment> {
        self.estimates.last().map(|&(at, _)| at)
    }

    /// Records a transition to `to` (nothing when already there).
    pub fn move_to(&mut self, at: Moment, to: Status) {
        if self.status != to {
            self.changes.push(Change::Status { at, from: self.status, to });
            self.status = to;
        }
    }

    /// Whether the item is not done.
    pub fn is_open(&self) -> bool {
        self.status != Status::Done
    }

    /// The area the item belongs to.
    pub fn theme(&self) -> &'static Theme {
        &THEMES[self.theme]
    }
}

/// What an item is written from, before it gets a number.
struct Seed {
    kind: Kind,
    theme: usize,
    title: String,
    voice: Voice,
    /// Index of the seed this one duplicates.
    duplicate_of: Option<usize>,
    reserved: bool,
}

/// Creates the demo's items in key order, with their static attributes and planned estimates.
pub fn create_items(random: &mut Random) -> Vec<Item> {
    let seeds = seeds(random);
    let created = creation_times(random, &seeds);
    let mut order: Vec<usize> = (0..seeds.len()).collect();
    order.sort_by_key(|&seed| (created[seed], seed));
    let position_of_seed = inverse(&order);

    let mut items = Vec::with_capacity(seeds.len());
    let (mut number, mut id) = (1u32, 10_412u64);
    for &seed_index in &order {
        let seed = &seeds[seed_index];
        items.push(new_item(random, seed, number, id, created[seed_index]));
        // Keys and ids have gaps, as in a real Jira: deleted and moved issues, other projects.
        number += if chance(random, 0.04) { 2 } else { 1 };
        id += 1 + index(random, 6) as u64;
    }
    for (seed_index, seed) in seeds.iter().enumerate() {
        if let Some(original) = seed.duplicate_of {
            items[position_of_seed[seed_index]].duplicates = Some(position_of_seed[original]);
        }
    }
    attach_epics(random, &mut items);
    items
}

fn inverse(order: &[usize]) -> Vec<usize> {
    let mut position = vec![0; order.len()];
    for (at, &seed) in order.iter().enumerate() {
        position[seed] = at;
    }
    position
}

/// Every phrase of the vocabulary once, the escaped titles, and both sides of each planted
/// duplicate pair.
fn seeds(random: &mut Random) -> Vec<Seed> {
    let mut seeds = Vec::new();
    for (theme_index, theme) in THEMES.iter().enumerate() {
        for kind in [Kind::Epic, Kind::Story, Kind::Bug, Kind::Task, Kind::Spike] {
            for &phrase in theme.phrases(kind) {
                let mut title = String::new();
                push_title(&mut title, random, kind, theme, phrase);
                let voice = match kind {
                    Kind::Story => Voice::Want(phrase),
                    Kind::Bug => Voice::Symptom(phrase),
                    _ => Voice::Title(phrase),
                };
                seeds.push(Seed {
                    kind,
                    theme: theme_index,
                    title,
                    voice,
                    duplicate_of: None,
                    reserved: false,
                });
            }
        }
    }
    for escaped in ESCAPED_TITLES {
        seeds.push(Seed {
            kind: escaped.kind,
            theme: escaped.theme,
            title: escaped.title.to_owned(),
            voice: Voice::Title(escaped.title),
            duplicate_of: None,
            reserved: false,
        });
    }
    for pair in DUPLICATE_PAIRS {
        let original = seeds.len();
        for (title, duplicate_of) in [(pair.original, None), (pair.duplicate, Some(original))] {
            seeds.push(Seed {
                kind: pair.kind,
                theme: pair.theme,
                title: title.to_owned(),
                voice: Voice::Title(title),
                duplicate_of,
                reserved: true,
            });
        }
    }
    seeds
}

/// Creation instants: a quarter of the backlog was written in the first three weeks (the
/// initial dump), the rest arrives steadily; epics come first; a duplicate is filed weeks after
/// its original.
fn creation_times(random: &mut Random, seeds: &[Seed]) -> Vec<Moment> {
    let start = at(PROJECT_START, 9, 0);
    let last = add_work_days(anchor_end(), -1.0);
    let span = crate::calendar::work_days_between(start, last);
    let mut created: Vec<Moment> = seeds
        .iter()
        .map(|seed| {
            let initial_dump = seed.kind == Kind::Epic || chance(random, 0.25);
            let work = if initial_dump { uniform(random, 0.0, 15.0) } else { uniform(random, 15.0, span) };
            add_work_days(start, work)
        })
        .collect();
    for (index, seed) in seeds.iter().enumerate() {
        if let Some(original) = seed.duplicate_of {
            let later = add_work_days(created[original], uniform(random, 10.0, 120.0));
            created[index] = later.min(last);
        }
    }
    created
}

fn new_item(random: &mut Random, seed: &Seed, number: u32, id: u64, created: Moment) -> Item {
    let theme = &THEMES[seed.theme];
    let priority = priority(random, seed.kind);
    let mut desirability = priority.pull() + crate::random::normal(random, 0.0, 1.0);
    if seed.kind == Kind::Bug {
        desirability += 0.3;
    }
    Item {
        number,
        id,
        kind: seed.kind,
        theme: seed.theme,
        title: seed.title.clone(),
        voice: seed.voice.clone(),
        description: String::new(),
        priority,
        created,
        updated: created,
        reporter: weighted(random, REPORTERS),
        assignee: None,
        components: components(random, seed.theme),
        labels: labels(random, seed.kind, theme),
        watchers: Vec::new(),
        votes: 0,
        time_spent_seconds: None,
        epic: None,
        estimates: planned_estimates(random, seed.kind, created),
        changes: Vec::new(),
        status: Status::ToDo,
        resolution: None,
        resolved: None,
        sprints: Vec::new(),
        fix_version: None,
        blocks: Vec::new(),
        duplicates: None,
        relates: Vec::new(),
        cost_of_delay: None,
        desirability,
        reserved: seed.reserved,
    }
}

fn priority(random: &mut Random, kind: Kind) -> Priority {
    use Priority::*;
    match kind {
        Kind::Bug => weighted(random, &[(Highest, 8), (High, 30), (Medium, 45), (Low, 15), (Lowest, 2)]),
        _ => weighted(random, &[(Highest, 2), (High, 18), (Medium, 55), (Low, 20), (Lowest, 5)]),
    }
}

/// The area's component, sometimes a second one (mobile work touches the app too), rarely none.
fn components(random: &mut Random, theme: usize) -> Vec<&'static str> {
    if chance(random, 0.05) {
        return Vec::new();
    }
    let mut components = vec![THEMES[theme].component];
    if chance(random, 0.18) {
        let other = THEMES[index(random, THEMES.len())].component;
        if other != components[0] {
            components.push(other);
        }
    }
    components
}

fn labels(random: &mut Random, kind: Kind, theme: &Theme) -> Vec<&'static str> {
    let mut labels = Vec::new();
    if chance(random, 0.35) {
        labels.push(pick(random, theme.labels));
    }
    if chance(random, 0.3) {
        labels.push(weighted(random, COMMON_LABELS));
    }
    if kind == Kind::Bug && chance(random, 0.2) {
        labels.push("regression");
    }
    if kind == Kind::Task && chance(random, 0.3) {
        labels.push("tech-debt");
    }
    labels.sort_unstable();
    labels.dedup();
    labels
}

/// Estimates given at refinement (Wednesday afternoons) some weeks after creation; some items
/// are re-estimated at a later refinement; some are never estimated, and the newest are not
/// yet.
fn planned_estimates(random: &mut Random, kind: Kind, created: Moment) -> Vec<(Moment, u32)> {
    let share = match kind {
        Kind::Story => 0.85,
        Kind::Bug => 0.6,
        Kind::Task => 0.7,
        Kind::Spike => 0.4,
        Kind::Epic => 0.0,
    };
    if !chance(random, share) {
        return Vec::new();
    }
    let wait = 0.5 + exponential(random, 12.0);
    let first = refinement_after(random, add_work_days(created, wait));
    let points = deck_draw(random, kind);
    let mut estimates = vec![(first, points)];
    if chance(random, 0.15) {
        let wait = uniform(random, 3.0, 30.0);
        let later = refinement_after(random, add_work_days(first, wait));
        estimates = vec![(first, neighbour(random, points)), (later, points)];
    }
    estimates.retain(|&(at, _)| at < anchor_end());
    estimates
}

fn deck_draw(random: &mut Random, kind: Kind) -> u32 {
    match kind {
        Kind::Bug => weighted(random, &[(1, 20), (2, 25), (3, 25), (5, 18), (8, 9), (13, 3)]),
        Kind::Spike => weighted(random, &[(2, 20), (3, 40), (5, 40)]),
        _ => weighted(random, &[(1, 12), (2, 22), (3, 26), (5, 20), (8, 10), (13, 4), (20, 4), (40, 2)]),
    }
}

/// The card one step above or below on the deck.
pub fn neighbour(random: &mut Random, points: u32) -> u32 {
    let step = DECK.iter().position(|&card| card == points).unwrap_or(2);
    let other = if step == 0 || (step + 1 < DECK.len() && chance(random, 0.5)) { step + 1 } else { step - 1 };
    DECK[other]
}

/// The refinement session (Wednesday 14:00–15:00) on or after `moment`.
pub fn refinement_after(random: &mut Random, moment: Moment) -> Moment {
    let date = moment.date();
    let ahead = (Weekday::Wed.num_days_from_monday() + 7 - date.weekday().num_days_from_monday()) % 7;
    let mut session = date + Days::new(u64::from(ahead));
    if ahead == 0 && moment >= at(date, 15, 0) {
        session = session + Days::new(7);
    }
    at(session, 14, index(random, 55) as u32)
}

/// Most items belong to an epic of their area (the second epic when its words match).
fn attach_epics(random: &mut Random, items: &mut [Item]) {
    let epics: Vec<(usize, usize, String)> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.kind == Kind::Epic)
        .map(|(index, item)| (index, item.theme, item.title.clone()))
        .collect();
    for item in items.iter_mut().filter(|item| item.kind != Kind::Epic) {
        if !chance(random, 0.72) {
            continue;
        }
        let theme = item.theme();
        let wants_second = theme.second_epic_words.iter().any(|word| item.title.contains(word));
        let chosen = theme.epics.get(usize::from(wants_second)).copied().unwrap_or(theme.epics[0]);
        item.epic = epics
            .iter()
            .find(|(_, theme_index, title)| *theme_index == item.theme && title == chosen)
            .map(|e| e.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::ANCHOR;
    use crate::random::{Stream, stream};

    #[test]
    fn refinements_are_on_wednesday_afternoons() {
        let mut random = stream(1, Stream::Backlog);
        // Friday 2026-11-06 → Wednesday 2026-11-11.
        let session = refinement_after(&mut random, at(ANCHOR - Days::new(7), 10, 0));
        assert_eq!(session.date(), ANCHOR - Days::new(2));
        assert_eq!(session.date().weekday(), Weekday::Wed);
        // A Wednesday morning is the same day; a Wednesday evening the next week.
        let wednesday = ANCHOR - Days::new(2);
        assert_eq!(refinement_after(&mut random, at(wednesday, 9, 0)).date(), wednesday);
        assert_eq!(refinement_after(&mut random, at(wednesday, 16, 0)).date(), wednesday + Days::new(7));
    }

    #[test]
    fn neighbours_are_one_deck_step_away() {
        let mut random = stream(2, Stream::Backlog);
        for _ in 0..100 {
            assert_eq!(neighbour(&mut random, 1), 2);
            assert!([3, 8].contains(&neighbour(&mut random, 5)));
            assert_eq!(neighbour(&mut random, 40), 20);
        }
    }

    #[test]
    fn items_are_numbered_in_creation_order_and_epics_are_parents() {
        let items = create_items(&mut stream(3, Stream::Backlog));
        assert_eq!(items.len(), 400);
        assert!(
            items
                .windows(2)
                .all(|pair| pair[0].number < pair[1].number && pair[0].created <= pair[1].created)
        );
        assert_eq!(items.iter().filter(|item| item.kind == Kind::Epic).count(), 12);
        for item in &items {
            if let Some(epic) = item.epic {
                assert_eq!(items[epic].kind, Kind::Epic);
                assert_eq!(items[epic].theme, item.theme);
            }
        }
        assert_eq!(items.iter().filter(|item| item.duplicates.is_some()).count(), 10);
    }
}
