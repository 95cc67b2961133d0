//! `index.html`: the whole report in one self-contained file. Styles and the table script are
//! inline, charts are inline SVG, and nothing is fetched: the page's Content-Security-Policy
//! allows no network at all and only the one script whose hash it names, so even text that
//! escaped escaping could not run. Every text from the inputs goes through [`escape_html`].
//!
//! Tables sort when a header is clicked and filter as one types in the box above them; long
//! tables show their first rows with a note naming the file that has all of them.

use std::fmt::Write;

use base64::Engine;
use sha2::{Digest, Sha256};

use super::sections::Section;
use super::{ReportContext, TableView, table_views};
use crate::control_characters::is_stray_control;
use crate::format::table::display_cell;
use crate::records::Cell;

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// Tables longer than this get a filter box.
const FILTER_FROM_ROWS: usize = 10;

/// The page.
pub fn render_html(context: &ReportContext, sections: &[Section]) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let title = match &context.as_of {
        Some(as_of) => format!("Backlog report as of {as_of}"),
        None => "Backlog report".to_owned(),
    };
    let script_hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; \
         img-src data:; script-src 'sha256-{script_hash}'\">\n\
         <meta name=\"generator\" content=\"refine {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape_html(&title)
    );
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape_html(&title));
    let _ =
        writeln!(out, "<p class=\"meta\">Inputs: {}</p>\n</header>", escape_html(&context.inputs.join(", ")));
    out.push_str("<nav>");
    for section in sections {
        let _ = write!(out, "<a href=\"#{}\">{}</a>", section.id, escape_html(section.title));
    }
    out.push_str("</nav>\n<main>\n");
    for section in sections {
        render_section(&mut out, section, context);
    }
    // The script's text exactly as hashed in the policy: no whitespace added around it.
    let _ = write!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

fn render_section(out: &mut String, section: &Section, context: &ReportContext) {
    let _ = writeln!(out, "<section id=\"{}\">\n<h2>{}</h2>", section.id, escape_html(section.title));
    if let Some(why) = &section.absent {
        let _ = writeln!(out, "<p class=\"absent\">Not in this report: {}</p>", escape_html(why));
    }
    if !section.figures.is_empty() {
        out.push_str("<dl class=\"figures\">\n");
        for figure in &section.figures {
            let _ = writeln!(
                out,
                "<div><dt>{}</dt><dd>{}</dd></div>",
                escape_html(&figure.label),
                escape_html(&figure.value)
            );
        }
        out.push_str("</dl>\n");
    }
    for chart in &section.charts {
        // The SVG is refine's own drawing (its texts are escaped by the chart renderer).
        let _ = writeln!(
            out,
            "<figure class=\"chart\" id=\"chart-{}\">\n{}\n</figure>",
            chart.name,
            chart.svg.trim()
        );
    }
    for view in table_views(section, context.max_rows) {
        render_table(out, &view);
    }
    if !section.warnings.is_empty() {
        out.push_str("<ul class=\"warnings\">\n");
        for warning in &section.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape_html(warning));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn render_table(out: &mut String, view: &TableView) {
    let records = view.records;
    let _ = writeln!(out, "<h3>{}</h3>", escape_html(&view.heading));
    if records.rows.is_empty() {
        out.push_str("<p class=\"note\">(none)</p>\n");
        return;
    }
    if records.rows.len() > FILTER_FROM_ROWS {
        let _ = writeln!(
            out,
            "<input class=\"filter\" type=\"search\" placeholder=\"Filter {}…\" aria-label=\"Filter {}\" data-table=\"{}\">",
            escape_html(&view.heading),
            escape_html(&view.heading),
            view.id
        );
    }
    let numeric = records.numeric_columns();
    let _ = write!(out, "<div class=\"scroll\"><table class=\"data\" id=\"{}\">\n<thead><tr>", view.id);
    for (column, name) in records.columns.iter().enumerate() {
        let class = if numeric[column] { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class} scope=\"col\">{}</th>", escape_html(name));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let keys: Vec<bool> =
        records.columns.iter().map(|name| name == "key" || name.starts_with("key_")).collect();
    for row in records.rows.iter().take(view.shown) {
        out.push_str("<tr>");
        for (cell, key) in row.iter().zip(&keys) {
            render_cell(out, cell, *key);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    if let Some(note) = &view.note {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape_html(note));
    }
}

fn render_cell(out: &mut String, cell: &Cell, key: bool) {
    let text = escape_html(&display_cell(cell));
    match cell {
        // The exact value for sorting; the rounded one for reading.
        Cell::Integer(_) | Cell::Number(_) => {
            let _ = write!(out, "<td class=\"num\" data-value=\"{}\">{text}</td>", cell.to_text());
        }
        _ if key => {
            let _ = write!(out, "<td class=\"key\">{text}</td>");
        }
        _ => {
            let _ = write!(out, "<td>{text}</td>");
        }
    }
}

/// `text` safe as HTML text and inside a quoted attribute, control characters replaced.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other if is_stray_control(other) => escaped.push('\u{FFFD}'),
            other => escaped.push(other),
        }
    }
    escaped
}
