//! Reference tables for people: the input formats refine detects and the canonical tables with
//! their columns, as Markdown. The README embeds them and a test keeps it in sync.

use std::fmt::Write;

use refine_engine::load::FORMATS;
use refine_engine::model::{ColumnType, Table};

/// The input formats, one row each, in detection order.
pub fn formats_markdown() -> String {
    let mut out = String::from("| format | what |\n|---|---|\n");
    for info in FORMATS {
        let _ = writeln!(out, "| `{}` | {} |", info.name, info.description);
    }
    out
}

/// Every canonical table with its columns, types and meanings; required columns in bold.
pub fn canonical_tables_markdown() -> String {
    let mut out = String::new();
    for table in Table::ALL {
        let _ = writeln!(out, "**{table}**\n\n| column | type | meaning |\n|---|---|---|");
        for column in table.columns() {
            let name =
                if column.required { format!("**`{}`**", column.name) } else { format!("`{}`", column.name) };
            let _ = writeln!(out, "| {name} | {} | {} |", type_name(column.column_type), column.description);
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn type_name(column_type: ColumnType) -> &'static str {
    match column_type {
        ColumnType::Text => "text",
        ColumnType::Integer => "integer",
        ColumnType::Number => "number",
        ColumnType::Boolean => "boolean",
        ColumnType::Timestamp => "timestamp",
        ColumnType::TextList => "list of text",
    }
}
