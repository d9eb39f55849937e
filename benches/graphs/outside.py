"""Writes graphs outside the layout benchmark's classes, to check that what holds on the
benchmark's graphs holds on others of their kinds (the layout issue: "aim at the classes,
not at these numbers"). Not committed: written to the folder given, then

    RELMAP_BENCH_FILES=$(ls DIR/*.json | paste -sd,) cargo bench --bench compare

Each file is in make_graphs.py's format, with networkx's Louvain communities (seed 1).

    python3 -m pip install networkx==3.6.1 && python3 benches/graphs/outside.py DIR
"""

import json
import math
import os
import sys

import networkx as nx
from networkx.algorithms.community import louvain_communities


def write(folder, slug, name, g):
    g = g.subgraph(max(nx.connected_components(g), key=len)).copy()
    g = nx.convert_node_labels_to_integers(g)
    community = [0] * g.number_of_nodes()
    for k, members in enumerate(louvain_communities(g, seed=1)):
        for v in members:
            community[v] = k
    data = {
        "name": name,
        "class": slug,
        "names": [f"Node {i}" for i in g.nodes()],
        "links": [[a, b] for a, b in g.edges() if a != b],
        "communities": community,
    }
    with open(os.path.join(folder, f"{slug}.json"), "w") as f:
        json.dump(data, f)
    print(slug, g.number_of_nodes(), g.number_of_edges())


def main(folder):
    os.makedirs(folder, exist_ok=True)
    n = 900
    radius = math.sqrt(11 / (math.pi * n))
    write(folder, "rgg900", "geometric graph, 900 nodes (outside)",
          nx.random_geometric_graph(n, radius, seed=3))
    write(folder, "er800", "Erdős–Rényi, 800 nodes, degree 20 (outside)",
          nx.gnp_random_graph(800, 20 / 799, seed=4))
    blocks = [[0.13 if i == j else 0.006 for j in range(8)] for i in range(8)]
    write(folder, "sbm8", "planted partition, 8 blocks (outside)",
          nx.stochastic_block_model([100] * 8, blocks, seed=5))
    write(folder, "ws600", "Watts–Strogatz, 600 nodes (outside)",
          nx.watts_strogatz_graph(600, 6, 0.05, seed=6))
    write(folder, "grid20", "grid 20x20 with names (outside)", nx.grid_2d_graph(20, 20))
    write(folder, "tree300", "random tree, 300 nodes (outside)",
          nx.random_labeled_tree(300, seed=7))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "outside")
