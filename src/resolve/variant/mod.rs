//! County variants: a variant's declarations merged onto its base's, giving one
//! syntax tree the checker reads like any protocol.
//!
//! Every merged item keeps the spans of the file it came from, so a diagnostic
//! about a base item points into the base and one about an override points into
//! the variant. What a variant may do: set metadata; supply or change a contact's
//! fields (supplying a base's `parameter`); replace a definition, signal or
//! resource, or add new ones; replace a step's text or fields, insert a step
//! before or after a named one, remove a step (`change track`); change a
//! threshold or add a factor (`change criteria`, with a warning); add to or
//! replace lines of a base's `translation` (a reworded item loses the base's
//! translation of its old words). A step the base marks `required` may not be
//! removed or reworded.

mod criteria;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::*;
use std::collections::BTreeMap;

/// The path of the base named by `extends`, relative to the variant's own path,
/// with `.` and `..` resolved and `/` separators (so it is the same on every machine).
pub(crate) fn base_path(variant: &str, extends: &str) -> String {
    let variant = variant.replace('\\', "/");
    let dir = variant.rsplit_once('/').map_or("", |(dir, _)| dir);
    let joined = if extends.starts_with('/') || dir.is_empty() {
        extends.to_string()
    } else {
        format!("{dir}/{extends}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "." | "" if !parts.is_empty() => {}
            ".." if parts.last().is_some_and(|p| *p != ".." && !p.is_empty()) => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// Merges `variant` onto `base`. The result has no `extends` and no `change`.
pub(crate) fn merge(base: File, variant: File) -> (File, Vec<Diagnostic>) {
    let mut merger = Merger {
        declarations: base.declarations,
        diagnostics: Vec::new(),
        overridden: BTreeMap::new(),
        approved: false,
    };
    for declaration in variant.declarations {
        merger.apply(declaration);
    }
    (
        File {
            declarations: merger.declarations,
        },
        merger.diagnostics,
    )
}

struct Merger {
    declarations: Vec<Declaration>,
    diagnostics: Vec<Diagnostic>,
    /// What this variant has already changed (e.g. `step suspected.report`), and where.
    overridden: BTreeMap<String, Span>,
    /// Whether the `change` block being applied records its approval (`approval "…"`).
    approved: bool,
}

/// The id a declaration is known by, if it has one.
fn declared_id(declaration: &Declaration) -> Option<&Ident> {
    match declaration {
        Declaration::Definition(d) => Some(&d.id),
        Declaration::Contact(c) => Some(&c.id),
        Declaration::Resource(r) => Some(&r.id),
        Declaration::Signal(s) => Some(&s.id),
        Declaration::Input(i) => Some(&i.id),
        Declaration::Criteria(c) => Some(&c.id),
        Declaration::Track(t) => Some(&t.id),
        // Scenarios are named among themselves; see `Merger::scenario`.
        Declaration::Protocol(_)
        | Declaration::Legal(_)
        | Declaration::SourceDocument(_)
        | Declaration::Change(_)
        | Declaration::Scenario(_)
        | Declaration::Translation(_) => None,
    }
}

/// A field's kind, so a variant's field replaces the base's field of the same kind.
fn same_kind<T>(a: &T, b: &T) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// `base` with each of `changes` replacing the base's fields of its kind.
fn replace_fields<T>(base: &mut Vec<T>, changes: Vec<T>) {
    base.retain(|field| !changes.iter().any(|c| same_kind(c, field)));
    base.extend(changes);
}

impl Merger {
    fn report(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// A departure from the base (P0302): warned about, unless the `change` block
    /// records its approval, which the outputs then show instead.
    fn departs(&mut self, message: String, span: Span, label: &str) {
        if self.approved {
            return;
        }
        self.report(
            Diagnostic::warning(Code::DepartsFromBase, message)
                .at(span, label)
                .help("make sure your county has approved this change, and record it with `approval \"…\"`"),
        );
    }

    /// Records that `key` is changed at `span`; reports a second change of it.
    fn first_change(&mut self, key: String, what: &str, span: Span) -> bool {
        if let Some(first) = self.overridden.get(&key) {
            let first = *first;
            self.report(
                Diagnostic::error(
                    Code::DuplicateOverride,
                    format!("this variant changes {what} twice"),
                )
                .at(span, "a second change")
                .also(first, "first changed here")
                .help("keep one change and delete the other"),
            );
            return false;
        }
        self.overridden.insert(key, span);
        true
    }

    fn position_of(&self, id: &str) -> Option<usize> {
        self.declarations
            .iter()
            .position(|d| declared_id(d).is_some_and(|i| i.name == id))
    }

    fn apply(&mut self, declaration: Declaration) {
        match declaration {
            Declaration::Protocol(p) => self.protocol(p),
            Declaration::Legal(legal) => {
                let at = legal.keyword;
                if self.first_change("legal".into(), "the legal basis", at) {
                    // The base's translations of its statement and laws' names (`law 1` …).
                    self.drop_base_translations(&TranslationKind::Statement.key(""), at);
                    self.drop_base_translations_where(&|k| k.starts_with(&format!("{} ", keyword::LAW)), at);
                    match self
                        .declarations
                        .iter()
                        .position(|d| matches!(d, Declaration::Legal(_)))
                    {
                        Some(i) => {
                            if let Some(slot) = self.declarations.get_mut(i) {
                                *slot = Declaration::Legal(legal);
                            }
                        }
                        None => self.declarations.push(Declaration::Legal(legal)),
                    }
                }
            }
            Declaration::Contact(contact) => self.contact(contact),
            Declaration::Change(change) => self.change(change),
            Declaration::Scenario(scenario) => self.scenario(scenario),
            Declaration::Translation(translation) => self.translation(translation),
            other => self.replace_or_add(other),
        }
    }

    /// The variant's metadata fields replace the base's; its name replaces the base's.
    fn protocol(&mut self, variant: ProtocolDecl) {
        let Some(base) = self.declarations.iter_mut().find_map(|d| match d {
            Declaration::Protocol(p) => Some(p),
            _ => None,
        }) else {
            self.declarations.insert(
                0,
                Declaration::Protocol(ProtocolDecl {
                    extends: None,
                    ..variant
                }),
            );
            return;
        };
        base.id = variant.id;
        base.keyword = variant.keyword;
        let reworded: Vec<(&str, Span)> = variant
            .fields
            .iter()
            .filter_map(|f| match f {
                ProtocolField::Title(x) => Some((keyword::TITLE, x.keyword)),
                ProtocolField::Summary(x) => Some((keyword::SUMMARY, x.keyword)),
                ProtocolField::Audience(x) => Some((keyword::AUDIENCE, x.keyword)),
                ProtocolField::Jurisdiction(x) => Some((keyword::JURISDICTION, x.keyword)),
                _ => None,
            })
            .collect();
        base.extends = None;
        // A variant is complete unless it says it is a base itself.
        base.fields.retain(|f| !matches!(f, ProtocolField::Base(_)));
        replace_fields(&mut base.fields, variant.fields);
        for (key, at) in reworded {
            self.drop_base_translations(key, at);
        }
    }

    /// Supplies a base's contact (its fields replace the base's, and it is no longer
    /// a parameter) or adds a new one.
    fn contact(&mut self, variant: ContactDecl) {
        let key = format!("contact {}", variant.id.name);
        let Some(i) = self.position_of(&variant.id.name) else {
            self.declarations.push(Declaration::Contact(variant));
            return;
        };
        if !self.first_change(key, &format!("contact `{}`", variant.id.name), variant.id.span) {
            return;
        }
        match self.declarations.get_mut(i) {
            Some(Declaration::Contact(base)) => {
                base.fields.retain(|f| !matches!(f, ContactField::Parameter(_)));
                let id = variant.id.name.clone();
                let reworded: Vec<(TranslationKind, Span)> = variant
                    .fields
                    .iter()
                    .filter_map(|f| match f {
                        ContactField::Name(x) => Some((TranslationKind::ContactName, x.keyword)),
                        ContactField::Note(x) => Some((TranslationKind::ContactNote, x.keyword)),
                        ContactField::Hours(x) => Some((TranslationKind::ContactHours, x.keyword)),
                        ContactField::Number(x) => Some((TranslationKind::ContactNumber, x.keyword)),
                        ContactField::InsteadOf(x) => Some((TranslationKind::ContactInsteadOf, x.keyword)),
                        _ => None,
                    })
                    .collect();
                replace_fields(&mut base.fields, variant.fields);
                for (kind, at) in reworded {
                    // The base's translation of its old words: `note cps`, `number cps.1` …
                    self.drop_base_translations_under(kind, &id, at);
                    if kind == TranslationKind::ContactNumber {
                        self.drop_base_translations_where(
                            &|k| k.starts_with(&format!("{} {id}.", keyword::HOURS)),
                            at,
                        );
                    }
                }
            }
            Some(other) => {
                let span = declared_id(other).map(|i| i.span).unwrap_or_default();
                self.report(
                    Diagnostic::error(
                        Code::DuplicateName,
                        format!(
                            "the base already uses the name `{}` for something else",
                            variant.id.name
                        ),
                    )
                    .at(variant.id.span, "a contact with this name")
                    .also(span, "the base's item with this name")
                    .help("give the contact another name"),
                );
            }
            None => {}
        }
    }

    /// A scenario with a base scenario's name replaces it (a county that changes a
    /// threshold restates the examples at its boundary); others are added.
    fn scenario(&mut self, scenario: ScenarioDecl) {
        let at = self
            .declarations
            .iter()
            .position(|d| matches!(d, Declaration::Scenario(s) if s.id.name == scenario.id.name));
        match at {
            Some(i) => {
                let key = format!("scenario {}", scenario.id.name);
                if self.first_change(key, &format!("scenario `{}`", scenario.id.name), scenario.id.span) {
                    if let Some(slot) = self.declarations.get_mut(i) {
                        *slot = Declaration::Scenario(scenario);
                    }
                }
            }
            None => self.declarations.push(Declaration::Scenario(scenario)),
        }
    }

    /// A translation into a language the base translates adds to the base's block:
    /// each of its lines replaces the base's line for the same item, if any. (A
    /// second block for one language in the variant stays apart, for the checker
    /// to report.)
    fn translation(&mut self, variant: TranslationDecl) {
        let lang = variant.lang.name.clone();
        let first_in_variant = self
            .overridden
            .insert(format!("translation {lang}"), variant.keyword)
            .is_none();
        let base = self
            .declarations
            .iter_mut()
            .find_map(|d| match d {
                Declaration::Translation(t) if t.lang.name == lang => Some(t),
                _ => None,
            })
            .filter(|_| first_in_variant);
        let Some(base) = base else {
            self.declarations.push(Declaration::Translation(variant));
            return;
        };
        let keys: Vec<String> = variant.entries.iter().map(TranslationEntry::key).collect();
        base.entries.retain(|e| !keys.contains(&e.key()));
        base.entries.extend(variant.entries);
        base.name = variant.name;
        base.keyword = variant.keyword;
        base.lang = variant.lang;
    }

    /// Drops the base's translations of an item the variant rewords at `at`: they
    /// translate the base's words, not the variant's, so the item counts as
    /// untranslated (P0315) until the variant translates it too.
    fn drop_base_translations(&mut self, key: &str, at: Span) {
        self.drop_base_translations_where(&|k| k == key, at);
    }

    /// Like [`Self::drop_base_translations`] for `KIND PATH` and every `KIND PATH.…`
    /// (a step's deadlines with `when`, a question's route outcomes).
    fn drop_base_translations_under(&mut self, kind: TranslationKind, path: &str, at: Span) {
        // `deadline t.s`, `deadline t.s.1`, and the events `deadline t.s from`, `deadline t.s.1 from`.
        let exact = kind.key(path);
        let (under, event) = (format!("{exact}."), format!("{exact} "));
        self.drop_base_translations_where(
            &|k| k == exact || k.starts_with(&under) || k.starts_with(&event),
            at,
        );
    }

    fn drop_base_translations_where(&mut self, dropped: &dyn Fn(&str) -> bool, at: Span) {
        for declaration in &mut self.declarations {
            if let Declaration::Translation(t) = declaration {
                t.entries
                    .retain(|e| !dropped(&e.key()) || e.keyword.file == at.file);
            }
        }
    }

    /// Definitions, signals and resources with a base item's name replace it; tracks
    /// and criteria groups must be changed with `change`; new names are added.
    fn replace_or_add(&mut self, declaration: Declaration) {
        let Some(id) = declared_id(&declaration).cloned() else {
            self.declarations.push(declaration);
            return;
        };
        let Some(i) = self.position_of(&id.name) else {
            self.declarations.push(declaration);
            return;
        };
        let base_span = self
            .declarations
            .get(i)
            .and_then(declared_id)
            .map(|b| b.span)
            .unwrap_or_default();
        let same = self
            .declarations
            .get(i)
            .is_some_and(|b| same_kind(b, &declaration));
        match &declaration {
            Declaration::Criteria(_) | Declaration::Track(_) if same => {
                let kind = if matches!(declaration, Declaration::Track(_)) {
                    "track"
                } else {
                    "criteria"
                };
                self.report(
                    Diagnostic::error(
                        Code::RedeclaredBaseItem,
                        format!("the base already has {kind} `{}`", id.name),
                    )
                    .at(id.span, "declared again here")
                    .also(base_span, "the base's declaration")
                    .help(format!(
                        "to change it, write `change {kind} {} {{ … }}`; to add a new one, give it another name",
                        id.name
                    )),
                );
            }
            _ if same => {
                if self.first_change(format!("item {}", id.name), &format!("`{}`", id.name), id.span) {
                    let kind = match &declaration {
                        Declaration::Definition(_) => TranslationKind::Definition,
                        Declaration::Signal(_) => TranslationKind::Signal,
                        _ => TranslationKind::Resource,
                    };
                    self.drop_base_translations(&kind.key(&id.name), id.span);
                    if let Some(slot) = self.declarations.get_mut(i) {
                        *slot = declaration;
                    }
                }
            }
            _ => self.report(
                Diagnostic::error(
                    Code::DuplicateName,
                    format!("the base already uses the name `{}` for something else", id.name),
                )
                .at(id.span, "declared here")
                .also(base_span, "the base's item with this name")
                .help("give it another name"),
            ),
        }
    }

    fn change(&mut self, change: ChangeDecl) {
        let approval = change.approval.map(|a| a.value);
        // Set for this block's departures only: every way out of it resets it.
        self.approved = approval.is_some();
        self.change_target(change.target, approval);
        self.approved = false;
    }

    fn change_target(&mut self, target: ChangeTarget, approval: Option<Text>) {
        let approved = approval.is_some();
        match target {
            ChangeTarget::Track { id, when, changes } => {
                let Some(i) = self.find(&id, "track", |d| matches!(d, Declaration::Track(_))) else {
                    return;
                };
                let Some(Declaration::Track(slot)) = self.declarations.get_mut(i) else {
                    return;
                };
                let mut track = std::mem::replace(
                    slot,
                    TrackDecl {
                        keyword: Span::default(),
                        id: id.clone(),
                        title: Text {
                            segments: Vec::new(),
                            span: Span::default(),
                        },
                        fields: Vec::new(),
                        approval: None,
                        county_changes: Vec::new(),
                    },
                );
                if let Some(when) = when {
                    self.track_when(&mut track, &id, when);
                }
                for step_change in changes {
                    self.step_change(&mut track, step_change);
                }
                if approved {
                    track.approval = approval;
                }
                if let Some(Declaration::Track(slot)) = self.declarations.get_mut(i) {
                    *slot = track;
                }
            }
            ChangeTarget::Criteria { id, fields, factors } => {
                let Some(i) = self.find(&id, "criteria group", |d| matches!(d, Declaration::Criteria(_)))
                else {
                    return;
                };
                for field in fields {
                    self.criteria_change(i, &id, field);
                }
                for change in factors {
                    self.factor_change(i, &id, change);
                }
                if let (Some(Declaration::Criteria(criteria)), true) =
                    (self.declarations.get_mut(i), approved)
                {
                    criteria.approval = approval;
                }
            }
        }
    }

    /// A new `when` for a base track: it replaces the base's, departing from it.
    fn track_when(&mut self, track: &mut TrackDecl, id: &Ident, when: Field<Option<Expr>>) {
        if !self.first_change(
            format!("when {}", id.name),
            &format!("when track `{}` applies", id.name),
            when.keyword,
        ) {
            return;
        }
        self.departs(
            format!(
                "this changes when track `{}` applies, departing from the base",
                id.name
            ),
            when.keyword,
            "a county trigger",
        );
        replace_fields(&mut track.fields, vec![TrackField::When(when)]);
        track.county_changes.push(CountyChange::When);
    }

    /// The base's declaration named `id` of a kind, or a diagnostic with a suggestion.
    fn find(&mut self, id: &Ident, kind: &str, is_kind: fn(&Declaration) -> bool) -> Option<usize> {
        let found = self
            .declarations
            .iter()
            .position(|d| is_kind(d) && declared_id(d).is_some_and(|i| i.name == id.name));
        if found.is_none() {
            let names: Vec<&str> = self
                .declarations
                .iter()
                .filter(|d| is_kind(d))
                .filter_map(declared_id)
                .map(|i| i.name.as_str())
                .collect();
            let d = Diagnostic::error(
                Code::UnknownOverride,
                format!("the base has no {kind} `{}`", id.name),
            )
            .at(id.span, format!("no such {kind} in the base"));
            let none = format!("the base has no {kind}s to change");
            self.report(d.help(suggest::hint(&id.name, &names, "the base's", kind, &none)));
        }
        found
    }

    fn step_change(&mut self, track: &mut TrackDecl, change: StepChange) {
        let step_at = |track: &TrackDecl, id: &str| {
            track
                .fields
                .iter()
                .position(|f| matches!(f, TrackField::Step(s) if s.id.name == id))
        };
        let (id, keyword) = match &change {
            StepChange::Replace { id, keyword, .. } | StepChange::Remove { id, keyword } => {
                (id.clone(), *keyword)
            }
            StepChange::Insert { anchor, keyword, .. } => (anchor.clone(), *keyword),
        };
        let Some(at) = step_at(track, &id.name) else {
            let steps: Vec<&str> = track
                .fields
                .iter()
                .filter_map(TrackField::as_step)
                .map(|s| s.id.name.as_str())
                .collect();
            let steps: Vec<String> = steps.into_iter().map(str::to_string).collect();
            let owner = format!("track `{}`", track.id.name);
            self.report(no_such_part(&owner, "step", &id, &steps));
            return;
        };
        let required = match track.fields.get(at) {
            Some(TrackField::Step(step)) => step
                .fields
                .iter()
                .find_map(StepField::as_required)
                .map(|r| (r.value.template(), r.keyword)),
            _ => None,
        };
        let refuse = |what: &str, (rule, span): (String, Span)| {
            Diagnostic::error(
                Code::RequiredByBase,
                format!(
                    "step `{}` is required by the base (“{rule}”), so a variant may not {what} it",
                    id.name
                ),
            )
            .at(keyword, format!("{what}s a required step"))
            .also(span, "required here")
            .help(format!(
                "a variant may supply the contacts this step names, but not change the step itself; \
                 to add to it, insert a step after it: `insert step my_step after {} \"…\"`",
                id.name
            ))
        };
        match change {
            StepChange::Remove { .. } => {
                if let Some(required) = required {
                    self.report(refuse("remove", required));
                    return;
                }
                if self.first_change(
                    format!("step {}.{}", track.id.name, id.name),
                    &format!("step `{}`", id.name),
                    keyword,
                ) {
                    if let Some(TrackField::Step(step)) = track.fields.get(at) {
                        track
                            .county_changes
                            .push(CountyChange::StepRemoved(step.text.clone()));
                    }
                    track.fields.remove(at);
                }
            }
            StepChange::Replace { text, fields, .. } => {
                let rewords = text.is_some()
                    || fields
                        .iter()
                        .any(|f| matches!(f, StepField::Condition(_) | StepField::Required(_)));
                if let (true, Some(required)) = (rewords, required) {
                    self.report(refuse("reword", required));
                    return;
                }
                if !self.first_change(
                    format!("step {}.{}", track.id.name, id.name),
                    &format!("step `{}`", id.name),
                    keyword,
                ) {
                    return;
                }
                let path = format!("{}.{}", track.id.name, id.name);
                if text.is_some() {
                    self.drop_base_translations(&TranslationKind::Step.key(&path), keyword);
                    self.drop_base_translations(&TranslationKind::Question.key(&path), keyword);
                }
                for field in &fields {
                    let kind = match field {
                        StepField::Condition(_) => TranslationKind::Condition,
                        StepField::Role(_) => TranslationKind::Role,
                        StepField::Deadline(_) => TranslationKind::Deadline,
                        StepField::Lasts(_) => TranslationKind::LastsUntil,
                        StepField::Backup(_) => TranslationKind::Backup,
                        StepField::Form(_) => TranslationKind::Form,
                        StepField::HandoffDocument(_) => TranslationKind::Handoff,
                        StepField::End(_) | StepField::EndTrack(_) | StepField::Yes(_) | StepField::No(_) => {
                            TranslationKind::End
                        }
                        _ => continue,
                    };
                    self.drop_base_translations_under(kind, &path, keyword);
                }
                if let Some(TrackField::Step(step)) = track.fields.get_mut(at) {
                    if let Some(text) = text {
                        step.text = text;
                    }
                    replace_fields(&mut step.fields, fields);
                    track
                        .county_changes
                        .push(CountyChange::StepChanged(step.text.clone()));
                }
            }
            StepChange::Insert { step, before, .. } => {
                let index = if before { at } else { at + 1 };
                track
                    .county_changes
                    .push(CountyChange::StepAdded(step.text.clone()));
                track
                    .fields
                    .insert(index.min(track.fields.len()), TrackField::Step(step));
            }
        }
    }
}

/// A change names a part its base item does not have: "track `x` has no step `y`",
/// with the closest name, or the names there are.
fn no_such_part(owner: &str, part: &str, id: &Ident, names: &[String]) -> Diagnostic {
    let d = Diagnostic::error(
        Code::UnknownOverride,
        format!("{owner} has no {part} `{}`", id.name),
    )
    .at(
        id.span,
        format!(
            "no such {part} in the base's {}",
            owner.split(' ').next().unwrap_or(owner)
        ),
    );
    match suggest::closest(&id.name, names.iter().map(String::as_str)) {
        Some(best) => d.help(format!("did you mean `{best}`?")),
        None => d.help(format!(
            "its {part}s are {}",
            names
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_paths_are_relative_to_the_variant() {
        assert_eq!(
            base_path(
                "protocols/orange-county/csec-educators.protocol",
                "../california/csec-educators.protocol"
            ),
            "protocols/california/csec-educators.protocol"
        );
        assert_eq!(base_path("a.protocol", "base.protocol"), "base.protocol");
        assert_eq!(base_path("x/y/a.protocol", "./../../b.protocol"), "b.protocol");
        assert_eq!(base_path("a.protocol", "../b.protocol"), "../b.protocol");
        assert_eq!(base_path("/abs/v/a.protocol", "../b.protocol"), "/abs/b.protocol");
    }
}
