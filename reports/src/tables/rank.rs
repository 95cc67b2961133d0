//! The tables of `refine rank`: the ranking, the blocker cycles, the items gone since the
//! previous ranking, and (when the inputs have them) the ODI outcomes, the demand per ranked
//! item and the feedback matched to ranked items by text.

use std::collections::BTreeSet;

use refine_engine::prioritize::Prioritization;
use serde::Serialize;

use super::NamedTables;
use crate::records::Records;

/// A cycle among blockers.
#[derive(Serialize)]
struct CycleRow {
    cycle: String,
    items: usize,
}

/// An item ranked before and not now.
#[derive(Serialize)]
struct GoneRow<'a> {
    key: &'a str,
}

/// The tables of a prioritization.
pub fn rank_tables(prioritization: &Prioritization) -> NamedTables {
    let ranking = &prioritization.ranking;
    let cycles: Vec<CycleRow> =
        ranking.cycles.iter().map(|keys| CycleRow { cycle: keys.join(" -> "), items: keys.len() }).collect();
    let gone: Vec<GoneRow> = ranking.gone.iter().map(|key| GoneRow { key }).collect();
    let mut tables = vec![
        ("ranking", Records::from_serialize(&ranking.items)),
        ("cycles", Records::from_serialize(&cycles)),
        ("gone", Records::from_serialize(&gone)),
    ];
    if let Some(opportunities) = &prioritization.opportunities {
        tables.push(("opportunities", Records::from_serialize(&opportunities.outcomes)));
    }
    if let Some(demand) = &prioritization.demand {
        // Demand and text matches of the ranked items only, so that --top and the filters
        // narrow them too; a PM checks each match by its score and shared words.
        let ranked: BTreeSet<&str> = ranking.items.iter().map(|item| item.key.as_str()).collect();
        let items: Vec<_> = demand.items.iter().filter(|item| ranked.contains(item.key.as_str())).collect();
        let matches: Vec<_> = demand.matches.iter().filter(|found| ranked.contains(found.key)).collect();
        tables.push(("demand", Records::from_serialize(&items)));
        tables.push(("feedback_matches", Records::from_serialize(&matches)));
    }
    tables
}
