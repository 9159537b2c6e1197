//! Writing outputs: where a protocol's outputs go, and atomic writes.

use super::PROTOCOLS_DIR;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a protocol's outputs go: its path under protocols/ mirrored under `out`,
/// or its file name when it lives elsewhere.
pub(super) fn output_stem(path: &Path, out: &Path) -> PathBuf {
    let relative = path
        .strip_prefix(PROTOCOLS_DIR)
        .ok()
        .map(Path::to_path_buf)
        .or_else(|| path.file_name().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("protocol"));
    out.join(relative.with_extension(""))
}

/// Writes through a temporary file in the same folder, then renames it into
/// place, so a reader never sees half a file and a failure leaves the old one.
/// A file whose contents are unchanged is left alone.
pub(super) fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
