//! Planning-poker statistics per item over its last round (formulas in the module above).

use std::collections::BTreeMap;

use serde::Serialize;

use super::EstimatesSettings;
use crate::model::numbers::parse_number;
use crate::model::stats;
use crate::model::view::Votes;

/// One poker card as voted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Card {
    /// A number of points (`5`, `0.5`, `½`).
    Number(f64),
    /// `?`: the estimator cannot size the item.
    Unknown,
    /// ☕ (or `coffee`): a break is needed.
    Coffee,
    /// Anything else (a negative number, a word).
    Unreadable,
}

impl Card {
    /// Reads a card text: `?`, `☕` / `coffee`, `½` / `1/2`, or a finite number ≥ 0.
    pub fn parse(text: &str) -> Card {
        let text = text.trim();
        match text {
            "?" => Card::Unknown,
            "☕" => Card::Coffee,
            "½" | "1/2" => Card::Number(0.5),
            _ if text.eq_ignore_ascii_case("coffee") => Card::Coffee,
            _ => parse_number(text).filter(|value| *value >= 0.0).map_or(Card::Unreadable, Card::Number),
        }
    }
}

/// The index of the deck card nearest `value`, ties to the higher card; `None` for an empty
/// deck or a non-finite value. The deck must be ascending.
pub fn nearest_card(deck: &[f64], value: f64) -> Option<usize> {
    if !value.is_finite() {
        return None;
    }
    let mut best: Option<(usize, f64)> = None;
    for (index, card) in deck.iter().enumerate() {
        let distance = (card - value).abs();
        // `<=` lets a later (higher) card at the same distance win: ties upward.
        if best.is_none_or(|(_, best_distance)| distance <= best_distance) {
            best = Some((index, distance));
        }
    }
    best.map(|(index, _)| index)
}

/// Statistics of one item's last poker round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PokerStats {
    /// The item key.
    pub key: String,
    /// The round the figures describe (the last one).
    pub round: i64,
    /// Every vote of the round, numeric or not.
    pub votes: usize,
    /// The numeric votes.
    pub n: usize,
    /// `?` votes.
    pub unknown: usize,
    /// ☕ votes.
    pub coffee: usize,
    /// Votes that are neither numbers, `?` nor ☕ (left out).
    pub unreadable: usize,
    /// Numeric votes not on the deck, snapped to the nearest card for the spread.
    pub snapped: usize,
    /// `unknown / votes`.
    pub unknown_share: Option<f64>,
    /// `coffee / votes`.
    pub coffee_share: Option<f64>,
    /// The lowest numeric vote.
    pub min: Option<f64>,
    /// The highest numeric vote.
    pub max: Option<f64>,
    /// The mean of the numeric votes.
    pub mean: Option<f64>,
    /// The median of the numeric votes.
    pub median: Option<f64>,
    /// The sample standard deviation of the numeric votes.
    pub std: Option<f64>,
    /// The coefficient of variation (std / mean).
    pub cv: Option<f64>,
    /// Deck steps between the lowest and the highest card.
    pub spread: Option<usize>,
    /// Every numeric vote equal.
    pub consensus: bool,
    /// The deck card nearest the median, ties upward.
    pub suggested: Option<f64>,
    /// 1 / (1 + spread).
    pub confidence: Option<f64>,
    /// Spread ≥ `discuss_spread`.
    pub discuss: bool,
    /// Share of `?` ≥ `spike_share`.
    pub spike: bool,
}

/// One item's last round: its number and the (estimator, card text) votes in table order.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Round {
    pub round: i64,
    pub votes: Vec<(String, String)>,
}

/// Each key's last round from the votes table (a missing round counts as 1; rows without key,
/// estimator or value are left out).
pub(crate) fn last_rounds(votes: &Votes<'_>) -> BTreeMap<String, Round> {
    let mut last: BTreeMap<String, Round> = BTreeMap::new();
    let rows = votes.key.iter().zip(&votes.round).zip(&votes.estimator).zip(&votes.value);
    for (((key, round), estimator), value) in rows {
        let (Some(key), Some(estimator), Some(value)) = (key, estimator, value) else { continue };
        let round = round.unwrap_or(1);
        let entry = last.entry((*key).to_owned()).or_insert_with(|| Round { round, votes: Vec::new() });
        if round > entry.round {
            *entry = Round { round, votes: Vec::new() };
        }
        if round == entry.round {
            entry.votes.push(((*estimator).to_owned(), (*value).to_owned()));
        }
    }
    last
}

/// The statistics of one round.
pub fn round_stats(key: &str, round: i64, cards: &[Card], settings: &EstimatesSettings) -> PokerStats {
    let count = |wanted: Card| cards.iter().filter(|card| **card == wanted).count();
    let numbers: Vec<f64> = cards
        .iter()
        .filter_map(|card| match card {
            Card::Number(value) => Some(*value),
            _ => None,
        })
        .collect();
    let (unknown, coffee, unreadable) = (count(Card::Unknown), count(Card::Coffee), count(Card::Unreadable));
    let share = |part: usize| (!cards.is_empty()).then(|| part as f64 / cards.len() as f64);
    let deck = &settings.deck;
    let indices: Vec<usize> = numbers.iter().filter_map(|value| nearest_card(deck, *value)).collect();
    let snapped = numbers.iter().filter(|value| !deck.contains(value)).count();
    let spread = indices.iter().max().zip(indices.iter().min()).map(|(high, low)| high - low);
    let min = numbers.iter().copied().min_by(f64::total_cmp);
    let max = numbers.iter().copied().max_by(f64::total_cmp);
    let median = stats::median(&numbers);
    let unknown_share = share(unknown);
    PokerStats {
        key: key.to_owned(),
        round,
        votes: cards.len(),
        n: numbers.len(),
        unknown,
        coffee,
        unreadable,
        snapped,
        unknown_share,
        coffee_share: share(coffee),
        min,
        max,
        mean: stats::mean(&numbers),
        median,
        std: stats::std_dev(&numbers),
        cv: stats::coefficient_of_variation(&numbers),
        spread,
        consensus: !numbers.is_empty() && min == max,
        suggested: median.and_then(|median| nearest_card(deck, median)).map(|index| deck[index]),
        confidence: spread.map(|spread| 1.0 / (1.0 + spread as f64)),
        discuss: spread.is_some_and(|spread| spread >= settings.discuss_spread),
        spike: unknown_share.is_some_and(|share| share >= settings.spike_share),
    }
}

/// The statistics of every item's last round, by key, with warnings for snapped and unreadable
/// cards.
pub(crate) fn poker_stats(
    rounds: &BTreeMap<String, Round>,
    settings: &EstimatesSettings,
    warnings: &mut Vec<String>,
) -> Vec<PokerStats> {
    let stats: Vec<PokerStats> = rounds
        .iter()
        .map(|(key, round)| {
            let cards: Vec<Card> = round.votes.iter().map(|(_, value)| Card::parse(value)).collect();
            round_stats(key, round.round, &cards, settings)
        })
        .collect();
    let snapped: usize = stats.iter().map(|item| item.snapped).sum();
    if snapped > 0 {
        warnings.push(format!(
            "{snapped} votes are not cards of the deck; they are snapped to the nearest card for the spread"
        ));
    }
    let unreadable: Vec<&str> =
        stats.iter().filter(|item| item.unreadable > 0).map(|item| item.key.as_str()).collect();
    if !unreadable.is_empty() {
        warnings.push(format!(
            "votes on {} items are neither numbers, ? nor ☕ and are left out (first: {})",
            unreadable.len(),
            unreadable[0]
        ));
    }
    stats
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::test_frame::{TestRow, frame};
    use crate::model::test_values::close;
    use crate::model::{Table, votes};

    fn stats_of(texts: &[&str]) -> PokerStats {
        let cards: Vec<Card> = texts.iter().map(|text| Card::parse(text)).collect();
        round_stats("A-1", 1, &cards, &EstimatesSettings::default())
    }

    #[test]
    fn cards_parse() {
        assert_eq!(Card::parse(" 5 "), Card::Number(5.0));
        assert_eq!(Card::parse("½"), Card::Number(0.5));
        assert_eq!(Card::parse("0.5"), Card::Number(0.5));
        assert_eq!(Card::parse("?"), Card::Unknown);
        assert_eq!(Card::parse("☕"), Card::Coffee);
        assert_eq!(Card::parse("Coffee"), Card::Coffee);
        assert_eq!(Card::parse("-3"), Card::Unreadable);
        assert_eq!(Card::parse("big"), Card::Unreadable);
        assert_eq!(Card::parse("NaN"), Card::Unreadable);
    }

    #[test]
    fn nearest_card_ties_upward() {
        let deck = EstimatesSettings::default().deck;
        assert_eq!(nearest_card(&deck, 4.0), Some(5), "4 is 1 from 3 and from 5: the 5 (index 5)");
        assert_eq!(nearest_card(&deck, 3.4), Some(4), "3");
        assert_eq!(nearest_card(&deck, 1000.0), Some(10));
        assert_eq!(nearest_card(&deck, f64::NAN), None);
        assert_eq!(nearest_card(&[], 1.0), None);
    }

    #[test]
    fn a_three_beside_a_thirteen_needs_discussion() {
        // Votes 3, 5, 5, 13: n 4, mean 26 / 4 = 6.5, median (5 + 5) / 2 = 5;
        // Σ(x − 6.5)² = 12.25 + 2.25 + 2.25 + 42.25 = 59; std = √(59 / 3) = 4.434712…;
        // spread = index(13) − index(3) = 7 − 4 = 3 steps ≥ 2 → discuss; confidence 1/4.
        let item = stats_of(&["3", "5", "5", "13"]);
        assert_eq!((item.n, item.votes, item.spread), (4, 4, Some(3)));
        close(item.min, 3.0);
        close(item.max, 13.0);
        close(item.mean, 6.5);
        close(item.median, 5.0);
        close(item.std, (59.0f64 / 3.0).sqrt());
        close(item.cv, (59.0f64 / 3.0).sqrt() / 6.5);
        close(item.suggested, 5.0);
        close(item.confidence, 0.25);
        assert!(item.discuss && !item.consensus && !item.spike);
    }

    #[test]
    fn consensus_one_step_and_snapping() {
        let item = stats_of(&["5", "5", "5"]);
        assert!(item.consensus && !item.discuss);
        assert_eq!(item.spread, Some(0));
        close(item.std, 0.0);
        close(item.cv, 0.0);
        close(item.confidence, 1.0);
        // 3 and 5 are neighbours: 1 step, no discussion, confidence ½; median 4 → 5 (ties up).
        let item = stats_of(&["3", "5"]);
        assert_eq!(item.spread, Some(1));
        assert!(!item.discuss);
        close(item.confidence, 0.5);
        close(item.suggested, 5.0);
        // 4 is no card: it snaps to 5 (tie upward), 6 snaps to 5: spread 0, but not consensus.
        let item = stats_of(&["4", "6"]);
        assert_eq!((item.snapped, item.spread, item.consensus), (2, Some(0), false));
    }

    #[test]
    fn unknowns_dominating_make_a_spike() {
        // 3 of 5 votes are ?: share 0.6 ≥ 0.5 → spike; ☕ 1/5; one numeric vote.
        let item = stats_of(&["?", "?", "?", "☕", "8"]);
        assert_eq!((item.votes, item.n, item.unknown, item.coffee), (5, 1, 3, 1));
        close(item.unknown_share, 0.6);
        close(item.coffee_share, 0.2);
        assert!(item.spike);
        assert!(item.consensus, "one numeric vote agrees with itself");
        assert_eq!(item.std, None);
        // Exactly half is a spike too (≥).
        assert!(stats_of(&["?", "3"]).spike);
        assert!(!stats_of(&["?", "3", "5"]).spike);
    }

    #[test]
    fn no_numeric_votes_and_no_votes() {
        let item = stats_of(&["?", "☕"]);
        assert_eq!(
            (item.n, item.min, item.median, item.spread, item.confidence),
            (0, None, None, None, None)
        );
        assert!(!item.consensus && !item.discuss && item.spike);
        let item = stats_of(&[]);
        assert_eq!((item.votes, item.unknown_share), (0, None));
        assert!(!item.spike);
    }

    #[test]
    fn the_last_round_counts() {
        let vote = |key: &str, round: Option<i64>, estimator: &str, value: &str| {
            let row = TestRow::new().text(votes::KEY, key).text(votes::ESTIMATOR, estimator);
            let row = row.text(votes::VALUE, value);
            match round {
                Some(round) => row.integer(votes::ROUND, round),
                None => row,
            }
        };
        let frame = frame(
            Table::Votes,
            &[
                vote("A", Some(1), "x", "3"),
                vote("A", Some(1), "y", "13"),
                vote("A", Some(2), "x", "5"),
                vote("A", Some(2), "y", "5"),
                vote("B", None, "x", "?"),
            ],
        );
        let rounds = last_rounds(&Votes::decode(&frame).unwrap());
        assert_eq!(rounds["A"].round, 2);
        assert_eq!(rounds["A"].votes, [("x".to_owned(), "5".to_owned()), ("y".to_owned(), "5".to_owned())]);
        assert_eq!(rounds["B"].round, 1);
        let mut warnings = Vec::new();
        let stats = poker_stats(&rounds, &EstimatesSettings::default(), &mut warnings);
        assert_eq!(stats.iter().map(|item| item.key.as_str()).collect::<Vec<_>>(), ["A", "B"]);
        assert!(stats[0].consensus && !stats[0].discuss);
        assert!(warnings.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_round_gives_consistent_figures(
            texts in proptest::collection::vec(
                proptest::prop_oneof!["[0-9]{1,3}", proptest::strategy::Just("?".to_owned()), proptest::strategy::Just("☕".to_owned()), "[a-z]{1,3}"],
                0..12,
            ),
        ) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let item = stats_of(&refs);
            proptest::prop_assert_eq!(item.votes, texts.len());
            proptest::prop_assert_eq!(item.n + item.unknown + item.coffee + item.unreadable, item.votes);
            if let Some(spread) = item.spread {
                proptest::prop_assert!(spread <= 10);
                proptest::prop_assert_eq!(item.discuss, spread >= 2);
                let confidence = item.confidence.unwrap();
                proptest::prop_assert!(confidence > 0.0 && confidence <= 1.0);
                proptest::prop_assert!(item.min.unwrap() <= item.median.unwrap() && item.median <= item.max);
                proptest::prop_assert!(!item.consensus || spread == 0);
            } else {
                proptest::prop_assert_eq!(item.n, 0);
            }
        }
    }
}
