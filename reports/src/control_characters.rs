//! Control characters never reach what people open: a spreadsheet, a browser, a terminal.
//!
//! The loaders already replace the control characters of every cell and report them, so this is
//! the second line: text that did not come through a cell (a header, a file name, an error
//! message) is made safe here too. Tab, line feed and carriage return are text; each renderer
//! decides what to do with line breaks.

/// Whether `character` is a control character a document should not hold (C0 but tab, line feed
/// and carriage return; DEL; C1).
pub fn is_stray_control(character: char) -> bool {
    character.is_control() && !matches!(character, '\t' | '\n' | '\r')
}

/// `text` with every stray control character replaced by U+FFFD.
pub fn replace_control_characters(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_stray_control) {
        text.chars()
            .map(|character| if is_stray_control(character) { '\u{FFFD}' } else { character })
            .collect()
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// JSON text with DEL and the C1 controls (U+0080–U+009F) written as `\u00XX` escapes.
/// serde_json escapes only C0, as JSON requires; the others would reach a terminal raw (U+009B
/// starts an escape sequence there). Outside a string JSON has no such character, so escaping
/// every one keeps the document the same.
pub fn escape_json_control_characters(json: Vec<u8>) -> Vec<u8> {
    let is_c1_lead = |pair: &[u8]| pair[0] == 0xC2 && (0x80..=0x9F).contains(&pair[1]);
    if !json.contains(&0x7F) && !json.windows(2).any(is_c1_lead) {
        return json;
    }
    let mut escaped = Vec::with_capacity(json.len() + 16);
    let mut bytes = json.iter().copied().peekable();
    while let Some(byte) = bytes.next() {
        match (byte, bytes.peek().copied()) {
            (0x7F, _) => escaped.extend_from_slice(b"\\u007f"),
            (0xC2, Some(next @ 0x80..=0x9F)) => {
                bytes.next();
                escaped.extend_from_slice(format!("\\u{:04x}", u32::from(next)).as_bytes());
            }
            _ => escaped.push(byte),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_replaced_and_text_kept() {
        assert_eq!(replace_control_characters("Sprint \u{1a}5\u{0}"), "Sprint \u{FFFD}5\u{FFFD}");
        assert_eq!(
            replace_control_characters("tab\tline\nreturn\r\u{7f}\u{85}"),
            "tab\tline\nreturn\r\u{FFFD}\u{FFFD}"
        );
        assert!(matches!(replace_control_characters("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_value_with_c1_controls_and_del_escaped() {
        let value = serde_json::json!({"title": "csi \u{9b}31m, nel \u{85}, del \u{7f}, £ and é"});
        let json = escape_json_control_characters(serde_json::to_vec(&value).unwrap());
        let text = String::from_utf8(json.clone()).unwrap();
        assert_eq!(text, r#"{"title":"csi \u009b31m, nel \u0085, del \u007f, £ and é"}"#);
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&json).unwrap(), value);
    }
}
