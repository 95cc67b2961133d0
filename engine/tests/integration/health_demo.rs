//! The health analysis over the bundled demo workspace (datasets/demo): ranked with the default
//! prioritization, velocity from its sprint report, as of 2026-11-13T18:00Z (the demo's as-of
//! date). Expected values come from a python3 script over datasets/demo/backlog.csv and
//! sprints.csv (csv module; Jira's `dd/Mon/yy h:mm AM` dates read as UTC; the
//! acceptance-criteria pattern of engine/src/load/description.rs as a Python regex), written
//! before looking at what refine gives; the per-key checks of the near top replay the same
//! script over the keys refine put there.

use std::path::PathBuf;

use refine_engine::config::Config;
use refine_engine::health::{HealthReport, HealthSettings, NearTopBasis, ReadyRule, TypeGroup, health};
use refine_engine::load::{LoadOptions, Workspace, load_inputs};
use refine_engine::model::Table;
use refine_engine::model::view::{Items, Links};
use refine_engine::run::{PrioritizeOptions, prioritize};
use refine_engine::velocity::velocity;

const AS_OF: i64 = 1_794_592_800_000; // 2026-11-13T18:00:00Z

fn demo() -> Workspace {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo");
    load_inputs(&[demo], &LoadOptions::default()).unwrap()
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.unwrap();
    assert!((actual - expected).abs() < 1e-6, "{actual} != {expected}");
}

fn run() -> HealthReport {
    let workspace = demo();
    let config = Config::default();
    let ranking = prioritize(&workspace, &config, &PrioritizeOptions::default()).unwrap().ranking;
    let (sprints, items, history) =
        (workspace.table(Table::Sprints), workspace.table(Table::Items), workspace.table(Table::History));
    let velocity = velocity(
        &refine_engine::model::view::Sprints::decode(&sprints).unwrap(),
        &refine_engine::model::view::Items::decode(&items).unwrap(),
        &refine_engine::model::view::History::decode(&history).unwrap(),
        &config.status,
        &config.velocity,
    )
    .unwrap();
    let average = velocity.teams.first().and_then(|team| team.mean);
    // python: mean of the last 7 completed_points of sprints.csv = 220 / 7.
    close(average, 220.0 / 7.0);
    let (items, links) = (workspace.table(Table::Items), workspace.table(Table::Links));
    health(
        &Items::decode(&items).unwrap(),
        &Links::decode(&links).unwrap(),
        &ranking.items,
        average,
        AS_OF,
        &HealthSettings::default(),
    )
    .unwrap()
}

#[test]
fn the_demo_backlog_health_matches_an_independent_count() {
    let report = run();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    // python: 239 items whose Status Category is not Done.
    assert_eq!(report.open_items, 239);

    // Near top: capacity 2 × 220/7 = 62.857 points; the median estimate of the open non-epic
    // items is 3. The 23 keys refine chose sum to 61 points before the last (< 62.857) and 64
    // with it, so the 23rd is the one that fills the capacity.
    let near_top = &report.near_top;
    assert_eq!(near_top.basis, NearTopBasis::Capacity);
    close(near_top.capacity_points, 440.0 / 7.0);
    close(near_top.median_estimate, 3.0);
    assert_eq!(near_top.keys.len(), 23);
    close(Some(near_top.counted_points), 64.0);
    assert_eq!(near_top.keys.first().map(String::as_str), Some("SHOP-140"));

    // Detailed: of those 23, 4 have ≥ 50 characters and acceptance criteria (SHOP-227, -329,
    // -261, -408); 38 open non-epics below them are as detailed.
    assert_eq!(report.detailed.detailed_items, 4);
    close(report.detailed.score, 400.0 / 23.0);
    assert_eq!(report.detailed.detailed_lower_items, 38);
    // Estimated: 5 of the 23 are estimated, none at 13 or more or above 220/14 = 15.7 points.
    assert_eq!((report.estimated.estimated_items, report.estimated.sized_items), (5, 5));
    close(report.estimated.score, 500.0 / 23.0);
    // Open non-epics at 13 points or more: 9 × 13, 7 × 20, 5 × 40 = 21.
    assert_eq!(report.estimated.oversized.len(), 21);

    // Emergent: window (2026-08-14T18:00, 2026-11-13T18:00]: 65 created, 60 resolved (65 ≤ 1.5
    // × 60: flow factor 1). 138 of the 239 open items were last updated more than 90 days
    // before; the longest idle is SHOP-1 (375.254 days).
    let emergent = &report.emergent;
    assert_eq!((emergent.inflow, emergent.outflow), (65, 60));
    assert_eq!(emergent.flow_factor, 1.0);
    assert_eq!(emergent.stale_items, 138);
    close(emergent.score, 100.0 * (1.0 - 138.0 / 239.0));
    assert_eq!(emergent.stale[0].key, "SHOP-1");
    assert!((emergent.stale[0].idle_days - 375.2542).abs() < 1e-3);
    let buckets: Vec<usize> = emergent.age_buckets.iter().map(|bucket| bucket.items).collect();
    assert_eq!(buckets, [28, 26, 48, 106, 31]);
    close(emergent.median_age_days, 224.097_916_666_666_66);
    assert_eq!(emergent.weeks.len(), 14);
    assert!(!emergent.removal_candidates.is_empty());

    // Prioritized: every item has a Jira rank; High 28 + Highest 2 = 30 of 239 (12.6 %) is no
    // inflation.
    let prioritized = &report.prioritized;
    assert_eq!((prioritized.ranked_items, prioritized.high_priority_items), (239, 30));
    assert!(!prioritized.inflated);
    close(prioritized.score, 100.0);

    // Overall: the four parts weighted equally.
    let expected = (400.0 / 23.0 + 500.0 / 23.0 + 100.0 * (1.0 - 138.0 / 239.0) + 100.0) / 4.0;
    close(report.overall.score, expected);

    // Definition of Ready over the 227 open non-epics (every one is ranked).
    let ready = &report.ready;
    assert_eq!(ready.checked_items, 227);
    let passed: Vec<(ReadyRule, usize)> = ready.rules.iter().map(|rule| (rule.rule, rule.passed)).collect();
    assert_eq!(
        passed,
        [
            (ReadyRule::HasDescription, 117),
            (ReadyRule::HasAcceptanceCriteria, 42),
            (ReadyRule::Estimated, 134),
            (ReadyRule::NotOversized, 206),
            (ReadyRule::NotBlocked, 217),
        ]
    );
    assert_eq!(ready.ready_items, 19);
    assert_eq!(ready.near_top_items, 23);

    // Type mix: Story 130 + Epic 12 features, Bug 48, Task 36 debt, Spike 13.
    let groups: Vec<(TypeGroup, usize)> =
        report.type_mix.groups.iter().map(|group| (group.group, group.items)).collect();
    assert_eq!(
        groups,
        [
            (TypeGroup::Bug, 48),
            (TypeGroup::Feature, 142),
            (TypeGroup::Debt, 36),
            (TypeGroup::Spike, 13),
            (TypeGroup::Other, 0)
        ]
    );
}
