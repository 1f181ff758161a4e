/**
 * Issue 11 item 3, the remaining solvers: the linear assignment (JV, lap.hpp) and exact enumeration (sets and
 * permutations) poll the signal and the deadline inside their loops. A stopped assignment resolves with a
 * permutation (the partial one completed greedily) and `stopped`; a stopped enumeration rejects with an
 * AbortError / TimeoutError (an exact sum cannot be partial). Timings are ratios against the unstopped run of the
 * same problem in the same test, never absolute: before the fix the settle time was the rest of the run (a
 * ratio near 1), now it is milliseconds. And the deadline counts from the call, not from when the job started
 * (a job queued behind another one on the thread pool does not get its full budget again): queued-child.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { assign, assignAsync } from '../../src/solve/assign.ts';
import { logPartition } from '../../src/sample/logz.ts';
import { setModel } from '../../src/energies/setModel.ts';
import { permModel } from '../../src/energies/permModel.ts';
import { rng } from '../helpers.ts';
import { RATIO, assertPermutation, costOf, lapCosts } from './lapFixtures.ts';


/** ms from abort() (`afterMs` after the call) to the promise settling, and what it settled with. */
async function abortAfter<T>(run: (signal: AbortSignal) => Promise<T>, afterMs: number) {
  const ac = new AbortController();
  const pending = run(ac.signal).then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  const t = performance.now();
  ac.abort(new Error('enough'));
  const settled = await pending;
  return { ...settled, settleMs: performance.now() - t };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await run();
  return { value, ms: performance.now() - t };
}

test('LAP n = 3000: abort settles in a small share of the full solve, with a permutation and its true cost', async () => {
  const p = lapCosts(3000, 1);
  const full = await timed(() => assignAsync(p));
  assert.equal(full.value.stopped, 'done');
  for (const afterMs of [0, 50]) {
    const s = await abortAfter((signal) => assignAsync(p, { signal }), afterMs);
    assert.equal(s.error, undefined);
    const r = s.value!;
    assert.ok(s.settleMs < RATIO * full.ms, `aborted after ${afterMs} ms: settled in ${s.settleMs.toFixed(0)} ms, the full solve took ${full.ms.toFixed(0)} ms`);
    assert.equal(r.stopped, 'aborted');
    assertPermutation(r.assignment, p.n);
    assert.equal(r.cost, costOf(p, r.assignment));
    assert.ok(r.cost >= full.value.cost, 'not below the optimum');
  }
});

test('LAP: a deadline stops the solve (async and sync) with a permutation; a far one changes nothing', async () => {
  const p = lapCosts(2000, 2);
  const full = await timed(() => assignAsync(p));
  const limit = Math.max(1, Math.round(full.ms / 8));
  // The fastest of three deadline runs: one run on a busy CI machine can wait its turn on a core (a 14 ms
  // deadline once took 67 ms of a 108 ms solve), which says nothing about where the solve stops.
  let cut = await timed(() => assignAsync(p, { timeLimitMs: limit }));
  for (let run = 1; run < 3; run++) {
    assert.equal(cut.value.stopped, 'deadline');
    const again = await timed(() => assignAsync(p, { timeLimitMs: limit }));
    if (again.ms < cut.ms) cut = again;
  }
  assert.equal(cut.value.stopped, 'deadline');
  assert.ok(cut.ms < 0.6 * full.ms, `a ${limit} ms deadline took ${cut.ms.toFixed(0)} ms, the full solve ${full.ms.toFixed(0)} ms`);
  assertPermutation(cut.value.assignment, p.n);
  const sync = assign(p, { timeLimitMs: limit });
  assert.equal(sync.stopped, 'deadline');
  assertPermutation(sync.assignment, p.n);
  assert.equal(sync.cost, costOf(p, sync.assignment));
  // Polling draws nothing and decides nothing: an unstopped solve with a signal is the same solve.
  const polled = await assignAsync(p, { signal: new AbortController().signal, timeLimitMs: 3_600_000 });
  assert.deepEqual({ ...polled, seconds: 0 }, { ...full.value, seconds: 0 });
});

test('LAP: an already aborted signal returns a greedy permutation at once; bad options are named errors', async () => {
  const p = lapCosts(300, 3);
  const r = await assignAsync(p, { signal: AbortSignal.abort() });
  assert.equal(r.stopped, 'aborted');
  assertPermutation(r.assignment, p.n);
  assert.throws(() => assign(p, { timeLimit: 5 } as never), { name: 'RangeError', code: 'EBM_INVALID_INPUT', message: /Unknown key "timeLimit"/ });
  assert.throws(() => assign(p, { timeLimitMs: -1 }), { code: 'EBM_INVALID_INPUT' });
  await assert.rejects(assignAsync(p, { signal: {} as AbortSignal }), { name: 'TypeError', code: 'EBM_INVALID_INPUT' });
});

/** A dense set model with k free items of n (two clamped): 2^k states to enumerate. */
function denseSet(n: number, seed: number) {
  const r = rng(seed);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dense[i * n + j] = dense[j * n + i] = r() * 2 - 1;
  return setModel({ n, dense, unary: Array.from({ length: n }, () => r() - 0.5), clamp: { 0: 1, 1: 0 } });
}

test('exact log Z (sets, 2^21 states; permutations, 10!): abort rejects with AbortError in a small share of the full run', async () => {
  const perm = permModel({ n: 10, linear: Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => ((i * 7 + j * 3) % 11) / 4)) });
  for (const [name, model] of [['set', denseSet(23, 4)], ['perm', perm]] as const) {
    const full = await timed(() => logPartition(model as never, { method: 'exact' }));
    assert.ok(Number.isFinite(full.value.logZ));
    const s = await abortAfter((signal) => logPartition(model as never, { method: 'exact', signal }), Math.min(50, full.ms / 10));
    assert.ok(s.settleMs < RATIO * full.ms, `${name}: settled in ${s.settleMs.toFixed(0)} ms, the full enumeration took ${full.ms.toFixed(0)} ms`);
    const e = s.error as Error & { code?: string; cause?: unknown };
    assert.ok(e instanceof Error, `${name}: rejects`);
    assert.equal(e.name, 'AbortError', name);
    assert.equal(e.code, 'ABORT_ERR');
    assert.equal((e.cause as Error).message, 'enough', 'the signal reason is the cause');
    assert.match(e.message, /exact log Z was aborted/);
  }
});

test('exact log Z: a deadline rejects with TimeoutError well before the enumeration ends; a far one changes nothing', async () => {
  const model = denseSet(23, 5);
  const full = await timed(() => logPartition(model, { method: 'exact' }));
  const limit = Math.max(1, Math.round(full.ms / 10));
  const t = performance.now();
  await assert.rejects(logPartition(model, { method: 'exact', timeLimitMs: limit }), { name: 'TimeoutError', code: 'EBM_TIMEOUT', message: /exact log Z did not finish within its time limit/ });
  const ms = performance.now() - t;
  assert.ok(ms < 0.5 * full.ms, `a ${limit} ms deadline took ${ms.toFixed(0)} ms, the full enumeration ${full.ms.toFixed(0)} ms`);
  await assert.rejects(logPartition(model, { method: 'exact', signal: AbortSignal.abort() }), { name: 'AbortError' });
  const polled = await logPartition(model, { method: 'exact', signal: new AbortController().signal, timeLimitMs: 3_600_000 });
  assert.deepEqual(polled, full.value);
});

test('deadlines count from the call: a job queued behind another on the thread pool stops at its own deadline', () => {
  const child = fileURLToPath(new URL('./queued-child.ts', import.meta.url));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', child], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, UV_THREADPOOL_SIZE: '1' } });
  assert.equal(r.status, 0, `child exit ${r.status}: ${r.stderr}`);
  const f = JSON.parse(r.stdout.trim().split('\n').pop()!) as { blockerMs: number; afterBlockerMs: number; limitMs: number; stopped: string; permutation: boolean };
  assert.equal(f.stopped, 'deadline');
  assert.ok(f.permutation);
  // Counted from the call, the queued job's deadline (0.8 x the blocker's solo time) has passed when it starts,
  // so it settles right after the blocker; counted from its start, it would run that long more.
  assert.ok(f.afterBlockerMs < 0.5 * f.limitMs, `queued job settled ${f.afterBlockerMs.toFixed(0)} ms after the blocker (${f.blockerMs.toFixed(0)} ms); its deadline was ${f.limitMs} ms`);
});
