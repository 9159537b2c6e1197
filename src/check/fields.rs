//! Reading a block's fields: the one field of a kind (a second one reported), and
//! a required one (reported when missing).

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::Field;

impl Checker {
    /// The one field of a kind in a block: reports the second and later ones.
    pub(super) fn single<'f, V>(
        &mut self,
        fields: impl IntoIterator<Item = &'f Field<V>>,
        keyword: &str,
        owner: &str,
    ) -> Option<&'f Field<V>> {
        let mut fields = fields.into_iter();
        let first = fields.next()?;
        for extra in fields {
            self.report(
                Diagnostic::error(Code::DuplicateField, format!("{owner} has `{keyword}` twice"))
                    .at(extra.keyword, format!("a second `{keyword}`"))
                    .also(first.keyword, "first given here")
                    .help(format!("keep one `{keyword}` line and delete the other")),
            );
        }
        Some(first)
    }

    /// Like [`Checker::single`], and reports a missing field at `owner_span`.
    pub(super) fn required<'f, V>(
        &mut self,
        fields: impl IntoIterator<Item = &'f Field<V>>,
        keyword: &str,
        owner: &str,
        owner_span: Span,
        example: &str,
    ) -> Option<&'f Field<V>> {
        let field = self.single(fields, keyword, owner);
        if field.is_none() {
            self.report(
                Diagnostic::error(Code::MissingField, format!("{owner} has no `{keyword}`"))
                    .at(owner_span, format!("`{keyword}` is required here"))
                    .help(format!("add a line inside its braces: `{keyword} {example}`")),
            );
        }
        field
    }
}
