//! A date axis: positions are days since 1970-01-01 00:00 UTC (fractions within the day), and
//! the ticks plotters chooses are labelled as the UTC date (`2026-03-01`).

use std::ops::Range;

use refine_engine::model::dates::{DAY_MS, iso_day, parse_timestamp};

use super::layout::Ticks;

/// The ticks of a date axis.
pub(crate) struct DateAxis;

/// Few enough labels of ten characters to fit the narrowest chart.
const TICKS: usize = 6;

impl Ticks for DateAxis {
    fn tick_count(&self) -> usize {
        TICKS
    }

    /// The date of a tick on a whole day; nothing for a tick within a day (on an axis of a few
    /// days, where plotters puts ticks at fractions).
    fn at(&self, value: f64) -> String {
        if (value - value.round()).abs() > 1e-6 {
            return String::new();
        }
        date_of(value)
    }

    fn has_grid(&self) -> bool {
        true
    }
}

/// The axis position of an instant (UTC milliseconds).
pub(crate) fn day_number(millis: i64) -> f64 {
    millis as f64 / DAY_MS as f64
}

/// The axis position of a date (`2026-03-01`, midnight UTC); `None` when it is not a date.
pub(crate) fn date_day_number(date: &str) -> Option<f64> {
    parse_timestamp(date).map(day_number)
}

/// The UTC date (`2026-03-01`) of an axis position.
pub(crate) fn date_of(day: f64) -> String {
    iso_day((day.floor() * DAY_MS as f64) as i64)
}

/// The x range showing `first` to `last` (positions), with a little room on both sides: 3% of
/// the span, at least a day.
pub(crate) fn range(first: f64, last: f64) -> Range<f64> {
    let room = ((last - first) * 0.03).max(1.0);
    first - room..last + room
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_the_epoch_read_as_dates() {
        // 2026-01-05 is 20,458 days after 1970-01-01.
        assert_eq!(date_day_number("2026-01-05"), Some(20_458.0));
        assert_eq!(day_number(20_458 * DAY_MS + DAY_MS / 2), 20_458.5);
        assert_eq!((DateAxis.at(20_458.0), DateAxis.at(20_458.5)), ("2026-01-05".into(), String::new()));
        assert_eq!(date_day_number("soon"), None);
        assert_eq!(date_of(20_458.75), "2026-01-05");
        assert_eq!(range(100.0, 200.0), 97.0..203.0);
        assert_eq!(range(100.0, 100.0), 99.0..101.0);
    }
}
