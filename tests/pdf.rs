//! The PDF flowchart: its layout checked as data (no overlaps, nothing outside the
//! printable area, arrows that join the boxes they name, all the text present) over
//! the Orange County protocol, fixtures and generated protocols; then the bytes
//! (deterministic in one process and across paper sizes) and what poppler reads.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use protocolc::emit::pdf::layout::{BoxKind, Chart, Layout, Point, Rect};
use protocolc::emit::pdf::{self, Paper, Sheet};
use protocolc::model::{Answer, Model, Question, Route};
use std::path::Path;
use std::process::Command;

const OC: &str = "protocols/orange-county/csec-educators.protocol";
const LONG: &str = "tests/fixtures/pdf/long-track.protocol";
const MULTILINGUAL: &str = "tests/fixtures/pdf/multilingual.protocol";
const TOO_BIG: &str = "tests/fixtures/pdf/too-big.protocol";
const SCORED: &str = "tests/cases/ok/scored_criteria/input.protocol";
const INPUTS: &str = "tests/cases/ok/inputs_and_comparisons/input.protocol";
/// A full-size scored screening: 4 tracks, 11 steps, two groups, an age band.
const SCREENING: &str = "tests/fixtures/pdf/screening.protocol";
const TRANSLATED: &str = "tests/fixtures/translations/trilingual.protocol";
const TRIAGE: &str = "protocols/examples/suicide-triage/suicide-risk-triage.protocol";
const ABUSE: &str = "protocols/examples/abuse-reporting/child-abuse-reporting.protocol";
const BRANCHING: &str = "tests/cases/ok/branching/input.protocol";

fn model_of(name: &str, text: &str) -> Model {
    let (_, compiled) = protocolc::compile_text(name, text);
    let errors: Vec<_> = compiled.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{name} has errors: {errors:?}");
    compiled.model.unwrap()
}

/// The chart of `m` on `sheet`, which must be one page.
fn one_page(m: &Model, sheet: impl Into<Sheet>) -> Layout {
    let mut chart = pdf::to_layout(m, sheet).unwrap();
    assert_eq!(chart.pages.len(), 1, "{} pages", chart.pages.len());
    chart.pages.remove(0)
}

fn model(path: &str) -> Model {
    model_of(path, &std::fs::read_to_string(path).unwrap())
}

/// Collapses every run of whitespace to one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every text the chart must show: factors, step texts, conditions, signals, titles.
fn required_texts(m: &Model) -> Vec<String> {
    let mut texts = vec![m.metadata().title.clone(), m.metadata().jurisdiction.clone()];
    texts.extend(m.factors().iter().map(|f| f.text.clone()));
    texts.extend(m.criteria().iter().map(|c| c.title.clone()));
    for t in m.tracks() {
        texts.push(t.title.clone());
        for s in &t.steps {
            // After its condition, the text goes on the sentence: an ordinary first word lowered.
            texts.push(match s.condition {
                Some(_) => lowered_start(&s.text.text),
                None => s.text.text.clone(),
            });
            texts.extend(s.condition.clone());
            // Why it is required: under it, or in the key to its mark.
            texts.extend(s.required.iter().map(|r| format!("Required by: {r}")));
        }
    }
    texts.extend(m.contacts().iter().filter_map(|c| c.phone.clone()));
    texts.iter().map(|t| squash(t)).collect()
}

/// `text` with its first letter lowered when its first word is an ordinary one
/// ("Call 911" → "call 911"; "CPS" kept).
fn lowered_start(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

/// The layout's text in drawing order, lines joined by spaces.
fn layout_text(l: &Layout) -> String {
    let mut out = String::new();
    let mut previous: Option<&protocolc::emit::pdf::layout::TextRun> = None;
    for t in &l.texts {
        // Runs that touch on one baseline join directly; the next word or line gets a space.
        let touching = previous.is_some_and(|p| {
            p.owner == t.owner && (p.baseline - t.baseline).abs() < 0.01 && (p.x + p.width - t.x).abs() < 0.3
        });
        if !touching {
            out.push(' ');
        }
        out.push_str(&t.text);
        previous = Some(t);
    }
    squash(&out)
}

/// Whether `text` holds `required`; a word too long for a column is broken across
/// lines, so for those only the characters' order is compared.
fn holds(text: &str, required: &str) -> bool {
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    text.contains(required)
        || (required.split(' ').any(|w| w.len() > 40) && strip(text).contains(&strip(required)))
}

/// A rectangle shrunk by `d` on every side (for "touching is fine" checks).
fn shrink(r: Rect, d: f32) -> Rect {
    Rect {
        x: r.x + d,
        y: r.y + d,
        w: (r.w - 2.0 * d).max(0.0),
        h: (r.h - 2.0 * d).max(0.0),
    }
}

fn segment_hits(a: Point, b: Point, r: &Rect) -> bool {
    // Arrows are axis-aligned; test the segment's bounding box against the interior.
    let seg = Rect {
        x: a.x.min(b.x),
        y: a.y.min(b.y),
        w: (a.x - b.x).abs().max(0.001),
        h: (a.y - b.y).abs().max(0.001),
    };
    shrink(*r, 0.5).overlaps(&seg)
}

/// Whether two polylines of level and upright segments overlap along some length
/// (crossing at a point is fine).
fn share_a_stretch(a: &[Point], b: &[Point]) -> bool {
    let overlap = |p: (f32, f32), q: (f32, f32)| p.1.min(q.1) - p.0.max(q.0) > 0.01;
    a.windows(2).any(|s| {
        b.windows(2).any(|t| {
            let (s0, s1, t0, t1) = (s[0], s[1], t[0], t[1]);
            let span = |u: f32, v: f32| (u.min(v), u.max(v));
            let upright = |p: Point, q: Point| (p.x - q.x).abs() < 0.01;
            let level = |p: Point, q: Point| (p.y - q.y).abs() < 0.01;
            if upright(s0, s1) && upright(t0, t1) && (s0.x - t0.x).abs() < 0.01 {
                overlap(span(s0.y, s1.y), span(t0.y, t1.y))
            } else if level(s0, s1) && level(t0, t1) && (s0.y - t0.y).abs() < 0.01 {
                overlap(span(s0.x, s1.x), span(t0.x, t1.x))
            } else {
                false
            }
        })
    })
}

/// Whether `p` lies on the outline of `r`.
fn on_edge(p: Point, r: &Rect) -> bool {
    let within = |v: f32, lo: f32, hi: f32| v >= lo - 0.01 && v <= hi + 0.01;
    let near = |a: f32, b: f32| (a - b).abs() < 0.01;
    (within(p.x, r.x, r.right()) && (near(p.y, r.y) || near(p.y, r.bottom())))
        || (within(p.y, r.y, r.bottom()) && (near(p.x, r.x) || near(p.x, r.right())))
}

/// Whether the chart goes straight down from step `n` (0-based) to the next one.
fn goes_down(step: &protocolc::model::Step, n: usize, count: usize) -> bool {
    let down = |r: &Route| match r {
        Route::Next => n + 1 < count,
        Route::Goto(j) => *j == n + 1,
        _ => false,
    };
    match &step.question {
        // Each choice leaves sideways, one exit a choice.
        Some(Question::Choices(_)) => false,
        Some(q) => q.routes().into_iter().any(|(_, r)| down(r)),
        None => step.end.is_none() && n + 1 < count,
    }
}

/// The text of the runs a box owns, joined by spaces.
fn text_of(l: &Layout, id: &str) -> String {
    let owner = l.boxes.iter().position(|b| b.id == id);
    let runs: Vec<&str> = l
        .texts
        .iter()
        .filter(|t| Some(t.owner) == owner)
        .map(|t| t.text.as_str())
        .collect();
    squash(&runs.join(" "))
}

/// Questions are diamonds whose text stays clear of their points; each answer has an
/// arrow, labelled with it, to where it leads; deadlines are badges inside their
/// step's box over no other text; roles and backups are on their steps.
fn check_branching(name: &str, m: &Model, l: &Layout) {
    let arrow = |from: &str, to: &str| l.arrows.iter().find(|a| a.from == from && a.to == to);
    for t in m.tracks() {
        for (n, step) in t.steps.iter().enumerate() {
            let id = format!("step:{}:{}", t.id, n + 1);
            let Some(b) = l.find(&id) else { continue };
            let owner = l.boxes.iter().position(|x| x.id == id).unwrap();
            let Some(q) = &step.question else {
                assert_eq!(b.kind, BoxKind::Step, "{name}: {id} is not a step box");
                continue;
            };
            assert_eq!(
                b.kind,
                BoxKind::Decision,
                "{name}: question {id} is not a diamond"
            );
            assert!(
                b.radius > 0.0 && b.radius < b.rect.w / 2.0,
                "{name}: {id} has no points"
            );
            for text in l.texts.iter().filter(|r| r.owner == owner) {
                let r = text.rect();
                assert!(
                    r.x >= b.rect.x + b.radius - 0.01 && r.right() <= b.rect.right() - b.radius + 0.01,
                    "{name}: `{}` reaches into {id}'s points",
                    text.text
                );
            }
            let choices = matches!(q, Question::Choices(_));
            for (answered, route) in q.routes() {
                let key = q.word(answered);
                let answer = match answered {
                    Answer::Choice(at) => squash(&q.choices()[at].title),
                    Answer::No => "No".to_string(),
                    _ => "Yes".to_string(),
                };
                let answer = answer.as_str();
                let ahead = match route {
                    Route::Next => n + 1 < t.steps.len(),
                    Route::Goto(j) => *j == n + 1,
                    _ => false,
                };
                let down = ahead && !choices;
                let label = if down {
                    format!("label:{id}:down")
                } else {
                    format!("label:{id}:{key}")
                };
                assert!(
                    l.find(&label).is_some() && text_of(l, &label).contains(answer),
                    "{name}: no `{answer}` label {label}"
                );
                let side = format!("route:{}:{}:{key}", t.id, n + 1);
                let target = match route {
                    _ if ahead => format!("step:{}:{}", t.id, n + 2),
                    Route::Goto(j) => format!("step:{}:{}", t.id, j + 1),
                    Route::Track(o) if arrow(&id, &format!("track:{}", m.tracks()[o.0].id)).is_some() => {
                        format!("track:{}", m.tracks()[o.0].id)
                    }
                    Route::Track(o) => {
                        assert!(
                            l.find(&side).is_some_and(|b| b.kind == BoxKind::Marker)
                                && text_of(l, &side).contains(&m.tracks()[o.0].title),
                            "{name}: {id} `{answer}` has no marker for track {}",
                            m.tracks()[o.0].id
                        );
                        side
                    }
                    Route::End(_) | Route::EndTrack(_) | Route::Next => {
                        let b = l.find(&side);
                        assert!(
                            b.is_some_and(|b| b.kind == BoxKind::Terminal),
                            "{name}: {id} `{answer}` has no stop box"
                        );
                        if let Route::End(outcome) | Route::EndTrack(outcome) = route {
                            assert!(text_of(l, &side).contains(&squash(outcome)), "{name}: {side}");
                        }
                        side
                    }
                };
                let a = arrow(&id, &target)
                    .unwrap_or_else(|| panic!("{name}: no `{answer}` arrow {id} → {target}"));
                let tip = *a.points.last().unwrap();
                assert!(
                    on_edge(tip, &l.find(&target).unwrap().rect),
                    "{name}: {id} → {target}"
                );
            }
        }
    }
    // Badges: inside their box, over none of its other text; every deadline on one.
    for badge in &l.badges {
        let owner = l.find(&badge.owner).unwrap();
        assert!(
            owner.rect.contains(&badge.rect, 0.01),
            "{name}: a badge leaves {}",
            badge.owner
        );
        let inner = if owner.kind == BoxKind::Decision {
            owner.radius
        } else {
            0.0
        };
        assert!(
            badge.rect.x >= owner.rect.x + inner - 0.01
                && badge.rect.right() <= owner.rect.right() - inner + 0.01
        );
        for text in &l.texts {
            let r = text.rect();
            if badge.rect.contains(&r, 0.01) {
                assert!(text.bold, "{name}: badge text `{}` is not bold", text.text);
                continue;
            }
            assert!(
                !shrink(badge.rect, 0.05).overlaps(&shrink(r, 0.05)),
                "{name}: the badge in {} covers `{}`",
                badge.owner,
                text.text
            );
        }
        for other in &l.badges {
            assert!(
                std::ptr::eq(badge, other) || !badge.rect.overlaps(&other.rect),
                "{name}: badges overlap"
            );
        }
    }
    for t in m.tracks() {
        for (n, step) in t.steps.iter().enumerate() {
            let id = format!("step:{}:{}", t.id, n + 1);
            let in_badges: String = l
                .badges
                .iter()
                .filter(|b| b.owner == id)
                .map(|b| {
                    let runs: Vec<&str> = l
                        .texts
                        .iter()
                        .filter(|r| b.rect.contains(&r.rect(), 0.01))
                        .map(|r| r.text.as_str())
                        .collect();
                    squash(&runs.join(" "))
                })
                .collect::<Vec<_>>()
                .join(" | ");
            let deadlines: Vec<&String> = step
                .deadline
                .iter()
                .chain(step.deadlines_when.iter().map(|d| &d.text))
                .collect();
            assert_eq!(
                l.badges.iter().filter(|b| b.owner == id).count(),
                deadlines.len(),
                "{name}: {id} has the wrong number of badges"
            );
            for d in deadlines {
                assert!(
                    in_badges.contains(&squash(d)),
                    "{name}: {id} has no badge `{d}`: {in_badges}"
                );
            }
            let text = text_of(l, &id);
            for who in step.role.iter().chain(&step.backups) {
                assert!(
                    text.contains(&squash(who)),
                    "{name}: {id} does not name `{who}`: {text}"
                );
            }
        }
    }
}

/// Every geometric promise of a page, with a message naming the culprit: boxes
/// on the page and apart, text in its box, apart and at least 8 pt, arrows from
/// box to box through no other.
fn check_page(name: &str, l: &Layout) {
    let area = l.page.printable();
    assert!(l.body_size >= 9.0, "{name}: body size {}", l.body_size);
    assert!((l.page.margin - 36.0).abs() < 0.01);

    // Boxes: unique ids, inside the printable area, no two overlapping.
    for (i, b) in l.boxes.iter().enumerate() {
        assert!(
            area.contains(&b.rect, 0.01),
            "{name}: box {} leaves the page: {:?}",
            b.id,
            b.rect
        );
        assert!(b.rect.w > 0.0 && b.rect.h > 0.0, "{name}: empty box {}", b.id);
        for other in l.boxes.iter().skip(i + 1) {
            assert_ne!(b.id, other.id, "{name}: two boxes named {}", b.id);
            assert!(
                !b.rect.overlaps(&other.rect),
                "{name}: boxes {} {:?} and {} {:?} overlap",
                b.id,
                b.rect,
                other.id,
                other.rect
            );
        }
    }

    // Text: inside its own box, no two runs overlapping, at least 8 pt.
    for (i, t) in l.texts.iter().enumerate() {
        let owner = &l.boxes[t.owner];
        assert!(t.size >= 8.0 - 0.001, "{name}: `{}` at {} pt", t.text, t.size);
        assert!(
            owner.rect.contains(&t.rect(), 0.01),
            "{name}: text `{}` {:?} leaves its box {} {:?}",
            t.text,
            t.rect(),
            owner.id,
            owner.rect
        );
        assert!(!t.text.is_empty(), "{name}: an empty text run");
        for u in l.texts.iter().skip(i + 1) {
            assert!(
                !shrink(t.rect(), 0.05).overlaps(&shrink(u.rect(), 0.05)),
                "{name}: text `{}` and `{}` overlap",
                t.text,
                u.text
            );
        }
    }

    // The arrows from the inputs into the tracks: each in its own lanes, no two
    // running along one stretch of line.
    let from_input = |a: &&protocolc::emit::pdf::layout::Arrow| {
        l.find(&a.from)
            .is_some_and(|b| matches!(b.kind, BoxKind::Criteria | BoxKind::Signal))
    };
    let inputs: Vec<_> = l.arrows.iter().filter(from_input).collect();
    for (i, a) in inputs.iter().enumerate() {
        for b in inputs.iter().skip(i + 1) {
            assert!(
                !share_a_stretch(&a.points, &b.points),
                "{name}: arrows {} → {} and {} → {} run along one stretch",
                a.from,
                a.to,
                b.from,
                b.to
            );
        }
    }

    // Arrows: leave an edge of `from` (the bottom, or a diamond's point), end on an
    // edge of `to`, go through no other box, stay on the page.
    for a in &l.arrows {
        let from = l
            .find(&a.from)
            .unwrap_or_else(|| panic!("{name}: arrow from unknown box {}", a.from));
        let to = l
            .find(&a.to)
            .unwrap_or_else(|| panic!("{name}: arrow to unknown box {}", a.to));
        let first = a.points.first().unwrap();
        let last = a.points.last().unwrap();
        assert!(a.points.len() >= 2);
        assert!(
            on_edge(*first, &from.rect),
            "{name}: arrow {} → {} does not start on an edge of {}",
            a.from,
            a.to,
            a.from
        );
        assert!(
            on_edge(*last, &to.rect),
            "{name}: arrow {} → {} does not end on an edge of {}",
            a.from,
            a.to,
            a.to
        );
        for p in &a.points {
            assert!(
                p.x >= area.x && p.x <= area.right() && p.y >= area.y && p.y <= area.bottom(),
                "{name}: arrow point off the page"
            );
        }
        for pair in a.points.windows(2) {
            for b in &l.boxes {
                assert!(
                    !segment_hits(pair[0], pair[1], &b.rect),
                    "{name}: arrow {} → {} crosses box {}",
                    a.from,
                    a.to,
                    b.id
                );
            }
        }
    }
}

/// A chart: each page checked; on one page, its structure as [`check_layout`];
/// on several, every step once, the continuations matched, and all the text.
fn check_chart(name: &str, m: &Model, c: &Chart) {
    assert!(!c.pages.is_empty(), "{name}: no pages");
    assert!(
        c.smallest_text() >= 8.0 - 0.001,
        "{name}: text at {} pt",
        c.smallest_text()
    );
    if let [page] = c.pages.as_slice() {
        check_layout(name, m, page);
        return;
    }
    for (k, page) in c.pages.iter().enumerate() {
        check_page(&format!("{name} page {}", k + 1), page);
        assert!(
            (page.body_size - pdf::layout::PAGES_BODY).abs() < 0.01,
            "{name}: several pages at {} pt",
            page.body_size
        );
        // Every step's arrow to the step after it, where both are on this page.
        for t in m.tracks() {
            for (n, step) in t.steps.iter().enumerate() {
                let (id, next) = (
                    format!("step:{}:{}", t.id, n + 1),
                    format!("step:{}:{}", t.id, n + 2),
                );
                // (Unless the track goes on in the next column after this step.)
                let split = page.find(&format!("continued:{}:{}", t.id, n + 1)).is_some();
                if goes_down(step, n, t.steps.len())
                    && !split
                    && page.find(&id).is_some()
                    && page.find(&next).is_some()
                {
                    assert!(
                        page.arrows.iter().any(|a| a.from == id && a.to == next),
                        "{name}: no arrow {id} → {next}"
                    );
                }
            }
        }
        // A part that goes on says where, and the next part says where from.
        for b in page.boxes.iter().filter(|b| b.kind == BoxKind::Continued) {
            let rest = b.id.trim_start_matches("continued:");
            let (track, end) = rest.rsplit_once(':').unwrap();
            let next = format!("track:{track}:from:{}", end.parse::<usize>().unwrap() + 1);
            let on: Vec<usize> = c
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.find(&next).is_some())
                .map(|(i, _)| i + 1)
                .collect();
            assert_eq!(on.len(), 1, "{name}: {} goes on nowhere", b.id);
            let expected = if on[0] == k + 1 {
                "continued in the next column →".to_string()
            } else {
                format!("continued on page {} ↓", on[0])
            };
            assert!(
                text_of(page, &b.id).ends_with(&expected),
                "{name}: {} says `{}`, the track goes on on page {}",
                b.id,
                text_of(page, &b.id),
                on[0]
            );
        }
    }
    for t in m.tracks() {
        for n in 1..=t.steps.len() {
            let id = format!("step:{}:{n}", t.id);
            let count = c.pages.iter().filter(|p| p.find(&id).is_some()).count();
            assert_eq!(count, 1, "{name}: {id} is drawn {count} times");
        }
        // The overview on the first pages says where the track's steps start.
        let header = format!("track:{}", t.id);
        let starts = c.pages.iter().position(|p| p.find(&header).is_some()).unwrap() + 1;
        let overview = format!("overview:{}", t.id);
        for page in c.pages.iter().filter(|p| p.find(&overview).is_some()) {
            assert!(
                text_of(page, &overview).contains(&format!("Steps on page {starts} →")),
                "{name}: {} but the steps start on page {starts}",
                text_of(page, &overview)
            );
        }
        // Every input the trigger names has an arrow into the track's box in the
        // overview, whatever rows the two are in: one on each page that holds both,
        // and there is such a page.
        for input in named_inputs(m, t) {
            let mut together = 0;
            for (k, page) in c.pages.iter().enumerate() {
                if page.find(&input).is_none() || page.find(&overview).is_none() {
                    continue;
                }
                together += 1;
                let arrows = page
                    .arrows
                    .iter()
                    .filter(|a| a.from == input && a.to == overview)
                    .count();
                assert_eq!(
                    arrows,
                    1,
                    "{name} page {}: {arrows} arrows {input} → {overview}",
                    k + 1
                );
            }
            assert!(
                together > 0,
                "{name}: {input} and {overview} are on no page together"
            );
        }
    }
    for (k, page) in c.pages.iter().enumerate() {
        let title = text_of(page, "title");
        assert!(
            title.contains(&format!("Page {} of {}", k + 1, c.pages.len())),
            "{name}: {title}"
        );
    }
    let text: String = c.pages.iter().map(layout_text).collect::<Vec<_>>().join(" ");
    for required in required_texts(m) {
        assert!(holds(&text, &required), "{name}: the chart lacks `{required}`");
    }
}

/// The boxes of the criteria groups and signals `t`'s trigger names, by id
/// (`criteria:<id>`, `signal:<id>`), read from the trigger's words.
fn named_inputs(m: &Model, t: &protocolc::model::Track) -> Vec<String> {
    let words = t.trigger.source_text(m);
    let names = |id: &str| {
        words
            .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
            .any(|w| w == id)
    };
    let groups = m
        .criteria()
        .iter()
        .filter(|c| names(&c.id))
        .map(|c| format!("criteria:{}", c.id));
    let signals = m
        .signals()
        .iter()
        .filter(|s| names(&s.id))
        .map(|s| format!("signal:{}", s.id));
    groups.chain(signals).collect()
}

/// A chart on one page: [`check_page`], then its structure: a box per criteria
/// group, signal, track and step; arrows chain the steps and lead from every input
/// a trigger names into its track; questions, routes and badges; all the text.
fn check_layout(name: &str, m: &Model, l: &Layout) {
    check_page(name, l);
    // Structure: a box per criteria group, signal, track and step; arrows chain the steps
    // and lead from every input a trigger names into its track.
    for c in m.criteria() {
        assert!(
            l.find(&format!("criteria:{}", c.id)).is_some(),
            "{name}: no box for {}",
            c.id
        );
    }
    for s in m.signals() {
        assert!(
            l.find(&format!("signal:{}", s.id)).is_some(),
            "{name}: no box for {}",
            s.id
        );
    }
    let has_arrow = |from: &str, to: &str| l.arrows.iter().any(|a| a.from == from && a.to == to);
    for t in m.tracks() {
        let header = format!("track:{}", t.id);
        assert!(l.find(&header).is_some(), "{name}: no header for track {}", t.id);
        let mut previous = header.clone();
        let mut flows = true;
        for (n, step) in t.steps.iter().enumerate() {
            let id = format!("step:{}:{}", t.id, n + 1);
            assert!(l.find(&id).is_some(), "{name}: no box for {id}");
            if flows {
                assert!(has_arrow(&previous, &id), "{name}: no arrow {previous} → {id}");
            }
            flows = goes_down(step, n, t.steps.len());
            previous = id;
        }
        for input in named_inputs(m, t) {
            assert!(has_arrow(&input, &header), "{name}: {input} ↛ {}", t.id);
        }
    }

    check_branching(name, m, l);

    // Every factor, step, condition and phone number is on the page.
    let text = layout_text(l);
    for required in required_texts(m) {
        assert!(
            holds(&text, &required),
            "{name}: the chart lacks `{required}`\n{text}"
        );
    }
}

#[test]
fn orange_county_layout_on_letter_and_a4() {
    let m = model(OC);
    for paper in [Paper::Letter, Paper::A4] {
        // One page, at 9 pt or more: a wall chart's type.
        let l = one_page(&m, paper);
        check_layout(&format!("OC {paper:?}"), &m, &l);
    }
    // A poster is read from further away: its type is larger, and it keeps its sheet.
    let poster = one_page(&m, Paper::Poster);
    check_layout("OC poster", &m, &poster);
    assert!(poster.body_size >= 14.0, "a poster at {} pt", poster.body_size);
    assert!(
        (poster.page.height - 2592.0).abs() < 0.01,
        "{}",
        poster.page.height
    );
    let letter = one_page(&m, Paper::Letter);
    assert_eq!((letter.page.width, letter.page.height), (612.0, 792.0));
    let a4 = one_page(&m, Paper::A4);
    assert!((a4.page.width - 595.28).abs() < 0.01 && (a4.page.height - 841.89).abs() < 0.01);
}

/// The texts of the boxes of one kind.
fn texts_of_kind(l: &Layout, kind: BoxKind) -> Vec<String> {
    l.boxes
        .iter()
        .filter(|b| b.kind == kind)
        .map(|b| text_of(l, &b.id))
        .collect()
}

#[test]
fn a_required_steps_reason_is_shown_where_the_step_is() {
    let m = model(OC);
    let reason =
        "Required by: Mandated reporting of suspected child abuse or neglect (California Penal Code 11166)";
    let required: Vec<_> = m
        .tracks()
        .iter()
        .flat_map(|t| &t.steps)
        .filter(|s| s.required.is_some())
        .collect();
    assert_eq!(required.len(), 2);
    // Orange County's one Letter page has no room for a line in both required steps:
    // each ends with a mark, and one key under the column with room gives the reason once.
    let paper = Paper::Letter;
    let l = one_page(&m, paper);
    let keys = texts_of_kind(&l, BoxKind::Key);
    assert_eq!(keys.len(), 1, "{paper:?}: {keys:?}");
    assert_eq!(squash(&keys[0]), format!("§ {reason}"), "{paper:?}");
    let steps = texts_of_kind(&l, BoxKind::Step);
    let marked: Vec<_> = steps.iter().filter(|t| squash(t).ends_with(" §")).collect();
    assert_eq!(marked.len(), 2, "{paper:?}: {steps:?}");
    assert!(steps.iter().all(|t| !t.contains("Required by")), "{paper:?}");
    // The key sits in a column's room: under no step and over no other box.
    let key = l.boxes.iter().find(|b| b.kind == BoxKind::Key).unwrap();
    for b in l
        .boxes
        .iter()
        .filter(|b| b.kind != BoxKind::Key && b.kind != BoxKind::Label)
    {
        assert!(
            !b.rect.overlaps(&key.rect),
            "{paper:?}: the key overlaps {}",
            b.id
        );
    }
    // With room (A4 is taller; a poster), the reason is a line in each required step's box.
    for paper in [Paper::A4, Paper::Poster] {
        let l = one_page(&m, paper);
        assert!(texts_of_kind(&l, BoxKind::Key).is_empty(), "{paper:?}");
        let under: Vec<_> = texts_of_kind(&l, BoxKind::Step)
            .into_iter()
            .filter(|t| squash(t).contains(reason))
            .collect();
        assert_eq!(under.len(), 2, "{paper:?}: {under:?}");
    }
}

#[test]
fn scored_groups_inputs_and_level_tests_lay_out_cleanly() {
    for path in [SCORED, INPUTS, SCREENING] {
        let m = model(path);
        for paper in [Paper::Letter, Paper::A4] {
            check_chart(
                &format!("{path} {paper:?}"),
                &m,
                &pdf::to_layout(&m, paper).unwrap(),
            );
        }
    }
    // On one page (a poster), each track whose `when` tests a level has an arrow
    // from the scored group's box.
    let m = model(SCREENING);
    let l = one_page(&m, Paper::Poster);
    for track in ["report", "refer", "monitor"] {
        assert!(
            l.arrows
                .iter()
                .any(|a| a.from == "criteria:screening" && a.to == format!("track:{track}")),
            "no arrow screening → {track}"
        );
    }
    assert!(l.arrows.iter().any(|a| a.from == "criteria:sextortion_signs"));
    // A comparison of an input draws no arrow: inputs have no box.
    let m = model(INPUTS);
    let l = one_page(&m, Paper::Poster);
    assert!(!l.arrows.iter().any(|a| a.to == "track:young"));
}

/// What the chart must say of the screening's scored group, in reading order.
const SCREENING_WORDS: &[&str] = &[
    "Answer each item and add up its points (no: 0) Yes Possible",
    // Each item, then the points of a yes and of a "possible".
    "Seems controlled by someone: must check in often, is picked up by unknown adults, or is not allowed to speak for themself 3 1",
    "Has new phones, clothes or money that they cannot explain 1 1",
    "a place to stay — on its own: at least High concern 3 3",
    "— ticked when times missing from home or school in the last 12 months is over 4 2 –",
    "Level from the total: Low concern 0–2 · Medium concern 3–5 · High concern 6+",
    "Whatever the total: • at least Medium concern when student's age in years is under 13",
    "• High concern when the student has told staff that someone is exploiting them",
    "Met when the level is Medium concern or higher.",
    "Only when student's age in years is 11 to 18",
    "Says someone is threatening to share sexual images of them — enough on its own",
    "Makes Exploitation screening High concern",
    "When “Exploitation screening” is Medium concern or higher",
];

#[test]
fn the_scored_group_shows_points_levels_and_rules() {
    let m = model(SCREENING);
    let text = layout_text(&one_page(&m, Paper::Poster));
    for required in SCREENING_WORDS {
        assert!(text.contains(required), "the chart lacks `{required}`\n{text}");
    }
    // The points sit in two columns: every "yes" cell centred on one x.
    let l = one_page(&m, Paper::Poster);
    let header = l.texts.iter().find(|t| t.text == "Yes").unwrap();
    let centre = header.x + header.width / 2.0;
    let threes: Vec<_> = l
        .texts
        .iter()
        .filter(|t| t.text == "3" && t.bold && l.boxes[t.owner].id == "criteria:screening")
        .collect();
    assert_eq!(threes.len(), 2, "{threes:?}");
    for t in threes {
        assert!((t.x + t.width / 2.0 - centre).abs() < 0.01, "{t:?} not under Yes");
    }
}

#[test]
fn branching_protocols_draw_diamonds_routes_badges_and_roles() {
    for path in [TRIAGE, ABUSE, BRANCHING] {
        let m = model(path);
        for paper in [Paper::Letter, Paper::A4] {
            check_chart(
                &format!("{path} {paper:?}"),
                &m,
                &pdf::to_layout(&m, paper).unwrap(),
            );
        }
    }
    // On a poster (one page, the columns side by side) the triage: four diamonds, "Yes" across to the emergency track's header, "No"
    // to a stop box with the outcome and through the lane to the safety plan.
    let m = model(TRIAGE);
    let l = one_page(&m, Paper::Poster);
    assert_eq!(l.boxes.iter().filter(|b| b.kind == BoxKind::Decision).count(), 4);
    let danger = l
        .arrows
        .iter()
        .find(|a| a.from == "step:triage:2" && a.to == "track:emergency")
        .expect("no arrow from the danger question to the emergency track");
    // The emergency track comes first: its column is to the left, entered at its right side.
    let header = l.find("track:emergency").unwrap().rect;
    assert!(
        (danger.points.last().unwrap().x - header.right()).abs() < 0.01,
        "{danger:?}"
    );
    assert!(l
        .find("route:triage:4:no")
        .is_some_and(|b| b.kind == BoxKind::Terminal));
    assert!(l
        .arrows
        .iter()
        .any(|a| a.from == "step:triage:5" && a.to == "step:triage:7"));
    // The abuse report: the conditional deadline is two badges, each with its case.
    let m = model(ABUSE);
    let l = one_page(&m, Paper::Poster);
    let track = m.tracks().iter().find(|t| t.id == "report").unwrap();
    let n = track.steps.iter().position(|s| s.id == "tell_principal").unwrap() + 1;
    let id = format!("step:report:{n}");
    assert_eq!(l.badges.iter().filter(|b| b.owner == id).count(), 2);
    assert!(text_of(&l, &id).contains("otherwise"), "{}", text_of(&l, &id));
}

#[test]
fn the_phone_numbers_are_bold_and_the_main_one_large() {
    let m = model(OC);
    let l = one_page(&m, Paper::Letter);
    let phones: Vec<_> = l
        .texts
        .iter()
        .filter(|t| t.text.contains("800-207-4464"))
        .collect();
    assert!(phones.len() >= 3, "{phones:?}");
    assert!(
        phones.iter().all(|t| t.bold && t.text.trim() == "800-207-4464"),
        "{phones:?}"
    );
    let largest = phones.iter().map(|t| t.size).fold(0.0, f32::max);
    assert!(largest >= 2.0 * l.body_size - 0.01, "main number at {largest} pt");
    let phone_box = l.find("phone").unwrap();
    assert!(phones
        .iter()
        .any(|t| l.boxes[t.owner].id == phone_box.id && t.size == largest));
}

#[test]
fn twenty_step_track_lays_out() {
    let m = model(LONG);
    assert_eq!(m.tracks()[0].steps.len(), 20);
    for paper in [Paper::Letter, Paper::A4] {
        check_chart(
            &format!("long {paper:?}"),
            &m,
            &pdf::to_layout(&m, paper).unwrap(),
        );
    }
}

#[test]
fn spanish_and_vietnamese_text_is_laid_out() {
    let m = model(MULTILINGUAL);
    let l = one_page(&m, Paper::Letter);
    check_layout("multilingual", &m, &l);
    let fonts = pdf::metrics::Fonts::embedded().unwrap();
    for c in layout_text(&l).chars().filter(|c| !c.is_whitespace()) {
        assert!(
            fonts.regular.has_glyph(c) && fonts.bold.has_glyph(c),
            "no glyph for {c:?}"
        );
    }
    // Every Vietnamese letter, not only those in the fixture, has a glyph in both faces.
    let vietnamese = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ";
    for c in vietnamese
        .chars()
        .flat_map(|c| [c, c.to_uppercase().next().unwrap()])
    {
        assert!(
            fonts.regular.has_glyph(c) && fonts.bold.has_glyph(c),
            "no glyph for {c:?}"
        );
    }
}

/// Eighty steps failed "does not fit on one page even at 7 pt": the chart now goes
/// on over more pages at 10 pt, the track split into columns that say where they go
/// on and where they come from.
#[test]
fn a_chart_too_big_for_one_page_continues_on_more_pages() {
    let m = model(TOO_BIG);
    for sheet in all_sheets() {
        let chart = pdf::to_layout(&m, sheet).unwrap();
        check_chart(&format!("too big {}", sheet.name()), &m, &chart);
        if sheet.paper == Paper::Poster {
            assert_eq!(chart.pages.len(), 1, "a poster is one page");
        } else {
            assert!(chart.pages.len() > 1, "{}", sheet.name());
        }
    }
    let chart = pdf::to_layout(&m, Paper::Letter).unwrap();
    let first = &chart.pages[0];
    assert!(first.find("overview:response").is_some());
    assert!(text_of(first, "overview:response").contains("Steps on page 1"));
    assert!(
        text_of(first, "title").contains("Page 1 of"),
        "{}",
        text_of(first, "title")
    );
    for page in &chart.pages {
        assert!(page.find("phone").is_some(), "every page has the number to call");
        assert!(page.find("footer").is_some());
    }
    let second = &chart.pages[1];
    assert!(second
        .boxes
        .iter()
        .any(|b| b.id.starts_with("track:response:from:")
            && text_of(second, &b.id).contains("continued from page")));
}

/// Every paper, portrait and landscape.
fn all_sheets() -> Vec<Sheet> {
    [
        Paper::Letter,
        Paper::A4,
        Paper::Legal,
        Paper::Tabloid,
        Paper::A3,
        Paper::Poster,
    ]
    .into_iter()
    .flat_map(|paper| [false, true].map(|landscape| Sheet { paper, landscape }))
    .collect()
}

/// A protocol of `groups` criteria groups, `signals` signals and one track per
/// group and signal, with `steps` steps of `words` words each.
fn generated(groups: usize, signals: usize, steps: usize, words: usize, seed: usize) -> String {
    let vocabulary = [
        "student",
        "report",
        "counselor",
        "attendance",
        "safety",
        "plan",
        "parent",
        "guardian",
        "services",
        "referral",
        "weekly",
        "confidential",
        "résumé",
        "niño",
        "giáo",
        "việc",
        "https://example.org/a/very/long/address/that/cannot/break/anywhere/at/all",
    ];
    let word = |i: usize| vocabulary[(i * 7 + seed * 13) % vocabulary.len()];
    let sentence = |n: usize, salt: usize| (0..n).map(|i| word(i + salt)).collect::<Vec<_>>().join(" ");
    let mut out = String::from(
        "protocol gen {\n  title \"Generated\"\n  jurisdiction \"Testland\"\n  audience \"Staff\"\n  version \"1\"\n  effective 2024-01-01\n}\n\ncontact c { name \"Agency\" phone \"800-555-0199\" }\n\n",
    );
    for g in 0..groups {
        out.push_str(&format!(
            "criteria g{g} \"Group {g}\" {{\n  source \"Source {g}\"\n  met_when at_least 1\n"
        ));
        for f in 0..3 {
            out.push_str(&format!("  factor g{g}f{f} \"{}\"\n", sentence(4 + f * 3, g + f)));
        }
        out.push_str("}\n");
    }
    for s in 0..signals {
        out.push_str(&format!("signal s{s} \"{}\"\n", sentence(3, s)));
    }
    let inputs: Vec<String> = (0..groups)
        .map(|g| format!("g{g}"))
        .chain((0..signals).map(|s| format!("s{s}")))
        .collect();
    for (t, input) in inputs.iter().enumerate() {
        out.push_str(&format!("track t{t} \"Track {t}\" {{\n  when {input}\n"));
        if t > 0 {
            out.push_str(&format!("  precedes t{}\n", t - 1));
        }
        for k in 0..steps {
            let phone = if k == 0 { " Call {c.phone}." } else { "" };
            out.push_str(&format!("  step k{k} \"{}{phone}\"\n", sentence(words, k + t)));
        }
        out.push_str("}\n");
    }
    out
}

/// The size of every text the PDF shows, page by page, read from its own content
/// streams: the font size of the `Tf` in force at each `Tj`/`TJ`, scaled by the
/// text matrix.
fn pdf_text_sizes(bytes: &[u8]) -> Vec<Vec<f32>> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    doc.get_pages()
        .values()
        .map(|id| {
            let content = lopdf::content::Content::decode(&doc.get_page_content(*id)).unwrap();
            let (mut font, mut scale) = (0.0, 1.0);
            let mut sizes = Vec::new();
            for op in &content.operations {
                match op.operator.as_str() {
                    "Tf" => font = op.operands[1].as_float().unwrap(),
                    "Tm" => scale = op.operands[3].as_float().unwrap(),
                    "Tj" | "TJ" | "'" | "\"" => sizes.push(font * scale),
                    _ => {}
                }
            }
            sizes
        })
        .collect()
}

/// The size most text is shown at: the body size.
fn most_common(sizes: &[f32]) -> f32 {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for s in sizes {
        let key = (s * 100.0).round() as i32;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(0.0, |(k, _)| *k as f32 / 100.0)
}

/// What the PDF itself says: its pages, and no text below 8 pt, body at 9 pt or more.
fn check_pdf_sizes(name: &str, bytes: &[u8], pages: usize) {
    let sizes = pdf_text_sizes(bytes);
    assert_eq!(sizes.len(), pages, "{name}: pages in the PDF");
    for (k, page) in sizes.iter().enumerate() {
        let smallest = page.iter().copied().fold(f32::INFINITY, f32::min);
        assert!(
            smallest >= 8.0 - 0.001,
            "{name} page {}: text at {smallest} pt",
            k + 1
        );
    }
    let body = most_common(&sizes.concat());
    assert!(body >= 9.0 - 0.001, "{name}: body at {body} pt");
}

/// A protocol of `tracks` tracks of `steps` steps (questions among them), with a
/// criteria group or signal per track (half and half); from three tracks on, each
/// track's trigger also names two other inputs, one of them negated, so the arrows
/// into a track come from several rows of boxes.
fn generated_tracks(tracks: usize, steps: usize, words: usize) -> String {
    let groups = tracks.div_ceil(2);
    let signals = tracks - groups;
    let mut text = generated(groups, signals, steps, words, tracks * 7 + steps);
    let inputs: Vec<String> = (0..groups)
        .map(|g| format!("g{g}"))
        .chain((0..signals).map(|s| format!("s{s}")))
        .collect();
    if tracks >= 3 {
        for (t, input) in inputs.iter().enumerate() {
            let also = &inputs[(t + tracks / 2 + 1) % tracks];
            let not = &inputs[(t + 1) % tracks];
            let from = format!("track t{t} \"Track {t}\" {{\n  when {input}\n");
            let to = format!("track t{t} \"Track {t}\" {{\n  when {input} or ({also} and not {not})\n");
            text = text.replace(&from, &to);
        }
    }
    // A question every few steps: "yes" on, "no" past the next step.
    for t in 0..tracks {
        for k in (2..steps.saturating_sub(2)).step_by(5) {
            let from = format!("  step k{k} \"");
            let at = text.find(&format!("track t{t} ")).unwrap();
            let Some(offset) = text[at..].find(&from) else {
                continue;
            };
            let line_end = at + offset + text[at + offset..].find('\n').unwrap();
            let after = format!(
                "\n  question q{t}_{k} \"Is the student safe to go home today?\" {{\n    yes next\n    no  goto k{}\n  }}",
                k + 2
            );
            text.insert_str(line_end, &after);
        }
    }
    text
}

/// Protocols of 1 to 12 tracks and 1 to 60 steps each build a chart on every
/// paper (never "does not fit"), one page at 9 pt or more, or several at 10 pt,
/// and nothing below 8 pt, as read from the PDF itself.
#[test]
fn generated_protocols_always_build_with_text_a_wall_can_show() {
    let grid = [
        (1, 1, 3),
        (1, 60, 12),
        (2, 30, 20),
        (3, 12, 8),
        (4, 45, 6),
        (5, 8, 25),
        (7, 20, 10),
        (9, 5, 12),
        (12, 1, 4),
        (12, 12, 10),
    ];
    let mut several = 0;
    for (tracks, steps, words) in grid {
        let text = generated_tracks(tracks, steps, words);
        let name = format!("{tracks} tracks of {steps} steps of {words} words");
        let (_, compiled) = protocolc::compile_text(&name, &text);
        let Some(m) = compiled.model else {
            panic!("{name} does not compile: {:?}\n{text}", compiled.diagnostics);
        };
        // More papers for the widest and the longest (every paper is built for every
        // protocol in the repository); Letter for the rest.
        let sideways = |paper| Sheet {
            paper,
            landscape: true,
        };
        let sheets: Vec<Sheet> = match (tracks, steps) {
            (12, 12) | (_, 60) => vec![
                Paper::Letter.into(),
                sideways(Paper::A4),
                sideways(Paper::Tabloid),
                Paper::Poster.into(),
            ],
            _ => vec![Paper::Letter.into()],
        };
        for sheet in sheets {
            let name = format!("{name} on {}", sheet.name());
            let chart = pdf::to_layout(&m, sheet).unwrap_or_else(|e| panic!("{name}: {e}"));
            check_chart(&name, &m, &chart);
            let bytes = pdf::to_pdf(&m, sheet).unwrap();
            check_pdf_sizes(&name, &bytes, chart.pages.len());
            several += usize::from(chart.pages.len() > 1);
        }
    }
    assert!(several >= 5, "only {several} charts went on over several pages");
}

/// Every `.protocol` file under `dir`, sorted.
fn protocol_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "protocol") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every protocol in this repository (and every valid test fixture), in each of its
/// languages, makes a chart on every paper, upright and sideways: never "does not
/// fit", nothing below 8 pt, one page at 9 pt or more or several at 10 pt.
#[test]
fn every_protocol_and_fixture_builds_a_chart_on_every_paper() {
    let mut charts = 0;
    for path in protocol_files(Path::new("protocols"))
        .into_iter()
        .chain(protocol_files(Path::new("tests")))
    {
        let name = path.to_string_lossy().into_owned();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let (_, compiled) = protocolc::compile_text(&name, &text);
        let Some(m) = compiled.model else { continue };
        if m.metadata().base.is_some() {
            continue;
        }
        let mut views = vec![m.clone()];
        views.extend(
            m.translations()
                .iter()
                .filter_map(|t| m.translated(&t.language.tag)),
        );
        for (n, view) in views.iter().enumerate() {
            for sheet in all_sheets() {
                let label = format!("{name} ({}) on {}", view.language().tag, sheet.name());
                let chart = pdf::to_layout(view, sheet).unwrap_or_else(|e| panic!("{label}: {e}"));
                assert!(
                    chart.smallest_text() >= 8.0 - 0.001,
                    "{label}: {} pt",
                    chart.smallest_text()
                );
                let body = chart.pages[0].body_size;
                if chart.pages.len() == 1 {
                    assert!(body >= 9.0, "{label}: one page at {body} pt");
                } else {
                    assert!(
                        (body - pdf::layout::PAGES_BODY).abs() < 0.01,
                        "{label}: {body} pt"
                    );
                }
                // The structure in full, in the protocol's own words (a case that only
                // warns may have a contact no step uses: not drawn).
                if n == 0 && sheet == Sheet::from(Paper::Letter) && !name.contains("/err/") {
                    check_chart(&label, view, &chart);
                }
                charts += 1;
            }
        }
    }
    assert!(charts > 400, "only {charts} charts");
}

/// The README lists each example's chart with its pages, body size and smallest
/// text: each row is what the layout gives on US Letter, and every example is listed.
#[test]
fn the_readme_lists_each_examples_pages_and_sizes() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let mut listed = Vec::new();
    for line in readme.lines().map(str::trim) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, chart, pages, body, smallest, _] = cells.as_slice() else {
            continue;
        };
        let Some(chart) = chart.strip_prefix('`').and_then(|c| c.strip_suffix(".pdf`")) else {
            continue;
        };
        let (stem, language) = match chart.rsplit_once('.') {
            Some((stem, language)) => (stem, Some(language)),
            None => (chart, None),
        };
        let m = model(&format!("protocols/{stem}.protocol"));
        let view = match language {
            Some(tag) => m.translated(tag).unwrap(),
            None => m,
        };
        let c = pdf::to_layout(&view, Paper::Letter).unwrap();
        let pt = |v: f32| {
            let digits = format!("{v:.2}");
            format!("{} pt", digits.trim_end_matches('0').trim_end_matches('.'))
        };
        assert_eq!(
            (pages.to_string(), body.to_string(), smallest.to_string()),
            (
                c.pages.len().to_string(),
                pt(c.pages[0].body_size),
                pt(c.smallest_text())
            ),
            "README row for {chart}"
        );
        listed.push(format!("{chart}.pdf"));
    }
    let mut built: Vec<String> = protocol_files(Path::new("protocols"))
        .into_iter()
        .filter_map(|path| {
            let m = model(path.to_str().unwrap());
            if m.metadata().base.is_some() {
                return None;
            }
            let stem = path.strip_prefix("protocols").unwrap().with_extension("");
            let stem = stem.to_string_lossy().into_owned();
            let mut charts = vec![format!("{stem}.pdf")];
            charts.extend(
                m.translations()
                    .iter()
                    .map(|t| format!("{stem}.{}.pdf", t.language.bcp47())),
            );
            Some(charts)
        })
        .flatten()
        .collect();
    built.sort();
    listed.sort();
    assert_eq!(listed, built, "the README's table of charts");
}

#[test]
fn two_builds_in_one_process_are_identical() {
    let m = model(OC);
    let first = pdf::to_pdf(&m, Paper::Letter).unwrap();
    // Other documents in between (and in parallel threads) must not change the bytes.
    let other = model(MULTILINGUAL);
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let other = other.clone();
            std::thread::spawn(move || pdf::to_pdf(&other, Paper::A4).unwrap())
        })
        .collect();
    let others: Vec<Vec<u8>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(others.windows(2).all(|w| w[0] == w[1]));
    let second = pdf::to_pdf(&m, Paper::Letter).unwrap();
    assert!(first == second, "two builds of the Orange County PDF differ");
    assert_ne!(first, pdf::to_pdf(&m, Paper::A4).unwrap());
    // No clock: the dates are the protocol's effective date.
    let text = String::from_utf8_lossy(&first);
    assert!(
        text.contains("D:20240801"),
        "no effective date in the info dictionary"
    );
}

#[test]
fn the_committed_pdf_is_what_the_build_makes() {
    let m = model(OC);
    let built = pdf::to_pdf(&m, Paper::Letter).unwrap();
    let committed = std::fs::read("out/orange-county/csec-educators.pdf").unwrap();
    assert!(
        built == committed,
        "out/orange-county/csec-educators.pdf is stale: run `cargo run -- build`"
    );
    assert!(
        built.len() < 120_000,
        "the PDF is {} bytes: is the font subset?",
        built.len()
    );
}

// ---------------------------------------------------------------- poppler

/// Whether poppler-utils is installed; in CI its absence is a failure.
fn poppler() -> bool {
    let found = Command::new("pdfinfo").arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "poppler-utils (pdfinfo, pdffonts, pdftotext) is missing in CI; .ci/run installs it"
        );
        eprintln!("skipped: poppler-utils is not installed; .ci/run installs it");
    }
    found
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Builds `protocol` with the binary into a fresh folder; returns the folder and the PDF's path.
fn build_pdf(protocol: &str, paper: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_protocolc"))
        .args(["build", protocol, "--format", "pdf", "--paper", paper, "--out"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success(), "build of {protocol} failed");
    // Protocols under protocols/ keep their folder under --out; others go to the top.
    let relative = Path::new(protocol)
        .strip_prefix("protocols")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| Path::new(protocol).file_name().unwrap().into());
    let pdf = dir.path().join(relative.with_extension("pdf"));
    assert!(pdf.exists(), "{} not written", pdf.display());
    (dir, pdf)
}

fn check_poppler(protocol: &str, paper: &str, size: &str) {
    let (_dir, path) = build_pdf(protocol, paper);
    let m = model(protocol);
    let sheet = match paper {
        "letter" => Paper::Letter,
        "a4" => Paper::A4,
        other => panic!("no paper {other} here"),
    };
    let pages = pdf::to_layout(&m, sheet).unwrap().pages.len();
    check_pdf_file(protocol, &m, path.to_str().unwrap(), size, pages);
}

/// `pages` pages of `size`, the font embedded and subset, no text below 8 pt, and
/// every text of `m` in what poppler reads from the PDF at `path`.
fn check_pdf_file(protocol: &str, m: &Model, path: &str, size: &str, pages: usize) {
    let info = run("pdfinfo", &[path]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.split_whitespace().nth(1) == Some(&pages.to_string())),
        "{protocol}: {pages} pages expected: {info}"
    );
    check_pdf_sizes(protocol, &std::fs::read(path).unwrap(), pages);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Page size:") && l.contains(&format!(" {size} pts"))),
        "{protocol} {path}: {info}"
    );
    let fonts = run("pdffonts", &[path]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(row.contains("DejaVuSans"), "{fonts}");
        // name type encoding emb sub uni …: embedded, subset, with a Unicode map.
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{fonts}");
    }
    let text = squash(&run("pdftotext", &["-raw", path, "-"]));
    let mut required = required_texts(m);
    let steps = || m.tracks().iter().flat_map(|t| &t.steps);
    for s in steps() {
        required.extend(s.deadline.iter().map(|d| squash(d)));
        required.extend(s.deadlines_when.iter().map(|d| squash(&d.text)));
        required.extend(s.role.iter().chain(&s.backups).map(|r| squash(r)));
    }
    if steps().any(|s| s.question.is_some()) {
        required.extend(["Yes".to_string(), "No".to_string()]);
    }
    for required in required {
        assert!(
            text.contains(&required),
            "{protocol}: pdftotext lacks `{required}`\n{text}"
        );
    }
}

#[test]
fn poppler_reads_the_pages_with_the_font_embedded_and_all_the_text() {
    if !poppler() {
        return;
    }
    check_poppler(OC, "letter", "612 x 792");
    check_poppler(OC, "a4", "595.276 x 841.89");
    check_poppler(LONG, "letter", "612 x 792");
    check_poppler(MULTILINGUAL, "letter", "612 x 792");
    check_poppler(SCORED, "letter", "612 x 792");
    check_poppler(INPUTS, "letter", "612 x 792");
    check_poppler(SCREENING, "letter", "612 x 792");
    check_poppler(TRIAGE, "letter", "612 x 792");
    check_poppler(ABUSE, "a4", "595.276 x 841.89");
    check_poppler(BRANCHING, "letter", "612 x 792");
}

#[test]
fn poppler_reads_the_points_level_ranges_and_floor_and_force_rules() {
    if !poppler() {
        return;
    }
    let (_dir, path) = build_pdf(SCREENING, "letter");
    let text = squash(&run("pdftotext", &["-raw", path.to_str().unwrap(), "-"]));
    for required in SCREENING_WORDS {
        assert!(text.contains(required), "pdftotext lacks `{required}`\n{text}");
    }
}

#[test]
fn translated_charts_lay_out_cleanly_in_each_language() {
    let m = model(TRANSLATED);
    assert_eq!(m.translations().len(), 2);
    for t in m.translations() {
        let view = m.translated(&t.language.tag).unwrap();
        for paper in [Paper::Letter, Paper::A4] {
            check_chart(&t.language.tag, &view, &pdf::to_layout(&view, paper).unwrap());
        }
    }
}

#[test]
fn poppler_reads_the_translated_charts_with_their_accents() {
    if !poppler() {
        return;
    }
    let (dir, _) = build_pdf(TRANSLATED, "letter");
    let m = model(TRANSLATED);
    for (tag, sample) in [
        ("es", "Falta a la escuela con frecuencia"),
        ("vi", "Thường xuyên nghỉ học"),
    ] {
        let path = dir.path().join(format!("trilingual.{tag}.pdf"));
        let view = m.translated(tag).unwrap();
        let pages = pdf::to_layout(&view, Paper::Letter).unwrap().pages.len();
        check_pdf_file(TRANSLATED, &view, path.to_str().unwrap(), "612 x 792", pages);
        let text = run("pdftotext", &["-raw", path.to_str().unwrap(), "-"]);
        assert!(text.contains(sample), "{tag}: {text}");
    }
}

#[test]
fn two_builds_from_the_command_line_are_identical() {
    let (_a, first) = build_pdf(OC, "letter");
    let (_b, second) = build_pdf(OC, "letter");
    assert!(std::fs::read(first).unwrap() == std::fs::read(second).unwrap());
}

/// From the command line: the chart too big for one page is built on several
/// (exit 0), on each paper asked for, the right way up.
#[test]
fn the_command_line_builds_a_chart_too_big_for_one_page_on_several() {
    if !poppler() {
        return;
    }
    for (args, size, one_page) in [
        (&["--paper", "letter"][..], "612 x 792", false),
        (&["--paper", "legal"][..], "612 x 1008", false),
        (&["--paper", "tabloid", "--landscape"][..], "1224 x 792", false),
        (&["--paper", "ledger"][..], "792 x 1224", false),
        (&["--paper", "a3", "--landscape"][..], "1190.55 x 841.89", false),
        (&["--paper", "poster"][..], "1728 x ", true),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_protocolc"))
            .args(["build", TOO_BIG, "--format", "pdf", "--out"])
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        let path = dir.path().join("too-big.pdf");
        let info = run("pdfinfo", &[path.to_str().unwrap()]);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Page size:") && l.contains(size)),
            "{args:?}: {info}"
        );
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert_eq!(pages == 1, one_page, "{args:?}: {pages} pages");
        check_pdf_sizes(&format!("{args:?}"), &std::fs::read(&path).unwrap(), pages);
    }
}

/// A contact with no number got a ☎ line repeating the step's text, and a contact
/// whose main number is in the step's text lost its other numbers (the sheriff's
/// "Emergency: 911" was in the JSON and the handout but not on the chart).
#[test]
fn a_contact_is_shown_with_every_number_and_no_phone_mark_without_one() {
    let text = r#"protocol demo {
  title        "Demo protocol"
  jurisdiction "Orange County, California"
  audience     "Educators"
  version      "1"
  effective    2024-08-01
}

contact sheriff {
  name   "Demo County Sheriff's Department"
  phone  "714-555-0150"
  number "Emergency" "911"
}

contact parents {
  name "The student's parent or guardian"
}

signal suspected "Exploitation is suspected"

track respond "Respond" {
  when suspected
  step report "Report to the {sheriff.name} at {sheriff.phone}."
  step tell   "Tell {parents.name} what happens next."
}
"#;
    let m = model_of("contacts.protocol", text);
    let l = one_page(&m, Paper::Letter);
    let report = text_of(&l, "step:respond:1");
    assert!(report.contains("Emergency: 911"), "{report}");
    assert!(
        l.texts.iter().any(|t| t.text == "911" && t.bold),
        "the other number is bold like every number"
    );
    let tell = text_of(&l, "step:respond:2");
    assert!(!tell.contains('☎'), "a ☎ without a number: {tell}");
    assert_eq!(tell.matches("parent or guardian").count(), 1, "{tell}");
}

/// The words of the runs in decision diamonds that are not whole words of the
/// chart's questions ("substa" of "substantive"), or of its criteria groups' boxes
/// (a select-all question's ticks carry their factors' notes, as the group's box does).
fn broken_in_diamonds(m: &Model, c: &Chart) -> Vec<String> {
    let in_groups = c.pages.iter().flat_map(|page| {
        page.texts
            .iter()
            .filter(|run| page.boxes[run.owner].kind == BoxKind::Criteria)
            .flat_map(|run| {
                run.text
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
    });
    let words: Vec<String> = m
        .tracks()
        .iter()
        .flat_map(|t| &t.steps)
        .filter(|s| s.question.is_some())
        .flat_map(|s| {
            // The question, and who answers it (a diamond may carry its role), after
            // the source's own label for it ("Step 2:").
            let mut texts = vec![s.text.text.clone()];
            texts.extend(s.label.as_ref().map(|l| format!("{l}:")));
            texts.extend(s.role.clone());
            texts.extend(s.backups.iter().cloned());
            // A select-all question's ticks: how its answer is worked out, and its group's factors.
            let group = s
                .question
                .as_ref()
                .and_then(|q| q.select_all())
                .and_then(|g| m.criteria_by(g));
            if let Some(group) = group {
                let labels = m.labels();
                texts.push(format!(
                    "☐ {} ({} {}):",
                    labels.get("tick_all"),
                    labels.get("yes_when"),
                    group.threshold_sentence(labels, true)
                ));
                texts.extend(
                    group
                        .factors
                        .iter()
                        .filter_map(|f| m.factor_by(*f))
                        .map(|f| f.text.clone()),
                );
            }
            texts
                .iter()
                .flat_map(|t| t.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        })
        .chain(in_groups)
        .collect();
    let mut broken = Vec::new();
    for page in &c.pages {
        for run in &page.texts {
            if page.boxes[run.owner].kind != BoxKind::Decision || run.text.parse::<usize>().is_ok() {
                continue;
            }
            broken.extend(
                run.text
                    .split_whitespace()
                    .filter(|w| !words.iter().any(|whole| whole == w))
                    .map(str::to_string),
            );
        }
    }
    broken
}

/// Questions in narrow columns were broken between letters ("substa ntive",
/// "seriou s"): a word is now whole in every diamond, on every paper.
#[test]
fn words_are_never_broken_inside_a_decision_diamond() {
    let mut text = String::from(
        "protocol narrow {\n  title \"Narrow\"\n  jurisdiction \"Testland\"\n  audience \"Staff\"\n  version \"1\"\n  effective 2024-01-01\n}\n\n",
    );
    for t in 0..5 {
        text.push_str(&format!("signal s{t} \"Concern number {t} is raised\"\n"));
    }
    for t in 0..5 {
        text.push_str(&format!("track t{t} \"Track {t}\" {{\n  when s{t}\n"));
        if t > 0 {
            text.push_str(&format!("  precedes t{}\n", t - 1));
        }
        text.push_str(&format!(
            "  question q{t} \"Is there substantive, corroborated, independently verifiable information about a seriously endangering circumstance?\" {{\n    yes next\n    no  end \"Nothing further: documentation and monitoring only\"\n  }}\n  step a{t} \"Report it.\"\n}}\n"
        ));
    }
    let m = model_of("narrow.protocol", &text);
    for sheet in all_sheets() {
        let chart = pdf::to_layout(&m, sheet).unwrap();
        let broken = broken_in_diamonds(&m, &chart);
        assert!(
            broken.is_empty(),
            "{}: broken in a diamond: {broken:?}",
            sheet.name()
        );
    }
    for path in protocol_files(Path::new("protocols")) {
        let m = model(path.to_str().unwrap());
        if m.metadata().base.is_some() {
            continue;
        }
        let chart = pdf::to_layout(&m, Paper::Letter).unwrap();
        let broken = broken_in_diamonds(&m, &chart);
        assert!(broken.is_empty(), "{}: {broken:?}", path.display());
    }
}

/// The track done first was drawn in the narrow right-hand column of Orange
/// County's chart (columns went under the inputs that trigger them): the columns of
/// a one-page chart now stand left to right in order of precedence, as in the
/// overview of a chart on several pages.
#[test]
fn track_columns_stand_in_order_of_precedence() {
    let mut checked = 0;
    for path in protocol_files(Path::new("protocols"))
        .into_iter()
        .chain([SCREENING.into(), BRANCHING.into()])
    {
        let m = model(path.to_str().unwrap());
        if m.metadata().base.is_some() {
            continue;
        }
        for sheet in [Sheet::from(Paper::Letter), Sheet::from(Paper::Poster)] {
            let chart = pdf::to_layout(&m, sheet).unwrap();
            let [page] = chart.pages.as_slice() else { continue };
            let xs: Vec<f32> = m
                .precedence()
                .iter()
                .map(|t| {
                    page.find(&format!("track:{}", m.tracks()[t.0].id))
                        .unwrap()
                        .rect
                        .x
                })
                .collect();
            assert!(
                xs.windows(2).all(|w| w[0] < w[1]),
                "{} on {}: columns at {xs:?}, not in order of precedence",
                path.display(),
                sheet.name()
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "{checked}");
}

/// A contact called instead of another in a named case (`instead_of`) was only in
/// the handout and the JSON: the chart now says it under each step that involves
/// the other contact, with its number (and no ☎ when it has none).
#[test]
fn a_contact_called_instead_of_another_is_drawn_under_its_steps() {
    let text = r#"protocol demo {
  title        "Demo protocol"
  jurisdiction "Demo County"
  audience     "Educators"
  version      "1"
  effective    2024-08-01
}

contact cps {
  name       "Demo County CPS"
  phone      "800-555-0142"
  instead_of parents "abuse by a parent is suspected"
}

contact advocate {
  name       "The school's family advocate"
  instead_of parents "the parents cannot be reached"
}

contact parents {
  name "The student's parent or guardian"
}

signal suspected "Abuse is suspected"

track respond "Respond" {
  when suspected
  step report "Report to {cps.name} at {cps.phone}."
  step tell   "Tell {parents.name} what happens next."
}
"#;
    let m = model_of("instead.protocol", text);
    let l = one_page(&m, Paper::Letter);
    let tell = text_of(&l, "step:respond:2");
    assert!(
        tell.contains(
            "☎ Demo County CPS: 800-555-0142 — call instead of the student's parent or guardian \
             when abuse by a parent is suspected"
        ),
        "{tell}"
    );
    assert!(
        tell.contains(
            "The school's family advocate — call instead of the student's parent or guardian \
             when the parents cannot be reached"
        ) && tell.matches('☎').count() == 1,
        "{tell}"
    );
    // Only under the step that involves the contact called instead of.
    let report = text_of(&l, "step:respond:1");
    assert!(!report.contains("instead of"), "{report}");
}

/// A trigger that names a group or signal only negated (`not disclosed`) was drawn
/// with an ordinary arrow, as if the group or signal triggered the track: that
/// arrow is now dashed (the header says "not" in words); one named both ways, or
/// under `not not`, stays solid.
#[test]
fn an_input_a_trigger_names_only_negated_has_a_dashed_arrow() {
    let m = model("tests/cases/ok/triggers_and_or_not_parentheses/input.protocol");
    let l = one_page(&m, Paper::Letter);
    check_page("triggers_and_or_not_parentheses", &l);
    let mut drawn: Vec<(String, String, bool)> = l
        .arrows
        .iter()
        .filter(|a| !a.from.starts_with("track:"))
        .map(|a| (a.from.clone(), a.to.clone(), a.dashed))
        .collect();
    drawn.sort();
    let expected = [
        ("criteria:at_risk", "track:monitor", false),
        ("criteria:at_risk", "track:watch", false),
        ("signal:disclosed", "track:urgent", false),
        ("signal:disclosed", "track:watch", true),
        ("signal:in_care", "track:monitor", false),
        ("signal:in_care", "track:urgent", false),
        ("signal:suspected", "track:urgent", true),
        ("signal:suspected", "track:watch", false),
    ]
    .map(|(from, to, dashed)| (from.to_string(), to.to_string(), dashed));
    assert_eq!(drawn, expected);
}

/// A chart over several pages drew no arrows on its first page: a reader could
/// not see which criteria group or signal starts which track. Now each input a
/// track's trigger names has its own arrow into the track's box in the overview,
/// on the page that holds both, and nothing on the page is crossed
/// ([`check_page`]). On every paper, upright and sideways: landscape Letter's
/// exploitation screening had none, its criteria row leaving no room.
#[test]
fn the_first_page_of_a_chart_on_several_pages_has_an_arrow_per_input_and_track() {
    let mut checked = 0;
    for path in protocol_files(Path::new("protocols/examples")) {
        let name = path.to_string_lossy().into_owned();
        let m = model(&name);
        if m.metadata().base.is_some() {
            continue;
        }
        for sheet in all_sheets() {
            let chart = pdf::to_layout(&m, sheet).unwrap();
            let [first, ..] = chart.pages.as_slice() else {
                continue;
            };
            if chart.pages.len() == 1 {
                continue;
            }
            let label = format!("{name} on {}", sheet.name());
            check_page(&label, first);
            for t in m.tracks() {
                let overview = format!("overview:{}", t.id);
                assert!(
                    first.find(&overview).is_some(),
                    "{label}: no overview of {}",
                    t.id
                );
                for input in named_inputs(&m, t) {
                    let arrows = first
                        .arrows
                        .iter()
                        .filter(|a| a.from == input && a.to == overview)
                        .count();
                    assert_eq!(arrows, 1, "{label}: {arrows} arrows {input} → {overview}");
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} charts on several pages");
}

/// Arrows ran only from the last row of inputs into the first row of the
/// overview: with more inputs or tracks than one row holds, some had none. Now
/// every input a trigger names has its arrow into the track whatever rows the two
/// are in (those from higher rows, or into lower ones, run down a band at the side
/// of the rows), in lanes of their own, dashed when the trigger names the input
/// only negated; each generated track's trigger names its own input, another, and
/// a third negated.
#[test]
fn every_input_has_its_arrow_into_its_track_from_any_row() {
    let id = |input: &str| {
        if input.starts_with('g') {
            format!("criteria:{input}")
        } else {
            format!("signal:{input}")
        }
    };
    for tracks in [5, 9, 12] {
        let text = generated_tracks(tracks, 3, 6);
        let m = model_of("rows.protocol", &text);
        let inputs: Vec<String> = m
            .criteria()
            .iter()
            .map(|c| c.id.clone())
            .chain(m.signals().iter().map(|s| s.id.clone()))
            .collect();
        for sheet in [Paper::Letter, Paper::A4].map(Sheet::from) {
            let name = format!("{tracks} tracks on {}", sheet.name());
            let chart = pdf::to_layout(&m, sheet).unwrap();
            assert!(chart.pages.len() > 1, "{name}: one page");
            check_chart(&name, &m, &chart);
            let mut by_band = 0;
            for t in 0..tracks {
                let to = format!("overview:t{t}");
                let negated = id(&inputs[(t + 1) % tracks]);
                let arrows: Vec<_> = chart
                    .pages
                    .iter()
                    .flat_map(|p| &p.arrows)
                    .filter(|a| a.to == to)
                    .collect();
                assert!(arrows.len() >= 3, "{name}: {} arrows into {to}", arrows.len());
                for a in arrows {
                    assert_eq!(a.dashed, a.from == negated, "{name}: {} → {to}", a.from);
                    by_band += usize::from(a.points.len() == 6);
                }
            }
            assert!(by_band > 0, "{name}: no arrow runs by a band");
        }
    }
}

/// A select-all question's diamond says when its answer is yes, in its group's
/// threshold words, and lists the group's factors with a box to tick each and
/// what each does in the group (a factor enough on its own says so).
#[test]
fn a_select_all_questions_diamond_lists_the_factors_to_tick() {
    let m = model("protocols/examples/hotline-screening/hotline-screening.protocol");
    let chart = pdf::to_layout(&m, Paper::Letter).unwrap();
    let diamond = chart
        .pages
        .iter()
        .map(|page| text_of(page, "step:five_day:1"))
        .find(|text| !text.is_empty())
        .expect("the question is drawn");
    for words in [
        "Which of these risks did the caller report?",
        "Tick all that apply (yes when at least two of these factors are present):",
        "☐ No safe adult is caring for the child now — enough on its own",
        "☐ Earlier reports about this family",
    ] {
        assert!(diamond.contains(words), "{words}: {diamond}");
    }
}
