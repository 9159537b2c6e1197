//! Tracks → JSON: the trigger, steps and questions, and where each answer leads.

use super::convert::{contact_ids, track_ids, trigger};
use super::document::{
    AmountJson, ChoiceJson, ConditionalDeadline, Form, HandoffDocument, LastsJson, QuestionJson, RouteJson,
    Step, TimeJson, TimeUnitJson, Track,
};
use crate::model::{self, Model};

/// A track, with ids in place of indexes; steps numbered from 1.
pub(super) fn track(model: &Model, t: &model::Track) -> Track {
    Track {
        id: t.id.clone(),
        title: t.title.clone(),
        trigger: trigger(model, &t.trigger),
        trigger_text: t.trigger.source_text(model),
        supersedes: track_ids(model, &t.supersedes),
        superseded_by: track_ids(model, &t.superseded_by),
        precedes: track_ids(model, &t.precedes),
        rules: t.rules.clone(),
        steps: t
            .steps
            .iter()
            .enumerate()
            .map(|(index, s)| step(model, t, index, s))
            .collect(),
        approval: t.approval.clone(),
    }
}

/// The step at `index` (0-based) of track `t`.
fn step(model: &Model, t: &model::Track, index: usize, s: &model::Step) -> Step {
    Step {
        deadlines_when: s
            .deadlines_when
            .iter()
            .map(|d| ConditionalDeadline {
                when: trigger(model, &d.when),
                when_text: d.when.source_text(model),
                text: d.text.clone(),
                time: d.time.as_ref().map(time),
            })
            .collect(),
        question: s.question.as_ref().map(|q| {
            let yes_no = match q {
                model::Question::YesNo(q) => Some(q),
                model::Question::Choices(_) => None,
            };
            QuestionJson {
                yes: yes_no.map(|q| route(model, t, &q.yes)),
                no: yes_no.map(|q| route(model, t, &q.no)),
                unclear_counts_as: q.unclear_counts_as().map(|a| a.as_str().to_string()),
                choices: q
                    .choices()
                    .iter()
                    .map(|c| ChoiceJson {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        route: route(model, t, &c.route),
                    })
                    .collect(),
                select_all: q
                    .select_all()
                    .and_then(|g| model.criteria_by(g))
                    .map(|g| g.id.clone()),
            }
        }),
        skip_when: s.skip_when.as_ref().map(|w| trigger(model, w)),
        skip_when_text: s.skip_when.as_ref().map(|w| w.source_text(model)),
        only_when: s.only_when.as_ref().map(|w| trigger(model, w)),
        only_when_text: s.only_when.as_ref().map(|w| w.source_text(model)),
        after: s
            .after
            .iter()
            .filter_map(|a| t.steps.get(*a))
            .map(|a| a.id.clone())
            .collect(),
        end: s.end.clone().filter(|_| !s.ends_track),
        end_track: s.end.clone().filter(|_| s.ends_track),
        handoff: s.handoff.clone(),
        handoff_document: s.handoff_document.as_ref().map(|d| HandoffDocument {
            title: d.title.clone(),
            url: d.url.clone(),
        }),
        id: s.id.clone(),
        number: index + 1,
        condition: s.condition.clone(),
        required: s.required.clone(),
        label: s.label.clone(),
        role: s.role.clone(),
        role_alternatives: s.role_alternatives.clone(),
        backups: s.backups.clone(),
        checklist: s.checklist.clone(),
        deadline: s.deadline.clone(),
        deadline_time: s.deadline_time.as_ref().map(time),
        lasts: s.lasts.as_ref().map(|l| match &l.duration {
            model::Duration::Until(event) => LastsJson::Until {
                text: l.text.clone(),
                until: event.clone(),
            },
            model::Duration::AtLeast(a) => LastsJson::AtLeast {
                text: l.text.clone(),
                at_least: amount(a),
            },
        }),
        form: s.form.as_ref().map(|f| Form {
            name: f.name.clone(),
            code: f.code.clone(),
        }),
        optional: s.optional,
        text: s.text.text.clone(),
        text_template: s.text.template.clone(),
        contacts: contact_ids(model, &s.text.contacts),
    }
}

/// Where an answer leads, with ids in place of indexes.
fn route(model: &Model, track: &model::Track, r: &model::Route) -> RouteJson {
    match r {
        model::Route::Goto(i) => {
            RouteJson::Goto(track.steps.get(*i).map(|s| s.id.clone()).unwrap_or_default())
        }
        model::Route::Track(t) => {
            RouteJson::Track(model.track_by(*t).map(|t| t.id.clone()).unwrap_or_default())
        }
        model::Route::End(outcome) => RouteJson::End(outcome.clone()),
        model::Route::EndTrack(outcome) => RouteJson::EndTrack(outcome.clone()),
        model::Route::Next => RouteJson::Next(true),
    }
}

/// A deadline's time as data.
fn time(t: &model::Time) -> TimeJson {
    match t {
        model::Time::Immediately => TimeJson::Immediately,
        model::Time::EndOfDay => TimeJson::EndOfDay,
        model::Time::Within { amount: a, from } => TimeJson::Within {
            within: amount(a),
            from: from.clone(),
        },
    }
}

fn amount(a: &model::Amount) -> AmountJson {
    AmountJson {
        amount: a.amount,
        unit: match a.unit {
            model::TimeUnit::Minutes => TimeUnitJson::Minutes,
            model::TimeUnit::Hours => TimeUnitJson::Hours,
            model::TimeUnit::Days => TimeUnitJson::Days,
            model::TimeUnit::WorkingDays => TimeUnitJson::WorkingDays,
        },
    }
}
