// Lays out one graph with d3-force or ForceAtlas2 (graphology), for the side-by-side layout
// table of `cargo bench --bench layout -- layouts` (see docs/PERFORMANCE.md). Reads
// {"n": N, "links": [[a, b], ...]} on stdin and prints {"ms": T, "positions": [[x, y], ...]}:
// the time of the layout itself, without Node's start-up.
//
//   node layouts.mjs d3|fa2 < graph.json
//
// d3-force runs with its defaults (link, many-body and centring forces) until it cools
// (300 ticks, as d3 stops). ForceAtlas2 runs with graphology's inferred settings (Barnes-Hut
// above 2 000 nodes, as Gephi does) for as many iterations as Gephi users typically let it
// run before calling it settled: 1 000 for small graphs, 500 above 2 000 nodes.
import { forceSimulation, forceLink, forceManyBody, forceCenter } from "d3-force";
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { n, links } = JSON.parse(Buffer.concat(chunks).toString());
const tool = process.argv[2];

// A seeded start on a spiral (as d3 places unplaced nodes), the same for both tools.
const start = (i) => {
  const r = 10 * Math.sqrt(0.5 + i);
  const a = i * Math.PI * (3 - Math.sqrt(5));
  return [r * Math.cos(a), r * Math.sin(a)];
};

let positions;
const t0 = performance.now();
if (tool === "d3") {
  const nodes = Array.from({ length: n }, (_, i) => ({ index: i }));
  const sim = forceSimulation(nodes)
    .force("link", forceLink(links.map(([source, target]) => ({ source, target }))))
    .force("charge", forceManyBody())
    .force("center", forceCenter())
    .stop();
  const ticks = Math.ceil(Math.log(sim.alphaMin()) / Math.log(1 - sim.alphaDecay()));
  for (let i = 0; i < ticks; i++) sim.tick();
  positions = nodes.map((d) => [d.x, d.y]);
} else if (tool === "fa2") {
  const g = new Graph({ type: "undirected", multi: true });
  for (let i = 0; i < n; i++) {
    const [x, y] = start(i);
    g.addNode(String(i), { x, y });
  }
  for (const [a, b] of links) if (a !== b) g.addEdge(String(a), String(b));
  const settings = forceAtlas2.inferSettings(g);
  const iterations = n > 2000 ? 500 : 1000;
  forceAtlas2.assign(g, { iterations, settings });
  positions = Array.from({ length: n }, (_, i) => {
    const a = g.getNodeAttributes(String(i));
    return [a.x, a.y];
  });
} else {
  console.error("usage: node layouts.mjs d3|fa2 < graph.json");
  process.exit(2);
}
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, positions }));
