//! Setting text: styled text, paragraphs, words, greedy line breaking with the
//! fonts' advances (lines may be shortened beside a badge), and blocks of runs
//! placed relative to their top-left corner, added to the page by [`place`].

use super::frame::{Color, TextRun};
use super::style::LINE;
use crate::emit::pdf::metrics::Fonts;

/// A piece of text in one style.
#[derive(Clone, Debug)]
pub(super) struct StyledText {
    pub(super) text: String,
    pub(super) bold: bool,
    pub(super) color: Color,
}

/// Text in one style.
pub(super) fn styled(text: impl Into<String>, bold: bool, color: Color) -> StyledText {
    StyledText {
        text: text.into(),
        bold,
        color,
    }
}

/// A paragraph: spans wrapped to the width, optionally with a hanging bullet.
#[derive(Clone, Debug, Default)]
pub(super) struct Para {
    pub(super) spans: Vec<StyledText>,
    pub(super) size: f32,
    pub(super) gap_before: f32,
    /// Text hung in the indent of the first line (a bullet or a step number).
    pub(super) bullet: Option<StyledText>,
    /// Where the bullet starts, from the left of the block (a checklist's box
    /// under a step's text starts at the text, not in the number's column).
    pub(super) bullet_at: f32,
    pub(super) indent: f32,
    /// Table cells at the right of the first line, each centred in a column of
    /// `cell_width` (a score sheet's points); the text wraps to their left.
    pub(super) cells: Vec<StyledText>,
    pub(super) cell_width: f32,
}

/// A paragraph of `spans` at `size`, `gap_before` below the paragraph before.
pub(super) fn para(spans: Vec<StyledText>, size: f32, gap_before: f32) -> Para {
    Para {
        spans,
        size,
        gap_before,
        ..Para::default()
    }
}

/// A run placed relative to the top-left of its block.
#[derive(Clone, Debug)]
struct Placed {
    dx: f32,
    baseline: f32,
    size: f32,
    bold: bool,
    color: Color,
    text: String,
    width: f32,
}

/// Paragraphs set to a width: their height and runs.
#[derive(Clone, Debug, Default)]
pub(super) struct Block {
    pub(super) height: f32,
    /// Words broken between letters because they were wider than the line.
    pub(super) broken: usize,
    runs: Vec<Placed>,
}

impl Block {
    /// How far the widest line reaches from the block's left edge.
    pub(super) fn width(&self) -> f32 {
        self.runs.iter().map(|r| r.dx + r.width).fold(0.0, f32::max)
    }

    /// Copies `from`'s runs into this block, moved by `(dx, dy)`.
    pub(super) fn append(&mut self, from: &Block, dx: f32, dy: f32) {
        self.broken += from.broken;
        self.runs.extend(from.runs.iter().map(|r| Placed {
            dx: r.dx + dx,
            baseline: r.baseline + dy,
            ..r.clone()
        }));
    }
}

/// A word: pieces in possibly different styles with no space between them.
#[derive(Clone, Debug, Default)]
struct Word {
    pieces: Vec<StyledText>,
    width: f32,
}

impl Word {
    /// Adds `c` in the style of `style`, `advance` wide, to the word's last piece
    /// when that has the same style.
    fn push(&mut self, c: char, style: &StyledText, advance: f32) {
        match self.pieces.last_mut() {
            Some(last) if last.bold == style.bold && last.color == style.color => last.text.push(c),
            _ => self.pieces.push(styled(c.to_string(), style.bold, style.color)),
        }
        self.width += advance;
    }
}

/// A piece on a line: x offset and width.
#[derive(Clone, Debug)]
struct Piece {
    styled: StyledText,
    x: f32,
    width: f32,
}

/// Splits styled text into words at white space, measuring each.
fn words(fonts: &Fonts, spans: &[StyledText], size: f32) -> Vec<Word> {
    let mut out = Vec::new();
    let mut current = Word::default();
    for s in spans {
        for c in s.text.chars() {
            if c.is_whitespace() {
                if !current.pieces.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                continue;
            }
            current.push(c, s, fonts.face(s.bold).advance(c) * size);
        }
    }
    if !current.pieces.is_empty() {
        out.push(current);
    }
    out
}

/// Breaks a word wider than `width` into pieces that fit, character by character.
fn split_word(fonts: &Fonts, word: Word, size: f32, width: f32) -> Vec<Word> {
    if word.width <= width {
        return vec![word];
    }
    let mut out = Vec::new();
    let mut current = Word::default();
    for piece in word.pieces {
        for c in piece.text.chars() {
            let advance = fonts.face(piece.bold).advance(c) * size;
            if current.width + advance > width && !current.pieces.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.push(c, &piece, advance);
        }
    }
    if !current.pieces.is_empty() {
        out.push(current);
    }
    out
}

/// Greedy line breaking with the fonts' advances, where line `n` may be no wider than `limit(n)` (at most `width`):
/// the first lines are shortened beside a badge. A line too short for its first
/// word is left empty.
fn wrap_notched(
    fonts: &Fonts,
    spans: &[StyledText],
    size: f32,
    width: f32,
    limit: &dyn Fn(usize) -> f32,
) -> (Vec<Vec<Piece>>, usize) {
    let mut broken = 0;
    // A space is set in the face of the piece it ends (a bold run is drawn with a bold space).
    let space = |line: &[Piece]| {
        fonts
            .face(line.last().is_some_and(|p| p.styled.bold))
            .advance(' ')
            * size
    };
    let mut lines: Vec<Vec<Piece>> = Vec::new();
    let mut line: Vec<Piece> = Vec::new();
    let mut line_width = 0.0;
    for word in words(fonts, spans, size) {
        if word.width > width {
            broken += 1;
        }
        for word in split_word(fonts, word, size, width) {
            let needed = if line.is_empty() {
                word.width
            } else {
                line_width + space(&line) + word.width
            };
            if !line.is_empty() && needed > limit(lines.len()) + 0.01 {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            while line.is_empty() && word.width > limit(lines.len()) + 0.01 && limit(lines.len()) < width {
                lines.push(Vec::new());
            }
            let gap = space(&line);
            if let Some(last) = line.last_mut() {
                // The space between words goes with the word before it.
                last.styled.text.push(' ');
                last.width += gap;
                line_width += gap;
            }
            for piece in word.pieces {
                let w = fonts.face(piece.bold).width(&piece.text, size);
                match line.last_mut() {
                    Some(last) if last.styled.bold == piece.bold && last.styled.color == piece.color => {
                        last.styled.text.push_str(&piece.text);
                        last.width += w;
                    }
                    _ => line.push(Piece {
                        styled: piece,
                        x: line_width,
                        width: w,
                    }),
                }
                line_width += w;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    // Trailing spaces never reach the end of a line: they were only added between words.
    (lines, broken)
}

/// The height of a line of text at `size`.
pub(super) fn line_height(size: f32) -> f32 {
    size * LINE
}

/// Where the baseline sits below the top of a line box.
fn baseline_offset(fonts: &Fonts, size: f32) -> f32 {
    let glyphs = fonts.regular.ascender - fonts.regular.descender;
    (LINE - glyphs).max(0.0) * size / 2.0 + fonts.regular.ascender * size
}

/// Sets paragraphs to `width`.
pub(super) fn set(fonts: &Fonts, paras: &[Para], width: f32) -> Block {
    set_notched(fonts, paras, width, None)
}

/// Sets paragraphs to `width`, the lines that start above `notch.1` (from the
/// block's top) shortened by `notch.0` on the right, to leave room for a badge.
pub(super) fn set_notched(fonts: &Fonts, paras: &[Para], width: f32, notch: Option<(f32, f32)>) -> Block {
    let mut block = Block::default();
    let mut y = 0.0;
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            y += p.gap_before;
        }
        let lh = line_height(p.size);
        let base = baseline_offset(fonts, p.size);
        let cells_width = p.cells.len() as f32 * p.cell_width;
        let full = (width - p.indent - cells_width).max(1.0);
        let top = y;
        let limit = |n: usize| match notch {
            Some((cut, below)) if top + n as f32 * lh < below - 0.01 => (full - cut).max(1.0),
            _ => full,
        };
        let (lines, broken) = wrap_notched(fonts, &p.spans, p.size, full, &limit);
        block.broken += broken;
        if let Some(bullet) = &p.bullet {
            block.runs.push(Placed {
                dx: p.bullet_at,
                baseline: y + base,
                size: p.size,
                bold: bullet.bold,
                color: bullet.color,
                text: bullet.text.clone(),
                width: fonts.face(bullet.bold).width(&bullet.text, p.size),
            });
        }
        for (n, line) in lines.iter().enumerate() {
            for piece in line {
                block.runs.push(Placed {
                    dx: p.indent + piece.x,
                    baseline: y + n as f32 * lh + base,
                    size: p.size,
                    bold: piece.styled.bold,
                    color: piece.styled.color,
                    text: piece.styled.text.trim_end().to_string(),
                    width: fonts
                        .face(piece.styled.bold)
                        .width(piece.styled.text.trim_end(), p.size),
                });
            }
        }
        // After the text, so the row reads "item, yes points, possible points".
        for (k, cell) in p.cells.iter().enumerate().filter(|(_, c)| !c.text.is_empty()) {
            let w = fonts.face(cell.bold).width(&cell.text, p.size);
            block.runs.push(Placed {
                dx: width - cells_width + k as f32 * p.cell_width + (p.cell_width - w) / 2.0,
                baseline: y + base,
                size: p.size,
                bold: cell.bold,
                color: cell.color,
                text: cell.text.clone(),
                width: w,
            });
        }
        y += lines.len().max(1) as f32 * lh;
    }
    block.height = y;
    block
}

/// Adds a block's runs at `(x, y)`, owned by box `owner`.
pub(super) fn place(fonts: &Fonts, block: &Block, x: f32, y: f32, owner: usize, out: &mut Vec<TextRun>) {
    let ascender = fonts.regular.ascender;
    let descender = fonts.regular.descender;
    for r in &block.runs {
        let baseline = y + r.baseline;
        out.push(TextRun {
            x: x + r.dx,
            baseline,
            size: r.size,
            bold: r.bold,
            color: r.color,
            text: r.text.clone(),
            width: r.width,
            top: baseline - ascender * r.size,
            bottom: baseline - descender * r.size,
            owner,
        });
    }
}
