/**
 * Cached energies (lane sampler) and the cached swap-delta matrix (robust tabu search) equal a full
 * recomputation after long random move sequences: general, symmetric and half-symmetric QAP matrices, linear
 * costs, clamps; exact for integer models.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { native } from '../../src/native.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { randomPermModel } from './permHelpers.ts';
import { rng } from '../helpers.ts';

test('cached energies and tabu deltas equal recomputation (random models and betas)', () => {
  fc.assert(
    fc.property(
      fc.record({
        seed: fc.integer({ min: 1, max: 1e6 }),
        n: fc.integer({ min: 2, max: 30 }),
        parts: fc.constantFrom('linear', 'qap', 'both'),
        symmetric: fc.boolean(),
        clampCount: fc.integer({ min: 0, max: 4 }),
        beta: fc.double({ min: 0, max: 5, noNaN: true }),
      }),
      (c) => {
        const m = randomPermModel({ ...c, linear: c.parts !== 'qap', qap: c.parts !== 'linear' });
        const r = native().permCacheCheckSync(m.toNative(), { lanes: 6, sweeps: 2000, beta: c.beta, seed: c.seed, tabuIterations: 3000 });
        assert.ok(r.maxError < 1e-9, `energy cache error ${r.maxError} for ${JSON.stringify(c)}`);
        assert.ok(r.tabuError < 1e-9, `tabu delta error ${r.tabuError} for ${JSON.stringify(c)}`);
      },
    ),
    { seed: 17, numRuns: 40 },
  );
});

test('integer models stay exact; one symmetric matrix (the other symmetrized) keeps energies unchanged', () => {
  for (const seed of [1, 2, 3]) {
    const m = randomPermModel({ n: 25, seed, integer: true, symmetric: seed === 2 });
    const r = native().permCacheCheckSync(m.toNative(), { lanes: 4, sweeps: 5000, beta: 0.2, seed, tabuIterations: 5000 });
    assert.equal(r.maxError, 0);
    assert.equal(r.tabuError, 0);
  }
  // A symmetric, B not: the core replaces B by (B + B^T)/2 internally; energies must still be exact.
  const r = rng(4);
  const n = 12;
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i]![j] = A[j]![i] = Math.round(r() * 10);
  const B = Array.from({ length: n }, () => Array.from({ length: n }, () => Math.round(r() * 10)));
  const m = permModel({ n, qap: { flow: A, distance: B } });
  const check = native().permCacheCheckSync(m.toNative(), { lanes: 4, sweeps: 3000, beta: 0.1, tabuIterations: 3000 });
  assert.equal(check.maxError, 0);
  assert.equal(check.tabuError, 0);
});

test('the exact minimum matches the JS energy of its argmin', () => {
  for (const seed of [5, 6, 7]) {
    const m = randomPermModel({ n: 7, seed, clampCount: seed - 5 });
    const e = native().permExactSync(m.toNative(), {});
    assert.ok(m.admissible(e.argmin));
    assert.ok(Math.abs(m.energy(e.argmin) - e.minEnergy) < 1e-9);
  }
});
