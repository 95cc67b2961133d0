//! The tables of `refine health`: the scorecard (overall and the four DEEP parts), the items
//! behind each part, the Definition-of-Ready rules and checks, the type mix, inflow and
//! outflow, the age of open items, stale items, dependency findings, duplicate candidates, and
//! with a previous snapshot what changed: one summary row (items, open items and open points
//! then and now, and how many items each change list holds), each score's change, the lists.

use refine_engine::health::deep::Finding;
use refine_engine::health::review::HealthReview;
use serde::Serialize;

use super::NamedTables;
use crate::records::Records;

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

/// The tables of a health review.
pub fn health_tables(review: &HealthReview) -> NamedTables {
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
        ("scorecard", Records::from_serialize(&scores)),
        ("findings", Records::from_serialize(&findings)),
        ("ready_rules", Records::from_serialize(&card.ready.rules)),
        ("ready", Records::from_serialize(&card.ready.items)),
        ("oversized", Records::from_serialize(&card.estimated.oversized)),
        ("stale", Records::from_serialize(&card.emergent.stale)),
        ("inflow_outflow", Records::from_serialize(&card.emergent.weeks)),
        ("age", Records::from_serialize(&card.emergent.age_buckets)),
        ("type_mix", Records::from_serialize(&card.type_mix.groups)),
        ("dependencies", Records::from_serialize(&review.dependencies.findings)),
        ("duplicates", Records::from_serialize(&review.duplicates.candidates)),
    ];
    if let Some(changes) = &review.changes {
        tables.push(("change_summary", Records::from_serialize(std::slice::from_ref(&changes.summary))));
        tables.push(("score_changes", Records::from_serialize(&changes.scores)));
        tables.push(("added", Records::from_serialize(&changes.added)));
        tables.push(("closed", Records::from_serialize(&changes.closed)));
        tables.push(("reopened", Records::from_serialize(&changes.reopened)));
        tables.push(("re_estimated", Records::from_serialize(&changes.re_estimated)));
        tables.push(("re_prioritised", Records::from_serialize(&changes.re_prioritised)));
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
