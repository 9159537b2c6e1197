//! The serde types of the public JSON contract, from [`ProtocolDocument`] down.
//!
//! The JSON Schema is generated from these types (their names, fields, attributes
//! and doc comments), so renaming anything here changes the schema.

use schemars::JsonSchema;
use serde::Serialize;

/// A compiled protocol.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "protocolc protocol document")]
pub struct ProtocolDocument {
    /// The version of this document's shape; see the schema's `$id`.
    pub schema_version: String,
    /// The files this protocol was compiled from, the protocol's own file first.
    pub sources: Vec<Source>,
    pub protocol: Metadata,
    pub legal_basis: Option<LegalBasis>,
    pub definitions: Vec<Definition>,
    pub contacts: Vec<Contact>,
    /// The id of the protocol's main contact, whose phone the flowchart prints
    /// large: the contact whose phone the first resource names, else the first step
    /// that names a phone, else the first contact with a phone; null when no contact
    /// has a phone.
    pub main_contact: Option<String>,
    pub resources: Vec<Resource>,
    pub signals: Vec<Signal>,
    /// Whole numbers staff enter (an age, a count), compared in triggers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Input>,
    pub criteria: Vec<Criteria>,
    pub tracks: Vec<Track>,
    /// Track ids from highest to lowest precedence.
    pub precedence: Vec<String>,
    /// Examples the protocol states and protocolc checks (`protocolc test`): test
    /// vectors for an app that decides on its own.
    pub scenarios: Vec<Scenario>,
    /// The protocol's text in other languages (`translation` blocks); left out
    /// when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub translations: Vec<TranslationJson>,
}

/// The protocol's text in another language.
#[derive(Serialize, JsonSchema)]
pub struct TranslationJson {
    /// The tag as written in the protocol, e.g. `es`, `zh_hant`.
    pub language: String,
    /// The tag as BCP 47 writes it (`zh-hant`), for `lang` attributes.
    pub bcp47: String,
    /// The language's name for itself, e.g. "Español".
    pub name: String,
    /// The handout's and flowchart's fixed phrases, by key (every key: the
    /// translation's, else protocolc's built-in ones for the language, else English).
    pub labels: std::collections::BTreeMap<String, String>,
    /// Each translated text (contact fields filled in), by what it translates, as a
    /// translation line names it: `title`, `summary`, `audience`, `jurisdiction`,
    /// `definition ID.term` and `definition ID.text`, `signal ID`, `criteria ID`,
    /// `factor ID`, `track ID`, `step TRACK.STEP`, `condition TRACK.STEP`,
    /// `resource ID`, `note CONTACT`, `hours CONTACT`, `input ID`, `level GROUP.LEVEL`,
    /// `question TRACK.QUESTION`, `rule TRACK.N`, `role TRACK.STEP`, `deadline TRACK.STEP`,
    /// `deadline TRACK.STEP.N` (the Nth with `when`), `end TRACK.STEP`,
    /// `end TRACK.QUESTION.yes|no`. What is missing is untranslated.
    pub texts: std::collections::BTreeMap<String, String>,
}

/// An example: what is observed, and what the protocol must decide.
#[derive(Serialize, JsonSchema)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    /// Ids of the factors present (answered yes).
    pub factors: Vec<String>,
    /// Ids of the factors answered "possible".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible: Vec<String>,
    /// Ids of the signals judged true.
    pub signals: Vec<String>,
    /// Inputs' values, by input id (a scale's by its value's id).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub values: std::collections::BTreeMap<String, InputValue>,
    /// How staff answered questions (absent when none is answered).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<AnswerJson>,
    /// What must hold, each one of the keys.
    pub expect: Vec<ExpectationJson>,
}

/// One expectation of a scenario: exactly one of the keys.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExpectationJson {
    /// No track applies.
    Nothing(bool),
    /// Exactly these tracks apply (in any order).
    Tracks(Vec<String>),
    /// None of these tracks applies.
    NotTracks(Vec<String>),
    /// These criteria groups are met.
    Met(Vec<String>),
    /// These criteria groups are not met.
    NotMet(Vec<String>),
    /// A scored group is at a level.
    Level { criteria: String, level: String },
    /// Steps or questions with these ids are on the path walked.
    Steps(Vec<String>),
    /// No step or question with these ids is on the path walked.
    NotSteps(Vec<String>),
    /// The protocol ends at an `end` (a step's, or an answer's).
    End(bool),
}

/// A scenario's answer to a question.
#[derive(Serialize, JsonSchema)]
pub struct AnswerJson {
    /// The question's id.
    pub question: String,
    /// `yes`, `no` or `unclear`, or the id of one of the question's choices.
    #[schemars(schema_with = "super::schema::answer")]
    pub answer: String,
}

/// A question staff answer: where each answer leads. A yes/no question has
/// `yes` and `no`; a question answered by picking one has `choices` instead; a
/// select-all question has `yes`, `no` and `select_all`.
#[derive(Serialize, JsonSchema)]
pub struct QuestionJson {
    /// Where a yes leads (a yes/no question only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yes: Option<RouteJson>,
    /// Where a no leads (a yes/no question only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no: Option<RouteJson>,
    /// `yes` or `no`: the route an "unclear" answer takes; null when the walk waits
    /// for a clear answer (always null for a question answered by picking one).
    #[schemars(schema_with = "super::schema::clear_answer_or_null")]
    pub unclear_counts_as: Option<String>,
    /// The answers staff pick one of, in order (a question answered by picking one only: two or more).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<ChoiceJson>,
    /// A "tick all that apply" question: the id of the criteria group whose factors
    /// staff tick. The answer is not given but worked out: `yes` when that group is
    /// met, `no` when it is not (so the walk never waits at it). Absent for a
    /// question staff answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select_all: Option<String>,
}

/// One answer of a question answered by picking one: its id (what answers and
/// conditions name), its title and where it leads.
#[derive(Serialize, JsonSchema)]
pub struct ChoiceJson {
    pub id: String,
    pub title: String,
    pub route: RouteJson,
}

/// Where an answer leads: exactly one of the keys.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RouteJson {
    /// On with this later step (id) of the same track.
    Goto(String),
    /// On with this track's steps (id); the rest of this track is left.
    Track(String),
    /// The protocol ends, with this outcome.
    End(String),
    /// The walk through this track ends, with this outcome; the next applied track follows.
    EndTrack(String),
    /// On with the step that follows.
    Next(bool),
}

/// A deadline that holds in a case.
#[derive(Serialize, JsonSchema)]
pub struct ConditionalDeadline {
    pub when: TriggerExpr,
    /// The trigger as written in the protocol language.
    pub when_text: String,
    /// The deadline in words.
    pub text: String,
    /// The same deadline as data an app can schedule (absent when the protocol
    /// gives it only in words).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeJson>,
}

/// A deadline as data an app can schedule.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimeJson {
    /// At once.
    Immediately,
    /// By the end of the working day.
    EndOfDay,
    /// Within an amount of time from an event: `from` names it ("the phone
    /// referral"); without `from`, from when staff reach the step.
    Within {
        within: AmountJson,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
    },
}

/// An amount of time: `{"amount": 36, "unit": "hours"}`.
#[derive(Serialize, JsonSchema)]
pub struct AmountJson {
    #[schemars(range(min = 1))]
    pub amount: u32,
    pub unit: TimeUnitJson,
}

/// A unit of time. `working_days`: days the service works (its own calendar decides which).
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnitJson {
    Minutes,
    Hours,
    Days,
    WorkingDays,
}

/// How long a step goes on, in words (`text`) and as data.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LastsJson {
    /// Until an event: "until the assessment is complete".
    Until { text: String, until: String },
    /// At least an amount of time: "at least 90 days".
    AtLeast { text: String, at_least: AmountJson },
}

#[derive(Serialize, JsonSchema)]
pub struct Source {
    /// Path of the protocol file, relative to where protocolc ran, with `/` separators.
    pub file: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
}

#[derive(Serialize, JsonSchema)]
pub struct Metadata {
    pub id: String,
    pub title: String,
    pub jurisdiction: String,
    /// Who the protocol is for.
    pub audience: String,
    /// The language the protocol is written in, BCP 47 style (`en`, `es`, `es-mx`):
    /// `en` unless it declares its own (`language es`).
    pub language: String,
    /// Who the protocol is about, as its sentences say it ("child", "young person");
    /// left out when it does not say (its sentences then say "student").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The protocol's version as its source states it; null when it states none.
    pub version: Option<String>,
    /// Date the protocol takes effect, as written: `YYYY-MM-DD`, or `YYYY-MM` or
    /// `YYYY` when the source gives no more; null when it gives none.
    #[schemars(regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub effective: Option<String>,
    pub summary: Option<String>,
    pub document_control: DocumentControl,
    /// The documents the protocol is written from (`source_document`), in file
    /// order; left out when it names none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_documents: Vec<SourceDocument>,
}

/// A document the protocol is written from: its title, and only what it states.
#[derive(Serialize, JsonSchema)]
pub struct SourceDocument {
    pub title: String,
    pub publisher: Option<String>,
    /// A web address (checked).
    pub url: Option<String>,
    /// The document's date as written: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    #[schemars(regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub date: Option<String>,
    /// The document's own version.
    pub version: Option<String>,
}

/// Where the protocol stands: status, approval and review dates, revision history.
#[derive(Serialize, JsonSchema)]
pub struct DocumentControl {
    /// `draft`, `in_review`, `approved` or `retired`.
    #[schemars(schema_with = "super::schema::status_or_null")]
    pub status: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as written.
    pub approved: Option<String>,
    /// Who approved it; left out when the protocol does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// When it was written, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; left out when the
    /// protocol does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// When it was last reviewed, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub last_reviewed: Option<String>,
    /// When it is due for review, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub next_review: Option<String>,
    /// Oldest first.
    pub revisions: Vec<Revision>,
}

#[derive(Serialize, JsonSchema)]
pub struct Revision {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as written.
    pub date: String,
    pub text: String,
}

#[derive(Serialize, JsonSchema)]
pub struct LegalBasis {
    pub statement: Option<String>,
    pub laws: Vec<Law>,
}

#[derive(Serialize, JsonSchema)]
pub struct Law {
    /// The code, e.g. "Education Code (EC)".
    pub code: String,
    /// Sections cited, e.g. ["51934", "51950"].
    pub sections: Vec<String>,
    /// Code and sections as one citation, e.g. "Education Code (EC) 51934, 51950".
    pub citation: String,
}

#[derive(Serialize, JsonSchema)]
pub struct Definition {
    pub id: String,
    pub term: String,
    pub text: String,
}

#[derive(Serialize, JsonSchema)]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub note: Option<String>,
    /// When the contact's details were last checked, `YYYY-MM-DD`.
    pub last_reviewed: Option<String>,
    /// When they are due to be checked again, `YYYY-MM-DD`.
    pub next_review: Option<String>,
    /// When the contact can be reached.
    pub hours: Option<String>,
    /// Other numbers, each with what it is for.
    pub numbers: Vec<Number>,
    /// Contacts this one is called instead of, and when.
    pub instead_of: Vec<InsteadOf>,
}

#[derive(Serialize, JsonSchema)]
pub struct Number {
    /// What the number is for, e.g. "Out of state", "TDD".
    pub label: String,
    pub phone: String,
    pub hours: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct InsteadOf {
    /// The id of the contact this one replaces.
    pub contact: String,
    /// When, e.g. "abuse by a parent is suspected".
    pub when: String,
}

#[derive(Serialize, JsonSchema)]
pub struct Resource {
    pub id: String,
    /// The text with contact fields filled in.
    pub text: String,
    /// The text as written, with `{contact.field}` placeholders.
    pub text_template: String,
    pub url: Option<String>,
    pub note: Option<String>,
    /// Ids of the contacts this resource involves.
    pub contacts: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct Signal {
    pub id: String,
    /// The staff judgement, e.g. "CSEC is suspected".
    pub text: String,
}

/// A whole number staff enter, or (with `scale`) one of named values staff pick.
#[derive(Serialize, JsonSchema)]
pub struct Input {
    pub id: String,
    /// What staff enter, e.g. "Student's age in years".
    pub text: String,
    /// The smallest and largest value it takes, when declared (absent for a scale).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<[u32; 2]>,
    /// A scale's values, lowest first (absent for a number). Comparisons, scenarios
    /// and assessments name a value by its id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<ScaleValue>,
    /// Set for a graded item: the id of the scored group it is rated in. Its
    /// `scale` is its grades (lowest first), each also a factor of that group whose
    /// `grade` names it and whose `derived` holds when it is the grade picked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graded_in: Option<String>,
}

/// An input's value: a whole number, or the id of a scale's value (the same type
/// `eval --json` prints values with).
pub(super) use crate::model::InputValue;

/// One value of a scale.
#[derive(Serialize, JsonSchema)]
pub struct ScaleValue {
    pub id: String,
    /// What staff see, e.g. "Very high".
    pub title: String,
}

#[derive(Serialize, JsonSchema)]
pub struct Criteria {
    pub id: String,
    pub title: String,
    /// Who set these criteria.
    pub source: Option<String>,
    /// A county's change to its base's group: who approved it, and when (absent
    /// when there is none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<String>,
    pub threshold: CriteriaThreshold,
    pub factors: Vec<Factor>,
    /// The group counts only for students for whom this holds; for others it is not met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies_when: Option<TriggerExpr>,
    /// A "possible" answer counts like "yes".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub possible_counts_as_yes: bool,
    /// A scored group's levels, lowest first: the total of points falls into one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Level>,
    /// Totals between two levels' ranges get no level.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_gaps: bool,
    /// Rules that raise (`floor`) or set (`force`) the level, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// A named outcome (`outcome ID "title" { value … set … otherwise … }`): no
    /// factors; its levels are its values, lowest first; each `set VALUE when …` is a
    /// `force` override (the highest that holds wins); its `otherwise` value is the
    /// level from 0 to 0 (the total of no factors); it is met when it has a value.
    /// Decided exactly as any scored group. Absent for a criteria group.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub outcome: bool,
    /// What the source calls the group's items, to say instead of "factor" (absent
    /// when it does not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items_called: Option<ItemsCalled>,
}

/// A group's own word for its items: one ("indicator") and several ("indicators").
#[derive(Serialize, JsonSchema)]
pub struct ItemsCalled {
    pub one: String,
    pub many: String,
    /// The word is feminine, for languages whose phrases agree with it (Spanish
    /// "estas señales"); absent for a masculine word or when it is not said.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub feminine: bool,
}

/// One level (tier) of a scored group.
#[derive(Serialize, JsonSchema)]
pub struct Level {
    pub id: String,
    pub title: String,
    /// The lowest total in this level; absent for a level no total reaches, which
    /// only a `force`, a `floor` or a factor's `alone` sets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<u32>,
    /// The highest total in this level; absent for an open-ended top level (and
    /// for a level without `from`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<u32>,
}

/// `floor` (never below this level) or `force` (exactly this level; the highest
/// forced level wins) when the trigger holds.
#[derive(Serialize, JsonSchema)]
pub struct Override {
    /// `floor` or `force`.
    #[schemars(schema_with = "super::schema::override_kind")]
    pub kind: String,
    pub level: String,
    pub when: TriggerExpr,
    pub when_text: String,
}

/// When a criteria group is met.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CriteriaThreshold {
    /// Met when at least `count` of its factors are present.
    AtLeast {
        count: u32,
        /// The rule in plain words.
        text: String,
    },
    /// A scored group, met when its level is `level` or higher.
    AtLeastLevel {
        level: String,
        /// The rule in plain words.
        text: String,
    },
}

#[derive(Serialize, JsonSchema)]
pub struct Factor {
    pub id: String,
    pub text: String,
    /// Points a yes adds (scored groups only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    /// Points a "possible" answer adds, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub possible: Option<u32>,
    /// On its own, it meets its (count) group.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alone_meets: bool,
    /// On its own, it rates the student at least this level of its (scored) group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alone_level: Option<String>,
    /// Worked out from inputs, not ticked: present exactly when this holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<TriggerExpr>,
    /// It applies only where this holds: elsewhere it counts nothing, whatever was
    /// answered (no count, points or `alone`). Absent: it always applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_when: Option<TriggerExpr>,
    /// Set when the factor is one grade of a graded item: which item and grade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<FactorGrade>,
    /// The title of the tier it is in (its `points` are the tier's), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

/// The grade a factor stands for: the graded item (an input's id) and the grade
/// (one of its scale values' ids).
#[derive(Serialize, JsonSchema)]
pub struct FactorGrade {
    pub input: String,
    pub value: String,
}

#[derive(Serialize, JsonSchema)]
pub struct Track {
    pub id: String,
    pub title: String,
    /// When the track applies.
    pub trigger: TriggerExpr,
    /// The trigger as written in the protocol language.
    pub trigger_text: String,
    /// Tracks this one supersedes directly, as written in the protocol. What an app
    /// decides with is `superseded_by`, which follows chains.
    pub supersedes: Vec<String>,
    /// Every track that supersedes this one, directly or through a chain of
    /// `supersedes` (A supersedes B, B supersedes C: A supersedes C), highest
    /// precedence first. When this track is triggered and any of these is triggered
    /// too, this track is not followed, whether or not the tracks between are triggered.
    pub superseded_by: Vec<String>,
    /// Tracks followed after this one when both apply.
    pub precedes: Vec<String>,
    /// Standing rules that hold throughout the track (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Steps and questions, in order.
    pub steps: Vec<Step>,
    /// A county's change to its base's track: who approved it, and when (absent
    /// when there is none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<String>,
}

/// A trigger: exactly one of the keys.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TriggerExpr {
    /// The criteria group with this id is met.
    Criteria(String),
    /// The signal with this id is judged true.
    Signal(String),
    /// An input compared with a number (a scale with one of its values' ids, in
    /// the scale's order); false when the input has no value.
    Compare {
        input: String,
        /// One of `<`, `<=`, `>`, `>=`, `=`.
        #[schemars(schema_with = "super::schema::compare_op")]
        op: String,
        value: InputValue,
    },
    /// A scored group's level is `level` (or, with `at_least`, that or higher);
    /// false when the group has no level.
    Level {
        criteria: String,
        level: String,
        at_least: bool,
    },
    /// The question with this id was answered `answer` (`yes` or `no`, or the id of
    /// one of its choices), or "unclear" when `counts_unclear` (its `unclear_counts_as`
    /// names this answer); false when it has no answer.
    Answer {
        question: String,
        answer: String,
        counts_unclear: bool,
    },
    Not(Box<TriggerExpr>),
    /// Every one holds.
    All(Vec<TriggerExpr>),
    /// At least one holds.
    Any(Vec<TriggerExpr>),
}

#[derive(Serialize, JsonSchema)]
pub struct Step {
    /// Stable within its track.
    pub id: String,
    /// 1-based position in the track.
    #[schemars(range(min = 1))]
    pub number: usize,
    /// Said before the text, e.g. "If appropriate, and in consultation with the student".
    pub condition: Option<String>,
    /// Why the step is required by law or policy, if it is (variants may not change it).
    pub required: Option<String>,
    /// The source's own name for the step ("Step 5", "3a"), shown where `number`
    /// would be (absent when the protocol gives none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Who does the step.
    pub role: Option<String>,
    /// Others who may do it instead of `role`: any one of them, not an order
    /// (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub role_alternatives: Vec<String>,
    /// Who does it when the role cannot, in order.
    pub backups: Vec<String>,
    /// Things to ask or record within the step, in order (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<String>,
    /// When it must be done, in words, e.g. "within 36 hours" (when no `deadlines_when` holds).
    pub deadline: Option<String>,
    /// The same deadline as data an app can schedule (absent when there is none or the
    /// protocol gives it only in words).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_time: Option<TimeJson>,
    /// Deadlines that hold in a case, in order: the first whose `when` holds
    /// counts, else `deadline` (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deadlines_when: Vec<ConditionalDeadline>,
    /// How long the step goes on (absent when the protocol does not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lasts: Option<LastsJson>,
    /// A form to complete.
    pub form: Option<Form>,
    /// A step to consider, not one staff must take.
    pub optional: bool,
    /// Present on a question: staff answer it, and the answer routes the walk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<QuestionJson>,
    /// The step is passed over when this holds (absent when it never is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_when: Option<TriggerExpr>,
    /// `skip_when` as written in the protocol language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_when_text: Option<String>,
    /// The step is taken only when this holds, and passed over otherwise (absent when
    /// it is always taken). Never together with `skip_when`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_when: Option<TriggerExpr>,
    /// `only_when` as written in the protocol language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_when_text: Option<String>,
    /// Ids of steps of this track that come before this one on every path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// The protocol ends after this step, with this outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// The walk through this track ends after this step, with this outcome; the next
    /// applied track follows (`end track "…"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_track: Option<String>,
    /// Another protocol file staff go on with, relative to the file the step was written in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff: Option<String>,
    /// A document staff go on with that is not a protocol file: its title and web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff_document: Option<HandoffDocument>,
    /// The step with contact fields filled in.
    pub text: String,
    /// The step as written, with `{contact.field}` placeholders.
    pub text_template: String,
    /// Ids of the contacts this step involves.
    pub contacts: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct Form {
    pub name: String,
    pub code: Option<String>,
}

/// A document a step hands off to that is not a protocol file.
#[derive(Serialize, JsonSchema)]
pub struct HandoffDocument {
    pub title: String,
    /// A web address (checked).
    pub url: String,
}
