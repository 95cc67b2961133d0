//! E: Emergent — the backlog changes as the product is learnt: items flow in and out, none
//! lingers untouched.
//!
//! Formulas:
//! - **Window**: the `window_days` days up to `as_of`, (as_of − window, as_of]. **Inflow** =
//!   items `created` in it; **outflow** = done items `resolved` in it (a done item without a
//!   resolved date counts at its `updated`). Both per ISO week (Monday 00:00 UTC), every week
//!   the window touches, the first and last possibly partial.
//! - **Age** of an open item = as_of − created in days (0 when created after as_of), counted in
//!   buckets bounded by `age_buckets_days` (`[30, 90]` gives 0–30, 30–90, 90+; a bucket holds
//!   its lower bound). Items without `created` are counted apart.
//! - **Stale**: open and idle for more than `stale_days`, idle = as_of − (`updated`, or `created`
//!   when there is no updated). Items with neither are counted apart and never stale.
//! - **Candidates to remove**: stale items ranked in the bottom `removal_bottom_share` of the
//!   ranking, i.e. rank > n − ⌊n × share⌋ for a ranking of n items.
//! - **Score** = 100 × (1 − stale / open items) × g, where g = 1 while inflow ≤
//!   `inflow_tolerance` × outflow, else `inflow_tolerance` × outflow / inflow (a backlog that
//!   grows much faster than it is worked off is not being refined). `None` without open items.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::deep::{Finding, sort_findings};
use super::{Backlog, HealthSettings, ItemFacts, days_between, share};
use crate::model::dates::{DAY_MS, iso_week_label, monday_of, mondays};
use crate::model::stats;

/// Items created and resolved in one ISO week of the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowWeek {
    /// The ISO week, `2026-W03`.
    pub week: String,
    /// Its Monday.
    pub week_start: NaiveDate,
    /// Items created in it (inflow).
    pub created: usize,
    /// Items resolved in it (outflow).
    pub resolved: usize,
}

/// Open items of an age range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgeBucket {
    /// `0-30 days`, `365+ days`.
    pub label: String,
    /// Lower bound in days (included).
    pub from_days: u32,
    /// Upper bound in days (excluded); `None` for the last bucket.
    pub to_days: Option<u32>,
    /// Open items in it.
    pub items: usize,
}

/// An open item not updated for more than `stale_days`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleItem {
    /// Its rank; `None` when not ranked.
    pub rank: Option<usize>,
    /// The item key.
    pub key: String,
    /// Title.
    pub title: Option<String>,
    /// When it was last updated (or created), ISO 8601.
    pub last_activity: Option<String>,
    /// Days since then.
    pub idle_days: f64,
}

/// E: Emergent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmergentPart {
    /// 0–100; `None` without open items.
    pub score: Option<f64>,
    /// How the score is computed.
    pub formula: &'static str,
    /// The window's length.
    pub window_days: u32,
    /// The window's start (excluded), ISO 8601.
    pub window_start: Option<String>,
    /// Inflow and outflow per ISO week of the window, oldest first.
    pub weeks: Vec<FlowWeek>,
    /// Items created in the window.
    pub inflow: usize,
    /// Items resolved in the window.
    pub outflow: usize,
    /// g in the formula: 1, or less when inflow exceeds the tolerated multiple of outflow.
    pub flow_factor: f64,
    /// Open items.
    pub open_items: usize,
    /// Of those, the stale ones.
    pub stale_items: usize,
    /// stale_items / open_items.
    pub stale_share: Option<f64>,
    /// Open items with neither updated nor created (never stale).
    pub unknown_activity_items: usize,
    /// Open items by age.
    pub age_buckets: Vec<AgeBucket>,
    /// Open items without a created date.
    pub unknown_age_items: usize,
    /// Median age of the open items, in days.
    pub median_age_days: Option<f64>,
    /// Every open item's age in days, for the age histogram (not written out: the buckets
    /// summarise it).
    #[serde(skip)]
    pub ages_days: Vec<f64>,
    /// The stale items, longest idle first (ties by key).
    pub stale: Vec<StaleItem>,
    /// Stale items in the bottom of the ranking, lowest rank first.
    pub removal_candidates: Vec<Finding>,
}

/// E: see the module documentation.
pub(crate) fn emergent(backlog: &Backlog<'_>, as_of: i64, settings: &HealthSettings) -> EmergentPart {
    let window_start = as_of.saturating_sub(i64::from(settings.window_days).saturating_mul(DAY_MS));
    let weeks = flow_weeks(backlog, window_start, as_of);
    let inflow: usize = weeks.iter().map(|week| week.created).sum();
    let outflow: usize = weeks.iter().map(|week| week.resolved).sum();
    let flow_factor = flow_factor(inflow, outflow, settings.inflow_tolerance);

    let open: Vec<&ItemFacts<'_>> = backlog.open().collect();
    let ages: Vec<f64> = open
        .iter()
        .filter_map(|item| item.created)
        .map(|created| days_between(created, as_of).max(0.0))
        .collect();
    let age_buckets = age_buckets(&ages, &settings.age_buckets_days);

    let stale_days = f64::from(settings.stale_days);
    let mut unknown_activity_items = 0;
    let mut stale = Vec::new();
    for item in &open {
        let Some(last) = item.updated.or(item.created) else {
            unknown_activity_items += 1;
            continue;
        };
        let idle_days = days_between(last, as_of);
        if idle_days > stale_days {
            stale.push(StaleItem {
                rank: item.rank,
                key: item.key.to_owned(),
                title: item.title.map(str::to_owned),
                last_activity: crate::model::dates::iso(last),
                idle_days,
            });
        }
    }
    stale.sort_by(|a, b| {
        b.idle_days.total_cmp(&a.idle_days).then_with(|| crate::model::keys::natural_key_cmp(&a.key, &b.key))
    });
    let removal_candidates = removal_candidates(&stale, backlog.ranking_len, settings.removal_bottom_share);

    let stale_share = share(stale.len(), open.len());
    EmergentPart {
        score: stale_share.map(|stale| 100.0 * (1.0 - stale) * flow_factor),
        formula: "100 × (1 − stale open items / open items) × flow factor; the flow factor is 1 while \
                  inflow ≤ tolerance × outflow, else tolerance × outflow / inflow",
        window_days: settings.window_days,
        window_start: crate::model::dates::iso(window_start),
        weeks,
        inflow,
        outflow,
        flow_factor,
        open_items: open.len(),
        stale_items: stale.len(),
        stale_share,
        unknown_activity_items,
        age_buckets,
        unknown_age_items: open.len() - ages.len(),
        median_age_days: stats::median(&ages),
        ages_days: ages,
        stale,
        removal_candidates,
    }
}

/// g in the module documentation.
fn flow_factor(inflow: usize, outflow: usize, tolerance: f64) -> f64 {
    let allowed = tolerance * outflow as f64;
    if inflow as f64 <= allowed { 1.0 } else { allowed / inflow as f64 }
}

fn flow_weeks(backlog: &Backlog<'_>, window_start: i64, as_of: i64) -> Vec<FlowWeek> {
    let in_window = |at: i64| window_start < at && at <= as_of;
    let mut counts: BTreeMap<NaiveDate, (usize, usize)> = BTreeMap::new();
    for item in &backlog.items {
        if let Some(monday) = item.created.filter(|at| in_window(*at)).and_then(monday_of) {
            counts.entry(monday).or_default().0 += 1;
        }
        let finished = if item.open { None } else { item.resolved.or(item.updated) };
        if let Some(monday) = finished.filter(|at| in_window(*at)).and_then(monday_of) {
            counts.entry(monday).or_default().1 += 1;
        }
    }
    let (Some(first), Some(last)) = (monday_of(window_start), monday_of(as_of)) else { return Vec::new() };
    mondays(first, last)
        .map(|monday| {
            let (created, resolved) = counts.get(&monday).copied().unwrap_or_default();
            FlowWeek { week: iso_week_label(monday), week_start: monday, created, resolved }
        })
        .collect()
}

fn age_buckets(ages: &[f64], bounds: &[u32]) -> Vec<AgeBucket> {
    let lower_bounds = std::iter::once(0).chain(bounds.iter().copied());
    let mut buckets: Vec<AgeBucket> = lower_bounds
        .zip(bounds.iter().copied().map(Some).chain(std::iter::once(None)))
        .map(|(from_days, to_days)| AgeBucket {
            label: match to_days {
                Some(to) => format!("{from_days}-{to} days"),
                None => format!("{from_days}+ days"),
            },
            from_days,
            to_days,
            items: 0,
        })
        .collect();
    for &age in ages {
        let index = bounds.iter().position(|&bound| age < f64::from(bound)).unwrap_or(bounds.len());
        if let Some(bucket) = buckets.get_mut(index) {
            bucket.items += 1;
        }
    }
    buckets
}

fn removal_candidates(stale: &[StaleItem], ranking_len: usize, bottom_share: f64) -> Vec<Finding> {
    // ⌊n × share⌋ of the ranking's n items form the bottom.
    let bottom = (ranking_len as f64 * bottom_share).floor() as usize;
    let first_bottom_rank = ranking_len - bottom.min(ranking_len) + 1;
    let mut candidates: Vec<Finding> = stale
        .iter()
        .filter_map(|item| {
            let rank = item.rank.filter(|rank| *rank >= first_bottom_rank)?;
            Some(Finding {
                rank: Some(rank),
                key: item.key.clone(),
                title: item.title.clone(),
                reasons: vec![
                    format!("not updated for {:.0} days", item.idle_days.floor()),
                    format!("rank {rank} of {ranking_len}"),
                ],
            })
        })
        .collect();
    sort_findings(&mut candidates);
    candidates.reverse();
    candidates
}

#[cfg(test)]
mod tests {
    use super::super::HealthSettings;
    use super::super::test_frames::{TestRow, close, day, done, health_of, items, links, open, ranking};
    use super::*;
    use crate::model::items as column;

    #[test]
    fn emergent_counts_flow_age_and_stale_items() {
        // As of Wed 2026-04-01, window 14 days: (2026-03-18, 2026-04-01], ISO weeks 12–14.
        // Inflow: D1 created 03-20 (W12), O3 created 03-30 (W14) = 2. Outflow: D1 resolved 03-25
        // (W13), D3 done without resolved, updated 03-31 (W14) = 2; D2 resolved 03-01 is before
        // the window. 2 ≤ 1.5 × 2, so the flow factor is 1.
        // Open O1..O5. Idle days: O1 7 (updated 03-25), O2 121 (created 2025-12-01, never
        // updated), O3 2, O4 59 (updated 02-01), O5 unknown. Stale (> 30): O2, O4 → 2 of 5.
        // Score = 100 × (1 − 2/5) × 1 = 60.
        // Ages: O1 455 (365+), O2 121 (90-180), O3 2 (0-30), O4 90 (90-180: a bucket holds its
        // lower bound), O5 unknown. Median of {2, 90, 121, 455} = (90 + 121) / 2 = 105.5.
        // Ranking O1..O4 (n = 4), bottom half = ranks 3 and 4: the stale O4 is a candidate.
        let at = |item: TestRow, created: Option<&str>, updated: Option<&str>| {
            let item = match created {
                Some(created) => item.time(column::CREATED, created),
                None => item,
            };
            match updated {
                Some(updated) => item.time(column::UPDATED, updated),
                None => item,
            }
        };
        let rows = [
            at(open("O1"), Some("2025-01-01"), Some("2026-03-25")),
            at(open("O2"), Some("2025-12-01"), None),
            at(open("O3"), Some("2026-03-30"), None),
            at(open("O4"), Some("2026-01-01"), Some("2026-02-01")),
            open("O5"),
            at(done("D1", "2026-03-25"), Some("2026-03-20"), None),
            at(done("D2", "2026-03-01"), Some("2026-02-01"), None),
            at(open("D3").text(column::STATUS_CATEGORY, "done"), Some("2026-01-10"), Some("2026-03-31")),
        ];
        let settings = HealthSettings { window_days: 14, stale_days: 30, ..HealthSettings::default() };
        let report = health_of(
            &items(&rows),
            &links(&[]),
            &ranking(&["O1", "O2", "O3", "O4"]),
            None,
            day("2026-04-01"),
            &settings,
        )
        .unwrap();
        let emergent = &report.emergent;
        let weeks: Vec<(&str, usize, usize)> =
            emergent.weeks.iter().map(|week| (week.week.as_str(), week.created, week.resolved)).collect();
        assert_eq!(weeks, [("2026-W12", 1, 0), ("2026-W13", 0, 1), ("2026-W14", 1, 1)]);
        assert_eq!(emergent.weeks[0].week_start, NaiveDate::from_ymd_opt(2026, 3, 16).unwrap());
        assert_eq!((emergent.inflow, emergent.outflow, emergent.flow_factor), (2, 2, 1.0));
        assert_eq!(emergent.window_start.as_deref(), Some("2026-03-18T00:00:00Z"));
        assert_eq!((emergent.open_items, emergent.stale_items, emergent.unknown_activity_items), (5, 2, 1));
        close(emergent.stale_share, 0.4);
        close(emergent.score, 60.0);
        let stale: Vec<(&str, f64)> =
            emergent.stale.iter().map(|item| (item.key.as_str(), item.idle_days)).collect();
        assert_eq!(stale, [("O2", 121.0), ("O4", 59.0)]);
        assert_eq!(emergent.stale[1].last_activity.as_deref(), Some("2026-02-01T00:00:00Z"));
        let buckets: Vec<(&str, usize)> =
            emergent.age_buckets.iter().map(|bucket| (bucket.label.as_str(), bucket.items)).collect();
        assert_eq!(
            buckets,
            [("0-30 days", 1), ("30-90 days", 0), ("90-180 days", 2), ("180-365 days", 0), ("365+ days", 1)]
        );
        assert_eq!(emergent.unknown_age_items, 1);
        close(emergent.median_age_days, 105.5);
        assert_eq!(emergent.removal_candidates.len(), 1);
        assert_eq!(emergent.removal_candidates[0].key, "O4");
        assert_eq!(emergent.removal_candidates[0].reasons, ["not updated for 59 days", "rank 4 of 4"]);
    }

    #[test]
    fn the_flow_factor_falls_when_inflow_outruns_outflow() {
        // Tolerance 1.5: 3 ≤ 1.5 × 2 → 1; 6 > 3 → 3 / 6 = 0.5; nothing out → 0; nothing at all → 1.
        assert_eq!(flow_factor(3, 2, 1.5), 1.0);
        assert_eq!(flow_factor(6, 2, 1.5), 0.5);
        assert_eq!(flow_factor(3, 0, 1.5), 0.0);
        assert_eq!(flow_factor(0, 0, 1.5), 1.0);
    }

    #[test]
    fn removal_candidates_are_the_stale_items_in_the_bottom_share() {
        let stale = |key: &str, rank: Option<usize>| StaleItem {
            rank,
            key: key.to_owned(),
            title: None,
            last_activity: None,
            idle_days: 100.0,
        };
        let items = [stale("A", Some(5)), stale("B", Some(6)), stale("C", Some(11)), stale("D", None)];
        // n = 11, share 0.5: ⌊5.5⌋ = 5 bottom ranks, 7..=11 → C only; lowest rank first.
        let keys = |found: Vec<Finding>| found.into_iter().map(|finding| finding.key).collect::<Vec<_>>();
        assert_eq!(keys(removal_candidates(&items, 11, 0.5)), ["C"]);
        // Share 1: every ranked stale item, lowest first; share 0: none.
        assert_eq!(keys(removal_candidates(&items, 11, 1.0)), ["C", "B", "A"]);
        assert!(removal_candidates(&items, 11, 0.0).is_empty());
    }

    #[test]
    fn no_buckets_give_one_bucket_of_every_age() {
        let buckets = age_buckets(&[0.0, 400.0], &[]);
        assert_eq!(buckets.len(), 1);
        assert_eq!((buckets[0].label.as_str(), buckets[0].items), ("0+ days", 2));
    }
}
