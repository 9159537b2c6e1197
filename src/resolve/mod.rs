//! Stage 2, resolve: one protocol ready to check. The file is parsed, the bases
//! it `extends` loaded and merged (`load.rs`, `variant.rs`), the files its steps
//! hand off to looked at (`handoff.rs`), and the names it declares collected.
//!
//! Every factor, criteria group, signal, contact, track, definition and resource
//! shares one namespace, so a name means one thing wherever it is used. Steps are
//! named within their track.

mod handoff;
pub(crate) mod load;
pub(crate) mod variant;

pub use load::{add_source, Loader};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::SourceRecord;
use crate::source::{FileId, Sources, Span};
use crate::suggest;
use crate::syntax::ast::{CriteriaField, Declaration, File, Ident};
use std::collections::BTreeMap;

/// A protocol ready to check: its file with every base merged in, the names it
/// declares, and the files it was read from (the variant first, then its bases).
pub(crate) struct Resolved {
    pub file: File,
    pub names: Names,
    pub sources: Vec<SourceRecord>,
}

/// Resolves the protocol in `file` of `sources`: parses it; loads and merges the
/// bases it `extends` (through `load`, adding them to `sources`); reads the files
/// its steps hand off to (through `load`); collects its names. `None` when it
/// cannot be parsed or a base cannot be loaded; the diagnostics say why.
pub(crate) fn resolve(
    sources: &mut Sources,
    file: FileId,
    load: &mut Loader<'_>,
) -> (Option<Resolved>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut chain = vec![file];
    let Some(ast) = load::parse_and_merge(sources, file, load, &mut chain, &mut diagnostics) else {
        return (None, diagnostics);
    };
    handoff::check_handoffs(sources, &ast, load, &mut diagnostics);
    let (names, mut found) = collect_names(&ast);
    diagnostics.append(&mut found);
    let records = chain
        .iter()
        .map(|&f| SourceRecord {
            file: sources.name(f).replace('\\', "/"),
            sha256: crate::sha256_hex(sources.text(f).as_bytes()),
        })
        .collect();
    let resolved = Resolved {
        file: ast,
        names,
        sources: records,
    };
    (Some(resolved), diagnostics)
}

/// What kind of thing a name was declared as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Factor,
    Criteria,
    Signal,
    Input,
    Contact,
    Track,
    Definition,
    Resource,
}

impl Kind {
    /// The word a coordinator uses, e.g. "criteria group".
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Kind::Factor => "factor",
            Kind::Criteria => "criteria group",
            Kind::Signal => "signal",
            Kind::Input => "input",
            Kind::Contact => "contact",
            Kind::Track => "track",
            Kind::Definition => "definition",
            Kind::Resource => "resource",
        }
    }

    /// "a factor", "an input"
    pub(crate) fn with_article(self) -> String {
        match self {
            Kind::Input => "an input".to_string(),
            other => format!("a {}", other.noun()),
        }
    }
}

/// A declared name: its kind, its position among the declarations of that kind, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Symbol {
    pub kind: Kind,
    pub index: usize,
    pub span: Span,
}

/// The names a protocol declares.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    symbols: BTreeMap<String, Symbol>,
    /// Names declared a second time: where the second one is (reported already).
    duplicates: BTreeMap<String, Span>,
    /// Where the criteria groups written `outcome …` are named: messages call them outcomes.
    outcomes: Vec<Span>,
}

impl Names {
    pub(crate) fn get(&self, name: &str) -> Option<Symbol> {
        self.symbols.get(name).copied()
    }

    /// What the name declared of `kind` at `at` is, as a message says it: "criteria
    /// group", or "outcome" for a group written `outcome …`.
    fn noun(&self, kind: Kind, at: Span) -> &'static str {
        if kind == Kind::Criteria && self.outcomes.contains(&at) {
            "outcome"
        } else {
            kind.noun()
        }
    }

    /// [`Self::noun`] with its article: "a criteria group", "an outcome", "an input".
    pub(crate) fn what(&self, symbol: Symbol) -> String {
        match self.noun(symbol.kind, symbol.span) {
            "outcome" => "an outcome".to_string(),
            _ => symbol.kind.with_article(),
        }
    }

    /// Looks up a reference that must be one of `expected` kinds. `role` says what
    /// takes the name (e.g. "`supersedes` takes"). The error says what was found
    /// instead and suggests a close name of the right kind.
    pub(crate) fn lookup(&self, ident: &Ident, expected: &[Kind], role: &str) -> Result<Symbol, Diagnostic> {
        let wanted = expected
            .iter()
            .map(|k| k.with_article())
            .collect::<Vec<_>>()
            .join(" or ");
        match self.get(&ident.name) {
            Some(symbol) if expected.contains(&symbol.kind) => Ok(symbol),
            Some(symbol) => {
                let what = self.what(symbol);
                let mut d = Diagnostic::error(
                    Code::WrongKind,
                    format!("`{}` is {what}, but {role} {wanted}", ident.name),
                )
                .at(ident.span, format!("expected {wanted}"))
                .also(
                    symbol.span,
                    format!("`{}` is declared here as {what}", ident.name),
                );
                if let Some(best) = self.closest(&ident.name, expected) {
                    d = d.help(format!("did you mean `{best}`?"));
                } else if symbol.kind == Kind::Factor && expected.contains(&Kind::Criteria) {
                    d = d.help("a trigger names criteria groups or signals; name the criteria group this factor belongs to");
                }
                Err(d)
            }
            None => {
                let mut d = Diagnostic::error(
                    Code::UnknownName,
                    format!(
                        "no {} is named `{}`",
                        expected.iter().map(|k| k.noun()).collect::<Vec<_>>().join(" or "),
                        ident.name
                    ),
                )
                .at(ident.span, "not declared in this protocol");
                // A copied declaration whose name was not changed is likely the
                // item this name meant.
                if let Some((copied, &copy)) = self.copied_declaration(&ident.name, expected) {
                    return Err(d
                        .also(
                            copy,
                            format!("a second `{copied}`: was this meant to be `{}`?", ident.name),
                        )
                        .help(format!(
                            "two things are named `{copied}`; if one of them is `{}`, rename it back",
                            ident.name
                        )));
                }
                d = match self.closest(&ident.name, expected) {
                    Some(best) => d.help(format!("did you mean `{best}`?")),
                    None => {
                        let known = self.names_of(expected);
                        if known.is_empty() {
                            d.help(format!("declare {wanted} named `{}` first", ident.name))
                        } else {
                            d.help(format!("you can use {} here", crate::syntax::or_list(&known)))
                        }
                    }
                };
                Err(d)
            }
        }
    }

    /// A name of one of `kinds` declared twice, which `name` may have been before
    /// it was copied: the closest name when it is one (`None` when the closest is
    /// not: a misspelling), else the only such name. Its second place.
    fn copied_declaration(&self, name: &str, kinds: &[Kind]) -> Option<(&str, &Span)> {
        let mut copies = self
            .duplicates
            .iter()
            .filter(|(n, _)| self.get(n).is_some_and(|s| kinds.contains(&s.kind)));
        if let Some(best) = self.closest(name, kinds) {
            // A close name wins: the copy when it is one, else a misspelling.
            return self.duplicates.get_key_value(best).map(|(n, s)| (n.as_str(), s));
        }
        match (copies.next(), copies.next()) {
            (Some((only, span)), None) => Some((only.as_str(), span)),
            _ => None,
        }
    }

    /// The name of `kind` declared in `file` closest to `name` (a misspelling of
    /// it), and where.
    pub(crate) fn closest_in_file(&self, name: &str, kind: Kind, file: FileId) -> Option<(&str, Span)> {
        let candidates = self
            .symbols
            .iter()
            .filter(|(n, s)| s.kind == kind && s.span.file == file && n.as_str() != name);
        let best = suggest::closest(name, candidates.map(|(n, _)| n.as_str()))?;
        self.symbols
            .get_key_value(best)
            .map(|(n, s)| (n.as_str(), s.span))
    }

    fn names_of(&self, kinds: &[Kind]) -> Vec<String> {
        self.symbols
            .iter()
            .filter(|(_, s)| kinds.contains(&s.kind))
            .map(|(n, _)| format!("`{n}`"))
            .take(8)
            .collect()
    }

    fn closest(&self, name: &str, kinds: &[Kind]) -> Option<&str> {
        suggest::closest(
            name,
            self.symbols
                .iter()
                .filter(|(_, s)| kinds.contains(&s.kind))
                .map(|(n, _)| n.as_str()),
        )
    }
}

/// Collects the names a file declares. A name declared twice is reported at its
/// second declaration, pointing back to the first; the first one counts.
pub(crate) fn collect_names(file: &File) -> (Names, Vec<Diagnostic>) {
    let mut names = Names {
        outcomes: file
            .declarations
            .iter()
            .filter_map(|d| match d {
                Declaration::Criteria(c) if c.outcome => Some(c.id.span),
                _ => None,
            })
            .collect(),
        ..Names::default()
    };
    let mut diagnostics = Vec::new();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut declare = |ident: &Ident, kind: Kind, names: &mut Names, diagnostics: &mut Vec<Diagnostic>| {
        let counter = counts.entry(kind.noun()).or_insert(0);
        let index = *counter;
        *counter += 1;
        if let Some(first) = names.get(&ident.name) {
            diagnostics.push(
                Diagnostic::error(Code::DuplicateName, format!("`{}` is declared twice", ident.name))
                    .at(
                        ident.span,
                        format!("a second {} named `{}`", names.noun(kind, ident.span), ident.name),
                    )
                    .also(
                        first.span,
                        format!("first declared here as {}", names.what(first)),
                    )
                    .help("every name in a protocol must be unique; rename one of them"),
            );
            names.duplicates.entry(ident.name.clone()).or_insert(ident.span);
            return;
        }
        names.symbols.insert(
            ident.name.clone(),
            Symbol {
                kind,
                index,
                span: ident.span,
            },
        );
    };
    for declaration in &file.declarations {
        match declaration {
            // Scenarios are named among themselves (the checker sees to it).
            Declaration::Protocol(_)
            | Declaration::Legal(_)
            | Declaration::SourceDocument(_)
            | Declaration::Change(_)
            | Declaration::Scenario(_)
            | Declaration::Translation(_) => {}
            Declaration::Definition(d) => declare(&d.id, Kind::Definition, &mut names, &mut diagnostics),
            Declaration::Contact(c) => declare(&c.id, Kind::Contact, &mut names, &mut diagnostics),
            Declaration::Resource(r) => declare(&r.id, Kind::Resource, &mut names, &mut diagnostics),
            Declaration::Signal(s) => declare(&s.id, Kind::Signal, &mut names, &mut diagnostics),
            Declaration::Input(i) => declare(&i.id, Kind::Input, &mut names, &mut diagnostics),
            Declaration::Criteria(c) => {
                declare(&c.id, Kind::Criteria, &mut names, &mut diagnostics);
                for field in &c.fields {
                    match field {
                        CriteriaField::Factor(f) => {
                            declare(&f.id, Kind::Factor, &mut names, &mut diagnostics)
                        }
                        CriteriaField::Tier(t) => t
                            .factors
                            .iter()
                            .for_each(|f| declare(&f.id, Kind::Factor, &mut names, &mut diagnostics)),
                        CriteriaField::Graded(g) => g.distinct_grades().for_each(|grade| {
                            declare(
                                &grade_factor(g, grade),
                                Kind::Factor,
                                &mut names,
                                &mut diagnostics,
                            );
                        }),
                        _ => {}
                    }
                }
            }
            Declaration::Track(t) => declare(&t.id, Kind::Track, &mut names, &mut diagnostics),
        }
    }
    // A graded item is read as an input (`supervision is severe`); numbered after
    // every declared input, as the checker builds them.
    for declaration in &file.declarations {
        if let Declaration::Criteria(c) = declaration {
            for graded in c.graded_items() {
                declare(&graded.id, Kind::Input, &mut names, &mut diagnostics);
            }
        }
    }
    (names, diagnostics)
}

/// The name of the factor that stands for one grade of a graded item:
/// `supervision_some`, written where the grade is.
pub(crate) fn grade_factor(
    graded: &crate::syntax::ast::GradedDecl,
    grade: &crate::syntax::ast::GradeDecl,
) -> Ident {
    Ident {
        name: format!("{}_{}", graded.id.name, grade.id.name),
        span: grade.id.span,
    }
}
