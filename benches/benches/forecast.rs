//! Monte Carlo forecast of a 1,000-item ranked backlog (sizes drawn from the Fibonacci deck
//! with a fixed seed) over 12 past sprints, 10,000 trials (the target: under 1 s on 2 cores).
//!
//! `cargo bench -p refine-benches --bench forecast`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use refine_benches::SplitMix;
use refine_engine::forecast::{BacklogItem, ForecastSettings, History, forecast_backlog};

/// The allocator the `refine` binary uses, so the bench measures what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DECK: [f64; 7] = [1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0];
const ITEMS: usize = 1_000;
const TRIALS: usize = 10_000;

fn ranked_backlog() -> Vec<BacklogItem> {
    // A seeded, dependency-free choice of deck cards.
    let mut random = SplitMix(2026);
    (0..ITEMS)
        .map(|rank| BacklogItem {
            key: format!("BENCH-{rank}"),
            size: DECK[random.below(DECK.len() as u64) as usize],
        })
        .collect()
}

fn forecast(c: &mut Criterion) {
    let items = ranked_backlog();
    let velocities = [34.0, 41.0, 29.0, 38.0, 45.0, 31.0, 40.0, 36.0, 27.0, 43.0, 39.0, 35.0];
    // Monday 2026-01-05 00:00 UTC, two-week sprints.
    let history = History { samples: &velocities, period_days: 14.0, next_start: 1_767_571_200_000 };
    let settings = ForecastSettings { trials: TRIALS, ..ForecastSettings::default() };
    let mut group = c.benchmark_group("forecast");
    group.sample_size(10);
    group.throughput(Throughput::Elements(TRIALS as u64));
    group.bench_function("backlog_1000_items_10000_trials", |b| {
        b.iter(|| {
            let report = forecast_backlog(&history, &items, &settings).expect("the forecast runs");
            assert_eq!(report.items.len(), ITEMS);
            report
        })
    });
    group.finish();
}

criterion_group!(benches, forecast);
criterion_main!(benches);
