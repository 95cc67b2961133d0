//! Descriptive statistics the analyses share: mean, median, sample standard deviation,
//! coefficient of variation, nearest-rank percentiles and the least-squares slope.
//!
//! Formulas (design.md, "Analyses and formulas"): mean = Σx / n; median = the middle value of
//! the sorted values (the mean of the two middle ones when n is even); std = the *sample*
//! standard deviation √(Σ(x − mean)² / (n − 1)); CV = std / mean; the p-th percentile by
//! nearest rank = the value at rank ⌈p/100 · n⌉ (1-based) of the sorted values; slope =
//! Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)².
//!
//! Edge cases, the same in every function: NaN and infinite values are left out before anything
//! is computed (a missing figure must not poison a mean); empty input gives `None`; one value has
//! a mean, a median and percentiles but no standard deviation, CV or slope (`None`); zero
//! variance gives std 0; a CV whose mean is 0 is `None` (it would divide by zero); a slope over
//! x values that are all equal is `None`. No function returns NaN.
//!
//! statrs computes the mean, median and standard deviation; the nearest-rank percentile is
//! written here because statrs interpolates.

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
    // The rank is at most n because percent ≤ 100; the float → usize cast saturates.
    let rank = ((percent / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.max(1) - 1).copied()
}

/// The least-squares slope of `y` over `x` (pairs with a non-finite member are left out);
/// `None` for fewer than two pairs or when every x is equal.
pub fn least_squares_slope(x: &[f64], y: &[f64]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> =
        x.iter().zip(y).map(|(x, y)| (*x, *y)).filter(|(x, y)| x.is_finite() && y.is_finite()).collect();
    if pairs.len() < 2 {
        return None;
    }
    let n = pairs.len() as f64;
    let mean_x = pairs.iter().map(|(x, _)| x).sum::<f64>() / n;
    let mean_y = pairs.iter().map(|(_, y)| y).sum::<f64>() / n;
    let covariance: f64 = pairs.iter().map(|(x, y)| (x - mean_x) * (y - mean_y)).sum();
    let variance: f64 = pairs.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    if variance == 0.0 { None } else { finite_or_none(covariance / variance) }
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

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.unwrap();
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

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

    proptest! {
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
            let (min, max) = values.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
            prop_assert!(min <= median && median <= max);
        }
    }
}
