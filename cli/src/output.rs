//! Where output goes: stdout, or a file written aside and renamed into place, so a file is never
//! left half-written; and the messages on stderr.
//!
//! Every write to stdout or stderr goes through this module: a closed pipe (`refine ... | head`,
//! `2>&1 >/dev/null | true`) must end the run quietly, never panic as `println!` does.
//!
//! A file refine writes keeps what the user's system would give it: a new file gets
//! `0666 & !umask` (the kernel applies the umask at creation), a replaced file keeps its mode.
//! `-o` on a symbolic link writes through it, to the link's target; `-o` on an input is refused.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::cleanup;

/// Writes `bytes` to `path`, or to stdout when `path` is `None` or `-`.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    write_output_with(path, &mut |out| Ok(out.write_all(bytes)?))
}

/// A writer of an output: it writes into the buffered output it is given, as it goes.
pub type OutputWriter<'a> = dyn FnMut(&mut dyn Write) -> anyhow::Result<()> + 'a;

/// Writes what `write` writes to `path` (atomically, see [`write_file_atomically_with`]), or to
/// stdout when `path` is `None` or `-`; the output is buffered, never held whole.
pub fn write_output_with(path: Option<&Path>, write: &mut OutputWriter) -> anyhow::Result<()> {
    match path {
        None => write_stdout(write),
        Some(path) if path == Path::new("-") => write_stdout(write),
        Some(path) => write_file_atomically_with(path, write),
    }
}

fn write_stdout(write: &mut OutputWriter) -> anyhow::Result<()> {
    let mut stdout = BufWriter::new(std::io::stdout().lock());
    write(&mut stdout)?;
    stdout.flush()?;
    Ok(())
}

/// Prints `line` on stdout. A closed stdout is not an error: there is no one left to tell.
pub fn print_line(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}").and_then(|()| stdout.flush());
}

/// Prints `line` on stderr; a closed stderr is ignored (the exit code still tells).
pub fn print_error_line(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Writes what `write` writes to a temporary file in the same folder, through a buffer, then
/// renames it over `path` (over the target of `path` when it is a symbolic link).
pub fn write_file_atomically_with(path: &Path, write: &mut OutputWriter) -> anyhow::Result<()> {
    if fs::metadata(path).is_ok_and(|metadata| !metadata.is_file() && !metadata.is_dir()) {
        // A device, FIFO or socket (`-o /dev/stdout`, `-o /dev/null`, a named pipe) is written
        // to: renaming a file over it would replace the device itself.
        return write_stream(path, write);
    }
    let target = resolve_link(path)?;
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if target.is_dir() {
        bail!("{} is a folder; give a file name with -o", path.display());
    }
    cleanup::sweep(folder);
    let replaced_mode = fs::metadata(&target).ok().map(|metadata| metadata.permissions());
    let prefix = cleanup::file_prefix();
    // Created and registered with no signal in between, so that a signal never misses it.
    let (mut file, _registered) = cleanup::uninterrupted(|| {
        let file = temporary_file_builder(&prefix)
            .tempfile_in(folder)
            .with_context(|| format!("cannot write in {}", folder.display()))?;
        let registered = cleanup::Registered::new(file.path());
        anyhow::Ok((file, registered))
    })?;
    if let Some(permissions) = replaced_mode {
        // Set on the open file, so it holds exactly the replaced file's mode.
        file.as_file()
            .set_permissions(permissions)
            .with_context(|| format!("keeping the mode of {}", target.display()))?;
    }
    write_buffered(file.as_file_mut(), write).with_context(|| format!("writing {}", path.display()))?;
    file.persist(&target).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Writes what `write` writes into the stream `path` as it is.
fn write_stream(path: &Path, write: &mut OutputWriter) -> anyhow::Result<()> {
    let mut stream = fs::OpenOptions::new()
        .write(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    write_buffered(&mut stream, write).with_context(|| format!("writing {}", path.display()))
}

/// Writes what `write` writes into `out` through a buffer, flushed at the end.
fn write_buffered(out: &mut dyn Write, write: &mut OutputWriter) -> anyhow::Result<()> {
    let mut buffered = BufWriter::new(out);
    write(&mut buffered)?;
    buffered.flush()?;
    Ok(())
}

/// A temporary-file builder whose file gets the mode of a new file: on Unix read and write for
/// all, less what the umask takes away (the kernel applies it when the file is created), not
/// the `0600` tempfile gives by default.
fn temporary_file_builder(prefix: &str) -> tempfile::Builder<'_, '_> {
    temporary_builder(prefix, 0o666)
}

/// A temporary-folder builder whose folder gets the mode of a new folder (`0777` less the
/// umask on Unix), like [`temporary_file_builder`].
pub fn temporary_folder_builder(prefix: &str) -> tempfile::Builder<'_, '_> {
    temporary_builder(prefix, 0o777)
}

/// A temporary-path builder with refine's `prefix`, asking for `mode` (Unix; the umask applies).
fn temporary_builder(
    prefix: &str,
    #[cfg_attr(not(unix), allow(unused))] mode: u32,
) -> tempfile::Builder<'_, '_> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    builder
}

/// `path` itself, or where it leads when it is a symbolic link (so that the link stays a link
/// and its target gets the new content). A link to nothing is refused: there is no folder to
/// write beside.
fn resolve_link(path: &Path) -> anyhow::Result<PathBuf> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink());
    if !is_link {
        return Ok(path.to_owned());
    }
    fs::canonicalize(path).with_context(|| {
        let target = fs::read_link(path).map(|target| target.display().to_string()).unwrap_or_default();
        format!(
            "{} is a symbolic link to {target}, which cannot be reached; \
             fix or remove the link, or choose another -o",
            path.display()
        )
    })
}

/// Refuses `output` when writing it would replace one of `inputs` (a file given, or a file in a
/// folder given): the same file (device and inode), whatever name or link leads to it.
pub fn refuse_overwriting_inputs(output: Option<&Path>, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let Some(output) = output.filter(|output| *output != Path::new("-")) else {
        return Ok(());
    };
    let Ok(written) = fs::metadata(output) else {
        return Ok(());
    };
    for input in inputs {
        if let Some(file) = same_file_in(input, &written) {
            let within = if &file == input {
                String::new()
            } else {
                format!(" (it is in the input folder {})", input.display())
            };
            bail!(
                "-o {} would replace the input {}{within}; refine never writes over its inputs. \
                 Choose another -o",
                output.display(),
                file.display()
            );
        }
    }
    Ok(())
}

/// The file of `input` (itself, or one in it when it is a folder) that is the file `written`.
fn same_file_in(input: &Path, written: &fs::Metadata) -> Option<PathBuf> {
    if input == Path::new("-") {
        return None;
    }
    let metadata = fs::metadata(input).ok()?;
    if metadata.is_dir() {
        let entries = fs::read_dir(input).ok()?;
        return entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| fs::metadata(path).is_ok_and(|metadata| is_same_file(&metadata, written)));
    }
    is_same_file(&metadata, written).then(|| input.to_owned())
}

#[cfg(unix)]
fn is_same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn is_same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    // Without inodes: the same size and modification time is the best guess, and refusing a
    // write by mistake is better than losing an export.
    a.is_file() && b.is_file() && a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

/// Whether the error is a closed pipe on stdout (`refine ... | head`), which is not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    /// Writes `bytes` to `path` as a file output is written.
    fn write_file_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        write_file_atomically_with(path, &mut |out| Ok(out.write_all(bytes)?))
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_replaced_file_keeps_its_mode() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("ranking.csv");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
        write_file_atomically(&path, b"new").unwrap();
        assert_eq!(mode(&path), 0o664);
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn output_through_a_symbolic_link_replaces_the_target_and_keeps_the_link() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("target.csv");
        fs::write(&target, "old").unwrap();
        let link = root.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_file_atomically(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn output_through_a_dangling_link_is_refused_with_the_link_named() {
        let root = tempfile::tempdir().unwrap();
        let link = root.path().join("link.csv");
        std::os::unix::fs::symlink(root.path().join("gone/x.csv"), &link).unwrap();
        let error = write_file_atomically(&link, b"new").unwrap_err();
        assert!(format!("{error:#}").contains("is a symbolic link to"), "{error:#}");
    }

    #[test]
    fn an_input_is_found_by_inode_whatever_the_name() {
        let root = tempfile::tempdir().unwrap();
        let input = root.path().join("b.csv");
        fs::write(&input, "key\n").unwrap();
        let link = root.path().join("other-name.csv");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        assert!(refuse_overwriting_inputs(Some(&link), std::slice::from_ref(&input)).is_err());
        assert!(refuse_overwriting_inputs(Some(&input), &[root.path().to_owned()]).is_err());
        let elsewhere = root.path().join("out.csv");
        fs::write(&elsewhere, "").unwrap();
        assert!(refuse_overwriting_inputs(Some(&elsewhere), &[input]).is_ok());
    }
}
