//! The estimates analysis on real data: TAWOS story points against in-progress time (two
//! projects' bucket medians and Spearman correlations) and the demo poker votes.
//!
//! The expected figures were computed independently with python3's csv module over the raw
//! files (no refine code): for TAWOS, rows of the project with `In_Progress_Minutes` > 0,
//! actual = minutes / 60, buckets by `Story_Point`, median of the sorted actuals, p85 at rank
//! ⌈0.85 n⌉, Spearman = Pearson of average ranks (ties share the mean of their ranks); for the
//! demo votes, each key's highest round, numeric votes snapped to the nearest card of
//! 0 ½ 1 2 3 5 8 13 20 40 100 (ties upward), discuss = index(max) − index(min) ≥ 2.

use std::path::PathBuf;

use polars::prelude::*;
use refine_engine::estimates::{ActualSource, EstimatesSettings, estimates};
use refine_engine::load::{LoadOptions, load_inputs};
use refine_engine::model::view::{History, Items, Votes};
use refine_engine::model::{Table, items};

fn close(actual: Option<f64>, expected: f64, what: &str) {
    let actual = actual.unwrap_or_else(|| panic!("{what}: missing"));
    assert!((actual - expected).abs() < 1e-9, "{what}: {actual} != {expected}");
}

#[test]
fn tawos_buckets_and_correlations_match_an_independent_computation() {
    let Some(path) = crate::support::shared_data("estimates/tawos-sp-vs-effort.csv") else { return };
    let workspace = load_inputs(&[path], &LoadOptions::default()).unwrap();
    let backlog = workspace.table(Table::Items).clone();
    let settings =
        EstimatesSettings { actual: ActualSource::InProgressHours, ..EstimatesSettings::default() };
    let (history, votes) = (workspace.table(Table::History), workspace.table(Table::Votes));
    let (history, votes) = (&History::decode(&history).unwrap(), &Votes::decode(&votes).unwrap());

    let all = estimates(&Items::decode(&backlog).unwrap(), history, votes, None, &settings).unwrap();
    assert_eq!(all.actual_source, "in_progress_hours");
    assert_eq!(all.correlations[0].scope, "all");
    assert_eq!(
        all.correlations[0].n, 30_484,
        "datasets/README.md: 30,484 rows with points and in-progress > 0"
    );
    close(all.correlations[0].spearman, 0.39096739411027503, "all spearman");
    assert_eq!(all.correlations.len(), 30, "all + 29 projects");

    // (project, n, Spearman, Pearson, [(estimate, n, median, p85)]).
    type Expected = (&'static str, usize, f64, f64, [(f64, usize, f64, f64); 3]);
    let expected: [Expected; 2] = [
        (
            "MESOS",
            1445,
            0.38326310053260637,
            0.2529156989475839,
            [
                (1.0, 235, 1.0833333333333333, 166.16666666666666),
                (3.0, 451, 26.033333333333335, 338.51666666666665),
                (5.0, 317, 154.45, 790.65),
            ],
        ),
        (
            "DURACLOUD",
            290,
            0.5249550532188283,
            0.2626114969518207,
            [
                (1.0, 121, 3.716666666666667, 46.2),
                (3.0, 57, 166.71666666666667, 471.06666666666666),
                (5.0, 13, 141.88333333333333, 649.6),
            ],
        ),
    ];
    for (project, n, spearman, pearson, buckets) in expected {
        let scope = format!("project:{project}");
        let overall = all.correlations.iter().find(|c| c.scope == scope).unwrap();
        assert_eq!(overall.n, n, "{project}");
        close(overall.spearman, spearman, &scope);
        close(overall.pearson, pearson, &scope);

        let one = backlog.clone().lazy().filter(col(items::PROJECT).eq(lit(project))).collect().unwrap();
        let report = estimates(&Items::decode(&one).unwrap(), history, votes, None, &settings).unwrap();
        assert_eq!(report.correlations.len(), 1, "one project: no per-project scopes");
        close(report.correlations[0].spearman, spearman, project);
        for (estimate, count, median, p85) in buckets {
            let bucket = report.buckets.iter().find(|b| b.estimate == estimate).unwrap();
            assert_eq!(bucket.n, count, "{project} {estimate}");
            close(bucket.median, median, &format!("{project} bucket {estimate} median"));
            close(bucket.p85, p85, &format!("{project} bucket {estimate} p85"));
        }
        // Outliers follow the rule: above p85 × 2 or below p15 / 2 of their bucket.
        for outlier in &report.outliers {
            let bucket = report.buckets.iter().find(|b| b.estimate == outlier.estimate).unwrap();
            let above = outlier.actual > bucket.p85.unwrap() * 2.0;
            let below = outlier.actual < bucket.p15.unwrap() / 2.0;
            assert!(above || below, "{}", outlier.key);
        }
    }
}

#[test]
fn demo_votes_discuss_count_matches_python() {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo");
    let workspace = load_inputs(&[demo], &LoadOptions::default()).unwrap();
    let (items, history, votes) =
        (workspace.table(Table::Items), workspace.table(Table::History), workspace.table(Table::Votes));
    let report = estimates(
        &Items::decode(&items).unwrap(),
        &History::decode(&history).unwrap(),
        &Votes::decode(&votes).unwrap(),
        None,
        &EstimatesSettings::default(),
    )
    .unwrap();
    // python3: 80 items voted on; last rounds: 39 with a spread ≥ 2 steps, 20 in consensus, no
    // item with half or more `?`.
    assert_eq!(report.items.len(), 80);
    assert_eq!(report.items.iter().filter(|item| item.discuss).count(), 39);
    assert_eq!(report.items.iter().filter(|item| item.consensus).count(), 20);
    assert_eq!(report.items.iter().filter(|item| item.spike).count(), 0);
    assert!(report.estimators.iter().all(|e| e.n > 0));
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("NaN"));
}
