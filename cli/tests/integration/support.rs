//! Running the `refine` binary in a folder of test inputs, shared by the CLI test files.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root: the folder the README's commands run in.
pub fn repository() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The committed demo workspace, `datasets/demo`.
pub fn demo() -> PathBuf {
    repository().join("datasets/demo")
}

/// What a run of `refine` gave.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// The whole outcome as one text, for snapshots.
    pub fn transcript(&self) -> String {
        format!("exit: {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

/// Runs `refine` with `args` in `folder`.
pub fn refine(folder: &Path, args: &[&str]) -> Outcome {
    refine_with_threads(folder, args, None)
}

/// Runs `refine` with `args` in `folder`, on `threads` threads (rayon's and polars' pools) when
/// given.
pub fn refine_with_threads(folder: &Path, args: &[&str], threads: Option<usize>) -> Outcome {
    let mut command = Command::new(env!("CARGO_BIN_EXE_refine"));
    command.args(args).current_dir(folder).env_remove("REFINE_SHARED_DATA");
    if let Some(threads) = threads {
        command.env("RAYON_NUM_THREADS", threads.to_string()).env("POLARS_MAX_THREADS", threads.to_string());
    }
    let output = command.output().expect("the refine binary runs");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A temporary folder with these files.
pub fn folder_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    for (name, content) in files {
        std::fs::write(folder.path().join(name), content).unwrap();
    }
    folder
}
