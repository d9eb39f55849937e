//! Writing maps for other tools: GraphML (yEd, Gephi, networkx, Cytoscape), GEXF 1.2 (Gephi,
//! networkx), node-link JSON (d3, networkx) and CSV tables (Gephi, Kumu, spreadsheets).
//!
//! Each writes what those tools read: names as labels, kinds, positions (y negated for
//! Gephi, whose y axis points up), typed attributes, direction. Each also carries relmap's own
//! data in a `relmap` field (see [`super::carry`]), so reading the file back loses nothing.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::carry::{self, FIELD};
use super::xml::escape;
use crate::look;
use crate::model::{AttrValue, Document, Entity, NodeShape, Period, Relation, iso_day};

/// The size Gephi draws a node at, as relmap draws it.
const NODE_SIZE: f32 = 12.0;

/// GEXF's `start` and `end` for a period: its first and last day, as GEXF's dates are whole.
fn gexf_times(period: Option<&Period>) -> String {
    let Some(p) = period else {
        return String::new();
    };
    let mut out = String::new();
    if let Some(first) = p.from.as_ref().and_then(|d| d.span()) {
        let _ = write!(out, " start=\"{}\"", iso_day(first.first));
    }
    if let Some(last) = p.to.as_ref().and_then(|d| d.span()) {
        let _ = write!(out, " end=\"{}\"", iso_day(last.last));
    }
    out
}

/// A format relmap writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    Relmap,
    GraphMl,
    Gexf,
    NodeLink,
    /// Two tables, nodes and edges (and a third for sources).
    Csv,
}

impl OutFormat {
    /// The format a file name's ending asks for; `.json` is relmap's own unless `node_link`.
    pub fn from_extension(ext: &str, node_link: bool) -> Option<OutFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "json" if node_link => Some(OutFormat::NodeLink),
            "json" => Some(OutFormat::Relmap),
            "graphml" => Some(OutFormat::GraphMl),
            "gexf" => Some(OutFormat::Gexf),
            "csv" => Some(OutFormat::Csv),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            OutFormat::Relmap => "relmap map",
            OutFormat::GraphMl => "GraphML",
            OutFormat::Gexf => "GEXF",
            OutFormat::NodeLink => "node-link JSON",
            OutFormat::Csv => "CSV tables",
        }
    }
}

/// GraphML's and GEXF's name for an attribute type.
fn xml_type(ty: &str) -> &'static str {
    match ty {
        "number" => "double",
        "boolean" => "boolean",
        _ => "string",
    }
}

/// An attribute value as text in a typed XML column.
fn xml_value(v: &AttrValue) -> String {
    v.to_string()
}

/// The map as GraphML.
pub fn graphml(doc: &Document) -> String {
    let node_cols = carry::columns(doc.entities.iter().map(|e| &e.attributes));
    let edge_cols = carry::columns(doc.relations.iter().map(|r| &r.attributes));
    let mut s = String::new();
    s.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\"",
    );
    // yEd's namespace, for its group nodes' graphics, only when there are groups: a map
    // without them is written as before.
    if !doc.groups.is_empty() {
        s.push_str(" xmlns:y=\"http://www.yworks.com/xml/graphml\"");
    }
    s.push_str(">\n");
    let key = |s: &mut String, id: &str, domain: &str, name: &str, ty: &str| {
        let _ = writeln!(
            s,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{}\" attr.type=\"{ty}\"/>",
            escape(name)
        );
    };
    key(&mut s, "g_name", "graph", "name", "string");
    key(&mut s, "g_description", "graph", "description", "string");
    key(&mut s, "g_relmap", "graph", FIELD, "string");
    key(&mut s, "n_label", "node", "label", "string");
    key(&mut s, "n_kind", "node", "kind", "string");
    key(&mut s, "n_description", "node", "description", "string");
    key(&mut s, "n_x", "node", "x", "double");
    key(&mut s, "n_y", "node", "y", "double");
    key(&mut s, "n_r", "node", "r", "int");
    key(&mut s, "n_g", "node", "g", "int");
    key(&mut s, "n_b", "node", "b", "int");
    key(&mut s, "n_size", "node", "size", "double");
    for (i, (name, ty)) in node_cols.iter().enumerate() {
        key(
            &mut s,
            &format!("n{i}"),
            "node",
            &carry::attribute_field(name),
            xml_type(ty),
        );
    }
    key(&mut s, "n_relmap", "node", FIELD, "string");
    if !doc.groups.is_empty() {
        let _ = writeln!(
            s,
            "  <key id=\"{}\" for=\"node\" yfiles.type=\"nodegraphics\"/>",
            super::nesting::GRAPHICS_KEY
        );
    }
    key(&mut s, "e_label", "edge", "label", "string");
    key(&mut s, "e_kind", "edge", "kind", "string");
    key(&mut s, "e_directed", "edge", "directed", "boolean");
    for (i, (name, ty)) in edge_cols.iter().enumerate() {
        key(
            &mut s,
            &format!("e{i}"),
            "edge",
            &carry::attribute_field(name),
            xml_type(ty),
        );
    }
    key(&mut s, "e_relmap", "edge", FIELD, "string");
    // Readers such as networkx refuse a graph whose edges differ in direction: the default is
    // the direction most relations have, and each relation's own is in its `directed` data.
    let all_undirected = !doc.relations.is_empty() && doc.relations.iter().all(|r| !r.directed);
    let default = if all_undirected {
        "undirected"
    } else {
        "directed"
    };
    let _ = writeln!(s, "  <graph id=\"G\" edgedefault=\"{default}\">");
    let data = |s: &mut String, indent: &str, key: &str, value: &str| {
        let _ = writeln!(s, "{indent}<data key=\"{key}\">{}</data>", escape(value));
    };
    data(&mut s, "    ", "g_name", &doc.title);
    if !doc.description.is_empty() {
        data(&mut s, "    ", "g_description", &doc.description);
    }
    data(
        &mut s,
        "    ",
        "g_relmap",
        &super::nesting::carried_map(doc).to_string(),
    );
    super::nesting::write_nodes(&mut s, doc, "    ", &mut |s, e, indent| {
        let _ = writeln!(s, "{indent}<node id=\"{}\">", escape(e.id.as_str()));
        let inner = format!("{indent}  ");
        let data = |s: &mut String, key: &str, value: &str| {
            let _ = writeln!(s, "{inner}<data key=\"{key}\">{}</data>", escape(value));
        };
        data(s, "n_label", &e.name);
        data(s, "n_kind", &e.kind);
        if !e.summary.is_empty() {
            data(s, "n_description", &e.summary);
        }
        if let Some(p) = &e.position {
            data(s, "n_x", &p.x.to_string());
            data(s, "n_y", &(-p.y).to_string());
        }
        // The look relmap draws the entity with, as Gephi's GraphML reads it.
        let [r, g, b] = look::entity_style(&doc.styles, &e.kind).color;
        for (key, channel) in [("n_r", r), ("n_g", g), ("n_b", b)] {
            data(s, key, &channel.to_string());
        }
        data(s, "n_size", &NODE_SIZE.to_string());
        for (i, (name, _)) in node_cols.iter().enumerate() {
            if let Some(v) = e.attributes.get(name) {
                data(s, &format!("n{i}"), &xml_value(v));
            }
        }
        data(s, "n_relmap", &carry::item_json(e));
        let _ = writeln!(s, "{indent}</node>");
    });
    for r in &doc.relations {
        let _ = writeln!(
            s,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(r.id.as_str()),
            escape(r.from.as_str()),
            escape(r.to.as_str())
        );
        if !r.label.is_empty() {
            data(&mut s, "      ", "e_label", &r.label);
        }
        data(&mut s, "      ", "e_kind", &r.kind);
        data(&mut s, "      ", "e_directed", &r.directed.to_string());
        for (i, (name, _)) in edge_cols.iter().enumerate() {
            if let Some(v) = r.attributes.get(name) {
                data(&mut s, "      ", &format!("e{i}"), &xml_value(v));
            }
        }
        data(&mut s, "      ", "e_relmap", &carry::item_json(r));
        s.push_str("    </edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

/// The map as GEXF 1.2 (the version Gephi and networkx both read).
pub fn gexf(doc: &Document) -> String {
    let node_cols = carry::columns(doc.entities.iter().map(|e| &e.attributes));
    let edge_cols = carry::columns(doc.relations.iter().map(|r| &r.attributes));
    let mut s = String::new();
    s.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://www.gexf.net/1.2draft\" \
         xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" version=\"1.2\">\n",
    );
    let _ = writeln!(
        s,
        "  <meta>\n    <creator>relmap {}</creator>\n    <description>{}</description>\n  </meta>",
        env!("CARGO_PKG_VERSION"),
        escape(&doc.description)
    );
    let all_undirected = !doc.relations.is_empty() && doc.relations.iter().all(|r| !r.directed);
    // Periods go in start and end, which Gephi's timeline reads in a dynamic graph.
    let dated = doc.entities.iter().any(|e| e.period.is_some())
        || doc.relations.iter().any(|r| r.period.is_some());
    let _ = writeln!(
        s,
        "  <graph defaultedgetype=\"{}\" mode=\"{}\"{}>",
        if all_undirected {
            "undirected"
        } else {
            "directed"
        },
        if dated { "dynamic" } else { "static" },
        if dated { " timeformat=\"date\"" } else { "" }
    );
    let declare = |s: &mut String, class: &str, cols: &[(String, &str)], extra: &[&str]| {
        let _ = writeln!(s, "    <attributes class=\"{class}\" mode=\"static\">");
        for name in extra {
            let _ = writeln!(
                s,
                "      <attribute id=\"{name}\" title=\"{name}\" type=\"string\"/>"
            );
        }
        for (i, (name, ty)) in cols.iter().enumerate() {
            let _ = writeln!(
                s,
                "      <attribute id=\"{i}\" title=\"{}\" type=\"{}\"/>",
                escape(&carry::attribute_field(name)),
                xml_type(ty)
            );
        }
        s.push_str("    </attributes>\n");
    };
    declare(&mut s, "node", &node_cols, &["kind", "description", FIELD]);
    declare(&mut s, "edge", &edge_cols, &["directed", FIELD]);
    let attvalue = |s: &mut String, id: &str, value: &str| {
        let _ = writeln!(
            s,
            "          <attvalue for=\"{}\" value=\"{}\"/>",
            escape(id),
            escape(value)
        );
    };
    s.push_str("    <nodes>\n");
    for e in &doc.entities {
        let _ = writeln!(
            s,
            "      <node id=\"{}\" label=\"{}\"{}>\n        <attvalues>",
            escape(e.id.as_str()),
            escape(&e.name),
            gexf_times(e.period.as_ref())
        );
        attvalue(&mut s, "kind", &e.kind);
        if !e.summary.is_empty() {
            attvalue(&mut s, "description", &e.summary);
        }
        for (i, (name, _)) in node_cols.iter().enumerate() {
            if let Some(v) = e.attributes.get(name) {
                attvalue(&mut s, &i.to_string(), &xml_value(v));
            }
        }
        attvalue(&mut s, FIELD, &carry::item_json(e));
        s.push_str("        </attvalues>\n");
        // The look relmap draws the entity with, as Gephi reads it.
        let st = look::entity_style(&doc.styles, &e.kind);
        let [r, g, b] = st.color;
        let shape = match st.shape {
            NodeShape::Square => "square",
            NodeShape::Diamond => "diamond",
            NodeShape::Triangle => "triangle",
            NodeShape::Circle | NodeShape::Hexagon => "disc",
        };
        let _ = writeln!(
            s,
            "        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>\n        <viz:size value=\"{NODE_SIZE}\"/>\n        <viz:shape value=\"{shape}\"/>"
        );
        if let Some(p) = &e.position {
            let _ = writeln!(
                s,
                "        <viz:position x=\"{}\" y=\"{}\" z=\"0.0\"/>",
                p.x, -p.y
            );
        }
        s.push_str("      </node>\n");
    }
    s.push_str("    </nodes>\n    <edges>\n");
    for r in &doc.relations {
        let _ = write!(
            s,
            "      <edge id=\"{}\" source=\"{}\" target=\"{}\" kind=\"{}\"",
            escape(r.id.as_str()),
            escape(r.from.as_str()),
            escape(r.to.as_str()),
            escape(&r.kind)
        );
        if !r.label.is_empty() {
            let _ = write!(s, " label=\"{}\"", escape(&r.label));
        }
        s.push_str(&gexf_times(r.period.as_ref()));
        s.push_str(">\n        <attvalues>\n");
        attvalue(&mut s, "directed", &r.directed.to_string());
        for (i, (name, _)) in edge_cols.iter().enumerate() {
            if let Some(v) = r.attributes.get(name) {
                attvalue(&mut s, &i.to_string(), &xml_value(v));
            }
        }
        attvalue(&mut s, FIELD, &carry::item_json(r));
        s.push_str("        </attvalues>\n      </edge>\n");
    }
    s.push_str("    </edges>\n  </graph>\n");
    // GEXF has no graph attributes: the map's own fields travel in a comment, which every
    // reader skips. "--" may not appear in a comment; in JSON it can only be inside a string,
    // where "-\u002d" reads back as the same text.
    let _ = writeln!(
        s,
        "  <!-- {FIELD}: {} -->",
        carry::map_value(doc).to_string().replace("--", "-\\u002d")
    );
    s.push_str("</gexf>\n");
    s
}

/// The map as node-link JSON, as networkx's `node_link_graph` reads it.
pub fn node_link(doc: &Document) -> String {
    let attrs = |a: &crate::model::Attributes, out: &mut Map<String, Value>| {
        for (k, v) in a {
            let value = match v {
                AttrValue::Text(t) => json!(t),
                AttrValue::Bool(b) => json!(b),
                AttrValue::Number(n) => Value::Number(n.clone()),
                AttrValue::Date { date } => json!(date.as_str()),
            };
            out.insert(carry::attribute_field(k), value);
        }
    };
    let nodes: Vec<Value> = doc
        .entities
        .iter()
        .map(|e: &Entity| {
            let mut m = Map::new();
            m.insert("id".into(), json!(e.id.as_str()));
            m.insert("name".into(), json!(e.name));
            m.insert("kind".into(), json!(e.kind));
            if let Some(p) = &e.position {
                m.insert("x".into(), json!(p.x));
                m.insert("y".into(), json!(p.y));
            }
            attrs(&e.attributes, &mut m);
            m.insert(FIELD.into(), serde_json::to_value(e).unwrap_or(Value::Null));
            Value::Object(m)
        })
        .collect();
    let links: Vec<Value> = doc
        .relations
        .iter()
        .map(|r: &Relation| {
            let mut m = Map::new();
            m.insert("source".into(), json!(r.from.as_str()));
            m.insert("target".into(), json!(r.to.as_str()));
            m.insert("key".into(), json!(r.id.as_str()));
            m.insert("kind".into(), json!(r.kind));
            if !r.label.is_empty() {
                m.insert("label".into(), json!(r.label));
            }
            attrs(&r.attributes, &mut m);
            m.insert(FIELD.into(), serde_json::to_value(r).unwrap_or(Value::Null));
            Value::Object(m)
        })
        .collect();
    let top = json!({
        "directed": true,
        "multigraph": true,
        "graph": { "name": doc.title, FIELD: carry::map_value(doc) },
        "nodes": nodes,
        "links": links,
    });
    let mut text = serde_json::to_string_pretty(&top).unwrap_or_default();
    text.push('\n');
    text
}

/// The map as CSV tables: nodes, edges, and the sources their claims cite. Gephi's and Kumu's
/// column names, then the attributes, then the `relmap` column.
pub fn tables(doc: &Document) -> Result<(String, String, String), csv::Error> {
    let node_cols = carry::columns(doc.entities.iter().map(|e| &e.attributes));
    let edge_cols = carry::columns(doc.relations.iter().map(|r| &r.attributes));
    let mut nodes = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "Id".to_owned(),
        "Label".into(),
        "Type".into(),
        "Description".into(),
    ];
    header.extend(node_cols.iter().map(|(n, _)| carry::attribute_field(n)));
    header.push(FIELD.into());
    nodes.write_record(&header)?;
    for e in &doc.entities {
        let mut row = vec![
            e.id.to_string(),
            e.name.clone(),
            e.kind.clone(),
            e.summary.clone(),
        ];
        row.extend(node_cols.iter().map(|(n, _)| {
            e.attributes
                .get(n)
                .map(ToString::to_string)
                .unwrap_or_default()
        }));
        row.push(carry::item_json(e));
        nodes.write_record(&row)?;
    }
    let mut edges = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "Source".to_owned(),
        "Target".into(),
        "Direction".into(),
        "Id".into(),
        "Kind".into(),
        "Label".into(),
    ];
    header.extend(edge_cols.iter().map(|(n, _)| carry::attribute_field(n)));
    header.push(FIELD.into());
    edges.write_record(&header)?;
    for r in &doc.relations {
        let mut row = vec![
            r.from.to_string(),
            r.to.to_string(),
            if r.directed { "directed" } else { "undirected" }.to_owned(),
            r.id.to_string(),
            r.kind.clone(),
            r.label.clone(),
        ];
        row.extend(edge_cols.iter().map(|(n, _)| {
            r.attributes
                .get(n)
                .map(ToString::to_string)
                .unwrap_or_default()
        }));
        row.push(carry::item_json(r));
        edges.write_record(&row)?;
    }
    let mut map = csv::Writer::from_writer(Vec::new());
    map.write_record([FIELD])?;
    map.write_record([carry::map_value(doc).to_string()])?;
    let text = |w: csv::Writer<Vec<u8>>| -> Result<String, csv::Error> {
        let bytes = w
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    Ok((text(nodes)?, text(edges)?, text(map)?))
}
