//! Generators of valid protocols, shared by the tests and the benchmark
//! (which includes this file with `#[path = "../tests/support/mod.rs"]`).
//!
//! * [`generate_protocol`]: a protocol of a given size, for benchmarks and scale tests.
//! * [`random_protocol`]: a proptest strategy of random valid protocols, with the
//!   structure kept beside the text ([`RandomProtocol`]) so a test can decide
//!   independently what the compiler and evaluator should say about it.
//! * [`repo_copy`]: a temporary copy of the repository's `protocols/`, for tests
//!   that run the binary where they may change files.

// Each test crate uses only part of this module.
#![allow(dead_code)]
// Test code: a failed unwrap or index is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use std::fmt::Write;
use std::path::Path;

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
