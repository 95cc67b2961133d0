//! `votes.csv`: planning-poker rounds `key,round,estimator,value,voted_at` for about 80 items
//! refined since the team started sprints. Each developer votes with a habit (Jonas is
//! optimistic, Sofia pessimistic, Mateo new and scattered); some votes are `?` (no idea) or `☕`
//! (break). Some items split the room — a 3 beside a 13 — and get a second round, which
//! converges on the points the item was given.

use std::io::Write;

use chrono::Duration;

use crate::backlog::Item;
use crate::calendar::{FIRST_SPRINT_START, Moment, at, iso};
use crate::random::{Random, chance, normal, sample_indices};
use crate::simulation::Sprint;
use crate::team::{DEVELOPERS, Developer, developers_in};

/// Header of `votes.csv`.
pub const HEADER: [&str; 5] = ["key", "round", "estimator", "value", "voted_at"];

/// The numeric cards of the team's deck, in order.
pub const CARDS: [&str; 10] = ["0.5", "1", "2", "3", "5", "8", "13", "20", "40", "100"];
/// The "no idea" card.
pub const UNKNOWN: &str = "?";
/// The "I need a break" card.
pub const COFFEE: &str = "☕";

/// How many items were estimated in poker sessions.
const SESSIONS: usize = 80;

/// One card shown by one estimator in one round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vote {
    /// Issue key.
    pub key: String,
    /// Round (1 or 2).
    pub round: u32,
    /// Who voted.
    pub estimator: &'static str,
    /// The card.
    pub value: &'static str,
    /// When the cards were shown.
    pub voted_at: Moment,
}

/// The poker votes behind the final estimate of ~80 items refined in the sprint period.
pub fn poker_votes(random: &mut Random, items: &[Item], sprints: &[Sprint]) -> Vec<Vote> {
    let since = at(FIRST_SPRINT_START, 0, 0) - Duration::days(21);
    let estimated: Vec<&Item> = items
        .iter()
        .filter(|item| item.estimated_at().is_some_and(|when| when >= since))
        .filter(|item| item.estimate().is_some_and(|points| card_step(points).is_some()))
        .collect();
    let mut chosen: Vec<&Item> =
        sample_indices(random, estimated.len(), SESSIONS).into_iter().map(|index| estimated[index]).collect();
    chosen.sort_by_key(|item| (item.estimated_at(), item.number));
    let mut votes = Vec::new();
    for (session, item) in chosen.into_iter().enumerate() {
        // Every seventh item is one the room disagrees on.
        session_votes(random, item, sprints, session % 7 == 3, &mut votes);
    }
    votes
}

fn session_votes(random: &mut Random, item: &Item, sprints: &[Sprint], split: bool, votes: &mut Vec<Vote>) {
    let (Some(points), Some(agreed_at)) = (item.estimate(), item.estimated_at()) else { return };
    let Some(target) = card_step(points) else { return };
    let room = estimators(agreed_at, sprints);
    let first_round = agreed_at - Duration::minutes(if split { 9 } else { 3 });
    let mut steps: Vec<Option<usize>> =
        room.iter().map(|developer| vote_step(random, developer, target as f64, 1.0)).collect();
    if split && room.len() >= 2 {
        // One low and one high card far apart: the hidden-complexity conversation.
        steps[1] = Some(target.saturating_sub(1));
        steps[3 % room.len()] = Some((target + 2).min(CARDS.len() - 1));
    }
    push_round(votes, item, 1, first_round, &room, &steps);
    if spread(&steps) >= 3 {
        let second: Vec<Option<usize>> =
            room.iter().map(|developer| vote_step(random, developer, target as f64, 0.35)).collect();
        push_round(votes, item, 2, agreed_at - Duration::minutes(2), &room, &second);
    }
}

/// The developers on the team when the item was estimated.
fn estimators(when: Moment, sprints: &[Sprint]) -> Vec<&'static Developer> {
    let names: Vec<&str> = sprints
        .iter()
        .rfind(|sprint| sprint.start <= when)
        .map(|sprint| sprint.members.clone())
        .unwrap_or_else(|| developers_in(0).map(|developer| developer.name).collect());
    DEVELOPERS.iter().filter(|developer| names.contains(&developer.name)).collect()
}

/// One developer's card, as a deck step; `None` for `?` or `☕`. `focus` scales the scatter
/// (later rounds scatter less).
fn vote_step(random: &mut Random, developer: &Developer, target: f64, focus: f64) -> Option<usize> {
    if chance(random, 0.04 * focus) {
        return None;
    }
    let step = target + developer.bias * focus + normal(random, 0.0, developer.scatter * focus);
    Some(step.round().clamp(0.0, (CARDS.len() - 1) as f64) as usize)
}

fn push_round(
    votes: &mut Vec<Vote>,
    item: &Item,
    round: u32,
    when: Moment,
    room: &[&'static Developer],
    steps: &[Option<usize>],
) {
    for (position, (developer, step)) in room.iter().zip(steps).enumerate() {
        let value = match step {
            Some(step) => CARDS[*step],
            // Alternate the two non-numeric cards so both occur.
            None if (item.number as usize + position).is_multiple_of(4) => COFFEE,
            None => UNKNOWN,
        };
        votes.push(Vote { key: item.key(), round, estimator: developer.name, value, voted_at: when });
    }
}

/// Deck steps between the lowest and highest numeric card.
fn spread(steps: &[Option<usize>]) -> usize {
    let numeric = steps.iter().flatten();
    match (numeric.clone().min(), numeric.max()) {
        (Some(low), Some(high)) => high - low,
        _ => 0,
    }
}

fn card_step(points: u32) -> Option<usize> {
    CARDS.iter().position(|card| *card == points.to_string())
}

/// Writes `votes.csv`.
pub fn write_votes<W: Write>(writer: W, votes: &[Vote]) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(HEADER)?;
    for vote in votes {
        csv.write_record([
            vote.key.as_str(),
            &vote.round.to_string(),
            vote.estimator,
            vote.value,
            &iso(vote.voted_at),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_counts_deck_steps_between_numeric_cards() {
        assert_eq!(spread(&[Some(3), None, Some(5), Some(4)]), 2);
        assert_eq!(spread(&[None, None]), 0);
        // 3 (step 3) beside 13 (step 6).
        assert_eq!(spread(&[Some(3), Some(6)]), 3);
    }

    #[test]
    fn points_map_to_cards() {
        assert_eq!(card_step(5), Some(4));
        assert_eq!(card_step(40), Some(8));
        assert_eq!(card_step(4), None);
    }
}
