#![allow(clippy::unwrap_used)]

use super::*;
use polars::prelude::DataFrame;

use crate::health::test_frames::{TestRow, items, links, ranking};
use crate::model::items as column;

fn row(key: &str, status: &str, category: &str, rank: i64) -> TestRow {
    TestRow::new()
        .text(column::KEY, key)
        .text(column::STATUS, status)
        .text(column::STATUS_CATEGORY, category)
        .integer(column::RANK, rank)
}

/// [`dependency_findings`] of two canonical frames.
fn findings_of(items: &DataFrame, links: &DataFrame, ranking: &[RankedItem]) -> DependencyReport {
    dependency_findings(&Items::decode(items).unwrap(), &Links::decode(links).unwrap(), ranking)
}

/// A (To Do, backlog 1), B (2), C (In Progress, 3), D (4), E (Done, 5), F (6), G (7), H (8).
fn backlog() -> DataFrame {
    items(&[
        row("A", "To Do", "todo", 1),
        row("B", "To Do", "todo", 2),
        row("C", "In Progress", "in_progress", 3),
        row("D", "To Do", "todo", 4),
        row("E", "Done", "done", 5),
        row("F", "To Do", "todo", 6),
        row("G", "To Do", "todo", 7),
        row("H", "To Do", "todo", 8),
    ])
}

fn keys(report: &DependencyReport, kind: DependencyFindingKind) -> Vec<(String, Vec<String>)> {
    report
        .findings
        .iter()
        .filter(|finding| finding.kind == kind)
        .map(|finding| (finding.key.clone(), finding.related.clone()))
        .collect()
}

fn pair(key: &str, related: &[&str]) -> (String, Vec<String>) {
    (key.to_owned(), related.iter().map(|key| (*key).to_owned()).collect())
}

#[test]
fn every_kind_of_finding_on_a_small_backlog() {
    let links = links(&[
        ("C", "A", "blocks"),  // A blocked by C (in progress); C below A in rank and backlog
        ("D", "B", "blocks"),  // B blocked by D; D not ranked; D below B in the backlog
        ("E", "F", "blocks"),  // F blocked by a done item: stale, not blocked
        ("F", "E", "relates"), // F relates to a done item: stale
        ("G", "H", "blocks"),  // G ⇄ H: a cycle, both blocked, no "ranked below" inside it
        ("H", "G", "blocks"),
        ("A", "X-9", "relates"),  // unknown item
        ("A", "E", "duplicates"), // A duplicates a done item
    ]);
    // An explicit ranking: A first although C blocks it; D filtered out.
    let report = findings_of(&backlog(), &links, &ranking(&["A", "C", "B", "G", "H", "F"]));

    use DependencyFindingKind::*;
    assert_eq!(
        keys(&report, Blocked),
        [pair("A", &["C"]), pair("B", &["D"]), pair("G", &["H"]), pair("H", &["G"])]
    );
    assert_eq!(keys(&report, BlockerRankedBelow), [pair("C", &["A"]), pair("D", &["B"])]);
    assert_eq!(keys(&report, BlockerBelowInBacklog), [pair("C", &["A"]), pair("D", &["B"])]);
    assert_eq!(keys(&report, Cycle), [pair("G", &["H"])]);
    assert_eq!(keys(&report, LinkToDone), [pair("A", &["E"]), pair("F", &["E"]), pair("F", &["E"])]);
    assert_eq!(keys(&report, UnknownItem), [pair("A", &["X-9"])]);
    assert_eq!(
        report.counts,
        DependencyCounts {
            blocked: 4,
            blocker_ranked_below: 2,
            blocker_below_in_backlog: 2,
            cycles: 1,
            links_to_done: 3,
            unknown_items: 1
        }
    );

    let why: Vec<&str> = report.findings.iter().map(|finding| finding.why.as_str()).collect();
    assert!(why.contains(&"blocked by C (In Progress), not done yet"), "{why:#?}");
    assert!(why.contains(&"ranks 2 but blocks A (rank 1): move it up or drop the link"));
    assert!(why.contains(&"blocks B (rank 3) but is not in the ranking (filtered out or below the cut)"));
    assert!(why.contains(&"is at 4 in the backlog but blocks B at 2: move it above"));
    assert!(why.contains(&"G → H → G block one another: none can finish until a link is dropped"));
    assert!(why.contains(&"blocked by E, which is done: drop the stale link or reopen the done item"));
    assert!(why.contains(&"duplicates E, which is done: close it as a duplicate too"));
    assert!(why.contains(&"relates to X-9, which is not in the backlog: check the key or the export"));
    assert_eq!(report.findings[0].rank, Some(1));
    assert_eq!(report.blocked_by().get("B"), Some(&vec!["D".to_owned()]));
}

#[test]
fn refine_ranking_with_blockers_ahead_leaves_only_the_backlog_order_finding() {
    let links = links(&[("C", "A", "blocks")]);
    let report = findings_of(&backlog(), &links, &ranking(&["C", "A", "B"]));
    use DependencyFindingKind::*;
    assert_eq!(report.counts.blocker_ranked_below, 0);
    assert_eq!(keys(&report, BlockerBelowInBacklog), [pair("C", &["A"])]);
    // Without a ranking there is nothing to be ranked below.
    let unranked = findings_of(&backlog(), &links, &[]);
    assert_eq!(unranked.counts.blocker_ranked_below, 0);
    assert_eq!(unranked.findings[0].rank, None);
}

#[test]
fn parents_self_links_and_done_pairs() {
    let links = links(&[
        ("E", "A", "parent"), // open child of a done parent: stale
        ("A", "E", "parent"), // done child of an open parent: normal
        ("B", "B", "blocks"), // blocks itself: a one-item cycle, not "blocked"
        ("B", "B", "relates"),
        ("E", "E", "relates"),
    ]);
    let report = findings_of(&backlog(), &links, &[]);
    use DependencyFindingKind::*;
    assert_eq!(keys(&report, LinkToDone), [pair("A", &["E"])]);
    assert_eq!(
        report.findings.iter().find(|finding| finding.kind == LinkToDone).unwrap().why,
        "its parent is E, which is done: move it to an open parent or reopen the parent"
    );
    assert_eq!(keys(&report, Cycle), [pair("B", &[])]);
    assert_eq!(report.counts.blocked, 0);
}

#[test]
fn empty_frames_and_empty_views_give_an_empty_report() {
    let empty = findings_of(
        &crate::model::Table::Items.empty_frame(),
        &crate::model::Table::Links.empty_frame(),
        &[],
    );
    assert_eq!(empty, DependencyReport::default());
    let bare = dependency_findings(&Items::default(), &Links::default(), &[]);
    assert!(bare.findings.is_empty());
}

#[test]
fn interlocked_cycles_are_one_tangle_with_a_warning() {
    // F ⇄ G and G ⇄ H: one component {F, G, H}; the shortest cycle from F is F G.
    let links =
        links(&[("F", "G", "blocks"), ("G", "F", "blocks"), ("G", "H", "blocks"), ("H", "G", "blocks")]);
    let report = findings_of(&backlog(), &links, &[]);
    assert_eq!(keys(&report, DependencyFindingKind::Cycle), [pair("F", &["G"])]);
    assert_eq!(report.counts.blocker_below_in_backlog, 0, "links inside the tangle are not inversions");
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
}
