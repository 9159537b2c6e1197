//! Decisions that branch: questions and their routes, `skip_when`, `after`,
//! `end`, `handoff`, deadlines with `when`; and the checks over a track's paths
//! (steps no path reaches, `after` constraints, questions whose answers lead to
//! the same place) and between tracks (routes that lead in a circle).
//!
//! A route goes forward only (`goto` a later step), and `track` routes between
//! tracks form no circle, so every walk through a protocol ends.

use super::precedence::topological_order;
use super::{Checker, Declarations};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::resolve::Kind;
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{self, keyword, Field, Ident, StepField as S, StepKind};
use std::collections::{BTreeMap, BTreeSet};

/// A track's items as written, to resolve `goto` and `after`.
pub(super) struct TrackScope<'a> {
    pub id: &'a Ident,
    /// Steps and questions, in order.
    pub items: Vec<&'a ast::StepDecl>,
    /// The position of each name (its first item).
    pub positions: BTreeMap<&'a str, usize>,
}

impl<'a> TrackScope<'a> {
    pub(super) fn of(decl: &'a ast::TrackDecl) -> Self {
        let items: Vec<&ast::StepDecl> = decl.fields.iter().filter_map(ast::TrackField::as_step).collect();
        let mut positions = BTreeMap::new();
        for (i, item) in items.iter().enumerate() {
            positions.entry(item.id.name.as_str()).or_insert(i);
        }
        TrackScope {
            id: &decl.id,
            items,
            positions,
        }
    }

    fn name(&self, at: usize) -> &str {
        self.items.get(at).map_or("?", |s| s.id.name.as_str())
    }
}

/// The branching fields of one step or question.
pub(super) struct Flow {
    pub skip_when: Option<Trigger>,
    pub only_when: Option<Trigger>,
    pub after: Vec<usize>,
    pub end: Option<String>,
    pub ends_track: bool,
    pub handoff: Option<String>,
    pub handoff_document: Option<HandoffDocument>,
    pub question: Option<Question>,
}

/// A question's `yes`, `no` and `unclear_counts_as` fields, as written.
pub(super) type YesNoFields<'a> = (
    Vec<&'a Field<ast::Route>>,
    Vec<&'a Field<ast::Route>>,
    Vec<&'a Field<Ident>>,
);

/// "step `report`" or "question `plan`".
pub(super) fn owner(decl: &ast::StepDecl) -> String {
    match decl.kind {
        StepKind::Step => format!("step `{}`", decl.id.name),
        StepKind::Question => format!("question `{}`", decl.id.name),
    }
}

/// The positions an item leads to within its track (routes to other tracks and
/// `end`s leave it).
fn successors(steps: &[Step], at: usize) -> Vec<usize> {
    let Some(step) = steps.get(at) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut route = |r: &Route| match r {
        Route::Next => out.push(at + 1),
        Route::Goto(j) => out.push(*j),
        Route::Track(_) | Route::End(_) | Route::EndTrack(_) => {}
    };
    let guarded = step.skip_when.is_some() || step.only_when.is_some();
    match &step.question {
        Some(q) => {
            for (_, r) in q.routes() {
                route(r);
            }
            if guarded {
                out.push(at + 1);
            }
        }
        None if step.end.is_none() || guarded => out.push(at + 1),
        None => {}
    }
    out.retain(|&j| j < steps.len());
    out
}

/// The positions reached from the first item without passing through `avoid`.
fn reached(steps: &[Step], avoid: Option<usize>) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![0];
    while let Some(i) = todo.pop() {
        if i >= steps.len() || Some(i) == avoid || !seen.insert(i) {
            continue;
        }
        todo.extend(successors(steps, i));
    }
    seen
}

impl Checker {
    /// Deadlines: the one without `when` (at most one: its words, and its time when
    /// written as one) and those with `when`, in order. Conditional ones need an
    /// unconditional one to fall back on.
    pub(super) fn deadlines(
        &mut self,
        decl: &ast::StepDecl,
        owner: &str,
    ) -> (Option<String>, Option<Time>, Vec<ConditionalDeadline>) {
        let all = decl.fields.iter().filter_map(S::as_deadline);
        let (conditional, plain): (Vec<_>, Vec<_>) = all.into_iter().partition(|f| f.value.when.is_some());
        let plain = self.single(plain, keyword::DEADLINE, owner);
        let mut out = Vec::new();
        for f in &conditional {
            let trigger = f.value.when.as_ref().and_then(|e| self.trigger(e));
            if let (Some(when), Some((text, time))) = (trigger, self.deadline_time(&f.value.time)) {
                out.push(ConditionalDeadline { when, text, time });
            }
        }
        if let (None, Some(first)) = (plain, conditional.first()) {
            self.report(
                Diagnostic::error(
                    Code::DeadlineFallback,
                    format!("{owner} has deadlines with `when` but none without"),
                )
                .at(first.keyword, "this deadline holds only in its case")
                .help("add the deadline that holds in every other case, e.g. `deadline \"within 24 hours\"`"),
            );
        }
        let (text, time) = plain.and_then(|f| self.deadline_time(&f.value.time)).unzip();
        (text, time.flatten(), out)
    }

    /// `skip_when`, `only_when`, `after`, `end`, `handoff`, and a question's routes.
    pub(super) fn step_flow(&mut self, decl: &ast::StepDecl, at: usize, scope: &TrackScope<'_>) -> Flow {
        let owner = owner(decl);
        let skip_when = decl.fields.iter().filter_map(S::as_skip_when);
        let skip_when = self.single(skip_when, keyword::SKIP_WHEN, &owner);
        let only_when = decl.fields.iter().filter_map(S::as_only_when);
        let only_when = self.single(only_when, keyword::ONLY_WHEN, &owner);
        if let (Some(skip), Some(only)) = (skip_when, only_when) {
            self.report(
                Diagnostic::error(
                    Code::GuardsTogether,
                    format!("{owner} has both `skip_when` and `only_when`"),
                )
                .at(only.keyword, "a second guard on the same step")
                .also(skip.keyword, "`skip_when` given here")
                .help(
                    "join them into one guard: `only_when A and not B` (taken when A holds and B does not)",
                ),
            );
        }
        let skip_when = skip_when
            .and_then(|f| f.value.as_ref())
            .and_then(|e| self.trigger(e));
        let only_when = only_when
            .and_then(|f| f.value.as_ref())
            .and_then(|e| self.trigger(e));
        let mut after = Vec::new();
        for f in decl.fields.iter().filter_map(S::as_after) {
            after.extend(self.step_named(&f.value, scope, "`after`"));
        }
        let end = decl.fields.iter().filter_map(|f| match f {
            S::End(x) | S::EndTrack(x) => Some(x),
            _ => None,
        });
        let handoff = decl.fields.iter().filter_map(S::as_handoff);
        let yes: Vec<&Field<ast::Route>> = decl.fields.iter().filter_map(S::as_yes).collect();
        let no: Vec<&Field<ast::Route>> = decl.fields.iter().filter_map(S::as_no).collect();
        let unclear: Vec<&Field<Ident>> = decl.fields.iter().filter_map(S::as_unclear_counts_as).collect();
        let end = self.single(end, keyword::END, &owner);
        let ends_track = end.is_some_and(|chosen| {
            decl.fields
                .iter()
                .any(|f| matches!(f, S::EndTrack(x) if std::ptr::eq(x, chosen)))
        });
        let handoff = self.single(handoff, keyword::HANDOFF, &owner);
        let documents = decl.fields.iter().filter_map(S::as_handoff_document);
        let document = self.single(documents, keyword::HANDOFF, &owner);
        let question = match decl.kind {
            StepKind::Step => {
                let misplaced = [yes.first(), no.first()]
                    .into_iter()
                    .flatten()
                    .map(|f| f.keyword)
                    .chain(unclear.first().map(|f| f.keyword))
                    .chain(decl.fields.iter().find_map(S::as_choice).map(|f| f.keyword))
                    .chain(decl.fields.iter().find_map(S::as_select_all).map(|f| f.keyword));
                for keyword in misplaced {
                    self.report(
                        Diagnostic::error(Code::FieldNotHere, format!("{owner} is not a question"))
                            .at(keyword, "only a question has answers")
                            .help(format!(
                                "write `question {} \"…?\" {{ yes … no … }}` to ask staff a question here",
                                decl.id.name
                            )),
                    );
                }
                None
            }
            StepKind::Question => {
                for (field, word) in [
                    (end.map(|f| f.keyword), "end"),
                    (handoff.map(|f| f.keyword), "handoff"),
                    (document.map(|f| f.keyword), "handoff"),
                ] {
                    if let Some(keyword) = field {
                        self.report(
                            Diagnostic::error(Code::FieldNotHere, format!("{owner} cannot have `{word}`"))
                                .at(keyword, "a question leads on through its answers")
                                .help(format!(
                                    "put `{word}` on a step that an answer leads to, e.g. `yes goto my_step`"
                                )),
                        );
                    }
                }
                let choices: Vec<&Field<ast::ChoiceDecl>> =
                    decl.fields.iter().filter_map(S::as_choice).collect();
                let select_all = decl.fields.iter().filter_map(S::as_select_all);
                if let Some(group) = self.single(select_all, keyword::SELECT_ALL, &owner) {
                    self.select_all_question(decl, &owner, group, (yes, no, unclear), &choices, at, scope)
                } else if choices.is_empty() {
                    self.yes_no(decl, &owner, (yes, no, unclear), at, scope)
                } else {
                    let yes_no = yes.iter().chain(&no).map(|f| f.keyword);
                    let yes_no: Vec<Span> = yes_no.chain(unclear.iter().map(|f| f.keyword)).collect();
                    self.choices(&owner, &choices, &yes_no, at, scope)
                }
            }
        };
        Flow {
            skip_when,
            only_when,
            after,
            end: end.and_then(|f| (decl.kind == StepKind::Step).then(|| self.plain(&f.value))),
            ends_track,
            handoff: handoff.and_then(|f| (decl.kind == StepKind::Step).then(|| f.value.template())),
            handoff_document: document
                .filter(|_| decl.kind == StepKind::Step)
                .map(|f| HandoffDocument {
                    title: self.plain(&f.value.title),
                    url: self.web_address(&f.value.url),
                }),
            question,
        }
    }

    /// A yes/no question's `yes`, `no` and `unclear_counts_as`.
    pub(super) fn yes_no(
        &mut self,
        decl: &ast::StepDecl,
        owner: &str,
        (yes, no, unclear): YesNoFields<'_>,
        at: usize,
        scope: &TrackScope<'_>,
    ) -> Option<Question> {
        let example = "goto <a later step>";
        let yes = self.required(yes, keyword::YES, owner, decl.id.span, example);
        let no = self.required(no, keyword::NO, owner, decl.id.span, example);
        let yes = yes.and_then(|f| self.route(&f.value, at, scope));
        let no = no.and_then(|f| self.route(&f.value, at, scope));
        let unclear = self.single(unclear, keyword::UNCLEAR_COUNTS_AS, owner);
        let unclear_counts_as = match unclear {
            None => Some(None),
            Some(f) => match Answer::from_word(&f.value.name) {
                Some(a @ (Answer::Yes | Answer::No)) => Some(Some(a)),
                _ => {
                    self.report(
                        Diagnostic::error(
                            Code::BadAnswer,
                            format!("`unclear_counts_as` takes yes or no, not `{}`", f.value.name),
                        )
                        .at(f.value.span, "not yes or no")
                        .help("write `unclear_counts_as yes` or `unclear_counts_as no`: the route an unclear answer takes"),
                    );
                    None
                }
            },
        };
        match (yes, no, unclear_counts_as) {
            (Some(yes), Some(no), Some(unclear_counts_as)) => Some(Question::YesNo(YesNo {
                yes,
                no,
                unclear_counts_as,
                select_all: None,
            })),
            _ => None,
        }
    }

    /// The position of a step named in `goto` or `after`.
    pub(super) fn step_named(&mut self, ident: &Ident, scope: &TrackScope<'_>, what: &str) -> Option<usize> {
        if let Some(&at) = scope.positions.get(ident.name.as_str()) {
            return Some(at);
        }
        let names: Vec<&str> = scope.items.iter().map(|s| s.id.name.as_str()).collect();
        let help = suggest::hint(&ident.name, &names, "its", "step", "the track has no steps");
        self.report(
            Diagnostic::error(
                Code::UnknownStep,
                format!(
                    "track `{}` has no step or question `{}`",
                    scope.id.name, ident.name
                ),
            )
            .at(ident.span, format!("{what} names a step of its own track"))
            .help(help),
        );
        None
    }

    pub(super) fn route(&mut self, route: &ast::Route, at: usize, scope: &TrackScope<'_>) -> Option<Route> {
        match route {
            ast::Route::Next => Some(Route::Next),
            ast::Route::End(text) => Some(Route::End(self.plain(text))),
            ast::Route::EndTrack(text) => Some(Route::EndTrack(self.plain(text))),
            ast::Route::Goto(ident) => {
                let target = self.step_named(ident, scope, "`goto`")?;
                if target == at {
                    self.report(
                        Diagnostic::error(
                            Code::GotoItself,
                            format!("question `{}` goes to itself", ident.name),
                        )
                        .at(ident.span, "the question's own name")
                        .help("name a later step, or write `next` for the step that follows"),
                    );
                    return None;
                }
                if target < at {
                    self.report(
                        Diagnostic::error(
                            Code::BackwardGoto,
                            format!(
                                "`goto {}` goes back to an earlier step of track `{}`",
                                ident.name, scope.id.name
                            ),
                        )
                        .at(ident.span, "this step comes before the question")
                        .also(
                            scope.items.get(target).map_or(ident.span, |s| s.id.span),
                            "written here, earlier",
                        )
                        .help("routes go forward only, so every walk through the protocol ends; move the question before that step, or name a later one"),
                    );
                    return None;
                }
                Some(Route::Goto(target))
            }
            ast::Route::Track(ident) => {
                if ident.name == scope.id.name {
                    self.report(
                        Diagnostic::error(
                            Code::TrackRouteCycle,
                            format!("a question of track `{}` routes to its own track", ident.name),
                        )
                        .at(ident.span, "the track this question is in")
                        .help("use `goto STEP` to go on to a later step of the same track"),
                    );
                    return None;
                }
                match self.names.lookup(ident, &[Kind::Track], "`track` takes") {
                    Ok(symbol) => Some(Route::Track(TrackIdx(symbol.index))),
                    Err(d) => {
                        self.report(d);
                        None
                    }
                }
            }
        }
    }

    /// The paths through one track: steps no path reaches, `after` constraints,
    /// questions whose answers lead to the same place.
    pub(super) fn flow(&mut self, scope: &TrackScope<'_>, steps: &[Step]) {
        if steps.len() != scope.items.len() {
            return;
        }
        let reachable = reached(steps, None);
        for (i, (step, decl)) in steps.iter().zip(&scope.items).enumerate() {
            if !reachable.contains(&i) {
                self.report(
                    Diagnostic::warning(
                        Code::UnreachableStep,
                        format!("{} of track `{}` is never reached", owner(decl), scope.id.name),
                    )
                    .at(decl.id.span, "no path through the track leads here")
                    .help("an earlier question or `end` always leads past it: route an answer here with `goto`, or delete it"),
                );
                continue;
            }
            if let Some(q) = &step.question {
                let routes = q.routes();
                let first = routes.first().map(|(_, r)| *r);
                if routes.iter().all(|(_, r)| Some(*r) == first) {
                    let (what, answers, read) = match q {
                        Question::YesNo(_) => {
                            ("yes and no lead", "the two answers", "`when QUESTION is yes`")
                        }
                        Question::Choices(_) => {
                            ("all its choices lead", "its choices", "`when QUESTION is CHOICE`")
                        }
                    };
                    // Held back: a question whose answer a condition reads is not pointless.
                    self.same_routes.push((
                        decl.id.name.clone(),
                        Diagnostic::warning(
                            Code::SameRoutes,
                            format!("{}: {what} to the same place", owner(decl)),
                        )
                        .at(decl.id.span, "the answer changes nothing")
                        .help(format!("give {answers} different routes, read the answer in a condition ({read}), or make it a step")),
                    ));
                }
            }
            let afters = decl.fields.iter().filter_map(S::as_after);
            for field in afters {
                let Some(&before) = scope.positions.get(field.value.name.as_str()) else {
                    continue;
                };
                let violated = before == i || reached(steps, Some(before)).contains(&i);
                if violated {
                    self.report(
                        Diagnostic::error(
                            Code::AfterViolated,
                            format!(
                                "{} must come after `{}`, but a path reaches it without `{}`",
                                owner(decl),
                                field.value.name,
                                field.value.name
                            ),
                        )
                        .at(field.value.span, "not before it on every path")
                        .also(
                            scope.items.get(before).map_or(field.value.span, |s| s.id.span),
                            if before == i {
                                "the same step".to_string()
                            } else {
                                format!("`{}` is here", scope.name(before))
                            },
                        )
                        .help(format!(
                            "every path to `{}` must pass `{}`: route the answers that jump past `{}` to it instead, or move `{}` earlier in the track",
                            decl.id.name, field.value.name, field.value.name, field.value.name
                        )),
                    );
                }
            }
        }
    }

    /// Across tracks: question names unique in the protocol, and `track` routes
    /// that lead in a circle. Returns every question, in file order.
    pub(super) fn questions(&mut self, decls: &Declarations<'_>, tracks: &[Option<Track>]) -> Vec<StepRef> {
        // Each question name and where it is first declared: the span and the track.
        let mut seen: BTreeMap<&str, (Span, usize)> = BTreeMap::new();
        let mut questions = Vec::new();
        for (t, decl) in decls.tracks.iter().enumerate() {
            let scope = TrackScope::of(decl);
            for (i, item) in scope.items.iter().enumerate() {
                if item.kind != StepKind::Question {
                    continue;
                }
                questions.push(StepRef {
                    track: TrackIdx(t),
                    step: i,
                });
                match seen.get(item.id.name.as_str()) {
                    // Two of one track's items with one name: P0103 has said so already.
                    Some((_, first_track)) if *first_track == t => {}
                    Some((first, _)) if *first != item.id.span => self.report(
                        Diagnostic::error(
                            Code::DuplicateQuestion,
                            format!("two questions are named `{}`", item.id.name),
                        )
                        .at(item.id.span, "a second question with this name")
                        .also(*first, "the first")
                        .help("questions are answered by name, so each needs its own name in the protocol"),
                    ),
                    _ => {
                        seen.insert(&item.id.name, (item.id.span, t));
                    }
                }
            }
        }
        let edges: Vec<Vec<usize>> = tracks
            .iter()
            .map(|t| {
                t.iter()
                    .flat_map(|t| &t.steps)
                    .filter_map(|s| s.question.as_ref())
                    .flat_map(Question::routes)
                    .filter_map(|(_, r)| match r {
                        Route::Track(o) => Some(o.0),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        if let Err(cycle) = topological_order(&edges) {
            let name = |i: usize| decls.tracks.get(i).map_or("?", |d| d.id.name.as_str());
            let (first, second) = (
                cycle.first().copied().unwrap_or(0),
                cycle.get(1).copied().unwrap_or(0),
            );
            let span = decls
                .tracks
                .get(first)
                .and_then(|d| {
                    TrackScope::of(d)
                        .items
                        .iter()
                        .flat_map(|s| &s.fields)
                        .find_map(|f| match f {
                            S::Yes(ast::Field { value: route, .. })
                            | S::No(ast::Field { value: route, .. })
                            | S::Choice(ast::Field {
                                value: ast::ChoiceDecl { route, .. },
                                ..
                            }) => match route {
                                ast::Route::Track(id) if id.name == name(second) => Some(id.span),
                                _ => None,
                            },
                            _ => None,
                        })
                })
                .unwrap_or_default();
            let circle: Vec<String> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| format!("`{}`", name(i)))
                .collect();
            self.report(
                Diagnostic::error(
                    Code::TrackRouteCycle,
                    format!("questions route tracks into each other in a circle: {}", circle.join(" → ")),
                )
                .at(span, "this route leads back round")
                .help("a walk through the protocol must end: change one of these routes to `goto`, `end` or `next`"),
            );
        }
        questions
    }
}
