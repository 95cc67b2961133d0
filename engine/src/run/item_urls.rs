//! The tracker address of each ranked item, for the report's links: the address the export
//! carries (Jira's `self`, GitHub's `html_url`, ...) first, else `[report] item_url` with the
//! key in it. Only http(s) addresses are kept: an export's `javascript:` stays text.

use std::collections::{BTreeMap, HashMap};

use crate::config::ReportSettings;
use crate::model::urls::is_web_url;
use crate::model::view::Items;

/// Key → address of every ranked item (`ranked_keys`) that has one; items with neither an
/// exported address nor a configured template are not in the map.
pub(super) fn item_urls<'k>(
    items: &Items<'_>,
    ranked_keys: impl IntoIterator<Item = &'k str>,
    settings: &ReportSettings,
) -> BTreeMap<String, String> {
    // The first web address a row of each key gives (a key may come from more than one file).
    let mut exported: HashMap<&str, &str> = HashMap::new();
    for (row, key) in items.keyed() {
        if let Some(url) = items.url[row].map(str::trim).filter(|url| is_web_url(url)) {
            exported.entry(key).or_insert(url);
        }
    }
    ranked_keys
        .into_iter()
        .filter_map(|key| {
            let url = match exported.get(key) {
                Some(url) => (*url).to_owned(),
                None => settings.item_url(key)?,
            };
            Some((key.to_owned(), url))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::items;
    use crate::model::test_frame::{TestRow, frame};
    use crate::model::{Table, view::Items};

    #[test]
    fn the_exported_address_wins_then_the_template_and_unsafe_addresses_are_dropped() {
        let frame = frame(
            Table::Items,
            &[
                TestRow::new().text(items::KEY, "A-1").text(items::URL, "https://jira.example/browse/A-1"),
                TestRow::new().text(items::KEY, "A-2").text(items::URL, "javascript:alert(1)"),
                TestRow::new().text(items::KEY, "A-3"),
                TestRow::new().text(items::KEY, "A-4").text(items::URL, "https://elsewhere/A-4"),
            ],
        );
        let items = Items::decode(&frame).unwrap();
        let ranking = ["A-1", "A-2", "A-3"];
        let none = item_urls(&items, ranking, &ReportSettings::default());
        assert_eq!(none, BTreeMap::from([("A-1".into(), "https://jira.example/browse/A-1".into())]));
        let template = ReportSettings { item_url: Some("https://t.example/{key}".into()) };
        let urls = item_urls(&items, ranking, &template);
        let expected: BTreeMap<String, String> = [
            ("A-1", "https://jira.example/browse/A-1"),
            ("A-2", "https://t.example/A-2"),
            ("A-3", "https://t.example/A-3"),
        ]
        .into_iter()
        .map(|(key, url)| (key.to_owned(), url.to_owned()))
        .collect();
        // A-4 has an address but is not ranked: only the ranking's items are linked.
        assert_eq!(urls, expected);
    }
}
