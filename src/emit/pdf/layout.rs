//! The flowchart's geometry, as data: a pure function from the validated model and
//! font metrics to a [`Layout`] of boxes, arrows, rules and positioned text runs.
//!
//! Nothing here knows about PDF. Coordinates are points with the origin at the
//! page's top-left corner and y growing downwards; `draw.rs` flips them. The engine
//! wraps text with the fonts' real advances, grows boxes with their text, shares
//! the width between columns (balancing the track columns' heights), and steps the
//! body size down from [`MAX_BODY`] to [`MIN_BODY`] until everything fits on the page;
//! if nothing fits, it says what was too big.

use super::metrics::Fonts;
use crate::model::{
    Alone, Answer, CompareOp, Criteria, Factor, InputIdx, Leaf, Level, Model, Route, Scoring, SignalIdx,
    TextPart, Track, TrackIdx, Trigger, TriggerWords,
};

/// The largest body text size tried, in points.
pub const MAX_BODY: f32 = 12.0;
/// The smallest body text size: below this a wall chart is not legible.
pub const MIN_BODY: f32 = 7.0;
/// How far the size steps down each time.
const SIZE_STEP: f32 = 0.5;
/// Line height as a multiple of the font size.
const LINE: f32 = 1.22;
/// The narrowest a column may become before the chart counts as not fitting.
const MIN_COLUMN: f32 = 40.0;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

const INK: Color = Color(0x1f, 0x29, 0x37);
const MUTED: Color = Color(0x4b, 0x55, 0x63);
const WHITE: Color = Color(0xff, 0xff, 0xff);
const NAVY: Color = Color(0x1e, 0x3a, 0x5f);
const TITLE_SUB: Color = Color(0xd6, 0xe2, 0xf0);
const PANEL: Color = Color(0xf3, 0xf6, 0xfa);
const PANEL_EDGE: Color = Color(0x8a, 0x99, 0xad);
const SIGNAL_FILL: Color = Color(0xff, 0xf4, 0xd6);
const SIGNAL_EDGE: Color = Color(0xc2, 0x7c, 0x0e);
const PHONE_FILL: Color = Color(0xb9, 0x1c, 0x1c);
const PHONE_SUB: Color = Color(0xfe, 0xe2, 0xe2);
const ARROW_IN: Color = Color(0x47, 0x55, 0x69);
const STOP_FILL: Color = Color(0xfd, 0xec, 0xec);
/// One colour per track column, in column order (repeating).
const TRACK_COLORS: [Color; 5] = [
    Color(0x1d, 0x5f, 0x9e),
    Color(0xc2, 0x41, 0x0c),
    Color(0x2e, 0x7d, 0x32),
    Color(0x6a, 0x1b, 0x9a),
    Color(0x8d, 0x5b, 0x1a),
];

/// A paper size in points, with the printable margin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub margin: f32,
}

impl Page {
    /// The printable area: the page less its margins.
    pub fn printable(&self) -> Rect {
        Rect {
            x: self.margin,
            y: self.margin,
            w: self.width - 2.0 * self.margin,
            h: self.height - 2.0 * self.margin,
        }
    }
}

/// A rectangle: top-left corner, width and height, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// Whether `other` lies inside this rectangle (with `eps` of slack).
    pub fn contains(&self, other: &Rect, eps: f32) -> bool {
        other.x >= self.x - eps
            && other.y >= self.y - eps
            && other.right() <= self.right() + eps
            && other.bottom() <= self.bottom() + eps
    }
    /// Whether the two rectangles share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }
}

/// A point on the page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// What a box shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoxKind {
    Title,
    Criteria,
    Signal,
    TrackHeader,
    Step,
    Phone,
    Resources,
    Footer,
    /// A question: a diamond with pointed left and right ends (see [`decision_outline`]).
    Decision,
    /// Where an answer ends the protocol: a rounded "stop" box with the outcome.
    Terminal,
    /// Where an answer turns to a track that no arrow can reach: the track's name.
    Marker,
    /// The "Yes" or "No" beside an arrow (not drawn as a box).
    Label,
}

/// A box: drawn as a rounded rectangle when it has a fill or an edge.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutBox {
    /// Unique in the layout, e.g. `criteria:at_risk_1`, `step:suspected:3`.
    pub id: String,
    pub kind: BoxKind,
    pub rect: Rect,
    pub fill: Option<Color>,
    pub stroke: Option<Color>,
    pub radius: f32,
}

/// An arrow from one box to another: a polyline whose last point is the tip.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// The id of the box it leaves (from its bottom edge).
    pub from: String,
    /// The id of the box it enters (at its top edge).
    pub to: String,
    pub points: Vec<Point>,
    pub color: Color,
    /// Line width in points; the head is sized from it.
    pub width: f32,
}

/// A straight rule, e.g. above the footer.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub from: Point,
    pub to: Point,
    pub color: Color,
    pub width: f32,
}

/// A run of text in one font, size and colour, on one baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    pub x: f32,
    pub baseline: f32,
    pub size: f32,
    pub bold: bool,
    pub color: Color,
    pub text: String,
    /// Measured with the font's advances.
    pub width: f32,
    /// Top and bottom of the font's line box (ascender, descender) in points.
    pub top: f32,
    pub bottom: f32,
    /// Index into [`Layout::boxes`] of the box this text belongs in.
    pub owner: usize,
}

impl TextRun {
    /// The area the run's glyphs may cover.
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.top,
            w: self.width,
            h: self.bottom - self.top,
        }
    }
}

/// A deadline badge: a small filled rounded rectangle inside its step's box, under
/// the badge's text (a run of the step's box).
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    /// The id of the step's box.
    pub owner: String,
    pub rect: Rect,
    pub color: Color,
}

/// A laid-out flowchart page.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub page: Page,
    /// The body text size chosen, in points.
    pub body_size: f32,
    pub boxes: Vec<LayoutBox>,
    pub arrows: Vec<Arrow>,
    pub rules: Vec<Rule>,
    pub texts: Vec<TextRun>,
    /// Deadline badges, drawn over their boxes and under the text.
    pub badges: Vec<Badge>,
    /// Words too wide for their column, broken between letters (long web addresses).
    pub broken_words: usize,
}

impl Layout {
    /// The box with this id.
    pub fn find(&self, id: &str) -> Option<&LayoutBox> {
        self.boxes.iter().find(|b| b.id == id)
    }
}

/// The chart does not fit on one page even at the smallest size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoesNotFit {
    /// What did not fit, in words.
    pub what: String,
}

/// Lays out the flowchart of `model` on `page`, at the largest body size from
/// [`MAX_BODY`] down to [`MIN_BODY`] at which everything fits.
///
/// A size at which fewer words have to be broken between letters is preferred to a
/// larger one that breaks more (a phone number split over two lines is no use).
pub fn layout(model: &Model, page: Page, fonts: &Fonts) -> Result<Layout, DoesNotFit> {
    let mut size = MAX_BODY;
    let mut fallback: Option<Layout> = None;
    loop {
        match layout_at(model, page, fonts, size) {
            Ok(layout) if layout.broken_words == 0 => return Ok(layout),
            Ok(layout) => {
                // Keep the largest size with the fewest broken words.
                if fallback
                    .as_ref()
                    .is_none_or(|f| layout.broken_words < f.broken_words)
                {
                    fallback = Some(layout);
                }
            }
            Err(e) if size - SIZE_STEP < MIN_BODY - 0.001 => return fallback.ok_or(e),
            Err(_) => {}
        }
        if size - SIZE_STEP < MIN_BODY - 0.001 {
            return fallback.ok_or_else(|| DoesNotFit {
                what: "nothing fits".into(),
            });
        }
        size -= SIZE_STEP;
    }
}

/// Sizes and spacing, all derived from the body size.
#[derive(Clone, Copy)]
struct Metrics {
    body: f32,
    title: f32,
    head: f32,
    small: f32,
    phone: f32,
    pad: f32,
    gap: f32,
    gutter: f32,
    step_gap: f32,
    lane: f32,
    radius: f32,
}

impl Metrics {
    fn at(body: f32) -> Self {
        Metrics {
            body,
            title: (body * 1.7).min(22.0),
            head: body * 1.05,
            small: (body * 0.85).max(MIN_BODY),
            phone: body * 2.1,
            pad: body * 0.6,
            gap: body * 0.9,
            gutter: body * 0.9,
            step_gap: body * 1.15,
            lane: (body * 0.5).max(4.0),
            radius: body * 0.4,
        }
    }
}

// ---------------------------------------------------------------- text setting

/// A piece of text in one style.
#[derive(Clone, Debug)]
struct Span {
    text: String,
    bold: bool,
    color: Color,
}

fn span(text: impl Into<String>, bold: bool, color: Color) -> Span {
    Span {
        text: text.into(),
        bold,
        color,
    }
}

/// A paragraph: spans wrapped to the width, optionally with a hanging bullet.
#[derive(Clone, Debug, Default)]
struct Para {
    spans: Vec<Span>,
    size: f32,
    gap_before: f32,
    /// Text hung in the indent of the first line (a bullet or a step number).
    bullet: Option<Span>,
    indent: f32,
    /// Table cells at the right of the first line, each centred in a column of
    /// `cell_width` (a score sheet's points); the text wraps to their left.
    cells: Vec<Span>,
    cell_width: f32,
}

fn para(spans: Vec<Span>, size: f32, gap_before: f32) -> Para {
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
struct Block {
    height: f32,
    /// Words broken between letters because they were wider than the line.
    broken: usize,
    runs: Vec<Placed>,
}

/// A word: pieces in possibly different styles with no space between them.
#[derive(Clone, Debug, Default)]
struct Word {
    pieces: Vec<Span>,
    width: f32,
}

/// A piece on a line: x offset and width.
#[derive(Clone, Debug)]
struct Piece {
    span: Span,
    x: f32,
    width: f32,
}

fn words(fonts: &Fonts, spans: &[Span], size: f32) -> Vec<Word> {
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
            let advance = fonts.face(s.bold).advance(c) * size;
            match current.pieces.last_mut() {
                Some(last) if last.bold == s.bold && last.color == s.color => last.text.push(c),
                _ => current.pieces.push(span(c.to_string(), s.bold, s.color)),
            }
            current.width += advance;
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
            match current.pieces.last_mut() {
                Some(last) if last.bold == piece.bold && last.color == piece.color => last.text.push(c),
                _ => current.pieces.push(span(c.to_string(), piece.bold, piece.color)),
            }
            current.width += advance;
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
    spans: &[Span],
    size: f32,
    width: f32,
    limit: &dyn Fn(usize) -> f32,
) -> (Vec<Vec<Piece>>, usize) {
    let mut broken = 0;
    // A space is set in the face of the piece it ends (a bold run is drawn with a bold space).
    let space = |line: &[Piece]| fonts.face(line.last().is_some_and(|p| p.span.bold)).advance(' ') * size;
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
                last.span.text.push(' ');
                last.width += gap;
                line_width += gap;
            }
            for piece in word.pieces {
                let w = fonts.face(piece.bold).width(&piece.text, size);
                match line.last_mut() {
                    Some(last) if last.span.bold == piece.bold && last.span.color == piece.color => {
                        last.span.text.push_str(&piece.text);
                        last.width += w;
                    }
                    _ => line.push(Piece {
                        span: piece,
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

fn line_height(size: f32) -> f32 {
    size * LINE
}

/// Where the baseline sits below the top of a line box.
fn baseline_offset(fonts: &Fonts, size: f32) -> f32 {
    let glyphs = fonts.regular.ascender - fonts.regular.descender;
    (LINE - glyphs).max(0.0) * size / 2.0 + fonts.regular.ascender * size
}

fn set(fonts: &Fonts, paras: &[Para], width: f32) -> Block {
    set_notched(fonts, paras, width, None)
}

/// Sets paragraphs to `width`, the lines that start above `notch.1` (from the
/// block's top) shortened by `notch.0` on the right, to leave room for a badge.
fn set_notched(fonts: &Fonts, paras: &[Para], width: f32, notch: Option<(f32, f32)>) -> Block {
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
                dx: 0.0,
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
                    bold: piece.span.bold,
                    color: piece.span.color,
                    text: piece.span.text.trim_end().to_string(),
                    width: fonts
                        .face(piece.span.bold)
                        .width(piece.span.text.trim_end(), p.size),
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
fn place(fonts: &Fonts, block: &Block, x: f32, y: f32, owner: usize, out: &mut Vec<TextRun>) {
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

/// Linked text as spans: phone numbers in bold, the rest in `color`.
fn linked_spans(parts: &[TextPart], color: Color) -> Vec<Span> {
    parts
        .iter()
        .map(|p| match p {
            TextPart::Field { field, value, .. } if field == "phone" => span(value.as_str(), true, INK),
            other => span(other.value(), false, color),
        })
        .collect()
}

/// "at least two of the following factors are present", in the model's language.
fn threshold_words(model: &Model, c: &crate::model::Criteria) -> String {
    match c.threshold {
        crate::model::Threshold::AtLeast(n) => model.labels.threshold(n, true),
        crate::model::Threshold::AtLeastLevel(_) => c.threshold.words(c, &model.labels),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------- the parts

/// A box's content: paragraphs, with the box's own padding.
struct Content {
    paras: Vec<Para>,
    pad: f32,
}

impl Content {
    fn set(&self, fonts: &Fonts, outer_width: f32) -> Block {
        set(fonts, &self.paras, outer_width - 2.0 * self.pad)
    }
    fn height(&self, block: &Block) -> f32 {
        block.height + 2.0 * self.pad
    }
}

fn title_content(model: &Model, m: &Metrics) -> Content {
    let md = &model.metadata;
    Content {
        paras: vec![
            para(vec![span(md.title.as_str(), true, WHITE)], m.title, 0.0),
            para(
                vec![
                    span(md.jurisdiction.as_str(), true, TITLE_SUB),
                    span(format!("  ·  {}: ", model.labels.get("for")), false, TITLE_SUB),
                    span(md.audience.as_str(), true, TITLE_SUB),
                ],
                m.body,
                m.body * 0.35,
            ),
        ],
        pad: m.pad * 1.4,
    }
}

fn criteria_content(model: &Model, c: &Criteria, m: &Metrics, fonts: &Fonts) -> Content {
    let mut paras = vec![para(vec![span(c.title.as_str(), true, INK)], m.head, 0.0)];
    if let Some(when) = &c.applies_when {
        paras.push(para(
            vec![span(
                format!(
                    "{} {}",
                    model.labels.get("only_when"),
                    condition_words(model, when)
                ),
                true,
                SIGNAL_EDGE,
            )],
            m.body,
            m.body * 0.25,
        ));
    }
    let met = para(
        vec![span(
            format!("{} {}", model.labels.get("met_when"), threshold_words(model, c)),
            true,
            NAVY,
        )],
        m.body,
        m.body * 0.3,
    );
    let box_char = if fonts.regular.has_glyph('☐') {
        "☐"
    } else {
        "-"
    };
    let indent = fonts.regular.width(box_char, m.body) + m.body * 0.45;
    // A scored group is a score sheet: the points of a yes and of a "possible" in two columns.
    let cell_width = fonts
        .bold
        .width("Possible", m.small)
        .max(fonts.bold.width("00", m.body))
        + m.body * 0.6;
    let factors: Vec<Para> = c
        .factors
        .iter()
        .filter_map(|f| model.factor_by(*f))
        .map(|f| {
            let mut spans = vec![span(f.text.as_str(), false, INK)];
            spans.extend(factor_notes(model, c, f));
            let cells = match (&c.scoring, &f.derived) {
                (None, _) => Vec::new(),
                // Worked out from inputs: never answered "possible".
                (Some(_), Some(_)) => vec![span(f.points.to_string(), true, NAVY), span("–", false, MUTED)],
                (Some(_), None) => {
                    let possible = f.possible_points(c.possible_counts_as_yes);
                    vec![
                        span(f.points.to_string(), true, NAVY),
                        span(possible.to_string(), false, NAVY),
                    ]
                }
            };
            Para {
                spans,
                size: m.body,
                gap_before: m.body * 0.25,
                bullet: Some(span(box_char, false, NAVY)),
                indent,
                cells,
                cell_width,
            }
        })
        .collect();
    match &c.scoring {
        None => {
            let mut met = met;
            if let Some(last) = met.spans.last_mut() {
                if c.possible_counts_as_yes {
                    last.text.push(' ');
                    last.text.push_str(model.labels.get("possible_counts_present"));
                }
                last.text.push(':');
            }
            paras.push(met);
            paras.extend(factors);
        }
        Some(scoring) => {
            paras.push(Para {
                spans: vec![span(model.labels.get("score_sheet"), true, INK)],
                size: m.small,
                gap_before: m.body * 0.3,
                cells: vec![
                    span(model.labels.get("answer_yes"), true, MUTED),
                    span(model.labels.get("possible_column"), true, MUTED),
                ],
                cell_width,
                ..Para::default()
            });
            paras.extend(factors);
            paras.push(levels_table(model, scoring, m));
            if !scoring.overrides.is_empty() {
                paras.push(para(
                    vec![span(model.labels.get("whatever_total"), true, NAVY)],
                    m.body,
                    m.body * 0.45,
                ));
                let bullet_indent = fonts.regular.width("•", m.body) + m.body * 0.45;
                for o in &scoring.overrides {
                    let level = c.level_title(o.level);
                    let level = if o.force {
                        level.to_string()
                    } else {
                        format!("{} {level}", model.labels.get("at_least"))
                    };
                    paras.push(Para {
                        spans: vec![
                            span(level, true, INK),
                            span(
                                format!(
                                    " {} {}",
                                    model.labels.get("case_when"),
                                    condition_words(model, &o.when)
                                ),
                                false,
                                INK,
                            ),
                        ],
                        size: m.body,
                        gap_before: m.body * 0.2,
                        bullet: Some(span("•", true, NAVY)),
                        indent: bullet_indent,
                        ..Para::default()
                    });
                }
            }
            let mut met = met;
            met.gap_before = m.body * 0.45;
            if let Some(last) = met.spans.last_mut() {
                last.text.push('.');
            }
            paras.push(met);
        }
    }
    if let Some(source) = &c.source {
        paras.push(para(
            vec![
                span(format!("{}: ", model.labels.get("source")), false, MUTED),
                span(source.as_str(), false, MUTED),
            ],
            m.small,
            m.body * 0.45,
        ));
    }
    Content { paras, pad: m.pad }
}

/// What a factor's line adds after its text: `alone`, and how a factor worked out
/// from inputs is ticked.
fn factor_notes(model: &Model, c: &Criteria, f: &Factor) -> Vec<Span> {
    let mut notes: Vec<Vec<Span>> = Vec::new();
    match f.alone {
        Some(Alone::Meets) => notes.push(vec![span(model.labels.get("enough_alone"), true, NAVY)]),
        Some(Alone::AtLeast(l)) => notes.push(vec![
            span(
                format!(
                    "{}: {} ",
                    model.labels.get("on_its_own"),
                    model.labels.get("at_least")
                ),
                false,
                NAVY,
            ),
            span(c.level_title(l), true, NAVY),
        ]),
        None => {}
    }
    if let Some(when) = &f.derived {
        notes.push(vec![span(
            format!(
                "{} {}",
                model.labels.get("ticked_when"),
                condition_words(model, when)
            ),
            false,
            NAVY,
        )]);
    }
    let mut out = Vec::new();
    for (i, note) in notes.into_iter().enumerate() {
        out.push(span(if i == 0 { " — " } else { " · " }, false, NAVY));
        out.extend(note);
    }
    out
}

/// A level's range as a table cell: "0–2", "4", "6+".
fn range_cell(l: &Level) -> String {
    match l.to {
        Some(to) if to == l.from => to.to_string(),
        Some(to) => format!("{}–{to}", l.from),
        None => format!("{}+", l.from),
    }
}

/// A scored group's levels as one small table row: "Total: Low concern 0–2 · Medium concern 3–5 · …".
fn levels_table(model: &Model, scoring: &Scoring, m: &Metrics) -> Para {
    let mut spans = vec![span(
        format!("{} ", model.labels.get("level_from_total")),
        true,
        NAVY,
    )];
    for (i, l) in scoring.levels.iter().enumerate() {
        if i > 0 {
            spans.push(span(" · ", false, MUTED));
        }
        spans.push(span(l.title.as_str(), true, INK));
        spans.push(span(format!(" {}", range_cell(l)), false, INK));
    }
    para(spans, m.body, m.body * 0.45)
}

/// A condition in words, a range of one input compacted: "Student's age in years is 11 to 18".
fn condition_words(model: &Model, t: &Trigger) -> String {
    if let Trigger::All(items) = t {
        if let [a, b] = items.as_slice() {
            if let (Some((ia, la, ua)), Some((ib, lb, ub))) = (bound(a), bound(b)) {
                let (low, high) = (la.or(lb), ua.or(ub));
                if let (true, Some(low), Some(high)) = (ia == ib, low, high) {
                    if la.xor(lb).is_some() && ua.xor(ub).is_some() && low < high {
                        if let Some(input) = model.input_by(ia) {
                            return format!(
                                "{} {} {low} {} {high}",
                                input.text,
                                model.labels.get("equals"),
                                model.labels.get("to")
                            );
                        }
                    }
                }
            }
        }
    }
    trigger_words(model, t)
}

/// A comparison as the bound it sets: its input, lowest and highest value allowed.
fn bound(t: &Trigger) -> Option<(InputIdx, Option<u32>, Option<u32>)> {
    let Trigger::Compare { input, op, value } = t else {
        return None;
    };
    let v = *value;
    Some(match op {
        CompareOp::GreaterOrEqual => (*input, Some(v), None),
        CompareOp::Greater => (*input, Some(v.checked_add(1)?), None),
        CompareOp::LessOrEqual => (*input, None, Some(v)),
        CompareOp::Less => (*input, None, Some(v.checked_sub(1)?)),
        CompareOp::Equal => return None,
    })
}

fn signal_content(model: &Model, index: SignalIdx, s: &crate::model::Signal, m: &Metrics) -> Content {
    let mut content = Content {
        paras: vec![
            para(
                vec![span(model.labels.get("staff_judgement"), false, MUTED)],
                m.small,
                0.0,
            ),
            para(vec![span(capitalised(&s.text), true, INK)], m.head, m.body * 0.3),
        ],
        pad: m.pad,
    };
    // It has no arrow into a group whose rules read it: say so in words.
    for c in &model.criteria {
        let overrides = c.scoring.iter().flat_map(|s| &s.overrides);
        let direct = overrides.clone().find(|o| o.when == Trigger::Signal(index));
        let mut leaves = Vec::new();
        c.applies_when.iter().for_each(|t| t.leaves(&mut leaves));
        overrides.for_each(|o| o.when.leaves(&mut leaves));
        c.factors
            .iter()
            .filter_map(|f| model.factor_by(*f))
            .filter_map(|f| f.derived.as_ref())
            .for_each(|t| t.leaves(&mut leaves));
        let spans = match direct {
            Some(o) => vec![
                span(format!("{} ", model.labels.get("makes")), false, INK),
                span(c.title.as_str(), true, INK),
                span(
                    if o.force {
                        " ".to_string()
                    } else {
                        format!(" {} ", model.labels.get("at_least"))
                    },
                    false,
                    INK,
                ),
                span(c.level_title(o.level), true, INK),
            ],
            None if leaves.contains(&Leaf::Signal(index)) => vec![
                span(format!("{} ", model.labels.get("also_counts_in")), false, INK),
                span(c.title.as_str(), true, INK),
            ],
            None => continue,
        };
        content.paras.push(para(spans, m.small, m.body * 0.3));
    }
    content
}

/// The trigger in words: criteria groups by title, signals by their text.
fn trigger_words(model: &Model, t: &Trigger) -> String {
    let labels = &model.labels;
    let (and, or, not) = (
        format!(" {} ", labels.get("and")),
        format!(" {} ", labels.get("or")),
        format!("{} ", labels.get("not")),
    );
    let words = TriggerWords {
        and: &and,
        or: &or,
        not: &not,
    };
    t.write(&words, &|leaf| model.leaf_words(leaf, false))
}

fn header_content(model: &Model, track: &Track, m: &Metrics) -> Content {
    let mut paras = vec![
        para(vec![span(track.title.as_str(), true, WHITE)], m.head, 0.0),
        para(
            vec![
                span(format!("{} ", model.labels.get("when")), true, WHITE),
                span(trigger_words(model, &track.trigger), false, WHITE),
            ],
            m.body,
            m.body * 0.3,
        ),
    ];
    let titles = |ids: &[crate::model::TrackIdx]| {
        ids.iter()
            .filter_map(|i| model.track_by(*i))
            .map(|t| format!("“{}”", t.title))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !track.supersedes.is_empty() {
        paras.push(para(
            vec![span(
                format!(
                    "{} {}.",
                    model.labels.get("both_instead_of"),
                    titles(&track.supersedes)
                ),
                false,
                WHITE,
            )],
            m.small,
            m.body * 0.3,
        ));
    }
    if !track.precedes.is_empty() {
        paras.push(para(
            vec![span(
                format!("{} {}.", model.labels.get("both_before"), titles(&track.precedes)),
                false,
                WHITE,
            )],
            m.small,
            m.body * 0.3,
        ));
    }
    for rule in &track.rules {
        paras.push(para(
            vec![
                span(format!("{}: ", model.labels.get("at_all_times")), true, WHITE),
                span(rule.as_str(), false, WHITE),
            ],
            m.small,
            m.body * 0.3,
        ));
    }
    Content { paras, pad: m.pad }
}

/// What a step's box shows, in the order it is set: the text (with the number
/// hung in its indent), the deadline badges, then the details and the role.
struct StepParts {
    top: Vec<Para>,
    /// The one deadline that always holds: a badge at the top right.
    badge: Option<String>,
    /// Deadlines that depend on the case: a badge each, with its case in words.
    cases: Vec<(String, String)>,
    /// Form, contacts, handoff, end, a question's note on unclear answers, and
    /// last the role line.
    bottom: Vec<Para>,
}

/// The parts of a track's step at `index` (0-based), numbered from 1.
fn step_parts(
    model: &Model,
    track: &Track,
    index: usize,
    number_width: f32,
    color: Color,
    m: &Metrics,
    fonts: &Fonts,
) -> StepParts {
    let mut parts = StepParts {
        top: Vec::new(),
        badge: None,
        cases: Vec::new(),
        bottom: Vec::new(),
    };
    let Some(step) = track.steps.get(index) else {
        return parts;
    };
    let mut paras = Vec::new();
    if let Some(condition) = &step.condition {
        paras.push(para(
            vec![span(format!("{condition}:"), true, color)],
            m.body,
            0.0,
        ));
    }
    if let Some(skip) = &step.skip_when {
        paras.push(para(
            vec![span(
                format!(
                    "{}: {}",
                    model.labels.get("skip_when"),
                    trigger_words(model, skip)
                ),
                false,
                color,
            )],
            m.small,
            0.0,
        ));
    }
    let mut text = linked_spans(&step.text.parts, INK);
    if step.optional {
        text.insert(
            0,
            span(format!("{}: ", model.labels.get("consider")), true, color),
        );
    }
    if step.question.is_some() {
        // The question is the diamond's whole message: in bold.
        for s in &mut text {
            s.bold = true;
        }
    }
    paras.push(para(text, m.body, m.body * 0.2));
    // The number hangs in the first paragraph's indent, level with its first line.
    for p in &mut paras {
        p.indent = number_width;
    }
    if let Some(first) = paras.first_mut() {
        first.bullet = Some(span((index + 1).to_string(), true, color));
    }
    parts.top = paras;

    if step.deadlines_when.is_empty() {
        parts.badge = step.deadline.clone();
    } else {
        let when = model.labels.get("when");
        for d in &step.deadlines_when {
            let case = format!("{when}: {}", trigger_words(model, &d.when));
            parts.cases.push((d.text.clone(), case));
        }
        if let Some(d) = &step.deadline {
            parts
                .cases
                .push((d.clone(), model.labels.get("otherwise").to_string()));
        }
    }

    let mut bottom = Vec::new();
    if let Some(form) = &step.form {
        let label = model.labels.get("form");
        let name = match &form.code {
            Some(code) => format!("{label}: {} ({code})", form.name),
            None => format!("{label}: {}", form.name),
        };
        bottom.push(para(vec![span(name, false, INK)], m.body, m.body * 0.2));
    }
    // Contacts the step involves whose number is not already in its text.
    let phones_in_text: Vec<_> = step
        .text
        .parts
        .iter()
        .filter_map(|p| match p {
            TextPart::Field { contact, field, .. } if field == "phone" => Some(*contact),
            _ => None,
        })
        .collect();
    let phone_mark = if fonts.regular.has_glyph('☎') {
        "☎ ".to_string()
    } else {
        format!("{} ", model.labels.get("call"))
    };
    for idx in &step.text.contacts {
        if phones_in_text.contains(idx) {
            continue;
        }
        if let Some(contact) = model.contact_by(*idx) {
            let mut spans = vec![span(format!("{phone_mark}{}", contact.name), false, INK)];
            if let Some(phone) = &contact.phone {
                spans.push(span(": ", false, INK));
                spans.push(span(phone.as_str(), true, INK));
            }
            for n in &contact.numbers {
                spans.push(span(format!("  ·  {}: ", n.label), false, INK));
                spans.push(span(n.phone.as_str(), true, INK));
            }
            bottom.push(para(spans, m.body, m.body * 0.2));
        }
    }
    if let Some(handoff) = &step.handoff {
        bottom.push(para(
            vec![span(
                format!("{}: {handoff}", model.labels.get("then_follow")),
                true,
                INK,
            )],
            m.body,
            m.body * 0.2,
        ));
    }
    if let Some(end) = &step.end {
        bottom.push(para(
            vec![span(
                format!("{}: {end}", model.labels.get("protocol_ends_here")),
                true,
                color,
            )],
            m.body,
            m.body * 0.2,
        ));
    }
    // Who does it, and who when they cannot: always the box's last line.
    if let Some(role) = &step.role {
        let mut who = vec![span(role.as_str(), true, INK)];
        for (i, backup) in step.backups.iter().enumerate() {
            let joint = if i == 0 { " — " } else { ", " };
            who.push(span(
                format!("{joint}{} {backup}", model.labels.get("then")),
                false,
                INK,
            ));
        }
        bottom.push(para(who, m.body, m.body * 0.25));
    }
    for p in &mut bottom {
        p.indent = number_width;
    }
    parts.bottom = bottom;
    parts
}

/// A deadline badge set at one width: its text and outer size.
struct BadgeSet {
    block: Block,
    w: f32,
    h: f32,
}

/// Sets a badge's text in white bold at the small size, no wider than `max_w`.
fn set_badge(fonts: &Fonts, text: &str, max_w: f32, m: &Metrics) -> BadgeSet {
    let hpad = m.small * 0.5;
    let block = set(
        fonts,
        &[para(vec![span(text, true, WHITE)], m.small, 0.0)],
        (max_w - 2.0 * hpad).max(1.0),
    );
    let text_w = block.runs.iter().map(|r| r.dx + r.width).fold(0.0, f32::max);
    // One line: exactly a body line tall, so it sits beside the first line of text.
    let h = (block.height + m.body * 0.1).max(line_height(m.body));
    BadgeSet {
        w: text_w + 2.0 * hpad,
        h,
        block,
    }
}

/// A step's body set to an inner width: its text and its badges (relative to the
/// block's top-left).
struct Body {
    block: Block,
    badges: Vec<Rect>,
}

/// Copies `from`'s runs into `into`, moved by `(dx, dy)`.
fn append(into: &mut Block, from: &Block, dx: f32, dy: f32) {
    into.broken += from.broken;
    into.runs.extend(from.runs.iter().map(|r| Placed {
        dx: r.dx + dx,
        baseline: r.baseline + dy,
        ..r.clone()
    }));
}

/// Adds a badge at `(x, y)` of `body`: its rectangle and its text, centred.
fn add_badge(body: &mut Body, badge: &BadgeSet, x: f32, y: f32, hpad: f32) {
    append(
        &mut body.block,
        &badge.block,
        x + hpad,
        y + (badge.h - badge.block.height) / 2.0,
    );
    body.badges.push(Rect {
        x,
        y,
        w: badge.w,
        h: badge.h,
    });
}

fn set_body(fonts: &Fonts, parts: &StepParts, width: f32, m: &Metrics) -> Body {
    let mut body = Body {
        block: Block::default(),
        badges: Vec::new(),
    };
    let hpad = m.small * 0.5;
    let indent = parts.top.first().map_or(0.0, |p| p.indent);
    let mut y = 0.0;
    let mut notch = None;
    if let Some(text) = &parts.badge {
        let badge = set_badge(fonts, text, width - indent, m);
        let x = (width - badge.w).max(indent);
        if badge.w <= (width - indent) * 0.55 {
            // Beside the first line(s) of text, which are shortened for it.
            notch = Some((badge.w + m.body * 0.5, badge.h));
        } else {
            // Too wide to share a line: a line of its own, at the right.
            y = badge.h + m.body * 0.25;
        }
        add_badge(&mut body, &badge, x, 0.0, hpad);
    }
    let top = set_notched(fonts, &parts.top, width, notch);
    append(&mut body.block, &top, 0.0, y);
    y += top.height;
    if let Some((_, h)) = notch {
        y = y.max(h);
    }
    for (text, case) in &parts.cases {
        y += m.body * 0.25;
        let badge = set_badge(fonts, text, (width - indent) * 0.55, m);
        let gap = m.small * 0.5;
        let words = set(
            fonts,
            &[para(vec![span(case.as_str(), false, MUTED)], m.small, 0.0)],
            (width - indent - badge.w - gap).max(1.0),
        );
        add_badge(&mut body, &badge, indent, y, hpad);
        let words_dy = ((badge.h - words.height) / 2.0).max(0.0);
        append(&mut body.block, &words, indent + badge.w + gap, y + words_dy);
        y += badge.h.max(words.height + words_dy);
    }
    if !parts.bottom.is_empty() {
        y += m.body * 0.2;
        let bottom = set(fonts, &parts.bottom, width);
        append(&mut body.block, &bottom, 0.0, y);
        y += bottom.height;
    }
    body.block.height = y;
    body
}

/// The number to print large: the first phone in the resources, else in the
/// steps, else the first contact's; with the contact's name.
/// The number to print large: the first phone a resource or step names (or the
/// first contact's), with its contact's name and, below it, when it answers and
/// the contact's other numbers.
fn main_phone(model: &Model) -> Option<(String, String, Vec<String>)> {
    let from_parts = |parts: &[TextPart]| {
        parts.iter().find_map(|p| match p {
            TextPart::Field {
                contact,
                field,
                value,
            } if field == "phone" => Some((*contact, value.clone())),
            _ => None,
        })
    };
    let (contact, phone) = model
        .resources
        .iter()
        .find_map(|r| from_parts(&r.text.parts))
        .or_else(|| {
            model
                .tracks
                .iter()
                .flat_map(|t| t.steps.iter())
                .find_map(|s| from_parts(&s.text.parts))
        })
        .or_else(|| {
            model
                .contacts
                .iter()
                .enumerate()
                .find_map(|(i, c)| c.phone.as_ref().map(|p| (crate::model::ContactIdx(i), p.clone())))
        })?;
    let c = model.contact_by(contact)?;
    let mut more: Vec<String> = c.hours.iter().cloned().collect();
    more.extend(c.numbers.iter().map(|n| match &n.hours {
        Some(hours) => format!("{}: {} ({hours})", n.label, n.phone),
        None => format!("{}: {}", n.label, n.phone),
    }));
    Some((c.name.clone(), phone, more))
}

fn phone_content(model: &Model, name: &str, phone: &str, more: &[String], m: &Metrics) -> Content {
    let mut paras = vec![
        para(
            vec![span(model.labels.get("to_report_call"), false, PHONE_SUB)],
            m.body,
            0.0,
        ),
        para(vec![span(phone, true, WHITE)], m.phone, m.body * 0.2),
        para(vec![span(name, false, PHONE_SUB)], m.small, m.body * 0.2),
    ];
    for line in more {
        paras.push(para(
            vec![span(line.as_str(), false, WHITE)],
            m.small,
            m.body * 0.15,
        ));
    }
    Content {
        paras,
        pad: m.pad * 1.2,
    }
}

fn resources_content(model: &Model, m: &Metrics, fonts: &Fonts) -> Content {
    let mut paras = vec![para(
        vec![span(model.labels.get("resources"), true, INK)],
        m.head,
        0.0,
    )];
    let indent = fonts.regular.width("•", m.body) + m.body * 0.45;
    for r in &model.resources {
        let mut spans = linked_spans(&r.text.parts, INK);
        if let Some(url) = &r.url {
            spans.push(span(format!(" — {url}"), false, NAVY));
        }
        if let Some(note) = &r.note {
            spans.push(span(format!(" ({note})"), false, MUTED));
        }
        paras.push(Para {
            spans,
            size: m.body,
            gap_before: m.body * 0.25,
            bullet: Some(span("•", true, NAVY)),
            indent,
            ..Para::default()
        });
    }
    Content { paras, pad: m.pad }
}

fn footer_content(model: &Model, m: &Metrics) -> Content {
    let md = &model.metadata;
    let l = &model.labels;
    let mut spans = vec![
        span(format!("{} {}", l.get("version"), md.version), true, MUTED),
        span(
            format!("  ·  {} {}", capitalised(l.get("effective")), md.effective),
            false,
            MUTED,
        ),
    ];
    let document = &md.document;
    if let Some(status) = document.status {
        spans.push(span(
            format!("  ·  {}: {}", capitalised(l.get("status")), l.status(status)),
            false,
            MUTED,
        ));
    }
    if let Some(due) = &document.next_review {
        spans.push(span(
            format!("  ·  {} {due}", capitalised(l.get("next_review"))),
            false,
            MUTED,
        ));
    }
    // The chain of files it was built from: the protocol's own, then each base it extends.
    for (i, source) in model.sources.iter().enumerate() {
        let short: String = source.sha256.chars().take(12).collect();
        let role = if i == 0 { l.get("source") } else { l.get("extends") };
        spans.push(span(
            format!("  ·  {role} {} ({short})", source.file),
            false,
            MUTED,
        ));
    }
    spans.push(span(
        format!("  ·  {}", capitalised(l.get("built_by"))),
        false,
        MUTED,
    ));
    Content {
        paras: vec![para(spans, m.small, 0.0)],
        pad: m.small * 0.4,
    }
}

// ---------------------------------------------------------------- columns

/// Splits `total` between columns in proportion to `weights`, none narrower than `min`.
fn share(total: f32, weights: &[f32], min: f32) -> Vec<f32> {
    let sum: f32 = weights.iter().sum();
    let n = weights.len().max(1) as f32;
    let mut widths: Vec<f32> = if sum > 0.0 {
        weights.iter().map(|w| total * w / sum).collect()
    } else {
        weights.iter().map(|_| total / n).collect()
    };
    let min = min.min(total / n);
    // Raise the narrow ones to `min`, taking the difference from the others pro rata.
    for _ in 0..3 {
        let deficit: f32 = widths.iter().map(|w| (min - w).max(0.0)).sum();
        if deficit <= 0.0 {
            break;
        }
        let spare: f32 = widths.iter().map(|w| (w - min).max(0.0)).sum();
        if spare <= 0.0 {
            break;
        }
        for w in &mut widths {
            if *w < min {
                *w = min;
            } else {
                *w -= deficit * (*w - min) / spare;
            }
        }
    }
    widths
}

/// A track column set at one width.
struct Column {
    header: Block,
    header_pad: f32,
    items: Vec<Item>,
    /// The widths of the lanes beside the steps, left and right, where arrows to
    /// later steps run.
    lanes: (f32, f32),
    height: f32,
}

/// The colour of the track column at position `n`.
fn track_color(n: usize) -> Color {
    TRACK_COLORS.get(n % TRACK_COLORS.len()).copied().unwrap_or(NAVY)
}

/// Where a column stands: the tracks left to right (model indices) and its position.
#[derive(Clone, Copy)]
struct Neighbours<'a> {
    order: &'a [usize],
    n: usize,
}

impl Neighbours<'_> {
    /// `Some(true)` when track `t` is the next column to the right, `Some(false)`
    /// when it is the one to the left.
    fn side_of(&self, t: TrackIdx) -> Option<bool> {
        let at = self.order.iter().position(|i| *i == t.0)?;
        if at == self.n + 1 {
            Some(true)
        } else if at + 1 == self.n {
            Some(false)
        } else {
            None
        }
    }
    fn color_of(&self, t: TrackIdx) -> Color {
        self.order
            .iter()
            .position(|i| *i == t.0)
            .map_or(NAVY, track_color)
    }
}

/// Where a question's answer goes when it does not go straight down.
enum SideTarget {
    /// A later step (position) of the same track, through a lane beside the steps.
    Goto(usize),
    /// The header of the track in the next column, across the gutter.
    Across(TrackIdx),
    /// A box beside the diamond: the end (`Terminal`) or a track further away (`Marker`).
    Boxed {
        kind: BoxKind,
        block: Block,
        pad: f32,
        w: f32,
        h: f32,
        fill: Color,
        stroke: Option<Color>,
    },
}

/// One answer leaving a diamond sideways.
struct Side {
    right: bool,
    answer: &'static str,
    /// The words on its arrow, and the room they take beside the diamond.
    label: String,
    gap: f32,
    target: SideTarget,
    /// Which lane (from the steps outwards) a `Goto` runs in.
    lane: usize,
}

/// A step or question as set: its box within the column's steps area and its row.
struct Item {
    kind: BoxKind,
    body: Body,
    /// From the box's edge to its text: `pad_x` includes a diamond's points.
    pad_x: f32,
    pad_y: f32,
    /// How far a diamond's points reach in (0 for a step).
    depth: f32,
    dx: f32,
    w: f32,
    h: f32,
    /// The row's height: the box and the boxes beside it, centred on one line.
    row_h: f32,
    gap_before: f32,
    /// Whether an arrow goes on to the next step, and the answers it carries.
    down: bool,
    down_label: Option<String>,
    sides: Vec<Side>,
}

/// The words on an answer's arrow: "Yes", or "Yes (or unclear)" when an unclear
/// answer takes the same route.
/// `answer` is `"Yes"` or `"No"` (the ids' words); the label is in the chart's language.
fn answer_label(model: &Model, answer: &str, unclear: Option<Answer>) -> String {
    let same = match unclear {
        Some(Answer::Yes) => answer == "Yes",
        Some(Answer::No) => answer == "No",
        _ => false,
    };
    let words = model.labels.get(if answer == "Yes" {
        "answer_yes"
    } else {
        "answer_no"
    });
    if same {
        format!("{words} ({})", model.labels.get("or_unclear"))
    } else {
        words.to_string()
    }
}

/// The box beside a diamond for an answer that ends the protocol or goes to a
/// track that is not in the next column.
fn side_box(
    model: &Model,
    route: &Route,
    nb: Neighbours,
    width: f32,
    m: &Metrics,
    fonts: &Fonts,
) -> SideTarget {
    let pad = m.pad * 0.8;
    let (kind, spans, fill, stroke) = match route {
        Route::Track(t) => {
            let title = model.track_by(*t).map_or("?", |t| t.title.as_str());
            (
                BoxKind::Marker,
                vec![span(format!("→ {title}"), true, WHITE)],
                nb.color_of(*t),
                None,
            )
        }
        Route::End(outcome) => {
            let mark = if fonts.bold.has_glyph('■') { "■ " } else { "" };
            (
                BoxKind::Terminal,
                vec![span(mark, true, PHONE_FILL), span(outcome.as_str(), false, INK)],
                STOP_FILL,
                Some(PHONE_FILL),
            )
        }
        // `next` from the last step: the track is done.
        _ => (
            BoxKind::Terminal,
            vec![span(capitalised(model.labels.get("done")), true, INK)],
            STOP_FILL,
            Some(PHONE_FILL),
        ),
    };
    let block = set(fonts, &[para(spans, m.small, 0.0)], width - 2.0 * pad);
    let text_w = block.runs.iter().map(|r| r.dx + r.width).fold(0.0, f32::max);
    SideTarget::Boxed {
        kind,
        w: (text_w + 2.0 * pad).min(width),
        h: block.height + 2.0 * pad,
        block,
        pad,
        fill,
        stroke,
    }
}

fn set_column(
    model: &Model,
    track: &Track,
    nb: Neighbours,
    width: f32,
    m: &Metrics,
    fonts: &Fonts,
) -> Column {
    let color = track_color(nb.n);
    let header = header_content(model, track, m);
    let header_block = header.set(fonts, width);
    let mut height = header.height(&header_block);
    let number_width = fonts.bold.width(&track.steps.len().to_string(), m.body) + m.body * 0.55;
    let count = track.steps.len();
    let label_h = line_height(m.small);

    // Which answers leave sideways, on which side, and the lanes they need.
    let mut routes: Vec<Vec<(bool, &'static str, &Route)>> = Vec::new();
    let mut lanes = (0usize, 0usize);
    for (i, step) in track.steps.iter().enumerate() {
        let mut sides = Vec::new();
        if let Some(q) = &step.question {
            let down = |r: &Route| match r {
                Route::Next => i + 1 < count,
                Route::Goto(j) => *j == i + 1,
                _ => false,
            };
            let wants = |r: &Route| match r {
                Route::Track(t) => nb.side_of(*t),
                _ => None,
            };
            let away: Vec<(&'static str, &Route)> = [("Yes", &q.yes), ("No", &q.no)]
                .into_iter()
                .filter(|(_, r)| !down(r))
                .collect();
            let first_right = match away.as_slice() {
                [(_, a), (_, b)] => wants(a).or(wants(b).map(|s| !s)).unwrap_or(true),
                [(_, a)] => wants(a).unwrap_or(true),
                _ => true,
            };
            for (k, (answer, route)) in away.into_iter().enumerate() {
                sides.push((first_right == (k == 0), answer, route));
            }
        }
        routes.push(sides);
    }
    let lane_of: Vec<Vec<usize>> = routes
        .iter()
        .map(|sides| {
            sides
                .iter()
                .map(|(right, _, r)| match r {
                    Route::Goto(_) if *right => {
                        lanes.1 += 1;
                        lanes.1 - 1
                    }
                    Route::Goto(_) => {
                        lanes.0 += 1;
                        lanes.0 - 1
                    }
                    _ => 0,
                })
                .collect()
        })
        .collect();
    let lane_width = |n: usize| if n == 0 { 0.0 } else { (n as f32 + 0.5) * m.lane };
    let lanes = (lane_width(lanes.0), lane_width(lanes.1));
    let content = (width - lanes.0 - lanes.1).max(1.0);

    let mut items: Vec<Item> = Vec::new();
    for (i, (sides, lane_of)) in routes.iter().zip(&lane_of).enumerate() {
        let Some(step) = track.steps.get(i) else {
            continue;
        };
        let parts = step_parts(model, track, i, number_width, color, m, fonts);
        let gap_before = match items.last() {
            Some(previous) if previous.down_label.is_some() => m.step_gap.max(label_h + 1.5),
            _ => m.step_gap,
        };
        if step.question.is_none() {
            let body = set_body(fonts, &parts, content - 2.0 * m.pad, m);
            let h = body.block.height + 2.0 * m.pad;
            items.push(Item {
                kind: BoxKind::Step,
                body,
                pad_x: m.pad,
                pad_y: m.pad,
                depth: 0.0,
                dx: 0.0,
                w: content,
                h,
                row_h: h,
                gap_before,
                down: step.end.is_none() && i + 1 < count,
                down_label: None,
                sides: Vec::new(),
            });
            continue;
        }
        let unclear = step.question.as_ref().and_then(|q| q.unclear_counts_as);
        let down_answers: Vec<String> = ["Yes", "No"]
            .into_iter()
            .filter(|answer| !sides.iter().any(|(_, a, _)| a == answer))
            .map(|answer| answer_label(model, answer, unclear))
            .collect();
        let question = QuestionSetting {
            parts: &parts,
            sides,
            lanes: lane_of,
            content,
            unclear,
        };
        // The share of the width the boxes beside it take that makes the row lowest.
        let boxed = sides.iter().any(|(right, _, r)| {
            !matches!(r, Route::Goto(_)) && !matches!(r, Route::Track(t) if nb.side_of(*t) == Some(*right))
        });
        let shares: &[f32] = if boxed { &[0.26, 0.33, 0.4, 0.48] } else { &[0.3] };
        let mut best: Option<Item> = None;
        for share in shares {
            let side_width = (content * share).max(MIN_COLUMN);
            let item = set_question(model, &question, nb, side_width, m, fonts);
            if best.as_ref().is_none_or(|b| item.row_h < b.row_h - 0.01) {
                best = Some(item);
            }
        }
        if let Some(mut item) = best {
            item.gap_before = gap_before;
            item.down = !down_answers.is_empty();
            item.down_label = (!down_answers.is_empty()).then(|| down_answers.join(" / "));
            items.push(item);
        }
    }
    for item in &items {
        height += item.gap_before + item.row_h;
    }
    Column {
        header: header_block,
        header_pad: header.pad,
        items,
        lanes,
        height,
    }
}

/// A question's answers that leave sideways, and the room it has.
struct QuestionSetting<'a> {
    parts: &'a StepParts,
    sides: &'a [(bool, &'static str, &'a Route)],
    lanes: &'a [usize],
    content: f32,
    unclear: Option<Answer>,
}

/// A question set as a diamond, with the boxes beside it `side_width` wide at most.
fn set_question(
    model: &Model,
    q: &QuestionSetting,
    nb: Neighbours,
    side_width: f32,
    m: &Metrics,
    fonts: &Fonts,
) -> Item {
    let mut item_sides = Vec::new();
    let mut reserve = (0.0, 0.0);
    for ((right, answer, route), lane) in q.sides.iter().zip(q.lanes) {
        let target = match route {
            Route::Goto(j) => SideTarget::Goto(*j),
            Route::Track(t) if nb.side_of(*t) == Some(*right) => SideTarget::Across(*t),
            other => side_box(model, other, nb, side_width, m, fonts),
        };
        let label = answer_label(model, answer, q.unclear);
        let gap = fonts.bold.width(&label, m.small) + m.body * 0.8;
        let extra = match &target {
            SideTarget::Boxed { w, .. } => gap + w,
            _ => gap,
        };
        if *right {
            reserve.1 += extra;
        } else {
            reserve.0 += extra;
        }
        item_sides.push(Side {
            right: *right,
            answer,
            label,
            gap,
            target,
            lane: *lane,
        });
    }
    let w = (q.content - reserve.0 - reserve.1).max(MIN_COLUMN);
    let pad_y = m.pad * 0.6;
    let inset = m.pad * 0.6;
    let min_depth = m.body * 1.5;
    let mut depth = min_depth;
    let mut tries = 0;
    // The points reach further in on a taller diamond, so its sides keep their slope.
    let body = loop {
        let body = set_body(fonts, q.parts, (w - 2.0 * (depth + inset)).max(1.0), m);
        let h = body.block.height + 2.0 * pad_y;
        let needed = (h * 0.55).max(min_depth).min(w * 0.2);
        tries += 1;
        if needed <= depth + 0.01 || tries >= 4 {
            break body;
        }
        depth = needed;
    };
    let h = body.block.height + 2.0 * pad_y;
    let row_h = item_sides
        .iter()
        .filter_map(|s| match &s.target {
            SideTarget::Boxed { h, .. } => Some(*h),
            _ => None,
        })
        .fold(h, f32::max);
    Item {
        kind: BoxKind::Decision,
        body,
        pad_x: depth + inset,
        pad_y,
        depth,
        dx: reserve.0,
        w,
        h,
        row_h,
        gap_before: 0.0,
        down: false,
        down_label: None,
        sides: item_sides,
    }
}

/// Track columns in order, widths balanced so the columns end at similar heights.
fn set_columns(
    model: &Model,
    order: &[usize],
    total: f32,
    m: &Metrics,
    fonts: &Fonts,
) -> (Vec<f32>, Vec<Column>) {
    let tracks: Vec<&Track> = order.iter().filter_map(|i| model.tracks.get(*i)).collect();
    let min = (total * 0.18).max(MIN_COLUMN);
    let build = |widths: &[f32]| -> Vec<Column> {
        tracks
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(n, (t, w))| set_column(model, t, Neighbours { order, n }, *w, m, fonts))
            .collect()
    };
    let text_weight = |t: &Track| -> f32 {
        t.steps
            .iter()
            .map(|s| s.text.text.chars().count() as f32 + 60.0)
            .sum::<f32>()
            + 40.0
    };
    let weights: Vec<f32> = tracks.iter().map(|t| text_weight(t)).collect();
    balance(total, &weights, min, &build, &|c: &Column| c.height)
}

/// Widths for boxes side by side, from `weights`, then moved from the short boxes to
/// the tall ones while that makes the tallest shorter; with the boxes set at them.
fn balance<T>(
    total: f32,
    weights: &[f32],
    min: f32,
    build: &dyn Fn(&[f32]) -> Vec<T>,
    height: &dyn Fn(&T) -> f32,
) -> (Vec<f32>, Vec<T>) {
    let mut widths = share(total, weights, min);
    let mut boxes = build(&widths);
    let tallest = |boxes: &[T]| boxes.iter().map(height).fold(0.0, f32::max);
    if boxes.len() > 1 {
        for _ in 0..6 {
            let mean = boxes.iter().map(height).sum::<f32>() / boxes.len() as f32;
            let weights: Vec<f32> = widths
                .iter()
                .zip(&boxes)
                .map(|(w, b)| w * (height(b) / mean.max(1.0)).sqrt())
                .collect();
            let next_widths = share(total, &weights, min);
            let next = build(&next_widths);
            if tallest(&next) + 0.5 < tallest(&boxes) {
                widths = next_widths;
                boxes = next;
            } else {
                break;
            }
        }
    }
    (widths, boxes)
}

/// The criteria groups and signals a trigger names, in order of first mention.
fn trigger_inputs(t: &Trigger, out: &mut Vec<String>) {
    match t {
        Trigger::Criteria(c) => push_unique(out, format!("criteria:{}", c.0)),
        Trigger::Signal(s) => push_unique(out, format!("signal:{}", s.0)),
        Trigger::Level { criteria, .. } => push_unique(out, format!("criteria:{}", criteria.0)),
        // Inputs have no box on the chart: the comparison is written in the trigger.
        Trigger::Compare { .. } => {}
        Trigger::Not(inner) => trigger_inputs(inner, out),
        Trigger::All(items) | Trigger::Any(items) => items.iter().for_each(|i| trigger_inputs(i, out)),
    }
}

fn push_unique(out: &mut Vec<String>, key: String) {
    if !out.contains(&key) {
        out.push(key);
    }
}

// ---------------------------------------------------------------- the page

/// The page at one body size, or what overflowed.
fn layout_at(model: &Model, page: Page, fonts: &Fonts, size: f32) -> Result<Layout, DoesNotFit> {
    let m = Metrics::at(size);
    let area = page.printable();
    let w = area.w;
    let too_small = |what: String| DoesNotFit { what };

    // Inputs: criteria groups then signals, keyed by model index.
    struct Input {
        key: String,
        id: String,
        kind: BoxKind,
        content: Content,
        weight: f32,
    }
    let mut inputs: Vec<Input> = Vec::new();
    for (i, c) in model.criteria.iter().enumerate() {
        let content = criteria_content(model, c, &m, fonts);
        let chars: usize = content
            .paras
            .iter()
            .flat_map(|p| &p.spans)
            .map(|s| s.text.len())
            .sum();
        inputs.push(Input {
            key: format!("criteria:{i}"),
            id: format!("criteria:{}", c.id),
            kind: BoxKind::Criteria,
            content,
            weight: (chars as f32).sqrt(),
        });
    }
    for (i, s) in model.signals.iter().enumerate() {
        let content = signal_content(model, SignalIdx(i), s, &m);
        inputs.push(Input {
            key: format!("signal:{i}"),
            id: format!("signal:{}", s.id),
            kind: BoxKind::Signal,
            content,
            weight: (s.text.len() as f32 + 30.0).sqrt(),
        });
    }
    let n_inputs = inputs.len().max(1) as f32;
    let input_total = w - m.gutter * (n_inputs - 1.0);
    if input_total / n_inputs < MIN_COLUMN {
        return Err(too_small(format!(
            "{} criteria groups and signals side by side leave each less than {MIN_COLUMN} pt",
            inputs.len()
        )));
    }
    let (input_widths, input_blocks) = balance(
        input_total,
        &inputs.iter().map(|i| i.weight).collect::<Vec<_>>(),
        (input_total * 0.16).max(MIN_COLUMN),
        &|widths: &[f32]| -> Vec<Block> {
            inputs
                .iter()
                .zip(widths)
                .map(|(i, w)| i.content.set(fonts, *w))
                .collect()
        },
        &|b: &Block| b.height,
    );
    let inputs_height = inputs
        .iter()
        .zip(&input_blocks)
        .map(|(i, b)| i.content.height(b))
        .fold(0.0, f32::max);

    // Tracks, ordered under the inputs that trigger them.
    let track_inputs: Vec<Vec<String>> = model
        .tracks
        .iter()
        .map(|t| {
            let mut keys = Vec::new();
            trigger_inputs(&t.trigger, &mut keys);
            keys
        })
        .collect();
    let position = |key: &String| inputs.iter().position(|i| &i.key == key).unwrap_or(0) as f32;
    let mut order: Vec<usize> = (0..model.tracks.len()).collect();
    let mean_position = |t: usize| -> f32 {
        let keys = track_inputs.get(t).map(Vec::as_slice).unwrap_or(&[]);
        keys.iter().map(position).sum::<f32>() / keys.len().max(1) as f32
    };
    order.sort_by(|a, b| mean_position(*a).total_cmp(&mean_position(*b)));
    let n_tracks = order.len().max(1) as f32;
    let track_total = w - m.gutter * (n_tracks - 1.0);
    if track_total / n_tracks < MIN_COLUMN {
        return Err(too_small(format!(
            "{} tracks side by side leave each column less than {MIN_COLUMN} pt",
            order.len()
        )));
    }
    let (track_widths, columns) = set_columns(model, &order, track_total, &m, fonts);
    let tracks_height = columns.iter().map(|c| c.height).fold(0.0, f32::max);

    // Arrows into the tracks: one lane each in the channel between the rows.
    let arrow_count: usize = order
        .iter()
        .filter_map(|t| track_inputs.get(*t))
        .map(Vec::len)
        .sum();
    let channel = (arrow_count as f32 + 1.0) * m.lane + m.body * 0.8;

    let title = title_content(model, &m);
    let title_block = title.set(fonts, w);
    let title_height = title.height(&title_block);

    let phone = main_phone(model);
    let phone_box = phone.as_ref().map(|(name, number, more)| {
        let content = phone_content(model, name, number, more, &m);
        let natural = fonts.bold.width(number, m.phone) + 2.0 * content.pad + m.body;
        let width = natural.max(w * 0.3).min(w * 0.5);
        let block = content.set(fonts, width);
        (content, block, width)
    });
    let resources = (!model.resources.is_empty()).then(|| resources_content(model, &m, fonts));
    let resources_width = match &phone_box {
        Some((_, _, pw)) => w - pw - m.gutter,
        None => w,
    };
    let resources_block = resources.as_ref().map(|c| c.set(fonts, resources_width));
    let band_height = [
        phone_box.as_ref().map(|(c, b, _)| c.height(b)),
        resources
            .as_ref()
            .zip(resources_block.as_ref())
            .map(|(c, b)| c.height(b)),
    ]
    .into_iter()
    .flatten()
    .fold(0.0, f32::max);

    let footer = footer_content(model, &m);
    let footer_block = footer.set(fonts, w);
    let footer_height = footer.height(&footer_block);

    let band_gap = if band_height > 0.0 { m.gap } else { 0.0 };
    let needed = title_height
        + m.gap
        + inputs_height
        + channel
        + tracks_height
        + band_gap
        + band_height
        + m.gap
        + footer_height;
    if needed > area.h {
        // Name the biggest part, so the author knows what to shorten.
        let tallest_track = order
            .iter()
            .zip(&columns)
            .max_by(|a, b| a.1.height.total_cmp(&b.1.height));
        let mut what = format!(
            "at {size} pt the chart is {needed:.0} pt tall and the page has {:.0} pt",
            area.h
        );
        if let Some((t, c)) = tallest_track {
            if let Some(track) = model.tracks.get(*t) {
                what.push_str(&format!(
                    "; the tallest part is track `{}` ({} steps, {:.0} pt)",
                    track.id,
                    track.steps.len(),
                    c.height
                ));
            }
        }
        if inputs_height > tracks_height {
            what.push_str(&format!("; the criteria row is {inputs_height:.0} pt"));
        }
        return Err(too_small(what));
    }
    // Share part of the spare height between the gaps, so the page looks filled.
    let slack = area.h - needed;
    let extra = (slack / 4.0).min(m.body * 1.2);

    let mut out = Layout {
        page,
        body_size: size,
        boxes: Vec::new(),
        arrows: Vec::new(),
        rules: Vec::new(),
        texts: Vec::new(),
        badges: Vec::new(),
        broken_words: 0,
    };
    let add_box = |out: &mut Layout, b: LayoutBox, block: &Block, pad: f32| {
        add_box_at(out, fonts, b, block, pad, pad);
    };

    let mut y = area.y;
    add_box(
        &mut out,
        LayoutBox {
            id: "title".into(),
            kind: BoxKind::Title,
            rect: Rect {
                x: area.x,
                y,
                w,
                h: title_height,
            },
            fill: Some(NAVY),
            stroke: None,
            radius: m.radius,
        },
        &title_block,
        title.pad,
    );
    y += title_height + m.gap + extra;

    let mut x = area.x;
    let mut input_rects: Vec<(String, Rect)> = Vec::new();
    for ((input, block), width) in inputs.iter().zip(&input_blocks).zip(&input_widths) {
        let rect = Rect {
            x,
            y,
            w: *width,
            h: inputs_height,
        };
        let (fill, stroke) = match input.kind {
            BoxKind::Signal => (SIGNAL_FILL, SIGNAL_EDGE),
            _ => (PANEL, PANEL_EDGE),
        };
        add_box(
            &mut out,
            LayoutBox {
                id: input.id.clone(),
                kind: input.kind,
                rect,
                fill: Some(fill),
                stroke: Some(stroke),
                radius: m.radius,
            },
            block,
            input.content.pad,
        );
        input_rects.push((input.key.clone(), rect));
        x += width + m.gutter;
    }
    let channel_top = y + inputs_height;
    y = channel_top + channel + extra;

    // Track columns.
    let mut header_rects: Vec<(usize, String, Rect, Color)> = Vec::new();
    let mut crossings = Vec::new();
    let mut x = area.x;
    for (n, ((t, column), width)) in order.iter().zip(&columns).zip(&track_widths).enumerate() {
        let Some(track) = model.tracks.get(*t) else {
            continue;
        };
        let color = TRACK_COLORS.get(n % TRACK_COLORS.len()).copied().unwrap_or(NAVY);
        let header_id = format!("track:{}", track.id);
        let header_rect = Rect {
            x,
            y,
            w: *width,
            h: column.header.height + 2.0 * column.header_pad,
        };
        add_box(
            &mut out,
            LayoutBox {
                id: header_id.clone(),
                kind: BoxKind::TrackHeader,
                rect: header_rect,
                fill: Some(color),
                stroke: None,
                radius: m.radius,
            },
            &column.header,
            column.header_pad,
        );
        header_rects.push((*t, header_id.clone(), header_rect, color));
        let at = ColumnPlace {
            x,
            width: *width,
            gutter: m.gutter,
            header: (&header_id, header_rect),
        };
        crossings.extend(place_steps(&mut out, fonts, &m, track, column, &at, color));
        x += width + m.gutter;
    }

    place_crossings(&mut out, &crossings, &header_rects, &m);

    // Arrows from inputs to the tracks they trigger, spread along both edges.
    struct Link {
        from: String,
        from_rect: Rect,
        to: String,
        to_rect: Rect,
        color: Color,
    }
    let mut links: Vec<Link> = Vec::new();
    for (t, id, rect, color) in &header_rects {
        for key in track_inputs.get(*t).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some((_, from_rect)) = input_rects.iter().find(|(k, _)| k == key) {
                let from = inputs
                    .iter()
                    .find(|i| &i.key == key)
                    .map(|i| i.id.clone())
                    .unwrap_or_default();
                links.push(Link {
                    from,
                    from_rect: *from_rect,
                    to: id.clone(),
                    to_rect: *rect,
                    color: *color,
                });
            }
        }
    }
    let spread = |rect: &Rect, k: usize, n: usize| rect.x + rect.w * (k as f32 + 1.0) / (n as f32 + 1.0);
    let start_x: Vec<f32> = links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut same: Vec<(usize, f32)> = links
                .iter()
                .enumerate()
                .filter(|(_, o)| o.from == l.from)
                .map(|(j, o)| (j, o.to_rect.x))
                .collect();
            same.sort_by(|a, b| a.1.total_cmp(&b.1));
            let k = same.iter().position(|(j, _)| *j == i).unwrap_or(0);
            spread(&l.from_rect, k, same.len())
        })
        .collect();
    let end_x: Vec<f32> = links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut same: Vec<(usize, f32)> = links
                .iter()
                .enumerate()
                .filter(|(_, o)| o.to == l.to)
                .map(|(j, o)| (j, o.from_rect.x))
                .collect();
            same.sort_by(|a, b| a.1.total_cmp(&b.1));
            let k = same.iter().position(|(j, _)| *j == i).unwrap_or(0);
            spread(&l.to_rect, k, same.len())
        })
        .collect();
    // Lanes: arrows that travel furthest sideways get the lanes nearest the tracks.
    let mut lane_order: Vec<usize> = (0..links.len()).collect();
    lane_order.sort_by(|a, b| {
        let d = |i: &usize| (start_x.get(*i).unwrap_or(&0.0) - end_x.get(*i).unwrap_or(&0.0)).abs();
        d(a).total_cmp(&d(b))
    });
    let channel_bottom = channel_top + channel + extra;
    let lane_span = channel + extra;
    for (lane, i) in lane_order.iter().enumerate() {
        let (Some(l), Some(sx), Some(ex)) = (links.get(*i), start_x.get(*i), end_x.get(*i)) else {
            continue;
        };
        let lane_y = channel_top + lane_span * (lane as f32 + 1.0) / (links.len() as f32 + 1.0);
        let mut points = vec![Point {
            x: *sx,
            y: l.from_rect.bottom(),
        }];
        if (sx - ex).abs() > 0.5 {
            points.push(Point { x: *sx, y: lane_y });
            points.push(Point { x: *ex, y: lane_y });
        }
        points.push(Point {
            x: *ex,
            y: channel_bottom,
        });
        out.arrows.push(Arrow {
            from: l.from.clone(),
            to: l.to.clone(),
            points,
            color: if l.color == NAVY { ARROW_IN } else { l.color },
            width: (m.body * 0.13).max(1.0),
        });
    }

    y += tracks_height + band_gap + extra;
    if band_height > 0.0 {
        let mut x = area.x;
        if let Some((content, block, width)) = &phone_box {
            add_box(
                &mut out,
                LayoutBox {
                    id: "phone".into(),
                    kind: BoxKind::Phone,
                    rect: Rect {
                        x,
                        y,
                        w: *width,
                        h: band_height,
                    },
                    fill: Some(PHONE_FILL),
                    stroke: None,
                    radius: m.radius,
                },
                block,
                content.pad,
            );
            x += width + m.gutter;
        }
        if let (Some(content), Some(block)) = (&resources, &resources_block) {
            add_box(
                &mut out,
                LayoutBox {
                    id: "resources".into(),
                    kind: BoxKind::Resources,
                    rect: Rect {
                        x,
                        y,
                        w: resources_width,
                        h: band_height,
                    },
                    fill: Some(PANEL),
                    stroke: Some(PANEL_EDGE),
                    radius: m.radius,
                },
                block,
                content.pad,
            );
        }
    }

    let footer_y = area.bottom() - footer_height;
    out.rules.push(Rule {
        from: Point {
            x: area.x,
            y: footer_y,
        },
        to: Point {
            x: area.right(),
            y: footer_y,
        },
        color: PANEL_EDGE,
        width: 0.6,
    });
    add_box(
        &mut out,
        LayoutBox {
            id: "footer".into(),
            kind: BoxKind::Footer,
            rect: Rect {
                x: area.x,
                y: footer_y,
                w,
                h: footer_height,
            },
            fill: None,
            stroke: None,
            radius: 0.0,
        },
        &footer_block,
        footer.pad,
    );
    Ok(out)
}

// ---------------------------------------------------------------- branching

/// The outline of a decision box: a diamond stretched sideways, with pointed
/// left and right ends reaching `radius` in from the box's sides.
pub fn decision_outline(b: &LayoutBox) -> Vec<Point> {
    let r = &b.rect;
    let d = b.radius.min(r.w / 2.0).max(0.0);
    let yc = r.y + r.h / 2.0;
    vec![
        Point { x: r.x, y: yc },
        Point { x: r.x + d, y: r.y },
        Point {
            x: r.right() - d,
            y: r.y,
        },
        Point { x: r.right(), y: yc },
        Point {
            x: r.right() - d,
            y: r.bottom(),
        },
        Point {
            x: r.x + d,
            y: r.bottom(),
        },
    ]
}

/// Adds box `b` with `block` set `(ox, oy)` in from its top-left corner.
fn add_box_at(out: &mut Layout, fonts: &Fonts, b: LayoutBox, block: &Block, ox: f32, oy: f32) {
    let owner = out.boxes.len();
    out.broken_words += block.broken;
    place(fonts, block, b.rect.x + ox, b.rect.y + oy, owner, &mut out.texts);
    out.boxes.push(b);
}

/// Adds a "Yes"/"No" label `(text, colour)` with its top-left corner at `at`.
fn add_label(
    out: &mut Layout,
    fonts: &Fonts,
    id: String,
    (text, color): (&str, Color),
    at: Point,
    m: &Metrics,
) {
    let block = set(
        fonts,
        &[para(vec![span(text, true, color)], m.small, 0.0)],
        1000.0,
    );
    let w = block.runs.iter().map(|r| r.dx + r.width).fold(0.0, f32::max);
    let b = LayoutBox {
        id,
        kind: BoxKind::Label,
        rect: Rect {
            x: at.x,
            y: at.y,
            w,
            h: block.height,
        },
        fill: None,
        stroke: None,
        radius: 0.0,
    };
    add_box_at(out, fonts, b, &block, 0.0, 0.0);
}

/// An answer's arrow to another column's header, drawn once every column is placed.
struct Crossing {
    from: String,
    vertex: Point,
    right: bool,
    /// The middle of the gutter the arrow runs in.
    gutter_x: f32,
    target: TrackIdx,
    color: Color,
}

/// Where a column's steps go: its left edge and width, and its header.
struct ColumnPlace<'a> {
    x: f32,
    width: f32,
    gutter: f32,
    header: (&'a str, Rect),
}

/// Places a column's steps and questions under its header, with the arrows
/// between them and from each answer to where it leads; returns the arrows to
/// other columns' headers, which are drawn when those are placed.
fn place_steps(
    out: &mut Layout,
    fonts: &Fonts,
    m: &Metrics,
    track: &Track,
    column: &Column,
    at: &ColumnPlace,
    color: Color,
) -> Vec<Crossing> {
    let width = (m.body * 0.12).max(0.9);
    let label_h = line_height(m.small);
    let left = at.x + column.lanes.0;
    let right = at.x + at.width - column.lanes.1;
    let mut crossings = Vec::new();
    // Each step's id and box (and a diamond's depth) for the arrows that lead to it.
    let mut placed: Vec<(String, Rect, f32, &Item)> = Vec::new();
    let mut previous: (String, Rect, f32, bool, Option<String>) =
        (at.header.0.to_string(), at.header.1, 0.0, true, None);
    let mut y = at.header.1.bottom();
    for (i, item) in column.items.iter().enumerate() {
        y += item.gap_before;
        let id = format!("step:{}:{}", track.id, i + 1);
        let rect = Rect {
            x: left + item.dx,
            y: y + (item.row_h - item.h) / 2.0,
            w: item.w,
            h: item.h,
        };
        let (fill, stroke, radius) = match item.kind {
            BoxKind::Decision => (Some(WHITE), Some(color), item.depth),
            _ => (Some(tint(color, 0.92)), Some(color), m.radius),
        };
        let b = LayoutBox {
            id: id.clone(),
            kind: item.kind,
            rect,
            fill,
            stroke,
            radius,
        };
        add_box_at(out, fonts, b, &item.body.block, item.pad_x, item.pad_y);
        for badge in &item.body.badges {
            out.badges.push(Badge {
                owner: id.clone(),
                rect: Rect {
                    x: rect.x + item.pad_x + badge.x,
                    y: rect.y + item.pad_y + badge.y,
                    ..*badge
                },
                color,
            });
        }
        // The arrow down from the step before, through the middle of both boxes' flat edges.
        let (from, from_rect, from_depth, flows, label) = &previous;
        if *flows {
            let lo = (from_rect.x + from_depth).max(rect.x + item.depth);
            let hi = (from_rect.right() - from_depth).min(rect.right() - item.depth);
            let cx = (lo + hi) / 2.0;
            out.arrows.push(Arrow {
                from: from.clone(),
                to: id.clone(),
                points: vec![
                    Point {
                        x: cx,
                        y: from_rect.bottom(),
                    },
                    Point { x: cx, y: rect.y },
                ],
                color,
                width,
            });
            if let Some(text) = label {
                let label_id = format!("label:{from}:down");
                let top = from_rect.bottom() + (item.gap_before - label_h) / 2.0;
                let label_at = Point {
                    x: cx + m.body * 0.35,
                    y: top,
                };
                add_label(out, fonts, label_id, (text, color), label_at, m);
            }
        }
        // The answers that leave sideways.
        let yc = rect.y + rect.h / 2.0;
        for side in &item.sides {
            let vertex = Point {
                x: if side.right { rect.right() } else { rect.x },
                y: yc,
            };
            let label_x = if side.right {
                vertex.x + m.body * 0.3
            } else {
                vertex.x - side.gap + m.body * 0.5
            };
            let label_id = format!("label:{id}:{}", side.answer.to_lowercase());
            let label_at = Point {
                x: label_x,
                y: yc - label_h - 1.0,
            };
            add_label(out, fonts, label_id, (&side.label, color), label_at, m);
            match &side.target {
                SideTarget::Boxed {
                    kind,
                    block,
                    pad,
                    w,
                    h,
                    fill,
                    stroke,
                } => {
                    let bx = if side.right {
                        vertex.x + side.gap
                    } else {
                        vertex.x - side.gap - w
                    };
                    let to = format!("route:{}:{}:{}", track.id, i + 1, side.answer.to_lowercase());
                    let b = LayoutBox {
                        id: to.clone(),
                        kind: *kind,
                        rect: Rect {
                            x: bx,
                            y: yc - h / 2.0,
                            w: *w,
                            h: *h,
                        },
                        fill: Some(*fill),
                        stroke: *stroke,
                        radius: (h / 2.0).min(m.body),
                    };
                    let tip = if side.right { bx } else { bx + w };
                    add_box_at(out, fonts, b, block, *pad, *pad);
                    out.arrows.push(Arrow {
                        from: id.clone(),
                        to,
                        points: vec![vertex, Point { x: tip, y: yc }],
                        color,
                        width,
                    });
                }
                SideTarget::Across(t) => crossings.push(Crossing {
                    from: id.clone(),
                    vertex,
                    right: side.right,
                    gutter_x: if side.right {
                        at.x + at.width + at.gutter / 2.0
                    } else {
                        at.x - at.gutter / 2.0
                    },
                    target: *t,
                    color,
                }),
                // Drawn below, once the later steps are placed.
                SideTarget::Goto(_) => {}
            }
        }
        placed.push((id.clone(), rect, item.depth, item));
        previous = (id, rect, item.depth, item.down, item.down_label.clone());
        y += item.row_h;
    }
    // Answers that skip ahead: out to a lane beside the steps, down, and in.
    for (from, rect, _, item) in &placed {
        for side in &item.sides {
            let SideTarget::Goto(j) = side.target else {
                continue;
            };
            let Some((to, target, depth, target_item)) = placed.get(j) else {
                continue;
            };
            let lane_x = if side.right {
                right + m.lane * (side.lane as f32 + 1.0)
            } else {
                left - m.lane * (side.lane as f32 + 1.0)
            };
            let vertex = Point {
                x: if side.right { rect.right() } else { rect.x },
                y: rect.y + rect.h / 2.0,
            };
            let mut points = vec![
                vertex,
                Point {
                    x: lane_x,
                    y: vertex.y,
                },
            ];
            let edge = if side.right { target.right() } else { target.x };
            let taken = target_item.sides.iter().any(|s| s.right == side.right);
            if target_item.kind == BoxKind::Decision && taken {
                // Its point is taken by its own answer: in through its top edge.
                let above = target.y - target_item.gap_before / 2.0;
                let tx = if side.right {
                    target.right() - depth - m.body
                } else {
                    target.x + depth + m.body
                };
                points.push(Point { x: lane_x, y: above });
                points.push(Point { x: tx, y: above });
                points.push(Point { x: tx, y: target.y });
            } else {
                let ty = if target_item.kind == BoxKind::Decision {
                    target.y + target.h / 2.0
                } else {
                    (target.y + (line_height(m.body) + m.pad + 2.0).max(target.h / 2.0))
                        .min(target.bottom() - 2.0)
                };
                points.push(Point { x: lane_x, y: ty });
                points.push(Point { x: edge, y: ty });
            }
            out.arrows.push(Arrow {
                from: from.clone(),
                to: to.clone(),
                points,
                color,
                width,
            });
        }
    }
    crossings
}

/// Draws the arrows from answers to the headers of the tracks in the next columns.
fn place_crossings(
    out: &mut Layout,
    crossings: &[Crossing],
    headers: &[(usize, String, Rect, Color)],
    m: &Metrics,
) {
    let width = (m.body * 0.12).max(0.9);
    for c in crossings {
        let Some((_, to, header, _)) = headers.iter().find(|(t, ..)| *t == c.target.0) else {
            continue;
        };
        let edge = if c.right { header.x } else { header.right() };
        let mut points = vec![c.vertex];
        if c.vertex.y > header.y + 3.0 && c.vertex.y < header.bottom() - 3.0 {
            points.push(Point {
                x: edge,
                y: c.vertex.y,
            });
        } else {
            let ty = header.bottom() - (header.h / 2.0).min(m.body);
            points.push(Point {
                x: c.gutter_x,
                y: c.vertex.y,
            });
            points.push(Point { x: c.gutter_x, y: ty });
            points.push(Point { x: edge, y: ty });
        }
        out.arrows.push(Arrow {
            from: c.from.clone(),
            to: to.clone(),
            points,
            color: c.color,
            width,
        });
    }
}

/// `color` mixed with white: `amount` 0 is the colour, 1 is white.
fn tint(color: Color, amount: f32) -> Color {
    let mix = |c: u8| {
        (f32::from(c) + (255.0 - f32::from(c)) * amount)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Color(mix(color.0), mix(color.1), mix(color.2))
}
