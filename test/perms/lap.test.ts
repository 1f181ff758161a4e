/**
 * Linear assignment: the Jonker-Volgenant solver is optimal (equal to brute force for n <= 8 and to an
 * independent O(n^3) Hungarian reference up to n = 200 and at n = 1000), including ties, negative and
 * huge-range costs; non-square or non-finite input is a named error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assign } from '../../src/solve/assign.ts';
import { native } from '../../src/native.ts';
import { rng } from '../helpers.ts';

function bruteForce(C: number[][]): number {
  const n = C.length;
  let best = Infinity;
  const used = new Array<boolean>(n).fill(false);
  const walk = (i: number, acc: number) => {
    if (i === n) return void (best = Math.min(best, acc));
    for (let j = 0; j < n; j++)
      if (!used[j]) {
        used[j] = true;
        walk(i + 1, acc + C[i]![j]!);
        used[j] = false;
      }
  };
  walk(0, 0);
  return best;
}

function checkAssignment(C: ArrayLike<number>, n: number, assignment: Int32Array, cost: number): void {
  const seen = new Uint8Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const j = assignment[i]!;
    assert.ok(j >= 0 && j < n && !seen[j], `assignment is not a permutation at row ${i}`);
    seen[j] = 1;
    sum += C[i * n + j]!;
  }
  assert.ok(Math.abs(sum - cost) <= 1e-9 * Math.max(1, Math.abs(sum)), `reported cost ${cost} vs recomputed ${sum}`);
}

type Kind = 'uniform' | 'ties' | 'negative' | 'huge';
function randomCosts(n: number, seed: number, kind: Kind): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n * n }, () => {
    if (kind === 'ties') return Math.floor(r() * 3);
    if (kind === 'negative') return Math.round((r() - 0.7) * 1000);
    if (kind === 'huge') return r() < 0.3 ? Math.round((r() - 0.5) * 2e15) : Math.round(r() * 10);
    return r();
  });
}

test('equals brute force for n <= 8', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 1e6 }), fc.constantFrom<Kind>('uniform', 'ties', 'negative', 'huge'), (n, seed, kind) => {
      const flat = randomCosts(n, seed, kind);
      const rows = Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * n, (i + 1) * n)));
      const r = assign(rows);
      checkAssignment(flat, n, r.assignment, r.cost);
      assert.equal(r.cost, bruteForce(rows));
    }),
    { seed: 5, numRuns: 300 },
  );
});

test('equals the Hungarian reference on random n <= 200 (ties, negative, huge range)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 1e6 }), fc.constantFrom<Kind>('uniform', 'ties', 'negative', 'huge'), (n, seed, kind) => {
      const cost = randomCosts(n, seed, kind);
      const jv = native().lapSolveSync({ n, cost });
      const ref = native().lapSolveSync({ n, cost }, { method: 'hungarian' });
      checkAssignment(cost, n, jv.assignment, jv.cost);
      checkAssignment(cost, n, ref.assignment, ref.cost);
      if (kind === 'uniform') assert.ok(Math.abs(jv.cost - ref.cost) <= 1e-9 * Math.abs(ref.cost), `${jv.cost} vs ${ref.cost}`);
      else assert.equal(jv.cost, ref.cost); // integers: exact
    }),
    { seed: 6, numRuns: 120 },
  );
});

test('optimal on a random 1000 x 1000 integer matrix (vs the Hungarian reference)', () => {
  const n = 1000;
  const r = rng(77);
  const cost = Float64Array.from({ length: n * n }, () => Math.floor(r() * 1000));
  const jv = native().lapSolveSync({ n, cost });
  const ref = native().lapSolveSync({ n, cost }, { method: 'hungarian' });
  checkAssignment(cost, n, jv.assignment, jv.cost);
  assert.equal(jv.cost, ref.cost);
});

test('rectangular, non-finite and malformed input are named errors', () => {
  assert.throws(() => assign([[1, 2, 3], [4, 5, 6]]), { name: 'RangeError', message: 'Expected a square matrix for cost but row 0 has 3 entries for 2 rows' });
  assert.throws(() => assign([[1, 2], [4]]), { name: 'RangeError', message: 'Expected a square matrix for cost but row 1 has 1 entries for 2 rows' });
  assert.throws(() => assign([[1, NaN], [3, 4]]), { name: 'RangeError', message: 'Expected finite number for cost[0][1] but received NaN' });
  assert.throws(() => assign([[1, 2], [Infinity, 4]]), { name: 'RangeError', message: 'Expected finite number for cost[1][0] but received Infinity' });
  assert.throws(() => assign([[1, '2' as unknown as number], [3, 4]]), { name: 'TypeError', message: 'Expected finite number for cost[0][1] but received "2"' });
  assert.throws(() => assign([[1, 2], 3 as unknown as number[]]), { name: 'TypeError', message: 'Expected row of 2 numbers for cost[1] but received 3' });
  assert.throws(() => assign(null as never), { name: 'TypeError', message: 'Expected square matrix (array of rows) for cost but received null' });
  assert.throws(() => assign({ n: 3, cost: new Float64Array(8) }), { name: 'RangeError', message: 'Expected a square matrix for cost but received 8 entries for n = 3' });
  // The addon checks on its own.
  assert.throws(() => native().lapSolveSync({ n: 2, cost: new Float64Array(3) }), { name: 'RangeError', message: 'Expected length 4 for cost but received 3' });
  assert.throws(() => native().lapSolveSync({ n: 2, cost: new Float64Array([0, 1, NaN, 2]) }), { name: 'RangeError', message: 'Expected finite number for cost[2]' });
  assert.throws(() => native().lapSolveSync({ n: 2, cost: [0, 1, 2, 3] as never }), { name: 'TypeError', message: 'Expected typed array of the right element type for cost' });
  // An empty matrix is bad input (issue 9: `ebm lap` of an empty file answered cost 0).
  assert.throws(() => assign([]), { name: 'RangeError', message: 'Expected a non-empty square matrix for cost but received 0 rows' });
});
