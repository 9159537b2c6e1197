//! Commands that help people write protocols: `explain`, `completions` and `new`.

use super::disk::load;
use super::report::report;
use super::{usage_error, Cli, Settings, EXIT_INVALID, EXIT_OK, EXIT_USAGE};
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

/// `protocolc new COUNTY [--base FILE]`: writes `<out>/<county-slug>/<base's
/// file name>`, a variant of the base (the California protocol when none is
/// given), and never overwrites a file.
pub(super) fn new_county(typed: &str, out: &Path, base: Option<&Path>, settings: &Settings) -> i32 {
    let county = scaffold::county_name(typed);
    let slug = scaffold::slug(&county);
    if slug.is_empty() {
        return usage_error(&format!(
            "`{typed}` has no letters or digits to name a folder with; give the county's name, e.g. \"San Diego\""
        ));
    }
    let california = Path::new(scaffold::CALIFORNIA_BASE);
    let base_file = base.unwrap_or(california);
    if !base_file.is_file() {
        return usage_error(&match base {
            None => format!(
                "cannot find the California protocol `{}`; run protocolc new in the repository's top folder, \
                 or name the protocol to build on with --base FILE",
                scaffold::CALIFORNIA_BASE
            ),
            Some(path) => format!("cannot find the protocol `{}` given to --base", path.display()),
        });
    }
    // Any other base is read for what a variant must supply.
    let outline = match base {
        Some(path) if !same_file(path, california) => match outline_of(path, settings) {
            Ok(outline) => Some(outline),
            Err(code) => return code,
        },
        _ => None,
    };
    let file_name = base_file.file_name().map_or_else(
        || scaffold::FILE_NAME.into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let dir = out.join(&slug);
    let file = dir.join(&file_name);
    if file.exists() {
        return usage_error(&format!(
            "`{}` already exists, and protocolc new does not overwrite it; edit that file, or move it away first",
            file.display()
        ));
    }
    let base_path = std::fs::create_dir_all(&dir)
        .and_then(|()| Ok((std::fs::canonicalize(&dir)?, std::fs::canonicalize(base_file)?)))
        .map_err(|e| format!("cannot make the folder `{}`: {e}", dir.display()))
        .and_then(|(dir, base)| {
            relative(&dir, &base).ok_or_else(|| {
                format!(
                    "cannot reach `{}` from `{}` by a relative path",
                    base_file.display(),
                    dir.display()
                )
            })
        });
    let base_path = match base_path {
        Ok(path) => path,
        Err(message) => return usage_error(&message),
    };
    let (text, whose) = match &outline {
        Some(outline) => (
            scaffold::variant_of_any_base(typed.trim(), &base_path, outline),
            format!("{}'s version of \"{}\"", typed.trim(), outline.title),
        ),
        None => (
            scaffold::variant_text(&county, &base_path),
            format!("{county} County's version of the California protocol"),
        ),
    };
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(e) = written {
        return usage_error(&format!("cannot write `{}`: {e}", file.display()));
    }
    let shown = file.to_string_lossy().replace('\\', "/");
    let fill_in = match &outline {
        Some(outline) if outline.parameters.is_empty() => {
            "Add your own contacts where the file says so.".to_string()
        }
        Some(_) => format!(
            "Open it and fill in each contact where it says {}.",
            scaffold::FILL_IN
        ),
        None => format!(
            "Open it and write your Child Protective Services hotline number where it says {}.",
            scaffold::FILL_IN
        ),
    };
    println!(
        "Created {shown}, {whose}.\n\n\
         Next:\n  \
         1. {fill_in}\n  \
         2. Check it:  protocolc check {shown}\n  \
         3. Build the handout and flowchart:  protocolc build {shown}"
    );
    EXIT_OK
}

/// Whether two paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b)
}

/// What a variant of the protocol at `path` must say; `Err` is the exit code
/// after reporting why it cannot be built on (it cannot be read, or has errors).
fn outline_of(path: &Path, settings: &Settings) -> Result<scaffold::BaseOutline, i32> {
    let loaded = load(path, &settings.options).map_err(|message| usage_error(&message))?;
    // Its diagnostics are shown; warnings do not stop it, errors do.
    let has_errors = report(&loaded, settings.style);
    let Some(model) = loaded.compiled.model.as_ref().filter(|_| !has_errors) else {
        eprintln!(
            "error: `{}` has errors; fix them before building on it (protocolc check {})",
            path.display(),
            path.display()
        );
        return Err(EXIT_INVALID);
    };
    let metadata = model.metadata();
    Ok(scaffold::BaseOutline {
        id: metadata.id.clone(),
        title: metadata.title.clone(),
        parameters: model
            .contacts()
            .iter()
            .filter_map(|c| c.parameter.as_ref().map(|asks| (c.id.clone(), asks.clone())))
            .collect(),
    })
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
