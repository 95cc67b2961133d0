//! Documents into term frequencies without a string per term: documents are read in parallel
//! chunks, each looking its tokens up in a vocabulary of its own (a token is tokenised and
//! stemmed once per chunk, and a document holds `(term id, frequency)` entries); the chunk
//! vocabularies then merge into one vocabulary in term order and each chunk is renumbered to it.
//!
//! A document's frequency of a term is its count in the title plus `description_weight` for each
//! occurrence among the first `description_words` terms of the description, summed occurrence by
//! occurrence, title first, in order of appearance (so the float is the same however the
//! documents are chunked).

use polars::prelude::{PlHashMap, PlHashSet};
use rayon::prelude::*;

use super::Document;
use super::rows::Rows;
use crate::health::duplicates::DuplicateSettings;
use crate::model::text::tokens::{for_each_token, term_of};

/// Documents whose tokens one chunk looks up in a vocabulary of its own: large enough that the
/// chunk vocabularies repeat few terms, small enough for many chunks per thread.
const DOCUMENTS_PER_CHUNK: usize = 4096;

/// Every document's distinct terms and their frequencies, over one vocabulary.
pub(super) struct TermFrequencies {
    /// All terms, sorted; a term's id is its position.
    pub terms: Vec<String>,
    /// Per term: how many documents have it.
    pub document_frequency: Vec<u32>,
    /// The documents chunk after chunk, in document order: per document (term id, frequency),
    /// in term-id order.
    pub chunks: Vec<Rows>,
}

impl TermFrequencies {
    /// Reads the documents (document `i` is row `i` counting across the chunks).
    pub fn read(documents: &[Document<'_>], settings: &DuplicateSettings) -> TermFrequencies {
        TermFrequencies::read_in_chunks(documents, settings, DOCUMENTS_PER_CHUNK)
    }

    fn read_in_chunks(
        documents: &[Document<'_>],
        settings: &DuplicateSettings,
        chunk_size: usize,
    ) -> TermFrequencies {
        let (chunk_terms, mut chunks): (Vec<Vec<String>>, Vec<Rows>) =
            documents.par_chunks(chunk_size).map(|chunk| ChunkReader::new(settings).read(chunk)).unzip();
        let distinct: PlHashSet<&str> = chunk_terms.iter().flatten().map(String::as_str).collect();
        let mut terms: Vec<&str> = distinct.into_iter().collect();
        terms.sort_unstable();
        let ids: PlHashMap<&str, u32> =
            terms.iter().enumerate().map(|(id, term)| (*term, id as u32)).collect();
        chunks.par_iter_mut().zip(&chunk_terms).for_each(|(rows, local_terms)| {
            let renumbering: Vec<u32> = local_terms.iter().map(|term| ids[term.as_str()]).collect();
            rows.rewrite_rows(|_, entries| {
                entries.iter_mut().for_each(|(id, _)| *id = renumbering[*id as usize]);
                entries.sort_unstable_by_key(|(id, _)| *id);
            });
        });
        let mut document_frequency = vec![0; terms.len()];
        for rows in &chunks {
            for row in rows.iter() {
                for &id in row.ids {
                    document_frequency[id as usize] += 1;
                }
            }
        }
        let terms = terms.into_iter().map(str::to_owned).collect();
        TermFrequencies { terms, document_frequency, chunks }
    }
}

/// What reading one chunk keeps between its documents.
struct ChunkReader<'s> {
    settings: &'s DuplicateSettings,
    /// Lowercased token → its local term id; none for a token that is no term (a stop word, one
    /// character).
    tokens: PlHashMap<String, Option<u32>>,
    /// Term → local id (several tokens can stem to one term).
    ids: PlHashMap<String, u32>,
    /// Per local id: 1 + its position in `entries` while the document being read has it, else 0.
    positions: Vec<u32>,
    /// The document being read: (local id, frequency) in order of first appearance.
    entries: Vec<(u32, f64)>,
    buffer: String,
}

impl<'s> ChunkReader<'s> {
    fn new(settings: &'s DuplicateSettings) -> ChunkReader<'s> {
        ChunkReader {
            settings,
            tokens: PlHashMap::default(),
            ids: PlHashMap::default(),
            positions: Vec::new(),
            entries: Vec::new(),
            buffer: String::new(),
        }
    }

    /// The chunk's vocabulary (by local id) and per document its (local id, frequency) in
    /// order of first appearance.
    fn read(mut self, documents: &[Document<'_>]) -> (Vec<String>, Rows) {
        let mut rows = Rows::new();
        for document in documents {
            if let Some(title) = document.title {
                self.add_terms(title, 1.0, usize::MAX);
            }
            let weight = self.settings.description_weight;
            if let Some(description) = document.description.filter(|_| weight > 0.0) {
                self.add_terms(description, weight, self.settings.description_words);
            }
            for &(id, frequency) in &self.entries {
                rows.push(id, frequency);
                self.positions[id as usize] = 0;
            }
            self.entries.clear();
            rows.end_row();
        }
        let mut terms = vec![String::new(); self.ids.len()];
        for (term, id) in self.ids {
            terms[id as usize] = term;
        }
        (terms, rows)
    }

    /// Adds `count` to the frequency of each of the first `limit` terms of `text`.
    fn add_terms(&mut self, text: &str, count: f64, limit: usize) {
        let mut buffer = std::mem::take(&mut self.buffer);
        let mut taken = 0;
        for_each_token(text, &mut buffer, |token| {
            if taken == limit {
                return;
            }
            if let Some(id) = self.term_id(token) {
                taken += 1;
                match self.positions[id as usize] {
                    0 => {
                        self.entries.push((id, count));
                        self.positions[id as usize] = self.entries.len() as u32;
                    }
                    position => self.entries[position as usize - 1].1 += count,
                }
            }
        });
        self.buffer = buffer;
    }

    /// The local id of the term `token` stands for, if any.
    fn term_id(&mut self, token: &str) -> Option<u32> {
        if let Some(&id) = self.tokens.get(token) {
            return id;
        }
        let id = term_of(token, self.settings.stemming).map(|term| {
            let next = self.ids.len() as u32;
            *self.ids.entry(term).or_insert(next)
        });
        self.positions.resize(self.ids.len(), 0);
        self.tokens.insert(token.to_owned(), id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::duplicates::DoneItems;

    fn settings(description_weight: f64, description_words: usize) -> DuplicateSettings {
        DuplicateSettings {
            description_weight,
            description_words,
            stemming: true,
            common_word_items: 10,
            min_similarity: 0.0,
            min_shared_words: 1,
            max_candidates_per_item: usize::MAX,
            done_items: DoneItems::All,
        }
    }

    /// Each document's (term, frequency), in term order.
    fn frequencies(read: &TermFrequencies) -> Vec<Vec<(String, f64)>> {
        read.chunks
            .iter()
            .flat_map(Rows::iter)
            .map(|row| row.iter().map(|(id, tf)| (read.terms[id as usize].clone(), tf)).collect())
            .collect()
    }

    fn document<'a>(title: &'a str, description: Option<&'a str>) -> Document<'a> {
        Document { title: Some(title), description, done: false }
    }

    #[test]
    fn term_frequencies_weigh_description_terms_and_cut_the_description() {
        let document = document("Export orders", Some("orders to CSV, then mail"));
        let few_words = settings(0.5, 2);
        // Description terms: order, csv (cut at 2), mail dropped; "to"/"then" are stop words.
        assert_eq!(
            frequencies(&TermFrequencies::read(&[document], &few_words)),
            [[("csv".to_owned(), 0.5), ("export".to_owned(), 1.0), ("order".to_owned(), 1.5)]]
        );
    }

    #[test]
    fn frequencies_are_summed_occurrence_by_occurrence_title_first() {
        let document = document("Order", Some("orders, order; ORDER"));
        let read = TermFrequencies::read(&[document], &settings(0.1, 100));
        // ((1 + 0.1) + 0.1) + 0.1 = 1.3000000000000003, not 1 + 3 × 0.1 = 1.3.
        assert_eq!(frequencies(&read), [[("order".to_owned(), 1.3000000000000003)]]);
    }

    #[test]
    fn chunking_changes_neither_the_vocabulary_nor_any_frequency() {
        let documents = [
            document("Export orders to CSV", Some("the orders export")),
            document("Dark mode", None),
            document("CSV import of orders", Some("import, import")),
            document("", Some("a the of")),
            document("Pay by card", Some("card payments fail")),
        ];
        let settings = settings(0.5, 100);
        let whole = TermFrequencies::read_in_chunks(&documents, &settings, documents.len());
        assert_eq!(
            whole.terms,
            ["card", "csv", "dark", "export", "fail", "import", "mode", "order", "pay", "payment"]
        );
        assert_eq!(whole.document_frequency, [1, 2, 1, 1, 1, 1, 1, 2, 1, 1]);
        assert!(frequencies(&whole)[3].is_empty());
        for chunk_size in 1..documents.len() {
            let chunked = TermFrequencies::read_in_chunks(&documents, &settings, chunk_size);
            assert_eq!(chunked.terms, whole.terms);
            assert_eq!(chunked.document_frequency, whole.document_frequency);
            assert_eq!(frequencies(&chunked), frequencies(&whole), "{chunk_size} documents a chunk");
        }
    }
}
