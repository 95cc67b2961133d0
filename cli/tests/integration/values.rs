//! Absurd values, far dates and missing dates end to end (issue 17, items 1, 8 and 13): a value
//! near `f64::MAX` no longer hangs the report, a date in year 1 or 9999 is a problem and stays
//! out of every time series, and a sprint report without dates needs no `--as-of`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Outcome, folder_with, refine};

/// Runs `refine` with `args` in `folder`, killing it after `limit`: the defects these tests pin
/// were endless loops, and a test that hung would say nothing.
fn refine_within(folder: &Path, args: &[&str], limit: Duration) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_refine"))
        .args(args)
        .current_dir(folder)
        .env_remove("REFINE_SHARED_DATA")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the refine binary runs");
    let started = Instant::now();
    while child.try_wait().expect("the child can be waited for").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("refine {args:?} did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("the output can be read");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The size of every file under `folder`, in bytes.
fn folder_size(folder: &Path) -> u64 {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                folder_size(&entry.path())
            } else {
                entry.metadata().unwrap().len()
            }
        })
        .sum()
}

const ONE_SPRINT_OF_1E308: &[u8] =
    b"sprint,start,end,committed_points,completed_points\nS1,2026-01-01,2026-01-14,20,1.7e308\n";

#[test]
fn report_with_a_sprint_of_1e308_points_ends() {
    let folder = folder_with(&[("one.csv", ONE_SPRINT_OF_1E308)]);
    let outcome = refine_within(folder.path(), &["report", "one.csv", "-o", "rep"], Duration::from_secs(120));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(folder.path().join("rep/index.html").is_file());
    // The value is a problem with its row and column, and the sprint stays without it.
    let inspect = refine(folder.path(), &["inspect", "one.csv"]);
    assert!(
        inspect.stdout.contains(
            "row 2, column `completed_points`: expected story points from 0 to 10000, found \"1.7e308\""
        ),
        "{}",
        inspect.stdout
    );
    let velocity = refine(folder.path(), &["velocity", "one.csv", "--format", "csv"]);
    assert!(
        velocity.stdout.contains("\n,,S1,,2026-01-01T00:00:00Z,2026-01-14T00:00:00Z,20,,,,"),
        "{}",
        velocity.stdout
    );
}

#[test]
fn a_poker_vote_of_1e308_is_a_problem_and_the_report_ends() {
    let folder = folder_with(&[(
        "votes.csv",
        b"key,estimator,vote,voted_at\nA-1,ann,3,2026-01-02\nA-1,bob,1.7e308,2026-01-02\nA-1,cy,13,2026-01-02\n",
    )]);
    let outcome =
        refine_within(folder.path(), &["report", "votes.csv", "-o", "rep"], Duration::from_secs(120));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let strict = refine(folder.path(), &["--strict", "inspect", "votes.csv"]);
    assert_eq!(strict.code, 1);
    assert!(
        strict.stdout.contains("row 3, column `vote`: expected a card: a number from 0 to 10000"),
        "{}",
        strict.stdout
    );
}

/// Four items, one created in year 1 and one resolved in year 9999: before, a 71 MB report
/// with a throughput table of half a million weeks.
const FOUR_ITEMS_WITH_FAR_DATES: &[u8] = b"key,title,status,created,resolved,estimate\n\
A-1,one,Done,2025-01-02,2025-02-01,3\n\
A-2,two,Done,0001-01-01,2025-03-01,5\n\
A-3,three,To Do,2025-01-05,,2\n\
A-4,four,Done,2025-01-07,9999-12-31,1\n";

#[test]
fn a_date_in_year_9999_is_a_problem_and_stays_out_of_throughput() {
    let folder = folder_with(&[("far.csv", FOUR_ITEMS_WITH_FAR_DATES)]);
    insta::assert_snapshot!("far_dates_inspect", refine(folder.path(), &["inspect", "far.csv"]).transcript());
    // Throughput runs from the first finished week (2025-W05) to the as-of date, the latest
    // plausible date (2025-03-01): five weeks.
    insta::assert_snapshot!(
        "far_dates_velocity",
        refine(folder.path(), &["velocity", "far.csv"]).transcript()
    );
    let outcome = refine_within(folder.path(), &["report", "far.csv", "-o", "rep"], Duration::from_secs(120));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let size = folder_size(&folder.path().join("rep"));
    assert!(size < 2_000_000, "the report of four items is {size} bytes");
}

#[test]
fn an_as_of_in_year_9999_is_refused_with_the_dates_it_may_be() {
    let folder = folder_with(&[("far.csv", FOUR_ITEMS_WITH_FAR_DATES)]);
    let outcome = refine(folder.path(), &["velocity", "far.csv", "--as-of", "9999-01-01"]);
    insta::assert_snapshot!(outcome.transcript());
}

/// A sprint report of research data: ids, names, points and issue counts, no dates.
const SPRINTS_WITHOUT_DATES: &[u8] =
    b"board,sprint_id,sprint,committed_points,completed_points,committed_issues,completed_issues\n\
7,1,Alpha,20,18,5,4\n\
7,2,Beta,22,20,6,6\n\
7,3,Gamma,25,21,6,5\n";

#[test]
fn velocity_of_a_sprint_report_without_dates_needs_no_as_of() {
    let folder = folder_with(&[("sprints.csv", SPRINTS_WITHOUT_DATES)]);
    let outcome = refine(folder.path(), &["velocity", "sprints.csv"]);
    insta::assert_snapshot!(outcome.transcript());
}

#[test]
fn velocity_of_items_without_dates_says_which_figures_need_as_of() {
    let folder = folder_with(&[
        ("sprints.csv", SPRINTS_WITHOUT_DATES),
        ("items.csv", b"key,title,status,sprints\nA-1,one,Done,Alpha\nA-2,two,To Do,Alpha;Beta\n"),
    ]);
    let outcome = refine(folder.path(), &["velocity", "sprints.csv", "items.csv"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(!outcome.stdout.contains("\nthroughput\n"), "{}", outcome.stdout);
    // Written to stdout, as every warning of a table view is.
    assert!(
        outcome.stdout.contains(
            "warning: throughput, cycle and lead time and aging work in progress are left out: they are \
             counted up to a date and the inputs have none; give --as-of DATE for them"
        ),
        "{}",
        outcome.stdout
    );
    // With --as-of they are there.
    let dated = refine(folder.path(), &["velocity", "sprints.csv", "items.csv", "--as-of", "2026-01-01"]);
    assert_eq!(dated.code, 0, "{}", dated.stderr);
    assert!(dated.stdout.contains("\nthroughput\n"), "{}", dated.stdout);
}

/// The shared datasets' folder (`$REFINE_SHARED_DATA`, default `../shared/datasets` from the
/// repository root), or `None` with a notice when the file is absent.
fn shared_data(relative: &str) -> Option<PathBuf> {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let folder = match std::env::var_os("REFINE_SHARED_DATA") {
        Some(folder) => repository.join(folder),
        None => repository.join("../shared/datasets"),
    };
    let path = folder.join(relative);
    if path.is_file() {
        return Some(path);
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "NOTICE: skipping a real-data test: {} not found (set REFINE_SHARED_DATA to the shared datasets folder)",
        path.display()
    );
    None
}

#[test]
fn velocity_of_the_real_apache_sprint_report_needs_no_as_of() {
    let Some(path) = shared_data("sprints/apache-sprints.csv") else { return };
    let folder = folder_with(&[]);
    let path = path.to_str().unwrap();
    let outcome = refine(folder.path(), &["velocity", path, "--format", "csv"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    // 348 sprints of 17 boards, in sprint-id order per board; the first row is board 1's
    // sprint 8 "Q2'14 Sprint 1" (the file's first row: 0 committed, 3 added, 3 removed, 0 done).
    let lines: Vec<&str> = outcome.stdout.lines().collect();
    assert!(lines[0].starts_with("team,sprint_id,sprint,"), "{}", lines[0]);
    assert_eq!(lines[1], "1,8,Q2'14 Sprint 1,,,,0,3,3,0,0,,,0,,,,0,0,");
    assert_eq!(lines.len(), 1 + 348, "a header and one line per sprint");
    assert!(!outcome.stderr.contains("--as-of"), "{}", outcome.stderr);
}
