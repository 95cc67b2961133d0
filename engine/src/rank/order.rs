//! The plain total order of the ranking: score descending, then priority (by the configured
//! order, unknown last), then created ascending (older first, unknown last), then the key in
//! natural order (`PROJ-9` before `PROJ-10`, `#9` before `#12`).
//!
//! Every comparison ends in a byte comparison of the key, and keys are unique once the items are
//! de-duplicated, so no two items ever compare equal: any sort gives the same sequence whatever
//! the input order or the thread count.

use std::cmp::Ordering;
use std::collections::HashMap;

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

/// Orders present values with `compare` and puts a missing value after every present one
/// (`Less` means `a` first).
pub(crate) fn present_first<T: Copy>(
    a: Option<T>,
    b: Option<T>,
    compare: impl Fn(T, T) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => compare(a, b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Compares keys in natural order: runs of ASCII digits compare as numbers (of any length),
/// other runs as text ignoring ASCII case; what still ties (`A-01` and `A-1`, `a-1` and `A-1`)
/// is ordered by bytes, so only equal keys compare equal.
pub fn natural_key_cmp(a: &str, b: &str) -> Ordering {
    let mut left = Runs { rest: a };
    let mut right = Runs { rest: b };
    loop {
        let ordering = match (left.next(), right.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => compare_runs(x, y),
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
}

fn compare_runs(a: &str, b: &str) -> Ordering {
    if is_number(a) && is_number(b) {
        let a = a.trim_start_matches('0');
        let b = b.trim_start_matches('0');
        // Without leading zeros, a longer run of digits is a larger number.
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    } else {
        let a = a.bytes().map(|byte| byte.to_ascii_lowercase());
        a.cmp(b.bytes().map(|byte| byte.to_ascii_lowercase()))
    }
}

fn is_number(run: &str) -> bool {
    run.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

/// The maximal runs of digits and of non-digits of a key, in order.
struct Runs<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Runs<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let first = self.rest.as_bytes().first()?;
        let digits = first.is_ascii_digit();
        // Digits are ASCII, so a byte index where the digit-ness changes is a char boundary.
        let end =
            self.rest.bytes().position(|byte| byte.is_ascii_digit() != digits).unwrap_or(self.rest.len());
        let (run, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(run)
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

    #[test]
    fn keys_compare_in_natural_order() {
        let mut keys = vec!["PROJ-10", "#12", "PROJ-9", "ABC-100", "#9", "PROJ-1", "abc-20", "#100"];
        keys.sort_by(|a, b| natural_key_cmp(a, b));
        assert_eq!(keys, ["#9", "#12", "#100", "abc-20", "ABC-100", "PROJ-1", "PROJ-9", "PROJ-10"]);
    }

    #[test]
    fn natural_order_is_total_and_only_equal_keys_tie() {
        assert_eq!(natural_key_cmp("A-01", "A-1"), "A-01".cmp("A-1"));
        assert_eq!(natural_key_cmp("A-1", "a-1"), "A-1".cmp("a-1"));
        assert_eq!(natural_key_cmp("A-1", "A-1"), Ordering::Equal);
        assert_eq!(natural_key_cmp("", "A"), Ordering::Less);
        // Numbers longer than any integer type still compare as numbers.
        assert_eq!(
            natural_key_cmp("X-99999999999999999999999", "X-100000000000000000000000"),
            Ordering::Less
        );
        // A prefix ranks first; digits and letters at the same place compare as text.
        assert_eq!(natural_key_cmp("A", "A-1"), Ordering::Less);
        assert_eq!(natural_key_cmp("A1", "AB"), Ordering::Less);
        assert_eq!(natural_key_cmp("é-2", "é-10"), Ordering::Less);
    }

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
