//! Reading the columns the ranking needs out of the canonical items and links frames.
//!
//! The frames are expected in canonical shape ([`crate::model::conform`]); a missing column or
//! one of another type is a [`RankError`], never a panic.

use polars::prelude::*;

use super::RankError;
use crate::model::{LinkKind, Table, items, links};

/// One item as the ranking sees it, its texts borrowed from the frame (a million items were six
/// million owned strings; only the ranked items' output rows copy theirs). The derived order
/// (key first, then every field) picks the same row among duplicates of a key whatever the row
/// order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct ItemRow<'a> {
    pub key: &'a str,
    pub title: Option<&'a str>,
    pub item_type: Option<&'a str>,
    pub status: Option<&'a str>,
    pub status_category: Option<&'a str>,
    pub priority: Option<&'a str>,
    pub created: Option<i64>,
    pub labels: Vec<String>,
}

/// The items with a key (rows without one are counted in the second value), with their labels
/// only when `with_labels` (reading lists costs time the ranking does not need otherwise).
pub(super) fn read_items(
    frame: &DataFrame,
    with_labels: bool,
) -> Result<(Vec<ItemRow<'_>>, usize), RankError> {
    let texts = |column| text_column(frame, Table::Items, column);
    let keys = texts(items::KEY)?;
    let titles = texts(items::TITLE)?;
    let types = texts(items::TYPE)?;
    let statuses = texts(items::STATUS)?;
    let categories = texts(items::STATUS_CATEGORY)?;
    let priorities = texts(items::PRIORITY)?;
    let created = frame
        .column(items::CREATED)
        .and_then(Column::datetime)
        .map_err(|cause| column_error(Table::Items, items::CREATED, &cause))?
        .physical();
    let labels = if with_labels { read_labels(frame)? } else { vec![Vec::new(); frame.height()] };

    let mut rows = Vec::with_capacity(frame.height());
    let mut without_key = 0;
    let columns = keys
        .iter()
        .zip(titles.iter())
        .zip(types.iter())
        .zip(statuses.iter())
        .zip(categories.iter())
        .zip(priorities.iter())
        .zip(created.iter())
        .zip(labels);
    for (((((((key, title), item_type), status), category), priority), created), labels) in columns {
        let Some(key) = key else {
            without_key += 1;
            continue;
        };
        rows.push(ItemRow {
            key,
            title,
            item_type,
            status,
            status_category: category,
            priority,
            created,
            labels,
        });
    }
    Ok((rows, without_key))
}

fn read_labels(frame: &DataFrame) -> Result<Vec<Vec<String>>, RankError> {
    let error = |cause: &PolarsError| column_error(Table::Items, items::LABELS, cause);
    let lists = frame.column(items::LABELS).and_then(Column::list).map_err(|cause| error(&cause))?;
    let mut labels = Vec::with_capacity(frame.height());
    for list in lists.amortized_iter() {
        let values = match list {
            Some(list) => {
                let values = list.as_ref().str().map_err(|cause| error(&cause))?;
                values.iter().flatten().map(str::to_owned).collect()
            }
            None => Vec::new(),
        };
        labels.push(values);
    }
    Ok(labels)
}

/// The `blocks` links as `(blocker, blocked)` key pairs, sorted and without repeats.
pub(super) fn read_blocks(frame: &DataFrame) -> Result<Vec<(String, String)>, RankError> {
    let texts = |column| text_column(frame, Table::Links, column);
    let (from, to, kind) = (texts(links::FROM)?, texts(links::TO)?, texts(links::KIND)?);
    let mut blocks: Vec<(String, String)> = from
        .iter()
        .zip(to.iter())
        .zip(kind.iter())
        .filter_map(|((from, to), kind)| match (from, to, kind) {
            (Some(from), Some(to), Some(kind))
                if kind.trim().eq_ignore_ascii_case(LinkKind::Blocks.name()) =>
            {
                Some((from.to_owned(), to.to_owned()))
            }
            _ => None,
        })
        .collect();
    blocks.sort_unstable();
    blocks.dedup();
    Ok(blocks)
}

fn text_column<'a>(
    frame: &'a DataFrame,
    table: Table,
    column: &'static str,
) -> Result<&'a StringChunked, RankError> {
    frame.column(column).and_then(Column::str).map_err(|cause| column_error(table, column, &cause))
}

fn column_error(table: Table, column: &'static str, cause: &PolarsError) -> RankError {
    RankError::Column { table, column, cause: cause.to_string() }
}
