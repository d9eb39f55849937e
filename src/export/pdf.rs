//! PDF figures: the same SVG scene the figure painters build, converted to vector PDF by
//! `svg2pdf` (the converter typst uses), with text kept as text in the embedded, subsetted
//! Ubuntu Light, the font of the window and of PNG figures.
//!
//! Without a paper size the page is the figure's own size (CSS pixels, 96 to the inch). With
//! one, the figure (map, title, legend and source notes together) is scaled to fit the page
//! inside a margin and centred on it, on the theme's paper. Nothing in the file depends on the
//! clock or the machine, so the same map gives the same bytes, as PNG does.

use std::fmt::Write as _;

use svg2pdf::usvg;

use super::{ExportError, font_family};
use crate::look::Theme;
use crate::look::marks::hex;

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
    Letter,
}

impl Paper {
    /// The paper named `name` (`A4`, `A3` or `letter`, any case).
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "a4" => Some(Self::A4),
            "a3" => Some(Self::A3),
            "letter" => Some(Self::Letter),
            _ => None,
        }
    }

    /// Width and height, upright, in PostScript points (72 to the inch).
    pub const fn points(self) -> (f32, f32) {
        match self {
            // ISO 216: 210 × 297 mm and 297 × 420 mm.
            Self::A4 => (595.276, 841.89),
            Self::A3 => (841.89, 1190.551),
            Self::Letter => (612.0, 792.0),
        }
    }
}

/// A page to fit a figure to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub paper: Paper,
    pub landscape: bool,
}

impl Page {
    /// Width and height in points, turned when landscape.
    pub fn points(self) -> (f32, f32) {
        let (w, h) = self.paper.points();
        if self.landscape { (h, w) } else { (w, h) }
    }
}

/// The margin round a figure fitted to a page: half an inch.
const PAGE_MARGIN: f32 = 36.0;

/// `svg` (a figure relmap drew) as the bytes of a one-page PDF, fitted to `page` if given, on
/// `theme`'s paper.
pub fn render_pdf(svg: &str, page: Option<Page>, theme: Theme) -> Result<Vec<u8>, ExportError> {
    let (svg, dpi) = match page {
        None => (svg.to_owned(), 96.0),
        Some(page) => (on_page(svg, page, theme)?, 72.0),
    };
    let mut opt = usvg::Options::default();
    opt.fontdb_mut()
        .load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    opt.font_family = font_family();
    let tree = usvg::Tree::from_str(&svg, &opt).map_err(|e| ExportError::Render(e.to_string()))?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi },
    )
    .map_err(|e| ExportError::Render(format!("the PDF could not be made: {e}")))
}

/// `svg` nested in an SVG the size of `page` in points: scaled to fit inside the margin, kept
/// in proportion and centred, on the theme's paper to the page's edges.
fn on_page(svg: &str, page: Page, theme: Theme) -> Result<String, ExportError> {
    let bad = |why: &str| ExportError::Render(format!("the figure is not one relmap drew: {why}"));
    let doc = roxmltree::Document::parse(svg).map_err(|e| bad(&e.to_string()))?;
    let root = doc.root_element();
    let size = |name: &str| {
        root.attribute(name)
            .and_then(|v| v.parse::<f32>().ok())
            .filter(|v| v.is_finite() && *v > 0.0)
    };
    let (Some(w), Some(h)) = (size("width"), size("height")) else {
        return Err(bad("its size is not two positive numbers"));
    };
    // The figure's own root becomes a nested viewport: its start tag, with its size replaced
    // by the box on the page, then everything after it unchanged.
    let start_end = svg.find('>').ok_or_else(|| bad("no start tag"))?;
    let start_tag = &svg[..start_end];
    let sized = format!(r#"width="{}" height="{}""#, fmt(w), fmt(h));
    if !start_tag.contains(&sized) {
        return Err(bad("its size is not where relmap writes it"));
    }
    let (pw, ph) = page.points();
    let (bw, bh) = (pw - 2.0 * PAGE_MARGIN, ph - 2.0 * PAGE_MARGIN);
    let scale = (bw / w).min(bh / h);
    let (fw, fh) = (w * scale, h * scale);
    let (x, y) = ((pw - fw) / 2.0, (ph - fh) / 2.0);
    let placed = format!(
        r#"x="{x:.2}" y="{y:.2}" width="{fw:.2}" height="{fh:.2}" preserveAspectRatio="xMidYMid meet""#
    );
    let mut out = String::with_capacity(svg.len() + 400);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{pw}" height="{ph}" viewBox="0 0 {pw} {ph}">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="{pw}" height="{ph}" fill="{}"/>"#,
        hex(theme.paper())
    );
    out.push_str(&start_tag.replacen(&sized, &placed, 1));
    out.push_str(&svg[start_end..]);
    out.push_str("</svg>\n");
    Ok(out)
}

/// A size as the painters write it: an integer without a decimal point.
fn fmt(v: f32) -> String {
    format!("{v}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIGURE: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200" font-family="Ubuntu, sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="20" y="40" font-size="20">Haqqani network</text>
</svg>
"#;

    #[test]
    fn a_figure_is_a_pdf_with_its_text_as_text() {
        let pdf = render_pdf(FIGURE, None, Theme::Light).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/FontFile2"), "the font is embedded");
        assert!(
            text.contains("/MediaBox [0 0 300 150]"),
            "400×200 px is 300×150 pt"
        );
    }

    #[test]
    fn a_figure_on_paper_is_fitted_inside_the_margin_and_centred() {
        let page = Page {
            paper: Paper::A4,
            landscape: true,
        };
        let nested = on_page(FIGURE, page, Theme::Dark).unwrap();
        // The width binds: 841.89 − 72 = 769.89 wide, so 384.95 high, centred top to bottom.
        assert!(
            nested.contains(r#"x="36.00" y="105.17" width="769.89" height="384.95""#),
            "{nested}"
        );
        assert!(
            nested.contains(r##"fill="#0a0a0a""##),
            "the dark paper reaches the edges"
        );
        let pdf = render_pdf(FIGURE, Some(page), Theme::Dark).unwrap();
        assert!(String::from_utf8_lossy(&pdf).contains("/MediaBox [0 0 841.89 595.276]"));
    }

    #[test]
    fn the_same_figure_gives_the_same_bytes() {
        let page = Some(Page {
            paper: Paper::Letter,
            landscape: false,
        });
        assert_eq!(
            render_pdf(FIGURE, page, Theme::Light).unwrap(),
            render_pdf(FIGURE, page, Theme::Light).unwrap()
        );
    }

    #[test]
    fn svg_relmap_did_not_draw_is_refused_with_a_reason() {
        for svg in ["<svg", "<svg width=\"x\" height=\"2\"/>", "<html/>"] {
            let err = on_page(
                svg,
                Page {
                    paper: Paper::A3,
                    landscape: false,
                },
                Theme::Light,
            );
            assert!(matches!(err, Err(ExportError::Render(_))), "{svg}");
        }
    }

    #[test]
    fn paper_names() {
        assert_eq!(Paper::parse("a4"), Some(Paper::A4));
        assert_eq!(Paper::parse("Letter"), Some(Paper::Letter));
        assert_eq!(Paper::parse("B5"), None);
    }
}
