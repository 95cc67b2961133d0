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
}
