//! An outcome in words (`Model::outcome_values`): each value, lowest first, with the
//! rules that set it, as the handout and the flowchart say them.

use super::{Criteria, Model};

/// One value of an outcome and when it is the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeValueWords {
    pub id: String,
    pub title: String,
    /// "when …" (several rules joined by "; "), "otherwise (when no rule holds)",
    /// or "set by no rule", in the model's language.
    pub rule: String,
}

impl Model {
    /// An outcome's values, lowest first, each with the rules that set it; empty for
    /// a criteria group that is not an outcome.
    pub fn outcome_values(&self, c: &Criteria) -> Vec<OutcomeValueWords> {
        let Some(scoring) = c.scoring.as_ref().filter(|_| c.outcome) else {
            return Vec::new();
        };
        let otherwise = c.otherwise();
        scoring
            .levels
            .iter()
            .enumerate()
            .map(|(n, level)| {
                let mut rules: Vec<String> = scoring
                    .overrides
                    .iter()
                    .filter(|o| o.level.0 == n)
                    .map(|o| self.condition(&o.when).after(self, "case_when", "unless"))
                    .collect();
                if otherwise.is_some_and(|o| o.0 == n) {
                    rules.push(self.labels.get("outcome_otherwise").to_string());
                }
                if rules.is_empty() {
                    rules.push(self.labels.get("outcome_no_rule").to_string());
                }
                OutcomeValueWords {
                    id: level.id.clone(),
                    title: level.title.clone(),
                    rule: rules.join("; "),
                }
            })
            .collect()
    }
}
