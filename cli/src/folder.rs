//! Writing a folder of outputs so that it is complete or absent: every file goes into a
//! temporary folder beside the target, which is renamed into place at the end. A failure on
//! the way leaves the target as it was. A previous report in the target is replaced, but
//! only a folder refine wrote (it has the manifest) or an empty one: `-o ~` must never delete
//! someone's files, nor a folder that holds the inputs.
//!
//! The temporary folders have refine's naming ([`cleanup`]): a signal removes them, and the
//! next write in the same place sweeps those a killed run left. The folder and its files get
//! the modes the umask gives; a replaced report's folder keeps its mode.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use refine_reports::report::{MANIFEST, ReportFolder};
use tempfile::TempDir;

use crate::cleanup;
use crate::output::temporary_folder_builder;

/// Refuses the report folder `target` when it is one of `inputs` or holds one: replacing it
/// would delete the user's exports.
pub fn refuse_replacing_inputs(target: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let Ok(target_path) = fs::canonicalize(target) else {
        return Ok(());
    };
    for input in inputs.iter().filter(|input| *input != Path::new("-")) {
        let Ok(input_path) = fs::canonicalize(input) else { continue };
        if input_path.starts_with(&target_path) {
            bail!(
                "-o {} holds the input {}, and writing the report would replace the folder; \
                 refine never deletes its inputs. Choose another -o",
                target.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// A report folder being written: a temporary folder beside `target`, which
/// [`StagedFolder::commit`] renames into place. Dropped without a commit, it is removed and the
/// target stays as it was.
pub struct StagedFolder {
    target: PathBuf,
    parent: PathBuf,
    prefix: String,
    replacing: bool,
    staging: TempDir,
    _registered: cleanup::Registered,
}

impl StagedFolder {
    /// Starts writing the folder `target`: refuses a target that must not be replaced, and
    /// creates the temporary folder.
    pub fn new(target: &Path) -> anyhow::Result<Self> {
        let parent = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        cleanup::sweep(parent);
        let replacing = check_replaceable(target)?;
        let prefix = cleanup::folder_prefix();
        // Created and registered with no signal in between, so that a signal never misses it.
        let (staging, registered) = cleanup::uninterrupted(|| {
            let staging = temporary_folder_builder(&prefix)
                .tempdir_in(parent)
                .with_context(|| format!("creating a temporary folder in {}", parent.display()))?;
            let registered = cleanup::Registered::new(staging.path());
            anyhow::Ok((staging, registered))
        })?;
        Ok(StagedFolder {
            target: target.to_owned(),
            parent: parent.to_owned(),
            prefix,
            replacing,
            staging,
            _registered: registered,
        })
    }

    /// Renames the written folder into place, replacing a previous report whole.
    pub fn commit(self) -> anyhow::Result<()> {
        let StagedFolder { target, parent, prefix, replacing, staging, _registered } = self;
        if replacing {
            // A replaced report keeps its folder's mode.
            let permissions = fs::metadata(&target).map(|metadata| metadata.permissions());
            if let Ok(permissions) = permissions {
                fs::set_permissions(staging.path(), permissions)
                    .with_context(|| format!("keeping the mode of {}", target.display()))?;
            }
        }
        // A signal waits for the renames: it never finds the previous report moved aside and the
        // new one not yet in its place.
        cleanup::uninterrupted(|| {
            if replacing {
                let old_prefix = format!("{prefix}old-");
                let old = temporary_folder_builder(&old_prefix).tempdir_in(&parent)?;
                // Under its own name, so that a sweep after a crash can put it back.
                let old_report = old.path().join(target.file_name().unwrap_or("report".as_ref()));
                fs::rename(&target, &old_report)
                    .with_context(|| format!("moving the previous {} aside", target.display()))?;
                if let Err(error) = fs::rename(staging.path(), &target) {
                    // Put the previous report back: the target stays as it was.
                    let _ = fs::rename(&old_report, &target);
                    return Err(error)
                        .with_context(|| format!("moving the new report to {}", target.display()));
                }
                drop(old);
            } else {
                fs::rename(staging.path(), &target)
                    .with_context(|| format!("moving the report to {}", target.display()))?;
            }
            // The staging folder is now the target: forget it rather than delete it.
            let _ = staging.keep();
            Ok(())
        })
    }
}

impl ReportFolder for StagedFolder {
    /// Creates the file with signals held (a signal removes the folder between two creations,
    /// and the next creation then waits for the exit instead of creating the folder again, as
    /// create_dir_all would), then writes it through a buffer.
    fn write_file(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let path = self.staging.path().join(path);
        let file = cleanup::uninterrupted(|| {
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder)?;
            }
            File::create(&path)
        })?;
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        out.flush()
    }
}

/// Whether `target` exists and may be replaced; an error when it exists and must not be.
fn check_replaceable(target: &Path) -> anyhow::Result<bool> {
    let Ok(metadata) = fs::symlink_metadata(target) else {
        return Ok(false);
    };
    if !metadata.is_dir() {
        bail!("{} exists and is not a folder; choose another -o", target.display());
    }
    let mut entries = fs::read_dir(target).with_context(|| format!("reading {}", target.display()))?;
    if entries.next().is_some() && !target.join(MANIFEST).is_file() {
        bail!(
            "{} exists and is not a refine report (it has no {MANIFEST}); remove it or choose another -o",
            target.display()
        );
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use refine_reports::report::OutputFile;

    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.to_owned(), bytes: text.as_bytes().to_vec() }
    }

    /// Writes `files` as the folder `target`, as `refine report` does.
    fn write_folder(target: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
        let folder = StagedFolder::new(target)?;
        for file in files {
            folder
                .write_file(&file.path, &mut |out| out.write_all(&file.bytes))
                .with_context(|| format!("writing {}", target.join(&file.path).display()))?;
        }
        folder.commit()
    }

    #[test]
    fn a_new_folder_is_written_and_a_previous_report_replaced_whole() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        write_folder(&target, &[file("a/old.txt", "old"), file(MANIFEST, "{}")]).unwrap();
        write_folder(&target, &[file("b/new.txt", "new"), file(MANIFEST, "{}")]).unwrap();
        assert!(!target.join("a/old.txt").exists());
        assert_eq!(fs::read_to_string(target.join("b/new.txt")).unwrap(), "new");
        let leftovers: Vec<_> =
            fs::read_dir(root.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["out"], "no temporary folder is left behind");
    }

    #[test]
    fn a_folder_that_is_not_a_report_is_never_replaced() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("precious.txt"), "keep").unwrap();
        let error = write_folder(root.path(), &[file(MANIFEST, "{}")]).unwrap_err();
        assert!(error.to_string().contains("is not a refine report"), "{error}");
        assert_eq!(fs::read_to_string(root.path().join("precious.txt")).unwrap(), "keep");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_report_as_it_was() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        write_folder(&target, &[file("kept.txt", "kept"), file(MANIFEST, "{}")]).unwrap();
        // A file and a folder of the same name cannot both be written.
        let error = write_folder(&target, &[file("x", "file"), file("x/y", "inside")]).unwrap_err();
        assert!(error.to_string().contains("x"), "{error}");
        assert_eq!(fs::read_to_string(target.join("kept.txt")).unwrap(), "kept");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1, "no temporary folder is left behind");
    }
}
