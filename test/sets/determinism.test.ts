/** Same seed, same output; different seeds differ; chain c's samples do not change when more chains run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleSync } from '../../src/sample/sample.ts';
import { minimizeSync } from '../../src/solve/minimize.ts';
import { randomSetModel } from '../helpers.ts';

const model = randomSetModel({ n: 10, seed: 5, dense: true });
const cardModel = randomSetModel({ n: 10, seed: 6, cardinality: 4, clampCount: 1 });

for (const [name, m] of [['plain', model], ['cardinality+clamp', cardModel]] as const) {
  for (const method of ['gibbs', 'pt'] as const) {
    test(`${name}/${method}: same seed repeats, different seeds differ`, () => {
      const a = sampleSync(m, { samples: 5000, seed: 11, method });
      const b = sampleSync(m, { samples: 5000, seed: 11, method });
      const c = sampleSync(m, { samples: 5000, seed: 12, method });
      assert.deepEqual(a.samples, b.samples);
      assert.notDeepEqual(a.samples, c.samples);
    });

    test(`${name}/${method}: chain c's samples do not change when more chains run`, () => {
      const few = sampleSync(m, { samples: 3 * 400, seed: 3, method, chains: 3 });
      const many = sampleSync(m, { samples: 40 * 400, seed: 3, method, chains: 40 });
      const n = m.n;
      for (let c = 0; c < 3; c++) {
        for (let s = 0; s < 400; s++) {
          const x = few.samples.subarray((s * 3 + c) * n, (s * 3 + c + 1) * n);
          const y = many.samples.subarray((s * 40 + c) * n, (s * 40 + c + 1) * n);
          assert.deepEqual(x, y, `chain ${c}, sample ${s}`);
        }
      }
    });
  }
}

test('fixed-round minimization is deterministic', () => {
  const a = minimizeSync(model, { maxRounds: 300, seed: 9 });
  const b = minimizeSync(model, { maxRounds: 300, seed: 9 });
  assert.deepEqual(a.state, b.state);
  assert.equal(a.energy, b.energy);
  assert.equal(a.stopped, 'done');
  assert.equal(a.rounds, 300);
});

test('dense (lane-major) and sparse (interleaved) layouts of the same model give identical samples', async () => {
  const { setModel } = await import('../../src/energies/setModel.ts');
  for (const integer of [false, true]) {
    const base = randomSetModel({ n: 9, seed: 12, dense: true, integer });
    const W = (base.couplings as { W: Float64Array }).W;
    const edges: [number, number, number][] = [];
    for (let i = 0; i < 9; i++) for (let j = i + 1; j < 9; j++) if (W[i * 9 + j] !== 0) edges.push([i, j, W[i * 9 + j]!]);
    const sparse = setModel({ n: 9, unary: base.unary, edges });
    for (const method of ['gibbs', 'pt'] as const) {
      const a = sampleSync(base, { samples: 20000, seed: 4, method, beta: integer ? 0.2 : 1 });
      const b = sampleSync(sparse, { samples: 20000, seed: 4, method, beta: integer ? 0.2 : 1 });
      assert.equal(a.precision, b.precision);
      assert.deepEqual(a.samples, b.samples, `${method}, integer ${integer}`);
    }
  }
});
