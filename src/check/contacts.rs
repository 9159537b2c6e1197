//! Contacts and resources: their fields, phone numbers, email and web addresses,
//! a base's parameters that a variant must supply, `instead_of`; a contact's own
//! text cannot use placeholders.

use super::{email_problem, phone_problem, url_problem, Checker};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::source::Span;
use crate::syntax::ast::{self, keyword, Field, Ident, Segment};

impl Checker {
    pub(super) fn contact(&mut self, decl: &ast::ContactDecl) -> Contact {
        use ast::ContactField as F;
        let owner = format!("contact `{}`", decl.id.name);
        let fields = || decl.fields.iter();
        let name = fields().filter_map(F::as_name);
        let phone = fields().filter_map(F::as_phone);
        let email = fields().filter_map(F::as_email);
        let website = fields().filter_map(F::as_website);
        let note = fields().filter_map(F::as_note);
        let parameters = fields().filter_map(F::as_parameter);
        let parameter = self.single(parameters, keyword::PARAMETER, &owner).map(|f| {
            if !self.is_base {
                let at = self.protocol_name.unwrap_or(f.keyword);
                let message = format!(
                    "this protocol does not supply contact `{}`, which its base asks for",
                    decl.id.name
                );
                // A contact of the variant whose name is close: a misspelling of it.
                let misspelt = self
                    .names
                    .closest_in_file(&decl.id.name, crate::resolve::Kind::Contact, at.file)
                    .map(|(name, span)| (name.to_string(), span));
                let (span, label, help) = match misspelt {
                    Some((name, span)) => (
                        span,
                        format!("did you mean `{}`?", decl.id.name),
                        format!(
                            "the base asks for a contact named `{}`; rename `{name}` to `{}`",
                            decl.id.name, decl.id.name
                        ),
                    ),
                    None => (
                        at,
                        format!("`{}` is not supplied", decl.id.name),
                        format!(
                            "supply it in the variant: `contact {} {{ name \"…\" phone \"…\" }}`",
                            decl.id.name
                        ),
                    ),
                };
                let d = Diagnostic::error(Code::ParameterNotSupplied, message)
                    .at(span, label)
                    .also(f.keyword, format!("the base asks for: {}", f.value.template()))
                    .help(help);
                self.report(d);
            }
            self.contact_text(&f.value)
        });
        let name = if parameter.is_some() {
            // A base's parameter need not have a name: each variant gives one.
            self.single(name, keyword::NAME, &owner)
                .map(|f| self.contact_text(&f.value))
                .unwrap_or_else(|| format!("{{{}.name}}", decl.id.name))
        } else {
            self.required(
                name,
                keyword::NAME,
                &owner,
                decl.id.span,
                "\"County of Orange Child Protective Services\"",
            )
            .map(|f| self.contact_text(&f.value))
            .unwrap_or_default()
        };
        let phone = self.single(phone, keyword::PHONE, &owner).map(|f| {
            let value = self.contact_text(&f.value);
            self.check_phone(&value, f.value.span);
            value
        });
        let email = self.single(email, keyword::EMAIL, &owner).map(|f| {
            let value = self.contact_text(&f.value);
            if let Some(problem) = email_problem(&value) {
                self.report(
                    Diagnostic::error(
                        Code::BadUrl,
                        format!("`{value}` is not an email address: {problem}"),
                    )
                    .at(f.value.span, "not an email address")
                    .help("write an address like \"office@example.org\""),
                );
            }
            value
        });
        let website = self
            .single(website, keyword::WEBSITE, &owner)
            .map(|f| self.web_address(&f.value));
        let note = self
            .single(note, keyword::NOTE, &owner)
            .map(|f| self.contact_text(&f.value));
        let reviewed = fields().filter_map(F::as_reviewed).collect::<Vec<_>>();
        let next_review = fields().filter_map(F::as_next_review).collect::<Vec<_>>();
        let (reviewed, next_review, next_review_at) = self.review_dates(reviewed, next_review, &owner);
        let hours: Vec<&Field<ast::Text>> = decl.fields.iter().filter_map(F::as_hours).collect();
        let hours = self
            .single(hours, keyword::HOURS, &owner)
            .map(|f| self.contact_text(&f.value));
        let numbers = decl
            .fields
            .iter()
            .filter_map(F::as_number)
            .map(|n| {
                let phone = self.contact_text(&n.value.phone);
                self.check_phone(&phone, n.value.phone.span);
                Number {
                    label: self.contact_text(&n.value.label),
                    phone,
                    hours: n.value.hours.as_ref().map(|h| self.contact_text(h)),
                }
            })
            .collect();
        let instead_of = decl
            .fields
            .iter()
            .filter_map(F::as_instead_of)
            .filter_map(|i| {
                if i.value.contact.name == decl.id.name {
                    self.report(
                        Diagnostic::error(
                            Code::WrongKind,
                            format!("contact `{}` is called instead of itself", decl.id.name),
                        )
                        .at(i.value.contact.span, "its own name")
                        .help("`instead_of` names another contact, e.g. `instead_of parents \"…\"`"),
                    );
                    return None;
                }
                let idx = self.contact_ref(&i.value.contact)?;
                Some((idx, self.contact_text(&i.value.when)))
            })
            .collect();
        Contact {
            hours,
            numbers,
            instead_of,
            parameter,
            reviewed,
            next_review,
            next_review_at,
            id: decl.id.name.clone(),
            name,
            phone,
            email,
            website,
            note,
        }
    }

    /// Reports a phone number that is not one.
    pub(super) fn check_phone(&mut self, value: &str, span: Span) {
        if let Some(problem) = phone_problem(value) {
            self.report(
                Diagnostic::error(
                    Code::BadPhone,
                    format!("`{value}` is not a phone number: {problem}"),
                )
                .at(span, "not a phone number")
                .help("write a number like \"800-207-4464\" or \"+1 (714) 555-0100\""),
            );
        }
    }

    /// A web address field, checked.
    pub(super) fn web_address(&mut self, text: &ast::Text) -> String {
        let value = self.plain(text);
        if let Some(problem) = url_problem(&value) {
            let help = if !value.contains("://") && value.contains('.') {
                format!("write the whole address, e.g. \"https://{value}\"")
            } else {
                "write a whole address, e.g. \"https://www.example.org/page\"".to_string()
            };
            self.report(
                Diagnostic::error(Code::BadUrl, format!("`{value}` is not a web address: {problem}"))
                    .at(text.span, "not a web address")
                    .help(help),
            );
        }
        value
    }

    /// Text inside a contact: placeholders cannot be used there (a contact cannot be defined by another).
    pub(super) fn contact_text(&mut self, text: &ast::Text) -> String {
        for segment in &text.segments {
            if let Segment::Placeholder { contact, field } = segment {
                self.report(
                    Diagnostic::error(
                        Code::BadPlaceholder,
                        "a contact's own fields cannot use placeholders",
                    )
                    .at(contact.span.to(field.span), "placeholder inside a contact")
                    .help("write the value itself here; placeholders are for steps and other text"),
                );
            }
        }
        text.segments
            .iter()
            .filter_map(|s| match s {
                Segment::Literal(s) => Some(s.as_str()),
                Segment::Placeholder { .. } => None,
            })
            .collect()
    }

    pub(super) fn resource(&mut self, decl: &ast::ResourceDecl) -> Resource {
        use ast::ResourceField as F;
        let owner = format!("resource `{}`", decl.id.name);
        let urls: Vec<&Field<ast::Text>> = decl.fields.iter().filter_map(F::as_url).collect();
        let notes: Vec<&Field<ast::Text>> = decl.fields.iter().filter_map(F::as_note).collect();
        let contacts: Vec<&Ident> = decl
            .fields
            .iter()
            .filter_map(F::as_contact)
            .map(|f| &f.value)
            .collect();
        let url = self
            .single(urls, keyword::URL, &owner)
            .map(|f| self.web_address(&f.value));
        let note = self
            .single(notes, keyword::NOTE, &owner)
            .map(|f| self.plain(&f.value));
        Resource {
            id: decl.id.name.clone(),
            text: self.link(&decl.text, &contacts),
            url,
            note,
        }
    }
}
