/** The size limits live once, in native/core/limits.hpp: the TypeScript checks and the addon's agree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limits } from '../../src/limits.ts';
import { native } from '../../src/native.ts';
import { setModel } from '../../src/energies/setModel.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { sample } from '../../src/sample/sample.ts';

test('limits come from the addon and both doors reject one past each of them', async () => {
  const l = limits();
  assert.deepEqual(l, native().limits());
  assert.throws(() => setModel({ n: l.setItems + 1 }), { message: `Expected integer in [1, ${l.setItems}] for model.n but received ${l.setItems + 1}` });
  assert.throws(() => permModel({ n: l.permItems + 1 }), { message: `Expected integer in [1, ${l.permItems}] for model.n but received ${l.permItems + 1}` });
  // Dense couplings: the addon checks n before it reads the matrix, so a short array is enough here.
  const n = l.denseItems + 1;
  assert.throws(() => native().setSampleSync({ n, unary: new Float64Array(n), dense: new Float64Array(1), cardinality: -1 }, { samples: 1 }), {
    name: 'RangeError',
    message: `Expected n <= ${l.denseItems} for a dense model`,
  });
  const m = setModel({ n: 3, unary: [0, 1, 2] });
  await assert.rejects(sample(m, { samples: 10, chains: l.chains + 1 }), { message: `Expected integer in [1, ${l.chains}] for chains but received ${l.chains + 1}` });
  await assert.rejects(sample(m, { samples: 10, method: 'pt', replicas: l.replicas + 1 }), { message: `Expected integer in [2, ${l.replicas}] for replicas but received ${l.replicas + 1}` });
  assert.throws(() => native().setSampleSync(m.toNative(), { samples: 10, chains: l.chains + 1 }), { name: 'RangeError' });
});
