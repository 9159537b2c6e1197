//! A question answered by picking one of its choices, as a diamond with one exit a
//! choice: each runs down from under the diamond, one under another, and out to
//! where it leads (a later step through a lane, the next column's track across the
//! gutter, or a box beside it: the end, or a track further away), the choice's
//! title above it. The diamond takes the column's whole width.

use super::column::{Neighbours, StepRow};
use super::frame::BoxKind;
use super::place::label_block;
use super::question::{
    diamond, label_width, side_target, Diamond, QuestionSetting, Side, SideRoute, SideTarget,
};
use super::style::{Sizes, INK, MIN_COLUMN};
use super::wording::answer_label;
use crate::emit::pdf::metrics::Fonts;
use crate::model::Model;

/// The row of a question answered by picking one.
pub(super) fn choice_row(
    model: &Model,
    q: &QuestionSetting,
    nb: Neighbours,
    m: &Sizes,
    fonts: &Fonts,
) -> StepRow {
    let w = q.content;
    let Diamond {
        body,
        depth,
        inset,
        pad_y,
    } = diamond(fonts, q.parts, w, m);
    let h = body.block.height + 2.0 * pad_y;
    // The exits that run right first, each lower one coming down further left (so
    // none crosses another's level), then those that run left.
    let rightward: Vec<&SideRoute> = q.sides.iter().filter(|s| s.right).collect();
    let leftward: Vec<&SideRoute> = q.sides.iter().filter(|s| !s.right).collect();
    let spacing = m.body * 0.7;
    let first_drop = depth + m.body * 0.5;
    let right_drop = |i: usize| first_drop + (rightward.len() - 1 - i) as f32 * spacing;
    let left_drop = |i: usize| w - first_drop - (leftward.len() - 1 - i) as f32 * spacing;
    // What runs right stays clear of where the leftward exits come down.
    let right_limit = if leftward.is_empty() {
        w
    } else {
        left_drop(0) - m.body * 0.5
    };
    let exits = rightward
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, right_drop(i)))
        .chain(leftward.iter().enumerate().map(|(i, s)| (*s, left_drop(i))));
    let mut sides = Vec::new();
    // How far below the diamond's middle the exit above reaches.
    let mut lowest = h / 2.0;
    for (side, drop) in exits {
        let room = if side.right { right_limit - drop } else { drop };
        let label = answer_label(model, q.question, side.answer);
        let label_width = label_width(&label, room * 0.45, m, fonts);
        let gap = label_width + m.body * 0.8;
        let target = side_target(model, side, nb, (room - gap).max(MIN_COLUMN), m, fonts);
        let half_box = match &target {
            SideTarget::Boxed { h, .. } => h / 2.0,
            _ => 0.0,
        };
        let label_height = label_block(fonts, (&label, INK), label_width + 0.01, m).height;
        let above = (label_height + 1.0).max(half_box);
        let dy = lowest + m.body * 0.4 + above;
        lowest = dy + half_box;
        sides.push(Side {
            right: side.right,
            key: q.question.word(side.answer).to_lowercase(),
            label,
            label_width,
            gap,
            target,
            lane: side.lane,
            below: Some(drop),
            dy,
        });
    }
    StepRow {
        kind: BoxKind::Decision,
        body,
        pad_x: depth + inset,
        pad_y,
        depth,
        dx: 0.0,
        w,
        h,
        row_h: h / 2.0 + lowest + m.body * 0.2,
        top: 0.0,
        gap_before: 0.0,
        down: false,
        down_label: None,
        sides,
    }
}
