//! Where each item is in the tracker: the URLs the analyses resolved (from the export, else
//! from `[report] item_url`), looked up by key.

use std::collections::BTreeMap;

/// Item URLs by key.
#[derive(Debug, Clone, Copy)]
pub struct ItemLinks<'a> {
    urls: &'a BTreeMap<String, String>,
}

impl<'a> ItemLinks<'a> {
    /// The links in `urls`.
    pub fn new(urls: &'a BTreeMap<String, String>) -> ItemLinks<'a> {
        ItemLinks { urls }
    }

    /// The URL of `key`, when known.
    pub fn url(&self, key: &str) -> Option<&'a str> {
        self.urls.get(key).map(String::as_str)
    }
}
