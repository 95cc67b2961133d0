//! The HTML report in a real browser: `refine report` on the demo workspace and on a backlog of
//! hostile titles, then tests/browser/check-report.mjs drives headless Chromium over both
//! pages (what needs a decision comes first and its links work, the ranked backlog is one line
//! per item and holds every ranked item, sorts, filters and unfolds, the new charts are there,
//! axe-core finds no serious accessibility problem, titles show as text) and takes screenshots
//! (target/browser/report.png, report-backlog.png, report-dark.png; docs/ has copies for the
//! README, updated by hand when they change).
//!
//! Needs node, Debian's chromium and `npm ci` in cli/tests/browser (`.ci/run` sets them up).
//! Without them the test prints a notice and skips, unless REFINE_REQUIRE_BROWSER=1 (as in
//! CI), where a missing browser fails it.

use std::path::Path;
use std::process::Command;

use crate::support::{refine, repository};

fn skip_or_fail(reason: &str) {
    if std::env::var_os("REFINE_REQUIRE_BROWSER").is_some_and(|value| value == "1") {
        panic!("the browser test cannot run: {reason}");
    }
    println!("notice: browser test skipped: {reason} (see cli/tests/integration/browser.rs)");
}

#[test]
fn the_html_report_works_in_headless_chromium() {
    let repository = repository();
    let harness = repository.join("cli/tests/browser");
    let chromium = std::env::var("REFINE_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    if !Path::new(&chromium).exists() {
        return skip_or_fail(&format!("no Chromium at {chromium}"));
    }
    if !harness.join("node_modules/playwright-core").is_dir() {
        return skip_or_fail("playwright-core is not installed: run `npm ci` in cli/tests/browser");
    }
    if Command::new("node").arg("--version").output().is_err() {
        return skip_or_fail("node is not installed");
    }

    let out = tempfile::tempdir().unwrap();
    let demo = out.path().join("demo");
    let hostile = out.path().join("hostile");
    let fixture = repository.join("datasets/fixtures/hostile-titles.csv");
    for (inputs, folder) in [(vec![], &demo), (vec![fixture.to_str().unwrap()], &hostile)] {
        let mut args = vec!["report"];
        args.extend(inputs);
        args.extend(["-o", folder.to_str().unwrap()]);
        let outcome = refine(repository, &args);
        assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    }
    let screenshots = repository.join("target/browser");
    std::fs::create_dir_all(&screenshots).unwrap();
    let names = ["report.png", "report-backlog.png", "report-dark.png"];
    for name in names {
        let _ = std::fs::remove_file(screenshots.join(name));
    }

    let output = Command::new("node")
        .arg(harness.join("check-report.mjs"))
        .args([demo.join("index.html"), hostile.join("index.html"), screenshots.clone()])
        .env("REFINE_CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let transcript =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("{transcript}");
    assert!(output.status.success(), "the browser checks failed:\n{transcript}");
    assert!(!transcript.contains("FAILED"), "{transcript}");
    for name in names {
        let png = std::fs::read(screenshots.join(name)).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name} is a PNG");
    }
}
