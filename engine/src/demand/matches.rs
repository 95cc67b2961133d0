//! The unlinked feedback rows matched to items by text, gathered batch by batch and kept
//! compact.
//!
//! The feedback is folded in batches that are dropped once folded, so a match cannot point
//! back into the feedback table: it keeps its own copy of the feedback id, in one buffer for
//! all matches (no allocation per match), and the distinct text it has (4 bytes). What a text
//! matched (item, score, shared terms, excerpt) is stored once per distinct text of a batch,
//! and a matched item's key and title once per item.
//!
//! **Memory.** Every match is kept, as the feedback matches table shows them all: about
//! 13 bytes + the id's length per matched row, plus one excerpt per distinct matched text of
//! each batch. This is the one part of demand that grows with feedback rows (matched ones only).
//!
//! **Order.** By key, then score (highest first), then feedback id, excerpt and shared terms:
//! everything a match shows, so the order does not depend on how the feedback was split into
//! batches or shards, nor on the order of its rows.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use crate::model::text::prefix::text_prefix;

/// One unlinked feedback row matched to an item, for a PM to check.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FeedbackMatch<'a> {
    /// The feedback's id, if it has one.
    pub feedback_id: Option<&'a str>,
    /// The item it was matched to.
    pub key: &'a str,
    /// The item's title.
    pub title: Option<&'a str>,
    /// Cosine similarity, threshold–1.
    pub score: f64,
    /// The words they share, strongest first.
    pub terms: &'a [String],
    /// The start of the feedback text (whitespace collapsed).
    pub text: &'a str,
}

/// What one distinct feedback text matched, shared by every row of a batch with that text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TextMatch {
    /// The item's position in the backlog's key order (matches are ordered by it).
    pub item: usize,
    pub score: f64,
    pub terms: Arc<[String]>,
    pub excerpt: String,
}

/// The feedback ids of the matches, end to end in one buffer.
#[derive(Debug, Clone, Default)]
struct FeedbackIds {
    bytes: String,
    /// Where each id ends in `bytes`.
    ends: Vec<usize>,
    /// Whether each match's feedback has an id at all (an empty id is not a missing one).
    present: Vec<bool>,
}

impl FeedbackIds {
    fn push(&mut self, id: Option<&str>) {
        self.bytes.push_str(id.unwrap_or_default());
        self.ends.push(self.bytes.len());
        self.present.push(id.is_some());
    }

    fn get(&self, entry: usize) -> Option<&str> {
        let start = entry.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.present[entry].then(|| &self.bytes[start..self.ends[entry]])
    }

    fn append(&mut self, later: FeedbackIds) {
        let offset = self.bytes.len();
        self.bytes.push_str(&later.bytes);
        self.ends.extend(later.ends.into_iter().map(|end| end + offset));
        self.present.extend(later.present);
    }
}

/// The matches of some feedback batches, not yet ordered: two of them (of two shards of the
/// feedback) merge into the matches of the whole.
#[derive(Debug, Clone, Default)]
pub(super) struct MatchesPartial {
    /// What each distinct matched text of the folded batches matched.
    texts: Vec<TextMatch>,
    /// The text of each match (a position in `texts`).
    text_of: Vec<u32>,
    /// The feedback id of each match.
    ids: FeedbackIds,
}

impl MatchesPartial {
    /// Adds what a distinct text matched; returns its number for [`MatchesPartial::push`].
    pub fn add_text(&mut self, found: TextMatch) -> u32 {
        self.texts.push(found);
        self.texts.len() as u32 - 1
    }

    /// Adds a match: a row with the feedback id `id` whose text is `text` (from
    /// [`MatchesPartial::add_text`]).
    pub fn push(&mut self, text: u32, id: Option<&str>) {
        self.text_of.push(text);
        self.ids.push(id);
    }

    /// The matches of both.
    pub fn merge(mut self, other: MatchesPartial) -> MatchesPartial {
        let offset = self.texts.len() as u32;
        self.texts.extend(other.texts);
        self.text_of.extend(other.text_of.into_iter().map(|text| text + offset));
        self.ids.append(other.ids);
        self
    }

    /// The matches in order; `key_and_title` gives an item's by its position.
    pub fn finish<'a>(self, key_and_title: impl Fn(usize) -> (&'a str, Option<&'a str>)) -> Matches {
        let MatchesPartial { texts, text_of, ids } = self;
        let mut items = BTreeMap::new();
        for found in &texts {
            items.entry(found.item).or_insert_with(|| {
                let (key, title) = key_and_title(found.item);
                (key.to_owned(), title.map(str::to_owned))
            });
        }
        // Texts with the same item and score form one group, numbered in (item, score
        // descending) order, so that the sort below compares numbers first.
        let mut matched: Vec<(usize, f64, u32)> =
            texts.iter().zip(0u32..).map(|(found, text)| (found.item, found.score, text)).collect();
        matched.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        let mut group = vec![0u32; texts.len()];
        let mut groups = 0;
        for (position, &(item, score, text)) in matched.iter().enumerate() {
            if position > 0 && (matched[position - 1].0, matched[position - 1].1) != (item, score) {
                groups += 1;
            }
            group[text as usize] = groups;
        }
        // (group, id's first 16 bytes, match): ids are compared in full only when their first
        // 16 bytes are equal, excerpts and terms only when the ids are too.
        let mut order: Vec<(u32, u128, usize)> = text_of
            .par_iter()
            .enumerate()
            .map(|(entry, &text)| (group[text as usize], ids.get(entry).map_or(0, text_prefix), entry))
            .collect();
        let shown = |entry: usize| {
            let found = &texts[text_of[entry] as usize];
            (ids.get(entry), found.excerpt.as_str(), &found.terms[..])
        };
        order.par_sort_unstable_by(|a, b| {
            a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then_with(|| shown(a.2).cmp(&shown(b.2))).then(a.2.cmp(&b.2))
        });
        let order = order.into_par_iter().map(|(_, _, entry)| entry).collect();
        Matches { order, text_of, texts, items, ids }
    }
}

/// The matches of a demand report, ordered by key, then score (highest first), then feedback
/// id, text and shared terms.
#[derive(Debug, Clone)]
pub struct Matches {
    /// The matches (positions in `text_of` and `ids`) in order.
    order: Vec<usize>,
    /// The text of each match.
    text_of: Vec<u32>,
    /// What each distinct matched text matched.
    texts: Vec<TextMatch>,
    /// The key and title of each matched item, by its position in the backlog.
    items: BTreeMap<usize, (String, Option<String>)>,
    /// The feedback id of each match.
    ids: FeedbackIds,
}

impl Matches {
    /// How many rows matched.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether no row matched.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The match at `position` in order.
    pub fn get(&self, position: usize) -> Option<FeedbackMatch<'_>> {
        self.order.get(position).map(|&entry| self.at(entry))
    }

    /// The matches in order.
    pub fn iter(&self) -> impl Iterator<Item = FeedbackMatch<'_>> + '_ {
        self.order.iter().map(|&entry| self.at(entry))
    }

    fn at(&self, entry: usize) -> FeedbackMatch<'_> {
        let found = &self.texts[self.text_of[entry] as usize];
        let (key, title) = &self.items[&found.item];
        FeedbackMatch {
            feedback_id: self.ids.get(entry),
            key,
            title: title.as_deref(),
            score: found.score,
            terms: &found.terms,
            text: &found.excerpt,
        }
    }
}

impl PartialEq for Matches {
    fn eq(&self, other: &Matches) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Serialize for Matches {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(item: usize, score: f64, excerpt: &str) -> TextMatch {
        TextMatch { item, score, terms: Arc::from(vec!["csv".to_owned()]), excerpt: excerpt.to_owned() }
    }

    #[test]
    fn ids_keep_empty_and_missing_apart() {
        let mut ids = FeedbackIds::default();
        for id in [Some("a"), None, Some(""), Some("bcd")] {
            ids.push(id);
        }
        let mut later = FeedbackIds::default();
        later.push(Some("e"));
        ids.append(later);
        let read: Vec<Option<&str>> = (0..5).map(|entry| ids.get(entry)).collect();
        assert_eq!(read, [Some("a"), None, Some(""), Some("bcd"), Some("e")]);
    }

    #[test]
    fn matches_are_ordered_by_key_score_id_and_text_however_they_were_gathered() {
        let keys = ["A-1", "A-2"];
        let key_and_title = |item: usize| (keys[item], None);
        let mut first = MatchesPartial::default();
        let low = first.add_text(text(0, 0.5, "low"));
        let high = first.add_text(text(0, 0.9, "high"));
        first.push(low, Some("3"));
        first.push(high, Some("9"));
        let mut second = MatchesPartial::default();
        let other = second.add_text(text(1, 1.0, "other"));
        let high_again = second.add_text(text(0, 0.9, "high"));
        second.push(other, Some("1"));
        second.push(high_again, None);
        second.push(high_again, Some("2"));
        fn shown(matches: &Matches) -> Vec<(String, &str, f64)> {
            matches
                .iter()
                .map(|found| (found.feedback_id.unwrap_or("-").to_owned(), found.key, found.score))
                .collect()
        }
        let merged = first.clone().merge(second.clone()).finish(key_and_title);
        // A-1 at 0.9: ids none, 2, 9; A-1 at 0.5: id 3; A-2: id 1.
        assert_eq!(
            shown(&merged),
            [
                ("-".to_owned(), "A-1", 0.9),
                ("2".to_owned(), "A-1", 0.9),
                ("9".to_owned(), "A-1", 0.9),
                ("3".to_owned(), "A-1", 0.5),
                ("1".to_owned(), "A-2", 1.0),
            ]
        );
        assert_eq!(second.merge(first).finish(key_and_title), merged);
    }
}
