//! The model → [`ProtocolDocument`] conversion: the document's assembly, its
//! metadata, legal basis, definitions, contacts, resources, signals and inputs, and
//! the lookups every part shares (ids by index, triggers).

use super::criteria::criteria;
use super::document::{
    Contact, Definition, DocumentControl, Input, InputValue, InsteadOf, Law, LegalBasis, Metadata, Number,
    ProtocolDocument, Resource, Revision, ScaleValue, Signal, Source, SourceDocument, TriggerExpr,
};
use super::scenarios::scenario;
use super::tracks::track;
use super::translation::translation;
use super::SCHEMA_VERSION;
use crate::model::{self, Model, Trigger};

/// The files a model was compiled from, its own first, each with its SHA-256.
pub fn sources(model: &Model) -> Vec<Source> {
    model
        .sources
        .iter()
        .map(|s| Source {
            file: s.file.clone(),
            sha256: s.sha256.clone(),
        })
        .collect()
}

/// Builds the JSON document of a model.
pub fn document(model: &Model) -> ProtocolDocument {
    let m = &model.metadata;
    ProtocolDocument {
        schema_version: SCHEMA_VERSION.to_string(),
        sources: sources(model),
        protocol: Metadata {
            id: m.id.clone(),
            title: m.title.clone(),
            jurisdiction: m.jurisdiction.clone(),
            audience: m.audience.clone(),
            language: model.language().bcp47(),
            subject: m.subject.clone(),
            version: m.version.clone(),
            effective: m.effective.clone(),
            summary: m.summary.clone(),
            document_control: DocumentControl {
                status: m.document.status.map(|s| s.as_str().to_string()),
                approved: m.document.approved.clone(),
                approved_by: m.document.approved_by.clone(),
                written: m.document.written.clone(),
                last_reviewed: m.document.reviewed.clone(),
                next_review: m.document.next_review.clone(),
                revisions: m
                    .document
                    .revisions
                    .iter()
                    .map(|r| Revision {
                        date: r.date.clone(),
                        text: r.text.clone(),
                    })
                    .collect(),
            },
            source_documents: m
                .source_documents
                .iter()
                .map(|d| SourceDocument {
                    title: d.title.clone(),
                    publisher: d.publisher.clone(),
                    url: d.url.clone(),
                    date: d.date.clone(),
                    version: d.version.clone(),
                })
                .collect(),
        },
        legal_basis: model.legal.as_ref().map(|l| LegalBasis {
            statement: l.statement.clone(),
            laws: l
                .laws
                .iter()
                .map(|law| Law {
                    code: law.code.clone(),
                    sections: law.sections.clone(),
                    citation: law.citation(),
                })
                .collect(),
        }),
        definitions: model
            .definitions
            .iter()
            .map(|d| Definition {
                id: d.id.clone(),
                term: d.term.clone(),
                text: d.text.clone(),
            })
            .collect(),
        contacts: model.contacts.iter().map(|c| contact(model, c)).collect(),
        main_contact: model
            .main_contact()
            .and_then(|(c, _)| model.contact_by(c))
            .map(|c| c.id.clone()),
        resources: model
            .resources
            .iter()
            .map(|r| Resource {
                id: r.id.clone(),
                text: r.text.text.clone(),
                text_template: r.text.template.clone(),
                url: r.url.clone(),
                note: r.note.clone(),
                contacts: contact_ids(model, &r.text.contacts),
            })
            .collect(),
        signals: model
            .signals
            .iter()
            .map(|s| Signal {
                id: s.id.clone(),
                text: s.text.clone(),
            })
            .collect(),
        criteria: model.criteria.iter().map(|c| criteria(model, c)).collect(),
        inputs: model
            .inputs
            .iter()
            .map(|i| Input {
                id: i.id.clone(),
                text: i.text.clone(),
                range: i
                    .range
                    .filter(|_| i.scale.is_empty())
                    .map(|(low, high)| [low, high]),
                scale: i
                    .scale
                    .iter()
                    .map(|v| ScaleValue {
                        id: v.id.clone(),
                        title: v.title.clone(),
                    })
                    .collect(),
                graded_in: i.graded.and_then(|g| Some(model.criteria_by(g)?.id.clone())),
            })
            .collect(),
        tracks: model.tracks.iter().map(|t| track(model, t)).collect(),
        precedence: track_ids(model, &model.precedence),
        scenarios: model.scenarios.iter().map(|sc| scenario(model, sc)).collect(),
        translations: model.translations.iter().map(|t| translation(model, t)).collect(),
    }
}

fn contact(model: &Model, c: &model::Contact) -> Contact {
    Contact {
        id: c.id.clone(),
        name: c.name.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        website: c.website.clone(),
        note: c.note.clone(),
        last_reviewed: c.reviewed.clone(),
        next_review: c.next_review.clone(),
        hours: c.hours.clone(),
        numbers: c
            .numbers
            .iter()
            .map(|n| Number {
                label: n.label.clone(),
                phone: n.phone.clone(),
                hours: n.hours.clone(),
            })
            .collect(),
        instead_of: c
            .instead_of
            .iter()
            .map(|(other, when)| InsteadOf {
                contact: model.contact_by(*other).map(|o| o.id.clone()).unwrap_or_default(),
                when: when.clone(),
            })
            .collect(),
    }
}

/// The ids of contacts, by index.
pub(super) fn contact_ids(model: &Model, ids: &[model::ContactIdx]) -> Vec<String> {
    ids.iter()
        .filter_map(|c| model.contact_by(*c))
        .map(|c| c.id.clone())
        .collect()
}

/// The ids of tracks, by index.
pub(super) fn track_ids(model: &Model, ids: &[model::TrackIdx]) -> Vec<String> {
    ids.iter()
        .filter_map(|t| model.track_by(*t))
        .map(|t| t.id.clone())
        .collect()
}

/// The ids of criteria groups, by index.
pub(super) fn criteria_ids(model: &Model, ids: &[model::CriteriaIdx]) -> Vec<String> {
    ids.iter()
        .filter_map(|c| model.criteria_by(*c))
        .map(|c| c.id.clone())
        .collect()
}

/// The ids of a scored group and of one of its levels (empty where one is missing).
pub(super) fn level_ids(
    model: &Model,
    criteria: model::CriteriaIdx,
    level: model::LevelIdx,
) -> (String, String) {
    let group = model.criteria_by(criteria);
    (
        group.map(|g| g.id.clone()).unwrap_or_default(),
        group
            .and_then(|g| g.level_by(level))
            .map(|l| l.id.clone())
            .unwrap_or_default(),
    )
}

/// A trigger, with ids in place of indexes.
pub(super) fn trigger(model: &Model, t: &Trigger) -> TriggerExpr {
    match t {
        Trigger::Compare { input, op, value } => TriggerExpr::Compare {
            input: model.input_by(*input).map(|i| i.id.clone()).unwrap_or_default(),
            op: op.symbol().to_string(),
            value: model
                .input_by(*input)
                .map_or(InputValue::Number(*value), |i| InputValue::of(i, *value)),
        },
        Trigger::Level {
            criteria,
            at_least,
            level,
        } => {
            let (criteria, level) = level_ids(model, *criteria, *level);
            TriggerExpr::Level {
                criteria,
                level,
                at_least: *at_least,
            }
        }
        Trigger::Answer {
            question,
            answer,
            unclear_too,
        } => TriggerExpr::Answer {
            question: model.question_id(*question).to_string(),
            answer: model.answer_word(*question, *answer).to_string(),
            counts_unclear: *unclear_too,
        },
        Trigger::Criteria(c) => {
            TriggerExpr::Criteria(model.criteria_by(*c).map(|c| c.id.clone()).unwrap_or_default())
        }
        Trigger::Signal(s) => {
            TriggerExpr::Signal(model.signal_by(*s).map(|s| s.id.clone()).unwrap_or_default())
        }
        Trigger::Not(inner) => TriggerExpr::Not(Box::new(trigger(model, inner))),
        Trigger::All(items) => TriggerExpr::All(items.iter().map(|i| trigger(model, i)).collect()),
        Trigger::Any(items) => TriggerExpr::Any(items.iter().map(|i| trigger(model, i)).collect()),
    }
}
