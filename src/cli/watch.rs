//! `protocolc watch`: builds, then builds again each time a watched file is saved,
//! so a coordinator sees the handout and chart change while editing.
//!
//! Files are watched by polling their size and modification time a few times a
//! second: no platform file-event API, so it behaves the same on every system and
//! on network or synced folders, and an editor that saves by renaming a new file
//! into place is seen like any other save. Watched: the protocol files named (or
//! every file under `protocols/`), the whole `protocols/` folder when there is one
//! (a variant's base may change), and the district's templates.

use super::{BuildArgs, Settings, PROTOCOLS_DIR};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the files are looked at.
const POLL: Duration = Duration::from_millis(250);

/// Each watched file's size and modification time.
type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// Builds, then rebuilds after every change, until the process is stopped.
pub(super) fn watch(args: &BuildArgs, settings: &Settings) -> i32 {
    let mut roots: Vec<PathBuf> = args.files.clone();
    if Path::new(PROTOCOLS_DIR).is_dir() {
        roots.push(PathBuf::from(PROTOCOLS_DIR));
    }
    roots.extend(args.templates.clone());
    let mut seen = snapshot(&roots);
    loop {
        args.build(settings);
        eprintln!(
            "watching {} file{} for changes (Ctrl-C to stop)",
            seen.len(),
            if seen.len() == 1 { "" } else { "s" }
        );
        let changed = loop {
            std::thread::sleep(POLL);
            let now = snapshot(&roots);
            let changed: Vec<&PathBuf> = now
                .iter()
                .filter(|(path, state)| seen.get(*path) != Some(state))
                .map(|(path, _)| path)
                .chain(seen.keys().filter(|path| !now.contains_key(*path)))
                .collect();
            if let Some(first) = changed.first() {
                let first = first.display().to_string();
                let more = changed.len() - 1;
                seen = now;
                break if more == 0 {
                    first
                } else {
                    format!("{first} and {more} more")
                };
            }
        };
        eprintln!("\nchanged: {changed} — building again");
    }
}

/// The size and modification time of every file under `roots`.
fn snapshot(roots: &[PathBuf]) -> Snapshot {
    let mut files = Snapshot::new();
    let mut stack: Vec<PathBuf> = roots.to_vec();
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else {
            files
                .entry(path)
                .or_insert_with(|| (meta.len(), meta.modified().ok()));
        }
    }
    files
}
