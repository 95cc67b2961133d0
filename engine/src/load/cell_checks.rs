//! What every text cell is checked for once a file is split into cells: control characters,
//! and a stray quote that swallowed the rows after it.
//!
//! A real export can hold a stray control byte in one cell (a sprint name with a raw `0x1A`
//! pasted from another tool). The cell is kept with each control character replaced by U+FFFD,
//! and reported with its row and column, so that one byte never refuses the file and never
//! reaches a CSV or HTML output. Tab, line feed and carriage return are text.
//!
//! A quote that opens a field and never closes makes a CSV reader read the following lines into
//! that one field, silently: `Q-2,"never closed,To Do,2` swallows `Q-3,fine,To Do,3` and what
//! follows. A field is taken for such a swallow when one of its inner lines looks like a row of
//! the file: as many delimiters as the header has, and a first field of the same shape as the
//! row's own first field (`Q-3` and `Q-2` are both letters, a dash and digits). A description
//! with line breaks and a comma or two does not look like that.
//!
//! The check reads only columns that have a control character or a line break somewhere (one
//! pass over their bytes), so the cells of an ordinary file are not looked at one by one.

use polars::prelude::*;

use super::error::{Location, PROBLEM_DETAIL_LIMIT, Problem};

/// What the cells of a frame gave.
#[derive(Debug, Default)]
pub(super) struct CellFindings {
    /// Cells whose control characters were replaced: the first [`PROBLEM_DETAIL_LIMIT`] found,
    /// in row order (a log-derived export can have one in every row).
    pub cleaned: Vec<Problem>,
    /// How many cells were cleaned in all.
    pub cleaned_count: usize,
    /// Whether a field seems to hold rows swallowed by a quote that never closed.
    pub swallowed_rows: bool,
}

/// What a cell holding control characters is reported as expecting.
pub(super) const EXPECTED_TEXT: &str = "text without control characters (each was replaced by �)";

/// Checks every `String` column of `frame` (column `index` is `headers[index]`), replacing control
/// characters in place. `first_fields` gives each row's first field for the swallowed-rows
/// check (`None` skips it); `location` gives each row's place in the file; `list_separator` is
/// a control character the loader itself put between list items (JSON's lists), not a stray.
pub(super) fn check_cells(
    frame: &mut DataFrame,
    headers: &[String],
    first_fields: Option<&StringChunked>,
    location: &dyn Fn(usize) -> Location,
    list_separator: Option<char>,
) -> PolarsResult<CellFindings> {
    let is_stray = |character: char| is_control(character) && Some(character) != list_separator;
    let mut findings = CellFindings::default();
    let width = headers.len();
    let mut replaced: Vec<(usize, Column)> = Vec::new();
    for (index, column) in frame.columns().iter().enumerate() {
        let Ok(text) = column.str() else { continue };
        // One pass over each array's bytes: its data buffers and its inlined short cells.
        let flagged = text.downcast_iter().any(|array| {
            array.data_buffers().iter().any(|buffer| has_flagged_byte(buffer))
                || array.views().iter().any(|view| view.get_inlined_slice().is_some_and(has_flagged_byte))
        });
        if !flagged {
            continue;
        }
        let header = headers.get(index).map(String::as_str);
        // First the findings, without copying a cell; the column is rebuilt only when a cell
        // has a control character (most flagged columns only have line breaks).
        let mut dirty = false;
        for (row, cell) in text.iter().enumerate() {
            let Some(cell) = cell else { continue };
            if let Some(first_fields) = first_fields
                && !findings.swallowed_rows
                && could_hold_a_row(cell, width)
            {
                let own_first = if index == 0 { None } else { first_fields.get(row) };
                let previous_first = row.checked_sub(1).and_then(|previous| first_fields.get(previous));
                findings.swallowed_rows = [own_first, previous_first]
                    .into_iter()
                    .flatten()
                    .any(|first| swallows_rows(cell, first, width));
            }
            if may_hold_a_control_character(cell.as_bytes()) && cell.chars().any(is_stray) {
                if findings.cleaned.len() < PROBLEM_DETAIL_LIMIT {
                    let found = around_first(cell, is_stray);
                    findings.cleaned.push(Problem::new(location(row), header, EXPECTED_TEXT, &found));
                }
                findings.cleaned_count += 1;
                dirty = true;
            }
        }
        if dirty {
            let cells: StringChunked =
                text.iter().map(|cell| cell.map(|cell| replace(cell, is_stray))).collect();
            replaced.push((index, cells.with_name(column.name().clone()).into_column()));
        }
    }
    for (index, column) in replaced {
        frame.replace_column(index, column)?;
    }
    findings.cleaned.sort_by_key(|problem| problem.location);
    Ok(findings)
}

/// Whether `bytes` hold a control character or a line break (a fold, not a search, so that the
/// compiler vectorises it: most buffers have none).
fn has_flagged_byte(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |found, &byte| found | is_flagged(byte))
}

/// The bytes that may start a control character or a line break: C0 (but tab and carriage
/// return), DEL, and 0xC2, the first byte of the C1 controls U+0080–U+009F in UTF-8 (and of
/// other Latin-1 characters such as `£` or `°`, which the cell-by-cell pass then lets through).
fn is_flagged(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t' && byte != b'\r') || byte == 0x7F || byte == 0xC2
}

/// Whether `character` is a control character that text never holds (C0 but tab, line feed and
/// carriage return; DEL; C1).
fn is_control(character: char) -> bool {
    character.is_control() && !matches!(character, '\t' | '\n' | '\r')
}

/// The text around the first character of `text` that `is_stray`: in a 2,000-character bug
/// report, the start of the text does not show where the stray is.
fn around_first(text: &str, is_stray: impl Fn(char) -> bool) -> String {
    const CONTEXT: usize = 20;
    let characters: Vec<char> = text.chars().collect();
    let at = characters.iter().position(|&character| is_stray(character)).unwrap_or(0);
    let start = at.saturating_sub(CONTEXT);
    let end = (at + CONTEXT).min(characters.len());
    let mut excerpt: String = characters[start..end].iter().collect();
    if start > 0 {
        excerpt.insert(0, '…');
    }
    if end < characters.len() {
        excerpt.push('…');
    }
    excerpt
}

/// Whether `bytes` may hold a control character: a C0 byte other than tab, line feed and carriage
/// return, DEL, or 0xC2 (the lead byte of the C1 controls).
fn may_hold_a_control_character(bytes: &[u8]) -> bool {
    // A fold, not `any`, so that the compiler vectorises it: almost no cell has one.
    bytes.iter().fold(false, |found, &byte| found | (is_flagged(byte) && byte != b'\n'))
}

/// `text` with every control character replaced by U+FFFD, as a cell's are (for text that is not
/// a cell, such as a header).
pub(super) fn without_control_characters(text: &str) -> std::borrow::Cow<'_, str> {
    replace(text, is_control)
}

/// `text` with every character `is_stray` replaced by U+FFFD.
fn replace(text: &str, is_stray: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if text.chars().any(&is_stray) {
        text.chars().map(|character| if is_stray(character) { '\u{FFFD}' } else { character }).collect()
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Whether `field` holds a line that looks like a row of a file `width` fields wide whose rows
/// start with values shaped like `first_field`.
pub(super) fn swallows_rows(field: &str, first_field: &str, width: usize) -> bool {
    let delimiters = delimiters_of_a_row(width);
    let row_shape = shape(first_field.trim());
    could_hold_a_row(field, width)
        && !row_shape.is_empty()
        && field.split('\n').skip(1).any(|line| {
            // The delimiters first: most lines of a description have too few to be a row.
            let has_the_delimiters = memchr::memchr_iter(b',', line.as_bytes()).nth(delimiters - 1).is_some();
            has_the_delimiters && line.split(',').next().is_some_and(|first| shape(first.trim()) == row_shape)
        })
}

/// Whether `field` could hold a row of a file `width` fields wide: a line break, and at least as
/// many delimiters as such a row has. One pass at memchr's speed, so that the many multi-line
/// descriptions with a comma or two are let through without a closer look.
pub(super) fn could_hold_a_row(field: &str, width: usize) -> bool {
    let bytes = field.as_bytes();
    memchr::memchr(b'\n', bytes).is_some()
        && memchr::memchr_iter(b',', bytes).nth(delimiters_of_a_row(width) - 1).is_some()
}

/// The delimiters in a row of a file `width` fields wide (at least one).
fn delimiters_of_a_row(width: usize) -> usize {
    width.saturating_sub(1).max(1)
}

/// The shape of a value: letters as `a`, digits as `9`, runs of either collapsed, other
/// characters kept (`SHOP-12` and `Q-3` are both `a-9`).
fn shape(value: &str) -> String {
    let mut shape = String::new();
    let mut previous = None;
    for character in value.chars() {
        let class = if character.is_alphabetic() {
            'a'
        } else if character.is_ascii_digit() {
            '9'
        } else {
            character
        };
        if !(previous == Some(class) && matches!(class, 'a' | '9')) {
            shape.push(class);
        }
        previous = Some(class);
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::headers;

    #[test]
    fn control_characters_are_replaced_and_reported_with_row_and_column() {
        let mut frame = df!(
            "0" => ["S-1", "S-2", "S-3"],
            "1" => [Some("Sprint \u{1a}5"), None, Some("line\nbreak\tand tab")],
        )
        .unwrap();
        let findings = check_cells(
            &mut frame,
            &headers(&["key", "sprint"]),
            None,
            &|row| Location::Row(row as u64 + 2),
            None,
        )
        .unwrap();
        let cells: Vec<_> = frame.column("1").unwrap().str().unwrap().iter().collect();
        assert_eq!(cells, [Some("Sprint \u{FFFD}5"), None, Some("line\nbreak\tand tab")]);
        assert_eq!(
            findings.cleaned,
            [Problem::new(Location::Row(2), Some("sprint"), EXPECTED_TEXT, "Sprint \u{1a}5")]
        );
        assert!(!findings.swallowed_rows);
    }

    #[test]
    fn a_long_cell_is_shown_around_its_control_character() {
        let text = format!("{}\u{1b}[31mERROR{}", "a".repeat(100), "b".repeat(100));
        assert_eq!(
            around_first(&text, is_control),
            format!("…{}\u{1b}[31mERROR{}…", "a".repeat(20), "b".repeat(10))
        );
        assert_eq!(around_first("x\u{0}y", is_control), "x\u{0}y");
    }

    #[test]
    fn c1_controls_and_del_are_found_and_latin_1_text_kept() {
        let mut frame = df!("0" => ["csi \u{9b}31m here", "price £3 at 20°", "del \u{7f}"]).unwrap();
        let findings =
            check_cells(&mut frame, &headers(&["title"]), None, &|row| Location::Row(row as u64 + 2), None)
                .unwrap();
        let cells: Vec<_> = frame.column("0").unwrap().str().unwrap().iter().flatten().collect();
        assert_eq!(cells, ["csi \u{FFFD}31m here", "price £3 at 20°", "del \u{FFFD}"]);
        let rows: Vec<_> = findings.cleaned.iter().map(|problem| problem.location).collect();
        assert_eq!(rows, [Location::Row(2), Location::Row(4)]);
    }

    #[test]
    fn a_control_character_in_every_row_is_counted_whole_and_detailed_in_part() {
        let cells: Vec<String> = (0..1_000).map(|row| format!("line {row} \u{1b}[0m")).collect();
        let mut frame = df!("0" => cells).unwrap();
        let findings =
            check_cells(&mut frame, &headers(&["log"]), None, &|row| Location::Row(row as u64 + 2), None)
                .unwrap();
        assert_eq!((findings.cleaned_count, findings.cleaned.len()), (1_000, PROBLEM_DETAIL_LIMIT));
        assert_eq!(findings.cleaned[0].location, Location::Row(2));
        assert_eq!(frame.column("0").unwrap().str().unwrap().get(999), Some("line 999 \u{FFFD}[0m"));
    }

    #[test]
    fn a_nul_in_a_short_inlined_cell_is_found() {
        let mut frame = df!("0" => ["a\0b"]).unwrap();
        let findings =
            check_cells(&mut frame, &headers(&["key"]), None, &|_| Location::Row(2), None).unwrap();
        assert_eq!(findings.cleaned.len(), 1);
        assert_eq!(frame.column("0").unwrap().str().unwrap().get(0), Some("a\u{FFFD}b"));
    }

    #[test]
    fn a_field_holding_rows_of_the_file_is_a_swallow() {
        let swallowed = "never closed,To Do,2\nQ-3,fine,To Do,3\nQ-4,other";
        assert!(swallows_rows(swallowed, "Q-2", 4));
        // A description with line breaks and commas is not.
        assert!(!swallows_rows("Steps:\n1. open the app, log in\n2. tap Pay, then Back", "SHOP-12", 4));
        // Too few delimiters for a row of this file.
        assert!(!swallows_rows("text\nQ-3,fine", "Q-2", 4));
    }

    #[test]
    fn shapes_collapse_letters_and_digits() {
        assert_eq!(shape("SHOP-12"), "a-9");
        assert_eq!(shape("Q-3"), "a-9");
        assert_eq!(shape("2024-01-02"), "9-9-9");
        assert_eq!(shape("Sprint 12"), "a 9");
    }
}
