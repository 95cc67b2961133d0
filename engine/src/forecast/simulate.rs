//! The bootstrap itself: trials that draw past periods with replacement, each from its own
//! random stream, and the nearest-rank reading of their cumulative amounts.
//!
//! Trial `i` uses ChaCha8 seeded from the forecast seed with stream number `i`, so a trial's
//! draws depend on (seed, i) alone; trials run in parallel with rayon and are collected in trial
//! order, which makes every figure the same whatever the thread count.
//!
//! A trial stores its cumulative amount after each period (`cumulative[k - 1]` = done after `k`
//! periods) and stops once the target is reached or after `max_periods` periods. Past its end a
//! trial's cumulative amount is its last one (a finished trial has done at least the target, so
//! nothing past the target is ever asked of it).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// The random stream of trial `trial`: independent of every other trial and of the thread that
/// runs it.
fn trial_rng(seed: u64, trial: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(trial as u64);
    rng
}

/// One period drawn with replacement from `samples` (not empty).
fn draw(rng: &mut ChaCha8Rng, samples: &[f64]) -> f64 {
    let index = rng.random_range(0..samples.len());
    samples.get(index).copied().unwrap_or(0.0)
}

/// The cumulative amounts of every trial, in trial order: each trial draws periods until it has
/// done `target` or has run `max_periods` periods. `samples` must not be empty.
pub(crate) fn cumulative_trials(
    samples: &[f64],
    target: f64,
    trials: usize,
    seed: u64,
    max_periods: usize,
) -> Vec<Vec<f64>> {
    (0..trials)
        .into_par_iter()
        .map(|trial| {
            let mut rng = trial_rng(seed, trial);
            let mut cumulative = Vec::new();
            let mut done = 0.0;
            while done < target && cumulative.len() < max_periods {
                done += draw(&mut rng, samples);
                cumulative.push(done);
            }
            cumulative
        })
        .collect()
}

/// The amount each trial does in exactly `periods` periods, in trial order (the same streams as
/// [`cumulative_trials`], so the two questions agree on a trial's first periods).
pub(crate) fn amounts_after(samples: &[f64], periods: usize, trials: usize, seed: u64) -> Vec<f64> {
    (0..trials)
        .into_par_iter()
        .map(|trial| {
            let mut rng = trial_rng(seed, trial);
            // A fold from +0.0: an empty float sum is −0.0, which would print as "-0.0".
            (0..periods).fold(0.0, |done, _| done + draw(&mut rng, samples))
        })
        .collect()
}

/// Periods a trial needed to reach `threshold`; `None` when it never did.
pub(crate) fn periods_to_reach(cumulative: &[f64], threshold: f64) -> Option<usize> {
    if threshold <= 0.0 {
        return Some(0);
    }
    let before = cumulative.partition_point(|done| *done < threshold);
    (before < cumulative.len()).then_some(before + 1)
}

/// For each period count `k` = 0, 1, …, the amount that at least `rank` trials had done after
/// `k` periods (the `rank`-th largest cumulative amount). Rising in `k`; it lets any threshold's
/// nearest-rank period be found by binary search instead of one sort per backlog item.
pub(crate) fn rank_amount_by_period(trials: &[Vec<f64>], rank: usize) -> Vec<f64> {
    let longest = trials.iter().map(Vec::len).max().unwrap_or(0);
    let n = trials.len();
    if n == 0 || rank == 0 || rank > n {
        return Vec::new();
    }
    let mut by_period: Vec<f64> = (1..=longest)
        .into_par_iter()
        .map(|periods| {
            let mut amounts: Vec<f64> = trials
                .iter()
                .map(|cumulative| cumulative.get(periods - 1).or(cumulative.last()).copied().unwrap_or(0.0))
                .collect();
            // The rank-th largest is the (n − rank)-th smallest, 0-based.
            let (_, value, _) = amounts.select_nth_unstable_by(n - rank, f64::total_cmp);
            *value
        })
        .collect();
    by_period.insert(0, 0.0);
    by_period
}

/// The nearest-rank period count for `threshold` read from [`rank_amount_by_period`]: the
/// first `k` whose amount reaches it; `None` when even the last period falls short.
pub(crate) fn period_from_rank_amounts(rank_amounts: &[f64], threshold: f64) -> Option<usize> {
    if threshold <= 0.0 {
        return Some(0);
    }
    let before = rank_amounts.partition_point(|done| *done < threshold);
    (before < rank_amounts.len()).then_some(before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::stats;
    use proptest::prelude::*;

    #[test]
    fn periods_to_reach_counts_the_period_that_crosses() {
        let cumulative = [10.0, 20.0, 30.0, 40.0];
        assert_eq!(periods_to_reach(&cumulative, 35.0), Some(4));
        assert_eq!(periods_to_reach(&cumulative, 30.0), Some(3), "exactly reached counts");
        assert_eq!(periods_to_reach(&cumulative, 0.0), Some(0));
        assert_eq!(periods_to_reach(&cumulative, 41.0), None);
    }

    #[test]
    fn same_seed_same_trials_and_streams_differ() {
        let samples = [1.0, 2.0, 3.0, 4.0, 5.0];
        let first = cumulative_trials(&samples, 30.0, 50, 7, 100);
        assert_eq!(first, cumulative_trials(&samples, 30.0, 50, 7, 100));
        assert_ne!(first.first(), first.get(1), "trials 0 and 1 draw different streams");
        assert_ne!(first, cumulative_trials(&samples, 30.0, 50, 8, 100));
    }

    proptest! {
        /// The binary search over rank amounts gives what sorting each threshold's period counts
        /// and reading them by nearest rank (stats) gives.
        #[test]
        fn rank_amounts_agree_with_nearest_rank_of_periods(
            samples in prop::collection::vec(0u8..10, 1..8),
            thresholds in prop::collection::vec(0u16..120, 1..10),
            percent in 1.0f64..100.0,
            seed in any::<u64>(),
        ) {
            let samples: Vec<f64> = samples.iter().map(|s| f64::from(*s)).collect();
            prop_assume!(samples.iter().any(|s| *s > 0.0));
            let target = thresholds.iter().copied().max().map(f64::from).unwrap_or(0.0);
            let trials = cumulative_trials(&samples, target, 40, seed, 60);
            let rank_amounts = rank_amount_by_period(&trials, stats::nearest_rank(trials.len(), percent));
            for threshold in thresholds.iter().map(|t| f64::from(*t)) {
                // A trial that never got there counts as max_periods + 1 (after every finite one).
                let periods: Vec<f64> = trials
                    .iter()
                    .map(|c| periods_to_reach(c, threshold).map_or(61.0, |p| p as f64))
                    .collect();
                let expected = stats::percentile_nearest_rank(&periods, percent)
                    .filter(|p| *p <= 60.0)
                    .map(|p| p as usize);
                let actual = period_from_rank_amounts(&rank_amounts, threshold);
                // A trial shorter than the longest stops at its target, so beyond the last
                // recorded period no trial changes: both readings agree on "never".
                prop_assert_eq!(actual, expected, "threshold {}", threshold);
            }
        }
    }
}
