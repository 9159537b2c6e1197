//! The canonical layout: the syntax tree printed as [`Unit`]s — a declaration's
//! header, each field, each closing `}` — each remembering where its first token
//! was written, so comments can be put back beside it.
//!
//! Layout: declarations at the start of a line, a blank line between them (one-line
//! declarations of one kind written on consecutive lines stay together); 2 spaces
//! of indentation per block; one field per line, in the order written; in the
//! `protocol`, `contact`, `resource` and step blocks and a criteria group's `source`
//! and `met_when`, the values of text fields start in one column; lists as
//! `a, b`; triggers with only the parentheses their structure needs. Steps and a
//! variant's step changes are printed in `step`; a criteria group's fields, factors
//! and graded items in `criteria`.

mod criteria;
mod step;

use super::expression::expression;
use super::literal::{is_block, literal};
use super::scan::Scan;
use crate::source::Span;
use crate::syntax::ast::*;
use criteria::factor_options;

/// Lines printed together, which comments go before or after.
#[derive(Clone, Debug)]
pub(super) struct Unit {
    /// Byte offset in the source of its first token.
    pub start: usize,
    /// Whole lines, indented.
    pub lines: Vec<String>,
    /// The indentation of comments placed before it.
    pub comment_indent: usize,
    /// A blank line goes before it (and before the comments attached to it).
    pub blank_before: bool,
    /// It ends with the `{` of a block.
    pub opens: bool,
    /// It is the `}` of a block.
    pub closes: bool,
}

/// Lines under construction: words go on the last line.
struct Lines(Vec<String>);

impl Lines {
    fn new(indent: usize, first: &str) -> Self {
        Lines(vec![format!("{}{first}", pad(indent))])
    }

    fn word(&mut self, word: &str) {
        if let Some(last) = self.0.last_mut() {
            last.push(' ');
            last.push_str(word);
        }
    }

    /// A literal's lines: the first after a space, the others as they are.
    fn literal(&mut self, lines: Vec<String>) {
        let mut lines = lines.into_iter();
        if let Some(first) = lines.next() {
            self.word(&first);
        }
        self.0.extend(lines);
    }

    fn glue(&mut self, s: &str) {
        if let Some(last) = self.0.last_mut() {
            last.push_str(s);
        }
    }
}

fn pad(indent: usize) -> String {
    " ".repeat(indent)
}

pub(super) struct Printer<'a> {
    source: &'a str,
    scan: &'a Scan,
    pub units: Vec<Unit>,
}

/// A field in a block whose values are aligned: keyword, and value or list.
enum Value<'v> {
    Text(&'v Text),
    Word(String),
    /// Words, text, then words (either may be empty): `revision 2024-08-01 "First
    /// version"`, `deadline "immediately" when at_risk`, `deadline within 3 days from "…"`.
    Between(String, &'v Text, String),
    /// Texts one after another, each after its separator (the first one's is not
    /// written): `backup "A", "B"`, `number "TDD" "711" hours "24/7"`.
    Joined(Vec<(&'static str, &'v Text)>),
    /// Nothing after the keyword: `optional`.
    Nothing,
    /// A name, text, then a value: `choice transient "Transient" goto resolve`.
    Named(String, &'v Text, Box<Value<'v>>),
}

/// Texts separated by commas: `backup "A", "B"`.
fn comma_joined(texts: &[Text]) -> Value<'_> {
    Value::Joined(
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| (if i == 0 { "" } else { ", " }, t))
            .collect(),
    )
}

impl<'a> Printer<'a> {
    pub(super) fn new(source: &'a str, scan: &'a Scan) -> Self {
        Printer {
            source,
            scan,
            units: Vec::new(),
        }
    }

    fn literal(&self, text: &Text, indent: usize) -> Vec<String> {
        literal(text, self.source, indent)
    }

    fn push(&mut self, start: usize, lines: Lines, indent: usize, opens: bool) {
        self.units.push(Unit {
            start,
            lines: lines.0,
            comment_indent: indent,
            blank_before: false,
            opens,
            closes: false,
        });
    }

    /// The `}` of the block that opens after `header_end`, at `indent`.
    fn close(&mut self, header_end: usize, indent: usize) {
        let start = match self.scan.block_at(header_end) {
            Some((_, close)) => close,
            None => self.units.last().map_or(header_end, |u| u.start),
        };
        self.units.push(Unit {
            start,
            lines: vec![format!("{}}}", pad(indent))],
            comment_indent: indent + 2,
            blank_before: false,
            opens: false,
            closes: true,
        });
    }

    /// A change block's `approval "…"` line.
    fn approval(&mut self, change: &ChangeDecl) {
        if let Some(approval) = &change.approval {
            let mut l = Lines::new(2, keyword::APPROVAL);
            l.literal(self.literal(&approval.value, 2));
            self.push(approval.keyword.start, l, 2, false);
        }
    }

    /// Opens a top-level block: pushes its first line, `keyword name "title" {`.
    fn open_block(&mut self, start: usize, keyword: &str, name: &str, title: Option<&Text>) {
        let mut l = Lines::new(0, keyword);
        l.word(name);
        if let Some(title) = title {
            l.literal(self.literal(title, 0));
        }
        l.word("{");
        self.push(start, l, 0, true);
    }

    /// The keyword in front of a name (for items whose keyword the tree does not keep).
    fn keyword_before(&self, id: &Ident) -> usize {
        self.scan.word_before(id.span.start).unwrap_or(id.span.start)
    }

    pub(super) fn file(&mut self, file: &File) {
        // The previous declaration, when it is a one-liner: its kind and where it ends.
        let mut previous: Option<(&'static str, usize)> = None;
        for (i, declaration) in file.declarations.iter().enumerate() {
            let first = self.units.len();
            let start = self.declaration(declaration);
            let one_liner = match declaration {
                Declaration::Signal(d) => Some(("signal", d.text.span.end)),
                Declaration::Input(d) => {
                    let range_end = d.range.as_ref().map(|r| r.span.end);
                    let scale_end = d.scale.as_ref().map(|s| s.span.end);
                    Some(("input", range_end.or(scale_end).unwrap_or(d.text.span.end)))
                }
                Declaration::Definition(d) => Some(("definition", d.text.span.end)),
                Declaration::Resource(d) if d.fields.is_empty() => Some(("resource", d.text.span.end)),
                _ => None,
            }
            .filter(|_| {
                self.units.len() == first + 1 && self.units.get(first).is_some_and(|u| u.lines.len() == 1)
            });
            let together = match (previous, one_liner) {
                (Some((kind, end)), Some((this, _))) if kind == this => self
                    .source
                    .get(end..start)
                    .is_some_and(|between| !super::scan::has_blank_line(between)),
                _ => false,
            };
            if let Some(unit) = self.units.get_mut(first) {
                unit.blank_before = i > 0 && !together;
            }
            previous = one_liner;
        }
    }

    /// Prints a declaration; returns where it starts in the source.
    fn declaration(&mut self, declaration: &Declaration) -> usize {
        match declaration {
            Declaration::Protocol(d) => {
                let mut l = Lines::new(0, "protocol");
                l.word(&d.id.name);
                let mut header_end = d.id.span.end;
                if let Some(path) = &d.extends {
                    l.word("extends");
                    l.literal(self.literal(path, 0));
                    header_end = path.span.end;
                }
                l.word("{");
                self.push(d.keyword.start, l, 0, true);
                let fields: Vec<(Span, &str, Value)> = d
                    .fields
                    .iter()
                    .map(|f| match f {
                        ProtocolField::Title(f) => (f.keyword, keyword::TITLE, Value::Text(&f.value)),
                        ProtocolField::Jurisdiction(f) => {
                            (f.keyword, keyword::JURISDICTION, Value::Text(&f.value))
                        }
                        ProtocolField::Audience(f) => (f.keyword, keyword::AUDIENCE, Value::Text(&f.value)),
                        ProtocolField::Version(f) => (f.keyword, keyword::VERSION, Value::Text(&f.value)),
                        ProtocolField::Effective(f) => {
                            (f.keyword, keyword::EFFECTIVE, Value::Word(f.value.value.clone()))
                        }
                        ProtocolField::Summary(f) => (f.keyword, keyword::SUMMARY, Value::Text(&f.value)),
                        ProtocolField::Base(f) => (f.keyword, keyword::BASE, Value::Text(&f.value)),
                        ProtocolField::Status(f) => {
                            (f.keyword, keyword::STATUS, Value::Word(f.value.name.clone()))
                        }
                        ProtocolField::Language(f) => {
                            (f.keyword, keyword::LANGUAGE, Value::Word(f.value.name.clone()))
                        }
                        ProtocolField::Approved(f) => {
                            (f.keyword, keyword::APPROVED, Value::Word(f.value.value.clone()))
                        }
                        ProtocolField::ApprovedBy(f) => {
                            (f.keyword, keyword::APPROVED_BY, Value::Text(&f.value))
                        }
                        ProtocolField::Written(f) => {
                            (f.keyword, keyword::WRITTEN, Value::Word(f.value.value.clone()))
                        }
                        ProtocolField::Reviewed(f) => {
                            (f.keyword, keyword::REVIEWED, Value::Word(f.value.value.clone()))
                        }
                        ProtocolField::NextReview(f) => (
                            f.keyword,
                            keyword::NEXT_REVIEW,
                            Value::Word(f.value.value.clone()),
                        ),
                        ProtocolField::Revision(f) => (
                            f.keyword,
                            keyword::REVISION,
                            Value::Between(f.value.date.value.clone(), &f.value.text, String::new()),
                        ),
                        ProtocolField::Subject(f) => (f.keyword, keyword::SUBJECT, Value::Text(&f.value)),
                        ProtocolField::ProperNouns(f) => {
                            (f.keyword, keyword::PROPER_NOUNS, comma_joined(&f.value))
                        }
                    })
                    .collect();
                self.aligned(&fields, 2);
                self.close(header_end, 0);
                d.keyword.start
            }
            Declaration::Legal(d) => {
                self.push(d.keyword.start, Lines::new(0, "legal {"), 0, true);
                for field in &d.fields {
                    match field {
                        LegalField::Statement(f) => {
                            self.aligned(&[(f.keyword, keyword::STATEMENT, Value::Text(&f.value))], 2);
                        }
                        LegalField::Law(f) => {
                            let mut l = Lines::new(2, keyword::LAW);
                            l.literal(self.literal(&f.value.code, 2));
                            if !f.value.sections.is_empty() {
                                l.word("sections");
                            }
                            for (i, section) in f.value.sections.iter().enumerate() {
                                if i > 0 {
                                    l.glue(",");
                                }
                                l.literal(self.literal(section, 2));
                            }
                            self.push(f.keyword.start, l, 2, false);
                        }
                    }
                }
                self.close(d.keyword.end, 0);
                d.keyword.start
            }
            Declaration::Definition(d) => {
                let start = self.keyword_before(&d.id);
                let mut l = Lines::new(0, "definition");
                l.word(&d.id.name);
                l.literal(self.literal(&d.term, 0));
                l.literal(self.literal(&d.text, 0));
                self.push(start, l, 0, false);
                start
            }
            Declaration::Contact(d) => {
                self.open_block(d.keyword.start, "contact", &d.id.name, None);
                let fields: Vec<(Span, &str, Value)> = d
                    .fields
                    .iter()
                    .map(|f| match f {
                        ContactField::Name(f) => (f.keyword, keyword::NAME, Value::Text(&f.value)),
                        ContactField::Phone(f) => (f.keyword, keyword::PHONE, Value::Text(&f.value)),
                        ContactField::Email(f) => (f.keyword, keyword::EMAIL, Value::Text(&f.value)),
                        ContactField::Website(f) => (f.keyword, keyword::WEBSITE, Value::Text(&f.value)),
                        ContactField::Note(f) => (f.keyword, keyword::NOTE, Value::Text(&f.value)),
                        ContactField::Parameter(f) => (f.keyword, keyword::PARAMETER, Value::Text(&f.value)),
                        ContactField::Hours(f) => (f.keyword, keyword::HOURS, Value::Text(&f.value)),
                        ContactField::Number(f) => (
                            f.keyword,
                            keyword::NUMBER,
                            match &f.value.hours {
                                Some(hours) => Value::Joined(vec![
                                    ("", &f.value.label),
                                    (" ", &f.value.phone),
                                    (" hours ", hours),
                                ]),
                                None => Value::Joined(vec![("", &f.value.label), (" ", &f.value.phone)]),
                            },
                        ),
                        ContactField::InsteadOf(f) => (
                            f.keyword,
                            keyword::INSTEAD_OF,
                            Value::Between(f.value.contact.name.clone(), &f.value.when, String::new()),
                        ),
                        ContactField::Reviewed(f) => {
                            (f.keyword, keyword::REVIEWED, Value::Word(f.value.value.clone()))
                        }
                        ContactField::NextReview(f) => (
                            f.keyword,
                            keyword::NEXT_REVIEW,
                            Value::Word(f.value.value.clone()),
                        ),
                    })
                    .collect();
                self.aligned(&fields, 2);
                self.close(d.id.span.end, 0);
                d.keyword.start
            }
            Declaration::Resource(d) => {
                let start = self.keyword_before(&d.id);
                let mut l = Lines::new(0, "resource");
                l.word(&d.id.name);
                l.literal(self.literal(&d.text, 0));
                let block = !d.fields.is_empty();
                if block {
                    l.word("{");
                }
                self.push(start, l, 0, block);
                if block {
                    let fields: Vec<(Span, &str, Value)> = d
                        .fields
                        .iter()
                        .map(|f| match f {
                            ResourceField::Url(f) => (f.keyword, keyword::URL, Value::Text(&f.value)),
                            ResourceField::Note(f) => (f.keyword, keyword::NOTE, Value::Text(&f.value)),
                            ResourceField::Contact(f) => {
                                (f.keyword, keyword::CONTACT, Value::Word(f.value.name.clone()))
                            }
                        })
                        .collect();
                    self.aligned(&fields, 2);
                    self.close(d.text.span.end, 0);
                }
                start
            }
            Declaration::SourceDocument(d) => {
                let mut l = Lines::new(0, keyword::SOURCE_DOCUMENT);
                l.literal(self.literal(&d.title, 0));
                let block = !d.fields.is_empty();
                if block {
                    l.word("{");
                }
                self.push(d.keyword.start, l, 0, block);
                if block {
                    let fields: Vec<(Span, &str, Value)> = d
                        .fields
                        .iter()
                        .map(|f| match f {
                            SourceDocumentField::Publisher(f) => {
                                (f.keyword, keyword::PUBLISHER, Value::Text(&f.value))
                            }
                            SourceDocumentField::Url(f) => (f.keyword, keyword::URL, Value::Text(&f.value)),
                            SourceDocumentField::Date(f) => {
                                (f.keyword, keyword::DATE, Value::Word(f.value.value.clone()))
                            }
                            SourceDocumentField::Version(f) => {
                                (f.keyword, keyword::VERSION, Value::Text(&f.value))
                            }
                        })
                        .collect();
                    self.aligned(&fields, 2);
                    self.close(d.title.span.end, 0);
                }
                d.keyword.start
            }
            Declaration::Signal(d) => {
                let start = self.keyword_before(&d.id);
                let mut l = Lines::new(0, "signal");
                l.word(&d.id.name);
                l.literal(self.literal(&d.text, 0));
                self.push(start, l, 0, false);
                start
            }
            Declaration::Input(d) => {
                let start = self.keyword_before(&d.id);
                let mut l = Lines::new(0, "input");
                l.word(&d.id.name);
                l.literal(self.literal(&d.text, 0));
                if let Some(range) = &d.range {
                    let (from, to) = range.value;
                    l.word(&format!("from {} to {}", number(from), number(to)));
                }
                if let Some(scale) = &d.scale {
                    l.word("scale");
                    for (i, value) in scale.value.iter().enumerate() {
                        if i > 0 {
                            l.glue(",");
                        }
                        l.word(&value.id.name);
                        l.literal(self.literal(&value.title, 0));
                    }
                }
                self.push(start, l, 0, false);
                start
            }
            Declaration::Criteria(d) => {
                let word = if d.outcome { "outcome" } else { "criteria" };
                self.open_block(d.keyword.start, word, &d.id.name, Some(&d.title));
                self.criteria_fields(&d.fields, d.outcome);
                self.close(d.title.span.end, 0);
                d.keyword.start
            }
            Declaration::Track(d) => {
                self.open_block(d.keyword.start, "track", &d.id.name, Some(&d.title));
                for field in &d.fields {
                    match field {
                        TrackField::When(f) => self.trigger_field(f, keyword::WHEN),
                        TrackField::Supersedes(f) => self.list(f.keyword, keyword::SUPERSEDES, &f.value, 2),
                        TrackField::Precedes(f) => self.list(f.keyword, keyword::PRECEDES, &f.value, 2),
                        TrackField::Rule(f) => {
                            let mut l = Lines::new(2, keyword::RULE);
                            l.literal(self.literal(&f.value, 2));
                            self.push(f.keyword.start, l, 2, false);
                        }
                        TrackField::Step(step) => {
                            let l = Lines::new(2, StepKind::keyword(step.kind));
                            self.step(l, step.keyword.start, step, 2);
                        }
                    }
                }
                self.close(d.title.span.end, 0);
                d.keyword.start
            }
            Declaration::Change(d) => {
                match &d.target {
                    ChangeTarget::Track { id, when, changes } => {
                        self.open_block(d.keyword.start, "change track", &id.name, None);
                        if let Some(when) = when {
                            self.trigger_field(when, keyword::WHEN);
                        }
                        self.approval(d);
                        for change in changes {
                            self.step_change(change);
                        }
                        self.close(id.span.end, 0);
                    }
                    ChangeTarget::Criteria { id, fields, factors } => {
                        self.open_block(d.keyword.start, "change criteria", &id.name, None);
                        self.criteria_fields(fields, false);
                        for change in factors {
                            let (keyword, start, id) = match change {
                                FactorChange::Options { keyword, id, .. } => {
                                    (keyword::FACTOR, keyword.start, id)
                                }
                                FactorChange::Remove { keyword, id } => ("remove factor", keyword.start, id),
                            };
                            let mut l = Lines::new(2, keyword);
                            l.word(&id.name);
                            if let FactorChange::Options { options, .. } = change {
                                factor_options(&mut l, options);
                            }
                            self.push(start, l, 2, false);
                        }
                        self.approval(d);
                        self.close(id.span.end, 0);
                    }
                }
                d.keyword.start
            }
            Declaration::Scenario(d) => {
                self.open_block(d.keyword.start, "scenario", &d.id.name, Some(&d.title));
                for field in &d.fields {
                    match field {
                        ScenarioField::Given(f) => {
                            let mut l = Lines::new(2, keyword::GIVEN);
                            let items: Vec<String> = f
                                .value
                                .iter()
                                .map(|g| match g {
                                    Given::Present(id) => id.name.clone(),
                                    Given::Possible(id) => format!("possible {}", id.name),
                                    Given::Value(id, v) => format!("{} = {}", id.name, input_value(&v.value)),
                                })
                                .collect();
                            l.word(&items.join(", "));
                            self.push(f.keyword.start, l, 2, false);
                        }
                        ScenarioField::Expect(Field {
                            keyword,
                            value:
                                value @ (Expectation::Level(group, level) | Expectation::Outcome(group, level)),
                        }) => {
                            let words = if matches!(value, Expectation::Outcome(..)) {
                                "expect outcome"
                            } else {
                                "expect level"
                            };
                            let mut l = Lines::new(2, words);
                            l.word(&group.name);
                            l.word(&level.name);
                            self.push(keyword.start, l, 2, false);
                        }
                        ScenarioField::Answer(f) => {
                            let mut l = Lines::new(2, keyword::ANSWER);
                            l.word(&f.value.0.name);
                            l.word(&f.value.1.name);
                            self.push(f.keyword.start, l, 2, false);
                        }
                        ScenarioField::Expect(f) => {
                            let (keyword, names) = match &f.value {
                                Expectation::Nothing => ("expect nothing", &[][..]),
                                Expectation::Tracks(names) => ("expect", &names[..]),
                                Expectation::NotTracks(names) => ("expect not", &names[..]),
                                Expectation::Met(names) => ("expect met", &names[..]),
                                Expectation::NotMet(names) => ("expect not met", &names[..]),
                                Expectation::Level(..) | Expectation::Outcome(..) => {
                                    ("expect level", &[][..])
                                }
                                Expectation::Steps(names) => ("expect step", &names[..]),
                                Expectation::NotSteps(names) => ("expect not step", &names[..]),
                                Expectation::End => ("expect end", &[][..]),
                            };
                            self.list(f.keyword, keyword, names, 2);
                        }
                    }
                }
                self.close(d.title.span.end, 0);
                d.keyword.start
            }
            Declaration::Translation(d) => {
                self.open_block(d.keyword.start, "translation", &d.lang.name, Some(&d.name));
                for entry in &d.entries {
                    self.translation_entry(entry);
                }
                self.close(d.name.span.end, 0);
                d.keyword.start
            }
        }
    }

    /// One line of a translation block: `step suspected.report "…"`, `contact cps note "…"`.
    fn translation_entry(&mut self, entry: &TranslationEntry) {
        let names: Vec<&str> = entry.ids.iter().map(|i| i.name.as_str()).collect();
        let mut l = match entry.kind.owner() {
            Some(owner) => {
                // `contact cps note "…"`, `contact cps number 2 "…"`
                let mut l = Lines::new(2, owner);
                if let Some((id, rest)) = names.split_first() {
                    l.word(id);
                    l.word(entry.kind.keyword());
                    for name in rest {
                        l.word(name);
                    }
                }
                l
            }
            None => {
                let mut l = Lines::new(2, entry.kind.keyword());
                if !names.is_empty() {
                    l.word(&names.join("."));
                }
                if entry.kind == TranslationKind::DeadlineFrom {
                    l.word(keyword::FROM);
                }
                l
            }
        };
        for text in &entry.texts {
            l.literal(self.literal(text, 2));
        }
        if let Some(gender) = &entry.gender {
            l.word(keyword::gender(gender.value));
        }
        self.push(entry.keyword.start, l, 2, false);
    }

    /// `keyword a, b` on one line.
    fn list(&mut self, keyword: Span, word: &str, names: &[Ident], indent: usize) {
        let mut l = Lines::new(indent, word);
        let names: Vec<&str> = names.iter().map(|n| n.name.as_str()).collect();
        if !names.is_empty() {
            l.word(&names.join(", "));
        }
        self.push(keyword.start, l, indent, false);
    }

    /// Fields of a block, one a line, with the values of text fields in one column
    /// (a name after `contact` and a triple-quoted block follow their keyword after
    /// one space).
    fn aligned(&mut self, fields: &[(Span, &str, Value)], indent: usize) {
        let width = fields
            .iter()
            .filter(|(_, word, _)| *word != keyword::CONTACT)
            .map(|(_, word, _)| word.len())
            .max()
            .unwrap_or(0);
        for (span, keyword, value) in fields {
            let lines = self.value_lines(value, indent);
            let first = lines.first().map_or("", String::as_str);
            let keyword =
                if *keyword == keyword::CONTACT || is_block(first) || matches!(value, Value::Nothing) {
                    (*keyword).to_string()
                } else {
                    format!("{keyword:<width$}")
                };
            let mut l = Lines::new(indent, &keyword);
            l.literal(lines);
            self.push(span.start, l, indent, false);
        }
    }

    /// A field's value as lines (text in quotes as written back).
    fn value_lines(&self, value: &Value, indent: usize) -> Vec<String> {
        match value {
            Value::Text(text) => self.literal(text, indent),
            Value::Word(word) => vec![word.clone()],
            Value::Joined(parts) => {
                let mut lines: Vec<String> = Vec::new();
                for (separator, text) in parts {
                    let mut next = self.literal(text, indent).into_iter();
                    match (lines.last_mut(), next.next()) {
                        (Some(last), Some(first)) => {
                            last.push_str(separator);
                            last.push_str(&first);
                        }
                        (None, Some(first)) => lines.push(first),
                        _ => {}
                    }
                    lines.extend(next);
                }
                lines
            }
            Value::Nothing => Vec::new(),
            Value::Between(before, text, after) => {
                let mut lines = self.literal(text, indent);
                match lines.first_mut() {
                    Some(first) if !before.is_empty() => *first = format!("{before} {first}"),
                    None if !before.is_empty() => lines.push(before.clone()),
                    _ => {}
                }
                if let (Some(last), false) = (lines.last_mut(), after.is_empty()) {
                    last.push(' ');
                    last.push_str(after);
                }
                lines
            }
            Value::Named(name, text, then) => {
                let mut lines = self.value_lines(&Value::Between(name.clone(), text, String::new()), indent);
                let mut rest = self.value_lines(then, indent).into_iter();
                match (lines.last_mut(), rest.next()) {
                    (Some(last), Some(first)) => {
                        last.push(' ');
                        last.push_str(&first);
                    }
                    (None, Some(first)) => lines.push(first),
                    _ => {}
                }
                lines.extend(rest);
                lines
            }
        }
    }

    /// `keyword TRIGGER` on one line.
    fn trigger_field(&mut self, f: &Field<Option<Expr>>, keyword: &str) {
        let mut l = Lines::new(2, keyword);
        if let Some(expr) = &f.value {
            l.word(&expression(expr));
        }
        self.push(f.keyword.start, l, 2, false);
    }
}

/// A number as written; one too large to read was reported and printed as nothing.
pub(super) fn number(n: Option<u32>) -> String {
    n.map_or_else(String::new, |n| n.to_string())
}

/// A value given to an input as written: a number, or a scale value's name.
pub(super) fn input_value(value: &InputValue) -> String {
    match value {
        InputValue::Number(n) => number(*n),
        InputValue::Name(name) => name.clone(),
    }
}
