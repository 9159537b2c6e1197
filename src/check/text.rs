//! Text with its `{contact.field}` placeholders filled in from the contacts, and the
//! contacts a text involves; references to contacts resolved.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{self, *};
use crate::resolve::Kind;
use crate::suggest;
use crate::syntax::ast::{self, Ident, Segment};

impl Checker {
    /// Text with its placeholders filled in.
    pub(super) fn plain(&mut self, text: &ast::Text) -> String {
        self.link(text, &[]).text
    }

    /// Text with its placeholders filled in, and the contacts it involves
    /// (those it names first, then `extra`).
    pub(super) fn link(&mut self, text: &ast::Text, extra: &[&Ident]) -> LinkedText {
        self.not_empty(text);
        let mut parts = Vec::new();
        let mut contacts: Vec<ContactIdx> = Vec::new();
        for segment in &text.segments {
            match segment {
                Segment::Literal(s) => parts.push(TextPart::Literal(s.clone())),
                Segment::Placeholder { contact, field } => {
                    if let Some((idx, value)) = self.placeholder(contact, field) {
                        // A name inside a sentence reads as the sentence goes on: "Tell
                        // the student's parent or guardian", not "Tell The student's …".
                        let value = if field.name == "name"
                            && mid_sentence_after(&parts)
                            && opens_with_article(&value)
                        {
                            crate::sentence::name_mid_sentence(&value, &self.proper_nouns)
                        } else {
                            value
                        };
                        parts.push(TextPart::Field {
                            contact: idx,
                            field: field.name.clone(),
                            value,
                        });
                        if !contacts.contains(&idx) {
                            contacts.push(idx);
                        }
                    }
                }
            }
        }
        for ident in extra {
            if let Some(idx) = self.contact_ref(ident) {
                if !contacts.contains(&idx) {
                    contacts.push(idx);
                }
            }
        }
        LinkedText {
            text: parts.iter().map(TextPart::value).collect(),
            template: text.template(),
            parts,
            contacts,
        }
    }

    pub(super) fn contact_ref(&mut self, ident: &Ident) -> Option<ContactIdx> {
        match self
            .names
            .lookup(ident, &[Kind::Contact], "a contact reference takes")
        {
            Ok(symbol) => {
                self.used.insert(ident.name.clone());
                Some(ContactIdx(symbol.index))
            }
            Err(d) => {
                self.report(d);
                None
            }
        }
    }

    /// Resolves `{contact.field}` to the contact and the field's value.
    pub(super) fn placeholder(&mut self, contact: &Ident, field: &Ident) -> Option<(ContactIdx, String)> {
        let idx = self.contact_ref(contact)?;
        let entry = self.contacts.get(idx.0)?;
        if !model::CONTACT_FIELDS.contains(&field.name.as_str()) {
            let mut d = Diagnostic::error(
                Code::UnknownContactField,
                format!("contacts have no field `{}`", field.name),
            )
            .at(field.span, "not a contact field");
            d = match suggest::closest(&field.name, model::CONTACT_FIELDS.iter().copied()) {
                Some(best) => d.help(format!("did you mean `{{{}.{best}}}`?", contact.name)),
                None => d.help(format!(
                    "a placeholder can name {}",
                    crate::syntax::or_list(
                        &model::CONTACT_FIELDS
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                    )
                )),
            };
            self.report(d);
            return None;
        }
        match entry.field(&field.name) {
            Some(value) => Some((idx, value.to_string())),
            // A base's parameter: each variant fills this in (and is checked for it).
            None if entry.parameter.is_some() => Some((idx, format!("{{{}.{}}}", contact.name, field.name))),
            None => {
                let declared = self.names.get(&contact.name).map(|s| s.span);
                let mut d = Diagnostic::error(
                    Code::UnknownContactField,
                    format!("contact `{}` has no `{}`", contact.name, field.name),
                )
                .at(
                    field.span,
                    format!("`{}` has no `{}` to fill in here", contact.name, field.name),
                );
                if let Some(span) = declared {
                    d = d.also(span, "contact declared here");
                }
                self.report(d.help(format!(
                    "add `{} \"…\"` to contact `{}`, or use a field it has",
                    field.name, contact.name
                )));
                None
            }
        }
    }
}

/// Whether a contact's name opens with a word that is never a name ("The student's
/// parent or guardian", "Their social worker"): only such a name is lowered inside a
/// sentence, as a name that opens with a name of its own ("Fernhollow designated
/// safeguarding lead") must keep its capital, declared or not.
fn opens_with_article(name: &str) -> bool {
    const ARTICLES: [&str; 22] = [
        "the", "a", "an", "their", "his", "her", "its", "your", "our", "my", "this", "that", "any", "each",
        "el", "la", "los", "las", "un", "una", "su", "sus",
    ];
    let first = name.split_whitespace().next().unwrap_or_default().to_lowercase();
    ARTICLES.contains(&first.as_str())
}

/// Whether text that follows `parts` is inside a sentence: something comes before it,
/// and that does not end a sentence or a label (".", "!", "?", ":").
fn mid_sentence_after(parts: &[TextPart]) -> bool {
    let before: String = parts.iter().map(TextPart::value).collect();
    let before = before.trim_end();
    !before.is_empty() && !before.ends_with(['.', '!', '?', ':', '\n'])
}

impl Checker {
    /// Text in quotes with nothing in it would print as nothing (an empty step, a
    /// label of ":"): P0138, once per text however often it is read.
    fn not_empty(&mut self, text: &ast::Text) {
        let empty = text.segments.iter().all(|s| match s {
            Segment::Literal(s) => s.trim().is_empty(),
            Segment::Placeholder { .. } => false,
        });
        if !empty || self.empty_texts.contains(&text.span) {
            return;
        }
        self.empty_texts.push(text.span);
        self.report(
            Diagnostic::error(Code::EmptyText, "this text in quotes is empty")
                .at(text.span, "nothing between the quotes")
                .help("write the words between the quotes, or delete the line if it is not needed"),
        );
    }
}
