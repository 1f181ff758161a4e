/** Stepping-stone log Z from PT within 0.05 nats of exact enumeration (random n = 8 models), and exact log Z checked against closed forms. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logPartitionPermutations } from '../../src/sample/permLogz.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { randomPermModel } from './permHelpers.ts';
import { rng } from '../helpers.ts';

test('PT log Z within 0.05 of exact at n = 8 (linear, QAP, both, clamps)', async () => {
  const specs = [
    { n: 8, seed: 1 },
    { n: 8, seed: 2, qap: false, scale: 1.5 },
    { n: 8, seed: 3, linear: false, symmetric: true },
    { n: 8, seed: 4, clampCount: 2 },
    { n: 8, seed: 5, scale: 1.5 },
  ];
  for (const spec of specs) {
    const m = randomPermModel(spec);
    const exact = await logPartitionPermutations(m, { method: 'exact' });
    const pt = await logPartitionPermutations(m, { method: 'pt', seed: spec.seed });
    assert.ok(Math.abs(pt.logZ - exact.logZ) < 0.05, `${JSON.stringify(spec)}: PT ${pt.logZ} vs exact ${exact.logZ}`);
    // The reported standard error is honest: the error is within 5 of them (or tiny).
    assert.ok(Math.abs(pt.logZ - exact.logZ) < Math.max(5 * pt.stdError!, 0.005), `error ${pt.logZ - exact.logZ} vs stdError ${pt.stdError}`);
  }
});

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

test('exact log Z: beta = 0 counts admissible permutations; linear models give log permanent(exp(-beta C))', async () => {
  const clamped = randomPermModel({ n: 7, seed: 6, clampCount: 3 });
  const free = clamped.freeCount();
  const zero = await logPartitionPermutations(clamped, { method: 'exact', beta: 0 });
  let logFactorial = 0;
  for (let k = 2; k <= free; k++) logFactorial += Math.log(k);
  assert.ok(Math.abs(zero.logZ - logFactorial) < 1e-12, `${zero.logZ} vs log(${free}!)`);
  assert.ok(Math.abs(clamped.logAdmissibleCount() - logFactorial) < 1e-12);
  const r = rng(9);
  const n = 7;
  const C = Array.from({ length: n }, () => Array.from({ length: n }, () => r() * 2 - 1));
  const beta = 1.3;
  const m = permModel({ n, beta, linear: C });
  const exact = await logPartitionPermutations(m, { method: 'exact' });
  const expected = Math.log(permanent(C.map((row) => row.map((c) => Math.exp(-beta * c)))));
  assert.ok(Math.abs(exact.logZ - expected) < 1e-10, `${exact.logZ} vs ${expected}`);
});
