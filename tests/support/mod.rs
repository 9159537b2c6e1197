//! Generators of valid protocols, shared by the tests and the benchmark
//! (which includes this file with `#[path = "../tests/support/mod.rs"]`).
//!
//! * [`generate_protocol`]: a protocol of a given size, for benchmarks and scale tests;
//!   [`rich::generate_rich_protocol`] one that uses issue 14's constructs.
//! * [`random_protocol`]: a proptest strategy of random valid protocols, with the
//!   structure kept beside the text ([`RandomProtocol`]) so a test can decide
//!   independently what the compiler and evaluator should say about it.
//! * [`branching::branching_protocol`], [`branching::mixed_protocol`]: random valid
//!   protocols with questions, routes, inputs and levels, as text, from a seed.
//! * [`node_ready`]: whether the JavaScript tests can run; [`chromium`]: where the browser is.
//! * [`repo_copy`]: a temporary copy of the repository's `protocols/`, for tests
//!   that run the binary where they may change files.
//! * [`print_with_chromium`] and [`pdf_text`]: an HTML page printed as headless
//!   Chromium prints it, and the PDF's text as poppler reads it.

// Each test crate uses only part of this module.
#![allow(dead_code, unreachable_pub)]
// Test code: a failed unwrap or index is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod branching;
pub mod graded;
pub mod rich;

use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// Headless Chromium, if it is on the PATH; `None` elsewhere than CI (which must
/// have it: `.ci/run` installs it), after saying the caller's test is skipped.
pub fn chromium() -> Option<std::path::PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH")?
                .to_str()?
                .split(':')
                .map(|dir| Path::new(dir).join(name))
                .find(|p| p.is_file())
        });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed (see .ci/run)"
        );
        eprintln!("skipped: chromium is not installed; .ci/run installs it");
    }
    found
}

/// Prints `html` (a file) to `pdf` with headless Chromium, on the paper its CSS
/// asks for, without the browser's header and footer. `false` when Chromium is
/// not installed (outside CI).
pub fn print_with_chromium(html: &Path, pdf: &Path) -> bool {
    let Some(chromium) = chromium() else {
        return false;
    };
    let profile = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        pdf.exists(),
        "chromium wrote no PDF: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    true
}

/// A PDF's text as `pdftotext` reads it (`-layout` keeps columns), and `pdfinfo`'s report.
pub fn pdf_text(pdf: &Path, layout: bool) -> String {
    let mut command = std::process::Command::new("pdftotext");
    if layout {
        command.arg("-layout");
    }
    let text = command.arg(pdf).arg("-").output().unwrap();
    assert!(
        text.status.success(),
        "pdftotext failed (poppler-utils is installed by .ci/run)"
    );
    String::from_utf8_lossy(&text.stdout).into_owned()
}

/// `pdfinfo`'s report of a PDF (pages, page size, …).
pub fn pdf_info(pdf: &Path) -> String {
    let info = std::process::Command::new("pdfinfo").arg(pdf).output().unwrap();
    assert!(
        info.status.success(),
        "pdfinfo failed (poppler-utils is installed by .ci/run)"
    );
    String::from_utf8_lossy(&info.stdout).into_owned()
}

/// The README's example in `lang` (a fenced block inside a list item that
/// starts with `first`), without the list item's indentation.
pub fn readme_example(lang: &str, first: &str) -> String {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let fence = format!("  ```{lang}\n");
    let start = readme
        .find(&format!("{fence}  {first}"))
        .unwrap_or_else(|| panic!("the README's {lang} example"));
    let body = &readme[start + fence.len()..];
    let end = body.find("  ```\n").unwrap();
    body[..end]
        .lines()
        .map(|l| l.strip_prefix("  ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Copies `from` into `to`, folders and all.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Whether node and these packages of `tests/js` are here, for the tests that run
/// JavaScript (ajv, the reference engine). Under CI their absence fails (.ci/run
/// installs them); elsewhere the caller skips its test, and this says so loudly.
pub fn node_ready(packages: &[&str]) -> bool {
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let installed = packages.iter().all(|p| js.join("node_modules").join(p).is_dir());
    if node && installed {
        return true;
    }
    let missing = if node {
        "tests/js's packages are not installed: run `npm ci --prefix tests/js`"
    } else {
        "node is not installed"
    };
    assert!(
        std::env::var_os("CI").is_none(),
        "{missing}; .ci/run installs what the JavaScript tests need"
    );
    // Written to the process's stderr directly, past the test harness's capture,
    // so the skip shows in a normal `cargo test` run.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("\n!!! SKIPPED: a JavaScript test did not run: {missing} !!!\n").as_bytes(),
    );
    false
}

/// A temporary copy of the repository layout: `protocols/…` and nothing else.
pub fn repo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("protocols"), &dir.path().join("protocols"));
    dir
}

/// Factors per criteria group in [`generate_protocol`].
pub const FACTORS_PER_GROUP: usize = 10;
/// Contacts in [`generate_protocol`] (fewer when there are fewer steps, so each is used).
pub const CONTACTS: usize = 4;

/// The protocol header every generated protocol starts with.
fn header(out: &mut String, id: &str) {
    let _ = writeln!(
        out,
        "protocol {id} {{\n  title \"Generated protocol\"\n  jurisdiction \"Testland\"\n  audience \"Educators\"\n  version \"1.0\"\n  effective 2024-08-01\n  summary \"\"\"\n    A protocol made up by the test generator.\n  \"\"\"\n}}\n"
    );
}

/// A valid protocol with `factors` factors and `steps` steps (both at least 1).
///
/// * `ceil(factors / 10)` criteria groups `g0`, `g1`, … of (up to) 10 factors each;
///   group `g` needs `1 + g % size` of its factors.
/// * one signal `sig`, and up to [`CONTACTS`] contacts `c0`, `c1`, … with phones.
/// * tracks `t0`, `t1`, …: one per criteria group plus one for the signal (fewer
///   when there are fewer steps; then a track's `when` is an `or` of several),
///   each step naming a contact's phone and name through placeholders.
/// * tracks chained `t0 → t1 → …`, alternately with `supersedes` and `precedes`,
///   so any two tracks are ranked and the protocol checks clean (no warnings).
pub fn generate_protocol(factors: usize, steps: usize) -> String {
    assert!(factors >= 1 && steps >= 1, "a protocol needs a factor and a step");
    let groups = factors.div_ceil(FACTORS_PER_GROUP);
    let contacts = CONTACTS.min(steps);
    let mut out = String::with_capacity(200 * (factors + steps));
    header(&mut out, "generated");
    out.push_str(
        "legal {\n  statement \"Generated for testing.\"\n  law \"Education Code (EC)\" sections \"51934\", \"51950\"\n}\n\n",
    );
    out.push_str("definition term \"Term\" \"What the term means.\"\n\n");
    for k in 0..contacts {
        let _ = writeln!(
            out,
            "contact c{k} {{\n  name \"Contact number {k}\"\n  phone \"800-555-{:04}\"\n}}\n",
            k % 10_000
        );
    }
    out.push_str("signal sig \"Staff suspect exploitation\"\n\n");
    for g in 0..groups {
        let size = FACTORS_PER_GROUP.min(factors - g * FACTORS_PER_GROUP);
        let _ = writeln!(
            out,
            "criteria g{g} \"Criteria group {g}\" {{\n  source \"Generator\"\n  met_when at_least {}",
            1 + g % size
        );
        for i in 0..size {
            let _ = writeln!(
                out,
                "  factor f{g}_{i} \"Factor {i} of group {g}: something staff may notice\""
            );
        }
        out.push_str("}\n\n");
    }
    // Trigger atoms: every criteria group, then the signal.
    let atoms: Vec<String> = (0..groups)
        .map(|g| format!("g{g}"))
        .chain(std::iter::once("sig".to_string()))
        .collect();
    let tracks = atoms.len().min(steps);
    let mut step = 0;
    for t in 0..tracks {
        let when: Vec<&str> = atoms
            .iter()
            .enumerate()
            .filter(|(a, _)| a % tracks == t)
            .map(|(_, name)| name.as_str())
            .collect();
        let _ = writeln!(out, "track t{t} \"Track {t}\" {{\n  when {}", when.join(" or "));
        if t + 1 < tracks {
            let keyword = if t % 2 == 0 { "supersedes" } else { "precedes" };
            let _ = writeln!(out, "  {keyword} t{}", t + 1);
        }
        let own = steps / tracks + usize::from(t < steps % tracks);
        for s in 0..own {
            let c = step % contacts;
            let _ = writeln!(
                out,
                "  step s{s} \"Step {step}: call {{c{c}.name}} at {{c{c}.phone}} and write down what they said.\""
            );
            step += 1;
        }
        out.push_str("}\n\n");
    }
    out
}

// ------------------------------------------------------------ random protocols ----

/// A trigger of a random protocol.
#[derive(Clone, Debug)]
pub enum Expr {
    Criteria(usize),
    Signal(usize),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    /// The trigger in the protocol language, parenthesised only where needed
    /// (`not` binds tightest, then `and`, then `or`).
    pub fn text(&self) -> String {
        self.write(0)
    }

    fn write(&self, parent: u8) -> String {
        let (own, text) = match self {
            Expr::Criteria(c) => (3, criteria_id(*c)),
            Expr::Signal(s) => (3, signal_id(*s)),
            Expr::Not(inner) => (3, format!("not {}", inner.write(3))),
            Expr::And(items) => (
                2,
                items.iter().map(|e| e.write(2)).collect::<Vec<_>>().join(" and "),
            ),
            Expr::Or(items) => (
                1,
                items.iter().map(|e| e.write(1)).collect::<Vec<_>>().join(" or "),
            ),
        };
        // Parenthesise an `and`/`or` inside something binding as tightly, too:
        // `a and (b and c)` reads the same, and it exercises the parser.
        if own < parent || (own < 3 && own == parent) {
            format!("({text})")
        } else {
            text
        }
    }

    /// Evaluates the trigger given criteria verdicts and signals.
    pub fn holds(&self, met: &[bool], signals: &[bool]) -> bool {
        match self {
            Expr::Criteria(c) => met[*c],
            Expr::Signal(s) => signals[*s],
            Expr::Not(inner) => !inner.holds(met, signals),
            Expr::And(items) => items.iter().all(|e| e.holds(met, signals)),
            Expr::Or(items) => items.iter().any(|e| e.holds(met, signals)),
        }
    }
}

pub fn criteria_id(c: usize) -> String {
    format!("crit{c}")
}
pub fn signal_id(s: usize) -> String {
    format!("sig{s}")
}
pub fn factor_id(c: usize, i: usize) -> String {
    format!("fac{c}_{i}")
}
pub fn track_id(t: usize) -> String {
    format!("trk{t}")
}

/// A random track: its trigger, number of steps, and the tracks it ranks above.
#[derive(Clone, Debug)]
pub struct RandomTrack {
    pub when: Expr,
    pub steps: usize,
    pub supersedes: Vec<usize>,
    pub precedes: Vec<usize>,
}

/// A random valid protocol, as structure.
#[derive(Clone, Debug)]
pub struct RandomProtocol {
    /// Each criteria group's factor count and threshold (1 ≤ threshold ≤ count).
    pub criteria: Vec<(usize, usize)>,
    pub signals: usize,
    /// Tracks in file order.
    pub tracks: Vec<RandomTrack>,
    /// The total order the precedence is consistent with: track indices, highest first.
    /// Consecutive tracks in it are always linked, so it is the only order.
    pub order: Vec<usize>,
}

impl RandomProtocol {
    /// The protocol's text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        header(&mut out, "random");
        out.push_str("contact office {\n  name \"The office\"\n  phone \"+1 (714) 555-0100\"\n}\n\n");
        for s in 0..self.signals {
            let _ = writeln!(out, "signal {} \"Signal {s}\"\n", signal_id(s));
        }
        for (c, &(count, threshold)) in self.criteria.iter().enumerate() {
            let _ = writeln!(
                out,
                "criteria {} \"Criteria {c}\" {{\n  met_when at_least {threshold}",
                criteria_id(c)
            );
            for i in 0..count {
                let _ = writeln!(out, "  factor {} \"Factor {i} of {c}\"", factor_id(c, i));
            }
            out.push_str("}\n\n");
        }
        for (t, track) in self.tracks.iter().enumerate() {
            let _ = writeln!(
                out,
                "track {} \"Track {t}\" {{\n  when {}",
                track_id(t),
                track.when.text()
            );
            for (keyword, list) in [("supersedes", &track.supersedes), ("precedes", &track.precedes)] {
                if !list.is_empty() {
                    let names: Vec<String> = list.iter().map(|&u| track_id(u)).collect();
                    let _ = writeln!(out, "  {keyword} {}", names.join(", "));
                }
            }
            for s in 0..track.steps {
                let _ = writeln!(
                    out,
                    "  step st{s} \"Step {s} of track {t}: call {{office.name}} at {{office.phone}}.\""
                );
            }
            out.push_str("}\n\n");
        }
        out
    }

    /// Whether `above` supersedes `below`, directly or through a chain of `supersedes`.
    pub fn supersedes(&self, above: usize, below: usize) -> bool {
        let mut stack = vec![above];
        let mut seen = vec![false; self.tracks.len()];
        while let Some(t) = stack.pop() {
            for &s in &self.tracks[t].supersedes {
                if s == below {
                    return true;
                }
                if !seen[s] {
                    seen[s] = true;
                    stack.push(s);
                }
            }
        }
        false
    }

    /// Whether every trigger can fire for some criteria verdicts and signals
    /// (criteria verdicts are independent: each group has its own factors).
    pub fn all_satisfiable(&self) -> bool {
        let atoms = self.criteria.len() + self.signals;
        self.tracks.iter().all(|t| {
            (0..1u32 << atoms).any(|bits| {
                let met: Vec<bool> = (0..self.criteria.len()).map(|c| bits >> c & 1 == 1).collect();
                let signals: Vec<bool> = (0..self.signals)
                    .map(|s| bits >> (self.criteria.len() + s) & 1 == 1)
                    .collect();
                t.when.holds(&met, &signals)
            })
        })
    }
}

/// A random trigger over `criteria` criteria groups and `signals` signals.
pub fn random_expr(criteria: usize, signals: usize) -> impl Strategy<Value = Expr> {
    let leaf = (0..criteria + signals).prop_map(move |a| {
        if a < criteria {
            Expr::Criteria(a)
        } else {
            Expr::Signal(a - criteria)
        }
    });
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| Expr::Not(Box::new(e))),
            prop::collection::vec(inner.clone(), 2..=3).prop_map(Expr::And),
            prop::collection::vec(inner, 2..=3).prop_map(Expr::Or),
        ]
    })
}

/// Random valid protocols: 1–4 criteria groups of 1–5 factors with thresholds in
/// range, 0–2 signals, 1–5 tracks with random `and`/`or`/`not` triggers that can
/// each fire, and random `supersedes`/`precedes` links consistent with a random
/// total order (consecutive tracks always linked, others at random).
pub fn random_protocol() -> impl Strategy<Value = RandomProtocol> {
    let criteria = prop::collection::vec((1usize..=5).prop_flat_map(|n| (Just(n), 1..=n)), 1..=4);
    (criteria, 0usize..=2, 1usize..=5)
        .prop_flat_map(|(criteria, signals, n_tracks)| {
            let tracks = prop::collection::vec((random_expr(criteria.len(), signals), 1usize..=3), n_tracks);
            let order = Just((0..n_tracks).collect::<Vec<usize>>()).prop_shuffle();
            // For each pair of positions in the order: (linked even when not adjacent, supersedes).
            let links = prop::collection::vec((any::<bool>(), any::<bool>()), n_tracks * n_tracks);
            (Just(criteria), Just(signals), tracks, order, links)
        })
        .prop_map(|(criteria, signals, tracks, order, links)| {
            let n = tracks.len();
            let mut tracks: Vec<RandomTrack> = tracks
                .into_iter()
                .map(|(when, steps)| RandomTrack {
                    when,
                    steps,
                    supersedes: Vec::new(),
                    precedes: Vec::new(),
                })
                .collect();
            for i in 0..n {
                for j in i + 1..n {
                    let (linked, supersedes) = links[i * n + j];
                    if j == i + 1 || linked {
                        let (above, below) = (order[i], order[j]);
                        if supersedes {
                            tracks[above].supersedes.push(below);
                        } else {
                            tracks[above].precedes.push(below);
                        }
                    }
                }
            }
            RandomProtocol {
                criteria,
                signals,
                tracks,
                order,
            }
        })
        .prop_filter("every trigger can fire", RandomProtocol::all_satisfiable)
}

// ------------------------------------------------- random scored protocols ----

/// A fixed pseudo-random sequence (xorshift64) for [`random_scored_protocol`].
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number in `0..n` (`n` ≥ 1).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A number in `low..=high`.
    fn within(&mut self, low: u32, high: u32) -> u32 {
        low + self.below((high - low + 1) as usize) as u32
    }
    /// True one time in `n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// What a trigger in a random scored protocol may read.
struct Readable {
    signals: usize,
    /// Each input's range top, when it has a range (`from 0 to TOP`).
    inputs: Vec<Option<u32>>,
    /// The groups declared so far (they may be read), each with its level count (0: a count group).
    groups: Vec<usize>,
}

impl Readable {
    /// A comparison of an input with a number its range does not decide.
    fn comparison(&self, rng: &mut Rng) -> String {
        let i = rng.below(self.inputs.len());
        let n = match self.inputs[i] {
            Some(top) => rng.within(1, top - 1),
            None => rng.within(0, 20),
        };
        let op = ["<", "<=", ">", ">=", "="][rng.below(5)];
        format!("{} {op} {n}", input_id(i))
    }

    fn leaf(&self, rng: &mut Rng) -> String {
        loop {
            match rng.below(4) {
                0 if self.signals > 0 => return signal_id(rng.below(self.signals)),
                1 if !self.groups.is_empty() => {
                    let g = rng.below(self.groups.len());
                    let levels = self.groups[g];
                    if levels == 0 || rng.one_in(3) {
                        return criteria_id(g);
                    }
                    let word = if rng.one_in(2) { "is" } else { "at_least" };
                    return format!("{} {word} {}", criteria_id(g), level_id(rng.below(levels)));
                }
                2 | 3 => return self.comparison(rng),
                _ => {}
            }
        }
    }

    /// A random trigger: leaves joined by `and`, `or`, `not`, parenthesised where nested.
    fn trigger(&self, rng: &mut Rng, depth: usize) -> String {
        if depth == 0 || rng.one_in(2) {
            return self.leaf(rng);
        }
        let inner = |rng: &mut Rng| {
            let t = self.trigger(rng, depth - 1);
            if t.contains(' ') && !t.starts_with("not ") {
                format!("({t})")
            } else {
                t
            }
        };
        match rng.below(3) {
            0 => format!("not {}", inner(rng)),
            1 => format!("{} and {}", inner(rng), inner(rng)),
            _ => format!("{} or {}", inner(rng), inner(rng)),
        }
    }
}

pub fn input_id(i: usize) -> String {
    format!("in{i}")
}
pub fn level_id(l: usize) -> String {
    format!("lv{l}")
}

/// A random protocol with the constructs beyond counting factors, as text.
#[derive(Clone, Debug)]
pub struct RandomScoredProtocol {
    /// The seed it was made from (to reproduce it).
    pub seed: u64,
    pub text: String,
}

/// Random protocols with inputs (with and without ranges), comparisons, count and
/// scored criteria groups (levels contiguous or with `allow_gaps`, points, `possible`,
/// `possible_counts_as yes`, `alone` and `alone LEVEL`, `floor`/`force`,
/// `applies_when`, factors worked out from `when`, factors with `only_when`), level tests, and tracks ranked
/// in a chain. Rules read only groups declared before them, so groups never read
/// each other in a circle; comparisons stay inside their input's range. A random
/// track trigger may still be one no student can meet: compile and retry.
pub fn random_scored_protocol() -> impl Strategy<Value = RandomScoredProtocol> {
    any::<u64>().prop_map(|seed| scored_protocol_from_seed(seed | 1))
}

/// The protocol [`random_scored_protocol`] makes from `seed` (not 0).
pub fn scored_protocol_from_seed(seed: u64) -> RandomScoredProtocol {
    let mut rng = Rng(seed);
    let mut out = String::new();
    header(&mut out, "scored");
    out.push_str("contact office {\n  name \"The office\"\n  phone \"+1 (714) 555-0100\"\n}\n\n");
    let mut readable = Readable {
        signals: rng.below(3),
        inputs: (0..1 + rng.below(3))
            .map(|_| (!rng.one_in(3)).then(|| rng.within(2, 30)))
            .collect(),
        groups: Vec::new(),
    };
    for (i, range) in readable.inputs.iter().enumerate() {
        let range = range.map_or(String::new(), |top| format!(" from 0 to {top}"));
        let _ = writeln!(out, "input {} \"Input {i}\"{range}\n", input_id(i));
    }
    for s in 0..readable.signals {
        let _ = writeln!(out, "signal {} \"Signal {s}\"\n", signal_id(s));
    }
    for g in 0..1 + rng.below(4) {
        let scored = rng.one_in(2);
        let counts_as_yes = rng.one_in(3);
        let mut body = String::new();
        if rng.one_in(4) {
            let _ = writeln!(body, "  applies_when {}", readable.trigger(&mut rng, 2));
        }
        if counts_as_yes {
            body.push_str("  possible_counts_as yes\n");
        }
        let factors = 1 + rng.below(5);
        let ranged = if scored { 1 + rng.below(4) } else { 0 };
        // Sometimes a level no total reaches, which only rules set, anywhere in the order.
        let by_rule = (scored && rng.one_in(3)).then(|| rng.below(ranged + 1));
        let levels = ranged + usize::from(by_rule.is_some());
        // Each factor: (points, possible points, options text).
        let mut most = 0u32;
        let mut lines = Vec::new();
        for i in 0..factors {
            let mut options = String::new();
            if scored {
                let points = rng.within(1, 4);
                let possible = (rng.one_in(3)).then(|| rng.within(0, 3));
                let _ = write!(options, " points {points}");
                if let Some(p) = possible {
                    let _ = write!(options, " possible {p}");
                }
                if rng.one_in(5) {
                    let _ = write!(options, " alone {}", level_id(rng.below(levels)));
                }
                let on_possible = possible.unwrap_or(if counts_as_yes { points } else { 0 });
                most += points.max(on_possible);
            } else if rng.one_in(5) {
                options.push_str(" alone");
            }
            if rng.one_in(5) {
                let _ = write!(options, " when {}", readable.trigger(&mut rng, 1));
            }
            if rng.one_in(4) {
                let _ = write!(options, " only_when {}", readable.trigger(&mut rng, 1));
            }
            lines.push(format!(
                "  factor {} \"Factor {i} of {g}\"{options}",
                factor_id(g, i)
            ));
        }
        if scored {
            let gaps = rng.one_in(3);
            if gaps {
                body.push_str("  allow_gaps\n");
            }
            let mut from = if gaps { rng.within(0, 2) } else { 0 };
            let mut written = 0;
            for l in 0..levels {
                if by_rule == Some(l) {
                    let _ = writeln!(body, "  level {} \"Level {l} of {g}\"", level_id(l));
                    continue;
                }
                written += 1;
                let top = written == ranged;
                let to = from + rng.within(0, 3);
                let range = match (top, gaps) {
                    (true, _) if rng.one_in(2) => format!("from {from}"),
                    (true, false) => format!("from {from} to {}", to.max(most)),
                    _ => format!("from {from} to {to}"),
                };
                let _ = writeln!(body, "  level {} \"Level {l} of {g}\" {range}", level_id(l));
                from = to + 1 + if gaps { rng.within(0, 2) } else { 0 };
            }
            if let Some(l) = by_rule {
                let _ = writeln!(
                    body,
                    "  force {} when {}",
                    level_id(l),
                    readable.trigger(&mut rng, 1)
                );
            }
            let _ = writeln!(body, "  met_when at_least {}", level_id(rng.below(levels)));
            for _ in 0..rng.below(3) {
                let keyword = if rng.one_in(2) { "floor" } else { "force" };
                let _ = writeln!(
                    body,
                    "  {keyword} {} when {}",
                    level_id(rng.below(levels)),
                    readable.trigger(&mut rng, 1)
                );
            }
        } else {
            let _ = writeln!(body, "  met_when at_least {}", 1 + rng.below(factors));
        }
        let _ = writeln!(
            out,
            "criteria {} \"Criteria {g}\" {{\n{body}{}\n}}\n",
            criteria_id(g),
            lines.join("\n")
        );
        readable.groups.push(levels);
    }
    // Sometimes a named outcome: values without points, set by rules (the highest
    // that holds wins), with or without an `otherwise`; read by the tracks as a group.
    if rng.one_in(2) {
        let g = readable.groups.len();
        let values = 2 + rng.below(3);
        let mut body = String::new();
        for v in 0..values {
            let _ = writeln!(body, "  value {} \"Value {v} of {g}\"", level_id(v));
        }
        for _ in 0..1 + rng.below(3) {
            let _ = writeln!(
                body,
                "  set {} when {}",
                level_id(rng.below(values)),
                readable.trigger(&mut rng, 2)
            );
        }
        if rng.one_in(2) {
            let _ = writeln!(body, "  otherwise {}", level_id(rng.below(values)));
        }
        let _ = writeln!(out, "outcome {} \"Outcome {g}\" {{\n{body}}}\n", criteria_id(g));
        readable.groups.push(values);
    }
    let tracks = 1 + rng.below(4);
    for t in 0..tracks {
        let _ = writeln!(
            out,
            "track {} \"Track {t}\" {{\n  when {}",
            track_id(t),
            readable.trigger(&mut rng, 2)
        );
        if t + 1 < tracks {
            let keyword = if rng.one_in(2) { "supersedes" } else { "precedes" };
            let _ = writeln!(out, "  {keyword} {}", track_id(t + 1));
        }
        let _ = writeln!(
            out,
            "  step st \"Step of track {t}: call {{office.name}}.\"\n}}\n"
        );
    }
    RandomScoredProtocol { seed, text: out }
}

// ------------------------------------------------------- observation values ----

/// The numbers worth trying for each input: none, the ends of its range, and each
/// number a comparison names, with its neighbours.
pub fn interesting_values(doc: &Value) -> BTreeMap<String, Vec<u32>> {
    fn comparisons(doc: &Value, v: &Value, out: &mut BTreeMap<String, Vec<u32>>) {
        match v {
            Value::Object(map) => {
                if let Some(c) = map.get("compare").filter(|c| c.get("input").is_some()) {
                    let input = c["input"].as_str().unwrap();
                    let n = input_position(doc, input, &c["value"]);
                    let list = out.entry(input.to_string()).or_default();
                    list.extend([n.saturating_sub(1), n, n.saturating_add(1)]);
                }
                map.values().for_each(|v| comparisons(doc, v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| comparisons(doc, v, out)),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    comparisons(doc, doc, &mut out);
    for input in doc.get("inputs").and_then(Value::as_array).into_iter().flatten() {
        let list = out.entry(input["id"].as_str().unwrap().to_string()).or_default();
        let range = match (input.get("range"), input.get("scale")) {
            (Some(range), _) => Some((
                range[0].as_u64().unwrap() as u32,
                range[1].as_u64().unwrap() as u32,
            )),
            (None, Some(scale)) => Some((0, scale.as_array().unwrap().len() as u32 - 1)),
            (None, None) => None,
        };
        if let Some((low, high)) = range {
            list.extend([low, high]);
            list.retain(|v| (low..=high).contains(v));
        }
    }
    out
}

/// A value in the JSON document (a number, or a scale's value by id) as the
/// number comparisons decide by: the number, or the value's position in its scale.
pub fn input_position(doc: &Value, input: &str, value: &Value) -> u32 {
    match value.as_str() {
        Some(id) => scale_of(doc, input).iter().position(|v| v == id).unwrap() as u32,
        None => value.as_u64().unwrap() as u32,
    }
}

/// A value as `eval` and the JavaScript module take it: a number, or a scale's value by id.
pub fn input_written(doc: &Value, input: &str, position: u32) -> Value {
    match scale_of(doc, input).get(position as usize) {
        Some(id) => Value::String(id.clone()),
        None => position.into(),
    }
}

/// The ids of a scale's values, lowest first (empty for a number input).
fn scale_of(doc: &Value, input: &str) -> Vec<String> {
    doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == input)
        .and_then(|i| i.get("scale"))
        .and_then(Value::as_array)
        .map(|values| {
            values
                .iter()
                .map(|v| v["id"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}
