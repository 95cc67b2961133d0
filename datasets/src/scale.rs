//! Large Jira CSV exports for benchmarks: `count` issues of the demo's vocabulary in the same
//! layout as `backlog.csv`, streamed to any writer. Rows are independent draws (no simulated
//! history), created evenly over three years before the anchor date, older issues more often
//! done; every tenth issue or so links to a recent one.
//!
//! Every cell is written from buffers reused across rows, so a million issues need no
//! allocation per row.

use std::fmt::Write as _;
use std::io::Write;

use chrono::Duration;

use crate::backlog::{DECK, Priority, Status};
use crate::calendar::{Moment, anchor_end, push_jira};
use crate::jira_csv::{JiraLayout, JiraRow, JiraWriter};
use crate::kind::Kind;
use crate::random::{Random, Stream, chance, index, lognormal, pick, stream, weighted};
use crate::rank::push_lexorank;
use crate::team::{DEVELOPERS, REPORTERS};
use crate::text::{Quality, Voice, push_description, push_title};
use crate::vocabulary::{COMMON_LABELS, THEMES};

/// The fixed layout of benchmark exports.
pub const SCALE_LAYOUT: JiraLayout = JiraLayout {
    fix_versions: 1,
    components: 2,
    labels: 2,
    watchers: 2,
    blocked_by: 1,
    blocks: 1,
    duplicated_by: 1,
    duplicates: 1,
    relates: 1,
    sprints: 2,
};

/// Issues per sprint: sprint names advance with the issue number.
const ISSUES_PER_SPRINT: usize = 40;

/// Reused cell buffers.
#[derive(Default)]
struct Buffers {
    summary: String,
    key: String,
    id: String,
    created: String,
    updated: String,
    resolved: String,
    description: String,
    votes: String,
    time_spent: String,
    blocks: String,
    duplicates: String,
    relates: String,
    sprints: [String; 2],
    story_points: String,
    rank: String,
    cost_of_delay: [String; 3],
}

/// What the feedback generator needs of one issue of a benchmark export.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleItem {
    /// Issue number (the key is `SHOP-<number>`).
    pub number: u32,
    /// Issue type.
    pub kind: Kind,
    /// What the item is about, in a customer's words (its title's phrase).
    pub voice: Voice,
    /// When it was created.
    pub created: Moment,
}

/// The issues [`write_jira_csv`] writes for `count` and `seed`, without writing them: the same
/// draws replayed, so feedback can be worded after the very titles of the export.
pub fn scale_items(count: usize, seed: u64) -> Vec<ScaleItem> {
    let mut items = Vec::with_capacity(count);
    let replayed: csv::Result<()> = each_issue(count, seed, |issue, _, _| {
        items.push(ScaleItem {
            number: issue.number as u32,
            kind: issue.kind,
            voice: issue.voice.clone(),
            created: issue.created,
        });
        Ok(())
    });
    // The visitor never fails, so neither does the replay.
    replayed.unwrap_or_default();
    items
}

/// Writes a Jira CSV export of `count` issues drawn from `seed`.
pub fn write_jira_csv<W: Write>(writer: W, count: usize, seed: u64) -> csv::Result<()> {
    let mut writer = JiraWriter::new(writer, SCALE_LAYOUT)?;
    each_issue(count, seed, |issue, cells, parent| {
        let watchers = [issue.reporter, issue.assignee.unwrap_or(issue.reporter)];
        let watcher_count =
            if issue.assignee.is_some_and(|assignee| assignee != issue.reporter) { 2 } else { 1 };
        let sprints = [cells.sprints[0].as_str(), cells.sprints[1].as_str()];
        let sprint_count = sprints.iter().filter(|name| !name.is_empty()).count();
        let labels = [issue.label];
        let components = [THEMES[issue.theme].component];
        let (blocks, duplicates, relates) =
            ([cells.blocks.as_str()], [cells.duplicates.as_str()], [cells.relates.as_str()]);
        let row = JiraRow {
            summary: &cells.summary,
            key: &cells.key,
            id: &cells.id,
            issue_type: issue.kind.name(),
            status: issue.status.name(),
            priority: issue.priority.name(),
            resolution: if issue.status == Status::Done { "Done" } else { "" },
            assignee: issue.assignee.unwrap_or(""),
            reporter: issue.reporter,
            created: &cells.created,
            updated: &cells.updated,
            resolved: &cells.resolved,
            fix_versions: &[],
            components: &components,
            labels: filled(&labels),
            description: &cells.description,
            watchers: &watchers[..watcher_count],
            votes: &cells.votes,
            time_spent: &cells.time_spent,
            blocked_by: &[],
            blocks: filled(&blocks),
            duplicated_by: &[],
            duplicates: filled(&duplicates),
            relates: filled(&relates),
            sprints: &sprints[..sprint_count],
            story_points: &cells.story_points,
            rank: &cells.rank,
            business_value: &cells.cost_of_delay[0],
            time_criticality: &cells.cost_of_delay[1],
            risk_reduction: &cells.cost_of_delay[2],
            parent,
            status_category: issue.status.category(),
        };
        writer.write_row(&row)
    })?;
    writer.finish()
}

/// Draws `count` issues from `seed` in order and hands each to `visit` with its cells and its
/// parent epic's id ("" for none).
fn each_issue(
    count: usize,
    seed: u64,
    mut visit: impl FnMut(&Issue, &Buffers, &str) -> csv::Result<()>,
) -> csv::Result<()> {
    let mut random = stream(seed, Stream::Scale);
    let mut cells = Buffers::default();
    let span_minutes = 3 * 365 * 24 * 60;
    let first = anchor_end() - Duration::minutes(span_minutes);
    let mut epic_id = String::new();
    for number in 1..=count {
        let age = 1.0 - number as f64 / count as f64;
        let created = first + Duration::minutes((span_minutes as f64 * (1.0 - age)) as i64);
        let issue = draw_issue(&mut random, number, created, age, &mut cells);
        fill(&mut cells.rank, |out| push_lexorank(out, number - 1, count));
        if issue.kind == Kind::Epic {
            epic_id.clone_from(&cells.id);
        }
        let parent = if issue.kind != Kind::Epic && chance(&mut random, 0.7) { epic_id.as_str() } else { "" };
        visit(&issue, &cells, parent)?;
    }
    Ok(())
}

/// A one-cell list, or an empty one when the cell is empty.
fn filled<'a>(list: &'a [&'a str; 1]) -> &'a [&'a str] {
    if list[0].is_empty() { &[] } else { list }
}

/// The drawn attributes that are not already text in the buffers.
struct Issue {
    number: usize,
    created: Moment,
    voice: Voice,
    kind: Kind,
    theme: usize,
    status: Status,
    priority: Priority,
    assignee: Option<&'static str>,
    reporter: &'static str,
    label: &'static str,
}

fn draw_issue(random: &mut Random, number: usize, created: Moment, age: f64, cells: &mut Buffers) -> Issue {
    let kind = weighted(
        random,
        &[(Kind::Epic, 2), (Kind::Story, 55), (Kind::Bug, 25), (Kind::Task, 13), (Kind::Spike, 5)],
    );
    let theme_index = index(random, THEMES.len());
    let theme = &THEMES[theme_index];
    let phrase = pick(random, theme.phrases(kind));
    let voice = match kind {
        Kind::Story => Voice::Want(phrase),
        Kind::Bug => Voice::Symptom(phrase),
        _ => Voice::Title(phrase),
    };
    let status = if chance(random, 0.15 + 0.8 * age) {
        Status::Done
    } else {
        weighted(
            random,
            &[(Status::ToDo, 70), (Status::Selected, 10), (Status::InProgress, 12), (Status::InReview, 8)],
        )
    };
    let priority = weighted(
        random,
        &[
            (Priority::Highest, 3),
            (Priority::High, 20),
            (Priority::Medium, 52),
            (Priority::Low, 20),
            (Priority::Lowest, 5),
        ],
    );
    let assignee = (status != Status::ToDo || chance(random, 0.15))
        .then(|| DEVELOPERS[index(random, DEVELOPERS.len())].name);
    let reporter = weighted(random, REPORTERS);
    let label = if chance(random, 0.4) { weighted(random, COMMON_LABELS) } else { "" };

    fill(&mut cells.summary, |out| push_title(out, random, kind, theme, phrase));
    fill(&mut cells.key, |out| write!(out, "SHOP-{number}").unwrap_or_default());
    fill(&mut cells.id, |out| write!(out, "{}", 100_000 + number).unwrap_or_default());
    fill(&mut cells.created, |out| push_jira(out, created));
    let quality = weighted(
        random,
        &[(Quality::Rich, 25), (Quality::Brief, 30), (Quality::OneLine, 20), (Quality::Empty, 25)],
    );
    fill(&mut cells.description, |out| push_description(out, random, quality, kind, theme, &voice));
    let finished = created + Duration::minutes((lognormal(random, 4.0, 0.8) * 24.0 * 60.0) as i64);
    let resolved = (status == Status::Done).then_some(finished.min(anchor_end()));
    fill(&mut cells.resolved, |out| {
        if let Some(resolved) = resolved {
            push_jira(out, resolved);
        }
    });
    let updated = resolved.unwrap_or_else(|| created + Duration::minutes(index(random, 90 * 24 * 60) as i64));
    fill(&mut cells.updated, |out| push_jira(out, updated.min(anchor_end()).max(created)));
    let votes = if chance(random, 0.2) { 1 + index(random, 12) } else { 0 };
    fill(&mut cells.votes, |out| write!(out, "{votes}").unwrap_or_default());
    let points = (kind != Kind::Epic && chance(random, 0.7)).then(|| pick(random, &DECK[..6]));
    fill(&mut cells.story_points, |out| {
        if let Some(points) = points {
            write!(out, "{points}.0").unwrap_or_default();
        }
    });
    fill(&mut cells.time_spent, |out| {
        if status == Status::Done && chance(random, 0.3) {
            write!(out, "{}", (1 + index(random, 32)) * 1800).unwrap_or_default();
        }
    });
    fill_links(random, number, cells);
    fill_sprints(random, number, status, cells);
    let scored = chance(random, 0.3);
    for cell in &mut cells.cost_of_delay {
        fill(cell, |out| {
            if scored {
                write!(out, "{}", pick(random, &[1, 2, 3, 5, 8, 13, 20])).unwrap_or_default();
            }
        });
    }
    Issue { number, created, voice, kind, theme: theme_index, status, priority, assignee, reporter, label }
}

/// Links to a recent earlier issue: Blocks 3%, Duplicate 1%, Relates 5%.
fn fill_links(random: &mut Random, number: usize, cells: &mut Buffers) {
    for (cell, share) in
        [(&mut cells.blocks, 0.03), (&mut cells.duplicates, 0.01), (&mut cells.relates, 0.05)]
    {
        fill(cell, |out| {
            if number > 1 && chance(random, share) {
                let back = 1 + index(random, (number - 1).min(500));
                write!(out, "SHOP-{}", number - back).unwrap_or_default();
            }
        });
    }
}

/// Worked-on issues were in the sprint of their number, some carried into the next.
fn fill_sprints(random: &mut Random, number: usize, status: Status, cells: &mut Buffers) {
    let sprint = 1 + number / ISSUES_PER_SPRINT;
    let in_sprint = status != Status::ToDo && status != Status::Selected;
    let carried = in_sprint && chance(random, 0.15);
    let [first, second] = &mut cells.sprints;
    fill(first, |out| {
        if in_sprint {
            write!(out, "SHOP Sprint {sprint}").unwrap_or_default();
        }
    });
    fill(second, |out| {
        if carried {
            write!(out, "SHOP Sprint {}", sprint + 1).unwrap_or_default();
        }
    });
}

/// Clears a buffer and fills it again.
fn fill(cell: &mut String, write: impl FnOnce(&mut String)) {
    cell.clear();
    write(cell);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_requested_number_of_rows_deterministically() {
        let mut first = Vec::new();
        write_jira_csv(&mut first, 500, 9).unwrap();
        let mut second = Vec::new();
        write_jira_csv(&mut second, 500, 9).unwrap();
        assert_eq!(first, second);
        let mut reader = csv::ReaderBuilder::new().from_reader(first.as_slice());
        let header = reader.headers().unwrap().clone();
        assert_eq!(header.len(), SCALE_LAYOUT.header().len());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 500);
        assert_eq!(&rows[0][1], "SHOP-1");
        assert_eq!(&rows[499][1], "SHOP-500");
    }
}
