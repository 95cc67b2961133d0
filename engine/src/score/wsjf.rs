//! WSJF (SAFe, weighted shortest job first): score = cost of delay / job size, where cost of
//! delay = business value + time criticality + risk reduction (or opportunity enablement).
//!
//! - The three components are the items' `business_value`, `time_criticality` and
//!   `risk_reduction`, as the team rated them (SAFe's modified Fibonacci 1–20, relative).
//! - Job size: the item's `job_size`, else its estimate in points.
//!
//! A missing component makes the item "not scored" by default (`score.wsjf.missing_component =
//! "unscored"`): SAFe rates every component with 1 as the smallest value, so a blank means "not
//! assessed", and reading it as 0 would quietly rank the item below items that were assessed.
//! With `"zero"`, a missing component counts as 0 and the explanation says so; an item with no
//! component at all is never scored. Not scored too: a negative component, job size missing,
//! 0 or negative (never a division by zero).

use super::settings::{MissingComponent, WsjfSettings};
use super::{ItemFacts, Model, Scored, components, format_number, positive_divisor};

/// One cost-of-delay component of an item.
struct Component {
    /// As explanations name it.
    label: &'static str,
    /// As `components` names it.
    name: &'static str,
    value: Option<f64>,
    missing: &'static str,
    negative: &'static str,
}

fn cost_of_delay_components(item: &ItemFacts<'_>) -> [Component; 3] {
    [
        Component {
            label: "business value",
            name: "business_value",
            value: item.business_value,
            missing: "no business value",
            negative: "business value is negative",
        },
        Component {
            label: "time criticality",
            name: "time_criticality",
            value: item.time_criticality,
            missing: "no time criticality",
            negative: "time criticality is negative",
        },
        Component {
            label: "risk reduction",
            name: "risk_reduction",
            value: item.risk_reduction,
            missing: "no risk reduction",
            negative: "risk reduction is negative",
        },
    ]
}

/// The item's WSJF score.
pub(crate) fn score_item(item: &ItemFacts<'_>, settings: &WsjfSettings) -> Scored {
    let parts = cost_of_delay_components(item);
    let mut reasons = Vec::new();
    let none_given = parts.iter().all(|part| part.value.is_none());
    if none_given {
        reasons.push("no cost of delay");
    }
    let mut terms = Vec::new();
    let mut cost_of_delay = 0.0;
    for part in &parts {
        match part.value {
            Some(value) if value < 0.0 => reasons.push(part.negative),
            Some(value) => {
                cost_of_delay += value;
                terms.push(format!("{} {}", part.label, format_number(value)));
            }
            None if none_given => {}
            None if settings.missing_component == MissingComponent::Zero => {
                terms.push(format!("{} 0 (missing)", part.label));
            }
            None => reasons.push(part.missing),
        }
    }
    let (job_size_value, job_size_source) = match (item.job_size, item.estimate) {
        (Some(job_size), _) => (Some(job_size), ""),
        (None, Some(estimate)) => (Some(estimate), " (estimate)"),
        (None, None) => (None, ""),
    };
    let job_size = positive_divisor(
        job_size_value,
        ["no job size or estimate", "job size is 0", "job size is negative"],
        &mut reasons,
    );
    let [value, criticality, risk] = parts.map(|part| (part.name, part.value));
    let mut figures = components([value, criticality, risk, ("job_size", job_size)]);
    let Some(job_size) = job_size.filter(|_| reasons.is_empty()) else {
        return Scored::not_scored(Model::Wsjf, reasons, figures);
    };
    figures.insert("cost_of_delay", cost_of_delay);
    let score = cost_of_delay / job_size;
    let explanation = format!(
        "WSJF {} = ({}) / job size {}{job_size_source}",
        format_number(score),
        terms.join(" + "),
        format_number(job_size)
    );
    Scored::with_score(Model::Wsjf, score, explanation, figures)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::test_support::{item, score};
    use super::super::{ScoreReport, ScoreSettings};
    use super::*;
    use crate::model::items;
    use crate::model::test_frame::TestRow;

    fn wsjf(rows: &[TestRow], missing_component: MissingComponent) -> ScoreReport {
        let settings = ScoreSettings {
            model: Model::Wsjf,
            wsjf: WsjfSettings { missing_component },
            ..ScoreSettings::default()
        };
        score(rows, &BTreeMap::new(), &settings)
    }

    fn backlog() -> Vec<TestRow> {
        vec![
            item("A-1")
                .number(items::BUSINESS_VALUE, 8.0)
                .number(items::TIME_CRITICALITY, 3.0)
                .number(items::RISK_REDUCTION, 2.0)
                .number(items::ESTIMATE, 3.0),
            item("A-2")
                .number(items::BUSINESS_VALUE, 20.0)
                .number(items::TIME_CRITICALITY, 1.0)
                .number(items::RISK_REDUCTION, 5.0)
                .number(items::ESTIMATE, 13.0)
                .number(items::JOB_SIZE, 8.0),
            item("A-3")
                .number(items::BUSINESS_VALUE, 5.0)
                .number(items::RISK_REDUCTION, 1.0)
                .number(items::ESTIMATE, 2.0),
            item("A-4").number(items::ESTIMATE, 1.0),
            item("A-5")
                .number(items::BUSINESS_VALUE, 3.0)
                .number(items::TIME_CRITICALITY, 2.0)
                .number(items::RISK_REDUCTION, 1.0)
                .number(items::ESTIMATE, 0.0),
        ]
    }

    #[test]
    fn hand_computed_scores() {
        let report = wsjf(&backlog(), MissingComponent::Unscored);
        let scores: Vec<Option<f64>> = report.scores.iter().map(|score| score.score).collect();
        // (8 + 3 + 2) / 3 = 4.333…; A-2: (20 + 1 + 5) / 8 (job size wins over the estimate 13) = 3.25
        assert!((scores[0].unwrap() - 13.0 / 3.0).abs() < 1e-12);
        assert_eq!(scores[1], Some(3.25));
        assert_eq!(
            report.scores[0].explanation,
            "WSJF 4.33 = (business value 8 + time criticality 3 + risk reduction 2) / job size 3 (estimate)"
        );
        assert_eq!(
            report.scores[1].explanation,
            "WSJF 3.25 = (business value 20 + time criticality 1 + risk reduction 5) / job size 8"
        );
        assert_eq!(report.scores[1].components["cost_of_delay"], 26.0);
        // A-3 lacks time criticality, A-4 everything, A-5 has job size 0 (its estimate).
        let reasons: Vec<_> =
            report.scores[2..].iter().map(|score| score.not_scored_reason.as_deref()).collect();
        assert_eq!(reasons, [Some("no time criticality"), Some("no cost of delay"), Some("job size is 0")]);
    }

    #[test]
    fn a_missing_component_can_count_as_zero() {
        let report = wsjf(&backlog(), MissingComponent::Zero);
        // (5 + 0 + 1) / 2 = 3; A-4 still has no component at all.
        assert_eq!(report.scores[2].score, Some(3.0));
        assert_eq!(
            report.scores[2].explanation,
            "WSJF 3 = (business value 5 + time criticality 0 (missing) + risk reduction 1) / job size 2 (estimate)"
        );
        assert_eq!(report.scores[3].not_scored_reason.as_deref(), Some("no cost of delay"));
    }

    #[test]
    fn negative_components_are_refused() {
        let frame = vec![
            item("A-1")
                .number(items::BUSINESS_VALUE, -3.0)
                .number(items::TIME_CRITICALITY, 1.0)
                .number(items::RISK_REDUCTION, 1.0),
        ];
        let report = wsjf(&frame, MissingComponent::Zero);
        assert_eq!(
            report.scores[0].not_scored_reason.as_deref(),
            Some("business value is negative, no job size or estimate")
        );
    }
}
