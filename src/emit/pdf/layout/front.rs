//! The first pages of a chart on several pages: the criteria groups and signals in
//! rows, under them a box per track in order of precedence (the overview: when
//! each applies, and the page its steps are on) with an arrow from each group and
//! signal into each track it triggers (`links`), and the heading over the tracks'
//! steps.
//!
//! The inputs and the overview are set together, with their arrows, on one page.
//! When a page does not hold them so, the overview's boxes give only each track's
//! title and page, and then the inputs' boxes may be narrower, so the short ones
//! leave the width to the tall ones. Only when even that does not fit do the first
//! rows of inputs go on a page before, without arrows (the overview's boxes and
//! the tracks' headers say in words when each applies).

use super::content::{header_content, Content};
use super::frame::{BoxKind, DoesNotFit, Layout, LayoutBox, Rect};
use super::links::TriggerInput;
use super::links::{channel_height, draw_links, plan_links, Channel, Lanes, Link, Placed, PlacedInput, Rows};
use super::page::{input_boxes, place_inputs, set_inputs, InputBox, InputRow, SetBox};
use super::place::add_padded_box;
use super::route::PlacedHeader;
use super::style::{track_color, Sizes, INK, WHITE};
use super::text::{para, styled};
use crate::emit::pdf::metrics::Fonts;
use crate::model::{Model, Track};

/// The narrowest a criteria group or signal box may be, in body sizes, when they
/// are shared out into rows.
const MIN_INPUT_EMS: f32 = 13.0;
/// The narrowest a box of the inputs may be when the page is short of height.
const NARROW_INPUT_EMS: f32 = 9.0;
/// The narrowest a track's box in the overview may be, in body sizes.
const MIN_OVERVIEW_EMS: f32 = 11.0;

/// A row of the first pages: boxes of inputs with no arrows, the inputs and the
/// overview set together with the arrows between them, or the overview's heading.
pub(super) enum FrontRow {
    Boxes(InputRow),
    Linked(Linked),
    Heading(SetBox),
}

impl FrontRow {
    pub(super) fn height(&self) -> f32 {
        match self {
            FrontRow::Boxes(row) => row.height,
            FrontRow::Linked(linked) => linked.height,
            FrontRow::Heading(heading) => heading.height,
        }
    }
}

/// Rows of inputs and then of the overview's boxes, with a channel under each row
/// but the last (as tall as its lanes need, or a gap), and the arrows between them.
pub(super) struct Linked {
    rows: Vec<InputRow>,
    /// How many of the rows are inputs.
    inputs: usize,
    channels: Vec<f32>,
    links: Vec<Link>,
    height: f32,
    /// The widths of the bands at the left and right of the rows.
    bands: (f32, f32),
}

/// The first pages, row by row with each row's top (from the top of the area under
/// the title band).
pub(super) struct Front {
    pub(super) pages: Vec<Vec<(f32, FrontRow)>>,
}

/// What the first pages are set from: the model, the precedence order (model
/// indices), each track's inputs, the page each track's steps start on (by model
/// index), the width, and the room on each page (from 0).
pub(super) struct FrontSetting<'a> {
    pub(super) model: &'a Model,
    pub(super) m: &'a Sizes,
    pub(super) fonts: &'a Fonts,
    pub(super) order: &'a [usize],
    pub(super) triggers: &'a [Vec<TriggerInput>],
    pub(super) steps_page: &'a [usize],
    pub(super) width: f32,
    pub(super) room: &'a dyn Fn(usize) -> f32,
}

/// How the first pages are set, tried in turn until the inputs and the overview
/// fit on one page with their arrows: the overview's boxes `compact` (only each
/// track's title and page), the inputs' boxes `narrow` (down to
/// [`NARROW_INPUT_EMS`]).
const SETTINGS: [(bool, bool); 3] = [(false, false), (true, false), (true, true)];

/// Sets the first pages: the first of [`SETTINGS`] that holds every input with the
/// overview on one page, else the one that needs the fewest repeats of it.
pub(super) fn set_front(s: &FrontSetting) -> Result<Front, DoesNotFit> {
    let mut best: Option<((usize, usize), Front)> = None;
    for (compact, narrow) in SETTINGS {
        let (front, split) = set_front_as(s, compact, narrow)?;
        if split == (0, 0) {
            return Ok(front);
        }
        if best.as_ref().is_none_or(|(fewest, _)| split < *fewest) {
            best = Some((split, front));
        }
    }
    match best {
        Some((_, front)) => Ok(front),
        None => set_front_as(s, false, false).map(|(front, _)| front),
    }
}

/// Sets the first pages one way: the rows of inputs in groups, each group as many
/// rows as a page holds with the overview under them and their arrows (the
/// overview repeated under each group, on its own page); a row that a page does
/// not hold with the overview stands alone. Returns them, and how many rows with
/// arrows to draw stand alone and how many groups there are after the first: (0,
/// 0) when every input has its arrows under one overview (or there are none).
fn set_front_as(
    s: &FrontSetting,
    compact: bool,
    narrow: bool,
) -> Result<(Front, (usize, usize)), DoesNotFit> {
    let (m, w) = (s.m, s.width);
    let input_rows = chunks(
        input_boxes(s.model, m, s.fonts),
        fitting(w, m.body * MIN_INPUT_EMS, m.gutter),
    );
    let overview: Vec<InputBox> = s
        .order
        .iter()
        .enumerate()
        .filter_map(|(n, t)| s.model.tracks.get(*t).map(|track| (n, track)))
        .map(|(n, track)| overview_box(s, track, n, compact))
        .collect();
    let overview_rows = chunks(overview, fitting(w, m.body * MIN_OVERVIEW_EMS, m.gutter));
    let keys: Vec<Vec<String>> = input_rows
        .iter()
        .map(|row| row.iter().map(|b| b.key.clone()).collect())
        .collect();
    let tracks: Vec<Vec<usize>> = overview_rows
        .iter()
        .map(|row| {
            row.iter()
                .filter_map(|b| overview_position(&b.key).and_then(|p| s.order.get(p)).copied())
                .collect()
        })
        .collect();
    let narrowest = narrow.then_some(m.body * NARROW_INPUT_EMS);
    // Rows of inputs `range` set with the overview and their arrows (none when
    // those inputs trigger nothing).
    let linked = |range: std::ops::Range<usize>| -> Result<Option<Linked>, DoesNotFit> {
        let rows = Rows {
            inputs: keys.get(range.clone()).unwrap_or(&[]),
            tracks: &tracks,
        };
        let links = plan_links(&rows, s.triggers);
        if links.is_empty() {
            return Ok(None);
        }
        let lanes = Lanes::of(&links, range.len(), tracks.len());
        let bands = lanes.bands(m);
        let inner = w - bands.0 - bands.1;
        let mut block = Vec::new();
        for row in input_rows.get(range.clone()).unwrap_or(&[]) {
            block.push(set_inputs(row.clone(), inner, m, s.fonts, narrowest)?);
        }
        for row in &overview_rows {
            block.push(set_inputs(row.clone(), inner, m, s.fonts, None)?);
        }
        let channels: Vec<f32> = lanes
            .channels
            .iter()
            .map(|n| if *n == 0 { m.gap } else { channel_height(*n, m) })
            .collect();
        let height = block.iter().map(|r| r.height).sum::<f32>() + channels.iter().sum::<f32>();
        Ok(Some(Linked {
            rows: block,
            inputs: range.len(),
            channels,
            links,
            height,
            bands,
        }))
    };
    let mut rows: Vec<FrontRow> = Vec::new();
    let (mut alone, mut groups) = (0usize, 0usize);
    let mut start = 0;
    while let Some(row) = input_rows.get(start) {
        // A group starts a page (the first, under the title band, may be page 1).
        let room = (s.room)(usize::from(!rows.is_empty()));
        let mut group: Option<(usize, Linked)> = None;
        for end in start + 1..=input_rows.len() {
            match linked(start..end)? {
                Some(l) if l.height <= room => group = Some((end, l)),
                Some(_) => break,
                None => {}
            }
        }
        match group {
            Some((end, l)) => {
                rows.push(FrontRow::Linked(l));
                groups += 1;
                start = end;
            }
            None => {
                rows.push(FrontRow::Boxes(set_inputs(
                    row.clone(),
                    w,
                    m,
                    s.fonts,
                    narrowest,
                )?));
                let own = Rows {
                    inputs: keys.get(start..=start).unwrap_or(&[]),
                    tracks: &tracks,
                };
                alone += usize::from(!plan_links(&own, s.triggers).is_empty());
                start += 1;
            }
        }
    }
    if groups == 0 {
        // No group has its arrows: the overview once, under the inputs.
        for row in overview_rows {
            rows.push(FrontRow::Boxes(set_inputs(row, w, m, s.fonts, None)?));
        }
    }
    rows.push(FrontRow::Heading(heading(s)));
    Ok((
        Front {
            pages: paginate_front(rows, s)?,
        },
        (alone, groups.saturating_sub(1)),
    ))
}

/// "What to do: the tracks in order of precedence", over the tracks' steps.
fn heading(s: &FrontSetting) -> SetBox {
    let content = Content {
        paras: vec![para(
            vec![styled(s.model.labels.get("tracks_in_order"), true, INK)],
            s.m.head,
            0.0,
        )],
        pad: 0.0,
    };
    SetBox::new(content, s.fonts, s.width)
}

/// Places the rows of page `k` of the first pages, from `top` in `area`.
pub(super) fn place_front(
    out: &mut Layout,
    fonts: &Fonts,
    m: &Sizes,
    front: &Front,
    (k, area, top): (usize, Rect, f32),
    order: &[usize],
) {
    for (y, row) in front.pages.get(k).into_iter().flatten() {
        match row {
            FrontRow::Boxes(row) => {
                place_inputs(out, fonts, m, row, area.x, top + y);
            }
            FrontRow::Linked(linked) => {
                let x = area.x + linked.bands.0;
                let mut inputs: Vec<Vec<PlacedInput>> = Vec::new();
                let mut tracks: Vec<Vec<PlacedHeader>> = Vec::new();
                let mut channels: Vec<Channel> = Vec::new();
                let mut at = top + y;
                for (r, row) in linked.rows.iter().enumerate() {
                    let placed = place_inputs(out, fonts, m, row, x, at);
                    if r < linked.inputs {
                        inputs.push(placed);
                    } else {
                        tracks.push(overview_headers(placed, order));
                    }
                    at += row.height;
                    if let Some(height) = linked.channels.get(r) {
                        channels.push(Channel {
                            top: at,
                            span: *height,
                        });
                        at += height;
                    }
                }
                let placed = Placed {
                    inputs: &inputs,
                    tracks: &tracks,
                    channels: &channels,
                    edges: (area.x, area.right()),
                };
                draw_links(out, m, &placed, &linked.links);
            }
            FrontRow::Heading(heading) => {
                let b = LayoutBox {
                    id: "overview".into(),
                    kind: BoxKind::Label,
                    rect: Rect {
                        x: area.x,
                        y: top + y,
                        w: area.w,
                        h: heading.height,
                    },
                    fill: None,
                    stroke: None,
                    radius: 0.0,
                };
                add_padded_box(out, fonts, b, &heading.block, 0.0);
            }
        }
    }
}

/// The overview's boxes as placed, as the tracks' headers the arrows go into.
fn overview_headers(placed: Vec<PlacedInput>, order: &[usize]) -> Vec<PlacedHeader> {
    placed
        .into_iter()
        .filter_map(|b| {
            let position = overview_position(&b.key)?;
            Some(PlacedHeader {
                track: *order.get(position)?,
                id: b.id,
                rect: b.rect,
                color: track_color(position),
            })
        })
        .collect()
}

/// The position in the precedence order of the track an overview box (keyed
/// `overview:<position>`) stands for.
fn overview_position(key: &str) -> Option<usize> {
    key.strip_prefix("overview:")?.parse().ok()
}

/// The rows of the first pages, page by page, each with its top (from the top of
/// the area under the title band), a gap between each and the next.
fn paginate_front(rows: Vec<FrontRow>, s: &FrontSetting) -> Result<Vec<Vec<(f32, FrontRow)>>, DoesNotFit> {
    let mut front: Vec<Vec<(f32, FrontRow)>> = vec![Vec::new()];
    let mut y = 0.0;
    for row in rows {
        let h = row.height();
        if y > 0.0 && y + h > (s.room)(front.len() - 1) {
            front.push(Vec::new());
            y = 0.0;
        }
        if h > (s.room)(front.len() - 1) {
            return Err(too_tall_box(&row, h));
        }
        if let Some(page_rows) = front.last_mut() {
            page_rows.push((y, row));
        }
        y += h + s.m.gap;
    }
    Ok(front)
}

/// A row of the first page taller than a page: which box, in words, and where it
/// is declared.
fn too_tall_box(row: &FrontRow, h: f32) -> DoesNotFit {
    let tallest = match row {
        FrontRow::Boxes(row) => row
            .boxes
            .iter()
            .zip(&row.blocks)
            .max_by(|a, b| a.1.height.total_cmp(&b.1.height))
            .map(|(b, _)| b),
        FrontRow::Linked(_) | FrontRow::Heading(_) => None,
    };
    let (what, declared) = match tallest.map(|b| (b.kind, b.id.split_once(':').map_or("", |(_, id)| id))) {
        Some((BoxKind::Criteria, id)) => (
            format!("the criteria group `{id}` is {h:.0} pt tall, more than a page holds"),
            Some(format!("criteria {id}")),
        ),
        Some((BoxKind::Signal, id)) => (
            format!("the signal `{id}` is {h:.0} pt tall, more than a page holds"),
            Some(format!("signal {id}")),
        ),
        Some((_, id)) => (
            format!("the overview of track `{id}` is {h:.0} pt tall, more than a page holds"),
            Some(format!("track {id}")),
        ),
        None => (format!("a row of the first page is {h:.0} pt tall"), None),
    };
    DoesNotFit { what, declared }
}

/// How many boxes at least `min` wide fit side by side in `w` (at least one).
pub(super) fn fitting(w: f32, min: f32, gutter: f32) -> usize {
    (((w + gutter) / (min + gutter)).floor() as usize).max(1)
}

/// `items` in rows of at most `per_row`, the rows as even as they can be.
fn chunks<T>(items: Vec<T>, per_row: usize) -> Vec<Vec<T>> {
    let rows = items.len().div_ceil(per_row.max(1));
    let per_row = items.len().div_ceil(rows.max(1)).max(1);
    let mut out: Vec<Vec<T>> = Vec::new();
    for item in items {
        match out.last_mut() {
            Some(row) if row.len() < per_row => row.push(item),
            _ => out.push(vec![item]),
        }
    }
    out
}

/// A track's box in the overview: its title, when it applies unless `compact`, and
/// the page its steps are on.
fn overview_box(s: &FrontSetting, track: &Track, n: usize, compact: bool) -> InputBox {
    let (model, m) = (s.model, s.m);
    let mut content = header_content(model, track, m);
    // What it replaces, comes before and its standing rules are in the header
    // over its steps: here, only its title and when it applies, then the page
    // (`compact`: its title, and the page right under it).
    content.paras.truncate(if compact { 1 } else { 2 });
    let page = s
        .steps_page
        .get(model.tracks.iter().position(|t| t.id == track.id).unwrap_or(0))
        .copied()
        .unwrap_or(0);
    content.paras.push(para(
        vec![styled(
            format!("{} {page} →", model.labels.get("steps_on_page")),
            true,
            WHITE,
        )],
        m.body,
        if compact { 0.0 } else { m.body * 0.4 },
    ));
    let color = track_color(n);
    let chars = content.chars();
    InputBox {
        key: format!("overview:{n}"),
        id: format!("overview:{}", track.id),
        kind: BoxKind::Overview,
        content,
        weight: (chars as f32).sqrt(),
        colors: (color, color),
    }
}
