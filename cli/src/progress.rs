//! Progress and timings of a long run: a progress bar on stderr when stderr is a terminal
//! (nothing otherwise, so logs and pipes stay clean), and the time of each stage for
//! `--timings` with the process's peak memory when it ended. Stages may run side by side; each
//! is timed from its start to its end.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use refine_engine::run::{Stage, StageObserver};

/// Watches the stages of one run.
pub struct Progress {
    bar: ProgressBar,
    started: Mutex<Vec<(String, Instant)>>,
    finished: Mutex<Vec<Timing>>,
}

/// One stage's time, and the process's peak memory when it ended (where the system says).
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub stage: String,
    pub time: Duration,
    pub peak_bytes: Option<u64>,
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
            finished.push(Timing {
                stage: name.to_owned(),
                time: start.elapsed(),
                peak_bytes: peak_memory(),
            });
        }
        self.bar.inc(1);
    }

    /// Clears the bar; returns each stage's timing, in the order the stages ended.
    pub fn finish_all(self) -> Vec<Timing> {
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

/// The timings as lines for stderr: each stage, then the whole run (with the peak memory so
/// far where it is known).
pub fn timing_lines(timings: &[Timing], total: Duration, peak_bytes: Option<u64>) -> Vec<String> {
    let width = timings.iter().map(|timing| timing.stage.len()).max().unwrap_or(0).max("total".len());
    let line = |name: &str, time: Duration, peak_bytes: Option<u64>| {
        let time = format!("{name:<width$}  {:>10.1} ms", time.as_secs_f64() * 1000.0);
        match peak_bytes {
            Some(bytes) => format!("{time}  {:>8.0} MB peak", bytes as f64 / 1e6),
            None => time,
        }
    };
    let mut lines: Vec<String> =
        timings.iter().map(|timing| line(&timing.stage, timing.time, timing.peak_bytes)).collect();
    lines.push(line("total", total, peak_bytes));
    lines
}

/// The process's peak resident memory so far, in bytes: `VmHWM` of `/proc/self/status` on
/// Linux, `None` elsewhere or when it cannot be read.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: u64 =
        line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kilobytes * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timings_line_up_with_the_peak_memory_when_known() {
        let timings = [
            Timing { stage: "load".into(), time: Duration::from_millis(1500), peak_bytes: Some(201_000_000) },
            Timing { stage: "prioritize".into(), time: Duration::from_micros(20_250), peak_bytes: None },
        ];
        assert_eq!(
            timing_lines(&timings, Duration::from_secs(2), Some(1_234_567_890)),
            [
                "load            1500.0 ms       201 MB peak",
                "prioritize        20.2 ms",
                "total           2000.0 ms      1235 MB peak",
            ]
        );
    }

    #[test]
    fn the_peak_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            let peak = peak_memory().expect("VmHWM in /proc/self/status");
            assert!(peak > 1_000_000, "{peak} bytes");
        }
    }
}
