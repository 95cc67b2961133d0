//! Hand-computed forecasts: constant histories give exact answers, a two-valued history matches
//! its analytic distribution within a stated tolerance, and the same seed gives the same bytes
//! on 1 and 4 threads.

use super::*;
use crate::model::test_values::ms;
use proptest::prelude::*;

/// Monday 2026-01-05 00:00 UTC.
const NEXT_START: i64 = 1_767_571_200_000;

fn sprints(samples: &[f64]) -> History<'_> {
    History { samples, period_days: 14.0, next_start: NEXT_START }
}

fn settings(margin: f64) -> ForecastSettings {
    ForecastSettings { margin, ..ForecastSettings::default() }
}

fn periods(report: &ForecastReport) -> Vec<Option<usize>> {
    report.percentiles.iter().map(|p| p.periods).collect()
}

#[test]
fn next_start_constant_is_the_monday() {
    assert_eq!(ms("2026-01-05"), NEXT_START);
}

#[test]
fn constant_velocity_gives_the_exact_answer() {
    let history = [10.0; 6];
    // 35 points at 10 a sprint: 30 after 3 sprints, 40 after 4 → 4 at every percentile.
    let report = forecast_amount(&sprints(&history), 35.0, &settings(0.0)).unwrap();
    assert_eq!(periods(&report), vec![Some(4); 4]);
    assert_eq!(
        report.finish_histogram,
        [FinishCount { periods: 4, date: "2026-03-01".to_owned(), trials: 10_000 }],
        "every trial finishes in sprint 4"
    );
    // Sprint 4 ends 2026-01-05 + 56 days = 2026-03-02; its last day is 2026-03-01.
    assert!(report.percentiles.iter().all(|p| p.date.as_deref() == Some("2026-03-01")));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(report.not_done_trials, 0);
    // With the 20% margin: 35 × 1.2 = 42 → 5 sprints (50 ≥ 42 > 40), ending 2026-03-15.
    let report = forecast_amount(&sprints(&history), 35.0, &settings(0.2)).unwrap();
    assert_eq!(periods(&report), vec![Some(5); 4]);
    assert!((report.amount_with_margin - 42.0).abs() < 1e-9);
    assert_eq!(report.percentiles[0].date.as_deref(), Some("2026-03-15"));
    // Exactly 40 is done in 4, not 5; nothing to do is done in 0 (the day before next_start).
    let report = forecast_amount(&sprints(&history), 40.0, &settings(0.0)).unwrap();
    assert_eq!(periods(&report), vec![Some(4); 4]);
    let report = forecast_amount(&sprints(&history), 0.0, &settings(0.2)).unwrap();
    assert_eq!(periods(&report), vec![Some(0); 4]);
    assert_eq!(report.percentiles[0].date.as_deref(), Some("2026-01-04"));
}

#[test]
fn constant_velocity_amount_and_probability_by_a_date() {
    let history = [10.0; 5];
    // 2026-02-15 is the last day of sprint 3 (Feb 2 to Feb 15): 3 sprints → 30 points; with the
    // margin 30 / 1.2 = 25 points of estimates.
    let report = amount_by(&sprints(&history), ms("2026-02-15"), &settings(0.2)).unwrap();
    assert_eq!(report.periods, 3);
    assert!(report.percentiles.iter().all(|p| (p.amount - 25.0).abs() < 1e-9));
    // The day before it only sprint 2 has ended.
    let report = amount_by(&sprints(&history), ms("2026-02-14"), &settings(0.0)).unwrap();
    assert_eq!(report.periods, 2);
    assert!(report.percentiles.iter().all(|p| (p.amount - 20.0).abs() < 1e-9));
    // Before the first sprint ends: nothing, with a warning.
    let report = amount_by(&sprints(&history), ms("2026-01-10"), &settings(0.0)).unwrap();
    assert_eq!(report.periods, 0);
    assert!(report.percentiles.iter().all(|p| p.amount == 0.0));
    assert_eq!(report.warnings.len(), 1);
    // 25 points (30 with the margin) by sprint 3 is certain, by sprint 2 impossible.
    let by = |date| probability_by(&sprints(&history), 25.0, ms(date), &settings(0.2)).unwrap();
    assert_eq!(by("2026-02-15").probability, 1.0);
    assert_eq!(by("2026-02-14").probability, 0.0);
}

#[test]
fn two_valued_history_matches_the_analytic_distribution() {
    // 5 or 15 points with probability ½ each, 20 points to do:
    // - after 2 sprints: 10, 20, 20, 30 → done unless 5 + 5: P(≤ 2) = 3/4;
    // - after 5 + 5 a third sprint of 15 finishes (25), of 5 does not (15): P(≤ 3) = 3/4 + 1/8
    //   = 7/8; after 5 + 5 + 5 any fourth finishes: P(≤ 4) = 1.
    // Nearest rank: p50 and p70 → 2 (CDF 0.75), p85 → 3 (0.75 < 0.85 ≤ 0.875), p95 → 4.
    // At 10,000 trials the CDF estimates have sd ≤ √(0.25 · 0.75 / 10,000) ≈ 0.0043, so the
    // nearest boundaries (0.75 vs 0.70, 0.875 vs 0.85) are 6+ sd away, and a tolerance of 0.02
    // on probabilities is 4.6 sd.
    let history = [5.0, 15.0, 5.0, 15.0, 5.0, 15.0];
    let report = forecast_amount(&sprints(&history), 20.0, &settings(0.0)).unwrap();
    assert_eq!(periods(&report), vec![Some(2), Some(2), Some(3), Some(4)]);
    let tolerance = 0.02;
    // The histogram counts every trial once: ¾ in 2 sprints, ⅛ in 3, ⅛ in 4 (same tolerance).
    let histogram: Vec<(usize, &str)> =
        report.finish_histogram.iter().map(|bar| (bar.periods, bar.date.as_str())).collect();
    assert_eq!(histogram, [(2, "2026-02-01"), (3, "2026-02-15"), (4, "2026-03-01")]);
    assert_eq!(report.finish_histogram.iter().map(|bar| bar.trials).sum::<usize>(), 10_000);
    let share = |index: usize| report.finish_histogram[index].trials as f64 / 10_000.0;
    assert!((share(0) - 0.75).abs() < tolerance && (share(1) - 0.125).abs() < tolerance);
    let probability =
        |date| probability_by(&sprints(&history), 20.0, ms(date), &settings(0.0)).unwrap().probability;
    // Sprint 1 ends on 2026-01-18, 2 on 2026-02-01, 3 on 2026-02-15, 4 on 2026-03-01.
    assert_eq!(probability("2026-01-18"), 0.0);
    assert!((probability("2026-02-01") - 0.75).abs() < tolerance);
    assert!((probability("2026-02-15") - 0.875).abs() < tolerance);
    assert_eq!(probability("2026-03-01"), 1.0);
    // Amounts after 2 sprints: 10 (¼), 20 (½), 30 (¼). At least 20 with 50% and 70% (the 50th
    // and 30th percentiles), at least 10 with 85% and 95% (the 15th and 5th).
    let report = amount_by(&sprints(&history), ms("2026-02-01"), &settings(0.0)).unwrap();
    let amounts: Vec<f64> = report.percentiles.iter().map(|p| p.amount).collect();
    assert_eq!(amounts, vec![20.0, 20.0, 10.0, 10.0]);
}

#[test]
fn cut_line_on_a_constant_history() {
    let items: Vec<BacklogItem> = [("Z-0", 0.0), ("A-1", 3.0), ("A-2", 5.0), ("A-3", 8.0)]
        .into_iter()
        .chain([("A-4", 2.0), ("A-5", 13.0), ("A-6", 1.0), ("A-7", 10.0)])
        .map(|(key, size)| BacklogItem { key: key.into(), size })
        .collect();
    let history = [10.0; 8];
    // Cumulative sizes 0, 3, 8, 16, 18, 31, 32, 42 at 10 a sprint → ⌈cum / 10⌉.
    let report = forecast_backlog(&sprints(&history), &items, &settings(0.0)).unwrap();
    let at_50: Vec<Option<usize>> = report.items.iter().map(|i| i.period_50).collect();
    let expected = [0, 1, 1, 2, 2, 4, 4, 5].map(Some).to_vec();
    assert_eq!(at_50, expected);
    assert!(report.items.iter().all(|i| i.period_85 == i.period_50));
    assert_eq!(report.items[0].date_50.as_deref(), Some("2026-01-04"));
    assert_eq!(report.items[7].date_85.as_deref(), Some("2026-03-15"));
    assert_eq!(report.items[7].cumulative_size, 42.0);
    assert_eq!(periods(&report), vec![Some(5); 4], "the whole backlog is the last item");
    // With the margin × 1.2: 0, 3.6, 9.6, 19.2, 21.6, 37.2, 38.4, 50.4 → 0, 1, 1, 2, 3, 4, 4, 6.
    let report = forecast_backlog(&sprints(&history), &items, &settings(0.2)).unwrap();
    let at_85: Vec<Option<usize>> = report.items.iter().map(|i| i.period_85).collect();
    assert_eq!(at_85, [0, 1, 1, 2, 3, 4, 4, 6].map(Some).to_vec());
    // An empty backlog is done at once.
    let report = forecast_backlog(&sprints(&history), &[], &settings(0.2)).unwrap();
    assert_eq!(periods(&report), vec![Some(0); 4]);
    assert!(report.items.is_empty());
}

#[test]
fn cut_line_on_the_two_valued_history() {
    // Items of 10 then 10 on a history of 5 (⅓) or 15 (⅔): the first is done in sprint 1 with
    // ⅔ (a 15), surely by sprint 2 (at least 10): p50 → 1 (⅔ ≥ ½), p85 → 2. The second (20) is
    // done by sprint 2 unless 5 + 5: 1 − 1/9 = 0.889 ≥ 0.85, so p50 = p85 = 2 (0.039 above the
    // boundary, 12 sd of a 10,000-trial estimate).
    let history = [5.0, 15.0, 15.0];
    let items =
        vec![BacklogItem { key: "B-1".into(), size: 10.0 }, BacklogItem { key: "B-2".into(), size: 10.0 }];
    let report = forecast_backlog(&sprints(&history), &items, &settings(0.0)).unwrap();
    let cut: Vec<_> = report.items.iter().map(|i| (i.period_50, i.period_85)).collect();
    assert_eq!(cut, vec![(Some(1), Some(2)), (Some(2), Some(2))]);
    assert_eq!(report.warnings.len(), 1, "3 past sprints are fewer than 5");
}

fn run_on_threads<T>(threads: usize, job: impl FnOnce() -> T + Send) -> T
where
    T: Send,
{
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(job)
}

#[test]
fn same_seed_gives_identical_json_on_one_and_four_threads() {
    let history = [3.0, 8.0, 13.0, 5.0, 21.0, 0.0, 8.0, 11.0];
    let items: Vec<BacklogItem> = (0..200)
        .map(|i| BacklogItem { key: format!("R-{i}"), size: f64::from([1, 2, 3, 5, 8][i % 5]) })
        .collect();
    let json = || {
        let settings = ForecastSettings { seed: 7, ..ForecastSettings::default() };
        let history = sprints(&history);
        let backlog = forecast_backlog(&history, &items, &settings).unwrap();
        let amount = amount_by(&history, ms("2026-06-30"), &settings).unwrap();
        let probability = probability_by(&history, 100.0, ms("2026-06-30"), &settings).unwrap();
        serde_json::to_string(&(backlog, amount, probability)).unwrap()
    };
    let one = run_on_threads(1, json);
    assert_eq!(one, run_on_threads(4, json));
    let other_seed = forecast_backlog(
        &sprints(&history),
        &items,
        &ForecastSettings { seed: 8, ..ForecastSettings::default() },
    )
    .unwrap();
    assert_ne!(one, serde_json::to_string(&other_seed).unwrap());
}

#[test]
fn histories_that_never_finish_are_errors() {
    let run = |samples: &[f64]| forecast_amount(&sprints(samples), 10.0, &settings(0.2));
    assert_eq!(run(&[]), Err(ForecastError::EmptyHistory));
    assert_eq!(run(&[0.0, 0.0, 0.0]), Err(ForecastError::NoProgress { periods: 3 }));
    assert_eq!(run(&[f64::NAN, -2.0]), Err(ForecastError::NoProgress { periods: 2 }));
    let amount = amount_by(&sprints(&[]), NEXT_START, &settings(0.0));
    assert_eq!(amount, Err(ForecastError::EmptyHistory));
    let probability = probability_by(&sprints(&[0.0]), 1.0, NEXT_START, &settings(0.0));
    assert_eq!(probability, Err(ForecastError::NoProgress { periods: 1 }));
}

#[test]
fn slow_histories_stop_at_max_periods() {
    // 0.5 a sprint, 10 to do, 12 sprints at most: 6 is the most any trial reaches.
    let settings = ForecastSettings { max_periods: 12, margin: 0.0, ..ForecastSettings::default() };
    let report = forecast_amount(&sprints(&[0.5; 5]), 10.0, &settings).unwrap();
    assert_eq!(periods(&report), vec![None; 4]);
    assert!(report.percentiles.iter().all(|p| p.date.is_none()));
    assert_eq!(report.not_done_trials, 10_000);
    assert!(report.finish_histogram.is_empty(), "trials not done are not bars");
    assert!(report.warnings.iter().any(|w| w.contains("not done within 12 periods")));
    // A date beyond max_periods is refused for amounts; for a probability it is a lower bound.
    let too_far = amount_by(&sprints(&[1.0; 5]), ms("2027-01-05"), &settings);
    assert_eq!(too_far, Err(ForecastError::DateTooFar { periods: 26, max_periods: 12 }));
    let probability = probability_by(&sprints(&[1.0; 5]), 20.0, ms("2027-01-05"), &settings);
    let probability = probability.unwrap();
    assert_eq!(probability.probability, 0.0, "12 sprints of 1 never reach 20");
    assert!(probability.warnings.iter().any(|w| w.contains("lower bound")));
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let history = [10.0; 5];
    let with = |settings: ForecastSettings| forecast_amount(&sprints(&history), 1.0, &settings);
    let bad_name = |result: Result<ForecastReport, ForecastError>| match result {
        Err(ForecastError::BadSetting { name, .. }) => name,
        other => panic!("expected a bad setting, got {other:?}"),
    };
    assert_eq!(bad_name(with(ForecastSettings { trials: 0, ..Default::default() })), "trials");
    assert_eq!(bad_name(with(ForecastSettings { margin: -0.1, ..Default::default() })), "margin");
    let percentiles = ForecastSettings { percentiles: vec![50.0, 0.0], ..Default::default() };
    assert_eq!(bad_name(with(percentiles)), "percentiles");
    let max = ForecastSettings { max_periods: 0, ..Default::default() };
    assert_eq!(bad_name(with(max)), "max_periods");
    let no_length = History { period_days: 0.0, ..sprints(&history) };
    let result = forecast_amount(&no_length, 1.0, &ForecastSettings::default());
    assert_eq!(bad_name(result), "period_days");
    let result = forecast_amount(&sprints(&history), f64::NAN, &ForecastSettings::default());
    assert_eq!(bad_name(result), "amount");
    let items = [BacklogItem { key: "X-1".into(), size: -1.0 }];
    let result = forecast_backlog(&sprints(&history), &items, &ForecastSettings::default());
    assert_eq!(result, Err(ForecastError::BadSize { key: "X-1".into(), size: -1.0 }));
}

#[test]
fn short_and_partly_invalid_histories_warn() {
    let report = forecast_amount(&sprints(&[10.0]), 25.0, &settings(0.0)).unwrap();
    assert_eq!(periods(&report), vec![Some(3); 4], "one sprint is a fixed velocity");
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].contains("only 1 past period"));
    let history = [10.0, f64::NAN, 10.0, 10.0, -5.0, 10.0, 10.0];
    let report = forecast_amount(&sprints(&history), 25.0, &settings(0.0)).unwrap();
    assert_eq!(report.history_periods, 5);
    assert_eq!(report.warnings, vec!["2 past period(s) with a negative or missing amount were left out"]);
}

#[test]
fn coverage_is_ready_points_over_mean_velocity() {
    assert_eq!(coverage(45.0, &[10.0, 20.0]), Some(3.0)); // 45 / 15
    assert_eq!(coverage(0.0, &[10.0]), Some(0.0));
    assert_eq!(coverage(45.0, &[0.0, 0.0]), None);
    assert_eq!(coverage(45.0, &[]), None);
    assert_eq!(coverage(f64::NAN, &[10.0]), None);
}

#[test]
fn settings_read_from_toml_with_defaults() {
    let settings: ForecastSettings = toml::from_str("trials = 500\nmargin = 0.1").unwrap();
    assert_eq!(settings.trials, 500);
    assert_eq!(settings.seed, 42);
    assert_eq!(settings.percentiles, vec![50.0, 70.0, 85.0, 95.0]);
    assert!(toml::from_str::<ForecastSettings>("trails = 5").is_err());
}

proptest! {
    #[test]
    fn forecasts_rise_with_confidence_and_rank(
        history in prop::collection::vec(0u8..20, 1..10),
        sizes in prop::collection::vec(0u8..13, 0..30),
        seed in any::<u64>(),
    ) {
        let history: Vec<f64> = history.iter().map(|s| f64::from(*s)).collect();
        prop_assume!(history.iter().any(|s| *s > 0.0));
        let items: Vec<BacklogItem> = sizes
            .iter()
            .enumerate()
            .map(|(i, s)| BacklogItem { key: format!("P-{i}"), size: f64::from(*s) })
            .collect();
        let settings = ForecastSettings { trials: 200, seed, ..ForecastSettings::default() };
        let report = forecast_backlog(&sprints(&history), &items, &settings).unwrap();
        // "Not done" (None) comes after every period count.
        let later = |periods: Option<usize>| periods.unwrap_or(usize::MAX);
        let by_percent = periods(&report);
        prop_assert!(by_percent.windows(2).all(|w| later(w[0]) <= later(w[1])));
        for pair in report.items.windows(2) {
            prop_assert!(later(pair[0].period_50) <= later(pair[1].period_50));
            prop_assert!(later(pair[0].period_85) <= later(pair[1].period_85));
        }
        for item in &report.items {
            prop_assert!(later(item.period_50) <= later(item.period_85));
        }
        if let Some(last) = report.items.last() {
            // The whole backlog at 50% and 85% is its last item's cut line.
            let at = |percent: f64| {
                report.percentiles.iter().find(|p| p.percent == percent).and_then(|p| p.periods)
            };
            prop_assert_eq!(last.period_50, at(50.0));
            prop_assert_eq!(last.period_85, at(85.0));
        }
    }
}
