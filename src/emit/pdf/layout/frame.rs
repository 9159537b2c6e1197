//! The laid-out page as data, what `draw.rs` reads: boxes, arrows, rules, text runs
//! and badges, in points from the page's top-left corner.

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

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
    /// On a chart of several pages: a track in the overview on the first page.
    Overview,
    /// Under a column whose track goes on in another column: where it goes on.
    Continued,
    /// The key to the marks of required steps: each mark's reason.
    Key,
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
    /// Drawn dashed: the way a trigger goes when the box it leaves does not hold
    /// (`not disclosed`).
    pub dashed: bool,
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
    /// Of those, the ones in decision diamonds (a chart with any is set otherwise).
    pub broken_in_decisions: usize,
}

impl Layout {
    /// A page with nothing on it yet, at body size `body_size`.
    pub(crate) fn empty(page: Page, body_size: f32) -> Self {
        Layout {
            page,
            body_size,
            boxes: Vec::new(),
            arrows: Vec::new(),
            rules: Vec::new(),
            texts: Vec::new(),
            badges: Vec::new(),
            broken_words: 0,
            broken_in_decisions: 0,
        }
    }

    /// The box with this id.
    pub fn find(&self, id: &str) -> Option<&LayoutBox> {
        self.boxes.iter().find(|b| b.id == id)
    }
}

/// A laid-out flowchart: one page, or several when one page at the body size
/// the rule allows does not hold it (see [`super::layout`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub pages: Vec<Layout>,
}

impl Chart {
    /// The smallest text size on any page, in points.
    pub fn smallest_text(&self) -> f32 {
        self.pages
            .iter()
            .flat_map(|p| &p.texts)
            .map(|t| t.size)
            .fold(f32::INFINITY, f32::min)
    }
}

/// Nothing the layout can do holds the chart (a single box taller than a page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DoesNotFit {
    /// What did not fit, in words.
    pub(crate) what: String,
    /// The declaration of what did not fit, as it starts in the protocol
    /// (`criteria at_risk_1`, `step s01`), to say where it is written.
    pub(crate) declared: Option<String>,
}

/// The outline of a decision box: a diamond stretched sideways, with pointed
/// left and right ends reaching `radius` in from the box's sides.
pub(crate) fn decision_outline(b: &LayoutBox) -> Vec<Point> {
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
