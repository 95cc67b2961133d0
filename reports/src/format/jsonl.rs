//! JSON Lines: one record per line, the main table, field names as in JSON.

use std::io::{self, Write};

use crate::control_characters::JsonControlEscaper;
use crate::records::TableRows;

/// Writes `table` as JSON Lines into `out`, one line per row as it is read; returns how many
/// rows it wrote.
pub fn write_jsonl(table: &dyn TableRows, out: &mut dyn Write) -> io::Result<usize> {
    let mut out = JsonControlEscaper::new(out);
    let columns = table.columns();
    let mut rows = 0;
    table.try_for_each_row(&mut |cells| {
        rows += 1;
        serde_json::to_writer(&mut out, &crate::records::JsonRow::new(columns, cells))?;
        out.write_all(b"\n")
    })?;
    out.finish()?;
    Ok(rows)
}
