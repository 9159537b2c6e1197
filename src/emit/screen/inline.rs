//! The screening page's one script: the generated rule module and the page's own
//! behaviour as the text of a single inline `<script type="module">`, which the
//! browser runs from `file://` without a request of any kind; and its hash, for
//! the page's Content-Security-Policy.

use sha2::{Digest, Sha256};

/// The module's exports, made local: `export function assess(` becomes
/// `function assess(` inside a function that returns the exported names, so the
/// page script reads them as `rules.assess` and `rules.protocol` and no name of
/// the module's can clash with one of the page's. Then `ui` (the page's script)
/// after it. Only declarations exported at a line's start are understood (the
/// generated module writes its exports so); anything else is refused rather
/// than inlined half-rewritten.
pub(crate) fn page_script(module: &str, ui: &str) -> Result<String, String> {
    let mut body = String::with_capacity(module.len() + ui.len() + 200);
    let mut exported = Vec::new();
    for line in module.lines() {
        let Some(rest) = line.strip_prefix("export ") else {
            body.push_str(line);
            body.push('\n');
            continue;
        };
        let name = ["function ", "async function ", "const ", "let ", "class "]
            .iter()
            .find_map(|keyword| rest.strip_prefix(keyword))
            .map(|after| {
                after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
                    .collect::<String>()
            })
            .filter(|name| !name.is_empty())
            .ok_or_else(|| format!("the rule module's export `{}` cannot be inlined", line.trim()))?;
        exported.push(name);
        body.push_str(rest);
        body.push('\n');
    }
    if exported.is_empty() {
        return Err("the rule module exports nothing".to_string());
    }
    let script = format!(
        "\nconst rules = (() => {{\n{body}return Object.freeze({{ {} }});\n}})();\n\n{ui}",
        exported.join(", ")
    );
    Ok(safe_in_script_element(&script))
}

/// Script text that cannot end its `<script>` element early: `</script` and
/// `<!--` (which would put the HTML parser in its "escaped" state) have their
/// `<` written `\x3C`. They can only occur inside the script's strings,
/// comments and regular expressions, where `\x3C` means the same `<`.
fn safe_in_script_element(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    let mut rest = script;
    while let Some(at) = rest.find('<') {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at + 1..).unwrap_or_default();
        let closes = after.get(..7).is_some_and(|s| s.eq_ignore_ascii_case("/script"));
        if closes || after.starts_with("!--") {
            out.push_str("\\x3C");
        } else {
            out.push('<');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The CSP source that allows exactly this inline script: `'sha256-…'`.
pub(crate) fn csp_hash(script: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(script.as_bytes())))
}

/// Standard base64 with padding (RFC 4648), as CSP hashes are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let symbol = |six: u32| char::from(ALPHABET.get((six & 63) as usize).copied().unwrap_or(b'A'));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_become_the_names_the_page_reads() {
        let module = "// generated\nexport const protocol = Object.freeze({});\nfunction helper() {}\nexport function assess(o) { return helper(o); }\n";
        let script = page_script(module, "rules.assess({});\n").unwrap_or_default();
        assert!(script.contains("const protocol = Object.freeze({});"));
        assert!(script.contains("function assess(o)"));
        assert!(script.contains("return Object.freeze({ protocol, assess });"));
        assert!(!script.contains("export "));
        assert!(script.ends_with("rules.assess({});\n"));
    }

    #[test]
    fn an_export_that_cannot_be_rewritten_is_refused() {
        assert!(page_script("export default 1;\n", "").is_err());
        assert!(page_script("export { a };\n", "").is_err());
        assert!(page_script("const a = 1;\n", "").is_err());
    }

    #[test]
    fn protocol_text_cannot_end_the_script_element() {
        let module = "export const protocol = \"</script><script>alert(1)</SCRIPT> <!-- a < b\";\n";
        let script = page_script(module, "").unwrap_or_default();
        assert!(!script.to_ascii_lowercase().contains("</script"));
        assert!(!script.contains("<!--"));
        assert!(script.contains("\\x3C/script><script>alert(1)\\x3C/SCRIPT> \\x3C!-- a < b"));
    }

    #[test]
    fn hashes_are_written_as_csp_wants_them() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }
}
