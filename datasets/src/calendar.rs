//! The demo's fixed calendar (no clock is ever read): the anchor date, the project start, the
//! two-week sprint cadence, working time (Monday–Friday, 09:00–18:00 UTC) and the two
//! timestamp forms the files use — Jira's export form `04/Jan/24 11:10 AM` and ISO 8601
//! `2026-03-02T09:15:00Z`.
//!
//! Formatting is hand-written into a reused `String` because the benchmark writer formats
//! millions of dates and chrono's format strings allocate and interpret on every call.

use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// A UTC instant at minute precision.
pub type Moment = NaiveDateTime;

/// The as-of date of the demo workspace: the review day of the last sprint. No generated
/// timestamp is later than [`anchor_end`].
pub const ANCHOR: NaiveDate = date(2026, 11, 13);

/// The day the backlog was opened (the first items were created that week).
pub const PROJECT_START: NaiveDate = date(2025, 11, 3);

/// The first day of the first sprint; the team worked in a Kanban flow before.
pub const FIRST_SPRINT_START: NaiveDate = date(2026, 6, 1);

/// Number of sprints in the demo.
pub const SPRINT_COUNT: usize = 12;

/// Sprint length in calendar days (the cadence from one sprint start to the next).
pub const SPRINT_DAYS: u64 = 14;

const WORKDAY_START_MINUTES: i64 = 9 * 60;
const WORKDAY_MINUTES: i64 = 9 * 60;
/// A Monday before every generated date; working time is counted from it.
const WORK_EPOCH: NaiveDate = date(2024, 1, 1);

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid constant date"),
    }
}

/// `date` at `hour:minute` UTC.
pub fn at(date: NaiveDate, hour: u32, minute: u32) -> Moment {
    date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN))
}

/// The latest instant of the demo: the close of the last sprint.
pub fn anchor_end() -> Moment {
    at(ANCHOR, 18, 0)
}

/// Start (Monday 09:00, the start of the working day, so no work falls between two sprints) and end (Friday of the second week at the close of the
/// working day, after the review) of sprint `index` (0-based).
pub fn sprint_window(index: usize) -> (Moment, Moment) {
    let start = FIRST_SPRINT_START + Days::new(SPRINT_DAYS * index as u64);
    (at(start, 9, 0), at(start + Days::new(11), 18, 0))
}

/// Working days since the work epoch: the integer part counts weekdays, the fraction is the
/// share of the 09:00–18:00 day gone. Weekend instants count as the next Monday morning.
pub fn work_days(moment: Moment) -> f64 {
    let days = (moment.date() - WORK_EPOCH).num_days();
    let (week, weekday) = (days.div_euclid(7), days.rem_euclid(7));
    if weekday >= 5 {
        return ((week + 1) * 5) as f64;
    }
    let minutes = i64::from(moment.hour() * 60 + moment.minute());
    let share = ((minutes - WORKDAY_START_MINUTES) as f64 / WORKDAY_MINUTES as f64).clamp(0.0, 1.0);
    (week * 5 + weekday) as f64 + share
}

/// The instant `work` working days after the work epoch (the inverse of [`work_days`]).
pub fn from_work_days(work: f64) -> Moment {
    let day = work.floor() as i64;
    let minutes = ((work - day as f64) * WORKDAY_MINUTES as f64).round() as i64;
    let calendar_days = day.div_euclid(5) * 7 + day.rem_euclid(5);
    let date = WORK_EPOCH + Days::new(calendar_days.max(0) as u64);
    let minute_of_day = WORKDAY_START_MINUTES + minutes;
    at(date, (minute_of_day / 60) as u32, (minute_of_day % 60) as u32)
}

/// `moment` moved by `days` working days (may be fractional or negative).
pub fn add_work_days(moment: Moment, days: f64) -> Moment {
    from_work_days(work_days(moment) + days)
}

/// Working days from `from` to `to`.
pub fn work_days_between(from: Moment, to: Moment) -> f64 {
    work_days(to) - work_days(from)
}

/// Appends Jira's export form `dd/MMM/yy h:mm a`, e.g. `04/Jan/24 11:10 AM`.
pub fn push_jira(out: &mut String, moment: Moment) {
    let (hour, minute) = (moment.hour(), moment.minute());
    let clock_hour = match hour % 12 {
        0 => 12,
        other => other,
    };
    let meridiem = if hour < 12 { "AM" } else { "PM" };
    let month = MONTHS[moment.month0() as usize];
    let year = moment.year().rem_euclid(100);
    let _ = write!(out, "{:02}/{month}/{year:02} {clock_hour}:{minute:02} {meridiem}", moment.day());
}

/// Appends ISO 8601 UTC with seconds, e.g. `2026-03-02T09:15:00Z`.
pub fn push_iso(out: &mut String, moment: Moment) {
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:00Z",
        moment.year(),
        moment.month(),
        moment.day(),
        moment.hour(),
        moment.minute()
    );
}

/// Jira's export form as a new string.
pub fn jira(moment: Moment) -> String {
    let mut out = String::with_capacity(18);
    push_jira(&mut out, moment);
    out
}

/// ISO 8601 UTC as a new string.
pub fn iso(moment: Moment) -> String {
    let mut out = String::with_capacity(20);
    push_iso(&mut out, moment);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jira_form_uses_a_twelve_hour_clock_without_padding_the_hour() {
        assert_eq!(jira(at(date(2024, 1, 4), 11, 10)), "04/Jan/24 11:10 AM");
        assert_eq!(jira(at(date(2026, 11, 13), 0, 5)), "13/Nov/26 12:05 AM");
        assert_eq!(jira(at(date(2026, 3, 2), 15, 45)), "02/Mar/26 3:45 PM");
        assert_eq!(jira(at(date(2026, 3, 2), 12, 0)), "02/Mar/26 12:00 PM");
    }

    #[test]
    fn iso_form_is_utc_with_seconds() {
        assert_eq!(iso(at(date(2026, 3, 2), 9, 15)), "2026-03-02T09:15:00Z");
    }

    #[test]
    fn working_time_skips_weekends_and_nights() {
        // Friday 2026-11-13 17:00 plus half a working day is Monday 12:30.
        let friday = at(date(2026, 11, 13), 17, 0);
        assert_eq!(add_work_days(friday, 0.5), at(date(2026, 11, 16), 12, 30));
        // A Saturday counts as Monday 09:00.
        assert_eq!(from_work_days(work_days(at(date(2026, 11, 14), 10, 0))), at(date(2026, 11, 16), 9, 0));
        let monday = at(date(2026, 11, 16), 9, 0);
        assert!((work_days_between(friday, monday) - 1.0 / 9.0).abs() < 1e-9);
    }

    #[test]
    fn the_last_sprint_ends_on_the_anchor_date() {
        assert_eq!(sprint_window(0).0, at(date(2026, 6, 1), 9, 0));
        assert_eq!(sprint_window(1).0, add_work_days(sprint_window(0).1, 0.0));
        assert_eq!(sprint_window(SPRINT_COUNT - 1).1.date(), ANCHOR);
        assert!(sprint_window(SPRINT_COUNT - 1).1 <= anchor_end());
    }
}
