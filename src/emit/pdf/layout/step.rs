//! A step's box: its text with the number hung in the indent, its deadline badges
//! (one beside the first lines, or one per case), why it is required, its details
//! and its role; set to a width as a [`StepBody`].

use super::content::linked_spans;
use super::frame::{Color, Rect};
use super::required;
use super::style::{Sizes, INK, MUTED, WHITE};
use super::text::{line_height, para, set, set_notched, styled, Block, Para};
use super::wording::condition_words;
use crate::emit::pdf::metrics::Fonts;
use crate::model::{Model, Step, TextPart, Track};

/// What a step's box shows, in the order it is set: the text (with the number
/// hung in its indent), the deadline badges, then the details and the role.
pub(super) struct StepContent {
    top: Vec<Para>,
    /// The one deadline that always holds: a badge at the top right.
    badge: Option<String>,
    /// Deadlines that depend on the case: a badge each, with its case in words.
    cases: Vec<(String, String)>,
    /// Form, contacts, handoff, end, a question's note on unclear answers, and
    /// last the role line.
    bottom: Vec<Para>,
}

/// The parts of a track's step at `index` (0-based), numbered from 1.
pub(super) fn step_content(
    model: &Model,
    track: &Track,
    index: usize,
    number_width: f32,
    color: Color,
    m: &Sizes,
    fonts: &Fonts,
) -> StepContent {
    let Some(step) = track.steps.get(index) else {
        return StepContent {
            top: Vec::new(),
            badge: None,
            cases: Vec::new(),
            bottom: Vec::new(),
        };
    };
    let mut top = step_text(model, step, color, m);
    // The number hangs in the first paragraph's indent, level with its first line.
    for p in &mut top {
        p.indent = number_width;
    }
    if let Some(first) = top.first_mut() {
        first.bullet = Some(styled((index + 1).to_string(), true, color));
    }
    // Where a one-page chart has no room for the reason: a mark, explained in the key.
    if let (Some(mark), Some(text)) = (required::step_mark(model, step, m), top.last_mut()) {
        text.spans.push(styled(format!(" {mark}"), true, color));
    }
    // Things to ask or record: a box to tick each, under the text.
    let box_char = if fonts.regular.has_glyph('☐') {
        "☐"
    } else {
        "-"
    };
    let box_width = fonts.regular.width(box_char, m.body) + m.body * 0.45;
    // A select-all question: how its answer is worked out, then its group's factors to tick.
    let ticks = step
        .question
        .as_ref()
        .and_then(crate::model::Question::select_all)
        .and_then(|g| model.criteria_by(g));
    if let Some(group) = ticks {
        let mut lead = para(
            vec![styled(ticks_lead(model, group), false, color)],
            m.small,
            m.body * 0.2,
        );
        lead.indent = number_width;
        top.push(lead);
    }
    // A tick's line says what its factor's does in the group's box ("enough on its own").
    let ticked = ticks.iter().flat_map(|g| {
        g.factors.iter().filter_map(|f| model.factor_by(*f)).map(|f| {
            let mut spans = vec![styled(f.text.as_str(), false, INK)];
            spans.extend(super::criteria::factor_notes(model, g, f));
            spans
        })
    });
    let listed = step
        .checklist
        .iter()
        .map(|item| vec![styled(item.as_str(), false, INK)]);
    for spans in listed.chain(ticked) {
        let mut line = para(spans, m.body, m.body * 0.1);
        line.indent = number_width + box_width;
        line.bullet = Some(styled(box_char, false, INK));
        line.bullet_at = number_width;
        top.push(line);
    }
    let (badge, cases) = deadlines(model, step);
    let mut bottom: Vec<Para> = required::under_step(model, step, m).into_iter().collect();
    bottom.extend(step_details(model, step, color, m, fonts));
    for p in &mut bottom {
        p.indent = number_width;
    }
    StepContent {
        top,
        badge,
        cases,
        bottom,
    }
}

/// "Tick all that apply (yes when at least two of these factors are present):".
fn ticks_lead(model: &Model, group: &crate::model::Criteria) -> String {
    format!(
        "{} ({} {}):",
        model.labels.get("tick_all"),
        model.labels.get("yes_when"),
        group.threshold_sentence(&model.labels, true)
    )
}

/// A step's text: its condition, when it is skipped, and what to do (a question
/// in bold).
fn step_text(model: &Model, step: &Step, color: Color, m: &Sizes) -> Vec<Para> {
    let mut paras = Vec::new();
    if let Some(condition) = &step.condition {
        paras.push(para(
            vec![styled(format!("{condition}:"), true, color)],
            m.body,
            0.0,
        ));
    }
    if let Some((label, guard)) = model.guard(step) {
        paras.push(para(
            vec![styled(
                format!("{}: {guard}", model.labels.get(label)),
                false,
                color,
            )],
            m.small,
            0.0,
        ));
    }
    // After its condition ("If appropriate:"), the text goes on the sentence.
    let text = match step.condition {
        Some(_) => model.linked_mid_sentence(&step.text),
        None => step.text.clone(),
    };
    let mut text = linked_spans(&text.parts, INK);
    if step.optional {
        text.insert(
            0,
            styled(format!("{}: ", model.labels.get("consider")), true, color),
        );
    }
    // The source's own name for the step, before its text.
    if let Some(label) = &step.label {
        text.insert(0, styled(format!("{label}: "), true, color));
    }
    if step.question.is_some() {
        // The question is the diamond's whole message: in bold.
        for s in &mut text {
            s.bold = true;
        }
    }
    paras.push(para(text, m.body, m.body * 0.2));
    paras
}

/// A step's deadlines: the one that always holds, or each case's with its case in
/// words (the plain deadline last, as "otherwise").
fn deadlines(model: &Model, step: &Step) -> (Option<String>, Vec<(String, String)>) {
    if step.deadlines_when.is_empty() {
        return (step.deadline.clone(), Vec::new());
    }
    let mut cases: Vec<(String, String)> = step
        .deadlines_when
        .iter()
        .map(|d| {
            let case = condition_words(model, &d.when);
            let lead = model
                .labels
                .get(if case.negated { "unless_lead" } else { "when" });
            (d.text.clone(), format!("{lead}: {}", case.text))
        })
        .collect();
    if let Some(d) = &step.deadline {
        cases.push((d.clone(), model.labels.get("otherwise").to_string()));
    }
    (None, cases)
}

/// A step's details under its text: form, contacts, handoff, end and, last, the
/// role line.
fn step_details(model: &Model, step: &Step, color: Color, m: &Sizes, fonts: &Fonts) -> Vec<Para> {
    let mut bottom = Vec::new();
    if let Some(lasts) = &step.lasts {
        let line = format!("{}: {}", model.labels.get("lasts"), lasts.text);
        bottom.push(para(vec![styled(line, false, INK)], m.body, m.body * 0.2));
    }
    if let Some(form) = &step.form {
        let label = model.labels.get("form");
        let name = match &form.code {
            Some(code) => format!("{label}: {} ({code})", form.name),
            None => format!("{label}: {}", form.name),
        };
        bottom.push(para(vec![styled(name, false, INK)], m.body, m.body * 0.2));
    }
    // Contacts the step involves whose number is not already in its text.
    let phones_in_text: Vec<_> = step
        .text
        .parts
        .iter()
        .filter_map(|p| match p {
            TextPart::Field { contact, field, .. } if field == "phone" => Some(*contact),
            _ => None,
        })
        .collect();
    let phone_mark = if fonts.regular.has_glyph('☎') {
        "☎ ".to_string()
    } else {
        format!("{} ", model.labels.get("call"))
    };
    // Each contact the step involves, with every number its text does not already
    // give (a contact with none to give, such as a parent, gets no line: its name is
    // in the text, and a ☎ with no number would promise one).
    for idx in &step.text.contacts {
        let Some(contact) = model.contact_by(*idx) else {
            continue;
        };
        let main = contact.phone.as_ref().filter(|_| !phones_in_text.contains(idx));
        let mut numbers: Vec<(Option<&str>, &str)> = main.map(|p| (None, p.as_str())).into_iter().collect();
        numbers.extend(
            contact
                .numbers
                .iter()
                .map(|n| (Some(n.label.as_str()), n.phone.as_str())),
        );
        if numbers.is_empty() {
            continue;
        }
        let mut spans = vec![styled(format!("{phone_mark}{}", contact.name), false, INK)];
        for (i, (label, phone)) in numbers.into_iter().enumerate() {
            let joint = match (i, label) {
                (0, None) => ": ".to_string(),
                (0, Some(label)) => format!(" — {label}: "),
                (_, label) => format!("  ·  {}: ", label.unwrap_or_default()),
            };
            spans.push(styled(joint, false, INK));
            spans.push(styled(phone, true, INK));
        }
        bottom.push(para(spans, m.body, m.body * 0.2));
    }
    bottom.extend(called_instead(model, step, &phone_mark, m));
    let handoff = step
        .handoff
        .as_ref()
        .or(step.handoff_document.as_ref().map(|d| &d.title));
    if let Some(handoff) = handoff {
        bottom.push(para(
            vec![styled(
                format!("{}: {handoff}", model.labels.get("then_follow")),
                true,
                INK,
            )],
            m.body,
            m.body * 0.2,
        ));
    }
    if let Some(end) = &step.end {
        let label = if step.ends_track {
            "track_ends_here"
        } else {
            "protocol_ends_here"
        };
        bottom.push(para(
            vec![styled(format!("{}: {end}", model.labels.get(label)), true, color)],
            m.body,
            m.body * 0.2,
        ));
    }
    // Who does it, and who when they cannot: always the box's last line.
    if let Some(role) = step.who(&model.labels) {
        let mut who = vec![styled(role, true, INK)];
        for (i, backup) in step.backups.iter().enumerate() {
            let joint = if i == 0 { " — " } else { ", " };
            who.push(styled(
                format!("{joint}{} {backup}", model.labels.get("then")),
                false,
                INK,
            ));
        }
        bottom.push(para(who, m.body, m.body * 0.25));
    }
    bottom
}

/// The contacts called instead of one the step involves (`instead_of`), each on a
/// line as the handout words it: "☎ County CPS: 555-0142 — call instead of The
/// student's parent or guardian when abuse by a parent … is suspected" (without the
/// ☎ and number when the contact has no phone).
fn called_instead(model: &Model, step: &Step, phone_mark: &str, m: &Sizes) -> Vec<Para> {
    let mut lines = Vec::new();
    for involved in &step.text.contacts {
        let Some(instead_of) = model.contact_by(*involved) else {
            continue;
        };
        for other in model.contacts() {
            for (_, when) in other.instead_of.iter().filter(|(of, _)| of == involved) {
                let mut spans = match &other.phone {
                    Some(phone) => vec![
                        styled(format!("{phone_mark}{}: ", other.name), false, INK),
                        styled(phone.as_str(), true, INK),
                    ],
                    None => vec![styled(other.name.as_str(), false, INK)],
                };
                spans.push(styled(
                    format!(
                        " — {} {} {} {}",
                        model.labels.get("call_instead_of"),
                        model.name_mid_sentence(&instead_of.name),
                        model.labels.get("call_instead_when"),
                        model.mid_sentence(when)
                    ),
                    false,
                    INK,
                ));
                lines.push(para(spans, m.body, m.body * 0.2));
            }
        }
    }
    lines
}

/// A deadline badge set at one width: its text and outer size.
struct BadgeSet {
    block: Block,
    w: f32,
    h: f32,
}

/// Sets a badge's text in white bold at the small size, no wider than `max_w`.
fn set_badge(fonts: &Fonts, text: &str, max_w: f32, m: &Sizes) -> BadgeSet {
    let hpad = m.small * 0.5;
    let block = set(
        fonts,
        &[para(vec![styled(text, true, WHITE)], m.small, 0.0)],
        (max_w - 2.0 * hpad).max(1.0),
    );
    let text_w = block.width();
    // One line: exactly a body line tall, so it sits beside the first line of text.
    let h = (block.height + m.body * 0.1).max(line_height(m.body));
    BadgeSet {
        w: text_w + 2.0 * hpad,
        h,
        block,
    }
}

/// A step's body set to an inner width: its text and its badges (relative to the
/// block's top-left).
pub(super) struct StepBody {
    pub(super) block: Block,
    pub(super) badges: Vec<Rect>,
}

/// Adds a badge at `(x, y)` of `body`: its rectangle and its text, centred.
fn add_badge(body: &mut StepBody, badge: &BadgeSet, x: f32, y: f32, hpad: f32) {
    body.block
        .append(&badge.block, x + hpad, y + (badge.h - badge.block.height) / 2.0);
    body.badges.push(Rect {
        x,
        y,
        w: badge.w,
        h: badge.h,
    });
}

/// Sets a step's content `width` wide: a badge beside the first lines (or on a line
/// of its own when it is too wide), the text, a badge per case, then the details.
pub(super) fn set_body(fonts: &Fonts, parts: &StepContent, width: f32, m: &Sizes) -> StepBody {
    let mut body = StepBody {
        block: Block::default(),
        badges: Vec::new(),
    };
    let hpad = m.small * 0.5;
    let indent = parts.top.first().map_or(0.0, |p| p.indent);
    let mut y = 0.0;
    let mut notch = None;
    if let Some(text) = &parts.badge {
        let badge = set_badge(fonts, text, width - indent, m);
        let x = (width - badge.w).max(indent);
        if badge.w <= (width - indent) * 0.55 {
            // Beside the first line(s) of text, which are shortened for it.
            notch = Some((badge.w + m.body * 0.5, badge.h));
        } else {
            // Too wide to share a line: a line of its own, at the right.
            y = badge.h + m.body * 0.25;
        }
        add_badge(&mut body, &badge, x, 0.0, hpad);
    }
    let top = set_notched(fonts, &parts.top, width, notch);
    body.block.append(&top, 0.0, y);
    y += top.height;
    if let Some((_, h)) = notch {
        y = y.max(h);
    }
    for (text, case) in &parts.cases {
        y += m.body * 0.25;
        let badge = set_badge(fonts, text, (width - indent) * 0.55, m);
        let gap = m.small * 0.5;
        let words = set(
            fonts,
            &[para(vec![styled(case.as_str(), false, MUTED)], m.small, 0.0)],
            (width - indent - badge.w - gap).max(1.0),
        );
        add_badge(&mut body, &badge, indent, y, hpad);
        let words_dy = ((badge.h - words.height) / 2.0).max(0.0);
        body.block.append(&words, indent + badge.w + gap, y + words_dy);
        y += badge.h.max(words.height + words_dy);
    }
    if !parts.bottom.is_empty() {
        y += m.body * 0.2;
        let bottom = set(fonts, &parts.bottom, width);
        body.block.append(&bottom, 0.0, y);
        y += bottom.height;
    }
    body.block.height = y;
    body
}
