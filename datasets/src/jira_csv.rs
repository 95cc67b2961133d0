//! Jira's "Export Excel CSV (all fields)" layout, as in `../shared/datasets/jira/duraspace-export.csv`:
//! one header row, one row per issue, CRLF row ends, quotes only where needed, multi-value
//! fields (components, labels, watchers, issue links, sprints) repeated under the same header as
//! many times as the fullest row needs, dates as `04/Jan/24 11:10 AM` (UTC), Parent as the
//! parent's Issue id.
//!
//! [`JiraRow`] borrows every cell, so a writer can fill reused buffers and write a million rows
//! without allocating per row; the demo and the benchmark generator share [`JiraWriter`].

use std::io::Write;

use crate::backlog::{Item, PROJECT_KEY, PROJECT_NAME};
use crate::calendar::jira;
use crate::rank::{backlog_order, lexorank};
use crate::simulation::Sprint;

/// How many columns each repeated field gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JiraLayout {
    /// `Fix Version/s` columns.
    pub fix_versions: usize,
    /// `Component/s` columns.
    pub components: usize,
    /// `Labels` columns.
    pub labels: usize,
    /// `Watchers` columns.
    pub watchers: usize,
    /// `Inward issue link (Blocks)` columns.
    pub blocked_by: usize,
    /// `Outward issue link (Blocks)` columns.
    pub blocks: usize,
    /// `Inward issue link (Duplicate)` columns.
    pub duplicated_by: usize,
    /// `Outward issue link (Duplicate)` columns.
    pub duplicates: usize,
    /// `Outward issue link (Relates)` columns.
    pub relates: usize,
    /// `Sprint` columns.
    pub sprints: usize,
}

impl JiraLayout {
    /// The narrowest layout that fits every row (at least one column per field, as Jira keeps
    /// the header of a field that some issue could have).
    pub fn fitting<'a>(rows: impl IntoIterator<Item = &'a JiraRow<'a>>) -> JiraLayout {
        let mut layout = JiraLayout {
            fix_versions: 1,
            components: 1,
            labels: 1,
            watchers: 1,
            blocked_by: 1,
            blocks: 1,
            duplicated_by: 1,
            duplicates: 1,
            relates: 1,
            sprints: 1,
        };
        for row in rows {
            layout.fix_versions = layout.fix_versions.max(row.fix_versions.len());
            layout.components = layout.components.max(row.components.len());
            layout.labels = layout.labels.max(row.labels.len());
            layout.watchers = layout.watchers.max(row.watchers.len());
            layout.blocked_by = layout.blocked_by.max(row.blocked_by.len());
            layout.blocks = layout.blocks.max(row.blocks.len());
            layout.duplicated_by = layout.duplicated_by.max(row.duplicated_by.len());
            layout.duplicates = layout.duplicates.max(row.duplicates.len());
            layout.relates = layout.relates.max(row.relates.len());
            layout.sprints = layout.sprints.max(row.sprints.len());
        }
        layout
    }

    /// The header row.
    pub fn header(&self) -> Vec<&'static str> {
        let mut header = vec![
            "Summary",
            "Issue key",
            "Issue id",
            "Issue Type",
            "Status",
            "Project key",
            "Project name",
            "Priority",
            "Resolution",
            "Assignee",
            "Reporter",
            "Created",
            "Updated",
            "Resolved",
        ];
        let mut repeat = |name: &'static str, count: usize| header.extend(std::iter::repeat_n(name, count));
        repeat("Fix Version/s", self.fix_versions);
        repeat("Component/s", self.components);
        repeat("Labels", self.labels);
        repeat("Description", 1);
        repeat("Watchers", self.watchers);
        repeat("Votes", 1);
        repeat("Time Spent", 1);
        repeat("Inward issue link (Blocks)", self.blocked_by);
        repeat("Outward issue link (Blocks)", self.blocks);
        repeat("Inward issue link (Duplicate)", self.duplicated_by);
        repeat("Outward issue link (Duplicate)", self.duplicates);
        repeat("Outward issue link (Relates)", self.relates);
        repeat("Sprint", self.sprints);
        header.extend([
            "Custom field (Story Points)",
            "Custom field (Rank)",
            "Custom field (Business Value)",
            "Custom field (Time Criticality)",
            "Custom field (Risk Reduction)",
            "Parent",
            "Status Category",
        ]);
        header
    }
}

/// One issue's cells, borrowed. Empty strings are empty cells.
#[derive(Debug, Clone, Copy, Default)]
pub struct JiraRow<'a> {
    /// Summary.
    pub summary: &'a str,
    /// Issue key.
    pub key: &'a str,
    /// Issue id.
    pub id: &'a str,
    /// Issue Type.
    pub issue_type: &'a str,
    /// Status.
    pub status: &'a str,
    /// Priority.
    pub priority: &'a str,
    /// Resolution.
    pub resolution: &'a str,
    /// Assignee.
    pub assignee: &'a str,
    /// Reporter.
    pub reporter: &'a str,
    /// Created (Jira form).
    pub created: &'a str,
    /// Updated (Jira form).
    pub updated: &'a str,
    /// Resolved (Jira form).
    pub resolved: &'a str,
    /// Fix Version/s.
    pub fix_versions: &'a [&'a str],
    /// Component/s.
    pub components: &'a [&'a str],
    /// Labels.
    pub labels: &'a [&'a str],
    /// Description.
    pub description: &'a str,
    /// Watchers.
    pub watchers: &'a [&'a str],
    /// Votes.
    pub votes: &'a str,
    /// Time Spent (seconds).
    pub time_spent: &'a str,
    /// Keys of the issues that block this one.
    pub blocked_by: &'a [&'a str],
    /// Keys of the issues this one blocks.
    pub blocks: &'a [&'a str],
    /// Keys of the issues that duplicate this one.
    pub duplicated_by: &'a [&'a str],
    /// Keys of the issues this one duplicates.
    pub duplicates: &'a [&'a str],
    /// Keys of the issues this one relates to.
    pub relates: &'a [&'a str],
    /// Sprint names, oldest first.
    pub sprints: &'a [&'a str],
    /// Story points (`5.0`).
    pub story_points: &'a str,
    /// LexoRank.
    pub rank: &'a str,
    /// Business Value.
    pub business_value: &'a str,
    /// Time Criticality.
    pub time_criticality: &'a str,
    /// Risk Reduction.
    pub risk_reduction: &'a str,
    /// Parent's Issue id.
    pub parent: &'a str,
    /// Status Category.
    pub status_category: &'a str,
}

/// Writes rows in one layout.
pub struct JiraWriter<W: Write> {
    csv: csv::Writer<W>,
    layout: JiraLayout,
}

impl<W: Write> JiraWriter<W> {
    /// Writes the header; rows follow with [`JiraWriter::write_row`].
    pub fn new(writer: W, layout: JiraLayout) -> csv::Result<Self> {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .buffer_capacity(1 << 16)
            .from_writer(writer);
        csv.write_record(layout.header())?;
        Ok(JiraWriter { csv, layout })
    }

    /// Writes one issue. A list longer than the layout's columns is an error, not a silent cut.
    pub fn write_row(&mut self, row: &JiraRow<'_>) -> csv::Result<()> {
        let layout = self.layout;
        for cell in [
            row.summary,
            row.key,
            row.id,
            row.issue_type,
            row.status,
            PROJECT_KEY,
            PROJECT_NAME,
            row.priority,
            row.resolution,
            row.assignee,
            row.reporter,
            row.created,
            row.updated,
            row.resolved,
        ] {
            self.csv.write_field(cell)?;
        }
        self.write_list(row.fix_versions, layout.fix_versions)?;
        self.write_list(row.components, layout.components)?;
        self.write_list(row.labels, layout.labels)?;
        self.csv.write_field(row.description)?;
        self.write_list(row.watchers, layout.watchers)?;
        self.csv.write_field(row.votes)?;
        self.csv.write_field(row.time_spent)?;
        self.write_list(row.blocked_by, layout.blocked_by)?;
        self.write_list(row.blocks, layout.blocks)?;
        self.write_list(row.duplicated_by, layout.duplicated_by)?;
        self.write_list(row.duplicates, layout.duplicates)?;
        self.write_list(row.relates, layout.relates)?;
        self.write_list(row.sprints, layout.sprints)?;
        for cell in [
            row.story_points,
            row.rank,
            row.business_value,
            row.time_criticality,
            row.risk_reduction,
            row.parent,
            row.status_category,
        ] {
            self.csv.write_field(cell)?;
        }
        self.csv.write_record(None::<&[u8]>)
    }

    fn write_list(&mut self, values: &[&str], columns: usize) -> csv::Result<()> {
        if values.len() > columns {
            let message = format!("{} values for {columns} columns", values.len());
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, message).into());
        }
        for value in values {
            self.csv.write_field(value)?;
        }
        for _ in values.len()..columns {
            self.csv.write_field("")?;
        }
        Ok(())
    }

    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> csv::Result<()> {
        self.csv.flush()?;
        Ok(())
    }
}

/// The cells of one demo item, owned; [`DemoCells::row`] borrows them.
struct DemoCells<'a> {
    item: &'a Item,
    key: String,
    id: String,
    created: String,
    updated: String,
    resolved: String,
    fix_versions: Vec<&'a str>,
    votes: String,
    time_spent: String,
    blocked_by: Vec<String>,
    blocks: Vec<String>,
    duplicated_by: Vec<String>,
    duplicates: Vec<String>,
    relates: Vec<String>,
    sprints: Vec<&'a str>,
    story_points: String,
    rank: String,
    cost_of_delay: [String; 3],
    parent: String,
}

/// A list of owned strings as string slices (what [`JiraRow`] takes).
fn slices(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

/// Writes `backlog.csv`: every item in backlog order.
pub fn write_backlog<W: Write>(writer: W, items: &[Item], sprints: &[Sprint]) -> csv::Result<()> {
    let order = backlog_order(items);
    let cells: Vec<DemoCells<'_>> = order
        .iter()
        .enumerate()
        .map(|(position, &index)| demo_cells(items, sprints, index, lexorank(position, order.len())))
        .collect();
    let lists: Vec<[Vec<&str>; 5]> = cells
        .iter()
        .map(|cell| {
            [
                slices(&cell.blocked_by),
                slices(&cell.blocks),
                slices(&cell.duplicated_by),
                slices(&cell.duplicates),
                slices(&cell.relates),
            ]
        })
        .collect();
    let rows: Vec<JiraRow<'_>> =
        cells.iter().zip(&lists).map(|(cell, links)| demo_row(cell, links)).collect();
    let mut writer = JiraWriter::new(writer, JiraLayout::fitting(&rows))?;
    for row in &rows {
        writer.write_row(row)?;
    }
    writer.finish()
}

fn demo_cells<'a>(items: &'a [Item], sprints: &'a [Sprint], index: usize, rank: String) -> DemoCells<'a> {
    let item = &items[index];
    let keys = |indices: &mut dyn Iterator<Item = usize>| indices.map(|other| items[other].key()).collect();
    let number = |value: u32| value.to_string();
    DemoCells {
        item,
        key: item.key(),
        id: item.id.to_string(),
        created: jira(item.created),
        updated: jira(item.updated),
        resolved: item.resolved.map(jira).unwrap_or_default(),
        fix_versions: item.fix_version.iter().map(String::as_str).collect(),
        votes: number(item.votes),
        time_spent: item.time_spent_seconds.map(number).unwrap_or_default(),
        blocked_by: keys(&mut (0..items.len()).filter(|&other| items[other].blocks.contains(&index))),
        blocks: keys(&mut item.blocks.iter().copied()),
        duplicated_by: keys(&mut (0..items.len()).filter(|&other| items[other].duplicates == Some(index))),
        duplicates: keys(&mut item.duplicates.into_iter()),
        relates: keys(&mut item.relates.iter().copied()),
        sprints: item.sprints.iter().map(|&sprint| sprints[sprint].name.as_str()).collect(),
        story_points: item.estimate().map(|points| format!("{points}.0")).unwrap_or_default(),
        rank,
        cost_of_delay: match item.cost_of_delay {
            Some(cost) => [cost.business_value, cost.time_criticality, cost.risk_reduction].map(number),
            None => Default::default(),
        },
        parent: item.epic.map(|epic| items[epic].id.to_string()).unwrap_or_default(),
    }
}

fn demo_row<'a>(cells: &'a DemoCells<'a>, links: &'a [Vec<&'a str>; 5]) -> JiraRow<'a> {
    let item = cells.item;
    JiraRow {
        summary: &item.title,
        key: &cells.key,
        id: &cells.id,
        issue_type: item.kind.name(),
        status: item.status.name(),
        priority: item.priority.name(),
        resolution: item.resolution.unwrap_or(""),
        assignee: item.assignee.unwrap_or(""),
        reporter: item.reporter,
        created: &cells.created,
        updated: &cells.updated,
        resolved: &cells.resolved,
        fix_versions: &cells.fix_versions,
        components: &item.components,
        labels: &item.labels,
        description: &item.description,
        watchers: &item.watchers,
        votes: &cells.votes,
        time_spent: &cells.time_spent,
        blocked_by: &links[0],
        blocks: &links[1],
        duplicated_by: &links[2],
        duplicates: &links[3],
        relates: &links[4],
        sprints: &cells.sprints,
        story_points: &cells.story_points,
        rank: &cells.rank,
        business_value: &cells.cost_of_delay[0],
        time_criticality: &cells.cost_of_delay[1],
        risk_reduction: &cells.cost_of_delay[2],
        parent: &cells.parent,
        status_category: item.status.category(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fields_fill_their_columns_and_quote_where_needed() {
        let rows = [JiraRow {
            summary: "Sort by price, then by rating",
            key: "SHOP-1",
            labels: &["ux", "quick-win"],
            sprints: &["SHOP Sprint 1"],
            status_category: "To Do",
            ..JiraRow::default()
        }];
        let layout = JiraLayout::fitting(&rows);
        assert_eq!(layout.labels, 2);
        let mut out = Vec::new();
        let mut writer = JiraWriter::new(&mut out, layout).unwrap();
        writer.write_row(&rows[0]).unwrap();
        writer.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.split("\r\n");
        let header = lines.next().unwrap();
        assert_eq!(header.matches("Labels").count(), 2);
        assert_eq!(header.split(',').count(), layout.header().len());
        let row = lines.next().unwrap();
        assert!(row.starts_with("\"Sort by price, then by rating\",SHOP-1,,"), "{row}");
        assert!(row.contains(",ux,quick-win,"), "{row}");
        assert!(row.ends_with(",To Do"), "{row}");
    }

    #[test]
    fn a_list_longer_than_its_columns_is_an_error() {
        let layout = JiraLayout::fitting(&[JiraRow::default()]);
        let mut writer = JiraWriter::new(Vec::new(), layout).unwrap();
        let row = JiraRow { labels: &["a", "b"], ..JiraRow::default() };
        assert!(writer.write_row(&row).is_err());
    }
}
