//! The validated protocol: every name resolved, every rule checked.
//!
//! Only the checker ([`crate::check::check`]) builds a [`Model`], so the evaluator
//! and every emitter can rely on it: indices are in range, thresholds fit their
//! groups, triggers can fire, precedence is acyclic and complete.

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

/// The file a protocol was compiled from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRecord {
    /// The path as given to protocolc, with `/` separators.
    pub file: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// The files this protocol was built from (one today; a variant's chain later).
    pub sources: Vec<SourceRecord>,
    pub metadata: Metadata,
    pub legal: Option<LegalBasis>,
    pub definitions: Vec<Definition>,
    pub contacts: Vec<Contact>,
    pub resources: Vec<Resource>,
    pub signals: Vec<Signal>,
    /// Whole numbers staff enter (an age, a count).
    pub inputs: Vec<Input>,
    pub criteria: Vec<Criteria>,
    /// Every criteria group, in an order where each comes after the groups its
    /// rules depend on (`applies_when`, `floor`, `force`, derived factors).
    pub criteria_order: Vec<CriteriaIdx>,
    pub factors: Vec<Factor>,
    pub tracks: Vec<Track>,
    /// Every track, highest precedence first (ties in file order).
    pub precedence: Vec<TrackIdx>,
    /// Examples the protocol must decide as stated (`protocolc test` runs them).
    pub scenarios: Vec<Scenario>,
    /// The language the model's text is in: the protocol's own (English), or a
    /// translation's in a view from [`Model::translated`].
    pub language: Language,
    /// The handout's and flowchart's fixed phrases in that language.
    pub labels: Labels,
    /// The protocol's text in other languages (empty in a translated view).
    pub translations: Vec<Translation>,
    /// Every question of every track, in file order (question ids are unique in a protocol).
    pub questions: Vec<StepRef>,
}

pub use crate::labels::Labels;

/// A language: its tag (`es`, `zh_hant`) and its name for itself ("Español").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Language {
    pub tag: String,
    pub name: String,
}

impl Language {
    /// The language protocols are written in.
    pub fn english() -> Self {
        Language {
            tag: "en".into(),
            name: "English".into(),
        }
    }

    /// The tag as BCP 47 writes it, for `lang` attributes and file names: `zh-hant`.
    pub fn bcp47(&self) -> String {
        self.tag.replace('_', "-")
    }
}

/// `translation LANG "name" { … }`: the protocol's text in another language,
/// item by item (`None`: not translated, the protocol's own words are used).
/// Each list runs parallel to the model's list of the same items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    pub language: Language,
    /// Every label: the translation's, else the language's built-in ones, else English.
    pub labels: Labels,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub audience: Option<String>,
    pub jurisdiction: Option<String>,
    /// Term and meaning.
    pub definitions: Vec<Option<(String, String)>>,
    pub signals: Vec<Option<String>>,
    pub criteria: Vec<Option<String>>,
    pub factors: Vec<Option<String>>,
    pub tracks: Vec<Option<String>>,
    /// Per track, per step: the step's text and its condition.
    pub steps: Vec<Vec<Option<LinkedText>>>,
    pub conditions: Vec<Vec<Option<String>>>,
    pub resources: Vec<Option<LinkedText>>,
    /// Per contact: its note and when it answers.
    pub contact_notes: Vec<Option<String>>,
    pub contact_hours: Vec<Option<String>>,
    pub inputs: Vec<Option<String>>,
    /// Per criteria group, per level: the level's title.
    pub levels: Vec<Vec<Option<String>>>,
    /// Per track, per standing rule.
    pub rules: Vec<Vec<Option<String>>>,
    /// Per track, per step: its role, deadlines and outcomes.
    pub step_parts: Vec<Vec<StepParts>>,
}

/// A step's translated words besides its text and condition.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct StepParts {
    pub role: Option<String>,
    /// The deadline without `when`.
    pub deadline: Option<String>,
    /// The deadlines with `when`, in order.
    pub deadlines_when: Vec<Option<String>>,
    /// The step's `end` outcome.
    pub end: Option<String>,
    /// The outcomes of a question's `end` routes.
    pub yes_end: Option<String>,
    pub no_end: Option<String>,
}

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

/// `scenario ID "title" { given … expect … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    /// Factors answered yes.
    pub factors: Vec<FactorIdx>,
    /// Factors answered "possible".
    pub possible: Vec<FactorIdx>,
    pub signals: Vec<SignalIdx>,
    /// Inputs' values.
    pub values: Vec<(InputIdx, u32)>,
    /// How staff answered questions (`answer plan yes`).
    pub answers: Vec<(QuestionIdx, Answer)>,
    /// What it expects, each with where it was written.
    pub expectations: Vec<(Expectation, Located)>,
    /// The scenario's name, where it was written.
    pub at: Located,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// No track applies.
    Nothing,
    /// Exactly these tracks apply.
    Tracks(Vec<TrackIdx>),
    /// None of these tracks applies.
    NotTracks(Vec<TrackIdx>),
    /// These criteria groups are met.
    Met(Vec<CriteriaIdx>),
    /// These criteria groups are not met.
    NotMet(Vec<CriteriaIdx>),
    /// A scored group is at this level.
    Level(CriteriaIdx, LevelIdx),
    /// Steps or questions with these ids are on the path taken.
    Steps(Vec<String>),
    /// No step or question with these ids is on the path taken.
    NotSteps(Vec<String>),
    /// The protocol ended at an `end`.
    End,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metadata {
    pub id: String,
    pub title: String,
    pub jurisdiction: String,
    pub audience: String,
    pub version: String,
    /// `YYYY-MM-DD`, a valid calendar date.
    pub effective: String,
    pub summary: Option<String>,
    /// Set for a shared base (`base "…"`): what each variant supplies. A base is
    /// checked but not built.
    pub base: Option<String>,
    pub document: DocumentControl,
}

/// Where a protocol stands: its status, approval and review dates, and history.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DocumentControl {
    pub status: Option<Status>,
    /// `YYYY-MM-DD` dates.
    pub approved: Option<String>,
    pub reviewed: Option<String>,
    pub next_review: Option<String>,
    /// Where `next_review` was written, to warn when it has passed.
    pub next_review_at: Located,
    /// Oldest first, as written.
    pub revisions: Vec<Revision>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Draft,
    InReview,
    Approved,
    Retired,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Draft, Status::InReview, Status::Approved, Status::Retired];

    /// As written in a protocol file, e.g. `in_review`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in_review",
            Status::Approved => "approved",
            Status::Retired => "retired",
        }
    }

    /// In plain words, e.g. "in review".
    pub fn words(self) -> &'static str {
        match self {
            Status::InReview => "in review",
            other => other.as_str(),
        }
    }
}

/// One line of a revision history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    pub date: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegalBasis {
    pub statement: Option<String>,
    pub laws: Vec<Law>,
}

/// A code and the sections of it cited, e.g. Education Code 51934, 51950.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Law {
    pub code: String,
    pub sections: Vec<String>,
}

impl Law {
    /// "Education Code (EC) 51934, 51950"
    pub fn citation(&self) -> String {
        format!("{} {}", self.code, self.sections.join(", "))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub id: String,
    pub term: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub note: Option<String>,
    /// In a base: what a variant must supply for this contact (`parameter "…"`).
    pub parameter: Option<String>,
    /// When the contact's details were last checked, and are next due (`YYYY-MM-DD`).
    pub reviewed: Option<String>,
    pub next_review: Option<String>,
    /// Where `next_review` was written.
    pub next_review_at: Located,
    /// When the contact can be reached, e.g. "24 hours a day".
    pub hours: Option<String>,
    /// Other numbers, each with what it is for.
    pub numbers: Vec<Number>,
    /// Contacts this one is called instead of, and when.
    pub instead_of: Vec<(ContactIdx, String)>,
}

/// Another number of a contact: "Out of state", "TDD", "Fax" …
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    pub label: String,
    pub phone: String,
    pub hours: Option<String>,
}

/// The contact fields a `{contact.field}` placeholder can name.
pub const CONTACT_FIELDS: &[&str] = &["name", "phone", "email", "website"];

impl Contact {
    /// The value of a placeholder field, if the contact has it.
    pub fn field(&self, field: &str) -> Option<&str> {
        match field {
            "name" => Some(&self.name),
            "phone" => self.phone.as_deref(),
            "email" => self.email.as_deref(),
            "website" => self.website.as_deref(),
            _ => None,
        }
    }
}

/// Text that may name contact fields: the text with the fields filled in, the
/// template as written, and the contacts it involves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedText {
    /// With every `{contact.field}` replaced by its value.
    pub text: String,
    /// As written, placeholders kept (literal braces escaped as `\{` and `\}`).
    pub template: String,
    /// The text in pieces: literal text and filled-in contact fields, so an
    /// emitter can link a website or set a phone number in bold.
    pub parts: Vec<TextPart>,
    /// Contacts named in the text or listed with it, in first-mention order.
    pub contacts: Vec<ContactIdx>,
}

/// A piece of [`LinkedText`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextPart {
    Literal(String),
    /// A contact's field, filled in: `field` is one of [`CONTACT_FIELDS`].
    Field {
        contact: ContactIdx,
        field: String,
        value: String,
    },
}

impl TextPart {
    /// The text this part shows.
    pub fn value(&self) -> &str {
        match self {
            TextPart::Literal(s) => s,
            TextPart::Field { value, .. } => value,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    pub id: String,
    pub text: LinkedText,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signal {
    pub id: String,
    pub text: String,
}

/// `input ID "text" from A to B`: a whole number staff enter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub id: String,
    pub text: String,
    /// The values it may take, both ends included, when declared.
    pub range: Option<(u32, u32)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criteria {
    pub id: String,
    pub title: String,
    /// Who set the criteria, e.g. "California Department of Social Services".
    pub source: Option<String>,
    pub threshold: Threshold,
    /// This group's factors, in file order.
    pub factors: Vec<FactorIdx>,
    /// The students it counts for (`applies_when`); for the others it is not met.
    pub applies_when: Option<Trigger>,
    /// A "possible" answer counts like "yes".
    pub possible_counts_as_yes: bool,
    /// Set for a scored group (one with levels).
    pub scoring: Option<Scoring>,
}

/// A scored group's levels and the rules that move a student between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scoring {
    /// Lowest first; ranges do not overlap.
    pub levels: Vec<Level>,
    /// Totals between two ranges get no level (`allow_gaps`).
    pub allow_gaps: bool,
    /// `floor` and `force` rules, in file order.
    pub overrides: Vec<Override>,
}

/// `level ID "title" from A to B`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    pub id: String,
    pub title: String,
    pub from: u32,
    /// `None`: open-ended.
    pub to: Option<u32>,
}

impl Level {
    pub fn contains(&self, total: u32) -> bool {
        total >= self.from && self.to.is_none_or(|to| total <= to)
    }

    /// "3 to 5 points", "6 points or more", in the language of `labels`.
    pub fn range_words(&self, labels: &Labels) -> String {
        match self.to {
            Some(to) if to == self.from => labels.points(to),
            Some(to) => format!("{} {} {}", self.from, labels.get("to"), labels.points(to)),
            None => format!("{} {}", labels.points(self.from), labels.get("or_more")),
        }
    }
}

/// "point" or "points".
pub fn points_noun(n: u32) -> &'static str {
    if n == 1 {
        "point"
    } else {
        "points"
    }
}

/// `floor LEVEL when …` or `force LEVEL when …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    /// `force` sets the level; `floor` only raises it.
    pub force: bool,
    pub level: LevelIdx,
    pub when: Trigger,
}

/// When a criteria group is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threshold {
    /// Met when at least this many of its factors are present (1 ≤ n ≤ factors).
    AtLeast(u32),
    /// A scored group, met when its level is this one or higher.
    AtLeastLevel(LevelIdx),
}

impl Threshold {
    /// "at least two of these factors are present", "the level is Medium concern or
    /// higher", in English (the evaluator's, the JSON's and the diff's words).
    pub fn plain_words(self, criteria: &Criteria) -> String {
        self.words(criteria, &Labels::english())
    }

    /// The threshold in the language of `labels`.
    pub fn words(self, criteria: &Criteria, labels: &Labels) -> String {
        match self {
            Threshold::AtLeast(n) => labels.threshold(n, true),
            Threshold::AtLeastLevel(level) => {
                let title = criteria.level_title(level);
                if criteria.is_highest(level) {
                    format!("{} {title}", labels.get("level_is"))
                } else {
                    format!("{} {title} {}", labels.get("level_is"), labels.get("or_higher"))
                }
            }
        }
    }
}

impl Criteria {
    pub fn level_by(&self, i: LevelIdx) -> Option<&Level> {
        self.scoring.as_ref().and_then(|s| s.levels.get(i.0))
    }

    /// A level's title, e.g. "Medium concern".
    pub fn level_title(&self, i: LevelIdx) -> &str {
        self.level_by(i).map_or("?", |l| l.title.as_str())
    }

    /// Whether `level` is the group's highest (nothing is "higher" than it).
    pub fn is_highest(&self, level: LevelIdx) -> bool {
        self.scoring
            .as_ref()
            .is_some_and(|s| s.levels.len() == level.0 + 1)
    }

    /// The level whose range holds `total`, if any.
    pub fn level_of_total(&self, total: u32) -> Option<LevelIdx> {
        self.scoring
            .as_ref()
            .and_then(|s| s.levels.iter().position(|l| l.contains(total)))
            .map(LevelIdx)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Factor {
    pub id: String,
    pub text: String,
    pub criteria: CriteriaIdx,
    /// What a yes adds in a scored group (1 unless given).
    pub points: u32,
    /// What a "possible" answer adds, when given (`possible N`).
    pub possible: Option<u32>,
    /// On its own, it meets its group (count groups) or rates at least this level.
    pub alone: Option<Alone>,
    /// Worked out from inputs (`when …`), not ticked by staff.
    pub derived: Option<Trigger>,
}

impl Factor {
    /// What a "possible" answer adds in a scored group: its own `possible N`, else
    /// its full points where the group says `possible_counts_as yes`, else nothing.
    pub fn possible_points(&self, possible_counts_as_yes: bool) -> u32 {
        self.possible
            .unwrap_or(if possible_counts_as_yes { self.points } else { 0 })
    }
}

/// What a factor does on its own (`alone`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alone {
    /// It meets its count group by itself.
    Meets,
    /// It rates the student at least this level of its scored group.
    AtLeast(LevelIdx),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Track {
    pub id: String,
    pub title: String,
    pub trigger: Trigger,
    /// When this track and one of these both apply, only this one is followed.
    pub supersedes: Vec<TrackIdx>,
    /// When this track and one of these both apply, both are followed, this one first.
    pub precedes: Vec<TrackIdx>,
    /// The tracks that supersede this one, directly or through a chain of
    /// `supersedes`, highest precedence first (worked out once by the checker).
    pub superseded_by: Vec<TrackIdx>,
    /// Standing rules that hold throughout the track (`rule "…"`).
    pub rules: Vec<String>,
    /// Steps and questions, in order.
    pub steps: Vec<Step>,
}

/// When a track applies: a formula over criteria verdicts and signals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trigger {
    Criteria(CriteriaIdx),
    Signal(SignalIdx),
    /// `age < 13`: false when the input has no value.
    Compare {
        input: InputIdx,
        op: CompareOp,
        value: u32,
    },
    /// `screening is high` (`at_least`: or higher): false when the group has no level.
    Level {
        criteria: CriteriaIdx,
        at_least: bool,
        level: LevelIdx,
    },
    Not(Box<Trigger>),
    All(Vec<Trigger>),
    Any(Vec<Trigger>),
}

impl Trigger {
    /// Evaluates the trigger over what is known about a student.
    pub fn holds(&self, facts: &dyn Facts) -> bool {
        match self {
            Trigger::Criteria(c) => facts.criteria_met(*c),
            Trigger::Signal(s) => facts.signal(*s),
            Trigger::Compare { input, op, value } => facts.input(*input).is_some_and(|v| op.holds(v, *value)),
            Trigger::Level {
                criteria,
                at_least,
                level,
            } => facts
                .level(*criteria)
                .is_some_and(|l| if *at_least { l >= *level } else { l == *level }),
            Trigger::Not(inner) => !inner.holds(facts),
            Trigger::All(items) => items.iter().all(|t| t.holds(facts)),
            Trigger::Any(items) => items.iter().any(|t| t.holds(facts)),
        }
    }

    /// Every leaf of the trigger, in order.
    pub fn leaves(&self, out: &mut Vec<Leaf>) {
        match self {
            Trigger::Not(inner) => inner.leaves(out),
            Trigger::All(items) | Trigger::Any(items) => items.iter().for_each(|t| t.leaves(out)),
            leaf => out.extend(leaf.as_leaf()),
        }
    }

    /// The trigger as a leaf, if it is one (a name, a comparison or a level test).
    pub fn as_leaf(&self) -> Option<Leaf> {
        match *self {
            Trigger::Criteria(c) => Some(Leaf::Criteria(c)),
            Trigger::Signal(s) => Some(Leaf::Signal(s)),
            Trigger::Compare { input, op, value } => Some(Leaf::Compare { input, op, value }),
            Trigger::Level {
                criteria,
                at_least,
                level,
            } => Some(Leaf::Level {
                criteria,
                at_least,
                level,
            }),
            Trigger::Not(_) | Trigger::All(_) | Trigger::Any(_) => None,
        }
    }

    /// The trigger written back in the protocol language, e.g. `at_risk_1 or at_risk_2`.
    pub fn source_text(&self, model: &Model) -> String {
        self.write(&TriggerWords::PROTOCOL, &|leaf| match leaf {
            Leaf::Criteria(c) => model.criteria_by(c).map_or("?", |c| c.id.as_str()).to_string(),
            Leaf::Signal(s) => model.signal_by(s).map_or("?", |s| s.id.as_str()).to_string(),
            Leaf::Compare { input, op, value } => format!(
                "{} {} {value}",
                model.input_by(input).map_or("?", |i| i.id.as_str()),
                op.symbol()
            ),
            Leaf::Level {
                criteria,
                at_least,
                level,
            } => {
                let group = model.criteria_by(criteria);
                format!(
                    "{} {} {}",
                    group.map_or("?", |c| c.id.as_str()),
                    if at_least { "at_least" } else { "is" },
                    group
                        .and_then(|c| c.level_by(level))
                        .map_or("?", |l| l.id.as_str())
                )
            }
        })
    }

    /// The trigger written with `words` for the operators and `name` for each
    /// criteria group or signal, with parentheses only where they are needed
    /// (`not` binds tightest, then `and`, then `or`). Every output that shows a
    /// trigger — protocol text, handout, flowchart, Rust — writes it through here.
    pub fn write(&self, words: &TriggerWords<'_>, name: &dyn Fn(Leaf) -> String) -> String {
        self.write_within(words, name, 0)
    }

    /// `parent` is the binding strength around this trigger: 0 top, 1 or, 2 and, 3 not.
    fn write_within(&self, words: &TriggerWords<'_>, name: &dyn Fn(Leaf) -> String, parent: u8) -> String {
        let join = |items: &[Trigger], strength: u8, separator: &str| {
            items
                .iter()
                .map(|t| t.write_within(words, name, strength))
                .collect::<Vec<_>>()
                .join(separator)
        };
        let (own, text) = match self {
            Trigger::Criteria(_) | Trigger::Signal(_) | Trigger::Compare { .. } | Trigger::Level { .. } => {
                (3, self.as_leaf().map_or_else(String::new, name))
            }
            Trigger::Not(inner) => (3, format!("{}{}", words.not, inner.write_within(words, name, 3))),
            Trigger::All(items) => (2, join(items, 2, words.and)),
            Trigger::Any(items) => (1, join(items, 1, words.or)),
        };
        if own < parent {
            format!("({text})")
        } else {
            text
        }
    }
}

/// A name in a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Leaf {
    Criteria(CriteriaIdx),
    Signal(SignalIdx),
    Compare {
        input: InputIdx,
        op: CompareOp,
        value: u32,
    },
    Level {
        criteria: CriteriaIdx,
        at_least: bool,
        level: LevelIdx,
    },
}

pub use crate::syntax::ast::CompareOp;

/// What a trigger reads: what is known about one student.
pub trait Facts {
    fn criteria_met(&self, criteria: CriteriaIdx) -> bool;
    fn signal(&self, signal: SignalIdx) -> bool;
    /// An input's value, when given.
    fn input(&self, input: InputIdx) -> Option<u32>;
    /// A scored group's level, when it has one.
    fn level(&self, criteria: CriteriaIdx) -> Option<LevelIdx>;
}

/// The words a trigger is written with (see [`Trigger::write`]).
#[derive(Clone, Copy, Debug)]
pub struct TriggerWords<'a> {
    pub and: &'a str,
    pub or: &'a str,
    /// Written before what it negates, e.g. `"not "`.
    pub not: &'a str,
}

impl TriggerWords<'static> {
    /// As in a protocol file: `a and not (b or c)`.
    pub const PROTOCOL: TriggerWords<'static> = TriggerWords {
        and: " and ",
        or: " or ",
        not: "not ",
    };
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Unique within its track.
    pub id: String,
    pub text: LinkedText,
    /// Said before the text, e.g. "If appropriate, and in consultation with the student".
    pub condition: Option<String>,
    /// Why the step is required by law or policy (`required "…"`), if it is.
    pub required: Option<String>,
    /// Who does the step, and who does it when they cannot, in order.
    pub role: Option<String>,
    pub backups: Vec<String>,
    /// When it must be done, e.g. "within 36 hours": the deadline without `when`.
    pub deadline: Option<String>,
    /// Deadlines that hold in a case (`deadline "immediately" when …`), in order:
    /// the first whose trigger holds counts, else [`Step::deadline`] (then present).
    pub deadlines_when: Vec<ConditionalDeadline>,
    /// A form to complete.
    pub form: Option<Form>,
    /// A step to consider, not one staff must take.
    pub optional: bool,
    /// Passed over when this holds (`skip_when`).
    pub skip_when: Option<Trigger>,
    /// Steps of the same track (positions) that come before this one on every path.
    pub after: Vec<usize>,
    /// The protocol ends after this step, with this outcome (`end "…"`).
    pub end: Option<String>,
    /// Another protocol file staff go on with (`handoff "…"`), relative to the file it was written in.
    pub handoff: Option<String>,
    /// Set when this item is a question staff answer, not a step they take.
    pub question: Option<Question>,
}

impl Step {
    /// Puts a translation's role, deadlines and outcomes in place of the step's own.
    fn translate_parts(&mut self, new: &StepParts) {
        let swap = |slot: &mut Option<String>, new: &Option<String>| {
            if let (Some(slot), Some(new)) = (slot, new) {
                slot.clone_from(new);
            }
        };
        swap(&mut self.role, &new.role);
        swap(&mut self.deadline, &new.deadline);
        swap(&mut self.end, &new.end);
        for (d, new) in self.deadlines_when.iter_mut().zip(&new.deadlines_when) {
            if let Some(new) = new {
                d.text.clone_from(new);
            }
        }
        if let Some(q) = &mut self.question {
            for (route, new) in [(&mut q.yes, &new.yes_end), (&mut q.no, &new.no_end)] {
                if let (Route::End(outcome), Some(new)) = (route, new) {
                    outcome.clone_from(new);
                }
            }
        }
    }
}

/// `deadline "text" when TRIGGER`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionalDeadline {
    pub when: Trigger,
    pub text: String,
}

/// A question: where each answer leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub yes: Route,
    pub no: Route,
    /// The answer an "unclear" counts as; without it, an unclear answer is waited on.
    pub unclear_counts_as: Option<Answer>,
}

impl Question {
    /// The route an answer takes; `None` for an unclear answer with no `unclear_counts_as`.
    pub fn route(&self, answer: Answer) -> Option<&Route> {
        match answer {
            Answer::Yes => Some(&self.yes),
            Answer::No => Some(&self.no),
            Answer::Unclear => self.unclear_counts_as.and_then(|a| match a {
                Answer::Yes => Some(&self.yes),
                Answer::No => Some(&self.no),
                Answer::Unclear => None,
            }),
        }
    }
}

/// An answer to a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Answer {
    Yes,
    No,
    Unclear,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Unclear];

    /// As written: `yes`, `no`, `unclear`.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unclear => "unclear",
        }
    }

    pub fn from_word(word: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.as_str() == word)
    }
}

/// Where an answer to a question leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// On with this later step (position) of the same track.
    Goto(usize),
    /// On with another track's steps.
    Track(TrackIdx),
    /// The protocol ends, with this outcome.
    End(String),
    /// On with the step that follows.
    Next,
}

/// A form to complete: its name and, if it has one, its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub name: String,
    pub code: Option<String>,
}

impl Model {
    /// The model in the language `tag`, for emitters: every translated text in place
    /// of the protocol's own, the language's labels, and no translations of its own.
    /// `None` when the protocol has no translation into that language.
    pub fn translated(&self, tag: &str) -> Option<Model> {
        let t = self.translations.iter().find(|t| t.language.tag == tag)?;
        let mut m = self.clone();
        m.translations = Vec::new();
        m.language = t.language.clone();
        m.labels = t.labels.clone();
        let swap = |slot: &mut String, new: &Option<String>| {
            if let Some(new) = new {
                slot.clone_from(new);
            }
        };
        swap(&mut m.metadata.title, &t.title);
        swap(&mut m.metadata.audience, &t.audience);
        swap(&mut m.metadata.jurisdiction, &t.jurisdiction);
        if let (Some(summary), Some(new)) = (&mut m.metadata.summary, &t.summary) {
            summary.clone_from(new);
        }
        for (d, new) in m.definitions.iter_mut().zip(&t.definitions) {
            if let Some((term, text)) = new {
                d.term.clone_from(term);
                d.text.clone_from(text);
            }
        }
        for (s, new) in m.signals.iter_mut().zip(&t.signals) {
            swap(&mut s.text, new);
        }
        for (c, new) in m.criteria.iter_mut().zip(&t.criteria) {
            swap(&mut c.title, new);
        }
        for (f, new) in m.factors.iter_mut().zip(&t.factors) {
            swap(&mut f.text, new);
        }
        for (input, new) in m.inputs.iter_mut().zip(&t.inputs) {
            swap(&mut input.text, new);
        }
        for (c, new) in m.criteria.iter_mut().zip(&t.levels) {
            for (level, new) in c.scoring.iter_mut().flat_map(|s| &mut s.levels).zip(new) {
                swap(&mut level.title, new);
            }
        }
        for (i, track) in m.tracks.iter_mut().enumerate() {
            swap(&mut track.title, t.tracks.get(i).unwrap_or(&None));
            let texts = t.steps.get(i).map_or(&[][..], Vec::as_slice);
            let conditions = t.conditions.get(i).map_or(&[][..], Vec::as_slice);
            for (rule, new) in track
                .rules
                .iter_mut()
                .zip(t.rules.get(i).map_or(&[][..], Vec::as_slice))
            {
                swap(rule, new);
            }
            let parts = t.step_parts.get(i).map_or(&[][..], Vec::as_slice);
            for (step, new) in track.steps.iter_mut().zip(parts) {
                step.translate_parts(new);
            }
            for (j, step) in track.steps.iter_mut().enumerate() {
                if let Some(Some(text)) = texts.get(j) {
                    step.text = text.clone();
                }
                if let (Some(condition), Some(Some(new))) = (&mut step.condition, conditions.get(j)) {
                    condition.clone_from(new);
                }
            }
        }
        for (r, new) in m.resources.iter_mut().zip(&t.resources) {
            if let Some(text) = new {
                r.text = text.clone();
            }
        }
        for (i, c) in m.contacts.iter_mut().enumerate() {
            if let (Some(note), Some(Some(new))) = (&mut c.note, t.contact_notes.get(i)) {
                note.clone_from(new);
            }
            if let (Some(hours), Some(Some(new))) = (&mut c.hours, t.contact_hours.get(i)) {
                hours.clone_from(new);
            }
        }
        Some(m)
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
    pub fn step_by(&self, at: StepRef) -> Option<&Step> {
        self.track_by(at.track)?.steps.get(at.step)
    }
    /// The question at a step, if it is one.
    pub fn question_at(&self, at: StepRef) -> Option<QuestionIdx> {
        self.questions.iter().position(|q| *q == at).map(QuestionIdx)
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
    /// A trigger's leaf in plain words, for handouts and the flowchart: a group by
    /// its title (in “quotes” when `quoted`), a signal by its text, an input by its text.
    pub fn leaf_words(&self, leaf: Leaf, quoted: bool) -> String {
        let title = |c: CriteriaIdx| {
            let title = self.criteria_by(c).map_or("?", |c| c.title.as_str());
            if quoted {
                format!("“{title}”")
            } else {
                title.to_string()
            }
        };
        match leaf {
            Leaf::Criteria(c) => format!("{} {}", title(c), self.labels.get("is_met")),
            Leaf::Signal(s) => self.signal_by(s).map_or("?", |s| s.text.as_str()).to_string(),
            Leaf::Compare { input, op, value } => format!(
                "{} {} {value}",
                self.input_by(input).map_or("?", |i| i.text.as_str()),
                self.labels.compare(op)
            ),
            Leaf::Level {
                criteria,
                at_least,
                level,
            } => {
                let group = self.criteria_by(criteria);
                let level_title = group.map_or("?", |c| c.level_title(level));
                let highest = group.is_some_and(|c| c.is_highest(level));
                let mut words = format!(
                    "{} {} {level_title}",
                    title(criteria),
                    self.labels.get("is_level")
                );
                if at_least && !highest {
                    words.push(' ');
                    words.push_str(self.labels.get("or_higher"));
                }
                words
            }
        }
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
