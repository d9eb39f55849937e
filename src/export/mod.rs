//! Figures for reports: the map (or the current filtered or lens view) as SVG, painted from
//! the same look as the canvas (`crate::look`; the SVG painter is in `svg.rs`), as PNG
//! rendered from that SVG by resvg in software, so it works on any machine, with or without a
//! display or a GPU, and as vector PDF converted from it (`pdf.rs`).
//!
//! `view.rs` draws what the window shows at fit view on a canvas of a given size, names left
//! out by the label grid included.
//!
//! Text stays text in the SVG. The PNG renders it with the font the window uses (egui's
//! Ubuntu Light, embedded in the binary), so the same input gives the same bytes everywhere.

pub mod claims;
mod groups;
mod marks;
mod notes;
mod pdf;
mod pictures;
mod svg;
pub mod table;
mod view;

pub use pdf::{Page, Paper, render_pdf};
pub use pictures::{FIGURE_SIDE, FigurePictures};
pub use svg::map_svg;
pub use view::{ViewFigure, view_svg};

use std::path::Path;

use crate::io::{SaveError, atomic_write};
use crate::layout::{self, LayoutParams, Simulation};
use crate::look::{LABEL_SIZE, NODE_RADIUS};
use crate::model::{Document, Position};
/// The largest PNG side accepted, in pixels.
pub const MAX_PNG_SIDE: u32 = 16_384;
/// The most pixels a PNG may have unless the caller allows more: 40 megapixels take 160 MB to
/// draw, and image viewers and libraries open them (Pillow, for one, refuses over 179).
pub const DEFAULT_MAX_PIXELS: u64 = 40_000_000;

/// Why an export failed. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the figure could not be rendered: {0}")]
    Render(String),
    #[error(
        "a {width}×{height} pixel image is too large: relmap writes images of at most \
         {MAX_PNG_SIDE} pixels a side"
    )]
    TooLarge { width: u32, height: u32 },
    #[error(
        "a {width}×{height} pixel image ({:.0} megapixels) is more than the {:.0} megapixels \
         allowed; make it smaller (a lower scale, width or height) or export SVG",
        (*width as f64) * (*height as f64) / 1e6,
        *max_pixels as f64 / 1e6
    )]
    TooManyPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    #[error("{0}")]
    Save(#[from] SaveError),
    #[error("\"{0}\" must end in .png, .svg or .pdf")]
    UnknownFormat(String),
}

/// What goes into a figure besides the map.
#[derive(Debug, Clone)]
pub struct FigureOptions {
    /// A footnote listing the sources the shown relations cite.
    pub sources: bool,
    /// Each relation's caption at its middle.
    pub captions: bool,
    /// Number the claims of the shown relations on the map and list them in the footnote,
    /// with stance, claimant, speaker, quote and source.
    pub claims: bool,
    /// The paper and inks: light for print unless asked.
    pub theme: crate::look::Theme,
    /// The map's view (`styles.views`, by index) whose rules the decor was drawn with, for the
    /// legend; the map's own rules when `None`.
    pub style_view: Option<usize>,
    /// Entities' pictures, read beforehand ([`FigurePictures::load`]); none are drawn when
    /// `None`.
    pub pictures: Option<std::sync::Arc<FigurePictures>>,
    /// The map's notes, on their cards.
    pub notes: bool,
}

impl Default for FigureOptions {
    fn default() -> Self {
        Self {
            sources: true,
            captions: false,
            claims: false,
            theme: crate::look::Theme::Light,
            style_view: None,
            pictures: None,
            notes: true,
        }
    }
}

/// How big a PNG to make from a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PngSize {
    /// The figure's own size times this.
    Scale(f32),
    /// This many pixels wide, the height in proportion.
    Width(u32),
    /// This many pixels high, the width in proportion.
    Height(u32),
    /// Exactly this size, the figure scaled to fit and centred.
    Exact(u32, u32),
}

/// Where every entity is: its saved position, or one laid out for it as the window lays it
/// out when it opens the map (a stress layout with room for names, or on maps too large for
/// it the force layout, run at most `steps` ticks). Seeded, so the same file gives the same
/// picture every time; entities with saved positions stay where they are.
pub fn positions(doc: &Document, steps: usize, seed: u64) -> Vec<Position> {
    let initial: Vec<Option<[f32; 2]>> = doc
        .entities
        .iter()
        .map(|e| e.position.as_ref().map(Position::to_f32))
        .collect();
    let placed: Vec<bool> = initial.iter().map(Option::is_some).collect();
    let links: Vec<(usize, usize)> = doc.relation_ends().into_iter().flatten().collect();
    let footprints = layout::footprints(
        doc.entities.iter().map(|e| e.name.as_str()),
        NODE_RADIUS,
        LABEL_SIZE,
    );
    let params = LayoutParams::default();
    let points = match layout::start::stress_start(&initial, &links, &footprints, &params, seed) {
        Some(points) => points,
        None => {
            let mut sim = Simulation::new(&initial, &placed, links, seed, params);
            sim.set_footprints(footprints);
            sim.run(steps);
            sim.positions().to_vec()
        }
    };
    points
        .iter()
        .map(|p| Position::from_f32([p[0], p[1]]).rounded())
        .collect()
}

/// The family name of the embedded font, as SVG and resvg know it.
pub(crate) fn font_family() -> String {
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    db.faces()
        .next()
        .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
        .unwrap_or_else(|| "Ubuntu".to_owned())
}

/// Renders SVG text to PNG bytes of at most `max_pixels` pixels.
pub fn render_png(svg: &str, size: PngSize, max_pixels: u64) -> Result<Vec<u8>, ExportError> {
    use resvg::{tiny_skia, usvg};
    let mut opt = usvg::Options::default();
    opt.fontdb_mut()
        .load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    opt.font_family = font_family();
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| ExportError::Render(e.to_string()))?;
    let (w, h) = (tree.size().width(), tree.size().height());
    let (width, height, scale) = match size {
        PngSize::Scale(k) => ((w * k).round() as u32, (h * k).round() as u32, k),
        PngSize::Width(px) => (px, (h * px as f32 / w).round() as u32, px as f32 / w),
        PngSize::Height(px) => ((w * px as f32 / h).round() as u32, px, px as f32 / h),
        PngSize::Exact(pw, ph) => (pw, ph, (pw as f32 / w).min(ph as f32 / h)),
    };
    if width == 0
        || height == 0
        || width > MAX_PNG_SIDE
        || height > MAX_PNG_SIDE
        || !scale.is_finite()
    {
        return Err(ExportError::TooLarge { width, height });
    }
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(ExportError::TooManyPixels {
            width,
            height,
            max_pixels,
        });
    }
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or(ExportError::TooLarge { width, height })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let (dx, dy) = (
        (width as f32 - w * scale) / 2.0,
        (height as f32 - h * scale) / 2.0,
    );
    let transform = tiny_skia::Transform::from_scale(scale, scale).post_translate(dx, dy);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| ExportError::Render(e.to_string()))
}

/// How a figure's file is made, beyond what its extension says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FileOptions {
    /// A PNG's size.
    pub size: PngSize,
    /// The most pixels a PNG may have.
    pub max_pixels: u64,
    /// A PDF's page: the figure's own size when `None`.
    pub page: Option<Page>,
    /// The paper round a figure fitted to a page.
    pub theme: crate::look::Theme,
}

impl Default for FileOptions {
    fn default() -> Self {
        Self {
            size: PngSize::Scale(1.0),
            max_pixels: DEFAULT_MAX_PIXELS,
            page: None,
            theme: crate::look::Theme::Light,
        }
    }
}

/// Writes `svg` to `path` as SVG, PNG or PDF, by the path's extension, atomically.
pub fn write_figure(svg: &str, path: &Path, options: &FileOptions) -> Result<(), ExportError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "svg" => svg.as_bytes().to_vec(),
        "png" => render_png(svg, options.size, options.max_pixels)?,
        "pdf" => render_pdf(svg, options.page, options.theme)?,
        _ => return Err(ExportError::UnknownFormat(path.display().to_string())),
    };
    atomic_write(path, |f| std::io::Write::write_all(f, &bytes))?;
    Ok(())
}
