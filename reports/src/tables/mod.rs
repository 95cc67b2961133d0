//! The named tables of each analysis, as every output shows them: the commands' `--format`
//! documents, and the CSV/JSON files, Markdown and HTML of `refine report`. One place decides
//! which tables an analysis has, their names and their rows, so a table reads the same
//! wherever it appears.

mod agenda;
mod delivery;
mod estimates;
mod forecast;
mod health;
mod rank;

pub use agenda::agenda_tables;
pub use delivery::{delivery_tables, delivery_warnings};
pub use estimates::{estimates_tables, estimates_warnings};
pub use forecast::backlog_forecast_tables;
pub use health::{health_tables, health_warnings};
pub use rank::rank_tables;

use crate::records::Records;

/// Tables by name, the main one first.
pub type NamedTables = Vec<(&'static str, Records)>;

/// The columns of each table of an analysis, by table name.
type Columns = &'static [(&'static str, &'static [&'static str])];

/// `table` headed by its declared columns when it has no row. The columns of a table come from
/// its records, and a table without records would have none: its CSV would be an empty file a
/// spreadsheet or a script cannot read, where a header row says what the table holds.
fn headed(columns: Columns, (name, mut records): (&'static str, Records)) -> (&'static str, Records) {
    if records.rows.is_empty()
        && let Some((_, declared)) = columns.iter().find(|(table, _)| *table == name)
    {
        records.columns = declared.iter().map(|column| (*column).to_owned()).collect();
    }
    (name, records)
}

#[cfg(test)]
mod tests;
