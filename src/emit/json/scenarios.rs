//! Scenarios → JSON: what each example observes, and what it expects.

use super::convert::{criteria_ids, level_ids, track_ids};
use super::document::{AnswerJson, ExpectationJson, InputValue, Scenario};
use crate::model::{self, Model};

/// A scenario, with ids in place of indexes.
pub(super) fn scenario(model: &Model, sc: &model::Scenario) -> Scenario {
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
            .filter_map(|(i, v)| model.input_by(*i).map(|i| (i.id.clone(), InputValue::of(i, *v))))
            .collect(),
        answers: sc
            .answers
            .iter()
            .filter_map(|(q, a)| {
                Some(AnswerJson {
                    question: model.step_by(*model.questions.get(q.0)?)?.id.clone(),
                    answer: model.answer_word(*q, *a).to_string(),
                })
            })
            .collect(),
        expect: sc
            .expectations
            .iter()
            .map(|(e, _)| match e {
                model::Expectation::Nothing => ExpectationJson::Nothing(true),
                model::Expectation::Tracks(t) => ExpectationJson::Tracks(track_ids(model, t)),
                model::Expectation::NotTracks(t) => ExpectationJson::NotTracks(track_ids(model, t)),
                model::Expectation::Met(c) => ExpectationJson::Met(criteria_ids(model, c)),
                model::Expectation::NotMet(c) => ExpectationJson::NotMet(criteria_ids(model, c)),
                model::Expectation::Level(c, l) => {
                    let (criteria, level) = level_ids(model, *c, *l);
                    ExpectationJson::Level { criteria, level }
                }
                model::Expectation::Steps(s) => ExpectationJson::Steps(s.clone()),
                model::Expectation::NotSteps(s) => ExpectationJson::NotSteps(s.clone()),
                model::Expectation::End => ExpectationJson::End(true),
            })
            .collect(),
    }
}
