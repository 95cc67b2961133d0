//! Text into terms: lowercased and split on every character that is not alphanumeric (Unicode);
//! tokens of one character and the English stop words of [`STOP_WORDS`] are dropped; with
//! stemming on, the remaining tokens go through Harman's "S" stemmer (plural endings only:
//! `-ies` → `-y`, `-es` → `-e`, `-s` → ``, so "orders" and "order" meet while "address" stays),
//! and a stem that is a stop word ("gets" → "get") is dropped too.

/// English stop words: articles, pronouns, auxiliaries, prepositions, conjunctions, the
/// contraction stems a split on `'` leaves ("don't" → "don"), and the politeness and wanting
/// words that every request carries ("please", "want", "need", "like"), which tell nothing about
/// what is asked for.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "couldn",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "hasn",
    "have",
    "haven",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "just",
    "let",
    "like",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "need",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "please",
    "really",
    "same",
    "she",
    "should",
    "shouldn",
    "so",
    "some",
    "such",
    "than",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "want",
    "was",
    "wasn",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "won",
    "would",
    "wouldn",
    "yes",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// The terms of `text`, in order of appearance, with repeats.
pub fn tokenize(text: &str, stemming: bool) -> Vec<String> {
    let mut terms = Vec::new();
    let mut buffer = String::new();
    for_each_token(text, &mut buffer, |token| terms.extend(term_of(token, stemming)));
    terms
}

/// Calls `visit` with each lowercased run of alphanumeric characters of `text`, built in
/// `buffer` (reused, so tokenising allocates nothing per token). ASCII takes a fast path; other
/// characters follow Unicode's alphanumeric and lowercase rules.
pub(crate) fn for_each_token(text: &str, buffer: &mut String, mut visit: impl FnMut(&str)) {
    buffer.clear();
    for character in text.chars() {
        if character.is_ascii() {
            if character.is_ascii_alphanumeric() {
                buffer.push(character.to_ascii_lowercase());
                continue;
            }
        } else if character.is_alphanumeric() {
            buffer.extend(character.to_lowercase());
            continue;
        }
        if !buffer.is_empty() {
            visit(buffer);
            buffer.clear();
        }
    }
    if !buffer.is_empty() {
        visit(buffer);
        buffer.clear();
    }
}

/// The term a token stands for: none for one-character tokens and stop words (also once
/// stemmed: "gets" and "likes" are stop words then).
pub(crate) fn term_of(token: &str, stemming: bool) -> Option<String> {
    if token.chars().nth(1).is_none() || is_stop_word(token) {
        return None;
    }
    let term = if stemming { stem(token.to_owned()) } else { token.to_owned() };
    (!is_stop_word(&term)).then_some(term)
}

fn is_stop_word(token: &str) -> bool {
    STOP_WORDS.binary_search(&token).is_ok()
}

/// Harman's S stemmer on words of four characters or more (shorter ones are left alone: "gas",
/// "bus", "yes").
fn stem(mut word: String) -> String {
    if word.chars().count() < 4 {
        return word;
    }
    if word.ends_with("ies") && !word.ends_with("eies") && !word.ends_with("aies") {
        word.truncate(word.len() - 3);
        word.push('y');
    } else if word.ends_with('s') && !word.ends_with("us") && !word.ends_with("ss") {
        // Harman's "-es → -e" (not after a, e, o) and "-s → ''" both drop the final s.
        word.truncate(word.len() - 1);
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn tokenize_lowercases_splits_drops_stop_words_and_single_characters() {
        assert_eq!(
            tokenize("Can't add a Credit-Card, it's 2x the PRICE! It gets", true),
            ["add", "credit", "card", "2x", "price"]
        );
        assert_eq!(tokenize("", true), Vec::<String>::new());
        assert_eq!(tokenize("I a x ?!", true), Vec::<String>::new());
        assert_eq!(tokenize("Größe ÄNDERN", false), ["größe", "ändern"]);
    }

    #[test]
    fn the_s_stemmer_strips_plural_endings_only() {
        for (word, stemmed) in [
            ("orders", "order"),
            ("categories", "category"),
            ("boxes", "boxe"),
            ("address", "address"),
            ("status", "status"),
            ("gas", "gas"),
            ("replies", "reply"),
            ("shoes", "shoe"),
            ("loading", "loading"),
        ] {
            assert_eq!(stem(word.to_owned()), stemmed, "{word}");
        }
        assert_eq!(tokenize("Orders", false), ["orders"]);
    }
}
