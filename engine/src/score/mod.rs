//! Prioritization scores: the Ulwick opportunity of survey outcomes and, per backlog item, the
//! RICE, WSJF, ICE, opportunity and weighted composite scores `refine rank` orders by. Each item
//! gets a score or the reason it has none, and a one-line explanation a PM can check by hand.
//!
//! Formulas (design.md, "Analyses and formulas"):
//! - **ODI** ([`odi`]): I = 10 × share of respondents rating importance 4 or 5, S likewise for
//!   satisfaction, over the respondents who gave both ratings validly (1–5);
//!   O = I + max(I − S, 0), 0–20. Bands: O > 15 extreme, 12 ≤ O ≤ 15 high, 10 ≤ O < 12 solid,
//!   O < 10 not worth pursuing (a boundary belongs to the higher band, except 15, which
//!   "> 15" leaves in high).
//! - **RICE** ([`rice`]) = reach × impact × confidence / effort; impact on Intercom's scale 3 /
//!   2 / 1 / 0.5 / 0.25; effort = estimate (points), else job size.
//! - **WSJF** ([`wsjf`]) = (business value + time criticality + risk reduction) / job size, job
//!   size defaulting to the estimate.
//! - **ICE** ([`ice`]) = impact × confidence × ease (or their average); ease from the estimate.
//! - **Composite** ([`composite`], the default) = Σ wᵢ·xᵢ / Σ wᵢ over the components an item
//!   has, each xᵢ normalised to 0–1 over the scored backlog.
//! - **Opportunity** (the model): the ODI opportunity of the survey outcome named by the item's
//!   key.
//!
//! Inputs: the items view ([`Items`], the canonical items frame decoded once), plus per-item [`ItemInputs`] the caller derives elsewhere
//! (demand from feedback, ODI opportunity, confidence from estimate spread). An item's own
//! column wins over a caller's input where both exist (the team's explicit judgement first).
//!
//! Confidence is read as a fraction 0–1 wherever it comes from: a value up to 1 is a fraction,
//! above 1 up to 10 a 1–10 rating (÷ 10, as ICE sheets hold it), above 10 up to 100 a
//! percentage (÷ 100: RICE sheets write 50 or 80); negative or above 100 is invalid. So 1 means
//! 100 %, never 1 %.
//!
//! Edge cases: no items give an empty report; a non-finite number (NaN, ±∞ from a
//! Parquet file) counts as missing; no score is ever NaN or infinite (an overflowing product is
//! "not scored"); no division by a value ≤ 0 is attempted. Composite normalisation of one item,
//! or of a component every item shares (zero variance), gives the neutral 0.5. Scores are
//! computed per item row and returned sorted by key (ties by score, then explanation), so row
//! order never changes the output. Items are scored whatever their status: pass only the rows
//! to score to [`score_rows`] (the composite normalises over what it is given).

pub mod composite;
mod drivers;
mod figures;
pub mod ice;
pub mod odi;
pub mod rice;
pub mod settings;
pub mod wsjf;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use polars::prelude::{InitHashMaps, PlHashMap};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use figures::Figures;
pub use odi::{Band, OdiReport, OutcomeScore, attach_opportunities, opportunity_scores};
pub use settings::{
    CompositeSettings, CompositeWeights, EaseStep, IceCombine, IceSettings, MissingComponent, Normalisation,
    OpportunitySettings, ScoreSettings, WsjfSettings,
};

use crate::model::view::Items;
pub(crate) use crate::model::view::finite;

/// A prioritization model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Model {
    /// The ODI opportunity of the item's survey outcome (0–20).
    Opportunity,
    /// Reach × impact × confidence / effort.
    Rice,
    /// Weighted shortest job first: cost of delay / job size.
    Wsjf,
    /// Impact × confidence × ease.
    Ice,
    /// A weighted sum of normalised components (the default).
    #[default]
    Composite,
}

impl Model {
    /// Every model, in the order `--help` lists them.
    pub const ALL: [Model; 5] = [Model::Opportunity, Model::Rice, Model::Wsjf, Model::Ice, Model::Composite];

    /// The snake_case name used on the command line and in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Model::Opportunity => "opportunity",
            Model::Rice => "rice",
            Model::Wsjf => "wsjf",
            Model::Ice => "ice",
            Model::Composite => "composite",
        }
    }

    /// How explanations name the model.
    fn label(self) -> &'static str {
        match self {
            Model::Opportunity => "opportunity",
            Model::Rice => "RICE",
            Model::Wsjf => "WSJF",
            Model::Ice => "ICE",
            Model::Composite => "composite",
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Model {
    type Err = ScoreError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Model::ALL
            .into_iter()
            .find(|model| model.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| ScoreError::UnknownModel(text.to_owned()))
    }
}

/// An item's ODI figures, from the survey outcome named by its key.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SurveyOpportunity {
    /// I, 0–10.
    pub importance: f64,
    /// S, 0–10.
    pub satisfaction: f64,
    /// O, 0–20.
    pub opportunity: f64,
}

/// What the caller knows about an item beyond the items frame. Every field is optional.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ItemInputs {
    /// RICE reach (people or events per period) from demand, used when the item has no `reach`
    /// of its own; the caller chooses the measure (e.g. distinct customers asking).
    pub reach: Option<f64>,
    /// The composite's demand component (e.g. ARR-weighted requests, customers or votes). When
    /// any item has one, demand comes from these for every item (an item without one has no
    /// demand component; pass 0 for "nobody asked"); otherwise from the items' `votes`.
    pub demand: Option<f64>,
    /// Confidence from the spread of planning-poker estimates (0–1), used when the item has no
    /// `confidence` of its own.
    pub confidence: Option<f64>,
    /// The ODI figures of the item's survey outcome.
    pub opportunity: Option<SurveyOpportunity>,
}

/// One item's score under one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemScore {
    /// The item key.
    pub key: String,
    /// The model.
    pub model: Model,
    /// The score, or None with `not_scored_reason`.
    pub score: Option<f64>,
    /// Why there is no score (e.g. "no effort estimate, no reach").
    pub not_scored_reason: Option<String>,
    /// One line saying how the score was computed, with the numbers.
    pub explanation: String,
    /// The figures the explanation names (snake_case): raw inputs for RICE / WSJF / ICE /
    /// opportunity; for the composite, each component normalised to 0–1 and its raw value as
    /// `<component>_input`.
    pub components: Figures,
    /// The composite's effective weights (renormalised over the components present, summing
    /// to 1); empty for the other models.
    #[serde(skip_serializing_if = "Figures::is_empty")]
    pub weights: Figures,
}

/// Every item's score under one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreReport {
    /// The model.
    pub model: Model,
    /// The composite's normalisation (None for the other models).
    pub normalisation: Option<Normalisation>,
    /// One per item row, sorted by key.
    pub scores: Vec<ItemScore>,
    /// What the user should know: items not scored by reason, inputs naming no item, ...
    pub warnings: Vec<String>,
}

/// Why scoring failed: bad settings.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    /// A setting no score can be computed with.
    #[error("refine.toml, [{setting}]: {message}")]
    InvalidSettings {
        /// The setting, dotted (`score.composite.weights.demand`).
        setting: String,
        /// What was expected and found.
        message: String,
    },
    /// A model name that is not one of opportunity, rice, wsjf, ice, composite.
    #[error("unknown model `{0}`: expected opportunity, rice, wsjf, ice or composite")]
    UnknownModel(String),
}

/// Scores every item row under `settings.model`.
///
/// `inputs` holds what the caller derived per item key (demand, ODI, estimate-spread
/// confidence); keys that name no item are reported in the warnings.
pub fn score_items(
    items: &Items<'_>,
    inputs: &BTreeMap<String, ItemInputs>,
    settings: &ScoreSettings,
) -> Result<ScoreReport, ScoreError> {
    let every_row: Vec<usize> = (0..items.len()).collect();
    score_rows(items, &every_row, inputs, settings)
}

/// Scores the item rows `rows` (indices into `items`, e.g. the open items) under
/// `settings.model`, as [`score_items`] scores all of them: the composite normalises over
/// these rows only, and inputs for keys outside them are reported as naming no item.
pub fn score_rows(
    items: &Items<'_>,
    rows: &[usize],
    inputs: &BTreeMap<String, ItemInputs>,
    settings: &ScoreSettings,
) -> Result<ScoreReport, ScoreError> {
    settings.validate()?;
    let mut warnings = Vec::new();
    let facts = model_inputs(items, rows, inputs, settings, &mut warnings);

    let model = settings.model;
    let scored: Vec<Scored> = match model {
        Model::Opportunity => facts.par_iter().map(odi::score_item).collect(),
        Model::Rice => facts.par_iter().map(rice::score_item).collect(),
        Model::Wsjf => facts.par_iter().map(|item| wsjf::score_item(item, &settings.wsjf)).collect(),
        Model::Ice => facts.par_iter().map(|item| ice::score_item(item, &settings.ice)).collect(),
        Model::Composite => composite::score_items(&facts, &settings.composite, &mut warnings),
    };
    if model == Model::Rice {
        rice::warn_off_scale_impact(&facts, &mut warnings);
    }
    let mut scores: Vec<ItemScore> =
        facts.par_iter().zip(scored).map(|(item, scored)| scored.into_item_score(item.key, model)).collect();
    scores.par_sort_by(|a, b| {
        a.key
            .cmp(&b.key)
            .then_with(|| compare_scores(a.score, b.score))
            .then_with(|| a.explanation.cmp(&b.explanation))
    });
    warn_not_scored(&scores, model, &mut warnings);
    let normalisation = (model == Model::Composite).then_some(settings.composite.normalisation);
    Ok(ScoreReport { model, normalisation, scores, warnings })
}

/// None before any score, then ascending (only used to order duplicate keys).
fn compare_scores(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}

/// "N of M items not scored under RICE: no reach 12, effort is 0 1".
fn warn_not_scored(scores: &[ItemScore], model: Model, warnings: &mut Vec<String>) {
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unscored = 0;
    for reason in scores.iter().filter_map(|score| score.not_scored_reason.as_deref()) {
        unscored += 1;
        for part in reason.split(", ") {
            *reasons.entry(part).or_default() += 1;
        }
    }
    if unscored > 0 {
        let mut counted: Vec<(&str, usize)> = reasons.into_iter().collect();
        counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let listed: Vec<String> = counted.iter().map(|(reason, count)| format!("{reason} {count}")).collect();
        warnings.push(format!(
            "{unscored} of {} items not scored under {}: {}",
            scores.len(),
            model.label(),
            listed.join(", ")
        ));
    }
}

/// Where a figure came from, when not the item's own column (said in explanations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// The item's own column.
    Item,
    /// The caller's [`ItemInputs`] (demand, estimate spread, survey).
    Caller,
    /// A setting's default.
    Default,
}

/// A figure and where it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sourced {
    pub value: f64,
    pub source: Source,
}

/// One item row as the models read it: every number finite or None.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ItemFacts<'a> {
    pub key: &'a str,
    pub estimate: Option<f64>,
    pub votes: Option<f64>,
    pub reach: Option<Sourced>,
    pub impact: Option<f64>,
    /// The confidence as given (item column, else caller, else default), before it is read as a
    /// fraction: see [`confidence_fraction`].
    pub confidence: Option<Sourced>,
    pub business_value: Option<f64>,
    pub time_criticality: Option<f64>,
    pub risk_reduction: Option<f64>,
    pub job_size: Option<f64>,
    pub inputs: ItemInputs,
}

impl ItemFacts<'_> {
    /// The effort RICE and the composite divide by / invert, and what it is: the estimate,
    /// else the job size.
    pub fn effort(&self) -> Option<(f64, &'static str)> {
        let estimate = self.estimate.map(|value| (value, "estimate"));
        estimate.or(self.job_size.map(|value| (value, "job size")))
    }
}

impl Sourced {
    /// " (demand)" / " (default)" after a figure that is not the item's own; `caller` names what
    /// the caller's input is.
    pub fn note(&self, caller: &str) -> String {
        match self.source {
            Source::Item => String::new(),
            Source::Caller => format!(" ({caller})"),
            Source::Default => " (default)".to_owned(),
        }
    }
}

/// `value` when present and not negative; otherwise None, with `missing` or `negative` added
/// to the reasons.
pub(crate) fn non_negative(
    value: Option<f64>,
    missing: &'static str,
    negative: &'static str,
    reasons: &mut Vec<&'static str>,
) -> Option<f64> {
    match value {
        None => {
            reasons.push(missing);
            None
        }
        Some(value) if value < 0.0 => {
            reasons.push(negative);
            None
        }
        Some(value) => Some(value),
    }
}

/// A divisor (effort, job size) when present and above 0; otherwise None, with the reason
/// ("no …", "… is 0", "… is negative").
pub(crate) fn positive_divisor(
    value: Option<f64>,
    [missing, zero, negative]: [&'static str; 3],
    reasons: &mut Vec<&'static str>,
) -> Option<f64> {
    match value {
        None => reasons.push(missing),
        Some(0.0) => reasons.push(zero),
        Some(value) if value < 0.0 => reasons.push(negative),
        Some(value) => return Some(value),
    }
    None
}

/// The item's confidence as a fraction 0–1 with where it came from, or None with the reason.
pub(crate) fn read_confidence(item: &ItemFacts<'_>, reasons: &mut Vec<&'static str>) -> Option<Sourced> {
    let Some(given) = item.confidence else {
        reasons.push("no confidence");
        return None;
    };
    match confidence_fraction(given.value) {
        Some(value) => Some(Sourced { value, source: given.source }),
        None => {
            reasons.push("confidence is not 0–1 or a percentage");
            None
        }
    }
}

/// A confidence as a fraction 0–1 (see the module doc for the reading of 1–10 and 0–100), or
/// None when it is negative or above 100.
pub(crate) fn confidence_fraction(value: f64) -> Option<f64> {
    if !(0.0..=100.0).contains(&value) {
        None
    } else if value <= 1.0 {
        Some(value)
    } else if value <= 10.0 {
        Some(value / 10.0)
    } else {
        Some(value / 100.0)
    }
}

/// A model's verdict on one item.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Scored {
    pub score: Option<f64>,
    pub not_scored_reason: Option<String>,
    pub explanation: String,
    pub components: Figures,
    pub weights: Figures,
}

impl Scored {
    /// A score with its explanation; a non-finite score (an overflowing product) becomes "not
    /// scored" so that no NaN or ∞ reaches an output.
    pub fn with_score(model: Model, score: f64, explanation: String, components: Figures) -> Scored {
        if score.is_finite() {
            Scored { score: Some(score), explanation, components, ..Scored::default() }
        } else {
            Scored::not_scored(model, vec!["score too large to compute"], components)
        }
    }

    /// No score, with every reason (fixed phrases, so that the warnings can count them).
    pub fn not_scored(model: Model, reasons: Vec<&str>, components: Figures) -> Scored {
        let reason = reasons.join(", ");
        Scored {
            explanation: format!("{} not scored: {reason}", model.label()),
            not_scored_reason: Some(reason),
            components,
            ..Scored::default()
        }
    }

    fn into_item_score(mut self, key: &str, model: Model) -> ItemScore {
        // Figures of an item that was not scored may be out of range; none may be NaN or ∞.
        self.components.retain(|_, value| value.is_finite());
        ItemScore {
            key: key.to_owned(),
            model,
            score: self.score,
            not_scored_reason: self.not_scored_reason,
            explanation: self.explanation,
            components: self.components,
            weights: self.weights,
        }
    }
}

/// `components` from (name, value) pairs, the missing ones left out.
pub(crate) fn components<const N: usize>(pairs: [(&'static str, Option<f64>); N]) -> Figures {
    pairs.into_iter().filter_map(|(name, value)| Some((name, value?))).collect()
}

/// A number for an explanation: thousands separated, at most two decimals (four below 0.01),
/// trailing zeros dropped: 1200 → "1,200", 0.75 → "0.75", 4.333 → "4.33".
pub(crate) fn format_number(value: f64) -> String {
    let decimals = if value != 0.0 && value.abs() < 0.01 { 4 } else { 2 };
    let text = format!("{:.*}", decimals, value.abs());
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    let (whole, fraction) =
        text.split_once('.').map_or((text, None), |(whole, fraction)| (whole, Some(fraction)));
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The rows `rows` of the items as [`ItemFacts`], rows without a key left out (with a
/// warning).
fn model_inputs<'a>(
    items: &Items<'a>,
    rows: &[usize],
    inputs: &'a BTreeMap<String, ItemInputs>,
    settings: &ScoreSettings,
    warnings: &mut Vec<String>,
) -> Vec<ItemFacts<'a>> {
    // Looked up once per item: hashing a key misses the cache once, a search of the ordered
    // map once per level.
    let given_inputs: PlHashMap<&str, &ItemInputs> =
        inputs.iter().map(|(key, given)| (key.as_str(), given)).collect();
    let mut facts = Vec::with_capacity(rows.len());
    let mut keyless = 0;
    for &row in rows {
        let Some(key) = items.key[row] else {
            keyless += 1;
            continue;
        };
        let given = given_inputs.get(key).copied().copied().unwrap_or_default();
        let own = |column: &[Option<f64>]| column[row].map(|value| Sourced { value, source: Source::Item });
        let caller = |value: Option<f64>| {
            value.and_then(finite).map(|value| Sourced { value, source: Source::Caller })
        };
        let default = settings.default_confidence.map(|value| Sourced { value, source: Source::Default });
        facts.push(ItemFacts {
            key,
            estimate: items.estimate[row],
            votes: items.votes[row].map(|votes| votes as f64),
            reach: own(&items.reach).or(caller(given.reach)),
            impact: items.impact[row],
            confidence: own(&items.confidence).or(caller(given.confidence)).or(default),
            business_value: items.business_value[row],
            time_criticality: items.time_criticality[row],
            risk_reduction: items.risk_reduction[row],
            job_size: items.job_size[row],
            inputs: given,
        });
    }
    if keyless > 0 {
        warnings.push(format!("{keyless} item rows without a key were left out"));
    }
    warn_duplicates_and_strays(&facts, inputs, warnings);
    facts
}

/// Duplicate item keys (both rows are scored) and caller inputs for keys no item has.
fn warn_duplicates_and_strays(
    facts: &[ItemFacts<'_>],
    inputs: &BTreeMap<String, ItemInputs>,
    warnings: &mut Vec<String>,
) {
    let mut seen: PlHashMap<&str, usize> = PlHashMap::with_capacity(facts.len());
    for item in facts {
        *seen.entry(item.key).or_default() += 1;
    }
    let mut duplicates: Vec<String> =
        seen.iter().filter(|(_, count)| **count > 1).map(|(key, _)| (*key).to_owned()).collect();
    duplicates.sort_unstable();
    if !duplicates.is_empty() {
        warnings.push(format!(
            "{} keys appear on more than one item row (each row is scored): {}",
            duplicates.len(),
            crate::model::wording::list_for_message(&duplicates)
        ));
    }
    let strays: Vec<String> = inputs.keys().filter(|key| !seen.contains_key(key.as_str())).cloned().collect();
    if !strays.is_empty() {
        warnings.push(format!(
            "{} keys with demand, survey or confidence inputs name no item and were not used: {}",
            strays.len(),
            crate::model::wording::list_for_message(&strays)
        ));
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Scoring items written as test rows ([`crate::model::test_frame`]).

    use std::collections::BTreeMap;

    use super::{ItemInputs, ScoreError, ScoreReport, ScoreSettings, score_items};
    use crate::model::test_frame::{TestRow, frame};
    use crate::model::view::Items;
    use crate::model::{Table, items};

    /// An item row with this key, every other column null.
    pub fn item(key: &str) -> TestRow {
        TestRow::new().text(items::KEY, key)
    }

    /// [`score_items`] over these item rows.
    pub fn try_score(
        rows: &[TestRow],
        inputs: &BTreeMap<String, ItemInputs>,
        settings: &ScoreSettings,
    ) -> Result<ScoreReport, ScoreError> {
        let frame = frame(Table::Items, rows);
        score_items(&Items::decode(&frame).unwrap(), inputs, settings)
    }

    /// [`score_items`] over these item rows, which must score.
    pub fn score(
        rows: &[TestRow],
        inputs: &BTreeMap<String, ItemInputs>,
        settings: &ScoreSettings,
    ) -> ScoreReport {
        try_score(rows, inputs, settings).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{item, score, try_score};
    use super::*;
    use crate::model::items;

    #[test]
    fn numbers_read_for_explanations() {
        let cases = [
            (1200.0, "1,200"),
            (0.75, "0.75"),
            (4.3333, "4.33"),
            (0.0, "0"),
            (-2.5, "-2.5"),
            (1234567.891, "1,234,567.89"),
            (0.005, "0.005"),
            (100.0, "100"),
            (-0.0001, "-0.0001"),
        ];
        for (value, text) in cases {
            assert_eq!(format_number(value), text, "{value}");
        }
    }

    #[test]
    fn confidence_reads_fractions_ratings_and_percentages() {
        let cases = [
            (0.0, Some(0.0)),
            (0.75, Some(0.75)),
            (1.0, Some(1.0)),
            (7.0, Some(0.7)),
            (10.0, Some(1.0)),
            (50.0, Some(0.5)),
            (80.0, Some(0.8)),
            (100.0, Some(1.0)),
            (150.0, None),
            (-0.1, None),
        ];
        for (value, fraction) in cases {
            let read = confidence_fraction(value);
            assert!(
                read.zip(fraction).is_some_and(|(a, b)| (a - b).abs() < 1e-12) || read == fraction,
                "{value} → {read:?}"
            );
        }
    }

    #[test]
    fn models_parse_and_print_by_name() {
        for model in Model::ALL {
            assert_eq!(model.name().parse::<Model>().unwrap(), model);
            assert_eq!(serde_json::to_string(&model).unwrap(), format!("\"{}\"", model.name()));
        }
        assert!(matches!("RICE".parse::<Model>(), Ok(Model::Rice)));
        assert!(matches!("moscow".parse::<Model>(), Err(ScoreError::UnknownModel(_))));
        assert_eq!(Model::default(), Model::Composite);
    }

    #[test]
    fn an_empty_frame_gives_an_empty_report() {
        for model in Model::ALL {
            let settings = ScoreSettings { model, ..ScoreSettings::default() };
            let report = score(&[], &BTreeMap::new(), &settings);
            assert!(report.scores.is_empty() && report.warnings.is_empty(), "{model}");
        }
    }

    #[test]
    fn a_frame_without_keys_is_an_error() {
        use polars::prelude::{Column, DataFrame};

        use crate::model::view::FrameError;

        let frame = DataFrame::new(1, vec![Column::new("title".into(), ["x"])]).unwrap();
        let result = Items::decode(&frame);
        assert!(matches!(result, Err(FrameError::MissingColumn { column: "key", .. })));
    }

    #[test]
    fn invalid_settings_are_refused_before_scoring() {
        let mut settings = ScoreSettings::default();
        settings.composite.weights.value = f64::NAN;
        let result = try_score(&[item("A-1")], &BTreeMap::new(), &settings);
        assert!(matches!(result, Err(ScoreError::InvalidSettings { .. })));
    }

    #[test]
    fn output_is_sorted_by_key_whatever_the_row_order() {
        let estimated = |key: &str, estimate: f64| item(key).number(items::ESTIMATE, estimate);
        let forward = [estimated("B-2", 2.0), estimated("A-1", 1.0), estimated("C-3", 3.0)];
        let backward = [estimated("C-3", 3.0), estimated("A-1", 1.0), estimated("B-2", 2.0)];
        let settings = ScoreSettings::default();
        let a = score(&forward, &BTreeMap::new(), &settings);
        let b = score(&backward, &BTreeMap::new(), &settings);
        assert_eq!(a, b);
        let keys: Vec<&str> = a.scores.iter().map(|score| score.key.as_str()).collect();
        assert_eq!(keys, ["A-1", "B-2", "C-3"]);
    }

    #[test]
    fn duplicate_keys_and_stray_inputs_are_warned_about() {
        let rows = [item("A-1"), item("A-1")];
        let inputs =
            BTreeMap::from([("Z-9".to_owned(), ItemInputs { demand: Some(1.0), ..ItemInputs::default() })]);
        let report = score(&rows, &inputs, &ScoreSettings::default());
        assert_eq!(report.scores.len(), 2);
        assert!(
            report
                .warnings
                .iter()
                .any(|warning| warning.contains("more than one item row") && warning.contains("A-1"))
        );
        assert!(
            report.warnings.iter().any(|warning| warning.contains("name no item") && warning.contains("Z-9"))
        );
    }

    #[test]
    fn unscored_items_are_counted_by_reason() {
        let rows = [
            item("A-1").number(items::ESTIMATE, 0.0).number(items::IMPACT, 1.0),
            item("A-2").number(items::IMPACT, 1.0),
            item("A-3").number(items::ESTIMATE, 3.0),
        ];
        let settings = ScoreSettings { model: Model::Rice, ..ScoreSettings::default() };
        let report = score(&rows, &BTreeMap::new(), &settings);
        assert_eq!(
            report.warnings,
            [
                "3 of 3 items not scored under RICE: no confidence 3, no reach 3, effort is 0 1, no effort estimate 1, no impact 1"
            ]
        );
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::test_support::{item, score};
        use super::super::*;
        use crate::model::items;
        use crate::model::test_frame::TestRow;

        /// Any number a frame can hold, with the awkward ones often: missing, 0, negative, huge, NaN.
        fn number() -> impl Strategy<Value = Option<f64>> {
            prop_oneof![
                Just(None),
                Just(Some(0.0)),
                (-5.0..200.0f64).prop_map(Some),
                (0u8..14).prop_map(|card| Some(f64::from(card))),
                any::<f64>().prop_map(Some),
            ]
        }

        /// Every column scoring reads but the key.
        const NUMBER_COLUMNS: &[&str] = &[
            items::ESTIMATE,
            items::VOTES,
            items::REACH,
            items::IMPACT,
            items::CONFIDENCE,
            items::BUSINESS_VALUE,
            items::TIME_CRITICALITY,
            items::RISK_REDUCTION,
            items::JOB_SIZE,
        ];

        /// A cell of `column`; votes are whole numbers, so a number is cut to one as a frame
        /// cast would (a value no whole number holds is null).
        fn cell(row: TestRow, column: &'static str, value: Option<f64>) -> TestRow {
            match value {
                None => row,
                Some(votes) if column == items::VOTES => {
                    let whole = votes.is_finite() && votes.abs() < 9.2e18;
                    if whole { row.integer(column, votes as i64) } else { row }
                }
                Some(value) => row.number(column, value),
            }
        }

        fn row() -> impl Strategy<Value = (Vec<Option<f64>>, Option<ItemInputs>)> {
            let inputs = (number(), number(), number(), proptest::option::of((number(), number(), number())))
                .prop_map(|(reach, demand, confidence, survey)| ItemInputs {
                    reach,
                    demand,
                    confidence,
                    opportunity: survey.map(|(importance, satisfaction, opportunity)| SurveyOpportunity {
                        importance: importance.unwrap_or(0.0),
                        satisfaction: satisfaction.unwrap_or(0.0),
                        opportunity: opportunity.unwrap_or(0.0),
                    }),
                });
            (proptest::collection::vec(number(), NUMBER_COLUMNS.len()), proptest::option::of(inputs))
        }

        fn frame_and_inputs(
            rows: &[(Vec<Option<f64>>, Option<ItemInputs>)],
            order: &[usize],
        ) -> (Vec<TestRow>, BTreeMap<String, ItemInputs>) {
            let item_rows = order
                .iter()
                .map(|&index| {
                    let cells = NUMBER_COLUMNS.iter().zip(&rows[index].0);
                    cells.fold(item(&format!("K-{index}")), |row, (column, value)| cell(row, column, *value))
                })
                .collect();
            let inputs = rows
                .iter()
                .enumerate()
                .filter_map(|(index, (_, inputs))| Some((format!("K-{index}"), (*inputs)?)))
                .collect();
            (item_rows, inputs)
        }

        fn settings() -> impl Strategy<Value = ScoreSettings> {
            (
                proptest::sample::select(Model::ALL.to_vec()),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
                proptest::option::of(0.0..=1.0f64),
            )
                .prop_map(|(model, min_max, average, zero, default_confidence)| {
                    let mut settings =
                        ScoreSettings { model, default_confidence, ..ScoreSettings::default() };
                    if min_max {
                        settings.composite.normalisation = Normalisation::MinMax;
                    }
                    if average {
                        settings.ice.combine = IceCombine::Average;
                    }
                    if zero {
                        settings.wsjf.missing_component = MissingComponent::Zero;
                    }
                    settings
                })
        }

        proptest! {
            #[test]
            fn scores_are_finite_or_missing_with_a_reason(
                rows in proptest::collection::vec(row(), 0..8),
                settings in settings(),
            ) {
                let order: Vec<usize> = (0..rows.len()).collect();
                let (frame, inputs) = frame_and_inputs(&rows, &order);
                let report = score(&frame, &inputs, &settings);
                prop_assert_eq!(report.scores.len(), rows.len());
                for score in &report.scores {
                    match score.score {
                        Some(value) => prop_assert!(value.is_finite() && score.not_scored_reason.is_none()),
                        None => prop_assert!(score.not_scored_reason.is_some()),
                    }
                    prop_assert!(score.components.values().chain(score.weights.values()).all(|value| value.is_finite()));
                    prop_assert!(!score.explanation.is_empty());
                    if settings.model == Model::Composite {
                        prop_assert!(score.score.is_none_or(|value| (-1e-9..=1.0 + 1e-9).contains(&value)));
                    }
                }
            }

            #[test]
            fn row_order_does_not_change_the_report(
                rows in proptest::collection::vec(row(), 1..8),
                settings in settings(),
                rotation in 0usize..8,
            ) {
                let forward: Vec<usize> = (0..rows.len()).collect();
                let mut shuffled: Vec<usize> = forward.iter().rev().copied().collect();
                shuffled.rotate_left(rotation % rows.len());
                let (frame, inputs) = frame_and_inputs(&rows, &forward);
                let (shuffled_frame, _) = frame_and_inputs(&rows, &shuffled);
                let a = score(&frame, &inputs, &settings);
                let b = score(&shuffled_frame, &inputs, &settings);
                prop_assert_eq!(a, b);
            }
        }
    }
}
