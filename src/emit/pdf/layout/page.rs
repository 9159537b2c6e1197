//! The page at one body size, in phases: set each row to the page's width (the
//! title, the inputs row of criteria groups and signals, the track columns under
//! the inputs that trigger them, the phone and resources band, the footer), check
//! that their heights fit, share the spare height between the gaps, then place the
//! rows top to bottom and draw the arrows between them. The key to required steps'
//! marks, when there is one, goes under the column with most room, else in the footer.

use super::column::{balance, set_columns, Column};
use super::content::{footer_content, main_phone, phone_content, resources_content, title_content, Content};
use super::criteria::{criteria_content, signal_content};
use super::frame::{BoxKind, Color, DoesNotFit, Layout, LayoutBox, Page, Point, Rect, Rule};
use super::links::{channel_height, input_arrows, trigger_inputs, Channel, PlacedInput, TriggerInput};
use super::place::{add_padded_box, place_steps, ColumnPlace};
use super::required;
use super::route::{place_crossings, PlacedHeader};
use super::style::{
    track_color, Reasons, Sizes, MIN_COLUMN, NAVY, PANEL, PANEL_EDGE, PHONE_FILL, SIGNAL_EDGE, SIGNAL_FILL,
};
use super::text::Block;
use crate::emit::pdf::metrics::Fonts;
use crate::model::{Model, SignalIdx};

/// The page at one body size, or what overflowed.
/// With `grow`, a page too short for the chart is made taller (a poster).
pub(super) fn layout_at(
    model: &Model,
    page: Page,
    fonts: &Fonts,
    size: f32,
    grow: bool,
    reasons: Reasons,
) -> Result<Layout, DoesNotFit> {
    let m = Sizes::at(size).with_reasons(reasons);
    let mut page = page;
    let mut area = page.printable();
    let w = area.w;
    let inputs = set_inputs(input_boxes(model, &m, fonts), w, &m, fonts, None)?;
    let tracks = set_tracks(model, w, &m, fonts)?;
    let title = SetBox::new(title_content(model, &m), fonts, w);
    let band = set_band(model, w, &m, fonts, BandParts::Both);
    // The key to required steps' marks: under a column with room for it, else in the footer.
    let key = required::key(model, &m).map(|content| key_place(content, &tracks, &m, fonts));
    let mut footer_text = footer_content(model, &m);
    if let Some(KeyPlace::Footer(content)) = &key {
        footer_text.paras.extend(content.paras.iter().cloned());
    }
    let footer = SetBox::new(footer_text, fonts, w);
    let heights = Heights {
        title: title.height,
        inputs: inputs.height,
        channel: tracks.channel,
        tracks: tracks.height,
        band_gap: if band.height > 0.0 { m.gap } else { 0.0 },
        band: band.height,
        footer: footer.height,
    };
    let needed = heights.total(&m);
    if grow && needed > area.h {
        page.height = needed + 2.0 * page.margin;
        area = page.printable();
    }
    if needed > area.h {
        return Err(too_tall(model, &tracks, &heights, size, needed, area.h));
    }
    // Share part of the spare height between the gaps, so the page looks filled.
    let slack = area.h - needed;
    let extra = (slack / 4.0).min(m.body * 1.2);

    let mut out = Layout::empty(page, size);
    let mut y = area.y;
    place_title(&mut out, fonts, &m, &title, area, y);
    y += title.height + m.gap + extra;
    let input_boxes = place_inputs(&mut out, fonts, &m, &inputs, area.x, y);
    let channel_top = y + inputs.height;
    y = channel_top + tracks.channel + extra;
    let headers = place_tracks(&mut out, fonts, &m, model, &tracks, Point { x: area.x, y });
    if let Some(KeyPlace::Column { index, x, set }) = &key {
        let b = LayoutBox {
            id: "key".into(),
            kind: BoxKind::Key,
            rect: Rect {
                x: area.x + x,
                y: y + tracks.height - set.height,
                w: tracks.widths.get(*index).copied().unwrap_or_default(),
                h: set.height,
            },
            fill: Some(PANEL),
            stroke: Some(PANEL_EDGE),
            radius: m.radius,
        };
        add_padded_box(&mut out, fonts, b, &set.block, set.content.pad);
    }
    let channel = Channel {
        top: channel_top,
        span: tracks.channel + extra,
    };
    input_arrows(&mut out, &m, input_boxes, headers, &tracks.triggers, channel);
    y += tracks.height + heights.band_gap + extra;
    if band.height > 0.0 {
        place_band(&mut out, fonts, &m, &band, Point { x: area.x, y });
    }
    place_footer(&mut out, fonts, &footer, area);
    Ok(out)
}

/// Where the key to required steps' marks goes.
enum KeyPlace {
    /// At the foot of the column at `index` (`x` from the row's left), in the room
    /// under its last step.
    Column { index: usize, x: f32, set: SetBox },
    /// At the end of the footer.
    Footer(Content),
}

/// The column with the most room under its last step, if the key fits there with a
/// gap above it; else the footer.
fn key_place(content: Content, tracks: &TrackRow, m: &Sizes, fonts: &Fonts) -> KeyPlace {
    let mut best: Option<(f32, usize, f32, SetBox)> = None;
    let mut x = 0.0;
    for (index, (column, width)) in tracks.columns.iter().zip(&tracks.widths).enumerate() {
        let room = tracks.height - column.height;
        let set = SetBox::new(content.clone(), fonts, *width);
        if set.height + m.gap * 0.5 <= room && best.as_ref().is_none_or(|b| room > b.0) {
            best = Some((room, index, x, set));
        }
        x += width + m.gutter;
    }
    match best {
        Some((_, index, x, set)) => KeyPlace::Column { index, x, set },
        None => KeyPlace::Footer(content),
    }
}

/// The rows' heights, top to bottom.
struct Heights {
    title: f32,
    inputs: f32,
    /// Between the inputs and the tracks, where the arrows into the tracks run.
    channel: f32,
    tracks: f32,
    band_gap: f32,
    band: f32,
    footer: f32,
}

impl Heights {
    /// The height of the page's content with the gaps between the rows.
    fn total(&self, m: &Sizes) -> f32 {
        self.title
            + m.gap
            + self.inputs
            + self.channel
            + self.tracks
            + self.band_gap
            + self.band
            + m.gap
            + self.footer
    }
}

/// What overflowed, naming the biggest part, so the author knows what to shorten.
fn too_tall(
    model: &Model,
    tracks: &TrackRow,
    heights: &Heights,
    size: f32,
    needed: f32,
    room: f32,
) -> DoesNotFit {
    let tallest_track = tracks
        .order
        .iter()
        .zip(&tracks.columns)
        .max_by(|a, b| a.1.height.total_cmp(&b.1.height));
    let mut what = format!("at {size} pt the chart is {needed:.0} pt tall and the page has {room:.0} pt");
    if let Some((t, c)) = tallest_track {
        if let Some(track) = model.tracks.get(*t) {
            what.push_str(&format!(
                "; the tallest part is track `{}` ({} steps, {:.0} pt)",
                track.id,
                track.steps.len(),
                c.height
            ));
        }
    }
    if heights.inputs > heights.tracks {
        what.push_str(&format!("; the criteria row is {:.0} pt", heights.inputs));
    }
    DoesNotFit { what, declared: None }
}

/// A box's content set to its width, and the box's height.
pub(super) struct SetBox {
    pub(super) content: Content,
    pub(super) block: Block,
    pub(super) height: f32,
}

impl SetBox {
    pub(super) fn new(content: Content, fonts: &Fonts, width: f32) -> Self {
        let block = content.set(fonts, width);
        let height = content.height(&block);
        SetBox {
            content,
            block,
            height,
        }
    }
}

/// A box in the inputs row: a criteria group or a signal, keyed by model index.
#[derive(Clone)]
pub(super) struct InputBox {
    pub(super) key: String,
    pub(super) id: String,
    pub(super) kind: BoxKind,
    pub(super) content: Content,
    pub(super) weight: f32,
    /// Its fill and edge.
    pub(super) colors: (Color, Color),
}

/// The inputs row: criteria groups then signals, at widths balanced so they end
/// at similar heights; all as tall as the tallest.
pub(super) struct InputRow {
    pub(super) boxes: Vec<InputBox>,
    pub(super) widths: Vec<f32>,
    pub(super) blocks: Vec<Block>,
    pub(super) height: f32,
}

/// The inputs' boxes, criteria groups then signals, with their contents.
pub(super) fn input_boxes(model: &Model, m: &Sizes, fonts: &Fonts) -> Vec<InputBox> {
    let mut boxes: Vec<InputBox> = Vec::new();
    for (i, c) in model.criteria.iter().enumerate() {
        let content = criteria_content(model, c, m, fonts);
        let chars = content.chars();
        boxes.push(InputBox {
            key: format!("criteria:{i}"),
            id: format!("criteria:{}", c.id),
            kind: BoxKind::Criteria,
            content,
            colors: (PANEL, PANEL_EDGE),
            weight: (chars as f32).sqrt(),
        });
    }
    for (i, s) in model.signals.iter().enumerate() {
        let content = signal_content(model, SignalIdx(i), s, m);
        boxes.push(InputBox {
            key: format!("signal:{i}"),
            id: format!("signal:{}", s.id),
            kind: BoxKind::Signal,
            content,
            colors: (SIGNAL_FILL, SIGNAL_EDGE),
            weight: (s.text.len() as f32 + 30.0).sqrt(),
        });
    }
    boxes
}

/// Sets the inputs row `w` wide, or says that the boxes do not fit side by side.
/// No box is narrower than `narrowest`, or by default a sixth of the row.
pub(super) fn set_inputs(
    boxes: Vec<InputBox>,
    w: f32,
    m: &Sizes,
    fonts: &Fonts,
    narrowest: Option<f32>,
) -> Result<InputRow, DoesNotFit> {
    let n_inputs = boxes.len().max(1) as f32;
    let input_total = w - m.gutter * (n_inputs - 1.0);
    if input_total / n_inputs < MIN_COLUMN {
        return Err(DoesNotFit {
            what: format!(
                "{} criteria groups and signals side by side leave each less than {MIN_COLUMN} pt",
                boxes.len()
            ),
            declared: None,
        });
    }
    let (widths, blocks) = balance(
        input_total,
        &boxes.iter().map(|i| i.weight).collect::<Vec<_>>(),
        narrowest.unwrap_or(input_total * 0.16).max(MIN_COLUMN),
        &|widths: &[f32]| -> Vec<Block> {
            boxes
                .iter()
                .zip(widths)
                .map(|(i, w)| i.content.set(fonts, *w))
                .collect()
        },
        &|b: &Block| b.height,
    );
    let height = boxes
        .iter()
        .zip(&blocks)
        .map(|(i, b)| i.content.height(b))
        .fold(0.0, f32::max);
    Ok(InputRow {
        boxes,
        widths,
        blocks,
        height,
    })
}

/// The track columns, in order of precedence.
struct TrackRow {
    /// The tracks left to right, as model indices.
    order: Vec<usize>,
    /// For each track (by model index), the inputs its trigger names.
    triggers: Vec<Vec<TriggerInput>>,
    widths: Vec<f32>,
    columns: Vec<Column>,
    height: f32,
    /// The height of the channel above the columns: a lane for each arrow into them.
    channel: f32,
}

/// Sets the track columns `w` wide, in order of precedence, or says that the
/// columns do not fit side by side.
fn set_tracks(model: &Model, w: f32, m: &Sizes, fonts: &Fonts) -> Result<TrackRow, DoesNotFit> {
    let triggers: Vec<Vec<TriggerInput>> = model.tracks.iter().map(|t| trigger_inputs(&t.trigger)).collect();
    // Left to right in order of precedence: the track done first at the left.
    let order: Vec<usize> = model.precedence.iter().map(|t| t.0).collect();
    let n_tracks = order.len().max(1) as f32;
    let track_total = w - m.gutter * (n_tracks - 1.0);
    if track_total / n_tracks < MIN_COLUMN {
        return Err(DoesNotFit {
            what: format!(
                "{} tracks side by side leave each column less than {MIN_COLUMN} pt",
                order.len()
            ),
            declared: None,
        });
    }
    let (widths, columns) = set_columns(model, &order, track_total, m, fonts);
    let height = columns.iter().map(|c| c.height).fold(0.0, f32::max);
    // Arrows into the tracks: one lane each in the channel between the rows.
    let arrow_count: usize = order.iter().filter_map(|t| triggers.get(*t)).map(Vec::len).sum();
    let channel = channel_height(arrow_count, m);
    Ok(TrackRow {
        order,
        triggers,
        widths,
        columns,
        height,
        channel,
    })
}

/// The band above the footer: the number to call at the left, the resources
/// beside it, both as tall as the taller.
pub(super) struct Band {
    /// The phone box and its width.
    pub(super) phone: Option<(SetBox, f32)>,
    /// The resources box and its width.
    pub(super) resources: Option<(SetBox, f32)>,
    pub(super) height: f32,
}

/// Sets the phone box (wide enough for the number) and the resources beside it.
/// Which parts of the band to set.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum BandParts {
    /// The number to call and the resources beside it (a chart on one page).
    Both,
    /// The number to call alone (beside the title band of a chart on several pages).
    Phone,
    /// The resources alone, the full width (the first page of a chart on several pages).
    Resources,
}

pub(super) fn set_band(model: &Model, w: f32, m: &Sizes, fonts: &Fonts, parts: BandParts) -> Band {
    let phone = main_phone(model)
        .filter(|_| parts != BandParts::Resources)
        .map(|(name, number, more)| {
            let content = phone_content(model, &name, &number, &more, m);
            let natural = fonts.bold.width(&number, m.phone) + 2.0 * content.pad + m.body;
            let width = natural.max(w * 0.3).min(w * 0.5);
            (SetBox::new(content, fonts, width), width)
        });
    let resources_width = match &phone {
        Some((_, pw)) => w - pw - m.gutter,
        None => w,
    };
    let resources = (parts != BandParts::Phone && !model.resources.is_empty()).then(|| {
        let content = resources_content(model, m, fonts);
        (SetBox::new(content, fonts, resources_width), resources_width)
    });
    let height = [
        phone.as_ref().map(|(b, _)| b.height),
        resources.as_ref().map(|(b, _)| b.height),
    ]
    .into_iter()
    .flatten()
    .fold(0.0, f32::max);
    Band {
        phone,
        resources,
        height,
    }
}

/// Places the title band across the top of `area`, at `y`.
pub(super) fn place_title(out: &mut Layout, fonts: &Fonts, m: &Sizes, title: &SetBox, area: Rect, y: f32) {
    let b = LayoutBox {
        id: "title".into(),
        kind: BoxKind::Title,
        rect: Rect {
            x: area.x,
            y,
            w: area.w,
            h: title.height,
        },
        fill: Some(NAVY),
        stroke: None,
        radius: m.radius,
    };
    add_padded_box(out, fonts, b, &title.block, title.content.pad);
}

/// Places the inputs row from `(x, y)`; returns where each input went.
pub(super) fn place_inputs(
    out: &mut Layout,
    fonts: &Fonts,
    m: &Sizes,
    inputs: &InputRow,
    x: f32,
    y: f32,
) -> Vec<PlacedInput> {
    let mut x = x;
    let mut placed = Vec::new();
    for ((input, block), width) in inputs.boxes.iter().zip(&inputs.blocks).zip(&inputs.widths) {
        let rect = Rect {
            x,
            y,
            w: *width,
            h: inputs.height,
        };
        let (fill, stroke) = input.colors;
        let b = LayoutBox {
            id: input.id.clone(),
            kind: input.kind,
            rect,
            fill: Some(fill),
            stroke: Some(stroke),
            radius: m.radius,
        };
        add_padded_box(out, fonts, b, block, input.content.pad);
        placed.push(PlacedInput {
            key: input.key.clone(),
            id: input.id.clone(),
            rect,
        });
        x += width + m.gutter;
    }
    placed
}

/// Places the track columns from `at` (their headers, steps and the arrows between
/// them, then the arrows across to other columns); returns where each header went.
fn place_tracks(
    out: &mut Layout,
    fonts: &Fonts,
    m: &Sizes,
    model: &Model,
    tracks: &TrackRow,
    at: Point,
) -> Vec<PlacedHeader> {
    let mut headers: Vec<PlacedHeader> = Vec::new();
    let mut crossings = Vec::new();
    let mut x = at.x;
    for (n, ((t, column), width)) in tracks
        .order
        .iter()
        .zip(&tracks.columns)
        .zip(&tracks.widths)
        .enumerate()
    {
        let Some(track) = model.tracks.get(*t) else {
            continue;
        };
        let color = track_color(n);
        let header_id = format!("track:{}", track.id);
        let header_rect = Rect {
            x,
            y: at.y,
            w: *width,
            h: column.header.height + 2.0 * column.header_pad,
        };
        let b = LayoutBox {
            id: header_id.clone(),
            kind: BoxKind::TrackHeader,
            rect: header_rect,
            fill: Some(color),
            stroke: None,
            radius: m.radius,
        };
        add_padded_box(out, fonts, b, &column.header, column.header_pad);
        let place = ColumnPlace {
            track,
            color,
            x,
            width: *width,
            gutter: m.gutter,
            header: (&header_id, header_rect),
        };
        crossings.extend(place_steps(out, fonts, m, column, &place, 0..column.rows.len()));
        headers.push(PlacedHeader {
            track: *t,
            id: header_id,
            rect: header_rect,
            color,
        });
        x += width + m.gutter;
    }
    place_crossings(out, &crossings, &headers, m);
    headers
}

/// Places the phone box and the resources side by side from `at`.
pub(super) fn place_band(out: &mut Layout, fonts: &Fonts, m: &Sizes, band: &Band, at: Point) {
    let mut x = at.x;
    if let Some((phone, width)) = &band.phone {
        let b = LayoutBox {
            id: "phone".into(),
            kind: BoxKind::Phone,
            rect: Rect {
                x,
                y: at.y,
                w: *width,
                h: band.height,
            },
            fill: Some(PHONE_FILL),
            stroke: None,
            radius: m.radius,
        };
        add_padded_box(out, fonts, b, &phone.block, phone.content.pad);
        x += width + m.gutter;
    }
    if let Some((resources, width)) = &band.resources {
        let b = LayoutBox {
            id: "resources".into(),
            kind: BoxKind::Resources,
            rect: Rect {
                x,
                y: at.y,
                w: *width,
                h: band.height,
            },
            fill: Some(PANEL),
            stroke: Some(PANEL_EDGE),
            radius: m.radius,
        };
        add_padded_box(out, fonts, b, &resources.block, resources.content.pad);
    }
}

/// Places the footer at the bottom of `area`, under a rule.
pub(super) fn place_footer(out: &mut Layout, fonts: &Fonts, footer: &SetBox, area: Rect) {
    let footer_y = area.bottom() - footer.height;
    out.rules.push(Rule {
        from: Point {
            x: area.x,
            y: footer_y,
        },
        to: Point {
            x: area.right(),
            y: footer_y,
        },
        color: PANEL_EDGE,
        width: 0.6,
    });
    let b = LayoutBox {
        id: "footer".into(),
        kind: BoxKind::Footer,
        rect: Rect {
            x: area.x,
            y: footer_y,
            w: area.w,
            h: footer.height,
        },
        fill: None,
        stroke: None,
        radius: 0.0,
    };
    add_padded_box(out, fonts, b, &footer.block, footer.content.pad);
}
