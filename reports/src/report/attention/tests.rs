use refine_engine::rank::RankChange;

use super::*;
use crate::demo::demo_analyses;

fn ranked(rank: usize, key: &str, blocked_by: &[&str]) -> RankedItem {
    RankedItem {
        rank,
        key: key.to_owned(),
        title: None,
        item_type: None,
        status: None,
        priority: None,
        score: None,
        not_scored_reason: None,
        explanation: String::new(),
        drivers: Vec::new(),
        moved_ahead_of: None,
        blocked_by: blocked_by.iter().map(|key| (*key).to_owned()).collect(),
        blocks: Vec::new(),
        previous_rank: None,
        rank_change: None,
        rank_delta: None,
    }
}

fn ranks(items: &[RankedItem]) -> Ranks<'_> {
    Ranks { of: items.iter().map(|item| (item.key.as_str(), item.rank)).collect(), lines_shown: 1000 }
}

#[test]
fn ordinals_follow_english() {
    let cases = [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th")];
    for (number, expected) in cases {
        assert_eq!(ordinal(number), expected);
    }
    assert_eq!(ordinal(21), "21st");
    assert_eq!(ordinal(102), "102nd");
    assert_eq!(ordinal(111), "111th");
}

#[test]
fn an_item_above_its_blocker_or_blocked_from_outside_the_ranking_needs_a_decision() {
    // A-1 waits on A-3 (ranked below it) and A-9 (not ranked); A-3 waits on A-2 (above it).
    let items = [ranked(1, "A-1", &["A-3", "A-9"]), ranked(2, "A-2", &[]), ranked(3, "A-3", &["A-2"])];
    let finding = blocked_above_blockers(&items, &ranks(&items)).unwrap();
    assert_eq!(finding.headline, "1 item is ranked above what blocks it");
    assert_eq!(finding.mentions.len(), 1);
    assert_eq!(finding.mentions[0].key, "A-1");
    assert_eq!(finding.mentions[0].note, "waits on A-3, ranked 3rd, A-9, which is not in the ranking");
    assert_eq!(finding.mentions[0].anchor, "item-A-1");
    assert_eq!(finding.evidence, "table-health-dependencies");
}

#[test]
fn the_largest_moves_come_first_whichever_way() {
    let mut items: Vec<RankedItem> = (1..=7).map(|rank| ranked(rank, &format!("A-{rank}"), &[])).collect();
    let deltas = [Some(2), Some(-9), None, Some(0), Some(9), Some(1), Some(-3)];
    for (item, delta) in items.iter_mut().zip(deltas) {
        item.rank_delta = delta;
        item.rank_change = delta.map(|_| RankChange::Up);
    }
    let finding = moved_most(&items, &ranks(&items)).unwrap();
    let notes: Vec<String> =
        finding.mentions.iter().map(|mention| format!("{} {}", mention.key, mention.note)).collect();
    // Equal moves (9 down, 9 up) keep rank order; no move and unknown moves are left out.
    assert_eq!(
        notes,
        ["A-2 down 9 to 2nd", "A-5 up 9 to 5th", "A-7 down 3 to 7th", "A-1 up 2 to 1st", "A-6 up 1 to 6th"]
    );
}

#[test]
fn without_a_previous_ranking_nothing_moved() {
    let items = [ranked(1, "A-1", &[])];
    assert!(moved_most(&items, &ranks(&items)).unwrap().mentions.is_empty());
}

/// The demo workspace's findings, each count read off the demo's own tables (health-ready's
/// near-top rows, the aging table against the 85th percentile, ...).
#[test]
fn the_demo_needs_these_decisions() {
    let analyses = demo_analyses();
    let findings = attention(&analyses, 1000);
    let summary: Vec<(&str, usize)> =
        findings.iter().map(|finding| (finding.id, finding.mentions.len())).collect();
    assert_eq!(
        summary,
        [
            ("attention-not-ready", 21),
            ("attention-blocked", 1),
            ("attention-estimates", 24),
            ("attention-aging", 13),
            ("attention-duplicates", 3),
            ("attention-stale-demand", 79),
        ]
    );
    assert_eq!(findings[0].headline, "21 of the top 23 items are not ready for a sprint");
    let ranked: Vec<&str> =
        analyses.prioritization.ranking.items.iter().map(|item| item.key.as_str()).collect();
    for mention in findings.iter().flat_map(|finding| &finding.mentions) {
        let to_line = mention.anchor == item_anchor(&mention.key);
        assert_eq!(to_line, ranked.contains(&mention.key.as_str()), "{mention:?}");
    }
    // With the first 3 lines shown, only SHOP-140, SHOP-351 and SHOP-159 link to a line.
    let three = attention(&analyses, 3);
    let linked: std::collections::BTreeSet<&str> = three
        .iter()
        .flat_map(|finding| &finding.mentions)
        .filter(|mention| mention.anchor.starts_with("item-"))
        .map(|mention| mention.key.as_str())
        .collect();
    assert!(linked.iter().all(|key| ranked[..3].contains(key)), "{linked:?}");
    assert!(linked.contains("SHOP-140"));
}
