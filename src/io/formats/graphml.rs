//! GraphML, as yEd, Gephi, networkx and Cytoscape write it.
//!
//! - `<key>` declarations give each `<data>` its name, type (`attr.type`) and default.
//! - A node's `label` or `name` is its name, `type`, `kind` or `category` its kind,
//!   `description` its summary; an edge's `label` is its label and `type`, `kind` or
//!   `relation` its kind. Everything else becomes a typed attribute.
//! - yEd's node graphics (`y:ShapeNode`, `y:GenericNode`, …) give the position (the centre of
//!   `y:Geometry`), the fill colour (attribute `color`) and the name (`y:NodeLabel`); its edge
//!   graphics give the label (`y:EdgeLabel`).
//! - Gephi's `x`/`y` give the position (Gephi's y axis points up, relmap's down, so y is
//!   negated), `r`/`g`/`b` the attribute `color`, and `size` an attribute.
//! - `edgedefault` and each edge's `directed` give the direction; parallel edges stay apart.
//! - yEd's groups (a node with `yfiles.foldertype`, holding a nested graph) become the map's
//!   groups, with their members (`nesting`); other nested graphs are read flat; hyperedges and
//!   ports are skipped. The report names the line of each.

use std::collections::{BTreeMap, HashMap};

use roxmltree::Node;

use super::builder::Builder;
use super::carry;
use super::nesting::Nested;
use super::report::ImportReport;
use super::xml::{self, attr, child, children};
use crate::io::LoadError;
use crate::model::{AttrValue, Document, Entity, Position, Problem, Relation};

/// A `<key>`: what a `<data key=…>` is.
#[derive(Debug, Clone)]
struct Key {
    name: String,
    /// `node`, `edge`, `graph` or `all`.
    domain: String,
    ty: String,
    default: Option<String>,
    /// yEd's `yfiles.type` (`nodegraphics`, `edgegraphics`, …).
    yfiles: Option<String>,
}

/// Reads a GraphML file into a map.
pub fn read(
    bytes: &[u8],
    origin: &str,
    title: &str,
) -> Result<(Document, ImportReport), LoadError> {
    let xml = xml::parse(bytes, origin)?;
    let root = xml::root(&xml, "graphml", origin)?;
    let keys: HashMap<&str, Key> = children(root, "key")
        .filter_map(|k| {
            let id = attr(k, "id")?;
            Some((
                id,
                Key {
                    name: attr(k, "attr.name").unwrap_or(id).to_owned(),
                    domain: attr(k, "for").unwrap_or("all").to_owned(),
                    ty: attr(k, "attr.type").unwrap_or("string").to_owned(),
                    default: child(k, "default")
                        .and_then(|d| d.text())
                        .map(str::to_owned),
                    yfiles: attr(k, "yfiles.type").map(str::to_owned),
                },
            ))
        })
        .collect();
    let mut graphs = children(root, "graph");
    let Some(graph) = graphs.next() else {
        return Err(invalid(origin, "the file has no <graph>".into()));
    };
    let mut reader = Reader {
        xml: &xml,
        keys: &keys,
        b: Builder::new(title),
        kept: BTreeMap::new(),
        gephi_positions: false,
        carried: false,
        nested: Nested::default(),
        nodes: 0,
        edges: 0,
    };
    for extra in graphs {
        reader.b.report.not_understood(
            Some(xml::line_of(&xml, extra)),
            "a second <graph> in the file was skipped: relmap reads the first",
        );
    }
    for data in children(graph, "data") {
        reader.graph_data(data);
    }
    reader.graph(graph, attr(graph, "edgedefault") != Some("undirected"));
    Ok(reader.finish())
}

fn invalid(origin: &str, message: String) -> LoadError {
    LoadError::Invalid {
        origin: origin.to_owned(),
        problems: vec![Problem::new("the file", message)],
    }
}

struct Reader<'a, 'i> {
    xml: &'a roxmltree::Document<'i>,
    keys: &'a HashMap<&'a str, Key>,
    b: Builder,
    /// Data kept as attributes, by "node"/"edge" and name, with how many items had it.
    kept: BTreeMap<(&'static str, String, String), usize>,
    gephi_positions: bool,
    /// The file carries relmap's own data (it was written by relmap).
    carried: bool,
    /// yEd's groups read so far.
    nested: Nested,
    nodes: usize,
    edges: usize,
}

impl<'a, 'i> Reader<'a, 'i> {
    fn line(&self, node: Node) -> Option<usize> {
        Some(xml::line_of(self.xml, node))
    }

    fn graph(&mut self, graph: Node<'a, 'i>, directed_default: bool) {
        for item in graph.children().filter(Node::is_element) {
            match item.tag_name().name() {
                "node" => self.node(item, directed_default),
                "edge" => self.edge(item, directed_default),
                "hyperedge" => self.b.report.not_understood(
                    self.line(item),
                    "a <hyperedge> was skipped: relmap relations join two entities",
                ),
                "data" | "desc" => {}
                other => self.b.report.not_understood(
                    self.line(item),
                    format!("an element <{other}> in the graph was skipped"),
                ),
            }
        }
    }

    fn graph_data(&mut self, data: Node<'a, 'i>) {
        let Some(key) = attr(data, "key").and_then(|k| self.keys.get(k)) else {
            return;
        };
        let text = data.text().unwrap_or("").trim().to_owned();
        match key.name.to_ascii_lowercase().as_str() {
            carry::FIELD => {
                let applied = serde_json::from_str(&text)
                    .is_ok_and(|v| carry::apply_map(self.b.doc_mut(), &v));
                if applied {
                    self.carried = true;
                } else {
                    self.b.report.not_understood(
                        self.line(data),
                        "the graph's relmap data is not a relmap map; it was skipped",
                    );
                }
            }
            "name" | "label" | "title" if !text.is_empty() => self.b.doc_mut().title = text,
            "description" => self.b.doc_mut().description = text,
            _ => {
                self.b
                    .doc_mut()
                    .extra
                    .insert(format!("graphml:{}", key.name), text.into());
                self.b.report.kept(format!(
                    "graph data \"{}\" is kept among the map's unknown fields as \"graphml:{}\"",
                    key.name, key.name
                ));
            }
        }
    }

    fn node(&mut self, node: Node<'a, 'i>, directed_default: bool) {
        let Some(id) = attr(node, "id") else {
            self.b
                .report
                .not_understood(self.line(node), "a <node> without an id was skipped");
            return;
        };
        self.nodes += 1;
        let mut fields = NodeFields::default();
        let mut seen = Vec::new();
        let mut carried_text = None;
        for data in children(node, "data") {
            let Some(key_id) = attr(data, "key") else {
                continue;
            };
            let Some(key) = self.keys.get(key_id) else {
                self.b.report.not_understood(
                    self.line(data),
                    format!("data with the undeclared key \"{key_id}\" was skipped"),
                );
                continue;
            };
            seen.push(key_id);
            if key.name == carry::FIELD {
                carried_text = data.text();
                fields.carried = data.text().and_then(carry::entity);
            } else if key.yfiles.as_deref() == Some("nodegraphics") {
                yed_node(data, &mut fields);
            } else if key.yfiles.is_none() {
                let text = data.text().unwrap_or("");
                self.node_value(key, text, &mut fields);
            }
        }
        for (key_id, key) in self.keys.iter() {
            if (key.domain == "node" || key.domain == "all")
                && !seen.contains(key_id)
                && let Some(default) = &key.default
            {
                let default = default.clone();
                self.node_value(key, &default, &mut fields);
            }
        }
        for port in children(node, "port") {
            self.b.report.not_understood(
                self.line(port),
                format!(
                    "the port \"{}\" of node \"{id}\" was skipped",
                    attr(port, "name").unwrap_or("")
                ),
            );
        }
        let folder = attr(node, "yfiles.foldertype").filter(|f| matches!(*f, "group" | "folder"));
        if let Some(folder) = folder
            && children(node, "graph").next().is_some()
        {
            let closed = node
                .descendants()
                .filter(|n| n.is_element() && n.tag_name().name() == "State")
                .any(|n| attr(n, "closed") == Some("true"));
            let name = fields
                .yed_label
                .clone()
                .or(fields.label.clone())
                .or(fields.name.clone())
                .unwrap_or_default();
            self.nested.open(
                id,
                name,
                fields.fill.clone(),
                folder == "folder" || closed,
                carried_text,
            );
            for nested in children(node, "graph") {
                self.graph(
                    nested,
                    attr(nested, "edgedefault").map_or(directed_default, |d| d != "undirected"),
                );
            }
            self.nested.close();
            return;
        }
        self.nested.member(id);
        let entity = match fields.carried.take() {
            Some(carried) => {
                fields.from_relmap = true;
                self.b.node_from(id, carried)
            }
            None => self.b.node(id),
        };
        fields.apply(entity);
        for nested in children(node, "graph") {
            self.b.report.not_understood(
                self.line(nested),
                format!(
                    "the graph nested in node \"{id}\" was read flat: its nodes and edges are \
                     part of the map"
                ),
            );
            self.graph(
                nested,
                attr(nested, "edgedefault").map_or(directed_default, |d| d != "undirected"),
            );
        }
    }

    fn node_value(&mut self, key: &Key, text: &str, fields: &mut NodeFields) {
        let value = text.trim();
        match key.name.to_ascii_lowercase().as_str() {
            "label" => fields.label = Some(value.to_owned()),
            "name" => fields.name = Some(value.to_owned()),
            "type" | "kind" | "category" => fields.kind = Some(value.to_owned()),
            "description" | "summary" => fields.summary = Some(value.to_owned()),
            "x" => fields.x = value.parse().ok(),
            "y" => {
                fields.y = value.parse().ok();
                self.gephi_positions = true;
            }
            "size" => fields.size = Some(typed_value(&key.ty, value)),
            "r" => fields.rgb[0] = value.parse().ok(),
            "g" => fields.rgb[1] = value.parse().ok(),
            "b" => fields.rgb[2] = value.parse().ok(),
            _ => {
                let typed = typed_value(&key.ty, value);
                let name = carry::attribute_name(&key.name).to_owned();
                *self
                    .kept
                    .entry(("node", name.clone(), typed.type_name().to_owned()))
                    .or_default() += 1;
                fields.attributes.push((name, typed));
            }
        }
    }

    fn edge(&mut self, edge: Node<'a, 'i>, directed_default: bool) {
        let (Some(source), Some(target)) = (attr(edge, "source"), attr(edge, "target")) else {
            self.b.report.not_understood(
                self.line(edge),
                "an <edge> without a source or target was skipped",
            );
            return;
        };
        if attr(edge, "sourceport").is_some() || attr(edge, "targetport").is_some() {
            self.b.report.not_understood(
                self.line(edge),
                format!(
                    "the ports of the edge {source} -> {target} were dropped: it joins the nodes"
                ),
            );
        }
        self.edges += 1;
        let directed = attr(edge, "directed").map_or(directed_default, |d| d == "true");
        let mut values: Vec<(Key, String)> = Vec::new();
        let mut yed_label = None;
        let mut carried = None;
        let mut seen = Vec::new();
        for data in children(edge, "data") {
            let Some(key_id) = attr(data, "key") else {
                continue;
            };
            let Some(key) = self.keys.get(key_id) else {
                continue;
            };
            seen.push(key_id);
            if key.name == carry::FIELD {
                carried = data.text().and_then(carry::relation);
            } else if key.yfiles.as_deref() == Some("edgegraphics") {
                yed_label = yed_edge_label(data);
            } else if key.yfiles.is_none() {
                values.push((key.clone(), data.text().unwrap_or("").trim().to_owned()));
            }
        }
        for (key_id, key) in self.keys.iter() {
            if (key.domain == "edge" || key.domain == "all")
                && !seen.contains(key_id)
                && key.yfiles.is_none()
                && let Some(default) = &key.default
            {
                values.push((key.clone(), default.clone()));
            }
        }
        let mut kept = Vec::new();
        let relation = match carried {
            Some(carried) => self.b.edge_from(attr(edge, "id"), source, target, carried),
            None => self.b.edge(attr(edge, "id"), source, target),
        };
        relation.directed = directed;
        if let Some(label) = yed_label {
            relation.label = label;
        }
        for (key, value) in values {
            if !edge_value(relation, &key, &value) {
                kept.push((
                    carry::attribute_name(&key.name).to_owned(),
                    typed_value(&key.ty, &value),
                ));
            }
        }
        for (name, typed) in kept {
            *self
                .kept
                .entry(("edge", name.clone(), typed.type_name().to_owned()))
                .or_default() += 1;
            let r = self.b.doc_mut().relations.last_mut();
            if let Some(r) = r {
                carry::merge(&mut r.attributes, name, typed);
            }
        }
    }

    fn finish(mut self) -> (Document, ImportReport) {
        self.b.report.read(format!(
            "{} node(s) and {} edge(s) of GraphML, as entities and relations",
            self.nodes, self.edges
        ));
        if self.carried {
            self.b.report.read(
                "relmap's own data carried in the file: claims, sources, aliases, periods and \
                 ids, with the readable columns laid over them",
            );
        }
        if self.gephi_positions {
            self.b.report.read(
                "positions from x and y, with y negated (Gephi's y axis points up, relmap's down)",
            );
        }
        for ((on, name, ty), count) in std::mem::take(&mut self.kept) {
            self.b.report.kept(format!(
                "{on} data \"{name}\" ({ty}) on {count} {on}(s), as the attribute \"{name}\""
            ));
        }
        std::mem::take(&mut self.nested).finish(&mut self.b);
        let (mut doc, report) = self.b.finish();
        super::nesting::restore_order(&mut doc);
        (doc, report)
    }
}

/// What a node's data says, gathered before the entity is made.
#[derive(Default)]
struct NodeFields {
    label: Option<String>,
    name: Option<String>,
    kind: Option<String>,
    summary: Option<String>,
    x: Option<f64>,
    y: Option<f64>,
    rgb: [Option<u8>; 3],
    /// Set by yEd's graphics: the centre, not flipped.
    centre: Option<(f64, f64)>,
    fill: Option<String>,
    yed_label: Option<String>,
    attributes: Vec<(String, AttrValue)>,
    size: Option<AttrValue>,
    /// The entity a relmap export carried, which the readable fields are laid over.
    carried: Option<Entity>,
    /// The node was written by relmap: its colour and size are the look of its kind, not data.
    from_relmap: bool,
}

impl NodeFields {
    fn apply(self, e: &mut Entity) {
        let name = self.label.clone().filter(|s| !s.is_empty());
        let name = name.or(self.yed_label.clone()).or(self.name.clone());
        if let Some(name) = name.filter(|s| !s.is_empty()) {
            e.name = name;
        }
        // A node with both a label and a different name keeps the name as an alias.
        if let (Some(label), Some(other)) = (&self.label, &self.name)
            && !label.is_empty()
            && other != label
            && !other.is_empty()
        {
            e.aliases.push(other.clone());
        }
        if let Some(kind) = self.kind.filter(|s| !s.is_empty()) {
            e.kind = kind;
        }
        if let Some(summary) = self.summary {
            e.summary = summary;
        }
        let at = self.centre.or(self.x.zip(self.y).map(|(x, y)| (x, -y)));
        // A carried position at the same point keeps its unknown fields.
        if let Some((x, y)) = at
            && e.position.as_ref().is_none_or(|p| (p.x, p.y) != (x, y))
        {
            e.position = Some(Position::new(x, y));
        }
        let color = self.fill.or(match self.rgb {
            [Some(r), Some(g), Some(b)] => Some(format!("#{r:02x}{g:02x}{b:02x}")),
            _ => None,
        });
        if !self.from_relmap {
            if let Some(color) = color {
                e.attributes.insert("color".into(), AttrValue::Text(color));
            }
            if let Some(size) = self.size {
                e.attributes.insert("size".into(), size);
            }
        }
        for (k, v) in self.attributes {
            carry::merge(&mut e.attributes, k, v);
        }
    }
}

/// yEd's node graphics: the first `*Node` element's geometry, fill and label.
fn yed_node(data: Node, fields: &mut NodeFields) {
    // The realizer: ShapeNode, GenericNode, or a group's GroupNode inside its ProxyAutoBoundsNode.
    let Some(graphics) = data.descendants().find(|n| {
        n.is_element()
            && n.tag_name().name().ends_with("Node")
            && (child(*n, "Geometry").is_some() || child(*n, "NodeLabel").is_some())
    }) else {
        return;
    };
    if let Some(g) = child(graphics, "Geometry") {
        let num = |name| attr(g, name).and_then(|v| v.parse::<f64>().ok());
        if let (Some(x), Some(y)) = (num("x"), num("y")) {
            let (w, h) = (num("width").unwrap_or(0.0), num("height").unwrap_or(0.0));
            fields.centre = Some((x + w / 2.0, y + h / 2.0));
        }
    }
    if let Some(fill) = child(graphics, "Fill").and_then(|f| attr(f, "color"))
        && fill.len() >= 7
    {
        fields.fill = Some(fill[..7].to_ascii_lowercase());
    }
    if let Some(label) = children(graphics, "NodeLabel")
        .filter_map(|l| l.text())
        .map(str::trim)
        .find(|t| !t.is_empty())
    {
        fields.yed_label = Some(label.to_owned());
    }
}

fn yed_edge_label(data: Node) -> Option<String> {
    data.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "EdgeLabel")
        .filter_map(|l| l.text())
        .map(str::trim)
        .find(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Puts an edge's data in its place; false when it is none of the relation's own fields.
fn edge_value(r: &mut Relation, key: &Key, value: &str) -> bool {
    match key.name.to_ascii_lowercase().as_str() {
        // relmap's own exports say each edge's direction as data (see write.rs).
        "directed" if matches!(value, "true" | "false") => r.directed = value == "true",
        "label" | "edge label" => r.label = value.to_owned(),
        "type" | "kind" | "relation" | "relationship" if !value.is_empty() => {
            r.kind = value.to_owned()
        }
        _ => return false,
    }
    true
}

/// A data value as its declared type says.
pub fn typed_value(ty: &str, text: &str) -> AttrValue {
    let text = text.trim();
    match ty {
        // networkx writes Python's True and False.
        "boolean" => match text.to_ascii_lowercase().as_str() {
            "true" | "1" => return AttrValue::Bool(true),
            "false" | "0" => return AttrValue::Bool(false),
            _ => {}
        },
        "int" | "long" | "integer" | "float" | "double" | "number" => {
            if let Ok(n) = text.parse::<serde_json::Number>() {
                return AttrValue::Number(n);
            }
        }
        _ => {}
    }
    AttrValue::Text(text.to_owned())
}
