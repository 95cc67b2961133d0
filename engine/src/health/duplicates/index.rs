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
//! candidates per item, the result is exact; above, both bounds trade a little recall for time.
//! A pair's score is summed over the rare shared words in term order, then the common ones in
//! term order, so it is the same float from either item's side, whatever the thread count or row
//! order.
//!
//! **Layout.** Documents become term ids and frequencies chunk by chunk in parallel, without a
//! string per term (`terms`). Vectors and posting lists are compressed sparse rows (`rows`): one
//! flat array of term ids and one of weights for all items, one of items and one of weights for
//! all posting lists. Each item's vector holds its common terms first, then its rare ones (each
//! part in term order), so the common part that full scoring adds and the rare part whose
//! postings are walked are both plain slices, not copies; only rare terms have posting lists,
//! since common ones are never walked. For full scoring the item's common part is spread over an
//! array indexed by term id, and each candidate's common part is one pass over its entries.

mod rows;
mod terms;

use rayon::prelude::*;

use super::{DoneItems, DuplicateSettings};
use crate::model::item_scores::ItemScores;
use rows::{Row, Rows};
use terms::TermFrequencies;

/// Items found through an item's rarer words that are scored in full, those with the highest
/// score over the rarer words first. In a large backlog where many items share a few words
/// with this one, merging every one's common words would dominate the run time; an item not
/// among the first 32 on its rare words is very unlikely to be among the most similar overall.
pub(super) const SCORED_CANDIDATES: usize = 32;

/// Fewest items one parallel task of [`Corpus::nearest_neighbours`] looks up.
const ITEMS_PER_TASK: usize = 1024;

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
    /// Per item: (term id, weight in the unit vector), the common terms first, then the rare
    /// ones, each part in term-id order.
    vectors: Rows,
    /// Per item: how many of its vector's entries are common terms.
    common_len: Vec<u32>,
    /// Per item: the length of its vector's common part.
    common_norm: Vec<f64>,
    /// Per term: (item, weight), in item order; only rare terms have any (common ones are never
    /// walked).
    postings: Rows,
    done: Vec<bool>,
    settings: DuplicateSettings,
}

impl Corpus {
    /// Indexes the documents; document `i` is item `i` in every result.
    pub fn build(documents: &[Document<'_>], settings: DuplicateSettings) -> Corpus {
        let TermFrequencies { terms, document_frequency, chunks } =
            TermFrequencies::read(documents, &settings);
        let item_count = documents.len() as f64;
        // Smoothed IDF (as scikit-learn): ln((1 + N) / (1 + df)) + 1.
        let idf: Vec<f64> = document_frequency
            .iter()
            .map(|&df| ((1.0 + item_count) / (1.0 + f64::from(df))).ln() + 1.0)
            .collect();
        let common: Vec<bool> =
            document_frequency.iter().map(|&df| df as usize > settings.common_word_items).collect();
        let weighted: Vec<UnitVectors> =
            chunks.into_par_iter().map(|frequencies| UnitVectors::of(frequencies, &idf, &common)).collect();
        let mut common_len = Vec::with_capacity(documents.len());
        let mut common_norm = Vec::with_capacity(documents.len());
        let mut parts = Vec::with_capacity(weighted.len());
        for chunk in weighted {
            parts.push(chunk.vectors);
            common_len.extend(chunk.common_len);
            common_norm.extend(chunk.common_norm);
        }
        let vectors = Rows::concatenated(parts);
        let postings =
            vectors.transposed(terms.len(), |item, vector| vector.split_at(common_len[item] as usize).1);
        let done = documents.iter().map(|document| document.done).collect();
        Corpus { terms, vectors, common_len, common_norm, postings, done, settings }
    }

    /// Items with at least one word.
    pub fn items_with_words(&self) -> usize {
        self.vectors.iter().filter(|vector| !vector.is_empty()).count()
    }

    /// For every item, its up to `max_candidates_per_item` most similar comparable items at or
    /// above the threshold, most similar first (ties: smaller item first). Runs in parallel over
    /// the items, each rayon task reusing one accumulator as long as the item list (zeroing a
    /// fresh one costs as much as scoring many items), at least [`ITEMS_PER_TASK`] items a task.
    pub fn nearest_neighbours(&self) -> Vec<Vec<Neighbour>> {
        let (items, terms) = (self.vectors.len(), self.postings.len());
        (0..items as u32)
            .into_par_iter()
            .with_min_len(ITEMS_PER_TASK)
            .map_init(|| Scratch::new(items, terms), |scratch, item| self.neighbours_of(item, scratch))
            .collect()
    }

    /// An item's vector: its common part and its rare part.
    fn parts(&self, item: u32) -> (Row<'_>, Row<'_>) {
        self.vectors.row(item as usize).split_at(self.common_len[item as usize] as usize)
    }

    /// Which items the done-items rule lets `item` be compared with.
    fn comparable_with(&self, item: u32) -> Comparable {
        match (self.done[item as usize], self.settings.done_items) {
            (false, DoneItems::Skip) | (true, DoneItems::AgainstOpen) => Comparable::Open,
            (true, DoneItems::Skip) => Comparable::None,
            _ => Comparable::All,
        }
    }

    fn neighbours_of(&self, item: u32, scratch: &mut Scratch) -> Vec<Neighbour> {
        let (common_vector, rare_vector) = self.parts(item);
        let settings = &self.settings;
        let comparable = self.comparable_with(item);
        if comparable != Comparable::None {
            for (id, weight) in rare_vector.iter() {
                let postings = self.postings.row(id as usize);
                for (other, other_weight) in postings.iter() {
                    if other != item && (comparable == Comparable::All || !self.done[other as usize]) {
                        scratch.scores.add(other, weight * other_weight);
                    }
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
        let common_norm = self.common_norm[item as usize];
        scratch.common.set(common_vector);
        let mut found: Vec<Neighbour> = ranked
            .iter()
            .filter_map(|&(partial, other)| {
                // The common words can add at most common_norm × other's common_norm; the margin
                // keeps rounding from dropping a pair exactly at the threshold.
                let bound = partial + common_norm * self.common_norm[other as usize];
                if bound < settings.min_similarity - 1e-9 {
                    return None;
                }
                let (extra, extra_shared) = scratch.common.dot(self.parts(other).0);
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
        scratch.common.unset(common_vector);
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
        let ((common_a, rare_a), (common_b, rare_b)) = (self.parts(a), self.parts(b));
        for (part_a, part_b) in [(common_a, common_b), (rare_a, rare_b)] {
            part_a.for_each_shared(part_b, |id, weight_a, weight_b| shared.push((weight_a * weight_b, id)));
        }
        shared.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        shared.into_iter().take(limit).map(|(_, id)| self.terms[id as usize].clone()).collect()
    }
}

/// The items a done-items rule lets one item be compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comparable {
    All,
    /// Open items only.
    Open,
    None,
}

/// One chunk of items' unit TF-IDF vectors, common terms first.
struct UnitVectors {
    vectors: Rows,
    common_len: Vec<u32>,
    common_norm: Vec<f64>,
}

impl UnitVectors {
    /// The vectors of items whose (term id, frequency) rows, in term-id order, are
    /// `frequencies`: tf × idf scaled to length 1 (summed in term-id order), empty when it has
    /// no weight; each row's common terms moved first.
    fn of(mut frequencies: Rows, idf: &[f64], common: &[bool]) -> UnitVectors {
        let mut common_len = Vec::with_capacity(frequencies.len());
        let mut common_norm = Vec::with_capacity(frequencies.len());
        let mut rare: Vec<(u32, f64)> = Vec::new();
        frequencies.rewrite_rows(|_, entries| {
            entries.iter_mut().for_each(|(id, weight)| *weight *= idf[*id as usize]);
            let norm = entries.iter().map(|(_, weight)| weight * weight).sum::<f64>().sqrt();
            if !(norm > 0.0 && norm.is_finite()) {
                entries.clear();
            }
            for (_, weight) in entries.iter_mut() {
                *weight /= norm;
            }
            rare.clear();
            rare.extend(entries.iter().filter(|(id, _)| !common[*id as usize]));
            entries.retain(|(id, _)| common[*id as usize]);
            common_len.push(entries.len() as u32);
            common_norm.push(entries.iter().map(|(_, weight)| weight * weight).sum::<f64>().sqrt());
            entries.extend_from_slice(&rare);
        });
        UnitVectors { vectors: frequencies, common_len, common_norm }
    }
}

/// What looking up one item's neighbours needs besides the corpus, reused from item to item.
struct Scratch {
    scores: ItemScores,
    /// (partial score, item) of the touched items, reused between items.
    ranked: Vec<(f64, u32)>,
    /// The item's common part, by term id.
    common: DenseVector,
}

impl Scratch {
    fn new(item_count: usize, term_count: usize) -> Scratch {
        Scratch {
            scores: ItemScores::new(item_count),
            ranked: Vec::new(),
            common: DenseVector::new(term_count),
        }
    }
}

/// One sparse vector spread over an array indexed by term id, so that its dot product with
/// another is one pass over the other's entries instead of a merge of the two.
struct DenseVector {
    /// Per term: its weight, NaN where the vector has none (weights are never NaN).
    weights: Vec<f64>,
}

impl DenseVector {
    /// The empty vector over `term_count` terms.
    fn new(term_count: usize) -> DenseVector {
        DenseVector { weights: vec![f64::NAN; term_count] }
    }

    /// Spreads `vector` out (on an empty one).
    fn set(&mut self, vector: Row<'_>) {
        for (id, weight) in vector.iter() {
            self.weights[id as usize] = weight;
        }
    }

    /// Empties it again after [`DenseVector::set`] with the same `vector`.
    fn unset(&mut self, vector: Row<'_>) {
        for &id in vector.ids {
            self.weights[id as usize] = f64::NAN;
        }
    }

    /// Σ of products over the terms it shares with `other` (sorted by term id), in term order,
    /// and their count: the same float as a merge of the two sorted vectors.
    fn dot(&self, other: Row<'_>) -> (f64, u32) {
        let mut sum = 0.0;
        let mut shared = 0;
        for (id, other_weight) in other.iter() {
            let weight = self.weights[id as usize];
            if !weight.is_nan() {
                sum += weight * other_weight;
                shared += 1;
            }
        }
        (sum, shared)
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
                for (b, back) in neighbours.iter().enumerate() {
                    // Nothing is common, so each vector is sorted by term id.
                    let similarity = corpus.vectors.row(a).dot(corpus.vectors.row(b)).0;
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

    /// A sorted vector: distinct term ids below 12 with their weights.
    fn sparse_vector() -> impl Strategy<Value = Rows> {
        prop::collection::btree_map(0u32..12, 0.001f64..1.0, 0..8).prop_map(|entries| {
            let mut rows = Rows::new();
            entries.into_iter().for_each(|(id, weight)| rows.push(id, weight));
            rows.end_row();
            rows
        })
    }

    proptest! {
        /// The dense dot product is the merge's float, bit for bit, and counts the same terms.
        #[test]
        fn the_dense_dot_product_is_the_merged_one(a in sparse_vector(), b in sparse_vector()) {
            let mut dense = DenseVector::new(12);
            dense.set(a.row(0));
            let (sum, shared) = dense.dot(b.row(0));
            let (merged_sum, merged_shared) = a.row(0).dot(b.row(0));
            prop_assert_eq!((sum.to_bits(), shared), (merged_sum.to_bits(), merged_shared));
            dense.unset(a.row(0));
            prop_assert!(dense.weights.iter().all(|weight| weight.is_nan()));
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
        // Common terms sit in another part of each vector, but the shared words are the same.
        assert_eq!(bounded.shared_words(2, 3, 5), exact.shared_words(2, 3, 5));
        let mut shared = bounded.shared_words(2, 3, 5);
        shared.sort();
        assert_eq!(shared, ["order", "widget"]);
    }
}
