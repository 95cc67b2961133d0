//! The README's reference sections are generated from the code, between
//! `<!-- generated: NAME -->` and `<!-- end: NAME -->` markers. This test fails when they drift;
//! `REFINE_UPDATE_README=1 cargo test -p refine-cli --test integration readme` rewrites them.

use refine_reports::reference::{canonical_tables_markdown, formats_markdown};

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");

/// Tests run in parallel; rewriting the README must not lose another test's update.
static README_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Checks (or, with REFINE_UPDATE_README=1, rewrites) the section `name` of the README.
fn check_section(name: &str, expected: &str) {
    let _guard = README_LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let readme = std::fs::read_to_string(README).expect("README.md is readable");
    let start_marker = format!("<!-- generated: {name} -->\n");
    let end_marker = format!("<!-- end: {name} -->");
    let start = readme.find(&start_marker).map(|at| at + start_marker.len());
    let end = readme.find(&end_marker);
    let (Some(start), Some(end)) = (start, end) else {
        panic!("README.md lacks the markers {start_marker:?} and {end_marker:?}");
    };
    if &readme[start..end] == expected {
        return;
    }
    if std::env::var_os("REFINE_UPDATE_README").is_some() {
        let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
        std::fs::write(README, updated).expect("README.md is writable");
    } else {
        panic!(
            "README.md's `{name}` section is out of date; run REFINE_UPDATE_README=1 cargo test -p refine-cli --test integration readme"
        );
    }
}

#[test]
fn readme_lists_every_input_format() {
    check_section("formats", &formats_markdown());
}

#[test]
fn readme_lists_the_canonical_tables() {
    check_section("canonical-tables", &canonical_tables_markdown());
}

#[test]
fn readme_shows_the_default_refine_toml() {
    check_section("refine-toml", &format!("```toml\n{}```\n", refine_engine::config::DEFAULT_TOML));
}

/// Every example in the README's "Examples" section loads as the format it illustrates, without
/// a problem.
#[test]
fn readme_examples_load_as_their_format() {
    let readme = std::fs::read_to_string(README).expect("README.md is readable");
    let section = readme.split("### Examples").nth(1).expect("README.md has an Examples section");
    let section = section.split("\n## ").next().unwrap_or_default();
    let blocks: Vec<(&str, &str)> =
        section.split("```").skip(1).step_by(2).filter_map(|block| block.split_once('\n')).collect();
    let expected = [
        "jira-csv",
        "jira-json",
        "github-json",
        "linear-csv",
        "azure-devops-csv",
        "sprint-report-csv",
        "poker-votes-csv",
        "feedback-csv",
        "odi-survey-csv",
    ];
    assert_eq!(blocks.len(), expected.len(), "one code block per example");
    let folder = tempfile::tempdir().unwrap();
    for ((language, content), format) in blocks.into_iter().zip(expected) {
        let path = folder.path().join(format!("{format}.{language}"));
        std::fs::write(&path, content).unwrap();
        let options = refine_engine::load::LoadOptions::default();
        let file = refine_engine::load::load_file(&path, &options)
            .unwrap_or_else(|error| panic!("the {format} example does not load: {error}"));
        assert_eq!(file.format.name(), format);
        assert_eq!(file.loaded.problems, vec![], "the {format} example has problems");
    }
}
