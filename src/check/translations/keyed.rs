//! The protocol's texts that a translation line names by key alone (document
//! control, the legal basis, source documents, contacts' own fields, resources'
//! notes, groups' sources, approvals, and a step's reason, backups, form and
//! handoff): each listed once from the syntax tree, with its key, for the lines
//! that translate them, for what a translation leaves out, and for the view.

use super::steps_of;
use super::target::Target;
use crate::check::{Checker, Declarations};
use crate::syntax::ast::{self, keyword, Ident, TranslationKind as K};

/// One translatable text: its kind, its key (`law 1`, `name cps`,
/// `backup triage.stay.2`) and the original text.
pub(super) struct KeyedText<'d> {
    pub(super) kind: K,
    pub(super) key: String,
    pub(super) original: &'d ast::Text,
}

/// Whether a translation line of this kind names its text by key alone (the
/// kinds [`keyed_texts`] lists).
pub(super) fn is_keyed(kind: K) -> bool {
    matches!(
        kind,
        K::ApprovedBy
            | K::Revision
            | K::Statement
            | K::Law
            | K::SourceDocument
            | K::Publisher
            | K::ContactName
            | K::ContactNote
            | K::ContactHours
            | K::ContactNumber
            | K::ContactInsteadOf
            | K::ResourceNote
            | K::CriteriaSource
            | K::CriteriaApproval
            | K::TrackApproval
            | K::Required
            | K::Backup
            | K::Form
            | K::Handoff
            | K::CriteriaThreshold
            | K::StepLabel
            | K::Checklist
            | K::RoleAlternative
            | K::DeadlineFrom
            | K::LastsUntil
            | K::Choice
    )
}

/// Whether a line names the `end` outcome of a question with choices (`end
/// TRACK.QUESTION.CHOICE`), a text named by key; a yes/no question's (`end
/// TRACK.QUESTION.yes`) is a part of its step.
pub(super) fn is_choice_end(entry: &ast::TranslationEntry, decls: &Declarations<'_>) -> bool {
    let [track, question, _] = entry.ids.as_slice() else {
        return false;
    };
    entry.kind == K::End
        && decls
            .tracks
            .iter()
            .filter(|t| t.id.name == track.name)
            .flat_map(|t| steps_of(t))
            .filter(|s| s.id.name == question.name)
            .any(|s| s.fields.iter().any(|f| f.as_choice().is_some()))
}

/// How a line translating the text with this key starts, as written in a
/// translation block: the key itself (`law 1`, `step t.s`), or for a kind written
/// after its item (`name cps`) the item first: `contact cps name`, `contact cps number 2`.
pub(super) fn written_line(kind: K, key: &str) -> String {
    let Some(owner) = kind.owner() else {
        return key.to_string();
    };
    let path = key.strip_prefix(kind.keyword()).unwrap_or(key).trim_start();
    let mut names = path.split('.');
    let id = names.next().unwrap_or("");
    let rest: Vec<&str> = names.collect();
    let mut line = format!("{owner} {id} {}", kind.keyword());
    for name in rest {
        line.push(' ');
        line.push_str(name);
    }
    line
}

/// Every text of the kinds named by key alone, in the order a reader meets them:
/// the protocol's own, the legal basis, the source documents, the contacts, the
/// resources, the criteria groups and the tracks with their steps.
pub(super) fn keyed_texts<'d>(decls: &Declarations<'d>) -> Vec<KeyedText<'d>> {
    let mut out = Vec::new();
    let mut put = |kind: K, path: &str, original: &'d ast::Text| {
        out.push(KeyedText {
            kind,
            key: kind.key(path),
            original,
        });
    };
    if let Some(protocol) = decls.protocols.first() {
        if let Some(f) = protocol
            .fields
            .iter()
            .find_map(ast::ProtocolField::as_approved_by)
        {
            put(K::ApprovedBy, "", &f.value);
        }
        let revisions = protocol.fields.iter().filter_map(ast::ProtocolField::as_revision);
        for (n, r) in revisions.enumerate() {
            put(K::Revision, &(n + 1).to_string(), &r.value.text);
        }
    }
    if let Some(legal) = decls.legal.first() {
        if let Some(f) = legal.fields.iter().find_map(ast::LegalField::as_statement) {
            put(K::Statement, "", &f.value);
        }
        let laws = legal.fields.iter().filter_map(ast::LegalField::as_law);
        for (n, law) in laws.enumerate() {
            put(K::Law, &(n + 1).to_string(), &law.value.code);
        }
    }
    for (n, d) in decls.source_documents.iter().enumerate() {
        let n = (n + 1).to_string();
        put(K::SourceDocument, &n, &d.title);
        if let Some(f) = d.fields.iter().find_map(ast::SourceDocumentField::as_publisher) {
            put(K::Publisher, &n, &f.value);
        }
    }
    for c in &decls.contacts {
        let id = c.id.name.as_str();
        let first = |kind: K| {
            c.fields.iter().find_map(|f| match (kind, f) {
                (K::ContactName, ast::ContactField::Name(x))
                | (K::ContactNote, ast::ContactField::Note(x))
                | (K::ContactHours, ast::ContactField::Hours(x)) => Some(&x.value),
                _ => None,
            })
        };
        for kind in [K::ContactName, K::ContactNote, K::ContactHours] {
            if let Some(text) = first(kind) {
                put(kind, id, text);
            }
        }
        for (n, number) in c
            .fields
            .iter()
            .filter_map(ast::ContactField::as_number)
            .enumerate()
        {
            let path = format!("{id}.{}", n + 1);
            put(K::ContactNumber, &path, &number.value.label);
            if let Some(hours) = &number.value.hours {
                put(K::ContactHours, &path, hours);
            }
        }
        for other in c.fields.iter().filter_map(ast::ContactField::as_instead_of) {
            put(
                K::ContactInsteadOf,
                &format!("{id}.{}", other.value.contact.name),
                &other.value.when,
            );
        }
    }
    for r in &decls.resources {
        if let Some(f) = r.fields.iter().find_map(ast::ResourceField::as_note) {
            put(K::ResourceNote, &r.id.name, &f.value);
        }
    }
    for c in &decls.criteria {
        if let Some(f) = c.fields.iter().find_map(ast::CriteriaField::as_source) {
            put(K::CriteriaSource, &c.id.name, &f.value);
        }
        if let Some(approval) = &c.approval {
            put(K::CriteriaApproval, &c.id.name, approval);
        }
        if let Some(wording) = c
            .fields
            .iter()
            .find_map(ast::CriteriaField::as_met_when)
            .and_then(|m| m.value.wording.as_ref())
        {
            put(K::CriteriaThreshold, &c.id.name, wording);
        }
    }
    for t in &decls.tracks {
        if let Some(approval) = &t.approval {
            put(K::TrackApproval, &t.id.name, approval);
        }
        for s in steps_of(t) {
            let path = format!("{}.{}", t.id.name, s.id.name);
            let fields = || s.fields.iter();
            if let Some(f) = fields().find_map(ast::StepField::as_required) {
                put(K::Required, &path, &f.value);
            }
            if let Some(f) = fields().find_map(ast::StepField::as_backup) {
                for (n, backup) in f.value.iter().enumerate() {
                    put(K::Backup, &format!("{path}.{}", n + 1), backup);
                }
            }
            if let Some(f) = fields().find_map(ast::StepField::as_form) {
                put(K::Form, &path, &f.value.name);
            }
            if let Some(f) = fields().find_map(ast::StepField::as_handoff_document) {
                put(K::Handoff, &path, &f.value.title);
            }
            if let Some(f) = fields().find_map(ast::StepField::as_label) {
                put(K::StepLabel, &path, &f.value);
            }
            if let Some(f) = fields().find_map(ast::StepField::as_checklist) {
                for (n, item) in f.value.iter().enumerate() {
                    put(K::Checklist, &format!("{path}.{}", n + 1), item);
                }
            }
            if let Some(f) = fields().find_map(ast::StepField::as_role) {
                for (n, role) in f.value.or.iter().enumerate() {
                    put(K::RoleAlternative, &format!("{path}.{}", n + 2), role);
                }
            }
            let deadlines = fields().filter_map(ast::StepField::as_deadline);
            let (conditional, plain): (Vec<_>, Vec<_>) = deadlines.partition(|d| d.value.when.is_some());
            let numbered = conditional
                .iter()
                .enumerate()
                .map(|(n, d)| (format!("{path}.{}", n + 1), d));
            for (at, d) in plain.iter().map(|d| (path.clone(), d)).chain(numbered) {
                if let ast::DeadlineTime::Within {
                    from: Some(event), ..
                } = &d.value.time
                {
                    put(K::DeadlineFrom, &at, event);
                }
            }
            if let Some(ast::Lasting::Until(event)) =
                fields().find_map(ast::StepField::as_lasts).map(|f| &f.value)
            {
                put(K::LastsUntil, &path, event);
            }
            for choice in fields().filter_map(ast::StepField::as_choice) {
                let choice_path = format!("{path}.{}", choice.value.id.name);
                put(K::Choice, &choice_path, &choice.value.title);
                if let ast::Route::End(outcome) | ast::Route::EndTrack(outcome) = &choice.value.route {
                    put(K::End, &choice_path, outcome);
                }
            }
        }
    }
    out
}

impl Checker {
    /// The text a line of a kind named by key alone translates: found in `listed`,
    /// or reported (with what there is to translate) when the protocol has none.
    pub(super) fn keyed_target(
        &mut self,
        entry: &ast::TranslationEntry,
        decls: &Declarations<'_>,
        listed: &[KeyedText<'_>],
    ) -> Option<Target> {
        let key = entry.key();
        if listed.iter().any(|k| k.key == key) {
            return Some(Target::Keyed);
        }
        let kind = entry.kind;
        let word = kind.keyword();
        let names: Vec<&str> = entry.ids.iter().map(|i| i.name.as_str()).collect();
        // Who lacks the text, and the names after it (a number, another contact).
        let (owner, rest): (String, &[&str]) = match (kind.owner(), entry.ids.first()) {
            (Some(declared), Some(id)) => {
                let (items, noun): (Vec<&Ident>, &str) = match declared {
                    keyword::CONTACT => (decls.contacts.iter().map(|c| &c.id).collect(), "contact"),
                    keyword::RESOURCE => (decls.resources.iter().map(|r| &r.id).collect(), "resource"),
                    keyword::CRITERIA => (decls.criteria.iter().map(|c| &c.id).collect(), "criteria group"),
                    _ => (decls.tracks.iter().map(|t| &t.id).collect(), "track"),
                };
                if !items.iter().any(|i| i.name == id.name) {
                    return self.unknown_item(entry, id, items, noun);
                }
                (
                    format!("{noun} `{}`", id.name),
                    names.get(1..).unwrap_or_default(),
                )
            }
            (None, Some(track))
                if matches!(
                    kind,
                    K::Required
                        | K::Backup
                        | K::Form
                        | K::Handoff
                        | K::StepLabel
                        | K::Checklist
                        | K::RoleAlternative
                        | K::DeadlineFrom
                        | K::LastsUntil
                        | K::Choice
                        | K::End
                ) =>
            {
                let (_, _, step) = self.step_of(entry, decls, track)?;
                let noun = match step.kind {
                    ast::StepKind::Question => "question",
                    ast::StepKind::Step => "step",
                };
                (
                    format!("{noun} `{}.{}`", track.name, step.id.name),
                    names.get(2..).unwrap_or_default(),
                )
            }
            _ => ("the protocol".to_string(), &names[..]),
        };
        let what = match rest {
            [] => format!("`{word}`"),
            more => format!("`{word}` {}", more.join(".")),
        };
        // A numbered text (`law 3`, `number cps.3`): the ones of its kind the item has.
        let numbered = !rest.is_empty();
        let stem = kind.key(
            &names
                .get(..names.len().saturating_sub(1))
                .unwrap_or_default()
                .join("."),
        );
        let before = if names.len() > 1 {
            format!("{stem}.")
        } else {
            format!("{stem} ")
        };
        let siblings: Vec<String> = listed
            .iter()
            .filter(|k| k.kind == kind && k.key.starts_with(&before))
            .map(|k| format!("`{}`", k.key))
            .collect();
        let help = match (numbered, siblings.is_empty()) {
            (false, _) if kind == K::Backup => {
                format!("a backup is named by its position in the step's `backup` line: `{word} {}.1` for the first", names.join("."))
            }
            (true, false) => format!("{owner} has {} to translate", siblings.join(", ")),
            (true, true) => format!("delete this line: {owner} has no `{word}` to translate"),
            (false, _) if kind == K::Statement => {
                format!("delete this line, or add a `{word}` to the `legal` block first")
            }
            (false, _) if owner == "the protocol" => {
                format!("delete this line, or add a `{word}` to the protocol first")
            }
            (false, _) => format!("delete this line, or give {owner} a `{word}` first"),
        };
        self.nothing_to_translate(entry.keyword, format!("{owner} has no {what} to translate"), help)
    }
}
