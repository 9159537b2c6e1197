//! What staff do: tracks, their steps and questions, deadlines, forms, answers
//! and the routes answers take.

use super::{LinkedText, TrackIdx, Trigger};

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
    /// Who approved a county's change to its base's track, and when (`approval "…"`).
    pub approval: Option<String>,
    /// What a county's variant changed in its base's track (its `when`).
    pub county_changes: Vec<super::CountyChange>,
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
    /// The source's own name for the step (`label "Step 5"`), shown where
    /// protocolc would number it.
    pub label: Option<String>,
    /// Who does the step, and who does it when they cannot, in order.
    pub role: Option<String>,
    /// Others who may do it instead of `role`, a choice and not an order (`role "A" or "B"`).
    pub role_alternatives: Vec<String>,
    pub backups: Vec<String>,
    /// Things to ask or record within the step (`checklist "…", "…"`), in order.
    pub checklist: Vec<String>,
    /// When it must be done, in words ("within 36 hours"): the deadline without `when`.
    pub deadline: Option<String>,
    /// The same deadline as a time, when it is written as one (`within 36 hours`);
    /// `None` for a deadline in the source's own words.
    pub deadline_time: Option<super::Time>,
    /// Deadlines that hold in a case (`deadline "immediately" when …`), in order:
    /// the first whose trigger holds counts, else [`Step::deadline`] (then present).
    pub deadlines_when: Vec<ConditionalDeadline>,
    /// How long the step goes on (`lasts …`).
    pub lasts: Option<super::Lasts>,
    /// A form to complete.
    pub form: Option<Form>,
    /// A step to consider, not one staff must take.
    pub optional: bool,
    /// Passed over when this holds (`skip_when`).
    pub skip_when: Option<Trigger>,
    /// Taken only when this holds, passed over otherwise (`only_when`; never with `skip_when`).
    pub only_when: Option<Trigger>,
    /// Steps of the same track (positions) that come before this one on every path.
    pub after: Vec<usize>,
    /// The protocol ends after this step, with this outcome (`end "…"`); with
    /// [`Step::ends_track`], only the walk through this track ends (`end track "…"`).
    pub end: Option<String>,
    /// The step's `end` ends only its track's walk, not the protocol.
    pub ends_track: bool,
    /// Another protocol file staff go on with (`handoff "…"`), relative to the file it was written in.
    pub handoff: Option<String>,
    /// A document staff go on with that is not a protocol file (`handoff "…" url "…"`).
    pub handoff_document: Option<HandoffDocument>,
    /// Set when this item is a question staff answer, not a step they take.
    pub question: Option<Question>,
}

impl Step {
    /// Who does the step in the language of `labels`: its role, or "A, B or C"
    /// when others may do it instead.
    pub fn who(&self, labels: &super::Labels) -> Option<String> {
        let role = self.role.as_ref()?;
        let everyone: Vec<String> = std::iter::once(role.clone())
            .chain(self.role_alternatives.iter().cloned())
            .collect();
        Some(labels.either(&everyone))
    }
}

/// `deadline "text" when TRIGGER`, `deadline within 1 hour when TRIGGER`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionalDeadline {
    pub when: Trigger,
    /// In words.
    pub text: String,
    /// As a time, when it is written as one.
    pub time: Option<super::Time>,
}

impl Step {
    /// Whether the walk passes the step over: its `skip_when` holds, or its `only_when` does not.
    pub fn passed_over(&self, holds: impl Fn(&Trigger) -> bool) -> bool {
        self.skip_when.as_ref().is_some_and(&holds) || self.only_when.as_ref().is_some_and(|t| !holds(t))
    }

    /// Whether the protocol ends after this step (an `end`, not an `end track`).
    pub fn ends_protocol(&self) -> bool {
        self.end.is_some() && !self.ends_track
    }
}

/// A question: where each answer leads. Staff answer yes or no, or pick one of
/// its named choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Question {
    /// Answered yes or no (or "unclear").
    YesNo(YesNo),
    /// Answered by picking exactly one of these (two or more, names unique).
    Choices(Vec<Choice>),
}

/// A yes/no question's routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YesNo {
    pub yes: Route,
    pub no: Route,
    /// The answer an "unclear" counts as; without it, an unclear answer is waited on.
    pub unclear_counts_as: Option<Answer>,
    /// `select_all GROUP`: staff tick the group's factors, and the answer is worked
    /// out: yes when the group is met, no when it is not (never unanswered, never unclear).
    pub select_all: Option<super::CriteriaIdx>,
}

/// One named answer of a question answered by picking one (`choice ID "title" ROUTE`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Unique within its question; conditions read it as `QUESTION is ID`.
    pub id: String,
    pub title: String,
    pub route: Route,
}

impl Question {
    /// The route an answer takes; `None` for an unclear answer with no
    /// `unclear_counts_as`, or an answer the question does not have.
    pub fn route(&self, answer: Answer) -> Option<&Route> {
        match (self, answer) {
            (Question::YesNo(q), Answer::Yes) => Some(&q.yes),
            (Question::YesNo(q), Answer::No) => Some(&q.no),
            (Question::YesNo(q), Answer::Unclear) => match q.unclear_counts_as {
                Some(Answer::Yes) => Some(&q.yes),
                Some(Answer::No) => Some(&q.no),
                _ => None,
            },
            (Question::Choices(choices), Answer::Choice(i)) => choices.get(i).map(|c| &c.route),
            _ => None,
        }
    }

    /// Each answer that has a route of its own, with it: yes then no, or the choices in order.
    pub fn routes(&self) -> Vec<(Answer, &Route)> {
        match self {
            Question::YesNo(q) => vec![(Answer::Yes, &q.yes), (Answer::No, &q.no)],
            Question::Choices(choices) => choices
                .iter()
                .enumerate()
                .map(|(i, c)| (Answer::Choice(i), &c.route))
                .collect(),
        }
    }

    /// The answers staff may give: yes, no and unclear, or each choice; none for a
    /// select-all question (its answer is worked out from the factors ticked).
    pub fn answers(&self) -> Vec<Answer> {
        match self {
            Question::YesNo(q) if q.select_all.is_some() => Vec::new(),
            Question::YesNo(_) => Answer::YES_NO_UNCLEAR.to_vec(),
            Question::Choices(choices) => (0..choices.len()).map(Answer::Choice).collect(),
        }
    }

    /// The choices staff pick from (none for a yes/no question).
    pub fn choices(&self) -> &[Choice] {
        match self {
            Question::YesNo(_) => &[],
            Question::Choices(choices) => choices,
        }
    }

    /// The criteria group whose factors staff tick for a select-all question,
    /// whose verdict is its answer.
    pub fn select_all(&self) -> Option<super::CriteriaIdx> {
        match self {
            Question::YesNo(q) => q.select_all,
            Question::Choices(_) => None,
        }
    }

    /// The answer a select-all question has, given whether its group is met
    /// (`None` for a question staff answer).
    pub fn worked_out(&self, criteria_met: &[bool]) -> Option<Answer> {
        let group = self.select_all()?;
        Some(if criteria_met.get(group.0).copied().unwrap_or(false) {
            Answer::Yes
        } else {
            Answer::No
        })
    }

    /// The answer an "unclear" counts as (a yes/no question's `unclear_counts_as`).
    pub fn unclear_counts_as(&self) -> Option<Answer> {
        match self {
            Question::YesNo(q) => q.unclear_counts_as,
            Question::Choices(_) => None,
        }
    }

    /// An answer as written: `yes`, `no`, `unclear`, or a choice's name.
    pub fn word(&self, answer: Answer) -> &str {
        match answer {
            Answer::Choice(i) => self.choices().get(i).map_or("?", |c| c.id.as_str()),
            fixed => fixed.as_str(),
        }
    }

    /// The answer a word names (`yes`, `no`, `unclear`, or a choice's name), if it is one of this question's.
    pub fn answer_named(&self, word: &str) -> Option<Answer> {
        self.answers().into_iter().find(|a| self.word(*a) == word)
    }
}

/// An answer to a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Answer {
    Yes,
    No,
    Unclear,
    /// The choice at this position among its question's choices.
    Choice(usize),
}

impl Answer {
    /// The answers to a yes/no question.
    pub const YES_NO_UNCLEAR: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Unclear];

    /// As written, for the fixed answers: `yes`, `no`, `unclear`; a choice is
    /// named by its question ([`Question::word`]), so here only `choice`.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unclear => "unclear",
            Answer::Choice(_) => "choice",
        }
    }

    /// `yes`, `no` or `unclear`.
    pub fn from_word(word: &str) -> Option<Answer> {
        Answer::YES_NO_UNCLEAR.into_iter().find(|a| a.as_str() == word)
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
    /// The walk through this track ends, with this outcome; the next applied track follows.
    EndTrack(String),
    /// On with the step that follows.
    Next,
}

/// A form to complete: its name and, if it has one, its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub name: String,
    pub code: Option<String>,
}

/// A document a step hands off to that is not a protocol file: its title and
/// (checked) web address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandoffDocument {
    pub title: String,
    pub url: String,
}
