//! Writing outputs: where a protocol's outputs go (always under `--out`), and
//! writing a protocol's outputs as one set, atomically, with the usual file modes.

use super::PROTOCOLS_DIR;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Where a protocol's outputs go, without their extension: its path under
/// protocols/ mirrored under `out` (`protocols/orange-county/x.protocol` →
/// `out/orange-county/x`), or its file name when it lives elsewhere. The path
/// is normalised first (`protocols/../protocols/…` and an absolute path into
/// this folder's protocols/ mirror the same way), and what is joined to `out`
/// holds only plain names, so an output can never land outside `out`.
pub(super) fn output_stem(path: &Path, out: &Path) -> PathBuf {
    let absolute_here = std::env::current_dir()
        .ok()
        .and_then(|here| path.strip_prefix(&here).ok().map(Path::to_path_buf));
    let normal = normalise(absolute_here.as_deref().unwrap_or(path));
    let relative = match normal.split_first() {
        Some((first, rest)) if first == PROTOCOLS_DIR && !rest.is_empty() => rest.to_vec(),
        _ => normal.last().cloned().into_iter().collect(),
    };
    let mut stem = out.to_path_buf();
    if relative.is_empty() {
        stem.push("protocol");
    }
    for name in &relative {
        stem.push(name);
    }
    stem.with_extension("")
}

/// The plain names a path goes through once `.` and `..` are worked out (a
/// `..` above the start is dropped; a root or drive prefix is dropped).
fn normalise(path: &Path) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(name) => names.push(name.to_string_lossy().into_owned()),
            Component::ParentDir => {
                names.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    names
}

/// Writes one protocol's outputs as a set: every changed file goes to a
/// temporary file beside it first; only when all of them are written are they
/// renamed into place, each replaced file kept under a second name (a hard link)
/// until the last rename has succeeded. On a failure no output is changed: the
/// files already renamed are put back (or removed, when they are new), and no
/// temporary file is left. `Err` names the output that could not be written.
pub(super) fn write_set(files: &[(PathBuf, Vec<u8>)]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut pending: Vec<(PathBuf, &Path)> = Vec::new();
    let mut failure = None;
    for (path, contents) in files {
        if std::fs::read(path).is_ok_and(|old| &old == contents) {
            continue; // unchanged: left alone, mode and time too
        }
        match write_temporary(path, contents) {
            Ok(temp) => pending.push((temp, path)),
            Err(e) => {
                failure = Some((path.clone(), e));
                break;
            }
        }
    }
    if let Some(failure) = failure {
        for (temp, _) in &pending {
            let _ = std::fs::remove_file(temp);
        }
        return Err(failure);
    }
    // What each rename replaced: the old file's second name, or `None` for a new file.
    let mut done: Vec<(&Path, Option<PathBuf>)> = Vec::new();
    let mut renames = pending.iter();
    for (temp, path) in renames.by_ref() {
        let kept = keep_old(path);
        if let Err(e) = std::fs::rename(temp, path) {
            let _ = std::fs::remove_file(temp);
            if let Some(kept) = kept {
                let _ = std::fs::remove_file(kept);
            }
            for (temp, _) in renames {
                let _ = std::fs::remove_file(temp);
            }
            for (path, kept) in done.into_iter().rev() {
                let _ = match kept {
                    Some(kept) => std::fs::rename(kept, path),
                    None => std::fs::remove_file(path),
                };
            }
            return Err((path.to_path_buf(), e));
        }
        done.push((path, kept));
    }
    for (_, kept) in done {
        if let Some(kept) = kept {
            let _ = std::fs::remove_file(kept);
        }
    }
    Ok(())
}

/// A second name for the regular file at `path` (a hard link beside it), so it
/// can be put back if the set fails after `path` is replaced; `None` when there
/// is no such file or the file system cannot link it.
fn keep_old(path: &Path) -> Option<PathBuf> {
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    beside(path, "old", |kept| std::fs::hard_link(path, kept))
        .ok()
        .map(|(kept, ())| kept)
}

/// A new file beside `path`, named `.NAME.PID-N.SUFFIX` with the first `N` free,
/// made by `make`: the name and what `make` returned.
fn beside<T>(
    path: &Path,
    suffix: &str,
    make: impl Fn(&Path) -> std::io::Result<T>,
) -> std::io::Result<(PathBuf, T)> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().map_or("output".into(), |n| n.to_string_lossy());
    let mut attempt = 0u32;
    loop {
        let candidate = dir.join(format!(".{name}.{}-{attempt}.{suffix}", std::process::id()));
        match make(&candidate) {
            Ok(made) => return Ok((candidate, made)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Writes `path` atomically: [`write_set`] of one file.
pub(super) fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_set(&[(path.to_path_buf(), contents.to_vec())]).map_err(|(_, e)| e)
}

/// `contents` in a new temporary file in `path`'s folder (made if missing),
/// flushed to disk, with the mode `path` will have: an existing file's own, else
/// the usual one for a new file (0666 less the umask, as the system gives).
fn write_temporary(path: &Path, contents: &[u8]) -> std::io::Result<PathBuf> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let (temp, mut file) = beside(path, "tmp", |temp| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temp)
    })?;
    let written = file
        .write_all(contents)
        .and_then(|()| match std::fs::symlink_metadata(path) {
            Ok(existing) if existing.is_file() => file.set_permissions(existing.permissions()),
            _ => Ok(()),
        })
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(temp)
}
