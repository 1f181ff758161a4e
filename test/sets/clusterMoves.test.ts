/**
 * Houdayer cluster moves inside PT minimization (native/core/set_cluster.hpp) run on sparse models of degree <= 4
 * (tori): the answer is a function of (seed, chain) for any split of the chains over workers, and small tori
 * reach their exact maximum cut.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutValue, type Graph } from '../../src/data/gset.ts';
import { maxCut, maxCutChains } from '../../src/solve/maxcut.ts';
import { closePool } from '../../src/pool/pool.ts';

/** An L x L torus with weights +-1 from a seeded LCG (every vertex of degree 4 for L >= 3). */
function torus(L: number, seed: number): Graph {
  const u: number[] = [], v: number[] = [], w: number[] = [];
  let s = seed >>> 0;
  const sign = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 31 ? 1 : -1);
  for (let r = 0; r < L; r++)
    for (let c = 0; c < L; c++) {
      const x = r * L + c;
      for (const y of [r * L + ((c + 1) % L), ((r + 1) % L) * L + c]) u.push(x), v.push(y), w.push(sign());
    }
  return { n: L * L, u: Int32Array.from(u), v: Int32Array.from(v), w: Float64Array.from(w) };
}

/** The maximum cut by enumeration (vertex 0 on side 0: a cut and its complement are equal). */
function bruteMaxCut(g: Graph): number {
  let best = -Infinity;
  const y = new Uint8Array(g.n);
  for (let mask = 0; mask < 2 ** (g.n - 1); mask++) {
    for (let i = 1; i < g.n; i++) y[i] = (mask >> (i - 1)) & 1;
    best = Math.max(best, cutValue(g, y));
  }
  return best;
}

test('PT with cluster moves reaches the exact maximum cut of 4 x 4 +-1 tori', async () => {
  for (const seed of [1, 2, 3]) {
    const g = torus(4, seed);
    const best = bruteMaxCut(g);
    const r = await maxCut(g, { maxRounds: 200, seed, chains: 2, polish: false });
    assert.equal(r.cut, cutValue(g, r.partition));
    assert.equal(r.cut, best, `torus seed ${seed}`);
  }
});

test('cluster moves: the same answer on 1, 2 or 3 workers (3 chains: splits [3], [2, 1], [1, 1, 1])', async () => {
  const g = torus(12, 7);
  for (const method of ['pt', 'hybrid'] as const) {
    const run = (workers: number) => maxCut(g, { maxRounds: 150, seed: 5, chains: 3, method, polish: false, ...(workers > 1 && { workers }) });
    const one = await run(1);
    for (const workers of [2, 3]) {
      const r = await run(workers);
      assert.equal(r.cut, one.cut, `${method}, ${workers} workers`);
      assert.deepEqual(Array.from(r.partition), Array.from(one.partition), `${method}, ${workers} workers`);
      assert.equal(r.chainOfBest, one.chainOfBest);
    }
  }
  await closePool();
});

test('on lattices a pt ladder has 64 replicas, one chain per worker; other graphs keep 2 x 32', async () => {
  const g = torus(6, 3);
  assert.equal(maxCutChains(g, 1), 1);
  assert.equal(maxCutChains(g, 2), 2);
  assert.equal(maxCutChains(g, 1, 'pt', 32), 2); // --replicas 32: two ladders ride in one group again
  assert.equal((await maxCut(g, { maxRounds: 2, seed: 1 })).ladder.length, 64);
  assert.equal((await maxCut(g, { maxRounds: 2, seed: 1, replicas: 16 })).ladder.length, 16);
  // One more edge gives vertex 0 degree 5: no longer a lattice.
  const denser = { ...g, u: Int32Array.from([...g.u, 0]), v: Int32Array.from([...g.v, 14]), w: Float64Array.from([...g.w, 1]) };
  assert.equal(maxCutChains(denser, 1), 2);
  assert.equal((await maxCut(denser, { maxRounds: 2, seed: 1 })).ladder.length, 32);
});
