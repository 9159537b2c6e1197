//! Stage 3, check: every rule of the language, every problem collected, and the
//! validated [`Model`] built when there are none.
//!
//! Only this module constructs a `Model`. Checks run in the order a reader meets
//! things (metadata, contacts, texts, criteria, tracks), then the whole-protocol
//! checks (unused names, triggers that can never fire, precedence).

mod branching;
mod formats;
mod logic;
mod scenarios;
mod scoring;
mod translations;

pub use translations::is_language_tag;

pub use formats::{email_problem, phone_problem, url_problem};

use crate::date::is_date;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{self, *};
use crate::resolve::{Kind, Names};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{self, Declaration, Field, Ident, Segment};
use logic::Sat;
use std::collections::{BTreeMap, BTreeSet};

/// Checks a resolved protocol: `file` with its bases merged in, the `names` it
/// declares, and the `sources` it was read from. Returns every diagnostic found,
/// and the model as far as it could be built: it is valid only when no
/// diagnostic (of this or an earlier stage) is an error, and [`crate::compile`]
/// keeps it only then.
pub fn check(file: &ast::File, names: Names, sources: Vec<SourceRecord>) -> (Option<Model>, Vec<Diagnostic>) {
    let mut checker = Checker {
        names,
        diagnostics: Vec::new(),
        contacts: Vec::new(),
        used: BTreeSet::new(),
        trigger_example: String::new(),
        is_base: false,
        protocol_name: None,
        inputs: Vec::new(),
        levels: BTreeMap::new(),
        domains: logic::Domains::default(),
        derived_factors: BTreeSet::new(),
        question_ids: Vec::new(),
        step_ids: BTreeSet::new(),
    };
    let model = checker.protocol(file, sources);
    (model, checker.diagnostics)
}

/// While a file has errors, "never used" warnings are left out: a misspelt name
/// (or an unreadable trigger or placeholder) makes the item it meant look unused.
/// They are checked again once the errors are fixed.
pub fn without_unused_if_errors(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics
            .into_iter()
            .filter(|d| d.code != Code::Unused)
            .collect()
    } else {
        diagnostics
    }
}

/// The seal on a [`Model`]: its field `sealed` holds one, and only this module
/// (the checker) can make one, so no other code can write a `Model { … }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sealed(());

struct Checker {
    names: Names,
    diagnostics: Vec<Diagnostic>,
    /// Contacts, built first so that text can fill in their fields.
    contacts: Vec<Contact>,
    /// Names referred to from somewhere (for the "unused" warnings).
    used: BTreeSet<String>,
    /// A `when` to suggest, from this protocol's own names.
    trigger_example: String,
    /// The protocol is a shared base (`base "…"`): its parameters may stay unsupplied.
    is_base: bool,
    /// Where the protocol's name is written (a variant's, after merging).
    protocol_name: Option<Span>,
    /// Inputs, built before anything that compares them.
    inputs: Vec<Input>,
    /// Each scored group's level names (in order) and where they are written.
    levels: BTreeMap<String, Vec<(String, Span)>>,
    /// What values inputs and scored groups take, for trigger reasoning.
    domains: logic::Domains,
    /// Factors worked out from inputs (`when …`), which scenarios cannot tick.
    derived_factors: BTreeSet<String>,
    /// The protocol's questions, in file order (for scenarios' answers).
    question_ids: Vec<String>,
    /// The names of every step and question (for scenarios' `expect step`).
    step_ids: BTreeSet<String>,
}

/// One item of each kind, collected from the file's declarations in order.
#[derive(Default)]
struct Declarations<'a> {
    protocols: Vec<&'a ast::ProtocolDecl>,
    legal: Vec<&'a ast::LegalDecl>,
    definitions: Vec<&'a ast::DefinitionDecl>,
    contacts: Vec<&'a ast::ContactDecl>,
    resources: Vec<&'a ast::ResourceDecl>,
    signals: Vec<&'a ast::SignalDecl>,
    inputs: Vec<&'a ast::InputDecl>,
    criteria: Vec<&'a ast::CriteriaDecl>,
    tracks: Vec<&'a ast::TrackDecl>,
    /// Left only in a file that extends no base (a variant's are merged away).
    changes: Vec<&'a ast::ChangeDecl>,
    scenarios: Vec<&'a ast::ScenarioDecl>,
    translations: Vec<&'a ast::TranslationDecl>,
}

impl<'a> Declarations<'a> {
    fn of(file: &'a ast::File) -> Self {
        let mut d = Declarations::default();
        for declaration in &file.declarations {
            match declaration {
                Declaration::Protocol(x) => d.protocols.push(x),
                Declaration::Legal(x) => d.legal.push(x),
                Declaration::Definition(x) => d.definitions.push(x),
                Declaration::Contact(x) => d.contacts.push(x),
                Declaration::Resource(x) => d.resources.push(x),
                Declaration::Signal(x) => d.signals.push(x),
                Declaration::Input(x) => d.inputs.push(x),
                Declaration::Criteria(x) => d.criteria.push(x),
                Declaration::Track(x) => d.tracks.push(x),
                Declaration::Change(x) => d.changes.push(x),
                Declaration::Scenario(x) => d.scenarios.push(x),
                Declaration::Translation(x) => d.translations.push(x),
            }
        }
        d
    }
}

impl Checker {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn protocol(&mut self, file: &ast::File, sources: Vec<SourceRecord>) -> Option<Model> {
        let decls = Declarations::of(file);
        let names: Vec<&str> = decls
            .criteria
            .iter()
            .map(|c| c.id.name.as_str())
            .chain(decls.signals.iter().map(|s| s.id.name.as_str()))
            .take(2)
            .collect();
        self.trigger_example = match names.as_slice() {
            [] => "<criteria group or signal name>".to_string(),
            [one] => one.to_string(),
            [a, b, ..] => format!("{a} or {b}"),
        };
        self.is_base = decls
            .protocols
            .first()
            .is_some_and(|p| p.fields.iter().any(|f| matches!(f, ast::ProtocolField::Base(_))));
        self.protocol_name = decls.protocols.first().map(|p| p.id.span);
        for change in &decls.changes {
            self.report(
                Diagnostic::error(Code::ChangeWithoutBase, "`change` is for a variant, and this protocol extends no base")
                    .at(change.keyword, "nothing to change")
                    .help("name the base after the protocol's name, e.g. `protocol my_county extends \"../california/csec-educators.protocol\" { … }`, or declare the track or criteria group here in full"),
            );
        }
        let metadata = self.metadata(&decls);
        self.contacts = decls.contacts.iter().map(|c| self.contact(c)).collect();
        let legal = self.legal(&decls.legal);
        let definitions = decls
            .definitions
            .iter()
            .map(|d| Definition {
                id: d.id.name.clone(),
                term: self.plain(&d.term),
                text: self.plain(&d.text),
            })
            .collect();
        let resources = decls.resources.iter().map(|r| self.resource(r)).collect();
        let signals = decls
            .signals
            .iter()
            .map(|s| Signal {
                id: s.id.name.clone(),
                text: self.plain(&s.text),
            })
            .collect();
        self.inputs = decls.inputs.iter().map(|i| self.input(i)).collect();
        self.collect_levels(&decls.criteria);
        let mut factors = Vec::new();
        let criteria: Vec<Criteria> = decls
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| self.criteria(c, CriteriaIdx(i), &mut factors))
            .collect();
        let criteria_order = self.criteria_order(&decls.criteria, &criteria, &factors);
        self.domains = self.domains(&self.inputs, &criteria);
        let tracks: Vec<Option<Track>> = decls.tracks.iter().map(|t| self.track(t)).collect();
        let questions = self.questions(&decls, &tracks);
        self.question_ids = questions
            .iter()
            .filter_map(|q| tracks.get(q.track.0)?.as_ref()?.steps.get(q.step))
            .map(|s| s.id.clone())
            .collect();
        self.step_ids = decls
            .tracks
            .iter()
            .flat_map(|t| branching::TrackScope::of(t).items)
            .map(|s| s.id.name.clone())
            .collect();
        let scenarios = self.scenarios(&decls.scenarios);
        let translations = self.translations(&decls);
        self.unused(&decls);
        let precedence = self.precedence(&decls.tracks, &tracks);
        let tracks: Option<Vec<Track>> = tracks.into_iter().collect();
        let (mut tracks, precedence) = (tracks?, precedence?);
        supersession_chains(&mut tracks, &precedence);
        let model = Model {
            sources,
            metadata: metadata?,
            legal,
            definitions,
            contacts: std::mem::take(&mut self.contacts),
            resources,
            signals,
            inputs: std::mem::take(&mut self.inputs),
            criteria,
            criteria_order: criteria_order?,
            factors,
            tracks,
            precedence,
            scenarios: scenarios?,
            language: Language::english(),
            labels: Labels::english(),
            translations,
            questions,
            sealed: Sealed(()),
        };
        Some(model)
    }

    // ------------------------------------------------------------ fields ----

    /// The one field of a kind in a block: reports the second and later ones.
    fn single<'f, V>(
        &mut self,
        fields: Vec<&'f Field<V>>,
        keyword: &str,
        owner: &str,
    ) -> Option<&'f Field<V>> {
        let first = fields.first().copied()?;
        for extra in fields.iter().skip(1) {
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
    fn required<'f, V>(
        &mut self,
        fields: Vec<&'f Field<V>>,
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

    // ---------------------------------------------------------- metadata ----

    fn metadata(&mut self, decls: &Declarations<'_>) -> Option<Metadata> {
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
            self.report(d.help("start the file with `protocol my_protocol { title \"…\" jurisdiction \"…\" audience \"…\" version \"1\" effective 2024-08-01 }`"));
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
        let pick = |f: fn(&ast::ProtocolField) -> Option<&Field<ast::Text>>| -> Vec<&Field<ast::Text>> {
            protocol.fields.iter().filter_map(f).collect()
        };
        let title = pick(|f| if let F::Title(x) = f { Some(x) } else { None });
        let jurisdiction = pick(|f| if let F::Jurisdiction(x) = f { Some(x) } else { None });
        let audience = pick(|f| if let F::Audience(x) = f { Some(x) } else { None });
        let version = pick(|f| if let F::Version(x) = f { Some(x) } else { None });
        let summary = pick(|f| if let F::Summary(x) = f { Some(x) } else { None });
        let base = pick(|f| if let F::Base(x) = f { Some(x) } else { None });
        let effective: Vec<&Field<ast::Spanned<String>>> = protocol
            .fields
            .iter()
            .filter_map(|f| if let F::Effective(x) = f { Some(x) } else { None })
            .collect();
        let title = self
            .required(title, "title", &owner, at, "\"…\"")
            .map(|f| self.plain(&f.value));
        let jurisdiction = self
            .required(
                jurisdiction,
                "jurisdiction",
                &owner,
                at,
                "\"Orange County, California\"",
            )
            .map(|f| self.plain(&f.value));
        let audience = self
            .required(audience, "audience", &owner, at, "\"Educators and school staff\"")
            .map(|f| self.plain(&f.value));
        let version = self
            .required(version, "version", &owner, at, "\"1\"")
            .map(|f| self.plain(&f.value));
        let summary = self
            .single(summary, "summary", &owner)
            .map(|f| self.plain(&f.value));
        let base = self.single(base, "base", &owner).map(|f| self.plain(&f.value));
        let effective = self
            .required(effective, "effective", &owner, at, "2024-08-01")
            .and_then(|f| self.date(&f.value));
        let document = self.document_control(protocol, &owner);
        Some(Metadata {
            id: protocol.id.name.clone(),
            title: title?,
            jurisdiction: jurisdiction?,
            audience: audience?,
            version: version?,
            effective: effective?,
            summary,
            base,
            document,
        })
    }

    fn legal(&mut self, blocks: &[&ast::LegalDecl]) -> Option<LegalBasis> {
        let first = blocks.first()?;
        for extra in blocks.iter().skip(1) {
            self.report(
                Diagnostic::error(Code::DuplicateField, "the protocol has two `legal` blocks")
                    .at(extra.keyword, "a second `legal` block")
                    .also(first.keyword, "the first is here")
                    .help("put every law in one `legal` block"),
            );
        }
        let statements: Vec<&Field<ast::Text>> = first
            .fields
            .iter()
            .filter_map(|f| {
                if let ast::LegalField::Statement(s) = f {
                    Some(s)
                } else {
                    None
                }
            })
            .collect();
        let statement = self
            .single(statements, "statement", "the `legal` block")
            .map(|f| self.plain(&f.value));
        let laws = first
            .fields
            .iter()
            .filter_map(|f| {
                if let ast::LegalField::Law(l) = f {
                    Some(l)
                } else {
                    None
                }
            })
            .map(|l| Law {
                code: self.plain(&l.value.code),
                sections: l.value.sections.iter().map(|s| self.plain(s)).collect(),
            })
            .collect();
        Some(LegalBasis { statement, laws })
    }

    // ---------------------------------------------------------- contacts ----

    fn contact(&mut self, decl: &ast::ContactDecl) -> Contact {
        use ast::ContactField as F;
        let owner = format!("contact `{}`", decl.id.name);
        let pick = |f: fn(&F) -> Option<&Field<ast::Text>>| -> Vec<&Field<ast::Text>> {
            decl.fields.iter().filter_map(f).collect()
        };
        let name = pick(|f| if let F::Name(x) = f { Some(x) } else { None });
        let phone = pick(|f| if let F::Phone(x) = f { Some(x) } else { None });
        let email = pick(|f| if let F::Email(x) = f { Some(x) } else { None });
        let website = pick(|f| if let F::Website(x) = f { Some(x) } else { None });
        let note = pick(|f| if let F::Note(x) = f { Some(x) } else { None });
        let parameters = pick(|f| if let F::Parameter(x) = f { Some(x) } else { None });
        let parameter = self.single(parameters, "parameter", &owner).map(|f| {
            if !self.is_base {
                let at = self.protocol_name.unwrap_or(f.keyword);
                self.report(
                    Diagnostic::error(
                        Code::ParameterNotSupplied,
                        format!(
                            "this protocol does not supply contact `{}`, which its base asks for",
                            decl.id.name
                        ),
                    )
                    .at(at, format!("`{}` is not supplied", decl.id.name))
                    .also(f.keyword, format!("the base asks for: {}", f.value.template()))
                    .help(format!(
                        "supply it in the variant: `contact {} {{ name \"…\" phone \"…\" }}`",
                        decl.id.name
                    )),
                );
            }
            self.contact_text(&f.value)
        });
        let name = if parameter.is_some() {
            // A base's parameter need not have a name: each variant gives one.
            self.single(name, "name", &owner)
                .map(|f| self.contact_text(&f.value))
                .unwrap_or_else(|| format!("{{{}.name}}", decl.id.name))
        } else {
            self.required(
                name,
                "name",
                &owner,
                decl.id.span,
                "\"County of Orange Child Protective Services\"",
            )
            .map(|f| self.contact_text(&f.value))
            .unwrap_or_default()
        };
        let phone = self.single(phone, "phone", &owner).map(|f| {
            let value = self.contact_text(&f.value);
            self.check_phone(&value, f.value.span);
            value
        });
        let email = self.single(email, "email", &owner).map(|f| {
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
            .single(website, "website", &owner)
            .map(|f| self.web_address(&f.value));
        let note = self
            .single(note, "note", &owner)
            .map(|f| self.contact_text(&f.value));
        let reviewed =
            pick_date(
                decl.fields
                    .iter()
                    .filter_map(|f| if let F::Reviewed(x) = f { Some(x) } else { None }),
            );
        let next_review =
            pick_date(
                decl.fields
                    .iter()
                    .filter_map(|f| if let F::NextReview(x) = f { Some(x) } else { None }),
            );
        let (reviewed, next_review, next_review_at) = self.review_dates(reviewed, next_review, &owner);
        let hours: Vec<&Field<ast::Text>> = decl
            .fields
            .iter()
            .filter_map(|f| if let F::Hours(x) = f { Some(x) } else { None })
            .collect();
        let hours = self
            .single(hours, "hours", &owner)
            .map(|f| self.contact_text(&f.value));
        let numbers = decl
            .fields
            .iter()
            .filter_map(|f| if let F::Number(x) = f { Some(x) } else { None })
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
            .filter_map(|f| if let F::InsteadOf(x) = f { Some(x) } else { None })
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

    /// A date as written, if it is a real calendar date (reported when not).
    fn date(&mut self, date: &ast::Spanned<String>) -> Option<String> {
        if is_date(&date.value) {
            return Some(date.value.clone());
        }
        self.report(
            Diagnostic::error(
                Code::BadDate,
                format!("`{}` is not a date on the calendar", date.value),
            )
            .at(date.span, "no such day")
            .help("write the date as year-month-day, e.g. 2024-08-01"),
        );
        None
    }

    /// `reviewed` and `next_review` of a protocol or contact: each given once, each
    /// a real date, and the next review after the last one.
    fn review_dates(
        &mut self,
        reviewed: Vec<&Field<ast::Spanned<String>>>,
        next_review: Vec<&Field<ast::Spanned<String>>>,
        owner: &str,
    ) -> (Option<String>, Option<String>, Located) {
        let reviewed = self.single(reviewed, "reviewed", owner);
        let next = self.single(next_review, "next_review", owner);
        let at = Located(next.map(|f| f.value.span).unwrap_or_default());
        let reviewed_date = reviewed.and_then(|f| self.date(&f.value));
        let next_date = next.and_then(|f| self.date(&f.value));
        if let (Some(last), Some(due), Some(r), Some(n)) = (&reviewed_date, &next_date, reviewed, next) {
            // `YYYY-MM-DD` dates order as text.
            if due <= last {
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

    fn document_control(&mut self, protocol: &ast::ProtocolDecl, owner: &str) -> DocumentControl {
        use ast::ProtocolField as F;
        let statuses: Vec<&Field<Ident>> = protocol
            .fields
            .iter()
            .filter_map(|f| if let F::Status(x) = f { Some(x) } else { None })
            .collect();
        let status = self.single(statuses, "status", owner).and_then(|f| {
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
        let approved: Vec<&Field<ast::Spanned<String>>> = protocol
            .fields
            .iter()
            .filter_map(|f| if let F::Approved(x) = f { Some(x) } else { None })
            .collect();
        let approved = self
            .single(approved, "approved", owner)
            .and_then(|f| self.date(&f.value));
        let reviewed =
            pick_date(
                protocol
                    .fields
                    .iter()
                    .filter_map(|f| if let F::Reviewed(x) = f { Some(x) } else { None }),
            );
        let next = pick_date(protocol.fields.iter().filter_map(|f| {
            if let F::NextReview(x) = f {
                Some(x)
            } else {
                None
            }
        }));
        let (reviewed, next_review, next_review_at) = self.review_dates(reviewed, next, owner);
        let revisions = protocol
            .fields
            .iter()
            .filter_map(|f| if let F::Revision(x) = f { Some(x) } else { None })
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
            reviewed,
            next_review,
            next_review_at,
            revisions,
        }
    }

    /// Reports a phone number that is not one.
    fn check_phone(&mut self, value: &str, span: Span) {
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
    fn web_address(&mut self, text: &ast::Text) -> String {
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
    fn contact_text(&mut self, text: &ast::Text) -> String {
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

    // -------------------------------------------------------------- text ----

    /// Text with its placeholders filled in.
    fn plain(&mut self, text: &ast::Text) -> String {
        self.link(text, &[]).text
    }

    /// Text with its placeholders filled in, and the contacts it involves
    /// (those it names first, then `extra`).
    fn link(&mut self, text: &ast::Text, extra: &[&Ident]) -> LinkedText {
        let mut parts = Vec::new();
        let mut contacts: Vec<ContactIdx> = Vec::new();
        for segment in &text.segments {
            match segment {
                Segment::Literal(s) => parts.push(TextPart::Literal(s.clone())),
                Segment::Placeholder { contact, field } => {
                    if let Some((idx, value)) = self.placeholder(contact, field) {
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

    fn contact_ref(&mut self, ident: &Ident) -> Option<ContactIdx> {
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
    fn placeholder(&mut self, contact: &Ident, field: &Ident) -> Option<(ContactIdx, String)> {
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

    // --------------------------------------------------------- resources ----

    fn resource(&mut self, decl: &ast::ResourceDecl) -> Resource {
        use ast::ResourceField as F;
        let owner = format!("resource `{}`", decl.id.name);
        let urls: Vec<&Field<ast::Text>> = decl
            .fields
            .iter()
            .filter_map(|f| if let F::Url(x) = f { Some(x) } else { None })
            .collect();
        let notes: Vec<&Field<ast::Text>> = decl
            .fields
            .iter()
            .filter_map(|f| if let F::Note(x) = f { Some(x) } else { None })
            .collect();
        let contacts: Vec<&Ident> = decl
            .fields
            .iter()
            .filter_map(|f| {
                if let F::Contact(x) = f {
                    Some(&x.value)
                } else {
                    None
                }
            })
            .collect();
        let url = self
            .single(urls, "url", &owner)
            .map(|f| self.web_address(&f.value));
        let note = self.single(notes, "note", &owner).map(|f| self.plain(&f.value));
        Resource {
            id: decl.id.name.clone(),
            text: self.link(&decl.text, &contacts),
            url,
            note,
        }
    }

    // ---------------------------------------------------------- criteria ----

    fn criteria(
        &mut self,
        decl: &ast::CriteriaDecl,
        idx: CriteriaIdx,
        factors: &mut Vec<Factor>,
    ) -> Criteria {
        use ast::CriteriaField as F;
        let owner = format!("criteria group `{}`", decl.id.name);
        let sources: Vec<&Field<ast::Text>> = decl
            .fields
            .iter()
            .filter_map(|f| if let F::Source(x) = f { Some(x) } else { None })
            .collect();
        let thresholds: Vec<&Field<ast::Threshold>> = decl
            .fields
            .iter()
            .filter_map(|f| if let F::MetWhen(x) = f { Some(x) } else { None })
            .collect();
        let source = self
            .single(sources, "source", &owner)
            .map(|f| self.plain(&f.value));
        let scored_group = self
            .levels
            .contains_key(&decl.id.name)
            .then(|| decl.id.name.clone());
        let mut own = Vec::new();
        for field in &decl.fields {
            if let F::Factor(f) = field {
                own.push(FactorIdx(factors.len()));
                let factor = self.factor(f, idx, scored_group.as_deref());
                factors.push(factor);
            }
        }
        if own.is_empty() {
            self.report(
                Diagnostic::error(Code::EmptyCriteria, format!("{owner} has no factors"))
                    .at(decl.id.span, "no `factor` lines inside")
                    .help("add the factors it counts, e.g. `factor missing_school \"Frequently missing from school\"`"),
            );
        }
        let own_factors: Vec<&Factor> = own.iter().filter_map(|f| factors.get(f.0)).collect();
        let scoring = self.group_scoring(decl, &own_factors);
        let example = if scored_group.is_some() {
            "at_least medium"
        } else {
            "at_least 1"
        };
        let threshold = match self.required(thresholds, "met_when", &owner, decl.id.span, example) {
            Some(field) => match (&field.value, &scored_group) {
                (threshold, Some(group)) => self.scored_threshold(group, threshold),
                (ast::Threshold::AtLeastLevel(level), None) => {
                    self.level_named(&decl.id.name, level);
                    None
                }
                // Too large to read: already reported by the syntax stage.
                (ast::Threshold::AtLeast(ast::Spanned { value: None, .. }), None) => None,
                (
                    ast::Threshold::AtLeast(ast::Spanned {
                        value: Some(value),
                        span,
                    }),
                    None,
                ) => {
                    let n = ast::Spanned {
                        value: *value,
                        span: *span,
                    };
                    if n.value == 0 {
                        self.report(
                            Diagnostic::error(
                                Code::ZeroThreshold,
                                format!("{owner} would be met with no factors at all"),
                            )
                            .at(n.span, "at least 0 is always true")
                            .help("a threshold counts factors present; use at least 1"),
                        );
                    } else if !own.is_empty() && n.value as usize > own.len() {
                        self.report(
                            Diagnostic::error(
                                Code::ThresholdTooHigh,
                                format!(
                                    "{owner} needs {} but has only {}",
                                    count_noun(n.value as usize, "factor"),
                                    own.len()
                                ),
                            )
                            .at(
                                n.span,
                                format!("can never be reached with {}", count_noun(own.len(), "factor")),
                            )
                            .also(decl.id.span, "criteria group declared here")
                            .help(format!(
                                "lower the threshold to at most {}, or add the missing factors",
                                own.len()
                            )),
                        );
                    }
                    Some(Threshold::AtLeast(n.value))
                }
            },
            None => None,
        };
        Criteria {
            id: decl.id.name.clone(),
            title: self.plain(&decl.title),
            source,
            threshold: threshold.unwrap_or(Threshold::AtLeast(1)),
            factors: own,
            applies_when: scoring.applies_when,
            possible_counts_as_yes: scoring.possible_counts_as_yes,
            scoring: scoring.scoring,
        }
    }

    // ------------------------------------------------------------ tracks ----

    fn track(&mut self, decl: &ast::TrackDecl) -> Option<Track> {
        use ast::TrackField as F;
        let owner = format!("track `{}`", decl.id.name);
        let whens: Vec<&Field<Option<ast::Expr>>> = decl
            .fields
            .iter()
            .filter_map(|f| if let F::When(x) = f { Some(x) } else { None })
            .collect();
        let example = self.trigger_example.clone();
        let trigger = self
            .required(whens, "when", &owner, decl.id.span, &example)
            .and_then(|f| match &f.value {
                Some(expr) => self.trigger(expr),
                // Could not be read: already reported.
                None => None,
            });
        let supersedes = self.track_refs(
            decl,
            |f| if let F::Supersedes(x) = f { Some(x) } else { None },
            "supersedes",
        );
        let precedes = self.track_refs(
            decl,
            |f| if let F::Precedes(x) = f { Some(x) } else { None },
            "precedes",
        );
        let mut steps = Vec::new();
        let mut step_names: BTreeMap<&str, Span> = BTreeMap::new();
        let scope = branching::TrackScope::of(decl);
        let rules = decl
            .fields
            .iter()
            .filter_map(|f| if let F::Rule(x) = f { Some(x) } else { None })
            .map(|f| self.plain(&f.value))
            .collect();
        for field in &decl.fields {
            if let F::Step(step) = field {
                if let Some(first) = step_names.get(step.id.name.as_str()) {
                    self.report(
                        Diagnostic::error(
                            Code::DuplicateName,
                            format!("{owner} has two steps named `{}`", step.id.name),
                        )
                        .at(step.id.span, "a second step with this name")
                        .also(*first, "first step with this name")
                        .help("give every step of a track its own name"),
                    );
                } else {
                    step_names.insert(&step.id.name, step.id.span);
                }
                let step = self.step(step, steps.len(), &scope);
                steps.push(step);
            }
        }
        self.flow(&scope, &steps);
        if steps.is_empty() {
            self.report(
                Diagnostic::error(Code::EmptyTrack, format!("{owner} has no steps"))
                    .at(decl.id.span, "no `step` lines inside")
                    .help(
                        "add the steps staff should take, e.g. `step report \"Submit a mandated report …\"`",
                    ),
            );
        }
        Some(Track {
            id: decl.id.name.clone(),
            title: self.plain(&decl.title),
            trigger: trigger?,
            supersedes: supersedes?,
            precedes: precedes?,
            superseded_by: Vec::new(),
            rules,
            steps,
        })
    }

    fn track_refs(
        &mut self,
        decl: &ast::TrackDecl,
        pick: fn(&ast::TrackField) -> Option<&Field<Vec<Ident>>>,
        keyword: &str,
    ) -> Option<Vec<TrackIdx>> {
        let mut out = Vec::new();
        let mut ok = true;
        for field in decl.fields.iter().filter_map(pick) {
            for ident in &field.value {
                if ident.name == decl.id.name {
                    self.report(
                        Diagnostic::error(
                            Code::PrecedenceCycle,
                            format!("track `{}` {keyword} itself", ident.name),
                        )
                        .at(ident.span, "the track's own name")
                        .help(format!("`{keyword}` names another track")),
                    );
                    ok = false;
                    continue;
                }
                match self
                    .names
                    .lookup(ident, &[Kind::Track], &format!("`{keyword}` takes"))
                {
                    Ok(symbol) => out.push(TrackIdx(symbol.index)),
                    Err(d) => {
                        self.report(d);
                        ok = false;
                    }
                }
            }
        }
        ok.then_some(out)
    }

    fn trigger(&mut self, expr: &ast::Expr) -> Option<Trigger> {
        match expr {
            ast::Expr::Ref(ident) => {
                match self
                    .names
                    .lookup(ident, &[Kind::Criteria, Kind::Signal], "a trigger takes")
                {
                    Ok(symbol) => {
                        self.used.insert(ident.name.clone());
                        Some(match symbol.kind {
                            Kind::Signal => Trigger::Signal(SignalIdx(symbol.index)),
                            _ => Trigger::Criteria(CriteriaIdx(symbol.index)),
                        })
                    }
                    Err(d) => {
                        let d = match self.names.get(&ident.name).map(|s| s.kind) {
                            Some(Kind::Input) => d.help(format!(
                                "an input is a number: compare it, e.g. `{} < 13`",
                                ident.name
                            )),
                            _ => d,
                        };
                        self.report(d);
                        None
                    }
                }
            }
            ast::Expr::Compare { input, op, value } => self.compare(input, op, value),
            ast::Expr::Level {
                group,
                at_least,
                level,
            } => self.level_test(group, *at_least, level),
            ast::Expr::Not(inner, _) => self.trigger(inner).map(|t| Trigger::Not(Box::new(t))),
            ast::Expr::And(items, _) | ast::Expr::Or(items, _) => {
                // Check every operand, so every unknown name is reported.
                let parts: Vec<Option<Trigger>> = items.iter().map(|e| self.trigger(e)).collect();
                let parts: Option<Vec<Trigger>> = parts.into_iter().collect();
                let parts = parts?;
                Some(if matches!(expr, ast::Expr::And(..)) {
                    Trigger::All(parts)
                } else {
                    Trigger::Any(parts)
                })
            }
        }
    }

    fn step(&mut self, decl: &ast::StepDecl, at: usize, scope: &branching::TrackScope<'_>) -> Step {
        let conditions: Vec<&Field<ast::Text>> = decl
            .fields
            .iter()
            .filter_map(|f| {
                if let ast::StepField::Condition(x) = f {
                    Some(x)
                } else {
                    None
                }
            })
            .collect();
        let contacts: Vec<&Ident> = decl
            .fields
            .iter()
            .filter_map(|f| {
                if let ast::StepField::Contact(x) = f {
                    Some(&x.value)
                } else {
                    None
                }
            })
            .collect();
        let requirements: Vec<&Field<ast::Text>> = decl
            .fields
            .iter()
            .filter_map(|f| {
                if let ast::StepField::Required(x) = f {
                    Some(x)
                } else {
                    None
                }
            })
            .collect();
        let owner = branching::owner(decl);
        let condition = self
            .single(conditions, "condition", &owner)
            .map(|f| self.plain(&f.value));
        let required = self
            .single(requirements, "required", &owner)
            .map(|f| self.plain(&f.value));
        use ast::StepField as S;
        let texts = |pick: fn(&S) -> Option<&Field<ast::Text>>| -> Vec<&Field<ast::Text>> {
            decl.fields.iter().filter_map(pick).collect()
        };
        let role = texts(|f| if let S::Role(x) = f { Some(x) } else { None });
        let role = self.single(role, "role", &owner).map(|f| self.plain(&f.value));
        let (deadline, deadlines_when) = self.deadlines(decl, &owner);
        let backups: Vec<&Field<Vec<ast::Text>>> = decl
            .fields
            .iter()
            .filter_map(|f| if let S::Backup(x) = f { Some(x) } else { None })
            .collect();
        let backups = self
            .single(backups, "backup", &owner)
            .map(|f| f.value.iter().map(|t| self.plain(t)).collect())
            .unwrap_or_default();
        let forms: Vec<&Field<ast::FormRef>> = decl
            .fields
            .iter()
            .filter_map(|f| if let S::Form(x) = f { Some(x) } else { None })
            .collect();
        let form = self.single(forms, "form", &owner).map(|f| Form {
            name: self.plain(&f.value.name),
            code: f.value.code.as_ref().map(|c| self.plain(c)),
        });
        let optional: Vec<&Field<()>> = decl
            .fields
            .iter()
            .filter_map(|f| if let S::Optional(x) = f { Some(x) } else { None })
            .collect();
        let optional = self.single(optional, "optional", &owner).is_some();
        if optional && required.is_some() {
            self.report(
                Diagnostic::error(
                    Code::DuplicateField,
                    format!("{owner} is both `required` and `optional`"),
                )
                .at(decl.id.span, "a step is one or the other")
                .help("delete `optional`: a step required by law or policy is not optional"),
            );
        }
        let flow = self.step_flow(decl, at, scope);
        Step {
            id: decl.id.name.clone(),
            text: self.link(&decl.text, &contacts),
            condition,
            required,
            role,
            backups,
            deadline,
            deadlines_when,
            form,
            optional,
            skip_when: flow.skip_when,
            after: flow.after,
            end: flow.end,
            handoff: flow.handoff,
            question: flow.question,
        }
    }

    // ---------------------------------------------------- whole protocol ----

    fn unused(&mut self, decls: &Declarations<'_>) {
        let mut unused = Vec::new();
        for s in &decls.signals {
            unused.push((&s.id, Kind::Signal, "no track's `when` names it"));
        }
        for c in &decls.criteria {
            unused.push((
                &c.id,
                Kind::Criteria,
                "no track's `when` names it, so its factors never lead anywhere",
            ));
        }
        for c in &decls.contacts {
            unused.push((&c.id, Kind::Contact, "no step or resource names it"));
        }
        for i in &decls.inputs {
            unused.push((&i.id, Kind::Input, "no trigger compares it"));
        }
        for (ident, kind, why) in unused {
            if self.used.contains(&ident.name)
                || self.names.get(&ident.name).is_none_or(|s| s.span != ident.span)
            {
                continue;
            }
            let help = match kind {
                Kind::Input => format!(
                    "compare it in a trigger, e.g. `when {} < 13`, or delete it",
                    ident.name
                ),
                Kind::Contact => format!(
                    "mention it in a step, e.g. `{{{}.phone}}`, or delete it",
                    ident.name
                ),
                _ => format!(
                    "name it in a track's `when`, e.g. `when {}`, or delete it",
                    ident.name
                ),
            };
            self.report(
                Diagnostic::warning(
                    Code::Unused,
                    format!("{} `{}` is never used", kind.noun(), ident.name),
                )
                .at(ident.span, why)
                .help(help),
            );
        }
    }

    /// Checks triggers and precedence together; returns every track in precedence order.
    /// Tracks that could not be built (`None`) are left out; then no order is returned.
    fn precedence(&mut self, decls: &[&ast::TrackDecl], tracks: &[Option<Track>]) -> Option<Vec<TrackIdx>> {
        let n = tracks.len();
        let complete = tracks.iter().all(Option::is_some);
        let span_of = |i: usize| decls.get(i).map(|d| d.id.span).unwrap_or_default();
        let mut ok = true;
        for (i, track) in tracks.iter().enumerate() {
            let Some(track) = track else { continue };
            if logic::satisfiable(&[&track.trigger], &self.domains) == Sat::No {
                ok = false;
                self.report(
                    Diagnostic::error(
                        Code::NeverTriggers,
                        format!("track `{}` can never apply", track.id),
                    )
                    .at(
                        decls.get(i).and_then(|d| when_span(d)).unwrap_or(span_of(i)),
                        "no combination of factors and signals makes this true",
                    )
                    .help("check the `and`/`not` in its `when`: as written, it contradicts itself"),
                );
            } else if logic::tautology(&track.trigger, &self.domains) == Sat::Yes {
                self.report(
                    Diagnostic::warning(
                        Code::AlwaysTriggers,
                        format!("track `{}` applies to every student", track.id),
                    )
                    .at(
                        decls.get(i).and_then(|d| when_span(d)).unwrap_or(span_of(i)),
                        "this is true whatever is observed",
                    )
                    .help("if that is intended, ignore this; otherwise check the `or`/`not` in its `when`"),
                );
            }
        }
        // Edges: i ranks above j.
        let edges: Vec<Vec<usize>> = tracks
            .iter()
            .map(|t| {
                t.iter()
                    .flat_map(|t| t.supersedes.iter().chain(&t.precedes))
                    .map(|j| j.0)
                    .collect()
            })
            .collect();
        let order = match topological_order(&edges) {
            Ok(order) => order,
            Err(cycle) => {
                let names: Vec<String> = cycle
                    .iter()
                    .map(|&i| format!("`{}`", track_name(tracks, i)))
                    .collect();
                let mut d = Diagnostic::error(
                    Code::PrecedenceCycle,
                    format!(
                        "tracks rank above each other in a circle: {} → {}",
                        names.join(" → "),
                        names.first().cloned().unwrap_or_default()
                    ),
                );
                for (k, &i) in cycle.iter().enumerate() {
                    let label = format!(
                        "ranks above `{}`",
                        cycle
                            .get((k + 1) % cycle.len())
                            .map_or("?", |&j| track_name(tracks, j))
                    );
                    d = if k == 0 {
                        d.at(span_of(i), label)
                    } else {
                        d.also(span_of(i), label)
                    };
                }
                self.report(d.help("remove one `supersedes` or `precedes` so one track clearly comes first"));
                return None;
            }
        };
        if !complete {
            return None;
        }
        let reach = reachability(&edges);
        let ranked = |a: usize, b: usize| {
            reach.get(a).is_some_and(|r| r.contains(&b)) || reach.get(b).is_some_and(|r| r.contains(&a))
        };
        for a in 0..n {
            for b in a + 1..n {
                let (Some(Some(ta)), Some(Some(tb))) = (tracks.get(a), tracks.get(b)) else {
                    continue;
                };
                if ranked(a, b) {
                    continue;
                }
                if logic::satisfiable(&[&ta.trigger, &tb.trigger], &self.domains) == Sat::Yes {
                    ok = false;
                    self.report(
                        Diagnostic::error(
                            Code::MissingPrecedence,
                            format!("tracks `{}` and `{}` can apply to the same student, and neither ranks above the other", ta.id, tb.id),
                        )
                        .at(span_of(b), format!("can apply together with `{}`", ta.id))
                        .also(span_of(a), "this track")
                        .help(format!(
                            "say which comes first: inside track `{}` write `supersedes {}` (only `{}` is followed) or `precedes {}` (both, `{}` first)",
                            ta.id, tb.id, ta.id, tb.id, ta.id
                        )),
                    );
                }
            }
        }
        ok.then(|| order.into_iter().map(TrackIdx).collect())
    }
}

/// Fills in each track's `superseded_by`: every track that supersedes it directly
/// or through a chain, in precedence order.
fn supersession_chains(tracks: &mut [Track], precedence: &[TrackIdx]) {
    let edges: Vec<Vec<usize>> = tracks
        .iter()
        .map(|t| t.supersedes.iter().map(|s| s.0).collect())
        .collect();
    let reach = reachability(&edges);
    for (below, track) in tracks.iter_mut().enumerate() {
        track.superseded_by = precedence
            .iter()
            .copied()
            .filter(|above| above.0 != below && reach.get(above.0).is_some_and(|r| r.contains(&below)))
            .collect();
    }
}

fn track_name(tracks: &[Option<Track>], i: usize) -> &str {
    tracks
        .get(i)
        .and_then(Option::as_ref)
        .map_or("?", |t| t.id.as_str())
}

fn when_span(decl: &ast::TrackDecl) -> Option<Span> {
    decl.fields.iter().find_map(|f| match f {
        ast::TrackField::When(w) => Some(w.value.as_ref().map_or(w.keyword, |e| w.keyword.to(e.span()))),
        _ => None,
    })
}

/// Kahn's algorithm, ties broken by file order. `Err` holds one cycle.
fn topological_order(edges: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    let n = edges.len();
    let mut indegree = vec![0usize; n];
    for targets in edges {
        for &j in targets {
            if let Some(d) = indegree.get_mut(j) {
                *d += 1;
            }
        }
    }
    let mut ready: BTreeSet<usize> = (0..n).filter(|&i| indegree.get(i) == Some(&0)).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for &j in edges.get(i).map_or(&[][..], Vec::as_slice) {
            if let Some(d) = indegree.get_mut(j) {
                *d -= 1;
                if *d == 0 {
                    ready.insert(j);
                }
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Walk from a node left in the cycle until a node repeats.
    let left: BTreeSet<usize> = (0..n).filter(|i| !order.contains(i)).collect();
    let mut path = Vec::new();
    let mut at = left.first().copied().unwrap_or(0);
    while !path.contains(&at) {
        path.push(at);
        at = edges
            .get(at)
            .and_then(|t| t.iter().copied().find(|j| left.contains(j)))
            .unwrap_or(at);
    }
    let start = path.iter().position(|&p| p == at).unwrap_or(0);
    Err(path.split_off(start))
}

/// For each node, the nodes reachable from it (transitive precedence).
fn reachability(edges: &[Vec<usize>]) -> Vec<BTreeSet<usize>> {
    (0..edges.len())
        .map(|start| {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<usize> = edges.get(start).cloned().unwrap_or_default();
            while let Some(i) = stack.pop() {
                if seen.insert(i) {
                    stack.extend(edges.get(i).map_or(&[][..], Vec::as_slice));
                }
            }
            seen
        })
        .collect()
}

/// The date fields of one kind, in order.
fn pick_date<'f>(
    fields: impl Iterator<Item = &'f Field<ast::Spanned<String>>>,
) -> Vec<&'f Field<ast::Spanned<String>>> {
    fields.collect()
}

/// "1 factor", "3 factors".
fn count_noun(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
