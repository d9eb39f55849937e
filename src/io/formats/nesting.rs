//! A map's groups as GraphML nested graphs, the way yEd writes them: a group is a node with
//! `yfiles.foldertype="group"`, its name in a `y:GroupNode`'s label, its colour in its fill,
//! folded as `y:State closed="true"`, and its members in the node's own `<graph>`. (yEd's
//! `"folder"` is read as folded, but not written: networkx reads no members of a folder.) relmap's own
//! group (kind, unknown fields) rides along in the `relmap` data, as entities' do.
//!
//! Reading gathers each group node with the nodes nested in it; [`Nested::finish`] turns them
//! into the map's groups once every entity has its id.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::builder::Builder;
use super::xml::escape;
use crate::model::{Document, Entity, Group, GroupId};

/// The key of yEd's node graphics, declared when a map has groups.
pub const GRAPHICS_KEY: &str = "n_yed";
/// The map's field, in the carried map data, that lists its entities in their order: nesting
/// writes a group's members inside it, away from their place in the map's list.
pub const ORDER_FIELD: &str = "relmap:entity order";

/// The carried map data, with the entities' order when groups move them.
pub fn carried_map(doc: &Document) -> serde_json::Value {
    let mut value = super::carry::map_value(doc);
    if !doc.groups.is_empty()
        && let serde_json::Value::Object(map) = &mut value
    {
        let order: Vec<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
        map.insert(ORDER_FIELD.into(), order.into());
    }
    value
}

/// Puts the entities back in the order the carried map data lists, and drops the list.
pub fn restore_order(doc: &mut Document) {
    let Some(serde_json::Value::Array(order)) = doc.extra.remove(ORDER_FIELD) else {
        return;
    };
    let rank: std::collections::HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some((v.as_str()?, i)))
        .collect();
    let mut entities = std::mem::take(&mut doc.entities);
    entities.sort_by_key(|e| rank.get(e.id.as_str()).copied().unwrap_or(usize::MAX));
    doc.entities = entities;
}

/// Writes `doc`'s entities at `indent`: those in no group, then each top-level group as a node
/// holding its members and inner groups.
pub fn write_nodes(
    s: &mut String,
    doc: &Document,
    indent: &str,
    entity: &mut dyn FnMut(&mut String, &Entity, &str),
) {
    let grouped: HashSet<&str> = doc
        .groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| m.as_str()))
        .collect();
    for e in doc
        .entities
        .iter()
        .filter(|e| !grouped.contains(e.id.as_str()))
    {
        entity(s, e, indent);
    }
    let entity_ids: HashSet<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
    for g in doc.groups.iter().filter(|g| g.parent.is_none()) {
        write_group(s, doc, g, indent, &entity_ids, entity, 0);
    }
}

fn write_group(
    s: &mut String,
    doc: &Document,
    g: &Group,
    indent: &str,
    entity_ids: &HashSet<&str>,
    entity: &mut dyn FnMut(&mut String, &Entity, &str),
    depth: usize,
) {
    if depth > doc.groups.len() {
        return;
    }
    let id = node_id(g, entity_ids);
    let _ = writeln!(
        s,
        "{indent}<node id=\"{}\" yfiles.foldertype=\"group\">",
        escape(&id)
    );
    let _ = writeln!(
        s,
        "{indent}  <data key=\"n_label\">{}</data>",
        escape(&g.name)
    );
    let fill = g.color.as_deref().unwrap_or("#5b6b86");
    let _ = writeln!(
        s,
        "{indent}  <data key=\"{GRAPHICS_KEY}\"><y:ProxyAutoBoundsNode><y:Realizers active=\"0\">\
         <y:GroupNode><y:Fill color=\"{fill}\" transparent=\"false\"/>\
         <y:NodeLabel modelName=\"internal\" modelPosition=\"t\">{}</y:NodeLabel>\
         <y:Shape type=\"roundrectangle\"/><y:State closed=\"{}\"/></y:GroupNode>\
         </y:Realizers></y:ProxyAutoBoundsNode></data>",
        escape(&g.name),
        g.folded
    );
    let carried = Group {
        members: Vec::new(),
        parent: None,
        ..g.clone()
    };
    let _ = writeln!(
        s,
        "{indent}  <data key=\"n_relmap\">{}</data>",
        escape(&serde_json::to_string(&carried).unwrap_or_default())
    );
    let _ = writeln!(
        s,
        "{indent}  <graph id=\"{}:\" edgedefault=\"directed\">",
        escape(&id)
    );
    let inner = format!("{indent}    ");
    for m in &g.members {
        if let Some(e) = doc.entity(m.as_str()) {
            entity(s, e, &inner);
        }
    }
    for child in doc
        .groups
        .iter()
        .filter(|c| c.parent.as_ref() == Some(&g.id))
    {
        write_group(s, doc, child, &inner, entity_ids, entity, depth + 1);
    }
    let _ = writeln!(s, "{indent}  </graph>");
    let _ = writeln!(s, "{indent}</node>");
}

/// A group's node id: its own, unless an entity has that id.
fn node_id(g: &Group, entity_ids: &HashSet<&str>) -> String {
    if entity_ids.contains(g.id.as_str()) {
        format!("group:{}", g.id)
    } else {
        g.id.as_str().to_owned()
    }
}

/// A group node read from a file, with the foreign ids of the nodes nested in it.
#[derive(Debug)]
struct Pending {
    foreign: String,
    group: Group,
    parent: Option<usize>,
    members: Vec<String>,
}

/// The groups read so far, and the one being read.
#[derive(Debug, Default)]
pub struct Nested {
    pending: Vec<Pending>,
    open: Vec<usize>,
}

impl Nested {
    /// Starts group node `foreign`, named `name`; what relmap carried for it, if anything,
    /// gives its kind, colour and unknown fields.
    pub fn open(
        &mut self,
        foreign: &str,
        name: String,
        color: Option<String>,
        folded: bool,
        carried: Option<&str>,
    ) {
        let mut group = carried
            .and_then(|c| serde_json::from_str::<Group>(c).ok())
            .unwrap_or_else(|| Group::new(GroupId::new(foreign), name.clone(), Vec::new()));
        if group.name.trim().is_empty() {
            group.name = if name.trim().is_empty() {
                foreign.to_owned()
            } else {
                name
            };
        }
        if carried.is_none() {
            group.color = color.filter(|c| crate::model::parse_hex_color(c).is_some());
            group.folded = folded;
        }
        self.pending.push(Pending {
            foreign: foreign.to_owned(),
            group,
            parent: self.open.last().copied(),
            members: Vec::new(),
        });
        self.open.push(self.pending.len() - 1);
    }

    /// Ends the group node opened last.
    pub fn close(&mut self) {
        self.open.pop();
    }

    /// Node `foreign` was read inside the open group, if any.
    pub fn member(&mut self, foreign: &str) {
        if let Some(&g) = self.open.last() {
            self.pending[g].members.push(foreign.to_owned());
        }
    }

    /// The groups, with members as the entities the builder made, into the builder's map.
    pub fn finish(self, b: &mut Builder) {
        if self.pending.is_empty() {
            return;
        }
        let mut used: HashSet<String> = HashSet::new();
        let ids: Vec<GroupId> = self
            .pending
            .iter()
            .map(|p| {
                let mut id = p.group.id.as_str().to_owned();
                if id.trim().is_empty() {
                    id = p.foreign.clone();
                }
                let base = id.clone();
                let mut n = 2;
                while !used.insert(id.clone()) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                GroupId::new(id)
            })
            .collect();
        let count = self.pending.len();
        let mut groups = Vec::with_capacity(count);
        let mut seen: HashSet<String> = HashSet::new();
        for (i, p) in self.pending.into_iter().enumerate() {
            let mut g = p.group;
            g.id = ids[i].clone();
            g.parent = p.parent.map(|j| ids[j].clone());
            g.members = p
                .members
                .iter()
                .filter_map(|f| b.entity_id(f))
                .filter(|id| seen.insert(id.as_str().to_owned()))
                .collect();
            groups.push(g);
        }
        b.report.read(format!(
            "{count} group(s) from nodes holding nested graphs (yEd's groups), with their members"
        ));
        b.doc_mut().groups = groups;
    }
}
