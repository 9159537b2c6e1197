//! The JSON document downstream apps read, and its JSON Schema, from the same serde types.
//!
//! These types are the public data contract: they carry stable ids and resolved
//! text, and nothing of the parser's internals. Bump [`SCHEMA_VERSION`] when a
//! change would break a consumer.

use crate::model::{self, Model, Threshold, Trigger};
use crate::syntax::ast::{keyword, TranslationKind as K};
use schemars::JsonSchema;
use serde::Serialize;

/// Version of the JSON document's shape.
pub const SCHEMA_VERSION: &str = "1.1.0";

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
    /// Inputs' values, by input id.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub values: std::collections::BTreeMap<String, u32>,
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
    /// `yes`, `no` or `unclear`.
    pub answer: String,
}

/// A question staff answer: where each answer leads.
#[derive(Serialize, JsonSchema)]
pub struct QuestionJson {
    pub yes: RouteJson,
    pub no: RouteJson,
    /// `yes` or `no`: the route an "unclear" answer takes; null when the walk waits for a clear answer.
    pub unclear_counts_as: Option<String>,
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
    /// On with the step that follows.
    Next(bool),
}

/// A deadline that holds in a case.
#[derive(Serialize, JsonSchema)]
pub struct ConditionalDeadline {
    pub when: TriggerExpr,
    /// The trigger as written in the protocol language.
    pub when_text: String,
    pub text: String,
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
    pub version: String,
    /// Date the protocol takes effect, `YYYY-MM-DD`.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub effective: String,
    pub summary: Option<String>,
    pub document_control: DocumentControl,
}

/// Where the protocol stands: status, approval and review dates, revision history.
#[derive(Serialize, JsonSchema)]
pub struct DocumentControl {
    /// `draft`, `in_review`, `approved` or `retired`.
    pub status: Option<String>,
    /// `YYYY-MM-DD`.
    pub approved: Option<String>,
    /// When it was last reviewed, `YYYY-MM-DD`.
    pub last_reviewed: Option<String>,
    /// When it is due for review, `YYYY-MM-DD`.
    pub next_review: Option<String>,
    /// Oldest first.
    pub revisions: Vec<Revision>,
}

#[derive(Serialize, JsonSchema)]
pub struct Revision {
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

/// A whole number staff enter.
#[derive(Serialize, JsonSchema)]
pub struct Input {
    pub id: String,
    /// What staff enter, e.g. "Student's age in years".
    pub text: String,
    /// The smallest and largest value it takes, when declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<[u32; 2]>,
}

#[derive(Serialize, JsonSchema)]
pub struct Criteria {
    pub id: String,
    pub title: String,
    /// Who set these criteria.
    pub source: Option<String>,
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
}

/// One level (tier) of a scored group.
#[derive(Serialize, JsonSchema)]
pub struct Level {
    pub id: String,
    pub title: String,
    /// The lowest total in this level.
    pub from: u32,
    /// The highest total in this level; absent for an open-ended top level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<u32>,
}

/// `floor` (never below this level) or `force` (exactly this level; the highest
/// forced level wins) when the trigger holds.
#[derive(Serialize, JsonSchema)]
pub struct Override {
    /// `floor` or `force`.
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
}

#[derive(Serialize, JsonSchema)]
pub struct Track {
    pub id: String,
    pub title: String,
    /// When the track applies.
    pub trigger: TriggerExpr,
    /// The trigger as written in the protocol language.
    pub trigger_text: String,
    /// Tracks not followed when this one applies too.
    pub supersedes: Vec<String>,
    /// Tracks followed after this one when both apply.
    pub precedes: Vec<String>,
    /// Standing rules that hold throughout the track (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Steps and questions, in order.
    pub steps: Vec<Step>,
}

/// A trigger: exactly one of the keys.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TriggerExpr {
    /// The criteria group with this id is met.
    Criteria(String),
    /// The signal with this id is judged true.
    Signal(String),
    /// An input compared with a number; false when the input has no value.
    Compare {
        input: String,
        /// One of `<`, `<=`, `>`, `>=`, `=`.
        op: String,
        value: u32,
    },
    /// A scored group's level is `level` (or, with `at_least`, that or higher);
    /// false when the group has no level.
    Level {
        criteria: String,
        level: String,
        at_least: bool,
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
    pub number: usize,
    /// Said before the text, e.g. "If appropriate, and in consultation with the student".
    pub condition: Option<String>,
    /// Why the step is required by law or policy, if it is (variants may not change it).
    pub required: Option<String>,
    /// Who does the step.
    pub role: Option<String>,
    /// Who does it when the role cannot, in order.
    pub backups: Vec<String>,
    /// When it must be done, e.g. "within 36 hours" (when no `deadlines_when` holds).
    pub deadline: Option<String>,
    /// Deadlines that hold in a case, in order: the first whose `when` holds
    /// counts, else `deadline` (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deadlines_when: Vec<ConditionalDeadline>,
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
    /// Ids of steps of this track that come before this one on every path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// The protocol ends after this step, with this outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Another protocol file staff go on with, relative to the file the step was written in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff: Option<String>,
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

/// Builds the JSON document of a model.
pub fn document(model: &Model) -> ProtocolDocument {
    let contact_ids = |ids: &[model::ContactIdx]| -> Vec<String> {
        ids.iter()
            .filter_map(|c| model.contact_by(*c))
            .map(|c| c.id.clone())
            .collect()
    };
    let track_ids = |ids: &[model::TrackIdx]| -> Vec<String> {
        ids.iter()
            .filter_map(|t| model.track_by(*t))
            .map(|t| t.id.clone())
            .collect()
    };
    let m = &model.metadata;
    ProtocolDocument {
        schema_version: SCHEMA_VERSION.to_string(),
        sources: model
            .sources
            .iter()
            .map(|s| Source {
                file: s.file.clone(),
                sha256: s.sha256.clone(),
            })
            .collect(),
        protocol: Metadata {
            id: m.id.clone(),
            title: m.title.clone(),
            jurisdiction: m.jurisdiction.clone(),
            audience: m.audience.clone(),
            version: m.version.clone(),
            effective: m.effective.clone(),
            summary: m.summary.clone(),
            document_control: DocumentControl {
                status: m.document.status.map(|s| s.as_str().to_string()),
                approved: m.document.approved.clone(),
                last_reviewed: m.document.reviewed.clone(),
                next_review: m.document.next_review.clone(),
                revisions: m
                    .document
                    .revisions
                    .iter()
                    .map(|r| Revision {
                        date: r.date.clone(),
                        text: r.text.clone(),
                    })
                    .collect(),
            },
        },
        legal_basis: model.legal.as_ref().map(|l| LegalBasis {
            statement: l.statement.clone(),
            laws: l
                .laws
                .iter()
                .map(|law| Law {
                    code: law.code.clone(),
                    sections: law.sections.clone(),
                    citation: law.citation(),
                })
                .collect(),
        }),
        definitions: model
            .definitions
            .iter()
            .map(|d| Definition {
                id: d.id.clone(),
                term: d.term.clone(),
                text: d.text.clone(),
            })
            .collect(),
        contacts: model
            .contacts
            .iter()
            .map(|c| Contact {
                id: c.id.clone(),
                name: c.name.clone(),
                phone: c.phone.clone(),
                email: c.email.clone(),
                website: c.website.clone(),
                note: c.note.clone(),
                last_reviewed: c.reviewed.clone(),
                next_review: c.next_review.clone(),
                hours: c.hours.clone(),
                numbers: c
                    .numbers
                    .iter()
                    .map(|n| Number {
                        label: n.label.clone(),
                        phone: n.phone.clone(),
                        hours: n.hours.clone(),
                    })
                    .collect(),
                instead_of: c
                    .instead_of
                    .iter()
                    .map(|(other, when)| InsteadOf {
                        contact: model.contact_by(*other).map(|o| o.id.clone()).unwrap_or_default(),
                        when: when.clone(),
                    })
                    .collect(),
            })
            .collect(),
        resources: model
            .resources
            .iter()
            .map(|r| Resource {
                id: r.id.clone(),
                text: r.text.text.clone(),
                text_template: r.text.template.clone(),
                url: r.url.clone(),
                note: r.note.clone(),
                contacts: contact_ids(&r.text.contacts),
            })
            .collect(),
        signals: model
            .signals
            .iter()
            .map(|s| Signal {
                id: s.id.clone(),
                text: s.text.clone(),
            })
            .collect(),
        criteria: model.criteria.iter().map(|c| criteria(model, c)).collect(),
        inputs: model
            .inputs
            .iter()
            .map(|i| Input {
                id: i.id.clone(),
                text: i.text.clone(),
                range: i.range.map(|(low, high)| [low, high]),
            })
            .collect(),
        tracks: model
            .tracks
            .iter()
            .map(|t| Track {
                id: t.id.clone(),
                title: t.title.clone(),
                trigger: trigger(model, &t.trigger),
                trigger_text: t.trigger.source_text(model),
                supersedes: track_ids(&t.supersedes),
                precedes: track_ids(&t.precedes),
                rules: t.rules.clone(),
                steps: t
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| Step {
                        deadlines_when: s
                            .deadlines_when
                            .iter()
                            .map(|d| ConditionalDeadline {
                                when: trigger(model, &d.when),
                                when_text: d.when.source_text(model),
                                text: d.text.clone(),
                            })
                            .collect(),
                        question: s.question.as_ref().map(|q| QuestionJson {
                            yes: route(model, t, &q.yes),
                            no: route(model, t, &q.no),
                            unclear_counts_as: q.unclear_counts_as.map(|a| a.as_str().to_string()),
                        }),
                        skip_when: s.skip_when.as_ref().map(|w| trigger(model, w)),
                        skip_when_text: s.skip_when.as_ref().map(|w| w.source_text(model)),
                        after: s
                            .after
                            .iter()
                            .filter_map(|a| t.steps.get(*a))
                            .map(|a| a.id.clone())
                            .collect(),
                        end: s.end.clone(),
                        handoff: s.handoff.clone(),
                        id: s.id.clone(),
                        number: i + 1,
                        condition: s.condition.clone(),
                        required: s.required.clone(),
                        role: s.role.clone(),
                        backups: s.backups.clone(),
                        deadline: s.deadline.clone(),
                        form: s.form.as_ref().map(|f| Form {
                            name: f.name.clone(),
                            code: f.code.clone(),
                        }),
                        optional: s.optional,
                        text: s.text.text.clone(),
                        text_template: s.text.template.clone(),
                        contacts: contact_ids(&s.text.contacts),
                    })
                    .collect(),
            })
            .collect(),
        precedence: track_ids(&model.precedence),
        scenarios: model
            .scenarios
            .iter()
            .map(|sc| {
                let criteria_ids = |ids: &[model::CriteriaIdx]| -> Vec<String> {
                    ids.iter()
                        .filter_map(|c| model.criteria_by(*c))
                        .map(|c| c.id.clone())
                        .collect()
                };
                Scenario {
                    id: sc.id.clone(),
                    title: sc.title.clone(),
                    factors: sc
                        .factors
                        .iter()
                        .filter_map(|f| model.factor_by(*f))
                        .map(|f| f.id.clone())
                        .collect(),
                    possible: sc
                        .possible
                        .iter()
                        .filter_map(|f| model.factor_by(*f))
                        .map(|f| f.id.clone())
                        .collect(),
                    signals: sc
                        .signals
                        .iter()
                        .filter_map(|s| model.signal_by(*s))
                        .map(|s| s.id.clone())
                        .collect(),
                    values: sc
                        .values
                        .iter()
                        .filter_map(|(i, v)| model.input_by(*i).map(|i| (i.id.clone(), *v)))
                        .collect(),
                    answers: sc
                        .answers
                        .iter()
                        .filter_map(|(q, a)| {
                            Some(AnswerJson {
                                question: model.step_by(*model.questions.get(q.0)?)?.id.clone(),
                                answer: a.as_str().to_string(),
                            })
                        })
                        .collect(),
                    expect: sc
                        .expectations
                        .iter()
                        .map(|(e, _)| match e {
                            model::Expectation::Nothing => ExpectationJson::Nothing(true),
                            model::Expectation::Tracks(t) => ExpectationJson::Tracks(track_ids(t)),
                            model::Expectation::NotTracks(t) => ExpectationJson::NotTracks(track_ids(t)),
                            model::Expectation::Met(c) => ExpectationJson::Met(criteria_ids(c)),
                            model::Expectation::NotMet(c) => ExpectationJson::NotMet(criteria_ids(c)),
                            model::Expectation::Level(c, l) => {
                                let group = model.criteria_by(*c);
                                ExpectationJson::Level {
                                    criteria: group.map(|g| g.id.clone()).unwrap_or_default(),
                                    level: group
                                        .and_then(|g| g.level_by(*l))
                                        .map(|l| l.id.clone())
                                        .unwrap_or_default(),
                                }
                            }
                            model::Expectation::Steps(s) => ExpectationJson::Steps(s.clone()),
                            model::Expectation::NotSteps(s) => ExpectationJson::NotSteps(s.clone()),
                            model::Expectation::End => ExpectationJson::End(true),
                        })
                        .collect(),
                }
            })
            .collect(),
        translations: model.translations.iter().map(|t| translation(model, t)).collect(),
    }
}

fn translation(model: &Model, t: &model::Translation) -> TranslationJson {
    let mut texts = std::collections::BTreeMap::new();
    let mut put = |key: String, value: Option<&String>| {
        if let Some(value) = value {
            texts.insert(key, value.clone());
        }
    };
    put(K::Title.key(""), t.title.as_ref());
    put(K::Summary.key(""), t.summary.as_ref());
    put(K::Audience.key(""), t.audience.as_ref());
    put(K::Jurisdiction.key(""), t.jurisdiction.as_ref());
    for (d, new) in model.definitions.iter().zip(&t.definitions) {
        if let Some((term, text)) = new {
            put(K::Definition.key(&format!("{}.term", d.id)), Some(term));
            put(K::Definition.key(&format!("{}.text", d.id)), Some(text));
        }
    }
    let pairs = [
        (
            K::Signal,
            model.signals.iter().map(|s| &s.id).collect::<Vec<_>>(),
            &t.signals,
        ),
        (
            K::Criteria,
            model.criteria.iter().map(|c| &c.id).collect(),
            &t.criteria,
        ),
        (
            K::Factor,
            model.factors.iter().map(|f| &f.id).collect(),
            &t.factors,
        ),
        (K::Track, model.tracks.iter().map(|x| &x.id).collect(), &t.tracks),
        (
            K::ContactNote,
            model.contacts.iter().map(|c| &c.id).collect(),
            &t.contact_notes,
        ),
        (
            K::ContactHours,
            model.contacts.iter().map(|c| &c.id).collect(),
            &t.contact_hours,
        ),
        (K::Input, model.inputs.iter().map(|x| &x.id).collect(), &t.inputs),
    ];
    for (kind, ids, values) in pairs {
        for (id, value) in ids.into_iter().zip(values) {
            put(kind.key(id), value.as_ref());
        }
    }
    for (r, new) in model.resources.iter().zip(&t.resources) {
        put(K::Resource.key(&r.id), new.as_ref().map(|l| &l.text));
    }
    for (c, new) in model.criteria.iter().zip(&t.levels) {
        for (level, new) in c.scoring.iter().flat_map(|s| &s.levels).zip(new) {
            put(K::Level.key(&format!("{}.{}", c.id, level.id)), new.as_ref());
        }
    }
    for (i, track) in model.tracks.iter().enumerate() {
        for (n, new) in t.rules.get(i).into_iter().flatten().enumerate() {
            put(K::Rule.key(&format!("{}.{}", track.id, n + 1)), new.as_ref());
        }
        for (j, step) in track.steps.iter().enumerate() {
            let path = format!("{}.{}", track.id, step.id);
            let text = t.steps.get(i).and_then(|s| s.get(j)).and_then(Option::as_ref);
            let kind = if step.question.is_some() {
                K::Question
            } else {
                K::Step
            };
            put(kind.key(&path), text.map(|l| &l.text));
            if let Some(parts) = t.step_parts.get(i).and_then(|s| s.get(j)) {
                put(K::Role.key(&path), parts.role.as_ref());
                put(K::Deadline.key(&path), parts.deadline.as_ref());
                for (n, new) in parts.deadlines_when.iter().enumerate() {
                    put(K::Deadline.key(&format!("{path}.{}", n + 1)), new.as_ref());
                }
                put(K::End.key(&path), parts.end.as_ref());
                put(
                    K::End.key(&format!("{path}.{}", keyword::YES)),
                    parts.yes_end.as_ref(),
                );
                put(
                    K::End.key(&format!("{path}.{}", keyword::NO)),
                    parts.no_end.as_ref(),
                );
            }
            let condition = t
                .conditions
                .get(i)
                .and_then(|s| s.get(j))
                .and_then(Option::as_ref);
            put(K::Condition.key(&path), condition);
        }
    }
    TranslationJson {
        language: t.language.tag.clone(),
        bcp47: t.language.bcp47(),
        name: t.language.name.clone(),
        labels: t
            .labels
            .all()
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        texts,
    }
}

fn criteria(model: &Model, c: &model::Criteria) -> Criteria {
    let level_id = |l: model::LevelIdx| c.level_by(l).map(|l| l.id.clone()).unwrap_or_default();
    let scored = c.scoring.is_some();
    Criteria {
        id: c.id.clone(),
        title: c.title.clone(),
        source: c.source.clone(),
        threshold: match c.threshold {
            Threshold::AtLeast(count) => CriteriaThreshold::AtLeast {
                count,
                text: c.threshold.plain_words(c),
            },
            Threshold::AtLeastLevel(level) => CriteriaThreshold::AtLeastLevel {
                level: level_id(level),
                text: c.threshold.plain_words(c),
            },
        },
        factors: c
            .factors
            .iter()
            .filter_map(|f| model.factor_by(*f))
            .map(|f| Factor {
                id: f.id.clone(),
                text: f.text.clone(),
                points: scored.then_some(f.points),
                possible: f.possible,
                alone_meets: f.alone == Some(model::Alone::Meets),
                alone_level: match f.alone {
                    Some(model::Alone::AtLeast(l)) => Some(level_id(l)),
                    _ => None,
                },
                derived: f.derived.as_ref().map(|t| trigger(model, t)),
            })
            .collect(),
        applies_when: c.applies_when.as_ref().map(|t| trigger(model, t)),
        possible_counts_as_yes: c.possible_counts_as_yes,
        levels: c
            .scoring
            .iter()
            .flat_map(|s| &s.levels)
            .map(|l| Level {
                id: l.id.clone(),
                title: l.title.clone(),
                from: l.from,
                to: l.to,
            })
            .collect(),
        allow_gaps: c.scoring.as_ref().is_some_and(|s| s.allow_gaps),
        overrides: c
            .scoring
            .iter()
            .flat_map(|s| &s.overrides)
            .map(|o| Override {
                kind: if o.force { "force" } else { "floor" }.to_string(),
                level: level_id(o.level),
                when: trigger(model, &o.when),
                when_text: o.when.source_text(model),
            })
            .collect(),
    }
}

fn trigger(model: &Model, t: &Trigger) -> TriggerExpr {
    match t {
        Trigger::Compare { input, op, value } => TriggerExpr::Compare {
            input: model.input_by(*input).map(|i| i.id.clone()).unwrap_or_default(),
            op: op.symbol().to_string(),
            value: *value,
        },
        Trigger::Level {
            criteria,
            at_least,
            level,
        } => {
            let group = model.criteria_by(*criteria);
            TriggerExpr::Level {
                criteria: group.map(|g| g.id.clone()).unwrap_or_default(),
                level: group
                    .and_then(|g| g.level_by(*level))
                    .map(|l| l.id.clone())
                    .unwrap_or_default(),
                at_least: *at_least,
            }
        }
        Trigger::Criteria(c) => {
            TriggerExpr::Criteria(model.criteria_by(*c).map(|c| c.id.clone()).unwrap_or_default())
        }
        Trigger::Signal(s) => {
            TriggerExpr::Signal(model.signal_by(*s).map(|s| s.id.clone()).unwrap_or_default())
        }
        Trigger::Not(inner) => TriggerExpr::Not(Box::new(trigger(model, inner))),
        Trigger::All(items) => TriggerExpr::All(items.iter().map(|i| trigger(model, i)).collect()),
        Trigger::Any(items) => TriggerExpr::Any(items.iter().map(|i| trigger(model, i)).collect()),
    }
}

fn route(model: &Model, track: &model::Track, r: &model::Route) -> RouteJson {
    match r {
        model::Route::Goto(i) => {
            RouteJson::Goto(track.steps.get(*i).map(|s| s.id.clone()).unwrap_or_default())
        }
        model::Route::Track(t) => {
            RouteJson::Track(model.track_by(*t).map(|t| t.id.clone()).unwrap_or_default())
        }
        model::Route::End(outcome) => RouteJson::End(outcome.clone()),
        model::Route::Next => RouteJson::Next(true),
    }
}

/// The JSON text of a model: pretty-printed, ending with a newline.
pub fn to_json(model: &Model) -> String {
    pretty(&document(model))
}

/// The JSON Schema of [`ProtocolDocument`], pretty-printed, ending with a newline.
pub fn schema_json() -> String {
    let mut schema = schemars::schema_for!(ProtocolDocument);
    schema.insert(
        "$id".to_string(),
        format!("https://protocolc.invalid/schema/protocol-{SCHEMA_VERSION}.json").into(),
    );
    pretty(&schema)
}

fn pretty<T: Serialize>(value: &T) -> String {
    // Serializing these types cannot fail: no maps with non-string keys, no floats.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
