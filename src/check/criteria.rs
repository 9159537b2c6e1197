//! A criteria group: its `source`, its factors (built in `scoring.rs`) and its
//! `met_when` threshold, which must be reachable.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::english::plural;
use crate::model::*;
use crate::syntax::ast::{self, keyword, Field};

impl Checker {
    pub(super) fn criteria(
        &mut self,
        decl: &ast::CriteriaDecl,
        idx: CriteriaIdx,
        factors: &mut Vec<Factor>,
    ) -> Criteria {
        if decl.outcome {
            return self.outcome(decl, idx);
        }
        use ast::CriteriaField as F;
        let owner = format!("criteria group `{}`", decl.id.name);
        let sources: Vec<&Field<ast::Text>> = decl.fields.iter().filter_map(F::as_source).collect();
        let thresholds: Vec<&Field<ast::MetWhen>> = decl.fields.iter().filter_map(F::as_met_when).collect();
        let source = self
            .single(sources, keyword::SOURCE, &owner)
            .map(|f| self.plain(&f.value));
        let scored_group = self
            .levels
            .contains_key(&decl.id.name)
            .then(|| decl.id.name.clone());
        let own = self.group_factors(decl, idx, scored_group.as_deref(), factors);
        if own.is_empty() {
            self.report(
                Diagnostic::error(Code::EmptyCriteria, format!("{owner} has no factors"))
                    .at(decl.id.span, "no `factor` lines inside")
                    .help("add the factors it counts, e.g. `factor missing_school \"Frequently missing from school\"`"),
            );
        }
        let own_factors: Vec<&Factor> = own.iter().filter_map(|f| factors.get(f.0)).collect();
        let scoring = self.group_scoring(decl, &own_factors);
        let example = if scored_group.is_some() {
            "at_least medium"
        } else {
            "at_least 1"
        };
        let met_when = self.required(thresholds, keyword::MET_WHEN, &owner, decl.id.span, example);
        let threshold = match met_when {
            Some(field) => match (&field.value.rule, &scored_group) {
                (threshold, Some(group)) => self.scored_threshold(group, threshold),
                (ast::Threshold::AtLeastLevel(level), None) => {
                    self.level_named(&decl.id.name, level);
                    None
                }
                // Too large to read: already reported by the syntax stage.
                (ast::Threshold::AtLeast(ast::Spanned { value: None, .. }), None) => None,
                (
                    ast::Threshold::AtLeast(ast::Spanned {
                        value: Some(value),
                        span,
                    }),
                    None,
                ) => {
                    let n = ast::Spanned {
                        value: *value,
                        span: *span,
                    };
                    if n.value == 0 {
                        self.report(
                            Diagnostic::error(
                                Code::ZeroThreshold,
                                format!("{owner} would be met with no factors at all"),
                            )
                            .at(n.span, "at least 0 is always true")
                            .help("a threshold counts factors present; use at least 1"),
                        );
                    } else if !own.is_empty() && n.value as usize > own.len() {
                        self.report(
                            Diagnostic::error(
                                Code::ThresholdTooHigh,
                                format!(
                                    "{owner} needs {} but has only {}",
                                    plural(n.value as usize, "factor"),
                                    own.len()
                                ),
                            )
                            .at(
                                n.span,
                                format!("can never be reached with {}", plural(own.len(), "factor")),
                            )
                            .also(decl.id.span, "criteria group declared here")
                            .help(format!(
                                "lower the threshold to at most {}, or add the missing factors",
                                own.len()
                            )),
                        );
                    }
                    Some(Threshold::AtLeast(n.value))
                }
            },
            None => None,
        };
        let threshold_wording = met_when.and_then(|field| {
            let wording = field.value.wording.as_ref()?;
            let said = self.plain(wording);
            // A clause inside "Student meets this concern if …:", so no closing stop.
            let said = said.trim_end_matches(['.', ':', ';']).trim_end().to_string();
            let levels = scoring.scoring.as_ref().map_or(&[][..], |s| s.levels.as_slice());
            if let Some(rule) = threshold {
                self.wording_states(&decl.id.name, rule, levels, own.len(), &said, wording.span);
            }
            Some(said)
        });
        Criteria {
            id: decl.id.name.clone(),
            title: self.plain(&decl.title),
            source,
            approval: decl.approval.as_ref().map(|a| self.plain(a)),
            county_changes: self.county_changes(&decl.county_changes, scoring.scoring.as_ref()),
            threshold: threshold.unwrap_or(Threshold::AtLeast(1)),
            threshold_wording,
            factors: own,
            applies_when: scoring.applies_when,
            possible_counts_as_yes: scoring.possible_counts_as_yes,
            scoring: scoring.scoring,
            items_called: self.items_called(decl),
            outcome: false,
        }
    }
}

/// The words a wording of "at least `n`" may use for its number: the digits, the
/// number in English or Spanish words, and "any" for one or "all"/"both"/"every"
/// for every factor.
fn number_words(n: u32, factors: usize) -> Vec<String> {
    let mut words = vec![n.to_string()];
    for labels in [Some(Labels::english()), Labels::builtin("es")]
        .into_iter()
        .flatten()
    {
        words.push(labels.number(n));
    }
    if n == 1 {
        words.extend(["any", "one", "cualquier", "uno", "una"].map(str::to_string));
    }
    if n as usize == factors {
        words.extend(["all", "both", "every", "todos", "todas", "ambos", "ambas"].map(str::to_string));
    }
    words
}

impl Checker {
    /// A protocol's own wording of a threshold must say its number (or its level),
    /// or the printed sentence and the rule could disagree (P0306).
    fn wording_states(
        &mut self,
        group: &str,
        rule: Threshold,
        levels: &[Level],
        factors: usize,
        said: &str,
        span: crate::source::Span,
    ) {
        let lower = said.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let (states, needed, example) = match rule {
            Threshold::AtLeast(n) => {
                let accepted = number_words(n, factors);
                (
                    accepted.iter().any(|a| words.contains(&a.as_str())),
                    format!("at least {n}"),
                    format!("{} or more of these are present", Labels::english().number(n)),
                )
            }
            Threshold::AtLeastLevel(level) => match levels.get(level.0) {
                Some(l) => (
                    lower.contains(&l.title.to_lowercase()) || words.contains(&l.id.to_lowercase().as_str()),
                    format!("the level {}", l.title),
                    format!("the total reaches {} or higher", l.title),
                ),
                None => return,
            },
        };
        if !states {
            self.report(
                Diagnostic::warning(
                    Code::WordingWithoutThreshold,
                    format!("the wording of the threshold of `{group}` does not say {needed}"),
                )
                .at(span, format!("printed instead of “{needed}”"))
                .help(format!(
                    "say the rule in the wording (e.g. “{example}”), so the printed sentence and the rule agree"
                )),
            );
        }
    }
}

impl Checker {
    /// A variant's changes to a base group or track, its texts and levels as the
    /// outputs say them (a level by its title in the county's group).
    pub(super) fn county_changes(
        &mut self,
        changes: &[ast::CountyChange],
        scoring: Option<&Scoring>,
    ) -> Vec<CountyChange> {
        use ast::CountyChange as C;
        let level_title = |id: &ast::Ident| {
            scoring
                .and_then(|s| s.levels.iter().find(|l| l.id == id.name))
                .map_or_else(|| id.name.clone(), |l| l.title.clone())
        };
        changes
            .iter()
            .filter_map(|change| {
                Some(match change {
                    C::Threshold { base, county } => match (base, county) {
                        (ast::Threshold::AtLeast(b), ast::Threshold::AtLeast(c)) => {
                            CountyChange::ThresholdCount {
                                base: b.value?,
                                county: c.value?,
                            }
                        }
                        (ast::Threshold::AtLeastLevel(b), ast::Threshold::AtLeastLevel(c)) => {
                            CountyChange::ThresholdLevel {
                                base: level_title(b),
                                county: level_title(c),
                            }
                        }
                        // A count made a level or the other way: reported by the checker.
                        _ => return None,
                    },
                    C::ThresholdWorded => CountyChange::ThresholdWorded,
                    C::FactorAdded(t) => CountyChange::FactorAdded(self.plain(t)),
                    C::FactorReworded(t) => CountyChange::FactorReworded(self.plain(t)),
                    C::FactorAlone(t) => CountyChange::FactorAlone(self.plain(t)),
                    C::FactorCounts(t) => CountyChange::FactorCounts(self.plain(t)),
                    C::FactorRemoved(t) => CountyChange::FactorRemoved(self.plain(t)),
                    C::When => CountyChange::When,
                    C::StepAdded(t) => CountyChange::StepAdded(self.plain(t)),
                    C::StepChanged(t) => CountyChange::StepChanged(self.plain(t)),
                    C::StepRemoved(t) => CountyChange::StepRemoved(self.plain(t)),
                })
            })
            .collect()
    }
}
