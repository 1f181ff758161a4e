/** Same seed, same output; different seeds differ; chain c's samples do not change when more chains run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { samplePermutationsSync } from '../../src/sample/permSample.ts';
import { minimizePermutationSync } from '../../src/solve/permMinimize.ts';
import { randomPermModel } from './permHelpers.ts';

const model = randomPermModel({ n: 9, seed: 5 });
const clamped = randomPermModel({ n: 9, seed: 6, clampCount: 2, symmetric: true });

for (const [name, m] of [['plain', model], ['clamped+symmetric', clamped]] as const) {
  for (const method of ['gibbs', 'pt'] as const) {
    test(`${name}/${method}: same seed repeats, different seeds differ`, () => {
      const a = samplePermutationsSync(m, { samples: 4000, seed: 11, method });
      const b = samplePermutationsSync(m, { samples: 4000, seed: 11, method });
      const c = samplePermutationsSync(m, { samples: 4000, seed: 12, method });
      assert.deepEqual(a.samples, b.samples);
      assert.notDeepEqual(a.samples, c.samples);
    });

    test(`${name}/${method}: chain c's samples do not change when more chains run`, () => {
      const few = samplePermutationsSync(m, { samples: 3 * 300, seed: 3, method, chains: 3 });
      const many = samplePermutationsSync(m, { samples: 40 * 300, seed: 3, method, chains: 40 });
      const n = m.n;
      for (let c = 0; c < 3; c++) {
        for (let s = 0; s < 300; s++) {
          const x = few.samples.subarray((s * 3 + c) * n, (s * 3 + c + 1) * n);
          const y = many.samples.subarray((s * 40 + c) * n, (s * 40 + c + 1) * n);
          assert.deepEqual(x, y, `chain ${c}, sample ${s}`);
        }
      }
    });
  }
}

test('fixed-round minimization is deterministic (every method)', () => {
  for (const method of ['hybrid', 'pt', 'sa', 'tabu'] as const) {
    const a = minimizePermutationSync(model, { maxRounds: 200, seed: 9, method });
    const b = minimizePermutationSync(model, { maxRounds: 200, seed: 9, method });
    assert.deepEqual(a.state, b.state);
    assert.equal(a.energy, b.energy);
    assert.equal(a.stopped, 'done');
    assert.ok(model.admissible(a.state));
  }
});
