//! The refinement agenda over the bundled demo workspace (datasets/demo), from the engine's own
//! figures: refine's ranking, the poker `discuss` flags and the dependency findings.
//!
//! Expected values were computed independently with a python3 script over
//! datasets/demo/backlog.csv and votes.csv (csv module; acceptance criteria with the pattern
//! load/description.rs documents; Blocks links from the Inward/Outward columns between items
//! not done; a poker round's spread = index of the highest minus the lowest card, votes snapped
//! to the nearest Fibonacci card): 226 open To Do items that are not epics, of which 212 have a
//! reason and 14 are ready; 14 are new in the 14 days before 2026-11-13 18:00, the oldest
//! SHOP-405 (02/Nov/26 1:32 PM, 3 points, no acceptance criteria), SHOP-406 and SHOP-407
//! (04/Nov, unestimated, none), SHOP-408 (05/Nov, unestimated, has criteria). SHOP-1 and
//! SHOP-159 are blocked by SHOP-351, unestimated, without criteria; SHOP-294 (13 points) by
//! SHOP-358, and its votes spread; SHOP-404 (20 points) and SHOP-388 (40) are too big.

use std::collections::BTreeSet;
use std::path::PathBuf;

use refine_engine::agenda::{
    AgendaSettings, CandidateSources, Reason, SectionKind, agenda, candidates_from, triage_since,
};
use refine_engine::config::Config;
use refine_engine::estimates::estimates;
use refine_engine::health::dependencies::{DependencyFindingKind, DependencyReport, dependency_findings};
use refine_engine::load::{LoadOptions, load_inputs};
use refine_engine::model::Table;
use refine_engine::model::dates::parse_timestamp;
use refine_engine::model::view::{Items, Links};
use refine_engine::run::{PrioritizeOptions, prioritize};

#[test]
fn the_demo_agenda_adds_up_and_names_the_right_reasons() {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo");
    let workspace = load_inputs(&[demo], &LoadOptions::default()).unwrap();
    let config = Config::default();
    let as_of = parse_timestamp("2026-11-13T18:00:00Z").unwrap();

    let ranking = prioritize(&workspace, &config, &PrioritizeOptions::default()).unwrap().ranking.items;
    let (items, links) = (workspace.table(Table::Items), workspace.table(Table::Links));
    let (history, votes) = (workspace.table(Table::History), workspace.table(Table::Votes));
    let poker = estimates(
        &refine_engine::model::view::Items::decode(&items).unwrap(),
        &refine_engine::model::view::History::decode(&history).unwrap(),
        &refine_engine::model::view::Votes::decode(&votes).unwrap(),
        None,
        &config.estimates,
    )
    .unwrap();
    let discuss: BTreeSet<String> =
        poker.items.iter().filter(|stats| stats.discuss).map(|stats| stats.key.clone()).collect();
    let (items_view, links_view) = (Items::decode(&items).unwrap(), Links::decode(&links).unwrap());
    let dependencies = dependency_findings(&items_view, &links_view, &ranking);
    check_dependencies(&dependencies);
    let blocked = dependencies.blocked_by();
    let settings = AgendaSettings::default();
    let list = candidates_from(&CandidateSources {
        items: &items_view,
        ranking: &ranking,
        discuss: &discuss,
        duplicates: &[],
        blocked: &blocked,
        split_threshold: 13.0,
        new_since: triage_since(as_of, None, &settings),
    });
    assert!(list.warnings.is_empty(), "{:?}", list.warnings);
    // 13 points is oversized (the health review's rule, estimate >= split threshold): 212
    // candidates counted with estimate > 13, plus one 13-point item with no other reason.
    assert_eq!(list.candidates.len(), 213);

    let reasons = |key: &str| {
        list.candidates
            .iter()
            .find(|candidate| candidate.key == key)
            .map(|candidate| candidate.reasons.clone())
    };
    use Reason::*;
    assert_eq!(reasons("SHOP-404"), Some(vec![NoAcceptanceCriteria, EstimatorsDisagree, TooBigForSprint]));
    assert_eq!(reasons("SHOP-388"), Some(vec![EstimatorsDisagree, TooBigForSprint]));
    assert_eq!(
        reasons("SHOP-294"),
        Some(vec![EstimatorsDisagree, TooBigForSprint, Blocked { by: vec!["SHOP-358".into()] }])
    );
    let blocked_by_351 =
        Some(vec![NoAcceptanceCriteria, Unestimated, Blocked { by: vec!["SHOP-351".into()] }]);
    assert_eq!(reasons("SHOP-159"), blocked_by_351);
    assert_eq!(reasons("SHOP-1"), blocked_by_351);
    assert_eq!(reasons("SHOP-410"), Some(vec![New]));
    assert_eq!(reasons("SHOP-406"), Some(vec![New, NoAcceptanceCriteria, Unestimated]));
    let new = list.candidates.iter().filter(|candidate| candidate.reasons.contains(&New)).count();
    assert_eq!(new, 14);

    for minutes in [None, Some(30), Some(90)] {
        let plan = agenda(&list.candidates, as_of, None, &settings, minutes);
        let session = minutes.unwrap_or(60);
        assert_eq!(plan.sections.iter().map(|section| section.minutes).sum::<u32>(), session);
        for section in &plan.sections {
            let used: u32 = section.items.iter().map(|item| item.item.minutes).sum();
            assert!(used <= section.minutes, "{minutes:?}: {section:?}");
            assert!(section.items.iter().all(|item| section.start <= item.start && item.end <= section.end));
        }
        // The deep dive follows the ranking.
        let ranks: Vec<usize> = plan.sections[2].items.iter().filter_map(|item| item.item.rank).collect();
        assert!(ranks.windows(2).all(|pair| pair[0] < pair[1]), "{ranks:?}");
        assert_eq!(ranks.len(), plan.sections[2].items.len(), "the top of the deep dive is ranked");
    }

    // The default hour: triage 5–25 takes the oldest new items that fit: SHOP-405 (complexity 2,
    // 7 min: 5–12), SHOP-406 (2, 7 min: 12–19), SHOP-407 would end at 26, SHOP-408 (new and
    // unestimated: 1, 5 min: 19–24); nothing later is 1 minute long. 11 new items wait.
    let plan = agenda(&list.candidates, as_of, None, &settings, None);
    let triage: Vec<(&str, u32, u32)> =
        plan.sections[1].items.iter().map(|item| (item.item.key.as_str(), item.start, item.end)).collect();
    assert_eq!(triage, [("SHOP-405", 5, 12), ("SHOP-406", 12, 19), ("SHOP-408", 19, 24)]);
    let waiting = plan.next_time.iter().filter(|item| item.section == SectionKind::Triage).count();
    assert_eq!(waiting, 11);
    assert_eq!(plan.sections[3].end, 60);
}

/// Blocks links between open items (python over the Inward/Outward Blocks columns): 10, all
/// within the backlog; SHOP-294 and SHOP-358 block each other; 10 items are blocked; by row
/// position (the tracker's rank) five blockers sit below what they block: SHOP-1 (238) above
/// SHOP-360 (206), SHOP-171 (353) / SHOP-390 (246), SHOP-309 (289) / SHOP-59 (227), SHOP-351
/// (389) / SHOP-1 (238) and SHOP-159 (211). Done blockers: SHOP-155 → SHOP-268, SHOP-228 →
/// SHOP-404, SHOP-251 → SHOP-221. refine's ranking moves every blocker ahead, so none ranks
/// below.
fn check_dependencies(report: &DependencyReport) {
    let of_kind = |kind: DependencyFindingKind| -> Vec<(&str, Vec<&str>)> {
        report
            .findings
            .iter()
            .filter(|finding| finding.kind == kind)
            .map(|finding| (finding.key.as_str(), finding.related.iter().map(String::as_str).collect()))
            .collect()
    };
    assert_eq!(of_kind(DependencyFindingKind::Cycle), [("SHOP-294", vec!["SHOP-358"])]);
    assert_eq!(report.counts.blocked, 10);
    assert_eq!(report.counts.blocker_ranked_below, 0);
    let mut below = of_kind(DependencyFindingKind::BlockerBelowInBacklog);
    below.sort();
    assert_eq!(
        below,
        [
            ("SHOP-1", vec!["SHOP-360"]),
            ("SHOP-171", vec!["SHOP-390"]),
            ("SHOP-309", vec!["SHOP-59"]),
            ("SHOP-351", vec!["SHOP-1"]),
            ("SHOP-351", vec!["SHOP-159"]),
        ]
    );
    let stale = of_kind(DependencyFindingKind::LinkToDone);
    for (open, done) in [("SHOP-268", "SHOP-155"), ("SHOP-404", "SHOP-228"), ("SHOP-221", "SHOP-251")] {
        assert!(stale.contains(&(open, vec![done])), "{open} blocked by done {done}: {stale:?}");
    }
    assert_eq!(report.counts.unknown_items, 0);
}
