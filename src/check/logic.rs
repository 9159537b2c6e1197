//! Reasoning about triggers: can a trigger fire, can two fire together, does one always fire.
//!
//! The atoms of a trigger are criteria verdicts, signals, comparisons of inputs,
//! tests of a scored group's level and tests of a question's answer. Satisfiability is decided by splitting on
//! one atom at a time and simplifying, with a work budget so a pathological
//! formula cannot hang the checker. Atoms are not all independent: comparisons of
//! one input must agree on a value in its range, and a scored group's level tests
//! and verdict must agree on one level ([`Domains`] says what values exist), and a
//! question has one answer or none (so `plan is yes` and `plan is no` never hold
//! together, while neither holding is possible: the question was not answered). Other
//! links (a group's `applies_when`, `floor` and `force` rules) are not followed:
//! the answer may say "can hold together" where the rules rule it out, never the
//! reverse, so the checker errs on the side of asking for precedence.

use crate::model::{Answer, CompareOp, CriteriaIdx, InputIdx, Leaf, LevelIdx, QuestionIdx, Trigger};
use std::collections::BTreeMap;

/// A trigger's input: one of its leaves (a verdict, a signal, a comparison, a level test).
pub(super) type Atom = Leaf;

/// The values inputs and scored groups can take.
#[derive(Clone, Debug, Default)]
pub(super) struct Domains {
    /// Each input's range (both ends included).
    pub inputs: BTreeMap<InputIdx, (u32, u32)>,
    /// Each scored group's number of levels and the level its verdict needs.
    pub scored: BTreeMap<CriteriaIdx, (usize, LevelIdx)>,
    /// Each group's `applies_when`: a group is met, or has a level, only when it holds.
    pub applies: BTreeMap<CriteriaIdx, Trigger>,
}

/// How deep `applies_when` is followed into the groups it reads.
const MAX_APPLIES_DEPTH: usize = 8;

impl Domains {
    /// The trigger with each group's verdict or level test `x` read as
    /// `x and applies_when`, so reasoning knows that an age band limits its group.
    fn expand(&self, trigger: &Trigger, depth: usize) -> Trigger {
        match trigger {
            Trigger::Criteria(c) | Trigger::Level { criteria: c, .. } => {
                match self.applies.get(c).filter(|_| depth < MAX_APPLIES_DEPTH) {
                    Some(applies) => Trigger::All(vec![trigger.clone(), self.expand(applies, depth + 1)]),
                    None => trigger.clone(),
                }
            }
            Trigger::Signal(_) | Trigger::Compare { .. } | Trigger::Answer { .. } => trigger.clone(),
            Trigger::Not(inner) => Trigger::Not(Box::new(self.expand(inner, depth))),
            Trigger::All(items) => Trigger::All(items.iter().map(|t| self.expand(t, depth)).collect()),
            Trigger::Any(items) => Trigger::Any(items.iter().map(|t| self.expand(t, depth)).collect()),
        }
    }

    /// Whether some value of each input and level of each group agrees with the
    /// atoms assigned so far.
    fn consistent(&self, assignment: &BTreeMap<Atom, bool>) -> bool {
        let mut bounds: BTreeMap<InputIdx, (u64, u64)> = BTreeMap::new();
        let mut levels: BTreeMap<CriteriaIdx, Vec<bool>> = BTreeMap::new();
        let mut answers: BTreeMap<QuestionIdx, Answer> = BTreeMap::new();
        for (atom, &value) in assignment {
            match *atom {
                Leaf::Compare { input, op, value: n } => {
                    let (low, high) = self.inputs.get(&input).copied().unwrap_or((0, u32::MAX));
                    let entry = bounds.entry(input).or_insert((u64::from(low), u64::from(high)));
                    let n = u64::from(n);
                    // The allowed values as one interval; `!=` (a false `=`) only
                    // removes a value when it is an end of the interval.
                    let (lo, hi) = entry;
                    match (op, value) {
                        (CompareOp::Less, true) | (CompareOp::GreaterOrEqual, false) => {
                            *hi = (*hi).min(n.saturating_sub(1));
                            if n == 0 {
                                return false;
                            }
                        }
                        (CompareOp::LessOrEqual, true) | (CompareOp::Greater, false) => *hi = (*hi).min(n),
                        (CompareOp::Greater, true) | (CompareOp::LessOrEqual, false) => {
                            *lo = (*lo).max(n + 1)
                        }
                        (CompareOp::GreaterOrEqual, true) | (CompareOp::Less, false) => *lo = (*lo).max(n),
                        (CompareOp::Equal, true) => {
                            *lo = (*lo).max(n);
                            *hi = (*hi).min(n);
                        }
                        (CompareOp::Equal, false) => {
                            if *lo == n {
                                *lo += 1;
                            }
                            if *hi == n && *hi > 0 {
                                *hi -= 1;
                            } else if *hi == n {
                                return false;
                            }
                        }
                    }
                    if lo > hi {
                        return false;
                    }
                }
                Leaf::Level {
                    criteria: group,
                    at_least,
                    level,
                } => {
                    let Some(&(count, _)) = self.scored.get(&group) else {
                        continue;
                    };
                    // Possible levels: 0..count, and `count` meaning "no level".
                    let allowed = levels.entry(group).or_insert_with(|| vec![true; count + 1]);
                    for (l, ok) in allowed.iter_mut().enumerate() {
                        let holds = l < count && if at_least { l >= level.0 } else { l == level.0 };
                        if holds != value {
                            *ok = false;
                        }
                    }
                }
                Leaf::Criteria(group) => {
                    let Some(&(count, met)) = self.scored.get(&group) else {
                        continue;
                    };
                    let allowed = levels.entry(group).or_insert_with(|| vec![true; count + 1]);
                    for (l, ok) in allowed.iter_mut().enumerate() {
                        if (l < count && l >= met.0) != value {
                            *ok = false;
                        }
                    }
                }
                Leaf::Answer { question, answer, .. } => {
                    // One recorded answer at most: two answers tested true cannot both hold.
                    if value && *answers.entry(question).or_insert(answer) != answer {
                        return false;
                    }
                }
                Leaf::Signal(_) => {}
            }
        }
        levels.values().all(|allowed| allowed.iter().any(|&ok| ok))
    }
}

/// Whether some assignment makes the formula true.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sat {
    Yes,
    No,
    /// Too large to decide within the budget; the checker stays silent then.
    Unknown,
}

const BUDGET: usize = 100_000;

/// Whether all of `triggers` can hold at once.
pub(super) fn satisfiable(triggers: &[&Trigger], domains: &Domains) -> Sat {
    let expanded: Vec<Trigger> = triggers.iter().map(|t| domains.expand(t, 0)).collect();
    let triggers: Vec<&Trigger> = expanded.iter().collect();
    let triggers = triggers.as_slice();
    let mut atoms = Vec::new();
    for t in triggers {
        t.leaves(&mut atoms);
    }
    atoms.sort();
    atoms.dedup();
    let mut assignment = BTreeMap::new();
    let mut budget = BUDGET;
    search(triggers, &atoms, domains, &mut assignment, &mut budget)
}

/// Whether `trigger` holds for every input.
pub(super) fn tautology(trigger: &Trigger, domains: &Domains) -> Sat {
    let negated = Trigger::Not(Box::new(trigger.clone()));
    match satisfiable(&[&negated], domains) {
        Sat::Yes => Sat::No,
        Sat::No => Sat::Yes,
        Sat::Unknown => Sat::Unknown,
    }
}

fn search(
    triggers: &[&Trigger],
    atoms: &[Atom],
    domains: &Domains,
    assignment: &mut BTreeMap<Atom, bool>,
    budget: &mut usize,
) -> Sat {
    if *budget == 0 {
        return Sat::Unknown;
    }
    *budget -= 1;
    if !domains.consistent(assignment) {
        return Sat::No;
    }
    let mut all_true = true;
    for t in triggers {
        match partial(t, assignment) {
            Some(false) => return Sat::No,
            Some(true) => {}
            None => all_true = false,
        }
    }
    if all_true {
        return Sat::Yes;
    }
    let Some(&next) = atoms.iter().find(|a| !assignment.contains_key(a)) else {
        return Sat::No;
    };
    let mut unknown = false;
    for value in [true, false] {
        assignment.insert(next, value);
        let result = search(triggers, atoms, domains, assignment, budget);
        assignment.remove(&next);
        match result {
            Sat::Yes => return Sat::Yes,
            Sat::Unknown => unknown = true,
            Sat::No => {}
        }
    }
    if unknown {
        Sat::Unknown
    } else {
        Sat::No
    }
}

/// Three-valued evaluation: `None` when the value depends on unassigned atoms.
fn partial(trigger: &Trigger, assignment: &BTreeMap<Atom, bool>) -> Option<bool> {
    match trigger {
        Trigger::Criteria(_)
        | Trigger::Signal(_)
        | Trigger::Compare { .. }
        | Trigger::Level { .. }
        | Trigger::Answer { .. } => trigger.as_leaf().and_then(|a| assignment.get(&a).copied()),
        Trigger::Not(inner) => partial(inner, assignment).map(|v| !v),
        Trigger::All(items) => {
            let mut result = Some(true);
            for t in items {
                match partial(t, assignment) {
                    Some(false) => return Some(false),
                    None => result = None,
                    Some(true) => {}
                }
            }
            result
        }
        Trigger::Any(items) => {
            let mut result = Some(false);
            for t in items {
                match partial(t, assignment) {
                    Some(true) => return Some(true),
                    None => result = None,
                    Some(false) => {}
                }
            }
            result
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SignalIdx;

    fn c(i: usize) -> Trigger {
        Trigger::Criteria(CriteriaIdx(i))
    }
    fn s(i: usize) -> Trigger {
        Trigger::Signal(SignalIdx(i))
    }
    fn not(t: Trigger) -> Trigger {
        Trigger::Not(Box::new(t))
    }

    #[test]
    fn contradictions_and_tautologies() {
        let contradiction = Trigger::All(vec![c(0), not(c(0))]);
        let none = Domains::default();
        assert_eq!(satisfiable(&[&contradiction], &none), Sat::No);
        let either = Trigger::Any(vec![s(0), not(s(0))]);
        assert_eq!(tautology(&either, &none), Sat::Yes);
        assert_eq!(tautology(&c(0), &none), Sat::No);
        assert_eq!(satisfiable(&[&c(0), &s(0)], &none), Sat::Yes);
        assert_eq!(satisfiable(&[&c(0), &not(c(0))], &none), Sat::No);
    }

    fn age(op: CompareOp, value: u32) -> Trigger {
        Trigger::Compare {
            input: InputIdx(0),
            op,
            value,
        }
    }

    #[test]
    fn comparisons_of_one_input_must_agree() {
        let mut domains = Domains::default();
        domains.inputs.insert(InputIdx(0), (0, 25));
        let young = age(CompareOp::Less, 13);
        let old = age(CompareOp::GreaterOrEqual, 13);
        assert_eq!(satisfiable(&[&young, &old], &domains), Sat::No);
        assert_eq!(
            tautology(&Trigger::Any(vec![young.clone(), old.clone()]), &domains),
            Sat::Yes
        );
        let band = Trigger::All(vec![age(CompareOp::Greater, 11), age(CompareOp::LessOrEqual, 12)]);
        assert_eq!(satisfiable(&[&band, &young], &domains), Sat::Yes);
        assert_eq!(satisfiable(&[&age(CompareOp::Greater, 25)], &domains), Sat::No);
        assert_eq!(satisfiable(&[&age(CompareOp::Less, 0)], &domains), Sat::No);
        let twelve = age(CompareOp::Equal, 12);
        assert_eq!(
            satisfiable(&[&twelve, &not(twelve.clone()), &young], &domains),
            Sat::No
        );
        assert_eq!(satisfiable(&[&not(twelve), &young], &domains), Sat::Yes);
    }

    #[test]
    fn a_group_has_one_level() {
        let mut domains = Domains::default();
        // Three levels; met from level 1.
        domains.scored.insert(CriteriaIdx(0), (3, LevelIdx(1)));
        let is = |l: usize| Trigger::Level {
            criteria: CriteriaIdx(0),
            at_least: false,
            level: LevelIdx(l),
        };
        let at_least = |l: usize| Trigger::Level {
            criteria: CriteriaIdx(0),
            at_least: true,
            level: LevelIdx(l),
        };
        assert_eq!(satisfiable(&[&is(0), &is(2)], &domains), Sat::No);
        assert_eq!(satisfiable(&[&is(0), &c(0)], &domains), Sat::No);
        assert_eq!(satisfiable(&[&is(2), &c(0)], &domains), Sat::Yes);
        assert_eq!(satisfiable(&[&at_least(2), &not(c(0))], &domains), Sat::No);
        // No level at all is possible (outside `applies_when`).
        assert_eq!(satisfiable(&[&not(at_least(0))], &domains), Sat::Yes);
    }

    #[test]
    fn a_group_is_met_only_where_it_applies() {
        let mut domains = Domains::default();
        domains.inputs.insert(InputIdx(0), (0, 25));
        // Group 0 applies only from age 11; "under 11" and "group 0 met" never hold together.
        domains
            .applies
            .insert(CriteriaIdx(0), age(CompareOp::GreaterOrEqual, 11));
        let young = age(CompareOp::Less, 11);
        assert_eq!(satisfiable(&[&young, &c(0)], &domains), Sat::No);
        assert_eq!(satisfiable(&[&young, &not(c(0))], &domains), Sat::Yes);
        assert_eq!(
            satisfiable(&[&age(CompareOp::Equal, 11), &c(0)], &domains),
            Sat::Yes
        );
    }

    fn answered(question: usize, answer: Answer) -> Trigger {
        Trigger::Answer {
            question: QuestionIdx(question),
            answer,
            unclear_too: false,
        }
    }

    #[test]
    fn a_question_has_one_answer_or_none() {
        let none = Domains::default();
        let (yes, no) = (answered(0, Answer::Yes), answered(0, Answer::No));
        assert_eq!(satisfiable(&[&yes, &no], &none), Sat::No);
        // Unanswered: neither test holds, so tracks on "not yes" and "not no" can apply together.
        assert_eq!(
            satisfiable(&[&not(yes.clone()), &not(no.clone())], &none),
            Sat::Yes
        );
        assert_eq!(
            tautology(&Trigger::Any(vec![yes.clone(), no.clone()]), &none),
            Sat::No
        );
        // Answers to two questions are independent.
        assert_eq!(satisfiable(&[&yes, &answered(1, Answer::No)], &none), Sat::Yes);
        assert_eq!(satisfiable(&[&yes, &yes], &none), Sat::Yes);
    }

    #[test]
    fn a_question_with_choices_has_one_choice_or_none() {
        let none = Domains::default();
        let (a, b, c) = (
            answered(0, Answer::Choice(0)),
            answered(0, Answer::Choice(1)),
            answered(0, Answer::Choice(2)),
        );
        // `t is a and t is b` never holds: two tracks on two choices never apply together.
        assert_eq!(satisfiable(&[&a, &b], &none), Sat::No);
        assert_eq!(
            satisfiable(&[&a, &Trigger::Any(vec![b.clone(), c.clone()])], &none),
            Sat::No
        );
        // Unanswered, or another choice picked: neither holds.
        assert_eq!(satisfiable(&[&not(a.clone()), &not(b.clone())], &none), Sat::Yes);
        assert_eq!(
            satisfiable(&[&c, &not(a.clone()), &not(b.clone())], &none),
            Sat::Yes
        );
        // The same choice twice holds; a choice of another question is independent.
        assert_eq!(satisfiable(&[&a, &a], &none), Sat::Yes);
        assert_eq!(
            satisfiable(&[&a, &answered(1, Answer::Choice(1))], &none),
            Sat::Yes
        );
        // Picking one is not certain: the question may be unanswered.
        assert_eq!(tautology(&Trigger::Any(vec![a, b, c]), &none), Sat::No);
    }

    #[test]
    fn large_formulas_end() {
        // x0 and not x0 hidden behind many free atoms: decided or given up, never hung.
        let mut items: Vec<Trigger> = (1..200)
            .map(|i| Trigger::Any(vec![s(i), not(s(i + 1))]))
            .collect();
        items.push(c(0));
        items.push(not(c(0)));
        let t = Trigger::All(items);
        assert_ne!(satisfiable(&[&t], &Domains::default()), Sat::Yes);
    }
}
