//! Sentences built around protocol text read well, over every example protocol and
//! every case protocol that builds: in the Markdown and HTML handouts, the chart's
//! text (pdftotext) and `eval`'s explanation, no capital letter right after "when",
//! "if", "unless", "instead of", "only when" (or their Spanish words) other than a
//! name — a word in quotes, an acronym, "I" or one of the protocol's `proper_nouns` —
//! nor after the comma that closes a clause they open ("If appropriate, The …"); none
//! of the phrases that read badly ("Skip when: not", "it is not the case that"); a group
//! of one factor never "at least one of these factors"; "Student meets this concern"
//! only in protocols about students; precedence said once per track.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// Words a condition follows, one or more words each (English, then Spanish).
const CONNECTIVES: &[&[&str]] = &[
    &["when"],
    &["if"],
    &["unless"],
    &["instead", "of"],
    &["only", "when"],
    &["cuando"],
    &["si"],
    &["salvo", "si"],
    &["en", "lugar", "de"],
    &["solo", "cuando"],
];

/// Phrases that must not appear anywhere.
const NEVER: &[&str] = &[
    "Skip when: not",
    "Skip when: it is not",
    "it is not the case that",
    "Omita cuando: no ",
    "no es el caso que",
];

fn protocolc() -> Command {
    Command::cargo_bin("protocolc").unwrap()
}

/// Every `.protocol` file under `dir`, sorted.
fn protocol_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            protocol_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "protocol") {
            out.push(path);
        }
    }
}

/// Every file under `dir`.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The protocol's `proper_nouns`, read from its source (and its base's, for a variant).
fn proper_nouns(source: &str) -> Vec<String> {
    let mut nouns = Vec::new();
    for line in source.lines() {
        if let Some(rest) = line.trim().strip_prefix("proper_nouns") {
            nouns.extend(rest.split('"').skip(1).step_by(2).map(str::to_string));
        }
    }
    nouns
}

/// The protocol's `subject`, read from its source.
fn subject(source: &str) -> Option<String> {
    source.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("subject ")?;
        rest.split('"').nth(1).map(str::to_string)
    })
}

/// HTML as text: tags dropped, the entities protocolc writes decoded.
fn html_text(html: &str) -> String {
    let body = html.split("<body").nth(1).unwrap_or(html);
    let body = body.split("<script").next().unwrap_or(body);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Whether a word may start with a capital inside a sentence: in quotes or brackets,
/// a number, an acronym (two capitals or more), "I", or the start of a proper noun.
fn may_be_capital(words: &[&str], at: usize, nouns: &[String]) -> bool {
    let Some(word) = words.get(at) else {
        return true;
    };
    let word = word.trim_start_matches(['*', '_']);
    let Some(first) = word.chars().next() else {
        return true;
    };
    if !first.is_uppercase() {
        return true;
    }
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.chars().filter(|c| c.is_uppercase()).count();
    if capitals >= 2 || letters == "I" || word.starts_with("I'") || word.starts_with("I’") {
        return true;
    }
    let rest = words[at..].join(" ");
    let rest = rest.trim_start_matches(['*', '_']);
    nouns.iter().any(|n| rest.starts_with(n.as_str()))
}

/// The word without the punctuation around it, in lower case.
fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// Every place in `text` where a condition's words start with a wrong capital.
fn wrong_capitals(text: &str, nouns: &[String]) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found = Vec::new();
    for at in 0..words.len() {
        for connective in CONNECTIVES {
            let matches = connective
                .iter()
                .enumerate()
                .all(|(i, c)| words.get(at + i).is_some_and(|w| bare(w) == *c));
            let last = at + connective.len() - 1;
            // "If yes." ends a sentence: what follows is a new one.
            if !matches || words[last].ends_with(['.', '?', '!']) {
                continue;
            }
            let context = || words[at.saturating_sub(3)..(last + 6).min(words.len())].join(" ");
            if !may_be_capital(&words, last + 1, nouns) {
                found.push(context());
            }
            // The clause the connective opens, up to its comma: "If appropriate, the …".
            let opens_sentence = at == 0
                || words[at - 1].ends_with(['.', ':', '?', '!'])
                || words[at].starts_with(['*', '('])
                || words[at].starts_with(|c: char| c.is_uppercase());
            if opens_sentence {
                for end in (last + 1)..words.len().min(last + 40) {
                    let w = words[end];
                    if w.ends_with(['.', ':', ';', '?', '!']) {
                        break;
                    }
                    if w.trim_end_matches(['*', '_']).ends_with(',') {
                        if !may_be_capital(&words, end + 1, nouns) {
                            found.push(context());
                        }
                        break;
                    }
                }
            }
        }
    }
    found
}

/// What one protocol's outputs say: each readable output by name, with its text.
struct Outputs {
    texts: Vec<(String, String)>,
    markdown: Vec<String>,
    json: Option<serde_json::Value>,
}

/// Builds `file` into `dir` (none when it does not build) and reads its outputs,
/// then runs `eval` with nothing observed and with everything observed.
fn outputs(file: &Path, dir: &Path) -> Option<Outputs> {
    let built = protocolc()
        .args(["build", "--format", "json,md,html,pdf", "--out"])
        .arg(dir)
        .arg(file)
        .output()
        .unwrap();
    if !built.status.success() {
        return None;
    }
    let mut files = Vec::new();
    files_under(dir, &mut files);
    files.sort();
    let mut out = Outputs {
        texts: Vec::new(),
        markdown: Vec::new(),
        json: None,
    };
    for f in &files {
        let name = f.display().to_string();
        match f.extension().and_then(|e| e.to_str()) {
            Some("md") => {
                let text = std::fs::read_to_string(f).unwrap();
                out.markdown.push(text.clone());
                out.texts.push((name, text));
            }
            Some("html") => out
                .texts
                .push((name, html_text(&std::fs::read_to_string(f).unwrap()))),
            Some("pdf") => out.texts.push((name, support::pdf_text(f, false))),
            Some("json") if !name.ends_with("schema.json") && out.json.is_none() => {
                out.json = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).ok();
            }
            _ => {}
        }
    }
    let mut everything: Vec<String> = Vec::new();
    if let Some(doc) = &out.json {
        for s in doc["signals"].as_array().into_iter().flatten() {
            everything.extend(["--signal".to_string(), s["id"].as_str().unwrap().to_string()]);
        }
        for c in doc["criteria"].as_array().into_iter().flatten() {
            for f in c["factors"].as_array().into_iter().flatten() {
                everything.extend(["--factor".to_string(), f["id"].as_str().unwrap().to_string()]);
            }
        }
    }
    for (label, args) in [("eval", Vec::new()), ("eval (everything observed)", everything)] {
        let run = protocolc().arg("eval").arg(file).args(&args).output().unwrap();
        out.texts.push((
            label.to_string(),
            String::from_utf8_lossy(&run.stdout).to_string(),
        ));
    }
    Some(out)
}

/// The problems in one protocol's outputs.
fn problems(file: &Path, out: &Outputs) -> Vec<String> {
    let source = std::fs::read_to_string(file).unwrap();
    // A contact's name is a name: "If Child Protective Services cannot be reached".
    let mut nouns = proper_nouns(&source);
    if let Some(doc) = &out.json {
        for c in doc["contacts"].as_array().into_iter().flatten() {
            nouns.extend(c["name"].as_str().map(str::to_string));
        }
    }
    let about_students = subject(&source).is_none_or(|s| s == "student");
    let mut problems = Vec::new();
    for (name, text) in &out.texts {
        for at in wrong_capitals(text, &nouns) {
            problems.push(format!("{name}: a capital inside a condition: “{at}”"));
        }
        for phrase in NEVER {
            if text.contains(phrase) {
                problems.push(format!("{name}: says “{phrase}”"));
            }
        }
        if !about_students && text.contains("Student meets this concern") {
            problems.push(format!(
                "{name}: “Student meets this concern” about another subject"
            ));
        }
    }
    for md in &out.markdown {
        for section in md.split("\n## ").skip(1) {
            let title = section.lines().next().unwrap_or_default();
            for once in ["follow this first", "siga este primero"] {
                if section.matches(once).count() > 1 {
                    problems.push(format!("“{title}” says “{once}” more than once"));
                }
            }
            let factors = section.matches("\n- [ ] ").count();
            if factors == 1 && (section.contains("at least one") || section.contains("al menos uno")) {
                problems.push(format!("“{title}” has one factor but says “at least one”"));
            }
        }
    }
    if let Some(doc) = &out.json {
        for c in doc["criteria"].as_array().into_iter().flatten() {
            let one = c["factors"].as_array().is_some_and(|f| f.len() == 1);
            let text = c["threshold"]["text"].as_str().unwrap_or_default();
            if one && text.contains("of these factors") {
                problems.push(format!("group `{}` of one factor: “{text}”", c["id"]));
            }
        }
    }
    problems
}

#[test]
fn sentences_around_protocol_text_read_well_in_every_output() {
    let mut files = Vec::new();
    protocol_files(Path::new("protocols"), &mut files);
    for kind in ["tests/cases/ok", "tests/cases/err"] {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(kind)
            .unwrap()
            .map(|e| e.unwrap().path().join("input.protocol"))
            .filter(|p| p.exists())
            .collect();
        cases.sort();
        files.extend(cases);
    }
    let mut built = 0;
    let mut all = Vec::new();
    for file in &files {
        let dir = tempfile::tempdir().unwrap();
        let Some(out) = outputs(file, dir.path()) else {
            continue;
        };
        built += 1;
        all.extend(
            problems(file, &out)
                .into_iter()
                .map(|p| format!("{}: {p}", file.display())),
        );
    }
    assert!(built >= 40, "only {built} protocols built");
    assert!(all.is_empty(), "{} problems:\n{}", all.len(), all.join("\n"));
}

#[test]
fn the_check_finds_what_the_issue_quoted() {
    let none: &[String] = &[];
    for bad in [
        "High concern when The student has told staff",
        "If appropriate, The parent(s) are told",
        "call instead of The child's parents",
        "*Only when:* The child is in care.",
        "Si es apropiado, El padre",
    ] {
        assert!(!wrong_capitals(bad, none).is_empty(), "{bad}");
    }
    let names = vec!["Maria".to_string()];
    for good in [
        "When “At Risk Factors” is met",
        "when CSEC is suspected",
        "If appropriate, and in consultation with the student, inform the parent",
        "only when Maria has asked",
        "If yes. The protocol ends",
        "(if unavailable: Assistant principal)",
        "If I am unsure",
    ] {
        assert!(
            wrong_capitals(good, &names).is_empty(),
            "{good}: {:?}",
            wrong_capitals(good, &names)
        );
    }
}

#[test]
fn negations_groupings_subject_and_names_read_as_sentences() {
    use protocolc::emit::handout::{self, TemplateSet};
    let file = "tests/cases/ok/wording/input.protocol";
    let (_, compiled) = protocolc::compile_text(file, &std::fs::read_to_string(file).unwrap());
    let model = compiled.model.unwrap();
    let md = handout::to_markdown(&model, &TemplateSet::builtin()).unwrap();
    for expected in [
        // The subject the protocol names; one factor said as one.
        "Child meets this concern if the following factor is present:",
        // `applies_when age < 18 or (in_care and age <= 21)`: the grouping kept.
        "*This applies only when child's age in years is under 18 or (the child is in care and \
         child's age in years is at most 21).*",
        // `worry and not in_care`: "unless", in lower case after it.
        "**When:** a member of staff is worried about the child, unless the child is in care.",
        // `skip_when not extra_needs` said positively, as the other guard.
        "1. *Only when:* the child has additional needs. Tell",
        // `only_when not (extra_needs or in_care)` said as a skip.
        "1. *Skip when:* the child has additional needs or the child is in care. Record the worry",
        // A declared name keeps its capital.
        "*Only when:* Maria, the virtual school head, has asked to be told.",
        // After a condition the step's text goes on the sentence.
        "2. *If the carer agrees,* make a support plan with",
        // A negated deadline case.
        "**When:** today (unless: the child is in care); otherwise within a week",
        // Precedence once, the titles in one list.
        "When “Watch and record” or “Support the child” applies too, follow this first.",
        // A contact's name inside a sentence.
        "call instead of the child's carer when the carer may be the cause of the worry",
    ] {
        assert!(md.contains(expected), "lacks {expected:?}:\n{md}");
    }
    assert_eq!(md.matches("follow this first").count(), 2, "{md}");
}
