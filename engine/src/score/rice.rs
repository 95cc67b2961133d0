//! RICE (Intercom): score = reach × impact × confidence / effort.
//!
//! - Reach: the item's `reach` (people or events per period), else the caller's demand reach.
//! - Impact: the item's `impact` on Intercom's scale 3 massive / 2 high / 1 medium / 0.5 low /
//!   0.25 minimal. Other values are used as given (a warning counts the items above 3, which
//!   usually means a 1–10 ICE rating in the same column).
//! - Confidence: a fraction 0–1 (50 or 80 read as percentages, see [`super`]), from the item,
//!   else the estimate spread, else `score.default_confidence`.
//! - Effort: the estimate in points, else the job size.
//!
//! Not scored, with every reason: reach, impact, confidence or effort missing; a negative
//! reach or impact; a confidence that is not 0–1 or a percentage; effort 0 or negative (never a
//! division by zero). Zero reach, impact or confidence gives a score of 0.

use super::{
    ItemFacts, Model, Scored, components, format_number, non_negative, positive_divisor, read_confidence,
};

/// The item's RICE score.
pub(crate) fn score_item(item: &ItemFacts<'_>) -> Scored {
    let mut reasons = Vec::new();
    let reach_value = item.reach.map(|reach| reach.value);
    let reach = non_negative(reach_value, "no reach", "reach is negative", &mut reasons);
    let impact = non_negative(item.impact, "no impact", "impact is negative", &mut reasons);
    let confidence = read_confidence(item, &mut reasons);
    let effort_figure = item.effort();
    let effort = positive_divisor(
        effort_figure.map(|(value, _)| value),
        ["no effort estimate", "effort is 0", "effort is negative"],
        &mut reasons,
    );
    let figures = components([
        ("reach", reach),
        ("impact", impact),
        ("confidence", confidence.map(|confidence| confidence.value)),
        ("effort", effort),
    ]);
    let (Some(reach), Some(impact), Some(confidence), Some(effort)) = (reach, impact, confidence, effort)
    else {
        return Scored::not_scored(Model::Rice, reasons, figures);
    };
    let score = reach * impact * confidence.value / effort;
    let reach_note = item.reach.map(|reach| reach.note("demand")).unwrap_or_default();
    let effort_note = match effort_figure {
        Some((_, "job size")) => " (job size)",
        _ => "",
    };
    let explanation = format!(
        "RICE {} = reach {}{reach_note} × impact {} × confidence {}{} / effort {}{effort_note}",
        format_number(score),
        format_number(reach),
        format_number(impact),
        format_number(confidence.value),
        confidence.note("estimate spread"),
        format_number(effort),
    );
    Scored::with_score(Model::Rice, score, explanation, figures)
}

/// A warning when impacts above RICE's top value (3, massive) were used as given.
pub(crate) fn warn_off_scale_impact(facts: &[ItemFacts<'_>], warnings: &mut Vec<String>) {
    let above = facts.iter().filter(|item| item.impact.is_some_and(|impact| impact > 3.0)).count();
    if above > 0 {
        warnings.push(format!(
            "{above} of {} items have an impact above 3, the top of RICE's scale (3 / 2 / 1 / 0.5 / 0.25): used as \
             given, check that the column is not a 1–10 ICE rating",
            facts.len()
        ));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::test_support::{item, score};
    use super::super::{ItemInputs, ScoreSettings};
    use super::*;
    use crate::model::items;
    use crate::model::test_frame::TestRow;

    fn rice(rows: &[TestRow], inputs: &BTreeMap<String, ItemInputs>) -> super::super::ScoreReport {
        let settings = ScoreSettings { model: Model::Rice, ..ScoreSettings::default() };
        score(rows, inputs, &settings)
    }

    #[test]
    fn hand_computed_scores() {
        let frame = vec![
            item("A-1")
                .number(items::REACH, 400.0)
                .number(items::IMPACT, 2.0)
                .number(items::CONFIDENCE, 0.75)
                .number(items::ESTIMATE, 0.5),
            item("A-2")
                .number(items::REACH, 1000.0)
                .number(items::IMPACT, 0.25)
                .number(items::CONFIDENCE, 80.0)
                .number(items::ESTIMATE, 5.0),
            item("A-3")
                .number(items::REACH, 50.0)
                .number(items::IMPACT, 3.0)
                .number(items::CONFIDENCE, 0.5)
                .number(items::JOB_SIZE, 8.0),
        ];
        let report = rice(&frame, &BTreeMap::new());
        // 400 × 2 × 0.75 / 0.5 = 1200
        // 1000 × 0.25 × 0.8 (80 %) / 5 = 40
        // 50 × 3 × 0.5 / 8 (job size, no estimate) = 9.375
        let expected = [1200.0, 40.0, 9.375];
        for (score, expected) in report.scores.iter().zip(expected) {
            assert!((score.score.unwrap() - expected).abs() < 1e-9, "{}: {:?}", score.key, score.score);
        }
        assert_eq!(
            report.scores[0].explanation,
            "RICE 1,200 = reach 400 × impact 2 × confidence 0.75 / effort 0.5"
        );
        assert_eq!(
            report.scores[2].explanation,
            "RICE 9.38 = reach 50 × impact 3 × confidence 0.5 / effort 8 (job size)"
        );
        assert_eq!(report.scores[1].components["confidence"], 0.8);
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    }

    #[test]
    fn zero_or_missing_effort_is_not_scored_and_never_divides() {
        let frame = vec![
            item("A-1")
                .number(items::REACH, 10.0)
                .number(items::IMPACT, 1.0)
                .number(items::CONFIDENCE, 1.0)
                .number(items::ESTIMATE, 0.0),
            item("A-2").number(items::REACH, 10.0).number(items::IMPACT, 1.0).number(items::CONFIDENCE, 1.0),
            item("A-3")
                .number(items::REACH, 10.0)
                .number(items::IMPACT, 1.0)
                .number(items::CONFIDENCE, 1.0)
                .number(items::ESTIMATE, -1.0),
        ];
        let report = rice(&frame, &BTreeMap::new());
        let reasons: Vec<_> = report.scores.iter().map(|score| score.not_scored_reason.as_deref()).collect();
        assert_eq!(reasons, [Some("effort is 0"), Some("no effort estimate"), Some("effort is negative")]);
        assert!(report.scores.iter().all(|score| score.score.is_none()));
        assert_eq!(report.scores[0].explanation, "RICE not scored: effort is 0");
    }

    #[test]
    fn reach_and_confidence_come_from_the_caller_when_the_item_has_none() {
        let frame = vec![
            item("A-1").number(items::IMPACT, 1.0).number(items::ESTIMATE, 2.0),
            item("A-2")
                .number(items::REACH, 5.0)
                .number(items::IMPACT, 1.0)
                .number(items::ESTIMATE, 1.0)
                .number(items::CONFIDENCE, 0.5),
        ];
        let inputs = BTreeMap::from([
            (
                "A-1".to_owned(),
                ItemInputs { reach: Some(30.0), confidence: Some(0.6), ..ItemInputs::default() },
            ),
            (
                "A-2".to_owned(),
                ItemInputs { reach: Some(999.0), confidence: Some(0.9), ..ItemInputs::default() },
            ),
        ]);
        let report = rice(&frame, &inputs);
        // 30 × 1 × 0.6 / 2 = 9; A-2 keeps its own reach and confidence: 5 × 1 × 0.5 / 1 = 2.5
        assert_eq!(report.scores[0].score, Some(9.0));
        assert_eq!(
            report.scores[0].explanation,
            "RICE 9 = reach 30 (demand) × impact 1 × confidence 0.6 (estimate spread) / effort 2"
        );
        assert_eq!(report.scores[1].score, Some(2.5));
    }

    #[test]
    fn missing_inputs_are_all_named() {
        let frame = vec![item("A-1").number(items::CONFIDENCE, 150.0)];
        let report = rice(&frame, &BTreeMap::new());
        assert_eq!(
            report.scores[0].not_scored_reason.as_deref(),
            Some("no reach, no impact, confidence is not 0–1 or a percentage, no effort estimate")
        );
    }

    #[test]
    fn a_default_confidence_is_used_and_said() {
        let frame = vec![
            item("A-1").number(items::REACH, 10.0).number(items::IMPACT, 1.0).number(items::ESTIMATE, 1.0),
        ];
        let settings =
            ScoreSettings { model: Model::Rice, default_confidence: Some(0.5), ..ScoreSettings::default() };
        let report = score(&frame, &BTreeMap::new(), &settings);
        assert_eq!(
            report.scores[0].explanation,
            "RICE 5 = reach 10 × impact 1 × confidence 0.5 (default) / effort 1"
        );
    }

    #[test]
    fn an_overflowing_product_is_not_scored() {
        let frame = vec![
            item("A-1")
                .number(items::REACH, f64::MAX)
                .number(items::IMPACT, 3.0)
                .number(items::CONFIDENCE, 1.0)
                .number(items::ESTIMATE, 0.5),
        ];
        let report = rice(&frame, &BTreeMap::new());
        assert_eq!(report.scores[0].score, None);
        assert_eq!(report.scores[0].not_scored_reason.as_deref(), Some("score too large to compute"));
    }

    #[test]
    fn impacts_off_the_scale_are_warned_about() {
        let frame = vec![item("A-1").number(items::IMPACT, 8.0)];
        let report = rice(&frame, &BTreeMap::new());
        assert!(
            report.warnings.iter().any(|warning| warning.starts_with("1 of 1 items have an impact above 3"))
        );
    }
}
