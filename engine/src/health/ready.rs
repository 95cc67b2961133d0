//! Definition of Ready: named checks an item must pass before a sprint takes it
//! (`[health.ready]` in refine.toml), run on every ranked open item that is not a container.
//!
//! The rules:
//! - `has_description`: a description of at least `min_description_len` characters (at least
//!   one);
//! - `has_acceptance_criteria`: the description states acceptance criteria (a heading,
//!   Given/When/Then or a checklist; see [`crate::load::description`]);
//! - `estimated`: the item has an estimate;
//! - `not_oversized`: the estimate is below the split threshold and at most half the average
//!   velocity (an unestimated item passes: `estimated` is the rule that catches it);
//! - `not_blocked`: no `blocks` link points at the item from an item that is not done (a
//!   blocker not in the backlog counts as not done).
//!
//! An item is ready when it passes every configured rule. The summary counts, per rule, the
//! items that pass; with no rules configured every item is ready.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::deep::{Oversize, acceptance_gap, description_gap};
use super::{Backlog, HealthError, ItemFacts, NearTop, share};

/// A Definition-of-Ready rule; refine.toml names it in snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadyRule {
    /// A description of at least `min_description_len` characters.
    HasDescription,
    /// The description states acceptance criteria.
    HasAcceptanceCriteria,
    /// The item has an estimate.
    Estimated,
    /// The estimate is not oversized.
    NotOversized,
    /// No item that is not done blocks it.
    NotBlocked,
}

impl ReadyRule {
    /// Every rule, in the order reports list them.
    pub const ALL: [ReadyRule; 5] = [
        ReadyRule::HasDescription,
        ReadyRule::HasAcceptanceCriteria,
        ReadyRule::Estimated,
        ReadyRule::NotOversized,
        ReadyRule::NotBlocked,
    ];

    /// The snake_case name refine.toml uses.
    pub fn name(self) -> &'static str {
        match self {
            ReadyRule::HasDescription => "has_description",
            ReadyRule::HasAcceptanceCriteria => "has_acceptance_criteria",
            ReadyRule::Estimated => "estimated",
            ReadyRule::NotOversized => "not_oversized",
            ReadyRule::NotBlocked => "not_blocked",
        }
    }
}

/// The Definition-of-Ready settings (`[health.ready]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReadySettings {
    /// The rules an item must pass, by name; an unknown name is a config error.
    pub rules: Vec<ReadyRule>,
    /// The shortest description, in characters, that counts as one (also for the Detailed part).
    pub min_description_len: i64,
}

impl Default for ReadySettings {
    fn default() -> Self {
        ReadySettings { rules: ReadyRule::ALL.to_vec(), min_description_len: 50 }
    }
}

impl ReadySettings {
    pub(crate) fn validate(&self) -> Result<(), HealthError> {
        let invalid = |setting: &str, message: String| {
            Err(HealthError::InvalidSettings { setting: format!("health.ready.{setting}"), message })
        };
        if let Some(rule) = self
            .rules
            .iter()
            .enumerate()
            .find_map(|(at, rule)| self.rules[..at].contains(rule).then_some(rule))
        {
            return invalid("rules", format!("the rule `{}` is listed twice", rule.name()));
        }
        if self.min_description_len < 0 {
            return invalid(
                "min_description_len",
                format!("expected characters ≥ 0, found {}", self.min_description_len),
            );
        }
        Ok(())
    }
}

/// One item's checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadyCheck {
    /// Its rank.
    pub rank: Option<usize>,
    /// The item key.
    pub key: String,
    /// Title.
    pub title: Option<String>,
    /// Whether it is in the near top.
    pub near_top: bool,
    /// Whether it passes every rule.
    pub ready: bool,
    /// The rules it fails, in configured order.
    pub failed: Vec<ReadyRule>,
    /// Why, one phrase per failed rule (same order).
    pub reasons: Vec<String>,
}

/// How many items pass one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSummary {
    /// The rule.
    pub rule: ReadyRule,
    /// Items checked.
    pub checked: usize,
    /// Items that pass.
    pub passed: usize,
    /// passed / checked.
    pub pass_share: Option<f64>,
}

/// The Definition-of-Ready results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadyReport {
    /// The rules checked, in configured order.
    pub rules: Vec<RuleSummary>,
    /// Items checked (ranked, open, not containers).
    pub checked_items: usize,
    /// Of those, the ready ones.
    pub ready_items: usize,
    /// ready_items / checked_items.
    pub ready_share: Option<f64>,
    /// Near-top items checked.
    pub near_top_items: usize,
    /// Of those, the ready ones.
    pub near_top_ready_items: usize,
    /// Every checked item, rank order.
    pub items: Vec<ReadyCheck>,
}

/// Runs the configured rules on every ranked open item that is not a container.
pub(crate) fn check(
    backlog: &Backlog,
    near_top: &NearTop,
    blockers: &BTreeMap<String, Vec<String>>,
    oversize: &Oversize,
    settings: &ReadySettings,
) -> ReadyReport {
    let mut passed = vec![0usize; settings.rules.len()];
    let mut items = Vec::new();
    for &index in &backlog.ranked {
        let item = &backlog.items[index];
        if item.container {
            continue;
        }
        let mut check = ReadyCheck {
            rank: item.rank,
            key: item.key.clone(),
            title: item.title.clone(),
            near_top: near_top.contains(index),
            ready: true,
            failed: Vec::new(),
            reasons: Vec::new(),
        };
        for (rule, passes) in settings.rules.iter().zip(passed.iter_mut()) {
            match failure(*rule, item, blockers, oversize, settings.min_description_len) {
                None => *passes += 1,
                Some(reason) => {
                    check.failed.push(*rule);
                    check.reasons.push(reason);
                }
            }
        }
        check.ready = check.failed.is_empty();
        items.push(check);
    }
    let checked_items = items.len();
    let ready_items = items.iter().filter(|check| check.ready).count();
    let near_top_items = items.iter().filter(|check| check.near_top).count();
    let near_top_ready_items = items.iter().filter(|check| check.near_top && check.ready).count();
    ReadyReport {
        rules: settings
            .rules
            .iter()
            .zip(passed)
            .map(|(rule, passed)| RuleSummary {
                rule: *rule,
                checked: checked_items,
                passed,
                pass_share: share(passed, checked_items),
            })
            .collect(),
        checked_items,
        ready_items,
        ready_share: share(ready_items, checked_items),
        near_top_items,
        near_top_ready_items,
        items,
    }
}

/// Why the item fails the rule, `None` when it passes.
fn failure(
    rule: ReadyRule,
    item: &ItemFacts,
    blockers: &BTreeMap<String, Vec<String>>,
    oversize: &Oversize,
    min_description_len: i64,
) -> Option<String> {
    match rule {
        ReadyRule::HasDescription => description_gap(item, min_description_len),
        ReadyRule::HasAcceptanceCriteria => acceptance_gap(item),
        ReadyRule::Estimated => item.estimate.is_none().then(|| "not estimated".to_owned()),
        ReadyRule::NotOversized => item.estimate.and_then(|estimate| oversize.reason(estimate)),
        ReadyRule::NotBlocked => blockers
            .get(&item.key)
            .filter(|keys| !keys.is_empty())
            .map(|keys| format!("blocked by {}", keys.join(", "))),
    }
}
