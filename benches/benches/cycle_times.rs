//! Cycle times from 5M status-history rows: loading the history CSV and running the flow
//! analysis, beside polars reading the same file as a plain CSV (target: within 2x).
//!
//! `cargo bench -p refine-benches --bench cycle_times` (`REFINE_BENCH_HISTORY_ROWS` to change
//! the size; default 5,000,000).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use refine_benches::{polars_plain_read, status_history};

use refine_engine::flow::{FlowSettings, flow};
use refine_engine::load::{LoadOptions, load_file};
use refine_engine::model::Table;
use refine_engine::model::status::StatusRules;
use refine_engine::model::view::{History, Items};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn cycle_times(c: &mut Criterion) {
    let rows: usize = std::env::var("REFINE_BENCH_HISTORY_ROWS")
        .ok()
        .and_then(|rows| rows.replace('_', "").parse().ok())
        .unwrap_or(5_000_000);
    let data = refine_benches::bench_data_folder!();
    let (items_path, history_path) = status_history(&data, rows);
    let options = LoadOptions::default();
    let items = load_file(&items_path, &options).expect("items load").loaded.tables[&Table::Items].clone();
    let items_view = Items::decode(&items).expect("canonical items");
    let status_rules = StatusRules::default();
    let settings = FlowSettings::default();
    let as_of = 1_740_000_000_000;

    let mut group = c.benchmark_group("cycle_times");
    group.sample_size(10);
    group.throughput(Throughput::Elements(rows as u64));
    group.bench_with_input(BenchmarkId::new("polars_plain_read", rows), &history_path, |b, path| {
        b.iter(|| polars_plain_read(path).height())
    });
    group.bench_with_input(BenchmarkId::new("refine_load_and_flow", rows), &history_path, |b, path| {
        b.iter(|| {
            let history =
                load_file(path, &options).expect("history loads").loaded.tables[&Table::History].clone();
            let history = History::decode(&history).expect("a canonical history");
            let report = flow(&items_view, &history, &status_rules, as_of, &settings).expect("flow runs");
            assert!(report.cycle_time.count > 0);
            report.cycle_time.count
        })
    });
    group.finish();
}

criterion_group!(benches, cycle_times);
criterion_main!(benches);
