//! Estimator bias: each estimator's median log2(vote / final estimate) over the last rounds.

use std::collections::BTreeMap;

use serde::Serialize;

use super::poker::{Card, Round};
use crate::model::stats;

/// One estimator's bias against the final estimates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimatorBias {
    /// Who voted.
    pub estimator: String,
    /// Votes compared (numeric, > 0, on items with a final estimate > 0).
    pub n: usize,
    /// Median log2(vote / estimate): 0 unbiased, +1 twice the estimate, −1 half.
    pub median_log2_ratio: Option<f64>,
    /// 2 ^ median_log2_ratio: the typical vote as a multiple of the final estimate.
    pub ratio: Option<f64>,
}

/// The bias of every estimator who voted, by name (estimators with no comparable vote have
/// n 0 and no figures).
pub(crate) fn estimator_bias(
    rounds: &BTreeMap<String, Round>,
    final_estimates: &BTreeMap<String, f64>,
    warnings: &mut Vec<String>,
) -> Vec<EstimatorBias> {
    let mut ratios: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut zeros = 0usize;
    for (key, round) in rounds {
        let estimate = final_estimates.get(key).copied();
        for (estimator, value) in &round.votes {
            let logs = ratios.entry(estimator.as_str()).or_default();
            let (Some(estimate), Card::Number(vote)) = (estimate, Card::parse(value)) else { continue };
            if vote > 0.0 && estimate > 0.0 {
                logs.push((vote / estimate).log2());
            } else {
                zeros += 1;
            }
        }
    }
    if zeros > 0 {
        warnings.push(format!(
            "{zeros} votes or final estimates of 0 have no ratio and are left out of the bias"
        ));
    }
    ratios
        .into_iter()
        .map(|(estimator, logs)| {
            let median = stats::median(&logs);
            EstimatorBias {
                estimator: estimator.to_owned(),
                n: logs.len(),
                median_log2_ratio: median,
                ratio: median.map(f64::exp2),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn round(votes: &[(&str, &str)]) -> Round {
        Round { round: 1, votes: votes.iter().map(|(e, v)| ((*e).to_owned(), (*v).to_owned())).collect() }
    }

    #[test]
    fn median_log_ratios_hand_computed() {
        // Final estimates A 4, B 2, C none (skipped), D 8.
        // ann: A 8 → log2 2 = 1; B 2 → 0; D 16 → 1: median 1, ratio 2.
        // bob: A 2 → −1; B ? (skipped); D 8 → 0: median (−1 + 0) / 2 = −0.5, ratio 2^−0.5.
        // cat: only C, which has no estimate: n 0.
        let rounds: BTreeMap<String, Round> = [
            ("A", round(&[("ann", "8"), ("bob", "2")])),
            ("B", round(&[("ann", "2"), ("bob", "?")])),
            ("C", round(&[("cat", "5")])),
            ("D", round(&[("ann", "16"), ("bob", "8"), ("bob", "0")])),
        ]
        .into_iter()
        .map(|(key, round)| (key.to_owned(), round))
        .collect();
        let finals: BTreeMap<String, f64> =
            [("A", 4.0), ("B", 2.0), ("D", 8.0)].into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let mut warnings = Vec::new();
        let bias = estimator_bias(&rounds, &finals, &mut warnings);
        assert_eq!(bias.iter().map(|b| b.estimator.as_str()).collect::<Vec<_>>(), ["ann", "bob", "cat"]);
        assert_eq!((bias[0].n, bias[0].median_log2_ratio, bias[0].ratio), (3, Some(1.0), Some(2.0)));
        assert_eq!(bias[1].n, 2);
        assert!((bias[1].median_log2_ratio.unwrap() + 0.5).abs() < 1e-12);
        assert!((bias[1].ratio.unwrap() - 0.5f64.sqrt()).abs() < 1e-12);
        assert_eq!((bias[2].n, bias[2].median_log2_ratio, bias[2].ratio), (0, None, None));
        assert_eq!(warnings.len(), 1, "bob's 0 on D");
    }

    #[test]
    fn nothing_in_nothing_out() {
        let mut warnings = Vec::new();
        assert!(estimator_bias(&BTreeMap::new(), &BTreeMap::new(), &mut warnings).is_empty());
        assert!(warnings.is_empty());
    }
}
