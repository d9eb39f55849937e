//! The command line, run as a user would run it.

mod hostile;

use std::process::{Command, Output};

fn relmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relmap"))
        .args(args)
        .output()
        .expect("the relmap binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_accepts_the_bundled_map() {
    let out = relmap(&["check", "assets/haqqani_network.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "assets/haqqani_network.json: ok (40 entities, 71 relations, 88 claims, 1 source)\n"
    );
}

#[test]
fn check_names_an_icon_relmap_lacks_and_suggests_others_and_a_rules_mistake_by_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = relmap::io::bundled_map().unwrap();
    doc.styles.entities.get_mut("person").unwrap().icon = Some("user-ninja".into());
    let path = dir.path().join("icons.json");
    relmap::io::save_file(&doc, &path).unwrap();
    let out = relmap(&["check", path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "an unknown icon is drawn as none, not refused"
    );
    let said = text(&out.stdout);
    assert!(
        said.contains(
            "style for entity kind \"person\": relmap has no icon \"user-ninja\" (perhaps user,"
        ),
        "{said}"
    );

    let text_of = std::fs::read_to_string(&path).unwrap().replace(
        "\"entities\": {\n      \"country\"",
        "\"rules\": [{\"measure\": \"degree\", \"set\": \"size\", \"from\": 1}],\n    \"entities\": {\n      \"country\"",
    );
    std::fs::write(&path, text_of).unwrap();
    let out = relmap(&["check", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(
        said.contains("styles.rules[0]") && said.contains("both \"from\" and \"to\""),
        "{said}"
    );
}

#[test]
fn check_names_a_note_whose_target_is_gone_and_export_leaves_notes_out_when_asked() {
    use relmap::model::{EntityId, Note, NoteTarget, Position};
    let dir = tempfile::tempdir().unwrap();
    let mut doc = relmap::io::bundled_map().unwrap();
    let mut gone = Note::new("n1", "on a deleted entity", Position::new(1.0, 1.0));
    gone.on = Some(NoteTarget::Entity(EntityId::new("nobody")));
    doc.notes = vec![
        gone,
        Note::new("n2", "a free note", Position::new(0.0, 0.0)),
    ];
    let path = dir.path().join("notes.json");
    relmap::io::save_file(&doc, &path).unwrap();
    let out = relmap(&["check", path.to_str().unwrap()]);
    assert!(out.status.success(), "a dangling note is kept, not refused");
    let said = text(&out.stdout);
    assert!(
        said.contains("note \"n1\": it is attached to entity \"nobody\", which is not in the map"),
        "{said}"
    );
    let svg = dir.path().join("m.svg");
    let with = relmap(&[
        "export",
        path.to_str().unwrap(),
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert!(with.status.success(), "{}", text(&with.stderr));
    assert!(
        std::fs::read_to_string(&svg)
            .unwrap()
            .contains("a free note")
    );
    let without = relmap(&[
        "export",
        path.to_str().unwrap(),
        "-o",
        svg.to_str().unwrap(),
        "--no-notes",
    ]);
    assert!(without.status.success());
    assert!(
        !std::fs::read_to_string(&svg)
            .unwrap()
            .contains("a free note")
    );
}

#[test]
fn convert_groups_an_organisations_members_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grouped.graphml");
    let run = relmap(&[
        "convert",
        "assets/haqqani_network.json",
        out.to_str().unwrap(),
        "--group-members",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        text(&run.stdout).contains("2 group(s) of members"),
        "{}",
        text(&run.stdout)
    );
    let back = relmap::io::formats::open_file(&out).unwrap().doc;
    let names: Vec<&str> = back.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Taliban members", "Haqqani Network members"]);
}

#[test]
fn table_writes_the_relations_filtered_and_sorted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("relations.csv");
    let run = relmap(&[
        "table",
        "assets/haqqani_network.json",
        "--relations",
        "--filter",
        "taliban",
        "--sort",
        "-claims",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let csv_text = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv_text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("id,from,to,kind,label,directed")
    );
    let first = lines.next().unwrap();
    assert!(first.starts_with("haqqanis-part-of-taliban,"), "{first}");
    let bad = relmap(&[
        "table",
        "assets/haqqani_network.json",
        "--relations",
        "--sort",
        "weight",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("no column \"weight\""),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn check_prints_every_problem_of_every_file_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format": "relmap", "version": 1,
            "entities": [{"id": "a", "name": "A", "kind": "person"}, {"id": "a", "name": "A2", "kind": "person"}],
            "relations": [{"id": "r", "from": "a", "to": "zz", "kind": "leads"}]}"#,
    )
    .unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"format\": ").unwrap();
    let bad = bad.to_str().unwrap();
    let broken = broken.to_str().unwrap();

    let out = relmap(&["check", "assets/haqqani_network.json", bad, broken]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(stdout.contains("haqqani_network.json: ok"), "{stdout}");
    assert!(stderr.contains(&format!("{bad}: 2 problems:")), "{stderr}");
    assert!(stderr.contains("entity \"a\": duplicate id"), "{stderr}");
    assert!(
        stderr.contains("relation \"r\": \"to\" names an unknown entity \"zz\""),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{broken}:1:11: not valid JSON")),
        "{stderr}"
    );
}

#[test]
fn check_needs_a_file() {
    let out = relmap(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("FILES"), "{}", text(&out.stderr));
}

#[test]
fn opening_a_missing_file_fails_before_any_window_with_the_reason() {
    let out = relmap(&["/nonexistent/map.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("relmap: cannot read /nonexistent/map.json: "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn export_refuses_a_png_past_the_pixel_limit_and_max_pixels_allows_it() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("map.png");
    let png_arg = png.to_str().unwrap();
    let map = "assets/haqqani_network.json";
    let out = relmap(&["export", map, "-o", png_arg, "--scale", "8"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("megapixels allowed"), "{err}");
    assert!(err.contains("--max-pixels"), "{err}");
    assert!(!png.exists(), "nothing is written");

    let out = relmap(&[
        "export",
        map,
        "-o",
        png_arg,
        "--scale",
        "8",
        "--max-pixels",
        "100000000",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(png.is_file());
}

#[test]
fn check_accepts_a_map_with_a_byte_order_mark_and_old_and_approximate_dates() {
    let out = relmap(&["check", "tests/fixtures/dates_numbers_positions.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dir = tempfile::tempdir().unwrap();
    let bom = dir.path().join("notepad.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read("assets/haqqani_network.json").unwrap());
    std::fs::write(&bom, bytes).unwrap();
    let out = relmap(&["check", bom.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn check_quotes_verifies_the_bundled_map_and_names_a_changed_quote_with_its_nearest_passage() {
    let out = relmap(&["check", "--quotes", "assets/haqqani_network.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("quotes ok: 88 verified, 0 not, 0 without a source text"),
        "{}",
        text(&out.stdout)
    );

    // One word of one quote changed: that claim fails, with the sentence it came from.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("changed.json");
    let original = std::fs::read_to_string("assets/haqqani_network.json").unwrap();
    let changed = original.replacen(
        "\"quote\": \"Anas Haqqani, brother of a Haqqani Network member",
        "\"quote\": \"Anas Haqqani, cousin of a Haqqani Network member",
        1,
    );
    assert_ne!(changed, original);
    std::fs::write(&path, changed).unwrap();
    let out = relmap(&["check", "--quotes", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("the quote is not in the source"), "{err}");
    assert!(
        err.contains("Anas Haqqani, brother of a Haqqani Network member"),
        "the nearest passage is quoted: {err}"
    );
    assert!(text(&out.stdout).contains("quotes failed: 87 verified, 1 not"));
}

#[test]
fn anchor_records_where_each_quote_is_and_leaves_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unanchored.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("assets/haqqani_network.json").unwrap())
            .unwrap();
    // The map without its anchors.
    let mut doc = doc;
    for r in doc["relations"].as_array_mut().unwrap() {
        for c in r["claims"].as_array_mut().unwrap() {
            c.as_object_mut().unwrap().remove("anchor");
        }
    }
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let out = relmap(&["check", "--quotes", path.to_str().unwrap()]);
    assert!(!out.status.success(), "unanchored quotes do not pass");
    assert!(text(&out.stderr).contains("but not anchored there"));

    let out = relmap(&["anchor", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("88 quotes anchored, 0 not found"));
    let out = relmap(&["check", "--quotes", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn claims_writes_the_claims_table_and_the_dispute_table_as_csv_or_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("claims.csv");
    let out = relmap(&[
        "claims",
        "assets/haqqani_network.json",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = std::fs::read_to_string(&csv).unwrap();
    assert!(table.starts_with("relation,from,relation caption,to,stance,claimant,"));
    assert_eq!(table.lines().count(), 89, "a header and 88 claims");

    let md = dir.path().join("disputes.md");
    let out = relmap(&[
        "claims",
        "assets/haqqani_network.json",
        "--disputes",
        "-o",
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = std::fs::read_to_string(&md).unwrap();
    assert!(table.contains("US State Department"), "{table}");
    assert!(table.contains("| Haqqani Network one and the same? Taliban |"));
}

#[test]
fn export_can_keep_only_well_graded_claims() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("graded.json");
    let original = std::fs::read_to_string("assets/haqqani_network.json").unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&original).unwrap();
    doc["relations"][0]["claims"][0]["credibility"] = serde_json::json!(2);
    doc["relations"][1]["claims"][0]["credibility"] = serde_json::json!(5);
    std::fs::write(&map, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let svg = dir.path().join("graded.svg");
    let out = relmap(&[
        "export",
        map.to_str().unwrap(),
        "-o",
        svg.to_str().unwrap(),
        "--max-credibility",
        "3",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let figure = std::fs::read_to_string(&svg).unwrap();
    let xml = roxmltree::Document::parse(&figure).unwrap();
    let relations = xml
        .descendants()
        .find(|n| n.attribute("id") == Some("relations"))
        .unwrap();
    let drawn = relations
        .children()
        .filter(|n| n.has_tag_name("path"))
        .count();
    assert_eq!(drawn, 1, "only the relation graded 2 is drawn");

    let out = relmap(&[
        "export",
        map.to_str().unwrap(),
        "-o",
        svg.to_str().unwrap(),
        "--min-reliability",
        "Z",
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("is not a reliability grade: use A to F"));
}

#[test]
fn source_text_reads_a_page_into_a_source_and_anchors_its_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("assets/haqqani_network.json").unwrap())
            .unwrap();
    let source = doc["sources"][0].as_object_mut().unwrap();
    source.remove("text");
    for r in doc["relations"].as_array_mut().unwrap() {
        for c in r["claims"].as_array_mut().unwrap() {
            c.as_object_mut().unwrap().remove("anchor");
        }
    }
    std::fs::write(&map, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    // The article as a web page.
    let article = std::fs::read_to_string("assets/haqqani_network.json").unwrap();
    let article: serde_json::Value = serde_json::from_str(&article).unwrap();
    let body = article["sources"][0]["text"].as_str().unwrap();
    let paragraphs: String = body
        .split("\n\n")
        .map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('<', "&lt;")))
        .collect();
    let page = dir.path().join("article.html");
    std::fs::write(&page, format!("<html><body>{paragraphs}</body></html>")).unwrap();

    let id = article["sources"][0]["id"].as_str().unwrap();
    let out = relmap(&[
        "source-text",
        map.to_str().unwrap(),
        id,
        page.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("88 quotes anchored, 0 not found"));
    let out = relmap(&["check", "--quotes", map.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = relmap(&[
        "source-text",
        map.to_str().unwrap(),
        "nope",
        page.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("there is no source \"nope\""));
}

#[test]
fn layout_writes_the_map_with_positions_the_same_for_a_seed() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    for out in [&a, &b] {
        let run = relmap(&[
            "layout",
            "assets/haqqani_network.json",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(run.status.success(), "{}", text(&run.stderr));
        assert!(text(&run.stdout).contains("40 entities laid out (stress), normalised stress"));
    }
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        "deterministic"
    );
    let doc = relmap::io::load_file(&a).unwrap();
    assert!(doc.entities.iter().all(|e| e.position.is_some()));
    let run = relmap(&[
        "layout",
        "assets/haqqani_network.json",
        "-o",
        a.to_str().unwrap(),
        "--algorithm",
        "circle",
    ]);
    assert!(!run.status.success(), "an unknown algorithm is refused");
}

#[test]
fn a_multilevel_layout_draws_a_large_grid_as_a_grid() {
    let dir = tempfile::tempdir().unwrap();
    let (map, out) = (dir.path().join("grid.graphml"), dir.path().join("out.json"));
    let side = 45;
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\
         <graph edgedefault=\"undirected\">",
    );
    for i in 0..side * side {
        xml += &format!("<node id=\"n{i}\"/>");
        if i % side + 1 < side {
            xml += &format!("<edge source=\"n{i}\" target=\"n{}\"/>", i + 1);
        }
        if i + side < side * side {
            xml += &format!("<edge source=\"n{i}\" target=\"n{}\"/>", i + side);
        }
    }
    xml += "</graph></graphml>";
    std::fs::write(&map, xml).unwrap();
    let run = relmap(&[
        "layout",
        map.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--algorithm",
        "multilevel",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let said = text(&run.stdout);
    let stress: f64 = said
        .split("normalised stress ")
        .nth(1)
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| panic!("{said}"));
    assert!(
        said.contains("2025 entities laid out (multilevel)"),
        "{said}"
    );
    // neato reaches 0.012 on a 30 × 30 grid, sfdp 0.025.
    assert!(stress < 0.03, "{said}");
}

#[test]
fn export_colours_by_community_with_a_legend_of_communities() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("map.svg");
    let out = relmap(&[
        "export",
        "assets/haqqani_network.json",
        "-o",
        svg.to_str().unwrap(),
        "--colour-by",
        "community",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let figure = std::fs::read_to_string(&svg).unwrap();
    assert!(
        figure.contains("community 1 ("),
        "the legend lists communities"
    );
    // The largest community's colour fills entities.
    assert!(figure.matches(r##"fill="#4e79a7""##).count() > 2);
    let out = relmap(&[
        "export",
        "assets/haqqani_network.json",
        "-o",
        "x.svg",
        "--colour-by",
        "mood",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_and_convert_refuse_hostile_files_with_a_message_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let files = hostile::refusals();
    for (name, bytes, says) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let file = path.to_str().unwrap();
        let out = relmap(&["check", file]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", text(&out.stderr));
        let said = text(&out.stdout) + &text(&out.stderr);
        assert!(said.contains(file) && said.contains(says), "{name}: {said}");
        let written = dir.path().join("out.json");
        let out = relmap(&["convert", file, written.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(says),
            "{name}: {}",
            text(&out.stderr)
        );
        assert!(!written.exists(), "{name}: nothing is written");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} is untouched");
    }
}

/// `relmap table`: the entities as CSV, filtered and sorted as the window's data table, and a
/// column that is not there named with the ones that are.
#[test]
fn table_writes_the_entities_as_csv_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("entities.csv");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_relmap"))
            .args(["table", "assets/haqqani_network.json", "-o"])
            .arg(&out)
            .args(args)
            .output()
            .unwrap()
    };
    let done = run(&["--filter", "haqqani", "--sort", "-name"]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let mut reader = csv::Reader::from_path(&out).unwrap();
    assert_eq!(&reader.headers().unwrap()[1], "name");
    let names: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_owned()).collect();
    assert!(names.len() > 5 && names.len() < 40);
    assert!(
        names
            .windows(2)
            .all(|w| w[0].to_lowercase() >= w[1].to_lowercase()),
        "{names:?}"
    );
    let refused = run(&["--sort", "nope"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("its columns are id, name"));
}

/// Output piped into a reader that has stopped (`relmap store search ... | head -1`): the
/// command ends quietly and successfully, as Unix tools do, and does not report a bug.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("case.relmap.db");
    let store = store.to_str().unwrap();
    let made = relmap(&[
        "store",
        "import",
        "assets/haqqani_network.json",
        "--into",
        store,
        "--case",
        "haqqani",
    ]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    for args in [
        &["check", "assets/haqqani_network.json"][..],
        &["store", "search", store, "--case", "haqqani", "haqqani"][..],
    ] {
        // The reading end is closed before relmap starts, so its first write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_relmap"))
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "", "{args:?}");
    }
}
