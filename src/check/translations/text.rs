//! A translated text's placeholders: each must name a contact the original text
//! involves (P0145); then they are filled in as in the original.

use super::named_contacts;
use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::LinkedText;
use crate::syntax::ast::{self, Ident, Segment};

impl Checker {
    /// A translated text with its placeholders filled in, when each names a contact
    /// in `original` (the contacts the original text involves). `what` says whose
    /// contacts those are, for the message.
    pub(super) fn translated_text(
        &mut self,
        text: &ast::Text,
        original: &[String],
        what: &str,
    ) -> Option<LinkedText> {
        self.translated_linked_as(text, original, &[], what)
    }

    /// A translated step or resource text: its placeholders checked against the
    /// contacts the original involves (those its text names and `extra`, its
    /// `contact` lines), which the translation involves too.
    pub(super) fn translated_linked(
        &mut self,
        text: &ast::Text,
        original: &ast::Text,
        extra: &[&Ident],
    ) -> Option<LinkedText> {
        let mut names = named_contacts(original);
        names.extend(extra.iter().map(|i| i.name.clone()));
        self.translated_linked_as(text, &names, extra, "the original")
    }

    pub(super) fn translated_linked_as(
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
        ok.then(|| {
            let mut linked = self.link(text, extra);
            let names = &self.translated_names;
            linked.rename_contacts(|c| names.get(c.0).and_then(Option::as_deref));
            linked
        })
    }
}
