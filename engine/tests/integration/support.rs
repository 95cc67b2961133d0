//! Finding the real public datasets the tests read (see datasets/README.md).
//!
//! They live outside the repository, in `$REFINE_SHARED_DATA` (default: `../shared/datasets`,
//! relative to the repository root). When a file is absent the test says so on stderr and passes without
//! checking; the notice bypasses libtest's output capture so that it is never silent.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder of the shared datasets. A relative `REFINE_SHARED_DATA` is relative to the
/// repository root (tests run in their crate's folder, which would surprise).
pub fn shared_data_folder() -> PathBuf {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    match std::env::var_os("REFINE_SHARED_DATA") {
        Some(folder) => repository.join(folder),
        None => repository.join("../shared/datasets"),
    }
}

/// The path of a shared dataset file, or `None` (with a notice on stderr) when it is absent.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    let path = shared_data_folder().join(relative);
    if path.is_file() {
        Some(path)
    } else {
        let _ = writeln!(
            std::io::stderr(),
            "NOTICE: skipping a real-data test: {} not found (set REFINE_SHARED_DATA to the shared datasets folder)",
            path.display()
        );
        None
    }
}

/// Where the problems of a loaded file are: (location, column) in file order.
pub fn problem_places(file: &refine_engine::load::LoadedFile) -> Vec<(String, String)> {
    (file.loaded.problems.iter())
        .map(|problem| (problem.location.to_string(), problem.column.clone().unwrap_or_default()))
        .collect()
}

/// Asserts that every problem of `file` is a cell whose control characters were replaced (the
/// row kept), at `places`: real exports hold a few (terminal colour codes pasted into a bug
/// report, mis-decoded smart quotes).
pub fn assert_only_control_characters(file: &refine_engine::load::LoadedFile, places: &[(&str, &str)]) {
    let expected: Vec<(String, String)> =
        places.iter().map(|(location, column)| ((*location).to_owned(), (*column).to_owned())).collect();
    assert_eq!(problem_places(file), expected, "{:?}", file.loaded.problems);
    assert!(
        file.loaded
            .problems
            .iter()
            .all(|problem| problem.expected.starts_with("text without control characters")),
        "{:?}",
        file.loaded.problems
    );
    assert_eq!((file.loaded.problem_count, file.loaded.skipped_records), (places.len(), 0));
}
