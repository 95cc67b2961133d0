//! Prioritization end to end, as `refine rank` and the report run it: ODI opportunity from the
//! survey, demand from feedback, every open item scored with the chosen model, then the
//! dependency-aware ranking.
//!
//! The items that compete for a rank are scored together: done items are left out (unless
//! asked for) before scoring, so finished work does not shift the normalised scores of the open
//! backlog. Demand feeds the models this way: the composite's demand is the customers' weighted
//! reach (e.g. ARR) when the feedback carries weights, else the distinct customers asking plus
//! votes; RICE's reach is the number of distinct customers. Where planning-poker votes exist, an
//! item's confidence (RICE, ICE, composite) comes from their spread: 1 / (1 + deck steps).

use std::collections::BTreeMap;

use polars::prelude::*;

use super::feedback::{FeedbackDemand, FeedbackError, feedback_demand};
use super::views::{Frames, Views};
use crate::config::Config;
use crate::demand::{DemandError, DemandReport};
use crate::estimates::{EstimatesError, confidence_from_votes};
use crate::load::{FeedbackStream, LoadError, LoadedFile, Workspace};
use crate::model::view::{FrameError, Items, Links, Survey, Votes};
use crate::model::{StatusCategory, Table};
use crate::rank::{RankFilter, RankPreparation, Ranking, ScoreInput};
use crate::score::{
    ItemInputs, Model, OdiReport, ScoreError, attach_opportunities, opportunity_scores, score_rows,
};

/// What a prioritization run is asked for, beyond refine.toml.
#[derive(Debug, Clone, Default)]
pub struct PrioritizeOptions {
    /// The model; refine.toml's `[score] model` when `None`.
    pub model: Option<Model>,
    /// Count only feedback given at or after this instant (UTC ms).
    pub since: Option<i64>,
    /// Which items to rank, and how many.
    pub filter: RankFilter,
    /// A previous ranking (key → rank), for the rank change.
    pub previous: Option<BTreeMap<String, usize>>,
}

/// The ranking with what fed it.
#[derive(Debug, Clone)]
pub struct Prioritization {
    /// The ranked backlog.
    pub ranking: Ranking,
    /// Demand per item and the text matches, when there was feedback.
    pub demand: Option<DemandReport>,
    /// ODI figures per outcome, when there was a survey.
    pub opportunities: Option<OdiReport>,
    /// Every stage's warnings, in stage order.
    pub warnings: Vec<String>,
    /// The feedback files read in batches, with what reading them found
    /// ([`crate::load::LoadOptions::feedback_in_batches`]).
    pub streamed_files: Vec<LoadedFile>,
}

/// What can stop a prioritization run.
#[derive(Debug, thiserror::Error)]
pub enum PrioritizeError {
    /// Scoring failed (invalid settings).
    #[error(transparent)]
    Score(#[from] ScoreError),
    /// Demand failed.
    #[error(transparent)]
    Demand(#[from] DemandError),
    /// A feedback file read in batches could not be read (with `--strict`, a bad row).
    #[error(transparent)]
    Feedback(Box<LoadError>),
    /// Confidence from planning-poker votes failed.
    #[error(transparent)]
    Estimates(#[from] EstimatesError),
    /// The items, links or survey frame is not canonical.
    #[error(transparent)]
    Frame(#[from] FrameError),
}

impl From<FeedbackError> for PrioritizeError {
    fn from(error: FeedbackError) -> Self {
        match error {
            FeedbackError::Demand(error) => PrioritizeError::Demand(error),
            FeedbackError::Read(error) => PrioritizeError::Feedback(error),
        }
    }
}

/// What prioritization reads: the items, links and survey decoded ([`Items`], [`Links`],
/// [`Survey`]), and the frames it still reads whole.
#[derive(Debug, Clone, Copy)]
pub struct PrioritizeInputs<'a> {
    /// The whole backlog, done items included.
    pub items: &'a Items<'a>,
    /// The links (only `blocks` links are used).
    pub links: &'a Links<'a>,
    /// The survey (may be empty).
    pub survey: &'a Survey<'a>,
    /// The planning-poker votes (may be empty).
    pub votes: &'a Votes<'a>,
    /// The canonical feedback frame (may be empty).
    pub feedback: &'a DataFrame,
    /// The feedback files to read in batches, after the frame.
    pub feedback_streams: &'a [FeedbackStream],
}

impl<'a> PrioritizeInputs<'a> {
    /// The inputs out of a run's views.
    pub(super) fn of(views: &'a Views<'a>) -> PrioritizeInputs<'a> {
        PrioritizeInputs {
            items: &views.items,
            links: &views.links,
            survey: &views.survey,
            votes: &views.votes,
            feedback: views.feedback,
            feedback_streams: views.feedback_streams,
        }
    }
}

/// The canonical columns [`prioritize`] reads of the tables it does not read whole: feedback's,
/// through demand. A run that uses the workspace for nothing else can load only these
/// ([`crate::load::LoadOptions::columns_read`]).
pub(super) fn columns_read() -> BTreeMap<Table, &'static [&'static str]> {
    BTreeMap::from([(Table::Feedback, crate::demand::FEEDBACK_COLUMNS)])
}

/// Runs opportunity, demand, scoring and ranking over the workspace. The items, links and
/// survey are decoded here, once for the whole prioritization, then [`prioritize_views`] runs.
pub fn prioritize(
    workspace: &Workspace,
    config: &Config,
    options: &PrioritizeOptions,
) -> Result<Prioritization, PrioritizeError> {
    let frames = Frames::of(workspace);
    let views = frames.decode()?;
    prioritize_views(&PrioritizeInputs::of(&views), config, options)
}

/// Runs opportunity, demand, scoring and ranking over views decoded by the caller.
pub fn prioritize_views(
    inputs: &PrioritizeInputs<'_>,
    config: &Config,
    options: &PrioritizeOptions,
) -> Result<Prioritization, PrioritizeError> {
    // The ranking reads the items and links while the scores are computed: scoring has steps
    // on one core (attaching demand, reading the items' inputs) that leave the other idle.
    let (scoring, preparation) = rayon::join(
        || score_backlog(inputs, config, options),
        || RankPreparation::new(inputs.items, inputs.links, &config.rank, &options.filter),
    );
    let Scoring { scores, demand, opportunities, mut warnings, streamed_files } = scoring?;
    let ranking = preparation.rank(&scores, options.previous.as_ref());
    warnings.extend(ranking.warnings.iter().cloned());
    Ok(Prioritization { ranking, demand, opportunities, warnings, streamed_files })
}

/// What the ranking is given: a score per candidate, and what fed the scores.
struct Scoring {
    scores: Vec<ScoreInput>,
    demand: Option<DemandReport>,
    opportunities: Option<OdiReport>,
    /// Every stage's warnings, in stage order.
    warnings: Vec<String>,
    streamed_files: Vec<LoadedFile>,
}

/// Opportunity from the survey, confidence from the votes and demand from the feedback, then
/// the candidates' scores under the chosen model.
fn score_backlog(
    sources: &PrioritizeInputs<'_>,
    config: &Config,
    options: &PrioritizeOptions,
) -> Result<Scoring, PrioritizeError> {
    let backlog = sources.items;
    let mut settings = config.score.clone();
    if let Some(model) = options.model {
        settings.model = model;
    }
    let mut warnings = Vec::new();
    let mut inputs: BTreeMap<String, ItemInputs> = BTreeMap::new();
    let candidates = ranked_candidates(backlog, &options.filter);
    let unscored = unscored_keys(backlog, &candidates);

    let opportunities = if !sources.survey.is_empty() {
        let opportunities = opportunity_scores(sources.survey, &settings.opportunity);
        attach_opportunities(&opportunities, &mut inputs);
        warnings.extend(opportunities.warnings.iter().cloned());
        Some(opportunities)
    } else {
        None
    };

    if !sources.votes.is_empty() {
        for (key, confidence) in confidence_from_votes(sources.votes, &config.estimates) {
            inputs.entry(key).or_default().confidence = Some(confidence);
        }
    }

    let has_feedback = sources.feedback.height() > 0 || !sources.feedback_streams.is_empty();
    let (demand, streamed_files) = if has_feedback {
        let mut demand_settings = config.demand.clone();
        if options.since.is_some() {
            demand_settings.since = options.since;
        }
        let FeedbackDemand { report: demand, streamed_files } =
            feedback_demand(backlog, sources.feedback, sources.feedback_streams, &demand_settings)?;
        attach_demand(&demand, &unscored, &mut inputs);
        warnings.extend(demand.warnings.iter().cloned());
        (Some(demand), streamed_files)
    } else {
        (None, Vec::new())
    };

    drop_inputs_of_unscored_items(&mut inputs, &unscored);
    let report = score_rows(backlog, &candidates, &inputs, &settings)?;
    warnings.extend(report.warnings);
    let scores = report
        .scores
        .into_iter()
        .map(|score| ScoreInput {
            drivers: score.drivers(),
            explanation: match &score.not_scored_reason {
                Some(reason) if score.score.is_none() => format!("not scored: {reason}"),
                _ => score.explanation,
            },
            key: score.key,
            score: score.score,
        })
        .collect();
    Ok(Scoring { scores, demand, opportunities, warnings, streamed_files })
}

/// See the module documentation for how demand feeds the models. Demand's items are in key
/// order, so the map is built from them in one go (inserting a million keys one by one took
/// half a second); inputs already there for them (survey, confidence) are kept. Items that are
/// not scored get none.
fn attach_demand(
    demand: &DemandReport,
    unscored: &PlHashSet<&str>,
    inputs: &mut BTreeMap<String, ItemInputs>,
) {
    let weighted = demand.items.iter().any(|item| item.reach > 0.0);
    let mut others = std::mem::take(inputs);
    *inputs = demand
        .items
        .iter()
        .filter(|item| !unscored.contains(item.key.as_str()))
        .map(|item| {
            let mut entry = others.remove(&item.key).unwrap_or_default();
            entry.demand =
                Some(if weighted { item.reach } else { (item.customers as f64) + (item.votes as f64) });
            entry.reach = (item.customers > 0).then_some(item.customers as f64);
            (item.key.clone(), entry)
        })
        .collect();
    inputs.append(&mut others);
}

/// The rows of the items that are scored: every open item, and the done items the filter
/// ranks (`include_done`, or a status filter naming them). The ranking itself gets the whole
/// backlog, so that it knows done items (a link to one is no blocker) and filters them out
/// itself.
fn ranked_candidates(backlog: &Items<'_>, filter: &RankFilter) -> Vec<usize> {
    let done = Some(StatusCategory::Done.name());
    (0..backlog.len())
        .filter(|&row| backlog.status_category[row] != done || filter.keeps_done(backlog.status[row]))
        .collect()
}

/// The keys of the backlog's items that are not scored: the done items the filter does not
/// rank (`candidates` are the scored rows). Inputs that name them (demand, survey, confidence)
/// are left out, so that scoring does not warn about them as inputs for keys no item has;
/// inputs for keys the backlog lacks stay, and are warned about.
fn unscored_keys<'a>(backlog: &Items<'a>, candidates: &[usize]) -> PlHashSet<&'a str> {
    if candidates.len() == backlog.len() {
        return PlHashSet::default();
    }
    let scored: PlHashSet<&str> = candidates.iter().filter_map(|&row| backlog.key[row]).collect();
    backlog.keyed().map(|(_, key)| key).filter(|key| !scored.contains(key)).collect()
}

/// Leaves out the inputs of the items that are not scored ([`unscored_keys`]).
fn drop_inputs_of_unscored_items(inputs: &mut BTreeMap<String, ItemInputs>, unscored: &PlHashSet<&str>) {
    if !unscored.is_empty() {
        inputs.retain(|key, _| !unscored.contains(key.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_inputs};
    use crate::model::items;
    use crate::model::test_frame::{TestRow, frame};
    use crate::score::{ScoreSettings, score_items};
    use std::path::PathBuf;

    #[test]
    fn inputs_of_unscored_items_are_dropped_and_inputs_for_unknown_keys_kept() {
        let keyed = |key| TestRow::new().text(items::KEY, key);
        let frame = frame(Table::Items, &[keyed("A-1"), keyed("A-2"), keyed("A-3")]);
        let backlog = Items::decode(&frame).unwrap();
        let candidates = [0, 2];
        let mut inputs: BTreeMap<String, ItemInputs> =
            ["A-1", "A-2", "GONE-1"].into_iter().map(|key| (key.to_owned(), ItemInputs::default())).collect();
        drop_inputs_of_unscored_items(&mut inputs, &unscored_keys(&backlog, &candidates));
        assert_eq!(inputs.keys().collect::<Vec<_>>(), ["A-1", "GONE-1"]);
    }

    fn demo() -> Workspace {
        let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo");
        load_inputs(&[demo], &LoadOptions::default()).unwrap()
    }

    #[test]
    fn the_demo_backlog_is_ranked_with_demand_and_opportunities() {
        let result = prioritize(&demo(), &Config::default(), &PrioritizeOptions::default()).unwrap();
        let demand = result.demand.as_ref().unwrap();
        assert_eq!(demand.items.len(), 400);
        assert_eq!(result.opportunities.as_ref().unwrap().outcomes.len(), 12);
        // 400 items of which 161 are done (datasets/README.md): the open ones are ranked.
        assert_eq!(result.ranking.items.len(), 239);
        assert!(result.ranking.items.iter().all(|item| item.status != Some("Done".to_owned())));
        let ranks: Vec<usize> = result.ranking.items.iter().map(|item| item.rank).collect();
        assert_eq!(ranks, (1..=239).collect::<Vec<_>>());
    }

    #[test]
    fn scores_of_the_candidate_rows_are_those_of_the_backlog_filtered_to_them() {
        let mut backlog = demo().table(Table::Items);
        // The demo has no RICE or ICE inputs: every item gets some, so that every column counts.
        for name in [items::REACH, items::IMPACT, items::CONFIDENCE, items::JOB_SIZE] {
            let values: Vec<f64> = (0..backlog.height()).map(|row| (row % 5 + 1) as f64).collect();
            backlog.with_column(Column::new(name.into(), values)).unwrap();
        }
        let items = Items::decode(&backlog).unwrap();
        let candidates = ranked_candidates(&items, &RankFilter::default());
        let open = backlog.column(items::STATUS_CATEGORY).unwrap().str().unwrap().not_equal("done");
        let filtered = backlog.filter(&open).unwrap();
        assert_eq!(filtered.height(), 239);
        let filtered = Items::decode(&filtered).unwrap();
        for model in [Model::Composite, Model::Rice, Model::Wsjf, Model::Ice] {
            let settings = ScoreSettings { model, ..ScoreSettings::default() };
            let inputs = BTreeMap::new();
            let rows = format!("{:?}", score_rows(&items, &candidates, &inputs, &settings).unwrap());
            let whole = format!("{:?}", score_items(&filtered, &inputs, &settings).unwrap());
            // Not assert_eq!: a difference would print two reports of 239 items.
            assert!(rows == whole, "{model:?}: the scores differ");
        }
    }

    #[test]
    fn include_done_ranks_every_item_and_the_model_can_be_chosen() {
        let options = PrioritizeOptions {
            model: Some(Model::Wsjf),
            filter: RankFilter { include_done: true, ..RankFilter::default() },
            ..PrioritizeOptions::default()
        };
        let result = prioritize(&demo(), &Config::default(), &options).unwrap();
        assert_eq!(result.ranking.items.len(), 400);
        let first = &result.ranking.items[0];
        assert!(first.explanation.starts_with("WSJF"), "{}", first.explanation);
    }

    #[test]
    fn done_blockers_are_known_items_and_a_status_filter_naming_done_ranks_scored_items() {
        let workspace = demo();
        let result = prioritize(&workspace, &Config::default(), &PrioritizeOptions::default()).unwrap();
        // SHOP-155, SHOP-228 and SHOP-251 are done blockers in the demo's links: a link with a
        // done item is no blocker, and the keys are in the backlog.
        assert!(
            result.warnings.iter().all(|warning| !warning.contains("not in the backlog")),
            "{:?}",
            result.warnings
        );
        // The done items have demand and survey inputs but are not scored: not strays.
        assert!(
            result.warnings.iter().all(|warning| !warning.contains("name no item")),
            "{:?}",
            result.warnings
        );
        for done in ["SHOP-155", "SHOP-228", "SHOP-251"] {
            assert!(result.ranking.items.iter().all(|item| !item.blocked_by.iter().any(|key| key == done)));
        }

        let options = PrioritizeOptions {
            filter: RankFilter { statuses: vec!["done".to_owned()], ..RankFilter::default() },
            ..PrioritizeOptions::default()
        };
        let done = prioritize(&workspace, &Config::default(), &options).unwrap();
        assert_eq!(done.ranking.items.len(), 161, "the demo's done items");
        assert!(done.ranking.items.iter().all(|item| item.score.is_some()), "scored, not just listed");
    }
}
