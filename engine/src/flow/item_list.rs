//! The item lists of a flow report (finished items, aging work in progress): ids into the
//! analysis' flows, shared by both lists, beside each item's key, title and status as polars
//! string views gathered from the input tables by row. A gathered view of a long text points
//! into the table's own buffer, so a list of millions of items copies no text, allocates
//! nothing per item and copies no flow; a list is read row by row when shown.

use std::sync::Arc;

use polars::prelude::*;
use rayon::prelude::*;

use super::item_flow::ItemFlow;

/// Rows of an item list gathered by one parallel task.
const ROWS_PER_PART: usize = 1 << 16;

/// One text column of an item list, read by row: parts of [`ROWS_PER_PART`] rows each (the
/// last may be shorter), gathered in parallel.
#[derive(Debug, Clone)]
pub(crate) struct TextCells {
    parts: Vec<<StringType as PolarsDataType>::Array>,
}

impl TextCells {
    /// The cells of `column` at `rows`, null where a row is `None`.
    pub(crate) fn gather(column: &StringChunked, rows: &[Option<IdxSize>]) -> PolarsResult<Self> {
        let parts: Vec<StringChunked> = rows
            .par_chunks(ROWS_PER_PART)
            .map(|rows| column.take(&rows.iter().copied().collect::<IdxCa>()))
            .collect::<PolarsResult<_>>()?;
        Ok(TextCells::of(&parts))
    }

    /// Cells given one by one (for the rare list whose texts come from two columns).
    pub(crate) fn from_cells<'a>(cells: impl Iterator<Item = Option<&'a str>>) -> Self {
        let cells: Vec<Option<&str>> = cells.collect();
        TextCells::of(
            &cells.chunks(ROWS_PER_PART).map(|part| part.iter().copied().collect()).collect::<Vec<_>>(),
        )
    }

    fn of(parts: &[StringChunked]) -> Self {
        TextCells {
            parts: parts.iter().filter_map(|part| part.rechunk().downcast_iter().next().cloned()).collect(),
        }
    }

    /// The cell of row `row`.
    fn get(&self, row: usize) -> Option<&str> {
        self.parts.get(row / ROWS_PER_PART).and_then(|part| part.get(row % ROWS_PER_PART))
    }
}

/// The texts of one item of a list.
pub(crate) struct ItemText<'a> {
    pub key: &'a str,
    pub title: Option<&'a str>,
    /// `None` also when the list has no statuses.
    pub status: Option<&'a str>,
}

/// Items of a flow report, in list order.
#[derive(Debug, Clone)]
pub(crate) struct ItemList {
    /// Every flow of the analysis, by id (shared by the lists of one report).
    pub flows: Arc<Vec<Option<ItemFlow>>>,
    /// The listed flows' ids, in list order.
    pub ids: Vec<IdxSize>,
    pub keys: TextCells,
    pub titles: TextCells,
    /// Gathered only for the lists that show a status.
    pub statuses: Option<TextCells>,
}

impl ItemList {
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The listed flows, in list order.
    pub(crate) fn flows(&self) -> impl Iterator<Item = &ItemFlow> + '_ {
        self.ids.iter().filter_map(|id| self.flows.get(*id as usize)?.as_ref())
    }

    /// The listed flows with their texts, in list order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (&ItemFlow, ItemText<'_>)> + '_ {
        self.ids.iter().enumerate().filter_map(|(row, id)| {
            let text = ItemText {
                key: self.keys.get(row).unwrap_or_default(),
                title: self.titles.get(row),
                status: self.statuses.as_ref().and_then(|statuses| statuses.get(row)),
            };
            Some((self.flows.get(*id as usize)?.as_ref()?, text))
        })
    }
}
