//! The unlinked feedback rows matched to items by text, kept compact.
//!
//! At ten million feedback rows, millions of rows match, and a record of owned strings for each
//! (432 MB at a million items) cost more than the matching. A match is stored as its feedback
//! row and its distinct text (8 bytes); what a text matched (item, score, shared terms,
//! excerpt) is stored once per text, a matched item's key and title once per item, and a
//! match's feedback id is read from the feedback table's id column, shared with the table, when
//! the match is looked at.

use std::collections::BTreeMap;
use std::sync::Arc;

use polars::prelude::*;
use rayon::prelude::*;
use serde::{Serialize, Serializer};

use crate::model::text::column::TextColumn;
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

/// What one distinct feedback text matched, shared by every row with that text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TextMatch {
    /// The item's position in the backlog's key order (matches are ordered by it).
    pub item: usize,
    pub score: f64,
    pub terms: Arc<[String]>,
    pub excerpt: String,
}

/// The matches of a demand report, ordered by key, then score (highest first), then feedback
/// id and text.
#[derive(Debug, Clone)]
pub struct Matches {
    /// (feedback row, distinct text) of each match, in order.
    rows: Vec<(u32, u32)>,
    /// What each distinct text matched; none for a text no item matched.
    texts: Vec<Option<TextMatch>>,
    /// The key and title of each matched item, by its position in the backlog.
    items: BTreeMap<usize, (String, Option<String>)>,
    /// The feedback ids, by row.
    ids: TextColumn,
}

impl Matches {
    /// The matches of the rows `to_match` (ascending feedback rows) whose distinct text
    /// (`text_of_row`, one per row of `to_match`) matched an item in `texts`; `ids` is the
    /// feedback table's id column, `key_and_title` gives an item's by its position.
    pub(super) fn new<'a>(
        to_match: &[u32],
        text_of_row: &[u32],
        texts: Vec<Option<TextMatch>>,
        ids: &StringChunked,
        key_and_title: impl Fn(usize) -> (&'a str, Option<&'a str>),
    ) -> Matches {
        let ids = TextColumn::new(ids);
        let mut items = BTreeMap::new();
        for found in texts.iter().flatten() {
            items.entry(found.item).or_insert_with(|| {
                let (key, title) = key_and_title(found.item);
                (key.to_owned(), title.map(str::to_owned))
            });
        }
        // Texts with the same item and score form one group, numbered in (item, score
        // descending) order, so that the sort below compares numbers first.
        let mut matched: Vec<(usize, f64, u32)> = (texts.iter().zip(0u32..))
            .filter_map(|(found, text)| found.as_ref().map(|found| (found.item, found.score, text)))
            .collect();
        matched.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        let mut group = vec![u32::MAX; texts.len()];
        let mut groups = 0;
        for (position, &(item, score, text)) in matched.iter().enumerate() {
            if position > 0 && (matched[position - 1].0, matched[position - 1].1) != (item, score) {
                groups += 1;
            }
            group[text as usize] = groups;
        }
        // (group, id's first 16 bytes, row, text): ids are compared in full only when their
        // first 16 bytes are equal, excerpts only when the ids are too.
        let mut order: Vec<(u32, u128, u32, u32)> = to_match
            .par_iter()
            .zip(text_of_row)
            .filter(|&(_, &text)| group[text as usize] != u32::MAX)
            .map(|(&row, &text)| {
                let prefix = ids.get(row).map_or(0, text_prefix);
                (group[text as usize], prefix, row, text)
            })
            .collect();
        let excerpt = |text: u32| texts[text as usize].as_ref().map(|found| found.excerpt.as_str());
        order.par_sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then(a.1.cmp(&b.1))
                .then_with(|| ids.get(a.2).cmp(&ids.get(b.2)))
                .then_with(|| excerpt(a.3).cmp(&excerpt(b.3)))
                .then(a.3.cmp(&b.3))
                .then(a.2.cmp(&b.2))
        });
        let rows = order.into_par_iter().map(|(_, _, row, text)| (row, text)).collect();
        Matches { rows, texts, items, ids }
    }

    /// How many rows matched.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row matched.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The match at `position` in order.
    pub fn get(&self, position: usize) -> Option<FeedbackMatch<'_>> {
        self.rows.get(position).map(|&(row, text)| self.at(row, text))
    }

    /// The matches in order.
    pub fn iter(&self) -> impl Iterator<Item = FeedbackMatch<'_>> + '_ {
        self.rows.iter().map(|&(row, text)| self.at(row, text))
    }

    fn at(&self, row: u32, text: u32) -> FeedbackMatch<'_> {
        // Only rows whose text matched are kept.
        let found = self.texts[text as usize].as_ref().expect("a kept row's text matched");
        let (key, title) = &self.items[&found.item];
        FeedbackMatch {
            feedback_id: self.ids.get(row),
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
