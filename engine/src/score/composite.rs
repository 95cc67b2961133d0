//! The weighted composite, refine's default model: score = Σ wᵢ·xᵢ / Σ wᵢ over the components
//! an item has, each xᵢ normalised to 0–1 over the items being scored, so the score is 0–1.
//!
//! Components (weights in `score.composite.weights`, defaults in brackets):
//! - value [0.25]: the item's `business_value`;
//! - demand [0.25]: the caller's demand per item (feedback requests, customers, ARR) when any
//!   item has one, else the items' `votes` (one source for the whole backlog, so that units are
//!   never mixed);
//! - opportunity [0.15]: the ODI opportunity of the item's survey outcome;
//! - urgency [0.15]: the item's `time_criticality`;
//! - effort [0.10]: the estimate, else the job size, inverted (1 − normalised) so that smaller
//!   work scores higher; a negative effort counts as missing;
//! - confidence [0.10]: the confidence as a fraction 0–1 (see [`super`]).
//!
//! Normalisation (`score.composite.normalisation`) is over the items that have the component:
//! `rank_percentile` (default) = (r − 1) / (n − 1) with tied values sharing their average rank
//! r; `min_max` = (x − min) / (max − min). One item, or a component every item has with the
//! same value (zero variance), normalises to the neutral 0.5 under both.
//!
//! Missing components are handled explicitly: an item's score renormalises the weights over the
//! components it has (they are divided by their sum), and its explanation names the missing
//! ones. An item with none of the weighted components is not scored, nor one whose components
//! carry less than `score.composite.min_weight_share` of the total weight (default 0: one
//! component is enough, so an item known only by its votes ranks on its votes). Components with
//! weight 0 are left out entirely. A component no item has is reported in the warnings.

use std::fmt::Write;

use rayon::prelude::*;

use super::settings::{CompositeSettings, Normalisation};
use super::{Figures, ItemFacts, Model, Scored, confidence_fraction, finite};

/// One component over the whole backlog.
struct Component {
    name: &'static str,
    /// The figure of its raw value.
    input_figure: &'static str,
    weight: f64,
    inverted: bool,
    /// The raw value per item, None when missing.
    raw: Vec<Option<f64>>,
}

/// The figures holding the components' raw values, `<component>_input`, in the order of
/// `CompositeWeights::named`.
pub(crate) const INPUT_FIGURES: [&str; 6] =
    ["value_input", "demand_input", "opportunity_input", "urgency_input", "effort_input", "confidence_input"];

/// The raw components of every item, in the fixed component order.
fn raw_components(facts: &[ItemFacts<'_>], settings: &CompositeSettings) -> Vec<Component> {
    let column = |read: &dyn Fn(&ItemFacts<'_>) -> Option<f64>| facts.iter().map(read).collect::<Vec<_>>();
    let caller_demand = facts.iter().any(|item| item.inputs.demand.and_then(finite).is_some());
    let raw: [(Vec<Option<f64>>, bool); 6] = [
        (column(&|item| item.business_value), false),
        (
            if caller_demand {
                column(&|item| item.inputs.demand.and_then(finite))
            } else {
                column(&|item| item.votes)
            },
            false,
        ),
        (column(&|item| item.inputs.opportunity.and_then(|figures| finite(figures.opportunity))), false),
        (column(&|item| item.time_criticality), false),
        (column(&|item| item.effort().map(|(effort, _)| effort).filter(|effort| *effort >= 0.0)), true),
        (column(&|item| item.confidence.and_then(|confidence| confidence_fraction(confidence.value))), false),
    ];
    settings
        .weights
        .named()
        .into_iter()
        .zip(raw)
        .zip(INPUT_FIGURES)
        .map(|(((name, weight), (raw, inverted)), input_figure)| Component {
            name,
            input_figure,
            weight,
            inverted,
            raw,
        })
        .collect()
}

/// Every present value brought to 0–1 by `method`; missing stay missing.
pub fn normalise(values: &[Option<f64>], method: Normalisation) -> Vec<Option<f64>> {
    let mut present: Vec<(usize, f64)> =
        values.iter().enumerate().filter_map(|(index, value)| Some((index, (*value)?))).collect();
    let mut normalised = vec![None; values.len()];
    match method {
        Normalisation::RankPercentile => {
            // The index breaks ties, so the unstable sort has one result.
            present.par_sort_unstable_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            let n = present.len();
            let mut start = 0;
            while start < n {
                let end = present[start..]
                    .iter()
                    .position(|(_, value)| *value != present[start].1)
                    .map_or(n, |o| start + o);
                // Ranks start + 1 ..= end share their average; (r − 1) / (n − 1) with r that average.
                let average_rank_from_zero = (start + end - 1) as f64 / 2.0;
                let percentile = if n > 1 { average_rank_from_zero / (n - 1) as f64 } else { 0.5 };
                for (index, _) in &present[start..end] {
                    normalised[*index] = Some(percentile);
                }
                start = end;
            }
        }
        Normalisation::MinMax => {
            let min = present.iter().map(|(_, value)| *value).fold(f64::INFINITY, f64::min);
            let max = present.iter().map(|(_, value)| *value).fold(f64::NEG_INFINITY, f64::max);
            // Halved so that max − min cannot overflow for values near ±f64::MAX.
            let range = max / 2.0 - min / 2.0;
            for (index, value) in present {
                let share =
                    if range > 0.0 { ((value / 2.0 - min / 2.0) / range).clamp(0.0, 1.0) } else { 0.5 };
                normalised[index] = Some(share);
            }
        }
    }
    normalised
}

/// The composite score of every item, in `facts` order.
pub(crate) fn score_items(
    facts: &[ItemFacts<'_>],
    settings: &CompositeSettings,
    warnings: &mut Vec<String>,
) -> Vec<Scored> {
    let components: Vec<Component> =
        raw_components(facts, settings).into_iter().filter(|component| component.weight > 0.0).collect();
    let normalised: Vec<Vec<Option<f64>>> = components
        .par_iter()
        .map(|component| {
            let shares = normalise(&component.raw, settings.normalisation);
            if component.inverted {
                shares.into_iter().map(|share| share.map(|share| 1.0 - share)).collect()
            } else {
                shares
            }
        })
        .collect();
    if !facts.is_empty() {
        let absent: Vec<&str> = components
            .iter()
            .filter(|component| component.raw.iter().all(Option::is_none))
            .map(|component| component.name)
            .collect();
        if !absent.is_empty() {
            warnings.push(format!(
                "composite: no item has {}, so the other components' weights are renormalised",
                absent.join(", ")
            ));
        }
    }
    let required_weight =
        settings.min_weight_share * components.iter().map(|component| component.weight).sum::<f64>();
    (0..facts.len())
        .into_par_iter()
        .map(|row| score_row(row, &components, &normalised, required_weight))
        .collect()
}

fn score_row(
    row: usize,
    components: &[Component],
    normalised: &[Vec<Option<f64>>],
    required_weight: f64,
) -> Scored {
    let mut present = Vec::new();
    let mut missing = Vec::new();
    let mut figures = Figures::with_capacity(2 * components.len());
    for (component, shares) in components.iter().zip(normalised) {
        match (component.raw[row], shares[row]) {
            (Some(raw), Some(share)) => {
                figures.insert(component.name, share);
                figures.insert(component.input_figure, raw);
                present.push((component, share));
            }
            _ => missing.push(component.name),
        }
    }
    let total_weight: f64 = present.iter().map(|(component, _)| component.weight).sum();
    if present.is_empty() || total_weight <= 0.0 {
        let reasons = missing.iter().map(|name| missing_reason(name)).collect();
        return Scored::not_scored(Model::Composite, reasons, figures);
    }
    if total_weight < required_weight {
        return Scored::not_scored(
            Model::Composite,
            vec!["too few components (score.composite.min_weight_share)"],
            figures,
        );
    }
    let weights: Figures =
        present.iter().map(|(component, _)| (component.name, component.weight / total_weight)).collect();
    let score: f64 = present.iter().map(|(component, share)| share * component.weight / total_weight).sum();
    // Writing to a String cannot fail, so write!'s Result is dropped.
    let mut explanation = format!("composite {score:.2} = ");
    for (term, (component, share)) in present.iter().enumerate() {
        let separator = if term > 0 { " + " } else { "" };
        let _ = write!(
            explanation,
            "{separator}{} {share:.2} × {:.2}",
            component.name,
            component.weight / total_weight
        );
    }
    if !missing.is_empty() {
        let _ = write!(explanation, " (no {}: weights renormalised)", missing.join(", "));
    }
    let mut scored = Scored::with_score(Model::Composite, score, explanation, figures);
    scored.weights = weights;
    scored
}

/// The fixed phrase for a missing component (so that warnings can count them).
fn missing_reason(name: &str) -> &'static str {
    match name {
        "value" => "no value",
        "demand" => "no demand",
        "opportunity" => "no opportunity",
        "urgency" => "no urgency",
        "effort" => "no effort",
        _ => "no confidence",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::test_support::{item, score};
    use super::super::{ItemInputs, ScoreReport, ScoreSettings, SurveyOpportunity};
    use super::*;
    use crate::model::items;
    use crate::model::test_frame::TestRow;

    #[test]
    fn input_figures_follow_the_component_names() {
        let expected = super::super::settings::CompositeWeights::default()
            .named()
            .map(|(name, _)| format!("{name}_input"));
        assert_eq!(INPUT_FIGURES.map(str::to_owned), expected);
    }

    fn close(actual: Option<f64>, expected: f64) -> bool {
        actual.is_some_and(|actual| (actual - expected).abs() < 1e-12)
    }

    #[test]
    fn rank_percentiles_share_ties() {
        // Sorted 10 (rank 1), 20 20 (ranks 2 and 3, average 2.5), 40 (rank 4); (r − 1) / 3.
        let shares =
            normalise(&[Some(20.0), Some(10.0), None, Some(40.0), Some(20.0)], Normalisation::RankPercentile);
        assert_eq!(shares, [Some(0.5), Some(0.0), None, Some(1.0), Some(0.5)]);
    }

    #[test]
    fn min_max_keeps_distances() {
        // (x − 10) / 30
        let shares = normalise(&[Some(20.0), Some(10.0), None, Some(40.0)], Normalisation::MinMax);
        assert!(
            close(shares[0], 1.0 / 3.0)
                && shares[1] == Some(0.0)
                && shares[2].is_none()
                && shares[3] == Some(1.0)
        );
        let extreme = normalise(&[Some(-f64::MAX), Some(f64::MAX), Some(0.0)], Normalisation::MinMax);
        assert_eq!(extreme, [Some(0.0), Some(1.0), Some(0.5)]);
    }

    #[test]
    fn one_value_or_no_variance_is_neutral() {
        for method in [Normalisation::RankPercentile, Normalisation::MinMax] {
            assert_eq!(normalise(&[None, Some(7.0)], method), [None, Some(0.5)]);
            assert_eq!(normalise(&[Some(3.0), Some(3.0), Some(3.0)], method), [Some(0.5); 3]);
            assert_eq!(normalise(&[None, None], method), [None, None]);
        }
    }

    fn backlog() -> Vec<TestRow> {
        vec![
            item("A-1")
                .number(items::BUSINESS_VALUE, 8.0)
                .integer(items::VOTES, 10)
                .number(items::TIME_CRITICALITY, 5.0)
                .number(items::ESTIMATE, 1.0),
            item("A-2")
                .number(items::BUSINESS_VALUE, 2.0)
                .integer(items::VOTES, 0)
                .number(items::ESTIMATE, 5.0),
            item("A-3")
                .integer(items::VOTES, 1)
                .number(items::TIME_CRITICALITY, 1.0)
                .number(items::ESTIMATE, 3.0),
            item("A-4"),
        ]
    }

    fn composite(
        rows: &[TestRow],
        inputs: &BTreeMap<String, ItemInputs>,
        normalisation: Normalisation,
    ) -> ScoreReport {
        let mut settings = ScoreSettings::default();
        settings.composite.normalisation = normalisation;
        score(rows, inputs, &settings)
    }

    #[test]
    fn weights_are_renormalised_over_the_components_an_item_has() {
        let report = composite(&backlog(), &BTreeMap::new(), Normalisation::MinMax);
        // value 8, 2 → 1, 0; demand (votes) 10, 0, 1 → 1, 0, 0.1; urgency 5, 1 → 1, 0;
        // effort 1, 5, 3 → 0, 1, 0.5, inverted 1, 0, 0.5. No opportunity, no confidence anywhere.
        // (0.25 + 0.25 + 0.15 + 0.10) / 0.75 = 1
        // value 0, demand 0, effort 0 over 0.60 = 0
        // (0.25 × 0.1 + 0.15 × 0 + 0.10 × 0.5) / 0.50 = 0.075 / 0.5 = 0.15
        let scores: Vec<_> = report.scores.iter().map(|score| score.score).collect();
        assert!(close(scores[0], 1.0) && close(scores[1], 0.0) && close(scores[2], 0.15), "{scores:?}");
        let a3 = &report.scores[2];
        assert_eq!(
            a3.explanation,
            "composite 0.15 = demand 0.10 × 0.50 + urgency 0.00 × 0.30 + effort 0.50 × 0.20 \
             (no value, opportunity, confidence: weights renormalised)"
        );
        assert!(close(Some(a3.weights.values().sum::<f64>()), 1.0));
        assert_eq!((a3.components["effort"], a3.components["effort_input"]), (0.5, 3.0));
        assert_eq!(
            report.scores[3].not_scored_reason.as_deref(),
            Some("no value, no demand, no opportunity, no urgency, no effort, no confidence")
        );
        assert!(report.warnings.contains(
            &"composite: no item has opportunity, confidence, so the other components' weights are renormalised".to_owned()
        ));
        assert_eq!(report.normalisation, Some(Normalisation::MinMax));
    }

    #[test]
    fn rank_percentiles_damp_outliers() {
        let report = composite(&backlog(), &BTreeMap::new(), Normalisation::RankPercentile);
        // Votes 0, 1, 10 rank 1, 2, 3 → demand 0, 0.5, 1; the rest as with min-max.
        // (0.25 × 0.5 + 0 + 0.10 × 0.5) / 0.50 = 0.35
        assert!(close(report.scores[2].score, 0.35), "{:?}", report.scores[2].score);
    }

    #[test]
    fn caller_demand_and_survey_replace_votes_for_every_item() {
        let opportunity = SurveyOpportunity { importance: 8.0, satisfaction: 2.0, opportunity: 14.0 };
        let inputs = BTreeMap::from([
            ("A-1".to_owned(), ItemInputs { demand: Some(0.0), ..ItemInputs::default() }),
            (
                "A-2".to_owned(),
                ItemInputs {
                    demand: Some(50_000.0),
                    opportunity: Some(opportunity),
                    ..ItemInputs::default()
                },
            ),
        ]);
        let report = composite(&backlog(), &inputs, Normalisation::MinMax);
        // Demand 0, 50 000 → 0, 1; A-3's 1 vote is not demand any more. Opportunity: A-2 alone → 0.5.
        // value 0 × 0.25 + demand 1 × 0.25 + opportunity 0.5 × 0.15 + effort 0 × 0.10 over 0.75
        //    = (0.25 + 0.075) / 0.75 = 0.4333…
        assert!(close(report.scores[1].score, 0.325 / 0.75), "{:?}", report.scores[1].score);
        assert_eq!(report.scores[1].components["demand_input"], 50_000.0);
        assert!(!report.scores[2].components.contains_key("demand"));
    }

    #[test]
    fn a_zero_weight_leaves_a_component_out() {
        let mut settings = ScoreSettings::default();
        settings.composite.weights.effort = 0.0;
        settings.composite.normalisation = Normalisation::MinMax;
        let report = score(&backlog(), &BTreeMap::new(), &settings);
        // value 1, demand 1, urgency 1 → 1, and effort is not mentioned.
        assert!(close(report.scores[0].score, 1.0));
        assert!(!report.scores[0].explanation.contains("effort"));
        assert!(!report.scores[3].not_scored_reason.as_deref().unwrap_or_default().contains("effort"));
    }

    #[test]
    fn items_with_too_little_evidence_can_be_left_unscored() {
        let mut settings = ScoreSettings::default();
        settings.composite.min_weight_share = 0.5;
        let report = score(&backlog(), &BTreeMap::new(), &settings);
        // Present weight of 1.0: A-1 0.75, A-2 0.60, A-3 0.50 (all ≥ 0.5); with 0.55 A-3 drops out.
        assert!(report.scores[..3].iter().all(|score| score.score.is_some()));
        settings.composite.min_weight_share = 0.55;
        let report = score(&backlog(), &BTreeMap::new(), &settings);
        assert_eq!(
            report.scores[2].not_scored_reason.as_deref(),
            Some("too few components (score.composite.min_weight_share)")
        );
    }
}
