//! `report.md`: the report for a wiki (Confluence, Notion), in the page's order: what needs a
//! decision, the key figures with what they mean, the agenda, the top of the ranking, then the
//! other sections. Charts are links to their SVG files; tables are pipe tables with human
//! headers and readable values (the first rows of long ones, with the file that has all).

use std::fmt::Write;

use refine_engine::run::DataQuality;

use super::attention::{Attention, MENTIONS_SHOWN};
use super::page::{Page, title};
use super::reading::{human_header, reading_date, reading_text};
use super::sections::Section;
use super::{ReportContext, TableView, table_views};
use crate::format::{escape_markdown, pipe_table};

/// Lines of the ranked backlog the Markdown shows.
const BACKLOG_LINES_SHOWN: usize = 20;

/// The Markdown file.
pub(crate) fn render_markdown(context: &ReportContext, page: &Page<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape_markdown(&title(context)));
    let _ = writeln!(out, "From {}", escape_markdown(&context.inputs.join(", ")));
    render_attention(&mut out, page.attention);
    for section in page.sections {
        render_section(&mut out, section, context, page);
    }
    out
}

fn render_attention(out: &mut String, findings: &[Attention]) {
    out.push_str("\n## Needs a decision\n\n");
    if findings.is_empty() {
        out.push_str("Nothing needs a decision.\n");
    }
    for (place, finding) in findings.iter().enumerate() {
        let mentions: Vec<String> = finding
            .mentions
            .iter()
            .take(MENTIONS_SHOWN)
            .map(|mention| format!("{} ({})", escape_markdown(&mention.key), escape_markdown(&mention.note)))
            .collect();
        let more = finding.mentions.len().saturating_sub(MENTIONS_SHOWN);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        let _ = writeln!(
            out,
            "{}. **{}**: {}{more}.",
            place + 1,
            escape_markdown(&finding.headline),
            mentions.join(", ")
        );
    }
}

fn render_section(out: &mut String, section: &Section, context: &ReportContext, page: &Page<'_>) {
    let _ = writeln!(out, "\n## {}\n", section.title);
    if let Some(why) = &section.absent {
        let _ = writeln!(out, "Not in this report: {}", escape_markdown(why));
    }
    for figure in &section.figures {
        let _ = write!(out, "- **{}**: {}", escape_markdown(&figure.label), escape_markdown(&figure.value));
        if let Some(reading) = &figure.reading {
            let _ = write!(out, ". {}", escape_markdown(reading));
        }
        out.push('\n');
    }
    match section.id {
        "backlog" => render_backlog(out, page, BACKLOG_LINES_SHOWN),
        "quality" => render_quality(out, page.quality),
        _ => {}
    }
    for chart in &section.charts {
        let _ = writeln!(out, "\n![{}](charts/{}.svg)\n", chart.name, chart.name);
        let _ = writeln!(out, "How to read this: {}", escape_markdown(&chart.how_to_read));
    }
    for view in table_views(section, context.max_rows) {
        if section.id == "backlog" && view.id == "table-backlog-ranking" {
            continue;
        }
        render_table(out, &view);
    }
    if !section.warnings.is_empty() {
        out.push_str("\n**Notes**\n\n");
        for warning in &section.warnings {
            let _ = writeln!(out, "- {}", escape_markdown(warning));
        }
    }
}

/// The top lines of the ranked backlog, at most `most`.
fn render_backlog(out: &mut String, page: &Page<'_>, most: usize) {
    let lines = &page.lines[..page.lines.len().min(most)];
    if lines.is_empty() {
        return;
    }
    out.push('\n');
    let header: Vec<String> =
        ["Rank", "Item", "Score", "Why", "Flags", "Done by (85%)"].map(str::to_owned).to_vec();
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|line| {
            let item = line.item;
            let title = item.title.as_deref().map(|title| format!(" {title}")).unwrap_or_default();
            let badges: Vec<&str> = line.badges.iter().map(|badge| badge.label()).collect();
            vec![
                item.rank.to_string(),
                escape_markdown(&format!("{}{title}", item.key)),
                item.score.map_or_else(|| "–".to_owned(), |score| format!("{score:.2}")),
                escape_markdown(&line.chips.join(", ")),
                escape_markdown(&badges.join(", ")),
                line.lands.map_or_else(|| "–".to_owned(), |lands| escape_markdown(&reading_date(lands.date))),
            ]
        })
        .collect();
    pipe_table(out, &header, &[true, false, true, false, false, true], &rows);
    if lines.len() < page.ranked {
        let _ = writeln!(
            out,
            "\nThe top {} of {} ranked items; every item is in tables/rank-ranking.csv.",
            lines.len(),
            page.ranked
        );
    }
}

/// Each data-quality finding: its count, what it is, examples and what to do.
fn render_quality(out: &mut String, quality: &DataQuality) {
    out.push('\n');
    for finding in &quality.findings {
        let _ = write!(out, "- **{}** {}", finding.count, escape_markdown(finding.title));
        if finding.count > 0 {
            if !finding.examples.is_empty() {
                let examples: Vec<String> =
                    finding.examples.iter().map(|example| escape_markdown(example)).collect();
                let _ = write!(out, " For example: {}.", examples.join("; "));
            }
            let _ = write!(out, " {}", escape_markdown(finding.advice));
        }
        out.push('\n');
    }
}

fn render_table(out: &mut String, view: &TableView) {
    let _ = writeln!(out, "\n### {}\n", escape_markdown(&view.heading));
    let records = view.records;
    if records.rows.is_empty() {
        out.push_str("None.\n");
        return;
    }
    let header: Vec<String> =
        records.columns.iter().map(|column| escape_markdown(&human_header(column))).collect();
    let rows: Vec<Vec<String>> = records.rows[..view.shown]
        .iter()
        .map(|row| {
            row.iter()
                .zip(&records.columns)
                .map(|(cell, column)| escape_markdown(&reading_text(column, cell)))
                .collect()
        })
        .collect();
    pipe_table(out, &header, &records.numeric_columns(), &rows);
    if let Some(note) = &view.note {
        let _ = writeln!(out, "\n{}", escape_markdown(note));
    }
}
