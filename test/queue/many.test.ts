/**
 * Many small jobs: 1000 LAP jobs over 3 workers, none lost and none completed twice; and a Redis restart in
 * the middle of a run, after which workers and clients reconnect and every queued job finishes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { completionCounter, startWorker, stopWorker, TEST_TIMEOUT_MS, until, useQueue } from './harness.ts';
import { bruteForceLap, costMatrix } from './models.ts';

const q = useQueue();

/** Completed lines per job id in a worker's log (it logs a job once Redis has recorded its completion). */
function logged(w: ChildProcess): Map<string, number> {
  const counts = new Map<string, number>();
  let text = '';
  w.stderr!.on('data', (c: Buffer) => {
    text += c.toString();
    const lines = text.split('\n');
    text = lines.pop()!;
    for (const m of lines.map((l) => /job (\S+) \(lap\) completed/.exec(l))) if (m) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  });
  return counts;
}

test('1000 small jobs over 3 workers: each completes exactly once, none is lost', { timeout: TEST_TIMEOUT_MS }, async () => {
  const completions = await completionCounter(q.redis);
  const workers = await Promise.all([0, 1, 2].map(() => startWorker(q.redis, ['--concurrency', '4'])));
  q.running.push(...workers);
  const logs = workers.map(logged);
  const matrices = Array.from({ length: 1000 }, (_, i) => costMatrix(5, i));
  const jobs = await Promise.all(matrices.map((cost) => q.client.submit('lap', JSON.stringify({ cost }))));
  assert.equal(new Set(jobs.map((j) => j.id)).size, 1000);
  const results = await Promise.all(jobs.map((j) => j.result()));
  results.forEach((r, i) => assert.equal((r.json as { cost: number }).cost, bruteForceLap(matrices[i]!), `job ${i}`));
  await until(() => completions.total() >= 1000, '1000 completed events');
  for (const j of jobs) assert.equal(completions.counts.get(j.id), 1, `job ${j.id}: one completed event`);
  for (const w of workers) assert.equal(await stopWorker(w), 0);
  // Every worker took part, and their logs add up to each job once.
  const perJob = new Map<string, number>();
  for (const log of logs) {
    assert.ok(log.size > 0, 'each worker completed jobs');
    for (const [id, n] of log) perJob.set(id, (perJob.get(id) ?? 0) + n);
  }
  assert.equal(perJob.size, 1000);
  assert.ok([...perJob.values()].every((n) => n === 1));
  await completions.close();
});

test('Redis restarted during a run: the workers and the client reconnect, and every queued job finishes', { timeout: TEST_TIMEOUT_MS }, async () => {
  const workers = await Promise.all([0, 1].map(() => startWorker(q.redis, ['--concurrency', '2', '--lock', '5'])));
  q.running.push(...workers);
  // Enough that many are still queued when Redis stops after the first 30 (about 400 jobs/s go through here; on
  // an idle machine 600 once all left the queue before the check, so 3000).
  const matrices = Array.from({ length: 3000 }, (_, i) => costMatrix(6, 5000 + i));
  const jobs = await Promise.all(matrices.map((cost) => q.client.submit('lap', JSON.stringify({ cost }))));
  const results = Promise.all(jobs.map((j) => j.result()));
  // The 1000 jobs of the test before are still kept (results have a TTL, not a count).
  await until(async () => ((await q.client.queue.getJobCounts('completed')).completed ?? 0) >= 1000 + 30, '30 of them completed');
  const { wait } = await q.client.queue.getJobCounts('wait');
  assert.ok((wait ?? 0) > 0, 'jobs still queued when Redis stops');
  await q.redis.restart(1000);
  const answers = await results;
  answers.forEach((r, i) => assert.equal((r.json as { cost: number }).cost, bruteForceLap(matrices[i]!), `job ${i}`));
  const counts = await q.client.queue.getJobCounts('completed', 'failed');
  assert.deepEqual(counts, { completed: 1000 + matrices.length, failed: 0 });
  for (const w of workers) assert.equal(await stopWorker(w), 0);
});
