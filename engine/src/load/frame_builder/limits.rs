//! Values that parse but that no team could mean: the limits of every number column of the
//! canonical tables, and the window of plausible dates.
//!
//! A value outside its column's limits, or a date more than [`PLAUSIBLE_YEARS`] years from the
//! median date of the table it is in, is a [`Problem`] naming its row and column, and its cell is
//! left empty: the rest of the row is still used. (A cell the table cannot do without, such as a
//! history change's `at` or a vote's card, takes its row with it, as a value that does not parse
//! does.) Without this, one `1.7e308` of completed points or one date in year 9999 reaches the
//! analyses and the charts: sums overflow to infinity, and a time series from the data to year
//! 9999 has half a million weeks.
//!
//! The limits (all inclusive) and why:
//! - story points (`estimate`, `job_size`, a sprint's `*_points`, a poker card): 0 to
//!   [`MAX_POINTS`] (10,000). Teams size items in 1–100 and complete tens to hundreds of points
//!   a sprint; 10,000 is far beyond any of that. Negative points mean nothing (poker cards always
//!   refused them).
//! - logged hours (`time_spent_hours`): 0 to [`MAX_LOGGED_HOURS`] (100,000, fifty person-years
//!   on one item).
//! - hours in progress (`in_progress_hours`, calendar time): 0 to [`MAX_IN_PROGRESS_HOURS`], the
//!   hours of [`PLAUSIBLE_YEARS`] years of 365.25 days.
//! - item counts of a sprint: 0 to [`MAX_SPRINT_ITEMS`] (10,000); `team_size`: 0 to
//!   [`MAX_TEAM_SIZE`] (1,000); `planned_days`: 0 to 366 (a year).
//! - counts of people (`votes`, `watchers`, feedback `votes`): 0 to [`MAX_COUNT`] (a billion).
//! - a vote's `round`: 0 to [`MAX_ROUNDS`] (1,000).
//! - scoring inputs (`reach`, `impact`, `confidence`, `business_value`, `time_criticality`,
//!   `risk_reduction`) and feedback `weight` and `rating`: magnitude at most [`MAX_MAGNITUDE`]
//!   (10¹²), so that no sum or product of them overflows. Their signs and scales are left to the
//!   scoring models, which explain per item why a negative impact or a confidence of 700 is not
//!   scored.
//! - `rank` is only an order and `description_len` is computed by refine: no limit. Survey
//!   ratings are checked by their loader (1 to 5).

use polars::prelude::*;

use super::super::error::Problem;
use super::super::text_table::TextTable;
use crate::model::dates::{self, Millis, PLAUSIBLE_YEARS};
use crate::model::{ColumnType, Table, feedback, items, sprints, votes};

/// The most story points one item, one card or one sprint can hold.
pub const MAX_POINTS: f64 = 10_000.0;
/// The most hours logged on one item.
pub const MAX_LOGGED_HOURS: f64 = 100_000.0;
/// The longest an item can have been in progress, in hours: [`PLAUSIBLE_YEARS`] years.
pub const MAX_IN_PROGRESS_HOURS: f64 = PLAUSIBLE_YEARS as f64 * 365.25 * 24.0;
/// The most items one sprint can hold.
pub const MAX_SPRINT_ITEMS: f64 = 10_000.0;
/// The most people in one team.
pub const MAX_TEAM_SIZE: f64 = 1_000.0;
/// The longest sprint, in days.
pub const MAX_PLANNED_DAYS: f64 = 366.0;
/// The most votes or watchers one item or one piece of feedback can have.
pub const MAX_COUNT: f64 = 1e9;
/// The most poker rounds on one item.
pub const MAX_ROUNDS: f64 = 1_000.0;
/// The largest magnitude of a scoring input, weight or rating.
pub const MAX_MAGNITUDE: f64 = 1e12;

/// The values a number column may hold, both ends included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueLimit {
    /// The smallest value.
    pub low: f64,
    /// The largest value.
    pub high: f64,
    /// What the values are, for messages ("story points").
    pub unit: &'static str,
}

impl ValueLimit {
    const fn non_negative(high: f64, unit: &'static str) -> ValueLimit {
        ValueLimit { low: 0.0, high, unit }
    }

    const fn magnitude(unit: &'static str) -> ValueLimit {
        ValueLimit { low: -MAX_MAGNITUDE, high: MAX_MAGNITUDE, unit }
    }

    /// Whether `value` is within the limits.
    pub fn allows(&self, value: f64) -> bool {
        (self.low..=self.high).contains(&value)
    }

    /// What a cell should hold, for problems: "story points from 0 to 10000".
    pub fn expected(&self) -> String {
        format!("{} from {} to {}", self.unit, number(self.low), number(self.high))
    }
}

/// The limits of a number column of `table` (see the module documentation); `None` for columns
/// without any.
pub fn value_limit(table: Table, column: &str) -> Option<ValueLimit> {
    let points = ValueLimit::non_negative(MAX_POINTS, "story points");
    let limit = match (table, column) {
        (Table::Items, items::ESTIMATE | items::JOB_SIZE) => points,
        (Table::Items, items::TIME_SPENT_HOURS) => ValueLimit::non_negative(MAX_LOGGED_HOURS, "hours"),
        (Table::Items, items::IN_PROGRESS_HOURS) => ValueLimit::non_negative(MAX_IN_PROGRESS_HOURS, "hours"),
        (Table::Items, items::VOTES | items::WATCHERS) => ValueLimit::non_negative(MAX_COUNT, "a count"),
        (
            Table::Items,
            items::REACH
            | items::IMPACT
            | items::CONFIDENCE
            | items::BUSINESS_VALUE
            | items::TIME_CRITICALITY
            | items::RISK_REDUCTION,
        ) => ValueLimit::magnitude("a number"),
        (
            Table::Sprints,
            sprints::COMMITTED_POINTS
            | sprints::ADDED_POINTS
            | sprints::REMOVED_POINTS
            | sprints::COMPLETED_POINTS,
        ) => points,
        (
            Table::Sprints,
            sprints::COMMITTED_ITEMS
            | sprints::ADDED_ITEMS
            | sprints::REMOVED_ITEMS
            | sprints::COMPLETED_ITEMS,
        ) => ValueLimit::non_negative(MAX_SPRINT_ITEMS, "items"),
        (Table::Sprints, sprints::TEAM_SIZE) => ValueLimit::non_negative(MAX_TEAM_SIZE, "people"),
        (Table::Sprints, sprints::PLANNED_DAYS) => ValueLimit::non_negative(MAX_PLANNED_DAYS, "days"),
        (Table::Votes, votes::VALUE) => points,
        (Table::Votes, votes::ROUND) => ValueLimit::non_negative(MAX_ROUNDS, "a round"),
        (Table::Feedback, feedback::VOTES) => ValueLimit::non_negative(MAX_COUNT, "a count"),
        (Table::Feedback, feedback::WEIGHT | feedback::RATING) => ValueLimit::magnitude("a number"),
        _ => return None,
    };
    Some(limit)
}

/// A limit for messages: whole numbers without decimals.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") }
}

/// A value found in a cell, for a problem: the cell's text when the column came from one,
/// else the value (in exponent form when it is huge, not 309 digits).
fn found_text(text: &TextTable, source: Option<usize>, index: usize, value: f64) -> String {
    if let Some(cell) = source.and_then(|position| text.column(position).get(index)) {
        return cell.trim().to_owned();
    }
    if value.abs() >= 1e15 { format!("{value:e}") } else { format!("{value}") }
}

/// One converted column with what the checks need to know about it.
pub(super) struct Checked<'c> {
    /// The canonical column.
    pub target: &'static str,
    /// Its values (replaced when a cell is emptied).
    pub column: &'c mut Column,
    /// The source column position it came from, for the problem's column and found text.
    pub source: Option<usize>,
    /// Whether the source column was parsed from text here (not put by the loader, which
    /// checks what it puts itself: a poker CSV's cards).
    pub parsed: bool,
}

/// A problem a check found: the data row, the problem, and whether the row stays (only the
/// cell is emptied).
pub(super) type Finding = (usize, Problem, bool);

/// Checks every number column of `table` against its limits and every timestamp against the
/// table's plausible window, emptying each bad cell; see the module documentation.
pub(super) fn check(table: Table, columns: &mut [Checked<'_>], text: &TextTable) -> Vec<Finding> {
    let mut findings = Vec::new();
    let window = plausible_window(table, columns);
    for checked in columns.iter_mut() {
        let Some(spec) = table.column(checked.target) else { continue };
        let header = checked.source.map(|position| text.headers[position].as_str());
        let bad: Vec<(usize, String)> = match spec.column_type {
            ColumnType::Number | ColumnType::Integer => {
                let Some(limit) = value_limit(table, spec.name) else { continue };
                let Some(bad) = numbers_outside(checked.column, &limit) else { continue };
                let found =
                    bad.iter().map(|&(index, value)| (index, found_text(text, checked.source, index, value)));
                let found: Vec<(usize, String)> = found.collect();
                for (index, found) in &found {
                    let problem = Problem::new(text.location(*index), header, limit.expected(), found);
                    findings.push((*index, problem, !spec.required));
                }
                found
            }
            ColumnType::Timestamp => {
                let Some((median, low, high)) = window else { continue };
                let Some(bad) = dates_outside(checked.column, low, high) else { continue };
                let expected = format!(
                    "a date within {PLAUSIBLE_YEARS} years of the table's median date {} ({} to {})",
                    dates::iso_day(median),
                    dates::iso_day(low),
                    dates::iso_day(high)
                );
                let found: Vec<(usize, String)> = bad
                    .iter()
                    .map(|&(index, millis)| {
                        let cell = checked.source.and_then(|position| text.column(position).get(index));
                        (index, cell.map_or_else(|| dates::iso_day(millis), |cell| cell.trim().to_owned()))
                    })
                    .collect();
                for (index, found) in &found {
                    let problem = Problem::new(text.location(*index), header, expected.clone(), found);
                    findings.push((*index, problem, !spec.required));
                }
                found
            }
            ColumnType::Text if table == Table::Votes && spec.name == votes::VALUE && checked.parsed => {
                let limit = value_limit(table, spec.name).expect("cards have limits");
                let bad = cards_outside(checked.column, &limit);
                for (index, found) in &bad {
                    let problem = Problem::new(text.location(*index), header, limit.expected(), found);
                    // The vote is its card: without it the row says nothing.
                    findings.push((*index, problem, false));
                }
                // The row is dropped, so the card stays as it is (not reported again as missing).
                continue;
            }
            _ => continue,
        };
        empty_cells(checked.column, bad.iter().map(|(index, _)| *index));
    }
    findings
}

/// The values of a number column outside `limit`, by row; `None` when there are none (the
/// usual case, decided from the minimum and maximum).
fn numbers_outside(column: &Column, limit: &ValueLimit) -> Option<Vec<(usize, f64)>> {
    let values = column.cast(&DataType::Float64).ok()?;
    let values = values.f64().ok()?;
    let (low, high) = (values.min()?, values.max()?);
    if limit.allows(low) && limit.allows(high) {
        return None;
    }
    let bad = values
        .iter()
        .enumerate()
        .filter_map(|(index, value)| value.filter(|value| !limit.allows(*value)).map(|value| (index, value)))
        .collect();
    Some(bad)
}

/// The median of every date of the table's timestamp columns, and the plausible window around
/// it; `None` when the table has no dates.
fn plausible_window(table: Table, columns: &[Checked<'_>]) -> Option<(Millis, Millis, Millis)> {
    let mut all: Vec<Millis> = Vec::new();
    for checked in columns {
        let is_timestamp =
            table.column(checked.target).is_some_and(|spec| spec.column_type == ColumnType::Timestamp);
        if is_timestamp && let Some(millis) = millis_of(checked.column) {
            all.extend(millis.iter().flatten());
        }
    }
    if all.is_empty() {
        return None;
    }
    let middle = all.len() / 2;
    let (_, median, _) = all.select_nth_unstable(middle);
    let median = *median;
    let (low, high) = dates::plausible_window(median);
    Some((median, low, high))
}

fn millis_of(column: &Column) -> Option<Int64Chunked> {
    column.cast(&DataType::Int64).ok()?.i64().ok().cloned()
}

/// The dates of a timestamp column outside `low..=high`, by row; `None` when there are none.
fn dates_outside(column: &Column, low: Millis, high: Millis) -> Option<Vec<(usize, Millis)>> {
    let millis = millis_of(column)?;
    let (earliest, latest) = (millis.min()?, millis.max()?);
    if earliest >= low && latest <= high {
        return None;
    }
    let bad = millis
        .iter()
        .enumerate()
        .filter_map(|(index, value)| {
            value.filter(|value| !(low..=high).contains(value)).map(|value| (index, value))
        })
        .collect();
    Some(bad)
}

/// The numeric cards outside `limit`, by row, with their text (`?` and ☕ are always cards).
fn cards_outside(column: &Column, limit: &ValueLimit) -> Vec<(usize, String)> {
    let Ok(cards) = column.str() else { return Vec::new() };
    cards
        .iter()
        .enumerate()
        .filter_map(|(index, card)| {
            let card = card?;
            // NaN is no number: the estimates count it as an unreadable card, as they do words.
            let value = card.trim().parse::<f64>().ok().filter(|value| !value.is_nan())?;
            (!limit.allows(value)).then(|| (index, card.trim().to_owned()))
        })
        .collect()
}

/// Empties the cells of `rows` (a mask keeps the column's type and chunks).
fn empty_cells(column: &mut Column, rows: impl Iterator<Item = usize>) {
    let mut keep = vec![true; column.len()];
    let mut any = false;
    for row in rows {
        if let Some(cell) = keep.get_mut(row) {
            *cell = false;
            any = true;
        }
    }
    if !any {
        return;
    }
    let mask: BooleanChunked = keep.into_iter().map(Some).collect();
    let nulls = Column::full_null(column.name().clone(), column.len(), column.dtype());
    // Same length, same type: the zip cannot fail.
    if let Ok(emptied) = column.zip_with(&mask, &nulls) {
        *column = emptied;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_allow_their_ends_and_refuse_beyond() {
        let points = value_limit(Table::Sprints, sprints::COMPLETED_POINTS).unwrap();
        assert!(points.allows(0.0) && points.allows(10_000.0));
        assert!(!points.allows(-1.0) && !points.allows(10_000.5) && !points.allows(1.7e308));
        assert_eq!(points.expected(), "story points from 0 to 10000");
        assert_eq!(value_limit(Table::Items, items::RANK), None);
        let impact = value_limit(Table::Items, items::IMPACT).unwrap();
        assert!(impact.allows(-3.0) && !impact.allows(2e12));
        assert_eq!(impact.expected(), "a number from -1000000000000 to 1000000000000");
    }

    #[test]
    fn hours_in_progress_may_span_fifty_years_of_365_and_a_quarter_days() {
        // 50 × 365.25 × 24 = 438,300.
        assert_eq!(MAX_IN_PROGRESS_HOURS, 438_300.0);
    }

    #[test]
    fn every_number_column_but_rank_and_lengths_and_survey_ratings_has_a_limit() {
        let unlimited = ["rank", "description_len", "importance", "satisfaction"];
        for table in Table::ALL {
            for spec in table.columns() {
                let numeric = matches!(spec.column_type, ColumnType::Number | ColumnType::Integer);
                if numeric && !unlimited.contains(&spec.name) {
                    assert!(value_limit(table, spec.name).is_some(), "{table}.{}", spec.name);
                }
            }
        }
    }
}
