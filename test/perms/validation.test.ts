/** Bad permutation input gives named errors with exact messages, in the library and in the addon. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { permModel, permModelFromJson } from '../../src/energies/permModel.ts';
import { modelFromJson } from '../../src/energies/modelFile.ts';
import { samplePermutationsSync } from '../../src/sample/permSample.ts';
import { logPartitionPermutations } from '../../src/sample/permLogz.ts';
import { minimizePermutation } from '../../src/solve/permMinimize.ts';
import { qapModel } from '../../src/solve/qap.ts';
import { native } from '../../src/native.ts';

test('model fields: exact messages naming the field', () => {
  assert.throws(() => permModel({ n: 0 }), { name: 'RangeError', message: 'Expected integer in [1, 46340] for model.n but received 0' });
  assert.throws(() => permModel({ n: '3' as unknown as number }), { name: 'TypeError', message: 'Expected integer in [1, 46340] for model.n but received "3"' });
  assert.throws(() => permModel({ n: 2, linear: [[0, 1], [2, NaN]] }), { name: 'RangeError', message: 'Expected finite number for model.linear[1][1] but received NaN' });
  assert.throws(() => permModel({ n: 2, linear: [[0, 1, 2], [2, 3, 4]] }), { name: 'RangeError', message: 'Expected row of 2 numbers for model.linear[0] but received array of length 3' });
  assert.throws(() => permModel({ n: 2, linear: [[0, 1]] }), { name: 'RangeError', message: 'Expected 2 rows for model.linear but received array of length 1' });
  assert.throws(() => permModel({ n: 2, qap: { flow: [[0, 1], [1, 0]] } as never }), { name: 'RangeError', message: 'Expected both flow and distance in model.qap' });
  assert.throws(() => permModel({ n: 2, qap: { flow: [0, 1, 1, 0], distance: [0, 1, Infinity, 0] } }), { name: 'RangeError', message: 'Expected finite number for model.qap.distance[1][0] but received Infinity' });
  assert.throws(() => permModel({ n: 3, clamp: { 1: 3 } }), { name: 'RangeError', message: 'Expected -1 (free) or a slot in [0, 2] for model.clamp["1"] but received 3' });
  assert.throws(() => permModel({ n: 3, clamp: { 0: 2, 1: 2 } }), { name: 'RangeError', message: 'Expected distinct slots in model.clamp but items 0 and 1 are both clamped to slot 2' });
  assert.throws(() => permModel({ n: 3, clamp: { 7: 0 } }), { name: 'RangeError', message: 'Expected item index in [0, 2] for model.clamp key but received "7"' });
  assert.throws(() => permModel({ n: 3, clamp: [0, 1] }), { name: 'RangeError', message: 'Expected array of length 3 for model.clamp but received array of length 2' });
  assert.throws(() => qapModel(new Float64Array(4), new Float64Array(3), 2), { name: 'RangeError', message: 'Expected 4 entries for distance but received 3' });
});

test('model files: keys, space and the contract example', () => {
  assert.throws(() => permModelFromJson({ format: 'ebm-model/1', space: 'permutation', n: 2, liner: [] }), {
    name: 'RangeError',
    message: 'Unknown key "liner" in model (expected one of format, space, n, beta, linear, qap, clamp)',
  });
  assert.throws(() => modelFromJson({ format: 'ebm-model/1', space: 'permutation', n: 2, qap: { flow: [0, 0, 0, 0], distance: [0, 0, 0, 0], cost: 1 } }), {
    name: 'RangeError',
    message: 'Unknown key "cost" in model.qap (expected one of flow, distance)',
  });
  const m = modelFromJson({
    format: 'ebm-model/1',
    space: 'permutation',
    n: 3,
    beta: 1,
    linear: [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
    qap: { flow: [[0, 1, 0], [0, 0, 2], [0, 0, 0]], distance: [[0, 5, 7], [5, 0, 4], [7, 4, 0]] },
    clamp: { '2': 0 },
  });
  assert.equal(m.space, 'permutation');
  // sigma = [1, 2, 0]: linear 2 + 6 + 7 = 15; qap A01 B12 + A12 B20 = 4 + 14 = 18
  assert.equal(m.energy([1, 2, 0]), 33);
  assert.ok(m.admissible([1, 2, 0]));
  assert.ok(!m.admissible([0, 2, 1])); // item 2 is clamped to slot 0
  assert.ok(!m.admissible([0, 0, 1]));
});

test('run options: named errors', async () => {
  const m = permModel({ n: 4, linear: Array.from({ length: 4 }, () => [1, 2, 3, 4]) });
  assert.throws(() => samplePermutationsSync(m, { samples: 0 }), { name: 'RangeError', message: 'Expected integer in [1, 1099511627776] for samples but received 0' });
  assert.throws(() => samplePermutationsSync(m, { samples: 5, thin: 0 }), { name: 'RangeError', message: 'Expected integer in [1, 1048576] for thin but received 0' });
  assert.throws(() => samplePermutationsSync(m, { samples: 10, chians: 3 } as never), { name: 'RangeError', message: /Unknown key "chians" in options/ });
  await assert.rejects(minimizePermutation(m, {}), { name: 'RangeError', message: 'Expected a budget: timeLimitMs > 0, maxRounds or signal' });
  await assert.rejects(minimizePermutation(m, { maxRounds: 5, method: 'greedy' as 'pt' }), { name: 'RangeError', message: `Expected 'hybrid', 'pt', 'sa' or 'tabu' for method but received "greedy"` });
  const big = permModel({ n: 11 });
  await assert.rejects(logPartitionPermutations(big, { method: 'exact' }), { name: 'RangeError', message: 'Expected at most 10 free items for exact enumeration but received 11' });
  await assert.rejects(logPartitionPermutations(big, { method: 'pt', onProgress: 5 as never }), { name: 'TypeError', message: 'Expected function for onProgress but received 5' });
  // Clamping makes it feasible.
  const clamped = permModel({ n: 11, clamp: { 0: 0 } });
  const z = await logPartitionPermutations(clamped, { method: 'exact' });
  assert.ok(Math.abs(z.logZ - clamped.logAdmissibleCount()) < 1e-9);
});

test('the addon validates on its own (bypassing the TS layer)', () => {
  const b = native();
  const ok = { n: 2, linear: new Float64Array(4) };
  assert.throws(() => b.permSampleSync({ ...ok, linear: new Float64Array([0, NaN, 0, 0]) }, { samples: 1 }), { name: 'RangeError', message: 'Expected finite number for linear[1]' });
  assert.throws(() => b.permSampleSync({ ...ok, linear: new Float64Array(3) }, { samples: 1 }), { name: 'RangeError', message: 'Expected length 4 for linear but received 3' });
  assert.throws(() => b.permSampleSync({ ...ok, flow: new Float64Array(4) }, { samples: 1 }), { name: 'RangeError', message: 'Expected both flow and distance (QAP) or neither' });
  assert.throws(() => b.permSampleSync({ ...ok, clamp: new Int32Array([1, 1]) }, { samples: 1 }), { name: 'RangeError', message: 'Expected distinct slots in clamp but clamp[0] and clamp[1] are both 1' });
  assert.throws(() => b.permSampleSync({ ...ok, clamp: new Int32Array([2, -1]) }, { samples: 1 }), { name: 'RangeError', message: 'Expected -1 (free) or a slot in [0, 1] for clamp[0]' });
  assert.throws(() => b.permSampleSync({ ...ok, clamp: new Int8Array(2) as unknown as Int32Array }, { samples: 1 }), { name: 'TypeError', message: 'Expected typed array of the right element type for clamp' });
  assert.throws(() => b.permSampleSync(null as never, { samples: 1 }), { name: 'TypeError', message: 'Expected object for model' });
  assert.throws(() => b.permMinimizeSync(ok, {}), { name: 'RangeError', message: 'Expected timeLimit > 0 or maxRounds >= 0 (a budget)' });
  assert.throws(() => b.permExactSync({ n: 12 }, {}), { name: 'RangeError', message: 'Expected at most 10 free items for exact enumeration but received 12' });
  assert.throws(() => b.permExactSync({ n: 11, clamp: new Int32Array(11).fill(-1).fill(0, 0, 1) }, { probabilities: true }), { name: 'RangeError', message: 'Expected n <= 10 for the full distribution (probabilities)' });
});
