//! The case store on SQLite: every scenario of tests/store/scenarios.rs, on a fresh file each,
//! and the command line as the README shows it.

mod store;

use assert_cmd::Command;
use store::scenarios;

macro_rules! on_sqlite {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            let dir = tempfile::tempdir().expect("a temporary directory");
            scenarios::$name(&scenarios::sqlite_in(dir.path(), "case"));
        }
    )*};
}

on_sqlite!(
    bundled_map_round_trips,
    a_case_keeps_its_groups_member_by_member,
    every_import_fixture_round_trips,
    exported_case_imports_unchanged,
    search_finds_known_answers,
    search_corrects_misspelt_short_words,
    expand_gives_the_neighbourhood,
    expand_two_hops_with_a_limit,
    a_wide_expansion_reads_every_row,
    reimport_adds_nothing_twice,
    reimport_keeps_search_counts_true,
    the_change_log_says_who_changed_what,
    a_colleagues_commit_is_signalled_and_nothing_else_is,
    apply_adds_updates_and_deletes,
    two_clients_one_entity_one_conflict,
    what_fits_writes_the_rest,
    hostile_names_are_data,
    older_schema_migrates_forward,
    every_statement_filters_by_case,
    cases_are_kept_apart,
    each_analyst_has_their_own_positions,
    a_missing_case_is_named,
    a_hubs_counts_stay_exact_through_edits,
    many_hands_on_one_hub,
    followthemoney_streams_as_the_file_reads,
    a_bad_line_imports_nothing,
    an_item_given_twice_the_later_wins,
    a_reader_that_fails_midway_imports_nothing,
    node_link_streams_as_the_file_reads,
);

#[test]
fn every_scenario_runs_on_sqlite() {
    // The list above and scenarios::ALL must not drift apart.
    let here = include_str!("store_sqlite.rs");
    for (name, _) in scenarios::ALL {
        assert!(
            here.contains(&format!("    {name},\n")),
            "{name} is not run on SQLite"
        );
    }
}

#[test]
fn eight_clients_edit_at_once() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let seconds = if cfg!(feature = "ui") { 30 } else { 5 };
    scenarios::eight_clients_edit_at_once(&scenarios::sqlite_in(dir.path(), "case"), seconds);
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = scenarios::sqlite_in(dir.path(), "case");
    drop(scenarios::create(&path));
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute(
        "INSERT INTO relmap_schema (version, applied_at) VALUES (99, 'later')",
        [],
    )
    .expect("insert");
    let err = relmap::store::Store::open(&path).err().expect("refused");
    assert_eq!(err.kind, relmap::store::ErrorKind::Schema);
    assert!(err.message.contains("newer relmap"), "{err}");
}

#[test]
fn a_file_that_is_not_a_store_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "not a database, just notes\n".repeat(200)).expect("write");
    let before = std::fs::read(&path).expect("read");
    let err = relmap::store::Store::open(&path.display().to_string())
        .err()
        .expect("refused");
    assert!(err.location.contains("notes.txt"), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    let missing = dir.path().join("nothing.relmap.db");
    let err = relmap::store::Store::open(&missing.display().to_string())
        .err()
        .expect("no store");
    assert!(err.message.contains("relmap store import"), "{err}");
    assert!(!missing.exists(), "opening made a file");
}

fn relmap(dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("relmap").expect("the binary");
    c.current_dir(dir).env("RELMAP_ANALYST", "tester");
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().expect("relmap runs");
    assert!(
        out.status.success(),
        "{c:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The README's walk through the store, word for word.
#[test]
fn the_command_line_walk_through() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    let map = scenarios::root().join("assets/haqqani_network.json");
    let out = stdout(relmap(d).args(["store", "import"]).arg(&map).args([
        "--into",
        "case.relmap.db",
        "--case",
        "haqqani",
    ]));
    assert!(
        out.contains("added 40 entities, 71 relations, 1 source"),
        "{out}"
    );
    let out = stdout(relmap(d).args(["store", "cases", "case.relmap.db"]));
    assert!(
        out.starts_with("haqqani\t40 entities, 71 relations, 88 claims, 1 source"),
        "{out}"
    );
    let out = stdout(relmap(d).args([
        "store",
        "search",
        "case.relmap.db",
        "--case",
        "haqqani",
        "sirajudin haqani",
    ]));
    assert!(
        out.lines()
            .next()
            .is_some_and(|l| l.contains("sirajuddin-haqqani\tSirajuddin Haqqani\tperson")),
        "{out}"
    );
    let out = stdout(relmap(d).args([
        "store",
        "expand",
        "case.relmap.db",
        "--case",
        "haqqani",
        "sirajuddin-haqqani",
        "--hops",
        "1",
        "-o",
        "siraj.json",
    ]));
    assert!(out.contains("siraj.json: written"), "{out}");
    assert!(out.contains("more not in the map"), "{out}");
    // Edit the map as the window would, and apply it.
    let path = d.join("siraj.json");
    let mut doc = relmap::io::load_file(&path).expect("the expansion reads");
    doc.entity_mut("sirajuddin-haqqani").expect("seed").summary = "Leads the network.".into();
    let stale = doc.clone();
    relmap::io::save_file(&doc, &path).expect("save");
    let out = stdout(relmap(d).args([
        "store",
        "apply",
        "case.relmap.db",
        "--case",
        "haqqani",
        "siraj.json",
    ]));
    assert!(out.contains("updated 1 entity"), "{out}");
    // A second analyst's stale copy conflicts, names the item, shows both values, and exits 2.
    let mut theirs = stale;
    theirs
        .entity_mut("sirajuddin-haqqani")
        .expect("seed")
        .summary = "Something else.".into();
    relmap::io::save_file(&theirs, &d.join("stale.json")).expect("save");
    let before = std::fs::read(d.join("stale.json")).expect("read");
    let out = relmap(d)
        .args([
            "store",
            "apply",
            "case.relmap.db",
            "--case",
            "haqqani",
            "stale.json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("conflict: entity \"sirajuddin-haqqani\""),
        "{text}"
    );
    assert!(
        text.contains("Something else.") && text.contains("Leads the network."),
        "{text}"
    );
    assert_eq!(
        std::fs::read(d.join("stale.json")).expect("read"),
        before,
        "map file untouched"
    );
    let out = stdout(relmap(d).args([
        "store",
        "export",
        "case.relmap.db",
        "--case",
        "haqqani",
        "-o",
        "case.graphml",
    ]));
    assert!(out.contains("case.graphml: written (GraphML"), "{out}");
    let back = relmap::io::formats::open_file(&d.join("case.graphml")).expect("reads");
    assert_eq!(back.doc.entities.len(), 40);
    // Reading commands never make a store.
    let out = relmap(d)
        .args([
            "store",
            "search",
            "typo.relmap.db",
            "--case",
            "haqqani",
            "x",
        ])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no store here"));
    assert!(!d.join("typo.relmap.db").exists());
}

/// Two hops in a real case reach hundreds of entities that leave neighbours out: `store
/// expand` names the twenty that leave out most and sums the rest.
#[test]
fn expand_names_the_entities_that_leave_out_most_and_sums_the_rest() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    let mut wide = scenarios::wide_case();
    // One entity leaves out more than the others, so it comes first.
    let mut extra = wide.relations[0].clone();
    extra.id = relmap::model::RelationId::new("extra");
    extra.from = relmap::model::EntityId::new("n7");
    extra.to = relmap::model::EntityId::new("o9");
    extra.claims.clear();
    wide.relations.push(extra);
    relmap::io::save_file(&wide, &d.join("wide.json")).expect("save");
    stdout(relmap(d).args([
        "store",
        "import",
        "wide.json",
        "--into",
        "case.relmap.db",
        "--case",
        "wide",
    ]));
    let out = stdout(relmap(d).args([
        "store",
        "expand",
        "case.relmap.db",
        "--case",
        "wide",
        "hub",
        "--limit",
        "100000",
        "-o",
        "x.json",
    ]));
    let named: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("more not in the map"))
        .collect();
    assert_eq!(named.len(), 20, "{out}");
    assert!(named[0].starts_with("Near 7 (n7): 2 more"), "{out}");
    assert!(
        out.contains("… and 2180 more entities with neighbours not in the map (2180 in all)"),
        "{out}"
    );
}
