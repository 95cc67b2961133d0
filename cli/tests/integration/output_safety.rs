//! What refine does to the user's files and streams: it never writes over an input, never
//! panics on a closed pipe, leaves no temporary file behind when a signal stops it (and sweeps
//! those a killed run left), keeps the umask and a replaced file's mode, reads stdin and pipes,
//! and says so when there is nothing to read. Each test is named after the defect it pins.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{demo, folder_with, refine};

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_refine"));
    command.env_remove("REFINE_SHARED_DATA");
    command
}

/// The names in `folder` that start with `.refine-` (refine's temporary files and folders).
fn temporary_names(folder: &Path) -> Vec<String> {
    fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".refine-"))
        .collect()
}

/// Sends `signal` (`TERM`, `INT`) to the child with kill(1): the tests forbid unsafe code too.
fn send(child: &Child, signal: &str) {
    let status = Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status().unwrap();
    assert!(status.success(), "kill -{signal} worked");
}

/// Waits until `found` holds or `limit` passes; whether it held.
fn wait_for(limit: Duration, mut found: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if found() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    false
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn rank_with_o_onto_its_input_is_refused_and_the_export_kept() {
    let export = fs::read(demo().join("backlog.csv")).unwrap();
    let folder = folder_with(&[("b.csv", &export)]);
    let outcome = refine(folder.path(), &["rank", "b.csv", "-o", "b.csv"]);
    insta::assert_snapshot!(outcome.transcript());
    assert_eq!(fs::read(folder.path().join("b.csv")).unwrap(), export, "the export is untouched");
}

#[test]
fn rank_with_o_onto_a_file_of_an_input_folder_is_refused() {
    let export = fs::read(demo().join("backlog.csv")).unwrap();
    let folder = folder_with(&[]);
    fs::create_dir(folder.path().join("exports")).unwrap();
    fs::write(folder.path().join("exports/backlog.csv"), &export).unwrap();
    let outcome = refine(folder.path(), &["rank", "exports", "--format", "csv", "-o", "exports/backlog.csv"]);
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("would replace the input exports/backlog.csv"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("in the input folder exports"), "{}", outcome.stderr);
    assert_eq!(fs::read(folder.path().join("exports/backlog.csv")).unwrap(), export);
}

#[test]
fn report_with_o_onto_a_folder_holding_an_input_is_refused() {
    let export = fs::read(demo().join("backlog.csv")).unwrap();
    let folder = folder_with(&[]);
    fs::create_dir(folder.path().join("rep")).unwrap();
    fs::write(folder.path().join("rep/backlog.csv"), &export).unwrap();
    // An empty folder or a previous report would be replaced: this one holds the input.
    let outcome = refine(folder.path(), &["report", "rep/backlog.csv", "-o", "rep", "--no-charts"]);
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("-o rep holds the input rep/backlog.csv"), "{}", outcome.stderr);
    assert_eq!(fs::read(folder.path().join("rep/backlog.csv")).unwrap(), export);
}

#[test]
fn report_to_a_closed_stdout_ends_quietly_without_a_panic() {
    let folder = folder_with(&[]);
    let mut child = binary()
        .args(["report", demo().to_str().unwrap(), "-o", "rep", "--no-charts"])
        .current_dir(folder.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(folder.path().join("rep/index.html").is_file());
}

#[test]
fn a_failing_run_with_a_closed_stderr_exits_1_without_a_panic() {
    let folder = folder_with(&[]);
    let mut child = binary()
        .args(["rank", "nope.csv"])
        .current_dir(folder.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    // A panic exits with 101; the failure with 1.
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

/// A backlog big enough that writing its report takes a while (tens of milliseconds even in a
/// release build).
fn big_backlog(items: usize) -> Vec<u8> {
    let mut text = String::from("key,title,status,estimate\n");
    for item in 0..items {
        text.push_str(&format!(
            "K-{item},Item {item} about checkout and search number {item},To Do,{}\n",
            item % 13
        ));
    }
    text.into_bytes()
}

#[test]
fn sigterm_during_a_report_write_leaves_no_temporary_folder() {
    let folder = folder_with(&[("big.csv", &big_backlog(30_000))]);
    let mut child = binary()
        .args(["report", "big.csv", "-o", "rep", "--no-charts"])
        .current_dir(folder.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // A shell waiting to run its builtin kill: the signal follows the trigger within a fraction
    // of a millisecond, where starting kill(1) would take longer than the write.
    let mut killer = Command::new("sh")
        .arg("-c")
        .arg(format!("read go && kill -TERM {}", child.id()))
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let writing = wait_for(Duration::from_secs(300), || {
        !temporary_names(folder.path()).is_empty() || child.try_wait().unwrap().is_some()
    });
    killer.stdin.take().unwrap().write_all(b"go\n").unwrap();
    assert!(killer.wait().unwrap().success());
    assert!(writing, "the write was caught while it ran");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "128 + SIGTERM, as shells expect");
    assert_eq!(temporary_names(folder.path()), Vec::<String>::new(), "nothing is left behind");
    // Complete or absent: the signal may land after the last rename.
    let report = folder.path().join("rep");
    assert!(!report.exists() || report.join("refine-report.json").is_file(), "no half-written report");
}

#[test]
fn ctrl_c_while_reading_stdin_removes_its_copy() {
    let folder = folder_with(&[]);
    let temporary = folder.path().join("tmp");
    fs::create_dir(&temporary).unwrap();
    let mut child = binary()
        .args(["velocity", "-", "-o", "out.csv"])
        .current_dir(folder.path())
        .env("TMPDIR", &temporary)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"sprint,start,end,committed_points,completed_points\n").unwrap();
    // The pipe stays open: refine is still copying it when the signal comes.
    assert!(wait_for(Duration::from_secs(60), || !temporary_names(&temporary).is_empty()));
    send(&child, "INT");
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130), "128 + SIGINT, as shells expect");
    assert_eq!(temporary_names(&temporary), Vec::<String>::new(), "the copy of stdin is removed");
    assert!(!folder.path().join("out.csv").exists());
}

#[test]
fn a_stale_temporary_folder_of_refine_is_swept_and_a_foreign_tmp_file_left_alone() {
    let folder = folder_with(&[(".tmpXYZ", b"another program's")]);
    // A pid that was and is no more: a child that has ended.
    let mut gone = Command::new("true").spawn().unwrap();
    let gone_pid = gone.id();
    gone.wait().unwrap();
    let stale = folder.path().join(format!(".refine-report-{gone_pid}-a1b2c3"));
    fs::create_dir_all(stale.join("tables")).unwrap();
    fs::write(stale.join("tables/rank-ranking.csv"), "half written").unwrap();
    let stale_file = folder.path().join(format!(".refine-tmp-{gone_pid}-a1b2c3"));
    fs::write(&stale_file, "half written").unwrap();

    let outcome = refine(folder.path(), &["rank", demo().to_str().unwrap(), "-o", "ranking.csv"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    if Path::new("/proc/self").exists() {
        assert!(!stale.exists() && !stale_file.exists(), "the stale temporary paths are swept");
    }
    assert_eq!(fs::read(folder.path().join(".tmpXYZ")).unwrap(), b"another program's");
}

/// Runs `refine args` in `folder` under `umask`.
#[cfg(unix)]
fn refine_with_umask(folder: &Path, umask: &str, args: &[&str]) -> std::process::Output {
    let script = format!("umask {umask} && exec \"$0\" \"$@\"");
    let output = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_refine"))
        .args(args)
        .current_dir(folder)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output
}

#[cfg(unix)]
#[test]
fn output_files_get_the_umask_mode_not_0600_and_a_replaced_file_keeps_its_mode() {
    let folder = folder_with(&[]);
    let demo = demo();
    let demo = demo.to_str().unwrap();
    refine_with_umask(folder.path(), "002", &["rank", demo, "-o", "ranking.csv"]);
    assert_eq!(mode(&folder.path().join("ranking.csv")), 0o664);
    refine_with_umask(folder.path(), "002", &["config", "init"]);
    assert_eq!(mode(&folder.path().join("refine.toml")), 0o664);
    refine_with_umask(folder.path(), "002", &["report", demo, "-o", "rep", "--no-charts"]);
    assert_eq!(mode(&folder.path().join("rep")), 0o775);
    assert_eq!(mode(&folder.path().join("rep/tables")), 0o775);
    assert_eq!(mode(&folder.path().join("rep/index.html")), 0o664);

    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(folder.path().join("ranking.csv"), fs::Permissions::from_mode(0o640)).unwrap();
    fs::set_permissions(folder.path().join("rep"), fs::Permissions::from_mode(0o750)).unwrap();
    refine_with_umask(folder.path(), "022", &["rank", demo, "-o", "ranking.csv"]);
    refine_with_umask(folder.path(), "022", &["report", demo, "-o", "rep", "--no-charts"]);
    assert_eq!(mode(&folder.path().join("ranking.csv")), 0o640, "the replaced file's mode is kept");
    assert_eq!(mode(&folder.path().join("rep")), 0o750, "the replaced report's mode is kept");
}

#[cfg(unix)]
#[test]
fn output_onto_a_symbolic_link_writes_its_target_and_keeps_the_link() {
    let folder = folder_with(&[("target.csv", b"old")]);
    std::os::unix::fs::symlink("target.csv", folder.path().join("link.csv")).unwrap();
    let outcome = refine(folder.path(), &["rank", demo().to_str().unwrap(), "-o", "link.csv"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(fs::symlink_metadata(folder.path().join("link.csv")).unwrap().file_type().is_symlink());
    let written = fs::read_to_string(folder.path().join("target.csv")).unwrap();
    assert!(written.starts_with("rank,key,title"), "{written}");
}

/// Runs `refine args` in `folder` with `input` on stdin, its temporary files in `folder/tmp`.
fn refine_with_stdin(folder: &Path, args: &[&str], input: &[u8]) -> (i32, String, String) {
    let temporary = folder.join("tmp");
    fs::create_dir_all(&temporary).unwrap();
    let mut child = binary()
        .args(args)
        .current_dir(folder)
        .env("TMPDIR", &temporary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn velocity_reads_a_sprint_report_piped_to_dev_stdin_or_dash() {
    let sprints = fs::read(demo().join("sprints.csv")).unwrap();
    let folder = folder_with(&[]);
    for (input, name) in [("-", "<stdin>"), ("/dev/stdin", "/dev/stdin")] {
        let (code, stdout, stderr) =
            refine_with_stdin(folder.path(), &["velocity", input, "--format", "json"], &sprints);
        assert_eq!(code, 0, "{input}: {stderr}");
        let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(document["inputs"], serde_json::json!([name]));
        assert!(document["sprints"].as_array().is_some_and(|sprints| sprints.len() > 5), "{stdout}");
    }
    assert_eq!(temporary_names(&folder.path().join("tmp")), Vec::<String>::new(), "the copies are removed");
}

#[test]
fn a_bad_file_on_stdin_is_named_stdin_in_the_message() {
    let folder = folder_with(&[]);
    let (code, stdout, stderr) =
        refine_with_stdin(folder.path(), &["velocity", "-"], b"name,colour\napple,red\n");
    insta::assert_snapshot!(format!("exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}"));
    let (_, inspected, _) = refine_with_stdin(folder.path(), &["inspect", "-"], b"key,title\nA-1,Login\n");
    assert!(inspected.starts_with("<stdin>\n"), "{inspected}");
}

#[test]
fn stdin_given_twice_is_refused() {
    let folder = folder_with(&[]);
    let (code, _, stderr) = refine_with_stdin(folder.path(), &["rank", "-", "-"], b"key,title\nA-1,x\n");
    assert_eq!(code, 1);
    assert!(stderr.contains("`-` (stdin) is given more than once"), "{stderr}");
}

#[test]
fn report_with_o_dash_is_refused_and_makes_no_folder_named_dash() {
    let folder = folder_with(&[]);
    let outcome = refine(folder.path(), &["report", demo().to_str().unwrap(), "-o", "-"]);
    insta::assert_snapshot!(outcome.transcript());
    assert!(!folder.path().join("-").exists());
}

#[test]
fn an_empty_folder_is_nothing_to_read_for_every_command() {
    let folder = folder_with(&[]);
    fs::create_dir(folder.path().join("e")).unwrap();
    fs::write(folder.path().join("e/README.md"), "# notes").unwrap();
    fs::write(folder.path().join("e/.DS_Store"), "x").unwrap();
    let report = refine(folder.path(), &["report", "e", "-o", "rep"]);
    insta::assert_snapshot!(report.transcript());
    assert!(!folder.path().join("rep").exists());
    for command in ["inspect", "rank", "velocity", "estimates", "forecast", "health", "agenda"] {
        let outcome = refine(folder.path(), &[command, "e"]);
        assert_eq!(outcome.code, 1, "{command}: {}", outcome.transcript());
        assert!(
            outcome.stderr.contains("e: there is nothing to read in this folder"),
            "{command}: {}",
            outcome.stderr
        );
        assert_eq!(outcome.stdout, "", "{command}");
    }
}

#[test]
fn rank_top_0_as_csv_writes_the_header_row_not_an_empty_file() {
    let folder = folder_with(&[]);
    let outcome = refine(folder.path(), &["rank", demo().to_str().unwrap(), "--top", "0", "--format", "csv"]);
    insta::assert_snapshot!(outcome.transcript());
}

#[test]
fn the_empty_gone_table_of_every_report_has_its_header() {
    let folder = folder_with(&[]);
    let outcome = refine(folder.path(), &["report", demo().to_str().unwrap(), "-o", "rep", "--no-charts"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(fs::read_to_string(folder.path().join("rep/tables/rank-gone.csv")).unwrap(), "key\r\n");
}

/// Renaming a temporary file over `-o /dev/null` (as root) would replace the device: a
/// device or a FIFO is written to, never replaced.
#[cfg(unix)]
#[test]
fn output_onto_a_fifo_writes_into_it_and_leaves_it_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let folder = folder_with(&[]);
    let fifo = folder.path().join("ranking.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let outcome =
        refine(folder.path(), &["rank", demo().to_str().unwrap(), "--format", "csv", "-o", "ranking.fifo"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(reader.join().unwrap().starts_with("rank,key,title"));
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "still a FIFO");
    assert_eq!(temporary_names(folder.path()), Vec::<String>::new());
}
