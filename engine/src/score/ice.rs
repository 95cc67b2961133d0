//! ICE (Sean Ellis): score = impact × confidence × ease, each rated 1–10 (the product, the
//! default), or (impact + confidence + ease) / 3 with `score.ice.combine = "average"`.
//!
//! - Impact: the item's `impact`, as given.
//! - Confidence: the fraction 0–1 (see [`super`]: from the item, the estimate spread or the
//!   default) × 10, so 0.7, 7 and 70 all read as 7.
//! - Ease: from the effort (the estimate in points, else the job size) through
//!   `score.ice.ease_steps`. The default follows the Fibonacci deck, one ease point per card:
//!   ≤ 1 → 10, 2 → 9, 3 → 8, 5 → 7, 8 → 6, 13 → 5, 20 → 4, 40 → 3, 100 → 2, larger → 1; an
//!   estimate between cards takes the next card up (4 → 7), 0 and ½ are easiest (10).
//!
//! Not scored, with every reason: impact, confidence or effort missing; a negative impact or
//! effort; a confidence that is not 0–1 or a percentage.

use super::settings::{IceCombine, IceSettings};
use super::{ItemFacts, Model, Scored, components, format_number, non_negative, read_confidence};

/// The ease (1–10) of an effort of `points`.
pub fn ease_of(points: f64, settings: &IceSettings) -> f64 {
    settings
        .ease_steps
        .iter()
        .find(|step| points <= step.up_to)
        .map_or(settings.ease_beyond_steps, |step| step.ease)
}

/// The item's ICE score.
pub(crate) fn score_item(item: &ItemFacts<'_>, settings: &IceSettings) -> Scored {
    let mut reasons = Vec::new();
    let impact = non_negative(item.impact, "no impact", "impact is negative", &mut reasons);
    let confidence =
        read_confidence(item, &mut reasons).map(|confidence| (confidence.value * 10.0, confidence));
    let effort_figure = item.effort();
    let effort = non_negative(
        effort_figure.map(|(value, _)| value),
        "no effort estimate",
        "effort is negative",
        &mut reasons,
    );
    let ease = effort.map(|effort| ease_of(effort, settings));
    let figures = components([
        ("impact", impact),
        ("confidence", confidence.map(|(rating, _)| rating)),
        ("ease", ease),
        ("effort", effort),
    ]);
    let (Some(impact), Some((confidence, given)), Some(ease), Some((effort, effort_name))) =
        (impact, confidence, ease, effort_figure)
    else {
        return Scored::not_scored(Model::Ice, reasons, figures);
    };
    let terms = [
        format!("impact {}", format_number(impact)),
        format!("confidence {}{}", format_number(confidence), given.note("estimate spread")),
        format!("ease {} ({effort_name} {})", format_number(ease), format_number(effort)),
    ];
    let (score, formula) = match settings.combine {
        IceCombine::Product => (impact * confidence * ease, terms.join(" × ")),
        IceCombine::Average => ((impact + confidence + ease) / 3.0, format!("({}) / 3", terms.join(" + "))),
    };
    let explanation = format!("ICE {} = {formula}", format_number(score));
    Scored::with_score(Model::Ice, score, explanation, figures)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::test_support::{item, score};
    use super::super::{ScoreReport, ScoreSettings};
    use super::*;
    use crate::model::items;
    use crate::model::test_frame::TestRow;

    fn ice(rows: &[TestRow], combine: IceCombine) -> ScoreReport {
        let settings = ScoreSettings {
            model: Model::Ice,
            ice: IceSettings { combine, ..IceSettings::default() },
            ..ScoreSettings::default()
        };
        score(rows, &BTreeMap::new(), &settings)
    }

    fn backlog() -> Vec<TestRow> {
        vec![
            item("A-1")
                .number(items::IMPACT, 8.0)
                .number(items::CONFIDENCE, 0.7)
                .number(items::ESTIMATE, 8.0),
            item("A-2")
                .number(items::IMPACT, 5.0)
                .number(items::CONFIDENCE, 90.0)
                .number(items::ESTIMATE, 4.0),
            item("A-3")
                .number(items::IMPACT, 3.0)
                .number(items::CONFIDENCE, 0.5)
                .number(items::JOB_SIZE, 200.0),
            item("A-4").number(items::CONFIDENCE, 0.5).number(items::ESTIMATE, -1.0),
        ]
    }

    #[test]
    fn ease_follows_the_fibonacci_deck() {
        let settings = IceSettings::default();
        let cases = [
            (0.0, 10.0),
            (0.5, 10.0),
            (1.0, 10.0),
            (2.0, 9.0),
            (4.0, 7.0),
            (13.0, 5.0),
            (40.0, 3.0),
            (100.0, 2.0),
            (101.0, 1.0),
        ];
        for (points, ease) in cases {
            assert_eq!(ease_of(points, &settings), ease, "{points} points");
        }
    }

    #[test]
    fn hand_computed_products() {
        let report = ice(&backlog(), IceCombine::Product);
        // impact 8 × confidence 7 (0.7 × 10) × ease 6 (8 points) = 336
        // 5 × 9 (90 %) × 7 (4 points → the 5 card) = 315
        // 3 × 5 × 1 (job size 200, beyond the deck) = 15
        let scores: Vec<_> = report.scores.iter().map(|score| score.score).collect();
        assert_eq!(scores[..3], [Some(336.0), Some(315.0), Some(15.0)]);
        assert_eq!(report.scores[0].explanation, "ICE 336 = impact 8 × confidence 7 × ease 6 (estimate 8)");
        assert_eq!(report.scores[2].explanation, "ICE 15 = impact 3 × confidence 5 × ease 1 (job size 200)");
        assert_eq!(report.scores[3].not_scored_reason.as_deref(), Some("no impact, effort is negative"));
    }

    #[test]
    fn hand_computed_averages() {
        let report = ice(&backlog(), IceCombine::Average);
        // (8 + 7 + 6) / 3 = 7; A-2: (5 + 9 + 7) / 3 = 7; A-3: (3 + 5 + 1) / 3 = 3
        let scores: Vec<_> = report.scores[..3].iter().map(|score| score.score.unwrap()).collect();
        for (score, expected) in scores.iter().zip([7.0, 7.0, 3.0]) {
            assert!((score - expected).abs() < 1e-12, "{score}");
        }
        assert_eq!(
            report.scores[0].explanation,
            "ICE 7 = (impact 8 + confidence 7 + ease 6 (estimate 8)) / 3"
        );
    }
}
