/**
 * Exact log Z of independent items against its closed form. PT against exact and the beta = 0 base measure for
 * every space: test/spaces/conformance.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logPartition } from '../../src/sample/logz.ts';
import { setModel } from '../../src/energies/setModel.ts';

test('exact log Z: closed form for independent items', async () => {
  const h = [0.3, -1.2, 2, 0, 0.7];
  const indep = setModel({ n: 5, unary: h });
  const expected = h.reduce((s, x) => s + Math.log(1 + Math.exp(-x)), 0);
  const r = await logPartition(indep, { method: 'exact' });
  assert.ok(Math.abs(r.logZ - expected) < 1e-12);
  r.marginals!.forEach((p, i) => assert.ok(Math.abs(p - 1 / (1 + Math.exp(h[i]!))) < 1e-12));
});
