/**
 * ebm submit against a real Redis and a real `ebm worker`: --wait prints what the local command prints, bad
 * input exits 2 with nothing queued, cancel returns the best so far, the size limit is an error, SIGTERM
 * exits 0.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createQueueClient, type QueueClient } from '../../src/queue/index.ts';
import { isInputError } from '../../src/errors.ts';
import { ebm, Redis, startWorker, stopWorker, exitSoon, TEST_TIMEOUT_MS } from './harness.ts';
import { modelFolder, SET_MODEL } from './models.ts';

let redis: Redis;
let worker: ChildProcess;
let client: QueueClient;
const files = modelFolder();
const lapFile = join(files.dir, 'cost.json');

before(async () => {
  redis = await Redis.start();
  worker = await startWorker(redis, ['--lock', '5']);
  client = await createQueueClient({ connection: redis.url });
  writeFileSync(lapFile, JSON.stringify({ cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]] }));
});

after(async () => {
  exitSoon();
  await client.close();
  assert.equal(await stopWorker(worker), 0, 'SIGTERM: the worker exits 0');
  await redis.stop();
  rmSync(files.dir, { recursive: true, force: true });
});

const withoutSeconds = (json: Record<string, unknown>) => ({ ...json, seconds: undefined });

test('--wait --json prints the JSON of the local command (lap, sample, logz)', { timeout: TEST_TIMEOUT_MS }, async () => {
  for (const args of [['lap', lapFile], ['sample', files.set, '--samples', '3000', '--chains', '4'], ['sample', files.perm, '--samples', '2000', '--seed', '7'], ['logz', files.set]]) {
    const local = await ebm([...args, '--json']);
    const queued = await ebm(['submit', ...args, '--redis', redis.url, '--wait', '--json']);
    assert.equal(queued.code, 0, queued.stderr);
    assert.deepEqual(withoutSeconds(JSON.parse(queued.stdout)), withoutSeconds(JSON.parse(local.stdout)), args.join(' '));
  }
});

test('--wait prints the text of the local command; without --wait, the job id', { timeout: TEST_TIMEOUT_MS }, async () => {
  const local = await ebm(['sample', files.set, '--samples', '3000']);
  const queued = await ebm(['submit', 'sample', files.set, '--samples', '3000', '--redis', redis.url, '--wait']);
  // The first line carries the run's seconds; the states and their counts follow.
  assert.deepEqual(queued.stdout.split('\n').slice(1), local.stdout.split('\n').slice(1));
  const id = await ebm(['submit', 'lap', lapFile, '--redis', redis.url]);
  assert.equal(id.code, 0, id.stderr);
  assert.match(id.stdout, /^\d+\n$/);
  const ran = (await client.job(id.stdout.trim()).result()).json as Record<string, unknown>;
  assert.deepEqual(withoutSeconds(ran), withoutSeconds(JSON.parse((await ebm(['lap', lapFile, '--json'])).stdout)), 'the job ran');
});

test('bad input: exit 2 with the named error, and nothing is queued', { timeout: TEST_TIMEOUT_MS }, async () => {
  const bad = join(files.dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ...SET_MODEL, unary: [1, 2] }));
  const nonSquare = join(files.dir, 'nonsquare.json');
  writeFileSync(nonSquare, JSON.stringify({ cost: [[1, 2], [3]] }));
  // Through the CLI (each `ebm` start costs about a second here) and, the same checks, through the library.
  const cases: [string[], RegExp][] = [
    [['sample', bad, '--samples', '10'], /unary/],
    [['sample', files.set, '--samples', '10', '--method', 'metropolis'], /--method/],
    [['lap', lapFile, '--seed', '3'], /--seed/],
    [['sample', files.set, '--samples', '10', '--split', '2'], /--chains/],
    [['qap', join(files.dir, 'missing.dat')], /Cannot read/],
  ];
  const rejected = await createQueueClient({ connection: redis.url, queue: 'rejected' });
  const calls: [string, string, Record<string, string | number>, RegExp][] = [
    ['sample', JSON.stringify(SET_MODEL), { samples: -3 }, /samples/],
    ['sample', JSON.stringify(SET_MODEL), { samples: 10, chains: 0 }, /chains/],
    ['sample', JSON.stringify(SET_MODEL), {}, /--samples/],
    ['logz', JSON.stringify(SET_MODEL), { method: 'pt', rounds: 0 }, /rounds/],
    ['lap', JSON.stringify({ cost: [[1, 2], [3]] }), {}, /cost/],
    ['maxcut', '3 1\n1 2 x\n', {}, /./],
    ['sample', JSON.stringify(SET_MODEL), { samples: 10, plot: 'states.svg' }, /--plot is not available for queued jobs/],
  ];
  try {
    await Promise.all([
      ...cases.map(async ([args, message]) => {
        const r = await ebm(['submit', ...args, '--redis', redis.url, '--queue', 'rejected', '--json']);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(JSON.parse(r.stdout).error, message, args.join(' '));
      }),
      ...calls.map(([kind, text, flags, message]) => assert.rejects(rejected.submit(kind, text, { flags }), (e) => isInputError(e) && message.test(e.message), `${kind} ${JSON.stringify(flags)}`)),
    ]);
  } finally {
    await rejected.close();
  }
  // BullMQ numbers the jobs of a queue from its id key: never created, no job was ever added.
  assert.equal(redis.command('EXISTS', 'bull:rejected:id'), '0');
});

test('an input over the size limit is a RangeError at submit, not a truncation', { timeout: TEST_TIMEOUT_MS }, async () => {
  const small = await createQueueClient({ connection: redis.url, maxBytes: 200 });
  try {
    await assert.rejects(small.submit('sample', JSON.stringify(SET_MODEL), { flags: { samples: 10 } }), (e) => isInputError(e) && /at most 200 bytes/.test(e.message));
  } finally {
    await small.close();
  }
});

test('cancel reaches the running worker: the job completes with its samples so far (stopped: aborted); progress arrives', { timeout: TEST_TIMEOUT_MS }, async () => {
  // About 10 s of sweeps (thinned) for 100000 samples: cancelled after its first progress, at about 1 s.
  const samples = 100_000;
  const job = await client.submit('sample', JSON.stringify(SET_MODEL), { flags: { samples, chains: 8, thin: 2000 } });
  const progressed = new Promise<number>((resolve) => job.on('progress', (p) => resolve(p.done ?? 0)));
  const result = job.result();
  assert.ok((await progressed) > 0, 'progress reports samples done');
  await job.cancel();
  const json = (await result).json as { produced: number; stopped: string };
  assert.equal(json.stopped, 'aborted');
  assert.ok(json.produced > 0 && json.produced < samples, `produced ${json.produced}`);
});
