/**
 * Integer set models run in int16 or float32 lanes (fields exact in 16 or 24 bits) and still reproduce the
 * exact distribution (TV within 3x the iid sampling noise + 0.001). Gibbs and PT against enumeration for every
 * space: test/spaces/conformance.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleSync } from '../../src/sample/sample.ts';
import { exactDistribution } from '../../src/sample/logz.ts';
import { countByMask, iidTvNoise, randomSetModel, tvDistance } from '../helpers.ts';

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
