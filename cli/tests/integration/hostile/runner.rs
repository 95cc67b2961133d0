//! Running one `refine` command line of a hostile case as a child process, with a deadline.
//!
//! stdout and stderr go to files in a scratch folder outside the case's folder (so that a
//! child that writes a lot never blocks on a full pipe the harness is not reading, and so that
//! they are not taken for files refine left behind). A run can also have its stdout or stderr
//! closed before refine writes to it, be fed a file on stdin, or get SIGTERM as soon as refine
//! has a temporary file or folder in the case's folder (to see what an interrupted write leaves).

use std::fs::File;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How long one run may take before it counts as a hang and is killed. A debug build runs the
/// cases in well under a second each; 20 s leaves room for a loaded CI machine.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// What happens to the child's standard streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pipes {
    /// Both go to files the harness reads afterwards.
    Open,
    /// stdout is a pipe whose reading end is closed before refine writes (`refine ... | true`).
    StdoutClosed,
    /// stderr is a pipe whose reading end is closed before refine writes.
    StderrClosed,
}

/// One command line to run in a case's folder.
#[derive(Debug, Clone)]
pub struct Run {
    /// The arguments after `refine`.
    pub args: Vec<String>,
    /// A file of the case's folder fed on stdin (else stdin is empty).
    pub stdin: Option<String>,
    /// What happens to stdout and stderr.
    pub pipes: Pipes,
    /// Send SIGTERM as soon as a temporary entry of refine's appears in the case's folder.
    pub interrupt: bool,
    /// The exit codes that are right for this run: 0 or 1 unless the case says otherwise (2 is
    /// a usage error, and every command line here is valid).
    pub codes: &'static [i32],
}

impl Run {
    /// `refine ARGS` with both streams read, stdin empty, exit 0 or 1.
    pub fn new(args: &[&str]) -> Run {
        Run {
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            stdin: None,
            pipes: Pipes::Open,
            interrupt: false,
            codes: &[0, 1],
        }
    }

    /// The subcommand: the first argument that is not a global option.
    pub fn command(&self) -> &str {
        self.args.iter().find(|arg| !arg.starts_with("--")).map_or("", String::as_str)
    }

    /// The path after `-o`, when the run writes one.
    pub fn output(&self) -> Option<&str> {
        let position = self.args.iter().position(|arg| arg == "-o")?;
        self.args.get(position + 1).map(String::as_str)
    }

    /// The command line as a user would type it, for failure messages.
    pub fn display(&self) -> String {
        let mut line = format!("refine {}", self.args.join(" "));
        if let Some(stdin) = &self.stdin {
            line.push_str(&format!(" < {stdin}"));
        }
        match self.pipes {
            Pipes::Open => {}
            Pipes::StdoutClosed => line.push_str(" | (closed)"),
            Pipes::StderrClosed => line.push_str(" 2>(closed)"),
        }
        if self.interrupt {
            line.push_str(" (SIGTERM while writing)");
        }
        line
    }
}

/// What one run gave.
#[derive(Debug)]
pub struct RunOutcome {
    /// The run.
    pub run: Run,
    /// The exit code; `None` when a signal ended it.
    pub code: Option<i32>,
    /// The run was killed at [`TIMEOUT`].
    pub timed_out: bool,
    /// SIGTERM was sent (for an interrupting run).
    pub interrupted: bool,
    /// What it wrote on stdout (empty when stdout was closed).
    pub stdout: Vec<u8>,
    /// What it wrote on stderr, lossily decoded (empty when stderr was closed).
    pub stderr: String,
    /// The CPU time it used, user and system, in clock ticks (Linux: read from /proc while the
    /// child is a zombie); `None` where /proc is not there.
    pub cpu_ticks: Option<u64>,
}

/// Runs `run` in `folder`, its streams kept in `scratch`.
pub fn execute(run: &Run, folder: &Path, scratch: &Path, index: usize) -> RunOutcome {
    let stdout_path = scratch.join(format!("stdout-{index}"));
    let stderr_path = scratch.join(format!("stderr-{index}"));
    let mut command = Command::new(env!("CARGO_BIN_EXE_refine"));
    command
        .args(&run.args)
        .current_dir(folder)
        .env_remove("REFINE_SHARED_DATA")
        // Each child on two threads: the harness already runs several children at once.
        .env("RAYON_NUM_THREADS", "2")
        .env("POLARS_MAX_THREADS", "2");
    command.stdin(match &run.stdin {
        Some(file) => Stdio::from(File::open(folder.join(file)).expect("the case's stdin file exists")),
        None => Stdio::null(),
    });
    command.stdout(match run.pipes {
        Pipes::StdoutClosed => Stdio::piped(),
        _ => Stdio::from(File::create(&stdout_path).expect("the scratch folder is writable")),
    });
    command.stderr(match run.pipes {
        Pipes::StderrClosed => Stdio::piped(),
        _ => Stdio::from(File::create(&stderr_path).expect("the scratch folder is writable")),
    });
    let mut child = command.spawn().expect("the refine binary starts");
    // Closing the reading end now, before refine has loaded anything, makes its first write
    // to that stream fail with EPIPE.
    drop(child.stdout.take());
    drop(child.stderr.take());
    let (status, timed_out, interrupted, cpu_ticks) = wait_with_deadline(&mut child, run.interrupt, folder);
    RunOutcome {
        run: run.clone(),
        code: status.and_then(|status| status.code()),
        timed_out,
        interrupted,
        stdout: std::fs::read(&stdout_path).unwrap_or_default(),
        stderr: String::from_utf8_lossy(&std::fs::read(&stderr_path).unwrap_or_default()).into_owned(),
        cpu_ticks,
    }
}

/// Waits for the child until [`TIMEOUT`], killing it then; sends SIGTERM when `interrupt` and a
/// temporary entry appears in `folder`. Returns the status (none when killed at the deadline),
/// whether it timed out, whether SIGTERM was sent, and the CPU ticks it used.
fn wait_with_deadline(
    child: &mut Child,
    interrupt: bool,
    folder: &Path,
) -> (Option<ExitStatus>, bool, bool, Option<u64>) {
    let started = Instant::now();
    let mut interrupted = false;
    let mut cpu_ticks = None;
    loop {
        // Read before reaping: a zombie's /proc entry still has the CPU time it used.
        if let Some(ticks) = zombie_cpu_ticks(child.id()) {
            cpu_ticks = Some(ticks);
        }
        match child.try_wait() {
            Ok(Some(status)) => return (Some(status), false, interrupted, cpu_ticks),
            Ok(None) => {}
            Err(error) => panic!("waiting for refine failed: {error}"),
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return (None, true, interrupted, cpu_ticks);
        }
        if interrupt && !interrupted && has_temporary_entry(folder) {
            // std sends only SIGKILL, which no program can clean up after; `kill` sends TERM.
            let _ = Command::new("kill").args(["-s", "TERM", &child.id().to_string()]).status();
            interrupted = true;
        }
        std::thread::sleep(if interrupt { Duration::from_millis(1) } else { Duration::from_millis(5) });
    }
}

/// Whether `name` is one of the temporary names refine writes under (tempfile's `.tmpXXXXXX`
/// for single files, `.refine-*` for report folders): none may stay behind after a run.
pub fn is_temporary_name(name: &str) -> bool {
    name.starts_with(".tmp") || name.starts_with(".refine-")
}

fn has_temporary_entry(folder: &Path) -> bool {
    std::fs::read_dir(folder).into_iter().flatten().flatten().any(|entry| {
        let name = entry.file_name();
        is_temporary_name(&name.to_string_lossy())
    })
}

/// The user + system CPU ticks of process `pid` when it is a zombie (exited, not yet reaped).
fn zombie_cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name in parentheses may hold spaces; the fields after it are fixed.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    if fields.first() != Some(&"Z") {
        return None;
    }
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(user + system)
}
