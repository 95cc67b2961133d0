//! `refine health --previous SNAPSHOT` through the public path (`run::health_review` with a
//! previous workspace): two hand-made exports of one small backlog a quarter apart,
//! datasets/fixtures/health-previous.csv (as of 2026-06-30T09:00Z) and health-current.csv (as of
//! 2026-09-30T09:00Z). Between them items were added, closed, deleted, reopened, re-estimated
//! and re-prioritised; every expected value below is worked out by hand from the two files.
//!
//! Neither export has sprints or a history, so there is no velocity: the near top is the top 20
//! ranked items, which is every open item (14 then, 14 now). The ranking is the default
//! composite, whose only component here is the estimate (smaller first); unestimated items come
//! after, by priority, then created.

use std::path::PathBuf;

use refine_engine::config::Config;
use refine_engine::health::snapshot::{ClosedItem, SnapshotSummary};
use refine_engine::load::{LoadOptions, Workspace, load_inputs};
use refine_engine::run::health_review;

/// A key with its estimate then, now and the change.
type EstimateChange<'a> = (&'a str, Option<f64>, Option<f64>, Option<f64>);

/// 2026-09-30T09:00:00Z: APP-18's resolved date, the latest of the current export.
const CURRENT_AS_OF: i64 = 1_790_758_800_000;

fn fixture(name: &str) -> Workspace {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/fixtures").join(name);
    load_inputs(&[path], &LoadOptions::default()).unwrap()
}

fn close(actual: Option<f64>, expected: f64, what: &str) {
    let actual = actual.unwrap_or_else(|| panic!("{what}: no value"));
    assert!((actual - expected).abs() < 1e-9, "{what}: {actual} != {expected}");
}

#[test]
fn a_quarter_of_changes_between_two_exports_is_listed_and_scored() {
    let (previous, current) = (fixture("health-previous.csv"), fixture("health-current.csv"));
    let as_of = current.latest_timestamp().unwrap();
    assert_eq!(as_of, CURRENT_AS_OF);
    let (_, review) = health_review(&current, &Config::default(), as_of, Some(&previous)).unwrap();
    let changes = review.changes.as_ref().expect("a previous snapshot gives changes");
    assert!(changes.warnings.is_empty(), "{:?}", changes.warnings);

    // Added: in the current export only, whatever the status (APP-18 was added and finished).
    let added: Vec<(&str, Option<&str>)> =
        changes.added.iter().map(|item| (item.key.as_str(), item.status.as_deref())).collect();
    assert_eq!(added, [("APP-17", Some("To Do")), ("APP-18", Some("Done"))]);
    // Closed: APP-13 was in progress and is done; APP-14 was open and is no longer exported.
    assert_eq!(
        changes.closed,
        [
            ClosedItem {
                key: "APP-13".into(),
                title: Some("Promo code rejected on mobile".into()),
                status: Some("Done".into()),
                gone: false
            },
            ClosedItem { key: "APP-14".into(), title: Some("Dark mode".into()), status: None, gone: true },
        ]
    );
    let reopened: Vec<(&str, Option<&str>)> =
        changes.reopened.iter().map(|item| (item.key.as_str(), item.status.as_deref())).collect();
    assert_eq!(reopened, [("APP-15", Some("Reopened"))]);

    // Re-estimated: APP-3's estimate was cleared, APP-7 grew, APP-12 was cut down to a point.
    let estimates: Vec<EstimateChange<'_>> = changes
        .re_estimated
        .iter()
        .map(|item| (item.key.as_str(), item.previous, item.current, item.change))
        .collect();
    assert_eq!(
        estimates,
        [
            ("APP-3", Some(3.0), None, None),
            ("APP-7", Some(7.0), Some(13.0), Some(6.0)),
            ("APP-12", Some(20.0), Some(1.0), Some(-19.0)),
        ]
    );

    // Rankings. Then (estimates 1..11, 12, 20, none): APP-1 … APP-11 at ranks 1–11, APP-13 12,
    // APP-12 13, APP-14 14. Now: APP-12 and APP-1 tie at 1 point and are both High, so the
    // older APP-12 is 1st and APP-1 2nd; APP-2 3, APP-15 4 (2 points, created after APP-2),
    // APP-4 5, APP-5 6, APP-6 7, APP-8 8, APP-9 9, APP-10 10, APP-11 11, APP-7 12 (13 points),
    // then the unestimated APP-3 13 and APP-17 14 (both High, APP-3 older).
    // Places among the twelve keys ranked in both (APP-1 … APP-12): APP-12 moved from 11th to
    // 0th, 11 places up, more than the 10 that count; APP-3 (−9) and APP-7 (−4) moved less.
    // APP-5's priority was raised, its place unchanged (4th then and now).
    let priorities: Vec<_> = changes
        .re_prioritised
        .iter()
        .map(|item| {
            (
                item.key.as_str(),
                item.previous_priority.as_deref(),
                item.current_priority.as_deref(),
                item.previous_rank,
                item.current_rank,
                item.rank_move,
                item.why.as_str(),
            )
        })
        .collect();
    assert_eq!(
        priorities,
        [
            ("APP-5", Some("Medium"), Some("High"), Some(5), Some(6), Some(0), "priority Medium → High"),
            (
                "APP-12",
                Some("Low"),
                Some("High"),
                Some(13),
                Some(1),
                Some(11),
                "priority Low → High; moved up 11 places"
            ),
        ]
    );

    // 16 items then, 17 now (APP-14 gone, APP-17 and APP-18 new); 14 open each time. Open points
    // then 1 + 2 + … + 11 + 20 (APP-12) + 12 (APP-13) = 98 (APP-14 unestimated); now
    // 1 + 2 + 4 + 5 + 6 + 13 + 8 + 9 + 10 + 11 + 1 (APP-12) + 2 (APP-15) = 72.
    assert_eq!(
        changes.summary,
        SnapshotSummary {
            previous_items: 16,
            current_items: 17,
            previous_open: 14,
            current_open: 14,
            previous_open_points: 98.0,
            current_open_points: 72.0,
            added: 2,
            closed: 2,
            reopened: 1,
            re_estimated: 3,
            re_prioritised: 2,
        }
    );

    // Scores of 14 open items each time (every one in the near top).
    // Detailed (description ≥ 50 characters with Given/When/Then): then APP-1, 2, 5, 8, 11, 13
    // = 6; now APP-1, 2, 4 (written since), 5, 8, 11, 15 = 7.
    let detailed = (600.0 / 14.0, 700.0 / 14.0);
    // Estimated and under 13 points: then 13 estimated less APP-12 (20) = 12; now 12 estimated
    // (APP-3, APP-17 not) less APP-7 (13) = 11.
    let estimated = (1200.0 / 14.0, 1100.0 / 14.0);
    // Emergent over the 91 days up to each as-of date. Then: created APP-8, 9, 11, 13 = 4,
    // resolved APP-15 = 1, flow factor 1.5 × 1 / 4; stale (idle > 90 days) APP-4, 7, 10, 12, 14
    // = 5. Now: created APP-17, 18 = 2, resolved APP-13, 18 = 2, factor 1; stale APP-2, 6, 9,
    // 10 = 4.
    let emergent = (100.0 * (9.0 / 14.0) * (1.5 / 4.0), 100.0 * (10.0 / 14.0));
    // Prioritized = 100 × (ranked share + priority factor) / 2. Then: 12 of 14 with a tracker
    // rank (APP-9, 10 without); High 3 of 14 ≤ 30 %, factor 1. Now: 11 of 14 (APP-9, 10, 17
    // without); High APP-1, 3, 5, 12, 17 = 5 of 14 > 30 %, factor (1 − 5/14) / 0.7 = 45/49.
    let prioritized = (100.0 * (12.0 / 14.0 + 1.0) / 2.0, 100.0 * (11.0 / 14.0 + 45.0 / 49.0) / 2.0);
    let mean = |parts: [f64; 4]| parts.iter().sum::<f64>() / 4.0;
    let overall = (
        mean([detailed.0, estimated.0, emergent.0, prioritized.0]),
        mean([detailed.1, estimated.1, emergent.1, prioritized.1]),
    );
    let expected = [
        ("overall", overall),
        ("detailed", detailed),
        ("estimated", estimated),
        ("emergent", emergent),
        ("prioritized", prioritized),
    ];
    let names: Vec<&str> = changes.scores.iter().map(|score| score.name.as_str()).collect();
    assert_eq!(names, expected.map(|(name, _)| name));
    for (score, (name, (then, now))) in changes.scores.iter().zip(expected) {
        close(score.previous, then, &format!("{name} then"));
        close(score.current, now, &format!("{name} now"));
        close(score.change, now - then, &format!("{name} change"));
    }
    // The current side is the review's own scorecard.
    close(review.scorecard.overall.score, overall.1, "the scorecard's overall score");
}
