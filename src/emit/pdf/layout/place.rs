//! Putting set blocks on the page: a box with its text, an answer's label, and a
//! track column's steps and questions under its header, each with its badges, the
//! labels on its answers and the boxes beside a diamond.

use super::column::{Column, StepRow};
use super::frame::{Arrow, Badge, BoxKind, Color, Layout, LayoutBox, Point, Rect};
use super::question::SideTarget;
use super::route::{arrow_down, skip_arrows, Above, Crossing};
use super::style::{tint, Sizes, WHITE};
use super::text::{para, place, set, styled, Block};
use crate::emit::pdf::metrics::Fonts;
use crate::model::Track;

/// Adds box `b` with `block` set `(ox, oy)` in from its top-left corner.
pub(super) fn add_box_at(out: &mut Layout, fonts: &Fonts, b: LayoutBox, block: &Block, ox: f32, oy: f32) {
    let owner = out.boxes.len();
    out.broken_words += block.broken;
    if b.kind == BoxKind::Decision {
        out.broken_in_decisions += block.broken;
    }
    place(fonts, block, b.rect.x + ox, b.rect.y + oy, owner, &mut out.texts);
    out.boxes.push(b);
}

/// Adds box `b` with `block` set `pad` in from its top and left edges.
pub(super) fn add_padded_box(out: &mut Layout, fonts: &Fonts, b: LayoutBox, block: &Block, pad: f32) {
    add_box_at(out, fonts, b, block, pad, pad);
}

/// A "Yes"/"No" label `(text, colour)` set no wider than `width`.
pub(super) fn label_block(fonts: &Fonts, (text, color): (&str, Color), width: f32, m: &Sizes) -> Block {
    set(
        fonts,
        &[para(vec![styled(text, true, color)], m.small, 0.0)],
        width,
    )
}

/// Adds a "Yes"/"No" label `(text, colour)` on one line with its top-left corner at `at`.
pub(super) fn add_label(
    out: &mut Layout,
    fonts: &Fonts,
    id: String,
    label: (&str, Color),
    at: Point,
    m: &Sizes,
) {
    add_label_block(out, fonts, id, &label_block(fonts, label, 1000.0, m), at);
}

/// Adds a set label with its top-left corner at `at`.
fn add_label_block(out: &mut Layout, fonts: &Fonts, id: String, block: &Block, at: Point) {
    let b = LayoutBox {
        id,
        kind: BoxKind::Label,
        rect: Rect {
            x: at.x,
            y: at.y,
            w: block.width(),
            h: block.height,
        },
        fill: None,
        stroke: None,
        radius: 0.0,
    };
    add_box_at(out, fonts, b, block, 0.0, 0.0);
}

/// Where a column's steps go: its track and colour, its left edge and width, and
/// its header.
pub(super) struct ColumnPlace<'a> {
    pub(super) track: &'a Track,
    pub(super) color: Color,
    pub(super) x: f32,
    pub(super) width: f32,
    pub(super) gutter: f32,
    pub(super) header: (&'a str, Rect),
}

/// A step or question placed on the page: its number (from 1), box id and box.
pub(super) struct PlacedStep<'a> {
    pub(super) number: usize,
    pub(super) id: String,
    pub(super) rect: Rect,
    pub(super) row: &'a StepRow,
}

/// Places a column's steps and questions under its header, with the arrows
/// between them and from each answer to where it leads; returns the arrows to
/// other columns' headers, which are drawn when those are placed.
///
/// Only the rows in `rows` are placed (a track continued from one column to the
/// next is placed a part at a time); its steps keep their numbers in the track.
pub(super) fn place_steps(
    out: &mut Layout,
    fonts: &Fonts,
    m: &Sizes,
    column: &Column,
    at: &ColumnPlace,
    rows: std::ops::Range<usize>,
) -> Vec<Crossing> {
    let left = at.x + column.lanes.0;
    let mut crossings = Vec::new();
    // Each step's id and box (and a diamond's depth) for the arrows that lead to it.
    let mut placed: Vec<PlacedStep> = Vec::new();
    let mut y = at.header.1.bottom();
    for (i, row) in column.rows.iter().enumerate().take(rows.end).skip(rows.start) {
        y += row.gap_before;
        let step = PlacedStep {
            number: i + 1,
            id: format!("step:{}:{}", at.track.id, i + 1),
            rect: Rect {
                x: left + row.dx,
                y: y + row.top,
                w: row.w,
                h: row.h,
            },
            row,
        };
        place_row(out, fonts, m, &step, at.color);
        let above = match placed.last() {
            None => Some(Above {
                id: at.header.0,
                rect: at.header.1,
                depth: 0.0,
                label: None,
            }),
            Some(previous) if previous.row.down => Some(Above {
                id: &previous.id,
                rect: previous.rect,
                depth: previous.row.depth,
                label: previous.row.down_label.as_deref(),
            }),
            Some(_) => None,
        };
        if let Some(above) = above {
            arrow_down(out, fonts, m, &above, &step, at.color);
        }
        place_sides(out, fonts, m, at, &step, &mut crossings);
        placed.push(step);
        y += row.row_h;
    }
    skip_arrows(out, m, column, at, &placed);
    crossings
}

/// Adds a step's or question's box with its text and deadline badges.
fn place_row(out: &mut Layout, fonts: &Fonts, m: &Sizes, step: &PlacedStep, color: Color) {
    let (row, rect) = (step.row, step.rect);
    let (fill, stroke, radius) = match row.kind {
        BoxKind::Decision => (Some(WHITE), Some(color), row.depth),
        _ => (Some(tint(color, 0.92)), Some(color), m.radius),
    };
    let b = LayoutBox {
        id: step.id.clone(),
        kind: row.kind,
        rect,
        fill,
        stroke,
        radius,
    };
    add_box_at(out, fonts, b, &row.body.block, row.pad_x, row.pad_y);
    for badge in &row.body.badges {
        out.badges.push(Badge {
            owner: step.id.clone(),
            rect: Rect {
                x: rect.x + row.pad_x + badge.x,
                y: rect.y + row.pad_y + badge.y,
                ..*badge
            },
            color,
        });
    }
}

/// The answers that leave a diamond sideways: each one's label, and the box beside
/// the diamond it leads to, or the arrow across to the next column (kept in
/// `crossings` until that column is placed). Arrows to later steps are drawn by
/// [`skip_arrows`] once those are placed.
fn place_sides(
    out: &mut Layout,
    fonts: &Fonts,
    m: &Sizes,
    at: &ColumnPlace,
    step: &PlacedStep,
    crossings: &mut Vec<Crossing>,
) {
    let (rect, color, id) = (step.rect, at.color, &step.id);
    let yc = rect.y + rect.h / 2.0;
    for side in &step.row.sides {
        let lead = side.lead(rect);
        // Where it runs level: at the diamond's point, or below the diamond.
        let y = yc + side.dy;
        let (label_x, near) = side.along(rect, m);
        let label_id = format!("label:{id}:{}", side.key);
        // Above the arrow, on two lines when the column is narrow.
        let block = label_block(fonts, (&side.label, color), side.label_width + 0.01, m);
        let label_at = Point {
            x: label_x,
            y: y - block.height - 1.0,
        };
        add_label_block(out, fonts, label_id, &block, label_at);
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
                let bx = if side.right { near } else { near - w };
                let to = format!("route:{}:{}:{}", at.track.id, step.number, side.key);
                let b = LayoutBox {
                    id: to.clone(),
                    kind: *kind,
                    rect: Rect {
                        x: bx,
                        y: y - h / 2.0,
                        w: *w,
                        h: *h,
                    },
                    fill: Some(*fill),
                    stroke: *stroke,
                    radius: (h / 2.0).min(m.body),
                };
                let tip = if side.right { bx } else { bx + w };
                add_padded_box(out, fonts, b, block, *pad);
                let mut points = lead;
                points.push(Point { x: tip, y });
                out.arrows.push(Arrow {
                    from: id.clone(),
                    to,
                    points,
                    color,
                    width: m.arrow,
                    dashed: false,
                });
            }
            SideTarget::Across(t) => crossings.push(Crossing {
                from: id.clone(),
                lead,
                right: side.right,
                gutter_x: if side.right {
                    at.x + at.width + at.gutter / 2.0
                } else {
                    at.x - at.gutter / 2.0
                },
                target: *t,
                color,
            }),
            // Drawn by `skip_arrows`, once the later steps are placed.
            SideTarget::Goto(_) => {}
        }
    }
}
