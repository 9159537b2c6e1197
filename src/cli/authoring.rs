//! Commands that help people write protocols: `explain`, `completions` and `new`.

use super::{usage_error, Cli, EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::diagnostic::Code;
use crate::{explain, scaffold, suggest};
use clap::CommandFactory;
pub(super) use clap_complete::Shell;
use std::io::Write;
use std::path::{Component, Path};

/// `protocolc explain CODE`: prints the code's explanation (Markdown).
pub(super) fn explain(typed: &str) -> i32 {
    let Some(code) = explain::parse_code(typed) else {
        let known = Code::ALL.iter().map(|c| c.as_str());
        let upper = typed.trim().to_uppercase();
        let mut message = format!("`{typed}` is not a protocolc diagnostic code");
        if let Some(close) = suggest::closest(&upper, known) {
            message.push_str(&format!("; did you mean `{close}`?"));
        }
        eprintln!("error: {message}\n\nThe codes are:");
        for c in Code::ALL {
            eprintln!("  {}  {}", c.as_str(), c.title());
        }
        return EXIT_USAGE;
    };
    match explain::explanation(code) {
        Some(text) => print!("{text}"),
        None => println!(
            "# {}: {}\n\nThis code has no explanation written yet.",
            code.as_str(),
            code.title()
        ),
    }
    EXIT_OK
}

/// `protocolc completions SHELL`: the completion script, on stdout.
pub(super) fn completions(shell: Shell) -> i32 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "protocolc", &mut script);
    match std::io::stdout().write_all(&script) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: cannot write the completion script: {e}");
            EXIT_INVALID
        }
    }
}

/// `protocolc new COUNTY`: writes `<out>/<county-slug>/csec-educators.protocol`,
/// a variant of the California base, and never overwrites a file.
pub(super) fn new_county(typed: &str, out: &Path) -> i32 {
    let county = scaffold::county_name(typed);
    let slug = scaffold::slug(&county);
    if slug.is_empty() {
        return usage_error(&format!(
            "`{typed}` has no letters or digits to name a folder with; give the county's name, e.g. \"San Diego\""
        ));
    }
    let base = Path::new(scaffold::CALIFORNIA_BASE);
    if !base.is_file() {
        return usage_error(&format!(
            "cannot find the California protocol `{}`; run protocolc new in the repository's top folder",
            scaffold::CALIFORNIA_BASE
        ));
    }
    let dir = out.join(&slug);
    let file = dir.join(scaffold::FILE_NAME);
    if file.exists() {
        return usage_error(&format!(
            "`{}` already exists, and protocolc new does not overwrite it; edit that file, or move it away first",
            file.display()
        ));
    }
    let base_path = std::fs::create_dir_all(&dir)
        .and_then(|()| Ok((std::fs::canonicalize(&dir)?, std::fs::canonicalize(base)?)))
        .map_err(|e| format!("cannot make the folder `{}`: {e}", dir.display()))
        .and_then(|(dir, base)| {
            relative(&dir, &base).ok_or_else(|| {
                format!(
                    "cannot reach `{}` from `{}` by a relative path",
                    scaffold::CALIFORNIA_BASE,
                    dir.display()
                )
            })
        });
    let base_path = match base_path {
        Ok(path) => path,
        Err(message) => return usage_error(&message),
    };
    let text = scaffold::variant_text(&county, &base_path);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(e) = written {
        return usage_error(&format!("cannot write `{}`: {e}", file.display()));
    }
    let shown = file.to_string_lossy().replace('\\', "/");
    println!(
        "Created {shown}, {county} County's version of the California protocol.\n\n\
         Next:\n  \
         1. Open it and write your Child Protective Services hotline number where it says {}.\n  \
         2. Check it:  protocolc check {shown}\n  \
         3. Build the handout and flowchart:  protocolc build {shown}",
        scaffold::FILL_IN
    );
    EXIT_OK
}

/// The path from folder `from` to file `to` (both absolute), with `/` separators.
/// None when they share no root (e.g. two Windows drives).
fn relative(from: &Path, to: &Path) -> Option<String> {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let up = std::iter::repeat_n("..".to_string(), from.len().saturating_sub(common));
    let down = to
        .iter()
        .skip(common)
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    Some(up.chain(down).collect::<Vec<_>>().join("/"))
}
