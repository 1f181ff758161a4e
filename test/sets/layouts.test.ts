/**
 * Dense models from n = 192 run lane-major (each lane's fields contiguous, a flip updates its own lane, see
 * LaneLayout in native/core/set_lanes.hpp); the same model given as sparse edges runs interleaved (a flip
 * updates every lane of its group at once). Both add the same terms to every field in the same order, so they
 * give the same samples and, through the energies, the same adapted PT ladder, swap acceptance and log Z: bit for bit,
 * with integer weights (int16 and float32 lanes, exact in any order) and with real weights (float64 lanes, where
 * only the order makes it so). Any reordering of the lane-major updates (delayed or blocked field updates, for
 * one) must keep this. n = 300 with clamped items: gaps in the free items, and more sites than a block of 256.
 * (test/sets/determinism.test.ts compares the layouts at n = 9, where a dense model stays interleaved.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleSync } from '../../src/sample/sample.ts';
import { logPartition } from '../../src/sample/logz.ts';
import { setModel, type SetModel } from '../../src/energies/setModel.ts';
import { randomSetModel } from '../helpers.ts';

function asEdges(dense: SetModel): SetModel {
  const n = dense.n;
  const W = (dense.couplings as { W: Float64Array }).W;
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (W[i * n + j] !== 0) edges.push([i, j, W[i * n + j]!]);
  const clamp = Array.from(dense.clamp ?? new Int8Array(n).fill(-1));
  return setModel({ n, unary: Array.from(dense.unary), edges, clamp });
}

const cases = [
  { name: 'real weights', spec: { n: 300, seed: 31, dense: true, clampCount: 5 }, beta: 1, precision: 'float64' },
  { name: 'real weights, hot', spec: { n: 300, seed: 32, dense: true, clampCount: 5 }, beta: 0.05, precision: 'float64' },
  { name: 'integer weights', spec: { n: 300, seed: 33, dense: true, integer: true, clampCount: 5 }, beta: 0.02, precision: 'int16' },
  { name: 'large integer weights', spec: { n: 300, seed: 34, dense: true, integer: true, scale: 3000, clampCount: 5 }, beta: 2e-5, precision: 'float32' },
] as const;

for (const c of cases) {
  test(`lane-major (dense) and interleaved (sparse) lanes give identical chains: ${c.name}`, async () => {
    const dense = randomSetModel(c.spec);
    const sparse = asEdges(dense);
    for (const method of ['gibbs', 'pt'] as const) {
      const options = { samples: 640, chains: 16, seed: 9, method, beta: c.beta, burnIn: 20 };
      const a = sampleSync(dense, options);
      const b = sampleSync(sparse, options);
      assert.equal(a.precision, c.precision, `${method}: lane precision`);
      assert.equal(b.precision, c.precision, `${method}: lane precision (sparse)`);
      assert.deepEqual(a.samples, b.samples, `${method}: samples`);
      assert.deepEqual(a.ladder, b.ladder, `${method}: adapted ladder`);
      assert.deepEqual(a.swapAcceptance, b.swapAcceptance, `${method}: swap acceptance`);
      // The chains moved: a test of identical frozen chains would prove nothing.
      const first = a.samples.subarray(0, dense.n), last = a.samples.subarray(a.samples.length - dense.n);
      assert.notDeepEqual(first, last, `${method}: the chains moved`);
    }
    // The stepping-stone estimate sums exp of energy differences: a change in the last bits of the fields (all
    // weights scaled by 1 + 1e-15 was enough) shows here and in the PT ladder even where no sample changes.
    const z = { method: 'pt' as const, seed: 9, chains: 2, replicas: 8, tuneRounds: 50, rounds: 200, beta: c.beta };
    assert.equal((await logPartition(dense, z)).logZ, (await logPartition(sparse, z)).logZ, 'log Z');
  });
}
