#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::health::test_frames::{TestRow, items, ranking};
use crate::model::items as column;
use crate::model::view::Items;

const DAY: i64 = crate::model::dates::DAY_MS;
/// 2026-11-13T00:00:00Z.
const AS_OF: i64 = 1_762_992_000_000 + 365 * DAY;

fn candidate(
    key: &str,
    created_days_ago: Option<i64>,
    rank: Option<usize>,
    reasons: Vec<Reason>,
) -> Candidate {
    Candidate {
        key: key.to_owned(),
        title: Some(format!("title of {key}")),
        created: created_days_ago.map(|days| AS_OF - days * DAY),
        rank,
        estimate: None,
        reasons,
    }
}

fn blocked() -> Reason {
    Reason::Blocked { by: vec!["X-1".to_owned()] }
}

/// Triage: N1 (10 days old, 7 min), N2 (5 days, 5 min), N3 (1 day, 10 min). Deep dive: D1 (rank
/// 1, 10 min), D2 (rank 2, 10 min), D3 (rank 3, 7 min), D4 (rank 4, 5 min), D5 (unranked,
/// 5 min). R is ready and old: never on the agenda. OLD is new by the reason alone (60 days).
fn session_candidates() -> Vec<Candidate> {
    use Reason::*;
    vec![
        candidate("D5", Some(100), None, vec![Unestimated]),
        candidate("N3", Some(1), None, vec![New, TooBigForSprint]),
        candidate("D1", Some(100), Some(1), vec![TooBigForSprint]),
        candidate("N1", Some(10), Some(7), vec![New, NoAcceptanceCriteria, Unestimated]),
        candidate("D3", Some(100), Some(3), vec![NoAcceptanceCriteria]),
        candidate("R", Some(100), Some(5), vec![]),
        candidate("D2", Some(100), Some(2), vec![NoAcceptanceCriteria, Unestimated, blocked()]),
        candidate("N2", Some(5), None, vec![New]),
        candidate("D4", Some(100), Some(4), vec![Unestimated]),
    ]
}

/// (key, start, end) per section.
fn timeline(agenda: &Agenda) -> Vec<Vec<(&str, u32, u32)>> {
    agenda
        .sections
        .iter()
        .map(|section| {
            section.items.iter().map(|item| (item.item.key.as_str(), item.start, item.end)).collect()
        })
        .collect()
}

fn bounds(agenda: &Agenda) -> Vec<(u32, u32)> {
    agenda.sections.iter().map(|section| (section.start, section.end)).collect()
}

fn next_time(agenda: &Agenda) -> Vec<(SectionKind, &str)> {
    agenda.next_time.iter().map(|item| (item.section, item.item.key.as_str())).collect()
}

#[test]
fn complexity_from_reasons_and_estimate() {
    use Reason::*;
    let complexity = |reasons: Vec<Reason>, estimate: Option<f64>| {
        Candidate { estimate, ..candidate("K", None, None, reasons) }.complexity()
    };
    assert_eq!(complexity(vec![], None), 1);
    assert_eq!(complexity(vec![New], None), 1);
    assert_eq!(complexity(vec![Unestimated], None), 1);
    assert_eq!(complexity(vec![NoAcceptanceCriteria], None), 2);
    assert_eq!(complexity(vec![EstimatorsDisagree], Some(3.0)), 2);
    assert_eq!(complexity(vec![TooBigForSprint], Some(20.0)), 3);
    // Two substantive reasons: the highest level.
    assert_eq!(complexity(vec![New, NoAcceptanceCriteria, Unestimated], None), 2);
    // Three substantive reasons: one more, capped at 3.
    assert_eq!(complexity(vec![NoAcceptanceCriteria, Unestimated, blocked()], None), 3);
    assert_eq!(complexity(vec![Unestimated, DuplicateCandidate { of: "A".into() }, blocked()], None), 2);
    assert_eq!(complexity(vec![TooBigForSprint, NoAcceptanceCriteria, EstimatorsDisagree], None), 3);
    // 8 points or more: at least 2.
    assert_eq!(complexity(vec![blocked()], Some(8.0)), 2);
    assert_eq!(complexity(vec![blocked()], Some(5.0)), 1);

    let settings = AgendaSettings::default();
    assert_eq!([1, 2, 3].map(|level| settings.minutes_for(level)), [5, 7, 10]);
    assert_eq!((settings.minutes_for(0), settings.minutes_for(9)), (5, 10));
}

#[test]
fn the_default_hour_with_an_overflowing_item_list() {
    let agenda = agenda(&session_candidates(), AS_OF, None, &AgendaSettings::default(), None);
    assert_eq!(agenda.session_minutes, 60);
    assert_eq!(agenda.since, AS_OF - 14 * DAY);
    assert_eq!(bounds(&agenda), [(0, 5), (5, 25), (25, 50), (50, 60)]);
    // Triage 5–25: N1 7 min (5–12), N2 5 (12–17), N3 10 would end at 27: next time; 20 − 12 = 8
    // minutes spare.
    // Deep dive 25–50: D1 10 (25–35), D2 10 (35–45), D3 7 would end at 52: next time, D4 5
    // (45–50), D5 has no room left.
    assert_eq!(
        timeline(&agenda),
        [
            vec![],
            vec![("N1", 5, 12), ("N2", 12, 17)],
            vec![("D1", 25, 35), ("D2", 35, 45), ("D4", 45, 50)],
            vec![],
        ]
    );
    assert_eq!(
        next_time(&agenda),
        [(SectionKind::Triage, "N3"), (SectionKind::DeepDive, "D3"), (SectionKind::DeepDive, "D5")]
    );
    assert_eq!(agenda.sections[1].spare_minutes, 8);
    assert_eq!(agenda.sections[2].spare_minutes, 0);
    assert_eq!(agenda.not_listed, 0);

    let n1 = &agenda.sections[1].items[0].item;
    assert_eq!((n1.complexity, n1.minutes), (2, 7));
    assert_eq!(n1.why, "new (created 2026-11-03); no acceptance criteria; unestimated");
    assert_eq!(
        n1.decide,
        ["triage: keep it (type, priority) or close it", "write acceptance criteria", "estimate it"]
    );
    let d2 = &agenda.sections[2].items[1].item;
    assert_eq!(d2.why, "no acceptance criteria; unestimated; blocked by X-1");
    assert_eq!(d2.decide[2], "resolve or re-order the blocker (X-1)");
    assert_eq!(agenda.warnings, ["3 items did not fit and are listed for next time"]);
}

#[test]
fn thirty_minutes_scale_the_sections_and_fit_fewer_items() {
    let agenda = agenda(&session_candidates(), AS_OF, None, &AgendaSettings::default(), Some(30));
    // 2 + 10 + 13 + 5 (largest remainder, see timing.rs).
    assert_eq!(bounds(&agenda), [(0, 2), (2, 12), (12, 25), (25, 30)]);
    // Triage 10 min: N1 7 (2–9); N2 5 would end at 14. Deep dive 13: D1 10 (12–22); D2 10, D3
    // 7, D4 5, D5 5 all end after 25.
    assert_eq!(timeline(&agenda), [vec![], vec![("N1", 2, 9)], vec![("D1", 12, 22)], vec![]]);
    // Next time: both triage items; the deep dive of a 30-minute session takes at most 13 / 5
    // = 2 items, so D2 and D3 are listed and D4, D5 counted.
    use SectionKind::*;
    assert_eq!(next_time(&agenda), [(Triage, "N2"), (Triage, "N3"), (DeepDive, "D2"), (DeepDive, "D3")]);
    assert_eq!(agenda.not_listed, 2);
}

#[test]
fn ninety_minutes_fit_every_item() {
    let agenda = agenda(&session_candidates(), AS_OF, None, &AgendaSettings::default(), Some(90));
    // 7 + 30 + 38 + 15.
    assert_eq!(bounds(&agenda), [(0, 7), (7, 37), (37, 75), (75, 90)]);
    assert_eq!(
        timeline(&agenda),
        [
            vec![],
            vec![("N1", 7, 14), ("N2", 14, 19), ("N3", 19, 29)],
            vec![("D1", 37, 47), ("D2", 47, 57), ("D3", 57, 64), ("D4", 64, 69), ("D5", 69, 74)],
            vec![],
        ]
    );
    assert!(agenda.next_time.is_empty());
    assert_eq!((agenda.sections[1].spare_minutes, agenda.sections[2].spare_minutes), (8, 1));
    assert!(agenda.warnings.is_empty(), "{:?}", agenda.warnings);
}

#[test]
fn no_length_ever_runs_over_the_session_or_a_section() {
    let candidates = session_candidates();
    for minutes in 0..=240 {
        let agenda = agenda(&candidates, AS_OF, None, &AgendaSettings::default(), Some(minutes));
        assert_eq!(agenda.sections.iter().map(|section| section.minutes).sum::<u32>(), minutes);
        assert_eq!(agenda.sections.last().unwrap().end, minutes);
        for pair in agenda.sections.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for section in &agenda.sections {
            let used: u32 = section.items.iter().map(|item| item.item.minutes).sum();
            assert_eq!(used + section.spare_minutes, section.minutes);
            for item in &section.items {
                assert!(section.start <= item.start && item.end <= section.end, "{minutes}: {item:?}");
            }
        }
    }
}

#[test]
fn an_explicit_since_and_no_candidates() {
    // Since 7 days ago, and N1 (10 days old) without the New reason: no longer new, so it joins
    // the deep dive at its rank 7, after D1-D4 and before the unranked D5. N2, N3 stay new.
    let mut candidates = session_candidates();
    candidates
        .iter_mut()
        .filter(|candidate| candidate.key == "N1")
        .for_each(|n1| n1.reasons.retain(|reason| *reason != Reason::New));
    let agenda = agenda(&candidates, AS_OF, Some(AS_OF - 7 * DAY), &AgendaSettings::default(), Some(90));
    let keys = |section: &Section| -> Vec<String> {
        section.items.iter().map(|item| item.item.key.clone()).collect()
    };
    assert_eq!(keys(&agenda.sections[1]), ["N2", "N3"]);
    // Deep dive 38 min: D1 10, D2 10, D3 7, D4 5 = 32; N1 (7 min) would end at 76 > 75; D5 fits.
    assert_eq!(keys(&agenda.sections[2]), ["D1", "D2", "D3", "D4", "D5"]);
    assert_eq!(next_time(&agenda), [(SectionKind::DeepDive, "N1")]);

    let empty = super::agenda(&[], AS_OF, None, &AgendaSettings::default(), None);
    assert_eq!(bounds(&empty), [(0, 5), (5, 25), (25, 50), (50, 60)]);
    assert_eq!(empty.warnings, ["no item needs refinement: nothing new, nothing not ready"]);
    let nothing = super::agenda(&session_candidates(), AS_OF, None, &AgendaSettings::default(), Some(0));
    assert!(nothing.sections.iter().all(|section| section.items.is_empty()));
    assert_eq!(nothing.next_time.len(), 3, "N1, N2, N3; the deep dive of 0 minutes lists none");
}

#[test]
fn triage_by_creation_date_without_the_new_reason() {
    // A candidate created inside the window but without the New reason is triaged, and gets it.
    let fresh = candidate("F", Some(2), Some(1), vec![Reason::Unestimated]);
    let agenda = agenda(&[fresh], AS_OF, None, &AgendaSettings::default(), None);
    let item = &agenda.sections[1].items[0].item;
    assert_eq!(item.reasons, [Reason::New, Reason::Unestimated]);
    assert_eq!(item.minutes, 5);
}

#[test]
fn settings_validation() {
    assert_eq!(AgendaSettings::default().validate(), Ok(()));
    let settings = AgendaSettings { triage: 0, ..AgendaSettings::default() };
    assert_eq!(settings.validate(), Err(AgendaError::EmptySection("triage")));
    let settings = AgendaSettings { minutes: 90, ..AgendaSettings::default() };
    assert_eq!(settings.validate(), Err(AgendaError::SectionsDoNotAddUp { sections: 60, minutes: 90 }));
    let settings = AgendaSettings { story_minutes: [5, 4, 10], ..AgendaSettings::default() };
    assert_eq!(settings.validate(), Err(AgendaError::BadStoryMinutes([5, 4, 10])));
    let settings = AgendaSettings { story_minutes: [0, 0, 0], ..AgendaSettings::default() };
    assert!(settings.validate().is_err());
}

#[test]
fn candidates_from_the_engines_figures() {
    let old = AS_OF - 100 * DAY;
    let row = |key: &str, category: &str, estimate: Option<f64>, criteria: Option<bool>| {
        let mut row = TestRow::new()
            .text(column::KEY, key)
            .text(column::STATUS_CATEGORY, category)
            .millis(column::CREATED, old)
            .text(column::TYPE, "Story");
        if let Some(points) = estimate {
            row = row.number(column::ESTIMATE, points);
        }
        if let Some(criteria) = criteria {
            row = row.boolean(column::HAS_ACCEPTANCE_CRITERIA, criteria);
        }
        row
    };
    let frame = items(&[
        row("A", "todo", None, None).millis(column::CREATED, AS_OF - 2 * DAY),
        row("B", "todo", Some(20.0), Some(true)),
        row("C", "in_progress", None, None),
        row("D", "done", None, None),
        row("E", "todo", None, None).text(column::TYPE, "Epic"),
        row("F", "todo", Some(3.0), Some(true)),
        row("G", "todo", Some(2.0), Some(true)),
        row("H", "todo", Some(2.0), Some(false)),
    ]);
    let ranking = ranking(&["B", "F", "A", "G"]);
    let discuss: BTreeSet<String> = ["F".to_owned(), "C".to_owned()].into();
    let duplicates = [("F".to_owned(), "B".to_owned()), ("F".to_owned(), "D".to_owned())];
    let blocked: BTreeMap<String, Vec<String>> = [("F".to_owned(), vec!["X-1".to_owned()])].into();
    let view = Items::decode(&frame).unwrap();
    let list = candidates_from(&CandidateSources {
        items: &view,
        ranking: &ranking,
        discuss: &discuss,
        duplicates: &duplicates,
        blocked: &blocked,
        split_threshold: 13.0,
        new_since: AS_OF - 14 * DAY,
    });
    use Reason::*;
    let found: Vec<(&str, Option<usize>, Vec<Reason>)> = list
        .candidates
        .iter()
        .map(|candidate| (candidate.key.as_str(), candidate.rank, candidate.reasons.clone()))
        .collect();
    assert_eq!(
        found,
        [
            ("A", Some(3), vec![New, NoAcceptanceCriteria, Unestimated]),
            ("B", Some(1), vec![TooBigForSprint, DuplicateCandidate { of: "F".into() }]),
            (
                "F",
                Some(2),
                vec![
                    EstimatorsDisagree,
                    DuplicateCandidate { of: "B".into() },
                    DuplicateCandidate { of: "D".into() },
                    Blocked { by: vec!["X-1".into()] }
                ]
            ),
            ("H", None, vec![NoAcceptanceCriteria]),
        ]
    );
    assert!(list.warnings.is_empty());
}

#[test]
fn the_agenda_serialises_with_tagged_reasons_and_flat_items() {
    let mut candidates = session_candidates();
    candidates.push(candidate(
        "DUP",
        Some(100),
        Some(6),
        vec![Reason::DuplicateCandidate { of: "D1".into() }],
    ));
    let agenda = agenda(&candidates, AS_OF, None, &AgendaSettings::default(), Some(90));
    let json = serde_json::to_value(&agenda).unwrap();
    let first = &json["sections"][1]["items"][0];
    assert_eq!(first["key"], "N1");
    assert_eq!(first["start"], 7);
    assert_eq!(first["reasons"][0], serde_json::json!({"reason": "new"}));
    assert_eq!(json["sections"][2]["kind"], "deep_dive");
    let text = json.to_string();
    assert!(
        text.contains(r#"{"of":"D1","reason":"duplicate_candidate"}"#)
            || text.contains(r#""reason":"duplicate_candidate","of":"D1""#)
    );
    assert!(
        text.contains(r#""reason":"blocked","by":["X-1"]"#)
            || text.contains(r#""by":["X-1"],"reason":"blocked""#)
    );
}
