#!/usr/bin/env python3
"""The peer for the million-row CSV rows of docs/PERFORMANCE.md: networkx (3.6.1, as .ci/run
installs it) reading the same edges table into a DiGraph with its weights.

    python3 benches/networkx_read_csv.py EDGES.csv
"""
import csv, sys, networkx as nx
# networkx reading the same Gephi-style edges table: header skipped, weight as a number.
with open(sys.argv[1], newline="") as f:
    rows = csv.reader(f)
    next(rows)
    g = nx.DiGraph()
    g.add_weighted_edges_from((s, t, float(w)) for s, t, w in rows)
print(g.number_of_nodes(), g.number_of_edges())
