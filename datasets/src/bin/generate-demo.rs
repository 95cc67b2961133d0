//! `generate-demo`: writes refine's demo workspace (datasets/demo/ by default), or a large Jira
//! CSV export for benchmarks, or a large feedback CSV about the issues of such an export.
//!
//! ```text
//! generate-demo [FOLDER]                                  the demo workspace
//! generate-demo --jira-issues N [--seed S] [--out FILE]   N issues as a Jira CSV (stdout: -)
//! generate-demo --jira-issues N --feedback-rows M [--seed S] [--out FILE]
//!                                                         M feedback rows about those N issues
//! ```

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use refine_datasets::{DEMO_SEED, Workspace, write_feedback_csv, write_jira_csv};

const USAGE: &str = "usage: generate-demo [FOLDER]\n       generate-demo --jira-issues N [--feedback-rows M] [--seed S] [--out FILE|-]";

/// What to generate.
enum Task {
    Demo { folder: PathBuf },
    Jira { issues: usize, seed: u64, out: String },
    Feedback { issues: usize, rows: usize, seed: u64, out: String },
}

fn main() -> ExitCode {
    let task = match parse(std::env::args().skip(1).collect()) {
        Ok(task) => task,
        Err(message) => {
            eprintln!("generate-demo: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("generate-demo: {error}");
            ExitCode::FAILURE
        }
    }
}

fn parse(arguments: Vec<String>) -> Result<Task, String> {
    let mut arguments = arguments.into_iter();
    let (mut issues, mut rows, mut seed, mut out, mut folder) = (None, None, DEMO_SEED, "-".to_owned(), None);
    while let Some(argument) = arguments.next() {
        let mut value = |name: &str| arguments.next().ok_or_else(|| format!("{name} needs a value"));
        match argument.as_str() {
            "--jira-issues" => {
                let text = value("--jira-issues")?;
                issues = Some(text.replace('_', "").parse().map_err(|_| format!("not a count: {text}"))?);
            }
            "--feedback-rows" => {
                let text = value("--feedback-rows")?;
                rows = Some(text.replace('_', "").parse().map_err(|_| format!("not a count: {text}"))?);
            }
            "--seed" => {
                let text = value("--seed")?;
                seed = text.parse().map_err(|_| format!("not a seed: {text}"))?;
            }
            "--out" => out = value("--out")?,
            "-h" | "--help" => return Err("help".to_owned()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            other => folder = Some(PathBuf::from(other)),
        }
    }
    Ok(match (issues, rows) {
        (Some(issues), Some(rows)) => Task::Feedback { issues, rows, seed, out },
        (None, Some(_)) => return Err("--feedback-rows needs --jira-issues".to_owned()),
        (Some(issues), None) => Task::Jira { issues, seed, out },
        (None, None) => Task::Demo {
            folder: folder.unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/demo"))),
        },
    })
}

fn run(task: Task) -> std::io::Result<()> {
    match task {
        Task::Demo { folder } => {
            Workspace::generate(DEMO_SEED).write_to(&folder)?;
            eprintln!("generate-demo: wrote the demo workspace to {}", folder.display());
            Ok(())
        }
        Task::Jira { issues, seed, out } => write_out(&out, |writer| write_jira_csv(writer, issues, seed)),
        Task::Feedback { issues, rows, seed, out } => {
            write_out(&out, |writer| write_feedback_csv(writer, issues, rows, seed))
        }
    }
}

/// Runs `write` on stdout (`-`) or on a new file.
fn write_out(out: &str, write: impl FnOnce(&mut dyn Write) -> csv::Result<()>) -> std::io::Result<()> {
    let mut writer: BufWriter<Box<dyn Write>> = BufWriter::new(if out == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(out)?)
    });
    write(&mut writer)?;
    writer.flush()
}
