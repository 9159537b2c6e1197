//! Paints a [`Layout`] with printpdf and writes reproducible PDF bytes.
//!
//! The only file that knows printpdf. Layout coordinates (top-left origin) are
//! flipped to PDF's bottom-left here. Reproducibility: the fonts get fixed resource
//! names (which also make the subset tags fixed), the info dates come from the
//! caller, and the trailer `/ID` is a hash of the document's identity instead of
//! printpdf's process-global counter.

use printpdf::{
    Color as PdfColor, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point as PdfPoint, Polygon, PolygonRing, Pt, Rgb,
    TextItem, TextMatrix, WindingOrder,
};
use std::sync::OnceLock;

use super::layout::{decision_outline, BoxKind, Color, Layout, Point, Rect};
use super::metrics::{BOLD_TTF, REGULAR_TTF};

/// Resource names of the two faces. Their first six letters are also the subset tag.
const REGULAR_ID: &str = "PCSANS";
const BOLD_ID: &str = "PCBOLD";

/// What goes into the document information dictionary and the trailer `/ID`.
pub(super) struct DocInfo {
    pub title: String,
    pub subject: String,
    /// Creation and modification date (never the clock): the protocol's own date as
    /// written, or none, when the dates are left out of the file.
    pub date: Option<DocDate>,
    /// Hex digits that identify this document (e.g. a hash of its source and paper).
    pub id: String,
}

/// A document date as the protocol gives it.
pub(super) enum DocDate {
    /// A whole day: midnight UTC, seconds since 1970.
    Day(i64),
    /// A month or a year only, written as a PDF date that stops there (`D:2019`,
    /// `D:201901`), never padded to a day.
    Partial(String),
}

/// Why drawing failed: only when the embedded fonts cannot be read, a build bug.
#[derive(Debug)]
pub(super) struct DrawError(pub String);

fn parsed_fonts() -> Option<&'static (ParsedFont, ParsedFont)> {
    static FONTS: OnceLock<Option<(ParsedFont, ParsedFont)>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut warnings = Vec::new();
            let regular = ParsedFont::from_bytes(REGULAR_TTF, 0, &mut warnings)?;
            let bold = ParsedFont::from_bytes(BOLD_TTF, 0, &mut warnings)?;
            Some((regular, bold))
        })
        .as_ref()
}

fn rgb(c: Color) -> PdfColor {
    PdfColor::Rgb(Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

/// Draws the pages (each `page_mm` in size) and saves the PDF.
pub(super) fn draw(pages: &[Layout], page_mm: (f32, f32), info: &DocInfo) -> Result<Vec<u8>, DrawError> {
    let (regular, bold) =
        parsed_fonts().ok_or_else(|| DrawError("the embedded DejaVu Sans fonts cannot be read".into()))?;
    let mut doc = PdfDocument::new(&info.title);
    let regular_id = FontId(REGULAR_ID.to_string());
    let bold_id = FontId(BOLD_ID.to_string());
    doc.resources
        .fonts
        .map
        .insert(regular_id.clone(), PdfFont::new(regular.clone()));
    doc.resources
        .fonts
        .map
        .insert(bold_id.clone(), PdfFont::new(bold.clone()));

    let pages = pages
        .iter()
        .map(|layout| {
            let ops = page_ops(layout, &regular_id, &bold_id);
            PdfPage::new(Mm(page_mm.0), Mm(page_mm.1), ops)
        })
        .collect();
    doc.with_pages(pages);

    if let Some(DocDate::Day(epoch)) = info.date {
        let date = printpdf::OffsetDateTime::from_unix_timestamp(epoch)
            .map_err(|e| DrawError(format!("bad document date: {e}")))?;
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
    }
    doc.metadata.info.subject = info.subject.clone();
    doc.metadata.info.creator = "protocolc".into();
    doc.metadata.info.producer = crate::GENERATOR.to_string();

    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let mut pdf = printpdf::serialize::to_lopdf_doc(&doc, &options, &mut warnings);
    let id = lopdf::Object::String(info.id.as_bytes().to_vec(), lopdf::StringFormat::Hexadecimal);
    pdf.trailer.set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    // printpdf writes an empty `/GTS_PDFXVersion`, which makes readers call the file
    // PDF/X (it is not), and empty author and keywords: drop them.
    if let Ok(info_id) = pdf.trailer.get(b"Info").and_then(lopdf::Object::as_reference) {
        if let Ok(dict) = pdf.get_object_mut(info_id).and_then(lopdf::Object::as_dict_mut) {
            for key in [&b"GTS_PDFXVersion"[..], b"Author", b"Keywords", b"Identifier"] {
                dict.remove(key);
            }
            // No date in the protocol, no date in the file; a month or a year as written.
            match &info.date {
                Some(DocDate::Day(_)) => {}
                Some(DocDate::Partial(text)) => {
                    for key in [&b"CreationDate"[..], b"ModDate"] {
                        let value =
                            lopdf::Object::String(text.as_bytes().to_vec(), lopdf::StringFormat::Literal);
                        dict.set(key, value);
                    }
                }
                None => {
                    dict.remove(b"CreationDate");
                    dict.remove(b"ModDate");
                }
            }
        }
    }
    pdf.compress();
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)
        .map_err(|e| DrawError(format!("cannot write the PDF: {e}")))?;
    Ok(bytes)
}

/// The drawing operations of one page: boxes, badges, rules, arrows, then the text.
fn page_ops(layout: &Layout, regular_id: &FontId, bold_id: &FontId) -> Vec<Op> {
    let height = layout.page.height;
    let flip = |p: Point| PdfPoint {
        x: Pt(p.x),
        y: Pt(height - p.y),
    };
    let mut ops = Vec::new();

    for b in &layout.boxes {
        if b.fill.is_none() && b.stroke.is_none() {
            continue;
        }
        let mode = match (b.fill, b.stroke) {
            (Some(fill), Some(stroke)) => {
                ops.push(Op::SetFillColor { col: rgb(fill) });
                ops.push(Op::SetOutlineColor { col: rgb(stroke) });
                ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
                PaintMode::FillStroke
            }
            (Some(fill), None) => {
                ops.push(Op::SetFillColor { col: rgb(fill) });
                PaintMode::Fill
            }
            (None, Some(stroke)) => {
                ops.push(Op::SetOutlineColor { col: rgb(stroke) });
                ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
                PaintMode::Stroke
            }
            (None, None) => continue,
        };
        let points = match b.kind {
            BoxKind::Decision => decision_outline(b).into_iter().map(|p| corner(flip(p))).collect(),
            _ => rounded_rect(&b.rect, b.radius, &flip),
        };
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    for badge in &layout.badges {
        ops.push(Op::SetFillColor {
            col: rgb(badge.color),
        });
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing {
                    points: rounded_rect(&badge.rect, badge.rect.h * 0.3, &flip),
                }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    for rule in &layout.rules {
        ops.push(Op::SetOutlineColor { col: rgb(rule.color) });
        ops.push(Op::SetOutlineThickness { pt: Pt(rule.width) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![corner(flip(rule.from)), corner(flip(rule.to))],
                is_closed: false,
            },
        });
    }

    for arrow in &layout.arrows {
        let head = arrow.width * 5.5;
        let (Some(tip), Some(before)) = (
            arrow.points.last(),
            arrow
                .points
                .len()
                .checked_sub(2)
                .and_then(|i| arrow.points.get(i)),
        ) else {
            continue;
        };
        // The shaft stops where the head begins, so the tip stays sharp.
        let (dx, dy) = (tip.x - before.x, tip.y - before.y);
        let length = (dx * dx + dy * dy).sqrt().max(0.001);
        let (ux, uy) = (dx / length, dy / length);
        let base = Point {
            x: tip.x - ux * head,
            y: tip.y - uy * head,
        };
        let mut shaft: Vec<LinePoint> = arrow
            .points
            .iter()
            .take(arrow.points.len().saturating_sub(1))
            .map(|p| corner(flip(*p)))
            .collect();
        shaft.push(corner(flip(base)));
        ops.push(Op::SetOutlineColor {
            col: rgb(arrow.color),
        });
        ops.push(Op::SetFillColor {
            col: rgb(arrow.color),
        });
        ops.push(Op::SetOutlineThickness { pt: Pt(arrow.width) });
        if arrow.dashed {
            let (dash, gap) = (arrow.width * 5.0, arrow.width * 3.5);
            ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &[dash, gap]),
            });
        }
        ops.push(Op::DrawLine {
            line: Line {
                points: shaft,
                is_closed: false,
            },
        });
        if arrow.dashed {
            ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::solid(),
            });
        }
        let half = head * 0.45;
        let wing = |side: f32| Point {
            x: base.x - uy * half * side,
            y: base.y + ux * half * side,
        };
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing {
                    points: vec![
                        corner(flip(*tip)),
                        corner(flip(wing(1.0))),
                        corner(flip(wing(-1.0))),
                    ],
                }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    ops.push(Op::StartTextSection);
    let mut current: Option<(bool, u32)> = None;
    let mut current_color: Option<Color> = None;
    for run in &layout.texts {
        let key = (run.bold, (run.size * 100.0).round() as u32);
        if current != Some(key) {
            let id = if run.bold { bold_id } else { regular_id };
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(run.size),
            });
            current = Some(key);
        }
        if current_color != Some(run.color) {
            ops.push(Op::SetFillColor { col: rgb(run.color) });
            current_color = Some(run.color);
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(run.x), Pt(height - run.baseline)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(run.text.clone())],
        });
    }
    ops.push(Op::EndTextSection);

    ops
}

fn corner(p: PdfPoint) -> LinePoint {
    LinePoint { p, bezier: false }
}

/// A rectangle with rounded corners, as a ring of lines and cubic curves.
fn rounded_rect(rect: &Rect, radius: f32, flip: &dyn Fn(Point) -> PdfPoint) -> Vec<LinePoint> {
    let r = radius.min(rect.w / 2.0).min(rect.h / 2.0).max(0.0);
    let (x0, y0, x1, y1) = (rect.x, rect.y, rect.right(), rect.bottom());
    let pt = |x: f32, y: f32, bezier: bool| LinePoint {
        p: flip(Point { x, y }),
        bezier,
    };
    if r <= 0.0 {
        return vec![
            pt(x0, y0, false),
            pt(x1, y0, false),
            pt(x1, y1, false),
            pt(x0, y1, false),
        ];
    }
    // The control-point distance that makes a quarter circle from a cubic curve.
    let k = r * 0.552_284_8;
    vec![
        pt(x0 + r, y0, false),
        pt(x1 - r, y0, false),
        pt(x1 - r + k, y0, true),
        pt(x1, y0 + r - k, true),
        pt(x1, y0 + r, false),
        pt(x1, y1 - r, false),
        pt(x1, y1 - r + k, true),
        pt(x1 - r + k, y1, true),
        pt(x1 - r, y1, false),
        pt(x0 + r, y1, false),
        pt(x0 + r - k, y1, true),
        pt(x0, y1 - r + k, true),
        pt(x0, y1 - r, false),
        pt(x0, y0 + r, false),
        pt(x0, y0 + r - k, true),
        pt(x0 + r - k, y0, true),
        pt(x0 + r, y0, false),
    ]
}
