//! The change against a previous ranking (`--previous RANKING`): per item its previous rank and
//! whether it moved up, down, stayed or is new; and the keys that are gone (in the previous
//! ranking, not in this one, whether finished, filtered out, past `--top` or deleted).
//!
//! Ranks are compared as numbers: `rank_delta = previous_rank − rank`, so moving from 7 to 3 is
//! +4 (up).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::keys::natural_key_cmp;

/// How an item's rank changed since the previous ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RankChange {
    /// A better (smaller) rank than before.
    Up,
    /// A worse (larger) rank than before.
    Down,
    /// The same rank.
    Unchanged,
    /// Not in the previous ranking.
    New,
}

/// One item's change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Change {
    pub previous_rank: Option<usize>,
    pub rank_change: RankChange,
    pub rank_delta: Option<i64>,
}

/// The change of the item ranked `rank` with `key`.
pub(super) fn change(key: &str, rank: usize, previous: &BTreeMap<String, usize>) -> Change {
    let Some(&previous_rank) = previous.get(key) else {
        return Change { previous_rank: None, rank_change: RankChange::New, rank_delta: None };
    };
    let rank_change = match previous_rank.cmp(&rank) {
        std::cmp::Ordering::Greater => RankChange::Up,
        std::cmp::Ordering::Less => RankChange::Down,
        std::cmp::Ordering::Equal => RankChange::Unchanged,
    };
    let delta =
        i128::try_from(previous_rank).unwrap_or(i128::MAX) - i128::try_from(rank).unwrap_or(i128::MAX);
    let rank_delta = i64::try_from(delta).ok();
    Change { previous_rank: Some(previous_rank), rank_change, rank_delta }
}

/// The previous keys missing from `current`, by previous rank, then key in natural order.
pub(super) fn gone(current: &[&str], previous: &BTreeMap<String, usize>) -> Vec<String> {
    let current: std::collections::HashSet<&str> = current.iter().copied().collect();
    let mut gone: Vec<(&String, usize)> = previous
        .iter()
        .filter(|(key, _)| !current.contains(key.as_str()))
        .map(|(key, &rank)| (key, rank))
        .collect();
    gone.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| natural_key_cmp(a.0, b.0)));
    gone.into_iter().map(|(key, _)| key.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn previous() -> BTreeMap<String, usize> {
        [("A-1", 1), ("A-2", 2), ("A-3", 3), ("A-10", 4), ("A-9", 4)]
            .into_iter()
            .map(|(key, rank)| (key.to_owned(), rank))
            .collect()
    }

    #[test]
    fn up_down_unchanged_and_new() {
        let previous = previous();
        // A-3 was 3, now 1: up 2. A-1 was 1, now 2: down 1. A-2 was 2, now 2: unchanged.
        let up = change("A-3", 1, &previous);
        assert_eq!((up.previous_rank, up.rank_change, up.rank_delta), (Some(3), RankChange::Up, Some(2)));
        let down = change("A-1", 2, &previous);
        assert_eq!(
            (down.previous_rank, down.rank_change, down.rank_delta),
            (Some(1), RankChange::Down, Some(-1))
        );
        let same = change("A-2", 2, &previous);
        assert_eq!((same.rank_change, same.rank_delta), (RankChange::Unchanged, Some(0)));
        let new = change("B-1", 4, &previous);
        assert_eq!((new.previous_rank, new.rank_change, new.rank_delta), (None, RankChange::New, None));
    }

    #[test]
    fn gone_keys_come_by_previous_rank_then_natural_key() {
        assert_eq!(gone(&["A-3", "A-1"], &previous()), ["A-2", "A-9", "A-10"]);
        assert!(gone(&["A-1", "A-2", "A-3", "A-9", "A-10"], &previous()).is_empty());
        assert!(gone(&[], &BTreeMap::new()).is_empty());
    }
}
