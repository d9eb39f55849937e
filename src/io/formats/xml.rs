//! What the XML importers and exporters share: a parser that refuses DTDs (so no entity is ever
//! expanded and no external one fetched: billion-laughs and external-entity files are refused),
//! errors with their line and column, and lookups by local name, since GraphML and GEXF files
//! come under several namespace spellings.
//!
//! Before the parser sees a file, one linear pass ([`check_limits`]) refuses what would make
//! reading it slow or deep: elements nested past [`MAX_DEPTH`] (the readers walk nested graphs
//! recursively), more than [`MAX_ATTRIBUTES`] attributes on an element and more than
//! [`MAX_NAMESPACES`] namespace declarations (the parser checks each new one against those
//! before it, so 200 000 attributes took over 30 s). docs/RELIABILITY.md lists them.

use roxmltree::{Document, Node, ParsingOptions};

use crate::io::LoadError;

/// How deep elements may nest: a GraphML graph inside a node inside a graph, 128 times over.
pub const MAX_DEPTH: usize = 256;
/// How many attributes one element may have.
pub const MAX_ATTRIBUTES: usize = 1_000;
/// How many namespace declarations (`xmlns`, `xmlns:y`) a file may make.
pub const MAX_NAMESPACES: usize = 1_000;

/// Parses `bytes` as XML, or says where it is broken.
pub fn parse<'a>(bytes: &'a [u8], origin: &str) -> Result<Document<'a>, LoadError> {
    check_limits(bytes, origin)?;
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        LoadError::Syntax {
            origin: origin.to_owned(),
            line,
            column,
            message: "not UTF-8 text".into(),
        }
    })?;
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        let message = match e {
            roxmltree::Error::DtdDetected => {
                "the file has a DTD, which relmap does not read (entities in it could expand \
                 without end or fetch other files)"
                    .to_owned()
            }
            other => strip_position(&other.to_string()),
        };
        LoadError::Syntax {
            origin: origin.to_owned(),
            line: pos.row as usize,
            column: pos.col as usize,
            message: format!("not valid XML: {message}"),
        }
    })
}

/// Refuses, with its line and column, the first element that nests past [`MAX_DEPTH`] or has
/// more than [`MAX_ATTRIBUTES`] attributes, or the declaration past [`MAX_NAMESPACES`]. One pass
/// over the bytes, skipping comments, CDATA, processing instructions and declarations, and
/// reading quoted values whole; anything malformed is left for the parser to report.
pub fn check_limits(bytes: &[u8], origin: &str) -> Result<(), LoadError> {
    let mut scan = Scan {
        bytes,
        at: 0,
        line: 1,
        line_start: 0,
    };
    let mut depth = 0usize;
    let mut namespaces = 0usize;
    let refuse = |(line, column): (usize, usize), message: String| LoadError::Syntax {
        origin: origin.to_owned(),
        line,
        column,
        message,
    };
    while scan.skip_to(b"<") {
        let rest = &bytes[scan.at..];
        if rest.starts_with(b"<!--") {
            scan.skip_past(b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            scan.skip_past(b"]]>");
        } else if rest.starts_with(b"<?") {
            scan.skip_past(b"?>");
        } else if rest.starts_with(b"<!") {
            scan.skip_past(b">");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            scan.skip_past(b">");
        } else {
            let place = scan.place();
            let tag = scan.start_tag();
            namespaces += tag.namespaces;
            if tag.attributes > MAX_ATTRIBUTES {
                return Err(refuse(
                    place,
                    format!(
                        "an element has {} attributes; relmap reads at most {MAX_ATTRIBUTES}",
                        tag.attributes
                    ),
                ));
            }
            if namespaces > MAX_NAMESPACES {
                return Err(refuse(
                    place,
                    format!(
                        "the file declares more than {MAX_NAMESPACES} namespaces, more than \
                         relmap reads"
                    ),
                ));
            }
            if !tag.closed {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(refuse(
                        place,
                        format!(
                            "elements nest more than {MAX_DEPTH} deep here; relmap reads \
                             nested graphs to that depth"
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// A cursor over XML bytes that keeps the line it is on.
struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    line_start: usize,
}

/// What [`Scan::start_tag`] counted in one start tag.
struct Tag {
    attributes: usize,
    namespaces: usize,
    /// `<a/>`: the tag opens and closes the element.
    closed: bool,
}

impl Scan<'_> {
    fn step(&mut self) {
        if self.bytes[self.at] == b'\n' {
            self.line += 1;
            self.line_start = self.at + 1;
        }
        self.at += 1;
    }

    fn place(&self) -> (usize, usize) {
        (self.line, self.at - self.line_start + 1)
    }

    /// Moves to the next `needle` (its first byte); false at the end.
    fn skip_to(&mut self, needle: &[u8]) -> bool {
        while self.at < self.bytes.len() {
            if self.bytes[self.at..].starts_with(needle) {
                return true;
            }
            self.step();
        }
        false
    }

    /// Moves past the next `needle`, or to the end.
    fn skip_past(&mut self, needle: &[u8]) {
        // Past the first byte, so "<!-->" is not its own end.
        if self.at < self.bytes.len() {
            self.step();
        }
        if self.skip_to(needle) {
            for _ in 0..needle.len() {
                self.step();
            }
        }
    }

    /// Reads a start tag from its `<` to past its `>`, counting attributes by their `=`
    /// outside quoted values.
    fn start_tag(&mut self) -> Tag {
        let mut tag = Tag {
            attributes: 0,
            namespaces: 0,
            closed: false,
        };
        let mut quote = None;
        let mut name_start = None;
        let mut last = b'<';
        self.step();
        while self.at < self.bytes.len() {
            let b = self.bytes[self.at];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None => match b {
                    b'"' | b'\'' => quote = Some(b),
                    b'>' => {
                        tag.closed = last == b'/';
                        self.step();
                        return tag;
                    }
                    b'=' => {
                        tag.attributes += 1;
                        let name = name_start.map_or(&[][..], |s| &self.bytes[s..self.at]);
                        let name = name.trim_ascii();
                        if name == b"xmlns" || name.starts_with(b"xmlns:") {
                            tag.namespaces += 1;
                        }
                        name_start = None;
                    }
                    b if b.is_ascii_whitespace() => {}
                    // A name starts after white space, or first in the tag.
                    _ if last.is_ascii_whitespace() || name_start.is_none() => {
                        name_start = Some(self.at);
                    }
                    _ => {}
                },
            }
            if !b.is_ascii_whitespace() {
                last = b;
            }
            self.step();
        }
        tag
    }
}

/// roxmltree appends " at R:C" to its messages; the error reports the position itself.
fn strip_position(text: &str) -> String {
    match text.rfind(" at ") {
        Some(i)
            if text[i + 4..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':') =>
        {
            text[..i].to_owned()
        }
        _ => text.to_owned(),
    }
}

fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}

/// The root element, which must be `<name>`.
pub fn root<'a, 'i>(
    doc: &'a Document<'i>,
    name: &str,
    origin: &str,
) -> Result<Node<'a, 'i>, LoadError> {
    let root = doc.root_element();
    if root.tag_name().name() == name {
        Ok(root)
    } else {
        Err(LoadError::Invalid {
            origin: origin.to_owned(),
            problems: vec![crate::model::Problem::new(
                "the file",
                format!(
                    "the root element is <{}>, not <{name}>",
                    root.tag_name().name()
                ),
            )],
        })
    }
}

/// The line a node starts on.
pub fn line_of(doc: &Document, node: Node) -> usize {
    doc.text_pos_at(node.range().start).row as usize
}

/// The element children of `node` with the local name `name`, whatever their namespace.
pub fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The first element child of `node` with the local name `name`.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> Option<Node<'a, 'i>> {
    children(node, name).next()
}

/// An attribute by local name, whatever its namespace.
pub fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

/// Text for XML content and attribute values. Loading refuses text XML cannot hold, but what
/// is written must be well formed whatever it is given: anything XML forbids becomes U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A line end in an attribute would be read back as a space.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if !crate::model::is_xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The name of the root element, found without parsing the whole file: after the XML
/// declaration, comments and processing instructions.
pub fn root_name(head: &[u8]) -> Option<String> {
    let mut rest = head;
    loop {
        let start = rest.iter().position(|&b| b == b'<')?;
        rest = &rest[start..];
        if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            let end = if rest.starts_with(b"<!--") {
                find(rest, b"-->")? + 3
            } else {
                rest.iter().position(|&b| b == b'>')? + 1
            };
            rest = &rest[end..];
            continue;
        }
        let name: Vec<u8> = rest[1..]
            .iter()
            .take_while(|b| !b.is_ascii_whitespace() && **b != b'>' && **b != b'/')
            .copied()
            .collect();
        let name = String::from_utf8(name).ok()?;
        // A prefixed root (<g:graphml>) is named by its local part.
        return Some(name.rsplit(':').next().unwrap_or(&name).to_owned());
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_expansion_and_external_entities_are_refused() {
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
<graphml>&lol2;</graphml>"#;
        let err = parse(laughs.as_bytes(), "lolz.graphml")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("lolz.graphml:"), "{err}");
        assert!(err.contains("DTD"), "{err}");
        let external = r#"<?xml version="1.0"?>
<!DOCTYPE g [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><graphml>&xxe;</graphml>"#;
        assert!(parse(external.as_bytes(), "x").is_err());
    }

    #[test]
    fn broken_xml_is_reported_with_its_line() {
        let err = parse(b"<graphml>\n<graph>\n</graphml>", "broken.graphml")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("broken.graphml:3:"), "{err}");
    }

    #[test]
    fn the_root_is_named_past_declarations_and_comments() {
        let head = b"<?xml version='1.0'?>\n<!-- made by yEd -->\n<graphml xmlns='x'>";
        assert_eq!(root_name(head).as_deref(), Some("graphml"));
        assert_eq!(root_name(b"<g:gexf/>").as_deref(), Some("gexf"));
    }
}
