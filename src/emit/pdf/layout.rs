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
    Alone, CompareOp, Criteria, Factor, InputIdx, Leaf, Level, LevelIdx, Model, Scoring, SignalIdx, TextPart,
    Track, Trigger, TriggerWords,
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

/// Greedy line breaking with the fonts' advances.
fn wrap(fonts: &Fonts, spans: &[Span], size: f32, width: f32) -> (Vec<Vec<Piece>>, usize) {
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
            if !line.is_empty() && needed > width + 0.01 {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
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
    let mut block = Block::default();
    let mut y = 0.0;
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            y += p.gap_before;
        }
        let lh = line_height(p.size);
        let base = baseline_offset(fonts, p.size);
        let cells_width = p.cells.len() as f32 * p.cell_width;
        let (lines, broken) = wrap(fonts, &p.spans, p.size, (width - p.indent - cells_width).max(1.0));
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
                format!("Only when {}", condition_words(model, when)),
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
                    let possible = f
                        .possible
                        .unwrap_or(if c.possible_counts_as_yes { f.points } else { 0 });
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
                    last.text.push_str(" (a “possible” counts as present)");
                }
                last.text.push(':');
            }
            paras.push(met);
            paras.extend(factors);
        }
        Some(scoring) => {
            paras.push(Para {
                spans: vec![span("Answer each item and add up its points (no: 0)", true, INK)],
                size: m.small,
                gap_before: m.body * 0.3,
                cells: vec![span("Yes", true, MUTED), span("Possible", true, MUTED)],
                cell_width,
                ..Para::default()
            });
            paras.extend(factors);
            paras.push(levels_table(scoring, m));
            if !scoring.overrides.is_empty() {
                paras.push(para(
                    vec![span("Whatever the total:", true, NAVY)],
                    m.body,
                    m.body * 0.45,
                ));
                let bullet_indent = fonts.regular.width("•", m.body) + m.body * 0.45;
                for o in &scoring.overrides {
                    let level = level_title(c, o.level);
                    let level = if o.force {
                        level.to_string()
                    } else {
                        format!("at least {level}")
                    };
                    paras.push(Para {
                        spans: vec![
                            span(level, true, INK),
                            span(format!(" when {}", condition_words(model, &o.when)), false, INK),
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
        Some(Alone::Meets) => notes.push(vec![span("enough on its own", true, NAVY)]),
        Some(Alone::AtLeast(l)) => notes.push(vec![
            span("on its own: at least ", false, NAVY),
            span(level_title(c, l), true, NAVY),
        ]),
        None => {}
    }
    if let Some(when) = &f.derived {
        notes.push(vec![span(
            format!("ticked when {}", condition_words(model, when)),
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

fn level_title(c: &Criteria, l: LevelIdx) -> &str {
    c.level_by(l).map_or("?", |l| l.title.as_str())
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
fn levels_table(scoring: &Scoring, m: &Metrics) -> Para {
    let mut spans = vec![span("Level from the total: ", true, NAVY)];
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
                            return format!("{} is {low} to {high}", input.text);
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
                span("Makes ", false, INK),
                span(c.title.as_str(), true, INK),
                span(if o.force { " " } else { " at least " }, false, INK),
                span(level_title(c, o.level), true, INK),
            ],
            None if leaves.contains(&Leaf::Signal(index)) => vec![
                span("Also counts in ", false, INK),
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

/// Where a route leads, in a few words: "step 6", "“Other track”", "end: …".
fn route_words(model: &Model, track: &Track, route: &crate::model::Route, number: usize) -> String {
    let labels = &model.labels;
    match route {
        crate::model::Route::Next if number >= track.steps.len() => labels.get("done").to_string(),
        crate::model::Route::Next => format!("{} {}", labels.get("step"), number + 1),
        crate::model::Route::Goto(j) => format!("{} {}", labels.get("step"), j + 1),
        crate::model::Route::Track(t) => {
            format!("“{}”", model.track_by(*t).map_or("?", |t| t.title.as_str()))
        }
        crate::model::Route::End(outcome) => format!("{}: {outcome}", labels.get("end")),
    }
}

/// The content of a track's step at `index` (0-based), numbered from 1.
fn step_content(
    model: &Model,
    track: &Track,
    index: usize,
    number_width: f32,
    color: Color,
    m: &Metrics,
    fonts: &Fonts,
) -> Content {
    let number = index + 1;
    let Some(step) = track.steps.get(index) else {
        return Content {
            paras: Vec::new(),
            pad: m.pad,
        };
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
        text.insert(0, span(format!("{}: ", model.labels.get("ask")), true, color));
    }
    paras.push(para(text, m.body, m.body * 0.2));
    // A question's routes, each answer with where it leads.
    if let Some(q) = &step.question {
        let mut routes = vec![
            span(format!("{} → ", model.labels.get("answer_yes")), true, color),
            span(route_words(model, track, &q.yes, number), false, INK),
        ];
        routes.push(span(
            format!("   {} → ", model.labels.get("answer_no")),
            true,
            color,
        ));
        routes.push(span(route_words(model, track, &q.no, number), false, INK));
        if let Some(a) = q.unclear_counts_as {
            routes.push(span(
                format!(
                    "   {}: {}",
                    model.labels.get("answer_unclear"),
                    model.labels.counts_as(a)
                ),
                false,
                INK,
            ));
        }
        paras.push(para(routes, m.body, m.body * 0.2));
    }
    // Who, when and which form, in one line under the text.
    let mut who = Vec::new();
    if let Some(role) = &step.role {
        who.push(span(role.as_str(), true, INK));
        for backup in &step.backups {
            who.push(span(
                format!(", {} {backup}", model.labels.get("then")),
                false,
                INK,
            ));
        }
    }
    if let Some(deadline) = crate::emit::handout::context::deadline_words(model, step) {
        if !who.is_empty() {
            who.push(span("  ·  ", false, INK));
        }
        who.push(span(deadline, true, color));
    }
    if let Some(form) = &step.form {
        if !who.is_empty() {
            who.push(span("  ·  ", false, INK));
        }
        let label = model.labels.get("form");
        let name = match &form.code {
            Some(code) => format!("{label}: {} ({code})", form.name),
            None => format!("{label}: {}", form.name),
        };
        who.push(span(name, false, INK));
    }
    if !who.is_empty() {
        paras.push(para(who, m.body, m.body * 0.2));
    }
    if let Some(handoff) = &step.handoff {
        paras.push(para(
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
        paras.push(para(
            vec![span(
                format!("{}: {end}", model.labels.get("protocol_ends_here")),
                true,
                color,
            )],
            m.body,
            m.body * 0.2,
        ));
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
            paras.push(para(spans, m.body, m.body * 0.2));
        }
    }
    // The number hangs in the first paragraph's indent, level with its first line.
    for p in &mut paras {
        p.indent = number_width;
    }
    if let Some(first) = paras.first_mut() {
        first.bullet = Some(span(number.to_string(), true, color));
    }
    Content { paras, pad: m.pad }
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
    steps: Vec<(Block, f32)>,
    height: f32,
}

fn set_column(model: &Model, track: &Track, color: Color, width: f32, m: &Metrics, fonts: &Fonts) -> Column {
    let header = header_content(model, track, m);
    let header_block = header.set(fonts, width);
    let mut height = header.height(&header_block);
    let number_width = fonts.bold.width(&track.steps.len().to_string(), m.body) + m.body * 0.55;
    let mut steps = Vec::new();
    for n in 0..track.steps.len() {
        let content = step_content(model, track, n, number_width, color, m, fonts);
        let block = content.set(fonts, width);
        height += m.step_gap + content.height(&block);
        steps.push((block, content.pad));
    }
    Column {
        header: header_block,
        header_pad: header.pad,
        steps,
        height,
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
    let color = |n: usize| TRACK_COLORS.get(n % TRACK_COLORS.len()).copied().unwrap_or(NAVY);
    let min = (total * 0.18).max(MIN_COLUMN);
    let build = |widths: &[f32]| -> Vec<Column> {
        tracks
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(n, (t, w))| set_column(model, t, color(n), *w, m, fonts))
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
        broken_words: 0,
    };
    let add_box = |out: &mut Layout, b: LayoutBox, block: &Block, pad: f32| {
        let owner = out.boxes.len();
        out.broken_words += block.broken;
        place(
            fonts,
            block,
            b.rect.x + pad,
            b.rect.y + pad,
            owner,
            &mut out.texts,
        );
        out.boxes.push(b);
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
        let mut previous = (header_id, header_rect);
        let mut sy = header_rect.bottom();
        for (i, (block, pad)) in column.steps.iter().enumerate() {
            sy += m.step_gap;
            let id = format!("step:{}:{}", track.id, i + 1);
            let rect = Rect {
                x,
                y: sy,
                w: *width,
                h: block.height + 2.0 * pad,
            };
            add_box(
                &mut out,
                LayoutBox {
                    id: id.clone(),
                    kind: BoxKind::Step,
                    rect,
                    fill: Some(tint(color, 0.92)),
                    stroke: Some(color),
                    radius: m.radius,
                },
                block,
                *pad,
            );
            let cx = x + width / 2.0;
            out.arrows.push(Arrow {
                from: previous.0.clone(),
                to: id.clone(),
                points: vec![
                    Point {
                        x: cx,
                        y: previous.1.bottom(),
                    },
                    Point { x: cx, y: rect.y },
                ],
                color,
                width: (m.body * 0.12).max(0.9),
            });
            sy = rect.bottom();
            previous = (id, rect);
        }
        x += width + m.gutter;
    }

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

/// `color` mixed with white: `amount` 0 is the colour, 1 is white.
fn tint(color: Color, amount: f32) -> Color {
    let mix = |c: u8| {
        (f32::from(c) + (255.0 - f32::from(c)) * amount)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Color(mix(color.0), mix(color.1), mix(color.2))
}
