//! ISO 8601 dates and timestamps as people read them: `2026-06-01T00:00:00Z` → `1 Jun 2026`,
//! `2026-11-13T17:59:00Z` → `13 Nov 2026, 17:59` where the time of day matters.
//!
//! Only what refine writes is read (`YYYY-MM-DD`, optionally `T` or a space, `HH:MM`, optional
//! seconds and fraction, and `Z` or an offset `±HH:MM`); anything else is not a date here and
//! is shown as it is.

/// Month abbreviations, January first.
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A date, and its time of day when the text had one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Moment<'a> {
    year: u32,
    month: u32,
    day: u32,
    /// Hours, minutes, seconds.
    time: Option<(u32, u32, u32)>,
    /// The UTC offset as written (`+02:00`); `None` for `Z` or none.
    offset: Option<&'a str>,
}

impl<'a> Moment<'a> {
    /// The date `iso` names, if it is one as described in the module documentation.
    pub(super) fn parse(iso: &'a str) -> Option<Moment<'a>> {
        let date = iso.get(..10)?;
        let (year, month, day) =
            (number(date.get(..4)?)?, number(date.get(5..7)?)?, number(date.get(8..10)?)?);
        if date.as_bytes()[4] != b'-' || date.as_bytes()[7] != b'-' || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let rest = iso.get(10..)?;
        let mut moment = Moment { year, month, day, time: None, offset: None };
        if rest.is_empty() {
            return Some(moment);
        }
        let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
        let (clock, offset) = split_offset(rest)?;
        moment.time = Some(time(clock)?);
        moment.offset = offset;
        Some(moment)
    }

    /// `1 Jun 2026`.
    pub(super) fn day_text(&self) -> String {
        format!("{} {} {}", self.day, MONTHS[self.month as usize - 1], self.year)
    }

    /// `13 Nov 2026, 17:59` (and the offset when it is not UTC: `13 Nov 2026, 17:59 +02:00`);
    /// the day alone at midnight or without a time.
    pub(super) fn moment_text(&self) -> String {
        match self.time {
            Some((hour, minute, second)) if (hour, minute, second) != (0, 0, 0) => {
                let offset = self.offset.map(|offset| format!(" {offset}")).unwrap_or_default();
                format!("{}, {hour:02}:{minute:02}{offset}", self.day_text())
            }
            _ => self.day_text(),
        }
    }
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` as hours, minutes, seconds.
fn time(clock: &str) -> Option<(u32, u32, u32)> {
    let (hour, minute) = (number(clock.get(..2)?)?, number(clock.get(3..5)?)?);
    if clock.as_bytes()[2] != b':' || hour > 23 || minute > 59 {
        return None;
    }
    let second = match clock.get(5..)? {
        "" => 0,
        seconds => {
            let seconds = seconds.strip_prefix(':')?;
            let (whole_seconds, fraction) = seconds.split_once('.').unwrap_or((seconds, "0"));
            let second = number(whole_seconds).filter(|_| whole_seconds.len() == 2)?;
            // A leap second (60) is a valid ISO time.
            if second > 60 || number(fraction).is_none() {
                return None;
            }
            second
        }
    };
    Some((hour, minute, second))
}

/// The clock and the offset of a timestamp's time part: `17:59:00Z` → (`17:59:00`, none),
/// `17:59:00+02:00` → (`17:59:00`, `+02:00`), `17:59` → (`17:59`, none).
fn split_offset(rest: &str) -> Option<(&str, Option<&str>)> {
    if let Some(clock) = rest.strip_suffix('Z') {
        return Some((clock, None));
    }
    match rest.len().checked_sub(6).and_then(|at| rest.get(at..).map(|offset| (at, offset))) {
        Some((at, offset)) if offset.starts_with(['+', '-']) => {
            let valid = offset.get(1..3).and_then(number).is_some_and(|hours| hours <= 23)
                && offset.as_bytes()[3] == b':'
                && offset.get(4..6).and_then(number).is_some_and(|minutes| minutes <= 59);
            valid.then_some((&rest[..at], Some(offset)))
        }
        _ => Some((rest, None)),
    }
}

/// ASCII digits only (no sign, no space) as a number.
fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::reading::reading_date;

    #[test]
    fn a_timestamp_reads_as_its_day_and_its_time_when_it_matters() {
        assert_eq!(reading_date("2026-06-01T00:00:00Z"), "1 Jun 2026");
        assert_eq!(reading_date("2026-11-13T17:59:00Z"), "13 Nov 2026, 17:59");
        assert_eq!(reading_date("2026-11-13T17:59:30.250Z"), "13 Nov 2026, 17:59");
        assert_eq!(reading_date("2026-11-13T00:00:30Z"), "13 Nov 2026, 00:00");
        assert_eq!(reading_date("2026-11-13 08:05"), "13 Nov 2026, 08:05");
        assert_eq!(reading_date("2026-11-13T17:59:00+02:00"), "13 Nov 2026, 17:59 +02:00");
        assert_eq!(reading_date("2026-11-13T00:00:00-05:00"), "13 Nov 2026");
    }

    #[test]
    fn a_date_reads_as_its_day() {
        assert_eq!(reading_date("2028-11-12"), "12 Nov 2028");
        assert_eq!(reading_date("2028-02-29"), "29 Feb 2028");
        assert_eq!(reading_date("2025-12-31"), "31 Dec 2025");
        assert_eq!(reading_date("0999-01-05"), "5 Jan 999");
    }

    #[test]
    fn text_that_is_not_a_date_is_kept() {
        for text in [
            "",
            "2026-W33",
            "2026-13-01",
            "2026-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026-06-00",
            "2026/06/01",
            "2026-06-01T",
            "2026-06-01T24:00:00Z",
            "2026-06-01T12:60Z",
            "2026-06-01T12:00:0Z",
            "2026-06-01T12:00:00.Z",
            "2026-06-01T12:00:00+2:00",
            "2026-06-01x",
            "+2026-06-01",
            "2026-06-01 and more",
            "SHOP-140",
            "1 Jun 2026",
            "२०२६-06-01",
            "2026é06-01",
            "2026-06-01T12é00Z",
            "2026-06-01T12:00+0é:00",
        ] {
            assert_eq!(reading_date(text), text, "{text:?}");
            assert_eq!(Moment::parse(text), None, "{text:?}");
        }
    }
}
