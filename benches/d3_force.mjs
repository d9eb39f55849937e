// Runs d3-force on the same generated graph as `cargo bench --bench layout` (a chain plus
// random extra links, m = 2n, seed 42, the same splitmix64 generator) with the same forces as
// relmap's defaults, and prints for each size:
//   - the time per tick (after a warm-up, so the JIT has compiled the hot code), and
//   - the stress after a fixed wall-time budget, measured exactly as the `quality` group of
//     benches/layout.rs measures it (same sampled pairs, same normalisation for scale).
// Optional and not part of CI:
//
//   cd benches && npm install
//   node d3_force.mjs [--budget-ms 500] 1000 5000 10000
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
  for (let i = 1; i < n; i++) links.push([i - 1, i]);
  while (links.length < 2 * n) {
    const a = Number(next() % BigInt(n));
    const b = Number(next() % BigInt(n));
    if (a !== b) links.push([a, b]);
  }
  return links;
}

// The same as `stress` in benches/layout.rs: sources every n/50th node, targets every
// n/200th, graph distance by breadth-first search, and the layout scaled by the factor that
// minimises the weighted stress before it is measured. Lower is better.
function stress(positions, links, n) {
  const adj = Array.from({ length: n }, () => []);
  for (const [a, b] of links) {
    adj[a].push(b);
    adj[b].push(a);
  }
  let num = 0;
  let den = 0;
  const pairs = [];
  const dist = new Int32Array(n);
  for (let s = 0; s < n; s += Math.max(Math.floor(n / 50), 1)) {
    dist.fill(-1);
    dist[s] = 0;
    const queue = [s];
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head];
      for (const w of adj[v]) {
        if (dist[w] === -1) {
          dist[w] = dist[v] + 1;
          queue.push(w);
        }
      }
    }
    for (let t = 0; t < n; t += Math.max(Math.floor(n / 200), 1)) {
      if (t !== s && dist[t] !== -1) {
        const [p, q] = [positions[s], positions[t]];
        const e = Math.hypot(p[0] - q[0], p[1] - q[1]);
        const d = dist[t];
        num += (e * d) / (d * d);
        den += (e * e) / (d * d);
        pairs.push([e, d]);
      }
    }
  }
  const scale = den > 0 ? num / den : 1;
  let sum = 0;
  for (const [e, d] of pairs) sum += ((e * scale - d) / d) ** 2;
  return sum / Math.max(pairs.length, 1);
}

// relmap's `LayoutParams::default()`: link distance 90, charge -400, gravity 0.06, and d3's
// own velocity decay, alpha decay and theta.
function simulation(n, links) {
  const nodes = Array.from({ length: n }, (_, i) => ({ index: i }));
  return forceSimulation(nodes)
    .force("link", forceLink(links.map(([source, target]) => ({ source, target }))).distance(90))
    .force("charge", forceManyBody().strength(-400))
    .force("x", forceX().strength(0.06))
    .force("y", forceY().strength(0.06))
    .stop();
}

const args = process.argv.slice(2);
let budgetMs = 500;
const sizes = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--budget-ms") budgetMs = Number(args[++i]);
  else sizes.push(Number(args[i]));
}
if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 2) || !(budgetMs > 0)) {
  console.error("usage: node d3_force.mjs [--budget-ms 500] <nodes>...  (each at least 2)");
  process.exit(2);
}

for (const n of sizes) {
  const links = chainLinks(n, 42);

  const timed = simulation(n, links);
  timed.tick(3); // warm-up: let the JIT compile the forces before timing
  const steps = n >= 100000 ? 5 : 20;
  let start = performance.now();
  timed.tick(steps);
  const perTick = (performance.now() - start) / steps;

  // A fresh simulation, run tick by tick until the budget is spent or it settles, as the
  // Rust bench runs relmap's.
  const sim = simulation(n, links);
  let ticks = 0;
  start = performance.now();
  while (performance.now() - start < budgetMs && sim.alpha() >= sim.alphaMin()) {
    sim.tick();
    ticks++;
  }
  const positions = sim.nodes().map((node) => [node.x, node.y]);
  console.log(
    `d3-force: ${n} nodes: ${perTick.toFixed(1)} ms per tick; ` +
      `stress after ${budgetMs} ms ${stress(positions, links, n).toFixed(4)} (${ticks} ticks)`,
  );
}
