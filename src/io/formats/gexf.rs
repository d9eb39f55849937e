//! GEXF 1.1, 1.2 and 1.3, as Gephi and networkx write them, under any namespace spelling
//! (`gexf.net/1.2draft`, `gexf.net/1.3`, with or without `www`): elements are matched by their
//! local name.
//!
//! - Attribute declarations (`<attributes class="node|edge">`) give each `<attvalue>` its
//!   title, type and default; values become typed attributes, except `type`, `kind` and
//!   `category`, which give the kind.
//! - `label` is the name of a node and the label of an edge; an edge's `kind` is its kind and
//!   `weight` an attribute; `type` (or the graph's `defaultedgetype`) its direction.
//! - `viz:position` is the position (y negated: Gephi's y axis points up), `viz:color` the
//!   attribute `color`, `viz:size` and `viz:shape` attributes.
//! - `start`/`end` (or `startopen`/`endopen`) and the first `<spell>` give the period, on
//!   nodes as on edges. Further spells are reported.

use std::collections::{BTreeMap, HashMap};

use roxmltree::Node;

use super::builder::Builder;
use super::carry;
use super::graphml::typed_value;
use super::report::ImportReport;
use super::xml::{self, attr, child, children};
use crate::io::LoadError;
use crate::model::{AttrValue, Attributes, Document, PartialDate, Period, Position, Problem};

struct Declared {
    title: String,
    ty: String,
    default: Option<String>,
}

/// Reads a GEXF file into a map.
pub fn read(
    bytes: &[u8],
    origin: &str,
    title: &str,
) -> Result<(Document, ImportReport), LoadError> {
    let xml = xml::parse(bytes, origin)?;
    let root = xml::root(&xml, "gexf", origin)?;
    let Some(graph) = child(root, "graph") else {
        return Err(LoadError::Invalid {
            origin: origin.to_owned(),
            problems: vec![Problem::new("the file", "the file has no <graph>")],
        });
    };
    let mut b = Builder::new(title);
    if let Some(meta) = child(root, "meta") {
        if let Some(text) = child(meta, "description").and_then(|d| d.text()) {
            b.doc_mut().description = text.trim().to_owned();
        }
        if let Some(text) = child(meta, "title").and_then(|d| d.text()) {
            b.doc_mut().title = text.trim().to_owned();
        }
    }
    // A relmap export carries the map's own fields in a comment (GEXF has no graph attributes).
    let carried_map = root
        .children()
        .filter(|n| n.is_comment())
        .filter_map(|n| n.text()?.trim().strip_prefix("relmap:").map(str::to_owned))
        .find_map(|json| serde_json::from_str::<serde_json::Value>(json.trim()).ok());
    if let Some(map) = carried_map
        && carry::apply_map(b.doc_mut(), &map)
    {
        b.report.read(
            "relmap's own data carried in the file: claims, sources, aliases, periods and ids, \
             with the readable attributes laid over them",
        );
    }
    let mut declared: HashMap<(String, String), Declared> = HashMap::new();
    for block in children(graph, "attributes") {
        let class = attr(block, "class").unwrap_or("node").to_owned();
        for a in children(block, "attribute") {
            let Some(id) = attr(a, "id") else { continue };
            declared.insert(
                (class.clone(), id.to_owned()),
                Declared {
                    title: attr(a, "title").unwrap_or(id).to_owned(),
                    ty: attr(a, "type").unwrap_or("string").to_owned(),
                    default: child(a, "default")
                        .and_then(|d| d.text())
                        .map(str::to_owned),
                },
            );
        }
    }
    let directed_default = attr(graph, "defaultedgetype") != Some("undirected");
    let mut kept: BTreeMap<(&str, String), usize> = BTreeMap::new();
    let mut counts = (0, 0);
    let mut placed = 0;

    for node in children(graph, "nodes").flat_map(|n| children(n, "node")) {
        let Some(id) = attr(node, "id") else {
            b.report.not_understood(
                Some(xml::line_of(&xml, node)),
                "a <node> without an id was skipped",
            );
            continue;
        };
        counts.0 += 1;
        let mut values = attvalues(node, "node", &declared);
        let carried = values
            .remove(carry::FIELD)
            .and_then(|v| carry::entity(&v.to_string()));
        let summary = values.remove("description").map(|v| v.to_string());
        let kind = take_kind(&mut values);
        let period = period_of(node, &xml, &mut b.report);
        let viz = viz_of(node);
        let label = attr(node, "label").map(str::to_owned);
        for name in values.keys() {
            *kept.entry(("node", name.clone())).or_default() += 1;
        }
        let was_carried = carried.is_some();
        let e = match carried {
            Some(carried) => b.node_from(id, carried),
            None => b.node(id),
        };
        if let Some(label) = label.filter(|l| !l.trim().is_empty()) {
            e.name = label;
        }
        if let Some(summary) = summary {
            e.summary = summary;
        }
        if let Some(kind) = kind {
            e.kind = kind;
        }
        // A carried period covering the same days keeps its partial or approximate dates.
        if let Some(p) = period
            && !e
                .period
                .as_ref()
                .is_some_and(|old| carry::same_days(old, &p))
        {
            e.period = Some(p);
        }
        if let Some((x, y)) = viz.position {
            if e.position.as_ref().is_none_or(|p| (p.x, p.y) != (x, -y)) {
                e.position = Some(Position::new(x, -y));
            }
            placed += 1;
        }
        // relmap's own export draws colour, size and shape from the kind's style: they are
        // the look, not data of the entity.
        let look = if was_carried {
            Attributes::new()
        } else {
            viz.attributes
        };
        for (k, v) in look.into_iter().chain(values) {
            carry::merge(&mut e.attributes, carry::attribute_name(&k).to_owned(), v);
        }
        if children(node, "nodes").next().is_some() {
            b.report.not_understood(
                Some(xml::line_of(&xml, node)),
                format!(
                    "the nodes nested in node \"{id}\" were skipped: relmap reads a flat graph"
                ),
            );
        }
    }

    for edge in children(graph, "edges").flat_map(|n| children(n, "edge")) {
        let (Some(source), Some(target)) = (attr(edge, "source"), attr(edge, "target")) else {
            b.report.not_understood(
                Some(xml::line_of(&xml, edge)),
                "an <edge> without a source or target was skipped",
            );
            continue;
        };
        counts.1 += 1;
        let mut values = attvalues(edge, "edge", &declared);
        let carried = values
            .remove(carry::FIELD)
            .and_then(|v| carry::relation(&v.to_string()));
        let kind = attr(edge, "kind")
            .map(str::to_owned)
            .or_else(|| take_kind(&mut values));
        let period = period_of(edge, &xml, &mut b.report);
        let viz = viz_of(edge);
        if let Some(weight) = attr(edge, "weight") {
            values.insert("weight".into(), typed_value("double", weight));
        }
        for name in values.keys() {
            *kept.entry(("edge", name.clone())).or_default() += 1;
        }
        // relmap's own exports say each edge's direction as an attribute (see write.rs).
        let own_direction = match values.remove("directed") {
            Some(v) if matches!(v.to_string().as_str(), "true" | "false") => {
                Some(v.to_string() == "true")
            }
            Some(other) => {
                values.insert("directed".into(), other);
                None
            }
            None => None,
        };
        let directed = match attr(edge, "type") {
            Some("undirected") => false,
            Some("directed") => true,
            // "mutual" reads both ways.
            Some(_) => false,
            None => directed_default,
        };
        let r = match carried {
            Some(carried) => b.edge_from(attr(edge, "id"), source, target, carried),
            None => b.edge(attr(edge, "id"), source, target),
        };
        r.directed = own_direction.unwrap_or(directed);
        if let Some(label) = attr(edge, "label") {
            r.label = label.to_owned();
        }
        if let Some(kind) = kind.filter(|k| !k.trim().is_empty()) {
            r.kind = kind;
        }
        if let Some(p) = period
            && !r
                .period
                .as_ref()
                .is_some_and(|old| carry::same_days(old, &p))
        {
            r.period = Some(p);
        }
        for (k, v) in viz.attributes.into_iter().chain(values) {
            carry::merge(&mut r.attributes, carry::attribute_name(&k).to_owned(), v);
        }
    }

    b.report.read(format!(
        "{} node(s) and {} edge(s) of GEXF {}, as entities and relations",
        counts.0,
        counts.1,
        attr(root, "version").unwrap_or("")
    ));
    if placed > 0 {
        b.report.read(format!(
            "{placed} position(s) from viz:position, with y negated (Gephi's y axis points up, \
             relmap's down)"
        ));
    }
    for ((on, name), count) in kept {
        b.report
            .kept(format!("{on} attribute \"{name}\" on {count} {on}(s)"));
    }
    Ok(b.finish())
}

/// An item's `<attvalues>`, by title and typed, with the declared defaults it lacks.
fn attvalues(
    item: Node,
    class: &str,
    declared: &HashMap<(String, String), Declared>,
) -> Attributes {
    let mut out = Attributes::new();
    for v in children(item, "attvalues").flat_map(|a| children(a, "attvalue")) {
        let Some(id) = attr(v, "for").or_else(|| attr(v, "id")) else {
            continue;
        };
        let value = attr(v, "value").unwrap_or("");
        match declared.get(&(class.to_owned(), id.to_owned())) {
            Some(d) => out.insert(d.title.clone(), typed_value(&d.ty, value)),
            None => out.insert(id.to_owned(), AttrValue::text(value)),
        };
    }
    for ((c, _), d) in declared {
        if c == class
            && !out.contains_key(&d.title)
            && let Some(default) = &d.default
        {
            out.insert(d.title.clone(), typed_value(&d.ty, default));
        }
    }
    out
}

fn take_kind(values: &mut Attributes) -> Option<String> {
    ["type", "kind", "category", "Type", "Kind", "Category"]
        .iter()
        .find_map(|k| values.remove(*k))
        .map(|v| v.to_string())
}

/// `start`/`end` on the item, or its first spell.
fn period_of(item: Node, xml: &roxmltree::Document, report: &mut ImportReport) -> Option<Period> {
    let mut spells = children(item, "spells").flat_map(|s| children(s, "spell"));
    let source = if attr(item, "start").is_some()
        || attr(item, "end").is_some()
        || attr(item, "startopen").is_some()
        || attr(item, "endopen").is_some()
    {
        Some(item)
    } else {
        spells.next()
    };
    let extra_spells = spells.count();
    if extra_spells > 0 {
        report.not_understood(
            Some(xml::line_of(xml, item)),
            format!("{extra_spells} further spell(s) were skipped: a relmap period is one span"),
        );
    }
    let source = source?;
    let date = |names: [&str; 2]| names.iter().find_map(|n| attr(source, n)).map(gexf_date);
    let from = date(["start", "startopen"]);
    let to = date(["end", "endopen"]);
    if from.is_none() && to.is_none() {
        return None;
    }
    let (from, to) = (from.flatten(), to.flatten());
    if from.is_none() && to.is_none() {
        report.not_understood(
            Some(xml::line_of(xml, item)),
            "a start or end that is not a date was skipped",
        );
        return None;
    }
    Some(Period {
        from,
        to,
        extra: Default::default(),
    })
}

/// A GEXF time: a date (`2019-11-19`, perhaps with a time after `T`) or a year as a number.
fn gexf_date(text: &str) -> Option<PartialDate> {
    let day = text.split('T').next().unwrap_or(text).trim();
    let date = PartialDate::new(day);
    if date.is_well_formed() {
        return Some(date);
    }
    // Gephi's "double" time format: a year such as 2019.0.
    let year = day
        .parse::<f64>()
        .ok()
        .filter(|y| y.fract() == 0.0 && y.abs() < 10_000.0)?;
    let y = year as i64;
    let text = if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    };
    Some(PartialDate::new(text))
}

struct Viz {
    position: Option<(f64, f64)>,
    attributes: Attributes,
}

fn viz_of(item: Node) -> Viz {
    let mut attributes = Attributes::new();
    let num = |n: Node, name| attr(n, name).and_then(|v| v.parse::<f64>().ok());
    let position = child(item, "position").and_then(|p| Some((num(p, "x")?, num(p, "y")?)));
    if let Some(c) = child(item, "color") {
        let channel = |name| attr(c, name).and_then(|v| v.parse::<u8>().ok());
        if let (Some(r), Some(g), Some(b)) = (channel("r"), channel("g"), channel("b")) {
            attributes.insert(
                "color".into(),
                AttrValue::Text(format!("#{r:02x}{g:02x}{b:02x}")),
            );
        } else if let Some(hex) = attr(c, "hex") {
            attributes.insert("color".into(), AttrValue::Text(hex.to_ascii_lowercase()));
        }
    }
    if let Some(size) = child(item, "size").and_then(|s| attr(s, "value")) {
        attributes.insert("size".into(), typed_value("double", size));
    }
    if let Some(shape) = child(item, "shape").and_then(|s| attr(s, "value")) {
        attributes.insert("shape".into(), AttrValue::text(shape));
    }
    if let Some(thickness) = child(item, "thickness").and_then(|s| attr(s, "value")) {
        attributes.insert("thickness".into(), typed_value("double", thickness));
    }
    Viz {
        position,
        attributes,
    }
}
