/**
 * `createServer({ redis })` (ebm serve --redis): /v1/jobs on the BullMQ queue of a real redis-server, run by a
 * real `ebm worker` process. The routes answer as in-process: the result is the synchronous route's, SSE sends
 * progress then one result, DELETE stops the running job with its best-so-far, a queued job cancels at once,
 * late bad input fails the job with its pointer; and two servers on one Redis answer for each other's jobs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { parseQaplibDat, qapCost } from '../../src/data/qaplib.ts';
import { setModel, setModelToJson } from '../../src/energies/setModel.ts';
import { startWorker, TEST_TIMEOUT_MS, useQueue } from '../queue/harness.ts';
import { listen, nug12, readEvents, smallServer, until, VALID } from './helpers.ts';

const servers: FastifyInstance[] = [];
const q = useQueue();

/** A server whose jobs go on the fixture's queue (created after the fixture's Redis has started). */
function queueServer(): FastifyInstance {
  const app = smallServer({ redis: q.redis.url, caps: { maxTimeLimitMs: 60_000 } });
  servers.push(app);
  return app;
}

async function submit(app: FastifyInstance, kind: string, input: unknown): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/v1/jobs', payload: { kind, input } as object });
  assert.equal(r.statusCode, 202, r.body);
  assert.equal(r.json().status, 'queued');
  return r.json().id;
}

const view = async (app: FastifyInstance, id: string) => (await app.inject({ url: `/v1/jobs/${id}` })).json();
const long = { qaplib: nug12, options: { timeLimitMs: 30_000, seed: 1 } };

test('a job runs on the worker; its result is the synchronous route answer; another server reads it too', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  t.after(() => Promise.all(servers.splice(0).map((s) => s.close())));
  q.running.push(await startWorker(q.redis, ['--lock', '5']));
  const [a, b] = [queueServer(), queueServer()];
  const id = await submit(a, 'lap', VALID.lap);
  await until(async () => (await view(a, id)).status === 'done', 30_000);
  const done = await view(b, id);
  assert.equal(done.kind, 'lap');
  const sync = (await a.inject({ method: 'POST', url: '/v1/lap', payload: VALID.lap as object })).json();
  assert.deepEqual({ ...done.result, seconds: 0 }, { ...sync, seconds: 0 });
  assert.ok((await b.inject({ url: '/v1/jobs' })).json().some((j: { id: string }) => j.id === id), 'listed by the other server');
  assert.equal((await a.inject({ url: '/v1/jobs/no-such-job' })).statusCode, 404);

  // SSE from one server over a real socket, DELETE from the other: progress, then one result with the best so far.
  const id2 = await submit(a, 'qap', long);
  const response = await fetch(`${await listen(a)}/v1/jobs/${id2}/events`);
  const { events, done: reading } = readEvents(response);
  await until(() => events.filter((e) => e.type === 'progress').length >= 2, 30_000);
  const started = performance.now();
  const cancelled = (await b.inject({ method: 'DELETE', url: `/v1/jobs/${id2}` })).json();
  const latency = performance.now() - started;
  t.diagnostic(`cancel over the queue: ${latency.toFixed(0)} ms`);
  assert.equal(cancelled.status, 'cancelled', `within the 2 s a DELETE waits (${latency.toFixed(0)} ms)`);
  assert.equal(cancelled.result.stopped, 'aborted');
  const { n, flow, distance } = parseQaplibDat(nug12);
  assert.equal(cancelled.result.cost, qapCost(flow, distance, n, Int32Array.from(cancelled.result.permutation)), 'the best-so-far is a real permutation and its cost');
  await reading;
  assert.equal(events.at(-1)!.type, 'result');
  assert.equal(events.at(-1)!.data.status, 'cancelled');
  assert.equal(events.filter((e) => e.type === 'result').length, 1);
  assert.ok(events.slice(0, -1).every((e) => e.type === 'progress' && typeof e.data.best === 'number'));
});

test('a queued job cancels at once; late bad input fails the job with its pointer under /input', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  t.after(() => Promise.all(servers.splice(0).map((s) => s.close())));
  const app = queueServer();
  // One worker, concurrency 1 (the first test's): the second job waits behind the first.
  const first = await submit(app, 'qap', long);
  const second = await submit(app, 'qap', long);
  await until(async () => (await view(app, first)).status === 'running', 30_000);
  const queued = (await app.inject({ method: 'DELETE', url: `/v1/jobs/${second}` })).json();
  assert.equal(queued.status, 'cancelled');
  assert.equal(queued.result, undefined, 'a job that never ran has no result');
  assert.equal((await app.inject({ method: 'DELETE', url: `/v1/jobs/${first}` })).json().status, 'cancelled');
  // The worker then takes the cancelled one and ends it without running it.
  await until(async () => (await q.client.queue.getJobState(second)) === 'completed', 30_000);
  assert.equal((await view(app, second)).status, 'cancelled');

  const bad = await submit(app, 'qap', { qaplib: nug12, options: { replicas: 5000 } });
  await until(async () => (await view(app, bad)).status === 'failed', 30_000);
  const failed = await view(app, bad);
  assert.equal(failed.error.field, '/input/options/replicas');
  assert.match(failed.error.error, /replicas/);
  const health = (await app.inject({ url: '/healthz' })).json();
  assert.deepEqual(health, { ok: true, queue: 0 });

  // A running exact log Z has no partial answer: DELETE ends it cancelled (its AbortError is not a failure).
  const exact = await submit(app, 'logz', { model: dense24(), options: { method: 'exact' } });
  await until(async () => (await view(app, exact)).status === 'running', 30_000);
  const stopped = (await app.inject({ method: 'DELETE', url: `/v1/jobs/${exact}` })).json();
  assert.equal(stopped.status, 'cancelled', JSON.stringify(stopped));
  assert.equal(stopped.result, undefined);
});

/** A dense model of 2^24 states: exact enumeration takes seconds, so a DELETE finds it running. */
function dense24() {
  const n = 24;
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dense[i * n + j] = dense[j * n + i] = Math.sin(31 * i + j);
  return setModelToJson(setModel({ n, dense, unary: Array.from({ length: n }, (_, i) => Math.cos(i) / 2) }));
}
