/**
 * Integer set models run in int8, int16 or float32 lanes (fields exact in 8, 16 or 24 bits; int8 lanes decide by
 * a threshold table and lazily drawn random bytes, set_bytes.hpp) and still reproduce the exact distribution (TV within 3x the iid sampling noise + 0.001). Gibbs and PT against enumeration for every
 * space: test/spaces/conformance.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleSync } from '../../src/sample/sample.ts';
import { randomSetModel, rowsOf } from '../helpers.ts';
import { checkCounts } from '../../src/testing/index.ts';
import { formatResult } from '../../src/testing/format.ts';

for (const [precision, scale] of [['int8', 1], ['int16', 30], ['float32', 3000]] as const) {
  test(`integer models run in ${precision} lanes and stay exact`, () => {
    const model = randomSetModel({ n: 8, seed: 9, integer: true, scale });
    const N = 500_000;
    const beta = 0.3 / scale;
    const r = sampleSync(model, { samples: N, seed: 2, beta });
    assert.equal(r.precision, precision);
    const verdict = checkCounts(model, rowsOf(r), { beta });
    assert.ok(verdict.pass, formatResult(verdict));
  });
}
