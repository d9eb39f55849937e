//! Comparing and merging large maps (`relmap::compare`): the diff and the three-way merge of
//! two 100 000-entity versions of one map, each side with 1 % of its entities and relations
//! changed (summaries rewritten, relations removed, entities and claims added), beside git's
//! own textual three-way merge of the same three files (`git merge-file`), which knows nothing
//! of entities or claims, as the peer. Results go to docs/PERFORMANCE.md.

use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use relmap::compare::{diff, matching, merge};
use relmap::io::generate::chain_map;
use relmap::model::{Document, Entity, EntityId};

/// One side: every hundredth entity's summary rewritten, every hundredth relation removed
/// (from `offset`, so the two sides touch different items), and 1 % more entities added.
fn side(base: &Document, offset: usize, tag: &str) -> Document {
    let mut doc = base.clone();
    for e in doc.entities.iter_mut().skip(offset).step_by(100) {
        e.summary = format!("{tag}: rewritten");
    }
    let mut k = 0;
    doc.relations.retain(|_| {
        k += 1;
        !(k + offset).is_multiple_of(100)
    });
    let n = base.entities.len() / 100;
    for i in 0..n {
        doc.entities.push(Entity::new(
            EntityId::new(format!("{tag}-{i}")),
            format!("{tag} {i}"),
            "person",
        ));
    }
    doc
}

fn compare(c: &mut Criterion) {
    let base = chain_map(100_000, 7);
    let ours = side(&base, 3, "ours");
    let theirs = side(&base, 57, "theirs");
    let mut group = c.benchmark_group("compare");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("diff_100k_1pc", |b| {
        b.iter(|| diff::diff(&base, &ours, diff::Options::default()).len())
    });
    group.bench_function("merge_100k_1pc_each_side", |b| {
        b.iter(|| merge::merge(&base, &ours, &theirs).doc.entities.len())
    });
    // Two maps built apart: theirs calls every entity and relation by an id of its own, and
    // writes names in capitals; matching finds them all again by name and kind, then the
    // relations by their ends.
    let apart = {
        let mut doc = base.clone();
        for e in &mut doc.entities {
            e.id = EntityId::new(format!("t-{}", e.id.as_str()));
            e.name = e.name.to_uppercase();
        }
        for r in &mut doc.relations {
            r.id = relmap::model::RelationId::new(format!("t-{}", r.id.as_str()));
            r.from = EntityId::new(format!("t-{}", r.from.as_str()));
            r.to = EntityId::new(format!("t-{}", r.to.as_str()));
        }
        doc
    };
    group.bench_function("match_100k_built_apart", |b| {
        b.iter(|| matching::matches(&base, &apart).len())
    });
    // The peer: git's line-based merge of the same files as relmap writes them.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |name: &str, doc: &Document| {
        let path = dir.path().join(name);
        relmap::io::save_file(doc, &path).expect("written");
        path
    };
    let (b, o, t) = (
        write("base.json", &base),
        write("ours.json", &ours),
        write("theirs.json", &theirs),
    );
    let git = Command::new("git").arg("--version").output();
    if git.is_ok_and(|o| o.status.success()) {
        group.bench_function("git_merge_file_100k_1pc_each_side", |bench| {
            bench.iter(|| {
                Command::new("git")
                    .args(["merge-file", "-p"])
                    .arg(&o)
                    .arg(&b)
                    .arg(&t)
                    .output()
                    .map(|out| out.stdout.len())
                    .unwrap_or(0)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, compare);
criterion_main!(benches);
