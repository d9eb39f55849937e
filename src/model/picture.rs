//! An entity's picture, as the map file holds it: a path to an image file, relative to the
//! map's folder (or absolute), or the image itself as a `data:` URI. Which of the two it is,
//! and what a data URI says, is read here; reading files and decoding pixels is `io::pictures`'.
//!
//! A picture that cannot be read or decoded never stops a map from opening: the entity is
//! drawn with its kind's icon, and the inspector and `relmap check` say why.

use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// The media types relmap draws, as a data URI names them.
pub const MEDIA_TYPES: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];

/// An entity's picture: `"photos/sirajuddin.jpg"` or `"data:image/png;base64,iVBOR…"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Picture(String);

/// Where a picture's bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureSource<'a> {
    /// A file: relative paths are read from the map's folder.
    File(&'a str),
    /// The image in the map: its declared media type and its base64 text.
    Embedded {
        media_type: &'a str,
        base64: &'a str,
    },
}

impl Picture {
    /// A picture from the text a map holds.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The image's bytes embedded as a data URI of `media_type`.
    pub fn embedded(media_type: &str, bytes: &[u8]) -> Self {
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        Self(format!("data:{media_type};base64,{data}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_embedded(&self) -> bool {
        self.0.starts_with("data:")
    }

    /// Where the bytes are, or why the text names no image relmap can read.
    pub fn source(&self) -> Result<PictureSource<'_>, String> {
        let Some(uri) = self.0.strip_prefix("data:") else {
            return if self.0.trim().is_empty() {
                Err("the picture's path is empty".to_owned())
            } else {
                Ok(PictureSource::File(&self.0))
            };
        };
        let Some((head, base64)) = uri.split_once(',') else {
            return Err("the picture's data URI has no comma before its data".to_owned());
        };
        let Some(media_type) = head.strip_suffix(";base64") else {
            return Err(
                "the picture's data URI is not base64 (it should start data:image/png;base64,)"
                    .to_owned(),
            );
        };
        if !MEDIA_TYPES.contains(&media_type) {
            return Err(format!(
                "the picture is embedded as \"{media_type}\"; relmap draws PNG, JPEG and WebP"
            ));
        }
        Ok(PictureSource::Embedded { media_type, base64 })
    }

    /// The embedded image's bytes, or why they cannot be read.
    pub fn embedded_bytes(&self) -> Option<Result<Vec<u8>, String>> {
        match self.source() {
            Ok(PictureSource::Embedded { base64, .. }) => Some(
                base64::engine::general_purpose::STANDARD
                    .decode(base64.trim())
                    .map_err(|e| format!("the picture's embedded data is not base64: {e}")),
            ),
            Ok(PictureSource::File(_)) => None,
            Err(e) => Some(Err(e)),
        }
    }

    /// What the picture is, in a few words: its path, or "an embedded JPEG of 84 KB".
    pub fn describe(&self) -> String {
        match self.source() {
            Ok(PictureSource::File(path)) => path.to_owned(),
            Ok(PictureSource::Embedded { media_type, base64 }) => {
                let name = match media_type {
                    "image/png" => "PNG",
                    "image/jpeg" => "JPEG",
                    _ => "WebP",
                };
                let kb = (base64.len() * 3 / 4).div_ceil(1024);
                format!("an embedded {name} of {kb} KB")
            }
            Err(_) if self.is_embedded() => "an embedded picture".to_owned(),
            Err(_) => "a picture".to_owned(),
        }
    }
}

/// The media type of an image file's bytes, from their first bytes; `None` for anything but
/// PNG, JPEG and WebP.
pub fn media_type_of(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_a_file_and_a_data_uri_is_embedded() {
        assert_eq!(
            Picture::new("photos/a.jpg").source(),
            Ok(PictureSource::File("photos/a.jpg"))
        );
        let p = Picture::embedded("image/png", b"\x89PNG\r\n\x1a\nrest");
        assert!(p.is_embedded());
        assert!(matches!(
            p.source(),
            Ok(PictureSource::Embedded {
                media_type: "image/png",
                ..
            })
        ));
        assert_eq!(
            p.embedded_bytes(),
            Some(Ok(b"\x89PNG\r\n\x1a\nrest".to_vec()))
        );
        assert_eq!(p.describe(), "an embedded PNG of 1 KB");
    }

    #[test]
    fn malformed_data_uris_say_what_is_wrong() {
        let bad = |t: &str| Picture::new(t).source().unwrap_err();
        assert!(bad("data:image/png;base64").contains("no comma"));
        assert!(bad("data:image/png,abc").contains("not base64"));
        assert!(bad("data:image/gif;base64,R0lG").contains("image/gif"));
        assert!(bad("   ").contains("empty"));
        let p = Picture::new("data:image/png;base64,@@@");
        assert!(matches!(p.embedded_bytes(), Some(Err(e)) if e.contains("not base64")));
    }

    #[test]
    fn media_types_are_read_from_the_first_bytes() {
        assert_eq!(media_type_of(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(media_type_of(&[0xff, 0xd8, 0xff, 0xe0]), Some("image/jpeg"));
        assert_eq!(media_type_of(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(media_type_of(b"GIF89a"), None);
        assert_eq!(media_type_of(b""), None);
    }
}
