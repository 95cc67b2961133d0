//! `generate-demo`: writes refine's demo workspace (datasets/demo/ by default), or a large Jira
//! CSV export for benchmarks.
//!
//! ```text
//! generate-demo [FOLDER]                                  the demo workspace
//! generate-demo --jira-issues N [--seed S] [--out FILE]   N issues as a Jira CSV (stdout: -)
//! ```

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use refine_datasets::{DEMO_SEED, Workspace, write_jira_csv};

const USAGE: &str =
    "usage: generate-demo [FOLDER]\n       generate-demo --jira-issues N [--seed S] [--out FILE|-]";

/// What to generate.
enum Task {
    Demo { folder: PathBuf },
    Jira { issues: usize, seed: u64, out: String },
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
    let (mut issues, mut seed, mut out, mut folder) = (None, DEMO_SEED, "-".to_owned(), None);
    while let Some(argument) = arguments.next() {
        let mut value = |name: &str| arguments.next().ok_or_else(|| format!("{name} needs a value"));
        match argument.as_str() {
            "--jira-issues" => {
                let text = value("--jira-issues")?;
                issues = Some(text.replace('_', "").parse().map_err(|_| format!("not a count: {text}"))?);
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
    Ok(match issues {
        Some(issues) => Task::Jira { issues, seed, out },
        None => Task::Demo {
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
        Task::Jira { issues, seed, out } if out == "-" => {
            let stdout = std::io::stdout().lock();
            write_jira_csv(BufWriter::new(stdout), issues, seed)?;
            Ok(())
        }
        Task::Jira { issues, seed, out } => {
            let mut file = BufWriter::new(std::fs::File::create(&out)?);
            write_jira_csv(&mut file, issues, seed)?;
            file.flush()
        }
    }
}
