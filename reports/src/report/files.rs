//! Where `refine report` puts its files: each is created by its path inside the report folder
//! and written through as it is rendered, so a table file is never held whole. The CLI's
//! folder writes them into a temporary folder renamed into place at the end;
//! [`FilesInMemory`] keeps them, for tests and for callers that want the bytes.

use std::io::{self, Write};
use std::sync::Mutex;

/// A folder the report's files are written into. Files may be written from several threads at
/// once, each path once.
pub trait ReportFolder: Sync {
    /// Creates the file `path` (relative to the folder, `/`-separated, its folders created as
    /// needed), calls `write` with it, and closes it: buffered, flushed at the end.
    fn write_file(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()>;
}

/// One output file: its path inside the report folder and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    /// Path relative to the report folder, `/`-separated.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// A report folder held in memory: the files as they were written.
#[derive(Debug, Default)]
pub struct FilesInMemory {
    files: Mutex<Vec<OutputFile>>,
}

impl FilesInMemory {
    /// An empty folder.
    pub fn new() -> Self {
        FilesInMemory::default()
    }

    /// The files, sorted by path (threads finish in any order).
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl ReportFolder for FilesInMemory {
    fn write_file(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        let file = OutputFile { path: path.to_owned(), bytes };
        self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(file);
        Ok(())
    }
}
