//! Matching free-text feedback to backlog items: TF-IDF cosine over an inverted index.
//!
//! **Terms.** Text becomes terms through the shared tokenizer ([`crate::model::text::tokens`]):
//! lowercased, split on anything not alphanumeric, one-character tokens and stop words dropped,
//! plural endings stemmed when stemming is on.
//!
//! **Item vectors.** An item's term frequency is its count in the title plus `description_weight`
//! × its count in the description. Inverse document frequency is the smoothed form scikit-learn
//! uses, over the items as documents: `idf(t) = ln((1 + N) / (1 + df(t))) + 1`, where N is the
//! number of items and df(t) the items whose title or description has t. A term no item has gets
//! `ln(1 + N) + 1` (df = 0), so the words of a feedback row that no item knows still lengthen its
//! vector: a long review that shares one word with a title scores lower than a short request
//! that says only that. Both vectors are tf × idf; the score is their cosine
//! `Σ q_t d_t / (|q| |d|)`, in [0, 1].
//!
//! **Best item.** A row is matched to the item with the highest score among the items that share
//! at least `min_shared_terms` distinct terms with it (one shared word, as in the one-word review
//! "Price", says too little), when that score reaches the threshold; equal scores go to the
//! smaller key. Scores are rounded to 12 decimals first, so that items whose vectors are equal
//! but were summed in another order tie. Items are numbered in key order, so "smaller id" is
//! "smaller key".
//!
//! **Scale.** Postings (term → items with their normalised weight, in item order) are only
//! walked for the row's own terms, never item × row. Terms are visited in increasing order of
//! their largest possible contribution (MaxScore, Turtle & Flood 1995): the low-contribution
//! terms whose bounds add up to less than the threshold cannot lift an item over it on their
//! own, so only items found through the other terms become candidates, and the low terms are
//! looked up for those candidates by binary search. The result is exact, with one bound on the
//! work: a term more than [`COMMON_TERM_ITEMS`] items share never makes candidates itself (it
//! is looked up like the low terms), so in a backlog larger than that an item sharing nothing
//! but such common words with a row is not found. Each row's score is
//! summed in an order fixed by the row's own terms, so it does not depend on threads or on the
//! order of the rows.
//!
//! **Edge cases.** No items, or a row with no terms left after tokenising (empty text, only stop
//! words, only one-character tokens): no match. An item with neither title nor description has a
//! zero vector and is never matched. Scores are never NaN: zero-length vectors are skipped before
//! any division.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use polars::prelude::PlHashMap;
use rayon::prelude::*;

use crate::model::item_scores::ItemScores;
use crate::model::text::tokens::{for_each_token, term_of, tokenize};

/// How item texts become vectors and when a row counts as matched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchOptions {
    /// Weight of a description occurrence relative to a title occurrence (title = 1).
    pub description_weight: f64,
    /// Whether plural endings are stripped.
    pub stemming: bool,
    /// Lowest cosine that counts as a match.
    pub threshold: f64,
    /// Fewest distinct terms a row and an item must share to be matched.
    pub min_shared_terms: usize,
}

/// Distinct terms with their counts, in term order (so every sum over them has one order).
fn term_counts(terms: Vec<String>) -> Vec<(String, f64)> {
    let mut terms = terms;
    terms.sort_unstable();
    let mut counts: Vec<(String, f64)> = Vec::new();
    for term in terms {
        match counts.last_mut() {
            Some((last, count)) if *last == term => *count += 1.0,
            _ => counts.push((term, 1.0)),
        }
    }
    counts
}

/// A term of a row's query vector: its id and its weight in the unit-length vector.
type QueryTerm = (u32, f64);

/// A term's posting list: the items that have the term, in item order, and the term's weight
/// in each one's unit-length vector. Items and weights are apart, so that a walk looking for
/// a few candidates reads four bytes a posting and a weight only where it finds one.
#[derive(Debug, Clone, Default)]
struct Postings {
    items: Vec<u32>,
    weights: Vec<f64>,
}

impl Postings {
    fn len(&self) -> usize {
        self.items.len()
    }

    fn push(&mut self, item: u32, weight: f64) {
        self.items.push(item);
        self.weights.push(weight);
    }

    /// The weight of `item`, if it has the term.
    fn weight_of(&self, item: u32) -> Option<f64> {
        self.items.binary_search(&item).ok().map(|position| self.weights[position])
    }

    /// Postings end to end (the items of each list come after those of the one before).
    fn concatenated<'a>(lists: impl Iterator<Item = &'a Postings>, length: usize) -> Postings {
        let mut all = Postings { items: Vec::with_capacity(length), weights: Vec::with_capacity(length) };
        for list in lists {
            all.items.extend_from_slice(&list.items);
            all.weights.extend_from_slice(&list.weights);
        }
        all
    }
}

/// The best item for one row.
#[derive(Debug, Clone, PartialEq)]
pub struct BestItem {
    /// The item's position in the index (items in key order).
    pub item: usize,
    /// Cosine similarity, in [0, 1].
    pub score: f64,
    /// The terms the row and the item share, largest contribution to the score first (ties by
    /// term), for the PM to see why they were matched.
    pub shared_terms: Arc<[String]>,
}

/// The items' TF-IDF vectors as an inverted index.
#[derive(Debug)]
pub struct ItemIndex {
    options: MatchOptions,
    item_count: usize,
    /// Term → its id (position in `terms`, `idf` and `postings`).
    vocabulary: HashMap<String, u32>,
    /// Id → term.
    terms: Vec<String>,
    idf: Vec<f64>,
    /// The idf of a term no item has.
    unseen_idf: f64,
    postings: Vec<Postings>,
    /// Largest posting weight per term: the most the term can add to any item's score per unit
    /// of query weight.
    max_weight: Vec<f64>,
    /// Terms in more items than this do not make candidates (see [`COMMON_TERM_ITEMS`]).
    common_term_items: usize,
    /// Score accumulators of earlier calls of [`ItemIndex::best_items`], for the next ones.
    scratches: ScratchPool,
}

/// Score accumulators kept between calls: demand matches the feedback a batch at a time, and
/// each call's tasks would otherwise zero a fresh accumulator as long as the item list (12 MB
/// at a million items, a few per thread for every batch).
#[derive(Default)]
struct ScratchPool(Mutex<Vec<ItemScores>>);

impl std::fmt::Debug for ScratchPool {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("ScratchPool")
    }
}

impl ScratchPool {
    /// An accumulator for `item_count` items, all untouched: one given back earlier, or a new one.
    fn lend(&self, item_count: usize) -> LentScratch<'_> {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner).pop();
        LentScratch { scores: Some(kept.unwrap_or_else(|| ItemScores::new(item_count))), pool: self }
    }
}

/// An accumulator lent by a [`ScratchPool`], cleared and given back when dropped.
struct LentScratch<'a> {
    scores: Option<ItemScores>,
    pool: &'a ScratchPool,
}

impl LentScratch<'_> {
    fn scores(&mut self) -> &mut ItemScores {
        self.scores.as_mut().expect("lent until dropped")
    }
}

impl Drop for LentScratch<'_> {
    fn drop(&mut self) {
        if let Some(mut scores) = self.scores.take() {
            scores.clear();
            self.pool.0.lock().unwrap_or_else(PoisonError::into_inner).push(scores);
        }
    }
}

/// A term more items have than this does not make an item a candidate on its own: it is only
/// added to the score of items found through the row's rarer terms. Walking a posting list of
/// 100,000 items for each of 10 million rows is what would make matching slow; an item that
/// shares only such common words with a row is a weak match anyway. Backlogs of up to this many
/// items are matched exactly.
pub const COMMON_TERM_ITEMS: usize = 10_000;

impl ItemIndex {
    /// Indexes items given as (title, description) in key order: item `i` here is `i` in every
    /// result.
    pub fn build(items: &[(Option<&str>, Option<&str>)], options: MatchOptions) -> ItemIndex {
        let chunks: Vec<ChunkTerms> =
            items.par_chunks(ITEMS_PER_CHUNK).map(|chunk| ChunkTerms::read(chunk, options)).collect();
        // Term ids in term order, so that nothing depends on hash order and every sum over an
        // item's terms runs in term order.
        let mut terms: Vec<&str> =
            chunks.iter().flat_map(|chunk| chunk.terms.iter().map(String::as_str)).collect();
        terms.par_sort_unstable();
        terms.dedup();
        let terms: Vec<String> = terms.into_iter().map(str::to_owned).collect();
        let chunks: Vec<ChunkTerms> = chunks.into_par_iter().map(|chunk| chunk.renumbered(&terms)).collect();
        let document_frequency = chunks
            .par_iter()
            .fold(
                || vec![0u32; terms.len()],
                |mut counts, chunk| {
                    for &(id, _) in &chunk.entries {
                        counts[id as usize] += 1;
                    }
                    counts
                },
            )
            .reduce_with(|mut total, counts| {
                total.iter_mut().zip(counts).for_each(|(total, count)| *total += count);
                total
            })
            .unwrap_or_else(|| vec![0; terms.len()]);
        let item_count = items.len();
        let smoothed_idf = |df: u32| ((1.0 + item_count as f64) / (1.0 + f64::from(df))).ln() + 1.0;
        let vocabulary: HashMap<String, u32> =
            terms.iter().enumerate().map(|(id, term)| (term.clone(), id as u32)).collect();
        let idf: Vec<f64> = document_frequency.iter().map(|df| smoothed_idf(*df)).collect();
        // The postings of runs of chunks, in parallel, then each term's runs put end to end
        // (items stay in order: runs are consecutive).
        let runs: Vec<Vec<Postings>> = chunks
            .par_chunks(CHUNKS_PER_POSTING_RUN)
            .enumerate()
            .map(|(run, chunks)| {
                let first_item = run * CHUNKS_PER_POSTING_RUN * ITEMS_PER_CHUNK;
                postings_of(chunks, first_item, &idf)
            })
            .collect();
        let postings: Vec<Postings> = document_frequency
            .par_iter()
            .enumerate()
            .map(|(id, &df)| Postings::concatenated(runs.iter().map(|run| &run[id]), df as usize))
            .collect();
        let max_weight =
            postings.par_iter().map(|list| list.weights.iter().copied().fold(0.0, f64::max)).collect();
        ItemIndex {
            options,
            item_count,
            vocabulary,
            terms,
            idf,
            unseen_idf: smoothed_idf(0),
            postings,
            max_weight,
            common_term_items: COMMON_TERM_ITEMS,
            scratches: ScratchPool::default(),
        }
    }

    /// The same index with another limit for common terms (tests use a small one).
    #[cfg(test)]
    fn with_common_term_items(mut self, items: usize) -> ItemIndex {
        self.common_term_items = items;
        self
    }

    /// The best item for each text, in input order, in parallel. Each of rayon's tasks reuses
    /// one scratch accumulator as long as the item list for all the texts it takes, so tasks
    /// are few: four per thread (one per text was 12 MB of fresh zeroed pages each at a million
    /// items, and a fixed thousand texts per task kept a backlog's 1,800 texts on one thread);
    /// the accumulators are kept for the next call (the next batch of feedback).
    pub fn best_items(&self, texts: &[Option<&str>]) -> Vec<Option<BestItem>> {
        let per_task = texts.len().div_ceil(4 * rayon::current_num_threads()).max(1);
        texts
            .par_iter()
            .with_min_len(per_task)
            .map_init(
                || self.scratches.lend(self.item_count),
                |scratch, text| text.and_then(|text| self.best_item(text, scratch.scores())),
            )
            .collect()
    }

    /// The unit-length query vector of `text` over the known terms (unknown terms count in the
    /// length only), in term-id order.
    fn query(&self, text: &str) -> Vec<(u32, f64)> {
        let counts = term_counts(tokenize(text, self.options.stemming));
        let weighted: Vec<(Option<u32>, f64)> = counts
            .iter()
            .map(|(term, tf)| match self.vocabulary.get(term) {
                Some(&id) => (Some(id), tf * self.idf[id as usize]),
                None => (None, tf * self.unseen_idf),
            })
            .collect();
        let norm = weighted.iter().map(|(_, weight)| weight * weight).sum::<f64>().sqrt();
        if norm == 0.0 {
            return Vec::new();
        }
        let mut known: Vec<(u32, f64)> =
            weighted.into_iter().filter_map(|(id, weight)| id.map(|id| (id, weight / norm))).collect();
        known.sort_unstable_by_key(|(id, _)| *id);
        known
    }

    fn best_item(&self, text: &str, scratch: &mut ItemScores) -> Option<BestItem> {
        let mut query = self.query(text);
        if query.is_empty() {
            return None;
        }
        // MaxScore: order by upper bound, the terms that cannot reach the threshold together
        // first; they are "non-essential".
        let bound = |(id, weight): &(u32, f64)| weight * self.max_weight[*id as usize];
        query.sort_by(|a, b| bound(a).total_cmp(&bound(b)).then(a.0.cmp(&b.0)));
        let mut cumulative = 0.0;
        let non_essential = query
            .iter()
            .take_while(|term| {
                cumulative += bound(term);
                cumulative < self.options.threshold
            })
            .count();
        // Candidates come from the essential terms that are not common; every other term is
        // looked up for those candidates only.
        let is_common = |id: u32| self.postings[id as usize].len() > self.common_term_items;
        let (low, high) = query.split_at(non_essential);
        let (walked, looked_up): (Vec<QueryTerm>, Vec<QueryTerm>) =
            high.iter().partition(|(id, _)| !is_common(*id));
        for &(id, weight) in &walked {
            let list = &self.postings[id as usize];
            for (&item, &item_weight) in list.items.iter().zip(&list.weights) {
                scratch.add(item, weight * item_weight);
            }
        }
        for &(id, weight) in low.iter().chain(&looked_up) {
            scratch.look_up(&self.postings[id as usize], weight);
        }
        let best = scratch.best(self.options.threshold, self.options.min_shared_terms.max(1));
        scratch.clear();
        let (item, score) = best?;
        Some(BestItem { item, score, shared_terms: self.shared_terms(&query, item) })
    }

    /// The terms of `query` that item `item` has, as [`BestItem::shared_terms`] lists them.
    fn shared_terms(&self, query: &[QueryTerm], item: usize) -> Arc<[String]> {
        let mut shared: Vec<(f64, &str)> = query
            .iter()
            .filter_map(|&(id, weight)| {
                let item_weight = self.postings[id as usize].weight_of(item as u32)?;
                Some((weight * item_weight, self.terms[id as usize].as_str()))
            })
            .collect();
        shared.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        shared.into_iter().map(|(_, term)| term.to_owned()).collect()
    }
}

/// The term frequencies of a run of items over the chunk's own term numbering: each item's
/// terms with title count + description_weight × description count. Tokens are looked up in a
/// table of the tokens seen so far, so stop words and stemming are worked out once per distinct
/// token, not once per occurrence.
struct ChunkTerms {
    /// Local id → term.
    terms: Vec<String>,
    /// Every item's (term id, tf), item after item, each item's in id order.
    entries: Vec<(u32, f64)>,
    /// Where each item's entries end.
    ends: Vec<usize>,
}

impl ChunkTerms {
    fn read(items: &[(Option<&str>, Option<&str>)], options: MatchOptions) -> ChunkTerms {
        let mut reader = ChunkReader {
            options,
            tokens: PlHashMap::default(),
            ids: PlHashMap::default(),
            terms: Vec::new(),
            buffer: String::new(),
            title: Vec::new(),
            description: Vec::new(),
        };
        let mut entries = Vec::new();
        let ends = items
            .iter()
            .map(|(title, description)| {
                reader.item(*title, *description, &mut entries);
                entries.len()
            })
            .collect();
        ChunkTerms { terms: reader.terms, entries, ends }
    }

    /// The same chunk over the ids of `terms` (all terms, sorted).
    fn renumbered(mut self, terms: &[String]) -> ChunkTerms {
        let ids: Vec<u32> =
            self.terms.iter().map(|term| terms.binary_search(term).unwrap_or_default() as u32).collect();
        let mut start = 0;
        for &end in &self.ends {
            let item = &mut self.entries[start..end];
            item.iter_mut().for_each(|(id, _)| *id = ids[*id as usize]);
            item.sort_unstable_by_key(|(id, _)| *id);
            start = end;
        }
        self
    }

    /// Each item's entries, in order.
    fn items(&self) -> impl Iterator<Item = &[(u32, f64)]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, &end)| &self.entries[start..end])
    }
}

/// Items of a [`ChunkTerms`]: each chunk's tokens are looked up in a table of its own.
const ITEMS_PER_CHUNK: usize = 2048;
/// Chunks whose postings one task builds.
const CHUNKS_PER_POSTING_RUN: usize = 32;

/// The postings of the items of `chunks` (numbered from `first_item`), per term id: each
/// term's weight in the item's unit-length vector. An item whose vector is zero has none.
fn postings_of(chunks: &[ChunkTerms], first_item: usize, idf: &[f64]) -> Vec<Postings> {
    let mut postings: Vec<Postings> = vec![Postings::default(); idf.len()];
    for (item, terms) in chunks.iter().flat_map(ChunkTerms::items).enumerate() {
        let norm = terms
            .iter()
            .map(|&(id, tf)| tf * idf[id as usize])
            .map(|weight| weight * weight)
            .sum::<f64>()
            .sqrt();
        if norm > 0.0 {
            for &(id, tf) in terms {
                let weight = tf * idf[id as usize];
                postings[id as usize].push((first_item + item) as u32, weight / norm);
            }
        }
    }
    postings
}

/// What [`ChunkTerms::read`] keeps while it reads.
struct ChunkReader {
    options: MatchOptions,
    /// Lowercased token → its local term id; none for a token that is no term.
    tokens: PlHashMap<String, Option<u32>>,
    /// Term → local id (several tokens can stem to one term).
    ids: PlHashMap<String, u32>,
    terms: Vec<String>,
    buffer: String,
    title: Vec<u32>,
    description: Vec<u32>,
}

impl ChunkReader {
    /// Appends the item's (local id, tf) to `out`, in id order.
    fn item(&mut self, title: Option<&str>, description: Option<&str>, out: &mut Vec<(u32, f64)>) {
        let mut title_ids = std::mem::take(&mut self.title);
        let mut description_ids = std::mem::take(&mut self.description);
        self.term_ids(title, &mut title_ids);
        if self.options.description_weight > 0.0 {
            self.term_ids(description, &mut description_ids);
        } else {
            description_ids.clear();
        }
        let start = out.len();
        title_ids.sort_unstable();
        for (id, count) in runs(&title_ids) {
            out.push((id, count as f64));
        }
        description_ids.sort_unstable();
        for (id, count) in runs(&description_ids) {
            let weight = count as f64 * self.options.description_weight;
            let frequencies = &out[start..];
            match frequencies.binary_search_by_key(&id, |(known, _)| *known) {
                Ok(position) => out[start + position].1 += weight,
                Err(position) => out.insert(start + position, (id, weight)),
            }
        }
        self.title = title_ids;
        self.description = description_ids;
    }

    /// The local term ids of `text`'s terms, with repeats.
    fn term_ids(&mut self, text: Option<&str>, out: &mut Vec<u32>) {
        out.clear();
        let Some(text) = text else { return };
        let mut buffer = std::mem::take(&mut self.buffer);
        for_each_token(text, &mut buffer, |token| {
            let id = match self.tokens.get(token) {
                Some(id) => *id,
                None => {
                    let id = term_of(token, self.options.stemming).map(|term| self.local_id(term));
                    self.tokens.insert(token.to_owned(), id);
                    id
                }
            };
            out.extend(id);
        });
        self.buffer = buffer;
    }

    fn local_id(&mut self, term: String) -> u32 {
        if let Some(&id) = self.ids.get(&term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(term.clone());
        self.ids.insert(term, id);
        id
    }
}

/// Equal neighbours of a sorted list as (value, how many).
fn runs(sorted: &[u32]) -> impl Iterator<Item = (u32, usize)> + '_ {
    sorted.chunk_by(|a, b| a == b).map(|run| (run[0], run.len()))
}

/// What only the feedback matcher asks of the accumulator: MaxScore's candidate-only look-ups
/// and the best candidate.
impl ItemScores {
    /// Adds a term's contribution to the candidates found so far (and to no other item): by
    /// binary search per candidate when the posting list is long beside them, else by one walk
    /// down the list. Either way each candidate gets the same addition. A search's step costs
    /// about [`SEARCH_COST`] steps of a walk (it misses the cache; the walk reads the next four
    /// bytes and tests a bit of [`ItemScores::is_touched`], which stays in cache).
    fn look_up(&mut self, list: &Postings, weight: f64) {
        let searches = self.touched.len() * (usize::BITS - list.len().leading_zeros()) as usize;
        if searches * SEARCH_COST < list.len() {
            for &candidate in &self.touched {
                if let Some(item_weight) = list.weight_of(candidate) {
                    self.score[candidate as usize] += weight * item_weight;
                    self.shared[candidate as usize] += 1;
                }
            }
        } else {
            for (position, &item) in list.items.iter().enumerate() {
                if self.is_touched(item) {
                    self.score[item as usize] += weight * list.weights[position];
                    self.shared[item as usize] += 1;
                }
            }
        }
    }

    /// The best candidate as (item, score).
    fn best(&self, threshold: f64, min_shared_terms: usize) -> Option<(usize, f64)> {
        self.touched
            .iter()
            .map(|&item| {
                (item as usize, round_score(self.score[item as usize]), self.shared[item as usize] as usize)
            })
            .filter(|&(_, score, shared)| shared >= min_shared_terms && score >= threshold && score > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            // Rounding can put a perfect match a hair above 1.
            .map(|(item, score, _)| (item, score.min(1.0)))
    }
}

/// A binary search step over a walk step, in time (at a million items, 1.15 → 1.06 s of CPU
/// in look-ups for 1 → 4; 16 and 64 did no better).
const SEARCH_COST: usize = 4;

/// A score rounded to 12 decimals: two items whose vectors differ only in the order their
/// terms were summed tie exactly, and the tie goes to the smaller key as documented.
fn round_score(score: f64) -> f64 {
    (score * 1e12).round() / 1e12
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    impl ItemIndex {
        /// Every item scored in full, for checking the MaxScore shortcut.
        fn brute_force_best(&self, text: &str) -> Option<BestItem> {
            let query = self.query(text);
            let mut best: Option<(usize, f64)> = None;
            for item in 0..self.item_count {
                let mut score = 0.0;
                let mut shared = 0;
                for &(id, weight) in &query {
                    let list = &self.postings[id as usize];
                    if let Some(position) = list.items.iter().position(|&other| other as usize == item) {
                        score += weight * list.weights[position];
                        shared += 1;
                    }
                }
                let score = round_score(score);
                let qualifies = shared >= self.options.min_shared_terms && score >= self.options.threshold;
                if qualifies && score > 0.0 && best.is_none_or(|(_, best)| score > best) {
                    best = Some((item, score.min(1.0)));
                }
            }
            best.map(|(item, score)| BestItem { item, score, shared_terms: self.shared_terms(&query, item) })
        }
    }

    const WORDS: &[&str] =
        &["export", "orders", "csv", "dark", "mode", "the", "price", "card", "pay", "list"];

    fn words(indices: &[usize]) -> String {
        indices.iter().map(|&index| WORDS[index % WORDS.len()]).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn common_terms_score_but_do_not_make_candidates() {
        let titles = ["order status page", "order status mail", "order status widget", "dark mode"];
        let items: Vec<(Option<&str>, Option<&str>)> =
            titles.iter().map(|title| (Some(*title), None)).collect();
        let options =
            MatchOptions { description_weight: 0.25, stemming: true, threshold: 0.3, min_shared_terms: 2 };
        let exact = ItemIndex::build(&items, options);
        let bounded = ItemIndex::build(&items, options).with_common_term_items(2);
        let texts = [Some("order status"), Some("order status widget")];
        // "order" and "status" are in 3 items: with a limit of 2 they only add to candidates
        // found through "widget".
        let found = |index: &ItemIndex| -> Vec<Option<usize>> {
            index.best_items(&texts).iter().map(|best| best.as_ref().map(|best| best.item)).collect()
        };
        assert_eq!(found(&exact), [Some(0), Some(2)]);
        assert_eq!(found(&bounded), [None, Some(2)]);
        assert_eq!(exact.best_items(&texts)[1], bounded.best_items(&texts)[1]);
    }

    proptest! {
        #[test]
        fn max_score_finds_what_scoring_every_item_finds(
            titles in prop::collection::vec(prop::collection::vec(0usize..10, 0..5), 1..12),
            text in prop::collection::vec(0usize..10, 0..8),
            threshold in 0.0f64..1.0,
            min_shared_terms in 1usize..3,
        ) {
            let titles: Vec<String> = titles.iter().map(|title| words(title)).collect();
            let items: Vec<(Option<&str>, Option<&str>)> =
                titles.iter().map(|title| (Some(title.as_str()), None)).collect();
            let options = MatchOptions { description_weight: 0.25, stemming: true, threshold, min_shared_terms };
            let index = ItemIndex::build(&items, options);
            let text = words(&text);
            let fast = index.best_items(&[Some(text.as_str())]).swap_remove(0);
            let slow = index.brute_force_best(&text);
            match (fast, slow) {
                (None, None) => {}
                (Some(fast), Some(slow)) => {
                    prop_assert!((fast.score - slow.score).abs() < 1e-12, "{fast:?} {slow:?}");
                    // Equal scores may differ in the last bit between the two summation orders;
                    // then either item is right.
                    if (fast.score - slow.score).abs() == 0.0 {
                        prop_assert_eq!(fast.item, slow.item);
                    }
                }
                (fast, slow) => prop_assert!(
                    fast.as_ref().or(slow.as_ref()).is_some_and(|best| (best.score - threshold).abs() < 1e-12),
                    "{fast:?} vs {slow:?}"
                ),
            }
        }
    }
}
