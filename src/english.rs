//! English words of protocolc's own messages (diagnostics, the CLI's summaries,
//! the evaluator's explanations). The handout's and flowchart's words come from
//! [`crate::labels`] instead, so they can be translated.

/// A count and its noun: "1 factor", "3 factors", "0 warnings" (the noun takes an `s`).
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_is_singular_every_other_count_plural() {
        assert_eq!(plural(1, "factor"), "1 factor");
        assert_eq!(plural(0, "warning"), "0 warnings");
        assert_eq!(plural(12, "more error"), "12 more errors");
    }
}
