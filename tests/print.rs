//! The HTML handouts in out/ as staff get them: each printed by headless Chromium on
//! US Letter and on A4 and read back with poppler (`pdfinfo`, `pdftotext`), and each
//! checked with axe-core, by `tests/js/print-handouts.mjs` (puppeteer-core driving
//! Debian's Chromium). `.ci/run` installs Chromium, poppler-utils, node and the
//! packages; elsewhere the tests skip, loudly, when one is missing.
//!
//! Chromium runs once for every handout (a few seconds each); the tests share what it
//! printed and each checks one promise of the handout.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use protocolc::labels::Labels;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Every HTML handout in out/ and its number of printed pages on US Letter and on A4.
/// A change to the handouts or their style sheet that moves a page shows here.
const PAGES: &[(&str, usize, usize)] = &[
    ("out/examples/abuse-reporting/child-abuse-reporting.html", 3, 3),
    ("out/examples/bilingual-handout/missing-student.es.html", 2, 2),
    ("out/examples/bilingual-handout/missing-student.html", 2, 2),
    ("out/examples/example-county/csec-educators.html", 3, 3),
    (
        "out/examples/exploitation-screening/exploitation-screening.html",
        3,
        3,
    ),
    (
        "out/examples/graded-exploitation-screening/graded-exploitation-screening.html",
        2,
        2,
    ),
    ("out/examples/home-safety-scale/home-safety-check.es.html", 2, 2),
    ("out/examples/home-safety-scale/home-safety-check.html", 2, 2),
    ("out/examples/hotline-screening/hotline-screening.html", 3, 3),
    ("out/examples/suicide-triage/suicide-risk-triage.html", 3, 3),
    ("out/examples/suicide-triage/threat-assessment.html", 2, 2),
    (
        "out/examples/threat-decision-tree/threat-decision-tree.html",
        3,
        3,
    ),
    ("out/examples/undated-source/home-life-worry.html", 1, 1),
    ("out/orange-county/csec-educators.html", 3, 2),
];

/// A handout, what the browser read from it, and its printed pages.
struct Handout {
    /// `out/…/name.html`
    file: String,
    /// What `print-handouts.mjs` read from the page (see its opening comment).
    facts: Value,
    /// The text of each printed page, one `Vec` of lines a page.
    letter: Vec<Vec<String>>,
    a4: Vec<Vec<String>>,
    /// The protocol's status is draft or in review.
    draft: bool,
    /// The main contact's phone (`main_contact` in the JSON).
    main_phone: Option<String>,
    /// The fixed phrases in the handout's language.
    labels: Labels,
}

impl Handout {
    fn papers(&self) -> [(&'static str, &Vec<Vec<String>>); 2] {
        [("Letter", &self.letter), ("A4", &self.a4)]
    }

    fn fact(&self, key: &str) -> Option<&str> {
        self.facts[key].as_str()
    }
}

/// Words separated by single spaces.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The HTML handouts under out/, sorted (not the screening pages, which
/// tests/screen_page.rs checks).
fn html_files(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "html")
            && !path.to_string_lossy().ends_with(".screen.html")
        {
            found.push(path.to_str().unwrap().replace('\\', "/"));
        }
    }
    found.sort();
}

/// For each HTML output in out/index.json: its protocol's status is draft or in
/// review, and the main contact's phone (from the protocol's JSON).
fn protocols_of_handouts() -> BTreeMap<String, (bool, Option<String>)> {
    let index: Value = serde_json::from_str(&std::fs::read_to_string("out/index.json").unwrap()).unwrap();
    let mut by_handout = BTreeMap::new();
    for protocol in index["protocols"].as_array().unwrap() {
        let outputs: Vec<&str> = protocol["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        let Some(json) = outputs.iter().find(|o| o.ends_with(".json")) else {
            continue;
        };
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(format!("out/{json}")).unwrap()).unwrap();
        let status = doc["protocol"]["document_control"]["status"].as_str();
        let draft = matches!(status, Some("draft" | "in_review"));
        let main_phone = doc["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == doc["main_contact"])
            .and_then(|c| c["phone"].as_str())
            .map(str::to_string);
        for html in outputs.iter().filter(|o| o.ends_with(".html")) {
            by_handout.insert(format!("out/{html}"), (draft, main_phone.clone()));
        }
    }
    by_handout
}

/// The text of each page of a PDF, as lines (pdftotext ends each page with a form feed).
fn pages(pdf: &Path) -> Vec<Vec<String>> {
    let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
    assert!(info.status.success(), "pdfinfo failed on {}", pdf.display());
    let count: usize = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success(), "pdftotext failed on {}", pdf.display());
    let text = String::from_utf8(text.stdout).unwrap();
    let pages: Vec<Vec<String>> = text
        .split('\u{c}')
        .take(count)
        .map(|page| page.lines().map(words).filter(|l| !l.is_empty()).collect())
        .collect();
    assert_eq!(pages.len(), count, "{}", pdf.display());
    pages
}

/// Every handout printed and read, once for all the tests; `None` when Chromium,
/// node or the packages are missing outside CI.
fn printed() -> Option<&'static [Handout]> {
    static PRINTED: OnceLock<Option<Vec<Handout>>> = OnceLock::new();
    PRINTED.get_or_init(print_every_handout).as_deref()
}

fn print_every_handout() -> Option<Vec<Handout>> {
    if !support::node_ready(&["puppeteer-core", "axe-core"]) {
        return None;
    }
    let mut files = Vec::new();
    html_files(Path::new("out"), &mut files);
    let dir = tempfile::tempdir().unwrap();
    let run = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/print-handouts.mjs"))
        .arg(dir.path())
        .args(&files)
        .output()
        .unwrap();
    if run.status.code() == Some(2) && std::env::var_os("CI").is_none() {
        eprintln!(
            "\n!!! SKIPPED: the print tests did not run: {} !!!",
            String::from_utf8_lossy(&run.stderr).trim()
        );
        return None;
    }
    assert!(
        run.status.success(),
        "print-handouts.mjs failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let facts: Vec<Value> = serde_json::from_slice(&run.stdout).unwrap();
    let protocols = protocols_of_handouts();
    let handouts = files
        .iter()
        .zip(facts)
        .enumerate()
        .map(|(n, (file, facts))| {
            assert_eq!(facts["file"], file.as_str());
            let pdf = |paper: &str| -> PathBuf { dir.path().join(format!("{n}-{paper}.pdf")) };
            let (draft, main_phone) = protocols
                .get(file)
                .cloned()
                .unwrap_or_else(|| panic!("{file} is not an output in out/index.json"));
            let labels = Labels::builtin(facts["lang"].as_str().unwrap()).unwrap();
            Handout {
                file: file.clone(),
                letter: pages(&pdf("letter")),
                a4: pages(&pdf("a4")),
                facts,
                draft,
                main_phone,
                labels,
            }
        })
        .collect();
    Some(handouts)
}

/// Whether the lines, from line `at` on, begin with `text` (which may wrap onto
/// the following lines).
fn lines_begin_with(lines: &[String], at: usize, text: &str) -> bool {
    let mut joined = String::new();
    for line in lines.iter().skip(at) {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(line);
        if joined.len() >= text.len() {
            break;
        }
    }
    joined.starts_with(text)
}

/// Whether the lines, from line `at` on, are `text` exactly (wrapped or not).
fn lines_are(lines: &[String], at: usize, text: &str) -> bool {
    let mut joined = String::new();
    for line in lines.iter().skip(at) {
        if joined.len() >= text.len() {
            break;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    joined == text
}

/// The first page (from 0) with lines that are `text` exactly, as a heading prints.
fn page_with_heading(pages: &[Vec<String>], text: &str) -> Option<usize> {
    (0..pages.len()).find(|&p| (0..pages[p].len()).any(|at| lines_are(&pages[p], at, text)))
}

#[test]
fn every_handout_prints_on_letter_and_a4_in_the_listed_number_of_pages() {
    let Some(handouts) = printed() else { return };
    let measured: Vec<(&str, usize, usize)> = handouts
        .iter()
        .map(|h| (h.file.as_str(), h.letter.len(), h.a4.len()))
        .collect();
    assert_eq!(
        measured, PAGES,
        "the handouts print on other numbers of pages (Letter, A4) than listed: if that is meant, \
         update PAGES"
    );
}

#[test]
fn no_printed_page_holds_only_the_footer() {
    let Some(handouts) = printed() else { return };
    let mut wrong = Vec::new();
    for h in handouts {
        let footer_words = h.fact("footer").unwrap().split_whitespace().count();
        let mark_words = if h.draft {
            h.labels.get("draft_mark").split_whitespace().count()
        } else {
            0
        };
        for (paper, pages) in h.papers() {
            let last = pages.last().unwrap();
            let count: usize = last.iter().map(|l| l.split_whitespace().count()).sum();
            // More than the footer (and the draft mark): at least a line of the handout.
            if count < footer_words + mark_words + 3 {
                wrong.push(format!(
                    "{} on {paper}: the last page holds only {last:?}",
                    h.file
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_heading_prints_on_the_page_of_its_first_step_or_factor() {
    let Some(handouts) = printed() else { return };
    let mut wrong = Vec::new();
    let mut checked = 0;
    for h in handouts {
        for section in h.facts["headings"].as_array().unwrap() {
            let heading = section["heading"].as_str().unwrap();
            let Some(first) = section["first_item"].as_str() else {
                continue;
            };
            // The item's first words, as a printed line starts (a step's number before them).
            let start: Vec<&str> = first.split_whitespace().take(4).collect();
            let start = start.join(" ");
            for (paper, pages) in h.papers() {
                let at = page_with_heading(pages, heading)
                    .unwrap_or_else(|| panic!("{} on {paper}: heading {heading:?} not printed", h.file));
                let numbered = |p: usize| {
                    pages[p].iter().enumerate().any(|(i, line)| {
                        let marker = line.split(' ').next().unwrap_or_default();
                        let rest = match marker.strip_suffix('.') {
                            Some(n) if n.parse::<u32>().is_ok() => {
                                line.get(marker.len() + 1..).unwrap_or_default()
                            }
                            _ => line.as_str(),
                        };
                        let mut lines = pages[p].clone();
                        lines[i] = rest.to_string();
                        lines_begin_with(&lines, i, &start)
                    })
                };
                let item_at = (at..pages.len()).find(|&p| numbered(p));
                checked += 1;
                if item_at != Some(at) {
                    wrong.push(format!(
                        "{} on {paper}: {heading:?} is on page {} and its first item {start:?}… on page {}",
                        h.file,
                        at + 1,
                        item_at.map_or("(none)".to_string(), |p| (p + 1).to_string())
                    ));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} headings checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn phone_numbers_are_never_split_across_lines() {
    let Some(handouts) = printed() else { return };
    let mut wrong = Vec::new();
    let mut checked = 0;
    for h in handouts {
        let phones: Vec<&str> = h.facts["phones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        for (paper, pages) in h.papers() {
            let lines: Vec<&String> = pages.iter().flatten().collect();
            // As often as the page has the number, whole on a line.
            for phone in &phones {
                let whole: usize = lines.iter().map(|l| l.matches(phone).count()).sum();
                let wanted = phones.iter().filter(|p| *p == phone).count();
                checked += 1;
                if whole < wanted {
                    wrong.push(format!(
                        "{} on {paper}: {phone} is whole on a line {whole} times of {wanted}",
                        h.file
                    ));
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} numbers checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_number_to_report_to_is_in_a_box_under_the_title() {
    let Some(handouts) = printed() else { return };
    for h in handouts {
        let phone = h.main_phone.as_deref().unwrap();
        let label = h.labels.get("to_report_call");
        let hotline = h.fact("hotline").unwrap_or_default();
        assert!(
            hotline.starts_with(&format!("{label} {phone}")),
            "{}: the hotline box says {hotline:?}",
            h.file
        );
        // The title, the line under it, the draft banner (if any), then the box.
        let position = h.facts["hotline_position"].as_u64().unwrap();
        assert_eq!(position, 2 + u64::from(h.draft), "{}", h.file);
        for (paper, pages) in h.papers() {
            let first = &pages[0];
            let box_line = first
                .iter()
                .position(|l| l.starts_with(label))
                .unwrap_or_else(|| panic!("{} on {paper}: no {label:?} on page 1", h.file));
            let first_heading = h.facts["headings"][0]["heading"].as_str().unwrap();
            let heading_line = first
                .iter()
                .position(|l| l == first_heading)
                .unwrap_or(first.len());
            assert!(
                box_line < heading_line,
                "{} on {paper}: the box is not above the first heading",
                h.file
            );
            assert!(
                first[box_line].contains(phone),
                "{}: {:?}",
                h.file,
                first[box_line]
            );
        }
    }
}

#[test]
fn a_draft_is_marked_under_the_title_and_on_every_printed_page() {
    let Some(handouts) = printed() else { return };
    let mut drafts = 0;
    for h in handouts {
        let mark = h.labels.get("draft_mark");
        let banner = h.fact("draft_banner");
        if h.draft {
            drafts += 1;
            assert!(
                banner.is_some_and(|b| b.starts_with(mark)),
                "{}: the draft banner says {banner:?}",
                h.file
            );
        } else {
            assert_eq!(banner, None, "{}", h.file);
        }
        for (paper, pages) in h.papers() {
            for (p, page) in pages.iter().enumerate() {
                let marked = page.iter().any(|l| l == mark);
                assert_eq!(
                    marked,
                    h.draft,
                    "{} on {paper}, page {}: marked {mark:?} {marked}, draft {}",
                    h.file,
                    p + 1,
                    h.draft
                );
            }
        }
    }
    assert!(drafts >= 5, "only {drafts} draft handouts");
}

#[test]
fn every_handout_is_clean_for_axe_core_and_every_checkbox_is_labelled() {
    let Some(handouts) = printed() else { return };
    let mut wrong = Vec::new();
    for h in handouts {
        for v in h.facts["violations"].as_array().unwrap() {
            wrong.push(format!(
                "{}: {} ({}): {} at {}",
                h.file, v["id"], v["impact"], v["help"], v["targets"]
            ));
        }
        let unlabelled = h.facts["unlabelled_checkboxes"].as_u64().unwrap();
        if unlabelled > 0 {
            wrong.push(format!("{}: {unlabelled} checkboxes without a label", h.file));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
