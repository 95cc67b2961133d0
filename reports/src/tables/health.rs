//! The tables of `refine health`: the scorecard (overall and the four DEEP parts), the items
//! behind each part, the Definition-of-Ready rules and checks, the type mix, inflow and
//! outflow, the age of open items, stale items, dependency findings, duplicate candidates, and
//! with a previous snapshot what changed: one summary row (items, open items and open points
//! then and now, and how many items each change list holds), each score's change, the lists.

use refine_engine::health::deep::Finding;
use refine_engine::health::review::HealthReview;
use serde::Serialize;

use super::{Columns, TableSources, source};

/// One line of the scorecard.
#[derive(Serialize)]
struct ScoreRow<'a> {
    part: &'a str,
    score: Option<f64>,
    weight: Option<f64>,
    contribution: Option<f64>,
}

/// An item behind a part's score.
#[derive(Serialize)]
struct FindingRow<'a> {
    part: &'a str,
    #[serde(flatten)]
    finding: &'a Finding,
}

/// The columns of each table, the header of an empty one (checked against the rows of the
/// demo workspace in `super::tests`).
pub(super) const COLUMNS: Columns = &[
    ("scorecard", &["part", "score", "weight", "contribution"]),
    ("findings", &["part", "rank", "key", "title", "reasons"]),
    ("ready_rules", &["rule", "checked", "passed", "pass_share"]),
    ("ready", &["rank", "key", "title", "near_top", "ready", "failed", "reasons"]),
    ("oversized", &["rank", "key", "title", "reasons"]),
    ("stale", &["rank", "key", "title", "last_activity", "idle_days"]),
    ("inflow_outflow", &["week", "week_start", "created", "resolved"]),
    ("age", &["label", "from_days", "to_days", "items"]),
    ("type_mix", &["group", "items", "share"]),
    ("dependencies", &["kind", "key", "title", "rank", "related", "why"]),
    ("duplicates", &["key_a", "key_b", "title_a", "title_b", "similarity", "shared_words", "already_linked"]),
    (
        "change_summary",
        &[
            "previous_items",
            "current_items",
            "previous_open",
            "current_open",
            "previous_open_points",
            "current_open_points",
            "added",
            "closed",
            "reopened",
            "re_estimated",
            "re_prioritised",
        ],
    ),
    ("score_changes", &["name", "previous", "current", "change"]),
    ("added", &["key", "title", "status"]),
    ("closed", &["key", "title", "status", "gone"]),
    ("reopened", &["key", "title", "status"]),
    ("re_estimated", &["key", "title", "previous", "current", "change"]),
    (
        "re_prioritised",
        &[
            "key",
            "title",
            "previous_priority",
            "current_priority",
            "previous_rank",
            "current_rank",
            "rank_move",
            "why",
        ],
    ),
];

/// The tables of a health review.
pub fn health_tables(review: &HealthReview) -> TableSources<'_> {
    let card = &review.scorecard;
    let overall = ScoreRow { part: "overall", score: card.overall.score, weight: None, contribution: None };
    let parts = card.overall.parts.iter().map(|part| ScoreRow {
        part: part.part,
        score: part.score,
        weight: Some(part.weight),
        contribution: part.contribution,
    });
    let scores: Vec<ScoreRow> = std::iter::once(overall).chain(parts).collect();
    let findings: Vec<FindingRow> = [
        ("detailed", &card.detailed.items),
        ("estimated", &card.estimated.items),
        ("emergent", &card.emergent.removal_candidates),
        ("prioritized", &card.prioritized.items),
    ]
    .into_iter()
    .flat_map(|(part, findings)| findings.iter().map(move |finding| FindingRow { part, finding }))
    .collect();
    let mut tables = vec![
        source(COLUMNS, "scorecard", scores),
        source(COLUMNS, "findings", findings),
        source(COLUMNS, "ready_rules", &card.ready.rules),
        source(COLUMNS, "ready", &card.ready.items),
        source(COLUMNS, "oversized", &card.estimated.oversized),
        source(COLUMNS, "stale", &card.emergent.stale),
        source(COLUMNS, "inflow_outflow", &card.emergent.weeks),
        source(COLUMNS, "age", &card.emergent.age_buckets),
        source(COLUMNS, "type_mix", &card.type_mix.groups),
        source(COLUMNS, "dependencies", &review.dependencies.findings),
        source(COLUMNS, "duplicates", &review.duplicates.candidates),
    ];
    if let Some(changes) = &review.changes {
        tables.push(source(COLUMNS, "change_summary", std::slice::from_ref(&changes.summary)));
        tables.push(source(COLUMNS, "score_changes", &changes.scores));
        tables.push(source(COLUMNS, "added", &changes.added));
        tables.push(source(COLUMNS, "closed", &changes.closed));
        tables.push(source(COLUMNS, "reopened", &changes.reopened));
        tables.push(source(COLUMNS, "re_estimated", &changes.re_estimated));
        tables.push(source(COLUMNS, "re_prioritised", &changes.re_prioritised));
    }
    tables
}

/// Every part's warnings.
pub fn health_warnings(review: &HealthReview) -> Vec<String> {
    let mut warnings = review.scorecard.warnings.clone();
    warnings.extend(review.dependencies.warnings.iter().cloned());
    warnings.extend(review.duplicates.warnings.iter().cloned());
    if let Some(changes) = &review.changes {
        warnings.extend(changes.warnings.iter().cloned());
    }
    warnings
}
