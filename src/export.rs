//! Figures for reports: the map (or the current filtered or lens view) as SVG, built from the
//! document with the same style table as the canvas, and as PNG rendered from that SVG by
//! resvg in software, so it works on any machine, with or without a display or a GPU.
//!
//! Text stays text in the SVG. The PNG renders it with the font the window uses (egui's
//! Ubuntu Light, embedded in the binary), so the same input gives the same bytes everywhere.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::io::{SaveError, atomic_write};
use crate::layout::{self, LayoutParams, Simulation};
use crate::model::{Document, Position, Stance};
use crate::style::{self, Rgb};
use crate::view::{Decor, EdgeMark};

/// Radius of an entity in a figure, as on the canvas.
const NODE_RADIUS: f32 = 12.0;
const LABEL_SIZE: f32 = 13.0;
const MARGIN: f32 = 32.0;
const LEGEND_WIDTH: f32 = 230.0;
/// Parallel relations between the same two entities curve apart by this much, as on the canvas.
const PARALLEL_OFFSET: f32 = 22.0;
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
    #[error("\"{0}\" must end in .png or .svg")]
    UnknownFormat(String),
}

/// What goes into a figure besides the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FigureOptions {
    /// A footnote listing the sources the shown relations cite.
    pub sources: bool,
    /// Each relation's caption at its middle.
    pub captions: bool,
}

impl Default for FigureOptions {
    fn default() -> Self {
        Self {
            sources: true,
            captions: false,
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

/// Where every entity is: its saved position, or one laid out for it. The layout is seeded and
/// runs at most `steps` ticks, so the same file gives the same picture every time; entities
/// with saved positions stay where they are.
pub fn positions(doc: &Document, steps: usize, seed: u64) -> Vec<Position> {
    let initial: Vec<Option<[f32; 2]>> = doc
        .entities
        .iter()
        .map(|e| e.position.as_ref().map(Position::to_f32))
        .collect();
    let placed: Vec<bool> = initial.iter().map(Option::is_some).collect();
    let links = doc.relation_ends().into_iter().flatten();
    let mut sim = Simulation::new(&initial, &placed, links, seed, LayoutParams::default());
    sim.set_footprints(layout::footprints(
        doc.entities.iter().map(|e| e.name.as_str()),
        NODE_RADIUS,
        LABEL_SIZE,
    ));
    sim.run(steps);
    sim.positions()
        .iter()
        .map(|p| Position::from_f32([p[0], p[1]]).rounded())
        .collect()
}

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// Escapes text for XML content and attribute values.
fn esc(text: &str) -> String {
    crate::io::formats::xml::escape(text)
}

/// Roughly how wide `text` is at `size`, for laying out the figure (SVG has no text metrics).
fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.52
}

/// A point of the figure, in the `f32` the drawing works in.
#[derive(Clone, Copy)]
struct Pt {
    x: f32,
    y: f32,
}

/// The map as an SVG document, showing what `decor` shows, at `positions` (by entity index).
pub fn map_svg(
    doc: &Document,
    positions: &[Position],
    decor: &Decor,
    opts: &FigureOptions,
) -> String {
    let positions: Vec<Pt> = positions
        .iter()
        .map(|p| {
            let [x, y] = p.to_f32();
            Pt { x, y }
        })
        .collect();
    let font = font_family();
    let shown = |i: usize| !decor.nodes.get(i).is_some_and(|d| d.hidden);
    let radius = |i: usize| NODE_RADIUS * decor.nodes.get(i).map_or(1.0, |d| d.scale);
    let ends = doc.relation_ends();

    // The extent of what is drawn, in map coordinates, labels included.
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (i, e) in doc.entities.iter().enumerate() {
        let Some(p) = positions.get(i).filter(|_| shown(i)) else {
            continue;
        };
        let half = (text_width(&e.name, LABEL_SIZE) / 2.0).max(radius(i) * 1.3);
        min_x = min_x.min(p.x - half);
        max_x = max_x.max(p.x + half);
        min_y = min_y.min(p.y - radius(i) * 1.3);
        max_y = max_y.max(p.y + radius(i) * 1.3 + 4.0 + LABEL_SIZE * 1.3);
    }
    if min_x > max_x {
        (min_x, min_y, max_x, max_y) = (0.0, 0.0, 200.0, 120.0);
    }
    let title_h = if doc.title.is_empty() { 0.0 } else { 34.0 };
    let map_w = max_x - min_x;
    let map_h = max_y - min_y;
    let ox = MARGIN - min_x;
    let oy = MARGIN + title_h - min_y;
    let at = |p: Pt| (p.x + ox, p.y + oy);

    let cited = cited_sources(doc, decor);
    let foot_lines = if opts.sources && !cited.is_empty() {
        cited.len() + 1
    } else {
        0
    };
    let legend = legend_entries(doc, decor);
    let legend_h = 24.0 + legend.len() as f32 * 20.0;
    let width = (MARGIN * 2.0 + map_w + LEGEND_WIDTH).ceil();
    let height = (MARGIN * 2.0 + title_h + map_h.max(legend_h) + foot_lines as f32 * 16.0).ceil();

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{font}, sans-serif">"#,
        font = esc(&font)
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    if !doc.title.is_empty() {
        let _ = writeln!(
            s,
            r##"<text x="{MARGIN}" y="{}" font-size="20" fill="#222222">{}</text>"##,
            MARGIN + 14.0,
            esc(&doc.title)
        );
    }

    // Relations, under the entities.
    let _ = writeln!(s, r#"<g id="relations" fill="none">"#);
    let orders = parallel_orders(doc);
    for (ri, r) in doc.relations.iter().enumerate() {
        let d = decor.edges.get(ri).copied().unwrap_or_default();
        let Some((a, b)) = ends[ri] else {
            continue;
        };
        if d.hidden || !shown(a) || !shown(b) {
            continue;
        }
        let (Some(&pa), Some(&pb)) = (positions.get(a), positions.get(b)) else {
            continue;
        };
        let ((x1, y1), (x2, y2)) = (at(pa), at(pb));
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt();
        if len < 1e-3 {
            continue;
        }
        let (ux, uy) = (dx / len, dy / len);
        let order = orders[ri] as f32;
        let ctrl = (order > 0.0).then(|| {
            let off = PARALLEL_OFFSET * 2.0 * order;
            (x1 + dx * 0.5 - uy * off, y1 + dy * 0.5 + ux * off)
        });
        let (sx, sy, ex, ey, tip_from) = match ctrl {
            None => (
                x1 + ux * radius(a),
                y1 + uy * radius(a),
                x2 - ux * radius(b),
                y2 - uy * radius(b),
                (x1, y1),
            ),
            Some((cx, cy)) => {
                let toward = |fx: f32, fy: f32, r: f32| {
                    let (vx, vy) = (cx - fx, cy - fy);
                    let l = (vx * vx + vy * vy).sqrt().max(1e-3);
                    (fx + vx / l * r, fy + vy / l * r)
                };
                let (sx, sy) = toward(x1, y1, radius(a));
                let (ex, ey) = toward(x2, y2, radius(b));
                (sx, sy, ex, ey, (cx, cy))
            }
        };
        let (color, width) = match d.mark {
            EdgeMark::Path => ([0x1f, 0x6f, 0xeb], 3.5),
            EdgeMark::Disagreement => (style::DISAGREEMENT, 3.5),
            EdgeMark::Asserted => (style::stance_color(Stance::Asserts), 2.2),
            EdgeMark::Denied => (style::stance_color(Stance::Denies), 2.2),
            EdgeMark::Qualified => (style::stance_color(Stance::Qualifies), 2.2),
            EdgeMark::None if r.is_contested() => (style::CONTESTED, 1.6),
            EdgeMark::None => (style::relation_color(&doc.styles, &r.kind), 1.4),
        };
        let opacity = if d.dimmed { r#" opacity="0.2""# } else { "" };
        let dash = if r.is_contested() {
            r#" stroke-dasharray="7 4""#
        } else {
            ""
        };
        let path = match ctrl {
            None => format!("M{sx:.1} {sy:.1} L{ex:.1} {ey:.1}"),
            Some((cx, cy)) => format!("M{sx:.1} {sy:.1} Q{cx:.1} {cy:.1} {ex:.1} {ey:.1}"),
        };
        let _ = writeln!(
            s,
            r#"<path d="{path}" stroke="{}" stroke-width="{width}"{dash}{opacity}><title>{}</title></path>"#,
            hex(color),
            esc(&format!(
                "{} {} {}",
                doc.entities[a].name,
                r.caption(),
                doc.entities[b].name
            ))
        );
        let (mx, my) = match ctrl {
            None => ((sx + ex) / 2.0, (sy + ey) / 2.0),
            Some((cx, cy)) => (
                0.25 * sx + 0.5 * cx + 0.25 * ex,
                0.25 * sy + 0.5 * cy + 0.25 * ey,
            ),
        };
        if r.directed {
            let (vx, vy) = (ex - tip_from.0, ey - tip_from.1);
            let l = (vx * vx + vy * vy).sqrt().max(1e-3);
            let (vx, vy) = (vx / l, vy / l);
            let size = 9.0 + width;
            let (bx, by) = (ex - vx * size, ey - vy * size);
            let (nx, ny) = (-vy * size * 0.45, vx * size * 0.45);
            let _ = writeln!(
                s,
                r#"<polygon points="{ex:.1},{ey:.1} {:.1},{:.1} {:.1},{:.1}" fill="{}"{opacity}/>"#,
                bx + nx,
                by + ny,
                bx - nx,
                by - ny,
                hex(color)
            );
        }
        if r.is_contested() && !d.dimmed {
            let _ = writeln!(
                s,
                r#"<polygon points="{mx:.1},{:.1} {:.1},{my:.1} {mx:.1},{:.1} {:.1},{my:.1}" fill="{}" stroke="white"/>"#,
                my - 5.0,
                mx + 5.0,
                my + 5.0,
                mx - 5.0,
                hex(style::CONTESTED)
            );
        }
        if d.mark == EdgeMark::Denied {
            let _ = writeln!(
                s,
                r#"<path d="M{:.1} {:.1} L{:.1} {:.1} M{:.1} {:.1} L{:.1} {:.1}" stroke="{}" stroke-width="2.5"/>"#,
                mx - 6.0,
                my - 6.0,
                mx + 6.0,
                my + 6.0,
                mx - 6.0,
                my + 6.0,
                mx + 6.0,
                my - 6.0,
                hex(color)
            );
        }
        if opts.captions && !d.dimmed {
            let _ = writeln!(
                s,
                r##"<text x="{mx:.1}" y="{:.1}" font-size="10" fill="#555555" text-anchor="middle" stroke="white" stroke-width="3" paint-order="stroke">{}</text>"##,
                my - 4.0,
                esc(r.caption())
            );
        }
    }
    let _ = writeln!(s, "</g>");

    // Entities, with their names.
    let _ = writeln!(s, r#"<g id="entities">"#);
    for (i, e) in doc.entities.iter().enumerate() {
        if !shown(i) {
            continue;
        }
        let Some(&p) = positions.get(i) else { continue };
        let (x, y) = at(p);
        let d = decor.nodes.get(i).copied().unwrap_or_default();
        let st = style::entity_style(&doc.styles, &e.kind);
        let r = radius(i);
        let opacity = if d.dimmed { r#" opacity="0.25""# } else { "" };
        if d.marked {
            let _ = writeln!(
                s,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="{:.1}" fill="none" stroke="#1f6feb" stroke-width="3"/>"##,
                r * 1.6 + 2.0
            );
        }
        let _ = writeln!(
            s,
            "{}",
            shape_svg(st.shape, x, y, r, &hex(st.color), opacity)
        );
        if !d.dimmed {
            let _ = writeln!(
                s,
                r##"<text x="{x:.1}" y="{:.1}" font-size="{LABEL_SIZE}" fill="#222222" text-anchor="middle" stroke="white" stroke-width="3" paint-order="stroke">{}</text>"##,
                y + r * 1.3 + 2.0 + LABEL_SIZE,
                esc(&e.name)
            );
        }
    }
    let _ = writeln!(s, "</g>");

    // The legend, to the right of the map.
    let lx = MARGIN + map_w + 24.0;
    let mut ly = MARGIN + title_h + 4.0;
    let _ = writeln!(s, r##"<g id="legend" font-size="12" fill="#333333">"##);
    let _ = writeln!(
        s,
        r#"<text x="{lx}" y="{ly}" font-size="13" font-weight="bold">Legend</text>"#
    );
    ly += 20.0;
    for entry in &legend {
        match entry {
            LegendEntry::Kind { kind, shape, color } => {
                let _ = writeln!(
                    s,
                    "{}",
                    shape_svg(*shape, lx + 8.0, ly - 4.0, 6.0, &hex(*color), "")
                );
                let _ = writeln!(
                    s,
                    r#"<text x="{}" y="{ly}">{}</text>"#,
                    lx + 22.0,
                    esc(kind)
                );
            }
            LegendEntry::Line {
                text,
                color,
                width,
                dashed,
            } => {
                let dash = if *dashed {
                    r#" stroke-dasharray="5 3""#
                } else {
                    ""
                };
                let _ = writeln!(
                    s,
                    r#"<path d="M{lx} {} L{} {}" stroke="{}" stroke-width="{width}"{dash}/>"#,
                    ly - 4.0,
                    lx + 16.0,
                    ly - 4.0,
                    hex(*color)
                );
                let _ = writeln!(
                    s,
                    r#"<text x="{}" y="{ly}">{}</text>"#,
                    lx + 22.0,
                    esc(text)
                );
            }
        }
        ly += 20.0;
    }
    let _ = writeln!(s, "</g>");

    if foot_lines > 0 {
        let mut fy = height - MARGIN - (foot_lines as f32 - 1.0) * 16.0;
        let _ = writeln!(s, r##"<g id="sources" font-size="11" fill="#444444">"##);
        let _ = writeln!(
            s,
            r#"<text x="{MARGIN}" y="{fy}" font-weight="bold">Sources</text>"#
        );
        for (n, src) in cited.iter().enumerate() {
            fy += 16.0;
            let mut line = format!("[{}] {}", n + 1, src.title);
            for part in [&src.publisher, &src.author].into_iter().flatten() {
                line.push_str(&format!(", {part}"));
            }
            if let Some(d) = &src.date {
                line.push_str(&format!(" ({d})"));
            }
            if let Some(u) = &src.url {
                line.push_str(&format!(". {u}"));
            }
            let _ = writeln!(s, r#"<text x="{MARGIN}" y="{fy}">{}</text>"#, esc(&line));
        }
        let _ = writeln!(s, "</g>");
    }
    s.push_str("</svg>\n");
    s
}

fn shape_svg(
    shape: crate::model::NodeShape,
    x: f32,
    y: f32,
    r: f32,
    fill: &str,
    extra: &str,
) -> String {
    match style::outline(shape, x, y, r) {
        None => format!(
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{fill}" stroke="white"{extra}/>"#
        ),
        Some(points) => {
            let pts: Vec<String> = points
                .iter()
                .map(|p| format!("{:.1},{:.1}", p[0], p[1]))
                .collect();
            format!(
                r#"<polygon points="{}" fill="{fill}" stroke="white"{extra}/>"#,
                pts.join(" ")
            )
        }
    }
}

/// For each relation, how far to curve it from the straight line between its ends, counting
/// relations in each direction between the same two entities as the canvas does.
fn parallel_orders(doc: &Document) -> Vec<usize> {
    let mut count: HashMap<(&str, &str), usize> = HashMap::new();
    let mut orders = Vec::with_capacity(doc.relations.len());
    for r in &doc.relations {
        let key = (r.from.as_str(), r.to.as_str());
        let n = count.entry(key).or_default();
        orders.push(*n);
        *n += 1;
    }
    // Opposite directions between the same pair both curve, so neither lies on the other.
    for (i, r) in doc.relations.iter().enumerate() {
        if r.from != r.to && count.contains_key(&(r.to.as_str(), r.from.as_str())) {
            orders[i] += 1;
        }
    }
    orders
}

fn cited_sources<'a>(doc: &'a Document, decor: &Decor) -> Vec<&'a crate::model::Source> {
    doc.sources
        .iter()
        .filter(|s| {
            doc.relations.iter().enumerate().any(|(i, r)| {
                !decor.edges.get(i).is_some_and(|d| d.hidden || d.dimmed)
                    && r.claims.iter().any(|c| c.source == s.id)
            })
        })
        .collect()
}

enum LegendEntry {
    Kind {
        kind: String,
        shape: crate::model::NodeShape,
        color: Rgb,
    },
    Line {
        text: &'static str,
        color: Rgb,
        width: f32,
        dashed: bool,
    },
}

fn legend_entries(doc: &Document, decor: &Decor) -> Vec<LegendEntry> {
    let mut kinds: Vec<&str> = Vec::new();
    for (i, e) in doc.entities.iter().enumerate() {
        if !decor.nodes.get(i).is_some_and(|d| d.hidden) && !kinds.contains(&e.kind.as_str()) {
            kinds.push(&e.kind);
        }
    }
    kinds.sort_unstable();
    let mut out: Vec<LegendEntry> = kinds
        .into_iter()
        .map(|k| {
            let st = style::entity_style(&doc.styles, k);
            LegendEntry::Kind {
                kind: k.to_owned(),
                shape: st.shape,
                color: st.color,
            }
        })
        .collect();
    out.push(LegendEntry::Line {
        text: "relation",
        color: style::RELATION_COLOR,
        width: 1.4,
        dashed: false,
    });
    if doc.relations.iter().any(|r| r.is_contested()) {
        out.push(LegendEntry::Line {
            text: "contested: its claims disagree",
            color: style::CONTESTED,
            width: 1.6,
            dashed: true,
        });
    }
    let marks: Vec<EdgeMark> = decor.edges.iter().map(|e| e.mark).collect();
    for (mark, text, color) in [
        (
            EdgeMark::Asserted,
            "the lens asserts it",
            style::stance_color(Stance::Asserts),
        ),
        (
            EdgeMark::Denied,
            "the lens denies it (struck)",
            style::stance_color(Stance::Denies),
        ),
        (
            EdgeMark::Qualified,
            "the lens qualifies it",
            style::stance_color(Stance::Qualifies),
        ),
        (
            EdgeMark::Disagreement,
            "the two lenses disagree",
            style::DISAGREEMENT,
        ),
    ] {
        if marks.contains(&mark) {
            out.push(LegendEntry::Line {
                text,
                color,
                width: 2.5,
                dashed: false,
            });
        }
    }
    out
}

/// The family name of the embedded font, as SVG and resvg know it.
fn font_family() -> String {
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

/// Writes `svg` to `path` as SVG or PNG (of at most `max_pixels`), by the path's extension,
/// atomically.
pub fn write_figure(
    svg: &str,
    path: &Path,
    size: PngSize,
    max_pixels: u64,
) -> Result<(), ExportError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "svg" => svg.as_bytes().to_vec(),
        "png" => render_png(svg, size, max_pixels)?,
        _ => return Err(ExportError::UnknownFormat(path.display().to_string())),
    };
    atomic_write(path, |f| std::io::Write::write_all(f, &bytes))?;
    Ok(())
}
