/** Cached local fields and energies equal a full recomputation after long random move sequences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { native } from '../../src/native.ts';
import { randomSetModel } from '../helpers.ts';

test('cached fields equal recomputation (double lanes; dense/sparse, cardinality, clamps)', () => {
  fc.assert(
    fc.property(
      fc.record({
        seed: fc.integer({ min: 1, max: 1e6 }),
        n: fc.integer({ min: 2, max: 40 }),
        dense: fc.boolean(),
        cardinality: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
        clampCount: fc.integer({ min: 0, max: 5 }),
        beta: fc.double({ min: 0, max: 5, noNaN: true }),
      }),
      (c) => {
        const m = randomSetModel({ ...c, cardinality: c.cardinality === null ? null : Math.min(c.cardinality, c.n) });
        const r = native().setCacheCheckSync(m.toNative(), { lanes: 24, sweeps: 2000, beta: c.beta, seed: c.seed });
        assert.equal(r.precision, 'float64');
        assert.ok(r.maxError < 1e-9, `max cache error ${r.maxError} for ${JSON.stringify(c)}`);
      },
    ),
    { seed: 7, numRuns: 40 },
  );
});

test('cached fields are exact in int16 and float32 lanes for integer models', () => {
  for (const [precision, scale] of [['int16', 1], ['float32', 3000]] as const) {
    for (const seed of [1, 2, 3]) {
      const m = randomSetModel({ n: 60, seed, integer: true, dense: seed === 2, scale, cardinality: seed === 3 ? 20 : null });
      const r = native().setCacheCheckSync(m.toNative(), { lanes: 40, sweeps: 5000, beta: 0.5 / scale, seed });
      assert.equal(r.precision, precision);
      assert.equal(r.maxError, 0);
    }
  }
});
