//! The chart's look: the body sizes tried, the colours, and the sizes and spacing
//! derived from one body size ([`Sizes`]).

use super::frame::Color;

/// The largest body text size tried, in points.
pub(super) const MAX_BODY: f32 = 12.0;
/// The smallest body text size of a chart on one page: below it, a wall chart is
/// tiring to read, and the chart goes on over more pages instead.
pub const MIN_BODY: f32 = 9.0;
/// The body text size of a chart on several pages.
pub const PAGES_BODY: f32 = 10.0;
/// The smallest any text is set (labels on arrows, badges, notes, the footer).
pub const SMALLEST: f32 = 8.0;
/// Line height as a multiple of the font size.
pub(super) const LINE: f32 = 1.22;
/// The narrowest a column may become before the chart counts as not fitting.
pub(super) const MIN_COLUMN: f32 = 40.0;

pub(super) const INK: Color = Color(0x1f, 0x29, 0x37);
pub(super) const MUTED: Color = Color(0x4b, 0x55, 0x63);
pub(super) const WHITE: Color = Color(0xff, 0xff, 0xff);
pub(super) const NAVY: Color = Color(0x1e, 0x3a, 0x5f);
pub(super) const TITLE_SUB: Color = Color(0xd6, 0xe2, 0xf0);
pub(super) const PANEL: Color = Color(0xf3, 0xf6, 0xfa);
pub(super) const PANEL_EDGE: Color = Color(0x8a, 0x99, 0xad);
pub(super) const SIGNAL_FILL: Color = Color(0xff, 0xf4, 0xd6);
pub(super) const SIGNAL_EDGE: Color = Color(0xc2, 0x7c, 0x0e);
pub(super) const PHONE_FILL: Color = Color(0xb9, 0x1c, 0x1c);
pub(super) const PHONE_SUB: Color = Color(0xfe, 0xe2, 0xe2);
pub(super) const ARROW_IN: Color = Color(0x47, 0x55, 0x69);
pub(super) const STOP_FILL: Color = Color(0xfd, 0xec, 0xec);
/// One colour per track column, in column order (repeating).
pub(super) const TRACK_COLORS: [Color; 5] = [
    Color(0x1d, 0x5f, 0x9e),
    Color(0xc2, 0x41, 0x0c),
    Color(0x2e, 0x7d, 0x32),
    Color(0x6a, 0x1b, 0x9a),
    Color(0x8d, 0x5b, 0x1a),
];

/// Sizes and spacing, all derived from the body size.
#[derive(Clone, Copy)]
pub(super) struct Sizes {
    pub(super) body: f32,
    pub(super) title: f32,
    pub(super) head: f32,
    pub(super) small: f32,
    pub(super) phone: f32,
    pub(super) pad: f32,
    pub(super) gap: f32,
    pub(super) gutter: f32,
    pub(super) step_gap: f32,
    pub(super) lane: f32,
    pub(super) radius: f32,
    /// Line width of the arrows in and between the track columns.
    pub(super) arrow: f32,
    /// Line width of the arrows from the inputs to the tracks.
    pub(super) input_arrow: f32,
    /// How a required step's reason is shown (under the step unless told).
    pub(super) reasons: Reasons,
}

/// How the reason a step is required (`required "…"`) is shown on the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reasons {
    /// In the step's box, under its text, in small type: "Required by: …".
    UnderStep,
    /// A mark after the step's text ("§", or "§1", "§2" … when the reasons differ),
    /// with the reasons in a key under a track column that has room, else in the
    /// footer: for a one-page chart without room for a line in every such step.
    Marked,
}

impl Sizes {
    pub(super) fn at(body: f32) -> Self {
        Sizes {
            body,
            title: body * 1.7,
            head: body * 1.05,
            small: (body * 0.85).max(SMALLEST),
            phone: body * 2.1,
            pad: body * 0.6,
            gap: body * 0.9,
            gutter: body * 0.9,
            step_gap: body * 1.15,
            lane: (body * 0.5).max(4.0),
            radius: body * 0.4,
            arrow: (body * 0.12).max(0.9),
            input_arrow: (body * 0.13).max(1.0),
            reasons: Reasons::UnderStep,
        }
    }

    /// The same sizes, with required steps' reasons shown as `reasons` says.
    pub(super) fn with_reasons(self, reasons: Reasons) -> Self {
        Sizes { reasons, ..self }
    }
}

/// The colour of the track column at position `n`.
pub(super) fn track_color(n: usize) -> Color {
    TRACK_COLORS.get(n % TRACK_COLORS.len()).copied().unwrap_or(NAVY)
}

/// `color` mixed with white: `amount` 0 is the colour, 1 is white.
pub(super) fn tint(color: Color, amount: f32) -> Color {
    let mix = |c: u8| {
        (f32::from(c) + (255.0 - f32::from(c)) * amount)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Color(mix(color.0), mix(color.1), mix(color.2))
}
