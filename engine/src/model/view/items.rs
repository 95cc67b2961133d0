//! The items table decoded once: one vector per canonical column analyses read, row `i` of each the frame's
//! row `i`, texts borrowed from the frame.

use polars::prelude::DataFrame;

use super::FrameError;
use super::decode::Columns;
use crate::model::{Table, items};

/// The backlog: the canonical columns of the items frame that analyses read, decoded (the
/// resolution, components, fix versions and assignee are read by none and left in the frame:
/// at a million items each list column alone is a million vectors). Rows without a key are
/// kept (so that a row index is the frame's) and skipped by [`Items::keyed`].
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)] // each field is the canonical column of the same name (crate::model::items)
pub struct Items<'a> {
    pub key: Vec<Option<&'a str>>,
    pub title: Vec<Option<&'a str>>,
    pub url: Vec<Option<&'a str>>,
    pub item_type: Vec<Option<&'a str>>,
    pub status: Vec<Option<&'a str>>,
    pub status_category: Vec<Option<&'a str>>,
    pub status_category_guessed: Vec<Option<bool>>,
    pub priority: Vec<Option<&'a str>>,
    pub project: Vec<Option<&'a str>>,
    pub rank: Vec<Option<i64>>,
    pub created: Vec<Option<i64>>,
    pub updated: Vec<Option<i64>>,
    pub resolved: Vec<Option<i64>>,
    pub estimate: Vec<Option<f64>>,
    pub labels: Vec<Vec<&'a str>>,
    pub parent: Vec<Option<&'a str>>,
    pub sprints: Vec<Vec<&'a str>>,
    pub description: Vec<Option<&'a str>>,
    pub description_len: Vec<Option<i64>>,
    pub has_acceptance_criteria: Vec<Option<bool>>,
    pub votes: Vec<Option<i64>>,
    pub watchers: Vec<Option<i64>>,
    pub time_spent_hours: Vec<Option<f64>>,
    pub in_progress_hours: Vec<Option<f64>>,
    pub reach: Vec<Option<f64>>,
    pub impact: Vec<Option<f64>>,
    pub confidence: Vec<Option<f64>>,
    pub business_value: Vec<Option<f64>>,
    pub time_criticality: Vec<Option<f64>>,
    pub risk_reduction: Vec<Option<f64>>,
    pub job_size: Vec<Option<f64>>,
}

impl<'a> Items<'a> {
    /// Decodes the canonical items frame (see [`crate::model::conform`]). Numbers are finite or
    /// none.
    pub fn decode(frame: &'a DataFrame) -> Result<Items<'a>, FrameError> {
        let columns = Columns { frame, table: Table::Items };
        Ok(Items {
            key: columns.texts(items::KEY)?,
            title: columns.texts(items::TITLE)?,
            url: columns.texts(items::URL)?,
            item_type: columns.texts(items::TYPE)?,
            status: columns.texts(items::STATUS)?,
            status_category: columns.texts(items::STATUS_CATEGORY)?,
            status_category_guessed: columns.booleans(items::STATUS_CATEGORY_GUESSED)?,
            priority: columns.texts(items::PRIORITY)?,
            project: columns.texts(items::PROJECT)?,
            rank: columns.integers(items::RANK)?,
            created: columns.timestamps(items::CREATED)?,
            updated: columns.timestamps(items::UPDATED)?,
            resolved: columns.timestamps(items::RESOLVED)?,
            estimate: columns.numbers(items::ESTIMATE)?,
            labels: columns.text_lists(items::LABELS)?,
            parent: columns.texts(items::PARENT)?,
            sprints: columns.text_lists(items::SPRINTS)?,
            description: columns.texts(items::DESCRIPTION)?,
            description_len: columns.integers(items::DESCRIPTION_LEN)?,
            has_acceptance_criteria: columns.booleans(items::HAS_ACCEPTANCE_CRITERIA)?,
            votes: columns.integers(items::VOTES)?,
            watchers: columns.integers(items::WATCHERS)?,
            time_spent_hours: columns.numbers(items::TIME_SPENT_HOURS)?,
            in_progress_hours: columns.numbers(items::IN_PROGRESS_HOURS)?,
            reach: columns.numbers(items::REACH)?,
            impact: columns.numbers(items::IMPACT)?,
            confidence: columns.numbers(items::CONFIDENCE)?,
            business_value: columns.numbers(items::BUSINESS_VALUE)?,
            time_criticality: columns.numbers(items::TIME_CRITICALITY)?,
            risk_reduction: columns.numbers(items::RISK_REDUCTION)?,
            job_size: columns.numbers(items::JOB_SIZE)?,
        })
    }

    /// Number of rows (with or without a key).
    pub fn len(&self) -> usize {
        self.key.len()
    }

    /// Whether the table has no row.
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// `(row, key)` of every row with a key, in frame order.
    pub fn keyed(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.key.iter().enumerate().filter_map(|(row, key)| key.map(|key| (row, key)))
    }

    /// Number of rows without a key (loaders never keep one; a hand-built frame may).
    pub fn keyless(&self) -> usize {
        self.key.iter().filter(|key| key.is_none()).count()
    }
}
