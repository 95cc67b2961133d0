//! The items and `blocks` links as the ranking uses them, taken from the decoded views.

use crate::model::LinkKind;
use crate::model::view::{Items, Links};

/// One item as the ranking sees it, its texts borrowed from the items view (a million items
/// were six million owned strings; only the ranked items' output rows copy theirs). The derived
/// order (key first, then every field) picks the same row among duplicates of a key whatever
/// the row order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct ItemRow<'a> {
    pub key: &'a str,
    pub title: Option<&'a str>,
    pub item_type: Option<&'a str>,
    pub status: Option<&'a str>,
    pub status_category: Option<&'a str>,
    pub priority: Option<&'a str>,
    pub created: Option<i64>,
    pub labels: &'a [&'a str],
}

/// The items with a key, in row order (rows without one are counted in the second value).
pub(super) fn item_rows<'a>(items: &'a Items<'a>) -> (Vec<ItemRow<'a>>, usize) {
    let rows = items
        .keyed()
        .map(|(row, key)| ItemRow {
            key,
            title: items.title[row],
            item_type: items.item_type[row],
            status: items.status[row],
            status_category: items.status_category[row],
            priority: items.priority[row],
            created: items.created[row],
            labels: &items.labels[row],
        })
        .collect();
    (rows, items.keyless())
}

/// The `blocks` links as `(blocker, blocked)` key pairs, sorted and without repeats.
pub(super) fn block_pairs<'a>(links: &Links<'a>) -> Vec<(&'a str, &'a str)> {
    let mut blocks: Vec<(&str, &str)> =
        links.of_kind(LinkKind::Blocks).map(|link| (link.from, link.to)).collect();
    blocks.sort_unstable();
    blocks.dedup();
    blocks
}
