//! `protocol`, `legal` and `definition` declarations: what a protocol is, its
//! metadata and its legal basis.

use super::{children, Converter, Result};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;
use pest::iterators::Pair;

impl Converter<'_> {
    /// `protocol ID [extends "path"] { … }`
    pub(super) fn protocol_decl(&mut self, pair: Pair<'_, Rule>) -> Result<ProtocolDecl> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let mut extends = None;
        let mut fields = Vec::new();
        for f in it {
            if f.as_rule() == Rule::extends_clause {
                let clause = f.clone();
                let path = self.next(&clause, &mut children(f))?;
                extends = Some(self.text(path));
            } else if let Ok(field) = self.protocol_field(f) {
                fields.push(field);
            }
        }
        Ok(ProtocolDecl {
            keyword,
            id,
            extends,
            fields,
        })
    }

    /// `legal { … }`
    pub(super) fn legal_decl(&mut self, pair: Pair<'_, Rule>) -> LegalDecl {
        let keyword = self.keyword_span(&pair);
        let fields = children(pair).filter_map(|f| self.legal_field(f).ok()).collect();
        LegalDecl { keyword, fields }
    }

    /// `definition ID "term" "text"`
    pub(super) fn definition_decl(&mut self, pair: Pair<'_, Rule>) -> Result<DefinitionDecl> {
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let term = self.next_text(&outer, &mut it)?;
        let text = self.next_text(&outer, &mut it)?;
        Ok(DefinitionDecl { id, term, text })
    }

    fn protocol_field(&mut self, pair: Pair<'_, Rule>) -> Result<ProtocolField> {
        Ok(match pair.as_rule() {
            Rule::title_field => ProtocolField::Title(self.text_field(pair)?),
            Rule::jurisdiction_field => ProtocolField::Jurisdiction(self.text_field(pair)?),
            Rule::audience_field => ProtocolField::Audience(self.text_field(pair)?),
            Rule::version_field => ProtocolField::Version(self.text_field(pair)?),
            Rule::summary_field => ProtocolField::Summary(self.text_field(pair)?),
            Rule::base_field => ProtocolField::Base(self.text_field(pair)?),
            Rule::effective_field => ProtocolField::Effective(self.date_field(pair)?),
            Rule::approved_field => ProtocolField::Approved(self.date_field(pair)?),
            Rule::approved_by_field => ProtocolField::ApprovedBy(self.text_field(pair)?),
            Rule::subject_field => ProtocolField::Subject(self.text_field(pair)?),
            Rule::proper_nouns_field => {
                let keyword = self.keyword_span(&pair);
                let value = children(pair).map(|p| self.text(p)).collect();
                ProtocolField::ProperNouns(Field { keyword, value })
            }
            Rule::written_field => ProtocolField::Written(self.date_field(pair)?),
            Rule::reviewed_field => ProtocolField::Reviewed(self.date_field(pair)?),
            Rule::next_review_field => ProtocolField::NextReview(self.date_field(pair)?),
            Rule::status_field => ProtocolField::Status(self.ident_field(pair)?),
            Rule::language_field => ProtocolField::Language(self.ident_field(pair)?),
            Rule::revision_field => {
                let keyword = self.keyword_span(&pair);
                let outer = pair.clone();
                let mut it = children(pair);
                let date = self.next(&outer, &mut it)?;
                let date = Spanned {
                    value: date.as_str().to_string(),
                    span: self.span(&date),
                };
                let text = self.next_text(&outer, &mut it)?;
                ProtocolField::Revision(Field {
                    keyword,
                    value: Revision { date, text },
                })
            }
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    fn legal_field(&mut self, pair: Pair<'_, Rule>) -> Result<LegalField> {
        Ok(match pair.as_rule() {
            Rule::statement_field => LegalField::Statement(self.text_field(pair)?),
            Rule::law_field => {
                let keyword = self.keyword_span(&pair);
                let outer = pair.clone();
                let mut it = children(pair);
                let code = self.next_text(&outer, &mut it)?;
                let sections = it.map(|p| self.text(p)).collect();
                LegalField::Law(Field {
                    keyword,
                    value: LawCitation { code, sections },
                })
            }
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }
}
