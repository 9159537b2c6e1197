//! A chart on several pages, for a protocol one page does not hold at a body size
//! a wall chart can be read at. The rule a reader follows: page 1 holds the title
//! band, the criteria groups and signals, and an overview of the tracks in order of
//! precedence (when each applies, and the page its steps are on) with the arrows
//! from the groups and signals into the tracks they trigger (`front`), with the
//! number to call; the pages after it hold the tracks' steps in columns, in the same
//! order, read down each column and then across. A track that reaches the foot of
//! a column goes on at the top of the next one: "continued on page N" under the
//! first part, "continued from page N" in the header over the next. Every page has
//! the title band (with "Page k of n"), the number to call and the footer.

use super::column::{set_column, Column, Neighbours, StepRow};
use super::content::{footer_content, title_content, Content};
use super::frame::{Arrow, BoxKind, DoesNotFit, Layout, LayoutBox, Page, Point, Rect};
use super::front::{fitting, place_front, set_front, FrontSetting};
use super::links::{trigger_inputs, TriggerInput};
use super::page::{place_band, place_footer, place_title, set_band, Band, BandParts, SetBox};
use super::place::{add_padded_box, place_steps, ColumnPlace};
use super::question::SideTarget;
use super::style::{tint, track_color, Sizes, WHITE};
use super::text::{para, styled};
use crate::emit::pdf::metrics::Fonts;
use crate::model::{Model, Track};

/// The narrowest a track's column may be, in body sizes.
const MIN_TRACK_EMS: f32 = 26.0;

/// Lays out the chart over as many pages as it needs, at body size `size`.
pub(super) fn layout_pages(
    model: &Model,
    page: Page,
    fonts: &Fonts,
    size: f32,
) -> Result<Vec<Layout>, DoesNotFit> {
    // The page numbers printed (in the title bands and the overview) change the
    // heights they are printed in only rarely: start from a guess, and set again
    // with what the last setting gave until they agree.
    let mut plan = Plan {
        total: 2,
        steps_page: vec![2; model.tracks.len()],
    };
    for _ in 0..4 {
        let (pages, found) = compose(model, page, fonts, size, &plan)?;
        if found == plan {
            return Ok(pages);
        }
        plan = found;
    }
    compose(model, page, fonts, size, &plan).map(|(pages, _)| pages)
}

/// The page numbers the chart prints: how many pages, and where each track's steps
/// start (by position in the precedence order, from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Plan {
    total: usize,
    steps_page: Vec<usize>,
}

/// A part of a track placed in one column: its rows, where it goes, and the pages
/// it continues from and on.
struct Segment {
    /// Position of the track in the precedence order.
    position: usize,
    rows: std::ops::Range<usize>,
    page: usize,
    slot: usize,
    /// From the top of the column's area.
    y: f32,
    from_page: Option<usize>,
    on_page: Option<usize>,
}

/// What every page shares: the title band with the number to call beside it, the
/// footer, and on the first page the resources above the footer.
struct Frame {
    title_width: f32,
    /// The number to call, as tall as the title band.
    phone: Band,
    /// The height of the title band and the number beside it.
    top: f32,
    footer: SetBox,
    resources: Band,
}

impl Frame {
    fn new(model: &Model, m: &Sizes, fonts: &Fonts, area: Rect, total: usize) -> Self {
        let mut phone = set_band(model, area.w, m, fonts, BandParts::Phone);
        let title_width = match &phone.phone {
            Some((_, width)) => area.w - width - m.gutter,
            None => area.w,
        };
        let title = title_of(model, m, fonts, title_width, total, total);
        let top = title.height.max(phone.height);
        phone.height = top;
        Frame {
            title_width,
            phone,
            top,
            footer: SetBox::new(footer_content(model, m), fonts, area.w),
            resources: set_band(model, area.w, m, fonts, BandParts::Resources),
        }
    }

    /// The height between the title band and the footer (less the resources on
    /// the first page).
    fn room(&self, area: Rect, m: &Sizes, page: usize) -> f32 {
        let resources = if page == 0 && self.resources.height > 0.0 {
            self.resources.height + m.gap
        } else {
            0.0
        };
        area.h - self.top - m.gap - resources - m.gap - self.footer.height
    }

    /// Places the title band and the number beside it, the resources on the
    /// first page, and the footer, on page `k` (from 0) of `total`.
    fn place(
        &self,
        out: &mut Layout,
        model: &Model,
        fonts: &Fonts,
        m: &Sizes,
        area: Rect,
        (k, total): (usize, usize),
    ) {
        let mut title = title_of(model, m, fonts, self.title_width, k + 1, total);
        title.height = self.top;
        let title_area = Rect {
            w: area.w - self.phone.phone.as_ref().map_or(0.0, |(_, w)| w + m.gutter),
            ..area
        };
        place_title(out, fonts, m, &title, title_area, area.y);
        if let Some((_, width)) = &self.phone.phone {
            let at = Point {
                x: area.right() - width,
                y: area.y,
            };
            place_band(out, fonts, m, &self.phone, at);
        }
        if k == 0 && self.resources.height > 0.0 {
            let y = area.bottom() - self.footer.height - m.gap - self.resources.height;
            place_band(out, fonts, m, &self.resources, Point { x: area.x, y });
        }
        place_footer(out, fonts, &self.footer, area);
    }
}

/// The title band with "Page k of n" after the audience.
fn title_of(model: &Model, m: &Sizes, fonts: &Fonts, width: f32, k: usize, total: usize) -> SetBox {
    let mut content = title_content(model, m);
    if let Some(line) = content.paras.last_mut() {
        let color = line.spans.last().map_or(WHITE, |s| s.color);
        line.spans.push(styled(
            format!(
                "  ·  {} {k} {} {total}",
                model.labels.get("page"),
                model.labels.get("of_pages")
            ),
            true,
            color,
        ));
    }
    SetBox::new(content, fonts, width)
}

/// Sets the chart over pages with the page numbers of `plan`; returns the pages and
/// the page numbers they came to.
fn compose(
    model: &Model,
    page: Page,
    fonts: &Fonts,
    size: f32,
    plan: &Plan,
) -> Result<(Vec<Layout>, Plan), DoesNotFit> {
    let m = Sizes::at(size);
    let area = page.printable();
    let w = area.w;
    let frame = Frame::new(model, &m, fonts, area, plan.total);
    let order: Vec<usize> = model.precedence.iter().map(|t| t.0).collect();

    // The first pages: the inputs, then the overview of the tracks, with the arrows
    // from the inputs into it, and the heading under the overview (over the steps).
    let triggers: Vec<Vec<TriggerInput>> = model.tracks.iter().map(|t| trigger_inputs(&t.trigger)).collect();
    let room = |k: usize| frame.room(area, &m, k);
    let front = set_front(&FrontSetting {
        model,
        m: &m,
        fonts,
        order: &order,
        triggers: &triggers,
        steps_page: &plan.steps_page,
        width: w,
        room: &room,
    })?;

    // The tracks' steps, in columns, from the page after the first pages.
    let slots = fitting(w, m.body * MIN_TRACK_EMS, m.gutter);
    let column_width = (w - m.gutter * (slots as f32 - 1.0)) / slots as f32;
    let columns: Vec<Column> = order
        .iter()
        .enumerate()
        .filter_map(|(n, t)| model.tracks.get(*t).map(|track| (n, track)))
        .map(|(n, track)| {
            set_column(
                model,
                track,
                Neighbours::apart(&order, n),
                column_width,
                &m,
                fonts,
            )
        })
        .collect();
    let marker_h = [(0, 0), (0, 1)]
        .into_iter()
        .map(|pages| continued_box(model, 0, &m, fonts, column_width, pages).height)
        .fold(0.0, f32::max);
    // The columns of the last of the first pages start under its rows; those of
    // the pages after it at the top.
    let front_used = front
        .pages
        .last()
        .and_then(|rows| rows.last())
        .map_or(0.0, |(y, row)| y + row.height() + m.gap);
    let last_front = front.pages.len().saturating_sub(1);
    let column_top = |page: usize| if page == last_front { front_used } else { 0.0 };
    let mut segments: Vec<Segment> = Vec::new();
    let (mut page_at, mut slot) = (last_front, 0usize);
    let mut y = column_top(page_at);
    let mut steps_page = vec![0; columns.len()];
    for (position, column) in columns.iter().enumerate() {
        let Some(track) = order.get(position).and_then(|t| model.tracks.get(*t)) else {
            continue;
        };
        let mut start = 0;
        let mut from_page = None;
        loop {
            let header = match from_page {
                Some(from) => {
                    let content = continued_header(model, track, (from, page_at + 1), &m);
                    SetBox::new(content, fonts, column_width).height
                }
                None => column.header.height + 2.0 * column.header_pad,
            };
            let fresh = y <= column_top(page_at) + 0.01;
            let top = if fresh { y } else { y + m.gap };
            let room = frame.room(area, &m, page_at);
            let end = rows_that_fit(column, start, room - top - header, m.step_gap + marker_h);
            let rest = end < column.rows.len();
            // A track that would fit in a column of its own is not split.
            let whole = header + rows_height(column, start..column.rows.len());
            // Nor is one started in a sliver of a column: under a third of a column is
            // left for a track that does not fit there whole, or room for one step.
            let full = frame.room(area, &m, page_at + 1);
            let sliver = top > 0.01 && (end == start + 1 || room - top < full / 3.0);
            let move_on =
                (rest && (end == start || sliver)) || (rest && top > 0.01 && start == 0 && whole <= full);
            if move_on {
                if top <= 0.01 {
                    let step = track.steps.get(start);
                    return Err(DoesNotFit {
                        what: format!(
                            "step {} of track `{}` is taller than a column of the page",
                            start + 1,
                            track.id
                        ),
                        declared: step.map(|s| {
                            let keyword = if s.question.is_some() { "question" } else { "step" };
                            format!("{keyword} {}", s.id)
                        }),
                    });
                }
                (page_at, slot) = next_slot(page_at, slot, slots);
                y = column_top(page_at);
                continue;
            }
            if start == 0 {
                if let Some(p) = steps_page.get_mut(position) {
                    *p = page_at + 1;
                }
            }
            if let (Some(_), Some(before)) = (from_page, segments.last_mut()) {
                before.on_page = Some(page_at + 1);
            }
            segments.push(Segment {
                position,
                rows: start..end,
                page: page_at,
                slot,
                y: top,
                from_page,
                on_page: None,
            });
            y = top + header + rows_height(column, start..end);
            if !rest {
                break;
            }
            from_page = Some(page_at + 1);
            (page_at, slot) = next_slot(page_at, slot, slots);
            y = column_top(page_at);
            start = end;
        }
    }
    let total = segments
        .iter()
        .map(|s| s.page + 1)
        .max()
        .unwrap_or(0)
        .max(front.pages.len());
    let found = Plan {
        total,
        steps_page: {
            // By model index of the track, for the overview boxes.
            let mut by_track = vec![0; model.tracks.len()];
            for (n, t) in order.iter().enumerate() {
                if let (Some(slot), Some(p)) = (by_track.get_mut(*t), steps_page.get(n)) {
                    *slot = *p;
                }
            }
            by_track
        },
    };

    let mut pages = Vec::new();
    for k in 0..total {
        let mut out = Layout::empty(page, size);
        frame.place(&mut out, model, fonts, &m, area, (k, plan.total));
        let top = area.y + frame.top + m.gap;
        place_front(&mut out, fonts, &m, &front, (k, area, top), &order);
        for segment in segments.iter().filter(|s| s.page == k) {
            let x = area.x + segment.slot as f32 * (column_width + m.gutter);
            let at = Point {
                x,
                y: top + segment.y,
            };
            let set = SetColumns {
                order: &order,
                columns: &columns,
                width: column_width,
            };
            place_segment(&mut out, model, fonts, &m, &set, segment, at);
        }
        pages.push(out);
    }
    Ok((pages, found))
}

/// The next column: to the right, or the first of the next page.
fn next_slot(page: usize, slot: usize, slots: usize) -> (usize, usize) {
    if slot + 1 < slots {
        (page, slot + 1)
    } else {
        (page + 1, 0)
    }
}

/// The height of `rows` of a column, with the gaps above each.
fn rows_height(column: &Column, rows: std::ops::Range<usize>) -> f32 {
    column
        .rows
        .iter()
        .take(rows.end)
        .skip(rows.start)
        .map(|r| r.gap_before + r.row_h)
        .sum()
}

/// Where the part of a column's rows from `start` ends, when it has `room` under
/// its header and a part that does not reach the last row needs `marker` more
/// under it. Where the part must end before the last row, it ends where no answer
/// skips over the break, if it can.
fn rows_that_fit(column: &Column, start: usize, room: f32, marker: f32) -> usize {
    let count = column.rows.len();
    let mut used = 0.0;
    let mut end = start;
    for (i, row) in column.rows.iter().enumerate().skip(start) {
        let needed = used + row.gap_before + row.row_h;
        let after = if i + 1 < count { marker } else { 0.0 };
        if needed + after > room {
            break;
        }
        used = needed;
        end = i + 1;
    }
    if end == count || end <= start + 1 {
        return end;
    }
    let skips_over = |cut: usize| {
        column
            .rows
            .iter()
            .enumerate()
            .take(cut)
            .skip(start)
            .any(|(_, row): (usize, &StepRow)| {
                row.sides
                    .iter()
                    .any(|s| matches!(s.target, SideTarget::Goto(j) if j >= cut))
            })
    };
    (start + 1..=end)
        .rev()
        .find(|cut| !skips_over(*cut))
        .unwrap_or(end)
}

/// The header over a part of a track after its first: its title, and "continued
/// from page N" (from `from`, the page of the part before, to `here`, this part's),
/// or "continued from the column before" on the same page.
fn continued_header(model: &Model, track: &Track, (from, here): (usize, usize), m: &Sizes) -> Content {
    let words = if from == here {
        model.labels.get("continued_from_column").to_string()
    } else {
        format!("{} {from}", model.labels.get("continued_from_page"))
    };
    Content {
        paras: vec![
            para(vec![styled(track.title.as_str(), true, WHITE)], m.head, 0.0),
            para(
                vec![styled(format!("↓ {words}"), false, WHITE)],
                m.body,
                m.body * 0.3,
            ),
        ],
        pad: m.pad,
    }
}

/// The box under a part of a track that goes on elsewhere: "continued on page N"
/// (`on`, from `here`), or "continued in the next column" on the same page.
fn continued_box(
    model: &Model,
    position: usize,
    m: &Sizes,
    fonts: &Fonts,
    width: f32,
    (on, here): (usize, usize),
) -> SetBox {
    let words = if on == here {
        format!("{} →", model.labels.get("continued_next_column"))
    } else {
        format!("{} {on} ↓", model.labels.get("continued_on_page"))
    };
    let content = Content {
        paras: vec![para(
            vec![styled(words, true, track_color(position))],
            m.body,
            0.0,
        )],
        pad: m.pad * 0.6,
    };
    SetBox::new(content, fonts, width)
}

/// The tracks' columns as set: the tracks in precedence order (model indices),
/// each one's column, and their width.
struct SetColumns<'a> {
    order: &'a [usize],
    columns: &'a [Column],
    width: f32,
}

/// Places a part of a track: its header (the track's, or "continued from page N"
/// over a part after the first), its steps, and "continued on page N" under it when
/// the track goes on.
fn place_segment(
    out: &mut Layout,
    model: &Model,
    fonts: &Fonts,
    m: &Sizes,
    set: &SetColumns,
    segment: &Segment,
    at: Point,
) {
    let (order, columns, width) = (set.order, set.columns, set.width);
    let (Some(column), Some(track)) = (
        columns.get(segment.position),
        order.get(segment.position).and_then(|t| model.tracks.get(*t)),
    ) else {
        return;
    };
    let color = track_color(segment.position);
    let (header_id, header) = match segment.from_page {
        None => (format!("track:{}", track.id), None),
        Some(from) => {
            let content = continued_header(model, track, (from, segment.page + 1), m);
            let id = format!("track:{}:from:{}", track.id, segment.rows.start + 1);
            (id, Some(SetBox::new(content, fonts, width)))
        }
    };
    let (block, pad) = match &header {
        Some(set) => (&set.block, set.content.pad),
        None => (&column.header, column.header_pad),
    };
    let header_rect = Rect {
        x: at.x,
        y: at.y,
        w: width,
        h: block.height + 2.0 * pad,
    };
    let b = LayoutBox {
        id: header_id.clone(),
        kind: BoxKind::TrackHeader,
        rect: header_rect,
        fill: Some(color),
        stroke: None,
        radius: m.radius,
    };
    add_padded_box(out, fonts, b, block, pad);
    let place = ColumnPlace {
        track,
        color,
        x: at.x,
        width,
        gutter: m.gutter,
        header: (&header_id, header_rect),
    };
    place_steps(out, fonts, m, column, &place, segment.rows.clone());
    let Some(on_page) = segment.on_page else {
        return;
    };
    // Under the last step: where the track goes on, with an arrow into it.
    let inner = width - column.lanes.0 - column.lanes.1;
    let marker = continued_box(
        model,
        segment.position,
        m,
        fonts,
        inner,
        (on_page, segment.page + 1),
    );
    let y = header_rect.bottom() + rows_height(column, segment.rows.clone()) + m.step_gap;
    let rect = Rect {
        x: at.x + column.lanes.0,
        y,
        w: inner,
        h: marker.height,
    };
    let id = format!("continued:{}:{}", track.id, segment.rows.end);
    let last = format!("step:{}:{}", track.id, segment.rows.end);
    let goes_down = segment
        .rows
        .end
        .checked_sub(1)
        .and_then(|i| column.rows.get(i))
        .is_some_and(|r| r.down);
    if let (true, Some(from)) = (goes_down, out.find(&last).map(|b| b.rect)) {
        let x = from.x + from.w / 2.0;
        out.arrows.push(Arrow {
            from: last,
            to: id.clone(),
            points: vec![Point { x, y: from.bottom() }, Point { x, y: rect.y }],
            color,
            width: m.arrow,
            dashed: false,
        });
    }
    let b = LayoutBox {
        id,
        kind: BoxKind::Continued,
        rect,
        fill: Some(tint(color, 0.92)),
        stroke: Some(color),
        radius: m.radius,
    };
    add_padded_box(out, fonts, b, &marker.block, marker.content.pad);
}
