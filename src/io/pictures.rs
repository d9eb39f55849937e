//! Entities' pictures: their bytes read from a file beside the map or from the map itself,
//! decoded by the `image` crate (PNG, JPEG and WebP only), cropped to a square and scaled to
//! the size a painter needs. The canvas does this on workers (`ui::pictures`); figures do it
//! while they are drawn (`export::marks`).
//!
//! Every limit is checked before pixels are allocated: a file over [`MAX_FILE_BYTES`], an image
//! wider or taller than [`MAX_SIDE`], or a decoder asking for more than [`MAX_DECODE_BYTES`]
//! is refused with a message, so a hostile picture costs a line in the inspector, never the
//! window.

use std::fmt;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageFormat, ImageReader, Limits, RgbaImage, imageops};

use crate::look::pictures::MAX_SQUARE;
use crate::model::{Picture, PictureSource, media_type_of};

/// The largest picture file relmap reads.
pub const MAX_FILE_BYTES: u64 = 32 << 20;
/// The widest and tallest picture relmap decodes, in pixels.
pub const MAX_SIDE: u32 = 12_000;
/// The most memory a decoder may ask for.
pub const MAX_DECODE_BYTES: u64 = 256 << 20;

/// Why a picture is not drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PictureError {
    /// The file is not there (the map moved without its pictures, or a typo).
    NotFound(PathBuf),
    /// A relative path, but the map has no folder yet (it was never saved).
    NoFolder(String),
    /// Reading, decoding or a limit failed: the message says which.
    Unreadable(String),
}

impl fmt::Display for PictureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PictureError::NotFound(path) => write!(f, "{} is not there", path.display()),
            PictureError::NoFolder(path) => write!(
                f,
                "{path} is relative to the map's folder, and this map is not a file yet (never \
                 saved, or a case's)"
            ),
            PictureError::Unreadable(message) => f.write_str(message),
        }
    }
}

/// A picture decoded and cropped to a square of `side` × `side` RGBA pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Square {
    pub side: u32,
    /// Row-major RGBA, not premultiplied.
    pub rgba: Vec<u8>,
}

impl Square {
    /// Every pixel is opaque (a photo, not a logo with a transparent ground).
    pub fn is_opaque(&self) -> bool {
        self.rgba.chunks_exact(4).all(|p| p[3] == 255)
    }
}

/// Where the file of a picture that is a path is: relative paths from `folder`, the map's.
pub fn file_path(
    picture: &Picture,
    folder: Option<&Path>,
) -> Option<Result<PathBuf, PictureError>> {
    let Ok(PictureSource::File(path)) = picture.source() else {
        return None;
    };
    let p = Path::new(path);
    Some(if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        match folder {
            Some(folder) => Ok(folder.join(p)),
            None => Err(PictureError::NoFolder(path.to_owned())),
        }
    })
}

/// The picture's bytes: the embedded data, or the file's (relative to `folder`).
pub fn read(picture: &Picture, folder: Option<&Path>) -> Result<Vec<u8>, PictureError> {
    if let Some(bytes) = picture.embedded_bytes() {
        return bytes.map_err(PictureError::Unreadable);
    }
    let path = match file_path(picture, folder) {
        Some(path) => path?,
        None => {
            let why = picture.source().err().unwrap_or_default();
            return Err(PictureError::Unreadable(why));
        }
    };
    read_file(&path)
}

/// A picture file's bytes, refused past [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, PictureError> {
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => PictureError::NotFound(path.to_path_buf()),
        _ => PictureError::Unreadable(format!("cannot read {}: {e}", path.display())),
    })?;
    let mut bytes = Vec::new();
    // One byte past the limit tells a file at the limit from a larger one without trusting
    // the size the file system reports (a pipe or a growing file has none).
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| PictureError::Unreadable(format!("cannot read {}: {e}", path.display())))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(PictureError::Unreadable(format!(
            "{} is larger than {} MB; relmap draws smaller pictures",
            path.display(),
            MAX_FILE_BYTES >> 20
        )));
    }
    Ok(bytes)
}

/// The image in `bytes`, cropped to a square and scaled to at most `side` pixels across.
///
/// Portraits are cropped from near their top, where faces are, rather than from the middle.
pub fn decode_square(bytes: &[u8], side: u32) -> Result<Square, PictureError> {
    let format = format_of(bytes)?;
    check_header(bytes)?;
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|e| PictureError::Unreadable(format!("the picture cannot be decoded: {e}")))?;
    Ok(square_of(&image, side.clamp(1, MAX_SQUARE)))
}

fn format_of(bytes: &[u8]) -> Result<ImageFormat, PictureError> {
    match media_type_of(bytes) {
        Some("image/png") => Ok(ImageFormat::Png),
        Some("image/jpeg") => Ok(ImageFormat::Jpeg),
        Some(_) => Ok(ImageFormat::WebP),
        None => Err(PictureError::Unreadable(
            "the picture is not a PNG, JPEG or WebP image".to_owned(),
        )),
    }
}

/// The picture's width and height from its header alone, refused when it is not a PNG, JPEG
/// or WebP image or is larger than [`MAX_SIDE`] a side: a quick check before anything is
/// decoded.
pub fn check_header(bytes: &[u8]) -> Result<(u32, u32), PictureError> {
    let mut header = ImageReader::new(Cursor::new(bytes));
    header.set_format(format_of(bytes)?);
    let (w, h) = header
        .into_dimensions()
        .map_err(|e| PictureError::Unreadable(format!("the picture cannot be decoded: {e}")))?;
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(PictureError::Unreadable(format!(
            "the picture is {w} × {h} pixels; relmap draws pictures of at most {MAX_SIDE} \
             pixels a side"
        )));
    }
    Ok((w, h))
}

/// The media type of a picture whose header [`check_header`] accepts.
pub fn media_type_checked(bytes: &[u8]) -> Result<&'static str, PictureError> {
    check_header(bytes)?;
    media_type_of(bytes).ok_or_else(|| {
        PictureError::Unreadable("the picture is not a PNG, JPEG or WebP image".to_owned())
    })
}

/// The largest picture file a map embeds when it is given one from outside its folder;
/// larger ones are linked by their path.
pub const MAX_EMBEDDED_BYTES: usize = 8 << 20;

/// How a map refers to the picture file at `file`, whose bytes are `bytes`: by a path relative
/// to `map_folder` when the file is inside it (a folder of photos kept with the map), else
/// embedded in the map when it is small enough to travel with it, else by its absolute path.
pub fn reference_for(
    file: &Path,
    bytes: &[u8],
    map_folder: Option<&Path>,
) -> Result<Picture, PictureError> {
    let media_type = media_type_checked(bytes)?;
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let file = canonical(file);
    if let Some(folder) = map_folder.map(canonical)
        && let Ok(relative) = file.strip_prefix(&folder)
    {
        // Forward slashes, so the map reads the same on every system.
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        return Ok(Picture::new(parts.join("/")));
    }
    if bytes.len() <= MAX_EMBEDDED_BYTES {
        return Ok(Picture::embedded(media_type, bytes));
    }
    Ok(Picture::new(file.to_string_lossy()))
}

/// [`read`] then [`decode_square`].
pub fn load_square(
    picture: &Picture,
    folder: Option<&Path>,
    side: u32,
) -> Result<Square, PictureError> {
    decode_square(&read(picture, folder)?, side)
}

fn square_of(image: &DynamicImage, side: u32) -> Square {
    let (w, h) = (image.width(), image.height());
    let crop = w.min(h).max(1);
    let x = (w - crop.min(w)) / 2;
    // A quarter of the spare height above, three quarters below: the top third of a portrait.
    let y = (h - crop.min(h)) / 4;
    let rgba = image.crop_imm(x, y, crop, crop).to_rgba8();
    let side = side.min(crop);
    let scaled: RgbaImage = if side == crop {
        rgba
    } else {
        imageops::resize(&rgba, side, side, imageops::FilterType::Triangle)
    };
    Square {
        side,
        rgba: scaled.into_raw(),
    }
}

/// The square as an image file a figure embeds: JPEG for a photo, PNG when it has
/// transparency. Both encoders are deterministic, so figures are too.
pub fn encode_for_figure(square: &Square) -> Result<(&'static str, Vec<u8>), PictureError> {
    let image = RgbaImage::from_raw(square.side, square.side, square.rgba.clone())
        .ok_or_else(|| PictureError::Unreadable("the picture's pixels are short".to_owned()))?;
    let mut out = Cursor::new(Vec::new());
    let media_type = if square.is_opaque() {
        let rgb = DynamicImage::ImageRgba8(image).to_rgb8();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88)
            .encode_image(&rgb)
            .map_err(|e| PictureError::Unreadable(format!("cannot encode the picture: {e}")))?;
        "image/jpeg"
    } else {
        image
            .write_to(&mut out, ImageFormat::Png)
            .map_err(|e| PictureError::Unreadable(format!("cannot encode the picture: {e}")))?;
        "image/png"
    };
    Ok((media_type, out.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, alpha: u8) -> Vec<u8> {
        let image = RgbaImage::from_fn(w, h, |x, y| image::Rgba([x as u8, y as u8, 90, alpha]));
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn pictures_are_cropped_to_a_square_and_scaled() {
        let square = decode_square(&png(40, 20, 255), 10).unwrap();
        assert_eq!(square.side, 10);
        assert_eq!(square.rgba.len(), 10 * 10 * 4);
        assert!(square.is_opaque());
        // Never scaled up past the picture's own pixels.
        assert_eq!(decode_square(&png(8, 30, 255), 64).unwrap().side, 8);
    }

    #[test]
    fn figures_embed_photos_as_jpeg_and_transparent_pictures_as_png() {
        let photo = decode_square(&png(16, 16, 255), 16).unwrap();
        assert_eq!(encode_for_figure(&photo).unwrap().0, "image/jpeg");
        let logo = decode_square(&png(16, 16, 100), 16).unwrap();
        let (media_type, bytes) = encode_for_figure(&logo).unwrap();
        assert_eq!(media_type, "image/png");
        assert_eq!(encode_for_figure(&logo).unwrap().1, bytes, "deterministic");
    }

    #[test]
    fn a_picture_beside_the_map_is_linked_and_one_from_elsewhere_embedded() {
        let dir = tempfile::tempdir().unwrap();
        let photos = dir.path().join("photos");
        std::fs::create_dir(&photos).unwrap();
        let bytes = png(10, 10, 255);
        let inside = photos.join("a.png");
        std::fs::write(&inside, &bytes).unwrap();
        let linked = reference_for(&inside, &bytes, Some(dir.path())).unwrap();
        assert_eq!(linked.as_str(), "photos/a.png");
        let elsewhere = tempfile::tempdir().unwrap();
        let outside = elsewhere.path().join("b.png");
        std::fs::write(&outside, &bytes).unwrap();
        let embedded = reference_for(&outside, &bytes, Some(dir.path())).unwrap();
        assert!(embedded.is_embedded());
        assert_eq!(load_square(&embedded, None, 4).unwrap().side, 4);
        assert!(reference_for(&outside, b"not a picture", None).is_err());
    }

    #[test]
    fn what_is_not_a_picture_is_refused_with_a_reason() {
        let err = decode_square(b"GIF89a......", 10).unwrap_err();
        assert!(err.to_string().contains("not a PNG, JPEG or WebP"));
        let mut truncated = png(30, 30, 255);
        truncated.truncate(60);
        let err = decode_square(&truncated, 10).unwrap_err();
        assert!(err.to_string().contains("cannot be decoded"), "{err}");
        let missing = Picture::new("no/such/file.png");
        let dir = Path::new("/nonexistent-relmap-folder");
        assert!(matches!(
            load_square(&missing, Some(dir), 10),
            Err(PictureError::NotFound(_))
        ));
        assert!(matches!(
            load_square(&missing, None, 10),
            Err(PictureError::NoFolder(_))
        ));
    }
}
