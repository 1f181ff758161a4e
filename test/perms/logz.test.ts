/**
 * Exact log Z of linear permutation models against log permanent(exp(-beta C)) (Ryser's formula). PT against
 * exact and the beta = 0 base measure for every space: test/spaces/conformance.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logPartition } from '../../src/sample/logz.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { rng } from '../helpers.ts';

/** Permanent of an n x n matrix (Ryser's formula, O(2^n n^2)): sum_sigma prod_i M[i][sigma(i)]. */
function permanent(M: number[][]): number {
  const n = M.length;
  let total = 0;
  for (let subset = 1; subset < 1 << n; subset++) {
    let product = 1;
    for (let i = 0; i < n; i++) {
      let rowSum = 0;
      for (let j = 0; j < n; j++) if (subset & (1 << j)) rowSum += M[i]![j]!;
      product *= rowSum;
    }
    let bits = 0;
    for (let s = subset; s; s &= s - 1) bits++;
    total += (n - bits) % 2 === 0 ? product : -product;
  }
  return total;
}

test('exact log Z: linear models give log permanent(exp(-beta C))', async () => {
  const r = rng(9);
  const n = 7;
  const C = Array.from({ length: n }, () => Array.from({ length: n }, () => r() * 2 - 1));
  const beta = 1.3;
  const m = permModel({ n, beta, linear: C });
  const exact = await logPartition(m, { method: 'exact' });
  const expected = Math.log(permanent(C.map((row) => row.map((c) => Math.exp(-beta * c)))));
  assert.ok(Math.abs(exact.logZ - expected) < 1e-10, `${exact.logZ} vs ${expected}`);
});
