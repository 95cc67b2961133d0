//! Element ids of index.html that other parts of the page (and report.md's headings) link
//! to: one per ranked item's line and one per table.

/// The id of `key`'s line in the ranked backlog: `item-SHOP-140`. Characters other than ASCII
/// letters, digits, `-` and `.` are written as `_` and their UTF-8 bytes in hex, so any key
/// gives a valid id that no other key gives.
pub fn item_anchor(key: &str) -> String {
    let mut anchor = String::with_capacity(key.len() + 5);
    anchor.push_str("item-");
    for character in key.chars() {
        if character.is_ascii_alphanumeric() || character == '-' || character == '.' {
            anchor.push(character);
        } else {
            let mut bytes = [0; 4];
            for byte in character.encode_utf8(&mut bytes).bytes() {
                anchor.push_str(&format!("_{byte:02x}"));
            }
        }
    }
    anchor
}

/// The id of a section's table: `table-health-ready`.
pub fn table_anchor(section: &str, table: &str) -> String {
    format!("table-{section}-{table}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_anchors_keep_plain_keys_and_encode_the_rest() {
        assert_eq!(item_anchor("SHOP-140"), "item-SHOP-140");
        assert_eq!(item_anchor("a b"), "item-a_20b");
        assert_eq!(item_anchor("#12\"<"), "item-_2312_22_3c");
        assert_eq!(item_anchor("é"), "item-_c3_a9");
        // `_` itself is encoded, so an encoded key never equals a plain one.
        assert_eq!(item_anchor("a_20b"), "item-a_5f20b");
    }
}
