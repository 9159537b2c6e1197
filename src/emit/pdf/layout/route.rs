//! The arrows: down a column from one step to the next (with the answers it
//! carries), out to a lane beside the steps and in to a later step, across the
//! gutter to the next column's header, and from the inputs to the tracks they
//! trigger, each in its own lane of the channel between the rows.

use super::column::Column;
use super::frame::{Arrow, BoxKind, Color, Layout, Point, Rect};
use super::place::{add_label, ColumnPlace, PlacedStep};
use super::question::SideTarget;
use super::style::{Sizes, ARROW_IN, NAVY};
use super::text::line_height;
use crate::emit::pdf::metrics::Fonts;
use crate::model::{TrackIdx, Trigger};

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
    pub(super) vertex: Point,
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
            to: to.id.clone(),
            points,
            color: c.color,
            width: m.arrow,
            dashed: false,
        });
    }
}

/// An input's box as placed: its key (`criteria:<index>` or `signal:<index>`), id
/// and rectangle.
pub(super) struct PlacedInput {
    pub(super) key: String,
    pub(super) id: String,
    pub(super) rect: Rect,
}

/// The channel between the inputs row and the track headers, where the arrows
/// into the tracks run: its top, its bottom (the headers' top) and the height
/// its lanes are spread over.
pub(super) struct Channel {
    pub(super) top: f32,
    pub(super) bottom: f32,
    pub(super) span: f32,
}

/// The height of a channel with `arrows` arrows in it: a lane for each, and room
/// above and below them.
pub(super) fn channel_height(arrows: usize, m: &Sizes) -> f32 {
    (arrows as f32 + 1.0) * m.lane + m.body * 0.8
}

/// An arrow from an input to a track it triggers.
struct InputLink {
    from: String,
    from_rect: Rect,
    to: String,
    to_rect: Rect,
    color: Color,
    /// The trigger names the input only negated.
    negated: bool,
}

/// Draws the arrows from the inputs to the tracks they trigger (`triggers`: each
/// track's inputs), spread along both edges, each in its own lane; dashed from an
/// input the trigger names only negated.
pub(super) fn input_arrows(
    out: &mut Layout,
    m: &Sizes,
    inputs: &[PlacedInput],
    headers: &[PlacedHeader],
    triggers: &[Vec<TriggerInput>],
    channel: &Channel,
) {
    let mut links: Vec<InputLink> = Vec::new();
    for header in headers {
        for named in triggers.get(header.track).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(input) = inputs.iter().find(|i| i.key == named.key) {
                links.push(InputLink {
                    from: input.id.clone(),
                    from_rect: input.rect,
                    to: header.id.clone(),
                    to_rect: header.rect,
                    color: header.color,
                    negated: named.negated,
                });
            }
        }
    }
    let start_x: Vec<f32> = (0..links.len()).map(|i| link_end_x(&links, i, true)).collect();
    let end_x: Vec<f32> = (0..links.len()).map(|i| link_end_x(&links, i, false)).collect();
    // Lanes: arrows that travel furthest sideways get the lanes nearest the tracks.
    let mut lane_order: Vec<usize> = (0..links.len()).collect();
    lane_order.sort_by(|a, b| {
        let d = |i: &usize| (start_x.get(*i).unwrap_or(&0.0) - end_x.get(*i).unwrap_or(&0.0)).abs();
        d(a).total_cmp(&d(b))
    });
    for (lane, i) in lane_order.iter().enumerate() {
        let (Some(l), Some(sx), Some(ex)) = (links.get(*i), start_x.get(*i), end_x.get(*i)) else {
            continue;
        };
        let lane_y = channel.top + channel.span * (lane as f32 + 1.0) / (links.len() as f32 + 1.0);
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
            y: channel.bottom,
        });
        out.arrows.push(Arrow {
            from: l.from.clone(),
            to: l.to.clone(),
            points,
            color: if l.color == NAVY { ARROW_IN } else { l.color },
            width: m.input_arrow,
            dashed: l.negated,
        });
    }
}

/// A link's end (its start or its finish): the box's id and rectangle, and the
/// other end's rectangle.
fn link_end(l: &InputLink, at_start: bool) -> (&str, Rect, Rect) {
    if at_start {
        (&l.from, l.from_rect, l.to_rect)
    } else {
        (&l.to, l.to_rect, l.from_rect)
    }
}

/// Where link `i` leaves its input (`at_start`) or enters its track: the links
/// that share that box are spread along its edge in the order of their other ends.
fn link_end_x(links: &[InputLink], i: usize, at_start: bool) -> f32 {
    let end = |l| link_end(l, at_start);
    let Some((id, rect, _)) = links.get(i).map(end) else {
        return 0.0;
    };
    let mut same: Vec<(usize, f32)> = links
        .iter()
        .map(end)
        .enumerate()
        .filter(|(_, (other, ..))| *other == id)
        .map(|(j, (.., far))| (j, far.x))
        .collect();
    same.sort_by(|a, b| a.1.total_cmp(&b.1));
    let k = same.iter().position(|(j, _)| *j == i).unwrap_or(0);
    rect.x + rect.w * (k as f32 + 1.0) / (same.len() as f32 + 1.0)
}

/// A criteria group or signal a trigger names (`criteria:N`, `signal:N`), and
/// whether it names it only negated (`not disclosed`): its arrow is dashed.
pub(super) struct TriggerInput {
    pub(super) key: String,
    pub(super) negated: bool,
}

/// The criteria groups and signals a trigger names, in order of first mention.
pub(super) fn trigger_inputs(t: &Trigger) -> Vec<TriggerInput> {
    let mut mentions = Vec::new();
    mentions_of(t, false, &mut mentions);
    let mut out: Vec<TriggerInput> = Vec::new();
    for (key, negated) in mentions {
        match out.iter_mut().find(|i| i.key == key) {
            Some(known) => known.negated &= negated,
            None => out.push(TriggerInput { key, negated }),
        }
    }
    out
}

/// Every mention of a group or signal in `t`, with whether it is under an odd
/// number of `not`s.
fn mentions_of(t: &Trigger, negated: bool, out: &mut Vec<(String, bool)>) {
    match t {
        Trigger::Criteria(c) => out.push((format!("criteria:{}", c.0), negated)),
        Trigger::Signal(s) => out.push((format!("signal:{}", s.0), negated)),
        Trigger::Level { criteria, .. } => out.push((format!("criteria:{}", criteria.0), negated)),
        // Inputs and answers have no box on the chart: the test is written in the trigger.
        Trigger::Compare { .. } | Trigger::Answer { .. } => {}
        Trigger::Not(inner) => mentions_of(inner, !negated, out),
        Trigger::All(items) | Trigger::Any(items) => items.iter().for_each(|i| mentions_of(i, negated, out)),
    }
}
