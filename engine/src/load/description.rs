//! What an item's description tells before anyone reads it: its length and whether it states
//! acceptance criteria.
//!
//! Acceptance criteria are recognised in the forms teams write them in Jira wiki markup,
//! Markdown, HTML (Azure DevOps) and plain text: a heading or label naming them ("Acceptance
//! criteria", "AC:", "Definition of done"), a Given/When/Then scenario, or a checklist
//! (`- [ ]`, `* [x]`, `(/)`).

use std::sync::OnceLock;

use regex::Regex;

/// Length of a description in characters (not bytes: `é` is one).
pub fn description_length(description: &str) -> i64 {
    i64::try_from(description.chars().count()).unwrap_or(i64::MAX)
}

/// Whether a description states acceptance criteria (see the module documentation).
pub fn has_acceptance_criteria(description: &str) -> bool {
    acceptance_criteria_pattern().is_match(description)
}

/// One pattern for every form, compiled once: a regex scans each description once, without
/// the lower-cased copy a plain search would need.
fn acceptance_criteria_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(concat!(
            r"(?i:acceptance criteri|acceptance test|definition of done)",
            r"|(?im:^[\s#*h0-9.]*ac[: ])",
            r"|(?is:given .*when .*then )",
            r"|(?im:^\s*(?:[-*] \[[ x]\]|\(/\)|\(x\)|☐|☑|✅))",
        ))
        .expect("the acceptance-criteria pattern is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_usual_forms_of_acceptance_criteria() {
        for description in [
            "As a user I want X.\n\nh3. Acceptance Criteria\n* it works",
            "## Acceptance criteria\n- saves the draft",
            "<p><b>Acceptance Criteria:</b></p><ul><li>x</li></ul>",
            "AC: the export has a header row",
            "Given a signed-in user\nWhen she opens the report\nThen she sees her backlog",
            "Tasks\n- [ ] write the migration\n- [x] review",
            "(/) totals match the invoice",
            "Definition of Done: reviewed and deployed",
        ] {
            assert!(has_acceptance_criteria(description), "{description:?}");
        }
    }

    #[test]
    fn plain_descriptions_have_none() {
        for description in [
            "",
            "The checkout page is slow when the cart has many items.",
            "Given the lack of tests we should refactor",
            "Then we could account for the access control list",
            "Track accuracy of the ACL cache",
        ] {
            assert!(!has_acceptance_criteria(description), "{description:?}");
        }
    }

    #[test]
    fn length_counts_characters() {
        assert_eq!(description_length("café"), 4);
    }
}
