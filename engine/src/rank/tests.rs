//! The ranking on small hand-built backlogs: every expected order is worked out in the comments.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::model::test_frame::{TestRow, frame};
use crate::model::view::FrameError;
use crate::model::{Table, items, links};

/// One backlog row for a test; `item("A-1")` is a todo Story without priority or date.
#[derive(Debug, Clone)]
struct Item {
    key: String,
    item_type: &'static str,
    status: &'static str,
    category: &'static str,
    priority: Option<&'static str>,
    created: Option<i64>,
    labels: Vec<&'static str>,
}

fn item(key: &str) -> Item {
    Item {
        key: key.to_owned(),
        item_type: "Story",
        status: "Backlog",
        category: "todo",
        priority: None,
        created: None,
        labels: Vec::new(),
    }
}

impl Item {
    fn priority(mut self, priority: &'static str) -> Self {
        self.priority = Some(priority);
        self
    }
    fn created(mut self, created: i64) -> Self {
        self.created = Some(created);
        self
    }
    fn done(mut self) -> Self {
        (self.status, self.category) = ("Closed", "done");
        self
    }
    fn typed(mut self, item_type: &'static str) -> Self {
        self.item_type = item_type;
        self
    }
    fn labels(mut self, labels: &[&'static str]) -> Self {
        self.labels = labels.to_vec();
        self
    }
}

impl Item {
    /// The item as a row of the items table.
    fn row(&self) -> TestRow {
        let row = TestRow::new()
            .text(items::KEY, &self.key)
            .text(items::TITLE, &format!("title of {}", self.key))
            .text(items::TYPE, self.item_type)
            .text(items::STATUS, self.status)
            .text(items::STATUS_CATEGORY, self.category)
            .text_or_null(items::PRIORITY, self.priority)
            .list(items::LABELS, &self.labels);
        match self.created {
            Some(created) => row.millis(items::CREATED, created),
            None => row,
        }
    }
}

/// A `blocks` link as a row of the links table.
fn blocks_row((from, to): &(String, String)) -> TestRow {
    TestRow::new().text(links::FROM, from).text(links::TO, to).text(links::KIND, "blocks")
}

fn scores(pairs: &[(&str, Option<f64>)]) -> Vec<ScoreInput> {
    pairs
        .iter()
        .map(|&(key, score)| ScoreInput {
            key: key.to_owned(),
            score,
            explanation: score
                .map_or_else(|| "no effort estimate".to_owned(), |score| format!("score {score}")),
            drivers: Vec::new(),
        })
        .collect()
}

#[derive(Debug, Clone)]
struct Case {
    items: Vec<Item>,
    links: Vec<(String, String)>,
    scores: Vec<ScoreInput>,
    previous: Option<BTreeMap<String, usize>>,
    filter: RankFilter,
}

fn case(items: Vec<Item>, scored: &[(&str, Option<f64>)]) -> Case {
    Case { items, links: Vec::new(), scores: scores(scored), previous: None, filter: RankFilter::default() }
}

impl Case {
    fn run(&self) -> Ranking {
        let items = frame(Table::Items, &self.items.iter().map(Item::row).collect::<Vec<_>>());
        let links = frame(Table::Links, &self.links.iter().map(blocks_row).collect::<Vec<_>>());
        let (items, links) = (Items::decode(&items).unwrap(), Links::decode(&links).unwrap());
        let inputs = RankInputs {
            items: &items,
            links: &links,
            scores: &self.scores,
            previous: self.previous.as_ref(),
        };
        rank(&inputs, &RankSettings::default(), &self.filter)
    }
}

fn blocks(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|&(from, to)| (from.to_owned(), to.to_owned())).collect()
}

fn keys(ranking: &Ranking) -> Vec<&str> {
    ranking.items.iter().map(|item| item.key.as_str()).collect()
}

fn find<'a>(ranking: &'a Ranking, key: &str) -> &'a RankedItem {
    ranking.items.iter().find(|item| item.key == key).unwrap()
}

#[test]
fn ties_break_by_priority_then_created_then_key() {
    let ranking = case(
        vec![
            item("A-1").priority("Low").created(100),
            item("A-2").priority("High").created(300),
            item("A-3").priority("High").created(200),
            item("A-4").priority("high").created(200),
            item("A-5").priority("Trivial"),
            item("A-6").priority("Blocker"),
            item("A-7").priority("P0").created(0),
        ],
        &[
            ("A-1", Some(5.0)),
            ("A-2", Some(5.0)),
            ("A-3", Some(5.0)),
            ("A-4", Some(5.0)),
            ("A-5", Some(7.0)),
            ("A-7", Some(5.0)),
        ],
    )
    .run();
    // A-5 has the top score (7). Among the 5s: High (A-3, A-4 created at 200, A-3 first by key;
    // then A-2 at 300), Low, the unknown P0. A-6 has no score: last.
    assert_eq!(keys(&ranking), ["A-5", "A-3", "A-4", "A-2", "A-1", "A-7", "A-6"]);
    assert_eq!(ranking.items.iter().map(|item| item.rank).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(ranking.warnings.len(), 1, "{:?}", ranking.warnings);
    assert!(ranking.warnings[0].contains("P0"));
    let unscored = find(&ranking, "A-6");
    assert_eq!(unscored.score, None);
    assert_eq!(unscored.not_scored_reason.as_deref(), Some("no score was computed for this item"));
    assert_eq!(find(&ranking, "A-5").explanation, "score 7");
    assert_eq!(find(&ranking, "A-5").title.as_deref(), Some("title of A-5"));
}

#[test]
fn equal_items_rank_by_natural_key_order() {
    let keys_in = ["PROJ-10", "#12", "PROJ-9", "#9", "PROJ-100"];
    let ranking = case(keys_in.iter().map(|key| item(key)).collect(), &[]).run();
    // No scores, priorities or dates: the key alone decides, numbers compared as numbers.
    assert_eq!(keys(&ranking), ["#9", "#12", "PROJ-9", "PROJ-10", "PROJ-100"]);
}

#[test]
fn a_missing_score_says_why_and_a_nan_score_is_not_scored() {
    let mut scored = scores(&[("A-1", None), ("A-2", Some(f64::NAN)), ("A-3", Some(-0.0))]);
    scored.push(ScoreInput {
        key: "A-4".into(),
        score: None,
        explanation: String::new(),
        drivers: Vec::new(),
    });
    let ranking =
        Case { scores: scored, ..case(vec![item("A-1"), item("A-2"), item("A-3"), item("A-4")], &[]) }.run();
    // Only A-3 is scored (-0.0 is shown as 0); the rest follow by key.
    assert_eq!(keys(&ranking), ["A-3", "A-1", "A-2", "A-4"]);
    assert_eq!(find(&ranking, "A-3").score, Some(0.0));
    assert!(find(&ranking, "A-3").score.unwrap().is_sign_positive());
    assert_eq!(find(&ranking, "A-1").not_scored_reason.as_deref(), Some("no effort estimate"));
    assert_eq!(find(&ranking, "A-2").not_scored_reason.as_deref(), Some("the score is not a finite number"));
    assert_eq!(find(&ranking, "A-4").not_scored_reason.as_deref(), Some("the model gave no score"));
    assert_eq!(find(&ranking, "A-2").score, None);
}

#[test]
fn repeated_and_unknown_scores_are_warned_about_and_the_highest_wins() {
    let ranking = case(
        vec![item("A-1"), item("A-2")],
        &[("A-1", Some(1.0)), ("A-2", Some(2.0)), ("A-1", Some(3.0)), ("A-1", None), ("Z-1", Some(9.0))],
    )
    .run();
    assert_eq!(keys(&ranking), ["A-1", "A-2"]);
    assert_eq!(find(&ranking, "A-1").score, Some(3.0));
    assert_eq!(ranking.warnings.len(), 2, "{:?}", ranking.warnings);
    assert!(
        ranking.warnings[0].starts_with("1 items have more than one score")
            && ranking.warnings[0].ends_with("A-1")
    );
    assert!(ranking.warnings[1].ends_with("not in the backlog: Z-1"));
}

#[test]
fn warnings_come_in_stage_order_rows_scores_priorities_links() {
    // The rows and priorities are read before the scores are known (RankPreparation), yet
    // their warnings keep the order of the stages: rows, scores, priorities, then links.
    let mut case = case(
        vec![item("K-1"), item("K-1").typed("Bug"), item("A-1").priority("P0"), item("A-2")],
        &[("A-1", Some(1.0)), ("A-1", Some(2.0)), ("Z-1", Some(3.0))],
    );
    case.links = blocks(&[("X-99", "A-2")]);
    let warnings = case.run().warnings;
    let beginnings = [
        "1 keys appear on more than one item row",
        "1 items have more than one score",
        "1 scores are for keys not in the backlog",
        "priorities not in the configured priority order",
        "1 keys in blocks links are not in the backlog",
    ];
    assert_eq!(warnings.len(), beginnings.len(), "{warnings:?}");
    for (warning, beginning) in warnings.iter().zip(beginnings) {
        assert!(warning.starts_with(beginning), "{warning:?} should start with {beginning:?}");
    }
}

#[test]
fn a_blocker_ranked_low_moves_ahead_of_what_it_blocks_transitively() {
    let mut case = case(
        vec![item("B-1"), item("B-2"), item("B-3"), item("B-4"), item("B-5")],
        &[("B-1", Some(9.0)), ("B-2", Some(8.0)), ("B-3", Some(7.0)), ("B-4", Some(1.0)), ("B-5", Some(0.5))],
    );
    case.links = blocks(&[("B-4", "B-2"), ("B-5", "B-4")]);
    let ranking = case.run();
    // Plain: B-1 B-2 B-3 B-4 B-5. B-2 waits on B-4, which waits on B-5: both blockers rise to
    // just ahead of B-2 (B-5 first), B-1 keeps the top and B-3 follows B-2.
    assert_eq!(keys(&ranking), ["B-1", "B-5", "B-4", "B-2", "B-3"]);
    assert_eq!(find(&ranking, "B-5").moved_ahead_of.as_deref(), Some("B-2"));
    assert_eq!(find(&ranking, "B-4").moved_ahead_of.as_deref(), Some("B-2"));
    assert_eq!(find(&ranking, "B-2").moved_ahead_of, None);
    assert_eq!(find(&ranking, "B-2").blocked_by, ["B-4"]);
    assert_eq!(find(&ranking, "B-4").blocked_by, ["B-5"]);
    assert_eq!(find(&ranking, "B-4").blocks, ["B-2"]);
    assert!(find(&ranking, "B-1").blocks.is_empty() && find(&ranking, "B-1").blocked_by.is_empty());
    assert!(ranking.cycles.is_empty() && ranking.warnings.is_empty());
}

#[test]
fn a_cycle_is_reported_and_ranked_by_the_plain_order() {
    let mut case = case(
        vec![item("C-1"), item("C-2"), item("C-3"), item("C-4")],
        &[("C-1", Some(3.0)), ("C-2", Some(2.0)), ("C-3", Some(1.0)), ("C-4", Some(0.0))],
    );
    case.links = blocks(&[("C-3", "C-2"), ("C-2", "C-3"), ("C-4", "C-2")]);
    let ranking = case.run();
    // C-2 ⇄ C-3 is a cycle: kept in plain order. C-4 blocks C-2 from outside it and moves up.
    assert_eq!(ranking.cycles, [vec!["C-2".to_owned(), "C-3".to_owned()]]);
    assert_eq!(keys(&ranking), ["C-1", "C-4", "C-2", "C-3"]);
    assert_eq!(find(&ranking, "C-2").blocked_by, ["C-3", "C-4"]);
    assert_eq!(find(&ranking, "C-3").moved_ahead_of, None);
}

#[test]
fn interlocked_cycles_are_reported_once_with_a_warning() {
    let mut case = case(vec![item("H-1"), item("H-2"), item("H-3")], &[]);
    // H-1 ⇄ H-2 and H-2 ⇄ H-3: one knot of three; the shortest cycle through H-1 is H-1 H-2.
    case.links = blocks(&[("H-1", "H-2"), ("H-2", "H-1"), ("H-2", "H-3"), ("H-3", "H-2")]);
    let ranking = case.run();
    assert_eq!(ranking.cycles, [vec!["H-1".to_owned(), "H-2".to_owned()]]);
    assert_eq!(
        ranking.warnings,
        [
            "3 items block one another in more than one cycle (H-1, H-2, H-3); cycles lists the shortest through H-1"
        ]
    );
    assert_eq!(keys(&ranking), ["H-1", "H-2", "H-3"]);
}

#[test]
fn a_done_blocker_is_ignored() {
    let mut done = case(
        vec![item("D-1"), item("D-2").done(), item("D-3")],
        &[("D-1", Some(5.0)), ("D-2", Some(1.0)), ("D-3", Some(3.0))],
    );
    done.links = blocks(&[("D-2", "D-1"), ("D-3", "D-2")]);
    let ranking = done.run();
    assert_eq!(keys(&ranking), ["D-1", "D-3"]);
    assert!(find(&ranking, "D-1").blocked_by.is_empty());
    assert!(find(&ranking, "D-3").blocks.is_empty(), "a done blocked item is not blocked any more");
    // With done items ranked, the links to D-2 still move nothing.
    done.filter.include_done = true;
    let ranking = done.run();
    assert_eq!(keys(&ranking), ["D-1", "D-3", "D-2"]);
    assert!(ranking.items.iter().all(|item| item.moved_ahead_of.is_none() && item.blocked_by.is_empty()));
}

#[test]
fn a_blocker_outside_the_filter_is_listed_but_does_not_move() {
    let mut case = case(
        vec![item("E-1"), item("E-2").typed("Bug"), item("E-3")],
        &[("E-1", Some(5.0)), ("E-2", Some(1.0)), ("E-3", Some(3.0))],
    );
    case.links = blocks(&[("E-2", "E-1"), ("X-99", "E-1")]);
    case.filter.types = vec!["story".into()];
    let ranking = case.run();
    assert_eq!(keys(&ranking), ["E-1", "E-3"]);
    assert_eq!(find(&ranking, "E-1").blocked_by, ["E-2", "X-99"]);
    assert_eq!(ranking.warnings.len(), 1, "{:?}", ranking.warnings);
    assert!(ranking.warnings[0].ends_with("X-99"));
}

#[test]
fn previous_ranks_give_up_down_unchanged_new_and_gone() {
    let mut case = case(
        vec![item("P-1"), item("P-2"), item("P-3"), item("P-4")],
        &[("P-4", Some(4.0)), ("P-1", Some(3.0)), ("P-2", Some(2.0)), ("P-3", Some(1.0))],
    );
    case.previous = Some(
        [("P-4", 5), ("P-2", 3), ("P-3", 1), ("P-10", 4), ("P-9", 2)]
            .into_iter()
            .map(|(key, rank)| (key.to_owned(), rank))
            .collect(),
    );
    let ranking = case.run();
    // Now: P-4 1 (was 5: up 4), P-1 2 (new), P-2 3 (was 3), P-3 4 (was 1: down 3).
    assert_eq!(keys(&ranking), ["P-4", "P-1", "P-2", "P-3"]);
    let changes: Vec<_> =
        ranking.items.iter().map(|item| (item.previous_rank, item.rank_change, item.rank_delta)).collect();
    assert_eq!(
        changes,
        [
            (Some(5), Some(RankChange::Up), Some(4)),
            (None, Some(RankChange::New), None),
            (Some(3), Some(RankChange::Unchanged), Some(0)),
            (Some(1), Some(RankChange::Down), Some(-3)),
        ]
    );
    // Gone by previous rank: P-9 (2), P-10 (4).
    assert_eq!(ranking.gone, ["P-9", "P-10"]);
    case.previous = None;
    let without = case.run();
    assert!(without.items.iter().all(|item| item.rank_change.is_none()) && without.gone.is_empty());
}

#[test]
fn filters_and_top_n() {
    let backlog = vec![
        item("F-1").labels(&["ui"]),
        item("F-2").labels(&["UI", "perf"]).typed("Bug"),
        item("F-3").labels(&["perf"]),
        item("F-4").labels(&["ui"]).done(),
        item("F-5").labels(&["ui"]),
    ];
    let scored =
        [("F-1", Some(1.0)), ("F-2", Some(2.0)), ("F-3", Some(3.0)), ("F-4", Some(4.0)), ("F-5", Some(5.0))];
    let mut case = case(backlog, &scored);
    case.filter.labels = vec!["ui".into()];
    // Labelled ui and not done: F-5 (5), F-2 (2), F-1 (1).
    assert_eq!(keys(&case.run()), ["F-5", "F-2", "F-1"]);
    case.filter.top = Some(2);
    assert_eq!(keys(&case.run()), ["F-5", "F-2"]);
    case.filter.statuses = vec!["done".into()];
    assert_eq!(keys(&case.run()), ["F-4"]);
    case.filter = RankFilter { types: vec!["Epic".into()], ..RankFilter::default() };
    let nothing = case.run();
    assert!(nothing.items.is_empty());
    assert_eq!(nothing.warnings, ["no item matches the filters"]);
    case.filter = RankFilter { top: Some(0), ..RankFilter::default() };
    assert!(case.run().items.is_empty());
}

#[test]
fn top_n_cuts_after_the_dependency_reordering() {
    let mut case = case(
        vec![item("G-1"), item("G-2"), item("G-3")],
        &[("G-1", Some(3.0)), ("G-2", Some(2.0)), ("G-3", Some(1.0))],
    );
    case.links = blocks(&[("G-3", "G-1")]);
    case.filter.top = Some(2);
    // G-3 blocks G-1 and rises above it: G-3, G-1 | G-2.
    assert_eq!(keys(&case.run()), ["G-3", "G-1"]);
}

#[test]
fn empty_and_single_item_backlogs() {
    let empty = case(Vec::new(), &[]).run();
    assert!(
        empty.items.is_empty()
            && empty.cycles.is_empty()
            && empty.gone.is_empty()
            && empty.warnings.is_empty()
    );
    let one = case(vec![item("S-1")], &[("S-1", Some(2.5))]).run();
    assert_eq!(keys(&one), ["S-1"]);
    assert_eq!((one.items[0].rank, one.items[0].score), (1, Some(2.5)));
}

#[test]
fn a_key_on_two_rows_keeps_the_same_row_whatever_the_order() {
    let first = item("K-1").priority("Low");
    let second = item("K-1").priority("High").typed("Bug");
    let forward = case(vec![first.clone(), second.clone()], &[]).run();
    let backward = case(vec![second, first], &[]).run();
    assert_eq!(forward, backward);
    assert_eq!(forward.items.len(), 1);
    assert!(forward.warnings[0].starts_with("1 keys appear on more than one item row"));
}

#[test]
fn one_thread_and_many_give_the_same_bytes() {
    let backlog: Vec<Item> = (0..3000).map(|n| item(&format!("T-{n}")).created(n % 7)).collect();
    let scored: Vec<(String, Option<f64>)> =
        (0..3000).map(|n| (format!("T-{n}"), (n % 5 != 0).then_some((n % 11) as f64))).collect();
    let scored: Vec<(&str, Option<f64>)> = scored.iter().map(|(key, score)| (key.as_str(), *score)).collect();
    let mut case = case(backlog, &scored);
    case.links = blocks(&[("T-2999", "T-10"), ("T-10", "T-2999"), ("T-5", "T-1")]);
    let on = |threads| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        serde_json::to_vec(&pool.install(|| case.run())).unwrap()
    };
    assert_eq!(on(1), on(4));
}

#[test]
fn frames_not_in_canonical_shape_are_an_error() {
    let items = polars::prelude::df!(items::KEY => ["A-1"]).unwrap();
    let error = Items::decode(&items).unwrap_err();
    assert!(matches!(error, FrameError::MissingColumn { table: Table::Items, column: items::TITLE }));
}

#[test]
fn settings_and_filter_read_from_toml() {
    let settings: RankSettings = toml::from_str("priority_order = [\"P1\", \"P2\"]").unwrap();
    assert_eq!(settings.priority_order, ["P1", "P2"]);
    assert_eq!(toml::from_str::<RankSettings>("").unwrap(), RankSettings::default());
    assert!(toml::from_str::<RankSettings>("priority = []").is_err());
    let filter: RankFilter = toml::from_str("types = [\"Bug\"]\ntop = 10").unwrap();
    assert_eq!(filter, RankFilter { types: vec!["Bug".into()], top: Some(10), ..RankFilter::default() });
}

/// A random backlog: keys from a small pool (unique), scores, priorities and dates with many
/// ties, some done items, and blocks links that may form cycles or point outside the backlog.
fn backlog() -> impl Strategy<Value = Case> {
    let row = (0..4usize, 0..6usize, 0..3i64, 0..5usize);
    (
        prop::collection::btree_set(0..40usize, 0..25),
        prop::collection::vec(row, 25),
        prop::collection::vec((0..45usize, 0..45usize), 0..30),
    )
        .prop_map(|(numbers, fields, pairs)| {
            let priorities = [None, Some("High"), Some("Low"), Some("P1")];
            let mut items = Vec::new();
            let mut scored = Vec::new();
            for (number, &(priority, score, created, status)) in numbers.iter().zip(&fields) {
                let key = format!("R-{number}");
                let mut row = item(&key);
                row.priority = priorities[priority];
                row.created = (created > 0).then_some(created);
                if status == 0 {
                    row = row.done();
                }
                items.push(row);
                // Score 5 means "no input", 4 an unscorable one; the rest tie often.
                if score < 5 {
                    scored.push(ScoreInput {
                        key,
                        score: (score < 4).then_some(score as f64),
                        explanation: format!("s{score}"),
                        drivers: Vec::new(),
                    });
                }
            }
            let links = pairs.into_iter().map(|(a, b)| (format!("R-{a}"), format!("R-{b}"))).collect();
            Case { items, links, scores: scored, previous: None, filter: RankFilter::default() }
        })
}

fn shuffled(case: &Case, seed: u64) -> Case {
    // A deterministic permutation per seed (a linear congruential shuffle is enough here).
    fn permute<T: Clone>(values: &[T], seed: u64) -> Vec<T> {
        let mut values = values.to_vec();
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        for index in (1..values.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let other = usize::try_from(state >> 33).unwrap() % (index + 1);
            values.swap(index, other);
        }
        values
    }
    Case {
        items: permute(&case.items, seed),
        links: permute(&case.links, seed ^ 1),
        scores: permute(&case.scores, seed ^ 2),
        previous: case.previous.clone(),
        filter: case.filter.clone(),
    }
}

proptest! {
    #[test]
    fn any_row_order_gives_the_same_ranking(case in backlog(), seed in any::<u64>()) {
        let expected = serde_json::to_string(&case.run()).unwrap();
        let reordered = serde_json::to_string(&shuffled(&case, seed).run()).unwrap();
        prop_assert_eq!(expected, reordered);
    }

    #[test]
    fn every_ranked_blocker_comes_first_unless_the_two_block_each_other(case in backlog()) {
        let ranking = case.run();
        let rank_of: BTreeMap<&str, usize> = ranking.items.iter().map(|item| (item.key.as_str(), item.rank)).collect();
        // Reachability over the ranked items' own `blocks` lists, found here independently.
        let reaches = |from: &str, to: &str| {
            let mut seen = std::collections::BTreeSet::from([from]);
            let mut queue = vec![from];
            while let Some(key) = queue.pop() {
                let Some(item) = ranking.items.iter().find(|item| item.key == key) else { continue };
                for next in &item.blocks {
                    if next == to {
                        return true;
                    }
                    if rank_of.contains_key(next.as_str()) && seen.insert(next.as_str()) {
                        queue.push(next.as_str());
                    }
                }
            }
            false
        };
        for item in &ranking.items {
            for blocker in &item.blocked_by {
                if let Some(&blocker_rank) = rank_of.get(blocker.as_str()) {
                    let in_a_cycle = reaches(&item.key, blocker);
                    prop_assert!(in_a_cycle || blocker_rank < item.rank, "{} blocks {}", blocker, item.key);
                }
            }
        }
    }
}
