//! The walk through the applied tracks' steps: `Walk`, `Visit`, `WalkEnd`, `item` (what
//! the protocol says at a step beyond its `Step` entry: a skip, a question's routes, a
//! conditional deadline) and `walk`, the evaluator's walk compiled.

use super::code::{pad, Value};
use super::Generator;
use crate::model::{Route, Step, StepRef, TrackIdx, Trigger};
use std::fmt::Write;

impl Generator<'_> {
    /// The longest walk: every step of every track once.
    fn path_len(&self) -> usize {
        self.model.tracks.iter().map(|t| t.steps.len()).sum()
    }

    /// A route as generated code.
    fn route(&self, r: &Route) -> Value {
        match r {
            Route::Next => Value::code("Route::Next"),
            Route::Goto(j) => Value::code(format!("Route::Goto({j})")),
            Route::Track(t) => Value::code(format!(
                "Route::Track({})",
                Self::path("Track", &self.track_names, t.0)
            )),
            Route::End(outcome) => Value::text_in("Route::End(", outcome, ")"),
            Route::EndTrack(outcome) => Value::text_in("Route::EndTrack(", outcome, ")"),
        }
    }

    /// The walk's types, `item` and `walk`.
    pub(super) fn walk(&mut self) {
        let n = self.path_len();
        let nc = self.model.criteria.len();
        let levels = !self.level_names.is_empty();
        // What only a protocol with an `end track` needs (so other protocols' code stays as it was).
        let ends_track = self.model.tracks.iter().flat_map(|t| &t.steps).any(|s| {
            s.ends_track
                || s.question.as_ref().is_some_and(|q| {
                    q.routes()
                        .into_iter()
                        .any(|(_, r)| matches!(r, Route::EndTrack(_)))
                })
        });
        let choices = self.has_choices();
        let types = only_if(&only_if(WALK_TYPES, ENDS_TRACK, ends_track), CHOICES, choices);
        let types = only_if(&types, SELECT_ALL, self.has_select_all());
        line!(self, "{}", types.replace("PATH", &n.to_string()));
        line!(self, "");
        line!(self, "/// What happens at a track's step `i`.");
        if self.extended {
            line!(self, "#[allow(unused_variables, unused_comparisons)]");
            line!(self, "#[allow(clippy::absurd_extreme_comparisons)]");
        } else {
            line!(self, "#[allow(unused_variables)]");
        }
        // Skips and deadlines read what the protocol's triggers read: the verdicts, the
        // observations and, with scored groups, the levels.
        let mut parameters = vec!["track: Track", "i: usize", "o: &Observations", "met: CriteriaSet"];
        let levels_parameter = format!("levels: &[Option<Level>; {nc}]");
        if levels {
            parameters.push(&levels_parameter);
        }
        let signature = Value::list(
            "fn item(",
            parameters.iter().map(|p| Value::code(*p)),
            ") -> Item {",
        );
        line!(self, "{}", signature.render(0, 0, 0));
        line!(self, "    let step = &track.steps()[i];");
        let m = self.model;
        let special: Vec<(usize, usize, &Step)> = m
            .tracks
            .iter()
            .enumerate()
            .flat_map(|(t, track)| track.steps.iter().enumerate().map(move |(i, s)| (t, i, s)))
            .filter(|(_, _, s)| {
                s.skip_when.is_some()
                    || s.only_when.is_some()
                    || s.ends_track
                    || s.question.is_some()
                    || !s.deadlines_when.is_empty()
            })
            .collect();
        let plain = "Item::Done { deadline: step.deadline, end: step.end }";
        if special.is_empty() {
            line!(self, "    {plain}");
        } else {
            line!(self, "    match (track, i) {{");
            for (t, i, step) in special {
                line!(
                    self,
                    "        ({}, {i}) => {{",
                    Self::path("Track", &self.track_names, t)
                );
                let only_when = step.only_when.as_ref().map(|t| Trigger::Not(Box::new(t.clone())));
                for skip in step.skip_when.iter().chain(&only_when) {
                    self.open_if(12, "if", skip);
                    line!(self, "                return Item::Skipped;");
                    line!(self, "            }}");
                }
                self.step_item(
                    StepRef {
                        track: TrackIdx(t),
                        step: i,
                    },
                    step,
                    plain,
                );
                line!(self, "        }}");
            }
            line!(self, "        _ => {plain},");
            line!(self, "    }}");
        }
        line!(self, "}}");
        line!(self, "");
        line!(
            self,
            "/// Walks the applied tracks' steps in precedence order, as protocolc's evaluator does:"
        );
        line!(
            self,
            "/// skips, answers and routes; an `end` ends the protocol; an unanswered question"
        );
        line!(self, "/// stops the walk; each track is walked at most once.");
        let mut parameters = vec!["o: &Observations", "met: CriteriaSet"];
        if levels {
            parameters.push(&levels_parameter);
        }
        parameters.push("applied: TrackSet");
        let result = format!(") -> ([Option<Visit>; {n}], WalkEnd) {{");
        let open = Value::list("fn walk(", parameters.iter().map(|p| Value::code(*p)), "");
        line!(self, "{}{result}", open.render(0, 0, result.len()));
        let arguments = if levels { "met, levels" } else { "met" };
        line!(
            self,
            "{}",
            only_if(WALK, ENDS_TRACK, ends_track)
                .replace("PATH", &n.to_string())
                .replace("KNOWN", arguments)
        );
    }

    /// The body of a step's arm in `item` after its skip: a question's routes by its
    /// answer, or the deadline that holds.
    fn step_item(&mut self, at: StepRef, step: &Step, plain: &str) {
        let question = self.question_variant(at).map(str::to_string);
        if let (Some(q), Some(name)) = (&step.question, question) {
            return self.answered(&name, q);
        }
        let (plain, done) = if step.ends_track {
            (
                "Item::TrackEnded { deadline: step.deadline }",
                "Item::TrackEnded { deadline }",
            )
        } else {
            (plain, "Item::Done { deadline, end: step.end }")
        };
        if step.deadlines_when.is_empty() {
            line!(self, "            {plain}");
            return;
        }
        for (i, d) in step.deadlines_when.iter().enumerate() {
            let keyword = if i == 0 { "let deadline = if" } else { "} else if" };
            self.open_if(12, keyword, &d.when);
            let value = super::items::deadline(Some(&d.text), d.time.as_ref());
            line!(self, "                {}", value.render(16, 16, 0));
        }
        line!(self, "            }} else {{");
        line!(self, "                step.deadline");
        line!(self, "            }};");
        line!(self, "            {done}");
    }

    /// `answered(answer, yes, no, unclear)` for a yes/no question (a select-all
    /// one's answer `ticked(met.contains(GROUP))`), `chosen(answer, &[route, …])`
    /// for one answered by picking one.
    fn answered(&mut self, name: &str, q: &crate::model::Question) {
        let answer = match q.select_all() {
            Some(group) => Value::list(
                "ticked(",
                [Value::code(self.trigger(&Trigger::Criteria(group)))],
                ")",
            ),
            None => Value::code(format!("o.answers[Question::{name}.index()]")),
        };
        let call = match q {
            crate::model::Question::YesNo(yes_no) => {
                let unclear = match yes_no.unclear_counts_as.and_then(|a| q.route(a)) {
                    Some(r) => Value::list("Some(", [self.route(r)], ")"),
                    None => Value::code("None"),
                };
                Value::list(
                    "answered(",
                    [answer, self.route(&yes_no.yes), self.route(&yes_no.no), unclear],
                    ")",
                )
            }
            crate::model::Question::Choices(choices) => {
                let routes = Value::list("&[", choices.iter().map(|c| self.route(&c.route)), "]");
                Value::list("chosen(", [answer, routes], ")")
            }
        };
        line!(self, "{}{}", pad(12), call.render(12, 12, 0));
    }

    /// Whether a question of the protocol is answered by ticking a group's factors.
    fn has_select_all(&self) -> bool {
        self.any_question(|q| q.select_all().is_some())
    }

    /// Whether a question of the protocol is answered by picking one of its choices.
    pub(super) fn has_choices(&self) -> bool {
        self.any_question(|q| !q.choices().is_empty())
    }

    /// Whether a question of the protocol is `such`.
    fn any_question(&self, such: impl Fn(&crate::model::Question) -> bool) -> bool {
        let steps = self.model.tracks.iter().flat_map(|t| &t.steps);
        steps.filter_map(|s| s.question.as_ref()).any(such)
    }
}

/// The walk's types, for a longest path of `PATH` visits.
const WALK_TYPES: &str = "/// The walk through the applied tracks' steps, from [`Assessment::walk`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Walk {
    path: [Option<Visit>; PATH],
    /// How the walk through the steps ended.
    pub end: WalkEnd,
}

impl Walk {
    /// Each step and question passed, in order.
    pub fn path(&self) -> impl Iterator<Item = Visit> + '_ {
        self.path.iter().map_while(|v| *v)
    }

    /// Whether a step (or question) of a track was taken or answered, not skipped.
    pub fn passes(&self, track: Track, step: &str) -> bool {
        self.path()
            .any(|v| v.track == track && v.step().id == step && v.what != Visited::Skipped)
    }
}

/// One step or question on the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Visit {
    /// The track whose step it is.
    pub track: Track,
    /// 0-based position in [`Track::steps`].
    pub index: usize,
    /// What happened there.
    pub what: Visited,
}

impl Visit {
    /// The step (or question) visited.
    pub fn step(&self) -> &'static Step {
        &self.track.steps()[self.index]
    }
}

/// How the walk ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WalkEnd {
    /// Every applied track was followed to its end.
    Finished,
    /// An `end` at this step (or this question's answer): no further track is followed.
    Ended {
        /// The track of the step.
        track: Track,
        /// The step's 0-based position in [`Track::steps`].
        index: usize,
        /// What the protocol says the outcome is.
        outcome: &'static str,
    },
    /// Waiting for an answer to the question here.
    Waiting {
        /// The track of the question.
        track: Track,
        /// The question's 0-based position in [`Track::steps`].
        index: usize,
    },
}

/// Where an answer leads (some kinds may be unused by this protocol).
#[allow(dead_code)]
#[derive(Clone, Copy)]
enum Route {
    Next,
    Goto(usize),
    Track(Track),
    End(&'static str),
    EndTrack(&'static str), /*ENDS_TRACK*/
}

/// What happens at a step (some kinds may be unused by this protocol).
#[allow(dead_code)]
#[derive(Clone, Copy)]
enum Item {
    Skipped,
    Done {
        deadline: Option<Deadline>,
        end: Option<&'static str>,
    },
    Answered(Answer, Route),
    Waiting,
    /// Done, and the walk through its track ends. /*ENDS_TRACK*/
    TrackEnded { deadline: Option<Deadline> }, /*ENDS_TRACK*/
}

/// A question's item for its answer: the route of a yes, a no, or an unclear answer
/// (the route of the answer it counts as, if any; else the walk waits).
#[allow(dead_code)]
fn answered(answer: Option<Answer>, yes: Route, no: Route, unclear: Option<Route>) -> Item {
    match (answer, unclear) {
        (Some(Answer::Yes), _) => Item::Answered(Answer::Yes, yes),
        (Some(Answer::No), _) => Item::Answered(Answer::No, no),
        (Some(Answer::Unclear), Some(route)) => Item::Answered(Answer::Unclear, route),
        _ => Item::Waiting,
    }
}
/*CHOICES*/
/// The item of a question answered by picking one: the route of the choice picked /*CHOICES*/
/// (`routes` in the order of its choices); else the walk waits. /*CHOICES*/
fn chosen(answer: Option<Answer>, routes: &[Route]) -> Item { /*CHOICES*/
    match answer { /*CHOICES*/
        Some(Answer::Choice(k)) => match routes.get(k) { /*CHOICES*/
            Some(route) => Item::Answered(Answer::Choice(k), *route), /*CHOICES*/
            None => Item::Waiting, /*CHOICES*/
        }, /*CHOICES*/
        _ => Item::Waiting, /*CHOICES*/
    } /*CHOICES*/
} /*CHOICES*/
/*SELECT_ALL*/
/// A select-all question's answer: yes when its group is met, else no. /*SELECT_ALL*/
fn ticked(met: bool) -> Option<Answer> { /*SELECT_ALL*/
    Some(if met { Answer::Yes } else { Answer::No }) /*SELECT_ALL*/
} /*SELECT_ALL*/";

/// The walk's loop, for a longest path of `PATH` visits, calling `item` with `KNOWN`.
const WALK: &str = "    let mut path = [None; PATH];
    let mut len = 0;
    let mut walked = TrackSet::EMPTY;
    for start in Track::PRECEDENCE {
        if !applied.contains(start) {
            continue;
        }
        let mut track = start;
        'track: while !walked.contains(track) {
            walked.insert(track);
            let mut i = 0;
            while i < track.steps().len() {
                let at = item(track, i, o, KNOWN);
                let what = match at {
                    Item::Waiting => return (path, WalkEnd::Waiting { track, index: i }),
                    Item::Skipped => Visited::Skipped,
                    Item::Done { deadline, .. } => Visited::Done { deadline },
                    Item::Answered(answer, _) => Visited::Answered(answer),
                    Item::TrackEnded { deadline } => Visited::Done { deadline }, /*ENDS_TRACK*/
                };
                if len < path.len() {
                    path[len] = Some(Visit { track, index: i, what });
                    len += 1;
                }
                match at {
                    Item::Done { end: Some(outcome), .. }
                    | Item::Answered(_, Route::End(outcome)) => {
                        return (path, WalkEnd::Ended { track, index: i, outcome });
                    }
                    Item::TrackEnded { .. } | Item::Answered(_, Route::EndTrack(_)) => break, /*ENDS_TRACK*/
                    Item::Answered(_, Route::Goto(j)) => i = j,
                    Item::Answered(_, Route::Track(other)) => {
                        track = other;
                        continue 'track;
                    }
                    _ => i += 1,
                }
            }
            break;
        }
    }
    (path, WalkEnd::Finished)
}
";

/// The mark of the lines only a protocol with an `end track` needs.
const ENDS_TRACK: &str = "/*ENDS_TRACK*/";
/// The mark of the lines only a protocol with a question answered by picking one needs.
const CHOICES: &str = "/*CHOICES*/";
/// The mark of the lines only a protocol with a select-all question needs.
const SELECT_ALL: &str = "/*SELECT_ALL*/";

/// `text` with the lines that end in `mark` kept (the mark removed) when `on`, else left out.
fn only_if(text: &str, mark: &str, on: bool) -> String {
    text.lines()
        .filter_map(
            |line| match line.strip_suffix(mark).map(|l| l.strip_suffix(' ').unwrap_or(l)) {
                Some(kept) => on.then_some(kept),
                None => Some(line),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}
