#!/usr/bin/env python3
"""Writes src/io/formats/ftm_schema.rs: what relmap needs of the FollowTheMoney model.

FollowTheMoney says in each schema's YAML which properties are an edge's source and target
(its `edge:` block); relmap takes that from the model instead of guessing per schema. Run with
the `followthemoney` Python package installed (pip install followthemoney==4.11.2), from the
repository's root:

    python3 vendor/followthemoney/make_table.py > src/io/formats/ftm_schema.rs

The model is MIT-licensed (LICENSE beside this script).
"""
import followthemoney
from followthemoney import model


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    version = getattr(followthemoney, "__version__", "?")
    print("//! What relmap needs of the FollowTheMoney model, generated from its schema by")
    print("//! `vendor/followthemoney/make_table.py` (followthemoney %s, MIT licence)." % version)
    print("//! Do not edit by hand: run the script again.")
    print()
    print("/// An edge schema: which properties hold its ends, as the model's `edge:` block says.")
    print("pub struct EdgeSchema {")
    print("    pub schema: &'static str,")
    print("    pub source: &'static str,")
    print("    pub target: &'static str,")
    print("    pub label: &'static str,")
    print("    pub directed: bool,")
    print("    /// Properties whose values caption the edge (a role, a percentage).")
    print("    pub caption: &'static [&'static str],")
    print("}")
    print()
    print("pub const EDGES: &[EdgeSchema] = &[")
    for s in sorted(model.schemata.values(), key=lambda s: s.name):
        if s.edge_source and s.edge_target:
            caption = ", ".join(rust_str(c) for c in (s.edge_caption or []))
            print("    EdgeSchema {")
            print("        schema: %s," % rust_str(s.name))
            print("        source: %s," % rust_str(s.edge_source))
            print("        target: %s," % rust_str(s.edge_target))
            print("        label: %s," % rust_str(s.edge_label or s.label.lower()))
            print("        directed: %s," % ("true" if s.edge_directed else "false"))
            print("        caption: &[%s]," % caption)
            print("    },")
    print("];")
    print()
    print("/// Every schema, with its label and what it is: a thing (an entity on the map), an")
    print("/// interval (a relation or an event in time) or neither.")
    print("pub const SCHEMATA: &[(&str, &str, Family)] = &[")
    for s in sorted(model.schemata.values(), key=lambda s: s.name):
        if s.is_a("Thing"):
            family = "Family::Thing"
        elif s.is_a("Interval"):
            family = "Family::Interval"
        else:
            family = "Family::Other"
        print("    (%s, %s, %s)," % (rust_str(s.name), rust_str(s.label), family))
    print("];")
    print()
    print("#[derive(Debug, Clone, Copy, PartialEq, Eq)]")
    print("pub enum Family {")
    print("    Thing,")
    print("    Interval,")
    print("    Other,")
    print("}")
    print()
    dates = sorted({p.name for s in model.schemata.values() for p in s.properties.values() if p.type.name == "date"})
    refs = sorted({p.name for s in model.schemata.values() for p in s.properties.values() if p.type.name == "entity"})
    print("/// Properties of the date type, in any schema.")
    print("pub const DATE_PROPERTIES: &[&str] = &[%s];" % ", ".join(rust_str(d) for d in dates))
    print()
    print("/// Properties that refer to another entity, in any schema.")
    print("pub const ENTITY_PROPERTIES: &[&str] = &[%s];" % ", ".join(rust_str(r) for r in refs))


main()
