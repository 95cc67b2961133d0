//! The tables of `refine velocity`: per sprint, per team, carried-over items (from the velocity
//! analysis), throughput per week, the cycle and lead time summary and the aging work in
//! progress (from the flow analysis).

use std::collections::BTreeMap;

use refine_engine::flow::{DurationSummary, FlowReport};
use refine_engine::velocity::VelocityReport;
use serde::Serialize;

use super::NamedTables;
use crate::records::Records;

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

/// The tables of the velocity and flow analyses that ran.
pub fn delivery_tables(velocity: Option<&VelocityReport>, flow: Option<&FlowReport>) -> NamedTables {
    let mut tables = Vec::new();
    if let Some(velocity) = velocity {
        tables.push(("sprints", Records::from_serialize(&velocity.sprints)));
        tables.push(("teams", Records::from_serialize(&velocity.teams)));
        tables.push(("carried_over", Records::from_serialize(&velocity.carried_over)));
    }
    if let Some(flow) = flow {
        let durations = [
            DurationRow::new("cycle_time", &flow.cycle_time),
            DurationRow::new("lead_time", &flow.lead_time),
        ];
        tables.push(("throughput", Records::from_serialize(&flow.throughput)));
        tables.push(("cycle_and_lead_time", Records::from_serialize(&durations)));
        tables.push((
            "aging_work_in_progress",
            Records::from_serialize(&flow.aging.iter().collect::<Vec<_>>()),
        ));
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
