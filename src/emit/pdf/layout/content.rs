//! The contents of the page's single boxes: the title band, a track's header, the
//! phone number to call, the resources and the footer. A [`Content`] is paragraphs
//! with the box's padding, set to the box's width by the page.

use super::frame::Color;
use super::style::{Sizes, INK, MUTED, NAVY, PHONE_SUB, TITLE_SUB, WHITE};
use super::text::{para, set, styled, Block, Para, StyledText};
use super::wording::{capitalised, condition_words};
use crate::emit::pdf::metrics::Fonts;
use crate::model::{Model, TextPart, Track, TrackIdx};

/// Linked text as spans: phone numbers in bold, the rest in `color`.
pub(super) fn linked_spans(parts: &[TextPart], color: Color) -> Vec<StyledText> {
    parts
        .iter()
        .map(|p| match p {
            TextPart::Field { field, value, .. } if field == "phone" => styled(value.as_str(), true, INK),
            other => styled(other.value(), false, color),
        })
        .collect()
}

/// A box's content: paragraphs, with the box's own padding.
#[derive(Clone)]
pub(super) struct Content {
    pub(super) paras: Vec<Para>,
    pub(super) pad: f32,
}

impl Content {
    /// How many characters of text it holds (to balance boxes by how much they say).
    pub(super) fn chars(&self) -> usize {
        self.paras
            .iter()
            .flat_map(|p| &p.spans)
            .map(|s| s.text.len())
            .sum()
    }

    pub(super) fn set(&self, fonts: &Fonts, outer_width: f32) -> Block {
        set(fonts, &self.paras, outer_width - 2.0 * self.pad)
    }
    pub(super) fn height(&self, block: &Block) -> f32 {
        block.height + 2.0 * self.pad
    }
}

/// The title band: the protocol's title, its jurisdiction and audience.
pub(super) fn title_content(model: &Model, m: &Sizes) -> Content {
    let md = &model.metadata;
    Content {
        paras: vec![
            para(vec![styled(md.title.as_str(), true, WHITE)], m.title, 0.0),
            para(
                vec![
                    styled(md.jurisdiction.as_str(), true, TITLE_SUB),
                    styled(format!("  ·  {}: ", model.labels.get("for")), false, TITLE_SUB),
                    styled(md.audience.as_str(), true, TITLE_SUB),
                ],
                m.body,
                m.body * 0.35,
            ),
        ],
        pad: m.pad * 1.4,
    }
}

/// A track's header: its title, when it applies, what it replaces or comes before,
/// and the rules that hold at all times.
pub(super) fn header_content(model: &Model, track: &Track, m: &Sizes) -> Content {
    let when = condition_words(model, &track.trigger);
    let lead = model
        .labels
        .get(if when.negated { "unless_lead" } else { "when" });
    let mut paras = vec![
        para(vec![styled(track.title.as_str(), true, WHITE)], m.head, 0.0),
        para(
            vec![
                styled(format!("{lead} "), true, WHITE),
                styled(when.text, false, WHITE),
            ],
            m.body,
            m.body * 0.3,
        ),
    ];
    let titles = |ids: &[TrackIdx], last: &str| {
        let titles: Vec<String> = ids
            .iter()
            .filter_map(|i| model.track_by(*i))
            .map(|t| t.title.clone())
            .collect();
        crate::sentence::quoted_list(&titles, model.labels.get(last))
    };
    // The tracks it supersedes through chains too: the evaluator follows only this one.
    let instead_of = model
        .tracks()
        .iter()
        .position(|t| t.id == track.id)
        .map(|at| model.superseded_through(TrackIdx(at)))
        .unwrap_or_default();
    if !instead_of.is_empty() {
        paras.push(para(
            vec![styled(
                format!(
                    "{} {}.",
                    model.labels.get("both_instead_of"),
                    titles(&instead_of, "and")
                ),
                false,
                WHITE,
            )],
            m.small,
            m.body * 0.3,
        ));
    }
    if !track.precedes.is_empty() {
        paras.push(para(
            vec![styled(
                format!(
                    "{} {}.",
                    model.labels.get("both_before"),
                    titles(&track.precedes, "and")
                ),
                false,
                WHITE,
            )],
            m.small,
            m.body * 0.3,
        ));
    }
    for rule in &track.rules {
        paras.push(para(
            vec![
                styled(format!("{}: ", model.labels.get("at_all_times")), true, WHITE),
                styled(rule.as_str(), false, WHITE),
            ],
            m.small,
            m.body * 0.3,
        ));
    }
    Content { paras, pad: m.pad }
}

/// The number to print large ([`Model::main_contact`]), with its contact's name
/// and, below it, when it answers and the contact's other numbers.
pub(super) fn main_phone(model: &Model) -> Option<(String, String, Vec<String>)> {
    let (contact, phone) = model.main_contact()?;
    let c = model.contact_by(contact)?;
    let mut more: Vec<String> = c.hours.iter().cloned().collect();
    more.extend(c.numbers.iter().map(|n| match &n.hours {
        Some(hours) => format!("{}: {} ({hours})", n.label, n.phone),
        None => format!("{}: {}", n.label, n.phone),
    }));
    Some((c.name.clone(), phone, more))
}

/// The phone box: the number to call, large, with its contact and other numbers.
pub(super) fn phone_content(model: &Model, name: &str, phone: &str, more: &[String], m: &Sizes) -> Content {
    let mut paras = vec![
        para(
            vec![styled(model.labels.get("to_report_call"), false, PHONE_SUB)],
            m.body,
            0.0,
        ),
        para(vec![styled(phone, true, WHITE)], m.phone, m.body * 0.2),
        para(vec![styled(name, false, PHONE_SUB)], m.small, m.body * 0.2),
    ];
    for line in more {
        paras.push(para(
            vec![styled(line.as_str(), false, WHITE)],
            m.small,
            m.body * 0.15,
        ));
    }
    Content {
        paras,
        pad: m.pad * 1.2,
    }
}

/// The resources box: a bulleted line per resource, with its address and note.
pub(super) fn resources_content(model: &Model, m: &Sizes, fonts: &Fonts) -> Content {
    let mut paras = vec![para(
        vec![styled(model.labels.get("resources"), true, INK)],
        m.head,
        0.0,
    )];
    let indent = fonts.regular.width("•", m.body) + m.body * 0.45;
    for r in &model.resources {
        let mut spans = linked_spans(&r.text.parts, INK);
        if let Some(url) = &r.url {
            spans.push(styled(format!(" — {url}"), false, NAVY));
        }
        if let Some(note) = &r.note {
            spans.push(styled(format!(" ({note})"), false, MUTED));
        }
        paras.push(Para {
            spans,
            size: m.body,
            gap_before: m.body * 0.25,
            bullet: Some(styled("•", true, NAVY)),
            indent,
            ..Para::default()
        });
    }
    Content { paras, pad: m.pad }
}

/// What goes between two parts of the footer: nothing before the first.
fn separator<T>(before: &[T]) -> &'static str {
    if before.is_empty() {
        ""
    } else {
        "  ·  "
    }
}

/// The footer: version, dates, status, the documents it is written from and the files the chart was built from.
pub(super) fn footer_content(model: &Model, m: &Sizes) -> Content {
    let md = &model.metadata;
    let l = &model.labels;
    // Only what the protocol states: no version or date is printed that it does not give.
    let mut spans = Vec::new();
    if let Some(version) = &md.version {
        spans.push(styled(format!("{} {version}", l.get("version")), true, MUTED));
    }
    if let Some(effective) = &md.effective {
        spans.push(styled(
            format!(
                "{}{} {effective}",
                separator(&spans),
                capitalised(l.get("effective"))
            ),
            false,
            MUTED,
        ));
    }
    let document = &md.document;
    if let Some(status) = document.status {
        spans.push(styled(
            format!(
                "{}{}: {}",
                separator(&spans),
                capitalised(l.get("status")),
                l.status(status)
            ),
            false,
            MUTED,
        ));
    }
    if let Some(due) = &document.next_review {
        spans.push(styled(
            format!("{}{} {due}", separator(&spans), capitalised(l.get("next_review"))),
            false,
            MUTED,
        ));
    }
    // The documents it is written from, each with only what it states.
    for d in &md.source_documents {
        let version = d.version.as_ref().map(|v| format!("{} {v}", l.get("version")));
        let details: Vec<&str> = [d.publisher.as_deref(), d.date.as_deref(), version.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let details = if details.is_empty() {
            String::new()
        } else {
            format!(" ({})", details.join(", "))
        };
        spans.push(styled(
            format!("{}{}: “{}”{details}", separator(&spans), l.get("source"), d.title),
            false,
            MUTED,
        ));
    }
    // The chain of files it was built from: the protocol's own, then each base it extends.
    for (i, source) in model.sources.iter().enumerate() {
        let short: String = source.sha256.chars().take(12).collect();
        let role = if i == 0 { l.get("source") } else { l.get("extends") };
        spans.push(styled(
            format!("{}{role} {} ({short})", separator(&spans), source.file),
            false,
            MUTED,
        ));
    }
    spans.push(styled(
        format!("{}{}", separator(&spans), capitalised(l.get("built_by"))),
        false,
        MUTED,
    ));
    Content {
        paras: vec![para(spans, m.small, 0.0)],
        pad: m.small * 0.4,
    }
}
