//! Ordering item keys: natural order, so `PROJ-9` comes before `PROJ-10` and `#9` before `#12`.

use std::cmp::Ordering;

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
}
