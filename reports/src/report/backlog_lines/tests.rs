use super::*;
use crate::demo::demo_analyses;

#[test]
fn numbers_read_as_people_write_them() {
    assert_eq!(decimal(3.0, 2, true), "3");
    assert_eq!(decimal(0.5, 2, true), "0.5");
    assert_eq!(decimal(2.127, 2, true), "2.13");
    assert_eq!(decimal(1.10, 2, true), "1.1");
    assert_eq!(plural_number(1.0, "point"), "1 point");
    assert_eq!(plural_number(0.5, "point"), "0.5 points");
    assert_eq!(plural(1, "customer"), "1 customer");
}

/// The demo's top three lines, each fact read off the demo's tables: SHOP-140's 37 customers
/// (rank-demand.csv), SHOP-351 moved ahead of SHOP-159 which it blocks (rank-ranking.csv), with
/// no demand of its own, the three done by 29 Nov 2026 at 85% (forecast-items.csv), the readiness
/// of each (health-ready.csv).
#[test]
fn the_demo_lines_say_what_drove_each_score() {
    let analyses = demo_analyses();
    let lines = backlog_lines(&analyses, 1000);
    assert_eq!(lines.len(), 239);
    let top: Vec<(&str, Vec<&str>, Vec<&str>)> = lines[..3]
        .iter()
        .map(|line| {
            let chips = line.chips.iter().map(String::as_str).collect();
            let badges = line.badges.iter().map(Badge::label).collect();
            (line.item.key.as_str(), chips, badges)
        })
        .collect();
    assert_eq!(
        top,
        [
            ("SHOP-140", vec!["demand: 37 customers"], vec!["not ready"]),
            ("SHOP-351", vec!["unblocks SHOP-159", "confidence 100%", "effort: 3 points"], vec!["not ready"]),
            ("SHOP-159", vec!["demand: 19 customers"], vec!["not ready", "blocked"]),
        ]
    );
    for line in &lines[..3] {
        let lands = line.lands.unwrap();
        assert_eq!((lands.period_name, lands.period, lands.date), ("sprint", 1, "2026-11-29"));
    }
    assert_eq!(lines[0].bar, Some(1.0), "the best score fills the bar");
    let second = lines[1].bar.unwrap();
    assert!((second - lines[1].item.score.unwrap() / lines[0].item.score.unwrap()).abs() < 1e-12);
    // The first lines alone read the same.
    assert_eq!(backlog_lines(&analyses, 3), lines[..3]);
}
