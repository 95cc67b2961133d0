//! Web addresses of items: which texts may be one, and a key made safe to put in one.

/// Whether `text` is an absolute `http://` or `https://` address with a host and nothing a
/// browser would read otherwise (no spaces, quotes, angle brackets or control characters). An
/// export's or a setting's text that is not is never used as a link: `javascript:` and the like
/// stay text.
pub fn is_web_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &text[8..]
    } else if lower.starts_with("http://") {
        &text[7..]
    } else {
        return false;
    };
    let forbidden =
        |c: char| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`');
    !rest.is_empty() && !rest.starts_with('/') && !text.chars().any(forbidden)
}

/// `text` with every byte but the unreserved characters of RFC 3986 (`A-Z a-z 0-9 - . _ ~`)
/// written as `%XX`, so that a key is one path segment or query value whatever it holds.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses_with_a_host_are_web_urls() {
        assert!(is_web_url("https://jira.example.com/browse/SHOP-1"));
        assert!(is_web_url("HTTP://host"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("https://"));
        assert!(!is_web_url("https:///path"));
        assert!(!is_web_url("ftp://host/file"));
        assert!(!is_web_url("https://host/a b"));
        assert!(!is_web_url("https://host/\"onmouseover=x"));
        assert!(!is_web_url("https://host/<script>"));
        assert!(!is_web_url("htt"));
    }

    #[test]
    fn keys_are_encoded_byte_by_byte_outside_the_unreserved_characters() {
        assert_eq!(percent_encode("SHOP-12"), "SHOP-12");
        assert_eq!(percent_encode("#42"), "%2342");
        assert_eq!(percent_encode("a/b c?d"), "a%2Fb%20c%3Fd");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }
}
