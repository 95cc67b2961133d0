//! `sprints.csv`: the sprint report of the team's board, one row per sprint, computed from the
//! items' sprint changes and resolutions so it agrees with `backlog.csv` and `history.csv`:
//! committed = in the sprint at its start, added = moved in later, removed = moved back to the
//! backlog during it, completed = resolved during it while in it. Points are the items' story
//! points (re-estimates all happen before planning).

use std::io::Write;

use crate::backlog::{Change, Item};
use crate::calendar::{SPRINT_DAYS, iso};
use crate::simulation::{BOARD_ID, Sprint};

/// Header of `sprints.csv`.
pub const HEADER: [&str; 15] = [
    "board",
    "sprint_id",
    "sprint",
    "start",
    "end",
    "planned_days",
    "committed_points",
    "added_points",
    "removed_points",
    "completed_points",
    "committed_issues",
    "added_issues",
    "removed_issues",
    "completed_issues",
    "team_size",
];

/// Points and issue counts of one sprint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    /// Story points.
    pub points: u32,
    /// Issues.
    pub issues: u32,
}

impl Scope {
    fn add(&mut self, item: &Item) {
        self.points += item.estimate().unwrap_or(0);
        self.issues += 1;
    }
}

/// One row of the sprint report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SprintReport {
    /// The sprint.
    pub sprint: Sprint,
    /// In the sprint when it started.
    pub committed: Scope,
    /// Moved in after the start.
    pub added: Scope,
    /// Moved back to the backlog during the sprint.
    pub removed: Scope,
    /// Resolved during the sprint while in it.
    pub completed: Scope,
}

/// The report of every sprint.
pub fn sprint_reports(sprints: &[Sprint], items: &[Item]) -> Vec<SprintReport> {
    sprints
        .iter()
        .enumerate()
        .map(|(index, sprint)| {
            let mut report = SprintReport {
                sprint: sprint.clone(),
                committed: Scope::default(),
                added: Scope::default(),
                removed: Scope::default(),
                completed: Scope::default(),
            };
            for item in items {
                for change in &item.changes {
                    match *change {
                        Change::Sprint { at, to: Some(to), .. } if to == index => {
                            if at <= sprint.start {
                                report.committed.add(item);
                            } else {
                                report.added.add(item);
                            }
                        }
                        Change::Sprint { from: Some(from), to: None, .. } if from == index => {
                            report.removed.add(item)
                        }
                        _ => {}
                    }
                }
                let resolved_in_sprint =
                    item.resolved.is_some_and(|at| at >= sprint.start && at <= sprint.end);
                if resolved_in_sprint && item.sprints.contains(&index) {
                    report.completed.add(item);
                }
            }
            report
        })
        .collect()
}

/// Writes `sprints.csv`.
pub fn write_sprints<W: Write>(writer: W, reports: &[SprintReport]) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(HEADER)?;
    for report in reports {
        let sprint = &report.sprint;
        let date = |moment| iso(moment)[..10].to_owned();
        csv.write_record([
            BOARD_ID.to_string(),
            sprint.id.to_string(),
            sprint.name.clone(),
            date(sprint.start),
            date(sprint.end),
            SPRINT_DAYS.to_string(),
            report.committed.points.to_string(),
            report.added.points.to_string(),
            report.removed.points.to_string(),
            report.completed.points.to_string(),
            report.committed.issues.to_string(),
            report.added.issues.to_string(),
            report.removed.issues.to_string(),
            report.completed.issues.to_string(),
            sprint.members.len().to_string(),
        ])?;
    }
    csv.flush()?;
    Ok(())
}
