//! Headers, reading texts and sort values: every table the report shows on the demo workspace
//! (and a health review against an earlier export, for the change tables) is walked, and each
//! kind of value is checked against hand-written texts.

use refine_engine::config::Config;
use refine_engine::load::{LoadOptions, load_inputs};
use refine_engine::run::health_review;

use super::*;
use crate::demo::{demo_analyses, repository};
use crate::records::Records;
use crate::report::sections::sections;
use crate::tables::{NamedTables, health_tables, whole};

/// A narrow no-break space, the digit group separator.
const GROUP: &str = "\u{202F}";

/// The longest header: headers sit above table columns.
const LONGEST_HEADER: usize = 22;

/// Every table of the demo report, and the tables of a health review against an earlier
/// export (which the demo, having no previous export, leaves out).
fn every_report_table() -> NamedTables {
    let config = Config::default();
    let analyses = demo_analyses();
    let mut tables: NamedTables =
        sections(&analyses).into_iter().flat_map(|section| section.tables).collect();
    let fixtures = repository().join("datasets/fixtures");
    let current = load_inputs(&[fixtures.join("health-current.csv")], &LoadOptions::default()).unwrap();
    let previous = load_inputs(&[fixtures.join("health-previous.csv")], &LoadOptions::default()).unwrap();
    let as_of = current.latest_timestamp().unwrap();
    let (_, review) = health_review(&current, &config, as_of, Some(&previous)).unwrap();
    tables.extend(whole(health_tables(&review)));
    tables
}

fn text(value: &str) -> Cell {
    Cell::Text(value.to_owned())
}

#[test]
fn every_column_the_report_shows_has_a_curated_human_header() {
    let tables = every_report_table();
    assert!(tables.iter().any(|(name, _)| *name == "re_prioritised"), "the change tables are walked");
    for (name, records) in &tables {
        let mut headers = Vec::new();
        for column in &records.columns {
            let (header, _) = columns::curated(column)
                .unwrap_or_else(|| panic!("column {column} of table {name} has no curated header"));
            assert_eq!(human_header(column), header);
            assert!(!header.contains('_'), "{header}");
            assert!(header.chars().count() <= LONGEST_HEADER, "{header} is too long for a header");
            assert!(header.starts_with(|first: char| !first.is_lowercase()), "{header}");
            assert!(!headers.contains(&header), "two columns of {name} read {header}");
            headers.push(header);
        }
    }
}

#[test]
fn every_value_of_the_report_reads_on_one_line_without_underscores_in_words() {
    for (name, Records { columns, rows }) in every_report_table() {
        for row in &rows {
            for (column, cell) in columns.iter().zip(row) {
                let reading = reading_text(column, cell);
                assert!(!reading.is_empty(), "{name}.{column}");
                assert!(!reading.contains(['\n', '\r', '\t']), "{name}.{column}: {reading}");
                assert!(!reading.contains("NaN") && !reading.contains("inf"), "{name}.{column}: {reading}");
                if columns::kind(column) == columns::Kind::Words {
                    assert!(!reading.contains('_'), "{name}.{column}: {reading}");
                }
                if columns::kind(column) == columns::Kind::Date && matches!(cell, Cell::Text(_)) {
                    assert!(sort_value(cell).is_some(), "{name}.{column}: {reading} is not a date");
                }
            }
        }
    }
}

#[test]
fn headers_are_curated_where_a_better_word_exists() {
    assert_eq!(human_header("answers_left_out"), "Answers left out");
    assert_eq!(human_header("predictability_cv"), "Predictability (CV)");
    assert_eq!(human_header("say_do"), "Say/do");
    assert_eq!(human_header("committed_items"), "Items committed");
    assert_eq!(human_header("p85_days"), "P85 (days)");
    assert_eq!(human_header("p97.5_days"), "P97.5 (days)");
    assert_eq!(human_header("p15"), "P15");
    assert_eq!(human_header("date_85"), "Done by (85%)");
    assert_eq!(human_header("period_50"), "Periods (50%)");
}

#[test]
fn an_unknown_column_reads_as_its_words() {
    assert_eq!(human_header("some_new_column"), "Some new column");
    assert_eq!(human_header("élan_vital"), "Élan vital");
    assert_eq!(human_header(""), "");
    assert_eq!(human_header("p_days"), "P days");
    assert_eq!(human_header("date_x"), "Date x");
    assert_eq!(reading_text("some_new_column", &text("kept_as_is")), "kept_as_is");
    assert_eq!(reading_text("some_new_column", &Cell::Number(0.126)), "0.13");
    assert_eq!(reading_text("some_new_column", &Cell::Integer(12345)), "12\u{202F}345");
}

#[test]
fn dates_and_timestamps_read_as_days() {
    assert_eq!(reading_text("start", &text("2026-06-01T00:00:00Z")), "1 Jun 2026");
    assert_eq!(reading_text("started", &text("2025-11-11T12:56:00Z")), "11 Nov 2025");
    assert_eq!(reading_text("last_activity", &text("2025-11-03T11:54:00Z")), "3 Nov 2025");
    assert_eq!(reading_text("week_start", &text("2026-08-10")), "10 Aug 2026");
    assert_eq!(reading_text("date_85", &text("2028-11-12")), "12 Nov 2028");
    assert_eq!(reading_text("date", &Cell::Null), "–");
    assert_eq!(reading_text("start", &text("soon")), "soon");
    // The agenda's start is a minute of the session.
    assert_eq!(reading_text("start", &Cell::Integer(5)), "5");
    assert_eq!(reading_date("2026-11-13T17:59:00Z"), "13 Nov 2026, 17:59");
}

#[test]
fn flags_read_as_a_tick_or_a_dash() {
    assert_eq!(reading_text("discuss", &Cell::Boolean(true)), "✓");
    assert_eq!(reading_text("discuss", &Cell::Boolean(false)), "–");
    assert_eq!(reading_text("already_linked", &Cell::Boolean(true)), "✓");
}

#[test]
fn numbers_are_rounded_for_their_kind() {
    assert_eq!(reading_text("score", &Cell::Number(0.9831932773109243)), "0.98");
    assert_eq!(reading_text("score", &Cell::Number(45.34746225213753)), "45.35");
    assert_eq!(reading_text("predictability_cv", &Cell::Number(0.2180239327727761)), "0.22");
    assert_eq!(reading_text("median_log2_ratio", &Cell::Number(-0.5849625007211563)), "\u{2212}0.58");
    assert_eq!(reading_text("age_days", &Cell::Number(367.2104166666667)), "367.2");
    assert_eq!(reading_text("p85_days", &Cell::Number(6.91875)), "6.9");
    assert_eq!(reading_text("idle_days", &Cell::Number(3.0)), "3.0");
    assert_eq!(reading_text("to_days", &Cell::Integer(30)), "30");
    assert_eq!(reading_text("mean", &Cell::Number(31.42857142857143)), "31.4");
    assert_eq!(reading_text("suggested", &Cell::Number(0.5)), "0.5");
    assert_eq!(reading_text("committed_points", &Cell::Number(30.0)), "30");
    assert_eq!(reading_text("trend_slope", &Cell::Number(0.6048951048951049)), "+0.6");
    assert_eq!(reading_text("change", &Cell::Number(-3.0)), "\u{2212}3");
    assert_eq!(reading_text("rank_delta", &Cell::Integer(4)), "+4");
    assert_eq!(reading_text("percent", &Cell::Number(85.0)), "85%");
}

#[test]
fn shares_read_as_percentages() {
    assert_eq!(reading_text("say_do", &Cell::Number(0.8333333333333334)), "83%");
    assert_eq!(reading_text("mean_say_do", &Cell::Number(0.9661306947021232)), "97%");
    assert_eq!(reading_text("pass_share", &Cell::Number(0.18502202643171806)), "19%");
    assert_eq!(reading_text("weight", &Cell::Number(0.25)), "25%");
    assert_eq!(reading_text("matched_share", &Cell::Number(1.0)), "100%");
    assert_eq!(reading_text("scope_change", &Cell::Number(0.0)), "0%");
}

#[test]
fn counts_are_whole_and_grouped() {
    assert_eq!(reading_text("reach", &Cell::Integer(149000)), format!("149{GROUP}000"));
    assert_eq!(reading_text("reach", &Cell::Number(149000.0)), format!("149{GROUP}000"));
    assert_eq!(reading_text("customers", &Cell::Integer(12345)), format!("12{GROUP}345"));
    assert_eq!(reading_text("rank", &Cell::Integer(1000)), "1000");
    assert_eq!(reading_text("items", &Cell::Integer(0)), "0");
    // Identifiers are not amounts: their digits stay together.
    assert_eq!(reading_text("feedback_id", &Cell::Integer(19760)), "19760");
    assert_eq!(reading_text("sprint_id", &text("23145")), "23145");
}

#[test]
fn vocabulary_reads_as_words_and_text_as_it_is() {
    assert_eq!(reading_text("band", &text("not_worth_pursuing")), "not worth pursuing");
    assert_eq!(reading_text("rank_change", &text("unchanged")), "unchanged");
    assert_eq!(reading_text("kind", &text("blocker_ranked_below")), "blocker ranked below");
    assert_eq!(reading_text("measure", &text("cycle_time")), "cycle time");
    assert_eq!(reading_text("title", &text("snake_case stays in a title")), "snake_case stays in a title");
    assert_eq!(
        reading_text("title", &text("two\r\nlines\tand a \u{7}bell")),
        "two  lines and a \u{FFFD}bell"
    );
    assert_eq!(
        reading_text("title", &text("<b>kept</b> for the renderer to escape")),
        "<b>kept</b> for the renderer to escape"
    );
    assert_eq!(reading_text("title", &text("")), "–");
}

#[test]
fn lists_are_joined_and_empty_ones_read_as_nothing() {
    let failed =
        Cell::List(vec![text("has_description"), text("has_acceptance_criteria"), text("estimated")]);
    assert_eq!(reading_text("failed", &failed), "has description, has acceptance criteria, estimated");
    let blocks = Cell::List(vec![text("SHOP-1"), text("SHOP-159")]);
    assert_eq!(reading_text("blocks", &blocks), "SHOP-1, SHOP-159");
    assert_eq!(reading_text("blocks", &Cell::List(Vec::new())), "–");
    assert_eq!(reading_text("blocks", &Cell::List(vec![Cell::Null, text("")])), "–");
    let reasons = Cell::List(vec![text("description of 30 characters, under 50"), text("not estimated")]);
    assert_eq!(reading_text("reasons", &reasons), "description of 30 characters, under 50; not estimated");
    let sprints = Cell::List(vec![text("SHOP Sprint 3"), text("SHOP Sprint 4")]);
    assert_eq!(reading_text("sprints", &sprints), "SHOP Sprint 3, SHOP Sprint 4");
}

#[test]
fn estimate_changes_read_as_from_to_on_a_day() {
    let change = |at: &str, from: f64, to: f64| {
        Cell::Object(vec![
            ("at".to_owned(), text(at)),
            ("from".to_owned(), Cell::Number(from)),
            ("to".to_owned(), Cell::Number(to)),
        ])
    };
    let changes =
        Cell::List(vec![change("2026-01-14T14:17:00Z", 5.0, 8.0), change("2026-02-02T09:00:00Z", 8.0, 0.5)]);
    assert_eq!(reading_text("changes", &changes), "5 → 8 on 14 Jan 2026; 8 → 0.5 on 2 Feb 2026");
    let undated = Cell::Object(vec![("from".to_owned(), Cell::Null), ("to".to_owned(), Cell::Number(3.0))]);
    assert_eq!(reading_text("changes", &undated), "– → 3");
    let other =
        Cell::Object(vec![("sprint_id".to_owned(), text("231")), ("say_do".to_owned(), Cell::Number(0.5))]);
    assert_eq!(reading_text("details", &other), "sprint id 231, say do 50%");
}

#[test]
fn sorting_uses_the_exact_value_where_the_text_shown_is_rounded() {
    assert_eq!(sort_value(&Cell::Number(0.9831932773109243)).as_deref(), Some("0.9831932773109243"));
    assert_eq!(sort_value(&Cell::Number(149000.0)).as_deref(), Some("149000"));
    assert_eq!(sort_value(&Cell::Integer(-3)).as_deref(), Some("-3"));
    assert_eq!(sort_value(&Cell::Boolean(true)).as_deref(), Some("true"));
    assert_eq!(sort_value(&Cell::Null).as_deref(), Some(""));
    assert_eq!(sort_value(&text("2026-06-01T00:00:00Z")).as_deref(), Some("2026-06-01T00:00:00Z"));
    assert_eq!(sort_value(&text("2028-11-12")).as_deref(), Some("2028-11-12"));
    assert_eq!(sort_value(&text("not_worth_pursuing")), None);
    assert_eq!(sort_value(&Cell::List(vec![text("SHOP-1")])), None);
    assert_eq!(sort_value(&Cell::Object(Vec::new())), None);
}
