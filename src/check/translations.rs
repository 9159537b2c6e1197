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
use crate::model::{Language, LinkedText, StepParts, Translation};
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

/// The levels of a criteria group, in order.
fn levels_of(criteria: &ast::CriteriaDecl) -> Vec<&ast::LevelDecl> {
    criteria
        .fields
        .iter()
        .filter_map(|f| match f {
            ast::CriteriaField::Level(l) => Some(l),
            _ => None,
        })
        .collect()
}

/// The standing rules of a track, in order.
fn rules_of(track: &ast::TrackDecl) -> Vec<&ast::Text> {
    track
        .fields
        .iter()
        .filter_map(|f| match f {
            ast::TrackField::Rule(r) => Some(&r.value),
            _ => None,
        })
        .collect()
}

/// The deadlines of a step with `when`, in order.
fn deadlines_when(step: &ast::StepDecl) -> Vec<&ast::Text> {
    step.fields
        .iter()
        .filter_map(|f| match f {
            ast::StepField::Deadline(d) if d.value.when.is_some() => Some(&d.value.text),
            _ => None,
        })
        .collect()
}

/// A step's words besides its text and condition that a translation line can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Role,
    Deadline,
    /// The deadline with `when` at this position (from 0).
    DeadlineWhen(usize),
    End,
    YesEnd,
    NoEnd,
}

impl Part {
    /// The original text of this part of `step`, if it has it.
    fn text(self, step: &ast::StepDecl) -> Option<&ast::Text> {
        if let Part::DeadlineWhen(n) = self {
            return deadlines_when(step).get(n).copied();
        }
        step.fields.iter().find_map(|f| match (self, f) {
            (Part::Role, ast::StepField::Role(x)) | (Part::End, ast::StepField::End(x)) => Some(&x.value),
            (Part::Deadline, ast::StepField::Deadline(d)) if d.value.when.is_none() => Some(&d.value.text),
            (Part::YesEnd, ast::StepField::Yes(r)) | (Part::NoEnd, ast::StepField::No(r)) => match &r.value {
                ast::Route::End(text) => Some(text),
                _ => None,
            },
            _ => None,
        })
    }

    /// Where its translation goes.
    fn slot(self, parts: &mut StepParts) -> Option<&mut Option<String>> {
        match self {
            Part::Role => Some(&mut parts.role),
            Part::Deadline => Some(&mut parts.deadline),
            Part::DeadlineWhen(n) => parts.deadlines_when.get_mut(n),
            Part::End => Some(&mut parts.end),
            Part::YesEnd => Some(&mut parts.yes_end),
            Part::NoEnd => Some(&mut parts.no_end),
        }
    }
}

/// Every key a translation of `step` (in `track`) can have, as its lines write them.
fn step_keys(track: &str, step: &ast::StepDecl) -> Vec<String> {
    let path = format!("{track}.{}", step.id.name);
    let mut keys = vec![match step.kind {
        ast::StepKind::Question => format!("question {path}"),
        ast::StepKind::Step => format!("step {path}"),
    }];
    if step
        .fields
        .iter()
        .any(|f| matches!(f, ast::StepField::Condition(_)))
    {
        keys.push(format!("condition {path}"));
    }
    let parts = [
        (Part::Role, format!("role {path}")),
        (Part::Deadline, format!("deadline {path}")),
        (Part::End, format!("end {path}")),
        (Part::YesEnd, format!("end {path}.yes")),
        (Part::NoEnd, format!("end {path}.no")),
    ];
    for (part, key) in parts {
        if part.text(step).is_some() {
            keys.push(key);
        }
    }
    keys.extend((1..=deadlines_when(step).len()).map(|n| format!("deadline {path}.{n}")));
    keys
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
    Input(usize),
    /// A criteria group and one of its levels.
    Level(usize, usize),
    /// A track and one of its standing rules.
    Rule(usize, usize),
    /// A track, one of its steps, and a part of it.
    Part(usize, usize, Part),
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
            inputs: vec![None; decls.inputs.len()],
            levels: decls
                .criteria
                .iter()
                .map(|c| vec![None; levels_of(c).len()])
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
                (K::Step | K::Question, Target::Step(ti, si)) => {
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
                        (K::Input, Target::Input(i)) => (
                            decls.inputs.get(i).map(|x| named_contacts(&x.text)),
                            t.inputs.get_mut(i),
                        ),
                        (K::Level, Target::Level(ci, li)) => (
                            decls
                                .criteria
                                .get(ci)
                                .and_then(|c| levels_of(c).get(li).map(|l| named_contacts(&l.title))),
                            t.levels.get_mut(ci).and_then(|l| l.get_mut(li)),
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
                return self.nothing_to_translate(
                    entry.keyword,
                    "the protocol has no `summary` to translate".to_string(),
                    "delete this line, or add a `summary` to the protocol block first".to_string(),
                );
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
            (K::Input, Some(id)) => {
                position(decls.inputs.iter().map(|d| &d.id).collect(), id).map(Target::Input)
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
                return self.nothing_to_translate(
                    entry.keyword,
                    format!("contact `{}` has no `{field}` to translate", id.name),
                    format!(
                        "delete this line, or give contact `{}` a `{field}` first",
                        id.name
                    ),
                );
            }
            (K::Step | K::Condition | K::Question | K::Role | K::End | K::Deadline, Some(track_id)) => {
                let (ti, si, step) = self.step_of(entry, decls, track_id)?;
                return self.step_target(entry, ti, si, step);
            }
            (K::Level, Some(group_id)) => {
                let Some(ci) = position(decls.criteria.iter().map(|d| &d.id).collect(), group_id) else {
                    return self.unknown_item(
                        entry,
                        group_id,
                        decls.criteria.iter().map(|c| &c.id).collect(),
                        "criteria group",
                    );
                };
                let levels = decls.criteria.get(ci).map(|c| levels_of(c)).unwrap_or_default();
                let level_id = entry.ids.get(1)?;
                let Some(li) = position(levels.iter().map(|l| &l.id).collect(), level_id) else {
                    return self.unknown_item(
                        entry,
                        level_id,
                        levels.iter().map(|l| &l.id).collect(),
                        "level",
                    );
                };
                return Some(Target::Level(ci, li));
            }
            (K::Rule, Some(track_id)) => {
                let Some(ti) = position(decls.tracks.iter().map(|d| &d.id).collect(), track_id) else {
                    return self.unknown_item(
                        entry,
                        track_id,
                        decls.tracks.iter().map(|t| &t.id).collect(),
                        "track",
                    );
                };
                let count = decls.tracks.get(ti).map_or(0, |t| rules_of(t).len());
                let n = entry.ids.get(1)?;
                if let Some(i) = n.name.parse::<usize>().ok().filter(|i| (1..=count).contains(i)) {
                    return Some(Target::Rule(ti, i - 1));
                }
                let help = match count {
                    0 => "delete this line: the track has no `rule` lines".to_string(),
                    1 => format!(
                        "the track has one standing rule: write `rule {}.1`",
                        track_id.name
                    ),
                    _ => format!(
                        "number the track's standing rules from 1 to {count}, in the order they are written"
                    ),
                };
                return self.nothing_to_translate(
                    n.span,
                    format!("track `{}` has no standing rule `{}`", track_id.name, n.name),
                    help,
                );
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
                    K::Input => (decls.inputs.iter().map(|d| &d.id).collect(), "input"),
                    _ => (decls.resources.iter().map(|d| &d.id).collect(), "resource"),
                };
                self.unknown_item(entry, id, names, noun)
            }
            (None, None) => None,
        }
    }

    /// The step a `TRACK.STEP` line names: its track's position, its own, and it
    /// (`None`, reported with a suggestion, when there is no such track or step).
    fn step_of<'d>(
        &mut self,
        entry: &ast::TranslationEntry,
        decls: &Declarations<'d>,
        track_id: &Ident,
    ) -> Option<(usize, usize, &'d ast::StepDecl)> {
        let Some(ti) = decls.tracks.iter().position(|t| t.id.name == track_id.name) else {
            self.unknown_item(
                entry,
                track_id,
                decls.tracks.iter().map(|t| &t.id).collect(),
                "track",
            );
            return None;
        };
        let steps = decls.tracks.get(ti).map(|t| steps_of(t)).unwrap_or_default();
        let step_id = entry.ids.get(1)?;
        let Some(si) = steps.iter().position(|s| s.id.name == step_id.name) else {
            let noun = if entry.kind == K::Question {
                "question"
            } else {
                "step"
            };
            self.unknown_item(entry, step_id, steps.iter().map(|s| &s.id).collect(), noun);
            return None;
        };
        Some((ti, si, *steps.get(si)?))
    }

    /// What a line naming a step translates: its text (`step`, `question`), or a part
    /// of it; reported when the step has no such part.
    fn step_target(
        &mut self,
        entry: &ast::TranslationEntry,
        ti: usize,
        si: usize,
        step: &ast::StepDecl,
    ) -> Option<Target> {
        let track = entry.ids.first().map_or("", |i| i.name.as_str());
        let path = format!("{track}.{}", step.id.name);
        let question = step.kind == ast::StepKind::Question;
        let third = entry.ids.get(2);
        let part = match (entry.kind, third) {
            (K::Step, _) if question => {
                return self.nothing_to_translate(
                    entry.keyword,
                    format!("`{path}` is a question, not a step"),
                    format!("write `question {path} \"…\"` to translate the question's text"),
                );
            }
            (K::Question, _) if !question => {
                return self.nothing_to_translate(
                    entry.keyword,
                    format!("`{path}` is a step, not a question"),
                    format!("write `step {path} \"…\"` to translate the step's text"),
                );
            }
            (K::Step | K::Question, _) => return Some(Target::Step(ti, si)),
            (K::Condition, _) => {
                if step
                    .fields
                    .iter()
                    .any(|f| matches!(f, ast::StepField::Condition(_)))
                {
                    return Some(Target::Step(ti, si));
                }
                return self.nothing_to_translate(
                    entry.keyword,
                    format!("step `{path}` has no `condition` to translate"),
                    "delete this line; to translate the step's text, write `step` instead of `condition`"
                        .to_string(),
                );
            }
            (K::Role, _) => Part::Role,
            (K::End, None) => Part::End,
            (K::End, Some(a)) if a.name == "yes" => Part::YesEnd,
            (K::End, Some(a)) if a.name == "no" => Part::NoEnd,
            (K::End, Some(a)) => {
                return self.nothing_to_translate(
                    a.span,
                    format!("`{}` is not an answer to question `{path}`", a.name),
                    format!("write `end {path}.yes` or `end {path}.no` for the outcome of that answer's `end` route"),
                );
            }
            (K::Deadline, None) => Part::Deadline,
            (K::Deadline, Some(n)) => match n.name.parse::<usize>() {
                Ok(i) if i >= 1 => Part::DeadlineWhen(i - 1),
                _ => {
                    return self.nothing_to_translate(
                        n.span,
                        format!("`{}` is not the number of a deadline", n.name),
                        format!(
                            "write `deadline {path}.1` for the step's first deadline with `when`, `.2` for the second …"
                        ),
                    );
                }
            },
            _ => return None,
        };
        if part.text(step).is_some() {
            return Some(Target::Part(ti, si, part));
        }
        let (what, help) = match part {
            Part::Role => (
                "`role`".to_string(),
                format!("delete this line, or give `{path}` a `role` first"),
            ),
            Part::Deadline => (
                "deadline without `when`".to_string(),
                match deadlines_when(step).len() {
                    0 => format!("delete this line, or give `{path}` a `deadline` first"),
                    _ => format!("a deadline with `when` is named by its number: `deadline {path}.1`"),
                },
            ),
            Part::DeadlineWhen(i) => (
                format!("deadline number {} with `when`", i + 1),
                match deadlines_when(step).len() {
                    0 => format!("the step's deadline has no `when`: write `deadline {path}`"),
                    n => format!("its deadlines with `when` are numbered 1 to {n}, in the order written"),
                },
            ),
            Part::End if question => (
                "`end` of its own".to_string(),
                format!("a route's outcome is named by its answer: `end {path}.yes` or `end {path}.no`"),
            ),
            Part::End => (
                "`end`".to_string(),
                format!("delete this line, or give `{path}` an `end` first"),
            ),
            Part::YesEnd | Part::NoEnd => (
                format!(
                    "`end` route for `{}`",
                    if part == Part::YesEnd { "yes" } else { "no" }
                ),
                "only an answer whose route is `end \"…\"` has an outcome to translate".to_string(),
            ),
        };
        let noun = if question { "question" } else { "step" };
        self.nothing_to_translate(
            entry.keyword,
            format!("{noun} `{path}` has no {what} to translate"),
            help,
        )
    }

    /// Reports a translation line naming a part the item does not have.
    fn nothing_to_translate(&mut self, at: Span, message: String, help: String) -> Option<Target> {
        self.report(
            Diagnostic::error(Code::UnknownTranslated, message)
                .at(at, "nothing to translate")
                .help(help),
        );
        None
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
            (K::Level, Some(group)) if group.name != id.name => format!("criteria group `{}`", group.name),
            (K::Step | K::Condition | K::Question | K::Role | K::End | K::Deadline, Some(track))
                if track.name != id.name =>
            {
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
        for c in &decls.criteria {
            all.extend(
                levels_of(c)
                    .iter()
                    .map(|l| format!("level {}.{}", c.id.name, l.id.name)),
            );
        }
        all.extend(factors.iter().map(|f| format!("factor {}", f.id.name)));
        all.extend(decls.inputs.iter().map(|d| format!("input {}", d.id.name)));
        for t in &decls.tracks {
            all.push(format!("track {}", t.id.name));
            all.extend((1..=rules_of(t).len()).map(|n| format!("rule {}.{n}", t.id.name)));
            for s in steps_of(t) {
                all.extend(step_keys(&t.id.name, s));
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
