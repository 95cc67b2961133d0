//! Plays the team's year: a Kanban flow until June 2026, then twelve two-week sprints. Each
//! sprint is planned from the top of the refined backlog up to the team's capacity, takes in a
//! few urgent bugs, sometimes drops an item, and carries what is unfinished into the next one.
//! Every item that is worked on follows a timeline (To Do → In Progress → In Review → Done,
//! sometimes back to In Progress, sometimes straight to Done) whose length grows with its
//! story points.
//!
//! All status and sprint changes are recorded on the items, so the history file, the items'
//! current state and the sprint report are consistent by construction.

use chrono::Days;

use crate::backlog::{Change, Item, Priority, SPRINT_LIMIT, Status, refinement_after};
use crate::calendar::{
    FIRST_SPRINT_START, Moment, SPRINT_COUNT, add_work_days, anchor_end, at, from_work_days, sprint_window,
    work_days,
};
use crate::kind::Kind;
use crate::random::{Random, chance, exponential, index, lognormal, pick, uniform, weighted};
use crate::team::developers_in;

/// Jira board id of the team's Scrum board.
pub const BOARD_ID: u32 = 42;

/// One sprint of the team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sprint {
    /// Jira sprint id.
    pub id: u32,
    /// Sprint name, as the Sprint field shows it.
    pub name: String,
    /// Start (Monday 09:00; planning happens just before).
    pub start: Moment,
    /// Close (Friday of the second week, 18:00).
    pub end: Moment,
    /// Developers working in it (holidays excluded).
    pub members: Vec<&'static str>,
}

/// The twelve sprints, with who was on holiday.
pub fn plan_sprints(random: &mut Random) -> Vec<Sprint> {
    (0..SPRINT_COUNT)
        .map(|index| {
            let (start, end) = sprint_window(index);
            let mut members: Vec<&'static str> =
                developers_in(index).map(|developer| developer.name).collect();
            // Summer sprints (July to September) usually have someone away.
            let holiday = if (3..=7).contains(&index) { 0.75 } else { 0.15 };
            if chance(random, holiday) {
                members.remove(crate::random::index(random, members.len()));
            }
            Sprint { id: 231 + index as u32, name: format!("SHOP Sprint {}", index + 1), start, end, members }
        })
        .collect()
}

/// The status changes an item will go through once work starts.
#[derive(Debug, Clone)]
struct Timeline {
    steps: Vec<(Moment, Status)>,
    applied: usize,
}

impl Timeline {
    /// Work starting at `start` on an item of `points`.
    fn new(random: &mut Random, start: Moment, points: Option<u32>) -> Timeline {
        let median = match points {
            Some(1) => 0.8,
            Some(2) => 1.5,
            Some(3) => 2.5,
            Some(5) => 4.0,
            Some(8) => 5.0,
            Some(13) => 7.0,
            Some(_) => 12.0,
            None => 1.5,
        };
        let begin = work_days(start);
        let cycle = lognormal(random, median, 0.45).max(0.1);
        let mut done = begin + cycle;
        let mut steps = Vec::with_capacity(5);
        // Some items are closed without ever being moved to In Progress, as in real Jira data.
        if chance(random, 0.08) {
            steps.push((from_work_days(done), Status::Done));
            return Timeline { steps, applied: 0 };
        }
        steps.push((from_work_days(begin), Status::InProgress));
        if chance(random, 0.6) {
            let review = begin + cycle * uniform(random, 0.55, 0.85);
            steps.push((from_work_days(review), Status::InReview));
            if chance(random, 0.15) {
                // Review found a problem: back to In Progress, then review again.
                let back = review + uniform(random, 0.1, 0.5);
                let again = back + uniform(random, 0.3, 1.5);
                steps.push((from_work_days(back), Status::InProgress));
                steps.push((from_work_days(again), Status::InReview));
                done = done.max(again) + uniform(random, 0.1, 0.6);
            }
        }
        steps.push((from_work_days(done.max(begin + 0.05)), Status::Done));
        Timeline { steps, applied: 0 }
    }

    fn start(&self) -> Moment {
        self.steps[0].0
    }

    fn done(&self) -> Moment {
        self.steps[self.steps.len() - 1].0
    }

    /// Moves `item` through every step up to `until`.
    fn apply(&mut self, item: &mut Item, until: Moment) {
        while let Some(&(at, status)) = self.steps.get(self.applied) {
            if at > until {
                break;
            }
            item.move_to(at, status);
            if status == Status::Done {
                item.resolution = Some("Done");
                item.resolved = Some(at);
            }
            self.applied += 1;
        }
    }
}

/// Everything the simulation tracks besides the items.
struct Board<'a> {
    items: &'a mut [Item],
    timelines: Vec<Option<Timeline>>,
    /// The sprint each item is in now.
    current: Vec<Option<usize>>,
}

/// Runs the Kanban period, the closures of unwanted items, the sprints and the final
/// refinement on `items`.
pub fn simulate(random: &mut Random, items: &mut [Item], sprints: &[Sprint]) {
    let count = items.len();
    let mut board = Board { items, timelines: vec![None; count], current: vec![None; count] };
    board.kanban(random);
    board.close_unwanted(random);
    for sprint in 0..sprints.len() {
        board.run_sprint(random, sprints, sprint);
    }
    board.refine_for_next_sprint(random);
}

impl Board<'_> {
    /// Before the first sprint the team pulled the most wanted items one after another.
    fn kanban(&mut self, random: &mut Random) {
        let kanban_end = at(FIRST_SPRINT_START - Days::new(3), 17, 0);
        let mut candidates: Vec<usize> = (0..self.items.len())
            .filter(|&index| {
                let item = &self.items[index];
                item.kind != Kind::Epic && !item.reserved && item.created < add_work_days(kanban_end, -20.0)
            })
            .collect();
        self.sort_by_desirability(&mut candidates);
        let developers: Vec<&'static str> = developers_in(0).map(|developer| developer.name).collect();
        let mut finished = 0;
        for index in candidates {
            if finished >= 48 {
                break;
            }
            let item = &mut self.items[index];
            let start = add_work_days(item.created, 1.0 + exponential(random, 15.0));
            // Only estimates given before work started make sense.
            item.estimates.retain(|&(at, _)| at < start);
            let mut timeline = Timeline::new(random, start, item.estimate());
            if timeline.done() > kanban_end {
                continue;
            }
            item.assignee = Some(pick(random, &developers));
            timeline.apply(item, kanban_end);
            finished += 1;
        }
    }

    /// Items the team decided not to do, and bugs nobody could reproduce, closed straight from
    /// To Do.
    fn close_unwanted(&mut self, random: &mut Random) {
        let latest = add_work_days(anchor_end(), -30.0);
        let mut open: Vec<usize> = (0..self.items.len())
            .filter(|&index| {
                let item = &self.items[index];
                item.kind != Kind::Epic && !item.reserved && item.is_open() && item.created < latest
            })
            .collect();
        for closed in 0..11 {
            let Some(position) = (!open.is_empty()).then(|| index(random, open.len())) else { break };
            let item = &mut self.items[open.swap_remove(position)];
            let resolution =
                if item.kind == Kind::Bug && closed % 3 == 0 { "Cannot Reproduce" } else { "Won't Do" };
            let when = add_work_days(item.created, uniform(random, 5.0, 80.0))
                .min(add_work_days(anchor_end(), -1.0));
            item.estimates.retain(|&(at, _)| at < when);
            item.move_to(when, Status::Done);
            item.resolution = Some(resolution);
            item.resolved = Some(when);
        }
    }

    fn run_sprint(&mut self, random: &mut Random, sprints: &[Sprint], sprint: usize) {
        let Sprint { start, end, members, .. } = &sprints[sprint];
        let (start, end) = (*start, *end);
        let carried = self.carry_over(sprint, start);
        let capacity = members.len() as f64 * 4.8 * uniform(random, 0.9, 1.12);
        let carried_points: u32 = carried.iter().map(|&index| self.points(index)).sum();
        let planned = self.plan(random, sprint, start, capacity - f64::from(carried_points), members);
        self.remove_one(random, sprint, start, &planned);
        self.add_unplanned(random, sprint, start, end, members);
        let until = end;
        for index in 0..self.items.len() {
            if self.current[index] == Some(sprint)
                && let Some(timeline) = self.timelines[index].as_mut()
            {
                timeline.apply(&mut self.items[index], until);
            }
        }
    }

    /// Unfinished items of the previous sprint move into this one at planning.
    fn carry_over(&mut self, sprint: usize, start: Moment) -> Vec<usize> {
        let Some(previous) = sprint.checked_sub(1) else { return Vec::new() };
        let carried: Vec<usize> = (0..self.items.len())
            .filter(|&index| self.current[index] == Some(previous) && self.items[index].is_open())
            .collect();
        for &index in &carried {
            self.enter(index, sprint, start, Some(previous));
        }
        carried
    }

    /// Takes refined items from the top of the backlog until the capacity is used; the order
    /// they are taken in is the order they are started in.
    fn plan(
        &mut self,
        random: &mut Random,
        sprint: usize,
        start: Moment,
        capacity: f64,
        members: &[&'static str],
    ) -> Vec<usize> {
        let mut candidates = self.eligible(start);
        self.sort_by_desirability(&mut candidates);
        let mut planned = Vec::new();
        let mut points = 0.0;
        for index in candidates {
            if points >= capacity {
                break;
            }
            // An item that does not fit what is left waits for a later sprint.
            // Big items are often sent back to be split rather than planned.
            let size = f64::from(self.points(index));
            if points + size > capacity + 3.0 || (size > 8.0 && chance(random, 0.85)) {
                continue;
            }
            points += size;
            let item = &mut self.items[index];
            let refinement = add_work_days(start, -uniform(random, 2.5, 4.0));
            if chance(random, 0.5)
                && refinement > item.created
                && item.changes.iter().all(|c| c.at() < refinement)
            {
                item.move_to(refinement, Status::Selected);
            }
            let committed_at = start - chrono::Duration::minutes(1 + crate::random::index(random, 29) as i64);
            self.enter(index, sprint, committed_at, None);
            planned.push(index);
        }
        let count = planned.len().max(1) as f64;
        for (position, &index) in planned.iter().enumerate() {
            let offset =
                position as f64 / count * 7.0 * uniform(random, 0.6, 1.1) + uniform(random, 0.02, 0.3);
            let assignee = pick(random, members);
            self.start_work(random, index, add_work_days(start, offset), assignee);
        }
        planned
    }

    /// Sometimes an item nobody has started is taken out of the sprint mid-way.
    fn remove_one(&mut self, random: &mut Random, sprint: usize, start: Moment, planned: &[usize]) {
        if !chance(random, 0.35) {
            return;
        }
        let when = add_work_days(start, uniform(random, 2.0, 7.0));
        let not_started: Vec<usize> = planned
            .iter()
            .copied()
            .filter(|&index| self.timelines[index].as_ref().is_some_and(|timeline| timeline.start() > when))
            .collect();
        if not_started.is_empty() {
            return;
        }
        let index = pick(random, &not_started);
        self.timelines[index] = None;
        self.current[index] = None;
        let item = &mut self.items[index];
        item.changes.push(Change::Sprint { at: when, from: Some(sprint), to: None });
        item.sprints.pop();
        item.assignee = None;
    }

    /// Urgent bugs reported during the sprint, and items pulled in when someone ran out of work.
    fn add_unplanned(
        &mut self,
        random: &mut Random,
        sprint: usize,
        start: Moment,
        end: Moment,
        members: &[&'static str],
    ) {
        let count = weighted(random, &[(0usize, 30), (1, 35), (2, 25), (3, 10)]);
        let latest = add_work_days(end, -3.0);
        for _ in 0..count {
            let urgent: Vec<usize> = (0..self.items.len())
                .filter(|&index| {
                    let item = &self.items[index];
                    item.kind == Kind::Bug
                        && !item.reserved
                        && item.status == Status::ToDo
                        && item.created > start
                        && item.created < latest
                        && self.timelines[index].is_none()
                        && self.current[index].is_none()
                })
                .collect();
            let (index, when) = if !urgent.is_empty() && chance(random, 0.6) {
                let index = pick(random, &urgent);
                let when = add_work_days(self.items[index].created, uniform(random, 0.1, 0.6));
                let item = &mut self.items[index];
                // Triage estimates an urgent bug on the spot, or not at all.
                item.estimates.clear();
                if chance(random, 0.7) {
                    let points = weighted(random, &[(1, 3), (2, 3), (3, 2), (5, 1)]);
                    item.estimates.push((when - chrono::Duration::minutes(15), points));
                }
                item.priority = item.priority.min(Priority::High);
                (index, when)
            } else {
                let when = add_work_days(start, uniform(random, 1.0, 6.0));
                // Only something small is pulled in mid-sprint.
                let mut candidates = self.eligible(when);
                candidates.retain(|&index| self.points(index) <= 5);
                self.sort_by_desirability(&mut candidates);
                let Some(&index) = candidates.first() else { continue };
                (index, when)
            };
            self.enter(index, sprint, when, None);
            let assignee = pick(random, members);
            let start = add_work_days(when, uniform(random, 0.05, 1.0));
            self.start_work(random, index, start, assignee);
        }
    }

    /// Gives the item its timeline, unless it already has one (carried over).
    fn start_work(&mut self, random: &mut Random, index: usize, start: Moment, assignee: &'static str) {
        if self.timelines[index].is_none() {
            let points = self.items[index].estimate();
            self.timelines[index] = Some(Timeline::new(random, start, points));
            self.items[index].assignee = Some(assignee);
        }
    }

    fn enter(&mut self, index: usize, sprint: usize, at: Moment, from: Option<usize>) {
        self.current[index] = Some(sprint);
        let item = &mut self.items[index];
        item.changes.push(Change::Sprint { at, from, to: Some(sprint) });
        item.sprints.push(sprint);
    }

    /// Items the team could plan at `moment`: refined (estimated, small enough), not started.
    fn eligible(&self, moment: Moment) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&index| {
                let item = &self.items[index];
                item.kind != Kind::Epic
                    && !item.reserved
                    && matches!(item.status, Status::ToDo | Status::Selected)
                    && self.timelines[index].is_none()
                    && self.current[index].is_none()
                    && item.created < add_work_days(moment, -1.0)
                    && item.estimate().is_some_and(|points| points <= SPRINT_LIMIT)
                    && item.estimated_at().is_some_and(|at| at < moment)
            })
            .collect()
    }

    /// After the last sprint the product owner marks the next refined items as ready.
    fn refine_for_next_sprint(&mut self, random: &mut Random) {
        let mut candidates = self.eligible(anchor_end());
        self.sort_by_desirability(&mut candidates);
        for index in candidates.into_iter().take(14) {
            let item = &mut self.items[index];
            let latest_change = item.changes.iter().map(Change::at).max().unwrap_or(item.created);
            let back = uniform(random, 3.0, 12.0);
            let session = refinement_after(random, add_work_days(anchor_end(), -back));
            let when = session.max(add_work_days(latest_change.max(item.created), 0.2)).min(anchor_end());
            item.move_to(when, Status::Selected);
        }
    }

    fn points(&self, index: usize) -> u32 {
        self.items[index].estimate().unwrap_or(0)
    }

    fn sort_by_desirability(&self, indices: &mut [usize]) {
        indices.sort_by(|&a, &b| {
            self.items[b].desirability.total_cmp(&self.items[a].desirability).then(a.cmp(&b))
        });
    }
}

/// Epics follow their children: In Progress when the first child starts, Done a few days after
/// the last one is done.
pub fn settle_epics(random: &mut Random, items: &mut [Item]) {
    for epic in 0..items.len() {
        if items[epic].kind != Kind::Epic {
            continue;
        }
        let children: Vec<&Item> = items.iter().filter(|item| item.epic == Some(epic)).collect();
        let first_start = children
            .iter()
            .flat_map(|child| child.changes.iter())
            .filter_map(|change| match change {
                Change::Status { at, to: Status::InProgress | Status::InReview | Status::Done, .. } => {
                    Some(*at)
                }
                _ => None,
            })
            .min();
        let all_done = children.len() >= 3 && children.iter().all(|child| !child.is_open());
        let last_done = children.iter().filter_map(|child| child.resolved).max();
        let item = &mut items[epic];
        if let Some(started) = first_start {
            item.move_to(started.max(item.created), Status::InProgress);
        }
        if let (true, Some(done)) = (all_done, last_done) {
            let when = add_work_days(done, uniform(random, 0.5, 3.0)).min(anchor_end());
            item.move_to(when, Status::Done);
            item.resolution = Some("Done");
            item.resolved = Some(when);
        }
    }
}
