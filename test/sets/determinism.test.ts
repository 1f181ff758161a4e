/**
 * Dense (lane-major) and sparse (interleaved) layouts of the same set model give identical samples. Seeds,
 * chain independence and fixed-round minimization for every space: test/spaces/conformance.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleSync } from '../../src/sample/sample.ts';
import { randomSetModel } from '../helpers.ts';

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
