//! Turns the text columns of a [`TextTable`] into one canonical frame.
//!
//! A loader says which source column fills which canonical column ([`FrameBuilder::map`]),
//! which repeated columns form a list ([`FrameBuilder::list`]) and which columns it computed
//! itself ([`FrameBuilder::put`]). [`FrameBuilder::finish`] parses every mapped column to its
//! canonical type in parallel, turns each value that does not parse, and each missing required
//! value, into a [`Problem`] naming row and column, drops those rows (or, with `--strict`, fails
//! on the first) and conforms the frame. Values that parse but that no team could mean (1.7e308
//! points, a negative estimate, a date in year 9999) are problems too, and only their cell is
//! left empty ([`limits`]).

use polars::prelude::*;
use rayon::prelude::*;

use super::error::{LoadError, Problem};
use super::text_table::TextTable;
use super::{SourceColumn, description};
use crate::model::dates;
use crate::model::numbers::parse_number;
use crate::model::row_tasks::chunk_rows;
use crate::model::status::{CategorySource, StatusRules};
use crate::model::{self, ColumnType, StatusCategory, Table, items};

pub mod limits;

pub use super::error::PROBLEM_DETAIL_LIMIT;

/// A canonical frame built from a text table, with what was wrong in it.
#[derive(Debug, Clone)]
pub struct BuiltFrame {
    /// The canonical frame, bad rows removed.
    pub frame: DataFrame,
    /// Problems in detail (at most [`PROBLEM_DETAIL_LIMIT`]).
    pub problems: Vec<Problem>,
    /// Rows dropped because of a problem.
    pub skipped_rows: usize,
    /// Every problem, including those not kept in detail.
    pub problem_count: usize,
    /// Which source column fed which canonical column.
    pub columns: Vec<SourceColumn>,
}

enum Source<'a> {
    /// One text column parsed to the target's type.
    Parsed { position: usize },
    /// One text column parsed as a number and divided by `divisor` (a unit conversion).
    Scaled { position: usize, divisor: f64 },
    /// Several text columns (and/or separated cells) collected into a list.
    List { positions: Vec<usize>, separator: Option<char> },
    /// A column the loader computed.
    Ready { column: Column, positions: Vec<usize> },
    /// A column derived from text columns while the others are parsed, in parallel with them.
    Derived { positions: Vec<usize>, derivation: Derivation<'a> },
}

/// Columns refine derives from others.
#[derive(Clone, Copy)]
enum Derivation<'a> {
    /// `description_len` from the description (position 0).
    DescriptionLength,
    /// `has_acceptance_criteria` from the description (position 0) and, when the tracker has
    /// one, its acceptance-criteria field (position 1).
    AcceptanceCriteria,
    /// `status_category` from the status (position 0) and the tracker's own category
    /// (position 1, optional).
    StatusCategory(&'a StatusRules),
    /// `status_category_guessed` from the same columns: whether that category is a guess. Not
    /// listed as a mapping of its source columns: it says how `status_category` was found.
    StatusCategoryGuessed(&'a StatusRules),
}

/// Collects the mapping of one canonical table; see the module documentation.
pub struct FrameBuilder<'a> {
    table: Table,
    text: &'a TextTable,
    targets: Vec<(&'static str, Source<'a>)>,
    /// Problems the loader found itself, by data row: (row index, problem, whether the row stays).
    reported: Vec<(usize, Problem, bool)>,
}

impl<'a> FrameBuilder<'a> {
    /// A builder for `table` reading from `text`.
    pub fn new(table: Table, text: &'a TextTable) -> Self {
        FrameBuilder { table, text, targets: Vec::new(), reported: Vec::new() }
    }

    /// Fills `target` from the source column at `position`, parsed to the target's type.
    pub fn map(&mut self, target: &'static str, position: usize) -> &mut Self {
        self.targets.push((target, Source::Parsed { position }));
        self
    }

    /// Fills the number column `target` from the source column at `position`, divided by
    /// `divisor` (seconds to hours: 3600, as `jira_common::seconds_to_hours` divides,
    /// so a CSV and a JSON export of one issue give the same hours to the last bit); a value
    /// that is not a number is a problem of that source column.
    pub fn map_scaled(&mut self, target: &'static str, position: usize, divisor: f64) -> &mut Self {
        self.targets.push((target, Source::Scaled { position, divisor }));
        self
    }

    /// Fills `target` from the first source column named like any of `headers`; returns whether
    /// one was found.
    pub fn map_any(&mut self, target: &'static str, headers: &[&str]) -> bool {
        match self.text.position_of_any(headers) {
            Some(position) => {
                self.map(target, position);
                true
            }
            None => false,
        }
    }

    /// Fills the list column `target` from the non-empty cells of `positions`, each cell split at
    /// `separator` when one is given.
    pub fn list(
        &mut self,
        target: &'static str,
        positions: Vec<usize>,
        separator: Option<char>,
    ) -> &mut Self {
        if !positions.is_empty() {
            self.targets.push((target, Source::List { positions, separator }));
        }
        self
    }

    /// Puts a column the loader computed from the source columns at `positions`. Its values are
    /// taken as they are (cast to the canonical type, which must not fail).
    pub fn put(&mut self, target: &'static str, column: Column, positions: Vec<usize>) -> &mut Self {
        self.targets.push((target, Source::Ready { column, positions }));
        self
    }

    /// Fills the items' `description`, `description_len` and `has_acceptance_criteria` from the
    /// description column at `position`; when the tracker keeps acceptance criteria in a field
    /// of their own (`criteria`), a non-empty value there counts too.
    pub fn description(&mut self, position: usize, criteria: Option<usize>) -> &mut Self {
        let mut sources = vec![position];
        sources.extend(criteria);
        self.map(items::DESCRIPTION, position);
        self.derive(items::DESCRIPTION_LEN, vec![position], Derivation::DescriptionLength);
        self.derive(items::HAS_ACCEPTANCE_CRITERIA, sources, Derivation::AcceptanceCriteria)
    }

    /// Fills the items' `status` from the column at `position` and `status_category` from
    /// refine.toml's `[status]`, the tracker's own category (column `category`, Jira's names or
    /// keys) and the common status names, in that order; `status_category_guessed` says which
    /// rows' category came from the common names (unless the file gives that column itself).
    pub fn status(
        &mut self,
        position: usize,
        category: Option<usize>,
        status_rules: &'a StatusRules,
    ) -> &mut Self {
        let mut sources = vec![position];
        sources.extend(category);
        self.map(items::STATUS, position);
        if !self.has(items::STATUS_CATEGORY_GUESSED) {
            let guessed = Derivation::StatusCategoryGuessed(status_rules);
            self.derive(items::STATUS_CATEGORY_GUESSED, sources.clone(), guessed);
        }
        self.derive(items::STATUS_CATEGORY, sources, Derivation::StatusCategory(status_rules))
    }

    fn derive(
        &mut self,
        target: &'static str,
        positions: Vec<usize>,
        derivation: Derivation<'a>,
    ) -> &mut Self {
        self.targets.push((target, Source::Derived { positions, derivation }));
        self
    }

    /// Fills canonical columns from source positions (canonical name → the positions that hold
    /// it) by the rules every loader shares: a list column collects all its positions, each cell
    /// split at `list_separator` when given; an item's description also gives its length and
    /// acceptance criteria, its status the category (from a `status_category` position when there
    /// is one); a column already filled is left as it is; and for items without a rank, the rows'
    /// order is the rank.
    pub fn map_columns(
        &mut self,
        columns: &[(&'static str, Vec<usize>)],
        list_separator: Option<char>,
        status_rules: &'a StatusRules,
    ) -> &mut Self {
        let is_items = self.table == Table::Items;
        let first = |name: &str| {
            columns
                .iter()
                .find(|(column, _)| *column == name)
                .and_then(|(_, positions)| positions.first().copied())
        };
        for (column, positions) in columns {
            let Some(&position) = positions.first() else { continue };
            let is_list =
                self.table.column(column).is_some_and(|spec| spec.column_type == ColumnType::TextList);
            match *column {
                _ if self.has(column) => {}
                _ if is_list => {
                    self.list(column, positions.clone(), list_separator);
                }
                items::DESCRIPTION if is_items => {
                    self.description(position, None);
                }
                items::STATUS if is_items => {
                    self.status(position, first(items::STATUS_CATEGORY), status_rules);
                }
                items::STATUS_CATEGORY if is_items => {}
                _ => {
                    self.map(column, position);
                }
            }
        }
        if is_items && !self.has(items::RANK) {
            self.source_order_rank();
        }
        self
    }

    /// Fills the items' `rank` with the order of the rows in the file (1 = first row), for
    /// exports listed in backlog order.
    pub fn source_order_rank(&mut self) -> &mut Self {
        let ranks: Int64Chunked = (1..=self.text.height() as i64).map(Some).collect();
        self.put(items::RANK, ranks.into_column(), Vec::new())
    }

    /// Adds a problem the loader found itself in data row `index`: a value that parses but that
    /// the format does not allow (a card that is no card, a rating of 7). The row is dropped
    /// like a row whose value does not parse, unless `keep_row` (the loader has already left the
    /// bad value out of the column it put). Either way it is counted, and `--strict` fails on it.
    pub fn report(&mut self, index: usize, problem: Problem, keep_row: bool) -> &mut Self {
        self.reported.push((index, problem, keep_row));
        self
    }

    /// Whether `target` is already filled.
    pub fn has(&self, target: &str) -> bool {
        self.targets.iter().any(|(name, _)| *name == target)
    }

    /// Parses, checks and conforms; see the module documentation.
    pub fn finish(self, strict: bool) -> Result<BuiltFrame, LoadError> {
        let text = self.text;
        let table = self.table;
        let height = text.height();
        let converted: Vec<(Column, Vec<(usize, Problem)>)> =
            self.targets.par_iter().map(|(target, source)| convert(table, target, source, text)).collect();

        let mut failures: Vec<(usize, Problem)> =
            converted.iter().flat_map(|(_, failures)| failures.iter().cloned()).collect();
        let mut columns: Vec<Column> = converted.into_iter().map(|(column, _)| column).collect();
        let mut checked: Vec<limits::Checked<'_>> = (columns.iter_mut().zip(&self.targets))
            .map(|(column, (target, source))| limits::Checked {
                target,
                column,
                source: first_position(source),
                parsed: matches!(source, Source::Parsed { .. } | Source::Scaled { .. }),
            })
            .collect();
        let out_of_limits = limits::check(table, &mut checked, text);
        // What the loader reported and what is out of limits: the row dropped, or only counted.
        let mut kept: Vec<(usize, Problem)> = Vec::new();
        for (index, problem, keep_row) in self.reported.into_iter().chain(out_of_limits) {
            if keep_row { kept.push((index, problem)) } else { failures.push((index, problem)) }
        }
        for spec in table.columns().iter().filter(|spec| spec.required) {
            let Some(column) = columns.iter().find(|column| column.name() == spec.name) else {
                return Err(LoadError::MissingColumn {
                    path: text.path.clone(),
                    format: format!("{table} table"),
                    column: spec.name.to_owned(),
                    found: crate::model::wording::list_for_message(&text.headers),
                });
            };
            let source = self
                .targets
                .iter()
                .find(|(name, _)| *name == spec.name)
                .and_then(|(_, source)| first_position(source));
            let header = source.map(|position| text.headers[position].as_str());
            // A value that failed to parse is null too; it is reported once, as unparseable.
            let already_reported: std::collections::BTreeSet<usize> = failures
                .iter()
                .filter(|(_, problem)| problem.column.as_deref() == header)
                .map(|(index, _)| *index)
                .collect();
            for index in null_rows(column).into_iter().filter(|index| !already_reported.contains(index)) {
                failures.push((index, Problem::new(text.location(index), header, "a value", "")));
            }
        }

        let mut bad = vec![false; height];
        for (index, _) in &failures {
            if let Some(is_bad) = bad.get_mut(*index) {
                *is_bad = true;
            }
        }
        for (index, problem) in duplicate_keys(table, &self.targets, &columns, &bad, text) {
            bad[index] = true;
            failures.push((index, problem));
        }
        failures.extend(kept);
        failures.sort_by_key(|(index, _)| *index);
        if strict && let Some((_, problem)) = failures.first() {
            return Err(LoadError::BadValue { path: text.path.clone(), problem: problem.clone() });
        }
        let skipped_rows = bad.iter().filter(|&&is_bad| is_bad).count();
        // A chunk's rows are some of the file's: whether all of them were bad is known at the
        // end of the file (see `feedback_stream`).
        if skipped_rows > 0 && skipped_rows == height && !text.is_chunk() {
            return Err(LoadError::AllRowsRejected {
                path: text.path.clone(),
                rows: height,
                first: failures[0].1.clone(),
            });
        }
        let frame =
            DataFrame::new(height, std::mem::take(&mut columns)).map_err(LoadError::frame(&text.path))?;
        let frame = if skipped_rows > 0 {
            let keep: BooleanChunked = bad.iter().map(|&is_bad| !is_bad).collect();
            frame.filter(&keep).map_err(LoadError::frame(&text.path))?
        } else {
            frame
        };
        let frame = model::conform(table, frame).map_err(LoadError::frame(&text.path))?;
        // Rows the text table skipped, then cells it cleaned (their rows are kept), then values.
        let problem_count = failures.len() + text.problems.len() + text.cleaned_count;
        let problems = (text.problems.iter().chain(&text.cleaned))
            .cloned()
            .chain(failures.into_iter().map(|(_, problem)| problem))
            .take(PROBLEM_DETAIL_LIMIT)
            .collect();
        Ok(BuiltFrame {
            frame,
            problems,
            skipped_rows: skipped_rows + text.problems.len(),
            problem_count,
            columns: self
                .targets
                .iter()
                .flat_map(|(target, source)| source_columns(table, target, source, text))
                .collect(),
        })
    }
}

/// Items whose key an earlier row of the file already gave: each is a problem (the duplicate's
/// row, the key's column, the key and the row it repeats) and its row is dropped, so the first row
/// of a key is the item. Rows dropped for another problem neither count as first nor repeat.
fn duplicate_keys(
    table: Table,
    targets: &[(&'static str, Source)],
    columns: &[Column],
    bad: &[bool],
    text: &TextTable,
) -> Vec<(usize, Problem)> {
    let keys = columns.iter().find(|column| column.name() == items::KEY).and_then(|keys| keys.str().ok());
    let (Table::Items, Some(keys)) = (table, keys) else { return Vec::new() };
    let source =
        targets.iter().find(|(name, _)| *name == items::KEY).and_then(|(_, source)| first_position(source));
    let header = source.map(|position| text.headers[position].as_str());
    let mut first_rows: PlHashMap<&str, usize> = PlHashMap::with_capacity(keys.len());
    let mut duplicates = Vec::new();
    for (index, key) in keys.iter().enumerate() {
        let Some(key) = key.filter(|_| !bad[index]) else { continue };
        let first = *first_rows.entry(key).or_insert(index);
        if first != index {
            let found = format!(
                "{}, already the key of {}",
                crate::model::wording::shorten(key, 30),
                text.location(first)
            );
            duplicates.push((
                index,
                Problem::new(text.location(index), header, "a key no earlier row has", &found),
            ));
        }
    }
    duplicates
}

fn first_position(source: &Source) -> Option<usize> {
    source_positions(source).first().copied()
}

fn source_positions(source: &Source) -> Vec<usize> {
    match source {
        Source::Parsed { position } | Source::Scaled { position, .. } => vec![*position],
        Source::List { positions, .. }
        | Source::Ready { positions, .. }
        | Source::Derived { positions, .. } => positions.clone(),
    }
}

fn source_columns(table: Table, target: &str, source: &Source, text: &TextTable) -> Vec<SourceColumn> {
    if let Source::Derived { derivation: Derivation::StatusCategoryGuessed(_), .. } = source {
        return Vec::new();
    }
    source_positions(source)
        .into_iter()
        .map(|position| SourceColumn::new(&text.headers[position], table, target))
        .collect()
}

fn null_rows(column: &Column) -> Vec<usize> {
    if column.null_count() == 0 {
        return Vec::new();
    }
    let mask = column.is_null();
    mask.iter().enumerate().filter_map(|(index, is_null)| (is_null == Some(true)).then_some(index)).collect()
}

/// Text that stands for "no value" in the exports we read (TAWOS writes `NULL`).
pub fn is_missing(text: &str) -> bool {
    const MARKERS: [&str; 6] = ["null", "none", "n/a", "na", "-", "<null>"];
    // Most cells are values: anything longer than the longest marker is one.
    if text.len() > 16 {
        return false;
    }
    let text = text.trim();
    text.is_empty() || MARKERS.iter().any(|marker| text.eq_ignore_ascii_case(marker))
}

/// Parses a whole number; `3.0` is 3, `3.5` is not a whole number.
pub fn parse_integer(text: &str) -> Option<i64> {
    let text = text.trim();
    text.parse::<i64>().ok().or_else(|| {
        let number = text.parse::<f64>().ok()?;
        (number.fract() == 0.0 && number.abs() < 9.0e15).then_some(number as i64)
    })
}

/// Parses true/false, yes/no, y/n, 1/0.
pub fn parse_boolean(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Some(true),
        "false" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

/// What a column of this type should hold, for messages.
pub fn expected(column_type: ColumnType) -> &'static str {
    match column_type {
        ColumnType::Text | ColumnType::TextList => "text",
        ColumnType::Integer => "a whole number",
        ColumnType::Number => "a number",
        ColumnType::Boolean => "true or false",
        ColumnType::Timestamp => dates::ACCEPTED_FORMS,
    }
}

fn convert(
    table: Table,
    target: &'static str,
    source: &Source,
    text: &TextTable,
) -> (Column, Vec<(usize, Problem)>) {
    let column_type = table.column(target).map_or(ColumnType::Text, |spec| spec.column_type);
    match source {
        Source::Parsed { position } => parse_column(target, column_type, *position, text),
        Source::Scaled { position, divisor } => {
            let (column, failures) = parse_column(target, ColumnType::Number, *position, text);
            // Divided value by value: polars' `ChunkedArray / scalar` multiplies by the
            // reciprocal, which can differ in the last bit.
            let scaled =
                column.f64().expect("numbers parse to Float64").apply_values(|value| value / *divisor);
            (scaled.into_column(), failures)
        }
        Source::List { positions, separator } => {
            (collect_list(target, positions, *separator, text), Vec::new())
        }
        Source::Ready { column, .. } => {
            let mut column = column.clone();
            column.rename(target.into());
            (column, Vec::new())
        }
        Source::Derived { positions, derivation } => {
            (derive(target, positions, *derivation, text), Vec::new())
        }
    }
}

/// The cells of an optional column, or nulls without end when there is none.
fn cells_or_nulls(column: Option<&StringChunked>) -> Box<dyn Iterator<Item = Option<&str>> + '_> {
    match column {
        Some(column) => Box::new(column.iter()),
        None => Box::new(std::iter::repeat(None)),
    }
}

fn derive(target: &'static str, positions: &[usize], derivation: Derivation, text: &TextTable) -> Column {
    let name = PlSmallStr::from_static(target);
    let first = text.column(positions[0]);
    let second = positions.get(1).map(|&position| text.column(position));
    match derivation {
        Derivation::DescriptionLength => first
            .iter()
            .map(|text| text.map(description::description_length))
            .collect::<Int64Chunked>()
            .with_name(name)
            .into_column(),
        Derivation::AcceptanceCriteria => first
            .iter()
            .zip(cells_or_nulls(second))
            .map(|(description, field)| {
                let stated = field.is_some_and(|field| !field.trim().is_empty());
                Some(stated || description.is_some_and(description::has_acceptance_criteria))
            })
            .collect::<BooleanChunked>()
            .with_name(name)
            .into_column(),
        Derivation::StatusCategory(status_rules) => {
            decide_statuses(first, second, status_rules, |(category, _)| category.name())
                .collect::<StringChunked>()
                .with_name(name)
                .into_column()
        }
        Derivation::StatusCategoryGuessed(status_rules) => {
            decide_statuses(first, second, status_rules, |(_, source)| source.is_guess())
                .collect::<BooleanChunked>()
                .with_name(name)
                .into_column()
        }
    }
}

/// Each row's status category as `status_rules` decides it (from the status and the tracker's
/// category), read by `pick`; `None` for a row without a status or whose status has none.
fn decide_statuses<'t, T: Copy + 't>(
    statuses: &'t StringChunked,
    trackers: Option<&'t StringChunked>,
    status_rules: &'t StatusRules,
    pick: impl Fn((StatusCategory, CategorySource)) -> T + 't,
) -> impl Iterator<Item = Option<T>> + 't {
    // Few distinct statuses, many rows: decide each pair once.
    let mut known: PlHashMap<(&str, Option<&str>), Option<T>> = PlHashMap::default();
    statuses.iter().zip(cells_or_nulls(trackers)).map(move |(status, tracker)| {
        let status = status?;
        *known.entry((status, tracker)).or_insert_with(|| status_rules.decide(status, tracker).map(&pick))
    })
}

fn parse_column(
    target: &'static str,
    column_type: ColumnType,
    position: usize,
    text: &TextTable,
) -> (Column, Vec<(usize, Problem)>) {
    let name = PlSmallStr::from_static(target);
    // Read as numbers of the target's type: every value parsed and finite already.
    let numbers = text.numbers(position).filter(|numbers| match column_type {
        ColumnType::Integer => numbers.dtype() == &DataType::Int64,
        ColumnType::Number => numbers.dtype() == &DataType::Float64,
        _ => false,
    });
    if let Some(numbers) = numbers {
        return (numbers.clone().with_name(name), Vec::new());
    }
    let values = text.column(position);
    let header = text.headers[position].as_str();
    let mut failures = Vec::new();
    let mut fail = |index: usize, found: &str| {
        failures
            .push((index, Problem::new(text.location(index), Some(header), expected(column_type), found)));
    };
    let column = match column_type {
        ColumnType::Text | ColumnType::TextList => trimmed_text(values).with_name(name).into_column(),
        ColumnType::Integer => {
            parse_values::<Int64Type>(values, &mut fail, parse_integer).with_name(name).into_column()
        }
        ColumnType::Number => {
            parse_values::<Float64Type>(values, &mut fail, parse_number).with_name(name).into_column()
        }
        ColumnType::Boolean => values
            .iter()
            .enumerate()
            .map(|(index, value)| parse_value(index, value, &mut fail, parse_boolean))
            .collect::<BooleanChunked>()
            .with_name(name)
            .into_column(),
        ColumnType::Timestamp => parse_values::<Int64Type>(values, &mut fail, dates::parse_timestamp)
            .with_name(name)
            .into_column()
            .cast(&column_type.dtype())
            .expect("Int64 casts to Datetime"),
    };
    (column, failures)
}

/// The text with surrounding space trimmed and blank cells as null. Exports rarely need it, so
/// a clean column is shared as it is rather than copied (descriptions are most of a file).
fn trimmed_text(values: &StringChunked) -> StringChunked {
    // Only the ends can need trimming: looking at them is cheaper than `trim` on every cell.
    let is_clean = |value: &str| {
        !value.is_empty() && !value.starts_with(char::is_whitespace) && !value.ends_with(char::is_whitespace)
    };
    if values.iter().all(|value| value.is_none_or(is_clean)) {
        return values.clone();
    }
    values.iter().map(|value| value.map(str::trim).filter(|value| !value.is_empty())).collect()
}

/// Parses every non-missing value; each one that does not parse is reported through `fail`
/// (in row order) and becomes null. The column's chunks are parsed in parallel (a CSV read gives
/// one chunk per parsing task).
fn parse_values<T: PolarsNumericType>(
    values: &StringChunked,
    fail: &mut impl FnMut(usize, &str),
    parse: impl Fn(&str) -> Option<T::Native> + Sync,
) -> ChunkedArray<T> {
    // Each chunk's values, and the values that failed to parse with their rows.
    type Part<'v, T> = (ChunkedArray<T>, Vec<(usize, &'v str)>);
    let chunks: Vec<_> = chunk_rows(values).collect();
    let parts: Vec<Part<'_, T>> = chunks
        .into_par_iter()
        .map(|(rows, chunk)| {
            let mut failed = Vec::new();
            let mut fail_here = |index, found| failed.push((index, found));
            let part = (rows.zip(chunk.iter()))
                .map(|(row, value)| parse_value(row, value, &mut fail_here, &parse))
                .collect();
            (part, failed)
        })
        .collect();
    for (index, found) in parts.iter().flat_map(|(_, failed)| failed) {
        fail(*index, found);
    }
    ChunkedArray::from_chunk_iter(
        PlSmallStr::EMPTY,
        parts.iter().flat_map(|(part, _)| part.downcast_iter().cloned()),
    )
}

fn parse_value<'v, V>(
    index: usize,
    value: Option<&'v str>,
    fail: &mut impl FnMut(usize, &'v str),
    parse: impl Fn(&str) -> Option<V>,
) -> Option<V> {
    let value = value.filter(|value| !is_missing(value))?;
    let parsed = parse(value);
    if parsed.is_none() {
        fail(index, value);
    }
    parsed
}

fn collect_list(
    target: &'static str,
    positions: &[usize],
    separator: Option<char>,
    text: &TextTable,
) -> Column {
    // One iterator per column, advanced together: random access per cell costs a chunk lookup.
    let mut columns: Vec<_> = positions.iter().map(|&position| text.column(position).iter()).collect();
    let mut builder =
        ListStringChunkedBuilder::new(target.into(), text.height(), text.height() * positions.len());
    let mut row: Vec<&str> = Vec::new();
    for _ in 0..text.height() {
        row.clear();
        for column in &mut columns {
            if let Some(Some(cell)) = column.next() {
                match separator {
                    Some(separator) => {
                        row.extend(cell.split(separator).map(str::trim).filter(|value| !value.is_empty()))
                    }
                    None => row.extend(Some(cell.trim()).filter(|value| !value.is_empty())),
                }
            }
        }
        builder.append_values_iter(row.iter().copied());
    }
    builder.finish().into_column()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Location;
    use crate::load::test_support::text_table as table;
    use crate::model::{history, votes};

    #[test]
    fn a_status_category_found_by_the_common_names_is_marked_guessed_and_not_listed_as_a_mapping() {
        let text = table(
            &["Key", "Status", "Category"],
            &[
                &["A-1", "Open", ""],
                &["A-2", "Open", "done"],
                &["A-3", "Parked", ""],
                &["A-4", "Waiting", ""],
                &["A-5", "", ""],
            ],
        );
        let rules: StatusRules = toml::from_str("\"Parked\" = \"todo\"\n").unwrap();
        let mut builder = FrameBuilder::new(Table::Items, &text);
        builder.map(items::KEY, 0).status(1, Some(2), &rules);
        let built = builder.finish(false).unwrap();
        let category = built.frame.column(items::STATUS_CATEGORY).unwrap().str().unwrap().clone();
        let guessed = built.frame.column(items::STATUS_CATEGORY_GUESSED).unwrap().bool().unwrap().clone();
        // A-1 by name (guessed), A-2 by the export, A-3 by [status], A-4 not at all, A-5 no status.
        assert_eq!(
            category.iter().collect::<Vec<_>>(),
            [Some("todo"), Some("done"), Some("todo"), None, None]
        );
        assert_eq!(guessed.iter().collect::<Vec<_>>(), [Some(true), Some(false), Some(false), None, None]);
        let targets: Vec<_> = built.columns.iter().filter_map(|column| column.target.as_deref()).collect();
        assert!(!targets.contains(&"items.status_category_guessed"), "{targets:?}");
    }

    #[test]
    fn parses_types_collects_lists_and_conforms() {
        let text = table(
            &["Key", "Points", "Created", "Label", "Label"],
            &[&["A-1", "3.0", "04/Jan/10 11:10 AM", "ui", ""], &["A-2", "NULL", "2024-01-02", "api", "ux"]],
        );
        let mut builder = FrameBuilder::new(Table::Items, &text);
        builder.map(items::KEY, 0).map(items::ESTIMATE, 1).map(items::CREATED, 2).list(
            items::LABELS,
            vec![3, 4],
            None,
        );
        let built = builder.finish(false).unwrap();
        assert_eq!(built.skipped_rows, 0);
        let frame = built.frame;
        assert_eq!(frame.column(items::ESTIMATE).unwrap().f64().unwrap().get(0), Some(3.0));
        assert_eq!(frame.column(items::ESTIMATE).unwrap().f64().unwrap().get(1), None);
        let labels = frame.column(items::LABELS).unwrap().list().unwrap().get_as_series(1).unwrap();
        assert_eq!(labels.str().unwrap().iter().flatten().collect::<Vec<_>>(), ["api", "ux"]);
        assert_eq!(built.columns.len(), 5);
        assert_eq!(built.columns[3].target.as_deref(), Some("items.labels"));
    }

    #[test]
    fn chunks_parse_in_parallel_and_report_failures_in_row_order_with_their_rows() {
        let mut values = StringChunked::from_iter([Some("1"), Some("x"), None]);
        values.append(&StringChunked::from_iter([Some("NULL"), Some("y"), Some("4")])).unwrap();
        values.append(&StringChunked::from_iter([Some("z")])).unwrap();
        assert_eq!(values.chunks().len(), 3);
        let mut failures = Vec::new();
        let parsed = parse_values::<Int64Type>(
            &values,
            &mut |row, found| failures.push((row, found.to_owned())),
            parse_integer,
        );
        assert_eq!(parsed.iter().collect::<Vec<_>>(), [Some(1), None, None, None, None, Some(4), None]);
        assert_eq!(failures, [(1, "x".to_owned()), (4, "y".to_owned()), (6, "z".to_owned())]);
    }

    #[test]
    fn a_bad_value_skips_its_row_and_names_row_and_column() {
        let text = table(&["Key", "Points"], &[&["A-1", "3"], &["A-2", "three"], &["", "5"]]);
        let mut builder = FrameBuilder::new(Table::Items, &text);
        builder.map(items::KEY, 0).map(items::ESTIMATE, 1);
        let built = builder.finish(false).unwrap();
        assert_eq!(built.frame.height(), 1);
        assert_eq!(built.skipped_rows, 2);
        assert_eq!(built.problems[0], Problem::new(Location::Row(3), Some("Points"), "a number", "three"));
        assert_eq!(built.problems[1], Problem::new(Location::Row(4), Some("Key"), "a value", ""));
    }

    #[test]
    fn reported_problems_drop_their_row_or_keep_it() {
        let text = table(&["Key", "Points"], &[&["A-1", "3"], &["A-2", "5"], &["A-3", "8"]]);
        let mut builder = FrameBuilder::new(Table::Items, &text);
        builder.map(items::KEY, 0).map(items::ESTIMATE, 1);
        builder.report(2, Problem::new(Location::Row(4), Some("Points"), "at most 5", "8"), true);
        builder.report(1, Problem::new(Location::Row(3), Some("Key"), "a key", "A-2"), false);
        let built = builder.finish(false).unwrap();
        assert_eq!(built.frame.height(), 2);
        assert_eq!((built.skipped_rows, built.problem_count), (1, 2));
        assert_eq!(built.problems[0].location, Location::Row(3));
        assert_eq!(built.problems[1].location, Location::Row(4));
    }

    #[test]
    fn a_bad_value_in_a_required_column_is_reported_once() {
        let text = table(
            &["Key", "At", "Field"],
            &[&["A-1", "soon", "status"], &["A-2", "", "status"], &["A-3", "2024-01-01", "status"]],
        );
        let mut builder = FrameBuilder::new(Table::History, &text);
        builder.map(history::KEY, 0).map(history::AT, 1).map(history::FIELD, 2);
        let built = builder.finish(false).unwrap();
        assert_eq!(built.frame.height(), 1);
        assert_eq!(built.problem_count, 2);
        assert_eq!(
            (built.problems[0].location, built.problems[0].expected.as_str()),
            (Location::Row(2), expected(ColumnType::Timestamp))
        );
        assert_eq!(
            (built.problems[1].location, built.problems[1].expected.as_str()),
            (Location::Row(3), "a value")
        );
    }

    #[test]
    fn a_negative_or_absurd_estimate_is_a_problem_and_the_item_stays_without_it() {
        let text = table(
            &["Key", "Points", "Hours"],
            &[&["A-1", "-3", "2"], &["A-2", "1.7e308", "4"], &["A-3", "8", "1e6"], &["A-4", "10000", "0"]],
        );
        let mut builder = FrameBuilder::new(Table::Items, &text);
        builder.map(items::KEY, 0).map(items::ESTIMATE, 1).map(items::TIME_SPENT_HOURS, 2);
        let built = builder.finish(false).unwrap();
        assert_eq!((built.frame.height(), built.skipped_rows, built.problem_count), (4, 0, 3));
        let estimates: Vec<_> = built.frame.column(items::ESTIMATE).unwrap().f64().unwrap().iter().collect();
        assert_eq!(estimates, [None, None, Some(8.0), Some(10_000.0)]);
        let hours: Vec<_> =
            built.frame.column(items::TIME_SPENT_HOURS).unwrap().f64().unwrap().iter().collect();
        assert_eq!(hours, [Some(2.0), Some(4.0), None, Some(0.0)]);
        let points = "story points from 0 to 10000";
        assert_eq!(built.problems[0], Problem::new(Location::Row(2), Some("Points"), points, "-3"));
        assert_eq!(built.problems[1], Problem::new(Location::Row(3), Some("Points"), points, "1.7e308"));
        assert_eq!(
            built.problems[2],
            Problem::new(Location::Row(4), Some("Hours"), "hours from 0 to 100000", "1e6")
        );
    }

    #[test]
    fn a_date_in_year_9999_is_a_problem_and_only_its_cell_is_emptied() {
        let text = table(
            &["Key", "Created", "Resolved"],
            &[
                &["A-1", "2024-01-02", "9999-01-01"],
                &["A-2", "0001-01-01", "2024-02-01"],
                &["A-3", "2024-01-10", "2024-03-01"],
                &["A-4", "1975-01-01", "2073-12-01"],
            ],
        );
        let mut builder = FrameBuilder::new(Table::Items, &text);
        builder.map(items::KEY, 0).map(items::CREATED, 1).map(items::RESOLVED, 2);
        let built = builder.finish(false).unwrap();
        assert_eq!((built.frame.height(), built.problem_count), (4, 2));
        let nulls = |name| built.frame.column(name).unwrap().is_null().iter().collect::<Vec<_>>();
        assert_eq!(nulls(items::CREATED), [Some(false), Some(true), Some(false), Some(false)]);
        assert_eq!(nulls(items::RESOLVED), [Some(true), Some(false), Some(false), Some(false)]);
        // The median of the eight dates is 2024-02-01 (the fifth of them in order); 1975 and
        // 2073 are within fifty years of it.
        let expected =
            "a date within 50 years of the table's median date 2024-02-01 (1974-02-01 to 2074-02-01)";
        let (first, second) = (&built.problems[0], &built.problems[1]);
        assert_eq!(*first, Problem::new(Location::Row(2), Some("Resolved"), expected, "9999-01-01"));
        assert_eq!(*second, Problem::new(Location::Row(3), Some("Created"), expected, "0001-01-01"));
    }

    #[test]
    fn a_history_change_in_year_9999_drops_its_row_and_is_reported_once() {
        let text = table(
            &["Key", "At", "Field"],
            &[
                &["A-1", "2024-01-01", "status"],
                &["A-1", "9999-12-31", "status"],
                &["A-2", "2024-01-03", "status"],
            ],
        );
        let mut builder = FrameBuilder::new(Table::History, &text);
        builder.map(history::KEY, 0).map(history::AT, 1).map(history::FIELD, 2);
        let built = builder.finish(false).unwrap();
        assert_eq!((built.frame.height(), built.skipped_rows, built.problem_count), (2, 1, 1));
        assert_eq!(built.problems[0].location, Location::Row(3));
        assert!(built.problems[0].expected.starts_with("a date within 50 years"));
    }

    #[test]
    fn a_canonical_vote_of_1e308_drops_the_vote_but_words_stay_for_the_estimates() {
        let text = table(
            &["key", "estimator", "value"],
            &[&["A-1", "ann", "5"], &["A-1", "bob", "1.7e308"], &["A-1", "cy", "?"], &["A-1", "dee", "-2"]],
        );
        let mut builder = FrameBuilder::new(Table::Votes, &text);
        builder.map(votes::KEY, 0).map(votes::ESTIMATOR, 1).map(votes::VALUE, 2);
        let built = builder.finish(false).unwrap();
        let values: Vec<_> =
            built.frame.column(votes::VALUE).unwrap().str().unwrap().iter().flatten().collect();
        assert_eq!(values, ["5", "?"]);
        assert_eq!(built.problem_count, 2);
        assert_eq!(built.problems[0].found, "1.7e308");
        assert_eq!(built.problems[1].found, "-2");
    }

    #[test]
    fn strict_fails_on_an_absurd_value_too() {
        let text = table(&["Key", "Points"], &[&["A-1", "3"], &["A-2", "1e300"]]);
        let mut builder = FrameBuilder::new(Table::Items, &text);
        builder.map(items::KEY, 0).map(items::ESTIMATE, 1);
        assert!(matches!(builder.finish(true), Err(LoadError::BadValue { .. })));
    }

    #[test]
    fn strict_fails_on_the_first_bad_value() {
        let text = table(&["Key", "Points"], &[&["A-1", "3"], &["A-2", "three"]]);
        let mut builder = FrameBuilder::new(Table::Items, &text);
        builder.map(items::KEY, 0).map(items::ESTIMATE, 1);
        assert!(matches!(builder.finish(true), Err(LoadError::BadValue { .. })));
    }

    #[test]
    fn a_missing_required_column_is_an_error_not_a_panic() {
        let text = table(&["Title"], &[&["no key"]]);
        let mut builder = FrameBuilder::new(Table::Items, &text);
        builder.map(items::TITLE, 0);
        assert!(matches!(builder.finish(false), Err(LoadError::MissingColumn { .. })));
    }

    #[test]
    fn value_parsers() {
        assert_eq!(parse_integer(" 3.0 "), Some(3));
        assert_eq!(parse_integer("3.5"), None);
        assert_eq!(parse_boolean("Yes"), Some(true));
        assert!(is_missing(" NULL "));
        assert!(!is_missing("0"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever the cells hold, every row is either in the frame or counted as skipped,
            /// and nothing panics.
            #[test]
            fn every_row_is_kept_or_counted(rows in proptest::collection::vec(
                ("[A-Z]{0,2}-?[0-9]{0,3}", "\\PC{0,12}", "[0-9./:APM -]{0,20}", "\\PC{0,12}"), 1..30)
            ) {
                let cells: Vec<[String; 4]> = rows.into_iter().map(|(a, b, c, d)| [a, b, c, d]).collect();
                let borrowed: Vec<Vec<&str>> = cells.iter().map(|row| row.iter().map(String::as_str).collect()).collect();
                let rows: Vec<&[&str]> = borrowed.iter().map(Vec::as_slice).collect();
                let text = table(&["Key", "Points", "Created", "Label"], &rows);
                let mut builder = FrameBuilder::new(Table::Items, &text);
                builder.map(items::KEY, 0).map(items::ESTIMATE, 1).map(items::CREATED, 2).list(items::LABELS, vec![3], Some(';'));
                match builder.finish(false) {
                    Ok(built) => prop_assert_eq!(built.frame.height() + built.skipped_rows, rows.len()),
                    Err(LoadError::AllRowsRejected { rows: rejected, .. }) => prop_assert_eq!(rejected, rows.len()),
                    Err(other) => prop_assert!(false, "unexpected error {}", other),
                }
            }
        }
    }
}
