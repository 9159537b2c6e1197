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
    /// Values as the module and `eval` take them: numbers, or a scale's value ids.
    values: BTreeMap<String, Value>,
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
            args.extend(["--value".to_string(), format!("{id}={}", written(v))]);
        }
        for (id, a) in &self.answers {
            args.extend(["--answer".to_string(), format!("{id}={a}")]);
        }
        args
    }
}

/// A value as typed after `--value ID=`: a number, or a scale value's id.
fn written(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_string)
}

/// What `protocolc eval --json` prints for `seen`, made by the same calls
/// (src/cli/eval.rs: `from_named`, `with_answers_named`, `evaluate::assess`, serde);
/// where eval refuses the observations, the problems it prints, one a line.
fn eval_json(model: &Model, seen: &Seen) -> Result<Value, String> {
    let values: Vec<(&str, String)> = seen
        .values
        .iter()
        .map(|(id, v)| (id.as_str(), written(v)))
        .collect();
    let observations = Observations::from_named(
        model,
        seen.factors.iter().map(String::as_str),
        seen.possible.iter().map(String::as_str),
        seen.signals.iter().map(String::as_str),
        values.iter().map(|(id, v)| (*id, v.as_str())),
    )
    .and_then(|o| o.with_answers_named(model, seen.answers.iter().map(|(q, a)| (q.as_str(), a.as_str()))))
    .map_err(|problems| problems.join("\n"))?;
    let text = serde_json::to_string_pretty(&evaluate::assess(model, &observations)).unwrap();
    Ok(serde_json::from_str(&text).unwrap())
}

/// What the real binary prints for `seen`: the assessment, or the problems it
/// refused the observations for (exit 2), one a line.
fn binary_json(source: &Path, seen: &Seen) -> Result<Value, String> {
    let run = Command::new(env!("CARGO_BIN_EXE_protocolc"))
        .arg("eval")
        .arg(source)
        .arg("--json")
        .args(seen.args())
        .output()
        .unwrap();
    match run.status.code() {
        Some(0) => Ok(serde_json::from_slice(&run.stdout).unwrap()),
        Some(2) => Err(String::from_utf8_lossy(&run.stderr)
            .lines()
            .filter_map(|l| l.strip_prefix("error: "))
            .collect::<Vec<_>>()
            .join("\n")),
        code => panic!("eval exited {code:?}: {}", String::from_utf8_lossy(&run.stderr)),
    }
}

/// The ids a protocol's JSON document offers for observations.
struct Offered {
    factors: Vec<String>,
    derived: Vec<String>,
    signals: Vec<String>,
    questions: Vec<String>,
    /// Values worth trying, as the module and `eval` take them.
    values: BTreeMap<String, Vec<Value>>,
    ranges: Vec<(String, u32, u32)>,
    /// Each scale and its lowest value's id.
    scales: Vec<(String, String)>,
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
                // A select-all question takes no answer: its group's factors are its ticks.
                .filter(|s| s.get("question").is_some_and(|q| q.get("select_all").is_none()))
                .map(|s| &s["id"])
                .collect(),
        ),
        values: support::interesting_values(doc)
            .into_iter()
            .map(|(id, list)| {
                let written = list
                    .iter()
                    .map(|v| support::input_written(doc, &id, *v))
                    .collect();
                (id, written)
            })
            .collect(),
        scales: inputs
            .iter()
            .filter_map(|i| {
                Some((
                    i["id"].as_str()?.to_string(),
                    i["scale"][0]["id"].as_str()?.to_string(),
                ))
            })
            .collect(),
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
                    seen.values.insert(input.clone(), v.clone());
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

/// Observations `eval` refuses: unknown ids of each kind (one misspelt, one not close to any), a derived factor answered
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
            values: [("no_such_input".to_string(), 1.into())].into(),
            ..Seen::default()
        },
        Seen {
            answers: [("no_such_question".to_string(), "yes".to_string())].into(),
            ..Seen::default()
        },
    ];
    if let Some(f) = offered.factors.first() {
        cases.push(Seen {
            factors: vec![format!("{f}x")],
            possible: vec![f.clone()],
            ..Seen::default()
        });
    }
    if let Some(s) = offered.signals.last() {
        cases.push(Seen {
            signals: vec![s.chars().rev().collect()],
            ..Seen::default()
        });
    }
    if let Some(f) = offered.derived.first() {
        cases.push(Seen {
            factors: vec![f.clone()],
            ..Seen::default()
        });
    }
    if let Some((id, _, high)) = offered.ranges.first() {
        cases.push(Seen {
            values: [(id.clone(), (high + 1).into())].into(),
            ..Seen::default()
        });
    }
    if let Some((id, lowest)) = offered.scales.first() {
        // A misspelt value, and a number given to a scale.
        cases.push(Seen {
            values: [(id.clone(), format!("{lowest}x").into())].into(),
            ..Seen::default()
        });
        cases.push(Seen {
            values: [(id.clone(), 0.into())].into(),
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
    cases: Vec<(Seen, Result<Value, String>)>,
}

/// The cases of one protocol with the expected assessments; the first few (and
/// every refused one) checked against the binary when `source` is a file.
fn cases(
    model: &Model,
    seens: Vec<Seen>,
    source: Option<&Path>,
    name: &str,
) -> Vec<(Seen, Result<Value, String>)> {
    let cases: Vec<(Seen, Result<Value, String>)> = seens
        .into_iter()
        .map(|seen| {
            let expected = eval_json(model, &seen);
            (seen, expected)
        })
        .collect();
    if let Some(source) = source {
        let decided = cases.iter().filter(|c| c.1.is_ok()).take(THROUGH_THE_BINARY);
        let refused = cases.iter().filter(|c| c.1.is_err()).take(THROUGH_THE_BINARY);
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
    take("graded", &mut || support::graded::graded_protocol(&mut seed));
    assert!(
        models
            .iter()
            .any(|(_, m)| m.factors().iter().any(|f| f.only_when.is_some())),
        "no random protocol has a factor with `only_when`"
    );
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
            .map(|(seen, expected)| match expected {
                Ok(assessment) => json!({ "observations": seen.to_json(), "expected": assessment }),
                Err(problems) => json!({ "observations": seen.to_json(), "refused": problems }),
            })
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
        let name = source.to_string_lossy().to_string();
        // The module and declarations in out/ are the ones the emitter writes now.
        assert_eq!(
            std::fs::read_to_string(&module).unwrap(),
            protocolc::emit::js::to_module(&model),
            "{}: run `cargo run -- build`",
            module.display()
        );
        let declarations = module.with_extension("d.mts");
        assert_eq!(
            std::fs::read_to_string(&declarations).unwrap(),
            protocolc::emit::js::to_declarations(&model),
            "{}: run `cargo run -- build`",
            declarations.display()
        );
        assert_inline_safe(&name, &std::fs::read_to_string(&declarations).unwrap());
        assert_inline_safe(&name, &std::fs::read_to_string(&module).unwrap());
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&document).unwrap()).unwrap();
        let offered = offered(&doc);
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
        // A translated view's module (the screening page's, in that language) decides
        // as the evaluator on that view, its texts in the language.
        for translation in model.translations() {
            let tag = &translation.language.tag;
            let view = model.translated(tag).unwrap();
            let view_module = dir.path().join(format!("{}.{tag}.mjs", checked.len()));
            std::fs::write(&view_module, protocolc::emit::js::to_module(&view)).unwrap();
            let view_document = dir.path().join(format!("{}.{tag}.json", checked.len()));
            std::fs::write(&view_document, protocolc::emit::json::to_json(&view)).unwrap();
            let seens = sample(&offered, 3, RANDOM_SAMPLE);
            checked.push(Checked {
                cases: cases(&view, seens, None, &name),
                name: format!("{name} in {tag}"),
                module: view_module,
                document: Some(view_document),
            });
        }
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
    let made = started.elapsed();
    let out = run_node(&checked, dir.path());
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "generated JavaScript: {total} cases over {} modules decided as eval in {:.1} s \
             ({:.1} s making the cases and the expected assessments, {:.1} s under node)\n",
            checked.len(),
            started.elapsed().as_secs_f64(),
            made.as_secs_f64(),
            (started.elapsed() - made).as_secs_f64()
        )
        .as_bytes(),
    );
    assert!(out.contains(&format!("# tests {}", checked.len())), "{out}");
    assert!(out.contains("# fail 0"), "{out}");
}

/// A protocol whose texts hold what ends a script element, a JavaScript string,
/// template or comment, or a line.
const HOSTILE: &str = "protocol hostile_js {\n  title \"</script><script>alert(1)</script> \\\"# `tick` $\\{x\\} */ <!-- \u{2028}\u{2029}\"\n  \
    jurisdiction \"J </SCRIPT > & &amp;\"\n  audience \"A \\\\ backslash ' quote\"\n  version \"1 */ //\"\n  effective 2024-01-01\n}\n\
    signal s \"Signal `$\\{globalThis.x = 1\\}` | * </script\"\n\
    criteria g \"Group $\\{1+1\\} \u{2028} <!--\" {\n  met_when at_least 1\n  factor f \"Factor \\\"# \\\\u2028 `x` *bold* | pipe\"\n}\n\
    track t \"Track </script> `t`\" {\n  when g or s\n  step one \"Step \u{2028}one\u{2029} </script> $\\{alert(1)\\} `\\\\` \\\"\" {\n    deadline \"now </script>\"\n  }\n  \
    question q \"Ask <!-- --> ?\" {\n    yes end \"Ended </script> `$\\{1\\}`\"\n    no next\n  }\n  step two \"Two\"\n}\n";

/// Code that can be put inside an HTML `<script>` element as it is: nothing that
/// ends the element or opens a comment, no character that ends a line in JavaScript
/// but not in HTML.
fn assert_inline_safe(name: &str, code: &str) {
    let lower = code.to_lowercase();
    for bad in ["</script", "<script", "<!--"] {
        assert!(!lower.contains(bad), "{name}: the generated code holds `{bad}`");
    }
    assert!(
        !code.contains(['\u{2028}', '\u{2029}']),
        "{name}: a raw line separator"
    );
}

/// Hostile text in every place a protocol has text: the module hides it from an
/// HTML parser, node loads it, and every text comes back exactly.
#[test]
fn hostile_text_survives_the_module_exactly() {
    let adversarial = std::fs::read_to_string("tests/fixtures/adversarial.protocol").unwrap();
    let protocols = [
        ("hostile.protocol", HOSTILE.to_string()),
        ("adversarial.protocol", adversarial),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut checked = Vec::new();
    for (n, (name, text)) in protocols.iter().enumerate() {
        let model = compile(name, text).unwrap_or_else(|| {
            let (sources, c) = protocolc::compile_text(name, text);
            panic!(
                "{}",
                protocolc::diagnostic::render_all(
                    &c.diagnostics,
                    &sources,
                    protocolc::diagnostic::Style::Plain
                )
            )
        });
        let module = protocolc::emit::js::to_module(&model);
        let declarations = protocolc::emit::js::to_declarations(&model);
        assert_inline_safe(name, &module);
        assert_inline_safe(name, &declarations);
        let file = dir.path().join(format!("hostile-{n}.mjs"));
        std::fs::write(&file, &module).unwrap();
        let document = dir.path().join(format!("hostile-{n}.json"));
        std::fs::write(&document, protocolc::emit::json::to_json(&model)).unwrap();
        let doc: Value = serde_json::from_str(&protocolc::emit::json::to_json(&model)).unwrap();
        let offered = offered(&doc);
        let mut seens = sample(&offered, 11, 50);
        seens.extend(refused(&offered));
        checked.push(Checked {
            cases: cases(&model, seens, None, name),
            name: name.to_string(),
            module: file,
            document: Some(document),
        });
    }
    if !support::node_ready(&[]) {
        return;
    }
    // The document exported as `protocol` equals the protocol's JSON, texts included,
    // and `assess` quotes them as eval does.
    let out = run_node(&checked, dir.path());
    assert!(out.contains("# fail 0"), "{out}");
    let hostile = &checked[0].cases;
    assert!(
        hostile
            .iter()
            .any(|(_, e)| e.as_ref().is_ok_and(|e| e["end"].get("ended").is_some())),
        "a case reaches the hostile `end`"
    );
}

/// The README's node example runs as written, from the repository's root.
#[test]
fn the_readme_node_example_runs() {
    if !support::node_ready(&[]) {
        return;
    }
    let example = support::readme_example("js", "import { assess, protocol }");
    let run = Command::new("node")
        .args(["--input-type=module", "-e", &example])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "[ 'at_risk' ]");
    assert!(
        lines[1].starts_with("report (done): If at-risk factors are present"),
        "{stdout}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .ends_with("from protocols/orange-county/csec-educators.protocol"),
        "{stdout}"
    );
}

/// The README's browser example works in headless Chromium, its boxes ticked by
/// keyboard, with the module served beside the page (and nothing else reachable).
#[test]
fn the_readme_browser_example_runs_in_chromium() {
    let Some(chromium) = support::chromium() else {
        return;
    };
    if !support::node_ready(&["puppeteer-core"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let example = dir.path().join("example.html");
    std::fs::write(&example, support::readme_example("html", "<label>")).unwrap();
    let run = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/readme-browser.mjs"))
        .arg(&example)
        .arg("out/orange-county/csec-educators.mjs")
        .arg(chromium)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        ["No track applies.", "At-Risk for CSEC - Recommended Protocol"]
    );
}
