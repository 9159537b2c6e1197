//! The offline screening pages (`*.screen.html`): built by the binary as a
//! district builds them, they stay small, and in a real headless Chromium they
//! show what `protocolc eval` decides for what staff click
//! (`tests/js/screen-check.mjs`: clicks and keys, axe-core, no request).

// Test code: a failed unwrap or index is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The largest a page may be: a phone on a poor connection, a USB stick, an email.
const MAX_PAGE_BYTES: u64 = 200 * 1024;

/// The observation sets clicked through on each page, at least.
const SETS_PER_PAGE: usize = 24;

/// Every protocol's screening page and JSON, built into a temporary folder by
/// `protocolc build` (every protocol under protocols/, in each of its languages).
fn built_pages() -> (tempfile::TempDir, Vec<PathBuf>) {
    let out = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_protocolc"))
        .args(["build", "--format", "screen,json", "--out"])
        .arg(out.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let mut pages = Vec::new();
    collect(out.path(), &mut pages);
    pages.sort();
    (out, pages)
}

fn collect(dir: &Path, pages: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, pages);
        } else if path.to_string_lossy().ends_with(".screen.html") {
            pages.push(path);
        }
    }
}

#[test]
fn every_page_is_one_small_file_with_nothing_to_fetch() {
    let (_out, pages) = built_pages();
    assert!(pages.len() >= 10, "{pages:?}");
    let mut largest = (0, PathBuf::new());
    for page in &pages {
        let size = std::fs::metadata(page).unwrap().len();
        eprintln!("{}: {:.1} KB", page.display(), size as f64 / 1024.0);
        if size > largest.0 {
            largest = (size, page.clone());
        }
        let html = std::fs::read_to_string(page).unwrap();
        // One script, inline; no file it could load, nothing it could send.
        // (`<script` may be quoted inside it, in the module's comments; its end may not.)
        assert_eq!(
            html.to_lowercase().matches("</script").count(),
            1,
            "{}",
            page.display()
        );
        assert!(html.contains("<script type=\"module\">"), "{}", page.display());
        for fetches in [
            "src=",
            "<link",
            "@import",
            "url(",
            "fetch(",
            "XMLHttpRequest",
            "localStorage",
            "document.cookie",
        ] {
            assert!(!html.contains(fetches), "{}: `{fetches}`", page.display());
        }
        assert!(
            html.contains("content=\"default-src 'none'; script-src 'sha256-"),
            "{}: the Content-Security-Policy",
            page.display()
        );
    }
    eprintln!(
        "largest page: {} ({:.1} KB)",
        largest.1.display(),
        largest.0 as f64 / 1024.0
    );
    assert!(
        largest.0 < MAX_PAGE_BYTES,
        "{} is {} bytes, over {MAX_PAGE_BYTES}",
        largest.1.display(),
        largest.0
    );
}

#[test]
fn in_chromium_each_page_shows_what_eval_decides_for_what_was_clicked() {
    let Some(chromium) = support::chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed (see .ci/run)"
        );
        eprintln!("skipped: chromium is not installed; .ci/run installs it");
        return;
    };
    if !support::node_ready(&["puppeteer-core", "axe-core"]) {
        return;
    }
    let (out, pages) = built_pages();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let entries: Vec<Value> = pages
        .iter()
        .map(|page| {
            let relative = page
                .strip_prefix(out.path())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let stem = relative.strip_suffix(".screen.html").unwrap();
            // `name.es.screen.html` is the Spanish page of `name.protocol`.
            let (stem, own_language) = match stem.rsplit_once('.') {
                Some((stem, _lang)) => (stem, false),
                None => (stem, true),
            };
            json!({
                "page": page,
                "protocol": root.join("protocols").join(format!("{stem}.protocol")),
                "document": out.path().join(format!("{stem}.json")),
                "texts": own_language,
            })
        })
        .collect();
    let config = out.path().join("screen-check.json");
    std::fs::write(
        &config,
        json!({
            "binary": env!("CARGO_BIN_EXE_protocolc"),
            "chromium": chromium,
            "sets": SETS_PER_PAGE,
            "pages": entries,
        })
        .to_string(),
    )
    .unwrap();
    let run = std::process::Command::new("node")
        .arg(root.join("tests/js/screen-check.mjs"))
        .arg(&config)
        .output()
        .unwrap();
    // The measured timings, for the record (measured, not asserted).
    eprintln!("{}", String::from_utf8_lossy(&run.stdout));
    assert!(
        run.status.success(),
        "the screening pages disagree with eval, fail axe-core, or made a request:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Protocol text that looks like markup stays text: it cannot end the page's
/// script, open an element or start a comment, in the page or in the inlined module.
#[test]
fn protocol_text_cannot_break_out_of_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let nasty = r#"</script><script>alert(1)</script> <!-- <b onclick=x>bold</b> ' \" &amp;"#;
    let protocol = format!(
        r#"protocol demo {{
  title        "Demo {nasty}"
  jurisdiction "Demo County, California"
  audience     "Educators"
  version      "1 {nasty}"
  effective    2024-08-01
}}

contact cps {{
  name  "Demo County Child Protective Services"
  phone "800-555-0100"
}}

signal suspected "Exploitation is suspected {nasty}"

track respond "Respond {nasty}" {{
  when suspected
  step report "Call {{cps.name}} at {{cps.phone}}. {nasty}"
}}
"#
    );
    let file = dir.path().join("demo.protocol");
    std::fs::write(&file, protocol).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_protocolc"))
        .args(["build", "--format", "screen", "--out"])
        .arg(dir.path().join("out"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let html = std::fs::read_to_string(dir.path().join("out/demo.screen.html")).unwrap();
    assert_eq!(html.to_lowercase().matches("</script").count(), 1);
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<!--"));
    assert!(!html.contains("<b onclick"));
    // The text is there, escaped for HTML (as the page shows it) and for the module.
    assert!(
        html.contains("&lt;&#x2f;script&gt;&lt;script&gt;alert(1)"),
        "escaped for HTML"
    );
    assert!(html.contains("tel:800-555-0100"));
}
