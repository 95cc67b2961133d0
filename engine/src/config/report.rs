//! The `[report]` section of `refine.toml`: what the report adds to the results, such as links
//! from item keys to the tracker.

use serde::Deserialize;

use crate::model::urls::{is_web_url, percent_encode};

/// The placeholder of [`ReportSettings::item_url`] that an item's key replaces.
pub const KEY_PLACEHOLDER: &str = "{key}";

/// What `[report]` can set.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportSettings {
    /// The address of an item's page, with `{key}` where its key goes
    /// (`https://jira.example.com/browse/{key}`), for items whose export carries no address.
    pub item_url: Option<String>,
}

/// A `[report]` value that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReportSettingsError {
    /// `item_url` is not an http(s) address.
    #[error("item_url = {0:?} is not a web address; write it as https://your-tracker/browse/{{key}}")]
    NotWebAddress(String),
    /// `item_url` has no `{key}`, so every item would link to the same page.
    #[error(
        "item_url = {0:?} has no {{key}}; put {{key}} where the item's key goes, as in https://your-tracker/browse/{{key}}"
    )]
    NoKey(String),
}

impl ReportSettings {
    /// Checks that `item_url`, when set, is an http(s) address with `{key}` in it.
    pub fn validate(&self) -> Result<(), ReportSettingsError> {
        let Some(template) = &self.item_url else { return Ok(()) };
        if !is_web_url(&template.replace(KEY_PLACEHOLDER, "KEY")) {
            return Err(ReportSettingsError::NotWebAddress(template.clone()));
        }
        if !template.contains(KEY_PLACEHOLDER) {
            return Err(ReportSettingsError::NoKey(template.clone()));
        }
        Ok(())
    }

    /// The address `item_url` gives the item `key` (the key percent-encoded), if it is set.
    pub fn item_url(&self, key: &str) -> Option<String> {
        let template = self.item_url.as_deref()?;
        Some(template.replace(KEY_PLACEHOLDER, &percent_encode(key)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(template: &str) -> ReportSettings {
        ReportSettings { item_url: Some(template.to_owned()) }
    }

    #[test]
    fn an_item_url_template_must_be_a_web_address_with_the_key_in_it() {
        assert_eq!(ReportSettings::default().validate(), Ok(()));
        assert_eq!(settings("https://jira.example.com/browse/{key}").validate(), Ok(()));
        let no_key = settings("https://jira.example.com/browse/");
        assert_eq!(
            no_key.validate(),
            Err(ReportSettingsError::NoKey("https://jira.example.com/browse/".into()))
        );
        for not_web in ["javascript:alert('{key}')", "jira.example.com/browse/{key}", "https://{key}/x y"] {
            let error = settings(not_web).validate().unwrap_err();
            assert_eq!(error, ReportSettingsError::NotWebAddress(not_web.into()));
        }
    }

    #[test]
    fn the_key_is_percent_encoded_into_the_template() {
        let template = settings("https://tracker.example/items?id={key}&view=full");
        assert_eq!(
            template.item_url("SHOP-7").as_deref(),
            Some("https://tracker.example/items?id=SHOP-7&view=full")
        );
        assert_eq!(
            template.item_url("#42").as_deref(),
            Some("https://tracker.example/items?id=%2342&view=full")
        );
        assert_eq!(ReportSettings::default().item_url("SHOP-7"), None);
    }
}
