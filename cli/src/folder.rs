//! Writing a folder of outputs so that it is complete or absent: every file goes into a
//! temporary folder beside the target, which is renamed into place at the end. A failure on
//! the way leaves the target as it was. A previous report in the target is replaced, but
//! only a folder refine wrote (it has the manifest) or an empty one: `-o ~` must never delete
//! someone's files.

use std::fs;
use std::path::Path;

use anyhow::{Context, bail};
use refine_reports::report::{MANIFEST, OutputFile};

/// Writes `files` as the folder `target`.
pub fn write_folder(target: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let replacing = check_replaceable(target)?;
    let staging = tempfile::Builder::new()
        .prefix(".refine-report-")
        .tempdir_in(parent)
        .with_context(|| format!("creating a temporary folder in {}", parent.display()))?;
    for file in files {
        let path = staging.path().join(&file.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
        }
        fs::write(&path, &file.bytes)
            .with_context(|| format!("writing {}", target.join(&file.path).display()))?;
    }
    if replacing {
        let old = tempfile::Builder::new().prefix(".refine-report-old-").tempdir_in(parent)?;
        let old_report = old.path().join("report");
        fs::rename(target, &old_report)
            .with_context(|| format!("moving the previous {} aside", target.display()))?;
        if let Err(error) = fs::rename(staging.path(), target) {
            // Put the previous report back: the target stays as it was.
            let _ = fs::rename(&old_report, target);
            return Err(error).with_context(|| format!("moving the new report to {}", target.display()));
        }
        drop(old);
    } else {
        fs::rename(staging.path(), target)
            .with_context(|| format!("moving the report to {}", target.display()))?;
    }
    // The staging folder is now the target: forget it rather than delete it.
    let _ = staging.keep();
    Ok(())
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
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.to_owned(), bytes: text.as_bytes().to_vec() }
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
