"""Writes the layout benchmark's graph classes (benches/compare.rs) as JSON, one file each.

Every graph comes from networkx 3.6 (its generators, with a fixed seed, or the classic data
sets it ships, BSD-licensed) or from a seeded generator here where networkx has none (the
flight network, the long-path tree, the forest). Each file holds:

    {"name": ..., "class": ..., "names": [...], "links": [[a, b], ...],
     "communities": [c0, c1, ...]}

`communities` is networkx's Louvain partition (seed 1, resolution 1) of the graph, the ground
the benchmark's community measure reads: the share of each node's ten nearest drawn
neighbours that are in its community. Generated graphs keep their largest connected part
(the forest excepted), so every peer lays out one piece; names are "Node i" as in the
issue's measurements, the data sets' own names otherwise.

    python3 -m pip install networkx==3.6.1 && python3 benches/graphs/make_graphs.py
"""

import json
import math
import os
import random

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))


def largest_part(g):
    return g.subgraph(max(nx.connected_components(g), key=len)).copy()


def simple(g):
    """Undirected, without self-loops or repeated links."""
    h = nx.Graph()
    h.add_nodes_from(g.nodes())
    h.add_edges_from((a, b) for a, b in g.edges() if a != b)
    return h


def flights(n=235, hubs=12, seed=7):
    """Airports scattered over a map; a dozen hubs all linked to each other; every other
    airport flies to its nearest hub, often to a second, and sometimes to a neighbour."""
    rng = random.Random(seed)
    xy = [(rng.random(), rng.random()) for _ in range(n)]
    g = nx.Graph()
    g.add_nodes_from(range(n))
    hub = list(range(hubs))
    for a in hub:
        for b in hub:
            if a < b and rng.random() < 0.8:
                g.add_edge(a, b)
    def dist(a, b):
        return math.dist(xy[a], xy[b])
    for a in range(hubs, n):
        near = sorted(hub, key=lambda h: dist(a, h))
        g.add_edge(a, near[0])
        if rng.random() < 0.5:
            g.add_edge(a, near[1])
        if rng.random() < 0.15:
            g.add_edge(a, rng.choice(hub))
        if rng.random() < 0.3:
            others = sorted((b for b in range(hubs, n) if b != a), key=lambda b: dist(a, b))
            g.add_edge(a, others[0])
    return g


def long_path_tree(spine=120, every=6, branch=15):
    """A spine with long branches: what the force layout crumpled into a disc."""
    g = nx.path_graph(spine)
    k = spine
    for s in range(0, spine, every):
        prev = s
        for _ in range(branch):
            g.add_edge(prev, k)
            prev = k
            k += 1
    return g


def forest(trees=40, seed=11):
    rng = random.Random(seed)
    g = nx.Graph()
    k = 0
    for t in range(trees):
        size = rng.randint(5, 30)
        tree = nx.random_labeled_tree(size, seed=seed * 1000 + t)
        g.add_edges_from((a + k, b + k) for a, b in tree.edges())
        k += size
    return g


def planted(sizes, degree, ratio, seed):
    """A stochastic block model: links inside a block `ratio` times as likely as across,
    `degree` links per node on average."""
    n = sum(sizes)
    inside = sum(s * (s - 1) for s in sizes) / n
    across = sum(s * (n - s) for s in sizes) / n
    p_out = degree / (ratio * inside + across)
    p_in = ratio * p_out
    probs = [[p_in if i == j else p_out for j in range(len(sizes))] for i in range(len(sizes))]
    return nx.stochastic_block_model(sizes, probs, seed=seed)


def graphs():
    dep = simple(nx.scale_free_graph(1700, seed=3).to_undirected())
    yield "random geometric graph", "rgg", largest_part(nx.random_geometric_graph(2000, 0.04, seed=5)), False
    yield "hypercube", "hypercube", nx.hypercube_graph(8), False
    yield "two-mode affiliation (Davis's Southern Women)", "two_mode", nx.davis_southern_women_graph(), True
    yield "two camps, planted partition", "two_camps", largest_part(planted([611, 611], 25, 12, 13)), False
    yield "five blocks, planted partition", "five_blocks", largest_part(planted([200] * 5, 25, 20, 17)), False
    yield "scale-free dependency graph", "dependencies", largest_part(dep), False
    yield "flight network, hubs and spokes", "flights", largest_part(flights()), False
    yield "Barabási–Albert", "barabasi_albert", nx.barabasi_albert_graph(1000, 2, seed=19), False
    yield "Watts–Strogatz", "watts_strogatz", largest_part(nx.watts_strogatz_graph(1000, 6, 0.1, seed=23)), False
    yield "long-path tree", "long_path_tree", long_path_tree(), False
    yield "forest of 40 trees", "forest", forest(), False
    yield "karate club", "karate", nx.karate_club_graph(), True
    yield "Florentine families", "florentine", nx.florentine_families_graph(), True


def main():
    for title, slug, g, named in graphs():
        nodes = list(g.nodes())
        index = {v: i for i, v in enumerate(nodes)}
        names = [str(v) if named else f"Node {i}" for i, v in enumerate(nodes)]
        links = sorted({tuple(sorted((index[a], index[b]))) for a, b in g.edges() if a != b})
        parts = nx.community.louvain_communities(g, seed=1)
        community = [0] * len(nodes)
        for c, part in enumerate(sorted(parts, key=lambda p: min(index[v] for v in p))):
            for v in part:
                community[index[v]] = c
        out = {
            "name": f"{title}, {len(nodes)} nodes",
            "class": slug,
            "names": names,
            "links": [list(l) for l in links],
            "communities": community,
        }
        with open(os.path.join(HERE, f"{slug}.json"), "w", encoding="utf-8") as f:
            json.dump(out, f, separators=(",", ":"), ensure_ascii=False)
            f.write("\n")
        print(f"{slug}: {len(nodes)} nodes, {len(links)} links, {len(parts)} communities")


if __name__ == "__main__":
    main()
