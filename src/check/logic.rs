//! Reasoning about triggers: can a trigger fire, can two fire together, does one always fire.
//!
//! The inputs of a trigger are criteria verdicts and signals. Each criteria group
//! owns its factors and has a threshold between 1 and its factor count, so every
//! verdict can be met or not independently of the others: triggers are plain
//! boolean formulas over independent variables. Satisfiability is decided by
//! splitting on one variable at a time and simplifying, with a work budget so a
//! pathological formula cannot hang the checker.

use crate::model::{CriteriaIdx, SignalIdx, Trigger};
use std::collections::BTreeMap;

/// A trigger's input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Atom {
    Criteria(CriteriaIdx),
    Signal(SignalIdx),
}

/// Whether some assignment makes the formula true.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sat {
    Yes,
    No,
    /// Too large to decide within the budget; the checker stays silent then.
    Unknown,
}

const BUDGET: usize = 100_000;

/// Whether all of `triggers` can hold at once.
pub fn satisfiable(triggers: &[&Trigger]) -> Sat {
    let mut atoms = Vec::new();
    for t in triggers {
        collect_atoms(t, &mut atoms);
    }
    atoms.sort();
    atoms.dedup();
    let mut assignment = BTreeMap::new();
    let mut budget = BUDGET;
    search(triggers, &atoms, &mut assignment, &mut budget)
}

/// Whether `trigger` holds for every input.
pub fn tautology(trigger: &Trigger) -> Sat {
    let negated = Trigger::Not(Box::new(trigger.clone()));
    match satisfiable(&[&negated]) {
        Sat::Yes => Sat::No,
        Sat::No => Sat::Yes,
        Sat::Unknown => Sat::Unknown,
    }
}

fn collect_atoms(trigger: &Trigger, out: &mut Vec<Atom>) {
    match trigger {
        Trigger::Criteria(c) => out.push(Atom::Criteria(*c)),
        Trigger::Signal(s) => out.push(Atom::Signal(*s)),
        Trigger::Not(inner) => collect_atoms(inner, out),
        Trigger::All(items) | Trigger::Any(items) => items.iter().for_each(|t| collect_atoms(t, out)),
    }
}

fn search(
    triggers: &[&Trigger],
    atoms: &[Atom],
    assignment: &mut BTreeMap<Atom, bool>,
    budget: &mut usize,
) -> Sat {
    if *budget == 0 {
        return Sat::Unknown;
    }
    *budget -= 1;
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
        let result = search(triggers, atoms, assignment, budget);
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
        Trigger::Criteria(c) => assignment.get(&Atom::Criteria(*c)).copied(),
        Trigger::Signal(s) => assignment.get(&Atom::Signal(*s)).copied(),
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
        assert_eq!(satisfiable(&[&contradiction]), Sat::No);
        let either = Trigger::Any(vec![s(0), not(s(0))]);
        assert_eq!(tautology(&either), Sat::Yes);
        assert_eq!(tautology(&c(0)), Sat::No);
        assert_eq!(satisfiable(&[&c(0), &s(0)]), Sat::Yes);
        assert_eq!(satisfiable(&[&c(0), &not(c(0))]), Sat::No);
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
        assert_ne!(satisfiable(&[&t]), Sat::Yes);
    }
}
