//! Helpers for tracker exports that describe each item on one row but hold more than the items
//! table: the dates at which an item reached a workflow milestone (Linear's `Started` and
//! `Completed`, Azure DevOps' `Activated Date` and `Closed Date`) become status-change rows of
//! the history table, and parent or link columns become rows of the links table.
//!
//! Loaders also use these helpers to clean a copy of their text table before mapping it (rewrite
//! a column in place, add a computed text column under the header it came from), so every value
//! still goes through [`FrameBuilder`] and every problem still names the source row and column.

use polars::prelude::*;

use super::SourceColumn;
use super::error::{LoadError, Problem};
use super::frame_builder::{BuiltFrame, FrameBuilder, PROBLEM_DETAIL_LIMIT, expected, is_missing};
use super::text_table::TextTable;
use crate::model::dates;
use crate::model::{ColumnType, LinkKind, Table, history, links};

/// The history `field` of a status change.
pub const STATUS_FIELD: &str = "status";

/// A date column that says when an item entered a status.
#[derive(Debug, Clone, Copy)]
pub struct StatusDate {
    /// Position of the date column in the text table.
    pub position: usize,
    /// The status the item entered at that date.
    pub status: &'static str,
}

/// Status-change history rows from milestone dates: one row per valid date, in file order and,
/// within an item, in workflow order (the order of `milestones`); `from` is the status of the
/// item's previous milestone. A date that does not parse is a problem naming its row and column
/// (with `strict`, an error); the item keeps its other rows. These rows are where bad milestone
/// dates are reported: [`first_timestamp`] reads the same columns without reporting.
pub fn status_history(
    text: &TextTable,
    key: usize,
    milestones: &[StatusDate],
    strict: bool,
) -> Result<Option<BuiltFrame>, LoadError> {
    let keys = text.column(key);
    let columns: Vec<&StringChunked> =
        milestones.iter().map(|milestone| text.column(milestone.position)).collect();
    let mut rows = Vec::new();
    let mut locations = Vec::new();
    let mut problems = Vec::new();
    for row in 0..text.height() {
        let Some(item) = present(keys.get(row)) else { continue };
        let mut from: Option<&str> = None;
        for (milestone, column) in milestones.iter().zip(&columns) {
            let Some(at) = present(column.get(row)) else { continue };
            if dates::parse_timestamp(at).is_none() {
                let header = text.headers[milestone.position].as_str();
                let problem =
                    Problem::new(text.location(row), Some(header), expected(ColumnType::Timestamp), at);
                if strict {
                    return Err(LoadError::BadValue { path: text.path.clone(), problem });
                }
                problems.push(problem);
                continue;
            }
            rows.push(vec![
                Some(item.to_owned()),
                Some(at.to_owned()),
                Some(STATUS_FIELD.to_owned()),
                from.map(str::to_owned),
                Some(milestone.status.to_owned()),
            ]);
            locations.push(text.location(row));
            from = Some(milestone.status);
        }
    }
    if rows.is_empty() && problems.is_empty() {
        return Ok(None);
    }
    let headers = [history::KEY, history::AT, history::FIELD, history::FROM, history::TO];
    let table = TextTable::from_located_rows(
        &text.path,
        headers.iter().map(|header| (*header).to_owned()).collect(),
        &rows,
        locations,
    );
    let mut builder = FrameBuilder::new(Table::History, &table);
    for (position, column) in headers.into_iter().enumerate() {
        builder.map(column, position);
    }
    // Every value was checked above, so nothing is rejected here.
    let mut built = builder.finish(strict)?;
    built.problem_count += problems.len();
    built.skipped_rows += problems.len();
    built.problems.extend(problems);
    built.problems.truncate(PROBLEM_DETAIL_LIMIT);
    built.columns = std::iter::once(SourceColumn::new(&text.headers[key], Table::History, history::KEY))
        .chain(milestones.iter().map(|milestone| {
            SourceColumn::new(&text.headers[milestone.position], Table::History, history::AT)
        }))
        .collect();
    Ok(Some(built))
}

/// A column naming items linked to the row's item.
#[derive(Debug, Clone, Copy)]
pub struct LinkColumn {
    /// Position of the column in the text table.
    pub position: usize,
    /// The kind of link.
    pub kind: LinkKind,
    /// Whether the row's item is the link's `from` (`false`: the named item is, as for a parent
    /// column or "blocked by").
    pub row_is_from: bool,
}

/// Links from link columns, each cell split at `separator` when one is given; `None` when the
/// file names no link.
pub fn links(
    text: &TextTable,
    key: usize,
    columns: &[LinkColumn],
    separator: Option<char>,
    strict: bool,
) -> Result<Option<BuiltFrame>, LoadError> {
    let keys = text.column(key);
    let mut rows = Vec::new();
    let mut locations = Vec::new();
    for column in columns {
        let cells = text.column(column.position);
        for row in 0..text.height() {
            let (Some(item), Some(cell)) = (present(keys.get(row)), present(cells.get(row))) else {
                continue;
            };
            let others: Vec<&str> = match separator {
                Some(separator) => cell.split(separator).filter_map(|other| present(Some(other))).collect(),
                None => vec![cell],
            };
            for other in others {
                let (from, to) = if column.row_is_from { (item, other) } else { (other, item) };
                rows.push(vec![
                    Some(from.to_owned()),
                    Some(to.to_owned()),
                    Some(column.kind.name().to_owned()),
                ]);
                locations.push(text.location(row));
            }
        }
    }
    if rows.is_empty() {
        return Ok(None);
    }
    let headers = vec![links::FROM.to_owned(), links::TO.to_owned(), links::KIND.to_owned()];
    let table = TextTable::from_located_rows(&text.path, headers, &rows, locations);
    let mut builder = FrameBuilder::new(Table::Links, &table);
    builder.map(links::FROM, 0).map(links::TO, 1).map(links::KIND, 2);
    let mut built = builder.finish(strict)?;
    built.columns = columns
        .iter()
        .map(|column| SourceColumn::new(&text.headers[column.position], Table::Links, links::TO))
        .collect();
    Ok(Some(built))
}

/// Per row, the first of the date columns at `positions` that holds a valid date, as a canonical
/// timestamp column named `name` (e.g. `resolved` = Completed, else Canceled). Invalid dates are
/// left to whoever parses those columns with a [`FrameBuilder`] to report.
pub fn first_timestamp(text: &TextTable, name: &'static str, positions: &[usize]) -> Column {
    let columns: Vec<&StringChunked> = positions.iter().map(|&position| text.column(position)).collect();
    let millis: Int64Chunked = (0..text.height())
        .map(|row| {
            columns.iter().find_map(|column| present(column.get(row)).and_then(dates::parse_timestamp))
        })
        .collect();
    millis.with_name(name.into()).into_datetime(TimeUnit::Milliseconds, None).into_column()
}

/// Rewrites every non-empty cell of the column at `position` (`None` empties the cell).
pub fn rewrite_column(text: &mut TextTable, position: usize, rewrite: impl Fn(&str) -> Option<String>) {
    let values: Vec<Option<String>> =
        text.column(position).iter().map(|cell| present(cell).and_then(&rewrite)).collect();
    let column = Column::new(position.to_string().into(), values);
    // Same name and length as the column it replaces, so the replacement cannot fail.
    let _ = text.frame.replace_column(position, column);
}

/// Adds a computed text column under `header` (the source column it was computed from, so that
/// problems and `refine inspect` name that column) and returns its position.
pub fn add_column(text: &mut TextTable, header: &str, values: Vec<Option<String>>) -> usize {
    let position = text.headers.len();
    let mut values = values;
    values.resize(text.height(), None);
    let column = Column::new(position.to_string().into(), values);
    // A fresh name and the frame's height: adding cannot fail.
    let _ = text.frame.with_column(column);
    text.headers.push(header.to_owned());
    position
}

/// The cell's text when it holds a value.
pub fn present(cell: Option<&str>) -> Option<&str> {
    cell.map(str::trim).filter(|text| !is_missing(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Location;
    use crate::load::test_support::{text_table as table, texts};

    #[test]
    fn milestone_dates_become_status_changes_in_workflow_order() {
        let text = table(
            &["ID", "Started", "Completed"],
            &[&["A-1", "2024-01-02", "2024-01-05"], &["A-2", "", "2024-01-03"], &["A-3", "soon", ""]],
        );
        let milestones =
            [StatusDate { position: 1, status: "In Progress" }, StatusDate { position: 2, status: "Done" }];
        let built = status_history(&text, 0, &milestones, false).unwrap().unwrap();
        let frame = &built.frame;
        assert_eq!(texts(frame, history::KEY), [Some("A-1".into()), Some("A-1".into()), Some("A-2".into())]);
        assert_eq!(texts(frame, history::FROM), [None, Some("In Progress".into()), None]);
        assert_eq!(
            texts(frame, history::TO),
            [Some("In Progress".into()), Some("Done".into()), Some("Done".into())]
        );
        // One bad date is one problem, named by row and column, and nothing else is lost.
        assert_eq!((built.problem_count, built.skipped_rows), (1, 1));
        assert_eq!(built.problems[0].location, Location::Row(4));
        assert_eq!(built.problems[0].column.as_deref(), Some("Started"));
        assert_eq!(built.columns[1].source, "Started");
        assert!(matches!(status_history(&text, 0, &milestones, true), Err(LoadError::BadValue { .. })));
    }

    #[test]
    fn only_bad_dates_give_problems_and_no_rows() {
        let text = table(&["ID", "Started"], &[&["A-1", "soon"]]);
        let milestones = [StatusDate { position: 1, status: "In Progress" }];
        let built = status_history(&text, 0, &milestones, false).unwrap().unwrap();
        assert_eq!((built.frame.height(), built.problem_count), (0, 1));
        let empty = table(&["ID", "Started"], &[&["A-1", ""]]);
        assert!(status_history(&empty, 0, &milestones, false).unwrap().is_none());
    }

    #[test]
    fn link_columns_split_and_orient_links() {
        let text = table(&["ID", "Parent", "Blocked by"], &[&["A-2", "A-1", "A-3, A-4"], &["A-5", "", ""]]);
        let columns = [
            LinkColumn { position: 1, kind: LinkKind::Parent, row_is_from: false },
            LinkColumn { position: 2, kind: LinkKind::Blocks, row_is_from: false },
        ];
        let built = links(&text, 0, &columns, Some(','), false).unwrap().unwrap();
        let frame = built.frame;
        assert_eq!(texts(&frame, links::FROM), [Some("A-1".into()), Some("A-3".into()), Some("A-4".into())]);
        assert_eq!(texts(&frame, links::TO), [Some("A-2".into()), Some("A-2".into()), Some("A-2".into())]);
        assert_eq!(texts(&frame, links::KIND)[0].as_deref(), Some("parent"));
        assert!(
            links(&table(&["ID", "Parent"], &[&["A-1", ""]]), 0, &columns[..1], None, false)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn first_valid_date_and_column_edits() {
        let mut text = table(&["Done", "Dropped"], &[&["2024-01-02", ""], &["bad", "2024-01-03"], &["", ""]]);
        let resolved = first_timestamp(&text, "resolved", &[0, 1]);
        let millis = resolved.cast(&DataType::Int64).unwrap();
        let millis: Vec<_> = millis.i64().unwrap().iter().collect();
        assert_eq!(
            millis,
            [dates::parse_timestamp("2024-01-02"), dates::parse_timestamp("2024-01-03"), None]
        );

        rewrite_column(&mut text, 0, |cell| (cell != "bad").then(|| cell.replace('-', "/")));
        assert_eq!(text.column(0).get(0), Some("2024/01/02"));
        assert_eq!(text.column(0).get(1), None);
        let added = add_column(&mut text, "Dropped", vec![Some("x".into())]);
        assert_eq!(added, 2);
        assert_eq!(text.headers[2], "Dropped");
        assert_eq!(text.column(2).get(0), Some("x"));
        assert_eq!(text.column(2).get(2), None);
        assert_eq!(text.location(2), Location::Row(4));
    }
}
