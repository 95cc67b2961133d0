//! Dates and times as UTC milliseconds: parsing the forms trackers export, writing instants and
//! days back as ISO 8601, and the calendar arithmetic the analyses share (the day length,
//! milliseconds as days, ISO weeks from Monday 00:00 UTC).
//!
//! Parsing is hand-written, because it runs on millions of cells and chrono's format-string
//! parser is several times slower. A fast path reads the two ISO forms most files use from fixed
//! positions; a general parser reads every form we meet, and decides whatever the fast path
//! refuses (a property test checks that the two agree):
//! - ISO 8601 / RFC 3339: `2024-01-12`, `2024-01-12T15:45`, `2024-01-12 15:45:07`,
//!   `2024-01-12T15:45:07.123Z`, with an offset `+01:00`, `+0100` or `-05`;
//! - Jira's export form `12/Jan/24 3:45 PM` (`dd/MMM/yy h:mm a`) and its date form `12/Jan/24`,
//!   also with a four-digit year;
//! - the US form Azure DevOps and spreadsheets write: `1/12/2024 3:45:07 PM`, `1/12/2024 15:45`,
//!   `1/12/2024`.
//!
//! A time without an offset is taken as UTC (Jira's CSV export writes UTC; TAWOS states UTC).

use chrono::{Datelike, Days, NaiveDate};

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// A span of milliseconds in days (a fraction; negative when the span is).
pub fn days(millis: i64) -> f64 {
    millis as f64 / DAY_MS as f64
}

/// The forms [`parse_timestamp`] accepts, for error messages.
pub const ACCEPTED_FORMS: &str = "ISO 8601 (2024-01-12, 2024-01-12T15:45:07Z, 2024-01-12 15:45:07+01:00), \
Jira's 12/Jan/24 3:45 PM, or 1/12/2024 3:45 PM";

/// Parses one timestamp in any accepted form; `None` when the text is none of them or names an
/// impossible date (`2024-02-30`).
pub fn parse_timestamp(text: &str) -> Option<Millis> {
    let bytes = text.trim().as_bytes();
    // Almost every cell of a large file is in one of the two ISO forms refine and most
    // trackers write; reading those straight from fixed positions is several times faster
    // than the general parser. Anything else, and anything the fast path refuses, goes to
    // the general parser, which has the last word.
    fast_iso(bytes).or_else(|| parse_any_form(bytes))
}

/// The general parser behind [`parse_timestamp`], for text already trimmed.
fn parse_any_form(bytes: &[u8]) -> Option<Millis> {
    if bytes.len() >= 10 && bytes[4] == b'-' {
        parse_iso(bytes)
    } else if bytes.iter().take(3).any(|&b| b == b'/') {
        parse_slashed(bytes)
    } else {
        None
    }
}

/// Milliseconds of midnight UTC of a calendar date.
pub fn date_millis(date: NaiveDate) -> Millis {
    date.and_hms_opt(0, 0, 0).map(|moment| moment.and_utc().timestamp_millis()).unwrap_or_default()
}

/// UTC milliseconds as ISO 8601 (`2024-01-12T15:45:07Z`), the form every output uses; `None`
/// outside chrono's range.
pub fn iso(millis: Millis) -> Option<String> {
    // Reports list every finished item with two dates: years 0–9999 are written by hand, the
    // rest (signed, longer years) by chrono.
    if (FIRST_FOUR_DIGIT_MILLIS..=LAST_FOUR_DIGIT_MILLIS).contains(&millis) {
        return Some(four_digit_year_iso(millis));
    }
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|moment| moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// `YYYY-MM-DD`, the UTC day of an instant; the raw milliseconds when outside chrono's range.
pub fn iso_day(millis: Millis) -> String {
    millis_date(millis).map_or_else(|| millis.to_string(), |date| date.to_string())
}

/// An instant (UTC milliseconds) that reads and serialises as ISO 8601, as [`iso`] writes it:
/// reports keep per-item dates as numbers and format them only when they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(Millis);

impl Timestamp {
    /// The instant, if chrono can date it (as [`iso`] can write it).
    pub fn new(millis: Millis) -> Option<Timestamp> {
        chrono::DateTime::from_timestamp_millis(millis).map(|_| Timestamp(millis))
    }

    /// UTC milliseconds.
    pub fn millis(self) -> Millis {
        self.0
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&iso(self.0).unwrap_or_default())
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// 0000-01-01T00:00:00Z.
const FIRST_FOUR_DIGIT_MILLIS: Millis = -62_167_219_200_000;
/// 9999-12-31T23:59:59.999Z.
const LAST_FOUR_DIGIT_MILLIS: Millis = 253_402_300_799_999;

/// `YYYY-MM-DDTHH:MM:SSZ` of an instant in years 0–9999 (the fraction of a second dropped, as
/// chrono's `SecondsFormat::Secs` does).
fn four_digit_year_iso(millis: Millis) -> String {
    let seconds = millis.div_euclid(1000);
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let fields = [
        (year, 4, b'-'),
        (month, 2, b'-'),
        (day, 2, b'T'),
        (second_of_day / 3600, 2, b':'),
        (second_of_day / 60 % 60, 2, b':'),
        (second_of_day % 60, 2, b'Z'),
    ];
    let mut text = String::with_capacity(20);
    for (value, width, after) in fields {
        for place in (0..width).rev() {
            let digit = value / 10_i64.pow(place) % 10;
            text.push(char::from(b'0' + digit.unsigned_abs() as u8));
        }
        text.push(char::from(after));
    }
    text
}

/// (year, month, day) of days since 1970-01-01 in the proleptic Gregorian calendar (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// Days since 1970-01-01 of a valid proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The two ISO forms most files use, read from fixed positions: `YYYY-MM-DD` and
/// `YYYY-MM-DDTHH:MM:SS[.f…][Z|±hh:mm]`. `None` for anything else, valid or not: the general
/// parser decides those. Where this returns a value, it is the general parser's value (a
/// property test checks that).
fn fast_iso(bytes: &[u8]) -> Option<Millis> {
    let digits = |at: usize, count: usize| -> Option<i64> {
        bytes
            .get(at..at + count)?
            .iter()
            .try_fold(0i64, |value, &byte| byte.is_ascii_digit().then(|| value * 10 + i64::from(byte - b'0')))
    };
    let separator = |at: usize, byte: u8| bytes.get(at) == Some(&byte);
    if !(separator(4, b'-') && separator(7, b'-')) {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let midnight = days_from_civil(year, month, day) * DAY_MS;
    if bytes.len() == 10 {
        return Some(midnight);
    }
    if !(separator(10, b'T') && separator(13, b':') && separator(16, b':')) {
        return None;
    }
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut at = 19;
    let mut millis = 0;
    if separator(at, b'.') {
        at += 1;
        let fraction = bytes.get(at..)?.iter().take_while(|byte| byte.is_ascii_digit()).count();
        if fraction == 0 {
            return None;
        }
        // The first three digits are milliseconds; further digits are dropped.
        let kept = fraction.min(3);
        millis = digits(at, kept)? * 10_i64.pow(3 - kept as u32);
        at += fraction;
    }
    let offset_minutes = match bytes.get(at..)? {
        [] | [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hours, minutes) = (digits(at + 1, 2)?, digits(at + 4, 2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            if *sign == b'+' { hours * 60 + minutes } else { -(hours * 60 + minutes) }
        }
        _ => return None,
    };
    Some(midnight + ((hour * 60 + minute - offset_minutes) * 60 + second) * 1000 + millis)
}

/// How far from the data a date may plausibly be, in calendar years: a tracker export spans
/// days to decades, so a date further than this from the median date of its table is a typo or
/// a placeholder (`0001-01-01`, `9999-12-31`), not data.
pub const PLAUSIBLE_YEARS: u32 = 50;

/// The instants within [`PLAUSIBLE_YEARS`] calendar years of `center`, both ends included
/// (2024-02-01 gives 1974-02-01 to 2074-02-01, same time of day); at the ends of chrono's range,
/// 365.25 days a year.
pub fn plausible_window(center: Millis) -> (Millis, Millis) {
    let months = chrono::Months::new(12 * PLAUSIBLE_YEARS);
    let span = i64::from(PLAUSIBLE_YEARS) * 36_525 * DAY_MS / 100;
    let moment = chrono::DateTime::from_timestamp_millis(center);
    let low = moment.and_then(|moment| moment.checked_sub_months(months));
    let high = moment.and_then(|moment| moment.checked_add_months(months));
    (
        low.map_or(center.saturating_sub(span), |low| low.timestamp_millis()),
        high.map_or(center.saturating_add(span), |high| high.timestamp_millis()),
    )
}

/// The calendar date of a UTC instant.
pub fn millis_date(millis: Millis) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp_millis(millis).map(|moment| moment.date_naive())
}

/// The Monday of the ISO week (Monday 00:00 UTC to Sunday) that holds `millis`.
pub fn monday_of(millis: Millis) -> Option<NaiveDate> {
    let date = millis_date(millis)?;
    date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))
}

/// The most days a daily series lists: a century, twice [`PLAUSIBLE_YEARS`] (the dates the
/// loaders keep are within that of each other), so that a date that arrives some other way
/// (`--as-of 9999-01-01`, a Parquet file, a window of four billion days) cannot make a series
/// of millions of rows.
pub const MAX_SERIES_DAYS: u64 = 36_525;

/// The most weeks a weekly series lists: the weeks of [`MAX_SERIES_DAYS`].
pub const MAX_SERIES_WEEKS: u64 = MAX_SERIES_DAYS / 7 + 1;

/// Every Monday from `first` to `last`, both included, a week apart: the weeks a per-week
/// table lists, empty ones too. At most [`MAX_SERIES_WEEKS`] of them, the latest: a longer
/// series starts later (see [`mondays_cut`]).
pub fn mondays(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let first = mondays_cut(first, last).unwrap_or(first);
    std::iter::successors(Some(first), |monday| monday.checked_add_days(Days::new(7)))
        .take_while(move |monday| *monday <= last)
}

/// The Monday a series of Mondays from `first` to `last` starts at when it has more than
/// [`MAX_SERIES_WEEKS`]: the earliest of the last ones. `None` when it is not cut.
pub fn mondays_cut(first: NaiveDate, last: NaiveDate) -> Option<NaiveDate> {
    let earliest = last.checked_sub_days(Days::new((MAX_SERIES_WEEKS - 1) * 7))?;
    (first < earliest).then_some(earliest)
}

/// The ISO week of a date as `2026-W03` (the ISO year, which differs from the calendar year
/// around New Year).
pub fn iso_week_label(date: NaiveDate) -> String {
    let week = date.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

/// A cursor over ASCII bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, at: 0 }
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Reads between `min` and `max` ASCII digits.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.at;
        let mut value = 0u32;
        while self.at - start < max {
            match self.peek() {
                Some(digit @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(digit - b'0');
                    self.at += 1;
                }
                _ => break,
            }
        }
        (self.at - start >= min).then_some(value)
    }

    /// Reads a fraction of a second after the dot, as milliseconds (extra digits ignored).
    fn fraction_millis(&mut self) -> Option<u32> {
        let start = self.at;
        let mut millis = 0u32;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            if self.at - start < 3 {
                millis = millis * 10 + u32::from(digit - b'0');
            }
            self.at += 1;
        }
        let digits = self.at - start;
        if digits == 0 {
            return None;
        }
        for _ in digits..3 {
            millis *= 10;
        }
        Some(millis)
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
    }
}

fn instant(date: NaiveDate, hour: u32, minute: u32, second: u32, millis: u32) -> Option<Millis> {
    let moment = date.and_hms_milli_opt(hour, minute, second, millis)?;
    Some(moment.and_utc().timestamp_millis())
}

/// `[Thh:mm[:ss[.fff]]][Z|±hh[:mm]]` after an ISO date.
fn parse_iso(bytes: &[u8]) -> Option<Millis> {
    let mut cursor = Cursor::new(bytes);
    let year = cursor.number(4, 4)?;
    cursor.eat(b'-').then_some(())?;
    let month = cursor.number(2, 2)?;
    cursor.eat(b'-').then_some(())?;
    let day = cursor.number(2, 2)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    if cursor.done() {
        return Some(date_millis(date));
    }
    if !(cursor.eat(b'T') || cursor.eat(b' ')) {
        return None;
    }
    let (hour, minute, second, millis) = clock(&mut cursor)?;
    let offset_seconds = offset(&mut cursor)?;
    if !cursor.done() {
        return None;
    }
    Some(instant(date, hour, minute, second, millis)? - i64::from(offset_seconds) * 1000)
}

/// `hh:mm[:ss[.fff]]`.
fn clock(cursor: &mut Cursor) -> Option<(u32, u32, u32, u32)> {
    let hour = cursor.number(1, 2)?;
    cursor.eat(b':').then_some(())?;
    let minute = cursor.number(2, 2)?;
    let (mut second, mut millis) = (0, 0);
    if cursor.eat(b':') {
        second = cursor.number(2, 2)?;
        if cursor.eat(b'.') || cursor.eat(b',') {
            millis = cursor.fraction_millis()?;
        }
    }
    Some((hour, minute, second, millis))
}

/// An optional UTC offset: nothing, `Z`, `±hh`, `±hhmm` or `±hh:mm`; seconds east of UTC.
fn offset(cursor: &mut Cursor) -> Option<i32> {
    cursor.skip_spaces();
    if cursor.done() {
        return Some(0);
    }
    if cursor.eat(b'Z') || cursor.eat(b'z') {
        return Some(0);
    }
    let sign = if cursor.eat(b'+') {
        1
    } else if cursor.eat(b'-') {
        -1
    } else {
        return None;
    };
    let hours = cursor.number(2, 2)?;
    cursor.eat(b':');
    let minutes = if cursor.done() { 0 } else { cursor.number(2, 2)? };
    (hours <= 23 && minutes <= 59).then(|| sign * i32::try_from(hours * 3600 + minutes * 60).unwrap_or(0))
}

const MONTHS: [&[u8; 3]; 12] =
    [b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"];

/// Jira's `dd/MMM/yy[ h:mm AM]` or the US `M/D/YYYY[ h:mm[:ss] [AM]]`.
fn parse_slashed(bytes: &[u8]) -> Option<Millis> {
    let mut cursor = Cursor::new(bytes);
    let first = cursor.number(1, 2)?;
    cursor.eat(b'/').then_some(())?;
    let (year, month, day) = if cursor.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        let name = bytes.get(cursor.at..cursor.at + 3)?.to_ascii_lowercase();
        let month = MONTHS.iter().position(|candidate| candidate[..] == name[..])? + 1;
        cursor.at += 3;
        cursor.eat(b'/').then_some(())?;
        (year_of(&mut cursor)?, u32::try_from(month).ok()?, first)
    } else {
        let day = cursor.number(1, 2)?;
        cursor.eat(b'/').then_some(())?;
        (year_of(&mut cursor)?, first, day)
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    cursor.skip_spaces();
    if cursor.done() {
        return Some(date_millis(date));
    }
    let (mut hour, minute, second, millis) = clock(&mut cursor)?;
    cursor.skip_spaces();
    let meridiem = bytes.get(cursor.at..).map(<[u8]>::to_ascii_uppercase);
    match meridiem.as_deref() {
        Some(b"AM") if (1..=12).contains(&hour) => hour %= 12,
        Some(b"PM") if (1..=12).contains(&hour) => hour = hour % 12 + 12,
        Some(b"") => {}
        _ => return None,
    }
    instant(date, hour, minute, second, millis)
}

/// A two-digit year is 20yy (trackers did not exist in 19yy); four digits are taken as they are.
fn year_of(cursor: &mut Cursor) -> Option<i32> {
    let start = cursor.at;
    let year = cursor.number(2, 4)?;
    match cursor.at - start {
        2 => i32::try_from(2000 + year).ok(),
        4 => i32::try_from(year).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plausible_window_is_fifty_calendar_years_either_side() {
        let center = parse_timestamp("2024-02-29T10:00:00Z").unwrap();
        let (low, high) = plausible_window(center);
        // No 29 February in 1974 or 2074: chrono's month arithmetic takes the 28th.
        assert_eq!(iso(low).as_deref(), Some("1974-02-28T10:00:00Z"));
        assert_eq!(iso(high).as_deref(), Some("2074-02-28T10:00:00Z"));
        // Beyond chrono's range the window is 50 × 365.25 days, saturating.
        let (low, high) = plausible_window(i64::MAX);
        assert_eq!((low, high), (i64::MAX - 50 * 36_525 * DAY_MS / 100, i64::MAX));
    }

    fn utc(text: &str) -> Millis {
        chrono::DateTime::parse_from_rfc3339(text).unwrap().timestamp_millis()
    }

    #[test]
    fn a_timestamp_shows_and_serialises_as_iso() {
        let moment = Timestamp::new(utc("2024-01-12T15:45:07.250Z")).unwrap();
        assert_eq!(moment.to_string(), "2024-01-12T15:45:07Z");
        assert_eq!(serde_json::to_string(&Some(moment)).unwrap(), "\"2024-01-12T15:45:07Z\"");
        assert_eq!(moment.millis(), 1_705_074_307_250);
        assert_eq!(Timestamp::new(i64::MAX), None, "beyond chrono's range");
    }

    #[test]
    fn a_day_shows_as_its_utc_date_or_as_the_raw_number() {
        assert_eq!(iso_day(utc("2024-01-12T23:59:59.999Z")), "2024-01-12");
        assert_eq!(iso_day(utc("2024-01-12T15:45:07-12:00")), "2024-01-13");
        assert_eq!(iso_day(i64::MAX), i64::MAX.to_string());
    }

    #[test]
    fn weeks_start_on_monday_and_are_labelled_with_the_iso_year() {
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        // Thursday 2026-01-01 is in the week of Monday 2025-12-29, ISO week 1 of 2026.
        assert_eq!(monday_of(utc("2026-01-01T12:00:00Z")), Some(day("2025-12-29")));
        assert_eq!(monday_of(utc("2025-12-29T00:00:00Z")), Some(day("2025-12-29")));
        assert_eq!(monday_of(utc("2026-01-04T23:59:59Z")), Some(day("2025-12-29")));
        assert_eq!(iso_week_label(day("2025-12-29")), "2026-W01");
        assert_eq!(iso_week_label(day("2021-01-04")), "2021-W01");
        assert_eq!(iso_week_label(day("2021-01-03")), "2020-W53");
        let walk: Vec<NaiveDate> = mondays(day("2025-12-29"), day("2026-01-12")).collect();
        assert_eq!(walk, [day("2025-12-29"), day("2026-01-05"), day("2026-01-12")]);
        assert_eq!(mondays(day("2026-01-12"), day("2026-01-05")).count(), 0);
        assert_eq!(monday_of(i64::MAX), None);
    }

    #[test]
    fn mondays_from_year_1_to_9999_are_the_last_century_of_weeks() {
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let (first, last) = (day("0001-01-01"), day("9999-12-27"));
        let walk: Vec<NaiveDate> = mondays(first, last).collect();
        assert_eq!(walk.len() as u64, MAX_SERIES_WEEKS);
        assert_eq!(MAX_SERIES_WEEKS, 5_218);
        assert_eq!(walk.last(), Some(&last));
        assert_eq!(mondays_cut(first, last), walk.first().copied());
        // A century's 5,218 Mondays are not cut; one more week is.
        assert_eq!(mondays_cut(day("1926-01-11"), day("2026-01-05")), None);
        assert_eq!(mondays_cut(day("1926-01-04"), day("2026-01-05")), Some(day("1926-01-11")));
    }

    #[test]
    fn iso_forms() {
        let cases = [
            ("2024-01-12", "2024-01-12T00:00:00Z"),
            ("2024-01-12T15:45", "2024-01-12T15:45:00Z"),
            ("2024-01-12 15:45:07", "2024-01-12T15:45:07Z"),
            ("2024-01-12T15:45:07Z", "2024-01-12T15:45:07Z"),
            ("2024-01-12T15:45:07.5Z", "2024-01-12T15:45:07.500Z"),
            ("2010-01-04T11:10:07.232+0000", "2010-01-04T11:10:07.232Z"),
            ("2010-01-04T11:10:07.232-0500", "2010-01-04T16:10:07.232Z"),
            ("2024-01-12T15:45:07+01:00", "2024-01-12T14:45:07Z"),
            ("2014-01-06T15:17:30.953123Z", "2014-01-06T15:17:30.953Z"),
            (" 2024-01-12 ", "2024-01-12T00:00:00Z"),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_timestamp(text), Some(utc(expected)), "{text}");
        }
    }

    #[test]
    fn jira_and_us_forms() {
        let cases = [
            ("04/Jan/10 11:10 AM", "2010-01-04T11:10:00Z"),
            ("12/Jan/24 3:45 PM", "2024-01-12T15:45:00Z"),
            ("12/jan/2024 12:05 AM", "2024-01-12T00:05:00Z"),
            ("12/Jan/24 12:05 PM", "2024-01-12T12:05:00Z"),
            ("20/Feb/12", "2012-02-20T00:00:00Z"),
            ("1/12/2024 3:45:07 PM", "2024-01-12T15:45:07Z"),
            ("1/12/2024 15:45", "2024-01-12T15:45:00Z"),
            ("12/31/2023", "2023-12-31T00:00:00Z"),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_timestamp(text), Some(utc(expected)), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_timestamp() {
        for text in [
            "",
            "soon",
            "2024-02-30",
            "2024-13-01",
            "2024-01-12T25:00",
            "12/Foo/24",
            "31/12/2024",
            "12/Jan/24 13:00 PM",
            "2024-01-12T10:00 junk",
            "2024/01/12",
            "1705070707",
        ] {
            assert_eq!(parse_timestamp(text), None, "{text:?}");
        }
    }

    mod properties {
        use super::super::*;
        use chrono::{Datelike, NaiveDateTime, Timelike};
        use proptest::prelude::*;

        fn any_minute() -> impl Strategy<Value = NaiveDateTime> {
            // 2000-01-01 .. 2099-12-31, whole minutes: every form below can express these.
            (946_684_800i64 / 60..4_102_444_800i64 / 60).prop_map(|minutes| {
                chrono::DateTime::from_timestamp(minutes * 60, 0).expect("in range").naive_utc()
            })
        }

        proptest! {
            #[test]
            fn every_form_of_the_same_minute_parses_to_the_same_instant(moment in any_minute()) {
                let expected = moment.and_utc().timestamp_millis();
                let (pm, hour12) = moment.hour12();
                let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
                    [moment.month0() as usize];
                let forms = [
                    moment.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                    moment.format("%Y-%m-%d %H:%M").to_string(),
                    moment.format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string(),
                    format!("{:02}/{month}/{:02} {hour12}:{:02} {}", moment.day(), moment.year() % 100, moment.minute(), if pm { "PM" } else { "AM" }),
                    format!("{}/{}/{} {hour12}:{:02}:00 {}", moment.month(), moment.day(), moment.year(), moment.minute(), if pm { "PM" } else { "AM" }),
                ];
                for form in forms {
                    prop_assert_eq!(parse_timestamp(&form), Some(expected), "{}", form);
                }
            }

            #[test]
            fn the_iso_fast_path_agrees_with_the_general_parser(
                text in "[0-9]{4}-[0-1][0-9]-[0-3][0-9](T[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{0,7})?(Z|z| Z|[+-][0-2][0-9]:?[0-6][0-9]|[+-][0-9]{2}|x)?)?",
            ) {
                // Every value the fast path gives must be the general parser's; what it refuses,
                // the general parser still reads (parse_timestamp = fast path, then general).
                let general = parse_any_form(text.as_bytes());
                if let Some(fast) = fast_iso(text.as_bytes()) {
                    prop_assert_eq!(Some(fast), general, "{}", text);
                }
                prop_assert_eq!(parse_timestamp(&text), general, "{}", text);
            }

            #[test]
            fn the_fast_path_takes_every_valid_second_of_its_forms(
                seconds in -62_167_219_200i64..253_402_300_800,
                millis in 0u32..1000,
                offset_minutes in -(23i32 * 60 + 59)..=(23 * 60 + 59),
            ) {
                let moment = chrono::DateTime::from_timestamp(seconds, millis * 1_000_000).expect("in range");
                let sign = if offset_minutes < 0 { '-' } else { '+' };
                let (hours, minutes) = (offset_minutes.abs() / 60, offset_minutes.abs() % 60);
                let local = moment.naive_utc() + chrono::Duration::minutes(i64::from(offset_minutes));
                let forms = [
                    (moment.format("%Y-%m-%dT%H:%M:%SZ").to_string(), seconds * 1000),
                    (moment.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(), moment.timestamp_millis()),
                    (moment.format("%Y-%m-%d").to_string(), seconds.div_euclid(86_400) * 86_400_000),
                    (format!("{}{sign}{hours:02}:{minutes:02}", local.format("%Y-%m-%dT%H:%M:%S%.3f")), moment.timestamp_millis()),
                ];
                for (form, expected) in forms {
                    // Shifting by the offset can leave years 0–9999; those are not the fast path's.
                    if form.len() < 10 || form.as_bytes()[4] != b'-' {
                        continue;
                    }
                    prop_assert_eq!(fast_iso(form.as_bytes()), Some(expected), "{}", form);
                    prop_assert_eq!(parse_any_form(form.as_bytes()), Some(expected), "{}", form);
                }
            }

            #[test]
            fn iso_output_is_chronos_rfc_3339(millis in -70_000_000_000_000i64..260_000_000_000_000) {
                let chrono_text = chrono::DateTime::from_timestamp_millis(millis)
                    .map(|moment| moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
                prop_assert_eq!(iso(millis), chrono_text);
            }

            #[test]
            fn any_text_parses_or_is_refused_without_a_panic(text in "\\PC{0,40}") {
                let _ = parse_timestamp(&text);
            }

            #[test]
            fn date_like_text_never_panics(text in "[0-9]{1,4}[-/][0-9A-Za-z]{1,3}[-/][0-9]{1,4}( [0-9]{1,2}:[0-9]{1,2}( [AP]M)?)?") {
                let _ = parse_timestamp(&text);
            }
        }
    }
}
