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

/// Where a status's category came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategorySource {
    /// `refine.toml`'s `[status]` map.
    Configured,
    /// The export's own category (Jira's statusCategory, or a canonical `status_category`).
    Tracker,
    /// A guess from the common status names: neither the configuration nor the export gave it.
    StatusName,
}

impl CategorySource {
    /// Whether the category is a guess rather than something the user or the export stated.
    pub fn is_guess(self) -> bool {
        self == CategorySource::StatusName
    }
}

impl StatusRules {
    /// The category of a status: the configured map first, then the tracker's own category, then
    /// the common status names.
    pub fn category(&self, status: &str, tracker_category: Option<&str>) -> Option<StatusCategory> {
        self.decide(status, tracker_category).map(|(category, _)| category)
    }

    /// The category of a status as [`StatusRules::category`] finds it, with where it came from.
    /// The tracker's category may be Jira's (key or name) or refine's (`in_progress`).
    pub fn decide(
        &self,
        status: &str,
        tracker_category: Option<&str>,
    ) -> Option<(StatusCategory, CategorySource)> {
        let configured = self
            .configured
            .iter()
            .find(|(name, _)| name.trim().eq_ignore_ascii_case(status.trim()))
            .map(|(_, category)| (*category, CategorySource::Configured));
        configured
            .or_else(|| {
                let category = tracker_category.and_then(parse_category)?;
                Some((category, CategorySource::Tracker))
            })
            .or_else(|| Some((StatusCategory::from_common_status(status)?, CategorySource::StatusName)))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_from_the_common_names_is_a_guess_and_one_configured_or_exported_is_not() {
        let rules: StatusRules = toml::from_str("\"Parked\" = \"todo\"\n").unwrap();
        assert_eq!(
            rules.decide("parked", Some("done")),
            Some((StatusCategory::Todo, CategorySource::Configured))
        );
        assert_eq!(rules.decide("Open", Some("done")), Some((StatusCategory::Done, CategorySource::Tracker)));
        assert_eq!(rules.decide("Open", None), Some((StatusCategory::Todo, CategorySource::StatusName)));
        assert_eq!(rules.decide("Waiting for Godot", Some("unknown")), None);
        // A canonical file states its categories in refine's own words.
        assert_eq!(
            rules.decide("Parked", Some("in_progress")).map(|(_, source)| source),
            Some(CategorySource::Configured)
        );
        assert_eq!(
            rules.decide("Sketching", Some("in_progress")),
            Some((StatusCategory::InProgress, CategorySource::Tracker))
        );
        assert!(CategorySource::StatusName.is_guess());
        assert!(!CategorySource::Tracker.is_guess() && !CategorySource::Configured.is_guess());
    }
}
