//! Velocity and flow on real data: the sprint reports of Apache and JBoss Jira boards, the
//! Duraspace Jira changelog, and the bundled demo workspace as a smoke test.
//!
//! Expected values were computed independently with python3 over the files (the scripts are
//! quoted in the comments); the Rust figures must match them to 1e-9.

use std::path::PathBuf;

use refine_engine::flow::{FlowSettings, flow};
use refine_engine::load::{LoadOptions, Workspace, load_inputs};
use refine_engine::model::status::StatusRules;
use refine_engine::model::view::{History, Items, Sprints};
use refine_engine::model::{Table, conform, sprints};
use refine_engine::velocity::{
    SprintOrder, SprintSource, TeamVelocity, VelocityReport, VelocitySettings, velocity,
};

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.unwrap();
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

fn load(path: PathBuf) -> Workspace {
    load_inputs(&[path], &LoadOptions::default()).unwrap()
}

fn velocity_of(workspace: &Workspace) -> VelocityReport {
    velocity_with_sprints(workspace, &workspace.table(Table::Sprints))
}

fn velocity_with_sprints(workspace: &Workspace, sprints: &polars::prelude::DataFrame) -> VelocityReport {
    let (items, history) = (workspace.table(Table::Items), workspace.table(Table::History));
    velocity(
        &Sprints::decode(sprints).unwrap(),
        &Items::decode(&items).unwrap(),
        &History::decode(&history).unwrap(),
        &StatusRules::default(),
        &VelocitySettings::default(),
    )
    .unwrap()
}

fn flow_of(workspace: &Workspace, as_of: i64) -> refine_engine::flow::FlowReport {
    let (items, history) = (workspace.table(Table::Items), workspace.table(Table::History));
    let (items, history) = (Items::decode(&items).unwrap(), History::decode(&history).unwrap());
    flow(&items, &history, &StatusRules::default(), as_of, &FlowSettings::default()).unwrap()
}

fn team<'a>(report: &'a VelocityReport, board: &str) -> &'a TeamVelocity {
    report.teams.iter().find(|team| team.team.as_deref() == Some(board)).unwrap()
}

fn say_do(report: &VelocityReport, board: &str) -> Vec<(String, Option<f64>)> {
    report
        .sprints
        .iter()
        .filter(|sprint| sprint.team.as_deref() == Some(board))
        .map(|sprint| (sprint.sprint_id.clone().unwrap(), sprint.say_do))
        .collect()
}

fn assert_say_do(actual: &[(String, Option<f64>)], expected: &[(&str, Option<f64>)]) {
    assert_eq!(actual.len(), expected.len());
    for ((id, value), (expected_id, expected_value)) in actual.iter().zip(expected) {
        assert_eq!(id, expected_id);
        match expected_value {
            Some(expected_value) => close(*value, *expected_value),
            None => assert_eq!(*value, None, "sprint {id}"),
        }
    }
}

/// The python3 of both sprint tests (argv: file, board):
/// ```text
/// b = sorted((r for r in csv.DictReader(open(f)) if r['board'] == board), key=lambda r: float(r['sprint_id']))
/// y = [float(r['completed_points']) for r in b]; w = y[-7:]
/// say_do = completed / committed (None when committed is 0)
/// statistics.mean(w), .median(w), .stdev(w), stdev/mean; least-squares slope of y over 0..n-1;
/// mean of the last 7 say/do values that exist
/// ```
#[test]
fn apache_board_37_say_do_and_rolling_velocity() {
    let Some(path) = crate::support::shared_data("sprints/apache-sprints.csv") else { return };
    let report = velocity_of(&load(path));
    assert_eq!(report.source, SprintSource::Report);
    assert_eq!(report.teams.len(), 17, "17 boards");
    let board = team(&report, "37");
    assert_eq!((board.sprint_order, board.sprints, board.window), (SprintOrder::SprintId, 27, 7));
    assert_say_do(
        &say_do(&report, "37"),
        &[
            ("7", Some(0.5)),
            ("11", Some(7.5)),
            ("13", None),
            ("15", None),
            ("23", Some(1.0 / 3.0)),
            ("26", Some(1.380952380952381)),
            ("39", Some(0.75)),
            ("42", Some(1.375)),
            ("46", Some(1.1333333333333333)),
            ("52", Some(1.0)),
            ("53", Some(1.25)),
            ("56", None),
            ("59", Some(1.0625)),
            ("62", Some(0.75)),
            ("73", Some(0.21212121212121213)),
            ("76", Some(0.8372093023255814)),
            ("85", Some(0.7241379310344828)),
            ("92", Some(0.8181818181818182)),
            ("100", Some(0.5)),
            ("105", Some(0.7916666666666666)),
            ("112", Some(0.5833333333333334)),
            ("117", Some(3.7)),
            ("127", Some(1.3888888888888888)),
            ("131", Some(1.0)),
            ("139", None),
            ("151", Some(1.8461538461538463)),
            ("156", Some(2.3333333333333335)),
        ],
    );
    close(board.mean, 21.714285714285715);
    close(board.median, 24.0);
    close(board.std, 9.961831921795069);
    close(board.predictability_cv, 0.4587685753458255);
    close(board.trend_slope, 0.48595848595848595);
    close(board.mean_say_do, 1.8086182336182337);
    // The last sprint's rolling figures are the board's.
    let last = report.sprints.iter().rfind(|sprint| sprint.team.as_deref() == Some("37")).unwrap();
    close(last.rolling_mean, 21.714285714285715);
}

#[test]
fn jboss_board_490_say_do_and_rolling_velocity() {
    let Some(path) = crate::support::shared_data("sprints/jboss-sprints.csv") else { return };
    let report = velocity_of(&load(path));
    assert_eq!(report.teams.len(), 34, "34 boards");
    let board = team(&report, "490");
    assert_eq!((board.sprints, board.counted_sprints), (17, 17));
    assert_say_do(
        &say_do(&report, "490"),
        &[
            ("970", Some(0.7222222222222222)),
            ("1051", Some(0.0)),
            ("1081", Some(0.0)),
            ("1171", Some(0.2)),
            ("1191", Some(0.25)),
            ("1341", Some(0.0)),
            ("1381", Some(1.0)),
            ("1391", Some(0.4)),
            ("1551", Some(1.6)),
            ("1561", Some(0.45454545454545453)),
            ("1571", Some(0.6666666666666666)),
            ("1601", Some(0.0)),
            ("1631", Some(0.5)),
            ("1841", Some(2.0)),
            ("1861", Some(1.0)),
            ("1890", Some(1.0)),
            ("2180", Some(0.8571428571428571)),
        ],
    );
    close(board.mean, 6.0);
    close(board.median, 6.0);
    close(board.std, 4.898979485566356);
    close(board.predictability_cv, 0.8164965809277259);
    close(board.trend_slope, -0.5735294117647058);
    close(board.mean_say_do, 0.8605442176870748);
}

/// Cycle times from the changelog, as of 2030 (every change counts). python3 (the rules of
/// engine/src/flow; statuses Open/Reopened todo, In Progress/In Review in progress,
/// Closed/Resolved done, Received unmapped; changes sorted by time, stably):
/// ```text
/// state = cat(first from); started = created if state == 'ip' else None; done_entry = None
/// for at, from, to in changes: c = cat(to); skip None; first 'ip' → started;
///     'done' entered from non-done → done_entry = at; state = c
/// done items: cycle = done_entry − started when started, else "without progress"
/// → 247 cycle times, 376 without progress, 0 without history; median 2.22102 days,
///   p85 (nearest rank) 25.800836863425925, p95 64.34432987268518;
///   623 lead times, median 27.975851666666667, p85 165.5144877314815
/// ```
#[test]
fn duraspace_cycle_times_from_the_changelog() {
    let Some(path) = crate::support::shared_data("jira/duraspace-search.json") else { return };
    let workspace = load(path);
    let as_of = 1_893_456_000_000; // 2030-01-01
    let report = flow_of(&workspace, as_of);
    assert_eq!(report.cycle_time.count, 247);
    assert_eq!(report.done_without_progress, 376, "most finished items skip in progress");
    assert_eq!(report.done_without_history, 0);
    assert_eq!(report.finished.len(), 623, "611 Closed + 12 Resolved");
    close(report.cycle_time.median_days, 2.22102);
    close(report.cycle_time.percentile(85.0), 25.800836863425925);
    close(report.cycle_time.percentile(95.0), 64.34432987268518);
    assert_eq!(report.lead_time.count, 623);
    close(report.lead_time.median_days, 27.975851666666667);
    close(report.lead_time.percentile(85.0), 165.5144877314815);
    assert!(report.warnings.iter().any(|warning| warning.contains("Received")), "{:?}", report.warnings);
    let weekly: usize = report.throughput.iter().map(|week| week.items).sum();
    assert_eq!(weekly, 623);
    // No sprint report in a Jira export: the 14 sprints are derived from the items and history.
    let sprints = velocity_of(&workspace);
    assert_eq!((sprints.source, sprints.sprints.len()), (SprintSource::Derived, 14));
}

fn demo() -> Workspace {
    load(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo"))
}

/// datasets/README.md: say/do is 0.8–1.1 in nine sprints, 0.64–0.65 in two and 1.24 in one.
#[test]
fn demo_velocity_has_twelve_sprints_with_the_stated_say_do() {
    let workspace = demo();
    let report = velocity_of(&workspace);
    assert_eq!(report.source, SprintSource::Report);
    assert_eq!(report.sprints.len(), 12);
    assert_eq!(report.teams.len(), 1);
    assert_eq!(report.teams[0].sprint_order, SprintOrder::Start);
    let values: Vec<f64> = report.sprints.iter().map(|sprint| sprint.say_do.unwrap()).collect();
    let count = |low: f64, high: f64| values.iter().filter(|value| (low..=high).contains(*value)).count();
    assert_eq!(count(0.8, 1.1), 9, "{values:?}");
    assert_eq!(count(0.635, 0.655), 2, "{values:?}");
    assert_eq!(count(1.235, 1.245), 1, "{values:?}");
    assert!(!report.carried_over.is_empty(), "the demo has carry-over");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

/// The demo's sprint report is computed from its items' sprint moves and resolutions, so
/// deriving the sprints from items + history (with the report's dates only) gives it back.
#[test]
fn demo_sprints_derived_from_history_match_its_report() {
    let workspace = demo();
    let report_frame = workspace.table(Table::Sprints);
    let identity = report_frame
        .select([sprints::TEAM, sprints::SPRINT_ID, sprints::SPRINT, sprints::START, sprints::END])
        .unwrap();
    let dates_only = conform(Table::Sprints, identity).unwrap();
    let derived = velocity_with_sprints(&workspace, &dates_only);
    let reported = velocity_of(&workspace);
    assert_eq!(derived.source, SprintSource::Derived);
    let figures = |report: &VelocityReport| -> Vec<_> {
        report
            .sprints
            .iter()
            .map(|sprint| {
                (
                    sprint.sprint.clone(),
                    [
                        sprint.committed_points,
                        sprint.added_points,
                        sprint.removed_points,
                        sprint.completed_points,
                    ],
                    [
                        sprint.committed_items,
                        sprint.added_items,
                        sprint.removed_items,
                        sprint.completed_items,
                    ],
                )
            })
            .collect()
    };
    assert_eq!(figures(&derived), figures(&reported));
}

#[test]
fn demo_flow_smoke() {
    let workspace = demo();
    let as_of = 1_794_592_800_000; // 2026-11-13T18:00:00Z, the demo's as-of date
    let report = flow_of(&workspace, as_of);
    assert!(report.cycle_time.count > 100, "{}", report.cycle_time.count);
    assert!(report.done_without_progress > 0);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(report.throughput.last().unwrap().week, "2026-W46");
    let mondays: Vec<_> = report.throughput.iter().map(|week| week.week_start).collect();
    assert!(mondays.windows(2).all(|pair| (pair[1] - pair[0]).num_days() == 7));
    assert!(report.aging.iter().all(|item| item.age_days.is_some_and(|age| age >= 0.0)));
}
