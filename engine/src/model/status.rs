//! Status rules: which [`StatusCategory`] a tracker's status name falls in.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::StatusCategory;

/// The `[status]` map of `refine.toml` (status name → category, for statuses the export does not
/// categorise; names match ignoring case and surrounding spaces), with the fallbacks behind it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct StatusRules {
    configured: BTreeMap<String, StatusCategory>,
}

impl StatusRules {
    /// The category of a status: the configured map first, then the tracker's own category, then
    /// the common status names.
    pub fn category(&self, status: &str, tracker_category: Option<&str>) -> Option<StatusCategory> {
        let configured = self
            .configured
            .iter()
            .find(|(name, _)| name.trim().eq_ignore_ascii_case(status.trim()))
            .map(|(_, category)| *category);
        configured
            .or_else(|| tracker_category.and_then(StatusCategory::from_jira_category))
            .or_else(|| StatusCategory::from_common_status(status))
    }
}

/// A canonical `status_category` value.
pub(crate) fn parse_category(value: &str) -> Option<StatusCategory> {
    match value {
        "todo" => Some(StatusCategory::Todo),
        "in_progress" => Some(StatusCategory::InProgress),
        "done" => Some(StatusCategory::Done),
        _ => StatusCategory::from_jira_category(value),
    }
}
