//! The row-by-row writers give, for every table of the demo workspace's analyses, the bytes the
//! whole-table renderers gave before them: the reference renderers below build each file whole
//! from the table held as cells, as refine did, and the streamed file must equal them.

use polars::prelude::*;

use super::*;
use crate::control_characters::escape_json_control_characters;
use crate::demo::demo_analyses;
use crate::records::{Cell, Records, TableRows};
use crate::tables::{
    TableSources, agenda_tables, backlog_forecast_tables, delivery_tables, estimates_tables, health_tables,
    rank_tables,
};

/// Every table of the demo's analyses, read row by row from the result structs.
fn demo_tables(analyses: &refine_engine::run::Analyses) -> TableSources<'_> {
    let mut tables = rank_tables(&analyses.prioritization);
    tables.extend(delivery_tables(analyses.velocity.as_ref(), analyses.flow.as_ref()));
    tables.extend(estimates_tables(analyses.estimates.as_ref().unwrap()));
    tables.extend(backlog_forecast_tables(&analyses.forecast.as_ref().unwrap().report));
    tables.extend(agenda_tables(analyses.agenda.as_ref().unwrap()));
    tables.extend(health_tables(analyses.health.as_ref().unwrap()));
    tables
}

/// The CSV of the whole table, built in memory at once.
fn reference_csv(records: &Records) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    if !records.columns.is_empty() {
        writer.write_record(records.columns.iter().map(|column| neutralise_formula(column))).unwrap();
    }
    for row in &records.rows {
        let cells = row.iter().map(|cell| match cell {
            Cell::Text(text) => neutralise_formula(text),
            Cell::List(_) | Cell::Object(_) => neutralise_formula(&cell.to_text()),
            other => other.to_text(),
        });
        writer.write_record(cells).unwrap();
    }
    writer.into_inner().unwrap()
}

/// The JSON Lines of the whole table, escaped at the end.
fn reference_jsonl(records: &Records) -> Vec<u8> {
    let mut bytes = Vec::new();
    for row in records.json_rows() {
        serde_json::to_writer(&mut bytes, &row).unwrap();
        bytes.push(b'\n');
    }
    escape_json_control_characters(bytes)
}

/// The JSON document of the whole table, through `serde_json::Value` as a plain reading of the
/// envelope: schema, as_of, inputs, the table, warnings.
fn reference_json(name: &str, records: &Records, inputs: &[String], warnings: &[String]) -> Vec<u8> {
    let mut document = serde_json::Map::new();
    document.insert("schema".into(), "refine.demo/1".into());
    document.insert("as_of".into(), "2026-01-02".into());
    document.insert("inputs".into(), serde_json::to_value(inputs).unwrap());
    document.insert(name.into(), serde_json::to_value(records).unwrap());
    document.insert("warnings".into(), serde_json::to_value(warnings).unwrap());
    let mut bytes = serde_json::to_vec_pretty(&document).unwrap();
    bytes.push(b'\n');
    escape_json_control_characters(bytes)
}

fn written(
    format: OutputFormat,
    name: &str,
    table: &dyn TableRows,
    inputs: &[String],
    warnings: &[String],
) -> Vec<u8> {
    let tables = [(name, table)];
    let document = Document { command: "demo", as_of: Some("2026-01-02"), inputs, tables: &tables, warnings };
    let mut bytes = Vec::new();
    write(format, &document, &mut bytes).unwrap();
    bytes
}

fn read_parquet(bytes: Vec<u8>) -> DataFrame {
    ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap()
}

#[test]
fn every_demo_table_streams_to_the_bytes_of_the_whole_table() {
    let analyses = demo_analyses();
    let tables = demo_tables(&analyses);
    assert!(tables.len() > 20, "{} tables", tables.len());
    let inputs = vec!["datasets/demo".to_owned()];
    let warnings = vec!["a \u{9b} warning".to_owned()];
    let mut rows = 0;
    for (name, table) in &tables {
        let table: &dyn TableRows = table.as_ref();
        let records = table.to_records();
        rows += records.rows.len();
        assert_eq!(
            written(OutputFormat::Csv, name, table, &inputs, &warnings),
            reference_csv(&records),
            "{name}.csv"
        );
        assert_eq!(
            written(OutputFormat::Jsonl, name, table, &inputs, &warnings),
            reference_jsonl(&records),
            "{name}.jsonl"
        );
        assert_eq!(
            written(OutputFormat::Json, name, table, &inputs, &warnings),
            reference_json(name, &records, &inputs, &warnings),
            "{name}.json"
        );
        // Parquet: the streamed file is the file polars writes from the whole frame at once.
        let streamed = written(OutputFormat::Parquet, name, table, &inputs, &warnings);
        let mut frame = read_parquet(streamed.clone());
        assert_eq!(frame.height(), records.rows.len(), "{name}.parquet");
        let mut whole = Vec::new();
        ParquetWriter::new(&mut whole).finish(&mut frame).unwrap();
        assert_eq!(streamed, whole, "{name}.parquet");
    }
    assert!(rows > 1000, "the demo's tables have {rows} rows");
}

#[test]
fn parquet_written_in_many_row_groups_holds_the_same_table() {
    let analyses = demo_analyses();
    let tables = rank_tables(&analyses.prioritization);
    let (_, ranking) = &tables[0];
    assert!(ranking.row_count() > 200, "{} rows", ranking.row_count());
    let in_groups = |rows_per_group| {
        let mut bytes = Vec::new();
        write_parquet(ranking.as_ref(), &mut bytes, rows_per_group).unwrap();
        bytes
    };
    let one_group = in_groups(PARQUET_ROW_GROUP_ROWS);
    let many_groups = in_groups(7);
    assert_ne!(one_group, many_groups, "seven rows per group makes more row groups");
    let groups = |bytes: &[u8]| {
        let mut reader = ParquetReader::new(std::io::Cursor::new(bytes.to_vec()));
        reader.get_metadata().unwrap().row_groups.len()
    };
    assert_eq!(groups(&one_group), 1);
    assert_eq!(groups(&many_groups), ranking.row_count().div_ceil(7));
    assert!(read_parquet(one_group).equals_missing(&read_parquet(many_groups)));
}

/// A closed pipe (`refine ... | head`) reaches the caller as a closed pipe in every streamed
/// format, which the CLI takes for a quiet end.
#[test]
fn a_closed_pipe_stays_a_closed_pipe() {
    struct ClosedPipe;
    impl std::io::Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }
    let analyses = demo_analyses();
    let tables = rank_tables(&analyses.prioritization);
    let document = Document { command: "rank", as_of: None, inputs: &[], tables: &tables, warnings: &[] };
    for format in [OutputFormat::Csv, OutputFormat::Json, OutputFormat::Jsonl, OutputFormat::Table] {
        match write(format, &document, &mut ClosedPipe) {
            Err(RenderError::Write { source, .. }) => {
                assert_eq!(source.kind(), std::io::ErrorKind::BrokenPipe, "{format:?}")
            }
            other => panic!("{format:?}: {other:?}"),
        }
    }
}
