//! Feedback read in batches (`LoadOptions::feedback_in_batches`) gives what the same files give
//! read whole: the same demand byte for byte, the same records, problems (at the same rows and
//! columns) and dates, whatever the batch size; and a run over it ranks the same.

use std::io::Write;
use std::path::{Path, PathBuf};

use refine_engine::config::Config;
use refine_engine::demand::{DemandIndex, DemandReport, DemandSettings, compute_demand};
use refine_engine::load::{LoadError, LoadOptions, Loaded, LoadedFile, Workspace, load_inputs};
use refine_engine::model::Table;
use refine_engine::model::view::Items;
use refine_engine::run::{PrioritizeOptions, files_read, prioritize};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../datasets/demo");

fn load(inputs: &[PathBuf], in_batches: bool, strict: bool) -> Result<Workspace, LoadError> {
    load_inputs(inputs, &LoadOptions { feedback_in_batches: in_batches, strict, ..LoadOptions::default() })
}

/// Demand over the workspace's feedback streams read in batches of at least `csv_bytes` bytes,
/// and each streamed file's account.
fn streamed_demand(items: &Items<'_>, streamed: &Workspace, csv_bytes: usize) -> (DemandReport, Vec<Loaded>) {
    let settings = DemandSettings::default();
    let index = DemandIndex::new(items, &settings).unwrap();
    let mut partial = index.partial();
    let mut accounts = Vec::new();
    for stream in streamed.feedback_streams() {
        let mut account = Loaded::default();
        for batch in stream.batches_of(csv_bytes, 1000).unwrap() {
            let batch = batch.unwrap();
            partial.fold(&batch.frame).unwrap();
            account.absorb(batch.loaded, Table::Feedback, &batch.frame);
        }
        accounts.push(account);
    }
    (partial.finish(), accounts)
}

fn json(report: &DemandReport) -> String {
    serde_json::to_string(report).unwrap()
}

/// What a file's account says, comparable across a whole read and a read in batches: the
/// counts, and the problems in detail (a whole read lists the rows skipped, then the cells
/// cleaned, then the bad values; batches list them so batch by batch, so they are sorted here).
fn account_of(loaded: &Loaded) -> (usize, usize, usize, Vec<String>) {
    let mut problems: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    problems.sort();
    (loaded.records, loaded.skipped_records, loaded.problem_count, problems)
}

fn feedback_file(workspace: &Workspace) -> &LoadedFile {
    workspace.files.iter().find(|file| file.path.ends_with("feedback.csv")).unwrap()
}

/// Loads `inputs` (a backlog and a `feedback.csv`) whole and for reading in batches, and checks
/// that the feedback read in batches of each of `csv_sizes` bytes gives the demand (byte for
/// byte, and its unknown keys), the account and the dates of one read. Returns the one read's
/// demand and the feedback file's account.
fn assert_read_in_batches_as_whole(inputs: &[PathBuf], csv_sizes: &[usize]) -> (DemandReport, Loaded) {
    let whole = load(inputs, false, false).unwrap();
    let streamed = load(inputs, true, false).unwrap();
    assert!(!streamed.tables.contains_key(&Table::Feedback));
    assert_eq!(streamed.feedback_streams().count(), 1);
    let items_frame = whole.table(Table::Items);
    let items = Items::decode(&items_frame).unwrap();
    let one_read = compute_demand(&items, &whole.table(Table::Feedback), &DemandSettings::default()).unwrap();
    let file = feedback_file(&whole);
    for &csv_bytes in csv_sizes {
        let (in_batches, accounts) = streamed_demand(&items, &streamed, csv_bytes);
        assert_eq!(json(&in_batches), json(&one_read), "batches of {csv_bytes} bytes");
        assert_eq!(in_batches.unknown_keys, one_read.unknown_keys, "batches of {csv_bytes} bytes");
        assert_eq!(account_of(&accounts[0]), account_of(&file.loaded), "batches of {csv_bytes} bytes");
        assert_eq!(accounts[0].batch_dates, file.date_range(), "batches of {csv_bytes} bytes");
    }
    (one_read, file.loaded.clone())
}

#[test]
fn the_demo_feedback_read_a_record_at_a_time_gives_the_demand_and_account_of_one_read() {
    let (one_read, _) = assert_read_in_batches_as_whole(&[DEMO.into()], &[1, 4096, 1 << 20]);
    assert_eq!(one_read.feedback_rows, 2000);
}

#[test]
fn windows_line_ends_and_a_byte_order_mark_read_in_batches_as_whole() {
    let folder = tempfile::tempdir().unwrap();
    let demo_feedback = std::fs::read_to_string(Path::new(DEMO).join("feedback.csv")).unwrap();
    let path = folder.path().join("feedback.csv");
    std::fs::write(&path, format!("\u{feff}{}", demo_feedback.replace('\n', "\r\n"))).unwrap();
    let inputs = [PathBuf::from(DEMO).join("backlog.csv"), path];
    let (one_read, _) = assert_read_in_batches_as_whole(&inputs, &[1, 5000, 1 << 20]);
    assert_eq!(one_read.feedback_rows, 2000);
}

#[test]
fn a_run_over_feedback_read_in_batches_ranks_as_over_feedback_read_whole() {
    let whole = load(&[DEMO.into()], false, false).unwrap();
    let streamed = load(&[DEMO.into()], true, false).unwrap();
    let config = Config::default();
    let options = PrioritizeOptions::default();
    let from_whole = prioritize(&whole, &config, &options).unwrap();
    let from_stream = prioritize(&streamed, &config, &options).unwrap();
    assert!(from_whole.streamed_files.is_empty());
    assert_eq!(from_stream.streamed_files.len(), 1);
    assert_eq!(from_whole.ranking, from_stream.ranking);
    assert_eq!(from_whole.demand, from_stream.demand);
    assert_eq!(from_whole.warnings, from_stream.warnings);
    // With its account in place, the workspace dates and accounts are those of the whole read.
    let files = files_read(&streamed.files, &from_stream.streamed_files);
    assert_eq!(refine_engine::load::latest_timestamp(&files), whole.latest_timestamp());
    let accounts =
        |files: &[LoadedFile]| -> Vec<_> { files.iter().map(|file| account_of(&file.loaded)).collect() };
    assert_eq!(accounts(&files), accounts(&whole.files));
}

/// A feedback CSV with a bad row of every kind, among good ones.
fn write_messy_feedback(folder: &Path) -> PathBuf {
    let path = folder.join("feedback.csv");
    let mut file = std::fs::File::create(&path).unwrap();
    let mut rows = b"id,key,text,customer,votes,created\n".to_vec();
    for row in 0..40 {
        let line = match row {
            // A number that is not one, a date that is not one: the cell is reported, the row kept.
            5 => "F5,A-1,export please,Acme,many,2026-01-05\n".to_owned(),
            9 => "F9,A-1,export please,Acme,2,yesterday\n".to_owned(),
            // More fields than the header: the row is skipped.
            14 => "F14,A-1,export,please,Acme,3,2026-01-05\n".to_owned(),
            // A line break inside quotes: one record over two lines.
            20 => "F20,,\"dark mode\nplease\",Beta,1,2026-02-01\n".to_owned(),
            // A control character, replaced.
            27 => "F27,,dark\u{7}mode,Beta,1,2026-02-02\n".to_owned(),
            _ => format!(
                "F{row},{},request {row},C{},1,2026-03-{:02}\n",
                ["A-1", "", "Z-9"][row % 3],
                row % 4,
                row % 28 + 1
            ),
        };
        rows.extend(line.bytes());
    }
    // Invalid UTF-8 in a text cell.
    rows.extend(b"F40,,caf\xe9,Gamma,1,2026-03-03\n");
    file.write_all(&rows).unwrap();
    path
}

fn write_items(folder: &Path) -> PathBuf {
    let path = folder.join("backlog.csv");
    std::fs::write(
        &path,
        "key,title,status,created\nA-1,Export to CSV,To Do,2026-01-01\nA-2,Dark mode,To Do,2026-01-01\n",
    )
    .unwrap();
    path
}

#[test]
fn problems_read_in_batches_are_those_of_one_read_at_the_same_rows_and_columns() {
    let folder = tempfile::tempdir().unwrap();
    let inputs = [write_items(folder.path()), write_messy_feedback(folder.path())];
    let (_, account) = assert_read_in_batches_as_whole(&inputs, &[1, 30, 200, 1 << 20]);
    assert!(account.problem_count >= 4, "the file has problems: {account:?}");
}

#[test]
fn strict_fails_on_the_same_first_problem_in_batches() {
    let folder = tempfile::tempdir().unwrap();
    let inputs = [write_items(folder.path()), write_messy_feedback(folder.path())];
    let whole = load(&inputs, false, true).unwrap_err().to_string();
    let streamed = load(&inputs, true, true).unwrap();
    let run = prioritize(&streamed, &Config::default(), &PrioritizeOptions::default());
    assert_eq!(run.unwrap_err().to_string(), whole);
}

/// The error a feedback CSV holding `content` gives read whole, and read in batches by a run.
fn errors_whole_and_in_batches(content: &str) -> (String, String) {
    let folder = tempfile::tempdir().unwrap();
    let items = write_items(folder.path());
    let feedback = folder.path().join("feedback.csv");
    std::fs::write(&feedback, content).unwrap();
    let whole = load(&[items.clone(), feedback.clone()], false, false).unwrap_err().to_string();
    let streamed = load(&[items, feedback], true, false).unwrap();
    let run = prioritize(&streamed, &Config::default(), &PrioritizeOptions::default());
    (whole, run.unwrap_err().to_string())
}

#[test]
fn a_feedback_csv_with_a_header_and_no_rows_is_refused_when_read_in_batches_too() {
    let (whole, in_batches) = errors_whole_and_in_batches("id,key,text,customer\n");
    assert!(whole.contains("no rows after the header"), "{whole}");
    assert_eq!(in_batches, whole);
}

#[test]
fn a_feedback_csv_whose_every_row_is_bad_is_refused_in_batches_too() {
    let (whole, in_batches) =
        errors_whole_and_in_batches("id,key,text,votes\nF1,A-1,one,many\nF2,A-1,two,few\n");
    assert!(whole.contains("all 2 rows were rejected"), "{whole}");
    assert_eq!(in_batches, whole);
}

/// A million feedback rows, linked and unlinked, over the demo backlog's keys and words.
#[test]
fn a_million_feedback_rows_in_many_small_batches_give_the_demand_of_one_read() {
    let folder = tempfile::tempdir().unwrap();
    let whole_demo = load(&[DEMO.into()], false, false).unwrap();
    let items_frame = whole_demo.table(Table::Items);
    let items = Items::decode(&items_frame).unwrap();
    let keys: Vec<&str> = items.keyed().map(|(_, key)| key).take(50).collect();
    let words =
        ["export", "invoice", "dark", "mode", "search", "login", "checkout", "billing", "slow", "crash"];
    let path = folder.path().join("feedback.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(out, "id,key,text,customer,weight,votes,created").unwrap();
    for row in 0..1_000_000usize {
        let key = if row % 3 == 0 { keys[row % keys.len()] } else { "" };
        let text = format!("{} {} {}", words[row % 10], words[(row / 10) % 10], words[(row / 100) % 10]);
        writeln!(
            out,
            "F{row},{key},{text},C{},{},{},2026-0{}-1{}",
            row % 5000,
            row % 7,
            row % 4,
            row % 9 + 1,
            row % 10
        )
        .unwrap();
    }
    drop(out);
    // About 40 kB a batch: several hundred batches.
    let inputs = [PathBuf::from(DEMO).join("backlog.csv"), path];
    let (one_read, _) = assert_read_in_batches_as_whole(&inputs, &[40_000]);
    assert_eq!(one_read.feedback_rows, 1_000_000);
}
