//! The one-page PDF flowchart for the staff-room wall, from the validated model.
//!
//! Three parts: `metrics` (the embedded DejaVu Sans faces and their glyph advances),
//! `layout` (pure geometry: model + metrics → boxes, arrows and text runs, tested as
//! data) and `draw` (layout → printpdf → bytes). The same model and paper always give
//! the same bytes: the document date is the protocol's effective date (left out when it has none) and the
//! document id is a hash of the source, never the clock or a counter.

mod coverage;
mod draw;
pub mod layout;
pub mod metrics;

use std::fmt;

use crate::model::Model;
pub use coverage::Undrawable;
use layout::{Layout, Page};
use metrics::Fonts;

/// The paper the flowchart is laid out for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    /// US Letter, 8.5 × 11 in (612 × 792 pt).
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm (595 × 842 pt).
    A4,
}

/// Half an inch on every side: what office printers can print.
pub const MARGIN_PT: f32 = 36.0;

impl Paper {
    /// Width and height in millimetres, as printpdf takes them.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::Letter => (215.9, 279.4),
            Paper::A4 => (210.0, 297.0),
        }
    }

    /// The page in points with its margin.
    pub fn page(self) -> Page {
        let (w, h) = self.size_mm();
        let to_pt = 72.0 / 25.4;
        Page {
            width: w * to_pt,
            height: h * to_pt,
            margin: MARGIN_PT,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Paper::Letter => "letter",
            Paper::A4 => "a4",
        }
    }
}

/// Why no PDF was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PdfError {
    /// The chart does not fit on one page even at the smallest type size.
    DoesNotFit { protocol: String, what: String },
    /// The chart would hold a character it cannot draw (see [`coverage`]).
    Undrawable {
        protocol: String,
        character: char,
        why: Undrawable,
        /// The line of the chart the character is in.
        text: String,
    },
    /// The embedded fonts or the PDF writer failed (a bug in protocolc).
    Internal(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::DoesNotFit { protocol, what } => write!(
                f,
                "the flowchart of protocol `{protocol}` does not fit on one page even at {} pt type: {what}; shorten the text or split the protocol",
                layout::MIN_BODY
            ),
            PdfError::Undrawable {
                protocol,
                character,
                why,
                text,
            } => {
                let code = u32::from(*character);
                let (cause, advice) = match why {
                    Undrawable::NoGlyph => (
                        "its font (DejaVu Sans) has no glyph for it, so it would print as an empty box",
                        "write it another way, or build the other outputs with `--format json,md,html,rust`",
                    ),
                    Undrawable::RightToLeft => (
                        "it is written right to left, and the chart sets every line left to right, so the \
                         words would come out in the wrong order",
                        "the handouts (`--format md,html`) show it correctly; the chart cannot yet",
                    ),
                };
                write!(
                    f,
                    "the flowchart of protocol `{protocol}` cannot draw `{character}` (U+{code:04X}) in \
                     \"{text}\": {cause}; {advice}"
                )
            }
            PdfError::Internal(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for PdfError {}

fn fonts() -> Result<&'static Fonts, PdfError> {
    Fonts::embedded().ok_or_else(|| PdfError::Internal("the embedded fonts cannot be read".into()))
}

/// Lays out the flowchart of `model` on `paper`, without drawing it.
pub fn to_layout(model: &Model, paper: Paper) -> Result<Layout, PdfError> {
    layout::layout(model, paper.page(), fonts()?).map_err(|e| PdfError::DoesNotFit {
        protocol: model.metadata.id.clone(),
        what: e.what,
    })
}

/// The flowchart of `model` on one page of `paper`, as PDF bytes.
pub fn to_pdf(model: &Model, paper: Paper) -> Result<Vec<u8>, PdfError> {
    let layout = to_layout(model, paper)?;
    if let Some((character, why, text)) = coverage::first_undrawable(&layout, fonts()?) {
        return Err(PdfError::Undrawable {
            protocol: model.metadata.id.clone(),
            character,
            why,
            text,
        });
    }
    let md = &model.metadata;
    let identity = format!(
        "{}\n{}\n{}\n{}",
        md.id,
        paper.name(),
        crate::VERSION,
        model
            .sources
            .iter()
            .map(|s| s.sha256.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    let info = draw::DocInfo {
        title: md.title.clone(),
        subject: format!("{} — {}", md.jurisdiction, md.audience),
        date: md.effective.as_deref().map(document_date),
        id: crate::sha256_hex(identity.as_bytes()).chars().take(32).collect(),
    };
    draw::draw(&layout, paper.size_mm(), &info).map_err(|e| PdfError::Internal(e.0))
}

/// The PDF date of the protocol's effective date: a day as a time, a month or a
/// year as a PDF date that stops there (`2019-01` → `D:201901`).
fn document_date(effective: &str) -> draw::DocDate {
    match epoch_of(effective) {
        Some(seconds) => draw::DocDate::Day(seconds),
        None => draw::DocDate::Partial(format!("D:{}", effective.replace('-', ""))),
    }
}

/// Seconds since 1970 of midnight UTC on a `YYYY-MM-DD` date.
fn epoch_of(date: &str) -> Option<i64> {
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_of_dates() {
        assert_eq!(epoch_of("1970-01-01"), Some(0));
        assert_eq!(epoch_of("2024-08-01"), Some(1_722_470_400));
        assert_eq!(epoch_of("2000-03-01"), Some(951_868_800));
    }
}
