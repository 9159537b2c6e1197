//! County variants from one shared base, as a coordinator meets them: a change to
//! the base reaches every variant's outputs; `diff` says what a county changed;
//! `build` with no arguments skips the base, keeps going past a broken variant
//! and lists everything in out/index.json.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BASE: &str = "protocols/california/csec-educators.protocol";
const OC: &str = "orange-county/csec-educators";
const EXAMPLE: &str = "examples/example-county/csec-educators";
fn protocolc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_protocolc"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A Riverside County variant of the California base: its metadata and CPS
/// contact, then `changes`.
fn riverside(changes: &str) -> String {
    format!(
        r#"protocol csec_educators extends "../california/csec-educators.protocol" {{
  title        "CSEC Protocol for Riverside County Educators"
  jurisdiction "Riverside County, California"
}}

contact cps {{
  name  "Riverside County Child Protective Services"
  phone "800-442-4918"
}}

{changes}"#
    )
}

fn pdf_text(path: &PathBuf) -> Option<String> {
    let out = Command::new("pdftotext").arg(path).arg("-").output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    })
}

#[test]
fn a_change_to_the_base_reaches_every_variant_in_every_format() {
    let dir = support::repo_copy();
    let old = "Frequently missing from school";
    let new = "Often absent from school (changed in the shared base)";
    let base = read(dir.path(), BASE);
    assert!(base.contains(old));
    std::fs::write(dir.path().join(BASE), base.replace(old, new)).unwrap();
    let built = protocolc(dir.path(), &["build"]);
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    for variant in [OC, EXAMPLE] {
        for ext in ["json", "md", "html", "rs"] {
            let text = read(dir.path(), &format!("out/{variant}.{ext}"));
            assert!(
                text.contains(new),
                "{variant}.{ext} does not have the base's new text"
            );
            assert!(!text.contains(old), "{variant}.{ext} still has the old text");
        }
        match pdf_text(&dir.path().join(format!("out/{variant}.pdf"))) {
            Some(text) => assert!(text.contains(new) && !text.contains(old), "{variant}.pdf: {text}"),
            None => assert!(
                std::env::var_os("CI").is_none(),
                "pdftotext is needed (installed by .ci/run)"
            ),
        }
    }
    // The base itself is checked, not built.
    assert!(!dir.path().join("out/california").exists());
}

#[test]
fn diff_says_what_a_county_changed() {
    let dir = support::repo_copy();
    let plain = protocolc(dir.path(), &["diff", &format!("protocols/{EXAMPLE}.protocol")]);
    assert_eq!(plain.status.code(), Some(0));
    let text = String::from_utf8(plain.stdout).unwrap();
    for expected in [
        "From protocols/california/csec-educators.protocol",
        "~ contact cps: phone given: “800-555-0100”",
        "~ criteria at_risk_2: threshold changed from “at least two of these factors are present” to “three or more of the following factors are present, or unstable housing alone”",
        "- step at_risk.monitor removed",
        "+ step suspected.keep_safe added",
        "~ step suspected.inform_parent: condition changed",
        "+ resource sro_hours added",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // The mandated reports are the base's, word for word: no difference in their
    // text (the county adds who files it, by when and on which form).
    assert!(!text.contains("step suspected.report: text"), "{text}");
    assert!(
        text.contains(
            "~ step suspected.report: form given: “name: Suspected Child Abuse Report, code: SS 8572”"
        ),
        "{text}"
    );

    let json = protocolc(
        dir.path(),
        &["diff", &format!("protocols/{OC}.protocol"), "--json"],
    );
    assert_eq!(json.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["before"][0]["file"], BASE);
    assert_eq!(value["after"][0]["file"], format!("protocols/{OC}.protocol"));
    assert_eq!(
        value["after"][1]["file"], BASE,
        "the variant's chain names its base"
    );
    let differences = value["differences"].as_array().unwrap();
    assert!(differences
        .iter()
        .any(|d| d["item"] == "contact task_force" && d["change"] == "added"));
    assert!(
        differences
            .iter()
            .all(|d| d["item"] != "criteria at_risk_1" && d["item"] != "criteria at_risk_2"),
        "Orange County keeps the state criteria"
    );

    // Two protocols compared directly.
    let two = protocolc(
        dir.path(),
        &[
            "diff",
            &format!("protocols/{OC}.protocol"),
            &format!("protocols/{EXAMPLE}.protocol"),
        ],
    );
    assert!(String::from_utf8(two.stdout).unwrap().contains("~ contact cps: name changed from “County of Orange Child Protective Services” to “Example County Child Protective Services”"));
    // A protocol with no base and no second file is a usage error.
    let alone = protocolc(dir.path(), &["diff", BASE]);
    assert_eq!(alone.status.code(), Some(2));
}

/// The example county makes every kind of county change; `diff` names each one,
/// field by field (the whole list is the snapshot), with placeholders of the base
/// said in words and an added step's place.
#[test]
fn diff_names_every_change_the_example_county_makes() {
    let dir = support::repo_copy();
    let out = protocolc(dir.path(), &["diff", &format!("protocols/{EXAMPLE}.protocol")]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("example_county_diff", text);
    for line in [
        "~ contact cps: hours given: “24 hours a day, 7 days a week”",
        "~ step suspected.report: role given: “The staff member who suspects”",
        "~ step suspected.report: deadline given: “by phone immediately; in writing within 36 hours”",
        "+ step at_risk.counselor added (after action_plan)",
        "~ protocol: status given: “draft”",
        "~ factor unstable_housing: enough on its own given: “yes”",
        "- factor relationships_of_concern removed",
        "~ contact cps: name changed from “(each county's own: the county's Child Protective Services: its name and hotline number)”",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(!text.contains("{cps."), "a placeholder shown as such:\n{text}");
}

/// `diff --html` is a redline a reviewer prints on Letter and signs: every change,
/// the text taken out struck through and the text put in underlined, lines to sign.
#[test]
fn the_html_redline_prints_on_letter_with_every_change() {
    let dir = support::repo_copy();
    let out = protocolc(
        dir.path(),
        &["diff", &format!("protocols/{EXAMPLE}.protocol"), "--html"],
    );
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<del>California</del>"), "{page}");
    assert!(page.contains("<ins>800-555-0100</ins>"), "{page}");
    assert!(page.contains("Signature:"));
    // Self-contained: nothing is fetched.
    for outside in ["src=", "href=", "@import", "url("] {
        assert!(!page.contains(outside), "{outside} in the redline");
    }
    let html = dir.path().join("redline.html");
    std::fs::write(&html, &page).unwrap();
    let pdf = dir.path().join("redline.pdf");
    if !support::print_with_chromium(&html, &pdf) {
        return;
    }
    let info = support::pdf_info(&pdf);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    let words = support::pdf_text(&pdf, false)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for shown in [
        "Changes for review",
        "contact cps: hours",
        "step at_risk.counselor",
        "Reviewed by:",
    ] {
        assert!(words.contains(shown), "{shown} not printed:\n{words}");
    }
}

/// Protocol text in the redline is text, never markup.
#[test]
fn the_redline_escapes_protocol_text() {
    let dir = support::repo_copy();
    let file = dir.path().join(format!("protocols/{EXAMPLE}.protocol"));
    let text = std::fs::read_to_string(&file).unwrap();
    let hostile = text.replacen(
        "Example County Child Protective Services",
        "CPS </td><script>alert(1)</script> & *x* | y",
        1,
    );
    assert_ne!(hostile, text);
    std::fs::write(&file, hostile).unwrap();
    let out = protocolc(
        dir.path(),
        &["diff", &format!("protocols/{EXAMPLE}.protocol"), "--html"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(!page.contains("<script>"), "{page}");
    assert!(
        page.contains("&lt;&#x2f;td&gt;&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; *x* | y"),
        "{page}"
    );
}

#[test]
fn build_all_keeps_going_past_a_broken_variant_and_indexes_everything() {
    let dir = support::repo_copy();
    assert_eq!(protocolc(dir.path(), &["build"]).status.code(), Some(0));
    let before = std::fs::read(dir.path().join(format!("out/{EXAMPLE}.json"))).unwrap();
    // Break the example: remove a step the base requires.
    let path = dir.path().join(format!("protocols/{EXAMPLE}.protocol"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "  remove step monitor\n",
            "  remove step monitor\n  remove step report\n",
        ),
    )
    .unwrap();
    // And change Orange County, which must still be built.
    let oc = dir.path().join(format!("protocols/{OC}.protocol"));
    let oc_text = std::fs::read_to_string(&oc).unwrap();
    std::fs::write(&oc, oc_text.replace("\"800-207-4464\"", "\"800-207-4465\"")).unwrap();
    let broken = protocolc(dir.path(), &["build"]);
    assert_eq!(broken.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(
        stderr.contains("error[P0114]") && stderr.contains(&format!("protocols/{EXAMPLE}.protocol:")),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(dir.path().join(format!("out/{EXAMPLE}.json"))).unwrap(),
        before,
        "a broken variant's previous output must stay"
    );
    assert!(
        read(dir.path(), &format!("out/{OC}.json")).contains("800-207-4465"),
        "the good variant is still built"
    );
    let index: serde_json::Value = serde_json::from_str(&read(dir.path(), "out/index.json")).unwrap();
    let status = |source: &str| {
        index["protocols"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["source"] == source)
            .map(|p| p["status"].clone())
    };
    assert_eq!(status(BASE), Some("base".into()));
    assert_eq!(
        status(&format!("protocols/{EXAMPLE}.protocol")),
        Some("invalid".into())
    );
    assert_eq!(status(&format!("protocols/{OC}.protocol")), Some("built".into()));
    let oc_entry = index["protocols"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == format!("protocols/{OC}.protocol"))
        .unwrap();
    assert_eq!(oc_entry["sources"][1]["file"], BASE);
    // JSON, test vectors, Markdown, HTML, PDF, Rust, the JavaScript module with its
    // declarations, and the screening page.
    assert_eq!(oc_entry["outputs"].as_array().unwrap().len(), 9);
}

#[test]
fn the_committed_index_is_current() {
    let dir = support::repo_copy();
    assert_eq!(
        protocolc(dir.path(), &["build", "--format", "json"])
            .status
            .code(),
        Some(0)
    );
    // The committed index lists all five outputs; a json-only build lists one per protocol.
    let committed: serde_json::Value = serde_json::from_str(&read(Path::new("."), "out/index.json")).unwrap();
    let fresh: serde_json::Value = serde_json::from_str(&read(dir.path(), "out/index.json")).unwrap();
    let sources = |v: &serde_json::Value| {
        v["protocols"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["source"].clone(), p["status"].clone(), p["sources"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        sources(&committed),
        sources(&fresh),
        "out/index.json is stale: run `cargo run -- build`"
    );
}

/// A coordinator misspelt the contact the base asks for (`cpss` for `cps`). It was
/// reported at the `protocol` line as "not supplied"; now at the misspelt contact.
#[test]
fn a_misspelt_parameter_contact_is_named_where_it_is_written() {
    let repo = support::repo_copy();
    let file = repo.path().join(format!("protocols/{OC}.protocol"));
    let text = read(repo.path(), &format!("protocols/{OC}.protocol"));
    assert!(text.contains("\ncontact cps {"));
    std::fs::write(&file, text.replacen("\ncontact cps {", "\ncontact cpss {", 1)).unwrap();
    let out = protocolc(
        repo.path(),
        &["check", "--color", "never", &format!("protocols/{OC}.protocol")],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    insta::assert_snapshot!(stderr);
}

/// A county decision the language could not say: a base track's `when` changed,
/// a criteria group's `source` changed, and the approval of the departure
/// recorded, so it is shown (handout, diff, JSON) rather than warned about.
#[test]
fn a_county_changes_when_a_track_applies_and_records_the_approval() {
    let repo = support::repo_copy();
    let county = "protocols/riverside/csec-educators.protocol";
    let variant = |approval: &str| {
        riverside(&format!(
            "change track at_risk {{\n  when at_risk_2\n  {approval}\n}}\n\n\
             change criteria at_risk_2 {{\n  met_when at_least 3\n  source   \"Riverside County Office of Education\"\n  {approval}\n}}\n"
        ))
    };
    std::fs::create_dir_all(repo.path().join("protocols/riverside")).unwrap();
    // Unapproved: each departure is a warning, and it still builds.
    std::fs::write(repo.path().join(county), variant("")).unwrap();
    let out = protocolc(repo.path(), &["check", county]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.matches("warning[P0302]").count(), 3, "{stderr}");
    assert!(
        stderr.contains("changes when track `at_risk` applies"),
        "{stderr}"
    );
    assert!(stderr.contains("record it with `approval"), "{stderr}");

    // Approved: no warning; the approval is in the handout, the JSON and the diff.
    let approved = "approval \"by the Riverside County Board of Education on 2025-03-04\"";
    std::fs::write(repo.path().join(county), variant(approved)).unwrap();
    let out = protocolc(repo.path(), &["check", county]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("P0302"), "{stderr}");
    let out = protocolc(repo.path(), &["build", county]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let handout = read(repo.path(), "out/riverside/csec-educators.md");
    // Each says what the county changed, then who approved it.
    for said in [
        "Changed by this county: when it applies. Approved by the Riverside County Board of Education on 2025-03-04.",
        "Changed by this county: at least three factors instead of two. Approved by the Riverside County Board of Education on 2025-03-04.",
    ] {
        assert_eq!(handout.matches(said).count(), 1, "{said}\n{handout}");
    }
    assert!(
        handout.contains("As determined by the Riverside County Office of Education."),
        "{handout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(repo.path(), "out/riverside/csec-educators.json")).unwrap();
    let at_risk = json["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "at_risk")
        .unwrap();
    assert_eq!(at_risk["trigger_text"], "at_risk_2");
    assert!(at_risk["approval"].as_str().unwrap().contains("2025-03-04"));
    let out = protocolc(repo.path(), &["diff", county]);
    let diff = String::from_utf8_lossy(&out.stdout);
    for line in [
        "~ track at_risk: when changed from “at_risk_1 or at_risk_2” to “at_risk_2”",
        "~ track at_risk: approval given: “by the Riverside County Board of Education on 2025-03-04”",
        "~ criteria at_risk_2: source changed from “California Department of Social Services” to “Riverside County Office of Education”",
    ] {
        assert!(diff.contains(line), "{line}\n{diff}");
    }
    // The formatter keeps the new lines where they are.
    let out = protocolc(repo.path(), &["fmt", "--check", county]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A county gives a base group its own word for its items (`items_called` in
/// `change criteria`): a departure warned about until approved, said in every output
/// and named by `diff`, and kept by the formatter.
#[test]
fn a_county_gives_a_base_group_its_own_word_for_its_items() {
    let repo = support::repo_copy();
    let county = "protocols/riverside/csec-educators.protocol";
    let variant = |approval: &str| {
        riverside(&format!(
            "change criteria at_risk_2 {{\n  items_called \"indicator\" \"indicators\"\n  {approval}\n}}\n"
        ))
    };
    std::fs::create_dir_all(repo.path().join("protocols/riverside")).unwrap();
    std::fs::write(repo.path().join(county), variant("")).unwrap();
    let out = protocolc(repo.path(), &["check", county]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("this changes what `at_risk_2` calls its items"),
        "{stderr}"
    );
    std::fs::write(
        repo.path().join(county),
        variant("approval \"by the Riverside County Board of Education\""),
    )
    .unwrap();
    let out = protocolc(repo.path(), &["build", county]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("P0302"), "{stderr}");
    let handout = read(repo.path(), "out/riverside/csec-educators.md");
    assert!(handout.contains("of the following indicators"), "{handout}");
    let json: serde_json::Value =
        serde_json::from_str(&read(repo.path(), "out/riverside/csec-educators.json")).unwrap();
    let group = json["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "at_risk_2")
        .unwrap();
    assert_eq!(group["items_called"]["many"], "indicators", "{group}");
    let out = protocolc(repo.path(), &["diff", county]);
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("criteria at_risk_2: items_called"), "{diff}");
    let out = protocolc(repo.path(), &["fmt", "--check", county]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_handout_says_what_a_county_changed_and_whether_it_is_approved() {
    let dir = support::repo_copy();
    let (example, oc) = (
        format!("protocols/{EXAMPLE}.protocol"),
        format!("protocols/{OC}.protocol"),
    );
    let out = protocolc(dir.path(), &["build", "--format", "md", &example, &oc]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let handout = read(dir.path(), &format!("out/{EXAMPLE}.md"));
    // The criteria group: approved, so the list of changes ends with the approval.
    for said in [
        "*Changed by this county: at least three factors instead of two; added: “Contact with gangs known to recruit for commercial sex”;",
        "couch surfing” enough on its own; left out: “Relationships are of concern, placing them at risk or in danger of exploitation”. Approved by the Example County Board of Education (fictional) on 2025-01-10.*",
        // Tracks changed without an approval say so.
        "*Changed by this county (not yet approved): step left out: “Set up regular contact with student",
        "step added: “Refer the student to the school counseling team for regular check-ins”.*",
        "step changed: “Contact the Example County School Resource Officer (714-555-0142) for a possible investigation”",
    ] {
        assert!(handout.contains(said), "missing {said:?} in\n{handout}");
    }
    // Orange County supplies its contacts and changes nothing of the base's.
    let oc = read(dir.path(), &format!("out/{OC}.md"));
    assert!(!oc.contains("Changed by this county"), "{oc}");
}

#[test]
fn diff_names_a_scales_values_added_renamed_retitled_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let protocol = |scale: &str, moderate: &str| {
        format!(
            "protocol demo {{ title \"T\" jurisdiction \"J\" audience \"A\" version \"1\" effective 2024-01-01 }}\n\
             input safety \"Safety at home\" scale {scale}\n\
             track urgent \"Urgent\" {{\n  when safety < {moderate}\n  step call \"Call.\"\n}}\n"
        )
    };
    let before = protocol(
        r#"low "Low", medium "Moderate", high "Very safe", top "Top""#,
        "medium",
    );
    let after = protocol(r#"low "Low", moderate "Moderate", high "High""#, "moderate");
    std::fs::write(dir.path().join("before.protocol"), before).unwrap();
    std::fs::write(dir.path().join("after.protocol"), after).unwrap();
    let out = protocolc(dir.path(), &["diff", "before.protocol", "after.protocol"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "- value safety.medium removed (was “Moderate”)",
        "+ value safety.moderate added (after low): “Moderate”",
        "~ value safety.high: title changed from “Very safe” to “High”",
        "- value safety.top removed (was “Top”)",
        "~ track urgent: when changed from “safety < medium” to “safety < moderate”",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

/// A county reaches a factor inside a base group's tier like any other: it rewords
/// it (it stays in the tier, with the tier's points), gives it an option, or leaves
/// it out; a misspelt one is told the tier's factors too.
#[test]
fn a_county_changes_a_factor_inside_a_tier() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("base.protocol"),
        r#"protocol screening {
  title        "Screening"
  jurisdiction "State"
  audience     "School staff"
  base "the county's wording of the tier"
}

criteria domains "Domains" {
  level low  "Low"  from 0 to 2
  level high "High" from 3
  met_when at_least high
  tier "Tier 1 indicators" points 3 {
    factor exchange   "Exchanges sex for goods"
    factor controlled "Seems controlled by someone older"
    factor gifts      "Has unexplained gifts"
  }
  factor missing "Often missing from school"
}

track act "Act" {
  when domains
  step report "Tell the support team."
}
"#,
    )
    .unwrap();
    let county = |changes: &str| {
        format!(
            "protocol screening extends \"base.protocol\" {{\n  title \"County screening\"\n  jurisdiction \"County\"\n}}\n\n\
             change criteria domains {{\n{changes}\n  approval \"by the county board\"\n}}\n"
        )
    };
    std::fs::write(
        dir.path().join("county.protocol"),
        county(
            "  factor exchange \"Has exchanged sex for money, shelter or goods\"\n  \
             factor controlled alone high\n  remove factor gifts",
        ),
    )
    .unwrap();
    let out = protocolc(dir.path(), &["build", "county.protocol", "--out", "out"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let handout = read(dir.path(), "out/county.md");
    let tier = handout
        .find("*Tier 1 indicators — 3 points each:*")
        .expect(&handout);
    let reworded = handout
        .find("Has exchanged sex for money, shelter or goods — *3 points*")
        .expect(&handout);
    assert!(tier < reworded, "{handout}");
    assert!(!handout.contains("Has unexplained gifts —"), "{handout}");
    let out = protocolc(dir.path(), &["eval", "county.protocol", "--factor", "controlled"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("High"), "{said}");

    std::fs::write(dir.path().join("county.protocol"), county("  remove factor gift")).unwrap();
    let out = protocolc(dir.path(), &["check", "county.protocol"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("did you mean `gifts`?"), "{stderr}");
}
