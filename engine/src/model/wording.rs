//! Wording helpers for messages: long texts and long lists cut to a readable length.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_keeps_short_text_and_cuts_long_text_on_a_char_boundary() {
        assert_eq!(shorten("short", 10), "short");
        let long = "é".repeat(100);
        assert_eq!(shorten(&long, 3), "ééé… (100 characters)");
    }
}
