//! The ranked backlog as people scan it: one line per item with its score as a bar, the two
//! or three things that drove the score as short chips ("demand: 41 customers", "effort: 3
//! points"), flags as badges (not ready, discuss, blocked, duplicate?) and the sprint it lands
//! in at 85% confidence. The HTML shows every line (details open on click), the Markdown the
//! first ones; the full table stays in `rank-ranking.csv`.

use std::collections::{BTreeMap, BTreeSet};

use refine_engine::model::drivers::ScoreDriver;
use refine_engine::rank::RankedItem;
use refine_engine::run::Analyses;

use super::attention::NEAR_DUPLICATE;
use super::reading::decimal;

/// One ranked item's line.
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogLine<'a> {
    /// The item as ranked (rank, key, title, score, explanation...).
    pub item: &'a RankedItem,
    /// The score as a share of the best score, 0–1, for the bar; `None` when not scored.
    pub bar: Option<f64>,
    /// What drove the score, largest first, then what moved it (blocking others).
    pub chips: Vec<String>,
    /// Flags, in a fixed order.
    pub badges: Vec<Badge>,
    /// When it is done at 85% confidence: "sprint 3, 12 Mar 2027" as (period, date).
    pub lands: Option<Landing<'a>>,
}

/// When an item is done at 85% confidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Landing<'a> {
    /// `sprint` or `week`.
    pub period_name: &'static str,
    /// 1 = the next period.
    pub period: usize,
    /// The period's last day (ISO).
    pub date: &'a str,
}

/// A flag on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Badge {
    /// Fails the Definition of Ready (the reasons).
    NotReady(String),
    /// The team's estimates are far apart.
    Discuss,
    /// Waits on open items (their keys).
    Blocked(String),
    /// Reads nearly the same as another open item (its key): a duplicate candidate at
    /// [`NEAR_DUPLICATE`] or more that nobody has linked.
    Duplicate(String),
}

impl Badge {
    /// The badge's text.
    pub fn label(&self) -> &'static str {
        match self {
            Badge::NotReady(_) => "not ready",
            Badge::Discuss => "discuss",
            Badge::Blocked(_) => "blocked",
            Badge::Duplicate(_) => "duplicate?",
        }
    }

    /// The longer explanation (a tooltip).
    pub fn detail(&self) -> String {
        match self {
            Badge::NotReady(reasons) => format!("Not ready: {reasons}"),
            Badge::Discuss => {
                "The estimates of the last poker round are two or more deck steps apart".to_owned()
            }
            Badge::Blocked(keys) => format!("Waits on {keys}"),
            Badge::Duplicate(key) => format!("Looks like {key}"),
        }
    }

    /// A CSS class name for the badge (`not-ready`).
    pub fn class(&self) -> &'static str {
        match self {
            Badge::NotReady(_) => "not-ready",
            Badge::Discuss => "discuss",
            Badge::Blocked(_) => "blocked",
            Badge::Duplicate(_) => "duplicate",
        }
    }
}

/// The lines of the first `shown` ranked items, rank 1 first. What they read of the other
/// analyses is gathered for those items only, so a million-item ranking costs one pass over
/// each result, not a map of it.
pub fn backlog_lines(analyses: &Analyses, shown: usize) -> Vec<BacklogLine<'_>> {
    let ranked = &analyses.prioritization.ranking.items;
    let ranked = &ranked[..ranked.len().min(shown)];
    let facts = Facts::of(analyses, ranked.iter().map(|item| item.key.as_str()).collect());
    let best =
        analyses.prioritization.ranking.items.iter().filter_map(|item| item.score).fold(0.0_f64, f64::max);
    ranked
        .iter()
        .map(|item| BacklogLine {
            item,
            bar: item.score.map(|score| if best > 0.0 { (score / best).clamp(0.0, 1.0) } else { 0.0 }),
            chips: chips(item, &facts),
            badges: badges(item, &facts),
            lands: facts.lands.get(item.key.as_str()).copied(),
        })
        .collect()
}

/// What the lines read of the other analyses, by item key, for the items shown.
struct Facts<'a> {
    /// Customers and requests per item with demand.
    demand: BTreeMap<&'a str, (u64, u64)>,
    not_ready: BTreeMap<&'a str, String>,
    discuss: BTreeSet<&'a str>,
    /// The other item of an unlinked near-duplicate pair.
    duplicate_of: BTreeMap<&'a str, &'a str>,
    lands: BTreeMap<&'a str, Landing<'a>>,
}

impl<'a> Facts<'a> {
    fn of(analyses: &'a Analyses, shown: BTreeSet<&'a str>) -> Facts<'a> {
        let wanted = |key: &str| shown.contains(key);
        let demand = analyses.prioritization.demand.iter().flat_map(|demand| &demand.items);
        let health = analyses.health.as_ref();
        let ready = health.iter().flat_map(|review| &review.scorecard.ready.items);
        let pairs = health.iter().flat_map(|review| &review.duplicates.candidates);
        let mut duplicate_of = BTreeMap::new();
        for pair in pairs.filter(|pair| !pair.already_linked && pair.similarity >= NEAR_DUPLICATE) {
            duplicate_of.entry(pair.key_a.as_str()).or_insert(pair.key_b.as_str());
            duplicate_of.entry(pair.key_b.as_str()).or_insert(pair.key_a.as_str());
        }
        duplicate_of.retain(|key, _| wanted(key));
        let lands = analyses.forecast.iter().flat_map(|forecast| {
            let period_name = forecast.past.period.name();
            forecast.report.items.iter().filter(|item| wanted(&item.key)).filter_map(move |item| {
                let landing =
                    Landing { period_name, period: item.period_85?, date: item.date_85.as_deref()? };
                Some((item.key.as_str(), landing))
            })
        });
        Facts {
            demand: demand
                .filter(|item| wanted(&item.key))
                .map(|item| (item.key.as_str(), (item.customers, item.requests)))
                .collect(),
            not_ready: ready
                .filter(|check| !check.ready && wanted(&check.key))
                .map(|check| (check.key.as_str(), check.reasons.join("; ")))
                .collect(),
            discuss: analyses
                .estimates
                .iter()
                .flat_map(|report| &report.items)
                .filter(|item| item.discuss && wanted(&item.key))
                .map(|item| item.key.as_str())
                .collect(),
            duplicate_of,
            lands: lands.collect(),
        }
    }
}

fn chips(item: &RankedItem, facts: &Facts<'_>) -> Vec<String> {
    // Moved ahead of what it blocks: that, not its score, is why it ranks here.
    let unblocks = item.moved_ahead_of.iter().map(|blocked| format!("unblocks {blocked}"));
    let drivers = item
        .drivers
        .iter()
        .filter(|driver| driver.value != 0.0 || !COUNTS.contains(&driver.component))
        .map(|driver| driver_chip(item, driver, facts));
    unblocks.chain(drivers).collect()
}

/// Components that are counts or ratings: at 0 they drove nothing a reader would call a reason
/// (they can still weigh, as ties share a rank), so they get no chip.
const COUNTS: [&str; 3] = ["demand", "value", "urgency"];

/// `demand: 41 customers`, `effort: 3 points`, `confidence 80%`.
fn driver_chip(item: &RankedItem, driver: &ScoreDriver, facts: &Facts<'_>) -> String {
    let value = driver.value;
    match driver.component {
        "demand" => match facts.demand.get(item.key.as_str()) {
            Some(&(customers, _)) if customers > 0 => format!("demand: {}", plural(customers, "customer")),
            Some(&(_, requests)) if requests > 0 => format!("demand: {}", plural(requests, "request")),
            _ => format!("demand: {}", decimal(value, 2, true)),
        },
        "effort" => format!("effort: {}", plural_number(value, "point")),
        "confidence" => format!("confidence {:.0}%", value * 100.0),
        "opportunity" => format!("opportunity {value:.1}"),
        "value" => format!("value {}", decimal(value, 2, true)),
        "urgency" => format!("urgency {}", decimal(value, 2, true)),
        other => format!("{} {}", other.replace('_', " "), decimal(value, 2, true)),
    }
}

fn badges(item: &RankedItem, facts: &Facts<'_>) -> Vec<Badge> {
    let key = item.key.as_str();
    let mut badges = Vec::new();
    if let Some(reasons) = facts.not_ready.get(key) {
        badges.push(Badge::NotReady(reasons.clone()));
    }
    if facts.discuss.contains(key) {
        badges.push(Badge::Discuss);
    }
    if !item.blocked_by.is_empty() {
        badges.push(Badge::Blocked(item.blocked_by.join(", ")));
    }
    if let Some(other) = facts.duplicate_of.get(key) {
        badges.push(Badge::Duplicate((*other).to_owned()));
    }
    badges
}

/// `1 customer`, `41 customers`.
fn plural(count: u64, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

/// `1 point`, `0.5 points`, `13 points`.
fn plural_number(value: f64, noun: &str) -> String {
    format!("{} {noun}{}", decimal(value, 2, true), if value == 1.0 { "" } else { "s" })
}

#[cfg(test)]
mod tests;
