//! Broken input never crashes the compiler, and every error says where it is.
//!
//! The Orange County protocol is cut at every character, has each line deleted
//! and each name renamed in turn; each variant is compiled in-process, and a
//! sample through the real binary. Random strings and token soups, and deeply
//! nested triggers, must give diagnostics, not panics.

// Test code: a failed unwrap or index is a failed test (clippy.toml allows these
// only inside #[test] functions; helpers here are test code too).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;
use proptest::prelude::*;
use protocolc::diagnostic::{self, Code, Style};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

const ORANGE_COUNTY: &str = "protocols/orange-county/csec-educators.protocol";
/// The shared base Orange County extends: most of the protocol's text is here.
const BASE: &str = "protocols/california/csec-educators.protocol";

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("a protocol in the repo")
}

fn orange_county() -> String {
    read(ORANGE_COUNTY)
}

fn base() -> String {
    read(BASE)
}

/// The variant (compiled with its unchanged base) and the base (compiled alone).
fn real_files() -> [(&'static str, String); 2] {
    [(ORANGE_COUNTY, orange_county()), (BASE, base())]
}

/// Compiles `text` and checks what every diagnostic says about where it is.
/// `Err` describes the first problem (a panic included).
fn check_variant(name: &str, text: &str) -> Result<(), String> {
    inspect(name, text).map(|_| ())
}

/// Like [`check_variant`], returning the codes of the errors found.
fn inspect(name: &str, text: &str) -> Result<Vec<Code>, String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let (sources, compiled) = protocolc::compile_text(name, text);
        let errors = compiled.diagnostics.iter().filter(|d| d.is_error()).count();
        if (errors == 0) != compiled.model.is_some() {
            return Err(format!(
                "{errors} errors but model present: {}",
                compiled.model.is_some()
            ));
        }
        for d in &compiled.diagnostics {
            let Some(span) = d.primary_span() else {
                return Err(format!("{:?} `{}` has no span", d.code, d.message));
            };
            // A variant's diagnostics may point into its base.
            let file_text = sources.text(span.file);
            let fits = span.start <= span.end
                && span.end <= file_text.len()
                && file_text.is_char_boundary(span.start)
                && file_text.is_char_boundary(span.end);
            if !fits {
                return Err(format!(
                    "{:?} `{}` has span {span:?} outside its file ({} bytes)",
                    d.code,
                    d.message,
                    file_text.len()
                ));
            }
            if d.is_error() {
                let rendered = diagnostic::render(d, &sources, Style::Plain);
                let (file, line, col) = diagnostic::location(d, &sources).expect("a span, so a location");
                let place = format!("{file}:{line}:{col}");
                if !rendered.contains(&place) {
                    return Err(format!("rendered error does not contain `{place}`:\n{rendered}"));
                }
            }
        }
        Ok(compiled
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code)
            .collect())
    }));
    match outcome {
        Ok(result) => result,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("panicked: {message}"))
        }
    }
}

/// Checks every variant, on every core; fails listing the first few problems.
fn check_all(name: &str, what: &str, variants: Vec<(String, String)>) {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = variants.len().div_ceil(threads).max(1);
    let problems: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = variants
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .filter_map(|(label, text)| {
                            check_variant(name, text).err().map(|e| format!("{label}: {e}"))
                        })
                        .collect::<Vec<String>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("checking thread"))
            .collect()
    });
    assert!(
        problems.is_empty(),
        "{} of {} {what} variants went wrong; the first:\n{}",
        problems.len(),
        variants.len(),
        problems
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n---\n")
    );
}

/// The file cut at every character boundary.
fn cuts(text: &str) -> Vec<(String, String)> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .map(|i| (format!("cut at byte {i}"), text[..i].to_string()))
        .collect()
}

/// The file with each line deleted in turn.
fn deleted_lines(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    (0..lines.len())
        .map(|n| {
            let mut variant = String::with_capacity(text.len());
            for (i, line) in lines.iter().enumerate() {
                if i != n {
                    variant.push_str(line);
                }
            }
            (format!("line {} deleted", n + 1), variant)
        })
        .collect()
}

/// The protocol language's keywords: words that are never a name.
const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "at_least",
    "audience",
    "condition",
    "contact",
    "criteria",
    "definition",
    "effective",
    "email",
    "factor",
    "jurisdiction",
    "law",
    "legal",
    "met_when",
    "name",
    "note",
    "phone",
    "precedes",
    "protocol",
    "resource",
    "sections",
    "signal",
    "source",
    "statement",
    "step",
    "summary",
    "supersedes",
    "title",
    "track",
    "url",
    "version",
    "website",
    "when",
];

fn is_word_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Byte ranges of every name written in the file: declared and referenced names
/// outside text and comments, and the `contact` and `field` of `{contact.field}`
/// placeholders inside text.
fn identifier_occurrences(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if text[i..].starts_with("//") {
            i += text[i..].find('\n').unwrap_or(text.len() - i);
        } else if text[i..].starts_with("\"\"\"") || bytes[i] == b'"' {
            let triple = text[i..].starts_with("\"\"\"");
            i += if triple { 3 } else { 1 };
            while i < bytes.len() {
                if bytes[i] == b'\\' {
                    i += 2;
                } else if triple && text[i..].starts_with("\"\"\"") {
                    i += 3;
                    break;
                } else if !triple && (bytes[i] == b'"' || bytes[i] == b'\n') {
                    i += 1;
                    break;
                } else if bytes[i] == b'{' {
                    // A placeholder: {contact.field}
                    let start = i + 1;
                    let mut j = start;
                    while j < bytes.len() && is_word_char(bytes[j]) {
                        j += 1;
                    }
                    if j > start && j < bytes.len() && bytes[j] == b'.' {
                        let field = j + 1;
                        let mut k = field;
                        while k < bytes.len() && is_word_char(bytes[k]) {
                            k += 1;
                        }
                        if k > field && k < bytes.len() && bytes[k] == b'}' {
                            found.push(start..j);
                            found.push(field..k);
                        }
                    }
                    i += 1;
                } else {
                    i += 1;
                }
            }
        } else if is_word_char(bytes[i]) {
            let start = i;
            while i < bytes.len() && is_word_char(bytes[i]) {
                i += 1;
            }
            let word = &text[start..i];
            if !bytes[start].is_ascii_digit() && !KEYWORDS.contains(&word) {
                found.push(start..i);
            }
        } else {
            i += 1;
        }
    }
    found
}

/// The file with each name occurrence renamed in turn.
fn renamed(text: &str) -> Vec<(String, String)> {
    identifier_occurrences(text)
        .into_iter()
        .map(|range| {
            let label = format!("`{}` at byte {} renamed", &text[range.clone()], range.start);
            let mut variant = text.to_string();
            variant.replace_range(range, "zz_renamed");
            (label, variant)
        })
        .collect()
}

#[test]
fn the_unbroken_file_checks_clean() {
    for (name, text) in real_files() {
        check_variant(name, &text).unwrap();
        let (_, compiled) = protocolc::compile_text(name, &text);
        assert!(
            compiled.diagnostics.is_empty(),
            "{name}: {:?}",
            compiled.diagnostics
        );
    }
}

#[test]
fn cut_at_every_character() {
    let mut total = 0;
    for (name, text) in real_files() {
        let variants = cuts(&text);
        total += variants.len();
        check_all(name, "cut", variants);
    }
    assert!(total > 5_000);
}

#[test]
fn each_line_deleted() {
    for (name, text) in real_files() {
        check_all(name, "deleted-line", deleted_lines(&text));
    }
}

#[test]
fn each_name_renamed() {
    let files = real_files();
    // Sanity: the lexer finds declarations, references and placeholders.
    let names: Vec<&str> = files
        .iter()
        .flat_map(|(_, text)| identifier_occurrences(text).into_iter().map(move |r| &text[r]))
        .collect();
    for expected in [
        "csec_educators",
        "cps",
        "at_risk_1",
        "csec_suspected",
        "monitor",
        "phone",
    ] {
        assert!(names.contains(&expected), "{expected} not found in {names:?}");
    }
    assert!(!names.contains(&"when") && !names.contains(&"or"), "{names:?}");
    for (name, text) in &files {
        check_all(name, "renamed", renamed(text));
    }
}

#[test]
fn renaming_a_reference_is_an_unknown_name_with_a_suggestion() {
    let text = base();
    for (from, to) in [
        ("when at_risk_1 or", "when at_risk_3 or"),
        ("supersedes at_risk\n", "supersedes at_rsk\n"),
        ("({cps.phone}).", "({cpss.phone})."),
    ] {
        assert!(text.contains(from), "{from}");
        let variant = text.replacen(from, to, 1);
        let (_, compiled) = protocolc::compile_text(BASE, &variant);
        let errors: Vec<_> = compiled.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{to}: {errors:?}");
        assert_eq!(errors[0].code, Code::UnknownName, "{to}: {errors:?}");
        assert!(
            errors[0].help.as_deref().unwrap_or("").contains("did you mean"),
            "{to}: {errors:?}"
        );
    }
}

/// `path:line:col` somewhere in `stderr`.
fn has_location(stderr: &str, path: &str) -> bool {
    stderr.match_indices(&format!("{path}:")).any(|(i, m)| {
        let rest = &stderr[i + m.len()..];
        let line_digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after = &rest[line_digits..];
        line_digits > 0
            && after.starts_with(':')
            && after[1..].bytes().next().is_some_and(|b| b.is_ascii_digit())
    })
}

#[test]
fn the_binary_on_a_sample_of_broken_files() {
    // The base: self-contained, so a copy in a temporary folder needs nothing beside it.
    let text = base();
    let dir = tempfile::tempdir().unwrap();
    let mut sample: Vec<(String, String)> = cuts(&text).into_iter().step_by(97).collect();
    sample.extend(deleted_lines(&text).into_iter().step_by(5));
    let mut invalid = 0;
    for (n, (label, variant)) in sample.iter().enumerate() {
        let path = dir.path().join(format!("variant-{n}.protocol"));
        std::fs::write(&path, variant).unwrap();
        let output = Command::cargo_bin("protocolc")
            .unwrap()
            .args(["--color", "never", "check"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let path = path.to_string_lossy();
        match output.status.code() {
            Some(0) => assert!(stderr.contains(&format!("{path}: ok")), "{label}: {stderr}"),
            Some(1) => {
                invalid += 1;
                assert!(
                    has_location(&stderr, &path),
                    "{label}: no {path}:line:col in\n{stderr}"
                );
            }
            other => panic!("{label}: exit {other:?}\n{stderr}"),
        }
    }
    assert!(invalid > sample.len() / 2, "most broken files are invalid");
}

// ------------------------------------------------------------ random input ----

/// Pieces of the protocol language, right and wrong.
const TOKENS: &[&str] = &[
    "protocol",
    "legal",
    "definition",
    "contact",
    "resource",
    "signal",
    "criteria",
    "track",
    "title",
    "jurisdiction",
    "audience",
    "version",
    "effective",
    "summary",
    "statement",
    "law",
    "sections",
    "name",
    "phone",
    "email",
    "website",
    "note",
    "url",
    "source",
    "met_when",
    "at_least",
    "factor",
    "when",
    "supersedes",
    "precedes",
    "step",
    "condition",
    "and",
    "or",
    "not",
    "{",
    "}",
    "(",
    ")",
    ",",
    "\n",
    " ",
    "x",
    "cps",
    "at_risk",
    "a_b_1",
    "0",
    "1",
    "2",
    "99999999999",
    "2024-08-01",
    "2023-02-29",
    "\"text\"",
    "\"\"",
    "\"{cps.phone}\"",
    "\"{cps.fax}\"",
    "\"{nobody.name}\"",
    "\"{\"",
    "\"\\q\"",
    "\"\\{\"",
    "\"",
    "\"\"\"",
    "\"\"\"\nmany\n\nlines\n\"\"\"",
    "// comment\n",
    "\\",
    ".",
    "\"800-207-4464\"",
    "\"https://example.org\"",
    "é",
    "\u{FEFF}",
    "\r\n",
    "\t",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..80).prop_map(|tokens| {
        let mut out = String::new();
        for (i, t) in tokens.iter().enumerate() {
            out.push_str(t);
            if i % 3 != 2 {
                out.push(' ');
            }
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_do_not_crash(text in any::<String>()) {
        prop_assert_eq!(check_variant("random.protocol", &text), Ok(()));
    }

    #[test]
    fn printable_strings_do_not_crash(text in "[ -~\t\n]{0,300}") {
        prop_assert_eq!(check_variant("printable.protocol", &text), Ok(()));
    }

    #[test]
    fn token_soups_do_not_crash(text in token_soup()) {
        prop_assert_eq!(check_variant("soup.protocol", &text), Ok(()));
    }

    #[test]
    fn token_soups_spliced_into_the_real_file_do_not_crash(soup in token_soup(), at in 0.0f64..1.0) {
        let text = orange_county();
        let mut i = (text.len() as f64 * at) as usize;
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        let variant = format!("{}{soup}{}", &text[..i], &text[i..]);
        prop_assert_eq!(check_variant(ORANGE_COUNTY, &variant), Ok(()));
    }
}

// ------------------------------------------------------------ deep nesting ----

fn with_trigger(trigger: &str) -> String {
    let text = base();
    assert!(text.contains("when csec_suspected\n"));
    text.replacen("when csec_suspected\n", &format!("when {trigger}\n"), 1)
}

/// Whether a trigger nested `depth` deep compiles, or gives a nested-too-deeply error.
fn nested(trigger: &str) -> Result<(), Vec<Code>> {
    let errors = inspect("deep.protocol", &with_trigger(trigger)).unwrap();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[test]
fn deep_nesting_gives_a_diagnostic_not_a_crash() {
    for depth in (1..=70).chain([100, 500, 5_000, 100_000]) {
        let parens = format!("{}csec_suspected{}", "(".repeat(depth), ")".repeat(depth));
        let nots = format!("{}csec_suspected", "not not ".repeat(depth));
        let mixed = format!(
            "{}csec_suspected{}",
            "not (not (".repeat(depth),
            "))".repeat(depth)
        );
        for (kind, trigger) in [("parentheses", parens), ("not", nots), ("mixed", mixed)] {
            match nested(&trigger) {
                Ok(()) => assert!(depth < 100, "{kind} {depth} deep was accepted"),
                Err(codes) => assert!(codes.contains(&Code::TooDeep), "{kind} {depth} deep: {codes:?}"),
            }
        }
    }
    // Shallow nesting is fine.
    assert_eq!(nested("((csec_suspected))"), Ok(()));
    assert_eq!(nested("not not csec_suspected"), Ok(()));
    // Unbalanced parentheses are a syntax error, at any depth.
    for depth in [1, 10, 1_000, 100_000] {
        let open = format!("{}csec_suspected", "(".repeat(depth));
        let codes = nested(&open).unwrap_err();
        // Deep enough, the parser runs out of stack first: that is "too deep".
        assert!(
            codes == [Code::Syntax] || codes == [Code::TooDeep],
            "{depth} unclosed: {codes:?}"
        );
    }
}

/// A trigger too deep is reported once, as too deep: the track does have a
/// `when`, and its signal is used.
#[test]
fn a_too_deep_trigger_is_reported_once() {
    for trigger in [
        format!("{}csec_suspected{}", "(".repeat(100), ")".repeat(100)),
        format!("{}csec_suspected", "not not ".repeat(50)),
    ] {
        let (_, compiled) = protocolc::compile_text(BASE, &with_trigger(&trigger));
        let codes: Vec<Code> = compiled.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::TooDeep]);
    }
}

/// The too-deep message says "more than MAX_EXPR_DEPTH levels": that many are accepted.
#[test]
fn the_stated_depth_limit_is_the_real_one() {
    let limit = protocolc::syntax::MAX_EXPR_DEPTH;
    for depth in [limit - 1, limit] {
        let parens = format!("{}csec_suspected{}", "(".repeat(depth), ")".repeat(depth));
        assert_eq!(nested(&parens), Ok(()), "{depth} parentheses");
        let nots = format!("{}csec_suspected", "not ".repeat(depth));
        assert_eq!(nested(&nots), Ok(()), "{depth} nots");
    }
    let parens = format!("{}csec_suspected{}", "(".repeat(limit + 1), ")".repeat(limit + 1));
    assert_eq!(nested(&parens), Err(vec![Code::TooDeep]));
    let nots = format!("{}csec_suspected", "not ".repeat(limit + 1));
    assert_eq!(nested(&nots), Err(vec![Code::TooDeep]));
}
