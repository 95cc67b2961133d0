//! Wording helpers for messages: long texts and long lists cut to a readable length, keys
//! given as a few examples.

/// `text` cut to at most `limit` characters, with `…` and the full length when cut.
pub fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()),
    }
}

/// `items` comma-separated, cut after a few, for messages.
pub fn list_for_message(items: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut text = items.iter().take(SHOWN).map(|item| shorten(item, 40)).collect::<Vec<_>>().join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(", … ({} in all)", items.len()));
    }
    text
}

/// Keys shown by [`examples`] and [`examples_elided`].
const EXAMPLES_SHOWN: usize = 5;

/// The first few of `keys` for a warning, with how many more there are ("A-1, A-2 and 3 more").
pub fn examples<T: AsRef<str>>(keys: &[T]) -> String {
    let shown: Vec<&str> = keys.iter().take(EXAMPLES_SHOWN).map(AsRef::as_ref).collect();
    match keys.len().saturating_sub(EXAMPLES_SHOWN) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// The first few of `keys` for a warning, then ", …" when there are more ("A-1, A-2, …").
pub fn examples_elided<'a>(keys: impl IntoIterator<Item = &'a str>) -> String {
    let keys: Vec<&str> = keys.into_iter().collect();
    let mut text = keys.iter().take(EXAMPLES_SHOWN).copied().collect::<Vec<_>>().join(", ");
    if keys.len() > EXAMPLES_SHOWN {
        text.push_str(", …");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_keeps_short_text_and_cuts_long_text_on_a_char_boundary() {
        assert_eq!(shorten("short", 10), "short");
        let long = "é".repeat(100);
        assert_eq!(shorten(&long, 3), "ééé… (100 characters)");
    }

    #[test]
    fn examples_name_the_first_five_keys() {
        let keys = ["A-1", "A-2", "A-3", "A-4", "A-5", "A-6", "A-7"];
        assert_eq!(examples(&keys[..2]), "A-1, A-2");
        assert_eq!(examples(&keys), "A-1, A-2, A-3, A-4, A-5 and 2 more");
        assert_eq!(examples_elided(keys[..5].iter().copied()), "A-1, A-2, A-3, A-4, A-5");
        assert_eq!(examples_elided(keys), "A-1, A-2, A-3, A-4, A-5, …");
    }
}
