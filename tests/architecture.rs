//! The house rules of `src/`, read from the code (see docs/ARCHITECTURE.md):
//! - modules do not import each other in a circle;
//! - the document core never names egui, eframe, egui_graphs, rfd or the `ui` module;
//! - no source file is over 600 lines unless its module doc says it is one cohesive thing;
//! - SQL, and the database crates, are only in `src/store`.
//!
//! A module is a file, except that a file starting its code with `use super::*;` is a piece of
//! its parent split off for length (the canvas's `impl Canvas` blocks, say) and counts as part
//! of it. Tests (`#[cfg(test)]` onwards) are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;
const UI_CRATES: [&str; 4] = ["egui", "eframe", "egui_graphs", "rfd"];

struct Module {
    path: Vec<String>,
    file: PathBuf,
    code: String,
    lines: usize,
    doc: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn modules() -> Vec<Module> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|file| {
            let rel = file.strip_prefix(&src).unwrap().with_extension("");
            let mut path: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(path.as_slice(), [one] if one == "lib" || one == "main") {
                return None;
            }
            if path.last().is_some_and(|l| l == "mod") {
                path.pop();
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let lines = text.lines().count();
            let doc = text
                .lines()
                .take_while(|l| l.starts_with("//!"))
                .collect::<Vec<_>>()
                .join("\n");
            let code = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            Some(Module {
                path,
                file,
                code,
                lines,
                doc,
            })
        })
        .collect()
}

/// The module each file counts as: its own, or its parent's when it is a split-off piece.
fn owner(m: &Module) -> Vec<String> {
    let piece = m
        .code
        .lines()
        .find(|l| l.starts_with("use ") || l.starts_with("pub use "))
        .is_some_and(|l| l.trim() == "use super::*;");
    if piece {
        m.path[..m.path.len() - 1].to_vec()
    } else {
        m.path.clone()
    }
}

/// The module paths `code` (in module `at`) refers to through `crate::` and `super::`.
fn references(code: &str, at: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", at[..at.len().saturating_sub(1)].to_vec()),
    ] {
        let mut rest = code;
        while let Some(i) = rest.find(prefix) {
            let before = rest[..i].chars().last();
            rest = &rest[i + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut path = base.clone();
            let mut tail = rest;
            loop {
                let ident: String = tail
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if ident.is_empty() {
                    break;
                }
                tail = &tail[ident.len()..];
                if ident == "super" {
                    path.pop();
                } else {
                    path.push(ident);
                }
                if let Some(t) = tail.strip_prefix("::") {
                    tail = t;
                    if let Some(group) = tail.strip_prefix('{') {
                        // `a::{b, c::d}`: each item.
                        let end = group.find('}').unwrap_or(group.len());
                        for item in group[..end].split(',') {
                            let first: String = item
                                .trim()
                                .chars()
                                .take_while(|c| c.is_alphanumeric() || *c == '_')
                                .collect();
                            if !first.is_empty() && first != "self" {
                                let mut p = path.clone();
                                p.push(first);
                                out.push(p);
                            }
                        }
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push(path);
        }
    }
    out
}

#[test]
fn no_module_imports_another_in_a_circle() {
    let modules = modules();
    let known: BTreeSet<Vec<String>> = modules.iter().map(owner).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for m in &modules {
        let from = owner(m);
        for mut target in references(&m.code, &m.path) {
            while !target.is_empty() && !known.contains(&target) {
                target.pop();
            }
            if !target.is_empty() && target != from {
                edges.entry(from.clone()).or_default().insert(target);
            }
        }
    }
    // Depth-first search for a cycle.
    fn visit(
        n: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        match state.get(n) {
            Some(2) => return None,
            Some(1) => {
                let start = stack.iter().position(|s| s == n).unwrap_or(0);
                let mut cycle = stack[start..].to_vec();
                cycle.push(n.clone());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(n.clone(), 1);
        stack.push(n.clone());
        for next in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(next, edges, state, stack) {
                return Some(c);
            }
        }
        stack.pop();
        state.insert(n.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if let Some(cycle) = visit(n, &edges, &mut state, &mut Vec::new()) {
            let names: Vec<String> = cycle.iter().map(|p| p.join("::")).collect();
            panic!("an import cycle: {}", names.join(" -> "));
        }
    }
    assert!(
        edges.contains_key(&vec!["ui".to_owned(), "canvas".to_owned()]),
        "the check sees the window's imports"
    );
}

#[test]
fn the_core_never_names_the_window() {
    for m in modules() {
        if m.path.first().is_some_and(|p| p == "ui") {
            continue;
        }
        for krate in UI_CRATES {
            for pattern in [format!("{krate}::"), format!("use {krate}")] {
                assert!(
                    !m.code.lines().any(|l| {
                        let l = l.trim_start();
                        l.starts_with(&pattern) || l.contains(&format!(" {pattern}"))
                    }) || m.code.contains("#[cfg(feature = \"ui\")]"),
                    "{} names {krate}",
                    m.file.display()
                );
            }
        }
        let names_ui = m.code.contains("crate::ui::") || m.code.contains("crate::ui;");
        assert!(
            !names_ui || m.code.contains("#[cfg(feature = \"ui\")]"),
            "{} uses the window outside the ui feature",
            m.file.display()
        );
    }
}

#[test]
fn sql_lives_only_in_the_store() {
    // The database crates, and the words SQL statements start with, appear only in
    // src/store.
    let sql = [
        "SELECT ",
        "INSERT INTO",
        "UPDATE ",
        "DELETE FROM",
        "CREATE TABLE",
    ];
    for m in modules() {
        if m.path.first().is_some_and(|p| p == "store") {
            continue;
        }
        for krate in ["rusqlite", "postgres", "tokio_postgres"] {
            assert!(
                !m.code.contains(&format!("{krate}::"))
                    && !m.code.contains(&format!("use {krate}")),
                "{} names {krate}: database code belongs in src/store",
                m.file.display()
            );
        }
        for word in sql {
            assert!(
                !m.code.contains(&format!("\"{word}")),
                "{} has an SQL statement ({word:?}): SQL belongs in src/store",
                m.file.display()
            );
        }
    }
}

#[test]
fn source_files_stay_small_enough_to_read_in_one_sitting() {
    let long: Vec<String> = modules()
        .into_iter()
        .filter(|m| m.lines > MAX_LINES && !m.doc.contains("cohesive"))
        .map(|m| format!("{} ({} lines)", m.file.display(), m.lines))
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines without saying why they are one cohesive thing: {long:?}"
    );
}
