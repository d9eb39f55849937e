//! `relmap export`: a figure of a map (SVG, PNG or PDF) without a window, as the window draws
//! it: its filters, lens, colours, view and theme.

use anyhow::Context as _;

use super::{ExportArgs, find_perspective};
use crate::io;

/// `relmap export`: one figure, written atomically.
pub(super) fn export(args: &ExportArgs) -> anyhow::Result<()> {
    use crate::export::{self, FigureOptions, PngSize};
    use crate::query::Perspective;
    use crate::view::{self, ViewSettings};

    let doc = io::formats::open_file(&args.file)?.doc;
    let lens = match &args.lens {
        None => None,
        Some(name) => Some(find_perspective(&doc, name).ok_or_else(|| {
            let claimants: Vec<String> = crate::query::claimants(&doc)
                .iter()
                .map(|id| id.to_string())
                .collect();
            anyhow::anyhow!(
                "unknown lens \"{name}\": no claimant or source with that id or name in {}. \
                 Claimants: {}",
                args.file.display(),
                claimants.join(", ")
            )
        })?),
    };
    let style_view = match &args.style_view {
        None => None,
        Some(name) => Some(
            doc.styles
                .views
                .iter()
                .position(|v| v.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    let names: Vec<&str> =
                        doc.styles.views.iter().map(|v| v.name.as_str()).collect();
                    anyhow::anyhow!(
                        "unknown view \"{name}\": {} has {}",
                        args.file.display(),
                        if names.is_empty() {
                            "no views".to_owned()
                        } else {
                            format!("the views {}", names.join(", "))
                        }
                    )
                })?,
        ),
    };
    // A view brings its lens.
    let lens = lens.or_else(|| {
        style_view
            .and_then(|v| doc.styles.views[v].lens.as_deref())
            .and_then(|name| find_perspective(&doc, name))
    });
    let settings = ViewSettings {
        style_view,
        lens: lens.map(|p: Perspective| p),
        filter: {
            // A view brings its filters; the grade options given here win over its grades.
            let mut filter = style_view
                .and_then(|v| doc.styles.views.get(v))
                .map(|v| crate::query::Filter::of_view(&v.filter))
                .unwrap_or_default();
            filter.min_reliability = args.min_reliability.or(filter.min_reliability);
            filter.max_credibility = args.max_credibility.or(filter.max_credibility);
            filter
        },
        community_colours: args.colour_by == "community",
        ..ViewSettings::default()
    };
    let decor = view::decor(&doc, &settings);
    let positions = export::positions(&doc, args.layout_steps, args.seed);
    let pictures = export::FigurePictures::load(&doc, map_folder(&args.file));
    for (id, problem) in &pictures.problems {
        eprintln!(
            "{}: entity \"{id}\": its picture is not drawn ({problem}); it is drawn with its \
             kind's icon",
            args.file.display()
        );
    }
    let pictures = std::sync::Arc::new(pictures);
    let options = FigureOptions {
        sources: !args.no_sources,
        captions: args.captions,
        claims: args.claims,
        theme: args.theme,
        style_view: settings.style_view,
        pictures: Some(pictures.clone()),
        notes: !args.no_notes,
    };
    let is_pdf = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if args.paper.is_some() && !is_pdf {
        anyhow::bail!(
            "--paper fits a PDF to a page; {} is not a .pdf",
            args.output.display()
        );
    }
    let mut readability = None;
    let svg = match args.view {
        Some((w, h)) => {
            let figure =
                export::view_svg(&doc, &positions, &decor, w, h, args.theme, Some(&pictures));
            readability = Some(format!(
                "at {w}x{h}, zoom {:.0} %: {} of {} names shown, {} lines crossing a name not their own",
                figure.zoom * 100.0,
                figure.names.len(),
                doc.entities.len(),
                figure.lines_over_names
            ));
            figure.svg
        }
        None => export::map_svg(&doc, &positions, &decor, &options),
    };
    let size = match (args.width, args.height, args.scale) {
        (Some(w), Some(h), _) => PngSize::Exact(w, h),
        (Some(w), None, _) => PngSize::Width(w),
        (None, Some(h), _) => PngSize::Height(h),
        (None, None, Some(k)) => PngSize::Scale(k),
        (None, None, None) => PngSize::Scale(1.0),
    };
    let file = export::FileOptions {
        size,
        max_pixels: args.max_pixels,
        page: args.paper.map(|paper| export::Page {
            paper,
            landscape: args.landscape,
        }),
        theme: args.theme,
    };
    export::write_figure(&svg, &args.output, &file)
        .map_err(|e| match e {
            export::ExportError::TooManyPixels { .. } => {
                anyhow::anyhow!("{e}, or raise the limit with --max-pixels")
            }
            e => e.into(),
        })
        .with_context(|| format!("cannot export {}", args.output.display()))?;
    outln!("{}: written", args.output.display())?;
    if let Some(line) = readability {
        outln!("{line}")?;
    }
    Ok(())
}

/// The folder a map's relative picture paths start from: the folder of its file.
pub(super) fn map_folder(file: &std::path::Path) -> Option<&std::path::Path> {
    Some(file.parent().unwrap_or(std::path::Path::new("."))).map(|p| {
        if p.as_os_str().is_empty() {
            std::path::Path::new(".")
        } else {
            p
        }
    })
}
