//! A question as a diamond: which answers leave it sideways and on which side,
//! the lanes the answers that skip ahead run in, the boxes beside it (the end, or a
//! track further away), and the width that makes its row lowest.

use super::column::{Neighbours, StepRow};
use super::frame::{BoxKind, Color};
use super::frame::{Point, Rect};
use super::step::{set_body, StepBody, StepContent};
use super::style::{Sizes, INK, MIN_COLUMN, PHONE_FILL, STOP_FILL, WHITE};
use super::text::{para, set, styled, Block};
use super::wording::{answer_label, capitalised};
use crate::emit::pdf::metrics::Fonts;
use crate::model::{Answer, Model, Question, Route, Track, TrackIdx};

/// An answer that does not go straight down to the next step: its side, where it
/// goes and, for a `Goto`, the lane it runs in.
pub(super) struct SideRoute<'a> {
    pub(super) right: bool,
    pub(super) answer: Answer,
    pub(super) route: &'a Route,
    /// The later step of the same track it leads to, if it does.
    pub(super) to_step: Option<usize>,
    pub(super) lane: usize,
}

/// For each step of `track`, the answers that leave it sideways (an answer to a
/// track in the next column leaves on that column's side); and how many lanes
/// the answers that skip ahead need on the left and on the right. A yes/no
/// question's answer that goes on to the next step goes straight down; each
/// choice of a question answered by picking one leaves sideways, one exit a
/// choice, on alternate sides.
pub(super) fn side_routes<'a>(track: &'a Track, nb: Neighbours) -> (Vec<Vec<SideRoute<'a>>>, (usize, usize)) {
    let count = track.steps.len();
    let mut lanes = (0usize, 0usize);
    let mut routes = Vec::new();
    for (i, step) in track.steps.iter().enumerate() {
        let mut sides = Vec::new();
        if let Some(q) = &step.question {
            let choices = matches!(q, Question::Choices(_));
            let down = |r: &Route| match r {
                Route::Next => i + 1 < count,
                Route::Goto(j) => *j == i + 1,
                _ => false,
            };
            let wants = |r: &Route| match r {
                Route::Track(t) => nb.side_of(*t),
                _ => None,
            };
            let away: Vec<(Answer, &Route)> = q
                .routes()
                .into_iter()
                .filter(|(_, r)| choices || !down(r))
                .collect();
            let first_right = match away.as_slice() {
                [(_, a), (_, b), ..] => wants(a).or(wants(b).map(|s| !s)).unwrap_or(true),
                [(_, a)] => wants(a).unwrap_or(true),
                _ => true,
            };
            for (k, (answer, route)) in away.into_iter().enumerate() {
                // A choice runs right, unless it goes to the track in the column on the left.
                let right = match route {
                    _ if !choices => first_right == (k == 0),
                    Route::Track(t) => nb.side_of(*t).unwrap_or(true),
                    _ => true,
                };
                // A later step of the track, reached through a lane beside the steps
                // (a choice that goes on to the next step runs there through one too).
                let to_step = match route {
                    Route::Goto(j) => Some(*j),
                    Route::Next if i + 1 < count => Some(i + 1),
                    _ => None,
                };
                let lane = match to_step {
                    Some(_) if right => {
                        lanes.1 += 1;
                        lanes.1 - 1
                    }
                    Some(_) => {
                        lanes.0 += 1;
                        lanes.0 - 1
                    }
                    None => 0,
                };
                sides.push(SideRoute {
                    right,
                    answer,
                    route,
                    to_step,
                    lane,
                });
            }
        }
        routes.push(sides);
    }
    (routes, lanes)
}

/// A question's answers that leave sideways, and the room it has.
pub(super) struct QuestionSetting<'a> {
    pub(super) parts: &'a StepContent,
    pub(super) sides: &'a [SideRoute<'a>],
    /// The width of the column's steps area.
    pub(super) content: f32,
    pub(super) question: &'a Question,
}

/// A question's row: the diamond and the boxes beside it, at the share of the
/// width for those boxes that makes the row lowest.
pub(super) fn question_row(
    model: &Model,
    q: &QuestionSetting,
    nb: Neighbours,
    m: &Sizes,
    fonts: &Fonts,
) -> Option<StepRow> {
    if let Question::Choices(_) = q.question {
        return Some(super::choices::choice_row(model, q, nb, m, fonts));
    }
    let down_answers: Vec<String> = q
        .question
        .routes()
        .into_iter()
        .filter(|(answer, _)| !q.sides.iter().any(|s| s.answer == *answer))
        .map(|(answer, _)| answer_label(model, q.question, answer))
        .collect();
    // The share of the width the boxes beside it take that makes the row lowest.
    let boxed = q.sides.iter().any(|s| {
        !matches!(s.route, Route::Goto(_))
            && !matches!(s.route, Route::Track(t) if nb.side_of(*t) == Some(s.right))
    });
    // Words broken between letters (in the diamond or the box beside it) count
    // before height: "stude nt" is worse than a taller row.
    let shares: &[f32] = if boxed {
        &[0.16, 0.21, 0.26, 0.33, 0.4, 0.48]
    } else {
        &[0.3]
    };
    let broken = |row: &StepRow| {
        row.body.block.broken
            + row
                .sides
                .iter()
                .map(|s| match &s.target {
                    SideTarget::Boxed { block, .. } => block.broken,
                    _ => 0,
                })
                .sum::<usize>()
    };
    let mut best: Option<StepRow> = None;
    for share in shares {
        let side_width = (q.content * share).max(MIN_COLUMN);
        let row = set_question(model, q, nb, side_width, m, fonts);
        let better = best.as_ref().is_none_or(|b| {
            let (now, then) = (broken(&row), broken(b));
            now < then || (now == then && row.row_h < b.row_h - 0.01)
        });
        if better {
            best = Some(row);
        }
    }
    let mut row = best?;
    row.down = !down_answers.is_empty();
    row.down_label = (!down_answers.is_empty()).then(|| down_answers.join(" / "));
    Some(row)
}

/// A question set as a diamond, with the boxes beside it `side_width` wide at most.
fn set_question(
    model: &Model,
    q: &QuestionSetting,
    nb: Neighbours,
    side_width: f32,
    m: &Sizes,
    fonts: &Fonts,
) -> StepRow {
    let mut row_sides: Vec<Side> = Vec::new();
    for side in q.sides {
        let right = side.right;
        let target = side_target(model, side, nb, side_width, m, fonts);
        let label = answer_label(model, q.question, side.answer);
        // A long label ("Yes (or unclear)") goes on two lines in a narrow column,
        // leaving the diamond room for whole words.
        let label_width = label_width(&label, q.content * 0.18, m, fonts);
        let gap = label_width + m.body * 0.8;
        row_sides.push(Side {
            right,
            key: q.question.word(side.answer).to_lowercase(),
            label,
            label_width,
            gap,
            target,
            lane: side.lane,
            below: None,
            dy: 0.0,
        });
    }
    let reserve = (
        room_beside(&mut row_sides, false),
        room_beside(&mut row_sides, true),
    );
    let w = (q.content - reserve.0 - reserve.1).max(MIN_COLUMN);
    let Diamond {
        body,
        depth,
        inset,
        pad_y,
    } = diamond(fonts, q.parts, w, m);
    let h = body.block.height + 2.0 * pad_y;
    let row_h = row_sides
        .iter()
        .filter_map(|s| match &s.target {
            SideTarget::Boxed { h, .. } => Some(*h),
            _ => None,
        })
        .fold(h, f32::max);
    StepRow {
        kind: BoxKind::Decision,
        body,
        pad_x: depth + inset,
        pad_y,
        depth,
        dx: reserve.0,
        w,
        h,
        row_h,
        top: (row_h - h) / 2.0,
        gap_before: 0.0,
        down: false,
        down_label: None,
        sides: row_sides,
    }
}

/// A question's diamond `w` wide: its text, how far its points reach in, and its padding.
pub(super) struct Diamond {
    pub(super) body: StepBody,
    pub(super) depth: f32,
    pub(super) inset: f32,
    pub(super) pad_y: f32,
}

/// Sets a question's text in a diamond `w` wide; the points reach further in on a
/// taller diamond, so its sides keep their slope.
pub(super) fn diamond(fonts: &Fonts, parts: &StepContent, w: f32, m: &Sizes) -> Diamond {
    let pad_y = m.pad * 0.6;
    let inset = m.pad * 0.6;
    let min_depth = m.body * 1.5;
    let mut depth = min_depth;
    let mut tries = 0;
    let body = loop {
        let body = set_body(fonts, parts, (w - 2.0 * (depth + inset)).max(1.0), m);
        let h = body.block.height + 2.0 * pad_y;
        let needed = (h * 0.55).max(min_depth).min(w * 0.14);
        tries += 1;
        if needed <= depth + 0.01 || tries >= 4 {
            break body;
        }
        depth = needed;
    };
    Diamond {
        body,
        depth,
        inset,
        pad_y,
    }
}

/// The room the answer leaving on one side takes beside the diamond (`Side::gap`
/// the same for every answer there).
fn room_beside(sides: &mut [Side], right: bool) -> f32 {
    let on_side = || sides.iter().filter(|s| s.right == right);
    let gap = on_side().map(|s| s.gap).fold(0.0, f32::max);
    let widest_box = on_side()
        .map(|s| match &s.target {
            SideTarget::Boxed { w, .. } => *w,
            _ => 0.0,
        })
        .fold(0.0, f32::max);
    let any = on_side().next().is_some();
    for side in sides.iter_mut().filter(|s| s.right == right) {
        side.gap = gap;
    }
    if any {
        gap + widest_box
    } else {
        0.0
    }
}

/// Where a question's answer goes when it does not go straight down.
pub(super) enum SideTarget {
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
pub(super) struct Side {
    pub(super) right: bool,
    /// The answer as ids name it: `yes`, `no`, or a choice's name.
    pub(super) key: String,
    /// The words on its arrow, and the room they take beside the diamond.
    pub(super) label: String,
    /// The widest its label's lines may be.
    pub(super) label_width: f32,
    pub(super) gap: f32,
    pub(super) target: SideTarget,
    /// Which lane (from the steps outwards) a `Goto` runs in.
    pub(super) lane: usize,
    /// Where it leaves from under the diamond, from the diamond's left edge, for
    /// a choice (`None`: from the diamond's point, as a yes or a no does).
    pub(super) below: Option<f32>,
    /// How far below the middle of the diamond it runs level (0 at the point).
    pub(super) dy: f32,
}

impl Side {
    /// The points of its arrow from the diamond `rect` to where it runs level: the
    /// diamond's point, or down from under the diamond to its level.
    pub(super) fn lead(&self, rect: Rect) -> Vec<Point> {
        let yc = rect.y + rect.h / 2.0;
        match self.below {
            None => vec![Point {
                x: if self.right { rect.right() } else { rect.x },
                y: yc,
            }],
            Some(dx) => vec![
                Point {
                    x: rect.x + dx,
                    y: rect.bottom(),
                },
                Point {
                    x: rect.x + dx,
                    y: yc + self.dy,
                },
            ],
        }
    }

    /// Where its label starts and where its box's near end is, along its level:
    /// beside the diamond's point, or beside where it comes down.
    pub(super) fn along(&self, rect: Rect, m: &Sizes) -> (f32, f32) {
        let from = match self.below {
            None if self.right => rect.right(),
            None => rect.x,
            Some(dx) => rect.x + dx,
        };
        if self.right {
            (from + m.body * 0.3, from + self.gap)
        } else {
            (from - self.gap + m.body * 0.5, from - self.gap)
        }
    }
}

/// Where an answer leaving sideways goes: a later step of the track (through a
/// lane), the track of the column beside on its side (across the gutter), or a box
/// beside the diamond at most `width` wide (see [`side_box`]).
pub(super) fn side_target(
    model: &Model,
    side: &SideRoute,
    nb: Neighbours,
    width: f32,
    m: &Sizes,
    fonts: &Fonts,
) -> SideTarget {
    match (side.to_step, side.route) {
        (Some(j), _) => SideTarget::Goto(j),
        (None, Route::Track(t)) if nb.side_of(*t) == Some(side.right) => SideTarget::Across(*t),
        (None, other) => side_box(model, other, nb, width, m, fonts),
    }
}

/// How wide an answer's label is set: its natural width, but no wider than `most`
/// unless its widest word needs more (then it wraps between words).
pub(super) fn label_width(label: &str, most: f32, m: &Sizes, fonts: &Fonts) -> f32 {
    let natural = fonts.bold.width(label, m.small);
    let widest_word = label
        .split_whitespace()
        .map(|w| fonts.bold.width(w, m.small))
        .fold(0.0, f32::max);
    natural.min(widest_word.max(most))
}

/// The box beside a diamond for an answer that ends the protocol or goes to a
/// track that is not in the next column.
pub(super) fn side_box(
    model: &Model,
    route: &Route,
    nb: Neighbours,
    width: f32,
    m: &Sizes,
    fonts: &Fonts,
) -> SideTarget {
    let pad = m.pad * 0.8;
    let (kind, spans, fill, stroke) = match route {
        Route::Track(t) => {
            let title = model.track_by(*t).map_or("?", |t| t.title.as_str());
            (
                BoxKind::Marker,
                vec![styled(format!("→ {title}"), true, WHITE)],
                nb.color_of(*t),
                None,
            )
        }
        Route::End(outcome) => {
            let mark = if fonts.bold.has_glyph('■') { "■ " } else { "" };
            (
                BoxKind::Terminal,
                vec![
                    styled(mark, true, PHONE_FILL),
                    styled(outcome.as_str(), false, INK),
                ],
                STOP_FILL,
                Some(PHONE_FILL),
            )
        }
        Route::EndTrack(outcome) => (
            BoxKind::Terminal,
            vec![
                styled(format!("{}: ", capitalised(model.labels.get("done"))), true, INK),
                styled(outcome.as_str(), false, INK),
            ],
            STOP_FILL,
            Some(PHONE_FILL),
        ),
        // `next` from the last step: the track is done.
        _ => (
            BoxKind::Terminal,
            vec![styled(capitalised(model.labels.get("done")), true, INK)],
            STOP_FILL,
            Some(PHONE_FILL),
        ),
    };
    // Never narrower than its longest word: a name broken between letters is misread.
    let widest_word = spans
        .iter()
        .flat_map(|s| {
            s.text
                .split_whitespace()
                .map(|w| fonts.face(s.bold).width(w, m.small))
        })
        .fold(0.0, f32::max);
    let width = width.max(widest_word + 2.0 * pad + 0.01);
    let block = set(fonts, &[para(spans, m.small, 0.0)], width - 2.0 * pad);
    let text_w = block.width();
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
