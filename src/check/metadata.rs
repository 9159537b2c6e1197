//! The `protocol` block's metadata and document control (status, approval,
//! review dates, revisions), the `source_document` blocks and the `legal` block: each field given once, the
//! required ones present, dates real calendar dates and reviews in order.

use super::{Checker, Declarations};
use crate::date::{can_be_after, is_written_date};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{self, keyword, Field};

impl Checker {
    pub(super) fn metadata(&mut self, decls: &Declarations<'_>) -> Option<Metadata> {
        let Some(protocol) = decls.protocols.first() else {
            let d = Diagnostic::error(Code::ProtocolDeclaration, "this file has no `protocol` block");
            let d = match decls
                .criteria
                .first()
                .map(|c| c.keyword)
                .or(decls.tracks.first().map(|t| t.keyword))
            {
                Some(span) => d.at(
                    Span {
                        end: span.start,
                        ..span
                    },
                    "the protocol's name and title should come first",
                ),
                None => d.at(Span::default(), "expected `protocol NAME { … }`"),
            };
            self.report(d.help("start the file with `protocol my_protocol { title \"…\" jurisdiction \"…\" audience \"…\" }`"));
            return None;
        };
        for extra in decls.protocols.iter().skip(1) {
            self.report(
                Diagnostic::error(
                    Code::ProtocolDeclaration,
                    "a file holds one protocol, but this is a second `protocol` block",
                )
                .at(extra.keyword, "a second `protocol` block")
                .also(protocol.keyword, "the first is here")
                .help("put each protocol in a file of its own"),
            );
        }
        let owner = format!("protocol `{}`", protocol.id.name);
        let at = protocol.id.span;
        use ast::ProtocolField as F;
        let fields = || protocol.fields.iter();
        let title = self
            .required(
                fields().filter_map(F::as_title),
                keyword::TITLE,
                &owner,
                at,
                "\"…\"",
            )
            .map(|f| self.plain(&f.value));
        let jurisdiction = self
            .required(
                fields().filter_map(F::as_jurisdiction),
                keyword::JURISDICTION,
                &owner,
                at,
                "\"Orange County, California\"",
            )
            .map(|f| self.plain(&f.value));
        let audience = self
            .required(
                fields().filter_map(F::as_audience),
                keyword::AUDIENCE,
                &owner,
                at,
                "\"Educators and school staff\"",
            )
            .map(|f| self.plain(&f.value));
        let version = self
            .single(fields().filter_map(F::as_version), keyword::VERSION, &owner)
            .map(|f| self.plain(&f.value));
        let summary = self
            .single(fields().filter_map(F::as_summary), keyword::SUMMARY, &owner)
            .map(|f| self.plain(&f.value));
        let base = self
            .single(fields().filter_map(F::as_base), keyword::BASE, &owner)
            .map(|f| self.plain(&f.value));
        let effective = self
            .single(fields().filter_map(F::as_effective), keyword::EFFECTIVE, &owner)
            .and_then(|f| self.date(&f.value));
        let document = self.document_control(protocol, &owner);
        let subject = self
            .single(fields().filter_map(F::as_subject), keyword::SUBJECT, &owner)
            .map(|f| self.plain(&f.value));
        let proper_nouns = fields()
            .filter_map(F::as_proper_nouns)
            .flat_map(|f| &f.value)
            .map(|t| self.plain(t))
            .collect();
        let source_documents = decls
            .source_documents
            .iter()
            .map(|d| self.source_document(d))
            .collect();
        Some(Metadata {
            id: protocol.id.name.clone(),
            title: title?,
            jurisdiction: jurisdiction?,
            audience: audience?,
            version,
            effective,
            summary,
            base,
            document,
            source_documents,
            subject,
            proper_nouns,
        })
    }

    /// A `source_document` block: each field once, its web address checked, its
    /// date on the calendar.
    fn source_document(&mut self, decl: &ast::SourceDocumentDecl) -> SourceDocument {
        use ast::SourceDocumentField as F;
        let title = self.plain(&decl.title);
        let owner = format!("source document \"{title}\"");
        let fields = || decl.fields.iter();
        let publisher = self
            .single(fields().filter_map(F::as_publisher), keyword::PUBLISHER, &owner)
            .map(|f| self.plain(&f.value));
        let url = self
            .single(fields().filter_map(F::as_url), keyword::URL, &owner)
            .map(|f| self.web_address(&f.value));
        let date = self
            .single(fields().filter_map(F::as_date), keyword::DATE, &owner)
            .and_then(|f| self.date(&f.value));
        let version = self
            .single(fields().filter_map(F::as_version), keyword::VERSION, &owner)
            .map(|f| self.plain(&f.value));
        SourceDocument {
            title,
            publisher,
            url,
            date,
            version,
        }
    }

    pub(super) fn legal(&mut self, blocks: &[&ast::LegalDecl]) -> Option<LegalBasis> {
        let first = blocks.first()?;
        for extra in blocks.iter().skip(1) {
            self.report(
                Diagnostic::error(Code::DuplicateField, "the protocol has two `legal` blocks")
                    .at(extra.keyword, "a second `legal` block")
                    .also(first.keyword, "the first is here")
                    .help("put every law in one `legal` block"),
            );
        }
        let statement = self
            .single(
                first.fields.iter().filter_map(ast::LegalField::as_statement),
                keyword::STATEMENT,
                "the `legal` block",
            )
            .map(|f| self.plain(&f.value));
        let laws = first
            .fields
            .iter()
            .filter_map(ast::LegalField::as_law)
            .map(|l| Law {
                code: self.plain(&l.value.code),
                sections: l.value.sections.iter().map(|s| self.plain(s)).collect(),
            })
            .collect();
        Some(LegalBasis { statement, laws })
    }

    /// A date as written (a day, a month `2019-01` or a year `2019`), if it is
    /// on the calendar (reported when not).
    pub(super) fn date(&mut self, date: &ast::Spanned<String>) -> Option<String> {
        if is_written_date(&date.value) {
            return Some(date.value.clone());
        }
        self.report(
            Diagnostic::error(
                Code::BadDate,
                format!("`{}` is not a date on the calendar", date.value),
            )
            .at(date.span, "no such day")
            .help("write the date as year-month-day (2024-08-01), or as the source gives it: year-month (2024-08) or year (2024)"),
        );
        None
    }

    /// `reviewed` and `next_review` of a protocol or contact: each given once, each
    /// a real date, and the next review after the last one.
    pub(super) fn review_dates(
        &mut self,
        reviewed: Vec<&Field<ast::Spanned<String>>>,
        next_review: Vec<&Field<ast::Spanned<String>>>,
        owner: &str,
    ) -> (Option<String>, Option<String>, Located) {
        let reviewed = self.single(reviewed, keyword::REVIEWED, owner);
        let next = self.single(next_review, keyword::NEXT_REVIEW, owner);
        let at = Located(next.map(|f| f.value.span).unwrap_or_default());
        let reviewed_date = reviewed.and_then(|f| self.date(&f.value));
        let next_date = next.and_then(|f| self.date(&f.value));
        if let (Some(last), Some(due), Some(r), Some(n)) = (&reviewed_date, &next_date, reviewed, next) {
            // A month or a year stands for any day in it: refused only when the
            // next review cannot be after the last one.
            if !can_be_after(due, last) {
                self.report(
                    Diagnostic::error(
                        Code::ReviewDatesOutOfOrder,
                        format!("{owner} is due for review on {due}, which is not after its last review on {last}"),
                    )
                    .at(n.value.span, "the next review")
                    .also(r.value.span, "the last review")
                    .help("the next review comes after the last one; check both dates"),
                );
            }
        }
        (reviewed_date, next_date, at)
    }

    pub(super) fn document_control(&mut self, protocol: &ast::ProtocolDecl, owner: &str) -> DocumentControl {
        use ast::ProtocolField as F;
        let fields = || protocol.fields.iter();
        let statuses = fields().filter_map(F::as_status);
        let status = self.single(statuses, keyword::STATUS, owner).and_then(|f| {
            let found = Status::ALL.iter().copied().find(|s| s.as_str() == f.value.name);
            if found.is_none() {
                let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
                let help = match suggest::closest(&f.value.name, names.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "a status is one of {}",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.report(
                    Diagnostic::error(
                        Code::UnknownStatus,
                        format!("`{}` is not a status protocolc knows", f.value.name),
                    )
                    .at(f.value.span, "not a status")
                    .help(help),
                );
            }
            found
        });
        let approved = self
            .single(fields().filter_map(F::as_approved), keyword::APPROVED, owner)
            .and_then(|f| self.date(&f.value));
        let approved_by = self
            .single(
                fields().filter_map(F::as_approved_by),
                keyword::APPROVED_BY,
                owner,
            )
            .map(|f| self.plain(&f.value));
        let written = self
            .single(fields().filter_map(F::as_written), keyword::WRITTEN, owner)
            .and_then(|f| self.date(&f.value));
        let reviewed = fields().filter_map(F::as_reviewed).collect::<Vec<_>>();
        let next = fields().filter_map(F::as_next_review).collect::<Vec<_>>();
        let (reviewed, next_review, next_review_at) = self.review_dates(reviewed, next, owner);
        let revisions = fields()
            .filter_map(F::as_revision)
            .filter_map(|r| {
                let date = self.date(&r.value.date)?;
                Some(Revision {
                    date,
                    text: self.plain(&r.value.text),
                })
            })
            .collect();
        DocumentControl {
            status,
            approved,
            approved_by,
            written,
            reviewed,
            next_review,
            next_review_at,
            revisions,
        }
    }
}
