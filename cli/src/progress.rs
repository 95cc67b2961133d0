//! Progress and timings of a long run: a progress bar on stderr when stderr is a terminal
//! (nothing otherwise, so logs and pipes stay clean), and the time of each stage for
//! `--timings`. Stages may run side by side; each is timed from its start to its end.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use refine_engine::run::{Stage, StageObserver};

/// Watches the stages of one run.
pub struct Progress {
    bar: ProgressBar,
    started: Mutex<Vec<(String, Instant)>>,
    finished: Mutex<Vec<(String, Duration)>>,
}

impl Progress {
    /// A progress bar over `stages` steps (hidden unless stderr is a terminal).
    pub fn new(stages: usize) -> Self {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(stages as u64), target);
        if let Ok(style) = ProgressStyle::with_template("{spinner} [{elapsed}] {bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress { bar, started: Mutex::new(Vec::new()), finished: Mutex::new(Vec::new()) }
    }

    /// Runs `work` as the stage `name`.
    pub fn stage<T>(&self, name: &str, work: impl FnOnce() -> T) -> T {
        self.start(name);
        let result = work();
        self.finish(name);
        result
    }

    fn start(&self, name: &str) {
        self.bar.set_message(name.to_owned());
        if let Ok(mut started) = self.started.lock() {
            started.push((name.to_owned(), Instant::now()));
        }
    }

    fn finish(&self, name: &str) {
        let start = self
            .started
            .lock()
            .ok()
            .and_then(|started| started.iter().find(|(stage, _)| stage == name).map(|(_, at)| *at));
        if let (Some(start), Ok(mut finished)) = (start, self.finished.lock()) {
            finished.push((name.to_owned(), start.elapsed()));
        }
        self.bar.inc(1);
    }

    /// Clears the bar; returns each stage's time, in the order the stages ended.
    pub fn finish_all(self) -> Vec<(String, Duration)> {
        self.bar.finish_and_clear();
        self.finished.into_inner().unwrap_or_default()
    }
}

impl StageObserver for Progress {
    fn started(&self, stage: Stage) {
        self.start(stage.name());
    }

    fn finished(&self, stage: Stage) {
        self.finish(stage.name());
    }
}

/// The timings as lines for stderr: each stage, then the whole run.
pub fn timing_lines(timings: &[(String, Duration)], total: Duration) -> Vec<String> {
    let width = timings.iter().map(|(name, _)| name.len()).max().unwrap_or(0).max("total".len());
    let line =
        |name: &str, time: Duration| format!("{name:<width$}  {:>10.1} ms", time.as_secs_f64() * 1000.0);
    let mut lines: Vec<String> = timings.iter().map(|(name, time)| line(name, *time)).collect();
    lines.push(line("total", total));
    lines
}
