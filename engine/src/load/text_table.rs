//! A CSV file read as text: its header names as written (repeated names kept) and one `String`
//! column per header position.
//!
//! polars' multi-threaded reader does the work. Columns a loader will parse as numbers can be
//! read as numbers straight away: read as text and then parsed, a number takes 24 bytes of
//! fresh memory (a 16-byte text cell, then the 8-byte number), and at ten million rows fresh
//! pages cost more than parsing. When every cell of those columns parses, they stay numbers;
//! when one does not (or a number is NaN or infinite, which refine does not take), the file is
//! read as text, so that the cell is reported with its row and column as any other bad value.
//! Columns that no analysis of the run reads can be left out of the read ([`ReadPlan::unread`]).
//! When polars refuses the file (a row with more fields
//! than the header, invalid UTF-8, a quote that never closes), the file is read again with the
//! `csv` crate, which says which row is wrong: that row is skipped and reported, or, with
//! `--strict`, the read fails naming it. A row with fewer fields than the header has its missing
//! trailing cells empty, as spreadsheet tools read it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use polars::prelude::*;

use super::cell_checks;
use super::error::{LoadError, Location, Problem};
use crate::model::ColumnType;

/// What a loader asks of the read, worked out from the header before it.
#[derive(Debug, Clone, Default)]
pub struct ReadPlan {
    /// Positions read as numbers of that type (`Integer` or `Number`) when all their cells are.
    pub numbers: Vec<(usize, ColumnType)>,
    /// Positions not read at all: their columns are all null, and their cells are not checked.
    pub unread: Vec<usize>,
}

/// Where the records of a read come from: the whole file after its header, or a run of whole
/// records cut out of it at record ends (`csv_chunks`), the first of them at spreadsheet row
/// `first_row` (header = 1).
#[derive(Debug, Clone, Copy)]
pub enum CsvRecords<'a> {
    /// Every record of the file at the table's path.
    WholeFile,
    /// Records of the file, without its header.
    Chunk {
        /// The records' bytes, cut at record boundaries.
        bytes: &'a [u8],
        /// The spreadsheet row of the first record.
        first_row: u64,
    },
}

impl CsvRecords<'_> {
    /// The spreadsheet row of the first data record.
    fn first_row(self) -> u64 {
        match self {
            CsvRecords::WholeFile => 2,
            CsvRecords::Chunk { first_row, .. } => first_row,
        }
    }
}

/// A CSV file as text columns.
#[derive(Debug, Clone)]
pub struct TextTable {
    /// The file.
    pub path: PathBuf,
    /// Header names as written, trimmed; repeated names are kept (Jira repeats `Sprint`).
    pub headers: Vec<String>,
    /// One column per header position, named `0`, `1`, ...; empty cells are null. `String`,
    /// except the columns read as numbers ([`TextTable::numbers`]).
    pub frame: DataFrame,
    /// The text of each column read as numbers, made if a loader asks for it as text.
    numbers_as_text: BTreeMap<usize, OnceLock<StringChunked>>,
    /// The spreadsheet row of frame row 0 when the rows follow each other in the file: 2 for a
    /// whole file, later for a chunk of one.
    first_row: u64,
    /// Whether the rows are a chunk of the file's, not all of them.
    chunk: bool,
    /// Where each frame row is in the file, when that is not spreadsheet row `index +
    /// first_row` (rows were skipped, or the rows came from JSON records).
    locations: Option<Vec<Location>>,
    /// Rows that could not be split into fields (skipped).
    pub problems: Vec<Problem>,
    /// Cells whose control characters were replaced (their rows are kept), in row order: the
    /// first of them in detail, and how many in all.
    pub cleaned: Vec<Problem>,
    /// How many cells were cleaned in all.
    pub cleaned_count: usize,
}

impl TextTable {
    /// Reads `path` (`header` is its first record, already read by detection) as `plan` says.
    pub fn read(
        path: &Path,
        header: Vec<String>,
        strict: bool,
        plan: &ReadPlan,
    ) -> Result<TextTable, LoadError> {
        TextTable::read_records(path, header, CsvRecords::WholeFile, strict, plan)
    }

    /// Reads `records` of the file at `path`, whose header is `header`, as `plan` says: the
    /// table of a chunk is the table of the whole file's rows it holds, at the same rows.
    pub fn read_records(
        path: &Path,
        header: Vec<String>,
        records: CsvRecords<'_>,
        strict: bool,
        plan: &ReadPlan,
    ) -> Result<TextTable, LoadError> {
        let width = header.len();
        let unread: Vec<usize> = plan.unread.iter().copied().filter(|&position| position < width).collect();
        let numbers: Vec<(usize, ColumnType)> = (plan.numbers.iter().copied())
            .filter(|&(position, column_type)| {
                position < width
                    && !unread.contains(&position)
                    && matches!(column_type, ColumnType::Integer | ColumnType::Number)
            })
            .collect();
        let read_as_numbers = (!numbers.is_empty())
            .then(|| {
                read_with_polars(path, records, width, &numbers, &unread).ok().filter(numbers_are_finite)
            })
            .flatten();
        let (mut frame, numbers) = match read_as_numbers {
            Some(frame) => (frame, numbers),
            None => match read_with_polars(path, records, width, &[], &unread) {
                Ok(frame) => (frame, Vec::new()),
                Err(_) => return read_row_by_row(path, header, records, strict, &unread),
            },
        };
        let first_fields = frame.columns().first().and_then(|column| column.str().ok().cloned());
        let first_row = records.first_row();
        let row_of = |index: usize| Location::Row(index as u64 + first_row);
        let findings = cell_checks::check_cells(&mut frame, &header, first_fields.as_ref(), &row_of, None)
            .map_err(LoadError::frame(path))?;
        if findings.swallowed_rows {
            // polars and the `csv` crate split such a file differently; the exact path finds the
            // row where the quote opened and reads the swallowed lines again.
            return read_row_by_row(path, header, records, strict, &unread);
        }
        let table = TextTable {
            path: path.to_owned(),
            headers: header,
            frame,
            numbers_as_text: numbers.into_iter().map(|(position, _)| (position, OnceLock::new())).collect(),
            first_row,
            chunk: matches!(records, CsvRecords::Chunk { .. }),
            locations: None,
            problems: vec![],
            cleaned: findings.cleaned,
            cleaned_count: findings.cleaned_count,
        };
        table.fail_if_strict(strict)
    }

    /// The table, or with `strict` an error naming its first problem.
    fn fail_if_strict(self, strict: bool) -> Result<TextTable, LoadError> {
        let first = self.problems.iter().chain(&self.cleaned).min_by_key(|problem| problem.location);
        match first {
            Some(problem) if strict => {
                Err(LoadError::BadValue { path: self.path.clone(), problem: problem.clone() })
            }
            _ => Ok(self),
        }
    }

    /// Builds a table from text rows at spreadsheet rows 2, 3, ... (tests use this).
    pub fn from_rows(path: &Path, headers: Vec<String>, rows: &[Vec<Option<String>>]) -> TextTable {
        let locations = (0..rows.len() as u64).map(|index| Location::Row(index + 2)).collect();
        TextTable::from_located_rows(path, headers, rows, locations)
    }

    /// Builds a table from text rows found at `locations` (JSON sources flatten their records
    /// into text cells and use this, so that one code path parses and checks values). `headers`
    /// name the fields the cells came from, e.g. `fields.summary`.
    pub fn from_located_rows(
        path: &Path,
        headers: Vec<String>,
        rows: &[Vec<Option<String>>],
        locations: Vec<Location>,
    ) -> TextTable {
        let columns = (0..headers.len())
            .map(|index| {
                let values: Vec<Option<&str>> =
                    rows.iter().map(|row| row.get(index).and_then(|cell| cell.as_deref())).collect();
                Column::new(index.to_string().into(), values)
            })
            .collect();
        // Every column has rows.len() values, so the frame is always valid.
        let mut frame = DataFrame::new(rows.len(), columns).expect("columns of equal length");
        let findings = cell_checks::check_cells(&mut frame, &headers, None, &|index| locations[index], {
            Some(super::json::LIST_SEPARATOR)
        });
        // Replacing a column by one of the same length and name cannot fail.
        let findings = findings.unwrap_or_default();
        TextTable {
            path: path.to_owned(),
            headers,
            frame,
            numbers_as_text: BTreeMap::new(),
            first_row: 2,
            chunk: false,
            locations: Some(locations),
            problems: vec![],
            cleaned: findings.cleaned,
            cleaned_count: findings.cleaned_count,
        }
    }

    /// Number of data rows.
    pub fn height(&self) -> usize {
        self.frame.height()
    }

    /// Whether the rows are a chunk of the file's ([`CsvRecords::Chunk`]), not all of them.
    pub fn is_chunk(&self) -> bool {
        self.chunk
    }

    /// Records read: the rows kept and those skipped as unreadable.
    pub fn records(&self) -> usize {
        self.height() + self.problems.len()
    }

    /// Where data row `index` is in the file (for CSV the spreadsheet row, header = 1).
    pub fn location(&self, index: usize) -> Location {
        match &self.locations {
            Some(locations) => locations[index],
            None => Location::Row(index as u64 + self.first_row),
        }
    }

    /// Position of the first header equal to `name`, ignoring case and surrounding space.
    pub fn position(&self, name: &str) -> Option<usize> {
        header_position(&self.headers, name)
    }

    /// Position of the first header matching any of `names`, in the order of `names`.
    pub fn position_of_any(&self, names: &[&str]) -> Option<usize> {
        header_position_of_any(&self.headers, names)
    }

    /// Positions of every header equal to `name` (a repeated Jira column).
    pub fn positions(&self, name: &str) -> Vec<usize> {
        (0..self.headers.len())
            .filter(|&index| self.headers[index].eq_ignore_ascii_case(name.trim()))
            .collect()
    }

    /// The text column at `position`. A column read as numbers is written out as text the
    /// first time it is asked for this way (its numbers as polars writes them).
    pub fn column(&self, position: usize) -> &StringChunked {
        let column = &self.frame.columns()[position];
        if let Ok(text) = column.str() {
            return text;
        }
        // Every column is built as String in this module, apart from those read as numbers.
        let text = self.numbers_as_text.get(&position).expect("text table columns are text or numbers");
        text.get_or_init(|| numbers_as_text(column))
    }

    /// The column at `position` if it was read as numbers: `Int64` for `Integer`, `Float64` for
    /// `Number`, every value finite.
    pub fn numbers(&self, position: usize) -> Option<&Column> {
        self.numbers_as_text.contains_key(&position).then(|| &self.frame.columns()[position])
    }
}

/// Position of the first of `headers` equal to `name`, ignoring case and surrounding space.
pub fn header_position(headers: &[String], name: &str) -> Option<usize> {
    headers.iter().position(|header| header.eq_ignore_ascii_case(name.trim()))
}

/// Position of the first of `headers` matching any of `names`, in the order of `names`.
pub fn header_position_of_any(headers: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|name| header_position(headers, name))
}

/// Every column `String` but those of `numbers`.
fn schema(width: usize, numbers: &[(usize, ColumnType)]) -> Schema {
    let dtype = |index: usize| match numbers.iter().find(|(position, _)| *position == index) {
        Some((_, ColumnType::Integer)) => DataType::Int64,
        Some((_, ColumnType::Number)) => DataType::Float64,
        _ => DataType::String,
    };
    (0..width).map(|index| Field::new(index.to_string().into(), dtype(index))).collect()
}

/// Whether every number of the frame's number columns is finite (polars reads `NaN` and `inf`).
fn numbers_are_finite(frame: &DataFrame) -> bool {
    frame
        .columns()
        .iter()
        .filter_map(|column| column.f64().ok())
        .all(|numbers| numbers.downcast_iter().all(|chunk| chunk.non_null_values_iter().all(f64::is_finite)))
}

fn numbers_as_text(column: &Column) -> StringChunked {
    // Numbers always cast to text; the fallback is never taken.
    let text = column.cast(&DataType::String).ok().and_then(|text| text.str().ok().cloned());
    text.unwrap_or_else(|| StringChunked::full_null(column.name().clone(), column.len()))
}

/// The records read by polars, `numbers` as numbers and the rest as text; the columns at
/// `unread` are left out of the read and put back all null.
fn read_with_polars(
    path: &Path,
    records: CsvRecords<'_>,
    width: usize,
    numbers: &[(usize, ColumnType)],
    unread: &[usize],
) -> PolarsResult<DataFrame> {
    let read: Vec<usize> = (0..width).filter(|position| !unread.contains(position)).collect();
    let options = CsvReadOptions::default()
        .with_has_header(matches!(records, CsvRecords::WholeFile))
        .with_schema(Some(Arc::new(schema(width, numbers))))
        .with_projection((!unread.is_empty()).then(|| Arc::new(read)))
        .with_raise_if_empty(false);
    let frame = match records {
        CsvRecords::WholeFile => {
            options.with_path(Some(path)).try_into_reader_with_file_path(None)?.finish()?
        }
        CsvRecords::Chunk { bytes, .. } => {
            options.into_reader_with_file_handle(std::io::Cursor::new(bytes)).finish()?
        }
    };
    if unread.is_empty() {
        return Ok(frame);
    }
    let height = frame.height();
    let mut read_columns = frame.into_columns().into_iter();
    let columns = (0..width)
        .map(|position| match unread.contains(&position) {
            // Left unread: null, and free until it is looked at (polars allocates it zeroed).
            true => Ok(Column::full_null(position.to_string().into(), height, &DataType::String)),
            false => {
                read_columns.next().ok_or_else(|| polars_err!(ComputeError: "a projected column is missing"))
            }
        })
        .collect::<PolarsResult<Vec<_>>>()?;
    DataFrame::new(height, columns)
}

/// The slow, exact path: every record through the `csv` crate.
/// The cells of `unread` are neither checked nor kept, as on the fast path. A record with a
/// field that swallowed rows (a quote that never closed; see [`cell_checks`]) is reported at
/// the row where the quote opened and its lines are read again, each as a row of its own.
fn read_row_by_row(
    path: &Path,
    headers: Vec<String>,
    records: CsvRecords<'_>,
    strict: bool,
    unread: &[usize],
) -> Result<TextTable, LoadError> {
    let whole_file;
    let (bytes, has_header) = match records {
        CsvRecords::WholeFile => {
            whole_file =
                std::fs::read(path).map_err(|cause| LoadError::Io { path: path.to_owned(), cause })?;
            (&whole_file[..], true)
        }
        CsvRecords::Chunk { bytes, .. } => (bytes, false),
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(has_header).flexible(true).from_reader(bytes);
    let mut rows = RowCollector::new(path, &headers, strict, unread);
    let mut record = csv::ByteRecord::new();
    // The row of the reader's record 0: the header of a whole file, a chunk's first record.
    let record_zero_row = if has_header { 1 } else { records.first_row() };
    let mut row: u64 = records.first_row() - 1;
    loop {
        row += 1;
        let start = reader.position().byte() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let location = Location::Row(
                    error.position().map_or(row, |position| position.record() + record_zero_row),
                );
                let message = error.to_string();
                if strict || !matches!(error.kind(), csv::ErrorKind::Utf8 { .. }) {
                    return Err(LoadError::MalformedCsv { path: path.to_owned(), location, message });
                }
                rows.problems.push(Problem::new(location, None, "UTF-8 text", &message));
                continue;
            }
        }
        match rows.swallowing_field(&record) {
            None => rows.take(&record, row)?,
            Some(column) => {
                let end = reader.position().byte() as usize;
                row = rows.read_swallowed_lines(&bytes[start..end], column, row)?;
            }
        }
        rows.previous_first_field = record.get(0).map(<[u8]>::to_vec);
    }
    let RowCollector { cells, locations, problems, .. } = rows;
    let height = locations.len();
    let columns = (cells.into_iter().enumerate())
        .map(|(index, values)| Column::new(index.to_string().into(), values))
        .collect();
    let mut frame = DataFrame::new(height, columns).map_err(LoadError::frame(path))?;
    let findings = cell_checks::check_cells(&mut frame, &headers, None, &|index| locations[index], None)
        .map_err(LoadError::frame(path))?;
    let table = TextTable {
        path: path.to_owned(),
        headers,
        frame,
        numbers_as_text: BTreeMap::new(),
        first_row: 2,
        chunk: matches!(records, CsvRecords::Chunk { .. }),
        locations: Some(locations),
        problems,
        cleaned: findings.cleaned,
        cleaned_count: findings.cleaned_count,
    };
    table.fail_if_strict(strict)
}

/// The cells of the records read so far, column by column, and the rows that were skipped.
struct RowCollector<'a> {
    path: &'a Path,
    headers: &'a [String],
    strict: bool,
    unread: &'a [usize],
    cells: Vec<Vec<Option<String>>>,
    locations: Vec<Location>,
    problems: Vec<Problem>,
    /// The first field of the record before, to tell what a row of the file starts with.
    previous_first_field: Option<Vec<u8>>,
}

impl<'a> RowCollector<'a> {
    fn new(path: &'a Path, headers: &'a [String], strict: bool, unread: &'a [usize]) -> Self {
        RowCollector {
            path,
            headers,
            strict,
            unread,
            cells: vec![Vec::new(); headers.len()],
            locations: Vec::new(),
            problems: Vec::new(),
            previous_first_field: None,
        }
    }

    /// Takes `record`, found at spreadsheet row `row`, or reports it: more fields than the
    /// header, or a cell that is no UTF-8.
    fn take(&mut self, record: &csv::ByteRecord, row: u64) -> Result<(), LoadError> {
        let width = self.headers.len();
        let problem = if record.len() > width {
            Some(Problem::new(
                Location::Row(row),
                None,
                format!("{width} fields like the header"),
                &format!("{} fields", record.len()),
            ))
        } else {
            let is_text = |(index, cell): &(usize, &[u8])| {
                self.unread.contains(index) || std::str::from_utf8(cell).is_ok()
            };
            record.iter().enumerate().find(|cell| !is_text(cell)).map(|(index, _)| {
                Problem::new(
                    Location::Row(row),
                    self.headers.get(index).map(String::as_str),
                    "UTF-8 text",
                    &String::from_utf8_lossy(&record[index]),
                )
            })
        };
        if let Some(problem) = problem {
            return self.skip(problem);
        }
        for (index, column) in self.cells.iter_mut().enumerate() {
            let cell = if self.unread.contains(&index) { b"" } else { record.get(index).unwrap_or_default() };
            // Checked above: every cell is valid UTF-8.
            let text = std::str::from_utf8(cell).unwrap_or_default();
            column.push((!text.is_empty()).then(|| text.to_owned()));
        }
        self.locations.push(Location::Row(row));
        Ok(())
    }

    /// Reports a row that is skipped, or with `--strict` fails on it.
    fn skip(&mut self, problem: Problem) -> Result<(), LoadError> {
        if self.strict {
            return Err(LoadError::BadValue { path: self.path.to_owned(), problem });
        }
        self.problems.push(problem);
        Ok(())
    }

    /// The position of a field of `record` that swallowed rows, if one did.
    fn swallowing_field(&self, record: &csv::ByteRecord) -> Option<usize> {
        let width = self.headers.len();
        let text = |cell: &[u8]| std::str::from_utf8(cell).ok().map(str::to_owned);
        let own_first = record.get(0).and_then(text);
        let previous_first = self.previous_first_field.as_deref().and_then(text);
        (0..record.len().min(width)).filter(|index| !self.unread.contains(index)).find(|&index| {
            let Some(field) = record.get(index).and_then(text) else { return false };
            let own = if index == 0 { None } else { own_first.as_deref() };
            cell_checks::could_hold_a_row(&field, width)
                && [own, previous_first.as_deref()]
                    .into_iter()
                    .flatten()
                    .any(|first| cell_checks::swallows_rows(&field, first, width))
        })
    }

    /// Reads the raw lines of a record whose field at `column` swallowed rows: its first line
    /// (where the quote opened, at `row`) is reported and skipped, and every other line is read
    /// as a record of its own. Returns the row of the last line.
    fn read_swallowed_lines(&mut self, raw: &[u8], column: usize, row: u64) -> Result<u64, LoadError> {
        let lines: Vec<&[u8]> = (raw.split(|&byte| byte == b'\n'))
            .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
            .filter(|line| !line.is_empty())
            .collect();
        let swallowed = lines.len().saturating_sub(1);
        let expected = format!(
            "a closing quote: the quote that opens this field never closes, and took in the next \
             {swallowed} lines (each is read again as a row)"
        );
        let opening = String::from_utf8_lossy(lines.first().copied().unwrap_or_default());
        let header = self.headers.get(column).map(String::as_str);
        self.skip(Problem::new(Location::Row(row), header, expected, &opening))?;
        let mut line_row = row;
        for line in lines.into_iter().skip(1) {
            line_row += 1;
            let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(line);
            let mut record = csv::ByteRecord::new();
            match reader.read_byte_record(&mut record) {
                Ok(true) => self.take(&record, line_row)?,
                Ok(false) => {}
                Err(error) => {
                    self.skip(Problem::new(Location::Row(line_row), None, "a CSV row", &error.to_string()))?
                }
            }
        }
        Ok(line_row)
    }
}

/// Whether `headers` has `name`, ignoring case and surrounding space.
pub fn has_header(headers: &[String], name: &str) -> bool {
    headers.iter().any(|header| header.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::headers;

    fn write(content: &[u8]) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), content).unwrap();
        file
    }

    #[test]
    fn keeps_repeated_headers_in_order_and_reads_empty_cells_as_null() {
        let file = write(b"Key,Sprint,Sprint\nA-1,S1,S2\nA-2,,S3\n");
        let table =
            TextTable::read(file.path(), headers(&["Key", "Sprint", "Sprint"]), false, &ReadPlan::default())
                .unwrap();
        assert_eq!(table.positions("sprint"), vec![1, 2]);
        assert_eq!(table.column(1).get(1), None);
        assert_eq!(table.column(2).get(1), Some("S3"));
        assert_eq!(table.location(1), Location::Row(3));
    }

    #[test]
    fn number_columns_are_read_as_numbers_when_every_cell_is_one() {
        let plan =
            ReadPlan { numbers: vec![(1, ColumnType::Integer), (2, ColumnType::Number)], unread: vec![] };
        let headers = headers(&["Key", "Votes", "Weight"]);
        let file = write(b"Key,Votes,Weight\nA-1,3,2.5\nA-2,,1e3\n");
        let table = TextTable::read(file.path(), headers.clone(), false, &plan).unwrap();
        let votes = table.numbers(1).unwrap().i64().unwrap();
        assert_eq!(votes.iter().collect::<Vec<_>>(), [Some(3), None]);
        assert_eq!(table.numbers(2).unwrap().f64().unwrap().get(1), Some(1000.0));
        assert!(table.numbers(0).is_none());
        // Asked for as text, the numbers are written out.
        assert_eq!(table.column(1).get(0), Some("3"));

        // One cell that is no number, or a number refine does not take: all text.
        for content in [&b"Key,Votes,Weight\nA-1,3,2.5\nA-2,many,1\n"[..], b"Key,Votes,Weight\nA-1,3,inf\n"] {
            let file = write(content);
            let table = TextTable::read(file.path(), headers.clone(), false, &plan).unwrap();
            assert!(table.numbers(1).is_none() && table.numbers(2).is_none());
            assert_eq!(table.column(1).get(0), Some("3"));
        }
    }

    #[test]
    fn unread_columns_are_null_and_unchecked_on_both_paths() {
        let plan =
            ReadPlan { numbers: vec![(1, ColumnType::Integer), (2, ColumnType::Integer)], unread: vec![2] };
        let headers = headers(&["Key", "Votes", "Notes"]);
        // Polars' path; the unread column is no number.
        let file = write(b"Key,Votes,Notes\nA-1,3,many\nA-2,,x\n");
        let table = TextTable::read(file.path(), headers.clone(), false, &plan).unwrap();
        assert_eq!((table.height(), table.problems.len()), (2, 0));
        assert_eq!(table.numbers(1).unwrap().i64().unwrap().get(0), Some(3));
        assert!(table.numbers(2).is_none());
        assert_eq!(table.column(2).null_count(), 2);
        assert_eq!(table.column(0).get(1), Some("A-2"));

        // The row-by-row path (a row with too many fields, or a cell that is no UTF-8, sends the
        // file there): the unread cell that is no UTF-8 is not reported.
        let file = write(b"Key,Votes,Notes\nA-1,3,caf\xe9\nA-2,,x,extra\nA-3,4,y\n");
        let table = TextTable::read(file.path(), headers, false, &plan).unwrap();
        assert_eq!(table.height(), 2);
        assert_eq!(table.problems.len(), 1);
        assert_eq!(table.problems[0].location, Location::Row(3));
        assert_eq!(table.column(2).null_count(), 2);
        assert_eq!(table.column(1).get(1), Some("4"));
    }

    #[test]
    fn a_row_with_too_many_fields_is_skipped_and_named() {
        let file = write(b"Key,Title\nA-1,one\nA-2,two,extra\nA-3,\"three\nlines\"\n");
        let table =
            TextTable::read(file.path(), headers(&["Key", "Title"]), false, &ReadPlan::default()).unwrap();
        assert_eq!(table.height(), 2);
        assert_eq!(table.problems.len(), 1);
        assert_eq!(table.problems[0].location, Location::Row(3));
        assert_eq!(table.location(1), Location::Row(4));
        assert_eq!(table.column(1).get(1), Some("three\nlines"));
    }

    #[test]
    fn strict_fails_on_the_first_ragged_row() {
        let file = write(b"Key,Title\nA-1,one\nA-2,two,extra\n");
        let error =
            TextTable::read(file.path(), headers(&["Key", "Title"]), true, &ReadPlan::default()).unwrap_err();
        assert!(matches!(
            error,
            LoadError::BadValue { problem: Problem { location: Location::Row(3), .. }, .. }
        ));
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_row_and_column() {
        let file = write(b"Key,Title\nA-1,caf\xe9\nA-2,ok\n");
        let table =
            TextTable::read(file.path(), headers(&["Key", "Title"]), false, &ReadPlan::default()).unwrap();
        assert_eq!(table.height(), 1);
        assert_eq!(table.problems[0].location, Location::Row(2));
        assert_eq!(table.problems[0].column.as_deref(), Some("Title"));
    }
}
