//! `contact`, `resource` and `source_document` declarations: who to call, what to hand out, and the documents a protocol is written from.

use super::{children, Converter, Result};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;
use pest::iterators::Pair;

impl Converter<'_> {
    /// `contact ID { … }`
    pub(super) fn contact_decl(&mut self, pair: Pair<'_, Rule>) -> Result<ContactDecl> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let fields = it.filter_map(|f| self.contact_field(f).ok()).collect();
        Ok(ContactDecl { keyword, id, fields })
    }

    /// `resource ID "text" { … }`
    pub(super) fn resource_decl(&mut self, pair: Pair<'_, Rule>) -> Result<ResourceDecl> {
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let text = self.next_text(&outer, &mut it)?;
        let fields = it.filter_map(|f| self.resource_field(f).ok()).collect();
        Ok(ResourceDecl { id, text, fields })
    }

    /// `source_document "Title" { … }`
    pub(super) fn source_document_decl(&mut self, pair: Pair<'_, Rule>) -> Result<SourceDocumentDecl> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let title = self.next_text(&outer, &mut it)?;
        let fields = it.filter_map(|f| self.source_document_field(f).ok()).collect();
        Ok(SourceDocumentDecl {
            keyword,
            title,
            fields,
        })
    }

    fn source_document_field(&mut self, pair: Pair<'_, Rule>) -> Result<SourceDocumentField> {
        Ok(match pair.as_rule() {
            Rule::publisher_field => SourceDocumentField::Publisher(self.text_field(pair)?),
            Rule::url_field => SourceDocumentField::Url(self.text_field(pair)?),
            Rule::document_date_field => SourceDocumentField::Date(self.date_field(pair)?),
            Rule::version_field => SourceDocumentField::Version(self.text_field(pair)?),
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    fn contact_field(&mut self, pair: Pair<'_, Rule>) -> Result<ContactField> {
        Ok(match pair.as_rule() {
            Rule::name_field => ContactField::Name(self.text_field(pair)?),
            Rule::phone_field => ContactField::Phone(self.text_field(pair)?),
            Rule::email_field => ContactField::Email(self.text_field(pair)?),
            Rule::website_field => ContactField::Website(self.text_field(pair)?),
            Rule::note_field => ContactField::Note(self.text_field(pair)?),
            Rule::parameter_field => ContactField::Parameter(self.text_field(pair)?),
            Rule::reviewed_field => ContactField::Reviewed(self.date_field(pair)?),
            Rule::next_review_field => ContactField::NextReview(self.date_field(pair)?),
            Rule::hours_field => ContactField::Hours(self.text_field(pair)?),
            Rule::number_field => {
                let keyword = self.keyword_span(&pair);
                let mut texts: Vec<Text> = children(pair).map(|p| self.text(p)).collect();
                let hours = if texts.len() > 2 { texts.pop() } else { None };
                let phone = texts.pop().ok_or(())?;
                let label = texts.pop().ok_or(())?;
                ContactField::Number(Field {
                    keyword,
                    value: NumberDecl { label, phone, hours },
                })
            }
            Rule::instead_of_field => {
                let keyword = self.keyword_span(&pair);
                let outer = pair.clone();
                let mut it = children(pair);
                let contact = self.next_ident(&outer, &mut it)?;
                let when = self.next_text(&outer, &mut it)?;
                ContactField::InsteadOf(Field {
                    keyword,
                    value: InsteadOf { contact, when },
                })
            }
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    fn resource_field(&mut self, pair: Pair<'_, Rule>) -> Result<ResourceField> {
        Ok(match pair.as_rule() {
            Rule::url_field => ResourceField::Url(self.text_field(pair)?),
            Rule::note_field => ResourceField::Note(self.text_field(pair)?),
            Rule::contact_ref => ResourceField::Contact(self.ident_field(pair)?),
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }
}
