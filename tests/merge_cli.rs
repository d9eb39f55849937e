//! `relmap diff`, `relmap merge` and the git merge driver, run as a user (and git) runs them:
//! two analysts' versions of the bundled map, diffed, merged, and merged by `git merge` on two
//! branches of a repository.

use std::path::Path;
use std::process::{Command, Output};

use relmap::model::Document;

fn relmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relmap"))
        .args(args)
        .output()
        .expect("the relmap binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn save(doc: &Document, path: &Path) {
    relmap::io::save_file(doc, path).unwrap();
}

/// The bundled map, and two analysts' versions: one rewrites a summary and quotes the article
/// on a relation, the other renames an entity and quotes it too.
fn versions() -> (Document, Document, Document) {
    let base = relmap::io::bundled_map().unwrap();
    let mut ours = base.clone();
    ours.entities[0].summary = "Ours: a new summary.".into();
    let mut claim = relmap::edit::ops::new_claim(&base.sources[0].id);
    claim.quote = "We are the Taliban.".into();
    ours.relations[0].claims.push(claim.clone());
    let mut theirs = base.clone();
    theirs.entities[1].name = "Theirs: renamed".into();
    claim.quote = "the Taliban and the Haqqani Network are separate entities".into();
    theirs.relations[0].claims.push(claim);
    (base, ours, theirs)
}

#[test]
fn diff_lists_the_changes_in_text_json_and_markdown_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let (base, ours, _) = versions();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    save(&base, &a);
    save(&ours, &b);
    let out = relmap(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("summary: "), "{said}");
    assert!(
        said.contains("+ claim: someone asserts: \"We are the Taliban.\""),
        "{said}"
    );
    let json = relmap(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let changes: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(changes.as_array().unwrap().len(), 2, "{changes}");
    assert_eq!(changes[0]["what"]["change"], "changed");
    let md = relmap(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    assert!(text(&md.stdout).starts_with("**0 added, 0 removed, 2 changed**"));
    let same = relmap(&["diff", a.to_str().unwrap(), a.to_str().unwrap()]);
    assert_eq!(same.status.code(), Some(0));
    assert!(same.stdout.is_empty());
}

#[test]
fn merge_keeps_both_sides_and_both_claims_and_records_a_clash() {
    let dir = tempfile::tempdir().unwrap();
    let (base, ours, mut theirs) = versions();
    let p = |n: &str| dir.path().join(n);
    save(&base, &p("base.json"));
    save(&ours, &p("ours.json"));
    save(&theirs, &p("theirs.json"));
    let merge = || {
        relmap(&[
            "merge",
            p("base.json").to_str().unwrap(),
            p("ours.json").to_str().unwrap(),
            p("theirs.json").to_str().unwrap(),
            "-o",
            p("merged.json").to_str().unwrap(),
        ])
    };
    let out = merge();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let merged = relmap::io::load_file(&p("merged.json")).unwrap();
    assert_eq!(merged.entities[0].summary, "Ours: a new summary.");
    assert_eq!(merged.entities[1].name, "Theirs: renamed");
    assert_eq!(
        merged.relations[0].claims.len(),
        base.relations[0].claims.len() + 2
    );

    // The same summary rewritten both ways: a conflict, in the map, and exit code 1.
    theirs.entities[0].summary = "Theirs: another summary.".into();
    save(&theirs, &p("theirs.json"));
    let out = merge();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains(&format!("entity \"{}\": summary", base.entities[0].id)));
    let merged = relmap::io::load_file(&p("merged.json")).unwrap();
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.entities[0].summary, base.entities[0].summary);
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "relmap test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "relmap test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .output()
        .expect("git runs")
}

#[test]
fn git_merges_two_branches_through_the_driver() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let ok = |o: Output| assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    ok(git(repo, &["init", "-q", "-b", "main"]));
    // The README's two lines.
    std::fs::write(repo.join(".gitattributes"), "*.json merge=relmap\n").unwrap();
    let driver = format!("{} merge-driver %O %A %B %P", env!("CARGO_BIN_EXE_relmap"));
    ok(git(repo, &["config", "merge.relmap.driver", &driver]));
    let (base, ours, theirs) = versions();
    let map = repo.join("map.json");
    save(&base, &map);
    ok(git(repo, &["add", "."]));
    ok(git(repo, &["commit", "-q", "-m", "base"]));
    ok(git(repo, &["checkout", "-q", "-b", "theirs"]));
    save(&theirs, &map);
    ok(git(repo, &["commit", "-q", "-am", "theirs"]));
    ok(git(repo, &["checkout", "-q", "main"]));
    save(&ours, &map);
    ok(git(repo, &["commit", "-q", "-am", "ours"]));
    ok(git(repo, &["merge", "-q", "--no-edit", "theirs"]));
    let merged = relmap::io::load_file(&map).unwrap();
    assert_eq!(merged.entities[1].name, "Theirs: renamed");
    assert_eq!(merged.entities[0].summary, "Ours: a new summary.");
    assert!(merged.conflicts.is_empty());
}

/// The README's example: Amina's and Ben's versions in assets/versions, diffed and merged as
/// the README shows.
#[test]
fn the_readme_example_of_two_analysts_merges_as_shown() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = root.join("assets/haqqani_network.json");
    let (amina, ben) = (
        root.join("assets/versions/amina.json"),
        root.join("assets/versions/ben.json"),
    );
    let out = relmap(&["diff", base.to_str().unwrap(), amina.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(&said),
        "the README shows the diff as it is:\n{said}"
    );

    let dir = tempfile::tempdir().unwrap();
    let merged_path = dir.path().join("merged.json");
    let out = relmap(&[
        "merge",
        base.to_str().unwrap(),
        amina.to_str().unwrap(),
        ben.to_str().unwrap(),
        "-o",
        merged_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "one conflict remains");
    let merged = relmap::io::load_file(&merged_path).unwrap();
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(
        merged.conflicts[0].place(),
        "entity \"anas-haqqani\": summary"
    );
    let allied = merged.relation("haqqanis-allied-taliban").unwrap();
    assert_eq!(
        allied.claims.len(),
        5,
        "three of the base's, Amina's and Ben's"
    );
    assert!(merged.entity("jerry-dunleavy").is_some());
    assert!(
        merged
            .entity("isis-k")
            .unwrap()
            .summary
            .ends_with("Kabul airport bombing.")
    );
}
