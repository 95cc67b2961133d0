//! Is it text at all? What the first bytes of a file say before any format is tried.
//!
//! A file is binary when it starts with the magic number of a known binary format (an image, an
//! archive, a PDF, a spreadsheet workbook), each with its own advice, or when NUL bytes or other
//! control bytes are too many for text: four or more, and at least one byte in a hundred of the
//! file's head (one in ten for the other controls). A stray control byte or two in a cell is not that: such a
//! file is text, and the cell is reported and cleaned when the file is read (see `cell_checks`).
//! UTF-16 and UTF-32 text, with a byte-order mark or recognisable by its zero bytes, gets its own
//! message, since re-saving it as UTF-8 is the fix.

/// What the head of a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sniffed {
    /// Text refine can read (UTF-8, maybe with stray control bytes).
    Text,
    /// A binary format refine recognises: what it is and what to do instead.
    KnownBinary { what: &'static str, advice: &'static str },
    /// Text in an encoding other than UTF-8: its name for people and for `iconv`.
    OtherEncoding { encoding: &'static str, iconv: &'static str },
    /// Bytes text does not hold, at `offset`.
    Binary { offset: usize },
}

const EXPORT_AS_CSV: &str = "export the data as CSV or JSON";
const SAVE_SHEET_AS_CSV: &str = "open it and save the sheet as CSV (UTF-8)";
const DECOMPRESS: &str = "decompress it first and give refine the file inside";

/// Magic numbers of binary files people give refine by mistake.
const MAGIC: &[(&[u8], &str, &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image", EXPORT_AS_CSV),
    (b"\xFF\xD8\xFF", "a JPEG image", EXPORT_AS_CSV),
    (b"GIF87a", "a GIF image", EXPORT_AS_CSV),
    (b"GIF89a", "a GIF image", EXPORT_AS_CSV),
    (b"%PDF-", "a PDF document", EXPORT_AS_CSV),
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one)", SAVE_SHEET_AS_CSV),
    (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an Excel 97-2003 workbook (.xls)", SAVE_SHEET_AS_CSV),
    (b"\x1F\x8B", "a gzip-compressed file", DECOMPRESS),
    (b"BZh", "a bzip2-compressed file", DECOMPRESS),
    (b"\xFD7zXZ\x00", "an xz-compressed file", DECOMPRESS),
    (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive", DECOMPRESS),
    (b"\x28\xB5\x2F\xFD", "a zstd-compressed file", DECOMPRESS),
    (b"SQLite format 3\x00", "an SQLite database", EXPORT_AS_CSV),
    (b"\x7FELF", "a program (ELF executable)", EXPORT_AS_CSV),
];

/// Byte-order marks of encodings other than UTF-8, longest first.
const BYTE_ORDER_MARKS: &[(&[u8], Sniffed)] = &[
    (b"\xFF\xFE\x00\x00", Sniffed::OtherEncoding { encoding: "UTF-32 (little-endian)", iconv: "UTF-32LE" }),
    (b"\x00\x00\xFE\xFF", Sniffed::OtherEncoding { encoding: "UTF-32 (big-endian)", iconv: "UTF-32BE" }),
    (b"\xFF\xFE", UTF16_LE),
    (b"\xFE\xFF", UTF16_BE),
];

const UTF16_LE: Sniffed = Sniffed::OtherEncoding { encoding: "UTF-16 (little-endian)", iconv: "UTF-16LE" };
const UTF16_BE: Sniffed = Sniffed::OtherEncoding { encoding: "UTF-16 (big-endian)", iconv: "UTF-16BE" };

/// What `head` (the first bytes of a file, a UTF-8 byte-order mark removed) is.
pub(super) fn sniff(head: &[u8]) -> Sniffed {
    if let Some((_, what, advice)) = MAGIC.iter().find(|(magic, _, _)| head.starts_with(magic)) {
        return Sniffed::KnownBinary { what, advice };
    }
    if let Some((_, encoding)) = BYTE_ORDER_MARKS.iter().find(|(mark, _)| head.starts_with(mark)) {
        return *encoding;
    }
    if let Some(encoding) = utf16_without_mark(head) {
        return encoding;
    }
    let nuls = head.iter().filter(|&&byte| byte == 0).count();
    let controls = head.iter().filter(|&&byte| is_control_byte(byte)).count();
    // At least a few, so that one stray byte in a small file is still a stray.
    let too_many = |count: usize, per: usize| count >= STRAY_BYTES_AT_MOST && count * per >= head.len();
    if too_many(nuls, 100) || too_many(controls, 10) {
        let offset = head.iter().position(|&byte| is_control_byte(byte)).unwrap_or(0);
        return Sniffed::Binary { offset };
    }
    Sniffed::Text
}

/// More NUL or control bytes than this, at the densities above, make a file binary.
const STRAY_BYTES_AT_MOST: usize = 4;

/// C0 control bytes text does not hold: all but tab, line feed, form feed and carriage return.
fn is_control_byte(byte: u8) -> bool {
    byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0c)
}

/// UTF-16 without a byte-order mark: ASCII text with a zero byte beside every character, on the
/// same side throughout the first characters.
fn utf16_without_mark(head: &[u8]) -> Option<Sniffed> {
    let pairs: Vec<&[u8]> = head.chunks_exact(2).take(64).collect();
    if pairs.len() < 4 {
        return None;
    }
    let ascii = |byte: u8| byte.is_ascii() && byte != 0;
    if pairs.iter().all(|pair| ascii(pair[0]) && pair[1] == 0) {
        Some(UTF16_LE)
    } else if pairs.iter().all(|pair| pair[0] == 0 && ascii(pair[1])) {
        Some(UTF16_BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_binary_formats_are_named() {
        let png = sniff(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
        assert_eq!(png, Sniffed::KnownBinary { what: "a PNG image", advice: EXPORT_AS_CSV });
        assert!(matches!(
            sniff(b"PK\x03\x04\x14\x00"),
            Sniffed::KnownBinary { advice: SAVE_SHEET_AS_CSV, .. }
        ));
        assert!(matches!(sniff(b"%PDF-1.7\n"), Sniffed::KnownBinary { what: "a PDF document", .. }));
    }

    #[test]
    fn utf16_with_or_without_a_byte_order_mark_is_its_own_case() {
        let text: Vec<u8> = "key,title\nA-1,x\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(sniff(&text), UTF16_LE);
        let with_mark = [&b"\xFF\xFE"[..], &text].concat();
        assert_eq!(sniff(&with_mark), UTF16_LE);
        let big: Vec<u8> = "key,title\nA-1,x\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(sniff(&big), UTF16_BE);
    }

    #[test]
    fn a_stray_control_byte_in_text_is_still_text() {
        let mut csv = b"sprint,completed_points\n".to_vec();
        for index in 0..40 {
            csv.extend_from_slice(format!("Sprint {index},{index}\n").as_bytes());
        }
        csv.extend_from_slice(b"Sprint \x1a\x00 41,3\n");
        assert_eq!(sniff(&csv), Sniffed::Text);
    }

    #[test]
    fn many_nul_or_control_bytes_are_binary() {
        assert_eq!(sniff(b"ab\x00\x00cd\x00\x00ef\x00\x00"), Sniffed::Binary { offset: 2 });
        assert_eq!(sniff(b"\x01\x02\x03\x04x"), Sniffed::Binary { offset: 0 });
        assert_eq!(sniff(b"key,title\nA-2,n\x00l\n"), Sniffed::Text, "one stray NUL in a small file");
        assert_eq!(sniff(b"key,title\nA-1,Login\n"), Sniffed::Text);
    }
}
