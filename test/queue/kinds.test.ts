/**
 * The minimize and train kinds against a real Redis and a real `ebm worker`: `ebm submit KIND ... --wait --json`
 * prints the local command's JSON for the same seed (fixed work: --rounds, --epochs), train's files travel
 * with the job, and bad input exits 2 before anything is queued.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ebm, startWorker, TEST_TIMEOUT_MS, useQueue } from './harness.ts';
import { modelFolder } from './models.ts';

const files = modelFolder();
const q = useQueue(() => rmSync(files.dir, { recursive: true, force: true }));
const data = (f: string) => fileURLToPath(new URL(`../../data/${f}`, import.meta.url));

/** The JSON without what differs between two runs of the same work: wall-clock seconds. */
function withoutSeconds(json: Record<string, unknown>): Record<string, unknown> {
  const { seconds: _s, secondsToBest: _b, history, ...rest } = json;
  return { ...rest, ...(Array.isArray(history) && { history: history.map(({ seconds: _e, elapsed: _l, ...h }: Record<string, unknown>) => h) }) };
}

async function sameAsLocal(args: string[]): Promise<Record<string, unknown>> {
  const local = await ebm([...args, '--json']);
  assert.equal(local.code, 0, local.stderr);
  const queued = await ebm(['submit', ...args, '--redis', q.redis.url, '--wait', '--json']);
  assert.equal(queued.code, 0, queued.stderr);
  const json = JSON.parse(queued.stdout) as Record<string, unknown>;
  assert.deepEqual(withoutSeconds(json), withoutSeconds(JSON.parse(local.stdout)), args.join(' '));
  return json;
}

test('submit minimize --wait --json: the JSON of ebm minimize for the same seed (sets and permutations)', { timeout: TEST_TIMEOUT_MS }, async () => {
  q.running.push(await startWorker(q.redis, ['--lock', '5']));
  const set = await sameAsLocal(['minimize', files.set, '--rounds', '300', '--seed', '5']);
  assert.equal(set.stopped, 'done');
  assert.ok(Math.abs((set.energy as number) + 2) < 1e-9, `energy ${set.energy}: the minimum of the test model is -2 (by enumeration of its 2^10 states)`);
  // Two ladders over two threads on the worker, and the tabu walks of hybrid.
  const perm = await sameAsLocal(['minimize', files.perm, '--rounds', '200', '--seed', '2', '--chains', '2', '--workers', '2']);
  assert.deepEqual(perm.state, [0, 1, 2, 3, 4]);
  assert.equal(perm.energy, 0);
});

test('submit train --wait --json: the JSON of ebm train, its ARFF and XML files sent with the job', { timeout: TEST_TIMEOUT_MS }, async () => {
  const args = ['train', 'multilabel', '--train', data('emotions-train.arff'), '--test', data('emotions-test.arff'), '--xml', data('emotions.xml'), '--epochs', '2', '--hidden', '16', '--seed', '3'];
  const json = await sameAsLocal(args);
  assert.equal((json.history as unknown[]).length, 2);
  assert.equal(json.train_rows, 391);
});

test('submit minimize and train: bad input exits 2 with the local message, nothing queued', { timeout: TEST_TIMEOUT_MS }, async () => {
  const before = q.redis.command('DBSIZE');
  const cases: [string[], RegExp][] = [
    [['minimize', files.set, '--method', 'gibbs'], /method/],
    [['minimize', files.set, '--rounds', '-1'], /--rounds/],
    [['train', 'multilabel', '--train', data('emotions-train.arff'), '--xml', data('emotions.xml')], /--test/],
    [['train', 'clustering', '--data', data('emotions.xml')], /multilabel or ranking/],
    [['train', 'ranking', '--data', data('emotions-train.arff')], /label-ranking|CSV|emotions-train/],
    [['train', 'multilabel', '--train', data('missing.arff'), '--test', data('emotions-test.arff'), '--labels', '6'], /Cannot read ARFF file/],
  ];
  for (const [args, message] of cases) {
    const r = await ebm(['submit', ...args, '--redis', q.redis.url]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  assert.equal(q.redis.command('DBSIZE'), before, 'nothing was queued');
});
