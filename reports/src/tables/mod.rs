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

use serde::Serialize;

use crate::records::{RecordRows, Records, TableRows};

/// Tables held whole as cells, by name, the main one first: what the views that show every row
/// at once (the terminal, Markdown, the report's page) read.
pub type NamedTables = Vec<(&'static str, Records)>;

/// A table read row by row from the analysis' results, by name.
pub type TableSource<'a> = (&'static str, Box<dyn TableRows + 'a>);

/// Tables read row by row, the main one first: what the file writers read, one row at a time.
pub type TableSources<'a> = Vec<TableSource<'a>>;

/// The columns of each table of an analysis, by table name.
type Columns = &'static [(&'static str, &'static [&'static str])];

/// The table `name` over `records`, read row by row. A table without records is headed by its
/// declared columns: the columns of a table come from its records, and a table without
/// records would have none; its CSV would be an empty file a spreadsheet or a script cannot
/// read, where a header row says what the table holds.
fn source<'a, T, S>(columns: Columns, name: &'static str, records: S) -> TableSource<'a>
where
    T: Serialize + 'a,
    S: AsRef<[T]> + Sync + 'a,
{
    let declared =
        columns.iter().find(|(table, _)| *table == name).map_or(&[][..], |(_, declared)| *declared);
    (name, Box::new(RecordRows::new(records, declared)))
}

/// The table `name` over `records`, read row by row; its columns are its records' fields (a
/// table no analysis declares, such as a command's extra result).
pub fn table_of<'a, T, S>(name: &'static str, records: S) -> TableSource<'a>
where
    T: Serialize + 'a,
    S: AsRef<[T]> + Sync + 'a,
{
    source(&[], name, records)
}

/// Each table held whole as cells.
pub fn whole(tables: TableSources) -> NamedTables {
    tables.into_iter().map(|(name, rows)| (name, rows.to_records())).collect()
}

#[cfg(test)]
mod tests;
