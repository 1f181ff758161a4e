// Sampling and partition functions on two small models where the exact answer is computable:
//  - a set model, 10 items with dense random couplings and a cardinality constraint |y| = 3 (120 states);
//  - a permutation model, 6 items with random assignment costs and item 0 clamped to slot 5 (120 states).
// For each: sampleCounts with a seed against the exact distribution (total variation distance), and exact
// log Z by enumeration against the parallel-tempering stepping-stone estimate.
//
// Run: npm run build (once), then node examples/sample-logz.mjs
import assert from 'node:assert/strict';
import {
  closePool,
  exactDistribution,
  logPartition,
  permModel,
  permutationRank,
  sampleCounts,
  setModel,
} from 'discrete-ebm';

// A seeded generator, so the models (and so every number printed) are the same on each run.
let state = 7;
const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
const symmetric = () => 2 * uniform() - 1;

// --- Set model: E(y) = sum_i h_i y_i + sum_{i<j} W_ij y_i y_j with |y| = 3. ---
const n = 10;
const edges = [];
for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([i, j, symmetric()]);
const sets = setModel({ n, unary: Array.from({ length: n }, symmetric), edges, cardinality: 3 });

const options = { samples: 200_000, seed: 1, thin: 2 };
const counts = await sampleCounts(sets, options);
// Keys are "0110..." with item 0 first; exactDistribution indexes by the bitmask with bit i = y_i.
const exactSets = exactDistribution(sets);
const tvSets = totalVariation(counts, (key) => exactSets.probabilities[[...key].reduce((m, bit, i) => m + (bit === '1' ? 2 ** i : 0), 0)]);
// Chain c's samples depend only on (seed, c): spreading the chains over 2 worker threads changes nothing.
const counts2 = await sampleCounts(sets, { ...options, workers: 2 });
assert.deepEqual(counts2.counts, counts.counts);
assert.equal(counts.counts.size, 120); // every admissible state seen, none other
assert.ok(tvSets < 0.03, `TV ${tvSets}`);

const exactZ = await logPartition(sets, { method: 'exact' });
// A fifth of the default 20000 estimation rounds: within 0.01 nats on models this small, in a fifth of the time.
const ptZ = await logPartition(sets, { method: 'pt', seed: 1, rounds: 4000 });
assert.ok(Math.abs(ptZ.logZ - exactZ.logZ) < 0.05, `PT ${ptZ.logZ} vs exact ${exactZ.logZ}`);
console.log(
  `set model (n = ${n}, |y| = 3): ${counts.produced} samples, TV to exact ${tvSets.toFixed(4)} (same counts with 2 workers); ` +
    `log Z exact ${exactZ.logZ.toFixed(4)}, PT ${ptZ.logZ.toFixed(4)} ± ${ptZ.stdError.toFixed(4)}`,
);

// --- Permutation model: E(sigma) = sum_i C[i][sigma(i)], item 0 fixed in slot 5. ---
const k = 6;
const perms = permModel({ n: k, linear: Array.from({ length: k }, () => Array.from({ length: k }, () => 2 * uniform())), clamp: { 0: 5 } });
const permCounts = await sampleCounts(perms, { samples: 200_000, seed: 1 });
// Keys are sigma's slots "5 0 3 ..."; the exact probabilities are indexed by the permutation's rank.
const exactPerms = exactDistribution(perms);
const tvPerms = totalVariation(permCounts, (key) => exactPerms.probabilities[permutationRank(key.split(' ').map(Number))]);
assert.ok([...permCounts.counts.keys()].every((key) => key.startsWith('5 '))); // the clamp holds in every sample
assert.ok(tvPerms < 0.03, `TV ${tvPerms}`);

const exactPermZ = await logPartition(perms, { method: 'exact' });
const ptPermZ = await logPartition(perms, { method: 'pt', seed: 1, rounds: 4000 });
assert.ok(Math.abs(ptPermZ.logZ - exactPermZ.logZ) < 0.05, `PT ${ptPermZ.logZ} vs exact ${exactPermZ.logZ}`);
console.log(
  `permutation model (n = ${k}, item 0 in slot 5): ${permCounts.produced} samples, TV to exact ${tvPerms.toFixed(4)}; ` +
    `log Z exact ${exactPermZ.logZ.toFixed(4)}, PT ${ptPermZ.logZ.toFixed(4)} ± ${ptPermZ.stdError.toFixed(4)}`,
);

// The worker threads would not keep the process alive, but a script that is done should say so.
await closePool();

/** Total variation distance between sampled frequencies and exact probabilities (both sum to 1). */
function totalVariation({ counts, produced }, probabilityOf) {
  let sampledMass = 0;
  let distance = 0;
  for (const [key, count] of counts) {
    const p = probabilityOf(key);
    distance += Math.abs(count / produced - p);
    sampledMass += p;
  }
  // States never sampled contribute their whole probability.
  return (distance + (1 - sampledMass)) / 2;
}
