//! What a county's variant changed in a base criteria group or track, kept so the
//! handout can say it beside the county's approval ("Changed by this county: at
//! least three factors instead of two; …"), whatever language it is printed in.

use super::Labels;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CountyChange {
    /// A new count: the base's and the county's.
    ThresholdCount { base: u32, county: u32 },
    /// A new level for a scored group: the base's and the county's, by title.
    ThresholdLevel { base: String, county: String },
    /// The base's rule in the county's own words.
    ThresholdWorded,
    /// A factor the base does not have (its text).
    FactorAdded(String),
    /// A base factor in new words (the county's text).
    FactorReworded(String),
    /// A base factor made enough on its own.
    FactorAlone(String),
    /// A base factor's points changed.
    FactorCounts(String),
    /// A base factor left out (the base's text).
    FactorRemoved(String),
    /// A track's `when` replaced.
    When,
    /// A step the base does not have (its text).
    StepAdded(String),
    /// A base step in new words or with new fields (its text as it now reads).
    StepChanged(String),
    /// A base step left out (the base's text).
    StepRemoved(String),
}

impl CountyChange {
    /// The change in the language of `labels`: "at least three factors instead of two".
    /// `noun`: what the group calls its items, when it says ("indicators").
    pub fn words(&self, labels: &Labels, noun: Option<&super::Noun>) -> String {
        // Quoted in a list of changes, so without the full stop that ends a step.
        let quoted = |text: &str| format!("“{}”", text.trim_end_matches('.'));
        match self {
            CountyChange::ThresholdCount { base, county } => format!(
                "{} {} {} {} {}",
                labels.get("at_least"),
                labels.number_of(*county, noun),
                labels.about_items(
                    if *county == 1 {
                        "change_factor"
                    } else {
                        "change_factors"
                    },
                    noun
                ),
                labels.get("change_instead"),
                labels.number_of(*base, noun)
            ),
            CountyChange::ThresholdLevel { base, county } => format!(
                "{} {county} {} {base}",
                labels.get("at_least"),
                labels.get("change_instead")
            ),
            CountyChange::ThresholdWorded => labels.get("change_worded").to_string(),
            CountyChange::FactorAdded(text) => format!("{} {}", labels.get("change_added"), quoted(text)),
            CountyChange::FactorReworded(text) => {
                format!("{} {}", labels.get("change_reworded"), quoted(text))
            }
            CountyChange::FactorAlone(text) => format!("{} {}", quoted(text), labels.get("enough_alone")),
            CountyChange::FactorCounts(text) => format!("{} {}", labels.get("change_points"), quoted(text)),
            CountyChange::FactorRemoved(text) => {
                format!("{} {}", labels.get("change_removed"), quoted(text))
            }
            CountyChange::When => labels.get("change_when").to_string(),
            CountyChange::StepAdded(text) => format!("{} {}", labels.get("change_step_added"), quoted(text)),
            CountyChange::StepChanged(text) => {
                format!("{} {}", labels.get("change_step_changed"), quoted(text))
            }
            CountyChange::StepRemoved(text) => {
                format!("{} {}", labels.get("change_step_removed"), quoted(text))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CountyChange;
    use crate::model::Labels;

    #[test]
    fn a_change_reads_in_english_and_in_spanish() {
        let change = CountyChange::ThresholdCount { base: 2, county: 3 };
        let removed = CountyChange::FactorRemoved("Frequently missing from school.".to_string());
        assert_eq!(
            change.words(&Labels::english(), None),
            "at least three factors instead of two"
        );
        assert_eq!(
            removed.words(&Labels::english(), None),
            "left out: “Frequently missing from school”"
        );
        let spanish = Labels::builtin("es").unwrap_or_else(Labels::english);
        assert_eq!(
            change.words(&spanish, None),
            "al menos tres factores en lugar de dos"
        );
        let one = CountyChange::ThresholdCount { base: 2, county: 1 };
        assert_eq!(
            one.words(&Labels::english(), None),
            "at least one factor instead of two"
        );
    }
}
