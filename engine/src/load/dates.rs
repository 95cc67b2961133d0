//! Parsing the date and time forms trackers export into UTC milliseconds.
//!
//! One hand-written parser covers every form we meet, because it runs on millions of cells and
//! chrono's format-string parser is several times slower:
//! - ISO 8601 / RFC 3339: `2024-01-12`, `2024-01-12T15:45`, `2024-01-12 15:45:07`,
//!   `2024-01-12T15:45:07.123Z`, with an offset `+01:00`, `+0100` or `-05`;
//! - Jira's export form `12/Jan/24 3:45 PM` (`dd/MMM/yy h:mm a`) and its date form `12/Jan/24`,
//!   also with a four-digit year;
//! - the US form Azure DevOps and spreadsheets write: `1/12/2024 3:45:07 PM`, `1/12/2024 15:45`,
//!   `1/12/2024`.
//!
//! A time without an offset is taken as UTC (Jira's CSV export writes UTC; TAWOS states UTC).

use chrono::NaiveDate;

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

/// The forms [`parse_timestamp`] accepts, for error messages.
pub const ACCEPTED_FORMS: &str = "ISO 8601 (2024-01-12, 2024-01-12T15:45:07Z, 2024-01-12 15:45:07+01:00), \
Jira's 12/Jan/24 3:45 PM, or 1/12/2024 3:45 PM";

/// Parses one timestamp in any accepted form; `None` when the text is none of them or names an
/// impossible date (`2024-02-30`).
pub fn parse_timestamp(text: &str) -> Option<Millis> {
    let text = text.trim();
    let bytes = text.as_bytes();
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
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|moment| moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// The calendar date of a UTC instant.
pub fn millis_date(millis: Millis) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp_millis(millis).map(|moment| moment.date_naive())
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

    fn utc(text: &str) -> Millis {
        chrono::DateTime::parse_from_rfc3339(text).unwrap().timestamp_millis()
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
