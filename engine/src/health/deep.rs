//! The near top and three of the four DEEP parts — Detailed appropriately, Estimated,
//! Prioritized — and the overall score. Emergent is in [`super::deep_emergent`].
//!
//! Formulas (each score 0–100; `None` when the part has nothing to judge):
//! - **Near top**: ranked open items that are not containers, from rank 1 down, while the
//!   estimate of the items above is below C = `near_top_sprints` × average velocity (the item
//!   that reaches C is in). Unestimated items count as the median estimate of the ranked items.
//!   Without a velocity or without any estimate: the top `near_top_items_without_velocity`
//!   items.
//! - **Detailed** = 100 × (near-top items with a description of at least
//!   `min_description_len` characters *and* acceptance criteria) / near-top items. Items below
//!   the near top may be coarse and are not scored; those already detailed are counted as
//!   information (detail written far ahead tends to go stale before anyone works on it).
//! - **Oversized**: estimate ≥ `split_threshold_points`, or estimate > half the average velocity
//!   (a story should fit in half a sprint). The effective threshold is the smaller of the two.
//! - **Estimated** = 100 × (near-top items estimated and not oversized) / near-top items; the
//!   share estimated alone is reported beside it.
//! - **Prioritized** = 100 × (r + f) / 2, where r = open items with an explicit `rank` / open
//!   items and f is the priority factor: with h = open items at a `high_priorities` level /
//!   open items with a priority and m = `max_high_priority_share`, f = 1 when h ≤ m, else
//!   (1 − h) / (1 − m) (0 when everything is high). When no open item has a priority, the score
//!   is 100 × r.
//! - **Overall** = Σ wᵢ · scoreᵢ / Σ wᵢ over the parts that have a score (`[health.weights]`);
//!   `None` when no part has one.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Backlog, HealthError, HealthSettings, ItemFacts, share};
use crate::model::stats;

/// An item behind a part's score, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Its rank in the ranking; `None` when not ranked.
    pub rank: Option<usize>,
    /// The item key.
    pub key: String,
    /// Title.
    pub title: Option<String>,
    /// What is wrong, one phrase each.
    pub reasons: Vec<String>,
}

/// How the near top was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NearTopBasis {
    /// `near_top_sprints` × average velocity of estimated points.
    Capacity,
    /// A fixed number of top-ranked items (no velocity or no estimate).
    TopItems,
}

/// The ranked items the next sprints will hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearTop {
    /// How it was found.
    pub basis: NearTopBasis,
    /// Capacity in points (sprints × average velocity), with [`NearTopBasis::Capacity`].
    pub capacity_points: Option<f64>,
    /// The points an unestimated item counts as: the median estimate of the ranked items.
    pub median_estimate: Option<f64>,
    /// Points of the near-top items, unestimated ones at the median.
    pub counted_points: f64,
    /// The near-top keys, rank order.
    pub keys: Vec<String>,
    /// Indices into the backlog, rank order.
    #[serde(skip)]
    pub(crate) indices: Vec<usize>,
    /// The same indices, for membership tests.
    #[serde(skip)]
    pub(crate) members: BTreeSet<usize>,
}

impl NearTop {
    pub(crate) fn contains(&self, index: usize) -> bool {
        self.members.contains(&index)
    }
}

/// D: Detailed appropriately.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DetailedPart {
    /// 0–100; `None` without near-top items.
    pub score: Option<f64>,
    /// How the score is computed.
    pub formula: &'static str,
    /// Near-top items.
    pub near_top_items: usize,
    /// Of those, the ones with a description and acceptance criteria.
    pub detailed_items: usize,
    /// Near-top items lacking detail, rank order.
    pub items: Vec<Finding>,
    /// Ranked items below the near top that already have a description and acceptance criteria
    /// (information: detail this far ahead may go stale; not scored).
    pub detailed_lower_items: usize,
}

/// E: Estimated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimatedPart {
    /// 0–100; `None` without near-top items.
    pub score: Option<f64>,
    /// How the score is computed.
    pub formula: &'static str,
    /// Near-top items.
    pub near_top_items: usize,
    /// Of those, the estimated ones.
    pub estimated_items: usize,
    /// estimated_items / near_top_items.
    pub estimated_share: Option<f64>,
    /// Of those, the estimated ones that are not oversized.
    pub sized_items: usize,
    /// An estimate this large or larger is oversized.
    pub split_threshold_points: f64,
    /// Half the average velocity: an estimate above it is oversized; `None` without velocity.
    pub half_velocity_points: Option<f64>,
    /// The smaller of the two thresholds.
    pub effective_threshold_points: f64,
    /// Near-top items unestimated or oversized, rank order.
    pub items: Vec<Finding>,
    /// Every oversized ranked item (near top or not), rank order: candidates to split.
    pub oversized: Vec<Finding>,
}

/// P: Prioritized.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrioritizedPart {
    /// 0–100; `None` without open items.
    pub score: Option<f64>,
    /// How the score is computed.
    pub formula: &'static str,
    /// Open items.
    pub open_items: usize,
    /// Open items with an explicit rank in the tracker.
    pub ranked_items: usize,
    /// ranked_items / open_items.
    pub ranked_share: Option<f64>,
    /// Open items with a priority.
    pub prioritised_items: usize,
    /// Of those, the ones at a high priority level.
    pub high_priority_items: usize,
    /// high_priority_items / prioritised_items.
    pub high_priority_share: Option<f64>,
    /// Whether the high-priority share is above `max_high_priority_share`.
    pub inflated: bool,
    /// The priority factor f in the formula.
    pub priority_factor: Option<f64>,
    /// Open items without an explicit rank, then (when inflated) the high-priority items; rank
    /// order, unranked by key.
    pub items: Vec<Finding>,
}

/// The weights of the four parts in the overall score (`[health.weights]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeepWeights {
    /// Detailed appropriately.
    pub detailed: f64,
    /// Estimated.
    pub estimated: f64,
    /// Emergent.
    pub emergent: f64,
    /// Prioritized.
    pub prioritized: f64,
}

impl Default for DeepWeights {
    fn default() -> Self {
        DeepWeights { detailed: 0.25, estimated: 0.25, emergent: 0.25, prioritized: 0.25 }
    }
}

impl DeepWeights {
    fn named(&self) -> [(&'static str, f64); 4] {
        [
            ("detailed", self.detailed),
            ("estimated", self.estimated),
            ("emergent", self.emergent),
            ("prioritized", self.prioritized),
        ]
    }

    pub(crate) fn validate(&self) -> Result<(), HealthError> {
        let invalid =
            |setting: String, message: String| Err(HealthError::InvalidSettings { setting, message });
        for (name, weight) in self.named() {
            if !(weight.is_finite() && weight >= 0.0) {
                return invalid(
                    format!("health.weights.{name}"),
                    format!("expected a number ≥ 0, found {weight}"),
                );
            }
        }
        if self.named().iter().all(|(_, weight)| *weight == 0.0) {
            return invalid("health.weights".into(), "every weight is 0: give one a weight above 0".into());
        }
        Ok(())
    }
}

/// The overall score and how each part contributes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverallScore {
    /// 0–100; `None` when no part has a score.
    pub score: Option<f64>,
    /// How the score is computed.
    pub formula: &'static str,
    /// The four parts in DEEP order.
    pub parts: Vec<PartScore>,
}

/// One part in the overall score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartScore {
    /// detailed | estimated | emergent | prioritized.
    pub part: &'static str,
    /// The part's score.
    pub score: Option<f64>,
    /// Its configured weight.
    pub weight: f64,
    /// Points it adds to the overall score: score × weight / the weights of the scored parts.
    pub contribution: Option<f64>,
}

/// When an item counts as oversized.
pub(crate) struct Oversize {
    split: f64,
    half_velocity: Option<f64>,
}

impl Oversize {
    pub(crate) fn new(split_threshold_points: f64, velocity: Option<f64>) -> Oversize {
        Oversize { split: split_threshold_points, half_velocity: velocity.map(|velocity| velocity / 2.0) }
    }

    /// Why an estimate is oversized, `None` when it is not.
    pub(crate) fn reason(&self, estimate: f64) -> Option<String> {
        if estimate >= self.split {
            return Some(format!(
                "{} points: at or above the split threshold of {}",
                points(estimate),
                points(self.split)
            ));
        }
        self.half_velocity.filter(|half| estimate > *half).map(|half| {
            format!("{} points: more than half the average velocity ({})", points(estimate), points(half))
        })
    }
}

/// Points for a message: at most one decimal, none when whole.
pub(crate) fn points(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    format!("{rounded}")
}

/// Finds the near top (see the module documentation).
pub(crate) fn near_top(
    backlog: &Backlog<'_>,
    velocity: Option<f64>,
    settings: &HealthSettings,
    warnings: &mut Vec<String>,
) -> NearTop {
    let work: Vec<(usize, &ItemFacts<'_>)> = backlog
        .ranked
        .iter()
        .map(|&index| (index, &backlog.items[index]))
        .filter(|(_, item)| !item.container)
        .collect();
    let estimates: Vec<f64> = work.iter().filter_map(|(_, item)| item.estimate).collect();
    let median_estimate = stats::median(&estimates);
    let top_items = settings.near_top_items_without_velocity;
    let (basis, capacity_points, chosen) = match (velocity, median_estimate) {
        (Some(velocity), Some(median)) => {
            let capacity = settings.near_top_sprints * velocity;
            let mut before = 0.0;
            let chosen: Vec<usize> = work
                .iter()
                .take_while(|(_, item)| {
                    let fits = before < capacity;
                    before += item.estimate.unwrap_or(median);
                    fits
                })
                .map(|(index, _)| *index)
                .collect();
            (NearTopBasis::Capacity, Some(capacity), chosen)
        }
        (velocity, _) => {
            if !work.is_empty() {
                warnings.push(if velocity.is_none() {
                    format!("no average velocity: the near top is the top {top_items} ranked items")
                } else {
                    format!("no ranked item is estimated: the near top is the top {top_items} ranked items")
                });
            }
            (NearTopBasis::TopItems, None, work.iter().take(top_items).map(|(index, _)| *index).collect())
        }
    };
    let counted_points =
        chosen.iter().map(|&index| backlog.items[index].estimate.or(median_estimate).unwrap_or(0.0)).sum();
    NearTop {
        basis,
        capacity_points,
        median_estimate,
        counted_points,
        keys: chosen.iter().map(|&index| backlog.items[index].key.to_owned()).collect(),
        members: chosen.iter().copied().collect(),
        indices: chosen,
    }
}

/// The description and acceptance-criteria gaps of an item, empty when it is detailed.
pub(crate) fn detail_gaps(item: &ItemFacts<'_>, min_description_len: i64) -> Vec<String> {
    description_gap(item, min_description_len).into_iter().chain(acceptance_gap(item)).collect()
}

/// Why the item's description does not count as one (shorter than `min_description_len`
/// characters, at least 1), `None` when it does.
pub(crate) fn description_gap(item: &ItemFacts<'_>, min_description_len: i64) -> Option<String> {
    let min = min_description_len.max(1);
    match item.description_len() {
        0 => Some("no description".to_owned()),
        length if length < min => Some(format!("description of {length} characters, under {min}")),
        _ => None,
    }
}

/// "no acceptance criteria" when the description states none.
pub(crate) fn acceptance_gap(item: &ItemFacts<'_>) -> Option<String> {
    (!item.has_acceptance_criteria()).then(|| "no acceptance criteria".to_owned())
}

/// D: see the module documentation.
pub(crate) fn detailed(backlog: &Backlog<'_>, near_top: &NearTop, min_description_len: i64) -> DetailedPart {
    let mut items = Vec::new();
    for &index in &near_top.indices {
        let item = &backlog.items[index];
        let gaps = detail_gaps(item, min_description_len);
        if !gaps.is_empty() {
            items.push(item.finding(gaps));
        }
    }
    let near_top_items = near_top.indices.len();
    let detailed_items = near_top_items - items.len();
    let detailed_lower_items = backlog
        .ranked
        .iter()
        .filter(|&&index| !near_top.contains(index))
        .map(|&index| &backlog.items[index])
        .filter(|item| !item.container && detail_gaps(item, min_description_len).is_empty())
        .count();
    DetailedPart {
        score: share(detailed_items, near_top_items).map(|share| 100.0 * share),
        formula: "100 × near-top items with a description and acceptance criteria / near-top items",
        near_top_items,
        detailed_items,
        items,
        detailed_lower_items,
    }
}

/// E: see the module documentation.
pub(crate) fn estimated(backlog: &Backlog<'_>, near_top: &NearTop, oversize: &Oversize) -> EstimatedPart {
    let mut items = Vec::new();
    let mut estimated_items = 0;
    for &index in &near_top.indices {
        let item = &backlog.items[index];
        match item.estimate {
            None => items.push(item.finding(vec!["not estimated".to_owned()])),
            Some(estimate) => {
                estimated_items += 1;
                if let Some(reason) = oversize.reason(estimate) {
                    items.push(item.finding(vec![reason]));
                }
            }
        }
    }
    let oversized = backlog
        .ranked_work()
        .filter_map(|item| {
            item.estimate
                .and_then(|estimate| oversize.reason(estimate))
                .map(|reason| item.finding(vec![reason]))
        })
        .collect();
    let near_top_items = near_top.indices.len();
    let sized_items = near_top_items - items.len();
    EstimatedPart {
        score: share(sized_items, near_top_items).map(|share| 100.0 * share),
        formula: "100 × near-top items estimated and not oversized / near-top items",
        near_top_items,
        estimated_items,
        estimated_share: share(estimated_items, near_top_items),
        sized_items,
        split_threshold_points: oversize.split,
        half_velocity_points: oversize.half_velocity,
        effective_threshold_points: oversize
            .half_velocity
            .map_or(oversize.split, |half| half.min(oversize.split)),
        items,
        oversized,
    }
}

/// P: see the module documentation.
pub(crate) fn prioritized(backlog: &Backlog<'_>, settings: &HealthSettings) -> PrioritizedPart {
    let is_high = |priority: &str| {
        settings.high_priorities.iter().any(|name| name.trim().eq_ignore_ascii_case(priority.trim()))
    };
    let open: Vec<&ItemFacts<'_>> = backlog.open().collect();
    let unranked: Vec<&ItemFacts<'_>> =
        open.iter().copied().filter(|item| item.source_rank.is_none()).collect();
    let prioritised: Vec<&ItemFacts<'_>> =
        open.iter().copied().filter(|item| item.priority.is_some()).collect();
    let high: Vec<&ItemFacts<'_>> =
        prioritised.iter().copied().filter(|item| item.priority.is_some_and(is_high)).collect();

    let ranked_items = open.len() - unranked.len();
    let ranked_share = share(ranked_items, open.len());
    let high_priority_share = share(high.len(), prioritised.len());
    let limit = settings.max_high_priority_share;
    let inflated = high_priority_share.is_some_and(|high| high > limit);
    let priority_factor =
        high_priority_share.map(|high| if high <= limit { 1.0 } else { (1.0 - high) / (1.0 - limit) });
    let score = ranked_share.map(|ranked| match priority_factor {
        Some(factor) => 100.0 * (ranked + factor) / 2.0,
        None => 100.0 * ranked,
    });

    let mut items: Vec<Finding> = unranked
        .iter()
        .map(|item| item.finding(vec!["no explicit rank in the tracker".to_owned()]))
        .collect();
    if inflated {
        let high_share = high_priority_share.unwrap_or_default();
        items.extend(high.iter().map(|item| {
            let priority = item.priority.unwrap_or_default();
            item.finding(vec![format!(
                "priority {priority}: one of {:.0}% of prioritised open items at the top levels (more than {:.0}%)",
                100.0 * high_share,
                100.0 * limit
            )])
        }));
    }
    sort_findings(&mut items);
    PrioritizedPart {
        score,
        formula: "100 × (explicitly ranked share + priority factor) / 2; priority factor 1 up to the \
                  allowed high-priority share, falling linearly to 0 when every item is high",
        open_items: open.len(),
        ranked_items,
        ranked_share,
        prioritised_items: prioritised.len(),
        high_priority_items: high.len(),
        high_priority_share,
        inflated,
        priority_factor,
        items,
    }
}

/// Rank order, unranked after by key; an item listed twice keeps one entry with both reasons.
pub(crate) fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (a.rank.is_none(), a.rank)
            .cmp(&(b.rank.is_none(), b.rank))
            .then_with(|| crate::model::keys::natural_key_cmp(&a.key, &b.key))
    });
    findings.dedup_by(|later, first| {
        let same = later.key == first.key;
        if same {
            first.reasons.append(&mut later.reasons);
        }
        same
    });
}

/// The overall score: see the module documentation.
pub(crate) fn overall(weights: &DeepWeights, scores: [(&'static str, Option<f64>); 4]) -> OverallScore {
    let weighted: Vec<(&'static str, Option<f64>, f64)> = scores
        .iter()
        .zip(weights.named())
        .map(|((part, score), (_, weight))| (*part, *score, weight))
        .collect();
    let scored_weight: f64 =
        weighted.iter().filter(|(_, score, _)| score.is_some()).map(|(_, _, weight)| weight).sum();
    let parts: Vec<PartScore> = weighted
        .iter()
        .map(|&(part, score, weight)| PartScore {
            part,
            score,
            weight,
            contribution: score.filter(|_| scored_weight > 0.0).map(|score| score * weight / scored_weight),
        })
        .collect();
    let score = (scored_weight > 0.0).then(|| parts.iter().filter_map(|part| part.contribution).sum());
    OverallScore { score, formula: "Σ weight × score / Σ weight, over the parts that have a score", parts }
}

#[cfg(test)]
mod tests {
    use super::super::test_frames::{
        ItemRow, TestRow, close, day, done, health_of, items, links, open, ranking,
    };
    use super::super::{HealthReport, HealthSettings};
    use super::*;
    use crate::model::items as column;

    fn run(
        rows: &[TestRow],
        ranked: &[&str],
        velocity: Option<f64>,
        settings: &HealthSettings,
    ) -> HealthReport {
        health_of(&items(rows), &links(&[]), &ranking(ranked), velocity, day("2026-04-01"), settings).unwrap()
    }

    fn keys(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|finding| finding.key.as_str()).collect()
    }

    #[test]
    fn the_near_top_fills_the_capacity_counting_unestimated_items_at_the_median() {
        // Estimates A 5, B none, C 3, D 8, F 2, G 1; the epic E is skipped. Median of
        // {5, 3, 8, 2, 1} = 3. Capacity 2 sprints × 5 = 10. Points above each item: A 0 (in),
        // B 5 (in), C 5 + 3 = 8 (in), D 8 + 3 = 11 ≥ 10 (out, and everything after).
        let rows = [
            open("A").estimate(5.0),
            open("B"),
            open("E").text(column::TYPE, "Epic"),
            open("C").estimate(3.0),
            open("D").estimate(8.0),
            open("F").estimate(2.0),
            open("G").estimate(1.0),
        ];
        let report = run(&rows, &["A", "B", "E", "C", "D", "F", "G"], Some(5.0), &HealthSettings::default());
        let near_top = &report.near_top;
        assert_eq!(near_top.basis, NearTopBasis::Capacity);
        assert_eq!(near_top.keys, ["A", "B", "C"]);
        close(near_top.capacity_points, 10.0);
        close(near_top.median_estimate, 3.0);
        close(Some(near_top.counted_points), 5.0 + 3.0 + 3.0);
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    }

    #[test]
    fn detailed_scores_the_near_top_and_counts_detailed_lower_items_apart() {
        // No velocity: the near top is the top 3 items.
        let settings = HealthSettings { near_top_items_without_velocity: 3, ..HealthSettings::default() };
        let rows = [
            open("A").described(120, true),
            open("B"),
            open("C").described(30, true),
            open("D").described(200, true),
            open("F").described(10, false),
        ];
        let report = run(&rows, &["A", "B", "C", "D", "F"], None, &settings);
        let detailed = &report.detailed;
        // Near top A, B, C; only A has a description of ≥ 50 characters and criteria: 1/3.
        assert_eq!(detailed.near_top_items, 3);
        assert_eq!(detailed.detailed_items, 1);
        close(detailed.score, 100.0 / 3.0);
        assert_eq!(keys(&detailed.items), ["B", "C"]);
        assert_eq!(detailed.items[0].reasons, ["no description", "no acceptance criteria"]);
        assert_eq!(detailed.items[1].reasons, ["description of 30 characters, under 50"]);
        // D (rank 4) is detailed below the near top; F is not.
        assert_eq!(detailed.detailed_lower_items, 1);
        assert_eq!(report.warnings, ["no average velocity: the near top is the top 3 ranked items"]);
    }

    #[test]
    fn estimated_counts_unestimated_and_oversized_near_top_items() {
        // Velocity 10: capacity 20, half velocity 5. Median of {3, 8, 13, 2, 1} = 3. Points above:
        // A 0, B 3, C 3 + 3 = 6, D 6 + 8 = 14 (all in), E 14 + 13 = 27 (out).
        let rows = [
            open("A").estimate(3.0),
            open("B"),
            open("C").estimate(8.0),
            open("D").estimate(13.0),
            open("E").estimate(2.0),
            open("F").estimate(1.0),
        ];
        let report = run(&rows, &["A", "B", "C", "D", "E", "F"], Some(10.0), &HealthSettings::default());
        let estimated = &report.estimated;
        assert_eq!(report.near_top.keys, ["A", "B", "C", "D"]);
        // Estimated: A, C, D (3 of 4); not oversized among them: A only (C 8 > 5, D 13 ≥ 13).
        assert_eq!((estimated.near_top_items, estimated.estimated_items, estimated.sized_items), (4, 3, 1));
        close(estimated.estimated_share, 0.75);
        close(estimated.score, 25.0);
        close(estimated.half_velocity_points, 5.0);
        assert_eq!(estimated.effective_threshold_points, 5.0);
        assert_eq!(keys(&estimated.items), ["B", "C", "D"]);
        assert_eq!(estimated.items[0].reasons, ["not estimated"]);
        assert_eq!(estimated.items[1].reasons, ["8 points: more than half the average velocity (5)"]);
        assert_eq!(estimated.items[2].reasons, ["13 points: at or above the split threshold of 13"]);
        assert_eq!(keys(&estimated.oversized), ["C", "D"]);
    }

    #[test]
    fn without_any_estimate_the_near_top_is_the_top_items_and_nothing_is_estimated() {
        let settings = HealthSettings { near_top_items_without_velocity: 2, ..HealthSettings::default() };
        let rows = [open("A"), open("B"), open("C")];
        let report = run(&rows, &["A", "B", "C"], Some(10.0), &settings);
        assert_eq!(report.near_top.basis, NearTopBasis::TopItems);
        assert_eq!(report.near_top.keys, ["A", "B"]);
        assert_eq!(report.near_top.median_estimate, None);
        close(report.estimated.score, 0.0);
        assert_eq!(report.estimated.estimated_share, Some(0.0));
        assert_eq!(report.warnings, ["no ranked item is estimated: the near top is the top 2 ranked items"]);
    }

    #[test]
    fn prioritized_combines_explicit_rank_and_priority_inflation() {
        // Open: A..E; ranked in the tracker: A, B, C, D → r = 4/5 = 0.8. Priorities High, High,
        // Medium, Low, none → h = 2/4 = 0.5 > 0.3, f = (1 − 0.5) / (1 − 0.3) = 0.714285…
        // Score = 100 × (0.8 + 0.714285…) / 2 = 75.714285… The done item X is not counted.
        let with = |item: TestRow, rank: Option<i64>, priority: Option<&str>| {
            let item = item.text_or_null(column::PRIORITY, priority);
            match rank {
                Some(rank) => item.integer(column::RANK, rank),
                None => item,
            }
        };
        let rows = [
            with(open("A"), Some(1), Some("High")),
            with(open("B"), Some(2), Some("high ")),
            with(open("C"), Some(3), Some("Medium")),
            with(open("D"), Some(4), Some("Low")),
            with(open("E"), None, None),
            with(done("X", "2026-03-01"), None, Some("Highest")),
        ];
        let report = run(&rows, &["A", "B", "C", "D", "E"], None, &HealthSettings::default());
        let prioritized = &report.prioritized;
        assert_eq!((prioritized.open_items, prioritized.ranked_items), (5, 4));
        assert_eq!((prioritized.prioritised_items, prioritized.high_priority_items), (4, 2));
        assert!(prioritized.inflated);
        close(prioritized.priority_factor, 0.5 / 0.7);
        close(prioritized.score, 100.0 * (0.8 + 0.5 / 0.7) / 2.0);
        assert_eq!(keys(&prioritized.items), ["A", "B", "E"]);
        assert!(prioritized.items[0].reasons[0].starts_with("priority High: one of 50%"));
        assert_eq!(prioritized.items[2].reasons, ["no explicit rank in the tracker"]);
    }

    #[test]
    fn prioritized_without_any_priority_is_the_ranked_share() {
        // r = 1/2 and no priority at all: 100 × 0.5.
        let rows = [open("A").integer(column::RANK, 1), open("B")];
        let report = run(&rows, &["A", "B"], None, &HealthSettings::default());
        assert_eq!(report.prioritized.priority_factor, None);
        assert!(!report.prioritized.inflated);
        close(report.prioritized.score, 50.0);
    }

    #[test]
    fn the_overall_score_is_the_weighted_mean_of_the_scored_parts() {
        // Equal weights, Emergent unscored: (50 + 100 + 80) / 3 = 76.666…; each part adds a third.
        let equal = overall(
            &DeepWeights::default(),
            [
                ("detailed", Some(50.0)),
                ("estimated", Some(100.0)),
                ("emergent", None),
                ("prioritized", Some(80.0)),
            ],
        );
        close(equal.score, 230.0 / 3.0);
        close(equal.parts[0].contribution, 50.0 / 3.0);
        assert_eq!(equal.parts[2].contribution, None);
        // Weights 3, 1, 0, 0: (3 × 40 + 1 × 80) / 4 = 50.
        let weights = DeepWeights { detailed: 3.0, estimated: 1.0, emergent: 0.0, prioritized: 0.0 };
        let weighted = overall(
            &weights,
            [
                ("detailed", Some(40.0)),
                ("estimated", Some(80.0)),
                ("emergent", Some(10.0)),
                ("prioritized", None),
            ],
        );
        close(weighted.score, 50.0);
        close(weighted.parts[2].contribution, 0.0);
        let none = overall(
            &DeepWeights::default(),
            [("detailed", None), ("estimated", None), ("emergent", None), ("prioritized", None)],
        );
        assert_eq!(none.score, None);
    }

    #[test]
    fn an_empty_backlog_has_no_scores_and_says_so() {
        let report = run(&[], &[], Some(10.0), &HealthSettings::default());
        assert_eq!(report.open_items, 0);
        for part in &report.overall.parts {
            assert_eq!(part.score, None, "{}", part.part);
        }
        assert_eq!(report.overall.score, None);
        assert!(report.near_top.keys.is_empty());
        assert_eq!(report.ready.checked_items, 0);
        assert_eq!(report.type_mix.open_items, 0);
        assert_eq!(report.warnings, ["the backlog has no items: there is nothing to score"]);
    }

    #[test]
    fn non_finite_estimates_and_velocity_are_missing() {
        let rows = [open("A").estimate(f64::NAN), open("B").estimate(3.0)];
        let report = run(&rows, &["A", "B"], Some(f64::INFINITY), &HealthSettings::default());
        assert_eq!(report.estimated.estimated_items, 1);
        assert!(report.warnings[0].starts_with("average velocity inf is not a positive number"));
        assert!(report.overall.score.is_some_and(f64::is_finite));
    }
}
