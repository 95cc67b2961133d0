//! Data quality: what in the inputs makes the figures less complete than they look, as
//! JiraMetrics' data-quality section shows it. Each check gives one [`QualityFinding`]: a
//! stable id, a title and advice a product manager understands, how many rows, statuses or items
//! it found and the first few of them.
//!
//! | check | counts | examples |
//! |---|---|---|
//! | [`QualityCheck::SkippedRows`] | rows left out because of a problem (not those a format leaves out on purpose, such as pull requests) | `file, row N: reason`, from the files that lost rows |
//! | [`QualityCheck::GuessedStatusCategories`] | statuses put in a category by their name (neither `[status]` nor the export gave it) | `status → category (N items)` |
//! | [`QualityCheck::UncategorisedStatuses`] | statuses with no category at all | `status (N items)` |
//! | [`QualityCheck::DoneWithoutProgress`] | items finished without ever being in progress | keys |
//! | [`QualityCheck::DoneWithoutHistory`] | finished items without any status history | keys |
//! | [`QualityCheck::OpenWithoutEstimate`] | open items (status category not done) without an estimate | keys, ranked items first in rank order |
//! | [`QualityCheck::UnknownFeedbackKeys`] | feedback rows whose key names no item | `key (N rows)` |
//! | [`QualityCheck::LinksToUnknownItems`] | links with an end that is not in the items | `A-1 → B-9 (blocks)` |
//!
//! A check that ran and found nothing is kept with a count of 0, so the report can say "none"
//! and the reader sees what was checked. A check whose input is not there is left out: the two
//! flow checks when the flow was not computed (no dated status history), the feedback check
//! when there is no feedback, the links check when there are no links.
//!
//! Findings are in the order of [`QualityCheck::ALL`]; examples are in a fixed order (file and
//! row, rank, or most items first then by name), so the result does not depend on threads.

use std::collections::BTreeMap;

use polars::prelude::{PlHashMap, PlHashSet};

use serde::Serialize;

use crate::flow::{FinishPath, FlowReport};
use crate::load::LoadedFile;
use crate::model::StatusCategory;
use crate::model::status::parse_category;
use crate::model::view::{Items, Links};

/// The most examples a finding gives.
pub const EXAMPLE_LIMIT: usize = 5;

/// One data-quality check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QualityCheck {
    /// Rows refine could not read and left out.
    SkippedRows,
    /// Statuses whose category was guessed from their name.
    GuessedStatusCategories,
    /// Statuses with no category.
    UncategorisedStatuses,
    /// Items done without ever being in progress.
    DoneWithoutProgress,
    /// Done items without status history.
    DoneWithoutHistory,
    /// Open items without an estimate.
    OpenWithoutEstimate,
    /// Feedback rows whose key names no item.
    UnknownFeedbackKeys,
    /// Links to items that are not in the export.
    LinksToUnknownItems,
}

impl QualityCheck {
    /// Every check, in the order findings are given.
    pub const ALL: [QualityCheck; 8] = [
        QualityCheck::SkippedRows,
        QualityCheck::GuessedStatusCategories,
        QualityCheck::UncategorisedStatuses,
        QualityCheck::DoneWithoutProgress,
        QualityCheck::DoneWithoutHistory,
        QualityCheck::OpenWithoutEstimate,
        QualityCheck::UnknownFeedbackKeys,
        QualityCheck::LinksToUnknownItems,
    ];

    /// The stable id, snake_case (as serialized).
    pub fn id(self) -> &'static str {
        match self {
            QualityCheck::SkippedRows => "skipped_rows",
            QualityCheck::GuessedStatusCategories => "guessed_status_categories",
            QualityCheck::UncategorisedStatuses => "uncategorised_statuses",
            QualityCheck::DoneWithoutProgress => "done_without_progress",
            QualityCheck::DoneWithoutHistory => "done_without_history",
            QualityCheck::OpenWithoutEstimate => "open_without_estimate",
            QualityCheck::UnknownFeedbackKeys => "unknown_feedback_keys",
            QualityCheck::LinksToUnknownItems => "links_to_unknown_items",
        }
    }

    /// What the check finds, in one plain sentence.
    pub fn title(self) -> &'static str {
        match self {
            QualityCheck::SkippedRows => "Rows refine could not read were left out.",
            QualityCheck::GuessedStatusCategories => {
                "Statuses were put in to do, in progress or done by their name alone."
            }
            QualityCheck::UncategorisedStatuses => "Statuses could not be put in to do, in progress or done.",
            QualityCheck::DoneWithoutProgress => "Items were finished without ever being in progress.",
            QualityCheck::DoneWithoutHistory => "Finished items have no status history.",
            QualityCheck::OpenWithoutEstimate => "Open items have no estimate.",
            QualityCheck::UnknownFeedbackKeys => "Feedback names items that are not in the backlog.",
            QualityCheck::LinksToUnknownItems => "Links point to items that are not in the export.",
        }
    }

    /// What to do about it, in one sentence.
    pub fn advice(self) -> &'static str {
        match self {
            QualityCheck::SkippedRows => {
                "Fix these rows in the tracker or the file and export again; `refine inspect` lists every problem."
            }
            QualityCheck::GuessedStatusCategories => {
                "Check each guess and set the right category under [status] in refine.toml where it is wrong."
            }
            QualityCheck::UncategorisedStatuses => {
                "Give each status its category under [status] in refine.toml, so that flow and health figures place these items."
            }
            QualityCheck::DoneWithoutProgress => {
                "They have no cycle time: check that work moves through an in-progress status, or map the status it skips to under [status]."
            }
            QualityCheck::DoneWithoutHistory => {
                "They have no cycle time: export the status history too (Jira: the changelog) to measure how long work takes."
            }
            QualityCheck::OpenWithoutEstimate => {
                "Estimate the top-ranked ones at the next refinement session: readiness and forecasts need estimates."
            }
            QualityCheck::UnknownFeedbackKeys => {
                "Correct the key in the feedback or export the missing items; until then this feedback counts for no item."
            }
            QualityCheck::LinksToUnknownItems => {
                "Export the linked items too if they belong to this backlog; dependency checks cannot see the others."
            }
        }
    }
}

/// What one check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QualityFinding {
    /// The check (serialized as its stable snake_case id).
    pub id: QualityCheck,
    /// What the check finds, in one plain sentence ([`QualityCheck::title`]).
    pub title: &'static str,
    /// How many rows, statuses or items it found (see the module documentation); 0 when none.
    pub count: usize,
    /// The first few of them (at most [`EXAMPLE_LIMIT`]): item keys, `file, row N: reason`,
    /// `status → category (N items)`.
    pub examples: Vec<String>,
    /// What to do about it, in one sentence ([`QualityCheck::advice`]).
    pub advice: &'static str,
}

impl QualityFinding {
    fn new(id: QualityCheck, count: usize, examples: Vec<String>) -> QualityFinding {
        let examples = examples.into_iter().take(EXAMPLE_LIMIT).collect();
        QualityFinding { id, title: id.title(), count, examples, advice: id.advice() }
    }
}

/// The data-quality findings of a workspace, in the order of [`QualityCheck::ALL`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DataQuality {
    /// One per check that could run.
    pub findings: Vec<QualityFinding>,
}

impl DataQuality {
    /// The finding of `check`, when it ran.
    pub fn finding(&self, check: QualityCheck) -> Option<&QualityFinding> {
        self.findings.iter().find(|finding| finding.id == check)
    }
}

/// What the checks read.
pub(super) struct QualityInputs<'a> {
    /// The files with what each skipped.
    pub files: &'a [LoadedFile],
    /// The items.
    pub items: &'a Items<'a>,
    /// The links.
    pub links: &'a Links<'a>,
    /// Demand's feedback rows by the key they name that is no item's (trimmed), when there was
    /// feedback.
    pub unknown_feedback_keys: Option<&'a BTreeMap<String, u64>>,
    /// The flow, when it was computed.
    pub flow: Option<&'a FlowReport>,
    /// The ranked keys, rank 1 first (the order of examples of open items).
    pub ranked_keys: &'a [&'a str],
}

/// Runs every check that has its input; see the module documentation.
pub(super) fn data_quality(inputs: &QualityInputs<'_>) -> DataQuality {
    let known: PlHashSet<&str> = inputs.items.keyed().map(|(_, key)| key).collect();
    let findings = QualityCheck::ALL
        .into_iter()
        .filter_map(|check| match check {
            QualityCheck::SkippedRows => Some(skipped_rows(inputs.files)),
            QualityCheck::GuessedStatusCategories => Some(guessed_statuses(inputs.items)),
            QualityCheck::UncategorisedStatuses => Some(uncategorised_statuses(inputs.items)),
            QualityCheck::DoneWithoutProgress => Some(finished_by(inputs.flow?, check)),
            QualityCheck::DoneWithoutHistory => Some(finished_by(inputs.flow?, check)),
            QualityCheck::OpenWithoutEstimate => {
                Some(open_without_estimate(inputs.items, inputs.ranked_keys))
            }
            QualityCheck::UnknownFeedbackKeys => inputs.unknown_feedback_keys.map(unknown_feedback_keys),
            QualityCheck::LinksToUnknownItems => {
                (!inputs.links.links.is_empty()).then(|| links_to_unknown_items(inputs.links, &known))
            }
        })
        .collect();
    DataQuality { findings }
}

/// Rows rejected in every file; examples are the first problems of the files that lost rows,
/// in input order.
fn skipped_rows(files: &[LoadedFile]) -> QualityFinding {
    let losing: Vec<&LoadedFile> = files.iter().filter(|file| file.loaded.rejected_records() > 0).collect();
    let count = losing.iter().map(|file| file.loaded.rejected_records()).sum();
    let examples = losing
        .iter()
        .flat_map(|file| {
            let name = file.path.file_name().unwrap_or(file.path.as_os_str()).to_string_lossy();
            file.loaded.problems.iter().map(move |problem| format!("{name}, {problem}"))
        })
        .take(EXAMPLE_LIMIT)
        .collect();
    QualityFinding::new(QualityCheck::SkippedRows, count, examples)
}

/// Distinct statuses whose category is a guess, with the category and how many items have each.
fn guessed_statuses(items: &Items<'_>) -> QualityFinding {
    let mut statuses: BTreeMap<(&str, StatusCategory), usize> = BTreeMap::new();
    for row in 0..items.len() {
        let (Some(status), Some(true)) = (items.status[row], items.status_category_guessed[row]) else {
            continue;
        };
        if let Some(category) = items.status_category[row].and_then(parse_category) {
            *statuses.entry((status, category)).or_default() += 1;
        }
    }
    let entries = (statuses.into_iter())
        .map(|((status, category), items)| (format!("{status} → {}", category_words(category)), items));
    let examples = most_first(entries, ("item", "items"));
    QualityFinding::new(QualityCheck::GuessedStatusCategories, examples.len(), examples)
}

/// Distinct statuses that have no category, with how many items have each.
fn uncategorised_statuses(items: &Items<'_>) -> QualityFinding {
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    for row in 0..items.len() {
        let Some(status) = items.status[row] else { continue };
        if items.status_category[row].and_then(parse_category).is_none() {
            *statuses.entry(status).or_default() += 1;
        }
    }
    let examples =
        most_first(statuses.into_iter().map(|(status, items)| (status.to_owned(), items)), ("item", "items"));
    QualityFinding::new(QualityCheck::UncategorisedStatuses, examples.len(), examples)
}

/// `label (N nouns)` for each entry, the largest N first, then by label.
fn most_first(entries: impl Iterator<Item = (String, usize)>, (one, many): (&str, &str)) -> Vec<String> {
    let mut entries: Vec<(String, usize)> = entries.collect();
    entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    entries.into_iter().map(|(label, count)| format!("{label} ({})", plural(count, one, many))).collect()
}

/// The finished items that came to be done by the path `check` is about, in the flow's order.
fn finished_by(flow: &FlowReport, check: QualityCheck) -> QualityFinding {
    let path = match check {
        QualityCheck::DoneWithoutHistory => FinishPath::WithoutHistory,
        _ => FinishPath::WithoutProgress,
    };
    let keys: Vec<String> =
        flow.finished.iter().filter(|item| item.path == path).map(|item| item.key.to_owned()).collect();
    QualityFinding::new(check, keys.len(), keys)
}

/// Items whose category is not done and that have no estimate; ranked ones first, in rank
/// order, then the others in the items' order.
fn open_without_estimate(items: &Items<'_>, ranked_keys: &[&str]) -> QualityFinding {
    let rank: PlHashMap<&str, usize> =
        ranked_keys.iter().enumerate().map(|(rank, key)| (*key, rank)).collect();
    let mut open: Vec<(usize, usize, &str)> = items
        .keyed()
        .filter(|&(row, _)| {
            let done = items.status_category[row].and_then(parse_category) == Some(StatusCategory::Done);
            !done && items.estimate[row].is_none()
        })
        .map(|(row, key)| (rank.get(key).copied().unwrap_or(usize::MAX), row, key))
        .collect();
    // Only the examples are put in order: at a million items, sorting all of them and copying
    // every key took a second for five names.
    let count = open.len();
    if count > EXAMPLE_LIMIT {
        open.select_nth_unstable(EXAMPLE_LIMIT);
        open.truncate(EXAMPLE_LIMIT);
    }
    open.sort_unstable();
    let keys: Vec<String> = open.iter().map(|(_, _, key)| (*key).to_owned()).collect();
    QualityFinding::new(QualityCheck::OpenWithoutEstimate, count, keys)
}

/// Feedback rows whose key is no item's; examples are the keys, most rows first.
fn unknown_feedback_keys(unknown: &BTreeMap<String, u64>) -> QualityFinding {
    let count = unknown.values().sum::<u64>() as usize;
    let examples =
        most_first(unknown.iter().map(|(key, &rows)| (key.clone(), rows as usize)), ("row", "rows"));
    QualityFinding::new(QualityCheck::UnknownFeedbackKeys, count, examples)
}

/// Links with an end that is not an item, in the links' order.
fn links_to_unknown_items(links: &Links<'_>, known: &PlHashSet<&str>) -> QualityFinding {
    let unknown: Vec<String> = (links.links.iter())
        .filter(|link| !known.contains(link.from) || !known.contains(link.to))
        .map(|link| format!("{} → {} ({})", link.from, link.to, link.kind))
        .collect();
    QualityFinding::new(QualityCheck::LinksToUnknownItems, unknown.len(), unknown)
}

/// A category as people say it.
fn category_words(category: StatusCategory) -> &'static str {
    match category {
        StatusCategory::Todo => "to do",
        StatusCategory::InProgress => "in progress",
        StatusCategory::Done => "done",
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
#[path = "quality/tests.rs"]
mod tests;
