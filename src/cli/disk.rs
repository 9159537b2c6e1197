//! Reading from disk: the [`Loader`](crate::Loader) that reads the bases and
//! handoffs a protocol names, protocol files read and compiled, and the
//! protocols found under protocols/.

use super::{usage_error, PROTOCOLS_DIR};
use crate::source::Sources;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file protocolc reads as a protocol: 4 MiB, far above any real
/// protocol (the largest here is under 40 KB), far below what would exhaust memory.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a file named by `extends` or `handoff` from disk: the loader the CLI
/// compiles with, and [`crate::compile_text`] and [`crate::compile_bytes`].
/// Only `.protocol` files are read, so that a mistyped or hostile path
/// (`/etc/passwd`, `/proc/self/environ`) is never read, let alone quoted in an error.
pub fn read(path: &str) -> Result<Vec<u8>, String> {
    if Path::new(path).extension().is_none_or(|e| e != "protocol") {
        return Err("it is not a `.protocol` file, and only protocol files can be named here".into());
    }
    read_bounded(Path::new(path))
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`]; a folder, a device, a pipe
/// or a larger file is refused with why, without being opened (a pipe would block).
pub(super) fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let metadata = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if metadata.is_dir() {
        return Err("it is a folder; name a `.protocol` file in it".into());
    }
    if !metadata.is_file() {
        return Err("it is not a regular file (a device, a pipe or a socket)".into());
    }
    let too_large = || {
        format!(
            "it is larger than {} MiB, the most protocolc reads; a protocol file is a few kilobytes",
            MAX_FILE_BYTES / (1024 * 1024)
        )
    };
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A compiled file: its sources, diagnostics, and model when valid.
pub(super) struct Loaded {
    pub(super) sources: Sources,
    pub(super) path: PathBuf,
    pub(super) compiled: crate::Compiled,
}

/// Reads and compiles a file; `Err` is a usage problem (the file cannot be read).
pub(super) fn load(path: &Path, options: &crate::Options) -> Result<Loaded, String> {
    let bytes = read_bounded(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let name = path.to_string_lossy().replace('\\', "/");
    let (sources, compiled) = crate::compile_file(&name, bytes, &mut read, options);
    Ok(Loaded {
        sources,
        path: path.to_path_buf(),
        compiled,
    })
}

/// Every `.protocol` file under `dir`, sorted, as relative paths.
fn discover(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "protocol") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The files named, or with none every protocol under protocols/ (`Err`: exit
/// code). `purpose` ends the advice to name the files, e.g. " to build".
pub(super) fn files_or_all(files: Vec<PathBuf>, purpose: &str) -> Result<Vec<PathBuf>, i32> {
    if !files.is_empty() {
        return Ok(files);
    }
    match discover(Path::new(PROTOCOLS_DIR)) {
        Ok(found) if !found.is_empty() => Ok(found),
        Ok(_) => Err(usage_error(&format!(
            "no `.protocol` files under protocols/; name the files{purpose}"
        ))),
        Err(e) => Err(usage_error(&format!(
            "cannot read the protocols/ folder ({e}); run protocolc in the repository root or name the files{purpose}"
        ))),
    }
}
