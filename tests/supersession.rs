//! Supersession said the same in every output. With A superseding B and B
//! superseding C, when A and C are triggered the evaluator follows only A; the
//! JSON (each track's `superseded_by`), the Markdown and HTML handouts, the
//! flowchart's text and the generated Rust must all say so. Protocols with chains
//! are built here and every combination of triggers is checked against the evaluator.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use protocolc::emit::handout::{to_html, to_markdown, TemplateSet};
use protocolc::emit::json::to_json;
use protocolc::emit::pdf::{to_pdf, Paper};
use protocolc::emit::rust::to_rust;
use protocolc::evaluate::{assess, supersedes, Observations};
use protocolc::model::{Model, SignalIdx, TrackIdx};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::process::Command;

/// A protocol whose tracks `t0`, `t1`, … are each triggered by their own signal
/// (`s0`, `s1`, …), with `supersedes` and `precedes` links as (above, below) pairs.
fn chain_protocol(tracks: usize, supersede: &[(usize, usize)], precede: &[(usize, usize)]) -> String {
    let mut text = String::from(
        "protocol chain {\n  title \"Chains\"\n  jurisdiction \"Testland\"\n  audience \"Educators\"\n  \
         version \"1\"\n  effective 2024-08-01\n}\n\n",
    );
    for t in 0..tracks {
        let _ = writeln!(text, "signal s{t} \"Signal {t} is judged true\"");
    }
    let below = |links: &[(usize, usize)], t: usize| -> Vec<String> {
        links
            .iter()
            .filter(|(a, _)| *a == t)
            .map(|(_, b)| format!("t{b}"))
            .collect()
    };
    for t in 0..tracks {
        let _ = writeln!(text, "\ntrack t{t} \"Track number {t}\" {{\n  when s{t}");
        for (keyword, links) in [("supersedes", supersede), ("precedes", precede)] {
            let names = below(links, t);
            if !names.is_empty() {
                let _ = writeln!(text, "  {keyword} {}", names.join(", "));
            }
        }
        let _ = writeln!(text, "  step do{t} \"Do the thing of track {t}.\"\n}}");
    }
    text
}

/// The protocols tested: a chain of three, a chain of four, and a chain with a
/// branch (t0 over t1 and t2, t2 over t3) beside a track no one supersedes.
fn protocols() -> Vec<Model> {
    type Links = &'static [(usize, usize)];
    let shapes: [(usize, Links, Links); 3] = [
        (3, &[(0, 1), (1, 2)], &[]),
        (4, &[(0, 1), (1, 2), (2, 3)], &[]),
        (5, &[(0, 1), (0, 2), (2, 3)], &[(1, 2), (3, 4)]),
    ];
    shapes
        .iter()
        .map(|(n, supersede, precede)| {
            let text = chain_protocol(*n, supersede, precede);
            let (diagnostics, compiled) = protocolc::compile_text("chain.protocol", &text);
            compiled
                .model
                .unwrap_or_else(|| panic!("{text}\n{diagnostics:?}"))
        })
        .collect()
}

fn title(model: &Model, t: TrackIdx) -> String {
    model.tracks()[t.0].title.clone()
}

/// The tracks `above` supersedes, by the evaluator's rule, as titles.
fn superseded_titles(model: &Model, above: TrackIdx) -> BTreeSet<String> {
    (0..model.tracks().len())
        .map(TrackIdx)
        .filter(|&b| supersedes(model, above, b))
        .map(|b| title(model, b))
        .collect()
}

/// The observations with the signals of `mask` judged true.
fn observations(model: &Model, mask: u32) -> Observations {
    (0..model.signals().len())
        .filter(|s| mask >> s & 1 == 1)
        .fold(Observations::none(model), |o, s| o.with_signal(SignalIdx(s)))
}

/// The evaluator's applied tracks, by id, in order.
fn evaluator_applied(model: &Model, mask: u32) -> Vec<String> {
    assess(model, &observations(model, mask))
        .tracks
        .iter()
        .map(|t| t.id.clone())
        .collect()
}

#[test]
fn the_json_superseded_by_decides_as_the_evaluator() {
    for model in protocols() {
        let json: serde_json::Value = serde_json::from_str(&to_json(&model)).unwrap();
        let tracks = json["tracks"].as_array().unwrap();
        let trigger_signal = |id: &str| -> usize {
            let track = tracks.iter().find(|t| t["id"] == id).unwrap();
            let signal = track["trigger"]["signal"].as_str().unwrap();
            signal.trim_start_matches('s').parse().unwrap()
        };
        for mask in 0..1u32 << model.signals().len() {
            let triggered = |id: &str| mask >> trigger_signal(id) & 1 == 1;
            // An app's rule, from the JSON alone: going down `precedence`, a triggered
            // track is followed unless a track in its `superseded_by` is triggered.
            let applied: Vec<String> = json["precedence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| id.as_str().unwrap())
                .filter(|id| triggered(id))
                .filter(|id| {
                    let track = tracks.iter().find(|t| t["id"] == *id).unwrap();
                    !track["superseded_by"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|by| triggered(by.as_str().unwrap()))
                })
                .map(str::to_string)
                .collect();
            assert_eq!(applied, evaluator_applied(&model, mask), "signals {mask:b}");
        }
    }
}

/// The titles a handout section names after `phrase`, each in “quotes”.
fn quoted_after(section: &str, phrase: &str) -> BTreeSet<String> {
    section
        .split(phrase)
        .skip(1)
        .flat_map(|rest| {
            let sentence = rest.split('.').next().unwrap_or_default();
            sentence
                .split('“')
                .skip(1)
                .filter_map(|q| q.split('”').next())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Each track's section of a rendered handout, by title: from its heading to the next.
fn sections<'a>(text: &'a str, heading: &str, model: &Model) -> Vec<(TrackIdx, &'a str)> {
    (0..model.tracks().len())
        .map(TrackIdx)
        .map(|t| {
            let start = text
                .find(&format!("{heading}{}", title(model, t)))
                .unwrap_or_else(|| panic!("no section for {}\n{text}", title(model, t)));
            let rest = &text[start + heading.len()..];
            let end = rest.find(heading).unwrap_or(rest.len());
            (t, &rest[..end])
        })
        .collect()
}

#[test]
fn the_handouts_name_every_track_followed_instead_of() {
    let templates = TemplateSet::builtin();
    for model in protocols() {
        let phrase = model.labels().get("instead_of").to_string();
        let markdown = to_markdown(&model, &templates).unwrap();
        let html = to_html(&model, &templates).unwrap();
        for (text, heading) in [(&markdown, "\n## "), (&html, "<h2>")] {
            for (t, section) in sections(text, heading, &model) {
                assert_eq!(
                    quoted_after(section, &phrase),
                    superseded_titles(&model, t),
                    "{}'s section:\n{section}",
                    title(&model, t)
                );
            }
        }
    }
}

/// Whether poppler's pdftotext is installed; in CI its absence is a failure.
fn pdftotext() -> bool {
    let found = Command::new("pdftotext").arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext (poppler-utils) is missing in CI; .ci/run installs it"
        );
        eprintln!("skipped: pdftotext is not installed; .ci/run installs it");
    }
    found
}

#[test]
fn the_chart_names_every_track_followed_instead_of() {
    if !pdftotext() {
        return;
    }
    for model in protocols() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chart.pdf");
        std::fs::write(&path, to_pdf(&model, Paper::Letter).unwrap()).unwrap();
        let out = Command::new("pdftotext")
            .args(["-raw", path.to_str().unwrap(), "-"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let phrase = model.labels().get("both_instead_of").to_string();
        for t in (0..model.tracks().len()).map(TrackIdx) {
            let named = superseded_titles(&model, t);
            if named.is_empty() {
                continue;
            }
            let list = model
                .precedence()
                .iter()
                .filter(|b| named.contains(&title(&model, **b)))
                .map(|b| format!("“{}”", title(&model, *b)))
                .collect::<Vec<_>>();
            let list = match list.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => list.concat(),
            };
            let sentence = format!("{phrase} {list}.");
            assert!(text.contains(&sentence), "the chart lacks `{sentence}`:\n{text}");
        }
        // No sentence names a track it does not supersede: there are exactly as
        // many as tracks that supersede something.
        let sentences = text.matches(phrase.as_str()).count();
        let superseding = (0..model.tracks().len())
            .filter(|&t| !superseded_titles(&model, TrackIdx(t)).is_empty())
            .count();
        assert_eq!(sentences, superseding, "{text}");
    }
}

#[test]
fn the_generated_rust_decides_as_the_evaluator() {
    for (n, model) in protocols().iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("chain.rs"), to_rust(model)).unwrap();
        let signals = model.signals().len();
        let harness = format!(
            "mod chain {{ include!(\"chain.rs\"); }}\n\
             fn main() {{\n\
                 for mask in 0..1u32 << {signals} {{\n\
                     let mut o = chain::Observations::new();\n\
                     for (i, s) in chain::Signal::ALL.iter().enumerate() {{\n\
                         if mask >> i & 1 == 1 {{ o = o.with_signal(*s); }}\n\
                     }}\n\
                     let a = chain::assess(&o);\n\
                     let ids: Vec<&str> = a.applied().map(|t| t.id()).collect();\n\
                     println!(\"{{}}\", ids.join(\",\"));\n\
                 }}\n\
             }}\n"
        );
        std::fs::write(dir.path().join("harness.rs"), harness).unwrap();
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
        let build = Command::new(rustc)
            .args(["--edition", "2021", "-o", "harness", "harness.rs"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            build.status.success(),
            "{}",
            String::from_utf8_lossy(&build.stderr)
        );
        let run = Command::new(dir.path().join("harness")).output().unwrap();
        assert!(run.status.success());
        let got: Vec<String> = String::from_utf8(run.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        let expected: Vec<String> = (0..1u32 << signals)
            .map(|mask| evaluator_applied(model, mask).join(","))
            .collect();
        assert_eq!(got, expected, "protocol {n}");
    }
}
