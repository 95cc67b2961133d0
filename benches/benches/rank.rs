//! Ranking a backlog of 100k and 1M items with 10 feedback rows per item (1M and 10M rows),
//! beside polars reading the same two files as plain CSVs (the target: within 1.5x of that
//! read). refine loads both files (format detection, canonical tables), computes demand (linked
//! rows by key, unlinked rows matched by text), scores every open item with the default
//! composite model and ranks them with their dependencies.
//!
//! `refine_rank` loads as `refine rank` does: the feedback file is read in batches while demand
//! folds them; `refine_rank_feedback_whole` loads the feedback whole first, as refine did before
//! (issue 20), for the two side by side in one run.
//!
//! `cargo bench -p refine-benches --bench rank` (sizes: `REFINE_BENCH_SIZES`, in items)

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use refine_benches::{FEEDBACK_PER_ITEM, bench_sizes, feedback_export, jira_export, polars_plain_read};
use refine_engine::config::Config;
use refine_engine::load::{LoadOptions, load_inputs};
use refine_engine::run::columns_read;
use refine_engine::run::{PrioritizeOptions, prioritize};

/// The allocator the `refine` binary uses, so the bench measures what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn rank(c: &mut Criterion) {
    let data = refine_benches::bench_data_folder!();
    // As `refine rank` loads: only the columns the analyses read, the feedback in batches.
    let whole = LoadOptions { columns_read: columns_read(), ..LoadOptions::default() };
    let in_batches = LoadOptions { feedback_in_batches: true, ..whole.clone() };
    let config = Config::default();
    let mut group = c.benchmark_group("rank");
    group.sample_size(10);
    for count in bench_sizes() {
        let items = jira_export(&data, count);
        let feedback = feedback_export(&data, count, count * FEEDBACK_PER_ITEM);
        let inputs = vec![items, feedback];
        group.throughput(Throughput::Elements(count as u64));
        group.bench_with_input(BenchmarkId::new("polars_plain_read", count), &inputs, |b, inputs| {
            b.iter(|| inputs.iter().map(|path| polars_plain_read(path).height()).sum::<usize>())
        });
        for (name, options) in [("refine_rank", &in_batches), ("refine_rank_feedback_whole", &whole)] {
            group.bench_with_input(BenchmarkId::new(name, count), &inputs, |b, inputs| {
                b.iter(|| {
                    let workspace = load_inputs(inputs, options).expect("the generated files load");
                    let result = prioritize(&workspace, &config, &PrioritizeOptions::default())
                        .expect("the generated backlog is ranked");
                    assert!(!result.ranking.items.is_empty());
                    result
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, rank);
criterion_main!(benches);
