//! The fixed phrases of the handout and the flowchart ("Definitions", "Call",
//! "Student meets this concern if" …), by key, in English and in Spanish.
//!
//! A translation's `label KEY "…"` lines replace them; the checker refuses an
//! unknown key. A language with a built-in set (English `en`, Spanish `es`, and
//! their regional tags such as `es_mx`) needs no `label` lines; any other falls
//! back to English for each label it does not give (with a warning, P0316).

use std::collections::BTreeMap;

/// One fixed phrase: its key, its English and Spanish wording, and where it is used.
pub struct LabelDef {
    pub key: &'static str,
    pub english: &'static str,
    pub spanish: &'static str,
    pub about: &'static str,
}

macro_rules! labels {
    ($($key:literal, $english:literal, $spanish:literal, $about:literal;)*) => {
        /// Every label, in the order a reader meets them.
        pub const LABELS: &[LabelDef] = &[
            $(LabelDef { key: $key, english: $english, spanish: $spanish, about: $about },)*
        ];
    };
}

labels! {
    "for", "For", "Para", "before the audience under the title: “For: Educators”";
    "legal_basis", "Legal basis", "Fundamento legal", "handout heading";
    "definitions", "Definitions", "Definiciones", "handout heading";
    "determined_by", "As determined by the", "Según lo determinado por", "before a criteria group's source (handout)";
    "source", "Source", "Fuente", "before a criteria group's source (flowchart) and the source file (flowchart footer)";
    "meets_if", "Student meets this concern if", "El estudiante cumple con esta preocupación si", "before a criteria group's threshold (handout)";
    "met_when", "Met when", "Se cumple cuando", "before a criteria group's threshold (flowchart)";
    "at_least", "at least", "al menos", "in a threshold: “at least two”";
    "factors_one", "of the following factors is present", "de los siguientes factores está presente", "after a threshold of one";
    "factors_many", "of the following factors are present", "de los siguientes factores están presentes", "after a threshold of two or more";
    "these_factors_one", "of these factors is present", "de estos factores está presente", "after a threshold of one (flowchart)";
    "these_factors_many", "of these factors are present", "de estos factores están presentes", "after a threshold of two or more (flowchart)";
    "numbers", "zero one two three four five six seven eight nine ten", "cero uno dos tres cuatro cinco seis siete ocho nueve diez", "the numbers from zero to ten in words, separated by spaces (larger numbers are written in digits)";
    "staff_judgement", "Staff judgement", "Criterio del personal", "above a signal (flowchart)";
    "when", "When", "Cuando", "before a track's trigger";
    "is_met", "is met", "se cumple", "after a criteria group's title in a trigger";
    "and", "and", "y", "joins the parts of a trigger";
    "or", "or", "o", "joins the alternatives of a trigger";
    "not", "not", "no", "negates part of a trigger (flowchart)";
    "not_the_case", "it is not the case that", "no es el caso que", "negates part of a trigger (handout)";
    "instead_of", "When this applies, follow it instead of", "Cuando esto aplica, sígalo en lugar de", "before the tracks a track supersedes (handout)";
    "precedes_before", "When", "Cuando", "before a track that this one precedes (handout)";
    "precedes_after", "applies too, follow this first.", "también aplica, siga este primero.", "after a track that this one precedes (handout)";
    "both_instead_of", "If both apply, follow this instead of", "Si ambos aplican, siga este en lugar de", "before the tracks a track supersedes (flowchart)";
    "both_before", "If both apply, do this before", "Si ambos aplican, haga esto antes de", "before the tracks a track precedes (flowchart)";
    "consider", "Consider", "Considere", "before an optional step";
    "who", "Who", "Quién", "before a step's role (handout)";
    "if_unavailable", "if unavailable", "si no está disponible", "before a step's backups (handout)";
    "then", "then", "luego", "between a step's backups";
    "deadline", "When", "Plazo", "before a step's deadline (handout)";
    "form", "Form", "Formulario", "before a step's form";
    "call", "Call", "Llame a", "before a contact a step involves, when the font has no ☎ (flowchart)";
    "to_report_call", "To report, call", "Para reportar, llame al", "above the large phone number (flowchart)";
    "resources", "Resources", "Recursos", "heading";
    "contacts", "Contacts", "Contactos", "handout heading";
    "call_instead_of", "call instead of", "llame en lugar de", "a contact called instead of another (handout)";
    "call_instead_when", "when", "cuando", "the case in which a contact is called instead of another (handout)";
    "revision_history", "Revision history", "Historial de revisiones", "handout heading";
    "version", "Version", "Versión", "footer";
    "effective", "effective", "vigente desde", "footer";
    "status", "status", "estado", "footer";
    "status_draft", "draft", "borrador", "the status `draft`";
    "status_in_review", "in review", "en revisión", "the status `in_review`";
    "status_approved", "approved", "aprobado", "the status `approved`";
    "status_retired", "retired", "retirado", "the status `retired`";
    "approved", "approved", "aprobado el", "footer: the approval date";
    "last_reviewed", "last reviewed", "última revisión", "footer";
    "next_review", "next review", "próxima revisión", "footer";
    "built_by", "built by protocolc", "generado por protocolc", "footer";
    "from", "from", "a partir de", "footer: before the source file (handout)";
    "extending", "extending", "que extiende", "handout footer: before each base file";
    "extends", "extends", "extiende", "flowchart footer: before each base file";
}

/// The labels of one language: every key has a phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels(BTreeMap<&'static str, String>);

impl Labels {
    /// The built-in English labels.
    pub fn english() -> Self {
        Labels(LABELS.iter().map(|l| (l.key, l.english.to_string())).collect())
    }

    /// The built-in labels of a language tag (`en`, `es`, or a regional tag of
    /// either, such as `es_mx`), if protocolc has them.
    pub fn builtin(tag: &str) -> Option<Self> {
        let primary = tag.split(['_', '-']).next().unwrap_or(tag);
        match primary {
            "en" => Some(Self::english()),
            "es" => Some(Labels(
                LABELS.iter().map(|l| (l.key, l.spanish.to_string())).collect(),
            )),
            _ => None,
        }
    }

    /// The phrase for `key` ("" for a key protocolc does not know).
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map_or("", String::as_str)
    }

    /// Sets a phrase; false when `key` is not a label.
    pub fn set(&mut self, key: &str, phrase: String) -> bool {
        match LABELS.iter().find(|l| l.key == key) {
            Some(l) => {
                self.0.insert(l.key, phrase);
                true
            }
            None => false,
        }
    }

    /// Every label, by key.
    pub fn all(&self) -> &BTreeMap<&'static str, String> {
        &self.0
    }

    /// A number in words ("two"), from the `numbers` label; digits past its end.
    pub fn number(&self, n: u32) -> String {
        self.get("numbers")
            .split_whitespace()
            .nth(n as usize)
            .map_or_else(|| n.to_string(), str::to_string)
    }

    /// The threshold in words: "at least two of the following factors are present"
    /// (`these`: "… of these factors are present", as the flowchart says it).
    pub fn threshold(&self, n: u32, these: bool) -> String {
        let rest = match (n, these) {
            (1, false) => "factors_one",
            (_, false) => "factors_many",
            (1, true) => "these_factors_one",
            (_, true) => "these_factors_many",
        };
        format!("{} {} {}", self.get("at_least"), self.number(n), self.get(rest))
    }

    /// A status in words, e.g. "in review".
    pub fn status(&self, status: crate::model::Status) -> &str {
        self.get(&format!("status_{}", status.as_str()))
    }
}

/// Whether `key` is a label.
pub fn is_label(key: &str) -> bool {
    LABELS.iter().any(|l| l.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_is_documented_and_has_both_built_in_phrases() {
        let doc = include_str!("../docs/codes/P0144.md");
        for l in LABELS {
            assert!(
                doc.contains(&format!("| `{}` |", l.key)),
                "P0144.md lacks `{}`",
                l.key
            );
            assert!(!l.english.is_empty() && !l.spanish.is_empty(), "{}", l.key);
        }
        let mut keys: Vec<&str> = LABELS.iter().map(|l| l.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), LABELS.len(), "a key listed twice");
    }

    #[test]
    fn regional_tags_share_the_built_in_labels() {
        assert_eq!(Labels::builtin("es_mx"), Labels::builtin("es"));
        assert!(Labels::builtin("vi").is_none());
        assert_eq!(Labels::english().number(2), "two");
        assert_eq!(Labels::english().number(11), "11");
        assert_eq!(
            Labels::builtin("es").map(|l| l.threshold(1, false)),
            Some("al menos uno de los siguientes factores está presente".to_string())
        );
    }
}
