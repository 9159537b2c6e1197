//! The validated protocol: every name resolved, every rule checked.
//!
//! Only the checker ([`crate::check::check`]) builds a [`Model`], so the evaluator
//! and every emitter can rely on it: indices are in range, thresholds fit their
//! groups, triggers can fire, precedence is acyclic and complete.
//!
//! **The compiler holds that invariant.** `Model`'s fields are `pub(crate)`, so
//! outside this crate a model is read through its accessors ([`Model::factors`],
//! [`Model::tracks`], [`Model::metadata`], …) and cannot be written; inside the
//! crate a `Model { … }` literal needs a value of the zero-sized
//! `check::Sealed`, which only the checker can create. Other code in the crate
//! may copy and edit a model the checker built (as [`Model::translated`] does,
//! to swap its text) but cannot make one from nothing. The items in a model (a [`Factor`], a [`Track`],
//! …) keep public fields: they can only be had from a `Model`.
//!
//! This file holds the typed indices, the `Model` and its lookups; the items live
//! by concept: `document` (metadata, document control, sources), `contact`
//! (contacts, linked text, resources), `criteria` (what staff observe and the
//! groups that judge it), `trigger` (formulas over it and their words), `track`
//! (tracks, steps, questions, routes), `translation` (languages and translated
//! views) and `scenario` (examples the protocol must decide as stated).

mod condition;
mod contact;
mod county;
mod criteria;
mod document;
mod outcome;
mod scenario;
mod time;
mod track;
mod translation;
mod trigger;

pub use crate::labels::{Labels, Noun};
pub use condition::Condition;
pub use contact::{Contact, LinkedText, Number, Resource, TextPart, CONTACT_FIELDS};
pub use county::CountyChange;
pub use criteria::{
    points_noun, Alone, Criteria, Factor, GradeOf, Input, InputValue, Level, LevelRange, Override,
    ScaleValue, Scoring, Signal, Threshold, TierOf,
};
pub use document::{
    Definition, DocumentControl, Law, LegalBasis, Metadata, Revision, SourceDocument, SourceRecord, Status,
};
pub use outcome::OutcomeValueWords;
pub use scenario::{Expectation, Scenario};
pub(crate) use time::say_times;
pub use time::{Amount, Duration, Lasts, Time, TimeUnit};
pub use track::{
    Answer, Choice, ConditionalDeadline, Form, HandoffDocument, Question, Route, Step, Track, YesNo,
};
pub use translation::{Language, StepParts, Translation};
pub use trigger::{CompareOp, Facts, Leaf, Trigger, TriggerWords};

/// Index of a factor in [`Model::factors`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactorIdx(pub usize);
/// Index of a criteria group in [`Model::criteria`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CriteriaIdx(pub usize);
/// Index of a signal in [`Model::signals`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SignalIdx(pub usize);
/// Index of a contact in [`Model::contacts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContactIdx(pub usize);
/// Index of an input in [`Model::inputs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InputIdx(pub usize);
/// Index of a level within its criteria group's [`Scoring::levels`] (0 is the lowest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LevelIdx(pub usize);
/// Index of a track in [`Model::tracks`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrackIdx(pub usize);

/// A step (or question) of a track: the track, and the step's position in its steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StepRef {
    pub track: TrackIdx,
    pub step: usize,
}
/// Index of a question in [`Model::questions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuestionIdx(pub usize);

/// Where something was written, kept only to report on it: it never takes part
/// in equality, so two models that mean the same are equal wherever they were written.
#[derive(Clone, Copy, Debug, Default)]
pub struct Located(pub crate::source::Span);

impl PartialEq for Located {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Located {}

/// A validated protocol. Its fields are read through the methods of the same
/// names; only the checker can build one (see the module's comment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// The files this protocol was built from (one today; a variant's chain later).
    pub(crate) sources: Vec<SourceRecord>,
    pub(crate) metadata: Metadata,
    pub(crate) legal: Option<LegalBasis>,
    pub(crate) definitions: Vec<Definition>,
    pub(crate) contacts: Vec<Contact>,
    pub(crate) resources: Vec<Resource>,
    pub(crate) signals: Vec<Signal>,
    /// Whole numbers staff enter (an age, a count).
    pub(crate) inputs: Vec<Input>,
    pub(crate) criteria: Vec<Criteria>,
    /// Every criteria group, in an order where each comes after the groups its
    /// rules depend on (`applies_when`, `floor`, `force`, factors' `when` and `only_when`).
    pub(crate) criteria_order: Vec<CriteriaIdx>,
    pub(crate) factors: Vec<Factor>,
    pub(crate) tracks: Vec<Track>,
    /// Every track, highest precedence first (ties in file order).
    pub(crate) precedence: Vec<TrackIdx>,
    /// Examples the protocol must decide as stated (`protocolc test` runs them).
    pub(crate) scenarios: Vec<Scenario>,
    /// The language the model's text is in: the protocol's own (English), or a
    /// translation's in a view from [`Model::translated`].
    pub(crate) language: Language,
    /// The handout's and flowchart's fixed phrases in that language.
    pub(crate) labels: Labels,
    /// The protocol's text in other languages (empty in a translated view).
    pub(crate) translations: Vec<Translation>,
    /// Every question of every track, in file order (question ids are unique in a protocol).
    pub(crate) questions: Vec<StepRef>,
    /// The checker's seal: a value only [`crate::check`] can make.
    pub(crate) sealed: crate::check::Sealed,
}

impl Model {
    /// The files this protocol was built from (one today; a variant's chain later).
    pub fn sources(&self) -> &[SourceRecord] {
        &self.sources
    }
    /// The protocol's id, title, version and document control.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }
    /// The laws the protocol rests on, if it names them.
    pub fn legal(&self) -> Option<&LegalBasis> {
        self.legal.as_ref()
    }
    /// Terms and their meanings, in file order.
    pub fn definitions(&self) -> &[Definition] {
        &self.definitions
    }
    /// Contacts, in file order ([`ContactIdx`] indexes them).
    pub fn contacts(&self) -> &[Contact] {
        &self.contacts
    }
    /// Resources, in file order.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }
    /// Signals, in file order ([`SignalIdx`] indexes them).
    pub fn signals(&self) -> &[Signal] {
        &self.signals
    }
    /// Whole numbers staff enter, in file order ([`InputIdx`] indexes them).
    pub fn inputs(&self) -> &[Input] {
        &self.inputs
    }
    /// Criteria groups, in file order ([`CriteriaIdx`] indexes them).
    pub fn criteria(&self) -> &[Criteria] {
        &self.criteria
    }
    /// Every criteria group, each after the groups its rules depend on.
    pub fn criteria_order(&self) -> &[CriteriaIdx] {
        &self.criteria_order
    }
    /// Every factor of every group, in file order ([`FactorIdx`] indexes them).
    pub fn factors(&self) -> &[Factor] {
        &self.factors
    }
    /// Tracks, in file order ([`TrackIdx`] indexes them).
    pub fn tracks(&self) -> &[Track] {
        &self.tracks
    }
    /// Every track, highest precedence first (ties in file order).
    pub fn precedence(&self) -> &[TrackIdx] {
        &self.precedence
    }
    /// Examples the protocol must decide as stated.
    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }
    /// The language the model's text is in.
    pub fn language(&self) -> &Language {
        &self.language
    }
    /// The handout's and flowchart's fixed phrases in the model's language.
    pub fn labels(&self) -> &Labels {
        &self.labels
    }
    /// The protocol's text in other languages (empty in a translated view).
    pub fn translations(&self) -> &[Translation] {
        &self.translations
    }
    /// Every question of every track, in file order ([`QuestionIdx`] indexes them).
    pub fn questions(&self) -> &[StepRef] {
        &self.questions
    }

    pub fn factor_by(&self, i: FactorIdx) -> Option<&Factor> {
        self.factors.get(i.0)
    }
    pub fn criteria_by(&self, i: CriteriaIdx) -> Option<&Criteria> {
        self.criteria.get(i.0)
    }
    pub fn signal_by(&self, i: SignalIdx) -> Option<&Signal> {
        self.signals.get(i.0)
    }
    pub fn contact_by(&self, i: ContactIdx) -> Option<&Contact> {
        self.contacts.get(i.0)
    }
    pub fn track_by(&self, i: TrackIdx) -> Option<&Track> {
        self.tracks.get(i.0)
    }
    /// The tracks `above` supersedes, directly or through a chain of `supersedes`,
    /// highest precedence first: the tracks not followed when `above` applies too.
    /// Every output says this set, so none says less than the evaluator decides.
    pub fn superseded_through(&self, above: TrackIdx) -> Vec<TrackIdx> {
        self.precedence
            .iter()
            .copied()
            .filter(|&below| {
                self.track_by(below)
                    .is_some_and(|t| t.superseded_by.contains(&above))
            })
            .collect()
    }
    pub fn step_by(&self, at: StepRef) -> Option<&Step> {
        self.track_by(at.track)?.steps.get(at.step)
    }
    /// The question at a step, if it is one.
    pub fn question_at(&self, at: StepRef) -> Option<QuestionIdx> {
        self.questions.iter().position(|q| *q == at).map(QuestionIdx)
    }
    /// A question's id (`?` for an index out of range, which the checker never makes).
    pub fn question_id(&self, q: QuestionIdx) -> &str {
        self.question_step(q).map_or("?", |s| s.id.as_str())
    }
    /// A question's text, in the model's language.
    pub fn question_text(&self, q: QuestionIdx) -> &str {
        self.question_step(q).map_or("?", |s| s.text.text.as_str())
    }
    /// A question's routes and answers.
    pub fn question_by(&self, q: QuestionIdx) -> Option<&Question> {
        self.question_step(q)?.question.as_ref()
    }
    /// An answer to a question as written: `yes`, `no`, `unclear` or a choice's name.
    pub fn answer_word(&self, q: QuestionIdx, answer: Answer) -> &str {
        self.question_by(q)
            .map_or(answer.as_str(), |question| question.word(answer))
    }
    fn question_step(&self, q: QuestionIdx) -> Option<&Step> {
        self.step_by(*self.questions.get(q.0)?)
    }
    pub fn question_named(&self, id: &str) -> Option<QuestionIdx> {
        self.questions
            .iter()
            .position(|q| self.step_by(*q).is_some_and(|s| s.id == id))
            .map(QuestionIdx)
    }
    pub fn factor_named(&self, id: &str) -> Option<FactorIdx> {
        self.factors.iter().position(|f| f.id == id).map(FactorIdx)
    }
    pub fn input_by(&self, i: InputIdx) -> Option<&Input> {
        self.inputs.get(i.0)
    }
    pub fn input_named(&self, id: &str) -> Option<InputIdx> {
        self.inputs.iter().position(|x| x.id == id).map(InputIdx)
    }
    pub fn signal_named(&self, id: &str) -> Option<SignalIdx> {
        self.signals.iter().position(|s| s.id == id).map(SignalIdx)
    }
}
