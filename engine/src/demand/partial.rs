//! Demand as a mergeable partial aggregate: the feedback is folded batch by batch into
//! per-item running figures, and each batch can be dropped once folded.
//!
//! [`DemandIndex`] is the backlog as demand needs it (keys in order, the items' text index),
//! built once. [`DemandPartial::fold`] classifies each row of a batch (outside the window,
//! linked by key, unknown key, matched by text, unmatched) and adds it to the figures: counts
//! of rows, per item requests, linked requests and votes, the distinct customers with their
//! largest weights and the distinct (item, customer) pairs, the unknown keys and the text
//! matches. [`DemandPartial::merge`] combines the partials of two shards of the feedback into
//! the partial of the whole, in any grouping, and [`DemandPartial::finish`] gives the report.
//!
//! **Memory** grows with the items, the distinct customers, the distinct (item, customer)
//! pairs and the distinct unknown keys, never with the feedback rows, except for the text
//! matches: the feedback matches table lists every matched row (see [`super::matches`]).

use std::collections::BTreeMap;

use polars::prelude::{DataFrame, PlHashMap};
use rayon::prelude::*;

use super::classify::{Classified, Unassigned};
use super::customers::{CustomersPartial, ItemCustomers};
use super::matches::{MatchesPartial, TextMatch};
use super::text_match::{ItemIndex, MatchOptions};
use super::{
    Backlog, DemandError, DemandReport, DemandSettings, FEEDBACK_BATCH_ROWS, FeedbackRows, ItemDemand,
    Origin, examples, excerpt, validate,
};
use crate::model::row_tasks::cells;
use crate::model::text::column::TextColumn;
use crate::model::view::Items;

/// The backlog indexed for demand: the items in key order and the TF-IDF index of their
/// texts, built once for any number of feedback batches and partials.
pub struct DemandIndex<'a> {
    backlog: Backlog<'a>,
    index: ItemIndex,
    settings: DemandSettings,
}

impl<'a> DemandIndex<'a> {
    /// The items indexed with `settings` (checked first).
    pub fn new(items: &Items<'a>, settings: &DemandSettings) -> Result<DemandIndex<'a>, DemandError> {
        validate(settings)?;
        let backlog = Backlog::of(items);
        let options = MatchOptions {
            description_weight: settings.description_weight,
            stemming: settings.stemming,
            threshold: settings.threshold,
            min_shared_terms: settings.min_shared_terms,
        };
        let index = ItemIndex::build(&backlog.texts, options);
        Ok(DemandIndex { backlog, index, settings: settings.clone() })
    }

    /// The partial of a canonical feedback frame: folded in slices of [`FEEDBACK_BATCH_ROWS`]
    /// rows, a run of consecutive slices per thread, and the threads' partials merged.
    pub fn fold_frame(&self, frame: &DataFrame) -> Result<DemandPartial<'_>, DemandError> {
        self.fold_frame_in(frame, FEEDBACK_BATCH_ROWS)
    }

    /// [`DemandIndex::fold_frame`] with slices of `batch_rows` rows.
    pub(super) fn fold_frame_in(
        &self,
        frame: &DataFrame,
        batch_rows: usize,
    ) -> Result<DemandPartial<'_>, DemandError> {
        // At least one batch, so that a frame without rows is checked too.
        let batches = frame.height().div_ceil(batch_rows).max(1);
        let runs = rayon::current_num_threads().clamp(1, batches);
        let batches_per_run = batches.div_ceil(runs);
        (0..runs)
            .into_par_iter()
            .map(|run| -> Result<DemandPartial<'_>, DemandError> {
                let mut partial = self.partial();
                for batch in run * batches_per_run..batches.min((run + 1) * batches_per_run) {
                    partial.fold(&frame.slice((batch * batch_rows) as i64, batch_rows))?;
                }
                Ok(partial)
            })
            .try_reduce(|| self.partial(), |first, second| Ok(first.merge(second)))
    }

    /// A partial with no feedback folded yet.
    pub fn partial(&self) -> DemandPartial<'_> {
        DemandPartial {
            index: self,
            feedback_rows: 0,
            outside_window_rows: 0,
            undated_rows: 0,
            unknown_keys: BTreeMap::new(),
            unmatched_rows: 0,
            totals: vec![Totals::default(); self.backlog.keys.len()],
            customers: CustomersPartial::default(),
            matches: MatchesPartial::default(),
            seen: PlHashMap::default(),
        }
    }
}

/// Distinct feedback texts a partial remembers the match of. Feedback repeats its texts (the
/// same request pasted by many, "+1"), and matching a text costs a walk of the item index, so
/// each text is matched once per partial rather than once per batch; past this many texts,
/// new ones are matched without being remembered, so that memory stays bounded when nearly
/// every text is new (app reviews).
const SEEN_TEXTS_KEPT: usize = 1 << 20;

/// Demand over the feedback folded so far: fold batches into it, merge it with the partial of
/// other feedback, finish it into the report.
pub struct DemandPartial<'i> {
    index: &'i DemandIndex<'i>,
    feedback_rows: u64,
    /// Rows left out by `since`, undated ones included.
    outside_window_rows: u64,
    /// Rows without a date, left out because `since` was set.
    undated_rows: u64,
    /// Rows per key that names no backlog item.
    unknown_keys: BTreeMap<String, u64>,
    /// Unlinked rows no item matched.
    unmatched_rows: u64,
    /// Per item, in key order.
    totals: Vec<Totals>,
    customers: CustomersPartial,
    matches: MatchesPartial,
    /// The match of each text seen (up to [`SEEN_TEXTS_KEPT`]): its number in `matches` and its
    /// item, or `None` when no item matched it.
    seen: PlHashMap<Box<str>, Option<(u32, u32)>>,
}

/// One item's running totals (small, so that millions of updates in a million items miss the
/// cache less than whole [`ItemDemand`]s would).
#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    requests: u64,
    linked_requests: u64,
    feedback_votes: i64,
}

impl<'i> DemandPartial<'i> {
    /// Folds the rows of `batch`, a canonical feedback frame (any number of rows; a column it
    /// lacks reads as nulls, apart from the text).
    pub fn fold(&mut self, batch: &DataFrame) -> Result<(), DemandError> {
        let rows = FeedbackRows::read(batch)?;
        let DemandIndex { backlog, index, settings } = self.index;
        let Classified {
            mut assigned,
            unassigned: Unassigned { outside_window, undated, unknown_keys, to_match, distinct },
        } = Classified::of(backlog, &rows, settings.since);
        self.feedback_rows += rows.len() as u64;
        self.outside_window_rows += outside_window;
        self.undated_rows += undated;
        for (key, count) in unknown_keys {
            match self.unknown_keys.get_mut(key) {
                Some(known) => *known += count,
                None => {
                    self.unknown_keys.insert(key.to_owned(), count);
                }
            }
        }

        // Match the unlinked rows. A row's match depends only on its text, so each distinct
        // text is matched once: once per batch here, and once per partial through `seen`.
        let mut numbers: Vec<Option<Option<(u32, u32)>>> =
            distinct.texts.iter().map(|text| text.and_then(|text| self.seen.get(text).copied())).collect();
        let unseen: Vec<usize> = (0..numbers.len()).filter(|&text| numbers[text].is_none()).collect();
        let texts: Vec<Option<&str>> = unseen.iter().map(|&text| distinct.texts[text]).collect();
        let best = index.best_items(&texts);
        let found: Vec<Option<TextMatch>> = texts
            .par_iter()
            .zip(best)
            .map(|(text, best)| {
                let best = best?;
                Some(TextMatch {
                    item: best.item,
                    score: best.score,
                    terms: best.shared_terms,
                    excerpt: excerpt(text.unwrap_or_default()),
                })
            })
            .collect();
        for ((&text, found), feedback) in unseen.iter().zip(found).zip(&texts) {
            let number = found.map(|found| {
                let item = found.item as u32;
                (self.matches.add_text(found), item)
            });
            numbers[text] = Some(number);
            if let Some(feedback) = feedback
                && self.seen.len() < SEEN_TEXTS_KEPT
            {
                self.seen.insert((*feedback).into(), number);
            }
        }
        let numbers: Vec<Option<(u32, u32)>> = numbers.into_iter().map(Option::flatten).collect();
        let ids = TextColumn::new(&rows.id);
        for (&row, &text) in to_match.iter().zip(&distinct.of_row) {
            match numbers[text as usize] {
                Some((number, item)) => {
                    self.matches.push(number, ids.get(row));
                    assigned[row as usize] = Some((item, Origin::Matched));
                }
                None => self.unmatched_rows += 1,
            }
        }

        let everything = 0..rows.len();
        let row_cells = cells(&rows.customer, everything.clone())
            .zip(cells(&rows.weight, everything.clone()))
            .zip(cells(&rows.votes, everything));
        for (assignment, ((customer, weight), votes)) in assigned.iter().zip(row_cells) {
            self.customers.fold(customer, weight, assignment.map(|(item, _)| item));
            let Some((item, origin)) = *assignment else { continue };
            let entry = &mut self.totals[item as usize];
            entry.requests += 1;
            entry.linked_requests += u64::from(origin == Origin::Linked);
            entry.feedback_votes = entry.feedback_votes.saturating_add(votes.unwrap_or(0));
        }
        Ok(())
    }

    /// The partial of both folds' feedback (two shards of the feedback, folded apart). Both must
    /// come from the same [`DemandIndex`].
    pub fn merge(mut self, other: DemandPartial<'i>) -> DemandPartial<'i> {
        debug_assert!(std::ptr::eq(self.index, other.index), "partials of one index");
        self.feedback_rows += other.feedback_rows;
        self.outside_window_rows += other.outside_window_rows;
        self.undated_rows += other.undated_rows;
        for (key, count) in other.unknown_keys {
            *self.unknown_keys.entry(key).or_default() += count;
        }
        self.unmatched_rows += other.unmatched_rows;
        for (mine, theirs) in self.totals.iter_mut().zip(other.totals) {
            mine.requests += theirs.requests;
            mine.linked_requests += theirs.linked_requests;
            mine.feedback_votes = mine.feedback_votes.saturating_add(theirs.feedback_votes);
        }
        self.customers = self.customers.merge(other.customers);
        // Other's texts follow this partial's, so the numbers `seen` remembers stay right.
        self.matches = self.matches.merge(other.matches);
        self
    }

    /// The demand report of the folded feedback.
    pub fn finish(self) -> DemandReport {
        let DemandPartial {
            index: DemandIndex { backlog, settings, .. },
            feedback_rows,
            outside_window_rows,
            undated_rows,
            unknown_keys,
            unmatched_rows,
            totals,
            customers,
            matches,
            ..
        } = self;
        let mut warnings = backlog.warnings.clone();
        if undated_rows > 0 {
            warnings.push(format!(
                "{undated_rows} feedback rows have no created date and were left out of the window since the given date"
            ));
        }
        let unknown_key_rows: u64 = unknown_keys.values().sum();
        if unknown_key_rows > 0 {
            warnings.push(format!(
                "{unknown_key_rows} feedback rows are linked to keys that are not in the backlog ({}); they are not counted",
                examples(unknown_keys.keys().map(String::as_str))
            ));
        }
        let (customers, invalid_weights) = customers.finish(backlog.keys.len());
        if invalid_weights > 0 {
            warnings.push(format!(
                "{invalid_weights} feedback rows have a weight that is not a number ≥ 0 (NaN, infinite or negative); it was ignored"
            ));
        }
        let matches = matches.finish(|item| (backlog.keys[item], backlog.texts[item].0));
        let items = tally(backlog, totals, customers);
        DemandReport {
            linked_rows: items.iter().map(|item| item.linked_requests).sum(),
            items,
            matched_rows: matches.len() as u64,
            matches,
            feedback_rows,
            outside_window_rows,
            unknown_key_rows,
            unknown_keys,
            unmatched_rows,
            threshold: settings.threshold,
            warnings,
        }
    }
}

/// Per-item figures from the rows' totals and their customers.
fn tally(backlog: &Backlog, totals: Vec<Totals>, customers: Vec<ItemCustomers>) -> Vec<ItemDemand> {
    totals
        .into_par_iter()
        .zip(customers)
        .enumerate()
        .map(|(item, (totals, ItemCustomers { customers, reach }))| {
            let item_votes = backlog.votes[item].unwrap_or(0);
            let matched_requests = totals.requests - totals.linked_requests;
            ItemDemand {
                key: backlog.keys[item].to_owned(),
                requests: totals.requests,
                linked_requests: totals.linked_requests,
                matched_requests,
                matched_share: (totals.requests > 0)
                    .then(|| matched_requests as f64 / totals.requests as f64),
                customers,
                feedback_votes: totals.feedback_votes,
                item_votes,
                votes: totals.feedback_votes.saturating_add(item_votes),
                watchers: backlog.watchers[item],
                reach,
            }
        })
        .collect()
}
