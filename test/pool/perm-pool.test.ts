/** Permutations through the worker pool: identical samples, fixed-round minimization and log Z for 1, 2, 4 workers. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { samplePermutations } from '../../src/sample/permSample.ts';
import { logPartitionPermutations } from '../../src/sample/permLogz.ts';
import { minimizePermutation } from '../../src/solve/permMinimize.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { closePool } from '../../src/pool/pool.ts';
import { rng } from '../helpers.ts';

after(() => closePool());

function randomQap(n: number, seed: number) {
  const r = rng(seed);
  const mat = () => Array.from({ length: n }, () => Array.from({ length: n }, () => Math.round(r() * 10)));
  return permModel({ n, qap: { flow: mat(), distance: mat() }, linear: mat() });
}

test('permutations: samples, minimization and log Z are identical for 1, 2 and 4 workers', async () => {
  const small = randomQap(6, 3);
  for (const method of ['gibbs', 'pt'] as const) {
    const runs = await Promise.all([undefined, 1, 2, 4].map((workers) => samplePermutations(small, { samples: 10007, seed: 2, method, chains: 7, beta: 0.05, ...(workers && { workers }) })));
    for (const r of runs.slice(1)) assert.deepEqual(r.samples, runs[0]!.samples, `${method}: samples differ`);
  }
  const zs = await Promise.all([undefined, 1, 2, 4].map((workers) => logPartitionPermutations(small, { method: 'pt', seed: 4, chains: 6, rounds: 2000, beta: 0.05, ...(workers && { workers }) })));
  for (const z of zs.slice(1)) assert.equal(z.logZ, zs[0]!.logZ);
  const big = randomQap(25, 5);
  for (const method of ['hybrid', 'pt', 'sa', 'tabu'] as const) {
    const mins = await Promise.all([undefined, 1, 2, 4].map((workers) => minimizePermutation(big, { method, maxRounds: 80, seed: 6, chains: 4, ...(workers && { workers }) })));
    for (const r of mins.slice(1)) {
      assert.deepEqual(r.state, mins[0]!.state, `${method}: states differ`);
      assert.equal(r.energy, mins[0]!.energy);
      assert.equal(r.chainOfBest, mins[0]!.chainOfBest);
    }
  }
});
