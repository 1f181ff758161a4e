/**
 * Issue 11, the Hungarian reference LAP (hungarian_reference.hpp, lapSolve's method 'hungarian'): it polls the
 * job's stop like the JV solver, and stopped it answers the same way, with the same code: the rows inserted so far
 * completed greedily, a permutation with its true cost and `stopped: 'aborted' | 'deadline'`. Before, it ran its
 * O(n^3) to the end whatever the flag said. Timings are ratios against the unstopped run of the same matrix in
 * the same test, never absolute.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { native } from '../../src/native.ts';
import { RATIO, assertPermutation, costOf, lapCosts } from './lapFixtures.ts';


const hungarian = { method: 'hungarian' as const };

test('Hungarian reference n = 1200: a cancel flag set mid-run settles in a small share of the full solve, with a permutation and its true cost', async () => {
  const p = lapCosts(1200, 11);
  let t = performance.now();
  const full = await native().lapSolve(p, hungarian);
  const fullMs = performance.now() - t;
  assert.equal(full.stopped, 'done');
  assert.equal(full.cost, native().lapSolveSync(p).cost, 'unstopped, the reference is still the optimum (JV agrees)');
  for (const afterMs of [0, Math.min(50, fullMs / 10)]) {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const pending = native().lapSolve(p, { ...hungarian, cancel });
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    t = performance.now();
    Atomics.store(cancel, 0, 1);
    const r = await pending;
    const settleMs = performance.now() - t;
    assert.ok(settleMs < RATIO * fullMs, `cancelled after ${afterMs.toFixed(0)} ms: settled in ${settleMs.toFixed(0)} ms, the full solve took ${fullMs.toFixed(0)} ms`);
    assert.equal(r.stopped, 'aborted');
    assertPermutation(r.assignment, p.n);
    assert.equal(r.cost, costOf(p, r.assignment));
    assert.ok(r.cost >= full.cost, 'not below the optimum');
  }
});

test('Hungarian reference: a deadline stops it (async and sync) with stopped "deadline"; a far one changes nothing', async () => {
  const p = lapCosts(1000, 12);
  let t = performance.now();
  const full = native().lapSolveSync(p, hungarian);
  const fullMs = performance.now() - t;
  const limit = Math.max(0.001, fullMs / 10 / 1000);
  for (const run of [() => native().lapSolve(p, { ...hungarian, timeLimit: limit }), async () => native().lapSolveSync(p, { ...hungarian, timeLimit: limit })]) {
    t = performance.now();
    const r = await run();
    const ms = performance.now() - t;
    assert.equal(r.stopped, 'deadline');
    assert.ok(ms < 0.6 * fullMs, `a ${(limit * 1000).toFixed(0)} ms deadline took ${ms.toFixed(0)} ms, the full solve ${fullMs.toFixed(0)} ms`);
    assertPermutation(r.assignment, p.n);
    assert.equal(r.cost, costOf(p, r.assignment));
  }
  // Polling draws nothing and decides nothing: an unstopped solve with a flag and a far deadline is the same solve.
  const polled = native().lapSolveSync(p, { ...hungarian, cancel: new Int32Array(new SharedArrayBuffer(4)), timeLimit: 3600 });
  assert.deepEqual({ ...polled, seconds: 0 }, { ...full, seconds: 0 });
});

test('Hungarian reference: a flag set before the start gives the greedy completion of nothing, a permutation, at once', () => {
  const p = lapCosts(200, 13);
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  Atomics.store(cancel, 0, 1);
  const r = native().lapSolveSync(p, { ...hungarian, cancel });
  assert.equal(r.stopped, 'aborted');
  assertPermutation(r.assignment, p.n);
  assert.equal(r.cost, costOf(p, r.assignment));
  // n = 1 and n = 2 still solve exactly.
  assert.deepEqual(Array.from(native().lapSolveSync({ n: 2, cost: Float64Array.of(5, 1, 1, 5) }, hungarian).assignment), [1, 0]);
  assert.equal(native().lapSolveSync({ n: 1, cost: Float64Array.of(7) }, hungarian).cost, 7);
});
