//! Control characters never reach what people open: a spreadsheet, a browser, a terminal.
//!
//! The loaders already replace the control characters of every cell and report them, so this is
//! the second line: text that did not come through a cell (a header, a file name, an error
//! message) is made safe here too. Tab, line feed and carriage return are text; each renderer
//! decides what to do with line breaks.

use std::io::{self, Write};

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
    let mut escaper = JsonControlEscaper::new(&mut escaped);
    // Writing into a Vec cannot fail.
    let _ = escaper.write_all(&json).and_then(|()| escaper.finish());
    escaped
}

/// A writer that passes JSON text on with DEL and the C1 controls escaped, as
/// [`escape_json_control_characters`] does, whatever the pieces it is written in. Call
/// [`JsonControlEscaper::finish`] at the end: a last byte may be waiting for the next.
pub struct JsonControlEscaper<W: Write> {
    out: W,
    /// A 0xC2 seen at the end of the last piece, which may lead a C1 control.
    pending_lead: bool,
}

impl<W: Write> JsonControlEscaper<W> {
    /// An escaper writing into `out`.
    pub fn new(out: W) -> Self {
        JsonControlEscaper { out, pending_lead: false }
    }

    /// Writes the byte still waiting, and flushes.
    pub fn finish(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.pending_lead) {
            self.out.write_all(&[0xC2])?;
        }
        self.out.flush()
    }
}

impl<W: Write> Write for JsonControlEscaper<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        if std::mem::take(&mut self.pending_lead) {
            match bytes.first() {
                Some(next @ 0x80..=0x9F) => {
                    write!(self.out, "\\u{:04x}", u32::from(*next))?;
                    start = 1;
                }
                _ => self.out.write_all(&[0xC2])?,
            }
        }
        let mut at = start;
        while at < bytes.len() {
            match (bytes[at], bytes.get(at + 1)) {
                (0x7F, _) => {
                    self.out.write_all(&bytes[start..at])?;
                    self.out.write_all(b"\\u007f")?;
                    at += 1;
                    start = at;
                }
                (0xC2, Some(next @ 0x80..=0x9F)) => {
                    self.out.write_all(&bytes[start..at])?;
                    write!(self.out, "\\u{:04x}", u32::from(*next))?;
                    at += 2;
                    start = at;
                }
                (0xC2, None) => {
                    self.out.write_all(&bytes[start..at])?;
                    self.pending_lead = true;
                    at += 1;
                    start = at;
                }
                _ => at += 1,
            }
        }
        self.out.write_all(&bytes[start..])?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
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

    #[test]
    fn json_keeps_its_value_with_c1_controls_and_del_escaped() {
        let value = serde_json::json!({"title": "csi \u{9b}31m, nel \u{85}, del \u{7f}, £ and é"});
        let json = escape_json_control_characters(serde_json::to_vec(&value).unwrap());
        let text = String::from_utf8(json.clone()).unwrap();
        assert_eq!(text, r#"{"title":"csi \u009b31m, nel \u0085, del \u007f, £ and é"}"#);
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&json).unwrap(), value);
    }

    #[test]
    fn the_escaper_gives_the_same_bytes_whatever_the_pieces() {
        let json = serde_json::to_vec(&serde_json::json!({"t": "a\u{9b}b\u{7f}c\u{85}£é\u{c2}"})).unwrap();
        let whole = escape_json_control_characters(json.clone());
        assert!(String::from_utf8(whole.clone()).unwrap().contains(r"a\u009bb\u007fc\u0085£é"));
        for piece in 1..4 {
            let mut escaped = Vec::new();
            let mut escaper = JsonControlEscaper::new(&mut escaped);
            for chunk in json.chunks(piece) {
                escaper.write_all(chunk).unwrap();
            }
            escaper.finish().unwrap();
            assert_eq!(escaped, whole, "pieces of {piece} bytes");
        }
    }
}
