//! The case a store benchmark runs on, shared by benches/store.rs and benches/case_window.rs:
//! the stores named by `RELMAP_BENCH_SQLITE` and `RELMAP_BENCH_PG` with the queries of
//! `RELMAP_BENCH_QUERIES` (benches/store/run.sh sets them to its 1 000 000-entity case), or
//! else a 20 000-entity case made once under target/bench-store.

#![allow(dead_code)] // Each benchmark uses part of it.

use std::path::PathBuf;

use relmap::store::Store;

#[derive(Clone)]
pub struct Query {
    pub query: String,
    pub id: String,
}

fn queries(path: &str) -> Vec<Query> {
    let text = std::fs::read_to_string(path).expect("the queries file");
    let value: serde_json::Value = serde_json::from_str(&text).expect("the queries are JSON");
    value
        .as_array()
        .expect("a list of queries")
        .iter()
        .map(|q| Query {
            query: q["query"].as_str().unwrap_or_default().to_owned(),
            id: q["id"].as_str().unwrap_or_default().to_owned(),
        })
        .collect()
}

/// The stores to measure, by engine name, and the queries.
pub fn setup() -> (Vec<(String, String)>, Vec<Query>) {
    let mut stores = Vec::new();
    if let Ok(path) = std::env::var("RELMAP_BENCH_SQLITE") {
        stores.push(("sqlite".to_owned(), path));
    }
    if let Ok(url) = std::env::var("RELMAP_BENCH_PG") {
        stores.push(("postgres".to_owned(), url));
    }
    if let (false, Ok(q)) = (stores.is_empty(), std::env::var("RELMAP_BENCH_QUERIES")) {
        return (stores, queries(&q));
    }
    // A small case of our own.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-store");
    std::fs::create_dir_all(&dir).expect("target/bench-store");
    let file = dir.join("small.ijson");
    let q = dir.join("small_queries.json");
    let db = dir.join("small.relmap.db");
    if !db.exists() {
        let status = std::process::Command::new("python3")
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/store/make_case.py"))
            .arg(&file)
            .arg(&q)
            .arg("20000")
            .status()
            .expect("python3 runs make_case.py");
        assert!(status.success());
        let mut store = Store::create(&db.display().to_string()).expect("the store");
        let mut reader = relmap::io::formats::ftm_stream::Reader::open(&file).expect("the case");
        let meta = relmap::model::Document {
            title: "bench".into(),
            ..Default::default()
        };
        store
            .import_items("bench", &meta, &mut reader, &mut |_| {})
            .expect("the import");
    }
    (
        vec![("sqlite".to_owned(), db.display().to_string())],
        queries(&q.display().to_string()),
    )
}

/// The `p`th percentile of `sorted` (nearest rank); 0 when it is empty.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((p / 100.0) * sorted.len().saturating_sub(1) as f64).round() as usize;
    sorted
        .get(i.min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}
