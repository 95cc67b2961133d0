//! Inputs that are not regular files: `-` (stdin), `/dev/stdin`, pipes and FIFOs.
//!
//! The loaders open a file more than once (detection reads its head, then the loader reads it
//! whole), which a pipe cannot give: its bytes are gone once read. Such an input is copied
//! once into a temporary file of refine's naming (removed at the end of the run, on a signal,
//! or by the next run's sweep), and the name the user gave is kept in every message and
//! output: `-` is shown as `<stdin>`, `/dev/stdin` as given.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use refine_engine::load::{LoadError, LoadOptions, LoadedFile, Workspace, load_file, load_inputs};

use crate::cleanup;

/// How `-` (stdin) is shown in messages and outputs.
pub const STDIN_NAME: &str = "<stdin>";

/// The inputs of a run, ready for the loaders.
#[derive(Debug)]
pub struct Inputs {
    /// What to load: the inputs as given, with each pipe replaced by its copy.
    pub paths: Vec<PathBuf>,
    /// The copies of pipes, with the names the user gave them.
    spools: Vec<Spool>,
}

/// A pipe's content copied into a temporary file.
#[derive(Debug)]
struct Spool {
    /// The copy; the file is removed when this is dropped.
    file: tempfile::TempPath,
    /// The input as the user named it.
    name: String,
    /// Removes the copy if a signal stops the run (dropped after `file`).
    _registered: cleanup::Registered,
}

/// `path` as messages and outputs show it: `-` is `<stdin>`.
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") { STDIN_NAME.to_owned() } else { path.display().to_string() }
}

/// Reads `given`: regular files and folders stay as they are; `-` (at most once), and pipes,
/// FIFOs and other streams are copied once into temporary files.
pub fn read_inputs(given: &[PathBuf]) -> anyhow::Result<Inputs> {
    if given.iter().filter(|path| *path == Path::new("-")).count() > 1 {
        bail!("`-` (stdin) is given more than once; stdin can be read only once, so give it once");
    }
    let mut inputs = Inputs { paths: Vec::with_capacity(given.len()), spools: Vec::new() };
    for path in given {
        let is_stream = path == Path::new("-")
            || fs::metadata(path).is_ok_and(|metadata| !metadata.is_file() && !metadata.is_dir());
        if !is_stream {
            inputs.paths.push(path.clone());
            continue;
        }
        let spool = spool(path).with_context(|| format!("reading {}", display_name(path)))?;
        inputs.paths.push(spool.file.to_path_buf());
        inputs.spools.push(spool);
    }
    Ok(inputs)
}

/// Copies the stream `path` (`-` is stdin) into a temporary file.
fn spool(path: &Path) -> anyhow::Result<Spool> {
    let folder = std::env::temp_dir();
    cleanup::sweep(&folder);
    let prefix = cleanup::file_prefix();
    // Created and registered with no signal in between; the copy itself can be stopped (a
    // pipe may never end), and a signal then removes the file while it is written.
    let (mut file, registered) = cleanup::uninterrupted(|| {
        let file = tempfile::Builder::new()
            .prefix(&prefix)
            .tempfile_in(&folder)
            .with_context(|| format!("creating a temporary file in {}", folder.display()))?;
        let registered = cleanup::Registered::new(file.path());
        anyhow::Ok((file, registered))
    })?;
    let mut source: Box<dyn Read> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(fs::File::open(path)?)
    };
    std::io::copy(&mut source, &mut file)?;
    Ok(Spool { file: file.into_temp_path(), name: display_name(path), _registered: registered })
}

impl Inputs {
    /// Loads every input into one workspace ([`load_inputs`]), each file named as the user
    /// gave it, and notes on stderr the inputs with problems.
    pub fn load(&self, options: &LoadOptions) -> anyhow::Result<Workspace> {
        let mut workspace = load_inputs(&self.paths, options).map_err(|error| self.named_error(error))?;
        for file in &mut workspace.files {
            file.path = self.named_path(&file.path);
        }
        note_problems(&workspace.files);
        Ok(workspace)
    }

    /// Loads one file of [`Inputs::paths`] (or of a folder in them), named as the user gave it
    /// (an error's message is named with [`Inputs::named_message`]).
    pub fn load_file(&self, path: &Path, options: &LoadOptions) -> Result<LoadedFile, LoadError> {
        let mut file = load_file(path, options)?;
        file.path = self.named_path(path);
        Ok(file)
    }

    /// `path` as the user named it.
    pub fn named_path(&self, path: &Path) -> PathBuf {
        match self.spools.iter().find(|spool| spool.file.as_ref() as &Path == path) {
            Some(spool) => PathBuf::from(&spool.name),
            None => path.to_owned(),
        }
    }

    /// The error with each copy's temporary name replaced by the name the user gave.
    pub fn named_error<E: std::error::Error + Send + Sync + 'static>(&self, error: E) -> anyhow::Error {
        if self.spools.is_empty() {
            return error.into();
        }
        anyhow::Error::msg(self.named_message(error.to_string()))
    }

    /// Notes on stderr the problems of the files a run read in batches (see [`Inputs::load`]),
    /// each named as the user gave it.
    pub fn note_streamed_problems(&self, streamed: &[LoadedFile]) {
        let named: Vec<LoadedFile> = (streamed.iter())
            .map(|file| LoadedFile { path: self.named_path(&file.path), ..file.clone() })
            .collect();
        note_problems(&named);
    }

    /// `message` with each copy's temporary name replaced by the name the user gave.
    pub fn named_message(&self, mut message: String) -> String {
        for spool in &self.spools {
            message = message.replace(&spool.file.display().to_string(), &spool.name);
        }
        message
    }
}

/// One line on stderr per input with problems (bad rows skipped, values left out, cells
/// cleaned): how many, the first with its row and column, and where to see them all. Without
/// it, an analysis command would compute on what was left without saying that anything was.
/// Files read in batches are noted when they have been read (after the run).
pub fn note_problems(files: &[LoadedFile]) {
    for file in files.iter().filter(|file| file.loaded.problem_count > 0) {
        let loaded = &file.loaded;
        let count = match loaded.problem_count {
            1 => "1 problem".to_owned(),
            many => format!("{many} problems, the first"),
        };
        let first = loaded.problems.first().map(ToString::to_string).unwrap_or_default();
        crate::output::print_error_line(&format!(
            "warning: {}: {count}: {first}; `refine inspect` lists every problem",
            file.path.display()
        ));
    }
}
