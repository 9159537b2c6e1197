//! The command line: the only place that reads protocol files, writes `out/`,
//! prints, and picks exit codes (0 ok, 1 invalid input, 2 usage error).

use clap::{Parser, Subcommand, ValueEnum};
use protocolc::diagnostic::{self, Code, Diagnostic, Severity};
use protocolc::emit::handout::{self, TemplateError, TemplateSet};
use protocolc::emit::json;
use protocolc::emit::pdf::{self, Paper};
use protocolc::emit::rust;
use protocolc::evaluate::{self, Observations};
use protocolc::model::Model;
use protocolc::source::Sources;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

mod authoring;

const EXIT_OK: i32 = 0;
const EXIT_INVALID: i32 = 1;
const EXIT_USAGE: i32 = 2;

/// Where `build` with no files looks for protocols, and where it writes.
const PROTOCOLS_DIR: &str = "protocols";
const OUT_DIR: &str = "out";
const SCHEMA_FILE: &str = "protocol.schema.json";
const INDEX_FILE: &str = "index.json";

#[derive(Parser)]
#[command(
    name = "protocolc",
    version,
    about = "Compiles child-safety protocol files into JSON, handouts, flowcharts and rule code.",
    after_help = "Examples:\n  protocolc check protocols/orange-county/csec-educators.protocol\n  protocolc build                      # every protocol under protocols/ into out/\n  protocolc eval protocols/orange-county/csec-educators.protocol --factor missing_school --factor substance_use\n  protocolc schema > protocol.schema.json"
)]
struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    /// How diagnostics are printed: for people, or as JSON Lines for editors and CI.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human, global = true)]
    message_format: MessageFormat,
    /// The date review dates are compared with (default: SOURCE_DATE_EPOCH if set; never the clock).
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    /// rustc-style messages with the source line, and a summary line per file.
    Human,
    /// One JSON object per line on stderr: each diagnostic, then a summary per file.
    Json,
}

/// The date review dates are compared with: `--today`, else SOURCE_DATE_EPOCH, else
/// none (no review warnings). Set once, at start-up; never taken from the clock.
static TODAY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// The UTC calendar date (`YYYY-MM-DD`) of a Unix time in seconds.
fn date_of_epoch(seconds: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// How diagnostics are printed: colours, and human or JSON.
#[derive(Clone, Copy)]
struct Style {
    color: diagnostic::Style,
    format: MessageFormat,
}

#[derive(Subcommand)]
enum Command {
    /// Checks protocol files and reports every problem.
    #[command(
        after_help = "Examples:\n  protocolc check protocols/orange-county/csec-educators.protocol\n  protocolc check protocols/*/*.protocol"
    )]
    Check {
        /// Protocol files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Builds outputs for protocol files (with no files: every protocol under protocols/).
    #[command(
        after_help = "Examples:\n  protocolc build\n  protocolc build protocols/orange-county/csec-educators.protocol --out /tmp/out --format json"
    )]
    Build {
        /// Protocol files to build; with none, every `.protocol` file under protocols/.
        files: Vec<PathBuf>,
        /// The folder outputs are written into, mirroring the paths under protocols/.
        #[arg(long, default_value = OUT_DIR)]
        out: PathBuf,
        /// Which outputs to build, comma-separated.
        #[arg(long, value_enum, value_delimiter = ',', default_values_t = vec![Format::Json, Format::Md, Format::Html, Format::Pdf, Format::Rust])]
        format: Vec<Format>,
        /// The paper the PDF flowchart is laid out for.
        #[arg(long, value_enum, default_value_t = PaperChoice::Letter)]
        paper: PaperChoice,
        /// A folder of the district's own templates (`handout.md.j2`, `handout.html.j2`),
        /// used instead of the built-in ones file by file.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Runs the scenarios written in protocol files (with no files: every protocol under protocols/).
    #[command(
        after_help = "Examples:\n  protocolc test\n  protocolc test protocols/orange-county/csec-educators.protocol"
    )]
    Test {
        /// Protocol files whose scenarios to run.
        files: Vec<PathBuf>,
    },
    /// Shows what differs: a variant against its base, or any two protocols.
    #[command(
        after_help = "Examples:\n  protocolc diff protocols/orange-county/csec-educators.protocol\n  protocolc diff protocols/examples/demo-county/csec-educators.protocol protocols/orange-county/csec-educators.protocol --json"
    )]
    Diff {
        /// A variant (compared with its base), or the first of two protocols.
        first: PathBuf,
        /// The protocol to compare the first with.
        second: Option<PathBuf>,
        /// Print the differences as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Prints the JSON Schema of the JSON output.
    #[command(after_help = "Example:\n  protocolc schema > protocol.schema.json")]
    Schema,
    /// Assesses a student's observed factors and signals and says which tracks apply and why.
    #[command(
        after_help = "Examples:\n  protocolc eval protocols/orange-county/csec-educators.protocol --factor controlled_or_groomed\n  protocolc eval protocols/orange-county/csec-educators.protocol --signal csec_suspected --json\n  protocolc eval protocols/examples/exploitation-screening/exploitation-screening.protocol --factor controlled --possible older_partner --value age=12\n  protocolc eval triage.protocol --signal concern_raised --answer plan=yes"
    )]
    Eval {
        /// The protocol file.
        file: PathBuf,
        /// A factor that is present (repeat for several).
        #[arg(long = "factor", value_name = "ID")]
        factors: Vec<String>,
        /// A signal that staff judge true (repeat for several).
        #[arg(long = "signal", value_name = "ID")]
        signals: Vec<String>,
        /// A factor answered "possible" (repeat for several).
        #[arg(long = "possible", value_name = "ID")]
        possible: Vec<String>,
        /// An input's value, e.g. `--value age=12` (repeat for several).
        #[arg(long = "value", value_name = "ID=N", value_parser = parse_value)]
        values: Vec<(String, u32)>,
        /// An answer to a question: `plan=yes`, `plan=no` or `plan=unclear` (repeat for several).
        #[arg(long = "answer", value_name = "QUESTION=ANSWER")]
        answers: Vec<String>,
        /// Print the assessment as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Explains a diagnostic code: what it means, why, an example, and how to fix it.
    #[command(after_help = "Examples:\n  protocolc explain P0101\n  protocolc explain 208")]
    Explain {
        /// The code, e.g. `P0101` (also `p0101` or `0101`).
        code: String,
    },
    /// Prints a shell completion script.
    #[command(
        after_help = "Examples:\n  protocolc completions bash > ~/.local/share/bash-completion/completions/protocolc\n  protocolc completions zsh > ~/.zfunc/_protocolc\n  protocolc completions fish > ~/.config/fish/completions/protocolc.fish"
    )]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: authoring::Shell,
    },
    /// Rewrites protocol files in the canonical layout, keeping every comment (with no files: every protocol under protocols/).
    #[command(
        after_help = "Examples:\n  protocolc fmt\n  protocolc fmt --check\n  protocolc fmt protocols/orange-county/csec-educators.protocol"
    )]
    Fmt {
        /// Protocol files to format; with none, every `.protocol` file under protocols/.
        files: Vec<PathBuf>,
        /// Change nothing: list the files that would change, and exit 1 if any would.
        #[arg(long)]
        check: bool,
    },
    /// Starts a county's variant of the California protocol, for its coordinator to fill in.
    #[command(
        after_help = "Examples:\n  protocolc new \"San Diego\"          # writes protocols/san-diego/csec-educators.protocol\n  protocolc check protocols/san-diego/csec-educators.protocol"
    )]
    New {
        /// The county's name, e.g. "San Diego".
        county: String,
        /// The folder the county's folder is made in.
        #[arg(long, value_name = "DIR", default_value = PROTOCOLS_DIR)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// JSON for downstream apps (and the JSON Schema beside it).
    Json,
    /// The staff handout in Markdown.
    Md,
    /// The staff handout as one printable HTML page.
    Html,
    /// The one-page flowchart for the staff-room wall, as PDF.
    Pdf,
    /// Rust rule code for downstream apps: one self-contained module.
    Rust,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PaperChoice {
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

/// Runs the command line and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let color = match cli.color {
        ColorChoice::Always => diagnostic::Style::Colored,
        ColorChoice::Never => diagnostic::Style::Plain,
        ColorChoice::Auto if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() => {
            diagnostic::Style::Colored
        }
        ColorChoice::Auto => diagnostic::Style::Plain,
    };
    let style = Style {
        color,
        format: cli.message_format,
    };
    let today = match cli.today {
        Some(date) if protocolc::check::is_date(&date) => Some(date),
        Some(date) => {
            return usage_error(&format!(
                "`--today {date}` is not a date; write it as year-month-day, e.g. 2025-09-01"
            ))
        }
        None => match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(epoch) => match epoch.trim().parse::<i64>() {
                Ok(seconds) => Some(date_of_epoch(seconds)),
                Err(_) => {
                    return usage_error(&format!(
                        "SOURCE_DATE_EPOCH is `{epoch}`, not a number of seconds"
                    ))
                }
            },
            Err(_) => None,
        },
    };
    let _ = TODAY.set(today);
    match cli.command {
        Command::Check { files } => check(&files, style),
        Command::Build {
            files,
            out,
            format,
            paper,
            templates,
        } => match load_templates(templates.as_deref()) {
            Ok(templates) => {
                let paper = match paper {
                    PaperChoice::Letter => Paper::Letter,
                    PaperChoice::A4 => Paper::A4,
                };
                build(files, &out, &format, paper, &templates, style)
            }
            Err(message) => usage_error(&message),
        },
        Command::Diff { first, second, json } => diff(&first, second.as_deref(), json, style),
        Command::Test { files } => test(files, style),
        Command::Schema => {
            print!("{}", json::schema_json());
            EXIT_OK
        }
        Command::Eval {
            file,
            factors,
            signals,
            possible,
            values,
            answers,
            json,
        } => eval(
            &file,
            &Observed {
                factors,
                possible,
                signals,
                values,
                answers,
            },
            json,
            style,
        ),
        Command::Explain { code } => authoring::explain(&code),
        Command::Completions { shell } => authoring::completions(shell),
        Command::New { county, out } => authoring::new_county(&county, &out),
        Command::Fmt { files, check } => fmt(files, check, style),
    }
}

fn usage_error(message: &str) -> i32 {
    eprintln!("error: {message}");
    EXIT_USAGE
}

/// A compiled file: its sources, diagnostics, and model when valid.
struct Loaded {
    sources: Sources,
    path: PathBuf,
    compiled: protocolc::Compiled,
}

/// Reads and compiles a file; `Err` is a usage problem (the file cannot be read).
fn load(path: &Path) -> Result<Loaded, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let name = path.to_string_lossy().replace('\\', "/");
    let (sources, mut compiled) = protocolc::compile_bytes(&name, bytes);
    if let (Some(model), Some(Some(today))) = (&compiled.model, TODAY.get()) {
        compiled
            .diagnostics
            .extend(protocolc::check::overdue_reviews(model, today));
        diagnostic::sort(&mut compiled.diagnostics);
    }
    Ok(Loaded {
        sources,
        path: path.to_path_buf(),
        compiled,
    })
}

/// Prints a file's diagnostics and a summary line; returns whether it had errors.
fn report(loaded: &Loaded, style: Style) -> bool {
    let diagnostics = &loaded.compiled.diagnostics;
    print_diagnostics(diagnostics, &loaded.sources, style);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let name = loaded.path.display();
    if style.format == MessageFormat::Json {
        let summary = serde_json::json!({
            "type": "summary", "file": name.to_string(), "errors": errors, "warnings": warnings,
        });
        eprintln!("{summary}");
    } else if errors > 0 {
        eprintln!(
            "{name}: {} found{}",
            plural(errors, "error"),
            warnings_suffix(warnings)
        );
    } else {
        eprintln!("{name}: ok{}", warnings_suffix(warnings));
    }
    errors > 0
}

/// Prints diagnostics on stderr: rendered for people, or one JSON object a line.
fn print_diagnostics(diagnostics: &[Diagnostic], sources: &Sources, style: Style) {
    match style.format {
        MessageFormat::Human => eprint!("{}", diagnostic::render_all(diagnostics, sources, style.color)),
        MessageFormat::Json => {
            for d in diagnostics {
                eprintln!("{}", diagnostic::to_json(d, sources));
            }
        }
    }
}

/// The first error's code among a file's diagnostics, to suggest `protocolc explain`.
fn first_error(loaded: &Loaded) -> Option<Code> {
    loaded
        .compiled
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| d.code)
}

/// After a run with errors, says where to read more about them (not in JSON).
fn explain_hint(code: Option<Code>, style: Style) {
    if let (Some(code), MessageFormat::Human) = (code, style.format) {
        eprintln!("For more on an error, run `protocolc explain {}`.", code.as_str());
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn warnings_suffix(warnings: usize) -> String {
    if warnings == 0 {
        String::new()
    } else {
        format!(", {}", plural(warnings, "warning"))
    }
}

fn check(files: &[PathBuf], style: Style) -> i32 {
    let mut code = EXIT_OK;
    let mut first = None;
    for path in files {
        match load(path) {
            Ok(loaded) => {
                if report(&loaded, style) {
                    code = code.max(EXIT_INVALID);
                    first = first.or(first_error(&loaded));
                }
            }
            Err(message) => code = usage_error(&message),
        }
    }
    explain_hint(first, style);
    code
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

/// Where a protocol's outputs go: its path under protocols/ mirrored under `out`,
/// or its file name when it lives elsewhere.
fn output_stem(path: &Path, out: &Path) -> PathBuf {
    let relative = path
        .strip_prefix(PROTOCOLS_DIR)
        .ok()
        .map(Path::to_path_buf)
        .or_else(|| path.file_name().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("protocol"));
    out.join(relative.with_extension(""))
}

/// The built-in templates, with a district's `*.j2` files from `dir` in front.
fn load_templates(dir: Option<&Path>) -> Result<TemplateSet, String> {
    let mut templates = TemplateSet::builtin();
    let Some(dir) = dir else {
        return Ok(templates);
    };
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read templates folder `{}`: {e}", dir.display()))?;
    let mut found = 0;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".j2") {
            continue;
        }
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read template `{}`: {e}", path.display()))?;
        templates = templates.with_override(name, &path.to_string_lossy().replace('\\', "/"), source);
        found += 1;
    }
    if found == 0 {
        return Err(format!(
            "no templates (`*.j2` files) in `{}`; the ones you can replace are {}",
            dir.display(),
            handout::BUILTIN_TEMPLATES
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        ));
    }
    Ok(templates)
}

fn build(
    files: Vec<PathBuf>,
    out: &Path,
    formats: &[Format],
    paper: Paper,
    templates: &TemplateSet,
    style: Style,
) -> i32 {
    let build_all = files.is_empty();
    let files = if build_all {
        match discover(Path::new(PROTOCOLS_DIR)) {
            Ok(found) if !found.is_empty() => found,
            Ok(_) => return usage_error("no `.protocol` files under protocols/; name the files to build"),
            Err(e) => {
                return usage_error(&format!(
                    "cannot read the protocols/ folder ({e}); run protocolc in the repository root or name the files to build"
                ))
            }
        }
    } else {
        files
    };
    let mut code = EXIT_OK;
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut index = Vec::new();
    let mut first = None;
    for path in &files {
        let loaded = match load(path) {
            Ok(loaded) => loaded,
            Err(message) => {
                code = usage_error(&message);
                continue;
            }
        };
        if report(&loaded, style) {
            code = code.max(EXIT_INVALID);
            first = first.or(first_error(&loaded));
        }
        let source = path.to_string_lossy().replace('\\', "/");
        let Some(model) = &loaded.compiled.model else {
            index.push(serde_json::json!({ "source": source, "status": "invalid", "outputs": [] }));
            continue;
        };
        if model.metadata().base.is_some() {
            if style.format == MessageFormat::Human {
                eprintln!("{source}: a shared base for variants: checked, not built");
            }
            index.push(serde_json::json!({ "source": source, "status": "base", "outputs": [] }));
            continue;
        }
        match render_outputs(model, &output_stem(path, out), formats, paper, templates) {
            Ok(files) => {
                let names: Vec<String> = files
                    .iter()
                    .map(|(p, _)| {
                        p.strip_prefix(out)
                            .unwrap_or(p)
                            .to_string_lossy()
                            .replace('\\', "/")
                    })
                    .collect();
                let chain: Vec<serde_json::Value> = model
                    .sources()
                    .iter()
                    .map(|s| serde_json::json!({ "file": s.file, "sha256": s.sha256 }))
                    .collect();
                index.push(serde_json::json!({
                    "source": source,
                    "status": "built",
                    "id": model.metadata().id,
                    "title": model.metadata().title,
                    "jurisdiction": model.metadata().jurisdiction,
                    "version": model.metadata().version,
                    "effective": model.metadata().effective,
                    "sources": chain,
                    "outputs": names,
                }));
                outputs.extend(files);
            }
            Err(e) => {
                eprintln!("error: {e}\n  (no outputs written for `{}`)", path.display());
                index.push(serde_json::json!({ "source": source, "status": "invalid", "outputs": [] }));
                code = code.max(EXIT_INVALID);
            }
        }
    }
    if formats.contains(&Format::Json) {
        outputs.push((out.join(SCHEMA_FILE), json::schema_json().into_bytes()));
    }
    if build_all {
        // Every protocol under protocols/, with what was built from it.
        let document = serde_json::json!({ "generator": concat!("protocolc ", env!("CARGO_PKG_VERSION")), "protocols": index });
        let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
        text.push('\n');
        outputs.push((out.join(INDEX_FILE), text.into_bytes()));
    }
    for (path, contents) in &outputs {
        if let Err(e) = write_atomically(path, contents) {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            code = code.max(EXIT_INVALID);
        }
    }
    explain_hint(first, style);
    code
}

/// The files one valid protocol produces; all or none.
fn render_outputs(
    model: &Model,
    stem: &Path,
    formats: &[Format],
    paper: Paper,
    templates: &TemplateSet,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let template = |e: TemplateError| format!("the template {e}");
    let mut files: Vec<(PathBuf, Vec<u8>)> = formats
        .iter()
        .map(|format| {
            Ok(match format {
                Format::Json => (stem.with_extension("json"), json::to_json(model).into_bytes()),
                Format::Md => (
                    stem.with_extension("md"),
                    handout::to_markdown(model, templates)
                        .map_err(template)?
                        .into_bytes(),
                ),
                Format::Html => (
                    stem.with_extension("html"),
                    handout::to_html(model, templates).map_err(template)?.into_bytes(),
                ),
                Format::Pdf => (
                    stem.with_extension("pdf"),
                    pdf::to_pdf(model, paper).map_err(|e| e.to_string())?,
                ),
                Format::Rust => (stem.with_extension("rs"), rust::to_rust(model).into_bytes()),
            })
        })
        .collect::<Result<_, String>>()?;
    // The handout and flowchart again in each language the protocol is translated
    // into, next to the protocol's own: `csec-educators.es.md`, `.es.html`, `.es.pdf`.
    for translation in model.translations() {
        let Some(view) = model.translated(&translation.language.tag) else {
            continue;
        };
        let lang = view.language().bcp47();
        for format in formats {
            let file = match format {
                Format::Md => (
                    stem.with_extension(format!("{lang}.md")),
                    handout::to_markdown(&view, templates)
                        .map_err(template)?
                        .into_bytes(),
                ),
                Format::Html => (
                    stem.with_extension(format!("{lang}.html")),
                    handout::to_html(&view, templates).map_err(template)?.into_bytes(),
                ),
                Format::Pdf => (
                    stem.with_extension(format!("{lang}.pdf")),
                    pdf::to_pdf(&view, paper).map_err(|e| format!("{e} (in {})", view.language().name))?,
                ),
                Format::Json | Format::Rust => continue,
            };
            files.push(file);
        }
    }
    Ok(files)
}

/// Writes through a temporary file in the same folder, then renames it into
/// place, so a reader never sees half a file and a failure leaves the old one.
/// A file whose contents are unchanged is left alone.
fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
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

/// The files named, or with none every protocol under protocols/ (`Err`: exit code).
fn files_or_all(files: Vec<PathBuf>) -> Result<Vec<PathBuf>, i32> {
    if !files.is_empty() {
        return Ok(files);
    }
    match discover(Path::new(PROTOCOLS_DIR)) {
        Ok(found) if !found.is_empty() => Ok(found),
        Ok(_) => Err(usage_error(
            "no `.protocol` files under protocols/; name the files",
        )),
        Err(e) => Err(usage_error(&format!(
            "cannot read the protocols/ folder ({e}); run protocolc in the repository root or name the files"
        ))),
    }
}

/// Formats files in place (only those that change), or with `check` lists the files
/// that would change; exit 1 when one would, or when a file does not parse (it is
/// reported and left untouched).
fn fmt(files: Vec<PathBuf>, check: bool, style: Style) -> i32 {
    let files = match files_or_all(files) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut code = EXIT_OK;
    for path in &files {
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                // Not UTF-8: `load` reports it as `check` would.
                if let Ok(loaded) = load(path) {
                    report(&loaded, style);
                }
                code = code.max(EXIT_INVALID);
                continue;
            }
            Err(e) => {
                code = usage_error(&format!("cannot read `{}`: {e}", path.display()));
                continue;
            }
        };
        let mut sources = Sources::new();
        let file = sources.add(path.to_string_lossy().replace('\\', "/"), text.as_str());
        match protocolc::format::format(&text, file) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => {
                if check {
                    println!("{}", path.display());
                    code = code.max(EXIT_INVALID);
                } else if let Err(e) = write_atomically(path, formatted.as_bytes()) {
                    eprintln!("error: cannot write `{}`: {e}", path.display());
                    code = code.max(EXIT_INVALID);
                } else {
                    println!("{}", path.display());
                }
            }
            Err(diagnostics) => {
                print_diagnostics(&diagnostics, &sources, style);
                eprintln!("{}: not formatted: it does not parse", path.display());
                code = code.max(EXIT_INVALID);
            }
        }
    }
    code
}

/// Runs every scenario of every file; exit 1 when one fails (or a file has errors).
fn test(files: Vec<PathBuf>, style: Style) -> i32 {
    let files = match files_or_all(files) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut code = EXIT_OK;
    let (mut passed, mut failed) = (0, 0);
    for path in &files {
        let loaded = match load(path) {
            Ok(loaded) => loaded,
            Err(message) => {
                code = usage_error(&message);
                continue;
            }
        };
        let Some(model) = &loaded.compiled.model else {
            report(&loaded, style);
            code = code.max(EXIT_INVALID);
            continue;
        };
        let mut file_failed = 0;
        for scenario in model.scenarios() {
            let failures = protocolc::scenario::failures(model, scenario);
            if failures.is_empty() {
                passed += 1;
            } else {
                file_failed += 1;
                print_diagnostics(&failures, &loaded.sources, style);
            }
        }
        failed += file_failed;
        let name = path.display();
        match (model.scenarios().len(), file_failed) {
            (0, _) => println!("{name}: no scenarios"),
            (n, 0) => println!("{name}: {} passed", plural(n, "scenario")),
            (n, f) => {
                println!("{name}: {f} of {} failed", plural(n, "scenario"));
                code = code.max(EXIT_INVALID);
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    code
}

/// Compiles a file for `diff`: its model, or the exit code after reporting why not.
fn model_of(path: &Path, style: Style) -> Result<Model, i32> {
    let loaded = load(path).map_err(|message| usage_error(&message))?;
    match loaded.compiled.model {
        Some(model) => Ok(model),
        None => {
            report(&loaded, style);
            Err(EXIT_INVALID)
        }
    }
}

fn diff(first: &Path, second: Option<&Path>, as_json: bool, style: Style) -> i32 {
    let after = match model_of(second.unwrap_or(first), style) {
        Ok(model) => model,
        Err(code) => return code,
    };
    let before = match second {
        Some(_) => model_of(first, style),
        None => match after.sources().get(1) {
            // The variant's own base: the second file of its chain.
            Some(base) => model_of(Path::new(&base.file), style),
            None => {
                return usage_error(&format!(
                    "`{}` extends no base; name a second protocol to compare it with",
                    first.display()
                ))
            }
        },
    };
    let before = match before {
        Ok(model) => model,
        Err(code) => return code,
    };
    let differences = protocolc::diff::diff(&before, &after);
    let (from, to) = (
        before.sources().first().map_or("", |s| s.file.as_str()),
        after.sources().first().map_or("", |s| s.file.as_str()),
    );
    if as_json {
        let document = serde_json::json!({
            "before": before.sources().iter().map(|s| serde_json::json!({"file": s.file, "sha256": s.sha256})).collect::<Vec<_>>(),
            "after": after.sources().iter().map(|s| serde_json::json!({"file": s.file, "sha256": s.sha256})).collect::<Vec<_>>(),
            "differences": differences,
        });
        if let Err(code) = print_json(&document, "the differences") {
            return code;
        }
    } else {
        println!("From {from}\nto   {to}:\n");
        print!("{}", protocolc::diff::describe(&differences));
    }
    EXIT_OK
}

/// Prints `value` as pretty JSON on stdout; `what` names it in the error.
fn print_json(value: &impl serde::Serialize, what: &str) -> Result<(), i32> {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            println!("{text}");
            Ok(())
        }
        Err(e) => {
            eprintln!("error: cannot write {what} as JSON: {e}");
            Err(EXIT_INVALID)
        }
    }
}

/// `--value age=12`
fn parse_value(text: &str) -> Result<(String, u32), String> {
    let (id, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not ID=NUMBER, e.g. age=12"))?;
    let value = value
        .trim()
        .parse::<u32>()
        .map_err(|_| format!("`{value}` is not a whole number"))?;
    Ok((id.trim().to_string(), value))
}

/// What `eval` was told, by id.
struct Observed {
    factors: Vec<String>,
    possible: Vec<String>,
    signals: Vec<String>,
    values: Vec<(String, u32)>,
    /// `QUESTION=ANSWER`, as typed.
    answers: Vec<String>,
}

fn eval(file: &Path, observed: &Observed, as_json: bool, style: Style) -> i32 {
    let loaded = match load(file) {
        Ok(loaded) => loaded,
        Err(message) => return usage_error(&message),
    };
    let Some(model) = &loaded.compiled.model else {
        report(&loaded, style);
        return EXIT_INVALID;
    };
    // Warnings do not stop an assessment, but are shown.
    let warnings: Vec<Diagnostic> = loaded.compiled.diagnostics.clone();
    print_diagnostics(&warnings, &loaded.sources, style);
    let mut pairs = Vec::new();
    for answer in &observed.answers {
        match answer.split_once('=') {
            Some((question, word)) => pairs.push((question.trim(), word.trim())),
            None => {
                return usage_error(&format!(
                    "`--answer {answer}`: write QUESTION=ANSWER, e.g. `plan=yes`"
                ))
            }
        }
    }
    let observations = Observations::from_named(
        model,
        observed.factors.iter().map(String::as_str),
        observed.possible.iter().map(String::as_str),
        observed.signals.iter().map(String::as_str),
        observed.values.iter().map(|(id, v)| (id.as_str(), *v)),
    )
    .and_then(|o| o.with_answers_named(model, pairs));
    let observations = match observations {
        Ok(o) => o,
        Err(problems) => {
            for p in problems {
                eprintln!("error: {p}");
            }
            return EXIT_USAGE;
        }
    };
    let assessment = evaluate::assess(model, &observations);
    if as_json {
        if let Err(code) = print_json(&assessment, "the assessment") {
            return code;
        }
    } else {
        print!("{}", evaluate::explain(model, &assessment));
    }
    EXIT_OK
}
