//! The flowchart's geometry, as data: a pure function from the validated model and
//! font metrics to a [`Chart`]: one or more [`Layout`] pages of boxes, arrows, rules
//! and positioned text runs.
//!
//! Nothing here knows about PDF. Coordinates are points with the origin at the
//! page's top-left corner and y growing downwards; `draw.rs` flips them. The engine
//! wraps text with the fonts' real advances, grows boxes with their text, shares
//! the width between columns (balancing the track columns' heights), and steps the
//! body size down from [`MAX_BODY`] to [`MIN_BODY`] until everything fits on one page;
//! when nothing does, it first tries again with required steps' reasons as marks and a
//! key instead of a line in each step (`required`), then sets the chart over several
//! pages at [`PAGES_BODY`] (`pages`).
//! Nothing is set below [`SMALLEST`].
//!
//! The parts, from the words to the page:
//! - `frame`: what the layout hands to `draw.rs` ([`Layout`], its boxes, arrows,
//!   rules, text runs and badges) and [`decision_outline`];
//! - `style`: the colours, and the sizes and spacing derived from one body size;
//! - `text`: styled text, paragraphs, line breaking with the fonts' advances, and
//!   setting paragraphs into blocks of positioned runs;
//! - `wording`: the model in the chart's words (triggers, conditions, thresholds,
//!   answers);
//! - `content`: the boxes' contents: title, track header, phone number, resources,
//!   footer;
//! - `criteria`: the criteria groups (with their score sheets) and the signals;
//! - `step`: a step's text, deadline badges and details, set to a width;
//! - `required`: why a step is required, under the step or as a mark and a key;
//! - `question`: a question as a diamond, with the answers that leave it sideways;
//! - `column`: a track column set at one width, and sharing and balancing widths
//!   between boxes side by side;
//! - `page`: the page at one body size, built in phases (title, inputs row, track
//!   columns, phone and resources band, footer);
//! - `pages`: a chart over several pages: the frame every page shares, and the
//!   tracks' columns, a track going on from one column to the next;
//! - `front`: the first pages of a chart on several pages: the inputs and the
//!   overview of the tracks in rows, with the arrows between them;
//! - `place`: adding a set block to the page as a box with its text, and placing
//!   a column's steps, badges, answer labels and the boxes beside a diamond;
//! - `route`: the arrows in and between the track columns: down a column, in lanes
//!   beside it, across to the next column;
//! - `links`: the arrows from the inputs into the tracks they trigger, over any
//!   rows of boxes, each in lanes of its own.

mod choices;
mod column;
mod content;
mod criteria;
mod frame;
mod front;
mod links;
mod outcome;
mod page;
mod pages;
mod place;
mod question;
mod required;
mod route;
mod step;
mod style;
mod text;
mod wording;

pub(crate) use frame::{decision_outline, DoesNotFit};
pub use frame::{Arrow, Badge, BoxKind, Chart, Color, Layout, LayoutBox, Page, Point, Rect, Rule, TextRun};
pub use style::{MIN_BODY, PAGES_BODY, SMALLEST};

use crate::emit::pdf::metrics::Fonts;
use crate::model::Model;
use page::layout_at;
use pages::layout_pages;
use style::{Reasons, MAX_BODY};

/// How far the size steps down each time.
const SIZE_STEP: f32 = 0.5;
/// The body sizes tried on a poster before the usual ones, largest first.
const POSTER_BODIES: [f32; 6] = [28.0, 24.0, 20.0, 18.0, 16.0, 14.0];

/// Lays out the flowchart of `model` on `page`. The rule: one page at the largest
/// body size from [`MAX_BODY`] down to [`MIN_BODY`] at which everything fits; when
/// none does, several pages at [`PAGES_BODY`] (see `pages`). With `grow` (a
/// poster) larger sizes are tried first, then the page is made as tall as the
/// chart needs, so it stays one page.
///
/// A size at which fewer words have to be broken between letters is preferred to a
/// larger one that breaks more (a phone number split over two lines is no use), and
/// a page that would break a word inside a decision diamond is not used at all.
pub(crate) fn layout(model: &Model, page: Page, grow: bool, fonts: &Fonts) -> Result<Chart, DoesNotFit> {
    // A poster is read from further away: the largest of these sizes that fills its
    // sheet without growing it, before the page is let grow at the usual sizes.
    if grow {
        for size in POSTER_BODIES {
            if let Ok(layout) = layout_at(model, page, fonts, size, false, Reasons::UnderStep) {
                if layout.broken_words == 0 {
                    return Ok(Chart { pages: vec![layout] });
                }
            }
        }
    }
    // Required steps' reasons under their steps; where that leaves no one-page size,
    // marks with a key, before the chart goes on over pages.
    let styles: &[Reasons] = if required::any(model) {
        &[Reasons::UnderStep, Reasons::Marked]
    } else {
        &[Reasons::UnderStep]
    };
    let mut fallback: Option<Layout> = None;
    for &reasons in styles {
        let (clean, broken) = one_page(model, page, grow, fonts, reasons);
        if let Some(layout) = clean {
            return Ok(Chart { pages: vec![layout] });
        }
        fallback = fewer_broken(fallback, broken);
    }
    match fallback {
        Some(layout) => Ok(Chart { pages: vec![layout] }),
        None => layout_pages(model, page, fonts, PAGES_BODY).map(|pages| Chart { pages }),
    }
}

/// The one-page layouts at the sizes from [`MAX_BODY`] down to [`MIN_BODY`]: the
/// largest with no word broken, else the largest with the fewest broken words.
fn one_page(
    model: &Model,
    page: Page,
    grow: bool,
    fonts: &Fonts,
    reasons: Reasons,
) -> (Option<Layout>, Option<Layout>) {
    let mut size = MAX_BODY;
    let mut fallback: Option<Layout> = None;
    while size >= MIN_BODY - 0.001 {
        match layout_at(model, page, fonts, size, grow, reasons) {
            // Never a word broken in a diamond: narrow columns go on over pages instead.
            Ok(layout) if layout.broken_in_decisions > 0 => {}
            Ok(layout) if layout.broken_words == 0 => return (Some(layout), None),
            Ok(layout) => fallback = fewer_broken(fallback, Some(layout)),
            Err(_) => {}
        }
        size -= SIZE_STEP;
    }
    (None, fallback)
}

/// Of two layouts, the one with fewer broken words (the first when they tie).
fn fewer_broken(kept: Option<Layout>, other: Option<Layout>) -> Option<Layout> {
    match (kept, other) {
        (Some(k), Some(o)) if o.broken_words < k.broken_words => Some(o),
        (Some(k), _) => Some(k),
        (None, o) => o,
    }
}
