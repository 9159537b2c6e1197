//! The arrows in and between the track columns: down a column from one step to the
//! next (with the answers it carries), out to a lane beside the steps and in to a
//! later step, and across the gutter to the next column's header. (The arrows from
//! the inputs into the tracks are `links`'.)

use super::column::Column;
use super::frame::{Arrow, BoxKind, Color, Layout, Point, Rect};
use super::place::{add_label, ColumnPlace, PlacedStep};
use super::question::SideTarget;
use super::style::Sizes;
use super::text::line_height;
use crate::emit::pdf::metrics::Fonts;
use crate::model::TrackIdx;

/// The box an arrow comes down from: the header or the step above, with a
/// diamond's depth and the answers the arrow carries.
pub(super) struct Above<'a> {
    pub(super) id: &'a str,
    pub(super) rect: Rect,
    pub(super) depth: f32,
    pub(super) label: Option<&'a str>,
}

/// The arrow down from the box above to `step`, through the middle of both boxes'
/// flat edges, with its answers' label beside it.
pub(super) fn arrow_down(
    out: &mut Layout,
    fonts: &Fonts,
    m: &Sizes,
    above: &Above,
    step: &PlacedStep,
    color: Color,
) {
    let (from, from_rect, rect) = (above.id, above.rect, step.rect);
    let lo = (from_rect.x + above.depth).max(rect.x + step.row.depth);
    let hi = (from_rect.right() - above.depth).min(rect.right() - step.row.depth);
    let cx = (lo + hi) / 2.0;
    out.arrows.push(Arrow {
        from: from.to_string(),
        to: step.id.clone(),
        points: vec![
            Point {
                x: cx,
                y: from_rect.bottom(),
            },
            Point { x: cx, y: rect.y },
        ],
        color,
        width: m.arrow,
        dashed: false,
    });
    if let Some(text) = above.label {
        let label_id = format!("label:{from}:down");
        let top = from_rect.bottom() + (step.row.gap_before - line_height(m.small)) / 2.0;
        let label_at = Point {
            x: cx + m.body * 0.35,
            y: top,
        };
        add_label(out, fonts, label_id, (text, color), label_at, m);
    }
}

/// Answers that skip ahead: out to a lane beside the steps, down, and in.
pub(super) fn skip_arrows(
    out: &mut Layout,
    m: &Sizes,
    column: &Column,
    at: &ColumnPlace,
    placed: &[PlacedStep],
) {
    let left = at.x + column.lanes.0;
    let right = at.x + at.width - column.lanes.1;
    for step in placed {
        let rect = step.rect;
        for side in &step.row.sides {
            let SideTarget::Goto(j) = side.target else {
                continue;
            };
            let Some(to) = placed.iter().find(|p| p.number == j + 1) else {
                continue;
            };
            let (target, target_row) = (to.rect, to.row);
            let depth = target_row.depth;
            let lane_x = if side.right {
                right + m.lane * (side.lane as f32 + 1.0)
            } else {
                left - m.lane * (side.lane as f32 + 1.0)
            };
            let mut points = side.lead(rect);
            let level = rect.y + rect.h / 2.0 + side.dy;
            points.push(Point { x: lane_x, y: level });
            let edge = if side.right { target.right() } else { target.x };
            let taken = target_row.sides.iter().any(|s| s.right == side.right);
            if target_row.kind == BoxKind::Decision && taken {
                // Its point is taken by its own answer: in through its top edge.
                let above = target.y - target_row.gap_before / 2.0;
                let tx = if side.right {
                    target.right() - depth - m.body
                } else {
                    target.x + depth + m.body
                };
                points.push(Point { x: lane_x, y: above });
                points.push(Point { x: tx, y: above });
                points.push(Point { x: tx, y: target.y });
            } else {
                let ty = if target_row.kind == BoxKind::Decision {
                    target.y + target.h / 2.0
                } else {
                    (target.y + (line_height(m.body) + m.pad + 2.0).max(target.h / 2.0))
                        .min(target.bottom() - 2.0)
                };
                points.push(Point { x: lane_x, y: ty });
                points.push(Point { x: edge, y: ty });
            }
            out.arrows.push(Arrow {
                from: step.id.clone(),
                to: to.id.clone(),
                points,
                color: at.color,
                width: m.arrow,
                dashed: false,
            });
        }
    }
}

/// An answer's arrow to another column's header, drawn once every column is placed.
pub(super) struct Crossing {
    pub(super) from: String,
    /// From the diamond to where the arrow runs level (its last point).
    pub(super) lead: Vec<Point>,
    pub(super) right: bool,
    /// The middle of the gutter the arrow runs in.
    pub(super) gutter_x: f32,
    pub(super) target: TrackIdx,
    pub(super) color: Color,
}

/// A track's header as placed: the track (model index), the box's id and rectangle,
/// and the column's colour.
pub(super) struct PlacedHeader {
    pub(super) track: usize,
    pub(super) id: String,
    pub(super) rect: Rect,
    pub(super) color: Color,
}

/// Draws the arrows from answers to the headers of the tracks in the next columns.
pub(super) fn place_crossings(out: &mut Layout, crossings: &[Crossing], headers: &[PlacedHeader], m: &Sizes) {
    for c in crossings {
        let Some(to) = headers.iter().find(|h| h.track == c.target.0) else {
            continue;
        };
        let header = to.rect;
        let edge = if c.right { header.x } else { header.right() };
        let Some(&level) = c.lead.last() else {
            continue;
        };
        let mut points = c.lead.clone();
        if level.y > header.y + 3.0 && level.y < header.bottom() - 3.0 {
            points.push(Point { x: edge, y: level.y });
        } else {
            let ty = header.bottom() - (header.h / 2.0).min(m.body);
            points.push(Point {
                x: c.gutter_x,
                y: level.y,
            });
            points.push(Point { x: c.gutter_x, y: ty });
            points.push(Point { x: edge, y: ty });
        }
        out.arrows.push(Arrow {
            from: c.from.clone(),
            to: to.id.clone(),
            points,
            color: c.color,
            width: m.arrow,
            dashed: false,
        });
    }
}
