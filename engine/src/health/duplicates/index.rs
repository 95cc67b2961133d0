//! The similarity self-join behind duplicate candidates: every item's TF-IDF vector in an
//! inverted index, and for each item its most similar items found through that index, never by
//! comparing all pairs.
//!
//! **Candidates.** Two items can only be similar if they share a word. For each item, the
//! posting lists of its words are walked, except those of *common* words (in more than
//! `common_word_items` items): they make no candidates, they are only added to the score of
//! candidates found through a rarer word. An item pair that shares nothing but common words is
//! therefore not found; such words carry little IDF weight, so the pair's cosine is low anyway,
//! and this bound is what keeps the work near-linear (a word in half the backlog would otherwise
//! compare half the backlog with itself).
//!
//! **Scores.** Candidates are ranked by their partial score over the rare words, and only the
//! first [`SCORED_CANDIDATES`] are scored in full: those whose partial score plus an upper bound
//! for the common words (Cauchy–Schwarz: at most the product of the two items' norms over common
//! words) can still reach the threshold get their common words merged in. Below
//! `common_word_items` items nothing is common and, with fewer than [`SCORED_CANDIDATES`]
//! candidates per item, the result is exact; above, both bounds trade a little recall for time. A pair's score is summed over the rare shared words in term
//! order, then the common ones in term order, so it is the same float from either item's side,
//! whatever the thread count or row order.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{DoneItems, DuplicateSettings};
use crate::model::item_scores::ItemScores;
use crate::model::text::tokens::tokenize;

/// Items found through an item's rarer words that are scored in full, those with the highest
/// score over the rarer words first. In a large backlog where many items share a few words
/// with this one, merging every one's common words would dominate the run time; an item not
/// among the first 32 on its rare words is very unlikely to be among the most similar overall.
pub(super) const SCORED_CANDIDATES: usize = 32;

/// One item's text and whether it is finished.
#[derive(Debug, Clone, Copy)]
pub(super) struct Document<'a> {
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub done: bool,
}

/// A similar item found for another one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Neighbour {
    /// The item's position (items are in key order).
    pub item: u32,
    /// Cosine similarity of the two TF-IDF vectors.
    pub similarity: f64,
}

/// The items' unit TF-IDF vectors and the inverted index over them.
pub(super) struct Corpus {
    terms: Vec<String>,
    /// Per item: (term id, weight in the unit vector), in term-id order.
    vectors: Vec<Vec<(u32, f64)>>,
    /// Per term: (item, weight), in item order.
    postings: Vec<Vec<(u32, f64)>>,
    /// Per term: in more than `common_word_items` items.
    common: Vec<bool>,
    /// Per item: its vector restricted to common terms.
    common_vectors: Vec<Vec<(u32, f64)>>,
    /// Per item: the length of `common_vectors`.
    common_norm: Vec<f64>,
    done: Vec<bool>,
    settings: DuplicateSettings,
}

impl Corpus {
    /// Indexes the documents; document `i` is item `i` in every result.
    pub fn build(documents: &[Document<'_>], settings: DuplicateSettings) -> Corpus {
        let frequencies: Vec<Vec<(String, f64)>> =
            documents.par_iter().map(|document| term_frequencies(document, &settings)).collect();
        let mut document_frequency: HashMap<&str, u32> = HashMap::new();
        for terms in &frequencies {
            for (term, _) in terms {
                *document_frequency.entry(term.as_str()).or_default() += 1;
            }
        }
        // Term ids in term order, so that nothing depends on hash order and an item's terms
        // (sorted by text) are also sorted by id.
        let mut vocabulary: Vec<(&str, u32)> = document_frequency.into_iter().collect();
        vocabulary.sort_unstable();
        let ids: HashMap<&str, u32> =
            vocabulary.iter().enumerate().map(|(id, (term, _))| (*term, id as u32)).collect();
        let item_count = documents.len() as f64;
        // Smoothed IDF (as scikit-learn): ln((1 + N) / (1 + df)) + 1.
        let idf: Vec<f64> = vocabulary
            .iter()
            .map(|(_, df)| ((1.0 + item_count) / (1.0 + f64::from(*df))).ln() + 1.0)
            .collect();
        let common: Vec<bool> =
            vocabulary.iter().map(|(_, df)| *df as usize > settings.common_word_items).collect();
        let vectors: Vec<Vec<(u32, f64)>> = frequencies
            .par_iter()
            .map(|terms| {
                let weighted: Vec<(u32, f64)> = terms
                    .iter()
                    .filter_map(|(term, tf)| ids.get(term.as_str()).map(|&id| (id, tf * idf[id as usize])))
                    .collect();
                unit_length(weighted)
            })
            .collect();
        let mut postings: Vec<Vec<(u32, f64)>> =
            vocabulary.iter().map(|(_, df)| Vec::with_capacity(*df as usize)).collect();
        for (item, vector) in vectors.iter().enumerate() {
            for &(id, weight) in vector {
                postings[id as usize].push((item as u32, weight));
            }
        }
        let common_vectors: Vec<Vec<(u32, f64)>> = vectors
            .iter()
            .map(|vector| vector.iter().filter(|(id, _)| common[*id as usize]).copied().collect())
            .collect();
        let common_norm = common_vectors
            .iter()
            .map(|vector| vector.iter().map(|(_, w)| w * w).sum::<f64>().sqrt())
            .collect();
        let terms = vocabulary.into_iter().map(|(term, _)| term.to_owned()).collect();
        let done = documents.iter().map(|document| document.done).collect();
        Corpus { terms, vectors, postings, common, common_vectors, common_norm, done, settings }
    }

    /// Items with at least one word.
    pub fn items_with_words(&self) -> usize {
        self.vectors.iter().filter(|vector| !vector.is_empty()).count()
    }

    /// For every item, its up to `max_candidates_per_item` most similar comparable items at or
    /// above the threshold, most similar first (ties: smaller item first). Runs in parallel over
    /// chunks of items, each reusing one accumulator as long as the item list; a few chunks per
    /// thread, since zeroing a fresh accumulator costs as much as scoring many items.
    pub fn nearest_neighbours(&self) -> Vec<Vec<Neighbour>> {
        let items: Vec<u32> = (0..self.vectors.len() as u32).collect();
        let chunk = (items.len() / (4 * rayon::current_num_threads())).max(1024);
        items
            .par_chunks(chunk)
            .flat_map_iter(|chunk| {
                let mut scratch = Scratch::new(self.vectors.len());
                chunk.iter().map(|&item| self.neighbours_of(item, &mut scratch)).collect::<Vec<_>>()
            })
            .collect()
    }

    /// Whether the done-items rule lets two items be compared.
    fn comparable(&self, a: u32, b: u32) -> bool {
        match (self.done[a as usize], self.done[b as usize]) {
            (false, false) => true,
            (true, true) => self.settings.done_items == DoneItems::All,
            _ => self.settings.done_items != DoneItems::Skip,
        }
    }

    fn neighbours_of(&self, item: u32, scratch: &mut Scratch) -> Vec<Neighbour> {
        let vector = &self.vectors[item as usize];
        let settings = &self.settings;
        for &(id, weight) in vector.iter().filter(|(id, _)| !self.common[*id as usize]) {
            for &(other, other_weight) in &self.postings[id as usize] {
                if other != item && self.comparable(item, other) {
                    scratch.scores.add(other, weight * other_weight);
                }
            }
        }
        let mut ranked = std::mem::take(&mut scratch.ranked);
        ranked.extend(
            scratch.scores.touched.iter().map(|&other| (scratch.scores.score[other as usize], other)),
        );
        let by_partial = |a: &(f64, u32), b: &(f64, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if ranked.len() > SCORED_CANDIDATES {
            ranked.select_nth_unstable_by(SCORED_CANDIDATES - 1, by_partial);
            ranked.truncate(SCORED_CANDIDATES);
        }
        let common_vector = &self.common_vectors[item as usize];
        let common_norm = self.common_norm[item as usize];
        let mut found: Vec<Neighbour> = ranked
            .iter()
            .filter_map(|&(partial, other)| {
                // The common words can add at most common_norm × other's common_norm; the margin
                // keeps rounding from dropping a pair exactly at the threshold.
                let bound = partial + common_norm * self.common_norm[other as usize];
                if bound < settings.min_similarity - 1e-9 {
                    return None;
                }
                let (extra, extra_shared) = dot_product(common_vector, &self.common_vectors[other as usize]);
                let similarity = (partial + extra).min(1.0);
                let shared = scratch.scores.shared[other as usize] + extra_shared;
                let qualifies = similarity >= settings.min_similarity
                    && similarity > 0.0
                    && shared as usize >= settings.min_shared_words;
                qualifies.then_some(Neighbour { item: other, similarity })
            })
            .collect();
        ranked.clear();
        scratch.ranked = ranked;
        scratch.scores.clear();
        let by_similarity =
            |a: &Neighbour, b: &Neighbour| b.similarity.total_cmp(&a.similarity).then(a.item.cmp(&b.item));
        let keep = settings.max_candidates_per_item;
        if found.len() > keep && keep > 0 {
            found.select_nth_unstable_by(keep - 1, by_similarity);
        }
        found.truncate(keep);
        found.sort_unstable_by(by_similarity);
        found
    }

    /// The words two items share, largest contribution to their similarity first (ties by
    /// word), at most `limit`.
    pub fn shared_words(&self, a: u32, b: u32, limit: usize) -> Vec<String> {
        let mut shared: Vec<(f64, u32)> = Vec::new();
        for_each_shared(&self.vectors[a as usize], &self.vectors[b as usize], |id, weight_a, weight_b| {
            shared.push((weight_a * weight_b, id));
        });
        shared.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        shared.into_iter().take(limit).map(|(_, id)| self.terms[id as usize].clone()).collect()
    }
}

/// Σ of products over the terms two sorted vectors share, in term order, and their count.
fn dot_product(a: &[(u32, f64)], b: &[(u32, f64)]) -> (f64, u32) {
    let mut sum = 0.0;
    let mut shared = 0;
    for_each_shared(a, b, |_, weight_a, weight_b| {
        sum += weight_a * weight_b;
        shared += 1;
    });
    (sum, shared)
}

/// Calls `visit(term, weight in a, weight in b)` for each term both sorted vectors have.
fn for_each_shared(a: &[(u32, f64)], b: &[(u32, f64)], mut visit: impl FnMut(u32, f64, f64)) {
    let (mut i, mut j) = (0, 0);
    while let (Some(&(id_a, weight_a)), Some(&(id_b, weight_b))) = (a.get(i), b.get(j)) {
        match id_a.cmp(&id_b) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                visit(id_a, weight_a, weight_b);
                i += 1;
                j += 1;
            }
        }
    }
}

/// The vector scaled to length 1; empty when it has no weight.
fn unit_length(mut vector: Vec<(u32, f64)>) -> Vec<(u32, f64)> {
    let norm = vector.iter().map(|(_, weight)| weight * weight).sum::<f64>().sqrt();
    if norm > 0.0 && norm.is_finite() {
        for (_, weight) in &mut vector {
            *weight /= norm;
        }
        vector
    } else {
        Vec::new()
    }
}

/// An item's distinct terms in term order with title count + description_weight × count in the
/// first `description_words` terms of the description.
fn term_frequencies(document: &Document<'_>, settings: &DuplicateSettings) -> Vec<(String, f64)> {
    let mut terms: Vec<(String, f64)> = Vec::new();
    if let Some(title) = document.title {
        terms.extend(tokenize(title, settings.stemming).into_iter().map(|term| (term, 1.0)));
    }
    if let Some(description) = document.description.filter(|_| settings.description_weight > 0.0) {
        let described = tokenize(description, settings.stemming);
        terms.extend(
            described
                .into_iter()
                .take(settings.description_words)
                .map(|term| (term, settings.description_weight)),
        );
    }
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    let mut merged: Vec<(String, f64)> = Vec::with_capacity(terms.len());
    for (term, count) in terms {
        match merged.last_mut() {
            Some((last, total)) if *last == term => *total += count,
            _ => merged.push((term, count)),
        }
    }
    merged
}

/// The score accumulator and a reused buffer of the touched items ranked by partial score.
struct Scratch {
    scores: ItemScores,
    /// (partial score, item) of the touched items, reused between items.
    ranked: Vec<(f64, u32)>,
}

impl Scratch {
    fn new(item_count: usize) -> Scratch {
        Scratch { scores: ItemScores::new(item_count), ranked: Vec::new() }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn settings(common_word_items: usize) -> DuplicateSettings {
        DuplicateSettings {
            description_weight: 0.5,
            description_words: 100,
            stemming: true,
            common_word_items,
            min_similarity: 0.0,
            min_shared_words: 1,
            max_candidates_per_item: usize::MAX,
            done_items: DoneItems::All,
        }
    }

    fn corpus(titles: &[String], settings: DuplicateSettings) -> Corpus {
        let documents: Vec<Document<'_>> = titles
            .iter()
            .map(|title| Document { title: Some(title), description: None, done: false })
            .collect();
        Corpus::build(&documents, settings)
    }

    const WORDS: &[&str] = &["export", "orders", "csv", "dark", "mode", "price", "card", "pay"];

    proptest! {
        /// With no common words, the index finds exactly the pairs that share a word, with the
        /// cosine of their vectors, and from both sides the same float.
        #[test]
        fn the_index_finds_every_pair_a_full_comparison_finds(
            titles in prop::collection::vec(prop::collection::vec(0usize..8, 0..5), 1..12),
        ) {
            let titles: Vec<String> = titles
                .iter()
                .map(|words| words.iter().map(|&word| WORDS[word]).collect::<Vec<_>>().join(" "))
                .collect();
            let corpus = corpus(&titles, settings(usize::MAX));
            let neighbours = corpus.nearest_neighbours();
            for (a, found) in neighbours.iter().enumerate() {
                for (b, (vector_b, back)) in corpus.vectors.iter().zip(&neighbours).enumerate() {
                    let similarity = dot_product(&corpus.vectors[a], vector_b).0;
                    let hit = found.iter().find(|neighbour| neighbour.item as usize == b);
                    if a == b || similarity <= 0.0 {
                        prop_assert!(hit.is_none());
                    } else {
                        let hit = hit.expect("a pair sharing a word is found");
                        prop_assert!((hit.similarity - similarity.min(1.0)).abs() < 1e-12);
                        let back = back.iter().find(|n| n.item as usize == a).unwrap();
                        prop_assert_eq!(back.similarity.to_bits(), hit.similarity.to_bits());
                    }
                }
            }
        }
    }

    #[test]
    fn common_words_score_but_do_not_make_candidates() {
        let titles: Vec<String> =
            ["order status page", "order status mail", "order status widget", "order widget"]
                .map(str::to_owned)
                .to_vec();
        // "order" is in 4 items and "status" in 3: with a limit of 2 both are common, so only
        // "widget" (items 2 and 3) makes candidates; "order" still adds to their score.
        let bounded = corpus(&titles, settings(2));
        let neighbours = bounded.nearest_neighbours();
        assert!(neighbours[0].is_empty() && neighbours[1].is_empty());
        assert_eq!(neighbours[2].len(), 1);
        assert_eq!(neighbours[2][0].item, 3);
        let exact = corpus(&titles, settings(usize::MAX));
        let exact_neighbours = exact.nearest_neighbours();
        let exact_2_3 = exact_neighbours[2].iter().find(|n| n.item == 3).unwrap();
        assert!((exact_2_3.similarity - neighbours[2][0].similarity).abs() < 1e-12);
        assert_eq!(exact_neighbours[0].len(), 3);
    }

    #[test]
    fn term_frequencies_weigh_description_terms_and_cut_the_description() {
        let document = Document {
            title: Some("Export orders"),
            description: Some("orders to CSV, then mail"),
            done: false,
        };
        let few_words = DuplicateSettings { description_words: 2, ..settings(10) };
        // Description terms: order, csv (cut at 2), mail dropped; "to"/"then" are stop words.
        assert_eq!(
            term_frequencies(&document, &few_words),
            [("csv".to_owned(), 0.5), ("export".to_owned(), 1.0), ("order".to_owned(), 1.5)]
        );
    }
}
