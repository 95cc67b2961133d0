//! The item lists of a flow report (finished items, aging work in progress): ids into the
//! analysis' flows, shared by the report's lists, and the listed items' texts (key, title,
//! status) copied once into one buffer, so that the report owns what it shows and a list of
//! millions of items allocates nothing per item and copies no flow.

use std::sync::Arc;

use polars::prelude::IdxSize;

use super::item_flow::{Flows, ItemFlow};

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
    flows: Arc<Vec<Option<ItemFlow>>>,
    /// The listed flows' ids, in list order.
    ids: Vec<IdxSize>,
    /// The listed items' texts, in list order.
    texts: Arc<ListTexts>,
}

/// The key, title and status of each listed item, one after another in one text.
#[derive(Default)]
struct ListTexts {
    text: String,
    /// Where each text ends in `text`, three per item (key, title, status).
    ends: Vec<usize>,
    /// Whether each text is there (a missing title or status is `None`, not empty).
    present: Vec<bool>,
}

impl ListTexts {
    fn push(&mut self, value: Option<&str>) {
        self.text.push_str(value.unwrap_or_default());
        self.ends.push(self.text.len());
        self.present.push(value.is_some());
    }

    /// Text `index` (three per item).
    fn get(&self, index: usize) -> Option<&str> {
        let start = index.checked_sub(1).map_or(0, |previous| self.ends[previous]);
        self.present[index].then(|| &self.text[start..self.ends[index]])
    }
}

impl ItemList {
    /// The list of the flows `ids` of `flows`, in that order, with their texts.
    pub(crate) fn new(flows: &Flows<'_>, ids: Vec<IdxSize>) -> Self {
        let all = flows.shared();
        let mut texts = ListTexts::default();
        for flow in ids.iter().filter_map(|id| all.get(*id as usize)?.as_ref()) {
            texts.push(Some(flows.key_of(flow)));
            texts.push(flows.title_of(flow));
            texts.push(flows.status_of(flow));
        }
        ItemList { flows: all, ids, texts: Arc::new(texts) }
    }

    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The listed flows, in list order.
    pub(crate) fn flows(&self) -> impl Iterator<Item = &ItemFlow> + '_ {
        self.ids.iter().filter_map(|id| self.flows.get(*id as usize)?.as_ref())
    }

    /// The listed flows with their texts, in list order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (&ItemFlow, ItemText<'_>)> + '_ {
        self.flows().enumerate().map(|(index, flow)| {
            let text = ItemText {
                key: self.texts.get(3 * index).unwrap_or_default(),
                title: self.texts.get(3 * index + 1),
                status: self.texts.get(3 * index + 2),
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
