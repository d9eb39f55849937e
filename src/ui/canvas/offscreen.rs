//! Draws part of the UI again, off screen, at a higher pixel density than the window's.
//!
//! "View as PNG, 2×" needs the canvas as it is now but with twice the pixels. A screenshot only
//! has the window's pixels, and scaling it up blurs text. So the canvas is laid out once more in
//! a private egui context whose pixels per point are doubled (text is rasterised at that size),
//! and egui_wgpu renders the result into a texture on the window's own GPU device, which is
//! read back as an image. The window's renderer and textures are not touched.

use std::sync::mpsc;
use std::time::Duration;

use eframe::egui_wgpu::{self, ScreenDescriptor, wgpu};
use egui::{Pos2, Rect, Ui, Vec2, ViewportId};

/// How long to wait for the GPU before giving up (a software renderer is slow, not stuck).
const GPU_TIMEOUT: Duration = Duration::from_secs(20);

/// The texture format rendered to: plain RGBA bytes, gamma-encoded by egui's shader.
const FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;

#[derive(Debug, thiserror::Error)]
pub enum OffscreenError {
    #[error(
        "the image would be {width}×{height} pixels, larger than this graphics device allows \
         ({max} pixels a side); make the window smaller or use Map as PNG"
    )]
    TooLarge { width: u32, height: u32, max: u32 },
    #[error("the view is empty")]
    Empty,
    #[error("the graphics device failed: {0}")]
    Gpu(String),
}

/// Lays out `draw` in a new egui context of `size` points at `pixels_per_point`, styled as
/// `like`, and renders it to an image. `draw` runs for `frames` frames (widgets that settle on
/// their first frame need two); the last one is rendered.
pub fn render(
    render_state: &egui_wgpu::RenderState,
    like: &egui::Context,
    size: Vec2,
    pixels_per_point: f32,
    frames: usize,
    mut draw: impl FnMut(&mut Ui),
) -> Result<egui::ColorImage, OffscreenError> {
    let width = (size.x * pixels_per_point).round();
    let height = (size.y * pixels_per_point).round();
    if !(width >= 1.0 && height >= 1.0) {
        return Err(OffscreenError::Empty);
    }
    let (width, height) = (width as u32, height as u32);
    let max = render_state.device.limits().max_texture_dimension_2d;
    if width > max || height > max {
        return Err(OffscreenError::TooLarge { width, height, max });
    }

    let ctx = egui::Context::default();
    ctx.set_theme(like.theme());
    ctx.set_global_style(like.global_style());
    let mut input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size)),
        ..Default::default()
    };
    input
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .native_pixels_per_point = Some(pixels_per_point);

    let mut renderer = egui_wgpu::Renderer::new(
        &render_state.device,
        FORMAT,
        egui_wgpu::RendererOptions::PREDICTABLE,
    );
    let mut shapes = Vec::new();
    for _ in 0..frames.max(1) {
        let mut output = ctx.run_ui(input.clone(), &mut draw);
        // Fonts and images are uploaded as each frame asks, so the last frame's text is there.
        for (id, deltas) in &output.textures_delta.set {
            for delta in deltas {
                renderer.update_texture(&render_state.device, &render_state.queue, *id, delta);
            }
        }
        // The renderer is dropped with its textures, so nothing is left to free.
        output.textures_delta.clear();
        shapes = output.shapes;
    }
    let primitives = ctx.tessellate(shapes, pixels_per_point);
    let screen = ScreenDescriptor {
        size_in_pixels: [width, height],
        pixels_per_point,
    };

    let device = &render_state.device;
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("relmap off-screen view"),
        size: wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: FORMAT,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
        view_formats: &[],
    });
    let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
    let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
        label: Some("relmap off-screen view"),
    });
    let callbacks = renderer.update_buffers(
        device,
        &render_state.queue,
        &mut encoder,
        &primitives,
        &screen,
    );
    {
        let mut pass = encoder
            .begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("relmap off-screen view"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: &view,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT),
                        store: wgpu::StoreOp::Store,
                    },
                    depth_slice: None,
                })],
                ..Default::default()
            })
            .forget_lifetime();
        renderer.render(&mut pass, &primitives, &screen);
    }

    // Rows of a texture copy must be padded to wgpu's alignment.
    let row = width as usize * 4;
    let align = wgpu::COPY_BYTES_PER_ROW_ALIGNMENT as usize;
    let padded_row = row.div_ceil(align) * align;
    let buffer = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("relmap off-screen view read-back"),
        size: (padded_row * height as usize) as u64,
        usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    encoder.copy_texture_to_buffer(
        texture.as_image_copy(),
        wgpu::TexelCopyBufferInfo {
            buffer: &buffer,
            layout: wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(padded_row as u32),
                rows_per_image: None,
            },
        },
        wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
    );
    let submission = render_state.queue.submit(
        callbacks
            .into_iter()
            .chain(std::iter::once(encoder.finish())),
    );

    let slice = buffer.slice(..);
    let (sender, receiver) = mpsc::channel();
    slice.map_async(wgpu::MapMode::Read, move |result| {
        // The receiver waits below; if it is gone there is no one left to tell.
        let _ = sender.send(result);
    });
    device
        .poll(wgpu::PollType::Wait {
            submission_index: Some(submission),
            timeout: Some(GPU_TIMEOUT),
        })
        .map_err(|e| OffscreenError::Gpu(e.to_string()))?;
    receiver
        .recv_timeout(GPU_TIMEOUT)
        .map_err(|e| OffscreenError::Gpu(e.to_string()))?
        .map_err(|e| OffscreenError::Gpu(e.to_string()))?;
    let pixels: Vec<u8> = {
        let mapped = slice
            .get_mapped_range()
            .map_err(|e| OffscreenError::Gpu(e.to_string()))?;
        mapped
            .chunks_exact(padded_row)
            .flat_map(|r| &r[..row])
            .copied()
            .collect()
    };
    buffer.unmap();
    Ok(egui::ColorImage::from_rgba_premultiplied(
        [width as usize, height as usize],
        &pixels,
    ))
}
