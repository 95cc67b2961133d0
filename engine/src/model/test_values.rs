//! Assertion helpers the analyses' tests share: instants written as dates, figures compared
//! with a tolerance. (Frames are written with [`super::test_frame`].)
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
