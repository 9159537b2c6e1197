//! `protocolc new COUNTY [--base FILE]`: the text of a new county variant, for a
//! county coordinator to fill in — of the California base (with its own words),
//! or of any base (from what that base asks for). The CLI decides where it goes.
//!
//! The new file checks clean except for the phone numbers of the contacts the base
//! asks for, left as `FILL IN` so that `protocolc check` points at each (P0208)
//! until the coordinator writes the county's real numbers.

/// Where the California base lives, relative to the repository root.
pub(crate) const CALIFORNIA_BASE: &str = "protocols/california/csec-educators.protocol";

/// The file name of a county's protocol for educators inside its folder.
pub(crate) const FILE_NAME: &str = "csec-educators.protocol";

/// What the coordinator replaces with the county's hotline number.
pub(crate) const FILL_IN: &str = "FILL IN";

/// The county's name as it goes into text: trimmed, inner spaces collapsed, and
/// a trailing "County" taken off ("San Diego County" → "San Diego"), since the
/// texts add it.
pub(crate) fn county_name(typed: &str) -> String {
    let words: Vec<&str> = typed.split_whitespace().collect();
    let words = match words.split_last() {
        Some((last, rest)) if last.eq_ignore_ascii_case("county") && !rest.is_empty() => rest,
        _ => words.as_slice(),
    };
    words.join(" ")
}

/// The county's folder name: lowercase letters and digits, words joined by `-`
/// ("San Diego" → `san-diego`, "St. Mary's" → `st-mary-s`). Empty when the name
/// has no letters or digits.
pub(crate) fn slug(county: &str) -> String {
    let mut slug = String::new();
    for c in county.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Writes `text` as it goes inside double quotes in a protocol file.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The new variant's text for `county` (as given by [`county_name`]), whose file
/// reaches the California base by `base_path` (relative to the new file's folder,
/// `/` separators, e.g. `../california/csec-educators.protocol`).
pub(crate) fn variant_text(county: &str, base_path: &str) -> String {
    let title = quoted(&format!(
        "Commercial Sexual Exploitation of Children (CSEC) Protocol for {county} County Educators"
    ));
    let jurisdiction = quoted(&format!("{county} County, California"));
    let cps_name = quoted(&format!("{county} County Child Protective Services"));
    let base = quoted(base_path);
    let fill_in = quoted(FILL_IN);
    format!(
        r#"// {county} County: what school staff do about the commercial sexual exploitation
// of children (CSEC). Made by `protocolc new`; change it to fit your county.
//
// Lines that start with // are notes for people; protocolc skips them.
//
// HOW THIS FILE WORKS
// It builds on the California protocol ({base_path}),
// which every county shares: the definitions, the legal basis, the at-risk
// criteria from the California Department of Social Services, and the steps staff
// follow. All of that is part of {county} County's protocol without being copied
// here. This file holds only what is {county} County's own. When the California
// file changes, {county} County's protocol changes with it.
//
// TO DO BEFORE USE
// 1. Write your Child Protective Services hotline number where it says FILL IN
//    below, and check the office's name. Until then `protocolc check` reports an
//    error that points at that line.
// 2. Read the title and the place below, and change the words if your county
//    says them differently.
// 3. Run `protocolc check` on this file; `protocolc test`, which runs the
//    California file's example cases (its scenarios) on your version; then
//    `protocolc build` to make the handout, the flowchart and the rest.
//
// WHAT YOUR COUNTY MAY CHANGE
// You may add your own contacts and resources, reword a step, add a step, or
// remove one. You may not remove or reword the mandated-report steps: the law
// requires them, so protocolc refuses. To see how each change is written, look
// at protocols/examples/example-county/csec-educators.protocol, a made-up county
// that makes every kind of change. `protocolc diff` on this file lists what it
// changes compared with the California protocol.

// The protocol's name and where it applies. You may also set `version "…"` and
// `effective YYYY-MM-DD` (the date it takes effect) here; until you do, the
// California file's are used.
protocol csec_educators extends {base} {{
  title        {title}
  jurisdiction {jurisdiction}
}}

// Your county's Child Protective Services: where staff make a mandated report.
// Its name and number are printed in the steps, on the handout and on the
// flowchart. Write the number as staff dial it, e.g. "800-207-4464".
contact cps {{
  name  {cps_name}
  phone {fill_in}
}}
"#
    )
}

/// What a variant of any base must say: read from the compiled base.
pub(crate) struct BaseOutline {
    /// The base's protocol name, which the variant keeps.
    pub id: String,
    pub title: String,
    /// Each contact the base asks a variant to supply: its name and what the
    /// base says it is (`parameter "…"`).
    pub parameters: Vec<(String, String)>,
}

/// The new variant's text for `county` (as typed, trimmed) of the base outlined
/// in `base`, whose file it reaches by `base_path` (relative to the new file's
/// folder, `/` separators).
pub(crate) fn variant_of_any_base(county: &str, base_path: &str, base: &BaseOutline) -> String {
    let mut text = format!(
        r#"// {county}: its version of "{title}".
// Made by `protocolc new`; change it to fit {county}.
//
// Lines that start with // are notes for people; protocolc skips them.
//
// HOW THIS FILE WORKS
// It builds on the shared protocol in {base_path}.
// Everything in that file is part of {county}'s protocol without being copied
// here; this file holds only what is {county}'s own. When the shared file
// changes, {county}'s protocol changes with it.
//
// TO DO BEFORE USE
// 1. Fill in each contact below where it says FILL IN: the name, and the number
//    as staff dial it. Until then `protocolc check` reports an error at each.
// 2. Read the title and the place below, and change the words to fit.
// 3. Run `protocolc check` on this file; `protocolc test`, which runs the shared
//    protocol's example cases (its scenarios) on your version; then
//    `protocolc build` to make the handout, the flowchart and the rest.
// `protocolc diff` on this file lists what it changes compared with the shared
// protocol.

protocol {id} extends {base} {{
  title        {quoted_title}
  jurisdiction {jurisdiction}
}}
"#,
        title = base.title,
        id = base.id,
        base = quoted(base_path),
        quoted_title = quoted(&format!("{} ({county})", base.title)),
        jurisdiction = quoted(county),
    );
    if base.parameters.is_empty() {
        text.push_str(
            "\n// The shared protocol asks for no contacts of its own. Add yours here, e.g.\n\
             // contact office {\n//   name  \"…\"\n//   phone \"…\"\n// }\n",
        );
    }
    for (id, asks) in &base.parameters {
        let asks = asks.replace('\n', " ");
        text.push_str(&format!(
            "\n// The shared protocol asks for: {asks}.\ncontact {id} {{\n  name  {fill_in}\n  phone {fill_in}\n}}\n",
            fill_in = quoted(FILL_IN)
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn county_names_become_folder_names() {
        assert_eq!(slug("San Diego"), "san-diego");
        assert_eq!(slug("  St. Mary's  "), "st-mary-s");
        assert_eq!(slug("San Luis Obispo"), "san-luis-obispo");
        assert_eq!(slug("..."), "");
        assert_eq!(county_name("San Diego County"), "San Diego");
        assert_eq!(county_name(" Orange   county "), "Orange");
        assert_eq!(county_name("County"), "County");
    }

    #[test]
    fn names_with_quotes_are_escaped() {
        let text = variant_text("A \"B\" {C}", "../california/csec-educators.protocol");
        assert!(text.contains(r#"jurisdiction "A \"B\" \{C\} County, California""#));
    }
}
