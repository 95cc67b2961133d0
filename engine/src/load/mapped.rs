//! CSV files laid out by the user: a `[mappings.<name>]` section of refine.toml says which header
//! fills which canonical column. The canonical CSV and JSON loaders use the same code with every
//! column mapped to itself.
//!
//! A mapping of the items table without `key` reads a file that has no key column (research
//! datasets often have none): each item's key is the file's name and its row,
//! [`ColumnMapping::row_key`] (`sp-hours-row-2` for the first item of `sp-hours.csv`), so a key
//! names the same row as a problem does, and `refine inspect` lists the key's source as
//! [`ColumnMapping::ROW_KEY_SOURCE`].

use std::collections::BTreeMap;

use polars::prelude::*;

use super::error::{LoadError, Location};
use super::frame_builder::FrameBuilder;
use super::settings::ColumnMapping;
use super::text_table::TextTable;
use super::text_table::has_header;
use super::{LoadOptions, Loaded, SourceColumn};
use crate::model::{Table, items};

/// The first mapping (by name) whose every header the file has.
pub fn find_mapping<'a>(
    headers: &[String],
    mappings: &'a BTreeMap<String, ColumnMapping>,
) -> Option<(&'a str, &'a ColumnMapping)> {
    mappings
        .iter()
        .find(|(_, mapping)| mapping.columns.values().all(|header| has_header(headers, header)))
        .map(|(name, mapping)| (name.as_str(), mapping))
}

/// Loads a CSV through the mapping `name`.
pub fn load(
    text: &TextTable,
    name: &str,
    mapping: &ColumnMapping,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let table = mapping.table().ok_or_else(|| LoadError::MissingColumn {
        path: text.path.clone(),
        format: format!("[mappings.{name}]"),
        column: mapping.table.clone(),
        found: String::new(),
    })?;
    let separator = mapping.list_separator.chars().next();
    let columns: Vec<(&'static str, Vec<usize>)> = mapping
        .columns
        .iter()
        .filter_map(|(column, header)| Some((table.column(column)?.name, vec![text.position(header)?])))
        .collect();
    let mut builder = FrameBuilder::new(table, text);
    if mapping.keys_from_rows() {
        builder.put(items::KEY, row_keys(text), Vec::new());
    }
    builder.map_columns(&columns, separator, &options.source.status);
    let mut loaded = Loaded::default();
    loaded.add(table, builder.finish(options.strict)?);
    if mapping.keys_from_rows() {
        loaded.columns.insert(0, SourceColumn::new(ColumnMapping::ROW_KEY_SOURCE, Table::Items, items::KEY));
    }
    Ok(loaded)
}

/// Each row's key from the file's name and the row (see the module documentation).
fn row_keys(text: &TextTable) -> Column {
    let stem = text.path.file_stem().map(|stem| stem.to_string_lossy()).unwrap_or_default();
    let keys: StringChunked = (0..text.height())
        .map(|index| {
            let row = match text.location(index) {
                Location::Row(number) | Location::Record(number) | Location::Line(number) => number,
            };
            Some(ColumnMapping::row_key(&stem, row))
        })
        .collect();
    keys.into_column()
}

/// Builds `table` from the text columns at the given positions, by canonical column name, with
/// the shared rules of [`FrameBuilder::map_columns`] (lists split at `list_separator`).
pub fn load_columns(
    text: &TextTable,
    table: Table,
    columns: Vec<(&'static str, usize)>,
    list_separator: Option<char>,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let columns: Vec<(&'static str, Vec<usize>)> =
        columns.into_iter().map(|(column, position)| (column, vec![position])).collect();
    let mut builder = FrameBuilder::new(table, text);
    builder.map_columns(&columns, list_separator, &options.source.status);
    let mut loaded = Loaded::default();
    loaded.add(table, builder.finish(options.strict)?);
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::LoadedFile;
    use crate::load::settings::SourceSettings;
    use crate::load::test_support::try_load_content;
    use crate::model::items;

    fn load_with(config: &str, csv: &str) -> Result<LoadedFile, LoadError> {
        #[derive(serde::Deserialize)]
        struct File {
            #[serde(default)]
            mappings: BTreeMap<String, ColumnMapping>,
        }
        let mappings = toml::from_str::<File>(config).unwrap().mappings;
        let source = SourceSettings { mappings, ..SourceSettings::default() };
        try_load_content("tickets.csv", csv, &LoadOptions { source, ..LoadOptions::default() })
    }

    const MAPPING: &str = r#"
[mappings.tickets]
table = "items"
list_separator = "|"
[mappings.tickets.columns]
key = "Ticket"
title = "Headline"
status = "State"
estimate = "Size"
labels = "Tags"
"#;

    #[test]
    fn a_mapping_reads_a_csv_no_built_in_format_knows() {
        let file = load_with(MAPPING, "Ticket,Headline,State,Size,Tags,Owner\nT-1,Login,In Review,5,ui|auth,ann\nT-2,Logout,Parked,,,bob\n").unwrap();
        assert_eq!(file.format, super::super::Format::MappedCsv);
        let items = &file.loaded.tables[&Table::Items];
        assert_eq!(items.height(), 2);
        let category = items.column(items::STATUS_CATEGORY).unwrap().str().unwrap();
        assert_eq!(category.get(0), Some("in_progress"));
        assert_eq!(category.get(1), None);
        let labels = items.column(items::LABELS).unwrap().list().unwrap().get_as_series(0).unwrap();
        assert_eq!(labels.str().unwrap().iter().flatten().collect::<Vec<_>>(), ["ui", "auth"]);
        assert_eq!(items.column(items::RANK).unwrap().i64().unwrap().get(1), Some(2));
        let unmapped: Vec<_> = file
            .loaded
            .columns
            .iter()
            .filter(|column| column.target.is_none())
            .map(|column| column.source.as_str())
            .collect();
        assert_eq!(unmapped, ["Owner"]);
    }

    #[test]
    fn an_items_mapping_without_a_key_keys_each_item_by_file_name_and_row() {
        let mapping = "[mappings.research]\ntable = \"items\"\ncolumns = { estimate = \"Story.Points\" }\n";
        let file = load_with(mapping, "Project,Story.Points\nA,3\nA,many\nB,5\n").unwrap();
        let items = &file.loaded.tables[&Table::Items];
        let keys: Vec<_> = items.column(items::KEY).unwrap().str().unwrap().iter().flatten().collect();
        // Row 3 is skipped for its bad points; the keys still name the rows they came from.
        assert_eq!(keys, ["tickets-row-2", "tickets-row-4"]);
        assert_eq!(file.loaded.problems[0].location, crate::load::Location::Row(3));
        let key_source =
            file.loaded.columns.iter().find(|column| column.target.as_deref() == Some("items.key"));
        assert_eq!(key_source.map(|column| column.source.as_str()), Some(ColumnMapping::ROW_KEY_SOURCE));
        // A keyed mapping keeps the file's keys.
        let keyed = load_with(MAPPING, "Ticket,Headline,State,Size,Tags\nT-1,Login,To Do,3,\n").unwrap();
        assert!(keyed.loaded.columns.iter().all(|column| column.source != ColumnMapping::ROW_KEY_SOURCE));
    }

    #[test]
    fn without_the_mapping_the_same_file_is_an_unknown_format() {
        let error = load_with("", "Ticket,Headline\nT-1,Login\n").unwrap_err();
        assert!(matches!(error, LoadError::UnknownFormat { .. }), "{error}");
    }
}
