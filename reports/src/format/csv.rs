//! CSV: RFC 4180 quoting, UTF-8, a header row (an empty table too: the header says what it
//! would hold), `.` decimals, ISO 8601 dates, empty cells for missing values.
//!
//! CSV files are opened in spreadsheets, which run a cell that starts with `=`, `+`, `-` or `@`
//! (or a tab or carriage return) as a formula: a title like `=HYPERLINK("http://evil", "x")`
//! would. Such text cells get a leading `'`, the neutralisation OWASP recommends; numbers are
//! left alone (`-3` is a number, not a formula).

use std::io::{self, Write};

use crate::control_characters::replace_control_characters;
use crate::records::{Cell, Records, TableRows};

/// The CSV bytes of `records`, text cells guarded against formula injection.
pub fn render_csv(records: &Records) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_csv(records, &mut bytes);
    bytes
}

/// Writes `table` as CSV into `out`, row by row, text cells guarded against formula injection;
/// returns how many rows it wrote.
pub fn write_csv(table: &dyn TableRows, out: &mut dyn Write) -> io::Result<usize> {
    let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(out);
    // A table without columns has no header to write (the csv crate would write `""`, a column
    // with an empty name).
    if !table.columns().is_empty() {
        writer
            .write_record(table.columns().iter().map(|column| neutralise_formula(column)))
            .map_err(io_error)?;
    }
    let mut rows = 0;
    table.try_for_each_row(&mut |row| {
        rows += 1;
        let cells = row.iter().map(|cell| match cell {
            Cell::Text(text) => neutralise_formula(text),
            Cell::List(_) | Cell::Object(_) => neutralise_formula(&cell.to_text()),
            other => other.to_text(),
        });
        writer.write_record(cells).map_err(io_error)
    })?;
    writer.flush()?;
    Ok(rows)
}

/// The csv crate's error as the I/O error it carries, so that a closed pipe stays a closed pipe
/// (`refine ... | head` ends quietly); its other errors (rows of unequal length, which aligned
/// rows never have) as text.
fn io_error(error: ::csv::Error) -> io::Error {
    match error.into_kind() {
        ::csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// `text` with a leading `'` when a spreadsheet would take it for a formula, and its control
/// characters replaced.
pub fn neutralise_formula(text: &str) -> String {
    let text = replace_control_characters(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.into_owned() }
}
