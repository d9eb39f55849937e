//! A source's text read from a file: plain text and Markdown as they are, HTML reduced to its
//! readable text by html2text (paragraphs kept, markup, scripts and styles dropped), so claims
//! can quote and anchor into it.

use std::path::Path;

use super::LoadError;

/// Lines of HTML text are not wrapped below this many columns: a paragraph stays one line, as
/// it reads, so quotes copied from the page are found in it.
const NO_WRAP: usize = 100_000;

/// The readable text of the file at `path`: `.html`/`.htm` as text, anything else as UTF-8
/// text (a byte-order mark dropped).
pub fn read(path: &Path) -> Result<String, LoadError> {
    let (bytes, origin) = super::read_file(path)?;
    let html = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if html {
        return html_text(&bytes).map_err(|message| LoadError::Invalid {
            origin: origin.clone(),
            problems: vec![crate::model::Problem::new("the page", message)],
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| LoadError::Invalid {
        origin,
        problems: vec![crate::model::Problem::new(
            format!("byte {}", e.utf8_error().valid_up_to()),
            "the file is not UTF-8 text",
        )],
    })
}

/// The readable text of an HTML page.
pub fn html_text(bytes: &[u8]) -> Result<String, String> {
    // The trivial decorator writes text only: no "#" before headings, no brackets round links.
    let text = html2text::config::with_decorator(html2text::render::TrivialDecorator::new())
        .no_link_wrapping()
        .string_from_read(bytes, NO_WRAP)
        .map_err(|e| format!("the page could not be read as HTML: {e}"))?;
    // Trailing spaces the renderer pads lines with are not part of the text.
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    Ok(lines.join("\n").trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_html_page_becomes_its_paragraphs() {
        let page = br#"<html><head><title>T</title><style>p{color:red}</style>
            <script>var x = 1;</script></head><body>
            <h1>Haqqani leader says</h1>
            <p>Anas Haqqani <a href="https://example.com">told</a> Newsline: &ldquo;We are the
            Taliban.&rdquo;</p><p>Second paragraph.</p></body></html>"#;
        let text = html_text(page).unwrap();
        assert!(
            text.contains("Anas Haqqani told Newsline: \u{201C}We are the Taliban.\u{201D}"),
            "{text}"
        );
        assert!(text.contains("Second paragraph."));
        assert!(!text.contains("var x"), "scripts are dropped: {text}");
        assert!(!text.contains("color:red"), "styles are dropped: {text}");
    }

    #[test]
    fn text_files_are_read_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "\u{FEFF}# Title\n\nText.\n").unwrap();
        assert_eq!(read(&p).unwrap(), "# Title\n\nText.\n");
        let bad = dir.path().join("b.txt");
        std::fs::write(&bad, [0x66, 0xFF, 0x66]).unwrap();
        assert!(read(&bad).unwrap_err().to_string().contains("not UTF-8"));
    }
}
