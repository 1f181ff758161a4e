/**
 * Gibbs and parallel tempering reproduce the exact distribution of random set models (n <= 8; dense and
 * sparse; with and without cardinality and clamps). The tolerance is 3x the expected TV of the same number of
 * iid samples plus 0.001, so the default thinning must keep the effective sample size near the sample count;
 * a sampler targeting beta * 1.05 must fail the same bound (the test has the power to see a 5% error).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sampleSync } from '../../src/sample/sample.ts';
import { exactDistribution } from '../../src/sample/logz.ts';
import { countByMask, iidTvNoise, randomSetModel, tvDistance } from '../helpers.ts';

const config = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  n: fc.integer({ min: 3, max: 8 }),
  dense: fc.boolean(),
  cardinality: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  clampCount: fc.integer({ min: 0, max: 2 }),
  scale: fc.constantFrom(0.5, 1, 1.5),
});

for (const method of ['gibbs', 'pt'] as const) {
  test(`${method}: TV to the exact distribution within 3x iid noise + 0.001 (random models, n <= 8)`, () => {
    fc.assert(
      fc.property(config, (c) => {
        const model = randomSetModel(c);
        const exact = exactDistribution(model);
        const N = 200_000;
        const r = sampleSync(model, { samples: N, seed: c.seed, method });
        assert.equal(r.produced, N);
        const counts = countByMask(r.samples, r.produced, model.n);
        const tv = tvDistance(counts, N, exact.probabilities);
        const bound = 3 * iidTvNoise(exact.probabilities, N) + 0.001;
        assert.ok(tv <= bound, `TV ${tv} > bound ${bound} for ${JSON.stringify(c)}`);
        // Every sample is admissible (clamps and cardinality respected).
        for (let k = 0; k < counts.length; k++) if (counts[k]! > 0) assert.ok(exact.probabilities[k]! > 0, `inadmissible state ${k} sampled`);
      }),
      { seed: method === 'gibbs' ? 42 : 43, numRuns: 12 },
    );
  });
}

test('a 5% error in beta fails the same bound (the test has power)', () => {
  for (const method of ['gibbs', 'pt'] as const) {
    for (const seed of [3, 4]) {
      const model = randomSetModel({ n: 8, seed, dense: seed % 2 === 0 });
      const N = 1_000_000;
      const r = sampleSync(model, { samples: N, seed, method, beta: 1.05 });
      const exact = exactDistribution(model, 1);
      const tv = tvDistance(countByMask(r.samples, r.produced, model.n), N, exact.probabilities);
      const bound = 3 * iidTvNoise(exact.probabilities, N) + 0.001;
      assert.ok(tv > bound, `${method}: sampling at beta 1.05 gave TV ${tv} <= bound ${bound}`);
      // and the same run is within the bound of its own target
      const own = tvDistance(countByMask(r.samples, r.produced, model.n), N, exactDistribution(model, 1.05).probabilities);
      assert.ok(own <= bound, `${method}: TV ${own} to its own target exceeds ${bound}`);
    }
  }
});

for (const [precision, scale] of [['int16', 1], ['float32', 3000]] as const) {
  test(`integer models run in ${precision} lanes and stay exact`, () => {
    const model = randomSetModel({ n: 8, seed: 9, integer: true, scale });
    const N = 500_000;
    const beta = 0.3 / scale;
    const r = sampleSync(model, { samples: N, seed: 2, beta });
    assert.equal(r.precision, precision);
    const exact = exactDistribution(model, beta);
    const tv = tvDistance(countByMask(r.samples, r.produced, model.n), N, exact.probabilities);
    assert.ok(tv <= 3 * iidTvNoise(exact.probabilities, N) + 0.001, `TV ${tv}`);
  });
}
