//! Rust names for protocol ids: `at_risk_2` → `AtRisk2`, deterministic for any id.
//!
//! Ids are letters, digits and `_`, so the only hazards are a leading digit, a
//! keyword, and two ids that become the same name after case conversion. A
//! leading digit gets a prefix (`2nd_visit` → `N2ndVisit`), a keyword gets a
//! suffix (`self` → `SelfItem`), and a clash gets a number in file order
//! (`at_risk`, `at__risk` → `AtRisk`, `AtRisk2`).

/// `UpperCamelCase` names for `ids`, in order, all distinct and valid.
pub fn type_names<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for id in ids {
        let base = camel(id);
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        taken.push(name.clone());
        out.push(name);
    }
    out
}

fn camel(id: &str) -> String {
    let mut out = String::new();
    for word in id.split('_').filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(&chars.as_str().to_ascii_lowercase());
        }
    }
    if out.is_empty() {
        out.push_str("Item");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    // Of Rust's keywords, only `Self` is written in UpperCamelCase.
    if out == "Self" {
        out.push_str("Item");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_idiomatic_and_distinct() {
        let ids = [
            "at_risk_2",
            "csec",
            "2nd_visit",
            "self",
            "_",
            "at__risk",
            "AtRisk",
            "at_risk",
            "ATRISK",
        ];
        assert_eq!(
            type_names(ids),
            [
                "AtRisk2",
                "Csec",
                "N2ndVisit",
                "SelfItem",
                "Item",
                "AtRisk",
                "Atrisk",
                "AtRisk3",
                "Atrisk2"
            ]
        );
    }
}
