//! The peers the benchmark runs beside relmap: Graphviz's neato and sfdp (Debian's
//! `graphviz`), d3-force and ForceAtlas2 through Node (`cd benches && npm install`), and
//! networkx's Louvain for the built-in graphs' communities (`benches/graphs/louvain.py`).

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::graphs::Graph;

/// Positions from a Graphviz layout program, and how long it took (start-up included).
pub fn graphviz(tool: &str, g: &Graph) -> Option<(Vec<[f32; 2]>, Duration)> {
    let n = g.names.len();
    let mut dot = String::from("graph G {\n");
    for i in 0..n {
        dot.push_str(&format!("  {i};\n"));
    }
    for (a, b) in &g.links {
        dot.push_str(&format!("  {a} -- {b};\n"));
    }
    dot.push_str("}\n");
    let start = Instant::now();
    let mut child = Command::new(tool)
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(dot.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let t = start.elapsed();
    let mut p = vec![[0.0f32; 2]; n];
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.first() == Some(&"node")
            && let (Some(i), Some(x), Some(y)) = (
                f.get(1).and_then(|s| s.parse::<usize>().ok()),
                f.get(2).and_then(|s| s.parse::<f32>().ok()),
                f.get(3).and_then(|s| s.parse::<f32>().ok()),
            )
            && i < n
        {
            // Graphviz's plain output is in inches; relmap's link length is 90 points.
            p[i] = [x * 72.0, -y * 72.0];
        }
    }
    Some((p, t))
}

/// Positions from benches/layouts.mjs (`tool` d3 or fa2), and the layout's own time.
pub fn node_layout(tool: &str, g: &Graph) -> Option<(Vec<[f32; 2]>, Duration)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/benches");
    if !std::path::Path::new(dir).join("node_modules").is_dir() {
        return None;
    }
    let links: Vec<[usize; 2]> = g.links.iter().map(|&(a, b)| [a, b]).collect();
    let input = serde_json::json!({ "n": g.names.len(), "links": links }).to_string();
    let mut child = Command::new("node")
        .arg("layouts.mjs")
        .arg(tool)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let ms = v["ms"].as_f64()?;
    let p = v["positions"]
        .as_array()?
        .iter()
        .map(|q| {
            [
                q[0].as_f64().unwrap_or(0.0) as f32,
                q[1].as_f64().unwrap_or(0.0) as f32,
            ]
        })
        .collect();
    Some((p, Duration::from_secs_f64(ms / 1e3)))
}

/// networkx's Louvain communities of `g` (seed 1), or `None` without Python and networkx.
pub fn louvain(g: &Graph) -> Option<Vec<usize>> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/graphs/louvain.py");
    let links: Vec<[usize; 2]> = g.links.iter().map(|&(a, b)| [a, b]).collect();
    let input = serde_json::json!({ "n": g.names.len(), "links": links }).to_string();
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    if !out.status.success() {
        return None;
    }
    let v: Vec<usize> = serde_json::from_slice(&out.stdout).ok()?;
    (v.len() == g.names.len()).then_some(v)
}
