//! Staff handouts: the Markdown's structure as pulldown-cmark reads it, the golden
//! copies in out/, text that must stay literal, district template overrides, and
//! the HTML printed by headless Chromium.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use protocolc::emit::handout::{self, TemplateSet};
use protocolc::model::Model;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::process::Command;

const OC: &str = "protocols/orange-county/csec-educators.protocol";
const ADVERSARIAL: &str = "tests/fixtures/adversarial.protocol";

fn model(path: &str) -> Model {
    let text = std::fs::read_to_string(path).unwrap();
    let (_, compiled) = protocolc::compile_text(path, &text);
    assert!(
        compiled.diagnostics.iter().all(|d| !d.is_error()),
        "{path} has errors"
    );
    compiled.model.unwrap()
}

/// The list items of a Markdown document as pulldown-cmark reads them.
#[derive(Debug, Default)]
struct Outline {
    /// Each ordered list: the plain text of its items.
    ordered: Vec<Vec<String>>,
    /// Each bullet list: the plain text of its items.
    bullets: Vec<Vec<String>>,
    /// Link destinations.
    links: Vec<String>,
    /// Raw HTML anywhere (there must be none from protocol text).
    html: Vec<String>,
    /// All text, with breaks as spaces.
    text: String,
}

fn outline(md: &str) -> Outline {
    let mut out = Outline::default();
    // Stack of open lists: (ordered?, items).
    let mut lists: Vec<(bool, Vec<String>)> = Vec::new();
    for event in Parser::new_ext(md, Options::ENABLE_TASKLISTS) {
        let mut push_text = |s: &str, lists: &mut Vec<(bool, Vec<String>)>| {
            out.text.push_str(s);
            if let Some((_, items)) = lists.last_mut() {
                if let Some(item) = items.last_mut() {
                    item.push_str(s);
                }
            }
        };
        match event {
            Event::Start(Tag::List(start)) => lists.push((start.is_some(), Vec::new())),
            Event::End(TagEnd::List(_)) => {
                let (ordered, items) = lists.pop().unwrap();
                let items = items.into_iter().map(|i| i.trim().to_string()).collect();
                if ordered {
                    out.ordered.push(items);
                } else {
                    out.bullets.push(items);
                }
            }
            Event::Start(Tag::Item) => lists.last_mut().unwrap().1.push(String::new()),
            Event::Start(Tag::Link { dest_url, .. }) => out.links.push(dest_url.to_string()),
            Event::Text(t) | Event::Code(t) => push_text(&t, &mut lists),
            Event::SoftBreak | Event::HardBreak => push_text(" ", &mut lists),
            Event::Html(h) | Event::InlineHtml(h) => out.html.push(h.to_string()),
            _ => {}
        }
    }
    out
}

/// What a step says in the handout: its condition, then its text, then why it
/// is required (the Orange County steps have no other details).
fn step_line(step: &protocolc::model::Step) -> String {
    let line = match &step.condition {
        // After its condition, the text goes on the sentence: an ordinary first word lowered.
        Some(c) => {
            let text = &step.text.text;
            let mut chars = text.chars();
            let lowered = match (chars.next(), chars.next()) {
                (Some(first), Some(second)) if second.is_lowercase() => {
                    first.to_lowercase().chain(text.chars().skip(1)).collect()
                }
                _ => text.clone(),
            };
            format!("{c}, {lowered}")
        }
        None => step.text.text.clone(),
    };
    match &step.required {
        Some(reason) => format!("{line} — Required by: {reason}"),
        None => line,
    }
}

#[test]
fn orange_county_markdown_has_one_ordered_list_per_track_with_exactly_its_steps() {
    let model = model(OC);
    let md = handout::to_markdown(&model, &TemplateSet::builtin()).unwrap();
    let outline = outline(&md);
    let expected: Vec<Vec<String>> = model
        .tracks()
        .iter()
        .map(|t| t.steps.iter().map(step_line).collect())
        .collect();
    assert_eq!(outline.ordered, expected);
    assert_eq!(
        outline.ordered.iter().map(Vec::len).sum::<usize>(),
        9,
        "the source has nine steps"
    );
    // Every factor is a checklist item, word for word.
    let items: Vec<&String> = outline.bullets.iter().flatten().collect();
    for factor in model.factors() {
        assert!(items.contains(&&factor.text), "factor missing: {}", factor.text);
    }
    assert!(outline.text.contains("800-207-4464"));
    assert!(
        outline
            .links
            .contains(&"http://ochumantrafficking.com".to_string()),
        "{:?}",
        outline.links
    );
    assert!(
        outline.html.is_empty(),
        "raw HTML in the handout: {:?}",
        outline.html
    );
    for words in [
        "at least one",
        "at least two",
        "California Department of Social Services",
        "Education Code (EC) 51934, 51950",
    ] {
        assert!(outline.text.contains(words), "missing {words:?}");
    }
    // The footer traces the handout to its source.
    assert!(outline.text.contains("Version 1.0 · effective 2024-08-01"));
    assert!(outline.text.contains(OC));
}

#[test]
fn golden_handouts_in_out_are_current() {
    let model = model(OC);
    for (ext, rendered) in [
        (
            "md",
            handout::to_markdown(&model, &TemplateSet::builtin()).unwrap(),
        ),
        ("html", handout::to_html(&model, &TemplateSet::builtin()).unwrap()),
    ] {
        let path = format!("out/orange-county/csec-educators.{ext}");
        let committed = std::fs::read_to_string(&path).unwrap();
        assert!(
            committed == rendered,
            "{path} is stale: run `cargo run -- build` and commit out/"
        );
    }
}

/// A select-all question: the factors to tick under it, as checkboxes, after when
/// its answer is yes, then its yes and no routes (its answer is never unclear).
#[test]
fn a_select_all_question_lists_its_ticks_then_its_routes() {
    let model = model("protocols/examples/hotline-screening/hotline-screening.protocol");
    let md = handout::to_markdown(&model, &TemplateSet::builtin()).unwrap();
    let question = md
        .split("\n1. **Ask:** Which of these risks did the caller report?")
        .nth(1)
        .expect("the question is in the handout");
    let lines: Vec<&str> = question.lines().take(7).collect();
    assert_eq!(
        lines,
        [
            " *Tick all that apply (yes when at least two of these factors are present):*",
            "   - [ ] No safe adult is caring for the child now — *enough on its own*",
            "   - [ ] A weapon is kept where the child can reach it",
            "   - [ ] A caregiver's drinking or drug use leaves the child without care",
            "   - [ ] Earlier reports about this family",
            "   - **If yes:** go on to step 2 (Ask the Example County hotline supervisor on duty (555-0171) whether the risks reported call for a 24-hour response instead).",
            "   - **If no:** go to step 3 (Assign a caseworker to see the child and family).",
        ]
    );
    assert!(!question.lines().nth(7).unwrap_or("").contains("If unclear"));
    let html = handout::to_html(&model, &TemplateSet::builtin()).unwrap();
    assert!(
        html.contains("<li><label><input type=\"checkbox\"> Earlier reports about this family</label></li>")
    );
}

#[test]
fn html_is_self_contained_and_says_what_the_markdown_says() {
    let model = model(OC);
    let html = handout::to_html(&model, &TemplateSet::builtin()).unwrap();
    for external in ["<script", "<link", "<img", "@import", "url(", "src="] {
        assert!(
            !html.contains(external),
            "HTML refers to something outside itself: {external}"
        );
    }
    assert!(html.contains("@page") && html.contains("@media print"));
    assert!(html.contains("name=\"viewport\""));
    // Every step and factor, as HTML text.
    for track in model.tracks() {
        for step in &track.steps {
            let escaped = step.text.text.clone();
            assert!(
                html.contains(&escaped.replace(
                    "800-207-4464",
                    "<a href=\"tel:800-207-4464\"><strong>800-207-4464</strong></a>"
                )),
                "{escaped}"
            );
        }
    }
    assert_eq!(html.matches("<ol>").count(), model.tracks().len());
}

#[test]
fn markup_characters_in_protocol_text_come_out_literally() {
    let model = model(ADVERSARIAL);
    let md = handout::to_markdown(&model, &TemplateSet::builtin()).unwrap();
    let outline = outline(&md);
    assert!(
        outline.html.is_empty(),
        "protocol text became raw HTML: {:?}",
        outline.html
    );
    let items: Vec<&String> = outline.bullets.iter().flatten().collect();
    for factor in model.factors() {
        assert!(
            items.contains(&&factor.text),
            "factor not literal: {:?}\nitems: {items:#?}",
            factor.text
        );
    }
    // Steps: condition and text literal, one list, three items (a `\n- ` in a step does not start a list).
    assert_eq!(outline.ordered.len(), 1);
    let expected: Vec<String> = model.tracks()[0]
        .steps
        .iter()
        .map(step_line)
        .map(|s| s.replace('\n', " "))
        .collect();
    let got: Vec<String> = outline.ordered[0]
        .iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let expected: Vec<String> = expected
        .iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(got, expected);
    // The only links are the contact's website and its number to dial, never text
    // that looks like a link.
    assert!(
        outline
            .links
            .iter()
            .all(|l| l == "https://example.org/a_b*c?x=1&y=2#frag" || l == "tel:800-207-4464"),
        "{:?}",
        outline.links
    );
    assert!(outline
        .text
        .contains("Markup *test* _protocol_ | # </script> \"#"));

    let html = handout::to_html(&model, &TemplateSet::builtin()).unwrap();
    assert!(!html.contains("<script>alert"), "a script tag survived");
    assert!(!html.contains("</p> a paragraph"), "a closing tag survived");
    assert!(!html.contains("<b>bold</b>") && !html.contains("<em>something</em>"));
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
            || html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("Has | pipes | in | a | row"));
    assert!(
        html.contains("<title>Markup *test* _protocol_ | # &lt;&#x2f;script&gt; &quot;#"),
        "title not escaped"
    );
}

#[test]
fn a_district_template_replaces_the_built_in_one() {
    let model = model(OC);
    let district = TemplateSet::builtin().with_override(
        handout::MARKDOWN_TEMPLATE,
        "district/handout.md.j2",
        "# {{ protocol.title }}\n\nPrinted for Anytown Unified.\n".to_string(),
    );
    let md = handout::to_markdown(&model, &district).unwrap();
    assert!(md.contains("Printed for Anytown Unified."));
    // The HTML template is still the built-in one, wrapping the district's Markdown.
    let html = handout::to_html(&model, &district).unwrap();
    assert!(html.contains("<p>Printed for Anytown Unified.</p>") && html.contains("<!DOCTYPE html>"));
}

#[test]
fn a_broken_template_reports_its_file_and_line() {
    let model = model(OC);
    let syntax = TemplateSet::builtin().with_override(
        handout::MARKDOWN_TEMPLATE,
        "district/handout.md.j2",
        "# {{ protocol.title }}\n\n{% for x in tracks %}\nno end\n".to_string(),
    );
    let e = handout::to_markdown(&model, &syntax).unwrap_err();
    assert_eq!(e.file, "district/handout.md.j2");
    assert!(e.line.is_some(), "{e}");

    let undefined = TemplateSet::builtin().with_override(
        handout::HTML_TEMPLATE,
        "district/handout.html.j2",
        "<html>\n<title>{{ protocol.title }}</title>\n{{ protocol.nickname }}\n</html>\n".to_string(),
    );
    let e = handout::to_html(&model, &undefined).unwrap_err();
    assert_eq!(
        (e.file.as_str(), e.line),
        ("district/handout.html.j2", Some(3)),
        "{e}"
    );
    assert!(e.message.contains("undefined"), "{e}");
    assert_eq!(
        e.to_string().split(':').take(2).collect::<Vec<_>>(),
        ["district/handout.html.j2", "3"]
    );
}

#[test]
fn no_line_of_a_built_in_template_is_over_120_characters() {
    let mut long = Vec::new();
    for (name, source) in handout::BUILTIN_TEMPLATES {
        for (i, line) in source.lines().enumerate() {
            let length = line.chars().count();
            if length > 120 {
                long.push(format!("templates/{name}:{}: {length} characters", i + 1));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these lines (a macro, or `{{%-`/`-%}}` around a tag):\n{}",
        long.join("\n")
    );
}

#[test]
fn a_district_template_can_reuse_the_built_in_macros() {
    let model = model(OC);
    let builtin = handout::to_markdown(&model, &TemplateSet::builtin()).unwrap();
    // A district's own layout: its steps, the built-in way, and the built-in footer.
    let district = TemplateSet::builtin().with_override(
        handout::MARKDOWN_TEMPLATE,
        "district/handout.md.j2",
        concat!(
            "{% import \"handout.macros.md.j2\" as handout %}\n",
            "# Anytown: {{ protocol.title }}\n",
            "{% for t in tracks %}\n\n### {{ t.title }}\n\n",
            "{% for s in t.steps %}\n{{ handout.step(s) }}\n{% endfor %}\n",
            "{% endfor %}\n\n",
            "{{ handout.document_control(protocol) }}\n",
        )
        .to_string(),
    );
    let md = handout::to_markdown(&model, &district).unwrap();
    assert!(md.starts_with("# Anytown: "), "{md}");
    let steps: Vec<&str> = md.lines().filter(|l| l.starts_with(char::is_numeric)).collect();
    assert_eq!(steps.len(), 9, "{md}");
    for step in &steps {
        assert!(builtin.lines().any(|l| l == *step), "not as built in: {step}");
    }
    let footer = md.lines().last().unwrap();
    assert!(
        footer.starts_with("Version 1.0 · effective 2024-08-01") && builtin.contains(footer),
        "{footer}"
    );

    // The built-in style sheet, with a district's rule after its own.
    let page = TemplateSet::builtin().with_override(
        handout::HTML_TEMPLATE,
        "district/handout.html.j2",
        concat!(
            "{% import \"handout.macros.html.j2\" as handout %}\n",
            "{% call handout.stylesheet() %}\n",
            "  h1 { color: #1f3a68; }\n",
            "{% endcall %}\n",
            "{{ body }}",
        )
        .to_string(),
    );
    let html = handout::to_html(&model, &page).unwrap();
    assert!(
        html.starts_with("<style>\n  :root {")
            && html.contains("  }\n  h1 { color: #1f3a68; }\n</style><h1>"),
        "{html}"
    );
}

fn protocolc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_protocolc"))
}

#[test]
fn build_with_templates_dir_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("district");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("handout.md.j2"),
        "# {{ protocol.title }}\n\nAnytown edition\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let status = protocolc()
        .args(["build", OC, "--format", "md,html", "--out"])
        .arg(&out)
        .arg("--templates")
        .arg(&templates)
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let md = std::fs::read_to_string(out.join("orange-county/csec-educators.md")).unwrap();
    assert!(md.contains("Anytown edition"));
    assert!(
        std::fs::read_to_string(out.join("orange-county/csec-educators.html"))
            .unwrap()
            .contains("Anytown edition")
    );

    std::fs::write(
        templates.join("handout.md.j2"),
        "# {{ protocol.title }}\n\n{{ protocol.nickname }}\n",
    )
    .unwrap();
    std::fs::remove_file(out.join("orange-county/csec-educators.md")).unwrap();
    let failed = protocolc()
        .args(["build", OC, "--format", "md", "--out"])
        .arg(&out)
        .arg("--templates")
        .arg(&templates)
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("handout.md.j2:3:"), "{stderr}");
    assert!(
        !out.join("orange-county/csec-educators.md").exists(),
        "a failed template must not write an output"
    );
}

/// The HTML printed to PDF by headless Chromium holds every step's text.
/// `.ci/run` installs chromium and poppler-utils; elsewhere the test needs them too.
#[test]
fn html_prints_to_pdf_with_every_step() {
    let model = model(OC);
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("handout.html");
    std::fs::write(
        &html_path,
        handout::to_html(&model, &TemplateSet::builtin()).unwrap(),
    )
    .unwrap();
    let pdf_path = dir.path().join("handout.pdf");
    if !support::print_with_chromium(&html_path, &pdf_path) {
        return;
    }
    let text = support::pdf_text(&pdf_path, true);
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    // Compare word runs, since the PDF wraps lines and the -layout keeps columns.
    let pdf_text = words(&text.replace('\u{2019}', "'"));
    for track in model.tracks() {
        for step in &track.steps {
            let line = words(&step_line(step));
            // A printed line may break anywhere; check each half of the step separately if needed.
            let found = pdf_text.contains(&line) || {
                let w: Vec<&str> = line.split(' ').collect();
                let (a, b) = w.split_at(w.len() / 2);
                pdf_text.contains(&a.join(" ")) && pdf_text.contains(&b.join(" "))
            };
            assert!(found, "step not in the printed PDF: {line}\n---\n{pdf_text}");
        }
    }
}

#[test]
fn questions_routes_rules_deadlines_and_ends_are_written_in_words() {
    let model = model("tests/cases/ok/branching/input.protocol");
    let md = handout::to_markdown(&model, &TemplateSet::builtin()).unwrap();
    let o = outline(&md);
    // Standing rules in a box above the steps, as a list.
    assert!(
        md.contains("> **At all times:**\n> - Never leave the student alone\n"),
        "{md}"
    );
    // Each question is a step with its routes as a list under it.
    let triage = &o.ordered[0];
    assert_eq!(triage.len(), 6, "{triage:#?}");
    assert!(
        triage[1].starts_with("Ask: Does the student have a plan"),
        "{}",
        triage[1]
    );
    let routes = &o.bullets[1];
    assert_eq!(
        routes,
        &[
            "If yes: go to step 6 (Call 911).",
            "If no: go on to step 3 (Does the student have access to a weapon?).",
            "If unclear: as yes.",
        ]
    );
    assert!(o
        .text
        .contains("If yes: continue with “Threat of harm to others”."));
    assert!(o
        .text
        .contains("If yes: stop here: The student goes back to class"));
    // Skip rule, ordering constraint, conditional deadline, end and handoff.
    assert!(triage[3].starts_with("Skip when: the student is 18 or older."));
    assert!(triage[3]
        .contains("When: immediately (when: the screening found a high risk); otherwise within 24 hours"));
    assert!(triage[3].contains("Only after: step 1 (Stay with the student)"));
    assert!(triage[5].contains("The protocol ends here: The student is in the care of emergency services"));
    assert!(o
        .text
        .contains("Then follow the protocol: ../../../fixtures/handoff/threat.protocol"));
}

/// A summary of two paragraphs came out as one paragraph with `<br />` breaks
/// (each line break escaped as a hard break); an `end` outcome ending with a full
/// stop printed "county.." in `eval`.
#[test]
fn a_summary_keeps_its_paragraphs_and_an_outcome_one_full_stop() {
    let text = r#"protocol demo {
  title        "Demo"
  jurisdiction "Demo County"
  audience     "Staff"
  version      "1"
  effective    2024-08-01
  summary """
    First paragraph of the summary.

    Second *paragraph*.
  """
}

signal concern "A concern was raised"

track respond "Respond" {
  when concern
  step report "Report it." {
    end "Reported to the county."
  }
}
"#;
    let (_, compiled) = protocolc::compile_text("demo.protocol", text);
    let model = compiled.model.unwrap();
    let md = handout::to_markdown(&model, &TemplateSet::builtin()).unwrap();
    assert!(
        md.contains("First paragraph of the summary.\n\nSecond \\*paragraph\\*.\n"),
        "{md}"
    );
    let html = handout::to_html(&model, &TemplateSet::builtin()).unwrap();
    assert!(
        html.contains("<p>First paragraph of the summary.</p>\n<p>Second *paragraph*.</p>"),
        "{html}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.protocol"), text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_protocolc"))
        .current_dir(dir.path())
        .args(["eval", "demo.protocol", "--signal", "concern"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("respond.report: Reported to the county. No further track is followed."),
        "{stdout}"
    );
}

#[test]
fn a_steps_required_reason_is_printed_with_the_step() {
    let model = model("protocols/examples/abuse-reporting/child-abuse-reporting.protocol");
    let markdown = handout::to_markdown(&model, &TemplateSet::builtin()).unwrap();
    let required: Vec<&protocolc::model::Step> = model
        .tracks()
        .iter()
        .flat_map(|t| t.steps.iter())
        .filter(|s| s.required.is_some())
        .collect();
    assert!(!required.is_empty());
    for step in required {
        let reason = step.required.as_deref().unwrap_or_default();
        // On the step's own line of the numbered list.
        // (its text's start: phone numbers later in it are printed in bold)
        let start: String = step.text.text.chars().take(20).collect();
        let line = markdown
            .lines()
            .find(|l| l.contains(&start))
            .unwrap_or_else(|| panic!("no line for {}", step.text.text));
        assert!(line.contains(&format!("**Required by:** {reason}")), "{line}");
    }
}

#[test]
fn a_handoff_to_a_document_is_linked_where_the_step_is() {
    let model = model("tests/cases/ok/handoff_to_a_document/input.protocol");
    let markdown = handout::to_markdown(&model, &TemplateSet::builtin()).unwrap();
    assert!(
        markdown.contains(
            "1. Submit a mandated report. — **Then follow:** \
             [Demo County Multi-Agency Exploitation Protocol](<https://www.example.org/county-protocol>)"
        ),
        "{markdown}"
    );
}

/// Phone numbers were bold text only: now each is also a `tel:` link a phone can
/// dial (and the printed HTML keeps a number on one line); text that is not a
/// number stays plain bold.
#[test]
fn phone_numbers_are_links_to_dial() {
    use protocolc::emit::handout::markdown::phone;
    assert_eq!(phone("800-207-4464"), "[**800-207-4464**](<tel:800-207-4464>)");
    assert_eq!(
        phone("(951) 351-4418"),
        "[**(951) 351-4418**](<tel:951-351-4418>)"
    );
    assert_eq!(
        phone("+44 20 7946 0958"),
        "[**+44 20 7946 0958**](<tel:+44-20-7946-0958>)"
    );
    assert_eq!(phone("911"), "[**911**](<tel:911>)");
    assert_eq!(phone("FILL IN"), "**FILL IN**");
    assert_eq!(phone("800-CPS-HELP"), "**800-CPS-HELP**");
    let html = handout::to_html(&model(OC), &TemplateSet::builtin()).unwrap();
    assert!(
        html.contains("a[href^=\"tel:\"], .phone { white-space: nowrap;"),
        "{html}"
    );
}

/// A protocol whose main contact has an email, a second number and hours, and
/// whose steps name the email through a placeholder and write another in words.
const CONTACTS_DEMO: &str = r#"protocol demo {
  title        "Demo"
  jurisdiction "Demo County"
  audience     "Staff"
  version      "1"
  effective    2024-08-01
  status       in_review
}

contact cps {
  name  "Demo County CPS"
  phone "(951) 351-4418"
  email "intake@example.org"
  hours "24 hours a day"
  number "TDD" "800-555-0199"
}

signal concern "A concern was raised"

track respond "Respond" {
  when concern
  step call "Call {cps.name} at {cps.phone}, or write to {cps.email}."
  step tell "Tell the nurse (nurse.office@example.org, 555-0101)."
}
"#;

fn demo_model(text: &str) -> Model {
    let (_, compiled) = protocolc::compile_text("demo.protocol", text);
    compiled.model.unwrap()
}

/// The number to report to (the main contact, as the chart prints it large) is in
/// a box under the title: a GitHub-style `[!IMPORTANT]` quote in the Markdown, a
/// `blockquote.markdown-alert-important` in the HTML; a protocol in draft or in
/// review says so in a `[!WARNING]` banner above it.
#[test]
fn the_hotline_and_a_draft_banner_come_under_the_title() {
    let model = demo_model(CONTACTS_DEMO);
    let md = handout::to_markdown(&model, &TemplateSet::builtin()).unwrap();
    assert!(
        md.starts_with(
            "# Demo\n\n**Demo County** · For: Staff\n\n\
             > [!WARNING]\n> **DRAFT** (status: in review): not yet approved for use.\n\n\
             > [!IMPORTANT]\n> **To report, call** [**(951) 351-4418**](<tel:951-351-4418>) — Demo County CPS \
             (24 hours a day) · TDD: [**800-555-0199**](<tel:800-555-0199>)\n\n## Respond"
        ),
        "{md}"
    );
    let html = handout::to_html(&model, &TemplateSet::builtin()).unwrap();
    assert!(html.contains("<blockquote class=\"markdown-alert-warning\">\n<p><strong>DRAFT</strong>"));
    assert!(
        html.contains("<blockquote class=\"markdown-alert-important\">\n<p><strong>To report, call</strong>")
    );
    // On every printed page, at the top.
    assert!(
        html.contains("@page { @top-right { content: \"DRAFT\";"),
        "{html}"
    );

    // Approved: no banner and no mark.
    let approved = demo_model(&CONTACTS_DEMO.replace("in_review", "approved"));
    let html = handout::to_html(&approved, &TemplateSet::builtin()).unwrap();
    assert!(
        !html.contains("DRAFT") && html.contains("markdown-alert-important"),
        "{html}"
    );
}

/// Email addresses are `mailto:` links wherever they are: a contact's, one a step
/// names through a placeholder, one written in the text; phone numbers written in
/// the text are kept whole on a line.
#[test]
fn email_addresses_are_mailto_links_and_numbers_in_text_stay_whole() {
    let model = demo_model(CONTACTS_DEMO);
    let html = handout::to_html(&model, &TemplateSet::builtin()).unwrap();
    assert!(
        html.contains("or write to <a href=\"mailto:intake@example.org\">intake@example.org</a>.</li>"),
        "{html}"
    );
    assert!(
        html.contains(
            "Tell the nurse (<a href=\"mailto:nurse.office@example.org\">nurse.office@example.org</a>, \
             <span class=\"phone\">555-0101</span>).</li>"
        ),
        "{html}"
    );
    assert!(html.contains("— <a href=\"mailto:intake@example.org\">intake@example.org</a>"));
}

/// Text a template puts in the style sheet (`content: "…"`) cannot end the string
/// or the `<style>` element, whatever a translation's label says.
#[test]
fn text_put_in_the_style_sheet_is_a_closed_css_string() {
    let page = TemplateSet::builtin().with_override(
        handout::HTML_TEMPLATE,
        "district/handout.html.j2",
        "<style>p::before { content: {{ 'Ob\"}</style><script>x' | css_string }}; }</style>".to_string(),
    );
    let html = handout::to_html(&model(OC), &page).unwrap();
    assert_eq!(
        html,
        "<style>p::before { content: \"Ob\\22 \\7d \\3c \\2f style\\3e \\3c script\\3e x\"; }</style>"
    );
}
