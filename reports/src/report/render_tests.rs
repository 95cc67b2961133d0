//! `render_report` writes every file into its folder, the same bytes on any thread count, and
//! the manifest lists each file with the rows its table files hold.

use super::*;
use crate::demo::demo_analyses;

fn rendered(analyses: &Analyses, threads: usize) -> Vec<OutputFile> {
    let sections = sections::sections(analyses);
    let context = ReportContext {
        as_of: Some("2026-11-13".into()),
        inputs: vec!["datasets/demo".into()],
        max_rows: 50,
    };
    let options = ReportOptions { html: true, markdown: true, csv: true, json: true };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| {
        let folder = FilesInMemory::new();
        render_report(analyses, &sections, &context, &options, &folder).unwrap();
        folder.into_files()
    })
}

#[test]
fn every_file_is_written_once_the_same_on_any_thread_count_and_listed_with_its_rows() {
    let analyses = demo_analyses();
    let files = rendered(&analyses, 1);
    assert_eq!(files, rendered(&analyses, 4));

    let manifest = files.iter().find(|file| file.path == MANIFEST).unwrap();
    let manifest: serde_json::Value = serde_json::from_slice(&manifest.bytes).unwrap();
    let entries = manifest["files"].as_array().unwrap();
    let mut listed: Vec<&str> = entries.iter().map(|entry| entry["path"].as_str().unwrap()).collect();
    listed.push(MANIFEST);
    listed.sort_unstable();
    let written: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(listed, written, "the manifest lists every file written, each once");

    let mut tables = 0;
    for entry in entries.iter().filter(|entry| entry["kind"] == "csv") {
        let path = entry["path"].as_str().unwrap();
        let file = files.iter().find(|file| file.path == path).unwrap();
        let rows = ::csv::Reader::from_reader(file.bytes.as_slice()).records().count();
        assert_eq!(entry["rows"], rows, "{path}");
        let json_path = path.replace(".csv", ".json");
        let json_entry = entries.iter().find(|entry| entry["path"] == json_path.as_str()).unwrap();
        assert_eq!(json_entry["rows"], rows, "{json_path}");
        tables += 1;
    }
    assert!(tables > 20, "{tables} tables");
}
