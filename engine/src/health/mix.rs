//! The type mix of the open backlog: items per type and per group — bugs, features, debt,
//! spikes, other — by a configurable mapping of type names to groups (`[health.type_mix]`).
//!
//! Type names match ignoring case and surrounding spaces; a type no group lists, and an item
//! without a type, is `other`. Defaults: bug = Bug, Defect, Incident, Problem; feature = Story,
//! User Story, Feature, New Feature, Epic, Improvement, Enhancement, Requirement, Product
//! Backlog Item (an epic is a large feature); debt = Task, Technical Debt, Tech Debt, Technical
//! Task, Chore, Refactor, Refactoring, Maintenance (a plain Task is usually technical work no
//! user asked for; move it to `feature` if your team uses tasks for features); spike = Spike,
//! Research, Investigation. A name in two groups is a config error.
//!
//! Shares are of the open items; with no open item every share is `None`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Backlog, HealthError, share};

/// A group of item types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeGroup {
    /// Defects.
    Bug,
    /// New capability for users.
    Feature,
    /// Technical work: debt, chores, refactoring.
    Debt,
    /// Time-boxed research.
    Spike,
    /// Types no group lists, and items without a type.
    Other,
}

impl TypeGroup {
    /// Every group, in report order.
    pub const ALL: [TypeGroup; 5] =
        [TypeGroup::Bug, TypeGroup::Feature, TypeGroup::Debt, TypeGroup::Spike, TypeGroup::Other];
}

/// Which type names belong to which group (`[health.type_mix]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TypeMixSettings {
    /// Bug types.
    pub bug: Vec<String>,
    /// Feature types.
    pub feature: Vec<String>,
    /// Debt types.
    pub debt: Vec<String>,
    /// Spike types.
    pub spike: Vec<String>,
}

fn names(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

impl Default for TypeMixSettings {
    fn default() -> Self {
        TypeMixSettings {
            bug: names(&["Bug", "Defect", "Incident", "Problem"]),
            feature: names(&[
                "Story",
                "User Story",
                "Feature",
                "New Feature",
                "Epic",
                "Improvement",
                "Enhancement",
                "Requirement",
                "Product Backlog Item",
            ]),
            debt: names(&[
                "Task",
                "Technical Debt",
                "Tech Debt",
                "Technical Task",
                "Chore",
                "Refactor",
                "Refactoring",
                "Maintenance",
            ]),
            spike: names(&["Spike", "Research", "Investigation"]),
        }
    }
}

impl TypeMixSettings {
    fn groups(&self) -> [(TypeGroup, &[String]); 4] {
        [
            (TypeGroup::Bug, &self.bug),
            (TypeGroup::Feature, &self.feature),
            (TypeGroup::Debt, &self.debt),
            (TypeGroup::Spike, &self.spike),
        ]
    }

    /// Type name (normalised) → group.
    fn lookup(&self) -> BTreeMap<String, TypeGroup> {
        self.groups()
            .into_iter()
            .flat_map(|(group, names)| names.iter().map(move |name| (normalise(name), group)))
            .collect()
    }

    pub(crate) fn validate(&self) -> Result<(), HealthError> {
        let mut seen: BTreeMap<String, TypeGroup> = BTreeMap::new();
        for (group, names) in self.groups() {
            for name in names {
                if let Some(first) = seen.insert(normalise(name), group)
                    && first != group
                {
                    return Err(HealthError::InvalidSettings {
                        setting: "health.type_mix".into(),
                        message: format!(
                            "the type `{name}` is in two groups ({} and {}): keep it in one",
                            group_name(first),
                            group_name(group)
                        ),
                    });
                }
            }
        }
        Ok(())
    }
}

fn group_name(group: TypeGroup) -> &'static str {
    match group {
        TypeGroup::Bug => "bug",
        TypeGroup::Feature => "feature",
        TypeGroup::Debt => "debt",
        TypeGroup::Spike => "spike",
        TypeGroup::Other => "other",
    }
}

fn normalise(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Open items of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeGroupCount {
    /// The group.
    pub group: TypeGroup,
    /// Open items in it.
    pub items: usize,
    /// items / open items.
    pub share: Option<f64>,
}

/// Open items of one type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeCount {
    /// The type as the tracker names it (the first spelling met, by key); `None` for items
    /// without one.
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    /// Its group.
    pub group: TypeGroup,
    /// Open items of this type.
    pub items: usize,
    /// items / open items.
    pub share: Option<f64>,
}

/// The type mix of the open backlog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeMix {
    /// Open items.
    pub open_items: usize,
    /// Every group in order bug, feature, debt, spike, other (empty ones included).
    pub groups: Vec<TypeGroupCount>,
    /// Every type met, most items first, ties by name (no type last).
    pub types: Vec<TypeCount>,
}

/// Counts the open items by type and group.
pub(crate) fn type_mix(backlog: &Backlog<'_>, settings: &TypeMixSettings) -> TypeMix {
    let lookup = settings.lookup();
    // Normalised type → (spelling met first, items); `None` for items without a type.
    let mut types: BTreeMap<Option<String>, (Option<String>, usize)> = BTreeMap::new();
    let mut open_items = 0;
    for item in backlog.open() {
        open_items += 1;
        let name = item.item_type.map(str::trim).filter(|name| !name.is_empty());
        let entry = types.entry(name.map(normalise)).or_insert_with(|| (name.map(str::to_owned), 0));
        entry.1 += 1;
    }
    let mut type_counts: Vec<TypeCount> = types
        .into_iter()
        .map(|(normalised, (item_type, items))| TypeCount {
            group: normalised.and_then(|name| lookup.get(&name).copied()).unwrap_or(TypeGroup::Other),
            item_type,
            items,
            share: share(items, open_items),
        })
        .collect();
    type_counts.sort_by(|a, b| {
        b.items
            .cmp(&a.items)
            .then_with(|| a.item_type.is_none().cmp(&b.item_type.is_none()))
            .then_with(|| a.item_type.cmp(&b.item_type))
    });
    let groups = TypeGroup::ALL
        .into_iter()
        .map(|group| {
            let items =
                type_counts.iter().filter(|count| count.group == group).map(|count| count.items).sum();
            TypeGroupCount { group, items, share: share(items, open_items) }
        })
        .collect();
    TypeMix { open_items, groups, types: type_counts }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::HealthSettings;
    use super::super::test_frames::{day, done, health_of, items, links, untyped};
    use super::*;
    use crate::config::{Config, ConfigError};
    use crate::model::items as column;

    #[test]
    fn open_items_are_counted_by_type_and_group() {
        let typed = |key: &str, item_type: Option<&str>| untyped(key).text_or_null(column::TYPE, item_type);
        // 11 open items: Story 3 + "story " 1 = 4, Bug 2, Task, Spike, Epic, Weird, no type.
        // Groups: bug 2, feature 4 + 1 (Epic) = 5, debt 1 (Task), spike 1, other 2 (Weird, none).
        let rows = [
            typed("A1", Some("Story")),
            typed("A2", Some("Story")),
            typed("A3", Some("story ")),
            typed("A4", Some("Story")),
            typed("B1", Some("Bug")),
            typed("B2", Some("Bug")),
            typed("C1", Some("Task")),
            typed("D1", Some("Spike")),
            typed("E1", Some("Epic")),
            typed("F1", Some("Weird")),
            typed("G1", None),
            done("Z", "2026-01-01").text(column::TYPE, "Bug"),
        ];
        let report =
            health_of(&items(&rows), &links(&[]), &[], None, day("2026-04-01"), &HealthSettings::default())
                .unwrap();
        let mix = report.type_mix;
        assert_eq!(mix.open_items, 11);
        let groups: Vec<(TypeGroup, usize)> =
            mix.groups.iter().map(|group| (group.group, group.items)).collect();
        assert_eq!(
            groups,
            [
                (TypeGroup::Bug, 2),
                (TypeGroup::Feature, 5),
                (TypeGroup::Debt, 1),
                (TypeGroup::Spike, 1),
                (TypeGroup::Other, 2)
            ]
        );
        assert!((mix.groups[1].share.unwrap() - 5.0 / 11.0).abs() < 1e-12);
        let types: Vec<(Option<&str>, usize)> =
            mix.types.iter().map(|count| (count.item_type.as_deref(), count.items)).collect();
        assert_eq!(
            types,
            [
                (Some("Story"), 4),
                (Some("Bug"), 2),
                (Some("Epic"), 1),
                (Some("Spike"), 1),
                (Some("Task"), 1),
                (Some("Weird"), 1),
                (None, 1)
            ]
        );
        assert_eq!(mix.types[5].group, TypeGroup::Other);
    }

    #[test]
    fn a_type_in_two_groups_is_a_config_error() {
        let text = "[health.type_mix]\nbug = [\"Bug\", \"Chore\"]\n";
        let error = Config::parse(text, Path::new("refine.toml")).unwrap_err();
        assert!(
            matches!(&error, ConfigError::Invalid { message, .. } if message.contains("Chore")),
            "{error}"
        );
    }
}
