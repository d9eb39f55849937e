//! The window's frames while the case store answers: a working set of 5 000 entities of the
//! benchmark's case (1 000 000 entities when benches/store/run.sh sets `RELMAP_BENCH_SQLITE`
//! and `RELMAP_BENCH_PG`; else the 20 000-entity case of benches/store/setup.rs), the layout
//! running on its worker, and one entity after another expanded on the store's worker. Each
//! sample is one expand, from the ask to the answer taken into the view; what it measures is
//! the longest frame in it (the app's frame and tessellation, as window_frame in
//! benches/layout.rs). The target is no frame over 33 ms. The longest frame of every expand
//! and the frames' p50 and p99 are printed and written to
//! target/criterion/case-window-summary.json.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use egui::vec2;
use egui_kittest::Harness;
use relmap::model::EntityId;
use relmap::ui::commands::Action;
use relmap::ui::{RelmapApp, Settings, Startup};

#[path = "store/setup.rs"]
mod setup;

/// The entities pulled into view before the expands.
const WORKING_SET: usize = 5_000;
/// The first entity expanded ("e10000"), past the working set; the next expand takes the next.
const FIRST_SEED: usize = 10_000;

type H = Harness<'static, RelmapApp>;

/// One frame as the user gets it: the app's frame and its tessellation; its time.
fn frame(h: &mut H) -> Duration {
    let start = Instant::now();
    h.step();
    let out = h.output();
    let _ = h.ctx.tessellate(out.shapes.clone(), out.pixels_per_point);
    start.elapsed()
}

/// Steps frames until `done`, at most ten minutes; the frames' times.
fn frames_until(h: &mut H, what: &str, done: impl Fn(&RelmapApp) -> bool) -> Vec<Duration> {
    let start = Instant::now();
    let mut times = Vec::new();
    while !done(h.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "waited ten minutes for {what}"
        );
        times.push(frame(h));
        std::thread::sleep(Duration::from_millis(1));
    }
    times
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn case_window(c: &mut Criterion) {
    let (stores, _) = setup::setup();
    let mut summary = serde_json::Map::new();
    for (engine, location) in stores {
        let mut app = RelmapApp::with_settings(
            Startup::Case {
                location: location.clone(),
                case: Some("bench".into()),
            },
            Settings::default(),
        );
        app.native_dialogs = false;
        app.run_layout_on_worker(&egui::Context::default());
        let mut h: H = Harness::builder()
            .with_size(vec2(1400.0, 900.0))
            .with_max_steps(100_000)
            .build_eframe(move |_cc| app);
        frames_until(&mut h, "the case to open", |a| {
            a.case_status().is_some_and(|s| s.contains(", connected")) && !a.case_busy()
        });
        let ids: Vec<EntityId> = (1..=WORKING_SET)
            .map(|i| EntityId::new(format!("e{i}")))
            .collect();
        h.state_mut().apply(Action::PullEntities(ids));
        frames_until(&mut h, "the working set", |a| {
            !a.case_busy() && a.document().entities.len() >= WORKING_SET
        });
        let in_view = h.state().document().entities.len();
        let mut all = Vec::new();
        let mut longest = Vec::new();
        let mut next = 0usize;
        let mut expand = |h: &mut H| {
            // Entities far from the working set's ids, each with neighbours the view does not
            // hold.
            let seed = EntityId::new(format!("e{}", FIRST_SEED + next));
            next += 1;
            h.state_mut()
                .apply(Action::PullEntities(vec![seed.clone()]));
            frames_until(h, "the seed", |a| !a.case_busy());
            h.state_mut().apply(Action::Expand {
                seeds: vec![seed],
                kinds: Vec::new(),
            });
            let times = frames_until(h, "the expand", |a| !a.case_busy());
            times.into_iter().max().unwrap_or_default()
        };
        let mut group = c.benchmark_group(format!("case_window/{engine}"));
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(20));
        group.bench_function("longest frame while an expand runs, 5k in view", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let t = expand(&mut h);
                    longest.push(ms(t));
                    total += t;
                }
                total
            })
        });
        group.finish();
        // The frames of a few more expands, every one counted, for p50 and p99.
        for _ in 0..10 {
            let seed = EntityId::new(format!("e{}", FIRST_SEED + next));
            next += 1;
            h.state_mut()
                .apply(Action::PullEntities(vec![seed.clone()]));
            frames_until(&mut h, "the seed", |a| !a.case_busy());
            h.state_mut().apply(Action::Expand {
                seeds: vec![seed],
                kinds: Vec::new(),
            });
            all.extend(
                frames_until(&mut h, "the expand", |a| !a.case_busy())
                    .into_iter()
                    .map(ms),
            );
        }
        all.sort_by(f64::total_cmp);
        longest.sort_by(f64::total_cmp);
        let line = serde_json::json!({
            "working_set": in_view,
            "expands": longest.len(),
            "longest_frame_ms_max": longest.last().copied().unwrap_or_default(),
            "longest_frame_ms_p50": setup::percentile(&longest, 50.0),
            "frames": all.len(),
            "frame_ms_p50": setup::percentile(&all, 50.0),
            "frame_ms_p99": setup::percentile(&all, 99.0),
            "frames_over_33_ms": longest.iter().filter(|&&t| t > 33.0).count(),
        });
        println!("case_window {engine}: {line}");
        summary.insert(engine, line);
    }
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/criterion");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(
        out.join("case-window-summary.json"),
        serde_json::to_string_pretty(&serde_json::Value::Object(summary)).unwrap_or_default(),
    );
}

criterion_group!(benches, case_window);
criterion_main!(benches);
