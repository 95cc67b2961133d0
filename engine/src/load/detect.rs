//! Which format a file is in, from its content: Parquet by its magic bytes, JSON by its first
//! character and the shape of its records, CSV by its header row. The first format whose
//! signature matches wins, so the lists below go from the most specific to the most general.

use std::io::Read;
use std::path::Path;

use serde::Serialize;

use super::error::LoadError;
use super::feedback_stream::{CsvLoader, FeedbackStream};
use super::json::JsonDocument;
use super::sniff::{self, Sniffed};
use super::text_table::{ReadPlan, TextTable, has_header};
use super::{
    LoadOptions, Loaded, azure_devops, canonical, effort_estimates, feedback, github, jira_csv, jira_json,
    linear, mapped, poker_votes, sprint_report, survey,
};
use crate::model::{ColumnType, Table};

/// The input formats refine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A CSV read through a `[mappings.<name>]` section of refine.toml.
    MappedCsv,
    /// refine's canonical tables as CSV.
    CanonicalCsv,
    /// Jira's CSV export (all fields).
    JiraCsv,
    /// Jira's REST JSON (search response, array or JSON Lines of issues).
    JiraJson,
    /// refine's canonical tables as JSON or JSON Lines.
    CanonicalJson,
    /// refine's canonical tables as Parquet.
    CanonicalParquet,
    /// GitHub issues: REST API issue objects or `gh issue list --json`.
    GitHubJson,
    /// Linear's CSV export.
    LinearCsv,
    /// Azure DevOps query results exported as CSV.
    AzureDevOpsCsv,
    /// Sprint reports: committed, added, removed and completed points per sprint.
    SprintReportCsv,
    /// Planning-poker votes.
    PokerVotesCsv,
    /// Generic customer feedback CSV.
    FeedbackCsv,
    /// App-store review exports (Google Play, App Store Connect).
    AppReviewsCsv,
    /// Customer feedback as JSON or JSON Lines.
    FeedbackJson,
    /// ODI survey answers, wide or long.
    OdiSurveyCsv,
    /// Story points against effort (the TAWOS research export).
    EffortEstimatesCsv,
}

/// Name and description of a format, for `refine inspect`, errors and the README.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct FormatInfo {
    /// The format.
    pub format: Format,
    /// Its kebab-case name.
    pub name: &'static str,
    /// What it is, for people.
    pub description: &'static str,
}

/// Every format, in the order detection tries them (mapped CSV first: configuration wins;
/// canonical tables last: they are the most general).
pub const FORMATS: &[FormatInfo] = &[
    FormatInfo {
        format: Format::MappedCsv,
        name: "mapped-csv",
        description: "any CSV through a [mappings.<name>] section of refine.toml",
    },
    FormatInfo {
        format: Format::JiraCsv,
        name: "jira-csv",
        description: "Jira CSV export (Export Excel CSV, all fields)",
    },
    FormatInfo {
        format: Format::JiraJson,
        name: "jira-json",
        description: "Jira REST JSON: a /search response with the changelog, or an array / JSON Lines of issues",
    },
    FormatInfo {
        format: Format::GitHubJson,
        name: "github-json",
        description: "GitHub issues as JSON (REST API issue list, or gh issue list --json)",
    },
    FormatInfo {
        format: Format::LinearCsv,
        name: "linear-csv",
        description: "Linear's CSV export of issues",
    },
    FormatInfo {
        format: Format::AzureDevOpsCsv,
        name: "azure-devops-csv",
        description: "Azure DevOps query results exported as CSV",
    },
    FormatInfo {
        format: Format::EffortEstimatesCsv,
        name: "effort-estimates-csv",
        description: "story points against effort per issue (TAWOS research export: Issue_Key, Story_Point, Timespent)",
    },
    FormatInfo {
        format: Format::SprintReportCsv,
        name: "sprint-report-csv",
        description: "a sprint report CSV (sprint, committed/added/removed/completed points and issues)",
    },
    FormatInfo {
        format: Format::PokerVotesCsv,
        name: "poker-votes-csv",
        description: "planning-poker votes CSV (item key, estimator, card)",
    },
    FormatInfo {
        format: Format::OdiSurveyCsv,
        name: "odi-survey-csv",
        description: "ODI survey CSV: importance and satisfaction 1-5 per outcome, wide (imp_*/sat_*) or long",
    },
    FormatInfo {
        format: Format::AppReviewsCsv,
        name: "app-reviews-csv",
        description: "app-store reviews CSV (Google Play review export, App Store Connect review fields)",
    },
    FormatInfo {
        format: Format::FeedbackCsv,
        name: "feedback-csv",
        description: "customer feedback CSV (text with customer, segment, weight, linked key or rating)",
    },
    FormatInfo {
        format: Format::FeedbackJson,
        name: "feedback-json",
        description: "customer feedback as JSON or JSON Lines (records with a text field)",
    },
    FormatInfo {
        format: Format::CanonicalCsv,
        name: "canonical-csv",
        description: "refine's canonical tables as CSV (items, links, history, sprints, votes, feedback, survey)",
    },
    FormatInfo {
        format: Format::CanonicalJson,
        name: "canonical-json",
        description: "refine's canonical tables as JSON or JSON Lines",
    },
    FormatInfo {
        format: Format::CanonicalParquet,
        name: "canonical-parquet",
        description: "refine's canonical tables as Parquet",
    },
];

impl Format {
    /// Name and description.
    pub fn info(self) -> &'static FormatInfo {
        FORMATS.iter().find(|info| info.format == self).expect("every format is listed in FORMATS")
    }

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        self.info().name
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.info().description)
    }
}

type CsvMatcher = fn(&[String]) -> bool;
type JsonMatcher = fn(&JsonDocument) -> bool;
type JsonLoader = fn(&Path, &JsonDocument, &LoadOptions) -> Result<Loaded, LoadError>;

/// CSV formats with a fixed layout, most specific first. Mapped CSV (configuration) is tried
/// before these and canonical CSV after them.
const CSV_FORMATS: &[(Format, CsvMatcher, CsvLoader)] = &[
    (Format::JiraCsv, jira_csv::matches, jira_csv::load),
    (Format::LinearCsv, linear::matches, linear::load),
    (Format::AzureDevOpsCsv, azure_devops::matches, azure_devops::load),
    (Format::EffortEstimatesCsv, effort_estimates::matches, effort_estimates::load),
    (Format::SprintReportCsv, sprint_report::matches, sprint_report::load),
    (Format::PokerVotesCsv, poker_votes::matches, poker_votes::load),
    (Format::OdiSurveyCsv, survey::matches, survey::load),
    (Format::AppReviewsCsv, feedback::matches_app_reviews, feedback::load_app_reviews),
    // Generic: a text column and one customer-ish column; after every tracker format.
    (Format::FeedbackCsv, feedback::matches_csv, feedback::load_csv),
];

/// JSON formats with a fixed shape, most specific first; canonical JSON is tried after them.
const JSON_FORMATS: &[(Format, JsonMatcher, JsonLoader)] = &[
    (Format::JiraJson, jira_json::matches, jira_json::load),
    (Format::GitHubJson, github::matches, github::load),
    // Declines Jira and GitHub issues and other canonical tables itself; keep it last.
    (Format::FeedbackJson, feedback::matches_json, feedback::load_json),
];

/// How much of a file detection looks at before choosing a format.
const HEAD_BYTES: usize = 64 * 1024;

/// Detects the format of `path` and loads it.
pub fn detect_and_load(path: &Path, options: &LoadOptions) -> Result<(Format, Loaded), LoadError> {
    let io_error = |cause| LoadError::Io { path: path.to_owned(), cause };
    let mut head = Vec::with_capacity(HEAD_BYTES);
    std::fs::File::open(path)
        .map_err(io_error)?
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io_error)?;
    if head.starts_with(b"PAR1") {
        if options.feedback_in_batches && canonical::parquet_table(path)? == Some(Table::Feedback) {
            let stream = FeedbackStream::parquet(path);
            return Ok((Format::CanonicalParquet, Loaded { stream: Some(stream), ..Loaded::default() }));
        }
        return Ok((Format::CanonicalParquet, canonical::load_parquet(path)?));
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty { path: path.to_owned() });
    }
    match sniff::sniff(text) {
        Sniffed::Text => {}
        Sniffed::KnownBinary { what, advice } => {
            return Err(LoadError::KnownBinary { path: path.to_owned(), what, advice });
        }
        Sniffed::OtherEncoding { encoding, iconv } => {
            return Err(LoadError::OtherEncoding { path: path.to_owned(), encoding, iconv });
        }
        Sniffed::Binary { offset } => {
            return Err(LoadError::Binary { path: path.to_owned(), offset, byte: text[offset] });
        }
    }
    let first = text.iter().find(|byte| !byte.is_ascii_whitespace()).copied();
    if matches!(first, Some(b'{' | b'[')) {
        let bytes = std::fs::read(path).map_err(io_error)?;
        let document = JsonDocument::parse(path, &bytes)?;
        detect_json(path, &document, options)
    } else {
        let headers = read_header(path)?;
        detect_csv(path, headers, options)
    }
}

fn read_header(path: &Path) -> Result<Vec<String>, LoadError> {
    let file = std::fs::File::open(path).map_err(|cause| LoadError::Io { path: path.to_owned(), cause })?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(file);
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        // A control character in a header is replaced, as in a cell, so that no output shows it.
        Ok(true) => Ok(record
            .iter()
            .map(|name| {
                let name = name.trim_start_matches('\u{feff}').trim();
                super::cell_checks::without_control_characters(name).into_owned()
            })
            .collect()),
        Ok(false) => Err(LoadError::Empty { path: path.to_owned() }),
        Err(error) => Err(LoadError::MalformedCsv {
            path: path.to_owned(),
            location: super::Location::Row(1),
            message: error.to_string(),
        }),
    }
}

/// The loader chosen for a CSV header.
enum CsvChoice<'a> {
    Mapped(&'a str, &'a super::settings::ColumnMapping),
    Fixed(Format, CsvLoader),
    Canonical(Table),
}

/// What the chosen loader asks of the read (see [`TextTable::read`]): the columns it parses as
/// numbers, read as numbers straight away, and the source columns of the canonical columns it
/// may leave unread ([`LoadOptions::columns_read`]). Only loaders whose mapping is a list of
/// (canonical column, header position) known from the header take part; loaders that read a
/// column as text too, or compute from it, read every column as text.
fn read_plan(choice: &CsvChoice, headers: &[String], options: &LoadOptions) -> ReadPlan {
    let (table, mapping) = match choice {
        CsvChoice::Fixed(Format::FeedbackCsv, _) => (Table::Feedback, feedback::csv_columns(headers)),
        CsvChoice::Canonical(table) => (*table, canonical::csv_columns(*table, headers)),
        _ => return ReadPlan::default(),
    };
    let numbers = (mapping.iter())
        .filter_map(|&(column, position)| {
            let column_type = table.column(column)?.column_type;
            matches!(column_type, ColumnType::Integer | ColumnType::Number).then_some((position, column_type))
        })
        .collect();
    let feeds_a_read_column = |position: usize| {
        mapping.iter().any(|&(column, at)| at == position && !options.leaves_unread(table, column))
    };
    let unread = (mapping.iter())
        .map(|&(_, position)| position)
        .filter(|&position| !feeds_a_read_column(position))
        .collect();
    ReadPlan { numbers, unread }
}

fn detect_csv(
    path: &Path,
    headers: Vec<String>,
    options: &LoadOptions,
) -> Result<(Format, Loaded), LoadError> {
    let choice = if let Some((name, mapping)) = mapped::find_mapping(&headers, &options.source.mappings) {
        CsvChoice::Mapped(name, mapping)
    } else if let Some((format, _, load)) = CSV_FORMATS.iter().find(|(_, matches, _)| matches(&headers)) {
        CsvChoice::Fixed(*format, *load)
    } else if let Some(table) = canonical::table_of_headers(&headers) {
        CsvChoice::Canonical(table)
    } else {
        let found = format!("a CSV with columns {}", crate::model::wording::list_for_message(&headers));
        let hint = Some(refine_ranking_hint(&headers)).filter(|hint| !hint.is_empty());
        return Err(unknown(path, found + &hint.unwrap_or_else(|| canonical::near_miss(&headers))));
    };
    let plan = read_plan(&choice, &headers, options);
    if options.feedback_in_batches
        && let Some((format, load)) = feedback_layout(&choice)
    {
        let stream = FeedbackStream::csv(path, format, headers, plan, load, options);
        return Ok((format, Loaded { stream: Some(stream), ..Loaded::default() }));
    }
    let text = TextTable::read(path, headers, options.strict, &plan)?;
    if text.height() == 0 && text.problems.is_empty() {
        return Err(LoadError::NoRows { path: path.to_owned() });
    }
    let (format, mut loaded) = match choice {
        CsvChoice::Mapped(name, mapping) => (Format::MappedCsv, mapped::load(&text, name, mapping, options)?),
        CsvChoice::Fixed(format, load) => (format, load(&text, options)?),
        CsvChoice::Canonical(table) => (Format::CanonicalCsv, canonical::load_csv(&text, table, options)?),
    };
    loaded.records = text.height() + text.problems.len();
    loaded.note_unmapped(&text.headers);
    Ok((format, loaded))
}

/// The format and loader of a CSV choice that loads feedback, which can be read in batches.
fn feedback_layout(choice: &CsvChoice) -> Option<(Format, CsvLoader)> {
    match choice {
        CsvChoice::Fixed(format @ (Format::FeedbackCsv | Format::AppReviewsCsv), load) => {
            Some((*format, *load))
        }
        CsvChoice::Canonical(Table::Feedback) => {
            Some((Format::CanonicalCsv, |text, options| canonical::load_csv(text, Table::Feedback, options)))
        }
        _ => None,
    }
}

fn detect_json(
    path: &Path,
    document: &JsonDocument,
    options: &LoadOptions,
) -> Result<(Format, Loaded), LoadError> {
    if document.records.is_empty() {
        return Err(LoadError::NoRows { path: path.to_owned() });
    }
    let (format, mut loaded) =
        if let Some((format, _, load)) = JSON_FORMATS.iter().find(|(_, matches, _)| matches(document)) {
            (*format, load(path, document, options)?)
        } else if let Some(table) = canonical::table_of_json(document) {
            (Format::CanonicalJson, canonical::load_json(path, document, table, options)?)
        } else {
            return Err(unknown(path, document.shape() + &refine_output_hint(document)));
        };
    loaded.records = document.records.len();
    Ok((format, loaded))
}

/// What refine's own outputs are told apart by, for the unknown-format error: they are read
/// back only as `refine rank --previous` rankings, and are easily given where an export of the
/// tracker belongs (an input, `refine health --previous`).
const NOT_AN_EXPORT: &str = "not an export of a tracker: inputs and `refine health --previous` \
                             take the tracker's export; `refine rank --previous` takes a ranking";

/// A note for a CSV with the columns of refine's ranking (`refine rank --format csv`).
fn refine_ranking_hint(headers: &[String]) -> String {
    let ranking = ["rank", "key", "score", "explanation"].iter().all(|name| has_header(headers, name));
    if ranking { format!(" (a ranking refine wrote, {NOT_AN_EXPORT})") } else { String::new() }
}

/// A note for JSON that names one of refine's output schemas (`"schema": "refine.rank/1"`).
fn refine_output_hint(document: &JsonDocument) -> String {
    let schema = |object: &serde_json::Map<String, serde_json::Value>| {
        object.get("schema").and_then(serde_json::Value::as_str).map(str::to_owned)
    };
    match schema(&document.envelope).or_else(|| document.first_object().and_then(schema)) {
        Some(schema) if schema.starts_with("refine.") => {
            format!(" (output refine wrote, {schema}: {NOT_AN_EXPORT})")
        }
        _ => String::new(),
    }
}

fn unknown(path: &Path, found: String) -> LoadError {
    let known = FORMATS.iter().map(|info| info.name).collect::<Vec<_>>().join(", ");
    LoadError::UnknownFormat { path: path.to_owned(), found, known }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::{load_content, try_load_content};
    use crate::load::{Location, Problem};

    /// A sprint report of Atlassian's own boards has one sprint name with a raw 0x1A: the file
    /// was refused whole when the byte was in its first 64 KB, and copied raw into outputs after.
    #[test]
    fn a_control_byte_in_one_cell_is_reported_and_replaced_wherever_it_is() {
        let options = LoadOptions::default();
        let header = "sprint,start,end,committed_points,completed_points\n";
        let row = |index: usize| format!("Sprint {index},2026-01-01,2026-01-14,20,18\n");
        for rows_before in [1, 3_000] {
            let mut content = header.to_owned();
            (0..rows_before).for_each(|index| content.push_str(&row(index)));
            content.push_str("Sprint \u{fffd}\u{1a}9,2026-02-01,2026-02-14,20,17\n");
            let file = load_content("sprints.csv", &content, &options);
            let bad_row = rows_before as u64 + 2;
            assert_eq!(
                file.loaded.problems,
                [Problem::new(
                    Location::Row(bad_row),
                    Some("sprint"),
                    super::super::cell_checks::EXPECTED_TEXT,
                    "Sprint \u{fffd}\u{1a}9"
                )],
                "{rows_before} rows before it"
            );
            let sprints = &file.loaded.tables[&Table::Sprints];
            assert_eq!(sprints.height(), rows_before + 1, "the row is kept");
            let names = sprints.column("sprint").unwrap().str().unwrap().clone();
            assert_eq!(names.get(rows_before), Some("Sprint \u{fffd}\u{fffd}9"));
        }
    }

    #[test]
    fn a_control_byte_fails_the_file_with_strict() {
        let options = LoadOptions { strict: true, ..LoadOptions::default() };
        let error = try_load_content("items.csv", "key,title\nA-1,ok\nA-2,n\0l\n", &options).unwrap_err();
        assert!(matches!(
            error,
            LoadError::BadValue { problem: Problem { location: Location::Row(3), .. }, .. }
        ));
    }

    /// A quote that never closes took the next rows into one title, silently, even with
    /// `--strict`.
    #[test]
    fn a_stray_unclosed_quote_is_reported_where_it_opened_and_the_rows_after_it_are_read() {
        let content = "key,title,status,estimate\nQ-1,ok,To Do,1\nQ-2,\"never closed,To Do,2\n\
                       Q-3,fine,To Do,3\nQ-4,\"other\",To Do,5\nQ-5,last,To Do,8\n";
        let file = load_content("q.csv", content, &LoadOptions::default());
        let items = &file.loaded.tables[&Table::Items];
        let keys: Vec<_> = items.column("key").unwrap().str().unwrap().iter().flatten().collect();
        assert_eq!(keys, ["Q-1", "Q-3", "Q-4", "Q-5"]);
        let titles: Vec<_> = items.column("title").unwrap().str().unwrap().iter().flatten().collect();
        assert_eq!(titles, ["ok", "fine", "other", "last"]);
        let [problem] = &file.loaded.problems[..] else { panic!("{:?}", file.loaded.problems) };
        assert_eq!((problem.location, problem.column.as_deref()), (Location::Row(3), Some("title")));
        assert_eq!(problem.found, "Q-2,\"never closed,To Do,2");
        assert_eq!((file.loaded.records, file.loaded.skipped_records), (5, 1));

        let strict = LoadOptions { strict: true, ..LoadOptions::default() };
        let error = try_load_content("q.csv", content, &strict).unwrap_err();
        assert!(matches!(
            error,
            LoadError::BadValue { problem: Problem { location: Location::Row(3), .. }, .. }
        ));
    }

    #[test]
    fn a_multi_line_description_with_commas_is_not_a_stray_quote() {
        let content =
            "key,title,description\nA-1,Pay,\"Steps:\n1. open the app, log in\n2. tap Pay\"\nA-2,Refund,x\n";
        let file = load_content("items.csv", content, &LoadOptions::default());
        assert!(file.loaded.problems.is_empty(), "{:?}", file.loaded.problems);
        assert_eq!(file.loaded.tables[&Table::Items].height(), 2);
    }

    #[test]
    fn utf16_and_known_binary_files_get_their_own_message() {
        let options = LoadOptions::default();
        let utf16: Vec<u8> =
            "\u{feff}key,title\nA-1,Login\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let error = try_load_content("items.csv", utf16, &options).unwrap_err();
        assert!(matches!(error, LoadError::OtherEncoding { iconv: "UTF-16LE", .. }), "{error}");
        let error = try_load_content("items.xlsx", b"PK\x03\x04\x14\x00\x06\x00", &options).unwrap_err();
        assert!(matches!(error, LoadError::KnownBinary { .. }), "{error}");
        assert!(error.to_string().contains("save the sheet as CSV"), "{error}");
    }
}
