/** The 0.1 permutation names stay one release as aliases: each gives exactly what its replacement gives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../src/index.ts';
import { randomPermModel } from '../perms/permHelpers.ts';

test('deprecated permutation names equal sample, sampleSync, sampleCounts, countStates, logPartition, exactDistribution, minimize, minimizeSync', async () => {
  const m = randomPermModel({ n: 5, seed: 3, clampCount: 1 });
  const o = { samples: 2000, seed: 4, method: 'pt' as const };
  const rows = api.sampleSync(m, o);
  assert.deepEqual(api.samplePermutationsSync(m, o).samples, rows.samples);
  assert.deepEqual((await api.samplePermutations(m, o)).samples, rows.samples);
  assert.deepEqual(api.countPermutations(rows), api.countStates(rows));
  assert.deepEqual((await api.samplePermutationCounts(m, o)).counts, (await api.sampleCounts(m, o)).counts);
  assert.deepEqual(await api.logPartitionPermutations(m), await api.logPartition(m));
  assert.deepEqual(api.exactPermutationDistribution(m, 0.5), api.exactDistribution(m, 0.5));
  const budget = { maxRounds: 50, seed: 2, method: 'tabu' as const };
  assert.deepEqual(api.minimizePermutationSync(m, budget).state, api.minimizeSync(m, budget).state);
  assert.deepEqual((await api.minimizePermutation(m, budget)).state, (await api.minimize(m, budget)).state);
});
