//! Duplicate candidates (design.md, Health: "duplicate candidates (near-identical titles and
//! descriptions not yet linked)"): pairs of items whose texts are so alike that a PM should
//! check whether they are the same request, each with its similarity.
//!
//! **Similarity.** The cosine of the two items' TF-IDF vectors, in [0, 1]. An item's terms are
//! the words of its title (count 1 each) and of the first `description_words` words of its
//! description (count `description_weight` each), tokenised as for demand matching
//! ([`crate::model::text::tokens::tokenize`]: lower case, split on anything not a letter or digit,
//! stop words and one-letter words dropped, plural endings stripped with `stemming`). Inverse
//! document frequency over all items: `idf(t) = ln((1 + N) / (1 + df(t))) + 1`; the vector is
//! tf × idf scaled to length 1, and the similarity is `Σ_t a_t b_t`. So "Export orders to CSV"
//! and "CSV export of orders" are 1.0 apart from nothing (same words, any order, any case or
//! punctuation), and a shared rare word counts for more than a shared common one.
//!
//! **Which pairs.** A pair is a candidate when (1) the two items may be compared (see
//! [`DoneItems`]: by default open items with each other and open items against done ones, since
//! a new request that repeats a finished one is worth a look — it may be done already, or be a
//! regression — while two finished duplicates are history), (2) they share at least
//! `min_shared_words` words, (3) their similarity is at least `min_similarity`, and (4) each is
//! among the other's `max_candidates_per_item` most similar items (ties: smaller key first).
//! Rule (4), *mutual* nearest neighbours, keeps a family of look-alike items ("Connect DuraStore
//! to RDB", "Connect DurAdmin to RDB", ...) from flooding the list with every pairing, while a
//! true duplicate is almost always its original's closest item.
//!
//! **Linked pairs.** Pairs already linked in either direction with any link kind (or through the
//! items' `parent` column) are found like any other, flagged `already_linked` and reported in
//! [`DuplicateReport::linked`], apart from the candidates. Linking does not change who is whose
//! nearest neighbour, so the linked list measures how well the finder agrees with links people
//! made (the recall test on the real Jira export does this).
//!
//! **Scale.** Candidates come from an inverted index (`index`), never from comparing all
//! pairs: 100,000 items take seconds. Words in more than `common_word_items` items do not make
//! candidates on their own, and each item scores at most 32 candidates in full (see `index`);
//! both only matter in backlogs far larger than the limit.
//!
//! **Edge cases.** No items or one item: no candidates. An item whose title and description have
//! no words left after tokenising (empty, only stop words) has no vector and is never a
//! candidate; how many such items there were is given in a warning. Two rows with the same key
//! are one item: the first by title, then description, is kept, with a warning. Similarities are
//! never NaN (empty vectors are dropped before any division) and are capped at 1.
//!
//! **Determinism.** Items are numbered in key order and terms in text order before anything else,
//! and each pair's similarity is summed in an order fixed by its two items, so the output is the
//! same for any row order and any number of threads. Candidates are ordered by similarity
//! (highest first), then `key_a`, then `key_b`, with `key_a` < `key_b`.

mod index;

use polars::prelude::PlHashSet;
use serde::{Deserialize, Serialize};

use crate::model::StatusCategory;
use crate::model::key_positions::KeyPositions;
use crate::model::view::{Items, Links};
use crate::model::wording::examples_elided;
use index::{Corpus, Document};

/// Shared words shown with each candidate.
const SHARED_WORDS_SHOWN: usize = 5;

/// Which finished items are compared (`done_items` in `[duplicates]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoneItems {
    /// Only open items (not in status category `done`) with each other.
    Skip,
    /// Open items with each other and with done items (not done with done).
    #[default]
    AgainstOpen,
    /// Every pair, done with done too (for measuring against links people made in the past).
    All,
}

/// How duplicate candidates are found: `[duplicates]` in `refine.toml`.
///
/// The defaults were chosen on the real Duraspace Jira export (846 issues), whose 6 `Duplicate`
/// links between issues of the export served as labelled pairs (all items compared, done with
/// done): 4 of the 6 are found among 274 pairs (237 not yet linked). The 2 missed are duplicates in meaning
/// only ("Add a UI to the sync utility" / "Bulk upload client tool with UI"): no word-based
/// measure finds them without flooding. Those 4 score 0.33–0.45, so the threshold is 0.35 rather
/// than a "near-identical" 0.6, which finds none of them; mutual top-2 keeps the list short
/// (all pairs at or above 0.35 number about 680).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DuplicateSettings {
    /// Lowest similarity (cosine, 0–1) of a candidate pair.
    pub min_similarity: f64,
    /// A pair is kept only when each item is among the other's this many most similar items.
    pub max_candidates_per_item: usize,
    /// Fewest distinct words the two items must share.
    pub min_shared_words: usize,
    /// Weight of a description word relative to a title word (title = 1; 0 = titles only).
    pub description_weight: f64,
    /// Words of the description (after dropping stop words) that count; the rest is ignored.
    pub description_words: usize,
    /// Strip plural endings before comparing ("orders" = "order").
    pub stemming: bool,
    /// Words in more items than this make no candidates themselves (they still add to scores).
    pub common_word_items: usize,
    /// Which finished items are compared.
    pub done_items: DoneItems,
}

impl Default for DuplicateSettings {
    fn default() -> Self {
        DuplicateSettings {
            min_similarity: 0.35,
            max_candidates_per_item: 2,
            min_shared_words: 2,
            description_weight: 0.5,
            description_words: 100,
            stemming: true,
            common_word_items: 500,
            done_items: DoneItems::AgainstOpen,
        }
    }
}

impl DuplicateSettings {
    /// Checks every setting's range.
    pub fn validate(&self) -> Result<(), DuplicateError> {
        let invalid = |name: &'static str, value: String, expected: &'static str| {
            Err(DuplicateError::InvalidSetting { name, value, expected })
        };
        if !(0.0..=1.0).contains(&self.min_similarity) {
            return invalid("min_similarity", self.min_similarity.to_string(), "a number from 0 to 1");
        }
        if !(self.description_weight.is_finite() && self.description_weight >= 0.0) {
            return invalid("description_weight", self.description_weight.to_string(), "a number ≥ 0");
        }
        for (name, value) in [
            ("max_candidates_per_item", self.max_candidates_per_item),
            ("min_shared_words", self.min_shared_words),
            ("common_word_items", self.common_word_items),
        ] {
            if value == 0 {
                return invalid(name, value.to_string(), "a whole number ≥ 1");
            }
        }
        Ok(())
    }
}

/// Two items that may be the same request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicateCandidate {
    /// The smaller key of the two.
    pub key_a: String,
    /// The larger key.
    pub key_b: String,
    /// `key_a`'s title.
    pub title_a: Option<String>,
    /// `key_b`'s title.
    pub title_b: Option<String>,
    /// Cosine similarity of their texts, min_similarity–1.
    pub similarity: f64,
    /// Up to five words they share, strongest first (stemmed: "order" for "orders").
    pub shared_words: Vec<String>,
    /// Whether a link (any kind, either direction) or a parent relation already joins them.
    pub already_linked: bool,
}

/// Duplicate candidates and what was compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicateReport {
    /// Pairs not yet linked, for a PM to check: by similarity (highest first), then keys.
    pub candidates: Vec<DuplicateCandidate>,
    /// Pairs the finder found that are already linked, in the same order.
    pub linked: Vec<DuplicateCandidate>,
    /// Distinct items (by key).
    pub items: usize,
    /// Items with at least one word to compare.
    pub compared_items: usize,
    /// The threshold that was used.
    pub min_similarity: f64,
    /// What the user should know.
    pub warnings: Vec<String>,
}

/// Duplicate candidates cannot be computed.
#[derive(Debug, thiserror::Error)]
pub enum DuplicateError {
    /// A setting is out of range.
    #[error("duplicates.{name} = {value} is invalid: expected {expected}")]
    InvalidSetting {
        /// The setting.
        name: &'static str,
        /// Its value.
        value: String,
        /// What it may be.
        expected: &'static str,
    },
}

/// One item as the duplicate finder reads it from the items view.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Item<'a> {
    key: &'a str,
    title: Option<&'a str>,
    description: Option<&'a str>,
    done: bool,
    parent: Option<&'a str>,
}

/// Finds duplicate candidates among the canonical items, with the canonical links telling which
/// pairs are already linked (see the module documentation).
pub fn duplicate_candidates(
    items: &Items<'_>,
    links: &Links<'_>,
    settings: &DuplicateSettings,
) -> Result<DuplicateReport, DuplicateError> {
    settings.validate()?;
    let mut warnings = Vec::new();
    let items = one_per_key(items, &mut warnings);
    let linked = linked_pairs(&items, links);
    let documents: Vec<Document<'_>> = items
        .iter()
        .map(|item| Document { title: item.title, description: item.description, done: item.done })
        .collect();
    let corpus = Corpus::build(&documents, *settings);
    let compared_items = corpus.items_with_words();
    if compared_items < items.len() {
        warnings.push(format!(
            "{} items have no words in their title or description and were not compared",
            items.len() - compared_items
        ));
    }
    let neighbours = corpus.nearest_neighbours();
    let mut found: Vec<DuplicateCandidate> = Vec::new();
    for (a, list) in neighbours.iter().enumerate() {
        for neighbour in list.iter().filter(|neighbour| neighbour.item as usize > a) {
            let b = neighbour.item as usize;
            if !neighbours[b].iter().any(|back| back.item as usize == a) {
                continue;
            }
            let (item_a, item_b) = (&items[a], &items[b]);
            found.push(DuplicateCandidate {
                key_a: item_a.key.to_owned(),
                key_b: item_b.key.to_owned(),
                title_a: item_a.title.map(str::to_owned),
                title_b: item_b.title.map(str::to_owned),
                similarity: neighbour.similarity,
                shared_words: corpus.shared_words(a as u32, neighbour.item, SHARED_WORDS_SHOWN),
                already_linked: linked.contains(&(a as u32, neighbour.item)),
            });
        }
    }
    found.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then_with(|| x.key_a.cmp(&y.key_a))
            .then_with(|| x.key_b.cmp(&y.key_b))
    });
    let (linked, candidates) = found.into_iter().partition(|candidate| candidate.already_linked);
    Ok(DuplicateReport {
        candidates,
        linked,
        items: items.len(),
        compared_items,
        min_similarity: settings.min_similarity,
        warnings,
    })
}

/// The items in key order, one per key (the smallest row by title, then description, when a key
/// repeats), so that nothing depends on row order.
fn one_per_key<'a>(view: &Items<'a>, warnings: &mut Vec<String>) -> Vec<Item<'a>> {
    let done = StatusCategory::Done.name();
    let mut rows: Vec<Item<'a>> = view
        .keyed()
        .map(|(row, key)| Item {
            key,
            title: view.title[row],
            description: view.description[row],
            done: view.status_category[row] == Some(done),
            parent: view.parent[row],
        })
        .collect();
    rows.sort_unstable();
    let before = rows.len();
    let mut repeated: Vec<&str> = Vec::new();
    rows.dedup_by(|later, kept| {
        let same = later.key == kept.key;
        if same && repeated.last() != Some(&kept.key) {
            repeated.push(kept.key);
        }
        same
    });
    if rows.len() < before {
        warnings.push(format!(
            "{} rows repeat the key of another item and were left out (keys {}); the first row by title was kept",
            before - rows.len(),
            examples_elided(repeated)
        ));
    }
    rows
}

/// Item pairs (smaller position first) joined by a link or a parent relation. Keys are looked
/// up through [`KeyPositions`] (a million keys in a `BTreeMap` took 4% of a health review).
fn linked_pairs(items: &[Item<'_>], links: &Links<'_>) -> PlHashSet<(u32, u32)> {
    let keys: Vec<&str> = items.iter().map(|item| item.key).collect();
    let positions = KeyPositions::new(&keys);
    let position = |key: Option<&str>| positions.get(key?).map(|position| position as u32);
    let links = links.links.iter().map(|link| (Some(link.from), Some(link.to)));
    let parents = items.iter().map(|item| (Some(item.key), item.parent));
    links
        .chain(parents)
        .filter_map(|(a, b)| {
            let (a, b) = (position(a)?, position(b)?);
            (a != b).then(|| (a.min(b), a.max(b)))
        })
        .collect()
}

#[cfg(test)]
mod tests;
