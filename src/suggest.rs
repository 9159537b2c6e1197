//! "Did you mean …?": the closest known name to a misspelt one, by edit distance.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= limit || (c.starts_with(word) && word.len() >= 3))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// A hint for a name that is not known: "did you mean `x`?" when one is close,
/// else `{owner} {what}s are `a`, `b`` (or `{none}` when there are none).
pub(crate) fn hint(word: &str, known: &[&str], owner: &str, what: &str, none: &str) -> String {
    match closest(word, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if known.is_empty() => none.to_string(),
        None => format!(
            "{owner} {what}s are {}",
            known
                .iter()
                .enumerate()
                .filter(|(i, k)| !known.get(..*i).is_some_and(|before| before.contains(k)))
                .map(|(_, k)| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
