#!/usr/bin/env python3
"""Two analysts' versions of the bundled map, for the README's diff and merge example.

Amina and Ben each start from assets/haqqani_network.json and read the same article:
- both quote it on "Haqqani Network allied with Taliban", each a different sentence (a merge
  keeps both claims);
- both rewrite Anas Haqqani's summary, differently (a merge records a conflict);
- Amina adds the article's author; Ben adds to ISIS-K's summary (each taken as it is).
Every quote is the article's own text, anchored where it stands in the source.

Run from the repository's root: python3 assets/versions/make_versions.py
"""
import copy
import json

with open("assets/haqqani_network.json", encoding="utf-8") as f:
    base = json.load(f)
source = base["sources"][0]
text = source["text"]


def claim(claimant, stance, quote):
    start = text.index(quote)
    c = {"source": source["id"], "stance": stance, "quote": quote,
         "anchor": {"start": start, "end": start + len(quote)}}
    if claimant:
        c["claimant"] = claimant
    return c


def entity(doc, id):
    return next(e for e in doc["entities"] if e["id"] == id)


def relation(doc, id):
    return next(r for r in doc["relations"] if r["id"] == id)


amina = copy.deepcopy(base)
relation(amina, "haqqanis-allied-taliban")["claims"].append(
    claim("pentagon", "qualifies", "I mean, there is a marbling, if you will, of Taliban and Haqqani."))
entity(amina, "anas-haqqani")["summary"] = (
    "A top leader in the Haqqani Network; son of Jalaluddin Haqqani. Named to the Taliban's "
    "negotiating team in Doha in February 2019 while still imprisoned; released in the "
    "November 2019 prisoner exchange.")
amina["entities"].append({"id": "jerry-dunleavy", "name": "Jerry Dunleavy", "kind": "person",
                          "summary": "Reporter; author of the article."})
amina["relations"].append({"id": "dunleavy-writes-for-examiner", "from": "jerry-dunleavy",
                           "to": "washington-examiner", "kind": "writes for", "directed": True,
                           "claims": [claim(None, "asserts", "Original Author: Jerry Dunleavy")]})

ben = copy.deepcopy(base)
relation(ben, "haqqanis-allied-taliban")["claims"].append(
    claim("anas-haqqani", "asserts", "We are the Taliban."))
entity(ben, "anas-haqqani")["summary"] = (
    "A top leader in the Haqqani Network; son of Jalaluddin Haqqani. Afghan intelligence "
    "called him a key part of the network's insurgent operations, which he denies.")
isis = entity(ben, "isis-k")
isis["summary"] = isis["summary"].rstrip() + " It took responsibility for the Kabul airport bombing."

for name, doc in (("amina", amina), ("ben", ben)):
    with open(f"assets/versions/{name}.json", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
