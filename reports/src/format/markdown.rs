//! Markdown to paste into a wiki: a heading and a pipe table per table, then the warnings.
//! Text from inputs is escaped so that a title cannot break the table or turn into markup or
//! HTML (`|`, `*`, `_`, `[`, `` ` ``, `<`, `>`, `&`, line breaks).

use std::fmt::Write;

use super::Document;
use super::table::display_cell;
use crate::control_characters::is_stray_control;

/// A pipe table of cells already escaped, numeric columns right-aligned.
pub(crate) fn pipe_table(out: &mut String, header: &[String], numeric: &[bool], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let rule: Vec<&str> = numeric.iter().map(|&numeric| if numeric { "---:" } else { "---" }).collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
}

/// Every table of the document as Markdown.
pub fn render_tables(document: &Document) -> String {
    let mut out = String::new();
    for (index, (name, records)) in document.tables.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "### {}\n", escape_markdown(name));
        if records.rows.is_empty() {
            // A header row alone renders as a table that looks cut off; a sentence says it.
            out.push_str("_No rows._\n");
            continue;
        }
        let header: Vec<String> = records.columns.iter().map(|column| escape_markdown(column)).collect();
        let rows: Vec<Vec<String>> = records
            .rows
            .iter()
            .map(|row| row.iter().map(|cell| escape_markdown(&display_cell(cell))).collect())
            .collect();
        pipe_table(&mut out, &header, &records.numeric_columns(), &rows);
    }
    if !document.warnings.is_empty() {
        out.push_str("\n**Warnings**\n\n");
        for warning in document.warnings {
            let _ = writeln!(out, "- {}", escape_markdown(warning));
        }
    }
    out
}

/// `text` safe inside a Markdown table cell.
pub fn escape_markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' | '|' | '*' | '_' | '[' | ']' | '`' | '#' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '\r' => {}
            '\n' => escaped.push(' '),
            other if is_stray_control(other) => escaped.push('\u{FFFD}'),
            other => escaped.push(other),
        }
    }
    escaped
}
