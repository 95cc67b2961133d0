//! Titles, descriptions and customer feedback sentences, written from the phrases in
//! [`crate::vocabulary`] with a handful of templates each, so the demo reads like a real team's
//! backlog rather than lorem ipsum.
//!
//! Descriptions come in the qualities real backlogs mix: rich (a user story with acceptance
//! criteria, a Given/When/Then scenario, a checklist, or a bug with reproduction steps), brief
//! (a sentence or two), one line, or empty. Everything is appended to a caller's `String` so
//! the benchmark writer can reuse one buffer for a million rows.

use crate::kind::Kind;
use crate::random::{Random, chance, index, pick};
use crate::vocabulary::{ACCEPTANCE_CRITERIA, CONTEXT_SENTENCES, ENVIRONMENTS, ONE_LINERS, Theme};

/// How much care went into a description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quality {
    /// Story with acceptance criteria, a scenario or a checklist; bug with steps; task with a
    /// definition of done; spike with questions and a timebox.
    Rich,
    /// Two or three sentences, no acceptance criteria.
    Brief,
    /// One line.
    OneLine,
    /// No description at all.
    Empty,
}

/// What an item is about, in the words a customer would use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voice {
    /// A story phrase completing "I want to …".
    Want(&'static str),
    /// A bug symptom (its title).
    Symptom(&'static str),
    /// Anything else: the item's title.
    Title(&'static str),
}

/// Person of a story phrase when it is retold.
#[derive(Debug, Clone, Copy)]
enum Person {
    /// "they … their" (a persona).
    Third,
    /// "we … our" (a customer speaking for their company).
    Plural,
}

/// Appends the title of an item written from `phrase`.
pub fn push_title(out: &mut String, random: &mut Random, kind: Kind, theme: &Theme, phrase: &str) {
    match kind {
        Kind::Story if chance(random, 0.3) => {
            out.push_str("As a");
            if theme.persona.starts_with(['a', 'e', 'i', 'o', 'u']) {
                out.push('n');
            }
            out.push(' ');
            out.push_str(theme.persona);
            out.push_str(", I want to ");
            out.push_str(phrase);
        }
        Kind::Story => push_capitalised(out, phrase),
        Kind::Spike if chance(random, 0.6) => {
            out.push_str("Spike: ");
            out.push_str(phrase);
        }
        _ => out.push_str(phrase),
    }
}

/// Appends a description of the given quality.
pub fn push_description(
    out: &mut String,
    random: &mut Random,
    quality: Quality,
    kind: Kind,
    theme: &Theme,
    voice: &Voice,
) {
    match quality {
        Quality::Empty => {}
        Quality::OneLine => out.push_str(pick(random, ONE_LINERS)),
        Quality::Brief => push_brief(out, random, theme, voice),
        Quality::Rich => match kind {
            Kind::Bug => push_bug_report(out, random, theme, voice),
            Kind::Task => push_task_plan(out, random),
            Kind::Spike => push_spike_plan(out, random),
            Kind::Story | Kind::Epic => push_story(out, random, theme, voice),
        },
    }
}

fn push_brief(out: &mut String, random: &mut Random, theme: &Theme, voice: &Voice) {
    match voice {
        Voice::Want(want) => {
            push_capitalised(out, theme.persona);
            out.push_str("s want to ");
            push_retold(out, want, Person::Third);
            out.push_str(". ");
        }
        Voice::Symptom(symptom) => {
            out.push_str(symptom);
            out.push_str(". Seen on ");
            out.push_str(pick(random, ENVIRONMENTS));
            out.push_str(". ");
        }
        Voice::Title(_) => {}
    }
    out.push_str(pick(random, CONTEXT_SENTENCES));
    if chance(random, 0.5) {
        out.push(' ');
        out.push_str(pick(random, CONTEXT_SENTENCES));
    }
}

fn push_story(out: &mut String, random: &mut Random, theme: &Theme, voice: &Voice) {
    let want = match voice {
        Voice::Want(want) => *want,
        _ => "",
    };
    if !want.is_empty() {
        out.push_str("As a ");
        out.push_str(theme.persona);
        out.push_str(", I want to ");
        out.push_str(want);
        out.push_str(" so that ");
        out.push_str(pick(random, theme.benefits));
        out.push_str(".\n\n");
    }
    out.push_str(pick(random, CONTEXT_SENTENCES));
    out.push_str("\n\n");
    match index(random, 3) {
        0 if !want.is_empty() => {
            out.push_str("*Scenario*\nGiven a signed-in ");
            out.push_str(theme.persona);
            out.push_str(" on ");
            out.push_str(theme.area);
            out.push_str("\nWhen they ");
            push_retold(out, want, Person::Third);
            out.push_str(
                "\nThen the result is saved and confirmed on screen\nAnd the event shows up in analytics",
            );
        }
        1 => {
            out.push_str("Tasks:\n");
            for step in [
                "- [ ] API change",
                "- [ ] UI for web and apps",
                "- [ ] Tracking event",
                "- [ ] Help article",
            ] {
                if chance(random, 0.8) {
                    out.push_str(step);
                    out.push('\n');
                }
            }
            out.push_str("- [ ] Demo to the product owner");
        }
        _ => {
            out.push_str("h3. Acceptance criteria\n");
            push_bullets(out, random, ACCEPTANCE_CRITERIA, 3);
        }
    }
}

fn push_bug_report(out: &mut String, random: &mut Random, theme: &Theme, voice: &Voice) {
    out.push_str("*Steps to reproduce*\n# Sign in as a test customer on ");
    out.push_str(pick(random, ENVIRONMENTS));
    out.push_str("\n# Go to ");
    out.push_str(theme.area);
    out.push_str("\n# Follow the steps from the attached support ticket\n\n*Actual:* ");
    match voice {
        Voice::Symptom(symptom) => out.push_str(symptom),
        Voice::Title(title) => out.push_str(title),
        Voice::Want(_) => out.push_str("it fails"),
    }
    out.push_str(".\n*Expected:* it works as on the desktop web shop.\n\n");
    out.push_str(pick(
        random,
        &["Happens every time.", "Happens about one time in five.", "Only for some accounts."],
    ));
    if chance(random, 0.5) {
        out.push_str("\n\nAcceptance criteria: fixed, and a regression test covers it.");
    }
}

fn push_task_plan(out: &mut String, random: &mut Random) {
    out.push_str(pick(random, CONTEXT_SENTENCES));
    out.push_str("\n\nh3. Definition of done\n");
    push_bullets(
        out,
        random,
        &[
            "Runbook updated",
            "Dashboards show the new metric",
            "No errors in staging for 24 hours",
            "Old code and configuration removed",
            "Rolled out behind a flag and then to everyone",
            "Security review done",
        ],
        3,
    );
}

fn push_spike_plan(out: &mut String, random: &mut Random) {
    out.push_str("Timebox: ");
    out.push_str(pick(random, &["2 days", "3 days", "one week"]));
    out.push_str(".\n\nQuestions to answer:\n");
    push_bullets(
        out,
        random,
        &[
            "What does it cost per month at our volume?",
            "What would we have to change in our code?",
            "Which risks do we see, and how do we reduce them?",
            "How do other shops solve this?",
            "Can we try it on 5% of traffic first?",
        ],
        3,
    );
    out.push_str("\n\nOutcome: a short write-up and a recommendation at the next refinement.");
}

/// `count` distinct bullets from `choices`, one per line (`* …`), without a final newline.
/// Picks by rejection into a small array: no allocation, as this runs for millions of rows.
fn push_bullets(out: &mut String, random: &mut Random, choices: &[&str], count: usize) {
    let mut chosen = [usize::MAX; 4];
    let count = count.min(choices.len()).min(chosen.len());
    for slot in 0..count {
        let mut choice = index(random, choices.len());
        while chosen[..slot].contains(&choice) {
            choice = index(random, choices.len());
        }
        chosen[slot] = choice;
        if slot > 0 {
            out.push('\n');
        }
        out.push_str("* ");
        out.push_str(choices[choice]);
    }
}

/// Appends a customer's request about an item, as a support ticket, a sales note or a review
/// would word it: the item's own words in a new sentence, so text matching can find it.
pub fn push_feedback_request(out: &mut String, random: &mut Random, voice: &Voice) {
    match voice {
        Voice::Want(want) => {
            let (before, person, after) = pick(
                random,
                &[
                    ("Please let us ", Person::Plural, "."),
                    ("Our customers keep asking to ", Person::Third, "."),
                    ("Any news on being able to ", Person::Plural, "? We asked for this at our last review."),
                    ("We need to ", Person::Plural, " before the peak season."),
                    ("It would really help if shoppers could ", Person::Third, "."),
                    ("Would love to ", Person::Plural, "!"),
                    ("Is it possible to ", Person::Plural, "? I could not find it in the docs."),
                ],
            );
            out.push_str(before);
            push_retold(out, want, person);
            out.push_str(after);
        }
        Voice::Symptom(symptom) => {
            let (before, after) = pick(
                random,
                &[
                    ("", ". Our team hit this again today."),
                    ("Since the last release: ", "."),
                    ("Urgent for us: ", ". Customers are complaining."),
                    ("", " - is there a workaround?"),
                    ("Reporting a problem: ", "."),
                ],
            );
            out.push_str(before);
            out.push_str(symptom);
            out.push_str(after);
        }
        Voice::Title(title) => {
            let (before, after) = pick(
                random,
                &[("Any update on this? ", ""), ("We would like this: ", "."), ("", " please!")],
            );
            out.push_str(before);
            out.push_str(title);
            out.push_str(after);
        }
    }
}

/// Appends a story phrase retold in another person: "my" becomes "their" or "our".
fn push_retold(out: &mut String, phrase: &str, person: Person) {
    let (subject, be, possessive, object) = match person {
        Person::Third => ("they", "they are", "their", "them"),
        Person::Plural => ("we", "we are", "our", "us"),
    };
    let mut words = phrase.split(' ').peekable();
    let mut first = true;
    while let Some(word) = words.next() {
        if !first {
            out.push(' ');
        }
        first = false;
        match word {
            "I" if words.peek() == Some(&"am") => {
                words.next();
                out.push_str(be);
            }
            "I" => out.push_str(subject),
            "my" => out.push_str(possessive),
            "me" => out.push_str(object),
            other => out.push_str(other),
        }
    }
}

/// Appends `text` with its first letter in upper case.
pub fn push_capitalised(out: &mut String, text: &str) {
    let mut chars = text.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::{Stream, stream};
    use crate::vocabulary::THEMES;

    #[test]
    fn retold_phrases_change_person() {
        let mut out = String::new();
        push_retold(&mut out, "see where I am signed in and keep my cart near me", Person::Third);
        assert_eq!(out, "see where they are signed in and keep their cart near them");
        out.clear();
        push_retold(&mut out, "keep my cart when I sign in", Person::Plural);
        assert_eq!(out, "keep our cart when we sign in");
    }

    #[test]
    fn rich_story_descriptions_state_acceptance_criteria() {
        let mut random = stream(1, Stream::Backlog);
        let voice = Voice::Want("save several delivery addresses");
        for _ in 0..30 {
            let mut out = String::new();
            push_description(&mut out, &mut random, Quality::Rich, Kind::Story, &THEMES[0], &voice);
            let lower = out.to_lowercase();
            assert!(
                lower.contains("acceptance criteria") || lower.contains("- [ ]") || lower.contains("given a"),
                "{out}"
            );
        }
    }

    #[test]
    fn bullets_are_distinct() {
        let mut random = stream(2, Stream::Backlog);
        for _ in 0..50 {
            let mut out = String::new();
            push_bullets(&mut out, &mut random, ACCEPTANCE_CRITERIA, 3);
            let lines: std::collections::BTreeSet<_> = out.lines().collect();
            assert_eq!(lines.len(), 3, "{out}");
        }
    }

    #[test]
    fn story_titles_read_as_user_stories_or_imperatives() {
        let mut random = stream(3, Stream::Backlog);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..40 {
            let mut out = String::new();
            push_title(&mut out, &mut random, Kind::Story, &THEMES[5], "use the app in dark mode");
            seen.insert(out);
        }
        let expected: std::collections::BTreeSet<String> =
            ["As an app user, I want to use the app in dark mode", "Use the app in dark mode"]
                .map(String::from)
                .into();
        assert_eq!(seen, expected);
    }
}
