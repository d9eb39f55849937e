//! Every character the UI's text uses must be in the fonts the window draws with, or it shows
//! as an empty box. egui's default fonts cover ASCII and a selection beyond; this checks the
//! rest, character by character, in the string literals of `src`.
#![cfg(feature = "ui")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `.rs` files under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Non-ASCII characters inside string literals (between double quotes on a line that is not
/// a comment) in `src`, up to each file's unit tests, with the first file and line each was
/// found on. The core's messages are shown in the window too.
fn characters_in_strings() -> BTreeMap<char, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    files.sort();
    let mut found = BTreeMap::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("source");
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_start();
            if line.starts_with("#[cfg(test)]") {
                break;
            }
            if line.starts_with("//") {
                continue;
            }
            let mut in_string = false;
            let mut escaped = false;
            for c in line.chars() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if in_string => escaped = true,
                    '"' => in_string = !in_string,
                    c if in_string && !c.is_ascii() => {
                        found
                            .entry(c)
                            .or_insert_with(|| format!("{name}:{}", n + 1));
                    }
                    _ => {}
                }
            }
        }
    }
    found
}

#[test]
fn the_ui_draws_no_character_its_fonts_lack() {
    let found = characters_in_strings();
    assert!(found.contains_key(&'…'), "the scan sees the UI's strings");
    let ctx = egui::Context::default();
    // Fonts are loaded by the first pass.
    let mut out = ctx.run_ui(egui::RawInput::default(), |_| {});
    out.textures_delta.clear();
    // The families' character maps, not `has_glyph`: egui 0.36's `has_glyph` answers no
    // for every character of the face that also holds its replacement glyph.
    let missing: Vec<String> = ctx.fonts_mut(|fonts| {
        let mut families = [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
            .map(|family| fonts.fonts.font(&family).characters().clone());
        found
            .iter()
            .filter(|(c, _)| families.iter_mut().any(|chars| !chars.contains_key(c)))
            .map(|(c, at)| format!("{c:?} (U+{:04X}) at {at}", *c as u32))
            .collect()
    });
    assert!(missing.is_empty(), "no glyph for: {}", missing.join(", "));
}
