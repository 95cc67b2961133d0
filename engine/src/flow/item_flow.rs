//! Each item's way through the workflow (started, done, category at `as_of`) from its status
//! history. The rules are in the module doc of [`crate::flow`].
//!
//! A history of millions of changes is walked without sorting or copying text:
//! - every key gets an integer id: the items' keys first (the first row of a repeated key wins,
//!   as the loaders keep the first of duplicated keys), then the keys only the history names
//!   ([`KeyIds`], built beside the history scan); each run of one key in the history is first
//!   tried as the item after the previous run's (exports list the history in the items' order)
//!   before it is looked up;
//! - the status changes by `as_of` are grouped by id with a counting sort, which keeps the
//!   table's order within an item, so a stable sort by time inside each (rarely needed: exports
//!   list an item's changes in time order) gives the order of a sort by key then time;
//! - each distinct status name is classified once ([`StatusNames`]);
//! - the items are walked in parallel, each into a small [`ItemFlow`] of numbers; keys, titles
//!   and statuses stay in the views and are read only for the items a report lists.
//!
//! The result does not depend on the number of threads: every item's flow is computed from its
//! own changes alone, and the set of unmapped status names is the same whichever task met them.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use polars::prelude::*;
use rayon::prelude::*;

use super::key_ids::KeyIds;
use super::{StatusClassifier, unmapped_warning};
use crate::model::StatusCategory;
use crate::model::dates::days;
use crate::model::row_tasks::{ROWS_PER_TASK, row_tasks};
use crate::model::status::{StatusRules, parse_category};
use crate::model::text::prefix::text_prefix;
use crate::model::view::{History, Items};

/// A history row that is no status change by `as_of`, or lacks a key or a time.
const SKIPPED: IdxSize = IdxSize::MAX;
/// A status change of a key the items table does not have (given an id after the first pass).
const UNKNOWN_KEY: IdxSize = IdxSize::MAX - 1;

/// One item's flow as of the analysis date.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct ItemFlow {
    /// When the item was created, from the items table.
    pub created: Option<i64>,
    /// The category at `as_of`; `None` when no rule maps the status.
    pub category: Option<StatusCategory>,
    /// The first entry into an in-progress status.
    pub started: Option<i64>,
    /// The final entry into done, when the item is done at `as_of`.
    pub done_at: Option<i64>,
    /// Whether any status change of the item is known.
    pub has_status_history: bool,
    /// The item's row in the items table, if it has one.
    item_row: Option<IdxSize>,
    /// The history row of its last status change by `as_of`, if it has any.
    last_change: Option<IdxSize>,
}

impl ItemFlow {
    /// In a done category at `as_of`.
    pub fn is_done(&self) -> bool {
        self.category == Some(StatusCategory::Done)
    }

    /// Done with a status history that never entered in progress.
    pub fn done_without_progress(&self) -> bool {
        self.is_done() && self.has_status_history && self.cycle_time_days().is_none()
    }

    /// Done with no status change known.
    pub fn done_without_history(&self) -> bool {
        self.is_done() && !self.has_status_history
    }

    /// Done − started, in days.
    pub fn cycle_time_days(&self) -> Option<f64> {
        match (self.is_done() && self.has_status_history, self.started, self.done_at) {
            (true, Some(started), Some(done)) if started <= done => Some(days(done - started)),
            _ => None,
        }
    }

    /// Done − created, in days (negative when the data has them the wrong way round).
    pub fn lead_time_days(&self) -> Option<f64> {
        match (self.is_done(), self.created, self.done_at) {
            (true, Some(created), Some(done)) => Some(days(done - created)),
            _ => None,
        }
    }

    /// When the item was finished, if it is done.
    pub fn finished_at(&self) -> Option<i64> {
        if self.is_done() { self.done_at } else { None }
    }
}

/// Status names, each classified once ([`StatusClassifier`]), and the names no rule maps among
/// those the analysis looked up.
struct StatusNames<'c> {
    classifier: &'c StatusClassifier<'c>,
    known: KnownNames,
    /// Unmapped names met outside the first pass (a first change's `from`, an item's status).
    unmapped: Mutex<BTreeSet<String>>,
}

impl StatusNames<'_> {
    /// The category of a name, remembering it when no rule maps it.
    fn category(&self, name: &str) -> Option<StatusCategory> {
        if let Some(known) = self.known.get(name) {
            // Every name in `known` was met as a change's target: if unmapped, it is already
            // in the warning.
            return *known;
        }
        let category = self.classifier.classify(name);
        if category.is_none() && !name.trim().is_empty() {
            // Unmapped names are few; the lock is taken only for them.
            if let Ok(mut unmapped) = self.unmapped.lock() {
                unmapped.insert(name.to_owned());
            }
        }
        category
    }
}

/// A category as one byte, for the per-row codes of the first pass.
fn category_code(category: Option<StatusCategory>) -> u8 {
    match category {
        None => 0,
        Some(StatusCategory::Todo) => 1,
        Some(StatusCategory::InProgress) => 2,
        Some(StatusCategory::Done) => 3,
    }
}

fn category_of_code(code: u8) -> Option<StatusCategory> {
    match code {
        1 => Some(StatusCategory::Todo),
        2 => Some(StatusCategory::InProgress),
        3 => Some(StatusCategory::Done),
        _ => None,
    }
}

/// Every item's flow as of `as_of`: the items of the items table (those created by `as_of`)
/// and any other key the status history names.
pub(crate) struct Flows<'v> {
    /// One entry per id; `None` for an item created after `as_of` with no status change by then.
    /// Shared with the report's item lists.
    flows: Arc<Vec<Option<ItemFlow>>>,
    /// The views the flows were computed from; the lists read their texts from them.
    items: &'v Items<'v>,
    history: &'v History<'v>,
}

/// The text of `row` of a column of a view.
fn text_at<'a>(column: &[Option<&'a str>], row: IdxSize) -> Option<&'a str> {
    column.get(row as usize).copied().flatten()
}

/// The time of `row` of a timestamp column of a view.
fn time_at(column: &[Option<i64>], row: IdxSize) -> Option<i64> {
    column.get(row as usize).copied().flatten()
}

impl<'v> Flows<'v> {
    /// Computes the flows; warnings about unmapped statuses go to `warnings`.
    pub(crate) fn new(
        items: &'v Items<'v>,
        history: &'v History<'v>,
        status_rules: &StatusRules,
        as_of: i64,
        warnings: &mut Vec<String>,
    ) -> Self {
        let classifier = StatusClassifier::new(items, status_rules);

        // The items' key ids and the history scan need nothing of each other.
        let (mut ids, scan) =
            rayon::join(|| KeyIds::of_items(&items.key), || scan_history(history, &classifier, as_of));
        let (mut row_ids, to_codes, known) = scan.row_ids(&ids);
        name_unknown_keys(history, &mut row_ids, &mut ids);
        let groups = Groups::of(&row_ids, ids.len());
        drop(row_ids);
        let item_rows = ids.into_item_rows();

        let mut unmapped: BTreeSet<String> = known
            .iter()
            .filter(|(name, category)| category.is_none() && !name.trim().is_empty())
            .map(|(name, _)| name.clone())
            .collect();
        let names = StatusNames { classifier: &classifier, known, unmapped: Mutex::new(BTreeSet::new()) };
        let walker = Walker { items, history, names: &names, to_codes: &to_codes, as_of };
        let flows: Vec<Option<ItemFlow>> = item_rows
            .par_iter()
            .enumerate()
            .map_init(LastName::default, |last, (id, item_row)| walker.flow(*item_row, groups.rows(id), last))
            .collect();
        unmapped.extend(names.unmapped.into_inner().unwrap_or_default());
        warnings.extend(unmapped_warning(&unmapped));
        Flows { flows: Arc::new(flows), items, history }
    }

    /// The item's key.
    pub(crate) fn key_of(&self, flow: &ItemFlow) -> &'v str {
        let from_items = flow.item_row.and_then(|row| text_at(&self.items.key, row));
        let from_history = || flow.last_change.and_then(|row| text_at(&self.history.key, row));
        from_items.or_else(from_history).unwrap_or_default()
    }

    /// The item's title.
    pub(crate) fn title_of(&self, flow: &ItemFlow) -> Option<&'v str> {
        flow.item_row.and_then(|row| text_at(&self.items.title, row))
    }

    /// The status at `as_of`: the last status change's target, else the item's status.
    pub(crate) fn status_of(&self, flow: &ItemFlow) -> Option<&'v str> {
        match flow.last_change {
            Some(row) => text_at(&self.history.to, row),
            None => flow.item_row.and_then(|row| text_at(&self.items.status, row)),
        }
    }

    /// The flows, in no particular order (outputs sort with their own tie-breakers).
    pub(crate) fn iter(&self) -> impl Iterator<Item = &ItemFlow> {
        self.flows.iter().flatten()
    }

    /// The flows, in parallel tasks of many flows each (for folds that keep a map per task), in
    /// no particular order.
    pub(crate) fn par_iter(&self) -> impl ParallelIterator<Item = &ItemFlow> {
        self.flows.par_iter().with_min_len(1 << 16).filter_map(Option::as_ref)
    }

    /// The ids of the flows that `keep` selects, in id order.
    pub(crate) fn ids_where(&self, keep: impl Fn(&ItemFlow) -> bool + Sync + Send) -> Vec<IdxSize> {
        self.flows
            .par_iter()
            .enumerate()
            .filter_map(|(id, flow)| flow.as_ref().filter(|flow| keep(flow)).map(|_| id as IdxSize))
            .collect()
    }

    /// The ids of the flows that `keep` selects, by `time` (unknown last) then key. Keys are
    /// unique, so the order is total and one result whatever the sort's schedule. The sort
    /// compares the keys' first 16 bytes as a number and reads the keys only to settle a tie
    /// of those.
    pub(crate) fn ids_by_time_then_key(
        &self,
        keep: impl Fn(&ItemFlow) -> bool + Sync + Send,
        time: impl Fn(&ItemFlow) -> Option<i64> + Sync + Send,
    ) -> Vec<IdxSize> {
        let mut sorted: Vec<(bool, i64, u128, IdxSize)> = self
            .flows
            .par_iter()
            .enumerate()
            .filter_map(|(id, flow)| {
                let flow = flow.as_ref().filter(|flow| keep(flow))?;
                let time = time(flow);
                Some((
                    time.is_none(),
                    time.unwrap_or_default(),
                    text_prefix(self.key(id as IdxSize)),
                    id as IdxSize,
                ))
            })
            .collect();
        sorted.par_sort_unstable_by(|a, b| {
            (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)).then_with(|| self.key(a.3).cmp(self.key(b.3)))
        });
        sorted.into_par_iter().map(|(.., id)| id).collect()
    }

    /// The key of the flow `id`.
    fn key(&self, id: IdxSize) -> &str {
        self.flows[id as usize].as_ref().map(|flow| self.key_of(flow)).unwrap_or_default()
    }

    /// Every flow, by id, shared (the item lists of the report keep it).
    pub(crate) fn shared(&self) -> Arc<Vec<Option<ItemFlow>>> {
        Arc::clone(&self.flows)
    }
}

/// The category of each status name met (`None`: no rule maps it).
type KnownNames = PlHashMap<String, Option<StatusCategory>>;

/// The history read once, in parallel tasks of [`ROWS_PER_TASK`] rows: the runs of one key in
/// each task (an item's changes are usually adjacent, so each run's key is looked up once,
/// afterwards: [`HistoryScan::row_ids`]), the category code of each row's target status, and
/// the category of every target name met. It needs no item ids, so it runs beside
/// [`KeyIds::of_items`].
struct HistoryScan<'h> {
    /// Each row's run within its task; [`SKIPPED`] for rows that are no status change by
    /// `as_of`, or lack a key or a time.
    row_runs: Vec<IdxSize>,
    to_codes: Vec<u8>,
    /// Each task's run keys.
    run_keys: Vec<Vec<&'h str>>,
    known: KnownNames,
}

fn scan_history<'h>(history: &History<'h>, classifier: &StatusClassifier<'_>, as_of: i64) -> HistoryScan<'h> {
    let height = history.len();
    let mut row_runs = vec![SKIPPED; height];
    let mut to_codes = vec![0u8; height];
    let tasks: Vec<(Vec<&str>, KnownNames)> = row_runs
        .par_chunks_mut(ROWS_PER_TASK)
        .zip(to_codes.par_chunks_mut(ROWS_PER_TASK))
        .zip(row_tasks(height))
        .map(|((row_runs, to_codes), rows)| {
            let start = rows.start;
            let mut known = KnownNames::default();
            let mut run_keys: Vec<&str> = Vec::new();
            let cells = history.key[rows.clone()]
                .iter()
                .zip(&history.field[rows.clone()])
                .zip(&history.to[rows])
                .map(|((key, field), to)| (*key, *field, *to));
            for (offset, (key, field, to)) in cells.enumerate() {
                let (Some(key), Some("status")) = (key, field) else { continue };
                if history.at(start + offset).is_none_or(|at| at > as_of) {
                    continue;
                }
                if run_keys.last() != Some(&key) {
                    run_keys.push(key);
                }
                row_runs[offset] = (run_keys.len() - 1) as IdxSize;
                let category = to.and_then(|to| match known.get(to) {
                    Some(category) => *category,
                    None => *known.entry(to.to_owned()).or_insert_with(|| classifier.classify(to)),
                });
                to_codes[offset] = category_code(category);
            }
            (run_keys, known)
        })
        .collect();
    let mut known = PlHashMap::default();
    let mut run_keys = Vec::with_capacity(tasks.len());
    for (task_runs, task_known) in tasks {
        run_keys.push(task_runs);
        known.extend(task_known);
    }
    HistoryScan { row_runs, to_codes, run_keys, known }
}

impl HistoryScan<'_> {
    /// Each row's item id ([`SKIPPED`] as scanned, [`UNKNOWN_KEY`] for keys the items table
    /// lacks), the rows' category codes and the categories of the names met.
    ///
    /// Exports usually list the history in the items' order, so each run's key is first tried
    /// as the item after the previous run's: a comparison of two keys read in order instead of a
    /// lookup in a table larger than the caches.
    fn row_ids(self, ids: &KeyIds<'_>) -> (Vec<IdxSize>, Vec<u8>, KnownNames) {
        let HistoryScan { mut row_runs, to_codes, run_keys, known } = self;
        row_runs.par_chunks_mut(ROWS_PER_TASK).zip(run_keys).for_each(|(row_runs, run_keys)| {
            let mut previous: Option<IdxSize> = None;
            let run_ids: Vec<IdxSize> = run_keys
                .iter()
                .map(|key| {
                    let next = previous.map(|id| id + 1).filter(|next| ids.item_key(*next) == Some(key));
                    previous = next.or_else(|| ids.get(key));
                    previous.unwrap_or(UNKNOWN_KEY)
                })
                .collect();
            for id in row_runs.iter_mut().filter(|id| **id != SKIPPED) {
                *id = run_ids.get(*id as usize).copied().unwrap_or(UNKNOWN_KEY);
            }
        });
        (row_runs, to_codes, known)
    }
}

/// Gives each key the items table lacks an id of its own (rare: history of deleted items).
fn name_unknown_keys<'a>(history: &History<'a>, row_ids: &mut [IdxSize], ids: &mut KeyIds<'a>) {
    for (row, id) in row_ids.iter_mut().enumerate().filter(|(_, id)| **id == UNKNOWN_KEY) {
        let key = text_at(&history.key, row as IdxSize).unwrap_or_default();
        *id = ids.id_of_history_key(key);
    }
}

/// The status changes grouped by item id, each group in table order (a counting sort).
struct Groups {
    /// Where each id's rows start in `rows`; one more entry than ids.
    starts: Vec<IdxSize>,
    rows: Vec<IdxSize>,
}

impl Groups {
    fn of(row_ids: &[IdxSize], id_count: usize) -> Groups {
        let mut starts = vec![0 as IdxSize; id_count + 1];
        for &id in row_ids.iter().filter(|id| **id != SKIPPED) {
            starts[id as usize + 1] += 1;
        }
        for index in 1..starts.len() {
            starts[index] += starts[index - 1];
        }
        let mut next = starts.clone();
        let mut rows = vec![0 as IdxSize; starts[id_count] as usize];
        for (row, &id) in row_ids.iter().enumerate().filter(|(_, id)| **id != SKIPPED) {
            let slot = &mut next[id as usize];
            rows[*slot as usize] = row as IdxSize;
            *slot += 1;
        }
        Groups { starts, rows }
    }

    fn rows(&self, id: usize) -> &[IdxSize] {
        &self.rows[self.starts[id] as usize..self.starts[id + 1] as usize]
    }
}

/// Computes one item's flow from its rows.
struct Walker<'w> {
    items: &'w Items<'w>,
    history: &'w History<'w>,
    names: &'w StatusNames<'w>,
    to_codes: &'w [u8],
    as_of: i64,
}

/// The last status name a parallel task classified: most items' first change leaves the same
/// status (the workflow's first), so a comparison usually replaces a lookup.
#[derive(Default)]
struct LastName<'w> {
    name: &'w str,
    category: Option<StatusCategory>,
}

impl<'w> Walker<'w> {
    fn flow(
        &self,
        item_row: Option<IdxSize>,
        changes: &[IdxSize],
        last: &mut LastName<'w>,
    ) -> Option<ItemFlow> {
        if changes.is_empty() {
            return item_row.and_then(|row| self.without_history(row));
        }
        let in_time_order = changes.windows(2).all(|pair| self.at(pair[0]) <= self.at(pair[1]));
        if in_time_order {
            Some(self.walk(item_row, changes, last))
        } else {
            // Stable: changes at the same instant keep the table's order.
            let mut sorted = changes.to_vec();
            sorted.sort_by_key(|row| self.at(*row));
            Some(self.walk(item_row, &sorted, last))
        }
    }

    /// The time of a history row known to have one.
    fn at(&self, row: IdxSize) -> i64 {
        time_at(&self.history.at, row).unwrap_or_default()
    }

    /// The flow of an item from its status changes (at least one, in time order).
    fn walk(&self, item_row: Option<IdxSize>, changes: &[IdxSize], last: &mut LastName<'w>) -> ItemFlow {
        let created = item_row.and_then(|row| time_at(&self.items.created, row));
        let mut flow = ItemFlow {
            created,
            has_status_history: true,
            item_row,
            last_change: changes.last().copied(),
            ..ItemFlow::default()
        };
        let first_from = changes.first().and_then(|row| text_at(&self.history.from, *row));
        let initial = first_from.and_then(|from| {
            if from != last.name || last.name.is_empty() {
                *last = LastName { name: from, category: self.names.category(from) };
            }
            last.category
        });
        if initial == Some(StatusCategory::InProgress) {
            // Created straight into an in-progress status: it started when it was created.
            flow.started = created;
        }
        let mut category = initial;
        let mut done_entry = None;
        for &row in changes {
            let Some(target) = self.to_codes.get(row as usize).and_then(|code| category_of_code(*code))
            else {
                continue;
            };
            let at = self.at(row);
            if target == StatusCategory::InProgress && flow.started.is_none() {
                flow.started = Some(at);
            }
            if target == StatusCategory::Done && category != Some(StatusCategory::Done) {
                done_entry = Some(at);
            }
            category = Some(target);
        }
        flow.category = category;
        if category == Some(StatusCategory::Done) {
            // Done since before the history starts: only `resolved` can say when.
            flow.done_at = done_entry.or_else(|| item_row.and_then(|row| time_at(&self.items.resolved, row)));
        }
        flow
    }

    /// The flow of an item without status history: its current status, if it held at `as_of`;
    /// `None` for an item created after `as_of`.
    fn without_history(&self, row: IdxSize) -> Option<ItemFlow> {
        let created = time_at(&self.items.created, row);
        if created.is_some_and(|created| created > self.as_of) {
            return None;
        }
        let resolved = time_at(&self.items.resolved, row);
        let category = text_at(&self.items.status_category, row)
            .and_then(parse_category)
            .or_else(|| text_at(&self.items.status, row).and_then(|status| self.names.category(status)));
        // Resolved after `as_of`: the item was not done then, and what it was is unknown.
        let resolved_later = resolved.is_some_and(|resolved| resolved > self.as_of);
        let category = if category == Some(StatusCategory::Done) && resolved_later { None } else { category };
        Some(ItemFlow {
            created,
            category,
            started: None,
            done_at: if category == Some(StatusCategory::Done) { resolved } else { None },
            has_status_history: false,
            item_row: Some(row),
            last_change: None,
        })
    }
}
