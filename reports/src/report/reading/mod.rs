//! The report's tables for people: a human header for every column, each value as it reads
//! best (dates as dates, flags as ✓ / –, numbers rounded, vocabulary as words), and the exact
//! value a sortable table sorts by. Only the HTML page and the Markdown file use these; the CSV
//! and JSON files keep the snake_case columns and exact values, which are their contract.
//!
//! What a column is called and how its values read is decided once, per column name, in
//! [`columns`] (its documentation has the table of kinds). The texts returned are not escaped:
//! the renderer escapes them for HTML or Markdown.

mod columns;
mod dates;
mod numbers;

pub(crate) use self::numbers::decimal;
mod values;

use std::borrow::Cow;

use crate::records::Cell;

/// The header people read for `column`: curated for every column the report shows
/// (`predictability_cv` → `Predictability (CV)`, `say_do` → `Say/do`, `p85_days` →
/// `P85 (days)`); for any other, its words with the first letter upper case
/// (`some_new_column` → `Some new column`).
pub(crate) fn human_header(column: &str) -> Cow<'static, str> {
    columns::curated(column)
        .map_or_else(|| Cow::Owned(columns::fallback_header(column)), |(header, _)| header)
}

/// `cell` of `column` as people read it: `2026-06-01T00:00:00Z` → `1 Jun 2026`, true → `✓`,
/// false → `–`, a score `0.9831…` → `0.98`, days `367.21…` → `367.2`, a share `0.966…` → `97%`,
/// a count `149000` → `149 000` (grouped by a narrow no-break space), `not_worth_pursuing` →
/// `not worth pursuing`, a list joined with `, ` (reasons with `; `), no value `–`. Text is on one line (line
/// breaks as spaces, stray control characters replaced) and not escaped.
pub(crate) fn reading_text(column: &str, cell: &Cell) -> String {
    values::or_nothing(values::read(columns::kind(column), cell))
}

/// An ISO 8601 date or timestamp for reading: the day, with the time of day (to the minute)
/// when it is not midnight: `2026-06-01T00:00:00Z` → `1 Jun 2026`, `2026-11-13T17:59:00Z` →
/// `13 Nov 2026, 17:59`. A UTC time is shown without a zone, another offset as written. Text
/// that is not such a date is returned as it is.
pub(crate) fn reading_date(iso: &str) -> String {
    dates::Moment::parse(iso).map_or_else(|| iso.to_owned(), |moment| moment.moment_text())
}

/// The value a sortable table sorts `cell` by, where it differs from the text shown
/// ([`reading_text`]): a number's exact value as Rust writes it (`0.9831932773109243`,
/// `149000`), an ISO date or timestamp as it is (ISO text sorts in time order), a flag as
/// `true` / `false`, no value as empty (sorted last among numbers). `None` for other text,
/// lists and nested records: they sort by the text shown.
pub(crate) fn sort_value(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Null => Some(String::new()),
        Cell::Integer(_) | Cell::Number(_) | Cell::Boolean(_) => Some(cell.to_text()),
        Cell::Text(text) => dates::Moment::parse(text).map(|_| text.clone()),
        Cell::List(_) | Cell::Object(_) => None,
    }
}

#[cfg(test)]
mod tests;
