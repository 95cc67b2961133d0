//! Planning-poker votes as CSV: one row per card an estimator showed for an item in a round.
//!
//! Planning-poker tools (Planning Poker Online, Scrum Poker for Jira, Parabol, PlanITpoker)
//! export a round's votes as a table of item, player and card; refine's demo workspace writes
//! `key, round, estimator, value, voted_at`. Headers are matched ignoring case: `key|issue|
//! issue_key|story` → key, `estimator|voter|participant|player` → estimator, `value|vote|card`
//! → value, `round`, `voted_at|at` → at. The file is recognised by a key, an estimator and a
//! value column.
//!
//! A card stays text, because `?` and `☕` are cards too: numbers are kept as written (`5`,
//! `0.5`), `½` becomes `0.5` and `coffee` (any case) or `☕️` becomes `☕`. Any other value is a
//! problem naming row and column, and the vote is skipped: a vote whose card cannot be read
//! would otherwise distort the item's spread. A number is a card from 0 to
//! [`MAX_POINTS`](super::frame_builder::limits::MAX_POINTS) (10,000) points: no deck goes
//! beyond 100, and one vote of `1.7e308` would make every figure of its item infinite.

use polars::prelude::*;

use super::error::{LoadError, Problem};
use super::frame_builder::limits::MAX_POINTS;
use super::frame_builder::{FrameBuilder, is_missing};
use super::text_table::TextTable;
use super::text_table::has_header;
use super::{LoadOptions, Loaded};
use crate::model::numbers::parse_number;
use crate::model::{Table, votes};

const KEY: [&str; 4] = ["key", "issue", "issue_key", "story"];
const ESTIMATOR: [&str; 4] = ["estimator", "voter", "participant", "player"];
const VALUE: [&str; 3] = ["value", "vote", "card"];

/// Canonical column ← the headers that fill it, in order of preference (the card apart).
const COLUMNS: &[(&str, &[&str])] = &[
    (votes::KEY, &KEY),
    (votes::ROUND, &["round"]),
    (votes::ESTIMATOR, &ESTIMATOR),
    (votes::AT, &["voted_at", "at"]),
];

/// What a card must be, for problems.
const EXPECTED_CARD: &str = "a card: a number from 0 to 10000, ?, ☕ or coffee";

/// A key, an estimator and a value column.
pub fn matches(headers: &[String]) -> bool {
    [&KEY[..], &ESTIMATOR, &VALUE].iter().all(|names| names.iter().any(|name| has_header(headers, name)))
}

/// Loads the votes; see the module documentation for the cards.
pub fn load(text: &TextTable, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let mut builder = FrameBuilder::new(Table::Votes, text);
    for (target, headers) in COLUMNS {
        builder.map_any(target, headers);
    }
    if let Some(position) = text.position_of_any(&VALUE) {
        let header = text.headers[position].as_str();
        let values = text.column(position);
        let mut cards: Vec<Option<String>> = Vec::with_capacity(text.height());
        for (index, value) in values.iter().enumerate() {
            let value = value.filter(|value| !is_missing(value));
            let card = value.map(|value| normalise_card(value).ok_or(value));
            if let Some(Err(found)) = card {
                builder.report(
                    index,
                    Problem::new(text.location(index), Some(header), EXPECTED_CARD, found),
                    false,
                );
            }
            // A rejected vote keeps its text here (its row is dropped), so that it is not also
            // reported as a missing card.
            cards.push(card.map(|card| card.unwrap_or_else(str::to_owned)));
        }
        let cards: StringChunked = cards.into_iter().collect();
        builder.put(votes::VALUE, cards.into_column(), vec![position]);
    }
    let mut loaded = Loaded::default();
    loaded.add(Table::Votes, builder.finish(options.strict)?);
    Ok(loaded)
}

/// The card a vote shows, in refine's spelling; `None` when it is not a card.
pub fn normalise_card(value: &str) -> Option<String> {
    let value = value.trim();
    match value {
        "?" | "☕" => Some(value.to_owned()),
        "½" => Some("0.5".to_owned()),
        _ if value.eq_ignore_ascii_case("coffee") || value == "☕\u{fe0f}" => Some("☕".to_owned()),
        _ => {
            parse_number(value).filter(|number| (0.0..=MAX_POINTS).contains(number)).map(|_| value.to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::load_content;
    use crate::load::{Format, LoadedFile, Location, load_file};

    fn load_csv(content: &str) -> LoadedFile {
        load_content("export.csv", content, &LoadOptions::default())
    }

    #[test]
    fn cards() {
        assert_eq!(normalise_card(" 5 ").as_deref(), Some("5"));
        assert_eq!(normalise_card("0.5").as_deref(), Some("0.5"));
        assert_eq!(normalise_card("½").as_deref(), Some("0.5"));
        assert_eq!(normalise_card("?").as_deref(), Some("?"));
        assert_eq!(normalise_card("Coffee").as_deref(), Some("☕"));
        assert_eq!(normalise_card("☕️").as_deref(), Some("☕"));
        assert_eq!(normalise_card("huge"), None);
        assert_eq!(normalise_card("-3"), None);
        assert_eq!(normalise_card("NaN"), None);
        assert_eq!(normalise_card("10000").as_deref(), Some("10000"));
        assert_eq!(normalise_card("10001"), None);
    }

    #[test]
    fn a_poker_vote_of_1e308_is_a_problem_and_skips_the_vote() {
        let file = load_csv("key,estimator,vote\nA-1,ann,5\nA-1,bob,1.7e308\nA-1,cy,8\n");
        let loaded = &file.loaded;
        assert_eq!(loaded.tables[&Table::Votes].height(), 2);
        assert_eq!(loaded.problems, [Problem::new(Location::Row(3), Some("vote"), EXPECTED_CARD, "1.7e308")]);
    }

    #[test]
    fn loads_votes_with_aliases_and_normalised_cards() {
        let file = load_csv(
            "Story,Round,Player,Card,At\n\
             SHOP-1,1,ann,3,2024-03-04T10:00:00Z\n\
             SHOP-1,1,bob,13,2024-03-04T10:00:05Z\n\
             SHOP-1,1,cy,coffee,\n\
             SHOP-2,2,ann,½,\n\
             SHOP-2,2,bob,?,\n",
        );
        assert_eq!(file.format, Format::PokerVotesCsv);
        let frame = &file.loaded.tables[&Table::Votes];
        let values: Vec<_> = frame.column(votes::VALUE).unwrap().str().unwrap().iter().flatten().collect();
        assert_eq!(values, ["3", "13", "☕", "0.5", "?"]);
        assert_eq!(frame.column(votes::ESTIMATOR).unwrap().str().unwrap().get(1), Some("bob"));
        assert_eq!(frame.column(votes::ROUND).unwrap().i64().unwrap().get(3), Some(2));
        assert_eq!(frame.column(votes::AT).unwrap().null_count(), 3);
        assert!(file.loaded.problems.is_empty());
    }

    #[test]
    fn a_card_that_is_no_card_skips_the_vote_and_names_row_and_column() {
        let file = load_csv("key,estimator,vote\nA-1,ann,5\nA-1,bob,huge\nA-1,cy,8\n");
        let loaded = &file.loaded;
        assert_eq!(loaded.tables[&Table::Votes].height(), 2);
        assert_eq!(loaded.skipped_records, 1);
        assert_eq!(loaded.problem_count, 1);
        assert_eq!(loaded.problems[0], Problem::new(Location::Row(3), Some("vote"), EXPECTED_CARD, "huge"));
    }

    #[test]
    fn strict_fails_on_a_bad_card() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("votes.csv");
        std::fs::write(&path, "key,estimator,value\nA-1,ann,5\nA-1,bob,huge\n").unwrap();
        let error = load_file(&path, &LoadOptions { strict: true, ..LoadOptions::default() }).unwrap_err();
        assert!(matches!(
            error,
            LoadError::BadValue { problem: Problem { location: Location::Row(3), .. }, .. }
        ));
    }

    #[test]
    fn a_missing_card_is_a_missing_required_value() {
        let file = load_csv("key,estimator,value\nA-1,ann,5\nA-1,bob,\n");
        assert_eq!(file.loaded.problems[0].location, Location::Row(3));
        assert_eq!(file.loaded.problems[0].column.as_deref(), Some("value"));
        assert_eq!(file.loaded.problems[0].expected, "a value");
    }
}
