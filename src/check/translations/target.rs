//! What a translation line names: the model item (or part of a step) it
//! translates, found from its keyword and names, or reported with a suggestion
//! when the protocol has no such item.

use super::keyed::{is_choice_end, is_keyed, KeyedText};
use super::{deadlines_when, levels_of, rules_of, scale_of, steps_of, tiers_of};
use crate::check::{Checker, Declarations};
use crate::diagnostic::{Code, Diagnostic};
use crate::labels;
use crate::model::StepParts;
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{self, Ident, TranslationKind as K};

/// A step's words besides its text and condition that a translation line can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Part {
    Role,
    Deadline,
    /// The deadline with `when` at this position (from 0).
    DeadlineWhen(usize),
    End,
    YesEnd,
    NoEnd,
}

impl Part {
    /// The original text of this part of `step`, if it has it.
    pub(super) fn text(self, step: &ast::StepDecl) -> Option<&ast::Text> {
        if let Part::DeadlineWhen(n) = self {
            return deadlines_when(step).get(n).copied().flatten();
        }
        step.fields.iter().find_map(|f| match (self, f) {
            (Part::Role, ast::StepField::Role(x)) => Some(&x.value.role),
            (Part::End, ast::StepField::End(x) | ast::StepField::EndTrack(x)) => Some(&x.value),
            (Part::Deadline, ast::StepField::Deadline(d)) if d.value.when.is_none() => match &d.value.time {
                ast::DeadlineTime::Words(text) => Some(text),
                _ => None,
            },
            (Part::YesEnd, ast::StepField::Yes(r)) | (Part::NoEnd, ast::StepField::No(r)) => match &r.value {
                ast::Route::End(text) | ast::Route::EndTrack(text) => Some(text),
                _ => None,
            },
            _ => None,
        })
    }

    /// Where its translation goes.
    pub(super) fn slot(self, parts: &mut StepParts) -> Option<&mut Option<String>> {
        match self {
            Part::Role => Some(&mut parts.role),
            Part::Deadline => Some(&mut parts.deadline),
            Part::DeadlineWhen(n) => parts.deadlines_when.get_mut(n),
            Part::End => Some(&mut parts.end),
            Part::YesEnd => Some(&mut parts.yes_end),
            Part::NoEnd => Some(&mut parts.no_end),
        }
    }
}

/// Where a translated item is in the model, found from a translation line's names.
pub(super) enum Target {
    Metadata,
    Definition(usize),
    Signal(usize),
    Criteria(usize),
    Factor(usize),
    Track(usize),
    Step(usize, usize),
    Resource(usize),
    /// A text named by its key alone (see `keyed`).
    Keyed,
    Label,
    Input(usize),
    /// A criteria group and one of its levels.
    Level(usize, usize),
    /// An input and one of its scale's values.
    Value(usize, usize),
    /// A track and one of its standing rules.
    Rule(usize, usize),
    /// A criteria group and one of its tiers.
    Tier(usize, usize),
    /// A track, one of its steps, and a part of it.
    Part(usize, usize, Part),
}

impl Checker {
    /// The item a translation line names, or `None` (reported) when there is none.
    pub(super) fn target(
        &mut self,
        entry: &ast::TranslationEntry,
        decls: &Declarations<'_>,
        factors: &[&ast::FactorDecl],
        keyed: &[KeyedText<'_>],
    ) -> Option<Target> {
        let kind = entry.kind;
        if is_keyed(kind) || is_choice_end(entry, decls) {
            return self.keyed_target(entry, decls, keyed);
        }
        let first = entry.ids.first();
        let position = |names: Vec<&Ident>, id: &Ident| names.iter().position(|n| n.name == id.name);
        let found = match (kind, first) {
            (K::Title | K::Audience | K::Jurisdiction, _) => return Some(Target::Metadata),
            (K::Summary, _) => {
                let has = decls
                    .protocols
                    .first()
                    .is_some_and(|p| p.fields.iter().any(|f| f.as_summary().is_some()));
                if has {
                    return Some(Target::Metadata);
                }
                return self.nothing_to_translate(
                    entry.keyword,
                    "the protocol has no `summary` to translate".to_string(),
                    "delete this line, or add a `summary` to the protocol block first".to_string(),
                );
            }
            (K::Label, Some(id)) => {
                if labels::is_label(&id.name) {
                    return Some(Target::Label);
                }
                let d = Diagnostic::error(Code::UnknownLabel, format!("there is no label `{}`", id.name))
                    .at(id.span, "not a label");
                let d = match suggest::closest(&id.name, labels::LABELS.iter().map(|l| l.key)) {
                    Some(best) => d.help(format!("did you mean `{best}`?")),
                    None => d.help("`protocolc explain P0144` lists every label and what it is for"),
                };
                self.report(d);
                return None;
            }
            (K::Definition, Some(id)) => {
                position(decls.definitions.iter().map(|d| &d.id).collect(), id).map(Target::Definition)
            }
            (K::Signal, Some(id)) => {
                position(decls.signals.iter().map(|d| &d.id).collect(), id).map(Target::Signal)
            }
            (K::Criteria | K::ItemsCalled, Some(id)) => {
                position(decls.criteria.iter().map(|d| &d.id).collect(), id).map(Target::Criteria)
            }
            (K::Outcome, Some(id)) => decls
                .criteria
                .iter()
                .position(|c| c.outcome && c.id.name == id.name)
                .map(Target::Criteria),
            (K::Factor, Some(id)) => {
                position(factors.iter().map(|d| &d.id).collect(), id).map(Target::Factor)
            }
            (K::Track, Some(id)) => {
                position(decls.tracks.iter().map(|d| &d.id).collect(), id).map(Target::Track)
            }
            (K::Resource, Some(id)) => {
                position(decls.resources.iter().map(|d| &d.id).collect(), id).map(Target::Resource)
            }
            (K::Input, Some(id)) => {
                position(decls.inputs.iter().map(|d| &d.id).collect(), id).map(Target::Input)
            }
            (K::Step | K::Condition | K::Question | K::Role | K::End | K::Deadline, Some(track_id)) => {
                let (ti, si, step) = self.step_of(entry, decls, track_id)?;
                return self.step_target(entry, ti, si, step);
            }
            (K::Level, Some(group_id)) => {
                let groups = decls.criteria.iter().map(|c| &c.id).collect();
                let ci = self.named(entry, groups, group_id, "criteria group")?;
                let levels = decls.criteria.get(ci).map(|c| levels_of(c)).unwrap_or_default();
                let level_id = entry.ids.get(1)?;
                let li = self.named(entry, levels.iter().map(|l| &l.id).collect(), level_id, "level")?;
                return Some(Target::Level(ci, li));
            }
            // `value OUTCOME.VALUE`: an outcome's value, held as its group's level.
            (K::Value, Some(outcome_id))
                if decls
                    .criteria
                    .iter()
                    .any(|c| c.outcome && c.id.name == outcome_id.name) =>
            {
                let ci = decls.criteria.iter().position(|c| c.id.name == outcome_id.name)?;
                let values = decls.criteria.get(ci).map(|c| levels_of(c)).unwrap_or_default();
                let value_id = entry.ids.get(1)?;
                let Some(vi) = position(values.iter().map(|l| &l.id).collect(), value_id) else {
                    return self.unknown_item(
                        entry,
                        value_id,
                        values.iter().map(|l| &l.id).collect(),
                        "value",
                    );
                };
                return Some(Target::Level(ci, vi));
            }
            (K::Value, Some(input_id)) => {
                let Some(ii) = position(decls.inputs.iter().map(|d| &d.id).collect(), input_id) else {
                    return self.unknown_item(
                        entry,
                        input_id,
                        decls.inputs.iter().map(|i| &i.id).collect(),
                        "input",
                    );
                };
                let values = decls.inputs.get(ii).map(|i| scale_of(i)).unwrap_or_default();
                let value_id = entry.ids.get(1)?;
                let Some(vi) = position(values.iter().map(|v| &v.id).collect(), value_id) else {
                    return self.unknown_item(
                        entry,
                        value_id,
                        values.iter().map(|v| &v.id).collect(),
                        "value",
                    );
                };
                return Some(Target::Value(ii, vi));
            }
            (K::Rule, Some(track_id)) => {
                let ti = self.named(
                    entry,
                    decls.tracks.iter().map(|t| &t.id).collect(),
                    track_id,
                    "track",
                )?;
                let count = decls.tracks.get(ti).map_or(0, |t| rules_of(t).len());
                let n = self.nth(entry, ("track", track_id), "standing rule", count)?;
                return Some(Target::Rule(ti, n));
            }
            (K::Tier, Some(group_id)) => {
                let groups = decls.criteria.iter().map(|c| &c.id).collect();
                let ci = self.named(entry, groups, group_id, "criteria group")?;
                let count = decls.criteria.get(ci).map_or(0, |c| tiers_of(c).len());
                let n = self.nth(entry, ("criteria group", group_id), "tier", count)?;
                return Some(Target::Tier(ci, n));
            }
            _ => return None,
        };
        match (found, first) {
            (Some(target), _) => Some(target),
            (None, Some(id)) => {
                let (names, noun): (Vec<&Ident>, &str) = match kind {
                    K::Definition => (decls.definitions.iter().map(|d| &d.id).collect(), "definition"),
                    K::Signal => (decls.signals.iter().map(|d| &d.id).collect(), "signal"),
                    K::Criteria | K::ItemsCalled => {
                        (decls.criteria.iter().map(|d| &d.id).collect(), "criteria group")
                    }
                    K::Outcome => (
                        decls
                            .criteria
                            .iter()
                            .filter(|c| c.outcome)
                            .map(|d| &d.id)
                            .collect(),
                        "outcome",
                    ),
                    K::Factor => (factors.iter().map(|d| &d.id).collect(), "factor"),
                    K::Track => (decls.tracks.iter().map(|d| &d.id).collect(), "track"),
                    K::Input => (decls.inputs.iter().map(|d| &d.id).collect(), "input"),
                    _ => (decls.resources.iter().map(|d| &d.id).collect(), "resource"),
                };
                self.unknown_item(entry, id, names, noun)
            }
            (None, None) => None,
        }
    }

    /// The step a `TRACK.STEP` line names: its track's position, its own, and it
    /// (`None`, reported with a suggestion, when there is no such track or step).
    pub(super) fn step_of<'d>(
        &mut self,
        entry: &ast::TranslationEntry,
        decls: &Declarations<'d>,
        track_id: &Ident,
    ) -> Option<(usize, usize, &'d ast::StepDecl)> {
        let Some(ti) = decls.tracks.iter().position(|t| t.id.name == track_id.name) else {
            self.unknown_item(
                entry,
                track_id,
                decls.tracks.iter().map(|t| &t.id).collect(),
                "track",
            );
            return None;
        };
        let steps = decls.tracks.get(ti).map(|t| steps_of(t)).unwrap_or_default();
        let step_id = entry.ids.get(1)?;
        let Some(si) = steps.iter().position(|s| s.id.name == step_id.name) else {
            let noun = if entry.kind == K::Question {
                "question"
            } else {
                "step"
            };
            self.unknown_item(entry, step_id, steps.iter().map(|s| &s.id).collect(), noun);
            return None;
        };
        Some((ti, si, *steps.get(si)?))
    }

    /// What a line naming a step translates: its text (`step`, `question`), or a part
    /// of it; reported when the step has no such part.
    pub(super) fn step_target(
        &mut self,
        entry: &ast::TranslationEntry,
        ti: usize,
        si: usize,
        step: &ast::StepDecl,
    ) -> Option<Target> {
        let track = entry.ids.first().map_or("", |i| i.name.as_str());
        let path = format!("{track}.{}", step.id.name);
        let question = step.kind == ast::StepKind::Question;
        let third = entry.ids.get(2);
        let part = match (entry.kind, third) {
            (K::Step, _) if question => {
                return self.nothing_to_translate(
                    entry.keyword,
                    format!("`{path}` is a question, not a step"),
                    format!("write `question {path} \"…\"` to translate the question's text"),
                );
            }
            (K::Question, _) if !question => {
                return self.nothing_to_translate(
                    entry.keyword,
                    format!("`{path}` is a step, not a question"),
                    format!("write `step {path} \"…\"` to translate the step's text"),
                );
            }
            (K::Step | K::Question, _) => return Some(Target::Step(ti, si)),
            (K::Condition, _) => {
                if step.fields.iter().any(|f| f.as_condition().is_some()) {
                    return Some(Target::Step(ti, si));
                }
                return self.nothing_to_translate(
                    entry.keyword,
                    format!("step `{path}` has no `condition` to translate"),
                    "delete this line; to translate the step's text, write `step` instead of `condition`"
                        .to_string(),
                );
            }
            (K::Role, _) => Part::Role,
            (K::End, None) => Part::End,
            (K::End, Some(a)) if a.name == "yes" => Part::YesEnd,
            (K::End, Some(a)) if a.name == "no" => Part::NoEnd,
            (K::End, Some(a)) => {
                return self.nothing_to_translate(
                    a.span,
                    format!("`{}` is not an answer to question `{path}`", a.name),
                    format!("write `end {path}.yes` or `end {path}.no` for the outcome of that answer's `end` route"),
                );
            }
            (K::Deadline, None) => Part::Deadline,
            (K::Deadline, Some(n)) => match n.name.parse::<usize>() {
                Ok(i) if i >= 1 => Part::DeadlineWhen(i - 1),
                _ => {
                    return self.nothing_to_translate(
                        n.span,
                        format!("`{}` is not the number of a deadline", n.name),
                        format!(
                            "write `deadline {path}.1` for the step's first deadline with `when`, `.2` for the second …"
                        ),
                    );
                }
            },
            _ => return None,
        };
        if part.text(step).is_some() {
            return Some(Target::Part(ti, si, part));
        }
        if let Some(time) = timed_deadline(step, part) {
            let help = match time {
                ast::DeadlineTime::Within { from: Some(_), .. } => {
                    let at = entry
                        .ids
                        .iter()
                        .map(|i| i.name.as_str())
                        .collect::<Vec<_>>()
                        .join(".");
                    format!("its words come from the language's labels; translate the event it is measured from: `deadline {at} from \"…\"`")
                }
                _ => "delete this line: its words come from the language's labels".to_string(),
            };
            return self.nothing_to_translate(
                entry.keyword,
                format!("the deadline of `{path}` is written as a time, not in words"),
                help,
            );
        }
        let (what, help) = match part {
            Part::Role => (
                "`role`".to_string(),
                format!("delete this line, or give `{path}` a `role` first"),
            ),
            Part::Deadline => (
                "deadline without `when`".to_string(),
                match deadlines_when(step).len() {
                    0 => format!("delete this line, or give `{path}` a `deadline` first"),
                    _ => format!("a deadline with `when` is named by its number: `deadline {path}.1`"),
                },
            ),
            Part::DeadlineWhen(i) => (
                format!("deadline number {} with `when`", i + 1),
                match deadlines_when(step).len() {
                    0 => format!("the step's deadline has no `when`: write `deadline {path}`"),
                    n => format!("its deadlines with `when` are numbered 1 to {n}, in the order written"),
                },
            ),
            Part::End if question => (
                "`end` of its own".to_string(),
                format!("a route's outcome is named by its answer: `end {path}.yes` or `end {path}.no`"),
            ),
            Part::End => (
                "`end`".to_string(),
                format!("delete this line, or give `{path}` an `end` first"),
            ),
            Part::YesEnd | Part::NoEnd => (
                format!(
                    "`end` route for `{}`",
                    if part == Part::YesEnd { "yes" } else { "no" }
                ),
                "only an answer whose route is `end \"…\"` has an outcome to translate".to_string(),
            ),
        };
        let noun = if question { "question" } else { "step" };
        self.nothing_to_translate(
            entry.keyword,
            format!("{noun} `{path}` has no {what} to translate"),
            help,
        )
    }

    /// The position of `id` among `names`, or `None` (reported as a `noun` the
    /// protocol has not, with the closest name) when it is not one of them.
    fn named(
        &mut self,
        entry: &ast::TranslationEntry,
        names: Vec<&Ident>,
        id: &Ident,
        noun: &str,
    ) -> Option<usize> {
        let found = names.iter().position(|n| n.name == id.name);
        if found.is_none() {
            self.unknown_item(entry, id, names, noun);
        }
        found
    }

    /// The position (from 0) of the item a line's second name numbers from 1
    /// (`rule triage.2`, `tier screening.1`) among the `count` its owner has, or
    /// `None` (reported with how to number them) when it has no such item.
    fn nth(
        &mut self,
        entry: &ast::TranslationEntry,
        owner: (&str, &Ident),
        noun: &str,
        count: usize,
    ) -> Option<usize> {
        let n = entry.ids.get(1)?;
        if let Some(i) = n.name.parse::<usize>().ok().filter(|i| (1..=count).contains(i)) {
            return Some(i - 1);
        }
        let (owner_noun, owner_id) = owner;
        let short = owner_noun.rsplit(' ').next().unwrap_or(owner_noun);
        let keyword = entry.kind.keyword();
        let help = match count {
            0 => format!("delete this line: the {short} has no `{keyword}` lines"),
            1 => format!(
                "the {short} has one {noun}: write `{keyword} {}.1`",
                owner_id.name
            ),
            _ => format!("number the {short}'s {noun}s from 1 to {count}, in the order they are written"),
        };
        self.nothing_to_translate(
            n.span,
            format!("{owner_noun} `{}` has no {noun} `{}`", owner_id.name, n.name),
            help,
        );
        None
    }

    /// Reports a translation line naming a part the item does not have.
    pub(super) fn nothing_to_translate(&mut self, at: Span, message: String, help: String) -> Option<Target> {
        self.report(
            Diagnostic::error(Code::UnknownTranslated, message)
                .at(at, "nothing to translate")
                .help(help),
        );
        None
    }

    /// Reports a translation line naming an item the protocol does not have.
    pub(super) fn unknown_item(
        &mut self,
        entry: &ast::TranslationEntry,
        id: &Ident,
        names: Vec<&Ident>,
        noun: &str,
    ) -> Option<Target> {
        let owner = match (entry.kind, entry.ids.first()) {
            (K::Level, Some(group)) if group.name != id.name => format!("criteria group `{}`", group.name),
            (K::Value, Some(input)) if input.name != id.name => {
                let noun = if self.outcomes.contains(&input.name) {
                    "outcome"
                } else {
                    "input"
                };
                format!("{noun} `{}`", input.name)
            }
            (K::Step | K::Condition | K::Question | K::Role | K::End | K::Deadline, Some(track))
                if track.name != id.name =>
            {
                format!("track `{}`", track.name)
            }
            _ => "the protocol".to_string(),
        };
        let mut d = Diagnostic::error(
            Code::UnknownTranslated,
            format!("{owner} has no {noun} `{}` to translate", id.name),
        )
        .at(id.span, format!("no such {noun}"));
        d = match suggest::closest(&id.name, names.iter().map(|n| n.name.as_str())) {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None => match self.names.get(&id.name) {
                Some(symbol) => d.help(format!(
                    "`{}` is {}: write `{} {} \"…\"`",
                    id.name,
                    symbol.kind.with_article(),
                    match symbol.kind {
                        crate::resolve::Kind::Contact => "contact",
                        crate::resolve::Kind::Criteria => "criteria",
                        other => other.noun(),
                    },
                    id.name
                )),
                None if names.is_empty() => d.help(format!("{owner} has no {noun} to translate")),
                None => d.help(format!(
                    "the {noun}s of {owner} are {}",
                    crate::syntax::or_list(
                        &names
                            .iter()
                            .take(8)
                            .map(|n| format!("`{}`", n.name))
                            .collect::<Vec<_>>()
                    )
                )),
            },
        };
        self.report(d);
        None
    }
}

/// The deadline `part` names, when it is written as a time rather than in words.
fn timed_deadline(step: &ast::StepDecl, part: Part) -> Option<&ast::DeadlineTime> {
    let mut deadlines = step.fields.iter().filter_map(ast::StepField::as_deadline);
    let deadline = match part {
        Part::Deadline => deadlines.find(|d| d.value.when.is_none()),
        Part::DeadlineWhen(n) => deadlines.filter(|d| d.value.when.is_some()).nth(n),
        _ => None,
    }?;
    match &deadline.value.time {
        ast::DeadlineTime::Words(_) => None,
        time => Some(time),
    }
}
