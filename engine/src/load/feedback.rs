//! Customer feedback: what customers asked for or complained about, from three kinds of export.
//!
//! - **Feedback CSV** (`feedback-csv`): what a feedback tool (Productboard, Canny, a support
//!   desk) or a spreadsheet holds, one request per row. Headers are matched ignoring case, the
//!   first alias present wins: `id`; `key|issue_key|linked_issue` (the item it asks for);
//!   `text|feedback|comment|request|content`; `customer|account|company`; `segment|plan|tier`;
//!   `weight|arr|mrr|revenue`; `created|date|created_at`; `votes|upvotes`;
//!   `rating|score|stars`; `source|channel`. Recognised by a text column and at least one of
//!   customer, segment, weight, key or rating (a text column alone says too little).
//! - **App-store reviews** (`app-reviews-csv`), tried before the generic CSV. Google Play's
//!   layout as review scrapers write it (`userName, userImage, content, score, thumbsUpCount,
//!   reviewCreatedVersion, at, replyContent, repliedAt, appVersion`): text = content,
//!   customer = userName, rating = score, votes = thumbsUpCount, created = at, source
//!   `google-play`. App Store Connect has no CSV export of reviews; its API
//!   (`GET /v1/apps/{id}/customerReviews`) returns `rating, title, body, reviewerNickname,
//!   createdDate, territory` per review, and a CSV of those names (as scripts flatten it) reads
//!   as text = body, customer = reviewerNickname, rating, created = createdDate, source
//!   `app-store`. (appfigures' review export layout is not publicly documented, so it is not
//!   guessed at.) A review without an `id` column gets its record number in the file
//!   (1 = first review) as id. Reply texts and app versions have no canonical column.
//! - **Feedback JSON** (`feedback-json`): an array, envelope or JSON Lines of objects with a
//!   text field (`text|feedback|comment|content|body`) and at least one other field of the
//!   aliases above (and App Store Connect's or Google Play's review field names), looked up in
//!   the record or in its `attributes` object (App Store Connect's API shape). Jira issues (`key` + `fields`), GitHub issues (`number` + `title`) and
//!   refine's canonical tables other than feedback are left to their own formats.

use std::collections::BTreeSet;
use std::path::Path;

use polars::prelude::*;
use serde_json::Value;

use super::error::{LoadError, Location};
use super::frame_builder::FrameBuilder;
use super::json::{self, JsonDocument};
use super::text_table::has_header;
use super::text_table::{TextTable, header_position_of_any};
use super::{LoadOptions, Loaded, canonical};
use crate::model::{Table, feedback};

const TEXT: &[&str] = &["text", "feedback", "comment", "request", "content"];
const TEXT_JSON: &[&str] = &["text", "feedback", "comment", "content", "body"];
const KEY: &[&str] = &["key", "issue_key", "linked_issue"];
const CUSTOMER: &[&str] = &["customer", "account", "company"];
const SEGMENT: &[&str] = &["segment", "plan", "tier"];
const WEIGHT: &[&str] = &["weight", "arr", "mrr", "revenue"];
const RATING: &[&str] = &["rating", "score", "stars"];

/// Canonical column ← the headers that fill it, in order of preference (the text apart).
const COLUMNS: &[(&str, &[&str])] = &[
    (feedback::ID, &["id"]),
    (feedback::KEY, KEY),
    (feedback::CUSTOMER, CUSTOMER),
    (feedback::SEGMENT, SEGMENT),
    (feedback::WEIGHT, WEIGHT),
    (feedback::CREATED, &["created", "date", "created_at"]),
    (feedback::VOTES, &["votes", "upvotes"]),
    (feedback::RATING, RATING),
    (feedback::SOURCE, &["source", "channel"]),
];

/// JSON adds the field names of App Store Connect's review attributes and of Google Play
/// reviews as `google-play-scraper` writes them, for when the generic names are absent.
const JSON_EXTRA: &[(&str, &[&str])] = &[
    (feedback::ID, &["reviewId"]),
    (feedback::CUSTOMER, &["reviewerNickname", "userName"]),
    (feedback::CREATED, &["createdDate", "at"]),
    (feedback::VOTES, &["thumbsUpCount"]),
];

/// An app store's review export: the headers that identify it, how they map, its channel name.
struct ReviewLayout {
    signature: &'static [&'static str],
    columns: &'static [(&'static str, &'static str)],
    source: &'static str,
}

const REVIEW_LAYOUTS: [ReviewLayout; 2] = [
    ReviewLayout {
        signature: &["userName", "content", "score", "thumbsUpCount"],
        columns: &[
            (feedback::TEXT, "content"),
            (feedback::CUSTOMER, "userName"),
            (feedback::RATING, "score"),
            (feedback::VOTES, "thumbsUpCount"),
            (feedback::CREATED, "at"),
            (feedback::ID, "reviewId"),
        ],
        source: "google-play",
    },
    ReviewLayout {
        signature: &["reviewerNickname", "body", "rating"],
        columns: &[
            (feedback::TEXT, "body"),
            (feedback::CUSTOMER, "reviewerNickname"),
            (feedback::RATING, "rating"),
            (feedback::CREATED, "createdDate"),
            (feedback::ID, "id"),
        ],
        source: "app-store",
    },
];

fn has_any(headers: &[String], names: &[&str]) -> bool {
    names.iter().any(|name| has_header(headers, name))
}

/// A text column and one of customer, segment, weight, key or rating.
pub fn matches_csv(headers: &[String]) -> bool {
    has_any(headers, TEXT)
        && [CUSTOMER, SEGMENT, WEIGHT, KEY, RATING].iter().any(|names| has_any(headers, names))
}

/// Loads a feedback CSV.
pub fn load_csv(text: &TextTable, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let mut builder = FrameBuilder::new(Table::Feedback, text);
    for (target, position) in csv_columns(&text.headers) {
        builder.map(target, position);
    }
    finish(builder, options)
}

/// The canonical columns of a feedback CSV with `headers`, each with the position of the
/// header that fills it (the first alias present).
pub fn csv_columns(headers: &[String]) -> Vec<(&'static str, usize)> {
    (std::iter::once(&(feedback::TEXT, TEXT)).chain(COLUMNS))
        .filter_map(|&(target, aliases)| Some((target, header_position_of_any(headers, aliases)?)))
        .collect()
}

/// Google Play's or App Store Connect's review columns.
pub fn matches_app_reviews(headers: &[String]) -> bool {
    review_layout(headers).is_some()
}

fn review_layout(headers: &[String]) -> Option<&'static ReviewLayout> {
    REVIEW_LAYOUTS.iter().find(|layout| layout.signature.iter().all(|name| has_header(headers, name)))
}

/// Loads app-store reviews.
pub fn load_app_reviews(text: &TextTable, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let Some(layout) = review_layout(&text.headers) else {
        return Err(LoadError::MissingColumn {
            path: text.path.clone(),
            format: "app-store review export".to_owned(),
            column: feedback::TEXT.to_owned(),
            found: crate::model::wording::list_for_message(&text.headers),
        });
    };
    let mut builder = FrameBuilder::new(Table::Feedback, text);
    for (target, header) in layout.columns {
        builder.map_any(target, &[*header]);
    }
    if !builder.has(feedback::ID) {
        builder.put(feedback::ID, record_numbers(text).into_column(), Vec::new());
    }
    let sources = StringChunked::full(feedback::SOURCE.into(), layout.source, text.height());
    builder.put(feedback::SOURCE, sources.into_column(), Vec::new());
    finish(builder, options)
}

/// Each row's record number in the file (1 = the first after the header), stable when rows
/// before it were skipped as unreadable.
fn record_numbers(text: &TextTable) -> StringChunked {
    (0..text.height())
        .map(|index| match text.location(index) {
            Location::Row(row) => Some(row.saturating_sub(1).to_string()),
            Location::Record(number) | Location::Line(number) => Some(number.to_string()),
        })
        .collect()
}

fn finish(builder: FrameBuilder<'_>, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let mut loaded = Loaded::default();
    loaded.add(Table::Feedback, builder.finish(options.strict)?);
    Ok(loaded)
}

/// Objects with a text field and another feedback field that are not Jira issues, GitHub
/// issues or another canonical table: at least half of a sample of the records, so one odd record
/// neither decides nor hides the format ([`JsonDocument::most_records`]).
pub fn matches_json(document: &JsonDocument) -> bool {
    let other_table = document
        .records_key
        .as_deref()
        .and_then(Table::from_name)
        .or_else(|| canonical::table_of_json(document));
    if other_table.is_some_and(|table| table != Table::Feedback) {
        return false;
    }
    document.most_records(looks_like_feedback)
}

/// Whether one record has a text field and another feedback field, and is no tracker issue.
fn looks_like_feedback(record: &Value) -> bool {
    let Some(object) = record.as_object() else { return false };
    let has = |name: &str| object.contains_key(name);
    let is_tracker_issue = (has("key") && has("fields")) || (has("number") && has("title"));
    if is_tracker_issue {
        return false;
    }
    let fields = field_paths(std::iter::once(record));
    let names: Vec<String> = fields.iter().map(|path| leaf(path).to_owned()).collect();
    has_any(&names, TEXT_JSON) && json_columns().any(|(_, aliases)| has_any(&names, aliases))
}

/// Loads feedback records from JSON.
pub fn load_json(path: &Path, document: &JsonDocument, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let fields = field_paths(document.records.iter());
    let mut chosen: Vec<(&'static str, String)> = Vec::new();
    for (target, aliases) in std::iter::once((feedback::TEXT, TEXT_JSON)).chain(json_columns()) {
        if chosen.iter().any(|(done, _)| *done == target) {
            continue;
        }
        if let Some(field) = find_field(&fields, aliases) {
            chosen.push((target, field.clone()));
        }
    }
    let headers: Vec<String> = chosen.iter().map(|(_, field)| field.clone()).collect();
    let rows: Vec<Vec<Option<String>>> = document
        .records
        .iter()
        .map(|record| headers.iter().map(|field| json::cell(lookup(record, field))).collect())
        .collect();
    let text = TextTable::from_located_rows(path, headers, &rows, document.locations.clone());
    let mut builder = FrameBuilder::new(Table::Feedback, &text);
    for (position, (target, _)) in chosen.iter().enumerate() {
        builder.map(target, position);
    }
    let mut loaded = finish(builder, options)?;
    loaded.note_unmapped(&fields);
    Ok(loaded)
}

fn json_columns() -> impl Iterator<Item = (&'static str, &'static [&'static str])> {
    COLUMNS.iter().chain(JSON_EXTRA).copied()
}

/// The object App Store Connect keeps a review's fields in.
const ATTRIBUTES: &str = "attributes";

/// Every field of the records, in first-seen order: top-level keys, and `attributes.<key>` for
/// the keys of an `attributes` object.
fn field_paths<'a>(records: impl Iterator<Item = &'a Value>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut paths = Vec::new();
    for object in records.filter_map(Value::as_object) {
        for (key, value) in object {
            let nested = match value {
                Value::Object(attributes) if key == ATTRIBUTES => {
                    attributes.keys().map(|inner| format!("{ATTRIBUTES}.{inner}")).collect()
                }
                _ => vec![key.clone()],
            };
            for path in nested {
                if seen.insert(path.clone()) {
                    paths.push(path);
                }
            }
        }
    }
    paths
}

/// The field name without its `attributes.` prefix.
fn leaf(path: &str) -> &str {
    path.strip_prefix(ATTRIBUTES).and_then(|rest| rest.strip_prefix('.')).unwrap_or(path)
}

/// The first field named like an alias (aliases in order of preference, ignoring case).
fn find_field<'a>(fields: &'a [String], aliases: &[&str]) -> Option<&'a String> {
    aliases.iter().find_map(|alias| fields.iter().find(|path| leaf(path).eq_ignore_ascii_case(alias)))
}

fn lookup<'a>(record: &'a Value, path: &str) -> Option<&'a Value> {
    match path.strip_prefix(ATTRIBUTES).and_then(|rest| rest.strip_prefix('.')) {
        Some(inner) => record.get(ATTRIBUTES)?.get(inner),
        None => record.get(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::try_load_content;
    use crate::load::{Format, LoadedFile, Problem};
    use polars::prelude::DataType;

    fn load_named(name: &str, content: &str) -> Result<LoadedFile, LoadError> {
        try_load_content(name, content, &LoadOptions::default())
    }

    fn load(content: &str) -> LoadedFile {
        load_named("export", content).unwrap()
    }

    fn texts<'a>(frame: &'a DataFrame, column: &str) -> Vec<Option<&'a str>> {
        frame.column(column).unwrap().str().unwrap().iter().collect()
    }

    fn millis(frame: &DataFrame, column: &str, row: usize) -> Option<i64> {
        frame.column(column).unwrap().cast(&DataType::Int64).unwrap().i64().unwrap().get(row)
    }

    #[test]
    fn feedback_csv_with_aliases() {
        let file = load(
            "Request,Company,Plan,ARR,Date,Upvotes,Linked_Issue,Channel\n\
             Export to PDF,Acme,Enterprise,120000,2024-02-01,3,SHOP-12,sales\n\
             \"Dark mode, please\",Initech,Starter,,2024-02-03,,,support\n",
        );
        assert_eq!(file.format, Format::FeedbackCsv);
        let frame = &file.loaded.tables[&Table::Feedback];
        assert_eq!(texts(frame, feedback::TEXT), [Some("Export to PDF"), Some("Dark mode, please")]);
        assert_eq!(texts(frame, feedback::CUSTOMER), [Some("Acme"), Some("Initech")]);
        assert_eq!(texts(frame, feedback::SEGMENT)[0], Some("Enterprise"));
        assert_eq!(texts(frame, feedback::KEY), [Some("SHOP-12"), None]);
        assert_eq!(texts(frame, feedback::SOURCE)[1], Some("support"));
        assert_eq!(frame.column(feedback::WEIGHT).unwrap().f64().unwrap().get(0), Some(120_000.0));
        assert_eq!(frame.column(feedback::VOTES).unwrap().i64().unwrap().get(0), Some(3));
        // 2024-02-01T00:00:00Z (`date -ud 2024-02-01 +%s` = 1706745600).
        assert_eq!(millis(frame, feedback::CREATED, 0), Some(1_706_745_600_000));
    }

    #[test]
    fn numbers_read_as_numbers_or_as_text_give_the_same_values_and_problems() {
        // Every cell a number: weight, votes and rating are read as numbers.
        let typed = load("text,customer,arr,votes,rating\na,x,10.5,3,4\nb,y,,,\n");
        let frame = &typed.loaded.tables[&Table::Feedback];
        assert_eq!(frame.column(feedback::WEIGHT).unwrap().f64().unwrap().get(0), Some(10.5));
        assert_eq!(frame.column(feedback::VOTES).unwrap().i64().unwrap().get(0), Some(3));
        assert_eq!(frame.column(feedback::RATING).unwrap().f64().unwrap().get(1), None);
        assert!(typed.loaded.problems.is_empty());
        // NaN parses as a float but is no number to refine; `3.0` and `NULL` are no integers to
        // polars but are to refine: the file is read as text and checked cell by cell.
        let text = load("text,customer,arr,votes,rating\na,x,1,3.0,NULL\nb,y,NaN,2,5\n");
        let frame = &text.loaded.tables[&Table::Feedback];
        assert_eq!(frame.column(feedback::VOTES).unwrap().i64().unwrap().get(0), Some(3));
        assert_eq!(frame.column(feedback::RATING).unwrap().f64().unwrap().get(0), None);
        assert_eq!(text.loaded.problems, [Problem::new(Location::Row(3), Some("arr"), "a number", "NaN")]);
    }

    #[test]
    fn optional_text_columns_not_read_are_empty_and_the_same_rows_load() {
        const READ: &[&str] = &[feedback::TEXT];
        let options = LoadOptions {
            columns_read: std::collections::BTreeMap::from([(Table::Feedback, READ)]),
            ..LoadOptions::default()
        };
        // Only optional text columns of a named table may be left unread.
        assert!(options.leaves_unread(Table::Feedback, feedback::CUSTOMER));
        assert!(!options.leaves_unread(Table::Feedback, feedback::RATING));
        assert!(!options.leaves_unread(Table::Feedback, feedback::TEXT));
        assert!(!options.leaves_unread(Table::Items, "assignee"));

        let content = "text,customer,plan,rating,channel\n\
                       Export,Acme,Enterprise,4,sales\n\
                       Dark mode,Initech,Starter,five,support\n";
        let whole = load(content);
        let projected = try_load_content("export", content, &options).unwrap();
        let (whole, projected) = (&whole.loaded, &projected.loaded);
        assert_eq!(projected.problems, whole.problems);
        assert_eq!(projected.problems[0], Problem::new(Location::Row(3), Some("rating"), "a number", "five"));
        let (frame, whole_frame) = (&projected.tables[&Table::Feedback], &whole.tables[&Table::Feedback]);
        assert_eq!(texts(frame, feedback::TEXT), [Some("Export")]);
        assert_eq!(frame.column(feedback::RATING).unwrap().f64().unwrap().get(0), Some(4.0));
        for column in [feedback::CUSTOMER, feedback::SEGMENT, feedback::SOURCE] {
            assert_eq!(texts(frame, column), [None], "{column}");
            assert!(texts(whole_frame, column)[0].is_some(), "{column}");
        }
    }

    #[test]
    fn feedback_csv_bad_values_name_row_and_column() {
        let file = load(
            "text,customer,rating,created\n\
             ok,a,4,2024-02-01\n\
             slow,b,five,2024-02-01\n\
             crash,c,1,last tuesday\n",
        );
        let loaded = &file.loaded;
        assert_eq!(loaded.tables[&Table::Feedback].height(), 1);
        assert_eq!(loaded.problems[0].location, Location::Row(3));
        assert_eq!(loaded.problems[0].column.as_deref(), Some("rating"));
        assert_eq!(loaded.problems[1].location, Location::Row(4));
        assert_eq!(loaded.problems[1].column.as_deref(), Some("created"));
        assert_eq!(loaded.problems[1].found, "last tuesday");
    }

    #[test]
    fn a_text_column_alone_is_not_feedback() {
        let headers = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect::<Vec<_>>();
        assert!(!matches_csv(&headers(&["comment", "author"])));
        assert!(matches_csv(&headers(&["Comment", "Account"])));
        assert!(!matches_app_reviews(&headers(&["content", "score"])));
    }

    #[test]
    fn google_play_reviews() {
        let file = load(
            "userName,userImage,content,score,thumbsUpCount,reviewCreatedVersion,at,replyContent,repliedAt,appVersion\n\
             User_0,,Good,5,0,4.556.10005,2024-12-18 17:17:19,,,4.556.10005\n\
             User_1,,\"Driver cancelled, twice\",1,12,,2024-12-18 17:10:00,Sorry,2023-01-02 10:00:00,\n",
        );
        assert_eq!(file.format, Format::AppReviewsCsv);
        let frame = &file.loaded.tables[&Table::Feedback];
        assert_eq!(texts(frame, feedback::ID), [Some("1"), Some("2")]);
        assert_eq!(texts(frame, feedback::TEXT)[1], Some("Driver cancelled, twice"));
        assert_eq!(texts(frame, feedback::CUSTOMER)[1], Some("User_1"));
        assert_eq!(texts(frame, feedback::SOURCE), [Some("google-play"), Some("google-play")]);
        assert_eq!(frame.column(feedback::RATING).unwrap().f64().unwrap().get(1), Some(1.0));
        assert_eq!(frame.column(feedback::VOTES).unwrap().i64().unwrap().get(1), Some(12));
        // 2024-12-18T17:17:19Z (`date -ud '2024-12-18 17:17:19' +%s` = 1734542239).
        assert_eq!(millis(frame, feedback::CREATED, 0), Some(1_734_542_239_000));
        let unmapped: Vec<_> =
            file.loaded.columns.iter().filter(|c| c.target.is_none()).map(|c| c.source.as_str()).collect();
        assert_eq!(
            unmapped,
            ["userImage", "reviewCreatedVersion", "replyContent", "repliedAt", "appVersion"]
        );
    }

    #[test]
    fn app_store_connect_reviews_csv() {
        let file = load(
            "id,rating,title,body,reviewerNickname,createdDate,territory\n\
             00000028-b08c,5,Awesome,It's a really fantastic app!,Anne,2017-11-15T08:10:34-08:00,USA\n",
        );
        assert_eq!(file.format, Format::AppReviewsCsv);
        let frame = &file.loaded.tables[&Table::Feedback];
        assert_eq!(texts(frame, feedback::ID), [Some("00000028-b08c")]);
        assert_eq!(texts(frame, feedback::TEXT), [Some("It's a really fantastic app!")]);
        assert_eq!(texts(frame, feedback::SOURCE), [Some("app-store")]);
        // 2017-11-15T16:10:34Z (`date -ud '2017-11-15 16:10:34' +%s` = 1510762234).
        assert_eq!(millis(frame, feedback::CREATED, 0), Some(1_510_762_234_000));
    }

    #[test]
    fn feedback_json_array_with_a_bad_value_names_the_record() {
        let file = load_named(
            "feedback.json",
            r#"[{"id":"F-1","feedback":"Bulk edit","account":"Acme","mrr":900,"issue_key":"SHOP-3","extra":1},
                {"id":"F-2","feedback":"Slow search","account":"Initech","mrr":"lots"},
                {"id":"F-3","feedback":"Offline mode","account":"Hooli","stars":2}]"#,
        )
        .unwrap();
        assert_eq!(file.format, Format::FeedbackJson);
        let frame = &file.loaded.tables[&Table::Feedback];
        assert_eq!(texts(frame, feedback::TEXT), [Some("Bulk edit"), Some("Offline mode")]);
        assert_eq!(texts(frame, feedback::KEY), [Some("SHOP-3"), None]);
        assert_eq!(frame.column(feedback::WEIGHT).unwrap().f64().unwrap().get(0), Some(900.0));
        assert_eq!(frame.column(feedback::RATING).unwrap().f64().unwrap().get(1), Some(2.0));
        assert_eq!(
            file.loaded.problems,
            [Problem::new(Location::Record(2), Some("mrr"), "a number", "lots")]
        );
        assert!(file.loaded.columns.iter().any(|c| c.source == "extra" && c.target.is_none()));
    }

    #[test]
    fn feedback_json_whose_first_record_lacks_the_text_is_still_feedback_and_that_record_reported() {
        // The first record decided the format: one without its text made the file unknown.
        let file = load_named(
            "feedback.json",
            r#"[{"id":"F-1","account":"Acme"},
                {"id":"F-2","feedback":"Slow search","account":"Initech"},
                {"id":"F-3","feedback":"Offline mode","account":"Hooli"}]"#,
        )
        .unwrap();
        assert_eq!(file.format, Format::FeedbackJson);
        let frame = &file.loaded.tables[&Table::Feedback];
        assert_eq!(texts(frame, feedback::TEXT), [Some("Slow search"), Some("Offline mode")]);
        assert_eq!(
            file.loaded.problems,
            [Problem::new(Location::Record(1), Some("feedback"), "a value", "")]
        );
        // A tracker issue among feedback records does not decide either way on its own.
        let mixed = load_named(
            "feedback.json",
            r#"[{"number":1,"title":"t","feedback":"Bulk edit","account":"Acme"},
                {"id":"F-2","feedback":"Slow search","account":"Initech"}]"#,
        )
        .unwrap();
        assert_eq!(mixed.format, Format::FeedbackJson);
    }

    #[test]
    fn app_store_connect_api_json_reads_attributes() {
        let file = load_named(
            "reviews.json",
            r#"{"data":[{"type":"customerReviews","id":"00000028","attributes":{"rating":5,"title":"Awesome!!!","body":"It's a really fantastic app!","reviewerNickname":"Anne Johnson","createdDate":"2017-11-15T08:10:34-08:00","territory":"USA"}}]}"#,
        )
        .unwrap();
        assert_eq!(file.format, Format::FeedbackJson);
        let frame = &file.loaded.tables[&Table::Feedback];
        assert_eq!(texts(frame, feedback::ID), [Some("00000028")]);
        assert_eq!(texts(frame, feedback::CUSTOMER), [Some("Anne Johnson")]);
        assert_eq!(frame.column(feedback::RATING).unwrap().f64().unwrap().get(0), Some(5.0));
    }

    #[test]
    fn google_play_scraper_json_uses_its_field_names() {
        let file = load_named(
            "reviews.json",
            r#"[{"reviewId":"gp:1","userName":"Ann","content":"Great","score":5,"thumbsUpCount":3,"at":"2024-12-18 17:17:19"}]"#,
        )
        .unwrap();
        assert_eq!(file.format, Format::FeedbackJson);
        let frame = &file.loaded.tables[&Table::Feedback];
        assert_eq!(texts(frame, feedback::ID), [Some("gp:1")]);
        assert_eq!(texts(frame, feedback::CUSTOMER), [Some("Ann")]);
        assert_eq!(frame.column(feedback::VOTES).unwrap().i64().unwrap().get(0), Some(3));
        assert_eq!(millis(frame, feedback::CREATED, 0), Some(1_734_542_239_000));
    }

    #[test]
    fn json_lines_feedback() {
        let file = load_named(
            "feedback.jsonl",
            "{\"text\":\"Export\",\"customer\":\"Acme\",\"created\":\"2024-02-01\"}\n{\"text\":\"Import\",\"customer\":\"Hooli\",\"created\":\"soon\"}\n",
        )
        .unwrap();
        assert_eq!(file.loaded.tables[&Table::Feedback].height(), 1);
        assert_eq!(file.loaded.problems[0].location, Location::Line(2));
        assert_eq!(file.loaded.problems[0].column.as_deref(), Some("created"));
    }

    #[test]
    fn tracker_issues_and_other_tables_are_not_feedback() {
        let document = |text: &str| JsonDocument::parse(Path::new("t.json"), text.as_bytes()).unwrap();
        let jira = document(r#"{"issues":[{"key":"A-1","fields":{"comment":"x","customer":"y"}}]}"#);
        assert!(!matches_json(&jira));
        let github = document(r#"[{"number":1,"title":"Bug","state":"open","body":"x","id":7}]"#);
        assert!(!matches_json(&github));
        let votes = document(r#"{"votes":[{"key":"A-1","estimator":"ann","value":"5","comment":"x"}]}"#);
        assert!(!matches_json(&votes));
        let lonely = document(r#"[{"text":"only text"}]"#);
        assert!(!matches_json(&lonely));
        let feedback = document(r#"[{"text":"Export","customer":"Acme"}]"#);
        assert!(matches_json(&feedback));
    }
}
