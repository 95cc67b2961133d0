//! The ranked backlog as one line per item: rank, key and title (the full explanation opens on
//! click), the score as a bar, the chips of what drove it, the flags, and when it is done at
//! 85% confidence. It sorts and filters like every table of the page.

use std::fmt::Write;

use super::escape::safe_href;
use super::escape_html;
use super::table::{FOLD_AFTER_ROWS, filter_box, show_all_button};
use crate::report::anchors::{item_anchor, table_anchor};
use crate::report::attention::ordinal;
use crate::report::backlog_lines::BacklogLine;
use crate::report::links::ItemLinks;
use crate::report::reading::reading_date;

/// The table of the lines given, the first of `ranked` items (with a note naming the CSV when
/// items are left out).
pub(super) fn render_backlog(
    out: &mut String,
    lines: &[BacklogLine<'_>],
    links: &ItemLinks<'_>,
    ranked: usize,
) {
    let id = table_anchor("backlog", "ranking");
    if lines.is_empty() {
        let _ = writeln!(out, "<p class=\"note\" id=\"{id}\">No open item to rank.</p>");
        return;
    }
    if lines.len() > super::table::FILTER_FROM_ROWS {
        filter_box(out, &id, "the ranked backlog");
    }
    let _ = write!(
        out,
        "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Ranked backlog\">\
         <table class=\"data backlog\" id=\"{id}\" data-fold=\"{FOLD_AFTER_ROWS}\">\n\
         <thead><tr><th class=\"num\" scope=\"col\">Rank</th><th scope=\"col\">Item</th>\
         <th class=\"num\" scope=\"col\">Score</th><th scope=\"col\">Why</th><th scope=\"col\">Flags</th>\
         <th class=\"num\" scope=\"col\">Done by (85%)</th></tr></thead>\n<tbody>\n"
    );
    for line in lines {
        render_line(out, line, links);
    }
    out.push_str("</tbody></table></div>\n");
    show_all_button(out, &id, lines.len(), "items");
    if lines.len() < ranked {
        let _ = writeln!(
            out,
            "<p class=\"note\">The first {} of {ranked} ranked items; every item is in tables/rank-ranking.csv.</p>",
            lines.len()
        );
    }
}

fn render_line(out: &mut String, line: &BacklogLine<'_>, links: &ItemLinks<'_>) {
    let item = line.item;
    let _ = write!(
        out,
        "<tr id=\"{}\"><td class=\"num\" data-value=\"{}\">{}</td><td class=\"item\"><details><summary>",
        escape_html(&item_anchor(&item.key)),
        item.rank,
        item.rank
    );
    let key = escape_html(&item.key);
    match links.url(&item.key).and_then(safe_href) {
        Some(href) => {
            let _ = write!(out, "<a class=\"key\" href=\"{href}\">{key}</a>");
        }
        None => {
            let _ = write!(out, "<span class=\"key\">{key}</span>");
        }
    }
    if let Some(title) = &item.title {
        let _ = write!(out, " <span class=\"title\">{}</span>", escape_html(title));
    }
    out.push_str("</summary>");
    render_details(out, line);
    out.push_str("</details></td>");
    match (item.score, line.bar) {
        (Some(score), Some(bar)) => {
            let _ = write!(
                out,
                "<td class=\"num score\" data-value=\"{score}\"><span class=\"bar\" aria-hidden=\"true\">\
                 <span style=\"width:{:.0}%\"></span></span>{score:.2}</td>",
                bar * 100.0
            );
        }
        _ => out.push_str("<td class=\"num score\" data-value=\"\">–</td>"),
    }
    out.push_str("<td class=\"chips\">");
    for chip in &line.chips {
        let _ = write!(out, "<span class=\"chip\">{}</span>", escape_html(chip));
    }
    out.push_str("</td><td class=\"badges\">");
    for badge in &line.badges {
        let _ = write!(
            out,
            "<span class=\"badge {}\" title=\"{}\">{}</span>",
            badge.class(),
            escape_html(&badge.detail()),
            badge.label()
        );
    }
    out.push_str("</td>");
    match &line.lands {
        Some(lands) => {
            let _ = write!(
                out,
                "<td class=\"num\" data-value=\"{}\" title=\"{} {}\">{}</td>",
                lands.period,
                lands.period_name,
                lands.period,
                escape_html(&reading_date(lands.date))
            );
        }
        None => out.push_str("<td class=\"num\" data-value=\"\">–</td>"),
    }
    out.push_str("</tr>\n");
}

/// What opens on click: how the score came about, and the item's facts.
fn render_details(out: &mut String, line: &BacklogLine<'_>) {
    let item = line.item;
    out.push_str("<div class=\"more\">");
    let _ = write!(out, "<p>{}</p>", escape_html(&item.explanation));
    let mut facts: Vec<String> = Vec::new();
    let named = [("Type", &item.item_type), ("Status", &item.status), ("Priority", &item.priority)];
    for (name, value) in named {
        if let Some(value) = value {
            facts.push(format!("{name}: {}", escape_html(value)));
        }
    }
    if let Some(ahead) = &item.moved_ahead_of {
        facts.push(format!("Moved ahead of {} because it blocks it", escape_html(ahead)));
    }
    if !item.blocked_by.is_empty() {
        facts.push(format!("Blocked by {}", escape_html(&item.blocked_by.join(", "))));
    }
    if !item.blocks.is_empty() {
        facts.push(format!("Blocks {}", escape_html(&item.blocks.join(", "))));
    }
    if let Some(previous) = item.previous_rank {
        facts.push(format!("Previously {}", ordinal(previous)));
    }
    for badge in &line.badges {
        facts.push(escape_html(&badge.detail()));
    }
    if let Some(lands) = &line.lands {
        facts.push(format!(
            "Done at 85% confidence by {} ({} {})",
            escape_html(&reading_date(lands.date)),
            lands.period_name,
            lands.period
        ));
    }
    if !facts.is_empty() {
        let _ = write!(out, "<p class=\"facts\">{}</p>", facts.join(" · "));
    }
    out.push_str("</div>");
}
