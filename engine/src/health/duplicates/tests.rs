//! Hand-made backlogs for duplicate candidates: what counts as the same text, which pairs are
//! compared, mutual nearest neighbours, links, and determinism.

use proptest::prelude::*;

use polars::prelude::DataFrame;

use super::*;
use crate::health::test_frames::{TestRow, items, links as links_frame};
use crate::model::view::FrameError;
use crate::model::{Table, items as column};

/// Items as (key, title, status_category); no descriptions.
fn items_frame(rows: &[(&str, Option<&str>, &str)]) -> DataFrame {
    items_with_descriptions(
        &rows.iter().map(|&(key, title, category)| (key, title, None, category)).collect::<Vec<_>>(),
    )
}

fn items_with_descriptions(rows: &[(&str, Option<&str>, Option<&str>, &str)]) -> DataFrame {
    let rows: Vec<TestRow> = rows
        .iter()
        .map(|&(key, title, description, category)| {
            TestRow::new()
                .text(column::KEY, key)
                .text_or_null(column::TITLE, title)
                .text_or_null(column::DESCRIPTION, description)
                .text(column::STATUS_CATEGORY, category)
        })
        .collect();
    items(&rows)
}

fn no_links() -> DataFrame {
    Table::Links.empty_frame()
}

/// [`duplicate_candidates`] of two canonical frames.
fn candidates_of(
    items: &DataFrame,
    links: &DataFrame,
    settings: &DuplicateSettings,
) -> Result<DuplicateReport, DuplicateError> {
    duplicate_candidates(&Items::decode(items).unwrap(), &Links::decode(links).unwrap(), settings)
}

fn find(items: &DataFrame, settings: &DuplicateSettings) -> DuplicateReport {
    candidates_of(items, &no_links(), settings).unwrap()
}

fn pairs(candidates: &[DuplicateCandidate]) -> Vec<(&str, &str)> {
    candidates.iter().map(|candidate| (candidate.key_a.as_str(), candidate.key_b.as_str())).collect()
}

/// An unrelated item, so that the pair's words are not in every item.
const UNRELATED: (&str, Option<&str>, &str) = ("Z-9", Some("Dark mode toggle"), "todo");

#[test]
fn identical_titles_are_a_candidate_with_similarity_one() {
    let items = items_frame(&[
        ("A-2", Some("Export orders to CSV"), "todo"),
        ("A-1", Some("Export orders to CSV"), "todo"),
        UNRELATED,
    ]);
    let report = find(&items, &DuplicateSettings::default());
    assert_eq!(pairs(&report.candidates), [("A-1", "A-2")]);
    let candidate = &report.candidates[0];
    assert!((candidate.similarity - 1.0).abs() < 1e-12);
    assert_eq!(candidate.title_a.as_deref(), Some("Export orders to CSV"));
    // All three words weigh the same (df 2 each), so ties go by word.
    assert_eq!(candidate.shared_words, ["csv", "export", "order"]);
    assert!(!candidate.already_linked);
    assert_eq!((report.items, report.compared_items), (3, 3));
    assert!(report.warnings.is_empty());
}

#[test]
fn reordered_words_case_and_punctuation_do_not_matter() {
    let items = items_frame(&[
        ("A-1", Some("Export orders to CSV"), "todo"),
        ("A-2", Some("csv: ORDERS, export!"), "todo"),
        UNRELATED,
    ]);
    let report = find(&items, &DuplicateSettings::default());
    assert_eq!(pairs(&report.candidates), [("A-1", "A-2")]);
    assert!((report.candidates[0].similarity - 1.0).abs() < 1e-12);
}

#[test]
fn one_differing_word_gives_the_hand_computed_cosine() {
    // N = 3. idf(export) = idf(order) = ln(4/3) + 1 = 1.287682 (df 2); idf(csv) = idf(pdf) =
    // ln(4/2) + 1 = 1.693147 (df 1). cos = 2 × 1.287682² / (2 × 1.287682² + 1.693147²)
    // = 3.316250 / 6.182997 = 0.536350.
    let items = items_frame(&[
        ("A-1", Some("Export orders to CSV"), "todo"),
        ("A-2", Some("Export orders to PDF"), "todo"),
        UNRELATED,
    ]);
    let report = find(&items, &DuplicateSettings::default());
    assert_eq!(pairs(&report.candidates), [("A-1", "A-2")]);
    assert!((report.candidates[0].similarity - 0.536350).abs() < 1e-6);
    assert_eq!(report.candidates[0].shared_words, ["export", "order"]);
    let strict = DuplicateSettings { min_similarity: 0.6, ..DuplicateSettings::default() };
    assert!(find(&items, &strict).candidates.is_empty());
}

#[test]
fn unrelated_titles_and_a_single_shared_word_are_not_candidates() {
    let items = items_frame(&[
        ("A-1", Some("Export orders to CSV"), "todo"),
        ("A-2", Some("Checkout page is slow"), "todo"),
        ("A-3", Some("Search"), "todo"),
        ("A-4", Some("Search"), "todo"),
        UNRELATED,
    ]);
    assert!(find(&items, &DuplicateSettings::default()).candidates.is_empty());
    // "Search" alone is one shared word: enough only when one word is asked for.
    let one_word = DuplicateSettings { min_shared_words: 1, ..DuplicateSettings::default() };
    assert_eq!(pairs(&find(&items, &one_word).candidates), [("A-3", "A-4")]);
}

#[test]
fn descriptions_count_with_their_weight() {
    let items = items_with_descriptions(&[
        ("A-1", Some("Invoice totals"), Some("Rounding of VAT differs between cart and invoice"), "todo"),
        (
            "A-2",
            Some("VAT rounding"),
            Some("Invoice totals differ from the cart because of rounding"),
            "todo",
        ),
        ("Z-9", Some("Dark mode toggle"), None, "todo"),
    ]);
    let with = find(&items, &DuplicateSettings::default());
    assert_eq!(pairs(&with.candidates), [("A-1", "A-2")]);
    let titles_only = DuplicateSettings { description_weight: 0.0, ..DuplicateSettings::default() };
    assert!(find(&items, &titles_only).candidates.is_empty());
}

#[test]
fn empty_titles_are_not_compared_and_are_counted() {
    let items = items_frame(&[
        ("A-1", Some(""), "todo"),
        ("A-2", None, "todo"),
        ("A-3", Some("the of a"), "todo"),
        ("A-4", Some("Export orders"), "todo"),
    ]);
    let report = find(&items, &DuplicateSettings::default());
    assert!(report.candidates.is_empty());
    assert_eq!((report.items, report.compared_items), (4, 1));
    assert_eq!(
        report.warnings,
        ["3 items have no words in their title or description and were not compared"]
    );
    let empty = find(&Table::Items.empty_frame(), &DuplicateSettings::default());
    assert_eq!((empty.candidates.len(), empty.items, empty.compared_items), (0, 0, 0));
}

#[test]
fn a_linked_pair_is_reported_apart_whatever_the_link_kind_and_direction() {
    let items = items_frame(&[
        ("A-1", Some("Export orders to CSV"), "todo"),
        ("A-2", Some("Export orders to CSV"), "todo"),
        ("B-1", Some("Dark mode toggle"), "todo"),
        ("B-2", Some("Toggle for dark mode"), "todo"),
        ("C-1", Some("Slow checkout page"), "todo"),
    ]);
    let links =
        links_frame(&[("A-2", "A-1", "duplicates"), ("B-1", "B-2", "relates"), ("A-1", "X-404", "blocks")]);
    let report = candidates_of(&items, &links, &DuplicateSettings::default()).unwrap();
    assert!(report.candidates.is_empty());
    assert_eq!(pairs(&report.linked), [("A-1", "A-2"), ("B-1", "B-2")]);
    assert!(report.linked.iter().all(|candidate| candidate.already_linked));
}

#[test]
fn a_parent_and_its_child_count_as_linked() {
    let row = |key: &str, title: &str| TestRow::new().text(column::KEY, key).text(column::TITLE, title);
    let frame = items(&[
        row("E-1", "Export orders to CSV"),
        row("S-1", "Export orders to CSV").text(column::PARENT, "E-1"),
        row("Z-9", "Dark mode toggle"),
    ]);
    let report = find(&frame, &DuplicateSettings::default());
    assert!(report.candidates.is_empty());
    assert_eq!(pairs(&report.linked), [("E-1", "S-1")]);
}

#[test]
fn done_items_are_compared_with_open_ones_by_default() {
    let items = items_frame(&[
        ("A-1", Some("Export orders to CSV"), "done"),
        ("A-2", Some("Export orders to CSV"), "done"),
        ("B-1", Some("Dark mode toggle"), "done"),
        ("B-2", Some("Dark mode toggle"), "in_progress"),
        ("C-1", Some("Slow checkout page"), "todo"),
        ("C-2", Some("Slow checkout page"), "todo"),
    ]);
    let with = |done_items| find(&items, &DuplicateSettings { done_items, ..DuplicateSettings::default() });
    assert_eq!(pairs(&with(DoneItems::AgainstOpen).candidates), [("B-1", "B-2"), ("C-1", "C-2")]);
    assert_eq!(pairs(&with(DoneItems::All).candidates), [("A-1", "A-2"), ("B-1", "B-2"), ("C-1", "C-2")]);
    assert_eq!(pairs(&with(DoneItems::Skip).candidates), [("C-1", "C-2")]);
}

#[test]
fn only_mutual_nearest_neighbours_are_kept() {
    // are identical; A-3 adds a word. A-3's nearest is A-1 (key tie-break), but
    // A-1's nearest is A-2: with one candidate per item only is mutual.
    let items = items_frame(&[
        ("A-1", Some("Export orders to CSV"), "todo"),
        ("A-2", Some("Export orders to CSV"), "todo"),
        ("A-3", Some("Export orders to CSV nightly"), "todo"),
        UNRELATED,
    ]);
    let top = |max_candidates_per_item| {
        find(&items, &DuplicateSettings { max_candidates_per_item, ..DuplicateSettings::default() })
    };
    assert_eq!(pairs(&top(1).candidates), [("A-1", "A-2")]);
    let two = top(2);
    assert_eq!(pairs(&two.candidates), [("A-1", "A-2"), ("A-1", "A-3"), ("A-2", "A-3")]);
    // Ordered by similarity, then keys: the two equal pairs with A-3 by key_a.
    assert!(two.candidates[1].similarity < 1.0);
    assert_eq!(two.candidates[1].similarity, two.candidates[2].similarity);
}

#[test]
fn a_repeated_key_is_one_item_with_a_warning() {
    let items = items_frame(&[
        ("A-1", Some("Export orders to CSV"), "todo"),
        ("A-1", Some("Export orders to CSV"), "todo"),
        ("A-1", Some("Checkout page is slow"), "todo"),
        UNRELATED,
    ]);
    // The rows are ordered by title: "Checkout page is slow" is kept, which nothing resembles.
    let report = find(&items, &DuplicateSettings::default());
    assert!(report.candidates.is_empty());
    assert_eq!(report.items, 2);
    assert_eq!(
        report.warnings,
        [
            "2 rows repeat the key of another item and were left out (keys A-1); the first row by title was kept"
        ]
    );
}

#[test]
fn bad_settings_and_frames_are_errors() {
    let items = items_frame(&[UNRELATED]);
    for settings in [
        DuplicateSettings { min_similarity: 1.5, ..DuplicateSettings::default() },
        DuplicateSettings { min_similarity: f64::NAN, ..DuplicateSettings::default() },
        DuplicateSettings { description_weight: -1.0, ..DuplicateSettings::default() },
        DuplicateSettings { max_candidates_per_item: 0, ..DuplicateSettings::default() },
    ] {
        let result = candidates_of(&items, &no_links(), &settings);
        assert!(matches!(result, Err(DuplicateError::InvalidSetting { .. })), "{settings:?}");
    }
    // The finder takes the decoded view: decoding is where a bad frame is caught.
    let no_key = polars::df!(column::TITLE => ["x"]).unwrap();
    let result = Items::decode(&no_key);
    assert!(matches!(result, Err(FrameError::MissingColumn { column: "key", .. })));
    let numeric_title = polars::df!(column::KEY => ["A-1"], column::TITLE => [1i64]).unwrap();
    let result = Items::decode(&numeric_title);
    assert!(matches!(result, Err(FrameError::WrongType { column: "title", .. })));
}

const WORDS: &[&str] =
    &["export", "orders", "csv", "dark", "mode", "checkout", "slow", "price", "card", "search", "the"];

/// A backlog of random short titles over a small vocabulary, so that many pairs are similar.
fn random_backlog() -> impl Strategy<Value = Vec<(String, Vec<usize>, bool)>> {
    prop::collection::vec((0u32..40, prop::collection::vec(0..WORDS.len(), 0..6), any::<bool>()), 0..30)
        .prop_map(|rows| {
            rows.into_iter().map(|(key, words, done)| (format!("K-{key}"), words, done)).collect()
        })
}

fn frame_of(rows: &[(String, Vec<usize>, bool)]) -> DataFrame {
    let titles: Vec<String> = rows
        .iter()
        .map(|(_, words, _)| words.iter().map(|&word| WORDS[word]).collect::<Vec<_>>().join(" "))
        .collect();
    let rows: Vec<(&str, Option<&str>, &str)> = rows
        .iter()
        .zip(&titles)
        .map(|((key, _, done), title)| {
            (key.as_str(), Some(title.as_str()), if *done { "done" } else { "todo" })
        })
        .collect();
    items_frame(&rows)
}

proptest! {
    #[test]
    fn row_order_does_not_change_the_candidates(
        rows in random_backlog(),
        seed in any::<u64>(),
    ) {
        let mut shuffled = rows.clone();
        // A deterministic shuffle from the seed (Fisher–Yates with an LCG).
        let mut state = seed;
        for index in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            shuffled.swap(index, (state >> 33) as usize % (index + 1));
        }
        let settings = DuplicateSettings { min_similarity: 0.2, min_shared_words: 1, ..DuplicateSettings::default() };
        let original = find(&frame_of(&rows), &settings);
        let reordered = find(&frame_of(&shuffled), &settings);
        prop_assert_eq!(original, reordered);
    }
}

#[test]
fn one_thread_and_many_give_byte_identical_output() {
    // 3000 items: words from WORDS are common (in more than 100 items), the codes `rN` and `sN`
    // are rare (in 4–10 items), so both the candidate walk and the common-word scoring run.
    let titles: Vec<String> = (0..3000)
        .map(|index| {
            let common =
                (0..1 + index % 5).map(|step| WORDS[(index * 7 + step * 3 + index / 11) % WORDS.len()]);
            let rare = [format!("r{}", index % 700), format!("s{}", index % 310)];
            common.map(str::to_owned).chain(rare).collect::<Vec<_>>().join(" ")
        })
        .collect();
    let keys: Vec<String> = (0..3000).map(|index| format!("K-{index}")).collect();
    let rows: Vec<(&str, Option<&str>, &str)> = keys
        .iter()
        .zip(&titles)
        .enumerate()
        .map(|(index, (key, title))| {
            (key.as_str(), Some(title.as_str()), if index % 3 == 0 { "done" } else { "todo" })
        })
        .collect();
    let items = items_frame(&rows);
    let settings =
        DuplicateSettings { min_similarity: 0.3, common_word_items: 100, ..DuplicateSettings::default() };
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let report = pool.install(|| find(&items, &settings));
        serde_json::to_string(&report).unwrap()
    };
    let one = run(1);
    assert!(one.contains("key_a"), "the backlog has candidates");
    assert_eq!(one, run(4));
}
