//! [`Figures`]: the named numbers of one item's score, as a map that costs one small allocation.

use std::fmt;
use std::ops::Index;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Named figures of one item's score (`reach`, `effort_input`, ...), in name order, each name
/// once. It reads like a `BTreeMap<&'static str, f64>` but holds its few entries in one sorted
/// vector: a scored backlog has one or two of these per item, and at half a million items the
/// B-tree's nodes (three for the composite's twelve figures) were half a gigabyte of fresh
/// memory. The names are refine's own, so they are not copied per item either.
#[derive(Clone, Default, PartialEq)]
pub struct Figures(Vec<(&'static str, f64)>);

impl Figures {
    /// No figures, with room for `capacity` without growing.
    pub fn with_capacity(capacity: usize) -> Figures {
        Figures(Vec::with_capacity(capacity))
    }

    /// Sets `name` to `value`, replacing what it held.
    pub fn insert(&mut self, name: &'static str, value: f64) {
        match self.position(name) {
            Ok(found) => self.0[found].1 = value,
            Err(place) => self.0.insert(place, (name, value)),
        }
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.position(name).ok().map(|found| self.0[found].1)
    }

    /// Whether `name` has a value.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// (name, value) in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        self.0.iter().copied()
    }

    /// The values in name order.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.0.iter().map(|&(_, value)| value)
    }

    /// Keeps the figures `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&'static str, f64) -> bool) {
        self.0.retain(|&(name, value)| keep(name, value));
    }

    /// How many figures there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|&(known, _)| known.cmp(name))
    }
}

/// Later values of a name replace earlier ones, as in a map.
impl FromIterator<(&'static str, f64)> for Figures {
    fn from_iter<T: IntoIterator<Item = (&'static str, f64)>>(pairs: T) -> Figures {
        let pairs = pairs.into_iter();
        let mut figures = Figures::with_capacity(pairs.size_hint().0);
        for (name, value) in pairs {
            figures.insert(name, value);
        }
        figures
    }
}

/// Panics when `name` has no value, as a map's index does.
impl Index<&str> for Figures {
    type Output = f64;

    fn index(&self, name: &str) -> &f64 {
        match self.position(name) {
            Ok(found) => &self.0[found].1,
            Err(_) => panic!("no figure named `{name}`"),
        }
    }
}

/// As a map: `{"reach": 300.0, ...}`.
impl fmt::Debug for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// As a map from name to value, in name order.
impl Serialize for Figures {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self.iter() {
            map.serialize_entry(name, &value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn reads_like_the_map_it_replaces() {
        let pairs = [("reach", 3.0), ("effort", 2.0), ("confidence", 0.5), ("reach", 4.0)];
        let figures: Figures = pairs.into_iter().collect();
        let map: BTreeMap<&'static str, f64> = pairs.into_iter().collect();
        assert_eq!(figures.iter().collect::<Vec<_>>(), map.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>());
        assert_eq!(format!("{figures:?}"), format!("{map:?}"));
        assert_eq!(serde_json::to_string(&figures).unwrap(), serde_json::to_string(&map).unwrap());
        assert_eq!((figures["reach"], figures.get("effort"), figures.get("impact")), (4.0, Some(2.0), None));
        assert!(figures.contains_key("confidence") && !figures.contains_key("impact"));
        assert_eq!(figures.values().sum::<f64>(), 6.5);
    }

    #[test]
    fn insert_replaces_and_retain_filters() {
        let mut figures = Figures::with_capacity(2);
        figures.insert("b", f64::NAN);
        figures.insert("a", 1.0);
        figures.insert("a", 2.0);
        assert_eq!(figures.len(), 2);
        figures.retain(|_, value| value.is_finite());
        assert_eq!(figures.iter().collect::<Vec<_>>(), [("a", 2.0)]);
        assert!(!figures.is_empty());
    }

    #[test]
    #[should_panic(expected = "no figure named `impact`")]
    fn indexing_a_missing_name_panics() {
        let _ = Figures::default()["impact"];
    }
}
