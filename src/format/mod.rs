//! `protocolc fmt`: a protocol file rewritten in one canonical layout, every comment
//! kept, its meaning unchanged.
//!
//! The file is parsed; the syntax tree is printed in the canonical layout
//! ([`print`]); the comments, which the tree drops, are found by a lexical scan
//! ([`scan`]) and put back: a comment on its own line before the item (declaration,
//! field, step, `}`) that follows it, a comment after code at the end of that item's
//! line. Before anything is returned the result is parsed again and compared with
//! the original tree (spans aside) and comments; a difference is reported as a bug
//! instead of returning text that would change the protocol. Pure: no IO.

mod expression;
mod literal;
mod print;
mod scan;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::syntax;
use print::{Printer, Unit};
use scan::Comment;

/// `text` in the canonical layout. A file that does not parse (or has errors inside
/// its text) is not formatted: its errors are returned.
pub fn format(text: &str, file: FileId) -> Result<String, Vec<Diagnostic>> {
    let (ast, diagnostics) = syntax::parse(file, text);
    let ast = match ast {
        Some(ast) if !diagnostics.iter().any(Diagnostic::is_error) => ast,
        _ => return Err(diagnostics),
    };
    let scanned = scan::scan(text);
    let mut printer = Printer::new(text, &scanned);
    printer.file(&ast);
    let formatted = assemble(&printer.units, &scanned.comments);
    if same_meaning(&ast, &scanned.comments, &formatted, file) {
        Ok(formatted)
    } else {
        Err(vec![Diagnostic::error(
            Code::Syntax,
            "protocolc could not format this file without changing it (this is a bug in protocolc)",
        )
        .at(Span::new(file, 0..0), "this file is left as it is")
        .help("please report this file to the protocolc maintainers")])
    }
}

/// The comments of a file, in order: what formatting must keep.
pub fn comments(text: &str) -> Vec<String> {
    scan::scan(text).comments.into_iter().map(|c| c.text).collect()
}

/// Where a comment goes: before unit `i` is slot `2i`, at the end of unit `i`'s
/// last line is slot `2i + 1`, after the last unit is slot `2 * units`.
fn slots(units: &[Unit], comments: &[Comment]) -> Vec<usize> {
    let mut slots = Vec::with_capacity(comments.len());
    let mut previous = 0;
    for comment in comments {
        let natural = if comment.own_line {
            2 * units.partition_point(|u| u.start < comment.offset)
        } else {
            match units.partition_point(|u| u.start < comment.offset) {
                0 => 0,
                after => 2 * after - 1,
            }
        };
        // Comments stay in order: one that would go before an earlier one goes
        // after it, on its own line; so does a second comment at one line's end.
        let mut slot = natural.max(previous);
        if slot % 2 == 1 && slot == previous && !slots.is_empty() {
            slot += 1;
        }
        slots.push(slot);
        previous = slot;
    }
    slots
}

/// The output being written: lines, and an empty line owed before the next one.
#[derive(Default)]
struct Output {
    lines: Vec<String>,
    blank: bool,
    after_open: bool,
}

impl Output {
    fn line(&mut self, line: String, closes: bool) {
        if self.blank && !closes && !self.after_open && !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.blank = false;
        self.after_open = false;
        self.lines.push(line);
    }

    fn comment(&mut self, comment: &Comment, indent: usize) {
        self.blank |= comment.blank_before;
        self.line(format!("{}{}", " ".repeat(indent), comment.text), false);
        self.blank = comment.blank_after;
    }
}

/// The units with the comments put back, as text.
fn assemble(units: &[Unit], comments: &[Comment]) -> String {
    let slots = slots(units, comments);
    let mut placed = comments.iter().zip(slots).peekable();
    let mut out = Output::default();
    for (i, unit) in units.iter().enumerate() {
        out.blank |= unit.blank_before;
        while let Some((comment, _)) = placed.next_if(|&(_, slot)| slot == 2 * i) {
            out.comment(comment, unit.comment_indent);
        }
        for line in &unit.lines {
            out.line(line.clone(), unit.closes);
        }
        if let Some((comment, _)) = placed.next_if(|&(_, slot)| slot == 2 * i + 1) {
            if let Some(last) = out.lines.last_mut() {
                last.push(' ');
                last.push_str(&comment.text);
            }
        }
        out.after_open = unit.opens;
    }
    for (comment, _) in placed {
        out.comment(comment, 0);
    }
    let mut text = out.lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// Whether `formatted` parses to the same tree as `original` (spans aside) and
/// holds the same comments in the same order.
fn same_meaning(original: &syntax::ast::File, comments: &[Comment], formatted: &str, file: FileId) -> bool {
    let (again, diagnostics) = syntax::parse(file, formatted);
    let Some(again) = again else {
        return false;
    };
    !diagnostics.iter().any(Diagnostic::is_error)
        && without_spans(&format!("{original:?}")) == without_spans(&format!("{again:?}"))
        && comments
            .iter()
            .map(|c| &c.text)
            .eq(scan::scan(formatted).comments.iter().map(|c| &c.text))
}

/// A syntax tree's debug text with every `Span { … }` taken out.
fn without_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(at) = rest.find("Span { file: ") {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at..).unwrap_or("");
        let end = after.find('}').map_or(after.len(), |e| e + 1);
        rest = after.get(end..).unwrap_or("");
    }
    out.push_str(rest);
    out
}
