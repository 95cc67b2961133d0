//! Demand per backlog item from customer feedback: how many asked, who, how loudly, and how
//! much revenue stands behind it (design.md, Prioritization: "Demand per item from feedback
//! linked by key (or matched by text similarity when unlinked, reported with the match score):
//! requests, distinct customers, votes, weight-summed reach").
//!
//! **Which rows count.** With `since` set, only feedback created at or after it (UTC
//! milliseconds); a row without a `created` date is then left out too (it cannot be shown to be
//! in the window) and counted in a warning. A row whose `key` names a backlog item is *linked*
//! to it. A row whose `key` names no item is counted as `unknown_key_rows` (with a warning) and
//! not matched by text: someone linked it on purpose, perhaps to a deleted item. A row without a
//! key is matched by text ([`text_match`]): TF-IDF cosine against titles and descriptions, the
//! best item if its score reaches `threshold`, else it is unmatched.
//!
//! **Per item**, over its linked and matched rows:
//! - `requests` = rows; `linked_requests` + `matched_requests` = `requests`;
//!   `matched_share` = matched / requests (none without requests);
//! - `customers` = distinct non-blank `customer` values (anonymous rows count as requests only);
//! - `votes` = Σ feedback `votes` + the item's own `votes` (GitHub 👍, Jira votes), missing = 0;
//!   the item's votes are not dated, so `since` does not apply to them; `watchers` is reported
//!   beside, not added;
//! - `reach` = Σ over the item's distinct customers of the customer's weight (e.g. ARR), each
//!   customer once however many rows they wrote. A customer's weight is the largest valid weight
//!   on any of their rows in the whole feedback table (weights grow; a customer is one account,
//!   not one per item or per window); NaN, infinite and negative weights are ignored with a
//!   warning, and customers without a valid weight add 0.
//!
//! **Edge cases.** No feedback: every item with zero requests (and its own votes). No items:
//! nothing to link or match to; every row is unknown-key or unmatched. One item: its IDF is
//! constant, so matching still ranks by overlap. Empty texts never match.
//!
//! **Batches.** The feedback is folded batch by batch into a mergeable partial aggregate
//! ([`DemandPartial`], see `partial.rs`): memory grows with the items and the distinct
//! (item, customer) pairs, not with the feedback rows, apart from the text matches, which are
//! all kept. [`compute_demand`] folds a frame in slices of [`FEEDBACK_BATCH_ROWS`].
//!
//! **Determinism.** Items are in key order; matches sorted by key, score descending, then
//! feedback id, text and shared terms; reach is summed over customers in name order. Each
//! row's result depends only on the row (its match only on its own text), and every figure is
//! a sum, a largest value or a set, so the output is the same for any thread count, any order
//! of the feedback rows and any split of them into batches or shards.

mod classify;
mod customers;
mod matches;
mod partial;
pub mod text_match;

use std::collections::BTreeMap;

use polars::prelude::*;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::key_positions::KeyPositions;
use crate::model::view::{FrameError, Items};
use crate::model::{ColumnType, Table, feedback};
pub use matches::{FeedbackMatch, Matches};
pub use partial::{DemandIndex, DemandPartial};

/// Characters of a feedback text shown beside its match.
const EXCERPT_CHARS: usize = 160;
/// How demand is computed: `[demand]` in `refine.toml`.
///
/// The defaults were chosen on the demo workspace (datasets/demo), using its 808 linked rows as
/// labelled examples (their texts matched as if unlinked) and its noise rows (praise, billing
/// questions) as negatives. With description weight 0.25 and two shared terms: 803 of the 808
/// pick their own item, with a score of at least 0.512 (the 5 others pick the near-duplicate of
/// their item, "Allow guest checkout without creating an account" → "Allow checkout as a guest
/// without creating an account", at 0.89–0.99); every unlinked request scores at least 0.508;
/// noise scores at most 0.408 ("Why do I need an account to see my order?"), apart from one
/// billing question that shares two rare words with an invoice bug (0.56). A threshold of 0.45
/// sits in that gap. Requiring two shared terms keeps one-word app reviews ("Price", "Top")
/// from matching any title with that word.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DemandSettings {
    /// Lowest cosine similarity (0–1) at which unlinked feedback is matched to an item.
    pub threshold: f64,
    /// Weight of a word in an item's description relative to the same word in its title.
    pub description_weight: f64,
    /// Fewest distinct terms feedback and item must share to be matched.
    pub min_shared_terms: usize,
    /// Strip plural endings before matching ("orders" = "order").
    pub stemming: bool,
    /// Count only feedback created at or after this instant (UTC milliseconds).
    pub since: Option<i64>,
}

impl Default for DemandSettings {
    fn default() -> Self {
        DemandSettings {
            threshold: 0.45,
            description_weight: 0.25,
            min_shared_terms: 2,
            stemming: true,
            since: None,
        }
    }
}

/// Demand for one backlog item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemDemand {
    /// The item.
    pub key: String,
    /// Feedback rows for the item: linked + matched.
    pub requests: u64,
    /// Rows linked to the item by key.
    pub linked_requests: u64,
    /// Unlinked rows matched to the item by text.
    pub matched_requests: u64,
    /// matched / requests; none without requests.
    pub matched_share: Option<f64>,
    /// Distinct customers among the rows.
    pub customers: u64,
    /// Σ of the rows' votes.
    pub feedback_votes: i64,
    /// The item's own votes (👍, Jira votes); 0 when missing.
    pub item_votes: i64,
    /// feedback_votes + item_votes.
    pub votes: i64,
    /// The item's watchers, not part of votes.
    pub watchers: Option<i64>,
    /// Σ of the distinct customers' weights (e.g. ARR).
    pub reach: f64,
}

/// Demand for every item, the matches behind it and what was left over.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandReport {
    /// One entry per backlog item, in key order.
    pub items: Vec<ItemDemand>,
    /// Text matches, by key, then score (highest first), then feedback id and text.
    pub matches: Matches,
    /// Feedback rows in the table.
    pub feedback_rows: u64,
    /// Rows left out by `since` (including rows without a date when `since` is set).
    pub outside_window_rows: u64,
    /// Rows linked to an item by key.
    pub linked_rows: u64,
    /// Rows whose key names no item.
    pub unknown_key_rows: u64,
    /// Those rows by the key they name (trimmed), for the data-quality check; not written out.
    #[serde(skip)]
    pub unknown_keys: BTreeMap<String, u64>,
    /// Unlinked rows matched by text.
    pub matched_rows: u64,
    /// Unlinked rows no item matched.
    pub unmatched_rows: u64,
    /// The threshold that was used.
    pub threshold: f64,
    /// What the user should know.
    pub warnings: Vec<String>,
}

/// Demand cannot be computed.
#[derive(Debug, thiserror::Error)]
pub enum DemandError {
    /// The feedback frame lacks its text column or holds a column of a type refine does not
    /// expect: it is not canonical.
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// A setting is out of range.
    #[error("demand.{name} = {value} is invalid: expected {expected}")]
    InvalidSetting {
        /// The setting.
        name: &'static str,
        /// Its value.
        value: String,
        /// What it may be.
        expected: &'static str,
    },
}

/// Feedback rows folded at a time by [`compute_demand`]: large enough that a batch's matching
/// fills the cores, small enough that a batch's decoded rows are a few megabytes.
pub const FEEDBACK_BATCH_ROWS: usize = 1 << 16;

/// Computes demand per item from the items and the canonical feedback frame (see
/// [`DemandIndex::fold_frame`]).
pub fn compute_demand(
    items: &Items<'_>,
    feedback_frame: &DataFrame,
    settings: &DemandSettings,
) -> Result<DemandReport, DemandError> {
    Ok(DemandIndex::new(items, settings)?.fold_frame(feedback_frame)?.finish())
}

impl DemandSettings {
    /// Checks the settings: a threshold within 0–1, a description weight of 0 or more, at least
    /// one shared term.
    pub fn validate(&self) -> Result<(), DemandError> {
        validate(self)
    }
}

fn validate(settings: &DemandSettings) -> Result<(), DemandError> {
    let invalid = |name, value: String, expected| Err(DemandError::InvalidSetting { name, value, expected });
    if !(0.0..=1.0).contains(&settings.threshold) {
        return invalid("threshold", settings.threshold.to_string(), "a number from 0 to 1");
    }
    if !(settings.description_weight.is_finite() && settings.description_weight >= 0.0) {
        return invalid("description_weight", settings.description_weight.to_string(), "a number ≥ 0");
    }
    if settings.min_shared_terms == 0 {
        return invalid("min_shared_terms", "0".into(), "a whole number ≥ 1");
    }
    Ok(())
}

/// How a row came to an item.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Origin {
    Linked,
    Matched,
}

/// The items, in key order, as matching and tallying need them.
struct Backlog<'a> {
    keys: Vec<&'a str>,
    /// Key → position in `keys`.
    positions: KeyPositions<'a>,
    /// (title, description) per item.
    texts: Vec<(Option<&'a str>, Option<&'a str>)>,
    votes: Vec<Option<i64>>,
    watchers: Vec<Option<i64>>,
    warnings: Vec<String>,
}

impl<'a> Backlog<'a> {
    fn of(items: &Items<'a>) -> Backlog<'a> {
        let Items { key: keys, title: titles, description: descriptions, votes, watchers, .. } = items;
        // Key order; a key twice (two exports of the same item) keeps its first row.
        let mut order: Vec<usize> = (0..keys.len()).filter(|&row| keys[row].is_some()).collect();
        order.par_sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
        let before = order.len();
        order.dedup_by(|later, earlier| keys[*later] == keys[*earlier]);
        let mut warnings = Vec::new();
        if order.len() < before {
            warnings.push(format!(
                "{} backlog rows repeat a key already seen; the first row of each key is used",
                before - order.len()
            ));
        }
        let keys: Vec<&str> = order.iter().filter_map(|&row| keys[row]).collect();
        Backlog {
            positions: KeyPositions::new(&keys),
            keys,
            texts: order.iter().map(|&row| (titles[row], descriptions[row])).collect(),
            votes: order.iter().map(|&row| votes[row]).collect(),
            watchers: order.iter().map(|&row| watchers[row]).collect(),
            warnings,
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.positions.get(key)
    }
}

/// The feedback columns [`compute_demand`] reads; it computes the same from a frame that has
/// only these.
pub const FEEDBACK_COLUMNS: &[&str] = &[
    feedback::ID,
    feedback::KEY,
    feedback::TEXT,
    feedback::CUSTOMER,
    feedback::WEIGHT,
    feedback::CREATED,
    feedback::VOTES,
];

/// The [`FEEDBACK_COLUMNS`], checked and read in place (at ten million rows, copies of them
/// would be a gigabyte); a column the frame lacks reads as nulls.
struct FeedbackRows {
    id: StringChunked,
    key: StringChunked,
    text: StringChunked,
    customer: StringChunked,
    weight: Float64Chunked,
    created: Int64Chunked,
    votes: Int64Chunked,
}

impl FeedbackRows {
    fn read(frame: &DataFrame) -> Result<FeedbackRows, DemandError> {
        let table = Table::Feedback;
        Ok(FeedbackRows {
            id: text_chunked(frame, table, feedback::ID, false)?,
            key: text_chunked(frame, table, feedback::KEY, false)?,
            text: text_chunked(frame, table, feedback::TEXT, true)?,
            customer: text_chunked(frame, table, feedback::CUSTOMER, false)?,
            weight: number_chunked(frame, table, feedback::WEIGHT)?,
            created: timestamp_chunked(frame, table, feedback::CREATED)?,
            votes: integer_chunked(frame, table, feedback::VOTES)?,
        })
    }

    fn len(&self) -> usize {
        self.text.len()
    }
}

/// The distinct texts of a list, in first-seen order, and which one each entry is.
#[derive(Default)]
pub(super) struct DistinctTexts<'a> {
    texts: Vec<Option<&'a str>>,
    of_row: Vec<u32>,
    /// Text → its position in `texts`.
    seen: PlHashMap<Option<&'a str>, u32>,
}

impl<'a> DistinctTexts<'a> {
    /// Adds an entry at the end of the list.
    pub fn push(&mut self, text: Option<&'a str>) {
        let id = self.id(text);
        self.of_row.push(id);
    }

    /// Adds the entries of `later` after these.
    pub fn append(&mut self, later: DistinctTexts<'a>) {
        let ids: Vec<u32> = later.texts.iter().map(|&text| self.id(text)).collect();
        self.of_row.extend(later.of_row.iter().map(|&id| ids[id as usize]));
    }

    fn id(&mut self, text: Option<&'a str>) -> u32 {
        *self.seen.entry(text).or_insert_with(|| {
            self.texts.push(text);
            self.texts.len() as u32 - 1
        })
    }
}

/// The first characters of `text` with runs of whitespace made one space, "…" when cut.
fn excerpt(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= EXCERPT_CHARS {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(EXCERPT_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

pub(crate) use crate::model::wording::examples_elided as examples;

// ---- reading canonical columns ---------------------------------------------------------------

fn wrong_type(table: Table, column: &'static str, found: &DataType, expected: ColumnType) -> DemandError {
    FrameError::WrongType { table, column, found: found.to_string(), expected }.into()
}

/// A text column, checked; `None` for a missing optional column.
fn text_values<'a>(
    frame: &'a DataFrame,
    table: Table,
    column: &'static str,
    required: bool,
) -> Result<Option<&'a StringChunked>, DemandError> {
    match frame.column(column) {
        Ok(values) => {
            values.str().map(Some).map_err(|_| wrong_type(table, column, values.dtype(), ColumnType::Text))
        }
        Err(_) if required => Err(FrameError::MissingColumn { table, column }.into()),
        Err(_) => Ok(None),
    }
}

/// A text column, read in place; a missing optional column is all nulls.
fn text_chunked(
    frame: &DataFrame,
    table: Table,
    column: &'static str,
    required: bool,
) -> Result<StringChunked, DemandError> {
    Ok(match text_values(frame, table, column, required)? {
        Some(values) => values.clone(),
        None => StringChunked::full_null(column.into(), frame.height()),
    })
}

/// An integer column, read in place; a missing column is all nulls.
fn integer_chunked(
    frame: &DataFrame,
    table: Table,
    column: &'static str,
) -> Result<Int64Chunked, DemandError> {
    let Some(values) = cast_column(frame, table, column, ColumnType::Integer)? else {
        return Ok(Int64Chunked::full_null(column.into(), frame.height()));
    };
    let integers =
        values.i64().map_err(|_| wrong_type(table, column, values.dtype(), ColumnType::Integer))?;
    Ok(integers.clone())
}

/// A timestamp column as UTC milliseconds, read in place; a missing column is all nulls.
fn timestamp_chunked(
    frame: &DataFrame,
    table: Table,
    column: &'static str,
) -> Result<Int64Chunked, DemandError> {
    if let Ok(values) = frame.column(column)
        && !matches!(
            values.dtype(),
            DataType::Datetime(TimeUnit::Milliseconds, _) | DataType::Int64 | DataType::Null
        )
    {
        return Err(wrong_type(table, column, values.dtype(), ColumnType::Timestamp));
    }
    integer_chunked(frame, table, column)
}

/// A number column, read in place; a missing column is all nulls.
fn number_chunked(
    frame: &DataFrame,
    table: Table,
    column: &'static str,
) -> Result<Float64Chunked, DemandError> {
    let Some(values) = cast_column(frame, table, column, ColumnType::Number)? else {
        return Ok(Float64Chunked::full_null(column.into(), frame.height()));
    };
    let numbers = values.f64().map_err(|_| wrong_type(table, column, values.dtype(), ColumnType::Number))?;
    Ok(numbers.clone())
}

/// The column cast to the type `expected` (a number type), `None` when absent.
fn cast_column(
    frame: &DataFrame,
    table: Table,
    column: &'static str,
    expected: ColumnType,
) -> Result<Option<Series>, DemandError> {
    let Ok(values) = frame.column(column) else { return Ok(None) };
    let numeric = values.dtype().is_primitive_numeric()
        || matches!(values.dtype(), DataType::Datetime(..) | DataType::Null);
    if !numeric {
        return Err(wrong_type(table, column, values.dtype(), expected));
    }
    values
        .cast(&expected.dtype())
        .map(|cast| Some(cast.as_materialized_series().clone()))
        .map_err(|_| wrong_type(table, column, values.dtype(), expected))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::test_frame::{TestRow, frame};
    use crate::model::{ColumnType, conform, items};

    const TOLERANCE: f64 = 1e-12;

    /// (key, title, description, votes, watchers).
    type ItemRow<'a> = (&'a str, &'a str, Option<&'a str>, Option<i64>, Option<i64>);

    /// Item rows for [`frame`].
    fn item_rows(rows: &[ItemRow]) -> Vec<TestRow> {
        let whole = |row: TestRow, column, value: Option<i64>| match value {
            Some(value) => row.integer(column, value),
            None => row,
        };
        rows.iter()
            .map(|&(key, title, description, votes, watchers)| {
                let row = TestRow::new().text(items::KEY, key).text(items::TITLE, title);
                let row = row.text_or_null(items::DESCRIPTION, description);
                whole(whole(row, items::VOTES, votes), items::WATCHERS, watchers)
            })
            .collect()
    }

    /// [`compute_demand`] over these items.
    fn demand_of(
        items: &[TestRow],
        feedback_frame: &DataFrame,
        settings: &DemandSettings,
    ) -> Result<DemandReport, DemandError> {
        let items_frame = frame(Table::Items, items);
        compute_demand(&Items::decode(&items_frame).unwrap(), feedback_frame, settings)
    }

    /// One feedback row for [`feedback_frame`].
    #[derive(Debug, Clone, Default)]
    struct Row {
        id: Option<String>,
        key: Option<&'static str>,
        text: String,
        customer: Option<&'static str>,
        weight: Option<f64>,
        created: Option<i64>,
        votes: Option<i64>,
    }

    fn row(id: &str, key: Option<&'static str>, text: &str) -> Row {
        Row { id: Some(id.to_owned()), key, text: text.to_owned(), ..Row::default() }
    }

    fn feedback_frame(rows: &[Row]) -> DataFrame {
        let frame = df!(
            feedback::ID => rows.iter().map(|row| row.id.clone()).collect::<Vec<_>>(),
            feedback::KEY => rows.iter().map(|row| row.key).collect::<Vec<_>>(),
            feedback::TEXT => rows.iter().map(|row| row.text.clone()).collect::<Vec<_>>(),
            feedback::CUSTOMER => rows.iter().map(|row| row.customer).collect::<Vec<_>>(),
            feedback::WEIGHT => rows.iter().map(|row| row.weight).collect::<Vec<_>>(),
            feedback::CREATED => rows.iter().map(|row| row.created).collect::<Vec<_>>(),
            feedback::VOTES => rows.iter().map(|row| row.votes).collect::<Vec<_>>(),
        )
        .unwrap();
        conform(Table::Feedback, frame).unwrap()
    }

    fn toy_items() -> Vec<TestRow> {
        item_rows(&[
            ("A-1", "Export orders to CSV", None, Some(2), Some(7)),
            ("A-2", "Import orders from CSV", None, None, None),
            ("A-3", "Dark mode", None, Some(1), Some(3)),
        ])
    }

    fn item<'a>(report: &'a DemandReport, key: &str) -> &'a ItemDemand {
        report.items.iter().find(|item| item.key == key).unwrap()
    }

    /// Terms (stop words "to", "from", "please", "my", "as", "for", "the" dropped, "orders" →
    /// "order"): A-1 {export, order, csv}, A-2 {import, order, csv}, A-3 {dark, mode}.
    /// N = 3; idf = ln((1 + 3) / (1 + df)) + 1:
    ///   df 1 (export, import, dark, mode): ln 2 + 1 = 1.693147; df 2 (order, csv): ln(4/3) + 1
    ///   = 1.287682; a term no item has (dashboard): ln 4 + 1 = 2.386294.
    /// F1 "Please export my orders as CSV" = {export, order, csv} = A-1's terms: cosine 1.
    ///   (vs A-2: 2·1.287682² / (1.693147² + 2·1.287682²) = 3.316251 / 6.183000 = 0.536350.)
    /// F2 "Dark mode for the dashboard" = {dark, mode, dashboard} vs A-3 {dark, mode}:
    ///   2·1.693147² / √((2·1.693147² + 2.386294²) · 2·1.693147²) = √(5.733494 / 11.427893)
    ///   = 0.708315.
    /// F3 "orders csv" = {order, csv} vs alike: 2·1.287682² / √(2·1.287682² ·
    ///   6.183000) = √(3.316251 / 6.183000) = 0.732359: a tie, the smaller key A-1 wins.
    #[test]
    fn hand_computed_tf_idf_cosine_on_three_items_and_three_rows() {
        let rows = [
            row("F1", None, "Please export my orders as CSV"),
            row("F2", None, "Dark mode for the dashboard"),
            row("F3", None, "orders csv"),
        ];
        let settings = DemandSettings { threshold: 0.5, ..DemandSettings::default() };
        let report = demand_of(&toy_items(), &feedback_frame(&rows), &settings).unwrap();
        let found: Vec<(&str, &str, f64)> =
            report.matches.iter().map(|found| (found.feedback_id.unwrap(), found.key, found.score)).collect();
        let expected =
            [("F1", "A-1", 1.0), ("F3", "A-1", 0.7323591428422148), ("F2", "A-3", 0.7083152281584318)];
        assert_eq!(found.len(), expected.len(), "{found:?}");
        for ((id, key, score), (want_id, want_key, want_score)) in found.iter().zip(expected) {
            assert_eq!((*id, *key), (want_id, want_key));
            assert!((score - want_score).abs() < TOLERANCE, "{id}: {score} vs {want_score}");
        }
        let first = report.matches.get(0).unwrap();
        assert_eq!(first.terms, ["export", "csv", "order"]);
        assert_eq!(first.title, Some("Export orders to CSV"));
        assert_eq!((report.matched_rows, report.unmatched_rows, report.linked_rows), (3, 0, 0));

        // Above F2's and F3's score only F1 is left.
        let strict = DemandSettings { threshold: 0.72, ..DemandSettings::default() };
        let report = demand_of(&toy_items(), &feedback_frame(&rows), &strict).unwrap();
        assert_eq!(report.matches.len(), 2);
        assert_eq!((report.matched_rows, report.unmatched_rows), (2, 1));
    }

    #[test]
    fn descriptions_count_with_their_weight() {
        // A-1 "Export" + description "orders" at weight 0.25: tf export 1, order 0.25. Both
        // terms have df 1 of N = 2, idf ln(3/2) + 1 = 1.405465, which cancels in the cosine.
        // "export orders" = (1, 1) vs (1, 0.25): 1.25 / (√2 · √1.0625) = 0.857493.
        let items = item_rows(&[
            ("A-1", "Export", Some("orders"), None, None),
            ("A-2", "Unrelated", None, None, None),
        ]);
        let settings = DemandSettings { threshold: 0.1, ..DemandSettings::default() };
        let report =
            demand_of(&items, &feedback_frame(&[row("F1", None, "export orders")]), &settings).unwrap();
        let score = report.matches.get(0).unwrap().score;
        assert!((score - 1.25 / (2f64.sqrt() * 1.0625f64.sqrt())).abs() < TOLERANCE, "{score}");

        let unweighted = DemandSettings { description_weight: 0.0, ..settings };
        let report =
            demand_of(&items, &feedback_frame(&[row("F1", None, "export orders")]), &unweighted).unwrap();
        assert!(report.matches.is_empty(), "one shared term is not enough: {:?}", report.matches);
    }

    #[test]
    fn linked_rows_count_by_key_and_unlinked_rows_by_text() {
        let rows = [
            row("1", Some("A-3"), "anything at all"),
            row("2", Some(" A-3 "), "Export orders to CSV"), // linked wins over a perfect text match
            row("3", None, "export orders to csv please"),
            row("4", Some("GONE-1"), "dark mode"),
            row("5", None, "nothing in common"),
            row("6", Some(""), "dark mode"), // a blank key is no link
        ];
        let report = demand_of(&toy_items(), &feedback_frame(&rows), &DemandSettings::default()).unwrap();
        let a1 = item(&report, "A-1");
        assert_eq!(
            (a1.requests, a1.linked_requests, a1.matched_requests, a1.matched_share),
            (1, 0, 1, Some(1.0))
        );
        let a3 = item(&report, "A-3");
        assert_eq!((a3.requests, a3.linked_requests, a3.matched_requests), (3, 2, 1));
        assert!((a3.matched_share.unwrap() - 1.0 / 3.0).abs() < TOLERANCE);
        assert_eq!(item(&report, "A-2").matched_share, None);
        assert_eq!(
            (report.linked_rows, report.unknown_key_rows, report.matched_rows, report.unmatched_rows),
            (2, 1, 2, 1)
        );
        assert!(report.warnings.iter().any(|warning| warning.contains("GONE-1")), "{:?}", report.warnings);
    }

    #[test]
    fn each_customer_counts_once_per_item_with_their_largest_weight() {
        let customer = |id: &str, name: &'static str, weight: Option<f64>, votes: i64| Row {
            customer: Some(name),
            weight,
            votes: Some(votes),
            ..row(id, Some("A-1"), "x")
        };
        let rows = [
            customer("1", "Acme", Some(100.0), 1),
            customer("2", "Acme", Some(100.0), 2),
            customer("3", "Acme", Some(150.0), 0), // ARR grew: Acme weighs 150
            customer("4", "Globex", None, 4),      // no weight on this row ...
            Row { key: Some("A-2"), ..customer("5", "Globex", Some(40.0), 0) }, // ... but here
            customer("6", "Initech", Some(f64::NAN), 0), // invalid: counts as a customer, adds 0
            Row { customer: None, ..customer("7", "", None, 5) }, // anonymous
            customer("8", "  ", Some(999.0), 0),   // a blank name is anonymous
        ];
        let report = demand_of(&toy_items(), &feedback_frame(&rows), &DemandSettings::default()).unwrap();
        let a1 = item(&report, "A-1");
        // Requests 7 (rows 1–4, 6–8); customers Acme, Globex, Initech; reach 150 + 40 + 0;
        // votes 1 + 2 + 0 + 4 + 0 + 5 + 0 = 12 from feedback + the item's own 2; watchers 7.
        assert_eq!((a1.requests, a1.customers), (7, 3));
        assert!((a1.reach - 190.0).abs() < TOLERANCE, "{}", a1.reach);
        assert_eq!((a1.feedback_votes, a1.item_votes, a1.votes, a1.watchers), (12, 2, 14, Some(7)));
        let a2 = item(&report, "A-2");
        assert_eq!((a2.requests, a2.customers, a2.reach, a2.votes, a2.watchers), (1, 1, 40.0, 0, None));
        assert!(report.warnings.iter().any(|warning| warning.contains("NaN")), "{:?}", report.warnings);
    }

    #[test]
    fn since_keeps_rows_created_at_or_after_it() {
        let dated = |id: &str, created: Option<i64>| Row { created, ..row(id, Some("A-1"), "x") };
        let rows = [dated("1", Some(999)), dated("2", Some(1000)), dated("3", Some(5000)), dated("4", None)];
        let settings = DemandSettings { since: Some(1000), ..DemandSettings::default() };
        let report = demand_of(&toy_items(), &feedback_frame(&rows), &settings).unwrap();
        assert_eq!(item(&report, "A-1").requests, 2);
        assert_eq!((report.feedback_rows, report.outside_window_rows, report.linked_rows), (4, 2, 2));
        assert!(report.warnings.iter().any(|warning| warning.contains("no created date")));

        let report = demand_of(&toy_items(), &feedback_frame(&rows), &DemandSettings::default()).unwrap();
        assert_eq!(item(&report, "A-1").requests, 4);
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    }

    #[test]
    fn rows_classified_in_many_parallel_tasks_add_up_in_row_order() {
        // 3 tasks' worth of rows and 7 more. Row i was created at i (ms), `since` is 1000; by
        // i % 4 it is linked to A-1, linked to a key the backlog lacks, unlinked asking for the
        // export (matched to A-1 by text), or unlinked praise that no item matches.
        let count = 3 * crate::model::row_tasks::ROWS_PER_TASK + 7;
        let rows: Vec<Row> = (0..count)
            .map(|i| {
                let (key, text) = match i % 4 {
                    0 => (Some("A-1"), "x"),
                    1 => (Some("GONE-1"), "x"),
                    2 => (None, "Export orders to a CSV file"),
                    _ => (None, "Thanks, great app"),
                };
                Row { created: Some(i as i64), ..row(&format!("{i:06}"), key, text) }
            })
            .collect();
        let settings = DemandSettings { since: Some(1000), ..DemandSettings::default() };
        let report = demand_of(&toy_items(), &feedback_frame(&rows), &settings).unwrap();
        // Rows 1000..=196614 are in the window: 195,615 = 4 × 48,903 + 3, so residues 0, 1
        // and 2 have 48,904 rows each and residue 3 has 48,903.
        assert_eq!(
            (report.feedback_rows, report.outside_window_rows, report.linked_rows, report.unknown_key_rows),
            (196_615, 1000, 48_904, 48_904)
        );
        assert_eq!((report.matched_rows, report.unmatched_rows), (48_904, 48_903));
        let a1 = item(&report, "A-1");
        assert_eq!((a1.requests, a1.linked_requests, a1.matched_requests), (97_808, 48_904, 48_904));
        assert!(
            report
                .warnings
                .iter()
                .any(|warning| warning.starts_with("48904 feedback rows are linked to keys")
                    && warning.contains("(GONE-1)")),
            "{:?}",
            report.warnings
        );
        let ids: Vec<&str> = report.matches.iter().filter_map(|found| found.feedback_id).collect();
        assert_eq!((ids.first(), ids.last()), (Some(&"001002"), Some(&"196614")));
        assert!(ids.is_sorted(), "matches of one item and score are in feedback id order");
    }

    #[test]
    fn no_feedback_gives_every_item_its_own_votes_only() {
        let report =
            demand_of(&toy_items(), &Table::Feedback.empty_frame(), &DemandSettings::default()).unwrap();
        let summary: Vec<(&str, u64, i64, f64)> = report
            .items
            .iter()
            .map(|item| (item.key.as_str(), item.requests, item.votes, item.reach))
            .collect();
        assert_eq!(summary, [("A-1", 0, 2, 0.0), ("A-2", 0, 0, 0.0), ("A-3", 0, 1, 0.0)]);
        assert!(report.matches.is_empty() && report.warnings.is_empty());
        assert_eq!((report.feedback_rows, report.unmatched_rows), (0, 0));
    }

    #[test]
    fn no_items_leaves_every_row_unknown_or_unmatched() {
        let rows = [row("1", Some("A-1"), "dark mode"), row("2", None, "dark mode")];
        let report = demand_of(&[], &feedback_frame(&rows), &DemandSettings::default()).unwrap();
        assert!(report.items.is_empty());
        assert_eq!((report.unknown_key_rows, report.unmatched_rows), (1, 1));
    }

    #[test]
    fn one_item_is_matched_by_overlap() {
        let items = item_rows(&[("A-1", "Dark mode", None, None, None)]);
        let rows = [row("1", None, "dark mode"), row("2", None, ""), row("3", None, "the and of")];
        let report = demand_of(&items, &feedback_frame(&rows), &DemandSettings::default()).unwrap();
        assert_eq!(report.matches.len(), 1);
        assert!((report.matches.get(0).unwrap().score - 1.0).abs() < TOLERANCE);
        assert_eq!(report.unmatched_rows, 2);
    }

    #[test]
    fn a_repeated_item_key_keeps_its_first_row_and_warns() {
        let items = item_rows(&[
            ("A-1", "Dark mode", None, Some(3), None),
            ("A-1", "Something else", None, Some(9), None),
        ]);
        let report = demand_of(&items, &Table::Feedback.empty_frame(), &DemandSettings::default()).unwrap();
        assert_eq!(report.items.len(), 1);
        assert_eq!(report.items[0].votes, 3);
        assert_eq!(report.warnings.len(), 1);
    }

    #[test]
    fn settings_out_of_range_are_refused() {
        for settings in [
            DemandSettings { threshold: 1.5, ..DemandSettings::default() },
            DemandSettings { threshold: f64::NAN, ..DemandSettings::default() },
            DemandSettings { description_weight: -1.0, ..DemandSettings::default() },
            DemandSettings { min_shared_terms: 0, ..DemandSettings::default() },
        ] {
            let result = demand_of(&toy_items(), &Table::Feedback.empty_frame(), &settings);
            assert!(matches!(result, Err(DemandError::InvalidSetting { .. })), "{settings:?}");
        }
    }

    #[test]
    fn a_frame_without_a_text_column_is_an_error() {
        let frame = df!(feedback::KEY => ["A-1"]).unwrap();
        let result = demand_of(&toy_items(), &frame, &DemandSettings::default());
        assert!(matches!(
            result,
            Err(DemandError::Frame(FrameError::MissingColumn { column: feedback::TEXT, .. }))
        ));
        let frame = df!(feedback::TEXT => ["x"], feedback::CREATED => ["yesterday"]).unwrap();
        let result = demand_of(&toy_items(), &frame, &DemandSettings::default());
        assert!(matches!(
            result,
            Err(DemandError::Frame(FrameError::WrongType { column: feedback::CREATED, .. }))
        ));
    }

    #[test]
    fn settings_read_from_toml_with_defaults_for_what_is_left_out() {
        let settings: DemandSettings = toml::from_str("threshold = 0.5\nsince = 1767225600000").unwrap();
        assert_eq!(
            settings,
            DemandSettings { threshold: 0.5, since: Some(1_767_225_600_000), ..DemandSettings::default() }
        );
        assert!(toml::from_str::<DemandSettings>("treshold = 0.5").is_err());
    }

    #[test]
    fn excerpts_collapse_whitespace_and_cut_long_texts() {
        assert_eq!(excerpt("  a\n\n b\tc "), "a b c");
        let long = "word ".repeat(100);
        // 159 characters (31 × "word " + "word"), then the ellipsis.
        assert_eq!(excerpt(&long), format!("{}…", &long[..159]));
        assert_eq!(excerpt(&"é".repeat(200)).chars().count(), 160);
    }

    /// Feedback for the order and thread tests: linked rows, texts that match, texts that do not,
    /// repeated customers with weights.
    fn varied_rows() -> Vec<Row> {
        let texts =
            ["export orders to csv", "dark mode please", "orders csv", "import csv orders", "hello", ""];
        let customers = [Some("Acme"), Some("Globex"), None, Some("Initech")];
        (0..60)
            .map(|index| Row {
                id: Some(format!("{index:03}")),
                key: (index % 7 == 0).then_some("A-2"),
                text: texts[index % texts.len()].to_owned(),
                customer: customers[index % customers.len()],
                weight: Some(10.0 + (index % 5) as f64 * 0.1),
                created: Some(index as i64),
                votes: Some((index % 3) as i64),
            })
            .collect()
    }

    #[test]
    fn demand_reads_no_feedback_column_but_its_own() {
        let rows = varied_rows();
        let height = rows.len();
        let mut every_column = feedback_frame(&rows);
        let mut only_its_own = every_column.clone();
        for spec in Table::Feedback.columns() {
            if FEEDBACK_COLUMNS.contains(&spec.name) {
                continue;
            }
            let filled = match spec.column_type {
                ColumnType::Text => Column::new(spec.name.into(), vec!["enterprise"; height]),
                _ => {
                    Column::new(spec.name.into(), vec![4.0; height]).cast(&spec.column_type.dtype()).unwrap()
                }
            };
            every_column.with_column(filled).unwrap();
            only_its_own
                .with_column(Column::full_null(spec.name.into(), height, &spec.column_type.dtype()))
                .unwrap();
        }
        let settings = DemandSettings { threshold: 0.5, ..DemandSettings::default() };
        let demand =
            |feedback| serde_json::to_string(&demand_of(&toy_items(), feedback, &settings).unwrap()).unwrap();
        assert_eq!(demand(&only_its_own), demand(&every_column));
        assert!(FEEDBACK_COLUMNS.iter().all(|name| Table::Feedback.column(name).is_some()));
    }

    proptest! {
        #[test]
        fn the_order_of_the_feedback_rows_does_not_matter(seed in any::<u64>()) {
            let rows = varied_rows();
            let mut shuffled = rows.clone();
            // A seeded Fisher-Yates shuffle.
            let mut state = seed | 1;
            for index in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.swap(index, (state % (index as u64 + 1)) as usize);
            }
            let settings = DemandSettings { threshold: 0.5, since: Some(5), ..DemandSettings::default() };
            let expected = demand_of(&toy_items(), &feedback_frame(&rows), &settings).unwrap();
            let actual = demand_of(&toy_items(), &feedback_frame(&shuffled), &settings).unwrap();
            prop_assert_eq!(serde_json::to_string(&actual).unwrap(), serde_json::to_string(&expected).unwrap());
        }
    }

    /// [`varied_rows`] and rows that exercise what they lack: keys the backlog lacks, undated
    /// rows, invalid and growing weights, a customer on rows that count for no item.
    fn shard_rows() -> Vec<Row> {
        let mut rows = varied_rows();
        rows.extend([
            Row {
                key: Some("GONE-1"),
                customer: Some("Acme"),
                weight: Some(50.0),
                created: Some(100),
                ..row("g1", None, "x")
            },
            Row { key: Some("GONE-2"), created: Some(9), ..row("g2", None, "x") },
            Row {
                key: Some("GONE-1"),
                customer: Some("Umbrella"),
                weight: Some(f64::NAN),
                created: Some(100),
                ..row("g3", None, "x")
            },
            Row {
                customer: Some("Initech"),
                weight: Some(70.0),
                created: Some(100),
                ..row("u1", None, "export orders to csv")
            },
            Row {
                id: None,
                customer: Some("Umbrella"),
                weight: Some(3.0),
                ..row("", None, "dark mode please")
            },
        ]);
        rows
    }

    proptest! {
        #[test]
        fn feedback_split_into_shards_anywhere_and_merged_in_any_grouping_gives_the_same_report(
            mut cuts in proptest::collection::vec(0..=65usize, 0..6),
            picks in proptest::collection::vec(any::<u16>(), 8),
            since in prop_oneof![Just(None), Just(Some(5))],
        ) {
            let rows = shard_rows();
            let settings = DemandSettings { threshold: 0.5, since, ..DemandSettings::default() };
            let items_frame = frame(Table::Items, &toy_items());
            let items = Items::decode(&items_frame).unwrap();
            let index = DemandIndex::new(&items, &settings).unwrap();
            let whole = {
                let mut partial = index.partial();
                partial.fold(&feedback_frame(&rows)).unwrap();
                serde_json::to_string(&partial.finish()).unwrap()
            };
            cuts.push(rows.len());
            cuts.sort_unstable();
            let mut start = 0;
            let mut shards = Vec::new();
            for cut in cuts {
                let mut partial = index.partial();
                partial.fold(&feedback_frame(&rows[start..cut])).unwrap();
                shards.push(partial);
                start = cut;
            }
            // Merge two shards the picks choose, in the order they choose, until one is left.
            let mut picks = picks.into_iter().cycle();
            while shards.len() > 1 {
                let first = shards.swap_remove(picks.next().unwrap() as usize % shards.len());
                let second = shards.swap_remove(picks.next().unwrap() as usize % shards.len());
                shards.push(first.merge(second));
            }
            let merged = serde_json::to_string(&shards.pop().unwrap().finish()).unwrap();
            prop_assert_eq!(merged, whole);
        }
    }

    /// Demand with the feedback frame folded in slices of `batch_rows` rows.
    fn demand_in_batches(
        items: &Items<'_>,
        feedback: &DataFrame,
        settings: &DemandSettings,
        batch_rows: usize,
    ) -> Result<DemandReport, DemandError> {
        Ok(DemandIndex::new(items, settings)?.fold_frame_in(feedback, batch_rows)?.finish())
    }

    #[test]
    fn batches_of_one_row_give_the_report_of_one_batch() {
        let rows = shard_rows();
        let items_frame = frame(Table::Items, &toy_items());
        let items = Items::decode(&items_frame).unwrap();
        let settings = DemandSettings { threshold: 0.5, since: Some(5), ..DemandSettings::default() };
        let feedback = feedback_frame(&rows);
        let whole = demand_in_batches(&items, &feedback, &settings, rows.len()).unwrap();
        // Rows 0–4 of the varied rows and the undated one are outside the window; of the 59
        // others, three name keys the backlog lacks.
        assert_eq!((whole.feedback_rows, whole.outside_window_rows, whole.unknown_key_rows), (65, 6, 3));
        assert_eq!(whole.linked_rows + whole.matched_rows + whole.unmatched_rows, 56);
        let one_row_each = demand_in_batches(&items, &feedback, &settings, 1).unwrap();
        assert_eq!(serde_json::to_string(&one_row_each).unwrap(), serde_json::to_string(&whole).unwrap());
        assert_eq!(whole.unknown_keys.values().sum::<u64>(), 3);
        assert_eq!(one_row_each.unknown_keys, whole.unknown_keys);
    }

    #[test]
    fn one_thread_and_four_threads_give_the_same_bytes() {
        // More rows than one matching chunk, so four threads really split the work.
        let rows: Vec<Row> = (0..3).flat_map(|_| varied_rows()).cycle().take(10_000).collect();
        let feedback = feedback_frame(&rows);
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                let report = demand_of(&toy_items(), &feedback, &DemandSettings::default()).unwrap();
                assert!(report.matched_rows > 5000 && report.unmatched_rows > 1000, "{report:?}");
                serde_json::to_string(&report).unwrap()
            })
        };
        let single = run(1);
        assert_eq!(single, run(4));
    }
}
