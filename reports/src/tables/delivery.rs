//! The tables of `refine velocity`: per sprint, per team, carried-over items (from the velocity
//! analysis), throughput per week, the cycle and lead time summary and the aging work in
//! progress (from the flow analysis).

use std::collections::BTreeMap;

use refine_engine::flow::{DurationSummary, FlowReport};
use refine_engine::velocity::VelocityReport;
use serde::Serialize;

use super::{Columns, TableSources, source};

/// One line of the cycle/lead time summary.
#[derive(Serialize)]
struct DurationRow<'a> {
    measure: &'a str,
    count: usize,
    mean_days: Option<f64>,
    median_days: Option<f64>,
    #[serde(flatten)]
    percentiles: BTreeMap<String, f64>,
}

impl<'a> DurationRow<'a> {
    fn new(measure: &'a str, summary: &DurationSummary) -> Self {
        let percentiles = summary
            .percentiles
            .iter()
            .filter_map(|value| Some((format!("p{}_days", value.percent), value.days?)))
            .collect();
        DurationRow {
            measure,
            count: summary.count,
            mean_days: summary.mean_days,
            median_days: summary.median_days,
            percentiles,
        }
    }
}

/// The columns of each table, the header of an empty one (checked against the rows of the
/// demo workspace in `super::tests`).
pub(super) const COLUMNS: Columns = &[
    (
        "sprints",
        &[
            "team",
            "sprint_id",
            "sprint",
            "state",
            "start",
            "end",
            "committed_points",
            "added_points",
            "removed_points",
            "completed_points",
            "committed_items",
            "added_items",
            "removed_items",
            "completed_items",
            "say_do",
            "scope_change",
            "carried_over_items",
            "rolling_mean",
            "rolling_median",
            "rolling_std",
        ],
    ),
    (
        "teams",
        &[
            "team",
            "sprint_order",
            "sprints",
            "counted_sprints",
            "window",
            "mean",
            "median",
            "std",
            "predictability_cv",
            "trend_slope",
            "mean_say_do",
            "warnings",
        ],
    ),
    ("carried_over", &["key", "title", "sprints"]),
    ("throughput", &["week", "week_start", "items", "worked_items"]),
    (
        "cycle_and_lead_time",
        &["measure", "count", "mean_days", "median_days", "p50_days", "p70_days", "p85_days", "p95_days"],
    ),
    ("aging_work_in_progress", &["key", "title", "status", "started", "age_days"]),
];

/// The tables of the velocity and flow analyses that ran.
pub fn delivery_tables<'a>(
    velocity: Option<&'a VelocityReport>,
    flow: Option<&'a FlowReport>,
) -> TableSources<'a> {
    let mut tables = Vec::new();
    if let Some(velocity) = velocity {
        tables.push(source(COLUMNS, "sprints", &velocity.sprints));
        tables.push(source(COLUMNS, "teams", &velocity.teams));
        tables.push(source(COLUMNS, "carried_over", &velocity.carried_over));
    }
    if let Some(flow) = flow {
        let durations = [
            DurationRow::new("cycle_time", &flow.cycle_time),
            DurationRow::new("lead_time", &flow.lead_time),
        ];
        tables.push(source(COLUMNS, "throughput", &flow.throughput));
        tables.push(source(COLUMNS, "cycle_and_lead_time", durations));
        tables.push(source(COLUMNS, "aging_work_in_progress", flow.aging.iter().collect::<Vec<_>>()));
    }
    tables
}

/// The warnings of both analyses, and how many finished items have no cycle time.
pub fn delivery_warnings(velocity: Option<&VelocityReport>, flow: Option<&FlowReport>) -> Vec<String> {
    let mut warnings: Vec<String> = velocity.map(|report| report.warnings.clone()).unwrap_or_default();
    if let Some(flow) = flow {
        warnings.extend(flow.warnings.iter().cloned());
        if flow.done_without_progress > 0 {
            warnings.push(format!(
                "{} finished items never were in progress: they have a lead time but no cycle time",
                flow.done_without_progress
            ));
        }
    }
    warnings
}
