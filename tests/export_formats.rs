//! Handing maps back to other tools: relmap → GraphML, GEXF, node-link JSON and CSV → relmap
//! loses nothing, and networkx reads what relmap writes with the same counts and attributes.

use std::path::Path;
use std::process::Command;

use relmap::io::formats::OutFormat;
use relmap::io::{self, formats};
use relmap::model::{AttrValue, Document, PartialDate, Period};

/// The bundled map, with what version 2 adds: typed attributes, relation attributes, an
/// entity period, an undirected relation.
fn rich_map() -> Document {
    let mut doc = io::bundled_map().unwrap();
    let e = &mut doc.entities[0];
    e.attributes
        .insert("born".into(), AttrValue::Number("1939".parse().unwrap()));
    e.attributes.insert("alive".into(), AttrValue::Bool(false));
    e.attributes.insert(
        "designated".into(),
        AttrValue::Date {
            date: PartialDate::new("2012-09"),
        },
    );
    e.attributes
        .insert("label".into(), AttrValue::text("a reserved name"));
    e.period = Some(Period {
        from: Some(PartialDate::new("1939~")),
        to: Some(PartialDate::new("2018")),
        extra: Default::default(),
    });
    doc.relations[0]
        .attributes
        .insert("weight".into(), AttrValue::Number("2.5".parse().unwrap()));
    doc.relations[1].directed = false;
    doc
}

/// Every format relmap writes, with a file name for each.
const EVERY_FORMAT: [(OutFormat, &str); 4] = [
    (OutFormat::GraphMl, "map.graphml"),
    (OutFormat::Gexf, "map.gexf"),
    (OutFormat::NodeLink, "map.json"),
    (OutFormat::Csv, "map.csv"),
];

fn write_and_read(doc: &Document, dir: &Path, format: OutFormat, name: &str) -> Document {
    let path = dir.join(name);
    let written = formats::write_file(doc, &path, format).unwrap();
    let opened = match format {
        OutFormat::Csv => {
            let read = |p: &Path| std::fs::read(p).unwrap();
            let (n, e, m) = (read(&written[0]), read(&written[1]), read(&written[2]));
            let (doc, _) = formats::table::read_pair(
                (&n, "nodes"),
                (&e, "edges"),
                Some((&m, "map")),
                "t",
                &Default::default(),
            )
            .unwrap();
            doc
        }
        _ => formats::open_file(&path).unwrap().doc,
    };
    assert!(relmap::model::validate(&opened).is_empty());
    opened
}

/// The bundled map with two groups, one inside the other and folded, one with a kind and a
/// colour.
fn grouped_map() -> Document {
    use relmap::model::{EntityId, Group, GroupId};
    let mut doc = io::bundled_map().unwrap();
    let ids: Vec<EntityId> = doc.entities.iter().map(|e| e.id.clone()).collect();
    let mut family = Group::new(GroupId::new("family"), "Haqqani family", ids[..2].to_vec());
    family.kind = "family".into();
    family.color = Some("#aa3377".into());
    let mut inner = Group::new(GroupId::new("sons"), "Sons", ids[2..4].to_vec());
    inner.parent = Some(GroupId::new("family"));
    inner.folded = true;
    doc.groups = vec![family, inner];
    let mut note = relmap::model::Note::new(
        "note-1",
        "**Disputed**: [the article](https://example.org)",
        relmap::model::Position::new(20.0, -40.0),
    );
    note.on = Some(relmap::model::NoteTarget::Group(GroupId::new("family")));
    doc.notes = vec![
        note,
        relmap::model::Note::new("note-2", "free", relmap::model::Position::new(1.5, 2.0)),
    ];
    assert!(relmap::model::validate(&doc).is_empty());
    doc
}

#[test]
fn notes_ride_along_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = grouped_map();
    doc.groups.clear();
    doc.notes[0].on = Some(relmap::model::NoteTarget::Entity(
        doc.entities[0].id.clone(),
    ));
    for (format, name) in EVERY_FORMAT {
        let back = write_and_read(&doc, dir.path(), format, name);
        assert_eq!(back.notes, doc.notes, "{name}");
    }
}

#[test]
fn groups_round_trip_through_graphml_as_yed_nested_graphs_and_networkx_reads_their_members() {
    let dir = tempfile::tempdir().unwrap();
    let doc = grouped_map();
    let back = write_and_read(&doc, dir.path(), OutFormat::GraphMl, "g.graphml");
    assert_eq!(back.groups, doc.groups);
    assert_eq!(io::to_json_string(&back), io::to_json_string(&doc));
    let script = r#"
import sys
import networkx as nx
g = nx.read_graphml(sys.argv[1])
print(g.number_of_nodes(), g.number_of_edges())
"#;
    let output = Command::new(python_with_networkx())
        .args(["-c", script, dir.path().join("g.graphml").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let counts = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        counts.trim(),
        format!("{} {}", doc.entities.len() + 2, doc.relations.len()),
        "every entity (and each group node) and relation"
    );
}

#[test]
fn every_format_round_trips_the_bundled_map_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = io::bundled_map().unwrap();
    for (format, name) in EVERY_FORMAT {
        let back = write_and_read(&bundled, dir.path(), format, name);
        assert_eq!(
            back, bundled,
            "{name}: every entity, relation, claim and source"
        );
        assert_eq!(io::to_json_string(&back), io::BUNDLED_MAP_JSON, "{name}");
    }
}

#[test]
fn typed_attributes_periods_and_direction_survive_every_format_and_a_second_round() {
    let dir = tempfile::tempdir().unwrap();
    let doc = rich_map();
    for (format, name) in EVERY_FORMAT {
        let once = write_and_read(&doc, dir.path(), format, name);
        assert_eq!(once, doc, "{name}");
        let first = std::fs::read(dir.path().join(name)).ok();
        let twice = write_and_read(&once, dir.path(), format, name);
        assert_eq!(
            io::to_json_string(&twice),
            io::to_json_string(&doc),
            "{name}"
        );
        assert_eq!(
            std::fs::read(dir.path().join(name)).ok(),
            first,
            "{name}: same bytes again"
        );
    }
}

#[test]
fn an_edit_made_in_another_tool_wins_over_the_carried_data() {
    let dir = tempfile::tempdir().unwrap();
    let doc = io::bundled_map().unwrap();
    let path = dir.path().join("m.graphml");
    formats::write_file(&doc, &path, OutFormat::GraphMl).unwrap();
    // As Gephi would after a rename in its data laboratory.
    let text = std::fs::read_to_string(&path).unwrap();
    let old = format!("<data key=\"n_label\">{}</data>", doc.entities[0].name);
    assert!(text.contains(&old));
    let text = text.replacen(&old, "<data key=\"n_label\">Renamed in Gephi</data>", 1);
    std::fs::write(&path, text).unwrap();
    let back = formats::open_file(&path).unwrap().doc;
    assert_eq!(back.entities[0].name, "Renamed in Gephi");
    assert_eq!(
        back.entities[0].aliases, doc.entities[0].aliases,
        "the rest is carried"
    );
}

/// networkx, installed if it is missing (the fixtures' scripts pin this version).
fn python_with_networkx() -> &'static str {
    let has = |py: &str| {
        Command::new(py)
            .args(["-c", "import networkx"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !has("python3") {
        let installed = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "networkx==3.6.1"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            installed && has("python3"),
            "networkx cannot be installed: pip install networkx==3.6.1"
        );
    }
    "python3"
}

#[test]
fn networkx_reads_relmaps_graphml_gexf_and_node_link_with_the_same_counts_and_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let doc = rich_map();
    for (format, name) in [
        (OutFormat::GraphMl, "n.graphml"),
        (OutFormat::Gexf, "n.gexf"),
        (OutFormat::NodeLink, "n.json"),
    ] {
        formats::write_file(&doc, &dir.path().join(name), format).unwrap();
    }
    let script = r#"
import json, sys
import networkx as nx
d = sys.argv[1]
out = {}
for name, g in [
    ("graphml", nx.read_graphml(d + "/n.graphml")),
    ("gexf", nx.read_gexf(d + "/n.gexf")),
    ("node_link", nx.node_link_graph(json.load(open(d + "/n.json")), edges="links")),
]:
    first = g.nodes[next(iter(g.nodes))]
    out[name] = {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "born": first.get("born"),
        "alive": first.get("alive"),
        "kind": first.get("kind"),
        "reserved": first.get("attribute:label"),
        "weights": sorted(w for _, _, w in g.edges(data="weight") if w is not None),
        "colour": first.get("viz", {}).get("color") or [first.get(c) for c in "rgb"],
        "start": first.get("start"),
    }
print(json.dumps(out))
"#;
    let output = Command::new(python_with_networkx())
        .args(["-c", script, dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for name in ["graphml", "gexf", "node_link"] {
        let r = &read[name];
        assert_eq!(r["nodes"], doc.entities.len(), "{name}");
        assert_eq!(r["edges"], doc.relations.len(), "{name}");
        assert_eq!(r["born"].as_f64(), Some(1939.0), "{name}: {r}");
        assert_eq!(r["alive"], false, "{name}: {r}");
        assert_eq!(r["kind"], doc.entities[0].kind.as_str(), "{name}");
        assert_eq!(r["reserved"], "a reserved name", "{name}");
        assert_eq!(r["weights"], serde_json::json!([2.5]), "{name}");
    }
    // Gephi's readers see the look and the period: the kind's colour and the first day.
    let [red, green, blue] = relmap::look::entity_style(&doc.styles, &doc.entities[0].kind).color;
    assert_eq!(read["gexf"]["colour"]["r"], red, "{read}");
    assert_eq!(read["gexf"]["colour"]["b"], blue);
    assert_eq!(
        read["graphml"]["colour"],
        serde_json::json!([red, green, blue])
    );
    assert_eq!(
        read["gexf"]["start"], "1939-01-01",
        "the period's first day"
    );
}

#[test]
fn convert_reads_any_format_and_refuses_to_write_over_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let relmap = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_relmap"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/haqqani_network.json");
    let out = relmap(&["convert", bundled.to_str().unwrap(), "map.csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("map.nodes.csv: written (CSV tables, 40 entities"),
        "{stdout}"
    );
    let out = relmap(&[
        "convert",
        "map.nodes.csv",
        "--edges",
        "map.edges.csv",
        "--map",
        "map.map.csv",
        "back.json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("back.json")).unwrap(),
        io::BUNDLED_MAP_JSON
    );
    let out = relmap(&["convert", "back.json", "back.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is the file being read"));
    let out = relmap(&["convert", "back.json", "back.dot"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell the format"));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let out = relmap(&[
        "convert",
        fixtures.join("lesmis.gexf").to_str().unwrap(),
        "lesmis.graphml",
    ]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("read as GEXF"),
        "the report"
    );
}
