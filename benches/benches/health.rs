//! The health review on 100k generated items, one criterion group per part:
//! `duplicates` times the duplicate-candidate finder on a generated backlog with a realistic
//! vocabulary ([`backlog_with_duplicates`]) and on the generated Jira export, whose 584 distinct
//! titles are its worst case (every title shared by ~170 items); `review` times the whole
//! `refine health` run on the loaded Jira export (ranking, velocity, DEEP scorecard, Definition
//! of Ready, type mix, dependencies and duplicates).
//!
//! `cargo bench -p refine-benches --bench health` (`REFINE_BENCH_SIZES=1000000` for other sizes).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use polars::prelude::DataFrame;
use refine_benches::{backlog_with_duplicates, jira_export};
use refine_engine::config::Config;
use refine_engine::health::duplicates::{DuplicateSettings, duplicate_candidates};
use refine_engine::load::{LoadOptions, load_file, load_inputs};
use refine_engine::model::Table;
use refine_engine::model::view::{Items, Links};
use refine_engine::run::health_review;

/// The allocator the `refine` binary uses, so the bench measures what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Item counts: `REFINE_BENCH_SIZES` when set, else 100,000 (the target).
fn health_sizes() -> Vec<usize> {
    if std::env::var_os("REFINE_BENCH_SIZES").is_some() {
        refine_benches::bench_sizes()
    } else {
        vec![100_000]
    }
}

/// The canonical items and links of the generated Jira export (loading is not timed).
fn jira_export_tables(count: usize) -> (DataFrame, DataFrame) {
    let data = refine_benches::bench_data_folder!();
    let file =
        load_file(&jira_export(&data, count), &LoadOptions::default()).expect("the generated export loads");
    let tables = &file.loaded.tables;
    (tables[&Table::Items].clone(), tables[&Table::Links].clone())
}

fn duplicates(c: &mut Criterion) {
    let settings = DuplicateSettings::default();
    let mut group = c.benchmark_group("duplicates");
    group.sample_size(10);
    for count in health_sizes() {
        let inputs = [
            ("generated_backlog", (backlog_with_duplicates(count), Table::Links.empty_frame())),
            ("jira_export", jira_export_tables(count)),
        ];
        group.throughput(Throughput::Elements(count as u64));
        for (name, (items, links)) in &inputs {
            group.bench_with_input(BenchmarkId::new(*name, count), &(items, links), |b, (items, links)| {
                let items = Items::decode(items).expect("generated items are canonical");
                let links = Links::decode(links).expect("generated links are canonical");
                b.iter(|| duplicate_candidates(&items, &links, &settings).expect("the settings are valid"))
            });
        }
    }
    group.finish();
}

fn review(c: &mut Criterion) {
    let config = Config::default();
    let data = refine_benches::bench_data_folder!();
    let mut group = c.benchmark_group("review");
    group.sample_size(10);
    for count in health_sizes() {
        let workspace = load_inputs(&[jira_export(&data, count)], &LoadOptions::default())
            .expect("the generated export loads");
        let as_of = workspace.latest_timestamp().expect("the export has dates");
        group.throughput(Throughput::Elements(count as u64));
        group.bench_with_input(BenchmarkId::new("jira_export", count), &workspace, |b, workspace| {
            b.iter(|| health_review(workspace, &config, as_of, None).expect("the review runs"))
        });
    }
    group.finish();
}

criterion_group!(benches, duplicates, review);
criterion_main!(benches);
