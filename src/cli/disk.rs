//! Reading from disk: the [`Loader`](crate::Loader) that reads the bases and
//! handoffs a protocol names, protocol files read and compiled, and the
//! protocols found under protocols/.

use super::{usage_error, PROTOCOLS_DIR};
use crate::source::Sources;
use std::path::{Path, PathBuf};

/// Reads a file named by `extends` or `handoff` from disk: the loader the CLI
/// compiles with, and [`crate::compile_text`] and [`crate::compile_bytes`].
pub fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| e.to_string())
}

/// A compiled file: its sources, diagnostics, and model when valid.
pub(super) struct Loaded {
    pub(super) sources: Sources,
    pub(super) path: PathBuf,
    pub(super) compiled: crate::Compiled,
}

/// Reads and compiles a file; `Err` is a usage problem (the file cannot be read).
pub(super) fn load(path: &Path, options: &crate::Options) -> Result<Loaded, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
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
