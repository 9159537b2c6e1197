//! The syntax tree of one protocol file: what was written and where, before any name is resolved.
//!
//! Fields are kept as lists in the order written (so the checker can report a field
//! given twice, or a required one missing); text is already unescaped and split
//! into literal parts and `{contact.field}` placeholders.

mod change;
mod question;
mod time;
mod translation;
mod value;

pub use change::{ChangeDecl, ChangeTarget, CountyChange, FactorChange, StepChange};
pub use question::{ChoiceDecl, Route};
pub use time::{Amount, DeadlineDecl, DeadlineTime, Lasting};
pub use translation::{TranslationDecl, TranslationEntry, TranslationKind};
pub use value::{CompareOp, InputValue, ScaleValueDecl};

use crate::source::Span;

/// A name as written, e.g. `at_risk_2`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A piece of text: literal parts and `{contact.field}` placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub segments: Vec<Segment>,
    /// The whole string literal, quotes included.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// `{cps.phone}`: the `phone` field of contact `cps`.
    Placeholder {
        contact: Ident,
        field: Ident,
    },
}

impl Text {
    /// The text as it would be written inside quotes: placeholders as `{contact.field}`,
    /// literal braces and backslashes escaped.
    pub fn template(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(s) => {
                    for c in s.chars() {
                        match c {
                            '{' | '}' | '\\' => {
                                out.push('\\');
                                out.push(c);
                            }
                            _ => out.push(c),
                        }
                    }
                }
                Segment::Placeholder { contact, field } => {
                    out.push('{');
                    out.push_str(&contact.name);
                    out.push('.');
                    out.push_str(&field.name);
                    out.push('}');
                }
            }
        }
        out
    }
}

/// A value with the span it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// A field inside a block: its keyword's span and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field<V> {
    pub keyword: Span,
    pub value: V,
}

/// Each field keyword of the language, spelled once: the checker's messages, the
/// formatter, variants' override rules and translation keys read them from here.
pub mod keyword {
    // `protocol` block
    pub const TITLE: &str = "title";
    pub const JURISDICTION: &str = "jurisdiction";
    pub const AUDIENCE: &str = "audience";
    pub const VERSION: &str = "version";
    pub const EFFECTIVE: &str = "effective";
    pub const SUMMARY: &str = "summary";
    pub const BASE: &str = "base";
    pub const STATUS: &str = "status";
    pub const APPROVED: &str = "approved";
    pub const APPROVED_BY: &str = "approved_by";
    pub const WRITTEN: &str = "written";
    pub const SUBJECT: &str = "subject";
    pub const PROPER_NOUNS: &str = "proper_nouns";
    // `change` blocks
    pub const APPROVAL: &str = "approval";
    pub const REVIEWED: &str = "reviewed";
    pub const NEXT_REVIEW: &str = "next_review";
    pub const REVISION: &str = "revision";
    pub const LANGUAGE: &str = "language";
    // `legal` block
    pub const STATEMENT: &str = "statement";
    pub const LAW: &str = "law";
    // `contact` and `resource` blocks
    pub const NAME: &str = "name";
    pub const PHONE: &str = "phone";
    pub const EMAIL: &str = "email";
    pub const WEBSITE: &str = "website";
    pub const NOTE: &str = "note";
    pub const PARAMETER: &str = "parameter";
    pub const HOURS: &str = "hours";
    pub const NUMBER: &str = "number";
    pub const INSTEAD_OF: &str = "instead_of";
    pub const URL: &str = "url";
    pub const CONTACT: &str = "contact";
    // `source_document` block
    pub const SOURCE_DOCUMENT: &str = "source_document";
    pub const PUBLISHER: &str = "publisher";
    pub const DATE: &str = "date";
    // `criteria` block and its factors
    pub const SOURCE: &str = "source";
    pub const MET_WHEN: &str = "met_when";
    pub const FACTOR: &str = "factor";
    pub const APPLIES_WHEN: &str = "applies_when";
    pub const POSSIBLE_COUNTS_AS: &str = "possible_counts_as";
    pub const ITEMS_CALLED: &str = "items_called";
    pub const MASCULINE: &str = "masculine";
    pub const FEMININE: &str = "feminine";

    /// `feminine` or `masculine`, as an `items_called` line says a word's gender.
    pub fn gender(feminine: bool) -> &'static str {
        if feminine {
            FEMININE
        } else {
            MASCULINE
        }
    }
    pub const LEVEL: &str = "level";
    pub const VALUE: &str = "value";
    pub const ALLOW_GAPS: &str = "allow_gaps";
    pub const FLOOR: &str = "floor";
    pub const FORCE: &str = "force";
    // `outcome` block
    pub const OUTCOME: &str = "outcome";
    pub const SET: &str = "set";
    pub const OTHERWISE: &str = "otherwise";
    pub const HIGHEST_WINS: &str = "highest_wins";
    pub const POINTS: &str = "points";
    pub const POSSIBLE: &str = "possible";
    pub const ALONE: &str = "alone";
    pub const GRADED: &str = "graded";
    pub const GRADE: &str = "grade";
    pub const TIER: &str = "tier";
    pub const WHEN: &str = "when";
    // `track` block and its steps
    pub const SUPERSEDES: &str = "supersedes";
    pub const PRECEDES: &str = "precedes";
    pub const RULE: &str = "rule";
    pub const STEP: &str = "step";
    pub const QUESTION: &str = "question";
    pub const CHOICE: &str = "choice";
    pub const SELECT_ALL: &str = "select_all";
    pub const CONDITION: &str = "condition";
    pub const REQUIRED: &str = "required";
    pub const ROLE: &str = "role";
    pub const BACKUP: &str = "backup";
    pub const CHECKLIST: &str = "checklist";
    pub const DEADLINE: &str = "deadline";
    pub const LASTS: &str = "lasts";
    pub const FROM: &str = "from";
    pub const FORM: &str = "form";
    pub const OPTIONAL: &str = "optional";
    pub const SKIP_WHEN: &str = "skip_when";
    pub const ONLY_WHEN: &str = "only_when";
    pub const AFTER: &str = "after";
    pub const END: &str = "end";
    pub const HANDOFF: &str = "handoff";
    pub const YES: &str = "yes";
    pub const NO: &str = "no";
    pub const UNCLEAR_COUNTS_AS: &str = "unclear_counts_as";
    // `scenario` block
    pub const GIVEN: &str = "given";
    pub const ANSWER: &str = "answer";
    pub const EXPECT: &str = "expect";
    // items a `translation` line names besides the fields above
    pub const DEFINITION: &str = "definition";
    pub const SIGNAL: &str = "signal";
    pub const CRITERIA: &str = "criteria";
    pub const TRACK: &str = "track";
    pub const RESOURCE: &str = "resource";
    pub const LABEL: &str = "label";
    pub const INPUT: &str = "input";
}

/// One accessor per kind of field of a block: `as_title` gives the field when it is a
/// `title`, so `decl.fields.iter().filter_map(ProtocolField::as_title)` picks the block's titles.
macro_rules! field_accessors {
    ($list:ident { $($accessor:ident: $variant:ident($value:ty)),* $(,)? }) => {
        impl $list {
            $(
                #[doc = concat!("The field when it is a `", stringify!($variant), "`.")]
                pub fn $accessor(&self) -> Option<&$value> {
                    match self {
                        $list::$variant(value) => Some(value),
                        _ => None,
                    }
                }
            )*
        }
    };
}

// After the macro, so the module can use it.
mod criteria;
pub use criteria::{
    CriteriaDecl, CriteriaField, FactorDecl, FactorOption, GradeDecl, GradedDecl, InputDecl, ItemNounDecl,
    LevelDecl, LevelRangeDecl, MetWhen, OverrideDecl, SignalDecl, Threshold, TierDecl,
};

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct File {
    pub declarations: Vec<Declaration>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Declaration {
    Protocol(ProtocolDecl),
    Legal(LegalDecl),
    Definition(DefinitionDecl),
    Contact(ContactDecl),
    Resource(ResourceDecl),
    SourceDocument(SourceDocumentDecl),
    Signal(SignalDecl),
    Input(InputDecl),
    Criteria(CriteriaDecl),
    Track(TrackDecl),
    Change(ChangeDecl),
    Scenario(ScenarioDecl),
    Translation(TranslationDecl),
}

field_accessors!(Declaration {
    as_protocol: Protocol(ProtocolDecl),
    as_track: Track(TrackDecl),
});

/// `protocol ID { title … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolDecl {
    pub keyword: Span,
    pub id: Ident,
    /// `extends "path"`: the base this variant builds on, relative to this file.
    pub extends: Option<Text>,
    pub fields: Vec<ProtocolField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtocolField {
    Title(Field<Text>),
    Jurisdiction(Field<Text>),
    Audience(Field<Text>),
    Version(Field<Text>),
    Effective(Field<Spanned<String>>),
    Summary(Field<Text>),
    /// `base "…"`: a shared base, not a complete protocol.
    Base(Field<Text>),
    /// `status approved`
    Status(Field<Ident>),
    /// `approved 2024-07-15`
    Approved(Field<Spanned<String>>),
    /// `approved_by "Board of Education"`
    ApprovedBy(Field<Text>),
    /// `written 2019-03`
    Written(Field<Spanned<String>>),
    /// `reviewed 2025-06-01`: last reviewed.
    Reviewed(Field<Spanned<String>>),
    /// `next_review 2026-06-01`
    NextReview(Field<Spanned<String>>),
    /// `revision 2024-08-01 "First version"`
    Revision(Field<Revision>),
    /// `language es`: the language the protocol is written in.
    Language(Field<Ident>),
    /// `subject "child"`: who the protocol is about.
    Subject(Field<Text>),
    /// `proper_nouns "Maria", "Orange County"`: names that keep their capital.
    ProperNouns(Field<Vec<Text>>),
}

field_accessors!(ProtocolField {
    as_title: Title(Field<Text>),
    as_jurisdiction: Jurisdiction(Field<Text>),
    as_audience: Audience(Field<Text>),
    as_version: Version(Field<Text>),
    as_effective: Effective(Field<Spanned<String>>),
    as_summary: Summary(Field<Text>),
    as_base: Base(Field<Text>),
    as_status: Status(Field<Ident>),
    as_approved: Approved(Field<Spanned<String>>),
    as_approved_by: ApprovedBy(Field<Text>),
    as_written: Written(Field<Spanned<String>>),
    as_reviewed: Reviewed(Field<Spanned<String>>),
    as_next_review: NextReview(Field<Spanned<String>>),
    as_revision: Revision(Field<Revision>),
    as_language: Language(Field<Ident>),
    as_subject: Subject(Field<Text>),
    as_proper_nouns: ProperNouns(Field<Vec<Text>>),
});

/// One line of a revision history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    pub date: Spanned<String>,
    pub text: Text,
}

/// `legal { statement … law … sections … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegalDecl {
    pub keyword: Span,
    pub fields: Vec<LegalField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LegalField {
    Statement(Field<Text>),
    Law(Field<LawCitation>),
}

field_accessors!(LegalField {
    as_statement: Statement(Field<Text>),
    as_law: Law(Field<LawCitation>),
});

/// `law "Education Code (EC)" sections "51934", "51950"`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LawCitation {
    pub code: Text,
    pub sections: Vec<Text>,
}

/// `definition ID "term" "meaning"`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefinitionDecl {
    pub id: Ident,
    pub term: Text,
    pub text: Text,
}

/// `contact ID { name … phone … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactDecl {
    pub keyword: Span,
    pub id: Ident,
    pub fields: Vec<ContactField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContactField {
    Name(Field<Text>),
    Phone(Field<Text>),
    Email(Field<Text>),
    Website(Field<Text>),
    Note(Field<Text>),
    /// `parameter "…"`: a contact each variant of a base must supply.
    Parameter(Field<Text>),
    /// `reviewed 2025-06-01`: when the contact's details were last checked.
    Reviewed(Field<Spanned<String>>),
    /// `next_review 2026-06-01`: when they are due to be checked again.
    NextReview(Field<Spanned<String>>),
    /// `hours "24/7"`
    Hours(Field<Text>),
    /// `number "TDD" "711" hours "…"`
    Number(Field<NumberDecl>),
    /// `instead_of parents "when abuse by a parent is suspected"`
    InsteadOf(Field<InsteadOf>),
}

field_accessors!(ContactField {
    as_name: Name(Field<Text>),
    as_phone: Phone(Field<Text>),
    as_email: Email(Field<Text>),
    as_website: Website(Field<Text>),
    as_note: Note(Field<Text>),
    as_parameter: Parameter(Field<Text>),
    as_reviewed: Reviewed(Field<Spanned<String>>),
    as_next_review: NextReview(Field<Spanned<String>>),
    as_hours: Hours(Field<Text>),
    as_number: Number(Field<NumberDecl>),
    as_instead_of: InsteadOf(Field<InsteadOf>),
});

/// Another number of a contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberDecl {
    pub label: Text,
    pub phone: Text,
    pub hours: Option<Text>,
}

/// A contact called instead of another, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InsteadOf {
    pub contact: Ident,
    pub when: Text,
}

/// `resource ID "text" { url … note … contact … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceDecl {
    pub id: Ident,
    pub text: Text,
    pub fields: Vec<ResourceField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceField {
    Url(Field<Text>),
    Note(Field<Text>),
    Contact(Field<Ident>),
}

field_accessors!(ResourceField {
    as_url: Url(Field<Text>),
    as_note: Note(Field<Text>),
    as_contact: Contact(Field<Ident>),
});

/// `source_document "Title" { publisher … url … date … version … }`: a document
/// the protocol is written from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceDocumentDecl {
    pub keyword: Span,
    pub title: Text,
    pub fields: Vec<SourceDocumentField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceDocumentField {
    Publisher(Field<Text>),
    Url(Field<Text>),
    /// `date 2019-09`: a day, a month or a year.
    Date(Field<Spanned<String>>),
    /// The document's own version.
    Version(Field<Text>),
}

field_accessors!(SourceDocumentField {
    as_publisher: Publisher(Field<Text>),
    as_url: Url(Field<Text>),
    as_date: Date(Field<Spanned<String>>),
    as_version: Version(Field<Text>),
});

/// `track ID "title" { when … supersedes … step … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackDecl {
    pub keyword: Span,
    pub id: Ident,
    pub title: Text,
    pub fields: Vec<TrackField>,
    /// Set when a variant's `change track` with `approval "…"` changed it.
    pub approval: Option<Text>,
    /// What a variant changed in it (empty in a protocol's own tracks).
    pub county_changes: Vec<CountyChange>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrackField {
    /// `None` when the trigger could not be read (already reported).
    When(Field<Option<Expr>>),
    Supersedes(Field<Vec<Ident>>),
    Precedes(Field<Vec<Ident>>),
    /// `rule "…"`: a standing rule that holds throughout the track.
    Rule(Field<Text>),
    /// A step or a question, in the track's order.
    Step(StepDecl),
}

field_accessors!(TrackField {
    as_when: When(Field<Option<Expr>>),
    as_supersedes: Supersedes(Field<Vec<Ident>>),
    as_precedes: Precedes(Field<Vec<Ident>>),
    as_rule: Rule(Field<Text>),
    as_step: Step(StepDecl),
});

/// A trigger expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Ref(Ident),
    /// `age < 13`, `safety >= high`.
    Compare {
        input: Ident,
        op: Spanned<CompareOp>,
        value: Spanned<InputValue>,
    },
    /// `screening is high` (`at_least`: `screening at_least medium`), or a question's answer
    /// `weapon is yes` (the checker tells them apart by what `group` names).
    Level {
        group: Ident,
        at_least: bool,
        level: Ident,
    },
    Not(Box<Expr>, Span),
    And(Vec<Expr>, Span),
    Or(Vec<Expr>, Span),
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Ref(id) => id.span,
            Expr::Compare { input, value, .. } => input.span.to(value.span),
            Expr::Level { group, level, .. } => group.span.to(level.span),
            Expr::Not(_, span) | Expr::And(_, span) | Expr::Or(_, span) => *span,
        }
    }

    /// How a scenario gives what the trigger reads, one item per name in file
    /// order, each once: a name (`disclosure`), or an input with a value for which
    /// its comparison holds (`times_missing > 4` gives `times_missing = 5`).
    pub fn givens(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |item: String| {
            if !out.contains(&item) {
                out.push(item);
            }
        };
        let mut stack = vec![self];
        while let Some(expr) = stack.pop() {
            match expr {
                Expr::Ref(id) => add(id.name.clone()),
                Expr::Compare { input, op, value } => match &value.value {
                    // A scale's value: the value itself holds for `=`, `>=`, `<=`;
                    // for `<` and `>` a neighbour does, which only the checker knows.
                    InputValue::Name(name) => match op.value {
                        CompareOp::Less | CompareOp::Greater => add(input.name.clone()),
                        _ => add(format!("{} = {name}", input.name)),
                    },
                    // A value for which the comparison holds.
                    InputValue::Number(Some(n)) => {
                        let n = *n;
                        let holds = match op.value {
                            CompareOp::Less => n.saturating_sub(1),
                            CompareOp::Greater => n.saturating_add(1),
                            CompareOp::LessOrEqual | CompareOp::GreaterOrEqual | CompareOp::Equal => n,
                        };
                        add(format!("{} = {holds}", input.name));
                    }
                    InputValue::Number(None) => add(input.name.clone()),
                },
                Expr::Level { group, .. } => add(group.name.clone()),
                Expr::Not(inner, _) => stack.push(inner),
                Expr::And(items, _) | Expr::Or(items, _) => stack.extend(items.iter().rev()),
            }
        }
        out
    }
}

/// `step ID "text" { condition … contact … }`, or `question ID "text" { yes … no … }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepDecl {
    pub keyword: Span,
    pub kind: StepKind,
    pub id: Ident,
    pub text: Text,
    pub fields: Vec<StepField>,
}

/// What a track's item is: a step staff take, or a question staff answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    Step,
    Question,
}

impl StepKind {
    /// The keyword an item of this kind starts with: `step` or `question`.
    pub fn keyword(self) -> &'static str {
        match self {
            StepKind::Step => keyword::STEP,
            StepKind::Question => keyword::QUESTION,
        }
    }
}

/// `role "A"` or `role "A" or "B" …`: who does a step, or whichever of several does it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleDecl {
    pub role: Text,
    /// The others who may do it instead (`or "B"`), in the order written.
    pub or: Vec<Text>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepField {
    Condition(Field<Text>),
    Contact(Field<Ident>),
    /// `required "…"`: required by law or policy; variants may not remove or reword it.
    Required(Field<Text>),
    /// `role "Principal"`, `role "Principal" or "Assistant principal"`: who does the step.
    Role(Field<RoleDecl>),
    /// `label "Step 5"`: the source's own name for the step.
    Label(Field<Text>),
    /// `checklist "A", "B"`: things to ask or record within the step.
    Checklist(Field<Vec<Text>>),
    /// `backup "A", "B"`: who does it when the role cannot, in order.
    Backup(Field<Vec<Text>>),
    /// `deadline "within 36 hours"`, `deadline "immediately" when TRIGGER`
    Deadline(Field<DeadlineDecl>),
    /// `lasts until "…"`, `lasts at_least 90 days`: how long the step goes on.
    Lasts(Field<Lasting>),
    /// `form "name" "code"`
    Form(Field<FormRef>),
    /// `optional`: a step to consider.
    Optional(Field<()>),
    /// `skip_when TRIGGER`; `None` when the trigger could not be read (already reported).
    SkipWhen(Field<Option<Expr>>),
    /// `only_when TRIGGER`: taken only when it holds; `None` when unreadable (already reported).
    OnlyWhen(Field<Option<Expr>>),
    /// `after STEP`: STEP comes before this step on every path.
    After(Field<Ident>),
    /// `end "outcome"`: the protocol ends after this step.
    End(Field<Text>),
    /// `end track "outcome"`: the walk through this track ends after this step.
    EndTrack(Field<Text>),
    /// `handoff "path.protocol"`: on with another protocol file.
    Handoff(Field<Text>),
    /// `handoff "Title" url "https://…"`: on with a document that is not a protocol file.
    HandoffDocument(Field<HandoffDocument>),
    /// A question's `yes ROUTE`.
    Yes(Field<Route>),
    /// A question's `no ROUTE`.
    No(Field<Route>),
    /// A question's `unclear_counts_as yes|no`.
    UnclearCountsAs(Field<Ident>),
    /// `choice ID "title" ROUTE`: one answer of a question staff answer by picking one.
    Choice(Field<ChoiceDecl>),
    /// `select_all GROUP`: staff tick GROUP's factors; the answer is yes when GROUP is met.
    SelectAll(Field<Ident>),
}

field_accessors!(StepField {
    as_condition: Condition(Field<Text>),
    as_contact: Contact(Field<Ident>),
    as_required: Required(Field<Text>),
    as_role: Role(Field<RoleDecl>),
    as_label: Label(Field<Text>),
    as_checklist: Checklist(Field<Vec<Text>>),
    as_backup: Backup(Field<Vec<Text>>),
    as_deadline: Deadline(Field<DeadlineDecl>),
    as_lasts: Lasts(Field<Lasting>),
    as_form: Form(Field<FormRef>),
    as_optional: Optional(Field<()>),
    as_skip_when: SkipWhen(Field<Option<Expr>>),
    as_only_when: OnlyWhen(Field<Option<Expr>>),
    as_after: After(Field<Ident>),
    as_end: End(Field<Text>),
    as_end_track: EndTrack(Field<Text>),
    as_handoff: Handoff(Field<Text>),
    as_handoff_document: HandoffDocument(Field<HandoffDocument>),
    as_yes: Yes(Field<Route>),
    as_no: No(Field<Route>),
    as_unclear_counts_as: UnclearCountsAs(Field<Ident>),
    as_choice: Choice(Field<ChoiceDecl>),
    as_select_all: SelectAll(Field<Ident>),
});

/// A document staff go on with that is not a protocol file: its title and address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandoffDocument {
    pub title: Text,
    pub url: Text,
}

/// A form to complete: its name and, optionally, its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormRef {
    pub name: Text,
    pub code: Option<Text>,
}

/// `scenario ID "title" { given … expect … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioDecl {
    pub keyword: Span,
    pub id: Ident,
    pub title: Text,
    pub fields: Vec<ScenarioField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioField {
    /// `given a, possible b, age = 12`: factors present, signals judged true, inputs' values.
    Given(Field<Vec<Given>>),
    /// `answer plan yes`: a question and its answer (a word, checked later).
    Answer(Field<(Ident, Ident)>),
    Expect(Field<Expectation>),
}

field_accessors!(ScenarioField {
    as_given: Given(Field<Vec<Given>>),
    as_answer: Answer(Field<(Ident, Ident)>),
    as_expect: Expect(Field<Expectation>),
});

/// One item of `given`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Given {
    /// A factor answered yes, or a signal judged true.
    Present(Ident),
    /// `possible b`: a factor answered "possible".
    Possible(Ident),
    /// `age = 12`, `safety = high`: an input's value.
    Value(Ident, Spanned<InputValue>),
}

impl Given {
    /// The name it gives a value to.
    pub fn name(&self) -> &Ident {
        match self {
            Given::Present(id) | Given::Possible(id) | Given::Value(id, _) => id,
        }
    }
}

/// What a scenario expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// `expect nothing`
    Nothing,
    /// `expect a, b`: exactly these tracks apply.
    Tracks(Vec<Ident>),
    /// `expect not a`: these tracks do not apply.
    NotTracks(Vec<Ident>),
    /// `expect met g`
    Met(Vec<Ident>),
    /// `expect not met g`
    NotMet(Vec<Ident>),
    /// `expect level g high`
    Level(Ident, Ident),
    /// `expect outcome response immediate`: an outcome's value (checked as a level).
    Outcome(Ident, Ident),
    /// `expect step s`: these steps or questions are on the path taken.
    Steps(Vec<Ident>),
    /// `expect not step s`
    NotSteps(Vec<Ident>),
    /// `expect end`: the protocol ended at an `end`.
    End,
}
