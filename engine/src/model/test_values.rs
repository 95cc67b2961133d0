//! Assertion helpers the analyses' tests share: instants written as dates, figures compared
//! with a tolerance, history rows written as tuples (frames are built by [`super::test_frame`]).
#![allow(clippy::unwrap_used)]

/// Asserts a figure equals a hand-computed value.
pub fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.unwrap();
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

/// Milliseconds of an ISO date-time (`2024-01-02T09:00:00Z`) or date (`2024-01-02`).
/// Any year is read, also those the loaders refuse (for tests of such dates).
pub fn ms(text: &str) -> i64 {
    if text.len() == 10 {
        let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis()
    } else {
        chrono::DateTime::parse_from_rfc3339(text).unwrap().timestamp_millis()
    }
}

/// One row of the history table from `(key, at, field, from, to)`; an empty text is null.
pub fn history_row(key: &str, at: &str, field: &str, from: &str, to: &str) -> super::test_frame::TestRow {
    use super::history;
    fn text(value: &str) -> Option<&str> {
        Some(value).filter(|value| !value.is_empty())
    }
    super::test_frame::TestRow::new()
        .text_or_null(history::KEY, text(key))
        .millis(history::AT, ms(at))
        .text_or_null(history::FIELD, text(field))
        .text_or_null(history::FROM, text(from))
        .text_or_null(history::TO, text(to))
}

/// The history frame of `(key, at, field, from, to)` rows ([`history_row`]).
pub fn history_frame(rows: &[(&str, &str, &str, &str, &str)]) -> polars::prelude::DataFrame {
    let rows: Vec<_> = rows.iter().map(|row| history_row(row.0, row.1, row.2, row.3, row.4)).collect();
    super::test_frame::frame(super::Table::History, &rows)
}
