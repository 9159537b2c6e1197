//! Font metrics for layout: the embedded DejaVu Sans faces (`fonts/`) and their real
//! glyph advances, read with ttf-parser. No printpdf types: the layout sees only widths.

use std::sync::OnceLock;

/// DejaVu Sans, regular (Bitstream Vera licence, `fonts/LICENSE-DejaVu.txt`).
pub const REGULAR_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans.ttf");
/// DejaVu Sans, bold.
pub const BOLD_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold.ttf");

/// One face: advances in em, cached for ASCII, looked up in the cmap otherwise.
pub struct FaceMetrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    ascii: [f32; 128],
    /// Ascender and descender in em (descender negative), from `hhea`.
    pub ascender: f32,
    pub descender: f32,
}

impl FaceMetrics {
    /// Reads a TrueType face; `None` if the bytes are not a usable font.
    pub fn parse(bytes: &'static [u8]) -> Option<Self> {
        let face = ttf_parser::Face::parse(bytes, 0).ok()?;
        let units_per_em = f32::from(face.units_per_em());
        let mut metrics = FaceMetrics {
            ascender: f32::from(face.ascender()) / units_per_em,
            descender: f32::from(face.descender()) / units_per_em,
            face,
            units_per_em,
            ascii: [0.0; 128],
        };
        let mut ascii = [0.0; 128];
        for (code, slot) in ascii.iter_mut().enumerate() {
            if let Some(c) = u8::try_from(code).ok().map(char::from) {
                *slot = metrics.lookup(c);
            }
        }
        metrics.ascii = ascii;
        Some(metrics)
    }

    fn lookup(&self, c: char) -> f32 {
        let glyph = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) / self.units_per_em
    }

    /// The advance of one character, in em.
    pub fn advance(&self, c: char) -> f32 {
        match self.ascii.get(c as usize) {
            Some(a) => *a,
            None => self.lookup(c),
        }
    }

    /// The width of `text` set at `size` points, in points (no kerning, as printed).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// Whether the face has a glyph for `c` (not `.notdef`).
    pub fn has_glyph(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some_and(|g| g.0 != 0)
    }
}

/// The two faces a flowchart uses.
pub struct Fonts {
    pub regular: FaceMetrics,
    pub bold: FaceMetrics,
}

impl Fonts {
    /// The embedded faces, parsed once per process.
    pub fn embedded() -> Option<&'static Fonts> {
        static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                Some(Fonts {
                    regular: FaceMetrics::parse(REGULAR_TTF)?,
                    bold: FaceMetrics::parse(BOLD_TTF)?,
                })
            })
            .as_ref()
    }

    pub fn face(&self, bold: bool) -> &FaceMetrics {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}
