#!/usr/bin/env python3
"""The store benchmark's case, as FollowTheMoney JSON lines: the same file is imported by
relmap and by the peer (Aleph's followthemoney-store).

    python3 benches/store/make_case.py OUT.ijson QUERIES.json [ENTITIES]

ENTITIES things (70% Person, 30% Company, default 1 000 000), twice as many edges (Ownership,
Directorship, Family, UnknownLink), half of them with a sourceUrl (a claim in relmap), among
1 000 sources. Entity "hub" has 1 000 relations. QUERIES.json holds 50 misspelt names
(one or two letters dropped, doubled or swapped) with the id each should find. Deterministic:
the same arguments give the same bytes.
"""
import json
import random
import sys

from misspell import misspell

out, queries_out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
rng = random.Random(20261202)

SYL = ["al", "an", "ar", "ba", "da", "di", "el", "fa", "ha", "ib", "ja", "ka", "kh", "la",
       "ma", "mi", "na", "no", "ra", "ri", "sa", "sh", "si", "ta", "ul", "za", "zu", "or",
       "es", "ve", "lo", "qu", "ro", "be", "mo", "ne"]


def word(lo, hi):
    return "".join(rng.choice(SYL) for _ in range(rng.randint(lo, hi))).capitalize()


def person_name():
    return f"{word(2, 3)} {word(2, 4)}"


def company_name():
    return f"{word(2, 3)} {word(1, 3)} {rng.choice(['Holdings', 'Trading', 'Group', 'Logistics', 'Partners', 'Ltd'])}"


names = []
with open(out, "w") as f:
    def put(entity):
        f.write(json.dumps(entity, separators=(",", ":")) + "\n")

    for i in range(n):
        eid = "hub" if i == 0 else f"e{i}"
        if i % 10 < 7:
            name = person_name()
            props = {"name": [name], "birthDate": [f"{rng.randint(1930, 2000)}"],
                     "nationality": [rng.choice(["af", "pk", "us", "ae", "qa"])]}
            schema = "Person"
        else:
            name = company_name()
            props = {"name": [name], "incorporationDate": [f"{rng.randint(1960, 2020)}-0{rng.randint(1, 9)}"],
                     "jurisdiction": [rng.choice(["ae", "cy", "pa", "vg"])]}
            schema = "Company"
        if rng.random() < 0.1:
            props["alias"] = [person_name() if schema == "Person" else company_name()]
        names.append((eid, name, schema))
        put({"id": eid, "schema": schema, "properties": props})

    people = [i for i in range(n) if i % 10 < 7]
    companies = [i for i in range(n) if i % 10 >= 7]
    edges = 2 * n
    for j in range(edges):
        if j < 1000:
            a = 0
            b = rng.randrange(1, n)
        else:
            a = rng.randrange(1, n)
            b = rng.randrange(1, n)
        ida = "hub" if a == 0 else f"e{a}"
        idb = f"e{b}"
        kind = j % 4
        if kind == 0:
            schema, props = "Ownership", {"owner": [ida], "asset": [idb], "percentage": [str(rng.randint(1, 100))]}
        elif kind == 1:
            schema, props = "Directorship", {"director": [ida], "organization": [idb], "role": ["director"]}
        elif kind == 2:
            schema, props = "Family", {"person": [ida], "relative": [idb], "relationship": [rng.choice(["son", "brother", "cousin"])]}
        else:
            schema, props = "UnknownLink", {"subject": [ida], "object": [idb]}
        if j % 2 == 0:
            props["sourceUrl"] = [f"https://example.org/reports/{rng.randrange(1000)}"]
            props["summary"] = ["Named in the report."]
        put({"id": f"x{j}", "schema": schema, "properties": props})

queries = []
for eid, name, schema in rng.sample(names[1:], 50):
    queries.append({"query": misspell(name, rng), "id": eid, "name": name})
with open(queries_out, "w") as f:
    json.dump(queries, f, indent=1)
