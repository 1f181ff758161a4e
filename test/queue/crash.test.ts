/**
 * kill -9 of a worker in the middle of its jobs: BullMQ's stalled-job check hands them to another worker, every
 * job completes exactly once (one "completed" event per job), a fixed-work sampling job gives the counts of an
 * uninterrupted local run (the job carries its seed), and LAP answers are optimal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { Job } from 'bullmq';
import { createQueueClient } from '../../src/queue/index.ts';
import { completionCounter, ebm, startWorker, stopWorker, TEST_TIMEOUT_MS, until, useQueue } from './harness.ts';
import { bruteForceLap, costMatrix, modelFolder } from './models.ts';

const files = modelFolder();
const q = useQueue(() => rmSync(files.dir, { recursive: true, force: true }));
// A job's lock lapses 2 s after its worker died; the stalled check then runs it again elsewhere.
const WORKER_ARGS = ['--lock', '2', '--concurrency', '2'];

async function worker(): Promise<ChildProcess> {
  const w = await startWorker(q.redis, WORKER_ARGS);
  q.running.push(w);
  return w;
}

function kill9(w: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
  w.kill('SIGKILL');
  return exited;
}

test('kill -9 during a long fixed-work sampling job: it runs again elsewhere, once, with the local counts', { timeout: TEST_TIMEOUT_MS }, async () => {
  const completions = await completionCounter(q.redis);
  const flags = { samples: 3_000_000, chains: 8, seed: 4 };
  const local = await ebm(['sample', files.set, '--samples', String(flags.samples), '--chains', '8', '--seed', '4', '--json']);
  const first = await worker();
  const job = await q.client.submit('sample', readFileSync(files.set, 'utf8'), { file: files.set, flags });
  await until(async () => (await q.client.queue.getJobState(job.id)) === 'active', 'the job to start');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(await q.client.queue.getJobState(job.id), 'active', 'still running when its worker is killed');
  await kill9(first);
  await worker();
  const result = (await job.result()).json as { counts: Record<string, number>; produced: number; stopped: string };
  const expected = JSON.parse(local.stdout) as typeof result;
  assert.equal(result.stopped, 'done');
  assert.equal(result.produced, flags.samples);
  assert.deepEqual(result.counts, expected.counts);
  const stored = await Job.fromId(q.client.queue, job.id);
  assert.ok((stored?.attemptsStarted ?? 0) >= 2, `started ${stored?.attemptsStarted} times: it really ran again`);
  await until(() => completions.counts.has(job.id), 'the completed event');
  assert.equal(completions.counts.get(job.id), 1);
  await completions.close();
});

test('kill -9 of one of two workers during 300 small LAP jobs: all complete exactly once, all optimal', { timeout: TEST_TIMEOUT_MS }, async () => {
  const completions = await completionCounter(q.redis);
  const before = completions.total();
  const workers = [await worker(), await worker()];
  const matrices = Array.from({ length: 300 }, (_, i) => costMatrix(6, 1000 + i));
  const jobs = await Promise.all(matrices.map((cost) => q.client.submit('lap', JSON.stringify({ cost }))));
  await until(() => completions.total() - before >= 60, '60 completions');
  await kill9(workers[0]!);
  await worker();
  const results = await Promise.all(jobs.map((j) => j.result()));
  results.forEach((r, i) => assert.equal((r.json as { cost: number }).cost, bruteForceLap(matrices[i]!), `job ${i}`));
  await until(() => jobs.every((j) => completions.counts.has(j.id)), 'every completed event');
  for (const j of jobs) assert.equal(completions.counts.get(j.id), 1, `job ${j.id} completed once`);
  // Whether the killed worker held a job at that instant is a race (a 6x6 LAP takes microseconds), so a job that
  // ran twice is not required here; the long sampling job above is killed while active and must run again.
  await completions.close();
});

test('SIGTERM during a job: the worker finishes it (not run again) and exits 0', { timeout: TEST_TIMEOUT_MS }, async () => {
  // A queue of its own: the workers of the tests above would take the job otherwise.
  const w = await startWorker(q.redis, [...WORKER_ARGS, '--queue', 'sigterm']);
  const own = await createQueueClient({ connection: q.redis.url, queue: 'sigterm' });
  try {
    const job = await own.submit('sample', readFileSync(files.set, 'utf8'), { flags: { samples: 2_000_000, chains: 8 } });
    await until(async () => (await own.queue.getJobState(job.id)) === 'active', 'the job to start');
    assert.equal(await stopWorker(w), 0);
    assert.equal(await own.queue.getJobState(job.id), 'completed', 'done before the worker exited');
    assert.equal(((await job.result()).json as { stopped: string }).stopped, 'done');
    assert.equal((await Job.fromId(own.queue, job.id))?.attemptsStarted, 1);
  } finally {
    await own.close();
  }
});
