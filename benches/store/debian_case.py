#!/usr/bin/env python3
"""The store benchmark's second class: a real dataset, Debian 12 ("bookworm", main, amd64) as
a case, written as FollowTheMoney JSON lines like make_case.py's, so that relmap and the peer
import the same file.

    python3 benches/store/debian_case.py DIR OUT.ijson QUERIES.json

It reads the archive's own indexes, downloaded into DIR once (about 30 MB) from
deb.debian.org: Packages.xz, Sources.xz and Contents-amd64.gz. Where make_case.py draws
names and links at random, these are real: names like "libqt5core5a" and "Debian Python
Team", and degrees as uneven as a real network's (libc6 is depended on by about 20 000
packages).

- Entities (FollowTheMoney `Asset`, `Person`, `Organization`):
  - each binary package (`deb:NAME`), with its one-line description as the summary;
  - each source package (`src:NAME`);
  - each maintainer and uploader (`who:EMAIL`): an `Organization` when the name is a team's
    or a list's, a `Person` otherwise;
  - each file a package installs (`file:PATH`, named by its last part).
- Relations:
  - a binary package's Depends and Pre-Depends (`UnknownLink`, role "depends"), each citing
    the package's page (a claim in relmap), and its Recommends (role "recommends"), to the
    first alternative that is a real package;
  - the source package that builds each binary package (`Ownership`, owner the source);
  - maintainers and uploaders of each source package (`Directorship`);
  - each file to its package (`UnknownLink`, role "contains").
- The binary package with the number of relations nearest 1 000 takes the id `hub`, so that
  the bench's "two hops around a hub of 1 000 relations" asks the same of both classes.
- QUERIES.json holds 50 names (35 packages, 15 maintainers) misspelt as make_case.py
  misspells them, each with the id it should find.

Deterministic for given downloads: bookworm's indexes change only at point releases.
"""
import gzip
import json
import lzma
import os
import random
import re
import sys
import urllib.request

from misspell import misspell

MIRROR = "http://deb.debian.org/debian/dists/bookworm/main"
FILES = {
    "Packages.xz": f"{MIRROR}/binary-amd64/Packages.xz",
    "Sources.xz": f"{MIRROR}/source/Sources.xz",
    "Contents-amd64.gz": f"{MIRROR}/Contents-amd64.gz",
}


def fetch(directory):
    os.makedirs(directory, exist_ok=True)
    for name, url in FILES.items():
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            print(f"downloading {url}", file=sys.stderr)
            urllib.request.urlretrieve(url, path + ".part")
            os.replace(path + ".part", path)


def stanzas(text):
    """deb822 paragraphs as dicts (continuation lines joined to their field)."""
    for block in text.split("\n\n"):
        fields, key = {}, None
        for line in block.split("\n"):
            if not line:
                continue
            if line[0] in " \t" and key:
                fields[key] += "\n" + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if fields:
            yield fields


def people(field):
    """`Name <email>, Name <email>` as (name, email) pairs."""
    return [(m.group(1).strip().strip('"'), m.group(2).strip().lower())
            for m in re.finditer(r"([^,<]+)<([^>]+)>", field or "")]


def alternatives(field):
    """A Depends field as lists of package names, one list per comma."""
    out = []
    for group in (field or "").split(","):
        names = [re.split(r"[\s(:\[]", a.strip(), maxsplit=1)[0] for a in group.split("|")]
        out.append([n for n in names if n])
    return out


TEAM = re.compile(r"team|maintainers|packagers|group|project|list", re.I)


def main():
    directory, out, queries_out = sys.argv[1], sys.argv[2], sys.argv[3]
    fetch(directory)
    rng = random.Random(20261206)
    read = lambda name, opener: opener(os.path.join(directory, name), "rt", encoding="utf-8",
                                       errors="replace").read()
    binaries = {}
    for s in stanzas(read("Packages.xz", lzma.open)):
        if "Package" in s:
            binaries.setdefault(s["Package"], s)
    entities, relations = {}, []
    who = {}
    for name in sorted(binaries):
        s = binaries[name]
        summary = s.get("Description", "").split("\n")[0]
        entities[f"deb:{name}"] = ("Asset", {"name": [name], "summary": [summary]})
    for s in sorted(stanzas(read("Sources.xz", lzma.open)), key=lambda s: s.get("Package", "")):
        src = s.get("Package")
        if not src or f"src:{src}" in entities:
            continue
        entities[f"src:{src}"] = ("Asset", {"name": [src], "notes": ["source package"]})
        for role, field in (("maintainer", "Maintainer"), ("uploader", "Uploaders")):
            for display, email in people(s.get(field)):
                who.setdefault(email, display)
                relations.append(("Directorship", {"director": [f"who:{email}"],
                                                   "organization": [f"src:{src}"],
                                                   "role": [role]}))
    for email in sorted(who):
        schema = "Organization" if TEAM.search(who[email]) or "lists." in email else "Person"
        entities[f"who:{email}"] = (schema, {"name": [who[email]], "email": [email]})
    for name in sorted(binaries):
        s = binaries[name]
        src = s.get("Source", name).split(" ")[0]
        if f"src:{src}" in entities:
            relations.append(("Ownership", {"owner": [f"src:{src}"], "asset": [f"deb:{name}"]}))
        for role, fields in (("depends", ("Pre-Depends", "Depends")), ("recommends", ("Recommends",))):
            seen = set()
            for field in fields:
                for group in alternatives(s.get(field)):
                    target = next((n for n in group if n in binaries), None)
                    if target and target != name and target not in seen:
                        seen.add(target)
                        props = {"subject": [f"deb:{name}"], "object": [f"deb:{target}"], "role": [role]}
                        if role == "depends":
                            props["sourceUrl"] = [f"https://packages.debian.org/bookworm/{name}"]
                            props["summary"] = [f"{name} depends on {target}."]
                        relations.append(("UnknownLink", props))
    with gzip.open(os.path.join(directory, "Contents-amd64.gz"), "rt", encoding="utf-8",
                   errors="replace") as f:
        for line in f:
            path, _, owners = line.rstrip("\n").rpartition(" ")
            path = path.strip()
            if not path or path == "FILE":
                continue
            packages = [o.rsplit("/", 1)[-1] for o in owners.split(",")]
            packages = [p for p in packages if p in binaries]
            if not packages:
                continue
            fid = f"file:/{path}"
            entities[fid] = ("Asset", {"name": [path.rsplit("/", 1)[-1]], "notes": [f"/{path}"]})
            for p in packages:
                relations.append(("UnknownLink", {"subject": [f"deb:{p}"], "object": [fid],
                                                  "role": ["contains"]}))
    # The hub: the binary package whose relations number nearest 1 000.
    degree = {}
    for _, props in relations:
        for values in props.values():
            for v in values:
                if isinstance(v, str) and v.startswith("deb:"):
                    degree[v] = degree.get(v, 0) + 1
    hub = min(sorted(degree), key=lambda k: abs(degree[k] - 1000))
    rename = lambda i: "hub" if i == hub else i
    with open(out, "w") as f:
        for eid, (schema, props) in entities.items():
            f.write(json.dumps({"id": rename(eid), "schema": schema, "properties": props},
                               separators=(",", ":")) + "\n")
        for j, (schema, props) in enumerate(relations):
            props = {k: [rename(v) for v in vs] for k, vs in props.items()}
            f.write(json.dumps({"id": f"x{j}", "schema": schema, "properties": props},
                               separators=(",", ":")) + "\n")
    named = lambda prefix: sorted((rename(e), p["name"][0]) for e, (s, p) in entities.items()
                                  if e.startswith(prefix) and len(p["name"][0]) >= 6)
    picks = rng.sample(named("deb:"), 35) + rng.sample(named("who:"), 15)
    queries = []
    for eid, name in picks:
        queries.append({"query": misspell(name, rng), "id": eid, "name": name})
    with open(queries_out, "w") as f:
        json.dump(queries, f, indent=1)
    kinds = {}
    for schema, _ in entities.values():
        kinds[schema] = kinds.get(schema, 0) + 1
    print(json.dumps({"entities": len(entities), "by_schema": kinds, "relations": len(relations),
                      "hub": hub, "hub_relations": degree[hub]}), file=sys.stderr)


if __name__ == "__main__":
    main()
