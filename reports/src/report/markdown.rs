//! `report.md`: the report's content for a wiki. The same sections as the HTML page; charts
//! as links to their SVG files; tables as pipe tables (the first rows of long ones, with the
//! file that has all of them).

use std::fmt::Write;

use super::sections::Section;
use super::{ReportContext, table_views};
use crate::format::{Document, escape_markdown, markdown_tables};
use crate::records::Records;

/// The Markdown file.
pub fn render_markdown(context: &ReportContext, sections: &[Section]) -> String {
    let mut out = String::new();
    match &context.as_of {
        Some(as_of) => {
            let _ = writeln!(out, "# Backlog report as of {as_of}\n");
        }
        None => out.push_str("# Backlog report\n\n"),
    }
    let _ = writeln!(out, "Inputs: {}", escape_markdown(&context.inputs.join(", ")));
    for section in sections {
        let _ = writeln!(out, "\n## {}\n", section.title);
        if let Some(why) = &section.absent {
            let _ = writeln!(out, "Not in this report: {}", escape_markdown(why));
        }
        for figure in &section.figures {
            let _ =
                writeln!(out, "- **{}**: {}", escape_markdown(&figure.label), escape_markdown(&figure.value));
        }
        if !section.charts.is_empty() {
            out.push('\n');
            for chart in &section.charts {
                let _ = writeln!(out, "![{}](charts/{}.svg)", chart.name, chart.name);
            }
        }
        for view in table_views(section, context.max_rows) {
            out.push('\n');
            let shown = [(view.heading.as_str(), view.shown_records())];
            out.push_str(&markdown_tables(&document(context, section, &shown, &[])));
            if let Some(note) = &view.note {
                let _ = writeln!(out, "\n{}", escape_markdown(note));
            }
        }
        if !section.warnings.is_empty() {
            out.push_str(&markdown_tables(&document(context, section, &[], &section.warnings)));
        }
    }
    out
}

fn document<'a>(
    context: &'a ReportContext,
    section: &'a Section,
    tables: &'a [(&'a str, Records)],
    warnings: &'a [String],
) -> Document<'a> {
    Document {
        command: section.command,
        as_of: context.as_of.as_deref(),
        inputs: &context.inputs,
        tables,
        warnings,
    }
}
