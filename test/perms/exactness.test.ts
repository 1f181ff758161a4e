/**
 * Exact enumeration of permutation models: the marginals are doubly stochastic and clamped items sit at their
 * slots. Gibbs and PT against enumeration for every space: test/spaces/conformance.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exactDistribution } from '../../src/sample/logz.ts';
import { randomPermModel } from './permHelpers.ts';

test('exact marginals are doubly stochastic and clamped items sit at their slots', () => {
  const model = randomPermModel({ n: 6, seed: 11, clampCount: 2 });
  const { marginals, argmin, minEnergy } = exactDistribution(model);
  const n = model.n;
  for (let i = 0; i < n; i++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < n; j++) {
      row += marginals[i * n + j]!;
      col += marginals[j * n + i]!;
    }
    assert.ok(Math.abs(row - 1) < 1e-12 && Math.abs(col - 1) < 1e-12);
    if (model.clamp && model.clamp[i]! >= 0) assert.equal(marginals[i * n + model.clamp[i]!], 1);
  }
  assert.ok(model.admissible(argmin));
  assert.ok(Math.abs(model.energy(argmin) - minEnergy) < 1e-12);
});
