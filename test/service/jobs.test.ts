/** Jobs: lifecycle, SSE progress then one result, cancel within 500 ms keeping the best-so-far, TTL, queue full. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseQaplibDat, qapCost } from '../../src/data/qaplib.ts';
import { nug12, smallServer, listen, readEvents, until, VALID } from './helpers.ts';

const app = smallServer({ caps: { maxTimeLimitMs: 60_000 } });
after(() => app.close());

async function submit(kind: string, input: unknown): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/v1/jobs', payload: { kind, input } as object });
  assert.equal(r.statusCode, 202, r.body);
  assert.equal(r.json().status, 'queued');
  return r.json().id;
}

const job = async (id: string) => (await app.inject({ url: `/v1/jobs/${id}` })).json();

test('a job runs to done; its result is what the synchronous route answers', async () => {
  const id = await submit('lap', VALID.lap);
  await until(async () => (await job(id)).status === 'done');
  const view = await job(id);
  assert.equal(view.kind, 'lap');
  assert.equal(view.result.cost, 5);
  const list = (await app.inject({ url: '/v1/jobs' })).json();
  assert.ok(list.some((j: { id: string }) => j.id === id));
});

test('SSE over a real socket: progress events with the best cost, then one result event; DELETE cancels within 500 ms', async () => {
  const base = await listen(app);
  const id = await submit('qap', { qaplib: nug12, options: { timeLimitMs: 30_000, seed: 1 } });
  const response = await fetch(`${base}/v1/jobs/${id}/events`);
  assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const { events, done: reading } = readEvents(response);
  await until(() => events.filter((e) => e.type === 'progress').length >= 2);
  const started = performance.now();
  const cancelled = await fetch(`${base}/v1/jobs/${id}`, { method: 'DELETE' });
  const latency = performance.now() - started;
  const view = (await cancelled.json()) as { status: string; result: { stopped: string; cost: number; permutation: number[] } };
  assert.ok(latency < 500, `cancel took ${latency.toFixed(0)} ms`);
  assert.equal(view.status, 'cancelled');
  assert.equal(view.result.stopped, 'aborted');
  const { n, flow, distance } = parseQaplibDat(nug12);
  assert.equal(view.result.cost, qapCost(flow, distance, n, Int32Array.from(view.result.permutation)), 'the best-so-far is a real permutation and its cost');
  await reading;
  const last = events.at(-1)!;
  assert.equal(last.type, 'result');
  assert.equal(last.data.status, 'cancelled');
  assert.equal(events.filter((e) => e.type === 'result').length, 1);
  assert.ok(events.slice(0, -1).every((e) => e.type === 'progress' && typeof e.data.best === 'number'));
});

test('a finished job is dropped after the TTL (then 404)', async () => {
  const short = smallServer({ jobTtlMs: 150 });
  const r = await short.inject({ method: 'POST', url: '/v1/jobs', payload: { kind: 'lap', input: VALID.lap } });
  const id = r.json().id;
  await until(async () => (await short.inject({ url: `/v1/jobs/${id}` })).json().status === 'done');
  await until(async () => (await short.inject({ url: `/v1/jobs/${id}` })).statusCode === 404, 2000);
  await short.close();
});

test('a full queue answers 503 with Retry-After; a queued job cancels at once', async () => {
  const full = smallServer({ workers: 1, maxQueue: 2, caps: { maxTimeLimitMs: 60_000 } });
  const long = { qaplib: nug12, options: { timeLimitMs: 20_000 } };
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) ids.push((await full.inject({ method: 'POST', url: '/v1/jobs', payload: { kind: 'qap', input: long } })).json().id);
  const refused = await full.inject({ method: 'POST', url: '/v1/jobs', payload: { kind: 'qap', input: long } });
  assert.equal(refused.statusCode, 503);
  assert.ok(Number(refused.headers['retry-after']) > 0);
  const sync = await full.inject({ method: 'POST', url: '/v1/lap', payload: VALID.lap as object });
  assert.equal(sync.statusCode, 503, 'synchronous solves count against the same queue');
  const queued = await full.inject({ method: 'DELETE', url: `/v1/jobs/${ids[1]}` });
  assert.equal(queued.json().status, 'cancelled');
  assert.equal(queued.json().result, undefined, 'a job that never ran has no result');
  const started = performance.now();
  const running = await full.inject({ method: 'DELETE', url: `/v1/jobs/${ids[0]}` });
  assert.equal(running.json().status, 'cancelled');
  assert.ok(performance.now() - started < 500);
  await full.close();
});

test('bad input the library finds when the run starts: the job fails with the pointer under /input', async () => {
  const id = await submit('qap', { qaplib: nug12, options: { replicas: 5000 } });
  await until(async () => (await job(id)).status === 'failed');
  const view = await job(id);
  assert.equal(view.error.field, '/input/options/replicas');
  assert.match(view.error.error, /replicas/);
});
