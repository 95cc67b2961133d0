//! The `[score]` section of `refine.toml`: which model ranks the backlog by default, how the
//! models read ambiguous inputs, and the composite's weights and normalisation. Every field has
//! a default, so an empty section (or none) is valid; [`ScoreSettings::validate`] refuses what
//! would make a score meaningless (a negative weight, ease steps out of order).
//!
//! ```toml
//! [score]
//! model = "composite"            # opportunity | rice | wsjf | ice | composite
//! # default_confidence = 0.5     # RICE/ICE/composite confidence for items that have none
//!
//! [score.wsjf]
//! missing_component = "unscored" # or "zero": a missing value/criticality/risk counts as 0
//!
//! [score.ice]
//! combine = "product"            # or "average": (impact + confidence + ease) / 3
//! ease_steps = [
//!   { up_to = 1, ease = 10 }, { up_to = 2, ease = 9 }, { up_to = 3, ease = 8 },
//!   { up_to = 5, ease = 7 }, { up_to = 8, ease = 6 }, { up_to = 13, ease = 5 },
//!   { up_to = 20, ease = 4 }, { up_to = 40, ease = 3 }, { up_to = 100, ease = 2 },
//! ]
//! ease_beyond_steps = 1
//!
//! [score.composite]
//! normalisation = "rank_percentile" # or "min_max"
//! min_weight_share = 0.0         # share of the weight an item's components must carry
//! [score.composite.weights]
//! value = 0.25
//! demand = 0.25
//! opportunity = 0.15
//! urgency = 0.15
//! effort = 0.10
//! confidence = 0.10
//!
//! [score.opportunity]
//! min_respondents = 30           # fewer respondents for an outcome gives a warning
//! ```

use serde::{Deserialize, Serialize};

use super::{Model, ScoreError};

/// Everything `[score]` in `refine.toml` can set.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreSettings {
    /// The model `refine rank` uses when `--model` is not given.
    pub model: Model,
    /// Confidence (0–1) assumed for items that have none of their own and no estimate-spread
    /// confidence. None (the default): such items are not scored by RICE and ICE, and the
    /// composite leaves confidence out for them; a confidence is a judgement refine does not
    /// invent unless told to.
    pub default_confidence: Option<f64>,
    /// WSJF.
    pub wsjf: WsjfSettings,
    /// ICE.
    pub ice: IceSettings,
    /// The weighted composite.
    pub composite: CompositeSettings,
    /// The ODI survey.
    pub opportunity: OpportunitySettings,
}

/// How WSJF treats an item whose cost of delay is only partly assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingComponent {
    /// The item is not scored (the default). SAFe rates every cost-of-delay component on the
    /// modified Fibonacci scale starting at 1, relative to the other items: a blank means "not
    /// assessed yet", not "worth nothing", and counting it as 0 would rank the item too low.
    #[default]
    Unscored,
    /// A missing component counts as 0 (the item keeps a score; the explanation says which
    /// component was counted as 0). An item with no component at all is still not scored.
    Zero,
}

/// WSJF settings.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct WsjfSettings {
    /// What a missing business value, time criticality or risk reduction means.
    pub missing_component: MissingComponent,
}

/// How ICE combines its three ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IceCombine {
    /// impact × confidence × ease (Sean Ellis' convention, the default).
    #[default]
    Product,
    /// (impact + confidence + ease) / 3, as some teams prefer so that one low rating does not
    /// sink an item.
    Average,
}

/// One step of the estimate → ease mapping: estimates up to `up_to` points (inclusive) get
/// `ease`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EaseStep {
    /// The largest estimate (points) of this step.
    pub up_to: f64,
    /// The ease (1–10) an estimate in this step gets.
    pub ease: f64,
}

/// ICE settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct IceSettings {
    /// Product (the default) or average.
    pub combine: IceCombine,
    /// Estimate → ease, ascending by `up_to`. The default follows the Fibonacci deck: ≤ 1 point
    /// (including 0 and ½) → 10, 2 → 9, 3 → 8, 5 → 7, 8 → 6, 13 → 5, 20 → 4, 40 → 3,
    /// 100 → 2. An estimate between two cards takes the step of the next card up.
    pub ease_steps: Vec<EaseStep>,
    /// The ease of an estimate larger than every step (default 1).
    pub ease_beyond_steps: f64,
}

impl Default for IceSettings {
    fn default() -> Self {
        let deck = [(1.0, 10.0), (2.0, 9.0), (3.0, 8.0), (5.0, 7.0), (8.0, 6.0), (13.0, 5.0), (20.0, 4.0)];
        let tail = [(40.0, 3.0), (100.0, 2.0)];
        IceSettings {
            combine: IceCombine::Product,
            ease_steps: deck.into_iter().chain(tail).map(|(up_to, ease)| EaseStep { up_to, ease }).collect(),
            ease_beyond_steps: 1.0,
        }
    }
}

/// How the composite brings each component to 0–1 over the scored backlog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Normalisation {
    /// (rank − 1) / (n − 1) with ties sharing their average rank (the default): robust to the
    /// heavy tails votes and ARR have, where one outlier would squash min-max for everyone else.
    #[default]
    RankPercentile,
    /// (x − min) / (max − min): keeps distances, so a clear leader stays clearly ahead.
    MinMax,
}

/// The composite's weights, one per component. They need not sum to 1: the score divides by
/// the sum of the weights of the components an item has. A weight of 0 leaves a component out.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompositeWeights {
    /// Business value (the items' `business_value`).
    pub value: f64,
    /// Customer demand (from feedback when the caller passes it, else the items' `votes`).
    pub demand: f64,
    /// ODI opportunity of the item's survey outcome.
    pub opportunity: f64,
    /// Urgency (the items' `time_criticality`).
    pub urgency: f64,
    /// Effort (estimate, else job size), inverted: smaller is better.
    pub effort: f64,
    /// Confidence (0–1).
    pub confidence: f64,
}

impl Default for CompositeWeights {
    /// Value and demand lead (what the business and the customers want), opportunity and urgency
    /// refine it, effort and confidence break the rest (cheap, well-understood work first).
    fn default() -> Self {
        CompositeWeights {
            value: 0.25,
            demand: 0.25,
            opportunity: 0.15,
            urgency: 0.15,
            effort: 0.10,
            confidence: 0.10,
        }
    }
}

impl CompositeWeights {
    /// (name, weight) in the composite's fixed component order.
    pub fn named(&self) -> [(&'static str, f64); 6] {
        [
            ("value", self.value),
            ("demand", self.demand),
            ("opportunity", self.opportunity),
            ("urgency", self.urgency),
            ("effort", self.effort),
            ("confidence", self.confidence),
        ]
    }
}

/// Composite settings.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompositeSettings {
    /// Rank-percentile (the default) or min-max.
    pub normalisation: Normalisation,
    /// The share of the total weight an item's present components must carry for it to be
    /// scored, 0–1 (default 0: any one component suffices). With 0.5, an item known only by its
    /// votes (weight 0.25 of 1.0) is "not scored" instead of ranking on votes alone.
    pub min_weight_share: f64,
    /// The weights.
    pub weights: CompositeWeights,
}

/// ODI survey settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpportunitySettings {
    /// An outcome with fewer respondents (both ratings valid) gets a warning: a top-2-box share
    /// from a handful of answers swings by whole points (default 30).
    pub min_respondents: u64,
}

impl Default for OpportunitySettings {
    fn default() -> Self {
        OpportunitySettings { min_respondents: 30 }
    }
}

impl ScoreSettings {
    /// Refuses settings no score can be computed with: a negative or non-finite weight, all
    /// weights 0, a default confidence outside 0–1, ease steps not strictly ascending or not
    /// finite.
    pub fn validate(&self) -> Result<(), ScoreError> {
        let invalid = |setting: &str, message: String| {
            Err(ScoreError::InvalidSettings { setting: setting.to_owned(), message })
        };
        for (name, weight) in self.composite.weights.named() {
            if !weight.is_finite() || weight < 0.0 {
                return invalid(
                    &format!("score.composite.weights.{name}"),
                    format!("expected a number ≥ 0, found {weight}"),
                );
            }
        }
        if self.composite.weights.named().iter().all(|(_, weight)| *weight == 0.0) {
            return invalid("score.composite.weights", "every weight is 0: give one a weight above 0".into());
        }
        if !(0.0..=1.0).contains(&self.composite.min_weight_share) {
            let share = self.composite.min_weight_share;
            return invalid("score.composite.min_weight_share", format!("expected 0–1, found {share}"));
        }
        if let Some(confidence) = self.default_confidence
            && !(0.0..=1.0).contains(&confidence)
        {
            return invalid("score.default_confidence", format!("expected 0–1, found {confidence}"));
        }
        let steps = &self.ice.ease_steps;
        let finite = steps.iter().all(|step| step.up_to.is_finite() && step.ease.is_finite());
        if !finite || !self.ice.ease_beyond_steps.is_finite() {
            return invalid("score.ice.ease_steps", "every up_to and ease must be a number".into());
        }
        if steps.windows(2).any(|pair| pair[0].up_to >= pair[1].up_to) {
            return invalid("score.ice.ease_steps", "up_to must ascend strictly, smallest first".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_section_is_the_default_and_valid() {
        let settings: ScoreSettings = toml::from_str("").unwrap();
        assert_eq!(settings, ScoreSettings::default());
        settings.validate().unwrap();
    }

    #[test]
    fn the_documented_toml_parses_to_the_default() {
        let documented: String = include_str!("settings.rs")
            .lines()
            .skip_while(|line| !line.starts_with("//! ```toml"))
            .skip(1)
            .take_while(|line| !line.starts_with("//! ```"))
            .map(|line| line.trim_start_matches("//!").trim_start_matches(' '))
            .collect::<Vec<_>>()
            .join("\n");
        let table: toml::Table = toml::from_str(&documented).unwrap();
        let section = table["score"].clone();
        let settings: ScoreSettings = section.try_into().unwrap();
        assert_eq!(settings, ScoreSettings::default());
    }

    #[test]
    fn a_partial_section_keeps_the_other_defaults() {
        let settings: ScoreSettings = toml::from_str(
            "model = \"wsjf\"\n[composite]\nnormalisation = \"min_max\"\n[composite.weights]\neffort = 0.5\n",
        )
        .unwrap();
        assert_eq!(settings.model, Model::Wsjf);
        assert_eq!(settings.composite.normalisation, Normalisation::MinMax);
        assert_eq!(settings.composite.weights.effort, 0.5);
        assert_eq!(settings.composite.weights.value, 0.25);
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<ScoreSettings>("modle = \"rice\"").is_err());
    }

    #[test]
    fn bad_settings_are_refused() {
        let mut negative = ScoreSettings::default();
        negative.composite.weights.demand = -1.0;
        assert!(matches!(negative.validate(), Err(ScoreError::InvalidSettings { .. })));

        let mut all_zero = ScoreSettings::default();
        all_zero.composite.weights = CompositeWeights {
            value: 0.0,
            demand: 0.0,
            opportunity: 0.0,
            urgency: 0.0,
            effort: 0.0,
            confidence: 0.0,
        };
        assert!(matches!(all_zero.validate(), Err(ScoreError::InvalidSettings { .. })));

        let confidence = ScoreSettings { default_confidence: Some(80.0), ..ScoreSettings::default() };
        assert!(matches!(confidence.validate(), Err(ScoreError::InvalidSettings { .. })));

        let mut steps = ScoreSettings::default();
        steps.ice.ease_steps.swap(0, 1);
        assert!(matches!(steps.validate(), Err(ScoreError::InvalidSettings { .. })));
    }
}
