//! Orderings of values that may be missing.

use std::cmp::Ordering;

/// Orders present values with `compare` and puts a missing value after every present one
/// (`Less` means `a` first).
pub fn present_first<T: Copy>(a: Option<T>, b: Option<T>, compare: impl Fn(T, T) -> Ordering) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => compare(a, b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_value_comes_after_every_present_one() {
        let ascending = |a: i32, b: i32| a.cmp(&b);
        assert_eq!(present_first(Some(1), Some(2), ascending), Ordering::Less);
        assert_eq!(present_first(Some(9), None, ascending), Ordering::Less);
        assert_eq!(present_first(None, Some(1), ascending), Ordering::Greater);
        assert_eq!(present_first::<i32>(None, None, ascending), Ordering::Equal);
    }
}
