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
    backlog: &Backlog<'_>,
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
            key: item.key.to_owned(),
            title: item.title.map(str::to_owned),
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
    item: &ItemFacts<'_>,
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
            .get(item.key)
            .filter(|keys| !keys.is_empty())
            .map(|keys| format!("blocked by {}", keys.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::test_frames::{ItemRow, day, done, health_of, items, links, open, ranking};
    use super::super::{HealthReport, HealthSettings};
    use super::*;
    use crate::config::{Config, ConfigError};
    use crate::model::items as column;

    fn run(settings: &HealthSettings) -> HealthReport {
        // R1 is ready. R2: 10 characters, no criteria, unestimated (so not_oversized passes),
        // blocked by the open X (the done Y no longer blocks). R3: 20 points ≥ 13, blocked by
        // Z-9, which is not in the backlog. The epic E is not checked.
        let rows = [
            open("R1").described(80, true).estimate(3.0),
            open("R2").described(10, false),
            open("R3").described(60, true).estimate(20.0),
            open("E").text(column::TYPE, "Epic"),
            open("X"),
            done("Y", "2026-03-01"),
        ];
        let blocks =
            [("X", "R2", "blocks"), ("Y", "R2", "blocks"), ("Z-9", "R3", "blocks"), ("R1", "R3", "relates")];
        let ranked = ranking(&["R1", "E", "R2", "R3"]);
        health_of(&items(&rows), &links(&blocks), &ranked, None, day("2026-04-01"), settings).unwrap()
    }

    #[test]
    fn every_rule_is_checked_per_item_and_summarised() {
        let ready = run(&HealthSettings::default()).ready;
        let summary: Vec<(&str, usize, usize)> =
            ready.rules.iter().map(|rule| (rule.rule.name(), rule.passed, rule.checked)).collect();
        assert_eq!(
            summary,
            [
                ("has_description", 2, 3),
                ("has_acceptance_criteria", 2, 3),
                ("estimated", 2, 3),
                ("not_oversized", 2, 3),
                ("not_blocked", 1, 3),
            ]
        );
        assert_eq!((ready.checked_items, ready.ready_items), (3, 1));
        let checks: Vec<(&str, Option<usize>, bool)> =
            ready.items.iter().map(|check| (check.key.as_str(), check.rank, check.ready)).collect();
        assert_eq!(checks, [("R1", Some(1), true), ("R2", Some(3), false), ("R3", Some(4), false)]);
        let r2 = &ready.items[1];
        assert_eq!(
            r2.failed,
            [
                ReadyRule::HasDescription,
                ReadyRule::HasAcceptanceCriteria,
                ReadyRule::Estimated,
                ReadyRule::NotBlocked
            ]
        );
        assert_eq!(
            r2.reasons,
            [
                "description of 10 characters, under 50",
                "no acceptance criteria",
                "not estimated",
                "blocked by X"
            ]
        );
        assert_eq!(
            ready.items[2].reasons,
            ["20 points: at or above the split threshold of 13", "blocked by Z-9"]
        );
        // No velocity: the near top is the top 20, so all three.
        assert_eq!((ready.near_top_items, ready.near_top_ready_items), (3, 1));
    }

    #[test]
    fn only_the_configured_rules_count() {
        let settings = HealthSettings {
            ready: ReadySettings { rules: vec![ReadyRule::Estimated], min_description_len: 50 },
            ..HealthSettings::default()
        };
        let ready = run(&settings).ready;
        assert_eq!(ready.rules.len(), 1);
        let ready_keys: Vec<&str> =
            ready.items.iter().filter(|check| check.ready).map(|check| check.key.as_str()).collect();
        assert_eq!(ready_keys, ["R1", "R3"]);
    }

    #[test]
    fn unknown_or_repeated_rules_are_config_errors_naming_the_rule() {
        let path = Path::new("refine.toml");
        let unknown = Config::parse("[health.ready]\nrules = [\"estimated\", \"has_owner\"]\n", path);
        match unknown {
            Err(ConfigError::Invalid { message, .. }) => assert!(message.contains("has_owner"), "{message}"),
            other => panic!("expected an invalid config, got {other:?}"),
        }
        let twice = Config::parse("[health.ready]\nrules = [\"estimated\", \"estimated\"]\n", path);
        match twice {
            Err(ConfigError::Invalid { message, .. }) => {
                assert!(message.contains("`estimated`"), "{message}")
            }
            other => panic!("expected an invalid config, got {other:?}"),
        }
        let custom =
            Config::parse("[health.ready]\nrules = [\"not_blocked\"]\nmin_description_len = 10\n", path);
        assert_eq!(custom.unwrap().health.ready.rules, [ReadyRule::NotBlocked]);
    }
}
