//! Turns a string literal as written into [`Text`]: escapes undone, triple-quoted
//! text dedented and folded, and `{contact.field}` placeholders split out.

use super::ast::{Ident, Segment, Text};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Which kind of literal the body came from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quotes {
    /// `"…"`: one line, taken as written.
    Single,
    /// `"""…"""`: lines are joined with one space; an empty line starts a new paragraph.
    Triple,
}

/// Cooks the body of a string literal (between the quotes), which starts at byte
/// `offset` of `file`. `span` is the whole literal.
pub(crate) fn cook(
    body: &str,
    offset: usize,
    file: FileId,
    span: Span,
    quotes: Quotes,
    diagnostics: &mut Vec<Diagnostic>,
) -> Text {
    let mut cooker = Cooker {
        file,
        segments: Vec::new(),
        diagnostics,
    };
    match quotes {
        Quotes::Single => cooker.piece(body, offset),
        Quotes::Triple => {
            let mut pending_break = false;
            let mut first = true;
            for (line, line_offset) in lines_with_offsets(body, offset) {
                let trimmed = line.trim();
                if trimmed.is_empty() {
                    pending_break = !first;
                    continue;
                }
                if !first {
                    cooker.literal(if pending_break { "\n\n" } else { " " });
                }
                pending_break = false;
                first = false;
                let lead = line.len() - line.trim_start().len();
                cooker.piece(trimmed, line_offset + lead);
            }
        }
    }
    Text {
        segments: cooker.segments,
        span,
    }
}

/// Each line of `body` (without its line break) and the byte offset where it starts.
fn lines_with_offsets(body: &str, offset: usize) -> impl Iterator<Item = (&str, usize)> {
    let mut start = offset;
    body.split('\n').map(move |line| {
        let here = start;
        start += line.len() + 1;
        (line.strip_suffix('\r').unwrap_or(line), here)
    })
}

struct Cooker<'d> {
    file: FileId,
    segments: Vec<Segment>,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Cooker<'_> {
    fn literal(&mut self, s: &str) {
        if let Some(Segment::Literal(last)) = self.segments.last_mut() {
            last.push_str(s);
        } else {
            self.segments.push(Segment::Literal(s.to_string()));
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start..end)
    }

    /// Cooks one run of text (one line, for triple quotes) starting at byte `offset`.
    fn piece(&mut self, raw: &str, offset: usize) {
        let mut chars = raw.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    let Some((j, next)) = chars.next() else {
                        self.literal("\\");
                        continue;
                    };
                    let cooked = match next {
                        '"' => "\"",
                        '\\' => "\\",
                        '{' => "{",
                        '}' => "}",
                        'n' => "\n",
                        't' => "\t",
                        _ => {
                            let span = self.span(offset + i, offset + j + next.len_utf8());
                            self.diagnostics.push(
                                Diagnostic::error(
                                    Code::BadEscape,
                                    format!("unknown escape `\\{next}` in text"),
                                )
                                .at(span, "not an escape protocolc knows")
                                .help(
                                    "write `\\\\` for a backslash; the escapes are \\\" \\\\ \\{ \\} \\n \\t",
                                ),
                            );
                            ""
                        }
                    };
                    self.literal(cooked);
                }
                '{' => {
                    let rest = raw.get(i + 1..).unwrap_or("");
                    match rest.find(['}', '{', '"']) {
                        Some(close) if rest.get(close..close + 1) == Some("}") => {
                            let inner = rest.get(..close).unwrap_or("");
                            let inner_start = offset + i + 1;
                            self.placeholder(inner, inner_start);
                            // Skip the placeholder's characters.
                            while let Some(&(k, _)) = chars.peek() {
                                if k > i + close + 1 {
                                    break;
                                }
                                chars.next();
                            }
                        }
                        _ => {
                            let span = self.span(offset + i, offset + i + 1);
                            self.diagnostics.push(
                                Diagnostic::error(Code::BadPlaceholder, "a `{` that is never closed")
                                    .at(span, "this `{` starts a placeholder")
                                    .help("a placeholder looks like `{cps.phone}`; for a literal brace write `\\{`"),
                            );
                            self.literal("{");
                        }
                    }
                }
                '}' => {
                    let span = self.span(offset + i, offset + i + 1);
                    self.diagnostics.push(
                        Diagnostic::error(Code::BadPlaceholder, "a `}` without a `{` before it")
                            .at(span, "nothing opened this")
                            .help("for a literal brace write `\\}`"),
                    );
                    self.literal("}");
                }
                c if c.is_control() && c != '\t' => {
                    let span = self.span(offset + i, offset + i + c.len_utf8());
                    self.diagnostics.push(control_character(c, span));
                }
                _ => {
                    let mut buf = [0u8; 4];
                    self.literal(c.encode_utf8(&mut buf));
                }
            }
        }
    }

    /// `contact.field` between braces, starting at byte `start`.
    fn placeholder(&mut self, inner: &str, start: usize) {
        let is_name = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let parts = inner.split_once('.');
        match parts {
            Some((contact, field)) if is_name(contact) && is_name(field) => {
                let contact_span = self.span(start, start + contact.len());
                let field_start = start + contact.len() + 1;
                let field_span = self.span(field_start, field_start + field.len());
                self.segments.push(Segment::Placeholder {
                    contact: Ident {
                        name: contact.to_string(),
                        span: contact_span,
                    },
                    field: Ident {
                        name: field.to_string(),
                        span: field_span,
                    },
                });
            }
            _ => {
                let span = self.span(start.saturating_sub(1), start + inner.len() + 1);
                let help = if is_name(inner) {
                    format!("name a field of the contact, e.g. `{{{inner}.phone}}` or `{{{inner}.name}}`")
                } else {
                    "a placeholder looks like `{cps.phone}`; for literal braces write `\\{` and `\\}`"
                        .to_string()
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::BadPlaceholder,
                        format!("`{{{inner}}}` is not a placeholder"),
                    )
                    .at(span, "expected `{contact.field}`")
                    .help(help),
                );
                self.literal(&format!("{{{inner}}}"));
            }
        }
    }
}

/// A control character (other than tab) written into text: invisible in an editor,
/// it would print as a box, move the terminal's cursor or colour, or break a line of
/// the handout. A line break belongs in triple-quoted text, or as `\n`.
fn control_character(c: char, span: Span) -> Diagnostic {
    let code = u32::from(c);
    let name = match c {
        '\r' => " (carriage return)".to_string(),
        '\u{1b}' => " (escape)".to_string(),
        '\0' => " (null)".to_string(),
        '\u{7}' => " (bell)".to_string(),
        '\u{7f}' => " (delete)".to_string(),
        _ => String::new(),
    };
    Diagnostic::error(
        Code::ControlCharacter,
        format!("text holds the control character U+{code:04X}{name}"),
    )
    .at(span, "an invisible character here")
    .help(
        "delete it (it was probably pasted in with the text); for a line break use triple-quoted \
         text or `\\n`, for a tab `\\t`",
    )
}
