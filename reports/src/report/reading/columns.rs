//! What each column of the report's tables is called for people, and what kind of value it
//! holds. One curated list covers every column of every table the report shows (the tables
//! are built in `crate::tables`; a test walks them all). A column name serves several tables
//! (`score` is a ranking score, a health score and a text-match score), so its header and kind
//! fit each of them.
//!
//! | Kind | Reads as | Columns, for example |
//! |---|---|---|
//! | [`Kind::Text`] | as it is | `title`, `status`, `why`, `explanation` |
//! | [`Kind::Sentences`] | as it is, a list joined with `; ` | `reasons`, `warnings`, `decide` |
//! | [`Kind::Identifier`] | as it is, digits ungrouped | `feedback_id`, `round`, `sprint_id` |
//! | [`Kind::Words`] | underscores as spaces | `band`, `rank_change`, `failed`, `measure` |
//! | [`Kind::Date`] | the day: `1 Jun 2026` | `start`, `started`, `week_start`, `date_85` |
//! | [`Kind::Count`] | whole, grouped: `12 345` | `rank`, `items`, `customers`, `reach` |
//! | [`Kind::Score`] | two decimals: `0.98` | `score`, `importance`, `cv`, `similarity` |
//! | [`Kind::Amount`] | at most one decimal: `5`, `0.5` | points, estimates, sizes |
//! | [`Kind::Days`] | one decimal: `3.0` | `age_days`, `idle_days`, `p85_days`, `actual` |
//! | [`Kind::Share`] | whole percent: `97%` | `say_do`, `pass_share`, `weight` |
//! | [`Kind::Percent`] | `85%` | `percent` |
//! | [`Kind::Change`] | signed: `+4`, `−2.5` | `change`, `rank_delta`, `trend_slope` |
//!
//! In every column true and false read ✓ and –, no value –, and a list its values joined with
//! `, ` (with `; ` where the values are sentences that may hold a comma).
//!
//! A kind says how numbers and texts of the column read; a cell of another type reads by its
//! type (the agenda's `start` is a minute, the sprints' `start` a date).

use std::borrow::Cow;

/// How a column's values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Text from the inputs or the engine: as it is.
    Text,
    /// Sentences (the engine's reasons): as they are, a list of them joined with `; `, as a
    /// sentence may hold a comma.
    Sentences,
    /// An identifier: as it is, a number's digits not grouped.
    Identifier,
    /// A value from a fixed vocabulary (`not_worth_pursuing`): underscores read as spaces.
    Words,
    /// An ISO date or timestamp: its day.
    Date,
    /// How many: a whole number, grouped.
    Count,
    /// A score or a statistic: two decimals.
    Score,
    /// Story points, an estimate or a size: at most one decimal.
    Amount,
    /// Days: one decimal.
    Days,
    /// A fraction of one: a whole percentage.
    Share,
    /// A value already in percent.
    Percent,
    /// A difference: signed, at most one decimal.
    Change,
}

/// A column's header and kind, when the column is one the report knows.
pub(super) fn curated(column: &str) -> Option<(Cow<'static, str>, Kind)> {
    named(column).map(|(header, kind)| (Cow::Borrowed(header), kind)).or_else(|| numbered(column))
}

/// The kind of a column's values; a column the report does not know reads as text (its numbers
/// and flags still read as numbers and flags).
pub(super) fn kind(column: &str) -> Kind {
    curated(column).map_or(Kind::Text, |(_, kind)| kind)
}

/// The header of a column the report does not know: underscores as spaces, the first letter
/// upper case (`answers_left_out` → `Answers left out`).
pub(super) fn fallback_header(column: &str) -> String {
    let words = column.replace('_', " ");
    let mut characters = words.chars();
    characters.next().map(|first| first.to_uppercase().chain(characters).collect()).unwrap_or_default()
}

/// Columns named after a configured percentile or confidence level: `p85_days` (cycle and lead
/// time), `p15` (estimate buckets), `period_50` and `date_50` (each item's forecast).
fn numbered(column: &str) -> Option<(Cow<'static, str>, Kind)> {
    let level = |text: &str| {
        let numeric = !text.is_empty()
            && text.bytes().all(|byte| byte.is_ascii_digit() || byte == b'.')
            && text.bytes().next().is_some_and(|byte| byte.is_ascii_digit());
        numeric.then(|| text.to_owned())
    };
    if let Some(level) = column.strip_prefix('p').and_then(|rest| rest.strip_suffix("_days")).and_then(level)
    {
        return Some((Cow::Owned(format!("P{level} (days)")), Kind::Days));
    }
    if let Some(level) = column.strip_prefix('p').and_then(level) {
        return Some((Cow::Owned(format!("P{level}")), Kind::Days));
    }
    if let Some(level) = column.strip_prefix("period_").and_then(level) {
        return Some((Cow::Owned(format!("Periods ({level}%)")), Kind::Count));
    }
    if let Some(level) = column.strip_prefix("date_").and_then(level) {
        return Some((Cow::Owned(format!("Done by ({level}%)")), Kind::Date));
    }
    None
}

/// The curated header and kind of every named column, grouped by the tables that have them
/// first (a column shared by later tables is listed once).
fn named(column: &str) -> Option<(&'static str, Kind)> {
    use Kind::*;
    Some(match column {
        // Ranking, blocker cycles, items gone.
        "rank" => ("Rank", Count),
        "key" => ("Key", Text),
        "title" => ("Title", Text),
        "type" => ("Type", Text),
        "status" => ("Status", Text),
        "priority" => ("Priority", Text),
        "score" => ("Score", Score),
        "not_scored_reason" => ("Why not scored", Text),
        "explanation" => ("Explanation", Text),
        "moved_ahead_of" => ("Moved ahead of", Text),
        "blocked_by" => ("Blocked by", Text),
        "blocks" => ("Blocks", Text),
        "previous_rank" => ("Rank before", Count),
        "rank_change" => ("Rank change", Words),
        "rank_delta" => ("Places up", Change),
        "cycle" => ("Cycle", Text),
        "items" => ("Items", Count),
        // Opportunities (ODI), demand, feedback matched by text.
        "outcome" => ("Outcome", Text),
        "respondents" => ("Respondents", Count),
        "answers_left_out" => ("Answers left out", Count),
        "importance" => ("Importance", Score),
        "satisfaction" => ("Satisfaction", Score),
        "opportunity" => ("Opportunity", Score),
        "band" => ("Band", Words),
        "overserved" => ("Overserved", Text),
        "requests" => ("Requests", Count),
        "linked_requests" => ("Linked requests", Count),
        "matched_requests" => ("Matched by text", Count),
        "matched_share" => ("Share matched", Share),
        "customers" => ("Customers", Count),
        "feedback_votes" => ("Feedback votes", Count),
        "item_votes" => ("Item votes", Count),
        "votes" => ("Votes", Count),
        "watchers" => ("Watchers", Count),
        "reach" => ("Reach", Count),
        "feedback_id" => ("Feedback ID", Identifier),
        "terms" => ("Shared terms", Text),
        "text" => ("Feedback", Text),
        // Sprints, teams, carried-over items.
        "team" => ("Team", Text),
        "sprint_id" => ("Sprint ID", Identifier),
        "sprint" => ("Sprint", Text),
        "state" => ("State", Words),
        "start" => ("Start", Date),
        "end" => ("End", Date),
        "committed_points" => ("Points committed", Amount),
        "added_points" => ("Points added", Amount),
        "removed_points" => ("Points removed", Amount),
        "completed_points" => ("Points done", Amount),
        "committed_items" => ("Items committed", Count),
        "added_items" => ("Items added", Count),
        "removed_items" => ("Items removed", Count),
        "completed_items" => ("Items done", Count),
        "say_do" => ("Say/do", Share),
        "scope_change" => ("Scope change", Share),
        "carried_over_items" => ("Items carried over", Count),
        "rolling_mean" => ("Rolling mean", Amount),
        "rolling_median" => ("Rolling median", Amount),
        "rolling_std" => ("Rolling std. dev.", Amount),
        "sprint_order" => ("Sprints ordered by", Words),
        "sprints" => ("Sprints", Count),
        "counted_sprints" => ("Sprints counted", Count),
        "window" => ("Window (sprints)", Count),
        "mean" => ("Mean", Amount),
        "median" => ("Median", Amount),
        "std" => ("Std. dev.", Amount),
        "predictability_cv" => ("Predictability (CV)", Score),
        "trend_slope" => ("Trend per sprint", Change),
        "mean_say_do" => ("Mean say/do", Share),
        "warnings" => ("Warnings", Sentences),
        // Throughput, cycle and lead time, aging work in progress.
        "week" => ("Week", Text),
        "week_start" => ("Week starting", Date),
        "worked_items" => ("Items worked on", Count),
        "measure" => ("Measure", Words),
        "count" => ("Count", Count),
        "mean_days" => ("Mean (days)", Days),
        "median_days" => ("Median (days)", Days),
        "started" => ("Started", Date),
        "age_days" => ("Age (days)", Days),
        // Planning poker, estimator bias, estimate against actual.
        "round" => ("Round", Identifier),
        "n" => ("Sample", Count),
        "unknown" => ("“?” votes", Count),
        "coffee" => ("Coffee votes", Count),
        "unreadable" => ("Unreadable votes", Count),
        "snapped" => ("Snapped to deck", Count),
        "unknown_share" => ("“?” share", Share),
        "coffee_share" => ("Coffee share", Share),
        "min" => ("Lowest", Amount),
        "max" => ("Highest", Amount),
        "cv" => ("CV", Score),
        "spread" => ("Spread (steps)", Count),
        "consensus" => ("Consensus", Text),
        "suggested" => ("Suggested", Amount),
        "confidence" => ("Confidence", Score),
        "discuss" => ("Discuss", Text),
        "spike" => ("Spike", Text),
        "estimator" => ("Estimator", Text),
        "median_log2_ratio" => ("Median log₂ ratio", Score),
        "ratio" => ("Ratio", Score),
        "estimate" => ("Estimate", Amount),
        "scope" => ("Scope", Words),
        "spearman" => ("Spearman", Score),
        "pearson" => ("Pearson", Score),
        "actual" => ("Actual (days)", Days),
        "bucket_median" => ("Bucket median (days)", Days),
        "bound" => ("Bound (days)", Days),
        "direction" => ("Direction", Words),
        "changes" => ("Changes", Sentences),
        // Health: scorecard, findings, Definition of Ready, staleness, flow, type mix.
        "part" => ("Part", Words),
        "weight" => ("Weight", Share),
        "contribution" => ("Contribution", Score),
        "reasons" => ("Reasons", Sentences),
        "rule" => ("Rule", Words),
        "checked" => ("Checked", Count),
        "passed" => ("Passed", Count),
        "pass_share" => ("Pass rate", Share),
        "near_top" => ("Near the top", Text),
        "ready" => ("Ready", Text),
        "failed" => ("Rules failed", Words),
        "last_activity" => ("Last activity", Date),
        "idle_days" => ("Idle (days)", Days),
        "created" => ("Created", Count),
        "resolved" => ("Resolved", Count),
        "label" => ("Age", Text),
        "from_days" => ("From (days)", Days),
        "to_days" => ("To (days)", Days),
        "group" => ("Group", Words),
        "share" => ("Share", Share),
        // Dependencies and duplicate candidates.
        "kind" => ("Finding", Words),
        "related" => ("Related", Text),
        "why" => ("Why", Text),
        "key_a" => ("Key", Text),
        "key_b" => ("Similar to", Text),
        "title_a" => ("Title", Text),
        "title_b" => ("Similar title", Text),
        "similarity" => ("Similarity", Score),
        "shared_words" => ("Shared words", Text),
        "already_linked" => ("Linked already", Text),
        // Changes since the previous export.
        "previous_items" => ("Items before", Count),
        "current_items" => ("Items now", Count),
        "previous_open" => ("Open before", Count),
        "current_open" => ("Open now", Count),
        "previous_open_points" => ("Open points before", Amount),
        "current_open_points" => ("Open points now", Amount),
        "added" => ("Added", Count),
        "closed" => ("Closed", Count),
        "reopened" => ("Reopened", Count),
        "re_estimated" => ("Re-estimated", Count),
        "re_prioritised" => ("Re-prioritised", Count),
        "name" => ("Name", Words),
        "previous" => ("Before", Amount),
        "current" => ("Now", Amount),
        "change" => ("Change", Change),
        "gone" => ("Gone from export", Text),
        "previous_priority" => ("Priority before", Text),
        "current_priority" => ("Priority now", Text),
        "current_rank" => ("Rank now", Count),
        "rank_move" => ("Places up", Change),
        // Agenda.
        "time" => ("Time", Text),
        "minutes" => ("Minutes", Count),
        "section" => ("Section", Text),
        "decide" => ("To decide", Sentences),
        // Backlog forecast.
        "percent" => ("Confidence", Percent),
        "periods" => ("Periods", Count),
        "date" => ("Done by", Date),
        "size" => ("Size", Amount),
        "cumulative_size" => ("Cumulative size", Amount),
        _ => return None,
    })
}
