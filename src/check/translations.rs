//! Translations: each `translation LANG "name" { … }` block checked against the
//! protocol it translates, and resolved into a [`Translation`] of model items.
//!
//! Reported: a tag of the wrong shape (P0140), a language translated twice
//! (P0141), a line naming something the protocol does not have (P0142, with a
//! suggestion), an item translated twice (P0143), an unknown label (P0144), a
//! placeholder naming a contact the original text does not involve (P0145) or a
//! field contacts lack (P0106), and, as warnings, what each language leaves
//! untranslated (P0315) and labels left in English (P0316).

use super::{Checker, Declarations};
use crate::diagnostic::{Code, Diagnostic};
use crate::labels::{self, Labels};
use crate::model::{Language, LinkedText, Translation};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{self, Ident, Segment, TranslationKind as K};
use std::collections::BTreeMap;

/// Whether a language tag has the allowed shape: 2 or 3 lowercase ASCII letters,
/// then any number of `_` and 2 to 8 lowercase letters or digits (`es`, `zh_hant`).
pub fn is_language_tag(tag: &str) -> bool {
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
    track
        .fields
        .iter()
        .filter_map(|f| match f {
            ast::TrackField::Step(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// Where a translated item is in the model, found from a translation line's names.
enum Target {
    Metadata,
    Definition(usize),
    Signal(usize),
    Criteria(usize),
    Factor(usize),
    Track(usize),
    Step(usize, usize),
    Resource(usize),
    Contact(usize),
    Label,
}

impl Checker {
    pub(super) fn translations(&mut self, decls: &Declarations<'_>) -> Vec<Translation> {
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let mut out = Vec::new();
        for t in &decls.translations {
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
        let factors: Vec<&ast::FactorDecl> = decls
            .criteria
            .iter()
            .flat_map(|c| c.fields.iter())
            .filter_map(|f| match f {
                ast::CriteriaField::Factor(f) => Some(f),
                _ => None,
            })
            .collect();
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
            contact_notes: vec![None; decls.contacts.len()],
            contact_hours: vec![None; decls.contacts.len()],
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
        let mut keys: BTreeMap<String, Span> = BTreeMap::new();
        let mut labelled: Vec<&str> = Vec::new();
        for entry in &decl.entries {
            let key = entry.key();
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
            let Some(target) = self.target(entry, decls, &factors) else {
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
                (K::Step, Target::Step(ti, si)) => {
                    let Some(step) = decls.tracks.get(ti).and_then(|tr| steps_of(tr).get(si).copied()) else {
                        continue;
                    };
                    let extra: Vec<&Ident> = step
                        .fields
                        .iter()
                        .filter_map(|f| match f {
                            ast::StepField::Contact(c) => Some(&c.value),
                            _ => None,
                        })
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
                        .find_map(|f| match f {
                            ast::StepField::Condition(c) => Some(named_contacts(&c.value)),
                            _ => None,
                        })
                        .unwrap_or_default();
                    let value = text.and_then(|x| self.translated_text(x, &original, "the original"));
                    if let Some(slot) = t.conditions.get_mut(ti).and_then(|s| s.get_mut(si)) {
                        *slot = value.map(|v| v.text);
                    }
                }
                (K::Resource, Target::Resource(i)) => {
                    let Some(r) = decls.resources.get(i) else { continue };
                    let extra: Vec<&Ident> = r
                        .fields
                        .iter()
                        .filter_map(|f| match f {
                            ast::ResourceField::Contact(c) => Some(&c.value),
                            _ => None,
                        })
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
                        (K::Criteria, Target::Criteria(i)) => (
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
                        (K::ContactNote, Target::Contact(i)) => {
                            (Some(Vec::new()), t.contact_notes.get_mut(i))
                        }
                        (K::ContactHours, Target::Contact(i)) => {
                            (Some(Vec::new()), t.contact_hours.get_mut(i))
                        }
                        _ => (None, None),
                    };
                    let (Some(original), Some(slot), Some(text)) = (original, slot, text) else {
                        continue;
                    };
                    let what = if matches!(kind, K::ContactNote | K::ContactHours) {
                        "a contact's own fields"
                    } else {
                        "the original"
                    };
                    *slot = self.translated_text(text, &original, what).map(|v| v.text);
                }
            }
        }
        self.untranslated(decl, decls, &keys, &factors);
        if builtin.is_none() && is_language_tag(&decl.lang.name) {
            let missing: Vec<String> = labels::LABELS
                .iter()
                .filter(|l| !labelled.contains(&l.key))
                .map(|l| format!("`{}`", l.key))
                .collect();
            if !missing.is_empty() {
                self.report(
                    Diagnostic::warning(
                        Code::LabelsFallBack,
                        format!(
                            "protocolc has no built-in labels in `{}`, and this translation leaves {} of {} in English",
                            decl.lang.name,
                            missing.len(),
                            labels::LABELS.len()
                        ),
                    )
                    .at(decl.lang.span, "the handout's and flowchart's fixed phrases are partly in English")
                    .help(format!(
                        "add a `label KEY \"…\"` line for each of {} (`protocolc explain P0316` lists them in English)",
                        missing.join(", ")
                    )),
                );
            }
        }
        t
    }

    /// The item a translation line names, or `None` (reported) when there is none.
    fn target(
        &mut self,
        entry: &ast::TranslationEntry,
        decls: &Declarations<'_>,
        factors: &[&ast::FactorDecl],
    ) -> Option<Target> {
        let kind = entry.kind;
        let first = entry.ids.first();
        let position = |names: Vec<&Ident>, id: &Ident| names.iter().position(|n| n.name == id.name);
        let found = match (kind, first) {
            (K::Title | K::Audience | K::Jurisdiction, _) => return Some(Target::Metadata),
            (K::Summary, _) => {
                let has = decls.protocols.first().is_some_and(|p| {
                    p.fields
                        .iter()
                        .any(|f| matches!(f, ast::ProtocolField::Summary(_)))
                });
                if has {
                    return Some(Target::Metadata);
                }
                self.report(
                    Diagnostic::error(
                        Code::UnknownTranslated,
                        "the protocol has no `summary` to translate",
                    )
                    .at(entry.keyword, "nothing to translate")
                    .help("delete this line, or add a `summary` to the protocol block first"),
                );
                return None;
            }
            (K::Label, Some(id)) => {
                if labels::is_label(&id.name) {
                    return Some(Target::Label);
                }
                let d = Diagnostic::error(Code::UnknownLabel, format!("there is no label `{}`", id.name))
                    .at(id.span, "not a label");
                let d = match suggest::closest(&id.name, labels::LABELS.iter().map(|l| l.key)) {
                    Some(best) => d.help(format!("did you mean `{best}`?")),
                    None => d.help("`protocolc explain P0144` lists every label and what it is for"),
                };
                self.report(d);
                return None;
            }
            (K::Definition, Some(id)) => {
                position(decls.definitions.iter().map(|d| &d.id).collect(), id).map(Target::Definition)
            }
            (K::Signal, Some(id)) => {
                position(decls.signals.iter().map(|d| &d.id).collect(), id).map(Target::Signal)
            }
            (K::Criteria, Some(id)) => {
                position(decls.criteria.iter().map(|d| &d.id).collect(), id).map(Target::Criteria)
            }
            (K::Factor, Some(id)) => {
                position(factors.iter().map(|d| &d.id).collect(), id).map(Target::Factor)
            }
            (K::Track, Some(id)) => {
                position(decls.tracks.iter().map(|d| &d.id).collect(), id).map(Target::Track)
            }
            (K::Resource, Some(id)) => {
                position(decls.resources.iter().map(|d| &d.id).collect(), id).map(Target::Resource)
            }
            (K::ContactNote | K::ContactHours, Some(id)) => {
                let Some(i) = position(decls.contacts.iter().map(|d| &d.id).collect(), id) else {
                    return self.unknown_item(
                        entry,
                        id,
                        decls.contacts.iter().map(|c| &c.id).collect(),
                        "contact",
                    );
                };
                let has = decls.contacts.get(i).is_some_and(|c| {
                    c.fields.iter().any(|f| match f {
                        ast::ContactField::Note(_) => kind == K::ContactNote,
                        ast::ContactField::Hours(_) => kind == K::ContactHours,
                        _ => false,
                    })
                });
                if has {
                    return Some(Target::Contact(i));
                }
                let field = kind.keyword();
                self.report(
                    Diagnostic::error(
                        Code::UnknownTranslated,
                        format!("contact `{}` has no `{field}` to translate", id.name),
                    )
                    .at(entry.keyword, "nothing to translate")
                    .help(format!(
                        "delete this line, or give contact `{}` a `{field}` first",
                        id.name
                    )),
                );
                return None;
            }
            (K::Step | K::Condition, Some(track_id)) => {
                let Some(ti) = position(decls.tracks.iter().map(|d| &d.id).collect(), track_id) else {
                    return self.unknown_item(
                        entry,
                        track_id,
                        decls.tracks.iter().map(|t| &t.id).collect(),
                        "track",
                    );
                };
                let steps = decls.tracks.get(ti).map(|t| steps_of(t)).unwrap_or_default();
                let step_id = entry.ids.get(1)?;
                let Some(si) = position(steps.iter().map(|s| &s.id).collect(), step_id) else {
                    return self.unknown_item(entry, step_id, steps.iter().map(|s| &s.id).collect(), "step");
                };
                let has_condition = steps
                    .get(si)
                    .is_some_and(|s| s.fields.iter().any(|f| matches!(f, ast::StepField::Condition(_))));
                if kind == K::Condition && !has_condition {
                    self.report(
                        Diagnostic::error(
                            Code::UnknownTranslated,
                            format!("step `{}.{}` has no `condition` to translate", track_id.name, step_id.name),
                        )
                        .at(entry.keyword, "nothing to translate")
                        .help("delete this line; to translate the step's text, write `step` instead of `condition`"),
                    );
                    return None;
                }
                return Some(Target::Step(ti, si));
            }
            (_, None) => return None,
        };
        match (found, first) {
            (Some(target), _) => Some(target),
            (None, Some(id)) => {
                let (names, noun): (Vec<&Ident>, &str) = match kind {
                    K::Definition => (decls.definitions.iter().map(|d| &d.id).collect(), "definition"),
                    K::Signal => (decls.signals.iter().map(|d| &d.id).collect(), "signal"),
                    K::Criteria => (decls.criteria.iter().map(|d| &d.id).collect(), "criteria group"),
                    K::Factor => (factors.iter().map(|d| &d.id).collect(), "factor"),
                    K::Track => (decls.tracks.iter().map(|d| &d.id).collect(), "track"),
                    _ => (decls.resources.iter().map(|d| &d.id).collect(), "resource"),
                };
                self.unknown_item(entry, id, names, noun)
            }
            (None, None) => None,
        }
    }

    /// Reports a translation line naming an item the protocol does not have.
    fn unknown_item(
        &mut self,
        entry: &ast::TranslationEntry,
        id: &Ident,
        names: Vec<&Ident>,
        noun: &str,
    ) -> Option<Target> {
        let owner = match (entry.kind, entry.ids.first()) {
            (K::Step | K::Condition, Some(track)) if track.name != id.name => {
                format!("track `{}`", track.name)
            }
            _ => "the protocol".to_string(),
        };
        let mut d = Diagnostic::error(
            Code::UnknownTranslated,
            format!("{owner} has no {noun} `{}` to translate", id.name),
        )
        .at(id.span, format!("no such {noun}"));
        d = match suggest::closest(&id.name, names.iter().map(|n| n.name.as_str())) {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None => match self.names.get(&id.name) {
                Some(symbol) => d.help(format!(
                    "`{}` is {}: write `{} {} \"…\"`",
                    id.name,
                    symbol.kind.with_article(),
                    match symbol.kind {
                        crate::resolve::Kind::Contact => "contact",
                        crate::resolve::Kind::Criteria => "criteria",
                        other => other.noun(),
                    },
                    id.name
                )),
                None if names.is_empty() => d.help(format!("{owner} has no {noun} to translate")),
                None => d.help(format!(
                    "the {noun}s of {owner} are {}",
                    crate::syntax::or_list(
                        &names
                            .iter()
                            .take(8)
                            .map(|n| format!("`{}`", n.name))
                            .collect::<Vec<_>>()
                    )
                )),
            },
        };
        self.report(d);
        None
    }

    /// A translated text with its placeholders filled in, when each names a contact
    /// in `original` (the contacts the original text involves). `what` says whose
    /// contacts those are, for the message.
    fn translated_text(&mut self, text: &ast::Text, original: &[String], what: &str) -> Option<LinkedText> {
        self.translated_linked_as(text, original, &[], what)
    }

    /// A translated step or resource text: its placeholders checked against the
    /// contacts the original involves (those its text names and `extra`, its
    /// `contact` lines), which the translation involves too.
    fn translated_linked(
        &mut self,
        text: &ast::Text,
        original: &ast::Text,
        extra: &[&Ident],
    ) -> Option<LinkedText> {
        let mut names = named_contacts(original);
        names.extend(extra.iter().map(|i| i.name.clone()));
        self.translated_linked_as(text, &names, extra, "the original")
    }

    fn translated_linked_as(
        &mut self,
        text: &ast::Text,
        original: &[String],
        extra: &[&Ident],
        what: &str,
    ) -> Option<LinkedText> {
        let mut ok = true;
        for segment in &text.segments {
            if let Segment::Placeholder { contact, field } = segment {
                if original.contains(&contact.name) {
                    continue;
                }
                ok = false;
                let mut listed: Vec<String> = Vec::new();
                for c in original {
                    let c = format!("`{c}`");
                    if !listed.contains(&c) {
                        listed.push(c);
                    }
                }
                let help = if what == "a label" {
                    "labels are fixed phrases: write them without placeholders".to_string()
                } else if what == "a contact's own fields" {
                    "write the value itself here, as in the contact".to_string()
                } else if listed.is_empty() {
                    "the original names no contact: write the text without placeholders, as the original does"
                        .to_string()
                } else {
                    format!("the original involves {}", crate::syntax::or_list(&listed))
                };
                self.report(
                    Diagnostic::error(
                        Code::TranslationPlaceholder,
                        format!(
                            "this translation names contact `{}`, which {what} does not involve",
                            contact.name
                        ),
                    )
                    .at(contact.span.to(field.span), "not in the original")
                    .help(format!("a translation says what the original says; {help}")),
                );
            }
        }
        ok.then(|| self.link(text, extra))
    }

    /// Warns, once per language, about the items its block leaves untranslated.
    fn untranslated(
        &mut self,
        decl: &ast::TranslationDecl,
        decls: &Declarations<'_>,
        keys: &BTreeMap<String, Span>,
        factors: &[&ast::FactorDecl],
    ) {
        let mut all: Vec<String> = vec!["title".into(), "audience".into(), "jurisdiction".into()];
        let protocol = decls.protocols.first();
        if protocol.is_some_and(|p| {
            p.fields
                .iter()
                .any(|f| matches!(f, ast::ProtocolField::Summary(_)))
        }) {
            all.push("summary".into());
        }
        all.extend(
            decls
                .definitions
                .iter()
                .map(|d| format!("definition {}", d.id.name)),
        );
        all.extend(decls.signals.iter().map(|d| format!("signal {}", d.id.name)));
        for c in &decls.criteria {
            all.push(format!("criteria {}", c.id.name));
        }
        all.extend(factors.iter().map(|f| format!("factor {}", f.id.name)));
        for t in &decls.tracks {
            all.push(format!("track {}", t.id.name));
            for f in &t.fields {
                if let ast::TrackField::Step(s) = f {
                    all.push(format!("step {}.{}", t.id.name, s.id.name));
                    if s.fields.iter().any(|f| matches!(f, ast::StepField::Condition(_))) {
                        all.push(format!("condition {}.{}", t.id.name, s.id.name));
                    }
                }
            }
        }
        all.extend(decls.resources.iter().map(|d| format!("resource {}", d.id.name)));
        let total = all.len();
        let missing: Vec<String> = all
            .into_iter()
            .filter(|k| !keys.contains_key(k))
            .map(|k| format!("`{k}`"))
            .collect();
        if missing.is_empty() {
            return;
        }
        let n = missing.len();
        self.report(
            Diagnostic::warning(
                Code::Untranslated,
                format!(
                    "the `{}` translation leaves {n} of {total} {} untranslated",
                    decl.lang.name,
                    if total == 1 { "item" } else { "items" }
                ),
            )
            .at(decl.lang.span, format!("{n} shown in the protocol's own words"))
            .help(format!("translate {}", missing.join(", "))),
        );
    }
}
