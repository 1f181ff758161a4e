/** arbSetModel and arbPermModel: valid, enumerable models; the exact sampler passes checkSampler on them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arbPermModel, arbSetModel, checkSampler, checkLogZ, exactSampler } from '../../src/testing/index.ts';
import { logPartition } from '../../src/sample/logz.ts';
import { isInputError } from '../../src/errors.ts';

test('arbSetModel: models within the options; exact sampling passes; exact log Z passes checkLogZ', async () => {
  await fc.assert(
    fc.asyncProperty(arbSetModel({ n: [2, 7], clamps: 2, cardinality: true }), async (m) => {
      assert.ok(m.n >= 2 && m.n <= 7 && m.cardinality !== null);
      const r = await checkSampler(m, exactSampler, { samples: 20_000, seed: 1 });
      return r.impossibleStates === 0 && (await checkLogZ(m, (await logPartition(m)).logZ)).pass;
    }),
    { numRuns: 25, seed: 3 },
  );
  fc.assert(fc.property(arbSetModel({ n: 5, dense: true }), (m) => m.n === 5 && m.couplings.kind === 'dense'), { numRuns: 20 });
});

test('arbPermModel: valid models; exact sampling produces no impossible state', async () => {
  await fc.assert(
    fc.asyncProperty(arbPermModel({ n: [2, 5], clamps: 2 }), async (m) => (await checkSampler(m, exactSampler, { samples: 5_000, seed: 2 })).impossibleStates === 0),
    { numRuns: 25, seed: 4 },
  );
  fc.assert(fc.property(arbPermModel({ n: 4, qap: false }), (m) => m.flow === null), { numRuns: 10 });
});

test('bad options are named input errors', () => {
  assert.throws(() => arbSetModel({ n: 30 }), isInputError);
  assert.throws(() => arbPermModel({ n: [5, 3] }), isInputError);
  assert.throws(() => arbSetModel({ bogus: 1 } as never), isInputError);
});
