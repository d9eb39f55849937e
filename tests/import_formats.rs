//! Opening the files people already have, written by the tools that make them (the scripts
//! beside the fixtures in tests/fixtures/formats): each import is checked against the counts
//! the tool itself reported, and against what it should map where.

use std::path::{Path, PathBuf};

use relmap::io::formats::{self, Format, Note, Opened, table};
use relmap::model::{AttrValue, Stance, validate};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn open(name: &str) -> Opened {
    let opened = formats::open_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(validate(&opened.doc).is_empty(), "{name} makes a valid map");
    opened
}

/// What the tool said the file holds.
fn counts(file: &str, name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(fixture(file)).unwrap();
    let all: serde_json::Value = serde_json::from_str(&text).unwrap();
    all[name].clone()
}

fn count(v: &serde_json::Value, key: &str) -> usize {
    v[key].as_u64().unwrap() as usize
}

#[test]
fn networkx_files_open_with_the_counts_networkx_reports() {
    for (name, format) in [
        ("lesmis.graphml", Format::GraphMl),
        ("lesmis.gexf", Format::Gexf),
        ("lesmis_node_link.json", Format::NodeLink),
        ("typed_multi.graphml", Format::GraphMl),
        ("typed_multi_node_link.json", Format::NodeLink),
        ("dynamic_viz.gexf", Format::Gexf),
    ] {
        let opened = open(name);
        let expected = counts("counts.json", name);
        assert_eq!(opened.format, format, "{name}");
        assert!(opened.is_foreign());
        assert_eq!(
            opened.doc.entities.len(),
            count(&expected, "nodes"),
            "{name}"
        );
        assert_eq!(
            opened.doc.relations.len(),
            count(&expected, "edges"),
            "{name}"
        );
        assert_eq!(
            opened.report.problems().count(),
            0,
            "{name}: {}",
            opened.report
        );
    }
}

#[test]
fn graphml_keeps_types_direction_labels_and_parallel_edges() {
    let doc = open("typed_multi.graphml").doc;
    let jala = doc.entities.iter().find(|e| e.id.as_str() == "1").unwrap();
    assert_eq!(jala.name, "Jalaluddin Haqqani");
    assert_eq!(jala.kind, "person");
    assert_eq!(
        jala.attributes["born"],
        AttrValue::Number("1939".parse().unwrap())
    );
    assert_eq!(jala.attributes["alive"], AttrValue::Bool(false));
    assert_eq!(
        jala.attributes["score"],
        AttrValue::Number("0.75".parse().unwrap())
    );
    let between: Vec<_> = doc
        .relations
        .iter()
        .filter(|r| r.from.as_str() == "1" && r.to.as_str() == "2")
        .collect();
    assert_eq!(between.len(), 2, "parallel edges stay apart");
    assert!(between.iter().all(|r| r.directed));
    assert_eq!(between[0].label, "founded");
    assert_eq!(
        between[1].attributes["weight"],
        AttrValue::Number("0.5".parse().unwrap())
    );
    let lesmis = open("lesmis.graphml").doc;
    assert!(
        lesmis.relations.iter().all(|r| !r.directed),
        "edgedefault undirected"
    );
}

#[test]
fn yed_graphics_give_name_position_and_colour_and_groups_become_groups() {
    let opened = open("yed_groups.graphml");
    let doc = &opened.doc;
    let haqqani = doc
        .entities
        .iter()
        .find(|e| e.id.as_str() == "haqqani")
        .unwrap();
    assert_eq!(haqqani.name, "Haqqani Network");
    let p = haqqani.position.as_ref().unwrap();
    assert_eq!((p.x, p.y), (160.0, 55.0), "the centre of y:Geometry");
    assert_eq!(haqqani.attributes["color"], AttrValue::text("#e15759"));
    // yEd's group node is a group of the map, not an entity, holding what is nested in it.
    assert!(doc.entity("state").is_none());
    let group = doc.group("state").expect("the group");
    assert_eq!(group.name, "US government");
    assert_eq!(group.color.as_deref(), Some("#ffcc00"));
    assert!(!group.folded);
    let members: Vec<&str> = group.members.iter().map(|m| m.as_str()).collect();
    assert_eq!(members, ["state-dept", "pentagon"]);
    let edge = doc
        .relations
        .iter()
        .find(|r| r.from.as_str() == "haqqani")
        .unwrap();
    assert_eq!(edge.label, "part of?");
    assert_eq!(opened.report.problems().count(), 0, "{}", opened.report);
    assert!(
        opened.report.to_string().contains("1 group(s)"),
        "{}",
        opened.report
    );
}

#[test]
fn yeds_groups_round_trip_through_relmaps_graphml() {
    let doc = open("yed_groups.graphml").doc;
    let written = relmap::io::formats::write::graphml(&doc);
    assert!(written.contains("yfiles.foldertype=\"group\""), "{written}");
    let again =
        relmap::io::formats::open_bytes(written.as_bytes(), "again.graphml", Some("graphml"))
            .unwrap()
            .doc;
    assert_eq!(again.groups.len(), 1);
    assert_eq!(again.groups[0].name, "US government");
    assert_eq!(again.groups[0].members, doc.groups[0].members);
    assert_eq!(again.entities.len(), doc.entities.len());
}

#[test]
fn gexf_gives_positions_colours_sizes_and_periods() {
    let doc = open("dynamic_viz.gexf").doc;
    let anas = doc.entities.iter().find(|e| e.id.as_str() == "a").unwrap();
    assert_eq!(anas.name, "Anas Haqqani");
    let p = anas.position.as_ref().unwrap();
    assert_eq!((p.x, p.y), (10.0, -20.0), "y negated");
    assert_eq!(anas.attributes["color"], AttrValue::text("#ff0000"));
    assert_eq!(
        anas.attributes["size"],
        AttrValue::Number("12.5".parse().unwrap())
    );
    let period = anas.period.as_ref().unwrap();
    assert_eq!(period.from.as_ref().unwrap().as_str(), "2019");
    assert_eq!(period.to.as_ref().unwrap().as_str(), "2021");
    let held = &doc.relations[0];
    assert_eq!(held.label, "held at");
    assert!(held.directed);
    assert_eq!(
        held.period
            .as_ref()
            .unwrap()
            .from
            .as_ref()
            .unwrap()
            .as_str(),
        "2014"
    );
}

#[test]
fn gexf_13_and_its_namespace_spellings_are_read() {
    for ns in [
        "http://gexf.net/1.3",
        "http://www.gexf.net/1.3",
        "http://www.gexf.net/1.1draft",
    ] {
        let text = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="{ns}" xmlns:viz="{ns}/viz" version="1.3">
  <graph defaultedgetype="undirected">
    <attributes class="node"><attribute id="0" title="type" type="string"/></attributes>
    <nodes>
      <node id="n1" label="One"><attvalues><attvalue for="0" value="person"/></attvalues>
        <spells><spell start="2001-09-11" end="2001-12"/><spell start="2003"/></spells></node>
      <node id="n2" label="Two"/>
    </nodes>
    <edges><edge id="e" source="n1" target="n2" kind="allied with" weight="2"/></edges>
  </graph>
</gexf>"#
        );
        let opened = formats::open_bytes(text.as_bytes(), "g.gexf", Some("gexf")).unwrap();
        let doc = &opened.doc;
        assert_eq!(doc.entities[0].kind, "person", "{ns}");
        assert_eq!(doc.relations[0].kind, "allied with");
        assert!(!doc.relations[0].directed);
        assert_eq!(
            doc.entities[0]
                .period
                .as_ref()
                .unwrap()
                .from
                .as_ref()
                .unwrap()
                .as_str(),
            "2001-09-11"
        );
        assert_eq!(
            opened.report.problems().count(),
            1,
            "the second spell is reported"
        );
    }
}

#[test]
fn node_link_reads_d3_index_links_and_networkx_numeric_ids() {
    let d3 = r#"{"nodes": [{"name": "Myriel", "group": 1}, {"name": "Napoleon", "group": 1}],
                 "links": [{"source": 1, "target": 0, "value": 1}]}"#;
    let opened = formats::open_bytes(d3.as_bytes(), "miserables.json", Some("json")).unwrap();
    assert_eq!(opened.format, Format::NodeLink);
    let r = &opened.doc.relations[0];
    assert_eq!((r.from.as_str(), r.to.as_str()), ("1", "0"));
    assert_eq!(opened.doc.entities[1].name, "Napoleon");
    assert_eq!(
        opened.doc.entities[0].attributes["group"],
        AttrValue::Number(1.into())
    );
    let doc = open("typed_multi_node_link.json").doc;
    assert_eq!(doc.title, "Typed and parallel");
    assert!(doc.relations.iter().all(|r| r.directed));
    assert_eq!(doc.entities[0].name, "Jalaluddin Haqqani");
}

#[test]
fn stix_bundles_give_entities_relations_sources_and_opinions_as_claims() {
    let opened = open("haqqani_stix.json");
    let expected = counts("counts_stix.json", "entities");
    assert_eq!(
        opened.doc.entities.len(),
        expected.as_u64().unwrap() as usize
    );
    let all = std::fs::read_to_string(fixture("counts_stix.json")).unwrap();
    let all: serde_json::Value = serde_json::from_str(&all).unwrap();
    assert_eq!(opened.doc.relations.len(), count(&all, "relationships"));
    let doc = &opened.doc;
    let disputed = doc
        .relations
        .iter()
        .find(|r| r.kind == "attributed-to")
        .unwrap();
    assert!(disputed.is_contested());
    // The kinds STIX makes get their usual icons.
    let icon = |kind: &str| {
        doc.styles
            .entities
            .get(kind)
            .and_then(|s| s.icon.as_deref())
    };
    assert_eq!(icon("organisation"), Some("building-2"));
    assert_eq!(icon("intrusion set"), Some("swords"));
    let stances: Vec<Stance> = disputed.claims.iter().map(|c| c.stance).collect();
    assert!(stances.contains(&Stance::Denies) && stances.contains(&Stance::Asserts));
    assert!(stances.contains(&Stance::Qualifies), "neutral qualifies");
    let denial = disputed
        .claims
        .iter()
        .find(|c| c.stance == Stance::Denies)
        .unwrap();
    let state = doc
        .entities
        .iter()
        .find(|e| e.name == "US State Department")
        .unwrap();
    assert_eq!(denial.claimant.as_ref(), Some(&state.id));
    assert_eq!(
        denial.quote,
        "The Taliban and the Haqqani Network are separate entities."
    );
    let report = doc
        .sources
        .iter()
        .find(|s| s.title.contains("we are the Taliban"))
        .unwrap();
    assert_eq!(report.date.as_ref().unwrap().as_str(), "2021-10-20");
    assert_eq!(
        disputed
            .period
            .as_ref()
            .unwrap()
            .from
            .as_ref()
            .unwrap()
            .as_str(),
        "2021-08-15"
    );
    let haqqani = doc
        .entities
        .iter()
        .find(|e| e.name == "Haqqani Network")
        .unwrap();
    assert_eq!(haqqani.aliases, ["Haqqanis"]);
    assert!(
        haqqani.extra.contains_key("confidence"),
        "confidence is kept"
    );
    assert!(haqqani.extra.contains_key("external_references"));
    assert!(
        opened.report.to_string().contains("sighting"),
        "{}",
        opened.report
    );
}

#[test]
fn followthemoney_edges_come_from_the_model_and_things_become_entities() {
    let opened = open("ftm_entities.ijson");
    assert_eq!(opened.format, Format::FollowTheMoney);
    let doc = &opened.doc;
    let all = std::fs::read_to_string(fixture("counts_ftm.json")).unwrap();
    let all: serde_json::Value = serde_json::from_str(&all).unwrap();
    assert_eq!(doc.entities.len(), count(&all, "things"));
    // Four edge schemata, and the company's parent as a fifth relation.
    assert_eq!(doc.relations.len(), count(&all, "edges") + 1);
    let sira = doc
        .entities
        .iter()
        .find(|e| e.id.as_str() == "sirajuddin")
        .unwrap();
    assert_eq!(
        (sira.name.as_str(), sira.kind.as_str()),
        ("Sirajuddin Haqqani", "person")
    );
    assert_eq!(sira.aliases, ["Khalifa"]);
    assert_eq!(
        sira.period
            .as_ref()
            .unwrap()
            .from
            .as_ref()
            .unwrap()
            .as_str(),
        "1973"
    );
    let family = doc
        .relations
        .iter()
        .find(|r| r.id.as_str() == "family-1")
        .unwrap();
    assert_eq!(
        (family.from.as_str(), family.to.as_str()),
        ("sirajuddin", "jalaluddin")
    );
    assert_eq!(family.label, "son");
    assert!(!family.directed, "the model says Family is undirected");
    assert_eq!(
        family.claims.len(),
        1,
        "the source URL is a source and a claim"
    );
    let own = doc
        .relations
        .iter()
        .find(|r| r.id.as_str() == "own-1")
        .unwrap();
    assert_eq!(
        (own.from.as_str(), own.to.as_str(), own.kind.as_str()),
        ("haqqani-network", "front-company", "owns")
    );
    let dir = doc
        .relations
        .iter()
        .find(|r| r.id.as_str() == "dir-1")
        .unwrap();
    assert_eq!(
        dir.period.as_ref().unwrap().from.as_ref().unwrap().as_str(),
        "2018"
    );
    let sanction: Vec<_> = opened.report.problems().collect();
    assert!(
        sanction
            .iter()
            .any(|l| l.text.contains("Sanction") && l.line == Some(10)),
        "{}",
        opened.report
    );
}

#[test]
fn gephi_and_kumu_tables_open_alone_and_in_pairs() {
    let nodes = std::fs::read(fixture("gephi_nodes.csv")).unwrap();
    let edges = std::fs::read(fixture("gephi_edges.csv")).unwrap();
    let (doc, report) = table::read_pair(
        (&nodes, "gephi_nodes.csv"),
        (&edges, "gephi_edges.csv"),
        None,
        "gephi",
        &table::Columns::default(),
    )
    .unwrap();
    assert!(validate(&doc).is_empty());
    assert_eq!((doc.entities.len(), doc.relations.len()), (3, 3));
    assert_eq!(report.problems().count(), 0, "{report}");
    let sira = doc.entities.iter().find(|e| e.id.as_str() == "3").unwrap();
    assert!(
        sira.name.contains("\"Khalifa\"\n(interior"),
        "quotes and a line break: {}",
        sira.name
    );
    assert_eq!(
        doc.entities[0].attributes["degree"],
        AttrValue::Number(3.into())
    );
    let allied = doc
        .relations
        .iter()
        .find(|r| r.label == "allied with")
        .unwrap();
    assert!(!allied.directed, "Gephi's Type column is the direction");

    let opened = open("kumu_connections.csv");
    assert_eq!(opened.format, Format::Csv);
    assert_eq!(opened.doc.relations.len(), 2);
    let bad: Vec<_> = opened.report.problems().collect();
    assert_eq!(bad.len(), 1, "{}", opened.report);
    assert_eq!(bad[0].line, Some(4), "the broken row's line");
    let exchanged = opened
        .doc
        .relations
        .iter()
        .find(|r| r.kind == "exchanged for")
        .unwrap();
    assert!(!exchanged.directed, "mutual reads both ways");
    let elements = open("kumu_elements.csv").doc;
    assert_eq!(elements.entities[0].kind, "person");
    assert_eq!(
        elements.entities[0].attributes["Tags"],
        AttrValue::text("haqqani|prisoner")
    );
}

#[test]
fn unrecognised_columns_can_be_named() {
    let text = "who,whom,how\na,b,knows\n";
    let err = table::read_one(text.as_bytes(), "t.csv", "t", &table::Columns::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("its columns are who, whom, how"), "{err}");
    let columns = table::Columns {
        source: Some("who".into()),
        target: Some("whom".into()),
        kind: Some("how".into()),
        ..Default::default()
    };
    let (doc, _) = table::read_one(text.as_bytes(), "t.csv", "t", &columns).unwrap();
    assert_eq!(doc.relations[0].kind, "knows");
}

#[test]
fn a_broken_file_of_each_format_is_refused_with_its_line_and_the_report_says_what_was_kept() {
    for (text, ext, place) in [
        (
            "<graphml>\n<graph>\n<node id='a'>\n</graph></graphml>",
            "graphml",
            "x.graphml:4:",
        ),
        ("<gexf>\n<graph><nodes></graph>", "gexf", "x.gexf:2:"),
        ("{\"nodes\": [\n{\"id\": 1,}\n]}", "json", "x.json:2:"),
        (
            "{\"type\": \"bundle\",\n\"objects\": [}",
            "json",
            "x.json:2:",
        ),
        (
            "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {}}\n{broken\n",
            "ijson",
            "x.ijson:2:",
        ),
    ] {
        let origin = format!("x.{ext}");
        let err = formats::open_bytes(text.as_bytes(), &origin, Some(ext))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(place), "{err}");
    }
    let opened = open("lesmis.graphml");
    let (kept, _) = opened.report.of(Note::Kept);
    assert!(
        kept.iter().any(|l| l.text.contains("\"weight\"")),
        "{}",
        opened.report
    );
}

#[test]
fn an_excel_workbook_reads_its_elements_and_connections_sheets() {
    let opened = open("kumu_workbook.xlsx");
    assert_eq!(opened.format, Format::Workbook);
    let doc = &opened.doc;
    assert_eq!((doc.entities.len(), doc.relations.len()), (3, 2));
    let network = doc
        .entities
        .iter()
        .find(|e| e.name == "Haqqani Network")
        .unwrap();
    assert_eq!(network.kind, "organisation");
    assert_eq!(
        network.attributes["Founded"],
        AttrValue::Number(1970.into())
    );
    assert_eq!(
        network.attributes["Designated"],
        AttrValue::Date {
            date: relmap::model::PartialDate::new("2012-09-19")
        },
        "an Excel date is a date"
    );
    let leads = doc.relations.iter().find(|r| r.kind == "leads").unwrap();
    assert_eq!(leads.attributes["Strength"], AttrValue::Number(1.into()));
    let notes: Vec<_> = opened.report.problems().collect();
    assert_eq!(notes.len(), 1, "{}", opened.report);
    assert!(notes[0].text.contains("sheet \"Notes\" was not read"));
    let err = formats::open_bytes(b"PK\x03\x04broken", "bad.xlsx", Some("xlsx"))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("bad.xlsx: the file: starts as a zip archive, but is not a readable one"),
        "{err}"
    );
}

#[test]
fn workbooks_written_by_xlwt_odfpy_and_openpyxl_read_their_sheets() {
    for name in ["xlwt_workbook.xls", "odfpy_workbook.ods"] {
        let opened = open(name);
        assert_eq!(opened.format, Format::Workbook);
        let doc = &opened.doc;
        assert_eq!((doc.entities.len(), doc.relations.len()), (3, 2), "{name}");
        let network = doc
            .entities
            .iter()
            .find(|e| e.name == "Haqqani Network")
            .unwrap();
        assert_eq!(network.kind, "organisation", "{name}");
        assert_eq!(
            network.attributes["Founded"],
            AttrValue::Number(1970.into()),
            "{name}"
        );
        assert_eq!(
            network.attributes["Designated"],
            AttrValue::Date {
                date: relmap::model::PartialDate::new("2012-09-19")
            },
            "{name}: a date cell is a date"
        );
        let leads = doc.relations.iter().find(|r| r.kind == "leads").unwrap();
        assert_eq!(leads.attributes["Strength"], AttrValue::Number(1.into()));
    }
    let edges = open("openpyxl_edges.xlsx");
    assert_eq!(edges.doc.relations.len(), 40);
    assert_eq!(edges.doc.entities.len(), 40);
}
