/** Stepping-stone log Z from parallel tempering within 0.05 nats of exact enumeration (random n = 12 models). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logPartition } from '../../src/sample/logz.ts';
import { randomSetModel } from '../helpers.ts';

test('PT log Z within 0.05 of exact at n = 12 (dense, sparse, cardinality, clamps)', async () => {
  const specs = [
    { n: 12, seed: 1, dense: true },
    { n: 12, seed: 2 },
    { n: 12, seed: 3, dense: true, scale: 1.5 },
    { n: 12, seed: 4, cardinality: 5 },
    { n: 12, seed: 5, clampCount: 3 },
  ];
  for (const spec of specs) {
    const m = randomSetModel(spec);
    const exact = await logPartition(m, { method: 'exact' });
    const pt = await logPartition(m, { method: 'pt', seed: spec.seed });
    assert.ok(Math.abs(pt.logZ - exact.logZ) < 0.05, `${JSON.stringify(spec)}: PT ${pt.logZ} vs exact ${exact.logZ}`);
    // The reported standard error is honest: the error is within 5 of them (or tiny).
    assert.ok(Math.abs(pt.logZ - exact.logZ) < Math.max(5 * pt.stdError!, 0.005), `error ${pt.logZ - exact.logZ} vs stdError ${pt.stdError}`);
  }
});

test('exact log Z: closed form for independent items, beta = 0 counts admissible states', async () => {
  const m = randomSetModel({ n: 10, seed: 8 });
  const zero = await logPartition(m, { method: 'exact', beta: 0 });
  assert.ok(Math.abs(zero.logZ - 10 * Math.LN2) < 1e-12);
  const { setModel } = await import('../../src/energies/setModel.ts');
  const h = [0.3, -1.2, 2, 0, 0.7];
  const indep = setModel({ n: 5, unary: h });
  const expected = h.reduce((s, x) => s + Math.log(1 + Math.exp(-x)), 0);
  const r = await logPartition(indep, { method: 'exact' });
  assert.ok(Math.abs(r.logZ - expected) < 1e-12);
  r.marginals!.forEach((p, i) => assert.ok(Math.abs(p - 1 / (1 + Math.exp(h[i]!))) < 1e-12));
});
