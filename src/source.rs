//! Source files and byte spans into them: what every diagnostic points at.

use std::ops::Range;

/// Index of a file in a [`Sources`] set.
pub type FileId = usize;

/// A byte range in one source file. Spans are where things were written; they
/// never take part in equality of the validated model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span {
            file,
            start: range.start,
            end: range.end,
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One protocol file's name (as shown in diagnostics and recorded in outputs) and text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// The byte offset where each line starts (the first is 0), so that finding a
    /// line costs a binary search, not a scan of the file: a file with thousands of
    /// problems is reported in time linear in their number.
    line_starts: Vec<usize>,
    /// The text as diagnostics show it, when it holds control characters: each
    /// one (but tab and line breaks) as `?`, byte for byte, so that a quoted line
    /// never moves the terminal's cursor or changes its colours.
    shown: Option<String>,
}

impl SourceFile {
    fn new(name: String, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let hidden = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
        let shown = text.contains(hidden).then(|| {
            text.chars()
                .map(|c| {
                    if hidden(c) {
                        "?".repeat(c.len_utf8())
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        });
        SourceFile {
            name,
            text,
            line_starts,
            shown,
        }
    }

    /// The text as diagnostics quote it: the file's text, control characters shown
    /// as `?` (the same byte offsets).
    pub fn shown_text(&self) -> &str {
        self.shown.as_deref().unwrap_or(&self.text)
    }

    /// 0-based index of the line holding byte `offset` (the last line past the end).
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The byte range of line `index` with its line break; the empty range at the
    /// end after a final line break; `None` past that.
    pub fn line_range(&self, index: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(index)?;
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(start..end)
    }

    /// How many lines [`SourceFile::line_range`] answers for.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// All files of one compilation (a protocol and, later, the bases it extends).
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(name.into(), text.into()));
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id)
    }

    pub fn name(&self, id: FileId) -> &str {
        self.get(id).map_or("<unknown>", |f| f.name.as_str())
    }

    pub fn text(&self, id: FileId) -> &str {
        self.get(id).map_or("", |f| f.text.as_str())
    }

    /// The text a span covers ("" when the span does not fit the file).
    pub fn slice(&self, span: Span) -> &str {
        self.text(span.file).get(span.range()).unwrap_or("")
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: FileId, offset: usize) -> (usize, usize) {
        let Some(source) = self.get(file) else {
            return (1, 1);
        };
        let offset = offset.min(source.text.len());
        let line = source.line_index(offset);
        let line_start = source.line_range(line).map_or(0, |r| r.start);
        let column = source
            .text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line + 1, column)
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate()
    }
}
