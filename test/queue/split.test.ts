/**
 * --split K: a sample or PT log Z job as K child jobs over chain ranges (a BullMQ flow), merged as the pool
 * merges its workers, gives what one process gives: the same counts, the same log Z and standard error, for
 * K = 1, 2, 4, over two worker processes with different thread counts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { createQueueClient, type QueueClient } from '../../src/queue/index.ts';
import { ebm, Redis, startWorker, stopWorker, exitSoon, TEST_TIMEOUT_MS } from './harness.ts';
import { modelFolder, PERM_MODEL, SET_MODEL } from './models.ts';

let redis: Redis;
let workers: ChildProcess[];
let client: QueueClient;
const files = modelFolder();

before(async () => {
  redis = await Redis.start();
  workers = await Promise.all([startWorker(redis, ['--workers', '1', '--concurrency', '2']), startWorker(redis, ['--workers', '2', '--concurrency', '2'])]);
  client = await createQueueClient({ connection: redis.url });
});

after(async () => {
  exitSoon();
  await client.close();
  for (const w of workers) assert.equal(await stopWorker(w), 0);
  await redis.stop();
  rmSync(files.dir, { recursive: true, force: true });
});

const cases = [
  { name: 'sample, set model, Gibbs', kind: 'sample', file: files.set, model: SET_MODEL, flags: { samples: 20_001, chains: 7 } },
  { name: 'sample, set model, PT', kind: 'sample', file: files.set, model: SET_MODEL, flags: { samples: 5_000, chains: 5, method: 'pt', replicas: 4, seed: 3 } },
  { name: 'sample, permutation model', kind: 'sample', file: files.perm, model: PERM_MODEL, flags: { samples: 9_999, chains: 6, seed: 11 } },
  { name: 'logz --method pt', kind: 'logz', file: files.set, model: SET_MODEL, flags: { method: 'pt', chains: 6, rounds: 3000, seed: 5 } },
];

const args = (flags: Record<string, string | number>) => Object.entries(flags).flatMap(([k, v]) => [`--${k}`, String(v)]);

/** What must agree: everything but the seconds. */
function comparable(json: Record<string, unknown>) {
  const { seconds: _, ...rest } = json;
  return rest;
}

for (const c of cases) {
  test(`--split K for K = 1, 2, 4 equals one process: ${c.name}`, { timeout: TEST_TIMEOUT_MS }, async () => {
    const [local, viaCli] = await Promise.all([
      ebm([c.kind, c.file, ...args(c.flags), '--json']),
      ebm(['submit', c.kind, c.file, ...args(c.flags), '--split', '2', '--redis', redis.url, '--wait', '--json']),
    ]);
    assert.equal(local.code, 0, local.stderr);
    assert.equal(viaCli.code, 0, viaCli.stderr);
    const expected = comparable(JSON.parse(local.stdout));
    assert.deepEqual(comparable(JSON.parse(viaCli.stdout)), expected, 'ebm submit --split 2');
    for (const split of [1, 4]) {
      // The library's submit takes the same file name, so outputs that name the file agree too.
      const job = await client.submit(c.kind, JSON.stringify(c.model), { file: c.file, flags: c.flags, split });
      assert.equal(job.partIds.length, split);
      assert.deepEqual(comparable((await job.result()).json as Record<string, unknown>), expected, `split ${split}`);
    }
  });
}
