//! Who staff call and what they read: contacts and their other numbers, text
//! that fills in contacts' fields (`{contact.field}`), and resources.

use super::{ContactIdx, Located};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub note: Option<String>,
    /// In a base: what a variant must supply for this contact (`parameter "…"`).
    pub parameter: Option<String>,
    /// When the contact's details were last checked, and are next due (`YYYY-MM-DD`).
    pub reviewed: Option<String>,
    pub next_review: Option<String>,
    /// Where `next_review` was written.
    pub next_review_at: Located,
    /// When the contact can be reached, e.g. "24 hours a day".
    pub hours: Option<String>,
    /// Other numbers, each with what it is for.
    pub numbers: Vec<Number>,
    /// Contacts this one is called instead of, and when.
    pub instead_of: Vec<(ContactIdx, String)>,
}

/// Another number of a contact: "Out of state", "TDD", "Fax" …
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    pub label: String,
    pub phone: String,
    pub hours: Option<String>,
}

/// The contact fields a `{contact.field}` placeholder can name.
pub const CONTACT_FIELDS: &[&str] = &["name", "phone", "email", "website"];

impl Contact {
    /// The value of a placeholder field, if the contact has it.
    pub fn field(&self, field: &str) -> Option<&str> {
        match field {
            "name" => Some(&self.name),
            "phone" => self.phone.as_deref(),
            "email" => self.email.as_deref(),
            "website" => self.website.as_deref(),
            _ => None,
        }
    }
}

/// Text that may name contact fields: the text with the fields filled in, the
/// template as written, and the contacts it involves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedText {
    /// With every `{contact.field}` replaced by its value.
    pub text: String,
    /// As written, placeholders kept (literal braces escaped as `\{` and `\}`).
    pub template: String,
    /// The text in pieces: literal text and filled-in contact fields, so an
    /// emitter can link a website or set a phone number in bold.
    pub parts: Vec<TextPart>,
    /// Contacts named in the text or listed with it, in first-mention order.
    pub contacts: Vec<ContactIdx>,
}

impl LinkedText {
    /// Puts the name `renamed` gives a contact (its name in another language) in
    /// place of each of its `{contact.name}` fields, and writes the text again.
    pub(crate) fn rename_contacts<'n>(&mut self, renamed: impl Fn(ContactIdx) -> Option<&'n str>) {
        for part in &mut self.parts {
            if let TextPart::Field {
                contact,
                field,
                value,
            } = part
            {
                if let Some(name) = renamed(*contact).filter(|_| field == "name") {
                    name.clone_into(value);
                }
            }
        }
        self.text = self.parts.iter().map(TextPart::value).collect();
    }
}

/// A piece of [`LinkedText`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextPart {
    Literal(String),
    /// A contact's field, filled in: `field` is one of [`CONTACT_FIELDS`].
    Field {
        contact: ContactIdx,
        field: String,
        value: String,
    },
}

impl TextPart {
    /// The text this part shows.
    pub fn value(&self) -> &str {
        match self {
            TextPart::Literal(s) => s,
            TextPart::Field { value, .. } => value,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    pub id: String,
    pub text: LinkedText,
    pub url: Option<String>,
    pub note: Option<String>,
}

impl super::Model {
    /// The protocol's main contact, whose phone the flowchart prints large: the
    /// contact whose phone the first resource names (`{cps.phone}`), else the first
    /// step that names a phone, else the first contact with a phone. With that phone.
    pub fn main_contact(&self) -> Option<(ContactIdx, String)> {
        let from_parts = |parts: &[TextPart]| {
            parts.iter().find_map(|p| match p {
                TextPart::Field {
                    contact,
                    field,
                    value,
                } if field == "phone" => Some((*contact, value.clone())),
                _ => None,
            })
        };
        self.resources
            .iter()
            .find_map(|r| from_parts(&r.text.parts))
            .or_else(|| {
                self.tracks
                    .iter()
                    .flat_map(|t| t.steps.iter())
                    .find_map(|s| from_parts(&s.text.parts))
            })
            .or_else(|| {
                self.contacts
                    .iter()
                    .enumerate()
                    .find_map(|(i, c)| c.phone.as_ref().map(|p| (ContactIdx(i), p.clone())))
            })
    }
}
