//! Outcome-driven-innovation (ODI) survey answers as CSV: how important each desired outcome is
//! to each respondent and how satisfied they are with how it is met today, both rated 1–5.
//!
//! Survey tools (Typeform, SurveyMonkey, Google Forms, Qualtrics) export one row per respondent
//! with one column per question, so the **wide** form is a respondent column
//! (`respondent|respondent_id|id`) and a pair of columns per outcome: `imp_<outcome>` and
//! `sat_<outcome>` (or `importance_<outcome>` and `satisfaction_<outcome>`), the outcome id
//! being whatever follows the prefix: an outcome id or an item key such as `SHOP-12`. The
//! **long** form, as analysis tools and refine's demo write it, has one row per answer:
//! `outcome|outcome_id, respondent|respondent_id|id, importance|imp, satisfaction|sat`.
//! Headers and prefixes are matched ignoring case.
//!
//! A rating must be a whole number from 1 to 5. A rating that is not (`7`, `high`) is a problem
//! naming the row and the source column (`imp_SHOP-12`), and only that rating is left out
//! (null): the respondent's other answers, and the other rating of the same answer, stay. ODI
//! counts a respondent for an outcome only when both ratings are valid; the opportunity analysis
//! applies that rule, so the loader keeps what is valid instead of guessing. A wide-form answer
//! whose two cells are both empty was not given and makes no row.

use polars::prelude::*;

use super::error::{LoadError, Problem};
use super::frame_builder::{FrameBuilder, is_missing, parse_integer};
use super::text_table::TextTable;
use super::text_table::has_header;
use super::{LoadOptions, Loaded, SourceColumn};
use crate::model::{Table, survey};

const RESPONDENT: &[&str] = &["respondent", "respondent_id", "id"];
const OUTCOME: &[&str] = &["outcome", "outcome_id"];
const IMPORTANCE: &[&str] = &["importance", "imp"];
const SATISFACTION: &[&str] = &["satisfaction", "sat"];
/// Wide-form column prefixes, the longer first so that `importance_x` is not read as `imp…`.
const IMPORTANCE_PREFIXES: [&str; 2] = ["importance_", "imp_"];
const SATISFACTION_PREFIXES: [&str; 2] = ["satisfaction_", "sat_"];

/// What a rating must be, for problems.
const EXPECTED_RATING: &str = "a whole number from 1 to 5";

fn has_any(headers: &[String], names: &[&str]) -> bool {
    names.iter().any(|name| has_header(headers, name))
}

/// The wide form (a respondent column, `imp_*` and `sat_*` columns) or the long form (outcome,
/// respondent and a rating column).
pub fn matches(headers: &[String]) -> bool {
    is_wide(headers) || is_long(headers)
}

fn is_wide(headers: &[String]) -> bool {
    let has_prefixed =
        |prefixes: &[&str]| headers.iter().any(|header| strip_prefix(header, prefixes).is_some());
    has_any(headers, RESPONDENT) && has_prefixed(&IMPORTANCE_PREFIXES) && has_prefixed(&SATISFACTION_PREFIXES)
}

fn is_long(headers: &[String]) -> bool {
    has_any(headers, OUTCOME)
        && has_any(headers, RESPONDENT)
        && (has_any(headers, IMPORTANCE) || has_any(headers, SATISFACTION))
}

/// Loads the answers of either form into the survey table.
pub fn load(text: &TextTable, options: &LoadOptions) -> Result<Loaded, LoadError> {
    if is_long(&text.headers) { load_long(text, options) } else { load_wide(text, options) }
}

/// `header` without the first of `prefixes` it starts with (ignoring case), if the rest is not
/// empty.
fn strip_prefix<'a>(header: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|prefix| {
        let head = header.get(..prefix.len())?;
        let rest = header.get(prefix.len()..)?.trim();
        (head.eq_ignore_ascii_case(prefix) && !rest.is_empty()).then_some(rest)
    })
}

/// One rating cell read.
enum Rating {
    Missing,
    Valid(i64),
    Invalid,
}

fn read_rating(cell: Option<&str>) -> Rating {
    match cell.filter(|cell| !is_missing(cell)) {
        None => Rating::Missing,
        Some(cell) => match parse_integer(cell) {
            Some(rating @ 1..=5) => Rating::Valid(rating),
            _ => Rating::Invalid,
        },
    }
}

/// The ratings of the column at `position`, each bad one reported on its row (which stays).
fn rating_column(builder: &mut FrameBuilder<'_>, text: &TextTable, position: usize) -> Int64Chunked {
    let header = text.headers[position].as_str();
    text.column(position)
        .iter()
        .enumerate()
        .map(|(index, cell)| match read_rating(cell) {
            Rating::Missing => None,
            Rating::Valid(rating) => Some(rating),
            Rating::Invalid => {
                let problem = Problem::new(
                    text.location(index),
                    Some(header),
                    EXPECTED_RATING,
                    cell.unwrap_or_default(),
                );
                builder.report(index, problem, true);
                None
            }
        })
        .collect()
}

fn load_long(text: &TextTable, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let mut builder = FrameBuilder::new(Table::Survey, text);
    builder.map_any(survey::OUTCOME, OUTCOME);
    builder.map_any(survey::RESPONDENT, RESPONDENT);
    for (target, names) in [(survey::IMPORTANCE, IMPORTANCE), (survey::SATISFACTION, SATISFACTION)] {
        if let Some(position) = text.position_of_any(names) {
            let ratings = rating_column(&mut builder, text, position);
            builder.put(target, ratings.into_column(), vec![position]);
        }
    }
    let mut loaded = Loaded::default();
    loaded.add(Table::Survey, builder.finish(options.strict)?);
    Ok(loaded)
}

/// One outcome of a wide survey and the positions of its two rating columns.
struct OutcomeColumns {
    outcome: String,
    importance: Option<usize>,
    satisfaction: Option<usize>,
}

/// The outcomes of a wide header, in the order they first appear (`imp_X` and `sat_x` pair up:
/// outcome ids are compared ignoring case and keep the first spelling).
fn outcome_columns(headers: &[String]) -> Vec<OutcomeColumns> {
    let mut outcomes: Vec<OutcomeColumns> = Vec::new();
    for (position, header) in headers.iter().enumerate() {
        let (outcome, is_importance) = match strip_prefix(header, &IMPORTANCE_PREFIXES) {
            Some(outcome) => (outcome, true),
            None => match strip_prefix(header, &SATISFACTION_PREFIXES) {
                Some(outcome) => (outcome, false),
                None => continue,
            },
        };
        let index = match outcomes.iter().position(|known| known.outcome.eq_ignore_ascii_case(outcome)) {
            Some(index) => index,
            None => {
                outcomes.push(OutcomeColumns {
                    outcome: outcome.to_owned(),
                    importance: None,
                    satisfaction: None,
                });
                outcomes.len() - 1
            }
        };
        let slot =
            if is_importance { &mut outcomes[index].importance } else { &mut outcomes[index].satisfaction };
        slot.get_or_insert(position);
    }
    outcomes
}

/// The wide form turned long: one row per respondent and answered outcome. Ratings are checked
/// here, because a problem must name the `imp_*` / `sat_*` column it came from.
fn load_wide(text: &TextTable, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let outcomes = outcome_columns(&text.headers);
    let Some(respondent) = text.position_of_any(RESPONDENT) else {
        return Err(LoadError::MissingColumn {
            path: text.path.clone(),
            format: "wide ODI survey".to_owned(),
            column: survey::RESPONDENT.to_owned(),
            found: crate::model::wording::list_for_message(&text.headers),
        });
    };
    let respondents = text.column(respondent);
    let mut rows: Vec<Vec<Option<String>>> = Vec::new();
    let mut locations = Vec::new();
    let mut problems: Vec<(usize, Problem)> = Vec::new();
    for index in 0..text.height() {
        let location = text.location(index);
        let Some(id) = respondents.get(index).filter(|id| !is_missing(id)) else {
            // One row without a respondent, so that the missing id is reported once per
            // respondent row rather than once per outcome.
            let first = outcomes.first().map(|columns| columns.outcome.clone());
            rows.push(vec![first, None, None, None]);
            locations.push(location);
            continue;
        };
        for columns in &outcomes {
            let cell =
                |position: Option<usize>| position.and_then(|position| text.column(position).get(index));
            let (importance, satisfaction) = (cell(columns.importance), cell(columns.satisfaction));
            if importance.is_none_or(is_missing) && satisfaction.is_none_or(is_missing) {
                continue;
            }
            let mut rating = |position: Option<usize>, value: Option<&str>| match read_rating(value) {
                Rating::Valid(rating) => Some(rating.to_string()),
                Rating::Missing => None,
                Rating::Invalid => {
                    let header = position.map(|position| text.headers[position].as_str());
                    let found = value.unwrap_or_default();
                    problems.push((rows.len(), Problem::new(location, header, EXPECTED_RATING, found)));
                    None
                }
            };
            let importance = rating(columns.importance, importance);
            let satisfaction = rating(columns.satisfaction, satisfaction);
            rows.push(vec![Some(columns.outcome.clone()), Some(id.to_owned()), importance, satisfaction]);
            locations.push(location);
        }
    }
    let headers = vec![
        survey::OUTCOME.to_owned(),
        text.headers[respondent].clone(),
        survey::IMPORTANCE.to_owned(),
        survey::SATISFACTION.to_owned(),
    ];
    let long = TextTable::from_located_rows(&text.path, headers, &rows, locations);
    let mut builder = FrameBuilder::new(Table::Survey, &long);
    builder
        .map(survey::OUTCOME, 0)
        .map(survey::RESPONDENT, 1)
        .map(survey::IMPORTANCE, 2)
        .map(survey::SATISFACTION, 3);
    for (index, problem) in problems {
        builder.report(index, problem, true);
    }
    let mut loaded = Loaded::default();
    loaded.add(Table::Survey, builder.finish(options.strict)?);
    loaded.columns = wide_source_columns(text, respondent, &outcomes);
    Ok(loaded)
}

/// Which source column fed which canonical one, for `refine inspect`.
fn wide_source_columns(
    text: &TextTable,
    respondent: usize,
    outcomes: &[OutcomeColumns],
) -> Vec<SourceColumn> {
    let mut columns = vec![SourceColumn::new(&text.headers[respondent], Table::Survey, survey::RESPONDENT)];
    for outcome in outcomes {
        for (position, target) in
            [(outcome.importance, survey::IMPORTANCE), (outcome.satisfaction, survey::SATISFACTION)]
        {
            if let Some(position) = position {
                columns.push(SourceColumn::new(&text.headers[position], Table::Survey, target));
            }
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_support::try_load_content;
    use crate::load::{Format, LoadedFile, Location, load_file};

    fn load_csv(content: &str) -> Result<LoadedFile, LoadError> {
        try_load_content("export.csv", content, &LoadOptions::default())
    }

    /// The survey rows as (outcome, respondent, importance, satisfaction).
    fn answers(file: &LoadedFile) -> Vec<(String, String, Option<i64>, Option<i64>)> {
        let frame = &file.loaded.tables[&Table::Survey];
        let text = |name: &str| frame.column(name).unwrap().str().unwrap().clone();
        let number = |name: &str| frame.column(name).unwrap().i64().unwrap().clone();
        let (outcomes, respondents) = (text(survey::OUTCOME), text(survey::RESPONDENT));
        let (importance, satisfaction) = (number(survey::IMPORTANCE), number(survey::SATISFACTION));
        (0..frame.height())
            .map(|row| {
                (
                    outcomes.get(row).unwrap_or_default().to_owned(),
                    respondents.get(row).unwrap_or_default().to_owned(),
                    importance.get(row),
                    satisfaction.get(row),
                )
            })
            .collect()
    }

    fn answer(
        outcome: &str,
        respondent: &str,
        importance: Option<i64>,
        satisfaction: Option<i64>,
    ) -> (String, String, Option<i64>, Option<i64>) {
        (outcome.to_owned(), respondent.to_owned(), importance, satisfaction)
    }

    #[test]
    fn the_wide_form_becomes_one_row_per_answer() {
        let file = load_csv(
            "respondent_id,imp_SHOP-12,sat_SHOP-12,Importance_fast checkout,Satisfaction_Fast Checkout,age\n\
             r1,5,2,4,4,31\n\
             r2,,,3,1,45\n",
        )
        .unwrap();
        assert_eq!(file.format, Format::OdiSurveyCsv);
        assert_eq!(
            answers(&file),
            [
                answer("SHOP-12", "r1", Some(5), Some(2)),
                answer("fast checkout", "r1", Some(4), Some(4)),
                answer("fast checkout", "r2", Some(3), Some(1)),
            ]
        );
        let targets: Vec<_> =
            file.loaded.columns.iter().map(|c| (c.source.as_str(), c.target.as_deref())).collect();
        assert_eq!(targets[0], ("respondent_id", Some("survey.respondent")));
        assert_eq!(targets[1], ("imp_SHOP-12", Some("survey.importance")));
        assert_eq!(targets.last(), Some(&("age", None)));
    }

    #[test]
    fn a_bad_rating_nulls_only_that_rating_and_names_its_column() {
        let file = load_csv(
            "respondent,imp_SHOP-12,sat_SHOP-12,imp_SHOP-13,sat_SHOP-13\n\
             r1,7,2,4,high\n\
             r2,5,1,2,2\n",
        )
        .unwrap();
        assert_eq!(
            answers(&file),
            [
                answer("SHOP-12", "r1", None, Some(2)),
                answer("SHOP-13", "r1", Some(4), None),
                answer("SHOP-12", "r2", Some(5), Some(1)),
                answer("SHOP-13", "r2", Some(2), Some(2)),
            ]
        );
        let loaded = &file.loaded;
        assert_eq!(loaded.skipped_records, 0);
        assert_eq!(loaded.problem_count, 2);
        assert_eq!(
            loaded.problems[0],
            Problem::new(Location::Row(2), Some("imp_SHOP-12"), EXPECTED_RATING, "7")
        );
        assert_eq!(
            loaded.problems[1],
            Problem::new(Location::Row(2), Some("sat_SHOP-13"), EXPECTED_RATING, "high")
        );
    }

    #[test]
    fn a_respondent_row_without_an_id_is_reported_once() {
        let file = load_csv("id,imp_a,sat_a,imp_b,sat_b\nr1,5,2,4,4\n,1,1,1,1\n").unwrap();
        assert_eq!(answers(&file).len(), 2);
        assert_eq!(file.loaded.problem_count, 1);
        assert_eq!(file.loaded.problems[0].location, Location::Row(3));
        assert_eq!(file.loaded.problems[0].column.as_deref(), Some("id"));
    }

    #[test]
    fn the_long_form_checks_ratings_too() {
        let file = load_csv(
            "outcome,respondent,importance,satisfaction\n\
             SHOP-12,r1,5,2\n\
             SHOP-12,r2,0,3\n\
             SHOP-13,r1,4.0,\n",
        )
        .unwrap();
        assert_eq!(file.format, Format::OdiSurveyCsv);
        assert_eq!(
            answers(&file),
            [
                answer("SHOP-12", "r1", Some(5), Some(2)),
                answer("SHOP-12", "r2", None, Some(3)),
                answer("SHOP-13", "r1", Some(4), None),
            ]
        );
        assert_eq!(
            file.loaded.problems,
            [Problem::new(Location::Row(3), Some("importance"), EXPECTED_RATING, "0")]
        );
    }

    #[test]
    fn strict_fails_on_a_bad_rating() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("survey.csv");
        std::fs::write(&path, "respondent,imp_a,sat_a\nr1,5,9\n").unwrap();
        let error = load_file(&path, &LoadOptions { strict: true, ..LoadOptions::default() }).unwrap_err();
        assert!(matches!(
            error,
            LoadError::BadValue { problem: Problem { location: Location::Row(2), .. }, .. }
        ));
    }

    #[test]
    fn detection() {
        let headers = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect::<Vec<_>>();
        assert!(matches(&headers(&["ID", "IMP_a", "SAT_a"])));
        assert!(!matches(&headers(&["id", "imp_a"])));
        assert!(!matches(&headers(&["id", "imp_", "sat_"])));
        assert!(matches(&headers(&["Outcome_ID", "Respondent", "Imp"])));
        assert!(!matches(&headers(&["outcome", "importance", "satisfaction"])));
    }
}
