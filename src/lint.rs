//! Stage 4, lint: warnings about a checked protocol that are not rules of the
//! language, in one pass after [`crate::check`]. What no scenario exercises (a
//! track that never applies in any, a threshold never tested at its boundary),
//! found by running the scenarios through the evaluator; review dates past
//! the date a build is made on, which is given, never read from a clock; and texts
//! set inside sentences in lower case that may start with a name.

use crate::date;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::scenario;
use crate::syntax::ast::{self, Declaration};

/// The lints of a protocol's model, `file` being the resolved file it was
/// checked from (for spans). `today` (`YYYY-MM-DD`) is the date review dates are
/// compared with; with none, they are not.
pub fn lint(model: &Model, file: &ast::File, today: Option<&str>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    coverage(model, file, &mut out);
    lowered_names(model, file, &mut out);
    if let Some(today) = today {
        out.extend(overdue_reviews(model, today));
    }
    out
}

/// The file's tracks and criteria groups, in order: the model's have the same indices.
fn tracks_and_criteria(file: &ast::File) -> (Vec<&ast::TrackDecl>, Vec<&ast::CriteriaDecl>) {
    let mut tracks = Vec::new();
    let mut criteria = Vec::new();
    for declaration in &file.declarations {
        match declaration {
            Declaration::Track(t) => tracks.push(t),
            Declaration::Criteria(c) => criteria.push(c),
            _ => {}
        }
    }
    (tracks, criteria)
}

/// Once a protocol has scenarios: warns about each track no scenario makes
/// apply, and each threshold no scenario tests at its boundary (exactly one
/// factor short, and exactly enough).
fn coverage(model: &Model, file: &ast::File, out: &mut Vec<Diagnostic>) {
    if model.scenarios.is_empty() {
        return;
    }
    let (tracks, criteria) = tracks_and_criteria(file);
    let runs: Vec<scenario::Run> = model.scenarios.iter().map(|s| scenario::run(model, s)).collect();
    for (i, track) in model.tracks.iter().enumerate() {
        if runs.iter().any(|r| r.decision.applied.contains(&TrackIdx(i))) {
            continue;
        }
        let span = tracks.get(i).map(|d| d.id.span).unwrap_or_default();
        out.push(
            Diagnostic::warning(
                Code::UncoveredTrack,
                format!("no scenario shows track `{}` applying", track.id),
            )
            .at(span, "never applies in any scenario")
            .help(format!(
                "add a scenario whose `given` makes `{}` apply, and `expect {}`",
                track.id, track.id
            )),
        );
    }
    for (i, group) in model.criteria.iter().enumerate() {
        let decl = criteria.get(i);
        if let (Some(scoring), Threshold::AtLeastLevel(_)) = (&group.scoring, group.threshold) {
            let reached: Vec<LevelIdx> = runs
                .iter()
                .filter_map(|r| r.decision.levels.get(i).copied().flatten())
                .collect();
            let missing: Vec<String> = scoring
                .levels
                .iter()
                .enumerate()
                .filter(|(l, _)| !reached.contains(&LevelIdx(*l)))
                .map(|(_, l)| format!("`{}`", l.id))
                .collect();
            if !missing.is_empty() && group.outcome {
                out.push(
                    Diagnostic::warning(
                        Code::UncoveredBoundary,
                        format!("no scenario gives `{}` every one of its values", group.id),
                    )
                    .at(decl.map(|d| d.id.span).unwrap_or_default(), format!("never {}", missing.join(", ")))
                    .help(format!(
                        "add scenarios where it is {}, and `expect outcome {} …`, so a changed rule is caught",
                        missing.join(", "),
                        group.id
                    )),
                );
            } else if !missing.is_empty() {
                out.push(
                    Diagnostic::warning(
                        Code::UncoveredBoundary,
                        format!("no scenario rates a student at every level of `{}`", group.id),
                    )
                    .at(decl.map(|d| d.id.span).unwrap_or_default(), format!("never at {}", missing.join(", ")))
                    .help(format!(
                        "add scenarios whose totals fall in {}, and `expect level {} …`, so a changed range is caught",
                        missing.join(", "),
                        group.id
                    )),
                );
            }
            continue;
        }
        let Threshold::AtLeast(n) = group.threshold else {
            continue;
        };
        let n = n as usize;
        let counts: Vec<usize> = runs
            .iter()
            .filter(|r| r.decision.applies.get(i).copied().unwrap_or(true))
            .map(|r| r.decision.totals.get(i).copied().unwrap_or(0) as usize)
            .collect();
        let mut missing = Vec::new();
        if !counts.contains(&n.saturating_sub(1)) {
            missing.push(format!("exactly {} (not met)", n.saturating_sub(1)));
        }
        if !counts.contains(&n) {
            missing.push(format!("exactly {n} (met)"));
        }
        if missing.is_empty() {
            continue;
        }
        let span = decl
            .and_then(|d| {
                d.fields.iter().find_map(|f| match f {
                    ast::CriteriaField::MetWhen(m) => Some(m.keyword.to(match &m.value.rule {
                        ast::Threshold::AtLeast(n) => n.span,
                        ast::Threshold::AtLeastLevel(l) => l.span,
                    })),
                    _ => None,
                })
            })
            .or(decl.map(|d| d.id.span))
            .unwrap_or_default();
        out.push(
            Diagnostic::warning(
                Code::UncoveredBoundary,
                format!(
                    "no scenario tests the threshold of `{}` at its boundary",
                    group.id
                ),
            )
            .at(
                span,
                format!("no scenario with {} of its factors", missing.join(" or ")),
            )
            .help(format!(
                "add scenarios with {} and with {n} of `{}`'s factors, so a changed threshold is caught",
                n.saturating_sub(1),
                group.id
            )),
        );
    }
}

/// Warns about each signal and input whose text is set inside sentences ("when the
/// student …") with its first letter lowered, while its second word has a capital
/// too: "Orange County staff …" would read "when orange County staff …". A name is
/// declared in `proper_nouns` (or the text written to start with an ordinary word).
fn lowered_names(model: &Model, file: &ast::File, out: &mut Vec<Diagnostic>) {
    let nouns = &model.metadata.proper_nouns;
    for declaration in &file.declarations {
        let (what, id, text) = match declaration {
            Declaration::Signal(s) => ("signal", &s.id, &s.text),
            Declaration::Input(i) => ("input", &i.id, &i.text),
            _ => continue,
        };
        let Some(ast::Segment::Literal(start)) = text.segments.first() else {
            continue;
        };
        if crate::sentence::keeps_capital(start, nouns) {
            continue;
        }
        let mut words = start.split_whitespace();
        let (Some(first), Some(second)) = (words.next(), words.next()) else {
            continue;
        };
        let mut letters = second.chars();
        let titled = matches!(
            (letters.next(), letters.next()),
            (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase()
        );
        if titled {
            let lowered = crate::sentence::mid_sentence(&format!("{first} {second}"), &[]);
            out.push(
                Diagnostic::warning(
                    Code::NameLowered,
                    format!("{what} `{}` reads “{lowered} …” inside a sentence", id.name),
                )
                .at(text.span, "set after “when” or “unless” with its first letter lowered")
                .help(format!(
                    "if `{first} {second}` is a name, add it to the protocol's `proper_nouns \"{first} {second}\"`; \
                     otherwise write the second word in lower case"
                )),
            );
        }
    }
}

/// Warnings for a protocol, and each of its contacts, whose next review date is
/// before `today` (`YYYY-MM-DD`, from `--today` or SOURCE_DATE_EPOCH — never the clock).
pub fn overdue_reviews(model: &Model, today: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut warn = |what: String, due: &str, at: Located| {
        if date::is_before(due, today) {
            out.push(
                Diagnostic::warning(Code::PastReview, format!("{what} was due for review on {due}"))
                    .at(at.0, format!("before {today}"))
                    .help("review it, then set `reviewed` to the day of the review and `next_review` to the next date"),
            );
        }
    };
    if let Some(due) = &model.metadata.document.next_review {
        warn(
            format!("protocol `{}`", model.metadata.id),
            due,
            model.metadata.document.next_review_at,
        );
    }
    for contact in &model.contacts {
        if let Some(due) = &contact.next_review {
            warn(format!("contact `{}`", contact.id), due, contact.next_review_at);
        }
    }
    out
}
