//! Every analysis at once (`refine report`'s engine run): on the demo workspace each analysis
//! runs and the result does not depend on the thread count; on a backlog alone the ranking
//! stands and the analyses with nothing to work on are left out, each with its reason.

use std::path::PathBuf;
use std::sync::Mutex;

use refine_engine::config::Config;
use refine_engine::load::{LoadOptions, load_inputs};
use refine_engine::run::{Analyses, PrioritizeOptions, Stage, StageObserver, Unobserved, analyse};

fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(relative)
}

fn analyse_in_pool(path: &str, threads: usize, observer: &dyn StageObserver) -> Analyses {
    let workspace = load_inputs(&[repo_path(path)], &LoadOptions::default()).unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| {
        analyse(
            &workspace,
            &Config::default(),
            workspace.latest_timestamp(),
            &PrioritizeOptions::default(),
            observer,
        )
    })
    .unwrap()
}

/// Records every start and end.
#[derive(Default)]
struct Recorder(Mutex<Vec<(Stage, bool)>>);

impl StageObserver for Recorder {
    fn started(&self, stage: Stage) {
        self.0.lock().unwrap().push((stage, true));
    }
    fn finished(&self, stage: Stage) {
        self.0.lock().unwrap().push((stage, false));
    }
}

#[test]
fn every_analysis_runs_on_the_demo_workspace_and_each_stage_is_observed() {
    let recorder = Recorder::default();
    let analyses = analyse_in_pool("datasets/demo", 4, &recorder);

    assert_eq!(analyses.skipped, Vec::new());
    assert_eq!(analyses.prioritization.ranking.items.len(), 239, "400 items, 161 of them done");
    assert_eq!(analyses.velocity.as_ref().unwrap().sprints.len(), 12);
    assert!(analyses.flow.as_ref().unwrap().cycle_time.count > 0);
    assert_eq!(analyses.estimates.as_ref().unwrap().actual_source, "cycle_time_days");
    let forecast = analyses.forecast.as_ref().unwrap();
    assert_eq!(forecast.past.samples.len(), 12, "the demo's 12 sprints are all finished");
    assert_eq!(forecast.report.items.len(), analyses.prioritization.ranking.items.len());

    let events = recorder.0.into_inner().unwrap();
    for stage in Stage::ALL {
        let started = events.iter().position(|event| *event == (stage, true));
        let finished = events.iter().position(|event| *event == (stage, false));
        assert!(started < finished && started.is_some(), "{stage:?}: {events:?}");
    }
}

#[test]
fn one_thread_and_many_give_the_same_analyses() {
    let one = analyse_in_pool("datasets/demo", 1, &Unobserved);
    let many = analyse_in_pool("datasets/demo", 4, &Unobserved);
    let (one, many) = (format!("{one:?}"), format!("{many:?}"));
    if let Some(at) = one.bytes().zip(many.bytes()).position(|(a, b)| a != b) {
        let from = at.saturating_sub(300);
        panic!(
            "1 and 4 threads differ at byte {at}:\n{}\n---\n{}",
            &one[from..at + 80],
            &many[from..at + 80]
        );
    }
    assert_eq!(one.len(), many.len());
}

#[test]
fn a_backlog_alone_is_ranked_and_the_rest_is_left_out_with_reasons() {
    let analyses = analyse_in_pool("datasets/fixtures/gh-issue-list.json", 2, &Unobserved);
    assert!(!analyses.prioritization.ranking.items.is_empty());
    assert!(analyses.velocity.is_none() && analyses.flow.is_none() && analyses.forecast.is_none());
    let stages: Vec<Stage> = analyses.skipped.iter().map(|skipped| skipped.stage).collect();
    assert_eq!(stages, [Stage::Velocity, Stage::Flow, Stage::Forecast]);
    assert_eq!(
        analyses.skipped.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "velocity: left out: the inputs have no sprints and no status history",
            "flow: left out: the inputs have no status history with dates",
            "forecast: left out: there is no sprint or weekly history to draw from",
        ]
    );
}
