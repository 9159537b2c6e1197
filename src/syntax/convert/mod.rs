//! pest's parse tree of one file → the AST: the converter, the steps every
//! declaration shares (names, text, numbers, simple fields) and the dispatch to
//! one file per kind of declaration.
//!
//! Conversion never panics: a parse tree of an unexpected shape (which would be a
//! bug in the grammar) becomes a diagnostic.

mod change;
mod contact;
mod criteria;
mod expr;
mod protocol;
mod scenario;
mod track;
mod translation;

use super::ast::*;
use super::parser::Rule;
use super::text::{cook, Quotes};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::iterators::Pair;

pub use expr::MAX_EXPR_DEPTH;

/// Converts pest pairs of one file into AST nodes, collecting problems.
pub(super) struct Converter<'d> {
    pub(super) file: FileId,
    /// Added to every pest position: the byte offset where the parsed text starts in the file.
    pub(super) offset: usize,
    pub(super) diagnostics: &'d mut Vec<Diagnostic>,
}

type Result<T> = std::result::Result<T, ()>;

fn is_keyword(rule: Rule) -> bool {
    format!("{rule:?}").starts_with("kw_")
}

/// The children of a pair, without keyword and brace tokens.
fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner()
        .filter(|p| !is_keyword(p.as_rule()) && !matches!(p.as_rule(), Rule::open_brace | Rule::close_brace))
}

impl Converter<'_> {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, self.offset + s.start()..self.offset + s.end())
    }

    /// The span of a pair's leading keyword (or of the pair when it has none).
    fn keyword_span(&self, pair: &Pair<'_, Rule>) -> Span {
        pair.clone()
            .into_inner()
            .find(|p| is_keyword(p.as_rule()))
            .map_or_else(|| self.span(pair), |k| self.span(&k))
    }

    fn bug(&mut self, pair: &Pair<'_, Rule>) {
        let span = self.span(pair);
        self.diagnostics.push(
            Diagnostic::error(
                Code::Syntax,
                format!(
                    "protocolc did not expect `{:?}` here (this is a bug in protocolc)",
                    pair.as_rule()
                ),
            )
            .at(span, "here")
            .help("please report this file to the protocolc maintainers"),
        );
    }

    fn next<'i>(
        &mut self,
        parent: &Pair<'i, Rule>,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Pair<'i, Rule>> {
        match it.next() {
            Some(p) => Ok(p),
            None => {
                self.bug(parent);
                Err(())
            }
        }
    }

    /// The next child, a name.
    fn next_ident<'i>(
        &mut self,
        parent: &Pair<'i, Rule>,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Ident> {
        let pair = self.next(parent, it)?;
        Ok(self.ident(pair))
    }

    /// The next child, a piece of text.
    fn next_text<'i>(
        &mut self,
        parent: &Pair<'i, Rule>,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Text> {
        let pair = self.next(parent, it)?;
        Ok(self.text(pair))
    }

    pub(super) fn file(&mut self, pair: Pair<'_, Rule>) -> File {
        let mut declarations = Vec::new();
        for decl in children(pair) {
            if decl.as_rule() == Rule::EOI {
                continue;
            }
            if let Ok(d) = self.declaration(decl) {
                declarations.push(d);
            }
        }
        File { declarations }
    }
    /// One top-level declaration, converted by the file for its kind.
    fn declaration(&mut self, pair: Pair<'_, Rule>) -> Result<Declaration> {
        Ok(match pair.as_rule() {
            Rule::protocol_decl => Declaration::Protocol(self.protocol_decl(pair)?),
            Rule::scenario_decl => Declaration::Scenario(self.scenario_decl(pair)?),
            Rule::translation_decl => Declaration::Translation(self.translation_decl(pair)?),
            Rule::change_decl => Declaration::Change(self.change_decl(pair)?),
            Rule::legal_decl => Declaration::Legal(self.legal_decl(pair)),
            Rule::definition_decl => Declaration::Definition(self.definition_decl(pair)?),
            Rule::contact_decl => Declaration::Contact(self.contact_decl(pair)?),
            Rule::resource_decl => Declaration::Resource(self.resource_decl(pair)?),
            Rule::source_document_decl => Declaration::SourceDocument(self.source_document_decl(pair)?),
            Rule::signal_decl => Declaration::Signal(self.signal_decl(pair)?),
            Rule::input_decl => Declaration::Input(self.input_decl(pair)?),
            Rule::criteria_decl => Declaration::Criteria(self.criteria_decl(pair)?),
            Rule::outcome_decl => Declaration::Criteria(self.outcome_decl(pair)?),
            Rule::track_decl => Declaration::Track(self.track_decl(pair)?),
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    /// A field whose value is its one child text.
    fn text_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<Text>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let value = self.next_text(&outer, &mut it)?;
        Ok(Field { keyword, value })
    }

    /// A field whose value is a date, e.g. `effective 2024-08-01`.
    fn date_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<Spanned<String>>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let date = self.next(&outer, &mut children(pair))?;
        Ok(Field {
            keyword,
            value: Spanned {
                value: date.as_str().to_string(),
                span: self.span(&date),
            },
        })
    }

    fn ident_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<Ident>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let value = self.next_ident(&outer, &mut it)?;
        Ok(Field { keyword, value })
    }

    fn ident_list_field(&mut self, pair: Pair<'_, Rule>) -> Field<Vec<Ident>> {
        let keyword = self.keyword_span(&pair);
        let value = children(pair).map(|p| self.ident(p)).collect();
        Field { keyword, value }
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    /// A number; `None` (reported here) when it does not fit.
    /// A value as written after `=` or an operator: a number, or a scale value's
    /// name (an `ident`, or a `reference` around one).
    fn input_value(&mut self, pair: &Pair<'_, Rule>) -> Spanned<InputValue> {
        match pair.as_rule() {
            Rule::number => {
                let number = self.number(pair);
                Spanned {
                    value: InputValue::Number(number.value),
                    span: number.span,
                }
            }
            _ => Spanned {
                value: InputValue::Name(pair.as_str().trim().to_string()),
                span: self.span(pair),
            },
        }
    }

    fn number(&mut self, pair: &Pair<'_, Rule>) -> Spanned<Option<u32>> {
        let span = self.span(pair);
        let value = pair.as_str().parse::<u32>().ok();
        if value.is_none() {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::NumberTooLarge,
                    format!("`{}` is too large a number", pair.as_str()),
                )
                .at(span, "protocolc counts up to 4294967295")
                .help("a threshold counts factors; use a number no larger than the number of factors"),
            );
        }
        Spanned { value, span }
    }

    fn text(&mut self, pair: Pair<'_, Rule>) -> Text {
        let span = self.span(&pair);
        // `string` holds one `line_string` or `triple_string`, which holds its body.
        let literal = pair.into_inner().next();
        let quotes = match literal.as_ref().map(|p| p.as_rule()) {
            Some(Rule::triple_string) => Quotes::Triple,
            _ => Quotes::Single,
        };
        let body = literal.and_then(|l| l.into_inner().next());
        match body {
            Some(body) => {
                let offset = self.offset + body.as_span().start();
                cook(body.as_str(), offset, self.file, span, quotes, self.diagnostics)
            }
            None => Text {
                segments: Vec::new(),
                span,
            },
        }
    }
}
