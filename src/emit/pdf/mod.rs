//! The PDF flowchart for the staff-room wall, from the validated model: one page
//! when it fits at a size a wall can show, otherwise several (see `layout`).
//!
//! The parts: `paper` (the sheets), `metrics` (the embedded DejaVu Sans faces and their glyph advances),
//! `layout` (pure geometry: model + metrics → boxes, arrows and text runs, tested as
//! data) and `draw` (layout → printpdf → bytes). The same model and paper always give
//! the same bytes: the document date is the protocol's effective date (left out when it has none) and the
//! document id is a hash of the source, never the clock or a counter.

mod coverage;
mod draw;
pub mod layout;
pub mod metrics;
mod paper;

use std::fmt;

use crate::model::Model;
pub use coverage::Undrawable;
use layout::Chart;
use metrics::Fonts;
pub use paper::{Paper, Sheet, MARGIN_PT};

/// Why no PDF was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PdfError {
    /// Nothing the layout can do holds the chart: a single box taller than a page.
    DoesNotFit {
        protocol: String,
        what: String,
        /// How the declaration of what did not fit starts (`criteria at_risk_1`).
        declared: Option<String>,
    },
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
            PdfError::DoesNotFit { protocol, what, .. } => write!(
                f,
                "the flowchart of protocol `{protocol}` cannot be laid out: {what}; shorten that text, or print on larger paper (`--paper tabloid`, `--paper poster`)"
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

/// Lays out the flowchart of `model` on `sheet` (a [`Paper`] is portrait), without drawing it.
pub fn to_layout(model: &Model, sheet: impl Into<Sheet>) -> Result<Chart, PdfError> {
    let sheet = sheet.into();
    layout::layout(model, sheet.page(), sheet.grows(), fonts()?).map_err(|e| PdfError::DoesNotFit {
        protocol: model.metadata.id.clone(),
        what: e.what,
        declared: e.declared,
    })
}

/// The flowchart of `model` on `sheet` (one page, or several when one does not
/// hold it), as PDF bytes.
pub fn to_pdf(model: &Model, sheet: impl Into<Sheet>) -> Result<Vec<u8>, PdfError> {
    let sheet = sheet.into();
    let chart = to_layout(model, sheet)?;
    let fonts = fonts()?;
    if let Some((character, why, text)) = chart
        .pages
        .iter()
        .find_map(|page| coverage::first_undrawable(page, fonts))
    {
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
        sheet.name(),
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
    let height = chart.pages.first().map_or(0.0, |p| p.page.height);
    draw::draw(&chart.pages, sheet.size_mm_for(height), &info).map_err(|e| PdfError::Internal(e.0))
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
