/** Bad input gives named errors with exact messages, in the library and in the addon. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setModel, setModelFromJson } from '../../src/energies/setModel.ts';
import { modelFromJson } from '../../src/energies/modelFile.ts';
import { sampleSync } from '../../src/sample/sample.ts';
import { logPartition } from '../../src/sample/logz.ts';
import { minimize } from '../../src/solve/minimize.ts';
import { native } from '../../src/native.ts';

test('model fields: exact messages naming the field', () => {
  assert.throws(() => setModel({ n: 0 }), { name: 'RangeError', message: 'Expected integer in [1, 16777216] for model.n but received 0' });
  assert.throws(() => setModel({ n: 2.5 }), { name: 'RangeError', message: 'Expected integer in [1, 16777216] for model.n but received 2.5' });
  assert.throws(() => setModel({ n: '3' as unknown as number }), { name: 'TypeError', message: 'Expected integer in [1, 16777216] for model.n but received "3"' });
  assert.throws(() => setModel({ n: 3, unary: [0, NaN, 1] }), { name: 'RangeError', message: 'Expected finite number for model.unary[1] but received NaN' });
  assert.throws(() => setModel({ n: 3, unary: [0, Infinity, 1] }), { name: 'RangeError', message: 'Expected finite number for model.unary[1] but received Infinity' });
  assert.throws(() => setModel({ n: 3, unary: [0, 1] }), { name: 'RangeError', message: 'Expected array of length 3 for model.unary but received array of length 2' });
  assert.throws(() => setModel({ n: 3, edges: [[0, 3, 1]] }), { name: 'RangeError', message: 'Expected integer in [0, 2] for model.edges[0][1] but received 3' });
  assert.throws(() => setModel({ n: 3, edges: [[1, 1, 1]] }), { name: 'RangeError', message: 'Expected i != j (no self-loops) for model.edges[0] but received "1 = 1"' });
  assert.throws(() => setModel({ n: 2, dense: [[0, 1], [2, 0]] }), { name: 'RangeError', message: 'Expected symmetric matrix for model.dense but model.dense[0][1] = 1 and model.dense[1][0] = 2' });
  assert.throws(() => setModel({ n: 2, dense: [[1, 0], [0, 0]] }), { name: 'RangeError', message: 'Expected zero diagonal for model.dense[0][0] but received 1' });
  assert.throws(() => setModel({ n: 3, cardinality: 4 }), { name: 'RangeError', message: 'Expected integer in [0, 3] for model.cardinality but received 4' });
  assert.throws(() => setModel({ n: 3, cardinality: 0, clamp: { 1: 1 } }), {
    name: 'RangeError',
    message: 'Expected cardinality in [1, 3] given the clamped items for model.cardinality but received 0',
  });
  assert.throws(() => setModel({ n: 3, clamp: { 5: 1 } }), { name: 'RangeError', message: 'Expected item index in [0, 2] for model.clamp key but received "5"' });
  assert.throws(() => setModel({ n: 3, clamp: { 1: 2 } }), { name: 'RangeError', message: 'Expected 0 or 1 for model.clamp["1"] but received 2' });
});

test('model files: format, space and unknown keys', () => {
  assert.throws(() => modelFromJson({ format: 'x', space: 'set', n: 2 }), { name: 'RangeError', message: 'Expected "ebm-model/1" for model.format but received "x"' });
  assert.throws(() => modelFromJson({ format: 'ebm-model/1', space: 'cube', n: 2 }), { name: 'RangeError', message: 'Expected "set" or "permutation" for model.space but received "cube"' });
  assert.throws(() => setModelFromJson({ format: 'ebm-model/1', space: 'set', n: 2, unray: [1, 2] }), {
    name: 'RangeError',
    message: 'Unknown key "unray" in model (expected one of format, space, n, beta, cardinality, unary, pairwise, clamp)',
  });
  const m = modelFromJson({ format: 'ebm-model/1', space: 'set', n: 3, unary: [1, 0, 0], pairwise: { edges: [[0, 1, 2], [1, 0, 1]] }, clamp: { '2': 1 } });
  assert.equal(m.energy([1, 1, 1]), 1 + 3); // repeated pairs add up
});

test('run options: named errors', async () => {
  const m = setModel({ n: 3, unary: [1, 2, 3] });
  assert.throws(() => sampleSync(m, { samples: 0 }), { name: 'RangeError', message: 'Expected integer in [1, 1099511627776] for samples but received 0' });
  assert.throws(() => sampleSync(m, { samples: 10, method: 'metropolis' as 'gibbs' }), { name: 'RangeError', message: `Expected 'gibbs' or 'pt' for method but received "metropolis"` });
  assert.throws(() => sampleSync(m, { samples: 10, seed: -1 }), { name: 'RangeError', message: 'Expected integer in [0, 9007199254740991] for seed but received -1' });
  assert.throws(() => sampleSync(m, { samples: 10, chians: 3 } as never), { name: 'RangeError', message: /Unknown key "chians" in options/ });
  await assert.rejects(minimize(m, {}), { name: 'RangeError', message: 'Expected a budget: timeLimitMs > 0, maxRounds or signal' });
  await assert.rejects(minimize(m, { timeLimitMs: -5 }), { name: 'RangeError', message: 'Expected number in [0, Infinity] for timeLimitMs but received -5' });
  const card = setModel({ n: 4, cardinality: 2, clamp: { 0: 1 } });
  assert.throws(() => sampleSync(card, { samples: 4, chains: 1, initial: new Uint8Array([1, 1, 1, 0]) }), {
    name: 'RangeError',
    message: 'Expected 2 ones in the initial state of chain 0',
  });
  assert.throws(() => sampleSync(card, { samples: 4, chains: 1, initial: new Uint8Array([0, 1, 1, 0]) }), {
    name: 'RangeError',
    message: 'Expected the clamped value for initial[0] (chain 0)',
  });
  assert.throws(() => sampleSync(card, { samples: 4, chains: 2, initial: new Uint8Array(4) }), {
    name: 'RangeError',
    message: 'Expected Uint8Array of chains * n = 8 values for initial but received Uint8Array of length 4',
  });
  const start = new Uint8Array([1, 0, 0, 1]);
  const r = sampleSync(card, { samples: 1, chains: 1, burnIn: 0, beta: 0, initial: start });
  assert.equal(r.samples[0], 1); // clamped item stays; the chain starts from an admissible state
  const big = setModel({ n: 30 });
  await assert.rejects(logPartition(big, { method: 'exact' }), { name: 'RangeError', message: 'Expected at most 24 free items for exact enumeration but received 30' });
});

test('the addon validates on its own (bypassing the TS layer)', () => {
  const b = native();
  const ok = { n: 2, unary: new Float64Array(2), rowPtr: new Int32Array([0, 1, 2]), col: new Int32Array([1, 0]), weight: new Float64Array([1, 1]), cardinality: -1 };
  assert.throws(() => b.setSampleSync({ ...ok, unary: new Float64Array([0, NaN]) }, { samples: 1 }), { name: 'RangeError', message: 'Expected finite number for unary[1]' });
  assert.throws(() => b.setSampleSync({ ...ok, col: new Int32Array([1, 5]) }, { samples: 1 }), { name: 'RangeError', message: 'Expected column in [0, n) other than the row for col[1]' });
  assert.throws(() => b.setSampleSync({ ...ok, rowPtr: new Int32Array([0, 2, 1]) }, { samples: 1 }), { name: 'RangeError', message: 'Expected non-decreasing rowPtr at 2' });
  assert.throws(() => b.setSampleSync({ ...ok, unary: new Float32Array(2) as unknown as Float64Array }, { samples: 1 }), { name: 'TypeError', message: 'Expected typed array of the right element type for unary' });
  assert.throws(() => b.setSampleSync(null as never, { samples: 1 }), { name: 'TypeError', message: 'Expected object for model' });
  assert.throws(() => b.setMinimizeSync(ok, {}), { name: 'RangeError', message: 'Expected timeLimit > 0 or maxRounds >= 0 (a budget)' });
});
