//! The generated JavaScript rule code (`out/**/<protocol>.mjs`, `protocolc::emit::js`)
//! decides exactly as `protocolc eval --json`: `tests/js/module.test.mjs`, under
//! node's own test runner, imports every module in out/ and modules of random
//! protocols from the shared generators, and compares `assess` with the evaluator's
//! assessment on every input combination of the Orange County protocol, a seeded
//! sample of observation sets of every protocol (answers and values included) and
//! observations `eval` refuses. The expected objects are made in-process by the
//! functions `eval --json` prints through; a few per protocol are checked against
//! the real binary. Hostile protocol text survives the module byte for byte.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use protocolc::evaluate::{self, Observations};
use protocolc::model::Model;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::branching::{branching_protocol, mixed_protocol, xorshift};

/// Observation sets drawn for each example protocol.
const SAMPLE: usize = 1_200;
/// Observation sets drawn for each random protocol.
const RANDOM_SAMPLE: usize = 150;
/// Random protocols from each generator.
const RANDOM_PROTOCOLS: usize = 10;
/// Cases per protocol also run through the real binary.
const THROUGH_THE_BINARY: usize = 4;

/// Observations by id, as `eval` takes them and `assess` does.
#[derive(Default, Debug, Clone)]
struct Seen {
    factors: Vec<String>,
    possible: Vec<String>,
    signals: Vec<String>,
    values: BTreeMap<String, u32>,
    answers: BTreeMap<String, String>,
}

impl Seen {
    /// The argument of `assess`.
    fn to_json(&self) -> Value {
        json!({ "factors": self.factors, "possible": self.possible, "signals": self.signals,
                "values": self.values, "answers": self.answers })
    }

    /// The arguments of `protocolc eval`.
    fn args(&self) -> Vec<String> {
        let mut args = Vec::new();
        for (flag, ids) in [
            ("--factor", &self.factors),
            ("--possible", &self.possible),
            ("--signal", &self.signals),
        ] {
            for id in ids {
                args.extend([flag.to_string(), id.clone()]);
            }
        }
        for (id, v) in &self.values {
            args.extend(["--value".to_string(), format!("{id}={v}")]);
        }
        for (id, a) in &self.answers {
            args.extend(["--answer".to_string(), format!("{id}={a}")]);
        }
        args
    }
}

/// What `protocolc eval --json` prints for `seen`, made by the same calls
/// (src/cli/eval.rs: `from_named`, `with_answers_named`, `evaluate::assess`, serde);
/// `None` where eval refuses the observations.
fn eval_json(model: &Model, seen: &Seen) -> Option<Value> {
    let observations = Observations::from_named(
        model,
        seen.factors.iter().map(String::as_str),
        seen.possible.iter().map(String::as_str),
        seen.signals.iter().map(String::as_str),
        seen.values.iter().map(|(id, v)| (id.as_str(), *v)),
    )
    .and_then(|o| o.with_answers_named(model, seen.answers.iter().map(|(q, a)| (q.as_str(), a.as_str()))))
    .ok()?;
    let text = serde_json::to_string_pretty(&evaluate::assess(model, &observations)).unwrap();
    Some(serde_json::from_str(&text).unwrap())
}

/// What the real binary prints for `seen` (`None`: it refused them with exit 2).
fn binary_json(source: &Path, seen: &Seen) -> Option<Value> {
    let run = Command::new(env!("CARGO_BIN_EXE_protocolc"))
        .arg("eval")
        .arg(source)
        .arg("--json")
        .args(seen.args())
        .output()
        .unwrap();
    match run.status.code() {
        Some(0) => Some(serde_json::from_slice(&run.stdout).unwrap()),
        Some(2) => None,
        code => panic!("eval exited {code:?}: {}", String::from_utf8_lossy(&run.stderr)),
    }
}

/// The ids a protocol's JSON document offers for observations.
struct Offered {
    factors: Vec<String>,
    derived: Vec<String>,
    signals: Vec<String>,
    questions: Vec<String>,
    values: BTreeMap<String, Vec<u32>>,
    ranges: Vec<(String, u32, u32)>,
}

fn offered(doc: &Value) -> Offered {
    let strings = |items: Vec<&Value>| items.iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let factors: Vec<&Value> = doc["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["factors"].as_array().unwrap())
        .collect();
    let steps: Vec<&Value> = doc["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["steps"].as_array().unwrap())
        .collect();
    let inputs = doc
        .get("inputs")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    Offered {
        factors: strings(
            factors
                .iter()
                .filter(|f| f.get("derived").is_none())
                .map(|f| &f["id"])
                .collect(),
        ),
        derived: strings(
            factors
                .iter()
                .filter(|f| f.get("derived").is_some())
                .map(|f| &f["id"])
                .collect(),
        ),
        signals: strings(
            doc["signals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| &s["id"])
                .collect(),
        ),
        questions: strings(
            steps
                .iter()
                .filter(|s| s.get("question").is_some())
                .map(|s| &s["id"])
                .collect(),
        ),
        values: support::interesting_values(doc),
        ranges: inputs
            .iter()
            .filter_map(|i| {
                let range = i.get("range")?;
                let id = i["id"].as_str()?.to_string();
                Some((id, range[0].as_u64()? as u32, range[1].as_u64()? as u32))
            })
            .collect(),
    }
}

/// A seeded sample of observation sets: each factor yes, possible or not; signals;
/// values from the interesting ones; answers yes, no, unclear or none.
fn sample(offered: &Offered, seed: u64, n: usize) -> Vec<Seen> {
    let mut state = seed | 1;
    let mut pick = |n: usize| (xorshift(&mut state) % n as u64) as usize;
    (0..n)
        .map(|_| {
            let mut seen = Seen::default();
            for f in &offered.factors {
                match pick(4) {
                    0 => seen.factors.push(f.clone()),
                    1 => seen.possible.push(f.clone()),
                    _ => {}
                }
            }
            seen.signals = offered.signals.iter().filter(|_| pick(3) == 0).cloned().collect();
            for (input, list) in &offered.values {
                if let Some(v) = list.get(pick(list.len() + 1)) {
                    seen.values.insert(input.clone(), *v);
                }
            }
            for q in &offered.questions {
                if let Some(a) = ["yes", "no", "unclear"].get(pick(4)) {
                    seen.answers.insert(q.clone(), a.to_string());
                }
            }
            seen
        })
        .collect()
}

/// Observations `eval` refuses: unknown ids of each kind, a derived factor answered
/// by hand, a value outside its range, a word that is not an answer.
fn refused(offered: &Offered) -> Vec<Seen> {
    let mut cases = vec![
        Seen {
            factors: vec!["no_such_factor".into()],
            ..Seen::default()
        },
        Seen {
            possible: vec!["no_such_factor".into()],
            ..Seen::default()
        },
        Seen {
            signals: vec!["no_such_signal".into()],
            ..Seen::default()
        },
        Seen {
            values: [("no_such_input".to_string(), 1)].into(),
            ..Seen::default()
        },
        Seen {
            answers: [("no_such_question".to_string(), "yes".to_string())].into(),
            ..Seen::default()
        },
    ];
    if let Some(f) = offered.derived.first() {
        cases.push(Seen {
            factors: vec![f.clone()],
            ..Seen::default()
        });
    }
    if let Some((id, _, high)) = offered.ranges.first() {
        cases.push(Seen {
            values: [(id.clone(), high + 1)].into(),
            ..Seen::default()
        });
    }
    if let Some(q) = offered.questions.first() {
        cases.push(Seen {
            answers: [(q.clone(), "maybe".to_string())].into(),
            ..Seen::default()
        });
    }
    cases
}

/// Every input combination: each factor absent, present or possible, each signal
/// judged true or not.
fn every_combination(offered: &Offered) -> Vec<Seen> {
    let (nf, ns) = (offered.factors.len(), offered.signals.len());
    let count = 3usize.pow(nf as u32) << ns;
    (0..count)
        .map(|mut k| {
            let mut seen = Seen::default();
            for f in &offered.factors {
                match k % 3 {
                    1 => seen.factors.push(f.clone()),
                    2 => seen.possible.push(f.clone()),
                    _ => {}
                }
                k /= 3;
            }
            seen.signals = offered
                .signals
                .iter()
                .enumerate()
                .filter(|(j, _)| k >> j & 1 == 1)
                .map(|(_, s)| s.clone())
                .collect();
            seen
        })
        .collect()
}

/// One module to check: where it is, its cases, and its JSON document if it has one.
struct Checked {
    name: String,
    module: PathBuf,
    document: Option<PathBuf>,
    cases: Vec<(Seen, Option<Value>)>,
}

/// The cases of one protocol with the expected assessments; the first few (and
/// every refused one) checked against the binary when `source` is a file.
fn cases(model: &Model, seens: Vec<Seen>, source: Option<&Path>, name: &str) -> Vec<(Seen, Option<Value>)> {
    let cases: Vec<(Seen, Option<Value>)> = seens
        .into_iter()
        .map(|seen| {
            let expected = eval_json(model, &seen);
            (seen, expected)
        })
        .collect();
    if let Some(source) = source {
        let decided = cases.iter().filter(|c| c.1.is_some()).take(THROUGH_THE_BINARY);
        let refused = cases.iter().filter(|c| c.1.is_none()).take(THROUGH_THE_BINARY);
        for (seen, expected) in decided.chain(refused) {
            assert_eq!(
                &binary_json(source, seen),
                expected,
                "{name}: `protocolc eval --json` and the in-process assessment differ for {seen:?}"
            );
        }
    }
    cases
}

/// Every protocol built into out/: its module, document and source.
fn built_protocols() -> Vec<(PathBuf, PathBuf, PathBuf)> {
    let index: Value = serde_json::from_str(&std::fs::read_to_string("out/index.json").unwrap()).unwrap();
    index["protocols"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            let outputs: Vec<&str> = p["outputs"]
                .as_array()?
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let module = outputs.iter().find(|o| o.ends_with(".mjs"))?;
            let document = outputs.iter().find(|o| o.ends_with(".json"))?;
            Some((
                Path::new("out").join(module),
                Path::new("out").join(document),
                PathBuf::from(p["source"].as_str()?),
            ))
        })
        .collect()
}

fn compile(name: &str, text: &str) -> Option<Model> {
    protocolc::compile_text(name, text).1.model
}

/// A proptest runner with a fixed seed, so runs are repeatable.
fn runner(seed: u8) -> TestRunner {
    TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
    )
}

/// Random valid protocols from each shared generator, as (name, model).
fn random_models() -> Vec<(String, Model)> {
    let mut models = Vec::new();
    let mut take = |kind: &str, make: &mut dyn FnMut() -> String| {
        let mut made = 0;
        for attempt in 0..RANDOM_PROTOCOLS * 20 {
            if made == RANDOM_PROTOCOLS {
                break;
            }
            let name = format!("random {kind} {attempt}");
            if let Some(model) = compile(&name, &make()) {
                models.push((name, model));
                made += 1;
            }
        }
        assert_eq!(made, RANDOM_PROTOCOLS, "too few valid {kind} protocols");
    };
    let mut run = runner(7);
    take("count", &mut || {
        support::random_protocol()
            .new_tree(&mut run)
            .unwrap()
            .current()
            .text()
    });
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    take("scored", &mut || {
        support::scored_protocol_from_seed(xorshift(&mut seed) | 1).text
    });
    take("branching", &mut || branching_protocol(&mut seed));
    take("mixed", &mut || mixed_protocol(&mut seed));
    models
}

/// Runs tests/js/module.test.mjs on the modules, each case in a file of its own.
fn run_node(checked: &[Checked], dir: &Path) -> String {
    let mut manifest = Vec::new();
    for (n, c) in checked.iter().enumerate() {
        let file = dir.join(format!("cases-{n}.json"));
        let cases: Vec<Value> = c
            .cases
            .iter()
            .map(|(seen, expected)| json!({ "observations": seen.to_json(), "expected": expected }))
            .collect();
        std::fs::write(&file, Value::Array(cases).to_string()).unwrap();
        manifest.push(json!({ "name": c.name, "module": std::path::absolute(&c.module).unwrap(),
                              "cases": file, "document": c.document.as_ref().map(|d| std::path::absolute(d).unwrap()) }));
    }
    let manifest_file = dir.join("manifest.json");
    std::fs::write(&manifest_file, Value::Array(manifest).to_string()).unwrap();
    let run = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=tap")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/module.test.mjs"))
        .env("PROTOCOLC_JS_CASES", &manifest_file)
        .output()
        .unwrap();
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.status.success(),
        "the generated JavaScript disagrees with eval:\n{out}"
    );
    out
}

#[test]
fn every_generated_module_decides_as_eval_json() {
    if !support::node_ready(&[]) {
        return;
    }
    let started = std::time::Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = Vec::new();
    let built = built_protocols();
    assert!(built.len() >= 8, "{built:?}");
    for (module, document, source) in built {
        let text = std::fs::read_to_string(&source).unwrap();
        let model = compile(&source.to_string_lossy(), &text).unwrap();
        // The module in out/ is the one the emitter writes now.
        assert_eq!(
            std::fs::read_to_string(&module).unwrap(),
            protocolc::emit::js::to_module(&model),
            "{}: run `cargo run -- build`",
            module.display()
        );
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&document).unwrap()).unwrap();
        let offered = offered(&doc);
        let name = source.to_string_lossy().to_string();
        let mut seens = if name.contains("orange-county") {
            every_combination(&offered)
        } else {
            Vec::new()
        };
        seens.extend(sample(
            &offered,
            0x9e37_79b9_7f4a_7c15 ^ name.len() as u64,
            SAMPLE,
        ));
        seens.extend(refused(&offered));
        checked.push(Checked {
            cases: cases(&model, seens, Some(&source), &name),
            name,
            module,
            document: Some(document),
        });
    }
    for (n, (name, model)) in random_models().into_iter().enumerate() {
        let module = dir.path().join(format!("random-{n}.mjs"));
        std::fs::write(&module, protocolc::emit::js::to_module(&model)).unwrap();
        let document = dir.path().join(format!("random-{n}.json"));
        std::fs::write(&document, protocolc::emit::json::to_json(&model)).unwrap();
        let doc: Value = serde_json::from_str(&protocolc::emit::json::to_json(&model)).unwrap();
        let offered = offered(&doc);
        let mut seens = sample(&offered, n as u64 + 1, RANDOM_SAMPLE);
        seens.extend(refused(&offered));
        checked.push(Checked {
            cases: cases(&model, seens, None, &name),
            name,
            module,
            document: Some(document),
        });
    }
    let total: usize = checked.iter().map(|c| c.cases.len()).sum();
    let out = run_node(&checked, dir.path());
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "generated JavaScript: {total} cases over {} modules decided as eval in {:.1} s\n",
            checked.len(),
            started.elapsed().as_secs_f64()
        )
        .as_bytes(),
    );
    assert!(out.contains(&format!("# tests {}", checked.len())), "{out}");
    assert!(out.contains("# fail 0"), "{out}");
}
