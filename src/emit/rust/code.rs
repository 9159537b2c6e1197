//! How the generated Rust is laid out: string literals (`{:?}` of any text is a valid
//! literal) continued over lines with `\`, doc comments from protocol text, values
//! written on one line when they fit and one part a line when not, and conditions
//! broken before `||` and `&&`, so that no line passes [`WIDTH`] characters where
//! the protocol's ids allow it.

use crate::emit::handout::markdown;

/// The longest line the generator writes.
pub(super) const WIDTH: usize = 100;

/// Width in characters, not bytes.
fn width(text: &str) -> usize {
    text.chars().count()
}

/// `n` spaces.
pub(super) fn pad(n: usize) -> String {
    " ".repeat(n)
}

/// A Rust string literal for any text, on one line.
pub(super) fn lit(text: &str) -> String {
    format!("{text:?}")
}

/// `text` cut into pieces, each as long as `fits(piece number, piece)` allows (a piece
/// too long to cut stays whole). A cut comes after a space that follows a word and
/// before an ASCII letter, so no piece starts with a space or with anything Markdown
/// could read as a list or a heading, and no piece ends in two spaces.
fn cut(text: &str, fits: impl Fn(usize, &str) -> bool) -> Vec<&str> {
    cut_after(text, ' ', fits)
}

/// [`cut`], with cuts after `mark` (a space, or `/` in a path).
fn cut_after(text: &str, mark: char, fits: impl Fn(usize, &str) -> bool) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while !fits(pieces.len(), rest) {
        let cuts: Vec<(&str, &str)> = rest
            .char_indices()
            .filter(|&(_, c)| c == mark)
            .filter_map(|(i, _)| rest.split_at_checked(i + 1))
            .filter(|(head, tail)| {
                !head.ends_with("  ") && head.len() > 1 && tail.starts_with(|n: char| n.is_ascii_alphabetic())
            })
            .collect();
        let best = cuts
            .iter()
            .rev()
            .find(|(head, _)| fits(pieces.len(), head))
            .or(cuts.first());
        let Some(&(head, tail)) = best else {
            break;
        };
        pieces.push(head);
        rest = tail;
    }
    pieces.push(rest);
    pieces
}

/// `text` escaped as inside a string literal.
fn escaped(text: &str) -> String {
    let quoted = lit(text);
    let inner = quoted.strip_prefix('"').and_then(|q| q.strip_suffix('"'));
    inner.unwrap_or(&quoted).to_string()
}

/// The literal for `text` starting at column `column`, continued (`\` at the end of a
/// line) on lines indented by `indent`, leaving `reserve` columns after its last line.
pub(super) fn literal(text: &str, column: usize, indent: usize, reserve: usize) -> String {
    if column + width(&lit(text)) + reserve <= WIDTH {
        return lit(text);
    }
    // Each line ends in `\` or in the closing `"` and what follows it.
    let fits = |n: usize, piece: &str| {
        let start = if n == 0 { column + 1 } else { indent };
        start + width(&escaped(piece)) + 1 + reserve <= WIDTH
    };
    // Text at spaces; a path, which has none, at its `/`s.
    let mark = if text.contains(' ') { ' ' } else { '/' };
    let pieces = cut_after(text, mark, fits);
    let joined: Vec<String> = pieces.iter().map(|p| escaped(p)).collect();
    format!("\"{}\"", joined.join(&format!("\\\n{}", pad(indent))))
}

/// Doc comment lines for protocol text (Markdown-escaped, so rustdoc shows it
/// literally) at `indent`: `///` where the text needs no escaping in Rust, else
/// `#[doc = "…"]`.
pub(super) fn doc_lines(text: &str, indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for line in markdown::escape(text).split('\n') {
        let plain = lit(line) == format!("\"{}\"", line.replace('\\', "\\\\").replace('"', "\\\""))
            && !line.starts_with('/');
        if plain {
            for piece in cut(line, |_, p| indent + 4 + width(p) <= WIDTH) {
                lines.push(format!("{}/// {}", pad(indent), piece.trim_end()));
            }
        } else {
            for piece in cut(line, |_, p| indent + 11 + width(&lit(p)) <= WIDTH) {
                lines.push(format!("{}#[doc = {}]", pad(indent), lit(piece.trim_end())));
            }
        }
    }
    lines
}

/// `///` lines at `indent` for the generator's own words (written as they are).
pub(super) fn comment_lines(text: &str, indent: usize) -> Vec<String> {
    cut(text, |_, p| indent + 4 + width(p) <= WIDTH)
        .into_iter()
        .map(|piece| format!("{}/// {}", pad(indent), piece.trim_end()))
        .collect()
}

/// A value in generated code, laid out where it is written.
pub(super) enum Value {
    /// Code written as it is.
    Code(String),
    /// Text as a string literal between two pieces of code, e.g. `Some(` and `)`.
    Text(String, String, &'static str),
    /// `open item, item close` (e.g. `&[`, `]`).
    List(String, Vec<Value>, &'static str),
    /// A struct literal: its name and fields.
    Struct(&'static str, Vec<(&'static str, Value)>),
}

impl Value {
    /// Code written as it is.
    pub(super) fn code(code: impl Into<String>) -> Value {
        Value::Code(code.into())
    }

    /// Text as a string literal.
    pub(super) fn text(text: &str) -> Value {
        Value::Text(String::new(), text.to_string(), "")
    }

    /// Text as a string literal between two pieces of code.
    pub(super) fn text_in(open: impl Into<String>, text: &str, close: &'static str) -> Value {
        Value::Text(open.into(), text.to_string(), close)
    }

    /// `open item, item close`.
    pub(super) fn list(
        open: impl Into<String>,
        items: impl IntoIterator<Item = Value>,
        close: &'static str,
    ) -> Value {
        Value::List(open.into(), items.into_iter().collect(), close)
    }

    /// `Some("text")` or `None`.
    pub(super) fn optional_text(text: Option<&str>) -> Value {
        match text {
            Some(text) => Value::text_in("Some(", text, ")"),
            None => Value::code("None"),
        }
    }

    /// `&[a, b]` of code.
    pub(super) fn slice(items: impl IntoIterator<Item = String>) -> Value {
        Value::list("&[", items.into_iter().map(Value::Code), "]")
    }

    /// The value on one line.
    fn flat(&self) -> String {
        match self {
            Value::Code(code) => code.clone(),
            Value::Text(open, text, close) => format!("{open}{}{close}", lit(text)),
            Value::List(open, items, close) => {
                let items: Vec<String> = items.iter().map(Value::flat).collect();
                format!("{open}{}{close}", items.join(", "))
            }
            Value::Struct(name, fields) => {
                let fields: Vec<String> = fields.iter().map(|(f, v)| format!("{f}: {}", v.flat())).collect();
                format!("{name} {{ {} }}", fields.join(", "))
            }
        }
    }

    /// The value starting at `column` on a line indented by `indent`, with `reserve`
    /// columns after it (a `,`, a `)`).
    pub(super) fn render(&self, column: usize, indent: usize, reserve: usize) -> String {
        let flat = self.flat();
        if column + width(&flat) + reserve <= WIDTH && !flat.contains('\n') {
            return flat;
        }
        let inner = indent + 4;
        match self {
            Value::Code(code) => code.clone(),
            Value::Text(open, text, close) => format!(
                "{open}{}{close}",
                literal(text, column + width(open), inner, reserve + width(close))
            ),
            Value::List(open, items, close) => {
                let mut out = format!("{open}\n");
                for item in items {
                    out.push_str(&format!("{}{},\n", pad(inner), item.render(inner, inner, 1)));
                }
                format!("{out}{}{close}", pad(indent))
            }
            Value::Struct(name, fields) => {
                let mut out = format!("{name} {{\n");
                for (field, value) in fields {
                    let at = inner + width(field) + 2;
                    out.push_str(&format!(
                        "{}{field}: {},\n",
                        pad(inner),
                        value.render(at, inner, 1)
                    ));
                }
                format!("{out}{}}}", pad(indent))
            }
        }
    }
}

/// `keyword a || b {` (or `&&`) at `indent`: on one line when it fits, else one
/// operand a line, each continued line opening with the operator, and `{` alone.
pub(super) fn condition(indent: usize, keyword: &str, operands: &[String], operator: &str) -> String {
    let one = operands.join(&format!(" {operator} "));
    let line = format!("{}{keyword} {one} {{", pad(indent));
    if width(&line) <= WIDTH {
        return line;
    }
    let first = operands.first().map_or("", String::as_str);
    if operands.len() < 2 {
        let start = format!("{}{keyword} ", pad(indent));
        return format!("{start}{} {{", expand(first, width(&start), indent, 2));
    }
    let start = format!("{}{keyword} ", pad(indent));
    let mut out = format!("{start}{}", expand(first, width(&start), indent, 0));
    for operand in operands.iter().skip(1) {
        let start = format!("{}{operator} ", pad(indent + 4));
        out.push_str(&format!(
            "\n{start}{}",
            expand(operand, width(&start), indent + 4, 0)
        ));
    }
    // `} else if` closes a block on the same line; the block it opens starts at `indent`.
    format!("{out}\n{}{{", pad(indent))
}

/// An operand starting at `column` on a line indented by `indent`: as it is when it fits,
/// else a `matches!(value, pattern)` with its two parts on lines of their own.
pub(super) fn expand(operand: &str, column: usize, indent: usize, reserve: usize) -> String {
    let (not, rest) = match operand.strip_prefix('!') {
        Some(rest) => ("!", rest),
        None => ("", operand),
    };
    let parts = rest
        .strip_prefix("matches!(")
        .and_then(|r| r.strip_suffix(')'))
        .and_then(|r| r.split_once(", "));
    match parts {
        Some((value, pattern)) if column + width(operand) + reserve > WIDTH => {
            let inner = pad(indent + 4);
            format!(
                "{not}matches!(\n{inner}{value},\n{inner}{}\n{})",
                or_pattern(pattern, indent + 4),
                pad(indent)
            )
        }
        _ => operand.to_string(),
    }
}

/// A pattern starting at column `indent`: on one line when it fits, else a
/// `Some(A | B | …)` with one alternative a line, as rustfmt breaks it.
fn or_pattern(pattern: &str, indent: usize) -> String {
    let alternatives = pattern
        .strip_prefix("Some(")
        .and_then(|p| p.strip_suffix(')'))
        .map(|p| p.split(" | ").collect::<Vec<_>>());
    match alternatives {
        Some(alternatives) if indent + width(pattern) > WIDTH && alternatives.len() > 1 => {
            let mut out = String::from("Some(");
            for (i, alternative) in alternatives.iter().enumerate() {
                let lead = if i == 0 { "" } else { "| " };
                let depth = if i == 0 { indent + 4 } else { indent + 8 };
                out.push_str(&format!("\n{}{lead}{alternative}", pad(depth)));
            }
            format!("{out}\n{})", pad(indent))
        }
        _ => pattern.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_becomes_a_continued_literal_that_reads_back_the_same() {
        let text = "History of running away, unstable housing, multiple foster care placements, \
                    homelessness, and couch surfing \"quoted\" and a \\ backslash";
        let written = literal(text, 40, 16, 2);
        assert!(written.lines().count() > 1);
        assert!(written.lines().all(|l| width(l) <= WIDTH));
        // What rustc reads: each `\` + newline + indent is dropped.
        let mut read = String::new();
        for (i, line) in written.lines().enumerate() {
            let line = if i == 0 { line } else { line.trim_start() };
            read.push_str(line.strip_suffix('\\').unwrap_or(line));
        }
        assert_eq!(read, lit(text));
    }

    #[test]
    fn a_long_or_pattern_has_one_alternative_a_line() {
        let names: Vec<String> = (0..5).map(|n| format!("Level::Crit1Lv{n}")).collect();
        let operand = format!(
            "matches!(levels[Criteria::Crit1.index()], Some({}))",
            names.join(" | ")
        );
        let written = expand(&operand, 12, 8, 0);
        assert!(written.lines().all(|l| width(l) <= WIDTH), "{written}");
        assert_eq!(
            written
                .lines()
                .filter(|l| l.trim_start().starts_with("| Level::"))
                .count(),
            4
        );
        // The same tokens as the one-line form.
        let tokens = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(tokens(&written), tokens(&operand));
    }

    #[test]
    fn doc_lines_wrap_and_escape() {
        let text = "word ".repeat(40) + "- not a list";
        let lines = doc_lines(&text, 4);
        assert!(lines.len() > 1 && lines.iter().all(|l| width(l) <= WIDTH));
        assert!(lines
            .iter()
            .all(|l| !l.trim_start().trim_start_matches("///").starts_with(" -")));
        assert_eq!(doc_lines("a \u{202e} b", 0), ["#[doc = \"a \\u{202e} b\"]"]);
    }
}
