//! The sheets the flowchart is printed on: the paper sizes, portrait or
//! landscape, and the poster, one page as tall as the chart needs.

use super::layout::Page;

/// A paper size, named as printers name it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    /// US Letter, 8.5 × 11 in (612 × 792 pt).
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm (595 × 842 pt).
    A4,
    /// US Legal, 8.5 × 14 in.
    Legal,
    /// US Tabloid (Ledger when turned sideways), 11 × 17 in.
    Tabloid,
    /// ISO A3, 297 × 420 mm.
    A3,
    /// A poster, 24 in wide and at least 36 in tall: always one page, made
    /// taller when the chart needs it.
    Poster,
}

/// Half an inch on every side: what office printers can print.
pub const MARGIN_PT: f32 = 36.0;

/// Points in a millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

impl Paper {
    /// Width and height in millimetres, portrait, as printpdf takes them.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::Letter => (215.9, 279.4),
            Paper::A4 => (210.0, 297.0),
            Paper::Legal => (215.9, 355.6),
            Paper::Tabloid => (279.4, 431.8),
            Paper::A3 => (297.0, 420.0),
            Paper::Poster => (609.6, 914.4),
        }
    }

    /// The page in points with its margin, portrait.
    pub fn page(self) -> Page {
        Sheet::from(self).page()
    }

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Paper::Letter => "letter",
            Paper::A4 => "a4",
            Paper::Legal => "legal",
            Paper::Tabloid => "tabloid",
            Paper::A3 => "a3",
            Paper::Poster => "poster",
        }
    }
}

/// A paper size the way up it is printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    pub paper: Paper,
    /// Turned sideways: wider than tall.
    pub landscape: bool,
}

impl From<Paper> for Sheet {
    fn from(paper: Paper) -> Self {
        Sheet {
            paper,
            landscape: false,
        }
    }
}

impl Sheet {
    /// Width and height in millimetres, the way up it is printed.
    pub fn size_mm(self) -> (f32, f32) {
        let (w, h) = self.paper.size_mm();
        if self.landscape {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// The page in points with its margin.
    pub fn page(self) -> Page {
        let (w, h) = self.size_mm();
        Page {
            width: w * PT_PER_MM,
            height: h * PT_PER_MM,
            margin: MARGIN_PT,
        }
    }

    /// Whether the chart stays on one page, the page made taller when needed.
    pub fn grows(self) -> bool {
        self.paper == Paper::Poster
    }

    /// Its name: `letter`, `a4-landscape`.
    pub fn name(self) -> String {
        if self.landscape {
            format!("{}-landscape", self.paper.name())
        } else {
            self.paper.name().to_string()
        }
    }

    /// The size in millimetres of a page `height` points tall (a poster made taller).
    pub(super) fn size_mm_for(self, height: f32) -> (f32, f32) {
        let (w, h) = self.size_mm();
        if (height - self.page().height).abs() < 0.01 {
            (w, h)
        } else {
            (w, height / PT_PER_MM)
        }
    }
}
