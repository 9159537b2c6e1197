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

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use protocolc::evaluate::{self, Assessment as LibAssessment, Observations};
use protocolc::model::{Answer, FactorIdx, Model, QuestionIdx, SignalIdx};
use std::fmt::Write;
use std::path::Path;
use std::process::Command;

#[allow(dead_code)] // only part of the generated API is used here
mod oc {
    include!("../out/orange-county/csec-educators.rs");
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
    assert_eq!(oc::PROTOCOL_ID, model.metadata.id);
    assert_eq!(oc::SOURCE_FILE, OC);
    assert_eq!(oc::SOURCE_SHA256, model.sources[0].sha256);
    for (f, factor) in oc::Factor::ALL.iter().zip(&model.factors) {
        assert_eq!((f.id(), f.text()), (factor.id.as_str(), factor.text.as_str()));
        assert_eq!(f.criteria().id(), model.criteria[factor.criteria.0].id);
    }
    for (c, criteria) in oc::Criteria::ALL.iter().zip(&model.criteria) {
        assert_eq!(c.source(), criteria.source.as_deref());
        assert_eq!(c.factors().len(), criteria.factors.len());
    }
    for (t, track) in oc::Track::ALL.iter().zip(&model.tracks) {
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
                .map(|c| model.contacts[c.0].id.as_str())
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
            "#![no_std]\n#![deny(warnings)]\npub mod protocol {{\n    include!({:?});\n}}\n",
            generated
        ),
    )
    .unwrap();
    let nostd = rustc(
        &[
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "-o",
            "nostd.rlib",
            "nostd.rs",
        ],
        dir.path(),
    );
    assert_compiles(&nostd, "the generated module under #![no_std]");
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
    let mut expected: Vec<String> = model.factors.iter().map(|f| f.text.clone()).collect();
    expected.push(model.metadata.title.clone());
    expected.push("[\"crate\"]".to_string());
    assert_eq!(
        printed.lines().collect::<Vec<_>>(),
        expected,
        "text must survive the round trip exactly"
    );
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

/// A fixed pseudo-random sequence (xorshift64), so runs are repeatable.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn random_protocols_compiled_with_rustc_decide_as_the_evaluator() {
    const PROTOCOLS: usize = 24;
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
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
        let _ = writeln!(
            harness,
            "mod {module} {{\n{}\n}}",
            protocolc::emit::rust::to_rust(&model)
        );
        let mut cases = String::new();
        for (factors, signals) in observation_sets(model.factors.len(), model.signals.len(), &mut seed) {
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
        let _ = writeln!(
            main,
            "    {{ use {module}::*;\n      let cases: &[(&[usize], &[usize])] = &[{cases}];\n      for (factors, signals) in cases {{\n        let mut o = Observations::new();\n        for i in factors.iter() {{ o = o.with_factor(Factor::ALL[*i]); }}\n        for i in signals.iter() {{ o = o.with_signal(Signal::ALL[*i]); }}\n        line(\"{module}\", &assess(&o), &Criteria::ALL.iter().map(|c| (c.id(), c.index())).collect::<Vec<_>>(), |a, i| {{ let c = Criteria::ALL[i]; (a.is_met(c), a.matched(c).iter().map(|f| f.id()).collect()) }}, |a| a.applied().map(|t| t.id()).collect(), |a| a.superseded().map(|(t, by)| (t.id(), by.by_precedence().map(|b| b.id()).collect())).collect());\n      }}\n    }}"
        );
        made += 1;
    }
    main.push_str("}\n");
    harness.push_str(&main);
    harness.push_str(
        r#"
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
"#,
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("harness.rs"), &harness).unwrap();
    assert_compiles(
        &rustc(&["--edition", "2021", "-o", "harness", "harness.rs"], dir.path()),
        "the random protocols",
    );
    let run = Command::new(dir.path().join("harness")).output().unwrap();
    assert!(run.status.success());
    let got: Vec<String> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
}

/// A random valid protocol with questions (every kind of route), skips, conditional
/// deadlines and ends: three signals, one to three tracks in a chain of `precedes`.
fn branching_protocol(seed: &mut u64) -> String {
    let mut r = |n: u64| xorshift(seed) % n;
    let mut out = String::from(
        "protocol p { title \"T\" jurisdiction \"J\" audience \"A\" version \"1\" effective 2024-01-01 }\n\
         signal s0 \"S0\"\nsignal s1 \"S1\"\nsignal s2 \"S2\"\n",
    );
    let tracks = 1 + r(3) as usize;
    for t in 0..tracks {
        let _ = writeln!(out, "track t{t} \"Track {t}\" {{\n  when s{}", t % 3);
        if t + 1 < tracks {
            let later: Vec<String> = (t + 1..tracks).map(|u| format!("t{u}")).collect();
            let _ = writeln!(out, "  precedes {}", later.join(", "));
        }
        if r(2) == 0 {
            let _ = writeln!(out, "  rule \"Rule of {t}\"");
        }
        let n = 2 + r(4) as usize;
        for i in 0..n {
            let name = format!("x{t}_{i}");
            let skip = if r(3) == 0 {
                format!("    skip_when s{}\n", r(3))
            } else {
                String::new()
            };
            if i + 1 < n && r(2) == 0 {
                let route = |r: &mut dyn FnMut(u64) -> u64| match r(4) {
                    0 => "next".to_string(),
                    1 => format!("goto x{t}_{}", i + 1 + r((n - i - 1) as u64) as usize),
                    2 if t + 1 < tracks => format!("track t{}", t + 1 + r((tracks - t - 1) as u64) as usize),
                    _ => format!("end \"Outcome {t} {i}\""),
                };
                let (yes, no) = (route(&mut r), route(&mut r));
                let unclear =
                    ["", "    unclear_counts_as yes\n", "    unclear_counts_as no\n"][r(3) as usize];
                let _ = writeln!(
                    out,
                    "  question {name} \"Question {t} {i}?\" {{\n{skip}    yes {yes}\n    no {no}\n{unclear}  }}"
                );
            } else {
                let mut fields = skip;
                if r(2) == 0 {
                    let _ = writeln!(fields, "    deadline \"soon {i}\" when s{}", r(3));
                    let _ = writeln!(fields, "    deadline \"later {i}\"");
                } else if r(2) == 0 {
                    let _ = writeln!(fields, "    deadline \"only {i}\"");
                }
                if r(5) == 0 {
                    let _ = writeln!(fields, "    end \"Ended at {t} {i}\"");
                }
                let _ = writeln!(out, "  step {name} \"Step {t} {i}\" {{\n{fields}  }}");
            }
        }
        out.push_str("}\n");
    }
    out
}

/// The walk as one line, the same for the library and the generated code.
fn library_walk_line(a: &LibAssessment) -> String {
    let mut parts: Vec<String> = a
        .path
        .iter()
        .map(|p| match (&p.answer, &p.deadline) {
            (Some(answer), _) => format!("{}.{}:{answer}", p.track, p.step),
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
    while made < PROTOCOLS {
        let text = branching_protocol(&mut seed);
        let Some(model) = compile("branching.protocol", &text) else {
            continue;
        };
        let module = format!("b{made}");
        let _ = writeln!(
            harness,
            "mod {module} {{\n{}\n}}",
            protocolc::emit::rust::to_rust(&model)
        );
        let nq = model.questions.len();
        questions_seen += nq;
        let answer_sets: Vec<Vec<usize>> = if nq <= 4 {
            (0..4usize.pow(nq as u32))
                .map(|m| (0..nq).map(|q| m / 4usize.pow(q as u32) % 4).collect())
                .collect()
        } else {
            (0..64)
                .map(|_| (0..nq).map(|_| (xorshift(&mut seed) % 4) as usize).collect())
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
                for (q, a) in answers.iter().enumerate() {
                    let answer = [None, Some(Answer::Yes), Some(Answer::No), Some(Answer::Unclear)][*a];
                    if let Some(answer) = answer {
                        lib = lib.with_answer(QuestionIdx(q), answer);
                    }
                }
                expected.push(format!(
                    "{module} {}",
                    library_walk_line(&evaluate::assess(&model, &lib))
                ));
                let _ = write!(cases, "({signals}, &{answers:?}), ");
            }
        }
        let _ = writeln!(
            main,
            "    {{ use {module}::*;\n      let cases: &[(usize, &[usize])] = &[{cases}];\n      for (signals, answers) in cases {{\n        let mut o = Observations::new();\n        for s in 0..3 {{ if signals >> s & 1 == 1 {{ o = o.with_signal(Signal::ALL[s]); }} }}\n        for (q, a) in answers.iter().enumerate() {{ let answer = [None, Some(Answer::Yes), Some(Answer::No), Some(Answer::Unclear)][*a]; if let Some(a) = answer {{ o = o.with_answer(Question::ALL[q], a); }} }}\n        let a = assess(&o);\n        let mut parts: Vec<String> = a.path().map(|v| {{ let head = format!(\"{{}}.{{}}\", v.track.id(), v.step().id); match v.what {{ Visited::Answered(Answer::Yes) => format!(\"{{head}}:yes\"), Visited::Answered(Answer::No) => format!(\"{{head}}:no\"), Visited::Answered(Answer::Unclear) => format!(\"{{head}}:unclear\"), Visited::Skipped => format!(\"{{head}}:skipped\"), Visited::Done {{ deadline: Some(d) }} => format!(\"{{head}}:done({{d}})\"), Visited::Done {{ deadline: None }} => format!(\"{{head}}:done\") }} }}).collect();\n        parts.push(match a.end {{ WalkEnd::Finished => \"finished\".to_string(), WalkEnd::Ended {{ track, index, outcome }} => format!(\"ended:{{}}.{{}}:{{outcome}}\", track.id(), track.steps()[index].id), WalkEnd::Waiting {{ track, index }} => format!(\"waiting:{{}}.{{}}\", track.id(), track.steps()[index].id) }});\n        println!(\"{module} {{}}\", parts.join(\" \"));\n      }}\n    }}"
        );
        made += 1;
    }
    assert!(questions_seen > PROTOCOLS, "the random protocols ask questions");
    main.push_str("}\n");
    harness.push_str(&main);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("harness.rs"), &harness).unwrap();
    assert_compiles(
        &rustc(&["--edition", "2021", "-o", "harness", "harness.rs"], dir.path()),
        "the random branching protocols",
    );
    let run = Command::new(dir.path().join("harness")).output().unwrap();
    assert!(run.status.success());
    let got: Vec<String> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(got.len(), expected.len());
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
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
}
