// Linear assignment: give each of 4 workers one of 4 jobs at the least total cost, exactly (assign), then the
// same solver on the libuv thread pool for a large random matrix (assignAsync), which leaves the event loop free.
//
// Run: npm run build (once), then node examples/lap.mjs
import assert from 'node:assert/strict';
import { assign, assignAsync } from 'discrete-ebm';

// cost[i][j]: hours worker i needs for job j.
const cost = [
  [9, 2, 7, 8],
  [6, 4, 3, 7],
  [5, 8, 1, 8],
  [7, 6, 9, 4],
];
const { cost: total, assignment } = assign(cost);

// Check against all 4! = 24 assignments: the solver is exact, so nothing may beat it.
let best = Infinity;
for (const p of permutations([0, 1, 2, 3])) best = Math.min(best, p.reduce((s, job, worker) => s + cost[worker][job], 0));
assert.equal(total, best);
assert.equal(total, 13);
assert.deepEqual([...assignment].sort(), [0, 1, 2, 3]); // every job taken exactly once
console.log(`4 workers: total ${total} hours, worker -> job ${[...assignment].join(' ')}`);

// A 1000 x 1000 matrix, flat row-major ({ n, cost }: no copy into rows), from a seeded generator so runs repeat.
const n = 1000;
let state = 1;
const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
const big = Float64Array.from({ length: n * n }, uniform);
const r = await assignAsync({ n, cost: big });
// Recompute the reported cost from the assignment itself.
let recomputed = 0;
for (let i = 0; i < n; i++) recomputed += big[i * n + r.assignment[i]];
assert.ok(Math.abs(recomputed - r.cost) < 1e-9);
// For uniform costs the optimum tends to pi^2 / 6 = 1.645 as n grows (Aldous 2001).
assert.ok(r.cost > 1.4 && r.cost < 1.9, `cost ${r.cost}`);
console.log(`n = ${n} uniform random costs: total ${r.cost.toFixed(4)} (pi^2/6 = 1.6449) in ${(r.seconds * 1000).toFixed(0)} ms`);

function* permutations(items) {
  if (items.length <= 1) return yield items;
  for (let k = 0; k < items.length; k++)
    for (const rest of permutations([...items.slice(0, k), ...items.slice(k + 1)])) yield [items[k], ...rest];
}
