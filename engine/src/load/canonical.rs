//! refine's canonical tables as CSV, JSON (or JSON Lines) and Parquet: what `refine` itself
//! writes, and the simplest way to feed it data from anywhere.
//!
//! CSV and JSON files are recognised by their column names (every required column of a table
//! and mostly that table's columns); list columns are `;`-separated in CSV and arrays in JSON.
//! Parquet files are recognised the same way and cast to the canonical types.

use std::path::Path;

use polars::prelude::*;

use super::error::LoadError;
use super::json::{self, JsonDocument};
use super::mapped::load_columns;
use super::text_table::{TextTable, header_position};
use super::{LoadOptions, Loaded, SourceColumn};
use crate::model::{self, ColumnType, Table};

/// Tables in the order detection tries them: those with the most required columns first, so a
/// votes file (key, estimator, value) is not taken for items (key).
const DETECTION_ORDER: [Table; 7] = [
    Table::Votes,
    Table::History,
    Table::Links,
    Table::Survey,
    Table::Sprints,
    Table::Feedback,
    Table::Items,
];

/// The separator of list cells in canonical CSV.
pub const LIST_SEPARATOR: char = ';';

/// The canonical table whose columns these are: all its required ones, and at least half of
/// the names are its columns.
pub fn table_of_columns<'a>(names: impl Iterator<Item = &'a str> + Clone) -> Option<Table> {
    DETECTION_ORDER.into_iter().find(|table| {
        let known = |name: &str| table.column(&name.to_ascii_lowercase()).is_some();
        let total = names.clone().count();
        let matching = names.clone().filter(|name| known(name)).count();
        let has_required = table
            .columns()
            .iter()
            .filter(|spec| spec.required)
            .all(|spec| names.clone().any(|name| name.eq_ignore_ascii_case(spec.name)));
        has_required && matching * 2 >= total
    })
}

/// The canonical table a CSV header describes.
pub fn table_of_headers(headers: &[String]) -> Option<Table> {
    table_of_columns(headers.iter().map(String::as_str))
}

/// Why a CSV that looks like one of refine's canonical tables is not taken for it, for the
/// unknown-format message: the table it comes closest to (one whose required columns it has all
/// of, else one of whose columns it has at least half), which of its headers that table has and
/// which not, and the rule of [`table_of_columns`]. Empty when it is close to none.
pub fn near_miss(headers: &[String]) -> String {
    let known_by = |table: Table| -> Vec<String> {
        headers
            .iter()
            .filter(|header| table.column(&header.to_ascii_lowercase()).is_some())
            .cloned()
            .collect()
    };
    let missing_of = |table: Table| -> Vec<&'static str> {
        (table.columns().iter())
            .filter(|spec| {
                spec.required && !headers.iter().any(|header| header.eq_ignore_ascii_case(spec.name))
            })
            .map(|spec| spec.name)
            .collect()
    };
    let near = |table: &Table| {
        let known = known_by(*table).len();
        known > 0 && (missing_of(*table).is_empty() || known * 2 >= headers.len())
    };
    // The table with the most of the headers; on a tie the first in detection order.
    let Some(table) =
        DETECTION_ORDER.into_iter().filter(near).rev().max_by_key(|table| known_by(*table).len())
    else {
        return String::new();
    };
    let known = known_by(table);
    let unknown: Vec<String> = headers.iter().filter(|header| !known.contains(header)).cloned().collect();
    let required: Vec<&str> =
        table.columns().iter().filter(|spec| spec.required).map(|spec| spec.name).collect();
    let missing = missing_of(table);
    let (shortfall, fix) = if missing.is_empty() {
        (
            format!("only {} of its {} columns are {table} columns", known.len(), headers.len()),
            "Remove the columns it does not recognise or rename them to the table's column names",
        )
    } else {
        let names = missing.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
        let plural = if missing.len() == 1 { "" } else { "s" };
        (format!("it lacks the required column{plural} {names}"), "Add the missing column")
    };
    let not_recognised = if unknown.is_empty() {
        String::new()
    } else {
        format!("; not recognised: {}", crate::model::wording::list_for_message(&unknown))
    };
    format!(
        ".\nIt is close to refine's canonical {table} table, but {shortfall} \
         (recognised: {}{not_recognised}). A canonical CSV has every required column of its table \
         ({}) and at least half of its columns are the table's. {fix}, or map the file with a \
         [mappings.<name>] section",
        crate::model::wording::list_for_message(&known),
        required.join(", "),
    )
}

/// The canonical table a JSON document holds: named by its envelope key, or by its fields.
pub fn table_of_json(document: &JsonDocument) -> Option<Table> {
    let named = document.records_key.as_deref().and_then(Table::from_name);
    named.or_else(|| {
        document.first_object().and_then(|object| table_of_columns(object.keys().map(String::as_str)))
    })
}

/// Loads a canonical CSV of `table`.
pub fn load_csv(text: &TextTable, table: Table, options: &LoadOptions) -> Result<Loaded, LoadError> {
    load_columns(text, table, csv_columns(table, &text.headers), Some(LIST_SEPARATOR), options)
}

/// The canonical columns of a CSV of `table` with `headers`, each with its header's position.
pub fn csv_columns(table: Table, headers: &[String]) -> Vec<(&'static str, usize)> {
    table
        .columns()
        .iter()
        .filter_map(|spec| Some((spec.name, header_position(headers, spec.name)?)))
        .collect()
}

/// Loads canonical JSON records of `table`.
pub fn load_json(
    path: &Path,
    document: &JsonDocument,
    table: Table,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let headers: Vec<String> = table.columns().iter().map(|spec| spec.name.to_owned()).collect();
    let rows: Vec<Vec<Option<String>>> = document
        .records
        .iter()
        .map(|record| {
            table
                .columns()
                .iter()
                .map(|spec| {
                    let value = record.get(spec.name);
                    match (spec.column_type, value) {
                        (ColumnType::TextList, Some(serde_json::Value::Array(values))) => {
                            json::list_cell(values.iter().filter_map(serde_json::Value::as_str))
                        }
                        _ => json::cell(value),
                    }
                })
                .collect()
        })
        .collect();
    let text = TextTable::from_located_rows(path, headers, &rows, document.locations.clone());
    let present: Vec<(&'static str, usize)> = table
        .columns()
        .iter()
        .enumerate()
        .filter(|(_, spec)| document.records.iter().any(|record| record.get(spec.name).is_some()))
        .map(|(position, spec)| (spec.name, position))
        .collect();
    let mut loaded = load_columns(&text, table, present, Some(json::LIST_SEPARATOR), options)?;
    loaded
        .columns
        .retain(|column| document.records.iter().any(|record| record.get(&column.source).is_some()));
    Ok(loaded)
}

/// The canonical table a Parquet file's columns make, from its footer alone.
pub fn parquet_table(path: &Path) -> Result<Option<Table>, LoadError> {
    let file = std::fs::File::open(path).map_err(|cause| LoadError::Io { path: path.to_owned(), cause })?;
    let schema = ParquetReader::new(file).schema().map_err(LoadError::frame(path))?;
    Ok(table_of_headers(&schema.iter_names().map(|name| name.to_string()).collect::<Vec<_>>()))
}

/// Loads a canonical Parquet file.
pub fn load_parquet(path: &Path) -> Result<Loaded, LoadError> {
    let file = std::fs::File::open(path).map_err(|cause| LoadError::Io { path: path.to_owned(), cause })?;
    let frame = ParquetReader::new(file).finish().map_err(LoadError::frame(path))?;
    let names: Vec<String> = frame.get_column_names().iter().map(|name| name.to_string()).collect();
    let table = table_of_headers(&names).ok_or_else(|| LoadError::UnknownFormat {
        path: path.to_owned(),
        found: format!("Parquet with columns {}", crate::model::wording::list_for_message(&names)),
        known: "Parquet files of refine's canonical tables".to_owned(),
    })?;
    let conformed = model::conform(table, frame).map_err(LoadError::frame(path))?;
    let mut loaded = Loaded { records: conformed.height(), ..Loaded::default() };
    for name in &names {
        loaded.columns.push(match table.column(name) {
            Some(spec) => SourceColumn::new(name, table, spec.name),
            None => SourceColumn::unmapped(name),
        });
    }
    loaded.insert(table, conformed);
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::try_load_content;
    use crate::load::{Format, load_file};
    use crate::model::{items, votes};

    fn load(name: &str, content: &[u8]) -> Result<crate::load::LoadedFile, LoadError> {
        try_load_content(name, content, &LoadOptions::default())
    }

    fn unknown_format_found(content: &[u8]) -> String {
        match load("table.csv", content) {
            Err(LoadError::UnknownFormat { found, .. }) => found,
            other => panic!("expected an unknown format, got {other:?}"),
        }
    }

    #[test]
    fn a_canonical_csv_with_more_unknown_than_known_columns_says_which_and_the_rule() {
        // It was refused as "unknown format: a CSV with columns ..." and nothing more.
        let found = unknown_format_found(b"key,title,status,foo,bar,baz,qux\nA-1,x,To Do,1,2,3,4\n");
        assert!(found.contains("close to refine's canonical items table"), "{found}");
        assert!(found.contains("only 3 of its 7 columns are items columns"), "{found}");
        assert!(
            found.contains("recognised: key, title, status; not recognised: foo, bar, baz, qux"),
            "{found}"
        );
        assert!(found.contains("every required column of its table (key) and at least half"), "{found}");
        // Half known is enough: the same file with one unknown column fewer loads.
        assert!(load("table.csv", b"key,title,status,foo,bar,baz\nA-1,x,To Do,1,2,3\n").is_ok());
    }

    #[test]
    fn a_canonical_csv_without_its_required_column_names_it() {
        let found = unknown_format_found(b"title,status,estimate\nx,To Do,3\n");
        assert!(found.contains("it lacks the required column `key`"), "{found}");
        assert!(found.contains("recognised: title, status, estimate)"), "{found}");
        // A votes file lacking its estimator is closest to votes, not to items.
        let found = unknown_format_found(b"key,value,round,voted_at\nA-1,3,1,2024-01-02\n");
        assert!(
            found.contains("canonical votes table, but it lacks the required column `estimator`"),
            "{found}"
        );
        // Nothing like a canonical table: no hint.
        assert_eq!(near_miss(&["name".to_owned(), "colour".to_owned()]), "");
    }

    #[test]
    fn detection_prefers_the_table_with_more_required_columns() {
        let headers = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect::<Vec<_>>();
        assert_eq!(table_of_headers(&headers(&["key", "estimator", "value", "round"])), Some(Table::Votes));
        assert_eq!(table_of_headers(&headers(&["key", "title", "estimate"])), Some(Table::Items));
        assert_eq!(table_of_headers(&headers(&["key", "a", "b", "c"])), None);
    }

    #[test]
    fn canonical_items_csv_with_lists_and_derived_columns() {
        let file = load(
            "anything.txt",
            b"key,title,status,labels,description\nA-1,Login,Done,ui;auth,\"Given x\nWhen y\nThen z\"\nA-2,Logout,To Do,,\n",
        )
        .unwrap();
        assert_eq!(file.format, Format::CanonicalCsv);
        let frame = &file.loaded.tables[&Table::Items];
        assert_eq!(frame.column(items::STATUS_CATEGORY).unwrap().str().unwrap().get(0), Some("done"));
        assert_eq!(frame.column(items::HAS_ACCEPTANCE_CRITERIA).unwrap().bool().unwrap().get(0), Some(true));
        assert_eq!(frame.column(items::HAS_ACCEPTANCE_CRITERIA).unwrap().bool().unwrap().get(1), Some(false));
        assert_eq!(frame.column(items::LABELS).unwrap().list().unwrap().get_as_series(0).unwrap().len(), 2);
    }

    #[test]
    fn a_canonical_status_category_is_the_files_own_not_a_guess() {
        let file = load(
            "items.csv",
            b"key,status,status_category,url\nA-1,Sketching,in_progress,https://t.example/A-1\nA-2,Done,,\n",
        )
        .unwrap();
        let frame = &file.loaded.tables[&Table::Items];
        let category = frame.column(items::STATUS_CATEGORY).unwrap().str().unwrap();
        assert_eq!(category.iter().collect::<Vec<_>>(), [Some("in_progress"), Some("done")]);
        let guessed = frame.column(items::STATUS_CATEGORY_GUESSED).unwrap().bool().unwrap();
        assert_eq!(guessed.iter().collect::<Vec<_>>(), [Some(false), Some(true)]);
        let url = frame.column(items::URL).unwrap().str().unwrap();
        assert_eq!(url.iter().collect::<Vec<_>>(), [Some("https://t.example/A-1"), None]);
    }

    #[test]
    fn canonical_votes_json_lines() {
        let file = load(
            "votes.jsonl",
            b"{\"key\":\"A-1\",\"estimator\":\"ann\",\"value\":\"5\",\"round\":1}\n{\"key\":\"A-1\",\"estimator\":\"bob\",\"value\":\"?\"}\n",
        )
        .unwrap();
        assert_eq!(file.format, Format::CanonicalJson);
        let frame = &file.loaded.tables[&Table::Votes];
        assert_eq!(frame.height(), 2);
        assert_eq!(frame.column(votes::VALUE).unwrap().str().unwrap().get(1), Some("?"));
        assert_eq!(frame.column(votes::ROUND).unwrap().i64().unwrap().get(1), None);
    }

    #[test]
    fn canonical_json_problem_names_the_record() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("items.json");
        std::fs::write(&path, br#"{"items":[{"key":"A-1","estimate":3},{"key":"A-2","estimate":"big"}]}"#)
            .unwrap();
        let file = load_file(&path, &LoadOptions::default()).unwrap();
        assert_eq!(file.loaded.skipped_records, 1);
        assert_eq!(file.loaded.problems[0].location, crate::load::Location::Record(2));
        assert_eq!(file.loaded.problems[0].column.as_deref(), Some("estimate"));
    }

    #[test]
    fn canonical_parquet_round_trip() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("items.parquet");
        let mut frame = df!("key" => ["A-1", "A-2"], "estimate" => [Some(3.0), None]).unwrap();
        ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut frame).unwrap();
        let file = load_file(&path, &LoadOptions::default()).unwrap();
        assert_eq!(file.format, Format::CanonicalParquet);
        assert_eq!(file.loaded.tables[&Table::Items].height(), 2);
    }
}
