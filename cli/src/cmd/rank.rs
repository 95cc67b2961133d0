//! `refine rank INPUT...`: the ranked backlog. Scores every open item with the chosen model
//! (ODI opportunity from the survey, RICE, WSJF, ICE or the weighted composite), orders them
//! (score, priority, created, key) with blockers moved ahead of what they block, and writes the
//! ranking with each item's explanation, its change against `--previous`, and the cycles found.

use std::process::ExitCode;

use refine_engine::load::latest_timestamp;
use refine_engine::rank::{RankFilter, Ranking};
use refine_engine::run::{PrioritizeOptions, files_read, prioritize};
use refine_engine::score::Model;
use refine_reports::format::render_csv;
use refine_reports::records::Records;
use refine_reports::tables::rank_tables;
use serde::Serialize;

use crate::args::{FormatArg, GlobalArgs, RankArgs};
use crate::document::{CommandResult, write_result};
use crate::inputs::read_inputs;
use crate::output::{refuse_overwriting_inputs, write_output};
use crate::previous::read_previous_ranking;
use crate::settings::{given_as_of, load_options, parse_date};

/// Runs `refine rank`.
pub fn run(global: &GlobalArgs, args: RankArgs) -> anyhow::Result<ExitCode> {
    let mut options = load_options(global)?;
    options.load.feedback_in_batches = true;
    let inputs = read_inputs(&args.inputs)?;
    let workspace = inputs.load(&options.load)?;
    let given_as_of = given_as_of(&args.as_of, &workspace)?;
    let prioritize_options = PrioritizeOptions {
        model: args.model.as_deref().map(parse_model).transpose()?,
        since: args.since.as_deref().map(|since| parse_date("--since", since)).transpose()?,
        filter: RankFilter {
            types: args.types.clone(),
            statuses: args.statuses.clone(),
            labels: args.labels.clone(),
            top: args.top,
            include_done: args.include_done,
        },
        previous: args.previous.as_deref().map(read_previous_ranking).transpose()?,
    };
    let prioritization = (prioritize(&workspace, &options.config, &prioritize_options))
        .map_err(|error| inputs.named_error(error))?;
    inputs.note_streamed_problems(&prioritization.streamed_files);
    let as_of = given_as_of
        .or_else(|| latest_timestamp(&files_read(&workspace.files, &prioritization.streamed_files)));

    if args.output.format == Some(FormatArg::JiraCsv) {
        refuse_overwriting_inputs(args.output.output.as_deref(), &args.inputs)?;
        write_output(args.output.output.as_deref(), &jira_import_csv(&prioritization.ranking))?;
        return Ok(ExitCode::SUCCESS);
    }
    write_result(
        &args.output,
        &CommandResult {
            command: "rank",
            as_of,
            inputs: &args.inputs,
            tables: &rank_tables(&prioritization),
            warnings: &prioritization.warnings,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

fn parse_model(text: &str) -> anyhow::Result<Model> {
    text.parse::<Model>().map_err(|error| anyhow::anyhow!("--model {text}: {error}"))
}

/// Jira's CSV import (Issue key, Rank, Score): a file Jira's importer and spreadsheets take.
fn jira_import_csv(ranking: &Ranking) -> Vec<u8> {
    #[derive(Serialize)]
    struct JiraRow<'a> {
        #[serde(rename = "Issue key")]
        key: &'a str,
        #[serde(rename = "Rank")]
        rank: usize,
        #[serde(rename = "Score")]
        score: Option<f64>,
    }
    let rows: Vec<JiraRow> = ranking
        .items
        .iter()
        .map(|item| JiraRow { key: &item.key, rank: item.rank, score: item.score })
        .collect();
    render_csv(&Records::from_serialize(&rows))
}
