//! `refine velocity INPUT...`: delivery per sprint and team (committed, added, removed,
//! completed, say/do, rolling velocity, predictability) and flow (throughput per ISO week,
//! cycle and lead time percentiles, aging work in progress).

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::Context;
use refine_engine::flow::{DurationSummary, flow};
use refine_engine::load::dates::iso;
use refine_engine::load::load_inputs;
use refine_engine::model::Table;
use refine_engine::velocity::velocity;
use refine_reports::format::Document;
use refine_reports::records::Records;
use serde::Serialize;

use crate::args::{GlobalArgs, VelocityArgs};
use crate::document::write_document;
use crate::settings::{as_of, input_names, load_options};

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

/// Runs `refine velocity`.
pub fn run(global: &GlobalArgs, args: VelocityArgs) -> anyhow::Result<ExitCode> {
    let options = load_options(global)?;
    let workspace = load_inputs(&args.inputs, &options)?;
    let as_of = as_of(&args.as_of, &workspace)?.context("the inputs have no dates; give --as-of DATE")?;
    let (sprints, items, history) =
        (workspace.table(Table::Sprints), workspace.table(Table::Items), workspace.table(Table::History));
    let config = &options.config;
    let (delivery, flow) = rayon::join(
        || velocity(&sprints, &items, &history, config, &config.velocity),
        || flow(&items, &history, config, as_of, &config.flow),
    );
    let (delivery, flow) = (delivery?, flow?);

    let durations =
        [DurationRow::new("cycle_time", &flow.cycle_time), DurationRow::new("lead_time", &flow.lead_time)];
    let mut warnings = delivery.warnings.clone();
    warnings.extend(flow.warnings.iter().cloned());
    if flow.done_without_progress > 0 {
        warnings.push(format!(
            "{} finished items never were in progress: they have a lead time but no cycle time",
            flow.done_without_progress
        ));
    }
    let inputs = input_names(&args.inputs);
    let as_of_text = iso(as_of);
    let document = Document {
        command: "velocity",
        as_of: as_of_text.as_deref(),
        inputs: &inputs,
        tables: vec![
            ("sprints", Records::from_serialize(&delivery.sprints)),
            ("teams", Records::from_serialize(&delivery.teams)),
            ("carried_over", Records::from_serialize(&delivery.carried_over)),
            ("throughput", Records::from_serialize(&flow.throughput)),
            ("cycle_and_lead_time", Records::from_serialize(&durations)),
            ("aging_work_in_progress", Records::from_serialize(&flow.aging)),
        ],
        warnings: &warnings,
    };
    write_document(&args.output, &document)?;
    Ok(ExitCode::SUCCESS)
}
