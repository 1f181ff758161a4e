/** Shared by the LAP cancellation tests: random integer costs, and checks of a returned assignment. */
import assert from 'node:assert/strict';
import { rng } from '../helpers.ts';

/** Stopped early, a run must take less than this share of the unstopped run. */
export const RATIO = 0.25;

export function lapCosts(n: number, seed: number): { n: number; cost: Float64Array } {
  const r = rng(seed);
  return { n, cost: Float64Array.from({ length: n * n }, () => Math.floor(r() * 1e6)) };
}

export function assertPermutation(a: Int32Array, n: number): void {
  assert.equal(a.length, n);
  assert.equal(new Set(a).size, n, 'a permutation');
  for (const j of a) assert.ok(j >= 0 && j < n);
}

export function costOf(p: { n: number; cost: Float64Array }, a: Int32Array): number {
  let s = 0;
  for (let i = 0; i < p.n; i++) s += p.cost[i * p.n + a[i]!]!;
  return s;
}
