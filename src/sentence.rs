//! Protocol text set inside a sentence that protocolc builds around it ("when the
//! student has told staff", "instead of the student's parent"): its first letter in
//! lower case where that is safe, and in upper case where a sentence starts.
//!
//! A protocol writes its texts as sentences ("The student has told staff …"). Inside a
//! sentence, the first word keeps its capital only when it is a name: one of the
//! protocol's `proper_nouns`, an acronym or a word with a capital past its first letter
//! ("CPS", "McKinney"), a word with a digit, or "I". Every other capitalised first word is
//! an ordinary word at the start of the author's sentence, and is lowered.

use crate::model::{LinkedText, TextPart};

/// `text` with its first letter in upper case.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` as it reads after a word such as "when": "The student has told staff" →
/// "the student has told staff"; "CPS is called", "Maria is absent" (with "Maria" among
/// `proper_nouns`) and "I" unchanged.
pub(crate) fn mid_sentence(text: &str, proper_nouns: &[String]) -> String {
    if keeps_capital(text, proper_nouns) {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A contact's name as it reads inside a sentence ("call instead of the child's
/// carer"): lowered as [`mid_sentence`] says, unless a later word has a capital too
/// ("County of Orange Child Protective Services" is a name as a whole).
pub(crate) fn name_mid_sentence(name: &str, proper_nouns: &[String]) -> String {
    let named = name
        .split_whitespace()
        .skip(1)
        .any(|word| word.chars().next().is_some_and(char::is_uppercase));
    if named {
        name.to_string()
    } else {
        mid_sentence(name, proper_nouns)
    }
}

/// A step's text as it reads after its condition: "If appropriate, inform …". Only
/// the author's own words are lowered: a text that starts with a contact's field
/// (a name) keeps it.
pub(crate) fn linked_mid_sentence(text: &LinkedText, proper_nouns: &[String]) -> LinkedText {
    let starts_with_words = matches!(text.parts.first(), Some(TextPart::Literal(_)));
    if !starts_with_words || keeps_capital(&text.text, proper_nouns) {
        return text.clone();
    }
    let mut lowered = text.clone();
    lowered.text = mid_sentence(&text.text, &[]);
    if let Some(TextPart::Literal(first)) = lowered.parts.first_mut() {
        *first = mid_sentence(first, &[]);
    }
    lowered
}

/// Whether `text`'s first word is a name that keeps its capital inside a sentence
/// (also true when it does not start with a capital at all: nothing to lower).
pub(crate) fn keeps_capital(text: &str, proper_nouns: &[String]) -> bool {
    let word = first_word(text);
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return true;
    };
    if !first.is_uppercase() {
        return true;
    }
    let rest: Vec<char> = chars.collect();
    let pronoun_i = word == "I" || word.starts_with("I'") || word.starts_with("I’");
    let acronym_or_name = rest.iter().any(|c| c.is_uppercase() || c.is_ascii_digit());
    pronoun_i || acronym_or_name || starts_with_proper_noun(text, proper_nouns)
}

/// Whether `text` begins with one of `proper_nouns`, as whole words.
pub(crate) fn starts_with_proper_noun(text: &str, proper_nouns: &[String]) -> bool {
    proper_nouns.iter().any(|noun| {
        !noun.is_empty()
            && text
                .strip_prefix(noun.as_str())
                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    })
}

/// The first word of `text`: up to the first space or punctuation that ends a word
/// (an apostrophe or hyphen inside the word belongs to it).
fn first_word(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
        .map_or(text.len(), |(i, _)| i);
    text.get(..end).unwrap_or(text)
}

/// Titles in quotes as one list: "“A”, “B” or “C”" (`last` joins the last two).
pub(crate) fn quoted_list(titles: &[String], last: &str) -> String {
    let quoted: Vec<String> = titles.iter().map(|t| format!("“{t}”")).collect();
    listed(&quoted, last)
}

/// Items as one list: "A", "A or B", "A, B or C" (`last` joins the last two).
pub(crate) fn listed(items: &[String], last: &str) -> String {
    match items.split_last() {
        Some((final_item, rest)) if !rest.is_empty() => {
            format!("{} {last} {final_item}", rest.join(", "))
        }
        _ => items.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ordinary_first_word_is_lowered_inside_a_sentence() {
        let none: &[String] = &[];
        assert_eq!(
            mid_sentence("The student has told staff", none),
            "the student has told staff"
        );
        assert_eq!(mid_sentence("A parent is present", none), "a parent is present");
        assert_eq!(mid_sentence("El estudiante", none), "el estudiante");
        assert_eq!(
            mid_sentence("Student's age in years", none),
            "student's age in years"
        );
    }

    #[test]
    fn names_acronyms_and_i_keep_their_capital() {
        let names = vec!["Maria".to_string(), "Orange County".to_string()];
        assert_eq!(mid_sentence("CSEC is suspected", &names), "CSEC is suspected");
        assert_eq!(mid_sentence("CPS", &names), "CPS");
        assert_eq!(mid_sentence("I think so", &names), "I think so");
        assert_eq!(mid_sentence("I'm unsure", &names), "I'm unsure");
        assert_eq!(
            mid_sentence("McKinney-Vento applies", &names),
            "McKinney-Vento applies"
        );
        assert_eq!(mid_sentence("Maria is absent", &names), "Maria is absent");
        assert_eq!(mid_sentence("Orange County CPS", &names), "Orange County CPS");
        assert_eq!(mid_sentence("Oranges are sold", &names), "oranges are sold");
        assert_eq!(mid_sentence("Mariachi band", &names), "mariachi band");
        assert_eq!(mid_sentence("", &names), "");
        assert_eq!(mid_sentence("“Quoted”", &names), "“Quoted”");
    }

    #[test]
    fn a_contact_name_with_more_capitals_is_a_name_as_a_whole() {
        let none: &[String] = &[];
        assert_eq!(name_mid_sentence("The child's carer", none), "the child's carer");
        assert_eq!(name_mid_sentence("Principal", none), "principal");
        assert_eq!(
            name_mid_sentence("County of Orange Child Protective Services", none),
            "County of Orange Child Protective Services"
        );
    }

    #[test]
    fn capitalised_raises_the_first_letter_only() {
        assert_eq!(capitalised("el estudiante"), "El estudiante");
        assert_eq!(capitalised(""), "");
    }
}
