//! The hostile-input corpus (issue 17): every command on every case, checked for what must
//! hold whatever the input.
//!
//! [`cases`] generates the corpus (no committed blobs): each case is a few files written into a
//! temporary folder and the command lines to run there. One test runs every case's command
//! lines, cases in parallel, and checks each run and the folder afterwards: no panic, no hang
//! ([`runner::TIMEOUT`] per run), no temporary file left behind, the inputs untouched, every
//! problem `refine inspect --format json` lists located, every error line naming its file,
//! stdout and written files free of raw control characters, CSV free of formulas a
//! spreadsheet would run, Markdown tables whole, planted markup escaped, JSON parseable, and
//! outputs in proportion to the inputs; plus each case's own expectations.
//!
//! Cases whose defect is being fixed elsewhere are listed in [`KNOWN_FAILURES`] with their
//! issue-17 item; the test asserts that they still fail, so the list cannot go stale silently.
//! `REFINE_HOSTILE_CASE=substring` runs only the matching cases; `REFINE_HOSTILE_REPORT=1`
//! prints what every failing case found, listed or not.

mod cases;
mod checks;
mod runner;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use self::cases::{Case, Expectation, FileMode};
use self::runner::{Pipes, RunOutcome};

/// Cases that fail today because of an issue-17 defect being fixed in another branch: case
/// name -> the item of issue 17 that fixes it. The test asserts that each of them still
/// fails; when a fix lands, its cases pass and the test says which to take off this list.
const KNOWN_FAILURES: &[(&str, u8)] = &[];

/// Every command on every hostile case: see the module's documentation for what is checked.
#[test]
fn every_command_survives_every_hostile_case() {
    let all = cases::all();
    assert!(all.len() >= 60, "the corpus has only {} cases", all.len());
    let names: BTreeSet<&str> = all.iter().map(|case| case.name).collect();
    assert_eq!(names.len(), all.len(), "two cases share a name");
    for (name, item) in KNOWN_FAILURES {
        assert!(names.contains(name), "KNOWN_FAILURES names {name} (item {item}), which is no case");
    }
    let filter = std::env::var("REFINE_HOSTILE_CASE").unwrap_or_default();
    let selected: Vec<Case> = all.into_iter().filter(|case| case.name.contains(filter.as_str())).collect();
    assert!(!selected.is_empty(), "no case matches REFINE_HOSTILE_CASE={filter}");

    let results = run_in_parallel(&selected);
    let verbose = std::env::var_os("REFINE_HOSTILE_REPORT").is_some();
    let mut wrong = Vec::new();
    for (case, findings) in selected.iter().zip(&results) {
        let known = KNOWN_FAILURES.iter().find(|(name, _)| *name == case.name).map(|(_, item)| *item);
        if verbose && !findings.is_empty() {
            let listed = known.map_or("not listed".to_owned(), |item| format!("item {item}"));
            let _ = writeln!(std::io::stderr(), "== {} ({listed})\n  {}", case.name, findings.join("\n  "));
        }
        match (known, findings.is_empty()) {
            (Some(item), true) => wrong.push(format!(
                "case {} passes now: take it off KNOWN_FAILURES (issue 17 item {item} is fixed)",
                case.name
            )),
            (None, false) => {
                wrong.push(format!("case {} ({}):\n  {}", case.name, case.about, findings.join("\n  ")))
            }
            _ => {}
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases went wrong:\n{}",
        wrong.len(),
        selected.len(),
        wrong.join("\n")
    );
}

/// Runs the cases on a few threads (each case's runs in order, in its own folder) and returns
/// what each case found wrong, in the cases' order.
fn run_in_parallel(cases: &[Case]) -> Vec<Vec<String>> {
    // Each child is mostly CPU; one more worker than cores keeps the cores busy while others
    // start up or wait on the disk.
    let workers = std::thread::available_parallelism().map_or(2, usize::from) + 1;
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Vec<String>>>> = Mutex::new(vec![None; cases.len()]);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(cases.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(index) else { break };
                    let started = std::time::Instant::now();
                    let findings = run_case(case);
                    if std::env::var_os("REFINE_HOSTILE_REPORT").is_some() {
                        let seconds = started.elapsed().as_secs_f64();
                        let _ = writeln!(std::io::stderr(), "-- {} took {seconds:.1} s", case.name);
                    }
                    results.lock().unwrap()[index] = Some(findings);
                }
            });
        }
    });
    results.into_inner().unwrap().into_iter().map(Option::unwrap_or_default).collect()
}

/// Writes the case's files, runs its command lines in order and returns everything wrong.
fn run_case(case: &Case) -> Vec<String> {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("case");
    let scratch = root.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    std::fs::create_dir_all(&folder).unwrap();
    for (path, bytes) in &case.files {
        let path = folder.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    if let Some(setup) = case.setup {
        setup(&folder);
    }
    let before = entries(&folder);
    let umask_mode = umask_mode(&scratch);

    let mut findings = Vec::new();
    let mut outcomes: Vec<RunOutcome> = Vec::new();
    for (index, run) in case.runs.iter().enumerate() {
        let outcome = runner::execute(run, &folder, &scratch, index);
        let hung = outcome.timed_out;
        outcomes.push(outcome);
        if hung {
            // One hang is enough to know; waiting out more would cost CI minutes.
            let skipped = case.runs.len() - index - 1;
            if skipped > 0 {
                findings.push(format!("the case's {skipped} later runs were skipped after the hang"));
            }
            break;
        }
    }

    for outcome in &outcomes {
        findings.extend(
            check_run(case, outcome, &folder)
                .into_iter()
                .map(|found| format!("`{}`: {found}", outcome.run.display())),
        );
    }
    findings.extend(check_folder(case, &folder, &before));
    for expectation in &case.expectations {
        if let Err(found) = check_expectation(expectation, &outcomes, &folder, umask_mode) {
            findings.push(format!("expected {expectation:?}: {found}"));
        }
    }
    findings
}

/// Errors that are about the inputs as a whole, not one file, and so name none: an analysis
/// that has nothing to work on.
const ERRORS_ABOUT_ALL_INPUTS: &[&str] = &[
    "error: the forecast needs",
    "error: every one of the",
    "error: no open items",
    "error: nothing to forecast",
    "error: the inputs have no dates",
    "error: no finished sprint has a completed amount",
];

/// What is wrong with one run, whatever the case.
fn check_run(case: &Case, outcome: &RunOutcome, folder: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let stderr_head: String = outcome.stderr.lines().take(6).collect::<Vec<_>>().join(" / ");
    if outcome.timed_out {
        found.push(format!("did not end within {:?} (killed): a hang", runner::TIMEOUT));
        return found;
    }
    match outcome.code {
        Some(101) => found.push(format!("exit code 101: a panic: {stderr_head}")),
        None if !outcome.interrupted => found.push("ended by a signal".to_owned()),
        None => {}
        Some(code) if !outcome.run.codes.contains(&code) => {
            found.push(format!("exit code {code}, expected one of {:?}: {stderr_head}", outcome.run.codes))
        }
        Some(_) => {}
    }
    if outcome.stderr.contains("panicked") {
        found.push(format!("a panic message on stderr: {stderr_head}"));
    }
    if outcome.run.pipes != Pipes::StdoutClosed
        && let Some(control) = checks::raw_control_character(&outcome.stdout)
    {
        found.push(format!("stdout has {control}"));
    }
    let stdout = String::from_utf8_lossy(&outcome.stdout);
    if outcome.run.args.windows(2).any(|pair| pair == ["--format", "md"]) {
        found.extend(checks::broken_markdown_table(&stdout));
        found.extend(checks::raw_markup(&stdout));
    }
    if outcome.run.command() == "inspect"
        && outcome.run.args.windows(2).any(|pair| pair == ["--format", "json"])
    {
        found.extend(check_inspect_json(&stdout, outcome.code));
    }
    let names = names_an_error_may_give(case, outcome, folder);
    for line in outcome.stderr.lines().filter(|line| line.starts_with("error:")) {
        let about_all_inputs = ERRORS_ABOUT_ALL_INPUTS.iter().any(|prefix| line.starts_with(prefix));
        if !about_all_inputs && !names.iter().any(|name| line.contains(name.as_str())) {
            found.push(format!("an error that names no input or output: {line:?}"));
        }
    }
    found
}

/// The paths an error line of this run may name: the case's files, and the run's arguments
/// that are not a folder with files in it (naming only the folder of a bad file is not enough).
fn names_an_error_may_give(case: &Case, outcome: &RunOutcome, folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = case.files.iter().map(|(path, _)| path.clone()).collect();
    names.push("refine.toml".to_owned());
    for argument in outcome.run.args.iter().skip(1).filter(|argument| !argument.starts_with('-')) {
        let path = folder.join(argument);
        let full_folder =
            path.is_dir() && std::fs::read_dir(&path).is_ok_and(|mut entries| entries.next().is_some());
        if !full_folder {
            names.push(argument.clone());
        }
    }
    if let Some(output) = outcome.run.output() {
        names.push(output.to_owned());
        // "cannot write in FOLDER" names the output's folder, which is where the trouble is.
        if let Some((parent, _)) = output.rsplit_once('/') {
            names.push(parent.to_owned());
        }
    }
    names
}

/// `refine inspect --format json`: one JSON document in which every file that failed names
/// itself in its error and every problem has a location (row, record or line, from 1) inside
/// the file.
fn check_inspect_json(stdout: &str, code: Option<i32>) -> Vec<String> {
    if stdout.is_empty() && code != Some(0) {
        return Vec::new();
    }
    let document: serde_json::Value = match serde_json::from_str(stdout) {
        Ok(document) => document,
        Err(error) => return vec![format!("inspect --format json is not JSON: {error}")],
    };
    let mut found = Vec::new();
    for file in document["files"].as_array().into_iter().flatten() {
        let path = file["path"].as_str().unwrap_or_default();
        if let Some(error) = file["error"].as_str()
            && !error.contains(path)
        {
            found.push(format!("the error of {path} does not name it: {error:?}"));
        }
        let records = file["records"].as_u64().unwrap_or(0);
        for problem in file["problems"].as_array().into_iter().flatten() {
            let unit = problem["location"]["unit"].as_str().unwrap_or_default();
            let number = problem["location"]["number"].as_u64().unwrap_or(0);
            let inside = match unit {
                "row" => (1..=records + 1).contains(&number),
                "record" | "line" => number >= 1,
                _ => false,
            };
            if !inside {
                found.push(format!("{path}: a problem without a location in the file: {problem}"));
            }
        }
    }
    found
}

/// Every entry under `folder`, relative, with `/` separators (symbolic links not followed).
fn entries(folder: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).into_iter().flatten().flatten() {
            let path = entry.path();
            let relative = path.strip_prefix(folder).unwrap().to_string_lossy().replace('\\', "/");
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                pending.push(path);
            }
            found.insert(relative);
        }
    }
    found
}

/// What is wrong with the case's folder after its runs: temporary entries left, inputs
/// changed, and the checks of every file the runs wrote.
fn check_folder(case: &Case, folder: &Path, before: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    let after = entries(folder);
    for entry in &after {
        let name = entry.rsplit('/').next().unwrap_or(entry);
        if runner::is_temporary_name(name) {
            found.push(format!("a temporary entry left behind: {entry}"));
        }
        if name == "-" {
            found.push(format!("an entry named `-` was made (`-` means stdout): {entry}"));
        }
    }
    for (path, bytes) in &case.files {
        if std::fs::read(folder.join(path)).ok().as_ref() != Some(bytes) {
            found.push(format!("the input {path} was changed or removed"));
        }
    }
    let input_bytes: u64 = case.files.iter().map(|(_, bytes)| bytes.len() as u64).sum();
    let mut output_bytes = 0;
    for entry in after.difference(before) {
        let path = folder.join(entry);
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap_or_default();
        output_bytes += bytes.len() as u64;
        found.extend(
            check_written_file(entry, &bytes).into_iter().map(|problem| format!("{entry}: {problem}")),
        );
    }
    // A report of a few rows is a few hundred KB; far more means a table or chart grew with
    // something other than the data (a date in year 9999 making a daily series).
    let limit = 5_000_000 + 60 * input_bytes;
    if output_bytes > limit {
        found.push(format!("the outputs take {output_bytes} bytes for {input_bytes} bytes of input"));
    }
    found
}

/// The checks of one written file, by its extension.
fn check_written_file(name: &str, bytes: &[u8]) -> Vec<String> {
    let extension = name.rsplit('.').next().unwrap_or_default();
    if !matches!(extension, "csv" | "json" | "html" | "md" | "svg" | "toml" | "jsonl") {
        return Vec::new();
    }
    let mut found: Vec<String> = checks::raw_control_character(bytes).into_iter().collect();
    let text = String::from_utf8_lossy(bytes);
    match extension {
        "csv" => found.extend(checks::unneutralised_formulas(bytes)),
        "json" => {
            if let Err(error) = serde_json::from_slice::<serde_json::Value>(bytes) {
                found.push(format!("not JSON: {error}"));
            }
        }
        "md" => {
            found.extend(checks::broken_markdown_table(&text));
            found.extend(checks::raw_markup(&text));
        }
        "html" | "svg" => found.extend(checks::raw_markup(&text)),
        _ => {}
    }
    found
}

/// The mode a new file gets under the harness's umask (the mode refine's outputs should have).
fn umask_mode(scratch: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let probe = scratch.join("umask-probe");
    std::fs::write(&probe, b"").unwrap();
    std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777
}

/// Checks one of a case's own expectations.
fn check_expectation(
    expectation: &Expectation,
    outcomes: &[RunOutcome],
    folder: &Path,
    umask_mode: u32,
) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let of_command =
        |command: &'static str| outcomes.iter().filter(move |outcome| outcome.run.command() == command);
    match expectation {
        Expectation::Problem { file, unit, number, column } => {
            let problems = inspected_file(outcomes, file)?["problems"].clone();
            let matches = problems.as_array().into_iter().flatten().any(|problem| {
                problem["location"]["unit"] == *unit
                    && problem["location"]["number"] == *number
                    && column.is_none_or(|column| problem["column"] == column)
            });
            if matches { Ok(()) } else { Err(format!("problems listed: {}", shortened_list(&problems))) }
        }
        Expectation::Loads(file) => match &inspected_file(outcomes, file)?["error"] {
            serde_json::Value::Null => Ok(()),
            error => Err(format!("refused: {error}")),
        },
        Expectation::LoadsOrRefusedMentioning(file, words) => match &inspected_file(outcomes, file)?["error"]
        {
            serde_json::Value::Null => Ok(()),
            error => mentions_one(file, &error.to_string(), words),
        },
        Expectation::RefusedMentioning(file, words) => match &inspected_file(outcomes, file)?["error"] {
            serde_json::Value::Null => Err("it was loaded".to_owned()),
            error => mentions_one(file, &error.to_string(), words),
        },
        Expectation::Exit(command, codes) => {
            let wrong: Vec<String> = of_command(command)
                .filter(|outcome| outcome.code.is_none_or(|code| !codes.contains(&code)))
                .map(|outcome| {
                    format!("`{}` exited {:?}: {}", outcome.run.display(), outcome.code, outcome.stderr)
                })
                .collect();
            if wrong.is_empty() { Ok(()) } else { Err(wrong.join("; ")) }
        }
        Expectation::ErrorMentions(command, words) => {
            let wrong: Vec<String> = of_command(command)
                .filter(|outcome| !words.iter().all(|word| outcome.stderr.contains(word)))
                .map(|outcome| format!("`{}` said {:?}", outcome.run.display(), outcome.stderr))
                .collect();
            if wrong.is_empty() { Ok(()) } else { Err(wrong.join("; ")) }
        }
        Expectation::StartsWith(file, start) => {
            let bytes = std::fs::read(folder.join(file)).map_err(|error| error.to_string())?;
            if bytes.starts_with(start.as_bytes()) {
                Ok(())
            } else {
                Err(format!("it starts {:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(80)])))
            }
        }
        Expectation::Mode(file, mode) => {
            let found = std::fs::metadata(folder.join(file)).map_err(|error| error.to_string())?;
            let found = found.permissions().mode() & 0o777;
            let expected = match mode {
                FileMode::Umask => umask_mode,
                FileMode::Exactly(mode) => *mode,
            };
            if found == expected { Ok(()) } else { Err(format!("mode {found:o}, not {expected:o}")) }
        }
        Expectation::Symlink(file) => match std::fs::symlink_metadata(folder.join(file)) {
            Ok(metadata) if metadata.file_type().is_symlink() => Ok(()),
            Ok(_) => Err("the link was replaced by a file".to_owned()),
            Err(error) => Err(error.to_string()),
        },
        Expectation::Absent(file) => {
            if std::fs::symlink_metadata(folder.join(file)).is_err() {
                Ok(())
            } else {
                Err("it is still there".to_owned())
            }
        }
        Expectation::StdoutAtMost(command, limit) => {
            let wrong: Vec<String> = of_command(command)
                .filter(|outcome| outcome.stdout.len() > *limit)
                .map(|outcome| format!("`{}` wrote {} bytes", outcome.run.display(), outcome.stdout.len()))
                .collect();
            if wrong.is_empty() { Ok(()) } else { Err(wrong.join("; ")) }
        }
        Expectation::Interrupted(command) => {
            if of_command(command).any(|outcome| outcome.interrupted) {
                Ok(())
            } else {
                Err("no run was caught while writing: the case did not exercise an interrupted write"
                    .to_owned())
            }
        }
        Expectation::CpuGrowth { small, large, at_most } => {
            let ticks = |file: &'static str| {
                outcomes
                    .iter()
                    .filter(move |outcome| outcome.run.args.iter().any(|argument| argument == file))
                    .filter_map(|outcome| outcome.cpu_ticks)
            };
            match (ticks(small).min(), ticks(large).min()) {
                (Some(small_ticks), Some(large_ticks)) => {
                    let growth = large_ticks as f64 / small_ticks.max(1) as f64;
                    if growth <= *at_most {
                        Ok(())
                    } else {
                        Err(format!(
                            "CPU {small_ticks} ticks on {small}, {large_ticks} on {large}: ×{growth:.1}"
                        ))
                    }
                }
                // Without /proc there is nothing to measure; the timeout still guards the runs.
                _ => Ok(()),
            }
        }
    }
}

/// The `files[]` entry for `file` in the case's `refine inspect --format json` run.
fn inspected_file(outcomes: &[RunOutcome], file: &str) -> Result<serde_json::Value, String> {
    let outcome = outcomes
        .iter()
        .find(|outcome| {
            outcome.run.command() == "inspect" && outcome.run.args.iter().any(|arg| arg == "json")
        })
        .ok_or("the case has no `inspect --format json` run")?;
    let document: serde_json::Value =
        serde_json::from_slice(&outcome.stdout).map_err(|error| format!("inspect gave no JSON: {error}"))?;
    let files = document["files"].as_array().cloned().unwrap_or_default();
    files
        .into_iter()
        .find(|entry| entry["path"] == file)
        .ok_or_else(|| format!("inspect lists no file {file}: {}", String::from_utf8_lossy(&outcome.stdout)))
}

/// A JSON list for a message: its first three elements and how many there are.
fn shortened_list(list: &serde_json::Value) -> String {
    let elements = list.as_array().cloned().unwrap_or_default();
    let shown: Vec<String> = elements.iter().take(3).map(ToString::to_string).collect();
    match elements.len() {
        0 => "none".to_owned(),
        count if count <= 3 => shown.join(", "),
        count => format!("{}, … ({count} in all)", shown.join(", ")),
    }
}

/// Whether the error about `file` uses one of `words`, the file's own name left out (the
/// error of `backlog.xlsx` must say "xlsx" in its words, not only in the name).
fn mentions_one(file: &str, error: &str, words: &[&str]) -> Result<(), String> {
    let lower = error.replace(file, "").to_lowercase();
    if words.iter().any(|word| lower.contains(&word.to_lowercase())) {
        Ok(())
    } else {
        Err(format!("the error mentions none of {words:?}: {error}"))
    }
}

/// The folder a case's files are under; a constant so that messages and cases agree.
pub const EXPORTS: &str = "exports";
