//! The terminal view: each table under its name, columns aligned (numbers to the right), long
//! text cut, numbers rounded for reading; then the warnings.

use std::fmt::Write;

use super::Document;
use crate::control_characters::replace_control_characters;
use crate::records::Cell;

/// What stands for a table without rows: a sentence, so that it cannot be read as a value.
const EMPTY_TABLE: &str = "(no rows)\n";

/// Longest text shown in a terminal cell.
const CELL_WIDTH: usize = 60;

/// Every table of the document, aligned.
pub fn render_tables(document: &Document) -> String {
    let mut out = String::new();
    for (index, (name, records)) in document.tables.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if document.tables.len() > 1 {
            let _ = writeln!(out, "{name}");
        }
        if records.rows.is_empty() {
            out.push_str(EMPTY_TABLE);
            continue;
        }
        let cells: Vec<Vec<String>> = records
            .rows
            .iter()
            .map(|row| row.iter().map(|cell| cut(&display_cell(cell))).collect())
            .collect();
        let widths: Vec<usize> = (0..records.columns.len())
            .map(|column| {
                let header = records.columns[column].chars().count();
                cells.iter().map(|row| row[column].chars().count()).max().unwrap_or(0).max(header)
            })
            .collect();
        let numeric = records.numeric_columns();
        let line = |values: &[String]| {
            let padded: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(column, value)| {
                    let width = widths[column];
                    if numeric[column] { format!("{value:>width$}") } else { format!("{value:<width$}") }
                })
                .collect();
            padded.join("  ").trim_end().to_owned()
        };
        let _ = writeln!(out, "{}", line(&records.columns));
        for row in &cells {
            let _ = writeln!(out, "{}", line(row));
        }
    }
    for warning in document.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    out
}

/// A cell as people read it: numbers with at most two decimals, lists joined, line breaks
/// as spaces.
pub fn display_cell(cell: &Cell) -> String {
    match cell {
        Cell::Number(number) => {
            let rounded = format!("{number:.2}");
            rounded.trim_end_matches('0').trim_end_matches('.').to_owned()
        }
        other => replace_control_characters(&other.to_text()).replace(['\r', '\n'], " "),
    }
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(CELL_WIDTH) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
