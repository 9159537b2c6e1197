//! Stage 3, check: every rule of the language, every problem collected, and the
//! validated [`Model`] built when there are none.
//!
//! Only this module constructs a `Model`. Checks run in the order a reader meets
//! things (metadata, contacts, texts, criteria, tracks), then the whole-protocol
//! checks (unused names, triggers that can never fire, precedence).

mod answers;
mod applicable;
mod branching;
mod choices;
mod contacts;
mod criteria;
mod fields;
mod formats;
mod graded;
mod logic;
mod metadata;
mod nouns;
mod outcome;
mod precedence;
mod scale;
mod scenarios;
mod scoring;
mod select_all;
mod text;
mod time;
mod tracks;
mod translations;
mod unused;

pub(crate) use formats::{email_problem, phone_problem, url_problem};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::resolve::Names;
use crate::source::Span;
use crate::syntax::ast::{self, Declaration};
use std::collections::{BTreeMap, BTreeSet};

/// Checks a resolved protocol: `file` with its bases merged in, the `names` it
/// declares, and the `sources` it was read from. Returns every diagnostic found,
/// and the model as far as it could be built: it is valid only when no
/// diagnostic (of this or an earlier stage) is an error, and [`crate::compile`]
/// keeps it only then.
pub(crate) fn check(
    file: &ast::File,
    names: Names,
    sources: Vec<SourceRecord>,
    require_translations: bool,
) -> (Option<Model>, Vec<Diagnostic>) {
    let mut checker = Checker {
        translations_required: translations::Required::of(file, require_translations),
        translated_names: Vec::new(),
        names,
        diagnostics: Vec::new(),
        contacts: Vec::new(),
        used: BTreeSet::new(),
        trigger_example: String::new(),
        proper_nouns: Vec::new(),
        empty_texts: Vec::new(),
        is_base: false,
        protocol_name: None,
        inputs: Vec::new(),
        levels: BTreeMap::new(),
        outcomes: BTreeSet::new(),
        domains: logic::Domains::default(),
        derived_factors: BTreeMap::new(),
        factor_only_when: BTreeMap::new(),
        question_ids: Vec::new(),
        step_ids: BTreeSet::new(),
        questions_by_name: BTreeMap::new(),
        reading_at: None,
        answers_read: BTreeSet::new(),
        same_routes: Vec::new(),
    };
    let model = checker.protocol(file, sources);
    let repeats = [Code::UnknownName, Code::UnknownScenarioStep, Code::UnknownStep];
    (
        model,
        crate::diagnostic::fold_repeats(checker.diagnostics, &repeats),
    )
}

/// While a file has errors, "never used" warnings are left out: a misspelt name
/// (or an unreadable trigger or placeholder) makes the item it meant look unused.
/// They are checked again once the errors are fixed.
pub(crate) fn without_unused_if_errors(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
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
    /// Names that keep their capital inside a sentence (`proper_nouns`), read
    /// before any text is filled in.
    proper_nouns: Vec<String>,
    /// Empty texts already reported (a text may be read more than once).
    empty_texts: Vec<Span>,
    /// The protocol is a shared base (`base "…"`): its parameters may stay unsupplied.
    is_base: bool,
    /// Where the protocol's name is written (a variant's, after merging).
    protocol_name: Option<Span>,
    /// Inputs, built before anything that compares them.
    inputs: Vec<Input>,
    /// Each scored group's level names (in order) and where they are written.
    levels: BTreeMap<String, Vec<(String, Span)>>,
    /// The names of the outcomes (groups written `outcome …`), known before any condition is read.
    outcomes: BTreeSet<String>,
    /// What values inputs and scored groups take, for trigger reasoning.
    domains: logic::Domains,
    /// Factors worked out from inputs (`when …`), which scenarios cannot tick.
    /// Factors worked out by a `when`, each with how a scenario gives what it reads.
    derived_factors: BTreeMap<String, Vec<String>>,
    /// Where each factor's `only_when` is written, by the factor's name.
    factor_only_when: BTreeMap<String, Span>,
    /// The protocol's questions, in file order (for scenarios' answers).
    question_ids: Vec<String>,
    /// The names of every step and question (for scenarios' `expect step`).
    step_ids: BTreeSet<String>,
    /// Every question by name, known before any condition is read.
    questions_by_name: BTreeMap<String, answers::QuestionEntry>,
    /// Where the condition being read is (a track's `when`, a step's), if in a track.
    reading_at: Option<answers::Place>,
    /// The questions some condition reads the answer of.
    answers_read: BTreeSet<String>,
    /// Questions whose yes and no lead to the same place, with the warning held
    /// back until every condition is read (see `answers::same_routes_unread`).
    same_routes: Vec<(String, Diagnostic)>,
    /// Why every translation must be complete, when it must (P0146).
    translations_required: Option<translations::Required>,
    /// While a translation is read: each contact's name in its language, if it
    /// translates it, filled into its texts' `{contact.name}` placeholders.
    translated_names: Vec<Option<String>>,
}

/// One item of each kind, collected from the file's declarations in order.
#[derive(Default)]
struct Declarations<'a> {
    protocols: Vec<&'a ast::ProtocolDecl>,
    legal: Vec<&'a ast::LegalDecl>,
    definitions: Vec<&'a ast::DefinitionDecl>,
    contacts: Vec<&'a ast::ContactDecl>,
    resources: Vec<&'a ast::ResourceDecl>,
    source_documents: Vec<&'a ast::SourceDocumentDecl>,
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
                Declaration::SourceDocument(x) => d.source_documents.push(x),
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
        let mut decls = Declarations::of(file);
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
            .is_some_and(|p| p.fields.iter().any(|f| f.as_base().is_some()));
        self.protocol_name = decls.protocols.first().map(|p| p.id.span);
        for change in &decls.changes {
            self.report(
                Diagnostic::error(Code::ChangeWithoutBase, "`change` is for a variant, and this protocol extends no base")
                    .at(change.keyword, "nothing to change")
                    .help("name the base after the protocol's name, e.g. `protocol my_county extends \"../california/csec-educators.protocol\" { … }`, or declare the track or criteria group here in full"),
            );
        }
        self.questions_by_name = answers::question_table(&decls);
        let metadata = self.metadata(&decls);
        self.proper_nouns = metadata
            .as_ref()
            .map(|m| m.proper_nouns.clone())
            .unwrap_or_default();
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
        let graded = self.graded_inputs(&decls.criteria);
        self.inputs.extend(graded);
        // Translations read a graded item as an input with its grades as values.
        let graded_decls = graded::graded_input_decls(&decls.criteria);
        decls.inputs.extend(graded_decls.iter());
        self.collect_levels(&decls.criteria);
        self.outcomes = decls
            .criteria
            .iter()
            .filter(|c| c.outcome)
            .map(|c| c.id.name.clone())
            .collect();
        let mut factors = Vec::new();
        let criteria: Vec<Criteria> = decls
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| self.criteria(c, CriteriaIdx(i), &mut factors))
            .collect();
        let criteria_order = self.criteria_order(&decls.criteria, &criteria, &factors);
        self.domains = self.domains(&self.inputs, &criteria);
        self.outcome_rules_hold(&decls.criteria, &criteria);
        self.factors_can_apply(&criteria, &factors);
        let tracks: Vec<Option<Track>> = decls.tracks.iter().map(|t| self.track(t)).collect();
        self.nothing_to_tick(&decls.tracks, &criteria, &factors);
        self.same_routes_unread();
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
        let (language, labels) = self.own_language(&decls);
        self.own_nouns_gender_said(&decls.criteria, &labels, &language.name);
        let translations = self.translations(&decls, &language);
        self.unused(&decls);
        let precedence = self.precedence(&decls.tracks, &tracks);
        let tracks: Option<Vec<Track>> = tracks.into_iter().collect();
        let (mut tracks, precedence) = (tracks?, precedence?);
        precedence::supersession_chains(&mut tracks, &precedence);
        let metadata_subject = metadata.as_ref().and_then(|m| m.subject.as_deref());
        let labels = labels.about(metadata_subject);
        crate::model::say_times(&mut tracks, &labels);
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
            language,
            labels,
            translations,
            questions,
            sealed: Sealed(()),
        };
        Some(model)
    }
}
