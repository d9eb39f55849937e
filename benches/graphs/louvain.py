"""Louvain communities of one graph, for the layout benchmark's built-in graphs.

Reads {"n": N, "links": [[a, b], ...]} on stdin; prints each node's community, numbered by
its smallest node. The same call as make_graphs.py: networkx's Louvain, seed 1.
"""

import json
import sys

import networkx as nx

data = json.load(sys.stdin)
g = nx.Graph()
g.add_nodes_from(range(data["n"]))
g.add_edges_from((a, b) for a, b in data["links"] if a != b)
parts = sorted(nx.community.louvain_communities(g, seed=1), key=min)
community = [0] * data["n"]
for c, part in enumerate(parts):
    for v in part:
        community[v] = c
json.dump(community, sys.stdout)
