//! The `refine` binary end to end: each test writes its inputs into a temporary folder, runs the
//! command there and compares the whole outcome (exit code, stdout, stderr).

use crate::support::{demo, folder_with, refine, refine_with_threads, repository};

#[test]
fn inspect_shows_format_tables_columns_dates_and_problems() {
    let folder = folder_with(&[(
        "items.csv",
        b"key,title,estimate,created,owner\nA-1,Login,3,2024-01-02,ann\nA-2,Logout,big,2024-02-03,bob\n",
    )]);
    insta::assert_snapshot!(refine(folder.path(), &["inspect", "items.csv"]).transcript());
}

#[test]
fn inspect_json_is_one_document_with_a_schema() {
    let folder = folder_with(&[("items.csv", b"key,title\nA-1,Login\n")]);
    let outcome = refine(folder.path(), &["inspect", "--format", "json", "items.csv"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let document: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(document["schema"], "refine.inspect/1");
    assert_eq!(document["files"][0]["tables"][0]["rows"], 1);
    assert_eq!(document["files"][0]["format"], "canonical-csv");
}

/// Every kind of bad file gets a clear message naming the file, and never a panic.
#[test]
fn bad_inputs_are_reported_per_file_without_a_panic() {
    let huge_title = "x".repeat(1 << 20);
    let huge = format!("key,title,estimate\nA-1,{huge_title},3\nA-2,ok,{huge_title}\n");
    let folder = folder_with(&[
        ("truncated.json", b"[{\"key\":\"A-1\",\"estimate\":3},\n{\"key\":\"A-2\",\"est"),
        ("binary.dat", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("empty.csv", b""),
        ("header-only.csv", b"key,title\n"),
        ("ragged.csv", b"key,title\nA-1,one\nA-2,two,three\nA-3,four\n"),
        ("dates.csv", b"key,created\nA-1,2024-01-02\nA-2,yesterday\nA-3,31/12/2024\nA-4,02/Jan/24 9:05 AM\n"),
        ("huge.csv", huge.as_bytes()),
        ("unknown.csv", b"name,colour\napple,red\n"),
    ]);
    let outcome = refine(folder.path(), &["inspect", "."]);
    assert!(!outcome.stderr.contains("panicked"), "{}", outcome.stderr);
    insta::assert_snapshot!(outcome.transcript());
}

#[test]
fn strict_turns_the_first_bad_row_into_an_error() {
    let folder = folder_with(&[("items.csv", b"key,estimate\nA-1,3\nA-2,big\n")]);
    let outcome = refine(folder.path(), &["--strict", "inspect", "items.csv"]);
    assert_eq!(outcome.code, 1);
    assert!(
        outcome.stdout.contains("row 3, column `estimate`: expected a number, found \"big\""),
        "{}",
        outcome.stdout
    );
}

#[test]
fn a_missing_input_is_an_error_naming_it() {
    let folder = folder_with(&[]);
    let outcome = refine(folder.path(), &["inspect", "nowhere.csv"]);
    assert_eq!(outcome.code, 1);
    assert_eq!(
        outcome.stderr,
        "error: nowhere.csv: cannot read it: No such file or directory (os error 2)\n"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let folder = folder_with(&[]);
    assert_eq!(refine(folder.path(), &["inspect"]).code, 2);
    assert_eq!(refine(folder.path(), &["inspect", "--format", "xml", "a.csv"]).code, 2);
}

#[test]
fn config_init_writes_the_commented_defaults_and_does_not_overwrite() {
    let folder = folder_with(&[]);
    let first = refine(folder.path(), &["config", "init"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let written = std::fs::read_to_string(folder.path().join("refine.toml")).unwrap();
    assert_eq!(written, refine_engine::config::DEFAULT_TOML);
    let again = refine(folder.path(), &["config", "init"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("refine.toml exists already; use --force"), "{}", again.stderr);
    assert_eq!(refine(folder.path(), &["config", "init", "--force"]).code, 0);
}

#[test]
fn refine_toml_in_the_working_folder_is_read_and_checked() {
    let folder = folder_with(&[
        (
            "refine.toml",
            b"[mappings.tickets]\ntable = \"items\"\ncolumns = { key = \"Ticket\", title = \"Headline\" }\n",
        ),
        ("tickets.csv", b"Ticket,Headline\nT-1,Login\n"),
    ]);
    let outcome = refine(folder.path(), &["inspect", "tickets.csv"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stdout.contains("Ticket    -> items.key"), "{}", outcome.stdout);

    std::fs::write(folder.path().join("refine.toml"), "[mapings]\n").unwrap();
    let outcome = refine(folder.path(), &["inspect", "tickets.csv"]);
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("unknown field `mapings`"), "{}", outcome.stderr);
}

/// The README's quick-start command, on the committed demo workspace: every file detected, no
/// problem, and the whole report as the README shows it.
#[test]
fn inspect_of_the_demo_workspace() {
    let outcome = refine(repository(), &["inspect", "datasets/demo"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stdout.contains("problems  none"));
    assert!(!outcome.stdout.contains("error "));
    insta::assert_snapshot!(outcome.transcript());
}

/// `refine velocity` on the demo workspace, whole output.
#[test]
fn velocity_of_the_demo_workspace() {
    let outcome = refine(repository(), &["velocity", "datasets/demo"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    insta::assert_snapshot!(outcome.transcript());
}

/// `-o` picks the format from the file's extension and writes the file whole; Parquet needs a
/// file.
#[test]
fn output_format_follows_the_file_extension() {
    let demo = demo();
    let demo = demo.to_str().unwrap();
    let folder = folder_with(&[]);
    let outcome = refine(folder.path(), &["velocity", demo, "-o", "velocity.csv"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let csv = std::fs::read_to_string(folder.path().join("velocity.csv")).unwrap();
    assert!(csv.starts_with("team,sprint_id,sprint,"), "{csv}");
    assert_eq!(csv.lines().count(), 13, "a header and 12 sprints");

    let outcome = refine(folder.path(), &["velocity", demo, "-o", "velocity.json"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.path().join("velocity.json")).unwrap()).unwrap();
    assert_eq!(json["schema"], "refine.velocity/1");
    assert_eq!(json["sprints"].as_array().unwrap().len(), 12);

    let outcome = refine(folder.path(), &["velocity", demo, "--format", "parquet"]);
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("write it to a file with -o FILE.parquet"), "{}", outcome.stderr);
    let outcome = refine(folder.path(), &["velocity", demo, "-o", "velocity.parquet"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(std::fs::read(folder.path().join("velocity.parquet")).unwrap().starts_with(b"PAR1"));
}

/// `refine rank` on the demo workspace: the top ten, cycles, warnings.
#[test]
fn rank_of_the_demo_workspace() {
    let outcome = refine(repository(), &["rank", "datasets/demo", "--top", "10", "--format", "md"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    insta::assert_snapshot!(outcome.transcript());
}

/// A ranking read back as --previous gives every item "unchanged"; the Jira import CSV has
/// Issue key, Rank and Score.
#[test]
fn rank_against_a_previous_ranking_and_the_jira_import_csv() {
    let demo = demo();
    let demo = demo.to_str().unwrap();
    let folder = folder_with(&[]);
    for previous in ["previous.json", "previous.csv"] {
        assert_eq!(refine(folder.path(), &["rank", demo, "-o", previous]).code, 0);
        let outcome = refine(folder.path(), &["rank", demo, "--previous", previous, "--format", "json"]);
        assert_eq!(outcome.code, 0, "{}", outcome.stderr);
        let document: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
        let ranking = document["ranking"].as_array().unwrap();
        assert!(ranking.len() > 200);
        assert!(ranking.iter().all(|item| item["rank_change"] == "unchanged"), "{previous}");
    }
    let outcome = refine(folder.path(), &["rank", demo, "--top", "3", "--format", "jira-csv"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let lines: Vec<&str> = outcome.stdout.lines().collect();
    assert_eq!(lines[0], "Issue key,Rank,Score");
    assert_eq!(lines.len(), 4);
    assert!(lines[1].starts_with("SHOP-") && lines[1].contains(",1,"), "{}", lines[1]);
}

/// `refine estimates` on the demo workspace as JSON: poker flags, buckets and correlations.
#[test]
fn estimates_of_the_demo_workspace() {
    let outcome = refine(repository(), &["estimates", "datasets/demo", "--format", "json"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let document: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(document["schema"], "refine.estimates/1");
    let poker = document["poker"].as_array().unwrap();
    assert_eq!(poker.len(), 80, "datasets/README.md: votes on 80 items");
    let discuss = poker.iter().filter(|item| item["discuss"] == true).count();
    assert_eq!(discuss, 39, "counted independently over datasets/demo/votes.csv");
    assert!(document["correlations"][0]["spearman"].as_f64().unwrap() > 0.5);
    insta::assert_snapshot!(outcome.transcript());
}

/// `refine forecast` on the demo workspace: the cut line of the ranked backlog, and the same
/// bytes with 1 thread and with 4.
#[test]
fn forecast_of_the_demo_workspace_is_the_same_on_any_thread_count() {
    let args = ["forecast", "datasets/demo", "--format", "json"];
    let one = refine_with_threads(repository(), &args, Some(1));
    let four = refine_with_threads(repository(), &args, Some(4));
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout, four.stdout);
    let document: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    let items = document["items"].as_array().unwrap();
    assert_eq!(items.len(), 239, "the open backlog of datasets/demo");
    let first = &items[0];
    assert_eq!(first["period_50"], 1);
    let outcome =
        refine(repository(), &["forecast", "datasets/demo", "--points", "100", "--by", "2027-01-31"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    insta::assert_snapshot!(outcome.transcript());
}

#[test]
fn agenda_of_the_demo_workspace_as_markdown() {
    let demo = demo();
    let outcome = refine(&demo, &["agenda", ".", "--format", "md"]);
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    insta::assert_snapshot!(outcome.stdout);
    let short = refine(&demo, &["agenda", ".", "--minutes", "30", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&short.stdout).unwrap();
    let sections: Vec<u64> = document["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["key"].is_null())
        .map(|row| row["minutes"].as_u64().unwrap())
        .collect();
    assert_eq!(sections, [2, 10, 13, 5], "60 minutes' 5/20/25/10 scaled to 30, adding up exactly");
}

#[test]
fn a_file_refine_wrote_given_as_an_export_is_named_as_refine_output() {
    let demo = demo();
    let out = tempfile::tempdir().unwrap();
    for (file, format, note) in [
        ("ranking.csv", "csv", "(a ranking refine wrote, not an export of a tracker"),
        ("ranking.json", "json", "(output refine wrote, refine.rank/1: not an export of a tracker"),
    ] {
        let ranking = out.path().join(file);
        let written = refine(&demo, &["rank", ".", "--format", format, "-o", ranking.to_str().unwrap()]);
        assert_eq!(written.code, 0, "{}", written.transcript());
        let outcome = refine(&demo, &["health", "backlog.csv", "--previous", ranking.to_str().unwrap()]);
        assert_eq!(outcome.code, 1, "{}", outcome.transcript());
        assert!(
            outcome.stderr.contains("unknown format") && outcome.stderr.contains(note),
            "{}",
            outcome.stderr
        );
        assert!(outcome.stderr.contains("`refine rank --previous` takes a ranking"), "{}", outcome.stderr);
    }
}

#[test]
fn health_of_the_demo_workspace_against_an_earlier_export() {
    let demo = demo();
    let scorecard = refine(&demo, &["health", ".", "--format", "csv"]);
    assert_eq!(scorecard.code, 0, "{}", scorecard.transcript());
    insta::assert_snapshot!(scorecard.stdout);

    // The earlier export: the same backlog without the items created in November 2026.
    let mut reader = csv::Reader::from_path(demo.join("backlog.csv")).unwrap();
    let created = reader.headers().unwrap().iter().position(|header| header == "Created").unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    let mut november = 0;
    for record in reader.records() {
        let record = record.unwrap();
        if record[created].contains("/Nov/26") {
            november += 1;
        } else {
            writer.write_record(&record).unwrap();
        }
    }
    let earlier = writer.into_inner().unwrap();
    let folder = folder_with(&[("earlier.csv", &earlier)]);
    let previous = folder.path().join("earlier.csv");
    let outcome = refine(
        &demo,
        &["health", "backlog.csv", "--previous", previous.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    let document: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let added: Vec<&str> =
        document["added"].as_array().unwrap().iter().map(|item| item["key"].as_str().unwrap()).collect();
    assert_eq!(added.len(), november, "every item created in November is new: {added:?}");
    assert!(added.contains(&"SHOP-419"), "{added:?}");
    let changes: Vec<&str> = document["score_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["name"].as_str().unwrap())
        .collect();
    assert_eq!(changes, ["overall", "detailed", "estimated", "emergent", "prioritized"]);
}

/// The two hand-made exports of datasets/fixtures (their changes are worked out in the engine's
/// `health_previous_snapshot` test): the Markdown holds every table, the change summary first
/// among the changes; the JSON carries the summary's figures as numbers.
#[test]
fn health_against_a_previous_export_summarises_and_lists_what_changed() {
    let args = |format| {
        [
            "health",
            "datasets/fixtures/health-current.csv",
            "--previous",
            "datasets/fixtures/health-previous.csv",
            "--format",
            format,
        ]
    };
    let markdown = refine(repository(), &args("md"));
    assert_eq!(markdown.code, 0, "{}", markdown.transcript());
    insta::assert_snapshot!(markdown.stdout);

    let outcome = refine(repository(), &args("json"));
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    let document: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(
        document["change_summary"],
        serde_json::json!([{
            "previous_items": 16,
            "current_items": 17,
            "previous_open": 14,
            "current_open": 14,
            "previous_open_points": 98.0,
            "current_open_points": 72.0,
            "added": 2,
            "closed": 2,
            "reopened": 1,
            "re_estimated": 3,
            "re_prioritised": 2,
        }])
    );
    let keys = |table: &str| -> Vec<String> {
        document[table]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["key"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(keys("added"), ["APP-17", "APP-18"]);
    assert_eq!(keys("closed"), ["APP-13", "APP-14"]);
    assert_eq!(keys("reopened"), ["APP-15"]);
    assert_eq!(keys("re_estimated"), ["APP-3", "APP-7", "APP-12"]);
    assert_eq!(keys("re_prioritised"), ["APP-5", "APP-12"]);
}

/// `[flow]`, `[forecast]` and `[estimates]` values surfaced only when their analysis ran, without
/// naming refine.toml, and `window = 0` silently became 1: every section is checked up front.
#[test]
fn a_bad_setting_in_refine_toml_is_refused_up_front_naming_file_and_section() {
    for (settings, section) in [
        ("[flow]\npercentiles = [50, 150]\n", "[flow]: percentiles: 150 is outside 0-100"),
        ("[velocity]\nwindow = 0\n", "[velocity]: velocity setting window = 0"),
        ("[forecast]\nmargin = -1\n", "[forecast]: forecast setting margin = -1"),
    ] {
        let folder = folder_with(&[("refine.toml", settings.as_bytes())]);
        // Even a command that runs no flow, velocity or forecast figures refuses it.
        let outcome = refine(folder.path(), &["inspect", &demo().display().to_string()]);
        assert_eq!(outcome.code, 1, "{settings}: {}", outcome.stderr);
        assert!(outcome.stdout.is_empty(), "{}", outcome.stdout);
        assert!(
            outcome.stderr.contains(&format!("refine.toml: {section}")),
            "{settings}: {}",
            outcome.stderr
        );
    }
}
