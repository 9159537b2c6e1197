//! What the flowchart cannot draw, found before anything is drawn: a character
//! the embedded fonts have no glyph for (it would print as an empty box that
//! `pdftotext` and screen readers lose, and push the text after it out of place),
//! and right-to-left text (the layout sets every line left to right, so the words
//! of Arabic or Hebrew would come out in the wrong order). The build fails naming
//! the character rather than printing a chart that says something else.

use super::layout::Layout;
use super::metrics::Fonts;

/// Why a character cannot be drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undrawable {
    /// The embedded font (DejaVu Sans) has no glyph for it.
    NoGlyph,
    /// It is written right to left.
    RightToLeft,
}

/// The first character of the laid-out text that cannot be drawn, why, and the
/// text it stands in.
pub(super) fn first_undrawable(layout: &Layout, fonts: &Fonts) -> Option<(char, Undrawable, String)> {
    layout.texts.iter().find_map(|run| {
        let face = fonts.face(run.bold);
        run.text.chars().find_map(|c| {
            let why = if is_right_to_left(c) {
                Undrawable::RightToLeft
            } else if !c.is_whitespace() && !face.has_glyph(c) {
                Undrawable::NoGlyph
            } else {
                return None;
            };
            Some((c, why, run.text.clone()))
        })
    })
}

/// Letters of the scripts written right to left (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko, Samaritan, Mandaic and their presentation forms, and the historic ones).
fn is_right_to_left(c: char) -> bool {
    matches!(u32::from(c),
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}
