/** discrete-ebm/testing: checkCounts, checkSampler, assertSampler, checkLogZ and the chi-square tail. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setModel } from '../../src/energies/setModel.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { sampleCounts } from '../../src/sample/sample.ts';
import { logPartition } from '../../src/sample/logz.ts';
import { assertSampler, checkCounts, checkLogZ, checkSampler, chiSquareSurvival, exactSampler } from '../../src/testing/index.ts';
import { isInputError } from '../../src/errors.ts';

const setM = setModel({ n: 5, unary: [1, -0.5, 0.3, 0, -1], edges: [[0, 1, 1.2], [2, 3, -0.8], [1, 4, 0.5]], clamp: { 2: 1 } });
const permM = permModel({ n: 4, linear: [[0, 1, 2, 0.5], [1, 0, 1, 2], [2, 1, 0, 1], [0.3, 2, 1, 0]], clamp: { 3: 0 } });

test('chi-square tail: textbook quantiles', () => {
  assert.ok(Math.abs(chiSquareSurvival(3.841458820694124, 1) - 0.05) < 1e-12);
  assert.ok(Math.abs(chiSquareSurvival(18.307038053275146, 10) - 0.05) < 1e-12);
  assert.ok(Math.abs(chiSquareSurvival(6.6348966010212145, 1) - 0.01) < 1e-12);
  assert.equal(chiSquareSurvival(0, 3), 1);
});

for (const [name, model] of [['set', setM], ['permutation', permM]] as const) {
  test(`${name}: the exact iid sampler passes; the library's Gibbs sampler passes`, async () => {
    const exact = await checkSampler(model, exactSampler, { samples: 100_000, seed: 7 });
    assert.ok(exact.pass, exact.reasons.join('; '));
    const gibbs = await checkSampler(model, (m, o) => sampleCounts(m, o), { samples: 100_000, seed: 3 });
    assert.ok(gibbs.pass, gibbs.reasons.join('; '));
    assert.equal(gibbs.samples, 100_000);
  });

  test(`${name}: an impossible state fails and is listed first in worst`, () => {
    const rows = exactSampler(model, { samples: 20_000, seed: 1 });
    const bad = name === 'set' ? [0, 0, 0, 0, 0] : [1, 1, 2, 3];
    const r = checkCounts(model, [...rows, bad]);
    assert.equal(r.pass, false);
    assert.equal(r.impossibleStates, 1);
    assert.deepEqual(r.worst[0], { state: name === 'set' ? '00000' : '1 1 2 3', expected: 0, observed: 1 });
  });
}

test('checkCounts takes ebm sample keys (object or Map) and fails a doctored count', async () => {
  const { counts } = await sampleCounts(setM, { samples: 50_000, seed: 2 });
  assert.ok(checkCounts(setM, counts).pass);
  const obj = Object.fromEntries(counts);
  assert.ok(checkCounts(setM, obj).pass);
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  const doctored = { ...obj, [top![0]]: Math.round(top![1] * 0.9) };
  const r = checkCounts(setM, doctored);
  assert.equal(r.pass, false);
  assert.equal(r.worst[0]!.state, top![0]);
});

test('assertSampler throws a table of the worst states', async () => {
  const skew = (m: typeof setM, o: { samples: number; seed: number }) => exactSampler(m, o).map((y) => (y[0] === 1 && y[1] === 1 ? [0, 1, ...y.slice(2)] : y));
  await assert.rejects(assertSampler(setM, skew, { samples: 50_000 }), (e: Error) => /sampler check failed/.test(e.message) && /state\s+expected\s+observed/.test(e.message));
});

test('checkLogZ: PT within 4 standard errors passes, a shifted estimate fails', async () => {
  const pt = await logPartition(setM, { method: 'pt', seed: 1 });
  assert.ok((await checkLogZ(setM, pt.logZ, { stdError: pt.stdError! })).pass);
  const exact = (await logPartition(permM)).logZ;
  assert.ok((await checkLogZ(permM, exact)).pass);
  const off = await checkLogZ(permM, exact + 0.01, { stdError: 0.001 });
  assert.equal(off.pass, false);
  assert.ok(Math.abs(off.z - 10) < 1e-6);
});

test('bad arguments are named input errors', async () => {
  const input = (e: unknown) => isInputError(e);
  assert.throws(() => checkCounts({} as never, {}), input);
  assert.throws(() => checkCounts(setM, { '01x11': 3 }), input);
  assert.throws(() => checkCounts(setM, { '01111': -1 }), input);
  assert.throws(() => checkCounts(setM, {}, { alpha: 2 }), input);
  assert.throws(() => checkCounts(setM, {}, { alhpa: 0.1 } as never), input);
  await assert.rejects(checkSampler(setM, 'nope' as never), input);
  await assert.rejects(checkSampler(setM, () => 5 as never), input);
  await assert.rejects(checkSampler(setM, exactSampler, { samples: 0 }), input);
  await assert.rejects(checkLogZ(setM, NaN), input);
});
