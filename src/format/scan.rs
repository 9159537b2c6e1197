//! A lexical scan of protocol text for what the syntax tree drops: `//` comments
//! (where they are, and whether code or a blank line stands beside them) and the
//! positions of words and braces, so the printer can place comments and blocks.
//!
//! Text in quotes, triple-quoted text and escapes are skipped, so a `//` or a brace
//! inside text is not mistaken for a comment or a block.

/// A `//` comment as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Comment {
    /// Byte offset of its `//`.
    pub offset: usize,
    /// From `//` to the end of its line, without trailing whitespace.
    pub text: String,
    /// Only whitespace precedes it on its line.
    pub own_line: bool,
    /// An empty line separates it from what comes before it.
    pub blank_before: bool,
    /// An empty line separates it from what comes after it.
    pub blank_after: bool,
}

/// What kind of token starts at an offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Token {
    /// A run of letters, digits and `_` (a keyword, name, number or part of a date).
    Word,
    /// Text in quotes (at its opening quote).
    Text,
    Open,
    Close,
    /// Any other character: `,`, `(`, `)`, `-`.
    Other,
}

/// The result of [`scan`].
#[derive(Clone, Debug, Default)]
pub(super) struct Scan {
    pub comments: Vec<Comment>,
    /// Every token outside comments, by offset.
    pub tokens: Vec<(usize, Token)>,
    /// Each `{` with its matching `}`, by the offset of the `{`.
    pub braces: Vec<(usize, usize)>,
}

impl Scan {
    /// The first token at or after `offset`.
    pub(super) fn next_token(&self, offset: usize) -> Option<(usize, Token)> {
        let i = self.tokens.partition_point(|&(at, _)| at < offset);
        self.tokens.get(i).copied()
    }

    /// The start of the last word before `offset` (the keyword in front of a name).
    pub(super) fn word_before(&self, offset: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|&(at, _)| at < offset);
        self.tokens
            .get(..i)
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|(_, t)| *t == Token::Word)
            .map(|&(at, _)| at)
    }

    /// The block that opens at the first token at or after `offset`, if that token
    /// is a `{`: the offsets of its `{` and of its matching `}`.
    pub(super) fn block_at(&self, offset: usize) -> Option<(usize, usize)> {
        match self.next_token(offset)? {
            (open, Token::Open) => {
                let i = self.braces.partition_point(|&(o, _)| o < open);
                self.braces.get(i).filter(|&&(o, _)| o == open).copied()
            }
            _ => None,
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// Scans `text` for comments, tokens and braces.
pub(super) fn scan(text: &str) -> Scan {
    let mut scan = Scan::default();
    let mut open = Vec::new();
    let mut chars = text.char_indices().peekable();
    // Whether only whitespace has been seen since the last line break.
    let mut line_blank = true;
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' | '\r' => {
                line_blank = true;
                continue;
            }
            c if is_space(c) => continue,
            '/' if text.get(i..).is_some_and(|rest| rest.starts_with("//")) => {
                let end = text
                    .get(i..)
                    .and_then(|rest| rest.find(['\n', '\r']))
                    .map_or(text.len(), |n| i + n);
                let comment = text.get(i..end).unwrap_or("").trim_end().to_string();
                scan.comments.push(Comment {
                    offset: i,
                    text: comment,
                    own_line: line_blank,
                    blank_before: line_blank && blank_line_before(text, i),
                    blank_after: blank_line_after(text, end),
                });
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                continue;
            }
            '"' => {
                scan.tokens.push((i, Token::Text));
                let triple = text.get(i..).is_some_and(|rest| rest.starts_with("\"\"\""));
                if triple {
                    chars.next();
                    chars.next();
                }
                while let Some((_, d)) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '\n' | '\r' if !triple => break,
                        '"' if !triple => break,
                        '"' if chars.peek().is_some_and(|&(j, _)| {
                            text.get(j..).is_some_and(|rest| rest.starts_with("\"\""))
                        }) =>
                        {
                            chars.next();
                            chars.next();
                            break;
                        }
                        _ => {}
                    }
                }
            }
            '{' => {
                scan.tokens.push((i, Token::Open));
                open.push(i);
            }
            '}' => {
                scan.tokens.push((i, Token::Close));
                if let Some(o) = open.pop() {
                    scan.braces.push((o, i));
                }
            }
            c if is_word_char(c) => {
                scan.tokens.push((i, Token::Word));
                while chars.peek().is_some_and(|&(_, d)| is_word_char(d)) {
                    chars.next();
                }
            }
            _ => scan.tokens.push((i, Token::Other)),
        }
        line_blank = false;
    }
    scan.braces.sort_unstable();
    scan
}

/// Whether an empty line lies between the line holding byte `at` and the code or
/// comment before it (not counting the start of the file).
fn blank_line_before(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let trimmed = before.trim_end_matches(is_space);
    !trimmed.is_empty() && newlines(before.get(trimmed.len()..).unwrap_or("")) >= 2
}

/// Whether an empty line follows the line that ends at byte `at`, before more code
/// or a comment (not counting the end of the file).
fn blank_line_after(text: &str, at: usize) -> bool {
    let after = text.get(at..).unwrap_or("");
    let trimmed = after.trim_start_matches(is_space);
    !trimmed.is_empty() && newlines(after.get(..after.len() - trimmed.len()).unwrap_or("")) >= 2
}

/// Line breaks in a run of whitespace (`\r\n` counts once).
fn newlines(space: &str) -> usize {
    space.matches('\n').count().max(space.matches('\r').count())
}

/// Whether the text between two pieces of code holds an empty line (comments count
/// as non-empty lines).
pub(super) fn has_blank_line(between: &str) -> bool {
    // The first piece ends the line with code before; the last starts the line
    // with code after. Only the whole lines in between can be empty.
    let pieces: Vec<&str> = between.split('\n').collect();
    pieces
        .get(1..pieces.len().saturating_sub(1))
        .unwrap_or_default()
        .iter()
        .any(|line| line.trim_matches(is_space).is_empty())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn comments_outside_text_only() {
        let s = scan("a \"// no\" \"\"\"\n// no \\\"\"\" x\n\"\"\" // yes\n  // own\n\n// after blank");
        let texts: Vec<&str> = s.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["// yes", "// own", "// after blank"]);
        assert!(!s.comments[0].own_line);
        assert!(s.comments[1].own_line && s.comments[1].blank_after);
        assert!(s.comments[2].blank_before);
    }

    #[test]
    fn braces_match() {
        let s = scan("a { b { \"}\" } // }\n }");
        assert_eq!(s.braces, [(2, 20), (6, 12)]);
        assert_eq!(s.block_at(1), Some((2, 20)));
    }

    #[test]
    fn blank_lines_between_code() {
        assert!(!has_blank_line("\n"));
        assert!(!has_blank_line(" \n  "));
        assert!(has_blank_line("\n\n"));
        assert!(has_blank_line("\n  \n"));
        assert!(!has_blank_line("\n// c\n"));
    }
}
