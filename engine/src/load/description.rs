//! What an item's description tells before anyone reads it: its length and whether it states
//! acceptance criteria.
//!
//! Acceptance criteria are recognised in the forms teams write them in Jira wiki markup,
//! Markdown, HTML (Azure DevOps) and plain text: a heading or label naming them ("Acceptance
//! criteria", "AC:", "Definition of done"), a Given/When/Then scenario, or a checklist
//! (`- [ ]`, `* [x]`, `(/)`).

/// Length of a description in characters (not bytes: `é` is one).
pub fn description_length(description: &str) -> i64 {
    i64::try_from(description.chars().count()).unwrap_or(i64::MAX)
}

/// Whether a description states acceptance criteria (see the module documentation).
pub fn has_acceptance_criteria(description: &str) -> bool {
    let text = description.to_lowercase();
    let labelled = ["acceptance criteria", "acceptance criterion", "acceptance test", "definition of done"]
        .iter()
        .any(|label| text.contains(label))
        || text.lines().any(|line| {
            let line = line.trim_start_matches(|c: char| {
                c == '#' || c == '*' || c == 'h' || c.is_ascii_digit() || c == '.' || c.is_whitespace()
            });
            line.starts_with("ac:") || line.starts_with("ac ")
        });
    let scenario = {
        let given = text.find("given ");
        let when = given.and_then(|at| text[at..].find("when ").map(|offset| at + offset));
        when.is_some_and(|at| text[at..].contains("then "))
    };
    let checklist = text.lines().any(|line| {
        let line = line.trim_start();
        ["- [ ]", "- [x]", "* [ ]", "* [x]", "(/)", "(x)", "☐", "☑", "✅"]
            .iter()
            .any(|mark| line.starts_with(mark))
    });
    labelled || scenario || checklist
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
