/**
 * Iterated robust tabu search (method 'tabu', native/core/perm_iterated.hpp) and the QAP default method by size.
 * The caches of its walk, kicks included, are checked against recomputation by the conformance table
 * (test/spaces/conformance.test.ts through permCacheCheckSync).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { qapCost, readQaplibDat, type QapInstance } from '../../src/data/qaplib.ts';
import { defaultQapMethod, qapWorkers, solveQap } from '../../src/solve/qap.ts';
import { maxCutWorkers } from '../../src/solve/maxcut.ts';
import { minimize } from '../../src/solve/minimize.ts';
import { randomPermModel } from './permHelpers.ts';
import { rng } from '../helpers.ts';
import { native } from '../../src/native.ts';

const dataDir = fileURLToPath(new URL('../../data/', import.meta.url));

/**
 * A tai-a-like instance: uniform integer flows and distances in [0, 99], symmetric, zero diagonal (about 1% zeros:
 * the tabu walk starts at once); with `sparseFlow`, half the flows are zero (the walk anneals first).
 */
function randomQapInstance(n: number, seed: number, sparseFlow = false): QapInstance {
  const r = rng(seed);
  const matrix = (zeros: number) => {
    const M = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) M[i * n + j] = M[j * n + i] = r() < zeros ? 0 : Math.floor(r() * 100);
    return M;
  };
  return { n, flow: matrix(sparseFlow ? 0.5 : 0), distance: matrix(0) };
}

test('the tabu walk keeps float deltas exact on small-integer QAPs (no linear part): zero cache error, kicks included', () => {
  // Integer flows and distances without a linear part take the float delta matrix (native/core/perm_deltas.hpp,
  // exactIntegers); every delta must equal its recomputation exactly, symmetric or not, with clamps or not.
  for (const [seed, symmetric, clampCount] of [[1, true, 0], [2, false, 0], [3, true, 3], [4, false, 2]] as const) {
    const m = randomPermModel({ n: 30, seed, integer: true, symmetric, linear: false, clampCount });
    const r = native().permCacheCheckSync(m.toNative(), { lanes: 2, sweeps: 10, seed, tabuIterations: 4000 });
    assert.equal(r.tabuError, 0, `seed ${seed}`);
  }
});

test('symmetric QAP deltas stay exact past the register blocks of the touching rows (n = 37, 70, 133)', () => {
  // touchingRowsSymmetric (native/core/perm_deltas.hpp) sums whole register blocks of columns (4 x 16 floats or
  // 4 x 8 doubles), then single registers, then the last columns as dot products: these sizes reach all three
  // in each delta type. Integer data without a linear part is exact in float (error 0); with a linear part it
  // runs in <float, double>, and real data in double.
  for (const n of [37, 70, 133]) {
    for (const [integer, linear] of [[true, false], [true, true], [false, true]] as const) {
      const m = randomPermModel({ n, seed: n, integer, symmetric: true, linear, clampCount: 2 });
      const r = native().permCacheCheckSync(m.toNative(), { lanes: 2, sweeps: 2, seed: 1, tabuIterations: 600 });
      if (integer && !linear) assert.equal(r.tabuError, 0, `n ${n}`);
      else assert.ok(r.tabuError < 1e-8 * n * n, `n ${n} integer ${integer}: ${r.tabuError}`);
    }
  }
});

test("'tabu' (iterated, with kicks) gives the same answer for any number of workers", async () => {
  const m = randomPermModel({ n: 24, seed: 5, clampCount: 2, integer: true });
  const o = { method: 'tabu' as const, chains: 3, maxRounds: 30000, seed: 7 };
  const one = await minimize(m, o);
  const three = await minimize(m, { ...o, workers: 3 });
  assert.equal(three.energy, one.energy);
  assert.deepEqual(three.state, one.state);
  assert.ok(m.admissible(one.state));
  assert.equal(one.tabuIterations, 3 * 30000);
});

test("'tabu' with the anneal first (sparse flows) gives the same answer for any number of workers", async () => {
  const inst = randomQapInstance(40, 6, true);
  const o = { method: 'tabu' as const, chains: 3, maxRounds: 45000, seed: 8 };  // 39000 anneal steps, then tabu
  const one = await solveQap(inst, o);
  const three = await solveQap(inst, { ...o, workers: 3 });
  assert.equal(three.cost, one.cost);
  assert.deepEqual(three.permutation, one.permutation);
  assert.equal(one.tabuIterations, 3 * 45000);
});

test("'tabu' is reproducible through its kicks on 40-item instances, with and without the anneal; the cost is recomputed", async () => {
  // Dense: 40000 steps are up to 5 stall windows of 200 k at k = 40, so the walk kicks itself. Sparse flows: the
  // anneal first, 2000 sweeps of 780 attempts = 39000 steps of k attempts, then as many tabu steps as dense.
  for (const [sparse, steps] of [[false, 40000], [true, 79000]] as const) {
    const inst = randomQapInstance(40, 3, sparse);
    const a = await solveQap(inst, { method: 'tabu', maxRounds: steps, seed: 2 });
    const b = await solveQap(inst, { method: 'tabu', maxRounds: steps, seed: 2 });
    assert.equal(a.cost, b.cost, `sparse ${sparse}`);
    assert.deepEqual(a.permutation, b.permutation);
    assert.equal(a.cost, qapCost(inst.flow, inst.distance, inst.n, a.permutation));
  }
});

test("'tabu' anneals first on sparse flows: within the anneal the answer is the anneal's, and the walk goes on from it", async () => {
  // 2000 steps are the first 80000 of the anneal's 1.56 M attempts, still hot; the full anneal and a tabu walk
  // after it can only do better than its start, and every run repeats.
  const inst = randomQapInstance(40, 5, true);
  const early = await solveQap(inst, { method: 'tabu', maxRounds: 2000, seed: 4 });
  const later = await solveQap(inst, { method: 'tabu', maxRounds: 60000, seed: 4 });
  assert.ok(later.cost < early.cost, `${later.cost} >= ${early.cost}`);
  assert.equal(later.tabuIterations, 60000);
});

test('the QAP default method: hybrid below 40 items, tabu from 40 (solveQap without a method equals it)', async () => {
  assert.equal(defaultQapMethod(39), 'hybrid');
  assert.equal(defaultQapMethod(40), 'tabu');
  const big = randomQapInstance(40, 1);
  const dflt = await solveQap(big, { maxRounds: 2000, seed: 3 });
  const tabu = await solveQap(big, { maxRounds: 2000, seed: 3, method: 'tabu' });
  assert.equal(dflt.cost, tabu.cost);
  assert.deepEqual(dflt.permutation, tabu.permutation);
  const nug12 = readQaplibDat(dataDir + 'nug12.dat');
  const small = await solveQap(nug12, { maxRounds: 200, seed: 3 });
  const hybrid = await solveQap(nug12, { maxRounds: 200, seed: 3, method: 'hybrid' });
  assert.equal(small.cost, hybrid.cost);
  assert.deepEqual(small.permutation, hybrid.permutation);
});

test('ebm qap takes a tabu walk per idle core: walk 0 runs as it would alone, so at equal steps two walks never lose to one', async () => {
  assert.equal(qapWorkers(39), 1);  // 'hybrid': one chain
  assert.equal(qapWorkers(40, 'sa'), 1);
  assert.equal(qapWorkers(40), maxCutWorkers());
  const inst = randomQapInstance(45, 4);
  const one = await solveQap(inst, { method: 'tabu', maxRounds: 3000, seed: 5 });
  const two = await solveQap(inst, { method: 'tabu', maxRounds: 3000, seed: 5, chains: 2, workers: 2 });
  assert.ok(two.cost <= one.cost, `${two.cost} > ${one.cost}`);
  const walk0 = await solveQap(inst, { method: 'tabu', maxRounds: 3000, seed: 5, chains: 2 });
  assert.equal(walk0.cost, two.cost);  // the same answer on one thread
  if (two.chainOfBest === 0) assert.deepEqual(two.permutation, one.permutation);
});

test("'tabu' stops at a deadline on a 256-item instance with its best so far (cost recomputed)", async () => {
  const inst = randomQapInstance(256, 9);
  const r = await solveQap(inst, { method: 'tabu', timeLimitMs: 300, seed: 1 });
  assert.equal(r.stopped, 'deadline');
  assert.equal(r.cost, qapCost(inst.flow, inst.distance, inst.n, r.permutation));
});
