//! refine's temporary files and folders: their names, their removal when the run is stopped
//! by a signal, and the sweep of those a killed run left behind.
//!
//! Every temporary path refine makes starts with `.refine-tmp-<pid>-` (a file written aside
//! and renamed into place, or input read from a pipe) or `.refine-report-<pid>-` (a report
//! folder being written, or the previous report moved aside). The pid says whose it is: the
//! sweep at the start of a write removes only those of a process that is gone, never one a
//! concurrent refine run is still writing, and never a file of another program (a `.tmpXYZ`
//! is not refine's). Where the pid cannot be checked (not Linux), or the name has none (older
//! refine versions), a path is stale once it has not changed for [`STALE_AFTER`].
//!
//! On SIGINT, SIGTERM or SIGHUP the temporary paths of this run are removed and refine exits
//! with 128 + the signal number (130, 143, 129), as shells expect. What must not be cut in the
//! middle runs inside [`uninterrupted`], which the signal waits for: creating a temporary path
//! and registering it (else the signal could miss it), writing one file of a report (else the
//! write could create the removed folder again), and the renames that put a report in place
//! (else the previous report could be left moved aside).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Prefix of a temporary file.
const FILE_PREFIX: &str = ".refine-tmp-";
/// Prefix of a temporary report folder.
const FOLDER_PREFIX: &str = ".refine-report-";
/// Age after which a temporary path whose owner cannot be checked is taken as stale: longer
/// than any run writes.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// The temporary paths of this run, removed on a signal.
static REGISTERED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Held by a rename sequence, and by the signal handler before it removes anything.
static UNINTERRUPTED: Mutex<()> = Mutex::new(());

/// The prefix of a temporary file of this process: `.refine-tmp-<pid>-`.
pub fn file_prefix() -> String {
    format!("{FILE_PREFIX}{}-", std::process::id())
}

/// The prefix of a temporary report folder of this process: `.refine-report-<pid>-`.
pub fn folder_prefix() -> String {
    format!("{FOLDER_PREFIX}{}-", std::process::id())
}

/// Starts the thread that cleans up on SIGINT, SIGTERM and SIGHUP. Without it (the signals
/// cannot be watched) refine still runs; only a stop by signal would leave temporary paths,
/// which the next run sweeps.
pub fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // Wait for a rename sequence to end, and never release: the process ends here.
            let _section = UNINTERRUPTED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            remove_registered();
            std::process::exit(128 + signal);
        }
    });
}

fn remove_registered() {
    let registered = REGISTERED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    for path in registered.iter() {
        remove(path);
    }
}

/// Removes a file or a folder with what it holds; a path already gone is fine.
fn remove(path: &Path) {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_dir() => {
            let _ = fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// A temporary path removed if a signal stops the run while this guard lives.
#[derive(Debug)]
pub struct Registered(PathBuf);

impl Registered {
    /// Registers `path`.
    pub fn new(path: &Path) -> Self {
        REGISTERED.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(path.to_owned());
        Registered(path.to_owned())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut registered = REGISTERED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(at) = registered.iter().rposition(|path| path == &self.0) {
            registered.swap_remove(at);
        }
    }
}

/// Runs `work` (a sequence of renames) so that a signal waits until it ends.
pub fn uninterrupted<T>(work: impl FnOnce() -> T) -> T {
    let _section = UNINTERRUPTED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    work()
}

/// Removes the stale temporary paths of refine's own naming in `folder` (see the module
/// documentation); a previous report a killed run had moved aside is put back first when its
/// place is empty. Errors are ignored: the sweep only tidies.
pub fn sweep(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(FILE_PREFIX).or_else(|| name.strip_prefix(FOLDER_PREFIX)) else {
            continue;
        };
        let path = entry.path();
        if !is_stale(&path, owner(rest)) {
            continue;
        }
        if name.starts_with(FOLDER_PREFIX) {
            restore_moved_aside(folder, &path);
        }
        remove(&path);
    }
}

/// The pid in a temporary name after its prefix (`<pid>-<random>`), if it has one.
fn owner(rest: &str) -> Option<u32> {
    let (pid, _) = rest.split_once('-')?;
    pid.parse().ok()
}

/// Whether the temporary `path` owned by `pid` is left over from a run that is gone.
#[expect(
    clippy::disallowed_methods,
    reason = "the clock only ages refine's own temporary files for the sweep; no output depends on it"
)]
fn is_stale(path: &Path, pid: Option<u32>) -> bool {
    if pid == Some(std::process::id()) {
        return false;
    }
    if let Some(pid) = pid
        && Path::new("/proc/self").exists()
    {
        return !Path::new(&format!("/proc/{pid}")).exists();
    }
    let age = fs::symlink_metadata(path)
        .and_then(|metadata| metadata.modified())
        .ok()
        .and_then(|modified| std::time::SystemTime::now().duration_since(modified).ok());
    age.is_some_and(|age| age > STALE_AFTER)
}

/// A folder of previous reports moved aside holds each under its own name: put it back when
/// nothing took its place (the run was killed between the two renames).
fn restore_moved_aside(folder: &Path, aside: &Path) {
    let Ok(entries) = fs::read_dir(aside) else { return };
    for entry in entries.filter_map(Result::ok) {
        let target = folder.join(entry.file_name());
        let is_report = entry.path().join(refine_reports::report::MANIFEST).is_file();
        if is_report && fs::symlink_metadata(&target).is_err() {
            let _ = fs::rename(entry.path(), &target);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_gives_its_owner() {
        assert_eq!(owner("123-abcdef"), Some(123));
        assert_eq!(owner("abcdef"), None, "a name of an older refine has no pid");
        assert_eq!(owner("old-abcdef"), None);
    }

    #[test]
    fn a_folder_of_a_gone_run_is_swept_and_a_foreign_temporary_file_left_alone() {
        let root = tempfile::tempdir().unwrap();
        // No process has pid 0x7fff_fff0 (Linux's pid_max is at most 2^22).
        let stale = root.path().join(format!("{FOLDER_PREFIX}{}-abc123", 0x7fff_fff0_u32));
        fs::create_dir(&stale).unwrap();
        fs::write(stale.join("index.html"), "half").unwrap();
        let stale_file = root.path().join(format!("{FILE_PREFIX}{}-abc123", 0x7fff_fff0_u32));
        fs::write(&stale_file, "half").unwrap();
        let ours = root.path().join(format!("{}abc123", folder_prefix()));
        fs::create_dir(&ours).unwrap();
        let foreign = root.path().join(".tmpXYZ");
        fs::write(&foreign, "someone else's").unwrap();
        sweep(root.path());
        if Path::new("/proc/self").exists() {
            assert!(!stale.exists() && !stale_file.exists(), "the gone run's temporary paths are swept");
        }
        assert!(ours.exists(), "a temporary folder of a live run is left alone");
        assert!(foreign.exists(), "a temporary file of another program is left alone");
    }

    #[test]
    fn a_previous_report_moved_aside_by_a_killed_run_is_put_back() {
        let root = tempfile::tempdir().unwrap();
        let aside = root.path().join(format!("{FOLDER_PREFIX}{}-old-abc123", 0x7fff_fff0_u32));
        fs::create_dir_all(aside.join("rep")).unwrap();
        fs::write(aside.join("rep").join(refine_reports::report::MANIFEST), "{}").unwrap();
        sweep(root.path());
        if Path::new("/proc/self").exists() {
            assert!(root.path().join("rep").join(refine_reports::report::MANIFEST).is_file());
            assert!(!aside.exists());
        }
    }
}
