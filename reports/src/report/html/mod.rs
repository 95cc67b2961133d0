//! `index.html`: the whole report in one self-contained file, in the order a product manager
//! reads it before a session: what needs a decision, the key figures with what they mean,
//! then the agenda, the ranked backlog (one line per item), the forecast, delivery, health and
//! estimation with their charts, each chart with how to read it. Styles and the page's script
//! are inline, charts are inline SVG, and nothing is fetched: the page's
//! Content-Security-Policy allows no network at all and only the one script whose hash it
//! names, so even text that escaped escaping could not run. Every text from the inputs goes
//! through [`escape_html`].
//!
//! Tables sort when a header is clicked and filter as one types in the box above them; long
//! tables fold after their first rows behind "Show all"; the page follows the system's dark
//! mode and prints every row.

mod attention;
mod backlog;
mod escape;
mod quality;
mod table;

use std::fmt::Write;

use base64::Engine;
use sha2::{Digest, Sha256};

use super::page::{Page, title};
use super::sections::Section;
use super::{ReportContext, table_views};
pub use crate::escape::escape_html;

const STYLE: &str = include_str!("../report.css");
const SCRIPT: &str = include_str!("../report.js");

/// The tables shown open: the session's plan. The others open on click (the ranked backlog is
/// its lines, always shown).
const OPEN_TABLES: [&str; 1] = ["table-agenda-agenda"];

/// The page.
pub(crate) fn render_html(context: &ReportContext, page: &Page<'_>) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let title = title(context);
    let script_hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; \
         img-src data:; script-src 'sha256-{script_hash}'\">\n\
         <meta name=\"generator\" content=\"refine {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape_html(&title)
    );
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape_html(&title));
    let _ =
        writeln!(out, "<p class=\"meta\">From {}</p>\n</header>", escape_html(&context.inputs.join(", ")));
    out.push_str("<nav aria-label=\"Sections\"><a href=\"#attention\">Needs a decision</a>");
    for section in page.sections {
        let _ = write!(out, "<a href=\"#{}\">{}</a>", section.id, escape_html(section.title));
    }
    out.push_str("</nav>\n<main>\n");
    attention::render_attention(&mut out, page.attention);
    for section in page.sections {
        render_section(&mut out, section, context, page);
    }
    // The script's text exactly as hashed in the policy: no whitespace added around it.
    let _ = write!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

fn render_section(out: &mut String, section: &Section, context: &ReportContext, page: &Page<'_>) {
    let _ = writeln!(out, "<section id=\"{}\">\n<h2>{}</h2>", section.id, escape_html(section.title));
    if let Some(why) = &section.absent {
        let _ = writeln!(out, "<p class=\"absent\">Not in this report: {}</p>", escape_html(why));
    }
    if !section.figures.is_empty() {
        out.push_str("<dl class=\"figures\">\n");
        for figure in &section.figures {
            let _ = write!(
                out,
                "<div><dt>{}</dt><dd>{}</dd>",
                escape_html(&figure.label),
                escape_html(&figure.value)
            );
            if let Some(reading) = &figure.reading {
                let _ = write!(out, "<dd class=\"reading\">{}</dd>", escape_html(reading));
            }
            out.push_str("</div>\n");
        }
        out.push_str("</dl>\n");
    }
    match section.id {
        "backlog" => backlog::render_backlog(out, page.lines, &page.links, page.ranked),
        "quality" => quality::render_quality(out, page.quality),
        _ => {}
    }
    if !section.charts.is_empty() {
        out.push_str("<div class=\"charts\">\n");
    }
    for chart in &section.charts {
        // The SVG is refine's own drawing (its texts are escaped by the chart renderer).
        let _ = writeln!(out, "<figure class=\"chart\" id=\"chart-{}\">\n{}", chart.name, chart.svg.trim());
        let _ = writeln!(
            out,
            "<figcaption><strong>How to read this:</strong> {}</figcaption>",
            escape_html(&chart.how_to_read)
        );
        out.push_str("</figure>\n");
    }
    if !section.charts.is_empty() {
        out.push_str("</div>\n");
    }
    let views = table_views(section, context.max_rows);
    // The ranked backlog's own table is the lines above; its other tables follow.
    let views = views.iter().filter(|view| !(section.id == "backlog" && view.id == "table-backlog-ranking"));
    for view in views {
        table::render_table(out, view, OPEN_TABLES.contains(&view.id.as_str()));
    }
    if !section.warnings.is_empty() {
        out.push_str("<h3>Notes</h3>\n<ul class=\"warnings\">\n");
        for warning in &section.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape_html(warning));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}
