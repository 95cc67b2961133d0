//! Snapshot tests of every format on one small document with hostile text.

use serde::Serialize;

use super::*;

#[derive(Serialize)]
struct Ranked {
    rank: u32,
    key: &'static str,
    title: &'static str,
    score: Option<f64>,
    labels: Vec<&'static str>,
    blocked: bool,
    change: i64,
}

/// The one table of the test document.
fn ranking() -> [(&'static str, Records); 1] {
    let ranking = Records::from_serialize(&[
        Ranked {
            rank: 1,
            key: "SHOP-12",
            title: "Guest checkout",
            score: Some(12.3456),
            labels: vec!["checkout", "mobile"],
            blocked: false,
            change: 2,
        },
        Ranked {
            rank: 2,
            key: "SHOP-7",
            title: "=HYPERLINK(\"http://x\",\"y\")",
            score: Some(-3.0),
            labels: vec![],
            blocked: true,
            change: -1,
        },
        Ranked {
            rank: 3,
            key: "SHOP-9",
            title: "<script>alert(1)</script> | a *b* _c_\nnext line",
            score: None,
            labels: vec!["+1"],
            blocked: false,
            change: 0,
        },
    ]);
    [("ranking", ranking)]
}

fn document<'a>(
    inputs: &'a [String],
    tables: &'a [(&'a str, Records)],
    warnings: &'a [String],
) -> Document<'a> {
    Document { command: "rank", as_of: Some("2026-11-13T17:59:00Z"), inputs, tables, warnings }
}

fn rendered(format: OutputFormat) -> String {
    let inputs = vec!["datasets/demo".to_owned()];
    let warnings = vec!["1 cycle among blockers: SHOP-3 -> SHOP-4 -> SHOP-3".to_owned()];
    String::from_utf8(render(format, &document(&inputs, &ranking(), &warnings)).unwrap()).unwrap()
}

#[test]
fn table() {
    insta::assert_snapshot!(rendered(OutputFormat::Table));
}

#[test]
fn csv_neutralises_formulas_but_not_numbers() {
    let csv = rendered(OutputFormat::Csv);
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), "{csv}");
    assert!(csv.contains(",-3,"), "{csv}");
    assert!(csv.contains(",'+1,"), "{csv}");
    insta::assert_snapshot!(csv);
}

#[test]
fn json() {
    insta::assert_snapshot!(rendered(OutputFormat::Json));
}

#[test]
fn jsonl() {
    insta::assert_snapshot!(rendered(OutputFormat::Jsonl));
}

#[test]
fn markdown_escapes_what_would_break_the_table_or_become_html() {
    let markdown = rendered(OutputFormat::Markdown);
    assert!(!markdown.contains("<script>"), "{markdown}");
    insta::assert_snapshot!(markdown);
}

#[test]
fn parquet_keeps_types() {
    use polars::prelude::*;
    let inputs = vec![];
    let bytes = render(OutputFormat::Parquet, &document(&inputs, &ranking(), &[])).unwrap();
    let frame = ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap();
    assert_eq!(frame.shape(), (3, 7));
    assert_eq!(frame.column("rank").unwrap().dtype(), &DataType::Int64);
    assert_eq!(frame.column("score").unwrap().dtype(), &DataType::Float64);
    assert_eq!(frame.column("blocked").unwrap().dtype(), &DataType::Boolean);
    assert_eq!(frame.column("labels").unwrap().dtype(), &DataType::List(Box::new(DataType::String)));
    assert_eq!(frame.column("score").unwrap().f64().unwrap().get(2), None);
    assert_eq!(frame.column("title").unwrap().str().unwrap().get(1), Some("=HYPERLINK(\"http://x\",\"y\")"));
}

#[test]
fn a_document_without_tables_is_an_error() {
    let document: Document =
        Document { command: "rank", as_of: None, inputs: &[], tables: &[], warnings: &[] };
    assert!(matches!(render(OutputFormat::Csv, &document), Err(RenderError::Empty)));
}

/// An empty main table (`refine rank --top 0`): CSV keeps its header row, the people's formats
/// say there is no row, JSON has an empty array in its envelope, JSON Lines no line, Parquet the
/// columns with no row.
#[test]
fn an_empty_table_keeps_its_header_in_every_format() {
    let empty = [("gone", Records { columns: vec!["key".to_owned(), "rank".to_owned()], rows: Vec::new() })];
    let inputs = vec!["datasets/demo".to_owned()];
    let rendered =
        |format| String::from_utf8(render(format, &document(&inputs, &empty, &[])).unwrap()).unwrap();
    assert_eq!(rendered(OutputFormat::Csv), "key,rank\r\n");
    assert_eq!(rendered(OutputFormat::Table), "(no rows)\n");
    assert_eq!(rendered(OutputFormat::Markdown), "### gone\n\n_No rows._\n");
    assert_eq!(rendered(OutputFormat::Jsonl), "");
    let json: serde_json::Value = serde_json::from_str(&rendered(OutputFormat::Json)).unwrap();
    assert_eq!(json["schema"], "refine.rank/1");
    assert_eq!(json["gone"], serde_json::json!([]));

    use polars::prelude::*;
    let bytes = render(OutputFormat::Parquet, &document(&inputs, &empty, &[])).unwrap();
    let frame = ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap();
    assert_eq!(frame.shape(), (0, 2));
    assert_eq!(frame.get_column_names(), ["key", "rank"]);
}

/// A nested record (`refine estimates`' re-estimates: when, from, to) stays nested in JSON and
/// JSON Lines and is its compact JSON text in the flat formats.
#[test]
fn a_nested_field_is_nested_json_in_json_and_json_text_in_flat_formats() {
    #[derive(Serialize)]
    struct Change {
        at: &'static str,
        from: f64,
        to: f64,
    }
    #[derive(Serialize)]
    struct ReEstimated {
        key: &'static str,
        last: Change,
        changes: Vec<Change>,
    }
    let change = || Change { at: "2026-01-14T14:17:00Z", from: 5.0, to: 8.0 };
    let records =
        Records::from_serialize(&[ReEstimated { key: "A-1", last: change(), changes: vec![change()] }]);
    let tables = [("re_estimated", records)];
    let rendered = |format| String::from_utf8(render(format, &document(&[], &tables, &[])).unwrap()).unwrap();
    let change_json = serde_json::json!({"at": "2026-01-14T14:17:00Z", "from": 5.0, "to": 8.0});

    let json: serde_json::Value = serde_json::from_str(&rendered(OutputFormat::Json)).unwrap();
    assert_eq!(json["re_estimated"][0]["last"], change_json);
    assert_eq!(json["re_estimated"][0]["changes"], serde_json::json!([change_json]));
    let line: serde_json::Value = serde_json::from_str(rendered(OutputFormat::Jsonl).trim_end()).unwrap();
    assert_eq!(line["last"], change_json);

    let text = r#"{""at"":""2026-01-14T14:17:00Z"",""from"":5.0,""to"":8.0}"#;
    assert_eq!(rendered(OutputFormat::Csv), format!("key,last,changes\r\nA-1,\"{text}\",\"{text}\"\r\n"));
    let markdown = rendered(OutputFormat::Markdown);
    assert!(markdown.contains(r#"{"at":"2026-01-14T14:17:00Z","from":5.0,"to":8.0}"#), "{markdown}");
}
