//! Packing a map's separate parts close together, with room for their names: each part, the
//! largest first, goes to the free spot nearest the middle of what is placed already, found by
//! walking outwards ring by ring on a grid, so small parts fill the corners of large ones
//! instead of trailing off to one side (Graphviz's pack does the like with polyominoes).
//! Layouts without names pack parts' boxes in rows instead ([`pack_boxes`]).

use std::collections::HashMap;

use super::Footprint;

/// Boxes on a grid of cells, to ask quickly whether a box is free.
struct Occupied {
    cell: f32,
    cells: HashMap<(i32, i32), Vec<usize>>,
    boxes: Vec<[f32; 4]>,
}

impl Occupied {
    fn cells_of(&self, b: &[f32; 4]) -> impl Iterator<Item = (i32, i32)> + use<> {
        let c = self.cell;
        let (x0, x1) = ((b[0] / c).floor() as i32, (b[2] / c).floor() as i32);
        let (y0, y1) = ((b[1] / c).floor() as i32, (b[3] / c).floor() as i32);
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn insert(&mut self, b: [f32; 4]) {
        let k = self.boxes.len();
        self.boxes.push(b);
        for c in self.cells_of(&b) {
            self.cells.entry(c).or_default().push(k);
        }
    }

    fn free(&self, b: &[f32; 4]) -> bool {
        self.cells_of(b).all(|c| {
            self.cells.get(&c).is_none_or(|ks| {
                ks.iter().all(|&k| {
                    let o = &self.boxes[k];
                    b[2] <= o[0] || o[2] <= b[0] || b[3] <= o[1] || o[3] <= b[1]
                })
            })
        })
    }
}

/// The box node `i` at `p` covers, with `gap` around it.
fn node_box(p: [f32; 2], f: Footprint, gap: f32) -> [f32; 4] {
    [
        p[0] - f.half_width - gap,
        p[1] - f.above - gap,
        p[0] + f.half_width + gap,
        p[1] + f.below + gap,
    ]
}

/// What a part covers: its nodes' boxes, and boxes along its links, so no part is put over
/// another's lines.
fn cover(
    members: &[usize],
    adjacency: &[Vec<usize>],
    out: &[[f32; 2]],
    footprints: &[Footprint],
    gap: f32,
) -> Vec<[f32; 4]> {
    let fp = |i: usize| footprints.get(i).copied().unwrap_or_default();
    let mut boxes: Vec<[f32; 4]> = members
        .iter()
        .map(|&i| node_box(out[i], fp(i), gap / 2.0))
        .collect();
    let half = gap / 4.0;
    for &a in members {
        for &b in &adjacency[a] {
            if b <= a {
                continue;
            }
            let (pa, pb) = (out[a], out[b]);
            let len = ((pb[0] - pa[0]).powi(2) + (pb[1] - pa[1]).powi(2)).sqrt();
            let pieces = (len / half.max(1.0)).ceil().min(400.0) as usize;
            for k in 1..pieces {
                let t = k as f32 / pieces as f32;
                let (x, y) = (pa[0] + (pb[0] - pa[0]) * t, pa[1] + (pb[1] - pa[1]) * t);
                boxes.push([x - half, y - half, x + half, y + half]);
            }
        }
    }
    boxes
}

/// Moves each part of `components` not `anchored` to the free spot nearest the middle of the
/// parts placed before it, `gap` apart from their nodes and lines (`adjacency`). Anchored parts
/// (with a pinned node) stay.
pub fn pack(
    components: &[Vec<usize>],
    adjacency: &[Vec<usize>],
    anchored: &[bool],
    out: &mut [[f32; 2]],
    footprints: &[Footprint],
    gap: f32,
) {
    let mut order: Vec<usize> = (0..components.len()).collect();
    // Anchored first, then the largest, then by first member.
    order.sort_by_key(|&c| {
        (
            !anchored[c],
            std::cmp::Reverse(components[c].len()),
            components[c][0],
        )
    });
    let step = (gap * 0.5).max(1.0);
    let mut occupied = Occupied {
        cell: step * 4.0,
        cells: HashMap::new(),
        boxes: Vec::new(),
    };
    let mut lo = [f32::MAX; 2];
    let mut hi = [f32::MIN; 2];
    for (k, &c) in order.iter().enumerate() {
        let members = &components[c];
        let mut boxes = cover(members, adjacency, out, footprints, gap);
        if k > 0 && !anchored[c] {
            let centre = |ps: &mut dyn Iterator<Item = [f32; 2]>| {
                let (mut a, mut b) = ([f32::MAX; 2], [f32::MIN; 2]);
                for p in ps {
                    a = [a[0].min(p[0]), a[1].min(p[1])];
                    b = [b[0].max(p[0]), b[1].max(p[1])];
                }
                [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0]
            };
            let own = centre(&mut members.iter().map(|&i| out[i]));
            let target = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
            let fits = |dx: f32, dy: f32| {
                boxes
                    .iter()
                    .all(|b| occupied.free(&[b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy]))
            };
            // Ring by ring outwards from the target, the nearest free spot in each ring.
            let mut chosen = None;
            let mut ring = 0i32;
            while chosen.is_none() && ring < 4000 {
                let mut best: Option<(f32, f32, f32)> = None;
                for (gx, gy) in ring_cells(ring) {
                    let (x, y) = (target[0] + gx as f32 * step, target[1] + gy as f32 * step);
                    let (dx, dy) = (x - own[0], y - own[1]);
                    let d = (gx * gx + gy * gy) as f32;
                    if best.is_some_and(|b| b.0 <= d) {
                        continue;
                    }
                    if fits(dx, dy) {
                        best = Some((d, dx, dy));
                    }
                }
                chosen = best.map(|b| (b.1, b.2));
                ring += 1;
            }
            let (dx, dy) = chosen.unwrap_or((hi[0] - own[0] + gap, 0.0));
            for &i in members {
                out[i] = [out[i][0] + dx, out[i][1] + dy];
            }
            for b in &mut boxes {
                *b = [b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy];
            }
        }
        for b in boxes {
            occupied.insert(b);
            lo = [lo[0].min(b[0]), lo[1].min(b[1])];
            hi = [hi[0].max(b[2]), hi[1].max(b[3])];
        }
    }
}

/// The grid cells at Chebyshev distance `r` from the origin.
fn ring_cells(r: i32) -> Vec<(i32, i32)> {
    if r == 0 {
        return vec![(0, 0)];
    }
    let mut out = Vec::with_capacity(8 * r as usize);
    for k in -r..=r {
        out.push((k, -r));
        out.push((k, r));
    }
    for k in -r + 1..r {
        out.push((-r, k));
        out.push((r, k));
    }
    out
}

/// Room between packed components, in link lengths.
const COMPONENT_GAP: f32 = 1.5;

pub(super) fn bounds(points: &[[f32; 2]]) -> [f32; 4] {
    let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
    for p in points {
        b = [
            b[0].min(p[0]),
            b[1].min(p[1]),
            b[2].max(p[0]),
            b[3].max(p[1]),
        ];
    }
    b
}

/// Packs the unanchored components of a layout without names in rows to the right of (and below) what is anchored,
/// biggest first, so no part floats far across the canvas.
pub(super) fn pack_boxes(
    components: &[Vec<usize>],
    boxes: &mut [(usize, [f32; 4])],
    anchored: &[bool],
    out: &mut [[f32; 2]],
    link_length: f32,
) {
    let gap = COMPONENT_GAP * link_length;
    let fixed_box =
        boxes
            .iter()
            .filter(|(c, _)| anchored[*c])
            .fold(None, |acc: Option<[f32; 4]>, (_, b)| {
                Some(acc.map_or(*b, |a| {
                    [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ]
                }))
            });
    let mut free: Vec<(usize, [f32; 4])> = boxes
        .iter()
        .filter(|(c, _)| !anchored[*c])
        .copied()
        .collect();
    free.sort_by(|a, b| {
        let area = |r: &[f32; 4]| (r[2] - r[0]) * (r[3] - r[1]);
        area(&b.1).total_cmp(&area(&a.1)).then(a.0.cmp(&b.0))
    });
    let total: f32 = free
        .iter()
        .map(|(_, r)| (r[2] - r[0] + gap) * (r[3] - r[1] + gap))
        .sum();
    let row_width = total.sqrt().max(gap) * 1.5;
    let (mut x, mut y) = match fixed_box {
        Some(b) => (b[2] + gap, b[1]),
        None => (0.0, 0.0),
    };
    let x0 = x;
    let mut row_height = 0.0f32;
    for (c, r) in free {
        let (w, h) = (r[2] - r[0], r[3] - r[1]);
        if x > x0 && x + w > x0 + row_width {
            x = x0;
            y += row_height + gap;
            row_height = 0.0;
        }
        let (dx, dy) = (x - r[0], y - r[1]);
        for &i in &components[c] {
            out[i] = [out[i][0] + dx, out[i][1] + dy];
        }
        x += w + gap;
        row_height = row_height.max(h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_parts_sit_close_to_the_large_one_without_touching_it() {
        // A large part: a ring of 12 nodes of radius 200 around the origin; three pairs.
        let mut out: Vec<[f32; 2]> = (0..12)
            .map(|k| {
                let a = k as f32 / 12.0 * std::f32::consts::TAU;
                [200.0 * a.cos(), 200.0 * a.sin()]
            })
            .collect();
        out.extend([
            [0.0, 0.0],
            [60.0, 0.0],
            [0.0, 0.0],
            [60.0, 0.0],
            [0.0, 0.0],
            [60.0, 0.0],
        ]);
        let components = vec![(0..12).collect(), vec![12, 13], vec![14, 15], vec![16, 17]];
        // The ring is a cycle; each pair is linked.
        let mut adjacency = vec![Vec::new(); 18];
        for k in 0..12 {
            adjacency[k].push((k + 1) % 12);
            adjacency[(k + 1) % 12].push(k);
        }
        for a in [12, 14, 16] {
            adjacency[a].push(a + 1);
            adjacency[a + 1].push(a);
        }
        let fp = vec![
            Footprint {
                half_width: 25.0,
                above: 12.0,
                below: 30.0
            };
            18
        ];
        pack(&components, &adjacency, &[false; 4], &mut out, &fp, 40.0);
        let boxes: Vec<[f32; 4]> = out
            .iter()
            .zip(&fp)
            .map(|(p, f)| node_box(*p, *f, 0.0))
            .collect();
        for i in 0..18 {
            for j in i + 1..18 {
                let (a, b) = (boxes[i], boxes[j]);
                let apart = a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
                assert!(apart, "{i} and {j} overlap");
            }
        }
        // The pairs are no further out than the ring's size again: packed, not trailing off.
        for p in &out[12..] {
            assert!(p[0].abs() < 400.0 && p[1].abs() < 400.0, "{p:?}");
        }
    }
}
