/**
 * Issue 11: the service's exact runs stop too. A LAP (sync route or job) gets the job's signal and the service's
 * time cap: DELETE or the cap stops it, and it answers its partial assignment completed greedily with `stopped`.
 * Exact log Z gets them as well; stopped it has no answer, so it ends with the named error: a job `cancelled` with
 * "AbortError: ..." after a DELETE, a synchronous route 504 "TimeoutError: ..." past its budget or the cap.
 * Before, both ran to the end whatever DELETE or the cap said. Timings are ratios against the unstopped solve of
 * the same matrix in the same test.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { setModel, setModelToJson } from '../../src/energies/setModel.ts';
import { rng } from '../helpers.ts';
import { smallServer, until } from './helpers.ts';

/** Stopped early, a LAP must settle in less than this share of its unstopped solve. */
const RATIO = 0.25;

const caps = { maxN: 1000, maxTimeLimitMs: 60_000 };
const app = smallServer({ caps, bodyLimit: 32 << 20 });
// The same caps but a time cap far below the work: every run is stopped by the cap.
const capped = smallServer({ caps: { ...caps, maxTimeLimitMs: 20 }, bodyLimit: 32 << 20 });
after(() => Promise.all([app.close(), capped.close()]));

/** Machol-Wien costs C[i][j] = (i + 1)(j + 1): hard for shortest-augmenting-path LAP codes (seconds at n = 800). */
const N = 800;
const cost = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (i + 1) * (j + 1)));

type LapAnswer = { n: number; cost: number; assignment: number[]; stopped: string; seconds: number };

function assertAssignment(r: LapAnswer): void {
  assert.equal(r.assignment.length, N);
  assert.equal(new Set(r.assignment).size, N, 'a permutation');
  assert.equal(r.cost, r.assignment.reduce((s, j, i) => s + cost[i]![j]!, 0), 'its true cost');
}

/** A dense set model of 24 free items: 2^24 states, seconds of enumeration. */
function dense24() {
  const n = 24;
  const r = rng(4);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dense[i * n + j] = dense[j * n + i] = r() * 2 - 1;
  return setModelToJson(setModel({ n, dense, unary: Array.from({ length: n }, () => r() - 0.5) }));
}

const job = async (id: string) => (await app.inject({ url: `/v1/jobs/${id}` })).json();

async function submit(kind: string, input: unknown): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/v1/jobs', payload: { kind, input } as object });
  assert.equal(r.statusCode, 202, r.body);
  return r.json().id;
}

let fullLap: { answer: LapAnswer; ms: number } | undefined;

/** The unstopped solve through the synchronous route (once). */
async function unstoppedLap() {
  if (fullLap) return fullLap;
  const t = performance.now();
  const r = await app.inject({ method: 'POST', url: '/v1/lap', payload: { cost } });
  const ms = performance.now() - t;
  assert.equal(r.statusCode, 200, r.body);
  const answer = r.json() as LapAnswer;
  assert.equal(answer.stopped, 'done');
  assertAssignment(answer);
  fullLap = { answer, ms };
  return fullLap;
}

test('a LAP job on a hard 800 x 800 matrix: DELETE stops it in a small share of its full solve, answering its greedy completion with stopped "aborted"', async () => {
  const full = await unstoppedLap();
  const id = await submit('lap', { cost });
  await until(async () => (await job(id)).status === 'running');
  await new Promise((resolve) => setTimeout(resolve, Math.min(50, full.ms / 10)));
  const t = performance.now();
  const r = await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}` });
  const ms = performance.now() - t;
  const view = r.json() as { status: string; result: LapAnswer };
  assert.equal(view.status, 'cancelled');
  assert.equal(view.result.stopped, 'aborted');
  assertAssignment(view.result);
  assert.ok(view.result.cost >= full.answer.cost, 'not below the optimum');
  assert.ok(ms < RATIO * full.ms, `DELETE answered in ${ms.toFixed(0)} ms, the full solve took ${full.ms.toFixed(0)} ms`);
});

test("the service's time cap stops a LAP (which has no options of its own): stopped \"deadline\", a greedy completion", async () => {
  const full = await unstoppedLap();
  const r = await capped.inject({ method: 'POST', url: '/v1/lap', payload: { cost } });
  assert.equal(r.statusCode, 200, r.body);
  const answer = r.json() as LapAnswer;
  assert.equal(answer.stopped, 'deadline');
  assertAssignment(answer);
  assert.ok(answer.seconds < 0.5 * full.answer.seconds, `capped at 20 ms: ${answer.seconds.toFixed(3)} s, unstopped ${full.answer.seconds.toFixed(3)} s`);
});

test('an exact log Z job over 2^24 states: DELETE ends it as cancelled, no result, the error "AbortError: exact log Z was aborted"', async () => {
  const id = await submit('logz', { model: dense24(), options: { method: 'exact' } });
  await until(async () => (await job(id)).status === 'running');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const r = await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}` });
  const view = r.json() as { status: string; result?: unknown; error?: { error: string } };
  assert.equal(view.status, 'cancelled');
  assert.equal(view.result, undefined);
  assert.deepEqual(view.error, { error: 'AbortError: exact log Z was aborted' });
});

test('exact log Z past its timeLimitMs, or past the time cap when it gives none: 504 "TimeoutError: ..."', async () => {
  const model = dense24();
  const expected = { error: 'TimeoutError: exact log Z did not finish within its time limit' };
  const own = await app.inject({ method: 'POST', url: '/v1/logz', payload: { model, options: { method: 'exact', timeLimitMs: 100 } } });
  assert.equal(own.statusCode, 504, own.body);
  assert.deepEqual(own.json(), expected);
  const guard = await capped.inject({ method: 'POST', url: '/v1/logz', payload: { model } });
  assert.equal(guard.statusCode, 504, guard.body);
  assert.deepEqual(guard.json(), expected);
  // A job past its budget fails with the same named error.
  const id = await submit('logz', { model, options: { timeLimitMs: 100 } });
  await until(async () => (await job(id)).status === 'failed');
  assert.deepEqual((await job(id)).error, expected);
});
