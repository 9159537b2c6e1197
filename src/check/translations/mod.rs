//! Translations: each `translation LANG "name" { … }` block checked against the
//! protocol it translates, and resolved into a [`Translation`] of model items.
//!
//! Reported: a tag of the wrong shape (P0140), a language translated twice
//! (P0141), a line naming something the protocol does not have (P0142, with a
//! suggestion), an item translated twice (P0143), an unknown label (P0144), a
//! placeholder naming a contact the original text does not involve (P0145) or a
//! field contacts lack (P0106), and, as warnings, what each language leaves
//! untranslated (P0315; an error at each text, P0146, under
//! `--require-translations` or for an `approved` protocol) and labels left in
//! English (P0316).

mod coverage;
mod keyed;
mod target;
mod text;

use super::{Checker, Declarations};
use crate::diagnostic::{Code, Diagnostic};
use crate::labels::{self, Labels};
use crate::model::{Language, StepParts, Translation};
use crate::source::Span;
use crate::syntax::ast::{self, keyword, Ident, Segment, TranslationKind as K};
use std::collections::BTreeMap;
use target::Target;

/// Why every translation of a protocol must be complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Required {
    /// `--require-translations` was given.
    Flag,
    /// The protocol's `status` is `approved`.
    Approved,
}

impl Required {
    /// Whether translations of `file` must be complete: asked for, or the protocol is approved.
    pub(super) fn of(file: &ast::File, flag: bool) -> Option<Required> {
        let approved = file.declarations.iter().any(|d| match d {
            ast::Declaration::Protocol(p) => p
                .fields
                .iter()
                .filter_map(ast::ProtocolField::as_status)
                .any(|s| s.value.name == crate::model::Status::Approved.as_str()),
            _ => false,
        });
        match (flag, approved) {
            (true, _) => Some(Required::Flag),
            (false, true) => Some(Required::Approved),
            (false, false) => None,
        }
    }

    /// Why, as the start of a diagnostic's help.
    pub(super) fn reason(self) -> &'static str {
        match self {
            Required::Flag => "`--require-translations` asks for every text to be translated",
            Required::Approved => {
                "the protocol's status is `approved`, and an approved protocol's translations must be complete"
            }
        }
    }
}

/// Whether a language tag has the allowed shape: 2 or 3 lowercase ASCII letters,
/// then any number of `_` and 2 to 8 lowercase letters or digits (`es`, `zh_hant`).
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('_');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| {
            (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// The contacts a text names in its placeholders.
fn named_contacts(text: &ast::Text) -> Vec<String> {
    text.segments
        .iter()
        .filter_map(|s| match s {
            Segment::Placeholder { contact, .. } => Some(contact.name.clone()),
            Segment::Literal(_) => None,
        })
        .collect()
}

/// The steps of a track, in order.
fn steps_of(track: &ast::TrackDecl) -> Vec<&ast::StepDecl> {
    track.fields.iter().filter_map(ast::TrackField::as_step).collect()
}

/// The values of a scale, lowest first (none for a number input).
fn scale_of(input: &ast::InputDecl) -> &[ast::ScaleValueDecl] {
    input.scale.as_ref().map_or(&[][..], |s| s.value.as_slice())
}

/// The levels of a criteria group, in order.
fn levels_of(criteria: &ast::CriteriaDecl) -> Vec<&ast::LevelDecl> {
    criteria
        .fields
        .iter()
        .filter_map(ast::CriteriaField::as_level)
        .collect()
}

/// The tiers of a criteria group, in order.
fn tiers_of(criteria: &ast::CriteriaDecl) -> Vec<&ast::TierDecl> {
    criteria
        .fields
        .iter()
        .filter_map(ast::CriteriaField::as_tier)
        .collect()
}

/// The standing rules of a track, in order.
fn rules_of(track: &ast::TrackDecl) -> Vec<&ast::Text> {
    track
        .fields
        .iter()
        .filter_map(ast::TrackField::as_rule)
        .map(|f| &f.value)
        .collect()
}

/// The deadlines of a step with `when`, in order: each one's own words, if it is
/// written in words (a deadline written as a time is said in the labels' words,
/// and its event translated by key).
fn deadlines_when(step: &ast::StepDecl) -> Vec<Option<&ast::Text>> {
    step.fields
        .iter()
        .filter_map(ast::StepField::as_deadline)
        .filter(|d| d.value.when.is_some())
        .map(|d| match &d.value.time {
            ast::DeadlineTime::Words(text) => Some(text),
            _ => None,
        })
        .collect()
}

impl Checker {
    /// The language the protocol is written in (`language es`; English unless it
    /// says), with its fixed phrases. A tag of the wrong shape (P0140) or without
    /// built-in phrases (P0147) is reported, and English is taken.
    pub(super) fn own_language(&mut self, decls: &Declarations<'_>) -> (Language, Labels) {
        let english = (Language::english(), Labels::english());
        let Some(protocol) = decls.protocols.first() else {
            return english;
        };
        let owner = format!("protocol `{}`", protocol.id.name);
        let fields = protocol.fields.iter().filter_map(ast::ProtocolField::as_language);
        let Some(field) = self.single(fields, keyword::LANGUAGE, &owner) else {
            return english;
        };
        let tag = &field.value;
        if !is_language_tag(&tag.name) {
            self.report(
                Diagnostic::error(
                    Code::BadLanguageTag,
                    format!("`{}` is not a language tag protocolc reads", tag.name),
                )
                .at(tag.span, "not a language tag")
                .help("write the language's code in lowercase, e.g. `en`, `es` or `es_mx`"),
            );
            return english;
        }
        match (Labels::builtin(&tag.name), Labels::builtin_name(&tag.name)) {
            (Some(labels), Some(name)) => (
                Language {
                    tag: tag.name.clone(),
                    name: name.to_string(),
                },
                labels,
            ),
            _ => {
                self.report(
                    Diagnostic::error(
                        Code::UnknownOwnLanguage,
                        format!("protocolc has no fixed phrases in `{}` for a protocol written in it", tag.name),
                    )
                    .at(tag.span, "no built-in labels in this language")
                    .help(format!(
                        "a protocol is written in English (`en`) or Spanish (`es`, `es_mx` …); write it in one of them and add a `translation {} \"…\" {{ … }}` block, whose `label` lines give the fixed phrases",
                        tag.name
                    )),
                );
                english
            }
        }
    }

    pub(super) fn translations(&mut self, decls: &Declarations<'_>, own: &Language) -> Vec<Translation> {
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let mut out = Vec::new();
        for t in &decls.translations {
            if t.lang.name == own.tag {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateLanguage,
                        format!("the protocol is written in `{}`, and translated into it", own.tag),
                    )
                    .at(t.lang.span, "a translation into the protocol's own language")
                    .help(format!(
                        "delete this block, or translate into another language; a protocol written in another language than English says so with `language …` in its `protocol` block (it is `{}` now)",
                        own.tag
                    )),
                );
                continue;
            }
            if !is_language_tag(&t.lang.name) {
                self.report(
                    Diagnostic::error(
                        Code::BadLanguageTag,
                        format!("`{}` is not a language tag protocolc reads", t.lang.name),
                    )
                    .at(t.lang.span, "not a language tag")
                    .help("write the language's code in lowercase, e.g. `es`, `vi`, `zh_hant` or `es_mx`"),
                );
            }
            if let Some(first) = seen.get(t.lang.name.as_str()) {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateLanguage,
                        format!("the protocol is translated into `{}` twice", t.lang.name),
                    )
                    .at(t.lang.span, "a second translation into this language")
                    .also(*first, "the first is here")
                    .help("put every line of one language in one `translation` block"),
                );
                continue;
            }
            seen.insert(&t.lang.name, t.lang.span);
            out.push(self.translation(t, decls));
        }
        out
    }

    fn translation(&mut self, decl: &ast::TranslationDecl, decls: &Declarations<'_>) -> Translation {
        let in_model_order = super::graded::factor_decls_in_model_order(&decls.criteria);
        let factors: Vec<&ast::FactorDecl> = in_model_order.iter().collect();
        let builtin = Labels::builtin(&decl.lang.name);
        let mut t = Translation {
            language: Language {
                tag: decl.lang.name.clone(),
                name: self.plain(&decl.name),
            },
            labels: builtin.clone().unwrap_or_else(Labels::english),
            title: None,
            summary: None,
            audience: None,
            jurisdiction: None,
            definitions: vec![None; decls.definitions.len()],
            signals: vec![None; decls.signals.len()],
            criteria: vec![None; decls.criteria.len()],
            nouns: vec![None; decls.criteria.len()],
            factors: vec![None; factors.len()],
            tracks: vec![None; decls.tracks.len()],
            steps: decls
                .tracks
                .iter()
                .map(|t| vec![None; steps_of(t).len()])
                .collect(),
            conditions: decls
                .tracks
                .iter()
                .map(|t| vec![None; steps_of(t).len()])
                .collect(),
            resources: vec![None; decls.resources.len()],
            texts: BTreeMap::new(),
            inputs: vec![None; decls.inputs.len()],
            values: decls
                .inputs
                .iter()
                .map(|i| vec![None; scale_of(i).len()])
                .collect(),
            levels: decls
                .criteria
                .iter()
                .map(|c| vec![None; levels_of(c).len()])
                .collect(),
            tiers: decls
                .criteria
                .iter()
                .map(|c| vec![None; tiers_of(c).len()])
                .collect(),
            rules: decls
                .tracks
                .iter()
                .map(|t| vec![None; rules_of(t).len()])
                .collect(),
            step_parts: decls
                .tracks
                .iter()
                .map(|t| {
                    steps_of(t)
                        .iter()
                        .map(|s| StepParts {
                            deadlines_when: vec![None; deadlines_when(s).len()],
                            ..StepParts::default()
                        })
                        .collect()
                })
                .collect(),
        };
        let protocol = decls.protocols.first();
        let metadata_text = |kind: K| {
            protocol.and_then(|p| {
                p.fields.iter().find_map(|f| match (kind, f) {
                    (K::Title, ast::ProtocolField::Title(x))
                    | (K::Summary, ast::ProtocolField::Summary(x))
                    | (K::Audience, ast::ProtocolField::Audience(x))
                    | (K::Jurisdiction, ast::ProtocolField::Jurisdiction(x)) => Some(&x.value),
                    _ => None,
                })
            })
        };
        let listed = keyed::keyed_texts(decls);
        // Contacts' names first, for the texts that name them.
        self.translated_names = decls
            .contacts
            .iter()
            .map(|c| {
                let key = K::ContactName.key(&c.id.name);
                let line = decl.entries.iter().find(|e| e.key() == key)?;
                line.texts.first().map(|x| self.plain(x))
            })
            .collect();
        let mut keys: BTreeMap<String, Span> = BTreeMap::new();
        let mut labelled: Vec<&str> = Vec::new();
        for entry in &decl.entries {
            // An outcome's title, written `outcome ID` (or, as before outcomes had their
            // own line, `criteria ID`), has one key.
            let key = match (entry.kind, entry.ids.first()) {
                (K::Criteria, Some(id)) if self.outcomes.contains(&id.name) => K::Outcome.key(&id.name),
                _ => entry.key(),
            };
            if let Some(first) = keys.get(&key) {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateTranslation,
                        format!("`{key}` is translated twice into `{}`", decl.lang.name),
                    )
                    .at(entry.keyword, "a second translation")
                    .also(*first, "the first is here")
                    .help("keep one of the two lines and delete the other"),
                );
                continue;
            }
            keys.insert(key, entry.keyword);
            let Some(target) = self.target(entry, decls, &factors, &listed) else {
                continue;
            };
            let text = entry.texts.first();
            match (entry.kind, target) {
                (K::Label, Target::Label) => {
                    let (Some(id), Some(text)) = (entry.ids.first(), text) else {
                        continue;
                    };
                    if let Some(phrase) = self.translated_text(text, &[], "a label") {
                        t.labels.set(&id.name, phrase.text);
                        labelled.push(
                            labels::LABELS
                                .iter()
                                .find(|l| l.key == id.name)
                                .map_or("", |l| l.key),
                        );
                    }
                }
                (kind, Target::Metadata) => {
                    let original = metadata_text(kind).map(named_contacts).unwrap_or_default();
                    let value = text.and_then(|x| self.translated_text(x, &original, "the original"));
                    let slot = match kind {
                        K::Title => &mut t.title,
                        K::Summary => &mut t.summary,
                        K::Audience => &mut t.audience,
                        _ => &mut t.jurisdiction,
                    };
                    *slot = value.map(|v| v.text);
                }
                (K::ItemsCalled, Target::Criteria(i)) => {
                    let (Some(one), Some(many)) = (entry.texts.first(), entry.texts.get(1)) else {
                        continue;
                    };
                    self.noun_gender_said(one, entry.gender.as_ref(), &t.labels, &t.language.name);
                    let noun = self.noun(one, many, entry.gender.as_ref());
                    if let Some(slot) = t.nouns.get_mut(i) {
                        *slot = Some(noun);
                    }
                }
                (K::Definition, Target::Definition(i)) => {
                    let Some(d) = decls.definitions.get(i) else {
                        continue;
                    };
                    let mut original = named_contacts(&d.term);
                    original.extend(named_contacts(&d.text));
                    let term = entry
                        .texts
                        .first()
                        .and_then(|x| self.translated_text(x, &original, "the original"));
                    let meaning = entry
                        .texts
                        .get(1)
                        .and_then(|x| self.translated_text(x, &original, "the original"));
                    if let (Some(slot), Some(term), Some(meaning)) = (t.definitions.get_mut(i), term, meaning)
                    {
                        *slot = Some((term.text, meaning.text));
                    }
                }
                (K::Step | K::Question, Target::Step(ti, si)) => {
                    let Some(step) = decls.tracks.get(ti).and_then(|tr| steps_of(tr).get(si).copied()) else {
                        continue;
                    };
                    let extra: Vec<&Ident> = step
                        .fields
                        .iter()
                        .filter_map(ast::StepField::as_contact)
                        .map(|f| &f.value)
                        .collect();
                    let value = text.and_then(|x| self.translated_linked(x, &step.text, &extra));
                    if let Some(slot) = t.steps.get_mut(ti).and_then(|s| s.get_mut(si)) {
                        *slot = value;
                    }
                }
                (K::Condition, Target::Step(ti, si)) => {
                    let Some(step) = decls.tracks.get(ti).and_then(|tr| steps_of(tr).get(si).copied()) else {
                        continue;
                    };
                    let original = step
                        .fields
                        .iter()
                        .find_map(ast::StepField::as_condition)
                        .map(|c| named_contacts(&c.value))
                        .unwrap_or_default();
                    let value = text.and_then(|x| self.translated_text(x, &original, "the original"));
                    if let Some(slot) = t.conditions.get_mut(ti).and_then(|s| s.get_mut(si)) {
                        *slot = value.map(|v| v.text);
                    }
                }
                (kind, Target::Keyed) => {
                    let Some(original) = listed.iter().find(|k| k.key == entry.key()) else {
                        continue;
                    };
                    let value = match kind {
                        // A contact's fields are written out in full, without placeholders.
                        K::ContactName
                        | K::ContactNote
                        | K::ContactHours
                        | K::ContactNumber
                        | K::ContactInsteadOf => {
                            text.and_then(|x| self.translated_text(x, &[], "a contact's own fields"))
                        }
                        _ => text.and_then(|x| {
                            self.translated_text(x, &named_contacts(original.original), "the original")
                        }),
                    };
                    if let Some(value) = value {
                        t.texts.insert(original.key.clone(), value.text);
                    }
                }
                (K::Resource, Target::Resource(i)) => {
                    let Some(r) = decls.resources.get(i) else { continue };
                    let extra: Vec<&Ident> = r
                        .fields
                        .iter()
                        .filter_map(ast::ResourceField::as_contact)
                        .map(|f| &f.value)
                        .collect();
                    let value = text.and_then(|x| self.translated_linked(x, &r.text, &extra));
                    if let Some(slot) = t.resources.get_mut(i) {
                        *slot = value;
                    }
                }
                (kind, target) => {
                    let (original, slot) = match (kind, target) {
                        (K::Signal, Target::Signal(i)) => (
                            decls.signals.get(i).map(|s| named_contacts(&s.text)),
                            t.signals.get_mut(i),
                        ),
                        (K::Criteria | K::Outcome, Target::Criteria(i)) => (
                            decls.criteria.get(i).map(|c| named_contacts(&c.title)),
                            t.criteria.get_mut(i),
                        ),
                        (K::Factor, Target::Factor(i)) => (
                            factors.get(i).map(|f| named_contacts(&f.text)),
                            t.factors.get_mut(i),
                        ),
                        (K::Track, Target::Track(i)) => (
                            decls.tracks.get(i).map(|tr| named_contacts(&tr.title)),
                            t.tracks.get_mut(i),
                        ),
                        (K::Input, Target::Input(i)) => (
                            decls.inputs.get(i).map(|x| named_contacts(&x.text)),
                            t.inputs.get_mut(i),
                        ),
                        (K::Level | K::Value, Target::Level(ci, li)) => (
                            decls
                                .criteria
                                .get(ci)
                                .and_then(|c| levels_of(c).get(li).map(|l| named_contacts(&l.title))),
                            t.levels.get_mut(ci).and_then(|l| l.get_mut(li)),
                        ),
                        (K::Value, Target::Value(ii, vi)) => (
                            decls
                                .inputs
                                .get(ii)
                                .and_then(|i| scale_of(i).get(vi).map(|v| named_contacts(&v.title))),
                            t.values.get_mut(ii).and_then(|v| v.get_mut(vi)),
                        ),
                        (K::Tier, Target::Tier(ci, n)) => (
                            decls
                                .criteria
                                .get(ci)
                                .and_then(|c| tiers_of(c).get(n).map(|tier| named_contacts(&tier.title))),
                            t.tiers.get_mut(ci).and_then(|r| r.get_mut(n)),
                        ),
                        (K::Rule, Target::Rule(ti, n)) => (
                            decls
                                .tracks
                                .get(ti)
                                .and_then(|tr| rules_of(tr).get(n).map(|r| named_contacts(r))),
                            t.rules.get_mut(ti).and_then(|r| r.get_mut(n)),
                        ),
                        (_, Target::Part(ti, si, part)) => (
                            decls.tracks.get(ti).and_then(|tr| {
                                steps_of(tr)
                                    .get(si)
                                    .and_then(|s| part.text(s))
                                    .map(named_contacts)
                            }),
                            t.step_parts
                                .get_mut(ti)
                                .and_then(|p| p.get_mut(si))
                                .and_then(|p| part.slot(p)),
                        ),
                        _ => (None, None),
                    };
                    let (Some(original), Some(slot), Some(text)) = (original, slot, text) else {
                        continue;
                    };
                    *slot = self
                        .translated_text(text, &original, "the original")
                        .map(|v| v.text);
                }
            }
        }
        self.translated_names = Vec::new();
        self.untranslated(decl, decls, &keys, &factors, &listed);
        self.labels_left_in_english(decl, &labelled, builtin.is_none());
        t.labels = t.labels.about(None);
        t
    }
}
