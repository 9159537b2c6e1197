//! The inputs row's contents: a criteria group with its factors (a score sheet when
//! it is scored, with its levels and overrides), and a signal with the groups it
//! feeds.

use super::content::Content;
use super::style::{Sizes, INK, MUTED, NAVY, SIGNAL_EDGE};
use super::text::{para, styled, Para, StyledText};
use super::wording::{capitalised, condition_words};
use crate::emit::pdf::metrics::Fonts;
use crate::model::{
    Alone, Criteria, Factor, Labels, Leaf, Level, LevelRange, Model, Scoring, Signal, SignalIdx, Trigger,
};

/// A criteria group's box: its title, when it applies, its factors to tick (with
/// their points on a score sheet), its levels and overrides, and when it is met.
pub(super) fn criteria_content(model: &Model, c: &Criteria, m: &Sizes, fonts: &Fonts) -> Content {
    if c.outcome {
        return super::outcome::outcome_content(model, c, m);
    }
    let mut paras = vec![para(vec![styled(c.title.as_str(), true, INK)], m.head, 0.0)];
    if let Some(when) = &c.applies_when {
        paras.push(para(
            vec![styled(
                condition_words(model, when).after(model, "only_when", "unless_lead"),
                true,
                SIGNAL_EDGE,
            )],
            m.body,
            m.body * 0.25,
        ));
    }
    let met = para(
        vec![styled(
            format!(
                "{} {}",
                model.labels.get("met_when"),
                c.threshold_sentence(&model.labels, true)
            ),
            true,
            NAVY,
        )],
        m.body,
        m.body * 0.3,
    );
    let (factors, cell_width) = factor_rows(model, c, m, fonts);
    match &c.scoring {
        None => {
            let mut met = met;
            if let Some(last) = met.spans.last_mut() {
                if c.possible_counts_as_yes {
                    last.text.push(' ');
                    last.text.push_str(model.labels.get("possible_counts_present"));
                }
                last.text.push(':');
            }
            paras.push(met);
            paras.extend(factors);
        }
        Some(scoring) => {
            paras.push(Para {
                spans: vec![styled(
                    model.labels.about_items("score_sheet", c.items_called.as_ref()),
                    true,
                    INK,
                )],
                size: m.small,
                gap_before: m.body * 0.3,
                cells: vec![
                    styled(model.labels.get("answer_yes"), true, MUTED),
                    styled(model.labels.get("possible_column"), true, MUTED),
                ],
                cell_width,
                ..Para::default()
            });
            paras.extend(factors);
            paras.push(levels_table(model, scoring, m));
            paras.extend(override_rows(model, c, scoring, m, fonts));
            let mut met = met;
            met.gap_before = m.body * 0.45;
            if let Some(last) = met.spans.last_mut() {
                last.text.push('.');
            }
            paras.push(met);
        }
    }
    if let Some(source) = &c.source {
        paras.push(para(
            vec![
                styled(format!("{}: ", model.labels.get("source")), false, MUTED),
                styled(source.as_str(), false, MUTED),
            ],
            m.small,
            m.body * 0.45,
        ));
    }
    Content { paras, pad: m.pad }
}

/// A group's factors, a line each with a box to tick (and on a score sheet, the
/// points of a yes and of a "possible"); and the width of a points column.
fn factor_rows(model: &Model, c: &Criteria, m: &Sizes, fonts: &Fonts) -> (Vec<Para>, f32) {
    let box_char = if fonts.regular.has_glyph('☐') {
        "☐"
    } else {
        "-"
    };
    let indent = fonts.regular.width(box_char, m.body) + m.body * 0.45;
    // A scored group is a score sheet: the points of a yes and of a "possible" in two columns.
    let cell_width = fonts
        .bold
        .width("Possible", m.small)
        .max(fonts.bold.width("00", m.body))
        + m.body * 0.6;
    // A graded item's grades are circled, one of them: a circle for a box.
    let circle = if fonts.regular.has_glyph('○') {
        "○"
    } else {
        box_char
    };
    let mut rows = Vec::new();
    let mut previous: Option<&Factor> = None;
    for f in c.factors.iter().filter_map(|f| model.factor_by(*f)) {
        if let Some(heading) = run_heading(model, previous, f) {
            rows.push(para(heading, m.body, m.body * 0.45));
        }
        previous = Some(f);
        let grade = f
            .grade
            .and_then(|g| model.input_by(g.input)?.scale_value(g.position));
        let mut spans = match grade {
            Some(g) => vec![
                styled(format!("{}: ", g.id), true, INK),
                styled(f.text.as_str(), false, INK),
            ],
            None => vec![styled(f.text.as_str(), false, INK)],
        };
        spans.extend(factor_notes(model, c, f));
        let cells = match (&c.scoring, &f.derived) {
            (None, _) => Vec::new(),
            // Worked out from inputs: never answered "possible".
            (Some(_), Some(_)) => vec![
                styled(f.points.to_string(), true, NAVY),
                styled("–", false, MUTED),
            ],
            (Some(_), None) => {
                let possible = f.possible_points(c.possible_counts_as_yes);
                vec![
                    styled(f.points.to_string(), true, NAVY),
                    styled(possible.to_string(), false, NAVY),
                ]
            }
        };
        rows.push(Para {
            spans,
            size: m.body,
            gap_before: m.body * 0.25,
            bullet: Some(styled(
                if grade.is_some() { circle } else { box_char },
                false,
                NAVY,
            )),
            indent,
            cells,
            cell_width,
            ..Para::default()
        });
    }
    (rows, cell_width)
}

/// The heading over a run of a scored group's items, where one starts at `f`: a
/// graded item's title ("Supervision at home — circle one grade:"), a tier's
/// ("Tier 1 indicators — 3 points each").
fn run_heading(model: &Model, previous: Option<&Factor>, f: &Factor) -> Option<Vec<StyledText>> {
    if previous.is_some_and(|p| p.run() == f.run()) {
        return None;
    }
    let labels = &model.labels;
    match (f.grade, &f.tier) {
        (Some(g), _) => Some(vec![
            styled(model.input_by(g.input)?.text.as_str(), true, INK),
            styled(format!(" — {}", labels.get("circle_one_grade")), false, NAVY),
        ]),
        (None, Some(tier)) => Some(vec![
            styled(tier.title.as_str(), true, INK),
            styled(
                format!(" — {} {}", labels.points(f.points), labels.get("each_factor")),
                false,
                NAVY,
            ),
        ]),
        // Plain factors after a tier or a graded item.
        (None, None) if previous.is_some() => Some(vec![styled(
            labels.about_items(
                "other_items",
                model.criteria_by(f.criteria)?.items_called.as_ref(),
            ),
            true,
            INK,
        )]),
        (None, None) => None,
    }
}

/// A scored group's overrides: the levels a case reaches whatever its total.
fn override_rows(model: &Model, c: &Criteria, scoring: &Scoring, m: &Sizes, fonts: &Fonts) -> Vec<Para> {
    let mut rows = Vec::new();
    if scoring.overrides.is_empty() {
        return rows;
    }
    rows.push(para(
        vec![styled(model.labels.get("whatever_total"), true, NAVY)],
        m.body,
        m.body * 0.45,
    ));
    let bullet_indent = fonts.regular.width("•", m.body) + m.body * 0.45;
    for o in &scoring.overrides {
        let level = c.level_title(o.level);
        let level = if o.force {
            level.to_string()
        } else {
            format!("{} {level}", model.labels.get("at_least"))
        };
        rows.push(Para {
            spans: vec![
                styled(level, true, INK),
                styled(
                    format!(
                        " {}",
                        condition_words(model, &o.when).after(model, "case_when", "unless")
                    ),
                    false,
                    INK,
                ),
            ],
            size: m.body,
            gap_before: m.body * 0.2,
            bullet: Some(styled("•", true, NAVY)),
            indent: bullet_indent,
            ..Para::default()
        });
    }
    rows
}

/// What a factor's line adds after its text: `alone`, and how a factor worked out
/// from inputs is ticked.
pub(super) fn factor_notes(model: &Model, c: &Criteria, f: &Factor) -> Vec<StyledText> {
    let mut notes: Vec<Vec<StyledText>> = Vec::new();
    match f.alone {
        Some(Alone::Meets) => notes.push(vec![styled(model.labels.get("enough_alone"), true, NAVY)]),
        Some(Alone::AtLeast(l)) => notes.push(vec![
            styled(
                format!(
                    "{}: {} ",
                    model.labels.get("on_its_own"),
                    model.labels.get("at_least")
                ),
                false,
                NAVY,
            ),
            styled(c.level_title(l), true, NAVY),
        ]),
        None => {}
    }
    if let (Some(when), None) = (&f.derived, f.grade) {
        notes.push(vec![styled(
            condition_words(model, when).after(model, "ticked_when", "ticked_unless"),
            false,
            NAVY,
        )]);
    }
    if let Some(when) = &f.only_when {
        notes.push(vec![styled(
            condition_words(model, when).after(model, "counts_only_when", "counts_unless"),
            false,
            NAVY,
        )]);
    }
    let mut out = Vec::new();
    for (i, note) in notes.into_iter().enumerate() {
        out.push(styled(if i == 0 { " — " } else { " · " }, false, NAVY));
        out.extend(note);
    }
    out
}

/// A level's range as a table cell: "0–2", "4", "6+"; for a level only a rule
/// sets, that it is set by a rule.
fn range_cell(l: &Level, labels: &Labels) -> String {
    match l.range {
        Some(LevelRange { from, to: Some(to) }) if to == from => to.to_string(),
        Some(LevelRange { from, to: Some(to) }) => format!("{from}–{to}"),
        Some(LevelRange { from, to: None }) => format!("{from}+"),
        None => labels.get("level_by_rule").to_string(),
    }
}

/// A scored group's levels as one small table row: "Total: Low concern 0–2 · Medium concern 3–5 · …".
fn levels_table(model: &Model, scoring: &Scoring, m: &Sizes) -> Para {
    let mut spans = vec![styled(
        format!("{} ", model.labels.get("level_from_total")),
        true,
        NAVY,
    )];
    for (i, l) in scoring.levels.iter().enumerate() {
        if i > 0 {
            spans.push(styled(" · ", false, MUTED));
        }
        spans.push(styled(l.title.as_str(), true, INK));
        spans.push(styled(format!(" {}", range_cell(l, &model.labels)), false, INK));
    }
    para(spans, m.body, m.body * 0.45)
}

/// A signal's box: the staff member's judgement it asks for, and the groups whose
/// rules read it.
pub(super) fn signal_content(model: &Model, index: SignalIdx, s: &Signal, m: &Sizes) -> Content {
    let mut content = Content {
        paras: vec![
            para(
                vec![styled(model.labels.get("staff_judgement"), false, MUTED)],
                m.small,
                0.0,
            ),
            para(
                vec![styled(capitalised(&s.text), true, INK)],
                m.head,
                m.body * 0.3,
            ),
        ],
        pad: m.pad,
    };
    // It has no arrow into a group whose rules read it: say so in words.
    for c in &model.criteria {
        let overrides = c.scoring.iter().flat_map(|s| &s.overrides);
        let direct = overrides.clone().find(|o| o.when == Trigger::Signal(index));
        let mut leaves = Vec::new();
        c.applies_when.iter().for_each(|t| t.leaves(&mut leaves));
        overrides.for_each(|o| o.when.leaves(&mut leaves));
        c.factors
            .iter()
            .filter_map(|f| model.factor_by(*f))
            .flat_map(|f| f.derived.iter().chain(&f.only_when))
            .for_each(|t| t.leaves(&mut leaves));
        let spans = match direct {
            Some(o) => vec![
                styled(format!("{} ", model.labels.get("makes")), false, INK),
                styled(c.title.as_str(), true, INK),
                styled(
                    if o.force {
                        " ".to_string()
                    } else {
                        format!(" {} ", model.labels.get("at_least"))
                    },
                    false,
                    INK,
                ),
                styled(c.level_title(o.level), true, INK),
            ],
            None if leaves.contains(&Leaf::Signal(index)) => vec![
                styled(format!("{} ", model.labels.get("also_counts_in")), false, INK),
                styled(c.title.as_str(), true, INK),
            ],
            None => continue,
        };
        content.paras.push(para(spans, m.small, m.body * 0.3));
    }
    content
}
