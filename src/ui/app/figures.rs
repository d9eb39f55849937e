//! Figures and data exports: screenshots of the view, the map as SVG or PNG, and the map in
//! the formats other tools read.

use super::*;

impl RelmapApp {
    /// Asks egui for a screenshot; it arrives as an event in a later frame.
    pub(super) fn request_shot(&mut self, purpose: ShotFor) {
        self.shot_request = Some(purpose);
    }

    /// Takes a screenshot that arrived, crops it to the canvas, and saves or copies it.
    pub(super) fn receive_shot(&mut self, ctx: &egui::Context) {
        let shot = ctx.input(|i| {
            i.events.iter().find_map(|e| match e {
                egui::Event::Screenshot {
                    image, user_data, ..
                } => {
                    let purpose = user_data
                        .data
                        .as_ref()
                        .and_then(|d| d.downcast_ref::<ShotFor>())
                        .copied()?;
                    Some((image.clone(), purpose))
                }
                _ => None,
            })
        });
        let Some((image, purpose)) = shot else { return };
        self.awaiting_shot = false;
        let Some(view) = self.canvas.view() else {
            return;
        };
        let ppp = ctx.pixels_per_point();
        let cropped = Arc::new(image.region(&view.rect, Some(ppp)));
        match purpose {
            ShotFor::Copy => {
                ctx.copy_image((*cropped).clone());
                self.status = format!(
                    "Copied the view ({}×{} pixels)",
                    cropped.size[0], cropped.size[1]
                );
            }
            ShotFor::Save | ShotFor::Save2x => self.export_figure(PendingFigure::View(cropped)),
        }
    }

    /// Draws the canvas again at twice the window's pixel density and exports it.
    pub(super) fn export_view_sharp(&mut self, ctx: &egui::Context, frame: &eframe::Frame) {
        let rendered = match frame.wgpu_render_state() {
            Some(render_state) => self
                .canvas
                .render_offscreen(render_state, ctx, 2.0 * ctx.pixels_per_point())
                .map_err(|e| e.to_string()),
            None => Err(
                "this window is not drawn with wgpu, which the 2× view needs; \
                         use View as PNG or Map as PNG, 2× resolution"
                    .to_owned(),
            ),
        };
        match rendered {
            Ok(image) => self.export_figure(PendingFigure::View(Arc::new(image))),
            Err(e) => self.report("Could not draw the view at 2×".to_owned(), e),
        }
        // The dialog or the error shows on the next frame; no input may come to ask for it.
        ctx.request_repaint();
    }

    /// Asks where to put a figure (the native dialog, or relmap's own), then writes it.
    pub(super) fn export_figure(&mut self, figure: PendingFigure) {
        use crate::io::formats::OutFormat;
        let ext = match &figure {
            PendingFigure::Map {
                format: MapFormat::Svg,
                ..
            } => "svg",
            PendingFigure::Map {
                format: MapFormat::Pdf,
                ..
            } => "pdf",
            PendingFigure::Data(OutFormat::GraphMl) => "graphml",
            PendingFigure::Data(OutFormat::Gexf) => "gexf",
            PendingFigure::Data(OutFormat::NodeLink | OutFormat::Relmap) => "json",
            PendingFigure::Data(OutFormat::Csv) => "csv",
            PendingFigure::Table(_, ext) => ext,
            _ => "png",
        };
        let dir = self
            .settings
            .last_export_dir
            .clone()
            .unwrap_or_else(|| self.start_dir());
        let stem = self
            .path
            .as_deref()
            .and_then(Path::file_stem)
            .map_or_else(|| "map".to_owned(), |s| s.to_string_lossy().into_owned());
        let name = match &figure {
            PendingFigure::View(_) => format!("{stem}-view.{ext}"),
            PendingFigure::Data(OutFormat::NodeLink) => format!("{stem}-node-link.{ext}"),
            PendingFigure::Table(crate::export::claims::Table::Claims, _) => {
                format!("{stem}-claims.{ext}")
            }
            PendingFigure::Table(crate::export::claims::Table::Disputes, _) => {
                format!("{stem}-disputes.{ext}")
            }
            PendingFigure::Map { .. } | PendingFigure::Data(_) => format!("{stem}.{ext}"),
        };
        if self.native_dialogs {
            if let Some(path) = rfd::FileDialog::new()
                .set_title("Export figure as")
                .add_filter(ext.to_uppercase(), &[ext])
                .set_directory(&dir)
                .set_file_name(&name)
                .save_file()
            {
                self.write_figure(&figure, &path);
            }
        } else {
            self.pending_figure = Some(figure);
            self.file_dialog = Some(FileDialog::new(Purpose::Export(ext), dir, name));
        }
    }

    /// Writes a figure. Exporting never changes the document or whether it is saved.
    pub(super) fn write_figure(&mut self, figure: &PendingFigure, path: &Path) {
        let result = match figure {
            PendingFigure::Map { format, claims } => {
                let pictures =
                    export::FigurePictures::load(self.ws.doc(), self.path().and_then(Path::parent));
                let svg = export::map_svg(
                    self.ws.doc(),
                    &self.canvas.positions(),
                    self.canvas.decor(),
                    &FigureOptions {
                        claims: *claims,
                        style_view: self.explore.style_view,
                        pictures: Some(std::sync::Arc::new(pictures)),
                        // Notes hidden in the window (View ▸ Show notes) stay out of figures.
                        notes: self.canvas.notes_shown(),
                        ..FigureOptions::default()
                    },
                );
                let size = match format {
                    MapFormat::Png(scale) => PngSize::Scale(*scale),
                    MapFormat::Svg | MapFormat::Pdf => PngSize::Scale(1.0),
                };
                let file = export::FileOptions {
                    size,
                    ..export::FileOptions::default()
                };
                export::write_figure(&svg, path, &file)
            }
            PendingFigure::View(image) => write_color_image(image, path),
            PendingFigure::Table(table, _) => {
                crate::export::claims::write_table(self.ws.doc(), *table, path).map_err(Into::into)
            }
            PendingFigure::Data(format) => {
                let mut doc = self.ws.doc().clone();
                crate::workspace::place_positions(&mut doc, self.canvas.layout_points());
                match crate::io::formats::write_file(&doc, path, *format) {
                    Ok(written) => {
                        self.status = format!(
                            "Exported {} as {}",
                            written
                                .iter()
                                .map(|p| p.display().to_string())
                                .collect::<Vec<_>>()
                                .join(", "),
                            format.name()
                        );
                        if let Some(dir) = path.parent() {
                            self.settings.last_export_dir = Some(dir.to_path_buf());
                        }
                        return;
                    }
                    Err(e) => Err(e.into()),
                }
            }
        };
        match result {
            Ok(()) => {
                if let Some(dir) = path.parent() {
                    self.settings.last_export_dir = Some(dir.to_path_buf());
                }
                self.status = format!("Exported {}", path.display());
            }
            Err(e) => self.report(format!("Could not export {}", display_name(path)), e),
        }
    }
}

/// Writes a screenshot as PNG, atomically.
fn write_color_image(image: &egui::ColorImage, path: &Path) -> Result<(), export::ExportError> {
    let [w, h] = image.size;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(w as u32, h as u32).ok_or(export::ExportError::TooLarge {
            width: w as u32,
            height: h as u32,
        })?;
    for (dst, src) in pixmap.pixels_mut().iter_mut().zip(&image.pixels) {
        let [r, g, b, a] = src.to_array();
        if let Some(c) = resvg::tiny_skia::PremultipliedColorU8::from_rgba(r, g, b, a) {
            *dst = c;
        }
    }
    let png = pixmap
        .encode_png()
        .map_err(|e| export::ExportError::Render(e.to_string()))?;
    crate::io::atomic_write(path, |f| std::io::Write::write_all(f, &png))?;
    Ok(())
}
