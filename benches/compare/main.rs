//! Layouts side by side, in one run, on the graph classes of the layout issue: relmap's
//! stress layout (plain, and with room for names as View ▸ Layout ▸ Stress draws a map),
//! its multilevel layout, its force layout run to rest, what the window opens a large map
//! with, Graphviz's neato (stress majorization) and sfdp (multilevel) from Debian's
//! `graphviz`, d3-force and ForceAtlas2 (graphology) through Node (`cd benches && npm
//! install`). A tool that is not installed is reported as such.
//!
//! For each layout: normalised stress (exact, over all pairs; lower is better), edge crossings
//! (straight lines), the community measure (the share of each node's ten nearest drawn
//! neighbours in its Louvain community; higher shows clusters better), the aspect ratio
//! (principal axes; 1 is round), how many pairs of names would overlap if every name were
//! drawn under its entity, at fit view in a 1280 × 800 canvas the names relmap's label grid
//! shows and the lines that cross a shown name not their own end, and the time to a final
//! layout. Printed, not timed by criterion: one run each. Results: docs/PERFORMANCE.md.
//!
//! `cargo bench --bench compare`; `RELMAP_BENCH_GRAPHS=rgg,hypercube` runs only graphs whose
//! names contain one of those words, `RELMAP_BENCH_PEERS=0` only relmap's layouts, and
//! `RELMAP_BENCH_FILES=a.json,b.json` adds graphs from files in the format of
//! `benches/graphs` (as `make_graphs.py` writes them), to check the classes on graphs outside
//! the benchmark.

mod graphs;
mod measure;
mod peers;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use relmap::layout::stress::{
    Method, layout as stress_layout, layout_by, layout_labelled, normalised_stress,
};
use relmap::layout::{
    LayoutParams, LiveModel, Simulation, footprints,
    start::{STRESS_START_UP_TO, link_length_for, stress_start},
};

use graphs::Graph;

/// The force layout run to rest from `start`.
fn force(g: &Graph, start: &[Option<[f32; 2]>], fp: &[relmap::layout::Footprint]) -> Vec<[f32; 2]> {
    let mut sim = Simulation::new(
        start,
        &[],
        g.links.iter().copied(),
        1,
        LayoutParams {
            model: LiveModel::Force,
            ..LayoutParams::default()
        },
    );
    sim.set_footprints(fp.to_vec());
    sim.run(100_000);
    sim.positions().to_vec()
}

fn layouts(_c: &mut Criterion) {
    let list = |key: &str| -> Vec<String> {
        std::env::var(key)
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let peers_too = std::env::var("RELMAP_BENCH_PEERS").as_deref() != Ok("0");
    let mut graphs = graphs::all(&list("RELMAP_BENCH_GRAPHS"));
    graphs.extend(
        list("RELMAP_BENCH_FILES")
            .iter()
            .map(|path| graphs::read(std::path::Path::new(path))),
    );
    eprintln!(
        "layouts | graph | layout | stress | crossings | communities | aspect | names overlapping if all drawn | names shown | lines over names | bent round names | time"
    );
    let mut summary = Vec::new();
    for g in &graphs {
        let n = g.names.len();
        let mut stresses: Vec<(String, f64, Duration)> = Vec::new();
        let mut report = |method: &str, p: &[[f32; 2]], t: Duration| {
            let (shown, over, over_bent, overlaps) = measure::names_at_fit(p, g);
            let stress = normalised_stress(p, &g.links);
            let community = g
                .communities
                .as_ref()
                .map_or(f64::NAN, |c| measure::community_share(p, c));
            eprintln!(
                "layouts | {} | {method} | {stress:.5} | {} | {community:.2} | {:.2} | {overlaps} | {shown} of {n} | {over} | {over_bent} | {:.0} ms",
                g.name,
                measure::crossings(p, &g.links),
                measure::aspect(p),
                t.as_secs_f64() * 1e3
            );
            stresses.push((method.to_string(), stress, t));
        };
        let none = vec![None; n];
        let fp = footprints(g.names.iter().map(String::as_str), 12.0, 13.0);

        let start = Instant::now();
        let p = stress_layout(n, &g.links, &none, &[], 90.0, 1);
        report("relmap stress", &p, start.elapsed());

        let start = Instant::now();
        let length = link_length_for(&fp, 90.0);
        let p = layout_labelled(n, &g.links, &none, &[], length, 1, &fp, 6.0);
        report("relmap stress + names", &p, start.elapsed());

        let start = Instant::now();
        let p = layout_by(
            Method::Multilevel,
            n,
            &g.links,
            &none,
            &[],
            90.0,
            1,
            &[],
            0.0,
        );
        report("relmap multilevel", &p, start.elapsed());

        if n > STRESS_START_UP_TO {
            // What the window opens a map without positions with: a multilevel start, or the
            // force layout for a crowded small world and above 10 000 entities.
            let start = Instant::now();
            let params = LayoutParams::default();
            let p = match stress_start(&none, &g.links, &fp, &params, 1) {
                Some(p) => p,
                None => force(g, &none, &fp),
            };
            report("relmap opens with", &p, start.elapsed());
        }

        let start = Instant::now();
        let p = force(g, &none, &fp);
        report("relmap force", &p, start.elapsed());

        if !peers_too {
            continue;
        }
        for tool in ["neato", "sfdp"] {
            // neato took 54 s on the 100 × 100 grid when the issue measured it.
            if tool == "neato" && n > 5000 {
                eprintln!(
                    "layouts | {} | neato | not run above 5 000 nodes | | | | | | | | ",
                    g.name
                );
                continue;
            }
            match peers::graphviz(tool, g) {
                Some((p, t)) => report(tool, &p, t),
                None => eprintln!(
                    "layouts | {} | {tool} | not installed | | | | | | | | ",
                    g.name
                ),
            }
        }
        for (tool, label) in [("d3", "d3-force"), ("fa2", "ForceAtlas2")] {
            match peers::node_layout(tool, g) {
                Some((p, t)) => report(label, &p, t),
                None => eprintln!(
                    "layouts | {} | {label} | not installed | | | | | | | | ",
                    g.name
                ),
            }
        }
        let ours = |name: &str| stresses.iter().find(|s| s.0 == name).map(|s| s.1);
        let best_peer = stresses
            .iter()
            .filter(|s| !s.0.starts_with("relmap"))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some(default), Some(plain), Some(peer)) = (
            ours("relmap stress + names"),
            ours("relmap stress"),
            best_peer,
        ) {
            summary.push(format!(
                "summary | {} | {:.2} | {:.2} | {}",
                g.name,
                default / peer.1,
                plain / peer.1,
                peer.0
            ));
        }
    }
    if !summary.is_empty() {
        eprintln!("summary | graph | stress + names ÷ best peer | stress ÷ best peer | best peer");
        for line in summary {
            eprintln!("{line}");
        }
    }
}

criterion_group!(benches, layouts);
criterion_main!(benches);
