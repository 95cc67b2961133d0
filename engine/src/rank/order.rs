//! The plain total order of the ranking: score descending, then priority (by the configured
//! order, unknown last), then created ascending (older first, unknown last), then the key in
//! natural order (`PROJ-9` before `PROJ-10`, `#9` before `#12`).
//!
//! Every comparison ends in a byte comparison of the key, and keys are unique once the items are
//! de-duplicated, so no two items ever compare equal: any sort gives the same sequence whatever
//! the input order or the thread count.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::model::keys::natural_key_cmp;
use crate::model::ordering::present_first;

/// What the plain order compares, for one item.
#[derive(Debug, Clone, Copy)]
pub(super) struct SortKey<'a> {
    /// A finite score; `None` ranks after every scored item.
    pub score: Option<f64>,
    /// The priority's position in the configured order (0 = most urgent); `None` is unknown.
    pub priority: Option<usize>,
    /// Created, UTC milliseconds.
    pub created: Option<i64>,
    /// The item key.
    pub key: &'a str,
}

impl SortKey<'_> {
    /// The plain order: `Less` means `self` ranks ahead of `other`.
    pub fn compare(&self, other: &SortKey<'_>) -> Ordering {
        // Scores descending: the higher score is the "lesser" one.
        present_first(self.score, other.score, |mine, theirs| theirs.total_cmp(&mine))
            .then_with(|| present_first(self.priority, other.priority, |a, b| a.cmp(&b)))
            .then_with(|| present_first(self.created, other.created, |a, b| a.cmp(&b)))
            .then_with(|| natural_key_cmp(self.key, other.key))
    }
}

/// The configured priority names, most urgent first, looked up ignoring case and surrounding
/// spaces.
#[derive(Debug, Clone)]
pub(super) struct PriorityOrder {
    positions: HashMap<String, usize>,
}

impl PriorityOrder {
    /// The order of `names`; a name given twice keeps its first position.
    pub fn new(names: &[String]) -> Self {
        let mut positions = HashMap::new();
        for (position, name) in names.iter().enumerate() {
            positions.entry(normalise(name)).or_insert(position);
        }
        PriorityOrder { positions }
    }

    /// The position of `name` (0 = most urgent), `None` when the order does not list it.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.positions.get(&normalise(name)).copied()
    }
}

fn normalise(name: &str) -> String {
    name.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(score: Option<f64>, priority: Option<usize>, created: Option<i64>, key: &str) -> SortKey<'_> {
        SortKey { score, priority, created, key }
    }

    #[test]
    fn score_then_priority_then_created_then_key() {
        let mut items = [
            key(None, Some(0), Some(1), "A-1"),
            key(Some(1.0), None, None, "A-2"),
            key(Some(5.0), Some(3), Some(10), "A-3"),
            key(Some(5.0), Some(1), Some(30), "A-4"),
            key(Some(5.0), Some(1), Some(20), "A-10"),
            key(Some(5.0), Some(1), Some(20), "A-9"),
            key(Some(5.0), Some(1), None, "A-5"),
            key(Some(5.0), None, Some(0), "A-6"),
            key(Some(-1.0), Some(0), Some(0), "A-7"),
        ];
        items.sort_by(|a, b| a.compare(b));
        let keys: Vec<&str> = items.iter().map(|item| item.key).collect();
        // 5.0 first: priority 1 before 3 before unknown; within priority 1 created 20 before 30
        // before unknown; A-9 before A-10 at equal created. Then 1.0, -1.0, and unscored last.
        assert_eq!(keys, ["A-9", "A-10", "A-4", "A-5", "A-3", "A-6", "A-2", "A-7", "A-1"]);
    }

    #[test]
    fn priority_names_match_ignoring_case_and_spaces() {
        let order = PriorityOrder::new(&["Blocker".into(), "High".into(), "high".into()]);
        assert_eq!(order.position(" blocker "), Some(0));
        assert_eq!(order.position("HIGH"), Some(1));
        assert_eq!(order.position("P1"), None);
    }
}
