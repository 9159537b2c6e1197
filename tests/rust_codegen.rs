//! The generated Rust rule code: it is current in out/, compiles on its own (and
//! under `#![no_std]`), and decides exactly as the library's evaluator does — on
//! every combination of the Orange County protocol's inputs, and on random valid
//! protocols compiled with rustc and run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::branching::{branching_protocol, mixed_protocol, xorshift};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use protocolc::evaluate::{self, Assessment as LibAssessment, FactorAnswer, Observations};
use protocolc::model::{Answer, FactorIdx, InputIdx, Leaf, Model, QuestionIdx, SignalIdx};
use std::fmt::Write;
use std::path::Path;
use std::process::Command;

#[allow(dead_code)] // only part of the generated API is used here
#[allow(unreachable_pub)] // public API where a crate includes it; here a private module
mod oc {
    include!("../out/orange-county/csec-educators.rs");
}

/// The fixed code every generated module ends with, compiled on its own.
#[allow(dead_code, unreachable_pub)] // only part of it is used here; it is public where a crate includes it
#[path = "../src/emit/rust/runtime.rs"]
mod runtime;

/// The generated code's longest line.
const WIDTH: usize = 100;

/// Asserts that no line of generated code is over [`WIDTH`] characters.
fn assert_lines_fit(rust: &str, what: &str) {
    for (n, line) in rust.lines().enumerate() {
        let width = line.chars().count();
        assert!(width <= WIDTH, "{what}:{}: {width} characters: {line}", n + 1);
    }
}

#[test]
fn generated_lines_in_out_fit_in_100_characters() {
    fn each_rs(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                each_rs(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let mut files = Vec::new();
    each_rs(Path::new("out"), &mut files);
    assert!(files.len() >= 7, "{files:?}");
    for file in files {
        assert_lines_fit(
            &std::fs::read_to_string(&file).unwrap(),
            &file.display().to_string(),
        );
    }
}

/// A protocol enum of 130 values, three words of bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Item(usize);

const ITEMS: [Item; 130] = {
    let mut all = [Item(0); 130];
    let mut i = 0;
    while i < 130 {
        all[i] = Item(i);
        i += 1;
    }
    all
};

impl runtime::Member for Item {
    const ALL: &'static [Item] = &ITEMS;

    fn index(self) -> usize {
        self.0
    }
}

#[test]
fn runtime_sets_hold_values_across_words() {
    use runtime::Set;
    type Items = Set<Item, 3>;
    const SOME: Items = Items::from_indices(&[0, 63, 64, 129]);
    assert_eq!(SOME.len(), 4);
    assert!(SOME.contains(Item(63)) && SOME.contains_index(64) && !SOME.contains(Item(1)));
    assert_eq!(SOME.iter().map(|i| i.0).collect::<Vec<_>>(), [0, 63, 64, 129]);
    let mut more = Items::default().with(Item(1)).with_index(129);
    assert!(Items::default().is_empty() && Items::default() == Items::EMPTY);
    more.insert(Item(70));
    assert_eq!(more.and(SOME).iter().collect::<Vec<_>>(), [Item(129)]);
    assert_eq!(
        SOME.minus(more).without_index(0).iter().collect::<Vec<_>>(),
        [Item(63), Item(64)]
    );
    assert_eq!(format!("{:?}", Items::EMPTY.with(Item(2))), "{Item(2)}");
    let hashed: std::collections::HashSet<Items> = [SOME, more, SOME].into_iter().collect();
    assert_eq!(hashed.len(), 2);
    // Past 32 words, where arrays have no derived `Default`.
    let wide: Set<Item, 157> = Set::default();
    assert!(wide.is_empty());
    assert_eq!(runtime::Answer::Unclear, runtime::Answer::Unclear);
    assert_ne!(
        runtime::Visited::Skipped,
        runtime::Visited::Answered(runtime::Answer::No)
    );
}

const OC: &str = "protocols/orange-county/csec-educators.protocol";

fn compile(name: &str, text: &str) -> Option<Model> {
    let (_, compiled) = protocolc::compile_text(name, text);
    compiled.model
}

fn oc_model() -> Model {
    compile(OC, &std::fs::read_to_string(OC).unwrap()).unwrap()
}

/// One line per assessment, the same for the library and the generated code:
/// applied tracks in order, superseded tracks with what supersedes them, and each
/// criteria group's verdict with its matched factors.
fn library_line(a: &LibAssessment) -> String {
    let mut line = format!(
        "applied={}",
        a.tracks
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    let superseded: Vec<String> = a
        .superseded
        .iter()
        .map(|s| format!("{}<{}", s.id, s.by.join("+")))
        .collect();
    let _ = write!(line, "|superseded={}|criteria=", superseded.join(","));
    let criteria: Vec<String> = a
        .criteria
        .iter()
        .map(|c| {
            format!(
                "{}:{}:{}",
                c.id,
                if c.met { "met" } else { "not" },
                c.matched.join("+")
            )
        })
        .collect();
    line.push_str(&criteria.join(","));
    line
}

/// Observations of the Orange County protocol from a bit mask: one bit per factor, then the signal.
fn oc_observations(model: &Model, mask: u32) -> (Observations, oc::Observations) {
    let mut lib = Observations::none(model);
    let mut gen = oc::Observations::new();
    for (i, factor) in oc::Factor::ALL.iter().enumerate() {
        if mask >> i & 1 == 1 {
            lib = lib.with_factor(FactorIdx(i));
            gen = gen.with_factor(*factor);
        }
    }
    for (j, signal) in oc::Signal::ALL.iter().enumerate() {
        if mask >> (oc::Factor::ALL.len() + j) & 1 == 1 {
            lib = lib.with_signal(SignalIdx(j));
            gen = gen.with_signal(*signal);
        }
    }
    (lib, gen)
}

fn oc_generated_line(a: &oc::Assessment) -> String {
    let mut line = format!(
        "applied={}",
        a.applied().map(|t| t.id()).collect::<Vec<_>>().join(",")
    );
    let superseded: Vec<String> = a
        .superseded()
        .map(|(t, by)| {
            format!(
                "{}<{}",
                t.id(),
                by.by_precedence().map(|b| b.id()).collect::<Vec<_>>().join("+")
            )
        })
        .collect();
    let _ = write!(line, "|superseded={}|criteria=", superseded.join(","));
    let criteria: Vec<String> = oc::Criteria::ALL
        .iter()
        .map(|c| {
            let matched: Vec<&str> = a.matched(*c).iter().map(|f| f.id()).collect();
            format!(
                "{}:{}:{}",
                c.id(),
                if a.is_met(*c) { "met" } else { "not" },
                matched.join("+")
            )
        })
        .collect();
    line.push_str(&criteria.join(","));
    line
}

#[test]
fn generated_code_in_out_is_current() {
    let rust = protocolc::emit::rust::to_rust(&oc_model());
    let committed = std::fs::read_to_string("out/orange-county/csec-educators.rs").unwrap();
    assert!(
        rust == committed,
        "out/orange-county/csec-educators.rs is stale: run `cargo run -- build` and commit out/"
    );
}

#[test]
fn orange_county_generated_assess_equals_the_evaluator_on_every_combination() {
    let model = oc_model();
    let inputs = oc::Factor::ALL.len() + oc::Signal::ALL.len();
    assert_eq!(inputs, 9, "8 factors and 1 signal");
    let mut seen = std::collections::BTreeSet::new();
    for mask in 0..1u32 << inputs {
        let (lib, gen) = oc_observations(&model, mask);
        let expected = library_line(&evaluate::assess(&model, &lib));
        let got = oc_generated_line(&oc::assess(&gen));
        assert_eq!(got, expected, "observations mask {mask:#b}");
        seen.insert(got.split('|').take(2).collect::<Vec<_>>().join("|"));
    }
    // The combinations reach every outcome: nothing, at-risk, suspected, suspected over at-risk.
    assert_eq!(seen.len(), 4, "{seen:#?}");
}

#[test]
fn generated_data_is_the_protocol_word_for_word() {
    let model = oc_model();
    assert_eq!(oc::PROTOCOL_ID, model.metadata().id);
    assert_eq!(oc::SOURCE_FILE, OC);
    assert_eq!(oc::SOURCE_SHA256, model.sources()[0].sha256);
    for (f, factor) in oc::Factor::ALL.iter().zip(model.factors()) {
        assert_eq!((f.id(), f.text()), (factor.id.as_str(), factor.text.as_str()));
        assert_eq!(f.criteria().id(), model.criteria()[factor.criteria.0].id);
    }
    for (c, criteria) in oc::Criteria::ALL.iter().zip(model.criteria()) {
        assert_eq!(c.source(), criteria.source.as_deref());
        assert_eq!(c.factors().len(), criteria.factors.len());
    }
    for (t, track) in oc::Track::ALL.iter().zip(model.tracks()) {
        let steps = t.steps();
        assert_eq!(steps.len(), track.steps.len());
        for (s, step) in steps.iter().zip(&track.steps) {
            assert_eq!(
                (s.id, s.text, s.condition),
                (
                    step.id.as_str(),
                    step.text.text.as_str(),
                    step.condition.as_deref()
                )
            );
            let contacts: Vec<&str> = s.contacts.iter().map(|c| c.id()).collect();
            let expected: Vec<&str> = step
                .text
                .contacts
                .iter()
                .map(|c| model.contacts()[c.0].id.as_str())
                .collect();
            assert_eq!(contacts, expected);
        }
    }
    assert_eq!(oc::Contact::Cps.phone(), Some("800-207-4464"));
    assert_eq!(oc::Track::Suspected.steps()[0].contacts, &[oc::Contact::Cps]);
    assert_eq!(oc::Track::PRECEDENCE, [oc::Track::Suspected, oc::Track::AtRisk]);
    assert_eq!(
        oc::Factor::from_id("missing_school"),
        Some(oc::Factor::MissingSchool)
    );
    assert_eq!(oc::Factor::from_id("nope"), None);
}

fn rustc(args: &[&str], dir: &Path) -> std::process::Output {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    Command::new(rustc).args(args).current_dir(dir).output().unwrap()
}

fn assert_compiles(output: &std::process::Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// rustc's arguments to build `nostd.rs` as a library.
const NO_STD_LIB: [&str; 7] = [
    "--edition",
    "2021",
    "--crate-type",
    "lib",
    "-o",
    "nostd.rlib",
    "nostd.rs",
];

#[test]
fn generated_code_compiles_alone_and_under_no_std_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let generated = std::fs::canonicalize("out/orange-county/csec-educators.rs").unwrap();
    let lib = rustc(
        &[
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "-D",
            "warnings",
            "-o",
            "oc.rlib",
            generated.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_compiles(&lib, "the generated module, alone");
    std::fs::write(
        dir.path().join("nostd.rs"),
        format!(
            "//! A protocol.\n#![no_std]\n#![deny(warnings)]\n#![deny(missing_docs)]\n\
             /// The protocol.\npub mod protocol {{\n    include!({:?});\n}}\n",
            generated
        ),
    )
    .unwrap();
    let nostd = rustc(&NO_STD_LIB, dir.path());
    assert_compiles(&nostd, "the generated module under #![no_std]");
}

#[test]
fn scored_code_compiles_under_no_std_without_warnings_and_is_clippy_clean() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = String::from(
        "//! Generated protocols.\n#![no_std]\n#![deny(warnings)]\n#![deny(missing_docs)]\n#![deny(clippy::all)]\n",
    );
    let cases = [
        "scored_criteria",
        "inputs_and_comparisons",
        "levels_with_allowed_gaps",
        "level_set_only_by_rules",
    ]
    .map(|name| (name, case_model(name)));
    for (name, model) in cases.into_iter().chain([("mixed", mixed_model())]) {
        std::fs::write(
            dir.path().join(format!("{name}.rs")),
            protocolc::emit::rust::to_rust(&model),
        )
        .unwrap();
        let _ = writeln!(
            lib,
            "/// A protocol.\npub mod {name} {{\n    include!(\"{name}.rs\");\n}}"
        );
    }
    std::fs::write(dir.path().join("nostd.rs"), &lib).unwrap();
    assert_compiles(
        &rustc(&NO_STD_LIB, dir.path()),
        "the scored modules under #![no_std]",
    );
    // Clippy, where it is installed (CI installs it).
    let clippy = Command::new("clippy-driver")
        .args(NO_STD_LIB)
        .current_dir(dir.path())
        .output();
    if let Ok(output) = clippy {
        assert_compiles(&output, "the scored modules under clippy");
    }
}

#[test]
fn hostile_text_and_ids_generate_valid_rust() {
    // Markup and Rust-significant text (`"#`, backslashes, quotes, newlines).
    let text = std::fs::read_to_string("tests/fixtures/adversarial.protocol").unwrap();
    let model = compile("adversarial.protocol", &text).unwrap();
    let rust = protocolc::emit::rust::to_rust(&model);
    // Ids that are keywords, start with digits, or clash after case conversion.
    let ids =
        "protocol p { title \"T\" jurisdiction \"J\" audience \"A\" version \"1\" effective 2024-01-01 }\n\
        signal self \"Self\"\nsignal 2nd \"Second\"\n\
        criteria at_risk \"A\" { met_when at_least 1 factor r#type \"T\" factor Self \"S\" }\n\
        criteria at__risk \"B\" { met_when at_least 1 factor fn \"F\" factor mod \"M\" }\n\
        track crate \"C\" { when at_risk or self\n supersedes super\n step 1 \"x\" }\n\
        track super \"S\" { when at__risk or 2nd\n step loop \"y\" }\n";
    let ids = ids.replace("r#type", "r_type");
    let ids_model = compile("ids.protocol", &ids).unwrap_or_else(|| {
        let (sources, c) = protocolc::compile_text("ids.protocol", &ids);
        panic!(
            "{}",
            protocolc::diagnostic::render_all(&c.diagnostics, &sources, protocolc::diagnostic::Style::Plain)
        )
    });
    let ids_rust = protocolc::emit::rust::to_rust(&ids_model);
    assert!(
        ids_rust.contains("AtRisk2 = 1")
            && ids_rust.contains("SelfItem = 0")
            && ids_rust.contains("N2nd = 1")
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("adversarial.rs"), &rust).unwrap();
    std::fs::write(dir.path().join("ids.rs"), &ids_rust).unwrap();
    std::fs::write(
        dir.path().join("main.rs"),
        "#![deny(warnings)]\n#![allow(dead_code)]\nmod adversarial { include!(\"adversarial.rs\"); }\nmod ids { include!(\"ids.rs\"); }\n\
         fn main() {\n    for f in adversarial::Factor::ALL { println!(\"{}\", f.text()); }\n    println!(\"{}\", adversarial::PROTOCOL_TITLE);\n    \
         let a = ids::assess(&ids::Observations::new().with_signal(ids::Signal::SelfItem));\n    \
         println!(\"{:?}\", a.applied().map(|t| t.id()).collect::<Vec<_>>());\n}\n",
    )
    .unwrap();
    assert_compiles(
        &rustc(&["--edition", "2021", "-o", "main", "main.rs"], dir.path()),
        "hostile protocols",
    );
    let run = Command::new(dir.path().join("main")).output().unwrap();
    let printed = String::from_utf8(run.stdout).unwrap();
    let mut expected: Vec<String> = model.factors().iter().map(|f| f.text.clone()).collect();
    expected.push(model.metadata().title.clone());
    expected.push("[\"crate\"]".to_string());
    assert_eq!(
        printed.lines().collect::<Vec<_>>(),
        expected,
        "text must survive the round trip exactly"
    );
}

/// A handoff to a document that is not a protocol file reaches the generated code
/// as its step's `handoff_document`: its title and web address, word for word.
#[test]
fn a_handoff_to_a_document_is_in_the_generated_code() {
    let path = "tests/cases/ok/handoff_to_a_document/input.protocol";
    let model = compile(path, &std::fs::read_to_string(path).unwrap()).unwrap();
    let document = model.tracks()[0].steps[0].handoff_document.clone().unwrap();
    let rust = protocolc::emit::rust::to_rust(&model);
    assert_lines_fit(&rust, path);
    let harness = format!(
        "#![deny(warnings)]\n#![allow(dead_code)]\nmod demo {{\n{rust}\n}}\n\
         fn main() {{\n    let step = demo::Track::Respond.steps()[0];\n    \
         let (title, url) = step.handoff_document.unwrap();\n    \
         println!(\"{{title}}\");\n    println!(\"{{url}}\");\n    \
         println!(\"{{:?}}\", step.handoff);\n}}\n"
    );
    run_harness(
        &harness,
        &[document.title, document.url, "None".to_string()],
        "a protocol with a handoff to a document",
    );
}

/// Compiles `harness` with rustc, runs it, and compares its lines with `expected`.
fn run_harness(harness: &str, expected: &[String], what: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("harness.rs"), harness).unwrap();
    assert_compiles(
        &rustc(&["--edition", "2021", "-o", "harness", "harness.rs"], dir.path()),
        what,
    );
    let run = Command::new(dir.path().join("harness")).output().unwrap();
    assert!(run.status.success());
    let got: Vec<String> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(expected) {
        assert_eq!(g, e);
    }
}

/// Observation sets for a protocol: every combination when there are few inputs,
/// otherwise a fixed pseudo-random sample.
fn observation_sets(factors: usize, signals: usize, seed: &mut u64) -> Vec<(Vec<usize>, Vec<usize>)> {
    let inputs = factors + signals;
    let masks: Vec<u64> = if inputs <= 10 {
        (0..1u64 << inputs).collect()
    } else {
        (0..1024).map(|_| xorshift(seed)).collect()
    };
    masks
        .into_iter()
        .map(|m| {
            let f = (0..factors).filter(|i| m >> i & 1 == 1).collect();
            let s = (0..signals).filter(|j| m >> (factors + j) & 1 == 1).collect();
            (f, s)
        })
        .collect()
}

/// A proptest runner with a fixed seed, so runs are repeatable.
fn runner(seed: u8) -> TestRunner {
    TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
    )
}

#[test]
fn random_protocols_compiled_with_rustc_decide_as_the_evaluator() {
    const PROTOCOLS: usize = 24;
    let mut runner = runner(7);
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut harness = String::from("#![allow(dead_code)]\n");
    let mut main = String::from("fn main() {\n");
    let mut expected = Vec::new();
    let mut made = 0;
    while made < PROTOCOLS {
        let protocol = support::random_protocol()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let Some(model) = compile("random.protocol", &protocol.text()) else {
            continue;
        };
        let module = format!("p{made}");
        let rust = protocolc::emit::rust::to_rust(&model);
        assert_lines_fit(&rust, &module);
        let _ = writeln!(harness, "mod {module} {{\n{rust}\n}}");
        let mut cases = String::new();
        for (factors, signals) in observation_sets(model.factors().len(), model.signals().len(), &mut seed) {
            let mut lib = Observations::none(&model);
            for f in &factors {
                lib = lib.with_factor(FactorIdx(*f));
            }
            for s in &signals {
                lib = lib.with_signal(SignalIdx(*s));
            }
            expected.push(format!(
                "{module} {}",
                library_line(&evaluate::assess(&model, &lib))
            ));
            let _ = write!(cases, "(&{factors:?}, &{signals:?}), ");
        }
        let _ = writeln!(main, "{}", verdict_case(&module, &cases));
        made += 1;
    }
    main.push_str("}\n");
    harness.push_str(&main);
    harness.push_str(VERDICT_LINE);
    run_harness(&harness, &expected, "the random protocols");
}

/// The printing half of a harness: the same line as [`library_line`] for a module's assessment.
const VERDICT_LINE: &str = r#"
type Verdict = (bool, Vec<&'static str>);
fn line<A>(
    module: &str,
    a: &A,
    criteria: &[(&'static str, usize)],
    verdict: impl Fn(&A, usize) -> Verdict,
    applied: impl Fn(&A) -> Vec<&'static str>,
    superseded: impl Fn(&A) -> Vec<(&'static str, Vec<&'static str>)>,
) {
    let s: Vec<String> = superseded(a).into_iter().map(|(t, by)| format!("{}<{}", t, by.join("+"))).collect();
    let c: Vec<String> = criteria
        .iter()
        .map(|(id, i)| {
            let (met, matched) = verdict(a, *i);
            format!("{}:{}:{}", id, if met { "met" } else { "not" }, matched.join("+"))
        })
        .collect();
    println!("{} applied={}|superseded={}|criteria={}", module, applied(a).join(","), s.join(","), c.join(","));
}
"#;

/// A block of a harness's `main`: `module`'s observations for each case (factor and
/// signal positions), each printed with [`VERDICT_LINE`]'s `line`.
fn verdict_case(module: &str, cases: &str) -> String {
    format!(
        "    {{ use {module}::*;\n      let cases: &[(&[usize], &[usize])] = &[{cases}];\n      for (factors, signals) in cases {{\n        let mut o = Observations::new();\n        for i in factors.iter() {{ o = o.with_factor(Factor::ALL[*i]); }}\n        for i in signals.iter() {{ o = o.with_signal(Signal::ALL[*i]); }}\n        line(\"{module}\", &assess(&o), &Criteria::ALL.iter().map(|c| (c.id(), c.index())).collect::<Vec<_>>(), |a, i| {{ let c = Criteria::ALL[i]; (a.is_met(c), a.matched(c).iter().map(|f| f.id()).collect()) }}, |a| a.applied().map(|t| t.id()).collect(), |a| a.superseded().map(|(t, by)| (t.id(), by.by_precedence().map(|b| b.id()).collect())).collect());\n      }}\n    }}"
    )
}

#[test]
fn ten_thousand_factors_compile_with_rustc_and_decide_as_the_evaluator() {
    let text = support::generate_protocol(10_000, 400);
    let model = compile("big.protocol", &text).unwrap();
    assert_eq!(model.factors().len(), 10_000);
    assert!(model.tracks().len() >= 200, "{} tracks", model.tracks().len());
    let rust = protocolc::emit::rust::to_rust(&model);
    assert_lines_fit(&rust, "the generated module of 10,000 factors");
    let mut seed = 0x0123_4567_89ab_cdef_u64;
    let mut expected = Vec::new();
    let mut cases = String::new();
    for n in 0..8u64 {
        // Nothing, then more and more factors; the signal every other time.
        let factors: Vec<usize> = (0..10_000).filter(|_| xorshift(&mut seed) % 64 < n * n).collect();
        let signals: Vec<usize> = if n % 2 == 1 { vec![0] } else { Vec::new() };
        let mut lib = Observations::none(&model);
        for f in &factors {
            lib = lib.with_factor(FactorIdx(*f));
        }
        for s in &signals {
            lib = lib.with_signal(SignalIdx(*s));
        }
        expected.push(format!("big {}", library_line(&evaluate::assess(&model, &lib))));
        let _ = write!(cases, "(&{factors:?}, &{signals:?}), ");
    }
    assert!(
        expected.iter().any(|e| !e.contains("superseded=|")),
        "something is superseded"
    );
    let harness = format!(
        "#![allow(dead_code)]\nmod big {{\n{rust}\n}}\nfn main() {{\n{}\n}}\n{VERDICT_LINE}",
        verdict_case("big", &cases)
    );
    run_harness(&harness, &expected, "the protocol of 10,000 factors");
}

// ------------------------------------ inputs, scores, levels and overrides ----

/// One student for a protocol with scores: each factor's answer (0 no, 1 yes, 2
/// "possible"), the signals judged true, each input's value (`None`: not given), and
/// each question's answer ([`ANSWERS`] by number; missing ones unanswered).
#[derive(Clone)]
struct Case {
    answers: Vec<u8>,
    signals: Vec<usize>,
    values: Vec<Option<u32>>,
    questions: Vec<usize>,
}

impl Case {
    fn observations(&self, model: &Model) -> Observations {
        let mut o = Observations::none(model);
        for (i, a) in self.answers.iter().enumerate() {
            let answer = [FactorAnswer::No, FactorAnswer::Yes, FactorAnswer::Possible][usize::from(*a)];
            o = o.with_factor_answer(FactorIdx(i), answer);
        }
        for s in &self.signals {
            o = o.with_signal(SignalIdx(*s));
        }
        for (i, v) in self.values.iter().enumerate() {
            if let Some(v) = v {
                o = o.with_value(InputIdx(i), *v);
            }
        }
        with_answers(o, &self.questions)
    }
}

/// An answer to each question by number: none, yes, no, unclear, or the first,
/// second or third choice (an answer a question does not take: it waits, in the
/// evaluator as in the generated code).
const ANSWERS: [Option<Answer>; 7] = [
    None,
    Some(Answer::Yes),
    Some(Answer::No),
    Some(Answer::Unclear),
    Some(Answer::Choice(0)),
    Some(Answer::Choice(1)),
    Some(Answer::Choice(2)),
];

/// Observations with the questions answered as `answers` says ([`ANSWERS`] by number).
fn with_answers(mut o: Observations, answers: &[usize]) -> Observations {
    for (q, a) in answers.iter().enumerate() {
        if let Some(answer) = ANSWERS[*a] {
            o = o.with_answer(QuestionIdx(q), answer);
        }
    }
    o
}

/// The harness's half of [`with_answers`], for a module's `o` and `questions: &[usize]`.
const GENERATED_ANSWERS: &str = "for (q, a) in questions.iter().enumerate() { let answer = [None, Some(Answer::Yes), Some(Answer::No), Some(Answer::Unclear), Some(Answer::Choice(0)), Some(Answer::Choice(1)), Some(Answer::Choice(2))][*a]; if let Some(a) = answer { o = o.with_answer(Question::ALL[q], a); } }";

/// The harness's half of [`library_walk_line`]: `walk`, the line for a module's assessment `a`.
const GENERATED_WALK: &str = r#"let w = a.walk(&o); let mut parts: Vec<String> = w.path().map(|v| { let head = format!("{}.{}", v.track.id(), v.step().id); match v.what { Visited::Answered(Answer::Yes) => format!("{head}:yes"), Visited::Answered(Answer::No) => format!("{head}:no"), Visited::Answered(Answer::Unclear) => format!("{head}:unclear"), Visited::Answered(Answer::Choice(k)) => format!("{head}:choice{k}"), Visited::Skipped => format!("{head}:skipped"), Visited::Done { deadline: Some(d) } => format!("{head}:done({d})"), Visited::Done { deadline: None } => format!("{head}:done") } }).collect();
        parts.push(match w.end { WalkEnd::Finished => "finished".to_string(), WalkEnd::Ended { track, index, outcome } => format!("ended:{}.{}:{outcome}", track.id(), track.steps()[index].id), WalkEnd::Waiting { track, index } => format!("waiting:{}.{}", track.id(), track.steps()[index].id) });
        let walk = parts.join(" ");"#;

/// The walk as one line, the same for the library and the generated code (a
/// choice by its position: `choice1`).
fn library_walk_line(model: &Model, a: &LibAssessment) -> String {
    let choice = |step: &str, answer: &str| {
        let question = model.question_named(step).and_then(|q| model.question_by(q))?;
        let at = question.choices().iter().position(|c| c.id == answer)?;
        Some(format!("choice{at}"))
    };
    let mut parts: Vec<String> = a
        .path
        .iter()
        .map(|p| match (&p.answer, &p.deadline) {
            (Some(answer), _) => format!(
                "{}.{}:{}",
                p.track,
                p.step,
                choice(&p.step, answer).unwrap_or_else(|| answer.clone())
            ),
            (None, Some(d)) => format!("{}.{}:done({d})", p.track, p.step),
            (None, None) => format!("{}.{}:{}", p.track, p.step, p.what),
        })
        .collect();
    parts.push(match &a.end {
        evaluate::WalkEndText::Finished => "finished".to_string(),
        evaluate::WalkEndText::Ended { track, step, outcome } => format!("ended:{track}.{step}:{outcome}"),
        evaluate::WalkEndText::Waiting { track, question, .. } => format!("waiting:{track}.{question}"),
    });
    parts.join(" ")
}

#[test]
fn random_branching_protocols_compiled_with_rustc_walk_as_the_evaluator() {
    const PROTOCOLS: usize = 16;
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut harness = String::from("#![allow(dead_code)]\n");
    let mut main = String::from("fn main() {\n");
    let mut expected = Vec::new();
    let mut made = 0;
    let mut questions_seen = 0;
    // Answers read by conditions, `only_when`, `end track`: how many protocols use each.
    const CONSTRUCTS: [&[&str]; 5] = [
        &[" is yes", " is no"],
        &["only_when"],
        &["end track"],
        &["choice c"],
        &[" is c0", " is c1", " is c2"],
    ];
    let mut uses = [0; 5];
    while made < PROTOCOLS {
        let text = branching_protocol(&mut seed);
        let Some(model) = compile("branching.protocol", &text) else {
            continue;
        };
        for (i, construct) in CONSTRUCTS.iter().enumerate() {
            if construct.iter().any(|c| text.contains(c)) {
                uses[i] += 1;
            }
        }
        let module = format!("b{made}");
        let rust = protocolc::emit::rust::to_rust(&model);
        assert_lines_fit(&rust, &module);
        let _ = writeln!(harness, "mod {module} {{\n{rust}\n}}");
        let nq = model.questions().len();
        questions_seen += nq;
        // Every answer to every question when they are few (with choices: none, yes,
        // no, unclear and three choices), else a sample.
        let options: usize = if text.contains("choice c") { 7 } else { 4 };
        let answer_sets: Vec<Vec<usize>> = if options.pow(nq as u32) <= 256 {
            (0..options.pow(nq as u32))
                .map(|m| (0..nq).map(|q| m / options.pow(q as u32) % options).collect())
                .collect()
        } else {
            (0..64)
                .map(|_| {
                    (0..nq)
                        .map(|_| (xorshift(&mut seed) % options as u64) as usize)
                        .collect()
                })
                .collect()
        };
        let mut cases = String::new();
        for signals in 0..8usize {
            for answers in &answer_sets {
                let mut lib = Observations::none(&model);
                for s in 0..3 {
                    if signals >> s & 1 == 1 {
                        lib = lib.with_signal(SignalIdx(s));
                    }
                }
                lib = with_answers(lib, answers);
                expected.push(format!(
                    "{module} {}",
                    library_walk_line(&model, &evaluate::assess(&model, &lib))
                ));
                let _ = write!(cases, "({signals}, &{answers:?}), ");
            }
        }
        let _ = writeln!(
            main,
            "    {{ use {module}::*;\n      let cases: &[(usize, &[usize])] = &[{cases}];\n      for (signals, questions) in cases {{\n        let mut o = Observations::new();\n        for s in 0..3 {{ if signals >> s & 1 == 1 {{ o = o.with_signal(Signal::ALL[s]); }} }}\n        {GENERATED_ANSWERS}\n        let a = assess(&o);\n        {GENERATED_WALK}\n        println!(\"{module} {{walk}}\");\n      }}\n    }}"
        );
        made += 1;
    }
    assert!(questions_seen > PROTOCOLS, "the random protocols ask questions");
    assert!(
        uses.iter().all(|&n| n >= 2),
        "the random protocols use each construct: {uses:?}"
    );
    main.push_str("}\n");
    harness.push_str(&main);
    let kinds: std::collections::BTreeSet<&str> = expected
        .iter()
        .map(|e| {
            ["finished", " ended:", " waiting:"]
                .into_iter()
                .find(|k| e.contains(k))
                .unwrap()
        })
        .collect();
    assert_eq!(kinds.len(), 3, "walks that finish, end and wait: {kinds:?}");
    run_harness(&harness, &expected, "the random branching protocols");
}

/// [`library_line`] and each group's `applies_when`, total, level and "possible" answers.
fn scored_library_line(a: &LibAssessment) -> String {
    let scores: Vec<String> = a
        .criteria
        .iter()
        .map(|c| {
            format!(
                "{}:{}:{}:{}:{}",
                c.id,
                c.applies,
                c.total.map_or("-".to_string(), |t| t.to_string()),
                c.level.as_deref().unwrap_or("-"),
                c.possible.join("+")
            )
        })
        .collect();
    format!("{}|scores={}", library_line(a), scores.join(","))
}

/// The printing half of the harness: the same line as [`scored_library_line`], then the walk.
const SCORED_LINE: &str = r#"
struct Scored {
    id: &'static str,
    met: bool,
    matched: Vec<&'static str>,
    applies: bool,
    total: u32,
    level: Option<&'static str>,
    possible: Vec<&'static str>,
}
fn line(module: &str, criteria: &[Scored], applied: Vec<&str>, superseded: Vec<(&str, Vec<&str>)>, walk: String) {
    let s: Vec<String> = superseded.into_iter().map(|(t, by)| format!("{}<{}", t, by.join("+"))).collect();
    let c: Vec<String> = criteria
        .iter()
        .map(|c| format!("{}:{}:{}", c.id, if c.met { "met" } else { "not" }, c.matched.join("+")))
        .collect();
    let scores: Vec<String> = criteria
        .iter()
        // The evaluator reports no total for a group that does not apply; `total()` works one out.
        .map(|c| {
            let total = if c.applies { c.total.to_string() } else { "-".to_string() };
            format!("{}:{}:{}:{}:{}", c.id, c.applies, total, c.level.unwrap_or("-"), c.possible.join("+"))
        })
        .collect();
    println!(
        "{} applied={}|superseded={}|criteria={}|scores={} {}",
        module,
        applied.join(","),
        s.join(","),
        c.join(","),
        scores.join(","),
        walk
    );
}
"#;

/// Compiles each protocol's generated module into one program with rustc, runs
/// every case through the generated `assess`, and compares each line (verdicts,
/// scores and the walk) with the evaluator's.
fn assert_scored_code_decides_as_the_evaluator(protocols: &[(Model, Vec<Case>)]) {
    let mut harness = String::from("#![deny(warnings)]\n#![allow(dead_code)]\n");
    let mut main = String::from("fn main() {\n");
    let mut expected = Vec::new();
    for (n, (model, cases)) in protocols.iter().enumerate() {
        let module = format!("p{n}");
        let rust = protocolc::emit::rust::to_rust(model);
        assert_lines_fit(&rust, &module);
        let _ = writeln!(harness, "mod {module} {{\n{rust}\n}}");
        let mut literal = String::new();
        for case in cases {
            let assessment = evaluate::assess(model, &case.observations(model));
            expected.push(format!(
                "{module} {} {}",
                scored_library_line(&assessment),
                library_walk_line(model, &assessment)
            ));
            let _ = write!(
                literal,
                "(&{:?}, &{:?}, &{:?}, &{:?}), ",
                case.answers, case.signals, case.values, case.questions
            );
        }
        let values = if model.inputs().is_empty() {
            "let _ = values;"
        } else {
            "for (i, v) in values.iter().enumerate() { if let Some(v) = v { o = o.with_value(Input::ALL[i], *v); } }"
        };
        let has_levels = model.criteria().iter().any(|c| c.scoring.is_some());
        let level = if has_levels {
            "a.level(*c).map(|l| l.id())"
        } else {
            "None"
        };
        let _ = writeln!(
            main,
            "    {{ use {module}::*;\n      let cases: &[(&[u8], &[usize], &[Option<u32>], &[usize])] = &[{literal}];\n      for (answers, signals, values, questions) in cases {{\n        let mut o = Observations::new();\n        for (i, a) in answers.iter().enumerate() {{ if *a == 1 {{ o = o.with_factor(Factor::ALL[i]); }} else if *a == 2 {{ o = o.with_possible(Factor::ALL[i]); }} }}\n        for i in signals.iter() {{ o = o.with_signal(Signal::ALL[*i]); }}\n        {values}\n        {GENERATED_ANSWERS}\n        let a = assess(&o);\n        {GENERATED_WALK}\n        let criteria: Vec<Scored> = Criteria::ALL.iter().map(|c| Scored {{ id: c.id(), met: a.is_met(*c), matched: a.matched(*c).iter().map(|f| f.id()).collect(), applies: a.applies(*c), total: a.total(*c), level: {level}, possible: a.possible(*c).iter().map(|f| f.id()).collect() }}).collect();\n        line(\"{module}\", &criteria, a.applied().map(|t| t.id()).collect(), a.superseded().map(|(t, by)| (t.id(), by.by_precedence().map(|b| b.id()).collect())).collect(), walk);\n      }}\n    }}"
        );
    }
    main.push_str("}\n");
    harness.push_str(&main);
    harness.push_str(SCORED_LINE);
    run_harness(&harness, &expected, "the scored protocols");
}

/// Every comparison leaf anywhere in the model: (input, number).
fn comparisons(model: &Model) -> Vec<(usize, u32)> {
    let mut leaves = Vec::new();
    let triggers = model
        .tracks()
        .iter()
        .map(|t| &t.trigger)
        .chain(model.criteria().iter().filter_map(|c| c.applies_when.as_ref()))
        .chain(
            model
                .criteria()
                .iter()
                .filter_map(|c| c.scoring.as_ref())
                .flat_map(|s| s.overrides.iter().map(|o| &o.when)),
        )
        .chain(
            model
                .factors()
                .iter()
                .flat_map(|f| f.derived.iter().chain(&f.only_when)),
        )
        .chain(
            model
                .tracks()
                .iter()
                .flat_map(|t| &t.steps)
                .flat_map(|s| s.skip_when.iter().chain(s.deadlines_when.iter().map(|d| &d.when))),
        );
    for t in triggers {
        t.leaves(&mut leaves);
    }
    leaves
        .into_iter()
        .filter_map(|l| match l {
            Leaf::Compare { input, value, .. } => Some((input.0, value)),
            _ => None,
        })
        .collect()
}

/// The values worth trying for an input: none, its range's ends (or 0 and
/// `u32::MAX`), and each number it is compared with, one below and one above.
fn interesting_values(model: &Model, input: usize) -> Vec<Option<u32>> {
    let (low, high) = model.inputs()[input].range.unwrap_or((0, u32::MAX));
    let mut values = vec![low, high];
    for (i, n) in comparisons(model) {
        if i == input {
            values.extend([n.saturating_sub(1), n, n.saturating_add(1)]);
        }
    }
    values.retain(|v| (low..=high).contains(v));
    values.sort_unstable();
    values.dedup();
    std::iter::once(None)
        .chain(values.into_iter().map(Some))
        .collect()
}

/// Every combination of answers, signals, interesting values and answers to questions.
fn every_case(model: &Model) -> Vec<Case> {
    let mut cases = vec![Case {
        answers: Vec::new(),
        signals: Vec::new(),
        values: Vec::new(),
        questions: Vec::new(),
    }];
    // Each case once for each choice, the choice added by `add`.
    fn each<T: Copy>(cases: Vec<Case>, choices: &[T], add: impl Fn(&mut Case, T)) -> Vec<Case> {
        cases
            .into_iter()
            .flat_map(|c| {
                let add = &add;
                choices.iter().map(move |&x| {
                    let mut c = c.clone();
                    add(&mut c, x);
                    c
                })
            })
            .collect::<Vec<_>>()
    }
    for _ in model.factors() {
        cases = each(cases, &[0u8, 1, 2], |c, a| c.answers.push(a));
    }
    for s in 0..model.signals().len() {
        cases = each(cases, &[true, false], |c, on| {
            if on {
                c.signals.push(s);
            }
        });
    }
    for i in 0..model.inputs().len() {
        cases = each(cases, &interesting_values(model, i), |c, v| c.values.push(v));
    }
    for _ in model.questions() {
        cases = each(cases, &[0, 1, 2, 3], |c, a| c.questions.push(a));
    }
    cases
}

fn case_model(name: &str) -> Model {
    let path = format!("tests/cases/ok/{name}/input.protocol");
    compile(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Points so large that totals saturate at `u32::MAX`.
const SATURATING: &str = "protocol p { title \"T\" jurisdiction \"J\" audience \"A\" version \"1\" effective 2024-01-01 }\n\
    criteria huge \"Huge\" {\n  level low \"Low\" from 0 to 4000000000\n  level top \"Top\" from 4000000001\n  met_when at_least top\n  factor a \"A\" points 4000000000\n  factor b \"B\" points 4000000000 possible 3000000000\n  factor c \"C\" points 2\n}\n\
    track t \"T\" { when huge\n step s \"x\" }\n";

/// Questions with inputs and levels: a question skipped by a comparison in a track a
/// level test triggers, a deadline that tests a level and compares an input, a skip
/// that compares an input without a range.
const MIXED: &str =
    "protocol p { title \"T\" jurisdiction \"J\" audience \"A\" version \"1\" effective 2024-01-01 }\n\
    input age \"Age\" from 0 to 25\n\
    input times \"Times missing\"\n\
    signal disclosure \"Disclosure\"\n\
    criteria screening \"Screening\" {\n\
      level low \"Low\" from 0 to 2\n\
      level high \"High\" from 3\n\
      met_when at_least high\n\
      factor controlled \"Controlled\" points 3 possible 1\n\
      factor partner \"Older partner\" points 2\n\
      force high when disclosure\n\
    }\n\
    track report \"Report\" {\n\
      when screening is high\n\
      precedes adult\n\
      question safe \"Is the student safe tonight?\" {\n\
        skip_when age >= 18\n\
        yes next\n\
        no  end \"Emergency placement\"\n\
        unclear_counts_as no\n\
      }\n\
      step call \"Call the hotline\" {\n\
        deadline \"immediately\" when screening is high and age < 12\n\
        deadline \"within 24 hours\"\n\
      }\n\
    }\n\
    track adult \"Adult\" {\n\
      when age >= 18 or disclosure\n\
      step refer \"Refer to adult services\" {\n\
        skip_when times > 2 and not disclosure\n\
      }\n\
    }\n";

fn mixed_model() -> Model {
    compile("mixed.protocol", MIXED).unwrap()
}

#[test]
fn scored_and_input_cases_decide_as_the_evaluator_on_every_combination() {
    let saturating = compile("saturating.protocol", SATURATING).unwrap();
    let protocols: Vec<(Model, Vec<Case>)> = [
        case_model("scored_criteria"),
        case_model("inputs_and_comparisons"),
        case_model("levels_with_allowed_gaps"),
        case_model("level_set_only_by_rules"),
        case_model("outcomes"),
        saturating,
        mixed_model(),
    ]
    .into_iter()
    .map(|model| {
        let cases = every_case(&model);
        (model, cases)
    })
    .collect();
    // 3^4 answers, 2 signal values, 6 ages and 6 counts of times missing.
    assert_eq!(protocols[0].1.len(), 81 * 2 * 6 * 6);
    assert_scored_code_decides_as_the_evaluator(&protocols);
}

/// Random cases for a protocol: answers, signals, and values (often none, sometimes huge).
fn random_cases(model: &Model, seed: &mut u64, n: usize) -> Vec<Case> {
    (0..n)
        .map(|_| {
            let answers = model
                .factors()
                .iter()
                .map(|_| (xorshift(seed) % 3) as u8)
                .collect();
            let signals = (0..model.signals().len())
                .filter(|_| xorshift(seed) % 2 == 0)
                .collect();
            let values = model
                .inputs()
                .iter()
                .map(|input| {
                    let r = xorshift(seed);
                    match (r % 5, input.range) {
                        (0, _) => None,
                        (_, Some((low, high))) => Some(low + (r >> 8) as u32 % (high - low + 1)),
                        (1, None) => Some(u32::MAX - (r >> 8) as u32 % 3),
                        (_, None) => Some((r >> 8) as u32 % 26),
                    }
                })
                .collect();
            let questions = model
                .questions()
                .iter()
                .map(|_| (xorshift(seed) % 4) as usize)
                .collect();
            Case {
                answers,
                signals,
                values,
                questions,
            }
        })
        .collect()
}

#[test]
fn random_scored_protocols_compiled_with_rustc_decide_as_the_evaluator() {
    const PROTOCOLS: usize = 24;
    let mut runner = runner(11);
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut protocols = Vec::new();
    let mut texts = String::new();
    let mut tries = 0;
    while protocols.len() < PROTOCOLS {
        tries += 1;
        let protocol = support::random_scored_protocol()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let Some(model) = compile("random.protocol", &protocol.text) else {
            continue;
        };
        let cases = random_cases(&model, &mut seed, 400);
        protocols.push((model, cases));
        texts.push_str(&protocol.text);
    }
    for construct in [
        " from 0 to ",
        "allow_gaps",
        "possible_counts_as yes",
        " possible ",
        " alone\n",
        " alone lv",
        "floor lv",
        "force lv",
        "applies_when",
        " is lv",
        " at_least lv",
        " < ",
        " = ",
    ] {
        assert!(texts.contains(construct), "no random protocol has `{construct}`");
    }
    // Only an unreachable track trigger makes a random protocol invalid: most are valid.
    assert!(
        tries <= 3 * PROTOCOLS,
        "{tries} tries for {PROTOCOLS} valid protocols"
    );
    assert!(
        texts
            .lines()
            .any(|l| l.starts_with("  factor") && l.contains(" when ")),
        "no random protocol has a factor worked out from inputs"
    );
    assert!(
        texts
            .lines()
            .any(|l| l.starts_with("  factor") && l.contains(" only_when ")),
        "no random protocol has a factor with `only_when`"
    );
    assert!(
        texts
            .lines()
            .any(|l| l.starts_with("  factor") && l.contains(" when ") && l.contains(" only_when ")),
        "no random protocol has a factor worked out from inputs with `only_when`"
    );
    assert!(
        texts
            .lines()
            .any(|l| l.starts_with("  level") && l.ends_with('"')),
        "no random protocol has a level without a range"
    );
    let scored = |p: &&(Model, Vec<Case>)| p.0.criteria().iter().any(|c| c.scoring.is_some());
    assert!(protocols.iter().filter(scored).count() >= PROTOCOLS / 2);
    assert_scored_code_decides_as_the_evaluator(&protocols);
}

// ------------------------------- questions with inputs and levels, together ----

#[test]
fn random_protocols_with_questions_inputs_and_levels_walk_as_the_evaluator() {
    const PROTOCOLS: usize = 16;
    let mut seed = 0x5851_f42d_4c95_7f2d_u64;
    let mut protocols = Vec::new();
    let mut texts = String::new();
    let mut tries = 0;
    while protocols.len() < PROTOCOLS {
        tries += 1;
        let text = mixed_protocol(&mut seed);
        let Some(model) = compile("mixed.protocol", &text) else {
            continue;
        };
        let cases = random_cases(&model, &mut seed, 400);
        protocols.push((model, cases));
        texts.push_str(&text);
    }
    assert!(
        tries <= 3 * PROTOCOLS,
        "{tries} tries for {PROTOCOLS} valid protocols"
    );
    let lines: Vec<&str> = texts.lines().collect();
    let has = |start: &str, within: &[&str]| {
        lines
            .iter()
            .any(|l| l.trim_start().starts_with(start) && within.iter().any(|w| l.contains(w)))
    };
    assert!(
        has("skip_when", &[" age ", " times "]),
        "a skip_when compares an input"
    );
    assert!(
        has("factor", &[" only_when "]),
        "a factor counts only for some students"
    );
    assert!(
        has("deadline", &[" is lv", " at_least lv"]),
        "a deadline tests a level"
    );
    // A question in a track that a level test triggers.
    assert!(
        texts.split("track ").skip(1).any(|t| {
            let when = t.lines().nth(1).unwrap_or("");
            (when.contains(" is lv") || when.contains(" at_least lv")) && t.contains("  question ")
        }),
        "a track triggered by a level asks a question"
    );
    let walks: Vec<String> = protocols
        .iter()
        .flat_map(|(model, cases)| {
            cases
                .iter()
                .map(|c| library_walk_line(model, &evaluate::assess(model, &c.observations(model))))
        })
        .collect();
    for kind in [
        ":skipped",
        ":done(soon",
        ":done(immediately",
        ":done(within",
        " ended:",
        " waiting:",
    ] {
        assert!(walks.iter().any(|w| w.contains(kind)), "no walk with `{kind}`");
    }
    assert_scored_code_decides_as_the_evaluator(&protocols);
}

#[test]
fn the_readme_include_example_builds_as_a_crate_without_warnings_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir_all(app.join("src")).unwrap();
    std::fs::create_dir_all(app.join("out/orange-county")).unwrap();
    std::fs::copy(
        "out/orange-county/csec-educators.rs",
        app.join("out/orange-county/csec-educators.rs"),
    )
    .unwrap();
    std::fs::write(
        app.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(
        app.join("src/main.rs"),
        support::readme_example("rust", "#[allow(dead_code)]"),
    )
    .unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let run = Command::new(cargo)
        .args(["run", "--quiet", "--offline"])
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "the README's example does not build or run:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let printed = String::from_utf8(run.stdout).unwrap();
    assert!(printed.starts_with("1. "), "{printed}");
    // Without the `allow`, an app that uses only part of the module gets dead-code
    // warnings: the README says why the `allow` is there.
    assert!(support::readme_example("rust", "#[allow(dead_code)]")
        .contains("#[allow(dead_code)] // an app uses only part"));
}

#[test]
fn every_generated_module_in_out_is_documented_and_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let mut modules =
        String::from("//! Every protocol.\n#![no_std]\n#![deny(warnings)]\n#![deny(missing_docs)]\n");
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut stack = vec![std::path::PathBuf::from("out")];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(std::fs::canonicalize(path).unwrap());
            }
        }
    }
    files.sort();
    assert!(files.len() >= 7, "{files:?}");
    for (i, file) in files.iter().enumerate() {
        let _ = writeln!(
            modules,
            "/// A protocol.\npub mod p{i} {{\n    include!({file:?});\n}}"
        );
    }
    std::fs::write(dir.path().join("nostd.rs"), modules).unwrap();
    assert_compiles(
        &rustc(&NO_STD_LIB, dir.path()),
        "every module in out/, documented",
    );
}

/// A derived factor takes no answer: `protocolc eval` refuses one, and the
/// generated `assess` ignores one (as its builders' docs say), deciding from the inputs.
#[test]
fn a_derived_factor_answered_by_hand_is_refused_by_eval_and_ignored_by_the_generated_code() {
    let path = "protocols/examples/exploitation-screening/exploitation-screening.protocol";
    let model = compile(path, &std::fs::read_to_string(path).unwrap()).unwrap();
    let refused = Observations::from_named(&model, ["frequent_missing"], [], [], []).unwrap_err();
    assert!(
        refused[0].contains("worked out from the protocol's inputs"),
        "{refused:?}"
    );
    let generated =
        std::fs::canonicalize("out/examples/exploitation-screening/exploitation-screening.rs").unwrap();
    let rust = std::fs::read_to_string(&generated).unwrap();
    assert!(
        rust.contains("`assess` ignores one given"),
        "the builders do not say so"
    );
    let harness = format!(
        "mod s {{ include!({generated:?}); }}\n\
         fn main() {{\n\
             use s::*;\n\
             assert!(Factor::FrequentMissing.is_derived());\n\
             for by_hand in [false, true] {{\n\
                 for times in [None, Some(2), Some(9)] {{\n\
                     let mut o = Observations::new().with_value(Input::Age, 14);\n\
                     if let Some(t) = times {{ o = o.with_value(Input::TimesMissing, t); }}\n\
                     let plain = assess(&o);\n\
                     if by_hand {{ o = o.with_factor(Factor::FrequentMissing); }}\n\
                     let a = assess(&o);\n\
                     assert_eq!(a, plain);\n\
                     println!(\"{{}}\", a.matched(Criteria::Screening).contains(Factor::FrequentMissing));\n\
                 }}\n\
             }}\n\
         }}\n"
    );
    let expected: Vec<String> = ["false", "false", "true", "false", "false", "true"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    run_harness(&harness, &expected, "the derived-factor harness");
}

// ------------------------------------------------------------------ scales ----

/// A random protocol over a scale (3 to 5 values), a number input and a signal:
/// three tracks, each triggered by one or two tests joined by `and` or `or` (a
/// scale compared by name with every operator, `is` and `at_least`; the age; the
/// signal), each preceding the ones after it.
fn scale_protocol(seed: &mut u64) -> String {
    let mut pick = |n: u64| (xorshift(seed) % n) as usize;
    let values = 3 + pick(3);
    let names: Vec<String> = (0..values).map(|v| format!("v{v}")).collect();
    let scale: Vec<String> = names.iter().map(|n| format!("{n} \"Value {n}\"")).collect();
    let mut text = format!(
        "protocol p {{ title \"T\" jurisdiction \"J\" audience \"A\" version \"1\" effective 2024-01-01 }}\n\
         input safety \"Safety\" scale {}\n\
         input age \"Age\" from 0 to 20\n\
         signal concern \"Concern\"\n",
        scale.join(", ")
    );
    let test = |pick: &mut dyn FnMut(u64) -> usize| -> String {
        let value = &names[pick(values as u64)];
        match pick(9) {
            0 => format!("safety < {value}"),
            1 => format!("safety <= {value}"),
            2 => format!("safety > {value}"),
            3 => format!("safety >= {value}"),
            4 => format!("safety = {value}"),
            5 => format!("safety is {value}"),
            6 => format!("safety at_least {value}"),
            7 => format!("age < {}", 1 + pick(20)),
            _ => "concern".to_string(),
        }
    };
    for t in 0..3 {
        let first = test(&mut pick);
        let when = match pick(4) {
            0 => first,
            1 => format!("{first} and {}", test(&mut pick)),
            2 => format!("{first} or {}", test(&mut pick)),
            _ => format!("{first} and not {}", test(&mut pick)),
        };
        let later: Vec<String> = (t + 1..3).map(|l| format!("t{l}")).collect();
        let precedes = if later.is_empty() {
            String::new()
        } else {
            format!("  precedes {}\n", later.join(", "))
        };
        text.push_str(&format!(
            "track t{t} \"Track {t}\" {{\n  when {when}\n{precedes}  step s \"Step\" {{\n    skip_when safety is {}\n  }}\n}}\n",
            names[pick(values as u64)]
        ));
    }
    text
}

#[test]
fn random_scale_protocols_compiled_with_rustc_decide_as_the_evaluator() {
    const PROTOCOLS: usize = 12;
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut protocols = Vec::new();
    let mut texts = String::new();
    let mut tries = 0;
    while protocols.len() < PROTOCOLS && tries < 10 * PROTOCOLS {
        tries += 1;
        let text = scale_protocol(&mut seed);
        // A test the scale's ends decide, or a track nothing triggers, is refused.
        let Some(model) = compile("scale.protocol", &text) else {
            continue;
        };
        let cases = every_case(&model);
        protocols.push((model, cases));
        texts.push_str(&text);
    }
    assert_eq!(protocols.len(), PROTOCOLS, "{tries} tries");
    for construct in [
        " < v",
        " <= v",
        " > v",
        " >= v",
        " = v",
        " is v",
        " at_least v",
        " not ",
    ] {
        assert!(texts.contains(construct), "no random protocol has `{construct}`");
    }
    assert_scored_code_decides_as_the_evaluator(&protocols);
}

// ------------------------------------------------------------------ graded ----

#[test]
fn random_graded_protocols_compiled_with_rustc_decide_as_the_evaluator() {
    const PROTOCOLS: usize = 8;
    let mut seed = 0x51_7cc1_b727_220a_u64;
    let mut protocols = Vec::new();
    let mut texts = String::new();
    let mut tries = 0;
    while protocols.len() < PROTOCOLS && tries < 10 * PROTOCOLS {
        tries += 1;
        let text = support::graded::graded_protocol(&mut seed);
        // A track nothing triggers, or two that apply together unordered, is refused.
        let Some(model) = compile("graded.protocol", &text) else {
            continue;
        };
        let cases = every_case(&model);
        protocols.push((model, cases));
        texts.push_str(&text);
    }
    assert_eq!(protocols.len(), PROTOCOLS, "{tries} tries");
    for construct in [
        "graded item",
        "tier \"Tier\"",
        " alone high",
        "item is g",
        "item at_least g",
        "floor medium",
    ] {
        assert!(texts.contains(construct), "no random protocol has `{construct}`");
    }
    assert_scored_code_decides_as_the_evaluator(&protocols);
}
