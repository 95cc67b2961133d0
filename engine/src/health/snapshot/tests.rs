#![allow(clippy::unwrap_used)]

use super::*;
use polars::prelude::DataFrame;

use crate::health::test_frames::{TestRow, items, ranking};
use crate::model::items as column;
use crate::model::view::Items;

/// A name or key with two sides and their change.
type Change<'a> = (&'a str, Option<f64>, Option<f64>, Option<f64>);

fn row(key: &str, category: &str, estimate: Option<f64>, priority: &str, rank: i64) -> TestRow {
    let row = TestRow::new()
        .text(column::KEY, key)
        .text(column::TITLE, key)
        .text(column::STATUS, if category == "done" { "Done" } else { "To Do" })
        .text(column::STATUS_CATEGORY, category)
        .text(column::PRIORITY, priority)
        .integer(column::RANK, rank);
    match estimate {
        Some(points) => row.number(column::ESTIMATE, points),
        None => row,
    }
}

/// [`compare`] of two canonical frames.
fn compare_frames(
    previous: &DataFrame,
    current: &DataFrame,
    previous_ranking: Option<&[RankedItem]>,
    current_ranking: &[RankedItem],
    min_rank_move: usize,
) -> SnapshotDiff {
    let (previous, current) = (Items::decode(previous).unwrap(), Items::decode(current).unwrap());
    compare(&previous, &current, previous_ranking, current_ranking, min_rank_move)
}

fn previous() -> DataFrame {
    items(&[
        row("A", "todo", Some(3.0), "High", 1),
        row("B", "todo", Some(5.0), "Medium", 2),
        row("C", "todo", None, "Medium", 3),
        row("D", "done", Some(2.0), "Medium", 4),
        row("E", "todo", Some(8.0), "Low", 5),
        row("F", "todo", Some(1.0), "Low", 6),
    ])
}

fn current() -> DataFrame {
    items(&[
        row("F", "todo", Some(1.0), "low", 1), // same priority (case ignored), moved up
        row("B", "todo", Some(8.0), "High", 2),
        row("C", "todo", Some(2.0), "Medium", 3),
        row("D", "todo", Some(2.0), "Medium", 4),
        row("G", "todo", Some(3.0), "Medium", 5),
        row("A", "done", Some(3.0), "High", 6),
    ])
}

fn keys<T>(list: &[T], key: impl Fn(&T) -> &str) -> Vec<&str> {
    list.iter().map(key).collect()
}

#[test]
fn every_change_between_two_small_snapshots() {
    // Common open ranked keys B, C, F: places then B0 C1 F2, now F0 B1 C2, so F moved up 2
    // places, B and C down 1 (not more than 1: not reported).
    let diff = compare_frames(&previous(), &current(), None, &[], 1);
    assert_eq!(keys(&diff.added, |item| &item.key), ["G"]);
    assert_eq!(keys(&diff.reopened, |item| &item.key), ["D"]);
    assert_eq!(
        diff.closed,
        [
            ClosedItem { key: "A".into(), title: Some("A".into()), status: Some("Done".into()), gone: false },
            ClosedItem { key: "E".into(), title: Some("E".into()), status: None, gone: true },
        ]
    );
    let estimates: Vec<Change<'_>> = diff
        .re_estimated
        .iter()
        .map(|change| (change.key.as_str(), change.previous, change.current, change.change))
        .collect();
    assert_eq!(estimates, [("B", Some(5.0), Some(8.0), Some(3.0)), ("C", None, Some(2.0), None)]);

    assert_eq!(keys(&diff.re_prioritised, |item| &item.key), ["B", "F"]);
    let b = &diff.re_prioritised[0];
    assert_eq!(
        (b.previous_priority.as_deref(), b.current_priority.as_deref()),
        (Some("Medium"), Some("High"))
    );
    assert_eq!((b.previous_rank, b.current_rank, b.rank_move), (Some(2), Some(2), Some(-1)));
    assert_eq!(b.why, "priority Medium → High");
    let f = &diff.re_prioritised[1];
    // F: 5th of the open items then (A B C E F), 1st now.
    assert_eq!((f.previous_rank, f.current_rank, f.rank_move), (Some(5), Some(1), Some(2)));
    assert_eq!(f.why, "moved up 2 places");

    // Open points then 3 + 5 + 8 + 1 = 17 (C unestimated), now 8 + 2 + 2 + 1 + 3 = 16.
    assert_eq!(
        diff.summary,
        SnapshotSummary {
            previous_items: 6,
            current_items: 6,
            previous_open: 5,
            current_open: 5,
            previous_open_points: 17.0,
            current_open_points: 16.0,
            added: 1,
            closed: 2,
            reopened: 1,
            re_estimated: 2,
            re_prioritised: 2,
        }
    );
    assert!(diff.warnings.is_empty(), "{:?}", diff.warnings);
}

#[test]
fn two_rankings_are_compared_when_both_are_given() {
    // Rankings: then A B C E F, now F B C D G. Common: B C F as above.
    let then = ranking(&["A", "B", "C", "E", "F"]);
    let now = ranking(&["F", "B", "C", "D", "G"]);
    let diff = compare_frames(&previous(), &current(), Some(&then), &now, 1);
    let f = diff.re_prioritised.iter().find(|item| item.key == "F").unwrap();
    assert_eq!((f.previous_rank, f.current_rank, f.rank_move), (Some(5), Some(1), Some(2)));
    // With the default threshold a 2-place move is not news; B's priority still is.
    let quiet = compare_frames(&previous(), &current(), Some(&then), &now, DEFAULT_MIN_RANK_MOVE);
    assert_eq!(keys(&quiet.re_prioritised, |item| &item.key), ["B"]);
}

#[test]
fn empty_and_unrelated_snapshots() {
    let empty = crate::model::Table::Items.empty_frame();
    let diff = compare_frames(&empty, &empty, None, &[], 0);
    assert_eq!(diff, SnapshotDiff::default());
    let everything_new = compare_frames(&empty, &current(), None, &[], 0);
    assert_eq!(everything_new.summary.added, 6);
    let other = items(&[row("Z-1", "todo", None, "Low", 1)]);
    let unrelated = compare_frames(&other, &current(), None, &[], 0);
    assert_eq!(unrelated.warnings.len(), 1);
    assert_eq!(unrelated.summary.closed, 1);
}

#[test]
fn score_changes_pair_by_name_and_keep_missing_sides() {
    let previous = [("overall".to_owned(), 60.0), ("detailed".to_owned(), 50.0), ("old".to_owned(), 1.0)];
    let current = [("overall".to_owned(), 70.5), ("detailed".to_owned(), f64::NAN), ("new".to_owned(), 3.0)];
    let changes = score_changes(&previous, &current);
    let rows: Vec<Change<'_>> = changes
        .iter()
        .map(|change| (change.name.as_str(), change.previous, change.current, change.change))
        .collect();
    assert_eq!(
        rows,
        [
            ("overall", Some(60.0), Some(70.5), Some(10.5)),
            ("detailed", Some(50.0), None, None),
            ("new", None, Some(3.0), None),
            ("old", Some(1.0), None, None),
        ]
    );
}
