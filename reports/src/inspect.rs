//! `refine inspect` as a terminal table (one block per file) and as JSON.

use std::fmt::Write;

use refine_engine::inspect::{FileReport, InspectReport};

use crate::envelope::Envelope;

/// How many problems the terminal view lists per file (JSON has every kept one).
const PROBLEMS_SHOWN: usize = 10;

/// One block per file: format, tables and rows, dates, column mapping, problems.
pub fn render_table(report: &InspectReport) -> String {
    let mut out = String::new();
    for (index, file) in report.files.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        render_file(&mut out, file);
    }
    if let Some(as_of) = &report.as_of {
        let _ = writeln!(
            out,
            "\nas of {as_of} (the latest date in the inputs: the default as-of date of the analyses)"
        );
    }
    out
}

fn render_file(out: &mut String, file: &FileReport) {
    let _ = writeln!(out, "{}", file.path.display());
    if let Some(error) = &file.error {
        let _ = writeln!(out, "  error     {}", indent_continuation(error));
        return;
    }
    let format = file.format.unwrap_or_default();
    let _ = writeln!(out, "  format    {} ({format})", file.format_description.unwrap_or_default());
    let tables: Vec<String> =
        file.tables.iter().map(|table| format!("{} {}", table.table, count(table.rows, "row"))).collect();
    let _ = writeln!(out, "  tables    {}", tables.join(", "));
    let _ = writeln!(out, "  records   {} read, {} skipped", file.records, file.skipped_records);
    if let (Some(first), Some(last)) = (&file.first_date, &file.last_date) {
        let _ = writeln!(out, "  dates     {first} .. {last}");
    }
    let width = file.mapped_columns.iter().map(|column| column.source.chars().count()).max().unwrap_or(0);
    for (index, column) in file.mapped_columns.iter().enumerate() {
        let label = if index == 0 { "columns" } else { "" };
        let _ = writeln!(out, "  {label:<9} {:<width$}  -> {}", column.source, column.targets.join(", "));
    }
    if !file.unmapped_columns.is_empty() {
        let _ = writeln!(out, "  unmapped  {}", file.unmapped_columns.join(", "));
    }
    for note in &file.notes {
        let _ = writeln!(out, "  note      {note}");
    }
    if file.problem_count == 0 {
        let _ = writeln!(out, "  problems  none");
        return;
    }
    let _ = writeln!(out, "  problems  {}", file.problem_count);
    for problem in file.problems.iter().take(PROBLEMS_SHOWN) {
        let _ = writeln!(out, "            {problem}");
    }
    if file.problem_count > PROBLEMS_SHOWN {
        let _ =
            writeln!(out, "            … {} more (see --format json)", file.problem_count - PROBLEMS_SHOWN);
    }
}

/// `1 row`, `2 rows`.
fn count(number: usize, noun: &str) -> String {
    if number == 1 { format!("1 {noun}") } else { format!("{number} {noun}s") }
}

fn indent_continuation(text: &str) -> String {
    text.replace('\n', "\n            ")
}

/// The JSON document: `refine.inspect/1` with a `files` table.
pub fn render_json(report: &InspectReport, inputs: &[String]) -> Vec<u8> {
    let warnings: Vec<String> = report
        .files
        .iter()
        .filter_map(|file| {
            file.error.as_ref().map(|error| format!("{} not loaded: {error}", file.path.display()))
        })
        .collect();
    let envelope =
        Envelope { command: "inspect", as_of: report.as_of.as_deref(), inputs, warnings: &warnings };
    envelope.render([("files", &report.files)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use refine_engine::inspect::{ColumnUse, TableRows};
    use refine_engine::load::{Location, Problem};
    use std::path::PathBuf;

    fn report() -> InspectReport {
        let loaded = FileReport {
            path: PathBuf::from("exports/backlog.csv"),
            format: Some("canonical-csv"),
            format_description: Some("refine's canonical tables as CSV"),
            tables: vec![TableRows { table: "items", rows: 2 }],
            records: 3,
            skipped_records: 1,
            mapped_columns: vec![
                ColumnUse { source: "key".into(), targets: vec!["items.key".into()] },
                ColumnUse {
                    source: "status".into(),
                    targets: vec!["items.status".into(), "items.status_category".into()],
                },
            ],
            unmapped_columns: vec!["owner".into()],
            first_date: Some("2024-01-02T00:00:00Z".into()),
            last_date: Some("2024-03-04T10:00:00Z".into()),
            problems: vec![Problem::new(Location::Row(3), Some("estimate"), "a number", "big")],
            problem_count: 1,
            notes: vec![],
            error: None,
        };
        let failed = FileReport {
            path: PathBuf::from("exports/logo.png"),
            format: None,
            format_description: None,
            tables: vec![],
            records: 0,
            skipped_records: 0,
            mapped_columns: vec![],
            unmapped_columns: vec![],
            first_date: None,
            last_date: None,
            problems: vec![],
            problem_count: 0,
            notes: vec![],
            error: Some("exports/logo.png: this is a binary file".into()),
        };
        InspectReport { as_of: Some("2024-03-04T10:00:00Z".into()), files: vec![loaded, failed] }
    }

    #[test]
    fn table_view() {
        insta::assert_snapshot!(render_table(&report()));
    }

    #[test]
    fn a_file_keyed_by_rows_says_so_in_both_views() {
        let mut report = report();
        report.files.truncate(1);
        report.files[0].notes = vec!["the file has no key column".into()];
        assert!(render_table(&report).contains("\n  note      the file has no key column\n"));
        let json = String::from_utf8(render_json(&report, &[])).unwrap();
        assert!(
            json.contains(r#""notes":["the file has no key column"]"#) || json.contains("\"notes\": ["),
            "{json}"
        );
    }

    #[test]
    fn json_view() {
        let inputs = vec!["exports".to_owned()];
        insta::assert_snapshot!(String::from_utf8(render_json(&report(), &inputs)).unwrap());
    }
}
