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
}

/// The first pages, row by row with each row's top (from the top of the area under
/// the title band), and the bands at the left and right of the rows where arrows
/// run down past other rows.
pub(super) struct Front {
    pub(super) pages: Vec<Vec<(f32, FrontRow)>>,
    bands: (f32, f32),
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

/// Sets the first pages.
pub(super) fn set_front(s: &FrontSetting) -> Result<Front, DoesNotFit> {
    let mut best: Option<(usize, Front)> = None;
    for (compact, narrow) in SETTINGS {
        let (front, linked, complete) = set_front_as(s, compact, narrow)?;
        if complete {
            return Ok(front);
        }
        if best.as_ref().is_none_or(|(most, _)| linked > *most) {
            best = Some((linked, front));
        }
    }
    match best {
        Some((_, front)) => Ok(front),
        None => set_front_as(s, false, false).map(|(front, ..)| front),
    }
}

/// Sets the first pages one way; returns them, how many rows of inputs have their
/// arrows, and whether every input does (or there are none to draw).
fn set_front_as(s: &FrontSetting, compact: bool, narrow: bool) -> Result<(Front, usize, bool), DoesNotFit> {
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
    // The most rows of inputs, counted from the last, set with the overview and
    // their arrows on one page.
    for k in (1..=input_rows.len()).rev() {
        let first = input_rows.len() - k;
        let rows = Rows {
            inputs: keys.get(first..).unwrap_or(&[]),
            tracks: &tracks,
        };
        let links = plan_links(&rows, s.triggers);
        if links.is_empty() {
            break;
        }
        let lanes = Lanes::of(&links, k, tracks.len());
        let bands = lanes.bands(m);
        let inner = w - bands.0 - bands.1;
        let mut lead = Vec::new();
        let mut block = Vec::new();
        for (r, row) in input_rows.iter().enumerate() {
            let set = set_inputs(row.clone(), inner, m, s.fonts, narrowest)?;
            if r < first {
                lead.push(FrontRow::Boxes(set));
            } else {
                block.push(set);
            }
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
        if height > (s.room)(usize::from(first > 0)) {
            continue;
        }
        lead.push(FrontRow::Linked(Linked {
            rows: block,
            inputs: k,
            channels,
            links,
            height,
        }));
        lead.push(FrontRow::Heading(heading(s)));
        let front = Front {
            pages: paginate_front(lead, s)?,
            bands,
        };
        return Ok((front, k, first == 0));
    }
    // No arrows: every row on its own.
    let mut rows = Vec::new();
    for row in input_rows {
        rows.push(FrontRow::Boxes(set_inputs(row, w, m, s.fonts, narrowest)?));
    }
    let none = plan_links(
        &Rows {
            inputs: &keys,
            tracks: &tracks,
        },
        s.triggers,
    )
    .is_empty();
    for row in overview_rows {
        rows.push(FrontRow::Boxes(set_inputs(row, w, m, s.fonts, None)?));
    }
    rows.push(FrontRow::Heading(heading(s)));
    let front = Front {
        pages: paginate_front(rows, s)?,
        bands: (0.0, 0.0),
    };
    Ok((front, 0, none))
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
    let x = area.x + front.bands.0;
    for (y, row) in front.pages.get(k).into_iter().flatten() {
        match row {
            FrontRow::Boxes(row) => {
                place_inputs(out, fonts, m, row, x, top + y);
            }
            FrontRow::Linked(linked) => {
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
    // over its steps: here, only its title and when it applies (`compact`: only
    // its title).
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
        m.body * 0.4,
    ));
    let color = track_color(n);
    let chars: usize = content
        .paras
        .iter()
        .flat_map(|p| &p.spans)
        .map(|s| s.text.len())
        .sum();
    InputBox {
        key: format!("overview:{n}"),
        id: format!("overview:{}", track.id),
        kind: BoxKind::Overview,
        content,
        weight: (chars as f32).sqrt(),
        colors: (color, color),
    }
}
