//! Item keys to their positions, for looking up millions of references to a backlog's keys
//! (every linked feedback row names one).
//!
//! Tracker keys are mostly a prefix and a number: Jira's `SHOP-1234`, GitHub's `#812`, Azure
//! DevOps' `4521`. Such a key is found by its number in a table per prefix, one memory access,
//! where a hash table of a million strings costs two cache misses per look-up (the slot, then
//! the key's bytes to compare). Every other key, and every key of a prefix whose numbers are too
//! sparse for a table, is looked up in a hash map. Keys are compared exactly: `SHOP-07` is not
//! `SHOP-7`, and ` SHOP-7` is neither.

use polars::prelude::PlHashMap;

/// No key has this number.
const ABSENT: u32 = u32::MAX;
/// Most digits a numbered key's number has (so that it fits a `u32`).
const MOST_DIGITS: usize = 9;

/// Each key's position in the list it was built from.
pub(crate) struct KeyPositions<'a> {
    /// Prefix → position by number ([`ABSENT`] where no key has the number).
    numbered: PlHashMap<&'a str, Vec<u32>>,
    /// Keys that are not a prefix and a number, and those of sparsely numbered prefixes.
    other: PlHashMap<&'a str, u32>,
}

impl<'a> KeyPositions<'a> {
    /// The positions of `keys`, which are distinct (a repeated key keeps its last position).
    pub fn new(keys: &[&'a str]) -> KeyPositions<'a> {
        let mut by_prefix: PlHashMap<&'a str, Vec<(u32, u32)>> = PlHashMap::default();
        let mut other: PlHashMap<&'a str, u32> = PlHashMap::default();
        for (position, &key) in keys.iter().enumerate() {
            match split(key) {
                Some((prefix, number)) => {
                    by_prefix.entry(prefix).or_default().push((number, position as u32))
                }
                None => {
                    other.insert(key, position as u32);
                }
            }
        }
        let mut numbered = PlHashMap::default();
        for (prefix, numbers) in by_prefix {
            let largest = numbers.iter().map(|&(number, _)| number as usize).max().unwrap_or_default();
            // A table of at most four slots per key (and a few more for small backlogs).
            if largest < 4 * numbers.len() + 1024 {
                let mut table = vec![ABSENT; largest + 1];
                for (number, position) in numbers {
                    table[number as usize] = position;
                }
                numbered.insert(prefix, table);
            } else {
                other.extend(numbers.into_iter().map(|(_, position)| (keys[position as usize], position)));
            }
        }
        KeyPositions { numbered, other }
    }

    /// The position of `key`, if it is one of the keys.
    pub fn get(&self, key: &str) -> Option<usize> {
        if let Some((prefix, number)) = split(key)
            && let Some(table) = self.numbered.get(prefix)
        {
            let position = *table.get(number as usize)?;
            return (position != ABSENT).then_some(position as usize);
        }
        self.other.get(key).map(|&position| position as usize)
    }
}

/// A key's prefix and number: the run of decimal digits it ends with, 1 to [`MOST_DIGITS`] of
/// them, without a leading zero (so that the number gives the key back); none for other keys.
fn split(key: &str) -> Option<(&str, u32)> {
    let digits = key.bytes().rev().take_while(u8::is_ascii_digit).count();
    let start = key.len() - digits;
    let number = &key[start..];
    if digits == 0 || digits > MOST_DIGITS || (digits > 1 && number.starts_with('0')) {
        return None;
    }
    Some((&key[..start], number.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn keys_split_into_a_prefix_and_a_number_that_gives_them_back() {
        assert_eq!(split("SHOP-1234"), Some(("SHOP-", 1234)));
        assert_eq!(split("#812"), Some(("#", 812)));
        assert_eq!(split("4521"), Some(("", 4521)));
        assert_eq!(split("SHOP-0"), Some(("SHOP-", 0)));
        assert_eq!(split("A1-5"), Some(("A1-", 5)));
        assert_eq!(split("SHOP-07"), None);
        assert_eq!(split("SHOP-"), None);
        assert_eq!(split("SHOP-1234567890"), None);
        assert_eq!(split("SHOP-7 "), None);
        assert_eq!(split(""), None);
    }

    #[test]
    fn numbered_mixed_and_sparse_keys_are_all_found_and_near_misses_are_not() {
        let keys = ["SHOP-2", "SHOP-10", "#3", "billing", "SHOP-007", "OPS-1000000", "OPS-5", "SHOP-0"];
        let positions = KeyPositions::new(&keys);
        assert!(positions.numbered.contains_key("SHOP-") && positions.numbered.contains_key("#"));
        // OPS- numbers a million with two keys: too sparse for a table.
        assert!(!positions.numbered.contains_key("OPS-"));
        for (position, key) in keys.iter().enumerate() {
            assert_eq!(positions.get(key), Some(position), "{key}");
        }
        for missing in
            ["SHOP-7", "SHOP-11", "SHOP-3", "SHOP-02", "shop-2", " SHOP-2", "#4", "OPS-6", "OPS-", "", "3"]
        {
            assert_eq!(positions.get(missing), None, "{missing}");
        }
    }

    proptest! {
        #[test]
        fn every_key_is_found_at_its_position_and_no_other_key_is(
            keys in proptest::collection::btree_set("(SHOP-|#|X|)[0-9]{1,4}|[a-z]{1,3}", 0..60),
            probes in proptest::collection::vec("(SHOP-|#|X|)[0-9]{1,4}|[a-z]{1,3}", 0..30),
        ) {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let positions = KeyPositions::new(&keys);
            for probe in keys.iter().copied().chain(probes.iter().map(String::as_str)) {
                prop_assert_eq!(positions.get(probe), keys.iter().position(|key| *key == probe));
            }
        }
    }
}
