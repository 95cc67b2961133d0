//! A table of the page: human headers, values for reading (the exact value kept for sorting),
//! a filter box above long tables, and the rows after the first [`FOLD_AFTER_ROWS`] folded
//! behind a "Show all" button (the page's script folds them; without it, and in print, every
//! row shows). Tables other than a section's main one start closed under their heading.

use std::fmt::Write;

use super::escape_html;
use crate::records::Cell;
use crate::report::TableView;
use crate::report::reading::{human_header, reading_text, sort_value};

/// Tables longer than this get a filter box.
pub(super) const FILTER_FROM_ROWS: usize = 10;

/// Rows shown before "Show all".
pub(super) const FOLD_AFTER_ROWS: usize = 20;

/// The filter box of table `id`.
pub(super) fn filter_box(out: &mut String, id: &str, what: &str) {
    let _ = writeln!(
        out,
        "<input class=\"filter\" type=\"search\" placeholder=\"Filter {what}…\" aria-label=\"Filter {what}\" \
         data-table=\"{id}\">"
    );
}

/// The "Show all" button of table `id`, when it has rows to fold.
pub(super) fn show_all_button(out: &mut String, id: &str, rows: usize, noun: &str) {
    if rows > FOLD_AFTER_ROWS {
        let _ = writeln!(
            out,
            "<button type=\"button\" class=\"show-all\" data-table=\"{id}\" aria-expanded=\"false\">\
             Show all {rows} {noun}</button>"
        );
    }
}

/// One table under its heading. A table that is not `open` is folded behind its heading (a
/// `<details>` a reader opens), so a section reads as its figures and charts first.
pub(super) fn render_table(out: &mut String, view: &TableView, open: bool) {
    let records = view.records;
    let heading = escape_html(&view.heading);
    let rows = records.rows.len();
    let count = if rows == 1 { "1 row".to_owned() } else { format!("{rows} rows") };
    let _ = writeln!(
        out,
        "<details class=\"table\"{}><summary><h3>{heading}</h3><span class=\"rows\">{count}</span></summary>",
        if open { " open" } else { "" }
    );
    render_rows(out, view, &heading);
    out.push_str("</details>\n");
}

fn render_rows(out: &mut String, view: &TableView, heading: &str) {
    let records = view.records;
    if records.rows.is_empty() {
        let _ = writeln!(out, "<p class=\"note\" id=\"{}\">None.</p>", view.id);
        return;
    }
    if records.rows.len() > FILTER_FROM_ROWS {
        filter_box(out, &view.id, &heading.to_lowercase());
    }
    let numeric = records.numeric_columns();
    let _ = write!(
        out,
        "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{heading}\">\
         <table class=\"data\" id=\"{}\" data-fold=\"{FOLD_AFTER_ROWS}\">\n<thead><tr>",
        view.id
    );
    for (column, name) in records.columns.iter().enumerate() {
        let class = if numeric[column] { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class} scope=\"col\">{}</th>", escape_html(&human_header(name)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let keys: Vec<bool> =
        records.columns.iter().map(|name| name == "key" || name.starts_with("key_")).collect();
    for row in records.rows.iter().take(view.shown) {
        out.push_str("<tr>");
        for ((cell, key), column) in row.iter().zip(&keys).zip(&records.columns) {
            render_cell(out, column, cell, *key);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    show_all_button(out, &view.id, view.shown, "rows");
    if let Some(note) = &view.note {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape_html(note));
    }
}

fn render_cell(out: &mut String, column: &str, cell: &Cell, key: bool) {
    let text = escape_html(&reading_text(column, cell));
    let class = match cell {
        Cell::Integer(_) | Cell::Number(_) => " class=\"num\"",
        _ if key => " class=\"key\"",
        _ => "",
    };
    // The exact value for sorting, when it differs from the text read.
    match sort_value(cell) {
        Some(value) => {
            let _ = write!(out, "<td{class} data-value=\"{}\">{text}</td>", escape_html(&value));
        }
        None => {
            let _ = write!(out, "<td{class}>{text}</td>");
        }
    }
}
