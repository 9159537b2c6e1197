//! `protocolc explain CODE`: what a diagnostic code means, in plain words, why
//! protocolc reports it, an example that triggers it and how to fix it, as
//! `rustc --explain` does.
//!
//! The explanations are Markdown files, one per code, in `docs/codes/` (e.g.
//! `docs/codes/P0101.md`), compiled into the binary. Each holds an example in a
//! fenced ```` ```protocol ```` block that the tests compile to check it really
//! triggers its code (`tests/authoring.rs`).

use crate::diagnostic::Code;

macro_rules! explanations {
    ($($code:ident)*) => {
        /// Every explanation, by code.
        const EXPLANATIONS: &[(&str, &str)] = &[
            $((stringify!($code), include_str!(concat!("../docs/codes/", stringify!($code), ".md"))),)*
        ];
    };
}

explanations! {
    P0001 P0002 P0003 P0004 P0005 P0006 P0007 P0008
    P0101 P0102 P0103 P0104 P0105 P0106 P0107 P0108 P0109 P0110
    P0111 P0112 P0113 P0114 P0115 P0116 P0117 P0118 P0119 P0120 P0121 P0122 P0129
    P0130 P0131 P0132 P0133 P0134 P0135 P0136 P0137 P0138
    P0150 P0151 P0152 P0153
    P0160 P0161 P0162 P0163 P0164
    P0170 P0171 P0172 P0173 P0174 P0175
    P0180 P0181 P0182 P0190
    P0140 P0141 P0142 P0143 P0144 P0145 P0146 P0147
    P0201 P0202 P0203 P0204 P0205 P0206 P0207 P0208 P0209 P0210 P0211 P0212 P0213
    P0220 P0221 P0222 P0223 P0224 P0225 P0226
    P0230 P0231 P0234 P0235 P0236 P0237
    P0301 P0302 P0303 P0304 P0305 P0306 P0310 P0311 P0315 P0316 P0320 P0321 P0330 P0335 P0340 P0345 P0350 P0355
    P0401
}

/// The explanation of a code (Markdown), if it has one.
pub fn explanation(code: Code) -> Option<&'static str> {
    EXPLANATIONS
        .iter()
        .find(|(c, _)| *c == code.as_str())
        .map(|(_, text)| *text)
}

/// Reads a code as a person may type it: `P0101`, `p0101`, `0101` or `101`.
pub fn parse_code(text: &str) -> Option<Code> {
    let text = text.trim();
    let digits = text
        .strip_prefix('P')
        .or_else(|| text.strip_prefix('p'))
        .unwrap_or(text);
    if digits.is_empty() || digits.len() > 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let wanted = format!("P{digits:0>4}");
    Code::ALL.iter().copied().find(|c| c.as_str() == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_people_type_them() {
        for typed in ["P0101", "p0101", "0101", "101", " P0101 "] {
            assert_eq!(parse_code(typed), Some(Code::UnknownName), "{typed:?}");
        }
        for typed in ["", "P", "P0999", "P01010", "PP0101", "P01x1", "E0101"] {
            assert_eq!(parse_code(typed), None, "{typed:?}");
        }
    }
}
