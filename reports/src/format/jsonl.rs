//! JSON Lines: one record per line, the main table, field names as in JSON.

use crate::control_characters::escape_json_control_characters;
use crate::records::Records;

/// The JSON Lines bytes of `records`.
pub fn render_jsonl(records: &Records) -> Vec<u8> {
    let mut bytes = Vec::new();
    for row in records.json_rows() {
        // Serialising cells into a Vec cannot fail: every key is text.
        let _ = serde_json::to_writer(&mut bytes, &row);
        bytes.push(b'\n');
    }
    escape_json_control_characters(bytes)
}
