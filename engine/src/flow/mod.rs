//! Flow metrics from status history: throughput per ISO week, cycle time and lead time with
//! nearest-rank percentiles, and the age of the work in progress (`refine velocity` for flow
//! teams; design.md, "Delivery").
//!
//! Formulas:
//! - **Status categories.** The history table names statuses; each name is mapped to todo /
//!   in_progress / done by [`StatusRules`]: `refine.toml`'s `[status]` first, then
//!   the category the items' own `status` / `status_category` pairs give that name (how a Jira
//!   export teaches refine the instance's workflow; when items disagree, the most common pair
//!   wins, ties to the earlier category), then the common status names. A status no rule maps
//!   does not change the item's category (a warning names it).
//! - **Started** = the first entry into an in-progress status. A move back to to-do after
//!   starting does not reset it: the first start is kept, so a cycle time includes the time the
//!   item waited after being put back (work was started and the item was not finished; resetting
//!   would hide that). When the first change's `from` status is already in progress, the item
//!   was created in progress and started at `created`.
//! - **Done** = the final entry into a done status (from a status that is not done), when the
//!   item is done at `as_of`; a reopened and re-closed item is done at the last closing.
//! - **Cycle time** = done − started, in days (86,400,000 ms). Items done without ever having
//!   been in progress (closed straight from to-do: won't do, duplicates, and in real Jira data
//!   most finished items) have no cycle time: they are counted and listed apart, never as
//!   0 days. Items done with no status history at all are counted apart too.
//! - **Lead time** = done − `created`, in days, for every finished item with both (a done time
//!   before `created`, a data error, is left out and counted in a warning).
//! - **Percentiles** (default 50/70/85/95) by nearest rank: the value at rank ⌈p/100 · n⌉ of
//!   the sorted sample ([`crate::model::stats`]).
//! - **Throughput** = items entering done per ISO week (Monday 00:00 UTC to Sunday), every
//!   week from the first week with a finished item to the week of `as_of`, weeks with nothing
//!   finished included as 0. An item done without status history counts at its `resolved`.
//! - **Aging work in progress** = items in progress at `as_of`, age = `as_of` − started in days.
//!
//! Everything is as of `as_of` (UTC ms): later history is ignored. Empty input gives empty
//! lists, `count` 0 and `None` for every figure; one item gives its own value for every
//! percentile; equal values give equal percentiles; NaN cannot occur (timestamps are integers).

mod aging;
mod cumulative;
mod cycle_time;
mod item_flow;
mod item_list;
mod key_ids;
mod pair_counts;
mod throughput;
pub use cumulative::{CumulativeFlow, CumulativeFlowDay, cumulative_flow};

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::PlHashMap;
use serde::{Deserialize, Serialize};

use crate::model::StatusCategory;
use crate::model::status::{StatusRules, parse_category};
use crate::model::view::{FrameError, History, Items};

pub use aging::{AgingItem, AgingItems};
pub use cycle_time::{DurationSummary, FinishPath, FinishedItem, FinishedItems, PercentileValue};
pub use throughput::ThroughputWeek;

use item_flow::Flows;

/// Settings of the flow analysis (`[flow]` in refine.toml).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FlowSettings {
    /// The percentiles of cycle and lead time to report, each 0–100.
    pub percentiles: Vec<f64>,
    /// Fewer weeks of throughput than this gives a warning.
    pub min_weeks: usize,
}

impl Default for FlowSettings {
    fn default() -> Self {
        FlowSettings { percentiles: vec![50.0, 70.0, 85.0, 95.0], min_weeks: 5 }
    }
}

impl FlowSettings {
    /// Checks the settings: every percentile within 0–100.
    pub fn validate(&self) -> Result<(), FlowError> {
        match self.percentiles.iter().find(|percent| !(0.0..=100.0).contains(*percent)) {
            Some(bad) => Err(FlowError::BadPercentile(*bad)),
            None => Ok(()),
        }
    }
}

/// What can stop the flow analysis.
#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    /// A canonical frame lacks a column or has the wrong type (a caller bug: load frames through
    /// `load`, which conforms them).
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// A percentile outside 0–100 in the settings.
    #[error("percentiles: {0} is outside 0-100; use values like 50, 85, 95")]
    BadPercentile(f64),
}

/// The flow report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowReport {
    /// The as-of instant, ISO 8601.
    pub as_of: String,
    /// How percentiles are computed.
    pub percentile_method: &'static str,
    /// Finished items per ISO week, oldest first.
    pub throughput: Vec<ThroughputWeek>,
    /// Cycle time (started → done) of the items that were in progress before done.
    pub cycle_time: DurationSummary,
    /// Lead time (created → done) of every finished item with a created date.
    pub lead_time: DurationSummary,
    /// Every finished item, in the items table's order (keys only the history names last).
    pub finished: FinishedItems,
    /// Items that reached done without ever being in progress (no cycle time).
    pub done_without_progress: usize,
    /// Items done with no status history (no cycle time; lead time from `resolved`).
    pub done_without_history: usize,
    /// Work in progress at `as_of`, oldest first.
    pub aging: AgingItems,
    /// What the user should know: short history, unmapped statuses, data errors.
    pub warnings: Vec<String>,
}

/// Runs the flow analysis over the items and history tables, as of `as_of` (UTC ms).
pub fn flow(
    items: &Items<'_>,
    history: &History<'_>,
    status_rules: &StatusRules,
    as_of: i64,
    settings: &FlowSettings,
) -> Result<FlowReport, FlowError> {
    settings.validate()?;
    let mut warnings = Vec::new();
    let flows = Flows::new(items, history, status_rules, as_of, &mut warnings);
    let finished = cycle_time::finished_items(&flows);
    let durations = cycle_time::FinishedDurations::of(finished.flows());
    if durations.negative_leads > 0 {
        warnings.push(format!(
            "{} finished items are done before they were created; their lead time is left out",
            durations.negative_leads
        ));
    }
    let throughput = throughput::weekly(&flows, as_of, &mut warnings);
    if throughput.len() < settings.min_weeks {
        warnings.push(format!(
            "only {} weeks of throughput (fewer than {}): rates and forecasts from it are unreliable",
            throughput.len(),
            settings.min_weeks
        ));
    }
    let aging = aging::aging(&flows, as_of);
    let unknown_age = aging.unknown_ages();
    if unknown_age > 0 {
        warnings.push(format!(
            "{unknown_age} items in progress have no start in their history; their age is unknown"
        ));
    }
    let (cycle_time, lead_time) = rayon::join(
        || DurationSummary::of(&durations.cycle_times, &settings.percentiles),
        || DurationSummary::of(&durations.lead_times, &settings.percentiles),
    );
    Ok(FlowReport {
        as_of: crate::model::dates::iso(as_of).unwrap_or_default(),
        percentile_method: "nearest_rank",
        throughput,
        cycle_time,
        lead_time,
        finished,
        done_without_progress: durations.without_progress,
        done_without_history: durations.without_history,
        aging,
        warnings,
    })
}

/// Maps status names to categories: `refine.toml`, then what the items teach, then common names.
pub(crate) struct StatusClassifier<'a> {
    status_rules: &'a StatusRules,
    learned: PlHashMap<String, StatusCategory>,
}

impl<'a> StatusClassifier<'a> {
    /// Learns the instance's status names from the items' `status` / `status_category` pairs.
    pub(crate) fn new(items: &Items<'_>, status_rules: &'a StatusRules) -> Self {
        let mut counts: BTreeMap<(String, StatusCategory), u64> = BTreeMap::new();
        for ((status, category), count) in pair_counts::pair_counts(&items.status, &items.status_category) {
            if let Some(category) = parse_category(&category) {
                *counts.entry((normalise(&status), category)).or_default() += count;
            }
        }
        // Most common category per name; BTreeMap order makes ties go to the earlier category.
        let mut best: BTreeMap<String, (u64, StatusCategory)> = BTreeMap::new();
        for ((status, category), count) in counts {
            let entry = best.entry(status).or_insert((0, category));
            if count > entry.0 {
                *entry = (count, category);
            }
        }
        let learned = best.into_iter().map(|(status, (_, category))| (status, category)).collect();
        StatusClassifier { status_rules, learned }
    }

    /// The category of a status name; `None` when no rule maps it.
    pub(crate) fn classify(&self, status: &str) -> Option<StatusCategory> {
        let learned = self.learned.get(&normalise(status)).map(|category| jira_key(*category));
        self.status_rules.category(status, learned)
    }
}

/// A classifier that remembers each name's category and the names no rule maps, for a
/// sequential walk that warns about them once ([`unmapped_warning`]).
pub(crate) struct RecordingClassifier<'a> {
    classifier: StatusClassifier<'a>,
    cache: PlHashMap<String, Option<StatusCategory>>,
    unmapped: BTreeSet<String>,
}

impl<'a> RecordingClassifier<'a> {
    pub(crate) fn new(classifier: StatusClassifier<'a>) -> Self {
        RecordingClassifier { classifier, cache: PlHashMap::default(), unmapped: BTreeSet::new() }
    }

    /// The category of a status name; `None` (and remembered) when no rule maps it.
    pub(crate) fn category(&mut self, status: &str) -> Option<StatusCategory> {
        if let Some(known) = self.cache.get(status) {
            return *known;
        }
        let category = self.classifier.classify(status);
        if category.is_none() && !status.trim().is_empty() {
            self.unmapped.insert(status.to_owned());
        }
        self.cache.insert(status.to_owned(), category);
        category
    }

    /// The warning naming the statuses no rule mapped, if any.
    pub(crate) fn unmapped_warning(&self) -> Option<String> {
        unmapped_warning(&self.unmapped)
    }
}

/// A warning naming `unmapped` statuses, if any.
pub(crate) fn unmapped_warning(unmapped: &BTreeSet<String>) -> Option<String> {
    (!unmapped.is_empty()).then(|| {
        let names: Vec<&str> = unmapped.iter().map(String::as_str).collect();
        format!("statuses with no category (add them to [status] in refine.toml): {}", names.join(", "))
    })
}

fn normalise(status: &str) -> String {
    status.trim().to_lowercase()
}

/// The Jira statusCategory key of a category, the form [`StatusRules::category`] takes.
fn jira_key(category: StatusCategory) -> &'static str {
    match category {
        StatusCategory::Todo => "new",
        StatusCategory::InProgress => "indeterminate",
        StatusCategory::Done => "done",
    }
}

/// When each item was finished as of `as_of` (the final entry into done, else `resolved`;
/// `None`: not done then), by key: the items of the items table and any other key the status
/// history names. Unmapped statuses are named in `warnings`.
pub fn finish_times<'v>(
    items: &'v Items<'v>,
    history: &'v History<'v>,
    status_rules: &StatusRules,
    as_of: i64,
    warnings: &mut Vec<String>,
) -> BTreeMap<&'v str, Option<i64>> {
    let flows = Flows::new(items, history, status_rules, as_of, warnings);
    flows.iter().map(|flow| (flows.key_of(flow), flow.finished_at())).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use polars::prelude::DataFrame;
    use proptest::prelude::*;

    use super::*;
    use crate::model::dates::DAY_MS;
    use crate::model::test_frame::{TestRow, frame};
    use crate::model::test_values::{close, history_frame as history, ms};
    use crate::model::{Table, items};

    fn item(key: &str, status: &str, category: &str) -> TestRow {
        TestRow::new()
            .text(items::KEY, key)
            .text(items::STATUS, status)
            .text(items::STATUS_CATEGORY, category)
            .time(items::CREATED, "2024-01-01T00:00:00Z")
    }

    fn items(rows: &[TestRow]) -> DataFrame {
        frame(Table::Items, rows)
    }

    fn flow_of(
        items_frame: &DataFrame,
        history_frame: &DataFrame,
        status_rules: &StatusRules,
        as_of: i64,
        settings: &FlowSettings,
    ) -> Result<FlowReport, FlowError> {
        let (items, history) = (Items::decode(items_frame)?, History::decode(history_frame)?);
        flow(&items, &history, status_rules, as_of, settings)
    }

    fn run(items_frame: &DataFrame, history_frame: &DataFrame, as_of: &str) -> FlowReport {
        flow_of(items_frame, history_frame, &StatusRules::default(), ms(as_of), &FlowSettings::default())
            .unwrap()
    }

    fn finished<'a>(report: &'a FlowReport, key: &str) -> FinishedItem<'a> {
        report.finished.iter().find(|item| item.key == key).unwrap()
    }

    #[test]
    fn cycle_time_keeps_the_first_start_and_reports_done_without_progress_apart() {
        let items_frame = items(&[
            item("A", "Done", "done"),
            item("B", "Won't Do", "done"),
            item("C", "Closed", "done"),
            item("D", "In Progress", "in_progress"),
            item("E", "Done", "done"),
            item("F", "Done", "done").time(items::RESOLVED, "2024-01-11T00:00:00Z"),
            // "Pending Deploy" is no common name: the items teach that it is in progress.
            item("G", "Pending Deploy", "in_progress"),
            item("H", "Shipped", "done"),
        ]);
        let history_frame = history(&[
            // A: started 01-02, back to To Do 01-04, again 01-08, done 01-10: 8 days (first start).
            ("A", "2024-01-02T00:00:00Z", "status", "To Do", "In Progress"),
            ("A", "2024-01-04T00:00:00Z", "status", "In Progress", "To Do"),
            ("A", "2024-01-08T00:00:00Z", "status", "To Do", "In Progress"),
            ("A", "2024-01-10T00:00:00Z", "status", "In Progress", "Done"),
            // B: closed straight from To Do: no cycle time; lead time 2 days.
            ("B", "2024-01-03T00:00:00Z", "status", "To Do", "Won't Do"),
            // C: done 01-06, reopened, closed again 01-09: 01-09 − 01-05 = 4 days.
            ("C", "2024-01-05T00:00:00Z", "status", "Open", "In Progress"),
            ("C", "2024-01-06T00:00:00Z", "status", "In Progress", "Resolved"),
            ("C", "2024-01-07T00:00:00Z", "status", "Resolved", "Reopened"),
            ("C", "2024-01-09T00:00:00Z", "status", "Reopened", "Closed"),
            // D: in progress since 01-05 12:00: 9.5 days old on 01-15.
            ("D", "2024-01-05T12:00:00Z", "status", "To Do", "In Progress"),
            ("D", "2024-01-06T00:00:00Z", "field", "x", "y"),
            // E: done after as_of, so in progress at as_of since 01-06: 9 days old.
            ("E", "2024-01-06T00:00:00Z", "status", "To Do", "In Progress"),
            ("E", "2024-01-20T00:00:00Z", "status", "In Progress", "Done"),
            // H: through the learned status: 01-03 − 01-02 = 1 day; Parked is unmapped.
            ("H", "2024-01-01T12:00:00Z", "status", "To Do", "Parked"),
            ("H", "2024-01-02T00:00:00Z", "status", "Parked", "Pending Deploy"),
            ("H", "2024-01-03T00:00:00Z", "status", "Pending Deploy", "Shipped"),
        ]);
        let report = run(&items_frame, &history_frame, "2024-01-15T00:00:00Z");

        close(finished(&report, "A").cycle_time_days, 8.0);
        close(finished(&report, "A").lead_time_days, 9.0);
        assert_eq!(finished(&report, "B").path, FinishPath::WithoutProgress);
        assert_eq!(finished(&report, "B").cycle_time_days, None);
        close(finished(&report, "B").lead_time_days, 2.0);
        close(finished(&report, "C").cycle_time_days, 4.0);
        close(finished(&report, "H").cycle_time_days, 1.0);
        assert_eq!(finished(&report, "F").path, FinishPath::WithoutHistory);
        close(finished(&report, "F").lead_time_days, 10.0);
        assert_eq!((report.done_without_progress, report.done_without_history), (1, 1));
        assert_eq!(report.finished.len(), 5, "A B C F H; E is done only after as_of");

        // Cycle times sorted 1, 4, 8: p50 rank ⌈1.5⌉ = 2 → 4; p70 ⌈2.1⌉ = 3 → 8; mean 13/3.
        assert_eq!(report.cycle_time.count, 3);
        close(report.cycle_time.percentile(50.0), 4.0);
        close(report.cycle_time.percentile(70.0), 8.0);
        close(report.cycle_time.percentile(95.0), 8.0);
        close(report.cycle_time.mean_days, 13.0 / 3.0);
        close(report.cycle_time.median_days, 4.0);
        // Lead times A 9, B 2, C 8, F 10, H 2 → sorted 2 2 8 9 10: p50 rank 3 → 8, p85 rank 5 → 10.
        assert_eq!(report.lead_time.count, 5);
        close(report.lead_time.percentile(50.0), 8.0);
        close(report.lead_time.percentile(85.0), 10.0);

        let aging: Vec<(&str, Option<f64>)> =
            report.aging.iter().map(|item| (item.key, item.age_days)).collect();
        assert_eq!(aging, [("D", Some(9.5)), ("E", Some(9.0)), ("G", None)]);
        assert!(report.warnings.iter().any(|warning| warning.contains("Parked")), "{:?}", report.warnings);
    }

    #[test]
    fn iso_weeks_cross_the_year_boundary_and_empty_weeks_count_zero() {
        let items_frame =
            items(&[item("A", "Done", "done"), item("B", "Done", "done"), item("C", "Done", "done")]);
        let history_frame = history(&[
            // Fri 2024-12-27 and Sun 2024-12-29: ISO 2024-W52 (Monday 12-23).
            ("A", "2024-12-20T00:00:00Z", "status", "To Do", "In Progress"),
            ("A", "2024-12-27T10:00:00Z", "status", "In Progress", "Done"),
            ("B", "2024-12-29T23:59:00Z", "status", "To Do", "Done"),
            // Mon 2024-12-30 … Sun 2025-01-05 is ISO 2025-W01: nothing. Wed 2025-01-08: W02.
            ("C", "2025-01-08T00:00:00Z", "status", "To Do", "Done"),
        ]);
        let report = run(&items_frame, &history_frame, "2025-01-14T00:00:00Z");
        let weeks: Vec<(&str, String, usize, usize)> = report
            .throughput
            .iter()
            .map(|week| (week.week.as_str(), week.week_start.to_string(), week.items, week.worked_items))
            .collect();
        assert_eq!(
            weeks,
            [
                ("2024-W52", "2024-12-23".to_owned(), 2, 1),
                ("2025-W01", "2024-12-30".to_owned(), 0, 0),
                ("2025-W02", "2025-01-06".to_owned(), 1, 0),
                ("2025-W03", "2025-01-13".to_owned(), 0, 0),
            ]
        );
        assert!(report.warnings.iter().any(|warning| warning.contains("only 4 weeks")));
    }

    #[test]
    fn a_date_in_year_9999_stays_out_of_a_throughput_of_a_century_of_weeks() {
        // The loaders leave such dates out; this is the guard for one that arrives as --as-of.
        let items_frame = items(&[item("A", "Done", "done"), item("B", "Done", "done")]);
        let history_frame = history(&[
            ("A", "0001-01-03T00:00:00Z", "status", "To Do", "Done"),
            ("B", "2024-01-03T00:00:00Z", "status", "To Do", "Done"),
        ]);
        let report = run(&items_frame, &history_frame, "9999-12-31T00:00:00Z");
        assert_eq!(report.throughput.len(), 5_218);
        assert_eq!(report.throughput.last().unwrap().week_start.to_string(), "9999-12-27");
        assert!(report.throughput.iter().all(|week| week.items == 0));
        let cut =
            report.warnings.iter().find(|warning| warning.starts_with("throughput lists the last 5218"));
        assert!(
            cut.is_some_and(|warning| warning.contains("with 2 finished items")),
            "{:?}",
            report.warnings
        );
    }

    #[test]
    fn empty_tables_give_empty_figures() {
        let report = run(&items(&[]), &history(&[]), "2024-01-01T00:00:00Z");
        assert!(report.throughput.is_empty() && report.finished.is_empty() && report.aging.is_empty());
        assert_eq!(report.cycle_time.count, 0);
        assert_eq!(report.cycle_time.percentile(50.0), None);
        assert_eq!(report.lead_time.mean_days, None);
    }

    #[test]
    fn a_status_configured_in_refine_toml_wins_and_bad_percentiles_are_refused() {
        let status_rules: StatusRules = toml::from_str("\"Parked\" = \"in_progress\"\n").unwrap();
        let items_frame = items(&[item("A", "Done", "done")]);
        let history_frame = history(&[
            ("A", "2024-01-02T00:00:00Z", "status", "To Do", "Parked"),
            ("A", "2024-01-05T00:00:00Z", "status", "Parked", "Done"),
        ]);
        let as_of = ms("2024-01-10T00:00:00Z");
        let report =
            flow_of(&items_frame, &history_frame, &status_rules, as_of, &FlowSettings::default()).unwrap();
        close(report.cycle_time.percentile(50.0), 3.0);
        let settings = FlowSettings { percentiles: vec![101.0], ..FlowSettings::default() };
        let refused = flow_of(&items_frame, &history_frame, &status_rules, as_of, &settings);
        assert!(matches!(refused, Err(FlowError::BadPercentile(_))));
    }

    #[test]
    fn row_order_repeated_keys_and_threads_do_not_change_the_report() {
        let items_frame = items(&[
            item("A", "Done", "done").text(items::TITLE, "first"),
            // A repeated key: the first row is the item (its title, its created).
            item("A", "Done", "done")
                .text(items::TITLE, "second")
                .time(items::CREATED, "2024-01-05T00:00:00Z"),
            item("B", "In Progress", "in_progress"),
            item("C", "Done", "done"),
        ]);
        let rows = [
            ("A", "2024-01-02T00:00:00Z", "status", "To Do", "In Progress"),
            ("B", "2024-01-03T00:00:00Z", "status", "To Do", "In Progress"),
            ("A", "2024-01-04T00:00:00Z", "estimate", "3", "5"),
            // Z is in no items table: history of a deleted item, done in 3 days.
            ("Z", "2024-01-04T00:00:00Z", "status", "To Do", "In Progress"),
            ("A", "2024-01-06T00:00:00Z", "status", "In Progress", "Done"),
            ("C", "2024-01-06T12:00:00Z", "status", "To Do", "In Progress"),
            ("Z", "2024-01-07T00:00:00Z", "status", "In Progress", "Done"),
            ("C", "2024-01-08T00:00:00Z", "status", "In Progress", "Done"),
            ("B", "2024-01-20T00:00:00Z", "status", "In Progress", "Done"),
        ];
        let as_of = "2024-01-15T00:00:00Z";
        let in_order = run(&items_frame, &history(&rows), as_of);
        let mut reversed = rows;
        reversed.reverse();
        let with_threads = |threads: usize, rows: &[(&str, &str, &str, &str, &str)]| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| run(&items_frame, &history(rows), as_of))
        };
        assert_eq!(with_threads(1, &reversed), in_order);
        assert_eq!(with_threads(3, &reversed), in_order);

        let keys: Vec<(&str, Option<&str>)> =
            in_order.finished.iter().map(|item| (item.key, item.title)).collect();
        assert_eq!(keys, [("A", Some("first")), ("C", None), ("Z", None)], "items table order, then Z");
        // A: 01-06 − 01-02 = 4 days; lead time from the first row's created (01-01): 5 days.
        close(finished(&in_order, "A").cycle_time_days, 4.0);
        close(finished(&in_order, "A").lead_time_days, 5.0);
        close(finished(&in_order, "Z").cycle_time_days, 3.0);
        assert_eq!(finished(&in_order, "Z").lead_time_days, None, "Z has no created date");
        // B is done only after as_of: in progress since 01-03, 12 days old.
        assert_eq!(in_order.aging.len(), 1);
        let aging = in_order.aging.iter().next().unwrap();
        assert_eq!(aging.status, Some("In Progress"));
        close(aging.age_days, 12.0);
    }

    const STATUSES: [&str; 6] = ["To Do", "In Progress", "In Review", "Done", "Won't Do", "Mystery"];

    proptest! {
        #[test]
        fn any_history_gives_consistent_non_negative_figures(
            changes in prop::collection::vec((0usize..4, 0i64..30, 0usize..6, 0usize..6), 0..40),
            as_of_day in 0i64..40,
        ) {
            let keys = ["A", "B", "C", "D"];
            let items_frame = items(&keys.map(|key| item(key, "To Do", "todo")));
            let stamps: Vec<String> = changes
                .iter()
                .map(|(_, day, _, _)| crate::model::dates::iso(ms("2024-01-01T00:00:00Z") + day * DAY_MS).unwrap())
                .collect();
            let rows: Vec<(&str, &str, &str, &str, &str)> = changes
                .iter()
                .zip(&stamps)
                .map(|((key, _, from, to), at)| (keys[*key], at.as_str(), "status", STATUSES[*from], STATUSES[*to]))
                .collect();
            let as_of = ms("2024-01-01T00:00:00Z") + as_of_day * DAY_MS;
            let report = flow_of(&items_frame, &history(&rows), &StatusRules::default(), as_of, &FlowSettings::default()).unwrap();
            let worked = report.finished.iter().filter(|item| item.cycle_time_days.is_some()).count();
            prop_assert_eq!(worked + report.done_without_progress + report.done_without_history, report.finished.len());
            prop_assert_eq!(worked, report.cycle_time.count);
            prop_assert!(report.finished.iter().filter_map(|item| item.cycle_time_days).all(|days| days >= 0.0));
            let weekly: usize = report.throughput.iter().map(|week| week.items).sum();
            prop_assert_eq!(weekly, report.finished.iter().filter(|item| item.done.is_some()).count());
        }
    }
}
