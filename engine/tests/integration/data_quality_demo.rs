//! The data-quality findings and item addresses of `refine report`'s run on the bundled demo
//! workspace and on a GitHub CLI listing.
//!
//! The demo's counts were found independently with python3 over datasets/demo: open items =
//! `Status Category` not `Done` with an empty `Custom field (Story Points)` (105); done items
//! whose status history never reaches `In Progress` or `In Review` (27, the first five in file
//! order SHOP-10, SHOP-60, SHOP-38, SHOP-20, SHOP-37); done items without history (0); feedback
//! keys not in the backlog (0 of 808 linked rows); link cells naming no backlog key (0). Every
//! row of the backlog has a `Status Category`, so no category is guessed.

use std::path::{Path, PathBuf};

use refine_engine::config::Config;
use refine_engine::load::{LoadOptions, load_inputs};
use refine_engine::run::{Analyses, PrioritizeOptions, QualityCheck, Unobserved, analyse};

fn analyse_path(relative: &str, config: &Config) -> Analyses {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(relative);
    let workspace = load_inputs(&[path], &LoadOptions::default()).unwrap();
    analyse(&workspace, config, workspace.latest_timestamp(), &PrioritizeOptions::default(), &Unobserved)
        .unwrap()
}

#[test]
fn the_demo_workspace_findings_in_order_with_their_counts() {
    let analyses = analyse_path("datasets/demo", &Config::default());
    let quality = &analyses.data_quality;
    let counts: Vec<(QualityCheck, usize)> =
        quality.findings.iter().map(|finding| (finding.id, finding.count)).collect();
    assert_eq!(
        counts,
        [
            (QualityCheck::SkippedRows, 0),
            (QualityCheck::GuessedStatusCategories, 0),
            (QualityCheck::UncategorisedStatuses, 0),
            (QualityCheck::DoneWithoutProgress, 27),
            (QualityCheck::DoneWithoutHistory, 0),
            (QualityCheck::OpenWithoutEstimate, 105),
            (QualityCheck::UnknownFeedbackKeys, 0),
            (QualityCheck::LinksToUnknownItems, 0),
        ]
    );
    // The flow counts the same items.
    assert_eq!(analyses.flow.as_ref().unwrap().done_without_progress, 27);
    let examples = |check| quality.finding(check).unwrap().examples.clone();
    assert_eq!(
        examples(QualityCheck::DoneWithoutProgress),
        ["SHOP-10", "SHOP-60", "SHOP-38", "SHOP-20", "SHOP-37"]
    );
    // Open items without an estimate: the top of the ranking first.
    let unestimated_ranked: Vec<String> = (analyses.prioritization.ranking.items.iter())
        .filter(|item| examples(QualityCheck::OpenWithoutEstimate).contains(&item.key))
        .map(|item| item.key.clone())
        .collect();
    assert_eq!(examples(QualityCheck::OpenWithoutEstimate), unestimated_ranked);
    assert_eq!(examples(QualityCheck::OpenWithoutEstimate).len(), 5);
    // A Jira CSV carries no address, and none is configured.
    assert!(analyses.item_urls.is_empty());
}

#[test]
fn a_configured_item_url_links_every_ranked_item_of_the_demo() {
    let config = Config::parse(
        "[report]\nitem_url = \"https://shop.example/browse/{key}\"\n",
        Path::new("refine.toml"),
    )
    .unwrap();
    let analyses = analyse_path("datasets/demo", &config);
    let ranking = &analyses.prioritization.ranking.items;
    assert_eq!(analyses.item_urls.len(), ranking.len());
    assert_eq!(analyses.item_urls.len(), 239);
    for item in ranking {
        assert_eq!(analyses.item_urls[&item.key], format!("https://shop.example/browse/{}", item.key));
    }
}

#[test]
fn a_github_listing_links_its_issues_to_their_pages_before_the_template() {
    let config =
        Config::parse("[report]\nitem_url = \"https://elsewhere.example/{key}\"\n", Path::new("refine.toml"))
            .unwrap();
    let analyses = analyse_path("datasets/fixtures/gh-issue-list.json", &config);
    let ranked: Vec<&str> =
        analyses.prioritization.ranking.items.iter().map(|item| item.key.as_str()).collect();
    assert!(ranked.contains(&"#214"), "{ranked:?}");
    // The CLI's `url` of #214 in the fixture.
    assert_eq!(analyses.item_urls["#214"], "https://github.com/acme/ledger/issues/214");
    assert_eq!(analyses.item_urls.len(), ranked.len());
    // No history: the flow checks are left out, the others are there.
    let quality = &analyses.data_quality;
    assert!(quality.finding(QualityCheck::DoneWithoutProgress).is_none());
    assert!(quality.finding(QualityCheck::SkippedRows).is_some());
}
