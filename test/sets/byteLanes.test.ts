/**
 * Byte lanes (int8, native/core/set_bytes.hpp): PT (every lane at its own beta: per-lane threshold tables) stays
 * exact, and a lane's stream does not depend on where a worker's lanes start (lane bases that are not multiples
 * of the 16 lanes a Philox block serves). Gibbs exactness in int8 lanes: exactness.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sample, sampleSync } from '../../src/sample/sample.ts';
import { setModel } from '../../src/energies/setModel.ts';
import { randomSetModel, rowsOf } from '../helpers.ts';
import { checkCounts } from '../../src/testing/index.ts';
import { formatResult } from '../../src/testing/format.ts';

test('int8 lanes: PT (a table per ladder beta) reproduces the exact distribution', () => {
  const model = randomSetModel({ n: 8, seed: 31, integer: true });
  const beta = 0.5;
  const r = sampleSync(model, { samples: 300_000, seed: 5, beta, method: 'pt', chains: 16, replicas: 6 });
  assert.equal(r.precision, 'int8');
  const verdict = checkCounts(model, rowsOf(r), { beta });
  assert.ok(verdict.pass, formatResult(verdict));
});

test('int8 lanes: the same samples for 1 and 3 workers (lane bases 0, 17, 34)', async () => {
  const model = randomSetModel({ n: 40, seed: 32, integer: true });
  for (const method of ['gibbs', 'pt'] as const) {
    const o = { samples: 5100, seed: 9, beta: 0.3, method, chains: 51, ...(method === 'pt' && { replicas: 3 }) };
    const one = await sample(model, o);
    const three = await sample(model, { ...o, workers: 3 });
    assert.equal(one.precision, 'int8');
    assert.deepEqual(three.samples, one.samples, method);
  }
});

test('int8 lanes are chosen only when every field fits a byte', () => {
  // Max-cut form of a star: h_0 = -deg, W = 2, so f_0 ranges over [-deg, deg]: int8 up to degree 127.
  const star = (deg: number) =>
    setModel({ n: deg + 1, unary: [-deg, ...new Array<number>(deg).fill(-1)], edges: Array.from({ length: deg }, (_, k) => [0, k + 1, 2] as [number, number, number]) });
  assert.equal(sampleSync(star(127), { samples: 10, seed: 1 }).precision, 'int8');
  assert.equal(sampleSync(star(128), { samples: 10, seed: 1 }).precision, 'int16');
  assert.equal(sampleSync(setModel({ n: 2, unary: [0, 0], edges: [[0, 1, 0.5]] }), { samples: 10, seed: 1 }).precision, 'float64');
});
