//! The arrows from the criteria groups and signals into the tracks they trigger:
//! one per input and track, whatever rows the two boxes stand in.
//!
//! The boxes stand in rows, the inputs' rows over the tracks' rows, with a channel
//! under every row but the last. An arrow from the last row of inputs into the
//! first row of tracks runs down, across a lane of the channel between them, and
//! down into the track. Any other runs down into the channel under its input,
//! across it to a band at the side of the rows (the nearer side), down the band,
//! and across the channel over its track into it. Each arrow has a lane of its own
//! in every channel and band it runs in, so no two share a segment, and the lanes
//! are ordered so that arrows going the same way do not cross. An arrow from an
//! input a trigger names only negated (`not disclosed`) is dashed.

use super::frame::{Arrow, Layout, Point, Rect};
use super::route::PlacedHeader;
use super::style::{Sizes, ARROW_IN, NAVY};
use crate::model::Trigger;

/// An input's box as placed: its key (`criteria:<index>` or `signal:<index>`), id
/// and rectangle.
pub(super) struct PlacedInput {
    pub(super) key: String,
    pub(super) id: String,
    pub(super) rect: Rect,
}

/// A channel between two rows of boxes, where the arrows run across: its top (the
/// upper row's bottom) and the height its lanes are spread over.
pub(super) struct Channel {
    pub(super) top: f32,
    pub(super) span: f32,
}

/// The height of a channel with `arrows` lanes in it: a lane for each, and room
/// above and below them.
pub(super) fn channel_height(arrows: usize, m: &Sizes) -> f32 {
    (arrows as f32 + 1.0) * m.lane + m.body * 0.8
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

/// Which way a link runs: straight across the channel between the last row of
/// inputs and the first row of tracks, or by the band at one side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Way {
    Across,
    Side { right: bool },
}

/// A link from an input to a track it triggers, by place: (row, place in the row)
/// of each end, among the rows of inputs and the rows of tracks.
pub(super) struct Link {
    from: (usize, usize),
    to: (usize, usize),
    negated: bool,
    way: Way,
}

/// The rows of boxes the links run between: the inputs' keys, row by row, and the
/// tracks (model indices), row by row.
pub(super) struct Rows<'a> {
    pub(super) inputs: &'a [Vec<String>],
    pub(super) tracks: &'a [Vec<usize>],
}

/// The links from the inputs to the tracks each track's trigger names
/// (`triggers`, by model index), track by track, and which way each runs.
pub(super) fn plan_links(rows: &Rows, triggers: &[Vec<TriggerInput>]) -> Vec<Link> {
    let last_inputs = rows.inputs.len().saturating_sub(1);
    let mut links = Vec::new();
    for (r, row) in rows.tracks.iter().enumerate() {
        for (j, t) in row.iter().enumerate() {
            for named in triggers.get(*t).map(Vec::as_slice).unwrap_or(&[]) {
                let found = rows.inputs.iter().enumerate().find_map(|(i, inputs)| {
                    inputs
                        .iter()
                        .position(|k| *k == named.key)
                        .map(|n| (i, n, inputs.len()))
                });
                let Some((i, n, len)) = found else {
                    continue;
                };
                let way = if i == last_inputs && r == 0 {
                    Way::Across
                } else {
                    // The nearer side, from where the two boxes stand in their rows.
                    let centre = |at: usize, of: usize| (at as f32 + 0.5) / of.max(1) as f32;
                    Way::Side {
                        right: centre(n, len) + centre(j, row.len()) >= 1.0,
                    }
                };
                links.push(Link {
                    from: (i, n),
                    to: (r, j),
                    negated: named.negated,
                    way,
                });
            }
        }
    }
    links
}

/// How many lanes the links need: in each channel (under each row but the last,
/// the inputs' rows then the tracks' rows), and in the bands at the left and right.
pub(super) struct Lanes {
    pub(super) channels: Vec<usize>,
    pub(super) left: usize,
    pub(super) right: usize,
}

impl Lanes {
    /// The lanes `links` need between `input_rows` rows of inputs and `track_rows`
    /// rows of tracks.
    pub(super) fn of(links: &[Link], input_rows: usize, track_rows: usize) -> Self {
        let mut lanes = Lanes {
            channels: vec![0; (input_rows + track_rows).saturating_sub(1)],
            left: 0,
            right: 0,
        };
        for link in links {
            for c in channels_of(link, input_rows) {
                if let Some(n) = lanes.channels.get_mut(c) {
                    *n += 1;
                }
            }
            match link.way {
                Way::Across => {}
                Way::Side { right: false } => lanes.left += 1,
                Way::Side { right: true } => lanes.right += 1,
            }
        }
        lanes
    }

    /// The widths of the bands at the left and right of the rows (0 for none).
    pub(super) fn bands(&self, m: &Sizes) -> (f32, f32) {
        let width = |n: usize| if n == 0 { 0.0 } else { (n as f32 + 0.5) * m.lane };
        (width(self.left), width(self.right))
    }
}

/// The channels a link runs across (numbered under each row, the inputs' rows
/// first): the one under its input and the one over its track.
fn channels_of(link: &Link, input_rows: usize) -> Vec<usize> {
    let under_input = link.from.0;
    let over_track = input_rows + link.to.0 - 1;
    if under_input == over_track {
        vec![under_input]
    } else {
        vec![under_input, over_track]
    }
}

/// The boxes as placed, row by row, the channels under each row but the last, and
/// the left and right edges of the area the bands are in.
pub(super) struct Placed<'a> {
    pub(super) inputs: &'a [Vec<PlacedInput>],
    pub(super) tracks: &'a [Vec<PlacedHeader>],
    pub(super) channels: &'a [Channel],
    pub(super) edges: (f32, f32),
}

/// A link's two boxes as placed.
struct Ends<'a> {
    input: &'a PlacedInput,
    track: &'a PlacedHeader,
}

impl Placed<'_> {
    fn ends(&self, link: &Link) -> Option<Ends<'_>> {
        Some(Ends {
            input: self.inputs.get(link.from.0)?.get(link.from.1)?,
            track: self.tracks.get(link.to.0)?.get(link.to.1)?,
        })
    }
}

/// Draws `links` between the boxes of `placed`.
pub(super) fn draw_links(out: &mut Layout, m: &Sizes, placed: &Placed, links: &[Link]) {
    let ends: Vec<Option<Ends>> = links.iter().map(|l| placed.ends(l)).collect();
    let (left_edge, right_edge) = placed.edges;
    // Where each link leaves its input and enters its track: the links of one box
    // spread along its edge in the order of where they are going (or coming from).
    let aim = |i: usize, at_input: bool| -> f32 {
        match (links.get(i).map(|l| l.way), ends.get(i).and_then(Option::as_ref)) {
            (Some(Way::Side { right }), _) => {
                if right {
                    f32::INFINITY
                } else {
                    f32::NEG_INFINITY
                }
            }
            (_, Some(e)) if at_input => e.track.rect.x,
            (_, Some(e)) => e.input.rect.x,
            _ => 0.0,
        }
    };
    let spread = |at_input: bool| -> Vec<f32> {
        let boxes: Vec<Option<(&str, Rect)>> = ends
            .iter()
            .map(|e| {
                e.as_ref().map(|e| {
                    if at_input {
                        (e.input.id.as_str(), e.input.rect)
                    } else {
                        (e.track.id.as_str(), e.track.rect)
                    }
                })
            })
            .collect();
        (0..links.len())
            .map(|i| {
                let Some(Some((id, rect))) = boxes.get(i) else {
                    return 0.0;
                };
                let mut same: Vec<(usize, f32)> = boxes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| b.is_some_and(|(other, _)| other == *id))
                    .map(|(j, _)| (j, aim(j, at_input)))
                    .collect();
                same.sort_by(|a, b| a.1.total_cmp(&b.1));
                let k = same.iter().position(|(j, _)| *j == i).unwrap_or(0);
                rect.x + rect.w * (k as f32 + 1.0) / (same.len() as f32 + 1.0)
            })
            .collect()
    };
    let start_x = spread(true);
    let input_rows = placed.inputs.len();
    let end_x = apart_from_starts(links, &ends, (&start_x, spread(false)), input_rows, m);
    let lane_y = lane_heights(links, placed, input_rows, (&start_x, &end_x));
    let band_x = band_lanes(links, input_rows, (left_edge, right_edge), m);
    // Drawn top lane first.
    let mut drawing: Vec<(usize, f32)> = Vec::new();
    for (i, y) in &lane_y {
        if !drawing.iter().any(|(j, _)| j == i) {
            drawing.push((*i, *y));
        }
    }
    drawing.sort_by(|a, b| a.1.total_cmp(&b.1));
    for (i, link) in drawing.iter().filter_map(|(i, _)| links.get(*i).map(|l| (*i, l))) {
        let (Some(Some(e)), Some(sx), Some(ex)) = (ends.get(i), start_x.get(i), end_x.get(i)) else {
            continue;
        };
        let (sx, ex) = (*sx, *ex);
        let lanes: Vec<f32> = lane_y.iter().filter(|(j, _)| *j == i).map(|(_, y)| *y).collect();
        let mut points = vec![Point {
            x: sx,
            y: e.input.rect.bottom(),
        }];
        match (link.way, lanes.as_slice(), band_x.get(i).copied().flatten()) {
            (Way::Across, [y], _) => {
                if (sx - ex).abs() > 0.5 {
                    points.push(Point { x: sx, y: *y });
                    points.push(Point { x: ex, y: *y });
                }
            }
            (Way::Side { .. }, [y1, y2], Some(bx)) => {
                points.push(Point { x: sx, y: *y1 });
                points.push(Point { x: bx, y: *y1 });
                points.push(Point { x: bx, y: *y2 });
                points.push(Point { x: ex, y: *y2 });
            }
            _ => continue,
        }
        points.push(Point {
            x: ex,
            y: e.track.rect.y,
        });
        out.arrows.push(Arrow {
            from: e.input.id.clone(),
            to: e.track.id.clone(),
            points,
            color: if e.track.color == NAVY {
                ARROW_IN
            } else {
                e.track.color
            },
            width: m.input_arrow,
            dashed: link.negated,
        });
    }
}

/// Where each link enters its track, moved along the track's edge where it would
/// come down on the line of another link going down from an input into the same
/// channel (boxes of one width in both rows spread their links alike), so the two
/// never run along one line.
fn apart_from_starts(
    links: &[Link],
    ends: &[Option<Ends>],
    (start_x, mut end_x): (&[f32], Vec<f32>),
    input_rows: usize,
    m: &Sizes,
) -> Vec<f32> {
    let clear = m.lane * 0.6;
    for (i, link) in links.iter().enumerate() {
        let Some(Some(e)) = ends.get(i) else {
            continue;
        };
        let over_track = input_rows + link.to.0 - 1;
        let starts: Vec<f32> = links
            .iter()
            .enumerate()
            .filter(|(j, other)| *j != i && other.from.0 == over_track)
            .filter_map(|(j, _)| start_x.get(j).copied())
            .collect();
        let Some(x) = end_x.get_mut(i) else {
            continue;
        };
        let rect = e.track.rect;
        let free = |x: f32| starts.iter().all(|s| (s - x).abs() >= clear);
        let moved = [1.0, -1.0, 2.0, -2.0]
            .into_iter()
            .map(|k| *x + k * clear)
            .find(|x| free(*x) && *x > rect.x + 1.0 && *x < rect.right() - 1.0);
        if let (false, Some(moved)) = (free(*x), moved) {
            *x = moved;
        }
    }
    end_x
}

/// Each link's lanes in the channels it runs across, as (link, height), the one
/// under its input first. In a channel, top to bottom: the links going out to a
/// band (the one nearest it highest), the links straight across (the one going
/// least far sideways highest), and the links coming in from a band (the one going
/// furthest from it highest); so arrows going the same way do not cross.
fn lane_heights(
    links: &[Link],
    placed: &Placed,
    input_rows: usize,
    (start_x, end_x): (&[f32], &[f32]),
) -> Vec<(usize, f32)> {
    let (left_edge, right_edge) = placed.edges;
    let side_edge = |right: bool| if right { right_edge } else { left_edge };
    let mut out = Vec::new();
    for (c, channel) in placed.channels.iter().enumerate() {
        let mut using: Vec<(usize, u8, f32)> = Vec::new();
        for (i, link) in links.iter().enumerate() {
            if !channels_of(link, input_rows).contains(&c) {
                continue;
            }
            let (sx, ex) = (
                start_x.get(i).copied().unwrap_or(0.0),
                end_x.get(i).copied().unwrap_or(0.0),
            );
            using.push(match link.way {
                Way::Across => (i, 1, (sx - ex).abs()),
                Way::Side { right } if link.from.0 == c => (i, 0, (sx - side_edge(right)).abs()),
                Way::Side { right } => (i, 2, -(ex - side_edge(right)).abs()),
            });
        }
        using.sort_by(|a, b| a.1.cmp(&b.1).then(a.2.total_cmp(&b.2)));
        let n = using.len() as f32;
        for (lane, (i, ..)) in using.iter().enumerate() {
            let y = channel.top + channel.span * (lane as f32 + 1.0) / (n + 1.0);
            out.push((*i, y));
        }
    }
    // The one under its input first: channels are numbered top down.
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    out
}

/// Each link's lane in its band (`None` straight across): the longest runs
/// outermost, so a shorter one's turns do not cross them.
fn band_lanes(
    links: &[Link],
    input_rows: usize,
    (left_edge, right_edge): (f32, f32),
    m: &Sizes,
) -> Vec<Option<f32>> {
    let mut x = vec![None; links.len()];
    for right in [false, true] {
        let mut side: Vec<(usize, &Link)> = links
            .iter()
            .enumerate()
            .filter(|(_, l)| l.way == Way::Side { right })
            .collect();
        let run = |l: &Link| input_rows + l.to.0 - l.from.0;
        side.sort_by(|a, b| run(b.1).cmp(&run(a.1)).then(a.1.from.0.cmp(&b.1.from.0)));
        for (lane, (i, _)) in side.iter().enumerate() {
            let inset = m.lane * (lane as f32 + 0.5);
            if let Some(slot) = x.get_mut(*i) {
                *slot = Some(if right {
                    right_edge - inset
                } else {
                    left_edge + inset
                });
            }
        }
    }
    x
}

/// Draws the arrows from one row of inputs into one row of tracks across
/// `channel` (a chart on one page).
pub(super) fn input_arrows(
    out: &mut Layout,
    m: &Sizes,
    inputs: Vec<PlacedInput>,
    headers: Vec<PlacedHeader>,
    triggers: &[Vec<TriggerInput>],
    channel: Channel,
) {
    let keys = [inputs.iter().map(|i| i.key.clone()).collect::<Vec<_>>()];
    let tracks = [headers.iter().map(|h| h.track).collect::<Vec<_>>()];
    let links = plan_links(
        &Rows {
            inputs: &keys,
            tracks: &tracks,
        },
        triggers,
    );
    let placed = Placed {
        inputs: &[inputs],
        tracks: &[headers],
        channels: &[channel],
        edges: (0.0, 0.0),
    };
    draw_links(out, m, &placed, &links);
}
