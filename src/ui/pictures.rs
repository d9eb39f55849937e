//! The window's side of entities' pictures: decoded on rayon's pool (`io::pictures`), at the
//! power-of-two size the canvas needs, then uploaded as textures a few per frame, so a map of
//! many photos never stalls a frame. Until a picture's texture is ready the canvas draws the
//! entity as it would without one (its shape and icon); a picture that cannot be drawn stays
//! that way and says why in the inspector.
//!
//! Textures are kept up to [`MAX_BYTES`]; past it the least recently drawn are let go, and
//! asked for again if they come back on screen. A leaf, like `icons`: the canvas and the
//! inspector both use it.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use egui::epaint::{Mesh, Vertex};
use egui::{Color32, ColorImage, Context, Id, Pos2, Rect, Shape, TextureHandle, TextureId};

use crate::io::pictures::{self, PictureError, Square};
use crate::model::Picture;

/// The most texture memory pictures hold.
pub const MAX_BYTES: usize = 256 << 20;
/// The most pictures uploaded in one frame: the rest wait for the next.
const UPLOADS_PER_FRAME: usize = 24;

/// An entity's picture as the canvas holds it: the picture, and a key hashed once when the
/// map is built or restyled (an embedded picture is long; frames do not hash it again).
#[derive(Debug, Clone, PartialEq)]
pub struct PictureRef {
    key: u64,
    picture: Arc<Picture>,
}

impl PictureRef {
    pub fn of(picture: &Picture) -> Self {
        Self {
            key: key_of(picture),
            picture: Arc::new(picture.clone()),
        }
    }

    pub fn picture(&self) -> &Picture {
        &self.picture
    }
}

fn key_of(picture: &Picture) -> u64 {
    foldhash::fast::FixedState::with_seed(0x5e1a_7a9e).hash_one(picture.as_str())
}

/// What the window knows of a picture now.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Being read and decoded.
    Loading,
    /// Drawn; the largest size decoded so far, in pixels.
    Shown(u32),
    /// Not drawn, and why.
    Failed(String),
}

struct Done {
    key: u64,
    side: u32,
    generation: u64,
    result: Result<Square, PictureError>,
}

#[derive(Default)]
struct Entry {
    sizes: BTreeMap<u32, (TextureHandle, u64)>,
    asked: Vec<u32>,
    failed: Option<String>,
}

struct Inner {
    folder: Option<PathBuf>,
    /// Bumped when the folder changes: answers to older questions are dropped.
    generation: u64,
    entries: HashMap<u64, Entry>,
    bytes: usize,
    /// Counts frames, for letting go of the least recently drawn.
    clock: u64,
    last_pass: u64,
    tx: Sender<Done>,
    rx: Receiver<Done>,
}

impl Inner {
    fn new() -> Self {
        let (tx, rx) = channel();
        Self {
            folder: None,
            generation: 0,
            entries: HashMap::new(),
            bytes: 0,
            clock: 0,
            last_pass: u64::MAX,
            tx,
            rx,
        }
    }

    fn ask(&mut self, picture: &PictureRef, side: u32) {
        let entry = self.entries.entry(picture.key).or_default();
        if entry.failed.is_some() || entry.asked.contains(&side) {
            return;
        }
        entry.asked.push(side);
        let (tx, folder, generation) = (self.tx.clone(), self.folder.clone(), self.generation);
        let (key, picture) = (picture.key, picture.picture.clone());
        rayon::spawn(move || {
            let result = pictures::load_square(&picture, folder.as_deref(), side);
            // The window may have closed; nothing waits for the answer then.
            let _ = tx.send(Done {
                key,
                side,
                generation,
                result,
            });
        });
    }

    /// Once a frame: upload what the workers decoded, and let go of what was drawn least
    /// recently when over the memory cap.
    fn take_answers(&mut self, ctx: &Context) {
        if self.last_pass == ctx.cumulative_pass_nr() {
            return;
        }
        self.last_pass = ctx.cumulative_pass_nr();
        self.clock += 1;
        let mut uploaded = 0;
        while uploaded < UPLOADS_PER_FRAME {
            let Ok(done) = self.rx.try_recv() else {
                break;
            };
            if done.generation != self.generation {
                continue;
            }
            let entry = self.entries.entry(done.key).or_default();
            entry.asked.retain(|&s| s != done.side);
            match done.result {
                Ok(square) => {
                    let side = square.side as usize;
                    let image = ColorImage::from_rgba_unmultiplied([side, side], &square.rgba);
                    let handle = ctx.load_texture(
                        format!("picture {:016x} {}", done.key, done.side),
                        image,
                        egui::TextureOptions::LINEAR,
                    );
                    self.bytes += side * side * 4;
                    if let Some((_, _)) = entry.sizes.insert(done.side, (handle, self.clock)) {
                        self.bytes -= side * side * 4;
                    }
                    uploaded += 1;
                }
                Err(e) => entry.failed = Some(e.to_string()),
            }
        }
        if uploaded == UPLOADS_PER_FRAME {
            ctx.request_repaint();
        }
        if self.entries.values().any(|e| !e.asked.is_empty()) {
            // Answers arrive between frames: look again soon without waiting for input.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if self.bytes > MAX_BYTES {
            self.let_go();
        }
    }

    /// Lets go of the least recently drawn textures until three quarters of the cap are used.
    fn let_go(&mut self) {
        let mut all: Vec<(u64, u64, u32)> = self
            .entries
            .iter()
            .flat_map(|(&k, e)| e.sizes.iter().map(move |(&s, &(_, used))| (used, k, s)))
            .collect();
        all.sort_unstable();
        for (used, key, side) in all {
            if self.bytes <= MAX_BYTES / 4 * 3 || used + 1 >= self.clock {
                break;
            }
            if let Some(entry) = self.entries.get_mut(&key)
                && entry.sizes.remove(&side).is_some()
            {
                self.bytes -= (side * side * 4) as usize;
            }
        }
    }

    /// The texture to draw `picture` with at `side` pixels: that size, or the nearest one
    /// decoded while it is asked for.
    fn texture(&mut self, picture: &PictureRef, side: u32) -> Option<(TextureId, u32)> {
        let clock = self.clock;
        let entry = self.entries.get_mut(&picture.key);
        let exact = entry.as_ref().is_some_and(|e| e.sizes.contains_key(&side));
        if !exact {
            self.ask(picture, side);
        }
        let entry = self.entries.get_mut(&picture.key)?;
        let s = match entry.sizes.range(side..).next() {
            Some((&s, _)) => s,
            None => *entry.sizes.keys().next_back()?,
        };
        let (handle, used) = entry.sizes.get_mut(&s)?;
        *used = clock;
        Some((handle.id(), s))
    }
}

fn shared(ctx: &Context) -> Arc<Mutex<Inner>> {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_insert_with(Id::new("relmap-pictures"), || {
            Arc::new(Mutex::new(Inner::new()))
        })
        .clone()
    })
}

fn with<R>(ctx: &Context, f: impl FnOnce(&mut Inner) -> R) -> R {
    let shared = shared(ctx);
    // A panic while holding the lock cannot leave pictures half-updated in a way that
    // matters: the worst is a picture asked for twice.
    let mut inner = shared.lock().unwrap_or_else(|p| p.into_inner());
    inner.take_answers(ctx);
    f(&mut inner)
}

/// Relative pictures are read from `folder`, the map's; a new folder starts afresh.
pub fn set_folder(ctx: &Context, folder: Option<&Path>) {
    with(ctx, |inner| {
        if inner.folder.as_deref() != folder {
            inner.folder = folder.map(Path::to_path_buf);
            inner.generation += 1;
            inner.entries.clear();
            inner.bytes = 0;
        }
    });
}

/// How many pictures are being decoded now (asked for, not yet answered or uploaded).
pub fn loading(ctx: &Context) -> usize {
    with(ctx, |inner| {
        inner.entries.values().map(|e| e.asked.len()).sum()
    })
}

/// Forgets every picture that could not be drawn, so they are tried again (after the user
/// put a missing file in place, say).
pub fn retry_failed(ctx: &Context) {
    with(ctx, |inner| inner.entries.retain(|_, e| e.failed.is_none()));
}

/// What the window knows of `picture`, asking for it at `side` pixels if it has not yet.
pub fn status(ctx: &Context, picture: &PictureRef, side: u32) -> Status {
    with(ctx, |inner| {
        if inner.texture(picture, side).is_none()
            && let Some(why) = inner
                .entries
                .get(&picture.key)
                .and_then(|e| e.failed.clone())
        {
            return Status::Failed(why);
        }
        match inner.entries.get(&picture.key) {
            Some(e) if !e.sizes.is_empty() => {
                Status::Shown(e.sizes.keys().next_back().copied().unwrap_or(side))
            }
            _ => Status::Loading,
        }
    })
}

/// The picture's texture at about `side` pixels, for a thumbnail; `None` until it is ready.
pub fn texture(ctx: &Context, picture: &PictureRef, side: u32) -> Option<TextureId> {
    with(ctx, |inner| inner.texture(picture, side)).map(|(t, _)| t)
}

/// `picture` cut round (`round`) or square to `half` points either side of `centre`, at
/// `opacity`: a shape for a painter, or `None` while it is not decoded or cannot be.
pub fn picture_shape(
    ctx: &Context,
    picture: &PictureRef,
    centre: Pos2,
    half: f32,
    round: bool,
    opacity: f32,
) -> Option<Shape> {
    if !half.is_finite() || half <= 0.0 {
        return None;
    }
    let side = crate::look::pictures::pixels_needed(half, ctx.pixels_per_point());
    let (texture, _) = with(ctx, |inner| inner.texture(picture, side))?;
    let tint = Color32::WHITE.gamma_multiply(opacity.clamp(0.0, 1.0));
    let rect = Rect::from_center_size(centre, egui::vec2(2.0 * half, 2.0 * half));
    if !round {
        let uv = Rect::from_min_max(Pos2::ZERO, egui::pos2(1.0, 1.0));
        return Some(Shape::image(texture, rect, uv, tint));
    }
    Some(Shape::mesh(disc_mesh(texture, centre, half, tint)))
}

/// A textured disc: a fan of triangles whose texture coordinates map the square picture onto
/// the disc's bounding square, so the disc shows the picture's middle circle.
fn disc_mesh(texture: TextureId, centre: Pos2, half: f32, tint: Color32) -> Mesh {
    // Enough segments that the rim looks round at this size, and no more.
    let segments = ((half * 0.9).ceil() as usize).clamp(16, 96);
    let mut mesh = Mesh::with_texture(texture);
    let vertex = |p: Pos2| Vertex {
        pos: p,
        uv: egui::pos2(
            0.5 + (p.x - centre.x) / (2.0 * half),
            0.5 + (p.y - centre.y) / (2.0 * half),
        ),
        color: tint,
    };
    mesh.vertices.push(vertex(centre));
    for k in 0..=segments {
        let a = std::f32::consts::TAU * k as f32 / segments as f32;
        mesh.vertices
            .push(vertex(centre + egui::vec2(a.cos(), a.sin()) * half));
    }
    for k in 1..=segments as u32 {
        mesh.indices.extend_from_slice(&[0, k, k + 1]);
    }
    mesh
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png() -> Vec<u8> {
        let image = image::RgbaImage::from_pixel(40, 40, image::Rgba([200, 30, 30, 255]));
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    /// Runs frames until `done` says so, at most a few seconds' worth.
    fn frames_until(ctx: &Context, mut done: impl FnMut(&Context) -> bool) -> bool {
        for _ in 0..400 {
            let mut finished = false;
            let mut output = ctx.run_ui(Default::default(), |ui| finished = done(ui.ctx()));
            output.textures_delta.clear();
            if finished {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn a_picture_is_drawn_once_decoded_and_round_as_a_disc() {
        let ctx = Context::default();
        let picture = PictureRef::of(&Picture::embedded("image/png", &png()));
        let drawn = |ctx: &Context| picture_shape(ctx, &picture, Pos2::ZERO, 12.0, true, 1.0);
        assert!(frames_until(&ctx, |ctx| drawn(ctx).is_some()));
        let mut shape = None;
        let mut output = ctx.run_ui(Default::default(), |ui| shape = drawn(ui.ctx()));
        output.textures_delta.clear();
        match shape {
            Some(Shape::Mesh(mesh)) => {
                assert!(mesh.indices.len() >= 16 * 3);
                assert!(
                    mesh.vertices
                        .iter()
                        .all(|v| (v.pos.to_vec2().length()) <= 12.01)
                );
            }
            other => panic!("a textured disc, not {other:?}"),
        }
        assert!(frames_until(&ctx, |ctx| matches!(
            status(ctx, &picture, 32),
            Status::Shown(_)
        )));
    }

    #[test]
    fn a_broken_picture_is_never_drawn_and_says_why() {
        let ctx = Context::default();
        let picture = PictureRef::of(&Picture::embedded("image/png", b"\x89PNG\r\n\x1a\nno"));
        assert!(frames_until(&ctx, |ctx| matches!(
            status(ctx, &picture, 32),
            Status::Failed(_)
        )));
        assert!(frames_until(&ctx, |ctx| picture_shape(
            ctx,
            &picture,
            Pos2::ZERO,
            12.0,
            false,
            1.0
        )
        .is_none()));
        let missing = PictureRef::of(&Picture::new("photo.jpg"));
        assert!(frames_until(&ctx, |ctx| {
            matches!(status(ctx, &missing, 32), Status::Failed(why) if why.contains("not a file yet"))
        }));
    }
}
