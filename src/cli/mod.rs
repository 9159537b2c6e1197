//! The command line: the only place that reads protocol files, writes `out/`,
//! prints, and picks exit codes (0 ok, 1 invalid input, 2 usage error). This
//! file holds the commands' definitions (clap) and [`run`], which hands each
//! command to its own file; `disk.rs` reads files, `output.rs` writes them,
//! `report.rs` prints diagnostics.

use crate::diagnostic;
use crate::emit::json;
use crate::emit::pdf::{Paper, Sheet};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

mod authoring;
mod build;
mod check;
mod diff;
pub mod disk;
mod eval;
mod fmt;
mod output;
mod report;
mod test;
mod watch;

const EXIT_OK: i32 = 0;
const EXIT_INVALID: i32 = 1;
const EXIT_USAGE: i32 = 2;

/// Where `build` with no files looks for protocols, and where it writes.
const PROTOCOLS_DIR: &str = "protocols";
const OUT_DIR: &str = "out";

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

/// How diagnostics are printed: colours, and human or JSON.
#[derive(Clone, Copy)]
struct Style {
    color: diagnostic::Style,
    format: MessageFormat,
}

/// What the global flags tell every command: how diagnostics are printed, and
/// what compiling is told (the date review dates are compared with).
struct Settings {
    style: Style,
    options: crate::Options,
}

impl Settings {
    /// These settings, with every translation required to be complete when `required`.
    fn requiring_translations(self, required: bool) -> Settings {
        Settings {
            options: crate::Options {
                require_translations: required,
                ..self.options
            },
            ..self
        }
    }
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
        /// Every translation must translate every text: what one leaves out is an
        /// error (P0146), not a warning (P0315).
        #[arg(long)]
        require_translations: bool,
    },
    /// Builds outputs for protocol files (with no files: every protocol under protocols/).
    #[command(
        after_help = "Examples:\n  protocolc build\n  protocolc build protocols/orange-county/csec-educators.protocol --out /tmp/out --format json"
    )]
    Build(BuildArgs),
    /// Builds, then builds again whenever a protocol file (or a district template) is
    /// saved, printing the problems each time; Ctrl-C stops it.
    #[command(
        after_help = "Examples:\n  protocolc watch\n  protocolc watch protocols/orange-county/csec-educators.protocol --format md,html,pdf"
    )]
    Watch(BuildArgs),
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
        after_help = "Examples:\n  protocolc diff protocols/orange-county/csec-educators.protocol\n  protocolc diff protocols/examples/example-county/csec-educators.protocol protocols/orange-county/csec-educators.protocol --json\n  protocolc diff protocols/examples/example-county/csec-educators.protocol --html > redline.html"
    )]
    Diff {
        /// A variant (compared with its base), or the first of two protocols.
        first: PathBuf,
        /// The protocol to compare the first with.
        second: Option<PathBuf>,
        /// Print the differences as JSON.
        #[arg(long, conflicts_with = "html")]
        json: bool,
        /// Print the differences as a self-contained HTML page (a redline) to print and sign.
        #[arg(long)]
        html: bool,
    },
    /// Prints the JSON Schema of the JSON output (with --index, of `out/index.json`; with
    /// --vectors, of the test vectors).
    #[command(
        after_help = "Examples:\n  protocolc schema > protocol.schema.json\n  protocolc schema --index > index.schema.json\n  protocolc schema --vectors > vectors.schema.json"
    )]
    Schema {
        /// The schema of the build's `index.json` instead.
        #[arg(long, conflicts_with = "vectors")]
        index: bool,
        /// The schema of the test vectors (`<protocol>.vectors.json`) instead.
        #[arg(long)]
        vectors: bool,
    },
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
        #[arg(long = "value", value_name = "ID=VALUE", value_parser = eval::parse_value)]
        values: Vec<(String, String)>,
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
    /// Starts a county's variant of a shared protocol (the California one unless --base says
    /// otherwise), for its coordinator to fill in.
    #[command(
        after_help = "Examples:\n  protocolc new \"San Diego\"          # writes protocols/san-diego/csec-educators.protocol\n  protocolc check protocols/san-diego/csec-educators.protocol\n  protocolc new \"Kent\" --base protocols/shared/safeguarding.protocol"
    )]
    New {
        /// The county's name, e.g. "San Diego".
        county: String,
        /// The shared protocol to build on (default: the California CSEC protocol).
        #[arg(long, value_name = "FILE")]
        base: Option<PathBuf>,
        /// The folder the county's folder is made in.
        #[arg(long, value_name = "DIR", default_value = PROTOCOLS_DIR)]
        out: PathBuf,
    },
}

/// What `build` and `watch` build, and how.
#[derive(clap::Args)]
struct BuildArgs {
    /// Protocol files to build; with none, every `.protocol` file under protocols/.
    files: Vec<PathBuf>,
    /// The folder outputs are written into, mirroring the paths under protocols/.
    #[arg(long, default_value = OUT_DIR)]
    out: PathBuf,
    /// Which outputs to build, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = vec![Format::Json, Format::Vectors, Format::Md, Format::Html, Format::Pdf, Format::Rust, Format::Js, Format::Screen])]
    format: Vec<Format>,
    /// The paper the PDF flowchart is laid out for.
    #[arg(long, value_enum, default_value_t = PaperChoice::Letter)]
    paper: PaperChoice,
    /// Lay the PDF flowchart out on the paper turned sideways.
    #[arg(long)]
    landscape: bool,
    /// Do not list the files each protocol was built into (problems are still reported).
    #[arg(long, short)]
    quiet: bool,
    /// A folder of the district's own templates (`handout.md.j2`, `handout.html.j2`),
    /// used instead of the built-in ones file by file.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Every translation must translate every text: what one leaves out is an
    /// error (P0146, exit 1), not a warning (P0315).
    #[arg(long)]
    require_translations: bool,
}

impl BuildArgs {
    /// Builds once, as `protocolc build` does (the district's templates read afresh).
    fn build(&self, settings: &Settings) -> i32 {
        let templates = match build::load_templates(self.templates.as_deref()) {
            Ok(templates) => templates,
            Err(message) => return usage_error(&message),
        };
        let paper = match self.paper {
            PaperChoice::Letter => Paper::Letter,
            PaperChoice::A4 => Paper::A4,
            PaperChoice::Legal => Paper::Legal,
            PaperChoice::Tabloid => Paper::Tabloid,
            PaperChoice::A3 => Paper::A3,
            PaperChoice::Poster => Paper::Poster,
        };
        let sheet = Sheet {
            paper,
            landscape: self.landscape,
        };
        let listing = if self.quiet {
            build::Listing::Quiet
        } else {
            build::Listing::Files
        };
        build::build(
            self.files.clone(),
            &self.out,
            &self.format,
            sheet,
            &templates,
            settings,
            listing,
        )
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// JSON for downstream apps (and the JSON Schema beside it).
    Json,
    /// Test vectors: observation sets with the evaluator's decision for each, for an app
    /// deciding from the JSON to prove it decides the same (and their JSON Schema).
    Vectors,
    /// The staff handout in Markdown.
    Md,
    /// The staff handout as one printable HTML page.
    Html,
    /// The flowchart for the staff-room wall, as PDF (one page, or several when one does not hold it at 9 pt).
    Pdf,
    /// Rust rule code for downstream apps: one self-contained module.
    Rust,
    /// JavaScript rule code for web and node apps: an ES module (`.mjs`) and its TypeScript declarations (`.d.mts`).
    Js,
    /// The offline screening page: one self-contained HTML file (`.screen.html`) where staff tick what they
    /// observed and see the track that applies, why, and the steps.
    Screen,
}

impl Format {
    /// Its name on the command line and in `index.json`.
    fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Vectors => "vectors",
            Format::Md => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Rust => "rust",
            Format::Js => "js",
            Format::Screen => "screen",
        }
    }

    /// What it is, in words.
    fn describe(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Vectors => "test vectors",
            Format::Md => "Markdown handout",
            Format::Html => "HTML handout",
            Format::Pdf => "flowchart",
            Format::Rust => "Rust rule code",
            Format::Js => "JavaScript rule code",
            Format::Screen => "screening page",
        }
    }

    /// The extensions of its files: one a format, but two for JavaScript (the
    /// module and its declarations), in the order they are rendered.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Json => &["json"],
            Format::Vectors => &["vectors.json"],
            Format::Md => &["md"],
            Format::Html => &["html"],
            Format::Pdf => &["pdf"],
            Format::Rust => &["rs"],
            Format::Js => &["mjs", "d.mts"],
            Format::Screen => &["screen.html"],
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PaperChoice {
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Legal, 8.5 × 14 in.
    Legal,
    /// US Tabloid, 11 × 17 in (Ledger: the same sheet with --landscape).
    #[value(alias = "ledger")]
    Tabloid,
    /// ISO A3, 297 × 420 mm.
    A3,
    /// A poster 24 in wide and at least 36 in tall: always one page, as tall as the chart needs.
    Poster,
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
        Some(date) if crate::date::is_date(&date) => Some(date),
        Some(date) => {
            return usage_error(&format!(
                "`--today {date}` is not a date; write it as year-month-day, e.g. 2025-09-01"
            ))
        }
        None => match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(epoch) => match epoch.trim().parse::<i64>() {
                Ok(seconds) => Some(crate::date::of_epoch(seconds)),
                Err(_) => {
                    return usage_error(&format!(
                        "SOURCE_DATE_EPOCH is `{epoch}`, not a number of seconds"
                    ))
                }
            },
            Err(_) => None,
        },
    };
    let settings = Settings {
        style,
        options: crate::Options {
            today,
            require_translations: false,
        },
    };
    match cli.command {
        Command::Check {
            files,
            require_translations,
        } => check::check(&files, &settings.requiring_translations(require_translations)),
        Command::Build(args) => args.build(&settings.requiring_translations(args.require_translations)),
        Command::Watch(args) => {
            watch::watch(&args, &settings.requiring_translations(args.require_translations))
        }
        Command::Diff {
            first,
            second,
            json,
            html,
        } => {
            let shape = match (json, html) {
                (true, _) => diff::DiffShape::Json,
                (_, true) => diff::DiffShape::Html,
                _ => diff::DiffShape::Lines,
            };
            diff::diff(&first, second.as_deref(), shape, &settings)
        }
        Command::Test { files } => test::test(files, &settings),
        Command::Schema { index, vectors } => {
            let schema = match (index, vectors) {
                (true, _) => json::index_schema_json(),
                (_, true) => json::vectors_schema_json(),
                _ => json::schema_json(),
            };
            print!("{schema}");
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
        } => eval::eval(
            &file,
            &eval::Observed {
                factors,
                possible,
                signals,
                values,
                answers,
            },
            json,
            &settings,
        ),
        Command::Explain { code } => authoring::explain(&code),
        Command::Completions { shell } => authoring::completions(shell),
        Command::New { county, out, base } => {
            authoring::new_county(&county, &out, base.as_deref(), &settings)
        }
        Command::Fmt { files, check } => fmt::fmt(files, check, &settings),
    }
}

fn usage_error(message: &str) -> i32 {
    eprintln!("error: {message}");
    EXIT_USAGE
}
