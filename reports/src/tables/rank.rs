//! The tables of `refine rank`: the ranking, the blocker cycles, the items gone since the
//! previous ranking, and (when the inputs have them) the ODI outcomes, the demand per ranked
//! item and the feedback matched to ranked items by text.

use std::collections::BTreeSet;

use refine_engine::run::Prioritization;
use serde::Serialize;

use super::{Columns, TableSources, source};

/// A cycle among blockers.
#[derive(Serialize)]
struct CycleRow {
    cycle: String,
    items: usize,
}

/// An item ranked before and not now.
#[derive(Serialize)]
pub(super) struct GoneRow<'a> {
    key: &'a str,
}

/// The columns of each table, the header of an empty one (checked against the rows of the
/// demo workspace in `super::tests`).
pub(super) const COLUMNS: Columns = &[
    (
        "ranking",
        &[
            "rank",
            "key",
            "title",
            "type",
            "status",
            "priority",
            "score",
            "not_scored_reason",
            "explanation",
            "moved_ahead_of",
            "blocked_by",
            "blocks",
            "previous_rank",
            "rank_change",
            "rank_delta",
        ],
    ),
    ("cycles", &["cycle", "items"]),
    ("gone", &["key"]),
    (
        "opportunities",
        &[
            "outcome",
            "respondents",
            "answers_left_out",
            "importance",
            "satisfaction",
            "opportunity",
            "band",
            "overserved",
        ],
    ),
    (
        "demand",
        &[
            "key",
            "requests",
            "linked_requests",
            "matched_requests",
            "matched_share",
            "customers",
            "feedback_votes",
            "item_votes",
            "votes",
            "watchers",
            "reach",
        ],
    ),
    ("feedback_matches", &["feedback_id", "key", "title", "score", "terms", "text"]),
];

/// The tables of a prioritization.
pub fn rank_tables(prioritization: &Prioritization) -> TableSources<'_> {
    let ranking = &prioritization.ranking;
    let cycles: Vec<CycleRow> =
        ranking.cycles.iter().map(|keys| CycleRow { cycle: keys.join(" -> "), items: keys.len() }).collect();
    let gone: Vec<GoneRow> = ranking.gone.iter().map(|key| GoneRow { key }).collect();
    let mut tables = vec![
        source(COLUMNS, "ranking", &ranking.items),
        source(COLUMNS, "cycles", cycles),
        source(COLUMNS, "gone", gone),
    ];
    if let Some(opportunities) = &prioritization.opportunities {
        tables.push(source(COLUMNS, "opportunities", &opportunities.outcomes));
    }
    if let Some(demand) = &prioritization.demand {
        // Demand and text matches of the ranked items only, so that --top and the filters
        // narrow them too; a PM checks each match by its score and shared words.
        let ranked: BTreeSet<&str> = ranking.items.iter().map(|item| item.key.as_str()).collect();
        let items: Vec<_> = demand.items.iter().filter(|item| ranked.contains(item.key.as_str())).collect();
        let matches: Vec<_> = demand.matches.iter().filter(|found| ranked.contains(found.key)).collect();
        tables.push(source(COLUMNS, "demand", items));
        tables.push(source(COLUMNS, "feedback_matches", matches));
    }
    tables
}
