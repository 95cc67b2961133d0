//! Sprint velocity: per sprint what was committed, added, removed and completed (points and
//! items), say/do, scope change and carry-over; per team or board the rolling mean / median /
//! std of completed points over the last `window` sprints (7 by default), the trend and
//! predictability (`refine velocity`; design.md, "Delivery").
//!
//! Formulas:
//! - **say/do** = completed points / committed points; `None` when committed is 0 or unknown.
//! - **scope change** = (added points − removed points) / committed points; `None` when
//!   committed is 0 or unknown, or added or removed is unknown.
//! - **carry-over**: an item is carried over when it was in two or more sprints (the items'
//!   `sprints` lists, and for derived sprints the sprints its history moved it through); each
//!   sprint counts its carried-over items, and the report lists them.
//! - Rolling figures, trend slope and predictability (CV): see `rolling`.
//!
//! **Where the sprints come from.** A sprint report (the sprints table with committed or
//! completed points) is taken as it is. Without one, the sprints are derived from the items
//! and their history ([`derive`]), using the sprints table (when it has rows) for names, teams
//! and dates.
//!
//! **Sprint order**, per team: by `start` when every sprint of the team has one; else by
//! `sprint_id` read as a number when every sprint has a numeric id; else in file order. Ties
//! keep file order. The order used is reported per team.
//!
//! Edge cases: no sprints gives empty lists; one sprint has a mean and median but no std, CV
//! or trend; equal completed points give std 0 and CV 0; a mean of 0 gives no CV; missing
//! figures stay `None` (never NaN); non-finite points are treated as missing.

mod derive;
mod rolling;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::status::StatusRules;
use crate::model::view::{FrameError, History, Items, Sprints};

pub use rolling::TeamVelocity;

/// Settings of the velocity analysis (`[velocity]` in refine.toml).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VelocitySettings {
    /// How many of the last sprints the rolling figures cover.
    pub window: usize,
    /// Fewer sprints than this gives a warning.
    pub min_sprints: usize,
    /// For sprints derived from history: the hour (UTC, 0 to under 24) at which a sprint whose
    /// start is a date without a time is taken to start. Items put in the sprint before it are
    /// committed, later ones added (the morning's planning commits, an afternoon's urgent bug
    /// is added).
    pub date_only_start_hour: f64,
}

impl Default for VelocitySettings {
    fn default() -> Self {
        VelocitySettings { window: 7, min_sprints: 5, date_only_start_hour: 12.0 }
    }
}

impl VelocitySettings {
    /// Checks the settings: a rolling window of at least one sprint, a start hour within the day.
    pub fn validate(&self) -> Result<(), VelocityError> {
        if self.window == 0 {
            return Err(VelocityError::BadSetting {
                name: "window",
                value: 0.0,
                expected: "a number of sprints of 1 or more",
            });
        }
        if !(0.0..24.0).contains(&self.date_only_start_hour) {
            return Err(VelocityError::BadSetting {
                name: "date_only_start_hour",
                value: self.date_only_start_hour,
                expected: "an hour from 0 to under 24",
            });
        }
        Ok(())
    }
}

/// What can stop the velocity analysis.
#[derive(Debug, thiserror::Error)]
pub enum VelocityError {
    /// A canonical frame lacks a column or has the wrong type (a caller bug: load frames through
    /// `load`, which conforms them).
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// A setting out of range.
    #[error("velocity setting {name} = {value} is out of range: {expected}")]
    BadSetting {
        /// The setting.
        name: &'static str,
        /// Its value.
        value: f64,
        /// What it must be.
        expected: &'static str,
    },
}

/// Where the sprint figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SprintSource {
    /// A sprint report: the sprints table's own figures.
    Report,
    /// Derived from the items and their history.
    Derived,
}

/// How a team's sprints were ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SprintOrder {
    /// By start date.
    Start,
    /// By numeric sprint id.
    SprintId,
    /// As the input lists them.
    File,
}

/// One sprint's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SprintVelocity {
    /// Team or board.
    pub team: Option<String>,
    /// Sprint id in the tracker.
    pub sprint_id: Option<String>,
    /// Sprint name.
    pub sprint: String,
    /// future | active | closed, when known.
    pub state: Option<String>,
    /// Start (ISO 8601).
    pub start: Option<String>,
    /// Planned end (ISO 8601).
    pub end: Option<String>,
    /// Points in the sprint at its start.
    pub committed_points: Option<f64>,
    /// Points added after the start.
    pub added_points: Option<f64>,
    /// Points removed after the start.
    pub removed_points: Option<f64>,
    /// Points completed.
    pub completed_points: Option<f64>,
    /// Items in the sprint at its start.
    pub committed_items: Option<i64>,
    /// Items added after the start.
    pub added_items: Option<i64>,
    /// Items removed after the start.
    pub removed_items: Option<i64>,
    /// Items completed.
    pub completed_items: Option<i64>,
    /// Completed / committed points.
    pub say_do: Option<f64>,
    /// (Added − removed) / committed points.
    pub scope_change: Option<f64>,
    /// Items of this sprint that were in two or more sprints; `None` without item data.
    pub carried_over_items: Option<usize>,
    /// Mean completed points of the last `window` counted sprints up to this one.
    pub rolling_mean: Option<f64>,
    /// Their median.
    pub rolling_median: Option<f64>,
    /// Their sample standard deviation.
    pub rolling_std: Option<f64>,
}

/// An item that was in two or more sprints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarriedOverItem {
    /// Item key.
    pub key: String,
    /// Item title.
    pub title: Option<String>,
    /// The sprints it was in, in sprint order where known.
    pub sprints: Vec<String>,
}

/// The velocity report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VelocityReport {
    /// Where the figures come from.
    pub source: SprintSource,
    /// How many of the last counted sprints each rolling figure covers (the `window` setting;
    /// a window of 0 is taken as 1).
    pub window: usize,
    /// Every sprint, by team then sprint order.
    pub sprints: Vec<SprintVelocity>,
    /// Each team's figures, by team.
    pub teams: Vec<TeamVelocity>,
    /// Items in two or more sprints, by key.
    pub carried_over: Vec<CarriedOverItem>,
    /// What the user should know.
    pub warnings: Vec<String>,
}

impl VelocityReport {
    /// The points the backlog's teams complete per sprint together: the sum of each team's
    /// mean over its window (one team: its mean). `None` when no team has a mean.
    pub fn average_velocity(&self) -> Option<f64> {
        let means: Vec<f64> = self.teams.iter().filter_map(|team| team.mean).collect();
        (!means.is_empty()).then(|| means.iter().sum())
    }
}

/// Runs the velocity analysis: from the sprint report when the sprints table has figures,
/// else derived from the items and history.
pub fn velocity(
    sprints: &Sprints<'_>,
    items: &Items<'_>,
    history: &History<'_>,
    status_rules: &StatusRules,
    settings: &VelocitySettings,
) -> Result<VelocityReport, VelocityError> {
    settings.validate()?;
    let rows = sprint_rows(sprints);
    let item_sprints = item_sprint_lists(items);
    let mut warnings = Vec::new();
    let is_report = rows
        .iter()
        .any(|row| row.figures.committed_points.is_some() || row.figures.completed_points.is_some());
    let (source, mut sprints, memberships) = if is_report {
        (
            SprintSource::Report,
            rows.into_iter().map(SprintRow::into_velocity).collect::<Vec<_>>(),
            item_sprints,
        )
    } else {
        let rows = if rows.is_empty() { rows_from_item_lists(&item_sprints) } else { rows };
        let derived =
            derive::derive(&rows, item_sprints, items, history, status_rules, settings, &mut warnings);
        (SprintSource::Derived, derived.sprints, derived.memberships)
    };
    for sprint in &mut sprints {
        sprint.say_do = ratio(sprint.completed_points, sprint.committed_points);
        let net = sprint.added_points.zip(sprint.removed_points).map(|(added, removed)| added - removed);
        sprint.scope_change = ratio(net, sprint.committed_points);
    }
    let carried_over = carried_over(&memberships, &sprints);
    count_carry_over(&mut sprints, &carried_over, !memberships.is_empty());
    let window = settings.window;
    let (sprints, teams) = by_team(sprints, window, settings.min_sprints);
    warnings.extend(teams.iter().flat_map(|team| {
        let name = team.team.as_deref().unwrap_or("(no team)");
        team.warnings.iter().map(move |warning| format!("{name}: {warning}"))
    }));
    Ok(VelocityReport { source, window, sprints, teams, carried_over, warnings })
}

/// `numerator / denominator`, `None` when either is unknown or the denominator is 0.
fn ratio(numerator: Option<f64>, denominator: Option<f64>) -> Option<f64> {
    match (numerator, denominator) {
        (Some(numerator), Some(denominator)) if denominator != 0.0 => {
            Some(numerator / denominator).filter(|value| value.is_finite())
        }
        _ => None,
    }
}

/// One row of the sprints table, as read.
#[derive(Debug, Clone, Default)]
pub(crate) struct SprintRow {
    pub team: Option<String>,
    pub sprint_id: Option<String>,
    pub sprint: String,
    pub state: Option<String>,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub completed_at: Option<i64>,
    pub figures: SprintVelocity,
}

impl SprintRow {
    /// A velocity row carrying this row's identity and dates.
    fn identity(&self) -> SprintVelocity {
        SprintVelocity {
            team: self.team.clone(),
            sprint_id: self.sprint_id.clone(),
            sprint: self.sprint.clone(),
            state: self.state.clone(),
            start: self.start.and_then(crate::model::dates::iso),
            end: self.end.and_then(crate::model::dates::iso),
            ..SprintVelocity::default()
        }
    }

    fn into_velocity(self) -> SprintVelocity {
        let identity = self.identity();
        self.figures.with_identity(identity)
    }
}

impl SprintVelocity {
    /// These figures with another row's identity (team, id, name, state, dates).
    fn with_identity(self, identity: SprintVelocity) -> SprintVelocity {
        SprintVelocity {
            team: identity.team,
            sprint_id: identity.sprint_id,
            sprint: identity.sprint,
            state: identity.state,
            start: identity.start,
            end: identity.end,
            ..self
        }
    }
}

/// The rows of the sprints table that name a sprint.
fn sprint_rows(sprints: &Sprints<'_>) -> Vec<SprintRow> {
    let owned = |value: Option<&str>| value.map(str::to_owned);
    (0..sprints.len())
        .filter_map(|row| {
            Some(SprintRow {
                team: owned(sprints.team[row]),
                sprint_id: owned(sprints.sprint_id[row]),
                sprint: sprints.sprint[row]?.to_owned(),
                state: owned(sprints.state[row]),
                start: sprints.start[row],
                end: sprints.end[row],
                completed_at: sprints.completed_at[row],
                figures: SprintVelocity {
                    committed_points: sprints.committed_points[row],
                    added_points: sprints.added_points[row],
                    removed_points: sprints.removed_points[row],
                    completed_points: sprints.completed_points[row],
                    committed_items: sprints.committed_items[row],
                    added_items: sprints.added_items[row],
                    removed_items: sprints.removed_items[row],
                    completed_items: sprints.completed_items[row],
                    ..SprintVelocity::default()
                },
            })
        })
        .collect()
}

/// Each item's title and the sprints its `sprints` list names, by key.
pub(crate) type Memberships = BTreeMap<String, (Option<String>, Vec<String>)>;

/// Each key's title and `sprints` list (the first row of a repeated key).
fn item_sprint_lists(items: &Items<'_>) -> Memberships {
    let mut memberships = Memberships::new();
    for (row, key) in items.keyed() {
        memberships.entry(key.to_owned()).or_insert_with(|| {
            let names = items.sprints[row].iter().map(|name| (*name).to_owned()).collect();
            (items.title[row].map(str::to_owned), names)
        });
    }
    memberships
}

/// Sprint rows named by the items' lists (no team, no dates), in the order the items, taken by
/// key, first name them; with no ids or dates this is also their sprint order.
fn rows_from_item_lists(memberships: &Memberships) -> Vec<SprintRow> {
    let mut seen = BTreeSet::new();
    let mut rows = Vec::new();
    for (_, names) in memberships.values() {
        for name in names {
            if seen.insert(name.clone()) {
                rows.push(SprintRow { sprint: name.clone(), ..SprintRow::default() });
            }
        }
    }
    rows
}

/// The items in two or more of the known sprints, their sprints in report order.
fn carried_over(memberships: &Memberships, sprints: &[SprintVelocity]) -> Vec<CarriedOverItem> {
    let position: BTreeMap<&str, usize> =
        sprints.iter().enumerate().rev().map(|(index, sprint)| (sprint.sprint.as_str(), index)).collect();
    memberships
        .iter()
        .filter_map(|(key, (title, names))| {
            let mut names: Vec<&String> = names.iter().collect::<BTreeSet<_>>().into_iter().collect();
            names.sort_by_key(|name| position.get(name.as_str()).copied().unwrap_or(usize::MAX));
            (names.len() >= 2).then(|| CarriedOverItem {
                key: key.clone(),
                title: title.clone(),
                sprints: names.into_iter().cloned().collect(),
            })
        })
        .collect()
}

fn count_carry_over(sprints: &mut [SprintVelocity], carried: &[CarriedOverItem], have_items: bool) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for item in carried {
        for name in &item.sprints {
            *counts.entry(name.as_str()).or_default() += 1;
        }
    }
    for sprint in sprints {
        sprint.carried_over_items =
            have_items.then(|| counts.get(sprint.sprint.as_str()).copied().unwrap_or(0));
    }
}

/// Groups the sprints by team, orders each team's sprints and computes the rolling figures
/// over the last `window` (at least 1) counted sprints.
fn by_team(
    sprints: Vec<SprintVelocity>,
    window: usize,
    min_sprints: usize,
) -> (Vec<SprintVelocity>, Vec<TeamVelocity>) {
    let mut groups: BTreeMap<Option<String>, Vec<SprintVelocity>> = BTreeMap::new();
    for sprint in sprints {
        groups.entry(sprint.team.clone()).or_default().push(sprint);
    }
    let mut ordered = Vec::new();
    let mut teams = Vec::new();
    for (team, mut group) in groups {
        let order = order_sprints(&mut group);
        teams.push(rolling::roll(team, order, &mut group, window, min_sprints));
        ordered.extend(group);
    }
    (ordered, teams)
}

/// Sorts one team's sprints (stable, so ties keep file order) and says how.
fn order_sprints(group: &mut [SprintVelocity]) -> SprintOrder {
    // ISO 8601 UTC strings of one format sort as the instants do.
    if group.iter().all(|sprint| sprint.start.is_some()) {
        group.sort_by(|a, b| a.start.cmp(&b.start));
        return SprintOrder::Start;
    }
    let numeric =
        |sprint: &SprintVelocity| sprint.sprint_id.as_deref().and_then(|id| id.trim().parse::<f64>().ok());
    if group.iter().all(|sprint| numeric(sprint).is_some()) {
        group.sort_by(|a, b| numeric(a).unwrap_or_default().total_cmp(&numeric(b).unwrap_or_default()));
        return SprintOrder::SprintId;
    }
    SprintOrder::File
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use polars::prelude::DataFrame;

    use super::*;
    use crate::model::Table;
    use crate::model::test_frame::{TestRow, frame};
    use crate::model::test_values::{close, history_frame as history};
    use crate::model::{items, sprints};

    /// A sprint-report row: (id, name, state, start, end, committed, added, removed, completed).
    type ReportRow<'a> =
        (&'a str, &'a str, &'a str, &'a str, &'a str, Option<f64>, Option<f64>, Option<f64>, Option<f64>);

    fn sprints_frame(team: &str, rows: &[ReportRow<'_>]) -> DataFrame {
        fn text(value: &str) -> Option<&str> {
            Some(value).filter(|value| !value.is_empty())
        }
        let number = |row: TestRow, column, value: Option<f64>| match value {
            Some(value) => row.number(column, value),
            None => row,
        };
        let time = |row: TestRow, column, value: &str| match text(value) {
            Some(value) => row.time(column, value),
            None => row,
        };
        let rows: Vec<TestRow> = rows
            .iter()
            .map(|row| {
                let test_row = TestRow::new()
                    .text(sprints::TEAM, team)
                    .text_or_null(sprints::SPRINT_ID, text(row.0))
                    .text_or_null(sprints::SPRINT, text(row.1))
                    .text_or_null(sprints::STATE, text(row.2));
                let test_row = time(time(test_row, sprints::START, row.3), sprints::END, row.4);
                let test_row = number(test_row, sprints::COMMITTED_POINTS, row.5);
                let test_row = number(test_row, sprints::ADDED_POINTS, row.6);
                let test_row = number(test_row, sprints::REMOVED_POINTS, row.7);
                number(test_row, sprints::COMPLETED_POINTS, row.8)
            })
            .collect();
        frame(Table::Sprints, &rows)
    }

    fn items(rows: &[TestRow]) -> DataFrame {
        frame(Table::Items, rows)
    }

    fn velocity_of(
        sprints_frame: &DataFrame,
        items_frame: &DataFrame,
        history_frame: &DataFrame,
        settings: &VelocitySettings,
    ) -> Result<VelocityReport, VelocityError> {
        let sprints = Sprints::decode(sprints_frame)?;
        let (items, history) = (Items::decode(items_frame)?, History::decode(history_frame)?);
        velocity(&sprints, &items, &history, &StatusRules::default(), settings)
    }

    fn report_row<'a>(id: &'a str, committed: f64, completed: f64) -> ReportRow<'a> {
        (id, id, "closed", "", "", Some(committed), Some(0.0), Some(0.0), Some(completed))
    }

    fn run(sprints: &DataFrame, items_frame: &DataFrame, history_frame: &DataFrame) -> VelocityReport {
        velocity_of(sprints, items_frame, history_frame, &VelocitySettings::default()).unwrap()
    }

    fn sprint<'a>(report: &'a VelocityReport, name: &str) -> &'a SprintVelocity {
        report.sprints.iter().find(|sprint| sprint.sprint == name).unwrap()
    }

    #[test]
    fn rolling_figures_over_eight_sprints_use_the_last_seven_in_numeric_id_order() {
        // File order 10, 3, 4, …, 9; by numeric id 3 … 10 (as text "10" would sort first).
        // Completed in id order: 10 12 8 14 10 16 12 18.
        let completed =
            [(10, 18.0), (3, 10.0), (4, 12.0), (5, 8.0), (6, 14.0), (7, 10.0), (8, 16.0), (9, 12.0)];
        let ids: Vec<String> = completed.iter().map(|(id, _)| id.to_string()).collect();
        let rows: Vec<ReportRow<'_>> =
            ids.iter().zip(completed).map(|(id, (_, points))| report_row(id, 10.0, points)).collect();
        let report = run(&sprints_frame("T", &rows), &items(&[]), &history(&[]));
        let order: Vec<&str> = report.sprints.iter().map(|sprint| sprint.sprint.as_str()).collect();
        assert_eq!(order, ["3", "4", "5", "6", "7", "8", "9", "10"]);
        let team = &report.teams[0];
        assert_eq!((team.sprint_order, team.counted_sprints, team.window), (SprintOrder::SprintId, 8, 7));
        // Last 7: 12 8 14 10 16 12 18: Σ 90 → mean 90/7; sorted 8 10 12 12 14 16 18 → median 12;
        // Σx² = 1228, SS = 1228 − 8100/7 = 496/7, var = 496/42 → std 3.4364987…; CV = std / mean.
        close(team.mean, 90.0 / 7.0);
        close(team.median, 12.0);
        close(team.std, (496.0f64 / 42.0).sqrt());
        close(team.predictability_cv, (496.0f64 / 42.0).sqrt() / (90.0 / 7.0));
        // Over all 8 by index 0…7: x̄ 3.5, Σdx·dy = 38, Σdx² = 42 → 19/21.
        close(team.trend_slope, 19.0 / 21.0);
        // The first sprint has only itself; the second 10 and 12 → mean 11, std √2.
        close(sprint(&report, "3").rolling_mean, 10.0);
        assert_eq!(sprint(&report, "3").rolling_std, None);
        close(sprint(&report, "4").rolling_std, 2f64.sqrt());
        close(sprint(&report, "10").rolling_median, 12.0);
        // Say/do of the last: 18 / 10.
        close(sprint(&report, "10").say_do, 1.8);
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    }

    #[test]
    fn the_window_setting_is_reported_and_a_window_of_zero_is_refused() {
        // Completed 10 12 8 14 in sprint order.
        let rows: Vec<ReportRow<'_>> = [("1", 10.0), ("2", 12.0), ("3", 8.0), ("4", 14.0)]
            .into_iter()
            .map(|(id, points)| report_row(id, 10.0, points))
            .collect();
        let frame = sprints_frame("T", &rows);
        let with_window = |window| {
            let settings = VelocitySettings { window, ..VelocitySettings::default() };
            velocity_of(&frame, &items(&[]), &history(&[]), &settings)
        };
        let three = with_window(3).unwrap();
        assert_eq!((three.window, three.teams[0].window), (3, 3));
        // Last 3 up to sprint 4: 12 8 14 → 34/3; up to sprint 2 only 10 12 → 11.
        close(sprint(&three, "4").rolling_mean, 34.0 / 3.0);
        close(sprint(&three, "2").rolling_mean, 11.0);
        let one = with_window(1).unwrap();
        assert_eq!((one.window, one.teams[0].window), (1, 1));
        close(sprint(&one, "3").rolling_mean, 8.0);
        close(one.teams[0].mean, 14.0);
        // A window of no sprints was silently taken as one; it is refused, naming the setting.
        assert!(matches!(with_window(0), Err(VelocityError::BadSetting { name: "window", .. })));
    }

    #[test]
    fn say_do_scope_change_zero_commitment_future_sprints_and_short_history() {
        let rows = [
            // 8 of 10 done; (3 − 1) / 10 = 0.2.
            ("1", "S1", "closed", "2024-01-01", "2024-01-12", Some(10.0), Some(3.0), Some(1.0), Some(8.0)),
            // Nothing committed: no say/do, no scope change.
            ("2", "S2", "closed", "2024-01-15", "2024-01-26", Some(0.0), Some(5.0), Some(0.0), Some(5.0)),
            // Not started yet: listed, not counted.
            ("3", "S3", "future", "2024-01-29", "2024-02-09", Some(12.0), None, None, None),
        ];
        let items_frame = items(&[
            TestRow::new().text(items::KEY, "A-1").list(items::SPRINTS, &["S1", "S2"]),
            TestRow::new().text(items::KEY, "A-2").list(items::SPRINTS, &["S2"]),
        ]);
        let report = run(&sprints_frame("T", &rows), &items_frame, &history(&[]));
        assert_eq!(report.source, SprintSource::Report);
        close(sprint(&report, "S1").say_do, 0.8);
        close(sprint(&report, "S1").scope_change, 0.2);
        assert_eq!((sprint(&report, "S2").say_do, sprint(&report, "S2").scope_change), (None, None));
        assert_eq!(sprint(&report, "S3").scope_change, None, "added unknown");
        assert_eq!(sprint(&report, "S3").rolling_mean, None, "future sprints are not counted");
        let team = &report.teams[0];
        assert_eq!((team.sprint_order, team.counted_sprints), (SprintOrder::Start, 2));
        close(team.mean, 6.5);
        close(team.mean_say_do, 0.8);
        assert_eq!(report.carried_over.len(), 1);
        assert_eq!(report.carried_over[0].sprints, ["S1", "S2"]);
        let carried: Vec<Option<usize>> =
            report.sprints.iter().map(|sprint| sprint.carried_over_items).collect();
        assert_eq!(carried, [Some(1), Some(1), Some(0)]);
        assert!(
            report.warnings.iter().any(|warning| warning.starts_with("T: only 2 sprints")),
            "{:?}",
            report.warnings
        );
    }

    #[test]
    fn sprints_derived_from_history_with_added_removed_and_carried_over_items() {
        let sprints = sprints_frame(
            "T",
            &[
                ("1", "S1", "closed", "2024-01-08T09:00:00Z", "2024-01-19T17:00:00Z", None, None, None, None),
                ("2", "S2", "closed", "2024-01-22T09:00:00Z", "2024-02-02T17:00:00Z", None, None, None, None),
            ],
        );
        let item = |key, status, category, estimate| {
            TestRow::new()
                .text(items::KEY, key)
                .text(items::STATUS, status)
                .text(items::STATUS_CATEGORY, category)
                .number(items::ESTIMATE, estimate)
        };
        let items_frame = items(&[
            item("A", "Done", "done", 3.0),
            item("B", "Done", "done", 5.0),
            item("C", "Done", "done", 2.0),
            item("D", "To Do", "todo", 8.0),
            item("E", "Done", "done", 2.0),
            item("F", "In Progress", "in_progress", 3.0),
        ]);
        let history_frame = history(&[
            // A: committed to S1, done in it.
            ("A", "2024-01-08T08:00:00Z", "sprint", "", "S1"),
            ("A", "2024-01-12T10:00:00Z", "status", "In Progress", "Done"),
            // B: committed to S1, carried to S2 at its start, done in S2.
            ("B", "2024-01-08T08:30:00Z", "sprint", "", "S1"),
            ("B", "2024-01-22T09:00:00Z", "sprint", "S1", "S2"),
            ("B", "2024-01-25T10:00:00Z", "status", "In Progress", "Done"),
            // C: added to S1 after its start, done in it.
            ("C", "2024-01-10T11:00:00Z", "sprint", "", "S1"),
            ("C", "2024-01-15T10:00:00Z", "status", "To Do", "Done"),
            // D: committed to S1, sent back to the backlog.
            ("D", "2024-01-08T07:00:00Z", "sprint", "", "S1"),
            ("D", "2024-01-11T07:00:00Z", "sprint", "S1", ""),
            // E: 1 point at the start, re-estimated to 2, done in S1 (completed counts 2).
            ("E", "2024-01-08T07:00:00Z", "sprint", "", "S1"),
            ("E", "2024-01-09T07:00:00Z", "estimate", "1", "2"),
            ("E", "2024-01-16T07:00:00Z", "status", "In Progress", "Done"),
            // F: Jira's list form, S1 kept when S2 is added; never done.
            ("F", "2024-01-08T08:00:00Z", "sprint", "", "S1"),
            ("F", "2024-01-22T09:00:00Z", "sprint", "S1", "S1, S2"),
        ]);
        let report = run(&sprints, &items_frame, &history_frame);
        assert_eq!(report.source, SprintSource::Derived);
        let figures = |name| {
            let sprint = sprint(&report, name);
            (
                [
                    sprint.committed_points,
                    sprint.added_points,
                    sprint.removed_points,
                    sprint.completed_points,
                ],
                [sprint.committed_items, sprint.added_items, sprint.removed_items, sprint.completed_items],
            )
        };
        // S1: committed A3 B5 D8 E1 F3 = 20 (5 items); added C2; removed D8; completed A3 C2 E2 = 7.
        assert_eq!(
            figures("S1"),
            ([Some(20.0), Some(2.0), Some(8.0), Some(7.0)], [Some(5), Some(1), Some(1), Some(3)])
        );
        // S2: committed B5 F3 = 8; completed B5.
        assert_eq!(
            figures("S2"),
            ([Some(8.0), Some(0.0), Some(0.0), Some(5.0)], [Some(2), Some(0), Some(0), Some(1)])
        );
        close(sprint(&report, "S1").say_do, 7.0 / 20.0);
        close(sprint(&report, "S1").scope_change, (2.0 - 8.0) / 20.0);
        close(sprint(&report, "S2").say_do, 5.0 / 8.0);
        let carried: Vec<&str> = report.carried_over.iter().map(|item| item.key.as_str()).collect();
        assert_eq!(carried, ["B", "F"]);
        assert_eq!(sprint(&report, "S1").carried_over_items, Some(2));
    }

    #[test]
    fn no_sprints_give_empty_figures() {
        let report = run(&Table::Sprints.empty_frame(), &items(&[]), &history(&[]));
        assert!(report.sprints.is_empty() && report.teams.is_empty() && report.carried_over.is_empty());
        let settings = VelocitySettings { date_only_start_hour: 24.0, ..VelocitySettings::default() };
        let refused = velocity_of(&Table::Sprints.empty_frame(), &items(&[]), &history(&[]), &settings);
        assert!(matches!(refused, Err(VelocityError::BadSetting { .. })));
    }
}
