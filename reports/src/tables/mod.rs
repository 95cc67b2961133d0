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
