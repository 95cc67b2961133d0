//! Outcome-driven innovation (Ulwick): which desired outcomes are important to customers and
//! poorly satisfied today, from a survey rating both 1–5.
//!
//! Per outcome, over the respondents whose importance and satisfaction are both valid (a whole
//! number 1–5; an answer with one rating missing or out of range is left out, and counted):
//! - importance I = 10 × share rating importance 4 or 5 (top-2-box), 0–10;
//! - satisfaction S = 10 × share rating satisfaction 4 or 5, 0–10;
//! - opportunity O = I + max(I − S, 0), 0–20 (satisfaction above importance does not lower the
//!   opportunity below I: the clamp);
//! - band: O > 15 extreme, 12 ≤ O ≤ 15 high, 10 ≤ O < 12 solid, O < 10 not worth pursuing.
//!   The ODI convention writes "12–15 high, 10–12 solid": a boundary goes to the higher band
//!   (12 is high, 10 is solid) except 15, which "> 15" leaves in high.
//! - overserved when S > I (Ulwick's candidates for a cheaper, simpler offering).
//!
//! I, S and O come from whole counts (10 × count / n, each correctly rounded), so a band
//! boundary is never missed by a rounding error. An outcome with no valid respondent has no
//! figures (None, with a warning); one respondent gives figures (with the small-sample warning
//! below `score.opportunity.min_respondents`). A respondent answering an outcome twice counts
//! twice (a warning says so): picking one answer would depend on row order. Outcomes that are
//! item keys feed the item models through [`attach_opportunities`].

use std::collections::BTreeMap;

use polars::prelude::{InitHashMaps, PlHashSet};
use serde::Serialize;

use super::settings::OpportunitySettings;
use super::{Figures, ItemFacts, ItemInputs, Model, Scored, SurveyOpportunity, components, format_number};
use crate::model::view::Survey;

/// Ulwick's opportunity bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// O > 15.
    Extreme,
    /// 12 ≤ O ≤ 15.
    High,
    /// 10 ≤ O < 12.
    Solid,
    /// O < 10.
    NotWorthPursuing,
}

impl Band {
    /// The band of an opportunity score.
    pub fn of(opportunity: f64) -> Band {
        if opportunity > 15.0 {
            Band::Extreme
        } else if opportunity >= 12.0 {
            Band::High
        } else if opportunity >= 10.0 {
            Band::Solid
        } else {
            Band::NotWorthPursuing
        }
    }

    /// How explanations name the band.
    pub fn label(self) -> &'static str {
        match self {
            Band::Extreme => "extreme",
            Band::High => "high",
            Band::Solid => "solid",
            Band::NotWorthPursuing => "not worth pursuing",
        }
    }
}

/// One outcome's ODI figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeScore {
    /// The outcome id or item key, as the survey names it.
    pub outcome: String,
    /// Respondents counted: both ratings valid.
    pub respondents: u64,
    /// Answers left out: a rating missing or outside 1–5.
    pub answers_left_out: u64,
    /// I, 0–10 (None without respondents).
    pub importance: Option<f64>,
    /// S, 0–10.
    pub satisfaction: Option<f64>,
    /// O = I + max(I − S, 0), 0–20.
    pub opportunity: Option<f64>,
    /// The band of O.
    pub band: Option<Band>,
    /// S > I.
    pub overserved: bool,
}

impl OutcomeScore {
    /// I, S and O, when the outcome has respondents.
    pub fn figures(&self) -> Option<SurveyOpportunity> {
        Some(SurveyOpportunity {
            importance: self.importance?,
            satisfaction: self.satisfaction?,
            opportunity: self.opportunity?,
        })
    }
}

/// Every outcome of a survey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OdiReport {
    /// One per outcome, sorted by outcome.
    pub outcomes: Vec<OutcomeScore>,
    /// Left-out answers, outcomes without or with few respondents, repeated respondents.
    pub warnings: Vec<String>,
}

/// Counts per outcome, from the survey.
struct OutcomeCounts {
    outcome: String,
    answers: u64,
    respondents: u64,
    distinct_respondents: u64,
    important: u64,
    satisfied: u64,
}

/// The ODI figures of every outcome of the survey.
pub fn opportunity_scores(survey: &Survey<'_>, settings: &OpportunitySettings) -> OdiReport {
    let counts = count_outcomes(survey);
    let outcomes: Vec<OutcomeScore> = counts.iter().map(outcome_score).collect();
    let warnings = survey_warnings(&counts, &outcomes, settings);
    OdiReport { outcomes, warnings }
}

/// A rating that is a whole number 1–5.
fn valid_rating(rating: Option<i64>) -> bool {
    rating.is_some_and(|rating| (1..=5).contains(&rating))
}

/// A top-2-box rating (4 or 5).
fn top_two_box(rating: Option<i64>) -> bool {
    rating.is_some_and(|rating| rating >= 4)
}

/// Counts per outcome, in outcome order; answers without an outcome are not counted.
fn count_outcomes(survey: &Survey<'_>) -> Vec<OutcomeCounts> {
    let mut by_outcome: BTreeMap<&str, (OutcomeCounts, PlHashSet<Option<&str>>)> = BTreeMap::new();
    for row in 0..survey.len() {
        let Some(outcome) = survey.outcome[row] else { continue };
        let (importance, satisfaction) = (survey.importance[row], survey.satisfaction[row]);
        let (counts, respondents) = by_outcome.entry(outcome).or_insert_with(|| {
            let counts = OutcomeCounts {
                outcome: outcome.to_owned(),
                answers: 0,
                respondents: 0,
                distinct_respondents: 0,
                important: 0,
                satisfied: 0,
            };
            (counts, PlHashSet::new())
        });
        counts.answers += 1;
        if valid_rating(importance) && valid_rating(satisfaction) {
            counts.respondents += 1;
            counts.important += u64::from(top_two_box(importance));
            counts.satisfied += u64::from(top_two_box(satisfaction));
            respondents.insert(survey.respondent[row]);
        }
    }
    by_outcome
        .into_values()
        .map(|(counts, respondents)| OutcomeCounts {
            distinct_respondents: respondents.len() as u64,
            ..counts
        })
        .collect()
}

/// 10 × count / n, or None without respondents.
fn tenths(count: u64, respondents: u64) -> Option<f64> {
    (respondents > 0).then(|| (10 * count) as f64 / respondents as f64)
}

fn outcome_score(counts: &OutcomeCounts) -> OutcomeScore {
    let n = counts.respondents;
    let unmet = counts.important.saturating_sub(counts.satisfied);
    let opportunity = tenths(counts.important + unmet, n);
    OutcomeScore {
        outcome: counts.outcome.clone(),
        respondents: n,
        answers_left_out: counts.answers - n,
        importance: tenths(counts.important, n),
        satisfaction: tenths(counts.satisfied, n),
        opportunity,
        band: opportunity.map(Band::of),
        overserved: n > 0 && counts.satisfied > counts.important,
    }
}

fn survey_warnings(
    counts: &[OutcomeCounts],
    outcomes: &[OutcomeScore],
    settings: &OpportunitySettings,
) -> Vec<String> {
    let mut warnings = Vec::new();
    let left_out: u64 = outcomes.iter().map(|outcome| outcome.answers_left_out).sum();
    if left_out > 0 {
        warnings.push(format!(
            "{left_out} survey answers left out: importance or satisfaction missing or not a whole number 1–5"
        ));
    }
    let listed = |selected: Vec<String>| crate::model::wording::list_for_message(&selected);
    let empty: Vec<String> = outcomes
        .iter()
        .filter(|outcome| outcome.respondents == 0)
        .map(|outcome| outcome.outcome.clone())
        .collect();
    if !empty.is_empty() {
        warnings.push(format!(
            "{} outcomes have no respondent with both ratings valid: {}",
            empty.len(),
            listed(empty)
        ));
    }
    let few: Vec<String> = outcomes
        .iter()
        .filter(|outcome| outcome.respondents > 0 && outcome.respondents < settings.min_respondents)
        .map(|outcome| format!("{} ({})", outcome.outcome, outcome.respondents))
        .collect();
    if !few.is_empty() {
        warnings.push(format!(
            "{} outcomes have fewer than {} respondents, so their scores are uncertain: {}",
            few.len(),
            settings.min_respondents,
            listed(few)
        ));
    }
    let repeated: Vec<String> = counts
        .iter()
        .filter(|counts| counts.distinct_respondents < counts.respondents)
        .map(|counts| counts.outcome.clone())
        .collect();
    if !repeated.is_empty() {
        warnings.push(format!(
            "{} outcomes have a respondent who answered more than once (each answer counts): {}",
            repeated.len(),
            listed(repeated)
        ));
    }
    warnings
}

/// Gives every item whose key is a scored outcome its ODI figures (other inputs kept).
pub fn attach_opportunities(report: &OdiReport, inputs: &mut BTreeMap<String, ItemInputs>) {
    for outcome in &report.outcomes {
        if let Some(figures) = outcome.figures() {
            inputs.entry(outcome.outcome.clone()).or_default().opportunity = Some(figures);
        }
    }
}

/// The opportunity model: the item's survey opportunity as its score.
pub(crate) fn score_item(item: &ItemFacts<'_>) -> Scored {
    let Some(figures) = item.inputs.opportunity else {
        return Scored::not_scored(Model::Opportunity, vec!["no survey outcome"], Figures::default());
    };
    if ![figures.importance, figures.satisfaction, figures.opportunity].iter().all(|value| value.is_finite())
    {
        return Scored::not_scored(
            Model::Opportunity,
            vec!["survey figures are not numbers"],
            Figures::default(),
        );
    }
    let SurveyOpportunity { importance, satisfaction, opportunity } = figures;
    let explanation = format!(
        "opportunity {} ({}) = importance {} + max({} − satisfaction {}, 0)",
        format_number(opportunity),
        Band::of(opportunity).label(),
        format_number(importance),
        format_number(importance),
        format_number(satisfaction)
    );
    let figures = components([
        ("importance", Some(importance)),
        ("satisfaction", Some(satisfaction)),
        ("opportunity", Some(opportunity)),
    ]);
    Scored::with_score(Model::Opportunity, opportunity, explanation, figures)
}

#[cfg(test)]
mod tests {
    use super::super::ScoreSettings;
    use super::super::test_support::{item, score};
    use super::*;
    use crate::model::Table;
    use crate::model::survey;
    use crate::model::test_frame::{TestRow, frame};

    /// Survey answers: (outcome, respondent, importance, satisfaction).
    fn answer_rows(rows: &[(&str, &str, Option<i64>, Option<i64>)]) -> Vec<TestRow> {
        let rating = |row: TestRow, column, value: Option<i64>| match value {
            Some(value) => row.integer(column, value),
            None => row,
        };
        rows.iter()
            .map(|&(outcome, respondent, importance, satisfaction)| {
                let row = TestRow::new().text(survey::OUTCOME, outcome).text(survey::RESPONDENT, respondent);
                rating(rating(row, survey::IMPORTANCE, importance), survey::SATISFACTION, satisfaction)
            })
            .collect()
    }

    /// [`opportunity_scores`] over these answers.
    fn odi(answers: &[TestRow], settings: &OpportunitySettings) -> OdiReport {
        let frame = frame(Table::Survey, answers);
        opportunity_scores(&Survey::decode(&frame).unwrap(), settings)
    }

    fn small_survey() -> Vec<TestRow> {
        answer_rows(&[
            // 4 valid respondents; importance 5 5 4 2 → 3 top-2; satisfaction 1 2 3 4 → 1.
            // R5 has no satisfaction and R6 an importance of 9 (a canonical file does not check):
            // both left out.
            ("A-1", "R1", Some(5), Some(1)),
            ("A-1", "R2", Some(5), Some(2)),
            ("A-1", "R3", Some(4), Some(3)),
            ("A-1", "R4", Some(2), Some(4)),
            ("A-1", "R5", Some(5), None),
            ("A-1", "R6", Some(9), Some(1)),
            // fast-checkout: I < S, the clamp matters. importance 4 3 → 1 of 2; satisfaction 5 4 → 2.
            ("fast-checkout", "R1", Some(4), Some(5)),
            ("fast-checkout", "R2", Some(3), Some(4)),
            // B-2: only invalid answers.
            ("B-2", "R1", None, Some(3)),
        ])
    }

    #[test]
    fn hand_computed_outcomes() {
        let settings = OpportunitySettings { min_respondents: 0 };
        let report = odi(&small_survey(), &settings);
        let names: Vec<&str> = report.outcomes.iter().map(|outcome| outcome.outcome.as_str()).collect();
        assert_eq!(names, ["A-1", "B-2", "fast-checkout"]);

        // I = 10 × 3/4 = 7.5, S = 10 × 1/4 = 2.5, O = 7.5 + (7.5 − 2.5) = 12.5 → high.
        let a = &report.outcomes[0];
        assert_eq!((a.respondents, a.answers_left_out), (4, 2));
        assert_eq!((a.importance, a.satisfaction, a.opportunity), (Some(7.5), Some(2.5), Some(12.5)));
        assert_eq!((a.band, a.overserved), (Some(Band::High), false));

        // B-2: nobody counted.
        let b = &report.outcomes[1];
        assert_eq!((b.respondents, b.answers_left_out, b.opportunity, b.band), (0, 1, None, None));

        // fast-checkout: I = 10 × 1/2 = 5, S = 10 × 2/2 = 10, O = 5 + max(5 − 10, 0) = 5, not
        // 5 − 5 = 0 without the clamp; overserved.
        let fast = &report.outcomes[2];
        assert_eq!(
            (fast.importance, fast.satisfaction, fast.opportunity),
            (Some(5.0), Some(10.0), Some(5.0))
        );
        assert_eq!((fast.band, fast.overserved), (Some(Band::NotWorthPursuing), true));

        assert_eq!(
            report.warnings,
            [
                "3 survey answers left out: importance or satisfaction missing or not a whole number 1–5",
                "1 outcomes have no respondent with both ratings valid: B-2",
            ]
        );
    }

    #[test]
    fn band_boundaries() {
        let cases = [
            (20.0, Band::Extreme),
            (15.01, Band::Extreme),
            (15.0, Band::High),
            (12.0, Band::High),
            (11.99, Band::Solid),
            (10.0, Band::Solid),
            (9.99, Band::NotWorthPursuing),
            (0.0, Band::NotWorthPursuing),
        ];
        for (opportunity, band) in cases {
            assert_eq!(Band::of(opportunity), band, "{opportunity}");
        }
        // The boundaries reached from whole counts land exactly on them:
        // X: n = 4, 4 important, 2 satisfied: I = 10, S = 5, O = 10 + 5 = 15 → high (not extreme)
        // Y: n = 5, 3 important, 0 satisfied: I = 6, S = 0, O = 12 → high
        // Z: n = 4, 3 important, 2 satisfied: I = 7.5, S = 5, O = 10 → solid
        let mut rows = Vec::new();
        let satisfaction = |satisfied: bool| Some(if satisfied { 5 } else { 1 });
        for (outcome, n, important, satisfied) in [("X", 4, 4, 2), ("Y", 5, 3, 0), ("Z", 4, 3, 2)] {
            for (index, respondent) in RESPONDENTS.iter().enumerate().take(n) {
                let importance = Some(if index < important { 5 } else { 1 });
                rows.push((outcome, *respondent, importance, satisfaction(index < satisfied)));
            }
        }
        let report = odi(&answer_rows(&rows), &OpportunitySettings::default());
        let figures: Vec<_> =
            report.outcomes.iter().map(|outcome| (outcome.opportunity, outcome.band)).collect();
        assert_eq!(
            figures,
            [(Some(15.0), Some(Band::High)), (Some(12.0), Some(Band::High)), (Some(10.0), Some(Band::Solid))]
        );
    }

    const RESPONDENTS: [&str; 5] = ["R1", "R2", "R3", "R4", "R5"];

    #[test]
    fn few_and_repeated_respondents_are_warned_about() {
        let survey = answer_rows(&[("X", "R1", Some(5), Some(1)), ("X", "R1", Some(4), Some(2))]);
        let report = odi(&survey, &OpportunitySettings::default());
        assert_eq!(report.outcomes[0].respondents, 2);
        assert_eq!(
            report.warnings,
            [
                "1 outcomes have fewer than 30 respondents, so their scores are uncertain: X (2)",
                "1 outcomes have a respondent who answered more than once (each answer counts): X",
            ]
        );
    }

    #[test]
    fn an_empty_survey_has_no_outcomes() {
        let report = odi(&[], &OpportunitySettings::default());
        assert!(report.outcomes.is_empty() && report.warnings.is_empty());
    }

    #[test]
    fn outcomes_that_are_item_keys_score_their_items() {
        let report = odi(&small_survey(), &OpportunitySettings::default());
        let mut inputs = BTreeMap::new();
        attach_opportunities(&report, &mut inputs);
        // B-2 has no figures, so no input; fast-checkout is an input naming no item.
        assert_eq!(inputs.keys().collect::<Vec<_>>(), ["A-1", "fast-checkout"]);

        let backlog = [item("A-1"), item("A-2")];
        let settings = ScoreSettings { model: Model::Opportunity, ..ScoreSettings::default() };
        let scored = score(&backlog, &inputs, &settings);
        assert_eq!(scored.scores[0].score, Some(12.5));
        assert_eq!(
            scored.scores[0].explanation,
            "opportunity 12.5 (high) = importance 7.5 + max(7.5 − satisfaction 2.5, 0)"
        );
        assert_eq!(scored.scores[1].not_scored_reason.as_deref(), Some("no survey outcome"));
        assert!(scored.warnings.iter().any(|warning| warning.contains("fast-checkout")));
    }

    proptest::proptest! {
        #[test]
        fn figures_stay_in_range_whatever_the_ratings(
            answers in proptest::collection::vec(
                (0usize..3, 0usize..5, proptest::option::of(-1i64..8), proptest::option::of(-1i64..8)),
                0..40,
            ),
        ) {
            let rows: Vec<_> = answers
                .iter()
                .map(|(outcome, respondent, importance, satisfaction)| {
                    (["A", "B", "C"][*outcome], RESPONDENTS[*respondent], *importance, *satisfaction)
                })
                .collect();
            let report = odi(&answer_rows(&rows), &OpportunitySettings::default());
            let answered: u64 = report.outcomes.iter().map(|outcome| outcome.respondents + outcome.answers_left_out).sum();
            proptest::prop_assert_eq!(answered, rows.len() as u64);
            for outcome in &report.outcomes {
                let figures = outcome.figures();
                proptest::prop_assert_eq!(figures.is_some(), outcome.respondents > 0);
                if let Some(SurveyOpportunity { importance, satisfaction, opportunity }) = figures {
                    proptest::prop_assert!((0.0..=10.0).contains(&importance) && (0.0..=10.0).contains(&satisfaction));
                    proptest::prop_assert!(opportunity >= importance && opportunity <= 20.0);
                    proptest::prop_assert_eq!(outcome.overserved, satisfaction > importance);
                }
            }
        }
    }
}
