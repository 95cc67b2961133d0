//! Scores on the bundled demo workspace (datasets/demo), checked against figures computed
//! independently with python3 over the CSV files (the scripts are in the comments).

use std::collections::BTreeMap;
use std::path::PathBuf;

use refine_engine::load::{LoadOptions, load_inputs};
use refine_engine::model::Table;
use refine_engine::model::view::{Items, Survey};
use refine_engine::score::{
    Band, Model, OpportunitySettings, ScoreSettings, attach_opportunities, opportunity_scores, score_items,
};

fn demo(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo").join(file)
}

/// Per outcome of the wide survey (120 respondents), with python3:
/// ```text
/// for each imp_X / sat_X pair: skip rows where both cells are empty (no answer);
/// n = rows where both are whole numbers 1-5; a = those with importance >= 4;
/// b = those with satisfaction >= 4; I = 10a/n; S = 10b/n; O = I + max(I - S, 0)
/// ```
/// SHOP-39: n 118 (2 left out), a 106, b 44 → I 8.983051, S 3.728814, O 14.237288;
/// SHOP-391: n 111 (9 left out), a 94, b 2 → O 16.756757; SHOP-44: n 110, a 19, b 101 →
/// I 1.727273 = O (overserved).
#[test]
fn the_demo_survey_gives_the_python_figures() {
    let workspace = load_inputs(&[demo("survey.csv")], &LoadOptions::default()).unwrap();
    let survey_frame = workspace.table(Table::Survey);
    let report = opportunity_scores(&Survey::decode(&survey_frame).unwrap(), &OpportunitySettings::default());
    assert_eq!(report.outcomes.len(), 12);
    let outcome = |name: &str| report.outcomes.iter().find(|outcome| outcome.outcome == name).unwrap();
    let close =
        |actual: Option<f64>, expected: f64| actual.is_some_and(|actual| (actual - expected).abs() < 1e-6);

    let shop_39 = outcome("SHOP-39");
    assert_eq!((shop_39.respondents, shop_39.answers_left_out), (118, 2));
    assert!(close(shop_39.importance, 8.983051), "{:?}", shop_39.importance);
    assert!(close(shop_39.satisfaction, 3.728814), "{:?}", shop_39.satisfaction);
    assert!(close(shop_39.opportunity, 14.237288), "{:?}", shop_39.opportunity);
    assert_eq!(shop_39.band, Some(Band::High));

    let shop_391 = outcome("SHOP-391");
    assert_eq!((shop_391.respondents, shop_391.answers_left_out), (111, 9));
    assert!(close(shop_391.opportunity, 16.756757));
    assert_eq!(shop_391.band, Some(Band::Extreme));

    let shop_44 = outcome("SHOP-44");
    assert!(close(shop_44.opportunity, 1.727273) && shop_44.importance == shop_44.opportunity);
    assert!(shop_44.overserved);
    assert_eq!(shop_44.band, Some(Band::NotWorthPursuing));

    // Every outcome has at least 110 respondents: no small-sample warning, only left-out answers
    // (2 + 10 + 7 + 4 + 4 + 8 + 4 + 6 + 3 + 2 + 9 + 4 = 63).
    assert_eq!(
        report.warnings,
        ["63 survey answers left out: importance or satisfaction missing or not a whole number 1–5"]
    );
}

/// WSJF over the demo backlog, with python3 over backlog.csv: items with Business Value, Time
/// Criticality, Risk Reduction and Story Points > 0 → 65, the highest SHOP-226 (20 + 5 + 8) / 1
/// = 33, the lowest SHOP-269 (2 + 8 + 1) / 40 = 0.275; 43 items have the three values but no
/// estimate.
#[test]
fn the_demo_backlog_gives_the_python_wsjf() {
    let workspace = load_inputs(&[demo("backlog.csv")], &LoadOptions::default()).unwrap();
    let settings = ScoreSettings { model: Model::Wsjf, ..ScoreSettings::default() };
    let items_frame = workspace.table(Table::Items);
    let report = score_items(&Items::decode(&items_frame).unwrap(), &BTreeMap::new(), &settings).unwrap();
    assert_eq!(report.scores.len(), 400);
    let scored: Vec<_> = report.scores.iter().filter(|score| score.score.is_some()).collect();
    assert_eq!(scored.len(), 65);
    let score = |key: &str| report.scores.iter().find(|score| score.key == key).unwrap();
    assert_eq!(score("SHOP-226").score, Some(33.0));
    assert_eq!(
        score("SHOP-226").explanation,
        "WSJF 33 = (business value 20 + time criticality 5 + risk reduction 8) / job size 1 (estimate)"
    );
    assert_eq!(score("SHOP-269").score, Some(0.275));
    let without_estimate = report
        .scores
        .iter()
        .filter(|score| score.not_scored_reason.as_deref() == Some("no job size or estimate"))
        .count();
    assert_eq!(without_estimate, 43);
}

/// The survey's outcomes are backlog keys: the opportunity model scores exactly those 12 items,
/// and the composite uses them beside votes, value, urgency and effort.
#[test]
fn survey_outcomes_score_their_backlog_items() {
    let workspace = load_inputs(&[demo("backlog.csv"), demo("survey.csv")], &LoadOptions::default()).unwrap();
    let survey_frame = workspace.table(Table::Survey);
    let odi = opportunity_scores(&Survey::decode(&survey_frame).unwrap(), &OpportunitySettings::default());
    let mut inputs = BTreeMap::new();
    attach_opportunities(&odi, &mut inputs);
    let items_frame = workspace.table(Table::Items);
    let items = Items::decode(&items_frame).unwrap();

    let settings = ScoreSettings { model: Model::Opportunity, ..ScoreSettings::default() };
    let report = score_items(&items, &inputs, &settings).unwrap();
    let scored: Vec<&str> =
        report.scores.iter().filter(|score| score.score.is_some()).map(|score| score.key.as_str()).collect();
    assert_eq!(scored.len(), 12, "{scored:?}");
    assert!(!report.warnings.iter().any(|warning| warning.contains("name no item")));

    let composite = score_items(&items, &inputs, &ScoreSettings::default()).unwrap();
    let shop_391 = composite.scores.iter().find(|score| score.key == "SHOP-391").unwrap();
    assert!(shop_391.components.contains_key("opportunity"), "{}", shop_391.explanation);
    assert!(
        composite.scores.iter().all(|score| score.score.is_none_or(|value| (0.0..=1.0).contains(&value)))
    );
}
