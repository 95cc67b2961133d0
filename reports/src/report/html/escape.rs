//! Addresses from the inputs, made safe as links of the page.

use crate::escape::escape_html;

/// An `http:`/`https:` URL safe as a quoted `href`; anything else (a `javascript:` URL from a
/// hostile export) gives `None`, so the key shows without a link.
pub fn safe_href(url: &str) -> Option<String> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| escape_html(url.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(safe_href("https://x.test/browse/A-1").as_deref(), Some("https://x.test/browse/A-1"));
        assert_eq!(
            safe_href("http://x.test/?a=1&b=\"2\"").as_deref(),
            Some("http://x.test/?a=1&amp;b=&quot;2&quot;")
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href(" JavaScript:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,<b>"), None);
    }
}
