/**
 * Gibbs and parallel tempering over transpositions reproduce the exact distribution of random permutation
 * models (n <= 6; linear, QAP (general and symmetric) and both; with and without clamps). The tolerance is 3x
 * the expected TV of the same number of iid samples plus 0.001, so the default thinning must keep the
 * effective sample size near the sample count; a sampler targeting beta * 1.05 must fail the same bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { samplePermutationsSync } from '../../src/sample/permSample.ts';
import { exactPermutationDistribution } from '../../src/sample/permLogz.ts';
import { iidTvNoise, tvDistance } from '../helpers.ts';
import { countByRank, randomPermModel } from './permHelpers.ts';

const config = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  n: fc.integer({ min: 3, max: 6 }),
  parts: fc.constantFrom('linear', 'qap', 'both'),
  symmetric: fc.boolean(),
  clampCount: fc.integer({ min: 0, max: 2 }),
  scale: fc.constantFrom(0.5, 1, 1.5),
});

for (const method of ['gibbs', 'pt'] as const) {
  test(`${method}: TV to the exact distribution within 3x iid noise + 0.001 (random models, n <= 6)`, () => {
    fc.assert(
      fc.property(config, (c) => {
        const model = randomPermModel({ ...c, linear: c.parts !== 'qap', qap: c.parts !== 'linear' });
        const exact = exactPermutationDistribution(model);
        const N = 200_000;
        const r = samplePermutationsSync(model, { samples: N, seed: c.seed, method });
        assert.equal(r.produced, N);
        const counts = countByRank(r.samples, r.produced, model.n);
        const tv = tvDistance(counts, N, exact.probabilities);
        const bound = 3 * iidTvNoise(exact.probabilities, N) + 0.001;
        assert.ok(tv <= bound, `TV ${tv} > bound ${bound} for ${JSON.stringify(c)}`);
        // Every sample is admissible (a permutation respecting the clamps).
        for (let k = 0; k < counts.length; k++) if (counts[k]! > 0) assert.ok(exact.probabilities[k]! > 0, `inadmissible permutation of rank ${k} sampled`);
      }),
      { seed: method === 'gibbs' ? 52 : 53, numRuns: method === 'gibbs' ? 16 : 8 },
    );
  });
}

test('a 5% error in beta fails the same bound (the test has power)', () => {
  for (const method of ['gibbs', 'pt'] as const) {
    for (const seed of method === 'gibbs' ? [1, 2] : [2]) {
      const model = randomPermModel({ n: 6, seed, scale: 2, symmetric: seed === 2 });
      const N = 1_000_000;
      const r = samplePermutationsSync(model, { samples: N, seed, method, beta: 1.05 });
      const counts = countByRank(r.samples, r.produced, model.n);
      const exact = exactPermutationDistribution(model, 1);
      const tv = tvDistance(counts, N, exact.probabilities);
      const bound = 3 * iidTvNoise(exact.probabilities, N) + 0.001;
      assert.ok(tv > bound, `${method}: sampling at beta 1.05 gave TV ${tv} <= bound ${bound}`);
      const own = exactPermutationDistribution(model, 1.05).probabilities;
      const ownTv = tvDistance(counts, N, own);
      const ownBound = 3 * iidTvNoise(own, N) + 0.001;
      assert.ok(ownTv <= ownBound, `${method}: TV ${ownTv} to its own target exceeds ${ownBound}`);
    }
  }
});

test('exact marginals are doubly stochastic and clamped items sit at their slots', () => {
  const model = randomPermModel({ n: 6, seed: 11, clampCount: 2 });
  const { marginals, argmin, minEnergy } = exactPermutationDistribution(model);
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
