//! Speed of the layout, of loading a large map, and of drawing the canvas, on generated maps
//! of the shape the issue measured (a chain plus extra relations, m = 2n). egui_graphs' own
//! Fruchterman-Reingold is measured in the same run as the reference. Results and how to
//! reproduce them: docs/PERFORMANCE.md.
//!
//! `cargo bench --bench layout`

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// The allocator the relmap binary runs with (see src/main.rs), so that the benchmark measures
/// what a user runs: opening a million-row table took twice as long with the system one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use egui::{Pos2, Rect, vec2};
use egui_graphs::{ForceAlgorithm, FruchtermanReingold, FruchtermanReingoldState};
use relmap::io::generate::{chain_links, chain_map};
use relmap::layout::{LayoutParams, LiveModel, Simulation, footprints};
use relmap::ui::canvas::Canvas;
use relmap::ui::commands::Selection;

fn simulation(n: usize) -> Simulation {
    Simulation::new(
        &vec![None; n],
        &[],
        chain_links(n, 42),
        1,
        // The force layout: its ticks are what this benchmark has always timed.
        LayoutParams {
            model: LiveModel::Force,
            ..LayoutParams::default()
        },
    )
}

fn fruchterman_reingold_graph(n: usize) -> egui_graphs::Graph {
    let mut g = egui_graphs::Graph::new();
    let idx: Vec<_> = (0..n)
        .map(|i| {
            let a = i as f32 * 2.399_963;
            let r = 10.0 * (i as f32).sqrt();
            g.add_node_with_location((), Pos2::new(r * a.cos(), r * a.sin()))
        })
        .collect();
    for (a, b) in chain_links(n, 42) {
        g.add_edge(idx[a], idx[b], ());
    }
    g
}

fn layout_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout_step");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(4));
    for n in [1_000, 10_000, 100_000] {
        let mut sim = simulation(n);
        group.bench_with_input(BenchmarkId::new("relmap", n), &n, |b, _| {
            b.iter(|| {
                sim.reheat(0.5);
                sim.step();
            })
        });
        // As in the window, with overlap removal on the footprints the canvas gives.
        let mut labelled = simulation(n);
        let names = vec!["Entity 12345"; n];
        labelled.set_footprints(footprints(names.iter().copied(), 10.0, 13.0));
        group.bench_with_input(BenchmarkId::new("relmap_in_window", n), &n, |b, _| {
            b.iter(|| {
                labelled.reheat(0.5);
                labelled.step();
            })
        });
        // Fruchterman-Reingold is O(n²): 100k would take minutes a step.
        if n <= 10_000 {
            let mut g = fruchterman_reingold_graph(n);
            let mut fr = FruchtermanReingold::from_state(FruchtermanReingoldState::default());
            let view = Rect::from_min_size(Pos2::ZERO, vec2(1200.0, 800.0));
            group.bench_with_input(BenchmarkId::new("egui_graphs_fr", n), &n, |b, _| {
                b.iter(|| fr.step(&mut g, view))
            });
        }
    }
    group.finish();
}

/// Stress normalised for scale, on a sample of node pairs: how well straight-line distances
/// follow graph distances after the same wall time. Lower is better. Printed, not timed.
fn stress(positions: &[[f32; 2]], links: &[(usize, usize)], n: usize) -> f64 {
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in links {
        adj[a].push(b);
        adj[b].push(a);
    }
    let (mut num, mut den, mut pairs) = (0.0f64, 0.0f64, Vec::new());
    for s in (0..n).step_by((n / 50).max(1)) {
        let mut dist = vec![usize::MAX; n];
        dist[s] = 0;
        let mut q = VecDeque::from([s]);
        while let Some(v) = q.pop_front() {
            for &w in &adj[v] {
                if dist[w] == usize::MAX {
                    dist[w] = dist[v] + 1;
                    q.push_back(w);
                }
            }
        }
        for t in (0..n).step_by((n / 200).max(1)) {
            if t != s && dist[t] != usize::MAX {
                let (p, q) = (positions[s], positions[t]);
                let e = (((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)) as f64).sqrt();
                let d = dist[t] as f64;
                num += e * d / (d * d);
                den += e * e / (d * d);
                pairs.push((e, d));
            }
        }
    }
    let scale = if den > 0.0 { num / den } else { 1.0 };
    pairs
        .iter()
        .map(|(e, d)| ((e * scale - d) / d).powi(2))
        .sum::<f64>()
        / pairs.len().max(1) as f64
}

/// Stress after the same wall time as benches/d3_force.mjs gives d3-force (500 ms; 3 s at
/// 100k, where one d3 tick takes longer than 500 ms), with egui_graphs' Fruchterman-Reingold
/// given the same time up to 10k.
fn quality(_c: &mut Criterion) {
    for (n, budget) in [
        (1_000, Duration::from_millis(500)),
        (5_000, Duration::from_millis(500)),
        (10_000, Duration::from_millis(500)),
        (100_000, Duration::from_secs(3)),
    ] {
        let links = chain_links(n, 42);
        let mut sim = simulation(n);
        let start = Instant::now();
        let mut steps = 0;
        while start.elapsed() < budget && !sim.is_settled() {
            sim.step();
            steps += 1;
        }
        let relmap = stress(sim.positions(), &links, n);
        eprintln!("stress after {budget:?} at {n} nodes: relmap {relmap:.4} ({steps} steps)");

        // Fruchterman-Reingold is O(n²): at 100k it would not finish one step in the budget.
        if n > 10_000 {
            continue;
        }
        let mut g = fruchterman_reingold_graph(n);
        let mut fr = FruchtermanReingold::from_state(FruchtermanReingoldState::default());
        let view = Rect::from_min_size(Pos2::ZERO, vec2(1200.0, 800.0));
        let start = Instant::now();
        let mut fr_steps = 0;
        while start.elapsed() < budget {
            fr.step(&mut g, view);
            fr_steps += 1;
        }
        let mut by_index: Vec<(usize, [f32; 2])> = g
            .nodes_iter()
            .map(|(i, node)| (i.index(), [node.location().x, node.location().y]))
            .collect();
        by_index.sort_by_key(|(i, _)| *i);
        let fr_pos: Vec<[f32; 2]> = by_index.into_iter().map(|(_, p)| p).collect();
        let fr_stress = stress(&fr_pos, &links, n);
        eprintln!(
            "stress after {budget:?} at {n} nodes: egui_graphs FR {fr_stress:.4} ({fr_steps} steps)"
        );
    }
}

/// GraphML as networkx's write_graphml gives it for the chain map: node ids with a label,
/// edges with a weight.
fn networkx_style_graphml(n: usize, seed: u64) -> String {
    use std::fmt::Write as _;
    let mut s = String::from(
        "<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n  \
         <key id=\"d0\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n  \
         <key id=\"d1\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n  \
         <graph edgedefault=\"directed\">\n",
    );
    for i in 0..n {
        let _ = writeln!(
            s,
            "    <node id=\"e{i}\">\n      <data key=\"d0\">Entity {i}</data>\n    </node>"
        );
    }
    for (k, (a, b)) in chain_links(n, seed).into_iter().enumerate() {
        let _ = writeln!(
            s,
            "    <edge source=\"e{a}\" target=\"e{b}\">\n      <data key=\"d1\">{}</data>\n    </edge>",
            1.0 + (k % 7) as f64
        );
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let text = relmap::io::to_json_string(&chain_map(100_000, 42));
    group.bench_function("parse_100k_entities_200k_relations", |b| {
        b.iter(|| relmap::io::parse_bytes(text.as_bytes(), "generated").map(|d| d.entities.len()))
    });

    // Opening GraphML, as networkx writes it (a label and a weight, no relmap data), beside
    // the native format: 100 000 nodes and 200 000 edges.
    let graphml = networkx_style_graphml(100_000, 42);
    let graphml_path = dir.path().join("chain.graphml");
    std::fs::write(&graphml_path, &graphml).expect("the GraphML is written");
    let native_path = dir.path().join("chain.json");
    relmap::io::save_file(&chain_map(100_000, 42), &native_path).expect("the map is written");
    group.bench_function("open_100k_graphml", |b| {
        b.iter(|| relmap::io::formats::open_file(&graphml_path).map(|o| o.doc.relations.len()))
    });
    group.bench_function("open_100k_native", |b| {
        b.iter(|| relmap::io::formats::open_file(&native_path).map(|o| o.doc.relations.len()))
    });

    // CSV tables of a million rows, as Gephi's data laboratory exports them: a nodes table
    // (id, label, type) and an edges table (source, target, weight), each opened alone. The
    // map is dropped outside the timing, as opening a file in the window or `relmap check`
    // does not drop what it opened (a million items take a while to free).
    let rows = 1_000_000;
    let mut nodes = String::from("Id,Label,Type\n");
    let mut edges = String::from("Source,Target,Weight\n");
    for i in 0..rows {
        nodes.push_str(&format!("n{i},Node {i},person\n"));
        edges.push_str(&format!("n{i},n{},{}\n", (i * 7 + 1) % rows, i % 5));
    }
    for (name, table) in [("open_1m_csv_nodes", nodes), ("open_1m_csv_edges", edges)] {
        let path = dir.path().join(format!("{name}.csv"));
        std::fs::write(&path, table).expect("the table is written");
        group.bench_function(name, |b| {
            b.iter_batched(
                || (),
                |()| relmap::io::formats::open_file(&path),
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.finish();

    let mut group = c.benchmark_group("check");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    // What `relmap check` does (read, parse, validate), on a map without claims and the same
    // map with a claim on every relation, each naming a claimant and a source.
    for (name, doc) in [
        ("100k_entities_no_claims", chain_map(100_000, 42)),
        (
            "100k_entities_200k_claims",
            relmap::io::generate::claimed_chain_map(100_000, 42, 1),
        ),
    ] {
        let path = dir.path().join(format!("{name}.json"));
        relmap::io::save_file(&doc, &path).expect("the map is written");
        group.bench_function(name, |b| {
            b.iter(|| relmap::io::load_file(&path).map(|d| d.relations.len()))
        });
    }
    group.finish();
}

/// One frame of the canvas in a 1400 × 900 window, as the app draws it: egui's pass, then
/// tessellation. Returns the number of meshes, so the work is not optimised away.
fn frame(ctx: &egui::Context, canvas: &mut Canvas, doc: &relmap::model::Document) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1400.0, 900.0))),
        ..Default::default()
    };
    let mut out = ctx.run_ui(input, |ui| {
        canvas.show(ui, doc, &Selection::None);
    });
    // Icons' textures, made once each: a GPU painter would upload them.
    out.textures_delta.clear();
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

/// Photo `k`: a 256-pixel square PNG of its own colours, embedded, as a portrait would be.
fn photo(k: usize) -> relmap::model::Picture {
    let image = image::RgbaImage::from_fn(256, 256, |x, y| {
        image::Rgba([
            (x as usize + k) as u8,
            (y as usize * 3 + k) as u8,
            (k * 7) as u8,
            255,
        ])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("a PNG is written to memory");
    relmap::model::Picture::embedded("image/png", &png.into_inner())
}

/// Frames until every picture on screen is decoded and uploaded: the benchmark measures the
/// frames after, with pictures drawn, not the decoding, which runs on workers.
fn warm_up(ctx: &egui::Context, canvas: &mut Canvas, doc: &relmap::model::Document) {
    for _ in 0..2_000 {
        frame(ctx, canvas, doc);
        if relmap::ui::pictures::loading(ctx) == 0 {
            frame(ctx, canvas, doc);
            if relmap::ui::pictures::loading(ctx) == 0 {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn canvas_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("canvas_frame");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    // The 10 000-entity map again with an icon on every entity (its four kinds' usual ones),
    // and then with a photo on 500 of them too (each its own, 256 pixels a side).
    for (n, icons, photos) in [
        (10_000, false, 0),
        (100_000, false, 0),
        (10_000, true, 0),
        (10_000, true, 500),
    ] {
        let mut doc = chain_map(n, 42);
        if icons {
            relmap::model::kinds::give_usual_icons(&mut doc);
        }
        let step = n / photos.max(1);
        for k in 0..photos {
            doc.entities[k * step].picture = Some(photo(k));
        }
        let suffix = match (icons, photos) {
            (_, 1..) => "_with_icons_and_photos",
            (true, 0) => "_with_icons",
            _ => "",
        };
        // Frames of a settled map: give every entity a position.
        let positions = relmap::export::positions(&doc, 0, 1);
        doc.set_layout_positions(&positions);
        let mut canvas = Canvas::new(&doc);
        let ctx = egui::Context::default();
        warm_up(&ctx, &mut canvas, &doc);
        let id = BenchmarkId::new(format!("run_and_tessellate{suffix}"), n);
        group.bench_with_input(id, &n, |b, _| b.iter(|| frame(&ctx, &mut canvas, &doc)));
        // Zoomed in on one entity and its neighbours, as when reading a part of the map:
        // most of the map is off screen, and what is on it is drawn whole, icons and all.
        canvas.zoom_to((0..20).collect());
        warm_up(&ctx, &mut canvas, &doc);
        let id = BenchmarkId::new(format!("zoomed_in{suffix}"), n);
        group.bench_with_input(id, &n, |b, _| b.iter(|| frame(&ctx, &mut canvas, &doc)));
    }
    group.finish();
}

/// The bundled map from opening to settled, as the window lays it out: canvas frames (egui
/// pass and tessellation, with the layout's steps in each) until the layout stops asking
/// for them. What the GPU and the display's refresh add is not in it; the frame count is
/// printed so that can be added.
fn settle(c: &mut Criterion) {
    let mut group = c.benchmark_group("settle");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let doc = relmap::io::bundled_map().expect("the bundled map loads");
    let ctx = egui::Context::default();
    let settle = || {
        let mut canvas = Canvas::new(&doc);
        let mut frames = 0;
        while canvas.is_layout_running() || frames == 0 {
            assert!(frames < 10_000, "the bundled map never settled");
            frame(&ctx, &mut canvas, &doc);
            frames += 1;
        }
        frames
    };
    eprintln!("the bundled map settles in {} frames", settle());
    group.bench_function("bundled_map_in_window", |b| b.iter(settle));
    group.finish();
}

/// Whole-window frames of a 10 000-entity map while its layout runs, with the sidebar and
/// the inspector open on a selected entity, as the user sees it: the app's frame (menus,
/// panels, canvas, egui's pass) and tessellation. The layout is restarted whenever it comes
/// to rest, so every frame is one with the layout running. Run once with the layout on its
/// worker thread (as the real window runs it) and once inline, a few ticks in each frame (as
/// before), to show what moving it off the frame saves. The target is 33 ms a frame.
fn window_frame(c: &mut Criterion) {
    use egui_kittest::Harness;
    use relmap::ui::commands::{Action, UiCommand};
    use relmap::ui::{RelmapApp, Settings, Startup};

    let mut group = c.benchmark_group("window_frame");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    for worker in [true, false] {
        let doc = chain_map(10_000, 42);
        let first = doc.entities[0].id.clone();
        let mut app = RelmapApp::with_settings(
            Startup::File {
                path: "bench.json".into(),
                doc: Box::new(doc),
            },
            Settings::default(),
        );
        if worker {
            app.run_layout_on_worker(&egui::Context::default());
        }
        app.apply(Action::Select(Selection::Entity(first)));
        let mut h = Harness::builder()
            .with_size(vec2(1400.0, 900.0))
            .build_eframe(move |_cc| app);
        let name = if worker {
            "10k_layout_running_on_worker"
        } else {
            "10k_layout_running_inline"
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                if !h.state().is_layout_running() {
                    h.state_mut()
                        .apply(Action::Command(UiCommand::RestartLayout));
                }
                h.step();
                let out = h.output();
                h.ctx
                    .tessellate(out.shapes.clone(), out.pixels_per_point)
                    .len()
            })
        });
    }
    // The source reader open on a 200 000-word source of the bundled map, its highlights
    // computed: the frames a user scrolling it gets.
    let mut doc = relmap::io::bundled_map().expect("the bundled map loads");
    let words = [
        "the",
        "Taliban",
        "said",
        "that",
        "Anas Haqqani",
        "was",
        "not",
        "there",
    ];
    let mut text = String::new();
    for w in 0..200_000usize {
        text.push_str(words[w % words.len()]);
        text.push(if w % 23 == 22 { '\n' } else { ' ' });
    }
    doc.sources[0].text = text;
    let source = doc.sources[0].id.clone();
    let mut app = RelmapApp::with_settings(
        Startup::File {
            path: "bench.json".into(),
            doc: Box::new(doc),
        },
        Settings::default(),
    );
    app.apply(Action::ReadSource(source));
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |_cc| app);
    h.run();
    group.bench_function("reader_200k_words", |b| {
        b.iter(|| {
            h.step();
            let out = h.output();
            h.ctx
                .tessellate(out.shapes.clone(), out.pixels_per_point)
                .len()
        })
    });
    group.finish();
}

/// Marking where a long source names the map's entities, as the reader and the entity
/// inspector do: a 200 000-word text against a 10 000-entity map (the target: under
/// 100 ms), and checking every quote of a map against such a text.
fn mentions(c: &mut Criterion) {
    use relmap::query::mentions::MentionFinder;
    let mut group = c.benchmark_group("sources");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let doc = chain_map(10_000, 42);
    // 200 000 words: filler words with an entity's name every 40 words, deterministic.
    let mut text = String::new();
    let filler = [
        "the",
        "group",
        "said",
        "that",
        "officials",
        "were",
        "not",
        "aware",
    ];
    for w in 0..200_000usize {
        if w % 40 == 0 {
            text.push_str(&doc.entities[(w * 7919) % doc.entities.len()].name);
        } else {
            text.push_str(filler[w % filler.len()]);
        }
        text.push(if w % 17 == 16 { '\n' } else { ' ' });
    }
    group.bench_function("mark_mentions_200k_words_10k_entities", |b| {
        b.iter(|| MentionFinder::new(&doc).find(&text).len())
    });
    group.finish();
}

/// The data table's questions on 100 000 entities (`query::table`): rows in the map's order,
/// sorted by name, and filtered by a word, as the window asks them when a key changes.
fn table_rows(c: &mut Criterion) {
    use relmap::query::table::{Column, RowQuery, entity_rows};
    let mut group = c.benchmark_group("table");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let doc = chain_map(100_000, 42);
    let shown = vec![true; doc.entities.len()];
    for (name, query) in [
        ("rows_100k", RowQuery::default()),
        (
            "sorted_by_name_100k",
            RowQuery {
                text: String::new(),
                sort: Some((Column::Name, false)),
            },
        ),
        (
            "filtered_by_a_word_100k",
            RowQuery {
                text: "entity 4".into(),
                sort: None,
            },
        ),
    ] {
        group.bench_function(name, |b| b.iter(|| entity_rows(&doc, &shown, &query).len()));
    }
    group.finish();
}

criterion_group!(
    benches,
    layout_step,
    quality,
    load,
    canvas_frame,
    settle,
    window_frame,
    mentions,
    table_rows
);
criterion_main!(benches);
