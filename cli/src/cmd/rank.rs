//! `refine rank INPUT...`: the ranked backlog. Scores every open item with the chosen model
//! (ODI opportunity from the survey, RICE, WSJF, ICE or the weighted composite), orders them
//! (score, priority, created, key) with blockers moved ahead of what they block, and writes the
//! ranking with each item's explanation, its change against `--previous`, and the cycles found.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use refine_engine::rank::{RankFilter, Ranking};
use refine_engine::run::{PrioritizeOptions, prioritize};
use refine_engine::score::Model;
use refine_reports::format::render_csv;
use refine_reports::records::Records;
use refine_reports::tables::rank_tables;
use serde::Serialize;

use crate::args::{FormatArg, GlobalArgs, RankArgs};
use crate::document::{CommandResult, write_result};
use crate::output::{refuse_overwriting_inputs, write_output};
use crate::settings::{load_workspace, parse_date};

/// Runs `refine rank`.
pub fn run(global: &GlobalArgs, args: RankArgs) -> anyhow::Result<ExitCode> {
    let (options, workspace, as_of) = load_workspace(global, &args.inputs, &args.as_of)?;
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
    let prioritization = prioritize(&workspace, &options.config, &prioritize_options)?;

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

/// A previous ranking: refine's own JSON (`ranking` records) or CSV (`key`/`rank`, or Jira's
/// `Issue key`/`Rank`), as `refine rank` writes them.
fn read_previous_ranking(path: &Path) -> anyhow::Result<BTreeMap<String, usize>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the previous ranking {}", path.display()))?;
    let context = || {
        format!("{}: not a ranking written by refine rank (JSON or CSV with key and rank)", path.display())
    };
    if text.trim_start().starts_with('{') {
        let document: serde_json::Value = serde_json::from_str(&text).with_context(context)?;
        let records = document.get("ranking").and_then(serde_json::Value::as_array).with_context(context)?;
        return records
            .iter()
            .map(|record| {
                let key = record.get("key").and_then(serde_json::Value::as_str);
                let rank = record.get("rank").and_then(serde_json::Value::as_u64);
                match (key, rank) {
                    (Some(key), Some(rank)) => Ok((key.to_owned(), usize::try_from(rank)?)),
                    _ => bail!("{}: a ranking record without key and rank: {record}", path.display()),
                }
            })
            .collect();
    }
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().with_context(context)?.clone();
    let position = |names: &[&str]| {
        headers.iter().position(|header| names.iter().any(|name| header.eq_ignore_ascii_case(name)))
    };
    let (Some(key_at), Some(rank_at)) = (position(&["key", "Issue key"]), position(&["rank"])) else {
        bail!(context());
    };
    let mut previous = BTreeMap::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.with_context(context)?;
        let row = index + 2;
        let key = record.get(key_at).unwrap_or_default().trim_start_matches('\'');
        let rank = record.get(rank_at).unwrap_or_default();
        let rank: usize = rank.parse().with_context(|| {
            format!("{}: row {row}, column rank: expected a whole number, found {rank:?}", path.display())
        })?;
        previous.insert(key.to_owned(), rank);
    }
    Ok(previous)
}
