//! Track columns: a column set at one width (its header and a row per step or
//! question), and sharing a width between boxes side by side, balanced so they end
//! at similar heights (the track columns, and the inputs row).

use super::content::header_content;
use super::frame::{BoxKind, Color};
use super::question::{question_row, side_routes, QuestionSetting, Side};
use super::step::{set_body, step_content, StepBody};
use super::style::{track_color, Sizes, MIN_COLUMN, NAVY};
use super::text::{line_height, Block};
use crate::emit::pdf::metrics::Fonts;
use crate::model::{Model, Track, TrackIdx};

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
pub(super) struct Column {
    pub(super) header: Block,
    pub(super) header_pad: f32,
    pub(super) rows: Vec<StepRow>,
    /// The widths of the lanes beside the steps, left and right, where arrows to
    /// later steps run.
    pub(super) lanes: (f32, f32),
    pub(super) height: f32,
}

/// Where a column stands: the tracks left to right (model indices) and its position.
#[derive(Clone, Copy)]
pub(super) struct Neighbours<'a> {
    order: &'a [usize],
    n: usize,
    /// Whether an answer may cross to the next column's header (not when the
    /// columns are spread over pages).
    across: bool,
}

impl<'a> Neighbours<'a> {
    /// The column at position `n` of `order`, drawn on pages whose columns are
    /// not side by side in that order: no answer crosses to a neighbour.
    pub(super) fn apart(order: &'a [usize], n: usize) -> Self {
        Neighbours {
            order,
            n,
            across: false,
        }
    }

    /// `Some(true)` when track `t` is the next column to the right, `Some(false)`
    /// when it is the one to the left.
    pub(super) fn side_of(&self, t: TrackIdx) -> Option<bool> {
        if !self.across {
            return None;
        }
        let at = self.order.iter().position(|i| *i == t.0)?;
        if at == self.n + 1 {
            Some(true)
        } else if at + 1 == self.n {
            Some(false)
        } else {
            None
        }
    }
    pub(super) fn color_of(&self, t: TrackIdx) -> Color {
        self.order
            .iter()
            .position(|i| *i == t.0)
            .map_or(NAVY, track_color)
    }
}

/// A step or question as set: its box within the column's steps area and its row.
pub(super) struct StepRow {
    pub(super) kind: BoxKind,
    pub(super) body: StepBody,
    /// From the box's edge to its text: `pad_x` includes a diamond's points.
    pub(super) pad_x: f32,
    pub(super) pad_y: f32,
    /// How far a diamond's points reach in (0 for a step).
    pub(super) depth: f32,
    pub(super) dx: f32,
    pub(super) w: f32,
    pub(super) h: f32,
    /// The row's height: the box and the boxes beside it, centred on one line
    /// (a question answered by picking one: its exits under it).
    pub(super) row_h: f32,
    /// From the top of the row to the top of the box.
    pub(super) top: f32,
    pub(super) gap_before: f32,
    /// Whether an arrow goes on to the next step, and the answers it carries.
    pub(super) down: bool,
    pub(super) down_label: Option<String>,
    pub(super) sides: Vec<Side>,
}

/// A track column `width` wide: its header, then a row per step or question.
pub(super) fn set_column(
    model: &Model,
    track: &Track,
    nb: Neighbours,
    width: f32,
    m: &Sizes,
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
    let (routes, lanes) = side_routes(track, nb);
    let lane_width = |n: usize| if n == 0 { 0.0 } else { (n as f32 + 0.5) * m.lane };
    let lanes = (lane_width(lanes.0), lane_width(lanes.1));
    let content = (width - lanes.0 - lanes.1).max(1.0);

    let mut rows: Vec<StepRow> = Vec::new();
    for (i, sides) in routes.iter().enumerate() {
        let Some(step) = track.steps.get(i) else {
            continue;
        };
        let parts = step_content(model, track, i, number_width, color, m, fonts);
        let gap_before = match rows.last() {
            Some(previous) if previous.down_label.is_some() => m.step_gap.max(label_h + 1.5),
            _ => m.step_gap,
        };
        let row = match &step.question {
            None => {
                let body = set_body(fonts, &parts, content - 2.0 * m.pad, m);
                let h = body.block.height + 2.0 * m.pad;
                Some(StepRow {
                    kind: BoxKind::Step,
                    body,
                    pad_x: m.pad,
                    pad_y: m.pad,
                    depth: 0.0,
                    dx: 0.0,
                    w: content,
                    h,
                    row_h: h,
                    top: 0.0,
                    gap_before,
                    down: step.end.is_none() && i + 1 < count,
                    down_label: None,
                    sides: Vec::new(),
                })
            }
            Some(question) => {
                let setting = QuestionSetting {
                    parts: &parts,
                    sides,
                    content,
                    question,
                };
                question_row(model, &setting, nb, m, fonts)
            }
        };
        if let Some(mut row) = row {
            row.gap_before = gap_before;
            rows.push(row);
        }
    }
    for row in &rows {
        height += row.gap_before + row.row_h;
    }
    Column {
        header: header_block,
        header_pad: header.pad,
        rows,
        lanes,
        height,
    }
}

/// Track columns in order, widths balanced so the columns end at similar heights.
pub(super) fn set_columns(
    model: &Model,
    order: &[usize],
    total: f32,
    m: &Sizes,
    fonts: &Fonts,
) -> (Vec<f32>, Vec<Column>) {
    let tracks: Vec<&Track> = order.iter().filter_map(|i| model.tracks.get(*i)).collect();
    let min = (total * 0.18).max(MIN_COLUMN);
    let build = |widths: &[f32]| -> Vec<Column> {
        tracks
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(n, (t, w))| {
                let nb = Neighbours {
                    order,
                    n,
                    across: true,
                };
                set_column(model, t, nb, *w, m, fonts)
            })
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
pub(super) fn balance<T>(
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
