//! The case store's speed, on both engines: fuzzy search over misspelt names (with how often
//! the right entity is in the top ten), expanding one entity, expanding two hops around a hub
//! of 1 000 relations, and applying one edit.
//!
//! `benches/store/run.sh` makes the benchmark's case (1 000 000 entities, 2 000 000 relations,
//! 1 000 000 claims, as FollowTheMoney JSON lines), imports it with relmap into SQLite and
//! PostgreSQL and with the peer, and runs this with:
//! - `RELMAP_BENCH_SQLITE`: the SQLite store holding case `bench`;
//! - `RELMAP_BENCH_PG`: the PostgreSQL URL holding case `bench`;
//! - `RELMAP_BENCH_QUERIES`: the 50 misspelt names and the ids they should find.
//!
//! Without them it makes a case of 20 000 entities itself (python3 benches/store/make_case.py)
//! in a SQLite file under target/, so `cargo bench --bench store` runs anywhere; the numbers
//! in docs/PERFORMANCE.md are from run.sh. p50, p99 and the top-ten count are printed and
//! written to target/criterion/store-summary.json.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The allocator the relmap binary runs with (see src/main.rs), so that the benchmark measures
/// what a user runs: with the system's, a two-hop expansion spent a third of its time in
/// malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use relmap::store::{ApplyMode, ExpandRequest, Store};

#[path = "store/setup.rs"]
mod setup;
use setup::{percentile, setup};

/// p50 and p99 of `f` over `runs` calls, in milliseconds.
fn latencies(runs: usize, mut f: impl FnMut(usize)) -> (f64, f64) {
    let mut ms: Vec<f64> = (0..runs)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 50.0), percentile(&ms, 99.0))
}

fn store_bench(c: &mut Criterion) {
    let (stores, queries) = setup();
    let mut summary = serde_json::Map::new();
    for (engine, location) in &stores {
        let mut store = Store::open(location).expect("the benchmark's store opens");
        store.set_analyst("bench");
        let mut found = 0;
        for q in &queries {
            let hits = store.search("bench", &q.query, 10).expect("search");
            found += usize::from(hits.iter().any(|h| h.id == q.id));
        }
        let (s50, s99) = latencies(queries.len() * 2, |i| {
            let q = &queries[i % queries.len()];
            store.search("bench", &q.query, 10).expect("search");
        });
        let one = |id: &str| ExpandRequest {
            seeds: vec![id.to_owned()],
            hops: 1,
            kinds: Vec::new(),
            limit: 10_000,
        };
        let (e50, e99) = latencies(queries.len() * 2, |i| {
            store
                .expand("bench", &one(&queries[i % queries.len()].id))
                .expect("expand");
        });
        let hub = ExpandRequest {
            hops: 2,
            limit: 100_000,
            ..one("hub")
        };
        let hub_entities = store
            .expand("bench", &hub)
            .expect("expand")
            .doc
            .entities
            .len();
        let (h50, h99) = latencies(10, |_| {
            store.expand("bench", &hub).expect("expand");
        });
        let seed = ExpandRequest {
            hops: 0,
            ..one(&queries[0].id)
        };
        let mut map = store.expand("bench", &seed).expect("expand").doc;
        let mut edit = |store: &mut Store, n: usize| {
            map.entities[0].summary = format!("edit {n}");
            let report = store
                .apply("bench", &map, ApplyMode::AllOrNothing)
                .expect("apply");
            assert!(report.committed);
            map = report.doc;
        };
        let mut n = 0;
        let (a50, a99) = latencies(100, |_| {
            n += 1;
            edit(&mut store, n);
        });
        let line = serde_json::json!({
            "search_p50_ms": s50, "search_p99_ms": s99,
            "search_found_in_top_10": found, "queries": queries.len(),
            "expand_one_p50_ms": e50, "expand_one_p99_ms": e99,
            "expand_hub_two_hops_p50_ms": h50, "expand_hub_two_hops_p99_ms": h99,
            "expand_hub_two_hops_entities": hub_entities,
            "apply_one_edit_p50_ms": a50, "apply_one_edit_p99_ms": a99,
        });
        println!("store {engine}: {line}");
        summary.insert(engine.clone(), line);

        let mut group = c.benchmark_group(format!("store/{engine}"));
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(5));
        let mut i = 0;
        group.bench_function("search misspelt name", |b| {
            b.iter(|| {
                i += 1;
                store
                    .search("bench", &queries[i % queries.len()].query, 10)
                    .expect("search")
            })
        });
        group.bench_function("expand one entity", |b| {
            b.iter(|| {
                i += 1;
                store
                    .expand("bench", &one(&queries[i % queries.len()].id))
                    .expect("expand")
            })
        });
        group.bench_function("expand two hops around the hub", |b| {
            b.iter(|| store.expand("bench", &hub).expect("expand"))
        });
        group.bench_function("apply one edit", |b| {
            b.iter(|| {
                n += 1;
                edit(&mut store, n)
            })
        });
        group.finish();
    }
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/criterion");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(
        out.join("store-summary.json"),
        serde_json::to_string_pretty(&serde_json::Value::Object(summary)).unwrap_or_default(),
    );
}

criterion_group!(benches, store_bench);
criterion_main!(benches);
