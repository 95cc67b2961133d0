//! Descriptive statistics the analyses share: mean, median, sample standard deviation,
//! coefficient of variation, nearest-rank percentiles, the least-squares slope and the Pearson
//! and Spearman correlations.
//!
//! Formulas (design.md, "Analyses and formulas"): mean = Σx / n; median = the middle value of
//! the sorted values (the mean of the two middle ones when n is even); std = the *sample*
//! standard deviation √(Σ(x − mean)² / (n − 1)); CV = std / mean; the p-th percentile by
//! nearest rank = the value at rank ⌈p/100 · n⌉ (1-based) of the sorted values; slope =
//! Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)²; Pearson r = Σ(xᵢ − x̄)(yᵢ − ȳ) / √(Σ(xᵢ − x̄)² Σ(yᵢ − ȳ)²);
//! Spearman ρ = Pearson r of the ranks, tied values sharing their average rank.
//!
//! Edge cases, the same in every function: NaN and infinite values are left out before anything
//! is computed (a missing figure must not poison a mean); empty input gives `None`; one value has
//! a mean, a median and percentiles but no standard deviation, CV or slope (`None`); zero
//! variance gives std 0; a CV whose mean is 0 is `None` (it would divide by zero); a slope over
//! x values that are all equal is `None`, and so is a correlation where either side is
//! constant. No function returns NaN.
//!
//! statrs computes the mean, median and standard deviation; the nearest-rank percentile is
//! written here because statrs interpolates.

use std::collections::{BTreeMap, BTreeSet};

use statrs::statistics::{Data, Median, Statistics};

/// The finite values of `values`, in order.
fn finite(values: &[f64]) -> Vec<f64> {
    values.iter().copied().filter(|value| value.is_finite()).collect()
}

/// `Some(value)` when it is a finite number.
fn finite_or_none(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

/// The arithmetic mean, `None` for no (finite) values.
pub fn mean(values: &[f64]) -> Option<f64> {
    let values = finite(values);
    if values.is_empty() { None } else { finite_or_none(values.mean()) }
}

/// The median, `None` for no (finite) values.
pub fn median(values: &[f64]) -> Option<f64> {
    let values = finite(values);
    if values.is_empty() { None } else { finite_or_none(Data::new(values).median()) }
}

/// The sample standard deviation (n − 1), `None` for fewer than two (finite) values.
pub fn std_dev(values: &[f64]) -> Option<f64> {
    let values = finite(values);
    if values.len() < 2 { None } else { finite_or_none(values.std_dev()) }
}

/// The coefficient of variation, sample std / mean; `None` for fewer than two values or a mean
/// of 0.
pub fn coefficient_of_variation(values: &[f64]) -> Option<f64> {
    let mean = mean(values)?;
    let std = std_dev(values)?;
    if mean == 0.0 { None } else { finite_or_none(std / mean) }
}

/// The `percent`-th percentile by nearest rank (`percent` in 0–100; 0 gives the minimum), `None`
/// for no (finite) values or a percent outside 0–100.
pub fn percentile_nearest_rank(values: &[f64], percent: f64) -> Option<f64> {
    let mut sorted = finite(values);
    sorted.sort_by(f64::total_cmp);
    nearest_rank_of_sorted(&sorted, percent)
}

/// [`percentile_nearest_rank`] of values already sorted ascending (and finite), so that several
/// percentiles of one sample sort once.
pub fn nearest_rank_of_sorted(sorted: &[f64], percent: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=100.0).contains(&percent) {
        return None;
    }
    sorted.get(nearest_rank(sorted.len(), percent) - 1).copied()
}

/// The values at the 1-based `ranks` of `values` in ascending order (all finite), found by
/// selection rather than a sort: one pass over what is left above the previous rank each, so a
/// few percentiles of millions of values cost a few passes. `values` is reordered; ranks
/// outside 1..=n are left out. The value at a rank is one number whatever the algorithm, so the
/// result is the sorted sample's.
pub fn values_at_ranks(values: &mut [f64], ranks: &[usize]) -> BTreeMap<usize, f64> {
    let wanted: BTreeSet<usize> =
        ranks.iter().copied().filter(|rank| (1..=values.len()).contains(rank)).collect();
    let mut found = BTreeMap::new();
    let mut below = 0;
    for rank in wanted {
        let (_, value, _) = values[below..].select_nth_unstable_by(rank - 1 - below, f64::total_cmp);
        found.insert(rank, *value);
        below = rank;
    }
    found
}

/// The 1-based ranks whose values' mean is the median of `n` values: the middle one, or the
/// two middle ones when `n` is even; none for none.
pub fn median_ranks(n: usize) -> Vec<usize> {
    match n {
        0 => Vec::new(),
        odd if odd % 2 == 1 => vec![n / 2 + 1],
        _ => vec![n / 2, n / 2 + 1],
    }
}

/// The 1-based nearest rank ⌈p/100 · n⌉ of `percent` among `n` values, kept within 1..=n (1 when
/// `n` is 0): the rank [`nearest_rank_of_sorted`] reads, for callers that find the value at a
/// rank without sorting the sample.
pub fn nearest_rank(n: usize, percent: f64) -> usize {
    // The float → usize cast saturates (NaN gives 0); the clamp keeps percent 0 at rank 1.
    (((percent / 100.0) * n as f64).ceil() as usize).clamp(1, n.max(1))
}

/// The least-squares slope of `y` over `x` (pairs with a non-finite member are left out);
/// `None` for fewer than two pairs or when every x is equal.
pub fn least_squares_slope(x: &[f64], y: &[f64]) -> Option<f64> {
    let (variance_x, _, covariance) = centred_sums(&finite_pairs(x, y))?;
    if variance_x == 0.0 { None } else { finite_or_none(covariance / variance_x) }
}

/// Σ(xᵢ − x̄)², Σ(yᵢ − ȳ)² and Σ(xᵢ − x̄)(yᵢ − ȳ) of at least two pairs.
fn centred_sums(pairs: &[(f64, f64)]) -> Option<(f64, f64, f64)> {
    if pairs.len() < 2 {
        return None;
    }
    let n = pairs.len() as f64;
    let mean_x = pairs.iter().map(|(x, _)| x).sum::<f64>() / n;
    let mean_y = pairs.iter().map(|(_, y)| y).sum::<f64>() / n;
    let variance_x = pairs.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    let variance_y = pairs.iter().map(|(_, y)| (y - mean_y).powi(2)).sum();
    let covariance = pairs.iter().map(|(x, y)| (x - mean_x) * (y - mean_y)).sum();
    Some((variance_x, variance_y, covariance))
}

/// Pairs of `x` and `y` with both members finite.
fn finite_pairs(x: &[f64], y: &[f64]) -> Vec<(f64, f64)> {
    x.iter().zip(y).map(|(x, y)| (*x, *y)).filter(|(x, y)| x.is_finite() && y.is_finite()).collect()
}

/// The Pearson correlation Σ(xᵢ − x̄)(yᵢ − ȳ) / √(Σ(xᵢ − x̄)² · Σ(yᵢ − ȳ)²) (pairs with a
/// non-finite member are left out); `None` for fewer than two pairs or when x or y has zero
/// variance.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let (variance_x, variance_y, covariance) = centred_sums(&finite_pairs(x, y))?;
    if variance_x == 0.0 || variance_y == 0.0 {
        return None;
    }
    // Rounding can push a perfect correlation a hair past ±1.
    finite_or_none((covariance / (variance_x.sqrt() * variance_y.sqrt())).clamp(-1.0, 1.0))
}

/// The 1-based ranks of `values`, ties given the average of the ranks they span (2 values tied
/// for ranks 3 and 4 both get 3.5). Values must be finite.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| values[*a].total_cmp(&values[*b]).then(a.cmp(b)));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end hold ranks start + 1 ..= end; their mean is (start + 1 + end) / 2.
        let rank = (start + 1 + end) as f64 / 2.0;
        for index in &order[start..end] {
            ranks[*index] = rank;
        }
        start = end;
    }
    ranks
}

/// The Spearman rank correlation: the Pearson correlation of the average ranks (ties share
/// their mean rank), over the pairs with both members finite; `None` for fewer than two pairs
/// or when either side is constant.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    let pairs = finite_pairs(x, y);
    let xs: Vec<f64> = pairs.iter().map(|(x, _)| *x).collect();
    let ys: Vec<f64> = pairs.iter().map(|(_, y)| *y).collect();
    pearson(&average_ranks(&xs), &average_ranks(&ys))
}

/// The least-squares slope of `y` over its index 0, 1, 2, ….
pub fn slope_over_index(y: &[f64]) -> Option<f64> {
    let x: Vec<f64> = (0..y.len()).map(|index| index as f64).collect();
    least_squares_slope(&x, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::model::test_values::close;

    #[test]
    fn hand_computed_figures() {
        let values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        close(mean(&values), 5.0); // 40 / 8
        close(median(&values), 4.5); // (4 + 5) / 2
        // Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32; 32 / 7 = 4.571428…
        close(std_dev(&values), (32.0f64 / 7.0).sqrt());
        close(coefficient_of_variation(&values), (32.0f64 / 7.0).sqrt() / 5.0);
        // Nearest rank over n = 8: p50 → rank 4 → 4; p70 → ⌈5.6⌉ = 6 → 5; p85 → ⌈6.8⌉ = 7 → 7;
        // p95 → ⌈7.6⌉ = 8 → 9; p0 → rank 1.
        for (percent, expected) in
            [(50.0, 4.0), (70.0, 5.0), (85.0, 7.0), (95.0, 9.0), (0.0, 2.0), (100.0, 9.0)]
        {
            close(percentile_nearest_rank(&values, percent), expected);
        }
        // y = 1, 3, 2, 5 over x = 0..3: x̄ = 1.5, ȳ = 2.75; Σdxdy = (−1.5)(−1.75) + (−0.5)(0.25)
        // + (0.5)(−0.75) + (1.5)(2.25) = 2.625 − 0.125 − 0.375 + 3.375 = 5.5; Σdx² = 5; 1.1.
        close(slope_over_index(&[1.0, 3.0, 2.0, 5.0]), 1.1);
    }

    #[test]
    fn nearest_ranks_hand_computed() {
        // n = 8: p50 → 4; p70 → ⌈5.6⌉ = 6; p0 → 1 (not 0); p100 → 8; n = 3, p34 → ⌈1.02⌉ = 2.
        for (n, percent, rank) in
            [(8, 50.0, 4), (8, 70.0, 6), (8, 0.0, 1), (8, 100.0, 8), (3, 34.0, 2), (1, 95.0, 1)]
        {
            assert_eq!(nearest_rank(n, percent), rank, "n {n}, p{percent}");
        }
        assert_eq!(nearest_rank(0, 50.0), 1, "no values: rank 1, which reads nothing");
    }

    #[test]
    fn values_at_ranks_hand_computed() {
        // Sorted: 1, 2, 3, 5, 8, 9; ranks 2 and 5 → 2 and 8; rank 0 and 7 do not exist.
        let mut values = [9.0, 3.0, 1.0, 8.0, 2.0, 5.0];
        let at = values_at_ranks(&mut values, &[5, 2, 0, 7, 5]);
        assert_eq!(at.into_iter().collect::<Vec<_>>(), [(2, 2.0), (5, 8.0)]);
        assert_eq!(values_at_ranks(&mut [], &[1]).len(), 0);
        assert_eq!([median_ranks(0), median_ranks(5), median_ranks(6)], [vec![], vec![3], vec![3, 4]]);
    }

    #[test]
    fn empty_one_value_zero_variance_and_nan() {
        assert_eq!(mean(&[]), None);
        assert_eq!(median(&[]), None);
        assert_eq!(percentile_nearest_rank(&[], 50.0), None);
        close(mean(&[3.0]), 3.0);
        close(median(&[3.0]), 3.0);
        close(percentile_nearest_rank(&[3.0], 95.0), 3.0);
        assert_eq!(std_dev(&[3.0]), None);
        assert_eq!(slope_over_index(&[3.0]), None);
        close(std_dev(&[2.0, 2.0, 2.0]), 0.0);
        close(coefficient_of_variation(&[2.0, 2.0]), 0.0);
        assert_eq!(coefficient_of_variation(&[-1.0, 1.0]), None, "mean 0");
        assert_eq!(least_squares_slope(&[1.0, 1.0], &[2.0, 3.0]), None, "x all equal");
        close(mean(&[1.0, f64::NAN, 3.0]), 2.0);
        assert_eq!(mean(&[f64::NAN]), None);
        assert_eq!(percentile_nearest_rank(&[1.0], 101.0), None);
    }

    #[test]
    fn correlations_hand_computed_with_ties_and_edge_cases() {
        // x = 1, 2, 3, 4; y = 2, 4, 5, 9: x̄ = 2.5, ȳ = 5; dx = −1.5, −0.5, 0.5, 1.5;
        // dy = −3, −1, 0, 4; Σdxdy = 4.5 + 0.5 + 0 + 6 = 11; Σdx² = 5; Σdy² = 9 + 1 + 0 + 16 = 26;
        // r = 11 / √130 = 0.964763…
        close(pearson(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 5.0, 9.0]), 11.0 / 130f64.sqrt());
        // Monotone: Spearman 1.
        close(spearman(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 5.0, 9.0]), 1.0);
        // Ties: x = 1, 2, 2, 3 → ranks 1, 2.5, 2.5, 4; y = 10, 30, 20, 40 → ranks 1, 3, 2, 4.
        assert_eq!(average_ranks(&[1.0, 2.0, 2.0, 3.0]), [1.0, 2.5, 2.5, 4.0]);
        assert_eq!(average_ranks(&[5.0, 5.0, 5.0]), [2.0, 2.0, 2.0]);
        // Rank x: mean 2.5, d = −1.5, 0, 0, 1.5; rank y: d = −1.5, 0.5, −0.5, 1.5;
        // Σdxdy = 2.25 + 0 + 0 + 2.25 = 4.5; Σdx² = 4.5; Σdy² = 5; ρ = 4.5 / √22.5 = 0.948683…
        close(spearman(&[1.0, 2.0, 2.0, 3.0], &[10.0, 30.0, 20.0, 40.0]), 4.5 / 22.5f64.sqrt());
        close(spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), -1.0);
        assert_eq!(pearson(&[], &[]), None);
        assert_eq!(spearman(&[1.0], &[2.0]), None, "one pair");
        assert_eq!(pearson(&[2.0, 2.0, 2.0], &[1.0, 2.0, 3.0]), None, "x constant");
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0]), None, "y constant");
        // A NaN pair is left out: what remains is (1, 1), (3, 3).
        close(pearson(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0]), 1.0);
    }

    proptest! {
        #[test]
        fn correlations_stay_within_minus_one_and_one(
            pairs in prop::collection::vec((-1e3f64..1e3, -1e3f64..1e3), 0..40),
        ) {
            let (x, y): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
            for value in [pearson(&x, &y), spearman(&x, &y)].into_iter().flatten() {
                prop_assert!((-1.0..=1.0).contains(&value));
            }
        }

        #[test]
        fn percentiles_are_sample_values_and_never_decrease(
            values in prop::collection::vec(-1e6f64..1e6, 1..50),
            low in 0.0f64..100.0,
            high in 0.0f64..100.0,
        ) {
            let (low, high) = if low <= high { (low, high) } else { (high, low) };
            let at_low = percentile_nearest_rank(&values, low).unwrap();
            let at_high = percentile_nearest_rank(&values, high).unwrap();
            prop_assert!(values.contains(&at_low));
            prop_assert!(at_low <= at_high);
            let median = median(&values).unwrap();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let ranks: Vec<usize> = (0..=values.len() + 1).collect();
            let mut selected = values.clone();
            let at = values_at_ranks(&mut selected, &ranks);
            prop_assert_eq!(at.values().copied().collect::<Vec<_>>(), sorted.clone(), "every rank, 0 and n + 1 left out");
            let middle = median_ranks(values.len());
            let at = values_at_ranks(&mut selected, &middle);
            prop_assert_eq!(middle.iter().map(|rank| at[rank]).sum::<f64>() / middle.len() as f64, median);
            let (min, max) = values.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
            prop_assert!(min <= median && median <= max);
        }
    }
}
