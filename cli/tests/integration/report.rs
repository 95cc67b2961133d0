//! `refine report` end to end: the folder it writes on the demo workspace (whole-file
//! snapshots of the Markdown and the manifest), the same bytes on any thread count, text from
//! hostile inputs escaped in every output, settings reaching the charts, and a folder that is
//! complete or untouched.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::support::{folder_with, refine, refine_with_threads, repository};

/// Every file of the folder, by relative path.
fn files_of(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(folder).unwrap().to_string_lossy().replace('\\', "/");
                files.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn with_no_input_the_report_is_made_from_the_demo_workspace() {
    let out = tempfile::tempdir().unwrap();
    let outcome =
        refine(repository(), &["report", "-o", out.path().join("r").to_str().unwrap(), "--max-rows", "3"]);
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    assert_eq!(outcome.stderr, "", "no progress bar when stderr is not a terminal");
    let files = files_of(&out.path().join("r"));
    let markdown = String::from_utf8(files["report.md"].clone()).unwrap();
    insta::assert_snapshot!("demo_report_md", markdown);
    let manifest = String::from_utf8(files["refine-report.json"].clone()).unwrap();
    insta::assert_snapshot!("demo_report_manifest", manifest);
    let html = String::from_utf8(files["index.html"].clone()).unwrap();
    for section in ["summary", "backlog", "agenda", "health", "delivery", "estimation", "forecast"] {
        assert!(html.contains(&format!("<section id=\"{section}\">")), "section {section}");
    }
    // The inline charts name the SVG namespace; nothing else in the page is an address.
    let without_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !without_namespace.contains("http://") && !without_namespace.contains("https://"),
        "nothing is fetched"
    );
    assert_eq!(html.matches("<svg").count(), 13, "every chart inline");
}

/// The whole page without its charts (their SVG has snapshots of its own), three rows a table.
#[test]
fn the_demo_page_reads_in_this_order_with_these_words() {
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("r");
    let outcome = refine(
        repository(),
        &["report", "--format", "html", "--no-charts", "--max-rows", "3", "-o", folder.to_str().unwrap()],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    let html = fs::read_to_string(folder.join("index.html")).unwrap();
    insta::assert_snapshot!("demo_report_html", html);
}

/// `[report] item_url` links every ranked key to the tracker; a key stays text without it.
#[test]
fn keys_link_to_the_tracker_when_refine_toml_says_where() {
    let folder =
        folder_with(&[("refine.toml", b"[report]\nitem_url = \"https://tracker.example/browse/{key}\"\n")]);
    let config = folder.path().join("refine.toml");
    let report = folder.path().join("r");
    let outcome = refine(
        repository(),
        &[
            "--config",
            config.to_str().unwrap(),
            "report",
            "--format",
            "html",
            "--no-charts",
            "-o",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    let html = fs::read_to_string(report.join("index.html")).unwrap();
    assert!(html.contains("<a class=\"key\" href=\"https://tracker.example/browse/SHOP-140\">SHOP-140</a>"));
    assert_eq!(html.matches("href=\"https://tracker.example/browse/").count(), 239, "every ranked item");
}

/// With `--previous`, the largest moves since then need a look first.
#[test]
fn a_previous_ranking_puts_the_largest_moves_among_the_decisions() {
    let folder = folder_with(&[("previous.csv", b"key,rank\nSHOP-140,50\nSHOP-351,1\nSHOP-159,3\n")]);
    let report = folder.path().join("r");
    let previous = folder.path().join("previous.csv");
    let outcome = refine(
        repository(),
        &[
            "report",
            "--previous",
            previous.to_str().unwrap(),
            "--format",
            "md",
            "-o",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    let markdown = fs::read_to_string(report.join("report.md")).unwrap();
    // SHOP-140: 50th then, 1st now; SHOP-351: 1st then, 2nd now; SHOP-159 kept its place.
    assert!(
        markdown.contains(
            "**Moved most since the previous ranking**: SHOP-140 (up 49 to 1st), SHOP-351 (down 1 to 2nd)."
        ),
        "{markdown}"
    );
}

#[test]
fn the_report_is_byte_identical_on_one_thread_and_many() {
    let out = tempfile::tempdir().unwrap();
    let one = out.path().join("one");
    let many = out.path().join("many");
    for (folder, threads) in [(&one, 1), (&many, 4)] {
        let outcome = refine_with_threads(
            repository(),
            &["report", "datasets/demo", "-o", folder.to_str().unwrap()],
            Some(threads),
        );
        assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    }
    let (one, many) = (files_of(&one), files_of(&many));
    assert_eq!(one.keys().collect::<Vec<_>>(), many.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(bytes == &many[path], "{path} differs between 1 and 4 threads");
    }
}

/// The keys of the ranked backlog's lines, in page order.
fn backlog_keys(html: &str) -> Vec<String> {
    let table = html.split("id=\"table-backlog-ranking\"").nth(1).unwrap();
    let body = table.split("</tbody>").next().unwrap().split("<tbody>").nth(1).unwrap();
    body.split("<tr id=")
        .skip(1)
        .map(|row| row.split("class=\"key\">").nth(1).unwrap().split('<').next().unwrap().to_owned())
        .collect()
}

/// The HTML used to cut every table at 200 rows, so the demo's ranked table (239 items) lacked
/// its last 39 and the page's filter could not find them.
#[test]
fn the_demo_report_ranked_table_holds_every_ranked_item_by_default() {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("r");
    let outcome = refine(
        repository(),
        &["report", "--format", "html,csv", "--no-charts", "-o", report.to_str().unwrap()],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    let mut ranking = csv::Reader::from_path(report.join("tables/rank-ranking.csv")).unwrap();
    let key = ranking.headers().unwrap().iter().position(|header| header == "key").unwrap();
    let ranked: Vec<String> = ranking.records().map(|record| record.unwrap()[key].to_owned()).collect();
    assert_eq!(ranked.len(), 239, "the demo's open items (engine health_demo), more than 200");
    let html = fs::read_to_string(report.join("index.html")).unwrap();
    assert_eq!(backlog_keys(&html), ranked);
    assert!(!html.contains("every item is in tables/rank-ranking.csv"), "no note that items are left out");
}

#[test]
fn text_from_the_inputs_is_escaped_in_html_and_markdown_and_neutralised_in_csv() {
    let fixture = repository().join("datasets/fixtures/hostile-titles.csv");
    let out = tempfile::tempdir().unwrap();
    let outcome = refine(out.path(), &["report", fixture.to_str().unwrap(), "-o", "r"]);
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    let files = files_of(&out.path().join("r"));
    let html = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(
        !html.contains("<script>alert") && !html.contains("<img src=x"),
        "markup from a title reached the page"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert_eq!(html.matches("<script>").count(), 1, "only refine's own script");
    let markdown = String::from_utf8(files["report.md"].clone()).unwrap();
    assert!(markdown.contains("&lt;script&gt;alert('title')&lt;/script&gt;"));
    assert!(markdown.contains(r"A \| pipe, \*stars\*"));
    let csv = String::from_utf8(files["tables/rank-ranking.csv"].clone()).unwrap();
    assert!(csv.contains(r#","'=HYPERLINK(""http://evil.example"",""click me"")","#), "{csv}");
}

#[test]
fn formats_limit_the_files_and_charts_can_be_left_out() {
    let out = tempfile::tempdir().unwrap();
    let outcome = refine(
        repository(),
        &["report", "--format", "md,csv", "--no-charts", "-o", out.path().join("r").to_str().unwrap()],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    let files = files_of(&out.path().join("r"));
    assert!(files.contains_key("report.md") && files.contains_key("tables/rank-ranking.csv"));
    assert!(!files.contains_key("index.html"));
    assert!(files.keys().all(|path| !path.ends_with(".json") || path == "refine-report.json"));
    assert!(files.keys().all(|path| !path.starts_with("charts/")));
}

#[test]
fn png_writes_every_chart_as_a_picture_beside_its_svg() {
    let out = tempfile::tempdir().unwrap();
    let outcome = refine(
        repository(),
        &["report", "--png", "--format", "md", "-o", out.path().join("r").to_str().unwrap()],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    let files = files_of(&out.path().join("r"));
    let svgs: Vec<&String> =
        files.keys().filter(|path| path.starts_with("charts/") && path.ends_with(".svg")).collect();
    assert_eq!(svgs.len(), 13, "{:?}", files.keys().collect::<Vec<_>>());
    for svg in svgs {
        let png = &files[&svg.replace(".svg", ".png")];
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{svg}: a PNG signature");
        // IHDR, the first chunk: width and height as big-endian u32 at bytes 16 and 20.
        assert_eq!(&png[12..16], b"IHDR", "{svg}");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert!(width >= 400 && height >= 200, "{svg}: {width}×{height}");
    }
}

#[test]
fn the_velocity_legend_names_the_configured_window_not_the_default_seven() {
    let folder = folder_with(&[("refine.toml", b"[velocity]\nwindow = 4\n")]);
    let config = folder.path().join("refine.toml");
    let report = folder.path().join("r");
    let outcome = refine(
        repository(),
        &["report", "--config", config.to_str().unwrap(), "--format", "csv", "-o", report.to_str().unwrap()],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    let svg = fs::read_to_string(report.join("charts/velocity.svg")).unwrap();
    assert!(svg.lines().any(|line| line == "Rolling mean of completed (last 4 sprints)"), "{svg}");
    assert!(!svg.contains("last 7 sprints"));
}

#[test]
fn a_folder_that_is_not_a_report_is_left_alone() {
    let folder = folder_with(&[("notes.txt", b"mine")]);
    let outcome = refine(repository(), &["report", "-o", folder.path().to_str().unwrap()]);
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("is not a refine report"), "{}", outcome.stderr);
    assert_eq!(fs::read(folder.path().join("notes.txt")).unwrap(), b"mine");
    assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
}

#[test]
fn timings_name_every_stage_with_its_time_and_the_peak_memory() {
    let out = tempfile::tempdir().unwrap();
    let outcome = refine(
        repository(),
        &["report", "--timings", "--no-charts", "-o", out.path().join("r").to_str().unwrap()],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    for stage in
        ["load", "prioritize", "velocity", "flow", "estimates", "forecast", "render", "write", "total"]
    {
        assert!(
            outcome.stderr.lines().any(|line| {
                let (time, peak) = line.split_once(" ms").unwrap_or((line, ""));
                let has_peak = !cfg!(target_os = "linux") || peak.ends_with(" MB peak");
                line.starts_with(stage) && time.trim_end().ends_with(char::is_numeric) && has_peak
            }),
            "{stage}: {}",
            outcome.stderr
        );
    }
}
