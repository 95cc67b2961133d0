//! Text from the inputs made safe inside HTML and SVG (both the page and the charts' XML).

use crate::control_characters::is_stray_control;

/// `text` safe as HTML text and inside a quoted attribute, control characters replaced.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other if is_stray_control(other) => escaped.push('\u{FFFD}'),
            other => escaped.push(other),
        }
    }
    escaped
}
