//! PDF figures and themes: `relmap export -o map.pdf` writes a vector PDF that a viewer opens
//! (rendered here by poppler's `pdftoppm`), whose names are text (read back by `pdftotext`),
//! fitted to a paper size on request, the same bytes every time; `--theme dark` draws on the
//! window's dark paper.
//!
//! Poppler's tools come from Debian's `poppler-utils`, which `.ci/run` installs; there
//! `RELMAP_REQUIRE_PDF_TOOLS=1` makes their absence a failure rather than a skip.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use relmap::look::Theme;
use resvg::tiny_skia::Pixmap;

fn relmap() -> Command {
    Command::cargo_bin("relmap").unwrap()
}

/// Exports the bundled map to `out` with `args`.
fn export(out: &Path, args: &[&str]) {
    relmap()
        .args(["export", "assets/haqqani_network.json", "-o"])
        .arg(out)
        .args(args)
        .assert()
        .success();
}

/// Whether poppler's `tool` runs here; when it is required and missing, the test fails.
fn poppler(tool: &str) -> bool {
    let found = Process::new(tool).arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("RELMAP_REQUIRE_PDF_TOOLS").is_none(),
            "{tool} is required (RELMAP_REQUIRE_PDF_TOOLS) but not installed: apt-get install poppler-utils"
        );
        eprintln!("{tool} not installed (poppler-utils): the PDF is checked without it");
    }
    found
}

/// The PDF page's size in points, from its media box.
fn media_box(pdf: &[u8]) -> (f32, f32) {
    let text = String::from_utf8_lossy(pdf);
    let at = text.find("/MediaBox [").expect("a media box");
    let nums: Vec<f32> = text[at + 11..]
        .split(']')
        .next()
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    (nums[2] - nums[0], nums[3] - nums[1])
}

#[test]
fn a_pdf_on_a4_landscape_opens_in_a_viewer_with_its_names_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("map.pdf");
    export(&pdf, &["--paper", "A4", "--landscape"]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let (w, h) = media_box(&bytes);
    assert!(
        (w - 841.89).abs() < 0.01 && (h - 595.276).abs() < 0.01,
        "{w}×{h}"
    );

    // The same map gives the same bytes.
    export(&pdf, &["--paper", "A4", "--landscape"]);
    assert_eq!(std::fs::read(&pdf).unwrap(), bytes, "byte-identical");

    if poppler("pdftotext") {
        let out = Process::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success(), "pdftotext refused the PDF");
        let text = String::from_utf8_lossy(&out.stdout);
        let doc = relmap::io::bundled_map().unwrap();
        for e in &doc.entities {
            assert!(
                text.contains(e.name.as_str()),
                "{} is not text in the PDF",
                e.name
            );
        }
        assert!(text.contains("Legend") && text.contains("Sources"));
    }
    if poppler("pdftoppm") {
        let png = dir.path().join("page");
        let status = Process::new("pdftoppm")
            .args(["-png", "-r", "50", "-singlefile"])
            .arg(&pdf)
            .arg(&png)
            .status()
            .unwrap();
        assert!(status.success(), "pdftoppm could not render the PDF");
        let page = Pixmap::decode_png(&std::fs::read(dir.path().join("page.png")).unwrap())
            .expect("pdftoppm wrote a PNG");
        // A4 landscape at 50 dpi, rounded up.
        assert_eq!((page.width(), page.height()), (585, 414));
        let inked = page
            .pixels()
            .iter()
            .filter(|p| p.red() < 200 || p.green() < 200 || p.blue() < 200)
            .count();
        let share = inked as f64 / page.pixels().len() as f64;
        assert!(
            (0.01..0.5).contains(&share),
            "the page is blank or black: {:.1} % inked",
            share * 100.0
        );
    }
}

#[test]
fn a_pdf_without_paper_is_the_figures_own_size() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, pdf) = (dir.path().join("map.svg"), dir.path().join("map.pdf"));
    export(&svg, &[]);
    export(&pdf, &[]);
    let svg = std::fs::read_to_string(&svg).unwrap();
    let root = roxmltree::Document::parse(&svg).unwrap();
    let px = |name: &str| -> f32 {
        root.root_element()
            .attribute(name)
            .unwrap()
            .parse()
            .unwrap()
    };
    let (w, h) = media_box(&std::fs::read(&pdf).unwrap());
    // CSS pixels are three quarters of a point.
    assert!(
        (w - px("width") * 0.75).abs() < 0.1,
        "{w} for {}",
        px("width")
    );
    assert!(
        (h - px("height") * 0.75).abs() < 0.1,
        "{h} for {}",
        px("height")
    );
}

#[test]
fn a_dark_figure_is_drawn_on_the_windows_dark_paper() {
    let dir = tempfile::tempdir().unwrap();
    let (light, dark) = (dir.path().join("light.svg"), dir.path().join("dark.svg"));
    export(&light, &[]);
    export(&dark, &["--theme", "dark"]);
    let hex = |c: [u8; 3]| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
    let dark = std::fs::read_to_string(&dark).unwrap();
    let light = std::fs::read_to_string(&light).unwrap();
    let paper = format!(
        r#"<rect width="100%" height="100%" fill="{}"/>"#,
        hex(Theme::Dark.paper())
    );
    assert!(dark.contains(&paper), "the dark paper");
    assert!(
        dark.contains(&format!(
            r#"fill="{}" text-anchor="middle" stroke="{}""#,
            hex(Theme::Dark.name_text()),
            hex(Theme::Dark.paper())
        )),
        "names in the window's grey, haloed in the paper"
    );
    assert!(!dark.contains("white"), "nothing left on white");
    assert!(
        light.contains(r##"fill="#ffffff""##),
        "light figures stay on white"
    );

    // A dark PNG is mostly dark.
    let png = dir.path().join("dark.png");
    export(&png, &["--theme", "dark", "--scale", "0.5"]);
    let pixmap = Pixmap::decode_png(&std::fs::read(&png).unwrap()).unwrap();
    let dark_px = pixmap.pixels().iter().filter(|p| p.red() < 40).count();
    assert!(
        dark_px * 10 > pixmap.pixels().len() * 8,
        "mostly dark paper"
    );
}

#[test]
fn paper_and_theme_mistakes_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let assert = relmap()
            .args(["export", "assets/haqqani_network.json"])
            .args(args)
            .assert()
            .failure();
        String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
    };
    let pdf = dir.path().join("map.pdf");
    let png = dir.path().join("map.png");
    let err = run(&["-o", pdf.to_str().unwrap(), "--paper", "B5"]);
    assert!(
        err.contains("\"B5\" is not a paper size relmap knows: A4, A3 or letter"),
        "{err}"
    );
    let err = run(&["-o", png.to_str().unwrap(), "--paper", "A4"]);
    assert!(err.contains("--paper fits a PDF to a page"), "{err}");
    let err = run(&["-o", pdf.to_str().unwrap(), "--landscape"]);
    assert!(err.contains("--paper"), "landscape needs a paper: {err}");
    let err = run(&["-o", pdf.to_str().unwrap(), "--theme", "sepia"]);
    assert!(
        err.contains("\"sepia\" is not a theme: light or dark"),
        "{err}"
    );
    assert!(!pdf.exists() && !png.exists(), "nothing was written");
}

/// A picture is an image in the PDF, listed by poppler's `pdfimages` and drawn by `pdftoppm`.
#[test]
fn a_pdf_carries_the_entities_pictures() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/pictures/portrait.jpg",
        dir.path().join("portrait.jpg"),
    )
    .unwrap();
    let mut doc = relmap::io::bundled_map().unwrap();
    doc.entities[0].picture = Some(relmap::model::Picture::new("portrait.jpg"));
    let map = dir.path().join("map.json");
    std::fs::write(&map, relmap::io::to_json_string(&doc)).unwrap();
    let pdf = dir.path().join("map.pdf");
    relmap()
        .arg("export")
        .arg(&map)
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("/Subtype /Image"));
    if poppler("pdfimages") {
        let out = Process::new("pdfimages")
            .arg("-list")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(out.status.success());
        let list = String::from_utf8_lossy(&out.stdout);
        // A header of two lines, then one line per image: the portrait, as a JPEG.
        let images: Vec<&str> = list.lines().skip(2).collect();
        assert_eq!(images.len(), 1, "{list}");
        assert!(images[0].contains("jpeg"), "{list}");
    }
    if poppler("pdftoppm") {
        let out = Process::new("pdftoppm")
            .args(["-png", "-r", "30", "-singlefile"])
            .arg(&pdf)
            .arg(dir.path().join("page"))
            .output()
            .unwrap();
        assert!(out.status.success(), "pdftoppm refused the PDF");
        assert!(Pixmap::load_png(dir.path().join("page.png")).is_ok());
    }
}
