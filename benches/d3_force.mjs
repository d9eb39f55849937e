// Times d3-force on the same generated graph as `cargo bench --bench layout` (a chain plus
// random extra links, m = 2n, seed 42, the same splitmix64 generator), for comparison.
// Optional and not part of CI:
//
//   npm install d3-force
//   node benches/d3_force.mjs 1000 10000 100000
import { forceSimulation, forceLink, forceManyBody, forceX, forceY } from "d3-force";

function chainLinks(n, seed) {
  let state = BigInt(seed);
  const mask = (1n << 64n) - 1n;
  const next = () => {
    state = (state + 0x9e3779b97f4a7c15n) & mask;
    let x = state;
    x = ((x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
    x = ((x ^ (x >> 27n)) * 0x94d049bb133111ebn) & mask;
    return x ^ (x >> 31n);
  };
  const links = [];
  for (let i = 1; i < n; i++) links.push({ source: i - 1, target: i });
  while (links.length < 2 * n) {
    const a = Number(next() % BigInt(n));
    const b = Number(next() % BigInt(n));
    if (a !== b) links.push({ source: a, target: b });
  }
  return links;
}

for (const n of process.argv.slice(2).map(Number)) {
  const nodes = Array.from({ length: n }, (_, i) => ({ index: i }));
  const sim = forceSimulation(nodes)
    .force("link", forceLink(chainLinks(n, 42)).distance(90))
    .force("charge", forceManyBody().strength(-400))
    .force("x", forceX().strength(0.06))
    .force("y", forceY().strength(0.06))
    .stop();
  sim.tick(3); // warm up
  const steps = n >= 100000 ? 5 : 20;
  const start = performance.now();
  sim.tick(steps);
  console.log(`d3-force: ${n} nodes: ${((performance.now() - start) / steps).toFixed(1)} ms per tick`);
}
