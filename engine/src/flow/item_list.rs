//! The item lists of a flow report (finished items, aging work in progress): ids into the
//! analysis' flows, beside the tables' columns they were computed from, both shared by the
//! report's lists. Keys, titles and statuses are read from the columns when a list is shown, so
//! a list of millions of items copies no text, allocates nothing per item and copies no flow.

use std::sync::Arc;

use polars::prelude::IdxSize;

use super::item_flow::{FlowTables, ItemFlow};

/// The texts of one item of a list.
pub(crate) struct ItemText<'a> {
    pub key: &'a str,
    pub title: Option<&'a str>,
    /// The status at `as_of`.
    pub status: Option<&'a str>,
}

/// Items of a flow report, in list order.
#[derive(Clone)]
pub(crate) struct ItemList {
    /// Every flow of the analysis, by id.
    pub flows: Arc<Vec<Option<ItemFlow>>>,
    pub tables: Arc<FlowTables>,
    /// The listed flows' ids, in list order.
    pub ids: Vec<IdxSize>,
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
        self.flows().map(|flow| {
            let text = ItemText {
                key: self.tables.key(flow),
                title: self.tables.title(flow),
                status: self.tables.status(flow),
            };
            (flow, text)
        })
    }
}

impl std::fmt::Debug for ItemList {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("ItemList").field("ids", &self.ids).finish_non_exhaustive()
    }
}
