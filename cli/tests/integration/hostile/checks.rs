//! The checks every run and every written file of the hostile corpus must pass, as pure
//! functions of bytes: each returns what it found wrong, in words for a failure message, or
//! nothing. The harness (`mod.rs`) applies them; unit tests below pin each one on a small
//! example that must fail and one that must pass, so that none of them passes vacuously.

/// The first raw control character in `bytes` other than tab, line feed and carriage return
/// (C0, DEL, and C1 when the bytes are UTF-8), with its byte offset.
pub fn raw_control_character(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut offset = 0;
    for character in text.chars() {
        let is_control = character.is_control() && !matches!(character, '\t' | '\n' | '\r');
        if is_control {
            let context: String = text[offset..].chars().skip(1).take(20).collect();
            return Some(format!(
                "a raw control character U+{:04X} at byte {offset} (before {context:?})",
                u32::from(character)
            ));
        }
        offset += character.len_utf8();
    }
    None
}

/// Whether `text` is a plain decimal number (`-3`, `+2.5`, `1e-7`): a spreadsheet reads it as
/// a number, not a formula, so it needs no neutralising. `-2+3`, `-inf` and `-` are not.
pub fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    let mantissa_ok = !(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction);
    let exponent_ok = exponent.is_none_or(|exponent| {
        let exponent = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
        !exponent.is_empty() && digits(exponent)
    });
    mantissa_ok && exponent_ok
}

/// Every cell of CSV `bytes` that a spreadsheet would run as a formula: it starts with `=`,
/// `+`, `-` or `@`, is not a plain number, and has no leading `'`. Also says when the bytes are
/// not CSV at all.
pub fn unneutralised_formulas(bytes: &[u8]) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut found = Vec::new();
    for (index, record) in reader.byte_records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                found.push(format!("not valid CSV at record {}: {error}", index + 1));
                break;
            }
        };
        for (column, cell) in record.iter().enumerate() {
            let cell = String::from_utf8_lossy(cell);
            if cell.starts_with(['=', '+', '-', '@']) && !is_plain_number(&cell) {
                found.push(format!(
                    "CSV line {}, field {}: a formula a spreadsheet would run: {:?}",
                    index + 1,
                    column + 1,
                    cell.chars().take(60).collect::<String>()
                ));
            }
        }
    }
    found
}

/// The first Markdown table row whose count of unescaped `|` differs from its table's header
/// row: a cell's text broke out of its cell.
pub fn broken_markdown_table(text: &str) -> Option<String> {
    let mut header_pipes = None;
    for (number, line) in text.lines().enumerate() {
        if !line.starts_with('|') {
            header_pipes = None;
            continue;
        }
        let pipes = unescaped_pipes(line);
        match header_pipes {
            None => header_pipes = Some(pipes),
            Some(expected) if expected != pipes => {
                return Some(format!(
                    "Markdown line {}: {pipes} cell borders where its table has {expected}: {:?}",
                    number + 1,
                    line.chars().take(100).collect::<String>()
                ));
            }
            Some(_) => {}
        }
    }
    None
}

fn unescaped_pipes(line: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for character in line.chars() {
        match character {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
    }
    count
}

/// The markup the corpus plants in titles and descriptions: it may reach HTML, Markdown and SVG
/// only escaped.
pub const PLANTED_MARKUP: [&str; 3] = ["<script>alert(", "<img src=x onerror", "<b>refine"];

/// The planted markup found raw in an HTML, Markdown or SVG text.
pub fn raw_markup(text: &str) -> Option<String> {
    PLANTED_MARKUP
        .iter()
        .find(|markup| text.contains(**markup))
        .map(|markup| format!("the input's markup {markup:?} copied unescaped"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_other_than_tab_and_line_breaks_are_found() {
        assert_eq!(raw_control_character(b"a\tb\r\nc"), None);
        assert!(raw_control_character(b"title\x1a").unwrap().contains("U+001A at byte 5"));
        assert!(raw_control_character(b"\x00").is_some());
        assert!(raw_control_character("csi \u{9b}".as_bytes()).unwrap().contains("U+009B"));
    }

    #[test]
    fn plain_numbers_are_told_from_formulas() {
        for number in ["-3", "+2.5", "1e-7", "-0.5E+3", "12", ".5", "-5."] {
            assert!(is_plain_number(number), "{number}");
        }
        for formula in ["-2+3", "-inf", "-", "+", "=1", "@SUM(1)", "-1e", "1-2", "--1", "-NaN"] {
            assert!(!is_plain_number(formula), "{formula}");
        }
    }

    #[test]
    fn formulas_are_found_unless_neutralised_or_numbers() {
        let csv = b"title,n\n'=HYPERLINK(1),-3\n\"=1+1\",@x\n-2+3,+4\n";
        let found = unneutralised_formulas(csv);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("line 3, field 1") && found[0].contains("=1+1"), "{found:?}");
        assert!(unneutralised_formulas(b"a,b\n'=1,'-x\n").is_empty());
    }

    #[test]
    fn a_pipe_that_breaks_out_of_its_cell_is_found() {
        let good = "| a | b |\n| --- | --- |\n| x \\| y | \\\\ |\n\ntext | more\n| c |\n| d |\n";
        assert_eq!(broken_markdown_table(good), None);
        let bad = "| a | b |\n| --- | --- |\n| x | y | z |\n";
        assert!(broken_markdown_table(bad).unwrap().contains("line 3"));
    }

    #[test]
    fn planted_markup_is_found_only_raw() {
        assert!(raw_markup("<td><script>alert('x')</script></td>").is_some());
        assert_eq!(raw_markup("<td>&lt;script&gt;alert('x')</td>"), None);
    }
}
