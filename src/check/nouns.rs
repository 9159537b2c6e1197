//! What a criteria group calls its items (`items_called "indicator" "indicators"`):
//! the words, and their gender said where the language's phrases agree with it
//! (Spanish "estas señales", "estos indicadores").

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::labels::{Labels, Noun};
use crate::syntax::ast::{self, keyword, Spanned};

impl Checker {
    /// The group's `items_called`, if it has one (a second is reported).
    pub(super) fn items_called(&mut self, decl: &ast::CriteriaDecl) -> Option<Noun> {
        let owner = format!("criteria group `{}`", decl.id.name);
        let field = self.single(
            decl.fields.iter().filter_map(ast::CriteriaField::as_items_called),
            keyword::ITEMS_CALLED,
            &owner,
        )?;
        let decl = &field.value;
        Some(self.noun(&decl.one, &decl.many, decl.feminine.as_ref()))
    }

    /// The words of an `items_called` line (in a group or a translation) as plain
    /// text, and its gender (masculine when it does not say).
    pub(super) fn noun(&mut self, one: &ast::Text, many: &ast::Text, gender: Option<&Spanned<bool>>) -> Noun {
        Noun {
            one: self.plain(one),
            many: self.plain(many),
            feminine: gender.is_some_and(|g| g.value),
        }
    }

    /// P0340: an `items_called` without `masculine` or `feminine`, in a language
    /// whose phrases (`labels`) take a form for each (`language` names it).
    pub(super) fn noun_gender_said(
        &mut self,
        one: &ast::Text,
        gender: Option<&Spanned<bool>>,
        labels: &Labels,
        language: &str,
    ) {
        if gender.is_some() || !labels.agree_with_gender() {
            return;
        }
        let word = self.plain(one);
        self.report(
            Diagnostic::warning(
                Code::NounGenderUnsaid,
                format!("say whether “{word}” is masculine or feminine: the phrases in {language} about a group's items agree with it"),
            )
            .at(one.span, "its gender is not said")
            .help(
                "write `masculine` or `feminine` after the two words; without it, the phrases read as for a masculine word",
            ),
        );
    }

    /// P0340 for the protocol's own groups, in its own language.
    pub(super) fn own_nouns_gender_said(
        &mut self,
        criteria: &[&ast::CriteriaDecl],
        labels: &Labels,
        language: &str,
    ) {
        for decl in criteria {
            for field in decl.fields.iter().filter_map(ast::CriteriaField::as_items_called) {
                self.noun_gender_said(&field.value.one, field.value.feminine.as_ref(), labels, language);
            }
        }
    }
}
