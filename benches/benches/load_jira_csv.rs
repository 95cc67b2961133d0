//! Loading a Jira CSV export of 100k and 1M issues into the canonical tables, beside polars
//! reading the same file as a plain CSV (the target: within 2x of that read); and a export of
//! three issues with 12,500 and 50,000 columns refine does not use, whose time must grow with the
//! columns, not with their square (it once took 22 s at 100k columns).
//!
//! `cargo bench -p refine-benches --bench load_jira_csv`

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use refine_benches::{bench_sizes, jira_export, polars_plain_read, polars_text_read, wide_jira_export};
use refine_engine::load::{LoadOptions, load_file};

/// The allocator the `refine` binary uses, so the bench measures what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn load_jira_csv(c: &mut Criterion) {
    let data = refine_benches::bench_data_folder!();
    let options = LoadOptions::default();
    let mut group = c.benchmark_group("load_jira_csv");
    group.sample_size(10);
    for count in bench_sizes() {
        let path = jira_export(&data, count);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_with_input(BenchmarkId::new("polars_plain_read", count), &path, |b, path| {
            b.iter(|| polars_plain_read(path).height())
        });
        group.bench_with_input(BenchmarkId::new("polars_text_read", count), &path, |b, path| {
            b.iter(|| polars_text_read(path).height())
        });
        group.bench_with_input(BenchmarkId::new("refine_load", count), &path, |b, path| {
            b.iter(|| {
                let file = load_file(path, &options).expect("the generated export loads");
                assert_eq!(file.loaded.records, count);
                file
            })
        });
    }
    group.finish();
}

fn load_wide_jira_csv(c: &mut Criterion) {
    let data = refine_benches::bench_data_folder!();
    let options = LoadOptions::default();
    let mut group = c.benchmark_group("load_wide_jira_csv");
    group.sample_size(10);
    for unknown in [12_500, 50_000] {
        let path = wide_jira_export(&data, unknown);
        group.throughput(Throughput::Elements(unknown as u64));
        group.bench_with_input(BenchmarkId::new("refine_load", unknown), &path, |b, path| {
            b.iter(|| load_file(path, &options).expect("the wide export loads").loaded.columns.len())
        });
    }
    group.finish();
}

criterion_group!(benches, load_jira_csv, load_wide_jira_csv);
criterion_main!(benches);
